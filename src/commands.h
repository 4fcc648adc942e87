/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The command layer: the table of commands (commands.c), each written
 * once against the backend interface (backend.h), and the commands that
 * need no backend operation (inspect: no hardware at all; dump and kick:
 * the M core's memory and Messaging Unit, which only devmem reaches).
 * main.c calls commands_dispatch() and nothing else here.
 */
#ifndef M4FW_COMMANDS_H
#define M4FW_COMMANDS_H

#include "cli.h"

/**
 * commands_dispatch() - run the command @argv[0] (or, as imx-m4fwloader's
 * command line, load FILE [ADDR]) with @o; @argc counts the operands.
 * Return: the exit code of doc/contract.md.
 */
int commands_dispatch(const struct cli_opts *o, int argc, char **argv);

int cmd_inspect(const struct cli_opts *o, const char *file, const char *addr);
int cmd_dump(const struct cli_opts *o, int argc, char **argv);
int cmd_kick(const struct cli_opts *o, const char *arg);

struct backend;

/**
 * cmd_watch() - watch FILE [ADDR]: @load (the load command) now and on
 * every rebuild, until SIGINT, SIGTERM or SIGHUP.
 */
int cmd_watch(struct backend *be, const char *file, const char *addr,
	      int (*load)(struct backend *be, const char *file,
			  const char *addr));

#endif /* M4FW_COMMANDS_H */
