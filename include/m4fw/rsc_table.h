/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The remoteproc resource table of a firmware image, decoded entry by
 * entry and checked the way the kernel checks it (remoteproc_elf_loader.c
 * finds and vets the table, remoteproc_core.c vets each entry): an image
 * the kernel would refuse is refused here with the kernel's own words,
 * before anything is copied anywhere.
 *
 * Pure: bytes in, a description out. What the device tree must provide
 * for the table (carve-outs named vdev0vring0, ...) and whether the
 * addresses fall in memory the SoC knows are answered by
 * rsc_table_dt_needs() and rsc_table_check_soc().
 */
#ifndef M4FW_RSC_TABLE_H
#define M4FW_RSC_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "m4fw/soc.h"

/* include/linux/remoteproc.h: enum fw_resource_type */
#define RSC_CARVEOUT		0u
#define RSC_DEVMEM		1u
#define RSC_TRACE		2u
#define RSC_VDEV		3u
#define RSC_LAST		4u
#define RSC_VENDOR_START	128u
#define RSC_VENDOR_END		512u

#define RSC_ADDR_ANY		0xffffffffu
/* struct rproc_vdev has room for two vrings (RVDEV_NUM_VRINGS) */
#define RSC_MAX_VRINGS		2u
#define RSC_VIRTIO_ID_RPMSG	7u
/* The kernel maps vrings page by page (PAGE_ALIGN in rproc_alloc_vring). */
#define RSC_PAGE_BYTES		4096u
/* virtio_rpmsg_bus.c: MAX_RPMSG_NUM_BUFS, MAX_RPMSG_BUF_SIZE */
#define RSC_RPMSG_MAX_BUFS	512u
#define RSC_RPMSG_BUF_BYTES	512u

/* On-disk sizes, from the layouts in include/linux/remoteproc.h. */
#define RSC_HDR_BYTES		16u	/* ver, num, reserved[2] */
#define RSC_ENTRY_HDR_BYTES	4u	/* type */
#define RSC_CARVEOUT_BYTES	52u	/* da pa len flags reserved name[32] */
#define RSC_DEVMEM_BYTES	52u	/* the same fields */
#define RSC_TRACE_BYTES		44u	/* da len reserved name[32] */
#define RSC_VDEV_BYTES		24u	/* id notifyid dfeat gfeat cfglen st n rsv[2] */
#define RSC_VRING_BYTES		20u	/* da align num notifyid pa */

struct rsc_vring {
	uint32_t da;
	uint32_t align;
	uint32_t num;
	uint32_t notifyid;
	uint32_t pa;
	uint32_t bytes;		/* PAGE_ALIGN(vring_size(num, align)), 0 if num/align 0 */
};

struct rsc_entry {
	uint32_t offset;	/* of its type word, from the start of the table */
	uint32_t type;
	/* carveout, devmem, trace */
	uint32_t da;
	uint32_t pa;
	uint32_t len;
	uint32_t flags;
	char name[33];
	/* vdev */
	unsigned int vdev_index;	/* 0 for the first vdev: "vdev0vring0" */
	uint32_t id;
	uint32_t notifyid;
	uint32_t dfeatures;
	uint32_t gfeatures;
	uint32_t config_len;
	uint32_t config_offset;	/* from the start of the table */
	uint8_t status;
	uint8_t num_of_vrings;
	struct rsc_vring vring[RSC_MAX_VRINGS];
};

struct rsc_table {
	uint32_t ver;
	uint32_t num;		/* entries the header declares */
	uint32_t n_parsed;	/* entries decoded: @num, or up to the bad one */
	uint32_t size;		/* bytes of the section */
	struct rsc_entry *entries;	/* @n_parsed of them */
	size_t n_vdevs;
};

/**
 * rsc_table_parse() - decode the @size bytes at @buf as a resource table,
 * with every check the kernel makes before it boots the core: header
 * present, version 1, reserved words zero, the offset array inside the
 * table, each entry's header inside the table ("rsc table is truncated"),
 * each entry's body and a vdev's vrings and config inside it, reserved
 * fields zero, at most two vrings, no vring with num or align 0, and no
 * devmem entry (imx_rproc has no IOMMU domain: the kernel returns -EINVAL).
 *
 * @why gets the kernel's message for the first problem, with where it is.
 * Return: 0; -EINVAL with @why set; -ENOMEM. @t is usable (entries up to
 * the bad one) and must be released with rsc_table_free() either way.
 */
int rsc_table_parse(const uint8_t *buf, size_t size, struct rsc_table *t,
		    char *why, size_t why_len);

/** rsc_table_free() - release what rsc_table_parse() allocated. */
void rsc_table_free(struct rsc_table *t);

/** rsc_type_name() - "carveout", "devmem", "trace", "vdev", "vendor", "unknown". */
const char *rsc_type_name(uint32_t type);

/**
 * rsc_vring_bytes() - what the kernel reserves for a vring of @num
 * descriptors aligned to @align: PAGE_ALIGN(vring_size(num, align)) of
 * include/uapi/linux/virtio_ring.h; 0 when either is 0 or it overflows.
 */
uint32_t rsc_vring_bytes(uint32_t num, uint32_t align);

/**
 * rsc_rpmsg_buffer_bytes() - the bytes virtio_rpmsg_bus allocates for the
 * buffers of a vdev whose vrings have @num descriptors (from the
 * "vdevNbuffer" carve-out): num * 2 buffers of 512 bytes, at most 512.
 */
uint32_t rsc_rpmsg_buffer_bytes(uint32_t num);

#define RSC_MAX_NEEDS 16

/* One reserved-memory node the remoteproc route needs in the device tree. */
struct rsc_dt_need {
	char name[24];		/* "vdev0vring0": the node name before '@' */
	uint32_t da;		/* RSC_ADDR_ANY: anywhere */
	uint32_t min_bytes;
	bool shared_dma_pool;	/* vdevNbuffer: compatible = "shared-dma-pool" */
};

/**
 * rsc_table_dt_needs() - the carve-outs the kernel looks up by name for
 * @t's vdevs (rproc_alloc_vring(): "vdev%dvring%d", at least the vring's
 * bytes, containing its da; rproc_rvdev_add_device(): "vdev%dbuffer").
 * Return: how many were written to @needs (at most @max).
 */
size_t rsc_table_dt_needs(const struct rsc_table *t,
			  struct rsc_dt_need *needs, size_t max);

enum rsc_mem_fit {
	RSC_MEM_ANY,		/* da is FW_RSC_ADDR_ANY: the kernel picks */
	RSC_MEM_KNOWN,		/* wholly inside one memory of the SoC map */
	RSC_MEM_UNKNOWN,	/* not (wholly) in memory the SoC map knows */
};

/**
 * rsc_mem_fit() - whether @len bytes at M address @da lie in one memory
 * of @soc's map; @row names it when known.
 */
enum rsc_mem_fit rsc_mem_fit(const struct soc_desc *soc, uint32_t da,
			     uint32_t len, const struct soc_region **row);

#endif /* M4FW_RSC_TABLE_H */
