// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The fake remoteproc kernel of rproc_fake.h: files under a temporary
 * root, the ops behind the seam, and the helpers the tests share.
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
#include "m4fw/rproc_backend.h"
#include "rproc_fake.h"

/* ---- files -------------------------------------------------------------- */

void rfake_put_file(const struct fake *f, const char *rel, const char *text)
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

void rfake_get_file(const struct fake *f, const char *rel, char *buf,
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

bool rfake_has_file(const struct fake *f, const char *rel)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s%s", f->root, rel);
	return access(path, F_OK) == 0;
}

void rfake_make_dirs(const struct fake *f, const char *rel)
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
const char *rfake_attr(const struct fake *f, const char *node,
		       const char *name)
{
	static char buf[256];
	char rel[128];

	snprintf(rel, sizeof(rel), CLASS_DIR "/%s/%s", node, name);
	rfake_get_file(f, rel, buf, sizeof(buf));
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

const char *rfake_param(const struct fake *f)
{
	static char buf[256];

	rfake_get_file(f, PARAM, buf, sizeof(buf));
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

void rfake_set_attr(const struct fake *f, const char *node,
		    const char *name, const char *value)
{
	char rel[128], text[160];

	snprintf(rel, sizeof(rel), CLASS_DIR "/%s/%s", node, name);
	snprintf(text, sizeof(text), "%s\n", value);
	rfake_put_file(f, rel, text);
}

void rfake_add_node(const struct fake *f, const char *node,
		    const char *name, const char *state, const char *fw)
{
	char rel[128];

	snprintf(rel, sizeof(rel), CLASS_DIR "/%s", node);
	rfake_make_dirs(f, rel);
	rfake_set_attr(f, node, "name", name);
	rfake_set_attr(f, node, "state", state);
	rfake_set_attr(f, node, "firmware", fw);
}

void rfake_kmsg_add(struct fake *f, const char *msg)
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
	const char *name = rfake_attr(f, node, "firmware");
	char fw[256];

	snprintf(fw, sizeof(fw), "%s", name);
	if (!f->ignores_param && rfake_param(f)[0]) {
		snprintf(rel, sizeof(rel), "%s/%s", rfake_param(f), fw);
		if (rfake_has_file(f, rel))
			goto found;
	}
	snprintf(rel, sizeof(rel), "/lib/firmware/%s", fw);
	if (rfake_has_file(f, rel))
		goto found;
	snprintf(buf, sizeof(buf),
		 "remoteproc %s: Direct firmware load for %s failed with error -2",
		 node, fw);
	rfake_kmsg_add(f, buf);
	snprintf(buf, sizeof(buf), "remoteproc %s: Boot failed: -2", node);
	rfake_kmsg_add(f, buf);
	return false;
found:
	snprintf(f->loaded_from, sizeof(f->loaded_from), "%s", rel);
	rfake_get_file(f, rel, buf, sizeof(buf));
	f->loaded_size = strlen(buf);
	return true;
}

/* The device path of remoteproc @node's virtio0, as imx-rproc's looks. */
static void vdev_dir(const char *node, char *rel, size_t size)
{
	snprintf(rel, size,
		 "/sys/devices/platform/imx-cm4/remoteproc/%s/%s#vdev0buffer/virtio0",
		 node, node);
}

static void fake_link(const struct fake *f, const char *target,
		      const char *rel)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s%s", f->root, rel);
	unlink(path);
	assert_int_equal(symlink(target, path), 0);
}

void rfake_vdev_up(const struct fake *f, const char *node)
{
	char rel[512], target[600];

	vdev_dir(node, rel, sizeof(rel));
	rfake_make_dirs(f, rel);
	rfake_make_dirs(f, "/sys/bus/virtio/devices");
	rfake_make_dirs(f, "/sys/bus/rpmsg/devices");
	snprintf(target, sizeof(target), "%s/device", rel);
	rfake_put_file(f, target, "0x0007\n");
	snprintf(target, sizeof(target), "../../../..%s", rel);
	fake_link(f, target, "/sys/bus/virtio/devices/virtio0");
	if (!f->vdev_channel)
		return;
	snprintf(target, sizeof(target), "%s/virtio0.rpmsg-tty.-1.30", rel);
	rfake_make_dirs(f, target);
	strncat(target, "/name", sizeof(target) - strlen(target) - 1);
	rfake_put_file(f, target, "rpmsg-tty\n");
	snprintf(target, sizeof(target), "../../../..%s/virtio0.rpmsg-tty.-1.30",
		 rel);
	fake_link(f, target, "/sys/bus/rpmsg/devices/virtio0.rpmsg-tty.-1.30");
}

static void vdev_down(const struct fake *f)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/sys/bus/virtio/devices/virtio0",
		 f->root);
	unlink(path);
	snprintf(path, sizeof(path),
		 "%s/sys/bus/rpmsg/devices/virtio0.rpmsg-tty.-1.30", f->root);
	unlink(path);
}

static int state_write(struct fake *f, const char *node, const char *value)
{
	char now[256];

	snprintf(now, sizeof(now), "%s", rfake_attr(f, node, "state"));
	if (!strcmp(value, "stop")) {
		if (!is_up(now) && strcmp(now, "crashed"))
			return -EINVAL;
		if (f->stop_sticks) {
			f->stop_sticks--;
			return 0;
		}
		rfake_set_attr(f, node, "state", "offline");
		if (f->vdev && !f->vdev_stays)
			vdev_down(f);
		return 0;
	}
	if (strcmp(value, "start"))
		return -EINVAL;
	if (f->start_err) {
		for (size_t i = 0; i < 4 && f->start_log[i]; i++)
			rfake_kmsg_add(f, f->start_log[i]);
		if (f->state_after_err)
			rfake_set_attr(f, node, "state", f->state_after_err);
		return f->start_err;
	}
	if (is_up(now))
		return f->old_kernel ? -EBUSY : 0;
	if (!strcmp(now, "detached")) {
		rfake_set_attr(f, node, "state", "attached");
		return 0;
	}
	if (strcmp(now, "offline"))
		return 0;	/* crashed, suspended: power already counted */
	if (!kernel_load(f, node))
		return -ENOENT;
	rfake_set_attr(f, node, "state", f->state_after_start ?
		       f->state_after_start : "running");
	if (f->vdev)
		rfake_vdev_up(f, node);
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
			rfake_put_file(f, PARAM, text);
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
		if (!ret && strcmp(rfake_attr(f, node, "state"), "offline"))
			ret = -EBUSY;
		if (!ret && !value[0])
			ret = -EINVAL;
		if (!ret)
			rfake_set_attr(f, node, "firmware", value);
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
int rfake_setup(void **state)
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
	rfake_make_dirs(f, "/sys/module/firmware_class/parameters");
	rfake_make_dirs(f, "/lib/firmware");
	rfake_make_dirs(f, "/dev");
	rfake_make_dirs(f, "/run");
	rfake_put_file(f, PARAM, OLD_PARAM "\n");
	rfake_add_node(f, "remoteproc0", "imx-rproc", "running", OLD_FW);
	/* Lines from before: never quoted as the reason of a new failure. */
	rfake_kmsg_add(f, "remoteproc remoteproc0: bad phdr da 0x1 mem 0x2");
	rfake_kmsg_add(f, "remoteproc remoteproc0: Boot failed: -22");
	rfake_kmsg_add(f, "usb 1-1: new high-speed USB device");
	*state = f;
	return 0;
}

int rfake_teardown(void **state)
{
	struct fake *f = *state;
	int ret = nftw(f->root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);

	free(f);
	return ret;
}

/* stderr of the code under test into f->err (restored for assertions). */
void rfake_capture_begin(struct fake *f)
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

void rfake_capture_end(struct fake *f)
{
	fflush(stderr);
	dup2(f->saved_stderr, STDERR_FILENO);
	close(f->saved_stderr);
	f->saved_stderr = -1;
	rfake_get_file(f, "/stderr", f->err, sizeof(f->err));
}

size_t rfake_err_lines(const struct fake *f)
{
	size_t n = 0;

	for (const char *s = f->err; (s = strchr(s, '\n')); s++)
		n++;
	return n;
}

/* The writes made, exactly, in order; NULL-terminated. */
void rfake_expect_writes(const struct fake *f, ...)
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

void rfake_assert_contains(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("'%s' not in: %s", part, text);
}

int rfake_open_rp(struct fake *f, struct rproc *rp, const char *instance)
{
	int ret;

	rfake_capture_begin(f);
	ret = rproc_open(rp, f->root, instance, false, &f->ops);
	rfake_capture_end(f);
	return ret;
}

/* ---- images ------------------------------------------------------------- */

void rfake_fw_init(struct fw *fw, bool rsc_table)
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

int rfake_load(struct fake *f, const struct image *img,
	       const struct rproc_load_opts *opt,
	       struct rproc_load_result *res)
{
	struct rproc rp;
	int ret;

	assert_int_equal(rfake_open_rp(f, &rp, NULL), 0);
	rfake_capture_begin(f);
	ret = rproc_load(&rp, img, opt, res);
	rfake_capture_end(f);
	return ret;
}

int rfake_do_stop(struct fake *f)
{
	struct rproc rp;
	int ret;

	assert_int_equal(rfake_open_rp(f, &rp, NULL), 0);
	rfake_capture_begin(f);
	ret = rproc_stop(&rp);
	rfake_capture_end(f);
	return ret;
}

int rfake_do_start(struct fake *f)
{
	struct rproc rp;
	int ret;

	assert_int_equal(rfake_open_rp(f, &rp, NULL), 0);
	rfake_capture_begin(f);
	ret = rproc_start(&rp);
	rfake_capture_end(f);
	return ret;
}
