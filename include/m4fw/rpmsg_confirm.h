/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the remoteproc route does to RPMsg, checked after the fact: the
 * kernel creates a virtio RPMsg device for the firmware's vdev when the
 * core starts and removes it when it stops, and the firmware announces
 * its channels once it runs. Bounded waits over rpmsg_scan() (under
 * --root; tests fake the kernel).
 */
#ifndef M4FW_RPMSG_CONFIRM_H
#define M4FW_RPMSG_CONFIRM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/** rpmsg_count() - RPMsg virtio devices remoteproc @node has now. */
size_t rpmsg_count(const char *root, const char *node);

/**
 * rpmsg_confirm_stop() - with @before devices before a stop, wait up to
 * @timeout_ms for them to go; a warning when they stay.
 * Return: true when there were some and they went.
 */
bool rpmsg_confirm_stop(const char *root, const char *node, size_t before,
			unsigned int timeout_ms);

/**
 * rpmsg_confirm_start() - after a start: when a device is there or
 * @expect_vdev, wait up to @timeout_ms for it and a channel on it; one
 * line per device on @out (may be NULL): "remoteproc0: RPMsg virtio0
 * re-created, virtio_rpmsg_bus; channel rpmsg-tty"; a warning when
 * @expect_vdev and none came.
 * Return: the number of devices.
 */
size_t rpmsg_confirm_start(const char *root, const char *node,
			   unsigned int timeout_ms, bool expect_vdev,
			   bool recreated, FILE *out);

#endif /* M4FW_RPMSG_CONFIRM_H */
