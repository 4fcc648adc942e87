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
#include <stdint.h>

#include "m4fw/devtree.h"
#include "m4fw/image.h"
#include "m4fw/plan.h"

#define RPROC_MAX_REASONS 8

/* Whether imx_rproc copies every segment in. */
enum rproc_loads {
	RPROC_LOADS,		/* yes, with this device tree */
	RPROC_REFUSES,		/* no: the reasons say why */
	RPROC_LOADS_IF_DT,	/* no device tree known: if it provides needs[] */
};

/* A range that a memory-region carve-out must cover. */
struct rproc_need {
	unsigned int segment;
	uint32_t a_addr;
	uint32_t size;
};

struct rproc_verdict {
	bool accepts;			/* the kernel loads it and the core boots */
	enum rproc_loads loads;
	bool boots;			/* the vector table is in the image at M 0 */
	bool old_kernels_refuse;	/* no resource table: before 5.13, -EINVAL */
	bool dt_known;			/* judged against a device tree */
	const char *dt_node;		/* its remoteproc node, or NULL */
	size_t n_needs;
	struct rproc_need needs[RPROC_MAX_REASONS];
	size_t n_reasons;		/* why the kernel refuses to load it */
	char reasons[RPROC_MAX_REASONS][200];
	char boot_reason[200];		/* why the core cannot boot it, or "" */
};

/**
 * inspect_rproc_compatible() - the compatible string of @soc's M-core node
 * that imx_rproc binds to ("fsl,imx7d-cm4"), or NULL.
 */
const char *inspect_rproc_compatible(const struct soc_desc *soc);

/**
 * inspect_rproc_verdict() - judge @img on @p's SoC as imx_rproc does:
 * every PT_LOAD's p_paddr + p_memsz strictly inside one row of its address
 * table, and then, in the system view, strictly inside a memory the driver
 * maps itself or a memory-region carve-out of @dt (NULL or without a tree:
 * unknown, and the carve-outs needed are listed); a well-formed resource
 * table if there is one. Apart from that: whether the core can boot it (the
 * kernel writes no SP or PC, so the vector table must be in the image at
 * M address 0).
 */
void inspect_rproc_verdict(const struct image *img, const struct plan *p,
			   const struct dt_rproc *dt, struct rproc_verdict *v);

/**
 * inspect_live_dt() - @dt := the remoteproc node and carve-outs of the
 * device tree under @root, when that tree is the running board's and the
 * board is @soc (detect_soc() finds @soc there); otherwise @dt says "no
 * tree", and the verdict lists what a tree must provide. A tree that
 * cannot be read is reported with a warning and treated as absent.
 */
void inspect_live_dt(const char *root, const struct soc_desc *soc,
		     struct dt_rproc *dt);

#endif /* M4FW_INSPECT_H */
