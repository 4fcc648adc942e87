/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The loop of `m4fwloader watch FILE`: load now, then reload each time
 * FILE is rebuilt, with whichever backend the caller's callbacks use.
 *
 * A file is only ever loaded after the caller's check (read and parse,
 * judge it against the SoC) accepts it, so a broken build is refused
 * before the core is held and the firmware already running stays. While
 * a reload runs, SIGINT, SIGTERM and SIGHUP are blocked: Ctrl-C never
 * interrupts a hold sequence half-way; it ends the loop between reloads,
 * and the core is not touched on the way out.
 */
#ifndef M4FW_WATCH_LOOP_H
#define M4FW_WATCH_LOOP_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#define WATCH_LOOP_REFUSED (-1)

struct watch_loop_ops {
	/*
	 * Read and judge the file: 0 when it can be loaded. Quiet: say
	 * nothing (the file may still be being written).
	 */
	int (*check)(const char *path, bool quiet, void *ctx);
	/*
	 * Load it: 0; WATCH_LOOP_REFUSED when it was refused before the core
	 * was touched (it does not fit, a safety rule: watching goes on); or
	 * the exit code of a failure, which ends the loop.
	 */
	int (*reload)(const char *path, void *ctx);
};

struct watch_loop_opts {
	bool force_poll;
	unsigned int poll_ms;	/* 0: WATCH_POLL_MS_DEFAULT */
	unsigned int settle_ms;	/* 0: WATCH_SETTLE_MS_DEFAULT */
	unsigned int grace_ms;	/* 0: WATCH_GRACE_MS_DEFAULT */
};

/**
 * watch_loop_run() - watch @path until *@stop; one line on @out per
 * event ("HH:MM:SS loaded fw.elf in 12 ms", "... refused: ...",
 * "... deleted ...").
 * Return: 0 when stopped; -errno when @path cannot be watched (one error
 * line said why); or the positive exit code a failed reload returned.
 */
int watch_loop_run(const char *path, const struct watch_loop_opts *opts,
		   const struct watch_loop_ops *ops, void *ctx,
		   volatile sig_atomic_t *stop, FILE *out);

#endif /* M4FW_WATCH_LOOP_H */
