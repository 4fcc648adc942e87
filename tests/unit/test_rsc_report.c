// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What inspect prints about a resource table, text and JSON, for a table
 * built here byte by byte: the MCUXpresso i.MX8MM rpmsg layout (one vdev,
 * vrings of 256 descriptors aligned to 4 KiB at 0xb8000000/0xb8008000)
 * plus a trace buffer in TCM and one in the peripheral space.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "m4fw/image.h"
#include "m4fw/rsc_report.h"
#include "m4fw/rsc_table.h"
#include "m4fw/soc.h"

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint8_t table[16 + 12 + 4 + 24 + 40 + 2 * (4 + 44)];

static void build(struct image *img)
{
	uint8_t *p = table;
	uint32_t off = 16 + 12;

	memset(table, 0, sizeof(table));
	put32(p, 1);
	put32(p + 4, 3);
	/* vdev */
	put32(p + 16, off);
	put32(p + off, 3);
	put32(p + off + 4, 7);
	put32(p + off + 12, 1);
	p[off + 4 + 21] = 2;
	for (int i = 0; i < 2; i++) {
		uint8_t *v = p + off + 4 + 24 + 20 * i;

		put32(v, 0xb8000000 + 0x8000 * i);
		put32(v + 4, 0x1000);
		put32(v + 8, 256);
		put32(v + 12, (uint32_t)i);
	}
	/* trace in TCM (i.MX8MM TCML is M 0x1ffe0000) */
	off += 4 + 24 + 40;
	put32(p + 20, off);
	put32(p + off, 2);
	put32(p + off + 4, 0x1fff0000);
	put32(p + off + 8, 0x100);
	memcpy(p + off + 16, "trace\"q", 7);
	/* trace in the peripheral space: no memory */
	off += 48;
	put32(p + 24, off);
	put32(p + off, 2);
	put32(p + off + 4, 0x30000000);
	put32(p + off + 8, 0x100);

	memset(img, 0, sizeof(*img));
	img->format = IMAGE_ELF;
	img->has_rsc_table = true;
	img->rsc_table = table;
	img->rsc_table_addr = 0x80000240;
	img->rsc_table_size = sizeof(table);
	img->rsc_table_valid = true;
}

static char *capture(void (*fn)(FILE *, const struct image *,
				const struct soc_desc *),
		     const struct image *img, const struct soc_desc *soc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	fn(f, img, soc);
	fclose(f);
	return buf;
}

static void expect(const char *out, const char *needle)
{
	if (!strstr(out, needle))
		fail_msg("\"%s\" not in:\n%s", needle, out);
}

static void test_text(void **state)
{
	const struct soc_desc *soc = soc_find("imx8mm");
	struct image img;
	char *out;

	(void)state;
	build(&img);
	out = capture(rsc_report_text, &img, soc);
	expect(out, "rsc table:   at M 0x80000240, 192 bytes, version 1, 3 entries, valid\n");
	expect(out, "  [0] vdev     at 0x01c  vdev0: virtio id 7 (rpmsg), dfeatures 0x1, config 0 bytes, 2 vrings\n");
	/* PAGE_ALIGN(vring_size(256, 4096)) = 12288 = 0x3000 */
	expect(out, "vring0 da 0xb8000000 align 0x1000 num 256 notifyid 0, 0x3000 bytes  (DDR)\n");
	expect(out, "vring1 da 0xb8008000 align 0x1000 num 256 notifyid 1, 0x3000 bytes  (DDR)\n");
	expect(out, "  [1] trace    at 0x060  da 0x1fff0000 len 0x100 \"trace\"q\"  (TCM)\n");
	expect(out, "da 0x30000000 len 0x100 \"\"  (not in memory the i.MX8MM map knows)\n");
	expect(out, "    vdev0vring0  containing 0xb8000000..0xb8002fff (0x3000 bytes)\n");
	expect(out, "    vdev0vring1  containing 0xb8008000..0xb800afff (0x3000 bytes)\n");
	/* 512 buffers of 512 bytes */
	expect(out, "    vdev0buffer  anywhere, at least 0x40000 bytes, compatible \"shared-dma-pool\"");
	free(out);

	/* without a SoC nothing is placed */
	out = capture(rsc_report_text, &img, NULL);
	assert_null(strstr(out, "(DDR)"));
	free(out);
}

static void test_refused_text_and_json(void **state)
{
	const struct soc_desc *soc = soc_find("imx8mm");
	struct image img;
	char *out;

	(void)state;
	build(&img);
	/* vring1's num 0: rproc_parse_vring() refuses it */
	put32(table + 28 + 4 + 24 + 20 + 8, 0);
	img.rsc_table_valid = false;
	snprintf(img.rsc_table_why, sizeof(img.rsc_table_why),
		 "invalid qsz (0) or alignment (4096) of vring1");
	out = capture(rsc_report_text, &img, soc);
	expect(out, "3 entries, refused by the kernel: invalid qsz (0) or alignment (4096) of vring1\n");
	/* no device-tree advice for a table the kernel refuses */
	assert_null(strstr(out, "vdev0vring0 "));
	free(out);
	out = capture(rsc_report_json, &img, soc);
	expect(out, "\"valid\":false,\"error\":\"invalid qsz (0) or alignment (4096) of vring1\"");
	expect(out, "\"dt_needs\":[]}");
	free(out);
}

static void test_json(void **state)
{
	const struct soc_desc *soc = soc_find("imx8mm");
	struct image img;
	char *out;

	(void)state;
	build(&img);
	out = capture(rsc_report_json, &img, soc);
	expect(out, "{\"address\":\"0x80000240\",\"size\":192,\"valid\":true,\"error\":null,\"entries\":[");
	expect(out, "{\"offset\":28,\"type\":\"vdev\",\"type_id\":3,\"vdev\":0,\"id\":7,\"dfeatures\":1,");
	expect(out, "\"vrings\":[{\"da\":\"0xb8000000\",\"align\":4096,\"num\":256,\"notifyid\":0,\"bytes\":12288,\"memory\":\"DDR\"}");
	expect(out, "\"name\":\"trace\\\"q\",\"memory\":\"TCM\"");
	expect(out, "\"memory\":\"unknown\"");
	expect(out, "\"dt_needs\":[{\"name\":\"vdev0vring0\",\"da\":\"0xb8000000\",\"min_bytes\":12288,\"shared_dma_pool\":false}");
	expect(out, "{\"name\":\"vdev0buffer\",\"da\":null,\"min_bytes\":262144,\"shared_dma_pool\":true}]}");
	free(out);

	img.has_rsc_table = false;
	out = capture(rsc_report_json, &img, soc);
	assert_string_equal(out, "null");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_refused_text_and_json),
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests_name("rsc_report", tests, NULL, NULL);
}
