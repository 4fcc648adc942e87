// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SoC detection against fake root trees: a temporary directory holding
 * sys/devices/soc0/soc_id and/or proc/device-tree/compatible, as the
 * kernel would show them, so nothing here depends on the host.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
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
#include "m4fw/detect.h"
#include "m4fw/soc.h"

#define SOC_ID "sys/devices/soc0/soc_id"
#define COMPAT "proc/device-tree/compatible"

/* ---- fake root trees -------------------------------------------------- */

struct tree {
	char root[64];
};

static int tree_setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	if (tmpdir_make(t->root, sizeof(t->root), "m4fw-detect")) {
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

/* mkdir -p of every directory above @rel, then @rel with @len bytes. */
static void tree_write(const struct tree *t, const char *rel,
		       const void *data, size_t len)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", t->root, rel);
	for (char *s = path + strlen(t->root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			fail_msg("mkdir %s: %s", path, strerror(errno));
		*s = '/';
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		fail_msg("create %s: %s", path, strerror(errno));
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

static void write_soc_id(const struct tree *t, const char *s)
{
	tree_write(t, SOC_ID, s, strlen(s));
}

/* The compatible property keeps its NULs: @len counts them all. */
static void write_compat(const struct tree *t, const char *list, size_t len)
{
	tree_write(t, COMPAT, list, len);
}

#define WRITE_COMPAT(t, lit) write_compat((t), (lit), sizeof(lit) - 1)

/* ---- what the kernel names -------------------------------------------- */

struct supported {
	const char *soc_id;
	const char *compatible;
	const char *soc;
};

static const struct supported supported[] = {
	{ "i.MX6SX", "fsl,imx6sx", "imx6sx" },
	{ "i.MX7D", "fsl,imx7d", "imx7d" },
	/* The kernel's soc-imx.c names the Solo "i.MX7S"; imx7s.dtsi is the
	 * base of both parts, a Solo board ends its list with "fsl,imx7s". */
	{ "i.MX7S", "fsl,imx7s", "imx7d" },
	{ "i.MX8MQ", "fsl,imx8mq", "imx8mq" },
	{ "i.MX8MM", "fsl,imx8mm", "imx8mm" },
	{ "i.MX8MN", "fsl,imx8mn", "imx8mn" },
	{ "i.MX8MP", "fsl,imx8mp", "imx8mp" },
};

/* Parts whose M core Linux cannot hold or release through registers. */
static const struct supported refused[] = {
	{ "i.MX7ULP", "fsl,imx7ulp", NULL },
	{ "i.MX8ULP", "fsl,imx8ulp", NULL },
	{ "i.MX93", "fsl,imx93", NULL },
	{ "i.MX8QM", "fsl,imx8qm", NULL },
	{ "i.MX8QXP", "fsl,imx8qxp", NULL },
	{ "i.MX95", "fsl,imx95", NULL },
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/*
 * A compatible list as a board's device tree has it: the board first, the
 * SoC after it, each NUL-terminated.
 */
static size_t board_compat(char *buf, size_t size, const char *soc_compat)
{
	int n = snprintf(buf, size, "acme,%s-board%cvendor,som%c%s%c",
			 soc_compat + 4, '\0', '\0', soc_compat, '\0');

	assert_true(n > 0 && (size_t)n < size);
	return (size_t)n;
}

/* The refusal must say what to use instead, not only "no". */
static void assert_names_alternative(const char *what, const char *reason)
{
	if (!reason || !reason[0])
		fail_msg("%s: refused without a reason", what);
	if (!strstr(reason, "remoteproc") && !strstr(reason, "bootaux") &&
	    !strstr(reason, "boot image"))
		fail_msg("%s: reason names no alternative: %s", what, reason);
}

static void assert_found(const char *what, enum detect_result res,
			 const struct detect_info *info, const char *soc)
{
	if (res != DETECT_FOUND)
		fail_msg("%s: result %d, expected DETECT_FOUND (how: %s)", what,
			 res, info->how);
	assert_non_null(info->soc);
	if (info->soc != soc_find(soc))
		fail_msg("%s: detected %s, expected %s", what, info->soc->name,
			 soc);
}

/* ---- found by soc_id -------------------------------------------------- */

static void test_soc_id_each_supported(void **state)
{
	struct tree *t = *state;

	for (size_t i = 0; i < N_OF(supported); i++) {
		const struct supported *s = &supported[i];
		struct detect_info info;
		enum detect_result res;

		write_soc_id(t, s->soc_id);
		res = detect_soc(t->root, &info);
		assert_found(s->soc_id, res, &info, s->soc);
		assert_string_equal(info.name, s->soc_id);
		/* The user is told which file said so. */
		assert_non_null(strstr(info.how, "/sys/devices/soc0/soc_id"));
		assert_non_null(strstr(info.how, s->soc_id));
		assert_null(info.reason);
	}
}

/* sysfs attributes end in a newline; it is not part of the name. */
static void test_soc_id_trailing_newline(void **state)
{
	struct tree *t = *state;
	struct detect_info info;

	write_soc_id(t, "i.MX8MM\n");
	assert_found("i.MX8MM\\n", detect_soc(t->root, &info), &info,
		     "imx8mm");
	assert_string_equal(info.name, "i.MX8MM");
	assert_null(strchr(info.how, '\n'));
}

/* ---- found by the device tree ----------------------------------------- */

static void test_compatible_each_supported(void **state)
{
	struct tree *t = *state;

	for (size_t i = 0; i < N_OF(supported); i++) {
		const struct supported *s = &supported[i];
		struct detect_info info;
		enum detect_result res;
		char buf[128];

		write_compat(t, buf, board_compat(buf, sizeof(buf),
						  s->compatible));
		res = detect_soc(t->root, &info);
		assert_found(s->compatible, res, &info, s->soc);
		assert_non_null(strstr(info.how,
				       "/proc/device-tree/compatible"));
		assert_non_null(strstr(info.how, s->compatible));
		assert_null(info.reason);
	}
}

/* The last string of a property written by hand may lack its NUL. */
static void test_compatible_without_final_nul(void **state)
{
	struct tree *t = *state;
	struct detect_info info;

	WRITE_COMPAT(t, "fsl,imx8mp-evk\0fsl,imx8mp");
	assert_found("fsl,imx8mp", detect_soc(t->root, &info), &info,
		     "imx8mp");
}

/* ---- both files ------------------------------------------------------- */

static void test_soc_id_wins_over_compatible(void **state)
{
	struct tree *t = *state;
	struct detect_info info;

	write_soc_id(t, "i.MX7D\n");
	WRITE_COMPAT(t, "fsl,imx8mm-evk\0fsl,imx8mm\0");
	assert_found("soc_id i.MX7D + fsl,imx8mm", detect_soc(t->root, &info),
		     &info, "imx7d");
	assert_non_null(strstr(info.how, "soc_id"));
	assert_null(strstr(info.how, "compatible"));
}

/* A refusal by soc_id is not overturned by a compatible that would pass. */
static void test_refused_soc_id_wins_over_compatible(void **state)
{
	struct tree *t = *state;
	struct detect_info info;

	write_soc_id(t, "i.MX93\n");
	WRITE_COMPAT(t, "fsl,imx8mm-evk\0fsl,imx8mm\0");
	assert_int_equal(detect_soc(t->root, &info), DETECT_REFUSED);
	assert_null(info.soc);
	assert_names_alternative("i.MX93", info.reason);
}

static void test_unknown_soc_id_alone(void **state)
{
	struct tree *t = *state;
	struct detect_info info;

	write_soc_id(t, "i.MX6Q\n");
	assert_int_equal(detect_soc(t->root, &info), DETECT_UNKNOWN);
	assert_null(info.soc);
	assert_string_equal(info.name, "i.MX6Q");
	assert_non_null(strstr(info.how, "i.MX6Q"));
}

/*
 * A kernel whose soc driver does not know a newer part still has the
 * device tree, which does.
 */
static void test_unknown_soc_id_known_compatible(void **state)
{
	struct tree *t = *state;
	struct detect_info info;

	write_soc_id(t, "i.MX6Q\n");
	WRITE_COMPAT(t, "fsl,imx7d-sdb\0fsl,imx7d\0");
	assert_found("i.MX6Q + fsl,imx7d", detect_soc(t->root, &info), &info,
		     "imx7d");
	assert_non_null(strstr(info.how, "/proc/device-tree/compatible"));
	assert_non_null(strstr(info.how, "fsl,imx7d"));
}

static void test_unknown_soc_id_unknown_compatible(void **state)
{
	struct tree *t = *state;
	struct detect_info info;

	write_soc_id(t, "i.MX6Q\n");
	WRITE_COMPAT(t, "fsl,imx6q-sabresd\0fsl,imx6q\0");
	assert_int_equal(detect_soc(t->root, &info), DETECT_UNKNOWN);
	assert_null(info.soc);
}

/* An empty soc_id says nothing; the device tree still may. */
static void test_empty_soc_id_known_compatible(void **state)
{
	struct tree *t = *state;
	struct detect_info info;

	write_soc_id(t, "");
	WRITE_COMPAT(t, "fsl,imx6sx-sdb\0fsl,imx6sx\0");
	assert_found("empty soc_id + fsl,imx6sx", detect_soc(t->root, &info),
		     &info, "imx6sx");
}

/* ---- refused parts ---------------------------------------------------- */

static void test_refused_by_soc_id(void **state)
{
	struct tree *t = *state;

	for (size_t i = 0; i < N_OF(refused); i++) {
		const struct supported *s = &refused[i];
		struct detect_info info;
		char line[32];
		enum detect_result res;

		snprintf(line, sizeof(line), "%s\n", s->soc_id);
		write_soc_id(t, line);
		res = detect_soc(t->root, &info);
		if (res != DETECT_REFUSED)
			fail_msg("%s: result %d, expected DETECT_REFUSED",
				 s->soc_id, res);
		assert_null(info.soc);
		/* Named, so that the refusal says which part it refuses. */
		assert_string_equal(info.name, s->soc_id);
		assert_names_alternative(s->soc_id, info.reason);
	}
}

static void test_refused_by_compatible(void **state)
{
	struct tree *t = *state;

	for (size_t i = 0; i < N_OF(refused); i++) {
		const struct supported *s = &refused[i];
		struct detect_info info;
		enum detect_result res;
		char buf[128];

		write_compat(t, buf, board_compat(buf, sizeof(buf),
						  s->compatible));
		res = detect_soc(t->root, &info);
		if (res != DETECT_REFUSED)
			fail_msg("%s: result %d, expected DETECT_REFUSED",
				 s->compatible, res);
		assert_null(info.soc);
		assert_non_null(strstr(info.how, s->compatible));
		assert_names_alternative(s->compatible, info.reason);
	}
}

/* ---- what must not match ---------------------------------------------- */

/*
 * A board compatible that only starts like a SoC's ("fsl,imx7d-sdb") is
 * not that SoC: the SoC's own entry must be there.
 */
static void test_board_compatible_only(void **state)
{
	struct tree *t = *state;
	struct detect_info info;

	WRITE_COMPAT(t, "fsl,imx7d-sdb\0");
	assert_int_equal(detect_soc(t->root, &info), DETECT_UNKNOWN);
	assert_null(info.soc);

	WRITE_COMPAT(t, "fsl,imx8mm-evk\0fsl,imx8m\0");
	assert_int_equal(detect_soc(t->root, &info), DETECT_UNKNOWN);
	assert_null(info.soc);
}

/* soc_id is compared whole: "i.MX8M" is none of the four i.MX8M parts. */
static void test_soc_id_prefix_only(void **state)
{
	struct tree *t = *state;
	struct detect_info info;

	write_soc_id(t, "i.MX8M\n");
	assert_int_equal(detect_soc(t->root, &info), DETECT_UNKNOWN);
	assert_null(info.soc);

	write_soc_id(t, "i.MX8MMini\n");
	assert_int_equal(detect_soc(t->root, &info), DETECT_UNKNOWN);
	assert_null(info.soc);
}

/* ---- nothing to go by ------------------------------------------------- */

static void test_empty_files(void **state)
{
	struct tree *t = *state;
	struct detect_info info;

	write_soc_id(t, "");
	write_compat(t, "", 0);
	assert_int_equal(detect_soc(t->root, &info), DETECT_NOTHING);
	assert_null(info.soc);

	/* A lone newline is as empty as no byte at all. */
	write_soc_id(t, "\n");
	assert_int_equal(detect_soc(t->root, &info), DETECT_NOTHING);
	assert_null(info.soc);
}

static void test_nothing_at_all(void **state)
{
	struct tree *t = *state;
	struct detect_info info;

	/* Stale contents must not survive into the answer. */
	memset(&info, 0x5a, sizeof(info));
	assert_int_equal(detect_soc(t->root, &info), DETECT_NOTHING);
	assert_null(info.soc);
	assert_null(info.reason);
}

static void test_root_missing(void **state)
{
	struct tree *t = *state;
	struct detect_info info;
	char missing[128];

	snprintf(missing, sizeof(missing), "%s/no-such-root", t->root);
	assert_int_equal(detect_soc(missing, &info), DETECT_NOTHING);
	assert_null(info.soc);
}

/* ---- --soc NAME ------------------------------------------------------- */

/*
 * doc/contract.md (Commands): a part named with --soc is refused as when
 * it is detected, named and with its alternative; supported names are
 * found; anything else is unknown. The --soc name is the compatible's
 * model ("fsl,imx93" -> "imx93").
 */
static void test_by_name(void **state)
{
	struct detect_info info;
	enum detect_result res;

	(void)state;
	for (size_t i = 0; i < N_OF(refused); i++) {
		const char *name = refused[i].compatible + strlen("fsl,");

		res = detect_by_name(name, &info);
		if (res != DETECT_REFUSED)
			fail_msg("--soc %s: result %d, expected DETECT_REFUSED",
				 name, res);
		assert_null(info.soc);
		assert_string_equal(info.name, refused[i].soc_id);
		assert_names_alternative(refused[i].soc_id, info.reason);
	}
	for (size_t i = 0; i < N_OF(supported); i++) {
		res = detect_by_name(supported[i].soc, &info);
		assert_int_equal(res, DETECT_FOUND);
		assert_string_equal(info.soc->name, supported[i].soc);
	}
	assert_int_equal(detect_by_name("imx9", &info), DETECT_UNKNOWN);
	assert_int_equal(detect_by_name("", &info), DETECT_UNKNOWN);
	assert_int_equal(detect_by_name("fsl,imx93", &info), DETECT_UNKNOWN);
}

#define TREE_TEST(f) cmocka_unit_test_setup_teardown(f, tree_setup, \
						      tree_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TREE_TEST(test_soc_id_each_supported),
		TREE_TEST(test_soc_id_trailing_newline),
		TREE_TEST(test_compatible_each_supported),
		TREE_TEST(test_compatible_without_final_nul),
		TREE_TEST(test_soc_id_wins_over_compatible),
		TREE_TEST(test_refused_soc_id_wins_over_compatible),
		TREE_TEST(test_unknown_soc_id_alone),
		TREE_TEST(test_unknown_soc_id_known_compatible),
		TREE_TEST(test_unknown_soc_id_unknown_compatible),
		TREE_TEST(test_empty_soc_id_known_compatible),
		TREE_TEST(test_refused_by_soc_id),
		TREE_TEST(test_refused_by_compatible),
		TREE_TEST(test_board_compatible_only),
		TREE_TEST(test_soc_id_prefix_only),
		TREE_TEST(test_empty_files),
		TREE_TEST(test_nothing_at_all),
		TREE_TEST(test_root_missing),
		cmocka_unit_test(test_by_name),
	};

	return cmocka_run_group_tests_name("detect", tests, NULL, NULL);
}
