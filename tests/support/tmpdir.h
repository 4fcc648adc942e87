/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Temporary directories for tests. */
#ifndef M4FW_TEST_TMPDIR_H
#define M4FW_TEST_TMPDIR_H

#include <stddef.h>

/**
 * tmpdir_make() - a fresh directory under $TMPDIR (or /tmp) for a test's
 * files; its name goes to @dir (at least 64 bytes).
 * Return: 0 or -errno.
 */
int tmpdir_make(char *dir, size_t dir_size, const char *prefix);

/**
 * tmpdir_remove() - remove @dir and everything under it, without
 * following symbolic links. Return: 0 or -errno.
 */
int tmpdir_remove(const char *dir);

#endif /* M4FW_TEST_TMPDIR_H */
