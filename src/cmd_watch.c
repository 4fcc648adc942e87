// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * watch FILE [ADDR]: load FILE, then reload it each time it is rebuilt,
 * through whichever backend the command layer chose (the loop itself is
 * watch_loop.c). A reload is the ordinary load, which validates
 * everything before the core is held, so a file that parses but does not
 * fit is refused there and watching goes on.
 */
#include <signal.h>
#include <string.h>

#include "backend.h"
#include "commands.h"
#include "m4fw/image.h"
#include "m4fw/log.h"
#include "m4fw/watch_loop.h"

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

struct watch_ctx {
	struct backend *be;
	const char *addr;
	int (*load)(struct backend *be, const char *file, const char *addr);
};

/* The file reads and parses as an image (whether it fits: at the load). */
static int check(const char *path, bool quiet, void *p)
{
	struct watch_ctx *w = p;
	struct image img;
	uint32_t addr;
	int ret;

	log_mute(quiet);
	ret = image_read(&img, path, IMAGE_MAX_BYTES);
	if (ret)
		goto out;
	if (image_is_elf(&img)) {
		ret = image_parse_elf(&img);
	} else if (!w->addr || !cli_parse_hex(w->addr, &addr)) {
		log_error("%s is not an ELF image%s", path,
			  w->addr ? "" : " (a raw binary needs the ADDR to load it at)");
		ret = -1;
	} else {
		ret = image_parse_raw(&img, addr, w->be->o->m_view);
	}
	image_free(&img);
out:
	log_mute(false);
	return ret;
}

static int reload(const char *path, void *p)
{
	struct watch_ctx *w = p;
	int code = w->load(w->be, path, w->addr);

	switch (code) {
	case EXIT_OK:
		return 0;
	case EXIT_USAGE:
	case EXIT_IMAGE:
	case EXIT_SAFETY:
		/* refused before the core was touched */
		return WATCH_LOOP_REFUSED;
	default:
		return code;
	}
}

int cmd_watch(struct backend *be, const char *file, const char *addr,
	      int (*load)(struct backend *be, const char *file,
			  const char *addr))
{
	const struct cli_opts *o = be->o;
	struct cli_opts wo = *o;
	struct watch_ctx w = { be, addr, load };
	const struct watch_loop_ops ops = { check, reload };
	struct watch_loop_opts lo = {
		.force_poll = o->poll_ms != 0,
		.poll_ms = o->poll_ms,
	};
	struct sigaction sa, old_int, old_term, old_hup;
	int ret;

	if (strcmp(file, "-") == 0)
		return cli_usage_error("watch needs a file: standard input cannot be rebuilt");
	if (o->dry_run)
		return cli_usage_error("watch loads each build: use load --dry-run to see one");
	if (addr && !cli_parse_hex(addr, &(uint32_t){ 0 }))
		return cli_usage_error("invalid address '%s': expected a hexadecimal 32-bit address such as 0x910000",
				       addr);
	wo.in_watch = true;
	be->o = &wo;

	/* no SA_RESTART: a wait in the loop must end at once */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	ret = watch_loop_run(file, &lo, &ops, &w, &stop_requested, stdout);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	be->o = o;
	if (ret < 0)
		return EXIT_IMAGE;
	if (stop_requested)
		log_notice("stopped watching %s; the core was left as it is",
			   file);
	return ret;
}
