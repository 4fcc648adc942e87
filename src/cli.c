// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What every command shares: finding the SoC, the safety rules that read
 * the running system, reporting plan problems, and running a plan on
 * physical memory under the lock.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "m4fw/detect.h"
#include "m4fw/exec.h"
#include "m4fw/json.h"
#include "m4fw/lock.h"
#include "m4fw/log.h"
#include "m4fw/remoteproc.h"
#include "m4fw/sysfile.h"

int cli_soc_not_supported(const char *name)
{
	struct detect_info info;

	/* doc/contract.md: refused as when detected, not "unknown". */
	if (detect_by_name(name, &info) == DETECT_REFUSED)
		log_error("%s (%s): %s", info.name, info.how, info.reason);
	else
		log_error("unknown SoC '%s'; known: %s", name, soc_names());
	return EXIT_SOC;
}

int cli_resolve_soc(const struct cli_opts *o, struct cli_soc *cs,
		    bool quiet_fail)
{
	struct detect_info info;
	const char *root, *sep;

	memset(cs, 0, sizeof(*cs));
	if (o->soc_name) {
		cs->soc = soc_find(o->soc_name);
		if (!cs->soc)
			return cli_soc_not_supported(o->soc_name);
		snprintf(cs->how, sizeof(cs->how), "--soc");
		return EXIT_OK;
	}
	switch (detect_soc(o->root, &info)) {
	case DETECT_FOUND:
		cs->soc = info.soc;
		snprintf(cs->how, sizeof(cs->how), "%s", info.how);
		log_info("SoC %s, from %s", cs->soc->model, info.how);
		return EXIT_OK;
	case DETECT_REFUSED:
		log_error("%s (from %s): %s", info.name, info.how, info.reason);
		return EXIT_SOC;
	case DETECT_UNKNOWN:
		if (!quiet_fail)
			log_error("%s (from %s) is not a SoC whose M core m4fwloader can drive; if this is wrong, name it with --soc (%s)",
				  info.name, info.how, soc_names());
		return EXIT_SOC;
	case DETECT_NOTHING:
		break;
	}
	/* The paths as they were read: "root/sys/...", not "rootsys/...". */
	root = o->root_given ? o->root : "";
	sep = root[0] && root[strlen(root) - 1] == '/' ? "" : "/";
	if (!quiet_fail)
		log_error("SoC not detected (no %s%ssys/devices/soc0/soc_id or %s%sproc/device-tree/compatible); name it with --soc (%s)",
			  root, sep, root, sep, soc_names());
	return EXIT_SOC;
}

/*
 * With a regular file as memory and no --root, the host's own /proc/iomem
 * and remoteproc mean nothing for the simulated SoC (a laptop's RAM covers
 * the SoC's OCRAM addresses), so they are not read.
 */
bool cli_reads_system(const struct cli_opts *o)
{
	struct stat st;

	if (o->root_given)
		return true;
	if (stat(o->mem_path, &st) == 0)
		return S_ISCHR(st.st_mode);
	return mem_path_names_device(o->mem_path);
}

int cli_check_remoteproc(const struct cli_opts *o, const struct soc_desc *soc,
			 const char *image)
{
	struct rproc_info r;
	const char *fw = image ? image : "FIRMWARE";
	const char *base = strrchr(fw, '/') ? strrchr(fw, '/') + 1 : fw;

	if (!cli_reads_system(o) || rproc_find_imx(o->root, &r) != 1 ||
	    !rproc_owns_core(&r))
		return EXIT_OK;
	if (o->force) {
		log_warn("%s (imx-rproc) manages the %s and is '%s'; going ahead (--force): its state will be wrong until it is stopped and started again",
			 r.node, soc->core_short, r.state);
		return EXIT_OK;
	}
	log_error("kernel remoteproc %s (imx-rproc) manages the %s and is '%s'; refusing to reset it behind the kernel's back (--force overrides). Through remoteproc instead: echo stop > /sys/class/remoteproc/%s/state; cp %s /lib/firmware/; echo %s > /sys/class/remoteproc/%s/firmware; echo start > /sys/class/remoteproc/%s/state",
		  r.node, soc->core_short, r.state, r.node, fw, base, r.node,
		  r.node);
	return EXIT_SAFETY;
}

void cli_warn_rproc_offline(const struct cli_opts *o,
			    const struct soc_desc *soc)
{
	struct rproc_info r;

	if (!cli_reads_system(o) || rproc_find_imx(o->root, &r) != 1 ||
	    rproc_owns_core(&r))
		return;
	log_warn("%s (imx-rproc) is '%s': from now on the %s runs while the kernel believes it offline, and the kernel's next 'start' would load over it; 'm4fwloader stop' first puts both views back in step (status shows both)",
		 r.node, r.state, soc->core_short);
}

const struct iomem_map *cli_load_iomem(const struct cli_opts *o,
				       struct iomem_map *map)
{
	char path[4096];

	memset(map, 0, sizeof(*map));
	if (!cli_reads_system(o))
		return NULL;
	snprintf(path, sizeof(path), "%s/proc/iomem", o->root);
	/* Unreadable: the map says so, and the plan fails closed. */
	iomem_read(map, path);
	return map;
}

int cli_report_problems(const struct plan *p)
{
	/* The plan records image problems before safety ones. */
	for (size_t i = 0; i < p->n_problems; i++) {
		const struct plan_problem *pr = &p->problems[i];

		if (pr->overridden)
			log_warn("%s (--force)", pr->msg);
		else
			log_error("%s", pr->msg);
	}
	if (!plan_blocked(p))
		return EXIT_OK;
	return plan_exit_kind(p) == PROBLEM_IMAGE ? EXIT_IMAGE : EXIT_SAFETY;
}

int cli_open_mem(const struct cli_opts *o, struct mem *m)
{
	return mem_devmem_open(m, o->mem_path, &devmem_sys_default) ?
	       EXIT_MEM : EXIT_OK;
}

/* ---- locking and signals ------------------------------------------- */

unsigned int cli_lock_timeout_ms(void)
{
	const char *env = getenv("M4FW_LOCK_TIMEOUT_MS");
	char *end;
	unsigned long v;

	if (!env || !*env)
		return LOCK_TIMEOUT_MS_DEFAULT;
	v = strtoul(env, &end, 10);
	return *end || v > 600000 ? LOCK_TIMEOUT_MS_DEFAULT : (unsigned int)v;
}

static int take_lock(const struct cli_opts *o, struct mem *m, struct lock *l)
{
	const char *path = mem_devmem_is_file(m) ? o->mem_path :
			   lock_default_path();
	unsigned int timeout = cli_lock_timeout_ms();
	pid_t holder;
	int ret;

	ret = lock_acquire(l, mem_devmem_is_file(m) ? mem_devmem_fd(m) : -1,
			   path, timeout, &holder);
	if (ret == -ETIMEDOUT) {
		if (holder)
			log_error("%s is locked by process %d (%s), still after %u ms; another loader is at work",
				  path, (int)holder, lock_holder_name(holder),
				  timeout);
		else
			log_error("%s is locked by another process, still after %u ms",
				  path, timeout);
		return EXIT_SAFETY;
	}
	if (ret) {
		log_error("cannot lock %s: %s%s", path, strerror(-ret),
			  ret == -EACCES ? " (run as root?)" : "");
		return EXIT_SAFETY;
	}
	return EXIT_OK;
}

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* SIGINT, SIGTERM, SIGHUP: finish or stop with the core held, never half-way. */
static void catch_signals(struct sigaction *old)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
}

static void restore_signals(const struct sigaction *old)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };

	for (size_t i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
}

int cli_execute(const struct cli_opts *o, const struct plan *p)
{
	struct sigaction old[3];
	struct lock lk = { .fd = -1 };
	struct mem m;
	struct exec x = { 0 };
	uint64_t t_start, t_mapped, t_done;
	int code;

	if (o->dry_run) {
		plan_print(p, stdout);
		return EXIT_OK;
	}
	catch_signals(old);
	t_start = exec_now_ns();
	code = cli_open_mem(o, &m);
	if (code)
		goto out_signals;
	code = take_lock(o, &m, &lk);
	if (code)
		goto out_mem;
	if (exec_prepare(&x, p, &m)) {
		code = EXIT_MEM;
		goto out_exec;
	}
	x.interrupted = &interrupted;
	t_mapped = exec_now_ns();
	if (exec_run(&x))
		code = EXIT_HW;
	t_done = exec_now_ns();
	log_access("timing: open+lock+map %llu us, copy+verify %llu us, registers %llu us",
		   (unsigned long long)(t_mapped - t_start) / 1000,
		   (unsigned long long)x.block_ns / 1000,
		   (unsigned long long)(t_done - t_mapped - x.block_ns) / 1000);
out_exec:
	exec_release(&x);
	lock_release(&lk);
out_mem:
	mem_close(&m);
out_signals:
	restore_signals(old);
	return code;
}

void cli_json_string(FILE *out, const char *s)
{
	json_str(out, s ? s : "");
}
