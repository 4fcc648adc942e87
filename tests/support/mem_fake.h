/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mem_fake: a struct mem backend for tests, standing in for /dev/mem.
 *
 * Physical memory is whatever the test declares: each region
 * (mem_fake_add_region()) is a zeroed heap buffer. Everything else is
 * absent, so an access the code under test was not meant to make fails
 * instead of silently landing somewhere. The backend polices what a
 * Device mapping on the SoC would punish, and what the devmem backend
 * would refuse:
 *
 *  - read32/write32 at an address that is not 4-byte aligned: -EINVAL;
 *  - any access (map, read, write, block, verify) that is not entirely
 *    inside declared regions: -EFAULT;
 *  - any access outside what was mapped before (mem_fake_require_map(),
 *    on by default): -EFAULT, like the devmem backend.
 * Each of these is counted (mem_fake_violations()) and marked in the log,
 * so a test fails even when the code under test swallows the error.
 *
 * Every call through the ops table is appended to a log that the test can
 * walk (mem_fake_log_count(), mem_fake_log_at(), mem_fake_log_find()) and
 * print when an assertion fails (mem_fake_log_print(), mem_fake_assert()).
 *
 * Hardware behaviour is modelled by hooks that see each access before it
 * takes effect: canned ones for the usual cases (self-clearing bits, bits
 * that never change, a write that does not stick, a bus fault after N
 * writes) and one free-form hook for the rest (mem_fake_set_hook()).
 *
 * Words are stored in host byte order, as the devmem backend's volatile
 * 32-bit stores put them in a mapping, so byte-level results agree.
 */
#ifndef M4FW_TEST_MEM_FAKE_H
#define M4FW_TEST_MEM_FAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "m4fw/mem.h"

struct mem_fake;

/* What an access was: one per struct mem_ops entry. */
enum mem_fake_op {
	MEM_FAKE_MAP,
	MEM_FAKE_READ32,
	MEM_FAKE_WRITE32,
	MEM_FAKE_WRITE_BLOCK,	/* write_block, also with a NULL source */
	MEM_FAKE_VERIFY,
	MEM_FAKE_BARRIER,
	MEM_FAKE_CLOSE,
};

/* Sets of operations, for struct mem_fake_match.ops. */
#define MEM_FAKE_OP_BIT(op)	(1u << (op))
#define MEM_FAKE_WRITES	(MEM_FAKE_OP_BIT(MEM_FAKE_WRITE32) | \
			 MEM_FAKE_OP_BIT(MEM_FAKE_WRITE_BLOCK))
#define MEM_FAKE_ACCESSES	(MEM_FAKE_OP_BIT(MEM_FAKE_READ32) | \
				 MEM_FAKE_WRITES | \
				 MEM_FAKE_OP_BIT(MEM_FAKE_VERIFY))

/* "Not found" from the log searches. */
#define MEM_FAKE_NONE	((size_t)-1)

/* One logged call. */
struct mem_fake_access {
	enum mem_fake_op op;
	uint64_t addr;
	uint64_t len;		/* bytes; 4 for read32/write32 */
	/*
	 * READ32: the value returned. WRITE32: the value the caller wrote
	 * (what was stored may differ when a hook models the register).
	 */
	uint32_t value;
	bool zeros;		/* WRITE_BLOCK/VERIFY with a NULL source */
	bool dropped;		/* a write that a hook did not let stick */
	bool violation;		/* unaligned, outside the regions, unmapped */
	int result;		/* what the call returned: 0 or -errno */
	uint64_t bad_addr;	/* VERIFY that returned -EIO */
	const char *region;	/* name of the region of @addr, or NULL */
};

/**
 * mem_fake_new() - an empty fake: no regions, nothing mapped, empty log,
 * mapping required before access.
 *
 * Return: the fake, or NULL when out of memory.
 */
struct mem_fake *mem_fake_new(void);

/** mem_fake_free() - release @f, its regions and its log; NULL is a no-op. */
void mem_fake_free(struct mem_fake *f);

/**
 * mem_fake_bind() - make @m use @f: m->ops, m->priv, m->path ("fake"),
 * m->is_device (false; set it afterwards to test device hints).
 * mem_close(@m) is logged and unmaps everything; @f itself stays valid
 * until mem_fake_free(), so the test can look at it after the close.
 */
void mem_fake_bind(struct mem_fake *f, struct mem *m);

/**
 * mem_fake_add_region() - declare @len bytes of zeroed memory at @addr.
 * @name: for the log and messages; copied.
 *
 * Return: 0; -EINVAL for an empty range or one that passes 2^64;
 * -EEXIST when it overlaps a declared region; -ENOMEM.
 */
int mem_fake_add_region(struct mem_fake *f, uint64_t addr, uint64_t len,
			const char *name);

/**
 * mem_fake_refuse_map() - map() of any range containing @addr fails with
 * @err (e.g. -EPERM, what STRICT_DEVMEM gives); not a violation.
 */
int mem_fake_refuse_map(struct mem_fake *f, uint64_t addr, int err);

/**
 * mem_fake_require_map() - when @on (the default), an access outside the
 * ranges mapped so far is a violation and fails with -EFAULT, as in the
 * devmem backend. Off: only the declared regions count.
 */
void mem_fake_require_map(struct mem_fake *f, bool on);

/* ---- looking at and seeding memory, without logging or hooks ---------- */

/**
 * mem_fake_bytes() - the buffer behind [@addr, @addr + @len), which must
 * lie inside one region; NULL otherwise.
 */
uint8_t *mem_fake_bytes(struct mem_fake *f, uint64_t addr, uint64_t len);

/**
 * mem_fake_peek32() - the word at @addr as stored. A test bug (no such
 * memory) aborts with a message: there is no sensible value to return.
 */
uint32_t mem_fake_peek32(struct mem_fake *f, uint64_t addr);

/** mem_fake_poke32() - store @val at @addr; aborts like mem_fake_peek32(). */
void mem_fake_poke32(struct mem_fake *f, uint64_t addr, uint32_t val);

/* ---- modelling hardware ----------------------------------------------- */

/*
 * What a hook sees: an access that passed the checks (aligned, inside the
 * regions, mapped) and is about to take effect.
 */
struct mem_fake_event {
	enum mem_fake_op op;
	uint64_t addr;
	uint64_t len;
	/*
	 * WRITE32: the value about to be stored; a hook may change it.
	 * READ32: the value about to be returned (already loaded); a hook
	 * may change it. Unused otherwise.
	 */
	uint32_t value;
	/* WRITE32/WRITE_BLOCK: set it to leave memory as it was. */
	bool drop;
	size_t index;		/* the index this access gets in the log */
	size_t n_writes;	/* write32/write_block calls that came before */
};

/*
 * A hook returns 0 to let the access go on, or -errno to make it fail with
 * that error (nothing stored; a fault of the hardware, not a violation).
 */
typedef int (*mem_fake_hook_fn)(struct mem_fake *f,
				struct mem_fake_event *ev, void *arg);

/**
 * mem_fake_set_hook() - install the test's own hook (replacing one set
 * before; NULL removes it). It runs after the canned models below, so it
 * sees and may override their result.
 */
void mem_fake_set_hook(struct mem_fake *f, mem_fake_hook_fn fn, void *arg);

/**
 * mem_fake_self_clearing() - bits @mask of the word at @addr do their job
 * and read back 0 after each write32, like SW_M4C_RST/SW_M4P_RST on
 * silicon.
 */
int mem_fake_self_clearing(struct mem_fake *f, uint64_t addr, uint32_t mask);

/**
 * mem_fake_stuck_bits() - bits @mask of the word at @addr always read
 * @value, whatever is written: a state the hardware never reaches.
 */
int mem_fake_stuck_bits(struct mem_fake *f, uint64_t addr, uint32_t mask,
			uint32_t value);

/**
 * mem_fake_drop_write() - the @nth (1 = first) write that touches the word
 * at @addr (write32, or a block covering it) reports success but is not
 * stored: a write that did not stick, for read-back checks.
 */
int mem_fake_drop_write(struct mem_fake *f, uint64_t addr, unsigned int nth);

/**
 * mem_fake_fail_writes() - after @after writes (write32 or write_block,
 * anywhere), the next @count writes fail with @err (count 0: every later
 * write): a bus fault in the middle of a sequence.
 */
int mem_fake_fail_writes(struct mem_fake *f, size_t after, size_t count,
			 int err);

/* ---- the access log ----------------------------------------------------- */

/** mem_fake_log_enable() - stop (or resume) logging; on by default. */
void mem_fake_log_enable(struct mem_fake *f, bool on);

/** mem_fake_log_clear() - forget the log (violations are kept). */
void mem_fake_log_clear(struct mem_fake *f);

/** mem_fake_log_count() - number of logged accesses. */
size_t mem_fake_log_count(const struct mem_fake *f);

/**
 * mem_fake_log_at() - the @i-th logged access, or NULL past the end.
 * The pointer is valid until the next access through the fake.
 */
const struct mem_fake_access *mem_fake_log_at(const struct mem_fake *f,
					      size_t i);

/** mem_fake_violations() - accesses that broke the rules, since creation. */
size_t mem_fake_violations(const struct mem_fake *f);

/** mem_fake_op_name() - "map", "read32", ... */
const char *mem_fake_op_name(enum mem_fake_op op);

/** mem_fake_format_access() - one log line, no newline. */
void mem_fake_format_access(const struct mem_fake_access *a, char *buf,
			    size_t size);

/** mem_fake_log_print() - the whole log, one access a line, indexed. */
void mem_fake_log_print(const struct mem_fake *f, FILE *out);

/* A predicate over logged accesses. */
typedef bool (*mem_fake_match_fn)(const struct mem_fake_access *a,
				  const void *arg);

/**
 * mem_fake_log_find() - index of the first access at or after @from for
 * which @match(access, @arg) is true, or MEM_FAKE_NONE.
 */
size_t mem_fake_log_find(const struct mem_fake *f, size_t from,
			 mem_fake_match_fn match, const void *arg);

/** mem_fake_log_find_last() - the same, searching from the end. */
size_t mem_fake_log_find_last(const struct mem_fake *f,
			      mem_fake_match_fn match, const void *arg);

/** mem_fake_log_count_matching() - how many accesses @match accepts. */
size_t mem_fake_log_count_matching(const struct mem_fake *f,
				   mem_fake_match_fn match, const void *arg);

/*
 * A ready-made predicate (mem_fake_match() with a struct mem_fake_match *
 * as argument): every field left zero matches anything.
 */
struct mem_fake_match {
	unsigned int ops;	/* MEM_FAKE_OP_BIT() set; 0: any */
	uint64_t addr;		/* the access touches [addr, addr + len) ... */
	uint64_t len;		/* ... when len != 0 */
	uint32_t value_mask;	/* READ32/WRITE32: (value & value_mask) */
	uint32_t value;		/* == value, when value_mask != 0 */
};

bool mem_fake_match(const struct mem_fake_access *a, const void *match);

/*
 * In a cmocka test: when @cond is false, print the access log to stderr
 * before failing, so the failure shows what the code under test did.
 */
#define mem_fake_assert(f, cond)					\
	do {								\
		if (!(cond)) {						\
			mem_fake_log_print((f), stderr);		\
			fail_msg("%s", #cond);				\
		}							\
	} while (0)

#endif /* M4FW_TEST_MEM_FAKE_H */
