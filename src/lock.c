// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The exclusive lock that keeps two loaders from interleaving their writes.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "m4fw/lock.h"
#include "m4fw/log.h"

#define LOCK_POLL_MS 10

static int try_lock(int fd)
{
	struct flock fl = {
		.l_type = F_WRLCK,
		.l_whence = SEEK_SET,
	};

	return fcntl(fd, F_SETLK, &fl) == 0 ? 0 : -errno;
}

static pid_t lock_owner(int fd)
{
	struct flock fl = {
		.l_type = F_WRLCK,
		.l_whence = SEEK_SET,
	};

	if (fcntl(fd, F_GETLK, &fl) < 0 || fl.l_type == F_UNLCK)
		return 0;
	return fl.l_pid > 0 ? fl.l_pid : 0;
}

/*
 * A lock file is ours when it is a regular file with one name, owned by
 * us and writable by nobody else. Anything else at the path was planted
 * (a symbolic or hard link to a file of the attacker's choosing, a file
 * another user made in world-writable /run/lock to hold the lock).
 */
static int check_lock_file(int fd, const char **why)
{
	struct stat st;

	if (fstat(fd, &st) < 0) {
		*why = "cannot be examined";
		return -errno;
	}
	if (!S_ISREG(st.st_mode)) {
		*why = "is not a regular file";
		return -EPERM;
	}
	if (st.st_nlink != 1) {
		*why = "has another name (a hard link)";
		return -EMLINK;
	}
	if (st.st_uid != geteuid()) {
		*why = "belongs to another user";
		return -EPERM;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		*why = "is writable by other users";
		return -EPERM;
	}
	/*
	 * Nobody else may even open it: a read lock needs only read access,
	 * and would keep us waiting. Older versions made it 0644, so another
	 * user may hold it open already: root makes a new one (a new inode)
	 * rather than changing the mode of one that others may have open.
	 */
	if (st.st_mode & 077) {
		*why = "could be opened by other users";
		if (geteuid() == 0)
			return -EPERM;
		if (fchmod(fd, 0600) < 0)
			return -errno;
	}
	return 0;
}

/* A link, or another user's file, at @path (not followed). */
static bool foreign_entry(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 &&
	       (S_ISLNK(st.st_mode) || st.st_uid != geteuid());
}

/*
 * Move a planted directory out of the way. rmdir() for an empty one; a
 * full one is renamed aside (its contents are another user's business,
 * and a recursive removal as root is what an attacker would want).
 */
static int remove_planted_dir(const char *path)
{
	char aside[PATH_MAX];

	if (rmdir(path) == 0 || errno == ENOENT)
		return 0;
	if (snprintf(aside, sizeof(aside), "%s.planted.%ld", path,
		     (long)getpid()) >= (int)sizeof(aside))
		return -ENAMETOOLONG;
	return rename(path, aside) < 0 && errno != ENOENT ? -errno : 0;
}

/*
 * Open the lock file @path without ever following a link. Root removes
 * what was planted there (unlink() acts on the name, never on a link's
 * target; a directory is moved aside) and makes its own with O_EXCL;
 * another user is refused. A file that appears between the removal and
 * the O_EXCL create is another loader's: it is opened again and checked,
 * never removed on sight.
 */
static int open_lock_file(const char *path)
{
	int flags = O_RDWR | O_CREAT | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK |
		    O_CLOEXEC;

	int ret = -EEXIST;

	for (int tries = 0; tries < 4; tries++) {
		const char *why = "is a symbolic link";
		int fd = open(path, flags, 0600);

		if (fd >= 0) {
			ret = check_lock_file(fd, &why);
			if (!ret)
				return fd;
			close(fd);
		} else {
			ret = -errno;
			if (ret == -EEXIST) {
				flags &= ~O_EXCL;
				continue;
			}
			/*
			 * EACCES for root: fs.protected_regular refusing
			 * another user's file or link in a sticky directory.
			 * EISDIR: a directory. Either one of our own there is
			 * a real error to report, not something planted.
			 */
			if (ret == -EACCES || ret == -EISDIR) {
				if (!foreign_entry(path))
					return ret;
				why = ret == -EACCES ? "belongs to another user" :
				      "is another user's directory";
			} else if (ret != -ELOOP) {
				return ret;
			}
		}
		if (geteuid() != 0)
			return ret;
		log_warn("%s %s: not made by m4fwloader; removing it", path,
			 why);
		if (ret == -EISDIR)
			ret = remove_planted_dir(path);
		else if (unlink(path) < 0 && errno != ENOENT)
			ret = -errno;
		else
			ret = 0;
		if (ret)
			return ret;
		flags |= O_EXCL;
	}
	return ret;
}

/*
 * The lock is on an inode, the agreement is on a name: a lock taken on a
 * file that another root loader has since unlinked (it replaced an old or
 * planted one) excludes nobody. Still linked at @path, or try again.
 */
static bool still_at_path(int fd, const char *path)
{
	struct stat by_fd, by_path;

	return fstat(fd, &by_fd) == 0 && lstat(path, &by_path) == 0 &&
	       by_fd.st_dev == by_path.st_dev &&
	       by_fd.st_ino == by_path.st_ino && by_fd.st_nlink > 0;
}

int lock_acquire(struct lock *l, int fd, const char *path,
		 unsigned int timeout_ms, pid_t *holder)
{
	unsigned int waited_ms = 0;
	int ret;

	l->own_fd = fd < 0;
	l->fd = -1;
	*holder = 0;
	if (l->own_fd) {
		fd = open_lock_file(path);
		if (fd < 0)
			return fd;
	}
	for (;;) {
		ret = try_lock(fd);
		if (!ret && l->own_fd && !still_at_path(fd, path)) {
			/* Replaced while we waited: lock the file there now. */
			close(fd);
			fd = open_lock_file(path);
			if (fd < 0)
				return fd;
		} else if (ret != -EAGAIN && ret != -EACCES) {
			break;
		}
		if (waited_ms >= timeout_ms) {
			*holder = lock_owner(fd);
			ret = -ETIMEDOUT;
			break;
		}
		struct timespec ts = { 0, LOCK_POLL_MS * 1000000L };

		nanosleep(&ts, NULL);
		waited_ms += LOCK_POLL_MS;
	}
	if (ret && l->own_fd)
		close(fd);
	l->fd = ret ? -1 : fd;
	return ret;
}

const char *lock_default_path(void)
{
	static const char *const paths[] = {
		LOCK_FILE_DEFAULT,
		"/run/m4fwloader.lock",
		"/tmp/m4fwloader.lock",
	};
	struct stat st;

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		char dir[64];

		snprintf(dir, sizeof(dir), "%s", paths[i]);
		*strrchr(dir, '/') = '\0';
		if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
			return paths[i];
	}
	return LOCK_FILE_DEFAULT;
}

void lock_release(struct lock *l)
{
	struct flock fl = {
		.l_type = F_UNLCK,
		.l_whence = SEEK_SET,
	};

	if (l->fd < 0)
		return;
	fcntl(l->fd, F_SETLK, &fl);
	if (l->own_fd)
		close(l->fd);
	l->fd = -1;
}

const char *lock_holder_name(pid_t pid)
{
	static char name[64];
	char path[64];
	FILE *f;

	name[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return name;
	if (fgets(name, sizeof(name), f))
		name[strcspn(name, "\n")] = '\0';
	fclose(f);
	return name;
}
