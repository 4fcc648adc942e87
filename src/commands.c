// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The command table and dispatch: which command, how many operands, which
 * backends serve it; the backend chosen for it (--backend, or auto); and
 * load, start, stop, restart and status written once against the backend
 * interface. What a backend cannot do is refused here and nowhere else.
 */
#include <stdio.h>
#include <string.h>

#include "backend.h"
#include "commands.h"
#include "m4fw/image.h"
#include "m4fw/log.h"
#include "m4fw/remoteproc.h"

/* The backends a command can run on. */
enum served_by {
	SERVED_BY_DEVMEM = 1u << 0,
	SERVED_BY_REMOTEPROC = 1u << 1,
	SERVED_BY_BOTH = SERVED_BY_DEVMEM | SERVED_BY_REMOTEPROC,
	SERVED_WITHOUT = 0,	/* needs no backend: no hardware is touched */
};

struct command {
	const char *name;
	/* Operands after the name; max_ops -1: the handler checks them. */
	int min_ops, max_ops;
	const char *missing;	/* "%s: missing <this>" */
	const char *too_many;	/* NULL: "%s: unexpected argument '%s'" */
	unsigned int served_by;
	int (*run)(struct backend *be, int n_ops, char **ops);
};

enum refusal {
	REFUSE_COMMAND,		/* a command the backend does not serve */
	REFUSE_ADDR,		/* an ADDR for a backend without raw images */
	REFUSE_RAW,		/* a raw binary for a backend without them */
};

/* The one place where what a backend cannot do is refused. */
static int refuse(const struct backend *be, enum refusal why, const char *what)
{
	const char *name = be->ops->name;

	switch (why) {
	case REFUSE_COMMAND:
		return cli_usage_error("%s needs --backend=devmem: the %s backend does not reach the M core's memory or Messaging Unit",
				       what, name);
	case REFUSE_ADDR:
		return cli_usage_error("the %s backend loads ELF files; ADDR '%s' is not used",
				       name, what);
	case REFUSE_RAW:
	default:
		log_error("%s is a raw binary: %s loads ELF files only (load it with --backend=devmem and an ADDR)",
			  what, name);
		return EXIT_IMAGE;
	}
}

static unsigned int served_by_bit(const struct backend_ops *ops)
{
	return ops == &backend_remoteproc ? SERVED_BY_REMOTEPROC :
	       SERVED_BY_DEVMEM;
}

/*
 * --backend, or for auto: remoteproc when it serves the command and an
 * imx-rproc is bound under --root, else devmem.
 */
static const struct backend_ops *choose_backend(const struct cli_opts *o,
						unsigned int served_by)
{
	struct rproc_info ri;

	switch (o->backend) {
	case BACKEND_REMOTEPROC:
		return &backend_remoteproc;
	case BACKEND_AUTO:
		if ((served_by & SERVED_BY_REMOTEPROC) &&
		    rproc_find_imx(o->root, &ri) == 1)
			return &backend_remoteproc;
		return &backend_devmem;
	case BACKEND_DEVMEM:
	default:
		return &backend_devmem;
	}
}

/* ---- the commands, once for both backends ------------------------------ */

static int load_image(struct backend *be, const char *file, const char *addr)
{
	bool raw_ok = be->ops->caps & BACKEND_CAP_RAW_IMAGE;
	struct image img;
	int code;

	if (addr && !raw_ok)
		return refuse(be, REFUSE_ADDR, addr);
	code = be->ops->open(be);
	if (code)
		return code;
	if (image_read(&img, file, IMAGE_MAX_BYTES))
		return EXIT_IMAGE;
	if (!raw_ok && !image_is_elf(&img))
		code = refuse(be, REFUSE_RAW, img.path);
	else
		code = be->ops->load(be, &img, file, addr);
	image_free(&img);
	return code;
}

static int run_load(struct backend *be, int n_ops, char **ops)
{
	return load_image(be, ops[0], n_ops == 2 ? ops[1] : NULL);
}

static int run_start(struct backend *be, int n_ops, char **ops)
{
	int code = be->ops->open(be);

	(void)n_ops;
	(void)ops;
	return code ? code : be->ops->start(be);
}

static int run_stop(struct backend *be, int n_ops, char **ops)
{
	int code = be->ops->open(be);

	(void)n_ops;
	(void)ops;
	return code ? code : be->ops->stop(be);
}

static int run_restart(struct backend *be, int n_ops, char **ops)
{
	int code = be->ops->open(be);

	(void)n_ops;
	(void)ops;
	return code ? code : be->ops->restart(be);
}

static int run_status(struct backend *be, int n_ops, char **ops)
{
	int code = be->ops->open(be);

	(void)n_ops;
	(void)ops;
	return code ? code : be->ops->status(be);
}

static int run_watch(struct backend *be, int n_ops, char **ops)
{
	return cmd_watch(be, ops[0], n_ops == 2 ? ops[1] : NULL, load_image);
}

/* ---- the commands of one backend, or of none --------------------------- */

static int run_inspect(struct backend *be, int n_ops, char **ops)
{
	return cmd_inspect(be->o, ops[0], n_ops == 2 ? ops[1] : NULL);
}

static int run_kick(struct backend *be, int n_ops, char **ops)
{
	(void)n_ops;
	return cmd_kick(be->o, ops[0]);
}

/* cmd_dump() checks its own operands: their number decides their meaning. */
static int run_dump(struct backend *be, int n_ops, char **ops)
{
	return cmd_dump(be->o, n_ops + 1, ops - 1);
}

static const struct command commands[] = {
	{ "load", 1, 2, "FILE", NULL, SERVED_BY_BOTH, run_load },
	{ "start", 0, 0, NULL, NULL, SERVED_BY_BOTH, run_start },
	{ "stop", 0, 0, NULL, NULL, SERVED_BY_BOTH, run_stop },
	{ "restart", 0, 0, NULL, NULL, SERVED_BY_BOTH, run_restart },
	{ "status", 0, 0, NULL, NULL, SERVED_BY_BOTH, run_status },
	{ "kick", 1, 1, "VQID", "kick: too many arguments", SERVED_BY_DEVMEM,
	  run_kick },
	{ "inspect", 1, 2, "FILE", NULL, SERVED_WITHOUT, run_inspect },
	{ "dump", 0, -1, NULL, NULL, SERVED_BY_DEVMEM, run_dump },
	{ "watch", 1, 2, "FILE", NULL, SERVED_BY_BOTH, run_watch },
};

/* imx-m4fwloader's command line, FILE [ADDR]: a load without the word. */
static const struct command implicit_load = {
	NULL, 1, 2, "FILE", NULL, SERVED_BY_BOTH, run_load
};

static int check_operands(const struct command *c, int n_ops, char **ops)
{
	if (n_ops < c->min_ops)
		return cli_usage_error("%s: missing %s", c->name, c->missing);
	if (c->max_ops < 0 || n_ops <= c->max_ops)
		return EXIT_OK;
	if (c->too_many)
		return cli_usage_error("%s", c->too_many);
	if (!c->name)
		return cli_usage_error("unexpected argument '%s'",
				       ops[c->max_ops]);
	return cli_usage_error("%s: unexpected argument '%s'", c->name,
			       ops[c->max_ops]);
}

int commands_dispatch(const struct cli_opts *o, int argc, char **argv)
{
	const struct command *c = &implicit_load;
	struct backend be = { .o = o };
	char **ops = argv;
	int n_ops = argc;
	int code;

	if (argc < 1)
		return cli_usage_error("missing FILE or command");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[0], commands[i].name) == 0) {
			c = &commands[i];
			ops = argv + 1;
			n_ops = argc - 1;
			break;
		}
	}
	code = check_operands(c, n_ops, ops);
	if (code)
		return code;
	if (c->served_by != SERVED_WITHOUT) {
		be.ops = choose_backend(o, c->served_by);
		if (!(c->served_by & served_by_bit(be.ops)))
			return refuse(&be, REFUSE_COMMAND, c->name);
	}
	return c->run(&be, n_ops, ops);
}
