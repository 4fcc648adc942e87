// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading an image file, once, into memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "m4fw/image.h"
#include "m4fw/log.h"
#include "image_priv.h"

static const char *file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

/*
 * A large image's buffer is an anonymous mapping populated up front: one
 * call instead of a page fault per page when read() first touches it
 * (below 1 MiB the faults cost less than unmapping the buffer at the end).
 * From 2 MiB the mapping starts on a 2 MiB boundary and asks for
 * transparent huge pages: 8 pages instead of 4096 for a 16 MiB DDR image,
 * which on a virtual machine with shadow page tables is most of the cost
 * of reading it (18 ms against 1 ms measured).
 */
#define IMAGE_POPULATE_BYTES (1u << 20)
#define IMAGE_HUGE_BYTES (2u << 20)

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23	/* Linux 5.14, <asm-generic/mman-common.h> */
#endif

/* @size bytes of fresh mapping, 2 MiB aligned; what is around unmapped. */
static void *map_aligned(size_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t len = (size + page - 1) & ~(page - 1);
	uint8_t *p = mmap(NULL, len + IMAGE_HUGE_BYTES, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uintptr_t start, head;

	if (p == MAP_FAILED)
		return MAP_FAILED;
	start = ((uintptr_t)p + IMAGE_HUGE_BYTES - 1) &
		~(uintptr_t)(IMAGE_HUGE_BYTES - 1);
	head = start - (uintptr_t)p;
	if (head)
		munmap(p, head);
	munmap(p + head + len, IMAGE_HUGE_BYTES - head);
#ifdef MADV_HUGEPAGE
	madvise(p + head, len, MADV_HUGEPAGE);
#endif
	/* Before 5.14 the pages fault in as read() fills them: slower only. */
	madvise(p + head, len, MADV_POPULATE_WRITE);
	return p + head;
}

static int alloc_bytes(struct image *img, size_t size)
{
	if (size >= IMAGE_POPULATE_BYTES) {
		void *p = size >= IMAGE_HUGE_BYTES ? map_aligned(size) :
			  mmap(NULL, size, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1,
			       0);

		if (p != MAP_FAILED) {
			img->bytes = p;
			img->bytes_mapped = true;
			return 0;
		}
	}
	img->bytes = malloc(size);
	return img->bytes ? 0 : -ENOMEM;
}

/* Read exactly @size bytes; a file that shrinks meanwhile is an error. */
static int read_all(int fd, uint8_t *buf, size_t size)
{
	size_t done = 0;

	while (done < size) {
		ssize_t n = read(fd, buf + done, size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -ENODATA;
		done += (size_t)n;
	}
	return 0;
}

/*
 * A stream (standard input) has no size to check first: read it to its
 * end, but never keep more than @max_bytes + 1 bytes.
 */
static int read_stream(struct image *img, int fd, size_t max_bytes)
{
	size_t cap = 64 << 10;
	uint8_t *buf = malloc(cap);

	if (!buf)
		return -ENOMEM;
	img->size = 0;
	for (;;) {
		ssize_t n;

		if (img->size == cap) {
			uint8_t *nb;

			if (cap > max_bytes) {
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
		n = read(fd, buf + img->size, cap - img->size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			return -errno;
		}
		if (n == 0)
			break;
		img->size += (size_t)n;
	}
	if (img->size > max_bytes) {
		free(buf);
		return -EFBIG;
	}
	img->bytes = buf;
	return 0;
}

static int read_stdin(struct image *img, size_t max_bytes)
{
	int ret = read_stream(img, STDIN_FILENO, max_bytes);

	if (ret == -EFBIG)
		log_error("%s: more than %zu bytes, more than any M-core image can be",
			  img->path, max_bytes);
	else if (ret)
		log_error("cannot read %s: %s", img->path, strerror(-ret));
	else if (img->size == 0)
		log_error("%s is empty", img->path);
	if (ret || img->size == 0) {
		image_free(img);
		return ret ? ret : -EINVAL;
	}
	return 0;
}

int image_read(struct image *img, const char *path, size_t max_bytes)
{
	struct stat st;
	int fd, ret;

	memset(img, 0, sizeof(*img));
	if (strcmp(path, "-") == 0) {
		img->path = strdup("standard input");
		if (!img->path)
			return -ENOMEM;
		return read_stdin(img, max_bytes);
	}
	img->path = strdup(path);
	if (!img->path) {
		log_error("%s: %s", path, strerror(ENOMEM));
		return -ENOMEM;
	}

	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		ret = -errno;
		log_error("cannot open %s: %s", path, strerror(errno));
		goto err_free;
	}
	if (fstat(fd, &st) < 0) {
		ret = -errno;
		log_error("cannot stat %s: %s", path, strerror(errno));
		goto err_close;
	}
	if (!S_ISREG(st.st_mode)) {
		ret = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
		log_error("%s is %s, not a firmware image", path,
			  file_kind(st.st_mode));
		goto err_close;
	}
	if (st.st_size == 0) {
		ret = -EINVAL;
		log_error("%s is empty", path);
		goto err_close;
	}
	if ((uint64_t)st.st_size > max_bytes) {
		ret = -EFBIG;
		log_error("%s is %llu bytes, more than any M-core image can be (limit %zu bytes); a raw .bin spanning several memories is mostly padding: load the ELF instead",
			  path, (unsigned long long)st.st_size, max_bytes);
		goto err_close;
	}

	img->size = (size_t)st.st_size;
	if (alloc_bytes(img, img->size)) {
		ret = -ENOMEM;
		log_error("%s: cannot allocate %zu bytes", path, img->size);
		goto err_close;
	}
	ret = read_all(fd, img->bytes, img->size);
	if (ret) {
		log_error("cannot read %s: %s", path,
			  ret == -ENODATA ? "file shrank while being read" :
			  strerror(-ret));
		goto err_close;
	}
	close(fd);
	return 0;

err_close:
	close(fd);
err_free:
	image_free(img);
	return ret;
}

bool image_is_elf(const struct image *img)
{
	return img->size >= 4 && memcmp(img->bytes, "\x7f" "ELF", 4) == 0;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

bool image_peek_vector(const struct image *img, uint32_t *sp, uint32_t *pc)
{
	if (img->size < 8)
		return false;
	*sp = le32(img->bytes);
	*pc = le32(img->bytes + 4);
	return true;
}

/* The vector table is the first 8 bytes of the first segment with data. */
void image_set_vector(struct image *img)
{
	for (size_t i = 0; i < img->n_segs; i++) {
		const struct image_segment *s = &img->segs[i];

		if (s->filesz == 0)
			continue;
		if (s->filesz >= 8) {
			img->has_vector = true;
			img->sp = le32(s->data);
			img->pc = le32(s->data + 4);
		}
		return;
	}
}

uint64_t image_copied_bytes(const struct image *img)
{
	uint64_t total = 0;

	for (size_t i = 0; i < img->n_segs; i++)
		total += img->segs[i].filesz;
	return total;
}

void image_free(struct image *img)
{
	free(img->path);
	if (img->bytes_mapped)
		munmap(img->bytes, img->size);
	else
		free(img->bytes);
	free(img->segs);
	free(img->loads);
	memset(img, 0, sizeof(*img));
}
