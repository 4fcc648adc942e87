// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The remoteproc state machine: stop, start and load through the kernel's
 * remoteproc sysfs interface (the seam, the kernel log and the firmware
 * placement are in rproc_sysfs.c, rproc_log.c and rproc_firmware.c).
 * Facts this relies on (doc/hardware.md §8):
 *  - "firmware" can be changed only while the state is "offline" (EBUSY);
 *  - the kernel reads the file when "start" is written, looking in
 *    firmware_class.path first, then /lib/firmware[/updates][/<release>];
 *  - "start" on a core that already runs is EBUSY on kernels before ~5.19
 *    and silently counted as a second user after that, so that the next
 *    "stop" leaves the core running: it is never written to a running core;
 *  - "stop" is accepted only when running, attached or crashed;
 *  - a detached core (one the driver found running) can only be attached;
 *  - kernels before 5.13 refuse an image without .resource_table with
 *    nothing more than "Boot failed: -22".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "m4fw/log.h"
#include "m4fw/rproc_backend.h"
#include "rproc_priv.h"

/* ---- stop and start --------------------------------------------------- */

/* From @state to offline; one error line on failure. */
static int stop_from(struct rproc *rp, const char *state)
{
	char path[PATH_BYTES], now[32];
	int ret;

	if (rproc_state_is(state, "offline")) {
		log_info("%s is offline already", rp->node);
		return 0;
	}
	if (rproc_state_is(state, "detached")) {
		log_error("%s is detached (the core was running when the driver probed): the kernel can only attach to it ('start') or leave it; attach with 'm4fwloader --backend=remoteproc start', then stop it",
			  rp->node);
		return -EOPNOTSUPP;
	}
	if (!rproc_state_is(state, "running") && !rproc_state_is(state, "attached") &&
	    !rproc_state_is(state, "crashed")) {
		log_error("%s is '%s': the kernel stops a core only when it is running, attached or crashed",
			  rp->node, state[0] ? state : "(empty)");
		return -EOPNOTSUPP;
	}
	rproc_attr_path(rp, "state", path, sizeof(path));
	ret = rproc_write_value(rp, path, "stop");
	if (ret) {
		log_error("%s: the kernel refused 'stop' (%s): %s%s", rp->node,
			  state, strerror(-ret), rproc_access_hint(ret));
		return ret;
	}
	if (rp->dry_run) {
		rproc_strfmt(rp->dry_state, sizeof(rp->dry_state), "offline");
		return 0;
	}
	ret = rproc_read_state_or_log(rp, now, sizeof(now));
	if (ret)
		return ret;
	if (rproc_state_is_up(now)) {
		log_error("%s is still '%s' after 'stop': the kernel keeps the core up while another user holds it (each extra 'start' written counts one); write 'stop' again",
			  rp->node, now);
		return -EIO;
	}
	if (!rproc_state_is(now, "offline")) {
		log_error("%s is '%s' after 'stop', not offline", rp->node,
			  now[0] ? now : "(empty)");
		return -EIO;
	}
	return 0;
}

int rproc_stop(struct rproc *rp)
{
	char state[32];
	int ret = rproc_read_state_or_log(rp, state, sizeof(state));

	return ret ? ret : stop_from(rp, state);
}

/*
 * Write "start" to a core that is offline or detached and check that it
 * comes up. On failure @why says so (no message is printed: the caller
 * adds what it restored), quoting the kernel log.
 */
static int start_core(struct rproc *rp, bool no_rsc_table, char *why,
		      size_t size)
{
	char path[PATH_BYTES], now[32], quote[800], hint[200];
	struct rproc_log_mark mark;
	int ret;

	why[0] = '\0';
	if (!rp->dry_run)
		rproc_log_mark_take(rp, &mark);
	rproc_attr_path(rp, "state", path, sizeof(path));
	ret = rproc_write_value(rp, path, "start");
	if (rp->dry_run) {
		rproc_strfmt(rp->dry_state, sizeof(rp->dry_state), "running");
		return 0;
	}
	if (ret == -EBUSY && rproc_read_state(rp, now, sizeof(now)) == 0 &&
	    rproc_state_is_up(now)) {
		/* Kernels before ~5.19 answer EBUSY for a core that runs. */
		log_notice("%s is %s already", rp->node, now);
		return 0;
	}
	if (ret) {
		if (rproc_is_access_error(ret)) {
			rproc_strfmt(why, size, "cannot write 'start' to %s: %s%s",
				     path, strerror(-ret), rproc_access_hint(ret));
			return ret;
		}
		rproc_log_explain(rp, &mark, no_rsc_table, quote, sizeof(quote),
				  hint, sizeof(hint));
		rproc_strfmt(why, size, "the kernel refused 'start': %s; %s%s%s",
			     strerror(-ret), quote, hint[0] ? "; " : "", hint);
		return ret;
	}
	ret = rproc_read_state(rp, now, sizeof(now));
	if (ret) {
		rproc_strfmt(why, size, "cannot read %s/state after 'start': %s",
			     rp->dir, strerror(-ret));
		return ret;
	}
	if (rproc_state_is_up(now))
		return 0;
	rproc_log_explain(rp, &mark, no_rsc_table, quote, sizeof(quote), hint,
			  sizeof(hint));
	rproc_strfmt(why, size,
		     "'start' was accepted but the state is '%s', not running; %s%s%s",
		     now, quote, hint[0] ? "; " : "", hint);
	return -EIO;
}

int rproc_start(struct rproc *rp)
{
	char state[32], fw[128], found[PATH_BYTES], copy[PATH_BYTES];
	char why[1024];
	struct rproc_fw_path_saved saved = { 0 };
	int ret = rproc_read_state_or_log(rp, state, sizeof(state));

	if (ret)
		return ret;
	if (rproc_state_is_up(state)) {
		log_notice("%s is %s already", rp->node, state);
		return 0;
	}
	if (rproc_state_is(state, "crashed")) {
		log_error("%s has crashed: stop it first ('restart' does both)",
			  rp->node);
		return -EOPNOTSUPP;
	}
	if (!rproc_state_is(state, "offline") && !rproc_state_is(state, "detached")) {
		log_error("%s is '%s': the kernel starts a core only from offline (or attaches to a detached one)",
			  rp->node, state[0] ? state : "(empty)");
		return -EOPNOTSUPP;
	}
	/*
	 * A firmware loaded by m4fwloader into its private directory is
	 * found only while firmware_class.path points there; do so for the
	 * start when nothing of that name is where the kernel looks anyway.
	 */
	if (rproc_state_is(state, "offline") &&
	    rproc_read_firmware(rp, fw, sizeof(fw)) == 0 && fw[0] &&
	    !strchr(fw, '/') && !rproc_kernel_finds(rp, fw, found, sizeof(found))) {
		rproc_strfmt(copy, sizeof(copy), "%s%s/%s", rp->root,
			     RPROC_PRIVATE_DIR, fw);
		if (rproc_file_exists(rp, copy)) {
			ret = rproc_fw_path_redirect(rp, &saved, "");
			if (ret)
				return ret;
		}
	}
	ret = start_core(rp, false, why, sizeof(why));
	rproc_fw_path_restore(rp, &saved);
	if (ret)
		log_error("%s: %s", rp->node, why);
	return ret;
}

/* ---- load ------------------------------------------------------------- */

static bool valid_fw_name(const char *name)
{
	return name[0] && strcmp(name, ".") != 0 && strcmp(name, "..") != 0 &&
	       !strpbrk(name, "/\n") && strlen(name) < 128;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Step 1: what the kernel would refuse is refused before anything is done. */
static int check_verdict(const struct image *img,
			 const struct rproc_load_opts *opt)
{
	const struct rproc_verdict *v = opt->verdict;
	char msg[900];
	size_t len = 0;
	bool no_rsc;

	if (img->format != IMAGE_ELF) {
		log_error("%s is not an ELF image: remoteproc loads ELF files only",
			  img->path);
		return -ENOEXEC;
	}
	if (v && !v->accepts) {
		if (!opt->force) {
			for (size_t i = 0; i < v->n_reasons && len < sizeof(msg);
			     i++)
				len += (size_t)snprintf(msg + len,
							sizeof(msg) - len,
							"%s%s", i ? "; " : "",
							v->reasons[i]);
			/* The kernel would load it; the core could not boot. */
			if (!v->boots && v->boot_reason[0] &&
			    len < sizeof(msg))
				len += (size_t)snprintf(msg + len,
							sizeof(msg) - len,
							"%s%s", len ? "; " : "",
							v->boot_reason);
			log_error("%s: the kernel's remoteproc would refuse it: %s (--force to try anyway)",
				  img->path, len ? msg : "reason unknown");
			return -ENOEXEC;
		}
		for (size_t i = 0; i < v->n_reasons; i++)
			log_warn("%s: %s (--force)", img->path, v->reasons[i]);
		if (!v->boots && v->boot_reason[0])
			log_warn("%s: %s (--force)", img->path, v->boot_reason);
	}
	no_rsc = v ? v->old_kernels_refuse : !img->has_rsc_table;
	if (no_rsc)
		log_warn("%s has no .resource_table: kernels before 5.13 refuse it (\"Boot failed: -22\"); add an empty version-1 table in its own section if this one does",
			 img->path);
	return 0;
}

/* The states a load can start from; the others are explained. */
static int check_loadable(const struct rproc *rp, const char *state)
{
	if (rproc_state_is(state, "offline") || rproc_state_is(state, "running") ||
	    rproc_state_is(state, "attached") || rproc_state_is(state, "crashed"))
		return 0;
	if (rproc_state_is(state, "detached"))
		log_error("%s is detached (the core was running when the driver probed): the kernel can only attach to it ('start') or leave it, not load it; attach with 'm4fwloader --backend=remoteproc start', then load",
			  rp->node);
	else
		log_error("%s is '%s': the kernel loads firmware only into a core that is offline or that it can stop",
			  rp->node, state[0] ? state : "(empty)");
	return -EOPNOTSUPP;
}

int rproc_load(struct rproc *rp, const struct image *img,
	       const struct rproc_load_opts *opt,
	       struct rproc_load_result *res)
{
	char state[32], old_fw[128], fw_attr[PATH_BYTES];
	char why[1400], restored[400];
	struct rproc_fw_path_saved saved = { 0 };
	bool fw_changed = false;
	const char *name;
	int ret;

	memset(res, 0, sizeof(*res));
	name = opt->fw_name ? opt->fw_name : base_name(img->path);
	if (!valid_fw_name(name)) {
		log_error("'%s' cannot be a firmware file name: it must be a plain file name of at most 127 characters",
			  name);
		return -EINVAL;
	}
	rproc_strfmt(res->fw_name, sizeof(res->fw_name), "%s", name);

	ret = check_verdict(img, opt);
	if (ret)
		return ret;
	ret = rproc_read_state_or_log(rp, state, sizeof(state));
	if (!ret)
		ret = check_loadable(rp, state);
	if (ret)
		return ret;
	/* The copy first: if it fails, the firmware that runs keeps running. */
	ret = rproc_copy_image(rp, img, opt, res);
	if (ret)
		return ret;
	ret = stop_from(rp, state);
	if (ret)
		return ret;
	rproc_strfmt(res->state, sizeof(res->state), "offline");

	/* The kernel reads the file at "start": not needed with --no-start. */
	if (!opt->lib_firmware && !opt->no_start) {
		ret = rproc_fw_path_redirect(rp, &saved,
					     rproc_state_is(state, "offline") ? "" :
					     "; the core is stopped (offline)");
		if (ret)
			return ret;
	}

	rproc_attr_path(rp, "firmware", fw_attr, sizeof(fw_attr));
	if (rproc_read_firmware(rp, old_fw, sizeof(old_fw)))
		old_fw[0] = '\0';
	ret = rproc_write_value(rp, fw_attr, name);
	if (ret) {
		rproc_strfmt(why, sizeof(why),
			     "the kernel refused the firmware name '%s': %s%s",
			     name, strerror(-ret),
			     ret == -EBUSY ? " (the core is not offline: remoteproc changes the firmware only while offline)" :
			     ret == -EINVAL ? " (the name is empty or too long for the kernel)" :
			     rproc_access_hint(ret));
		goto restore;
	}
	fw_changed = true;

	if (!opt->no_start) {
		ret = start_core(rp, !img->has_rsc_table, why, sizeof(why));
		if (ret)
			goto restore;
		rproc_strfmt(res->state, sizeof(res->state), "running");
		if (!rp->dry_run)
			rproc_read_state(rp, res->state, sizeof(res->state));
	} else if (!opt->lib_firmware) {
		log_notice("the kernel reads %s only when the core starts: start it with 'm4fwloader --backend=remoteproc start', which points the kernel there, or load with --lib-firmware",
			   res->fw_path);
	}

restore:
	/* The kernel has read the file by now (or never will): always. */
	rproc_fw_path_restore(rp, &saved);
	if (!ret)
		return 0;
	restored[0] = '\0';
	if (fw_changed && old_fw[0] && strcmp(old_fw, name) != 0) {
		int err = rproc_write_value(rp, fw_attr, old_fw);

		if (err)
			rproc_strfmt(restored, sizeof(restored),
				     "; the firmware name could not be put back to '%s': %s",
				     old_fw, strerror(-err));
		else
			rproc_strfmt(restored, sizeof(restored),
				     "; firmware name put back to '%s'", old_fw);
	}
	if (rproc_read_state(rp, state, sizeof(state)) == 0) {
		size_t len = strlen(restored);

		rproc_strfmt(restored + len, sizeof(restored) - len,
			     "; %s is %s", rp->node, state);
		rproc_strfmt(res->state, sizeof(res->state), "%s", state);
	}
	log_error("%s: %s%s", rp->node, why, restored);
	return ret;
}
