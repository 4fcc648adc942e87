// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading remoteproc's sysfs. The imx-rproc driver attaches to a core it
 * finds running at probe; resetting the core behind its back leaves its
 * state wrong, which is why a core it manages is not touched by default.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "m4fw/log.h"
#include "m4fw/remoteproc.h"
#include "m4fw/sysfile.h"

/* First line of @dir/@file into @buf ("" when unreadable, and said). */
static void read_attr(const char *dir, const char *file, char *buf,
		      size_t size)
{
	char path[4096];
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	n = sysfile_read(path, buf, size);
	if (n < 0 && n != -ENOENT)
		log_warn("cannot read %s: %s", path, sysfile_strerror(n));
	buf[strcspn(buf, "\n")] = '\0';
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int is_rproc_node(const struct dirent *d)
{
	return strncmp(d->d_name, "remoteproc", 10) == 0;
}

int rproc_find_imx(const char *root, struct rproc_info *info)
{
	char class_dir[4096], node_dir[4096 + 300], name[64];
	struct dirent **list;
	int n, found = 0;

	memset(info, 0, sizeof(*info));
	snprintf(class_dir, sizeof(class_dir), "%s/sys/class/remoteproc",
		 root);
	n = scandir(class_dir, &list, is_rproc_node, by_name);
	if (n < 0)
		return 0;
	for (int i = 0; i < n; i++) {
		snprintf(node_dir, sizeof(node_dir), "%s/%s", class_dir,
			 list[i]->d_name);
		read_attr(node_dir, "name", name, sizeof(name));
		if (!found && strcmp(name, RPROC_IMX_NAME) == 0) {
			snprintf(info->node, sizeof(info->node), "%.63s",
				 list[i]->d_name);
			read_attr(node_dir, "state", info->state,
				  sizeof(info->state));
			read_attr(node_dir, "firmware", info->firmware,
				  sizeof(info->firmware));
			found = 1;
		}
		free(list[i]);
	}
	free(list);
	return found;
}

bool rproc_owns_core(const struct rproc_info *info)
{
	return strcmp(info->state, "offline") != 0;
}
