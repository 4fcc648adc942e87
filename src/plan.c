// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Building plans: every access a command makes, decided before the first.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "m4fw/iomem.h"
#include "m4fw/plan.h"
#include "plan_priv.h"

#define BOOT_VECTOR_BYTES 8

void plan_init(struct plan *p, const struct soc_desc *soc)
{
	memset(p, 0, sizeof(*p));
	p->soc = soc;
}

void plan_free(struct plan *p)
{
	free(p->ops);
	free(p->windows);
	free(p->problems);
	free(p->placements);
	memset(p, 0, sizeof(*p));
}

/* Grow *@array of @size-byte elements so that one more fits. */
static int grow(void **array, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *na;

	if (n < *cap)
		return 0;
	ncap = *cap ? 2 * *cap : 16;
	na = realloc(*array, ncap * size);
	if (!na)
		return -ENOMEM;
	*array = na;
	*cap = ncap;
	return 0;
}

struct plan_op *plan_add_op(struct plan *p, enum plan_op_kind kind,
			      uint32_t addr)
{
	struct plan_op *op;

	if (grow((void **)&p->ops, &p->cap_ops, p->n_ops, sizeof(*op)))
		return NULL;
	op = &p->ops[p->n_ops++];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->addr = addr;
	return op;
}

void plan_set_note(struct plan_op *op, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(op->note, sizeof(op->note), fmt, ap);
	va_end(ap);
}

/*
 * Only the first PLAN_MAX_PROBLEMS are kept word for word: a crafted image
 * can have one per segment. The rest are counted, and plan_close_problems()
 * sums them up in one last entry that blocks as they would have.
 */
void plan_add_problem(struct plan *p, enum plan_problem_kind kind,
		      bool overridden, const char *fmt, ...)
{
	struct plan_problem *pr;
	va_list ap;

	if (p->n_problems >= PLAN_MAX_PROBLEMS) {
		p->n_more++;
		if (!overridden) {
			p->more_block = true;
			p->more_image |= kind == PROBLEM_IMAGE;
		}
		return;
	}
	if (grow((void **)&p->problems, &p->cap_problems, p->n_problems,
		 sizeof(*pr)))
		return;		/* out of memory: plan_load() reports it */
	pr = &p->problems[p->n_problems++];
	pr->kind = kind;
	pr->overridden = overridden;
	va_start(ap, fmt);
	vsnprintf(pr->msg, sizeof(pr->msg), fmt, ap);
	va_end(ap);
}

void plan_close_problems(struct plan *p)
{
	struct plan_problem *pr;

	if (!p->n_more)
		return;
	if (grow((void **)&p->problems, &p->cap_problems, p->n_problems,
		 sizeof(*pr)))
		return;
	pr = &p->problems[p->n_problems++];
	pr->kind = p->more_image ? PROBLEM_IMAGE : PROBLEM_SAFETY;
	pr->overridden = !p->more_block;
	snprintf(pr->msg, sizeof(pr->msg),
		 "... and %zu more problems (only the first %u are shown)",
		 p->n_more, PLAN_MAX_PROBLEMS);
	p->n_more = 0;
}

bool plan_blocked(const struct plan *p)
{
	if (p->more_block)
		return true;
	for (size_t i = 0; i < p->n_problems; i++)
		if (!p->problems[i].overridden)
			return true;
	return false;
}

enum plan_problem_kind plan_exit_kind(const struct plan *p)
{
	if (p->more_image)
		return PROBLEM_IMAGE;
	for (size_t i = 0; i < p->n_problems; i++)
		if (!p->problems[i].overridden &&
		    p->problems[i].kind == PROBLEM_IMAGE)
			return PROBLEM_IMAGE;
	return PROBLEM_SAFETY;
}

/* ---- register recipes ---------------------------------------------- */

static int add_update(struct plan *p, const struct soc_reg_update *u,
		      enum plan_core_effect core, bool optional)
{
	struct plan_op *op = plan_add_op(p, PLAN_UPDATE32, u->addr);

	if (!op)
		return -ENOMEM;
	op->mask = u->mask;
	op->value = u->value;
	op->if_addr = u->if_addr;
	op->if_mask = u->if_mask;
	op->if_value = u->if_value;
	op->core = core;
	op->optional = optional;
	plan_set_note(op, "%s: %s", u->reg_name, u->what);
	return 0;
}

int plan_add_recipe(struct plan *p, const struct soc_recipe *r,
		      enum plan_core_effect core, bool optional)
{
	for (size_t i = 0; i < r->n_steps; i++) {
		/* Holding takes effect with the first step of the recipe. */
		int ret = add_update(p, &r->steps[i],
				     i == 0 ? core : PLAN_CORE_NONE, optional);

		if (ret)
			return ret;
	}
	return 0;
}

static const char *held_reg_name(const struct soc_desc *soc)
{
	for (size_t i = 0; i < soc->stop.n_steps; i++)
		if (soc->stop.steps[i].addr == soc->held_reg)
			return soc->stop.steps[i].reg_name;
	return "control";
}

static const char *enable_reg_name(const struct soc_desc *soc)
{
	for (size_t i = 0; i < soc->stop.n_steps; i++)
		if (soc->stop.steps[i].addr == soc->enable_reg)
			return soc->stop.steps[i].reg_name;
	return "control";
}

static int add_expect(struct plan *p, uint32_t addr, uint32_t mask,
		      uint32_t value, const char *reg, const char *what)
{
	struct plan_op *op = plan_add_op(p, PLAN_EXPECT, addr);

	if (!op)
		return -ENOMEM;
	op->mask = mask;
	op->value = value;
	plan_set_note(op, "%s: %s %s", reg, p->soc->core_short, what);
	return 0;
}

int plan_add_expect_held(struct plan *p)
{
	const struct soc_desc *soc = p->soc;
	int ret = add_expect(p, soc->held_reg, soc->held_mask, soc->held_mask,
			     held_reg_name(soc), "held in reset");

	if (!ret)
		p->ops[p->n_ops - 1].core = PLAN_CORE_HELD;
	return ret;
}

static int add_expect_running(struct plan *p)
{
	const struct soc_desc *soc = p->soc;
	int ret;

	ret = add_expect(p, soc->held_reg, soc->held_mask, 0,
			 held_reg_name(soc), "out of reset");
	if (ret || !soc->enable_mask)
		return ret;
	return add_expect(p, soc->enable_reg, soc->enable_mask,
			  soc->enable_mask, enable_reg_name(soc), "enabled");
}

int plan_add_barrier(struct plan *p)
{
	struct plan_op *op = plan_add_op(p, PLAN_BARRIER, 0);

	if (!op)
		return -ENOMEM;
	plan_set_note(op, "every write lands before the core is released");
	return 0;
}

int plan_add_clock(struct plan *p)
{
	return plan_add_recipe(p, &p->soc->clock, PLAN_CORE_NONE,
			  p->soc->clock_may_be_unmappable);
}

int plan_add_start(struct plan *p)
{
	int ret = plan_add_recipe(p, &p->soc->start, PLAN_CORE_RELEASES, false);

	return ret ? ret : add_expect_running(p);
}

/* ---- windows -------------------------------------------------------- */

static int add_window(struct plan *p, uint64_t addr, uint64_t len,
		      bool optional, const char *name)
{
	const struct soc_region *row;
	struct plan_window *w;

	if (len == 0)
		len = 4;
	for (size_t i = 0; i < p->n_windows; i++) {
		w = &p->windows[i];
		/* Overlapping or touching windows of one kind become one. */
		if (w->optional == optional && addr <= w->addr + w->len &&
		    w->addr <= addr + len) {
			uint64_t end = addr + len > w->addr + w->len ?
				       addr + len : w->addr + w->len;

			if (addr < w->addr)
				w->addr = addr;
			w->len = end - w->addr;
			return 0;
		}
	}
	if (grow((void **)&p->windows, &p->cap_windows, p->n_windows,
		 sizeof(*w)))
		return -ENOMEM;
	w = &p->windows[p->n_windows++];
	w->addr = addr;
	w->len = len;
	w->optional = optional;
	row = soc_region_of_a(p->soc, (uint32_t)addr);
	w->in_ddr = row && row->kind == REGION_DDR;
	snprintf(w->name, sizeof(w->name), "%s", name);
	return 0;
}

/* The name before the ':' of an op's note: "SRC_M4RCR", "TCML". */
static void note_object(const struct plan_op *op, char *buf, size_t size)
{
	size_t n = strcspn(op->note, ": ");

	if (n >= size)
		n = size - 1;
	memcpy(buf, op->note, n);
	buf[n] = '\0';
}

static int collect_windows(struct plan *p)
{
	for (size_t i = 0; i < p->n_ops; i++) {
		const struct plan_op *op = &p->ops[i];
		const struct soc_region *row;
		char name[32];
		int ret = 0;

		/* Memory by its name in the map, registers by theirs. */
		row = op->kind == PLAN_UPDATE32 || op->kind == PLAN_EXPECT ?
		      NULL : soc_region_of_a(p->soc, op->addr);
		if (row)
			snprintf(name, sizeof(name), "%s", row->name);
		else
			note_object(op, name, sizeof(name));
		switch (op->kind) {
		case PLAN_UPDATE32:
			if (op->if_mask)
				ret = add_window(p, op->if_addr, 4,
						 op->optional, name);
			if (!ret)
				ret = add_window(p, op->addr, 4, op->optional,
						 name);
			break;
		case PLAN_WRITE32:
		case PLAN_EXPECT:
			ret = add_window(p, op->addr, 4, op->optional, name);
			break;
		case PLAN_COPY:
		case PLAN_FILL:
		case PLAN_VERIFY:
			ret = add_window(p, op->addr, op->len, false, name);
			break;
		case PLAN_BARRIER:
			break;
		}
		if (ret)
			return ret;
	}
	return 0;
}

/* ---- recipes as plans ----------------------------------------------- */

int plan_finish(struct plan *p, int ret)
{
	if (ret)
		return ret;
	return collect_windows(p);
}

int plan_add_hold(struct plan *p)
{
	int ret = plan_add_recipe(p, &p->soc->stop, PLAN_CORE_HOLDS, false);

	return ret ? ret : plan_add_expect_held(p);
}

/* Clock on, barrier, release, confirm: a start with nothing loaded. */
static int add_start_sequence(struct plan *p)
{
	int ret = plan_add_clock(p);

	if (!ret)
		ret = plan_add_barrier(p);
	return ret ? ret : plan_add_start(p);
}

int plan_stop(struct plan *p)
{
	return plan_finish(p, plan_add_hold(p));
}

int plan_start(struct plan *p)
{
	return plan_finish(p, add_start_sequence(p));
}

int plan_restart(struct plan *p)
{
	int ret = plan_add_hold(p);

	return plan_finish(p, ret ? ret : add_start_sequence(p));
}

int plan_kick(struct plan *p, uint16_t vqid)
{
	struct plan_op *op = plan_add_op(p, PLAN_WRITE32, p->soc->mu_atr1);

	if (!op)
		return -ENOMEM;
	op->value = (uint32_t)vqid << 16;
	plan_set_note(op, "MU_ATR1: kick virtqueue %u", vqid);
	return plan_finish(p, 0);
}

/* ---- formatting ----------------------------------------------------- */

void plan_format_op(const struct plan_op *op, char *buf, size_t size)
{
	switch (op->kind) {
	case PLAN_UPDATE32:
		if (op->if_mask)
			snprintf(buf, size,
				 "write32 0x%08x 0x%08x  %s (mask 0x%08x, if [0x%08x] & 0x%08x == 0x%08x)",
				 op->addr, op->value, op->note, op->mask,
				 op->if_addr, op->if_mask, op->if_value);
		else
			snprintf(buf, size,
				 "write32 0x%08x 0x%08x  %s (mask 0x%08x)",
				 op->addr, op->value, op->note, op->mask);
		break;
	case PLAN_WRITE32:
		snprintf(buf, size, "write32 0x%08x 0x%08x  %s", op->addr,
			 op->value, op->note);
		break;
	case PLAN_COPY:
	case PLAN_FILL:
	case PLAN_VERIFY: {
		char len[16];

		snprintf(len, sizeof(len), "0x%04x", op->len);
		snprintf(buf, size, "%-7s 0x%08x %-10s  %s",
			 op->kind == PLAN_COPY ? "copy" :
			 op->kind == PLAN_FILL ? "fill" : "verify",
			 op->addr, len, op->note);
		break;
	}
	case PLAN_BARRIER:
		snprintf(buf, size, "%-7s %-10s %-10s  %s", "barrier", "", "",
			 op->note);
		break;
	case PLAN_EXPECT:
		snprintf(buf, size, "expect  0x%08x 0x%08x  %s (mask 0x%08x)",
			 op->addr, op->value, op->note, op->mask);
		break;
	}
}

void plan_print(const struct plan *p, FILE *out)
{
	char line[256];

	for (size_t i = 0; i < p->n_ops; i++) {
		plan_format_op(&p->ops[i], line, sizeof(line));
		fprintf(out, "%s\n", line);
	}
}
