// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * inspect FILE [ADDR]: everything a load would do and refuse, without
 * touching hardware or needing root. Without a known SoC (a laptop) the
 * image is tried against every SoC.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "m4fw/image.h"
#include "m4fw/inspect.h"
#include "m4fw/log.h"
#include "m4fw/rsc_report.h"
#include "rpmsg_cli.h"

struct inspect_run {
	const struct soc_desc *soc;
	struct plan plan;
	struct dt_rproc dt;		/* the board's device tree, if read */
	struct rproc_verdict rproc;
	bool loadable;
	/* A raw image without ADDR is placed per SoC: its own segment. */
	struct image_segment *raw_seg;
	char refusal[160];	/* why this SoC was not even planned */
};

static const char *format_name(const struct image *img)
{
	return img->format == IMAGE_ELF ? "ELF32 ARM executable" :
	       "raw binary";
}

/* Stack tops may sit one past their memory. */
static const char *region_of(const struct soc_desc *soc, uint32_t addr,
			     bool stack_top)
{
	const struct soc_region *row;

	if (stack_top && addr)
		addr--;
	row = soc_region_of_m(soc, addr & ~1u);
	return row ? row->name : "outside the map";
}

static int run_one(struct inspect_run *r, const struct image *img)
{
	struct plan_options opt = { 0 };
	int ret;

	plan_init(&r->plan, r->soc);
	ret = plan_load(&r->plan, img, &opt);
	if (ret == -ENOMEM)
		return ret;
	r->loadable = !plan_blocked(&r->plan);
	inspect_rproc_verdict(img, &r->plan, &r->dt, &r->rproc);
	return 0;
}

/* ---- text ----------------------------------------------------------- */

static void print_segments_text(const struct inspect_run *r)
{
	const struct plan *p = &r->plan;

	for (size_t i = 0; i < p->n_placements; i++) {
		const struct plan_placement *pl = &p->placements[i];
		const struct image_segment *s = pl->seg;

		if (pl->m_known)
			printf("segment %-3u M 0x%08x  A ", s->index, pl->m_addr);
		else
			printf("segment %-3u M %-10s  A ", s->index, "-");
		if (pl->row || !pl->m_known)
			printf("0x%08x  %-10s", pl->a_addr,
			       pl->row ? pl->row->name : "(no fit)");
		else
			printf("%-10s  %-10s", "-", "(no fit)");
		printf("  filesz 0x%06x  memsz 0x%06x  copy 0x%x", s->filesz,
		       s->memsz, pl->copy_len);
		if (pl->zero_len)
			printf("  zero 0x%x", pl->zero_len);
		if (s->paddr != s->vaddr)
			printf("  (runs at 0x%08x: start-up code copies it%s)",
			       s->vaddr,
			       s->memsz > s->filesz ? ", and zeroes the rest" :
			       "");
		printf("\n");
	}
}

static void print_vector_text(const struct inspect_run *r)
{
	const struct plan *p = &r->plan;

	if (!p->vector_known) {
		printf("vector:      none usable\n");
		return;
	}
	printf("vector:      SP 0x%08x (%s)  PC 0x%08x (%s)  %s\n", p->sp,
	       region_of(r->soc, p->sp, true), p->pc,
	       region_of(r->soc, p->pc, false),
	       p->writes_vector ? "written by the loader to M 0x0" :
	       "in the image at M 0x0");
}

/*
 * Two facts, kept apart: whether the kernel loads the image (which on a
 * board depends on its device tree) and whether the core can then boot it.
 */
static void print_rproc_text(const struct inspect_run *r)
{
	const struct rproc_verdict *v = &r->rproc;
	const char *old = v->old_kernels_refuse ?
			  "; kernels before 5.13 would not (no .resource_table)" : "";

	switch (v->loads) {
	case RPROC_LOADS:
		if (v->dt_node)
			printf("remoteproc:  the kernel loads it (device tree node %s)%s\n",
			       v->dt_node, old);
		else
			printf("remoteproc:  the kernel loads it%s\n", old);
		break;
	case RPROC_LOADS_IF_DT:
		printf("remoteproc:  the kernel loads it if the device tree's %s node has a memory-region (reserved-memory, no-map) covering:\n",
		       inspect_rproc_compatible(r->soc));
		for (size_t i = 0; i < v->n_needs; i++)
			printf("  - segment %u: A 0x%08x-0x%08x\n",
			       v->needs[i].segment, v->needs[i].a_addr,
			       v->needs[i].a_addr + v->needs[i].size - 1);
		if (v->old_kernels_refuse)
			printf("remoteproc:  kernels before 5.13 would not (no .resource_table)\n");
		break;
	case RPROC_REFUSES:
		printf("remoteproc:  the kernel would refuse it:\n");
		for (size_t i = 0; i < v->n_reasons; i++)
			printf("  - %s\n", v->reasons[i]);
		break;
	}
	if (!v->boots)
		printf("remoteproc:  the core cannot boot it: %s\n",
		       v->boot_reason);
}

static void print_problems_text(const struct plan *p)
{
	for (size_t i = 0; i < p->n_problems; i++)
		printf("%s %s\n",
		       p->problems[i].overridden ? "warning:" : "problem:",
		       p->problems[i].msg);
}

static void print_single_text(const struct cli_opts *o,
			      const struct inspect_run *r,
			      const struct image *img, const char *how)
{
	printf("file:        %s (%s, %zu bytes)\n", img->path,
	       format_name(img), img->size);
	printf("soc:         %s %s (%s)\n", r->soc->model, r->soc->core, how);
	if (img->format == IMAGE_ELF)
		printf("entry:       0x%08x\n", img->entry);
	print_segments_text(r);
	printf("load:        %llu bytes copied, %llu zeroed\n",
	       (unsigned long long)r->plan.bytes_copied,
	       (unsigned long long)r->plan.bytes_zeroed);
	print_vector_text(r);
	rsc_report_text(stdout, img, r->soc);
	print_rproc_text(r);
	print_problems_text(&r->plan);
	rpmsg_cli_inspect(o, img, false);
	printf("verdict:     %s\n", r->loadable ? "loadable" : "not loadable");
}

static void print_all_text(const struct inspect_run *runs, size_t n,
			   const struct image *img)
{
	printf("file:        %s (%s, %zu bytes)\n", img->path,
	       format_name(img), img->size);
	if (img->format == IMAGE_ELF)
		printf("entry:       0x%08x\n", img->entry);
	rsc_report_text(stdout, img, NULL);
	printf("SoC not known: checked against every SoC\n");
	for (size_t i = 0; i < n; i++) {
		const struct inspect_run *r = &runs[i];

		printf("%-8s %s\n", r->soc->name,
		       r->loadable ? "loadable" : "not loadable:");
		if (r->refusal[0])
			printf("  - %s\n", r->refusal);
		for (size_t k = 0; k < r->plan.n_problems; k++)
			if (!r->plan.problems[k].overridden)
				printf("  - %s\n", r->plan.problems[k].msg);
	}
}

/* ---- JSON ----------------------------------------------------------- */

static void json_hex(const char *key, uint32_t v, bool comma)
{
	printf("\"%s\":\"0x%08x\"%s", key, v, comma ? "," : "");
}

/* kernel_loads: null when it depends on a device tree not known here. */
static void print_rproc_json(const struct rproc_verdict *v)
{
	printf("],\"remoteproc\":{\"accepts\":%s,\"kernel_loads\":%s,\"core_boots\":%s,\"device_tree\":",
	       v->accepts ? "true" : "false",
	       v->loads == RPROC_LOADS ? "true" :
	       v->loads == RPROC_REFUSES ? "false" : "null",
	       v->boots ? "true" : "false");
	if (v->dt_node)
		cli_json_string(stdout, v->dt_node);
	else
		printf("null");
	printf(",\"needs_memory_region\":[");
	for (size_t i = 0; i < v->n_needs; i++) {
		printf("%s{\"segment\":%u,", i ? "," : "", v->needs[i].segment);
		json_hex("start", v->needs[i].a_addr, true);
		json_hex("end", v->needs[i].a_addr + v->needs[i].size - 1, false);
		printf("}");
	}
	printf("],\"old_kernels_refuse\":%s,\"reasons\":[",
	       v->old_kernels_refuse ? "true" : "false");
	for (size_t i = 0; i < v->n_reasons; i++) {
		if (i)
			printf(",");
		cli_json_string(stdout, v->reasons[i]);
	}
	printf("],\"boot_reason\":");
	if (v->boots)
		printf("null");
	else
		cli_json_string(stdout, v->boot_reason);
	printf("}");
}

static void print_run_json(const struct inspect_run *r)
{
	const struct plan *p = &r->plan;

	printf("{\"soc\":");
	cli_json_string(stdout, r->soc->name);
	printf(",\"loadable\":%s,\"segments\":[", r->loadable ? "true" : "false");
	for (size_t i = 0; i < p->n_placements; i++) {
		const struct plan_placement *pl = &p->placements[i];

		printf("%s{\"index\":%u,", i ? "," : "", pl->seg->index);
		if (pl->m_known)
			json_hex("m_addr", pl->m_addr, true);
		else
			printf("\"m_addr\":null,");
		if (pl->row) {
			json_hex("a_addr", pl->a_addr, true);
			printf("\"region\":");
			cli_json_string(stdout, pl->row->name);
		} else {
			printf("\"a_addr\":null,\"region\":null");
		}
		printf(",\"filesz\":%u,\"memsz\":%u,\"copy\":%u,\"zero\":%u,",
		       pl->seg->filesz, pl->seg->memsz, pl->copy_len,
		       pl->zero_len);
		json_hex("run_addr", pl->seg->vaddr, false);
		printf("}");
	}
	printf("],\"vector\":");
	if (p->vector_known) {
		printf("{");
		json_hex("sp", p->sp, true);
		json_hex("pc", p->pc, true);
		printf("\"written_by_loader\":%s}",
		       p->writes_vector ? "true" : "false");
	} else {
		printf("null");
	}
	printf(",\"bytes_copied\":%llu,\"bytes_zeroed\":%llu,\"problems\":[",
	       (unsigned long long)p->bytes_copied,
	       (unsigned long long)p->bytes_zeroed);
	if (r->refusal[0]) {
		printf("{\"kind\":\"image\",\"overridden\":false,\"message\":");
		cli_json_string(stdout, r->refusal);
		printf("}%s", p->n_problems ? "," : "");
	}
	for (size_t i = 0; i < p->n_problems; i++) {
		printf("%s{\"kind\":\"%s\",\"overridden\":%s,\"message\":",
		       i ? "," : "",
		       p->problems[i].kind == PROBLEM_IMAGE ? "image" :
		       "safety",
		       p->problems[i].overridden ? "true" : "false");
		cli_json_string(stdout, p->problems[i].msg);
		printf("}");
	}
	print_rproc_json(&r->rproc);
	printf("}");
}

static void print_json(const struct cli_opts *o,
		       const struct inspect_run *runs, size_t n,
		       const struct image *img, bool any)
{
	printf("{\"file\":");
	cli_json_string(stdout, img->path);
	printf(",\"format\":\"%s\",\"size\":%zu,",
	       img->format == IMAGE_ELF ? "elf" : "raw", img->size);
	if (img->format == IMAGE_ELF)
		json_hex("entry", img->entry, true);
	printf("\"resource_table\":");
	rsc_report_json(stdout, img, n == 1 ? runs[0].soc : NULL);
	printf(",\"loadable\":%s,\"socs\":[", any ? "true" : "false");
	for (size_t i = 0; i < n; i++) {
		if (i)
			printf(",");
		print_run_json(&runs[i]);
	}
	printf("]");
	rpmsg_cli_inspect(o, img, true);
	printf("}\n");
}

/* ---- the command ----------------------------------------------------- */

/* A raw binary without ADDR is inspected where its reset vector points. */
static int raw_default_addr(const struct image *img,
			    const struct soc_desc *soc, uint32_t *addr,
			    bool *m_view)
{
	const struct soc_region *row;
	uint32_t sp, pc, m;

	if (!image_peek_vector(img, &sp, &pc))
		return -EINVAL;
	row = soc_region_of_m(soc, pc & ~1u);
	if (!row || row->kind == REGION_XIP)
		return -ERANGE;
	m = pc & 0xFFFF0000u;
	*addr = m < row->m_addr ? row->m_addr : m;
	*m_view = true;
	return 0;
}

/* The image as a file and, for ELF, its program headers. */
static int read_image(const char *file, const char *addr_arg,
		      struct image *img)
{
	if (image_read(img, file, IMAGE_MAX_BYTES))
		return EXIT_IMAGE;
	if (!image_is_elf(img))
		return EXIT_OK;
	if (addr_arg)
		return cli_usage_error("%s is an ELF image: ADDR '%s' is not used",
				       file, addr_arg);
	return image_parse_elf(img) ? EXIT_IMAGE : EXIT_OK;
}

/* A raw image at ADDR: one placement for every SoC. */
static int place_raw_at(const struct cli_opts *o, const char *addr_arg,
			struct image *img)
{
	uint32_t addr;

	if (!cli_parse_hex(addr_arg, &addr))
		return cli_usage_error("invalid address '%s': expected a hexadecimal 32-bit address such as 0x910000",
				       addr_arg);
	return image_parse_raw(img, addr, o->m_view) ? EXIT_IMAGE : EXIT_OK;
}

/*
 * A raw image without ADDR goes where its reset vector points, which
 * depends on the SoC: each SoC gets its own placement, and one where the
 * vector points nowhere is not loadable there (SPEC.md: every SoC tried).
 */
static int plan_raw_per_soc(struct inspect_run *runs, size_t n,
			    struct image *img)
{
	for (size_t i = 0; i < n; i++) {
		struct inspect_run *r = &runs[i];
		uint32_t addr;
		bool m_view;

		plan_init(&r->plan, r->soc);
		if (raw_default_addr(img, r->soc, &addr, &m_view)) {
			snprintf(r->refusal, sizeof(r->refusal),
				 "a raw binary whose reset vector points nowhere in the %s map; give ADDR",
				 r->soc->model);
			continue;
		}
		if (image_parse_raw(img, addr, m_view))
			return EXIT_IMAGE;
		plan_free(&r->plan);
		if (run_one(r, img)) {
			log_error("out of memory");
			return EXIT_IMAGE;
		}
		/* The plan points into this segment: it stays with the run. */
		r->raw_seg = img->segs;
		img->segs = NULL;
		img->n_segs = 0;
	}
	return EXIT_OK;
}

static int parse_for(const struct cli_opts *o, const char *file,
		     const char *addr_arg, const struct soc_desc *soc,
		     struct image *img)
{
	uint32_t addr;
	bool m_view = o->m_view;

	if (addr_arg)
		return place_raw_at(o, addr_arg, img);
	if (raw_default_addr(img, soc, &addr, &m_view)) {
		log_error("%s is a raw binary whose reset vector points nowhere in the %s map; give ADDR",
			  file, soc->model);
		return EXIT_IMAGE;
	}
	log_notice("%s is a raw binary: inspected at M 0x%08x, where its reset vector points (give ADDR to choose)",
		   file, addr);
	return image_parse_raw(img, addr, m_view) ? EXIT_IMAGE : EXIT_OK;
}

/*
 * --json promises one object whatever happens: a refusal before any plan
 * (unreadable, too large, malformed, no SoC) is one too, with the reason.
 */
static void print_refusal_json(const char *file)
{
	printf("{\"file\":");
	cli_json_string(stdout, file);
	printf(",\"loadable\":false,\"error\":");
	cli_json_string(stdout, log_last_message());
	printf(",\"socs\":[]}\n");
}

static int inspect_runs(const struct cli_opts *o, const char *file,
			const char *addr_arg, struct inspect_run *runs,
			size_t n, const char *how, bool *printed)
{
	struct image img;
	bool any = false;
	bool raw_each = false;
	int code;

	memset(&img, 0, sizeof(img));
	code = read_image(file, addr_arg, &img);
	if (code)
		goto out_image;
	if (!image_is_elf(&img)) {
		raw_each = !addr_arg && n > 1;
		code = raw_each ? plan_raw_per_soc(runs, n, &img) :
		       parse_for(o, file, addr_arg, runs[0].soc, &img);
		if (code)
			goto out_plans;
	}
	for (size_t i = 0; i < n; i++) {
		if (!raw_each && run_one(&runs[i], &img)) {
			log_error("out of memory");
			code = EXIT_IMAGE;
			goto out_plans;
		}
		any |= runs[i].loadable;
	}
	if (o->json)
		print_json(o, runs, n, &img, any);
	else if (n == 1)
		print_single_text(o, &runs[0], &img, how);
	else
		print_all_text(runs, n, &img);
	*printed = true;
	code = any ? EXIT_OK : EXIT_IMAGE;
out_plans:
	for (size_t i = 0; i < n; i++) {
		plan_free(&runs[i].plan);
		free(runs[i].raw_seg);
	}
out_image:
	image_free(&img);
	return code;
}

int cmd_inspect(const struct cli_opts *o, const char *file,
		const char *addr_arg)
{
	struct inspect_run runs[8];
	struct cli_soc cs;
	bool printed = false;
	size_t n = 0;
	int code;

	memset(runs, 0, sizeof(runs));
	if (cli_resolve_soc(o, &cs, true) == EXIT_OK) {
		runs[n].soc = cs.soc;
		inspect_live_dt(o->root, cs.soc, &runs[n].dt);
		n++;
	} else if (o->soc_name) {
		code = EXIT_SOC;
		goto out;
	} else {
		for (size_t i = 0; soc_table[i] && n < 8; i++)
			runs[n++].soc = soc_table[i];
	}
	if (n == 0) {
		log_error("no SoC to inspect %s against", file);
		code = EXIT_SOC;
		goto out;
	}
	code = inspect_runs(o, file, addr_arg, runs, n, cs.how, &printed);
out:
	if (code && o->json && !printed)
		print_refusal_json(file);
	return code;
}
