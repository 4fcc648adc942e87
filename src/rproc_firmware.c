// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where the kernel's firmware loader finds the image: its search order,
 * pointing firmware_class.path at m4fwloader's private directory for the
 * time of a start (and putting it back), and copying the image there or
 * into /lib/firmware.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "m4fw/log.h"
#include "m4fw/rproc_backend.h"
#include "m4fw/sysfile.h"
#include "rproc_priv.h"

/*
 * Where the kernel's firmware loader finds @name, in its order:
 * firmware_class.path, /lib/firmware/updates/<release>, .../updates,
 * /lib/firmware/<release>, /lib/firmware. @found is the path under the
 * root; false when it finds it nowhere.
 */
bool rproc_kernel_finds(const struct rproc *rp, const char *name,
			char *found, size_t size)
{
	char param[PATH_BYTES], p[PATH_BYTES], release[128];
	char dirs[5][PATH_BYTES];
	size_t n = 0;

	rproc_path(rp, RPROC_FW_PATH_PARAM, p, sizeof(p));
	if (rproc_read_value(rp, p, param, sizeof(param)) == 0 && param[0])
		rproc_strfmt(dirs[n++], sizeof(dirs[0]), "%s", param);
	rproc_path(rp, "/proc/sys/kernel/osrelease", p, sizeof(p));
	if (rproc_read_value(rp, p, release, sizeof(release)))
		release[0] = '\0';
	if (release[0])
		rproc_strfmt(dirs[n++], sizeof(dirs[0]), "%s/updates/%s",
			     RPROC_LIB_FIRMWARE, release);
	rproc_strfmt(dirs[n++], sizeof(dirs[0]), "%s/updates", RPROC_LIB_FIRMWARE);
	if (release[0])
		rproc_strfmt(dirs[n++], sizeof(dirs[0]), "%s/%s",
			     RPROC_LIB_FIRMWARE, release);
	rproc_strfmt(dirs[n++], sizeof(dirs[0]), "%s", RPROC_LIB_FIRMWARE);
	for (size_t i = 0; i < n; i++) {
		rproc_strfmt(found, size, "%s%s/%s", rp->root, dirs[i], name);
		if (rproc_file_exists(rp, found))
			return true;
	}
	found[0] = '\0';
	return false;
}

/*
 * Point firmware_class.path at the private directory, remembering it;
 * @note ends the error line (what was done before).
 */
int rproc_fw_path_redirect(struct rproc *rp, struct rproc_fw_path_saved *s,
			   const char *note)
{
	char path[PATH_BYTES];
	int ret;

	s->changed = false;
	rproc_path(rp, RPROC_FW_PATH_PARAM, path, sizeof(path));
	ret = rproc_read_value(rp, path, s->old, sizeof(s->old));
	if (ret) {
		log_error("cannot read %s: %s%s%s", path, sysfile_strerror(ret),
			  ret == -ENOENT ?
			  " (no firmware_class path parameter: use --lib-firmware)" :
			  rproc_access_hint(ret), note);
		return ret;
	}
	ret = rproc_write_value(rp, path, RPROC_PRIVATE_DIR);
	if (ret) {
		log_error("cannot point the kernel's firmware loader at %s: writing %s: %s%s%s",
			  RPROC_PRIVATE_DIR, path, strerror(-ret),
			  rproc_access_hint(ret), note);
		return ret;
	}
	s->changed = true;
	return 0;
}

/* Put firmware_class.path back; a failure is a warning. */
void rproc_fw_path_restore(struct rproc *rp, struct rproc_fw_path_saved *s)
{
	char path[PATH_BYTES];
	int ret;

	if (!s->changed)
		return;
	rproc_path(rp, RPROC_FW_PATH_PARAM, path, sizeof(path));
	ret = rproc_write_value(rp, path, s->old);
	if (ret)
		log_warn("cannot put %s back to '%s': %s; write it by hand",
			 path, s->old, strerror(-ret));
	s->changed = false;
}

/* Step 3a: the image where the firmware loader will look. */
int rproc_copy_image(struct rproc *rp, const struct image *img,
		     const struct rproc_load_opts *opt,
		     struct rproc_load_result *res)
{
	char dir[4096 + 32], found[PATH_BYTES];
	int ret;

	rproc_path(rp, opt->lib_firmware ? RPROC_LIB_FIRMWARE : RPROC_PRIVATE_DIR,
		   dir, sizeof(dir));
	rproc_strfmt(res->fw_path, sizeof(res->fw_path), "%s/%s", dir,
		     res->fw_name);
	if (rp->dry_run) {
		fprintf(rp->dry_run, "mkdir   %s\n", dir);
		fprintf(rp->dry_run, "copy    %s <- %s (%zu bytes)\n",
			res->fw_path, img->path, img->size);
	} else {
		log_info("copy %s to %s", img->path, res->fw_path);
		ret = rp->ops->make_dir(rp->ops->ctx, dir, 0755);
		if (!ret)
			ret = rp->ops->write_file(rp->ops->ctx, res->fw_path,
						  img->bytes, img->size);
		if (ret) {
			log_error("cannot copy %s to %s: %s%s", img->path,
				  res->fw_path, strerror(-ret),
				  ret == -EROFS && opt->lib_firmware ?
				  " (read-only root file system: load without --lib-firmware, which uses /run)" :
				  rproc_access_hint(ret));
			return ret;
		}
	}
	/* firmware_class.path and the updates directories come first. */
	if (opt->lib_firmware &&
	    rproc_kernel_finds(rp, res->fw_name, found, sizeof(found)) &&
	    strcmp(found, res->fw_path) != 0)
		log_warn("the kernel will load %s, not %s: its firmware loader looks there first",
			 found, res->fw_path);
	return 0;
}

