/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel's remoteproc view of the M core: /sys/class/remoteproc/N/,
 * read under a root directory so that tests can use a fake tree.
 */
#ifndef M4FW_REMOTEPROC_H
#define M4FW_REMOTEPROC_H

#include <stdbool.h>

#define RPROC_IMX_NAME "imx-rproc"

struct rproc_info {
	char node[64];		/* "remoteproc0" */
	char state[32];		/* "offline", "running", "attached", ... */
	char firmware[128];	/* the firmware file name it would load */
};

/**
 * rproc_find_imx() - the first remoteproc instance whose name is
 * "imx-rproc" (the M core's driver) under @root.
 * Return: 1 found, 0 none (also when the class directory is absent).
 */
int rproc_find_imx(const char *root, struct rproc_info *info);

/** rproc_owns_core() - the driver manages the core: state is not offline. */
bool rproc_owns_core(const struct rproc_info *info);

#endif /* M4FW_REMOTEPROC_H */
