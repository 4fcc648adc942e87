// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * i.MX7Dual: Cortex-A7 + Cortex-M4. doc/hardware.md §1-§4, §6.
 */
#include "soc_tables.h"

#define SRC_M4RCR		0x3039000C
#define CCM_CCGR1		0x30384010
#define CCM_TARGET_ROOT1	0x30388080
#define CCM_ANALOG_PLL_480	0x303600B0
#define IOMUXC_GPR_GPR1		0x30340004

/*
 * SRC_M4RCR bits: 3 ENABLE_M4, 2 SW_M4P_RST and 1 SW_M4C_RST (both
 * self-clearing), 0 SW_M4C_NON_SCLR_RST (hold). Stop keeps ENABLE set.
 */
static const struct soc_reg_update stop_steps[] = {
	UPDATE(SRC_M4RCR, 0xF, 0xB, "SRC_M4RCR", "hold M4 in reset"),
};

static const struct soc_reg_update start_steps[] = {
	UPDATE(SRC_M4RCR, 0xF, 0xE, "SRC_M4RCR", "release M4"),
};

/*
 * The root mux (TARGET_ROOT1 bits 26:24) value 1 selects
 * PLL_SYS_MAIN_240M, whose output gate is bit 5 of PLL_480, active low:
 * only when that source is selected is the gate opened.
 */
static const struct soc_reg_update clock_steps[] = {
	UPDATE(CCM_CCGR1, 0x3, 0x3, "CCM_CCGR1", "M4 clock gate on"),
	UPDATE(CCM_TARGET_ROOT1, BIT(28), BIT(28), "CCM_TARGET_ROOT1",
	       "M4 root clock on"),
	UPDATE_IF(CCM_ANALOG_PLL_480, BIT(5), 0, "CCM_ANALOG_PLL_480",
		  "open the PLL_SYS_MAIN_240M gate",
		  CCM_TARGET_ROOT1, 0x07000000, 0x01000000),
};

/* Until this bit is set, OCRAM_EPDC belongs to the EPD controller. */
static const struct soc_reg_update epdc_enable =
	UPDATE(IOMUXC_GPR_GPR1, BIT(30), BIT(30), "IOMUXC_GPR_GPR1",
	       "OCRAM_EPDC for general use");

static const struct soc_bit bits[] = {
	NAMED_BIT(SRC_M4RCR, 3, "ENABLE_M4"),
	NAMED_BIT(SRC_M4RCR, 2, "SW_M4P_RST"),
	NAMED_BIT(SRC_M4RCR, 1, "SW_M4C_RST"),
	NAMED_BIT(SRC_M4RCR, 0, "SW_M4C_NON_SCLR_RST"),
};

static const struct soc_region regions[] = {
	ROW(0x00000000, 0x00180000, KiB(32), "OCRAM_S", REGION_OCRAM),
	ROW(0x00180000, 0x00180000, KiB(32), "OCRAM_S", REGION_OCRAM),
	/* U-Boot's table only. */
	ROW_NOT_IN_KERNEL(0x20180000, 0x00180000, KiB(32), "OCRAM_S",
			  REGION_OCRAM),
	ROW(0x1FFF8000, 0x007F8000, KiB(32), "TCML", REGION_TCM),
	ROW(0x20000000, 0x00800000, KiB(32), "TCMU", REGION_TCM),
	ROW(0x00900000, 0x00900000, KiB(128), "OCRAM", REGION_OCRAM),
	ROW(0x20200000, 0x00900000, KiB(128), "OCRAM", REGION_OCRAM),
	ROW_ENABLE(0x00920000, 0x00920000, KiB(128), "OCRAM_EPDC", REGION_OCRAM,
		   &epdc_enable),
	ROW_ENABLE(0x20220000, 0x00920000, KiB(128), "OCRAM_EPDC", REGION_OCRAM,
		   &epdc_enable),
	/* The kernel and the RM say 32 KiB; U-Boot's 128 KiB is wrong. */
	ROW(0x00940000, 0x00940000, KiB(32), "OCRAM_PXP", REGION_OCRAM),
	ROW(0x20240000, 0x00940000, KiB(32), "OCRAM_PXP", REGION_OCRAM),
	ROW(0x10000000, 0x80000000, 0x0FFF0000, "DDR", REGION_DDR),
	ROW(0x80000000, 0x80000000, 0x60000000, "DDR", REGION_DDR),
	/* Not in the kernel's table either: remoteproc refuses it too. */
	ROW_NOT_IN_KERNEL(0x60000000, 0, MiB(512), "QSPI", REGION_XIP),
};

const struct soc_desc soc_imx7d = {
	.name = "imx7d",
	.model = "i.MX7D",
	.core = "Cortex-M4",
	.core_short = "M4",
	.regions = regions,
	.n_regions = ARRAY_SIZE(regions),
	.stop = RECIPE(stop_steps),
	.start = RECIPE(start_steps),
	.clock = RECIPE(clock_steps),
	.held_reg = SRC_M4RCR,
	.held_mask = BIT(0),
	.enable_reg = SRC_M4RCR,
	.enable_mask = BIT(3),
	.bits = bits,
	.n_bits = ARRAY_SIZE(bits),
	.boot_alias_a = 0x00180000,
	.mu_atr1 = 0x30AA0004,
};
