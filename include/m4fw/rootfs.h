/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Files of the running system read under --root, as if --root were "/".
 *
 * Sysfs and the device tree are full of symbolic links (/proc/device-tree,
 * /sys/bus/virtio/devices/virtio0, .../driver). Under a fake root used by
 * tests, or a root an unprivileged user prepared, a link must not lead out
 * of the root: every link is resolved here component by component, an
 * absolute target starting again at the root and ".." never climbing above
 * it (the semantics of openat2()'s RESOLVE_IN_ROOT, done by hand because
 * the 4.x/5.4 kernels of NXP BSPs do not have openat2). Reads are
 * non-blocking, of regular files only, and bounded.
 */
#ifndef M4FW_ROOTFS_H
#define M4FW_ROOTFS_H

#include <dirent.h>
#include <stddef.h>
#include <sys/types.h>

/* Links followed in one resolution, as the kernel's MAXSYMLINKS. */
#define ROOTFS_MAX_LINKS 40

/**
 * rootfs_open() - open @path ("/sys/...") under @root with @flags
 * (O_CLOEXEC and O_NOFOLLOW are added; the last component is followed
 * when it is a link, within @root).
 * Return: a file descriptor, or -errno (-ELOOP after too many links).
 */
int rootfs_open(const char *root, const char *path, int flags);

/**
 * rootfs_read() - at most @size - 1 bytes of the regular file @path under
 * @root into @buf, NUL-terminated; opened O_NONBLOCK so that a FIFO or a
 * device planted in place of a sysfs attribute cannot block (and is
 * refused: -EINVAL).
 * Return: the bytes read, or -errno.
 */
ssize_t rootfs_read(const char *root, const char *path, char *buf,
		    size_t size);

/**
 * rootfs_readlink() - the target of the link @path under @root (its last
 * component is not followed; the ones before are, within @root),
 * NUL-terminated.
 * Return: its length, or -errno (-EINVAL when @path is not a link).
 */
ssize_t rootfs_readlink(const char *root, const char *path, char *buf,
			size_t size);

/**
 * rootfs_opendir() - open the directory @path under @root for readdir().
 * Return: the stream, or NULL with errno set.
 */
DIR *rootfs_opendir(const char *root, const char *path);

#endif /* M4FW_ROOTFS_H */
