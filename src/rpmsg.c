// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Finding the RPMsg side of the M core under --root (see rpmsg.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "m4fw/rootfs.h"
#include "m4fw/rpmsg.h"

#define DT_ROOT "/proc/device-tree"
#define DT_MAX_DEPTH 6
#define DT_MAX_ENTRIES 4096	/* a board's tree has a few hundred nodes */
#define IMX_RPMSG_DRIVER "/sys/bus/platform/drivers/imx-rpmsg"
#define PATH_BYTES 1024

/* imx_rpmsg.c imx_rpmsg_dt_ids[] of the NXP BSP kernels */
static const char *const imx_compatibles[] = {
	"fsl,imx6sx-rpmsg", "fsl,imx7d-rpmsg", "fsl,imx7ulp-rpmsg",
	"fsl,imx8mq-rpmsg", "fsl,imx8mm-rpmsg", "fsl,imx8qm-rpmsg",
	"fsl,imx8qxp-rpmsg",
};

bool rpmsg_is_imx_compatible(const char *compat)
{
	for (size_t i = 0; i < sizeof(imx_compatibles) / sizeof(*imx_compatibles); i++)
		if (!strcmp(compat, imx_compatibles[i]))
			return true;
	return false;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* A device-tree property of @node ("/rpmsg"); -errno or its length. */
static ssize_t dt_prop(const char *root, const char *node, const char *prop,
		       void *buf, size_t size)
{
	char path[PATH_BYTES];

	if ((size_t)snprintf(path, sizeof(path), "%s%s/%s", DT_ROOT, node,
			     prop) >= sizeof(path))
		return -ENAMETOOLONG;
	return rootfs_read(root, path, buf, size);
}

static bool dt_has(const char *root, const char *node, const char *prop)
{
	char b[8];

	return dt_prop(root, node, prop, b, sizeof(b)) >= 0;
}

static bool dt_u32(const char *root, const char *node, const char *prop,
		   uint32_t *v)
{
	unsigned char b[8];

	if (dt_prop(root, node, prop, b, sizeof(b)) != 4)
		return false;
	*v = be32(b);
	return true;
}

/*
 * of_n_addr_cells()/of_n_size_cells(): the first ancestor that has the
 * property, else 1 (OF_ROOT_NODE_{ADDR,SIZE}_CELLS_DEFAULT).
 */
static uint32_t dt_cells(const char *root, const char *node, const char *prop)
{
	char parent[PATH_BYTES];
	char *slash;
	uint32_t v;

	snprintf(parent, sizeof(parent), "%s", node);
	for (;;) {
		slash = strrchr(parent, '/');
		if (!slash)
			return 1;
		*slash = '\0';
		if (dt_u32(root, parent, prop, &v))
			return v;
		if (!parent[0])
			return 1;
	}
}

static uint64_t cells_value(const unsigned char *p, uint32_t n)
{
	uint64_t v = 0;

	for (uint32_t i = 0; i < n; i++)
		v = v << 32 | be32(p + (size_t)4 * i);
	return v;
}

/* The first (address, size) pair of @node's "reg". */
static bool dt_reg(const char *root, const char *node, uint64_t *base,
		   uint64_t *size)
{
	unsigned char b[64];
	uint32_t ac = dt_cells(root, node, "#address-cells");
	uint32_t sc = dt_cells(root, node, "#size-cells");
	ssize_t n;

	if (ac < 1 || ac > 2 || sc > 2)
		return false;
	n = dt_prop(root, node, "reg", b, sizeof(b));
	if (n < (ssize_t)4 * (ssize_t)(ac + sc))
		return false;
	*base = cells_value(b, ac);
	*size = sc ? cells_value(b + (size_t)4 * ac, sc) : 0;
	return true;
}

/* The reserved-memory child whose "phandle" is @ph. */
static void find_pool(const char *root, uint32_t ph, struct rpmsg_static *s)
{
	char path[PATH_BYTES];
	struct dirent *de;
	uint32_t v;
	DIR *d;

	d = rootfs_opendir(root, DT_ROOT "/reserved-memory");
	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/reserved-memory/%s", de->d_name);
		if (!dt_u32(root, path, "phandle", &v) || v != ph)
			continue;
		snprintf(s->pool, sizeof(s->pool), "%.63s", de->d_name);
		if (!dt_reg(root, path, &s->pool_base, &s->pool_size))
			s->pool_base = s->pool_size = 0;
		break;
	}
	closedir(d);
}

/* Whether a device bound to imx-rpmsg was made from @node. */
static bool node_bound(const char *root, const char *node)
{
	char path[PATH_BYTES], target[PATH_BYTES];
	size_t tl, nl = strlen(node);
	struct dirent *de;
	bool bound = false;
	DIR *d;

	d = rootfs_opendir(root, IMX_RPMSG_DRIVER);
	if (!d)
		return false;
	while (!bound && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !strcmp(de->d_name, "module"))
			continue;
		snprintf(path, sizeof(path), IMX_RPMSG_DRIVER "/%s/of_node",
			 de->d_name);
		if (rootfs_readlink(root, path, target, sizeof(target)) < 0)
			continue;
		/* ".../firmware/devicetree/base/rpmsg" ends with "/rpmsg" */
		tl = strlen(target);
		bound = tl >= nl && !strcmp(target + tl - nl, node);
	}
	closedir(d);
	return bound;
}

static void add_static(const char *root, const char *node, const char *compat,
		       struct rpmsg_state *st)
{
	struct rpmsg_static *s;
	char status[16];
	unsigned char mr[8];
	uint64_t base;

	/* mainline's RPMsg audio card shares compatibles: not a transport */
	if (dt_has(root, node, "fsl,audioindex") ||
	    dt_has(root, node, "fsl,version"))
		return;
	if (st->n_static == RPMSG_MAX_STATIC)
		return;
	s = &st->stat[st->n_static++];
	memset(s, 0, sizeof(*s));
	snprintf(s->node, sizeof(s->node), "%s", node[0] ? node : "/");
	snprintf(s->compatible, sizeof(s->compatible), "%s", compat);
	s->enabled = dt_prop(root, node, "status", status, sizeof(status)) < 0 ||
		     !strcmp(status, "okay") || !strcmp(status, "ok");
	s->bound = node_bound(root, node);
	if (!dt_u32(root, node, "vdev-nums", &s->vdev_nums))
		s->vdev_nums = 1;
	s->has_reg = dt_reg(root, node, &s->reg_base, &s->reg_size);
	if (s->has_reg && s->vdev_nums <= RPMSG_MAX_VDEVS) {
		base = s->reg_base;
		for (uint32_t i = 0; i < s->vdev_nums; i++) {
			s->vring[i][0] = base;
			s->vring[i][1] = base + RPMSG_IMX_VRING1_OFFSET;
			base += RPMSG_IMX_VDEV_STRIDE;
		}
		/* set_vring_phy_buf(): start > end after a vdev's 64 KiB */
		s->reg_too_small = base > s->reg_base + s->reg_size;
	}
	if (dt_prop(root, node, "memory-region", mr, sizeof(mr)) >= 4)
		find_pool(root, be32(mr), s);
}

/* The compatible list is NUL-separated strings. */
static const char *imx_compatible_of(const char *buf, ssize_t len)
{
	for (ssize_t off = 0; off < len; off += (ssize_t)strlen(buf + off) + 1)
		if (rpmsg_is_imx_compatible(buf + off))
			return buf + off;
	return NULL;
}

static void check_node(const char *root, const char *node,
		       struct rpmsg_state *st)
{
	char compat[256];
	const char *c;
	ssize_t n;

	n = dt_prop(root, node, "compatible", compat, sizeof(compat));
	if (n <= 0)
		return;
	c = imx_compatible_of(compat, n);
	if (c)
		add_static(root, node, c, st);
}

static DIR *open_node(const char *root, const char *node)
{
	char path[PATH_BYTES];

	snprintf(path, sizeof(path), "%s%s", DT_ROOT, node);
	return rootfs_opendir(root, path);
}

/*
 * Every node down to DT_MAX_DEPTH, depth first, with one open directory
 * per level (no recursion); at most DT_MAX_ENTRIES directory entries.
 */
static void walk_dt(const char *root, struct rpmsg_state *st)
{
	DIR *dirs[DT_MAX_DEPTH + 1];
	size_t lens[DT_MAX_DEPTH + 1];
	unsigned int budget = DT_MAX_ENTRIES;
	char node[PATH_BYTES] = "";
	struct dirent *de;
	int depth = 0;

	check_node(root, node, st);
	dirs[0] = open_node(root, node);
	if (!dirs[0])
		return;
	lens[0] = 0;
	while (depth >= 0) {
		int len;

		de = budget ? readdir(dirs[depth]) : NULL;
		if (!de) {
			closedir(dirs[depth]);
			node[lens[depth]] = '\0';
			depth--;
			continue;
		}
		budget--;
		if (de->d_name[0] == '.' ||
		    (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN))
			continue;
		node[lens[depth]] = '\0';
		len = snprintf(node + lens[depth], sizeof(node) - lens[depth],
			       "/%s", de->d_name);
		if (len < 0 || (size_t)len >= sizeof(node) - lens[depth])
			continue;
		check_node(root, node, st);
		if (depth + 1 > DT_MAX_DEPTH - 1)
			continue;
		dirs[depth + 1] = open_node(root, node);
		if (!dirs[depth + 1])
			continue;
		lens[depth + 1] = lens[depth] + (size_t)len;
		depth++;
	}
}

static void read_line(const char *root, const char *path, char *buf,
		      size_t size)
{
	if (rootfs_read(root, path, buf, size) < 0)
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void scan_virtio(const char *root, struct rpmsg_state *st)
{
	char path[PATH_BYTES], buf[PATH_BYTES];
	struct dirent *de;
	DIR *d;

	d = rootfs_opendir(root, "/sys/bus/virtio/devices");
	if (!d)
		return;
	while ((de = readdir(d)) != NULL && st->n_virtio < RPMSG_MAX_VIRTIO) {
		struct rpmsg_virtio *v;
		const char *rp;

		if (de->d_name[0] == '.')
			continue;
		v = &st->virtio[st->n_virtio++];
		memset(v, 0, sizeof(*v));
		snprintf(v->name, sizeof(v->name), "%.31s", de->d_name);
		snprintf(path, sizeof(path), "/sys/bus/virtio/devices/%s/device",
			 v->name);
		read_line(root, path, buf, 32);
		v->device_id = (uint32_t)strtoul(buf, NULL, 0);
		snprintf(path, sizeof(path), "/sys/bus/virtio/devices/%s/driver",
			 v->name);
		if (rootfs_readlink(root, path, buf, sizeof(buf)) > 0)
			snprintf(v->driver, sizeof(v->driver), "%.63s",
				 base_name(buf));
		/* ../../../devices/platform/.../remoteproc/remoteproc0/.../virtio0 */
		snprintf(path, sizeof(path), "/sys/bus/virtio/devices/%s", v->name);
		if (rootfs_readlink(root, path, buf, sizeof(buf)) <= 0)
			continue;
		rp = strstr(buf, "/remoteproc");
		while (rp && strncmp(rp + 1, "remoteproc", 10) == 0 &&
		       !(rp[11] >= '0' && rp[11] <= '9'))
			rp = strstr(rp + 1, "/remoteproc");
		if (rp) {
			v->from_remoteproc = true;
			snprintf(v->parent, sizeof(v->parent), "%.*s",
				 (int)strcspn(rp + 1, "/"), rp + 1);
		} else if (strrchr(buf, '/')) {
			*strrchr(buf, '/') = '\0';
			snprintf(v->parent, sizeof(v->parent), "%.63s",
				 base_name(buf));
		}
	}
	closedir(d);
	qsort(st->virtio, st->n_virtio, sizeof(st->virtio[0]), by_name);
}

/*
 * virtio_rpmsg_bus puts two devices of its own on every vdev at probe, the
 * name service ("rpmsg_ns") and the control device ("rpmsg_ctrl"): Linux's
 * end, there before the firmware says a word. Counting them as channels
 * would end the wait for the firmware's announcement at once.
 */
static bool kernel_own(const char *name)
{
	return !strcmp(name, "rpmsg_ns") || !strcmp(name, "rpmsg_ctrl");
}

static void scan_channels(const char *root, struct rpmsg_state *st)
{
	char path[PATH_BYTES], buf[64];
	struct dirent *de;
	DIR *d;

	d = rootfs_opendir(root, "/sys/bus/rpmsg/devices");
	if (!d)
		return;
	while ((de = readdir(d)) != NULL && st->n_chan < RPMSG_MAX_CHANNELS) {
		struct rpmsg_channel *c;

		if (de->d_name[0] == '.')
			continue;
		c = &st->chan[st->n_chan++];
		memset(c, 0, sizeof(*c));
		snprintf(c->dev, sizeof(c->dev), "%.95s", de->d_name);
		snprintf(path, sizeof(path), "/sys/bus/rpmsg/devices/%s/name",
			 c->dev);
		read_line(root, path, c->name, sizeof(c->name));
		if (kernel_own(c->name)) {
			st->n_chan--;
			continue;
		}
		snprintf(path, sizeof(path), "/sys/bus/rpmsg/devices/%s/src",
			 c->dev);
		read_line(root, path, buf, sizeof(buf));
		c->src = (uint32_t)strtoul(buf, NULL, 0);
		snprintf(path, sizeof(path), "/sys/bus/rpmsg/devices/%s/dst",
			 c->dev);
		read_line(root, path, buf, sizeof(buf));
		c->dst = (uint32_t)strtoul(buf, NULL, 0);
	}
	closedir(d);
	qsort(st->chan, st->n_chan, sizeof(st->chan[0]), by_name);
}

static bool is_rpmsg_node(const char *name)
{
	return !strncmp(name, "rpmsg", 5) || !strncmp(name, "ttyRPMSG", 8);
}

static void scan_dev(const char *root, struct rpmsg_state *st)
{
	struct dirent *de;
	DIR *d;

	d = rootfs_opendir(root, "/dev");
	if (!d)
		return;
	while ((de = readdir(d)) != NULL && st->n_devnode < RPMSG_MAX_DEVNODES) {
		if (!is_rpmsg_node(de->d_name) || strlen(de->d_name) > 31)
			continue;
		snprintf(st->devnode[st->n_devnode++], 32, "%s", de->d_name);
	}
	closedir(d);
	qsort(st->devnode, st->n_devnode, sizeof(st->devnode[0]), by_name);
}

int rpmsg_scan(const char *root, struct rpmsg_state *st)
{
	char probe[4];

	memset(st, 0, sizeof(*st));
	walk_dt(root, st);
	st->driver_present = rootfs_read(root, IMX_RPMSG_DRIVER "/uevent",
					 probe, sizeof(probe)) >= 0;
	scan_virtio(root, st);
	scan_channels(root, st);
	scan_dev(root, st);
	return 0;
}

const struct rpmsg_static *rpmsg_static_active(const struct rpmsg_state *st)
{
	for (size_t i = 0; i < st->n_static; i++)
		if (st->stat[i].enabled)
			return &st->stat[i];
	return NULL;
}

size_t rpmsg_n_rpmsg_virtio(const struct rpmsg_state *st, bool remoteproc_only)
{
	size_t n = 0;

	for (size_t i = 0; i < st->n_virtio; i++)
		if (st->virtio[i].device_id == RPMSG_VIRTIO_ID &&
		    (!remoteproc_only || st->virtio[i].from_remoteproc))
			n++;
	return n;
}

/* "virtio0.rpmsg-tty.-1.30" is a channel on virtio0 */
static bool chan_on(const struct rpmsg_channel *c, const char *virtio)
{
	size_t n = strlen(virtio);

	return !strncmp(c->dev, virtio, n) && c->dev[n] == '.';
}

size_t rpmsg_n_of_rproc(const struct rpmsg_state *st, const char *node,
			size_t *n_chan)
{
	size_t n = 0;

	if (n_chan)
		*n_chan = 0;
	for (size_t i = 0; i < st->n_virtio; i++) {
		const struct rpmsg_virtio *v = &st->virtio[i];

		if (v->device_id != RPMSG_VIRTIO_ID || !v->from_remoteproc ||
		    strcmp(v->parent, node) != 0)
			continue;
		n++;
		for (size_t c = 0; n_chan && c < st->n_chan; c++)
			if (chan_on(&st->chan[c], v->name))
				(*n_chan)++;
	}
	return n;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int rpmsg_wait(const char *root, const char *node, bool present,
	       bool want_channel, unsigned int timeout_ms,
	       struct rpmsg_state *st)
{
	const struct timespec tick = { 0, 20L * 1000 * 1000 };
	int64_t end = now_ms() + timeout_ms;
	size_t n, n_chan;
	int ret;

	for (;;) {
		ret = rpmsg_scan(root, st);
		if (ret)
			return ret;
		n = rpmsg_n_of_rproc(st, node, &n_chan);
		if (present ? n && (!want_channel || n_chan) : !n)
			return 0;
		if (now_ms() >= end)
			return -ETIMEDOUT;
		nanosleep(&tick, NULL);
	}
}
