/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Building fake sysfs / device-tree trees under a test's directory. */
#ifndef M4FW_TEST_FAKE_TREE_H
#define M4FW_TEST_FAKE_TREE_H

#include <stddef.h>
#include <stdint.h>

/** fake_file() - @root/@rel with @len bytes of @data, parents created. */
void fake_file(const char *root, const char *rel, const void *data,
	       size_t len);

/** fake_str() - fake_file() of a string without its NUL. */
void fake_str(const char *root, const char *rel, const char *s);

/** fake_cells() - a device-tree property of @n big-endian 32-bit cells. */
void fake_cells(const char *root, const char *rel, const uint32_t *cells,
		size_t n);

/** fake_link() - @root/@rel, a symbolic link to @target, parents created. */
void fake_link(const char *root, const char *rel, const char *target);

/** fake_dir() - @root/@rel and its parents. */
void fake_dir(const char *root, const char *rel);

#endif /* M4FW_TEST_FAKE_TREE_H */
