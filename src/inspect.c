// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The remoteproc verdict of inspect: what drivers/remoteproc/imx_rproc.c
 * (Linux 6.1) does with an ELF file, in two steps, as
 * imx_rproc_da_to_va() does them: the M address (p_paddr) through the
 * driver's address table to a system address, then that range inside one
 * of the memories the driver mapped at probe, which are its ATT_OWN rows
 * (the TCMs, OCRAM_S, on the i.MX8M some OCRAM) and the device tree's
 * memory-region carve-outs. Anything else is "bad phdr da".
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "m4fw/detect.h"
#include "m4fw/inspect.h"
#include "m4fw/log.h"

/* A system range imx_rproc maps by itself (an ATT_OWN row). */
struct own_range {
	uint32_t sys;
	uint32_t size;
};

struct rproc_facts {
	const char *soc;		/* soc_desc name */
	const char *compatible;		/* imx_rproc_of_match[] */
	struct own_range own[8];
};

/* imx_rproc_att_imx6sx/_imx7d/_imx8mq/_imx8mn and imx_rproc_of_match. */
static const struct rproc_facts facts[] = {
	{ "imx6sx", "fsl,imx6sx-cm4",
	  { { 0x007F8000, 0x8000 }, { 0x00800000, 0x8000 } } },
	{ "imx7d", "fsl,imx7d-cm4",
	  { { 0x00180000, 0x8000 }, { 0x007F8000, 0x8000 },
	    { 0x00800000, 0x8000 } } },
	{ "imx8mq", "fsl,imx8mq-cm4",
	  { { 0x007E0000, 0x20000 }, { 0x00800000, 0x20000 },
	    { 0x00180000, 0x8000 }, { 0x00900000, 0x20000 },
	    { 0x00920000, 0x20000 } } },
	{ "imx8mm", "fsl,imx8mm-cm4",
	  { { 0x007E0000, 0x20000 }, { 0x00800000, 0x20000 },
	    { 0x00180000, 0x8000 }, { 0x00900000, 0x20000 },
	    { 0x00920000, 0x20000 } } },
	{ "imx8mn", "fsl,imx8mn-cm7",
	  { { 0x007E0000, 0x20000 }, { 0x00800000, 0x20000 },
	    { 0x00180000, 0x8000 }, { 0x00900000, 0x20000 },
	    { 0x00920000, 0x20000 }, { 0x00940000, 0x40000 } } },
	{ "imx8mp", "fsl,imx8mp-cm7",
	  { { 0x007E0000, 0x20000 }, { 0x00800000, 0x20000 },
	    { 0x00180000, 0x8000 }, { 0x00900000, 0x20000 },
	    { 0x00920000, 0x20000 }, { 0x00940000, 0x40000 } } },
};

static const struct rproc_facts *facts_of(const struct soc_desc *soc)
{
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++)
		if (strcmp(facts[i].soc, soc->name) == 0)
			return &facts[i];
	return NULL;
}

const char *inspect_rproc_compatible(const struct soc_desc *soc)
{
	const struct rproc_facts *f = facts_of(soc);

	return f ? f->compatible : NULL;
}

static void add_reason(struct rproc_verdict *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add_reason(struct rproc_verdict *v, const char *fmt, ...)
{
	va_list ap;

	v->loads = RPROC_REFUSES;
	if (v->n_reasons == RPROC_MAX_REASONS)
		return;
	va_start(ap, fmt);
	vsnprintf(v->reasons[v->n_reasons++], sizeof(v->reasons[0]), fmt, ap);
	va_end(ap);
}

/*
 * imx_rproc_da_to_sys(): the first row with da >= row.da and
 * da + len < row.da + row.size. Strict: a segment that ends exactly at the
 * end of its memory is refused.
 */
static bool kernel_to_sys(const struct soc_desc *soc, uint32_t da,
			  uint32_t len, uint64_t *sys)
{
	for (size_t i = 0; i < soc->n_regions; i++) {
		const struct soc_region *r = &soc->regions[i];

		if (r->not_in_kernel)
			continue;
		if (da >= r->m_addr &&
		    (uint64_t)da + len < (uint64_t)r->m_addr + r->size) {
			*sys = (uint64_t)r->a_addr + (da - r->m_addr);
			return true;
		}
	}
	return false;
}

/* imx_rproc_da_to_va()'s second loop: sys + len < base + size, strict. */
static bool inside(uint64_t sys, uint32_t len, uint64_t base, uint64_t size)
{
	return sys >= base && sys + len < base + size;
}

static bool driver_owns(const struct rproc_facts *f, uint64_t sys,
			uint32_t len)
{
	for (size_t i = 0; f && i < sizeof(f->own) / sizeof(f->own[0]); i++)
		if (f->own[i].size && inside(sys, len, f->own[i].sys,
					     f->own[i].size))
			return true;
	return false;
}

static bool carved_out(const struct dt_rproc *dt, uint64_t sys, uint32_t len)
{
	for (size_t i = 0; i < dt->n; i++)
		if (inside(sys, len, dt->mem[i].base, dt->mem[i].size))
			return true;
	return false;
}

static void judge_segment(const struct image_load_range *l,
			  const struct plan *p, const struct rproc_facts *f,
			  const struct dt_rproc *dt, struct rproc_verdict *v)
{
	uint64_t sys;

	if (!l->memsz)
		return;
	if (!kernel_to_sys(p->soc, l->paddr, l->memsz, &sys)) {
		add_reason(v, "segment %u: p_paddr 0x%08x + p_memsz 0x%x is not inside one memory of the kernel's table (\"bad phdr da\")",
			   l->index, l->paddr, l->memsz);
		return;
	}
	if (driver_owns(f, sys, l->memsz))
		return;
	if (!v->dt_known) {
		if (v->n_needs < RPROC_MAX_REASONS) {
			struct rproc_need *n = &v->needs[v->n_needs++];

			n->segment = l->index;
			n->a_addr = (uint32_t)sys;
			n->size = l->memsz;
		}
		if (v->loads == RPROC_LOADS)
			v->loads = RPROC_LOADS_IF_DT;
		return;
	}
	if (!carved_out(dt, sys, l->memsz))
		add_reason(v, "segment %u: A 0x%08llx-0x%08llx is in no memory-region of %s nor in the driver's own memories (\"bad phdr da\")",
			   l->index, (unsigned long long)sys,
			   (unsigned long long)sys + l->memsz - 1, v->dt_node);
}

void inspect_rproc_verdict(const struct image *img, const struct plan *p,
			   const struct dt_rproc *dt, struct rproc_verdict *v)
{
	const struct rproc_facts *f = facts_of(p->soc);

	memset(v, 0, sizeof(*v));
	v->loads = RPROC_LOADS;
	v->boots = true;
	v->dt_known = dt && dt->have_tree;
	v->dt_node = v->dt_known && dt->have_node ? dt->node : NULL;
	if (img->format != IMAGE_ELF) {
		add_reason(v, "remoteproc loads ELF files only");
	} else if (v->dt_known && !dt->have_node) {
		add_reason(v, "the device tree has no %s node: imx_rproc does not bind",
			   f ? f->compatible : "remoteproc");
	} else {
		for (size_t i = 0; i < img->n_loads; i++)
			judge_segment(&img->loads[i], p, f, dt, v);
	}
	if (img->has_rsc_table && !img->rsc_table_valid)
		add_reason(v, "the .resource_table section is refused: %s",
			   img->rsc_table_why);
	/* Booting is a question only for what the kernel can load at all. */
	if (img->format == IMAGE_ELF && p->vector_known && p->writes_vector) {
		v->boots = false;
		snprintf(v->boot_reason, sizeof(v->boot_reason),
			 "the vector table is not at M address 0 and the kernel writes no SP/PC there (link the vectors at 0x0, or load with m4fwloader)");
	}
	v->accepts = v->loads != RPROC_REFUSES && v->boots;
	v->old_kernels_refuse = !img->has_rsc_table;
}

void inspect_live_dt(const char *root, const struct soc_desc *soc,
		     struct dt_rproc *dt)
{
	const char *compatible = inspect_rproc_compatible(soc);
	struct detect_info info;
	int ret;

	memset(dt, 0, sizeof(*dt));
	if (!compatible || detect_soc(root, &info) != DETECT_FOUND ||
	    info.soc != soc)
		return;
	ret = dt_read_rproc(root, compatible, dt);
	if (ret) {
		log_warn("cannot read the remoteproc node's memory-region in %s/proc/device-tree: %s; judging without the device tree",
			 strcmp(root, "/") ? root : "", strerror(-ret));
		memset(dt, 0, sizeof(*dt));
	}
}
