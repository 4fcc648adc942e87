/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the tool says about RPMsg: status's section (text and JSON), and
 * what a /dev/mem load or restart does to a static imx-rpmsg transport
 * and what to do about it. Saying is all it does: the transport has no
 * remove callback and is built in, so unbinding or re-probing it from
 * user space is not a safe way to reset it, and the tool never tries.
 */
#ifndef M4FW_RPMSG_REPORT_H
#define M4FW_RPMSG_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "m4fw/rpmsg.h"

/** rpmsg_report_text() - status's "rpmsg:" lines. */
void rpmsg_report_text(FILE *out, const struct rpmsg_state *st);

/**
 * rpmsg_report_json() - the value of status's "rpmsg": transport
 * ("static", "remoteproc" or "none"), static[], virtio[], channels[],
 * devices[].
 */
void rpmsg_report_json(FILE *out, const struct rpmsg_state *st);

enum rpmsg_op {
	RPMSG_OP_LOAD,		/* load (and --dry-run of it), watch's reloads */
	RPMSG_OP_RESTART,
	RPMSG_OP_INSPECT,
};

#define RPMSG_ADVICE_LINES 6
#define RPMSG_ADVICE_BYTES 400

/**
 * rpmsg_devmem_advice() - what @op through /dev/mem does to the RPMsg
 * link of @st and what to do, one sentence a line. @image_vring0 is the
 * first vring address of the image's vdev resource table, or
 * 0xffffffff when it has none (the firmware's own vring address is then
 * not known here).
 * Return: the number of lines; 0 when there is no static transport.
 */
size_t rpmsg_devmem_advice(const struct rpmsg_state *st, enum rpmsg_op op,
			   uint32_t image_vring0,
			   char lines[][RPMSG_ADVICE_BYTES], size_t max);

#endif /* M4FW_RPMSG_REPORT_H */
