/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the remoteproc backend's files (rproc_sysfs.c, rproc_log.c,
 * rproc_firmware.c, rproc_backend.c); not part of the module's interface,
 * which is m4fw/rproc_backend.h. It owns the helpers through which every
 * access to sysfs goes (so that --dry-run and the test seam see them all).
 */
#ifndef M4FW_RPROC_PRIV_H
#define M4FW_RPROC_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "m4fw/image.h"
#include "m4fw/rproc_backend.h"

#define PATH_BYTES (RPROC_PATH_BYTES + 64)

/* ---- rproc_sysfs.c: paths, attributes, messages ---- */

/*
 * snprintf() for paths and messages that cannot realistically be cut
 * short (and whose truncation would be harmless): no format-truncation
 * noise for every one of them.
 */
void rproc_strfmt(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* @rel (starting with '/') under the root. */
void rproc_path(const struct rproc *rp, const char *rel, char *buf,
		size_t size);

/* The sysfs attribute @attr of the instance. */
void rproc_attr_path(const struct rproc *rp, const char *attr, char *buf,
		     size_t size);

/* The file at @path without its newline; "" and -errno on failure. */
int rproc_read_value(const struct rproc *rp, const char *path, char *buf,
		     size_t size);

bool rproc_file_exists(const struct rproc *rp, const char *path);

/* A write to sysfs, or with --dry-run the line that says it would be made. */
int rproc_write_value(const struct rproc *rp, const char *path,
		      const char *value);

/* " (run as root?)" and the like for @err; "" when none applies. */
const char *rproc_access_hint(int err);

bool rproc_is_access_error(int err);

/* The state, or the state a dry run has reached; one error line. */
int rproc_read_state_or_log(struct rproc *rp, char *state, size_t size);

static inline bool rproc_state_is(const char *state, const char *what)
{
	return strcmp(state, what) == 0;
}

/* ---- rproc_log.c: the kernel log around a start ---- */

struct rproc_log_mark {
	long long seq;		/* last /dev/kmsg sequence number seen, or -1 */
	size_t lines;		/* lines seen, for a log without numbers */
};

/* Where the kernel log ends now, before "start" is written. */
void rproc_log_mark_take(const struct rproc *rp, struct rproc_log_mark *m);

/*
 * The remoteproc lines logged since @mark, the last few joined with " | "
 * into @quote, and the likely fix into @hint ("" when none is known).
 */
void rproc_log_explain(const struct rproc *rp,
		       const struct rproc_log_mark *mark, bool no_rsc_table,
		       char *quote, size_t qsize, char *hint, size_t hsize);

/* ---- rproc_firmware.c: where the kernel's firmware loader looks ---- */

struct rproc_fw_path_saved {
	bool changed;
	char old[PATH_BYTES];
};

/*
 * Where the kernel's firmware loader finds @name, in its order; @found is
 * the path under the root. Return: false when it finds it nowhere.
 */
bool rproc_kernel_finds(const struct rproc *rp, const char *name,
			char *found, size_t size);

/*
 * Point firmware_class.path at the private directory, remembering it;
 * @note ends the error line (what was done before). Return: 0 or -errno.
 */
int rproc_fw_path_redirect(struct rproc *rp, struct rproc_fw_path_saved *s,
			   const char *note);

/* Put firmware_class.path back; a failure is a warning. */
void rproc_fw_path_restore(struct rproc *rp, struct rproc_fw_path_saved *s);

/* The image where the firmware loader will look (@res->fw_name set). */
int rproc_copy_image(struct rproc *rp, const struct image *img,
		     const struct rproc_load_opts *opt,
		     struct rproc_load_result *res);

#endif /* M4FW_RPROC_PRIV_H */
