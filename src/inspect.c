// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The remoteproc verdict of inspect.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "m4fw/inspect.h"

static void add_reason(struct rproc_verdict *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add_reason(struct rproc_verdict *v, const char *fmt, ...)
{
	va_list ap;

	v->accepts = false;
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
static bool kernel_fits(const struct soc_desc *soc, uint32_t da, uint32_t len)
{
	for (size_t i = 0; i < soc->n_regions; i++) {
		const struct soc_region *r = &soc->regions[i];

		if (r->not_in_kernel)
			continue;
		if (da >= r->m_addr &&
		    (uint64_t)da + len < (uint64_t)r->m_addr + r->size)
			return true;
	}
	return false;
}

void inspect_rproc_verdict(const struct image *img, const struct plan *p,
			   struct rproc_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->accepts = true;
	if (img->format != IMAGE_ELF) {
		add_reason(v, "remoteproc loads ELF files only");
		return;
	}
	for (size_t i = 0; i < img->n_loads; i++) {
		const struct image_load_range *l = &img->loads[i];

		if (!kernel_fits(p->soc, l->paddr, l->memsz))
			add_reason(v, "segment %u: p_paddr 0x%08x + p_memsz 0x%x is not inside one memory of the kernel's table (\"bad phdr da\")",
				   l->index, l->paddr, l->memsz);
	}
	if (p->vector_known && p->writes_vector)
		add_reason(v, "the vector table is not at M address 0 and the kernel writes no SP/PC there (link the vectors at 0x0, or load with m4fwloader)");
	if (img->has_rsc_table && !img->rsc_table_valid)
		add_reason(v, "the .resource_table section is refused: %s",
			   img->rsc_table_why);
	v->old_kernels_refuse = !img->has_rsc_table;
}
