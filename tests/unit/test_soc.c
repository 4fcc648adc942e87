// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The SoC tables and the lookups over them.
 *
 * Two kinds of test: a self-check that every table in soc_table[] is
 * consistent (so a new SoC cannot be added with a broken table), and a
 * spot table of doc/hardware.md facts that each SoC must match exactly (so a
 * typo in an address is caught by someone who did not type it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "m4fw/soc.h"

#define KIB(n) ((uint32_t)(n) << 10)
#define MIB(n) ((uint32_t)(n) << 20)
#define BIT(n) (UINT32_C(1) << (n))
#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))
#define FOUR_GIB UINT64_C(0x100000000)

static size_t n_socs(void)
{
	size_t n = 0;

	while (soc_table[n])
		n++;
	return n;
}

static const struct soc_desc *need_soc(const char *name)
{
	const struct soc_desc *soc = soc_find(name);

	if (!soc)
		fail_msg("soc_find(\"%s\") returned NULL", name);
	return soc;
}

static uint64_t row_m_end(const struct soc_region *r)
{
	return (uint64_t)r->m_addr + r->size;
}

static uint64_t row_a_end(const struct soc_region *r)
{
	return (uint64_t)r->a_addr + r->size;
}

/* ---- self-check of every table ------------------------------------ */

static void test_table_is_terminated_and_nonempty(void **state)
{
	(void)state;
	/* Six SoCs are supported (doc/contract.md); [6] is the NULL end. */
	assert_int_equal(n_socs(), 6);
	assert_null(soc_table[6]);
}

static void test_table_identity_fields(void **state)
{
	(void)state;
	for (size_t i = 0; soc_table[i]; i++) {
		const struct soc_desc *s = soc_table[i];

		assert_non_null(s->name);
		assert_true(s->name[0] != '\0');
		assert_non_null(s->model);
		assert_non_null(s->core);
		assert_non_null(s->core_short);
		/* core_short is what messages say: the tail of core */
		assert_non_null(strstr(s->core, s->core_short));
		assert_non_null(s->regions);
		assert_true(s->n_regions > 0);
		if (s->n_owned)
			assert_non_null(s->owned);
	}
}

static void test_table_names_unique(void **state)
{
	(void)state;
	for (size_t i = 0; soc_table[i]; i++)
		for (size_t j = i + 1; soc_table[j]; j++) {
			if (strcmp(soc_table[i]->name, soc_table[j]->name) == 0)
				fail_msg("soc_table[%zu] and [%zu] are both %s",
					 i, j, soc_table[i]->name);
			if (strcmp(soc_table[i]->model,
				   soc_table[j]->model) == 0)
				fail_msg("soc_table[%zu] and [%zu] are both %s",
					 i, j, soc_table[i]->model);
		}
}

static void test_table_rows_sane(void **state)
{
	(void)state;
	for (size_t i = 0; soc_table[i]; i++) {
		const struct soc_desc *s = soc_table[i];

		for (size_t k = 0; k < s->n_regions; k++) {
			const struct soc_region *r = &s->regions[k];

			if (!r->name || !r->name[0])
				fail_msg("%s row %zu has no name", s->name, k);
			if (r->size == 0)
				fail_msg("%s row %zu (%s) has size 0",
					 s->name, k, r->name);
			if (row_m_end(r) > FOUR_GIB)
				fail_msg("%s row %zu (%s) wraps in the M view",
					 s->name, k, r->name);
			if (r->kind == REGION_XIP) {
				/* Flash is never a copy target. */
				if (r->enable)
					fail_msg("%s row %zu: XIP with enable",
						 s->name, k);
				continue;
			}
			if (row_a_end(r) > FOUR_GIB)
				fail_msg("%s row %zu (%s) wraps in the A view",
					 s->name, k, r->name);
			if ((r->m_addr | r->a_addr | r->size) & 3)
				fail_msg("%s row %zu (%s) is not word aligned: M 0x%08x A 0x%08x size 0x%x",
					 s->name, k, r->name, r->m_addr,
					 r->a_addr, r->size);
			if (r->kind != REGION_TCM && r->kind != REGION_OCRAM &&
			    r->kind != REGION_DDR)
				fail_msg("%s row %zu (%s): unknown kind %d",
					 s->name, k, r->name, (int)r->kind);
		}
	}
}

/*
 * Aliases map one A range from several M ranges, so A overlaps are fine;
 * two rows claiming the same M address would make "first match wins"
 * silently hide the second.
 */
static void test_table_rows_do_not_overlap_in_m_view(void **state)
{
	(void)state;
	for (size_t i = 0; soc_table[i]; i++) {
		const struct soc_desc *s = soc_table[i];

		for (size_t j = 0; j < s->n_regions; j++)
			for (size_t k = j + 1; k < s->n_regions; k++) {
				const struct soc_region *a = &s->regions[j];
				const struct soc_region *b = &s->regions[k];

				if (a->m_addr < row_m_end(b) &&
				    b->m_addr < row_m_end(a))
					fail_msg("%s rows %zu (%s) and %zu (%s) overlap in the M view",
						 s->name, j, a->name, k,
						 b->name);
			}
	}
}

static void test_table_boot_alias_row(void **state)
{
	(void)state;
	for (size_t i = 0; soc_table[i]; i++) {
		const struct soc_desc *s = soc_table[i];
		const struct soc_region *r = soc_region_of_m(s, 0);

		if (!r)
			fail_msg("%s: no row at M address 0", s->name);
		assert_int_equal(r->m_addr, 0);
		if (r->kind == REGION_XIP)
			fail_msg("%s: the boot alias is XIP", s->name);
		if (r->a_addr != s->boot_alias_a)
			fail_msg("%s: row at M 0 maps to A 0x%08x, boot_alias_a is 0x%08x",
				 s->name, r->a_addr, s->boot_alias_a);
		/* The vector (SP, PC) must fit in the alias. */
		assert_true(r->size >= 8);
	}
}

static void test_table_owned_inside_rows(void **state)
{
	(void)state;
	for (size_t i = 0; soc_table[i]; i++) {
		const struct soc_desc *s = soc_table[i];

		for (size_t k = 0; k < s->n_owned; k++) {
			const struct soc_owned_range *o = &s->owned[k];
			bool inside = false;

			if (o->size == 0 || !o->owner)
				fail_msg("%s owned range %zu: size 0 or no owner",
					 s->name, k);
			for (size_t j = 0; j < s->n_regions; j++) {
				const struct soc_region *r = &s->regions[j];

				if (r->kind != REGION_XIP &&
				    o->a_addr >= r->a_addr &&
				    (uint64_t)o->a_addr + o->size <=
				    row_a_end(r))
					inside = true;
			}
			if (!inside)
				fail_msg("%s owned range 0x%08x+0x%x lies in no row",
					 s->name, o->a_addr, o->size);
		}
	}
}

static void check_step(const char *soc, const char *what, size_t k,
		       const struct soc_reg_update *u)
{
	if (u->addr == 0 || (u->addr & 3))
		fail_msg("%s %s step %zu: register 0x%08x", soc, what, k,
			 u->addr);
	if (u->mask == 0)
		fail_msg("%s %s step %zu: empty mask", soc, what, k);
	if (u->value & ~u->mask)
		fail_msg("%s %s step %zu: value 0x%08x outside mask 0x%08x",
			 soc, what, k, u->value, u->mask);
	if (!u->reg_name || !u->what)
		fail_msg("%s %s step %zu: unnamed", soc, what, k);
	if (u->if_mask && (u->if_value & ~u->if_mask))
		fail_msg("%s %s step %zu: condition value outside its mask",
			 soc, what, k);
	if (u->if_mask && (u->if_addr == 0 || (u->if_addr & 3)))
		fail_msg("%s %s step %zu: condition register 0x%08x", soc,
			 what, k, u->if_addr);
}

static void check_recipe(const char *soc, const char *what,
			 const struct soc_recipe *r)
{
	if (r->n_steps == 0 || !r->steps)
		fail_msg("%s: %s recipe is empty", soc, what);
	for (size_t k = 0; k < r->n_steps; k++)
		check_step(soc, what, k, &r->steps[k]);
}

static void test_table_recipes_sane(void **state)
{
	(void)state;
	for (size_t i = 0; soc_table[i]; i++) {
		const struct soc_desc *s = soc_table[i];

		check_recipe(s->name, "stop", &s->stop);
		check_recipe(s->name, "start", &s->start);
		check_recipe(s->name, "clock", &s->clock);
		for (size_t k = 0; k < s->n_regions; k++)
			if (s->regions[k].enable)
				check_step(s->name, s->regions[k].name, 0,
					   s->regions[k].enable);
		if (s->held_mask == 0 || s->held_reg == 0)
			fail_msg("%s: no held bit", s->name);
		if (s->enable_mask == 0 || s->enable_reg == 0)
			fail_msg("%s: no enable bit", s->name);
		for (size_t k = 0; k < s->n_bits; k++)
			if (s->bits[k].bit > 31 || !s->bits[k].name)
				fail_msg("%s: named bit %zu is bad", s->name, k);
	}
}

/*
 * A tiny register file: run the recipes the way the executor would
 * (read-modify-write, conditions read at the time the step runs) and check
 * what they mean, not only how they are spelled.
 */
struct regfile {
	uint32_t addr[16];
	uint32_t val[16];
	size_t n;
	uint32_t fill;		/* value of a register never written */
};

static uint32_t *reg_slot(struct regfile *rf, uint32_t addr)
{
	for (size_t i = 0; i < rf->n; i++)
		if (rf->addr[i] == addr)
			return &rf->val[i];
	assert_true(rf->n < N_ELEM(rf->addr));
	rf->addr[rf->n] = addr;
	rf->val[rf->n] = rf->fill;
	return &rf->val[rf->n++];
}

static void run_recipe(struct regfile *rf, const struct soc_recipe *r)
{
	for (size_t k = 0; k < r->n_steps; k++) {
		const struct soc_reg_update *u = &r->steps[k];
		uint32_t *v;

		if (u->if_mask &&
		    (*reg_slot(rf, u->if_addr) & u->if_mask) != u->if_value)
			continue;
		v = reg_slot(rf, u->addr);
		*v = (*v & ~u->mask) | u->value;
	}
}

static void test_table_recipes_hold_and_release(void **state)
{
	static const uint32_t fills[] = { 0, 0xFFFFFFFF, 0x000000AB };

	(void)state;
	for (size_t i = 0; soc_table[i]; i++) {
		const struct soc_desc *s = soc_table[i];

		for (size_t f = 0; f < N_ELEM(fills); f++) {
			struct regfile rf = { .fill = fills[f] };

			run_recipe(&rf, &s->stop);
			if (!(*reg_slot(&rf, s->held_reg) & s->held_mask))
				fail_msg("%s: not held after stop (from 0x%08x)",
					 s->name, fills[f]);
			/* doc/hardware.md §1: stop keeps ENABLE set. */
			if ((*reg_slot(&rf, s->enable_reg) & s->enable_mask) !=
			    s->enable_mask)
				fail_msg("%s: ENABLE clear after stop",
					 s->name);
			run_recipe(&rf, &s->start);
			if (*reg_slot(&rf, s->held_reg) & s->held_mask)
				fail_msg("%s: still held after start (from 0x%08x)",
					 s->name, fills[f]);
			if ((*reg_slot(&rf, s->enable_reg) & s->enable_mask) !=
			    s->enable_mask)
				fail_msg("%s: ENABLE clear after start",
					 s->name);
			run_recipe(&rf, &s->stop);
			if (!(*reg_slot(&rf, s->held_reg) & s->held_mask))
				fail_msg("%s: not held after stop, start, stop",
					 s->name);
		}
	}
}

/* ---- doc/hardware.md facts, SoC by SoC -------------------------------- */

struct row_fact {
	uint32_t m_addr;
	uint32_t a_addr;	/* ignored for XIP */
	uint32_t size;
	enum region_kind kind;
	const char *name;	/* NULL: not checked */
	bool enable;		/* has the OCRAM_EPDC enable step */
};

struct step_fact {
	uint32_t addr;
	uint32_t mask;
	uint32_t value;
	uint32_t if_addr;
	uint32_t if_mask;
	uint32_t if_value;
};

struct owned_fact {
	uint32_t a_addr;
	uint32_t size;
};

struct soc_fact {
	const char *name;
	const char *model;
	const char *core;
	const struct row_fact *rows;
	size_t n_rows;
	const struct owned_fact *owned;
	size_t n_owned;
	struct step_fact stop[2];
	size_t n_stop;
	struct step_fact start[2];
	size_t n_start;
	struct step_fact clock[3];
	size_t n_clock;
	uint32_t held_reg, held_mask;
	uint32_t enable_reg, enable_mask;
	uint32_t boot_alias_a;
	uint32_t mu_atr1;
};

#define XIP_ROW(m, sz) { (m), 0, (sz), REGION_XIP, NULL, false }

static const struct row_fact imx6sx_rows[] = {
	{ 0x00000000, 0x007F8000, KIB(32), REGION_TCM, "TCML", false },
	{ 0x1FFF8000, 0x007F8000, KIB(32), REGION_TCM, "TCML", false },
	{ 0x20000000, 0x00800000, KIB(32), REGION_TCM, "TCMU", false },
	{ 0x00180000, 0x008F8000, KIB(16), REGION_OCRAM, "OCRAM_S", false },
	{ 0x208F8000, 0x008F8000, KIB(16), REGION_OCRAM, "OCRAM_S", false },
	{ 0x00900000, 0x00900000, KIB(128), REGION_OCRAM, "OCRAM", false },
	{ 0x10000000, 0x80000000, 0x0FFF8000, REGION_DDR, "DDR", false },
	{ 0x80000000, 0x80000000, 0x60000000, REGION_DDR, "DDR", false },
	XIP_ROW(0x60000000, MIB(512)),
};

static const struct row_fact imx7d_rows[] = {
	{ 0x00000000, 0x00180000, KIB(32), REGION_OCRAM, "OCRAM_S", false },
	{ 0x00180000, 0x00180000, KIB(32), REGION_OCRAM, "OCRAM_S", false },
	{ 0x20180000, 0x00180000, KIB(32), REGION_OCRAM, "OCRAM_S", false },
	{ 0x1FFF8000, 0x007F8000, KIB(32), REGION_TCM, "TCML", false },
	{ 0x20000000, 0x00800000, KIB(32), REGION_TCM, "TCMU", false },
	{ 0x00900000, 0x00900000, KIB(128), REGION_OCRAM, "OCRAM", false },
	{ 0x20200000, 0x00900000, KIB(128), REGION_OCRAM, "OCRAM", false },
	{ 0x00920000, 0x00920000, KIB(128), REGION_OCRAM, "OCRAM_EPDC", true },
	{ 0x20220000, 0x00920000, KIB(128), REGION_OCRAM, "OCRAM_EPDC", true },
	{ 0x00940000, 0x00940000, KIB(32), REGION_OCRAM, "OCRAM_PXP", false },
	{ 0x20240000, 0x00940000, KIB(32), REGION_OCRAM, "OCRAM_PXP", false },
	{ 0x10000000, 0x80000000, 0x0FFF0000, REGION_DDR, "DDR", false },
	{ 0x80000000, 0x80000000, 0x60000000, REGION_DDR, "DDR", false },
	XIP_ROW(0x60000000, MIB(512)),
};

/* 8MQ/8MM: one merged TCML+TCMU row, as in the kernel. */
static const struct row_fact imx8m_m4_rows[] = {
	{ 0x00000000, 0x007E0000, KIB(128), REGION_TCM, NULL, false },
	{ 0x1FFE0000, 0x007E0000, KIB(256), REGION_TCM, NULL, false },
	{ 0x00180000, 0x00180000, KIB(32), REGION_OCRAM, "OCRAM_S", false },
	{ 0x20180000, 0x00180000, KIB(32), REGION_OCRAM, "OCRAM_S", false },
	{ 0x00900000, 0x00900000, KIB(128), REGION_OCRAM, "OCRAM", false },
	{ 0x20200000, 0x00900000, KIB(128), REGION_OCRAM, "OCRAM", false },
	{ 0x00920000, 0x00920000, KIB(128), REGION_OCRAM, "OCRAM", false },
	{ 0x20220000, 0x00920000, KIB(128), REGION_OCRAM, "OCRAM", false },
	{ 0x10000000, 0x40000000, 0x0FFE0000, REGION_DDR, "DDR", false },
	{ 0x40000000, 0x40000000, 0x80000000, REGION_DDR, "DDR", false },
	XIP_ROW(0x08000000, MIB(128)),
};

static const struct row_fact imx8m_m7_rows[] = {
	{ 0x00000000, 0x007E0000, KIB(128), REGION_TCM, "ITCM", false },
	{ 0x20000000, 0x00800000, KIB(128), REGION_TCM, "DTCM", false },
	{ 0x00180000, 0x00180000, 0x9000, REGION_OCRAM, "OCRAM_S", false },
	{ 0x20180000, 0x00180000, KIB(32), REGION_OCRAM, "OCRAM_S", false },
	{ 0x00900000, 0x00900000, KIB(128), REGION_OCRAM, "OCRAM", false },
	{ 0x20200000, 0x00900000, KIB(128), REGION_OCRAM, "OCRAM", false },
	{ 0x00920000, 0x00920000, KIB(128), REGION_OCRAM, "OCRAM", false },
	{ 0x20220000, 0x00920000, KIB(128), REGION_OCRAM, "OCRAM", false },
	{ 0x00940000, 0x00940000, 0x50000, REGION_OCRAM, "OCRAM", false },
	{ 0x20240000, 0x00940000, KIB(256), REGION_OCRAM, "OCRAM", false },
	{ 0x10000000, 0x40000000, 0x0FFE0000, REGION_DDR, "DDR", false },
	{ 0x40000000, 0x40000000, 0x80000000, REGION_DDR, "DDR", false },
	XIP_ROW(0x08000000, MIB(128)),
};

static const struct owned_fact imx8mq_owned[] = {
	{ 0x00910000, KIB(64) },
};

static const struct owned_fact imx8mm_owned[] = {
	{ 0x00920000, KIB(128) },
	{ 0x00180000, KIB(32) },
};

static const struct owned_fact imx8mn_owned[] = {
	{ 0x00960000, KIB(128) },
	{ 0x00180000, 0x9000 },
};

static const struct owned_fact imx8mp_owned[] = {
	{ 0x00970000, KIB(128) },
	{ 0x00180000, 0x9000 },
};

#define SRC_SCR_6SX	0x020D8000
#define SRC_MRCR	0x3039000C
#define GPR22		0x30340058
#define CCM_ROOT	0x30388080
#define MU_A_ATR1	0x30AA0004

#define M4_SRC_FACTS							\
	.stop = { { SRC_MRCR, 0xF, 0xB, 0, 0, 0 } }, .n_stop = 1,	\
	.start = { { SRC_MRCR, 0xF, 0xE, 0, 0, 0 } }, .n_start = 1,	\
	.held_reg = SRC_MRCR, .held_mask = BIT(0),			\
	.enable_reg = SRC_MRCR, .enable_mask = BIT(3)

/* GPR22 CPUWAIT first, then SRC; release is CPUWAIT alone. */
#define M7_SRC_FACTS							\
	.stop = { { GPR22, BIT(0), BIT(0), 0, 0, 0 },			\
		  { SRC_MRCR, 0xF, 0xA, 0, 0, 0 } }, .n_stop = 2,	\
	.start = { { GPR22, BIT(0), 0, 0, 0, 0 } }, .n_start = 1,	\
	.held_reg = GPR22, .held_mask = BIT(0),				\
	.enable_reg = SRC_MRCR, .enable_mask = BIT(3)

#define IMX8M_CLOCK_FACTS						\
	.clock = { { CCM_ROOT, BIT(28), BIT(28), 0, 0, 0 } }, .n_clock = 1

static const struct soc_fact soc_facts[] = {
	{
		.name = "imx6sx", .model = "i.MX6SX", .core = "Cortex-M4",
		.rows = imx6sx_rows, .n_rows = N_ELEM(imx6sx_rows),
		.stop = { { SRC_SCR_6SX, 0x00401018, 0x00400018, 0, 0, 0 } },
		.n_stop = 1,
		.start = { { SRC_SCR_6SX, 0x00401018, 0x00401008, 0, 0, 0 } },
		.n_start = 1,
		.clock = { { 0x020C4074, 0xC, 0xC, 0, 0, 0 } }, .n_clock = 1,
		.held_reg = SRC_SCR_6SX, .held_mask = BIT(4),
		.enable_reg = SRC_SCR_6SX, .enable_mask = BIT(22),
		.boot_alias_a = 0x007F8000,
		.mu_atr1 = 0x02294004,
	},
	{
		.name = "imx7d", .model = "i.MX7D", .core = "Cortex-M4",
		.rows = imx7d_rows, .n_rows = N_ELEM(imx7d_rows),
		M4_SRC_FACTS,
		.clock = {
			{ 0x30384010, 0x3, 0x3, 0, 0, 0 },
			{ CCM_ROOT, BIT(28), BIT(28), 0, 0, 0 },
			/* open the active-low PLL gate if mux == 1 */
			{ 0x303600B0, BIT(5), 0,
			  CCM_ROOT, 0x07000000, 0x01000000 },
		},
		.n_clock = 3,
		.boot_alias_a = 0x00180000,
		.mu_atr1 = MU_A_ATR1,
	},
	{
		.name = "imx8mq", .model = "i.MX8MQ", .core = "Cortex-M4",
		.rows = imx8m_m4_rows, .n_rows = N_ELEM(imx8m_m4_rows),
		.owned = imx8mq_owned, .n_owned = N_ELEM(imx8mq_owned),
		M4_SRC_FACTS, IMX8M_CLOCK_FACTS,
		.boot_alias_a = 0x007E0000,
		.mu_atr1 = MU_A_ATR1,
	},
	{
		.name = "imx8mm", .model = "i.MX8MM", .core = "Cortex-M4",
		.rows = imx8m_m4_rows, .n_rows = N_ELEM(imx8m_m4_rows),
		.owned = imx8mm_owned, .n_owned = N_ELEM(imx8mm_owned),
		M4_SRC_FACTS, IMX8M_CLOCK_FACTS,
		.boot_alias_a = 0x007E0000,
		.mu_atr1 = MU_A_ATR1,
	},
	{
		.name = "imx8mn", .model = "i.MX8MN", .core = "Cortex-M7",
		.rows = imx8m_m7_rows, .n_rows = N_ELEM(imx8m_m7_rows),
		.owned = imx8mn_owned, .n_owned = N_ELEM(imx8mn_owned),
		M7_SRC_FACTS, IMX8M_CLOCK_FACTS,
		.boot_alias_a = 0x007E0000,
		/* doc/hardware.md §6 names no MU for the M7 parts: no kick. */
		.mu_atr1 = 0,
	},
	{
		.name = "imx8mp", .model = "i.MX8MP", .core = "Cortex-M7",
		.rows = imx8m_m7_rows, .n_rows = N_ELEM(imx8m_m7_rows),
		.owned = imx8mp_owned, .n_owned = N_ELEM(imx8mp_owned),
		M7_SRC_FACTS, IMX8M_CLOCK_FACTS,
		.boot_alias_a = 0x007E0000,
		.mu_atr1 = 0,
	},
};

static void check_steps(const char *soc, const char *what,
			const struct soc_recipe *got,
			const struct step_fact *want, size_t n)
{
	if (got->n_steps != n)
		fail_msg("%s %s: %zu steps, expected %zu", soc, what,
			 got->n_steps, n);
	for (size_t k = 0; k < n; k++) {
		const struct soc_reg_update *u = &got->steps[k];
		const struct step_fact *w = &want[k];

		if (u->addr != w->addr || u->mask != w->mask ||
		    u->value != w->value || u->if_mask != w->if_mask ||
		    (w->if_mask && (u->if_addr != w->if_addr ||
				    u->if_value != w->if_value)))
			fail_msg("%s %s step %zu: 0x%08x mask 0x%08x := 0x%08x (if 0x%08x & 0x%08x == 0x%08x), expected 0x%08x mask 0x%08x := 0x%08x (if 0x%08x & 0x%08x == 0x%08x)",
				 soc, what, k, u->addr, u->mask, u->value,
				 u->if_addr, u->if_mask, u->if_value,
				 w->addr, w->mask, w->value, w->if_addr,
				 w->if_mask, w->if_value);
	}
}

static void check_rows(const struct soc_desc *s, const struct soc_fact *f)
{
	if (s->n_regions != f->n_rows)
		fail_msg("%s: %zu rows, doc/hardware.md has %zu", s->name,
			 s->n_regions, f->n_rows);
	for (size_t k = 0; k < f->n_rows; k++) {
		const struct row_fact *w = &f->rows[k];
		const struct soc_region *r = NULL;

		for (size_t j = 0; j < s->n_regions; j++)
			if (s->regions[j].m_addr == w->m_addr)
				r = &s->regions[j];
		if (!r)
			fail_msg("%s: no row at M 0x%08x", s->name, w->m_addr);
		if (r->size != w->size || r->kind != w->kind ||
		    (w->kind != REGION_XIP && r->a_addr != w->a_addr))
			fail_msg("%s row M 0x%08x: A 0x%08x size 0x%x kind %d, expected A 0x%08x size 0x%x kind %d",
				 s->name, w->m_addr, r->a_addr, r->size,
				 (int)r->kind, w->a_addr, w->size,
				 (int)w->kind);
		if (w->name && strcmp(r->name, w->name) != 0)
			fail_msg("%s row M 0x%08x: named %s, expected %s",
				 s->name, w->m_addr, r->name, w->name);
		if (!w->enable && r->enable)
			fail_msg("%s row M 0x%08x: unexpected enable step",
				 s->name, w->m_addr);
		if (w->enable) {
			/* IOMUXC_GPR_GPR1 bit 30 gives OCRAM_EPDC to the M4 */
			if (!r->enable)
				fail_msg("%s row M 0x%08x: no enable step",
					 s->name, w->m_addr);
			assert_int_equal(r->enable->addr, 0x30340004);
			assert_int_equal(r->enable->mask, BIT(30));
			assert_int_equal(r->enable->value, BIT(30));
			assert_int_equal(r->enable->if_mask, 0);
		}
	}
}

static void check_owned(const struct soc_desc *s, const struct soc_fact *f)
{
	if (s->n_owned != f->n_owned)
		fail_msg("%s: %zu owned ranges, expected %zu", s->name,
			 s->n_owned, f->n_owned);
	for (size_t k = 0; k < f->n_owned; k++) {
		bool found = false;

		for (size_t j = 0; j < s->n_owned; j++)
			if (s->owned[j].a_addr == f->owned[k].a_addr &&
			    s->owned[j].size == f->owned[k].size)
				found = true;
		if (!found)
			fail_msg("%s: owned range 0x%08x+0x%x missing",
				 s->name, f->owned[k].a_addr,
				 f->owned[k].size);
	}
}

static void test_facts_every_soc_covered(void **state)
{
	(void)state;
	assert_int_equal(N_ELEM(soc_facts), n_socs());
	for (size_t i = 0; soc_table[i]; i++) {
		bool found = false;

		for (size_t k = 0; k < N_ELEM(soc_facts); k++)
			if (strcmp(soc_facts[k].name, soc_table[i]->name) == 0)
				found = true;
		if (!found)
			fail_msg("%s has no spot facts in this test",
				 soc_table[i]->name);
	}
}

static void test_facts_match_hardware_md(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEM(soc_facts); i++) {
		const struct soc_fact *f = &soc_facts[i];
		const struct soc_desc *s = need_soc(f->name);

		assert_string_equal(s->model, f->model);
		assert_string_equal(s->core, f->core);
		check_rows(s, f);
		check_owned(s, f);
		check_steps(s->name, "stop", &s->stop, f->stop, f->n_stop);
		check_steps(s->name, "start", &s->start, f->start, f->n_start);
		check_steps(s->name, "clock", &s->clock, f->clock, f->n_clock);
		if (s->held_reg != f->held_reg || s->held_mask != f->held_mask)
			fail_msg("%s: held 0x%08x & 0x%08x, expected 0x%08x & 0x%08x",
				 s->name, s->held_reg, s->held_mask,
				 f->held_reg, f->held_mask);
		if (s->enable_reg != f->enable_reg ||
		    s->enable_mask != f->enable_mask)
			fail_msg("%s: enable 0x%08x & 0x%08x, expected 0x%08x & 0x%08x",
				 s->name, s->enable_reg, s->enable_mask,
				 f->enable_reg, f->enable_mask);
		if (s->boot_alias_a != f->boot_alias_a)
			fail_msg("%s: boot alias 0x%08x, expected 0x%08x",
				 s->name, s->boot_alias_a, f->boot_alias_a);
		if (s->mu_atr1 != f->mu_atr1)
			fail_msg("%s: MU ATR1 0x%08x, expected 0x%08x",
				 s->name, s->mu_atr1, f->mu_atr1);
	}
}

/* doc/hardware.md §2: the i.MX8M CCM belongs to the kernel's clock driver. */
static void test_facts_imx8m_clock_may_be_unmappable(void **state)
{
	static const char *const names[] = {
		"imx8mq", "imx8mm", "imx8mn", "imx8mp",
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(names); i++)
		assert_true(need_soc(names[i])->clock_may_be_unmappable);
}

/* ---- soc_find / soc_names ----------------------------------------- */

static void test_find(void **state)
{
	static const char *const names[] = {
		"imx6sx", "imx7d", "imx8mq", "imx8mm", "imx8mn", "imx8mp",
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(names); i++) {
		const struct soc_desc *s = soc_find(names[i]);

		assert_non_null(s);
		assert_string_equal(s->name, names[i]);
	}
	assert_ptr_equal(soc_find("imx7d"), soc_table[1]);
	assert_null(soc_find(""));
	assert_null(soc_find("imx7"));
	assert_null(soc_find("imx7d "));
	assert_null(soc_find("imx7dx"));
	assert_null(soc_find("imx8mx"));
	assert_null(soc_find("imx7ulp"));
	assert_null(soc_find("i.MX7D"));
}

static void test_names(void **state)
{
	const char *a, *b;

	(void)state;
	a = soc_names();
	assert_string_equal(a,
			    "imx6sx, imx7d, imx8mq, imx8mm, imx8mn, imx8mp");
	/* Static storage, built once: a second call must not append. */
	b = soc_names();
	assert_ptr_equal(a, b);
	assert_string_equal(b,
			    "imx6sx, imx7d, imx8mq, imx8mm, imx8mn, imx8mp");
}

static void test_region_kind_name(void **state)
{
	(void)state;
	assert_string_equal(soc_region_kind_name(REGION_TCM), "TCM");
	assert_string_equal(soc_region_kind_name(REGION_OCRAM), "OCRAM");
	assert_string_equal(soc_region_kind_name(REGION_DDR), "DDR");
	assert_string_equal(soc_region_kind_name(REGION_XIP), "XIP");
}

/* ---- soc_fit_m / soc_fit_a ---------------------------------------- */

#define A_UNSET 0xDEADBEEFu

struct fit_case {
	const char *soc;
	uint32_t addr;
	uint64_t len;
	enum soc_fit fit;
	uint32_t row_m;		/* m_addr of the row expected, if any */
	uint32_t a_addr;	/* expected A view (when OK) */
};

static const struct fit_case fit_m_cases[] = {
	/* imx7d TCML 0x1FFF8000..0x1FFFFFFF -> 0x007F8000 */
	{ "imx7d", 0x1FFF8000, 4, SOC_FIT_OK, 0x1FFF8000, 0x007F8000 },
	{ "imx7d", 0x1FFFFFFF, 1, SOC_FIT_OK, 0x1FFF8000, 0x007FFFFF },
	{ "imx7d", 0x1FFF8000, 0x8000, SOC_FIT_OK, 0x1FFF8000, 0x007F8000 },
	{ "imx7d", 0x1FFFFFFC, 4, SOC_FIT_OK, 0x1FFF8000, 0x007FFFFC },
	/* TCML and TCMU touch but are separate rows: no merging */
	{ "imx7d", 0x1FFF8000, 0x8001, SOC_FIT_STRADDLE, 0x1FFF8000, 0 },
	{ "imx7d", 0x1FFFFFFC, 5, SOC_FIT_STRADDLE, 0x1FFF8000, 0 },
	{ "imx7d", 0x20000000, 4, SOC_FIT_OK, 0x20000000, 0x00800000 },
	/* zero length fits where its start does */
	{ "imx7d", 0x1FFF8000, 0, SOC_FIT_OK, 0x1FFF8000, 0x007F8000 },
	{ "imx7d", 0x1FFFFFFF, 0, SOC_FIT_OK, 0x1FFF8000, 0x007FFFFF },
	{ "imx7d", 0x00948000, 0, SOC_FIT_OUTSIDE, 0, 0 },
	/* OCRAM_PXP is 32 KiB, not U-Boot's 128 */
	{ "imx7d", 0x00940000, 0x8000, SOC_FIT_OK, 0x00940000, 0x00940000 },
	{ "imx7d", 0x00940000, 0x8001, SOC_FIT_STRADDLE, 0x00940000, 0 },
	{ "imx7d", 0x00948000, 4, SOC_FIT_OUTSIDE, 0, 0 },
	{ "imx7d", 0x20220000, 16, SOC_FIT_OK, 0x20220000, 0x00920000 },
	{ "imx7d", 0x00000004, 4, SOC_FIT_OK, 0x00000000, 0x00180004 },
	{ "imx7d", 0x10000000, 4, SOC_FIT_OK, 0x10000000, 0x80000000 },
	{ "imx7d", 0x1FFEFFFC, 4, SOC_FIT_OK, 0x10000000, 0x8FFEFFFC },
	{ "imx7d", 0x1FFEFFFC, 8, SOC_FIT_STRADDLE, 0x10000000, 0 },
	{ "imx7d", 0x1FFF0000, 4, SOC_FIT_OUTSIDE, 0, 0 },
	{ "imx7d", 0x80000000, 0x60000000, SOC_FIT_OK, 0x80000000,
	  0x80000000 },
	{ "imx7d", 0xDFFFFFFF, 1, SOC_FIT_OK, 0x80000000, 0xDFFFFFFF },
	{ "imx7d", 0xE0000000, 1, SOC_FIT_OUTSIDE, 0, 0 },
	{ "imx7d", 0x30000000, 4, SOC_FIT_OUTSIDE, 0, 0 },
	/* flash: the row is reported, nothing is translated */
	{ "imx7d", 0x60000000, 4, SOC_FIT_XIP, 0x60000000, 0 },
	{ "imx7d", 0x7FFFFFFC, 4, SOC_FIT_XIP, 0x60000000, 0 },
	/* past 4 GiB: WRAP before anything else */
	{ "imx7d", 0xFFFFFFFC, 4, SOC_FIT_OUTSIDE, 0, 0 },
	{ "imx7d", 0xFFFFFFFC, 5, SOC_FIT_WRAP, 0, 0 },
	{ "imx7d", 0xFFFFFFFF, 2, SOC_FIT_WRAP, 0, 0 },
	{ "imx7d", 0x80000000, 0x80000001, SOC_FIT_WRAP, 0, 0 },
	{ "imx7d", 0x00000000, FOUR_GIB + 1, SOC_FIT_WRAP, 0, 0 },
	/* imx6sx: the OCRAM_S code alias is not an identity map */
	{ "imx6sx", 0x00180000, 0x4000, SOC_FIT_OK, 0x00180000, 0x008F8000 },
	{ "imx6sx", 0x00184000, 1, SOC_FIT_OUTSIDE, 0, 0 },
	{ "imx6sx", 0x208F8000, 4, SOC_FIT_OK, 0x208F8000, 0x008F8000 },
	{ "imx6sx", 0x00000000, 0x8000, SOC_FIT_OK, 0x00000000, 0x007F8000 },
	{ "imx6sx", 0x00000000, 0x8001, SOC_FIT_STRADDLE, 0x00000000, 0 },
	{ "imx6sx", 0x10000000, 4, SOC_FIT_OK, 0x10000000, 0x80000000 },
	{ "imx6sx", 0x1FFF7FFC, 4, SOC_FIT_OK, 0x10000000, 0x8FFF7FFC },
	{ "imx6sx", 0x68000000, 4, SOC_FIT_XIP, 0x60000000, 0 },
	/* imx8mm: the merged 256 KiB TCM, DDR code alias to 0x40000000 */
	{ "imx8mm", 0x1FFE0000, 0x40000, SOC_FIT_OK, 0x1FFE0000,
	  0x007E0000 },
	{ "imx8mm", 0x1FFE0000, 0x40001, SOC_FIT_STRADDLE, 0x1FFE0000, 0 },
	{ "imx8mm", 0x20000000, 4, SOC_FIT_OK, 0x1FFE0000, 0x00800000 },
	{ "imx8mm", 0x00000000, 0x20000, SOC_FIT_OK, 0x00000000,
	  0x007E0000 },
	{ "imx8mm", 0x00000000, 0x20001, SOC_FIT_STRADDLE, 0x00000000, 0 },
	{ "imx8mm", 0x10000000, 4, SOC_FIT_OK, 0x10000000, 0x40000000 },
	{ "imx8mm", 0x1FFDFFFC, 4, SOC_FIT_OK, 0x10000000, 0x4FFDFFFC },
	{ "imx8mm", 0x08000000, 4, SOC_FIT_XIP, 0x08000000, 0 },
	{ "imx8mq", 0x20000000, 0x20000, SOC_FIT_OK, 0x1FFE0000,
	  0x00800000 },
	/* imx8mp: separate ITCM/DTCM, OCRAM_S code row of 0x9000 */
	{ "imx8mp", 0x00000000, 0x20000, SOC_FIT_OK, 0x00000000,
	  0x007E0000 },
	{ "imx8mp", 0x00000000, 0x20001, SOC_FIT_STRADDLE, 0x00000000, 0 },
	{ "imx8mp", 0x1FFE0000, 4, SOC_FIT_OUTSIDE, 0, 0 },
	{ "imx8mp", 0x20000000, 0x20000, SOC_FIT_OK, 0x20000000,
	  0x00800000 },
	{ "imx8mp", 0x00180000, 0x9000, SOC_FIT_OK, 0x00180000, 0x00180000 },
	{ "imx8mp", 0x00180000, 0x9001, SOC_FIT_STRADDLE, 0x00180000, 0 },
	{ "imx8mp", 0x20180000, 0x8000, SOC_FIT_OK, 0x20180000, 0x00180000 },
	{ "imx8mn", 0x00940000, 0x50000, SOC_FIT_OK, 0x00940000, 0x00940000 },
	{ "imx8mn", 0x00990000, 4, SOC_FIT_OUTSIDE, 0, 0 },
	{ "imx8mn", 0x20240000, 0x40000, SOC_FIT_OK, 0x20240000,
	  0x00940000 },
};

static void test_fit_m(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEM(fit_m_cases); i++) {
		const struct fit_case *c = &fit_m_cases[i];
		const struct soc_desc *s = need_soc(c->soc);
		const struct soc_region *row = (const void *)&row;
		uint32_t a = A_UNSET;
		enum soc_fit fit = soc_fit_m(s, c->addr, c->len, &row, &a);

		if (fit != c->fit)
			fail_msg("case %zu: %s M 0x%08x+0x%llx: fit %d, expected %d",
				 i, c->soc, c->addr,
				 (unsigned long long)c->len, (int)fit,
				 (int)c->fit);
		if (fit == SOC_FIT_OUTSIDE || fit == SOC_FIT_WRAP) {
			if (row)
				fail_msg("case %zu: row set on %d", i, (int)fit);
		} else if (!row || row->m_addr != c->row_m) {
			fail_msg("case %zu: %s M 0x%08x: row M 0x%08x, expected 0x%08x",
				 i, c->soc, c->addr, row ? row->m_addr : 0,
				 c->row_m);
		}
		if (fit == SOC_FIT_OK && a != c->a_addr)
			fail_msg("case %zu: %s M 0x%08x -> A 0x%08x, expected 0x%08x",
				 i, c->soc, c->addr, a, c->a_addr);
		/* a_addr is only an output of a successful fit */
		if (fit != SOC_FIT_OK && a != A_UNSET)
			fail_msg("case %zu: a_addr written on fit %d", i,
				 (int)fit);
	}
}

static const struct fit_case fit_a_cases[] = {
	/* imx7d: three M rows map A 0x180000; the first (M 0) wins */
	{ "imx7d", 0x00180000, 4, SOC_FIT_OK, 0x00000000, 0 },
	{ "imx7d", 0x00187FFF, 1, SOC_FIT_OK, 0x00000000, 0 },
	{ "imx7d", 0x00180000, 0x8000, SOC_FIT_OK, 0x00000000, 0 },
	{ "imx7d", 0x00180000, 0x8001, SOC_FIT_STRADDLE, 0x00000000, 0 },
	{ "imx7d", 0x00188000, 4, SOC_FIT_OUTSIDE, 0, 0 },
	{ "imx7d", 0x007F8000, 0x8000, SOC_FIT_OK, 0x1FFF8000, 0 },
	/* TCML/TCMU touch in the A view too: still two rows */
	{ "imx7d", 0x007F8000, 0x8004, SOC_FIT_STRADDLE, 0x1FFF8000, 0 },
	{ "imx7d", 0x00800000, 0x8000, SOC_FIT_OK, 0x20000000, 0 },
	{ "imx7d", 0x00900000, 0x20000, SOC_FIT_OK, 0x00900000, 0 },
	{ "imx7d", 0x00920000, 4, SOC_FIT_OK, 0x00920000, 0 },
	{ "imx7d", 0x00948000, 4, SOC_FIT_OUTSIDE, 0, 0 },
	{ "imx7d", 0x80000000, 4, SOC_FIT_OK, 0x10000000, 0 },
	{ "imx7d", 0x8FFF0000, 4, SOC_FIT_OK, 0x80000000, 0 },
	/* XIP rows have no A view: A 0x1000 is in no row */
	{ "imx7d", 0x00001000, 4, SOC_FIT_OUTSIDE, 0, 0 },
	{ "imx7d", 0x60000000, 4, SOC_FIT_OUTSIDE, 0, 0 },
	{ "imx7d", 0x00180000, 0, SOC_FIT_OK, 0x00000000, 0 },
	{ "imx7d", 0x00188000, 0, SOC_FIT_OUTSIDE, 0, 0 },
	{ "imx7d", 0xFFFFFFFC, 5, SOC_FIT_WRAP, 0, 0 },
	{ "imx7d", 0x80000000, FOUR_GIB, SOC_FIT_WRAP, 0, 0 },
	{ "imx6sx", 0x008F8000, 0x4000, SOC_FIT_OK, 0x00180000, 0 },
	{ "imx6sx", 0x00910000, 0x10000, SOC_FIT_OK, 0x00900000, 0 },
	{ "imx6sx", 0x00910000, 0x10001, SOC_FIT_STRADDLE, 0x00900000, 0 },
	{ "imx8mm", 0x40000000, 4, SOC_FIT_OK, 0x10000000, 0 },
	{ "imx8mm", 0x4FFE0000, 4, SOC_FIT_OK, 0x40000000, 0 },
	{ "imx8mm", 0x00800000, 4, SOC_FIT_OK, 0x1FFE0000, 0 },
	{ "imx8mp", 0x007E0000, 0x20001, SOC_FIT_STRADDLE, 0x00000000, 0 },
	{ "imx8mp", 0x00800000, 0x20000, SOC_FIT_OK, 0x20000000, 0 },
};

static void test_fit_a(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEM(fit_a_cases); i++) {
		const struct fit_case *c = &fit_a_cases[i];
		const struct soc_desc *s = need_soc(c->soc);
		const struct soc_region *row = (const void *)&row;
		enum soc_fit fit = soc_fit_a(s, c->addr, c->len, &row);

		if (fit != c->fit)
			fail_msg("case %zu: %s A 0x%08x+0x%llx: fit %d, expected %d",
				 i, c->soc, c->addr,
				 (unsigned long long)c->len, (int)fit,
				 (int)c->fit);
		if (fit == SOC_FIT_OUTSIDE || fit == SOC_FIT_WRAP) {
			if (row)
				fail_msg("case %zu: row set on %d", i, (int)fit);
		} else if (!row || row->m_addr != c->row_m) {
			fail_msg("case %zu: %s A 0x%08x: row M 0x%08x, expected M 0x%08x",
				 i, c->soc, c->addr, row ? row->m_addr : 0,
				 c->row_m);
		}
	}
}

/*
 * doc/contract.md: "A range must lie inside one row"; the 8MQ/8MM table has one
 * merged TCML+TCMU row so that an image spanning both fits. A raw image
 * given at the A address of TCML (0x7E0000, the address imx-m4fwloader
 * users type) that runs into TCMU lies inside that merged row, yet the
 * first row containing its start is the 128 KiB boot alias.
 */
static void test_fit_a_imx8mm_tcm_spanning_both_halves(void **state)
{
	const struct soc_region *row = NULL;
	enum soc_fit fit;

	(void)state;
	fit = soc_fit_a(need_soc("imx8mm"), 0x007E0000, 0x30000, &row);
	assert_int_equal(fit, SOC_FIT_OK);
	assert_non_null(row);
	assert_true(row->a_addr <= 0x007E0000);
	assert_true(row_a_end(row) >= 0x007E0000 + 0x30000);
}

/*
 * The length is 64-bit so that "start + length" cannot wrap; a length so
 * large that the 64-bit sum itself wraps must still be WRAP (or, for the
 * owned ranges, an overlap), not a smaller range that happens to fit.
 */
static void test_huge_lengths(void **state)
{
	const struct soc_desc *s = need_soc("imx8mq");
	const struct soc_region *row = NULL;
	uint32_t a = A_UNSET;

	(void)state;
	assert_int_equal(soc_fit_m(s, 0x1FFE0000, UINT64_MAX, &row, &a),
			 SOC_FIT_WRAP);
	assert_int_equal(soc_fit_m(s, 0x00900000, UINT64_MAX - 0xFFFF, &row,
				   &a), SOC_FIT_WRAP);
	assert_int_equal(soc_fit_a(s, 0x00900000, UINT64_MAX, &row),
			 SOC_FIT_WRAP);
	/* [0x900000, +huge) covers BL31 at 0x910000 */
	assert_non_null(soc_owned_overlap(s, 0x00900000, UINT64_MAX));
	assert_non_null(soc_owned_overlap(s, 0x00910000, UINT64_MAX));
}

static void test_region_of(void **state)
{
	const struct soc_desc *s = need_soc("imx7d");
	const struct soc_region *r;

	(void)state;
	r = soc_region_of_m(s, 0x20000000);
	assert_non_null(r);
	assert_string_equal(r->name, "TCMU");
	r = soc_region_of_m(s, 0x1FFFFFFF);
	assert_non_null(r);
	assert_string_equal(r->name, "TCML");
	r = soc_region_of_m(s, 0x60000000);
	assert_non_null(r);
	assert_int_equal(r->kind, REGION_XIP);
	assert_null(soc_region_of_m(s, 0x00948000));
	assert_null(soc_region_of_m(s, 0xFFFFFFFF));

	r = soc_region_of_a(s, 0x00180000);
	assert_non_null(r);
	assert_int_equal(r->m_addr, 0);
	r = soc_region_of_a(s, 0x0094FFFF);
	assert_null(r);
	/* XIP rows are skipped in the A view */
	assert_null(soc_region_of_a(s, 0));
	assert_null(soc_region_of_a(s, 0x1FFFFFFF));
}

/* ---- soc_sp_is_valid ---------------------------------------------- */

struct sp_case {
	const char *soc;
	uint32_t sp;
	bool valid;
};

static const struct sp_case sp_cases[] = {
	/* imx7d OCRAM 0x00900000; nothing ends there */
	{ "imx7d", 0x00900000, false },
	{ "imx7d", 0x00900004, true },
	/* OCRAM_PXP 0x00940000 + 32 KiB; nothing after it */
	{ "imx7d", 0x00948000, true },
	{ "imx7d", 0x00948004, false },
	{ "imx7d", 0x00947FFC, true },
	{ "imx7d", 0x00900001, false },
	{ "imx7d", 0x00900002, false },
	{ "imx7d", 0x00947FFE, false },
	/* TCML end is TCMU start: valid as the top of TCML */
	{ "imx7d", 0x20000000, true },
	{ "imx7d", 0x20008000, true },
	{ "imx7d", 0x20008004, false },
	/* XIP flash is no stack; its end is DDR's start */
	{ "imx7d", 0x60001000, false },
	{ "imx7d", 0x70000000, false },
	{ "imx7d", 0x80000000, false },
	{ "imx7d", 0x80000004, true },
	{ "imx7d", 0xE0000000, true },
	{ "imx7d", 0xE0000004, false },
	{ "imx7d", 0x00000000, false },
	{ "imx7d", 0x00008000, true },
	{ "imx7d", 0xFFFFFFFC, false },
	{ "imx6sx", 0x68000000, false },
	{ "imx6sx", 0x20008000, true },
	{ "imx6sx", 0x00184000, true },
	{ "imx6sx", 0x00184004, false },
	/* 8M: merged TCM top, M7 DTCM top */
	{ "imx8mm", 0x20020000, true },
	{ "imx8mm", 0x20020004, false },
	{ "imx8mm", 0x08001000, false },
	{ "imx8mp", 0x20020000, true },
	{ "imx8mp", 0x00020000, true },
	{ "imx8mp", 0x1FFE0004, false },
	{ "imx8mn", 0x00189000, true },
	{ "imx8mn", 0x00189004, false },
};

static void test_sp_is_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEM(sp_cases); i++) {
		const struct sp_case *c = &sp_cases[i];
		bool v = soc_sp_is_valid(need_soc(c->soc), c->sp);

		if (v != c->valid)
			fail_msg("%s SP 0x%08x: %s, expected %s", c->soc,
				 c->sp, v ? "valid" : "invalid",
				 c->valid ? "valid" : "invalid");
	}
}

/* ---- soc_owned_overlap -------------------------------------------- */

struct owned_case {
	const char *soc;
	uint32_t a_addr;
	uint64_t len;
	uint32_t owned_a;	/* 0: no overlap expected */
};

static const struct owned_case owned_cases[] = {
	/* imx8mq BL31 0x00910000..0x0091FFFF */
	{ "imx8mq", 0x0090FFFC, 4, 0 },
	{ "imx8mq", 0x0090FFFD, 4, 0x00910000 },
	{ "imx8mq", 0x00910000, 1, 0x00910000 },
	{ "imx8mq", 0x0091FFFF, 1, 0x00910000 },
	{ "imx8mq", 0x00920000, 4, 0 },
	{ "imx8mq", 0x00900000, 0x10000, 0 },
	{ "imx8mq", 0x00900000, 0x10001, 0x00910000 },
	{ "imx8mq", 0x00900000, 0x40000, 0x00910000 },
	{ "imx8mq", 0x00914000, 0, 0 },
	{ "imx8mq", 0x00180000, 0x8000, 0 },
	{ "imx8mq", 0x00000000, FOUR_GIB, 0x00910000 },
	{ "imx8mq", 0xFFFFFFFF, UINT64_MAX - 0xFFFFFFFF, 0 },
	/* imx8mm BL31 0x00920000..0x0093FFFF, OCRAM_S all of it */
	{ "imx8mm", 0x0091FFFC, 4, 0 },
	{ "imx8mm", 0x0093FFFC, 4, 0x00920000 },
	{ "imx8mm", 0x00940000, 4, 0 },
	{ "imx8mm", 0x00180000, 4, 0x00180000 },
	{ "imx8mm", 0x00187FFC, 4, 0x00180000 },
	{ "imx8mm", 0x00188000, 4, 0 },
	{ "imx8mm", 0x0017FFFC, 4, 0 },
	{ "imx8mm", 0x00910000, 0x10000, 0 },
	/* imx8mn BL31 0x00960000, OCRAM_S 0x9000 */
	{ "imx8mn", 0x0095FFFC, 4, 0 },
	{ "imx8mn", 0x00960000, 4, 0x00960000 },
	{ "imx8mn", 0x0097FFFC, 4, 0x00960000 },
	{ "imx8mn", 0x00980000, 4, 0 },
	{ "imx8mn", 0x00188FFC, 4, 0x00180000 },
	{ "imx8mn", 0x00189000, 4, 0 },
	/* imx8mp BL31 0x00970000..0x0098FFFF */
	{ "imx8mp", 0x0096FFFC, 4, 0 },
	{ "imx8mp", 0x00970000, 4, 0x00970000 },
	{ "imx8mp", 0x0098FFFC, 4, 0x00970000 },
	{ "imx8mp", 0x00990000, 4, 0 },
	{ "imx8mp", 0x00940000, 0x30000, 0 },
	{ "imx8mp", 0x00940000, 0x30001, 0x00970000 },
	/* no secure firmware in the tables of 6SX and 7D */
	{ "imx6sx", 0x00000000, FOUR_GIB, 0 },
	{ "imx7d", 0x00000000, FOUR_GIB, 0 },
};

static void test_owned_overlap(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEM(owned_cases); i++) {
		const struct owned_case *c = &owned_cases[i];
		const struct soc_owned_range *o =
			soc_owned_overlap(need_soc(c->soc), c->a_addr, c->len);

		if (!c->owned_a && o)
			fail_msg("%s 0x%08x+0x%llx: overlaps 0x%08x, expected none",
				 c->soc, c->a_addr,
				 (unsigned long long)c->len, o->a_addr);
		if (c->owned_a && (!o || o->a_addr != c->owned_a))
			fail_msg("%s 0x%08x+0x%llx: overlaps 0x%08x, expected 0x%08x",
				 c->soc, c->a_addr,
				 (unsigned long long)c->len, o ? o->a_addr : 0,
				 c->owned_a);
		if (o)
			assert_non_null(o->owner);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_is_terminated_and_nonempty),
		cmocka_unit_test(test_table_identity_fields),
		cmocka_unit_test(test_table_names_unique),
		cmocka_unit_test(test_table_rows_sane),
		cmocka_unit_test(test_table_rows_do_not_overlap_in_m_view),
		cmocka_unit_test(test_table_boot_alias_row),
		cmocka_unit_test(test_table_owned_inside_rows),
		cmocka_unit_test(test_table_recipes_sane),
		cmocka_unit_test(test_table_recipes_hold_and_release),
		cmocka_unit_test(test_facts_every_soc_covered),
		cmocka_unit_test(test_facts_match_hardware_md),
		cmocka_unit_test(test_facts_imx8m_clock_may_be_unmappable),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_region_kind_name),
		cmocka_unit_test(test_fit_m),
		cmocka_unit_test(test_fit_a),
		cmocka_unit_test(test_fit_a_imx8mm_tcm_spanning_both_halves),
		cmocka_unit_test(test_huge_lengths),
		cmocka_unit_test(test_region_of),
		cmocka_unit_test(test_sp_is_valid),
		cmocka_unit_test(test_owned_overlap),
	};

	return cmocka_run_group_tests_name("soc", tests, NULL, NULL);
}
