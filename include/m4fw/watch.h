/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Waiting for a firmware file to be rebuilt.
 *
 * Build tools replace their output in two ways: rewritten in place
 * (truncate, write, close: one inode) or written elsewhere and renamed
 * over it (a new inode; an inotify watch on the old file would never hear
 * of it). So the directory is watched, and every wake-up compares the
 * file's identity (device, inode, size, mtime) with the last one seen.
 * Build outputs often live on NFS or sshfs, where inotify hears nothing of
 * writes made by another machine: there the same comparison runs on a
 * timer instead (also on request, and when inotify is not available).
 *
 * A change is reported only once the file has stopped changing for a
 * settle time and the caller's readiness check (read it, parse it)
 * accepts it; a file that stays unacceptable for a grace time is
 * reported as broken, so that a half-written file is waited for and a
 * broken build is refused.
 */
#ifndef M4FW_WATCH_H
#define M4FW_WATCH_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define WATCH_POLL_MS_DEFAULT	500
#define WATCH_SETTLE_MS_DEFAULT	200
#define WATCH_GRACE_MS_DEFAULT	2000

struct watch_id {
	bool present;
	dev_t dev;
	ino_t ino;
	off_t size;
	int64_t mtime_ns;
};

struct watch {
	char path[4096];
	char dir[4096];
	char base[256];
	int ifd;		/* inotify descriptor, -1 when polling */
	int wd;
	bool polling;
	const char *poll_why;	/* "NFS", "requested", ... */
	unsigned int poll_ms;
	unsigned int settle_ms;
	unsigned int grace_ms;
	struct watch_id last;	/* what the caller last accepted or saw */
};

enum watch_event {
	WATCH_READY,		/* changed, stable, and the check accepts it */
	WATCH_BROKEN,		/* changed, stable, and the check refuses it */
	WATCH_GONE,		/* the file was deleted (reported once) */
	WATCH_STOPPED,		/* *stop became non-zero */
	WATCH_TIMEOUT,		/* nothing within the caller's timeout */
};

/* Return 0 when the file at @path is complete and usable. */
typedef int (*watch_ready_fn)(const char *path, void *ctx);

/**
 * watch_open() - start watching @path (its directory must exist). The
 * file's current state counts as seen. @force_poll uses the timer even
 * where inotify would work; network and FUSE file systems always do.
 * Return: 0 or -errno.
 */
int watch_open(struct watch *w, const char *path, bool force_poll,
	       unsigned int poll_ms);

/**
 * watch_next() - wait for the next change of the file, then for it to
 * settle and pass @ready. Ends early when *@stop becomes non-zero (checked
 * at least every 100 ms), or after @timeout_ms (negative: never).
 */
enum watch_event watch_next(struct watch *w, watch_ready_fn ready, void *ctx,
			    int timeout_ms, volatile sig_atomic_t *stop);

/** watch_close() - release the inotify descriptor. */
void watch_close(struct watch *w);

/** watch_fs_needs_poll() - the name of a file system type inotify cannot
 * see remote writes on (NFS, SMB, FUSE, 9p), or NULL. */
const char *watch_fs_needs_poll(long f_type);

#endif /* M4FW_WATCH_H */
