/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The backend interface: the few things a command asks of the M core
 * (find it, load an image, start, stop, restart, report its state), and
 * the two ways of doing them:
 *   devmem      image -> plan -> executor -> physical memory (/dev/mem or a
 *               file); backend_devmem.c with devmem_{load,control,status}.c
 *   remoteproc  the kernel's remoteproc sysfs interface; backend_rproc.c
 *               over m4fw/rproc_backend.h
 * The commands (commands.c) are written once against it. What one backend
 * cannot do is said by its capabilities and refused by the command layer,
 * in one place, never by the backend.
 *
 * --dry-run is a mode of every operation (o->dry_run), not an operation of
 * its own: devmem prints the plan instead of running it; remoteproc has no
 * plan to print ahead and prints each sysfs write as its state machine
 * reaches it, from the state the printed writes would leave.
 */
#ifndef M4FW_BACKEND_H
#define M4FW_BACKEND_H

#include <stdint.h>

#include "cli.h"
#include "m4fw/image.h"
#include "m4fw/rproc_backend.h"

enum backend_cap {
	/* A raw binary placed at an ADDR (remoteproc loads ELF only). */
	BACKEND_CAP_RAW_IMAGE = 1u << 0,
};

struct backend_ops;

/* One run's backend and what its open() found. */
struct backend {
	const struct backend_ops *ops;	/* NULL: a command without one */
	const struct cli_opts *o;
	struct cli_soc cs;		/* devmem: the SoC */
	uint64_t t_start;		/* devmem: when the command began, ns */
	struct rproc rp;		/* remoteproc: the instance */
};

/*
 * Every operation returns an exit code of doc/contract.md, after one
 * message when it is not EXIT_OK; each but open() is called only after
 * open() succeeded.
 */
struct backend_ops {
	const char *name;		/* as --backend spells it */
	unsigned int caps;		/* enum backend_cap */
	/* What to work on: the SoC (devmem), the instance (remoteproc). */
	int (*open)(struct backend *be);
	/*
	 * Load @img (read, not parsed; @file as given on the command line)
	 * and start it unless --no-start; @addr only with
	 * BACKEND_CAP_RAW_IMAGE.
	 */
	int (*load)(struct backend *be, struct image *img, const char *file,
		    const char *addr);
	int (*start)(struct backend *be);
	int (*stop)(struct backend *be);
	int (*restart)(struct backend *be);
	/* Print the state; EXIT_OK when the core runs, EXIT_HELD if not. */
	int (*status)(struct backend *be);
};

extern const struct backend_ops backend_devmem;
extern const struct backend_ops backend_remoteproc;

#endif /* M4FW_BACKEND_H */
