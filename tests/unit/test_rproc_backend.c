// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The remoteproc state machine (rproc_backend.c): stop, start and load
 * from every state against the fake kernel of rproc_fake.h; each test
 * checks the exact writes made and that what was changed is put back.
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
		rfake_set_attr(f, "remoteproc0", "state", cases[i].state);
		if (rfake_do_stop(f) != cases[i].ret)
			fail_msg("stop from %s", cases[i].state);
		if (cases[i].writes)
			rfake_expect_writes(f, "remoteproc0/state=stop", NULL);
		else
			rfake_expect_writes(f, NULL);
		assert_string_equal(rfake_attr(f, "remoteproc0", "state"),
				    cases[i].after);
		assert_int_equal(rfake_err_lines(f), cases[i].ret ? 1 : 0);
	}
}

static void test_stop_detached_explained(void **state)
{
	struct fake *f = *state;

	rfake_set_attr(f, "remoteproc0", "state", "detached");
	assert_int_equal(rfake_do_stop(f), -EOPNOTSUPP);
	rfake_assert_contains(f->err, "detached");
	rfake_assert_contains(f->err, "can only attach to it ('start') or leave it");
}

/* The kernel counts a user per "start": stop accepted, core still up. */
static void test_stop_not_reached(void **state)
{
	struct fake *f = *state;

	f->stop_sticks = 1;
	assert_int_equal(rfake_do_stop(f), -EIO);
	rfake_expect_writes(f, "remoteproc0/state=stop", NULL);
	rfake_assert_contains(f->err, "still 'running' after 'stop'");
}

static void test_stop_read_only(void **state)
{
	static const int errs[] = { -EROFS, -EACCES };
	struct fake *f = *state;

	for (size_t i = 0; i < 2; i++) {
		f->n_writes = 0;
		f->err_sysfs = errs[i];
		assert_int_equal(rfake_do_stop(f), errs[i]);
		assert_string_equal(rfake_attr(f, "remoteproc0", "state"),
				    "running");
		rfake_assert_contains(f->err, "run as root?");
		assert_int_equal(rfake_err_lines(f), 1);
	}
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

	rfake_put_file(f, "/lib/firmware/" OLD_FW, "old image");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		f->n_writes = 0;
		rfake_set_attr(f, "remoteproc0", "state", cases[i].state);
		if (rfake_do_start(f) != cases[i].ret)
			fail_msg("start from %s: %s", cases[i].state, f->err);
		if (cases[i].writes)
			rfake_expect_writes(f, "remoteproc0/state=start", NULL);
		else
			rfake_expect_writes(f, NULL);
		assert_string_equal(rfake_attr(f, "remoteproc0", "state"),
				    cases[i].after);
		assert_string_equal(rfake_param(f), OLD_PARAM);
	}
}

/* Never a second "start" on a running core: say so instead. */
static void test_start_running_notice(void **state)
{
	struct fake *f = *state;

	assert_int_equal(rfake_do_start(f), 0);
	rfake_expect_writes(f, NULL);
	rfake_assert_contains(f->err, "remoteproc0 is running already");
}

/* Older kernels: EBUSY when it came up meanwhile; that is success. */
static void test_start_ebusy_but_running(void **state)
{
	struct fake *f = *state;

	rfake_put_file(f, "/lib/firmware/" OLD_FW, "old image");
	rfake_set_attr(f, "remoteproc0", "state", "offline");
	f->start_err = -EBUSY;
	f->state_after_err = "running";
	assert_int_equal(rfake_do_start(f), 0);
	rfake_expect_writes(f, "remoteproc0/state=start !EBUSY", NULL);
	rfake_assert_contains(f->err, "running already");
}

static void test_start_not_reached(void **state)
{
	struct fake *f = *state;

	rfake_put_file(f, "/lib/firmware/" OLD_FW, "old image");
	rfake_set_attr(f, "remoteproc0", "state", "offline");
	f->state_after_start = "crashed";
	assert_int_equal(rfake_do_start(f), -EIO);
	rfake_expect_writes(f, "remoteproc0/state=start", NULL);
	rfake_assert_contains(f->err, "the state is 'crashed', not running");
	rfake_assert_contains(f->err, "no remoteproc lines in the kernel log");
}

/* The whole sequence from a running core, default (private directory). */
static void test_load_from_running(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;
	char buf[128];

	rfake_fw_init(&fw, true);
	assert_int_equal(rfake_load(f, &fw.img, &opt, &res), 0);
	rfake_expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf",
			    "remoteproc0/state=stop", "path=" PRIV,
			    "remoteproc0/firmware=fw.elf", "remoteproc0/state=start",
			    "path=" OLD_PARAM, NULL);
	assert_string_equal(f->loaded_from, PRIV "/fw.elf");
	rfake_get_file(f, PRIV "/fw.elf", buf, sizeof(buf));
	assert_string_equal(buf, "\177ELF-this-is-the-new-image");
	assert_int_equal(f->loaded_size, 26);
	assert_string_equal(rfake_param(f), OLD_PARAM);
	assert_string_equal(rfake_attr(f, "remoteproc0", "firmware"), "fw.elf");
	assert_string_equal(rfake_attr(f, "remoteproc0", "state"), "running");
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

	rfake_fw_init(&fw, true);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		f->n_writes = 0;
		rfake_set_attr(f, "remoteproc0", "state", cases[i].state);
		rfake_set_attr(f, "remoteproc0", "firmware", OLD_FW);
		if (rfake_load(f, &fw.img, &opt, &res) != cases[i].ret)
			fail_msg("load from %s: %s", cases[i].state, f->err);
		if (cases[i].ret) {
			/* Explained, and nothing at all done. */
			rfake_expect_writes(f, NULL);
			assert_int_equal(rfake_err_lines(f), 1);
			assert_string_equal(rfake_attr(f, "remoteproc0", "state"),
					    cases[i].state);
			assert_string_equal(rfake_attr(f, "remoteproc0", "firmware"),
					    OLD_FW);
		} else if (cases[i].stops) {
			rfake_expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf",
					    "remoteproc0/state=stop", "path=" PRIV,
					    "remoteproc0/firmware=fw.elf",
					    "remoteproc0/state=start",
					    "path=" OLD_PARAM, NULL);
			assert_string_equal(rfake_attr(f, "remoteproc0", "state"),
					    "running");
		} else {
			rfake_expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf",
					    "path=" PRIV,
					    "remoteproc0/firmware=fw.elf",
					    "remoteproc0/state=start",
					    "path=" OLD_PARAM, NULL);
			assert_string_equal(rfake_attr(f, "remoteproc0", "state"),
					    "running");
		}
		assert_string_equal(rfake_param(f), OLD_PARAM);
	}
}

static void test_load_detached_explained(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	rfake_fw_init(&fw, true);
	rfake_set_attr(f, "remoteproc0", "state", "detached");
	assert_int_equal(rfake_load(f, &fw.img, &opt, &res), -EOPNOTSUPP);
	rfake_assert_contains(f->err, "can only attach to it ('start') or leave it");
	assert_false(rfake_has_file(f, PRIV "/fw.elf"));
}

/* EBUSY on "firmware": the core was not offline. Path put back. */
static void test_load_firmware_ebusy(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	rfake_fw_init(&fw, true);
	rfake_set_attr(f, "remoteproc0", "state", "offline");
	f->err_firmware = -EBUSY;
	assert_int_equal(rfake_load(f, &fw.img, &opt, &res), -EBUSY);
	rfake_expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf", "path=" PRIV,
			    "remoteproc0/firmware=fw.elf !EBUSY", "path=" OLD_PARAM,
			    NULL);
	assert_int_equal(rfake_err_lines(f), 1);
	rfake_assert_contains(f->err, "the core is not offline");
	assert_string_equal(rfake_param(f), OLD_PARAM);
	assert_string_equal(rfake_attr(f, "remoteproc0", "firmware"), OLD_FW);
}

/* Accepted, but the core does not come up. */
static void test_load_state_not_reached(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	rfake_fw_init(&fw, true);
	f->state_after_start = "offline";
	assert_int_equal(rfake_load(f, &fw.img, &opt, &res), -EIO);
	rfake_assert_contains(f->err, "the state is 'offline', not running");
	assert_string_equal(rfake_param(f), OLD_PARAM);
	assert_string_equal(rfake_attr(f, "remoteproc0", "firmware"), OLD_FW);
}

/* The stop does not take: nothing else is changed. */
static void test_load_stop_not_reached(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	rfake_fw_init(&fw, true);
	f->stop_sticks = 1;
	assert_int_equal(rfake_load(f, &fw.img, &opt, &res), -EIO);
	rfake_expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf",
			    "remoteproc0/state=stop", NULL);
	assert_string_equal(rfake_param(f), OLD_PARAM);
	assert_string_equal(rfake_attr(f, "remoteproc0", "firmware"), OLD_FW);
	assert_string_equal(rfake_attr(f, "remoteproc0", "state"), "running");
}

/* Read-only sysfs: the stop fails first; nothing changed. */
static void test_load_read_only_sysfs(void **state)
{
	static const int errs[] = { -EROFS, -EACCES };
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	rfake_fw_init(&fw, true);
	for (size_t i = 0; i < 2; i++) {
		f->n_writes = 0;
		f->err_sysfs = errs[i];
		assert_int_equal(rfake_load(f, &fw.img, &opt, &res), errs[i]);
		rfake_expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf",
				    i ? "remoteproc0/state=stop !EACCES" :
				    "remoteproc0/state=stop !EROFS", NULL);
		rfake_assert_contains(f->err, "run as root?");
		assert_int_equal(rfake_err_lines(f), 1);
		assert_string_equal(rfake_param(f), OLD_PARAM);
		assert_string_equal(rfake_attr(f, "remoteproc0", "state"),
				    "running");
	}
}

/* "firmware" read-only (sysfs_read_only drivers): path put back. */
static void test_load_firmware_eacces(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	rfake_fw_init(&fw, true);
	f->err_firmware = -EACCES;
	assert_int_equal(rfake_load(f, &fw.img, &opt, &res), -EACCES);
	rfake_expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf",
			    "remoteproc0/state=stop", "path=" PRIV,
			    "remoteproc0/firmware=fw.elf !EACCES", "path=" OLD_PARAM,
			    NULL);
	rfake_assert_contains(f->err, "run as root?");
	assert_string_equal(rfake_param(f), OLD_PARAM);
}

/* --no-start: the name set, the core left offline, the path untouched. */
static void test_load_no_start(void **state)
{
	struct rproc_load_opts opt = { .no_start = true };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	rfake_fw_init(&fw, true);
	assert_int_equal(rfake_load(f, &fw.img, &opt, &res), 0);
	rfake_expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf",
			    "remoteproc0/state=stop", "remoteproc0/firmware=fw.elf",
			    NULL);
	assert_string_equal(res.state, "offline");
	assert_string_equal(rfake_attr(f, "remoteproc0", "state"), "offline");
	rfake_assert_contains(f->err, "only when the core starts");

	/* ... and a later start finds the private copy. */
	f->n_writes = 0;
	assert_int_equal(rfake_do_start(f), 0);
	rfake_expect_writes(f, "path=" PRIV, "remoteproc0/state=start",
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

	rfake_fw_init(&fw, true);
	rfake_add_node(f, "remoteproc1", "imx-rproc", "offline", "other.elf");
	assert_int_equal(rfake_open_rp(f, &rp, "1"), 0);
	rfake_capture_begin(f);
	assert_int_equal(rproc_load(&rp, &fw.img, &opt, &res), 0);
	rfake_capture_end(f);
	rfake_expect_writes(f, "mkdir " PRIV, "copy " PRIV "/fw.elf", "path=" PRIV,
			    "remoteproc1/firmware=fw.elf", "remoteproc1/state=start",
			    "path=" OLD_PARAM, NULL);
	assert_string_equal(rfake_attr(f, "remoteproc0", "state"), "running");
	assert_string_equal(rfake_attr(f, "remoteproc0", "firmware"), OLD_FW);
}

/* The kernel would refuse: refused before anything is touched. */
static void test_load_verdict_refuses(void **state)
{
	/* The kernel refuses to load it, and the core could not boot it. */
	struct rproc_verdict v = { .accepts = false, .loads = RPROC_REFUSES,
				   .boots = false, .n_reasons = 1 };
	struct rproc_load_opts opt = { .verdict = &v };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	rfake_fw_init(&fw, true);
	snprintf(v.reasons[0], sizeof(v.reasons[0]), "segment 1: bad phdr da");
	snprintf(v.boot_reason, sizeof(v.boot_reason), "no vector at 0");
	assert_int_equal(rfake_load(f, &fw.img, &opt, &res), -ENOEXEC);
	rfake_expect_writes(f, NULL);
	assert_int_equal(rfake_err_lines(f), 1);
	rfake_assert_contains(f->err, "would refuse it: segment 1: bad phdr da; no vector at 0 (--force to try anyway)");
	assert_false(rfake_has_file(f, PRIV));

	/* --force: warned, and done. */
	opt.force = true;
	assert_int_equal(rfake_load(f, &fw.img, &opt, &res), 0);
	rfake_assert_contains(f->err, "warning: build/fw.elf: segment 1: bad phdr da (--force)");
	rfake_assert_contains(f->err, "warning: build/fw.elf: no vector at 0 (--force)");
	assert_string_equal(rfake_attr(f, "remoteproc0", "state"), "running");
}

/* Accepted by today's kernels but not before 5.13: a warning only. */
static void test_load_verdict_old_kernels(void **state)
{
	struct rproc_verdict v = { .accepts = true, .old_kernels_refuse = true };
	struct rproc_load_opts opt = { .verdict = &v };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	rfake_fw_init(&fw, false);
	assert_int_equal(rfake_load(f, &fw.img, &opt, &res), 0);
	assert_int_equal(rfake_err_lines(f), 1);
	rfake_assert_contains(f->err, "warning: build/fw.elf has no .resource_table: kernels before 5.13 refuse it");
}

static void test_load_raw_refused(void **state)
{
	struct rproc_load_opts opt = { 0 };
	struct rproc_load_result res;
	struct fake *f = *state;
	struct fw fw;

	rfake_fw_init(&fw, true);
	fw.img.format = IMAGE_RAW;
	assert_int_equal(rfake_load(f, &fw.img, &opt, &res), -ENOEXEC);
	rfake_expect_writes(f, NULL);
	rfake_assert_contains(f->err, "ELF files only");
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

	rfake_fw_init(&fw, true);
	assert_int_equal(rfake_open_rp(f, &rp, NULL), 0);
	mem = open_memstream(&out, &len);
	assert_non_null(mem);
	rp.dry_run = mem;
	rfake_capture_begin(f);
	assert_int_equal(rproc_load(&rp, &fw.img, &opt, &res), 0);
	rfake_capture_end(f);
	fclose(mem);
	rfake_expect_writes(f, NULL);
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
	assert_false(rfake_has_file(f, PRIV));
	assert_string_equal(rfake_attr(f, "remoteproc0", "state"), "running");
	assert_string_equal(rfake_attr(f, "remoteproc0", "firmware"), OLD_FW);
	assert_string_equal(rfake_param(f), OLD_PARAM);
}

static void test_stop_dry_run(void **state)
{
	struct fake *f = *state;
	char *out = NULL, want[256];
	size_t len = 0;
	struct rproc rp;
	FILE *mem;

	assert_int_equal(rfake_open_rp(f, &rp, NULL), 0);
	mem = open_memstream(&out, &len);
	assert_non_null(mem);
	rp.dry_run = mem;
	assert_int_equal(rproc_stop(&rp), 0);
	fclose(mem);
	snprintf(want, sizeof(want),
		 "write   %s" CLASS_DIR "/remoteproc0/state stop\n", f->root);
	assert_string_equal(out, want);
	free(out);
	rfake_expect_writes(f, NULL);
	assert_string_equal(rfake_attr(f, "remoteproc0", "state"), "running");
}

/* restart --dry-run: the start follows from the state the stop reaches. */
static void test_restart_dry_run(void **state)
{
	struct fake *f = *state;
	char *out = NULL, want[512];
	size_t len = 0;
	struct rproc rp;
	FILE *mem;

	rfake_put_file(f, "/lib/firmware/" OLD_FW, "old image");
	assert_int_equal(rfake_open_rp(f, &rp, NULL), 0);
	mem = open_memstream(&out, &len);
	assert_non_null(mem);
	rp.dry_run = mem;
	rfake_capture_begin(f);
	assert_int_equal(rproc_stop(&rp), 0);
	assert_int_equal(rproc_start(&rp), 0);
	rfake_capture_end(f);
	fclose(mem);
	snprintf(want, sizeof(want),
		 "write   %1$s" CLASS_DIR "/remoteproc0/state stop\n"
		 "write   %1$s" CLASS_DIR "/remoteproc0/state start\n",
		 f->root);
	assert_string_equal(out, want);
	free(out);
	assert_string_equal(f->err, "");
	rfake_expect_writes(f, NULL);
	assert_string_equal(rfake_attr(f, "remoteproc0", "state"), "running");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_stop_by_state),
		T(test_stop_detached_explained),
		T(test_stop_not_reached),
		T(test_stop_read_only),
		T(test_start_by_state),
		T(test_start_running_notice),
		T(test_start_ebusy_but_running),
		T(test_start_not_reached),
		T(test_load_from_running),
		T(test_load_by_state),
		T(test_load_detached_explained),
		T(test_load_firmware_ebusy),
		T(test_load_state_not_reached),
		T(test_load_stop_not_reached),
		T(test_load_read_only_sysfs),
		T(test_load_firmware_eacces),
		T(test_load_no_start),
		T(test_load_selected_instance),
		T(test_load_verdict_refuses),
		T(test_load_verdict_old_kernels),
		T(test_load_raw_refused),
		T(test_load_dry_run),
		T(test_stop_dry_run),
		T(test_restart_dry_run),
	};

	log_set_level(LOG_NORMAL);
	return cmocka_run_group_tests_name("rproc_backend", tests, NULL, NULL);
}
