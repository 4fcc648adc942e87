// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Parsing /proc/iomem. Each line is "START-END : NAME", indented two spaces
 * per level. On device-tree kernels a driver's claim is usually a top-level
 * line named "<device> <resource>" (devm_ioremap_resource() requests the
 * region by that name; of_platform devices insert nothing beforehand), so
 * any line overlapping a range means "in use", at any depth. The exception
 * is "reserved": a reserved-memory node with no-map, carved out of System
 * RAM, which is where firmware in DDR is meant to go.
 *
 * The file is read once, non-blocking and bounded: under --root it may be
 * a FIFO, a directory or a huge file, and none of those may hang the tool
 * or make it believe that nothing is in use.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "m4fw/iomem.h"
#include "m4fw/sysfile.h"
#include "m4fw/log.h"

static int parse_line(const char *line, size_t len, struct iomem_entry *e)
{
	const char *end = line + len, *p = line;
	unsigned int spaces = 0;
	size_t n;

	while (p < end && *p == ' ') {
		spaces++;
		p++;
	}
	/* Up to 16 hex digits, '-', up to 16 hex digits, " : ", a name. */
	for (int half = 0; half < 2; half++) {
		uint64_t v = 0;

		n = 0;
		while (p + n < end && n <= 16 && isxdigit((unsigned char)p[n]))
			n++;
		if (n == 0 || n > 16)
			return -EINVAL;
		for (size_t i = 0; i < n; i++) {
			char c = p[i];

			v = v << 4 | (uint64_t)(c <= '9' ? c - '0' :
						(c | 0x20) - 'a' + 10);
		}
		p += n;
		if (half == 0) {
			if (p >= end || *p != '-')
				return -EINVAL;
			p++;
			e->start = v;
		} else {
			e->end = v;
		}
	}
	if (e->end < e->start || end - p < 3 || memcmp(p, " : ", 3) != 0)
		return -EINVAL;
	p += 3;
	n = (size_t)(end - p);
	if (n >= sizeof(e->name))
		n = sizeof(e->name) - 1;	/* a long name is cut, not an error */
	memcpy(e->name, p, n);
	e->name[n] = '\0';
	if (strlen(e->name) != n)
		return -EINVAL;		/* a NUL byte: not text */
	e->depth = spaces / 2;
	return 0;
}

static int add_entry(struct iomem_map *map, size_t *cap,
		     const struct iomem_entry *e)
{
	if (map->n == *cap) {
		size_t ncap = *cap ? 2 * *cap : 64;
		struct iomem_entry *ne;

		ne = realloc(map->entries, ncap * sizeof(*ne));
		if (!ne)
			return -ENOMEM;
		map->entries = ne;
		*cap = ncap;
	}
	map->entries[map->n++] = *e;
	return 0;
}

int iomem_parse_text(struct iomem_map *map, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	size_t cap = 0, line_no = 0;

	memset(map, 0, sizeof(*map));
	for (; p < end; p++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		struct iomem_entry e;

		line_no++;
		if (eol == p)
			continue;	/* an empty line */
		if (parse_line(p, (size_t)(eol - p), &e) == 0) {
			if (add_entry(map, &cap, &e)) {
				iomem_free(map);
				return -ENOMEM;
			}
		} else if (!map->n_skipped++) {
			map->first_skipped = line_no;
		}
		p = eol;
	}
	return 0;
}

typedef ssize_t (*read_fn)(void *src, char *buf, size_t n);

static ssize_t read_fd(void *src, char *buf, size_t n)
{
	return read(*(int *)src, buf, n);
}

static ssize_t read_stream(void *src, char *buf, size_t n)
{
	size_t got = fread(buf, 1, n, src);

	if (got == 0 && ferror((FILE *)src)) {
		errno = EIO;
		return -1;
	}
	return (ssize_t)got;
}

/* Read at most IOMEM_MAX_BYTES + 1 bytes of @src; -EFBIG past the limit. */
static int read_bounded(read_fn rd, void *src, char **text, size_t *len)
{
	size_t cap = 64 << 10, n = 0;
	char *buf = malloc(cap);

	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t got;

		if (n == cap) {
			char *nb;

			if (cap > IOMEM_MAX_BYTES) {
				free(buf);
				return -EFBIG;
			}
			cap *= 2;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
		}
		got = rd(src, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int err = -errno;

			free(buf);
			return err;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	if (n > IOMEM_MAX_BYTES) {
		free(buf);
		return -EFBIG;
	}
	*text = buf;
	*len = n;
	return 0;
}

int iomem_parse(struct iomem_map *map, FILE *f)
{
	char *text;
	size_t len;
	int ret;

	memset(map, 0, sizeof(*map));
	ret = read_bounded(read_stream, f, &text, &len);
	if (ret)
		return ret;
	ret = iomem_parse_text(map, text, len);
	free(text);
	return ret;
}

static void set_unreadable(struct iomem_map *map, int err, const char *why)
{
	map->read_error = err;
	snprintf(map->why, sizeof(map->why), "%s", why);
}

int iomem_read(struct iomem_map *map, const char *path)
{
	char *text = NULL;
	size_t len = 0;
	int fd, ret;

	memset(map, 0, sizeof(*map));
	/* Non-blocking and regular only: a FIFO planted there must not hang. */
	fd = sysfile_open(path, false);
	if (fd < 0) {
		ret = fd;
		set_unreadable(map, ret, sysfile_strerror(ret));
		goto out;
	}
	ret = read_bounded(read_fd, &fd, &text, &len);
	if (ret) {
		set_unreadable(map, ret, ret == -EFBIG ?
			       "larger than 1 MiB, not /proc/iomem" :
			       strerror(-ret));
		goto out_close;
	}
	ret = iomem_parse_text(map, text, len);
	if (ret)
		set_unreadable(map, ret, strerror(-ret));
	free(text);
out_close:
	close(fd);
out:
	if (map->read_error)
		log_warn("cannot read %s: %s; only on-chip memory is written without --force",
			 path, map->why);
	else if (map->n_skipped)
		log_warn("%s: %zu line%s that cannot be parsed skipped (the first is line %zu); the rest still applies",
			 path, map->n_skipped, map->n_skipped == 1 ? "" : "s",
			 map->first_skipped);
	return ret;
}

const struct iomem_entry *iomem_conflict(const struct iomem_map *map,
					 uint64_t start, uint64_t len)
{
	const struct iomem_entry *first = NULL;
	uint64_t last;

	if (!map || len == 0)
		return NULL;
	last = start + len - 1;
	for (size_t i = 0; i < map->n; i++) {
		const struct iomem_entry *e = &map->entries[i];

		if (last < e->start || start > e->end ||
		    strcmp(e->name, "reserved") == 0)
			continue;
		/* System RAM first: its fix (no-map) is not a driver's. */
		if (iomem_is_system_ram(e))
			return e;
		if (!first)
			first = e;
	}
	return first;
}

bool iomem_is_system_ram(const struct iomem_entry *e)
{
	return strcmp(e->name, "System RAM") == 0;
}

void iomem_free(struct iomem_map *map)
{
	free(map->entries);
	memset(map, 0, sizeof(*map));
}
