// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RPMsg in the commands (see rpmsg_cli.h). Reading the RPMsg side never
 * changes what a command does: a scan that fails reads as "nothing found".
 */
#include <stdio.h>
#include <string.h>

#include "m4fw/log.h"
#include "m4fw/rpmsg.h"
#include "m4fw/rpmsg_confirm.h"
#include "m4fw/rsc_table.h"
#include "rpmsg_cli.h"

/* vring0 of the image's first RPMsg vdev, or RSC_ADDR_ANY. */
static uint32_t image_vring0(const struct image *img, bool *has_vdev)
{
	uint32_t da = RSC_ADDR_ANY;
	struct rsc_table t;
	char why[160];

	*has_vdev = false;
	if (!img || !img->rsc_table || !img->rsc_table_valid)
		return da;
	if (rsc_table_parse(img->rsc_table, img->rsc_table_size, &t, why,
			    sizeof(why)))
		goto out;
	for (uint32_t i = 0; i < t.n_parsed; i++) {
		const struct rsc_entry *e = &t.entries[i];

		if (e->type != RSC_VDEV || e->id != RSC_VIRTIO_ID_RPMSG)
			continue;
		*has_vdev = true;
		if (e->num_of_vrings)
			da = e->vring[0].da;
		break;
	}
out:
	rsc_table_free(&t);
	return da;
}

bool rpmsg_cli_image_has_vdev(const struct image *img)
{
	bool has;

	image_vring0(img, &has);
	return has;
}

void rpmsg_cli_devmem_advice(const struct cli_opts *o, enum rpmsg_op op,
			     const struct image *img)
{
	char lines[RPMSG_ADVICE_LINES][RPMSG_ADVICE_BYTES];
	struct rpmsg_state st;
	bool has_vdev;
	size_t n;

	if (!cli_reads_system(o) || rpmsg_scan(o->root, &st))
		return;
	n = rpmsg_devmem_advice(&st, op, image_vring0(img, &has_vdev), lines,
				RPMSG_ADVICE_LINES);
	for (size_t i = 0; i < n; i++)
		log_warn("%s", lines[i]);
}

void rpmsg_cli_inspect(const struct cli_opts *o, const struct image *img,
		       bool json)
{
	char lines[RPMSG_ADVICE_LINES][RPMSG_ADVICE_BYTES];
	struct rpmsg_state st;
	bool has_vdev;
	size_t n;

	/* inspect needs no board: the RPMsg side only under --root */
	if (!o->root_given || rpmsg_scan(o->root, &st))
		return;
	n = rpmsg_devmem_advice(&st, RPMSG_OP_INSPECT,
				image_vring0(img, &has_vdev), lines,
				RPMSG_ADVICE_LINES);
	if (json) {
		fputs(",\"rpmsg\":", stdout);
		rpmsg_report_json(stdout, &st);
		return;
	}
	for (size_t i = 0; i < n; i++)
		printf("rpmsg:       %s\n", lines[i] + strlen("RPMsg: "));
}

void rpmsg_cli_status(const struct cli_opts *o, bool json)
{
	struct rpmsg_state st;

	if (!cli_reads_system(o) || rpmsg_scan(o->root, &st)) {
		if (json)
			fputs(",\"rpmsg\":null", stdout);
		return;
	}
	if (json) {
		fputs(",\"rpmsg\":", stdout);
		rpmsg_report_json(stdout, &st);
	} else {
		rpmsg_report_text(stdout, &st);
	}
}

size_t rpmsg_cli_count(const struct cli_opts *o, const char *node)
{
	return o->dry_run ? 0 : rpmsg_count(o->root, node);
}

bool rpmsg_cli_after_stop(const struct cli_opts *o, const char *node,
			  size_t before)
{
	if (o->dry_run)
		return false;
	return rpmsg_confirm_stop(o->root, node, before, o->rpmsg_timeout_ms);
}

void rpmsg_cli_after_start(const struct cli_opts *o, const char *node,
			   bool expect_vdev, bool recreated)
{
	if (o->dry_run)
		return;
	rpmsg_confirm_start(o->root, node, o->rpmsg_timeout_ms, expect_vdev,
			    recreated,
			    log_level_enabled(LOG_NORMAL) ? stdout : NULL);
}
