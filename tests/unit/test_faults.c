// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Hardware that fails, everywhere, on every SoC: plans from plan_load()
 * run by the executor on the fake backend, with a fault injected at each
 * access in turn (a read, a write, a read-back, a mapping, a signal).
 * test_exec.c checks the interesting cases one by one on the i.MX7D; this
 * file sweeps every position on every SoC of soc_table and checks the
 * promise after each run, whatever the fault:
 *
 *  - no access outside the SoC's memories and registers (the fake's
 *    violations stay 0);
 *  - the core is released only after the whole image is written and read
 *    back, and after the barrier;
 *  - a run that fails before the release and has written anything of the
 *    image leaves the core held in reset;
 *  - the executor never says the core is held when it is not;
 *  - a state that is never reached ends the run within a bounded time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "m4fw/exec.h"
#include "m4fw/image.h"
#include "m4fw/log.h"
#include "m4fw/mem.h"
#include "m4fw/plan.h"
#include "m4fw/soc.h"
#include "mem_fake.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define REGS_NAME "registers"

/* One SoC, one image, one fake board. */
struct fx {
	const struct soc_desc *soc;
	struct image img;
	struct image_segment seg;
	uint8_t data[0x200];
	struct plan plan;
	bool planned;
	struct plan_options opt;
	struct mem_fake *f;
	struct mem m;
	struct exec x;
	volatile sig_atomic_t intr;
	/* For the hooks. */
	size_t target;		/* fail (or interrupt at) this access ... */
	size_t seen;		/* ... counting these */
	unsigned int ops;	/* MEM_FAKE_OP_BIT() set the hook counts */
	int err;
	bool released;		/* the release has been stored */
	bool copying;		/* a block of the image has been written */
	bool intr_early;	/* the signal came before the first block */
};

static char image_path[] = "fw.bin";

static int fx_setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));

	if (!x)
		return -1;
	*state = x;
	return 0;
}

static void fx_drop_fake(struct fx *x)
{
	exec_release(&x->x);
	memset(&x->x, 0, sizeof(x->x));
	if (x->m.ops)
		mem_close(&x->m);
	mem_fake_free(x->f);
	x->f = NULL;
}

static int fx_teardown(void **state)
{
	struct fx *x = *state;

	fx_drop_fake(x);
	if (x->planned)
		plan_free(&x->plan);
	free(x);
	return 0;
}

/* ---- the image ----------------------------------------------------------- */

static void put_le32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

/*
 * In the row of the boot alias: code and a zero fill at M +0x100 (the
 * loader then writes SP and PC at M 0), or, @covers_vector, an image that
 * starts at M 0 with its own vector table.
 */
static void build_image(struct fx *x, bool covers_vector)
{
	const struct soc_region *row = &x->soc->regions[0];
	uint32_t at = covers_vector ? 0 : 0x100;
	uint32_t sp = row->m_addr + row->size, pc = row->m_addr + at + 0x41;

	for (size_t i = 0; i < sizeof(x->data); i++)
		x->data[i] = (uint8_t)(0xA5 ^ (i * 37));
	put_le32(x->data, sp);
	put_le32(x->data + 4, pc);
	memset(&x->img, 0, sizeof(x->img));
	memset(&x->seg, 0, sizeof(x->seg));
	x->seg.index = 1;
	x->seg.paddr = row->m_addr + at;
	x->seg.vaddr = x->seg.paddr;
	x->seg.filesz = 0x100;
	x->seg.memsz = 0x183;
	x->seg.data = x->data;
	x->seg.zero_fill = true;
	x->img.path = image_path;
	x->img.format = IMAGE_ELF;
	x->img.segs = &x->seg;
	x->img.n_segs = 1;
	x->img.has_vector = true;
	x->img.sp = sp;
	x->img.pc = pc;
}

/* ---- the board ----------------------------------------------------------- */

struct range {
	uint64_t addr;
	uint64_t len;
	const char *name;
};

struct ranges {
	struct range r[64];
	size_t n;
};

static void add_range(struct ranges *rs, uint64_t addr, uint64_t len,
		      const char *name)
{
	assert_true(rs->n < ARRAY_SIZE(rs->r));
	rs->r[rs->n].addr = addr;
	rs->r[rs->n].len = len;
	rs->r[rs->n].name = name;
	rs->n++;
}

static void add_reg(struct ranges *rs, uint32_t addr)
{
	if (addr)
		add_range(rs, addr & ~UINT32_C(0xFFF), 0x1000, REGS_NAME);
}

static void add_recipe(struct ranges *rs, const struct soc_recipe *rc)
{
	for (size_t i = 0; i < rc->n_steps; i++) {
		add_reg(rs, rc->steps[i].addr);
		if (rc->steps[i].if_mask)
			add_reg(rs, rc->steps[i].if_addr);
	}
}

static int cmp_range(const void *a, const void *b)
{
	const struct range *ra = a, *rb = b;

	return ra->addr < rb->addr ? -1 : ra->addr > rb->addr;
}

/*
 * What the SoC has: a page around each register its recipes use, and its
 * on-chip memories (aliases of one memory become one region). DDR and
 * flash are absent: an access there is a violation.
 */
static void declare_soc(struct mem_fake *f, const struct soc_desc *s)
{
	struct ranges rs = { .n = 0 };
	size_t i;

	add_recipe(&rs, &s->stop);
	add_recipe(&rs, &s->start);
	add_recipe(&rs, &s->clock);
	add_reg(&rs, s->held_reg);
	add_reg(&rs, s->enable_reg);
	add_reg(&rs, s->mu_atr1);
	for (i = 0; i < s->n_regions; i++) {
		const struct soc_region *row = &s->regions[i];

		if (row->enable)
			add_reg(&rs, row->enable->addr);
		if (row->kind != REGION_XIP && row->kind != REGION_DDR)
			add_range(&rs, row->a_addr, row->size, row->name);
	}
	qsort(rs.r, rs.n, sizeof(rs.r[0]), cmp_range);
	for (i = 0; i < rs.n;) {
		uint64_t start = rs.r[i].addr, end = start + rs.r[i].len;
		const char *name = rs.r[i].name;

		for (i++; i < rs.n && rs.r[i].addr <= end; i++)
			if (rs.r[i].addr + rs.r[i].len > end)
				end = rs.r[i].addr + rs.r[i].len;
		assert_int_equal(mem_fake_add_region(f, start, end - start,
						     name), 0);
	}
}

/* A new board: the core running, its ENABLE set, memory full of junk. */
static void fx_fake(struct fx *x)
{
	const struct soc_desc *s = x->soc;

	fx_drop_fake(x);
	x->f = mem_fake_new();
	assert_non_null(x->f);
	declare_soc(x->f, s);
	mem_fake_bind(x->f, &x->m);
	mem_fake_poke32(x->f, s->held_reg,
			mem_fake_peek32(x->f, s->held_reg) & ~s->held_mask);
	mem_fake_poke32(x->f, s->enable_reg,
			mem_fake_peek32(x->f, s->enable_reg) | s->enable_mask);
	for (size_t i = 0; i < x->plan.n_placements; i++) {
		const struct plan_placement *pl = &x->plan.placements[i];
		uint8_t *mem = mem_fake_bytes(x->f, pl->a_addr,
					      pl->copy_len + pl->zero_len);

		assert_non_null(mem);
		memset(mem, 0xEE, pl->copy_len + pl->zero_len);
	}
	x->intr = 0;
	x->seen = 0;
	x->released = false;
	x->copying = false;
	x->intr_early = false;
}

static void fx_plan(struct fx *x, const struct soc_desc *soc,
		    bool covers_vector)
{
	x->soc = soc;
	build_image(x, covers_vector);
	if (x->planned)
		plan_free(&x->plan);
	plan_init(&x->plan, soc);
	x->planned = true;
	assert_int_equal(plan_load(&x->plan, &x->img, &x->opt), 0);
	fx_fake(x);
}

/* Map and run; mapping must succeed. */
static int fx_go(struct fx *x)
{
	int ret = exec_prepare(&x->x, &x->plan, &x->m);

	mem_fake_assert(x->f, ret == 0);
	x->x.interrupted = &x->intr;
	return exec_run(&x->x);
}

/* ---- the promise ---------------------------------------------------------- */

static bool is_stored_image_write(const struct mem_fake_access *a,
				  const void *arg)
{
	(void)arg;
	return (a->op == MEM_FAKE_WRITE_BLOCK || a->op == MEM_FAKE_WRITE32) &&
	       a->result == 0 && !a->dropped && a->region &&
	       strcmp(a->region, REGS_NAME) != 0;
}

/* A write of the release value that the hardware took. */
static bool is_release(const struct mem_fake_access *a, const void *arg)
{
	const struct soc_reg_update *u = arg;

	return a->op == MEM_FAKE_WRITE32 && a->addr == u->addr &&
	       a->result == 0 && !a->dropped && (a->value & u->mask) == u->value;
}

static bool is_barrier(const struct mem_fake_access *a, const void *arg)
{
	(void)arg;
	return a->op == MEM_FAKE_BARRIER;
}

static bool held_now(const struct fx *x)
{
	return (mem_fake_peek32(x->f, x->soc->held_reg) & x->soc->held_mask) !=
	       0;
}

/* The image, its zero fill and the boot vector, as the plan says. */
static bool image_complete(const struct fx *x)
{
	const struct plan *p = &x->plan;

	for (size_t i = 0; i < p->n_placements; i++) {
		const struct plan_placement *pl = &p->placements[i];
		const uint8_t *mem = mem_fake_bytes(x->f, pl->a_addr,
						    pl->copy_len + pl->zero_len);

		if (memcmp(mem, pl->seg->data, pl->copy_len) != 0)
			return false;
		for (uint32_t k = 0; k < pl->zero_len; k++)
			if (mem[pl->copy_len + k])
				return false;
	}
	return mem_fake_peek32(x->f, x->soc->boot_alias_a) == p->sp &&
	       mem_fake_peek32(x->f, x->soc->boot_alias_a + 4) == p->pc;
}

/* Whatever happened in the run that returned @ret, the promise holds. */
static void check_promise(const struct fx *x, int ret)
{
	const struct soc_reg_update *rel = &x->soc->start.steps[0];
	size_t first_rel = mem_fake_log_find(x->f, 0, is_release, rel);
	size_t last_img = mem_fake_log_find_last(x->f, is_stored_image_write,
						 NULL);
	size_t barrier = mem_fake_log_find(x->f, 0, is_barrier, NULL);

	mem_fake_assert(x->f, mem_fake_violations(x->f) == 0);
	/* Never claims a hold that is not there. */
	mem_fake_assert(x->f, !x->x.core_held || held_now(x));
	if (first_rel != MEM_FAKE_NONE) {
		/* Released only onto a whole, read-back image. */
		mem_fake_assert(x->f, image_complete(x));
		mem_fake_assert(x->f, last_img != MEM_FAKE_NONE &&
				      last_img < first_rel);
		mem_fake_assert(x->f, barrier != MEM_FAKE_NONE &&
				      barrier < first_rel);
	}
	if (ret == 0) {
		mem_fake_assert(x->f, image_complete(x));
		mem_fake_assert(x->f, x->opt.no_start ?
				first_rel == MEM_FAKE_NONE && held_now(x) :
				first_rel != MEM_FAKE_NONE && !held_now(x));
		return;
	}
	/* A failure: anything of the image written means held in reset. */
	if (last_img != MEM_FAKE_NONE && first_rel == MEM_FAKE_NONE)
		mem_fake_assert(x->f, held_now(x));
	if (first_rel == MEM_FAKE_NONE)
		mem_fake_assert(x->f, !x->x.core_released);
}

/* ---- hooks ---------------------------------------------------------------- */

/* Fail the x->target-th access among x->ops (counting from 0) with x->err. */
static int fail_nth(struct mem_fake *f, struct mem_fake_event *ev, void *arg)
{
	struct fx *x = arg;

	(void)f;
	if (!(x->ops & MEM_FAKE_OP_BIT(ev->op)))
		return 0;
	return x->seen++ == x->target ? x->err : 0;
}

/* The signal handler runs at the x->target-th access of any kind. */
static int interrupt_nth(struct mem_fake *f, struct mem_fake_event *ev,
			 void *arg)
{
	struct fx *x = arg;

	(void)f;
	if (x->seen++ == x->target) {
		x->intr = 1;
		x->intr_early = !x->copying;
	}
	if (ev->op == MEM_FAKE_WRITE_BLOCK)
		x->copying = true;
	return 0;
}

/* After the release is stored: every read and every write fails. */
static int fail_after_release(struct mem_fake *f, struct mem_fake_event *ev,
			      void *arg)
{
	const struct soc_reg_update *rel;
	struct fx *x = arg;

	(void)f;
	rel = &x->soc->start.steps[0];
	if (x->released && (ev->op == MEM_FAKE_READ32 ||
			    ev->op == MEM_FAKE_WRITE32))
		return -EIO;
	if (ev->op == MEM_FAKE_WRITE32 && ev->addr == rel->addr &&
	    (ev->value & rel->mask) == rel->value)
		x->released = true;
	return 0;
}

/* How many accesses among @ops a clean run of the plan makes. */
static size_t count_clean(struct fx *x, unsigned int ops)
{
	struct mem_fake_match m = { .ops = ops };

	fx_fake(x);
	mem_fake_assert(x->f, fx_go(x) == 0);
	check_promise(x, 0);
	return mem_fake_log_count_matching(x->f, mem_fake_match, &m);
}

/* ---- the sweeps ------------------------------------------------------------ */

/*
 * @fn on every SoC, for both shapes of image, with and without
 * --no-start: x->soc, x->plan and a fresh board are set for it.
 */
static void for_each_case(struct fx *x, void (*fn)(struct fx *x))
{
	for (size_t k = 0; soc_table[k]; k++) {
		for (int shape = 0; shape < 2; shape++) {
			for (int ns = 0; ns < 2; ns++) {
				x->opt.no_start = ns;
				fx_plan(x, soc_table[k], shape);
				fn(x);
			}
		}
	}
}

static void sweep(struct fx *x, unsigned int ops, const int *errs,
		  size_t n_errs)
{
	size_t n = count_clean(x, ops);

	assert_true(n > 0);
	for (size_t e = 0; e < n_errs; e++) {
		for (size_t t = 0; t < n; t++) {
			int ret;

			fx_fake(x);
			x->ops = ops;
			x->target = t;
			x->err = errs[e];
			mem_fake_set_hook(x->f, fail_nth, x);
			ret = fx_go(x);
			mem_fake_assert(x->f, ret == errs[e]);
			check_promise(x, ret);
		}
	}
}

/* A read of a register or of memory fails, at each read in turn. */
static void read_faults(struct fx *x)
{
	static const int errs[] = { -EIO, -EFAULT };

	sweep(x, MEM_FAKE_OP_BIT(MEM_FAKE_READ32), errs, ARRAY_SIZE(errs));
}

static void test_read_fault_everywhere(void **state)
{
	for_each_case(*state, read_faults);
}

/* A bus fault at each write in turn, on every SoC (7D: test_exec.c). */
static void write_faults(struct fx *x)
{
	static const int errs[] = { -EIO };

	sweep(x, MEM_FAKE_WRITES, errs, ARRAY_SIZE(errs));
}

static void test_write_fault_everywhere(void **state)
{
	for_each_case(*state, write_faults);
}

/*
 * A read-back that fails in the backend, not by a mismatch (-EIO, which
 * by the mem_ops contract comes with the differing address, is a mismatch:
 * test_readback_mismatch_everywhere()).
 */
static void verify_faults(struct fx *x)
{
	static const int errs[] = { -EFAULT, -ENXIO };

	sweep(x, MEM_FAKE_OP_BIT(MEM_FAKE_VERIFY), errs, ARRAY_SIZE(errs));
}

static void test_verify_fault_everywhere(void **state)
{
	for_each_case(*state, verify_faults);
}

/* A write that does not stick, at each memory word the load writes. */
static void mismatches(struct fx *x)
{
	const struct plan *p = &x->plan;
	uint32_t words[4];
	size_t n = 0;

	/* The vector, the first and last word copied, a filled one. */
	words[n++] = x->soc->boot_alias_a + 4;
	words[n++] = p->placements[0].a_addr & ~3u;
	words[n++] = (p->placements[0].a_addr +
		      p->placements[0].copy_len - 1) & ~3u;
	words[n++] = (p->placements[0].a_addr +
		      p->placements[0].copy_len + 0x40) & ~3u;
	for (size_t i = 0; i < n; i++) {
		int ret;

		fx_fake(x);
		assert_int_equal(mem_fake_drop_write(x->f, words[i],
						     1), 0);
		ret = fx_go(x);
		mem_fake_assert(x->f, ret == -EIO);
		check_promise(x, ret);
		mem_fake_assert(x->f, held_now(x));
		mem_fake_assert(x->f, x->x.core_held);
	}
}

static void test_readback_mismatch_everywhere(void **state)
{
	for_each_case(*state, mismatches);
}

/* Each window of the plan refused in turn (STRICT_DEVMEM). */
static void refusals(struct fx *x)
{
	const struct plan *p = &x->plan;

	for (size_t w = 0; w < p->n_windows; w++) {
		struct mem_fake_match any = {
			.ops = MEM_FAKE_ACCESSES,
		};
		int ret;

		fx_fake(x);
		assert_int_equal(mem_fake_refuse_map(x->f,
				 p->windows[w].addr, -EPERM), 0);
		ret = exec_prepare(&x->x, p, &x->m);
		if (p->windows[w].optional) {
			/* The i.MX8M clock: skipped, the load goes on. */
			mem_fake_assert(x->f, ret == 0);
			x->x.interrupted = &x->intr;
			ret = exec_run(&x->x);
			mem_fake_assert(x->f, ret == 0);
			check_promise(x, ret);
			continue;
		}
		/* Refused before anything was read or written. */
		mem_fake_assert(x->f, ret == -EPERM);
		mem_fake_assert(x->f, mem_fake_log_count_matching(x->f,
				      mem_fake_match, &any) == 0);
		mem_fake_assert(x->f, !held_now(x));
		assert_int_equal(mem_fake_violations(x->f), 0);
	}
}

static void test_refuse_every_window(void **state)
{
	for_each_case(*state, refusals);
}

/* SIGINT/SIGTERM at each access in turn. */
static void interrupts(struct fx *x)
{
	size_t n = count_clean(x, 0);

	for (size_t t = 0; t <= n; t++) {
		int ret;

		fx_fake(x);
		x->target = t;
		mem_fake_set_hook(x->f, interrupt_nth, x);
		ret = fx_go(x);
		mem_fake_assert(x->f, ret == 0 || ret == -EINTR);
		/* Well before the release: the run stops there. */
		if (x->intr_early)
			mem_fake_assert(x->f, ret == -EINTR);
		check_promise(x, ret);
	}
}

static void test_interrupt_everywhere(void **state)
{
	for_each_case(*state, interrupts);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * The hold never takes, or the core never leaves reset: the run gives up
 * (never hangs) well within a second, with nothing of the image written
 * in the first case and the core held again in the second.
 */
static void test_state_never_reached(void **state)
{
	struct fx *x = *state;

	for (size_t k = 0; soc_table[k]; k++) {
		const struct soc_desc *s = soc_table[k];
		uint64_t t0;
		int ret;

		x->opt.no_start = false;
		fx_plan(x, s, false);
		assert_int_equal(mem_fake_stuck_bits(x->f, s->held_reg,
						     s->held_mask, 0), 0);
		t0 = now_ms();
		ret = fx_go(x);
		assert_true(now_ms() - t0 < 1000);
		mem_fake_assert(x->f, ret == -ETIMEDOUT);
		check_promise(x, ret);
		mem_fake_assert(x->f, mem_fake_log_find(x->f, 0,
				is_stored_image_write, NULL) == MEM_FAKE_NONE);
		assert_false(x->x.core_held);

		fx_fake(x);
		assert_int_equal(mem_fake_stuck_bits(x->f, s->held_reg,
						     s->held_mask,
						     s->held_mask), 0);
		t0 = now_ms();
		ret = fx_go(x);
		assert_true(now_ms() - t0 < 1000);
		mem_fake_assert(x->f, ret == -ETIMEDOUT);
		check_promise(x, ret);
		assert_true(x->x.core_held);
		assert_false(x->x.core_released);
	}
}

/*
 * After the release, the board stops answering: the confirmation fails
 * and so does holding the core again. The image was complete when it was
 * released; the executor must not claim the core is held.
 */
static void test_hold_again_fails(void **state)
{
	struct fx *x = *state;

	for (size_t k = 0; soc_table[k]; k++) {
		int ret;

		x->opt.no_start = false;
		fx_plan(x, soc_table[k], false);
		mem_fake_set_hook(x->f, fail_after_release, x);
		ret = fx_go(x);
		mem_fake_assert(x->f, ret == -EIO);
		check_promise(x, ret);
		assert_false(x->x.core_held);
		assert_false(held_now(x));
	}
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_read_fault_everywhere),
		T(test_write_fault_everywhere),
		T(test_verify_fault_everywhere),
		T(test_readback_mismatch_everywhere),
		T(test_refuse_every_window),
		T(test_interrupt_everywhere),
		T(test_state_never_reached),
		T(test_hold_again_fails),
	};
#undef T

	/* Failures are provoked on purpose: keep their messages out. */
	log_set_level(LOG_QUIET);
	return cmocka_run_group_tests_name("faults: every SoC, every access",
					   tests, NULL, NULL);
}
