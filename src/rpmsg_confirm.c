// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RPMsg after a remoteproc stop or start (see rpmsg_confirm.h).
 */
#include <errno.h>
#include <string.h>

#include "m4fw/log.h"
#include "m4fw/rpmsg.h"
#include "m4fw/rpmsg_confirm.h"

size_t rpmsg_count(const char *root, const char *node)
{
	struct rpmsg_state st;

	if (rpmsg_scan(root, &st))
		return 0;
	return rpmsg_n_of_rproc(&st, node, NULL);
}

bool rpmsg_confirm_stop(const char *root, const char *node, size_t before,
			unsigned int timeout_ms)
{
	struct rpmsg_state st;

	if (!before)
		return false;
	if (rpmsg_wait(root, node, false, false, timeout_ms, &st) == 0)
		return true;
	log_warn("%s: its RPMsg virtio device is still there %u ms after the stop",
		 node, timeout_ms);
	return false;
}

static bool on_device(const struct rpmsg_channel *c, const char *virtio)
{
	size_t len = strlen(virtio);

	return !strncmp(c->dev, virtio, len) && c->dev[len] == '.';
}

size_t rpmsg_confirm_start(const char *root, const char *node,
			   unsigned int timeout_ms, bool expect_vdev,
			   bool recreated, FILE *out)
{
	struct rpmsg_state st;
	size_t n, n_chan;

	if (rpmsg_scan(root, &st))
		return 0;
	/*
	 * The kernel creates the virtio device while it starts the core,
	 * before the write of "start" returns: with none there and none
	 * expected, there is nothing to wait for.
	 */
	if (!rpmsg_n_of_rproc(&st, node, NULL) && !expect_vdev)
		return 0;
	if (rpmsg_wait(root, node, true, true, timeout_ms, &st) == -ENOMEM)
		return 0;
	n = rpmsg_n_of_rproc(&st, node, &n_chan);
	if (!n) {
		log_warn("%s: no RPMsg virtio device within %u ms, though the firmware has a vdev (virtio_rpmsg_bus not loaded? carve-outs vdev0vring0/vdev0vring1 missing from the device tree? see inspect)",
			 node, timeout_ms);
		return 0;
	}
	for (size_t i = 0; out && i < st.n_virtio; i++) {
		const struct rpmsg_virtio *v = &st.virtio[i];

		if (v->device_id != RPMSG_VIRTIO_ID || !v->from_remoteproc ||
		    strcmp(v->parent, node) != 0)
			continue;
		fprintf(out, "%s: RPMsg %s%s, %s", node, v->name,
			recreated ? " re-created" : "",
			v->driver[0] ? v->driver : "no driver bound");
		for (size_t c = 0; c < st.n_chan; c++)
			if (on_device(&st.chan[c], v->name))
				fprintf(out, "; channel %s", st.chan[c].name);
		if (!n_chan)
			fprintf(out, "; no channel within %u ms", timeout_ms);
		fputc('\n', out);
	}
	return n;
}
