// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A resource table with one RPMsg vdev for the i.MX7D Cortex-M4, linked
 * into imx7d_rpmsg (the layout of imx7d_toradex: vectors at M 0, which the
 * kernel's imx_rproc needs to boot it; the table at the start of OCRAM). Two vrings of 256
 * descriptors aligned to 4 KiB at 0x9fe00000 and 0x9fe08000: the
 * vdev0vring0/vdev0vring1 carve-outs of the end-to-end remoteproc guest's
 * device tree (tests/e2e/imx7d-rproc.dtsi), in the top of its DDR as NXP's
 * imx7d-sdb-m4 tree puts them at 0x8fff0000 on a board with 256 MiB.
 * The name-service feature, no config space. Separate from
 * rsc_table_vdev.c (the i.MX8MM one) so that each image's bytes stay
 * exactly what its golden tests expect.
 */

#include <stddef.h>
#include <stdint.h>

#define RSC_VDEV	3u
#define VIRTIO_ID_RPMSG	7u
#define VIRTIO_RPMSG_F_NS 0u
#define VRING_ALIGN	0x1000u
#define VRING_NUM	256u
#define VRING0_DA	0x9fe00000u
#define VRING1_DA	0x9fe08000u

struct fw_rsc_vdev_vring {
	uint32_t da;
	uint32_t align;
	uint32_t num;
	uint32_t notifyid;
	uint32_t pa;
};

struct fw_rsc_vdev {
	uint32_t type;
	uint32_t id;
	uint32_t notifyid;
	uint32_t dfeatures;
	uint32_t gfeatures;
	uint32_t config_len;
	uint8_t status;
	uint8_t num_of_vrings;
	uint8_t reserved[2];
	struct fw_rsc_vdev_vring vring[2];
};

struct rpmsg_rsc_table {
	uint32_t ver;
	uint32_t num;
	uint32_t reserved[2];
	uint32_t offset[1];
	struct fw_rsc_vdev vdev;
};

__attribute__((section(".resource_table"), used, aligned(8)))
const struct rpmsg_rsc_table resource_table = {
	.ver = 1,
	.num = 1,
	.offset = { offsetof(struct rpmsg_rsc_table, vdev) },
	.vdev = {
		.type = RSC_VDEV,
		.id = VIRTIO_ID_RPMSG,
		.notifyid = 0,
		.dfeatures = 1u << VIRTIO_RPMSG_F_NS,
		.num_of_vrings = 2,
		.vring = {
			{ VRING0_DA, VRING_ALIGN, VRING_NUM, 0, 0 },
			{ VRING1_DA, VRING_ALIGN, VRING_NUM, 1, 0 },
		},
	},
};

_Static_assert(sizeof(struct fw_rsc_vdev) == 4 + 24 + 2 * 20,
	       "struct fw_rsc_vdev with two vrings is 68 bytes with its type");
