// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Running a plan. The order of the operations is the plan's; this file
 * adds what only a run can know: which windows the kernel let us map, the
 * values read back, and where the core was left when something failed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

#include "m4fw/exec.h"
#include "m4fw/log.h"

/* How long a control register may take to show the state asked for. */
#define EXPECT_POLLS 50
#define EXPECT_POLL_NS (200L * 1000)

uint64_t exec_now_ns(void)
{
	struct timespec ts;

	/* The first read of the clock costs page faults (vvar) of its own. */
	if (!log_level_enabled(LOG_ACCESS))
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int exec_prepare(struct exec *x, const struct plan *p, struct mem *m)
{
	memset(x, 0, sizeof(*x));
	x->plan = p;
	x->mem = m;
	x->window_mapped = calloc(p->n_windows ? p->n_windows : 1,
				  sizeof(*x->window_mapped));
	x->verified_early = calloc(p->n_ops ? p->n_ops : 1,
				   sizeof(*x->verified_early));
	if (!x->window_mapped || !x->verified_early) {
		exec_release(x);
		log_error("out of memory");
		return -ENOMEM;
	}
	for (size_t i = 0; i < p->n_windows; i++) {
		const struct plan_window *w = &p->windows[i];
		int ret = mem_map(m, w->addr, w->len);

		if (ret == 0) {
			x->window_mapped[i] = true;
			continue;
		}
		if (w->optional) {
			log_warn("cannot map 0x%08llx (%s) from %s: %s%s; skipped, assuming the %s clock is on",
				 (unsigned long long)w->addr, w->name, m->path,
				 strerror(-ret),
				 mem_errno_hint(-ret, m->is_device),
				 p->soc->core_short);
			continue;
		}
		/*
		 * iomem=relaxed lets a driver's memory be mapped, never the
		 * kernel's own RAM: DDR for the M core must be carved out.
		 */
		log_error("cannot map 0x%08llx (%s) from %s: %s%s",
			  (unsigned long long)w->addr, w->name, m->path,
			  strerror(-ret),
			  ret == -EPERM && m->is_device && w->in_ddr ?
			  " (kernel built with CONFIG_STRICT_DEVMEM? DDR that Linux uses as System RAM is never mapped: reserve the firmware's DDR with a reserved-memory node with no-map)" :
			  mem_errno_hint(-ret, m->is_device));
		return ret;
	}
	return 0;
}

void exec_release(struct exec *x)
{
	free(x->window_mapped);
	free(x->verified_early);
	x->window_mapped = NULL;
	x->verified_early = NULL;
}

/* An optional op runs only if every window holding its registers mapped. */
static bool op_is_mapped(const struct exec *x, const struct plan_op *op)
{
	const struct plan *p = x->plan;

	for (size_t i = 0; i < p->n_windows; i++) {
		const struct plan_window *w = &p->windows[i];
		bool has_addr = op->addr >= w->addr &&
				op->addr < w->addr + w->len;
		bool has_cond = op->if_mask && op->if_addr >= w->addr &&
				op->if_addr < w->addr + w->len;

		if ((has_addr || has_cond) && !x->window_mapped[i])
			return false;
	}
	return true;
}

static int update32(struct mem *m, uint32_t addr, uint32_t mask,
		    uint32_t value)
{
	uint32_t old;
	int ret = mem_read32(m, addr, &old);

	if (ret)
		return ret;
	return mem_write32(m, addr, (old & ~mask) | (value & mask));
}

static void short_sleep(long ns)
{
	struct timespec ts = { 0, ns };

	nanosleep(&ts, NULL);
}

/*
 * Where the core was left, for the end of an error line. A hold that was
 * written but not yet confirmed is read back now, to tell the truth.
 */
static const char *core_state_suffix(struct exec *x, bool wrote)
{
	uint32_t v;

	if (x->hold_written && !x->core_held &&
	    mem_read32(x->mem, x->plan->soc->held_reg, &v) == 0 &&
	    (v & x->plan->soc->held_mask))
		x->core_held = true;
	if (x->core_held)
		return "; core left held in reset";
	if (x->hold_written)
		return "; the hold did not take effect: the core may still run (check with status)";
	return wrote ? "" : "; nothing was written";
}

static int run_expect(struct exec *x, const struct plan_op *op, char *why,
		      size_t size)
{
	uint32_t v = 0;
	int ret;

	for (int i = 0; i < EXPECT_POLLS; i++) {
		ret = mem_read32(x->mem, op->addr, &v);
		if (ret)
			return ret;
		if ((v & op->mask) == op->value)
			return 0;
		short_sleep(EXPECT_POLL_NS);
	}
	snprintf(why, size,
		 "%s: not reached: 0x%08x reads 0x%08x, expected 0x%08x under mask 0x%08x",
		 op->note, op->addr, v, op->value, op->mask);
	return -ETIMEDOUT;
}

static bool writes_into(const struct plan_op *op, uint64_t addr,
			uint64_t len)
{
	uint64_t n;

	switch (op->kind) {
	case PLAN_UPDATE32:
	case PLAN_WRITE32:
		n = 4;
		break;
	case PLAN_COPY:
	case PLAN_FILL:
		n = op->len;
		break;
	default:
		return false;
	}
	return op->addr < addr + len && addr < op->addr + n;
}

/*
 * The VERIFY that reads back what ops[@i] (a copy or fill) writes, when
 * no operation between the two writes into those bytes: then comparing
 * right after the copy sees what the VERIFY would. Else -1.
 */
static ssize_t fused_verify(const struct plan *p, size_t i)
{
	const struct plan_op *c = &p->ops[i];

	for (size_t j = i + 1; j < p->n_ops; j++) {
		const struct plan_op *v = &p->ops[j];

		if (v->kind == PLAN_VERIFY && v->addr == c->addr &&
		    v->len == c->len && v->data == c->data &&
		    v->optional == c->optional)
			return (ssize_t)j;
		if (writes_into(v, c->addr, c->len))
			return -1;
	}
	return -1;
}

static int verify_failed(struct exec *x, const struct plan_op *verify,
			 uint64_t bad, char *why, size_t size)
{
	uint32_t got = 0;

	mem_read32(x->mem, bad & ~UINT64_C(3), &got);
	snprintf(why, size,
		 "read-back mismatch at 0x%08llx (%s): memory reads 0x%08x there",
		 (unsigned long long)bad, verify->note, got);
	return -EIO;
}

static int run_verify(struct exec *x, const struct plan_op *op, char *why,
		      size_t size)
{
	uint64_t bad = op->addr;
	int ret = mem_verify_block(x->mem, op->addr, op->data, op->len, &bad);

	if (ret != -EIO)
		return ret;
	return verify_failed(x, op, bad, why, size);
}

static void log_op(const struct plan_op *op)
{
	char line[256];

	/* Formatting every operation costs more than a small load's copy. */
	if (!log_level_enabled(LOG_ACCESS))
		return;
	plan_format_op(op, line, sizeof(line));
	log_access("%s", line);
}

/* A copy or fill and, at once, the VERIFY of the same bytes. */
static int run_fused(struct exec *x, const struct plan_op *op,
		     const struct plan_op *verify, char *why, size_t size)
{
	uint64_t bad = op->addr;
	int ret;

	log_op(verify);
	ret = mem_write_verify_block(x->mem, op->addr, op->data, op->len,
				     &bad);
	if (ret != -EIO)
		return ret;
	return verify_failed(x, verify, bad, why, size);
}

static int run_op(struct exec *x, const struct plan_op *op, char *why,
		  size_t size)
{
	struct mem *m = x->mem;
	uint32_t v;
	int ret;

	switch (op->kind) {
	case PLAN_UPDATE32:
		if (op->if_mask) {
			ret = mem_read32(m, op->if_addr, &v);
			if (ret)
				return ret;
			if ((v & op->if_mask) != op->if_value) {
				log_access("skip    (0x%08x reads 0x%08x)",
					   op->if_addr, v);
				return 0;
			}
		}
		return update32(m, op->addr, op->mask, op->value);
	case PLAN_WRITE32:
		return mem_write32(m, op->addr, op->value);
	case PLAN_COPY:
		return mem_write_block(m, op->addr, op->data, op->len);
	case PLAN_FILL:
		return mem_write_block(m, op->addr, NULL, op->len);
	case PLAN_VERIFY:
		return run_verify(x, op, why, size);
	case PLAN_BARRIER:
		mem_barrier(m);
		return 0;
	case PLAN_EXPECT:
		return run_expect(x, op, why, size);
	}
	return -EINVAL;
}

/* After a failure once the core had been released: hold it again. */
static void hold_again(struct exec *x)
{
	const struct soc_recipe *stop = &x->plan->soc->stop;
	uint32_t v;

	for (size_t i = 0; i < stop->n_steps; i++) {
		const struct soc_reg_update *u = &stop->steps[i];

		if (update32(x->mem, u->addr, u->mask, u->value))
			return;
	}
	x->hold_written = true;
	x->core_released = false;
	x->core_held = mem_read32(x->mem, x->plan->soc->held_reg, &v) == 0 &&
		       (v & x->plan->soc->held_mask);
}

int exec_run(struct exec *x)
{
	const struct plan *p = x->plan;
	bool wrote = false;
	char why[256];

	for (size_t i = 0; i < p->n_ops; i++) {
		const struct plan_op *op = &p->ops[i];
		int ret;

		/* Before the release a signal stops the run, with the core held. */
		if (x->interrupted && *x->interrupted && !x->core_released) {
			log_error("interrupted%s",
				  core_state_suffix(x, wrote));
			return -EINTR;
		}
		if (op->optional && !op_is_mapped(x, op))
			continue;

		/* Done with its copy: said there, nothing left to do. */
		if (x->verified_early[i])
			continue;
		log_op(op);
		why[0] = '\0';
		if (op->kind == PLAN_COPY || op->kind == PLAN_FILL ||
		    op->kind == PLAN_VERIFY) {
			uint64_t t0 = exec_now_ns();
			ssize_t v = op->kind == PLAN_VERIFY ? -1 :
				    fused_verify(p, i);

			if (v < 0) {
				ret = run_op(x, op, why, sizeof(why));
			} else {
				ret = run_fused(x, op, &p->ops[v], why,
						sizeof(why));
				x->verified_early[v] = true;
			}
			x->block_ns += exec_now_ns() - t0;
		} else {
			ret = run_op(x, op, why, sizeof(why));
		}
		if (ret) {
			if (!why[0])
				snprintf(why, sizeof(why),
					 "%s at 0x%08x failed: %s", op->note,
					 op->addr, strerror(-ret));
			if (x->core_released)
				hold_again(x);
			log_error("%s%s", why, core_state_suffix(x, wrote));
			return ret;
		}
		if (op->kind != PLAN_VERIFY && op->kind != PLAN_EXPECT &&
		    op->kind != PLAN_BARRIER)
			wrote = true;
		if (op->core == PLAN_CORE_HOLDS)
			x->hold_written = true;
		if (op->core == PLAN_CORE_HELD)
			x->core_held = true;
		if (op->core == PLAN_CORE_RELEASES) {
			x->core_held = false;
			x->core_released = true;
		}
		if (op->announce)
			log_notice("%s (0x%08x bits 0x%08x set to 0x%08x)",
				   op->note, op->addr, op->mask, op->value);
	}
	return 0;
}
