/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Runs a plan against a memory backend. All windows are mapped first, so a
 * mapping the kernel refuses fails before anything is written; once the
 * core has been held in reset, any failure leaves it held.
 */
#ifndef M4FW_EXEC_H
#define M4FW_EXEC_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "m4fw/mem.h"
#include "m4fw/plan.h"

struct exec {
	const struct plan *plan;
	struct mem *mem;
	bool *window_mapped;	/* per plan window */
	/* Per plan op: a VERIFY already done together with its copy. */
	bool *verified_early;
	bool hold_written;	/* this run has asked for the hold */
	bool core_held;		/* ... and seen it take effect */
	bool core_released;	/* this run has released it */
	/* Set by a signal handler: stop at the next safe point. */
	volatile sig_atomic_t *interrupted;
	/* Time spent in copies, fills and read-backs (for -vv and make bench). */
	uint64_t block_ns;
};

/**
 * exec_now_ns() - a monotonic clock, in nanoseconds, for the -vv timing
 * lines; 0 when -vv is off and nothing of it would be printed.
 */
uint64_t exec_now_ns(void);

/**
 * exec_prepare() - map every window of @p in @m. An optional window that
 * is refused is reported as a warning and its operations are skipped.
 *
 * Return: 0, or -errno after one error line (nothing has been written).
 */
int exec_prepare(struct exec *x, const struct plan *p, struct mem *m);

/**
 * exec_run() - do every operation in order. A copy or fill whose read-back
 * (the VERIFY of the same bytes) follows with nothing in between writing
 * into that range is verified window by window as it is written, while
 * each window is still hot: the same bytes compared with the same data,
 * earlier, and still before the barrier and the release.
 *
 * Return: 0; -EIO (read-back mismatch), -ETIMEDOUT (a state was not
 * reached), -EINTR (interrupted by a signal) or another -errno, after one
 * error line that also says in which state the core was left.
 */
int exec_run(struct exec *x);

/** exec_release() - free what exec_prepare() took (mappings stay in @m). */
void exec_release(struct exec *x);

#endif /* M4FW_EXEC_H */
