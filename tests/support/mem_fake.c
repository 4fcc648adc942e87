// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The fake memory backend of the tests; see mem_fake.h for the rules it
 * enforces and why.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "mem_fake.h"

struct fake_region {
	uint64_t addr;
	uint64_t len;
	uint8_t *buf;
	char *name;
};

struct fake_range {
	uint64_t addr;
	uint64_t len;
};

struct fake_refusal {
	uint64_t addr;
	int err;
};

enum rule_kind {
	RULE_SELF_CLEARING,
	RULE_STUCK,
	RULE_DROP,
	RULE_FAIL,
};

/* A canned hardware model; see the mem_fake_*() that add each kind. */
struct fake_rule {
	enum rule_kind kind;
	uint64_t addr;
	uint32_t mask;
	uint32_t value;
	unsigned int nth;	/* RULE_DROP: which write, 1-based */
	unsigned int seen;	/* RULE_DROP: writes touching addr so far */
	size_t after;		/* RULE_FAIL */
	size_t count;
	int err;
};

struct mem_fake {
	struct fake_region *regions;
	size_t n_regions;
	struct fake_range *mapped;
	size_t n_mapped;
	struct fake_refusal *refusals;
	size_t n_refusals;
	struct fake_rule *rules;
	size_t n_rules;

	mem_fake_hook_fn hook;
	void *hook_arg;

	bool require_map;
	bool logging;
	struct mem_fake_access *log;
	size_t n_log;
	size_t cap_log;
	size_t n_seen;		/* accesses so far, logged or not */
	size_t n_writes;
	size_t n_violations;
};

/* Append one element to *@array (of *@n); -ENOMEM leaves it unchanged. */
static int append(void **array, size_t *n, size_t size, const void *elem)
{
	void *na = realloc(*array, (*n + 1) * size);

	if (!na)
		return -ENOMEM;
	memcpy((char *)na + *n * size, elem, size);
	*array = na;
	(*n)++;
	return 0;
}

struct mem_fake *mem_fake_new(void)
{
	struct mem_fake *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->require_map = true;
	f->logging = true;
	return f;
}

void mem_fake_free(struct mem_fake *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n_regions; i++) {
		free(f->regions[i].buf);
		free(f->regions[i].name);
	}
	free(f->regions);
	free(f->mapped);
	free(f->refusals);
	free(f->rules);
	free(f->log);
	free(f);
}

/* ---- regions and mappings ------------------------------------------------ */

static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b,
			   uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* [addr, addr + len) does not pass 2^64. */
static bool range_is_sane(uint64_t addr, uint64_t len)
{
	return len <= UINT64_MAX - addr;
}

int mem_fake_add_region(struct mem_fake *f, uint64_t addr, uint64_t len,
			const char *name)
{
	struct fake_region r;
	int ret;

	if (len == 0 || !range_is_sane(addr, len) || len > SIZE_MAX)
		return -EINVAL;
	for (size_t i = 0; i < f->n_regions; i++)
		if (ranges_overlap(addr, len, f->regions[i].addr,
				   f->regions[i].len))
			return -EEXIST;
	r.addr = addr;
	r.len = len;
	r.buf = calloc(1, (size_t)len);
	r.name = strdup(name ? name : "?");
	if (!r.buf || !r.name) {
		ret = -ENOMEM;
		goto err_free;
	}
	ret = append((void **)&f->regions, &f->n_regions, sizeof(r), &r);
	if (ret)
		goto err_free;
	return 0;

err_free:
	free(r.buf);
	free(r.name);
	return ret;
}

static struct fake_region *region_of(const struct mem_fake *f, uint64_t addr)
{
	for (size_t i = 0; i < f->n_regions; i++) {
		struct fake_region *r = &f->regions[i];

		if (addr >= r->addr && addr - r->addr < r->len)
			return r;
	}
	return NULL;
}

/* Every byte of [addr, addr + len) is in some region (regions may abut). */
static bool in_regions(const struct mem_fake *f, uint64_t addr, uint64_t len)
{
	uint64_t end = addr + len;

	while (addr < end) {
		const struct fake_region *r = region_of(f, addr);

		if (!r)
			return false;
		addr = r->addr + r->len;
	}
	return true;
}

/* Every byte of [addr, addr + len) was mapped (mappings may overlap). */
static bool in_mapped(const struct mem_fake *f, uint64_t addr, uint64_t len)
{
	uint64_t end = addr + len;

	while (addr < end) {
		const struct fake_range *hit = NULL;

		for (size_t i = 0; i < f->n_mapped && !hit; i++) {
			const struct fake_range *m = &f->mapped[i];

			if (addr >= m->addr && addr - m->addr < m->len)
				hit = m;
		}
		if (!hit)
			return false;
		addr = hit->addr + hit->len;
	}
	return true;
}

uint8_t *mem_fake_bytes(struct mem_fake *f, uint64_t addr, uint64_t len)
{
	struct fake_region *r = region_of(f, addr);

	if (!r || !range_is_sane(addr, len) || addr + len > r->addr + r->len)
		return NULL;
	return r->buf + (addr - r->addr);
}

/* Copy between the regions and a flat buffer; the range was checked. */
static void copy_out(struct mem_fake *f, uint64_t addr, uint8_t *dst,
		     uint64_t len)
{
	while (len) {
		struct fake_region *r = region_of(f, addr);
		uint64_t n = r->addr + r->len - addr;

		if (n > len)
			n = len;
		memcpy(dst, r->buf + (addr - r->addr), (size_t)n);
		dst += n;
		addr += n;
		len -= n;
	}
}

/* @src NULL stores zeros. */
static void copy_in(struct mem_fake *f, uint64_t addr, const uint8_t *src,
		    uint64_t len)
{
	while (len) {
		struct fake_region *r = region_of(f, addr);
		uint64_t n = r->addr + r->len - addr;

		if (n > len)
			n = len;
		if (src) {
			memcpy(r->buf + (addr - r->addr), src, (size_t)n);
			src += n;
		} else {
			memset(r->buf + (addr - r->addr), 0, (size_t)n);
		}
		addr += n;
		len -= n;
	}
}

static uint32_t load32(struct mem_fake *f, uint64_t addr)
{
	uint32_t v;

	copy_out(f, addr, (uint8_t *)&v, 4);
	return v;
}

static void store32(struct mem_fake *f, uint64_t addr, uint32_t v)
{
	copy_in(f, addr, (const uint8_t *)&v, 4);
}

/* A test that peeks at memory it never declared is broken: say so loudly. */
static void need_word(const struct mem_fake *f, uint64_t addr,
		      const char *who)
{
	if (range_is_sane(addr, 4) && in_regions(f, addr, 4))
		return;
	fprintf(stderr, "%s: 0x%08" PRIx64 " is not in a declared region\n",
		who, addr);
	abort();
}

uint32_t mem_fake_peek32(struct mem_fake *f, uint64_t addr)
{
	need_word(f, addr, "mem_fake_peek32");
	return load32(f, addr);
}

void mem_fake_poke32(struct mem_fake *f, uint64_t addr, uint32_t val)
{
	need_word(f, addr, "mem_fake_poke32");
	store32(f, addr, val);
}

int mem_fake_refuse_map(struct mem_fake *f, uint64_t addr, int err)
{
	struct fake_refusal r = { .addr = addr, .err = err };

	return append((void **)&f->refusals, &f->n_refusals, sizeof(r), &r);
}

void mem_fake_require_map(struct mem_fake *f, bool on)
{
	f->require_map = on;
}

/* ---- models ----------------------------------------------------------- */

static int add_rule(struct mem_fake *f, const struct fake_rule *r)
{
	return append((void **)&f->rules, &f->n_rules, sizeof(*r), r);
}

int mem_fake_self_clearing(struct mem_fake *f, uint64_t addr, uint32_t mask)
{
	struct fake_rule r = {
		.kind = RULE_SELF_CLEARING, .addr = addr, .mask = mask,
	};

	return add_rule(f, &r);
}

int mem_fake_stuck_bits(struct mem_fake *f, uint64_t addr, uint32_t mask,
			uint32_t value)
{
	struct fake_rule r = {
		.kind = RULE_STUCK, .addr = addr, .mask = mask, .value = value,
	};

	return add_rule(f, &r);
}

int mem_fake_drop_write(struct mem_fake *f, uint64_t addr, unsigned int nth)
{
	struct fake_rule r = { .kind = RULE_DROP, .addr = addr, .nth = nth };

	return add_rule(f, &r);
}

int mem_fake_fail_writes(struct mem_fake *f, size_t after, size_t count,
			 int err)
{
	struct fake_rule r = {
		.kind = RULE_FAIL, .after = after, .count = count, .err = err,
	};

	return add_rule(f, &r);
}

void mem_fake_set_hook(struct mem_fake *f, mem_fake_hook_fn fn, void *arg)
{
	f->hook = fn;
	f->hook_arg = arg;
}

static bool is_write(enum mem_fake_op op)
{
	return op == MEM_FAKE_WRITE32 || op == MEM_FAKE_WRITE_BLOCK;
}

static int apply_rule(struct fake_rule *r, struct mem_fake_event *ev)
{
	bool word = (ev->op == MEM_FAKE_READ32 ||
		     ev->op == MEM_FAKE_WRITE32) && ev->addr == r->addr;

	switch (r->kind) {
	case RULE_SELF_CLEARING:
		/* The bit pulses the reset and is gone from the register. */
		if (word && ev->op == MEM_FAKE_WRITE32)
			ev->value &= ~r->mask;
		break;
	case RULE_STUCK:
		if (word)
			ev->value = (ev->value & ~r->mask) |
				    (r->value & r->mask);
		break;
	case RULE_DROP:
		if (is_write(ev->op) &&
		    ranges_overlap(ev->addr, ev->len, r->addr, 4) &&
		    ++r->seen == r->nth)
			ev->drop = true;
		break;
	case RULE_FAIL:
		if (is_write(ev->op) && ev->n_writes >= r->after &&
		    (r->count == 0 || ev->n_writes - r->after < r->count))
			return r->err;
		break;
	}
	return 0;
}

/* The canned models, then the test's hook: 0 or the error to fail with. */
static int run_hooks(struct mem_fake *f, struct mem_fake_event *ev)
{
	for (size_t i = 0; i < f->n_rules; i++) {
		int ret = apply_rule(&f->rules[i], ev);

		if (ret)
			return ret;
	}
	return f->hook ? f->hook(f, ev, f->hook_arg) : 0;
}

/* ---- the log ------------------------------------------------------------ */

void mem_fake_log_enable(struct mem_fake *f, bool on)
{
	f->logging = on;
}

void mem_fake_log_clear(struct mem_fake *f)
{
	f->n_log = 0;
}

size_t mem_fake_log_count(const struct mem_fake *f)
{
	return f->n_log;
}

const struct mem_fake_access *mem_fake_log_at(const struct mem_fake *f,
					      size_t i)
{
	return i < f->n_log ? &f->log[i] : NULL;
}

size_t mem_fake_violations(const struct mem_fake *f)
{
	return f->n_violations;
}

/* Record @a; a log that cannot grow only loses entries, never fails I/O. */
static void log_access(struct mem_fake *f, struct mem_fake_access *a)
{
	const struct fake_region *r = region_of(f, a->addr);

	f->n_seen++;
	if (a->violation)
		f->n_violations++;
	if (!f->logging)
		return;
	a->region = r ? r->name : NULL;
	if (f->n_log == f->cap_log) {
		size_t cap = f->cap_log ? 2 * f->cap_log : 64;
		struct mem_fake_access *nl = realloc(f->log, cap * sizeof(*nl));

		if (!nl)
			return;
		f->log = nl;
		f->cap_log = cap;
	}
	f->log[f->n_log++] = *a;
}

const char *mem_fake_op_name(enum mem_fake_op op)
{
	switch (op) {
	case MEM_FAKE_MAP:
		return "map";
	case MEM_FAKE_READ32:
		return "read32";
	case MEM_FAKE_WRITE32:
		return "write32";
	case MEM_FAKE_WRITE_BLOCK:
		return "write";
	case MEM_FAKE_VERIFY:
		return "verify";
	case MEM_FAKE_BARRIER:
		return "barrier";
	case MEM_FAKE_CLOSE:
		return "close";
	}
	return "?";
}

void mem_fake_format_access(const struct mem_fake_access *a, char *buf,
			    size_t size)
{
	char what[48] = "";
	char tail[64] = "";

	switch (a->op) {
	case MEM_FAKE_READ32:
	case MEM_FAKE_WRITE32:
		snprintf(what, sizeof(what), "0x%08" PRIx32, a->value);
		break;
	case MEM_FAKE_MAP:
	case MEM_FAKE_WRITE_BLOCK:
	case MEM_FAKE_VERIFY:
		snprintf(what, sizeof(what), "len 0x%" PRIx64 "%s", a->len,
			 a->zeros ? " zeros" : "");
		break;
	case MEM_FAKE_BARRIER:
	case MEM_FAKE_CLOSE:
		break;
	}
	if (a->result == -EIO && a->op == MEM_FAKE_VERIFY)
		snprintf(tail, sizeof(tail), " -> -EIO at 0x%08" PRIx64,
			 a->bad_addr);
	else if (a->result)
		snprintf(tail, sizeof(tail), " -> %d (%s)", a->result,
			 strerror(-a->result));
	snprintf(buf, size, "%-7s 0x%08" PRIx64 " %-20s %-10s%s%s%s",
		 mem_fake_op_name(a->op), a->addr, what,
		 a->region ? a->region : "-", a->dropped ? " DROPPED" : "",
		 a->violation ? " VIOLATION" : "", tail);
}

void mem_fake_log_print(const struct mem_fake *f, FILE *out)
{
	char line[192];

	fprintf(out, "mem_fake: %zu accesses logged, %zu violations\n",
		f->n_log, f->n_violations);
	for (size_t i = 0; i < f->n_log; i++) {
		mem_fake_format_access(&f->log[i], line, sizeof(line));
		fprintf(out, "  %4zu %s\n", i, line);
	}
}

size_t mem_fake_log_find(const struct mem_fake *f, size_t from,
			 mem_fake_match_fn match, const void *arg)
{
	for (size_t i = from; i < f->n_log; i++)
		if (match(&f->log[i], arg))
			return i;
	return MEM_FAKE_NONE;
}

size_t mem_fake_log_find_last(const struct mem_fake *f,
			      mem_fake_match_fn match, const void *arg)
{
	for (size_t i = f->n_log; i-- > 0;)
		if (match(&f->log[i], arg))
			return i;
	return MEM_FAKE_NONE;
}

size_t mem_fake_log_count_matching(const struct mem_fake *f,
				   mem_fake_match_fn match, const void *arg)
{
	size_t n = 0;

	for (size_t i = 0; i < f->n_log; i++)
		n += match(&f->log[i], arg);
	return n;
}

bool mem_fake_match(const struct mem_fake_access *a, const void *arg)
{
	const struct mem_fake_match *m = arg;

	if (m->ops && !(m->ops & MEM_FAKE_OP_BIT(a->op)))
		return false;
	if (m->len && !ranges_overlap(a->addr, a->len ? a->len : 1, m->addr,
				      m->len))
		return false;
	if (m->value_mask &&
	    (a->op != MEM_FAKE_READ32 && a->op != MEM_FAKE_WRITE32))
		return false;
	if (m->value_mask && (a->value & m->value_mask) != m->value)
		return false;
	return true;
}

/* ---- the ops ------------------------------------------------------------ */

static struct mem_fake *fake_of(struct mem *m)
{
	return m->priv;
}

/*
 * The checks every access goes through: 0, or the error after which the
 * access is logged as a violation. Zero-length blocks are placed like one
 * byte, so that they still have to point at real memory.
 */
static int police(struct mem_fake *f, uint64_t addr, uint64_t len,
		  bool word, bool need_map)
{
	if (len == 0)
		len = 1;
	if (word && (addr & 3))
		return -EINVAL;
	if (!range_is_sane(addr, len) || !in_regions(f, addr, len))
		return -EFAULT;
	if (need_map && f->require_map && !in_mapped(f, addr, len))
		return -EFAULT;
	return 0;
}

static struct mem_fake_event event_of(const struct mem_fake *f,
				      enum mem_fake_op op, uint64_t addr,
				      uint64_t len, uint32_t value)
{
	struct mem_fake_event ev = {
		.op = op, .addr = addr, .len = len, .value = value,
		.index = f->n_log, .n_writes = f->n_writes,
	};

	return ev;
}

static int fake_map(struct mem *m, uint64_t addr, uint64_t len)
{
	struct mem_fake *f = fake_of(m);
	struct mem_fake_access a = { .op = MEM_FAKE_MAP, .addr = addr,
				     .len = len };
	struct fake_range r = { .addr = addr, .len = len ? len : 1 };
	struct mem_fake_event ev;

	a.result = police(f, addr, len, false, false);
	if (a.result) {
		a.violation = true;
		goto out;
	}
	for (size_t i = 0; i < f->n_refusals; i++) {
		if (ranges_overlap(addr, r.len, f->refusals[i].addr, 1)) {
			a.result = f->refusals[i].err;
			goto out;
		}
	}
	ev = event_of(f, MEM_FAKE_MAP, addr, len, 0);
	a.result = run_hooks(f, &ev);
	if (!a.result)
		a.result = append((void **)&f->mapped, &f->n_mapped,
				  sizeof(r), &r);
out:
	log_access(f, &a);
	return a.result;
}

static int fake_read32(struct mem *m, uint64_t addr, uint32_t *val)
{
	struct mem_fake *f = fake_of(m);
	struct mem_fake_access a = { .op = MEM_FAKE_READ32, .addr = addr,
				     .len = 4 };
	struct mem_fake_event ev;

	a.result = police(f, addr, 4, true, true);
	if (a.result) {
		a.violation = true;
		goto out;
	}
	ev = event_of(f, MEM_FAKE_READ32, addr, 4, load32(f, addr));
	a.result = run_hooks(f, &ev);
	if (!a.result) {
		*val = ev.value;
		a.value = ev.value;
	}
out:
	log_access(f, &a);
	return a.result;
}

static int fake_write32(struct mem *m, uint64_t addr, uint32_t val)
{
	struct mem_fake *f = fake_of(m);
	struct mem_fake_access a = { .op = MEM_FAKE_WRITE32, .addr = addr,
				     .len = 4, .value = val };
	struct mem_fake_event ev;

	a.result = police(f, addr, 4, true, true);
	if (a.result) {
		a.violation = true;
		goto out;
	}
	ev = event_of(f, MEM_FAKE_WRITE32, addr, 4, val);
	f->n_writes++;
	a.result = run_hooks(f, &ev);
	if (a.result)
		goto out;
	if (ev.drop)
		a.dropped = true;
	else
		store32(f, addr, ev.value);
out:
	log_access(f, &a);
	return a.result;
}

static int fake_write_block(struct mem *m, uint64_t addr, const uint8_t *src,
			    size_t len)
{
	struct mem_fake *f = fake_of(m);
	struct mem_fake_access a = { .op = MEM_FAKE_WRITE_BLOCK, .addr = addr,
				     .len = len, .zeros = !src };
	struct mem_fake_event ev;

	a.result = police(f, addr, len, false, true);
	if (a.result) {
		a.violation = true;
		goto out;
	}
	ev = event_of(f, MEM_FAKE_WRITE_BLOCK, addr, len, 0);
	f->n_writes++;
	a.result = run_hooks(f, &ev);
	if (a.result)
		goto out;
	if (ev.drop)
		a.dropped = true;
	else
		copy_in(f, addr, src, len);
out:
	log_access(f, &a);
	return a.result;
}

static int fake_verify_block(struct mem *m, uint64_t addr, const uint8_t *src,
			     size_t len, uint64_t *bad_addr)
{
	struct mem_fake *f = fake_of(m);
	struct mem_fake_access a = { .op = MEM_FAKE_VERIFY, .addr = addr,
				     .len = len, .zeros = !src };
	struct mem_fake_event ev;

	a.result = police(f, addr, len, false, true);
	if (a.result) {
		a.violation = true;
		goto out;
	}
	ev = event_of(f, MEM_FAKE_VERIFY, addr, len, 0);
	a.result = run_hooks(f, &ev);
	if (a.result)
		goto out;
	for (uint64_t i = 0; i < len; i++) {
		uint8_t got;

		copy_out(f, addr + i, &got, 1);
		if (got == (src ? src[i] : 0))
			continue;
		/*
		 * As the devmem backend reports it: the word that differs,
		 * but never before the start of the range.
		 */
		a.bad_addr = (addr + i) & ~UINT64_C(3);
		if (a.bad_addr < addr)
			a.bad_addr = addr;
		*bad_addr = a.bad_addr;
		a.result = -EIO;
		break;
	}
out:
	log_access(f, &a);
	return a.result;
}

static void fake_barrier(struct mem *m)
{
	struct mem_fake *f = fake_of(m);
	struct mem_fake_access a = { .op = MEM_FAKE_BARRIER };
	struct mem_fake_event ev = event_of(f, MEM_FAKE_BARRIER, 0, 0, 0);

	/* A barrier cannot fail; a hook sees it only to learn the order. */
	run_hooks(f, &ev);
	log_access(f, &a);
}

static void fake_close(struct mem *m)
{
	struct mem_fake *f = fake_of(m);
	struct mem_fake_access a = { .op = MEM_FAKE_CLOSE };

	free(f->mapped);
	f->mapped = NULL;
	f->n_mapped = 0;
	log_access(f, &a);
	m->priv = NULL;
}

static const struct mem_ops fake_ops = {
	.map = fake_map,
	.read32 = fake_read32,
	.write32 = fake_write32,
	.write_block = fake_write_block,
	.verify_block = fake_verify_block,
	.barrier = fake_barrier,
	.close = fake_close,
};

void mem_fake_bind(struct mem_fake *f, struct mem *m)
{
	memset(m, 0, sizeof(*m));
	m->ops = &fake_ops;
	m->priv = f;
	m->path = "fake";
	m->is_device = false;
}
