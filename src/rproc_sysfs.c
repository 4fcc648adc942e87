// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The remoteproc backend's seam to the system: the real filesystem behind
 * struct rproc_sysfs_ops, the small path and attribute helpers every other
 * rproc_*.c file uses, and finding the instance (rproc_open()).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "m4fw/log.h"
#include "m4fw/remoteproc.h"
#include "m4fw/sysfile.h"
#include "rproc_priv.h"

/* More than any kernel log buffer (CONFIG_LOG_BUF_SHIFT is at most 25). */
#define LOG_READ_MAX_BYTES (64u << 20)

/*
 * snprintf() for paths and messages that cannot realistically be cut
 * short (and whose truncation would be harmless): no format-truncation
 * noise for every one of them.
 */
void rproc_strfmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

/* ---- the real filesystem -------------------------------------------- */

static int sys_read_file(void *ctx, const char *path, char *buf, size_t size)
{
	long n;

	(void)ctx;
	n = sysfile_read(path, buf, size);
	return n < 0 ? (int)n : 0;
}

static int sys_write_attr(void *ctx, const char *path, const char *value)
{
	/* sysfs ignores a zero-length write; one NUL byte stores "". */
	size_t len = value[0] ? strlen(value) : 1;
	ssize_t n;
	int fd, ret = 0;

	(void)ctx;
	/* No O_CREAT: an attribute that is not there is not made up. */
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	do {
		n = write(fd, value, len);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		ret = -errno;
	else if ((size_t)n != len)
		ret = -EIO;
	if (close(fd) && !ret && errno != EINTR)
		ret = -errno;
	return ret;
}

static int write_all(int fd, const void *data, size_t len)
{
	const unsigned char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Through a temporary file and rename(): the kernel, or a loader that
 * runs at the same time, never reads a half-written image.
 */
#define TMP_FLAGS (O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | \
		   O_NOCTTY)

static int sys_write_file(void *ctx, const char *path, const void *data,
			  size_t len)
{
	char tmp[PATH_BYTES + 32];
	int fd, ret;

	(void)ctx;
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.m4fw-%ld", path,
			     (long)getpid()) >= sizeof(tmp))
		return -ENAMETOOLONG;
	/*
	 * Only a file of our own: O_EXCL neither follows a link planted at
	 * the temporary name nor writes into a file put there; one left over
	 * from a crashed run is removed (rename() then replaces whatever is
	 * at @path, a link included, without following it).
	 */
	fd = open(tmp, TMP_FLAGS, 0644);
	if (fd < 0 && errno == EEXIST && unlink(tmp) == 0)
		fd = open(tmp, TMP_FLAGS, 0644);
	if (fd < 0)
		return -errno;
	ret = write_all(fd, data, len);
	if (!ret && fchmod(fd, 0644))
		ret = -errno;
	if (!ret && fsync(fd))
		ret = -errno;
	if (close(fd) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret)
		unlink(tmp);
	return ret;
}

static int sys_make_dir(void *ctx, const char *path, mode_t mode)
{
	char buf[PATH_BYTES];
	struct stat st;
	size_t len = strlen(path);

	(void)ctx;
	if (len == 0 || len >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, path, len + 1);
	for (char *s = buf + 1; ; s++) {
		char c = *s;

		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(buf, mode) && errno != EEXIST)
			return -errno;
		*s = c;
		if (!c)
			break;
	}
	if (stat(path, &st))
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

/* Append @n bytes to the tail kept in @buf, dropping whole old lines. */
static void tail_append(char *buf, size_t *len, size_t size, const char *p,
			size_t n)
{
	size_t room = size - 1;

	if (n > room) {
		const char *nl;

		p += n - room;
		n = room;
		nl = memchr(p, '\n', n);
		if (nl) {
			n -= (size_t)(nl + 1 - p);
			p = nl + 1;
		}
		*len = 0;
	}
	if (*len + n > room) {
		size_t drop = *len + n - room;
		char *nl = memchr(buf + drop, '\n', *len - drop);

		drop = nl ? (size_t)(nl + 1 - buf) : *len;
		memmove(buf, buf + drop, *len - drop);
		*len -= drop;
	}
	memcpy(buf + *len, p, n);
	*len += n;
	buf[*len] = '\0';
}

/*
 * /dev/kmsg gives one record per read() and EAGAIN at the end when opened
 * O_NONBLOCK (EPIPE when a record was overwritten meanwhile: go on); a
 * regular file simply ends.
 */
static int sys_read_log(void *ctx, const char *path, char *buf, size_t size)
{
	char rec[8192];
	size_t len = 0;
	int fd, ret = 0;

	(void)ctx;
	buf[0] = '\0';
	/* /dev/kmsg, or a regular file standing in for it under --root. */
	fd = sysfile_open(path, true);
	if (fd < 0)
		return fd;
	/* Bounded: a log that keeps growing while read ends the loop too. */
	for (size_t total = 0; total < LOG_READ_MAX_BYTES;) {
		ssize_t n = read(fd, rec, sizeof(rec));

		if (n < 0 && (errno == EINTR || errno == EPIPE))
			continue;
		if (n < 0 && errno != EAGAIN)
			ret = -errno;
		if (n <= 0)
			break;
		tail_append(buf, &len, size, rec, (size_t)n);
		total += (size_t)n;
	}
	close(fd);
	return ret;
}

const struct rproc_sysfs_ops rproc_sysfs_default = {
	.read_file = sys_read_file,
	.write_attr = sys_write_attr,
	.write_file = sys_write_file,
	.make_dir = sys_make_dir,
	.read_log = sys_read_log,
	.ctx = NULL,
};

/* ---- helpers ---------------------------------------------------------- */

/* @rel (starting with '/') under the root. */
void rproc_path(const struct rproc *rp, const char *rel, char *buf,
		size_t size)
{
	rproc_strfmt(buf, size, "%s%s", rp->root, rel);
}

void rproc_attr_path(const struct rproc *rp, const char *attr, char *buf,
		     size_t size)
{
	rproc_strfmt(buf, size, "%s/%s", rp->dir, attr);
}

static void chomp(char *s)
{
	s[strcspn(s, "\n")] = '\0';
}

int rproc_read_value(const struct rproc *rp, const char *path, char *buf,
		     size_t size)
{
	int ret = rp->ops->read_file(rp->ops->ctx, path, buf, size);

	if (ret)
		buf[0] = '\0';
	else
		chomp(buf);
	return ret;
}

bool rproc_file_exists(const struct rproc *rp, const char *path)
{
	char b[2];

	return rp->ops->read_file(rp->ops->ctx, path, b, sizeof(b)) == 0;
}

/* A write to sysfs, or with --dry-run the line that says it would be made. */
int rproc_write_value(const struct rproc *rp, const char *path,
		      const char *value)
{
	if (rp->dry_run) {
		fprintf(rp->dry_run, "write   %s %s\n", path,
			value[0] ? value : "\"\"");
		return 0;
	}
	log_info("write %s %s", path, value[0] ? value : "\"\"");
	return rp->ops->write_attr(rp->ops->ctx, path, value);
}

const char *rproc_access_hint(int err)
{
	switch (err) {
	case -EACCES:
	case -EPERM:
		return " (run as root?)";
	case -EROFS:
		return " (read-only file system: run as root? is it mounted read-only, as in a container?)";
	default:
		return "";
	}
}

bool rproc_is_access_error(int err)
{
	return err == -EACCES || err == -EPERM || err == -EROFS;
}

bool rproc_state_is_up(const char *state)
{
	return strcmp(state, "running") == 0 || strcmp(state, "attached") == 0;
}

int rproc_read_state(struct rproc *rp, char *state, size_t size)
{
	char path[PATH_BYTES];

	rproc_attr_path(rp, "state", path, sizeof(path));
	return rproc_read_value(rp, path, state, size);
}

int rproc_read_firmware(struct rproc *rp, char *fw, size_t size)
{
	char path[PATH_BYTES];

	rproc_attr_path(rp, "firmware", path, sizeof(path));
	return rproc_read_value(rp, path, fw, size);
}

int rproc_read_state_or_log(struct rproc *rp, char *state, size_t size)
{
	int ret;

	/* A dry run goes on from the state its printed writes would reach. */
	if (rp->dry_run && rp->dry_state[0]) {
		rproc_strfmt(state, size, "%s", rp->dry_state);
		return 0;
	}
	ret = rproc_read_state(rp, state, size);

	if (ret)
		log_error("cannot read %s/state: %s%s", rp->dir,
			  strerror(-ret), rproc_access_hint(ret));
	return ret;
}

/* ---- finding the instance --------------------------------------------- */

static bool valid_node(const char *node)
{
	if (strncmp(node, "remoteproc", 10) != 0 || !node[10])
		return false;
	for (const char *s = node + 10; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return strlen(node) < 64;
}

int rproc_open(struct rproc *rp, const char *root, const char *instance,
	       bool force, const struct rproc_sysfs_ops *ops)
{
	char class_dir[4096 + 32], path[PATH_BYTES];
	size_t len;
	int ret;

	memset(rp, 0, sizeof(*rp));
	rp->ops = ops ? ops : &rproc_sysfs_default;
	rproc_strfmt(rp->root, sizeof(rp->root), "%s", root ? root : "/");
	len = strlen(rp->root);
	while (len && rp->root[len - 1] == '/')
		rp->root[--len] = '\0';
	rproc_path(rp, "/sys/class/remoteproc", class_dir, sizeof(class_dir));

	if (!instance) {
		struct rproc_info info;

		if (rproc_find_imx(rp->root[0] ? rp->root : "/", &info) != 1) {
			log_error("no %s instance in %s: the kernel's driver for the M core is not bound (it needs CONFIG_IMX_REMOTEPROC and an enabled M-core node in the device tree)",
				  RPROC_IMX_NAME, class_dir);
			return -ENODEV;
		}
		rproc_strfmt(rp->node, sizeof(rp->node), "%s", info.node);
		rproc_strfmt(rp->name, sizeof(rp->name), RPROC_IMX_NAME);
		rproc_strfmt(rp->dir, sizeof(rp->dir), "%s/%s", class_dir,
			     rp->node);
		return 0;
	}

	if (isdigit((unsigned char)instance[0]))
		rproc_strfmt(rp->node, sizeof(rp->node), "remoteproc%.40s",
			     instance);
	else
		rproc_strfmt(rp->node, sizeof(rp->node), "%.63s", instance);
	if (!valid_node(rp->node)) {
		log_error("'%s' is not a remoteproc instance: expected remoteprocN or N",
			  instance);
		return -ENODEV;
	}
	rproc_strfmt(rp->dir, sizeof(rp->dir), "%s/%s", class_dir, rp->node);
	rproc_attr_path(rp, "name", path, sizeof(path));
	ret = rproc_read_value(rp, path, rp->name, sizeof(rp->name));
	if (ret == -ENOENT || ret == -ENOTDIR) {
		log_error("no remoteproc instance %s: %s does not exist",
			  rp->node, rp->dir);
		return -ENODEV;
	}
	if (ret) {
		log_error("cannot read %s: %s%s", path, sysfile_strerror(ret),
			  rproc_access_hint(ret));
		return ret;
	}
	if (strcmp(rp->name, RPROC_IMX_NAME) != 0) {
		if (!force) {
			log_error("%s is driven by '%s', not by %s, the M core's driver (--force to use it anyway)",
				  rp->node, rp->name, RPROC_IMX_NAME);
			return -EMEDIUMTYPE;
		}
		log_warn("%s is driven by '%s', not by %s (--force)",
			 rp->node, rp->name, RPROC_IMX_NAME);
	}
	return 0;
}

