// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Plan building: images are put together in memory, segment by segment,
 * so that each rule of doc/contract.md (load sequence, boot vector, memory map,
 * safety) is exercised by exactly the layout that triggers it, with no
 * file and no ELF writer in the way.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "m4fw/image.h"
#include "m4fw/iomem.h"
#include "m4fw/plan.h"
#include "m4fw/soc.h"

#define MAX_SEGS 8
#define NONE ((size_t)-1)

#define SRC_M4RCR	0x3039000Cu
#define SRC_SCR		0x020D8000u
#define IOMUXC_GPR_GPR1	0x30340004u
#define IOMUXC_GPR22	0x30340058u
#define CCM_ROOT	0x30388080u
#define BIT(n)		(UINT32_C(1) << (n))

static char elf_path[] = "/home/dev/build/fw.elf";
static char bin_path[] = "fw.bin";

struct fx {
	struct image img;
	struct image_segment segs[MAX_SEGS];
	uint8_t *data[MAX_SEGS];
	struct plan plan;
	bool planned;
	struct plan_options opt;
	struct iomem_entry iomem_entries[4];
	struct iomem_map iomem;
};

static int fx_setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));

	if (!x)
		return -1;
	x->img.path = elf_path;
	x->img.format = IMAGE_ELF;
	x->img.segs = x->segs;
	*state = x;
	return 0;
}

static void fx_reset_plan(struct fx *x)
{
	if (x->planned)
		plan_free(&x->plan);
	x->planned = false;
}

static int fx_teardown(void **state)
{
	struct fx *x = *state;

	fx_reset_plan(x);
	for (size_t i = 0; i < MAX_SEGS; i++)
		free(x->data[i]);
	free(x);
	return 0;
}

/* Forget the segments, to build another image in the same test. */
static void fx_clear_image(struct fx *x)
{
	fx_reset_plan(x);
	for (size_t i = 0; i < MAX_SEGS; i++) {
		free(x->data[i]);
		x->data[i] = NULL;
	}
	memset(x->segs, 0, sizeof(x->segs));
	x->img.n_segs = 0;
	x->img.has_vector = false;
	x->img.path = elf_path;
	x->img.format = IMAGE_ELF;
	x->img.addr_is_a_view = false;
}

static void put_le32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

/*
 * A segment as image_parse_elf() makes it: loaded at @paddr, run at
 * @vaddr, zeroed past the file bytes only when the two are equal. The
 * bytes are a pattern that differs from segment to segment.
 */
static struct image_segment *add_seg2(struct fx *x, uint32_t paddr,
				      uint32_t vaddr, uint32_t filesz,
				      uint32_t memsz)
{
	size_t n = x->img.n_segs;
	struct image_segment *s = &x->segs[n];

	assert_true(n < MAX_SEGS);
	x->data[n] = malloc(filesz ? filesz : 1);
	assert_non_null(x->data[n]);
	for (uint32_t i = 0; i < filesz; i++)
		x->data[n][i] = (uint8_t)(0xA5 ^ (i * 13) ^ (n << 4));
	s->index = (unsigned int)n + 1;
	s->paddr = paddr;
	s->vaddr = vaddr;
	s->filesz = filesz;
	s->memsz = memsz;
	s->flags = 5;
	s->data = x->data[n];
	s->zero_fill = paddr == vaddr && memsz > filesz;
	x->img.n_segs++;
	return s;
}

static struct image_segment *add_seg(struct fx *x, uint32_t paddr,
				     uint32_t filesz, uint32_t memsz)
{
	return add_seg2(x, paddr, paddr, filesz, memsz);
}

/*
 * The vector table: the first 8 bytes of the first segment with file
 * bytes, as image_set_vector() takes it, written into those bytes too so
 * that a copy covering the boot alias carries the same vector.
 */
static void set_vector(struct fx *x, uint32_t sp, uint32_t pc)
{
	for (size_t i = 0; i < x->img.n_segs; i++) {
		if (x->segs[i].filesz == 0)
			continue;
		if (x->segs[i].filesz < 8)
			return;
		put_le32(x->data[i], sp);
		put_le32(x->data[i] + 4, pc);
		x->img.has_vector = true;
		x->img.sp = sp;
		x->img.pc = pc;
		return;
	}
}

/* A raw binary of @len bytes at A-view @addr, as image_parse_raw() does. */
static void make_raw(struct fx *x, uint32_t addr, uint32_t len, uint32_t sp,
		     uint32_t pc)
{
	x->img.path = bin_path;
	x->img.format = IMAGE_RAW;
	x->img.addr_is_a_view = true;
	add_seg(x, addr, len, len);
	x->segs[0].index = 0;
	set_vector(x, sp, pc);
}

static const struct soc_desc *soc(const char *name)
{
	const struct soc_desc *s = soc_find(name);

	assert_non_null(s);
	return s;
}

static int run_plan(struct fx *x, const char *soc_name)
{
	fx_reset_plan(x);
	plan_init(&x->plan, soc(soc_name));
	x->planned = true;
	return plan_load(&x->plan, &x->img, &x->opt);
}

/* ---- looking at plans ------------------------------------------------- */

static void dump_plan(const struct plan *p)
{
	fprintf(stderr, "plan: %zu ops, %zu windows, %zu problems\n",
		p->n_ops, p->n_windows, p->n_problems);
	plan_print(p, stderr);
	for (size_t i = 0; i < p->n_windows; i++)
		fprintf(stderr, "  window 0x%08llx+0x%llx %s%s\n",
			(unsigned long long)p->windows[i].addr,
			(unsigned long long)p->windows[i].len,
			p->windows[i].name,
			p->windows[i].optional ? " (optional)" : "");
	for (size_t i = 0; i < p->n_problems; i++)
		fprintf(stderr, "  problem %s%s: %s\n",
			p->problems[i].kind == PROBLEM_IMAGE ? "image" :
			"safety",
			p->problems[i].overridden ? " (overridden)" : "",
			p->problems[i].msg);
}

/* Show the whole plan when a check about it fails. */
#define plan_assert(p, cond)						\
	do {								\
		if (!(cond)) {						\
			dump_plan(p);					\
			fail_msg("%s", #cond);				\
		}							\
	} while (0)

static size_t find_kind(const struct plan *p, size_t from,
			enum plan_op_kind kind)
{
	for (size_t i = from; i < p->n_ops; i++)
		if (p->ops[i].kind == kind)
			return i;
	return NONE;
}

static size_t find_at(const struct plan *p, size_t from,
		      enum plan_op_kind kind, uint32_t addr)
{
	for (size_t i = from; i < p->n_ops; i++)
		if (p->ops[i].kind == kind && p->ops[i].addr == addr)
			return i;
	return NONE;
}

static size_t last_kind(const struct plan *p, enum plan_op_kind kind)
{
	for (size_t i = p->n_ops; i-- > 0;)
		if (p->ops[i].kind == kind)
			return i;
	return NONE;
}

static size_t count_kind(const struct plan *p, enum plan_op_kind kind)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n_ops; i++)
		n += p->ops[i].kind == kind;
	return n;
}

static size_t count_at(const struct plan *p, uint32_t addr)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n_ops; i++)
		n += p->ops[i].addr == addr && p->ops[i].kind != PLAN_BARRIER;
	return n;
}

static size_t count_core(const struct plan *p, enum plan_core_effect core)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n_ops; i++)
		n += p->ops[i].core == core;
	return n;
}

/* The first problem of @kind whose message contains @text, or NULL. */
static const struct plan_problem *find_problem(const struct plan *p,
					       enum plan_problem_kind kind,
					       const char *text)
{
	for (size_t i = 0; i < p->n_problems; i++)
		if (p->problems[i].kind == kind &&
		    strstr(p->problems[i].msg, text))
			return &p->problems[i];
	return NULL;
}

static size_t count_problems(const struct plan *p,
			     enum plan_problem_kind kind)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n_problems; i++)
		n += p->problems[i].kind == kind;
	return n;
}

static bool is_image_write(const struct plan_op *op)
{
	return op->kind == PLAN_COPY || op->kind == PLAN_FILL ||
	       op->kind == PLAN_WRITE32;
}

/*
 * The control and clock writes of each SoC, written out from
 * doc/hardware.md §1-§2 (not taken from src/soc_*.c): the generic shape
 * checks below compare each plan with these, so a wrong SoC table fails
 * here instead of agreeing with itself.
 */
struct step_fact {
	uint32_t addr, mask, value;
	uint32_t if_addr, if_mask, if_value;	/* a conditional update */
};

struct ctrl_facts {
	const char *soc;
	struct step_fact stop[2], start[2], clock[3];
	size_t n_stop, n_start, n_clock;
	uint32_t held_reg, held_mask, enable_reg, enable_mask;
};

#define CCGR3_6SX	0x020C4074u
#define CCGR1_7D	0x30384010u
#define PLL_480_7D	0x303600B0u

/* An unconditional read-modify-write: under MASK, write VALUE. */
#define STEP(a, m, v) { .addr = (a), .mask = (m), .value = (v) }
#define CTRL(name, held, held_bit, en, en_bit)				\
	.soc = (name), .held_reg = (held), .held_mask = (held_bit),	\
	.enable_reg = (en), .enable_mask = (en_bit)

static const struct ctrl_facts ctrl_facts[] = {
	{ CTRL("imx6sx", SRC_SCR, BIT(4), SRC_SCR, BIT(22)),
	  .stop = { STEP(SRC_SCR, 0x00401018, 0x00400018) }, .n_stop = 1,
	  .start = { STEP(SRC_SCR, 0x00401018, 0x00401008) }, .n_start = 1,
	  .clock = { STEP(CCGR3_6SX, 0xC, 0xC) }, .n_clock = 1 },
	{ CTRL("imx7d", SRC_M4RCR, BIT(0), SRC_M4RCR, BIT(3)),
	  .stop = { STEP(SRC_M4RCR, 0xF, 0xB) }, .n_stop = 1,
	  .start = { STEP(SRC_M4RCR, 0xF, 0xE) }, .n_start = 1,
	  .clock = { STEP(CCGR1_7D, 0x3, 0x3),
		     STEP(CCM_ROOT, BIT(28), BIT(28)),
		     /* PLL_480 gate opened when the root mux selects 1 */
		     { .addr = PLL_480_7D, .mask = BIT(5), .value = 0,
		       .if_addr = CCM_ROOT, .if_mask = 0x07000000,
		       .if_value = 0x01000000 } },
	  .n_clock = 3 },
#define M4_8M(name)							\
	{ CTRL(name, SRC_M4RCR, BIT(0), SRC_M4RCR, BIT(3)),		\
	  .stop = { STEP(SRC_M4RCR, 0xF, 0xB) }, .n_stop = 1,		\
	  .start = { STEP(SRC_M4RCR, 0xF, 0xE) }, .n_start = 1,		\
	  .clock = { STEP(CCM_ROOT, BIT(28), BIT(28)) }, .n_clock = 1 }
#define M7_8M(name)							\
	{ CTRL(name, IOMUXC_GPR22, BIT(0), SRC_M4RCR, BIT(3)),		\
	  .stop = { STEP(IOMUXC_GPR22, BIT(0), BIT(0)),			\
		    STEP(SRC_M4RCR, 0xF, 0xA) }, .n_stop = 2,		\
	  .start = { STEP(IOMUXC_GPR22, BIT(0), 0) }, .n_start = 1,	\
	  .clock = { STEP(CCM_ROOT, BIT(28), BIT(28)) }, .n_clock = 1 }
	M4_8M("imx8mq"), M4_8M("imx8mm"), M7_8M("imx8mn"), M7_8M("imx8mp"),
#undef M4_8M
#undef M7_8M
#undef CTRL
#undef STEP
};

static const struct ctrl_facts *facts_of(const struct soc_desc *s)
{
	for (size_t i = 0; i < sizeof(ctrl_facts) / sizeof(ctrl_facts[0]); i++)
		if (strcmp(ctrl_facts[i].soc, s->name) == 0)
			return &ctrl_facts[i];
	fail_msg("no doc/hardware.md control facts for SoC %s", s->name);
	return NULL;
}

/* Op @i is the register update @f. */
static void assert_fact(const struct plan *p, size_t i,
			const struct step_fact *f)
{
	const struct plan_op *op = &p->ops[i];

	plan_assert(p, i < p->n_ops);
	plan_assert(p, op->kind == PLAN_UPDATE32);
	plan_assert(p, op->addr == f->addr);
	plan_assert(p, op->mask == f->mask);
	plan_assert(p, op->value == f->value);
	plan_assert(p, op->if_addr == f->if_addr);
	plan_assert(p, op->if_mask == f->if_mask);
	plan_assert(p, op->if_value == f->if_value);
}

static bool window_holds(const struct plan *p, uint64_t addr, uint64_t len,
			 bool optional)
{
	for (size_t i = 0; i < p->n_windows; i++) {
		const struct plan_window *w = &p->windows[i];

		if (addr >= w->addr && addr + len <= w->addr + w->len &&
		    w->optional == optional)
			return true;
	}
	return false;
}

/* Every address an operation touches is in a window of its kind. */
static void check_windows(const struct plan *p)
{
	for (size_t i = 0; i < p->n_ops; i++) {
		const struct plan_op *op = &p->ops[i];

		switch (op->kind) {
		case PLAN_UPDATE32:
			if (op->if_mask)
				plan_assert(p, window_holds(p, op->if_addr, 4,
							    op->optional));
			plan_assert(p, window_holds(p, op->addr, 4,
						    op->optional));
			break;
		case PLAN_WRITE32:
		case PLAN_EXPECT:
			plan_assert(p, window_holds(p, op->addr, 4,
						    op->optional));
			break;
		case PLAN_COPY:
		case PLAN_FILL:
		case PLAN_VERIFY:
			plan_assert(p, op->len > 0);
			plan_assert(p, window_holds(p, op->addr, op->len,
						    false));
			break;
		case PLAN_BARRIER:
			break;
		}
	}
}

/* Every copy and fill is read back, with the same bytes. */
static void check_verifies(const struct plan *p)
{
	size_t writes = 0;

	for (size_t i = 0; i < p->n_ops; i++) {
		const struct plan_op *op = &p->ops[i];
		bool found = false;

		if (op->kind != PLAN_COPY && op->kind != PLAN_FILL)
			continue;
		writes++;
		for (size_t k = 0; k < p->n_ops && !found; k++) {
			const struct plan_op *v = &p->ops[k];

			found = v->kind == PLAN_VERIFY && v->addr == op->addr &&
				v->len == op->len && v->data == op->data;
		}
		plan_assert(p, found);
	}
	plan_assert(p, count_kind(p, PLAN_VERIFY) ==
		       writes + (p->writes_vector ? 1 : 0));
}

/*
 * The load sequence of doc/contract.md, whatever the SoC: stop, confirm held,
 * clock, region enables, copies and fills, boot vector, read-back,
 * barrier, release, confirm (or, with --no-start, confirm held).
 */
static void check_load_shape(const struct plan *p, bool no_start)
{
	const struct soc_desc *s = p->soc;
	const struct ctrl_facts *f = facts_of(s);
	size_t n_stop = f->n_stop, n_clock = f->n_clock;
	size_t first_write = NONE, last_write = NONE, last_block = NONE;
	size_t first_verify, last_verify, barrier, i;

	plan_assert(p, !plan_blocked(p));
	plan_assert(p, n_stop > 0);

	/* Stop first: nothing is written to the image before the core is held. */
	for (i = 0; i < n_stop; i++) {
		assert_fact(p, i, &f->stop[i]);
		plan_assert(p, p->ops[i].core ==
			       (i == 0 ? PLAN_CORE_HOLDS : PLAN_CORE_NONE));
		plan_assert(p, !p->ops[i].optional);
	}
	plan_assert(p, p->ops[n_stop].kind == PLAN_EXPECT);
	plan_assert(p, p->ops[n_stop].addr == f->held_reg);
	plan_assert(p, p->ops[n_stop].mask == f->held_mask);
	plan_assert(p, p->ops[n_stop].value == f->held_mask);
	plan_assert(p, count_core(p, PLAN_CORE_HOLDS) == 1);

	/* Clock after stop, before any image write. */
	for (i = 0; i < n_clock; i++) {
		assert_fact(p, n_stop + 1 + i, &f->clock[i]);
		plan_assert(p, p->ops[n_stop + 1 + i].optional ==
			       s->clock_may_be_unmappable);
	}

	for (i = 0; i < p->n_ops; i++) {
		if (!is_image_write(&p->ops[i]))
			continue;
		if (first_write == NONE)
			first_write = i;
		last_write = i;
		if (p->ops[i].kind != PLAN_WRITE32)
			last_block = i;
	}
	plan_assert(p, first_write != NONE);
	plan_assert(p, first_write > n_stop + n_clock);

	/* The boot vector words come after every copy and fill. */
	for (i = 0; i < p->n_ops; i++) {
		if (p->ops[i].kind != PLAN_WRITE32)
			continue;
		plan_assert(p, p->writes_vector);
		plan_assert(p, i > last_block);
	}
	plan_assert(p, count_kind(p, PLAN_WRITE32) ==
		       (p->writes_vector ? 2u : 0u));

	/* Read-back after all writes, barrier after the last read-back. */
	first_verify = find_kind(p, 0, PLAN_VERIFY);
	last_verify = last_kind(p, PLAN_VERIFY);
	plan_assert(p, first_verify != NONE);
	plan_assert(p, first_verify > last_write);
	plan_assert(p, count_kind(p, PLAN_BARRIER) == 1);
	barrier = find_kind(p, 0, PLAN_BARRIER);
	plan_assert(p, barrier > last_verify);
	for (i = first_verify; i < barrier; i++)
		plan_assert(p, p->ops[i].kind == PLAN_VERIFY);
	check_verifies(p);

	if (no_start) {
		/* Held, confirmed, and nothing else. */
		plan_assert(p, count_core(p, PLAN_CORE_RELEASES) == 0);
		plan_assert(p, p->n_ops == barrier + 2);
		plan_assert(p, p->ops[barrier + 1].kind == PLAN_EXPECT);
		plan_assert(p, p->ops[barrier + 1].addr == f->held_reg);
		plan_assert(p, p->ops[barrier + 1].mask == f->held_mask);
		plan_assert(p, p->ops[barrier + 1].value == f->held_mask);
	} else {
		size_t n_start = f->n_start;

		plan_assert(p, count_core(p, PLAN_CORE_RELEASES) == 1);
		plan_assert(p, p->ops[barrier + 1].core == PLAN_CORE_RELEASES);
		for (i = 0; i < n_start; i++)
			assert_fact(p, barrier + 1 + i, &f->start[i]);
		/* After the release only checks: the core must not be disturbed. */
		plan_assert(p, p->n_ops > barrier + 1 + n_start);
		for (i = barrier + 1 + n_start; i < p->n_ops; i++)
			plan_assert(p, p->ops[i].kind == PLAN_EXPECT);
		i = barrier + 1 + n_start;
		plan_assert(p, p->ops[i].addr == f->held_reg);
		plan_assert(p, p->ops[i].mask == f->held_mask);
		plan_assert(p, p->ops[i].value == 0);
	}
	check_windows(p);
}

/* ---- images used by several tests -------------------------------------- */

/*
 * The dry-run example of doc/contract.md (Output) on the i.MX7D: code in
 * TCML, data and bss in TCMU, so the vector is written to OCRAM_S at M
 * address 0.
 */
static void build_7d_tcm(struct fx *x)
{
	add_seg(x, 0x1FFF8000, 0x1f40, 0x1f40);
	add_seg(x, 0x20000000, 0x1f40, 0x2140);
	set_vector(x, 0x20008000, 0x1FFF8101);
}

/* A small image in the row that holds the boot alias, off its start. */
static void build_small(struct fx *x, const struct soc_desc *s)
{
	const struct soc_region *row = &s->regions[0];

	assert_int_equal(row->a_addr, s->boot_alias_a);
	add_seg(x, row->m_addr + 0x100, 0x100, 0x180);
	set_vector(x, row->m_addr + row->size, row->m_addr + 0x111);
}

/* ---- the load sequence ------------------------------------------------ */

static void test_7d_load_shape(void **state)
{
	struct fx *x = *state;
	const struct plan *p = &x->plan;

	build_7d_tcm(x);
	assert_int_equal(run_plan(x, "imx7d"), 0);
	plan_assert(p, p->n_problems == 0);
	check_load_shape(p, false);
	assert_true(p->writes_vector);
	assert_true(p->vector_known);
	assert_int_equal(p->sp, 0x20008000);
	assert_int_equal(p->pc, 0x1FFF8101);
	assert_int_equal(p->bytes_copied, 0x3e80);
	assert_int_equal(p->bytes_zeroed, 0x200);
	assert_int_equal(p->n_placements, 2);
	assert_int_equal(p->placements[0].a_addr, 0x007F8000);
	assert_string_equal(p->placements[0].row->name, "TCML");
	assert_int_equal(p->placements[1].a_addr, 0x00800000);
	assert_string_equal(p->placements[1].row->name, "TCMU");
	/* No OCRAM_EPDC segment: GPR1 is never touched. */
	assert_int_equal(count_at(p, IOMUXC_GPR_GPR1), 0);
}

static void test_7d_exact_values(void **state)
{
	struct fx *x = *state;
	const struct plan *p = &x->plan;
	size_t rel, i;

	build_7d_tcm(x);
	assert_int_equal(run_plan(x, "imx7d"), 0);

	assert_int_equal(p->ops[0].kind, PLAN_UPDATE32);
	assert_int_equal(p->ops[0].addr, SRC_M4RCR);
	assert_int_equal(p->ops[0].mask, 0xF);
	assert_int_equal(p->ops[0].value, 0xB);
	assert_int_equal(p->ops[0].core, PLAN_CORE_HOLDS);

	/* Clock: CCGR1 gate, root enable, then the conditional PLL gate. */
	assert_int_equal(p->ops[2].addr, 0x30384010);
	assert_int_equal(p->ops[2].mask, 0x3);
	assert_int_equal(p->ops[2].value, 0x3);
	assert_int_equal(p->ops[3].addr, CCM_ROOT);
	assert_int_equal(p->ops[3].mask, BIT(28));
	assert_int_equal(p->ops[3].value, BIT(28));
	assert_int_equal(p->ops[4].addr, 0x303600B0);
	assert_int_equal(p->ops[4].mask, BIT(5));
	assert_int_equal(p->ops[4].value, 0);
	assert_int_equal(p->ops[4].if_addr, CCM_ROOT);
	assert_int_equal(p->ops[4].if_mask, 0x07000000);
	assert_int_equal(p->ops[4].if_value, 0x01000000);
	for (i = 2; i <= 4; i++)
		assert_false(p->ops[i].optional);

	rel = find_kind(p, find_kind(p, 0, PLAN_BARRIER), PLAN_UPDATE32);
	assert_int_not_equal(rel, NONE);
	assert_int_equal(p->ops[rel].addr, SRC_M4RCR);
	assert_int_equal(p->ops[rel].mask, 0xF);
	assert_int_equal(p->ops[rel].value, 0xE);
	assert_int_equal(p->ops[rel].core, PLAN_CORE_RELEASES);
	/* Out of reset (NON_SCLR clear), then enabled (ENABLE set). */
	assert_int_equal(p->n_ops, rel + 3);
	assert_int_equal(p->ops[rel + 1].addr, SRC_M4RCR);
	assert_int_equal(p->ops[rel + 1].mask, 0x1);
	assert_int_equal(p->ops[rel + 1].value, 0x0);
	assert_int_equal(p->ops[rel + 2].addr, SRC_M4RCR);
	assert_int_equal(p->ops[rel + 2].mask, 0x8);
	assert_int_equal(p->ops[rel + 2].value, 0x8);
}

static void test_6sx_exact_values(void **state)
{
	struct fx *x = *state;
	const struct plan *p = &x->plan;
	size_t rel;

	add_seg(x, 0x1FFF8000, 0x400, 0x400);
	set_vector(x, 0x20008000, 0x1FFF8201);
	assert_int_equal(run_plan(x, "imx6sx"), 0);
	check_load_shape(p, false);

	assert_int_equal(p->ops[0].addr, SRC_SCR);
	assert_int_equal(p->ops[0].mask, 0x00401018);
	assert_int_equal(p->ops[0].value, 0x00400018);
	assert_int_equal(p->ops[1].kind, PLAN_EXPECT);
	assert_int_equal(p->ops[1].mask, BIT(4));
	assert_int_equal(p->ops[1].value, BIT(4));
	assert_int_equal(p->ops[2].addr, 0x020C4074);
	assert_int_equal(p->ops[2].mask, 0xC);
	assert_int_equal(p->ops[2].value, 0xC);
	assert_false(p->ops[2].optional);

	rel = find_kind(p, 0, PLAN_BARRIER) + 1;
	assert_int_equal(p->ops[rel].addr, SRC_SCR);
	assert_int_equal(p->ops[rel].mask, 0x00401018);
	assert_int_equal(p->ops[rel].value, 0x00401008);
	assert_int_equal(p->ops[rel].core, PLAN_CORE_RELEASES);
	assert_int_equal(p->ops[rel + 2].mask, BIT(22));
	assert_int_equal(p->ops[rel + 2].value, BIT(22));
}

/* 8MN/8MP: CPUWAIT first, then SRC := 0xA; start clears CPUWAIT only. */
static void test_8mn_8mp_exact_values(void **state)
{
	static const char *const names[] = { "imx8mn", "imx8mp" };
	struct fx *x = *state;
	const struct plan *p = &x->plan;

	for (size_t k = 0; k < 2; k++) {
		size_t barrier, i;

		fx_clear_image(x);
		add_seg(x, 0x00000000, 0x800, 0x800);	/* ITCM at M 0 */
		set_vector(x, 0x20020000, 0x00000201);	/* DTCM end */
		assert_int_equal(run_plan(x, names[k]), 0);
		check_load_shape(p, false);

		assert_int_equal(p->ops[0].addr, IOMUXC_GPR22);
		assert_int_equal(p->ops[0].mask, 0x1);
		assert_int_equal(p->ops[0].value, 0x1);
		assert_int_equal(p->ops[0].core, PLAN_CORE_HOLDS);
		assert_int_equal(p->ops[1].addr, SRC_M4RCR);
		assert_int_equal(p->ops[1].mask, 0xF);
		assert_int_equal(p->ops[1].value, 0xA);
		assert_int_equal(p->ops[2].kind, PLAN_EXPECT);
		assert_int_equal(p->ops[2].addr, IOMUXC_GPR22);
		assert_int_equal(p->ops[2].mask, 0x1);
		assert_int_equal(p->ops[2].value, 0x1);
		/* The CCM may be claimed by the clock driver: optional. */
		assert_int_equal(p->ops[3].addr, CCM_ROOT);
		assert_int_equal(p->ops[3].mask, BIT(28));
		assert_true(p->ops[3].optional);

		barrier = find_kind(p, 0, PLAN_BARRIER);
		assert_int_equal(p->ops[barrier + 1].addr, IOMUXC_GPR22);
		assert_int_equal(p->ops[barrier + 1].mask, 0x1);
		assert_int_equal(p->ops[barrier + 1].value, 0x0);
		assert_int_equal(p->ops[barrier + 1].core,
				 PLAN_CORE_RELEASES);
		/* SRC is left alone by the start: only read afterwards. */
		for (i = barrier + 1; i < p->n_ops; i++)
			if (p->ops[i].addr == SRC_M4RCR)
				assert_int_equal(p->ops[i].kind, PLAN_EXPECT);
		/* The ITCM image holds the vector: nothing written at M 0. */
		assert_false(p->writes_vector);
		assert_int_equal(p->sp, 0x20020000);
	}
}

static void test_8mq_8mm_exact_values(void **state)
{
	static const char *const names[] = { "imx8mq", "imx8mm" };
	struct fx *x = *state;
	const struct plan *p = &x->plan;

	for (size_t k = 0; k < 2; k++) {
		size_t rel;

		fx_clear_image(x);
		add_seg(x, 0x1FFE0000, 0x800, 0x1000);
		set_vector(x, 0x20020000, 0x1FFE0201);
		assert_int_equal(run_plan(x, names[k]), 0);
		check_load_shape(p, false);

		assert_int_equal(p->ops[0].addr, SRC_M4RCR);
		assert_int_equal(p->ops[0].mask, 0xF);
		assert_int_equal(p->ops[0].value, 0xB);
		assert_int_equal(p->ops[2].addr, CCM_ROOT);
		assert_true(p->ops[2].optional);
		rel = find_kind(p, 0, PLAN_BARRIER) + 1;
		assert_int_equal(p->ops[rel].addr, SRC_M4RCR);
		assert_int_equal(p->ops[rel].value, 0xE);
		/* TCM at A 0x7E0000 is the boot alias: the copy carries it. */
		assert_false(p->writes_vector);
	}
}

static void test_every_soc_shape(void **state)
{
	struct fx *x = *state;

	for (size_t i = 0; soc_table[i]; i++) {
		for (int no_start = 0; no_start <= 1; no_start++) {
			fx_clear_image(x);
			build_small(x, soc_table[i]);
			x->opt.no_start = no_start;
			assert_int_equal(run_plan(x, soc_table[i]->name), 0);
			check_load_shape(&x->plan, no_start);
		}
	}
}

static void test_no_start(void **state)
{
	struct fx *x = *state;
	const struct plan *p = &x->plan;
	const struct plan_op *last;

	build_7d_tcm(x);
	x->opt.no_start = true;
	assert_int_equal(run_plan(x, "imx7d"), 0);
	check_load_shape(p, true);
	for (size_t i = 0; i < p->n_ops; i++)
		assert_int_not_equal(p->ops[i].core, PLAN_CORE_RELEASES);
	last = &p->ops[p->n_ops - 1];
	assert_int_equal(last->kind, PLAN_EXPECT);
	assert_int_equal(last->addr, SRC_M4RCR);
	assert_int_equal(last->mask, 0x1);
	assert_int_equal(last->value, 0x1);
	/* The release value is nowhere. */
	for (size_t i = 0; i < p->n_ops; i++)
		assert_false(p->ops[i].addr == SRC_M4RCR &&
			     p->ops[i].kind == PLAN_UPDATE32 &&
			     p->ops[i].value == 0xE);
}

/* OCRAM_EPDC is switched to general use (and said so) before it is written. */
static void test_7d_epdc_enable(void **state)
{
	struct fx *x = *state;
	const struct plan *p = &x->plan;
	size_t en, first_copy = NONE;

	add_seg(x, 0x00920000, 0x100, 0x100);
	add_seg(x, 0x20220100, 0x100, 0x100);	/* the same memory, data alias */
	set_vector(x, 0x00940000, 0x00920011);
	assert_int_equal(run_plan(x, "imx7d"), 0);
	check_load_shape(p, false);

	assert_int_equal(count_at(p, IOMUXC_GPR_GPR1), 1);
	en = find_at(p, 0, PLAN_UPDATE32, IOMUXC_GPR_GPR1);
	assert_int_not_equal(en, NONE);
	assert_int_equal(p->ops[en].mask, BIT(30));
	assert_int_equal(p->ops[en].value, BIT(30));
	assert_true(p->ops[en].announce);
	assert_int_equal(p->ops[en].core, PLAN_CORE_NONE);
	for (size_t i = 0; i < p->n_ops; i++) {
		if (p->ops[i].kind == PLAN_COPY &&
		    p->ops[i].addr >= 0x00920000 &&
		    p->ops[i].addr < 0x00940000 && first_copy == NONE)
			first_copy = i;
		if (i != en)
			assert_false(p->ops[i].announce);
	}
	assert_int_not_equal(first_copy, NONE);
	assert_true(en > 1);		/* after stop and its check */
	assert_true(en < first_copy);
	assert_int_equal(p->placements[1].a_addr, 0x00920100);
	assert_string_equal(p->placements[1].row->name, "OCRAM_EPDC");
}

/* Segments with a load address apart from their run address: no zeroing. */
static void test_zero_fill_only_at_run_address(void **state)
{
	struct fx *x = *state;
	const struct plan *p = &x->plan;
	size_t fill;

	add_seg(x, 0x1FFF8000, 0x100, 0x200);
	/* .data loaded after .text, run in TCMU; its bss would pass TCML's end. */
	add_seg2(x, 0x1FFF8200, 0x20000000, 0x40, 0x8000);
	set_vector(x, 0x20008000, 0x1FFF8011);
	assert_int_equal(run_plan(x, "imx7d"), 0);
	plan_assert(p, p->n_problems == 0);
	check_load_shape(p, false);

	assert_int_equal(count_kind(p, PLAN_FILL), 1);
	fill = find_kind(p, 0, PLAN_FILL);
	assert_int_equal(p->ops[fill].addr, 0x007F8100);
	assert_int_equal(p->ops[fill].len, 0x100);
	assert_null(p->ops[fill].data);
	assert_int_equal(p->placements[1].zero_len, 0);
	assert_int_equal(p->placements[1].copy_len, 0x40);
	assert_int_equal(p->bytes_zeroed, 0x100);
	assert_int_equal(p->bytes_copied, 0x140);
	/* Nothing of the run address range is in the plan. */
	for (size_t i = 0; i < p->n_ops; i++)
		assert_false(p->ops[i].kind != PLAN_EXPECT &&
			     p->ops[i].addr >= 0x00800000 &&
			     p->ops[i].addr < 0x00808000);
}

/* ---- boot vector -------------------------------------------------------- */

static void test_vector_written_when_not_covered(void **state)
{
	struct fx *x = *state;
	const struct plan *p = &x->plan;
	size_t sp, pc, v;

	build_7d_tcm(x);
	assert_int_equal(run_plan(x, "imx7d"), 0);
	sp = find_at(p, 0, PLAN_WRITE32, 0x00180000);
	pc = find_at(p, 0, PLAN_WRITE32, 0x00180004);
	assert_int_not_equal(sp, NONE);
	assert_int_not_equal(pc, NONE);
	assert_int_equal(pc, sp + 1);
	assert_int_equal(p->ops[sp].value, 0x20008000);
	assert_int_equal(p->ops[pc].value, 0x1FFF8101);
	assert_string_equal(p->ops[sp].note, "boot SP");
	assert_string_equal(p->ops[pc].note, "boot PC");
	/* Exactly 8 bytes: nothing else at the alias. */
	assert_int_equal(count_kind(p, PLAN_WRITE32), 2);

	v = find_at(p, 0, PLAN_VERIFY, 0x00180000);
	assert_int_not_equal(v, NONE);
	assert_int_equal(p->ops[v].len, 8);
	assert_memory_equal(p->ops[v].data,
			    "\x00\x80\x00\x20\x01\x81\xff\x1f", 8);
	assert_memory_equal(p->vector_bytes,
			    "\x00\x80\x00\x20\x01\x81\xff\x1f", 8);
}

/* The image's copies hold the whole vector: checked, not written. */
static void test_vector_covered(void **state)
{
	/* 7D: M 0 and M 0x180000 are the same OCRAM_S; 6SX/8M: TCML. */
	static const struct {
		const char *soc;
		uint32_t paddr, sp, pc;
	} cases[] = {
		{ "imx7d", 0x00000000, 0x00188000, 0x00000041 },
		{ "imx7d", 0x00180000, 0x00188000, 0x00180041 },
		{ "imx7d", 0x20180000, 0x00188000, 0x00180041 },
		{ "imx6sx", 0x1FFF8000, 0x20008000, 0x1FFF8041 },
		{ "imx6sx", 0x00000000, 0x20008000, 0x00000041 },
		{ "imx8mm", 0x1FFE0000, 0x20020000, 0x1FFE0041 },
		{ "imx8mp", 0x00000000, 0x20020000, 0x00000041 },
	};
	struct fx *x = *state;
	const struct plan *p = &x->plan;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fx_clear_image(x);
		add_seg(x, cases[i].paddr, 0x100, 0x100);
		set_vector(x, cases[i].sp, cases[i].pc);
		assert_int_equal(run_plan(x, cases[i].soc), 0);
		plan_assert(p, p->n_problems == 0);
		check_load_shape(p, false);
		assert_false(p->writes_vector);
		assert_true(p->vector_known);
		assert_int_equal(p->sp, cases[i].sp);
		assert_int_equal(p->pc, cases[i].pc);
		assert_int_equal(count_kind(p, PLAN_WRITE32), 0);
	}
}

/* A vector read from the copies is checked like a written one. */
static void test_vector_covered_is_checked(void **state)
{
	struct fx *x = *state;

	add_seg(x, 0x1FFF8000, 0x100, 0x100);
	set_vector(x, 0x20008000, 0x1FFF8040);	/* Thumb bit clear */
	assert_int_equal(run_plan(x, "imx6sx"), -EINVAL);
	assert_non_null(find_problem(&x->plan, PROBLEM_IMAGE, "bit 0"));
}

static void test_vector_partly_covered(void **state)
{
	struct fx *x = *state;
	const struct plan *p = &x->plan;
	const struct plan_problem *pr;

	for (int force = 0; force <= 1; force++) {
		/* The second word of the vector only. */
		fx_clear_image(x);
		add_seg(x, 0x1FFF8000, 0x100, 0x100);
		add_seg(x, 0x00180004, 0x100, 0x100);
		set_vector(x, 0x20008000, 0x1FFF8011);
		x->opt.force = force;
		assert_int_equal(run_plan(x, "imx7d"), -EINVAL);
		pr = find_problem(p, PROBLEM_IMAGE, "4 of the 8");
		plan_assert(p, pr != NULL);
		assert_false(pr->overridden);
		assert_true(plan_blocked(p));
		assert_int_equal(p->n_ops, 0);

		/* Four copied bytes and a zero fill: fills do not count. */
		fx_clear_image(x);
		add_seg(x, 0x1FFF8000, 0x100, 0x100);
		add_seg(x, 0x00180000, 0x4, 0x10);
		set_vector(x, 0x20008000, 0x1FFF8011);
		assert_int_equal(run_plan(x, "imx7d"), -EINVAL);
		pr = find_problem(p, PROBLEM_IMAGE, "4 of the 8");
		plan_assert(p, pr != NULL);
		assert_false(pr->overridden);
	}
}

/* A bss at M 0 would wipe the vector the loader writes there. */
static void test_vector_zero_filled(void **state)
{
	struct fx *x = *state;

	add_seg(x, 0x1FFF8000, 0x100, 0x100);
	add_seg(x, 0x00180000, 0x0, 0x20);
	set_vector(x, 0x20008000, 0x1FFF8011);
	assert_int_equal(run_plan(x, "imx7d"), -EINVAL);
	plan_assert(&x->plan, find_problem(&x->plan, PROBLEM_IMAGE,
					   "zero-fills the boot vector"));
}

static void test_vector_missing(void **state)
{
	struct fx *x = *state;

	add_seg(x, 0x1FFF8000, 0x4, 0x4);
	set_vector(x, 0x20008000, 0x1FFF8001);	/* too short: no vector */
	assert_false(x->img.has_vector);
	assert_int_equal(run_plan(x, "imx7d"), -EINVAL);
	plan_assert(&x->plan, find_problem(&x->plan, PROBLEM_IMAGE,
					   "fewer than 8 bytes"));
}

/*
 * doc/contract.md (Boot vector): the vector table is the first 8 bytes of
 * the first segment with file bytes; fewer than 8 there is rejected, even
 * when a later segment copies a whole vector to M address 0.
 */
static void test_vector_short_first_segment(void **state)
{
	struct fx *x = *state;
	struct image_segment *boot;

	add_seg(x, 0x1FFF8000, 0x4, 0x4);
	boot = add_seg(x, 0x00000000, 0x40, 0x40);
	put_le32((uint8_t *)boot->data, 0x20008000);
	put_le32((uint8_t *)boot->data + 4, 0x00000011);
	set_vector(x, 0x20008000, 0x00000011);
	assert_false(x->img.has_vector);
	assert_int_equal(run_plan(x, "imx7d"), -EINVAL);
	plan_assert(&x->plan, find_problem(&x->plan, PROBLEM_IMAGE,
					   "fewer than 8 bytes"));
}

/* SP: word aligned and row start < SP <= row end, in a RAM row. */
static void test_vector_sp_rules(void **state)
{
	static const struct {
		uint32_t sp;
		bool ok;
	} cases[] = {
		{ 0x20008000, true },	/* TCMU end */
		{ 0x20000000, true },	/* TCML end (also TCMU start) */
		{ 0x20007FFC, true },
		{ 0x1FFF8004, true },	/* just past a row start */
		{ 0x00948000, true },	/* OCRAM_PXP end (32 KiB) */
		{ 0x00188000, true },	/* OCRAM_S end */
		{ 0x20008004, false },	/* past TCMU */
		{ 0x00900000, false },	/* OCRAM start, no row ends there */
		{ 0x1FFF8000, false },	/* TCML start */
		{ 0x00000000, false },
		{ 0x00950000, false },	/* U-Boot's 128 KiB PXP: wrong */
		{ 0x20007FFE, false },	/* not word aligned */
		{ 0x20007FFD, false },
		{ 0x60001000, false },	/* QSPI flash */
		{ 0x30000000, false },	/* nothing */
	};
	struct fx *x = *state;
	const struct plan *p = &x->plan;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int force = 0; force <= 1; force++) {
			const struct plan_problem *pr;
			int ret;

			fx_clear_image(x);
			add_seg(x, 0x1FFF8000, 0x100, 0x100);
			set_vector(x, cases[i].sp, 0x1FFF8011);
			x->opt.force = force;
			ret = run_plan(x, "imx7d");
			pr = find_problem(p, PROBLEM_IMAGE, "SP");
			if (cases[i].ok) {
				plan_assert(p, ret == 0);
				plan_assert(p, p->n_problems == 0);
				continue;
			}
			plan_assert(p, pr != NULL);
			plan_assert(p, p->n_problems == 1);
			if (force) {
				/* --force: a warning, and the load goes on. */
				plan_assert(p, ret == 0);
				assert_true(pr->overridden);
				assert_false(plan_blocked(p));
				check_load_shape(p, false);
			} else {
				plan_assert(p, ret == -EINVAL);
				assert_false(pr->overridden);
				assert_true(plan_blocked(p));
				assert_int_equal(plan_exit_kind(p),
						 PROBLEM_IMAGE);
			}
		}
	}
}

/* PC: Thumb, and pointing into bytes this load copies. */
static void test_vector_pc_rules(void **state)
{
	static const struct {
		uint32_t pc;
		const char *problem;	/* NULL: fine */
	} cases[] = {
		{ 0x1FFF8001, NULL },	/* first copied halfword */
		{ 0x1FFF803F, NULL },	/* last copied halfword */
		{ 0x20000101, NULL },	/* in the second segment */
		{ 0x1FFF8040, "bit 0" },
		{ 0x1FFF8010, "bit 0" },
		{ 0x1FFF8041, "does not point" },	/* zero fill */
		{ 0x1FFF8081, "does not point" },	/* past the segment */
		{ 0x20000001, "does not point" },	/* TCMU, not loaded */
		{ 0x60000001, "does not point" },	/* flash */
		{ 0x30000001, "does not point" },	/* nothing */
	};
	struct fx *x = *state;
	const struct plan *p = &x->plan;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int force = 0; force <= 1; force++) {
			const struct plan_problem *pr;
			int ret;

			fx_clear_image(x);
			add_seg(x, 0x1FFF8000, 0x40, 0x80);
			add_seg(x, 0x20000100, 0x10, 0x10);
			set_vector(x, 0x20008000, cases[i].pc);
			x->opt.force = force;
			ret = run_plan(x, "imx7d");
			if (!cases[i].problem) {
				plan_assert(p, ret == 0);
				plan_assert(p, p->n_problems == 0);
				continue;
			}
			pr = find_problem(p, PROBLEM_IMAGE, cases[i].problem);
			plan_assert(p, pr != NULL);
			plan_assert(p, p->n_problems == 1);
			assert_int_equal(pr->overridden, force);
			plan_assert(p, ret == (force ? 0 : -EINVAL));
		}
	}
}

/* ---- memory map -------------------------------------------------------- */

static void test_memory_map_misfits(void **state)
{
	static const struct {
		const char *soc;
		uint32_t paddr, len;
		const char *problem;
	} cases[] = {
		{ "imx7d", 0x30000000, 0x100, "outside" },
		{ "imx7d", 0x1FFFFF00, 0x200, "past the end of TCML" },
		{ "imx7d", 0x00947F00, 0x200, "past the end of OCRAM_PXP" },
		{ "imx7d", 0x60000000, 0x100, "flash" },
		{ "imx7d", 0x68000000, 0x100, "flash" },
		{ "imx7d", 0xFFFFFF00, 0x200, "wraps" },
		{ "imx6sx", 0x1FFFFFF0, 0x20, "past the end of TCML" },
		{ "imx6sx", 0x78000000, 0x100, "flash" },
		{ "imx8mm", 0x08000000, 0x100, "flash" },
		{ "imx8mm", 0x1FFE0000, 0x40001, "past the end of TCM" },
		{ "imx8mn", 0x00180000, 0x9001, "past the end of OCRAM_S" },
		{ "imx8mp", 0x00020000, 0x100, "outside" },
	};
	struct fx *x = *state;
	const struct plan *p = &x->plan;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int force = 0; force <= 1; force++) {
			const struct plan_problem *pr;

			fx_clear_image(x);
			add_seg(x, cases[i].paddr, cases[i].len,
				cases[i].len);
			set_vector(x, 0x20008000, cases[i].paddr | 1);
			x->opt.force = force;
			plan_assert(p, run_plan(x, cases[i].soc) == -EINVAL);
			pr = find_problem(p, PROBLEM_IMAGE, cases[i].problem);
			plan_assert(p, pr != NULL);
			assert_false(pr->overridden);
			assert_true(plan_blocked(p));
			assert_int_equal(plan_exit_kind(p), PROBLEM_IMAGE);
			assert_int_equal(p->n_ops, 0);
			assert_int_equal(p->n_windows, 0);
			assert_null(p->placements[0].row);
		}
	}
}

/* A range may end exactly at the end of its row. */
static void test_memory_map_row_end_fits(void **state)
{
	struct fx *x = *state;

	add_seg(x, 0x1FFF8000, 0x8000, 0x8000);	/* all of TCML */
	add_seg(x, 0x20000000, 0x10, 0x8000);	/* all of TCMU */
	set_vector(x, 0x20008000, 0x1FFF8011);
	assert_int_equal(run_plan(x, "imx7d"), 0);
	plan_assert(&x->plan, x->plan.n_problems == 0);
	check_load_shape(&x->plan, false);
}

/* A raw binary's ADDR is an A-view address; the row gives its M view. */
static void test_raw_a_view(void **state)
{
	struct fx *x = *state;
	const struct plan *p = &x->plan;
	char line[256];
	size_t c;

	make_raw(x, 0x00910000, 0x100, 0x00920000, 0x00910011);
	assert_int_equal(run_plan(x, "imx6sx"), 0);
	check_load_shape(p, false);
	assert_int_equal(p->placements[0].a_addr, 0x00910000);
	assert_int_equal(p->placements[0].m_addr, 0x00910000);
	assert_true(p->writes_vector);
	assert_int_not_equal(find_at(p, 0, PLAN_WRITE32, 0x007F8000), NONE);
	c = find_kind(p, 0, PLAN_COPY);
	plan_format_op(&p->ops[c], line, sizeof(line));
	assert_string_equal(line, "copy    0x00910000 0x0100      OCRAM  <- fw.bin");

	/* TCML by its A address on the 7D: M 0x1FFF8000. */
	fx_clear_image(x);
	make_raw(x, 0x007F8000, 0x100, 0x20008000, 0x1FFF8011);
	assert_int_equal(run_plan(x, "imx7d"), 0);
	assert_int_equal(p->placements[0].m_addr, 0x1FFF8000);
	assert_string_equal(p->placements[0].row->name, "TCML");

	/* A view 0 is no memory of the 6SX. */
	fx_clear_image(x);
	make_raw(x, 0x00000000, 0x100, 0x20008000, 0x1FFF8011);
	assert_int_equal(run_plan(x, "imx6sx"), -EINVAL);
	assert_non_null(find_problem(p, PROBLEM_IMAGE, "outside"));
}

/* An ELF address is M view: the DDR code alias lands at A 0x80000000. */
static void test_m_view_translation(void **state)
{
	struct fx *x = *state;
	const struct plan *p = &x->plan;
	size_t c;

	add_seg(x, 0x10000000, 0x200, 0x200);
	set_vector(x, 0x80100000, 0x10000011);
	assert_int_equal(run_plan(x, "imx7d"), 0);
	check_load_shape(p, false);
	c = find_kind(p, 0, PLAN_COPY);
	assert_int_equal(p->ops[c].addr, 0x80000000);
	assert_int_equal(p->ops[c].len, 0x200);
	assert_ptr_equal(p->ops[c].data, x->segs[0].data);
	assert_int_equal(p->placements[0].m_addr, 0x10000000);
	assert_string_equal(p->placements[0].row->name, "DDR");
}

/* ---- overlapping segments ---------------------------------------------- */

static void check_overlap(struct fx *x, bool expect)
{
	const struct plan *p = &x->plan;
	const struct plan_problem *pr;
	int ret = run_plan(x, "imx7d");

	pr = find_problem(p, PROBLEM_IMAGE, "overlap");
	if (!expect) {
		plan_assert(p, ret == 0);
		plan_assert(p, pr == NULL);
		return;
	}
	plan_assert(p, ret == -EINVAL);
	plan_assert(p, pr != NULL);
	if (!pr)	/* fail_msg() returns as far as the compiler knows */
		return;
	/* Both are named, so the user finds the two sections. */
	assert_non_null(strstr(pr->msg, "segment 1"));
	assert_non_null(strstr(pr->msg, "segment 2"));
	assert_false(pr->overridden);
}

static void test_overlap(void **state)
{
	static const struct {
		uint32_t second;
		uint32_t first_memsz;
		bool overlap;
	} cases[] = {
		{ 0x00900080, 0x100, true },	/* directly */
		{ 0x00900000, 0x100, true },	/* the same address */
		{ 0x20200080, 0x100, true },	/* through the data alias */
		{ 0x00900180, 0x200, true },	/* into the first one's bss */
		{ 0x202000FC, 0x100, true },	/* one word, through the alias */
		{ 0x00900100, 0x100, false },	/* right after it */
		{ 0x20200100, 0x100, false },	/* right after, via the alias */
		{ 0x00900200, 0x200, false },	/* right after its bss */
	};
	struct fx *x = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int force = 0; force <= 1; force++) {
			fx_clear_image(x);
			add_seg(x, 0x00900000, 0x100, cases[i].first_memsz);
			add_seg(x, cases[i].second, 0x80, 0x80);
			set_vector(x, 0x00920000, 0x00900011);
			x->opt.force = force;
			check_overlap(x, cases[i].overlap);
		}
	}
}

/*
 * Many segments: a crafted image. @n segments: the first one, 16 bytes
 * at 0x00900000, holds the vector (SP 0x00920000, PC 0x00900009 inside
 * it), the others are 8 bytes at @addr(i). Its own arrays: the fixture holds MAX_SEGS.
 */
struct many {
	struct image img;
	struct image_segment *segs;
	uint8_t bytes[16];
};

static void many_build(struct many *m, size_t n, uint32_t (*addr)(size_t))
{
	memset(m, 0, sizeof(*m));
	m->segs = calloc(n, sizeof(*m->segs));
	assert_non_null(m->segs);
	put_le32(m->bytes, 0x00920000);
	put_le32(m->bytes + 4, 0x00900009);
	for (size_t i = 0; i < n; i++) {
		struct image_segment *s = &m->segs[i];

		s->index = (unsigned int)i;
		s->paddr = s->vaddr = i ? addr(i) : 0x00900000;
		s->filesz = s->memsz = i ? 8 : 16;
		s->data = m->bytes;
	}
	m->img.path = elf_path;
	m->img.format = IMAGE_ELF;
	m->img.segs = m->segs;
	m->img.n_segs = n;
	m->img.has_vector = true;
	m->img.sp = 0x00920000;
	m->img.pc = 0x00900009;
}

/* All on the same 8 bytes of OCRAM, half of them through the alias. */
static uint32_t addr_same_bytes(size_t i)
{
	return (i % 2 ? 0x20200000u : 0x00900000u) + 0x100;
}

/* Side by side in OCRAM, none touching another. */
static uint32_t addr_disjoint(size_t i)
{
	return 0x00900000u + 16 * (uint32_t)i;
}

/*
 * Each of @n segments but the first two overlaps an earlier one: one
 * problem each, the first 20 word for word, the rest summed up in one
 * blocking entry that says how many (README: Robustness).
 */
static void test_problems_capped(void **state)
{
	static const size_t counts[] = { 3, 21, 22, 23, 1000, 4096 };
	struct plan_options opt = { 0 };
	struct many m;
	struct plan p;

	(void)state;
	for (size_t k = 0; k < sizeof(counts) / sizeof(counts[0]); k++) {
		size_t n = counts[k], found = n - 2;
		char more[64];

		many_build(&m, n, addr_same_bytes);
		plan_init(&p, soc("imx7d"));
		assert_int_equal(plan_load(&p, &m.img, &opt), -EINVAL);
		assert_true(plan_blocked(&p));
		assert_int_equal(plan_exit_kind(&p), PROBLEM_IMAGE);
		if (found <= 20) {
			assert_int_equal(p.n_problems, found);
		} else {
			assert_int_equal(p.n_problems, 21);
			snprintf(more, sizeof(more), "and %zu more problems",
				 found - 20);
			if (!strstr(p.problems[20].msg, more))
				fail_msg("n %zu: last problem \"%s\", expected \"%s\"",
					 n, p.problems[20].msg, more);
			assert_false(p.problems[20].overridden);
			assert_int_equal(p.problems[20].kind, PROBLEM_IMAGE);
		}
		for (size_t i = 0; i < p.n_problems && i < 20; i++)
			assert_non_null(strstr(p.problems[i].msg, "overlap"));
		plan_free(&p);
		free(m.segs);
	}
}

/* Problems that --force overrides stay overridden when summed up. */
static void test_problems_capped_overridden(void **state)
{
	static const struct iomem_entry ram = {
		0x00900000, 0x0091ffff, 0, "System RAM"
	};
	struct iomem_map map = { .entries = (struct iomem_entry *)&ram, .n = 1 };
	struct plan_options opt = { .force = true, .iomem = &map };
	struct many m;
	struct plan p;

	(void)state;
	many_build(&m, 100, addr_disjoint);
	plan_init(&p, soc("imx7d"));
	assert_int_equal(plan_load(&p, &m.img, &opt), 0);
	assert_false(plan_blocked(&p));
	assert_int_equal(p.n_problems, 21);
	assert_true(p.problems[20].overridden);
	assert_non_null(strstr(p.problems[20].msg, "and 80 more problems"));
	plan_free(&p);

	opt.force = false;
	plan_init(&p, soc("imx7d"));
	assert_int_equal(plan_load(&p, &m.img, &opt), -EINVAL);
	assert_int_equal(plan_exit_kind(&p), PROBLEM_SAFETY);
	assert_false(p.problems[20].overridden);
	plan_free(&p);
	free(m.segs);
}

/* Disjoint segments, however many: no overlap is made up. */
static void test_overlap_many_disjoint(void **state)
{
	struct plan_options opt = { 0 };
	struct many m;
	struct plan p;

	(void)state;
	many_build(&m, 4096, addr_disjoint);
	plan_init(&p, soc("imx7d"));
	assert_int_equal(plan_load(&p, &m.img, &opt), 0);
	assert_int_equal(p.n_problems, 0);
	plan_free(&p);
	free(m.segs);
}


/* ---- safety ------------------------------------------------------------- */

static void test_firmware_owned(void **state)
{
	static const struct {
		const char *soc;
		uint32_t paddr, filesz, memsz;
		const char *owner;
	} cases[] = {
		{ "imx8mm", 0x00920000, 0x100, 0x100, "TF-A BL31" },
		{ "imx8mm", 0x20220000, 0x100, 0x100, "TF-A BL31" },
		{ "imx8mm", 0x0093FF00, 0x100, 0x100, "TF-A BL31" },
		{ "imx8mm", 0x00180000, 0x100, 0x100, "DRAM timing" },
		{ "imx8mm", 0x20187F00, 0x100, 0x100, "DRAM timing" },
		/* Only the zero fill reaches the BL31 of the 8MQ. */
		{ "imx8mq", 0x0090F000, 0x800, 0x1800, "TF-A BL31" },
		{ "imx8mn", 0x00960000, 0x100, 0x100, "TF-A BL31" },
		{ "imx8mn", 0x00188F00, 0x100, 0x100, "DRAM timing" },
		{ "imx8mp", 0x00970000, 0x100, 0x100, "TF-A BL31" },
	};
	struct fx *x = *state;
	const struct plan *p = &x->plan;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int force = 0; force <= 1; force++) {
			const struct plan_problem *pr;

			fx_clear_image(x);
			build_small(x, soc(cases[i].soc));
			add_seg(x, cases[i].paddr, cases[i].filesz,
				cases[i].memsz);
			x->opt.force = force;
			plan_assert(p, run_plan(x, cases[i].soc) == -EINVAL);
			pr = find_problem(p, PROBLEM_SAFETY, cases[i].owner);
			plan_assert(p, pr != NULL);
			/* --force or not. */
			assert_false(pr->overridden);
			assert_true(plan_blocked(p));
			plan_assert(p, count_problems(p, PROBLEM_IMAGE) == 0);
			assert_int_equal(plan_exit_kind(p), PROBLEM_SAFETY);
			assert_int_equal(p->n_ops, 0);
		}
	}
}

/* The memory beside the owned ranges is fine. */
static void test_firmware_owned_neighbours(void **state)
{
	struct fx *x = *state;

	build_small(x, soc("imx8mm"));
	add_seg(x, 0x0091FF00, 0x100, 0x100);	/* ends at BL31's start */
	assert_int_equal(run_plan(x, "imx8mm"), 0);
	plan_assert(&x->plan, x->plan.n_problems == 0);

	fx_clear_image(x);
	build_small(x, soc("imx8mq"));
	add_seg(x, 0x0090F000, 0x800, 0x1000);	/* bss up to 0x910000 */
	assert_int_equal(run_plan(x, "imx8mq"), 0);
	plan_assert(&x->plan, x->plan.n_problems == 0);
}

static void set_iomem(struct fx *x, size_t n, const struct iomem_entry *e)
{
	memcpy(x->iomem_entries, e, n * sizeof(*e));
	x->iomem.entries = x->iomem_entries;
	x->iomem.n = n;
	x->opt.iomem = &x->iomem;
}

static void test_iomem_conflicts(void **state)
{
	static const struct iomem_entry ram[] = {
		{ 0x00900000, 0x0091ffff, 0, "System RAM" },
	};
	static const struct iomem_entry claimed[] = {
		{ 0x00900000, 0x0093ffff, 0, "900000.sram" },
		{ 0x00900000, 0x0093ffff, 1, "mmio-sram" },
	};
	/* mmio-sram's claim of OCRAM: a top-level line, nothing nested. */
	static const struct iomem_entry top_level[] = {
		{ 0x00900000, 0x0091ffff, 0, "900000.sram sram@900000" },
	};
	static const struct iomem_entry elsewhere[] = {
		{ 0x00880000, 0x008fffff, 0, "reserved" },
		{ 0x80000000, 0xbfffffff, 0, "System RAM" },
	};
	struct fx *x = *state;
	const struct plan *p = &x->plan;
	const struct plan_problem *pr;

	for (int force = 0; force <= 1; force++) {
		fx_clear_image(x);
		add_seg(x, 0x00900000, 0x100, 0x100);
		set_vector(x, 0x00920000, 0x00900011);
		set_iomem(x, 1, ram);
		x->opt.force = force;
		plan_assert(p, run_plan(x, "imx7d") == (force ? 0 : -EINVAL));
		pr = find_problem(p, PROBLEM_SAFETY, "System RAM");
		plan_assert(p, pr != NULL);
		assert_int_equal(pr->overridden, force);
		assert_int_equal(plan_blocked(p), !force);
		if (force)
			check_load_shape(p, false);
		else
			assert_int_equal(plan_exit_kind(p), PROBLEM_SAFETY);

		/* The first line in the way is named, nested or not. */
		set_iomem(x, 2, claimed);
		plan_assert(p, run_plan(x, "imx7d") == (force ? 0 : -EINVAL));
		pr = find_problem(p, PROBLEM_SAFETY,
				  "900000-93ffff : 900000.sram\"");
		plan_assert(p, pr != NULL);
		assert_int_equal(pr->overridden, force);
	}

	/* A top-level line is a claim; the fix is named. */
	x->opt.force = false;
	set_iomem(x, 1, top_level);
	plan_assert(p, run_plan(x, "imx7d") == -EINVAL);
	pr = find_problem(p, PROBLEM_SAFETY, "900000-91ffff : 900000.sram");
	plan_assert(p, pr != NULL);
	if (!pr)
		return;
	assert_non_null(strstr(pr->msg, "mmio-sram"));
	assert_non_null(strstr(pr->msg, "--force"));

	/* System RAM's fix is a reserved-memory node with no-map. */
	set_iomem(x, 1, ram);
	plan_assert(p, run_plan(x, "imx7d") == -EINVAL);
	pr = find_problem(p, PROBLEM_SAFETY, "System RAM");
	plan_assert(p, pr != NULL);
	if (!pr)
		return;
	assert_non_null(strstr(pr->msg, "no-map"));

	/* Reserved (no-map) memory, and RAM elsewhere: nothing to refuse. */
	set_iomem(x, 2, elsewhere);
	assert_int_equal(run_plan(x, "imx7d"), 0);
	plan_assert(p, p->n_problems == 0);

	/* No iomem (a file as memory): not looked at. */
	set_iomem(x, 1, ram);
	x->opt.iomem = NULL;
	assert_int_equal(run_plan(x, "imx7d"), 0);
	plan_assert(p, p->n_problems == 0);
}

/*
 * /proc/iomem could not be read at all: fail closed. On-chip memory (TCM,
 * OCRAM), which Linux never takes as System RAM, is written; DDR only
 * with --force; the refusal says why.
 */
static void test_iomem_unreadable(void **state)
{
	struct fx *x = *state;
	const struct plan *p = &x->plan;
	const struct plan_problem *pr;

	x->iomem.entries = NULL;
	x->iomem.n = 0;
	x->iomem.read_error = -EISDIR;
	snprintf(x->iomem.why, sizeof(x->iomem.why), "a directory, not a file");
	x->opt.iomem = &x->iomem;

	fx_clear_image(x);
	add_seg(x, 0x00900000, 0x100, 0x100);		/* OCRAM */
	set_vector(x, 0x00920000, 0x00900011);
	assert_int_equal(run_plan(x, "imx7d"), 0);
	plan_assert(p, p->n_problems == 0);

	for (int force = 0; force <= 1; force++) {
		fx_clear_image(x);
		add_seg(x, 0x80000000, 0x100, 0x100);	/* DDR */
		set_vector(x, 0x80100000, 0x80000011);
		x->opt.force = force;
		plan_assert(p, run_plan(x, "imx7d") == (force ? 0 : -EINVAL));
		pr = find_problem(p, PROBLEM_SAFETY, "could not be read");
		plan_assert(p, pr != NULL);
		if (!pr)
			return;
		assert_non_null(strstr(pr->msg, "a directory, not a file"));
		assert_int_equal(pr->overridden, force);
		if (!force)
			assert_int_equal(plan_exit_kind(p), PROBLEM_SAFETY);
	}
	x->opt.force = false;
	x->iomem.read_error = 0;
}

/* The vector words count as written bytes for the safety rules. */
static void test_iomem_covers_vector(void **state)
{
	static const struct iomem_entry ram[] = {
		{ 0x00180000, 0x00187fff, 0, "System RAM" },
	};
	struct fx *x = *state;

	build_7d_tcm(x);
	set_iomem(x, 1, ram);
	assert_int_equal(run_plan(x, "imx7d"), -EINVAL);
	plan_assert(&x->plan, find_problem(&x->plan, PROBLEM_SAFETY,
					   "boot vector"));
}

static void check_image_before_safety(const struct plan *p)
{
	bool seen_safety = false;

	for (size_t i = 0; i < p->n_problems; i++) {
		if (p->problems[i].kind == PROBLEM_SAFETY)
			seen_safety = true;
		else
			plan_assert(p, !seen_safety);
	}
}

static void test_problem_order(void **state)
{
	static const struct iomem_entry ram[] = {
		{ 0x007E0000, 0x0081ffff, 0, "System RAM" },
	};
	struct fx *x = *state;
	const struct plan *p = &x->plan;

	/*
	 * Owned memory and memory Linux uses (the segment in TCM and the
	 * vector words) first in the image, a misfit last: image first.
	 */
	for (int force = 0; force <= 1; force++) {
		fx_clear_image(x);
		build_small(x, soc("imx8mm"));
		add_seg(x, 0x00920000, 0x100, 0x100);
		add_seg(x, 0x30000000, 0x100, 0x100);
		set_iomem(x, 1, ram);
		x->opt.force = force;
		assert_int_equal(run_plan(x, "imx8mm"), -EINVAL);
		plan_assert(p, count_problems(p, PROBLEM_IMAGE) == 1);
		plan_assert(p, count_problems(p, PROBLEM_SAFETY) == 3);
		check_image_before_safety(p);
		assert_int_equal(plan_exit_kind(p), PROBLEM_IMAGE);
	}

	/* A forced vector problem no longer decides the exit code. */
	fx_clear_image(x);
	add_seg(x, 0x1FFE0000, 0x100, 0x100);
	set_vector(x, 0x20020002, 0x1FFE0011);		/* misaligned SP */
	add_seg(x, 0x00920000, 0x100, 0x100);		/* owned */
	x->opt.force = true;
	x->opt.iomem = NULL;
	assert_int_equal(run_plan(x, "imx8mm"), -EINVAL);
	check_image_before_safety(p);
	plan_assert(p, find_problem(p, PROBLEM_IMAGE, "SP") != NULL);
	assert_true(find_problem(p, PROBLEM_IMAGE, "SP")->overridden);
	assert_int_equal(plan_exit_kind(p), PROBLEM_SAFETY);

	/* A vector problem (image) is listed before an iomem one (safety). */
	fx_clear_image(x);
	add_seg(x, 0x1FFE0000, 0x100, 0x100);
	set_vector(x, 0x20020002, 0x1FFE0010);
	set_iomem(x, 1, ram);
	x->opt.force = false;
	assert_int_equal(run_plan(x, "imx8mm"), -EINVAL);
	plan_assert(p, count_problems(p, PROBLEM_IMAGE) == 2);
	plan_assert(p, count_problems(p, PROBLEM_SAFETY) == 1);
	check_image_before_safety(p);
	assert_int_equal(plan_exit_kind(p), PROBLEM_IMAGE);
}

/* ---- windows ------------------------------------------------------------ */

static void test_windows(void **state)
{
	struct fx *x = *state;
	const struct plan *p = &x->plan;
	bool ccm_optional = false, src = false;

	fx_clear_image(x);
	build_small(x, soc("imx8mm"));
	add_seg(x, 0x40000000, 0x1000, 0x3000);		/* DDR */
	assert_int_equal(run_plan(x, "imx8mm"), 0);
	check_windows(p);
	for (size_t i = 0; i < p->n_windows; i++) {
		const struct plan_window *w = &p->windows[i];

		assert_true(w->len > 0);
		if (w->addr <= CCM_ROOT && CCM_ROOT < w->addr + w->len)
			ccm_optional = w->optional;
		if (w->addr <= SRC_M4RCR && SRC_M4RCR < w->addr + w->len) {
			src = true;
			assert_false(w->optional);
		}
		/* Only the clock may be refused. */
		if (w->optional)
			assert_true(w->addr <= CCM_ROOT &&
				    CCM_ROOT < w->addr + w->len);
	}
	assert_true(ccm_optional);
	assert_true(src);
	assert_true(window_holds(p, 0x40000000, 0x3000, false));

	/* 7D: the conditional step's register is mapped too. */
	fx_clear_image(x);
	build_7d_tcm(x);
	assert_int_equal(run_plan(x, "imx7d"), 0);
	check_windows(p);
	assert_true(window_holds(p, 0x303600B0, 4, false));
	assert_true(window_holds(p, CCM_ROOT, 4, false));
	for (size_t i = 0; i < p->n_windows; i++)
		assert_false(p->windows[i].optional);
}

/* ---- the other plans ---------------------------------------------------- */

static void test_plan_stop(void **state)
{
	(void)state;
	for (size_t k = 0; soc_table[k]; k++) {
		const struct soc_desc *s = soc_table[k];
		const struct ctrl_facts *f = facts_of(s);
		struct plan p;
		size_t n = f->n_stop;

		plan_init(&p, s);
		assert_int_equal(plan_stop(&p), 0);
		plan_assert(&p, p.n_ops == n + 1);
		for (size_t i = 0; i < n; i++)
			assert_fact(&p, i, &f->stop[i]);
		assert_int_equal(p.ops[0].core, PLAN_CORE_HOLDS);
		assert_int_equal(p.ops[n].kind, PLAN_EXPECT);
		assert_int_equal(p.ops[n].addr, f->held_reg);
		assert_int_equal(p.ops[n].mask, f->held_mask);
		assert_int_equal(p.ops[n].value, f->held_mask);
		assert_int_equal(count_core(&p, PLAN_CORE_RELEASES), 0);
		assert_int_equal(p.n_problems, 0);
		check_windows(&p);
		plan_free(&p);
	}
}

static void test_plan_start(void **state)
{
	(void)state;
	for (size_t k = 0; soc_table[k]; k++) {
		const struct soc_desc *s = soc_table[k];
		const struct ctrl_facts *f = facts_of(s);
		size_t nc = f->n_clock, ns = f->n_start;
		struct plan p;

		plan_init(&p, s);
		assert_int_equal(plan_start(&p), 0);
		for (size_t i = 0; i < nc; i++) {
			assert_fact(&p, i, &f->clock[i]);
			assert_int_equal(p.ops[i].optional,
					 s->clock_may_be_unmappable);
		}
		plan_assert(&p, p.ops[nc].kind == PLAN_BARRIER);
		for (size_t i = 0; i < ns; i++)
			assert_fact(&p, nc + 1 + i, &f->start[i]);
		assert_int_equal(p.ops[nc + 1].core, PLAN_CORE_RELEASES);
		assert_int_equal(count_core(&p, PLAN_CORE_RELEASES), 1);
		assert_int_equal(count_core(&p, PLAN_CORE_HOLDS), 0);
		/* Running: hold bit clear, then ENABLE set. */
		plan_assert(&p, p.n_ops == nc + 1 + ns + 2);
		assert_int_equal(p.ops[nc + 1 + ns].kind, PLAN_EXPECT);
		assert_int_equal(p.ops[nc + 1 + ns].addr, f->held_reg);
		assert_int_equal(p.ops[nc + 1 + ns].mask, f->held_mask);
		assert_int_equal(p.ops[nc + 1 + ns].value, 0);
		assert_int_equal(p.ops[nc + 2 + ns].kind, PLAN_EXPECT);
		assert_int_equal(p.ops[nc + 2 + ns].addr, f->enable_reg);
		assert_int_equal(p.ops[nc + 2 + ns].mask, f->enable_mask);
		assert_int_equal(p.ops[nc + 2 + ns].value, f->enable_mask);
		check_windows(&p);
		plan_free(&p);
	}
}

static void test_plan_kick(void **state)
{
	static const struct {
		const char *soc;
		uint16_t vqid;
		uint32_t addr, value;
		const char *line;
	} cases[] = {
		{ "imx7d", 1, 0x30AA0004, 0x00010000,
		  "write32 0x30aa0004 0x00010000  MU_ATR1: kick virtqueue 1" },
		{ "imx6sx", 0, 0x02294004, 0x00000000, NULL },
		{ "imx8mm", 0xFFFF, 0x30AA0004, 0xFFFF0000, NULL },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct plan p;
		char line[256];

		plan_init(&p, soc(cases[i].soc));
		assert_int_equal(plan_kick(&p, cases[i].vqid), 0);
		assert_int_equal(p.n_ops, 1);
		assert_int_equal(p.ops[0].kind, PLAN_WRITE32);
		assert_int_equal(p.ops[0].addr, cases[i].addr);
		assert_int_equal(p.ops[0].value, cases[i].value);
		assert_int_equal(p.ops[0].core, PLAN_CORE_NONE);
		check_windows(&p);
		if (cases[i].line) {
			plan_format_op(&p.ops[0], line, sizeof(line));
			assert_string_equal(line, cases[i].line);
		}
		plan_free(&p);
	}
}

/* ---- the dry-run format ------------------------------------------------- */

static void assert_line(const struct plan *p, size_t i, const char *want)
{
	char line[256];

	plan_assert(p, i < p->n_ops);
	plan_format_op(&p->ops[i], line, sizeof(line));
	assert_string_equal(line, want);
}

static void test_format_ops(void **state)
{
	struct fx *x = *state;
	const struct plan *p = &x->plan;
	size_t i, barrier;
	char line[256];
	char *buf = NULL;
	size_t size = 0, lines = 0;
	FILE *out;

	build_7d_tcm(x);
	assert_int_equal(run_plan(x, "imx7d"), 0);
	assert_line(p, 0, "write32 0x3039000c 0x0000000b  SRC_M4RCR: hold M4 in reset (mask 0x0000000f)");
	assert_line(p, 1, "expect  0x3039000c 0x00000001  SRC_M4RCR: M4 held in reset (mask 0x00000001)");
	assert_line(p, 2, "write32 0x30384010 0x00000003  CCM_CCGR1: M4 clock gate on (mask 0x00000003)");
	assert_line(p, 4, "write32 0x303600b0 0x00000000  CCM_ANALOG_PLL_480: open the PLL_SYS_MAIN_240M gate (mask 0x00000020, if [0x30388080] & 0x07000000 == 0x01000000)");
	assert_line(p, 5, "copy    0x007f8000 0x1f40      TCML  <- fw.elf segment 1");
	assert_line(p, 6, "copy    0x00800000 0x1f40      TCMU  <- fw.elf segment 2");
	assert_line(p, 7, "fill    0x00801f40 0x0200      TCMU  zero");
	assert_line(p, 8, "write32 0x00180000 0x20008000  boot SP");
	assert_line(p, 9, "write32 0x00180004 0x1fff8101  boot PC");
	assert_line(p, 10, "verify  0x007f8000 0x1f40      TCML  == fw.elf segment 1");
	assert_line(p, 12, "verify  0x00801f40 0x0200      TCMU  zero");
	assert_line(p, 13, "verify  0x00180000 0x0008      boot vector");
	barrier = find_kind(p, 0, PLAN_BARRIER);
	plan_format_op(&p->ops[barrier], line, sizeof(line));
	assert_true(strncmp(line, "barrier ", 8) == 0);
	assert_line(p, barrier + 1, "write32 0x3039000c 0x0000000e  SRC_M4RCR: release M4 (mask 0x0000000f)");
	assert_line(p, barrier + 2, "expect  0x3039000c 0x00000000  SRC_M4RCR: M4 out of reset (mask 0x00000001)");
	assert_line(p, barrier + 3, "expect  0x3039000c 0x00000008  SRC_M4RCR: M4 enabled (mask 0x00000008)");

	/* plan_print: one line per op, each as plan_format_op() makes it. */
	out = open_memstream(&buf, &size);
	assert_non_null(out);
	plan_print(p, out);
	fclose(out);
	for (char *s = buf; (s = strchr(s, '\n')); s++)
		lines++;
	assert_int_equal(lines, p->n_ops);
	plan_format_op(&p->ops[5], line, sizeof(line));
	assert_non_null(strstr(buf, line));
	free(buf);

	/* A short buffer is cut, never overrun. */
	for (i = 0; i < p->n_ops; i++) {
		char small[12];

		memset(small, 'x', sizeof(small));
		plan_format_op(&p->ops[i], small, 8);
		assert_int_equal(strlen(small), 7);
		assert_int_equal(small[8], 'x');
	}
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
	const struct CMUnitTest sequence[] = {
		T(test_7d_load_shape),
		T(test_7d_exact_values),
		T(test_6sx_exact_values),
		T(test_8mn_8mp_exact_values),
		T(test_8mq_8mm_exact_values),
		T(test_every_soc_shape),
		T(test_no_start),
		T(test_7d_epdc_enable),
		T(test_zero_fill_only_at_run_address),
		T(test_windows),
	};
	const struct CMUnitTest vector[] = {
		T(test_vector_written_when_not_covered),
		T(test_vector_covered),
		T(test_vector_covered_is_checked),
		T(test_vector_partly_covered),
		T(test_vector_zero_filled),
		T(test_vector_missing),
		T(test_vector_short_first_segment),
		T(test_vector_sp_rules),
		T(test_vector_pc_rules),
	};
	const struct CMUnitTest memory_map[] = {
		T(test_memory_map_misfits),
		T(test_memory_map_row_end_fits),
		T(test_raw_a_view),
		T(test_m_view_translation),
		T(test_overlap),
		cmocka_unit_test(test_problems_capped),
		cmocka_unit_test(test_problems_capped_overridden),
		cmocka_unit_test(test_overlap_many_disjoint),
	};
	const struct CMUnitTest safety[] = {
		T(test_firmware_owned),
		T(test_firmware_owned_neighbours),
		T(test_iomem_conflicts),
		T(test_iomem_unreadable),
		T(test_iomem_covers_vector),
		T(test_problem_order),
	};
	const struct CMUnitTest other_plans[] = {
		cmocka_unit_test(test_plan_stop),
		cmocka_unit_test(test_plan_start),
		cmocka_unit_test(test_plan_kick),
		T(test_format_ops),
	};
#undef T
	int failed = 0;

	failed += cmocka_run_group_tests_name("plan: load sequence", sequence,
					      NULL, NULL);
	failed += cmocka_run_group_tests_name("plan: boot vector", vector,
					      NULL, NULL);
	failed += cmocka_run_group_tests_name("plan: memory map", memory_map,
					      NULL, NULL);
	failed += cmocka_run_group_tests_name("plan: safety", safety, NULL,
					      NULL);
	failed += cmocka_run_group_tests_name("plan: stop, start, kick, format",
					      other_plans, NULL, NULL);
	return failed ? 1 : 0;
}
