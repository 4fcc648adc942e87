// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Loading and controlling the M core through the kernel's remoteproc
 * sysfs interface. Facts this relies on (HARDWARE.md §8, the fact sheet
 * §2.7 and §4):
 *  - "firmware" can be changed only while the state is "offline" (EBUSY);
 *  - the kernel reads the file when "start" is written, looking in
 *    firmware_class.path first, then /lib/firmware[/updates][/<release>];
 *  - "start" on a core that already runs is EBUSY on kernels before ~5.19
 *    and silently counted as a second user after that, so that the next
 *    "stop" leaves the core running: it is never written to a running core;
 *  - "stop" is accepted only when running, attached or crashed;
 *  - a detached core (one the driver found running) can only be attached;
 *  - kernels before 5.13 refuse an image without .resource_table with
 *    nothing more than "Boot failed: -22".
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
#include "m4fw/rproc_backend.h"

#define LOG_TAIL_BYTES (32u << 10)
#define LOG_QUOTE_LINES 3
#define PATH_BYTES (RPROC_PATH_BYTES + 64)

/*
 * snprintf() for paths and messages that cannot realistically be cut
 * short (and whose truncation would be harmless): no format-truncation
 * noise for every one of them.
 */
static void strfmt(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void strfmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

/* ---- the real filesystem -------------------------------------------- */

static int sys_read_file(void *ctx, const char *path, char *buf, size_t size)
{
	size_t len = 0;
	int fd, ret = 0;

	(void)ctx;
	buf[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -errno;
	while (len + 1 < size) {
		ssize_t n = read(fd, buf + len, size - 1 - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			break;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return ret;
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
static int sys_write_file(void *ctx, const char *path, const void *data,
			  size_t len)
{
	char tmp[PATH_BYTES + 32];
	int fd, ret;

	(void)ctx;
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.m4fw-%ld", path,
			     (long)getpid()) >= sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY,
		  0644);
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
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t n = read(fd, rec, sizeof(rec));

		if (n < 0 && (errno == EINTR || errno == EPIPE))
			continue;
		if (n < 0 && errno != EAGAIN)
			ret = -errno;
		if (n <= 0)
			break;
		tail_append(buf, &len, size, rec, (size_t)n);
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
static void rp_path(const struct rproc *rp, const char *rel, char *buf,
		    size_t size)
{
	strfmt(buf, size, "%s%s", rp->root, rel);
}

static void attr_path(const struct rproc *rp, const char *attr, char *buf,
		      size_t size)
{
	strfmt(buf, size, "%s/%s", rp->dir, attr);
}

static void chomp(char *s)
{
	s[strcspn(s, "\n")] = '\0';
}

static int read_value(const struct rproc *rp, const char *path, char *buf,
		      size_t size)
{
	int ret = rp->ops->read_file(rp->ops->ctx, path, buf, size);

	if (ret)
		buf[0] = '\0';
	else
		chomp(buf);
	return ret;
}

static bool file_exists(const struct rproc *rp, const char *path)
{
	char b[2];

	return rp->ops->read_file(rp->ops->ctx, path, b, sizeof(b)) == 0;
}

/* A write to sysfs, or with --dry-run the line that says it would be made. */
static int write_value(const struct rproc *rp, const char *path,
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

static const char *access_hint(int err)
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

static bool is_access_error(int err)
{
	return err == -EACCES || err == -EPERM || err == -EROFS;
}

bool rproc_state_is_up(const char *state)
{
	return strcmp(state, "running") == 0 || strcmp(state, "attached") == 0;
}

static bool state_is(const char *state, const char *what)
{
	return strcmp(state, what) == 0;
}

int rproc_read_state(struct rproc *rp, char *state, size_t size)
{
	char path[PATH_BYTES];

	attr_path(rp, "state", path, sizeof(path));
	return read_value(rp, path, state, size);
}

int rproc_read_firmware(struct rproc *rp, char *fw, size_t size)
{
	char path[PATH_BYTES];

	attr_path(rp, "firmware", path, sizeof(path));
	return read_value(rp, path, fw, size);
}

static int read_state_or_log(struct rproc *rp, char *state, size_t size)
{
	int ret;

	/* A dry run goes on from the state its printed writes would reach. */
	if (rp->dry_run && rp->dry_state[0]) {
		strfmt(state, size, "%s", rp->dry_state);
		return 0;
	}
	ret = rproc_read_state(rp, state, size);

	if (ret)
		log_error("cannot read %s/state: %s%s", rp->dir,
			  strerror(-ret), access_hint(ret));
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
	strfmt(rp->root, sizeof(rp->root), "%s", root ? root : "/");
	len = strlen(rp->root);
	while (len && rp->root[len - 1] == '/')
		rp->root[--len] = '\0';
	rp_path(rp, "/sys/class/remoteproc", class_dir, sizeof(class_dir));

	if (!instance) {
		struct rproc_info info;

		if (rproc_find_imx(rp->root[0] ? rp->root : "/", &info) != 1) {
			log_error("no %s instance in %s: the kernel's driver for the M core is not bound (it needs CONFIG_IMX_REMOTEPROC and an enabled M-core node in the device tree)",
				  RPROC_IMX_NAME, class_dir);
			return -ENODEV;
		}
		strfmt(rp->node, sizeof(rp->node), "%s", info.node);
		strfmt(rp->name, sizeof(rp->name), RPROC_IMX_NAME);
		strfmt(rp->dir, sizeof(rp->dir), "%s/%s", class_dir,
		       rp->node);
		return 0;
	}

	if (isdigit((unsigned char)instance[0]))
		strfmt(rp->node, sizeof(rp->node), "remoteproc%.40s",
		       instance);
	else
		strfmt(rp->node, sizeof(rp->node), "%.63s", instance);
	if (!valid_node(rp->node)) {
		log_error("'%s' is not a remoteproc instance: expected remoteprocN or N",
			  instance);
		return -ENODEV;
	}
	strfmt(rp->dir, sizeof(rp->dir), "%s/%s", class_dir, rp->node);
	attr_path(rp, "name", path, sizeof(path));
	ret = read_value(rp, path, rp->name, sizeof(rp->name));
	if (ret == -ENOENT || ret == -ENOTDIR) {
		log_error("no remoteproc instance %s: %s does not exist",
			  rp->node, rp->dir);
		return -ENODEV;
	}
	if (ret) {
		log_error("cannot read %s: %s%s", path, strerror(-ret),
			  access_hint(ret));
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

/* ---- the kernel log --------------------------------------------------- */

struct log_mark {
	long long seq;		/* last /dev/kmsg sequence number seen, or -1 */
	size_t lines;		/* lines seen, for a log without numbers */
};

/*
 * One log line as a message: "pri,seq,usec,flags;text" (/dev/kmsg) or
 * "[  12.345678] text" (dmesg). Continuation lines of a kmsg record start
 * with a space; they are not messages. Return: the text, or NULL.
 */
static const char *log_message(const char *line, long long *seq)
{
	const char *semi, *s = line;
	char *end;
	long long v;

	*seq = -1;
	if (*line == ' ' || *line == '\0')
		return NULL;
	if (isdigit((unsigned char)*s)) {
		semi = strchr(s, ';');
		s = strchr(s, ',');
		if (semi && s && s < semi) {
			v = strtoll(s + 1, &end, 10);
			if (end > s + 1 && *end == ',') {
				*seq = v;
				return semi + 1;
			}
		}
		return line;
	}
	if (*line == '[') {
		s = strstr(line, "] ");
		if (s)
			return s + 2;
	}
	return line;
}

/* Call @fn on each line of @text (cut in place at the newlines). */
static void log_each_line(char *text,
			  void (*fn)(const char *line, size_t index, void *arg),
			  void *arg)
{
	size_t index = 0;

	for (char *line = text; *line; index++) {
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		fn(line, index, arg);
		if (!nl)
			break;
		line = nl + 1;
	}
}

static void mark_line(const char *line, size_t index, void *arg)
{
	struct log_mark *m = arg;
	long long seq;

	log_message(line, &seq);
	if (seq > m->seq)
		m->seq = seq;
	m->lines = index + 1;
}

static void log_mark_take(const struct rproc *rp, struct log_mark *m)
{
	char path[PATH_BYTES];
	char *buf = malloc(LOG_TAIL_BYTES);

	m->seq = -1;
	m->lines = 0;
	if (!buf)
		return;
	rp_path(rp, RPROC_KMSG, path, sizeof(path));
	if (rp->ops->read_log(rp->ops->ctx, path, buf, LOG_TAIL_BYTES) == 0)
		log_each_line(buf, mark_line, m);
	free(buf);
}

struct log_collect {
	const struct log_mark *mark;
	char quote[LOG_QUOTE_LINES][200];
	size_t n_quote;		/* lines seen; the last LOG_QUOTE_LINES kept */
	char all[4096];		/* every new remoteproc line, for the hint */
	size_t all_len;
};

static void collect_line(const char *line, size_t index, void *arg)
{
	struct log_collect *c = arg;
	const char *msg;
	long long seq;
	size_t n;

	msg = log_message(line, &seq);
	if (!msg)
		return;
	if (seq >= 0 ? seq <= c->mark->seq : index < c->mark->lines)
		return;
	if (!strstr(msg, "remoteproc") && !strstr(msg, "rproc"))
		return;
	strfmt(c->quote[c->n_quote % LOG_QUOTE_LINES], sizeof(c->quote[0]),
	       "%s", msg);
	c->n_quote++;
	n = strlen(msg);
	if (c->all_len + n + 2 < sizeof(c->all)) {
		memcpy(c->all + c->all_len, msg, n);
		c->all_len += n;
		c->all[c->all_len++] = '\n';
		c->all[c->all_len] = '\0';
	}
}

/*
 * The remoteproc lines logged since @mark, the last few joined with " | "
 * into @quote, and the likely fix into @hint ("" when none is known).
 */
static void log_explain(const struct rproc *rp, const struct log_mark *mark,
			bool no_rsc_table, char *quote, size_t qsize,
			char *hint, size_t hsize)
{
	struct log_collect *c = calloc(1, sizeof(*c));
	char path[PATH_BYTES];
	char *buf = malloc(LOG_TAIL_BYTES);
	const char *h;
	size_t len, first;
	int ret = -ENOMEM;

	quote[0] = '\0';
	hint[0] = '\0';
	rp_path(rp, RPROC_KMSG, path, sizeof(path));
	if (c && buf)
		ret = rp->ops->read_log(rp->ops->ctx, path, buf,
					LOG_TAIL_BYTES);
	if (ret) {
		strfmt(quote, qsize, "kernel log not readable (%s): see dmesg",
		       strerror(-ret));
		goto out;
	}
	c->mark = mark;
	log_each_line(buf, collect_line, c);
	if (!c->n_quote) {
		strfmt(quote, qsize, "no remoteproc lines in the kernel log");
		goto out;
	}
	first = c->n_quote > LOG_QUOTE_LINES ? c->n_quote - LOG_QUOTE_LINES : 0;
	len = (size_t)snprintf(quote, qsize, "kernel log: ");
	for (size_t i = first; i < c->n_quote && len < qsize; i++)
		len += (size_t)snprintf(quote + len, qsize - len, "%s%s",
					i > first ? " | " : "",
					c->quote[i % LOG_QUOTE_LINES]);
	h = rproc_explain_log(c->all, no_rsc_table);
	if (h)
		strfmt(hint, hsize, "%s", h);
out:
	free(buf);
	free(c);
}

static const char hint_no_rsc[] =
	"this image has no .resource_table: kernels before 5.13 refuse it; add an empty version-1 table in its own section";

static const struct {
	const char *pattern;
	const char *hint;
} log_hints[] = {
	{ "bad phdr da",
	  "a segment lies outside the memory the kernel's imx_rproc table allows (m4fwloader inspect shows which)" },
	{ "Failed to find resource table", hint_no_rsc },
	{ "Direct firmware load",
	  "the firmware file was not found by the kernel's firmware loader" },
	{ "request_firmware failed",
	  "the firmware file was not found by the kernel's firmware loader" },
	{ "Boot failed: -2\n",
	  "the firmware file was not found by the kernel's firmware loader" },
	{ "bad magic", "the kernel did not find an ELF image in the file" },
	{ "Failed to process resources",
	  "the resource table asks for memory or mailboxes that the device tree does not give the driver (memory-region, mboxes)" },
	{ "Failed to find loaded resource table", hint_no_rsc },
	{ "can't start rproc",
	  "the driver could not release the core (clock, reset controller or secure firmware)" },
};

const char *rproc_explain_log(const char *log, bool no_rsc_table)
{
	for (size_t i = 0; i < sizeof(log_hints) / sizeof(log_hints[0]); i++)
		if (strstr(log, log_hints[i].pattern))
			return log_hints[i].hint;
	/* Before 5.13 a missing table is "Boot failed: -22" and nothing else. */
	if (no_rsc_table && strstr(log, "Boot failed: -22"))
		return hint_no_rsc;
	if (strstr(log, "Boot failed: -22"))
		return "the kernel refused the image (m4fwloader inspect explains what it checks)";
	return NULL;
}

/* ---- stop and start --------------------------------------------------- */

/* From @state to offline; one error line on failure. */
static int stop_from(struct rproc *rp, const char *state)
{
	char path[PATH_BYTES], now[32];
	int ret;

	if (state_is(state, "offline")) {
		log_info("%s is offline already", rp->node);
		return 0;
	}
	if (state_is(state, "detached")) {
		log_error("%s is detached (the core was running when the driver probed): the kernel can only attach to it ('start') or leave it; attach with 'm4fwloader --backend=remoteproc start', then stop it",
			  rp->node);
		return -EOPNOTSUPP;
	}
	if (!state_is(state, "running") && !state_is(state, "attached") &&
	    !state_is(state, "crashed")) {
		log_error("%s is '%s': the kernel stops a core only when it is running, attached or crashed",
			  rp->node, state[0] ? state : "(empty)");
		return -EOPNOTSUPP;
	}
	attr_path(rp, "state", path, sizeof(path));
	ret = write_value(rp, path, "stop");
	if (ret) {
		log_error("%s: the kernel refused 'stop' (%s): %s%s", rp->node,
			  state, strerror(-ret), access_hint(ret));
		return ret;
	}
	if (rp->dry_run) {
		strfmt(rp->dry_state, sizeof(rp->dry_state), "offline");
		return 0;
	}
	ret = read_state_or_log(rp, now, sizeof(now));
	if (ret)
		return ret;
	if (rproc_state_is_up(now)) {
		log_error("%s is still '%s' after 'stop': the kernel keeps the core up while another user holds it (each extra 'start' written counts one); write 'stop' again",
			  rp->node, now);
		return -EIO;
	}
	if (!state_is(now, "offline")) {
		log_error("%s is '%s' after 'stop', not offline", rp->node,
			  now[0] ? now : "(empty)");
		return -EIO;
	}
	return 0;
}

int rproc_stop(struct rproc *rp)
{
	char state[32];
	int ret = read_state_or_log(rp, state, sizeof(state));

	return ret ? ret : stop_from(rp, state);
}

/*
 * Write "start" to a core that is offline or detached and check that it
 * comes up. On failure @why says so (no message is printed: the caller
 * adds what it restored), quoting the kernel log.
 */
static int start_core(struct rproc *rp, bool no_rsc_table, char *why,
		      size_t size)
{
	char path[PATH_BYTES], now[32], quote[800], hint[200];
	struct log_mark mark;
	int ret;

	why[0] = '\0';
	if (!rp->dry_run)
		log_mark_take(rp, &mark);
	attr_path(rp, "state", path, sizeof(path));
	ret = write_value(rp, path, "start");
	if (rp->dry_run) {
		strfmt(rp->dry_state, sizeof(rp->dry_state), "running");
		return 0;
	}
	if (ret == -EBUSY && rproc_read_state(rp, now, sizeof(now)) == 0 &&
	    rproc_state_is_up(now)) {
		/* Kernels before ~5.19 answer EBUSY for a core that runs. */
		log_notice("%s is %s already", rp->node, now);
		return 0;
	}
	if (ret) {
		if (is_access_error(ret)) {
			strfmt(why, size, "cannot write 'start' to %s: %s%s",
			       path, strerror(-ret), access_hint(ret));
			return ret;
		}
		log_explain(rp, &mark, no_rsc_table, quote, sizeof(quote),
			    hint, sizeof(hint));
		strfmt(why, size, "the kernel refused 'start': %s; %s%s%s",
		       strerror(-ret), quote, hint[0] ? "; " : "", hint);
		return ret;
	}
	ret = rproc_read_state(rp, now, sizeof(now));
	if (ret) {
		strfmt(why, size, "cannot read %s/state after 'start': %s",
		       rp->dir, strerror(-ret));
		return ret;
	}
	if (rproc_state_is_up(now))
		return 0;
	log_explain(rp, &mark, no_rsc_table, quote, sizeof(quote), hint,
		    sizeof(hint));
	strfmt(why, size,
	       "'start' was accepted but the state is '%s', not running; %s%s%s",
	       now, quote, hint[0] ? "; " : "", hint);
	return -EIO;
}

/*
 * Where the kernel's firmware loader finds @name, in its order:
 * firmware_class.path, /lib/firmware/updates/<release>, .../updates,
 * /lib/firmware/<release>, /lib/firmware. @found is the path under the
 * root; false when it finds it nowhere.
 */
static bool kernel_finds(const struct rproc *rp, const char *name,
			 char *found, size_t size)
{
	char param[PATH_BYTES], p[PATH_BYTES], release[128];
	char dirs[5][PATH_BYTES];
	size_t n = 0;

	rp_path(rp, RPROC_FW_PATH_PARAM, p, sizeof(p));
	if (read_value(rp, p, param, sizeof(param)) == 0 && param[0])
		strfmt(dirs[n++], sizeof(dirs[0]), "%s", param);
	rp_path(rp, "/proc/sys/kernel/osrelease", p, sizeof(p));
	if (read_value(rp, p, release, sizeof(release)))
		release[0] = '\0';
	if (release[0])
		strfmt(dirs[n++], sizeof(dirs[0]), "%s/updates/%s",
		       RPROC_LIB_FIRMWARE, release);
	strfmt(dirs[n++], sizeof(dirs[0]), "%s/updates", RPROC_LIB_FIRMWARE);
	if (release[0])
		strfmt(dirs[n++], sizeof(dirs[0]), "%s/%s",
		       RPROC_LIB_FIRMWARE, release);
	strfmt(dirs[n++], sizeof(dirs[0]), "%s", RPROC_LIB_FIRMWARE);
	for (size_t i = 0; i < n; i++) {
		strfmt(found, size, "%s%s/%s", rp->root, dirs[i], name);
		if (file_exists(rp, found))
			return true;
	}
	found[0] = '\0';
	return false;
}

struct fw_path_saved {
	bool changed;
	char old[PATH_BYTES];
};

/*
 * Point firmware_class.path at the private directory, remembering it;
 * @note ends the error line (what was done before).
 */
static int fw_path_redirect(struct rproc *rp, struct fw_path_saved *s,
			    const char *note)
{
	char path[PATH_BYTES];
	int ret;

	s->changed = false;
	rp_path(rp, RPROC_FW_PATH_PARAM, path, sizeof(path));
	ret = read_value(rp, path, s->old, sizeof(s->old));
	if (ret) {
		log_error("cannot read %s: %s%s%s", path, strerror(-ret),
			  ret == -ENOENT ?
			  " (no firmware_class path parameter: use --lib-firmware)" :
			  access_hint(ret), note);
		return ret;
	}
	ret = write_value(rp, path, RPROC_PRIVATE_DIR);
	if (ret) {
		log_error("cannot point the kernel's firmware loader at %s: writing %s: %s%s%s",
			  RPROC_PRIVATE_DIR, path, strerror(-ret),
			  access_hint(ret), note);
		return ret;
	}
	s->changed = true;
	return 0;
}

/* Put firmware_class.path back; a failure is a warning. */
static void fw_path_restore(struct rproc *rp, struct fw_path_saved *s)
{
	char path[PATH_BYTES];
	int ret;

	if (!s->changed)
		return;
	rp_path(rp, RPROC_FW_PATH_PARAM, path, sizeof(path));
	ret = write_value(rp, path, s->old);
	if (ret)
		log_warn("cannot put %s back to '%s': %s; write it by hand",
			 path, s->old, strerror(-ret));
	s->changed = false;
}

int rproc_start(struct rproc *rp)
{
	char state[32], fw[128], found[PATH_BYTES], copy[PATH_BYTES];
	char why[1024];
	struct fw_path_saved saved = { 0 };
	int ret = read_state_or_log(rp, state, sizeof(state));

	if (ret)
		return ret;
	if (rproc_state_is_up(state)) {
		log_notice("%s is %s already", rp->node, state);
		return 0;
	}
	if (state_is(state, "crashed")) {
		log_error("%s has crashed: stop it first ('restart' does both)",
			  rp->node);
		return -EOPNOTSUPP;
	}
	if (!state_is(state, "offline") && !state_is(state, "detached")) {
		log_error("%s is '%s': the kernel starts a core only from offline (or attaches to a detached one)",
			  rp->node, state[0] ? state : "(empty)");
		return -EOPNOTSUPP;
	}
	/*
	 * A firmware loaded by m4fwloader into its private directory is
	 * found only while firmware_class.path points there; do so for the
	 * start when nothing of that name is where the kernel looks anyway.
	 */
	if (state_is(state, "offline") &&
	    rproc_read_firmware(rp, fw, sizeof(fw)) == 0 && fw[0] &&
	    !strchr(fw, '/') && !kernel_finds(rp, fw, found, sizeof(found))) {
		strfmt(copy, sizeof(copy), "%s%s/%s", rp->root,
		       RPROC_PRIVATE_DIR, fw);
		if (file_exists(rp, copy)) {
			ret = fw_path_redirect(rp, &saved, "");
			if (ret)
				return ret;
		}
	}
	ret = start_core(rp, false, why, sizeof(why));
	fw_path_restore(rp, &saved);
	if (ret)
		log_error("%s: %s", rp->node, why);
	return ret;
}

/* ---- load ------------------------------------------------------------- */

static bool valid_fw_name(const char *name)
{
	return name[0] && strcmp(name, ".") != 0 && strcmp(name, "..") != 0 &&
	       !strpbrk(name, "/\n") && strlen(name) < 128;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Step 1: what the kernel would refuse is refused before anything is done. */
static int check_verdict(const struct image *img,
			 const struct rproc_load_opts *opt)
{
	const struct rproc_verdict *v = opt->verdict;
	char msg[900];
	size_t len = 0;
	bool no_rsc;

	if (img->format != IMAGE_ELF) {
		log_error("%s is not an ELF image: remoteproc loads ELF files only",
			  img->path);
		return -ENOEXEC;
	}
	if (v && !v->accepts) {
		if (!opt->force) {
			for (size_t i = 0; i < v->n_reasons && len < sizeof(msg);
			     i++)
				len += (size_t)snprintf(msg + len,
							sizeof(msg) - len,
							"%s%s", i ? "; " : "",
							v->reasons[i]);
			log_error("%s: the kernel's remoteproc would refuse it: %s (--force to try anyway)",
				  img->path, len ? msg : "reason unknown");
			return -ENOEXEC;
		}
		for (size_t i = 0; i < v->n_reasons; i++)
			log_warn("%s: %s (--force)", img->path, v->reasons[i]);
	}
	no_rsc = v ? v->old_kernels_refuse : !img->has_rsc_table;
	if (no_rsc)
		log_warn("%s has no .resource_table: kernels before 5.13 refuse it (\"Boot failed: -22\"); add an empty version-1 table in its own section if this one does",
			 img->path);
	return 0;
}

/* Step 3a: the image where the firmware loader will look. */
static int copy_image(struct rproc *rp, const struct image *img,
		      const struct rproc_load_opts *opt,
		      struct rproc_load_result *res)
{
	char dir[4096 + 32], found[PATH_BYTES];
	int ret;

	rp_path(rp, opt->lib_firmware ? RPROC_LIB_FIRMWARE : RPROC_PRIVATE_DIR,
		dir, sizeof(dir));
	strfmt(res->fw_path, sizeof(res->fw_path), "%s/%s", dir,
	       res->fw_name);
	if (rp->dry_run) {
		fprintf(rp->dry_run, "mkdir   %s\n", dir);
		fprintf(rp->dry_run, "copy    %s <- %s (%zu bytes)\n",
			res->fw_path, img->path, img->size);
	} else {
		log_info("copy %s to %s", img->path, res->fw_path);
		ret = rp->ops->make_dir(rp->ops->ctx, dir, 0755);
		if (!ret)
			ret = rp->ops->write_file(rp->ops->ctx, res->fw_path,
						  img->bytes, img->size);
		if (ret) {
			log_error("cannot copy %s to %s: %s%s", img->path,
				  res->fw_path, strerror(-ret),
				  ret == -EROFS && opt->lib_firmware ?
				  " (read-only root file system: load without --lib-firmware, which uses /run)" :
				  access_hint(ret));
			return ret;
		}
	}
	/* firmware_class.path and the updates directories come first. */
	if (opt->lib_firmware &&
	    kernel_finds(rp, res->fw_name, found, sizeof(found)) &&
	    strcmp(found, res->fw_path) != 0)
		log_warn("the kernel will load %s, not %s: its firmware loader looks there first",
			 found, res->fw_path);
	return 0;
}

/* The states a load can start from; the others are explained. */
static int check_loadable(const struct rproc *rp, const char *state)
{
	if (state_is(state, "offline") || state_is(state, "running") ||
	    state_is(state, "attached") || state_is(state, "crashed"))
		return 0;
	if (state_is(state, "detached"))
		log_error("%s is detached (the core was running when the driver probed): the kernel can only attach to it ('start') or leave it, not load it; attach with 'm4fwloader --backend=remoteproc start', then load",
			  rp->node);
	else
		log_error("%s is '%s': the kernel loads firmware only into a core that is offline or that it can stop",
			  rp->node, state[0] ? state : "(empty)");
	return -EOPNOTSUPP;
}

int rproc_load(struct rproc *rp, const struct image *img,
	       const struct rproc_load_opts *opt,
	       struct rproc_load_result *res)
{
	char state[32], old_fw[128], fw_attr[PATH_BYTES];
	char why[1400], restored[400];
	struct fw_path_saved saved = { 0 };
	bool fw_changed = false;
	const char *name;
	int ret;

	memset(res, 0, sizeof(*res));
	name = opt->fw_name ? opt->fw_name : base_name(img->path);
	if (!valid_fw_name(name)) {
		log_error("'%s' cannot be a firmware file name: it must be a plain file name of at most 127 characters",
			  name);
		return -EINVAL;
	}
	strfmt(res->fw_name, sizeof(res->fw_name), "%s", name);

	ret = check_verdict(img, opt);
	if (ret)
		return ret;
	ret = read_state_or_log(rp, state, sizeof(state));
	if (!ret)
		ret = check_loadable(rp, state);
	if (ret)
		return ret;
	/* The copy first: if it fails, the firmware that runs keeps running. */
	ret = copy_image(rp, img, opt, res);
	if (ret)
		return ret;
	ret = stop_from(rp, state);
	if (ret)
		return ret;
	strfmt(res->state, sizeof(res->state), "offline");

	/* The kernel reads the file at "start": not needed with --no-start. */
	if (!opt->lib_firmware && !opt->no_start) {
		ret = fw_path_redirect(rp, &saved,
				       state_is(state, "offline") ? "" :
				       "; the core is stopped (offline)");
		if (ret)
			return ret;
	}

	attr_path(rp, "firmware", fw_attr, sizeof(fw_attr));
	if (rproc_read_firmware(rp, old_fw, sizeof(old_fw)))
		old_fw[0] = '\0';
	ret = write_value(rp, fw_attr, name);
	if (ret) {
		strfmt(why, sizeof(why),
		       "the kernel refused the firmware name '%s': %s%s",
		       name, strerror(-ret),
		       ret == -EBUSY ? " (the core is not offline: remoteproc changes the firmware only while offline)" :
		       ret == -EINVAL ? " (the name is empty or too long for the kernel)" :
		       access_hint(ret));
		goto restore;
	}
	fw_changed = true;

	if (!opt->no_start) {
		ret = start_core(rp, !img->has_rsc_table, why, sizeof(why));
		if (ret)
			goto restore;
		strfmt(res->state, sizeof(res->state), "running");
		if (!rp->dry_run)
			rproc_read_state(rp, res->state, sizeof(res->state));
	} else if (!opt->lib_firmware) {
		log_notice("the kernel reads %s only when the core starts: start it with 'm4fwloader --backend=remoteproc start', which points the kernel there, or load with --lib-firmware",
			   res->fw_path);
	}

restore:
	/* The kernel has read the file by now (or never will): always. */
	fw_path_restore(rp, &saved);
	if (!ret)
		return 0;
	restored[0] = '\0';
	if (fw_changed && old_fw[0] && strcmp(old_fw, name) != 0) {
		int err = write_value(rp, fw_attr, old_fw);

		if (err)
			strfmt(restored, sizeof(restored),
			       "; the firmware name could not be put back to '%s': %s",
			       old_fw, strerror(-err));
		else
			strfmt(restored, sizeof(restored),
			       "; firmware name put back to '%s'", old_fw);
	}
	if (rproc_read_state(rp, state, sizeof(state)) == 0) {
		size_t len = strlen(restored);

		strfmt(restored + len, sizeof(restored) - len,
		       "; %s is %s", rp->node, state);
		strfmt(res->state, sizeof(res->state), "%s", state);
	}
	log_error("%s: %s%s", rp->node, why, restored);
	return ret;
}
