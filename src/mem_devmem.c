// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Physical memory through /dev/mem, or through a regular file in which byte
 * offset N stands for physical address N. Both take the same path: open,
 * map page-aligned windows with MAP_SHARED, access them with aligned
 * volatile 32-bit loads and stores only, unmap exactly what was mapped.
 * So the tests, which run on files, exercise the mapping code of a board.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "m4fw/iocopy.h"
#include "m4fw/log.h"
#include "m4fw/mem.h"

/* A 32-bit off_t cannot reach DDR at 0x80000000 (see Makefile). */
_Static_assert(sizeof(off_t) == 8, "build with -D_FILE_OFFSET_BITS=64");

struct devmem_window {
	uint64_t addr;		/* page aligned */
	uint64_t len;		/* whole pages */
	uint8_t *base;
	bool whole;		/* a small file window, populated when mapped */
};

/*
 * On a memory file, a mapping of at most DEVMEM_CHUNK_BYTES (registers,
 * TCM, OCRAM) is populated whole when it is mapped (MAP_POPULATE: one call,
 * not a page fault per page) and stays so. A larger one (DDR) is worked
 * through in windows of that size, each ending on a multiple of it: a
 * window is populated in one call, written, read back while it is still
 * mapped and in cache, and only then dropped from this process. The data
 * stays in the page cache, but a 16 MiB DDR image costs the tool 16 MiB
 * of memory (its one copy of the image) plus one window, not 32. On
 * /dev/mem the mapping is I/O memory that takes no page faults and never
 * counts as resident: there is nothing to populate or drop, and the
 * accesses are the same aligned 32-bit ones.
 */
#define DEVMEM_CHUNK_BYTES (1u << 20)

struct devmem {
	const struct devmem_sys *sys;
	int fd;
	bool is_file;
	uint64_t file_size;
	uint64_t page_size;
	struct devmem_window *windows;
	size_t n_windows;
	size_t cap_windows;
	size_t last;		/* the window the previous access used */
};

/* ---- the real system calls ---------------------------------------- */

static int sys_open(const char *path, int flags, unsigned int mode)
{
	return open(path, flags, (mode_t)mode);
}

static int sys_fstat_size(int fd, bool *is_regular, bool *is_chardev,
			  uint64_t *size)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	*is_regular = S_ISREG(st.st_mode);
	*is_chardev = S_ISCHR(st.st_mode);
	*size = (uint64_t)st.st_size;
	return 0;
}

static int sys_ftruncate(int fd, uint64_t size)
{
	return ftruncate(fd, (off_t)size) < 0 ? -errno : 0;
}

static void *sys_mmap(size_t len, int prot, int flags, int fd, uint64_t off)
{
	return mmap(NULL, len, prot, flags, fd, (off_t)off);
}

static int sys_munmap(void *addr, size_t len)
{
	return munmap(addr, len) < 0 ? -errno : 0;
}

static int sys_close(int fd)
{
	return close(fd) < 0 ? -errno : 0;
}

static long sys_page_size(void)
{
	return sysconf(_SC_PAGESIZE);
}

static int sys_drop_pages(void *addr, size_t len)
{
	return madvise(addr, len, MADV_DONTNEED) < 0 ? -errno : 0;
}

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22	/* Linux 5.14, <asm-generic/mman-common.h> */
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

static int sys_populate(void *addr, size_t len, bool write)
{
	int advice = write ? MADV_POPULATE_WRITE : MADV_POPULATE_READ;

	return madvise(addr, len, advice) < 0 ? -errno : 0;
}

const struct devmem_sys devmem_sys_default = {
	.open = sys_open,
	.fstat_size = sys_fstat_size,
	.ftruncate = sys_ftruncate,
	.mmap = sys_mmap,
	.munmap = sys_munmap,
	.close = sys_close,
	.page_size = sys_page_size,
	.drop_pages = sys_drop_pages,
	.populate = sys_populate,
};

/* ---- windows -------------------------------------------------------- */

static struct devmem *priv_of(struct mem *m)
{
	return m->priv;
}

/* The window that holds all of [addr, addr + len), or NULL. */
static struct devmem_window *find_window(struct devmem *d, uint64_t addr,
					 uint64_t len)
{
	struct devmem_window *w;

	if (d->last < d->n_windows) {
		w = &d->windows[d->last];
		if (addr >= w->addr && addr + len <= w->addr + w->len)
			return w;
	}
	for (size_t i = 0; i < d->n_windows; i++) {
		w = &d->windows[i];
		if (addr >= w->addr && addr + len <= w->addr + w->len) {
			d->last = i;
			return w;
		}
	}
	return NULL;
}

/*
 * The size is read again now, not taken from the open: windows are mapped
 * under the lock, and another loader may have grown the file while this
 * one waited for it. A memory file is only ever grown, never shrunk.
 */
static int grow_file(struct devmem *d, uint64_t end)
{
	bool is_regular, is_chardev;
	uint64_t now;
	int ret;

	ret = d->sys->fstat_size(d->fd, &is_regular, &is_chardev, &now);
	if (!ret && now < end)
		ret = d->sys->ftruncate(d->fd, end);
	if (!ret)
		d->file_size = now > end ? now : end;
	return ret;
}

static int devmem_map(struct mem *m, uint64_t addr, uint64_t len)
{
	struct devmem *d = priv_of(m);
	uint64_t start, end;
	struct devmem_window *w;
	bool whole;
	void *base;
	int ret;

	if (len == 0)
		len = 1;
	if (find_window(d, addr, len))
		return 0;
	start = addr & ~(d->page_size - 1);
	end = (addr + len + d->page_size - 1) & ~(d->page_size - 1);
	if (end - start > SIZE_MAX)
		return -EFBIG;

	if (d->n_windows == d->cap_windows) {
		size_t cap = d->cap_windows ? 2 * d->cap_windows : 8;

		w = realloc(d->windows, cap * sizeof(*w));
		if (!w)
			return -ENOMEM;
		d->windows = w;
		d->cap_windows = cap;
	}
	/* A file grows (sparse) to cover the window: no blocks are used. */
	if (d->is_file && end > d->file_size) {
		ret = grow_file(d, end);
		if (ret)
			return ret;
	}
	whole = d->is_file && end - start <= DEVMEM_CHUNK_BYTES;
	base = d->sys->mmap((size_t)(end - start), PROT_READ | PROT_WRITE,
			    MAP_SHARED | (whole ? MAP_POPULATE : 0), d->fd,
			    start);
	if (base == MAP_FAILED)
		return -errno;

	w = &d->windows[d->n_windows++];
	w->addr = start;
	w->len = end - start;
	w->base = base;
	w->whole = whole;
	log_access("mapped  0x%08llx 0x%llx from %s",
		   (unsigned long long)start, (unsigned long long)(end - start),
		   m->path);
	return 0;
}

static volatile uint32_t *word_at(struct devmem_window *w, uint64_t addr)
{
	return (volatile uint32_t *)(void *)(w->base + (addr - w->addr));
}

static int devmem_read32(struct mem *m, uint64_t addr, uint32_t *val)
{
	struct devmem_window *w;

	if (addr & 3)
		return -EINVAL;
	w = find_window(priv_of(m), addr, 4);
	if (!w)
		return -EFAULT;
	*val = *word_at(w, addr);
	return 0;
}

static int devmem_write32(struct mem *m, uint64_t addr, uint32_t val)
{
	struct devmem_window *w;

	if (addr & 3)
		return -EINVAL;
	w = find_window(priv_of(m), addr, 4);
	if (!w)
		return -EFAULT;
	*word_at(w, addr) = val;
	return 0;
}


enum {
	BLOCK_WRITE = 1,
	BLOCK_VERIFY = 2,
};

/* The whole pages of [addr, addr + len), or false when there is none. */
static bool whole_pages(const struct devmem *d, uint64_t addr, size_t len,
			uint64_t *start, uint64_t *end)
{
	*start = (addr + d->page_size - 1) & ~(d->page_size - 1);
	*end = (addr + len) & ~(d->page_size - 1);
	return *end > *start;
}

/* Every page the chunk touches, partial ones included. */
static void populate_chunk(struct devmem *d, struct devmem_window *w,
			   uint64_t addr, size_t len, bool write)
{
	uint64_t start = addr & ~(d->page_size - 1);
	uint64_t end = (addr + len + d->page_size - 1) & ~(d->page_size - 1);

	if (!d->is_file || w->whole || !d->sys->populate)
		return;
	/* A failure only means the pages fault in one at a time. */
	d->sys->populate(w->base + (start - w->addr), (size_t)(end - start),
			 write);
}

/* Only pages wholly inside: a neighbour's may still be needed hot. */
static void drop_chunk(struct devmem *d, struct devmem_window *w,
		       uint64_t addr, size_t len)
{
	uint64_t start, end;

	if (!d->is_file || w->whole || !d->sys->drop_pages ||
	    !whole_pages(d, addr, len, &start, &end))
		return;
	d->sys->drop_pages(w->base + (start - w->addr), (size_t)(end - start));
}

/* To the next multiple of the chunk size: every later chunk is aligned. */
static size_t chunk_len(uint64_t addr, size_t len)
{
	size_t to_end = DEVMEM_CHUNK_BYTES -
			(size_t)(addr & (DEVMEM_CHUNK_BYTES - 1));

	return len > to_end ? to_end : len;
}

/*
 * Write and/or verify [addr, addr + len), chunk by chunk. A window only
 * written is dropped before its read-back (write_block alone, then
 * verify_block later): this keeps memory bounded when the two are apart.
 */
static int devmem_blocks(struct mem *m, uint64_t addr, const uint8_t *src,
			 size_t len, unsigned int what, uint64_t *bad_addr)
{
	struct devmem *d = priv_of(m);
	struct devmem_window *w = find_window(d, addr, len);

	if (!w)
		return -EFAULT;
	while (len) {
		size_t n = chunk_len(addr, len);
		volatile uint32_t *word = word_at(w, addr & ~UINT64_C(3));
		size_t off = (size_t)-1;

		populate_chunk(d, w, addr, n, what & BLOCK_WRITE);
		if (what & BLOCK_WRITE)
			iocopy_to(word, (size_t)(addr & 3), src, n);
		if (what & BLOCK_VERIFY)
			off = iocopy_compare(word, (size_t)(addr & 3), src, n);
		drop_chunk(d, w, addr, n);
		if (off != (size_t)-1) {
			*bad_addr = addr + off;
			return -EIO;
		}
		addr += n;
		len -= n;
		if (src)
			src += n;
	}
	return 0;
}

static int devmem_write_block(struct mem *m, uint64_t addr,
			      const uint8_t *src, size_t len)
{
	return devmem_blocks(m, addr, src, len, BLOCK_WRITE, NULL);
}

static int devmem_verify_block(struct mem *m, uint64_t addr,
			       const uint8_t *src, size_t len,
			       uint64_t *bad_addr)
{
	return devmem_blocks(m, addr, src, len, BLOCK_VERIFY, bad_addr);
}

static int devmem_write_verify_block(struct mem *m, uint64_t addr,
				     const uint8_t *src, size_t len,
				     uint64_t *bad_addr)
{
	return devmem_blocks(m, addr, src, len, BLOCK_WRITE | BLOCK_VERIFY,
			     bad_addr);
}

static int devmem_read_block(struct mem *m, uint64_t addr, uint8_t *dst,
			     size_t len)
{
	struct devmem_window *w = find_window(priv_of(m), addr, len);

	if (!w)
		return -EFAULT;
	iocopy_from(word_at(w, addr & ~UINT64_C(3)), (size_t)(addr & 3), dst,
		    len);
	return 0;
}

static void devmem_barrier(struct mem *m)
{
	(void)m;
	/* The image must be in memory before the write that releases the core. */
#if defined(__arm__) || defined(__aarch64__)
	__asm__ __volatile__("dsb sy" ::: "memory");
#else
	__sync_synchronize();
#endif
}

static void devmem_close(struct mem *m)
{
	struct devmem *d = priv_of(m);

	if (!d)
		return;
	for (size_t i = 0; i < d->n_windows; i++)
		d->sys->munmap(d->windows[i].base, (size_t)d->windows[i].len);
	if (d->fd >= 0)
		d->sys->close(d->fd);
	free(d->windows);
	free(d);
	m->priv = NULL;
}

static const struct mem_ops devmem_ops = {
	.map = devmem_map,
	.read32 = devmem_read32,
	.write32 = devmem_write32,
	.write_block = devmem_write_block,
	.read_block = devmem_read_block,
	.verify_block = devmem_verify_block,
	.write_verify_block = devmem_write_verify_block,
	.barrier = devmem_barrier,
	.close = devmem_close,
};

/* ---- opening -------------------------------------------------------- */

const char *mem_errno_hint(int err, bool is_device)
{
	switch (err) {
	case EACCES:
		return " (run as root?)";
	case EPERM:
		return is_device ?
		       " (kernel built with CONFIG_STRICT_DEVMEM / IO_STRICT_DEVMEM? boot with iomem=relaxed)" :
		       " (run as root?)";
	case ENOENT:
		return is_device ? " (kernel built without CONFIG_DEVMEM?)" :
				   "";
	case ENXIO:
		return " (no memory at that physical address?)";
	default:
		return "";
	}
}

/* A descriptor the tests' fake system calls made is not known to fstat. */
static bool is_mem_device(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode))
		return true;
	return major(st.st_rdev) == 1 && minor(st.st_rdev) == 1;
}

/* Not known to fstat (a test's fake descriptor): no other names. */
static bool has_other_names(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink > 1;
}

/* Paths under /dev/ are devices (but /dev/shm, a tmpfs): never create one. */
bool mem_path_names_device(const char *path)
{
	return strncmp(path, "/dev/", 5) == 0 &&
	       strncmp(path, "/dev/shm/", 9) != 0;
}

int mem_devmem_open(struct mem *m, const char *path,
		    const struct devmem_sys *sys)
{
	struct devmem *d;
	bool is_regular = false, is_chardev = false;
	int nofollow;
	long page;
	int ret;

	memset(m, 0, sizeof(*m));
	d = calloc(1, sizeof(*d));
	if (!d) {
		log_error("%s: out of memory", path);
		return -ENOMEM;
	}
	d->sys = sys;
	page = sys->page_size();
	d->page_size = page > 0 ? (uint64_t)page : 4096;

	/*
	 * A memory file is never reached through a symbolic link, and a new
	 * one is made only where nothing is (O_EXCL): a link planted in a
	 * shared directory must not aim the writes at another file.
	 */
	nofollow = mem_path_names_device(path) ? 0 : O_NOFOLLOW;
	d->fd = sys->open(path, O_RDWR | O_SYNC | O_CLOEXEC | nofollow, 0);
	if (d->fd < 0 && errno == ENOENT && nofollow)
		d->fd = sys->open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW |
				  O_CLOEXEC, 0644);
	/* Made meanwhile by a concurrent loader: open it, never a link. */
	if (d->fd < 0 && errno == EEXIST && nofollow)
		d->fd = sys->open(path, O_RDWR | O_SYNC | O_CLOEXEC | nofollow,
				  0);
	if (d->fd < 0 && nofollow && (errno == ELOOP || errno == EEXIST)) {
		ret = -errno;
		log_error("%s is a symbolic link (or appeared while it was being created): refusing to write through it; give the file itself",
			  path);
		free(d);
		return ret;
	}
	if (d->fd < 0) {
		ret = -errno;
		/* STRICT_DEVMEM refuses mappings; an open fails for want of a capability. */
		log_error("cannot open %s: %s%s", path, strerror(-ret),
			  ret == -EPERM && mem_path_names_device(path) ?
			  " (run as root? it needs CAP_SYS_RAWIO, and a kernel in lockdown mode refuses it)" :
			  mem_errno_hint(-ret, mem_path_names_device(path)));
		free(d);
		return ret;
	}
	ret = sys->fstat_size(d->fd, &is_regular, &is_chardev, &d->file_size);
	if (ret) {
		log_error("cannot stat %s: %s", path, strerror(-ret));
		goto err_close;
	}
	if (!is_regular && !is_chardev) {
		ret = -EINVAL;
		log_error("%s is neither a memory device nor a regular file",
			  path);
		goto err_close;
	}
	/*
	 * Only /dev/mem (1:1) maps physical addresses at file offsets; any
	 * other device (/dev/zero, ...) would be written blind, or SIGBUS.
	 */
	if (is_chardev && !is_mem_device(d->fd)) {
		ret = -ENODEV;
		log_error("%s is a character device but not /dev/mem (1:1)",
			  path);
		goto err_close;
	}
	if (is_regular && has_other_names(d->fd)) {
		ret = -EMLINK;
		log_error("%s has other names (hard links): refusing to write a file that is also elsewhere",
			  path);
		goto err_close;
	}
	d->is_file = is_regular;
	m->ops = &devmem_ops;
	m->priv = d;
	m->path = path;
	m->is_device = !is_regular;
	return 0;

err_close:
	sys->close(d->fd);
	free(d);
	return ret;
}

bool mem_devmem_is_file(const struct mem *m)
{
	const struct devmem *d = m->priv;

	return d && d->is_file;
}

int mem_devmem_fd(const struct mem *m)
{
	const struct devmem *d = m->priv;

	return d ? d->fd : -1;
}
