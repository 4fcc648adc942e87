// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Resource tables, decoded and checked as the kernel checks them. The
 * messages are the kernel's own (remoteproc_elf_loader.c find_table(),
 * remoteproc_core.c rproc_handle_resources() and its handlers), so that
 * what inspect says is what dmesg would have said.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "m4fw/rsc_table.h"

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static int fail(char *why, size_t why_len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *why, size_t why_len, const char *fmt, ...)
{
	va_list ap;

	if (why && why_len) {
		va_start(ap, fmt);
		vsnprintf(why, why_len, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

const char *rsc_type_name(uint32_t type)
{
	switch (type) {
	case RSC_CARVEOUT:
		return "carveout";
	case RSC_DEVMEM:
		return "devmem";
	case RSC_TRACE:
		return "trace";
	case RSC_VDEV:
		return "vdev";
	default:
		if (type >= RSC_VENDOR_START && type <= RSC_VENDOR_END)
			return "vendor";
		return "unknown";
	}
}

uint32_t rsc_vring_bytes(uint32_t num, uint32_t align)
{
	uint64_t avail, used;

	if (!num || !align)
		return 0;
	/* 16-byte descriptors, then flags/idx/ring[num]/used_event (u16) */
	avail = 16ull * num + 2ull * (3ull + num);
	avail = (avail + align - 1) & ~((uint64_t)align - 1);
	/* used ring: flags/idx/avail_event (u16) and 8-byte elements */
	used = 2ull * 3 + 8ull * num;
	avail = (avail + used + RSC_PAGE_BYTES - 1) &
		~(uint64_t)(RSC_PAGE_BYTES - 1);
	return avail > UINT32_MAX ? 0 : (uint32_t)avail;
}

uint32_t rsc_rpmsg_buffer_bytes(uint32_t num)
{
	uint32_t bufs;

	/* virtio_rpmsg_probe(): fewer buffers when the vrings are small */
	bufs = num < RSC_RPMSG_MAX_BUFS / 2 ? num * 2 : RSC_RPMSG_MAX_BUFS;
	return bufs * RSC_RPMSG_BUF_BYTES;
}

static void copy_name(char *dst, const uint8_t *src)
{
	size_t i;

	/* 32 bytes, not necessarily NUL-terminated; keep it printable */
	for (i = 0; i < 32 && src[i]; i++) {
		if (src[i] >= 0x20 && src[i] < 0x7f)
			dst[i] = (char)src[i];
		else
			dst[i] = '?';
	}
	dst[i] = '\0';
}

/* carveout and devmem share one layout: da pa len flags reserved name */
static int parse_mem(struct rsc_entry *e, const uint8_t *p, int64_t avail,
		     const char *what, char *why, size_t why_len)
{
	if (RSC_CARVEOUT_BYTES > avail)
		return fail(why, why_len, "%s rsc is truncated", what);
	e->da = le32(p);
	e->pa = le32(p + 4);
	e->len = le32(p + 8);
	e->flags = le32(p + 12);
	copy_name(e->name, p + 20);
	if (le32(p + 16))
		return fail(why, why_len, "%s rsc has non zero reserved bytes",
			    what);
	return 0;
}

static int parse_trace(struct rsc_entry *e, const uint8_t *p, int64_t avail,
		       char *why, size_t why_len)
{
	if (RSC_TRACE_BYTES > avail)
		return fail(why, why_len, "trace rsc is truncated");
	e->da = le32(p);
	e->len = le32(p + 4);
	copy_name(e->name, p + 12);
	if (le32(p + 8))
		return fail(why, why_len,
			    "trace rsc has non zero reserved bytes");
	return 0;
}

static int parse_vdev(struct rsc_entry *e, const uint8_t *p, int64_t avail,
		      char *why, size_t why_len)
{
	uint64_t need;

	if (RSC_VDEV_BYTES > avail)
		return fail(why, why_len, "vdev rsc is truncated");
	e->id = le32(p);
	e->notifyid = le32(p + 4);
	e->dfeatures = le32(p + 8);
	e->gfeatures = le32(p + 12);
	e->config_len = le32(p + 16);
	e->status = p[20];
	e->num_of_vrings = p[21];
	/* struct_size(rsc, vring, n) + config_len, no wrap-around */
	need = RSC_VDEV_BYTES + (uint64_t)RSC_VRING_BYTES * e->num_of_vrings +
	       e->config_len;
	if (need > (uint64_t)avail)
		return fail(why, why_len, "vdev rsc is truncated");
	if (p[22] || p[23])
		return fail(why, why_len,
			    "vdev rsc has non zero reserved bytes");
	if (e->num_of_vrings > RSC_MAX_VRINGS)
		return fail(why, why_len, "too many vrings: %u",
			    e->num_of_vrings);
	for (unsigned int i = 0; i < e->num_of_vrings; i++) {
		const uint8_t *v = p + RSC_VDEV_BYTES +
				   (size_t)RSC_VRING_BYTES * i;
		struct rsc_vring *r = &e->vring[i];

		r->da = le32(v);
		r->align = le32(v + 4);
		r->num = le32(v + 8);
		r->notifyid = le32(v + 12);
		r->pa = le32(v + 16);
		r->bytes = rsc_vring_bytes(r->num, r->align);
	}
	for (unsigned int i = 0; i < e->num_of_vrings; i++) {
		const struct rsc_vring *r = &e->vring[i];

		/* rproc_parse_vring() */
		if (!r->num || !r->align)
			return fail(why, why_len,
				    "invalid qsz (%u) or alignment (%u) of vring%u",
				    r->num, r->align, i);
		/* vring_create_virtqueue(): "Bad virtqueue length" */
		if (r->num & (r->num - 1))
			return fail(why, why_len,
				    "Bad virtqueue length %u (vring%u): virtio needs a power of two",
				    r->num, i);
	}
	e->config_offset = e->offset + RSC_ENTRY_HDR_BYTES + RSC_VDEV_BYTES +
			   RSC_VRING_BYTES * e->num_of_vrings;
	return 0;
}

static int parse_entry(struct rsc_table *t, struct rsc_entry *e,
		       const uint8_t *buf, size_t size, char *why,
		       size_t why_len)
{
	const uint8_t *body = buf + e->offset + RSC_ENTRY_HDR_BYTES;
	int64_t avail = (int64_t)size - e->offset - RSC_ENTRY_HDR_BYTES;

	switch (e->type) {
	case RSC_CARVEOUT:
		return parse_mem(e, body, avail, "carveout", why, why_len);
	case RSC_DEVMEM:
		if (parse_mem(e, body, avail, "devmem", why, why_len))
			return -EINVAL;
		/*
		 * rproc_handle_devmem() returns -EINVAL before anything else
		 * when the rproc has no IOMMU domain, which imx_rproc never
		 * has; the kernel prints only "Failed to process resources".
		 */
		return fail(why, why_len,
			    "devmem entry: imx_rproc has no IOMMU, the kernel refuses it (\"Failed to process resources: -22\")");
	case RSC_TRACE:
		return parse_trace(e, body, avail, why, why_len);
	case RSC_VDEV:
		e->vdev_index = (unsigned int)t->n_vdevs++;
		return parse_vdev(e, body, avail, why, why_len);
	default:
		/* vendor and unknown types are warned about and skipped */
		return 0;
	}
}

int rsc_table_parse(const uint8_t *buf, size_t size, struct rsc_table *t,
		    char *why, size_t why_len)
{
	memset(t, 0, sizeof(*t));
	if (why && why_len)
		why[0] = '\0';
	if (size > UINT32_MAX)
		return fail(why, why_len, "resource table truncated");
	t->size = (uint32_t)size;
	if (size < RSC_HDR_BYTES)
		return fail(why, why_len, "header-less resource table");
	t->ver = le32(buf);
	t->num = le32(buf + 4);
	if (t->ver != 1)
		return fail(why, why_len, "unsupported fw ver: %u", t->ver);
	if (le32(buf + 8) || le32(buf + 12))
		return fail(why, why_len, "non zero reserved bytes");
	if (RSC_HDR_BYTES + 4ull * t->num > size)
		return fail(why, why_len,
			    "resource table incomplete (%u entries do not fit in %zu bytes)",
			    t->num, size);
	if (!t->num)
		return 0;
	t->entries = calloc(t->num, sizeof(*t->entries));
	if (!t->entries)
		return -ENOMEM;
	for (uint32_t i = 0; i < t->num; i++) {
		struct rsc_entry *e = &t->entries[i];

		e->offset = le32(buf + RSC_HDR_BYTES + (size_t)4 * i);
		if ((uint64_t)e->offset + RSC_ENTRY_HDR_BYTES > size) {
			t->n_parsed = i;
			return fail(why, why_len,
				    "rsc table is truncated (entry %u at offset 0x%x, table 0x%zx bytes)",
				    i, e->offset, size);
		}
		e->type = le32(buf + e->offset);
		if (parse_entry(t, e, buf, size, why, why_len)) {
			size_t n = strlen(why ? why : "");

			if (why && n < why_len)
				snprintf(why + n, why_len - n,
					 " (entry %u, %s at offset 0x%x)", i,
					 rsc_type_name(e->type), e->offset);
			t->n_parsed = i + 1;
			return -EINVAL;
		}
	}
	t->n_parsed = t->num;
	return 0;
}

void rsc_table_free(struct rsc_table *t)
{
	free(t->entries);
	t->entries = NULL;
	t->n_parsed = 0;
}

static void add_need(struct rsc_dt_need *needs, size_t max, size_t *n,
		     const char *name, uint32_t da, uint32_t bytes, bool pool)
{
	if (*n >= max)
		return;
	snprintf(needs[*n].name, sizeof(needs[*n].name), "%s", name);
	needs[*n].da = da;
	needs[*n].min_bytes = bytes;
	needs[*n].shared_dma_pool = pool;
	(*n)++;
}

size_t rsc_table_dt_needs(const struct rsc_table *t,
			  struct rsc_dt_need *needs, size_t max)
{
	size_t n = 0;
	char name[24];

	for (uint32_t i = 0; i < t->n_parsed; i++) {
		const struct rsc_entry *e = &t->entries[i];
		uint32_t num = 0;

		if (e->type != RSC_VDEV)
			continue;
		for (unsigned int v = 0; v < e->num_of_vrings; v++) {
			snprintf(name, sizeof(name), "vdev%uvring%u",
				 e->vdev_index, v);
			add_need(needs, max, &n, name, e->vring[v].da,
				 e->vring[v].bytes, false);
			if (e->vring[v].num > num)
				num = e->vring[v].num;
		}
		if (e->id != RSC_VIRTIO_ID_RPMSG)
			continue;
		snprintf(name, sizeof(name), "vdev%ubuffer", e->vdev_index);
		add_need(needs, max, &n, name, RSC_ADDR_ANY,
			 rsc_rpmsg_buffer_bytes(num), true);
	}
	return n;
}

enum rsc_mem_fit rsc_mem_fit(const struct soc_desc *soc, uint32_t da,
			     uint32_t len, const struct soc_region **row)
{
	const struct soc_region *r = NULL;
	enum soc_fit fit;
	uint32_t a_addr;

	if (row)
		*row = NULL;
	if (da == RSC_ADDR_ANY)
		return RSC_MEM_ANY;
	fit = soc_fit_m(soc, da, len, &r, &a_addr);
	if (fit != SOC_FIT_OK)
		return RSC_MEM_UNKNOWN;
	if (row)
		*row = r;
	return RSC_MEM_KNOWN;
}
