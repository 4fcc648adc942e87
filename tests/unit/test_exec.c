// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The executor against the fake memory backend: plans from plan_load()
 * run on the SoC's registers and memories, declared as fake regions, with
 * hardware misbehaving on purpose (refused mappings, writes that do not
 * stick, states never reached, bus faults, signals). What matters in each
 * case is where the core is left: never running a half-written image.
 * The last group checks the fake itself, since every test here trusts it.
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

#include "m4fw/exec.h"
#include "m4fw/image.h"
#include "m4fw/log.h"
#include "m4fw/mem.h"
#include "m4fw/plan.h"
#include "m4fw/soc.h"
#include "mem_fake.h"
#include "plan_priv.h"

#define MAX_SEGS 8
#define BIT(n)		(UINT32_C(1) << (n))

#define SRC_MRCR	0x3039000Cu	/* SRC_M4RCR / SRC_M7RCR */
#define CCM_CCGR1	0x30384010u
#define CCM_ROOT	0x30388080u	/* 7D TARGET_ROOT1, 8M core root */
#define CCM_PLL_480	0x303600B0u
#define IOMUXC_GPR1	0x30340004u
#define IOMUXC_GPR22	0x30340058u
#define MU_ATR1		0x30AA0004u

/* Running, ENABLE set, with bits of other blocks that must survive. */
#define SRC_SEED	0xF00000A8u

static char elf_path[] = "fw.elf";

struct ex {
	struct image img;
	struct image_segment segs[MAX_SEGS];
	uint8_t *data[MAX_SEGS];
	struct plan plan;
	bool planned;
	struct plan_options opt;
	struct mem_fake *f;
	struct mem m;
	struct exec x;
	volatile sig_atomic_t intr;
	/* For hooks. */
	size_t hook_calls;
	bool hook_armed;
};

static int ex_setup(void **state)
{
	struct ex *e = calloc(1, sizeof(*e));

	if (!e)
		return -1;
	e->img.path = elf_path;
	e->img.format = IMAGE_ELF;
	e->img.segs = e->segs;
	*state = e;
	return 0;
}

static void ex_drop_fake(struct ex *e)
{
	exec_release(&e->x);
	memset(&e->x, 0, sizeof(e->x));
	if (e->m.ops)
		mem_close(&e->m);
	mem_fake_free(e->f);
	e->f = NULL;
}

static int ex_teardown(void **state)
{
	struct ex *e = *state;

	ex_drop_fake(e);
	if (e->planned)
		plan_free(&e->plan);
	for (size_t i = 0; i < MAX_SEGS; i++)
		free(e->data[i]);
	free(e);
	return 0;
}

/* ---- images ------------------------------------------------------------- */

static void put_le32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

static struct image_segment *add_seg(struct ex *e, uint32_t paddr,
				     uint32_t filesz, uint32_t memsz)
{
	size_t n = e->img.n_segs;
	struct image_segment *s = &e->segs[n];

	assert_true(n < MAX_SEGS);
	e->data[n] = malloc(filesz ? filesz : 1);
	assert_non_null(e->data[n]);
	for (uint32_t i = 0; i < filesz; i++)
		e->data[n][i] = (uint8_t)(0x5A ^ (i * 29) ^ (n << 5));
	s->index = (unsigned int)n + 1;
	s->paddr = paddr;
	s->vaddr = paddr;
	s->filesz = filesz;
	s->memsz = memsz;
	s->data = e->data[n];
	s->zero_fill = memsz > filesz;
	e->img.n_segs++;
	return s;
}

/* The vector is the first 8 bytes of the first segment, as in a real image. */
static void set_vector(struct ex *e, uint32_t sp, uint32_t pc)
{
	put_le32(e->data[0], sp);
	put_le32(e->data[0] + 4, pc);
	e->img.has_vector = true;
	e->img.sp = sp;
	e->img.pc = pc;
}

/* i.MX7D: code in TCML, data + bss in TCMU, vector written to OCRAM_S. */
static void build_7d_tcm(struct ex *e)
{
	add_seg(e, 0x1FFF8000, 0x1f40, 0x1f40);
	add_seg(e, 0x20000000, 0x1f3e, 0x2141);	/* odd sizes on purpose */
	set_vector(e, 0x20008000, 0x1FFF8101);
}

/* An image in the row of the boot alias, not covering the alias. */
static void build_small(struct ex *e, const struct soc_desc *s)
{
	const struct soc_region *row = &s->regions[0];

	add_seg(e, row->m_addr + 0x100, 0x100, 0x183);
	set_vector(e, row->m_addr + row->size, row->m_addr + 0x111);
}

/* ---- the SoC as fake memory --------------------------------------------- */

struct range {
	uint64_t addr;
	uint64_t len;
	const char *name;
};

static void add_range(struct range *r, size_t *n, size_t cap, uint64_t addr,
		      uint64_t len, const char *name)
{
	assert_true(*n < cap);
	r[*n].addr = addr;
	r[*n].len = len;
	r[*n].name = name;
	(*n)++;
}

static void add_reg_page(struct range *r, size_t *n, size_t cap,
			 uint32_t addr)
{
	if (addr)
		add_range(r, n, cap, addr & ~UINT32_C(0xFFF), 0x1000,
			  "registers");
}

static void add_recipe_pages(struct range *r, size_t *n, size_t cap,
			     const struct soc_recipe *rc)
{
	for (size_t i = 0; i < rc->n_steps; i++) {
		add_reg_page(r, n, cap, rc->steps[i].addr);
		if (rc->steps[i].if_mask)
			add_reg_page(r, n, cap, rc->steps[i].if_addr);
	}
}

static int cmp_range(const void *a, const void *b)
{
	const struct range *ra = a, *rb = b;

	return ra->addr < rb->addr ? -1 : ra->addr > rb->addr;
}

/*
 * Declare what the SoC has: a page around each register the recipes use,
 * and every on-chip memory (rows that alias one memory become one region).
 * DDR and flash are left out: an access there is a violation.
 */
static void declare_soc(struct mem_fake *f, const struct soc_desc *s)
{
	struct range r[64];
	size_t n = 0, i;

	add_recipe_pages(r, &n, 64, &s->stop);
	add_recipe_pages(r, &n, 64, &s->start);
	add_recipe_pages(r, &n, 64, &s->clock);
	add_reg_page(r, &n, 64, s->held_reg);
	add_reg_page(r, &n, 64, s->enable_reg);
	add_reg_page(r, &n, 64, s->mu_atr1);
	for (i = 0; i < s->n_regions; i++) {
		const struct soc_region *row = &s->regions[i];

		if (row->enable)
			add_reg_page(r, &n, 64, row->enable->addr);
		if (row->kind != REGION_XIP && row->kind != REGION_DDR)
			add_range(r, &n, 64, row->a_addr, row->size,
				  row->name);
	}
	qsort(r, n, sizeof(r[0]), cmp_range);
	for (i = 0; i < n;) {
		uint64_t start = r[i].addr, end = r[i].addr + r[i].len;
		const char *name = r[i].name;

		for (i++; i < n && r[i].addr <= end; i++)
			if (r[i].addr + r[i].len > end)
				end = r[i].addr + r[i].len;
		assert_int_equal(mem_fake_add_region(f, start, end - start,
						     name), 0);
	}
}

/* A new fake for the planned SoC, registers seeded like a running board. */
static void ex_fake(struct ex *e)
{
	const struct soc_desc *s = e->plan.soc;

	ex_drop_fake(e);
	e->f = mem_fake_new();
	assert_non_null(e->f);
	declare_soc(e->f, s);
	mem_fake_bind(e->f, &e->m);
	e->intr = 0;
	e->hook_calls = 0;
	e->hook_armed = false;
	if (strcmp(s->name, "imx7d") == 0) {
		mem_fake_poke32(e->f, SRC_MRCR, SRC_SEED);
		mem_fake_poke32(e->f, CCM_CCGR1, 0x00003300);
		mem_fake_poke32(e->f, CCM_ROOT, 0x00000005);
		mem_fake_poke32(e->f, CCM_PLL_480, 0x80002023);
		mem_fake_poke32(e->f, IOMUXC_GPR1, 0x00000505);
	}
}

static void ex_plan(struct ex *e, const char *soc_name)
{
	const struct soc_desc *s = soc_find(soc_name);

	assert_non_null(s);
	if (e->planned)
		plan_free(&e->plan);
	plan_init(&e->plan, s);
	e->planned = true;
	assert_int_equal(plan_load(&e->plan, &e->img, &e->opt), 0);
	ex_fake(e);
}

static int ex_prepare(struct ex *e)
{
	return exec_prepare(&e->x, &e->plan, &e->m);
}

static int ex_run(struct ex *e)
{
	e->x.interrupted = &e->intr;
	return exec_run(&e->x);
}

/* Prepare and run; prepare must succeed. */
static int ex_go(struct ex *e)
{
	int ret = ex_prepare(e);

	mem_fake_assert(e->f, ret == 0);
	return ex_run(e);
}

/* ---- looking at the log ------------------------------------------------- */

static size_t count_ops(const struct mem_fake *f, unsigned int ops,
			uint64_t addr, uint64_t len)
{
	struct mem_fake_match m = { .ops = ops, .addr = addr, .len = len };

	return mem_fake_log_count_matching(f, mem_fake_match, &m);
}

static size_t writes_to(const struct mem_fake *f, uint32_t addr)
{
	return count_ops(f, MEM_FAKE_WRITES, addr, 4);
}

static size_t last_write_to(const struct mem_fake *f, uint32_t addr)
{
	struct mem_fake_match m = {
		.ops = MEM_FAKE_OP_BIT(MEM_FAKE_WRITE32), .addr = addr, .len = 4,
	};

	return mem_fake_log_find_last(f, mem_fake_match, &m);
}

/* A write of the release value that the hardware accepted. */
static bool is_release(const struct mem_fake_access *a, const void *arg)
{
	const struct soc_reg_update *u = arg;

	return a->op == MEM_FAKE_WRITE32 && a->addr == u->addr &&
	       a->result == 0 && (a->value & u->mask) == u->value;
}

static bool release_written(const struct ex *e)
{
	return mem_fake_log_find(e->f, 0, is_release,
				 &e->plan.soc->start.steps[0]) !=
	       MEM_FAKE_NONE;
}

static bool held_now(const struct ex *e)
{
	const struct soc_desc *s = e->plan.soc;

	return (mem_fake_peek32(e->f, s->held_reg) & s->held_mask) != 0;
}

static bool is_stored_write(const struct mem_fake_access *a, const void *arg)
{
	(void)arg;
	return (a->op == MEM_FAKE_WRITE32 || a->op == MEM_FAKE_WRITE_BLOCK) &&
	       a->result == 0 && !a->dropped;
}

/* The image's bytes, zero fills and vector are in memory. */
static void check_image_in_memory(struct ex *e)
{
	const struct plan *p = &e->plan;

	for (size_t i = 0; i < p->n_placements; i++) {
		const struct plan_placement *pl = &p->placements[i];
		const uint8_t *mem = mem_fake_bytes(e->f, pl->a_addr,
						    pl->copy_len + pl->zero_len);

		assert_non_null(mem);
		assert_memory_equal(mem, pl->seg->data, pl->copy_len);
		for (uint32_t k = 0; k < pl->zero_len; k++)
			assert_int_equal(mem[pl->copy_len + k], 0);
	}
	assert_int_equal(mem_fake_peek32(e->f, p->soc->boot_alias_a), p->sp);
	assert_int_equal(mem_fake_peek32(e->f, p->soc->boot_alias_a + 4),
			 p->pc);
}

/* Garbage where the zero fills go, so that zeroing is seen. */
static void dirty_fills(struct ex *e)
{
	const struct plan *p = &e->plan;

	for (size_t i = 0; i < p->n_placements; i++) {
		const struct plan_placement *pl = &p->placements[i];
		uint8_t *mem = mem_fake_bytes(e->f, pl->a_addr + pl->copy_len,
					      pl->zero_len);

		if (pl->zero_len)
			memset(mem, 0xEE, pl->zero_len);
	}
}

/* ---- success ------------------------------------------------------------ */

static void test_7d_load(void **state)
{
	struct ex *e = *state;

	build_7d_tcm(e);
	ex_plan(e, "imx7d");
	dirty_fills(e);
	mem_fake_assert(e->f, ex_go(e) == 0);
	mem_fake_assert(e->f, mem_fake_violations(e->f) == 0);
	check_image_in_memory(e);

	/* Only the M4 bits moved: ENABLE kept, released, the rest kept. */
	assert_int_equal(mem_fake_peek32(e->f, SRC_MRCR), 0xF00000AE);
	assert_int_equal(mem_fake_peek32(e->f, CCM_CCGR1), 0x00003303);
	assert_int_equal(mem_fake_peek32(e->f, CCM_ROOT), 0x10000005);
	/* Mux 0: the PLL gate is not the M4's business. */
	assert_int_equal(mem_fake_peek32(e->f, CCM_PLL_480), 0x80002023);
	assert_int_equal(count_ops(e->f, MEM_FAKE_ACCESSES, CCM_PLL_480, 4),
			 0);
	/* No OCRAM_EPDC in this image. */
	assert_int_equal(mem_fake_peek32(e->f, IOMUXC_GPR1), 0x00000505);
	assert_int_equal(writes_to(e->f, IOMUXC_GPR1), 0);
	assert_true(e->x.core_released);
	assert_false(e->x.core_held);

	/* Barrier after the last read-back, before the release. */
	{
		struct mem_fake_match v = {
			.ops = MEM_FAKE_OP_BIT(MEM_FAKE_VERIFY) };
		struct mem_fake_match b = {
			.ops = MEM_FAKE_OP_BIT(MEM_FAKE_BARRIER) };
		size_t last_verify = mem_fake_log_find_last(e->f,
						mem_fake_match, &v);
		size_t barrier = mem_fake_log_find(e->f, 0, mem_fake_match,
						   &b);
		size_t rel = mem_fake_log_find(e->f, 0, is_release,
					       &e->plan.soc->start.steps[0]);
		size_t last_block = mem_fake_log_find_last(e->f,
						is_stored_write, NULL);

		mem_fake_assert(e->f, last_verify != MEM_FAKE_NONE);
		mem_fake_assert(e->f, barrier > last_verify);
		mem_fake_assert(e->f, rel > barrier && rel != MEM_FAKE_NONE);
		mem_fake_assert(e->f, last_block == rel);
	}
}

/* On silicon SW_M4C_RST and SW_M4P_RST clear themselves. */
static void test_7d_self_clearing(void **state)
{
	struct ex *e = *state;

	build_7d_tcm(e);
	ex_plan(e, "imx7d");
	assert_int_equal(mem_fake_self_clearing(e->f, SRC_MRCR, 0x6), 0);
	mem_fake_assert(e->f, ex_go(e) == 0);
	assert_int_equal(mem_fake_peek32(e->f, SRC_MRCR), 0xF00000A8);
	check_image_in_memory(e);
}

static bool is_map(const struct mem_fake_access *a, const void *arg)
{
	(void)arg;
	return a->op == MEM_FAKE_MAP;
}

static bool is_not_map(const struct mem_fake_access *a, const void *arg)
{
	(void)arg;
	return a->op != MEM_FAKE_MAP;
}

/*
 * Every window is mapped before the first access, so that a refusal
 * comes before anything is written; and the windows are enough: the fake
 * refuses any access outside what was mapped.
 */
static void test_maps_before_access(void **state)
{
	struct ex *e = *state;

	for (size_t k = 0; soc_table[k]; k++) {
		const struct plan *p = &e->plan;
		size_t last_map, first_access, i;

		for (i = 0; i < MAX_SEGS; i++) {
			free(e->data[i]);
			e->data[i] = NULL;
		}
		e->img.n_segs = 0;
		build_small(e, soc_table[k]);
		ex_plan(e, soc_table[k]->name);
		dirty_fills(e);
		mem_fake_assert(e->f, ex_go(e) == 0);
		mem_fake_assert(e->f, mem_fake_violations(e->f) == 0);
		check_image_in_memory(e);
		assert_true(p->n_windows > 0);

		last_map = mem_fake_log_find_last(e->f, is_map, NULL);
		first_access = mem_fake_log_find(e->f, 0, is_not_map, NULL);
		mem_fake_assert(e->f, last_map + 1 == p->n_windows);
		mem_fake_assert(e->f, first_access == p->n_windows);
		for (i = 0; i < p->n_windows; i++) {
			const struct mem_fake_access *a =
				mem_fake_log_at(e->f, i);

			assert_int_equal(a->addr, p->windows[i].addr);
			assert_int_equal(a->len, p->windows[i].len);
			assert_int_equal(a->result, 0);
			assert_true(e->x.window_mapped[i]);
		}
		assert_true(release_written(e));
		assert_false(held_now(e));
	}
}

/* The 7D's PLL gate is opened only when the M4 root takes that PLL. */
static void test_7d_pll_conditional(void **state)
{
	static const struct {
		uint32_t root;
		bool opened;
	} cases[] = {
		{ 0x01000000, true },
		{ 0x11000003, true },	/* root already on */
		{ 0x00000000, false },
		{ 0x02000000, false },
		{ 0x05000000, false },	/* 26:24 = 5: bit 24 alone is not it */
		{ 0x07000000, false },
		{ 0x00FFFFFF, false },	/* bits around the mux, not in it */
	};
	struct ex *e = *state;

	build_7d_tcm(e);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ex_plan(e, "imx7d");
		mem_fake_poke32(e->f, CCM_ROOT, cases[i].root);
		mem_fake_assert(e->f, ex_go(e) == 0);
		assert_int_equal(mem_fake_peek32(e->f, CCM_ROOT),
				 cases[i].root | BIT(28));
		if (cases[i].opened) {
			/* Active-low gate cleared, the rest of PLL_480 kept. */
			assert_int_equal(mem_fake_peek32(e->f, CCM_PLL_480),
					 0x80002003);
			assert_int_equal(writes_to(e->f, CCM_PLL_480), 1);
		} else {
			assert_int_equal(mem_fake_peek32(e->f, CCM_PLL_480),
					 0x80002023);
			assert_int_equal(count_ops(e->f, MEM_FAKE_ACCESSES,
						   CCM_PLL_480, 4), 0);
		}
	}
}

/* OCRAM_EPDC goes to general use before the first byte lands there. */
static void test_7d_epdc(void **state)
{
	struct ex *e = *state;
	size_t en, first;

	add_seg(e, 0x00920000, 0x100, 0x100);
	set_vector(e, 0x00940000, 0x00920011);
	ex_plan(e, "imx7d");
	mem_fake_assert(e->f, ex_go(e) == 0);
	check_image_in_memory(e);
	assert_int_equal(mem_fake_peek32(e->f, IOMUXC_GPR1), 0x40000505);
	en = last_write_to(e->f, IOMUXC_GPR1);
	first = mem_fake_log_find(e->f, 0, mem_fake_match,
				  &(struct mem_fake_match) {
					.ops = MEM_FAKE_WRITES,
					.addr = 0x00920000, .len = 0x20000 });
	mem_fake_assert(e->f, en != MEM_FAKE_NONE);
	mem_fake_assert(e->f, first != MEM_FAKE_NONE && en < first);
}

static void test_no_start(void **state)
{
	struct ex *e = *state;

	build_7d_tcm(e);
	e->opt.no_start = true;
	ex_plan(e, "imx7d");
	mem_fake_assert(e->f, ex_go(e) == 0);
	check_image_in_memory(e);
	assert_int_equal(mem_fake_peek32(e->f, SRC_MRCR), 0xF00000AB);
	assert_false(release_written(e));
	assert_true(e->x.core_held);
	assert_false(e->x.core_released);
}

/* 8MN: the M7 is released by CPUWAIT alone; SRC is set once, by stop. */
static void test_8mn_load(void **state)
{
	struct ex *e = *state;

	add_seg(e, 0x00000000, 0x400, 0x800);	/* ITCM, holds the vector */
	set_vector(e, 0x20020000, 0x00000201);
	ex_plan(e, "imx8mn");
	mem_fake_poke32(e->f, SRC_MRCR, 0x000000A8);
	mem_fake_poke32(e->f, IOMUXC_GPR22, 0x00000F30);
	mem_fake_assert(e->f, ex_go(e) == 0);
	mem_fake_assert(e->f, mem_fake_violations(e->f) == 0);
	check_image_in_memory(e);
	assert_int_equal(mem_fake_peek32(e->f, IOMUXC_GPR22), 0x00000F30);
	assert_int_equal(mem_fake_peek32(e->f, SRC_MRCR), 0x000000AA);
	assert_int_equal(writes_to(e->f, SRC_MRCR), 1);
	assert_int_equal(writes_to(e->f, IOMUXC_GPR22), 2);
	/* CPUWAIT set before SRC is touched. */
	mem_fake_assert(e->f, last_write_to(e->f, SRC_MRCR) >
			       mem_fake_log_find(e->f, 0, mem_fake_match,
				&(struct mem_fake_match) {
					.ops = MEM_FAKE_WRITES,
					.addr = IOMUXC_GPR22, .len = 4 }));
}

static int run_plan_on(struct ex *e, struct plan *p)
{
	int ret = exec_prepare(&e->x, p, &e->m);

	if (!ret)
		ret = exec_run(&e->x);
	exec_release(&e->x);
	return ret;
}

static void test_stop_start_kick(void **state)
{
	struct ex *e = *state;
	struct plan p;

	build_7d_tcm(e);
	ex_plan(e, "imx7d");

	plan_init(&p, e->plan.soc);
	assert_int_equal(plan_stop(&p), 0);
	mem_fake_assert(e->f, run_plan_on(e, &p) == 0);
	plan_free(&p);
	assert_int_equal(mem_fake_peek32(e->f, SRC_MRCR), 0xF00000AB);

	plan_init(&p, e->plan.soc);
	assert_int_equal(plan_start(&p), 0);
	mem_fake_assert(e->f, run_plan_on(e, &p) == 0);
	plan_free(&p);
	assert_int_equal(mem_fake_peek32(e->f, SRC_MRCR), 0xF00000AE);

	plan_init(&p, e->plan.soc);
	assert_int_equal(plan_kick(&p, 3), 0);
	mem_fake_assert(e->f, run_plan_on(e, &p) == 0);
	plan_free(&p);
	assert_int_equal(mem_fake_peek32(e->f, MU_ATR1), 0x00030000);
	mem_fake_assert(e->f, mem_fake_violations(e->f) == 0);

	/* 8MN: stop sets CPUWAIT and SRC; start clears CPUWAIT only. */
	for (size_t i = 0; i < MAX_SEGS; i++) {
		free(e->data[i]);
		e->data[i] = NULL;
	}
	e->img.n_segs = 0;
	build_small(e, soc_find("imx8mn"));
	ex_plan(e, "imx8mn");
	mem_fake_poke32(e->f, SRC_MRCR, 0x000000A8);
	mem_fake_poke32(e->f, IOMUXC_GPR22, 0x00000F30);
	plan_init(&p, e->plan.soc);
	assert_int_equal(plan_stop(&p), 0);
	mem_fake_assert(e->f, run_plan_on(e, &p) == 0);
	plan_free(&p);
	assert_int_equal(mem_fake_peek32(e->f, IOMUXC_GPR22), 0x00000F31);
	assert_int_equal(mem_fake_peek32(e->f, SRC_MRCR), 0x000000AA);
	plan_init(&p, e->plan.soc);
	assert_int_equal(plan_start(&p), 0);
	mem_fake_assert(e->f, run_plan_on(e, &p) == 0);
	plan_free(&p);
	assert_int_equal(mem_fake_peek32(e->f, IOMUXC_GPR22), 0x00000F30);
	assert_int_equal(mem_fake_peek32(e->f, SRC_MRCR), 0x000000AA);
}

/* ---- failures ------------------------------------------------------------ */

/* Nothing but mappings happened; memory is as it was seeded. */
static void check_untouched(struct ex *e)
{
	mem_fake_assert(e->f, count_ops(e->f, MEM_FAKE_ACCESSES, 0, 0) == 0);
	assert_int_equal(mem_fake_peek32(e->f, SRC_MRCR), SRC_SEED);
	assert_int_equal(mem_fake_peek32(e->f, 0x007F8000), 0);
	assert_int_equal(mem_fake_peek32(e->f, 0x00180000), 0);
}

static void test_refused_map(void **state)
{
	static const uint32_t refused[] = { SRC_MRCR, CCM_ROOT, 0x007F8000,
					    0x00801000, 0x00180004 };
	struct ex *e = *state;

	build_7d_tcm(e);
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		ex_plan(e, "imx7d");
		assert_int_equal(mem_fake_refuse_map(e->f, refused[i], -EPERM),
				 0);
		mem_fake_assert(e->f, ex_prepare(e) == -EPERM);
		check_untouched(e);
		mem_fake_assert(e->f, count_ops(e->f,
						MEM_FAKE_OP_BIT(MEM_FAKE_MAP),
						refused[i], 1) == 1);
		assert_int_equal(mem_fake_violations(e->f), 0);
	}
}

/* 8M: the CCM may be claimed by the clock driver; the load goes on. */
static void test_optional_window_refused(void **state)
{
	static const char *const names[] = { "imx8mq", "imx8mm", "imx8mn",
					     "imx8mp" };
	struct ex *e = *state;

	for (size_t k = 0; k < 4; k++) {
		const struct plan *p = &e->plan;
		size_t skipped = 0;

		for (size_t i = 0; i < MAX_SEGS; i++) {
			free(e->data[i]);
			e->data[i] = NULL;
		}
		e->img.n_segs = 0;
		build_small(e, soc_find(names[k]));
		ex_plan(e, names[k]);
		assert_int_equal(mem_fake_refuse_map(e->f, CCM_ROOT, -EPERM),
				 0);
		mem_fake_assert(e->f, ex_go(e) == 0);
		mem_fake_assert(e->f, mem_fake_violations(e->f) == 0);
		check_image_in_memory(e);
		assert_false(held_now(e));
		/* Skipped, not tried: no access at all to the CCM. */
		assert_int_equal(count_ops(e->f, MEM_FAKE_ACCESSES, CCM_ROOT,
					   4), 0);
		for (size_t i = 0; i < p->n_windows; i++) {
			if (!e->x.window_mapped[i]) {
				assert_true(p->windows[i].optional);
				skipped++;
			}
		}
		assert_int_equal(skipped, 1);
	}

	/* On the 7D the clock is not optional: refused means refused. */
	for (size_t i = 0; i < MAX_SEGS; i++) {
		free(e->data[i]);
		e->data[i] = NULL;
	}
	e->img.n_segs = 0;
	build_7d_tcm(e);
	ex_plan(e, "imx7d");
	assert_int_equal(mem_fake_refuse_map(e->f, CCM_ROOT, -EPERM), 0);
	assert_int_equal(ex_prepare(e), -EPERM);
	check_untouched(e);
}

/* A failure before the release: held, and the release never written. */
static void check_left_held(struct ex *e)
{
	assert_true(held_now(e));
	assert_true(e->x.core_held);
	assert_false(e->x.core_released);
	mem_fake_assert(e->f, !release_written(e));
	mem_fake_assert(e->f, count_ops(e->f, MEM_FAKE_OP_BIT(MEM_FAKE_BARRIER),
					0, 0) == 0);
	assert_int_equal(mem_fake_violations(e->f), 0);
}

static void test_readback_mismatch(void **state)
{
	static const struct {
		uint32_t addr;
		unsigned int nth;
	} drops[] = {
		{ 0x00180004, 1 },	/* boot PC */
		{ 0x00180000, 1 },	/* boot SP */
		{ 0x007F8100, 1 },	/* inside the first copy */
		{ 0x00801F3C, 1 },	/* copy tail and fill head share it */
		{ 0x00801F3C, 2 },	/* ... the second write of that word */
		{ 0x00802000, 1 },	/* inside the fill */
	};
	struct ex *e = *state;

	build_7d_tcm(e);
	for (size_t i = 0; i < sizeof(drops) / sizeof(drops[0]); i++) {
		struct mem_fake_match v = {
			.ops = MEM_FAKE_OP_BIT(MEM_FAKE_VERIFY) };
		const struct mem_fake_access *a;
		size_t bad;

		ex_plan(e, "imx7d");
		dirty_fills(e);
		/* What was there before, so a dropped write is seen. */
		mem_fake_poke32(e->f, drops[i].addr & ~3u, 0xDEADBEEF);
		assert_int_equal(mem_fake_drop_write(e->f, drops[i].addr,
						     drops[i].nth), 0);
		mem_fake_assert(e->f, ex_go(e) == -EIO);
		check_left_held(e);
		/*
		 * The read-back that failed is the one of the lost bytes,
		 * and it names an address inside its own range.
		 */
		bad = mem_fake_log_find_last(e->f, mem_fake_match, &v);
		a = mem_fake_log_at(e->f, bad);
		assert_non_null(a);
		assert_int_equal(a->result, -EIO);
		assert_true(a->addr < (drops[i].addr & ~3u) + 4 &&
			    (drops[i].addr & ~3u) < a->addr + a->len);
		assert_true(a->bad_addr >= a->addr &&
			    a->bad_addr < a->addr + a->len);
	}
}

/*
 * A copy is read back as it is written only when nothing between it and
 * its VERIFY writes into its bytes. Here a word inside the copied range is
 * written in between: the VERIFY must see that word (and fail), not the
 * copy alone. A word written outside the range changes nothing: the
 * read-back then comes right after the copy, before that write.
 */
static void copy_write_verify(struct ex *e, uint32_t write_at)
{
	static uint8_t data[64];
	struct plan_op *op;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(0x40 + i);
	if (e->planned)
		plan_free(&e->plan);
	plan_init(&e->plan, soc_find("imx7d"));
	e->planned = true;
	op = plan_add_op(&e->plan, PLAN_COPY, 0x007F8000);
	assert_non_null(op);
	op->len = sizeof(data);
	op->data = data;
	op = plan_add_op(&e->plan, PLAN_WRITE32, write_at);
	assert_non_null(op);
	op->value = 0xA5A5A5A5;
	op = plan_add_op(&e->plan, PLAN_VERIFY, 0x007F8000);
	assert_non_null(op);
	op->len = sizeof(data);
	op->data = data;
	plan_set_note(op, "TCML  == data");
	assert_int_equal(plan_finish(&e->plan, 0), 0);
	ex_fake(e);
}

static void test_verify_sees_later_writes(void **state)
{
	struct mem_fake_match v = {
		.ops = MEM_FAKE_OP_BIT(MEM_FAKE_VERIFY), .addr = 0x007F8000,
		.len = 64 };
	const struct mem_fake_access *a;
	struct ex *e = *state;
	size_t verify;

	/* Inside the range: 0x007F8020 no longer holds data[32..35]. */
	copy_write_verify(e, 0x007F8020);
	mem_fake_assert(e->f, ex_go(e) == -EIO);
	verify = mem_fake_log_find_last(e->f, mem_fake_match, &v);
	a = mem_fake_log_at(e->f, verify);
	assert_non_null(a);
	assert_int_equal(a->bad_addr, 0x007F8020);
	mem_fake_assert(e->f, verify > last_write_to(e->f, 0x007F8020));

	/* Outside it: verified at once, before the write. */
	copy_write_verify(e, 0x007F8040);
	mem_fake_assert(e->f, ex_go(e) == 0);
	verify = mem_fake_log_find_last(e->f, mem_fake_match, &v);
	mem_fake_assert(e->f, verify != MEM_FAKE_NONE);
	mem_fake_assert(e->f, verify < last_write_to(e->f, 0x007F8040));
	assert_int_equal(count_ops(e->f, MEM_FAKE_OP_BIT(MEM_FAKE_VERIFY),
				   0x007F8000, 64), 1);
}

/* The state after the release is never reached: the core is held again. */
static void test_expect_timeout_after_release(void **state)
{
	static const struct {
		const char *soc;
		uint32_t addr, mask, value;
		uint32_t stop_mask, stop_value;	/* last write: held again */
	} cases[] = {
		/* The hold bit never clears. */
		{ "imx7d", SRC_MRCR, BIT(0), BIT(0), 0xF, 0xB },
		/* ENABLE never sets. */
		{ "imx7d", SRC_MRCR, BIT(3), 0, 0xF, 0xB },
		/* CPUWAIT never clears. */
		{ "imx8mn", IOMUXC_GPR22, BIT(0), BIT(0), 0x1, 0x1 },
		{ "imx8mp", IOMUXC_GPR22, BIT(0), BIT(0), 0x1, 0x1 },
	};
	struct ex *e = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct mem_fake_access *last;

		for (size_t k = 0; k < MAX_SEGS; k++) {
			free(e->data[k]);
			e->data[k] = NULL;
		}
		e->img.n_segs = 0;
		build_small(e, soc_find(cases[i].soc));
		ex_plan(e, cases[i].soc);
		assert_int_equal(mem_fake_stuck_bits(e->f, cases[i].addr,
						     cases[i].mask,
						     cases[i].value), 0);
		mem_fake_assert(e->f, ex_go(e) == -ETIMEDOUT);
		/* It was released, found wrong, and held again. */
		assert_true(release_written(e));
		last = mem_fake_log_at(e->f, last_write_to(e->f,
					e->plan.soc->stop.steps[0].addr));
		assert_non_null(last);
		assert_int_equal(last->value & cases[i].stop_mask,
				 cases[i].stop_value);
		assert_true(held_now(e));
		assert_true(e->x.core_held);
		assert_false(e->x.core_released);
		assert_int_equal(mem_fake_violations(e->f), 0);
	}
}

/* The hold never takes: nothing of the image may be written. */
static void test_expect_timeout_on_stop(void **state)
{
	struct ex *e = *state;

	build_7d_tcm(e);
	ex_plan(e, "imx7d");
	assert_int_equal(mem_fake_stuck_bits(e->f, SRC_MRCR, BIT(0), 0), 0);
	mem_fake_assert(e->f, ex_go(e) == -ETIMEDOUT);
	mem_fake_assert(e->f, count_ops(e->f,
					MEM_FAKE_OP_BIT(MEM_FAKE_WRITE_BLOCK),
					0, 0) == 0);
	assert_int_equal(writes_to(e->f, SRC_MRCR), 1);
	assert_false(release_written(e));
	assert_int_equal(mem_fake_peek32(e->f, 0x00180000), 0);
	/*
	 * The register says the core is not held: the run must not believe
	 * (and tell the user) that it left the core held in reset.
	 */
	assert_false(held_now(e));
	assert_false(e->x.core_held);
}

/*
 * A bus fault at each write in turn. The first write is the stop itself:
 * then nothing has been written. After it, whatever fails, the core
 * stays held and the release is never written.
 */
static void test_write_fault_everywhere(void **state)
{
	struct ex *e = *state;
	size_t n_writes;

	build_7d_tcm(e);
	add_seg(e, 0x00920000, 0x21, 0x40);	/* OCRAM_EPDC: GPR1 too */
	ex_plan(e, "imx7d");
	mem_fake_poke32(e->f, CCM_ROOT, 0x01000000);	/* PLL step too */
	assert_int_equal(ex_go(e), 0);
	n_writes = count_ops(e->f, MEM_FAKE_WRITES, 0, 0);
	assert_true(n_writes >= 12);

	for (size_t k = 0; k < n_writes; k++) {
		for (size_t count = 0; count <= 1; count++) {
			ex_fake(e);
			mem_fake_poke32(e->f, CCM_ROOT, 0x01000000);
			assert_int_equal(mem_fake_fail_writes(e->f, k, count,
							      -EIO), 0);
			mem_fake_assert(e->f, ex_go(e) == -EIO);
			assert_int_equal(mem_fake_violations(e->f), 0);
			mem_fake_assert(e->f, !release_written(e));
			if (k == 0) {
				assert_false(e->x.core_held);
				assert_int_equal(mem_fake_log_find(e->f, 0,
						 is_stored_write, NULL),
						 MEM_FAKE_NONE);
				assert_int_equal(mem_fake_peek32(e->f,
						 SRC_MRCR), SRC_SEED);
				continue;
			}
			assert_true(e->x.core_held);
			assert_true(held_now(e));
		}
	}
}

/* After the release, a failed check holds the core again. */
static int fail_first_read_after_release(struct mem_fake *f,
					 struct mem_fake_event *ev, void *arg)
{
	struct ex *e = arg;

	(void)f;
	if (ev->op == MEM_FAKE_WRITE32 && ev->addr == SRC_MRCR &&
	    (ev->value & 0xF) == 0xE)
		e->hook_armed = true;
	if (ev->op == MEM_FAKE_READ32 && e->hook_armed) {
		e->hook_armed = false;
		e->hook_calls++;
		return -EIO;
	}
	return 0;
}

static void test_fault_after_release(void **state)
{
	struct ex *e = *state;
	const struct mem_fake_access *last;

	build_7d_tcm(e);
	ex_plan(e, "imx7d");
	mem_fake_set_hook(e->f, fail_first_read_after_release, e);
	mem_fake_assert(e->f, ex_go(e) == -EIO);
	assert_int_equal(e->hook_calls, 1);
	last = mem_fake_log_at(e->f, last_write_to(e->f, SRC_MRCR));
	assert_int_equal(last->value & 0xF, 0xB);
	assert_true(held_now(e));
	assert_true(e->x.core_held);
}

/* The signal arrives while reading back (a hook plays the handler). */
static int interrupt_at_verify(struct mem_fake *f, struct mem_fake_event *ev,
			       void *arg)
{
	struct ex *e = arg;

	(void)f;
	if (ev->op == MEM_FAKE_VERIFY)
		e->intr = 1;
	return 0;
}

static int interrupt_at_release(struct mem_fake *f, struct mem_fake_event *ev,
				void *arg)
{
	struct ex *e = arg;

	(void)f;
	if (ev->op == MEM_FAKE_WRITE32 && ev->addr == SRC_MRCR &&
	    (ev->value & 0xF) == 0xE)
		e->intr = 1;
	return 0;
}

static void test_interrupted(void **state)
{
	struct ex *e = *state;

	build_7d_tcm(e);

	/* During the read-back: stop there, held, never released. */
	ex_plan(e, "imx7d");
	mem_fake_set_hook(e->f, interrupt_at_verify, e);
	mem_fake_assert(e->f, ex_go(e) == -EINTR);
	check_left_held(e);
	assert_int_equal(count_ops(e->f, MEM_FAKE_OP_BIT(MEM_FAKE_VERIFY),
				   0, 0), 1);

	/* Before the first operation: nothing written at all. */
	ex_fake(e);
	assert_int_equal(ex_prepare(e), 0);
	e->intr = 1;
	e->x.interrupted = &e->intr;
	assert_int_equal(exec_run(&e->x), -EINTR);
	check_untouched(e);
	assert_false(e->x.core_held);

	/* After the release: too late to stop, the run completes. */
	ex_fake(e);
	mem_fake_set_hook(e->f, interrupt_at_release, e);
	mem_fake_assert(e->f, ex_go(e) == 0);
	assert_int_equal(e->intr, 1);
	assert_false(held_now(e));
	assert_true(e->x.core_released);
}

/* ---- the fake itself ------------------------------------------------------ */

struct fk {
	struct mem_fake *f;
	struct mem m;
};

static int fk_setup(void **state)
{
	struct fk *k = calloc(1, sizeof(*k));

	if (!k)
		return -1;
	k->f = mem_fake_new();
	if (!k->f || mem_fake_add_region(k->f, 0x1000, 0x100, "A") ||
	    mem_fake_add_region(k->f, 0x1100, 0x100, "B") ||
	    mem_fake_add_region(k->f, 0x3000, 0x10, "regs")) {
		mem_fake_free(k->f);
		free(k);
		return -1;
	}
	mem_fake_bind(k->f, &k->m);
	*state = k;
	return 0;
}

static int fk_teardown(void **state)
{
	struct fk *k = *state;

	if (k->m.ops)
		mem_close(&k->m);
	mem_fake_free(k->f);
	free(k);
	return 0;
}

static void test_fake_regions(void **state)
{
	struct fk *k = *state;

	assert_int_equal(mem_fake_add_region(k->f, 0x10F0, 0x20, "x"),
			 -EEXIST);
	assert_int_equal(mem_fake_add_region(k->f, 0x0F00, 0x101, "x"),
			 -EEXIST);
	assert_int_equal(mem_fake_add_region(k->f, 0x5000, 0, "x"), -EINVAL);
	assert_int_equal(mem_fake_add_region(k->f, UINT64_MAX - 4, 0x10, "x"),
			 -EINVAL);
	assert_int_equal(mem_fake_add_region(k->f, 0x0F00, 0x100, "C"), 0);
	assert_non_null(mem_fake_bytes(k->f, 0x1000, 0x100));
	assert_null(mem_fake_bytes(k->f, 0x1000, 0x101));	/* spans two */
	assert_null(mem_fake_bytes(k->f, 0x2000, 1));
	/* Declared memory starts out zeroed. */
	assert_int_equal(mem_fake_peek32(k->f, 0x10FC), 0);
	mem_fake_poke32(k->f, 0x10FC, 0x11223344);
	assert_int_equal(mem_fake_peek32(k->f, 0x10FC), 0x11223344);
	/* Nothing was logged: peek and poke are the test's, not the code's. */
	assert_int_equal(mem_fake_log_count(k->f), 0);
}

static void test_fake_policing(void **state)
{
	struct fk *k = *state;
	struct mem *m = &k->m;
	uint8_t buf[16] = { 0 };
	uint64_t bad = 0;
	uint32_t v = 0;

	/* Not mapped yet: refused, as by the devmem backend. */
	assert_int_equal(mem_read32(m, 0x1000, &v), -EFAULT);
	assert_int_equal(mem_fake_violations(k->f), 1);
	assert_int_equal(mem_map(m, 0x1000, 0x200), 0);
	assert_int_equal(mem_map(m, 0x3000, 0x10), 0);
	assert_int_equal(mem_read32(m, 0x1000, &v), 0);
	assert_int_equal(mem_write32(m, 0x11FC, 1), 0);

	/* Unaligned words. */
	assert_int_equal(mem_read32(m, 0x1002, &v), -EINVAL);
	assert_int_equal(mem_write32(m, 0x1001, 1), -EINVAL);
	/* Outside every region, and partly outside. */
	assert_int_equal(mem_map(m, 0x2000, 4), -EFAULT);
	assert_int_equal(mem_map(m, 0x11F0, 0x20), -EFAULT);
	assert_int_equal(mem_read32(m, 0x1200, &v), -EFAULT);
	assert_int_equal(mem_write_block(m, 0x11F8, buf, 16), -EFAULT);
	assert_int_equal(mem_verify_block(m, 0x3008, buf, 16, &bad), -EFAULT);
	assert_int_equal(mem_write_block(m, 0x2000, NULL, 0), -EFAULT);
	assert_int_equal(mem_fake_violations(k->f), 9);
	for (size_t i = 0; i < mem_fake_log_count(k->f); i++) {
		const struct mem_fake_access *a = mem_fake_log_at(k->f, i);

		assert_int_equal(a->violation, a->result != 0);
	}
	assert_null(mem_fake_log_at(k->f, mem_fake_log_count(k->f)));

	/* Blocks may span regions that abut (A then B). */
	assert_int_equal(mem_write_block(m, 0x10F8, buf, 16), 0);
	assert_int_equal(mem_verify_block(m, 0x10F8, buf, 16, &bad), 0);

	/* Without the map requirement only the regions count. */
	mem_close(m);
	mem_fake_bind(k->f, m);
	assert_int_equal(mem_read32(m, 0x1000, &v), -EFAULT);
	mem_fake_require_map(k->f, false);
	assert_int_equal(mem_read32(m, 0x1000, &v), 0);
	assert_int_equal(mem_read32(m, 0x1002, &v), -EINVAL);
	assert_int_equal(mem_fake_violations(k->f), 11);
}

/* write_block/verify_block are byte-exact whatever the alignment. */
static void test_fake_blocks(void **state)
{
	struct fk *k = *state;
	struct mem *m = &k->m;
	uint8_t *mem = mem_fake_bytes(k->f, 0x1000, 0x100);
	uint8_t src[40];
	uint64_t bad = 0;

	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i + 1);
	memset(mem, 0xCC, 0x100);
	assert_int_equal(mem_map(m, 0x1000, 0x100), 0);

	for (size_t start = 0; start < 4; start++) {
		for (size_t len = 0; len <= 13; len++) {
			uint64_t a = 0x1010 + start;

			memset(mem, 0xCC, 0x100);
			assert_int_equal(mem_write_block(m, a, src, len), 0);
			assert_memory_equal(mem + 0x10 + start, src, len);
			for (size_t i = 0; i < 0x100; i++)
				if (i < 0x10 + start || i >= 0x10 + start + len)
					assert_int_equal(mem[i], 0xCC);
			assert_int_equal(mem_verify_block(m, a, src, len, &bad),
					 0);

			assert_int_equal(mem_write_block(m, a, NULL, len), 0);
			for (size_t i = 0; i < len; i++)
				assert_int_equal(mem[0x10 + start + i], 0);
			assert_int_equal(mem_verify_block(m, a, NULL, len,
							  &bad), 0);
			assert_int_equal(mem[0x10 + start + len], 0xCC);
			if (start)
				assert_int_equal(mem[0x10 + start - 1], 0xCC);
		}
	}

	/* The first differing word, never before the start of the range. */
	assert_int_equal(mem_write_block(m, 0x1021, src, 20), 0);
	mem[0x1021 - 0x1000 + 9] ^= 0xFF;		/* 0x102A */
	assert_int_equal(mem_verify_block(m, 0x1021, src, 20, &bad), -EIO);
	assert_int_equal(bad, 0x1028);
	mem[0x1021 - 0x1000 + 9] ^= 0xFF;
	mem[0x1022 - 0x1000] ^= 0xFF;			/* in the head word */
	assert_int_equal(mem_verify_block(m, 0x1021, src, 20, &bad), -EIO);
	assert_int_equal(bad, 0x1021);
	mem[0x1022 - 0x1000] ^= 0xFF;
	mem[0x1034 - 0x1000] ^= 0xFF;			/* the last byte */
	assert_int_equal(mem_verify_block(m, 0x1021, src, 20, &bad), -EIO);
	assert_int_equal(bad, 0x1034);
	/* A byte just past the range does not count. */
	mem[0x1034 - 0x1000] ^= 0xFF;
	mem[0x1035 - 0x1000] ^= 0xFF;
	assert_int_equal(mem_verify_block(m, 0x1021, src, 20, &bad), 0);
}

static int count_and_fail_verify(struct mem_fake *f,
				 struct mem_fake_event *ev, void *arg)
{
	size_t *seen = arg;

	(void)f;
	(*seen)++;
	if (ev->op == MEM_FAKE_READ32 && ev->addr == 0x3008)
		ev->value = 0xCAFEF00D;
	return ev->op == MEM_FAKE_VERIFY ? -ENXIO : 0;
}

static void test_fake_models(void **state)
{
	struct fk *k = *state;
	struct mem *m = &k->m;
	uint8_t buf[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	uint64_t bad = 0;
	size_t seen = 0;
	uint32_t v = 0;

	assert_int_equal(mem_map(m, 0x1000, 0x100), 0);
	assert_int_equal(mem_map(m, 0x3000, 0x10), 0);

	/* Self-clearing bits do their job and are gone. */
	assert_int_equal(mem_fake_self_clearing(k->f, 0x3000, 0x6), 0);
	assert_int_equal(mem_write32(m, 0x3000, 0xFF), 0);
	assert_int_equal(mem_read32(m, 0x3000, &v), 0);
	assert_int_equal(v, 0xF9);

	/* Stuck bits read their value whatever is written or seeded. */
	assert_int_equal(mem_fake_stuck_bits(k->f, 0x3004, 0x3, 0x2), 0);
	assert_int_equal(mem_write32(m, 0x3004, 0xF1), 0);
	assert_int_equal(mem_fake_peek32(k->f, 0x3004), 0xF2);
	mem_fake_poke32(k->f, 0x3004, 0x1);
	assert_int_equal(mem_read32(m, 0x3004, &v), 0);
	assert_int_equal(v, 0x2);

	/* The second write touching 0x1004 is dropped, and only that one. */
	assert_int_equal(mem_fake_drop_write(k->f, 0x1004, 2), 0);
	assert_int_equal(mem_write32(m, 0x1004, 0x11), 0);
	assert_int_equal(mem_write_block(m, 0x1002, buf, 4), 0);
	assert_int_equal(mem_fake_peek32(k->f, 0x1004), 0x11);
	assert_true(mem_fake_log_at(k->f, mem_fake_log_count(k->f) - 1)
		    ->dropped);
	assert_int_equal(mem_write_block(m, 0x1002, buf, 4), 0);
	assert_int_equal(mem_verify_block(m, 0x1002, buf, 4, &bad), 0);

	/* Writes 7 and 8 (counting from 1) fault, then the bus is fine. */
	assert_int_equal(mem_fake_fail_writes(k->f, 6, 2, -EIO), 0);
	assert_int_equal(mem_write32(m, 0x1010, 0x1), 0);	/* 6th */
	assert_int_equal(mem_write32(m, 0x1014, 0x2), -EIO);
	assert_int_equal(mem_write_block(m, 0x1018, buf, 8), -EIO);
	assert_int_equal(mem_write32(m, 0x1014, 0x3), 0);
	assert_int_equal(mem_fake_peek32(k->f, 0x1014), 0x3);
	assert_int_equal(mem_fake_peek32(k->f, 0x1018), 0);
	assert_int_equal(mem_fake_violations(k->f), 0);

	/* Refused maps: only ranges containing the address. */
	assert_int_equal(mem_fake_refuse_map(k->f, 0x1180, -EPERM), 0);
	assert_int_equal(mem_map(m, 0x1100, 0x80), 0);
	assert_int_equal(mem_map(m, 0x1100, 0x81), -EPERM);
	assert_int_equal(mem_map(m, 0x1180, 4), -EPERM);
	assert_int_equal(mem_fake_violations(k->f), 0);

	/* The test's own hook: sees every access, may change or fail it. */
	mem_fake_set_hook(k->f, count_and_fail_verify, &seen);
	assert_int_equal(mem_read32(m, 0x3008, &v), 0);
	assert_int_equal(v, 0xCAFEF00D);
	assert_int_equal(mem_fake_peek32(k->f, 0x3008), 0);
	assert_int_equal(mem_verify_block(m, 0x1000, NULL, 4, &bad), -ENXIO);
	mem_barrier(m);
	assert_int_equal(seen, 3);
	mem_fake_set_hook(k->f, NULL, NULL);
	assert_int_equal(mem_read32(m, 0x3008, &v), 0);
	assert_int_equal(v, 0);
}

static void test_fake_log(void **state)
{
	struct fk *k = *state;
	struct mem *m = &k->m;
	struct mem_fake_match w = { .ops = MEM_FAKE_OP_BIT(MEM_FAKE_WRITE32) };
	struct mem_fake_match wv = {
		.ops = MEM_FAKE_OP_BIT(MEM_FAKE_WRITE32),
		.addr = 0x3000, .len = 4, .value_mask = 0xF, .value = 0xE,
	};
	char *buf = NULL;
	size_t size = 0;
	uint32_t v;
	FILE *out;

	assert_int_equal(mem_map(m, 0x3000, 0x10), 0);
	assert_int_equal(mem_write32(m, 0x3000, 0xAB), 0);
	assert_int_equal(mem_write32(m, 0x3004, 0xAE), 0);
	assert_int_equal(mem_write32(m, 0x3000, 0xAE), 0);
	assert_int_equal(mem_read32(m, 0x3001, &v), -EINVAL);

	assert_int_equal(mem_fake_log_count(k->f), 5);
	assert_int_equal(mem_fake_log_find(k->f, 0, mem_fake_match, &w), 1);
	assert_int_equal(mem_fake_log_find(k->f, 2, mem_fake_match, &w), 2);
	assert_int_equal(mem_fake_log_find_last(k->f, mem_fake_match, &w), 3);
	assert_int_equal(mem_fake_log_find(k->f, 0, mem_fake_match, &wv), 3);
	assert_int_equal(mem_fake_log_count_matching(k->f, mem_fake_match,
						     &w), 3);
	assert_int_equal(mem_fake_log_find(k->f, 4, mem_fake_match, &w),
			 MEM_FAKE_NONE);
	assert_string_equal(mem_fake_log_at(k->f, 1)->region, "regs");
	assert_int_equal(mem_fake_log_at(k->f, 1)->value, 0xAB);

	out = open_memstream(&buf, &size);
	assert_non_null(out);
	mem_fake_log_print(k->f, out);
	fclose(out);
	assert_non_null(strstr(buf, "write32 0x00003000 0x000000ab"));
	assert_non_null(strstr(buf, "VIOLATION"));
	assert_non_null(strstr(buf, "map     0x00003000 len 0x10"));
	free(buf);

	/* Without the log, violations still count. */
	mem_fake_log_clear(k->f);
	mem_fake_log_enable(k->f, false);
	assert_int_equal(mem_read32(m, 0x3002, &v), -EINVAL);
	assert_int_equal(mem_fake_log_count(k->f), 0);
	assert_int_equal(mem_fake_violations(k->f), 2);
	mem_fake_log_enable(k->f, true);

	/* Close is logged, and unmaps. */
	mem_close(m);
	assert_int_equal(mem_fake_log_at(k->f, 0)->op, MEM_FAKE_CLOSE);
	mem_fake_bind(k->f, m);
	assert_int_equal(mem_read32(m, 0x3000, &v), -EFAULT);
	assert_string_equal(mem_fake_op_name(MEM_FAKE_VERIFY), "verify");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, ex_setup, ex_teardown)
#define F(fn) cmocka_unit_test_setup_teardown(fn, fk_setup, fk_teardown)
	const struct CMUnitTest success[] = {
		T(test_7d_load),
		T(test_7d_self_clearing),
		T(test_maps_before_access),
		T(test_7d_pll_conditional),
		T(test_7d_epdc),
		T(test_no_start),
		T(test_8mn_load),
		T(test_stop_start_kick),
	};
	const struct CMUnitTest failures[] = {
		T(test_refused_map),
		T(test_optional_window_refused),
		T(test_readback_mismatch),
		T(test_verify_sees_later_writes),
		T(test_expect_timeout_after_release),
		T(test_expect_timeout_on_stop),
		T(test_write_fault_everywhere),
		T(test_fault_after_release),
		T(test_interrupted),
	};
	const struct CMUnitTest fake[] = {
		F(test_fake_regions),
		F(test_fake_policing),
		F(test_fake_blocks),
		F(test_fake_models),
		F(test_fake_log),
	};
#undef T
#undef F
	int failed = 0;

	/* Failures are provoked on purpose: keep their notices out. */
	log_set_level(LOG_QUIET);
	failed += cmocka_run_group_tests_name("exec: success", success, NULL,
					      NULL);
	failed += cmocka_run_group_tests_name("exec: failures", failures,
					      NULL, NULL);
	failed += cmocka_run_group_tests_name("mem_fake", fake, NULL, NULL);
	return failed ? 1 : 0;
}
