/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The RPMsg side of the M core, as the running kernel shows it, read under
 * --root (rootfs.h: no link leads out of it, every read is bounded and
 * non-blocking):
 *
 *  - a static transport of NXP's BSP kernels: the "imx-rpmsg" platform
 *    driver, bound to a device-tree node with an fsl,imx*-rpmsg compatible.
 *    Its probe (imx_rpmsg.c set_vring_phy_buf()) takes the vrings from the
 *    node's first "reg" range: vdev i has vring0 at base + i * 0x10000 and
 *    vring1 0x8000 above it, for "vdev-nums" vdevs (default 1); the range
 *    must hold them all. "memory-region" names the buffer pool. The driver
 *    kicks once at probe and has no remove callback: nothing re-creates the
 *    link while Linux runs. Mainline's RPMsg *audio* driver (fsl_rpmsg.c)
 *    uses some of the same compatibles (fsl,imx7ulp-rpmsg, fsl,imx8mm-rpmsg)
 *    for a node that is no transport: such a node has "fsl,audioindex" or
 *    "fsl,version" and is skipped.
 *  - virtio devices (/sys/bus/virtio/devices), from that transport or from
 *    a remoteproc vdev (their sysfs path runs through the remoteproc node),
 *  - RPMsg channels (/sys/bus/rpmsg/devices: name, src, dst),
 *  - their character devices (/dev/rpmsgN, /dev/rpmsg_ctrlN, /dev/ttyRPMSGN).
 */
#ifndef M4FW_RPMSG_H
#define M4FW_RPMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RPMSG_MAX_STATIC	2	/* imx_rpmsg_vprocs[]: multi-core-id 0, 1 */
#define RPMSG_MAX_VDEVS		8	/* MAX_VDEV_NUMS */
#define RPMSG_MAX_VIRTIO	8
#define RPMSG_MAX_CHANNELS	32
#define RPMSG_MAX_DEVNODES	32
#define RPMSG_VIRTIO_ID		7u	/* VIRTIO_ID_RPMSG */
/* set_vring_phy_buf(): the stride of the vdevs, and of the two vrings */
#define RPMSG_IMX_VDEV_STRIDE	0x10000u
#define RPMSG_IMX_VRING1_OFFSET	0x8000u

struct rpmsg_static {
	char node[256];		/* device-tree path: "/rpmsg" */
	char compatible[40];	/* the fsl,imx*-rpmsg entry */
	bool enabled;		/* status absent, "okay" or "ok" */
	bool bound;		/* the imx-rpmsg driver holds a device */
	bool has_reg;
	bool reg_too_small;	/* probe failed: "Too small memory size" */
	uint64_t reg_base;
	uint64_t reg_size;
	uint32_t vdev_nums;
	uint64_t vring[RPMSG_MAX_VDEVS][2];
	char pool[64];		/* memory-region node name, or "" */
	uint64_t pool_base;
	uint64_t pool_size;
};

struct rpmsg_virtio {
	char name[32];		/* "virtio0" */
	uint32_t device_id;	/* 7: RPMsg */
	char driver[64];	/* "virtio_rpmsg_bus", or "" when unbound */
	bool from_remoteproc;	/* its sysfs path runs through remoteprocN */
	char parent[64];	/* "remoteproc0", or the platform device */
};

struct rpmsg_channel {
	char dev[96];		/* "virtio0.rpmsg-tty.-1.30" */
	char name[40];		/* "rpmsg-tty" */
	uint32_t src;
	uint32_t dst;
};

struct rpmsg_state {
	struct rpmsg_static stat[RPMSG_MAX_STATIC];
	size_t n_static;
	bool driver_present;	/* /sys/bus/platform/drivers/imx-rpmsg */
	struct rpmsg_virtio virtio[RPMSG_MAX_VIRTIO];
	size_t n_virtio;
	struct rpmsg_channel chan[RPMSG_MAX_CHANNELS];
	size_t n_chan;
	char devnode[RPMSG_MAX_DEVNODES][32];
	size_t n_devnode;
};

/**
 * rpmsg_scan() - everything above under @root ("/" on a board). Missing
 * directories are simply empty; entries beyond the RPMSG_MAX_* limits are
 * ignored. Return: 0, or -ENOMEM.
 */
int rpmsg_scan(const char *root, struct rpmsg_state *st);

/** rpmsg_is_imx_compatible() - @compat is one of imx-rpmsg's compatibles. */
bool rpmsg_is_imx_compatible(const char *compat);

/**
 * rpmsg_static_active() - the first static transport that is enabled in
 * the device tree, or NULL.
 */
const struct rpmsg_static *rpmsg_static_active(const struct rpmsg_state *st);

/** rpmsg_n_rpmsg_virtio() - virtio devices with the RPMsg device id. */
size_t rpmsg_n_rpmsg_virtio(const struct rpmsg_state *st, bool remoteproc_only);

/**
 * rpmsg_n_of_rproc() - RPMsg virtio devices that remoteproc @node
 * ("remoteproc0") created, and the channels on them (@n_chan, may be NULL).
 */
size_t rpmsg_n_of_rproc(const struct rpmsg_state *st, const char *node,
			size_t *n_chan);

/**
 * rpmsg_wait() - rescan @root every 20 ms until remoteproc @node has an
 * RPMsg virtio device (@present) or none (!@present), and, when
 * @want_channel, a channel on it; at most @timeout_ms. @st holds the
 * last scan.
 * Return: 0, -ETIMEDOUT, or -ENOMEM.
 */
int rpmsg_wait(const char *root, const char *node, bool present,
	       bool want_channel, unsigned int timeout_ms,
	       struct rpmsg_state *st);

#endif /* M4FW_RPMSG_H */
