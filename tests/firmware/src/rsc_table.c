// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The smallest resource table Linux remoteproc accepts: version 1, no
 * entries. This is what MCUXpresso SDK 2.13 hello_world images carry in
 * their ".resource_table" section. Linked only into the images that are
 * meant to have one (imx7d_rsc, imx8mm_ddr).
 */

#include <stdint.h>

struct resource_table {
	uint32_t ver;
	uint32_t num;
	uint32_t reserved[2];
};

__attribute__((section(".resource_table"), used, aligned(8)))
const struct resource_table resource_table = {
	.ver = 1,
	.num = 0,
	.reserved = { 0, 0 },
};

_Static_assert(sizeof(struct resource_table) == 16,
	       "the remoteproc header is 16 bytes");
