// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * watch FILE: the reload loop (see watch_loop.h).
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "m4fw/log.h"
#include "m4fw/watch.h"
#include "m4fw/watch_loop.h"

struct ready_ctx {
	const struct watch_loop_ops *ops;
	void *ctx;
};

static int ready_quiet(const char *path, void *p)
{
	struct ready_ctx *r = p;

	return r->ops->check(path, true, r->ctx);
}

static void stamp(FILE *out)
{
	struct timespec ts;
	struct tm tm;
	char buf[16];

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	strftime(buf, sizeof(buf), "%H:%M:%S", &tm);
	fprintf(out, "%s ", buf);
}

static long ms_since(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (b.tv_sec - a->tv_sec) * 1000 +
	       (b.tv_nsec - a->tv_nsec) / 1000000;
}

/* The reload with the stop signals held back, so it runs to its end. */
static int reload_once(const char *path, const struct watch_loop_ops *ops,
		       void *ctx, unsigned int n, FILE *out)
{
	struct timespec t0;
	sigset_t block, old;
	int code;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	code = ops->reload(path, ctx);
	stamp(out);
	if (code == WATCH_LOOP_REFUSED)
		fprintf(out, "%s refused before the hold; the running firmware stays\n",
			path);
	else if (code)
		fprintf(out, "%s: %s failed (exit %d); stopped watching\n",
			path, n ? "reload" : "load", code);
	else
		fprintf(out, "%s %s in %ld ms\n", path,
			n ? "reloaded" : "loaded", ms_since(&t0));
	fflush(out);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return code == WATCH_LOOP_REFUSED ? 0 : code;
}

static void refused(const char *path, const struct watch_loop_ops *ops,
		    void *ctx, FILE *out)
{
	/* now say why, once */
	ops->check(path, false, ctx);
	stamp(out);
	fprintf(out, "%s refused before the hold; the running firmware stays\n",
		path);
	fflush(out);
}

int watch_loop_run(const char *path, const struct watch_loop_opts *opts,
		   const struct watch_loop_ops *ops, void *ctx,
		   volatile sig_atomic_t *stop, FILE *out)
{
	struct ready_ctx rc = { ops, ctx };
	unsigned int n = 0;
	struct watch w;
	int ret = 0;

	ret = watch_open(&w, path, opts->force_poll, opts->poll_ms);
	if (ret) {
		log_error("cannot watch %s: %s", path, strerror(-ret));
		return ret;
	}
	if (opts->settle_ms)
		w.settle_ms = opts->settle_ms;
	if (opts->grace_ms)
		w.grace_ms = opts->grace_ms;
	if (w.polling)
		log_notice("watching %s by polling every %u ms (%s)", path,
			   w.poll_ms, w.poll_why);
	/* load now: the file as it is, if it is usable */
	if (!w.last.present) {
		stamp(out);
		fprintf(out, "%s does not exist yet; waiting for it\n", path);
		fflush(out);
	} else if (ops->check(path, false, ctx)) {
		refused(path, ops, ctx, out);
	} else {
		ret = reload_once(path, ops, ctx, n++, out);
		if (ret)
			goto out_close;
	}
	for (;;) {
		switch (watch_next(&w, ready_quiet, &rc, -1, stop)) {
		case WATCH_READY:
			ret = reload_once(path, ops, ctx, n++, out);
			if (ret)
				goto out_close;
			break;
		case WATCH_BROKEN:
			refused(path, ops, ctx, out);
			break;
		case WATCH_GONE:
			stamp(out);
			fprintf(out, "%s deleted; waiting for it to come back\n",
				path);
			fflush(out);
			break;
		case WATCH_STOPPED:
		case WATCH_TIMEOUT:
			ret = 0;
			goto out_close;
		}
	}
out_close:
	watch_close(&w);
	return ret;
}
