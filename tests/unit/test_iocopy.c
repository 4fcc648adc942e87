// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * iocopy_to() and iocopy_compare(): byte-exact copies and comparisons
 * through aligned 32-bit accesses only.
 *
 * The memory around each range is made to fault: the destination page
 * sits between two PROT_NONE pages and the range is also placed flush
 * against the end of it, and the source is placed so that its last byte
 * is the last byte before a PROT_NONE page. A word touched outside the
 * range, or a source byte read past @len, is then a SIGSEGV (which
 * cmocka reports as a failure) rather than a silent success. Inside the
 * page, guard patterns show any byte written that should not have been.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "m4fw/iocopy.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MATCH ((size_t)-1)

static size_t page;
/* [PROT_NONE][dst page][PROT_NONE] */
static uint8_t *dst_map;
static uint8_t *dst;
/* [src page][PROT_NONE] */
static uint8_t *src_map;
static uint8_t *src_page_end;
/* normal memory for unaligned sources and the expected image */
static uint8_t src_buf[65536 + 8];
static uint8_t expect[65536];

static int group_setup(void **state)
{
	(void)state;
	page = (size_t)sysconf(_SC_PAGESIZE);
	if (page > sizeof(expect) || page < 4096)
		return -1;
	dst_map = mmap(NULL, 3 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	if (dst_map == MAP_FAILED)
		return -1;
	dst = dst_map + page;
	if (mprotect(dst, page, PROT_READ | PROT_WRITE))
		return -1;
	src_map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (src_map == MAP_FAILED)
		return -1;
	src_page_end = src_map + page;
	if (mprotect(src_page_end, page, PROT_NONE))
		return -1;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	munmap(dst_map, 3 * page);
	munmap(src_map, 2 * page);
	return 0;
}

static uint8_t guard_byte(size_t i)
{
	return (uint8_t)(0xA5 ^ (i * 29) ^ (i >> 8));
}

static uint8_t src_byte(size_t i)
{
	/* never zero, so a zero fill cannot pass for a copy */
	return (uint8_t)(1 + (i * 37 + 11) % 255);
}

enum src_kind {
	SRC_ZERO,	/* src == NULL: write zeros */
	SRC_AT_PAGE_END,	/* the last byte before a PROT_NONE page */
	SRC_UNALIGNED_1,
	SRC_UNALIGNED_2,
	SRC_UNALIGNED_3,
	SRC_KINDS,
};

/* A source of @len bytes of the kind asked for, filled with src_byte(). */
static const uint8_t *make_src(enum src_kind kind, size_t len)
{
	uint8_t *s;

	switch (kind) {
	case SRC_ZERO:
		return NULL;
	case SRC_AT_PAGE_END:
		assert_true(len <= page);
		s = src_page_end - len;
		break;
	default:
		assert_true(len + 8 <= sizeof(src_buf));
		/* src_buf is at least 4-aligned: offset 1..3 misaligns it */
		s = (uint8_t *)(((uintptr_t)src_buf + 3) & ~(uintptr_t)3) +
		    (kind - SRC_UNALIGNED_1 + 1);
		break;
	}
	for (size_t i = 0; i < len; i++)
		s[i] = src_byte(i);
	return s;
}

enum placement {
	AT_MIDDLE,	/* 64 bytes into the page */
	AT_PAGE_END,	/* the last word touched is the page's last word */
	AT_PAGE_START,	/* the first word touched is the page's first */
};

/* The word base for a range of @len bytes starting @head into it. */
static size_t place(enum placement where, size_t head, size_t len)
{
	size_t words = (head + len + 3) / 4;

	switch (where) {
	case AT_PAGE_END:
		return page - 4 * words;
	case AT_PAGE_START:
		return 0;
	default:
		return 64;
	}
}

static void fill_guard(void)
{
	for (size_t i = 0; i < page; i++)
		dst[i] = expect[i] = guard_byte(i);
}

static void assert_page_is_expected(const char *what, size_t head,
				    size_t len, int kind)
{
	for (size_t i = 0; i < page; i++)
		if (dst[i] != expect[i])
			fail_msg("%s head %zu len %zu src %d: byte %zu is 0x%02x, expected 0x%02x",
				 what, head, len, kind, i, dst[i], expect[i]);
}

static volatile uint32_t *word_at(size_t off)
{
	return (volatile uint32_t *)(void *)(dst + off);
}

/* Copy, check every byte of the page, and check the copy compares equal. */
static void copy_case(size_t head, size_t len, enum src_kind kind,
		      enum placement where)
{
	size_t base = place(where, head, len);
	const uint8_t *s = make_src(kind, len);

	fill_guard();
	for (size_t i = 0; i < len; i++)
		expect[base + head + i] = s ? s[i] : 0;
	iocopy_to(word_at(base), head, s, len);
	assert_page_is_expected("iocopy_to", head, len, kind);

	if (iocopy_compare(word_at(base), head, s, len) != MATCH)
		fail_msg("compare after copy: head %zu len %zu src %d: mismatch at %zu",
			 head, len, kind,
			 iocopy_compare(word_at(base), head, s, len));
	/* comparing reads, never writes */
	assert_page_is_expected("iocopy_compare", head, len, kind);
}

static void test_copy_small_every_head(void **state)
{
	(void)state;
	for (size_t head = 0; head < 4; head++)
		for (size_t len = 0; len <= 13; len++)
			for (int k = 0; k < SRC_KINDS; k++) {
				copy_case(head, len, k, AT_MIDDLE);
				copy_case(head, len, k, AT_PAGE_END);
				copy_case(head, len, k, AT_PAGE_START);
			}
}

static void test_copy_large(void **state)
{
	size_t lens[] = {
		64, 255, 256, 1021, 1024, 2051, 0, 0,
	};

	(void)state;
	/* up to the whole page */
	lens[6] = page - 4;
	lens[7] = page - 3;
	for (size_t head = 0; head < 4; head++)
		for (size_t i = 0; i < N_ELEM(lens); i++)
			for (int k = 0; k < SRC_KINDS; k++) {
				size_t len = lens[i];

				if (head + len > page)
					continue;
				if (len + 64 + 8 <= page)
					copy_case(head, len, k, AT_MIDDLE);
				copy_case(head, len, k, AT_PAGE_END);
				copy_case(head, len, k, AT_PAGE_START);
			}
}

/*
 * Nothing to copy touches nothing: with the word base on a PROT_NONE page
 * any access would fault. Device memory reads can have side effects.
 */
static void test_zero_length_touches_nothing(void **state)
{
	const uint8_t *s = make_src(SRC_AT_PAGE_END, 0);
	/* the first word of the PROT_NONE page after the destination */
	volatile uint32_t *fault = word_at(page);

	(void)state;
	for (size_t head = 0; head < 4; head++) {
		iocopy_to(fault, head, s, 0);
		iocopy_to(fault, head, NULL, 0);
		assert_true(iocopy_compare(fault, head, s, 0) == MATCH);
		assert_true(iocopy_compare(fault, head, NULL, 0) == MATCH);
	}
}

/* The offset iocopy_compare() reports for a difference at range byte @k. */
static size_t first_word_offset(size_t head, size_t k)
{
	size_t w = (head + k) / 4;

	return w == 0 ? 0 : 4 * w - head;
}

/* Flip each byte of the range in turn: the word holding it is reported. */
static void mismatch_case(size_t head, size_t len, enum src_kind kind,
			  enum placement where)
{
	size_t base = place(where, head, len);
	const uint8_t *s = make_src(kind, len);
	size_t step = len > 64 ? len / 23 + 1 : 1;

	fill_guard();
	iocopy_to(word_at(base), head, s, len);
	for (size_t k = 0; k < len; k = (k + step < len || k == len - 1) ?
	     k + step : len - 1) {
		uint8_t *b = dst + base + head + k;
		size_t got;

		*b ^= 0x40;
		got = iocopy_compare(word_at(base), head, s, len);
		*b ^= 0x40;
		if (got != first_word_offset(head, k))
			fail_msg("head %zu len %zu src %d: byte %zu differs, compare says %zd, expected %zu",
				 head, len, kind, k, (ssize_t)got,
				 first_word_offset(head, k));
	}
	assert_true(iocopy_compare(word_at(base), head, s, len) == MATCH);
}

static void test_compare_reports_first_differing_word(void **state)
{
	(void)state;
	for (size_t head = 0; head < 4; head++) {
		for (size_t len = 1; len <= 13; len++)
			for (int k = 0; k < SRC_KINDS; k++) {
				mismatch_case(head, len, k, AT_MIDDLE);
				mismatch_case(head, len, k, AT_PAGE_END);
			}
		for (int k = 0; k < SRC_KINDS; k++)
			mismatch_case(head, 1000 + head, k, AT_PAGE_END);
	}
}

/*
 * Every byte of a range long enough for several eight-word turns, flipped
 * in turn: the offset reported is that of the word holding it (the head
 * word counts from the range start), whichever turn and lane it is in.
 */
static void test_compare_every_position(void **state)
{
	const size_t len = 203;
	const uint8_t *s;

	(void)state;
	for (size_t head = 0; head < 4; head++) {
		size_t base;

		s = make_src(SRC_UNALIGNED_3, len);
		base = place(AT_MIDDLE, head, len);
		fill_guard();
		iocopy_to(word_at(base), head, s, len);
		for (size_t pos = 0; pos < len; pos++) {
			size_t word_start = (head + pos) / 4 * 4;
			size_t want = word_start < head ? 0 : word_start - head;

			dst[base + head + pos] ^= 0x10;
			assert_int_equal(iocopy_compare(word_at(base), head, s,
							len), want);
			dst[base + head + pos] ^= 0x10;
		}
		assert_true(iocopy_compare(word_at(base), head, s, len) ==
			    MATCH);
	}
}

/* Two differences: the earlier word wins. */
static void test_compare_first_of_several(void **state)
{
	const size_t head = 2, len = 40;
	const uint8_t *s;
	size_t base;

	(void)state;
	s = make_src(SRC_UNALIGNED_3, len);
	base = place(AT_MIDDLE, head, len);
	fill_guard();
	iocopy_to(word_at(base), head, s, len);
	dst[base + head + 30] ^= 1;
	dst[base + head + 9] ^= 1;
	/* range byte 9 is in word (2 + 9) / 4 = 2: offset 8 - 2 = 6 */
	assert_int_equal(iocopy_compare(word_at(base), head, s, len), 6);
	dst[base + head + 9] ^= 1;
	/* byte 30: word 8, offset 30 */
	assert_int_equal(iocopy_compare(word_at(base), head, s, len), 30);
	dst[base + head + 30] ^= 1;
	assert_true(iocopy_compare(word_at(base), head, s, len) == MATCH);
}

/*
 * Bytes that share a word with the range but are outside it (before the
 * head, after the tail) belong to someone else: they are neither written
 * nor compared.
 */
static void test_compare_ignores_neighbours(void **state)
{
	(void)state;
	for (size_t head = 0; head < 4; head++)
		for (size_t len = 1; len <= 9; len++)
			for (int k = 0; k < SRC_KINDS; k++) {
				size_t base = place(AT_MIDDLE, head, len);
				const uint8_t *s = make_src(k, len);
				size_t end = head + len;
				size_t words_end = 4 * ((end + 3) / 4);

				fill_guard();
				iocopy_to(word_at(base), head, s, len);
				for (size_t i = 0; i < head; i++)
					dst[base + i] ^= 0xFF;
				for (size_t i = end; i < words_end; i++)
					dst[base + i] ^= 0xFF;
				if (iocopy_compare(word_at(base), head, s,
						   len) != MATCH)
					fail_msg("head %zu len %zu src %d: neighbours compared",
						 head, len, k);
			}
}

/* Zeros compare equal to NULL; anything else does not. */
static void test_compare_null_source(void **state)
{
	size_t base = 128;

	(void)state;
	fill_guard();
	memset(dst + base, 0, 16);
	assert_true(iocopy_compare(word_at(base), 0, NULL, 16) == MATCH);
	assert_true(iocopy_compare(word_at(base), 1, NULL, 15) == MATCH);
	dst[base + 15] = 0x80;
	assert_int_equal(iocopy_compare(word_at(base), 0, NULL, 16), 12);
	assert_int_equal(iocopy_compare(word_at(base), 3, NULL, 13), 9);
	assert_true(iocopy_compare(word_at(base), 0, NULL, 15) == MATCH);
	dst[base] = 1;
	assert_int_equal(iocopy_compare(word_at(base), 0, NULL, 16), 0);
	assert_true(iocopy_compare(word_at(base), 1, NULL, 14) == MATCH);
}

/*
 * A source that ends at a PROT_NONE page, for every length and head: a
 * whole-word load of the last partial word would fault.
 */
static void test_source_never_read_past_len(void **state)
{
	(void)state;
	for (size_t head = 0; head < 4; head++)
		for (size_t len = 0; len <= 67; len++) {
			copy_case(head, len, SRC_AT_PAGE_END, AT_MIDDLE);
			if (len)
				mismatch_case(head, len, SRC_AT_PAGE_END,
					      AT_MIDDLE);
		}
}

/* The same bytes in memory order whatever the host's endianness. */
static void test_memory_order(void **state)
{
	static const uint8_t bytes[7] = { 0x11, 0x22, 0x33, 0x44, 0x55,
					  0x66, 0x77 };
	static const uint8_t want[12] = { 0xEE, 0x11, 0x22, 0x33, 0x44,
					  0x55, 0x66, 0x77, 0xEE, 0xEE,
					  0xEE, 0xEE };

	(void)state;
	memset(dst + 256, 0xEE, 12);
	iocopy_to(word_at(256), 1, bytes, sizeof(bytes));
	assert_memory_equal(dst + 256, want, sizeof(want));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copy_small_every_head),
		cmocka_unit_test(test_copy_large),
		cmocka_unit_test(test_zero_length_touches_nothing),
		cmocka_unit_test(test_compare_reports_first_differing_word),
		cmocka_unit_test(test_compare_first_of_several),
		cmocka_unit_test(test_compare_every_position),
		cmocka_unit_test(test_compare_ignores_neighbours),
		cmocka_unit_test(test_compare_null_source),
		cmocka_unit_test(test_source_never_read_past_len),
		cmocka_unit_test(test_memory_order),
	};

	return cmocka_run_group_tests_name("iocopy", tests, group_setup,
					   group_teardown);
}
