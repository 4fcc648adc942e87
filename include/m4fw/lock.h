/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One loader at a time: an exclusive POSIX record lock, on the memory file
 * itself when memory is a regular file, else on a lock file under
 * /run/lock. A record lock (not flock) because F_GETLK names the holder.
 *
 * /run/lock is writable by everyone, so the lock file is opened without
 * following links and must be ours: a regular file with one name, mode
 * 0600 (a read lock needs only read access, so nobody else may open it).
 * Root replaces anything planted there (a directory is moved aside);
 * another user is refused. A lock taken on a file that was replaced
 * meanwhile is let go and taken again on the file now at the path.
 */
#ifndef M4FW_LOCK_H
#define M4FW_LOCK_H

#include <stdbool.h>
#include <sys/types.h>

#define LOCK_FILE_DEFAULT "/run/lock/m4fwloader.lock"
#define LOCK_TIMEOUT_MS_DEFAULT 5000

struct lock {
	int fd;
	bool own_fd;	/* opened here (lock file), closed on release */
};

/**
 * lock_acquire() - lock @fd if it is >= 0, else the file @path (created if
 * needed); wait at most @timeout_ms for another holder to let go.
 * @holder: the holder's pid when the wait times out (0 if unknown).
 *
 * Return: 0; -ETIMEDOUT when still held by another process; -ELOOP,
 * -EMLINK, -EISDIR or -EPERM when something planted at @path is not removed (not
 * root); -errno.
 */
int lock_acquire(struct lock *l, int fd, const char *path,
		 unsigned int timeout_ms, pid_t *holder);

/**
 * lock_default_path() - LOCK_FILE_DEFAULT, or the same name in /run or /tmp
 * on a minimal root file system without /run/lock.
 */
const char *lock_default_path(void);

/** lock_release() - let go (closing the lock file if it was opened here). */
void lock_release(struct lock *l);

/** lock_holder_name() - the command name of @pid, or "" ; static storage. */
const char *lock_holder_name(pid_t pid);

#endif /* M4FW_LOCK_H */
