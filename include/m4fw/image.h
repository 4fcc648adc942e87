/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A firmware image as a list of segments. Pure: no hardware, no SoC.
 * The file is read into memory exactly once (image_read()); everything
 * after that works on that one copy, so a file that changes underneath
 * cannot be seen twice in two different states.
 */
#ifndef M4FW_IMAGE_H
#define M4FW_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * No M-core image is anywhere near this big; a raw .bin that is (a Toradex
 * image objcopy'd across OCRAM_S..DDR is 0.5-2.3 GiB of zero padding) is
 * refused before it is read.
 */
#define IMAGE_MAX_BYTES (256u << 20)

/*
 * A linked M-core image has one PT_LOAD per output region, a handful; the
 * kernel's remoteproc copies them one by one. Far more is a crafted file:
 * refused (exit 5) before anything is allocated for its segments, so that
 * judging any image stays quick and small (README: Robustness).
 */
#define IMAGE_MAX_LOADS 4096u

/*
 * Section headers only ever tell where the resource table is; libelf
 * allocates a descriptor for every one of them when it opens the file, so
 * a count beyond this (an extended e_shnum) is refused before libelf sees it.
 */
#define IMAGE_MAX_SECTIONS 65535u

enum image_format {
	IMAGE_RAW,
	IMAGE_ELF,
};

struct image_segment {
	unsigned int index;	/* program header index (ELF), 0 for raw */
	uint32_t paddr;		/* where it is written (M view; A view for raw without --m-view) */
	uint32_t vaddr;		/* run address (ELF p_vaddr) */
	uint32_t filesz;	/* bytes copied from @data */
	uint32_t memsz;
	uint32_t flags;		/* ELF p_flags */
	const uint8_t *data;	/* @filesz bytes inside image.bytes */
	bool zero_fill;		/* memsz - filesz bytes zeroed after the copy */
};

/* Every PT_LOAD with memory, as the kernel's remoteproc would check it. */
struct image_load_range {
	unsigned int index;
	uint32_t paddr;
	uint32_t memsz;
};

struct image {
	char *path;		/* as given, for messages */
	enum image_format format;
	uint8_t *bytes;		/* the whole file */
	size_t size;
	bool bytes_mapped;	/* @bytes is an anonymous mapping, not malloc'd */

	struct image_segment *segs;	/* only segments that write something */
	size_t n_segs;
	bool addr_is_a_view;	/* raw image placed at an A-view ADDR */

	struct image_load_range *loads;	/* ELF only */
	size_t n_loads;

	uint32_t entry;		/* ELF e_entry */
	bool has_vector;	/* first 8 bytes of the first copied segment */
	uint32_t sp;
	uint32_t pc;

	bool has_rsc_table;	/* ".resource_table" section present */
	bool rsc_table_valid;	/* the kernel's checks pass (rsc_table.h) */
	uint32_t rsc_table_addr;	/* section sh_addr (M view) */
	uint32_t rsc_table_size;
	const uint8_t *rsc_table;	/* its bytes inside @bytes, or NULL */
	char rsc_table_why[160];	/* what the kernel would say when invalid */
};

/**
 * image_read() - read @path into @img once, refusing what is not a regular
 * file, is empty, or is larger than @max_bytes (checked before reading).
 * "-" is standard input, read to its end but never past @max_bytes + 1.
 *
 * Return: 0, or -errno after one error line naming the file.
 */
int image_read(struct image *img, const char *path, size_t max_bytes);

/** image_is_elf() - the bytes start with the ELF magic. */
bool image_is_elf(const struct image *img);

/**
 * image_parse_elf() - build the segments of a 32-bit little-endian ARM
 * executable by its program headers: p_paddr is the load address, p_filesz
 * bytes are copied, and memsz - filesz is zeroed only when p_paddr == p_vaddr.
 *
 * Return: 0, or -EINVAL after one error line saying what is malformed.
 */
int image_parse_elf(struct image *img);

/**
 * image_parse_raw() - one segment: the whole file at @addr, an A-view
 * address unless @m_view.
 *
 * Return: 0, or -EINVAL after one error line.
 */
int image_parse_raw(struct image *img, uint32_t addr, bool m_view);

/** image_free() - release everything image_read() and the parsers took. */
void image_free(struct image *img);

/** image_copied_bytes() - total bytes copied from the file by all segments. */
uint64_t image_copied_bytes(const struct image *img);

/**
 * image_peek_vector() - the first two little-endian words of the file, as a
 * raw binary's SP and PC; false when the file is shorter than 8 bytes.
 */
bool image_peek_vector(const struct image *img, uint32_t *sp, uint32_t *pc);

#endif /* M4FW_IMAGE_H */
