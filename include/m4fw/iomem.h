/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/iomem: which physical ranges Linux uses. Writing into System RAM
 * corrupts the running kernel; a range a driver has claimed (a line of its
 * own, at any depth) is in use by that driver.
 */
#ifndef M4FW_IOMEM_H
#define M4FW_IOMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A real /proc/iomem is a few KiB; more is not one, and is not read. */
#define IOMEM_MAX_BYTES (1u << 20)

struct iomem_entry {
	uint64_t start;
	uint64_t end;		/* inclusive, as the kernel prints it */
	unsigned int depth;	/* 0: top level; >0: nested in its parent */
	char name[64];
};

struct iomem_map {
	struct iomem_entry *entries;
	size_t n;
	size_t n_skipped;	/* lines that could not be parsed */
	size_t first_skipped;	/* the first of them, from 1 */
	/*
	 * Nonzero (-errno) when the map could not be read at all: then
	 * nothing is known, and only on-chip memory may be written.
	 */
	int read_error;
	char why[64];		/* read_error in words */
};

/**
 * iomem_parse_text() - the /proc/iomem format in @len bytes of @text. A
 * line that cannot be parsed is skipped (counted in n_skipped).
 * Return: 0, or -ENOMEM.
 */
int iomem_parse_text(struct iomem_map *map, const char *text, size_t len);

/**
 * iomem_parse() - iomem_parse_text() of at most IOMEM_MAX_BYTES from @f.
 * Return: 0, -EFBIG past the limit, -ENOMEM or a read's -errno.
 */
int iomem_parse(struct iomem_map *map, FILE *f);

/**
 * iomem_read() - the file @path, opened non-blocking, only when it is a
 * regular file of at most IOMEM_MAX_BYTES. When it cannot be read, the map
 * is empty with read_error and why set. One warning line either way when
 * the map is incomplete.
 * Return: 0 or -errno (also in read_error).
 */
int iomem_read(struct iomem_map *map, const char *path);

/**
 * iomem_conflict() - an entry that [@start, +@len) must not be written
 * into: any line overlapping it but "reserved" (no-map memory), System
 * RAM in preference. NULL when none.
 */
const struct iomem_entry *iomem_conflict(const struct iomem_map *map,
					 uint64_t start, uint64_t len);

/** iomem_is_system_ram() - the kernel's own RAM. */
bool iomem_is_system_ram(const struct iomem_entry *e);

/** iomem_free() - release the entries. */
void iomem_free(struct iomem_map *map);

#endif /* M4FW_IOMEM_H */
