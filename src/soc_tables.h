/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The SoC descriptions, one per soc_imx*.c file; see doc/hardware.md. */
#ifndef M4FW_SOC_TABLES_H
#define M4FW_SOC_TABLES_H

#include "m4fw/soc.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define KiB(n) ((uint32_t)(n) << 10)
#define MiB(n) ((uint32_t)(n) << 20)
#define BIT(n) (UINT32_C(1) << (n))
#define RECIPE(list) { .steps = (list), .n_steps = ARRAY_SIZE(list) }

/* One row of a memory map: M view, A view, size, name, kind. */
#define ROW(m, a, sz, nm, kd) \
	{ .m_addr = (m), .a_addr = (a), .size = (sz), .name = (nm), .kind = (kd) }
/* A row that Linux's remoteproc table does not have. */
#define ROW_NOT_IN_KERNEL(m, a, sz, nm, kd) \
	{ .m_addr = (m), .a_addr = (a), .size = (sz), .name = (nm), \
	  .kind = (kd), .not_in_kernel = true }
/* A row whose memory must be switched over to the M core before use. */
#define ROW_ENABLE(m, a, sz, nm, kd, en) \
	{ .m_addr = (m), .a_addr = (a), .size = (sz), .name = (nm), \
	  .kind = (kd), .enable = (en) }
/* Read-modify-write of @mk bits of the register at @ad to @val. */
#define UPDATE(ad, mk, val, reg, wh) \
	{ .addr = (ad), .mask = (mk), .value = (val), .reg_name = (reg), \
	  .what = (wh) }
/* The same, done only when (read(@ia) & @im) == @iv. */
#define UPDATE_IF(ad, mk, val, reg, wh, ia, im, iv) \
	{ .addr = (ad), .mask = (mk), .value = (val), .reg_name = (reg), \
	  .what = (wh), .if_addr = (ia), .if_mask = (im), .if_value = (iv) }
/* A named control-register bit. */
#define NAMED_BIT(r, b, nm) { .reg = (r), .bit = (b), .name = (nm) }
/* A range secure firmware owns. */
#define OWNED(a, sz, who) { .a_addr = (a), .size = (sz), .owner = (who) }

extern const struct soc_desc soc_imx6sx;
extern const struct soc_desc soc_imx7d;
extern const struct soc_desc soc_imx8mq;
extern const struct soc_desc soc_imx8mm;
extern const struct soc_desc soc_imx8mn;
extern const struct soc_desc soc_imx8mp;

#endif /* M4FW_SOC_TABLES_H */
