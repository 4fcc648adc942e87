// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel log around a remoteproc start (rproc_log.c): which lines are
 * quoted, in both log formats, and the hint for what they say.
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

static void test_start_einval_quotes_log(void **state)
{
	struct fake *f = *state;

	rfake_put_file(f, "/lib/firmware/" OLD_FW, "old image");
	rfake_set_attr(f, "remoteproc0", "state", "offline");
	f->start_err = -EINVAL;
	f->start_log[0] = "remoteproc remoteproc0: powering up imx-rproc";
	f->start_log[1] = "remoteproc remoteproc0: Booting fw image old.elf, size 9";
	f->start_log[2] = "imx-rproc imx7d-cm4: bad phdr da 0x20200000 mem 0x20000";
	f->start_log[3] = "remoteproc remoteproc0: Boot failed: -22";
	assert_int_equal(rfake_do_start(f), -EINVAL);
	rfake_expect_writes(f, "remoteproc0/state=start !EINVAL", NULL);
	assert_int_equal(rfake_err_lines(f), 1);
	/* The last three new remoteproc lines, joined; not the old ones. */
	rfake_assert_contains(f->err,
			      "kernel log: remoteproc remoteproc0: Booting fw image old.elf, size 9 | imx-rproc imx7d-cm4: bad phdr da 0x20200000 mem 0x20000 | remoteproc remoteproc0: Boot failed: -22");
	assert_null(strstr(f->err, "powering up"));
	assert_null(strstr(f->err, "bad phdr da 0x1 "));
	rfake_assert_contains(f->err, "a segment lies outside the memory the kernel's imx_rproc table allows");
	assert_string_equal(rfake_attr(f, "remoteproc0", "state"), "offline");
}

static void test_start_log_unreadable(void **state)
{
	struct fake *f = *state;

	rfake_set_attr(f, "remoteproc0", "state", "offline");
	f->err_log = -EPERM;
	/* OLD_FW is nowhere: the fake kernel fails with -ENOENT. */
	assert_int_equal(rfake_do_start(f), -ENOENT);
	rfake_assert_contains(f->err, "kernel log not readable");
	rfake_assert_contains(f->err, "see dmesg");
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

	rfake_fw_init(&fw, false);
	f->start_err = -EINVAL;
	f->start_log[0] = "remoteproc remoteproc0: Booting fw image fw.elf, size 26";
	f->start_log[1] = "remoteproc remoteproc0: Boot failed: -22";
	assert_int_equal(rfake_load(f, &fw.img, &opt, &res), -EINVAL);
	rfake_expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf",
			    "remoteproc0/state=stop", "path=" PRIV,
			    "remoteproc0/firmware=fw.elf",
			    "remoteproc0/state=start !EINVAL", "path=" OLD_PARAM,
			    "remoteproc0/firmware=" OLD_FW, NULL);
	assert_string_equal(rfake_param(f), OLD_PARAM);
	assert_string_equal(rfake_attr(f, "remoteproc0", "firmware"), OLD_FW);
	assert_string_equal(rfake_attr(f, "remoteproc0", "state"), "offline");
	assert_string_equal(res.state, "offline");
	/* A warning before, then the one error line. */
	assert_int_equal(rfake_err_lines(f), 2);
	rfake_assert_contains(f->err, "warning: build/fw.elf has no .resource_table");
	rfake_assert_contains(f->err,
			      "kernel log: remoteproc remoteproc0: Booting fw image fw.elf, size 26 | remoteproc remoteproc0: Boot failed: -22");
	rfake_assert_contains(f->err,
			      "this image has no .resource_table: kernels before 5.13 refuse it; add an empty version-1 table in its own section");
	rfake_assert_contains(f->err, "firmware name put back to 'old.elf'");
	rfake_assert_contains(f->err, "remoteproc0 is offline");
}

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

/* A log in dmesg's form (no record numbers): new lines by count. */
static void test_dmesg_format_log(void **state)
{
	struct fake *f = *state;

	f->dmesg_format = true;
	rfake_put_file(f, "/dev/kmsg",
		       "[    1.000000] remoteproc remoteproc0: Boot failed: -2\n");
	rfake_set_attr(f, "remoteproc0", "state", "offline");
	rfake_put_file(f, "/lib/firmware/" OLD_FW, "old image");
	f->start_err = -EINVAL;
	f->start_log[0] = "remoteproc remoteproc0: Failed to find resource table";
	f->start_log[1] = "remoteproc remoteproc0: Boot failed: -22";
	assert_int_equal(rfake_do_start(f), -EINVAL);
	rfake_assert_contains(f->err,
			      "kernel log: remoteproc remoteproc0: Failed to find resource table | remoteproc remoteproc0: Boot failed: -22; this image has no .resource_table");
	assert_null(strstr(f->err, "-2;"));
	assert_null(strstr(f->err, "[ "));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_start_einval_quotes_log),
		T(test_start_log_unreadable),
		T(test_load_start_einval),
		cmocka_unit_test(test_explain_log),
		T(test_dmesg_format_log),
	};

	log_set_level(LOG_NORMAL);
	return cmocka_run_group_tests_name("rproc_log", tests, NULL, NULL);
}
