// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading under --root: links resolved inside the root, never out of it;
 * reads bounded and non-blocking.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fake_tree.h"
#include "m4fw/rootfs.h"
#include "tmpdir.h"

struct fx {
	char top[256];		/* holds root/ and outside/ */
	char root[300];
};

static int setup(void **state)
{
	static struct fx f;

	if (tmpdir_make(f.top, sizeof(f.top), "rootfs"))
		return -1;
	snprintf(f.root, sizeof(f.root), "%s/root", f.top);
	/* a file outside the root that a planted link aims at */
	fake_str(f.top, "outside/secret", "HOST");
	fake_str(f.root, "etc/secret", "ROOT");
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	return tmpdir_remove(f->top);
}

static void test_plain_and_absolute_links(void **state)
{
	struct fx *f = *state;
	char buf[64];

	fake_str(f->root, "sys/firmware/devicetree/base/compatible", "fsl,imx7d");
	fake_link(f->root, "proc/device-tree", "/sys/firmware/devicetree/base");
	assert_int_equal(rootfs_read(f->root, "/proc/device-tree/compatible",
				     buf, sizeof(buf)), 9);
	assert_string_equal(buf, "fsl,imx7d");
	/* an absolute link starts again at the root, not at the host's / */
	fake_link(f->root, "sys/abs", "/etc/secret");
	assert_int_equal(rootfs_read(f->root, "/sys/abs", buf, sizeof(buf)), 4);
	assert_string_equal(buf, "ROOT");
}

static void test_dotdot_cannot_leave(void **state)
{
	struct fx *f = *state;
	char buf[64];

	/* from root/sys, ../../outside/secret would be the host file */
	fake_link(f->root, "sys/up", "../../outside/secret");
	assert_int_equal(rootfs_read(f->root, "/sys/up", buf, sizeof(buf)),
			 -ENOENT);
	assert_int_equal(rootfs_read(f->root, "/../outside/secret", buf,
				     sizeof(buf)), -ENOENT);
	/* the same climb lands on the root's own file when it exists */
	fake_link(f->root, "sys/up2", "../../../../etc/secret");
	assert_int_equal(rootfs_read(f->root, "/sys/up2", buf, sizeof(buf)), 4);
	assert_string_equal(buf, "ROOT");
	/* a directory link out of the root, then a name below it */
	fake_link(f->root, "sys/outdir", "../../outside");
	assert_int_equal(rootfs_read(f->root, "/sys/outdir/secret", buf,
				     sizeof(buf)), -ENOENT);
}

static void test_loops(void **state)
{
	struct fx *f = *state;
	char buf[8];

	fake_link(f->root, "loop/a", "b");
	fake_link(f->root, "loop/b", "a");
	assert_int_equal(rootfs_read(f->root, "/loop/a", buf, sizeof(buf)),
			 -ELOOP);
}

static void test_bounded_and_nonblocking(void **state)
{
	struct fx *f = *state;
	char big[10000], buf[100], path[400];

	memset(big, 'x', sizeof(big));
	fake_file(f->root, "big", big, sizeof(big));
	assert_int_equal(rootfs_read(f->root, "/big", buf, sizeof(buf)), 99);
	assert_int_equal(strlen(buf), 99);
	/* a FIFO in place of an attribute: refused, and open does not block */
	snprintf(path, sizeof(path), "%s/fifo", f->root);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(rootfs_read(f->root, "/fifo", buf, sizeof(buf)),
			 -EINVAL);
	/* a directory is no attribute either */
	assert_int_equal(rootfs_read(f->root, "/etc", buf, sizeof(buf)),
			 -EINVAL);
}

static void test_readlink_and_opendir(void **state)
{
	struct fx *f = *state;
	char buf[128];
	DIR *d;

	fake_dir(f->root, "sys/devices/platform/rpmsg");
	fake_link(f->root, "sys/bus/platform/drivers/imx-rpmsg/rpmsg",
		  "../../../../devices/platform/rpmsg");
	fake_link(f->root, "sys/devices/platform/rpmsg/of_node",
		  "../../../firmware/devicetree/base/rpmsg");
	/* the last component is read, not followed; earlier ones are */
	assert_true(rootfs_readlink(f->root,
		"/sys/bus/platform/drivers/imx-rpmsg/rpmsg/of_node", buf,
		sizeof(buf)) > 0);
	assert_string_equal(buf, "../../../firmware/devicetree/base/rpmsg");
	assert_int_equal(rootfs_readlink(f->root, "/etc/secret", buf,
					 sizeof(buf)), -EINVAL);
	d = rootfs_opendir(f->root, "/sys/bus/platform/drivers/imx-rpmsg/rpmsg");
	assert_non_null(d);
	closedir(d);
	fake_link(f->root, "sys/escape", "../../outside");
	assert_null(rootfs_opendir(f->root, "/sys/escape"));
	assert_int_equal(errno, ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_absolute_links),
		cmocka_unit_test(test_dotdot_cannot_leave),
		cmocka_unit_test(test_loops),
		cmocka_unit_test(test_bounded_and_nonblocking),
		cmocka_unit_test(test_readlink_and_opendir),
	};

	return cmocka_run_group_tests_name("rootfs", tests, setup, teardown);
}
