// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stop, start and restart through devmem: the SoC's register recipes as
 * plans, and the boot vector checked before the core is released.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "backend_devmem.h"
#include "m4fw/core_state.h"
#include "m4fw/log.h"
#include "rpmsg_cli.h"

enum control_cmd {
	CONTROL_STOP,
	CONTROL_START,
	CONTROL_RESTART,
};

/*
 * Before releasing the core, the vector it will fetch must be plausible:
 * a core started on an empty or stale vector locks up or runs garbage.
 */
static int check_boot_vector(const struct cli_opts *o,
			     const struct soc_desc *soc)
{
	struct mem m;
	uint32_t sp = 0, pc = 0;
	struct stat st;
	char why[160];
	int ret, code;

	/*
	 * A memory file that does not exist yet reads as zeros, as the
	 * sparse file it would become: judged without creating it, so that
	 * a refused start leaves nothing behind.
	 */
	if (stat(o->mem_path, &st) && errno == ENOENT &&
	    !mem_path_names_device(o->mem_path))
		goto judge;
	code = cli_open_mem(o, &m);
	if (code)
		return code;
	ret = mem_map(&m, soc->boot_alias_a, 8);
	if (!ret)
		ret = mem_read32(&m, soc->boot_alias_a, &sp);
	if (!ret)
		ret = mem_read32(&m, soc->boot_alias_a + 4, &pc);
	if (ret) {
		log_error("cannot read the boot vector at 0x%08x from %s: %s%s",
			  soc->boot_alias_a, m.path, strerror(-ret),
			  mem_errno_hint(-ret, m.is_device));
		mem_close(&m);
		return EXIT_MEM;
	}
	mem_close(&m);
judge:
	if (core_vector_check(soc, sp, pc, why, sizeof(why)))
		return EXIT_OK;
	if (o->force) {
		log_warn("boot vector at M 0x0 (A 0x%08x): %s (--force)",
			 soc->boot_alias_a, why);
		return EXIT_OK;
	}
	log_error("boot vector at M 0x0 (A 0x%08x): %s; load an image first (or --force)",
		  soc->boot_alias_a, why);
	return EXIT_IMAGE;
}

static int control(struct backend *be, enum control_cmd cmd)
{
	const struct cli_opts *o = be->o;
	const struct cli_soc *cs = &be->cs;
	struct plan plan;
	int code, ret;

	code = cli_check_remoteproc(o, cs->soc, NULL);
	if (code)
		return code;
	if (cmd != CONTROL_STOP) {
		code = check_boot_vector(o, cs->soc);
		if (code)
			return code;
		cli_warn_rproc_offline(o, cs->soc);
	}
	plan_init(&plan, cs->soc);
	ret = cmd == CONTROL_STOP ? plan_stop(&plan) :
	      cmd == CONTROL_START ? plan_start(&plan) : plan_restart(&plan);
	if (ret) {
		log_error("out of memory");
		plan_free(&plan);
		return EXIT_HW;
	}
	/* a start alone does not re-run a firmware: only restart says it */
	if (cmd == CONTROL_RESTART)
		rpmsg_cli_devmem_advice(o, RPMSG_OP_RESTART, NULL);
	code = cli_execute(o, &plan);
	if (code == EXIT_OK && !o->dry_run && log_level_enabled(LOG_NORMAL))
		printf("%s %s\n", cs->soc->core_short,
		       cmd == CONTROL_STOP ? "held in reset" : "running");
	plan_free(&plan);
	return code;
}

int devmem_stop(struct backend *be)
{
	return control(be, CONTROL_STOP);
}

int devmem_start(struct backend *be)
{
	return control(be, CONTROL_START);
}

int devmem_restart(struct backend *be)
{
	return control(be, CONTROL_RESTART);
}
