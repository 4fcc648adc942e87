// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Resource tables: decoding and the kernel's checks.
 *
 * The tables are assembled here byte by byte from the layouts of
 * include/linux/remoteproc.h (written out again below, not taken from the
 * code under test), and each malformed case expects the message the
 * kernel prints for it. Vring sizes are worked out by hand from
 * vring_size() of include/uapi/linux/virtio_ring.h in the comments.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "m4fw/rsc_table.h"
#include "m4fw/soc.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

struct builder {
	uint8_t b[1024];
	size_t len;
	size_t n_entries;
	size_t max_entries;
};

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Header for @n entries: ver 1, num n, reserved 0 0, offset[n]. */
static void b_init(struct builder *b, size_t n)
{
	memset(b, 0, sizeof(*b));
	put32(b->b, 1);
	put32(b->b + 4, (uint32_t)n);
	b->max_entries = n;
	b->len = 16 + 4 * n;
}

/* Start an entry of @type: record its offset, write the type word. */
static uint8_t *b_entry(struct builder *b, uint32_t type, size_t body)
{
	uint8_t *p = b->b + b->len;

	put32(b->b + 16 + 4 * b->n_entries++, (uint32_t)b->len);
	put32(p, type);
	b->len += 4 + body;
	return p + 4;
}

/* struct fw_rsc_carveout: da pa len flags reserved name[32] */
static void b_carveout(struct builder *b, uint32_t type, uint32_t da,
		       uint32_t len, const char *name)
{
	uint8_t *p = b_entry(b, type, 52);

	put32(p, da);
	put32(p + 4, da);
	put32(p + 8, len);
	memcpy(p + 20, name, strlen(name));
}

/* struct fw_rsc_trace: da len reserved name[32] */
static void b_trace(struct builder *b, uint32_t da, uint32_t len)
{
	uint8_t *p = b_entry(b, 2, 44);

	put32(p, da);
	put32(p + 4, len);
	memcpy(p + 12, "trace", 5);
}

/*
 * struct fw_rsc_vdev: id notifyid dfeatures gfeatures config_len status
 * num_of_vrings reserved[2], then num_of_vrings x fw_rsc_vdev_vring
 * (da align num notifyid pa), then config_len bytes of config.
 */
static uint8_t *b_vdev(struct builder *b, uint8_t n_vrings, uint32_t da0,
		       uint32_t align, uint32_t num, uint32_t cfg_len)
{
	uint8_t *p = b_entry(b, 3, 24 + 20 * n_vrings + cfg_len);

	put32(p, 7);		/* VIRTIO_ID_RPMSG */
	put32(p + 4, 0);
	put32(p + 8, 1);	/* VIRTIO_RPMSG_F_NS */
	put32(p + 16, cfg_len);
	p[21] = n_vrings;
	for (unsigned int i = 0; i < n_vrings; i++) {
		uint8_t *v = p + 24 + 20 * i;

		put32(v, da0 + 0x8000 * i);
		put32(v + 4, align);
		put32(v + 8, num);
		put32(v + 12, i);
	}
	return p;
}

static void expect_refused(const struct builder *b, size_t len,
			   const char *kernel_says)
{
	struct rsc_table t;
	char why[200];
	int ret;

	ret = rsc_table_parse(b->b, len, &t, why, sizeof(why));
	rsc_table_free(&t);
	if (ret != -EINVAL || !strstr(why, kernel_says))
		fail_msg("expected -EINVAL with \"%s\", got %d: \"%s\"",
			 kernel_says, ret, why);
}

/* The layout MCUXpresso's imx8mm rpmsg examples use, plus a trace. */
static void test_full_table(void **state)
{
	struct builder b;
	struct rsc_table t;
	char why[200];
	uint8_t *vdev;

	(void)state;
	b_init(&b, 3);
	b_carveout(&b, 0, 0x80000000, 0x10000, "text");
	b_trace(&b, 0x20000000, 0x1000);
	vdev = b_vdev(&b, 2, 0xb8000000, 0x1000, 256, 4);
	memcpy(vdev + 24 + 40, "\x01\x02\x03\x04", 4);

	assert_int_equal(rsc_table_parse(b.b, b.len, &t, why, sizeof(why)), 0);
	assert_int_equal(t.num, 3);
	assert_int_equal(t.n_parsed, 3);
	assert_int_equal(t.n_vdevs, 1);
	assert_int_equal(t.entries[0].type, RSC_CARVEOUT);
	assert_int_equal(t.entries[0].offset, 16 + 12);
	assert_int_equal(t.entries[0].da, 0x80000000);
	assert_int_equal(t.entries[0].len, 0x10000);
	assert_string_equal(t.entries[0].name, "text");
	assert_int_equal(t.entries[1].type, RSC_TRACE);
	assert_int_equal(t.entries[1].offset, 16 + 12 + 56);
	assert_int_equal(t.entries[1].da, 0x20000000);
	assert_int_equal(t.entries[1].len, 0x1000);
	assert_int_equal(t.entries[2].type, RSC_VDEV);
	assert_int_equal(t.entries[2].offset, 16 + 12 + 56 + 48);
	assert_int_equal(t.entries[2].id, 7);
	assert_int_equal(t.entries[2].dfeatures, 1);
	assert_int_equal(t.entries[2].num_of_vrings, 2);
	assert_int_equal(t.entries[2].config_len, 4);
	/* entry + type word + vdev header + two vrings */
	assert_int_equal(t.entries[2].config_offset, 16 + 12 + 56 + 48 + 4 + 24 + 40);
	assert_int_equal(t.entries[2].vring[0].da, 0xb8000000);
	assert_int_equal(t.entries[2].vring[1].da, 0xb8008000);
	assert_int_equal(t.entries[2].vring[1].align, 0x1000);
	assert_int_equal(t.entries[2].vring[1].num, 256);
	assert_int_equal(t.entries[2].vring[1].notifyid, 1);
	/*
	 * vring_size(256, 0x1000): 16*256 + 2*(3+256) = 4614 -> 8192 (align),
	 * + 2*3 + 8*256 = 10246 -> PAGE_ALIGN 12288.
	 */
	assert_int_equal(t.entries[2].vring[0].bytes, 12288);
	rsc_table_free(&t);
}

static void test_empty_table(void **state)
{
	struct builder b;
	struct rsc_table t;
	char why[200];

	(void)state;
	b_init(&b, 0);
	assert_int_equal(rsc_table_parse(b.b, 16, &t, why, sizeof(why)), 0);
	assert_int_equal(t.num, 0);
	rsc_table_free(&t);
}

static void test_vring_bytes(void **state)
{
	(void)state;
	/* 16*16 + 2*19 = 294 -> 304 (align 16); + 6 + 128 = 438 -> 4096 */
	assert_int_equal(rsc_vring_bytes(16, 16), 4096);
	/* 16*256 + 518 = 4614 -> 4624; + 2054 = 6678 -> 8192 */
	assert_int_equal(rsc_vring_bytes(256, 16), 8192);
	/* 16*512 + 1030 = 9222 -> 12288 (align 4096); + 4102 = 16390 -> 20480 */
	assert_int_equal(rsc_vring_bytes(512, 4096), 20480);
	assert_int_equal(rsc_vring_bytes(0, 16), 0);
	assert_int_equal(rsc_vring_bytes(16, 0), 0);
	/* virtio_rpmsg_bus: 2 buffers per descriptor, at most 512, 512 B each */
	assert_int_equal(rsc_rpmsg_buffer_bytes(16), 32 * 512);
	assert_int_equal(rsc_rpmsg_buffer_bytes(256), 512 * 512);
	assert_int_equal(rsc_rpmsg_buffer_bytes(1024), 512 * 512);
}

static void test_header_checks(void **state)
{
	struct builder b;

	(void)state;
	b_init(&b, 0);
	expect_refused(&b, 12, "header-less resource table");
	put32(b.b, 2);
	expect_refused(&b, 16, "unsupported fw ver: 2");
	put32(b.b, 1);
	put32(b.b + 12, 1);
	expect_refused(&b, 16, "non zero reserved bytes");
	put32(b.b + 12, 0);
	put32(b.b + 8, 0x100);
	expect_refused(&b, 16, "non zero reserved bytes");
	put32(b.b + 8, 0);
	/* three offsets need 28 bytes */
	put32(b.b + 4, 3);
	expect_refused(&b, 24, "resource table incomplete");
	/* a count that would wrap 32-bit arithmetic */
	put32(b.b + 4, 0x40000000);
	expect_refused(&b, 16, "resource table incomplete");
}

static void test_entry_offsets(void **state)
{
	struct builder b;

	(void)state;
	b_init(&b, 1);
	b_trace(&b, 0x20000000, 0x100);
	/* the entry points past the end of the table */
	put32(b.b + 16, (uint32_t)b.len);
	expect_refused(&b, b.len, "rsc table is truncated");
	put32(b.b + 16, 0xfffffffe);
	expect_refused(&b, b.len, "rsc table is truncated");
	/* its type word fits, its body does not */
	put32(b.b + 16, 20);
	expect_refused(&b, 20 + 4 + 43, "trace rsc is truncated");
}

static void test_entry_bodies(void **state)
{
	struct builder b;
	uint8_t *p;

	(void)state;
	b_init(&b, 1);
	b_carveout(&b, 0, 0x80000000, 0x1000, "c");
	expect_refused(&b, b.len - 1, "carveout rsc is truncated");
	put32(b.b + 20 + 4 + 16, 1);
	expect_refused(&b, b.len, "carveout rsc has non zero reserved bytes");

	b_init(&b, 1);
	b_trace(&b, 0x20000000, 0x100);
	put32(b.b + 20 + 4 + 8, 1);
	expect_refused(&b, b.len, "trace rsc has non zero reserved bytes");

	b_init(&b, 1);
	b_carveout(&b, 1, 0x30000000, 0x1000, "uart");
	expect_refused(&b, b.len, "no IOMMU");

	b_init(&b, 1);
	b_vdev(&b, 2, 0xb8000000, 16, 16, 0);
	expect_refused(&b, b.len - 1, "vdev rsc is truncated");

	b_init(&b, 1);
	b_vdev(&b, 2, 0xb8000000, 16, 16, 8);
	/* the config runs 4 bytes past the end */
	expect_refused(&b, b.len - 4, "vdev rsc is truncated");

	b_init(&b, 1);
	p = b_vdev(&b, 2, 0xb8000000, 16, 16, 0);
	p[23] = 1;
	expect_refused(&b, b.len, "vdev rsc has non zero reserved bytes");

	b_init(&b, 1);
	b_vdev(&b, 3, 0xb8000000, 16, 16, 0);
	expect_refused(&b, b.len, "too many vrings: 3");

	b_init(&b, 1);
	b_vdev(&b, 2, 0xb8000000, 0, 16, 0);
	expect_refused(&b, b.len, "invalid qsz (16) or alignment (0)");

	b_init(&b, 1);
	b_vdev(&b, 2, 0xb8000000, 16, 0, 0);
	expect_refused(&b, b.len, "invalid qsz (0) or alignment (16)");

	b_init(&b, 1);
	b_vdev(&b, 2, 0xb8000000, 16, 24, 0);
	expect_refused(&b, b.len, "Bad virtqueue length 24");
}

/* Types the kernel warns about and skips do not make the table invalid. */
static void test_vendor_and_unknown(void **state)
{
	struct builder b;
	struct rsc_table t;
	char why[200];

	(void)state;
	b_init(&b, 2);
	b_entry(&b, 128, 8);
	b_entry(&b, 77, 0);
	assert_int_equal(rsc_table_parse(b.b, b.len, &t, why, sizeof(why)), 0);
	assert_string_equal(rsc_type_name(t.entries[0].type), "vendor");
	assert_string_equal(rsc_type_name(t.entries[1].type), "unknown");
	rsc_table_free(&t);
}

static void test_dt_needs(void **state)
{
	struct builder b;
	struct rsc_table t;
	struct rsc_dt_need needs[RSC_MAX_NEEDS];
	char why[200];
	size_t n;

	(void)state;
	b_init(&b, 2);
	b_vdev(&b, 2, 0xb8000000, 0x1000, 256, 0);
	b_vdev(&b, 2, 0xb8010000, 16, 16, 0);
	assert_int_equal(rsc_table_parse(b.b, b.len, &t, why, sizeof(why)), 0);
	n = rsc_table_dt_needs(&t, needs, N_ELEM(needs));
	assert_int_equal(n, 6);
	assert_string_equal(needs[0].name, "vdev0vring0");
	assert_int_equal(needs[0].da, 0xb8000000);
	assert_int_equal(needs[0].min_bytes, 12288);
	assert_string_equal(needs[1].name, "vdev0vring1");
	assert_int_equal(needs[1].da, 0xb8008000);
	assert_string_equal(needs[2].name, "vdev0buffer");
	assert_true(needs[2].shared_dma_pool);
	assert_int_equal(needs[2].min_bytes, 512 * 512);
	assert_string_equal(needs[3].name, "vdev1vring0");
	assert_int_equal(needs[3].min_bytes, 4096);
	assert_string_equal(needs[5].name, "vdev1buffer");
	assert_int_equal(needs[5].min_bytes, 32 * 512);
	assert_int_equal(rsc_table_dt_needs(&t, needs, 2), 2);
	rsc_table_free(&t);
}

/* doc/hardware.md §4: i.MX8MM DDR at 0x40000000, 2 GiB window for the M4. */
static void test_mem_fit(void **state)
{
	const struct soc_desc *soc = soc_find("imx8mm");
	const struct soc_region *row;

	(void)state;
	assert_non_null(soc);
	assert_int_equal(rsc_mem_fit(soc, 0xb8000000, 0x3000, &row),
			 RSC_MEM_KNOWN);
	assert_non_null(row);
	assert_int_equal(row->kind, REGION_DDR);
	assert_int_equal(rsc_mem_fit(soc, RSC_ADDR_ANY, 0x3000, &row),
			 RSC_MEM_ANY);
	/* the peripheral space is no memory */
	assert_int_equal(rsc_mem_fit(soc, 0x30000000, 0x1000, &row),
			 RSC_MEM_UNKNOWN);
	assert_null(row);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_table),
		cmocka_unit_test(test_empty_table),
		cmocka_unit_test(test_vring_bytes),
		cmocka_unit_test(test_header_checks),
		cmocka_unit_test(test_entry_offsets),
		cmocka_unit_test(test_entry_bodies),
		cmocka_unit_test(test_vendor_and_unknown),
		cmocka_unit_test(test_dt_needs),
		cmocka_unit_test(test_mem_fit),
	};

	return cmocka_run_group_tests_name("rsc_table", tests, NULL, NULL);
}
