/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The remoteproc backend: the same job as the /dev/mem loader (stop, load,
 * start) done by asking the kernel through its sysfs interface,
 * /sys/class/remoteproc/remoteprocN/{name,state,firmware}. The kernel's
 * firmware loader reads the image from a file, so the image is copied
 * where it looks (firmware_class.path, then /lib/firmware) first.
 *
 * Every access to the system goes through struct rproc_sysfs_ops, so tests
 * drive the whole sequence against a fake tree and inject the errors the
 * kernel returns (EBUSY, EINVAL, EACCES, EROFS).
 *
 * The module owns the sysfs sequences and nothing of the command line;
 * it is four files, one concern each: rproc_sysfs.c (the seam, the real
 * filesystem, rproc_open()), rproc_log.c (reading and explaining the
 * kernel log), rproc_firmware.c (where the firmware loader finds the
 * image: the copy and firmware_class.path) and rproc_backend.c (the state
 * machine: stop, start, load).
 */
#ifndef M4FW_RPROC_BACKEND_H
#define M4FW_RPROC_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "m4fw/image.h"
#include "m4fw/inspect.h"

/* Under --root: where a private copy of the image is put for the kernel. */
#define RPROC_PRIVATE_DIR "/run/m4fwloader/firmware"
#define RPROC_FW_PATH_PARAM "/sys/module/firmware_class/parameters/path"
#define RPROC_LIB_FIRMWARE "/lib/firmware"
#define RPROC_KMSG "/dev/kmsg"
#define RPROC_PATH_BYTES 4608

/*
 * The system calls of the backend. Each returns 0 or -errno; @ctx is the
 * ops' own pointer (NULL for the default implementation).
 */
struct rproc_sysfs_ops {
	/*
	 * Read at most @size - 1 bytes of the file at @path (one read, as
	 * sysfs returns a whole attribute at once) into @buf, NUL-terminated.
	 */
	int (*read_file)(void *ctx, const char *path, char *buf, size_t size);
	/*
	 * Write @value to the existing attribute at @path in one write() of
	 * the whole value and no newline, as `echo -n` would; the kernel's
	 * answer (-EBUSY, -EINVAL, ...) is returned. An empty @value is
	 * written as one NUL byte: sysfs ignores a zero-length write, and a
	 * string parameter stores "" from it.
	 */
	int (*write_attr)(void *ctx, const char *path, const char *value);
	/* Create or replace the file @path with @len bytes, mode 0644, atomically. */
	int (*write_file)(void *ctx, const char *path, const void *data,
			  size_t len);
	/* mkdir -p @path with @mode; an existing directory is fine. */
	int (*make_dir)(void *ctx, const char *path, mode_t mode);
	/*
	 * The tail of the kernel log at @path (/dev/kmsg, read without
	 * blocking, or a regular file) into @buf: at most @size - 1 bytes,
	 * whole lines, NUL-terminated.
	 */
	int (*read_log)(void *ctx, const char *path, char *buf, size_t size);
	void *ctx;
};

/* The real filesystem. */
extern const struct rproc_sysfs_ops rproc_sysfs_default;

struct rproc {
	const struct rproc_sysfs_ops *ops;
	char root[4096];	/* --root without a trailing '/'; "" for "/" */
	char node[64];		/* "remoteproc0" */
	char name[64];		/* its driver: "imx-rproc" */
	char dir[RPROC_PATH_BYTES];	/* <root>/sys/class/remoteproc/<node> */
	FILE *dry_run;		/* set: print every write here, make none */
	char dry_state[32];	/* the state a dry run has reached ("" none) */
};

/**
 * rproc_open() - the instance to work on: @instance ("remoteprocN", or
 * just "N") when given, else the first imx-rproc under @root ("/" on a
 * board). An explicit instance of another driver (a DSP) is refused
 * unless @force.
 *
 * Return: 0; -ENODEV after one error line when there is no such instance
 * or no imx-rproc; -EMEDIUMTYPE when it is not the imx-rproc driver.
 */
int rproc_open(struct rproc *rp, const char *root, const char *instance,
	       bool force, const struct rproc_sysfs_ops *ops);

/**
 * rproc_read_state() - the instance's state ("offline", "running", ...),
 * without the newline. Return: 0 or -errno (no message).
 */
int rproc_read_state(struct rproc *rp, char *state, size_t size);

/**
 * rproc_read_firmware() - the firmware name the kernel would load.
 * Return: 0 or -errno (no message).
 */
int rproc_read_firmware(struct rproc *rp, char *fw, size_t size);

/** rproc_state_is_up() - "running" or "attached": the core runs. */
bool rproc_state_is_up(const char *state);

/**
 * rproc_stop() - bring the core to "offline": "stop" is written only when
 * the state is running, attached or crashed; offline is left alone; the
 * other states are explained (a detached core can only be attached).
 *
 * Return: 0; -EOPNOTSUPP (detached, suspended, invalid), -EIO (the state
 * did not become offline), or the kernel's -errno; one error line.
 */
int rproc_stop(struct rproc *rp);

/**
 * rproc_start() - bring the core to "running" (or "attached", for a core
 * that was detached). A core that already runs is left alone, with a
 * notice: a second "start" would make the kernel count a second user, and
 * the next "stop" would then leave the core running. When the firmware
 * named in sysfs is a private copy (RPROC_PRIVATE_DIR), the kernel is
 * pointed at it for the time of the start. On failure the kernel log's
 * last remoteproc lines are quoted with the likely fix.
 *
 * Return: 0; -EOPNOTSUPP (crashed, suspended, invalid), -EIO (the state
 * was not reached), or the kernel's -errno; one error line.
 */
int rproc_start(struct rproc *rp);

struct rproc_load_opts {
	/* The kernel's verdict as inspect predicts it; NULL: not known. */
	const struct rproc_verdict *verdict;
	/* Base name for the firmware file; NULL: that of the image's path. */
	const char *fw_name;
	bool force;		/* load although the kernel would refuse */
	bool no_start;		/* set the firmware, leave the core offline */
	bool lib_firmware;	/* copy into /lib/firmware, not a private dir */
};

struct rproc_load_result {
	char state[32];		/* the state at the end */
	char fw_path[RPROC_PATH_BYTES];	/* where the image was copied */
	char fw_name[128];	/* the name written to "firmware" */
};

/**
 * rproc_load() - load the ELF image @img through remoteproc: refuse what
 * the kernel would refuse (unless @opt->force), copy the image where the
 * kernel's firmware loader finds it, stop the core if it runs, set
 * "firmware", start (unless @opt->no_start) and check the state. The
 * firmware_class path parameter is always put back as it was; on failure
 * the old firmware name is too.
 *
 * Return: 0; -ENOEXEC when the image is refused before anything is
 * touched; -EACCES/-EPERM/-EROFS when sysfs or the firmware directory is
 * not writable; -EBUSY, -EINVAL, -EIO, ... when the kernel refused or the
 * state was not reached; one error line.
 */
int rproc_load(struct rproc *rp, const struct image *img,
	       const struct rproc_load_opts *opt,
	       struct rproc_load_result *res);

/**
 * rproc_explain_log() - the likely fix for what the kernel logged: the
 * first line of @log (newline-separated) that names a known failure;
 * @no_rsc_table says the image has no .resource_table (old kernels log only
 * "Boot failed: -22" for it). Return: a static hint, or NULL.
 */
const char *rproc_explain_log(const char *log, bool no_rsc_table);

#endif /* M4FW_RPROC_BACKEND_H */
