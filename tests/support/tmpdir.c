// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Temporary directories for tests: fake /sys and /proc trees, memory
 * files, ELF fixtures.
 */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "tmpdir.h"

int tmpdir_make(char *dir, size_t dir_size, const char *prefix)
{
	const char *tmp = getenv("TMPDIR");
	int n;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	n = snprintf(dir, dir_size, "%s/%s.XXXXXX", tmp,
		     prefix ? prefix : "m4fw-test");
	if (n < 0 || (size_t)n >= dir_size)
		return -ENAMETOOLONG;
	return mkdtemp(dir) ? 0 : -errno;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(path) < 0 ? -1 : 0;
	return unlink(path) < 0 ? -1 : 0;
}

int tmpdir_remove(const char *dir)
{
	/* Depth first, not following links: a test may plant symlinks. */
	if (nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
		return errno ? -errno : -EIO;
	return 0;
}
