// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench_copy: throughput of iocopy_to() and iocopy_compare() against
 * memcpy() and memcmp() into one shared file mapping, the kind of mapping
 * the tool writes through when --mem names a regular file.
 *
 *   bench_copy [-d DIR] [-t SECONDS] [SIZE]...
 *
 * DIR holds the temporary file (default $TMPDIR, else /tmp); SECONDS is
 * the time box of each size (default 1.5); SIZEs in bytes, K or M suffix
 * (default 4K 32K 128K 1M 16M).
 *
 * The file is unlinked at once and its pages are written before timing
 * starts, so no page fault is measured: what is left is the copy loop and
 * the cache and memory hierarchy. Each sample times, in thread CPU time,
 * a batch of copies of at least MIN_SAMPLE_NS. The four routines take
 * turns, sample by sample, so that a change of clock speed or a noisy
 * neighbour hits all of them alike, and the ratio of each pair of
 * neighbouring samples is kept.
 *
 * Last, the cost of a page fault on that mapping, which a process pays
 * for each page it touches and which on some virtual machines dwarfs the
 * copy itself: a fresh mapping of pages already in the page cache, one
 * write per page, then MADV_DONTNEED and one read per page; and the same
 * mapping populated in one MADV_POPULATE_WRITE call, written once per
 * page and dropped with MADV_DONTNEED (what the tool does with a large
 * window of a memory file).
 *
 * Output, one line per routine and size, for bench.py to read:
 *   op=NAME size=BYTES n=SAMPLES median=X p10=X p90=X min=X max=X
 * with X in bytes per second, a plain ratio for the ratio_* lines, and
 * nanoseconds per page for the fault_*, populate_*, touch_* and drop_*
 * lines.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "m4fw/iocopy.h"

#define MIN_SAMPLE_NS	200000ull	/* 0.2 ms: far above clock overhead */
#define MIN_SAMPLES	15
#define MAX_SAMPLES	2001
#define MAX_SIZES	16
#define FAULT_BYTES	(4u << 20)
#define FAULT_ROUNDS	9

enum op {
	OP_IOCOPY_TO,
	OP_MEMCPY,
	OP_IOCOPY_COMPARE,
	OP_MEMCMP,
	N_OPS
};

static const char *const op_names[N_OPS] = {
	[OP_IOCOPY_TO] = "iocopy_to",
	[OP_MEMCPY] = "memcpy",
	[OP_IOCOPY_COMPARE] = "iocopy_compare",
	[OP_MEMCMP] = "memcmp",
};

/*
 * Through volatile pointers, so that the compiler can neither inline a
 * memcpy of known size nor drop a copy whose result it thinks unused.
 */
static void *(*volatile memcpy_fn)(void *, const void *, size_t) = memcpy;
static int (*volatile memcmp_fn)(const void *, const void *, size_t) = memcmp;
static volatile size_t sink;

static uint64_t clock_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Wall clock, for the time box. */
static uint64_t now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

/*
 * This thread's CPU time, for the samples: on a shared machine a sample
 * during which the scheduler ran someone else would otherwise count that
 * time as copying. Stalls on memory are still counted: the thread runs.
 */
static uint64_t cpu_ns(void)
{
	return clock_ns(CLOCK_THREAD_CPUTIME_ID);
}

static void run_op(enum op op, uint8_t *map, const uint8_t *src, size_t len)
{
	switch (op) {
	case OP_IOCOPY_TO:
		iocopy_to((volatile uint32_t *)(void *)map, 0, src, len);
		break;
	case OP_MEMCPY:
		memcpy_fn(map, src, len);
		break;
	case OP_IOCOPY_COMPARE:
		sink += iocopy_compare((const volatile uint32_t *)(void *)map,
				       0, src, len);
		break;
	case OP_MEMCMP:
		sink += (size_t)memcmp_fn(map, src, len);
		break;
	default:
		break;
	}
	/* Keep every store and load in its own batch iteration. */
	__asm__ __volatile__("" ::: "memory");
}

/* Bytes per second of one batch of @reps runs of @op. */
static double time_batch(enum op op, uint8_t *map, const uint8_t *src,
			 size_t len, unsigned long reps)
{
	uint64_t t0, t1;

	t0 = cpu_ns();
	for (unsigned long i = 0; i < reps; i++)
		run_op(op, map, src, len);
	t1 = cpu_ns();
	if (t1 == t0)
		t1 = t0 + 1;
	return (double)len * (double)reps * 1e9 / (double)(t1 - t0);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted @v. */
static double pct(const double *v, size_t n, unsigned int p)
{
	return v[(n - 1) * p / 100 + ((n - 1) * p % 100 >= 50)];
}

static void print_stats(const char *name, size_t len, double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	printf("op=%s size=%zu n=%zu median=%.6g p10=%.6g p90=%.6g min=%.6g max=%.6g\n",
	       name, len, n, pct(v, n, 50), pct(v, n, 10), pct(v, n, 90),
	       v[0], v[n - 1]);
}

/* Batch length so that one sample of the slowest routine is long enough. */
static unsigned long calibrate(uint8_t *map, const uint8_t *src, size_t len)
{
	double slowest = 0;

	for (int op = 0; op < N_OPS; op++) {
		double bps = time_batch(op, map, src, len, 1);
		double ns = (double)len * 1e9 / bps;

		if (ns > slowest)
			slowest = ns;
	}
	if (slowest >= (double)MIN_SAMPLE_NS)
		return 1;
	return (unsigned long)((double)MIN_SAMPLE_NS / slowest) + 1;
}

static int bench_size(uint8_t *map, const uint8_t *src, size_t len,
		      double budget_s)
{
	double *v[N_OPS + 2];
	uint64_t deadline;
	unsigned long reps;
	size_t n = 0;
	int ret = -ENOMEM;

	for (int i = 0; i < N_OPS + 2; i++)
		v[i] = NULL;
	for (int i = 0; i < N_OPS + 2; i++) {
		v[i] = calloc(MAX_SAMPLES, sizeof(double));
		if (!v[i])
			goto out_free;
	}
	/* Warm caches and TLB; leave @map equal to @src for the compares. */
	run_op(OP_MEMCPY, map, src, len);
	run_op(OP_IOCOPY_TO, map, src, len);
	reps = calibrate(map, src, len);

	deadline = now_ns() + (uint64_t)(budget_s * 1e9);
	while (n < MAX_SAMPLES && (n < MIN_SAMPLES || now_ns() < deadline)) {
		for (int op = 0; op < N_OPS; op++)
			v[op][n] = time_batch(op, map, src, len, reps);
		v[N_OPS][n] = v[OP_IOCOPY_TO][n] / v[OP_MEMCPY][n];
		v[N_OPS + 1][n] = v[OP_IOCOPY_COMPARE][n] / v[OP_MEMCMP][n];
		n++;
	}
	if (iocopy_compare((const volatile uint32_t *)(void *)map, 0, src,
			   len) != (size_t)-1) {
		fprintf(stderr, "bench_copy: %zu bytes: copy does not verify\n",
			len);
		ret = -EIO;
		goto out_free;
	}
	for (int op = 0; op < N_OPS; op++)
		print_stats(op_names[op], len, v[op], n);
	print_stats("ratio_iocopy_to_memcpy", len, v[N_OPS], n);
	print_stats("ratio_iocopy_compare_memcmp", len, v[N_OPS + 1], n);
	printf("batch size=%zu reps=%lu\n", len, reps);
	fflush(stdout);
	ret = 0;
out_free:
	for (int i = 0; i < N_OPS + 2; i++)
		free(v[i]);
	return ret;
}

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23	/* Linux 5.14 */
#endif

/*
 * What the tool pays per page of a large window: MADV_POPULATE_WRITE of
 * the window (one call), the first write to each page, and dropping the
 * window again with MADV_DONTNEED once it is verified. On a virtual
 * machine with shadow page tables the first write still costs an exit to
 * the hypervisor per page, which no populate call takes away, and so does
 * taking the page away: the floor of a load through a mapping. Nothing is
 * printed where populate fails.
 */
static void bench_populated(int fd, size_t len, size_t page)
{
	double pop[FAULT_ROUNDS], touch[FAULT_ROUNDS], drop[FAULT_ROUNDS];
	size_t pages = len / page;

	for (int r = 0; r < FAULT_ROUNDS; r++) {
		volatile uint8_t *p;
		uint64_t t0, t1, t2, t3;

		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED)
			return;
		t0 = cpu_ns();
		if (madvise((void *)p, len, MADV_POPULATE_WRITE) < 0) {
			munmap((void *)p, len);
			return;
		}
		t1 = cpu_ns();
		for (size_t i = 0; i < len; i += page)
			p[i] = (uint8_t)i;
		t2 = cpu_ns();
		madvise((void *)p, len, MADV_DONTNEED);
		t3 = cpu_ns();
		pop[r] = (double)(t1 - t0) / (double)pages;
		touch[r] = (double)(t2 - t1) / (double)pages;
		drop[r] = (double)(t3 - t2) / (double)pages;
		munmap((void *)p, len);
	}
	print_stats("populate_write_ns", page, pop, FAULT_ROUNDS);
	print_stats("touch_populated_ns", page, touch, FAULT_ROUNDS);
	print_stats("drop_touched_ns", page, drop, FAULT_ROUNDS);
}

/* Nanoseconds of CPU time per page to fault in @len bytes of @fd. */
static int bench_faults(int fd, size_t len, size_t page)
{
	double wr[FAULT_ROUNDS], rd[FAULT_ROUNDS];
	size_t pages = len / page;

	for (int r = 0; r < FAULT_ROUNDS; r++) {
		volatile uint8_t *p;
		uint64_t t0, t1, t2;
		size_t sum = 0;

		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED) {
			fprintf(stderr, "bench_copy: mmap: %s\n",
				strerror(errno));
			return -errno;
		}
		t0 = cpu_ns();
		for (size_t i = 0; i < len; i += page)
			p[i] = (uint8_t)i;
		t1 = cpu_ns();
		madvise((void *)p, len, MADV_DONTNEED);
		t2 = cpu_ns();
		for (size_t i = 0; i < len; i += page)
			sum += p[i];
		rd[r] = (double)(cpu_ns() - t2) / (double)pages;
		wr[r] = (double)(t1 - t0) / (double)pages;
		sink += sum;
		munmap((void *)p, len);
	}
	print_stats("fault_write_ns", page, wr, FAULT_ROUNDS);
	print_stats("fault_read_ns", page, rd, FAULT_ROUNDS);
	bench_populated(fd, len, page);
	return 0;
}

static bool parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return false;
	if (*end == 'K' || *end == 'k') {
		v <<= 10;
		end++;
	} else if (*end == 'M' || *end == 'm') {
		v <<= 20;
		end++;
	}
	if (*end || v == 0 || v % 4 || v > (1ull << 30))
		return false;
	*out = (size_t)v;
	return true;
}

/* A fast, repeatable filler: xorshift64. */
static void fill_random(uint8_t *p, size_t len)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;

	for (size_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		p[i] = (uint8_t)(x >> 24);
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: bench_copy [-d DIR] [-t SECONDS] [SIZE]...\n");
}

int main(int argc, char **argv)
{
	static const char *const default_sizes[] = {
		"4K", "32K", "128K", "1M", "16M"
	};
	const char *dir = getenv("TMPDIR");
	size_t sizes[MAX_SIZES], n_sizes = 0, max_len = 0;
	double budget_s = 1.5;
	char path[4096];
	uint8_t *map, *src;
	int opt, fd, ret = 1;

	while ((opt = getopt(argc, argv, "d:t:h")) != -1) {
		switch (opt) {
		case 'd':
			dir = optarg;
			break;
		case 't':
			budget_s = strtod(optarg, NULL);
			break;
		default:
			usage();
			return opt == 'h' ? 0 : 2;
		}
	}
	if (!dir || !*dir)
		dir = "/tmp";
	for (int i = optind; i < argc; i++) {
		if (n_sizes == MAX_SIZES ||
		    !parse_size(argv[i], &sizes[n_sizes])) {
			fprintf(stderr, "bench_copy: bad size '%s' (a multiple of 4, at most 1G)\n",
				argv[i]);
			return 2;
		}
		n_sizes++;
	}
	if (!n_sizes)
		for (size_t i = 0; i < 5; i++)
			parse_size(default_sizes[i], &sizes[n_sizes++]);
	for (size_t i = 0; i < n_sizes; i++)
		if (sizes[i] > max_len)
			max_len = sizes[i];

	snprintf(path, sizeof(path), "%s/bench_copy.XXXXXX", dir);
	fd = mkstemp(path);
	if (fd < 0) {
		fprintf(stderr, "bench_copy: cannot create %s: %s\n", path,
			strerror(errno));
		return 1;
	}
	unlink(path);
	if (ftruncate(fd, (off_t)max_len) < 0) {
		fprintf(stderr, "bench_copy: cannot size %s: %s\n", path,
			strerror(errno));
		goto out_close;
	}
	map = mmap(NULL, max_len, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_POPULATE, fd, 0);
	if (map == MAP_FAILED) {
		fprintf(stderr, "bench_copy: cannot map %s: %s\n", path,
			strerror(errno));
		goto out_close;
	}
	/* Write every page: MAP_POPULATE alone maps a shared file read-only. */
	memset(map, 0xa5, max_len);

	src = aligned_alloc(4096, max_len);
	if (!src) {
		fprintf(stderr, "bench_copy: out of memory\n");
		goto out_unmap;
	}
	fill_random(src, max_len);

	printf("file %s\n", dir);
	for (size_t i = 0; i < n_sizes; i++)
		if (bench_size(map, src, sizes[i], budget_s))
			goto out_free;
	if (bench_faults(fd, max_len < FAULT_BYTES ? max_len : FAULT_BYTES,
			 (size_t)sysconf(_SC_PAGESIZE)))
		goto out_free;
	ret = 0;
out_free:
	free(src);
out_unmap:
	munmap(map, max_len);
out_close:
	close(fd);
	return ret;
}
