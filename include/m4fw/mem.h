/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Physical memory behind one small ops table. The devmem backend serves
 * /dev/mem and a regular file standing in for it (byte offset N is physical
 * address N); the tests add a fake that logs and polices every access.
 * Addresses are physical (A view) and 64 bits wide so that sums of 32-bit
 * addresses and lengths cannot wrap.
 */
#ifndef M4FW_MEM_H
#define M4FW_MEM_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mem;

struct mem_ops {
	/* Make [addr, addr + len) accessible; 0 or -errno. */
	int (*map)(struct mem *m, uint64_t addr, uint64_t len);
	/* Aligned 32-bit accesses; 0 or -errno (-EFAULT: not mapped). */
	int (*read32)(struct mem *m, uint64_t addr, uint32_t *val);
	int (*write32)(struct mem *m, uint64_t addr, uint32_t val);
	/* Copy @len bytes of @src to @addr; @src NULL writes zeros. */
	int (*write_block)(struct mem *m, uint64_t addr, const uint8_t *src,
			   size_t len);
	/* Copy @len bytes at @addr to @dst (may be NULL in a backend). */
	int (*read_block)(struct mem *m, uint64_t addr, uint8_t *dst,
			  size_t len);
	/*
	 * Compare @len bytes at @addr with @src (zeros when NULL): 0, or
	 * -EIO with the address of the first differing word in @bad_addr.
	 */
	int (*verify_block)(struct mem *m, uint64_t addr, const uint8_t *src,
			    size_t len, uint64_t *bad_addr);
	/*
	 * Optional: write_block then verify_block, window by window, each
	 * window read back while it is still mapped and in cache. Same
	 * results as the two calls in a row; NULL: the two calls are made.
	 */
	int (*write_verify_block)(struct mem *m, uint64_t addr,
				  const uint8_t *src, size_t len,
				  uint64_t *bad_addr);
	/* Order every write so far before the next one (dsb sy on ARM). */
	void (*barrier)(struct mem *m);
	/* Unmap and close; safe to call once on an open backend. */
	void (*close)(struct mem *m);
};

struct mem {
	const struct mem_ops *ops;
	void *priv;
	const char *path;	/* for messages */
	bool is_device;		/* /dev/mem rather than a file: hints differ */
};

static inline int mem_map(struct mem *m, uint64_t addr, uint64_t len)
{
	return m->ops->map(m, addr, len);
}

static inline int mem_read32(struct mem *m, uint64_t addr, uint32_t *val)
{
	return m->ops->read32(m, addr, val);
}

static inline int mem_write32(struct mem *m, uint64_t addr, uint32_t val)
{
	return m->ops->write32(m, addr, val);
}

static inline int mem_write_block(struct mem *m, uint64_t addr,
				  const uint8_t *src, size_t len)
{
	return m->ops->write_block(m, addr, src, len);
}

static inline int mem_read_block(struct mem *m, uint64_t addr, uint8_t *dst,
				 size_t len)
{
	if (!m->ops->read_block)
		return -EOPNOTSUPP;
	return m->ops->read_block(m, addr, dst, len);
}

static inline int mem_verify_block(struct mem *m, uint64_t addr,
				   const uint8_t *src, size_t len,
				   uint64_t *bad_addr)
{
	return m->ops->verify_block(m, addr, src, len, bad_addr);
}

/**
 * mem_write_verify_block() - copy @src (zeros when NULL) to @addr and
 * read it back: 0, -EIO with the first differing word in @bad_addr, or
 * the -errno of the write.
 */
static inline int mem_write_verify_block(struct mem *m, uint64_t addr,
					 const uint8_t *src, size_t len,
					 uint64_t *bad_addr)
{
	int ret;

	if (m->ops->write_verify_block)
		return m->ops->write_verify_block(m, addr, src, len, bad_addr);
	ret = m->ops->write_block(m, addr, src, len);
	if (ret)
		return ret;
	return m->ops->verify_block(m, addr, src, len, bad_addr);
}

static inline void mem_barrier(struct mem *m)
{
	m->ops->barrier(m);
}

static inline void mem_close(struct mem *m)
{
	if (m->ops)
		m->ops->close(m);
	m->ops = NULL;
}

/*
 * The system calls the devmem backend makes, as a seam: tests replace them
 * to inject failures (ENOENT, EACCES, EPERM from mmap) and to check the
 * mapping arithmetic without a device.
 */
struct devmem_sys {
	int (*open)(const char *path, int flags, unsigned int mode);
	int (*fstat_size)(int fd, bool *is_regular, bool *is_chardev,
			  uint64_t *size);
	int (*ftruncate)(int fd, uint64_t size);
	void *(*mmap)(size_t len, int prot, int flags, int fd, uint64_t off);
	int (*munmap)(void *addr, size_t len);
	int (*close)(int fd);
	long (*page_size)(void);
	/*
	 * Drop pages of a file mapping from this process (the data stays in
	 * the page cache); NULL: never. See devmem_blocks().
	 */
	int (*drop_pages)(void *addr, size_t len);
	/*
	 * Map every page of [addr, addr + len) of a file mapping in one call,
	 * for writing or for reading, rather than one page fault per page;
	 * NULL, or an error (a kernel before 5.14): the pages fault in as
	 * they are touched, which is slower but the same.
	 */
	int (*populate)(void *addr, size_t len, bool write);
};

/** devmem_sys_default - the real system calls. */
extern const struct devmem_sys devmem_sys_default;

/**
 * mem_devmem_open() - open @path as physical memory: a character device
 * (/dev/mem) with O_RDWR | O_SYNC | O_CLOEXEC, or a regular file, created
 * sparse when missing and extended (sparse) as far as the windows mapped need.
 * @sys: the system calls to use (&devmem_sys_default outside tests).
 *
 * Return: 0, or -errno after one error line with a hint (run as root?
 * CONFIG_DEVMEM?).
 */
int mem_devmem_open(struct mem *m, const char *path,
		    const struct devmem_sys *sys);

/**
 * mem_errno_hint() - " (run as root?)" and the like for an error from
 * opening or mapping physical memory; "" when there is nothing to add.
 */
const char *mem_errno_hint(int err, bool is_device);

/**
 * mem_path_names_device() - @path is under /dev/ (not /dev/shm/): a device,
 * never created as a file when it is missing.
 */
bool mem_path_names_device(const char *path);

/** mem_devmem_is_file() - @m stands on a regular file, not a device. */
bool mem_devmem_is_file(const struct mem *m);

/** mem_devmem_fd() - the open descriptor (for locking), or -1. */
int mem_devmem_fd(const struct mem *m);

#endif /* M4FW_MEM_H */
