/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ELF files for tests, written at test time with libelf (ELF_C_WRITE,
 * ELF_F_LAYOUT: every offset is the test's choice), plus raw byte patches
 * for the shapes a well-behaved writer will not produce (truncation, a
 * header field that lies, a table past the end of the file).
 *
 * Typical use:
 *
 *	struct elf_fixture fx;
 *
 *	elf_fixture_init(&fx);
 *	fx.entry = 0x1fff8101;
 *	elf_fixture_add_load(&fx, 0x1fff8000, 0x1fff8000, vec, 8, 8, PF_R);
 *	elf_fixture_add_section(&fx, ".resource_table", SHT_PROGBITS,
 *				SHF_ALLOC, 0x20000000, rsc, sizeof(rsc));
 *	ret = elf_fixture_write(&fx, path);
 *
 * The fixture keeps pointers to the data it is given: they must stay valid
 * until elf_fixture_write() returns. Functions return 0 (or an index) on
 * success and -errno on failure.
 */
#ifndef M4FW_TEST_ELF_FIXTURE_H
#define M4FW_TEST_ELF_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ELF_FIXTURE_MAX_PHDRS 16
#define ELF_FIXTURE_MAX_SECTIONS 16
/*
 * Section contents start here by default: past the ELF header and room for
 * ELF_FIXTURE_MAX_PHDRS program headers of either class, so offsets can
 * be handed out as contents are added, before the header count is known.
 */
#define ELF_FIXTURE_DATA_START 0x400u

struct elf_fixture_phdr {
	uint32_t type;		/* PT_LOAD, PT_NOTE, ... */
	uint32_t flags;		/* PF_R | PF_W | PF_X */
	uint64_t offset;
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t filesz;
	uint64_t memsz;
	uint64_t align;
};

struct elf_fixture_section {
	char name[32];
	uint32_t type;		/* SHT_PROGBITS, SHT_NOBITS, ... */
	uint64_t flags;		/* SHF_ALLOC, ... */
	uint64_t addr;
	uint64_t offset;	/* file offset of the contents */
	uint64_t size;
	const void *data;	/* NULL: @size zero bytes (none for NOBITS) */
};

struct elf_fixture {
	unsigned char ei_class;	/* ELFCLASS32 / ELFCLASS64 */
	unsigned char ei_data;	/* ELFDATA2LSB / ELFDATA2MSB */
	uint16_t type;		/* ET_EXEC */
	uint16_t machine;	/* EM_ARM */
	uint32_t flags;		/* e_flags */
	uint64_t entry;
	/* 0: right after the ELF header (when there are program headers). */
	uint64_t phoff;
	/*
	 * Patch e_shoff, e_shnum and e_shstrndx to 0 after writing, as
	 * objcopy --strip-section-headers would: the contents stay, the
	 * section header table is no longer referenced.
	 */
	bool strip_section_headers;

	struct elf_fixture_phdr phdrs[ELF_FIXTURE_MAX_PHDRS];
	size_t n_phdrs;
	struct elf_fixture_section sections[ELF_FIXTURE_MAX_SECTIONS];
	size_t n_sections;
	/* Where the next section added gets its contents. */
	uint64_t next_offset;
};

/**
 * elf_fixture_init() - a 32-bit little-endian ARM executable (EABI 5)
 * with no program headers and no sections yet.
 */
void elf_fixture_init(struct elf_fixture *fx);

/**
 * elf_fixture_add_phdr() - append a program header exactly as given.
 * Return: its index, or -ENOSPC.
 */
int elf_fixture_add_phdr(struct elf_fixture *fx,
			 const struct elf_fixture_phdr *ph);

/**
 * elf_fixture_add_section() - append a section whose @size bytes of @data
 * are placed at the next free file offset (4-byte aligned).
 * @data: NULL for zeros; ignored for SHT_NOBITS, which takes no file space.
 * Return: its index in fx->sections, or -ENOSPC / -EINVAL.
 */
int elf_fixture_add_section(struct elf_fixture *fx, const char *name,
			    uint32_t type, uint64_t flags, uint64_t addr,
			    const void *data, uint64_t size);

/**
 * elf_fixture_add_load() - a PT_LOAD whose @filesz bytes of @data are
 * placed in a new section ".load<N>" (none, and p_offset 0, when @filesz
 * is 0), the way a linker lays out a segment.
 * Return: the program header's index, or -ENOSPC / -EINVAL.
 */
int elf_fixture_add_load(struct elf_fixture *fx, uint64_t paddr,
			 uint64_t vaddr, const void *data, uint64_t filesz,
			 uint64_t memsz, uint32_t flags);

/**
 * elf_fixture_write() - write @fx to @path (created or truncated, 0644)
 * with libelf, a .shstrtab added when there are sections.
 * Return: 0, or -errno (-EIO when libelf refuses, after one line on stderr).
 */
int elf_fixture_write(const struct elf_fixture *fx, const char *path);

/** elf_fixture_write_bytes() - @path := exactly the @len bytes of @data. */
int elf_fixture_write_bytes(const char *path, const void *data, size_t len);

/** elf_fixture_patch() - overwrite @len bytes of @path at @offset. */
int elf_fixture_patch(const char *path, off_t offset, const void *data,
		      size_t len);

/** elf_fixture_patch_le16() / _le32() - patch a little-endian field. */
int elf_fixture_patch_le16(const char *path, off_t offset, uint16_t value);
int elf_fixture_patch_le32(const char *path, off_t offset, uint32_t value);

/** elf_fixture_truncate() - cut (or sparsely extend) @path to @size. */
int elf_fixture_truncate(const char *path, off_t size);

/** elf_fixture_file_size() - the size of @path, or -errno. */
off_t elf_fixture_file_size(const char *path);


#endif /* M4FW_TEST_ELF_FIXTURE_H */
