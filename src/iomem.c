// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Parsing /proc/iomem. Each line is "START-END : NAME", indented two spaces
 * per level. On device-tree systems a device's resources are inserted at
 * the top level when the device is created; a driver that claims them
 * (request_mem_region) adds a nested, busy entry. So a nested entry means
 * "in use by a driver", and "System RAM" at any level means the kernel's.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "m4fw/iomem.h"

static int parse_line(const char *line, struct iomem_entry *e)
{
	unsigned int spaces = 0;
	const char *p = line;
	char *endp;
	size_t n;

	while (*p == ' ') {
		spaces++;
		p++;
	}
	errno = 0;
	e->start = strtoull(p, &endp, 16);
	if (errno || endp == p || *endp != '-')
		return -EINVAL;
	p = endp + 1;
	e->end = strtoull(p, &endp, 16);
	if (errno || endp == p || e->end < e->start)
		return -EINVAL;
	p = endp;
	if (strncmp(p, " : ", 3) != 0)
		return -EINVAL;
	p += 3;
	n = strcspn(p, "\n");
	if (n >= sizeof(e->name))
		n = sizeof(e->name) - 1;
	memcpy(e->name, p, n);
	e->name[n] = '\0';
	e->depth = spaces / 2;
	return 0;
}

int iomem_parse(struct iomem_map *map, FILE *f)
{
	char line[256];
	size_t cap = 0;

	memset(map, 0, sizeof(*map));
	while (fgets(line, sizeof(line), f)) {
		struct iomem_entry e;

		if (line[0] == '\n' || line[0] == '\0')
			continue;
		if (parse_line(line, &e)) {
			iomem_free(map);
			return -EINVAL;
		}
		if (map->n == cap) {
			size_t ncap = cap ? 2 * cap : 64;
			struct iomem_entry *ne;

			ne = realloc(map->entries, ncap * sizeof(*ne));
			if (!ne) {
				iomem_free(map);
				return -ENOMEM;
			}
			map->entries = ne;
			cap = ncap;
		}
		map->entries[map->n++] = e;
	}
	return 0;
}

int iomem_read(struct iomem_map *map, const char *path)
{
	FILE *f = fopen(path, "re");
	int ret;

	memset(map, 0, sizeof(*map));
	if (!f)
		return -errno;
	ret = iomem_parse(map, f);
	fclose(f);
	return ret;
}

const struct iomem_entry *iomem_conflict(const struct iomem_map *map,
					 uint64_t start, uint64_t len)
{
	uint64_t last;

	if (!map || len == 0)
		return NULL;
	last = start + len - 1;
	for (size_t i = 0; i < map->n; i++) {
		const struct iomem_entry *e = &map->entries[i];

		if (last < e->start || start > e->end)
			continue;
		if (strcmp(e->name, "System RAM") == 0 || e->depth > 0)
			return e;
	}
	return NULL;
}

void iomem_free(struct iomem_map *map)
{
	free(map->entries);
	memset(map, 0, sizeof(*map));
}
