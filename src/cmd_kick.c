// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kick VQID: notify the firmware through the Messaging Unit, as
 * imx-m4fwloader does; a one-write plan on the SoC's MU. The devmem
 * backend only: commands.c refuses it with --backend=remoteproc.
 */
#include <stdint.h>

#include "cli.h"
#include "commands.h"
#include "m4fw/log.h"
#include "m4fw/plan.h"

int cmd_kick(const struct cli_opts *o, const char *arg)
{
	struct cli_soc cs;
	struct plan plan;
	uint32_t vqid;
	int code;

	/* 16 bits: it is sent as vqid << 16. */
	if (!cli_parse_uint(arg, 0xFFFF, &vqid))
		return cli_usage_error("invalid VQID '%s': expected a number from 0 to 65535",
				       arg);
	code = cli_resolve_soc(o, &cs, false);
	if (code)
		return code;
	if (!cs.soc->mu_atr1) {
		log_error("no Messaging Unit address is known for the %s %s: kick is not supported there",
			  cs.soc->model, cs.soc->core_short);
		return EXIT_SOC;
	}
	plan_init(&plan, cs.soc);
	if (plan_kick(&plan, (uint16_t)vqid)) {
		log_error("out of memory");
		plan_free(&plan);
		return EXIT_HW;
	}
	code = cli_execute(o, &plan);
	plan_free(&plan);
	return code;
}
