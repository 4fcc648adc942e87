// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where the kernel's firmware loader finds the image (rproc_firmware.c):
 * the private copy and firmware_class.path, /lib/firmware, and what is put
 * back when a step fails.
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

static void test_start_firmware_missing(void **state)
{
	struct fake *f = *state;

	rfake_set_attr(f, "remoteproc0", "state", "offline");
	assert_int_equal(rfake_do_start(f), -ENOENT);
	rfake_assert_contains(f->err, "Direct firmware load for old.elf failed with error -2");
	rfake_assert_contains(f->err, "not found by the kernel's firmware loader");
}

/*
 * A firmware that m4fwloader put in its private directory (load
 * --no-start) is found at start through the path parameter, which is
 * then put back.
 */
static void test_start_private_copy(void **state)
{
	struct fake *f = *state;

	rfake_make_dirs(f, PRIV);
	rfake_put_file(f, PRIV "/" OLD_FW, "private copy");
	rfake_set_attr(f, "remoteproc0", "state", "offline");
	assert_int_equal(rfake_do_start(f), 0);
	rfake_expect_writes(f, "path=" PRIV, "remoteproc0/state=start",
			    "path=" OLD_PARAM, NULL);
	assert_string_equal(f->loaded_from, PRIV "/" OLD_FW);
	assert_string_equal(rfake_param(f), OLD_PARAM);
}

/* ... but not when the kernel finds that name where it looks anyway. */
static void test_start_private_copy_shadowed(void **state)
{
	struct fake *f = *state;

	rfake_make_dirs(f, PRIV);
	rfake_put_file(f, PRIV "/" OLD_FW, "private copy");
	rfake_put_file(f, "/lib/firmware/" OLD_FW, "installed");
	rfake_set_attr(f, "remoteproc0", "state", "offline");
	assert_int_equal(rfake_do_start(f), 0);
	rfake_expect_writes(f, "remoteproc0/state=start", NULL);
	assert_string_equal(f->loaded_from, "/lib/firmware/" OLD_FW);
}

/* The path parameter is put back when the start fails too. */
static void test_start_private_copy_fails(void **state)
{
	struct fake *f = *state;

	rfake_make_dirs(f, PRIV);
	rfake_put_file(f, PRIV "/" OLD_FW, "private copy");
	rfake_set_attr(f, "remoteproc0", "state", "offline");
	f->start_err = -EINVAL;
	f->start_log[0] = "remoteproc remoteproc0: Boot failed: -22";
	assert_int_equal(rfake_do_start(f), -EINVAL);
	rfake_expect_writes(f, "path=" PRIV, "remoteproc0/state=start !EINVAL",
			    "path=" OLD_PARAM, NULL);
	assert_string_equal(rfake_param(f), OLD_PARAM);
}

/* The kernel did not find the file: said so, and put back. */
static void test_load_not_found(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	rfake_fw_init(&fw, true);
	f->ignores_param = true;
	assert_int_equal(rfake_load(f, &fw.img, &opt, &res), -ENOENT);
	rfake_assert_contains(f->err, "the firmware file was not found by the kernel's firmware loader");
	assert_string_equal(rfake_param(f), OLD_PARAM);
	assert_string_equal(rfake_attr(f, "remoteproc0", "firmware"), OLD_FW);
}

/* The path parameter not writable: the core is stopped, nothing else. */
static void test_load_param_eacces(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	rfake_fw_init(&fw, true);
	f->err_param = -EACCES;
	assert_int_equal(rfake_load(f, &fw.img, &opt, &res), -EACCES);
	rfake_expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf",
			    "remoteproc0/state=stop", "path=" PRIV " !EACCES", NULL);
	rfake_assert_contains(f->err, "(run as root?); the core is stopped (offline)");
	assert_int_equal(rfake_err_lines(f), 1);
	assert_string_equal(rfake_param(f), OLD_PARAM);
	assert_string_equal(rfake_attr(f, "remoteproc0", "firmware"), OLD_FW);
}

/* The copy fails: the running firmware is not even stopped. */
static void test_load_copy_fails(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	rfake_fw_init(&fw, true);
	f->err_copy = -ENOSPC;
	assert_int_equal(rfake_load(f, &fw.img, &opt, &res), -ENOSPC);
	rfake_expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf !ENOSPC", NULL);
	assert_string_equal(rfake_attr(f, "remoteproc0", "state"), "running");
	assert_int_equal(rfake_err_lines(f), 1);
}

/* An empty path parameter is put back empty. */
static void test_load_empty_param_restored(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	rfake_fw_init(&fw, true);
	rfake_put_file(f, PARAM, "\n");
	assert_int_equal(rfake_load(f, &fw.img, &opt, &res), 0);
	rfake_expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf",
			    "remoteproc0/state=stop", "path=" PRIV,
			    "remoteproc0/firmware=fw.elf", "remoteproc0/state=start",
			    "path=", NULL);
	assert_string_equal(rfake_param(f), "");
}

/* No firmware_class path parameter: explained, --lib-firmware offered. */
static void test_load_no_param(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	char path[128];
	struct fw fw;

	rfake_fw_init(&fw, true);
	snprintf(path, sizeof(path), "%s%s", f->root, PARAM);
	unlink(path);
	assert_int_equal(rfake_load(f, &fw.img, &opt, &res), -ENOENT);
	rfake_assert_contains(f->err, "use --lib-firmware");
	assert_string_equal(rfake_attr(f, "remoteproc0", "firmware"), OLD_FW);
}

/* --lib-firmware: copied into /lib/firmware, the path left alone. */
static void test_load_lib_firmware(void **state)
{
	struct rproc_load_opts opt = { .lib_firmware = true };
	struct rproc_load_result res;
	struct fake *f = *state;
	char buf[64];
	struct fw fw;

	rfake_fw_init(&fw, true);
	rfake_put_file(f, PARAM, "\n");
	assert_int_equal(rfake_load(f, &fw.img, &opt, &res), 0);
	rfake_expect_writes(f, "mkdir /lib/firmware", "copy /lib/firmware/fw.elf",
			    "remoteproc0/state=stop", "remoteproc0/firmware=fw.elf",
			    "remoteproc0/state=start", NULL);
	assert_string_equal(f->loaded_from, "/lib/firmware/fw.elf");
	rfake_get_file(f, "/lib/firmware/fw.elf", buf, sizeof(buf));
	assert_string_equal(buf, "\177ELF-this-is-the-new-image");
	assert_string_equal(rfake_param(f), "");
	assert_false(rfake_has_file(f, PRIV));
	assert_string_equal(f->err, "");
}

/* --lib-firmware with the same name where the kernel looks first. */
static void test_load_lib_firmware_shadowed(void **state)
{
	struct rproc_load_opts opt = { .lib_firmware = true };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	rfake_fw_init(&fw, true);
	rfake_make_dirs(f, OLD_PARAM);
	rfake_put_file(f, OLD_PARAM "/fw.elf", "stale");
	assert_int_equal(rfake_load(f, &fw.img, &opt, &res), 0);
	rfake_assert_contains(f->err, "warning: the kernel will load");
	rfake_assert_contains(f->err, OLD_PARAM "/fw.elf");
	assert_string_equal(f->loaded_from, OLD_PARAM "/fw.elf");
	assert_string_equal(rfake_param(f), OLD_PARAM);
}

/* --lib-firmware on a read-only root file system. */
static void test_load_lib_firmware_rofs(void **state)
{
	struct rproc_load_opts opt = { .lib_firmware = true };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	rfake_fw_init(&fw, true);
	f->err_copy = -EROFS;
	assert_int_equal(rfake_load(f, &fw.img, &opt, &res), -EROFS);
	rfake_expect_writes(f, "mkdir /lib/firmware",
			    "copy /lib/firmware/fw.elf !EROFS", NULL);
	rfake_assert_contains(f->err, "load without --lib-firmware");
	assert_string_equal(rfake_attr(f, "remoteproc0", "state"), "running");
}

/* --lib-firmware and a failed start: the old name is back. */
static void test_load_lib_firmware_fails(void **state)
{
	struct rproc_load_opts opt = { .lib_firmware = true };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	rfake_fw_init(&fw, true);
	f->start_err = -EINVAL;
	f->start_log[0] = "remoteproc remoteproc0: Failed to process resources: -22";
	assert_int_equal(rfake_load(f, &fw.img, &opt, &res), -EINVAL);
	rfake_expect_writes(f, "mkdir /lib/firmware", "copy /lib/firmware/fw.elf",
			    "remoteproc0/state=stop", "remoteproc0/firmware=fw.elf",
			    "remoteproc0/state=start !EINVAL",
			    "remoteproc0/firmware=" OLD_FW, NULL);
	rfake_assert_contains(f->err, "device tree does not give the driver");
	assert_string_equal(rfake_param(f), OLD_PARAM);
	assert_string_equal(rfake_attr(f, "remoteproc0", "firmware"), OLD_FW);
}

/* Standard input gets a name of its own; a bad name is refused. */
static void test_load_fw_name(void **state)
{
	struct rproc_load_opts opt = { .fw_name = "m4fwloader-stdin.elf" };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	rfake_fw_init(&fw, true);
	assert_int_equal(rfake_load(f, &fw.img, &opt, &res), 0);
	assert_string_equal(rfake_attr(f, "remoteproc0", "firmware"),
			    "m4fwloader-stdin.elf");
	assert_string_equal(f->loaded_from, PRIV "/m4fwloader-stdin.elf");

	f->n_writes = 0;
	opt.fw_name = "a\nb";
	assert_int_equal(rfake_load(f, &fw.img, &opt, &res), -EINVAL);
	opt.fw_name = "..";
	assert_int_equal(rfake_load(f, &fw.img, &opt, &res), -EINVAL);
	rfake_expect_writes(f, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_start_firmware_missing),
		T(test_start_private_copy),
		T(test_start_private_copy_shadowed),
		T(test_start_private_copy_fails),
		T(test_load_not_found),
		T(test_load_param_eacces),
		T(test_load_copy_fails),
		T(test_load_empty_param_restored),
		T(test_load_no_param),
		T(test_load_lib_firmware),
		T(test_load_lib_firmware_shadowed),
		T(test_load_lib_firmware_rofs),
		T(test_load_lib_firmware_fails),
		T(test_load_fw_name),
	};

	log_set_level(LOG_NORMAL);
	return cmocka_run_group_tests_name("rproc_firmware", tests, NULL, NULL);
}
