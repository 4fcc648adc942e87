/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The state of the M core as its registers tell it: running, held in
 * reset, disabled or clock gated; and the boot vector it would start from.
 */
#ifndef M4FW_CORE_STATE_H
#define M4FW_CORE_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "m4fw/mem.h"
#include "m4fw/soc.h"

#define CORE_MAX_REGS 4

enum core_state {
	CORE_RUNNING,
	CORE_HELD,		/* held in reset (8MN/8MP: CPUWAIT set) */
	CORE_DISABLED,		/* ENABLE bit clear */
	CORE_CLOCK_GATED,	/* out of reset, but its clock is off */
};

enum core_clock {
	CLOCK_ON,
	CLOCK_GATED,
	CLOCK_UNKNOWN,		/* the CCM could not be mapped */
};

struct core_reg {
	uint32_t addr;
	const char *name;
	uint32_t value;
};

struct core_status {
	struct core_reg regs[CORE_MAX_REGS];	/* the control registers */
	size_t n_regs;
	enum core_clock clock;
	enum core_state state;
	uint32_t sp;		/* the words at M address 0 */
	uint32_t pc;
};

/**
 * core_control_regs() - the distinct control registers of @soc (those its
 * stop and start recipes write), in recipe order, into @regs.
 * Return: how many.
 */
size_t core_control_regs(const struct soc_desc *soc, struct core_reg *regs);

/**
 * core_status_read() - map and read the control registers, the clock and
 * the boot vector. An unmappable CCM (IO_STRICT_DEVMEM on i.MX8M) leaves
 * the clock unknown.
 * Return: 0, or -errno when a control register or the vector cannot be
 * mapped or read (after one error line).
 */
int core_status_read(struct mem *m, const struct soc_desc *soc,
		     struct core_status *st);

/** core_state_decide() - the state from the values in @st. */
enum core_state core_state_decide(const struct soc_desc *soc,
				  const struct core_status *st);

/** core_state_name() - "running", "held in reset", ... */
const char *core_state_name(enum core_state state);

/**
 * core_vector_check() - the start rule: SP a word-aligned stack top in a
 * RAM row, PC Thumb and inside a RAM row of the map.
 * Return: true when plausible; else false and why in @why.
 */
bool core_vector_check(const struct soc_desc *soc, uint32_t sp, uint32_t pc,
		       char *why, size_t size);

#endif /* M4FW_CORE_STATE_H */
