// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What status and a /dev/mem load say about RPMsg, for states built here
 * by hand: a bound static transport with a channel and a tty, one whose
 * node has no driver, a remoteproc vdev without a channel, nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "m4fw/rpmsg_report.h"

static void static_bound(struct rpmsg_state *st)
{
	struct rpmsg_static *s = &st->stat[0];

	memset(st, 0, sizeof(*st));
	st->n_static = 1;
	snprintf(s->node, sizeof(s->node), "/rpmsg");
	snprintf(s->compatible, sizeof(s->compatible), "fsl,imx7d-rpmsg");
	s->enabled = s->bound = s->has_reg = true;
	s->reg_base = 0x8fff0000;
	s->reg_size = 0x10000;
	s->vdev_nums = 1;
	s->vring[0][0] = 0x8fff0000;
	s->vring[0][1] = 0x8fff8000;
	st->n_virtio = 1;
	snprintf(st->virtio[0].name, 32, "virtio0");
	st->virtio[0].device_id = 7;
	snprintf(st->virtio[0].driver, 64, "virtio_rpmsg_bus");
	snprintf(st->virtio[0].parent, 64, "rpmsg");
	st->n_chan = 1;
	snprintf(st->chan[0].dev, 96, "virtio0.rpmsg-virtual-tty-channel-1.-1.30");
	snprintf(st->chan[0].name, 40, "rpmsg-virtual-tty-channel-1");
	st->chan[0].src = 0x400;
	st->chan[0].dst = 30;
	st->n_devnode = 1;
	snprintf(st->devnode[0], 32, "ttyRPMSG30");
}

static char *text_of(const struct rpmsg_state *st, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	if (json)
		rpmsg_report_json(f, st);
	else
		rpmsg_report_text(f, st);
	fclose(f);
	return buf;
}

static void expect(const char *out, const char *needle)
{
	if (!strstr(out, needle))
		fail_msg("\"%s\" not in:\n%s", needle, out);
}

static void test_static_text_json(void **state)
{
	struct rpmsg_state st;
	char *out;

	(void)state;
	static_bound(&st);
	out = text_of(&st, false);
	expect(out, "rpmsg:       static imx-rpmsg transport /rpmsg (fsl,imx7d-rpmsg), driver bound\n");
	expect(out, "             vdev0 vrings 0x8fff0000 0x8fff8000\n");
	expect(out, "rpmsg:       virtio0 from rpmsg, virtio_rpmsg_bus\n");
	expect(out, "rpmsg:       channel rpmsg-virtual-tty-channel-1 src 0x400 dst 0x1e (virtio0.rpmsg-virtual-tty-channel-1.-1.30)\n");
	expect(out, "rpmsg:       devices /dev/ttyRPMSG30\n");
	free(out);
	out = text_of(&st, true);
	expect(out, "{\"transport\":\"static\",\"static\":[{\"node\":\"/rpmsg\",\"compatible\":\"fsl,imx7d-rpmsg\",\"enabled\":true,\"bound\":true,\"vdev_nums\":1,\"reg\":{\"base\":\"0x8fff0000\",\"size\":65536,\"too_small\":false},\"vrings\":[[\"0x8fff0000\",\"0x8fff8000\"]],\"pool\":null}]");
	expect(out, "\"channels\":[{\"device\":\"virtio0.rpmsg-virtual-tty-channel-1.-1.30\",\"name\":\"rpmsg-virtual-tty-channel-1\",\"src\":1024,\"dst\":30}]");
	expect(out, "\"devices\":[\"/dev/ttyRPMSG30\"]}");
	free(out);
}

static void test_remoteproc_and_none(void **state)
{
	struct rpmsg_state st;
	char *out;

	(void)state;
	memset(&st, 0, sizeof(st));
	out = text_of(&st, false);
	assert_string_equal(out, "rpmsg:       none (no imx-rpmsg transport, no RPMsg virtio device)\n");
	free(out);
	out = text_of(&st, true);
	assert_string_equal(out, "{\"transport\":\"none\",\"static\":[],\"virtio\":[],\"channels\":[],\"devices\":[]}");
	free(out);

	st.n_virtio = 1;
	snprintf(st.virtio[0].name, 32, "virtio3");
	st.virtio[0].device_id = 7;
	st.virtio[0].from_remoteproc = true;
	snprintf(st.virtio[0].parent, 64, "remoteproc0");
	out = text_of(&st, false);
	expect(out, "rpmsg:       virtio3 from remoteproc remoteproc0 (vdev), no driver bound\n");
	expect(out, "rpmsg:       no channel announced yet");
	free(out);
	out = text_of(&st, true);
	expect(out, "{\"transport\":\"remoteproc\",");
	expect(out, "{\"name\":\"virtio3\",\"device_id\":7,\"driver\":null,\"remoteproc\":true,\"parent\":\"remoteproc0\"}");
	free(out);
}

static void test_advice(void **state)
{
	char lines[RPMSG_ADVICE_LINES][RPMSG_ADVICE_BYTES];
	struct rpmsg_state st;
	size_t n;

	(void)state;
	memset(&st, 0, sizeof(st));
	assert_int_equal(rpmsg_devmem_advice(&st, RPMSG_OP_LOAD, 0xffffffff,
					     lines, RPMSG_ADVICE_LINES), 0);

	static_bound(&st);
	n = rpmsg_devmem_advice(&st, RPMSG_OP_LOAD, 0xffffffff, lines,
				RPMSG_ADVICE_LINES);
	assert_int_equal(n, 4);
	expect(lines[0], "static imx-rpmsg transport /rpmsg serves this core, vrings at 0x8fff0000/0x8fff8000");
	expect(lines[0], "unbinding it is not safe");
	expect(lines[1], "after this load the firmware starts afresh and waits for Linux");
	expect(lines[2], "close /dev/ttyRPMSG30 first");
	expect(lines[3], "`m4fwloader kick 0`");
	expect(lines[3], "reboot");
	expect(lines[3], "--backend=remoteproc");

	/* an image whose vdev puts the vrings elsewhere */
	n = rpmsg_devmem_advice(&st, RPMSG_OP_RESTART, 0xb8000000, lines,
				RPMSG_ADVICE_LINES);
	assert_int_equal(n, 5);
	expect(lines[1], "after restart the firmware");
	expect(lines[3], "vring0 at 0xb8000000, the transport has it at 0x8fff0000");

	/* a node with no driver: nothing to disturb */
	st.stat[0].bound = false;
	n = rpmsg_devmem_advice(&st, RPMSG_OP_INSPECT, 0xffffffff, lines,
				RPMSG_ADVICE_LINES);
	assert_int_equal(n, 1);
	expect(lines[0], "no driver is bound to it");
	/* at most @max lines */
	st.stat[0].bound = true;
	assert_int_equal(rpmsg_devmem_advice(&st, RPMSG_OP_LOAD, 0xb8000000,
					     lines, 2), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_static_text_json),
		cmocka_unit_test(test_remoteproc_and_none),
		cmocka_unit_test(test_advice),
	};

	return cmocka_run_group_tests_name("rpmsg_report", tests, NULL, NULL);
}
