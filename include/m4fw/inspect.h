/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the kernel's remoteproc would make of an image: the questions
 * engineers ask when it says "Failed to find resource table" or
 * "bad phdr da".
 */
#ifndef M4FW_INSPECT_H
#define M4FW_INSPECT_H

#include <stdbool.h>
#include <stddef.h>

#include "m4fw/image.h"
#include "m4fw/plan.h"

#define RPROC_MAX_REASONS 8

struct rproc_verdict {
	bool accepts;			/* a current kernel loads and starts it */
	bool old_kernels_refuse;	/* no resource table: before 5.13, -EINVAL */
	size_t n_reasons;
	char reasons[RPROC_MAX_REASONS][200];
};

/**
 * inspect_rproc_verdict() - judge @img on @p's SoC as imx_rproc does:
 * every PT_LOAD's p_paddr + p_memsz strictly inside one row of its table,
 * the vector table in the image at M address 0 (the kernel writes no SP
 * or PC), and a well-formed resource table if there is one.
 */
void inspect_rproc_verdict(const struct image *img, const struct plan *p,
			   struct rproc_verdict *v);

#endif /* M4FW_INSPECT_H */
