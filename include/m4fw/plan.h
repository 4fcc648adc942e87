/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A plan is the complete, ordered list of accesses a command will make,
 * decided before any of them is made. Building it is pure (image + SoC +
 * facts about the running system in, operations or problems out), so it is
 * tested without hardware, printed by --dry-run and explained by inspect.
 */
#ifndef M4FW_PLAN_H
#define M4FW_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "m4fw/image.h"
#include "m4fw/soc.h"

struct iomem_map;

enum plan_op_kind {
	PLAN_UPDATE32,	/* reg = (reg & ~mask) | value, optionally conditional */
	PLAN_WRITE32,	/* a whole word */
	PLAN_COPY,	/* len bytes of data to addr */
	PLAN_FILL,	/* len zero bytes at addr */
	PLAN_VERIFY,	/* read back len bytes at addr: data, or zeros if NULL */
	PLAN_BARRIER,	/* all writes so far complete before the next */
	PLAN_EXPECT,	/* (reg & mask) == value, or the state was not reached */
};

/* What an operation does to the core: the executor's failure handling. */
enum plan_core_effect {
	PLAN_CORE_NONE,
	PLAN_CORE_HOLDS,	/* asks for the hold: nothing may release it after */
	PLAN_CORE_HELD,		/* confirms the hold took: the core is held */
	PLAN_CORE_RELEASES,	/* lets the core run */
};

struct plan_op {
	enum plan_op_kind kind;
	uint32_t addr;
	uint32_t mask;
	uint32_t value;
	uint32_t len;
	const uint8_t *data;
	/* PLAN_UPDATE32 only when (read(if_addr) & if_mask) == if_value. */
	uint32_t if_addr;
	uint32_t if_mask;
	uint32_t if_value;
	enum plan_core_effect core;
	bool optional;		/* its window may be refused: warn and skip */
	bool announce;		/* tell the user when it is done (not only -v) */
	char note[96];
};

/* A physical range that must be mapped before the first write. */
struct plan_window {
	uint64_t addr;
	uint64_t len;
	bool optional;
	bool in_ddr;		/* external RAM: Linux may use it as System RAM */
	char name[32];
};

enum plan_problem_kind {
	PROBLEM_IMAGE,	/* malformed, or does not fit the memory map: exit 5 */
	PROBLEM_SAFETY,	/* refused by a safety rule: exit 6 */
};

/* Problems kept word for word; the rest are counted (plan_close_problems). */
#define PLAN_MAX_PROBLEMS 20u

struct plan_problem {
	enum plan_problem_kind kind;
	bool overridden;	/* --force accepted it: now only a warning */
	char msg[384];		/* room for an iomem line and its fix */
};

/* Where one image segment goes; what inspect and the summary show. */
struct plan_placement {
	const struct image_segment *seg;
	const struct soc_region *row;	/* NULL when it does not fit */
	bool m_known;		/* false: a raw A-view address outside the map */
	uint32_t m_addr;
	uint32_t a_addr;
	uint32_t copy_len;
	uint32_t zero_len;
};

struct plan {
	struct plan_op *ops;
	size_t n_ops;
	size_t cap_ops;
	struct plan_window *windows;
	size_t n_windows;
	size_t cap_windows;
	struct plan_problem *problems;
	size_t n_problems;
	size_t cap_problems;
	size_t n_more;		/* problems past PLAN_MAX_PROBLEMS, not kept */
	bool more_block;	/* one of those blocks the plan */
	bool more_image;	/* one of those is a blocking image problem */
	struct plan_placement *placements;
	size_t n_placements;

	const struct soc_desc *soc;
	bool writes_vector;	/* SP/PC written to the boot alias */
	bool vector_known;
	uint32_t sp;
	uint32_t pc;
	uint8_t vector_bytes[8];	/* what PLAN_VERIFY compares the vector with */
	uint64_t bytes_copied;
	uint64_t bytes_zeroed;
};

struct plan_options {
	bool no_start;	/* leave the core held after loading */
	bool force;	/* overridable refusals become warnings */
	/* /proc/iomem of the running system, or NULL when it does not apply. */
	const struct iomem_map *iomem;
};

/** plan_init() - an empty plan for @soc. */
void plan_init(struct plan *p, const struct soc_desc *soc);

/** plan_free() - release what the plan holds (not the image). */
void plan_free(struct plan *p);

/**
 * plan_load() - the whole load sequence of @img: stop, clock, copies, zero
 * fills, boot vector, read-back, barrier, start (unless no_start), confirm.
 * Every problem found is recorded in @p, image problems before safety ones.
 *
 * Return: 0 when the plan may run, -EINVAL when a problem blocks it, or
 * -ENOMEM.
 */
int plan_load(struct plan *p, const struct image *img,
	      const struct plan_options *opt);

/** plan_stop() - hold the core in reset and confirm it. */
int plan_stop(struct plan *p);

/** plan_start() - clock on, barrier, release the core and confirm it. */
int plan_start(struct plan *p);

/** plan_restart() - plan_stop() then plan_start(): the same image again. */
int plan_restart(struct plan *p);

/** plan_kick() - Messaging Unit notification of virtqueue @vqid. */
int plan_kick(struct plan *p, uint16_t vqid);

/**
 * plan_close_problems() - after the last problem: when more than
 * PLAN_MAX_PROBLEMS were found, one more entry, "... and N more problems",
 * blocking and of the kind the uncounted ones would have been.
 */
void plan_close_problems(struct plan *p);

/** plan_blocked() - a problem that is not overridden exists. */
bool plan_blocked(const struct plan *p);

/** plan_exit_kind() - PROBLEM_IMAGE if any blocking image problem, else SAFETY. */
enum plan_problem_kind plan_exit_kind(const struct plan *p);

/** plan_format_op() - one line as --dry-run and -vv print it (no newline). */
void plan_format_op(const struct plan_op *op, char *buf, size_t size);

/** plan_print() - every operation, one a line. */
void plan_print(const struct plan *p, FILE *out);

#endif /* M4FW_PLAN_H */
