/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What m4fwloader knows about each SoC, as data: the M core's memory map
 * (M view -> A view), memory that secure firmware owns, and the register
 * recipes that stop, start and clock the core. Every number comes from
 * doc/hardware.md; the tables live in soc_<family>.c, one row per fact.
 */
#ifndef M4FW_SOC_H
#define M4FW_SOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum region_kind {
	REGION_TCM,	/* tightly coupled memory */
	REGION_OCRAM,	/* on-chip RAM */
	REGION_DDR,	/* external RAM */
	REGION_XIP,	/* memory-mapped flash: cannot be written by stores */
};

/*
 * A read-modify-write of the bits in @mask of the register at @addr.
 * When @if_mask is non-zero the step is done only if
 * (read(@if_addr) & @if_mask) == @if_value at the time it runs.
 */
struct soc_reg_update {
	uint32_t addr;
	uint32_t mask;
	uint32_t value;
	const char *reg_name;	/* "SRC_M4RCR" */
	const char *what;	/* "hold M4 in reset" */
	uint32_t if_addr;
	uint32_t if_mask;
	uint32_t if_value;
};

struct soc_region {
	uint32_t m_addr;	/* as the M core and its linker script see it */
	uint32_t a_addr;	/* physical address for the A core (unused for XIP) */
	uint32_t size;		/* bytes */
	const char *name;
	enum region_kind kind;
	/* Written before the first load into this region, or NULL. */
	const struct soc_reg_update *enable;
	/* Not in Linux's imx_rproc table: remoteproc cannot load there. */
	bool not_in_kernel;
};

/* A physical range that secure firmware uses: never written, --force or not. */
struct soc_owned_range {
	uint32_t a_addr;
	uint32_t size;
	const char *owner;
};

/* A named bit of a control register, for status -v. */
struct soc_bit {
	uint32_t reg;
	unsigned int bit;
	const char *name;
};

struct soc_recipe {
	const struct soc_reg_update *steps;
	size_t n_steps;
};

struct soc_desc {
	const char *name;	/* --soc value: "imx7d" */
	const char *model;	/* "i.MX7D" */
	const char *core;	/* "Cortex-M4" */
	const char *core_short;	/* "M4" */

	const struct soc_region *regions;
	size_t n_regions;
	const struct soc_owned_range *owned;
	size_t n_owned;

	struct soc_recipe stop;
	struct soc_recipe start;
	struct soc_recipe clock;
	/*
	 * When the kernel's clock driver owns the CCM, IO_STRICT_DEVMEM
	 * refuses to map it: the clock steps are then skipped with a warning.
	 */
	bool clock_may_be_unmappable;

	/* The core is held in reset while (read(held_reg) & held_mask) != 0. */
	uint32_t held_reg;
	uint32_t held_mask;
	/* The core's ENABLE bit; "disabled" when it reads 0. */
	uint32_t enable_reg;
	uint32_t enable_mask;

	/* Control registers as status shows them, with their named bits. */
	const struct soc_bit *bits;
	size_t n_bits;

	uint32_t boot_alias_a;	/* A view of M-core address 0 */
	uint32_t mu_atr1;	/* Messaging Unit A, ATR1: RPMsg kick */
};

/* Outcome of placing an M-view or A-view range on the memory map. */
enum soc_fit {
	SOC_FIT_OK,
	SOC_FIT_OUTSIDE,	/* start is in no row */
	SOC_FIT_STRADDLE,	/* start is in a row, the end is not */
	SOC_FIT_XIP,		/* the row is flash: not writable */
	SOC_FIT_WRAP,		/* start + length passes 4 GiB */
};

/** soc_table - every SoC the tool drives, NULL-terminated. */
extern const struct soc_desc *const soc_table[];

/** soc_find() - the SoC called @name (as for --soc), or NULL. */
const struct soc_desc *soc_find(const char *name);

/** soc_names() - "imx6sx, imx7d, ..." for messages; static storage. */
const char *soc_names(void);

/**
 * soc_fit_m() - place @len bytes at M-view @m_addr.
 * @row: set to the first row that contains @m_addr (also on STRADDLE/XIP).
 * @a_addr: the A-view address of @m_addr, when the result is SOC_FIT_OK.
 *
 * A zero-length range fits where its start does.
 */
enum soc_fit soc_fit_m(const struct soc_desc *soc, uint32_t m_addr,
		       uint64_t len, const struct soc_region **row,
		       uint32_t *a_addr);

/**
 * soc_fit_a() - place @len bytes at A-view @a_addr: like soc_fit_m(), with
 * the first non-XIP row whose A range contains @a_addr.
 */
enum soc_fit soc_fit_a(const struct soc_desc *soc, uint32_t a_addr,
		       uint64_t len, const struct soc_region **row);

/** soc_region_of_m() - first row containing M-view @m_addr, or NULL. */
const struct soc_region *soc_region_of_m(const struct soc_desc *soc,
					 uint32_t m_addr);

/** soc_region_of_a() - first non-XIP row containing A-view @a_addr, or NULL. */
const struct soc_region *soc_region_of_a(const struct soc_desc *soc,
					 uint32_t a_addr);

/**
 * soc_owned_overlap() - the firmware-owned range that [@a_addr, +@len)
 * touches, or NULL.
 */
const struct soc_owned_range *soc_owned_overlap(const struct soc_desc *soc,
						uint32_t a_addr, uint64_t len);

/** soc_sp_is_valid() - @sp is word aligned and row start < sp <= row end. */
bool soc_sp_is_valid(const struct soc_desc *soc, uint32_t sp);

/** soc_region_kind_name() - "TCM", "OCRAM", "DDR", "XIP". */
const char *soc_region_kind_name(enum region_kind kind);

#endif /* M4FW_SOC_H */
