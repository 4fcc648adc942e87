// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer harness: any file, taken as the firmware image, planned on
 * every SoC. The firmware file is the input m4fwloader trusts least, and
 * the plan is the last word on what the tool writes to physical memory, so
 * the harness checks the promise on every plan it gets, independently of
 * the code that built it (from the SoC tables, not from plan_load()'s
 * placements):
 *
 *  - the plan is refused, or every write (copy, fill, write32, update32)
 *    lies inside one non-XIP row of the SoC's A view, or is one of the
 *    SoC's own register steps (stop, start, clock, region enable, MU);
 *  - nothing is written into memory that secure firmware owns, nor, unless
 *    forced, into what /proc/iomem says Linux uses (any line overlapping
 *    the write but "reserved"), nor outside the on-chip memories when
 *    /proc/iomem could not be read;
 *  - the core is held (asked and confirmed) before the first image write,
 *    every written byte is read back after it is written, a barrier
 *    follows the last image write and the last read-back, and only then
 *    may an operation release the core; with no_start nothing releases it;
 *  - every access lies inside a window the executor maps first;
 *  - plan_format_op() and the remoteproc verdict work on every plan.
 * A violation prints the plan and abort()s, which libFuzzer reports as a
 * crash with the input saved. ASan, UBSan and LeakSanitizer watch the rest.
 *
 * Each input is copied into a malloc'd buffer with a path, as image_read()
 * leaves it. An ELF (\x7fELF...) is parsed once; anything else is parsed
 * as a raw binary at 16 (address, view) pairs taken from its own bytes.
 * Every image is planned on every SoC under four option sets (force,
 * no_start and a /proc/iomem with System RAM each on and off, every pair
 * of them in all four combinations), and a fifth with a /proc/iomem that
 * could not be read. Every input is also parsed as /proc/iomem text: the
 * entries and skipped lines must account for every line, and a good image
 * is planned on every SoC against the map it gives. At start-up a
 * self-test damages good plans in each way the checks look for and
 * aborts if one goes unseen.
 *
 * Build and run: make fuzz FUZZ_SECONDS=60 (mk/fuzz.mk). Reproduce one
 * input: build/fuzz/fuzz_plan CRASH_FILE (FUZZ_PLAN_VERBOSE=1 keeps the
 * tool's own error lines).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "m4fw/image.h"
#include "m4fw/inspect.h"
#include "m4fw/iomem.h"
#include "m4fw/log.h"
#include "m4fw/plan.h"
#include "m4fw/soc.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* The sanitizer's hook: its reserved name is the interface. */
const char *__asan_default_options(void); // NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp)

/*
 * Each input makes hundreds of small plans. ASan's default 256 MiB
 * quarantine then hands out fresh pages all the time, and page faults
 * (slow in a VM) cost 5-10x the throughput; 4 MiB still holds every
 * block freed while one input is planned. ASAN_OPTIONS overrides this.
 */
const char *__asan_default_options(void) // NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp)
{
	return "quarantine_size_mb=4:max_malloc_fill_size=256";
}

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Where violations are reported: the real stderr, whatever log.c uses. */
static FILE *report;

/*
 * A running i.MX system as /proc/iomem shows it: DDR that is System RAM on
 * both DDR bases the SoCs use, the kernel inside it, OCRAM claimed by the
 * mmio-sram driver (a top-level line, as device-tree kernels print it) and
 * no-map memory carved out of DDR for firmware ("reserved", allowed).
 */
static struct iomem_entry iomem_entries[] = {
	{ 0x00900000, 0x0091ffff, 0, "900000.sram sram@900000" },
	{ 0x3ff00000, 0x3fffffff, 0, "reserved" },
	{ 0x30390000, 0x3039ffff, 0, "30390000.reset-controller" },
	{ 0x40000000, 0x7fffffff, 0, "System RAM" },
	{ 0x40200000, 0x41ffffff, 1, "Kernel code" },
	{ 0x80000000, 0xbfffffff, 0, "System RAM" },
	{ 0x80008000, 0x80ffffff, 1, "Kernel code" },
};

static const struct iomem_map iomem = {
	.entries = iomem_entries,
	.n = ARRAY_SIZE(iomem_entries),
};

/* A /proc/iomem that could not be read: only on-chip memory is safe. */
static const struct iomem_map iomem_unreadable = {
	.read_error = -EISDIR,
	.why = "a directory, not a file",
};

/* ---- reporting --------------------------------------------------------- */

struct check {
	const struct soc_desc *soc;
	const struct image *img;
	const struct plan_options *opt;
	const struct plan *p;
	int ret;		/* what plan_load() returned */
	char why[512];		/* the first violation found */
};

static bool violation(struct check *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static bool violation(struct check *c, const char *fmt, ...)
{
	va_list ap;

	if (c->why[0])
		return false;
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
	return false;
}

static void dump_and_abort(const struct check *c)
{
	const struct plan *p = c->p;
	char line[256];

	fprintf(report,
		"fuzz_plan: PROPERTY VIOLATED on %s (%s image %s, %zu bytes, %zu segments, %s view; force %d, no_start %d, iomem %s; plan_load %d)\n  %s\n",
		c->soc->name, c->img->format == IMAGE_ELF ? "ELF" : "raw",
		c->img->path, c->img->size, c->img->n_segs,
		c->img->addr_is_a_view ? "A" : "M", c->opt->force,
		c->opt->no_start, c->opt->iomem ? "yes" : "no", c->ret,
		c->why);
	for (size_t i = 0; i < c->img->n_segs; i++) {
		const struct image_segment *s = &c->img->segs[i];

		fprintf(report,
			"  seg %zu: index %u paddr 0x%08x vaddr 0x%08x filesz 0x%x memsz 0x%x zero_fill %d\n",
			i, s->index, s->paddr, s->vaddr, s->filesz, s->memsz,
			s->zero_fill);
	}
	for (size_t i = 0; i < p->n_problems; i++)
		fprintf(report, "  problem%s: %s\n",
			p->problems[i].overridden ? " (overridden)" : "",
			p->problems[i].msg);
	for (size_t i = 0; i < p->n_ops; i++) {
		plan_format_op(&p->ops[i], line, sizeof(line));
		fprintf(report, "  op %2zu: %s [core %d]\n", i, line,
			p->ops[i].core);
	}
	fflush(report);
	abort();
}

/* ---- facts from the SoC tables ----------------------------------------- */

static uint64_t span(uint32_t len)
{
	return len ? len : 1;
}

/* [a, a + len) lies inside one non-XIP row of the A view. */
static bool in_one_row(const struct soc_desc *soc, uint64_t a, uint64_t len)
{
	for (size_t i = 0; i < soc->n_regions; i++) {
		const struct soc_region *r = &soc->regions[i];

		if (r->kind == REGION_XIP)
			continue;
		if (a >= r->a_addr && a + len <= (uint64_t)r->a_addr + r->size)
			return true;
	}
	return false;
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

static const struct soc_owned_range *owned_hit(const struct soc_desc *soc,
					       uint64_t a, uint64_t len)
{
	for (size_t i = 0; i < soc->n_owned; i++)
		if (overlaps(a, len, soc->owned[i].a_addr, soc->owned[i].size))
			return &soc->owned[i];
	return NULL;
}

/*
 * An entry the safety rule protects (doc/contract.md): any line overlapping the
 * write, at any depth, but "reserved" (no-map memory meant for firmware).
 */
static const struct iomem_entry *linux_hit(const struct iomem_map *map,
					   uint64_t a, uint64_t len)
{
	for (size_t i = 0; map && i < map->n; i++) {
		const struct iomem_entry *e = &map->entries[i];

		if (strcmp(e->name, "reserved") != 0 &&
		    overlaps(a, len, e->start, e->end - e->start + 1))
			return e;
	}
	return NULL;
}

/* Inside TCM or OCRAM of @soc's A view (the memories Linux never takes). */
static bool on_chip(const struct soc_desc *soc, uint64_t a, uint64_t len)
{
	for (size_t i = 0; i < soc->n_regions; i++) {
		const struct soc_region *r = &soc->regions[i];

		if ((r->kind == REGION_TCM || r->kind == REGION_OCRAM) &&
		    a >= r->a_addr && a + len <= (uint64_t)r->a_addr + r->size)
			return true;
	}
	return false;
}

enum recipe_kind {
	RECIPE_NONE,
	RECIPE_STOP,
	RECIPE_START,
	RECIPE_CLOCK,
	RECIPE_ENABLE,
};

static bool same_step(const struct soc_reg_update *u,
		      const struct plan_op *op)
{
	return u->addr == op->addr && u->mask == op->mask &&
	       u->value == op->value && u->if_addr == op->if_addr &&
	       u->if_mask == op->if_mask && u->if_value == op->if_value;
}

static bool in_recipe(const struct soc_recipe *r, const struct plan_op *op)
{
	for (size_t i = 0; i < r->n_steps; i++)
		if (same_step(&r->steps[i], op))
			return true;
	return false;
}

/* Which of the SoC's register recipes @op is a step of. */
static enum recipe_kind recipe_of(const struct soc_desc *soc,
				  const struct plan_op *op)
{
	if (op->kind != PLAN_UPDATE32)
		return RECIPE_NONE;
	if (in_recipe(&soc->start, op))
		return RECIPE_START;
	if (in_recipe(&soc->stop, op))
		return RECIPE_STOP;
	if (in_recipe(&soc->clock, op))
		return RECIPE_CLOCK;
	for (size_t i = 0; i < soc->n_regions; i++)
		if (soc->regions[i].enable &&
		    same_step(soc->regions[i].enable, op))
			return RECIPE_ENABLE;
	return RECIPE_NONE;
}

static bool recipe_has_reg(const struct soc_recipe *r, uint32_t addr)
{
	for (size_t i = 0; i < r->n_steps; i++)
		if (r->steps[i].addr == addr)
			return true;
	return false;
}

/* The SoC's own control, clock, region-enable and MU registers. */
static bool is_soc_register(const struct soc_desc *soc, uint32_t addr)
{
	if (recipe_has_reg(&soc->stop, addr) ||
	    recipe_has_reg(&soc->start, addr) ||
	    recipe_has_reg(&soc->clock, addr))
		return true;
	for (size_t i = 0; i < soc->n_regions; i++)
		if (soc->regions[i].enable &&
		    soc->regions[i].enable->addr == addr)
			return true;
	return soc->mu_atr1 && addr == soc->mu_atr1;
}

/* ---- the operations ---------------------------------------------------- */

/* An operation that stores into memory (not a register). */
static bool is_mem_write(const struct check *c, const struct plan_op *op)
{
	switch (op->kind) {
	case PLAN_COPY:
	case PLAN_FILL:
		return true;
	case PLAN_WRITE32:
		return in_one_row(c->soc, op->addr, 4);
	default:
		return false;
	}
}

static bool is_release(const struct check *c, const struct plan_op *op)
{
	return op->core == PLAN_CORE_RELEASES ||
	       recipe_of(c->soc, op) == RECIPE_START;
}

static uint64_t op_len(const struct plan_op *op)
{
	switch (op->kind) {
	case PLAN_COPY:
	case PLAN_FILL:
	case PLAN_VERIFY:
		return span(op->len);
	case PLAN_BARRIER:
		return 0;
	default:
		return 4;
	}
}

static bool data_in_image(const struct image *img, const uint8_t *d,
			  uint32_t len)
{
	uintptr_t start = (uintptr_t)img->bytes, at = (uintptr_t)d;

	return d && at >= start && at - start <= img->size &&
	       len <= img->size - (at - start);
}

static bool check_format(struct check *c, const struct plan_op *op,
			 size_t i)
{
	static const size_t sizes[] = { 7, 256 };
	char buf[256];

	for (size_t k = 0; k < ARRAY_SIZE(sizes); k++) {
		memset(buf, 'X', sizeof(buf));
		plan_format_op(op, buf, sizes[k]);
		if (!memchr(buf, '\0', sizes[k]))
			return violation(c, "op %zu: plan_format_op() leaves %zu bytes unterminated",
					 i, sizes[k]);
		if (sizes[k] < sizeof(buf) && buf[sizes[k]] != 'X')
			return violation(c, "op %zu: plan_format_op() writes past %zu bytes",
					 i, sizes[k]);
	}
	if (!memchr(op->note, '\0', sizeof(op->note)))
		return violation(c, "op %zu: note unterminated", i);
	return true;
}

/* The target of one write: inside the map, not owned, not Linux's. */
static bool check_mem_target(struct check *c, const struct plan_op *op,
			     size_t i)
{
	uint64_t len = op_len(op);
	const struct soc_owned_range *o;
	const struct iomem_entry *e;

	if (!in_one_row(c->soc, op->addr, len))
		return violation(c, "op %zu writes A 0x%08x+0x%" PRIx64 ", not inside one writable row of the %s map",
				 i, op->addr, len, c->soc->name);
	o = owned_hit(c->soc, op->addr, len);
	if (o)
		return violation(c, "op %zu writes A 0x%08x+0x%" PRIx64 " into %s at 0x%08x",
				 i, op->addr, len, o->owner, o->a_addr);
	if (c->opt->iomem && c->opt->iomem->read_error && !c->opt->force &&
	    !on_chip(c->soc, op->addr, len))
		return violation(c, "op %zu writes A 0x%08x+0x%" PRIx64 " outside on-chip memory with /proc/iomem unreadable, without --force",
				 i, op->addr, len);
	e = linux_hit(c->opt->iomem, op->addr, len);
	if (e && !c->opt->force)
		return violation(c, "op %zu writes A 0x%08x+0x%" PRIx64 " into \"%s\" without --force",
				 i, op->addr, len, e->name);
	return true;
}

static bool check_one_op(struct check *c, size_t i)
{
	const struct plan_op *op = &c->p->ops[i];
	const struct plan *p = c->p;

	if (!check_format(c, op, i))
		return false;
	switch (op->kind) {
	case PLAN_COPY:
		if (!data_in_image(c->img, op->data, op->len))
			return violation(c, "op %zu copies from outside the image buffer",
					 i);
		return check_mem_target(c, op, i);
	case PLAN_FILL:
		if (op->data)
			return violation(c, "op %zu: a fill with data", i);
		return check_mem_target(c, op, i);
	case PLAN_WRITE32:
		if (op->addr & 3)
			return violation(c, "op %zu: unaligned write32", i);
		if (is_mem_write(c, op))
			return check_mem_target(c, op, i);
		if (!is_soc_register(c->soc, op->addr))
			return violation(c, "op %zu: write32 to 0x%08x, neither memory of the map nor a %s register",
					 i, op->addr, c->soc->name);
		return true;
	case PLAN_UPDATE32:
		if ((op->addr & 3) || (op->if_mask && (op->if_addr & 3)))
			return violation(c, "op %zu: unaligned update32", i);
		if (recipe_of(c->soc, op) == RECIPE_NONE)
			return violation(c, "op %zu: update32 0x%08x mask 0x%08x := 0x%08x is no step of a %s recipe",
					 i, op->addr, op->mask, op->value,
					 c->soc->name);
		return true;
	case PLAN_VERIFY:
		if (op->data && !data_in_image(c->img, op->data, op->len) &&
		    !(op->data == p->vector_bytes &&
		      op->len <= sizeof(p->vector_bytes)))
			return violation(c, "op %zu verifies against bytes outside the image",
					 i);
		if (!in_one_row(c->soc, op->addr, op_len(op)))
			return violation(c, "op %zu reads back outside the map", i);
		return true;
	case PLAN_EXPECT:
		if (op->addr & 3)
			return violation(c, "op %zu: unaligned expect", i);
		return true;
	case PLAN_BARRIER:
		return true;
	}
	return violation(c, "op %zu: unknown kind %d", i, (int)op->kind);
}

/* Every access lies in a window mapped before the first access. */
static bool covered_by_window(const struct plan *p, uint64_t a, uint64_t len,
			      bool optional_ok)
{
	for (size_t i = 0; i < p->n_windows; i++) {
		const struct plan_window *w = &p->windows[i];

		if ((optional_ok || !w->optional) && a >= w->addr &&
		    a + len <= w->addr + w->len)
			return true;
	}
	return false;
}

static bool check_windows(struct check *c)
{
	const struct plan *p = c->p;

	for (size_t i = 0; i < p->n_ops; i++) {
		const struct plan_op *op = &p->ops[i];
		uint64_t len = op_len(op);

		if (op->kind == PLAN_BARRIER)
			continue;
		if (!covered_by_window(p, op->addr, len, op->optional) ||
		    (op->kind == PLAN_UPDATE32 && op->if_mask &&
		     !covered_by_window(p, op->if_addr, 4, op->optional)))
			return violation(c, "op %zu (0x%08x) is in no window that is mapped before the run",
					 i, op->addr);
		if (op->optional && (!c->soc->clock_may_be_unmappable ||
				     recipe_of(c->soc, op) != RECIPE_CLOCK))
			return violation(c, "op %zu is optional but no clock step of a SoC whose clock may be unmappable",
					 i);
	}
	return true;
}

static uint32_t get_le32(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

/*
 * The write(s) that @v (a PLAN_VERIFY at index @vi) checks, before it: a
 * copy of the same bytes, a fill of the same range, or the two words of
 * the boot vector. Marks them in @verified; false when there are none.
 */
static bool mark_verified(const struct plan *p, size_t vi, bool *verified)
{
	const struct plan_op *v = &p->ops[vi];
	size_t words[2], n_words = 0;

	for (size_t j = vi; j-- > 0;) {
		const struct plan_op *w = &p->ops[j];

		if ((w->kind == PLAN_COPY && v->data && w->data == v->data) ||
		    (w->kind == PLAN_FILL && !v->data)) {
			if (w->addr != v->addr || w->len != v->len)
				continue;
			verified[j] = true;
			return true;
		}
		if (w->kind == PLAN_WRITE32 && v->data &&
		    v->data == p->vector_bytes && v->len == 8 && n_words < 2 &&
		    (w->addr == v->addr || w->addr == v->addr + 4) &&
		    w->value == get_le32(v->data + (w->addr - v->addr)))
			words[n_words++] = j;
	}
	if (n_words != 2 || p->ops[words[0]].addr == p->ops[words[1]].addr)
		return false;
	verified[words[0]] = verified[words[1]] = true;
	return true;
}

static bool check_order(struct check *c)
{
	const struct plan *p = c->p;
	size_t hold = SIZE_MAX, held = SIZE_MAX, first_w = SIZE_MAX;
	size_t last_w = 0, last_v = 0, barrier = SIZE_MAX;
	size_t release = SIZE_MAX, n_w = 0;
	bool *verified = calloc(p->n_ops ? p->n_ops : 1, sizeof(*verified));
	bool ok = false;

	if (!verified)
		return true;	/* out of memory: nothing to say */
	for (size_t i = 0; i < p->n_ops; i++) {
		const struct plan_op *op = &p->ops[i];

		if (op->core == PLAN_CORE_HOLDS && hold == SIZE_MAX)
			hold = i;
		if (op->kind == PLAN_EXPECT && op->core == PLAN_CORE_HELD &&
		    hold != SIZE_MAX && held == SIZE_MAX)
			held = i;
		if (is_mem_write(c, op)) {
			if (first_w == SIZE_MAX)
				first_w = i;
			last_w = i;
			n_w++;
			if (release != SIZE_MAX) {
				violation(c, "op %zu writes the image after op %zu released the core",
					  i, release);
				goto out;
			}
		}
		if (op->kind == PLAN_VERIFY) {
			last_v = i;
			if (!mark_verified(p, i, verified)) {
				violation(c, "op %zu reads back bytes that no earlier write wrote",
					  i);
				goto out;
			}
		}
		if (op->kind == PLAN_BARRIER && release == SIZE_MAX)
			barrier = i;
		if (is_release(c, op) && release == SIZE_MAX)
			release = i;
	}
	if (!n_w) {
		violation(c, "a load plan that writes nothing");
		goto out;
	}
	if (hold == SIZE_MAX || held == SIZE_MAX || held > first_w) {
		violation(c, "op %zu writes the image before the hold was asked for and confirmed",
			  first_w);
		goto out;
	}
	for (size_t i = 0; i < p->n_ops; i++) {
		if (is_mem_write(c, &p->ops[i]) && !verified[i]) {
			violation(c, "op %zu: its bytes are never read back", i);
			goto out;
		}
	}
	if (c->opt->no_start && release != SIZE_MAX) {
		violation(c, "op %zu releases the core despite no_start",
			  release);
		goto out;
	}
	if (!c->opt->no_start && release == SIZE_MAX) {
		violation(c, "the plan never starts the core");
		goto out;
	}
	if (!c->opt->no_start &&
	    (barrier == SIZE_MAX || barrier < last_w || barrier < last_v)) {
		violation(c, "op %zu releases the core without a barrier after the last write (op %zu) and read-back (op %zu)",
			  release, last_w, last_v);
		goto out;
	}
	if (p->ops[p->n_ops - 1].kind != PLAN_EXPECT) {
		violation(c, "the plan does not end by confirming the core's state");
		goto out;
	}
	ok = true;
out:
	free(verified);
	return ok;
}

/* Two memory writes never touch the same byte (the earlier would be lost). */
static bool check_disjoint(struct check *c)
{
	const struct plan *p = c->p;

	for (size_t i = 0; i < p->n_ops; i++) {
		const struct plan_op *a = &p->ops[i];

		if (!is_mem_write(c, a))
			continue;
		for (size_t j = i + 1; j < p->n_ops; j++) {
			const struct plan_op *b = &p->ops[j];

			if (is_mem_write(c, b) &&
			    overlaps(a->addr, op_len(a), b->addr, op_len(b)))
				return violation(c, "ops %zu and %zu write the same bytes",
						 i, j);
		}
	}
	return true;
}

static bool check_accounting(struct check *c)
{
	const struct plan *p = c->p;
	uint64_t copied = 0, zeroed = 0;

	for (size_t i = 0; i < p->n_ops; i++) {
		if (p->ops[i].kind == PLAN_COPY)
			copied += p->ops[i].len;
		if (p->ops[i].kind == PLAN_FILL)
			zeroed += p->ops[i].len;
	}
	if (copied != p->bytes_copied || zeroed != p->bytes_zeroed)
		return violation(c, "summary says %" PRIu64 " copied, %" PRIu64 " zeroed; the operations do %" PRIu64 " and %" PRIu64,
				 p->bytes_copied, p->bytes_zeroed, copied,
				 zeroed);
	return true;
}

static bool check_vector(struct check *c)
{
	const struct plan *p = c->p;

	if (!p->vector_known)
		return violation(c, "a plan that may run without a known vector");
	if (c->opt->force)
		return true;
	if (!soc_sp_is_valid(c->soc, p->sp) || !(p->pc & 1))
		return violation(c, "vector SP 0x%08x PC 0x%08x accepted without --force",
				 p->sp, p->pc);
	return true;
}

static bool check_one_verdict(struct check *c,
			      const struct rproc_verdict *vp);

/* Judged without a device tree, and against one with an OCRAM carve-out. */
static bool check_verdict(struct check *c)
{
	static const struct dt_rproc dt = {
		.have_tree = true, .have_node = true, .node = "/m-core", .n = 1,
		.mem = { { 0x00900000, 0x40000, "ocram@900000" } },
	};
	struct rproc_verdict v;

	for (int with_dt = 0; with_dt < 2; with_dt++) {
		inspect_rproc_verdict(c->img, c->p, with_dt ? &dt : NULL, &v);
		if (!check_one_verdict(c, &v))
			return false;
	}
	return true;
}

static bool check_one_verdict(struct check *c, const struct rproc_verdict *vp)
{
	struct rproc_verdict v = *vp;

	if (v.n_needs > RPROC_MAX_REASONS)
		return violation(c, "rproc verdict: %zu needs", v.n_needs);
	if (v.accepts && !v.boots)
		return violation(c, "rproc verdict accepts what the core cannot boot");
	if (v.n_reasons > RPROC_MAX_REASONS)
		return violation(c, "rproc verdict: %zu reasons", v.n_reasons);
	for (size_t i = 0; i < v.n_reasons; i++)
		if (!memchr(v.reasons[i], '\0', sizeof(v.reasons[i])) ||
		    !v.reasons[i][0])
			return violation(c, "rproc verdict: reason %zu malformed",
					 i);
	if (v.accepts && v.n_reasons)
		return violation(c, "rproc verdict accepts with reasons");
	return true;
}

static bool check_plan(struct check *c)
{
	const struct plan *p = c->p;
	bool blocked = plan_blocked(p);

	if (c->ret == -ENOMEM)
		return true;
	for (size_t i = 0; i < p->n_problems; i++)
		if (!memchr(p->problems[i].msg, '\0',
			    sizeof(p->problems[i].msg)) ||
		    !p->problems[i].msg[0])
			return violation(c, "problem %zu: empty or unterminated",
					 i);
	if (c->ret != 0 && c->ret != -EINVAL)
		return violation(c, "plan_load() returned %d", c->ret);
	if ((c->ret == 0) == blocked)
		return violation(c, "plan_load() returned %d but the plan is %sblocked",
				 c->ret, blocked ? "" : "not ");
	if (!check_verdict(c))
		return false;
	for (size_t i = 0; i < p->n_ops; i++)
		if (!check_one_op(c, i))
			return false;
	if (blocked)
		return p->n_ops == 0 ||
		       violation(c, "a refused plan holds %zu operations",
				 p->n_ops);
	return check_windows(c) && check_order(c) && check_disjoint(c) &&
	       check_accounting(c) && check_vector(c);
}

/* ---- the image, as image_read() and the parsers leave it --------------- */

static bool check_image(const struct image *img)
{
	for (size_t i = 0; i < img->n_segs; i++) {
		const struct image_segment *s = &img->segs[i];

		if (s->filesz > s->memsz ||
		    (s->filesz && !data_in_image(img, s->data, s->filesz)))
			return false;
	}
	return !img->has_vector || img->n_segs > 0;
}

static int image_from(struct image *img, const uint8_t *data, size_t size,
		      const char *path)
{
	memset(img, 0, sizeof(*img));
	img->path = strdup(path);
	img->bytes = malloc(size);
	if (!img->path || !img->bytes) {
		image_free(img);
		return -ENOMEM;
	}
	memcpy(img->bytes, data, size);
	img->size = size;
	return 0;
}

/* ---- planning ---------------------------------------------------------- */

static void plan_one(const struct soc_desc *soc, const struct image *img,
		     const struct plan_options *opt)
{
	struct check c = { .soc = soc, .img = img, .opt = opt };
	struct plan p;

	plan_init(&p, soc);
	c.p = &p;
	c.ret = plan_load(&p, img, opt);
	if (!check_plan(&c))
		dump_and_abort(&c);
	plan_free(&p);
}

/*
 * Every SoC (or only @only), under four option sets in which force,
 * no_start and the iomem map are each on and off, and each pair of them
 * takes all four combinations.
 */
static void plan_all(const struct image *img, const struct soc_desc *only)
{
	static const struct {
		bool force, no_start, iomem;
	} sets[] = {
		{ false, false, false },
		{ false, true, true },
		{ true, false, true },
		{ true, true, false },
	};

	for (size_t s = 0; soc_table[s]; s++) {
		if (only && soc_table[s] != only)
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(sets); k++) {
			struct plan_options opt = {
				.force = sets[k].force,
				.no_start = sets[k].no_start,
				.iomem = sets[k].iomem ? &iomem : NULL,
			};

			plan_one(soc_table[s], img, &opt);
		}
		plan_one(soc_table[s], img, &(const struct plan_options){
			.iomem = &iomem_unreadable });
	}
}

static void fuzz_raw_at(const uint8_t *data, size_t size, uint32_t addr,
			bool m_view, const struct soc_desc *only)
{
	struct image img;

	if (image_from(&img, data, size, "fuzz/input.bin"))
		return;
	if (image_parse_raw(&img, addr, m_view) == 0) {
		if (!check_image(&img)) {
			fprintf(report, "fuzz_plan: raw image at 0x%08x malformed after parsing\n",
				addr);
			abort();
		}
		plan_all(&img, only);
	}
	image_free(&img);
}

static uint32_t le32_at(const uint8_t *data, size_t size, size_t off)
{
	uint8_t b[4] = { 0 };

	for (size_t i = 0; i < 4 && off + i < size; i++)
		b[i] = data[off + i];
	return get_le32(b);
}

/*
 * A raw binary has no address of its own: try where its vector points,
 * where its first words say, and somewhere in a row the input picks on
 * each SoC, in both views.
 */
static void fuzz_raw(const uint8_t *data, size_t size)
{
	uint32_t sp = le32_at(data, size, 0), pc = le32_at(data, size, 4);
	uint32_t tail = size >= 4 ? le32_at(data, size, size - 4) : sp;
	const uint32_t addrs[] = {
		pc & 0xFFFF0000u,	/* what the tool suggests */
		tail ^ (sp & 0xFFu),
	};

	for (size_t i = 0; i < ARRAY_SIZE(addrs); i++) {
		fuzz_raw_at(data, size, addrs[i], false, NULL);
		fuzz_raw_at(data, size, addrs[i], true, NULL);
	}
	for (size_t s = 0; soc_table[s]; s++) {
		const struct soc_desc *soc = soc_table[s];
		const struct soc_region *row =
			&soc->regions[data[0] % soc->n_regions];
		uint32_t off = tail % row->size;

		fuzz_raw_at(data, size, row->a_addr + off, false, soc);
		fuzz_raw_at(data, size, row->m_addr + off, true, soc);
	}
}

static void fuzz_elf(const uint8_t *data, size_t size)
{
	struct image img;

	if (image_from(&img, data, size, "fuzz/input.elf"))
		return;
	if (image_parse_elf(&img) == 0) {
		if (!check_image(&img)) {
			fprintf(report, "fuzz_plan: ELF image malformed after parsing\n");
			abort();
		}
		plan_all(&img, NULL);
	}
	image_free(&img);
}

/* SP 0x20008000, PC 0x11: a raw image at M 0 that loads on every SoC. */
static const uint8_t good_raw[64] = {
	0x00, 0x80, 0x00, 0x20,
	0x11, 0x00, 0x00, 0x00,
};

/*
 * The input as /proc/iomem: every non-empty line is an entry or counted as
 * skipped, entries are well formed, and a good image planned against the
 * map keeps out of every line it has.
 */
static void fuzz_iomem(const uint8_t *data, size_t size)
{
	size_t lines = 0, numbered = 0, at = 0;
	struct iomem_map map;
	struct image img;

	/* first_skipped numbers every line, the empty ones too. */
	while (at < size) {
		const uint8_t *nl = memchr(data + at, '\n', size - at);
		size_t n = nl ? (size_t)(nl - (data + at)) : size - at;

		lines += n > 0;
		numbered++;
		at += n + 1;
	}
	if (iomem_parse_text(&map, (const char *)data, size))
		return;		/* out of memory */
	if (map.n + map.n_skipped != lines ||
	    (map.n_skipped && (map.first_skipped == 0 ||
			       map.first_skipped > numbered))) {
		fprintf(report, "fuzz_plan: iomem: %zu entries + %zu skipped (first %zu) for %zu lines\n",
			map.n, map.n_skipped, map.first_skipped, lines);
		abort();
	}
	for (size_t i = 0; i < map.n; i++) {
		const struct iomem_entry *e = &map.entries[i];

		if (e->end < e->start || strchr(e->name, '\n') ||
		    strlen(e->name) >= sizeof(e->name)) {
			fprintf(report, "fuzz_plan: iomem entry %zu malformed\n",
				i);
			abort();
		}
	}
	if (map.n && image_from(&img, good_raw, sizeof(good_raw),
				"fuzz/good.bin") == 0) {
		if (image_parse_raw(&img, 0, true) == 0)
			for (size_t s = 0; soc_table[s]; s++)
				plan_one(soc_table[s], &img,
					 &(const struct plan_options){
						 .iomem = &map });
		image_free(&img);
	}
	iomem_free(&map);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_iomem(data, size);
	/* image_read() refuses an empty file: no parser ever sees one. */
	if (size == 0 || size > IMAGE_MAX_BYTES)
		return 0;
	if (size >= 4 && memcmp(data, "\x7f" "ELF", 4) == 0)
		fuzz_elf(data, size);
	else
		fuzz_raw(data, size);
	return 0;
}

/* ---- set-up: quiet library, and a checker that does catch things ------- */

static ssize_t discard(void *cookie, const char *buf, size_t size)
{
	(void)cookie;
	(void)buf;
	return (ssize_t)size;
}

static void swap_ops(struct plan *p, size_t a, size_t b)
{
	struct plan_op t = p->ops[a];

	p->ops[a] = p->ops[b];
	p->ops[b] = t;
}

static size_t first_op(const struct plan *p, enum plan_op_kind kind)
{
	for (size_t i = 0; i < p->n_ops; i++)
		if (p->ops[i].kind == kind)
			return i;
	abort();
}

/*
 * The checker fails @p after @change (undone by @undo), or abort().
 * @change and @undo are statements: they cannot be parenthesized.
 */
// NOLINTBEGIN(bugprone-macro-parentheses)
#define MUST_CATCH(c, what, change, undo)				\
	do {								\
		change;							\
		(c)->why[0] = '\0';					\
		if (check_plan(c)) {					\
			fprintf(report,					\
				"fuzz_plan: self-test: %s on %s not caught\n", \
				(what), (c)->soc->name);		\
			abort();					\
		}							\
		undo;							\
	} while (0)
// NOLINTEND(bugprone-macro-parentheses)

/*
 * The checker must not be vacuous: it passes a good plan for each SoC
 * (a raw image at M 0 with a vector, so the boot alias is covered) and
 * catches each kind of damage done to it.
 */
static void self_test_soc(const struct soc_desc *soc, const uint8_t *bytes,
			  size_t size)
{
	static const uint8_t elsewhere[64];
	const struct plan_options opt = { .iomem = &iomem };
	struct image img;
	struct plan p;
	struct check c = { .soc = soc, .img = &img, .opt = &opt, .p = &p };
	size_t copy, verify, barrier, release;
	struct plan_op saved;

	if (image_from(&img, bytes, size, "self-test.bin") ||
	    image_parse_raw(&img, 0, true))
		abort();
	plan_init(&p, soc);
	c.ret = plan_load(&p, &img, &opt);
	if (!check_plan(&c))
		dump_and_abort(&c);
	copy = first_op(&p, PLAN_COPY);
	verify = first_op(&p, PLAN_VERIFY);
	barrier = first_op(&p, PLAN_BARRIER);
	for (release = 0; p.ops[release].core != PLAN_CORE_RELEASES; release++)
		;

	saved = p.ops[copy];
	MUST_CATCH(&c, "a copy to a register block",
		   p.ops[copy].addr = 0x30390000, p.ops[copy] = saved);
	MUST_CATCH(&c, "a copy past its row",
		   p.ops[copy].len = 0x10000000, p.ops[copy] = saved);
	MUST_CATCH(&c, "a copy into System RAM",
		   p.ops[copy].addr = 0x80001000, p.ops[copy] = saved);
	MUST_CATCH(&c, "a copy into OCRAM that mmio-sram holds (top level)",
		   p.ops[copy].addr = 0x00900000, p.ops[copy] = saved);
	c.opt = &(const struct plan_options){ .iomem = &iomem_unreadable };
	MUST_CATCH(&c, "a copy into DDR with /proc/iomem unreadable",
		   p.ops[copy].addr = 0x80001000, p.ops[copy] = saved);
	c.opt = &opt;
	MUST_CATCH(&c, "a copy from outside the image",
		   p.ops[copy].data = elsewhere, p.ops[copy] = saved);
	if (soc->n_owned)
		MUST_CATCH(&c, "a copy into memory secure firmware owns",
			   p.ops[copy].addr = soc->owned[0].a_addr,
			   p.ops[copy] = saved);
	saved = p.ops[verify];
	MUST_CATCH(&c, "a copy never read back",
		   p.ops[verify].kind = PLAN_BARRIER, p.ops[verify] = saved);
	MUST_CATCH(&c, "a release without a barrier after the image",
		   swap_ops(&p, barrier, release),
		   swap_ops(&p, barrier, release));
	saved = p.ops[release];
	MUST_CATCH(&c, "a release value that is in no recipe",
		   p.ops[release].value ^= 2, p.ops[release] = saved);
	saved = p.ops[copy - 1];
	MUST_CATCH(&c, "a release before the image",
		   p.ops[copy - 1] = p.ops[release],
		   p.ops[copy - 1] = saved);
	c.opt = &(const struct plan_options){ .no_start = true };
	MUST_CATCH(&c, "a release despite no_start", (void)0, (void)0);
	plan_free(&p);
	image_free(&img);
}

static void self_test(void)
{
	uint8_t bytes[64] = {
		0x00, 0x80, 0x00, 0x20,		/* SP 0x20008000 */
		0x11, 0x00, 0x00, 0x00,		/* PC 0x00000011 */
	};

	for (size_t s = 0; soc_table[s]; s++)
		self_test_soc(soc_table[s], bytes, sizeof(bytes));
}

/* libFuzzer's signature: the arguments may be changed, not used here. */
int LLVMFuzzerInitialize(int *argc, char ***argv) // NOLINT(readability-non-const-parameter)
{
	static const cookie_io_functions_t sink = { .write = discard };
	const char *verbose = getenv("FUZZ_PLAN_VERBOSE");

	(void)argc;
	(void)argv;
	/*
	 * The library says why it rejects each input on stderr: thousands of
	 * lines a second. libFuzzer and the sanitizers keep the real stderr
	 * (libFuzzer took its FILE before this runs; ASan writes to fd 2).
	 */
	report = stderr;
	if (!verbose || !*verbose || strcmp(verbose, "0") == 0) {
		FILE *null = fopencookie(NULL, "w", sink);

		if (null)
			stderr = null;
	}
	log_set_level(LOG_QUIET);
	self_test();
	return 0;
}
