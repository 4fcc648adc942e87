// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The devmem backend. First with its system calls replaced (struct
 * devmem_sys), to pin down what it asks of the kernel: open flags, that
 * nothing is ever created under /dev, page-aligned mmap windows, unmapping
 * exactly what was mapped, errors passed on as -errno. Then with the real
 * system calls on a sparse file in a temporary directory, which is the
 * same code path as /dev/mem on a board, offsets above 2 GiB included.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "m4fw/log.h"
#include "m4fw/mem.h"

#define FAKE_FD 42
#define MAX_CALLS 16

/* ---- recorded system calls -------------------------------------------- */

struct rec_map {
	void *ptr;
	size_t len;
	uint64_t off;
	int prot;
	int flags;
	int fd;
	int unmapped;	/* times munmap() was given this mapping */
};

/* The seam has no context pointer: the fake keeps its state here. */
static struct {
	/* What the fake kernel does. */
	int open_errno[2];	/* fail the 1st/2nd open() with it; 0: succeed */
	bool is_regular;
	bool is_chardev;
	uint64_t file_size;
	int fstat_err;
	int ftruncate_err;
	int mmap_errno;
	long page;

	/* What the backend asked for. */
	int n_open;
	char open_path[2][64];
	int open_flags[2];
	unsigned int open_mode[2];
	int n_fstat;
	int n_ftruncate;
	uint64_t ftruncate_size[MAX_CALLS];
	int n_mmap;
	int n_mmap_failed;
	struct rec_map maps[MAX_CALLS];
	int n_munmap;
	int n_munmap_unknown;
	int n_close;
	int closed_fd;
} sys;

static int rec_open(const char *path, int flags, unsigned int mode)
{
	int n = sys.n_open++;

	if (n < 2) {
		snprintf(sys.open_path[n], sizeof(sys.open_path[n]), "%s",
			 path);
		sys.open_flags[n] = flags;
		sys.open_mode[n] = mode;
		if (sys.open_errno[n]) {
			errno = sys.open_errno[n];
			return -1;
		}
	}
	return FAKE_FD;
}

static int rec_fstat_size(int fd, bool *is_regular, bool *is_chardev,
			  uint64_t *size)
{
	assert_int_equal(fd, FAKE_FD);
	sys.n_fstat++;
	if (sys.fstat_err)
		return sys.fstat_err;
	*is_regular = sys.is_regular;
	*is_chardev = sys.is_chardev;
	*size = sys.file_size;
	return 0;
}

static int rec_ftruncate(int fd, uint64_t size)
{
	assert_int_equal(fd, FAKE_FD);
	assert_true(sys.n_ftruncate < MAX_CALLS);
	sys.ftruncate_size[sys.n_ftruncate++] = size;
	if (sys.ftruncate_err)
		return sys.ftruncate_err;
	sys.file_size = size;
	return 0;
}

static void *rec_mmap(size_t len, int prot, int flags, int fd, uint64_t off)
{
	struct rec_map *r;

	if (sys.mmap_errno) {
		sys.n_mmap_failed++;
		errno = sys.mmap_errno;
		return MAP_FAILED;
	}
	assert_true(sys.n_mmap < MAX_CALLS);
	r = &sys.maps[sys.n_mmap++];
	r->ptr = calloc(1, len);
	assert_non_null(r->ptr);
	r->len = len;
	r->off = off;
	r->prot = prot;
	r->flags = flags;
	r->fd = fd;
	return r->ptr;
}

static int rec_munmap(void *addr, size_t len)
{
	sys.n_munmap++;
	for (int i = 0; i < sys.n_mmap; i++) {
		struct rec_map *r = &sys.maps[i];

		if (r->ptr != addr)
			continue;
		/* Exactly the length mmap() was given, once. */
		assert_int_equal(len, r->len);
		assert_int_equal(r->unmapped, 0);
		r->unmapped++;
		return 0;
	}
	sys.n_munmap_unknown++;
	return -EINVAL;
}

static int rec_close(int fd)
{
	sys.n_close++;
	sys.closed_fd = fd;
	return 0;
}

static long rec_page_size(void)
{
	return sys.page;
}

static const struct devmem_sys rec_sys = {
	.open = rec_open,
	.fstat_size = rec_fstat_size,
	.ftruncate = rec_ftruncate,
	.mmap = rec_mmap,
	.munmap = rec_munmap,
	.close = rec_close,
	.page_size = rec_page_size,
};

/*
 * Start over: a character device that opens, with @page-byte pages. The
 * buffers standing for mappings are freed here rather than by munmap(),
 * so that a test can still look at them after the close.
 */
static void rec_reset(long page)
{
	for (int i = 0; i < sys.n_mmap; i++)
		free(sys.maps[i].ptr);
	memset(&sys, 0, sizeof(sys));
	sys.is_chardev = true;
	sys.page = page;
}

static int rec_setup(void **state)
{
	(void)state;
	memset(&sys, 0, sizeof(sys));
	rec_reset(4096);
	return 0;
}

static int rec_teardown(void **state)
{
	(void)state;
	rec_reset(4096);
	return 0;
}

static struct rec_map *last_map(void)
{
	assert_true(sys.n_mmap > 0);
	return &sys.maps[sys.n_mmap - 1];
}

/* ---- opening ------------------------------------------------------------ */

static void test_open_device(void **state)
{
	struct mem m;

	(void)state;
	assert_int_equal(mem_devmem_open(&m, "/dev/mem", &rec_sys), 0);
	assert_int_equal(sys.n_open, 1);
	assert_string_equal(sys.open_path[0], "/dev/mem");
	assert_int_equal(sys.open_flags[0], O_RDWR | O_SYNC | O_CLOEXEC);
	assert_true(m.is_device);
	assert_false(mem_devmem_is_file(&m));
	assert_int_equal(mem_devmem_fd(&m), FAKE_FD);
	assert_string_equal(m.path, "/dev/mem");
	mem_close(&m);
	assert_null(m.ops);
	assert_int_equal(sys.n_close, 1);
	assert_int_equal(sys.closed_fd, FAKE_FD);
	assert_int_equal(sys.n_ftruncate, 0);
}

/* A missing /dev/mem means no CONFIG_DEVMEM: never make a file there. */
static void test_open_dev_missing_not_created(void **state)
{
	static const char *const paths[] = { "/dev/mem", "/dev/m4fw/mem" };
	struct mem m;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		rec_reset(4096);
		sys.is_chardev = false;
		sys.open_errno[0] = ENOENT;
		assert_int_equal(mem_devmem_open(&m, paths[i], &rec_sys),
				 -ENOENT);
		assert_int_equal(sys.n_open, 1);
		assert_false(sys.open_flags[0] & O_CREAT);
		assert_int_equal(sys.n_close, 0);
		assert_int_equal(sys.n_fstat, 0);
	}
}

static void test_open_missing_file_created(void **state)
{
	struct mem m;

	(void)state;
	sys.open_errno[0] = ENOENT;
	sys.is_chardev = false;
	sys.is_regular = true;
	assert_int_equal(mem_devmem_open(&m, "board.mem", &rec_sys), 0);
	assert_int_equal(sys.n_open, 2);
	assert_string_equal(sys.open_path[1], "board.mem");
	assert_true(sys.open_flags[1] & O_CREAT);
	/* Made only where nothing is, never through a link. */
	assert_true(sys.open_flags[1] & O_EXCL);
	assert_true(sys.open_flags[1] & O_NOFOLLOW);
	assert_true(sys.open_flags[0] & O_NOFOLLOW);
	assert_true(sys.open_flags[1] & O_CLOEXEC);
	assert_int_equal(sys.open_flags[1] & O_ACCMODE, O_RDWR);
	/* Never truncate: an existing file is someone's memory image. */
	assert_false(sys.open_flags[1] & O_TRUNC);
	assert_int_equal(sys.open_mode[1], 0644);
	assert_true(mem_devmem_is_file(&m));
	assert_false(m.is_device);
	mem_close(&m);
	assert_int_equal(sys.n_close, 1);
}

static void test_open_errors(void **state)
{
	static const struct {
		const char *path;
		int err1, err2;
		int opens;
	} cases[] = {
		{ "/dev/mem", EACCES, 0, 1 },
		{ "/dev/mem", EPERM, 0, 1 },
		{ "mem.img", EACCES, 0, 1 },
		{ "mem.img", EPERM, 0, 1 },
		{ "mem.img", EISDIR, 0, 1 },
		/* Missing, and its directory is not writable. */
		{ "ro/mem.img", ENOENT, EACCES, 2 },
		{ "nodir/mem.img", ENOENT, ENOENT, 2 },
	};
	struct mem m;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int want = cases[i].err2 ? cases[i].err2 : cases[i].err1;

		rec_reset(4096);
		sys.is_chardev = false;
		sys.is_regular = true;
		sys.open_errno[0] = cases[i].err1;
		sys.open_errno[1] = cases[i].err2;
		assert_int_equal(mem_devmem_open(&m, cases[i].path, &rec_sys),
				 -want);
		assert_int_equal(sys.n_open, cases[i].opens);
		assert_int_equal(sys.n_close, 0);
	}
}

/* A FIFO, a socket, a block device: not memory. */
static void test_open_not_memory(void **state)
{
	struct mem m;

	(void)state;
	sys.is_chardev = false;
	sys.is_regular = false;
	assert_int_equal(mem_devmem_open(&m, "/tmp/fifo", &rec_sys), -EINVAL);
	assert_int_equal(sys.n_close, 1);

	rec_reset(4096);
	sys.fstat_err = -EIO;
	assert_int_equal(mem_devmem_open(&m, "/dev/mem", &rec_sys), -EIO);
	assert_int_equal(sys.n_close, 1);
}

/* ---- mapping ------------------------------------------------------------ */

static void test_map_arithmetic(void **state)
{
	struct mem m;
	struct rec_map *r;
	uint32_t v = 0;
	int n;

	(void)state;
	assert_int_equal(mem_devmem_open(&m, "/dev/mem", &rec_sys), 0);

	/* One register: its page. */
	assert_int_equal(mem_map(&m, 0x3039000C, 4), 0);
	r = last_map();
	assert_int_equal(r->off, 0x30390000);
	assert_int_equal(r->len, 4096);
	assert_int_equal(r->prot, PROT_READ | PROT_WRITE);
	assert_int_equal(r->flags, MAP_SHARED);
	assert_int_equal(r->fd, FAKE_FD);

	/* Accesses land at the right offset in the mapping. */
	((volatile uint32_t *)r->ptr)[0xC / 4] = 0x12345678;
	assert_int_equal(mem_read32(&m, 0x3039000C, &v), 0);
	assert_int_equal(v, 0x12345678);
	assert_int_equal(mem_write32(&m, 0x30390FFC, 0xA5A5A5A5), 0);
	assert_int_equal(((volatile uint32_t *)r->ptr)[0xFFC / 4],
			 0xA5A5A5A5);

	/* Already mapped: no new mapping. */
	n = sys.n_mmap;
	assert_int_equal(mem_map(&m, 0x30390000, 0x1000), 0);
	assert_int_equal(mem_map(&m, 0x30390FFC, 4), 0);
	assert_int_equal(sys.n_mmap, n);

	/* Across a page boundary: both pages. */
	assert_int_equal(mem_map(&m, 0x30390FFE, 4), 0);
	r = last_map();
	assert_int_equal(sys.n_mmap, n + 1);
	assert_int_equal(r->off, 0x30390000);
	assert_int_equal(r->len, 0x2000);

	/* Above 2 GiB, several pages, unaligned start and end. */
	assert_int_equal(mem_map(&m, 0x80000010, 0x20000), 0);
	r = last_map();
	assert_int_equal(r->off, 0x80000000);
	assert_int_equal(r->len, 0x21000);

	/* Length 0 still maps the page of the address. */
	assert_int_equal(mem_map(&m, 0x00180000, 0), 0);
	r = last_map();
	assert_int_equal(r->off, 0x00180000);
	assert_int_equal(r->len, 4096);

	mem_close(&m);

	/* 16 KiB pages (some arm64 kernels). */
	rec_reset(16384);
	assert_int_equal(mem_devmem_open(&m, "/dev/mem", &rec_sys), 0);
	assert_int_equal(mem_map(&m, 0x30395008, 8), 0);
	r = last_map();
	assert_int_equal(r->off, 0x30394000);
	assert_int_equal(r->len, 0x4000);
	assert_int_equal(mem_map(&m, 0x30397FFC, 8), 0);
	r = last_map();
	assert_int_equal(r->off, 0x30394000);
	assert_int_equal(r->len, 0x8000);
	mem_close(&m);
}

static void test_map_grows_file(void **state)
{
	struct mem m;

	(void)state;
	sys.is_chardev = false;
	sys.is_regular = true;
	sys.file_size = 0x1000;
	assert_int_equal(mem_devmem_open(&m, "mem.img", &rec_sys), 0);

	/* Grown to the end of the window, before it is mapped. */
	assert_int_equal(mem_map(&m, 0x80000000, 0x100), 0);
	assert_int_equal(sys.n_ftruncate, 1);
	assert_int_equal(sys.ftruncate_size[0], 0x80001000);
	/* Below the end already: never shrunk, not touched. */
	assert_int_equal(mem_map(&m, 0x2000, 4), 0);
	assert_int_equal(sys.n_ftruncate, 1);
	assert_int_equal(mem_map(&m, 0x80001000, 4), 0);
	assert_int_equal(sys.n_ftruncate, 2);
	assert_int_equal(sys.ftruncate_size[1], 0x80002000);

	/* A failure to grow is the map's failure, and nothing is mapped. */
	sys.ftruncate_err = -ENOSPC;
	assert_int_equal(mem_map(&m, 0x90000000, 4), -ENOSPC);
	assert_int_equal(sys.n_mmap, 3);
	mem_close(&m);

	/* A device is never truncated. */
	rec_reset(4096);
	assert_int_equal(mem_devmem_open(&m, "/dev/mem", &rec_sys), 0);
	assert_int_equal(mem_map(&m, 0x80000000, 0x100), 0);
	assert_int_equal(sys.n_ftruncate, 0);
	mem_close(&m);
}

/*
 * Another loader grew the file while this one waited for the lock: the
 * size at open is stale, and truncating to it would cut that loader's
 * image off. The size is read again when a window is mapped.
 */
static void test_map_never_shrinks_file(void **state)
{
	struct mem m;

	(void)state;
	rec_reset(4096);
	sys.is_regular = true;
	sys.file_size = 0x1000;
	assert_int_equal(mem_devmem_open(&m, "mem.img", &rec_sys), 0);
	sys.file_size = 0x90000000;	/* grown by the other loader */
	assert_int_equal(mem_map(&m, 0x00900000, 0x100), 0);
	assert_int_equal(sys.n_ftruncate, 0);
	assert_int_equal(mem_map(&m, 0x80000000, 0x100), 0);
	assert_int_equal(sys.n_ftruncate, 0);
	/* Past its new end it grows, to the window's end only. */
	assert_int_equal(mem_map(&m, 0x90000000, 0x100), 0);
	assert_int_equal(sys.n_ftruncate, 1);
	assert_int_equal(sys.ftruncate_size[0], 0x90001000);
	mem_close(&m);
}

static void test_unmap_exactly_on_close(void **state)
{
	struct mem m;

	(void)state;
	assert_int_equal(mem_devmem_open(&m, "/dev/mem", &rec_sys), 0);
	assert_int_equal(mem_map(&m, 0x3039000C, 4), 0);
	assert_int_equal(mem_map(&m, 0x30384010, 4), 0);
	assert_int_equal(mem_map(&m, 0x007F8000, 0x10000), 0);
	assert_int_equal(mem_map(&m, 0x00180000, 8), 0);
	/* Some windows over the 8 of the first allocation. */
	for (uint64_t a = 0; a < 8; a++)
		assert_int_equal(mem_map(&m, 0x40000000 + a * 0x10000, 4), 0);
	assert_int_equal(sys.n_mmap, 12);
	assert_int_equal(sys.n_munmap, 0);
	mem_close(&m);
	assert_int_equal(sys.n_munmap, 12);
	assert_int_equal(sys.n_munmap_unknown, 0);
	for (int i = 0; i < sys.n_mmap; i++)
		assert_int_equal(sys.maps[i].unmapped, 1);
	assert_int_equal(sys.n_close, 1);
	/* Closed: no descriptor left to lock. */
	assert_int_equal(mem_devmem_fd(&m), -1);
}

static void test_map_failed(void **state)
{
	static const int errs[] = { EPERM, EINVAL, ENXIO, ENOMEM };
	struct mem m;
	uint32_t v;

	(void)state;
	for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		rec_reset(4096);
		assert_int_equal(mem_devmem_open(&m, "/dev/mem", &rec_sys), 0);
		sys.mmap_errno = errs[i];
		assert_int_equal(mem_map(&m, 0x3039000C, 4), -errs[i]);
		assert_int_equal(sys.n_mmap_failed, 1);
		/* Nothing mapped: nothing to access, nothing to unmap. */
		assert_int_equal(mem_read32(&m, 0x3039000C, &v), -EFAULT);
		mem_close(&m);
		assert_int_equal(sys.n_munmap, 0);
		assert_int_equal(sys.n_close, 1);
	}
}

static void test_access_rules(void **state)
{
	uint8_t buf[16] = { 0 };
	uint64_t bad = 0;
	struct mem m;
	uint32_t v;

	(void)state;
	assert_int_equal(mem_devmem_open(&m, "/dev/mem", &rec_sys), 0);
	assert_int_equal(mem_map(&m, 0x3039000C, 4), 0);
	assert_int_equal(mem_read32(&m, 0x3039000E, &v), -EINVAL);
	assert_int_equal(mem_write32(&m, 0x30390001, 0), -EINVAL);
	assert_int_equal(mem_read32(&m, 0x30391000, &v), -EFAULT);
	assert_int_equal(mem_write32(&m, 0x3038FFFC, 0), -EFAULT);
	assert_int_equal(mem_write_block(&m, 0x30390FF8, buf, 16), -EFAULT);
	assert_int_equal(mem_verify_block(&m, 0x30390FF8, buf, 16, &bad),
			 -EFAULT);
	assert_int_equal(mem_write_block(&m, 0x30390FF0, buf, 16), 0);
	assert_int_equal(mem_verify_block(&m, 0x30390FF0, buf, 16, &bad), 0);
	mem_close(&m);
}

/* ---- real files ----------------------------------------------------------- */

struct tmp {
	char dir[64];
	char path[96];
};

static int tmp_setup(void **state)
{
	struct tmp *t = calloc(1, sizeof(*t));
	const char *base = getenv("TMPDIR");

	if (!t)
		return -1;
	snprintf(t->dir, sizeof(t->dir), "%s/m4fw-devmem-XXXXXX",
		 base && strlen(base) < 32 ? base : "/tmp");
	if (!mkdtemp(t->dir)) {
		free(t);
		return -1;
	}
	snprintf(t->path, sizeof(t->path), "%s/mem.img", t->dir);
	*state = t;
	return 0;
}

static int tmp_teardown(void **state)
{
	struct tmp *t = *state;

	unlink(t->path);
	rmdir(t->dir);
	free(t);
	return 0;
}

static void pread_all(const char *path, uint64_t off, void *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	assert_true(fd >= 0);
	assert_int_equal(pread(fd, buf, len, (off_t)off), (ssize_t)len);
	close(fd);
}

static void pwrite_all(const char *path, uint64_t off, const void *buf,
		       size_t len)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, buf, len, (off_t)off), (ssize_t)len);
	close(fd);
}

/* DDR at 0x80000000 on a 2 GiB+ sparse file: few blocks, right bytes. */
/*
 * A link planted at a memory file's path (a symbolic link to a file or to
 * nowhere, a hard link): refused, one line, and the target untouched.
 */
static void test_file_planted_links(void **state)
{
	struct tmp *t = *state;
	char victim[128], nowhere[128];
	struct stat st;
	struct mem m;
	int fd;

	snprintf(victim, sizeof(victim), "%s/victim", t->dir);
	snprintf(nowhere, sizeof(nowhere), "%s/nowhere", t->dir);
	fd = open(victim, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "precious", 8), 8);
	close(fd);

	assert_int_equal(symlink(victim, t->path), 0);
	assert_int_equal(mem_devmem_open(&m, t->path, &devmem_sys_default),
			 -ELOOP);
	unlink(t->path);

	assert_int_equal(symlink(nowhere, t->path), 0);
	assert_true(mem_devmem_open(&m, t->path, &devmem_sys_default) < 0);
	assert_int_equal(lstat(nowhere, &st), -1);	/* nothing made there */
	unlink(t->path);

	assert_int_equal(link(victim, t->path), 0);
	assert_int_equal(mem_devmem_open(&m, t->path, &devmem_sys_default),
			 -EMLINK);
	unlink(t->path);

	assert_int_equal(stat(victim, &st), 0);
	assert_int_equal(st.st_size, 8);
	assert_int_equal(st.st_nlink, 1);
	unlink(victim);
}

static void test_file_sparse_high(void **state)
{
	struct tmp *t = *state;
	uint8_t got[12];
	struct stat st;
	struct mem m;
	uint32_t v = 0;

	assert_int_equal(stat(t->path, &st), -1);
	assert_int_equal(mem_devmem_open(&m, t->path, &devmem_sys_default), 0);
	assert_true(mem_devmem_is_file(&m));
	assert_true(mem_devmem_fd(&m) >= 0);
	assert_int_equal(mem_map(&m, 0x80000000, 0x100), 0);
	assert_int_equal(mem_write32(&m, 0x80000000, 0x11223344), 0);
	assert_int_equal(mem_write_block(&m, 0x80000005,
					 (const uint8_t *)"hello", 5), 0);
	assert_int_equal(mem_read32(&m, 0x80000004, &v), 0);
	mem_close(&m);

	assert_int_equal(stat(t->path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_true((uint64_t)st.st_size >= UINT64_C(0x80000100));
	assert_true((uint64_t)st.st_size <= UINT64_C(0x80000000) + 0x10000);
	/* Sparse: a page or so of blocks, not 2 GiB. */
	assert_true((uint64_t)st.st_blocks * 512 <= 1024 * 1024);

	pread_all(t->path, 0x80000000, got, sizeof(got));
	assert_memory_equal(got, "\x44\x33\x22\x11\x00hello\x00\x00", 12);

	/* Opened again: the bytes are still there, the file is not cut. */
	assert_int_equal(mem_devmem_open(&m, t->path, &devmem_sys_default), 0);
	assert_int_equal(mem_map(&m, 0x80000000, 4), 0);
	assert_int_equal(mem_read32(&m, 0x80000000, &v), 0);
	assert_int_equal(v, 0x11223344);
	mem_close(&m);
	assert_int_equal(stat(t->path, &st), 0);
	assert_true((uint64_t)st.st_size >= UINT64_C(0x80000100));
}

static void test_file_blocks_unaligned(void **state)
{
	struct tmp *t = *state;
	uint8_t src[40], got[0x40], cc[0x40];
	uint64_t bad = 0;
	struct mem m;

	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(0x81 + i * 3);
	memset(cc, 0xCC, sizeof(cc));
	assert_int_equal(mem_devmem_open(&m, t->path, &devmem_sys_default), 0);
	assert_int_equal(mem_map(&m, 0x1000, 0x100), 0);

	for (size_t start = 0; start < 4; start++) {
		for (size_t len = 0; len <= 13; len++) {
			uint64_t a = 0x1010 + start;

			pwrite_all(t->path, 0x1000, cc, sizeof(cc));
			assert_int_equal(mem_write_block(&m, a, src, len), 0);
			pread_all(t->path, 0x1000, got, sizeof(got));
			assert_memory_equal(got + 0x10 + start, src, len);
			/* Not a byte more on either side. */
			assert_memory_equal(got, cc, 0x10 + start);
			assert_memory_equal(got + 0x10 + start + len, cc,
					    0x30 - start - len);
			assert_int_equal(mem_verify_block(&m, a, src, len,
							  &bad), 0);

			assert_int_equal(mem_write_block(&m, a, NULL, len), 0);
			pread_all(t->path, 0x1000, got, sizeof(got));
			for (size_t i = 0; i < len; i++)
				assert_int_equal(got[0x10 + start + i], 0);
			assert_memory_equal(got, cc, 0x10 + start);
			assert_memory_equal(got + 0x10 + start + len, cc,
					    0x30 - start - len);
			assert_int_equal(mem_verify_block(&m, a, NULL, len,
							  &bad), 0);
		}
	}

	/* verify: the first differing word, never before the range start. */
	assert_int_equal(mem_write_block(&m, 0x1021, src, 20), 0);
	pwrite_all(t->path, 0x102A, "\xFF", 1);
	bad = 0;
	assert_int_equal(mem_verify_block(&m, 0x1021, src, 20, &bad), -EIO);
	assert_int_equal(bad, 0x1028);
	pwrite_all(t->path, 0x102A, &src[9], 1);
	pwrite_all(t->path, 0x1022, "\xFF", 1);
	assert_int_equal(mem_verify_block(&m, 0x1021, src, 20, &bad), -EIO);
	assert_int_equal(bad, 0x1021);
	pwrite_all(t->path, 0x1022, &src[1], 1);
	pwrite_all(t->path, 0x1034, "\xFF", 1);
	assert_int_equal(mem_verify_block(&m, 0x1021, src, 20, &bad), -EIO);
	assert_int_equal(bad, 0x1034);
	pwrite_all(t->path, 0x1034, &src[19], 1);
	/* The byte after the range is not part of it. */
	pwrite_all(t->path, 0x1035, "\xFF", 1);
	assert_int_equal(mem_verify_block(&m, 0x1021, src, 20, &bad), 0);
	mem_close(&m);
}

static void test_file_access_rules(void **state)
{
	struct tmp *t = *state;
	uint8_t buf[8] = { 0 };
	uint64_t bad = 0;
	struct mem m;
	long page = sysconf(_SC_PAGESIZE);
	uint32_t v;

	assert_int_equal(mem_devmem_open(&m, t->path, &devmem_sys_default), 0);
	assert_int_equal(mem_map(&m, 0x10000, 4), 0);
	assert_int_equal(mem_read32(&m, 0x10002, &v), -EINVAL);
	assert_int_equal(mem_write32(&m, 0x10003, 0), -EINVAL);
	/* The window is the page of the address: not a byte beyond. */
	assert_int_equal(mem_read32(&m, 0x10000 + page - 4, &v), 0);
	assert_int_equal(mem_read32(&m, 0x10000 + page, &v), -EFAULT);
	assert_int_equal(mem_write32(&m, 0xFFFC, 0), -EFAULT);
	assert_int_equal(mem_write_block(&m, 0x10000 + page - 4, buf, 8),
			 -EFAULT);
	assert_int_equal(mem_verify_block(&m, 0x20000, buf, 8, &bad),
			 -EFAULT);
	mem_close(&m);
}

/* No /dev node is created as a file, even with the real system calls. */
static void test_file_dev_path_not_created(void **state)
{
	static const char path[] = "/dev/m4fwloader-test-no-such-node";
	struct stat st;
	struct mem m;
	bool created;
	int ret;

	(void)state;
	assert_int_equal(stat(path, &st), -1);
	ret = mem_devmem_open(&m, path, &devmem_sys_default);
	/* A broken build must not leave a file in /dev for the next run. */
	created = stat(path, &st) == 0;
	if (created)
		unlink(path);
	if (ret == 0)
		mem_close(&m);
	assert_false(created);
	assert_int_equal(ret, -ENOENT);
}

/* ---- hints ---------------------------------------------------------------- */

static void test_errno_hints(void **state)
{
	(void)state;
	assert_non_null(strstr(mem_errno_hint(EACCES, true), "run as root"));
	assert_non_null(strstr(mem_errno_hint(EACCES, false), "run as root"));
	assert_non_null(strstr(mem_errno_hint(EPERM, true), "STRICT_DEVMEM"));
	assert_non_null(strstr(mem_errno_hint(EPERM, true), "iomem=relaxed"));
	assert_null(strstr(mem_errno_hint(EPERM, false), "STRICT_DEVMEM"));
	assert_non_null(strstr(mem_errno_hint(ENOENT, true), "CONFIG_DEVMEM"));
	assert_string_equal(mem_errno_hint(ENOENT, false), "");
	assert_string_equal(mem_errno_hint(EINVAL, true), "");
	assert_string_equal(mem_errno_hint(0, false), "");
	/* Each hint continues an error line: " (...)". */
	assert_true(strncmp(mem_errno_hint(EPERM, true), " (", 2) == 0);
	assert_string_equal(mem_errno_hint(EPERM, true),
			    " (kernel built with CONFIG_STRICT_DEVMEM / IO_STRICT_DEVMEM? boot with iomem=relaxed)");
}

/*
 * Windows: the block path goes 1 MiB at a time (DEVMEM_CHUNK_BYTES in
 * mem_devmem.c; the figures below are worked out for that size). A block
 * of 13 + 2 MiB + 14 bytes that starts 13 bytes below a 1 MiB boundary
 * falls into four windows: 13 bytes, 1 MiB, 1 MiB, 14 bytes. Only the two
 * whole ones hold whole pages to drop.
 */
#define WIN (1u << 20)

static struct {
	int populate_write, populate_read, drop;
	bool drop_before_populate;	/* a drop not followed by a populate */
} win;

static int win_populate(void *addr, size_t len, bool write)
{
	if (write)
		win.populate_write++;
	else
		win.populate_read++;
	return devmem_sys_default.populate(addr, len, write);
}

static int win_drop(void *addr, size_t len)
{
	win.drop++;
	return devmem_sys_default.drop_pages(addr, len);
}

static void test_file_windows(void **state)
{
	struct tmp *t = *state;
	struct devmem_sys sys_win = devmem_sys_default;
	const uint64_t base = 0x100000, start = base + WIN - 13;
	const size_t len = 13 + 2 * (size_t)WIN + 14;
	const uint64_t last = start + len - 1;
	uint8_t *src = malloc(len), *got = malloc(len + 2);
	uint32_t x = 12345;
	uint64_t bad = 0;
	struct mem m;
	uint8_t b;

	assert_non_null(src);
	assert_non_null(got);
	for (size_t i = 0; i < len; i++) {
		x = x * 1103515245u + 12345u;
		src[i] = (uint8_t)(x >> 16);
	}
	sys_win.populate = win_populate;
	sys_win.drop_pages = win_drop;
	memset(&win, 0, sizeof(win));
	assert_int_equal(mem_devmem_open(&m, t->path, &sys_win), 0);
	/* One mapping larger than a window. */
	assert_int_equal(mem_map(&m, base, 4 * WIN), 0);
	pwrite_all(t->path, start - 1, "\xCC", 1);
	pwrite_all(t->path, start + len, "\xCC", 1);
	assert_int_equal(mem_write_verify_block(&m, start, src, len, &bad), 0);
	/* Each window populated for writing, none faulted in again to read. */
	assert_int_equal(win.populate_write, 4);
	assert_int_equal(win.populate_read, 0);
	assert_int_equal(win.drop, 2);
	pread_all(t->path, start - 1, got, len + 2);
	assert_int_equal(got[0], 0xCC);
	assert_memory_equal(got + 1, src, len);
	assert_int_equal(got[len + 1], 0xCC);

	/* A difference in the last window, then in each of the others. */
	const uint64_t at[] = { last, start + 13 + WIN + 5, start + 13 + 7,
				start };
	const uint64_t want[] = { last & ~UINT64_C(3),
				  (start + 13 + WIN + 5) & ~UINT64_C(3),
				  (start + 13 + 7) & ~UINT64_C(3), start };

	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		b = (uint8_t)~src[at[i] - start];
		pwrite_all(t->path, at[i], &b, 1);
		bad = 0;
		assert_int_equal(mem_verify_block(&m, start, src, len, &bad),
				 -EIO);
		assert_int_equal(bad, want[i]);
		pwrite_all(t->path, at[i], &src[at[i] - start], 1);
	}
	assert_int_equal(mem_verify_block(&m, start, src, len, &bad), 0);
	/* The verify alone populates for reading, one call per window. */
	assert_true(win.populate_read >= 4);

	/* Zeros through the same windows. */
	assert_int_equal(mem_write_verify_block(&m, start, NULL, len, &bad), 0);
	pread_all(t->path, start - 1, got, len + 2);
	assert_int_equal(got[0], 0xCC);
	for (size_t i = 0; i < len; i++)
		assert_int_equal(got[1 + i], 0);
	assert_int_equal(got[len + 1], 0xCC);
	mem_close(&m);
	free(src);
	free(got);
}

int main(void)
{
#define R(fn) cmocka_unit_test_setup_teardown(fn, rec_setup, rec_teardown)
#define F(fn) cmocka_unit_test_setup_teardown(fn, tmp_setup, tmp_teardown)
	const struct CMUnitTest opening[] = {
		R(test_open_device),
		R(test_open_dev_missing_not_created),
		R(test_open_missing_file_created),
		R(test_open_errors),
		R(test_open_not_memory),
	};
	const struct CMUnitTest mapping[] = {
		R(test_map_arithmetic),
		R(test_map_grows_file),
		R(test_map_never_shrinks_file),
		R(test_unmap_exactly_on_close),
		R(test_map_failed),
		R(test_access_rules),
	};
	const struct CMUnitTest files[] = {
		F(test_file_sparse_high),
		F(test_file_planted_links),
		F(test_file_blocks_unaligned),
		F(test_file_access_rules),
		F(test_file_windows),
		cmocka_unit_test(test_file_dev_path_not_created),
		cmocka_unit_test(test_errno_hints),
	};
#undef R
#undef F
	int failed = 0;

	/* The error lines are expected here; the results say what matters. */
	log_set_level(LOG_QUIET);
	failed += cmocka_run_group_tests_name("devmem: open", opening, NULL,
					      NULL);
	failed += cmocka_run_group_tests_name("devmem: map", mapping, NULL,
					      NULL);
	failed += cmocka_run_group_tests_name("devmem: files", files, NULL,
					      NULL);
	return failed ? 1 : 0;
}
