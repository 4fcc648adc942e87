/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/iomem: which physical ranges Linux uses. Writing into System RAM
 * corrupts the running kernel; a range a driver has claimed (a nested,
 * busy entry) is in use by that driver.
 */
#ifndef M4FW_IOMEM_H
#define M4FW_IOMEM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct iomem_entry {
	uint64_t start;
	uint64_t end;		/* inclusive, as the kernel prints it */
	unsigned int depth;	/* 0: top level; >0: claimed inside its parent */
	char name[64];
};

struct iomem_map {
	struct iomem_entry *entries;
	size_t n;
};

/**
 * iomem_parse() - read the /proc/iomem format from @f.
 * Return: 0, -EINVAL on a malformed line, -ENOMEM.
 */
int iomem_parse(struct iomem_map *map, FILE *f);

/** iomem_read() - iomem_parse() of the file @path; -errno on failure. */
int iomem_read(struct iomem_map *map, const char *path);

/**
 * iomem_conflict() - an entry that [@start, +@len) must not be written
 * into: System RAM, or a range claimed by a driver. NULL when none.
 */
const struct iomem_entry *iomem_conflict(const struct iomem_map *map,
					 uint64_t start, uint64_t len);

/** iomem_free() - release the entries. */
void iomem_free(struct iomem_map *map);

#endif /* M4FW_IOMEM_H */
