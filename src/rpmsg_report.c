// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reporting the RPMsg side (see rpmsg_report.h).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "m4fw/json.h"
#include "m4fw/rpmsg_report.h"

static const char *transport(const struct rpmsg_state *st)
{
	if (rpmsg_static_active(st))
		return "static";
	if (rpmsg_n_rpmsg_virtio(st, true))
		return "remoteproc";
	return "none";
}

static void static_text(FILE *out, const struct rpmsg_static *s)
{
	fprintf(out, "rpmsg:       static imx-rpmsg transport %s (%s)%s%s\n",
		s->node, s->compatible, s->enabled ? "" : ", disabled",
		!s->enabled ? "" : s->bound ? ", driver bound" :
		", no driver bound");
	if (!s->has_reg) {
		fprintf(out, "             no usable reg: its driver would not probe (\"No vring buffer\")\n");
		return;
	}
	if (s->reg_too_small)
		fprintf(out, "             reg 0x%llx+0x%llx is too small for %u vdevs of 64 KiB (\"Too small memory size\")\n",
			(unsigned long long)s->reg_base,
			(unsigned long long)s->reg_size, s->vdev_nums);
	for (uint32_t i = 0; i < s->vdev_nums && i < RPMSG_MAX_VDEVS; i++)
		fprintf(out, "             vdev%u vrings 0x%08llx 0x%08llx\n", i,
			(unsigned long long)s->vring[i][0],
			(unsigned long long)s->vring[i][1]);
	if (s->pool[0])
		fprintf(out, "             buffers from %s (0x%llx+0x%llx)\n",
			s->pool, (unsigned long long)s->pool_base,
			(unsigned long long)s->pool_size);
}

void rpmsg_report_text(FILE *out, const struct rpmsg_state *st)
{
	for (size_t i = 0; i < st->n_static; i++)
		static_text(out, &st->stat[i]);
	for (size_t i = 0; i < st->n_virtio; i++) {
		const struct rpmsg_virtio *v = &st->virtio[i];

		if (v->device_id != RPMSG_VIRTIO_ID)
			continue;
		fprintf(out, "rpmsg:       %s from %s%s%s, %s\n", v->name,
			v->from_remoteproc ? "remoteproc " : "",
			v->parent[0] ? v->parent : "?",
			v->from_remoteproc ? " (vdev)" : "",
			v->driver[0] ? v->driver : "no driver bound");
	}
	if (!st->n_static && !rpmsg_n_rpmsg_virtio(st, false)) {
		fprintf(out, "rpmsg:       none (no imx-rpmsg transport, no RPMsg virtio device)\n");
		return;
	}
	for (size_t i = 0; i < st->n_chan; i++)
		fprintf(out, "rpmsg:       channel %s src 0x%x dst 0x%x (%s)\n",
			st->chan[i].name[0] ? st->chan[i].name : "?",
			st->chan[i].src, st->chan[i].dst, st->chan[i].dev);
	if (!st->n_chan && rpmsg_n_rpmsg_virtio(st, false))
		fprintf(out, "rpmsg:       no channel announced yet (the firmware has not come up on the link)\n");
	if (st->n_devnode) {
		fprintf(out, "rpmsg:       devices");
		for (size_t i = 0; i < st->n_devnode; i++)
			fprintf(out, " /dev/%s", st->devnode[i]);
		fputc('\n', out);
	}
}

static void static_json(FILE *out, const struct rpmsg_static *s)
{
	fputs("{\"node\":", out);
	json_str(out, s->node);
	fputs(",\"compatible\":", out);
	json_str(out, s->compatible);
	fprintf(out, ",\"enabled\":%s,\"bound\":%s,\"vdev_nums\":%u,\"reg\":",
		s->enabled ? "true" : "false", s->bound ? "true" : "false",
		s->vdev_nums);
	if (s->has_reg) {
		fputs("{\"base\":", out);
		json_hex(out, s->reg_base);
		fprintf(out, ",\"size\":%llu,\"too_small\":%s}",
			(unsigned long long)s->reg_size,
			s->reg_too_small ? "true" : "false");
	} else {
		fputs("null", out);
	}
	fputs(",\"vrings\":[", out);
	for (uint32_t i = 0; s->has_reg && i < s->vdev_nums &&
	     i < RPMSG_MAX_VDEVS; i++) {
		fputs(i ? ",[" : "[", out);
		json_hex(out, s->vring[i][0]);
		fputc(',', out);
		json_hex(out, s->vring[i][1]);
		fputc(']', out);
	}
	fputs("],\"pool\":", out);
	if (s->pool[0]) {
		fputs("{\"name\":", out);
		json_str(out, s->pool);
		fputs(",\"base\":", out);
		json_hex(out, s->pool_base);
		fprintf(out, ",\"size\":%llu}",
			(unsigned long long)s->pool_size);
	} else {
		fputs("null", out);
	}
	fputc('}', out);
}

void rpmsg_report_json(FILE *out, const struct rpmsg_state *st)
{
	fputs("{\"transport\":", out);
	json_str(out, transport(st));
	fputs(",\"static\":[", out);
	for (size_t i = 0; i < st->n_static; i++) {
		if (i)
			fputc(',', out);
		static_json(out, &st->stat[i]);
	}
	fputs("],\"virtio\":[", out);
	for (size_t i = 0; i < st->n_virtio; i++) {
		const struct rpmsg_virtio *v = &st->virtio[i];

		fprintf(out, "%s{\"name\":", i ? "," : "");
		json_str(out, v->name);
		fprintf(out, ",\"device_id\":%u,\"driver\":", v->device_id);
		json_str(out, v->driver[0] ? v->driver : NULL);
		fprintf(out, ",\"remoteproc\":%s,\"parent\":",
			v->from_remoteproc ? "true" : "false");
		json_str(out, v->parent);
		fputc('}', out);
	}
	fputs("],\"channels\":[", out);
	for (size_t i = 0; i < st->n_chan; i++) {
		fprintf(out, "%s{\"device\":", i ? "," : "");
		json_str(out, st->chan[i].dev);
		fputs(",\"name\":", out);
		json_str(out, st->chan[i].name);
		fprintf(out, ",\"src\":%u,\"dst\":%u}", st->chan[i].src,
			st->chan[i].dst);
	}
	fputs("],\"devices\":[", out);
	for (size_t i = 0; i < st->n_devnode; i++) {
		char path[48];

		snprintf(path, sizeof(path), "/dev/%s", st->devnode[i]);
		if (i)
			fputc(',', out);
		json_str(out, path);
	}
	fputs("]}", out);
}

static void add(char lines[][RPMSG_ADVICE_BYTES], size_t max, size_t *n,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void add(char lines[][RPMSG_ADVICE_BYTES], size_t max, size_t *n,
		const char *fmt, ...)
{
	va_list ap;

	if (*n >= max)
		return;
	va_start(ap, fmt);
	vsnprintf(lines[(*n)++], RPMSG_ADVICE_BYTES, fmt, ap);
	va_end(ap);
}

size_t rpmsg_devmem_advice(const struct rpmsg_state *st, enum rpmsg_op op,
			   uint32_t image_vring0,
			   char lines[][RPMSG_ADVICE_BYTES], size_t max)
{
	const struct rpmsg_static *s = rpmsg_static_active(st);
	const char *what = op == RPMSG_OP_RESTART ? "restart" :
			   op == RPMSG_OP_INSPECT ? "a load of this image" :
			   "this load";
	size_t n = 0;

	if (!s)
		return 0;
	if (!s->bound) {
		add(lines, max, &n,
		    "RPMsg: the device tree has a static imx-rpmsg node %s, but no driver is bound to it%s: Linux has no RPMsg link to this core for %s to disturb",
		    s->node, s->reg_too_small ? " (its reg is too small for vdev-nums)" : "",
		    what);
		return n;
	}
	add(lines, max, &n,
	    "RPMsg: Linux's static imx-rpmsg transport %s serves this core, vrings at 0x%08llx/0x%08llx; it kicked the core once, at boot, and cannot re-create the link while Linux runs (built in, no remove: unbinding it is not safe, and this tool does not)",
	    s->node, (unsigned long long)s->vring[0][0],
	    (unsigned long long)s->vring[0][1]);
	add(lines, max, &n,
	    "RPMsg: after %s the firmware starts afresh and waits for Linux (rpmsg_lite_is_link_up() / \"Waiting for master to get ready\"), while Linux still holds the old link's vring state%s",
	    what, st->n_chan ? " and channels" : "");
	if (st->n_devnode)
		add(lines, max, &n,
		    "RPMsg: close /dev/%s%s first: their endpoints on the core go away with the old firmware",
		    st->devnode[0], st->n_devnode > 1 ? " and the other RPMsg devices" : "");
	if (image_vring0 != 0xffffffffu && image_vring0 != s->vring[0][0])
		add(lines, max, &n,
		    "RPMsg: the image's resource table puts vring0 at 0x%08x, the transport has it at 0x%08llx: over this transport the link cannot work",
		    image_vring0, (unsigned long long)s->vring[0][0]);
	add(lines, max, &n,
	    "RPMsg: to bring the link up: `m4fwloader kick 0` may do it when the new firmware uses the same vrings and Linux's side is idle, but it can fail later (stale vring indexes); reliable: reboot with the firmware started by U-Boot (bootaux), or move to the remoteproc route (--backend=remoteproc, a vdev in the resource table), which re-creates the link on every start");
	return n;
}
