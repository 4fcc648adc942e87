// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Printing a resource table for inspect (see rsc_report.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "m4fw/json.h"
#include "m4fw/rsc_report.h"
#include "m4fw/rsc_table.h"

static const char *virtio_name(uint32_t id)
{
	switch (id) {
	case RSC_VIRTIO_ID_RPMSG:
		return "rpmsg";
	case 1:
		return "net";
	case 3:
		return "console";
	default:
		return "other";
	}
}

/* " (DDR)", " (not in memory the i.MX8MM map knows)", or "" */
static void where_text(FILE *out, const struct soc_desc *soc, uint32_t da,
		       uint32_t len)
{
	const struct soc_region *row;

	if (!soc)
		return;
	switch (rsc_mem_fit(soc, da, len, &row)) {
	case RSC_MEM_ANY:
		fprintf(out, "  (anywhere: the kernel chooses)");
		break;
	case RSC_MEM_KNOWN:
		fprintf(out, "  (%s)", row->name);
		break;
	case RSC_MEM_UNKNOWN:
		fprintf(out, "  (not in memory the %s map knows)", soc->model);
		break;
	}
}

static void entry_text(FILE *out, const struct rsc_entry *e, uint32_t i,
		       const struct soc_desc *soc)
{
	fprintf(out, "  [%u] %-8s at 0x%03x  ", i, rsc_type_name(e->type),
		e->offset);
	switch (e->type) {
	case RSC_CARVEOUT:
	case RSC_DEVMEM:
		fprintf(out, "da 0x%08x pa 0x%08x len 0x%x flags 0x%x \"%s\"",
			e->da, e->pa, e->len, e->flags, e->name);
		where_text(out, soc, e->da, e->len);
		fputc('\n', out);
		break;
	case RSC_TRACE:
		fprintf(out, "da 0x%08x len 0x%x \"%s\"", e->da, e->len,
			e->name);
		where_text(out, soc, e->da, e->len);
		fputc('\n', out);
		break;
	case RSC_VDEV:
		fprintf(out, "vdev%u: virtio id %u (%s), dfeatures 0x%x, config %u bytes, %u vrings\n",
			e->vdev_index, e->id, virtio_name(e->id), e->dfeatures,
			e->config_len, e->num_of_vrings);
		for (unsigned int v = 0; v < e->num_of_vrings; v++) {
			const struct rsc_vring *r = &e->vring[v];

			fprintf(out, "        vring%u da 0x%08x align 0x%x num %u notifyid %u, 0x%x bytes",
				v, r->da, r->align, r->num, r->notifyid,
				r->bytes);
			where_text(out, soc, r->da, r->bytes);
			fputc('\n', out);
		}
		break;
	default:
		fprintf(out, "type %u: the kernel warns and skips it\n",
			e->type);
		break;
	}
}

static void needs_text(FILE *out, const struct rsc_table *t)
{
	struct rsc_dt_need needs[RSC_MAX_NEEDS];
	size_t n = rsc_table_dt_needs(t, needs, RSC_MAX_NEEDS);

	if (!n)
		return;
	fprintf(out, "  device tree for the remoteproc route: reserved-memory nodes, no-map,\n"
		     "  in the imx-rproc node's memory-region, named:\n");
	for (size_t i = 0; i < n; i++) {
		if (needs[i].shared_dma_pool) {
			fprintf(out, "    %-12s anywhere, at least 0x%x bytes, compatible \"shared-dma-pool\" (else the buffers come from the rproc device's DMA pool)\n",
				needs[i].name, needs[i].min_bytes);
		} else if (needs[i].da == RSC_ADDR_ANY) {
			fprintf(out, "    %-12s anywhere, at least 0x%x bytes (else the kernel allocates it)\n",
				needs[i].name, needs[i].min_bytes);
		} else {
			fprintf(out, "    %-12s containing 0x%08x..0x%08x (0x%x bytes)\n",
				needs[i].name, needs[i].da,
				needs[i].da + needs[i].min_bytes - 1,
				needs[i].min_bytes);
		}
	}
}

void rsc_report_text(FILE *out, const struct image *img,
		     const struct soc_desc *soc)
{
	struct rsc_table t;
	char why[160];

	if (img->format != IMAGE_ELF)
		return;
	if (!img->has_rsc_table) {
		fprintf(out, "rsc table:   absent\n");
		return;
	}
	if (!img->rsc_table) {
		fprintf(out, "rsc table:   at M 0x%08x, %u bytes, refused by the kernel: %s\n",
			img->rsc_table_addr, img->rsc_table_size,
			img->rsc_table_why);
		return;
	}
	if (rsc_table_parse(img->rsc_table, img->rsc_table_size, &t, why,
			    sizeof(why)) == -ENOMEM) {
		fprintf(out, "rsc table:   at M 0x%08x, %u bytes (out of memory decoding it)\n",
			img->rsc_table_addr, img->rsc_table_size);
		return;
	}
	fprintf(out, "rsc table:   at M 0x%08x, %u bytes, version %u, %u entr%s, %s%s\n",
		img->rsc_table_addr, img->rsc_table_size, t.ver, t.num,
		t.num == 1 ? "y" : "ies",
		img->rsc_table_valid ? "valid" : "refused by the kernel: ",
		img->rsc_table_valid ? "" : img->rsc_table_why);
	for (uint32_t i = 0; i < t.n_parsed && t.entries; i++)
		entry_text(out, &t.entries[i], i, soc);
	if (img->rsc_table_valid)
		needs_text(out, &t);
	rsc_table_free(&t);
}

/* ---- JSON ------------------------------------------------------------ */

static void where_json(FILE *out, const struct soc_desc *soc, uint32_t da,
		       uint32_t len)
{
	const struct soc_region *row;

	fputs(",\"memory\":", out);
	if (!soc) {
		fputs("null", out);
		return;
	}
	switch (rsc_mem_fit(soc, da, len, &row)) {
	case RSC_MEM_ANY:
		json_str(out, "any");
		break;
	case RSC_MEM_KNOWN:
		json_str(out, row->name);
		break;
	case RSC_MEM_UNKNOWN:
		json_str(out, "unknown");
		break;
	}
}

static void entry_json(FILE *out, const struct rsc_entry *e,
		       const struct soc_desc *soc)
{
	fprintf(out, "{\"offset\":%u,\"type\":", e->offset);
	json_str(out, rsc_type_name(e->type));
	fprintf(out, ",\"type_id\":%u", e->type);
	switch (e->type) {
	case RSC_CARVEOUT:
	case RSC_DEVMEM:
	case RSC_TRACE:
		fputs(",\"da\":", out);
		json_hex(out, e->da);
		if (e->type != RSC_TRACE) {
			fputs(",\"pa\":", out);
			json_hex(out, e->pa);
			fprintf(out, ",\"flags\":%u", e->flags);
		}
		fprintf(out, ",\"len\":%u,\"name\":", e->len);
		json_str(out, e->name);
		where_json(out, soc, e->da, e->len);
		break;
	case RSC_VDEV:
		fprintf(out, ",\"vdev\":%u,\"id\":%u,\"dfeatures\":%u,\"gfeatures\":%u,\"config_len\":%u,\"config_offset\":%u,\"status\":%u,\"vrings\":[",
			e->vdev_index, e->id, e->dfeatures, e->gfeatures,
			e->config_len, e->config_offset, e->status);
		for (unsigned int v = 0; v < e->num_of_vrings; v++) {
			const struct rsc_vring *r = &e->vring[v];

			fprintf(out, "%s{\"da\":", v ? "," : "");
			json_hex(out, r->da);
			fprintf(out, ",\"align\":%u,\"num\":%u,\"notifyid\":%u,\"bytes\":%u",
				r->align, r->num, r->notifyid, r->bytes);
			where_json(out, soc, r->da, r->bytes);
			fputc('}', out);
		}
		fputc(']', out);
		break;
	default:
		break;
	}
	fputc('}', out);
}

static void needs_json(FILE *out, const struct rsc_table *t)
{
	struct rsc_dt_need needs[RSC_MAX_NEEDS];
	size_t n = rsc_table_dt_needs(t, needs, RSC_MAX_NEEDS);

	for (size_t i = 0; i < n; i++) {
		fprintf(out, "%s{\"name\":", i ? "," : "");
		json_str(out, needs[i].name);
		fputs(",\"da\":", out);
		if (needs[i].da == RSC_ADDR_ANY)
			fputs("null", out);
		else
			json_hex(out, needs[i].da);
		fprintf(out, ",\"min_bytes\":%u,\"shared_dma_pool\":%s}",
			needs[i].min_bytes,
			needs[i].shared_dma_pool ? "true" : "false");
	}
}

void rsc_report_json(FILE *out, const struct image *img,
		     const struct soc_desc *soc)
{
	struct rsc_table t;
	char why[160];
	bool parsed;

	if (img->format != IMAGE_ELF || !img->has_rsc_table) {
		fputs("null", out);
		return;
	}
	fputs("{\"address\":", out);
	json_hex(out, img->rsc_table_addr);
	fprintf(out, ",\"size\":%u,\"valid\":%s,\"error\":",
		img->rsc_table_size, img->rsc_table_valid ? "true" : "false");
	json_str(out, img->rsc_table_valid ? NULL : img->rsc_table_why);
	parsed = img->rsc_table &&
		 rsc_table_parse(img->rsc_table, img->rsc_table_size, &t, why,
				 sizeof(why)) != -ENOMEM;
	fputs(",\"entries\":[", out);
	for (uint32_t i = 0; parsed && i < t.n_parsed && t.entries; i++) {
		if (i)
			fputc(',', out);
		entry_json(out, &t.entries[i], soc);
	}
	fputs("],\"dt_needs\":[", out);
	if (parsed && img->rsc_table_valid)
		needs_json(out, &t);
	fputs("]}", out);
	if (parsed)
		rsc_table_free(&t);
}
