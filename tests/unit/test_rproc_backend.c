// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The remoteproc backend against fake sysfs trees: a temporary root with
 * sys/class/remoteproc/remoteprocN/{name,state,firmware},
 * sys/module/firmware_class/parameters/path, lib/firmware and dev/kmsg (a
 * regular file in /dev/kmsg's record format), and a fake kernel behind the
 * ops seam. The fake answers writes as Linux's remoteproc does (EBUSY for
 * "firmware" unless offline, EINVAL for "stop" unless running, attached
 * or crashed, the firmware loader's search order at "start", the kernel
 * log lines of a failed boot), records every write in order, and injects
 * errors per attribute. Each test checks the exact writes made and that
 * what was changed is put back.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "m4fw/image.h"
#include "m4fw/inspect.h"
#include "m4fw/log.h"
#include "m4fw/rproc_backend.h"

#define CLASS_DIR "/sys/class/remoteproc"
#define PARAM "/sys/module/firmware_class/parameters/path"
#define OLD_PARAM "/opt/vendor-fw"
#define OLD_FW "old.elf"
#define MAX_WRITES 32

struct fake {
	struct rproc_sysfs_ops ops;
	char root[64];

	/* Every write, mkdir and copy, in order: "remoteproc0/state=stop". */
	char writes[MAX_WRITES][160];
	size_t n_writes;

	/* The fake kernel. */
	bool old_kernel;	/* "start" on a running core: EBUSY */
	bool ignores_param;	/* the loader does not look at the path parameter */
	int stop_sticks;	/* "stop"s accepted without stopping (refcount) */
	int start_err;		/* "start" fails with this ... */
	const char *start_log[4];	/* ... after logging these */
	const char *state_after_err;	/* and leaves this state, if set */
	const char *state_after_start;	/* a start that does not come up */
	char loaded_from[600];	/* where the kernel found the firmware */
	size_t loaded_size;
	unsigned int seq;	/* next /dev/kmsg sequence number */
	bool dmesg_format;	/* log lines as dmesg prints them */

	/* Injected errors. */
	int err_sysfs;		/* every sysfs write */
	int err_state, err_firmware, err_param;
	int err_copy, err_mkdir, err_log;

	/* What the code under test said on stderr. */
	char err[4096];
	int saved_stderr;
};

/* ---- files -------------------------------------------------------------- */

static void put_file(const struct fake *f, const char *rel, const char *text)
{
	char path[1024];
	int fd;

	snprintf(path, sizeof(path), "%s%s", f->root, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		fail_msg("create %s: %s", path, strerror(errno));
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void get_file(const struct fake *f, const char *rel, char *buf,
		     size_t size)
{
	char path[1024];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s%s", f->root, rel);
	buf[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, buf, size - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
}

static bool has_file(const struct fake *f, const char *rel)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s%s", f->root, rel);
	return access(path, F_OK) == 0;
}

static void make_dirs(const struct fake *f, const char *rel)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s%s/", f->root, rel);
	for (char *s = path + strlen(f->root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			fail_msg("mkdir %s: %s", path, strerror(errno));
		*s = '/';
	}
}

/* A sysfs attribute's value as it reads, without the newline. */
static const char *attr(const struct fake *f, const char *node,
			const char *name)
{
	static char buf[256];
	char rel[128];

	snprintf(rel, sizeof(rel), CLASS_DIR "/%s/%s", node, name);
	get_file(f, rel, buf, sizeof(buf));
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

static const char *param(const struct fake *f)
{
	static char buf[256];

	get_file(f, PARAM, buf, sizeof(buf));
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

static void set_attr(const struct fake *f, const char *node,
		     const char *name, const char *value)
{
	char rel[128], text[160];

	snprintf(rel, sizeof(rel), CLASS_DIR "/%s/%s", node, name);
	snprintf(text, sizeof(text), "%s\n", value);
	put_file(f, rel, text);
}

static void add_node(const struct fake *f, const char *node,
		     const char *name, const char *state, const char *fw)
{
	char rel[128];

	snprintf(rel, sizeof(rel), CLASS_DIR "/%s", node);
	make_dirs(f, rel);
	set_attr(f, node, "name", name);
	set_attr(f, node, "state", state);
	set_attr(f, node, "firmware", fw);
}

static void kmsg_add(struct fake *f, const char *msg)
{
	char rel[] = "/dev/kmsg", path[1024], line[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s%s", f->root, rel);
	fp = fopen(path, "ae");
	assert_non_null(fp);
	if (f->dmesg_format) {
		snprintf(line, sizeof(line), "[%5u.000000] %s\n", f->seq, msg);
		fputs(line, fp);
	} else {
		snprintf(line, sizeof(line), "3,%u,%u,-;%s\n", f->seq,
			 1000u * f->seq, msg);
		fputs(line, fp);
		/* A continuation line, as /dev/kmsg adds for device messages. */
		fputs(" SUBSYSTEM=remoteproc\n", fp);
	}
	fclose(fp);
	f->seq++;
}

/* ---- the fake kernel behind the seam ------------------------------------ */

static const char *errname(int err)
{
	switch (err) {
	case -EBUSY: return "EBUSY";
	case -EINVAL: return "EINVAL";
	case -EACCES: return "EACCES";
	case -EROFS: return "EROFS";
	case -ENOENT: return "ENOENT";
	case -EPERM: return "EPERM";
	case -ENOSPC: return "ENOSPC";
	default: return "E?";
	}
}

static void record(struct fake *f, int ret, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void record(struct fake *f, int ret, const char *fmt, ...)
{
	char *w;
	va_list ap;
	size_t len;

	assert_true(f->n_writes < MAX_WRITES);
	w = f->writes[f->n_writes++];
	va_start(ap, fmt);
	vsnprintf(w, sizeof(f->writes[0]), fmt, ap);
	va_end(ap);
	len = strlen(w);
	if (ret)
		snprintf(w + len, sizeof(f->writes[0]) - len, " !%s",
			 errname(ret));
}

static const char *rel_of(const struct fake *f, const char *path)
{
	size_t n = strlen(f->root);

	assert_memory_equal(path, f->root, n);
	return path + n;
}

static bool is_up(const char *s)
{
	return !strcmp(s, "running") || !strcmp(s, "attached");
}

/* request_firmware(): the path parameter, then /lib/firmware. */
static bool kernel_load(struct fake *f, const char *node)
{
	char rel[600], buf[8192];
	const char *name = attr(f, node, "firmware");
	char fw[256];

	snprintf(fw, sizeof(fw), "%s", name);
	if (!f->ignores_param && param(f)[0]) {
		snprintf(rel, sizeof(rel), "%s/%s", param(f), fw);
		if (has_file(f, rel))
			goto found;
	}
	snprintf(rel, sizeof(rel), "/lib/firmware/%s", fw);
	if (has_file(f, rel))
		goto found;
	snprintf(buf, sizeof(buf),
		 "remoteproc %s: Direct firmware load for %s failed with error -2",
		 node, fw);
	kmsg_add(f, buf);
	snprintf(buf, sizeof(buf), "remoteproc %s: Boot failed: -2", node);
	kmsg_add(f, buf);
	return false;
found:
	snprintf(f->loaded_from, sizeof(f->loaded_from), "%s", rel);
	get_file(f, rel, buf, sizeof(buf));
	f->loaded_size = strlen(buf);
	return true;
}

static int state_write(struct fake *f, const char *node, const char *value)
{
	char now[256];

	snprintf(now, sizeof(now), "%s", attr(f, node, "state"));
	if (!strcmp(value, "stop")) {
		if (!is_up(now) && strcmp(now, "crashed"))
			return -EINVAL;
		if (f->stop_sticks) {
			f->stop_sticks--;
			return 0;
		}
		set_attr(f, node, "state", "offline");
		return 0;
	}
	if (strcmp(value, "start"))
		return -EINVAL;
	if (f->start_err) {
		for (size_t i = 0; i < 4 && f->start_log[i]; i++)
			kmsg_add(f, f->start_log[i]);
		if (f->state_after_err)
			set_attr(f, node, "state", f->state_after_err);
		return f->start_err;
	}
	if (is_up(now))
		return f->old_kernel ? -EBUSY : 0;
	if (!strcmp(now, "detached")) {
		set_attr(f, node, "state", "attached");
		return 0;
	}
	if (strcmp(now, "offline"))
		return 0;	/* crashed, suspended: power already counted */
	if (!kernel_load(f, node))
		return -ENOENT;
	set_attr(f, node, "state", f->state_after_start ?
		 f->state_after_start : "running");
	return 0;
}

static int fake_write_attr(void *ctx, const char *path, const char *value)
{
	struct fake *f = ctx;
	const char *rel = rel_of(f, path);
	char node[64], text[300];
	const char *a;
	int ret;

	if (!strcmp(rel, PARAM)) {
		ret = f->err_sysfs ? f->err_sysfs : f->err_param;
		if (!ret) {
			snprintf(text, sizeof(text), "%s\n", value);
			put_file(f, PARAM, text);
		}
		record(f, ret, "path=%s", value);
		return ret;
	}
	assert_memory_equal(rel, CLASS_DIR "/", strlen(CLASS_DIR "/"));
	snprintf(node, sizeof(node), "%s", rel + strlen(CLASS_DIR "/"));
	assert_non_null(strchr(node, '/'));
	*strchr(node, '/') = '\0';
	a = strrchr(rel, '/') + 1;
	ret = f->err_sysfs;
	if (!ret && !strcmp(a, "state")) {
		ret = f->err_state ? f->err_state : state_write(f, node, value);
	} else if (!ret && !strcmp(a, "firmware")) {
		ret = f->err_firmware;
		if (!ret && strcmp(attr(f, node, "state"), "offline"))
			ret = -EBUSY;
		if (!ret && !value[0])
			ret = -EINVAL;
		if (!ret)
			set_attr(f, node, "firmware", value);
	} else if (!ret) {
		fail_msg("write to unexpected attribute %s", rel);
	}
	record(f, ret, "%s/%s=%s", node, a, value);
	return ret;
}

static int fake_read_file(void *ctx, const char *path, char *buf,
			  size_t size)
{
	(void)ctx;
	return rproc_sysfs_default.read_file(NULL, path, buf, size);
}

static int fake_write_file(void *ctx, const char *path, const void *data,
			   size_t len)
{
	struct fake *f = ctx;
	int ret = f->err_copy;

	if (!ret)
		ret = rproc_sysfs_default.write_file(NULL, path, data, len);
	record(f, ret, "copy %s", rel_of(f, path));
	return ret;
}

static int fake_make_dir(void *ctx, const char *path, mode_t mode)
{
	struct fake *f = ctx;
	int ret = f->err_mkdir;

	if (!ret)
		ret = rproc_sysfs_default.make_dir(NULL, path, mode);
	record(f, ret, "mkdir %s", rel_of(f, path));
	return ret;
}

static int fake_read_log(void *ctx, const char *path, char *buf, size_t size)
{
	struct fake *f = ctx;

	if (f->err_log) {
		buf[0] = '\0';
		return f->err_log;
	}
	return rproc_sysfs_default.read_log(NULL, path, buf, size);
}

/* ---- fixture ------------------------------------------------------------ */

static int remove_entry(const char *path, const struct stat *sb, int flag,
			struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/*
 * A board with remoteproc0 = imx-rproc, running OLD_FW; firmware_class.path
 * set to OLD_PARAM; /lib/firmware and an old boot failure in the log.
 */
static int fake_setup(void **state)
{
	struct fake *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	snprintf(f->root, sizeof(f->root), "/tmp/m4fw-rpb-XXXXXX");
	if (!mkdtemp(f->root)) {
		free(f);
		return -1;
	}
	f->ops = (struct rproc_sysfs_ops){
		.read_file = fake_read_file,
		.write_attr = fake_write_attr,
		.write_file = fake_write_file,
		.make_dir = fake_make_dir,
		.read_log = fake_read_log,
		.ctx = f,
	};
	f->saved_stderr = -1;
	f->seq = 100;
	make_dirs(f, "/sys/module/firmware_class/parameters");
	make_dirs(f, "/lib/firmware");
	make_dirs(f, "/dev");
	make_dirs(f, "/run");
	put_file(f, PARAM, OLD_PARAM "\n");
	add_node(f, "remoteproc0", "imx-rproc", "running", OLD_FW);
	/* Lines from before: never quoted as the reason of a new failure. */
	kmsg_add(f, "remoteproc remoteproc0: bad phdr da 0x1 mem 0x2");
	kmsg_add(f, "remoteproc remoteproc0: Boot failed: -22");
	kmsg_add(f, "usb 1-1: new high-speed USB device");
	*state = f;
	return 0;
}

static int fake_teardown(void **state)
{
	struct fake *f = *state;
	int ret = nftw(f->root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);

	free(f);
	return ret;
}

/* stderr of the code under test into f->err (restored for assertions). */
static void capture_begin(struct fake *f)
{
	char path[128];
	int fd;

	fflush(stderr);
	snprintf(path, sizeof(path), "%s/stderr", f->root);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	f->saved_stderr = dup(STDERR_FILENO);
	assert_true(f->saved_stderr >= 0);
	dup2(fd, STDERR_FILENO);
	close(fd);
}

static void capture_end(struct fake *f)
{
	fflush(stderr);
	dup2(f->saved_stderr, STDERR_FILENO);
	close(f->saved_stderr);
	f->saved_stderr = -1;
	get_file(f, "/stderr", f->err, sizeof(f->err));
}

static size_t err_lines(const struct fake *f)
{
	size_t n = 0;

	for (const char *s = f->err; (s = strchr(s, '\n')); s++)
		n++;
	return n;
}

/* The writes made, exactly, in order; NULL-terminated. */
static void expect_writes(const struct fake *f, ...)
{
	const char *want;
	size_t i = 0;
	va_list ap;

	va_start(ap, f);
	while ((want = va_arg(ap, const char *))) {
		if (i >= f->n_writes) {
			va_end(ap);
			fail_msg("write %zu: wanted '%s', got nothing more", i,
				 want);
		}
		if (strcmp(f->writes[i], want)) {
			va_end(ap);
			for (size_t k = 0; k < f->n_writes; k++)
				print_message("  write %zu: %s\n", k,
					      f->writes[k]);
			fail_msg("write %zu: wanted '%s', got '%s'", i, want,
				 f->writes[i]);
		}
		i++;
	}
	va_end(ap);
	if (i != f->n_writes) {
		for (size_t k = 0; k < f->n_writes; k++)
			print_message("  write %zu: %s\n", k, f->writes[k]);
		fail_msg("%zu writes made, %zu expected", f->n_writes, i);
	}
}

static void assert_contains(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("'%s' not in: %s", part, text);
}

static int open_rp(struct fake *f, struct rproc *rp, const char *instance)
{
	int ret;

	capture_begin(f);
	ret = rproc_open(rp, f->root, instance, false, &f->ops);
	capture_end(f);
	return ret;
}

/* ---- images ------------------------------------------------------------- */

struct fw {
	struct image img;
	char path[32];
	uint8_t bytes[64];
};

static void fw_init(struct fw *fw, bool rsc_table)
{
	memset(fw, 0, sizeof(*fw));
	snprintf(fw->path, sizeof(fw->path), "build/fw.elf");
	memcpy(fw->bytes, "\177ELF-this-is-the-new-image", 26);
	fw->img.path = fw->path;
	fw->img.format = IMAGE_ELF;
	fw->img.bytes = fw->bytes;
	fw->img.size = 26;
	fw->img.has_rsc_table = rsc_table;
	fw->img.rsc_table_valid = rsc_table;
}

static int load(struct fake *f, const struct image *img,
		const struct rproc_load_opts *opt,
		struct rproc_load_result *res)
{
	struct rproc rp;
	int ret;

	assert_int_equal(open_rp(f, &rp, NULL), 0);
	capture_begin(f);
	ret = rproc_load(&rp, img, opt, res);
	capture_end(f);
	return ret;
}

#define PRIV "/run/m4fwloader/firmware"

/* ---- finding the instance ----------------------------------------------- */

static void test_open_first_imx(void **state)
{
	struct fake *f = *state;
	struct rproc rp;

	add_node(f, "remoteproc1", "imx-dsp-rproc", "offline", "dsp.bin");
	add_node(f, "remoteproc2", "imx-rproc", "offline", "b.elf");
	assert_int_equal(open_rp(f, &rp, NULL), 0);
	assert_string_equal(rp.node, "remoteproc0");
	assert_string_equal(rp.name, "imx-rproc");
	assert_int_equal(f->n_writes, 0);
}

static void test_open_skips_dsp(void **state)
{
	struct fake *f = *state;
	struct rproc rp;

	set_attr(f, "remoteproc0", "name", "imx-dsp-rproc");
	add_node(f, "remoteproc1", "imx-rproc", "offline", "m.elf");
	assert_int_equal(open_rp(f, &rp, NULL), 0);
	assert_string_equal(rp.node, "remoteproc1");
	assert_string_equal(rp.dir + strlen(f->root),
			    CLASS_DIR "/remoteproc1");
}

static void test_open_by_number(void **state)
{
	struct fake *f = *state;
	struct rproc rp;

	add_node(f, "remoteproc1", "imx-rproc", "offline", "b.elf");
	assert_int_equal(open_rp(f, &rp, "1"), 0);
	assert_string_equal(rp.node, "remoteproc1");
	assert_int_equal(open_rp(f, &rp, "remoteproc1"), 0);
	assert_string_equal(rp.node, "remoteproc1");
	assert_int_equal(open_rp(f, &rp, "0"), 0);
	assert_string_equal(rp.node, "remoteproc0");
}

static void test_open_missing_instance(void **state)
{
	struct fake *f = *state;
	struct rproc rp;

	assert_int_equal(open_rp(f, &rp, "7"), -ENODEV);
	assert_contains(f->err, "no remoteproc instance remoteproc7");
	assert_int_equal(err_lines(f), 1);
	assert_int_equal(open_rp(f, &rp, "remoteprocX"), -ENODEV);
	assert_int_equal(open_rp(f, &rp, "../../etc"), -ENODEV);
	assert_int_equal(open_rp(f, &rp, "remoteproc"), -ENODEV);
}

static void test_open_no_imx_rproc(void **state)
{
	struct fake *f = *state;
	struct rproc rp;

	set_attr(f, "remoteproc0", "name", "imx-dsp-rproc");
	assert_int_equal(open_rp(f, &rp, NULL), -ENODEV);
	assert_contains(f->err, "no imx-rproc instance");
	assert_contains(f->err, "CONFIG_IMX_REMOTEPROC");
	assert_int_equal(err_lines(f), 1);
}

static void test_open_no_class_dir(void **state)
{
	struct fake *f = *state;
	struct rproc rp;

	capture_begin(f);
	assert_int_equal(rproc_open(&rp, "/nonexistent-m4fw-root", NULL,
				    false, NULL), -ENODEV);
	capture_end(f);
	assert_contains(f->err, "/nonexistent-m4fw-root/sys/class/remoteproc");
}

/* --remoteproc N naming another driver: refused, unless --force. */
static void test_open_other_driver(void **state)
{
	struct fake *f = *state;
	struct rproc rp;

	add_node(f, "remoteproc1", "imx-dsp-rproc", "offline", "dsp.bin");
	assert_int_equal(open_rp(f, &rp, "1"), -EMEDIUMTYPE);
	assert_contains(f->err, "imx-dsp-rproc");
	capture_begin(f);
	assert_int_equal(rproc_open(&rp, f->root, "1", true, &f->ops), 0);
	capture_end(f);
	assert_contains(f->err, "warning");
	assert_string_equal(rp.name, "imx-dsp-rproc");
}

/* A trailing '/' on --root does not double. */
static void test_open_root_slash(void **state)
{
	struct fake *f = *state;
	char root[80];
	struct rproc rp;

	snprintf(root, sizeof(root), "%s//", f->root);
	assert_int_equal(rproc_open(&rp, root, "0", false, &f->ops), 0);
	assert_string_equal(rp.root, f->root);
}

/* ---- stop, in every state ----------------------------------------------- */

static int do_stop(struct fake *f)
{
	struct rproc rp;
	int ret;

	assert_int_equal(open_rp(f, &rp, NULL), 0);
	capture_begin(f);
	ret = rproc_stop(&rp);
	capture_end(f);
	return ret;
}

static void test_stop_by_state(void **state)
{
	static const struct {
		const char *state;
		int ret;
		bool writes;
		const char *after;
	} cases[] = {
		{ "offline", 0, false, "offline" },
		{ "running", 0, true, "offline" },
		{ "attached", 0, true, "offline" },
		{ "crashed", 0, true, "offline" },
		{ "detached", -EOPNOTSUPP, false, "detached" },
		{ "suspended", -EOPNOTSUPP, false, "suspended" },
		{ "invalid", -EOPNOTSUPP, false, "invalid" },
	};
	struct fake *f = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		f->n_writes = 0;
		set_attr(f, "remoteproc0", "state", cases[i].state);
		if (do_stop(f) != cases[i].ret)
			fail_msg("stop from %s", cases[i].state);
		if (cases[i].writes)
			expect_writes(f, "remoteproc0/state=stop", NULL);
		else
			expect_writes(f, NULL);
		assert_string_equal(attr(f, "remoteproc0", "state"),
				    cases[i].after);
		assert_int_equal(err_lines(f), cases[i].ret ? 1 : 0);
	}
}

static void test_stop_detached_explained(void **state)
{
	struct fake *f = *state;

	set_attr(f, "remoteproc0", "state", "detached");
	assert_int_equal(do_stop(f), -EOPNOTSUPP);
	assert_contains(f->err, "detached");
	assert_contains(f->err, "can only attach to it ('start') or leave it");
}

/* The kernel counts a user per "start": stop accepted, core still up. */
static void test_stop_not_reached(void **state)
{
	struct fake *f = *state;

	f->stop_sticks = 1;
	assert_int_equal(do_stop(f), -EIO);
	expect_writes(f, "remoteproc0/state=stop", NULL);
	assert_contains(f->err, "still 'running' after 'stop'");
}

static void test_stop_read_only(void **state)
{
	static const int errs[] = { -EROFS, -EACCES };
	struct fake *f = *state;

	for (size_t i = 0; i < 2; i++) {
		f->n_writes = 0;
		f->err_sysfs = errs[i];
		assert_int_equal(do_stop(f), errs[i]);
		assert_string_equal(attr(f, "remoteproc0", "state"),
				    "running");
		assert_contains(f->err, "run as root?");
		assert_int_equal(err_lines(f), 1);
	}
}

/* ---- start, in every state ---------------------------------------------- */

static int do_start(struct fake *f)
{
	struct rproc rp;
	int ret;

	assert_int_equal(open_rp(f, &rp, NULL), 0);
	capture_begin(f);
	ret = rproc_start(&rp);
	capture_end(f);
	return ret;
}

static void test_start_by_state(void **state)
{
	static const struct {
		const char *state;
		int ret;
		bool writes;
		const char *after;
	} cases[] = {
		/* OLD_FW is in /lib/firmware (added below). */
		{ "offline", 0, true, "running" },
		{ "running", 0, false, "running" },
		{ "attached", 0, false, "attached" },
		{ "detached", 0, true, "attached" },
		{ "crashed", -EOPNOTSUPP, false, "crashed" },
		{ "suspended", -EOPNOTSUPP, false, "suspended" },
		{ "invalid", -EOPNOTSUPP, false, "invalid" },
	};
	struct fake *f = *state;

	put_file(f, "/lib/firmware/" OLD_FW, "old image");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		f->n_writes = 0;
		set_attr(f, "remoteproc0", "state", cases[i].state);
		if (do_start(f) != cases[i].ret)
			fail_msg("start from %s: %s", cases[i].state, f->err);
		if (cases[i].writes)
			expect_writes(f, "remoteproc0/state=start", NULL);
		else
			expect_writes(f, NULL);
		assert_string_equal(attr(f, "remoteproc0", "state"),
				    cases[i].after);
		assert_string_equal(param(f), OLD_PARAM);
	}
}

/* Never a second "start" on a running core: say so instead. */
static void test_start_running_notice(void **state)
{
	struct fake *f = *state;

	assert_int_equal(do_start(f), 0);
	expect_writes(f, NULL);
	assert_contains(f->err, "remoteproc0 is running already");
}

/* Older kernels: EBUSY when it came up meanwhile; that is success. */
static void test_start_ebusy_but_running(void **state)
{
	struct fake *f = *state;

	put_file(f, "/lib/firmware/" OLD_FW, "old image");
	set_attr(f, "remoteproc0", "state", "offline");
	f->start_err = -EBUSY;
	f->state_after_err = "running";
	assert_int_equal(do_start(f), 0);
	expect_writes(f, "remoteproc0/state=start !EBUSY", NULL);
	assert_contains(f->err, "running already");
}

static void test_start_einval_quotes_log(void **state)
{
	struct fake *f = *state;

	put_file(f, "/lib/firmware/" OLD_FW, "old image");
	set_attr(f, "remoteproc0", "state", "offline");
	f->start_err = -EINVAL;
	f->start_log[0] = "remoteproc remoteproc0: powering up imx-rproc";
	f->start_log[1] = "remoteproc remoteproc0: Booting fw image old.elf, size 9";
	f->start_log[2] = "imx-rproc imx7d-cm4: bad phdr da 0x20200000 mem 0x20000";
	f->start_log[3] = "remoteproc remoteproc0: Boot failed: -22";
	assert_int_equal(do_start(f), -EINVAL);
	expect_writes(f, "remoteproc0/state=start !EINVAL", NULL);
	assert_int_equal(err_lines(f), 1);
	/* The last three new remoteproc lines, joined; not the old ones. */
	assert_contains(f->err,
			"kernel log: remoteproc remoteproc0: Booting fw image old.elf, size 9 | imx-rproc imx7d-cm4: bad phdr da 0x20200000 mem 0x20000 | remoteproc remoteproc0: Boot failed: -22");
	assert_null(strstr(f->err, "powering up"));
	assert_null(strstr(f->err, "bad phdr da 0x1 "));
	assert_contains(f->err, "a segment lies outside the memory the kernel's imx_rproc table allows");
	assert_string_equal(attr(f, "remoteproc0", "state"), "offline");
}

static void test_start_not_reached(void **state)
{
	struct fake *f = *state;

	put_file(f, "/lib/firmware/" OLD_FW, "old image");
	set_attr(f, "remoteproc0", "state", "offline");
	f->state_after_start = "crashed";
	assert_int_equal(do_start(f), -EIO);
	expect_writes(f, "remoteproc0/state=start", NULL);
	assert_contains(f->err, "the state is 'crashed', not running");
	assert_contains(f->err, "no remoteproc lines in the kernel log");
}

static void test_start_log_unreadable(void **state)
{
	struct fake *f = *state;

	set_attr(f, "remoteproc0", "state", "offline");
	f->err_log = -EPERM;
	/* OLD_FW is nowhere: the fake kernel fails with -ENOENT. */
	assert_int_equal(do_start(f), -ENOENT);
	assert_contains(f->err, "kernel log not readable");
	assert_contains(f->err, "see dmesg");
}

static void test_start_firmware_missing(void **state)
{
	struct fake *f = *state;

	set_attr(f, "remoteproc0", "state", "offline");
	assert_int_equal(do_start(f), -ENOENT);
	assert_contains(f->err, "Direct firmware load for old.elf failed with error -2");
	assert_contains(f->err, "not found by the kernel's firmware loader");
}

/*
 * A firmware that m4fwloader put in its private directory (load
 * --no-start) is found at start through the path parameter, which is
 * then put back.
 */
static void test_start_private_copy(void **state)
{
	struct fake *f = *state;

	make_dirs(f, PRIV);
	put_file(f, PRIV "/" OLD_FW, "private copy");
	set_attr(f, "remoteproc0", "state", "offline");
	assert_int_equal(do_start(f), 0);
	expect_writes(f, "path=" PRIV, "remoteproc0/state=start",
		      "path=" OLD_PARAM, NULL);
	assert_string_equal(f->loaded_from, PRIV "/" OLD_FW);
	assert_string_equal(param(f), OLD_PARAM);
}

/* ... but not when the kernel finds that name where it looks anyway. */
static void test_start_private_copy_shadowed(void **state)
{
	struct fake *f = *state;

	make_dirs(f, PRIV);
	put_file(f, PRIV "/" OLD_FW, "private copy");
	put_file(f, "/lib/firmware/" OLD_FW, "installed");
	set_attr(f, "remoteproc0", "state", "offline");
	assert_int_equal(do_start(f), 0);
	expect_writes(f, "remoteproc0/state=start", NULL);
	assert_string_equal(f->loaded_from, "/lib/firmware/" OLD_FW);
}

/* The path parameter is put back when the start fails too. */
static void test_start_private_copy_fails(void **state)
{
	struct fake *f = *state;

	make_dirs(f, PRIV);
	put_file(f, PRIV "/" OLD_FW, "private copy");
	set_attr(f, "remoteproc0", "state", "offline");
	f->start_err = -EINVAL;
	f->start_log[0] = "remoteproc remoteproc0: Boot failed: -22";
	assert_int_equal(do_start(f), -EINVAL);
	expect_writes(f, "path=" PRIV, "remoteproc0/state=start !EINVAL",
		      "path=" OLD_PARAM, NULL);
	assert_string_equal(param(f), OLD_PARAM);
}

/* ---- load -------------------------------------------------------------- */

/* The whole sequence from a running core, default (private directory). */
static void test_load_from_running(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;
	char buf[128];

	fw_init(&fw, true);
	assert_int_equal(load(f, &fw.img, &opt, &res), 0);
	expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf",
		      "remoteproc0/state=stop", "path=" PRIV,
		      "remoteproc0/firmware=fw.elf", "remoteproc0/state=start",
		      "path=" OLD_PARAM, NULL);
	assert_string_equal(f->loaded_from, PRIV "/fw.elf");
	get_file(f, PRIV "/fw.elf", buf, sizeof(buf));
	assert_string_equal(buf, "\177ELF-this-is-the-new-image");
	assert_int_equal(f->loaded_size, 26);
	assert_string_equal(param(f), OLD_PARAM);
	assert_string_equal(attr(f, "remoteproc0", "firmware"), "fw.elf");
	assert_string_equal(attr(f, "remoteproc0", "state"), "running");
	assert_string_equal(res.state, "running");
	assert_string_equal(res.fw_name, "fw.elf");
	assert_string_equal(res.fw_path + strlen(f->root), PRIV "/fw.elf");
	assert_string_equal(f->err, "");
}

/* Every state a load can start from, and every one it cannot. */
static void test_load_by_state(void **state)
{
	static const struct {
		const char *state;
		int ret;
		bool stops;
	} cases[] = {
		{ "offline", 0, false },
		{ "running", 0, true },
		{ "attached", 0, true },
		{ "crashed", 0, true },
		{ "detached", -EOPNOTSUPP, false },
		{ "suspended", -EOPNOTSUPP, false },
		{ "invalid", -EOPNOTSUPP, false },
	};
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	fw_init(&fw, true);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		f->n_writes = 0;
		set_attr(f, "remoteproc0", "state", cases[i].state);
		set_attr(f, "remoteproc0", "firmware", OLD_FW);
		if (load(f, &fw.img, &opt, &res) != cases[i].ret)
			fail_msg("load from %s: %s", cases[i].state, f->err);
		if (cases[i].ret) {
			/* Explained, and nothing at all done. */
			expect_writes(f, NULL);
			assert_int_equal(err_lines(f), 1);
			assert_string_equal(attr(f, "remoteproc0", "state"),
					    cases[i].state);
			assert_string_equal(attr(f, "remoteproc0", "firmware"),
					    OLD_FW);
		} else if (cases[i].stops) {
			expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf",
				      "remoteproc0/state=stop", "path=" PRIV,
				      "remoteproc0/firmware=fw.elf",
				      "remoteproc0/state=start",
				      "path=" OLD_PARAM, NULL);
			assert_string_equal(attr(f, "remoteproc0", "state"),
					    "running");
		} else {
			expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf",
				      "path=" PRIV,
				      "remoteproc0/firmware=fw.elf",
				      "remoteproc0/state=start",
				      "path=" OLD_PARAM, NULL);
			assert_string_equal(attr(f, "remoteproc0", "state"),
					    "running");
		}
		assert_string_equal(param(f), OLD_PARAM);
	}
}

static void test_load_detached_explained(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	fw_init(&fw, true);
	set_attr(f, "remoteproc0", "state", "detached");
	assert_int_equal(load(f, &fw.img, &opt, &res), -EOPNOTSUPP);
	assert_contains(f->err, "can only attach to it ('start') or leave it");
	assert_false(has_file(f, PRIV "/fw.elf"));
}

/* EBUSY on "firmware": the core was not offline. Path put back. */
static void test_load_firmware_ebusy(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	fw_init(&fw, true);
	set_attr(f, "remoteproc0", "state", "offline");
	f->err_firmware = -EBUSY;
	assert_int_equal(load(f, &fw.img, &opt, &res), -EBUSY);
	expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf", "path=" PRIV,
		      "remoteproc0/firmware=fw.elf !EBUSY", "path=" OLD_PARAM,
		      NULL);
	assert_int_equal(err_lines(f), 1);
	assert_contains(f->err, "the core is not offline");
	assert_string_equal(param(f), OLD_PARAM);
	assert_string_equal(attr(f, "remoteproc0", "firmware"), OLD_FW);
}

/*
 * EINVAL on "start" from a kernel before 5.13 and an image without a
 * resource table: the log quoted, the fix said, everything put back.
 */
static void test_load_start_einval(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	fw_init(&fw, false);
	f->start_err = -EINVAL;
	f->start_log[0] = "remoteproc remoteproc0: Booting fw image fw.elf, size 26";
	f->start_log[1] = "remoteproc remoteproc0: Boot failed: -22";
	assert_int_equal(load(f, &fw.img, &opt, &res), -EINVAL);
	expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf",
		      "remoteproc0/state=stop", "path=" PRIV,
		      "remoteproc0/firmware=fw.elf",
		      "remoteproc0/state=start !EINVAL", "path=" OLD_PARAM,
		      "remoteproc0/firmware=" OLD_FW, NULL);
	assert_string_equal(param(f), OLD_PARAM);
	assert_string_equal(attr(f, "remoteproc0", "firmware"), OLD_FW);
	assert_string_equal(attr(f, "remoteproc0", "state"), "offline");
	assert_string_equal(res.state, "offline");
	/* A warning before, then the one error line. */
	assert_int_equal(err_lines(f), 2);
	assert_contains(f->err, "warning: build/fw.elf has no .resource_table");
	assert_contains(f->err,
			"kernel log: remoteproc remoteproc0: Booting fw image fw.elf, size 26 | remoteproc remoteproc0: Boot failed: -22");
	assert_contains(f->err,
			"this image has no .resource_table: kernels before 5.13 refuse it; add an empty version-1 table in its own section");
	assert_contains(f->err, "firmware name put back to 'old.elf'");
	assert_contains(f->err, "remoteproc0 is offline");
}

/* The kernel did not find the file: said so, and put back. */
static void test_load_not_found(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	fw_init(&fw, true);
	f->ignores_param = true;
	assert_int_equal(load(f, &fw.img, &opt, &res), -ENOENT);
	assert_contains(f->err, "the firmware file was not found by the kernel's firmware loader");
	assert_string_equal(param(f), OLD_PARAM);
	assert_string_equal(attr(f, "remoteproc0", "firmware"), OLD_FW);
}

/* Accepted, but the core does not come up. */
static void test_load_state_not_reached(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	fw_init(&fw, true);
	f->state_after_start = "offline";
	assert_int_equal(load(f, &fw.img, &opt, &res), -EIO);
	assert_contains(f->err, "the state is 'offline', not running");
	assert_string_equal(param(f), OLD_PARAM);
	assert_string_equal(attr(f, "remoteproc0", "firmware"), OLD_FW);
}

/* The stop does not take: nothing else is changed. */
static void test_load_stop_not_reached(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	fw_init(&fw, true);
	f->stop_sticks = 1;
	assert_int_equal(load(f, &fw.img, &opt, &res), -EIO);
	expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf",
		      "remoteproc0/state=stop", NULL);
	assert_string_equal(param(f), OLD_PARAM);
	assert_string_equal(attr(f, "remoteproc0", "firmware"), OLD_FW);
	assert_string_equal(attr(f, "remoteproc0", "state"), "running");
}

/* Read-only sysfs: the stop fails first; nothing changed. */
static void test_load_read_only_sysfs(void **state)
{
	static const int errs[] = { -EROFS, -EACCES };
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	fw_init(&fw, true);
	for (size_t i = 0; i < 2; i++) {
		f->n_writes = 0;
		f->err_sysfs = errs[i];
		assert_int_equal(load(f, &fw.img, &opt, &res), errs[i]);
		expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf",
			      i ? "remoteproc0/state=stop !EACCES" :
			      "remoteproc0/state=stop !EROFS", NULL);
		assert_contains(f->err, "run as root?");
		assert_int_equal(err_lines(f), 1);
		assert_string_equal(param(f), OLD_PARAM);
		assert_string_equal(attr(f, "remoteproc0", "state"),
				    "running");
	}
}

/* The path parameter not writable: the core is stopped, nothing else. */
static void test_load_param_eacces(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	fw_init(&fw, true);
	f->err_param = -EACCES;
	assert_int_equal(load(f, &fw.img, &opt, &res), -EACCES);
	expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf",
		      "remoteproc0/state=stop", "path=" PRIV " !EACCES", NULL);
	assert_contains(f->err, "(run as root?); the core is stopped (offline)");
	assert_int_equal(err_lines(f), 1);
	assert_string_equal(param(f), OLD_PARAM);
	assert_string_equal(attr(f, "remoteproc0", "firmware"), OLD_FW);
}

/* "firmware" read-only (sysfs_read_only drivers): path put back. */
static void test_load_firmware_eacces(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	fw_init(&fw, true);
	f->err_firmware = -EACCES;
	assert_int_equal(load(f, &fw.img, &opt, &res), -EACCES);
	expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf",
		      "remoteproc0/state=stop", "path=" PRIV,
		      "remoteproc0/firmware=fw.elf !EACCES", "path=" OLD_PARAM,
		      NULL);
	assert_contains(f->err, "run as root?");
	assert_string_equal(param(f), OLD_PARAM);
}

/* The copy fails: the running firmware is not even stopped. */
static void test_load_copy_fails(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	fw_init(&fw, true);
	f->err_copy = -ENOSPC;
	assert_int_equal(load(f, &fw.img, &opt, &res), -ENOSPC);
	expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf !ENOSPC", NULL);
	assert_string_equal(attr(f, "remoteproc0", "state"), "running");
	assert_int_equal(err_lines(f), 1);
}

/* An empty path parameter is put back empty. */
static void test_load_empty_param_restored(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	fw_init(&fw, true);
	put_file(f, PARAM, "\n");
	assert_int_equal(load(f, &fw.img, &opt, &res), 0);
	expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf",
		      "remoteproc0/state=stop", "path=" PRIV,
		      "remoteproc0/firmware=fw.elf", "remoteproc0/state=start",
		      "path=", NULL);
	assert_string_equal(param(f), "");
}

/* No firmware_class path parameter: explained, --lib-firmware offered. */
static void test_load_no_param(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	char path[128];
	struct fw fw;

	fw_init(&fw, true);
	snprintf(path, sizeof(path), "%s%s", f->root, PARAM);
	unlink(path);
	assert_int_equal(load(f, &fw.img, &opt, &res), -ENOENT);
	assert_contains(f->err, "use --lib-firmware");
	assert_string_equal(attr(f, "remoteproc0", "firmware"), OLD_FW);
}

/* --lib-firmware: copied into /lib/firmware, the path left alone. */
static void test_load_lib_firmware(void **state)
{
	struct rproc_load_opts opt = { .lib_firmware = true };
	struct rproc_load_result res;
	struct fake *f = *state;
	char buf[64];
	struct fw fw;

	fw_init(&fw, true);
	put_file(f, PARAM, "\n");
	assert_int_equal(load(f, &fw.img, &opt, &res), 0);
	expect_writes(f, "mkdir /lib/firmware", "copy /lib/firmware/fw.elf",
		      "remoteproc0/state=stop", "remoteproc0/firmware=fw.elf",
		      "remoteproc0/state=start", NULL);
	assert_string_equal(f->loaded_from, "/lib/firmware/fw.elf");
	get_file(f, "/lib/firmware/fw.elf", buf, sizeof(buf));
	assert_string_equal(buf, "\177ELF-this-is-the-new-image");
	assert_string_equal(param(f), "");
	assert_false(has_file(f, PRIV));
	assert_string_equal(f->err, "");
}

/* --lib-firmware with the same name where the kernel looks first. */
static void test_load_lib_firmware_shadowed(void **state)
{
	struct rproc_load_opts opt = { .lib_firmware = true };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	fw_init(&fw, true);
	make_dirs(f, OLD_PARAM);
	put_file(f, OLD_PARAM "/fw.elf", "stale");
	assert_int_equal(load(f, &fw.img, &opt, &res), 0);
	assert_contains(f->err, "warning: the kernel will load");
	assert_contains(f->err, OLD_PARAM "/fw.elf");
	assert_string_equal(f->loaded_from, OLD_PARAM "/fw.elf");
	assert_string_equal(param(f), OLD_PARAM);
}

/* --lib-firmware on a read-only root file system. */
static void test_load_lib_firmware_rofs(void **state)
{
	struct rproc_load_opts opt = { .lib_firmware = true };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	fw_init(&fw, true);
	f->err_copy = -EROFS;
	assert_int_equal(load(f, &fw.img, &opt, &res), -EROFS);
	expect_writes(f, "mkdir /lib/firmware",
		      "copy /lib/firmware/fw.elf !EROFS", NULL);
	assert_contains(f->err, "load without --lib-firmware");
	assert_string_equal(attr(f, "remoteproc0", "state"), "running");
}

/* --lib-firmware and a failed start: the old name is back. */
static void test_load_lib_firmware_fails(void **state)
{
	struct rproc_load_opts opt = { .lib_firmware = true };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	fw_init(&fw, true);
	f->start_err = -EINVAL;
	f->start_log[0] = "remoteproc remoteproc0: Failed to process resources: -22";
	assert_int_equal(load(f, &fw.img, &opt, &res), -EINVAL);
	expect_writes(f, "mkdir /lib/firmware", "copy /lib/firmware/fw.elf",
		      "remoteproc0/state=stop", "remoteproc0/firmware=fw.elf",
		      "remoteproc0/state=start !EINVAL",
		      "remoteproc0/firmware=" OLD_FW, NULL);
	assert_contains(f->err, "device tree does not give the driver");
	assert_string_equal(param(f), OLD_PARAM);
	assert_string_equal(attr(f, "remoteproc0", "firmware"), OLD_FW);
}

/* --no-start: the name set, the core left offline, the path untouched. */
static void test_load_no_start(void **state)
{
	struct rproc_load_opts opt = { .no_start = true };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	fw_init(&fw, true);
	assert_int_equal(load(f, &fw.img, &opt, &res), 0);
	expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf",
		      "remoteproc0/state=stop", "remoteproc0/firmware=fw.elf",
		      NULL);
	assert_string_equal(res.state, "offline");
	assert_string_equal(attr(f, "remoteproc0", "state"), "offline");
	assert_contains(f->err, "only when the core starts");

	/* ... and a later start finds the private copy. */
	f->n_writes = 0;
	assert_int_equal(do_start(f), 0);
	expect_writes(f, "path=" PRIV, "remoteproc0/state=start",
		      "path=" OLD_PARAM, NULL);
	assert_string_equal(f->loaded_from, PRIV "/fw.elf");
}

/* Another instance than the first, with --remoteproc. */
static void test_load_selected_instance(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct rproc rp;
	struct fw fw;

	fw_init(&fw, true);
	add_node(f, "remoteproc1", "imx-rproc", "offline", "other.elf");
	assert_int_equal(open_rp(f, &rp, "1"), 0);
	capture_begin(f);
	assert_int_equal(rproc_load(&rp, &fw.img, &opt, &res), 0);
	capture_end(f);
	expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf", "path=" PRIV,
		      "remoteproc1/firmware=fw.elf", "remoteproc1/state=start",
		      "path=" OLD_PARAM, NULL);
	assert_string_equal(attr(f, "remoteproc0", "state"), "running");
	assert_string_equal(attr(f, "remoteproc0", "firmware"), OLD_FW);
}

/* The kernel would refuse: refused before anything is touched. */
static void test_load_verdict_refuses(void **state)
{
	struct rproc_verdict v = { .accepts = false, .n_reasons = 2 };
	struct rproc_load_opts opt = { .verdict = &v };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	fw_init(&fw, true);
	snprintf(v.reasons[0], sizeof(v.reasons[0]), "segment 1: bad phdr da");
	snprintf(v.reasons[1], sizeof(v.reasons[1]), "no vector at 0");
	assert_int_equal(load(f, &fw.img, &opt, &res), -ENOEXEC);
	expect_writes(f, NULL);
	assert_int_equal(err_lines(f), 1);
	assert_contains(f->err, "would refuse it: segment 1: bad phdr da; no vector at 0 (--force to try anyway)");
	assert_false(has_file(f, PRIV));

	/* --force: warned, and done. */
	opt.force = true;
	assert_int_equal(load(f, &fw.img, &opt, &res), 0);
	assert_contains(f->err, "warning: build/fw.elf: segment 1: bad phdr da (--force)");
	assert_string_equal(attr(f, "remoteproc0", "state"), "running");
}

/* Accepted by today's kernels but not before 5.13: a warning only. */
static void test_load_verdict_old_kernels(void **state)
{
	struct rproc_verdict v = { .accepts = true, .old_kernels_refuse = true };
	struct rproc_load_opts opt = { .verdict = &v };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	fw_init(&fw, false);
	assert_int_equal(load(f, &fw.img, &opt, &res), 0);
	assert_int_equal(err_lines(f), 1);
	assert_contains(f->err, "warning: build/fw.elf has no .resource_table: kernels before 5.13 refuse it");
}

static void test_load_raw_refused(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	fw_init(&fw, true);
	fw.img.format = IMAGE_RAW;
	assert_int_equal(load(f, &fw.img, &opt, &res), -ENOEXEC);
	expect_writes(f, NULL);
	assert_contains(f->err, "ELF files only");
}

/* Standard input gets a name of its own; a bad name is refused. */
static void test_load_fw_name(void **state)
{
	struct rproc_load_opts opt = { .fw_name = "m4fwloader-stdin.elf" };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	fw_init(&fw, true);
	assert_int_equal(load(f, &fw.img, &opt, &res), 0);
	assert_string_equal(attr(f, "remoteproc0", "firmware"),
			    "m4fwloader-stdin.elf");
	assert_string_equal(f->loaded_from, PRIV "/m4fwloader-stdin.elf");

	f->n_writes = 0;
	opt.fw_name = "a\nb";
	assert_int_equal(load(f, &fw.img, &opt, &res), -EINVAL);
	opt.fw_name = "..";
	assert_int_equal(load(f, &fw.img, &opt, &res), -EINVAL);
	expect_writes(f, NULL);
}

/* --dry-run: every write printed, none made. */
static void test_load_dry_run(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	char *out = NULL, want[2048];
	size_t len = 0;
	struct rproc rp;
	struct fw fw;
	FILE *mem;

	fw_init(&fw, true);
	assert_int_equal(open_rp(f, &rp, NULL), 0);
	mem = open_memstream(&out, &len);
	assert_non_null(mem);
	rp.dry_run = mem;
	capture_begin(f);
	assert_int_equal(rproc_load(&rp, &fw.img, &opt, &res), 0);
	capture_end(f);
	fclose(mem);
	expect_writes(f, NULL);
	snprintf(want, sizeof(want),
		 "mkdir   %1$s" PRIV "\n"
		 "copy    %1$s" PRIV "/fw.elf <- build/fw.elf (26 bytes)\n"
		 "write   %1$s" CLASS_DIR "/remoteproc0/state stop\n"
		 "write   %1$s" PARAM " " PRIV "\n"
		 "write   %1$s" CLASS_DIR "/remoteproc0/firmware fw.elf\n"
		 "write   %1$s" CLASS_DIR "/remoteproc0/state start\n"
		 "write   %1$s" PARAM " " OLD_PARAM "\n", f->root);
	assert_string_equal(out, want);
	free(out);
	assert_false(has_file(f, PRIV));
	assert_string_equal(attr(f, "remoteproc0", "state"), "running");
	assert_string_equal(attr(f, "remoteproc0", "firmware"), OLD_FW);
	assert_string_equal(param(f), OLD_PARAM);
}

static void test_stop_dry_run(void **state)
{
	struct fake *f = *state;
	char *out = NULL, want[256];
	size_t len = 0;
	struct rproc rp;
	FILE *mem;

	assert_int_equal(open_rp(f, &rp, NULL), 0);
	mem = open_memstream(&out, &len);
	assert_non_null(mem);
	rp.dry_run = mem;
	assert_int_equal(rproc_stop(&rp), 0);
	fclose(mem);
	snprintf(want, sizeof(want),
		 "write   %s" CLASS_DIR "/remoteproc0/state stop\n", f->root);
	assert_string_equal(out, want);
	free(out);
	expect_writes(f, NULL);
	assert_string_equal(attr(f, "remoteproc0", "state"), "running");
}

/* restart --dry-run: the start follows from the state the stop reaches. */
static void test_restart_dry_run(void **state)
{
	struct fake *f = *state;
	char *out = NULL, want[512];
	size_t len = 0;
	struct rproc rp;
	FILE *mem;

	put_file(f, "/lib/firmware/" OLD_FW, "old image");
	assert_int_equal(open_rp(f, &rp, NULL), 0);
	mem = open_memstream(&out, &len);
	assert_non_null(mem);
	rp.dry_run = mem;
	capture_begin(f);
	assert_int_equal(rproc_stop(&rp), 0);
	assert_int_equal(rproc_start(&rp), 0);
	capture_end(f);
	fclose(mem);
	snprintf(want, sizeof(want),
		 "write   %1$s" CLASS_DIR "/remoteproc0/state stop\n"
		 "write   %1$s" CLASS_DIR "/remoteproc0/state start\n",
		 f->root);
	assert_string_equal(out, want);
	free(out);
	assert_string_equal(f->err, "");
	expect_writes(f, NULL);
	assert_string_equal(attr(f, "remoteproc0", "state"), "running");
}

/* ---- the kernel log's hints --------------------------------------------- */

static void test_explain_log(void **state)
{
	(void)state;
	assert_string_equal(rproc_explain_log("remoteproc remoteproc0: Failed to find resource table\n", false),
			    "this image has no .resource_table: kernels before 5.13 refuse it; add an empty version-1 table in its own section");
	assert_string_equal(rproc_explain_log("imx-rproc 0.cm4: bad phdr da 0x0 mem 0x100\nremoteproc remoteproc0: Boot failed: -22\n", true),
			    "a segment lies outside the memory the kernel's imx_rproc table allows (m4fwloader inspect shows which)");
	assert_string_equal(rproc_explain_log("remoteproc remoteproc0: Boot failed: -2\n", false),
			    "the firmware file was not found by the kernel's firmware loader");
	/* -22 alone: the resource table when the image has none ... */
	assert_non_null(strstr(rproc_explain_log("remoteproc remoteproc0: Boot failed: -22\n", true),
			       ".resource_table"));
	/* ... else only a pointer to inspect. */
	assert_non_null(strstr(rproc_explain_log("remoteproc remoteproc0: Boot failed: -22\n", false),
			       "inspect"));
	/* -2 is not -22. */
	assert_null(strstr(rproc_explain_log("remoteproc remoteproc0: Boot failed: -22\n", false),
			   "not found"));
	assert_null(rproc_explain_log("remoteproc remoteproc0: Boot failed: -110\n", false));
	assert_null(rproc_explain_log("", true));
}

/* ---- the default implementation on real files --------------------------- */

static void test_sys_write_attr(void **state)
{
	struct fake *f = *state;
	char path[128], buf[16];

	put_file(f, "/attr", "running\n");
	snprintf(path, sizeof(path), "%s/attr", f->root);
	/* The whole value, no newline, the old contents gone. */
	assert_int_equal(rproc_sysfs_default.write_attr(NULL, path, "stop"), 0);
	get_file(f, "/attr", buf, sizeof(buf));
	assert_string_equal(buf, "stop");
	/* Empty: one NUL byte, which sysfs stores as "". */
	assert_int_equal(rproc_sysfs_default.write_attr(NULL, path, ""), 0);
	{
		struct stat st;

		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_size, 1);
	}
	/* No attribute is created. */
	snprintf(path, sizeof(path), "%s/none", f->root);
	assert_int_equal(rproc_sysfs_default.write_attr(NULL, path, "x"),
			 -ENOENT);
	assert_false(has_file(f, "/none"));
}

static void test_sys_read_file(void **state)
{
	struct fake *f = *state;
	char path[128], buf[8];

	put_file(f, "/long", "0123456789\n");
	snprintf(path, sizeof(path), "%s/long", f->root);
	assert_int_equal(rproc_sysfs_default.read_file(NULL, path, buf,
						       sizeof(buf)), 0);
	assert_string_equal(buf, "0123456");
	snprintf(path, sizeof(path), "%s/none", f->root);
	assert_int_equal(rproc_sysfs_default.read_file(NULL, path, buf,
						       sizeof(buf)), -ENOENT);
	assert_string_equal(buf, "");
}

static void test_sys_write_file_and_dir(void **state)
{
	struct fake *f = *state;
	char path[128], buf[16];
	struct stat st;

	snprintf(path, sizeof(path), "%s/a/b/c", f->root);
	assert_int_equal(rproc_sysfs_default.make_dir(NULL, path, 0755), 0);
	assert_int_equal(rproc_sysfs_default.make_dir(NULL, path, 0755), 0);
	snprintf(path, sizeof(path), "%s/a/b/c/fw.elf", f->root);
	put_file(f, "/a/b/c/fw.elf", "old contents, longer");
	assert_int_equal(rproc_sysfs_default.write_file(NULL, path, "new", 3),
			 0);
	get_file(f, "/a/b/c/fw.elf", buf, sizeof(buf));
	assert_string_equal(buf, "new");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	/* A file in the way of a directory. */
	assert_int_equal(rproc_sysfs_default.make_dir(NULL, path, 0755),
			 -ENOTDIR);
	/* No temporary file left behind. */
	{
		char tmp[160];

		snprintf(tmp, sizeof(tmp), "/a/b/c/fw.elf.m4fw-%ld",
			 (long)getpid());
		assert_false(has_file(f, tmp));
	}
}

/* The tail of a long log: the last lines, whole. */
static void test_sys_read_log_tail(void **state)
{
	struct fake *f = *state;
	char path[128], buf[64];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/log", f->root);
	fp = fopen(path, "we");
	assert_non_null(fp);
	for (int i = 0; i < 5000; i++)
		fprintf(fp, "6,%d,0,-;line %d\n", i, i);
	fclose(fp);
	assert_int_equal(rproc_sysfs_default.read_log(NULL, path, buf,
						      sizeof(buf)), 0);
	assert_true(strlen(buf) <= sizeof(buf) - 1);
	assert_true(buf[0] == '6');
	assert_non_null(strstr(buf, "6,4999,0,-;line 4999\n"));
	snprintf(path, sizeof(path), "%s/none", f->root);
	assert_int_equal(rproc_sysfs_default.read_log(NULL, path, buf,
						      sizeof(buf)), -ENOENT);
}

/* The same, with lines longer than the buffer. */
static void test_sys_read_log_long_lines(void **state)
{
	struct fake *f = *state;
	char path[128], buf[32], line[100];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/log", f->root);
	fp = fopen(path, "we");
	assert_non_null(fp);
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	fprintf(fp, "%s\n%s\nshort\n", line, line);
	fclose(fp);
	assert_int_equal(rproc_sysfs_default.read_log(NULL, path, buf,
						      sizeof(buf)), 0);
	assert_string_equal(buf, "short\n");
}

/* A log in dmesg's form (no record numbers): new lines by count. */
static void test_dmesg_format_log(void **state)
{
	struct fake *f = *state;

	f->dmesg_format = true;
	put_file(f, "/dev/kmsg",
		 "[    1.000000] remoteproc remoteproc0: Boot failed: -2\n");
	set_attr(f, "remoteproc0", "state", "offline");
	put_file(f, "/lib/firmware/" OLD_FW, "old image");
	f->start_err = -EINVAL;
	f->start_log[0] = "remoteproc remoteproc0: Failed to find resource table";
	f->start_log[1] = "remoteproc remoteproc0: Boot failed: -22";
	assert_int_equal(do_start(f), -EINVAL);
	assert_contains(f->err,
			"kernel log: remoteproc remoteproc0: Failed to find resource table | remoteproc remoteproc0: Boot failed: -22; this image has no .resource_table");
	assert_null(strstr(f->err, "-2;"));
	assert_null(strstr(f->err, "[ "));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fake_setup, fake_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_open_first_imx),
		T(test_open_skips_dsp),
		T(test_open_by_number),
		T(test_open_missing_instance),
		T(test_open_no_imx_rproc),
		T(test_open_no_class_dir),
		T(test_open_other_driver),
		T(test_open_root_slash),
		T(test_stop_by_state),
		T(test_stop_detached_explained),
		T(test_stop_not_reached),
		T(test_stop_read_only),
		T(test_stop_dry_run),
		T(test_start_by_state),
		T(test_start_running_notice),
		T(test_start_ebusy_but_running),
		T(test_start_einval_quotes_log),
		T(test_start_not_reached),
		T(test_start_log_unreadable),
		T(test_start_firmware_missing),
		T(test_start_private_copy),
		T(test_start_private_copy_shadowed),
		T(test_start_private_copy_fails),
		T(test_load_from_running),
		T(test_load_by_state),
		T(test_load_detached_explained),
		T(test_load_firmware_ebusy),
		T(test_load_start_einval),
		T(test_load_not_found),
		T(test_load_state_not_reached),
		T(test_load_stop_not_reached),
		T(test_load_read_only_sysfs),
		T(test_load_param_eacces),
		T(test_load_firmware_eacces),
		T(test_load_copy_fails),
		T(test_load_empty_param_restored),
		T(test_load_no_param),
		T(test_load_lib_firmware),
		T(test_load_lib_firmware_shadowed),
		T(test_load_lib_firmware_rofs),
		T(test_load_lib_firmware_fails),
		T(test_load_no_start),
		T(test_load_selected_instance),
		T(test_load_verdict_refuses),
		T(test_load_verdict_old_kernels),
		T(test_load_raw_refused),
		T(test_load_fw_name),
		T(test_load_dry_run),
		T(test_restart_dry_run),
		cmocka_unit_test(test_explain_log),
		T(test_sys_write_attr),
		T(test_sys_read_file),
		T(test_sys_write_file_and_dir),
		T(test_sys_read_log_tail),
		T(test_sys_read_log_long_lines),
		T(test_dmesg_format_log),
	};

	log_set_level(LOG_NORMAL);
	return cmocka_run_group_tests_name("rproc_backend", tests, NULL, NULL);
}
