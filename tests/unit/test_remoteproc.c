// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading remoteproc's sysfs from fake trees: sys/class/remoteproc/
 * remoteprocN/{name,state,firmware} under a temporary root, with the
 * trailing newline every sysfs attribute has.
 */
#include <errno.h>
#include <fcntl.h>
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

#include "tmpdir.h"
#include "m4fw/remoteproc.h"

#define CLASS_DIR "sys/class/remoteproc"

struct tree {
	char root[64];
};

static int tree_setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	if (tmpdir_make(t->root, sizeof(t->root), "m4fw-rproc")) {
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

static int tree_teardown(void **state)
{
	struct tree *t = *state;
	int ret = tmpdir_remove(t->root);

	free(t);
	return ret;
}

/* mkdir -p @rel under the root. */
static void tree_mkdir(const struct tree *t, const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s/", t->root, rel);
	for (char *s = path + strlen(t->root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			fail_msg("mkdir %s: %s", path, strerror(errno));
		*s = '/';
	}
}

static void tree_write(const struct tree *t, const char *dir,
		       const char *file, const char *text)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s/%s", t->root, dir, file);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		fail_msg("create %s: %s", path, strerror(errno));
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/*
 * One remoteproc instance as the kernel shows it; a NULL attribute is
 * left out, as on a kernel too old to have it.
 */
static void add_node(const struct tree *t, const char *node,
		     const char *name, const char *state,
		     const char *firmware)
{
	char dir[128], line[160];

	snprintf(dir, sizeof(dir), "%s/%s", CLASS_DIR, node);
	tree_mkdir(t, dir);
	if (name) {
		snprintf(line, sizeof(line), "%s\n", name);
		tree_write(t, dir, "name", line);
	}
	if (state) {
		snprintf(line, sizeof(line), "%s\n", state);
		tree_write(t, dir, "state", line);
	}
	if (firmware) {
		snprintf(line, sizeof(line), "%s\n", firmware);
		tree_write(t, dir, "firmware", line);
	}
}

/* ---- finding the instance --------------------------------------------- */

/* No remoteproc support in the kernel at all: nothing owns the core. */
static void test_no_class_dir(void **state)
{
	struct tree *t = *state;
	struct rproc_info info;

	memset(&info, 0x5a, sizeof(info));
	assert_int_equal(rproc_find_imx(t->root, &info), 0);
	assert_string_equal(info.node, "");
	assert_string_equal(info.state, "");
}

static void test_empty_class_dir(void **state)
{
	struct tree *t = *state;
	struct rproc_info info;

	tree_mkdir(t, CLASS_DIR);
	assert_int_equal(rproc_find_imx(t->root, &info), 0);
}

/* The DSP on 8MP/8ULP has its own remoteproc; it does not own the M core. */
static void test_other_driver_skipped(void **state)
{
	struct tree *t = *state;
	struct rproc_info info;

	add_node(t, "remoteproc0", "imx-dsp-rproc", "running", "hifi4.bin");
	assert_int_equal(rproc_find_imx(t->root, &info), 0);
	assert_string_equal(info.node, "");
}

static void test_imx_rproc_found(void **state)
{
	struct tree *t = *state;
	struct rproc_info info;

	add_node(t, "remoteproc0", "imx-rproc", "running",
		 "rproc-imx-rproc-fw");
	assert_int_equal(rproc_find_imx(t->root, &info), 1);
	assert_string_equal(info.node, "remoteproc0");
	/* The newline sysfs appends is not part of the value. */
	assert_string_equal(info.state, "running");
	assert_string_equal(info.firmware, "rproc-imx-rproc-fw");
}

/* A name written without the newline (by hand, or another kernel) too. */
static void test_name_without_newline(void **state)
{
	struct tree *t = *state;
	struct rproc_info info;

	add_node(t, "remoteproc0", NULL, "attached", NULL);
	tree_write(t, CLASS_DIR "/remoteproc0", "name", "imx-rproc");
	assert_int_equal(rproc_find_imx(t->root, &info), 1);
	assert_string_equal(info.state, "attached");
	assert_string_equal(info.firmware, "");
}

static void test_first_imx_in_name_order(void **state)
{
	struct tree *t = *state;
	struct rproc_info info;
	char node[32], fw[32];

	/*
	 * Created last to first, among many: neither creation order nor a
	 * file system's hash order gives the right answer by chance.
	 */
	for (int i = 9; i >= 2; i--) {
		snprintf(node, sizeof(node), "remoteproc%d", i);
		snprintf(fw, sizeof(fw), "fw%d.elf", i);
		add_node(t, node, "imx-rproc", "running", fw);
	}
	add_node(t, "remoteproc1", "imx-rproc", "offline", "first.elf");
	add_node(t, "remoteproc0", "imx-dsp-rproc", "running", "dsp.bin");

	assert_int_equal(rproc_find_imx(t->root, &info), 1);
	assert_string_equal(info.node, "remoteproc1");
	assert_string_equal(info.state, "offline");
	assert_string_equal(info.firmware, "first.elf");
}

/* Only remoteprocN entries are instances; other entries are not. */
static void test_non_instance_entries_ignored(void **state)
{
	struct tree *t = *state;
	struct rproc_info info;

	tree_mkdir(t, CLASS_DIR "/aaa");
	tree_write(t, CLASS_DIR "/aaa", "name", "imx-rproc\n");
	tree_write(t, CLASS_DIR "/aaa", "state", "running\n");
	assert_int_equal(rproc_find_imx(t->root, &info), 0);

	add_node(t, "remoteproc0", "imx-rproc", "detached", "fw.elf");
	assert_int_equal(rproc_find_imx(t->root, &info), 1);
	assert_string_equal(info.node, "remoteproc0");
	assert_string_equal(info.state, "detached");
}

/* ---- does it own the core --------------------------------------------- */

static bool owns(const char *state)
{
	struct rproc_info info;

	memset(&info, 0, sizeof(info));
	snprintf(info.state, sizeof(info.state), "%s", state);
	return rproc_owns_core(&info);
}

static void test_owns_core_by_state(void **state)
{
	/* Every state of remoteproc_state_string[] but offline is "owned". */
	static const char *const owned[] = {
		"running", "attached", "detached", "crashed", "suspended",
		"invalid",
	};

	(void)state;
	assert_false(owns("offline"));
	for (size_t i = 0; i < sizeof(owned) / sizeof(owned[0]); i++)
		if (!owns(owned[i]))
			fail_msg("state '%s' must count as owned", owned[i]);
}

/*
 * An instance whose state cannot be read is not known to be offline:
 * the safe answer is that it may own the core.
 */
static void test_unreadable_state_owns(void **state)
{
	struct tree *t = *state;
	struct rproc_info info;

	add_node(t, "remoteproc0", "imx-rproc", NULL, "fw.elf");
	assert_int_equal(rproc_find_imx(t->root, &info), 1);
	assert_string_equal(info.state, "");
	assert_true(rproc_owns_core(&info));
}

/* The state read from sysfs, newline and all, still compares. */
static void test_offline_from_sysfs(void **state)
{
	struct tree *t = *state;
	struct rproc_info info;

	add_node(t, "remoteproc0", "imx-rproc", "offline", "fw.elf");
	assert_int_equal(rproc_find_imx(t->root, &info), 1);
	assert_false(rproc_owns_core(&info));
}

#define TREE_TEST(f) cmocka_unit_test_setup_teardown(f, tree_setup, \
						      tree_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TREE_TEST(test_no_class_dir),
		TREE_TEST(test_empty_class_dir),
		TREE_TEST(test_other_driver_skipped),
		TREE_TEST(test_imx_rproc_found),
		TREE_TEST(test_name_without_newline),
		TREE_TEST(test_first_imx_in_name_order),
		TREE_TEST(test_non_instance_entries_ignored),
		cmocka_unit_test(test_owns_core_by_state),
		TREE_TEST(test_unreadable_state_owns),
		TREE_TEST(test_offline_from_sysfs),
	};

	return cmocka_run_group_tests_name("remoteproc", tests, NULL, NULL);
}
