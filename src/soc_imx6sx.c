// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * i.MX6SoloX: Cortex-A9 + Cortex-M4. doc/hardware.md §1-§4, §6.
 */
#include "soc_tables.h"

#define SRC_SCR		0x020D8000
#define CCM_CCGR3	0x020C4074

/*
 * SRC_SCR also holds the resets of the A9 and other blocks: only the M4
 * bits move. Bits: 22 ENABLE_M4, 12 SW_M4P_RST, 4 SW_M4C_NON_SCLR_RST,
 * 3 SW_M4C_RST. Stop keeps ENABLE set (the 6.1+ kernel recipe): clearing
 * it, as older loaders did, lost TCM writes.
 */
#define M4_MASK		0x00401018
#define M4_STOP		0x00400018
#define M4_START	0x00401008

static const struct soc_reg_update stop_steps[] = {
	UPDATE(SRC_SCR, M4_MASK, M4_STOP, "SRC_SCR", "hold M4 in reset"),
};

static const struct soc_reg_update start_steps[] = {
	UPDATE(SRC_SCR, M4_MASK, M4_START, "SRC_SCR", "release M4"),
};

static const struct soc_reg_update clock_steps[] = {
	UPDATE(CCM_CCGR3, 0x0000000C, 0x0000000C, "CCM_CCGR3", "M4 clock on"),
};

static const struct soc_bit bits[] = {
	NAMED_BIT(SRC_SCR, 22, "ENABLE_M4"),
	NAMED_BIT(SRC_SCR, 12, "SW_M4P_RST"),
	NAMED_BIT(SRC_SCR, 4, "SW_M4C_NON_SCLR_RST"),
	NAMED_BIT(SRC_SCR, 3, "SW_M4C_RST"),
};

static const struct soc_region regions[] = {
	ROW(0x00000000, 0x007F8000, KiB(32), "TCML", REGION_TCM),
	ROW(0x1FFF8000, 0x007F8000, KiB(32), "TCML", REGION_TCM),
	ROW(0x20000000, 0x00800000, KiB(32), "TCMU", REGION_TCM),
	ROW(0x00180000, 0x008F8000, KiB(16), "OCRAM_S", REGION_OCRAM),
	ROW(0x208F8000, 0x008F8000, KiB(16), "OCRAM_S", REGION_OCRAM),
	/* Not in the kernel's table; NXP's FreeRTOS BSP links here. */
	ROW_NOT_IN_KERNEL(0x00900000, 0x00900000, KiB(128), "OCRAM",
			  REGION_OCRAM),
	ROW(0x10000000, 0x80000000, 0x0FFF8000, "DDR", REGION_DDR),
	ROW(0x80000000, 0x80000000, 0x60000000, "DDR", REGION_DDR),
	/* Not in the kernel's table either: remoteproc refuses it too. */
	ROW_NOT_IN_KERNEL(0x60000000, 0, MiB(512), "QSPI", REGION_XIP),
};

const struct soc_desc soc_imx6sx = {
	.name = "imx6sx",
	.model = "i.MX6SX",
	.core = "Cortex-M4",
	.core_short = "M4",
	.regions = regions,
	.n_regions = ARRAY_SIZE(regions),
	.stop = RECIPE(stop_steps),
	.start = RECIPE(start_steps),
	.clock = RECIPE(clock_steps),
	.held_reg = SRC_SCR,
	.held_mask = BIT(4),
	.enable_reg = SRC_SCR,
	.enable_mask = BIT(22),
	.bits = bits,
	.n_bits = ARRAY_SIZE(bits),
	.boot_alias_a = 0x007F8000,
	.mu_atr1 = 0x02294004,
};
