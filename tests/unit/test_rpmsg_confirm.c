// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RPMsg after a remoteproc start, stop and restart, against the fake
 * kernel behind the sysfs seam (tests/support/rproc_fake.c): a firmware
 * whose vdev makes a virtio device on start that goes on stop, one whose
 * channel comes and one whose channel never does (no M core in QEMU), a
 * device that stays after a stop, and a vdev that never makes a device.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "m4fw/rpmsg_confirm.h"
#include "rproc_fake.h"

/* The firmware the fake kernel finds on start. */
static void with_firmware(struct fake *f)
{
	rfake_put_file(f, "/lib/firmware/" OLD_FW, "old image");
}

static char *run_start(struct fake *f, bool expect, bool recreated,
		       size_t *n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	rfake_capture_begin(f);
	*n = rpmsg_confirm_start(f->root, "remoteproc0", 200, expect,
				 recreated, out);
	rfake_capture_end(f);
	fclose(out);
	return buf;
}

/* stop, then start again, as restart does, with the checks between */
static void test_restart_recreates(void **state)
{
	struct fake *f = *state;
	size_t before, n;
	char *out;
	bool gone;

	with_firmware(f);
	f->vdev = true;
	f->vdev_channel = true;
	rfake_vdev_up(f, "remoteproc0");	/* running since boot */
	before = rpmsg_count(f->root, "remoteproc0");
	assert_int_equal(before, 1);
	assert_int_equal(rfake_do_stop(f), 0);
	assert_int_equal(rpmsg_count(f->root, "remoteproc0"), 0);
	gone = rpmsg_confirm_stop(f->root, "remoteproc0", before, 200);
	assert_true(gone);
	assert_int_equal(rfake_do_start(f), 0);
	out = run_start(f, true, gone, &n);
	assert_int_equal(n, 1);
	assert_string_equal(out, "remoteproc0: RPMsg virtio0 re-created, no driver bound; channel rpmsg-tty\n");
	assert_string_equal(f->err, "");
	free(out);
}

static void test_channel_never_comes(void **state)
{
	struct fake *f = *state;
	size_t n;
	char *out;

	with_firmware(f);
	f->vdev = true;
	assert_int_equal(rfake_do_stop(f), 0);
	assert_int_equal(rfake_do_start(f), 0);
	out = run_start(f, true, false, &n);
	assert_int_equal(n, 1);
	assert_string_equal(out, "remoteproc0: RPMsg virtio0, no driver bound; no channel within 200 ms\n");
	/* not an error: announcing channels is the firmware's business */
	assert_string_equal(f->err, "");
	free(out);
}

static void test_device_stays_after_stop(void **state)
{
	struct fake *f = *state;

	f->vdev = true;
	f->vdev_stays = true;
	rfake_vdev_up(f, "remoteproc0");
	assert_int_equal(rfake_do_stop(f), 0);
	rfake_capture_begin(f);
	assert_false(rpmsg_confirm_stop(f->root, "remoteproc0", 1, 100));
	rfake_capture_end(f);
	rfake_assert_contains(f->err, "remoteproc0: its RPMsg virtio device is still there 100 ms after the stop");
}

/* The image has a vdev, the kernel made no device: a warning says so. */
static void test_vdev_without_device(void **state)
{
	struct fake *f = *state;
	size_t n;
	char *out;

	with_firmware(f);
	assert_int_equal(rfake_do_stop(f), 0);
	assert_int_equal(rfake_do_start(f), 0);
	out = run_start(f, true, false, &n);
	assert_int_equal(n, 0);
	assert_string_equal(out, "");
	rfake_assert_contains(f->err, "no RPMsg virtio device within 200 ms, though the firmware has a vdev");
	free(out);
	/* no vdev expected, none there: nothing waited for, nothing said */
	out = run_start(f, false, false, &n);
	assert_int_equal(n, 0);
	assert_string_equal(out, "");
	assert_string_equal(f->err, "");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_restart_recreates, rfake_setup, rfake_teardown),
		cmocka_unit_test_setup_teardown(test_channel_never_comes, rfake_setup, rfake_teardown),
		cmocka_unit_test_setup_teardown(test_device_stays_after_stop, rfake_setup, rfake_teardown),
		cmocka_unit_test_setup_teardown(test_vdev_without_device, rfake_setup, rfake_teardown),
	};

	return cmocka_run_group_tests_name("rpmsg_confirm", tests, NULL, NULL);
}
