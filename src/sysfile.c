// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Bounded, non-blocking reads of /sys and /proc files. The kernel's own
 * files never block and are small; anything else found at their paths
 * (a FIFO would block open() and read() forever, a directory or a device
 * would be read as garbage) is refused with words that say what it is.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "m4fw/sysfile.h"

int sysfile_open(const char *path, bool allow_chr)
{
	struct stat st;
	int fd;

	/* O_NONBLOCK: opening a FIFO for reading would wait for a writer. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		int err = errno;

		close(fd);
		return -err;
	}
	if (S_ISREG(st.st_mode) || (allow_chr && S_ISCHR(st.st_mode)))
		return fd;
	close(fd);
	return S_ISDIR(st.st_mode) ? -EISDIR :
	       S_ISFIFO(st.st_mode) ? -SYSFILE_EFIFO : -SYSFILE_ENOTREG;
}

long sysfile_read(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	long ret = 0;
	int fd;

	buf[0] = '\0';
	fd = sysfile_open(path, false);
	if (fd < 0)
		return fd;
	/* Bounded: what does not fit is never read (a 1 GB file costs one). */
	while (len + 1 < size) {
		ssize_t n = read(fd, buf + len, size - 1 - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			break;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[ret ? 0 : len] = '\0';
	return ret ? ret : (long)len;
}

const char *sysfile_strerror(long err)
{
	switch (-err) {
	case SYSFILE_ENOTREG:
		return "not a regular file";
	case SYSFILE_EFIFO:
		return "a FIFO, not a file";
	case EISDIR:
		return "a directory, not a file";
	case ELOOP:
		return "a loop of symbolic links";
	default:
		return strerror((int)-err);
	}
}
