// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * status through devmem: what the M core is doing, from its registers;
 * exit 0 when it runs, 3 otherwise.
 */
#include <stdio.h>
#include <string.h>

#include "backend_devmem.h"
#include "m4fw/core_state.h"
#include "m4fw/log.h"
#include "m4fw/remoteproc.h"
#include "rpmsg_cli.h"

static const char *clock_name(enum core_clock c)
{
	return c == CLOCK_ON ? "on" : c == CLOCK_GATED ? "gated" : "unknown";
}

/* The memory an address points into; a stack top may be one past its row. */
static const char *region_name(const struct soc_desc *soc, uint32_t addr,
			       bool is_stack_top)
{
	const struct soc_region *row;

	if (is_stack_top && addr)
		addr -= 1;
	row = soc_region_of_m(soc, addr & ~1u);
	return row ? row->name : "outside the memory map";
}

static void print_text(const struct cli_soc *cs, const struct core_status *st,
		       const struct rproc_info *rp)
{
	const struct soc_desc *soc = cs->soc;

	printf("soc:         %s (%s)\n", soc->model, cs->how);
	printf("core:        %s\n", soc->core);
	printf("state:       %s\n", core_state_name(st->state));
	for (size_t i = 0; i < st->n_regs; i++) {
		const struct core_reg *r = &st->regs[i];

		printf("%-12s 0x%08x at 0x%08x\n", r->name, r->value,
		       r->addr);
		if (!log_level_enabled(LOG_VERBOSE))
			continue;
		for (size_t b = 0; b < soc->n_bits; b++)
			if (soc->bits[b].reg == r->addr)
				printf("  bit %2u %-20s %u\n", soc->bits[b].bit,
				       soc->bits[b].name,
				       (r->value >> soc->bits[b].bit) & 1);
	}
	printf("clock:       %s\n", clock_name(st->clock));
	printf("boot SP:     0x%08x (%s)\n", st->sp,
	       region_name(soc, st->sp, true));
	printf("boot PC:     0x%08x (%s)\n", st->pc,
	       region_name(soc, st->pc, false));
	if (rp)
		printf("remoteproc:  %s (imx-rproc) %s\n", rp->node, rp->state);
	else
		printf("remoteproc:  none\n");
}

static void json_key(const char *key, const char *value, bool last)
{
	cli_json_string(stdout, key);
	fputc(':', stdout);
	cli_json_string(stdout, value);
	if (!last)
		fputc(',', stdout);
}

static void json_hex(const char *key, uint32_t value)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "0x%08x", value);
	json_key(key, buf, false);
}

static void print_json(const struct cli_opts *o, const struct cli_soc *cs,
		       const struct core_status *st,
		       const struct rproc_info *rp)
{
	const struct soc_desc *soc = cs->soc;

	fputc('{', stdout);
	json_key("soc", soc->name, false);
	json_key("model", soc->model, false);
	json_key("detected_by", cs->how, false);
	json_key("core", soc->core, false);
	json_key("state", core_state_name(st->state), false);
	printf("\"running\":%s,\"registers\":[",
	       st->state == CORE_RUNNING ? "true" : "false");
	for (size_t i = 0; i < st->n_regs; i++) {
		const struct core_reg *r = &st->regs[i];
		bool first = true;

		printf("%s{", i ? "," : "");
		json_key("name", r->name, false);
		json_hex("address", r->addr);
		json_hex("value", r->value);
		printf("\"bits\":{");
		for (size_t b = 0; b < soc->n_bits; b++) {
			if (soc->bits[b].reg != r->addr)
				continue;
			printf("%s\"%s\":%u", first ? "" : ",",
			       soc->bits[b].name,
			       (r->value >> soc->bits[b].bit) & 1);
			first = false;
		}
		printf("}}");
	}
	printf("],");
	json_key("clock", clock_name(st->clock), false);
	json_hex("boot_sp", st->sp);
	json_key("boot_sp_region", region_name(soc, st->sp, true), false);
	json_hex("boot_pc", st->pc);
	json_key("boot_pc_region", region_name(soc, st->pc, false), false);
	printf("\"remoteproc\":");
	if (rp) {
		fputc('{', stdout);
		json_key("node", rp->node, false);
		json_key("state", rp->state, false);
		json_key("firmware", rp->firmware, true);
		fputc('}', stdout);
	} else {
		printf("null");
	}
	rpmsg_cli_status(o, true);
	printf("}\n");
}

int devmem_status(struct backend *be)
{
	const struct cli_opts *o = be->o;
	const struct cli_soc *cs = &be->cs;
	struct rproc_info rp;
	bool have_rp = false;
	struct core_status st;
	struct mem m;
	int code;

	if (cli_reads_system(o))
		have_rp = rproc_find_imx(o->root, &rp) == 1;
	code = cli_open_mem(o, &m);
	if (code)
		return code;
	if (core_status_read(&m, cs->soc, &st)) {
		mem_close(&m);
		return EXIT_MEM;
	}
	mem_close(&m);
	/* -q: only the exit code answers, for scripts. */
	if (o->json)
		print_json(o, cs, &st, have_rp ? &rp : NULL);
	else if (log_level_enabled(LOG_NORMAL)) {
		print_text(cs, &st, have_rp ? &rp : NULL);
		rpmsg_cli_status(o, false);
	}
	return st.state == CORE_RUNNING ? EXIT_OK : EXIT_HELD;
}
