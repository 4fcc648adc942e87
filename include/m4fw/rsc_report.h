/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What inspect says about an image's resource table: every entry, the
 * kernel's verdict, the carve-outs the device tree must give the
 * remoteproc route, and where each address falls on the SoC's map.
 */
#ifndef M4FW_RSC_REPORT_H
#define M4FW_RSC_REPORT_H

#include <stdio.h>

#include "m4fw/image.h"
#include "m4fw/soc.h"

/**
 * rsc_report_text() - "rsc table:" and the lines under it; nothing for a
 * raw image. @soc may be NULL (no SoC known: addresses are not placed).
 */
void rsc_report_text(FILE *out, const struct image *img,
		     const struct soc_desc *soc);

/**
 * rsc_report_json() - the value of "resource_table": null, or an object
 * with address, size, valid, error, entries[] and dt_needs[].
 */
void rsc_report_json(FILE *out, const struct image *img,
		     const struct soc_desc *soc);

#endif /* M4FW_RSC_REPORT_H */
