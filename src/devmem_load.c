// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * load through devmem: validate everything (the image, ADDR, the memory
 * map, the safety rules), then stop, copy, verify, start.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "backend_devmem.h"
#include "m4fw/exec.h"
#include "m4fw/image.h"
#include "m4fw/log.h"
#include "rpmsg_cli.h"

/*
 * Where a raw binary probably belongs: its reset PC points into its own
 * code, whose image usually starts at the 64 KiB boundary below the PC
 * (imx-m4fwloader's guess) or at the start of the memory, whichever is
 * higher.
 */
static void suggest_raw_addr(const struct image *img,
			     const struct soc_desc *soc, char *buf,
			     size_t size)
{
	const struct soc_region *row;
	uint32_t sp, pc, m, a;

	buf[0] = '\0';
	if (!image_peek_vector(img, &sp, &pc))
		return;
	row = soc_region_of_m(soc, pc & ~1u);
	if (!row || row->kind == REGION_XIP) {
		snprintf(buf, size,
			 "; its reset vector (PC 0x%08x) points outside the %s memory map",
			 pc, soc->model);
		return;
	}
	m = pc & 0xFFFF0000u;
	if (m < row->m_addr)
		m = row->m_addr;
	a = row->a_addr + (m - row->m_addr);
	snprintf(buf, size,
		 "; its reset vector (PC 0x%08x) suggests %s at M 0x%08x, so: %s %s 0x%x",
		 pc, row->name, m, M4FW_PROG, img->path, a);
}

static int parse_image(const struct cli_opts *o, const struct soc_desc *soc,
		       struct image *img, const char *addr_arg)
{
	uint32_t addr;
	char hint[192];

	if (image_is_elf(img)) {
		if (addr_arg)
			return cli_usage_error("%s is an ELF image: each segment goes to its own load address, so ADDR '%s' is not used",
					       img->path, addr_arg);
		return image_parse_elf(img) ? EXIT_IMAGE : EXIT_OK;
	}
	if (!addr_arg) {
		suggest_raw_addr(img, soc, hint, sizeof(hint));
		return cli_usage_error("%s is a raw binary: give the address to load it at%s",
				       img->path, hint);
	}
	if (!cli_parse_hex(addr_arg, &addr))
		return cli_usage_error("invalid address '%s': expected a hexadecimal 32-bit address such as 0x910000",
				       addr_arg);
	return image_parse_raw(img, addr, o->m_view) ? EXIT_IMAGE : EXIT_OK;
}

static void print_summary(const struct plan *p, const struct image *img,
			  bool no_start)
{
	const struct soc_desc *soc = p->soc;

	if (!log_level_enabled(LOG_NORMAL))
		return;
	printf("%s: %llu bytes copied, %llu zeroed, boot SP 0x%08x PC 0x%08x; %s %s\n",
	       img->path, (unsigned long long)p->bytes_copied,
	       (unsigned long long)p->bytes_zeroed, p->sp, p->pc,
	       soc->core_short,
	       no_start ? "held in reset (--no-start)" : "running");
}

int devmem_load(struct backend *be, struct image *img, const char *file,
		const char *addr)
{
	const struct cli_opts *o = be->o;
	const struct soc_desc *soc = be->cs.soc;
	struct plan_options popt = {
		.no_start = o->no_start,
		.force = o->force,
	};
	struct iomem_map iomem;
	struct plan plan;
	int code;

	code = parse_image(o, soc, img, addr);
	if (code)
		return code;

	popt.iomem = cli_load_iomem(o, &iomem);
	plan_init(&plan, soc);
	if (plan_load(&plan, img, &popt) == -ENOMEM) {
		log_error("out of memory");
		code = EXIT_IMAGE;
		goto out_plan;
	}
	/* Image and memory-map problems, then the safety rules. */
	code = cli_report_problems(&plan);
	if (!code)
		code = cli_check_remoteproc(o, soc, file);
	if (code)
		goto out_plan;
	if (!o->no_start)
		cli_warn_rproc_offline(o, soc);
	log_access("timing: read+parse+plan %llu us",
		   (unsigned long long)(exec_now_ns() - be->t_start) / 1000);
	log_info("%s: %zu segments, %llu bytes to copy, %llu to zero on %s %s",
		 file, img->n_segs, (unsigned long long)plan.bytes_copied,
		 (unsigned long long)plan.bytes_zeroed, soc->model, soc->core);
	rpmsg_cli_devmem_advice(o, RPMSG_OP_LOAD, img);
	code = cli_execute(o, &plan);
	if (code == EXIT_OK && !o->dry_run && !o->in_watch)
		print_summary(&plan, img, o->no_start);
out_plan:
	plan_free(&plan);
	iomem_free(&iomem);
	return code;
}
