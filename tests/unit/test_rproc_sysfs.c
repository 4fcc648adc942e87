// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The remoteproc backend's seam (rproc_sysfs.c): finding the instance in
 * a fake sysfs tree, and the default implementation of the ops on real
 * files.
 */
#include <errno.h>
#include <fcntl.h>
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
#include "rproc_fake.h"

static void test_open_first_imx(void **state)
{
	struct fake *f = *state;
	struct rproc rp;

	rfake_add_node(f, "remoteproc1", "imx-dsp-rproc", "offline", "dsp.bin");
	rfake_add_node(f, "remoteproc2", "imx-rproc", "offline", "b.elf");
	assert_int_equal(rfake_open_rp(f, &rp, NULL), 0);
	assert_string_equal(rp.node, "remoteproc0");
	assert_string_equal(rp.name, "imx-rproc");
	assert_int_equal(f->n_writes, 0);
}

static void test_open_skips_dsp(void **state)
{
	struct fake *f = *state;
	struct rproc rp;

	rfake_set_attr(f, "remoteproc0", "name", "imx-dsp-rproc");
	rfake_add_node(f, "remoteproc1", "imx-rproc", "offline", "m.elf");
	assert_int_equal(rfake_open_rp(f, &rp, NULL), 0);
	assert_string_equal(rp.node, "remoteproc1");
	assert_string_equal(rp.dir + strlen(f->root),
			    CLASS_DIR "/remoteproc1");
}

static void test_open_by_number(void **state)
{
	struct fake *f = *state;
	struct rproc rp;

	rfake_add_node(f, "remoteproc1", "imx-rproc", "offline", "b.elf");
	assert_int_equal(rfake_open_rp(f, &rp, "1"), 0);
	assert_string_equal(rp.node, "remoteproc1");
	assert_int_equal(rfake_open_rp(f, &rp, "remoteproc1"), 0);
	assert_string_equal(rp.node, "remoteproc1");
	assert_int_equal(rfake_open_rp(f, &rp, "0"), 0);
	assert_string_equal(rp.node, "remoteproc0");
}

static void test_open_missing_instance(void **state)
{
	struct fake *f = *state;
	struct rproc rp;

	assert_int_equal(rfake_open_rp(f, &rp, "7"), -ENODEV);
	rfake_assert_contains(f->err, "no remoteproc instance remoteproc7");
	assert_int_equal(rfake_err_lines(f), 1);
	assert_int_equal(rfake_open_rp(f, &rp, "remoteprocX"), -ENODEV);
	assert_int_equal(rfake_open_rp(f, &rp, "../../etc"), -ENODEV);
	assert_int_equal(rfake_open_rp(f, &rp, "remoteproc"), -ENODEV);
}

static void test_open_no_imx_rproc(void **state)
{
	struct fake *f = *state;
	struct rproc rp;

	rfake_set_attr(f, "remoteproc0", "name", "imx-dsp-rproc");
	assert_int_equal(rfake_open_rp(f, &rp, NULL), -ENODEV);
	rfake_assert_contains(f->err, "no imx-rproc instance");
	rfake_assert_contains(f->err, "CONFIG_IMX_REMOTEPROC");
	assert_int_equal(rfake_err_lines(f), 1);
}

static void test_open_no_class_dir(void **state)
{
	struct fake *f = *state;
	struct rproc rp;

	rfake_capture_begin(f);
	assert_int_equal(rproc_open(&rp, "/nonexistent-m4fw-root", NULL,
				    false, NULL), -ENODEV);
	rfake_capture_end(f);
	rfake_assert_contains(f->err, "/nonexistent-m4fw-root/sys/class/remoteproc");
}

/* --remoteproc N naming another driver: refused, unless --force. */
static void test_open_other_driver(void **state)
{
	struct fake *f = *state;
	struct rproc rp;

	rfake_add_node(f, "remoteproc1", "imx-dsp-rproc", "offline", "dsp.bin");
	assert_int_equal(rfake_open_rp(f, &rp, "1"), -EMEDIUMTYPE);
	rfake_assert_contains(f->err, "imx-dsp-rproc");
	rfake_capture_begin(f);
	assert_int_equal(rproc_open(&rp, f->root, "1", true, &f->ops), 0);
	rfake_capture_end(f);
	rfake_assert_contains(f->err, "warning");
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

static void test_sys_write_attr(void **state)
{
	struct fake *f = *state;
	char path[128], buf[16];

	rfake_put_file(f, "/attr", "running\n");
	snprintf(path, sizeof(path), "%s/attr", f->root);
	/* The whole value, no newline, the old contents gone. */
	assert_int_equal(rproc_sysfs_default.write_attr(NULL, path, "stop"), 0);
	rfake_get_file(f, "/attr", buf, sizeof(buf));
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
	assert_false(rfake_has_file(f, "/none"));
}

static void test_sys_read_file(void **state)
{
	struct fake *f = *state;
	char path[128], buf[8];

	rfake_put_file(f, "/long", "0123456789\n");
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
	rfake_put_file(f, "/a/b/c/fw.elf", "old contents, longer");
	assert_int_equal(rproc_sysfs_default.write_file(NULL, path, "new", 3),
			 0);
	rfake_get_file(f, "/a/b/c/fw.elf", buf, sizeof(buf));
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
		assert_false(rfake_has_file(f, tmp));
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
		T(test_sys_write_attr),
		T(test_sys_read_file),
		T(test_sys_write_file_and_dir),
		T(test_sys_read_log_tail),
		T(test_sys_read_log_long_lines),
	};

	log_set_level(LOG_NORMAL);
	return cmocka_run_group_tests_name("rproc_sysfs", tests, NULL, NULL);
}
