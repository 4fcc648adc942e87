// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Path resolution confined to a root directory (see rootfs.h for why).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "m4fw/rootfs.h"

#define PATH_BYTES 4096

struct walk {
	int rootfd;
	struct stat root_st;
	int cur;		/* O_PATH directory we are in */
	char rest[PATH_BYTES];	/* what is left to resolve */
	unsigned int links;
};

static void set_cur(struct walk *w, int fd)
{
	if (w->cur != w->rootfd)
		close(w->cur);
	w->cur = fd;
}

static bool at_root(const struct walk *w)
{
	struct stat st;

	if (w->cur == w->rootfd)
		return true;
	if (fstat(w->cur, &st))
		return false;
	return st.st_dev == w->root_st.st_dev && st.st_ino == w->root_st.st_ino;
}

/* Take the next component of w->rest into @name; false when none is left. */
static bool next_name(struct walk *w, char *name, size_t size, bool *last)
{
	char *p = w->rest, *slash;
	size_t len;

	while (*p == '/')
		p++;
	if (!*p)
		return false;
	slash = strchr(p, '/');
	len = slash ? (size_t)(slash - p) : strlen(p);
	if (len >= size)
		len = size - 1;
	memcpy(name, p, len);
	name[len] = '\0';
	p += slash ? (size_t)(slash - p) : strlen(p);
	while (*p == '/')
		p++;
	*last = !*p;
	memmove(w->rest, p, strlen(p) + 1);
	return true;
}

/* Replace the component just taken by the link's target. */
static int splice_link(struct walk *w, const char *name)
{
	char target[PATH_BYTES], joined[PATH_BYTES];
	ssize_t n;

	if (++w->links > ROOTFS_MAX_LINKS)
		return -ELOOP;
	n = readlinkat(w->cur, name, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = '\0';
	if ((size_t)snprintf(joined, sizeof(joined), "%s/%s", target,
			     w->rest) >= sizeof(joined))
		return -ENAMETOOLONG;
	memcpy(w->rest, joined, sizeof(joined));
	if (target[0] == '/')
		set_cur(w, w->rootfd);
	return 0;
}

/*
 * Walk w->rest. The last component is opened with @flags; it is followed
 * when it is a link unless @nofollow_last, in which case an O_PATH
 * descriptor of the directory holding it is returned and @last_name set.
 */
static int walk(struct walk *w, int flags, bool nofollow_last,
		char *last_name, size_t last_size)
{
	char name[256];
	bool last = true;
	int fd, ret;

	while (next_name(w, name, sizeof(name), &last)) {
		struct stat st;

		if (!strcmp(name, "."))
			continue;
		if (!strcmp(name, "..")) {
			if (at_root(w))
				continue;
			fd = openat(w->cur, "..",
				    O_PATH | O_DIRECTORY | O_CLOEXEC);
			if (fd < 0)
				return -errno;
			set_cur(w, fd);
			continue;
		}
		if (last && nofollow_last) {
			snprintf(last_name, last_size, "%s", name);
			return w->cur == w->rootfd ?
				fcntl(w->cur, F_DUPFD_CLOEXEC, 0) : w->cur;
		}
		if (fstatat(w->cur, name, &st, AT_SYMLINK_NOFOLLOW))
			return -errno;
		if (S_ISLNK(st.st_mode)) {
			ret = splice_link(w, name);
			if (ret)
				return ret;
			continue;
		}
		if (!last) {
			fd = openat(w->cur, name, O_PATH | O_DIRECTORY |
				    O_NOFOLLOW | O_CLOEXEC);
			if (fd < 0)
				return -errno;
			set_cur(w, fd);
			continue;
		}
		fd = openat(w->cur, name, flags | O_NOFOLLOW | O_CLOEXEC);
		return fd < 0 ? -errno : fd;
	}
	/* nothing left: the path named the directory we are in */
	if (nofollow_last)
		return -EINVAL;
	fd = openat(w->cur, ".", flags | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

static int walk_begin(struct walk *w, const char *root, const char *path)
{
	memset(w, 0, sizeof(*w));
	if (strlen(path) >= sizeof(w->rest))
		return -ENAMETOOLONG;
	w->rootfd = open(root && *root ? root : "/",
			 O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (w->rootfd < 0)
		return -errno;
	if (fstat(w->rootfd, &w->root_st)) {
		close(w->rootfd);
		return -errno;
	}
	w->cur = w->rootfd;
	snprintf(w->rest, sizeof(w->rest), "%s", path);
	return 0;
}

static void walk_end(struct walk *w, int keep)
{
	if (w->cur != w->rootfd && w->cur != keep)
		close(w->cur);
	close(w->rootfd);
}

int rootfs_open(const char *root, const char *path, int flags)
{
	struct walk w;
	int fd;

	fd = walk_begin(&w, root, path);
	if (fd)
		return fd;
	fd = walk(&w, flags, false, NULL, 0);
	walk_end(&w, fd);
	return fd;
}

ssize_t rootfs_read(const char *root, const char *path, char *buf,
		    size_t size)
{
	struct stat st;
	ssize_t n, total = 0;
	int fd;

	if (!size)
		return -EINVAL;
	buf[0] = '\0';
	fd = rootfs_open(root, path, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	while ((size_t)total < size - 1) {
		n = read(fd, buf + total, size - 1 - (size_t)total);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		total += n;
	}
	close(fd);
	buf[total] = '\0';
	return total;
}

ssize_t rootfs_readlink(const char *root, const char *path, char *buf,
			size_t size)
{
	char name[256];
	struct walk w;
	ssize_t n;
	int dirfd;

	if (!size)
		return -EINVAL;
	dirfd = walk_begin(&w, root, path);
	if (dirfd)
		return dirfd;
	dirfd = walk(&w, 0, true, name, sizeof(name));
	if (dirfd < 0) {
		walk_end(&w, -1);
		return dirfd;
	}
	n = readlinkat(dirfd, name, buf, size - 1);
	n = n < 0 ? -errno : n;
	if (dirfd != w.cur)
		close(dirfd);
	walk_end(&w, -1);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

DIR *rootfs_opendir(const char *root, const char *path)
{
	DIR *d;
	int fd;

	fd = rootfs_open(root, path, O_RDONLY | O_DIRECTORY | O_NONBLOCK);
	if (fd < 0) {
		errno = -fd;
		return NULL;
	}
	d = fdopendir(fd);
	if (!d)
		close(fd);
	return d;
}
