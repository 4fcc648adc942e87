// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fault_preload.so: make chosen system calls of a process fail, and count
 * what it does with chosen files. For tests/fault/run.sh:
 *
 *	LD_PRELOAD=fault_preload.so M4FW_FAULT=RULE[,RULE...] m4fwloader ...
 *
 * A rule is CALL:TARGET:ACTION[:NTH]
 *   CALL    open    open, open64, openat, openat64 and their _2 forms
 *           mmap    mmap, mmap64
 *           read    read, __read_chk, pread, pread64
 *           ftruncate  ftruncate, ftruncate64
 *           close   close
 *           stat    stat, stat64, fstat, fstat64 (and the __xstat forms
 *                   of older glibc)
 *           (lstat is not a CALL: it follows an open =PATH redirect, so
 *           that the redirected file is the one found at the path)
 *   TARGET  for open, read, ftruncate, close: the path as the process
 *           passed it to open (read/ftruncate/close match the descriptor
 *           that open returned for it); '*' matches any path. A trailing
 *           '*' matches a prefix.
 *           for mmap: a physical address (0x...): the mapping of a file or
 *           device whose [offset, offset + length) contains it, the way
 *           CONFIG_STRICT_DEVMEM refuses a window of /dev/mem.
 *   ACTION  an errno name (EACCES, EPERM, ENOENT, EIO, ...) or number: the
 *           call fails with it and does nothing;
 *           open only: =PATH opens PATH instead (a lock file moved out of
 *           /run/lock);
 *           read only: short: at most 7 bytes a call;
 *           close only: scribble: after the descriptor is closed, the file
 *           is overwritten with 0xEE bytes and cut to half its size, as a
 *           rebuild of the firmware would do under the tool's feet;
 *           stat only: chardev: the file is reported as a character device
 *           (1:1, like /dev/mem), so a sparse file stands in for /dev/mem
 *           and the tool takes its device paths (hints, /run/lock).
 *   NTH     act on the NTH matching call only (1 = the first); default all.
 *
 * M4FW_FAULT_LOG=FILE appends one line per call on a file it tracks
 * ("open PATH = FD", "read PATH N", "mmap 0xOFF 0xLEN = ok|ERR",
 * "fault CALL TARGET ERR") so that a test can count them.
 *
 * The process is built with -D_FILE_OFFSET_BITS=64: glibc then calls
 * open64/mmap64 on 32-bit systems and may alias them on 64-bit ones, and
 * _FORTIFY_SOURCE turns read/open into __read_chk/__open_2. Every name is
 * intercepted, and each forwards to its own next definition (dlsym
 * RTLD_NEXT), so whichever the binary links to is covered.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <unistd.h>

#define MAX_RULES 16
#define MAX_FDS 1024
#define PATH_BYTES 512

enum call {
	CALL_OPEN,
	CALL_MMAP,
	CALL_READ,
	CALL_FTRUNCATE,
	CALL_CLOSE,
	CALL_STAT,
	CALL_NONE,
};

static const char *const call_names[] = {
	[CALL_OPEN] = "open",
	[CALL_MMAP] = "mmap",
	[CALL_READ] = "read",
	[CALL_FTRUNCATE] = "ftruncate",
	[CALL_CLOSE] = "close",
	[CALL_STAT] = "stat",
};

enum action {
	ACT_ERRNO,
	ACT_REDIRECT,
	ACT_SHORT,
	ACT_SCRIBBLE,
	ACT_CHARDEV,
};

struct rule {
	enum call call;
	char target[PATH_BYTES];
	uint64_t addr;		/* mmap */
	enum action action;
	int err;
	char redirect[PATH_BYTES];
	unsigned long nth;	/* 0: every match */
	unsigned long seen;
};

static struct rule rules[MAX_RULES];
static size_t n_rules;
static bool ready;
static int log_fd = -1;
/* The path each descriptor was opened with ("" when not known). */
static char fd_path[MAX_FDS][PATH_BYTES];

/* The real functions, each resolved on first use. */
#define REAL(name) ((__typeof__(&(name)))real_fn(#name))

static void *real_fn(const char *name)
{
	void *fn = dlsym(RTLD_NEXT, name);

	if (!fn) {
		static const char msg[] = "fault_preload: a libc function is missing\n";

		/* Nothing sensible to return; the test must see it. */
		(void)!write(2, msg, sizeof(msg) - 1);
		abort();
	}
	return fn;
}

static int raw_open(const char *path, int flags, mode_t mode)
{
	int (*fn)(const char *, int, ...) =
		(int (*)(const char *, int, ...))real_fn("open64");

	return fn(path, flags, mode);
}

static void log_line(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static void log_line(const char *fmt, ...)
{
	char line[PATH_BYTES + 128];
	int saved = errno;
	va_list ap;
	int n;

	if (log_fd < 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n > sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	(void)!REAL(write)(log_fd, line, (size_t)n);
	errno = saved;
}

static const struct {
	const char *name;
	int err;
} errnos[] = {
	{ "EPERM", EPERM }, { "ENOENT", ENOENT }, { "EINTR", EINTR },
	{ "EIO", EIO }, { "ENXIO", ENXIO }, { "EBADF", EBADF },
	{ "EAGAIN", EAGAIN }, { "ENOMEM", ENOMEM }, { "EACCES", EACCES },
	{ "EFAULT", EFAULT }, { "EBUSY", EBUSY }, { "EEXIST", EEXIST },
	{ "ENODEV", ENODEV }, { "EISDIR", EISDIR }, { "EINVAL", EINVAL },
	{ "EMFILE", EMFILE }, { "EFBIG", EFBIG }, { "ENOSPC", ENOSPC },
	{ "EROFS", EROFS }, { "ENOLCK", ENOLCK }, { "EOVERFLOW", EOVERFLOW },
	{ "ETIMEDOUT", ETIMEDOUT },
};

static int parse_errno(const char *s)
{
	char *end;
	long v;

	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (strcmp(s, errnos[i].name) == 0)
			return errnos[i].err;
	v = strtol(s, &end, 10);
	return *s && !*end && v > 0 && v < 4096 ? (int)v : -1;
}

static void bad_rule(const char *rule)
{
	char msg[PATH_BYTES + 64];
	int n = snprintf(msg, sizeof(msg), "fault_preload: bad rule '%s'\n",
			 rule);

	if (n > 0)
		(void)!REAL(write)(2, msg, (size_t)n < sizeof(msg) ?
				   (size_t)n : sizeof(msg) - 1);
	exit(99);
}

/* CALL:TARGET:ACTION[:NTH]; TARGET may not hold ':' (paths here do not). */
static void parse_rule(char *text)
{
	char *call = text, *target, *action, *nth;
	struct rule *r;
	size_t c;

	target = strchr(call, ':');
	if (!target || n_rules == MAX_RULES)
		bad_rule(text);
	*target++ = '\0';
	action = strchr(target, ':');
	if (!action)
		bad_rule(text);
	*action++ = '\0';
	nth = strchr(action, ':');
	if (nth)
		*nth++ = '\0';

	r = &rules[n_rules++];
	for (c = 0; c < CALL_NONE; c++)
		if (strcmp(call, call_names[c]) == 0)
			break;
	if (c == CALL_NONE)
		bad_rule(call);
	r->call = (enum call)c;
	snprintf(r->target, sizeof(r->target), "%s", target);
	if (r->call == CALL_MMAP)
		r->addr = strtoull(target, NULL, 0);
	if (action[0] == '=' && r->call == CALL_OPEN) {
		r->action = ACT_REDIRECT;
		snprintf(r->redirect, sizeof(r->redirect), "%s", action + 1);
	} else if (strcmp(action, "short") == 0 && r->call == CALL_READ) {
		r->action = ACT_SHORT;
	} else if (strcmp(action, "scribble") == 0 && r->call == CALL_CLOSE) {
		r->action = ACT_SCRIBBLE;
	} else if (strcmp(action, "chardev") == 0 && r->call == CALL_STAT) {
		r->action = ACT_CHARDEV;
	} else {
		r->action = ACT_ERRNO;
		r->err = parse_errno(action);
		if (r->err < 0)
			bad_rule(action);
	}
	r->nth = nth ? strtoul(nth, NULL, 10) : 0;
}

static void init(void)
{
	static char spec[4096];
	const char *env, *log;
	char *save = NULL, *tok;

	if (ready)
		return;
	ready = true;
	log = getenv("M4FW_FAULT_LOG");
	if (log && *log)
		log_fd = raw_open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
				  0644);
	env = getenv("M4FW_FAULT");
	if (!env || !*env)
		return;
	snprintf(spec, sizeof(spec), "%s", env);
	for (tok = strtok_r(spec, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save))
		parse_rule(tok);
}

__attribute__((constructor)) static void fault_preload_init(void)
{
	init();
}

static bool path_matches(const char *pattern, const char *path)
{
	size_t n = strlen(pattern);

	if (strcmp(pattern, "*") == 0)
		return true;
	if (n && pattern[n - 1] == '*')
		return strncmp(pattern, path, n - 1) == 0;
	return strcmp(pattern, path) == 0;
}

/* The rule that takes this call, counting it; NULL when none. */
static struct rule *take(enum call call, const char *path, uint64_t off,
			 uint64_t len)
{
	init();
	for (size_t i = 0; i < n_rules; i++) {
		struct rule *r = &rules[i];
		bool hit;

		if (r->call != call)
			continue;
		if (call == CALL_MMAP)
			hit = r->addr >= off && r->addr - off < len;
		else
			hit = path && path_matches(r->target, path);
		if (!hit)
			continue;
		r->seen++;
		if (r->nth && r->seen != r->nth)
			continue;
		return r;
	}
	return NULL;
}

static const char *errno_name(int err)
{
	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (errnos[i].err == err)
			return errnos[i].name;
	return "?";
}

/* Standard input, when nothing was opened on it, is "-" as on the command line. */
static const char *path_of(int fd)
{
	if (fd >= 0 && fd < MAX_FDS && fd_path[fd][0])
		return fd_path[fd];
	return fd == STDIN_FILENO ? "-" : NULL;
}

static void remember(int fd, const char *path)
{
	if (fd >= 0 && fd < MAX_FDS)
		snprintf(fd_path[fd], sizeof(fd_path[fd]), "%s", path);
}

/* ---- open ---------------------------------------------------------- */

/*
 * Every open variant ends here. @next is the real function (plain or
 * *at), called with @dirfd when @at.
 */
static int do_open(const char *name, bool at, int dirfd, const char *path,
		   int flags, mode_t mode)
{
	struct rule *r = take(CALL_OPEN, path, 0, 0);
	const char *real_path = path;
	int fd;

	if (r && r->action == ACT_ERRNO) {
		log_line("fault open %s %s", path, errno_name(r->err));
		errno = r->err;
		return -1;
	}
	if (r && r->action == ACT_REDIRECT)
		real_path = r->redirect;
	if (at) {
		int (*fn)(int, const char *, int, ...) =
			(int (*)(int, const char *, int, ...))real_fn(name);

		fd = fn(dirfd, real_path, flags, mode);
	} else {
		int (*fn)(const char *, int, ...) =
			(int (*)(const char *, int, ...))real_fn(name);

		fd = fn(real_path, flags, mode);
	}
	if (fd >= 0) {
		remember(fd, path);
		log_line("open %s = %d%s%s", path, fd,
			 real_path != path ? " via " : "",
			 real_path != path ? real_path : "");
	} else {
		log_line("open %s = -1 %s", path, errno_name(errno));
	}
	return fd;
}

static mode_t mode_arg(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ?
	       (mode_t)va_arg(ap, int) : 0;
}

int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags);
int __openat64_2(int dirfd, const char *path, int flags);

int open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return do_open("open", false, AT_FDCWD, path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return do_open("open64", false, AT_FDCWD, path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return do_open("openat", true, dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return do_open("openat64", true, dirfd, path, flags, mode);
}

/* _FORTIFY_SOURCE: flags known not to need a mode. */
int __open_2(const char *path, int flags)
{
	return do_open("open", false, AT_FDCWD, path, flags, 0);
}

int __open64_2(const char *path, int flags)
{
	return do_open("open64", false, AT_FDCWD, path, flags, 0);
}

int __openat_2(int dirfd, const char *path, int flags)
{
	return do_open("openat", true, dirfd, path, flags, 0);
}

int __openat64_2(int dirfd, const char *path, int flags)
{
	return do_open("openat64", true, dirfd, path, flags, 0);
}

/* ---- mmap ------------------------------------------------------------ */

static void *do_mmap(bool is64, void *addr, size_t len, int prot,
		     int flags, int fd, uint64_t off)
{
	struct rule *r = NULL;
	void *p;

	/* Anonymous mappings are the allocator's and the sanitizers'. */
	if (fd >= 0 && !(flags & MAP_ANONYMOUS))
		r = take(CALL_MMAP, NULL, off, len);
	if (r && r->action == ACT_ERRNO) {
		log_line("fault mmap 0x%llx 0x%zx %s", (unsigned long long)off,
			 len, errno_name(r->err));
		errno = r->err;
		return MAP_FAILED;
	}
	if (is64)
		p = REAL(mmap64)(addr, len, prot, flags, fd, (off64_t)off);
	else
		p = REAL(mmap)(addr, len, prot, flags, fd, (off_t)off);
	if (fd >= 0 && !(flags & MAP_ANONYMOUS))
		log_line("mmap 0x%llx 0x%zx = %s", (unsigned long long)off, len,
			 p == MAP_FAILED ? errno_name(errno) : "ok");
	return p;
}


void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return do_mmap(false, addr, len, prot, flags, fd, (uint64_t)off);
}

void *mmap64(void *addr, size_t len, int prot, int flags, int fd,
	     off64_t off)
{
	return do_mmap(true, addr, len, prot, flags, fd, (uint64_t)off);
}

/* ---- read -------------------------------------------------------------- */

/* A fault, or how many bytes this read may return (@count: all of it). */
static ssize_t read_rule(int fd, size_t count, size_t *allowed)
{
	const char *path = path_of(fd);
	struct rule *r;

	*allowed = count;
	if (!path)
		return 0;
	r = take(CALL_READ, path, 0, 0);
	if (!r)
		return 0;
	if (r->action == ACT_SHORT) {
		if (*allowed > 7)
			*allowed = 7;
		return 0;
	}
	log_line("fault read %s %s", path, errno_name(r->err));
	errno = r->err;
	return -1;
}

static void read_done(int fd, ssize_t n)
{
	const char *path = path_of(fd);

	if (n >= 0)
		log_line("read %s %zd", path ? path : "?", n);
}

ssize_t __read_chk(int fd, void *buf, size_t count, size_t buflen);

ssize_t read(int fd, void *buf, size_t count)
{
	size_t allowed;
	ssize_t n;

	if (read_rule(fd, count, &allowed))
		return -1;
	n = REAL(read)(fd, buf, allowed);
	read_done(fd, n);
	return n;
}

ssize_t __read_chk(int fd, void *buf, size_t count, size_t buflen)
{
	size_t allowed;
	ssize_t n;

	if (count > buflen)
		abort();	/* what the fortified libc does */
	if (read_rule(fd, count, &allowed))
		return -1;
	n = REAL(read)(fd, buf, allowed);
	read_done(fd, n);
	return n;
}

ssize_t pread(int fd, void *buf, size_t count, off_t off)
{
	size_t allowed;
	ssize_t n;

	if (read_rule(fd, count, &allowed))
		return -1;
	n = REAL(pread)(fd, buf, allowed, off);
	read_done(fd, n);
	return n;
}

ssize_t pread64(int fd, void *buf, size_t count, off64_t off)
{
	size_t allowed;
	ssize_t n;

	if (read_rule(fd, count, &allowed))
		return -1;
	n = REAL(pread64)(fd, buf, allowed, off);
	read_done(fd, n);
	return n;
}

/* ---- ftruncate ------------------------------------------------------- */

/* A fault for ftruncate on @fd, or 0 to go ahead. */
static int ftruncate_rule(int fd)
{
	const char *path = path_of(fd);
	struct rule *r = path ? take(CALL_FTRUNCATE, path, 0, 0) : NULL;

	if (!r || r->action != ACT_ERRNO)
		return 0;
	log_line("fault ftruncate %s %s", path, errno_name(r->err));
	errno = r->err;
	return -1;
}


int ftruncate(int fd, off_t len)
{
	return ftruncate_rule(fd) ? -1 : REAL(ftruncate)(fd, len);
}

int ftruncate64(int fd, off64_t len)
{
	return ftruncate_rule(fd) ? -1 : REAL(ftruncate64)(fd, len);
}

/* ---- stat ------------------------------------------------------------- */

/*
 * One stat call on @path (NULL: a descriptor the shim did not see
 * opened): fail it, or run it and turn a file into /dev/mem if told.
 */
#define STAT_BODY(call, path, buf)					\
	do {								\
		const char *p_ = (path);				\
		struct rule *r_ = p_ ? take(CALL_STAT, p_, 0, 0) : NULL; \
		int ret_;						\
									\
		if (r_ && r_->action == ACT_ERRNO) {			\
			log_line("fault stat %s %s", p_,		\
				 errno_name(r_->err));			\
			errno = r_->err;				\
			return -1;					\
		}							\
		ret_ = (call);						\
		if (ret_ == 0 && r_ && r_->action == ACT_CHARDEV) {	\
			(buf)->st_mode = ((buf)->st_mode &		\
					  ~(mode_t)S_IFMT) | S_IFCHR;	\
			(buf)->st_rdev = makedev(1, 1);			\
		}							\
		return ret_;						\
	} while (0)

int __xstat(int ver, const char *path, struct stat *buf);
int __xstat64(int ver, const char *path, struct stat64 *buf);
int __fxstat(int ver, int fd, struct stat *buf);
int __fxstat64(int ver, int fd, struct stat64 *buf);

int stat(const char *path, struct stat *buf)
{
	STAT_BODY(REAL(stat)(path, buf), path, buf);
}

int stat64(const char *path, struct stat64 *buf)
{
	STAT_BODY(REAL(stat64)(path, buf), path, buf);
}

int fstat(int fd, struct stat *buf)
{
	STAT_BODY(REAL(fstat)(fd, buf), path_of(fd), buf);
}

int fstat64(int fd, struct stat64 *buf)
{
	STAT_BODY(REAL(fstat64)(fd, buf), path_of(fd), buf);
}

int __xstat(int ver, const char *path, struct stat *buf)
{
	STAT_BODY(REAL(__xstat)(ver, path, buf), path, buf);
}

int __xstat64(int ver, const char *path, struct stat64 *buf)
{
	STAT_BODY(REAL(__xstat64)(ver, path, buf), path, buf);
}

int __fxstat(int ver, int fd, struct stat *buf)
{
	STAT_BODY(REAL(__fxstat)(ver, fd, buf), path_of(fd), buf);
}

int __fxstat64(int ver, int fd, struct stat64 *buf)
{
	STAT_BODY(REAL(__fxstat64)(ver, fd, buf), path_of(fd), buf);
}

/*
 * lstat of a path that an open rule redirects (the lock file moved out of
 * /run/lock) looks at the file the open reaches, or the tool's check that
 * its lock file is still the one at the path would never hold. Peeked, not
 * taken: an lstat is not one of the open calls a rule counts.
 */
static const char *lstat_path(const char *path)
{
	init();
	for (size_t i = 0; i < n_rules; i++) {
		const struct rule *r = &rules[i];

		if (r->call == CALL_OPEN && r->action == ACT_REDIRECT &&
		    path && path_matches(r->target, path))
			return r->redirect;
	}
	return path;
}

int __lxstat(int ver, const char *path, struct stat *buf);
int __lxstat64(int ver, const char *path, struct stat64 *buf);

int lstat(const char *path, struct stat *buf)
{
	return REAL(lstat)(lstat_path(path), buf);
}

int lstat64(const char *path, struct stat64 *buf)
{
	return REAL(lstat64)(lstat_path(path), buf);
}

int __lxstat(int ver, const char *path, struct stat *buf)
{
	return REAL(__lxstat)(ver, lstat_path(path), buf);
}

int __lxstat64(int ver, const char *path, struct stat64 *buf)
{
	return REAL(__lxstat64)(ver, lstat_path(path), buf);
}

/* ---- close ------------------------------------------------------------- */

/* Rewrite @path as a new build would: other bytes, another size. */
static void scribble(const char *path)
{
	static const char junk[4096] = { [0 ... 4095] = (char)0xEE };
	struct stat st;
	int fd = raw_open(path, O_WRONLY | O_CLOEXEC, 0);

	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0) {
		off_t left = st.st_size;

		while (left > 0) {
			size_t n = left > (off_t)sizeof(junk) ? sizeof(junk) :
				   (size_t)left;
			ssize_t w = REAL(write)(fd, junk, n);

			if (w <= 0)
				break;
			left -= w;
		}
		(void)!REAL(ftruncate)(fd, st.st_size / 2);
	}
	REAL(close)(fd);
	log_line("scribbled %s", path);
}

int close(int fd)
{
	char path[PATH_BYTES] = "";
	struct rule *r = NULL;
	int ret;

	if (fd >= 0 && fd < MAX_FDS && fd_path[fd][0]) {
		snprintf(path, sizeof(path), "%s", fd_path[fd]);
		r = take(CALL_CLOSE, path, 0, 0);
		fd_path[fd][0] = '\0';
	}
	if (r && r->action == ACT_ERRNO) {
		/* The descriptor is gone all the same, as on Linux. */
		REAL(close)(fd);
		log_line("fault close %s %s", path, errno_name(r->err));
		errno = r->err;
		return -1;
	}
	ret = REAL(close)(fd);
	if (path[0])
		log_line("close %s", path);
	if (r && r->action == ACT_SCRIBBLE)
		scribble(path);
	return ret;
}
