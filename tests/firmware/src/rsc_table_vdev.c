// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A resource table with one RPMsg vdev, laid out the way MCUXpresso SDK
 * rpmsg_lite examples for the i.MX8MM lay theirs out: two vrings of 256
 * descriptors aligned to 4 KiB at 0xb8000000 and 0xb8008000 (the
 * vdev0vring0/vdev0vring1 carve-outs of NXP's imx8mm-evk-rpmsg device
 * tree), the name-service feature, no config space, and a trace buffer.
 * Linked into imx8mm_rpmsg; the remoteproc route creates a virtio RPMsg
 * device from it on start.
 */

#include <stddef.h>
#include <stdint.h>

#define RSC_TRACE	2u
#define RSC_VDEV	3u
#define VIRTIO_ID_RPMSG	7u
#define VIRTIO_RPMSG_F_NS 0u
#define VRING_ALIGN	0x1000u
#define VRING_NUM	256u
#define VRING0_DA	0xb8000000u
#define VRING1_DA	0xb8008000u
#define NO_NOTIFYID	0xffffffffu

struct fw_rsc_trace {
	uint32_t type;
	uint32_t da;
	uint32_t len;
	uint32_t reserved;
	char name[32];
};

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
	uint32_t offset[2];
	struct fw_rsc_vdev vdev;
	struct fw_rsc_trace trace;
};

static char trace_buf[256];

__attribute__((section(".resource_table"), used, aligned(8)))
const struct rpmsg_rsc_table resource_table = {
	.ver = 1,
	.num = 2,
	.offset = {
		offsetof(struct rpmsg_rsc_table, vdev),
		offsetof(struct rpmsg_rsc_table, trace),
	},
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
	.trace = {
		.type = RSC_TRACE,
		.da = (uint32_t)(uintptr_t)trace_buf,
		.len = sizeof(trace_buf),
		.name = "m4_trace",
	},
};

_Static_assert(sizeof(struct fw_rsc_vdev) == 4 + 24 + 2 * 20,
	       "struct fw_rsc_vdev with two vrings is 68 bytes with its type");
_Static_assert(sizeof(struct fw_rsc_trace) == 4 + 44,
	       "struct fw_rsc_trace is 48 bytes with its type");
