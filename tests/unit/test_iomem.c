// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/iomem parsing and the "is this range in use" question, on a
 * sample shaped like an i.MX8MM board's (device-tree resources at the top
 * level, a claim nested under its device, System RAM with the
 * kernel's own ranges nested under it).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "elf_fixture.h"
#include "tmpdir.h"
#include "m4fw/iomem.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

static char tmp_dir[256];

static int group_setup(void **state)
{
	(void)state;
	return tmpdir_make(tmp_dir, sizeof(tmp_dir), "test_iomem");
}

static int group_teardown(void **state)
{
	(void)state;
	return tmpdir_remove(tmp_dir);
}

static const char sample[] =
	"00000000-00000000 : PCI IO\n"
	"00180000-00187fff : 180000.sram\n"
	"00900000-0093ffff : 900000.sram sram@900000\n"
	"  00900000-0093ffff : 900000.sram sram@900000\n"
	"30340000-3034ffff : 30340000.iomuxc-gpr iomuxc-gpr@30340000\n"
	"30380000-3038ffff : 30380000.clock-controller clock-controller@30380000\n"
	"  30388000-3038bfff : nested-claim\n"
	"    30388080-30388083 : deeper\n"
	"\n"
	"40000000-b7ffffff : System RAM\n"
	"  40200000-4149ffff : Kernel code\n"
	"  414a0000-4183ffff : reserved\n"
	"  41840000-41a5ffff : Kernel data\n"
	"b8000000-b8ffffff : reserved\n"
	"b9000000-bfffffff : System RAM\n"
	"940000000-97fffffff : System RAM\n";

/* What iomem_parse() must make of the sample, line by line. */
static const struct iomem_entry sample_entries[] = {
	{ 0x00000000, 0x00000000, 0, "PCI IO" },
	{ 0x00180000, 0x00187fff, 0, "180000.sram" },
	{ 0x00900000, 0x0093ffff, 0, "900000.sram sram@900000" },
	{ 0x00900000, 0x0093ffff, 1, "900000.sram sram@900000" },
	{ 0x30340000, 0x3034ffff, 0,
	  "30340000.iomuxc-gpr iomuxc-gpr@30340000" },
	{ 0x30380000, 0x3038ffff, 0,
	  "30380000.clock-controller clock-controller@30380000" },
	{ 0x30388000, 0x3038bfff, 1, "nested-claim" },
	{ 0x30388080, 0x30388083, 2, "deeper" },
	{ 0x40000000, 0xb7ffffff, 0, "System RAM" },
	{ 0x40200000, 0x4149ffff, 1, "Kernel code" },
	{ 0x414a0000, 0x4183ffff, 1, "reserved" },
	{ 0x41840000, 0x41a5ffff, 1, "Kernel data" },
	{ 0xb8000000, 0xb8ffffff, 0, "reserved" },
	{ 0xb9000000, 0xbfffffff, 0, "System RAM" },
	{ 0x940000000, 0x97fffffff, 0, "System RAM" },
};

static void parse_string(struct iomem_map *map, const char *text, int want)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret;

	assert_non_null(f);
	ret = iomem_parse(map, f);
	fclose(f);
	if (ret != want)
		fail_msg("iomem_parse returned %d, expected %d, on:\n%s", ret,
			 want, text);
}

static void write_file(const char *path, const char *text)
{
	assert_int_equal(elf_fixture_write_bytes(path, text, strlen(text)), 0);
}

static void check_sample(const struct iomem_map *map)
{
	assert_int_equal(map->n, N_ELEM(sample_entries));
	for (size_t i = 0; i < map->n; i++) {
		const struct iomem_entry *e = &map->entries[i];
		const struct iomem_entry *w = &sample_entries[i];

		if (e->start != w->start || e->end != w->end ||
		    e->depth != w->depth || strcmp(e->name, w->name) != 0)
			fail_msg("entry %zu: %llx-%llx depth %u \"%s\", expected %llx-%llx depth %u \"%s\"",
				 i, (unsigned long long)e->start,
				 (unsigned long long)e->end, e->depth, e->name,
				 (unsigned long long)w->start,
				 (unsigned long long)w->end, w->depth, w->name);
	}
}

static void test_parse_sample(void **state)
{
	struct iomem_map map;

	(void)state;
	parse_string(&map, sample, 0);
	check_sample(&map);
	iomem_free(&map);
	assert_null(map.entries);
	assert_int_equal(map.n, 0);
}

static void test_read_file(void **state)
{
	struct iomem_map map;
	char path[300];

	(void)state;
	snprintf(path, sizeof(path), "%s/iomem", tmp_dir);
	write_file(path, sample);
	assert_int_equal(iomem_read(&map, path), 0);
	check_sample(&map);
	iomem_free(&map);
}

static void test_read_missing_file(void **state)
{
	struct iomem_map map;
	char path[300];

	(void)state;
	snprintf(path, sizeof(path), "%s/no-such-iomem", tmp_dir);
	memset(&map, 0x5A, sizeof(map));
	assert_int_equal(iomem_read(&map, path), -ENOENT);
	/* safe to free, and nothing to find */
	assert_null(map.entries);
	assert_int_equal(map.n, 0);
	assert_null(iomem_conflict(&map, 0, 1));
	iomem_free(&map);
}

/* An empty /proc/iomem (no permission to see addresses is all zeros). */
static void test_parse_empty(void **state)
{
	struct iomem_map map;

	(void)state;
	parse_string(&map, "", 0);
	assert_int_equal(map.n, 0);
	assert_null(iomem_conflict(&map, 0x40000000, 4));
	iomem_free(&map);
}

/* The kernel pads to 8 hex digits; wider addresses are just longer. */
static void test_parse_wide_and_uppercase(void **state)
{
	struct iomem_map map;

	(void)state;
	parse_string(&map,
		     "4000000000-40FFFFFFFF : System RAM\n"
		     "0-fff : tiny\n", 0);
	assert_int_equal(map.n, 2);
	assert_int_equal(map.entries[0].start, 0x4000000000ULL);
	assert_int_equal(map.entries[0].end, 0x40FFFFFFFFULL);
	assert_int_equal(map.entries[1].start, 0);
	assert_int_equal(map.entries[1].end, 0xfff);
	iomem_free(&map);
}

/* A name longer than the entry holds is cut, not an error. */
static void test_parse_long_name(void **state)
{
	char line[200], want[64];
	struct iomem_map map;

	(void)state;
	memset(want, 'n', sizeof(want) - 1);
	want[sizeof(want) - 1] = '\0';
	snprintf(line, sizeof(line), "00900000-0093ffff : %s%s\n", want,
		 "-and-then-some-more");
	parse_string(&map, line, 0);
	assert_int_equal(map.n, 1);
	assert_string_equal(map.entries[0].name, want);
	iomem_free(&map);
}

static void test_parse_without_final_newline(void **state)
{
	struct iomem_map map;

	(void)state;
	parse_string(&map, "00900000-0093ffff : last", 0);
	assert_int_equal(map.n, 1);
	assert_string_equal(map.entries[0].name, "last");
	iomem_free(&map);
}

static void test_parse_malformed(void **state)
{
	static const char *const bad[] = {
		"garbage\n",
		"00900000 : no end\n",
		"00900000- : no end\n",
		"-0093ffff : no start\n",
		"00900000+0093ffff : not a dash between the two\n",
		"00900000 0093ffff : a space for the dash\n",
		"zz900000-0093ffff : bad start\n",
		"00900000-zz93ffff : bad end\n",
		"0093ffff-00900000 : end before start\n",
		"00900000-0093ffff: no space before colon\n",
		"00900000-0093ffff :no space after colon\n",
		"00900000-0093ffff\n",
		"00900000-0093ffff name\n",
		"10000000000000000-10000000000000001 : past 64 bits\n",
		"00900000-0093ffff : nul\0in the name\n",
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(bad); i++) {
		struct iomem_map map;
		FILE *f = fmemopen((void *)bad[i], strlen(bad[i]) +
				   (strstr(bad[i], "nul") ? 13 : 0), "r");

		assert_non_null(f);
		assert_int_equal(iomem_parse(&map, f), 0);
		fclose(f);
		/* skipped and counted; nothing kept, nothing leaked */
		assert_int_equal(map.n, 0);
		assert_int_equal(map.n_skipped, 1);
		assert_int_equal(map.first_skipped, 1);
		iomem_free(&map);
	}
}

/*
 * One line that cannot be parsed (a reversed range, junk) is skipped; the
 * lines around it still count, System RAM after it included.
 */
static void test_parse_bad_line_skipped(void **state)
{
	struct iomem_map map;
	const struct iomem_entry *e;

	(void)state;
	parse_string(&map,
		     "00900000-0091ffff : 900000.sram sram@900000\n"
		     "0091ffff-00900000 : reversed\n"
		     "not a line\n"
		     "80000000-bfffffff : System RAM\n", 0);
	assert_int_equal(map.n, 2);
	assert_int_equal(map.n_skipped, 2);
	assert_int_equal(map.first_skipped, 2);
	e = iomem_conflict(&map, 0x80000000, 4);
	assert_non_null(e);
	assert_string_equal(e->name, "System RAM");
	iomem_free(&map);
}

/* A 300-character name: one line, parsed, its name cut. */
static void test_read_300_char_name(void **state)
{
	char text[400], path[300];
	struct iomem_map map;

	(void)state;
	snprintf(text, sizeof(text), "00900000-0091ffff : %0300d\n%s", 0,
		 "80000000-bfffffff : System RAM\n");
	snprintf(path, sizeof(path), "%s/iomem-long", tmp_dir);
	write_file(path, text);
	assert_int_equal(iomem_read(&map, path), 0);
	assert_int_equal(map.n, 2);
	assert_int_equal(map.n_skipped, 0);
	assert_int_equal(map.entries[0].start, 0x00900000);
	assert_int_equal(map.entries[1].start, 0x80000000);
	iomem_free(&map);
}

/*
 * Not a file: nothing is read (and nothing waits), the map says why, so
 * that the plan can fail closed.
 */
static void test_read_not_a_file(void **state)
{
	struct iomem_map map;
	char path[300];

	(void)state;
	snprintf(path, sizeof(path), "%s/iomem-dir", tmp_dir);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(iomem_read(&map, path), -EISDIR);
	assert_int_equal(map.read_error, -EISDIR);
	assert_non_null(strstr(map.why, "directory"));
	assert_int_equal(map.n, 0);
	rmdir(path);

	snprintf(path, sizeof(path), "%s/iomem-fifo", tmp_dir);
	assert_int_equal(mkfifo(path, 0644), 0);
	alarm(10);	/* a blocking open would hang here: fail instead */
	assert_true(iomem_read(&map, path) < 0);
	alarm(0);
	assert_true(map.read_error < 0);
	assert_non_null(strstr(map.why, "FIFO"));
	unlink(path);

	snprintf(path, sizeof(path), "%s/no-such-iomem", tmp_dir);
	assert_int_equal(iomem_read(&map, path), -ENOENT);
	assert_int_equal(map.read_error, -ENOENT);
}

/* Over 1 MiB is not /proc/iomem: refused whole, not read in part. */
static void test_read_too_big(void **state)
{
	static const char ram[] = "80000000-bfffffff : System RAM\n";
	size_t size = (1u << 20) + 1;
	struct iomem_map map;
	char path[300];
	char *text = malloc(size);

	(void)state;
	assert_non_null(text);
	memset(text, '\n', size);
	memcpy(text, ram, sizeof(ram) - 1);	/* without its NUL */
	snprintf(path, sizeof(path), "%s/iomem-big", tmp_dir);
	assert_int_equal(elf_fixture_write_bytes(path, text, size), 0);
	assert_int_equal(iomem_read(&map, path), -EFBIG);
	assert_int_equal(map.read_error, -EFBIG);
	assert_int_equal(map.n, 0);
	/* one byte less is read */
	assert_int_equal(elf_fixture_write_bytes(path, text, size - 1), 0);
	assert_int_equal(iomem_read(&map, path), 0);
	assert_int_equal(map.n, 1);
	iomem_free(&map);
	unlink(path);
	free(text);
}

/* More entries than the first allocation holds. */
static void test_parse_many(void **state)
{
	static char text[300 * 40];
	struct iomem_map map;
	size_t off = 0;

	(void)state;
	for (unsigned int i = 0; i < 300; i++)
		off += (size_t)snprintf(text + off, sizeof(text) - off,
					"%08x-%08x : dev%u\n", i * 0x1000,
					i * 0x1000 + 0xfff, i);
	parse_string(&map, text, 0);
	assert_int_equal(map.n, 300);
	assert_int_equal(map.entries[299].start, 299 * 0x1000);
	assert_string_equal(map.entries[299].name, "dev299");
	iomem_free(&map);
}

struct conflict_case {
	uint64_t start;
	uint64_t len;
	const char *name;	/* NULL: no conflict */
	unsigned int depth;
};

/*
 * Any line overlapping the range is in use, at any depth: on device-tree
 * kernels a driver's claim is a top-level "<device> <resource>" line. The
 * first such line in the file is named, System RAM before any other.
 */
static const struct conflict_case conflict_cases[] = {
	/* touching is fine */
	{ 0x008FFFFC, 4, NULL, 0 },
	{ 0x008FFFFD, 4, "900000.sram sram@900000", 0 },
	{ 0x00900000, 1, "900000.sram sram@900000", 0 },
	{ 0x0093FFFF, 1, "900000.sram sram@900000", 0 },	/* inclusive end */
	{ 0x0093FFFC, 8, "900000.sram sram@900000", 0 },
	{ 0x00940000, 4, NULL, 0 },
	{ 0x00910000, 0x10000, "900000.sram sram@900000", 0 },
	/* a top-level device line is a claim too */
	{ 0x00180000, 0x8000, "180000.sram", 0 },
	{ 0x00188000, 4, NULL, 0 },
	{ 0x30340000, 0x10000, "30340000.iomuxc-gpr iomuxc-gpr@30340000", 0 },
	{ 0x30380000, 0x8000,
	  "30380000.clock-controller clock-controller@30380000", 0 },
	{ 0x30388080, 4, "30380000.clock-controller clock-controller@30380000",
	  0 },
	{ 0x30390000, 4, NULL, 0 },
	/* System RAM, whatever is nested under it */
	{ 0x3FFFFFFC, 4, NULL, 0 },
	{ 0x3FFFFFFD, 4, "System RAM", 0 },
	{ 0x40000000, 4, "System RAM", 0 },
	{ 0x40200000, 4, "System RAM", 0 },
	{ 0xBFFFFFFF, 1, "System RAM", 0 },
	{ 0xC0000000, 4, NULL, 0 },
	/*
	 * A top-level "reserved" region (reserved-memory, no-map: carved
	 * out of System RAM) is where DDR firmware is meant to go.
	 */
	{ 0xB8000000, 0x1000000, NULL, 0 },
	{ 0xB7FFFFFC, 8, "System RAM", 0 },
	{ 0xB8FFFFFC, 8, "System RAM", 0 },
	{ 0xB8FFFFFC, 4, NULL, 0 },
	{ 0x940000000, 4, "System RAM", 0 },
	{ 0x93FFFFFFC, 4, NULL, 0 },
	/* nothing written, nothing in the way */
	{ 0x40000000, 0, NULL, 0 },
	{ 0x40000004, 0, NULL, 0 },
	{ 0x00900000, 0, NULL, 0 },
	{ 0x00910000, 0, NULL, 0 },
	{ 0x00000000, 0, NULL, 0 },
	/* a range spanning gaps and entries: System RAM first */
	{ 0x00000000, 0x100000000ULL, "System RAM", 0 },
	{ 0x00100000, 0x00900000, "180000.sram", 0 },
};

/*
 * Top-level claims as Debian 6.1 prints them on an i.MX7D: the e2e guest's
 * console UART, and OCRAM as the mmio-sram driver's
 * devm_ioremap_resource() names it ("<device> <resource>").
 */
static void test_conflict_e2e_guest(void **state)
{
	struct iomem_map map;
	const struct iomem_entry *e;

	(void)state;
	parse_string(&map,
		     "00900000-0091ffff : 900000.sram sram@900000\n"
		     "30860000-3086ffff : 30860000.serial serial@30860000\n", 0);
	e = iomem_conflict(&map, 0x00900000, 0x2e4);
	assert_non_null(e);
	assert_string_equal(e->name, "900000.sram sram@900000");
	e = iomem_conflict(&map, 0x30860000, 4);
	assert_non_null(e);
	assert_string_equal(e->name, "30860000.serial serial@30860000");
	assert_null(iomem_conflict(&map, 0x00920000, 4));
	iomem_free(&map);
}

static void test_conflict(void **state)
{
	struct iomem_map map;

	(void)state;
	parse_string(&map, sample, 0);
	for (size_t i = 0; i < N_ELEM(conflict_cases); i++) {
		const struct conflict_case *c = &conflict_cases[i];
		const struct iomem_entry *e =
			iomem_conflict(&map, c->start, c->len);

		if (!c->name && e)
			fail_msg("case %zu: %llx+%llx conflicts with \"%s\", expected none",
				 i, (unsigned long long)c->start,
				 (unsigned long long)c->len, e->name);
		if (c->name && (!e || strcmp(e->name, c->name) != 0 ||
				e->depth != c->depth))
			fail_msg("case %zu: %llx+%llx conflicts with \"%s\", expected \"%s\"",
				 i, (unsigned long long)c->start,
				 (unsigned long long)c->len,
				 e ? e->name : "(none)", c->name);
		/* the entry returned is one of the map's own */
		if (e)
			assert_true(e >= map.entries &&
				    e < map.entries + map.n);
	}
	iomem_free(&map);
}

/* "System RAM" nested under something else is still the kernel's. */
static void test_conflict_nested_system_ram(void **state)
{
	struct iomem_map map;
	const struct iomem_entry *e;

	(void)state;
	parse_string(&map,
		     "40000000-7fffffff : memory-controller\n"
		     "  40000000-7fffffff : System RAM\n", 0);
	e = iomem_conflict(&map, 0x50000000, 4);
	assert_non_null(e);
	assert_string_equal(e->name, "System RAM");
	iomem_free(&map);
}

static void test_conflict_null_map(void **state)
{
	(void)state;
	assert_null(iomem_conflict(NULL, 0x40000000, 4));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_sample),
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_read_missing_file),
		cmocka_unit_test(test_parse_empty),
		cmocka_unit_test(test_parse_wide_and_uppercase),
		cmocka_unit_test(test_parse_long_name),
		cmocka_unit_test(test_parse_without_final_newline),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_parse_many),
		cmocka_unit_test(test_parse_bad_line_skipped),
		cmocka_unit_test(test_read_300_char_name),
		cmocka_unit_test(test_read_not_a_file),
		cmocka_unit_test(test_read_too_big),
		cmocka_unit_test(test_conflict_e2e_guest),
		cmocka_unit_test(test_conflict),
		cmocka_unit_test(test_conflict_nested_system_ram),
		cmocka_unit_test(test_conflict_null_map),
	};

	return cmocka_run_group_tests_name("iomem", tests, group_setup,
					   group_teardown);
}
