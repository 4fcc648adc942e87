// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Writing ELF test fixtures with libelf. See elf_fixture.h.
 *
 * ELF_F_LAYOUT is set so that libelf writes every header and every
 * section's contents at the offset the fixture says, instead of laying the
 * file out itself: malformed fixtures need offsets that a linker would
 * never choose.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf_fixture.h"

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

void elf_fixture_init(struct elf_fixture *fx)
{
	memset(fx, 0, sizeof(*fx));
	fx->ei_class = ELFCLASS32;
	fx->ei_data = ELFDATA2LSB;
	fx->type = ET_EXEC;
	fx->machine = EM_ARM;
	fx->flags = EF_ARM_EABI_VER5;
	fx->next_offset = ELF_FIXTURE_DATA_START;
}

int elf_fixture_add_phdr(struct elf_fixture *fx,
			 const struct elf_fixture_phdr *ph)
{
	if (fx->n_phdrs >= ELF_FIXTURE_MAX_PHDRS)
		return -ENOSPC;
	fx->phdrs[fx->n_phdrs] = *ph;
	return (int)fx->n_phdrs++;
}

int elf_fixture_add_section(struct elf_fixture *fx, const char *name,
			    uint32_t type, uint64_t flags, uint64_t addr,
			    const void *data, uint64_t size)
{
	struct elf_fixture_section *s;

	if (fx->n_sections >= ELF_FIXTURE_MAX_SECTIONS)
		return -ENOSPC;
	if (!name || strlen(name) >= sizeof(s->name))
		return -EINVAL;
	s = &fx->sections[fx->n_sections];
	memset(s, 0, sizeof(*s));
	strcpy(s->name, name);
	s->type = type;
	s->flags = flags;
	s->addr = addr;
	s->size = size;
	s->data = data;
	s->offset = align_up(fx->next_offset, 4);
	if (type != SHT_NOBITS)
		fx->next_offset = s->offset + size;
	return (int)fx->n_sections++;
}

int elf_fixture_add_load(struct elf_fixture *fx, uint64_t paddr,
			 uint64_t vaddr, const void *data, uint64_t filesz,
			 uint64_t memsz, uint32_t flags)
{
	/*
	 * A segment without file bytes gets offset 0, always inside the
	 * file: readers (like the kernel's) check p_offset even when
	 * p_filesz is 0, and where the next free offset will be past the
	 * end of the file is not known until it is written.
	 */
	struct elf_fixture_phdr ph = {
		.type = PT_LOAD,
		.flags = flags,
		.offset = 0,
		.vaddr = vaddr,
		.paddr = paddr,
		.filesz = filesz,
		.memsz = memsz,
		.align = 4,
	};
	char name[32];
	int ret;

	if (fx->n_phdrs >= ELF_FIXTURE_MAX_PHDRS)
		return -ENOSPC;
	if (filesz) {
		uint64_t shflags = SHF_ALLOC;

		if (flags & PF_W)
			shflags |= SHF_WRITE;
		if (flags & PF_X)
			shflags |= SHF_EXECINSTR;
		snprintf(name, sizeof(name), ".load%zu", fx->n_phdrs);
		ret = elf_fixture_add_section(fx, name, SHT_PROGBITS, shflags,
					      vaddr, data, filesz);
		if (ret < 0)
			return ret;
		ph.offset = fx->sections[ret].offset;
	}
	return elf_fixture_add_phdr(fx, &ph);
}

/* One section: header fields plus one Elf_Data holding its bytes. */
static int add_scn(Elf *elf, const struct elf_fixture_section *s,
		   size_t name_off, const void *buf)
{
	Elf_Scn *scn = elf_newscn(elf);
	Elf_Data *d;
	GElf_Shdr sh;

	if (!scn)
		return -EIO;
	d = elf_newdata(scn);
	if (!d)
		return -EIO;
	d->d_buf = (void *)buf;
	d->d_size = s->size;
	d->d_type = ELF_T_BYTE;
	d->d_align = 1;
	d->d_off = 0;
	d->d_version = EV_CURRENT;
	if (!gelf_getshdr(scn, &sh))
		return -EIO;
	sh.sh_name = (GElf_Word)name_off;
	sh.sh_type = s->type;
	sh.sh_flags = s->flags;
	sh.sh_addr = s->addr;
	sh.sh_offset = s->offset;
	sh.sh_size = s->size;
	sh.sh_addralign = 1;
	if (!gelf_update_shdr(scn, &sh))
		return -EIO;
	return 0;
}

/* Build ".shstrtab" contents: "\0" name0 "\0" ... ".shstrtab\0". */
static char *build_shstrtab(const struct elf_fixture *fx, size_t *name_off,
			    size_t *size)
{
	size_t len = 1 + sizeof(".shstrtab");
	char *tab, *p;

	for (size_t i = 0; i < fx->n_sections; i++)
		len += strlen(fx->sections[i].name) + 1;
	tab = calloc(1, len);
	if (!tab)
		return NULL;
	p = tab + 1;
	for (size_t i = 0; i < fx->n_sections; i++) {
		name_off[i] = (size_t)(p - tab);
		strcpy(p, fx->sections[i].name);
		p += strlen(p) + 1;
	}
	name_off[fx->n_sections] = (size_t)(p - tab);
	strcpy(p, ".shstrtab");
	*size = len;
	return tab;
}

static int fill_ehdr(Elf *elf, const struct elf_fixture *fx, uint64_t phoff,
		     uint64_t shoff, size_t shstrndx)
{
	GElf_Ehdr eh;

	if (!gelf_getehdr(elf, &eh))
		return -EIO;
	eh.e_ident[EI_DATA] = fx->ei_data;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_ident[EI_OSABI] = ELFOSABI_NONE;
	eh.e_type = fx->type;
	eh.e_machine = fx->machine;
	eh.e_version = EV_CURRENT;
	eh.e_entry = fx->entry;
	eh.e_phoff = phoff;
	eh.e_shoff = shoff;
	eh.e_flags = fx->flags;
	eh.e_shstrndx = (GElf_Half)shstrndx;
	if (!gelf_update_ehdr(elf, &eh))
		return -EIO;
	return 0;
}

static int write_elf(Elf *elf, const struct elf_fixture *fx)
{
	size_t name_off[ELF_FIXTURE_MAX_SECTIONS + 1];
	size_t ehdr_size = fx->ei_class == ELFCLASS64 ? sizeof(Elf64_Ehdr) :
			   sizeof(Elf32_Ehdr);
	uint64_t end = fx->next_offset, phoff = 0, shoff = 0;
	struct elf_fixture_section strtab = { .type = SHT_STRTAB };
	char *tab = NULL, *zeros = NULL;
	size_t tab_size = 0, zeros_size = 0;
	int ret = -EIO;

	if (!gelf_newehdr(elf, fx->ei_class))
		return -EIO;
	if (fx->n_phdrs) {
		phoff = fx->phoff ? fx->phoff : ehdr_size;
		if (!gelf_newphdr(elf, fx->n_phdrs))
			return -EIO;
		for (size_t i = 0; i < fx->n_phdrs; i++) {
			const struct elf_fixture_phdr *p = &fx->phdrs[i];
			GElf_Phdr ph = {
				.p_type = p->type,
				.p_flags = p->flags,
				.p_offset = p->offset,
				.p_vaddr = p->vaddr,
				.p_paddr = p->paddr,
				.p_filesz = p->filesz,
				.p_memsz = p->memsz,
				.p_align = p->align,
			};

			if (!gelf_update_phdr(elf, (int)i, &ph))
				return -EIO;
		}
	}

	if (fx->n_sections) {
		tab = build_shstrtab(fx, name_off, &tab_size);
		if (!tab)
			return -ENOMEM;
		/* One zero buffer serves every section given without data. */
		for (size_t i = 0; i < fx->n_sections; i++)
			if (fx->sections[i].size > zeros_size)
				zeros_size = fx->sections[i].size;
		zeros = calloc(1, zeros_size ? zeros_size : 1);
		if (!zeros) {
			ret = -ENOMEM;
			goto out_free;
		}
		for (size_t i = 0; i < fx->n_sections; i++) {
			const struct elf_fixture_section *s = &fx->sections[i];
			const void *buf = s->data ? s->data : zeros;

			if (s->type == SHT_NOBITS)
				buf = NULL;
			ret = add_scn(elf, s, name_off[i], buf);
			if (ret)
				goto out_free;
			if (s->type != SHT_NOBITS && s->offset + s->size > end)
				end = s->offset + s->size;
		}
		strcpy(strtab.name, ".shstrtab");
		strtab.offset = end;
		strtab.size = tab_size;
		ret = add_scn(elf, &strtab, name_off[fx->n_sections], tab);
		if (ret)
			goto out_free;
		shoff = align_up(end + tab_size, 8);
	}

	ret = fill_ehdr(elf, fx, phoff, shoff,
			fx->n_sections ? fx->n_sections + 1 : SHN_UNDEF);
	if (ret)
		goto out_free;
	elf_flagelf(elf, ELF_C_SET, ELF_F_LAYOUT);
	if (elf_update(elf, ELF_C_WRITE) < 0) {
		fprintf(stderr, "elf_fixture: elf_update: %s\n",
			elf_errmsg(-1));
		ret = -EIO;
		goto out_free;
	}
	ret = 0;
out_free:
	free(zeros);
	free(tab);
	return ret;
}

int elf_fixture_write(const struct elf_fixture *fx, const char *path)
{
	Elf *elf;
	int fd, ret;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EIO;
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	elf = elf_begin(fd, ELF_C_WRITE, NULL);
	if (!elf) {
		ret = -EIO;
		goto out_close;
	}
	ret = write_elf(elf, fx);
	elf_end(elf);
out_close:
	if (close(fd) < 0 && !ret)
		ret = -errno;
	if (ret || !fx->strip_section_headers)
		return ret;

	/* e_shoff, e_shnum, e_shstrndx := 0, in either class. */
	if (fx->ei_class == ELFCLASS64) {
		static const uint8_t z8[8];

		ret = elf_fixture_patch(path, offsetof(Elf64_Ehdr, e_shoff),
					z8, sizeof(z8));
		if (!ret)
			ret = elf_fixture_patch(path,
						offsetof(Elf64_Ehdr, e_shnum),
						z8, 4);
	} else {
		static const uint8_t z4[4];

		ret = elf_fixture_patch(path, offsetof(Elf32_Ehdr, e_shoff),
					z4, sizeof(z4));
		if (!ret)
			ret = elf_fixture_patch(path,
						offsetof(Elf32_Ehdr, e_shnum),
						z4, 4);
	}
	return ret;
}

int elf_fixture_write_bytes(const char *path, const void *data, size_t len)
{
	const uint8_t *p = data;
	int fd, ret = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = n < 0 ? -errno : -EIO;
			break;
		}
		p += n;
		len -= (size_t)n;
	}
	if (close(fd) < 0 && !ret)
		ret = -errno;
	return ret;
}

int elf_fixture_patch(const char *path, off_t offset, const void *data,
		      size_t len)
{
	int fd, ret = 0;
	ssize_t n;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = pwrite(fd, data, len, offset);
	if (n < 0)
		ret = -errno;
	else if ((size_t)n != len)
		ret = -EIO;
	if (close(fd) < 0 && !ret)
		ret = -errno;
	return ret;
}

int elf_fixture_patch_le16(const char *path, off_t offset, uint16_t value)
{
	uint8_t b[2] = { (uint8_t)value, (uint8_t)(value >> 8) };

	return elf_fixture_patch(path, offset, b, sizeof(b));
}

int elf_fixture_patch_le32(const char *path, off_t offset, uint32_t value)
{
	uint8_t b[4] = { (uint8_t)value, (uint8_t)(value >> 8),
			 (uint8_t)(value >> 16), (uint8_t)(value >> 24) };

	return elf_fixture_patch(path, offset, b, sizeof(b));
}

int elf_fixture_truncate(const char *path, off_t size)
{
	return truncate(path, size) < 0 ? -errno : 0;
}

off_t elf_fixture_file_size(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -errno;
	return st.st_size;
}

