// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Watching a firmware file for rebuilds (see watch.h for the why).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "m4fw/watch.h"

/* Upper bound on one sleep, so that *stop is seen promptly. */
#define WATCH_TICK_MS 100
/* Even with inotify, look now and then: events can be lost (overflow). */
#define WATCH_SAFETY_MS 1000

/* statfs(2) f_type values (linux/magic.h) */
#define NFS_SUPER_MAGIC		0x6969
#define SMB_SUPER_MAGIC		0x517b
#define CIFS_SUPER_MAGIC	0xff534d42
#define SMB2_SUPER_MAGIC	0xfe534d42
#define FUSE_SUPER_MAGIC	0x65735546
#define V9FS_MAGIC		0x01021997

const char *watch_fs_needs_poll(long f_type)
{
	switch ((unsigned long)f_type & 0xffffffffu) {
	case NFS_SUPER_MAGIC:
		return "NFS";
	case SMB_SUPER_MAGIC:
	case CIFS_SUPER_MAGIC:
	case SMB2_SUPER_MAGIC:
		return "SMB";
	case FUSE_SUPER_MAGIC:
		return "FUSE (sshfs)";
	case V9FS_MAGIC:
		return "9p";
	default:
		return NULL;
	}
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void identify(const char *path, struct watch_id *id)
{
	struct stat st;

	memset(id, 0, sizeof(*id));
	if (stat(path, &st))
		return;
	id->present = true;
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	id->size = st.st_size;
	id->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 +
		       st.st_mtim.tv_nsec;
}

static bool same_id(const struct watch_id *a, const struct watch_id *b)
{
	if (a->present != b->present)
		return false;
	if (!a->present)
		return true;
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime_ns == b->mtime_ns;
}

static void split_path(struct watch *w, const char *path)
{
	const char *slash = strrchr(path, '/');

	snprintf(w->path, sizeof(w->path), "%s", path);
	if (!slash) {
		snprintf(w->dir, sizeof(w->dir), ".");
		snprintf(w->base, sizeof(w->base), "%s", path);
	} else {
		snprintf(w->dir, sizeof(w->dir), "%.*s",
			 slash == path ? 1 : (int)(slash - path), path);
		snprintf(w->base, sizeof(w->base), "%s", slash + 1);
	}
}

int watch_open(struct watch *w, const char *path, bool force_poll,
	       unsigned int poll_ms)
{
	struct statfs sfs;
	struct stat st;

	memset(w, 0, sizeof(*w));
	w->ifd = -1;
	w->wd = -1;
	w->poll_ms = poll_ms ? poll_ms : WATCH_POLL_MS_DEFAULT;
	w->settle_ms = WATCH_SETTLE_MS_DEFAULT;
	w->grace_ms = WATCH_GRACE_MS_DEFAULT;
	if (strlen(path) >= sizeof(w->path) || !*path)
		return -ENAMETOOLONG;
	split_path(w, path);
	if (!*w->base)
		return -EISDIR;
	if (stat(w->dir, &st))
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	identify(w->path, &w->last);

	w->polling = true;
	if (force_poll) {
		w->poll_why = "requested";
	} else if (!statfs(w->dir, &sfs) && watch_fs_needs_poll(sfs.f_type)) {
		w->poll_why = watch_fs_needs_poll(sfs.f_type);
	} else {
		w->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (w->ifd >= 0)
			w->wd = inotify_add_watch(w->ifd, w->dir,
						  IN_CLOSE_WRITE | IN_MODIFY |
						  IN_MOVED_TO | IN_MOVED_FROM |
						  IN_CREATE | IN_DELETE |
						  IN_ATTRIB | IN_DELETE_SELF |
						  IN_MOVE_SELF | IN_ONLYDIR);
		if (w->ifd >= 0 && w->wd >= 0) {
			w->polling = false;
		} else {
			w->poll_why = "inotify unavailable";
			if (w->ifd >= 0)
				close(w->ifd);
			w->ifd = -1;
		}
	}
	return 0;
}

void watch_close(struct watch *w)
{
	if (w->ifd >= 0)
		close(w->ifd);
	w->ifd = -1;
}

/* Drain inotify; true when an event named the file or the directory went. */
static bool drain(struct watch *w)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool hit = false;
	ssize_t n;

	while ((n = read(w->ifd, buf, sizeof(buf))) > 0) {
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const void *)p;

			/* the file, or the directory itself went away */
			if ((ev->mask & (IN_Q_OVERFLOW | IN_DELETE_SELF |
					 IN_MOVE_SELF | IN_IGNORED)) ||
			    (ev->len && !strcmp(ev->name, w->base)))
				hit = true;
			p += sizeof(*ev) + ev->len;
		}
	}
	return hit;
}

/* Sleep until something may have changed, at most @ms. */
static void sleep_some(struct watch *w, int ms)
{
	struct pollfd pfd = { .fd = w->ifd, .events = POLLIN };

	if (ms > WATCH_TICK_MS)
		ms = WATCH_TICK_MS;
	if (ms < 0)
		ms = 0;
	if (w->ifd < 0) {
		poll(NULL, 0, ms);
		return;
	}
	if (poll(&pfd, 1, ms) > 0)
		drain(w);
}

static bool stopped(const volatile sig_atomic_t *stop)
{
	return stop && *stop;
}

enum watch_event watch_next(struct watch *w, watch_ready_fn ready, void *ctx,
			    int timeout_ms, volatile sig_atomic_t *stop)
{
	int64_t start = now_ms(), last_look = 0, changed_at = 0, refused_at = 0;
	struct watch_id cur, refused = { 0 };
	bool settling = false;
	unsigned int every = w->polling ? w->poll_ms : WATCH_SAFETY_MS;

	for (;;) {
		int64_t t = now_ms();

		if (stopped(stop))
			return WATCH_STOPPED;
		if (timeout_ms >= 0 && t - start >= timeout_ms)
			return WATCH_TIMEOUT;
		/*
		 * With inotify, look at every wake-up (an event or a tick);
		 * when polling, only every poll_ms, to keep network file
		 * systems quiet.
		 */
		if (!w->polling || settling || t - last_look >= every) {
			last_look = t;
			identify(w->path, &cur);
			if (!same_id(&cur, &w->last)) {
				w->last = cur;
				changed_at = t;
				settling = cur.present;
				if (!cur.present)
					return WATCH_GONE;
			} else if (settling &&
				   t - changed_at >= w->settle_ms) {
				settling = false;
				if (refused_at && same_id(&cur, &refused))
					goto refused_still;
				if (!ready(w->path, ctx))
					return WATCH_READY;
				/* maybe half-written: give the writer time */
				refused = cur;
				refused_at = t;
			}
		}
refused_still:
		if (refused_at && !settling &&
		    now_ms() - refused_at >= w->grace_ms)
			return WATCH_BROKEN;
		sleep_some(w, settling ? (int)w->settle_ms / 4 + 1 :
				w->polling ? (int)every : WATCH_SAFETY_MS);
	}
}
