// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The devmem backend: registers and memory through /dev/mem (or a file
 * standing in for it). Opening it finds the SoC, whose tables every
 * operation then turns into a plan.
 */
#include "backend_devmem.h"
#include "m4fw/exec.h"

static int devmem_open(struct backend *be)
{
	be->t_start = exec_now_ns();
	return cli_resolve_soc(be->o, &be->cs, false);
}

const struct backend_ops backend_devmem = {
	.name = "devmem",
	.caps = BACKEND_CAP_RAW_IMAGE,
	.open = devmem_open,
	.load = devmem_load,
	.start = devmem_start,
	.stop = devmem_stop,
	.restart = devmem_restart,
	.status = devmem_status,
};
