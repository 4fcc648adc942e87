// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Lookups over the SoC tables: by name, and placing an address range on a
 * memory map. The tables themselves are in soc_imx*.c.
 */
#include <string.h>

#include "m4fw/soc.h"
#include "soc_tables.h"

const struct soc_desc *const soc_table[] = {
	&soc_imx6sx,
	&soc_imx7d,
	&soc_imx8mq,
	&soc_imx8mm,
	&soc_imx8mn,
	&soc_imx8mp,
	NULL,
};

const struct soc_desc *soc_find(const char *name)
{
	for (size_t i = 0; soc_table[i]; i++)
		if (strcmp(soc_table[i]->name, name) == 0)
			return soc_table[i];
	return NULL;
}

const char *soc_names(void)
{
	static char names[128];

	if (names[0])
		return names;
	for (size_t i = 0; soc_table[i]; i++) {
		if (i)
			strncat(names, ", ", sizeof(names) - strlen(names) - 1);
		strncat(names, soc_table[i]->name,
			sizeof(names) - strlen(names) - 1);
	}
	return names;
}

static bool row_has_m(const struct soc_region *r, uint32_t m_addr)
{
	return m_addr >= r->m_addr && m_addr - r->m_addr < r->size;
}

static bool row_has_a(const struct soc_region *r, uint32_t a_addr)
{
	return r->kind != REGION_XIP && a_addr >= r->a_addr &&
	       a_addr - r->a_addr < r->size;
}

const struct soc_region *soc_region_of_m(const struct soc_desc *soc,
					 uint32_t m_addr)
{
	for (size_t i = 0; i < soc->n_regions; i++)
		if (row_has_m(&soc->regions[i], m_addr))
			return &soc->regions[i];
	return NULL;
}

const struct soc_region *soc_region_of_a(const struct soc_desc *soc,
					 uint32_t a_addr)
{
	for (size_t i = 0; i < soc->n_regions; i++)
		if (row_has_a(&soc->regions[i], a_addr))
			return &soc->regions[i];
	return NULL;
}

/* The range [start, start + len) within a row that begins at row_start. */
static enum soc_fit fit_in_row(const struct soc_region *row, uint32_t start,
			       uint32_t row_start, uint64_t len)
{
	if (row->kind == REGION_XIP)
		return SOC_FIT_XIP;
	if (len > row->size || start - row_start > row->size - len)
		return SOC_FIT_STRADDLE;
	return SOC_FIT_OK;
}

/* [start, start + len) passes 4 GiB; written so that the sum cannot wrap. */
static bool wraps_4g(uint32_t start, uint64_t len)
{
	return len > UINT64_C(0x100000000) - start;
}

enum soc_fit soc_fit_m(const struct soc_desc *soc, uint32_t m_addr,
		       uint64_t len, const struct soc_region **row,
		       uint32_t *a_addr)
{
	const struct soc_region *r;
	enum soc_fit fit;

	*row = NULL;
	if (wraps_4g(m_addr, len))
		return SOC_FIT_WRAP;
	r = soc_region_of_m(soc, m_addr);
	if (!r)
		return SOC_FIT_OUTSIDE;
	*row = r;
	fit = fit_in_row(r, m_addr, r->m_addr, len);
	if (fit == SOC_FIT_OK && a_addr)
		*a_addr = r->a_addr + (m_addr - r->m_addr);
	return fit;
}

/*
 * In the A view several rows are aliases of one memory, and a row may be a
 * smaller window onto memory that a later row covers whole (the 128 KiB
 * boot alias of the merged 256 KiB TCM on 8MQ/8MM): the first row that
 * holds the whole range wins, else the first that holds its start.
 */
enum soc_fit soc_fit_a(const struct soc_desc *soc, uint32_t a_addr,
		       uint64_t len, const struct soc_region **row)
{
	*row = NULL;
	if (wraps_4g(a_addr, len))
		return SOC_FIT_WRAP;
	for (size_t i = 0; i < soc->n_regions; i++) {
		const struct soc_region *r = &soc->regions[i];

		if (row_has_a(r, a_addr) &&
		    fit_in_row(r, a_addr, r->a_addr, len) == SOC_FIT_OK) {
			*row = r;
			return SOC_FIT_OK;
		}
	}
	*row = soc_region_of_a(soc, a_addr);
	if (!*row)
		return SOC_FIT_OUTSIDE;
	return fit_in_row(*row, a_addr, (*row)->a_addr, len);
}

const struct soc_owned_range *soc_owned_overlap(const struct soc_desc *soc,
						uint32_t a_addr, uint64_t len)
{
	if (len == 0)
		return NULL;
	for (size_t i = 0; i < soc->n_owned; i++) {
		const struct soc_owned_range *o = &soc->owned[i];

		/* Overlap, without computing an end that could wrap. */
		if (a_addr < (uint64_t)o->a_addr + o->size &&
		    (a_addr >= o->a_addr || len > o->a_addr - a_addr))
			return o;
	}
	return NULL;
}

bool soc_sp_is_valid(const struct soc_desc *soc, uint32_t sp)
{
	if (sp & 3)
		return false;
	/* A full-descending stack may start just past the end of its memory. */
	for (size_t i = 0; i < soc->n_regions; i++) {
		const struct soc_region *r = &soc->regions[i];

		if (r->kind != REGION_XIP && sp > r->m_addr &&
		    (uint64_t)sp <= (uint64_t)r->m_addr + r->size)
			return true;
	}
	return false;
}

const char *soc_region_kind_name(enum region_kind kind)
{
	switch (kind) {
	case REGION_TCM:
		return "TCM";
	case REGION_OCRAM:
		return "OCRAM";
	case REGION_DDR:
		return "DDR";
	case REGION_XIP:
		return "XIP";
	}
	return "?";
}
