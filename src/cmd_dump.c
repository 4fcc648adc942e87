// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dump REGION FILE | dump ADDR LEN FILE: copy M-core memory out, for a
 * post-mortem look at a firmware that crashed. Reads are aligned 32-bit
 * device accesses, like the writes of a load.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "m4fw/log.h"

#define DUMP_CHUNK_BYTES (1u << 20)

/* The first writable row called @name (case does not matter). */
static const struct soc_region *region_by_name(const struct soc_desc *soc,
					       const char *name)
{
	for (size_t i = 0; i < soc->n_regions; i++)
		if (soc->regions[i].kind != REGION_XIP &&
		    strcasecmp(soc->regions[i].name, name) == 0)
			return &soc->regions[i];
	return NULL;
}

static void region_names(const struct soc_desc *soc, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < soc->n_regions; i++) {
		const char *nm = soc->regions[i].name;

		if (soc->regions[i].kind == REGION_XIP ||
		    region_by_name(soc, nm) != &soc->regions[i])
			continue;
		if (buf[0])
			strncat(buf, ", ", size - strlen(buf) - 1);
		strncat(buf, nm, size - strlen(buf) - 1);
	}
}

/* ADDR LEN on the map: A view, or M view with --m-view. */
static int place_range(const struct cli_opts *o, const struct soc_desc *soc,
		       uint32_t addr, uint32_t len, uint32_t *a_addr,
		       const struct soc_region **row)
{
	enum soc_fit fit;

	if (o->m_view) {
		fit = soc_fit_m(soc, addr, len, row, a_addr);
	} else {
		fit = soc_fit_a(soc, addr, len, row);
		*a_addr = addr;
	}
	if (fit == SOC_FIT_OK)
		return EXIT_OK;
	log_error("%s 0x%08x + 0x%x is %s of the %s memory map",
		  o->m_view ? "M" : "A", addr, len,
		  fit == SOC_FIT_STRADDLE ? "not inside one memory" :
		  fit == SOC_FIT_XIP ? "flash, not RAM," : "outside",
		  soc->model);
	return EXIT_IMAGE;
}

/* Everything first: OUTFILE is opened only once the memory is read. */
static int read_all(struct mem *m, uint32_t a_addr, uint32_t len,
		    uint8_t **out)
{
	uint8_t *buf = malloc(len);
	uint32_t done = 0;

	if (!buf) {
		log_error("out of memory for %u bytes", len);
		return EXIT_HW;
	}
	while (done < len) {
		uint32_t n = len - done;
		int ret;

		if (n > DUMP_CHUNK_BYTES)
			n = DUMP_CHUNK_BYTES;
		ret = mem_read_block(m, (uint64_t)a_addr + done, buf + done, n);
		if (ret) {
			log_error("cannot read 0x%08x from %s: %s",
				  a_addr + done, m->path, strerror(-ret));
			free(buf);
			return EXIT_HW;
		}
		done += n;
	}
	*out = buf;
	return EXIT_OK;
}

/* The memory as a file system object, to tell OUTFILE from it. */
struct mem_id {
	bool known;
	struct stat st;
};

/* /dev/mem's own device number (major 1, minor 1, devices.txt). */
#define DEVMEM_RDEV makedev(1, 1)

static bool is_memory(const struct stat *st, const struct mem_id *id)
{
	if (id->known && st->st_dev == id->st.st_dev &&
	    st->st_ino == id->st.st_ino)
		return true;
	if (!S_ISCHR(st->st_mode))
		return false;
	return st->st_rdev == DEVMEM_RDEV ||
	       (id->known && S_ISCHR(id->st.st_mode) &&
		st->st_rdev == id->st.st_rdev);
}

/*
 * What OUTFILE must not be, said before anything is opened for writing:
 * the memory itself (writing it while it is mapped for reading truncates
 * what is read: SIGBUS, and an empty file), a symbolic link (followed, it
 * would let whoever planted it in /tmp choose the file root truncates),
 * or one name of a file with several (a planted hard link).
 */
static int check_outfile(const char *file, const struct stat *st,
			 const struct mem_id *id)
{
	if (is_memory(st, id)) {
		log_error("dump: OUTFILE %s is the memory being dumped (--mem %s); name another file",
			  file, id->known ? "file" : "device");
		return EXIT_USAGE;
	}
	if (S_ISLNK(st->st_mode)) {
		log_error("dump: OUTFILE %s is a symbolic link; not followed: remove it or name the file it points to",
			  file);
		return EXIT_USAGE;
	}
	if (S_ISREG(st->st_mode) && st->st_nlink > 1) {
		log_error("dump: OUTFILE %s has %lu hard links; not overwritten: remove it first",
			  file, (unsigned long)st->st_nlink);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int precheck_outfile(const struct cli_opts *o, const char *file,
			    struct mem_id *id)
{
	struct stat st;

	id->known = stat(o->mem_path, &id->st) == 0;
	if (strcmp(file, "-") == 0)
		return fstat(STDOUT_FILENO, &st) == 0 ?
		       check_outfile("(standard output)", &st, id) : EXIT_OK;
	if (lstat(file, &st) < 0)
		return EXIT_OK;		/* created later, never through a link */
	return check_outfile(file, &st, id);
}

static int write_all(int fd, const uint8_t *buf, uint32_t len,
		     const char *file)
{
	uint32_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_error("cannot write %s: %s", file,
				  n < 0 ? strerror(errno) : "no progress");
			return EXIT_HW;
		}
		done += (uint32_t)n;
	}
	return EXIT_OK;
}

/*
 * Created or truncated without following a symbolic link; the object
 * opened is checked again, since the path can change after the check.
 */
static int write_outfile(const char *file, const uint8_t *buf, uint32_t len,
			 const struct mem_id *id)
{
	struct stat st;
	int fd, code;

	if (strcmp(file, "-") == 0)
		return write_all(STDOUT_FILENO, buf, len, "standard output");
	fd = open(file, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY,
		  0644);
	if (fd < 0 && errno == ELOOP) {
		log_error("dump: OUTFILE %s is a symbolic link; not followed: remove it or name the file it points to",
			  file);
		return EXIT_USAGE;
	}
	if (fd < 0) {
		log_error("cannot create %s: %s", file, strerror(errno));
		return EXIT_USAGE;
	}
	code = fstat(fd, &st) ? EXIT_USAGE : check_outfile(file, &st, id);
	if (!code && S_ISREG(st.st_mode) && ftruncate(fd, 0)) {
		log_error("cannot truncate %s: %s", file, strerror(errno));
		code = EXIT_USAGE;
	}
	if (!code)
		code = write_all(fd, buf, len, file);
	if (close(fd) && !code) {
		log_error("cannot write %s: %s", file, strerror(errno));
		code = EXIT_HW;
	}
	return code;
}

int cmd_dump(const struct cli_opts *o, int argc, char **argv)
{
	const struct soc_region *row;
	uint32_t addr, len, a_addr;
	const char *file;
	struct cli_soc cs;
	struct mem_id id;
	struct mem m;
	uint8_t *buf;
	char names[160];
	int code, ret;

	if (argc != 3 && argc != 4)
		return cli_usage_error("dump: expected REGION FILE or ADDR LEN FILE");
	code = cli_resolve_soc(o, &cs, false);
	if (code)
		return code;
	file = argv[argc - 1];
	if (argc == 3) {
		row = region_by_name(cs.soc, argv[1]);
		if (!row) {
			region_names(cs.soc, names, sizeof(names));
			return cli_usage_error("dump: no memory called '%s' on the %s; known: %s",
					       argv[1], cs.soc->model, names);
		}
		a_addr = row->a_addr;
		len = row->size;
	} else {
		if (!cli_parse_hex(argv[1], &addr))
			return cli_usage_error("dump: invalid address '%s': expected hexadecimal",
					       argv[1]);
		if (!cli_parse_uint(argv[2], UINT32_MAX, &len) || !len)
			return cli_usage_error("dump: invalid length '%s': expected a positive number (0x for hexadecimal)",
					       argv[2]);
		code = place_range(o, cs.soc, addr, len, &a_addr, &row);
		if (code)
			return code;
	}

	if (o->dry_run) {
		printf("read    0x%08x 0x%-8x  %s  -> %s\n", a_addr, len,
		       row->name, file);
		return EXIT_OK;
	}
	code = precheck_outfile(o, file, &id);
	if (code)
		return code;
	code = cli_open_mem(o, &m);
	if (code)
		return code;
	ret = mem_map(&m, a_addr, len);
	if (ret) {
		log_error("cannot map 0x%08x (%s) from %s: %s%s", a_addr,
			  row->name, m.path, strerror(-ret),
			  mem_errno_hint(-ret, m.is_device));
		mem_close(&m);
		return EXIT_MEM;
	}
	code = read_all(&m, a_addr, len, &buf);
	mem_close(&m);
	if (code)
		return code;
	code = write_outfile(file, buf, len, &id);
	free(buf);
	if (code == EXIT_OK && strcmp(file, "-") != 0 &&
	    log_level_enabled(LOG_NORMAL))
		printf("%s: %u bytes of %s from A 0x%08x\n", file, len,
		       row->name, a_addr);
	return code;
}
