// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * m4fwloader: reload and restart the Cortex-M core of an i.MX SoC from
 * Linux user space. This file dispatches the command; the options are
 * parsed by cli_args.c.
 */
#include <getopt.h>
#include <stdbool.h>
#include <string.h>

#include "cli.h"
#include "m4fw/remoteproc.h"

/* Commands without arguments. */
static const struct {
	const char *name;
	int (*fn)(const struct cli_opts *o);
} simple_cmds[] = {
	{ "start", cmd_start },
	{ "stop", cmd_stop },
	{ "restart", cmd_restart },
	{ "status", cmd_status },
};

static int with_file(const char *cmd, int argc, char **argv,
		     const struct cli_opts *o,
		     int (*fn)(const struct cli_opts *, const char *,
			       const char *))
{
	if (argc < 2)
		return cli_usage_error("%s: missing FILE", cmd);
	if (argc > 3)
		return cli_usage_error("%s: unexpected argument '%s'", cmd,
				       argv[3]);
	return fn(o, argv[1], argc == 3 ? argv[2] : NULL);
}

/* --backend=remoteproc, or auto with an imx-rproc bound under --root. */
static bool use_rproc(const struct cli_opts *o)
{
	struct rproc_info ri;

	return o->backend == BACKEND_REMOTEPROC ||
	       (o->backend == BACKEND_AUTO && rproc_find_imx(o->root, &ri) == 1);
}

static int load(const struct cli_opts *o, const char *file, const char *addr)
{
	if (!use_rproc(o))
		return cmd_load(o, file, addr);
	if (addr)
		return cli_usage_error("the remoteproc backend loads ELF files; ADDR '%s' is not used",
				       addr);
	return cmd_rproc_load(o, file);
}

static int dispatch(const struct cli_opts *o, int argc, char **argv)
{
	const char *cmd;

	if (argc < 1)
		return cli_usage_error("missing FILE or command");
	cmd = argv[0];
	for (size_t i = 0; i < sizeof(simple_cmds) / sizeof(simple_cmds[0]);
	     i++) {
		if (strcmp(cmd, simple_cmds[i].name) != 0)
			continue;
		if (argc > 1)
			return cli_usage_error("%s: unexpected argument '%s'",
					       cmd, argv[1]);
		if (use_rproc(o))
			return strcmp(cmd, "status") == 0 ?
			       cmd_rproc_status(o) : cmd_rproc_control(o, cmd);
		return simple_cmds[i].fn(o);
	}
	if (strcmp(cmd, "load") == 0)
		return with_file(cmd, argc, argv, o, load);
	if (strcmp(cmd, "inspect") == 0)
		return with_file(cmd, argc, argv, o, cmd_inspect);
	if (strcmp(cmd, "dump") == 0)
		return cmd_dump(o, argc, argv);
	if (strcmp(cmd, "kick") == 0) {
		if (argc != 2)
			return cli_usage_error(argc < 2 ? "kick: missing VQID" :
					       "kick: too many arguments");
		return cmd_kick(o, argv[1]);
	}
	/* imx-m4fwloader's command line: FILE [ADDR]. */
	if (argc > 2)
		return cli_usage_error("unexpected argument '%s'", argv[2]);
	return load(o, argv[0], argc == 2 ? argv[1] : NULL);
}

int main(int argc, char **argv)
{
	struct cli_opts o = {
		.mem_path = "/dev/mem",
		.root = "/",
	};
	int ret = cli_parse_options(argc, argv, &o);

	if (ret >= 0)
		return ret;
	return dispatch(&o, argc - optind, argv + optind);
}
