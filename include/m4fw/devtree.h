/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The running kernel's device tree as /proc/device-tree shows it: the
 * M core's remoteproc node and the reserved-memory carve-outs its
 * memory-region lists, which imx_rproc maps and loads into.
 */
#ifndef M4FW_DEVTREE_H
#define M4FW_DEVTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DT_MAX_CARVEOUTS 8

struct dt_carveout {
	uint64_t base;
	uint64_t size;
	char name[64];		/* the reserved-memory node, "m4-ocram@900000" */
};

struct dt_rproc {
	bool have_tree;		/* proc/device-tree exists */
	bool have_node;		/* a node with the core's compatible */
	char node[128];		/* its path in the tree, "/imx7d-cm4" */
	size_t n;
	struct dt_carveout mem[DT_MAX_CARVEOUTS];
};

/**
 * dt_read_rproc() - find the node whose compatible list holds
 * @compatible under @root/proc/device-tree and read the carve-outs of its
 * memory-region (reg of each reserved-memory node, with that node's
 * parent's #address-cells and #size-cells). Nodes named vdev* are left
 * out, as imx_rproc leaves them out. Return 0, or -errno when the tree
 * exists but cannot be read or is malformed.
 */
int dt_read_rproc(const char *root, const char *compatible,
		  struct dt_rproc *out);

#endif /* M4FW_DEVTREE_H */
