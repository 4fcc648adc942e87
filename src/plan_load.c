// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The load plan: place every segment on the SoC's memory map, check every
 * byte that will be written against the map and the safety rules, decide
 * the boot vector, then lay out the sequence of doc/contract.md.
 */
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "m4fw/iomem.h"
#include "m4fw/plan.h"
#include "plan_priv.h"

#define VEC_BYTES 8

struct load_ctx {
	struct plan *p;
	const struct image *img;
	const struct plan_options *opt;
	const char *file;	/* basename of the image, for notes */
	/* Segments in flash: one refusal for the image, not one each. */
	const struct image_segment *xip_first;
	const struct soc_region *xip_row;
	unsigned int n_xip;
	uint64_t xip_end;
};

static void put_le32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

static uint32_t get_le32(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

/* "segment 2", or the file name for a raw binary. */
static void seg_label(const struct load_ctx *c, const struct image_segment *s,
		      char *buf, size_t size)
{
	if (c->img->format == IMAGE_RAW)
		snprintf(buf, size, "%s", c->file);
	else
		snprintf(buf, size, "segment %u", s->index);
}

static uint64_t written_len(const struct image_segment *s)
{
	return s->zero_fill ? s->memsz : s->filesz;
}

/* ---- placing segments on the memory map ----------------------------- */

static void report_misfit(struct load_ctx *c, const struct image_segment *s,
			  enum soc_fit fit, const struct soc_region *row)
{
	const struct soc_desc *soc = c->p->soc;
	const char *view = c->img->addr_is_a_view ? "A" : "M";
	uint64_t len = written_len(s);
	char label[64];

	seg_label(c, s, label, sizeof(label));
	switch (fit) {
	case SOC_FIT_OK:
		break;
	case SOC_FIT_WRAP:
		plan_add_problem(c->p, PROBLEM_IMAGE, false,
				 "%s: %s 0x%08x + 0x%llx wraps past 4 GiB",
				 label, view, s->paddr,
				 (unsigned long long)len);
		break;
	case SOC_FIT_OUTSIDE:
		plan_add_problem(c->p, PROBLEM_IMAGE, false,
				 "%s: %s 0x%08x-0x%08llx is outside the %s %s memory map",
				 label, view, s->paddr,
				 (unsigned long long)(s->paddr + len - !!len),
				 soc->model, soc->core_short);
		break;
	case SOC_FIT_STRADDLE: {
		uint32_t row_start = c->img->addr_is_a_view ? row->a_addr :
				     row->m_addr;

		plan_add_problem(c->p, PROBLEM_IMAGE, false,
				 "%s: %s 0x%08x-0x%08llx runs past the end of %s (0x%08x-0x%08llx); a segment must lie inside one memory",
				 label, view, s->paddr,
				 (unsigned long long)(s->paddr + len - 1),
				 row->name, row_start,
				 (unsigned long long)row_start + row->size - 1);
		break;
	}
	case SOC_FIT_XIP:
		if (!c->n_xip++) {
			c->xip_first = s;
			c->xip_row = row;
		}
		c->xip_end = (uint64_t)s->paddr + len;
		break;
	}
}

/* An image linked for flash is one mistake, said once. */
static void report_xip(struct load_ctx *c)
{
	const struct image_segment *s = c->xip_first;
	char label[64];

	if (!c->n_xip)
		return;
	seg_label(c, s, label, sizeof(label));
	if (c->n_xip == 1)
		plan_add_problem(c->p, PROBLEM_IMAGE, false,
				 "%s: M 0x%08x is in %s flash (execute in place), which loads and stores cannot write; link the image for TCM, OCRAM or DDR, or program the flash",
				 label, s->paddr, c->xip_row->name);
	else
		plan_add_problem(c->p, PROBLEM_IMAGE, false,
				 "%s and %u more: M 0x%08x-0x%08llx is in %s flash (execute in place), which loads and stores cannot write; link the image for TCM, OCRAM or DDR, or program the flash",
				 label, c->n_xip - 1, s->paddr,
				 (unsigned long long)c->xip_end - 1,
				 c->xip_row->name);
}

static int place_segments(struct load_ctx *c)
{
	const struct image *img = c->img;
	struct plan *p = c->p;

	p->placements = calloc(img->n_segs, sizeof(*p->placements));
	if (!p->placements)
		return -ENOMEM;
	for (size_t i = 0; i < img->n_segs; i++) {
		const struct image_segment *s = &img->segs[i];
		struct plan_placement *pl = &p->placements[p->n_placements++];
		uint64_t len = written_len(s);
		enum soc_fit fit;

		pl->seg = s;
		pl->copy_len = s->filesz;
		pl->zero_len = (uint32_t)(len - s->filesz);
		if (img->addr_is_a_view) {
			fit = soc_fit_a(p->soc, s->paddr, len, &pl->row);
			pl->a_addr = s->paddr;
			pl->m_known = pl->row != NULL;
			if (pl->row)
				pl->m_addr = pl->row->m_addr +
					     (s->paddr - pl->row->a_addr);
		} else {
			fit = soc_fit_m(p->soc, s->paddr, len, &pl->row,
					&pl->a_addr);
			pl->m_known = true;
			pl->m_addr = s->paddr;
		}
		if (fit != SOC_FIT_OK) {
			report_misfit(c, s, fit, pl->row);
			pl->row = NULL;
		}
	}
	report_xip(c);
	return 0;
}

/* ---- overlaps ------------------------------------------------------- */

static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b,
			   uint64_t blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

static uint64_t placed_len(const struct plan_placement *pl)
{
	return (uint64_t)pl->copy_len + pl->zero_len;
}

/* qsort() has no context argument: the placements being sorted. */
static const struct plan_placement *sort_base;

/* By A-view address (aliases of one memory meet there), then by index. */
static int by_a_addr(const void *x, const void *y)
{
	const struct plan_placement *a = &sort_base[*(const size_t *)x];
	const struct plan_placement *b = &sort_base[*(const size_t *)y];

	if (a->a_addr != b->a_addr)
		return a->a_addr < b->a_addr ? -1 : 1;
	return a->seg->index < b->seg->index ? -1 :
	       a->seg->index > b->seg->index;
}

static void report_overlap(struct load_ctx *c, const struct plan_placement *a,
			   const struct plan_placement *b)
{
	char la[64], lb[64];

	if (a->seg->index > b->seg->index) {
		const struct plan_placement *t = a;

		a = b;
		b = t;
	}
	seg_label(c, a->seg, la, sizeof(la));
	seg_label(c, b->seg, lb, sizeof(lb));
	plan_add_problem(c->p, PROBLEM_IMAGE, false,
			 "%s (A 0x%08x+0x%llx) and %s (A 0x%08x+0x%llx) overlap: the linker script places two sections on the same memory",
			 la, a->a_addr, (unsigned long long)placed_len(a), lb,
			 b->a_addr, (unsigned long long)placed_len(b));
}

/*
 * Two segments writing the same bytes (directly or through two aliases of
 * one memory) is a broken linker script: the later copy would silently
 * destroy the earlier one. Sorted by A address and swept once, so a crafted
 * file with thousands of segments costs O(n log n), not one check per pair:
 * each segment that starts inside the furthest-reaching earlier one is
 * reported once, with that one.
 */
static int check_overlaps(struct load_ctx *c)
{
	struct plan *p = c->p;
	const struct plan_placement *reach = NULL;
	uint64_t reach_end = 0;
	size_t *order, n = 0;

	order = malloc((p->n_placements ? p->n_placements : 1) *
		       sizeof(*order));
	if (!order)
		return -ENOMEM;
	for (size_t i = 0; i < p->n_placements; i++)
		if (p->placements[i].row && placed_len(&p->placements[i]))
			order[n++] = i;
	sort_base = p->placements;
	qsort(order, n, sizeof(*order), by_a_addr);
	for (size_t k = 0; k < n; k++) {
		const struct plan_placement *pl = &p->placements[order[k]];
		uint64_t end = (uint64_t)pl->a_addr + placed_len(pl);

		if (reach && pl->a_addr < reach_end)
			report_overlap(c, reach, pl);
		if (!reach || end > reach_end) {
			reach = pl;
			reach_end = end;
		}
	}
	free(order);
	return 0;
}

/* ---- the boot vector ------------------------------------------------ */

/*
 * How many of the 8 boot-vector bytes the copies cover, and those bytes.
 * Zero fills do not count: only copied words can be a vector.
 */
static unsigned int covered_vector(const struct plan *p, uint8_t *bytes)
{
	uint32_t alias = p->soc->boot_alias_a;
	unsigned int covered = 0;

	for (unsigned int k = 0; k < VEC_BYTES; k++) {
		for (size_t i = 0; i < p->n_placements; i++) {
			const struct plan_placement *pl = &p->placements[i];
			uint64_t at = (uint64_t)alias + k;

			if (pl->row && at >= pl->a_addr &&
			    at < (uint64_t)pl->a_addr + pl->copy_len) {
				bytes[k] = pl->seg->data[at - pl->a_addr];
				covered++;
				break;
			}
		}
	}
	return covered;
}

static bool pc_is_copied(const struct plan *p, uint32_t pc)
{
	const struct soc_region *row;
	uint32_t a;

	if (soc_fit_m(p->soc, pc & ~1u, 2, &row, &a) != SOC_FIT_OK)
		return false;
	for (size_t i = 0; i < p->n_placements; i++) {
		const struct plan_placement *pl = &p->placements[i];

		if (pl->row && a >= pl->a_addr &&
		    (uint64_t)a + 2 <= (uint64_t)pl->a_addr + pl->copy_len)
			return true;
	}
	return false;
}

static void check_vector_values(struct load_ctx *c)
{
	struct plan *p = c->p;
	bool force = c->opt->force;

	/* Which rule failed: the two call for different fixes. */
	if (p->sp & 3)
		plan_add_problem(p, PROBLEM_IMAGE, force,
				 "boot vector: initial SP 0x%08x is not word-aligned; a Cortex-M stack pointer is a multiple of 4",
				 p->sp);
	else if (!soc_sp_is_valid(p->soc, p->sp))
		plan_add_problem(p, PROBLEM_IMAGE, force,
				 "boot vector: initial SP 0x%08x is not a stack top in RAM of the %s %s (TCM, OCRAM or DDR, up to one past the end)",
				 p->sp, p->soc->model, p->soc->core_short);
	if (!(p->pc & 1))
		plan_add_problem(p, PROBLEM_IMAGE, force,
				 "boot vector: reset PC 0x%08x has bit 0 clear; a Cortex-M runs Thumb code only",
				 p->pc);
	else if (!pc_is_copied(p, p->pc))
		plan_add_problem(p, PROBLEM_IMAGE, force,
				 "boot vector: reset PC 0x%08x does not point into any byte this image loads",
				 p->pc);
}

static void decide_vector(struct load_ctx *c)
{
	struct plan *p = c->p;
	uint8_t bytes[VEC_BYTES] = { 0 };
	unsigned int covered = covered_vector(p, bytes);

	/* doc/contract.md: the vector table is the image's first 8 bytes. */
	if (!c->img->has_vector) {
		plan_add_problem(p, PROBLEM_IMAGE, false,
				 "the first loaded segment has fewer than 8 bytes: no vector table (SP, PC) to start from");
		return;
	}
	if (covered == VEC_BYTES) {
		/* The image itself puts its vector table at M address 0. */
		p->vector_known = true;
		p->sp = get_le32(bytes);
		p->pc = get_le32(bytes + 4);
	} else if (covered) {
		plan_add_problem(p, PROBLEM_IMAGE, false,
				 "the image writes %u of the 8 boot-vector bytes at M 0x0 (A 0x%08x); it must write all of the vector or none of it",
				 covered, p->soc->boot_alias_a);
		return;
	} else {
		p->vector_known = true;
		p->writes_vector = true;
		p->sp = c->img->sp;
		p->pc = c->img->pc;
	}
	put_le32(p->vector_bytes, p->sp);
	put_le32(p->vector_bytes + 4, p->pc);
	/* Where segments do not fit, "PC inside the copied bytes" is noise. */
	for (size_t i = 0; i < p->n_placements; i++)
		if (!p->placements[i].row)
			return;
	check_vector_values(c);
}

/* ---- safety: what else lives in the memory written ------------------ */

/* What to do about a line of /proc/iomem in the way (doc/contract.md). */
static const char *iomem_fix(const struct iomem_entry *e)
{
	if (iomem_is_system_ram(e))
		return "keep Linux off it with a reserved-memory node with no-map in the device tree, or --force to write it anyway";
	if (strstr(e->name, "sram"))
		return "disable that mmio-sram node (status = \"disabled\") in the device tree, or --force to write it anyway";
	return "disable the device-tree node of the driver that holds it, or --force to write it anyway";
}

static void check_range_safety(struct load_ctx *c, const char *label,
			       uint32_t a, uint64_t len)
{
	const struct soc_owned_range *o = soc_owned_overlap(c->p->soc, a, len);
	const struct iomem_map *map = c->opt->iomem;
	const struct soc_region *row;
	const struct iomem_entry *e;
	bool force = c->opt->force;

	if (o)
		plan_add_problem(c->p, PROBLEM_SAFETY, false,
				 "%s (A 0x%08x-0x%08llx) would overwrite %s at 0x%08x-0x%08x; memory owned by secure firmware is never written, --force or not",
				 label, a, (unsigned long long)(a + len - 1),
				 o->owner, o->a_addr, o->a_addr + o->size - 1);
	/*
	 * No map at all: nothing is known about what Linux uses, so only
	 * the on-chip memories (which Linux never takes as System RAM) may
	 * be written without --force.
	 */
	row = soc_region_of_a(c->p->soc, a);
	if (map && map->read_error && (!row || row->kind == REGION_DDR)) {
		plan_add_problem(c->p, PROBLEM_SAFETY, force,
				 "%s (A 0x%08x-0x%08llx) is outside the on-chip memories and /proc/iomem could not be read (%s): it may be System RAM%s",
				 label, a, (unsigned long long)(a + len - 1),
				 map->why,
				 force ? "" : "; refusing (--force to write it anyway)");
		return;
	}
	e = iomem_conflict(map, a, len);
	if (e)
		plan_add_problem(c->p, PROBLEM_SAFETY, force,
				 "%s (A 0x%08x-0x%08llx) is in use by Linux: /proc/iomem has \"%llx-%llx : %s\"%s%s",
				 label, a, (unsigned long long)(a + len - 1),
				 (unsigned long long)e->start,
				 (unsigned long long)e->end, e->name,
				 force ? "" : "; ", force ? "" : iomem_fix(e));
}

static void check_safety(struct load_ctx *c)
{
	struct plan *p = c->p;
	char label[64];

	for (size_t i = 0; i < p->n_placements; i++) {
		const struct plan_placement *pl = &p->placements[i];

		if (!pl->row)
			continue;
		seg_label(c, pl->seg, label, sizeof(label));
		check_range_safety(c, label, pl->a_addr,
				   (uint64_t)pl->copy_len + pl->zero_len);
	}
	if (p->writes_vector)
		check_range_safety(c, "boot vector", p->soc->boot_alias_a,
				   VEC_BYTES);
}

/* ---- the sequence ---------------------------------------------------- */

static int add_region_enables(struct load_ctx *c)
{
	struct plan *p = c->p;
	const struct soc_reg_update *done[8];
	size_t n_done = 0;

	for (size_t i = 0; i < p->n_placements; i++) {
		const struct soc_reg_update *en = p->placements[i].row->enable;
		struct plan_op *op;
		bool seen = false;

		if (!en)
			continue;
		for (size_t k = 0; k < n_done; k++)
			seen |= done[k] == en;
		if (seen || n_done == sizeof(done) / sizeof(done[0]))
			continue;
		done[n_done++] = en;
		op = plan_add_op(p, PLAN_UPDATE32, en->addr);
		if (!op)
			return -ENOMEM;
		op->mask = en->mask;
		op->value = en->value;
		op->announce = true;
		plan_set_note(op, "%s: %s", en->reg_name, en->what);
	}
	return 0;
}

static struct plan_op *add_block(struct plan *p, enum plan_op_kind kind,
				 uint32_t a, uint32_t len, const uint8_t *data)
{
	struct plan_op *op = plan_add_op(p, kind, a);

	if (op) {
		op->len = len;
		op->data = data;
	}
	return op;
}

static int add_writes(struct load_ctx *c, bool verify)
{
	struct plan *p = c->p;
	char label[64];

	for (size_t i = 0; i < p->n_placements; i++) {
		const struct plan_placement *pl = &p->placements[i];
		const char *region = pl->row->name;
		struct plan_op *op;

		seg_label(c, pl->seg, label, sizeof(label));
		if (pl->copy_len) {
			op = add_block(p, verify ? PLAN_VERIFY : PLAN_COPY,
				       pl->a_addr, pl->copy_len,
				       pl->seg->data);
			if (!op)
				return -ENOMEM;
			if (c->img->format == IMAGE_RAW)
				plan_set_note(op, "%s  %s %s", region,
					      verify ? "==" : "<-", label);
			else
				plan_set_note(op, "%s  %s %s %s", region,
					      verify ? "==" : "<-", c->file,
					      label);
		}
		if (pl->zero_len) {
			op = add_block(p, verify ? PLAN_VERIFY : PLAN_FILL,
				       pl->a_addr + pl->copy_len, pl->zero_len,
				       NULL);
			if (!op)
				return -ENOMEM;
			plan_set_note(op, "%s  zero", region);
		}
	}
	if (!p->writes_vector)
		return 0;
	if (verify) {
		struct plan_op *op = add_block(p, PLAN_VERIFY,
					       p->soc->boot_alias_a, VEC_BYTES,
					       p->vector_bytes);

		if (!op)
			return -ENOMEM;
		plan_set_note(op, "boot vector");
		return 0;
	}
	for (unsigned int k = 0; k < 2; k++) {
		struct plan_op *op = plan_add_op(p, PLAN_WRITE32,
						 p->soc->boot_alias_a + 4 * k);

		if (!op)
			return -ENOMEM;
		op->value = k ? p->pc : p->sp;
		plan_set_note(op, k ? "boot PC" : "boot SP");
	}
	return 0;
}

static int add_sequence(struct load_ctx *c)
{
	struct plan *p = c->p;
	int ret;

	ret = plan_add_hold(p);
	if (!ret)
		ret = plan_add_clock(p);
	if (!ret)
		ret = add_region_enables(c);
	if (!ret)
		ret = add_writes(c, false);
	if (!ret)
		ret = add_writes(c, true);
	if (!ret)
		ret = plan_add_barrier(p);
	if (ret)
		return ret;
	return c->opt->no_start ? plan_add_expect_held(p) : plan_add_start(p);
}

int plan_load(struct plan *p, const struct image *img,
	      const struct plan_options *opt)
{
	struct load_ctx c = { .p = p, .img = img, .opt = opt };
	char *path_copy = strdup(img->path ? img->path : "image");
	int ret;

	if (!path_copy)
		return -ENOMEM;
	c.file = basename(path_copy);

	ret = place_segments(&c);
	if (ret)
		goto out;
	/* Image and memory-map problems first, then safety refusals. */
	ret = check_overlaps(&c);
	if (ret)
		goto out;
	decide_vector(&c);
	if (p->vector_known && p->writes_vector) {
		for (size_t i = 0; i < p->n_placements; i++) {
			const struct plan_placement *pl = &p->placements[i];
			char label[64];

			if (!pl->row || !ranges_overlap(pl->a_addr,
				pl->copy_len + pl->zero_len,
				p->soc->boot_alias_a, VEC_BYTES))
				continue;
			seg_label(&c, pl->seg, label, sizeof(label));
			plan_add_problem(p, PROBLEM_IMAGE, false,
					 "%s zero-fills the boot vector at M 0x0 (A 0x%08x) that the loader must write",
					 label, p->soc->boot_alias_a);
		}
	}
	check_safety(&c);

	for (size_t i = 0; i < p->n_placements; i++) {
		p->bytes_copied += p->placements[i].copy_len;
		p->bytes_zeroed += p->placements[i].zero_len;
	}
	plan_close_problems(p);
	if (plan_blocked(p)) {
		ret = -EINVAL;
		goto out;
	}
	ret = plan_finish(p, add_sequence(&c));
out:
	free(path_copy);
	return ret;
}
