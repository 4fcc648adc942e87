/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The devmem backend's operations, one file per concern: devmem_load.c
 * (image -> plan -> executor), devmem_control.c (the SoC's stop and start
 * recipes, the boot vector check), devmem_status.c (the core's state from
 * its registers). backend_devmem.c gathers them into backend_devmem.
 */
#ifndef M4FW_BACKEND_DEVMEM_H
#define M4FW_BACKEND_DEVMEM_H

#include "backend.h"

int devmem_load(struct backend *be, struct image *img, const char *file,
		const char *addr);
int devmem_stop(struct backend *be);
int devmem_start(struct backend *be);
int devmem_restart(struct backend *be);
int devmem_status(struct backend *be);

#endif /* M4FW_BACKEND_DEVMEM_H */
