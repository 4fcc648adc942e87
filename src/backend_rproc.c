// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The remoteproc backend (--backend=remoteproc, or auto with an imx-rproc
 * bound): load, start, stop, restart and status ask the kernel through
 * sysfs instead of writing registers. The sysfs sequences themselves are
 * the rproc_*.c module's (m4fw/rproc_backend.h); this file adds the exit
 * codes, the lock, the kernel's verdict as inspect predicts it, and what
 * is printed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "backend.h"
#include "m4fw/detect.h"
#include "m4fw/image.h"
#include "m4fw/inspect.h"
#include "m4fw/lock.h"
#include "m4fw/log.h"
#include "m4fw/plan.h"
#include "m4fw/rproc_backend.h"
#include "m4fw/sysfile.h"
#include "rpmsg_cli.h"

/* The name the kernel gets for an image read from standard input. */
#define RPROC_STDIN_NAME "m4fwloader-stdin.elf"

/* The exit codes of doc/contract.md for what the backend returned. */
static int rproc_exit_code(int ret)
{
	switch (ret) {
	case 0:
		return EXIT_OK;
	case -ENODEV:
	case -EMEDIUMTYPE:
		return EXIT_SOC;
	case -ENOEXEC:
		return EXIT_IMAGE;
	case -EACCES:
	case -EPERM:
	case -EROFS:
		return EXIT_MEM;
	default:
		return EXIT_HW;
	}
}

static int rproc_be_open(struct backend *be)
{
	const struct cli_opts *o = be->o;
	struct rproc *rp = &be->rp;
	int ret = rproc_open(rp, o->root, o->rproc_instance, o->force, NULL);

	if (ret)
		return rproc_exit_code(ret);
	if (o->dry_run)
		rp->dry_run = stdout;
	return EXIT_OK;
}

/*
 * The same lock as the /dev/mem loader on a board, so that the two never
 * interleave and two loads never juggle firmware_class.path at once; under
 * a --root test tree its own run/lock, when that exists.
 */
static int take_lock(const struct cli_opts *o, struct lock *l)
{
	char path[4096 + 64];
	bool board = strcmp(o->root, "/") == 0;
	pid_t holder = 0;
	int ret;

	l->fd = -1;
	if (o->dry_run)
		return EXIT_OK;
	if (board)
		snprintf(path, sizeof(path), "%s", lock_default_path());
	else
		snprintf(path, sizeof(path), "%s%s", o->root,
			 LOCK_FILE_DEFAULT);
	ret = lock_acquire(l, -1, path, cli_lock_timeout_ms(), &holder);
	if (!ret)
		return EXIT_OK;
	if (ret == -ENOENT) {
		log_info("no %s: going on without the lock", path);
		l->fd = -1;
		return EXIT_OK;
	}
	if (ret == -ETIMEDOUT) {
		log_error("%s is locked by process %d (%s); another loader is at work",
			  path, (int)holder,
			  holder ? lock_holder_name(holder) : "?");
		return EXIT_SAFETY;
	}
	log_error("cannot lock %s: %s%s", path, strerror(-ret),
		  ret == -EACCES || ret == -EPERM || ret == -EROFS ?
		  " (run as root?)" : "");
	return ret == -EACCES || ret == -EPERM || ret == -EROFS ?
	       EXIT_MEM : EXIT_SAFETY;
}

static void drop_lock(struct lock *l)
{
	if (l->fd >= 0)
		lock_release(l);
}

/*
 * What the kernel will make of @img, as inspect predicts it. Needs the
 * SoC's memory map; without one the kernel is left to judge.
 */
static int predict(const struct cli_opts *o, const struct image *img,
		   struct rproc_verdict *v, bool *known)
{
	struct plan_options popt = { .force = true };
	const struct soc_desc *soc = NULL;
	struct detect_info info;
	struct dt_rproc dt;
	struct plan plan;

	*known = false;
	if (o->soc_name) {
		soc = soc_find(o->soc_name);
		if (!soc)
			return cli_soc_not_supported(o->soc_name);
	} else if (detect_soc(o->root, &info) == DETECT_FOUND) {
		soc = info.soc;
	}
	if (!soc) {
		log_info("SoC not known to m4fwloader: the kernel alone judges %s",
			 img->path);
		return EXIT_OK;
	}
	plan_init(&plan, soc);
	if (plan_load(&plan, img, &popt) == -ENOMEM) {
		plan_free(&plan);
		log_error("out of memory");
		return EXIT_HW;
	}
	inspect_live_dt(o->root, soc, &dt);
	inspect_rproc_verdict(img, &plan, &dt, v);
	plan_free(&plan);
	*known = true;
	return EXIT_OK;
}

/* The command layer has refused raw binaries and ADDR already. */
static int rproc_be_load(struct backend *be, struct image *img,
			 const char *file, const char *addr)
{
	const struct cli_opts *o = be->o;
	struct rproc_load_opts lo = {
		.force = o->force,
		.no_start = o->no_start,
		.lib_firmware = o->lib_firmware,
	};
	struct rproc_load_result res;
	struct rproc_verdict v;
	struct lock lk = { .fd = -1 };
	bool known;
	int code;

	(void)addr;
	if (image_parse_elf(img))
		return EXIT_IMAGE;
	code = predict(o, img, &v, &known);
	if (code)
		return code;
	lo.verdict = known ? &v : NULL;
	if (strcmp(file, "-") == 0)
		lo.fw_name = RPROC_STDIN_NAME;

	code = take_lock(o, &lk);
	if (code)
		return code;
	code = rproc_exit_code(rproc_load(&be->rp, img, &lo, &res));
	drop_lock(&lk);
	if (code == EXIT_OK && !o->dry_run && !o->in_watch &&
	    log_level_enabled(LOG_NORMAL))
		printf("%s: loaded by %s as %s; %s%s\n", img->path,
		       be->rp.node, res.fw_name, res.state,
		       o->no_start ? " (--no-start)" : "");
	if (code == EXIT_OK && !o->no_start)
		rpmsg_cli_after_start(o, be->rp.node,
				      rpmsg_cli_image_has_vdev(img), false);
	return code;
}

static int control(struct backend *be, bool stop, bool start)
{
	const struct cli_opts *o = be->o;
	struct rproc *rp = &be->rp;
	struct lock lk = { .fd = -1 };
	char state[32];
	size_t before = 0;
	bool gone = false;
	int code, ret = 0;

	code = take_lock(o, &lk);
	if (code)
		return code;
	/* restart: the RPMsg devices must go on stop and come back on start */
	if (stop && start)
		before = rpmsg_cli_count(o, rp->node);
	if (stop)
		ret = rproc_stop(rp);
	if (!ret && start) {
		gone = rpmsg_cli_after_stop(o, rp->node, before);
		ret = rproc_start(rp);
	}
	drop_lock(&lk);
	code = rproc_exit_code(ret);
	if (code == EXIT_OK && !o->dry_run && log_level_enabled(LOG_NORMAL) &&
	    rproc_read_state(rp, state, sizeof(state)) == 0)
		printf("%s %s\n", rp->node, state);
	if (code == EXIT_OK && start)
		rpmsg_cli_after_start(o, rp->node, before > 0, gone);
	return code;
}

static int rproc_be_stop(struct backend *be)
{
	return control(be, true, false);
}

static int rproc_be_start(struct backend *be)
{
	return control(be, false, true);
}

static int rproc_be_restart(struct backend *be)
{
	return control(be, true, true);
}

static void json_pair(const char *key, const char *value)
{
	cli_json_string(stdout, key);
	fputc(':', stdout);
	cli_json_string(stdout, value);
	fputc(',', stdout);
}

static int rproc_be_status(struct backend *be)
{
	const struct cli_opts *o = be->o;
	struct rproc *rp = &be->rp;
	char state[32], fw[128];
	int ret;
	bool up;

	ret = rproc_read_state(rp, state, sizeof(state));
	if (ret == -EACCES || ret == -EPERM) {
		log_error("cannot read %s/state: %s (run as root?)", rp->dir,
			  strerror(-ret));
		return EXIT_MEM;
	}
	/*
	 * Missing, a directory, junk: not an instance whose state can be
	 * known, which status reports as it reports an unusable SoC.
	 */
	if (ret) {
		log_error("cannot read %s/state: %s; not a usable remoteproc instance",
			  rp->dir, sysfile_strerror(ret));
		return EXIT_SOC;
	}
	/* Attached: the kernel does not know what runs and says "unknown". */
	if (rproc_read_firmware(rp, fw, sizeof(fw)))
		fw[0] = '\0';
	up = rproc_state_is_up(state);
	if (o->json) {
		fputc('{', stdout);
		json_pair("backend", "remoteproc");
		json_pair("instance", rp->node);
		json_pair("name", rp->name);
		json_pair("state", state);
		json_pair("firmware", fw);
		printf("\"running\":%s", up ? "true" : "false");
		rpmsg_cli_status(o, true);
		printf("}\n");
	} else if (log_level_enabled(LOG_NORMAL)) {
		printf("remoteproc:  %s (%s)\n", rp->node, rp->name);
		printf("state:       %s\n", state);
		printf("firmware:    %s\n", fw[0] ? fw : "(none)");
		rpmsg_cli_status(o, false);
	}
	return up ? EXIT_OK : EXIT_HELD;
}

const struct backend_ops backend_remoteproc = {
	.name = "remoteproc",
	.caps = 0,
	.open = rproc_be_open,
	.load = rproc_be_load,
	.start = rproc_be_start,
	.stop = rproc_be_stop,
	.restart = rproc_be_restart,
	.status = rproc_be_status,
};
