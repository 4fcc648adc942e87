/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which SoC this is, from what the running kernel says about it:
 * /sys/devices/soc0/soc_id first, then /proc/device-tree/compatible, both
 * read under a root directory so that tests can use a fake tree.
 */
#ifndef M4FW_DETECT_H
#define M4FW_DETECT_H

#include <stddef.h>

#include "m4fw/soc.h"

enum detect_result {
	DETECT_FOUND,		/* a SoC of soc_table */
	DETECT_REFUSED,		/* an i.MX whose M core Linux cannot drive */
	DETECT_UNKNOWN,		/* the files name a SoC we do not know */
	DETECT_NOTHING,		/* neither file is there */
};

struct detect_info {
	const struct soc_desc *soc;	/* DETECT_FOUND */
	char how[160];		/* "soc_id 'i.MX7D' in /sys/devices/soc0/soc_id" */
	char name[64];		/* what the files called it */
	const char *reason;	/* DETECT_REFUSED: why, and what to use instead */
};

/**
 * detect_soc() - identify the SoC under @root ("/" on a board).
 * Return: what was found; @info says how, or why not.
 */
enum detect_result detect_soc(const char *root, struct detect_info *info);

/**
 * detect_by_name() - the part called @name with --soc ("imx7d", "imx93"):
 * DETECT_FOUND for a supported SoC, DETECT_REFUSED with the reason for a
 * part whose M core Linux cannot drive (so that "--soc imx93" is refused
 * as a detected i.MX93 is), DETECT_UNKNOWN otherwise.
 */
enum detect_result detect_by_name(const char *name, struct detect_info *info);

#endif /* M4FW_DETECT_H */
