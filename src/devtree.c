// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The remoteproc node and its carve-outs in /proc/device-tree. Every
 * property there is a file of big-endian cells; a phandle property holds
 * the number other nodes refer to it by.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "m4fw/devtree.h"
#include "m4fw/sysfile.h"

#define DT_TREE "proc/device-tree"
#define DT_MAX_DEPTH 4
#define PROP_MAX 256

/* @dir/@name into @buf; -ENAMETOOLONG when it does not fit. */
static int join(char *buf, size_t size, const char *dir, const char *name)
{
	int n = snprintf(buf, size, "%s/%s", dir, name);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* Read property @path into @buf; the byte count or -errno. */
static ssize_t read_prop(const char *path, void *buf, size_t size)
{
	ssize_t n, total = 0;
	/* Non-blocking, a regular file only: a FIFO there must not hang. */
	int fd = sysfile_open(path, false);

	if (fd < 0)
		return fd;
	while ((size_t)total < size) {
		n = read(fd, (char *)buf + total, size - (size_t)total);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			n = -errno;
			close(fd);
			return n;
		}
		if (n == 0)
			break;
		total += n;
	}
	close(fd);
	return total;
}

static uint32_t be32_at(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* A cells property of one cell, or @dflt when absent. */
static int read_cells(const char *dir, const char *prop, uint32_t dflt,
		      uint32_t *out)
{
	char path[PATH_MAX];
	unsigned char b[4] = { 0 };
	ssize_t n;

	if (join(path, sizeof(path), dir, prop))
		return -ENAMETOOLONG;
	n = read_prop(path, b, sizeof(b));
	if (n == -ENOENT) {
		*out = dflt;
		return 0;
	}
	if (n != 4)
		return n < 0 ? (int)n : -EINVAL;
	*out = be32_at(b);
	return *out <= 2 ? 0 : -EINVAL;
}

/* @list: @len bytes of NUL-separated strings, NUL-terminated after them. */
static bool list_has(const char *list, size_t len, const char *want)
{
	for (size_t off = 0; off < len; off += strlen(list + off) + 1)
		if (strcmp(list + off, want) == 0)
			return true;
	return false;
}

/* The node at @dir lists @compatible. */
static bool is_compatible(const char *dir, const char *compatible)
{
	char path[PATH_MAX], list[PROP_MAX + 1];
	ssize_t n;

	if (join(path, sizeof(path), dir, "compatible"))
		return false;
	n = read_prop(path, list, PROP_MAX);
	if (n <= 0)
		return false;
	list[n] = '\0';
	return list_has(list, (size_t)n, compatible);
}

struct walk_level {
	DIR *d;
	char path[PATH_MAX];
};

/*
 * Depth-first search for the node with @compatible, its path in @found;
 * iterative (an explicit stack), DT_MAX_DEPTH levels below @top.
 */
static bool find_node(const char *top, const char *compatible, char *found,
		      size_t size)
{
	struct walk_level st[DT_MAX_DEPTH];
	char child[PATH_MAX];
	struct dirent *e;
	struct stat sb;
	int depth = 0;
	bool hit = false;

	if (is_compatible(top, compatible)) {
		snprintf(found, size, "%s", top);
		return true;
	}
	if (strlen(top) >= sizeof(st[0].path) || !(st[0].d = opendir(top)))
		return false;
	memcpy(st[0].path, top, strlen(top) + 1);
	while (depth >= 0 && !hit) {
		e = readdir(st[depth].d);
		if (!e) {
			closedir(st[depth--].d);
			continue;
		}
		if (e->d_name[0] == '.' ||
		    join(child, sizeof(child), st[depth].path, e->d_name) ||
		    lstat(child, &sb) || !S_ISDIR(sb.st_mode))
			continue;
		if (is_compatible(child, compatible)) {
			snprintf(found, size, "%s", child);
			hit = true;
		} else if (depth + 1 < DT_MAX_DEPTH &&
			   (st[depth + 1].d = opendir(child))) {
			depth++;
			memcpy(st[depth].path, child, sizeof(child));
		}
	}
	while (depth >= 0)
		closedir(st[depth--].d);
	return hit;
}

/* The reserved-memory node whose phandle is @ph: its directory name. */
static int find_phandle(const char *resv, uint32_t ph, char *name,
			size_t size)
{
	char dir[PATH_MAX], path[PATH_MAX];
	unsigned char b[4] = { 0 };
	struct dirent *e;
	int ret = -ENOENT;
	DIR *d = opendir(resv);

	if (!d)
		return -errno;
	while (ret == -ENOENT && (e = readdir(d))) {
		if (e->d_name[0] == '.' || strlen(e->d_name) >= size ||
		    join(dir, sizeof(dir), resv, e->d_name))
			continue;
		if (join(path, sizeof(path), dir, "phandle") ||
		    read_prop(path, b, sizeof(b)) != 4) {
			/* Trees from before 2012 name it linux,phandle. */
			if (join(path, sizeof(path), dir, "linux,phandle") ||
			    read_prop(path, b, sizeof(b)) != 4)
				continue;
		}
		if (be32_at(b) == ph) {
			memcpy(name, e->d_name, strlen(e->d_name) + 1);
			ret = 0;
		}
	}
	closedir(d);
	return ret;
}

static uint64_t cells_at(const unsigned char *p, uint32_t cells)
{
	return cells == 2 ? (uint64_t)be32_at(p) << 32 | be32_at(p + 4) :
	       cells == 1 ? be32_at(p) : 0;
}

static int read_carveout(const char *resv, uint32_t ac, uint32_t sc,
			 const char *name, struct dt_carveout *c)
{
	char dir[PATH_MAX], path[PATH_MAX];
	unsigned char reg[16] = { 0 };
	ssize_t n;

	if (join(dir, sizeof(dir), resv, name) ||
	    join(path, sizeof(path), dir, "reg"))
		return -ENAMETOOLONG;
	n = read_prop(path, reg, sizeof(reg));
	if (n < 0)
		return (int)n;
	if (sc == 0 || (size_t)n < 4 * (size_t)(ac + sc))
		return -EINVAL;
	c->base = cells_at(reg, ac);
	c->size = cells_at(reg + 4 * (size_t)ac, sc);
	snprintf(c->name, sizeof(c->name), "%s", name);
	return 0;
}

int dt_read_rproc(const char *root, const char *compatible,
		  struct dt_rproc *out)
{
	char tree[PATH_MAX], resv[PATH_MAX], path[PATH_MAX], node[PATH_MAX];
	char name[64];
	unsigned char ph[4 * DT_MAX_CARVEOUTS * 2] = { 0 };
	uint32_t ac, sc;
	struct stat st;
	ssize_t n;
	int ret;

	memset(out, 0, sizeof(*out));
	if (join(tree, sizeof(tree), root, DT_TREE))
		return -ENAMETOOLONG;
	if (stat(tree, &st) || !S_ISDIR(st.st_mode))
		return 0;
	out->have_tree = true;
	if (!find_node(tree, compatible, node, sizeof(node)))
		return 0;
	out->have_node = true;
	snprintf(out->node, sizeof(out->node), "%s",
		 node[strlen(tree)] ? node + strlen(tree) : "/");

	if (join(path, sizeof(path), node, "memory-region"))
		return -ENAMETOOLONG;
	n = read_prop(path, ph, sizeof(ph));
	if (n == -ENOENT)
		return 0;
	if (n < 0)
		return (int)n;
	if (n % 4)
		return -EINVAL;
	if (join(resv, sizeof(resv), tree, "reserved-memory"))
		return -ENAMETOOLONG;
	ret = read_cells(resv, "#address-cells", 2, &ac);
	if (!ret)
		ret = read_cells(resv, "#size-cells", 1, &sc);
	if (ret)
		return ret;
	for (ssize_t i = 0; i < n && out->n < DT_MAX_CARVEOUTS; i += 4) {
		ret = find_phandle(resv, be32_at(ph + i), name, sizeof(name));
		if (ret)
			return ret;
		/* imx_rproc_addr_init() maps no vdevbuffer, vdevring. */
		if (strncmp(name, "vdev", 4) == 0)
			continue;
		ret = read_carveout(resv, ac, sc, name, &out->mem[out->n]);
		if (ret)
			return ret;
		out->n++;
	}
	return 0;
}
