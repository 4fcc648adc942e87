// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * load, start, stop, restart and status through the kernel's remoteproc
 * (--backend=remoteproc, or auto with an imx-rproc bound): the commands
 * ask the kernel through sysfs instead of writing registers.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "m4fw/detect.h"
#include "m4fw/image.h"
#include "m4fw/inspect.h"
#include "m4fw/lock.h"
#include "m4fw/log.h"
#include "m4fw/plan.h"
#include "m4fw/rproc_backend.h"


/* The name the kernel gets for an image read from standard input. */
#define RPROC_STDIN_NAME "m4fwloader-stdin.elf"

/* The exit codes of SPEC.md for what the backend returned. */
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

static int open_instance(const struct cli_opts *o, struct rproc *rp)
{
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
	ret = lock_acquire(l, -1, path, LOCK_TIMEOUT_MS_DEFAULT, &holder);
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
	struct plan plan;

	*known = false;
	if (o->soc_name) {
		soc = soc_find(o->soc_name);
		if (!soc) {
			log_error("unknown SoC '%s'; known: %s", o->soc_name,
				  soc_names());
			return EXIT_SOC;
		}
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
	inspect_rproc_verdict(img, &plan, v);
	plan_free(&plan);
	*known = true;
	return EXIT_OK;
}

int cmd_rproc_load(const struct cli_opts *o, const char *file)
{
	struct rproc_load_opts lo = {
		.force = o->force,
		.no_start = o->no_start,
		.lib_firmware = o->lib_firmware,
	};
	struct rproc_load_result res;
	struct rproc_verdict v;
	struct lock lk = { .fd = -1 };
	struct image img;
	struct rproc rp;
	bool known;
	int code;

	code = open_instance(o, &rp);
	if (code)
		return code;
	if (image_read(&img, file, IMAGE_MAX_BYTES))
		return EXIT_IMAGE;
	if (!image_is_elf(&img)) {
		log_error("%s is a raw binary: remoteproc loads ELF files only (load it with --backend=devmem and an ADDR)",
			  img.path);
		code = EXIT_IMAGE;
		goto out_image;
	}
	if (image_parse_elf(&img)) {
		code = EXIT_IMAGE;
		goto out_image;
	}
	code = predict(o, &img, &v, &known);
	if (code)
		goto out_image;
	lo.verdict = known ? &v : NULL;
	if (strcmp(file, "-") == 0)
		lo.fw_name = RPROC_STDIN_NAME;

	code = take_lock(o, &lk);
	if (code)
		goto out_image;
	code = rproc_exit_code(rproc_load(&rp, &img, &lo, &res));
	drop_lock(&lk);
	if (code == EXIT_OK && !o->dry_run && log_level_enabled(LOG_NORMAL))
		printf("%s: loaded by %s as %s; %s%s\n", img.path, rp.node,
		       res.fw_name, res.state,
		       o->no_start ? " (--no-start)" : "");
out_image:
	image_free(&img);
	return code;
}

int cmd_rproc_control(const struct cli_opts *o, const char *cmd)
{
	bool stop = strcmp(cmd, "stop") == 0 || strcmp(cmd, "restart") == 0;
	bool start = strcmp(cmd, "start") == 0 || strcmp(cmd, "restart") == 0;
	struct lock lk = { .fd = -1 };
	struct rproc rp;
	char state[32];
	int code, ret = 0;

	if (!stop && !start)
		return cli_usage_error("unknown command '%s'", cmd);
	code = open_instance(o, &rp);
	if (code)
		return code;
	code = take_lock(o, &lk);
	if (code)
		return code;
	if (stop)
		ret = rproc_stop(&rp);
	if (!ret && start)
		ret = rproc_start(&rp);
	drop_lock(&lk);
	code = rproc_exit_code(ret);
	if (code == EXIT_OK && !o->dry_run && log_level_enabled(LOG_NORMAL) &&
	    rproc_read_state(&rp, state, sizeof(state)) == 0)
		printf("%s %s\n", rp.node, state);
	return code;
}

static void json_pair(const char *key, const char *value)
{
	cli_json_string(stdout, key);
	fputc(':', stdout);
	cli_json_string(stdout, value);
	fputc(',', stdout);
}

int cmd_rproc_status(const struct cli_opts *o)
{
	char state[32], fw[128];
	struct rproc rp;
	int code, ret;
	bool up;

	code = open_instance(o, &rp);
	if (code)
		return code;
	ret = rproc_read_state(&rp, state, sizeof(state));
	if (ret) {
		log_error("cannot read %s/state: %s%s", rp.dir, strerror(-ret),
			  ret == -EACCES || ret == -EPERM ? " (run as root?)" :
			  "");
		return rproc_exit_code(ret);
	}
	/* Attached: the kernel does not know what runs and says "unknown". */
	if (rproc_read_firmware(&rp, fw, sizeof(fw)))
		fw[0] = '\0';
	up = rproc_state_is_up(state);
	if (o->json) {
		fputc('{', stdout);
		json_pair("backend", "remoteproc");
		json_pair("instance", rp.node);
		json_pair("name", rp.name);
		json_pair("state", state);
		json_pair("firmware", fw);
		printf("\"running\":%s}\n", up ? "true" : "false");
	} else if (log_level_enabled(LOG_NORMAL)) {
		printf("remoteproc:  %s (%s)\n", rp.node, rp.name);
		printf("state:       %s\n", state);
		printf("firmware:    %s\n", fw[0] ? fw : "(none)");
	}
	return up ? EXIT_OK : EXIT_HELD;
}
