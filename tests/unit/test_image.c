// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading firmware images: image_read(), the ELF reader (by program
 * headers, on fixtures written with libelf at test time) and the raw one.
 *
 * Every malformed fixture is a known-good one with exactly one thing
 * changed, and the good one is checked to parse first: so a rejection can
 * only be for the reason the test is about.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "elf_fixture.h"
#include "tmpdir.h"
#include "m4fw/image.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

static char tmp_dir[256];

static void tpath(char *buf, size_t size, const char *name)
{
	int n = snprintf(buf, size, "%s/%s", tmp_dir, name);

	assert_true(n > 0 && (size_t)n < size);
}

static int group_setup(void **state)
{
	(void)state;
	return tmpdir_make(tmp_dir, sizeof(tmp_dir), "test_image");
}

static int group_teardown(void **state)
{
	(void)state;
	return tmpdir_remove(tmp_dir);
}

/* ---- stderr capture: the readers promise one error line --------- */

struct capture {
	int saved_fd;
	int fd;
	char text[4096];
};

static void capture_begin(struct capture *c)
{
	char path[300];

	tpath(path, sizeof(path), "stderr.txt");
	fflush(stderr);
	c->fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(c->fd >= 0);
	c->saved_fd = dup(STDERR_FILENO);
	assert_true(c->saved_fd >= 0);
	assert_true(dup2(c->fd, STDERR_FILENO) >= 0);
}

static const char *capture_end(struct capture *c)
{
	ssize_t n;

	fflush(stderr);
	assert_true(dup2(c->saved_fd, STDERR_FILENO) >= 0);
	close(c->saved_fd);
	n = pread(c->fd, c->text, sizeof(c->text) - 1, 0);
	close(c->fd);
	assert_true(n >= 0);
	c->text[n] = '\0';
	return c->text;
}

static size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (*s == '\n')
			n++;
	return n;
}

/* Exactly one line, "m4fwloader: ...", naming the file. */
static void assert_one_error_line(const char *text, const char *path)
{
	if (count_lines(text) != 1 || text[strlen(text) - 1] != '\n' ||
	    strncmp(text, "m4fwloader: ", 12) != 0 || !strstr(text, path))
		fail_msg("expected one error line naming %s, got: \"%s\"", path,
			 text);
}

/* ---- helpers ------------------------------------------------------ */

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void fill_pattern(uint8_t *p, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

static void write_fixture(const struct elf_fixture *fx, const char *path)
{
	assert_int_equal(elf_fixture_write(fx, path), 0);
}

/* image_read() must succeed; image_parse_elf()'s result and stderr. */
static int parse_elf_file(struct image *img, const char *path,
			  struct capture *cap)
{
	int ret;

	assert_int_equal(image_read(img, path, IMAGE_MAX_BYTES), 0);
	capture_begin(cap);
	ret = image_parse_elf(img);
	capture_end(cap);
	return ret;
}

static void expect_parse_ok(const char *path)
{
	struct capture cap;
	struct image img;

	if (parse_elf_file(&img, path, &cap) != 0)
		fail_msg("%s: base fixture rejected: %s", path, cap.text);
	/* A good image is parsed in silence. */
	assert_string_equal(cap.text, "");
	image_free(&img);
}

static void expect_parse_rejected(const char *path)
{
	struct capture cap;
	struct image img;
	int ret;

	ret = parse_elf_file(&img, path, &cap);
	if (ret != -EINVAL)
		fail_msg("%s: image_parse_elf returned %d, expected -EINVAL",
			 path, ret);
	assert_one_error_line(cap.text, path);
	image_free(&img);
	assert_null(img.bytes);
	assert_null(img.segs);
	assert_null(img.loads);
	assert_null(img.path);
}

/*
 * The base good image, the shape of an NXP SDK TCM build: vectors, code
 * (R E) and .data whose load address (p_paddr, right after the code) is
 * not its run address (p_vaddr, in TCMU), with .bss in its p_memsz.
 */
#define VEC_PADDR	0x1FFF8000u
#define CODE_PADDR	0x1FFF8400u
#define DATA_PADDR	0x1FFF8440u
#define DATA_VADDR	0x20000000u
#define ENTRY		0x1FFF8401u
#define SP_VALUE	0x20008000u

struct good_bytes {
	uint8_t vec[16];
	uint8_t code[64];
	uint8_t data[32];
};

static void make_good_bytes(struct good_bytes *b)
{
	fill_pattern(b->vec, sizeof(b->vec), 0x10);
	put_le32(b->vec, SP_VALUE);
	put_le32(b->vec + 4, ENTRY);
	fill_pattern(b->code, sizeof(b->code), 0x40);
	fill_pattern(b->data, sizeof(b->data), 0x80);
}

static void make_good(struct elf_fixture *fx, const struct good_bytes *b)
{
	elf_fixture_init(fx);
	fx->entry = ENTRY;
	assert_int_equal(elf_fixture_add_load(fx, VEC_PADDR, VEC_PADDR, b->vec,
					      sizeof(b->vec), sizeof(b->vec),
					      PF_R), 0);
	assert_int_equal(elf_fixture_add_load(fx, CODE_PADDR, CODE_PADDR,
					      b->code, sizeof(b->code),
					      sizeof(b->code), PF_R | PF_X),
			 1);
	assert_int_equal(elf_fixture_add_load(fx, DATA_PADDR, DATA_VADDR,
					      b->data, sizeof(b->data), 0x100,
					      PF_R | PF_W), 2);
}

/* Offsets of ELF32 fields, for patches. */
#define EH32(field) ((off_t)offsetof(Elf32_Ehdr, field))
#define PH32(i, field) \
	((off_t)(sizeof(Elf32_Ehdr) + (i) * sizeof(Elf32_Phdr) + \
		 offsetof(Elf32_Phdr, field)))

static void check_seg(const struct image *img, size_t i, unsigned int index,
		      uint32_t paddr, uint32_t vaddr, const uint8_t *bytes,
		      uint32_t filesz, uint32_t memsz, uint32_t flags,
		      bool zero_fill)
{
	const struct image_segment *s;

	assert_true(i < img->n_segs);
	s = &img->segs[i];
	assert_int_equal(s->index, index);
	assert_int_equal(s->paddr, paddr);
	assert_int_equal(s->vaddr, vaddr);
	assert_int_equal(s->filesz, filesz);
	assert_int_equal(s->memsz, memsz);
	assert_int_equal(s->flags, flags);
	assert_int_equal(s->zero_fill, zero_fill);
	if (filesz) {
		/* The bytes are the file's own copy, not a second one. */
		assert_true(s->data >= img->bytes &&
			    s->data + filesz <= img->bytes + img->size);
		assert_memory_equal(s->data, bytes, filesz);
	}
}

/* ---- well-formed ELF ---------------------------------------------- */

static void test_elf_three_loads(void **state)
{
	struct elf_fixture fx;
	struct good_bytes b;
	struct capture cap;
	struct image img;
	char path[300];

	(void)state;
	make_good_bytes(&b);
	make_good(&fx, &b);
	tpath(path, sizeof(path), "good.elf");
	write_fixture(&fx, path);

	assert_int_equal(parse_elf_file(&img, path, &cap), 0);
	assert_string_equal(cap.text, "");
	assert_true(image_is_elf(&img));
	assert_int_equal(img.format, IMAGE_ELF);
	assert_string_equal(img.path, path);
	assert_false(img.addr_is_a_view);
	assert_int_equal(img.entry, ENTRY);

	assert_int_equal(img.n_segs, 3);
	check_seg(&img, 0, 0, VEC_PADDR, VEC_PADDR, b.vec, 16, 16, PF_R,
		  false);
	check_seg(&img, 1, 1, CODE_PADDR, CODE_PADDR, b.code, 64, 64,
		  PF_R | PF_X, false);
	/* load != run address: start-up code copies it; nothing zeroed */
	check_seg(&img, 2, 2, DATA_PADDR, DATA_VADDR, b.data, 32, 0x100,
		  PF_R | PF_W, false);
	assert_int_equal(image_copied_bytes(&img), 16 + 64 + 32);

	assert_int_equal(img.n_loads, 3);
	assert_int_equal(img.loads[2].index, 2);
	assert_int_equal(img.loads[2].paddr, DATA_PADDR);
	assert_int_equal(img.loads[2].memsz, 0x100);

	assert_true(img.has_vector);
	assert_int_equal(img.sp, SP_VALUE);
	assert_int_equal(img.pc, ENTRY);
	assert_false(img.has_rsc_table);
	assert_false(img.rsc_table_valid);

	image_free(&img);
	assert_null(img.bytes);
	assert_null(img.segs);
	assert_int_equal(img.n_segs, 0);
}

/*
 * Everything that is not a plain copy: non-PT_LOAD headers, a .bss-only
 * PT_LOAD (zeroed), a noinit PT_LOAD at a different load address (nothing
 * to write), an empty PT_LOAD, and a PT_LOAD with both file bytes and a
 * zeroed tail.
 */
static void test_elf_segment_kinds(void **state)
{
	uint8_t vec[8], text[24], note[12] = { 0 };
	struct elf_fixture_phdr ph;
	struct elf_fixture fx;
	struct capture cap;
	struct image img;
	char path[300];

	(void)state;
	fill_pattern(vec, sizeof(vec), 1);
	fill_pattern(text, sizeof(text), 2);
	elf_fixture_init(&fx);
	/* 0: PT_NOTE (a build id) pointing at real bytes: ignored */
	assert_true(elf_fixture_add_section(&fx, ".note", SHT_NOTE, SHF_ALLOC,
					    0, note, sizeof(note)) >= 0);
	ph = (struct elf_fixture_phdr){
		.type = PT_NOTE, .flags = PF_R,
		.offset = fx.sections[0].offset, .vaddr = 0x1FFF9000,
		.paddr = 0x1FFF9000, .filesz = sizeof(note),
		.memsz = sizeof(note), .align = 4,
	};
	assert_int_equal(elf_fixture_add_phdr(&fx, &ph), 0);
	/* 1: vectors + code, tail zeroed (paddr == vaddr) */
	assert_int_equal(elf_fixture_add_load(&fx, 0x00900000, 0x00900000, vec,
					      sizeof(vec), 0x40, PF_R | PF_X),
			 1);
	/* 2: .bss only: filesz 0, paddr == vaddr: a pure zero fill */
	assert_int_equal(elf_fixture_add_load(&fx, 0x20200000, 0x20200000,
					      NULL, 0, 0x200, PF_R | PF_W), 2);
	/* 3: .noinit elsewhere: filesz 0, paddr != vaddr: nothing written */
	assert_int_equal(elf_fixture_add_load(&fx, 0x00908000, 0x20210000,
					      NULL, 0, 0x100, PF_R | PF_W), 3);
	/* 4: PT_LOAD with no memory at all */
	assert_int_equal(elf_fixture_add_load(&fx, 0x00909000, 0x00909000,
					      NULL, 0, 0, PF_R), 4);
	/* 5: PT_ARM_EXIDX covering code bytes: not loaded by itself */
	ph.type = PT_ARM_EXIDX;
	ph.offset = fx.phdrs[1].offset;
	ph.paddr = ph.vaddr = 0x00900000;
	ph.filesz = ph.memsz = 8;
	assert_int_equal(elf_fixture_add_phdr(&fx, &ph), 5);
	/* 6: more code, exactly filesz == memsz */
	assert_int_equal(elf_fixture_add_load(&fx, 0x00901000, 0x00901000,
					      text, sizeof(text), sizeof(text),
					      PF_R | PF_X), 6);
	/* 7: PT_GNU_STACK: memsz 0, ignored */
	ph = (struct elf_fixture_phdr){ .type = PT_GNU_STACK,
					.flags = PF_R | PF_W };
	assert_int_equal(elf_fixture_add_phdr(&fx, &ph), 7);
	fx.entry = 0x00900001;
	tpath(path, sizeof(path), "kinds.elf");
	write_fixture(&fx, path);

	assert_int_equal(parse_elf_file(&img, path, &cap), 0);
	assert_string_equal(cap.text, "");
	assert_int_equal(img.n_segs, 3);
	check_seg(&img, 0, 1, 0x00900000, 0x00900000, vec, 8, 0x40,
		  PF_R | PF_X, true);
	check_seg(&img, 1, 2, 0x20200000, 0x20200000, NULL, 0, 0x200,
		  PF_R | PF_W, true);
	check_seg(&img, 2, 6, 0x00901000, 0x00901000, text, sizeof(text),
		  sizeof(text), PF_R | PF_X, false);
	assert_int_equal(image_copied_bytes(&img), 8 + sizeof(text));

	/* remoteproc's view: every PT_LOAD with memory, noinit included */
	assert_int_equal(img.n_loads, 4);
	assert_int_equal(img.loads[0].index, 1);
	assert_int_equal(img.loads[1].index, 2);
	assert_int_equal(img.loads[2].index, 3);
	assert_int_equal(img.loads[2].paddr, 0x00908000);
	assert_int_equal(img.loads[2].memsz, 0x100);
	assert_int_equal(img.loads[3].index, 6);

	assert_true(img.has_vector);
	assert_int_equal(img.sp, get_le32(vec));
	assert_int_equal(img.pc, get_le32(vec + 4));
	assert_int_equal(img.entry, 0x00900001);
	image_free(&img);
}

/*
 * The vector comes from the first PT_LOAD with file bytes in program
 * header order, not from the lowest address: a zero-fill segment before
 * it and a lower-addressed segment after it do not count.
 */
static void test_elf_vector_program_header_order(void **state)
{
	uint8_t first[12], low[8];
	struct elf_fixture fx;
	struct capture cap;
	struct image img;
	char path[300];

	(void)state;
	fill_pattern(first, sizeof(first), 0x33);
	put_le32(first, 0x20001000);
	put_le32(first + 4, 0x00000201);
	put_le32(low, 0x11111111);
	put_le32(low + 4, 0x22222223);
	elf_fixture_init(&fx);
	assert_int_equal(elf_fixture_add_load(&fx, 0x20000000, 0x20000000,
					      NULL, 0, 0x100, PF_R | PF_W), 0);
	assert_int_equal(elf_fixture_add_load(&fx, 0x00000200, 0x00000200,
					      first, sizeof(first),
					      sizeof(first), PF_R | PF_X), 1);
	assert_int_equal(elf_fixture_add_load(&fx, 0x00000000, 0x00000000,
					      low, sizeof(low), sizeof(low),
					      PF_R), 2);
	tpath(path, sizeof(path), "order.elf");
	write_fixture(&fx, path);

	assert_int_equal(parse_elf_file(&img, path, &cap), 0);
	assert_true(img.has_vector);
	assert_int_equal(img.sp, 0x20001000);
	assert_int_equal(img.pc, 0x00000201);
	/* segments stay in program-header order */
	assert_int_equal(img.n_segs, 3);
	assert_int_equal(img.segs[0].paddr, 0x20000000);
	assert_int_equal(img.segs[1].paddr, 0x00000200);
	assert_int_equal(img.segs[2].paddr, 0x00000000);
	image_free(&img);
}

/* Fewer than 8 bytes in that first segment: no vector, not the next one. */
static void test_elf_vector_short_first_segment(void **state)
{
	uint8_t four[4] = { 1, 2, 3, 4 }, eight[8] = { 0 };
	struct elf_fixture fx;
	struct capture cap;
	struct image img;
	char path[300];

	(void)state;
	put_le32(eight, 0x20008000);
	put_le32(eight + 4, 0x1FFF8001);
	elf_fixture_init(&fx);
	assert_int_equal(elf_fixture_add_load(&fx, 0x1FFF8000, 0x1FFF8000,
					      four, 4, 4, PF_R), 0);
	assert_int_equal(elf_fixture_add_load(&fx, 0x1FFF8100, 0x1FFF8100,
					      eight, 8, 8, PF_R), 1);
	tpath(path, sizeof(path), "short.elf");
	write_fixture(&fx, path);

	assert_int_equal(parse_elf_file(&img, path, &cap), 0);
	assert_int_equal(img.n_segs, 2);
	assert_false(img.has_vector);
	image_free(&img);
}

/* A segment whose bytes end exactly at the end of the file is fine. */
static void test_elf_segment_ends_at_eof(void **state)
{
	struct elf_fixture fx;
	struct good_bytes b;
	struct capture cap;
	struct image img;
	char path[300];
	off_t size;

	(void)state;
	make_good_bytes(&b);
	make_good(&fx, &b);
	tpath(path, sizeof(path), "eof.elf");
	write_fixture(&fx, path);
	size = elf_fixture_file_size(path);
	assert_true(size > 64);
	/* point segment 1 (64 bytes) at the last 64 bytes of the file */
	assert_int_equal(elf_fixture_patch_le32(path, PH32(1, p_offset),
						(uint32_t)(size - 64)), 0);
	assert_int_equal(parse_elf_file(&img, path, &cap), 0);
	assert_ptr_equal(img.segs[1].data, img.bytes + size - 64);
	image_free(&img);
}

/* ---- resource table ----------------------------------------------- */

struct rsc_case {
	const char *name;
	uint32_t type;
	uint32_t words[6];
	size_t size;
	bool valid;
};

static const struct rsc_case rsc_cases[] = {
	{ "v1 empty", SHT_PROGBITS, { 1, 0, 0, 0 }, 16, true },
	{ "v2", SHT_PROGBITS, { 2, 0, 0, 0 }, 16, false },
	{ "v0", SHT_PROGBITS, { 0, 0, 0, 0 }, 16, false },
	{ "reserved[0] set", SHT_PROGBITS, { 1, 0, 1, 0 }, 16, false },
	{ "reserved[1] set", SHT_PROGBITS, { 1, 0, 0, 0x100 }, 16, false },
	/* num entries need num offset words after the header */
	{ "num 1, no room", SHT_PROGBITS, { 1, 1, 0, 0 }, 16, false },
	/* the kernel reads a type word at each offset: "rsc table is truncated" */
	{ "num 1, entry past the end", SHT_PROGBITS, { 1, 1, 0, 0, 20 }, 20, false },
	/* an unknown type is warned about and skipped: the table is fine */
	{ "num 1, unknown entry", SHT_PROGBITS, { 1, 1, 0, 0, 20, 77 }, 24, true },
	{ "num 2, room for 1", SHT_PROGBITS, { 1, 2, 0, 0, 24 }, 20, false },
	{ "12 bytes", SHT_PROGBITS, { 1, 0, 0 }, 12, false },
	{ "NOBITS", SHT_NOBITS, { 0 }, 16, false },
};

static void test_elf_resource_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEM(rsc_cases); i++) {
		const struct rsc_case *c = &rsc_cases[i];
		uint8_t bytes[24] = { 0 };
		struct elf_fixture fx;
		struct good_bytes b;
		struct capture cap;
		struct image img;
		char path[300];

		for (size_t w = 0; w < N_ELEM(c->words); w++)
			put_le32(bytes + 4 * w, c->words[w]);
		make_good_bytes(&b);
		make_good(&fx, &b);
		assert_true(elf_fixture_add_section(&fx, ".resource_table",
						    c->type, SHF_ALLOC,
						    0x20000100, bytes,
						    c->size) >= 0);
		tpath(path, sizeof(path), "rsc.elf");
		write_fixture(&fx, path);

		assert_int_equal(parse_elf_file(&img, path, &cap), 0);
		if (!img.has_rsc_table || img.rsc_table_valid != c->valid)
			fail_msg("%s: has %d valid %d, expected 1 %d", c->name,
				 img.has_rsc_table, img.rsc_table_valid,
				 c->valid);
		assert_int_equal(img.rsc_table_addr, 0x20000100);
		assert_int_equal(img.rsc_table_size, c->size);
		image_free(&img);
	}
}

/* A similarly named section is not the table. */
static void test_elf_resource_table_absent(void **state)
{
	uint8_t bytes[16] = { 1 };
	struct elf_fixture fx;
	struct good_bytes b;
	struct capture cap;
	struct image img;
	char path[300];

	(void)state;
	make_good_bytes(&b);
	make_good(&fx, &b);
	assert_true(elf_fixture_add_section(&fx, ".resource_table.x",
					    SHT_PROGBITS, SHF_ALLOC, 0x100,
					    bytes, sizeof(bytes)) >= 0);
	assert_true(elf_fixture_add_section(&fx, ".resource", SHT_PROGBITS,
					    SHF_ALLOC, 0x100, bytes,
					    sizeof(bytes)) >= 0);
	tpath(path, sizeof(path), "norsc.elf");
	write_fixture(&fx, path);
	assert_int_equal(parse_elf_file(&img, path, &cap), 0);
	assert_false(img.has_rsc_table);
	assert_false(img.rsc_table_valid);
	image_free(&img);
}

/* Section headers stripped: loading is by program headers only. */
static void test_elf_without_section_headers(void **state)
{
	uint8_t rsc[16] = { 1 };
	struct elf_fixture fx;
	struct good_bytes b;
	struct capture cap;
	struct image img;
	char path[300];

	(void)state;
	make_good_bytes(&b);
	make_good(&fx, &b);
	assert_true(elf_fixture_add_section(&fx, ".resource_table",
					    SHT_PROGBITS, SHF_ALLOC, 0x100,
					    rsc, sizeof(rsc)) >= 0);
	fx.strip_section_headers = true;
	tpath(path, sizeof(path), "stripped.elf");
	write_fixture(&fx, path);
	assert_int_equal(parse_elf_file(&img, path, &cap), 0);
	assert_string_equal(cap.text, "");
	assert_int_equal(img.n_segs, 3);
	check_seg(&img, 2, 2, DATA_PADDR, DATA_VADDR, b.data, 32, 0x100,
		  PF_R | PF_W, false);
	assert_false(img.has_rsc_table);
	image_free(&img);
}

/* ---- malformed ELF ------------------------------------------------ */

/* The good image with its header changed before writing. */
static void write_good_variant(const char *name, char *path, size_t size,
			       unsigned char ei_class, unsigned char ei_data,
			       uint16_t machine, uint16_t type)
{
	struct good_bytes b;
	struct elf_fixture fx;

	make_good_bytes(&b);
	make_good(&fx, &b);
	fx.ei_class = ei_class;
	fx.ei_data = ei_data;
	fx.machine = machine;
	fx.type = type;
	tpath(path, size, name);
	write_fixture(&fx, path);
}

static void write_good(const char *name, char *path, size_t size)
{
	write_good_variant(name, path, size, ELFCLASS32, ELFDATA2LSB, EM_ARM,
			   ET_EXEC);
}

static void test_elf_base_fixture_parses(void **state)
{
	char path[300];

	(void)state;
	write_good("base.elf", path, sizeof(path));
	expect_parse_ok(path);
}

static void test_elf_reject_class64(void **state)
{
	char path[300];

	(void)state;
	write_good_variant("elf64.elf", path, sizeof(path), ELFCLASS64,
			   ELFDATA2LSB, EM_ARM, ET_EXEC);
	expect_parse_rejected(path);
}

static void test_elf_reject_big_endian(void **state)
{
	char path[300];

	(void)state;
	write_good_variant("be.elf", path, sizeof(path), ELFCLASS32,
			   ELFDATA2MSB, EM_ARM, ET_EXEC);
	expect_parse_rejected(path);
}

static void test_elf_reject_machine(void **state)
{
	static const uint16_t machines[] = {
		EM_X86_64, EM_386, EM_AARCH64, EM_RISCV, EM_NONE, 0x1234,
	};
	char path[300];

	(void)state;
	for (size_t i = 0; i < N_ELEM(machines); i++) {
		write_good_variant("machine.elf", path, sizeof(path),
				   ELFCLASS32, ELFDATA2LSB, machines[i],
				   ET_EXEC);
		expect_parse_rejected(path);
	}
}

static void test_elf_reject_type(void **state)
{
	static const uint16_t types[] = { ET_REL, ET_DYN, ET_CORE, ET_NONE };
	char path[300];

	(void)state;
	for (size_t i = 0; i < N_ELEM(types); i++) {
		write_good_variant("type.elf", path, sizeof(path), ELFCLASS32,
				   ELFDATA2LSB, EM_ARM, types[i]);
		expect_parse_rejected(path);
	}
}

static void test_elf_reject_bad_ident(void **state)
{
	char path[300];
	uint8_t b;

	(void)state;
	write_good("ident.elf", path, sizeof(path));
	b = 3;	/* neither ELFCLASS32 nor ELFCLASS64 */
	assert_int_equal(elf_fixture_patch(path, EI_CLASS, &b, 1), 0);
	expect_parse_rejected(path);

	write_good("ident.elf", path, sizeof(path));
	b = 3;	/* neither byte order */
	assert_int_equal(elf_fixture_patch(path, EI_DATA, &b, 1), 0);
	expect_parse_rejected(path);
}

static void test_elf_reject_truncated_header(void **state)
{
	static const off_t sizes[] = {
		4, 5, 15, 16, 30, sizeof(Elf32_Ehdr) - 1,
	};
	char path[300];

	(void)state;
	for (size_t i = 0; i < N_ELEM(sizes); i++) {
		write_good("trunc.elf", path, sizeof(path));
		assert_int_equal(elf_fixture_truncate(path, sizes[i]), 0);
		expect_parse_rejected(path);
	}
}

/* Too short to even carry the magic: not ELF, and the parser says no. */
static void test_elf_reject_three_bytes(void **state)
{
	struct image img;
	char path[300];

	(void)state;
	tpath(path, sizeof(path), "three.bin");
	assert_int_equal(elf_fixture_write_bytes(path, "\x7f" "EL", 3), 0);
	assert_int_equal(image_read(&img, path, IMAGE_MAX_BYTES), 0);
	assert_int_equal(img.size, 3);
	assert_false(image_is_elf(&img));
	image_free(&img);
	expect_parse_rejected(path);
}

static void test_elf_reject_no_program_headers(void **state)
{
	uint8_t code[16] = { 0 };
	struct elf_fixture fx;
	char path[300];

	(void)state;
	elf_fixture_init(&fx);
	assert_true(elf_fixture_add_section(&fx, ".text", SHT_PROGBITS,
					    SHF_ALLOC | SHF_EXECINSTR,
					    0x1FFF8000, code,
					    sizeof(code)) >= 0);
	tpath(path, sizeof(path), "nophdr.elf");
	write_fixture(&fx, path);
	expect_parse_rejected(path);
}

static void test_elf_reject_no_pt_load(void **state)
{
	uint8_t note[16] = { 0 };
	struct elf_fixture_phdr ph = {
		.type = PT_NOTE, .flags = PF_R, .filesz = sizeof(note),
		.memsz = sizeof(note), .align = 4,
	};
	struct elf_fixture fx;
	char path[300];
	int sec;

	(void)state;
	elf_fixture_init(&fx);
	sec = elf_fixture_add_section(&fx, ".note", SHT_NOTE, SHF_ALLOC, 0,
				      note, sizeof(note));
	assert_true(sec >= 0);
	ph.offset = fx.sections[sec].offset;
	assert_int_equal(elf_fixture_add_phdr(&fx, &ph), 0);
	tpath(path, sizeof(path), "noload.elf");
	write_fixture(&fx, path);
	expect_parse_rejected(path);
}

/* PT_LOADs that write nothing: memsz 0, or a noinit with no file bytes. */
static void test_elf_reject_nothing_to_write(void **state)
{
	struct elf_fixture fx;
	char path[300];

	(void)state;
	elf_fixture_init(&fx);
	assert_int_equal(elf_fixture_add_load(&fx, 0x1FFF8000, 0x1FFF8000,
					      NULL, 0, 0, PF_R), 0);
	assert_int_equal(elf_fixture_add_load(&fx, 0x1FFF8000, 0x20000000,
					      NULL, 0, 0x100, PF_R | PF_W), 1);
	tpath(path, sizeof(path), "nowrite.elf");
	write_fixture(&fx, path);
	expect_parse_rejected(path);
}

static void test_elf_reject_phdrs_past_eof(void **state)
{
	char path[300];
	off_t size;

	(void)state;
	/* the table starts inside the file and runs past its end */
	write_good("phoff.elf", path, sizeof(path));
	size = elf_fixture_file_size(path);
	assert_int_equal(elf_fixture_patch_le32(path, EH32(e_phoff),
						(uint32_t)size - 40), 0);
	expect_parse_rejected(path);

	/* ... or starts beyond it */
	write_good("phoff.elf", path, sizeof(path));
	assert_int_equal(elf_fixture_patch_le32(path, EH32(e_phoff),
						0x7FFFFFF0), 0);
	expect_parse_rejected(path);

	/* ... or the file is cut inside the table */
	write_good("phoff.elf", path, sizeof(path));
	assert_int_equal(elf_fixture_truncate(path, sizeof(Elf32_Ehdr) +
					      2 * sizeof(Elf32_Phdr) + 4), 0);
	expect_parse_rejected(path);
}

static void test_elf_reject_segment_past_eof(void **state)
{
	char path[300];
	off_t size;

	(void)state;
	/* segment 1's 64 bytes end one byte past the end of the file */
	write_good("segeof.elf", path, sizeof(path));
	size = elf_fixture_file_size(path);
	assert_int_equal(elf_fixture_patch_le32(path, PH32(1, p_offset),
						(uint32_t)(size - 63)), 0);
	expect_parse_rejected(path);

	/* its offset is past the end */
	write_good("segeof.elf", path, sizeof(path));
	assert_int_equal(elf_fixture_patch_le32(path, PH32(1, p_offset),
						(uint32_t)size + 4), 0);
	expect_parse_rejected(path);

	/* offset + filesz wraps 32 bits */
	write_good("segeof.elf", path, sizeof(path));
	assert_int_equal(elf_fixture_patch_le32(path, PH32(1, p_offset),
						0xFFFFFFF0), 0);
	expect_parse_rejected(path);

	/* the file is cut inside the last segment's data */
	write_good("segeof.elf", path, sizeof(path));
	assert_int_equal(elf_fixture_truncate(path, ELF_FIXTURE_DATA_START +
					      16 + 64 + 8), 0);
	expect_parse_rejected(path);
}

static void test_elf_reject_filesz_over_memsz(void **state)
{
	char path[300];

	(void)state;
	/* segment 1 has 64 file bytes: give it 63 bytes of memory */
	write_good("filesz.elf", path, sizeof(path));
	assert_int_equal(elf_fixture_patch_le32(path, PH32(1, p_memsz), 63),
			 0);
	expect_parse_rejected(path);
}

static void test_elf_reject_phentsize(void **state)
{
	static const uint16_t sizes[] = {
		0, sizeof(Elf32_Phdr) - 1, sizeof(Elf32_Phdr) + 4,
		sizeof(Elf64_Phdr),
	};
	char path[300];

	(void)state;
	for (size_t i = 0; i < N_ELEM(sizes); i++) {
		write_good("phentsize.elf", path, sizeof(path));
		assert_int_equal(elf_fixture_patch_le16(path,
							EH32(e_phentsize),
							sizes[i]), 0);
		expect_parse_rejected(path);
	}
}

/* ---- image_read --------------------------------------------------- */

static void expect_read_fails(const char *path, size_t max, int want)
{
	struct capture cap;
	struct image img;
	int ret;

	memset(&img, 0x5A, sizeof(img));
	capture_begin(&cap);
	ret = image_read(&img, path, max);
	capture_end(&cap);
	if (want ? ret != want : ret >= 0)
		fail_msg("image_read(%s) returned %d, expected %d", path, ret,
			 want);
	assert_one_error_line(cap.text, path);
	/* nothing to free on failure, and nothing left dangling */
	assert_null(img.path);
	assert_null(img.bytes);
	assert_int_equal(img.size, 0);
}

static void test_read_missing(void **state)
{
	char path[300];

	(void)state;
	tpath(path, sizeof(path), "no-such-file.elf");
	expect_read_fails(path, IMAGE_MAX_BYTES, -ENOENT);
}

static void test_read_directory(void **state)
{
	(void)state;
	expect_read_fails(tmp_dir, IMAGE_MAX_BYTES, 0);
}

static void test_read_empty(void **state)
{
	char path[300];

	(void)state;
	tpath(path, sizeof(path), "empty.bin");
	assert_int_equal(elf_fixture_write_bytes(path, "", 0), 0);
	expect_read_fails(path, IMAGE_MAX_BYTES, 0);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/*
 * No writer: a blocking open() would wait for ever. The alarm interrupts
 * it (no SA_RESTART), so a hang shows as a slow failure of this test
 * rather than a stuck suite.
 */
static void test_read_fifo(void **state)
{
	struct sigaction sa = { .sa_handler = on_alarm }, old;
	char path[300];
	double t0, t;

	(void)state;
	tpath(path, sizeof(path), "fifo");
	assert_int_equal(mkfifo(path, 0600), 0);
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGALRM, &sa, &old), 0);
	t0 = now_s();
	alarm(2);
	expect_read_fails(path, IMAGE_MAX_BYTES, 0);
	alarm(0);
	t = now_s() - t0;
	sigaction(SIGALRM, &old, NULL);
	unlink(path);
	if (t >= 1.5)
		fail_msg("image_read of a FIFO took %.1f s: it waited for a writer",
			 t);
}

/* Bytes this process has read so far (read(2) and friends), or -1. */
static long long rchar(void)
{
	FILE *f = fopen("/proc/self/io", "re");
	char line[128];
	long long v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "rchar: %lld", &v) == 1)
			break;
	fclose(f);
	return v;
}

/* Refused by its size, before a byte of it is read. */
static void test_read_too_large(void **state)
{
	long long before, after;
	char path[300];

	(void)state;
	tpath(path, sizeof(path), "sparse.bin");
	assert_int_equal(elf_fixture_write_bytes(path, "", 0), 0);
	assert_int_equal(elf_fixture_truncate(path, 1 << 20), 0);
	before = rchar();
	expect_read_fails(path, 16, -EFBIG);
	after = rchar();
	/* rchar includes /proc/self/io itself: a few hundred bytes */
	if (before >= 0 && after >= 0 && after - before >= (1 << 19))
		fail_msg("image_read read %lld bytes of a file it refused",
			 after - before);
}

static void test_read_size_limit_boundary(void **state)
{
	uint8_t bytes[17];
	struct image img;
	char path[300];

	(void)state;
	fill_pattern(bytes, sizeof(bytes), 9);
	tpath(path, sizeof(path), "sixteen.bin");
	assert_int_equal(elf_fixture_write_bytes(path, bytes, 16), 0);
	assert_int_equal(image_read(&img, path, 16), 0);
	assert_int_equal(img.size, 16);
	image_free(&img);

	tpath(path, sizeof(path), "seventeen.bin");
	assert_int_equal(elf_fixture_write_bytes(path, bytes, 17), 0);
	expect_read_fails(path, 16, -EFBIG);
}

static void test_read_exact_bytes(void **state)
{
	static uint8_t bytes[70001];
	struct capture cap;
	struct image img;
	char path[300];

	(void)state;
	fill_pattern(bytes, sizeof(bytes), 0xC3);
	tpath(path, sizeof(path), "exact.bin");
	assert_int_equal(elf_fixture_write_bytes(path, bytes, sizeof(bytes)),
			 0);
	capture_begin(&cap);
	assert_int_equal(image_read(&img, path, IMAGE_MAX_BYTES), 0);
	capture_end(&cap);
	assert_string_equal(cap.text, "");
	assert_string_equal(img.path, path);
	assert_int_equal(img.size, sizeof(bytes));
	assert_memory_equal(img.bytes, bytes, sizeof(bytes));
	/* read only: nothing parsed yet */
	assert_int_equal(img.n_segs, 0);
	assert_null(img.segs);
	assert_false(img.has_vector);
	image_free(&img);
	assert_null(img.path);
}

/*
 * The three ways a buffer is had: malloc, a populated mapping (from 1 MiB)
 * and a 2 MiB-aligned one in huge pages (from 2 MiB). Every size reads the
 * file's bytes exactly, and the last byte of an odd size too.
 */
static void test_read_large_buffers(void **state)
{
	static const size_t sizes[] = { (1u << 20) - 1, 1u << 20,
					(2u << 20) - 4, 2u << 20,
					(3u << 20) + 5 };
	uint8_t *bytes = malloc((3u << 20) + 5);
	struct image img;
	char path[300];

	(void)state;
	assert_non_null(bytes);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		fill_pattern(bytes, sizes[i], (uint8_t)(0x51 + i));
		tpath(path, sizeof(path), "large.bin");
		assert_int_equal(elf_fixture_write_bytes(path, bytes,
							 sizes[i]), 0);
		assert_int_equal(image_read(&img, path, IMAGE_MAX_BYTES), 0);
		assert_int_equal(img.size, sizes[i]);
		assert_memory_equal(img.bytes, bytes, sizes[i]);
		/* Writable to its last byte, as a buffer must be. */
		img.bytes[sizes[i] - 1] ^= 1;
		if (sizes[i] >= (2u << 20))
			assert_int_equal((uintptr_t)img.bytes % (2u << 20), 0);
		image_free(&img);
	}
	free(bytes);
}

/* ---- raw ---------------------------------------------------------- */

static void read_raw(struct image *img, const char *name, const void *bytes,
		     size_t len)
{
	char path[300];

	tpath(path, sizeof(path), name);
	assert_int_equal(elf_fixture_write_bytes(path, bytes, len), 0);
	assert_int_equal(image_read(img, path, IMAGE_MAX_BYTES), 0);
}

static void test_raw_whole_file(void **state)
{
	uint8_t bytes[100];
	struct image img;

	(void)state;
	fill_pattern(bytes, sizeof(bytes), 0x21);
	put_le32(bytes, 0x20008000);
	put_le32(bytes + 4, 0x1FFF8401);
	read_raw(&img, "fw.bin", bytes, sizeof(bytes));
	assert_false(image_is_elf(&img));
	assert_int_equal(image_parse_raw(&img, 0x00910000, false), 0);
	assert_int_equal(img.format, IMAGE_RAW);
	assert_true(img.addr_is_a_view);
	assert_int_equal(img.n_segs, 1);
	check_seg(&img, 0, 0, 0x00910000, 0x00910000, bytes, sizeof(bytes),
		  sizeof(bytes), img.segs[0].flags, false);
	assert_ptr_equal(img.segs[0].data, img.bytes);
	assert_int_equal(img.n_loads, 0);
	assert_int_equal(image_copied_bytes(&img), sizeof(bytes));
	assert_true(img.has_vector);
	assert_int_equal(img.sp, 0x20008000);
	assert_int_equal(img.pc, 0x1FFF8401);
	assert_false(img.has_rsc_table);
	image_free(&img);
}

static void test_raw_m_view(void **state)
{
	uint8_t bytes[12] = { 0 };
	struct image img;

	(void)state;
	read_raw(&img, "m.bin", bytes, sizeof(bytes));
	assert_int_equal(image_parse_raw(&img, 0x1FFF8000, true), 0);
	assert_false(img.addr_is_a_view);
	assert_int_equal(img.segs[0].paddr, 0x1FFF8000);
	assert_int_equal(img.segs[0].filesz, 12);
	image_free(&img);
}

static void test_raw_short_has_no_vector(void **state)
{
	static const uint8_t bytes[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	uint32_t sp = 0xAAAAAAAA, pc = 0xBBBBBBBB;
	struct image img;

	(void)state;
	for (size_t len = 1; len < 8; len++) {
		read_raw(&img, "short.bin", bytes, len);
		assert_int_equal(image_parse_raw(&img, 0x00900000, false), 0);
		assert_int_equal(img.segs[0].filesz, len);
		assert_false(img.has_vector);
		assert_false(image_peek_vector(&img, &sp, &pc));
		assert_int_equal(sp, 0xAAAAAAAA);
		assert_int_equal(pc, 0xBBBBBBBB);
		image_free(&img);
	}

	read_raw(&img, "eight.bin", bytes, 8);
	assert_int_equal(image_parse_raw(&img, 0x00900000, false), 0);
	assert_true(img.has_vector);
	assert_int_equal(img.sp, 0x04030201);
	assert_int_equal(img.pc, 0x08070605);
	image_free(&img);
}

/* The first two words of the file, whatever it is (no parse needed). */
static void test_peek_vector(void **state)
{
	uint32_t sp = 0, pc = 0;
	struct image img;
	char path[300];

	(void)state;
	write_good("peek.elf", path, sizeof(path));
	assert_int_equal(image_read(&img, path, IMAGE_MAX_BYTES), 0);
	assert_true(image_peek_vector(&img, &sp, &pc));
	assert_int_equal(sp, 0x464C457F);	/* "\x7fELF" */
	/* ELFCLASS32, ELFDATA2LSB, EV_CURRENT, ELFOSABI_NONE */
	assert_int_equal(pc, 0x00010101);
	image_free(&img);
}

static void test_is_elf(void **state)
{
	struct image img;

	(void)state;
	read_raw(&img, "notelf.bin", "\x7f" "ELX....", 8);
	assert_false(image_is_elf(&img));
	image_free(&img);
	read_raw(&img, "magic.bin", "\x7f" "ELF", 4);
	assert_true(image_is_elf(&img));
	image_free(&img);
	read_raw(&img, "lower.bin", "\x7f" "elf", 4);
	assert_false(image_is_elf(&img));
	image_free(&img);
}

/* ---- crafted counts: refused before any work per entry ------------ */

/* The documented limits (m4fwloader.1, README: Robustness). */
#define DOC_MAX_LOADS 4096u
#define DOC_MAX_SECTIONS 65535u

/*
 * A 32-bit ARM executable of @n_loads PT_LOADs of 8 bytes each, one after
 * the other in OCRAM from 0x00900000, the first holding SP and PC; and,
 * when @shnum, a section header table of that many (null) entries, the
 * count in section 0's sh_size when @extended (e_shnum 0).
 */
static void write_counted(const char *path, size_t n_loads, size_t shnum,
			  bool extended)
{
	size_t phoff = sizeof(Elf32_Ehdr);
	size_t data = phoff + n_loads * sizeof(Elf32_Phdr);
	size_t shoff = data + 8 * n_loads;
	size_t real_sh = extended ? 1 : shnum;
	size_t size = shoff + real_sh * sizeof(Elf32_Shdr);
	uint8_t *b = calloc(1, size);
	Elf32_Ehdr *eh = (Elf32_Ehdr *)(void *)b;

	assert_non_null(b);
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS32;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_ARM;
	eh->e_version = EV_CURRENT;
	eh->e_entry = 0x00900009;
	eh->e_phoff = (Elf32_Off)phoff;
	eh->e_ehsize = sizeof(Elf32_Ehdr);
	eh->e_phentsize = sizeof(Elf32_Phdr);
	eh->e_phnum = (Elf32_Half)n_loads;
	if (shnum) {
		eh->e_shoff = (Elf32_Off)shoff;
		eh->e_shentsize = sizeof(Elf32_Shdr);
		eh->e_shnum = extended ? 0 : (Elf32_Half)shnum;
		if (extended)
			put_le32(b + shoff + offsetof(Elf32_Shdr, sh_size),
				 (uint32_t)shnum);
	}
	for (size_t i = 0; i < n_loads; i++) {
		Elf32_Phdr *ph = (Elf32_Phdr *)(void *)(b + phoff +
							 i * sizeof(*ph));

		ph->p_type = PT_LOAD;
		ph->p_offset = (Elf32_Off)(data + 8 * i);
		ph->p_vaddr = ph->p_paddr = (Elf32_Addr)(0x00900000 + 8 * i);
		ph->p_filesz = ph->p_memsz = 8;
		ph->p_flags = PF_R | PF_X;
	}
	put_le32(b + data, 0x20220000);
	put_le32(b + data + 4, 0x00900009);
	assert_int_equal(elf_fixture_write_bytes(path, b, size), 0);
	free(b);
}

static void test_elf_load_count_limit(void **state)
{
	struct capture cap;
	struct image img;
	char path[300];

	(void)state;
	tpath(path, sizeof(path), "loads-max.elf");
	write_counted(path, DOC_MAX_LOADS, 0, false);
	assert_int_equal(parse_elf_file(&img, path, &cap), 0);
	assert_int_equal(img.n_segs, DOC_MAX_LOADS);
	image_free(&img);

	tpath(path, sizeof(path), "loads-over.elf");
	write_counted(path, DOC_MAX_LOADS + 1, 0, false);
	expect_parse_rejected(path);
	assert_int_equal(parse_elf_file(&img, path, &cap), -EINVAL);
	assert_non_null(strstr(cap.text, "4097 PT_LOAD segments"));
	assert_non_null(strstr(cap.text, "at most 4096"));
	image_free(&img);
}

static void test_elf_section_count_limit(void **state)
{
	struct capture cap;
	struct image img;
	char path[300];

	(void)state;
	tpath(path, sizeof(path), "sections-max.elf");
	write_counted(path, 1, DOC_MAX_SECTIONS, false);
	assert_int_equal(parse_elf_file(&img, path, &cap), 0);
	image_free(&img);

	/* Beyond 16 bits the count lives in section 0 (extended numbering). */
	for (size_t n = DOC_MAX_SECTIONS + 1; n < (1u << 26); n *= 16) {
		tpath(path, sizeof(path), "sections-over.elf");
		write_counted(path, 1, n, true);
		expect_parse_rejected(path);
		assert_int_equal(parse_elf_file(&img, path, &cap), -EINVAL);
		assert_non_null(strstr(cap.text, "section headers"));
		assert_non_null(strstr(cap.text, "at most 65535"));
		image_free(&img);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elf_three_loads),
		cmocka_unit_test(test_elf_load_count_limit),
		cmocka_unit_test(test_elf_section_count_limit),
		cmocka_unit_test(test_elf_segment_kinds),
		cmocka_unit_test(test_elf_vector_program_header_order),
		cmocka_unit_test(test_elf_vector_short_first_segment),
		cmocka_unit_test(test_elf_segment_ends_at_eof),
		cmocka_unit_test(test_elf_resource_table),
		cmocka_unit_test(test_elf_resource_table_absent),
		cmocka_unit_test(test_elf_without_section_headers),
		cmocka_unit_test(test_elf_base_fixture_parses),
		cmocka_unit_test(test_elf_reject_class64),
		cmocka_unit_test(test_elf_reject_big_endian),
		cmocka_unit_test(test_elf_reject_machine),
		cmocka_unit_test(test_elf_reject_type),
		cmocka_unit_test(test_elf_reject_bad_ident),
		cmocka_unit_test(test_elf_reject_truncated_header),
		cmocka_unit_test(test_elf_reject_three_bytes),
		cmocka_unit_test(test_elf_reject_no_program_headers),
		cmocka_unit_test(test_elf_reject_no_pt_load),
		cmocka_unit_test(test_elf_reject_nothing_to_write),
		cmocka_unit_test(test_elf_reject_phdrs_past_eof),
		cmocka_unit_test(test_elf_reject_segment_past_eof),
		cmocka_unit_test(test_elf_reject_filesz_over_memsz),
		cmocka_unit_test(test_elf_reject_phentsize),
		cmocka_unit_test(test_read_missing),
		cmocka_unit_test(test_read_directory),
		cmocka_unit_test(test_read_empty),
		cmocka_unit_test(test_read_fifo),
		cmocka_unit_test(test_read_too_large),
		cmocka_unit_test(test_read_size_limit_boundary),
		cmocka_unit_test(test_read_exact_bytes),
		cmocka_unit_test(test_read_large_buffers),
		cmocka_unit_test(test_raw_whole_file),
		cmocka_unit_test(test_raw_m_view),
		cmocka_unit_test(test_raw_short_has_no_vector),
		cmocka_unit_test(test_peek_vector),
		cmocka_unit_test(test_is_elf),
	};

	return cmocka_run_group_tests_name("image", tests, group_setup,
					   group_teardown);
}
