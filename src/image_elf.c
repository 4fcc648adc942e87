// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ELF images, parsed with libelf, loaded by program headers.
 *
 * The file is already in memory (image_read()), so libelf is given that
 * buffer with elf_memory() rather than the file: a firmware file rebuilt
 * while the tool runs cannot then be seen in two states, and a file
 * truncated underneath cannot turn into a SIGBUS as an mmap'd one would.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "m4fw/image.h"
#include "m4fw/log.h"
#include "m4fw/rsc_table.h"
#include "image_priv.h"

#define RSC_TABLE_SECTION ".resource_table"

/* A 16-bit header field in the file's own byte order. */
static uint32_t field16(const uint8_t *p, bool big)
{
	return big ? (uint32_t)p[0] << 8 | p[1] : (uint32_t)p[1] << 8 | p[0];
}

static uint32_t field32(const uint8_t *p, bool big)
{
	return big ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		     (uint32_t)p[2] << 8 | p[3] :
		     (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
		     (uint32_t)p[1] << 8 | p[0];
}

/*
 * libelf allocates a descriptor for every section header when it opens
 * the file, before anything can be checked through it. Read the count
 * (e_shnum, or section 0's sh_size when that is 0) from the bytes first.
 * A 64-bit file is refused here too: the M core runs 32-bit images only.
 */
static int check_sections_raw(const struct image *img)
{
	const uint8_t *b = img->bytes;
	bool big = b[EI_DATA] == ELFDATA2MSB;
	uint64_t shoff, shnum;

	if (b[EI_CLASS] == ELFCLASS64) {
		log_error("%s: 64-bit ELF; the M core runs 32-bit (ELFCLASS32) images",
			  img->path);
		return -EINVAL;
	}
	if (img->size < sizeof(Elf32_Ehdr))
		return 0;	/* libelf says how it is truncated */
	shoff = field32(b + offsetof(Elf32_Ehdr, e_shoff), big);
	shnum = field16(b + offsetof(Elf32_Ehdr, e_shnum), big);
	if (shnum == 0 && shoff && shoff <= img->size &&
	    img->size - shoff >= sizeof(Elf32_Shdr))
		shnum = field32(b + shoff + offsetof(Elf32_Shdr, sh_size), big);
	if (shnum > IMAGE_MAX_SECTIONS) {
		log_error("%s: %llu section headers; at most %u are accepted (a linked M-core image has a few dozen)",
			  img->path, (unsigned long long)shnum,
			  IMAGE_MAX_SECTIONS);
		return -EINVAL;
	}
	return 0;
}

static const char *machine_name(unsigned int machine)
{
	switch (machine) {
	case EM_386:
		return "x86";
	case EM_X86_64:
		return "x86-64";
	case EM_AARCH64:
		return "AArch64";
	case EM_RISCV:
		return "RISC-V";
	case EM_XTENSA:
		return "Xtensa";
	default:
		return NULL;
	}
}

static int check_header(const struct image *img, Elf *elf, GElf_Ehdr *eh)
{
	size_t ident_len = 0;
	const char *ident = elf_getident(elf, &ident_len);
	const char *mname;

	if (elf_kind(elf) != ELF_K_ELF || !ident || ident_len < EI_NIDENT) {
		log_error("%s: truncated ELF header (%zu bytes)", img->path,
			  img->size);
		return -EINVAL;
	}
	if (ident[EI_CLASS] == ELFCLASS64) {
		log_error("%s: 64-bit ELF; the M core runs 32-bit (ELFCLASS32) images",
			  img->path);
		return -EINVAL;
	}
	if (ident[EI_CLASS] != ELFCLASS32) {
		log_error("%s: unknown ELF class %d", img->path,
			  ident[EI_CLASS]);
		return -EINVAL;
	}
	if (ident[EI_DATA] != ELFDATA2LSB) {
		log_error("%s: %s ELF; the M core is little-endian", img->path,
			  ident[EI_DATA] == ELFDATA2MSB ? "big-endian" :
			  "unknown byte order in");
		return -EINVAL;
	}
	if (!gelf_getehdr(elf, eh)) {
		log_error("%s: truncated ELF header: %s", img->path,
			  elf_errmsg(-1));
		return -EINVAL;
	}
	if (eh->e_machine != EM_ARM) {
		mname = machine_name(eh->e_machine);
		if (mname)
			log_error("%s: built for %s, not ARM (e_machine %u)",
				  img->path, mname, eh->e_machine);
		else
			log_error("%s: built for machine %u, not ARM (%u)",
				  img->path, eh->e_machine, EM_ARM);
		return -EINVAL;
	}
	if (eh->e_type != ET_EXEC) {
		log_error("%s: ELF type %s, not an executable (ET_EXEC)%s",
			  img->path,
			  eh->e_type == ET_REL ? "ET_REL (object file)" :
			  eh->e_type == ET_DYN ? "ET_DYN (shared object)" :
			  "unknown",
			  eh->e_type == ET_REL ? ": link it first" : "");
		return -EINVAL;
	}
	return 0;
}

/* Program headers must lie wholly inside the file, at their own size. */
static int check_phdr_table(const struct image *img, const GElf_Ehdr *eh,
			    size_t phnum)
{
	uint64_t end = (uint64_t)eh->e_phoff + (uint64_t)phnum * eh->e_phentsize;

	if (phnum == 0) {
		log_error("%s: no program headers: nothing to load",
			  img->path);
		return -EINVAL;
	}
	if (eh->e_phentsize != sizeof(Elf32_Phdr)) {
		log_error("%s: program header size %u, expected %zu",
			  img->path, eh->e_phentsize, sizeof(Elf32_Phdr));
		return -EINVAL;
	}
	if (end > img->size) {
		log_error("%s: program headers (offset 0x%llx, %zu entries) run past the end of the file (%zu bytes)",
			  img->path, (unsigned long long)eh->e_phoff, phnum,
			  img->size);
		return -EINVAL;
	}
	return 0;
}

static int add_segment(struct image *img, size_t index, const GElf_Phdr *ph)
{
	struct image_segment *seg;

	if (ph->p_filesz > ph->p_memsz) {
		log_error("%s: segment %zu: p_filesz 0x%llx is larger than p_memsz 0x%llx",
			  img->path, index, (unsigned long long)ph->p_filesz,
			  (unsigned long long)ph->p_memsz);
		return -EINVAL;
	}
	if (ph->p_offset > img->size ||
	    ph->p_filesz > img->size - ph->p_offset) {
		log_error("%s: segment %zu: its %llu bytes at file offset 0x%llx run past the end of the file (%zu bytes): truncated?",
			  img->path, index, (unsigned long long)ph->p_filesz,
			  (unsigned long long)ph->p_offset, img->size);
		return -EINVAL;
	}
	if (ph->p_memsz == 0)
		return 0;
	img->loads[img->n_loads].index = (unsigned int)index;
	img->loads[img->n_loads].paddr = (uint32_t)ph->p_paddr;
	img->loads[img->n_loads].memsz = (uint32_t)ph->p_memsz;
	img->n_loads++;
	/*
	 * Load address != run address: the firmware's start-up code copies
	 * the segment to where it runs, so nothing is zeroed here, and a
	 * segment without file bytes writes nothing at all.
	 */
	if (ph->p_paddr != ph->p_vaddr && ph->p_filesz == 0)
		return 0;

	seg = &img->segs[img->n_segs++];
	seg->index = (unsigned int)index;
	seg->paddr = (uint32_t)ph->p_paddr;
	seg->vaddr = (uint32_t)ph->p_vaddr;
	seg->filesz = (uint32_t)ph->p_filesz;
	seg->memsz = (uint32_t)ph->p_memsz;
	seg->flags = (uint32_t)ph->p_flags;
	seg->data = img->bytes + ph->p_offset;
	seg->zero_fill = ph->p_paddr == ph->p_vaddr &&
			 ph->p_memsz > ph->p_filesz;
	return 0;
}

/*
 * Count the PT_LOADs before anything is allocated for them: a crafted file
 * may declare (PN_XNUM) far more program headers than any firmware has.
 */
static int count_loads(const struct image *img, Elf *elf, size_t phnum,
		       size_t *n_loads)
{
	*n_loads = 0;
	for (size_t i = 0; i < phnum; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, (int)i, &ph)) {
			log_error("%s: program header %zu unreadable: %s",
				  img->path, i, elf_errmsg(-1));
			return -EINVAL;
		}
		if (ph.p_type == PT_LOAD)
			(*n_loads)++;
	}
	if (*n_loads > IMAGE_MAX_LOADS) {
		log_error("%s: %zu PT_LOAD segments; at most %u are accepted (a linked M-core image has a handful)",
			  img->path, *n_loads, IMAGE_MAX_LOADS);
		return -EINVAL;
	}
	return 0;
}

static int read_segments(struct image *img, Elf *elf, size_t phnum)
{
	size_t n_loads;
	int ret;

	ret = count_loads(img, elf, phnum, &n_loads);
	if (ret)
		return ret;
	img->segs = calloc(n_loads ? n_loads : 1, sizeof(*img->segs));
	img->loads = calloc(n_loads ? n_loads : 1, sizeof(*img->loads));
	if (!img->segs || !img->loads) {
		log_error("%s: out of memory", img->path);
		return -ENOMEM;
	}
	for (size_t i = 0; i < phnum; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, (int)i, &ph)) {
			log_error("%s: program header %zu unreadable: %s",
				  img->path, i, elf_errmsg(-1));
			return -EINVAL;
		}
		if (ph.p_type != PT_LOAD)
			continue;
		ret = add_segment(img, i, &ph);
		if (ret)
			return ret;
	}
	if (img->n_segs == 0) {
		log_error("%s: no PT_LOAD segment writes anything: nothing to load",
			  img->path);
		return -EINVAL;
	}
	return 0;
}

/*
 * The resource table is informational (inspect, remoteproc's verdict):
 * section headers that cannot be read just mean "no table".
 */
static void find_rsc_table(struct image *img, Elf *elf)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;

	if (elf_getshdrstrndx(elf, &shstrndx) != 0)
		return;
	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		GElf_Shdr sh;
		const char *name;
		struct rsc_table t;

		if (!gelf_getshdr(scn, &sh))
			return;
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (!name || strcmp(name, RSC_TABLE_SECTION) != 0)
			continue;

		img->has_rsc_table = true;
		img->rsc_table_addr = (uint32_t)sh.sh_addr;
		img->rsc_table_size = (uint32_t)sh.sh_size;
		if (sh.sh_type == SHT_NOBITS || sh.sh_offset > img->size ||
		    sh.sh_size > img->size - sh.sh_offset) {
			/* find_table(): offset + size > fw_size */
			snprintf(img->rsc_table_why,
				 sizeof(img->rsc_table_why),
				 "resource table truncated");
			return;
		}
		img->rsc_table = img->bytes + sh.sh_offset;
		img->rsc_table_valid =
			rsc_table_parse(img->rsc_table, sh.sh_size, &t,
					img->rsc_table_why,
					sizeof(img->rsc_table_why)) == 0;
		rsc_table_free(&t);
		return;
	}
}

int image_parse_elf(struct image *img)
{
	GElf_Ehdr eh;
	size_t phnum;
	Elf *elf;
	int ret;

	if (elf_version(EV_CURRENT) == EV_NONE) {
		log_error("libelf: %s", elf_errmsg(-1));
		return -EINVAL;
	}
	img->format = IMAGE_ELF;
	/*
	 * libelf calls a file with a bad class or byte-order byte "not ELF";
	 * say precisely what is wrong with it first.
	 */
	if (img->size > EI_DATA && img->bytes[EI_CLASS] != ELFCLASS32 &&
	    img->bytes[EI_CLASS] != ELFCLASS64) {
		log_error("%s: unknown ELF class %u", img->path,
			  img->bytes[EI_CLASS]);
		return -EINVAL;
	}
	if (img->size > EI_DATA && img->bytes[EI_DATA] != ELFDATA2LSB &&
	    img->bytes[EI_DATA] != ELFDATA2MSB) {
		log_error("%s: unknown ELF byte order %u", img->path,
			  img->bytes[EI_DATA]);
		return -EINVAL;
	}
	if (img->size >= EI_NIDENT) {
		int ret_raw = check_sections_raw(img);

		if (ret_raw)
			return ret_raw;
	}
	elf = elf_memory((char *)img->bytes, img->size);
	if (!elf) {
		log_error("%s: not a readable ELF file: %s", img->path,
			  elf_errmsg(-1));
		return -EINVAL;
	}
	ret = check_header(img, elf, &eh);
	if (ret)
		goto out_end;
	/*
	 * The header's own count: libelf silently trims it to what fits in
	 * the file, which would hide a table that runs past the end.
	 */
	phnum = eh.e_phnum;
	if (phnum == PN_XNUM && elf_getphdrnum(elf, &phnum) != 0) {
		log_error("%s: program header count unreadable: %s",
			  img->path, elf_errmsg(-1));
		ret = -EINVAL;
		goto out_end;
	}
	ret = check_phdr_table(img, &eh, phnum);
	if (ret)
		goto out_end;
	ret = read_segments(img, elf, phnum);
	if (ret)
		goto out_end;

	img->entry = (uint32_t)eh.e_entry;
	image_set_vector(img);
	find_rsc_table(img, elf);
out_end:
	elf_end(elf);
	return ret;
}
