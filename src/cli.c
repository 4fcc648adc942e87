// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What every command shares: finding the SoC, reporting plan problems, and
 * running a plan on physical memory.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "m4fw/exec.h"
#include "m4fw/log.h"

int cli_resolve_soc(const struct cli_opts *o, const struct soc_desc **soc)
{
	if (!o->soc_name) {
		log_error("SoC not given; name it with --soc (%s)", soc_names());
		return EXIT_SOC;
	}
	*soc = soc_find(o->soc_name);
	if (!*soc) {
		log_error("unknown SoC '%s'; known: %s", o->soc_name,
			  soc_names());
		return EXIT_SOC;
	}
	return EXIT_OK;
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

int cli_execute(const struct cli_opts *o, const struct plan *p)
{
	struct mem m;
	struct exec x;
	int ret, code = EXIT_OK;

	if (o->dry_run) {
		plan_print(p, stdout);
		return EXIT_OK;
	}
	if (mem_devmem_open(&m, o->mem_path, &devmem_sys_default))
		return EXIT_MEM;
	ret = exec_prepare(&x, p, &m);
	if (ret) {
		code = EXIT_MEM;
		goto out;
	}
	ret = exec_run(&x);
	if (ret)
		code = EXIT_HW;
out:
	exec_release(&x);
	mem_close(&m);
	return code;
}
