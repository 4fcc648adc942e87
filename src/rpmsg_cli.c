// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RPMsg in the commands (see rpmsg_cli.h). Reading the RPMsg side never
 * changes what a command does: a scan that fails reads as "nothing found".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "m4fw/log.h"
#include "m4fw/rpmsg.h"
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
	struct rpmsg_state st;

	if (o->dry_run || rpmsg_scan(o->root, &st))
		return 0;
	return rpmsg_n_of_rproc(&st, node, NULL);
}

bool rpmsg_cli_after_stop(const struct cli_opts *o, const char *node,
			  size_t before)
{
	struct rpmsg_state st;

	if (!before || o->dry_run)
		return false;
	if (rpmsg_wait(o->root, node, false, false, o->rpmsg_timeout_ms,
		       &st) == 0)
		return true;
	log_warn("%s: its RPMsg virtio device is still there %u ms after the stop",
		 node, o->rpmsg_timeout_ms);
	return false;
}

void rpmsg_cli_after_start(const struct cli_opts *o, const char *node,
			   bool expect_vdev, bool recreated)
{
	struct rpmsg_state st;
	size_t n, n_chan;
	int ret;

	if (o->dry_run || rpmsg_scan(o->root, &st))
		return;
	/*
	 * The kernel creates the virtio device while it starts the core,
	 * before the write of "start" returns: with none there and none
	 * expected, there is nothing to wait for.
	 */
	if (!rpmsg_n_of_rproc(&st, node, NULL) && !expect_vdev)
		return;
	ret = rpmsg_wait(o->root, node, true, true, o->rpmsg_timeout_ms, &st);
	if (ret == -ENOMEM)
		return;
	n = rpmsg_n_of_rproc(&st, node, &n_chan);
	if (!n) {
		if (expect_vdev)
			log_warn("%s: no RPMsg virtio device within %u ms, though the firmware has a vdev (virtio_rpmsg_bus not loaded? carve-outs vdev0vring0/vdev0vring1 missing from the device tree? see inspect)",
				 node, o->rpmsg_timeout_ms);
		return;
	}
	if (!log_level_enabled(LOG_NORMAL))
		return;
	for (size_t i = 0; i < st.n_virtio; i++) {
		const struct rpmsg_virtio *v = &st.virtio[i];

		if (v->device_id != RPMSG_VIRTIO_ID || !v->from_remoteproc ||
		    strcmp(v->parent, node))
			continue;
		printf("%s: RPMsg %s%s, %s", node, v->name,
		       recreated ? " re-created" : "",
		       v->driver[0] ? v->driver : "no driver bound");
		for (size_t c = 0; c < st.n_chan; c++) {
			size_t len = strlen(v->name);

			if (strncmp(st.chan[c].dev, v->name, len) ||
			    st.chan[c].dev[len] != '.')
				continue;
			printf("; channel %s", st.chan[c].name);
		}
		if (!n_chan)
			printf("; no channel within %u ms", o->rpmsg_timeout_ms);
		printf("\n");
	}
}
