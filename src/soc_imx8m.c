// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The i.MX8M family: 8MQ and 8MM (Cortex-A53 + Cortex-M4), 8MN and 8MP
 * (Cortex-A53 + Cortex-M7). doc/hardware.md §1-§6.
 */
#include "soc_tables.h"

#define SRC_MRCR	0x3039000C	/* SRC_M4RCR, or SRC_M7RCR on 8MN/8MP */
#define IOMUXC_GPR22	0x30340058
#define CCM_CORE_ROOT	0x30388080
#define MU_A_ATR1	0x30AA0004

/* 8MQ/8MM: the same SRC_M4RCR recipe as the i.MX7D. */
static const struct soc_reg_update m4_stop_steps[] = {
	UPDATE(SRC_MRCR, 0xF, 0xB, "SRC_M4RCR", "hold M4 in reset"),
};

static const struct soc_reg_update m4_start_steps[] = {
	UPDATE(SRC_MRCR, 0xF, 0xE, "SRC_M4RCR", "release M4"),
};

static const struct soc_reg_update m4_clock_steps[] = {
	UPDATE(CCM_CORE_ROOT, BIT(28), BIT(28), "CCM_M4_CLK_ROOT",
	       "M4 root clock on"),
};

/*
 * 8MN/8MP: the M7 waits in CPUWAIT (IOMUXC_GPR22 bit 0) while SRC_M7RCR
 * keeps it enabled; release is clearing CPUWAIT alone, SRC untouched.
 */
static const struct soc_reg_update m7_stop_steps[] = {
	UPDATE(IOMUXC_GPR22, BIT(0), BIT(0), "IOMUXC_GPR22", "set CM7_CPUWAIT"),
	UPDATE(SRC_MRCR, 0xF, 0xA, "SRC_M7RCR", "reset M7, ENABLE kept"),
};

static const struct soc_reg_update m7_start_steps[] = {
	UPDATE(IOMUXC_GPR22, BIT(0), 0, "IOMUXC_GPR22",
	       "clear CM7_CPUWAIT: release M7"),
};

static const struct soc_reg_update m7_clock_steps[] = {
	UPDATE(CCM_CORE_ROOT, BIT(28), BIT(28), "CCM_M7_CLK_ROOT",
	       "M7 root clock on"),
};

static const struct soc_bit m4_bits[] = {
	NAMED_BIT(SRC_MRCR, 3, "ENABLE_M4"),
	NAMED_BIT(SRC_MRCR, 2, "SW_M4P_RST"),
	NAMED_BIT(SRC_MRCR, 1, "SW_M4C_RST"),
	NAMED_BIT(SRC_MRCR, 0, "SW_M4C_NON_SCLR_RST"),
};

static const struct soc_bit m7_bits[] = {
	NAMED_BIT(IOMUXC_GPR22, 0, "CM7_CPUWAIT"),
	NAMED_BIT(SRC_MRCR, 3, "ENABLE_M7"),
	NAMED_BIT(SRC_MRCR, 2, "SW_M7P_RST"),
	NAMED_BIT(SRC_MRCR, 1, "SW_M7C_RST"),
	NAMED_BIT(SRC_MRCR, 0, "SW_M7C_NON_SCLR_RST"),
};

/* The kernel (since 2024) merges TCML and TCMU into one 256 KiB row. */
static const struct soc_region m4_regions[] = {
	ROW(0x00000000, 0x007E0000, KiB(128), "TCML", REGION_TCM),
	ROW(0x1FFE0000, 0x007E0000, KiB(256), "TCM", REGION_TCM),
	ROW(0x00180000, 0x00180000, KiB(32), "OCRAM_S", REGION_OCRAM),
	ROW(0x20180000, 0x00180000, KiB(32), "OCRAM_S", REGION_OCRAM),
	ROW(0x00900000, 0x00900000, KiB(128), "OCRAM", REGION_OCRAM),
	ROW(0x20200000, 0x00900000, KiB(128), "OCRAM", REGION_OCRAM),
	ROW(0x00920000, 0x00920000, KiB(128), "OCRAM", REGION_OCRAM),
	ROW(0x20220000, 0x00920000, KiB(128), "OCRAM", REGION_OCRAM),
	/* The RM's code alias; U-Boot's 0x80000000 is wrong. */
	ROW(0x10000000, 0x40000000, 0x0FFE0000, "DDR", REGION_DDR),
	ROW(0x40000000, 0x40000000, 0x80000000, "DDR", REGION_DDR),
	ROW(0x08000000, 0, MiB(128), "QSPI", REGION_XIP),
};

static const struct soc_region m7_regions[] = {
	ROW(0x00000000, 0x007E0000, KiB(128), "ITCM", REGION_TCM),
	ROW(0x20000000, 0x00800000, KiB(128), "DTCM", REGION_TCM),
	ROW(0x00180000, 0x00180000, 0x9000, "OCRAM_S", REGION_OCRAM),
	ROW(0x20180000, 0x00180000, KiB(32), "OCRAM_S", REGION_OCRAM),
	ROW(0x00900000, 0x00900000, KiB(128), "OCRAM", REGION_OCRAM),
	ROW(0x20200000, 0x00900000, KiB(128), "OCRAM", REGION_OCRAM),
	ROW(0x00920000, 0x00920000, KiB(128), "OCRAM", REGION_OCRAM),
	ROW(0x20220000, 0x00920000, KiB(128), "OCRAM", REGION_OCRAM),
	ROW(0x00940000, 0x00940000, 0x50000, "OCRAM", REGION_OCRAM),
	ROW(0x20240000, 0x00940000, KiB(256), "OCRAM", REGION_OCRAM),
	ROW(0x10000000, 0x40000000, 0x0FFE0000, "DDR", REGION_DDR),
	ROW(0x40000000, 0x40000000, 0x80000000, "DDR", REGION_DDR),
	ROW(0x08000000, 0, MiB(128), "QSPI", REGION_XIP),
};

/*
 * TF-A runs BL31 in OCRAM and keeps the DRAM timing it restores on resume
 * in OCRAM_S. A TF-A built with BL2 sits elsewhere (8MM 0x900000, 8MP
 * 0x950000); the tool cannot know which, so it guards the default one.
 */
static const struct soc_owned_range imx8mq_owned[] = {
	OWNED(0x00910000, KiB(64), "TF-A BL31"),
};

static const struct soc_owned_range imx8mm_owned[] = {
	OWNED(0x00920000, KiB(128), "TF-A BL31"),
	OWNED(0x00180000, KiB(32), "TF-A saved DRAM timing"),
};

static const struct soc_owned_range imx8mn_owned[] = {
	OWNED(0x00960000, KiB(128), "TF-A BL31"),
	OWNED(0x00180000, 0x9000, "TF-A saved DRAM timing"),
};

static const struct soc_owned_range imx8mp_owned[] = {
	OWNED(0x00970000, KiB(128), "TF-A BL31"),
	OWNED(0x00180000, 0x9000, "TF-A saved DRAM timing"),
};

#define IMX8M_M4(soc_name, soc_model, owned_ranges)			\
	{								\
		.name = (soc_name),					\
		.model = (soc_model),					\
		.core = "Cortex-M4",					\
		.core_short = "M4",					\
		.regions = m4_regions,					\
		.n_regions = ARRAY_SIZE(m4_regions),			\
		.owned = (owned_ranges),					\
		.n_owned = ARRAY_SIZE(owned_ranges),			\
		.stop = RECIPE(m4_stop_steps),				\
		.start = RECIPE(m4_start_steps),			\
		.clock = RECIPE(m4_clock_steps),			\
		.clock_may_be_unmappable = true,			\
		.held_reg = SRC_MRCR,					\
		.held_mask = BIT(0),					\
		.enable_reg = SRC_MRCR,					\
		.enable_mask = BIT(3),					\
		.bits = m4_bits,					\
		.n_bits = ARRAY_SIZE(m4_bits),				\
		.boot_alias_a = 0x007E0000,				\
		.mu_atr1 = MU_A_ATR1,					\
	}

/* doc/hardware.md §6 gives no Messaging Unit for the M7 parts: no kick. */
#define IMX8M_M7(soc_name, soc_model, owned_ranges)			\
	{								\
		.name = (soc_name),					\
		.model = (soc_model),					\
		.core = "Cortex-M7",					\
		.core_short = "M7",					\
		.regions = m7_regions,					\
		.n_regions = ARRAY_SIZE(m7_regions),			\
		.owned = (owned_ranges),					\
		.n_owned = ARRAY_SIZE(owned_ranges),			\
		.stop = RECIPE(m7_stop_steps),				\
		.start = RECIPE(m7_start_steps),			\
		.clock = RECIPE(m7_clock_steps),			\
		.clock_may_be_unmappable = true,			\
		.held_reg = IOMUXC_GPR22,				\
		.held_mask = BIT(0),					\
		.enable_reg = SRC_MRCR,					\
		.enable_mask = BIT(3),					\
		.bits = m7_bits,					\
		.n_bits = ARRAY_SIZE(m7_bits),				\
		.boot_alias_a = 0x007E0000,				\
		.mu_atr1 = 0,						\
	}

const struct soc_desc soc_imx8mq = IMX8M_M4("imx8mq", "i.MX8MQ", imx8mq_owned);
const struct soc_desc soc_imx8mm = IMX8M_M4("imx8mm", "i.MX8MM", imx8mm_owned);
const struct soc_desc soc_imx8mn = IMX8M_M7("imx8mn", "i.MX8MN", imx8mn_owned);
const struct soc_desc soc_imx8mp = IMX8M_M7("imx8mp", "i.MX8MP", imx8mp_owned);
