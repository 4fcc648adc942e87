// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The M core's state from its registers. The expected registers and bits
 * are written out here from doc/hardware.md §1-§3, not taken from the SoC
 * tables, so that a wrong table row fails a test instead of agreeing with
 * itself.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "m4fw/core_state.h"
#include "m4fw/mem.h"
#include "m4fw/soc.h"
#include "mem_fake.h"

#define BIT(n) (UINT32_C(1) << (n))

#define SRC_SCR		0x020D8000u	/* 6SX */
#define CCM_CCGR3	0x020C4074u	/* 6SX */
#define SRC_MRCR	0x3039000Cu	/* 7D, 8M: SRC_M4RCR / SRC_M7RCR */
#define IOMUXC_GPR22	0x30340058u	/* 8MN, 8MP */
#define CCM_CCGR1	0x30384010u	/* 7D */
#define CCM_ROOT	0x30388080u	/* 7D TARGET_ROOT1, 8M core root */

struct reg_fact {
	uint32_t addr;
	const char *name;
};

/* An unconditional clock gate: on when (read(addr) & mask) == mask. */
struct clock_fact {
	uint32_t addr;
	uint32_t mask;
};

struct soc_facts {
	const char *soc;
	uint32_t hold_reg;
	uint32_t hold_bit;
	uint32_t en_reg;
	uint32_t en_bit;
	/* The control registers, distinct, in recipe order. */
	struct reg_fact regs[2];
	size_t n_regs;
	/*
	 * Bits of each control register that do not decide the state: the
	 * self-clearing resets (which may stay set on a file or an emulator)
	 * and other cores' bits. 8MN/8MP: SRC bit 0 is left out; it is not
	 * part of the CPUWAIT rule and its meaning there is not asserted.
	 */
	uint32_t noise[2];
	struct clock_fact clocks[2];
	size_t n_clocks;
	uint32_t boot_a;
};

static const struct soc_facts facts[] = {
	{
		.soc = "imx6sx",
		.hold_reg = SRC_SCR, .hold_bit = BIT(4),
		.en_reg = SRC_SCR, .en_bit = BIT(22),
		.regs = { { SRC_SCR, "SRC_SCR" } }, .n_regs = 1,
		.noise = { ~(BIT(4) | BIT(22)) },
		.clocks = { { CCM_CCGR3, 0xC } }, .n_clocks = 1,
		.boot_a = 0x007F8000,
	},
	{
		.soc = "imx7d",
		.hold_reg = SRC_MRCR, .hold_bit = BIT(0),
		.en_reg = SRC_MRCR, .en_bit = BIT(3),
		.regs = { { SRC_MRCR, "SRC_M4RCR" } }, .n_regs = 1,
		.noise = { ~(BIT(0) | BIT(3)) },
		.clocks = { { CCM_CCGR1, 0x3 }, { CCM_ROOT, BIT(28) } },
		.n_clocks = 2,
		.boot_a = 0x00180000,
	},
	{
		.soc = "imx8mq",
		.hold_reg = SRC_MRCR, .hold_bit = BIT(0),
		.en_reg = SRC_MRCR, .en_bit = BIT(3),
		.regs = { { SRC_MRCR, "SRC_M4RCR" } }, .n_regs = 1,
		.noise = { ~(BIT(0) | BIT(3)) },
		.clocks = { { CCM_ROOT, BIT(28) } }, .n_clocks = 1,
		.boot_a = 0x007E0000,
	},
	{
		.soc = "imx8mm",
		.hold_reg = SRC_MRCR, .hold_bit = BIT(0),
		.en_reg = SRC_MRCR, .en_bit = BIT(3),
		.regs = { { SRC_MRCR, "SRC_M4RCR" } }, .n_regs = 1,
		.noise = { ~(BIT(0) | BIT(3)) },
		.clocks = { { CCM_ROOT, BIT(28) } }, .n_clocks = 1,
		.boot_a = 0x007E0000,
	},
	{
		.soc = "imx8mn",
		.hold_reg = IOMUXC_GPR22, .hold_bit = BIT(0),
		.en_reg = SRC_MRCR, .en_bit = BIT(3),
		.regs = { { IOMUXC_GPR22, "IOMUXC_GPR22" },
			  { SRC_MRCR, "SRC_M7RCR" } }, .n_regs = 2,
		.noise = { ~BIT(0), ~(BIT(0) | BIT(3)) },
		.clocks = { { CCM_ROOT, BIT(28) } }, .n_clocks = 1,
		.boot_a = 0x007E0000,
	},
	{
		.soc = "imx8mp",
		.hold_reg = IOMUXC_GPR22, .hold_bit = BIT(0),
		.en_reg = SRC_MRCR, .en_bit = BIT(3),
		.regs = { { IOMUXC_GPR22, "IOMUXC_GPR22" },
			  { SRC_MRCR, "SRC_M7RCR" } }, .n_regs = 2,
		.noise = { ~BIT(0), ~(BIT(0) | BIT(3)) },
		.clocks = { { CCM_ROOT, BIT(28) } }, .n_clocks = 1,
		.boot_a = 0x007E0000,
	},
};

#define N_FACTS (sizeof(facts) / sizeof(facts[0]))

/* Every SoC the tool drives has facts here: a new table needs its test. */
static const struct soc_facts *facts_of(const struct soc_desc *soc)
{
	for (size_t i = 0; i < N_FACTS; i++)
		if (strcmp(facts[i].soc, soc->name) == 0)
			return &facts[i];
	fail_msg("no doc/hardware.md facts in this test for SoC %s", soc->name);
	return NULL;
}

static void test_every_soc_has_facts(void **state)
{
	size_t n = 0;

	(void)state;
	for (size_t i = 0; soc_table[i]; i++, n++)
		assert_non_null(facts_of(soc_table[i]));
	assert_int_equal(n, N_FACTS);
}

/* ---- the control registers -------------------------------------------- */

static void test_control_regs(void **state)
{
	(void)state;
	for (size_t i = 0; soc_table[i]; i++) {
		const struct soc_desc *soc = soc_table[i];
		const struct soc_facts *f = facts_of(soc);
		struct core_reg regs[CORE_MAX_REGS];
		size_t n;

		memset(regs, 0x5a, sizeof(regs));
		n = core_control_regs(soc, regs);
		if (n != f->n_regs)
			fail_msg("%s: %zu control registers, expected %zu",
				 soc->name, n, f->n_regs);
		for (size_t k = 0; k < n; k++) {
			if (regs[k].addr != f->regs[k].addr)
				fail_msg("%s: register %zu is 0x%08x, expected 0x%08x",
					 soc->name, k, regs[k].addr,
					 f->regs[k].addr);
			assert_string_equal(regs[k].name, f->regs[k].name);
			assert_int_equal(regs[k].value, 0);
		}
	}
}

/* ---- deciding the state ----------------------------------------------- */

static void set_reg(struct core_status *st, uint32_t addr, uint32_t bits)
{
	for (size_t i = 0; i < st->n_regs; i++) {
		if (st->regs[i].addr == addr) {
			st->regs[i].value |= bits;
			return;
		}
	}
	fail_msg("register 0x%08x is not among the control registers", addr);
}

static const char *const clock_names[] = { "on", "gated", "unknown" };

/*
 * Disabled wins over held, held over a gated clock: what keeps the core
 * from running first. An unknown clock (CCM not mappable) is not gated.
 */
static enum core_state expected_state(bool hold, bool enable,
				      enum core_clock clock)
{
	if (!enable)
		return CORE_DISABLED;
	if (hold)
		return CORE_HELD;
	if (clock == CLOCK_GATED)
		return CORE_CLOCK_GATED;
	return CORE_RUNNING;
}

static void test_decide_every_combination(void **state)
{
	(void)state;
	for (size_t i = 0; soc_table[i]; i++) {
		const struct soc_desc *soc = soc_table[i];
		const struct soc_facts *f = facts_of(soc);

		for (unsigned int combo = 0; combo < 2 * 2 * 3 * 2; combo++) {
			bool hold = combo & 1;
			bool enable = combo & 2;
			enum core_clock clock = (combo >> 2) % 3;
			bool noisy = combo / 12;
			enum core_state want = expected_state(hold, enable,
							      clock);
			enum core_state got;
			struct core_status st;

			memset(&st, 0, sizeof(st));
			st.n_regs = core_control_regs(soc, st.regs);
			if (noisy)
				for (size_t k = 0; k < f->n_regs; k++)
					set_reg(&st, f->regs[k].addr,
						f->noise[k]);
			if (hold)
				set_reg(&st, f->hold_reg, f->hold_bit);
			if (enable)
				set_reg(&st, f->en_reg, f->en_bit);
			st.clock = clock;
			got = core_state_decide(soc, &st);
			if (got != want)
				fail_msg("%s: hold %d enable %d clock %s%s: %s, expected %s",
					 soc->name, hold, enable,
					 clock_names[clock],
					 noisy ? " (other bits set)" : "",
					 core_state_name(got),
					 core_state_name(want));
		}
	}
}

/* What 7D and 8MM boards show at power-on: ENABLE and NON_SCLR set. */
static void test_power_on_m4rcr_is_held(void **state)
{
	static const char *const socs[] = { "imx7d", "imx8mq", "imx8mm" };

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		const struct soc_desc *soc = soc_find(socs[i]);
		struct core_status st;

		assert_non_null(soc);
		memset(&st, 0, sizeof(st));
		st.n_regs = core_control_regs(soc, st.regs);
		set_reg(&st, SRC_MRCR, 0xAB);
		assert_int_equal(core_state_decide(soc, &st), CORE_HELD);
	}
}

static void test_state_names(void **state)
{
	(void)state;
	assert_string_equal(core_state_name(CORE_RUNNING), "running");
	assert_string_equal(core_state_name(CORE_HELD), "held in reset");
	assert_string_equal(core_state_name(CORE_DISABLED), "disabled");
	assert_string_equal(core_state_name(CORE_CLOCK_GATED), "clock gated");
}

/* ---- reading the registers -------------------------------------------- */

struct fake_ctx {
	struct mem_fake *f;
	struct mem m;
};

static int fake_setup(void **state)
{
	struct fake_ctx *c = calloc(1, sizeof(*c));

	if (!c)
		return -1;
	c->f = mem_fake_new();
	if (!c->f) {
		free(c);
		return -1;
	}
	mem_fake_bind(c->f, &c->m);
	*state = c;
	return 0;
}

static int fake_teardown(void **state)
{
	struct fake_ctx *c = *state;

	mem_close(&c->m);
	mem_fake_free(c->f);
	free(c);
	return 0;
}

/* The 4 KiB page around @addr, once: registers share pages. */
static void add_page(struct mem_fake *f, uint32_t addr, const char *name)
{
	int ret = mem_fake_add_region(f, addr & ~0xFFFu, 0x1000, name);

	if (ret && ret != -EEXIST)
		fail_msg("declaring 0x%08x: %d", addr, ret);
}

#define VEC_SP 0x20008000u
#define VEC_PC 0x1FFF8101u

/*
 * A fresh fake with the SoC's registers and boot alias as on a running
 * core: enabled, not held, every clock on, with the other bits set.
 */
static void fake_soc(struct fake_ctx *c, const struct soc_facts *fs)
{
	mem_close(&c->m);
	mem_fake_free(c->f);
	c->f = mem_fake_new();
	assert_non_null(c->f);
	mem_fake_bind(c->f, &c->m);

	for (size_t k = 0; k < fs->n_regs; k++) {
		add_page(c->f, fs->regs[k].addr, fs->regs[k].name);
		mem_fake_poke32(c->f, fs->regs[k].addr, fs->noise[k]);
	}
	mem_fake_poke32(c->f, fs->en_reg,
			mem_fake_peek32(c->f, fs->en_reg) | fs->en_bit);
	for (size_t k = 0; k < fs->n_clocks; k++) {
		add_page(c->f, fs->clocks[k].addr, "CCM");
		mem_fake_poke32(c->f, fs->clocks[k].addr,
				mem_fake_peek32(c->f, fs->clocks[k].addr) |
				fs->clocks[k].mask);
	}
	add_page(c->f, fs->boot_a, "boot alias");
	mem_fake_poke32(c->f, fs->boot_a, VEC_SP);
	mem_fake_poke32(c->f, fs->boot_a + 4, VEC_PC);
}

static void clear_bits(struct mem_fake *f, uint32_t addr, uint32_t bits)
{
	mem_fake_poke32(f, addr, mem_fake_peek32(f, addr) & ~bits);
}

static void set_bits(struct mem_fake *f, uint32_t addr, uint32_t bits)
{
	mem_fake_poke32(f, addr, mem_fake_peek32(f, addr) | bits);
}

/* Reading the status must never write anything. */
static void assert_read_only(struct mem_fake *f)
{
	struct mem_fake_match writes = { .ops = MEM_FAKE_WRITES };

	mem_fake_assert(f, mem_fake_log_count_matching(f, mem_fake_match,
						       &writes) == 0);
	mem_fake_assert(f, mem_fake_violations(f) == 0);
}

static void test_status_read_running(void **state)
{
	struct fake_ctx *c = *state;

	for (size_t i = 0; soc_table[i]; i++) {
		const struct soc_desc *soc = soc_table[i];
		const struct soc_facts *fs = facts_of(soc);
		struct core_status st;

		fake_soc(c, fs);
		mem_fake_assert(c->f, core_status_read(&c->m, soc, &st) == 0);
		assert_int_equal(st.n_regs, fs->n_regs);
		for (size_t k = 0; k < fs->n_regs; k++) {
			assert_int_equal(st.regs[k].addr, fs->regs[k].addr);
			assert_int_equal(st.regs[k].value,
					 mem_fake_peek32(c->f,
							 fs->regs[k].addr));
		}
		assert_int_equal(st.clock, CLOCK_ON);
		assert_int_equal(st.sp, VEC_SP);
		assert_int_equal(st.pc, VEC_PC);
		if (st.state != CORE_RUNNING)
			fail_msg("%s: %s, expected running", soc->name,
				 core_state_name(st.state));
		assert_read_only(c->f);
	}
}

static void test_status_read_held_and_disabled(void **state)
{
	struct fake_ctx *c = *state;

	for (size_t i = 0; soc_table[i]; i++) {
		const struct soc_desc *soc = soc_table[i];
		const struct soc_facts *fs = facts_of(soc);
		struct core_status st;

		fake_soc(c, fs);
		set_bits(c->f, fs->hold_reg, fs->hold_bit);
		assert_int_equal(core_status_read(&c->m, soc, &st), 0);
		assert_int_equal(st.state, CORE_HELD);

		clear_bits(c->f, fs->en_reg, fs->en_bit);
		assert_int_equal(core_status_read(&c->m, soc, &st), 0);
		assert_int_equal(st.state, CORE_DISABLED);
		assert_read_only(c->f);
	}
}

/* Each unconditional gate on its own is enough to stop the core. */
static void test_status_read_clock_gated(void **state)
{
	struct fake_ctx *c = *state;

	for (size_t i = 0; soc_table[i]; i++) {
		const struct soc_desc *soc = soc_table[i];
		const struct soc_facts *fs = facts_of(soc);

		for (size_t k = 0; k < fs->n_clocks; k++) {
			struct core_status st;

			fake_soc(c, fs);
			clear_bits(c->f, fs->clocks[k].addr,
				   fs->clocks[k].mask);
			assert_int_equal(core_status_read(&c->m, soc, &st), 0);
			if (st.clock != CLOCK_GATED)
				fail_msg("%s: gate 0x%08x off, clock %s",
					 soc->name, fs->clocks[k].addr,
					 clock_names[st.clock]);
			assert_int_equal(st.state, CORE_CLOCK_GATED);
			assert_read_only(c->f);
		}
	}
}

/* Half a gate (one bit of 6SX CCGR3 [3:2], 7D CCGR1 [1:0]) is not on. */
static void test_status_read_clock_half_on(void **state)
{
	struct fake_ctx *c = *state;
	static const char *const socs[] = { "imx6sx", "imx7d" };

	for (size_t i = 0; i < 2; i++) {
		const struct soc_desc *soc = soc_find(socs[i]);
		const struct soc_facts *fs = facts_of(soc);
		uint32_t mask = fs->clocks[0].mask;
		struct core_status st;

		fake_soc(c, fs);
		clear_bits(c->f, fs->clocks[0].addr, mask & (mask - 1));
		assert_int_equal(core_status_read(&c->m, soc, &st), 0);
		assert_int_equal(st.clock, CLOCK_GATED);
	}
}

/*
 * IO_STRICT_DEVMEM refuses the CCM on i.MX8M (the clock driver owns it):
 * status still reads the rest, and says the clock is unknown.
 */
static void test_status_read_clock_unmappable(void **state)
{
	struct fake_ctx *c = *state;

	for (size_t i = 0; soc_table[i]; i++) {
		const struct soc_desc *soc = soc_table[i];
		const struct soc_facts *fs = facts_of(soc);

		for (size_t k = 0; k < fs->n_clocks; k++) {
			struct core_status st;

			fake_soc(c, fs);
			assert_int_equal(mem_fake_refuse_map(c->f,
							     fs->clocks[k].addr,
							     -EPERM), 0);
			mem_fake_assert(c->f,
					core_status_read(&c->m, soc, &st) == 0);
			if (st.clock != CLOCK_UNKNOWN)
				fail_msg("%s: 0x%08x unmappable, clock %s",
					 soc->name, fs->clocks[k].addr,
					 clock_names[st.clock]);
			assert_int_equal(st.state, CORE_RUNNING);
			assert_int_equal(st.sp, VEC_SP);
			assert_int_equal(st.pc, VEC_PC);
			assert_read_only(c->f);
		}
	}
}

/*
 * Run core_status_read() with stderr going to a file, so that the error
 * line it owes the user can be checked instead of cluttering the output.
 */
static int status_read_captured(struct mem *m, const struct soc_desc *soc,
				struct core_status *st, char *err, size_t size)
{
	FILE *cap = tmpfile();
	int saved, ret;
	size_t n;

	assert_non_null(cap);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	assert_true(saved >= 0);
	assert_int_equal(dup2(fileno(cap), STDERR_FILENO), STDERR_FILENO);
	ret = core_status_read(m, soc, st);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(cap);
	n = fread(err, 1, size - 1, cap);
	err[n] = '\0';
	fclose(cap);
	return ret;
}

/* Exactly one line, naming what could not be read and where. */
static void assert_one_error_line(const char *err, const char *addr)
{
	const char *nl = strchr(err, '\n');

	if (!nl || nl[1] != '\0')
		fail_msg("expected one error line, got: '%s'", err);
	if (!strstr(err, addr))
		fail_msg("error line does not name %s: %s", addr, err);
}

/* Without its control registers there is no state to report. */
static void test_status_read_control_unmappable(void **state)
{
	struct fake_ctx *c = *state;

	for (size_t i = 0; soc_table[i]; i++) {
		const struct soc_desc *soc = soc_table[i];
		const struct soc_facts *fs = facts_of(soc);

		for (size_t k = 0; k < fs->n_regs; k++) {
			struct core_status st;
			char err[512], addr[16];

			fake_soc(c, fs);
			mem_fake_refuse_map(c->f, fs->regs[k].addr, -EPERM);
			assert_int_equal(status_read_captured(&c->m, soc, &st,
							      err,
							      sizeof(err)),
					 -EPERM);
			snprintf(addr, sizeof(addr), "0x%08x",
				 fs->regs[k].addr);
			assert_one_error_line(err, addr);
		}
	}
}

static void test_status_read_vector_unmappable(void **state)
{
	struct fake_ctx *c = *state;
	const struct soc_desc *soc = soc_find("imx7d");
	const struct soc_facts *fs = facts_of(soc);
	struct core_status st;
	char err[512];

	fake_soc(c, fs);
	mem_fake_refuse_map(c->f, fs->boot_a, -EPERM);
	assert_int_equal(status_read_captured(&c->m, soc, &st, err,
					      sizeof(err)), -EPERM);
	assert_one_error_line(err, "0x00180000");
}

/* ---- the boot vector rule --------------------------------------------- */

static bool vector_ok(const char *soc_name, uint32_t sp, uint32_t pc,
		      char *why, size_t size)
{
	const struct soc_desc *soc = soc_find(soc_name);

	assert_non_null(soc);
	why[0] = '\0';
	return core_vector_check(soc, sp, pc, why, size);
}

#define GOOD_PC_7D 0x1FFF8101u	/* Thumb, in TCML */
#define GOOD_SP_7D 0x00188000u	/* the end of OCRAM_S */

static void assert_vector_bad(const char *soc, uint32_t sp, uint32_t pc,
			      const char *about)
{
	char why[256];

	if (vector_ok(soc, sp, pc, why, sizeof(why)))
		fail_msg("%s: SP 0x%08x PC 0x%08x accepted", soc, sp, pc);
	/* The reason names the word that is wrong, and its value. */
	if (!strstr(why, about))
		fail_msg("%s: reason does not mention %s: %s", soc, about, why);
}

static void assert_vector_good(const char *soc, uint32_t sp, uint32_t pc)
{
	char why[256];

	if (!vector_ok(soc, sp, pc, why, sizeof(why)))
		fail_msg("%s: SP 0x%08x PC 0x%08x refused: %s", soc, sp, pc,
			 why);
}

/*
 * A full-descending stack starts just past the end of its memory: the row
 * end is a valid SP, the row start is not (the first push would land
 * below the memory). 7D OCRAM_S 0x00180000-0x00187FFF is the end of no
 * other row, so its start is invalid on every count.
 */
static void test_vector_sp_edges(void **state)
{
	(void)state;
	assert_vector_good("imx7d", GOOD_SP_7D, GOOD_PC_7D);
	assert_vector_good("imx7d", GOOD_SP_7D - 4, GOOD_PC_7D);
	assert_vector_bad("imx7d", 0x00180000, GOOD_PC_7D, "SP");
	assert_vector_bad("imx7d", GOOD_SP_7D + 4, GOOD_PC_7D, "SP");
	assert_vector_bad("imx7d", GOOD_SP_7D - 2, GOOD_PC_7D, "SP");
	assert_vector_bad("imx7d", GOOD_SP_7D - 1, GOOD_PC_7D, "SP");
	/* The last row of the map ends at 0xE0000000 (DDR). */
	assert_vector_good("imx7d", 0xE0000000, GOOD_PC_7D);
	assert_vector_bad("imx7d", 0xE0000004, GOOD_PC_7D, "SP");
	/* Flash is no stack, whatever the address. */
	assert_vector_bad("imx7d", 0x68000000, GOOD_PC_7D, "SP");
	/* 8MN ITCM starts at M 0: SP 0 is no stack top, 0x20000 is. */
	assert_vector_bad("imx8mn", 0x00000000, 0x00000401, "SP");
	assert_vector_good("imx8mn", 0x00020000, 0x00000401);
}

static void test_vector_pc_edges(void **state)
{
	(void)state;
	/* Thumb: bit 0 set. */
	assert_vector_bad("imx7d", GOOD_SP_7D, GOOD_PC_7D & ~1u, "PC");
	/* The last halfword of OCRAM_S, and the first past it. */
	assert_vector_good("imx7d", GOOD_SP_7D, 0x00187FFF);
	assert_vector_bad("imx7d", GOOD_SP_7D, 0x00188001, "PC");
	/* Execute-in-place flash is not RAM this tool loads. */
	assert_vector_bad("imx7d", GOOD_SP_7D, 0x60000401, "PC");
	assert_vector_bad("imx8mm", 0x20020000, 0x08000401, "PC");
	assert_vector_bad("imx6sx", 0x20008000, 0x68000401, "PC");
	/* Outside the map altogether. */
	assert_vector_bad("imx7d", GOOD_SP_7D, 0x30000001, "PC");
	assert_vector_bad("imx7d", GOOD_SP_7D, 0xF0000001, "PC");
	/* DDR is RAM. */
	assert_vector_good("imx7d", GOOD_SP_7D, 0x80000401);
}

/*
 * Every row of every map: a RAM row's end is a stack top and its first
 * halfword a reset PC; a flash row's is not.
 */
static void test_vector_every_row(void **state)
{
	(void)state;
	for (size_t i = 0; soc_table[i]; i++) {
		const struct soc_desc *soc = soc_table[i];
		/* Row 0 is RAM on every SoC: the boot alias. */
		const struct soc_region *r0 = &soc->regions[0];
		uint32_t good_sp = r0->m_addr + r0->size;

		assert_int_not_equal(r0->kind, REGION_XIP);
		for (size_t k = 0; k < soc->n_regions; k++) {
			const struct soc_region *r = &soc->regions[k];
			uint32_t end = r->m_addr + r->size;
			char why[256];

			if (r->kind == REGION_XIP) {
				if (core_vector_check(soc, good_sp,
						      (r->m_addr + 0x400) | 1,
						      why, sizeof(why)))
					fail_msg("%s: PC in %s flash accepted",
						 soc->name, r->name);
				if (core_vector_check(soc, r->m_addr + 0x1000,
						      r0->m_addr | 1, why,
						      sizeof(why)))
					fail_msg("%s: SP in %s flash accepted",
						 soc->name, r->name);
				continue;
			}
			if (!core_vector_check(soc, end, r->m_addr | 1, why,
					       sizeof(why)))
				fail_msg("%s %s (M 0x%08x): %s", soc->name,
					 r->name, r->m_addr, why);
			if (core_vector_check(soc, end - 2, r->m_addr | 1, why,
					      sizeof(why)))
				fail_msg("%s %s: unaligned SP accepted",
					 soc->name, r->name);
			if (core_vector_check(soc, end, r->m_addr, why,
					      sizeof(why)))
				fail_msg("%s %s: even PC accepted", soc->name,
					 r->name);
		}
	}
}

#define FAKE_TEST(f) cmocka_unit_test_setup_teardown(f, fake_setup, \
						      fake_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_soc_has_facts),
		cmocka_unit_test(test_control_regs),
		cmocka_unit_test(test_decide_every_combination),
		cmocka_unit_test(test_power_on_m4rcr_is_held),
		cmocka_unit_test(test_state_names),
		FAKE_TEST(test_status_read_running),
		FAKE_TEST(test_status_read_held_and_disabled),
		FAKE_TEST(test_status_read_clock_gated),
		FAKE_TEST(test_status_read_clock_half_on),
		FAKE_TEST(test_status_read_clock_unmappable),
		FAKE_TEST(test_status_read_control_unmappable),
		FAKE_TEST(test_status_read_vector_unmappable),
		cmocka_unit_test(test_vector_sp_edges),
		cmocka_unit_test(test_vector_pc_edges),
		cmocka_unit_test(test_vector_every_row),
	};

	return cmocka_run_group_tests_name("core_state", tests, NULL, NULL);
}
