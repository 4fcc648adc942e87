// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The command line's words: the options (into struct cli_opts), --help
 * and --version, the numbers commands take (ADDR, VQID, LEN) and the
 * usage error. Nothing here touches the system.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "m4fw/log.h"
#include "m4fw/soc.h"

#ifndef M4FW_VERSION
#define M4FW_VERSION "unknown"
#endif

static void print_help(void)
{
	printf("Usage: " M4FW_PROG " [OPTION]... FILE [ADDR]\n"
	       "  or:  " M4FW_PROG " [OPTION]... load FILE [ADDR]\n"
	       "  or:  " M4FW_PROG " [OPTION]... start | stop | restart | status\n"
	       "  or:  " M4FW_PROG " [OPTION]... kick VQID\n"
	       "  or:  " M4FW_PROG " [OPTION]... inspect FILE [ADDR]\n"
	       "  or:  " M4FW_PROG " [OPTION]... dump REGION OUTFILE\n"
	       "  or:  " M4FW_PROG " [OPTION]... dump ADDR LEN OUTFILE\n"
	       "  or:  " M4FW_PROG " [OPTION]... watch FILE [ADDR]\n"
	       "Load firmware into the Cortex-M core of an i.MX SoC through /dev/mem\n"
	       "and start it, without rebooting Linux.\n"
	       "\n"
	       "FILE is an ELF executable (each segment goes to its own load address)\n"
	       "or a raw binary, which is copied to ADDR: a hexadecimal A-core physical\n"
	       "address, with or without 0x (910000 means 0x910000). FILE - is standard\n"
	       "input.\n"
	       "\n"
	       "Commands:\n"
	       "  load FILE [ADDR]   stop the core, load FILE, verify, start it (the default)\n"
	       "  stop               hold the core in reset\n"
	       "  start              release the core (the boot vector is checked first)\n"
	       "  restart            stop, then start the same image\n"
	       "  status             the core's state; exit 0 running, 3 otherwise\n"
	       "  kick VQID          notify the firmware through the Messaging Unit\n"
	       "  inspect FILE [ADDR]  explain what a load would do; no hardware needed\n"
	       "  dump REGION OUTFILE  copy a memory (tcml, ocram, ...) out to OUTFILE\n"
	       "  dump ADDR LEN OUTFILE  copy LEN bytes at ADDR out (- is stdout)\n"
	       "  watch FILE [ADDR]  load FILE, then reload it each time it is rebuilt\n"
	       "\n"
	       "Options:\n"
	       "  -s, --soc=NAME     the SoC: %s;\n"
	       "                       default: detected\n"
	       "  -m, --mem=PATH     physical memory: /dev/mem (default) or a regular file\n"
	       "                       in which byte offset N stands for address N\n"
	       "      --root=DIR     read /sys and /proc under DIR (default /)\n"
	       "  -n, --dry-run      print every operation a real run would do; write nothing\n"
	       "      --no-start     load and verify, but leave the core held in reset\n"
	       "      --m-view       ADDR is an address as the M core sees it\n"
	       "      --backend=KIND devmem (default): registers and memory through /dev/mem;\n"
	       "                       remoteproc: the kernel's remoteproc sysfs interface;\n"
	       "                       auto: remoteproc when an imx-rproc is bound\n"
	       "      --remoteproc=N use /sys/class/remoteproc/remoteprocN (remoteproc backend)\n"
	       "      --lib-firmware copy the image into /lib/firmware (remoteproc backend)\n"
	       "      --rpmsg-timeout=MS  after a start, wait up to MS ms for the RPMsg\n"
	       "                       device and channels (remoteproc backend; default 1000)\n"
	       "      --poll=MS      watch: look at FILE every MS ms instead of using inotify\n"
	       "  -f, --force        go ahead where remoteproc owns the core, Linux uses the\n"
	       "                       memory, or the boot vector looks wrong\n"
	       "      --json         machine-readable output for status and inspect\n"
	       "  -v, --verbose      say what is done; twice: every register and memory access\n"
	       "  -q, --quiet        print errors only\n"
	       "  -h, --help         display this help and exit\n"
	       "  -V, --version      output version information and exit\n"
	       "\n"
	       "Exit status: 0 success (status: running), 1 the hardware did not do what\n"
	       "was asked, 2 usage error, 3 status: core not running, 4 physical memory\n"
	       "not accessible, 5 image rejected, 6 refused by a safety rule, 7 SoC\n"
	       "unknown or not controllable from Linux.\n"
	       "\n"
	       "Full documentation: man " M4FW_PROG "\n",
	       soc_names());
}

static void print_version(void)
{
	printf(M4FW_PROG " " M4FW_VERSION "\n"
	       "License GPL-2.0-or-later: GNU GPL version 2 or later.\n"
	       "This is free software: you are free to change and redistribute it.\n"
	       "There is NO WARRANTY, to the extent permitted by law.\n");
}

int cli_usage_error(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, M4FW_PROG ": %s\n"
		"Try '" M4FW_PROG " --help' for more information.\n", msg);
	return EXIT_USAGE;
}

bool cli_parse_hex(const char *s, uint32_t *out)
{
	unsigned long long v = 0;
	size_t digits = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; *s; s++, digits++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return false;
		v = v * 16 + (unsigned int)d;
		if (v > UINT32_MAX)
			return false;
	}
	if (digits == 0)
		return false;
	*out = (uint32_t)v;
	return true;
}

bool cli_parse_uint(const char *s, uint32_t max, uint32_t *out)
{
	unsigned long long v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return cli_parse_hex(s, out) && *out <= max;
	if (!*s)
		return false;
	/* Decimal: a leading 0 is not octal here. */
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (unsigned int)(*s - '0');
		if (v > max)
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

enum long_only_option {
	OPT_NO_START = 256,
	OPT_M_VIEW,
	OPT_ROOT,
	OPT_JSON,
	OPT_BACKEND,
	OPT_REMOTEPROC,
	OPT_LIB_FIRMWARE,
	OPT_RPMSG_TIMEOUT,
	OPT_POLL,
};

static const struct option long_options[] = {
	{ "soc", required_argument, NULL, 's' },
	{ "mem", required_argument, NULL, 'm' },
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "no-start", no_argument, NULL, OPT_NO_START },
	{ "force", no_argument, NULL, 'f' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "backend", required_argument, NULL, OPT_BACKEND },
	{ "remoteproc", required_argument, NULL, OPT_REMOTEPROC },
	{ "lib-firmware", no_argument, NULL, OPT_LIB_FIRMWARE },
	{ "rpmsg-timeout", required_argument, NULL, OPT_RPMSG_TIMEOUT },
	{ "poll", required_argument, NULL, OPT_POLL },
	{ "m-view", no_argument, NULL, OPT_M_VIEW },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

int cli_parse_options(int argc, char **argv, struct cli_opts *o)
{
	int verbose = 0;
	bool quiet = false;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:m:nfvqhV", long_options,
				NULL)) != -1) {
		switch (c) {
		case 's':
			o->soc_name = optarg;
			break;
		case 'm':
			o->mem_path = optarg;
			break;
		case OPT_ROOT:
			o->root = optarg;
			o->root_given = true;
			break;
		case 'n':
			o->dry_run = true;
			break;
		case 'f':
			o->force = true;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_BACKEND:
			if (strcmp(optarg, "devmem") == 0)
				o->backend = BACKEND_DEVMEM;
			else if (strcmp(optarg, "remoteproc") == 0)
				o->backend = BACKEND_REMOTEPROC;
			else if (strcmp(optarg, "auto") == 0)
				o->backend = BACKEND_AUTO;
			else
				return cli_usage_error("invalid --backend '%s': devmem, remoteproc or auto",
						       optarg);
			break;
		case OPT_REMOTEPROC:
			o->rproc_instance = optarg;
			break;
		case OPT_LIB_FIRMWARE:
			o->lib_firmware = true;
			break;
		case OPT_RPMSG_TIMEOUT:
			if (!cli_parse_uint(optarg, CLI_RPMSG_TIMEOUT_MS_MAX,
					    &o->rpmsg_timeout_ms))
				return cli_usage_error("invalid --rpmsg-timeout '%s': milliseconds, 0 to %u",
						       optarg,
						       CLI_RPMSG_TIMEOUT_MS_MAX);
			break;
		case OPT_POLL:
			if (!cli_parse_uint(optarg, CLI_POLL_MS_MAX,
					    &o->poll_ms) || o->poll_ms == 0)
				return cli_usage_error("invalid --poll '%s': milliseconds, 1 to %u",
						       optarg, CLI_POLL_MS_MAX);
			break;
		case OPT_NO_START:
			o->no_start = true;
			break;
		case OPT_M_VIEW:
			o->m_view = true;
			break;
		case 'v':
			verbose++;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			print_help();
			return EXIT_OK;
		case 'V':
			print_version();
			return EXIT_OK;
		case ':':
			return cli_usage_error("option '%s' requires an argument",
					       argv[optind - 1]);
		default:
			if (optopt)
				return cli_usage_error("invalid option -- '%c'",
						       optopt);
			return cli_usage_error("unrecognized option '%s'",
					       argv[optind - 1]);
		}
	}
	if (quiet && verbose)
		return cli_usage_error("--quiet and --verbose exclude each other");
	log_set_level(quiet ? LOG_QUIET :
		      verbose >= 2 ? LOG_ACCESS :
		      verbose == 1 ? LOG_VERBOSE : LOG_NORMAL);
	return -1;
}
