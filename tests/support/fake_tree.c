// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fake trees for the sysfs and device-tree readers. Any failure ends the
 * test program: a half-built tree would make a test pass for the wrong
 * reason.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fake_tree.h"

static void die(const char *what, const char *path)
{
	fprintf(stderr, "fake_tree: %s %s: %s\n", what, path, strerror(errno));
	exit(99);
}

static void make_parents(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			die("mkdir", path);
		*p = '/';
	}
}

void fake_dir(const char *root, const char *rel)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s/", root, rel);
	make_parents(path);
}

void fake_file(const char *root, const char *rel, const void *data,
	       size_t len)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	make_parents(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die("create", path);
	if (len && write(fd, data, len) != (ssize_t)len)
		die("write", path);
	close(fd);
}

void fake_str(const char *root, const char *rel, const char *s)
{
	fake_file(root, rel, s, strlen(s));
}

void fake_cells(const char *root, const char *rel, const uint32_t *cells,
		size_t n)
{
	unsigned char b[64];

	if (n > sizeof(b) / 4)
		exit(99);
	for (size_t i = 0; i < n; i++) {
		b[4 * i] = (unsigned char)(cells[i] >> 24);
		b[4 * i + 1] = (unsigned char)(cells[i] >> 16);
		b[4 * i + 2] = (unsigned char)(cells[i] >> 8);
		b[4 * i + 3] = (unsigned char)cells[i];
	}
	fake_file(root, rel, b, 4 * n);
}

void fake_link(const char *root, const char *rel, const char *target)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	make_parents(path);
	if (symlink(target, path))
		die("symlink", path);
}
