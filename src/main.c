// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * m4fwloader: reload and restart the Cortex-M core of an i.MX SoC from
 * Linux user space. The top of the data flow: argv's options become a
 * struct cli_opts (cli_args.c), and the rest goes to the command table
 * (commands.c), which picks the command and its backend.
 */
#include <getopt.h>

#include "cli.h"
#include "commands.h"

int main(int argc, char **argv)
{
	struct cli_opts o = {
		.mem_path = "/dev/mem",
		.root = "/",
		.rpmsg_timeout_ms = CLI_RPMSG_TIMEOUT_MS_DEFAULT,
	};
	int ret = process_harden();

	if (ret)
		return ret;
	ret = cli_parse_options(argc, argv, &o);
	if (ret >= 0)
		return ret;
	return commands_dispatch(&o, argc - optind, argv + optind);
}
