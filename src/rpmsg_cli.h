/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The RPMsg side as the commands show it (see RPMSG in the manual): the
 * advice of a /dev/mem load or restart, status's section, and what the
 * remoteproc backend finds after a start. The system is read only when the
 * command reads it anyway (cli_reads_system(): a board, or --root).
 */
#ifndef M4FW_RPMSG_CLI_H
#define M4FW_RPMSG_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "m4fw/image.h"
#include "m4fw/rpmsg_report.h"

/**
 * rpmsg_cli_devmem_advice() - warn what @op through /dev/mem does to a
 * static imx-rpmsg transport and what to do (nothing when there is none).
 * @img: the image to load, or NULL (restart).
 */
void rpmsg_cli_devmem_advice(const struct cli_opts *o, enum rpmsg_op op,
			     const struct image *img);

/** rpmsg_cli_inspect() - inspect's "rpmsg:" lines, or "rpmsg" JSON member. */
void rpmsg_cli_inspect(const struct cli_opts *o, const struct image *img,
		       bool json);

/**
 * rpmsg_cli_status() - status's RPMsg section: text lines, or a
 * ,"rpmsg":{...} member to put before a JSON object's closing brace.
 */
void rpmsg_cli_status(const struct cli_opts *o, bool json);

/**
 * rpmsg_cli_count() - RPMsg virtio devices of remoteproc @node now (for
 * restart, before the stop).
 */
size_t rpmsg_cli_count(const struct cli_opts *o, const char *node);

/**
 * rpmsg_cli_after_stop() - with @before devices before the stop, check
 * that they went away (warn if not). Return: true when they did.
 */
bool rpmsg_cli_after_stop(const struct cli_opts *o, const char *node,
			  size_t before);

/**
 * rpmsg_cli_after_start() - wait up to --rpmsg-timeout for remoteproc
 * @node's RPMsg virtio device and a channel, and say what came: one
 * stdout line; a warning when @expect_vdev (the image has a vdev, or there
 * was one before a restart) and none came. @recreated: a restart that saw
 * the devices go on stop.
 */
void rpmsg_cli_after_start(const struct cli_opts *o, const char *node,
			   bool expect_vdev, bool recreated);

/** rpmsg_cli_image_has_vdev() - @img's resource table declares a vdev. */
bool rpmsg_cli_image_has_vdev(const struct image *img);

#endif /* M4FW_RPMSG_CLI_H */
