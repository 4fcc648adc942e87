// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading the state of the M core from its control registers.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "m4fw/core_state.h"
#include "m4fw/log.h"

static void add_reg(struct core_reg *regs, size_t *n, uint32_t addr,
		    const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (regs[i].addr == addr)
			return;
	if (*n < CORE_MAX_REGS) {
		regs[*n].addr = addr;
		regs[*n].name = name;
		regs[*n].value = 0;
		(*n)++;
	}
}

size_t core_control_regs(const struct soc_desc *soc, struct core_reg *regs)
{
	size_t n = 0;

	for (size_t i = 0; i < soc->stop.n_steps; i++)
		add_reg(regs, &n, soc->stop.steps[i].addr,
			soc->stop.steps[i].reg_name);
	for (size_t i = 0; i < soc->start.n_steps; i++)
		add_reg(regs, &n, soc->start.steps[i].addr,
			soc->start.steps[i].reg_name);
	return n;
}

static uint32_t reg_value(const struct core_status *st, uint32_t addr)
{
	for (size_t i = 0; i < st->n_regs; i++)
		if (st->regs[i].addr == addr)
			return st->regs[i].value;
	return 0;
}

enum core_state core_state_decide(const struct soc_desc *soc,
				  const struct core_status *st)
{
	if (soc->enable_mask &&
	    !(reg_value(st, soc->enable_reg) & soc->enable_mask))
		return CORE_DISABLED;
	if (reg_value(st, soc->held_reg) & soc->held_mask)
		return CORE_HELD;
	if (st->clock == CLOCK_GATED)
		return CORE_CLOCK_GATED;
	return CORE_RUNNING;
}

const char *core_state_name(enum core_state state)
{
	switch (state) {
	case CORE_RUNNING:
		return "running";
	case CORE_HELD:
		return "held in reset";
	case CORE_DISABLED:
		return "disabled";
	case CORE_CLOCK_GATED:
		return "clock gated";
	}
	return "?";
}

static int read_word(struct mem *m, uint32_t addr, const char *what,
		     uint32_t *val)
{
	int ret = mem_map(m, addr, 4);

	if (!ret)
		ret = mem_read32(m, addr, val);
	if (ret)
		log_error("cannot read %s at 0x%08x from %s: %s%s", what, addr,
			  m->path, strerror(-ret),
			  mem_errno_hint(-ret, m->is_device));
	return ret;
}

/* Only the unconditional gates count: each must read back as its value. */
static enum core_clock read_clock(struct mem *m, const struct soc_desc *soc)
{
	enum core_clock clock = CLOCK_ON;

	for (size_t i = 0; i < soc->clock.n_steps; i++) {
		const struct soc_reg_update *u = &soc->clock.steps[i];
		uint32_t v;

		if (u->if_mask)
			continue;
		if (mem_map(m, u->addr, 4) || mem_read32(m, u->addr, &v))
			return CLOCK_UNKNOWN;
		if ((v & u->mask) != u->value)
			clock = CLOCK_GATED;
	}
	return clock;
}

int core_status_read(struct mem *m, const struct soc_desc *soc,
		     struct core_status *st)
{
	int ret;

	memset(st, 0, sizeof(*st));
	st->n_regs = core_control_regs(soc, st->regs);
	for (size_t i = 0; i < st->n_regs; i++) {
		ret = read_word(m, st->regs[i].addr, st->regs[i].name,
				&st->regs[i].value);
		if (ret)
			return ret;
	}
	st->clock = read_clock(m, soc);
	ret = read_word(m, soc->boot_alias_a, "the boot vector", &st->sp);
	if (!ret)
		ret = read_word(m, soc->boot_alias_a + 4, "the boot vector",
				&st->pc);
	if (ret)
		return ret;
	st->state = core_state_decide(soc, st);
	return 0;
}

bool core_vector_check(const struct soc_desc *soc, uint32_t sp, uint32_t pc,
		       char *why, size_t size)
{
	const struct soc_region *row = soc_region_of_m(soc, pc & ~1u);

	if (sp & 3) {
		snprintf(why, size,
			 "initial SP 0x%08x is not word-aligned (a multiple of 4)",
			 sp);
		return false;
	}
	if (!soc_sp_is_valid(soc, sp)) {
		snprintf(why, size,
			 "initial SP 0x%08x is not a stack top in RAM (TCM, OCRAM or DDR)",
			 sp);
		return false;
	}
	if (!(pc & 1)) {
		snprintf(why, size,
			 "reset PC 0x%08x has bit 0 clear (a Cortex-M runs Thumb code only)",
			 pc);
		return false;
	}
	if (!row || row->kind == REGION_XIP) {
		snprintf(why, size,
			 "reset PC 0x%08x is not in RAM of the %s memory map",
			 pc, soc->model);
		return false;
	}
	return true;
}
