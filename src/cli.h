/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The shared CLI helpers, at the bottom of the command layer: the options
 * (struct cli_opts) and their parsing, the exit codes of doc/contract.md, the
 * numbers commands take, and what several commands and both backends do
 * alike (finding the SoC, the safety rules that read the running system,
 * running a plan under the lock). cli_args.c owns the parsing, cli.c the
 * rest. They call only the core modules (include/m4fw), never a command
 * or a backend; this layer, with the commands above it, is the only one
 * that prints results and turns errors into exit codes.
 */
#ifndef M4FW_CLI_H
#define M4FW_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "m4fw/iomem.h"
#include "m4fw/mem.h"
#include "m4fw/plan.h"
#include "m4fw/soc.h"

enum exit_code {
	EXIT_OK = 0,		/* success; status: running */
	EXIT_HW = 1,		/* the hardware did not do what was asked */
	EXIT_USAGE = 2,
	EXIT_HELD = 3,		/* status: held in reset or stopped */
	EXIT_MEM = 4,		/* physical memory not accessible */
	EXIT_IMAGE = 5,		/* image rejected */
	EXIT_SAFETY = 6,	/* refused by a safety rule */
	EXIT_SOC = 7,		/* SoC unknown, undetected or not controllable */
};

enum cli_backend {
	BACKEND_DEVMEM,		/* registers and memory through /dev/mem */
	BACKEND_REMOTEPROC,	/* the kernel's remoteproc sysfs interface */
	BACKEND_AUTO,		/* remoteproc when an imx-rproc is bound */
};

struct cli_opts {
	const char *soc_name;	/* --soc, or NULL */
	const char *mem_path;	/* --mem, default /dev/mem */
	const char *root;	/* --root, default "/" */
	bool root_given;
	bool dry_run;
	bool no_start;
	bool m_view;
	bool force;
	bool json;
	enum cli_backend backend;	/* --backend, default devmem */
	const char *rproc_instance;	/* --remoteproc N: "remoteprocN" or NULL */
	bool lib_firmware;	/* --lib-firmware: copy into /lib/firmware */
	uint32_t rpmsg_timeout_ms;	/* --rpmsg-timeout: wait for RPMsg after start */
	uint32_t poll_ms;	/* --poll: watch by polling every MS; 0: inotify */
	bool in_watch;		/* a load of watch: its line replaces the summary */
};

/* How long the remoteproc backend waits for RPMsg after a start. */
#define CLI_RPMSG_TIMEOUT_MS_DEFAULT 1000u
#define CLI_RPMSG_TIMEOUT_MS_MAX 600000u
#define CLI_POLL_MS_MAX 60000u

/* The SoC a command works on, and how it was found. */
struct cli_soc {
	const struct soc_desc *soc;
	char how[192];
};

/**
 * cli_parse_options() - argv's options into @o (getopt_long: they may come
 * anywhere, and optind ends at the first operand); --help and --version
 * are answered here. Return: -1 to go on, else the exit code to stop with.
 */
int cli_parse_options(int argc, char **argv, struct cli_opts *o);

/** cli_usage_error() - a usage error line plus GNU's "Try" line; EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** cli_parse_hex() - ADDR: hexadecimal, "0x" optional, 32 bits. */
bool cli_parse_hex(const char *s, uint32_t *out);

/** cli_parse_uint() - decimal, or hexadecimal with 0x; at most @max. */
bool cli_parse_uint(const char *s, uint32_t max, uint32_t *out);

/**
 * cli_soc_not_supported() - say why --soc @name cannot be used: a part
 * whose M core Linux cannot drive is named with its reason and the
 * alternative, anything else is an unknown SoC. Return: EXIT_SOC.
 */
int cli_soc_not_supported(const char *name);

/**
 * cli_resolve_soc() - --soc, else detection under --root. With @quiet_fail
 * nothing is printed when no SoC is found (inspect then tries them all).
 * Return: EXIT_OK or EXIT_SOC.
 */
int cli_resolve_soc(const struct cli_opts *o, struct cli_soc *cs,
		    bool quiet_fail);

/** cli_reads_system() - the remoteproc and /proc/iomem rules apply. */
bool cli_reads_system(const struct cli_opts *o);

/**
 * cli_check_remoteproc() - refuse (EXIT_SAFETY) when kernel remoteproc
 * manages the core, unless --force; @image names the firmware in the hint.
 */
int cli_check_remoteproc(const struct cli_opts *o, const struct soc_desc *soc,
			 const char *image);

/**
 * cli_warn_rproc_offline() - when an imx-rproc is bound but offline, a
 * /dev/mem load or start leaves the core running behind the kernel's back:
 * say so (a warning; the kernel's own stop made this allowed).
 */
void cli_warn_rproc_offline(const struct cli_opts *o,
			    const struct soc_desc *soc);

/**
 * cli_load_iomem() - /proc/iomem under --root when the rules apply.
 * Return: @map (read_error set when it could not be read), or NULL when
 * the rules do not apply.
 */
const struct iomem_map *cli_load_iomem(const struct cli_opts *o,
				       struct iomem_map *map);

/**
 * cli_open_mem() - open --mem; EXIT_OK or EXIT_MEM after the message.
 */
int cli_open_mem(const struct cli_opts *o, struct mem *m);

/**
 * cli_lock_timeout_ms() - how long to wait for another loader's lock:
 * M4FW_LOCK_TIMEOUT_MS, else LOCK_TIMEOUT_MS_DEFAULT; for every backend.
 */
unsigned int cli_lock_timeout_ms(void);

/**
 * cli_execute() - run @p: print it for --dry-run, else open the memory,
 * take the lock, map every window, and do it. Returns the exit code.
 */
int cli_execute(const struct cli_opts *o, const struct plan *p);

/** cli_report_problems() - one line per problem; the exit code they mean. */
int cli_report_problems(const struct plan *p);

/**
 * process_harden() - before anything is opened: fds 0-2 made valid
 * (/dev/null), SIGPIPE, SIGXFSZ, SIGTTOU and SIGTTIN ignored.
 * Return: EXIT_OK, or EXIT_MEM when /dev/null cannot be opened.
 */
int process_harden(void);

/**
 * cli_json_string() - @s as a JSON string literal on @out (RFC 8259):
 * valid UTF-8 is copied, control characters, '"' and '\\' are escaped,
 * and every byte that is not part of valid UTF-8 becomes \u00XX.
 */
void cli_json_string(FILE *out, const char *s);

#endif /* M4FW_CLI_H */
