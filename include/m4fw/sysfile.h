/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading the small files of /sys and /proc (under --root): opened
 * non-blocking, checked to be what they claim, and bounded, so that a
 * FIFO, a directory, a symlink loop or a huge file planted in their place
 * can neither hang the tool nor feed it unbounded input.
 */
#ifndef M4FW_SYSFILE_H
#define M4FW_SYSFILE_H

#include <stdbool.h>
#include <stddef.h>

#include <errno.h>

/*
 * An error of its own, as an errno value that no read of a regular file
 * gives, so that strerror() still says something near the truth where
 * sysfile_strerror() is not used.
 */
#define SYSFILE_ENOTREG EBADFD	/* a socket or device */
#define SYSFILE_EFIFO ESPIPE	/* a FIFO */

/**
 * sysfile_open() - open @path read-only, O_NONBLOCK, and check that it is
 * a regular file (sysfs attributes and /proc files are), or with
 * @allow_chr a character device (/dev/kmsg).
 * Return: the descriptor, or -errno / -SYSFILE_ENOTREG / -SYSFILE_EFIFO.
 */
int sysfile_open(const char *path, bool allow_chr);

/**
 * sysfile_read() - at most @size - 1 bytes of @path into @buf,
 * NUL-terminated: a longer file is cut there, never read whole.
 * Return: the byte count, or -errno / -SYSFILE_ENOTREG.
 */
long sysfile_read(const char *path, char *buf, size_t size);

/** sysfile_strerror() - words for a negative code of the above. */
const char *sysfile_strerror(long err);

#endif /* M4FW_SYSFILE_H */
