// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dump REGION FILE | dump ADDR LEN FILE: copy M-core memory out, for a
 * post-mortem look at a firmware that crashed. Reads are aligned 32-bit
 * device accesses, like the writes of a load.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "commands.h"
#include "m4fw/log.h"

#define DUMP_CHUNK_BYTES (1u << 20)

/* The first writable row called @name (case does not matter). */
static const struct soc_region *region_by_name(const struct soc_desc *soc,
					       const char *name)
{
	for (size_t i = 0; i < soc->n_regions; i++)
		if (soc->regions[i].kind != REGION_XIP &&
		    strcasecmp(soc->regions[i].name, name) == 0)
			return &soc->regions[i];
	return NULL;
}

static void region_names(const struct soc_desc *soc, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < soc->n_regions; i++) {
		const char *nm = soc->regions[i].name;

		if (soc->regions[i].kind == REGION_XIP ||
		    region_by_name(soc, nm) != &soc->regions[i])
			continue;
		if (buf[0])
			strncat(buf, ", ", size - strlen(buf) - 1);
		strncat(buf, nm, size - strlen(buf) - 1);
	}
}

/* ADDR LEN on the map: A view, or M view with --m-view. */
static int place_range(const struct cli_opts *o, const struct soc_desc *soc,
		       uint32_t addr, uint32_t len, uint32_t *a_addr,
		       const struct soc_region **row)
{
	enum soc_fit fit;

	if (o->m_view) {
		fit = soc_fit_m(soc, addr, len, row, a_addr);
	} else {
		fit = soc_fit_a(soc, addr, len, row);
		*a_addr = addr;
	}
	if (fit == SOC_FIT_OK)
		return EXIT_OK;
	log_error("%s 0x%08x + 0x%x is %s of the %s memory map",
		  o->m_view ? "M" : "A", addr, len,
		  fit == SOC_FIT_STRADDLE ? "not inside one memory" :
		  fit == SOC_FIT_XIP ? "flash, not RAM," : "outside",
		  soc->model);
	return EXIT_IMAGE;
}

static int copy_out(struct mem *m, uint32_t a_addr, uint32_t len, FILE *out,
		    const char *file)
{
	uint8_t *buf = malloc(len < DUMP_CHUNK_BYTES ? len : DUMP_CHUNK_BYTES);
	uint32_t done = 0;
	int ret = 0;

	if (!buf) {
		log_error("out of memory");
		return EXIT_HW;
	}
	while (done < len && !ret) {
		uint32_t n = len - done;

		if (n > DUMP_CHUNK_BYTES)
			n = DUMP_CHUNK_BYTES;
		ret = mem_read_block(m, (uint64_t)a_addr + done, buf, n);
		if (ret) {
			log_error("cannot read 0x%08x from %s: %s",
				  a_addr + done, m->path, strerror(-ret));
			break;
		}
		if (fwrite(buf, 1, n, out) != n) {
			log_error("cannot write %s: %s", file, strerror(errno));
			ret = -EIO;
		}
		done += n;
	}
	free(buf);
	return ret ? EXIT_HW : EXIT_OK;
}

int cmd_dump(const struct cli_opts *o, int argc, char **argv)
{
	const struct soc_region *row;
	uint32_t addr, len, a_addr;
	const char *file;
	struct cli_soc cs;
	struct mem m;
	FILE *out;
	char names[160];
	int code, ret;

	if (argc != 3 && argc != 4)
		return cli_usage_error("dump: expected REGION FILE or ADDR LEN FILE");
	code = cli_resolve_soc(o, &cs, false);
	if (code)
		return code;
	file = argv[argc - 1];
	if (argc == 3) {
		row = region_by_name(cs.soc, argv[1]);
		if (!row) {
			region_names(cs.soc, names, sizeof(names));
			return cli_usage_error("dump: no memory called '%s' on the %s; known: %s",
					       argv[1], cs.soc->model, names);
		}
		a_addr = row->a_addr;
		len = row->size;
	} else {
		if (!cli_parse_hex(argv[1], &addr))
			return cli_usage_error("dump: invalid address '%s': expected hexadecimal",
					       argv[1]);
		if (!cli_parse_uint(argv[2], UINT32_MAX, &len) || !len)
			return cli_usage_error("dump: invalid length '%s': expected a positive number (0x for hexadecimal)",
					       argv[2]);
		code = place_range(o, cs.soc, addr, len, &a_addr, &row);
		if (code)
			return code;
	}

	if (o->dry_run) {
		printf("read    0x%08x 0x%-8x  %s  -> %s\n", a_addr, len,
		       row->name, file);
		return EXIT_OK;
	}
	code = cli_open_mem(o, &m);
	if (code)
		return code;
	ret = mem_map(&m, a_addr, len);
	if (ret) {
		log_error("cannot map 0x%08x (%s) from %s: %s%s", a_addr,
			  row->name, m.path, strerror(-ret),
			  mem_errno_hint(-ret, m.is_device));
		mem_close(&m);
		return EXIT_MEM;
	}
	out = strcmp(file, "-") == 0 ? stdout : fopen(file, "wbe");
	if (!out) {
		log_error("cannot create %s: %s", file, strerror(errno));
		mem_close(&m);
		return EXIT_USAGE;
	}
	code = copy_out(&m, a_addr, len, out, file);
	if (out != stdout && fclose(out) != 0 && code == EXIT_OK) {
		log_error("cannot write %s: %s", file, strerror(errno));
		code = EXIT_HW;
	}
	mem_close(&m);
	if (code == EXIT_OK && out != stdout && log_level_enabled(LOG_NORMAL))
		printf("%s: %u bytes of %s from A 0x%08x\n", file, len,
		       row->name, a_addr);
	return code;
}
