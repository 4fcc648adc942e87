// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The remoteproc verdict of inspect, on images built by hand: segments and
 * PT_LOAD ranges laid out the way the linker scripts of doc/firmware.md lay
 * them out, run through plan_load() for the SoC, then judged as Linux's
 * imx_rproc would (imx_rproc_da_to_sys(): da >= row.da and
 * da + len < row.da + row.size, over the kernel's own table).
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "m4fw/image.h"
#include "m4fw/inspect.h"
#include "m4fw/plan.h"
#include "m4fw/soc.h"

#define MAX_SEGS 16

struct fw {
	struct image img;
	struct image_segment segs[MAX_SEGS];
	struct image_load_range loads[MAX_SEGS];
	char path[16];
	uint8_t text[0x8000];	/* file bytes every segment copies from */
};

struct judged {
	int plan_ret;		/* what m4fwloader itself makes of it */
	struct rproc_verdict v;
};

static void put_le32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

/*
 * An ELF image with a well-formed resource table whose first copied
 * segment starts with the vector table @sp, @pc.
 */
static struct fw *fw_new(uint32_t sp, uint32_t pc)
{
	struct fw *fw = calloc(1, sizeof(*fw));

	assert_non_null(fw);
	snprintf(fw->path, sizeof(fw->path), "fw.elf");
	fw->img.path = fw->path;
	fw->img.format = IMAGE_ELF;
	fw->img.bytes = fw->text;
	fw->img.size = sizeof(fw->text);
	fw->img.segs = fw->segs;
	fw->img.loads = fw->loads;
	fw->img.has_vector = true;
	fw->img.sp = sp;
	fw->img.pc = pc;
	fw->img.entry = pc;
	fw->img.has_rsc_table = true;
	fw->img.rsc_table_valid = true;
	put_le32(fw->text, sp);
	put_le32(fw->text + 4, pc);
	return fw;
}

/*
 * A PT_LOAD as image_parse_elf() reports it: a segment when it writes
 * something, and always a load range for the kernel's check. The
 * zero fill follows doc/contract.md: only when p_paddr == p_vaddr.
 */
static void fw_load(struct fw *fw, uint32_t paddr, uint32_t vaddr,
		    uint32_t filesz, uint32_t memsz)
{
	struct image *img = &fw->img;
	unsigned int index = (unsigned int)img->n_loads;
	bool zero_fill = paddr == vaddr && memsz > filesz;

	assert_true(img->n_loads < MAX_SEGS);
	assert_true(filesz <= sizeof(fw->text));
	img->loads[img->n_loads++] = (struct image_load_range){
		.index = index, .paddr = paddr, .memsz = memsz,
	};
	if (!filesz && !zero_fill)
		return;
	img->segs[img->n_segs++] = (struct image_segment){
		.index = index, .paddr = paddr, .vaddr = vaddr,
		.filesz = filesz, .memsz = memsz, .flags = 0,
		.data = fw->text, .zero_fill = zero_fill,
	};
}

/* As on a board whose device tree is @dt (NULL: none known). */
static void judge_dt(const char *soc_name, const struct fw *fw,
		     const struct dt_rproc *dt, struct judged *j)
{
	const struct soc_desc *soc = soc_find(soc_name);
	struct plan_options opt = { 0 };
	struct plan p;

	assert_non_null(soc);
	plan_init(&p, soc);
	j->plan_ret = plan_load(&p, &fw->img, &opt);
	memset(&j->v, 0x5a, sizeof(j->v));
	inspect_rproc_verdict(&fw->img, &p, dt, &j->v);
	plan_free(&p);
}

static void judge(const char *soc_name, const struct fw *fw,
		  struct judged *j)
{
	judge_dt(soc_name, fw, NULL, j);
}

static void print_reasons(const struct rproc_verdict *v)
{
	for (size_t i = 0; i < v->n_reasons && i < RPROC_MAX_REASONS; i++)
		print_message("reason %zu: %s\n", i, v->reasons[i]);
}

static void assert_accepted(const struct judged *j)
{
	if (!j->v.accepts || j->v.n_reasons) {
		print_reasons(&j->v);
		fail_msg("the verdict refuses an image the kernel accepts");
	}
}

/* Refused for exactly @n reasons, one of which contains every @needle. */
static void assert_refused(const struct judged *j, size_t n,
			   const char *needle1, const char *needle2)
{
	if (j->v.accepts)
		fail_msg("the verdict accepts an image the kernel refuses");
	if (j->v.n_reasons != n) {
		print_reasons(&j->v);
		fail_msg("%zu reasons, expected %zu", j->v.n_reasons, n);
	}
	for (size_t i = 0; i < j->v.n_reasons; i++)
		if (strstr(j->v.reasons[i], needle1) &&
		    (!needle2 || strstr(j->v.reasons[i], needle2)))
			return;
	print_reasons(&j->v);
	fail_msg("no reason mentions '%s'%s%s", needle1,
		 needle2 ? " and " : "", needle2 ? needle2 : "");
}

/* ---- accepted --------------------------------------------------------- */

/* 6SX TCM image, vectors at TCML = M 0: what imx_rproc loads and starts. */
static void test_accepts_6sx_tcm(void **state)
{
	struct fw *fw = fw_new(0x20008000, 0x1FFF8401);
	struct judged j;

	(void)state;
	fw_load(fw, 0x1FFF8000, 0x1FFF8000, 0x1000, 0x1000);
	fw_load(fw, 0x20000000, 0x20000000, 0x100, 0x400);
	judge("imx6sx", fw, &j);
	assert_int_equal(j.plan_ret, 0);
	assert_accepted(&j);
	assert_false(j.v.old_kernels_refuse);
	free(fw);
}

/*
 * The kernel's 8MM table has one 256 KiB TCM row: a segment crossing
 * from TCML into TCMU is fine.
 */
static void test_accepts_8mm_tcm_across_tcml_tcmu(void **state)
{
	struct fw *fw = fw_new(0x20020000, 0x1FFE0401);
	struct judged j;

	(void)state;
	fw_load(fw, 0x1FFE0000, 0x1FFE0000, 0x1000, 0x1000);
	fw_load(fw, 0x1FFFF000, 0x1FFFF000, 0x100, 0x2000);
	judge("imx8mm", fw, &j);
	assert_int_equal(j.plan_ret, 0);
	assert_accepted(&j);
	free(fw);
}

static void test_accepts_8mp_itcm(void **state)
{
	struct fw *fw = fw_new(0x20020000, 0x00000401);
	struct judged j;

	(void)state;
	fw_load(fw, 0x00000000, 0x00000000, 0x1000, 0x1000);
	fw_load(fw, 0x20000000, 0x20000000, 0x200, 0x800);
	judge("imx8mp", fw, &j);
	assert_int_equal(j.plan_ret, 0);
	assert_accepted(&j);
	free(fw);
}

/* One byte short of the end of TCMU is strictly inside. */
static void test_accepts_one_byte_before_row_end(void **state)
{
	struct fw *fw = fw_new(0x20008000, 0x1FFF8401);
	struct judged j;

	(void)state;
	fw_load(fw, 0x1FFF8000, 0x1FFF8000, 0x1000, 0x1000);
	fw_load(fw, 0x20000000, 0x20000000, 0x100, 0x7FFF);
	judge("imx6sx", fw, &j);
	assert_int_equal(j.plan_ret, 0);
	assert_accepted(&j);
	free(fw);
}

/* ---- "bad phdr da" ---------------------------------------------------- */

/*
 * The kernel's check is strict (<): a segment that fills its memory to
 * the last byte is refused, though m4fwloader loads it.
 */
static void test_refuses_end_at_row_end(void **state)
{
	struct fw *fw = fw_new(0x20008000, 0x1FFF8401);
	struct judged j;

	(void)state;
	fw_load(fw, 0x1FFF8000, 0x1FFF8000, 0x1000, 0x1000);
	fw_load(fw, 0x20000000, 0x20000000, 0x100, 0x8000);
	judge("imx6sx", fw, &j);
	assert_int_equal(j.plan_ret, 0);
	assert_refused(&j, 1, "bad phdr da", "segment 1");
	assert_refused(&j, 1, "0x20000000", "0x8000");
	free(fw);
}

/* The same for a whole-TCML text segment (and the 8MM merged row's end). */
static void test_refuses_text_filling_its_row(void **state)
{
	struct fw *fw = fw_new(0x20008000, 0x1FFF8401);
	struct judged j;

	(void)state;
	fw_load(fw, 0x1FFF8000, 0x1FFF8000, 0x8000, 0x8000);
	judge("imx6sx", fw, &j);
	assert_int_equal(j.plan_ret, 0);
	assert_refused(&j, 1, "bad phdr da", "segment 0");
	free(fw);

	fw = fw_new(0x20020000, 0x1FFE0401);
	fw_load(fw, 0x1FFE0000, 0x1FFE0000, 0x1000, 0x1000);
	fw_load(fw, 0x1FFE1000, 0x1FFE1000, 0x100, 0x3F000);
	judge("imx8mm", fw, &j);
	assert_int_equal(j.plan_ret, 0);
	assert_refused(&j, 1, "bad phdr da", "segment 1");
	free(fw);
}

/*
 * The 6SX TCM shape of NXP's SDK: .data's load address sits at the end of
 * TCML right after .text, its run address in TCMU, and p_memsz (the run
 * size) carries p_paddr + p_memsz past the end of TCML. m4fwloader copies
 * only p_filesz there; the kernel checks p_memsz and refuses.
 */
static void test_refuses_6sx_tcm_data_lma_shape(void **state)
{
	struct fw *fw = fw_new(0x20008000, 0x1FFF8401);
	struct judged j;

	(void)state;
	fw_load(fw, 0x1FFF8000, 0x1FFF8000, 0x6000, 0x6000);
	fw_load(fw, 0x1FFFE000, 0x20000000, 0x100, 0x4000);
	judge("imx6sx", fw, &j);
	assert_int_equal(j.plan_ret, 0);
	assert_refused(&j, 1, "bad phdr da", "segment 1");
	assert_refused(&j, 1, "0x1fffe000", "0x4000");
	free(fw);
}

/*
 * NXP's FreeRTOS BSP links 6SX OCRAM images at 0x00910000, a row the
 * kernel's table does not have; and with no vectors at M 0 the core could
 * not boot it either: a second fact, kept apart from the kernel's refusal.
 */
static void test_refuses_6sx_ocram(void **state)
{
	struct fw *fw = fw_new(0x00920000, 0x00910401);
	struct judged j;

	(void)state;
	fw_load(fw, 0x00910000, 0x00910000, 0x1000, 0x1000);
	judge("imx6sx", fw, &j);
	assert_int_equal(j.plan_ret, 0);
	assert_refused(&j, 1, "bad phdr da", "0x00910000");
	assert_int_equal(j.v.loads, RPROC_REFUSES);
	assert_false(j.v.boots);
	assert_non_null(strstr(j.v.boot_reason, "vector"));
	free(fw);
}

/* 7D OCRAM_S data alias 0x20180000: in U-Boot's table, not the kernel's. */
static void test_refuses_row_only_uboot_has(void **state)
{
	struct fw *fw = fw_new(0x00188000, 0x00000041);
	struct judged j;

	(void)state;
	fw_load(fw, 0x00000000, 0x00000000, 0x100, 0x100);
	fw_load(fw, 0x20181000, 0x20181000, 0x100, 0x100);
	judge("imx7d", fw, &j);
	assert_int_equal(j.plan_ret, 0);
	assert_refused(&j, 1, "bad phdr da", "0x20181000");
	free(fw);
}

/*
 * Execute-in-place flash: the kernel's 6SX and 7D tables have no QSPI row
 * (imx_rproc_att_imx6sx/_imx7d), so a PT_LOAD there is "bad phdr da"; the
 * i.MX8M tables do have one (0x08000000, 128 MiB). m4fwloader itself
 * refuses both (flash cannot be written by stores): the verdict is about
 * the kernel alone.
 */
static void test_refuses_qspi_on_6sx_7d(void **state)
{
	static const struct {
		const char *soc;
		uint32_t sp, pc, vec_m, qspi;
	} cases[] = {
		{ "imx6sx", 0x20008000, 0x1FFF8041, 0x1FFF8000, 0x68000000 },
		{ "imx7d", 0x00188000, 0x00000041, 0x00000000, 0x60000000 },
	};

	size_t missed = 0;

	(void)state;
	/* Both SoCs are judged before failing, so the report names each. */
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fw *fw = fw_new(cases[i].sp, cases[i].pc);
		char addr[16];
		struct judged j;
		bool named = false;

		fw_load(fw, cases[i].vec_m, cases[i].vec_m, 0x100, 0x100);
		fw_load(fw, cases[i].qspi, cases[i].qspi, 0x100, 0x100);
		judge(cases[i].soc, fw, &j);
		assert_int_equal(j.plan_ret, -EINVAL);
		snprintf(addr, sizeof(addr), "0x%08x", cases[i].qspi);
		for (size_t k = 0; k < j.v.n_reasons; k++)
			named |= strstr(j.v.reasons[k], "bad phdr da") &&
				 strstr(j.v.reasons[k], addr);
		if (j.v.accepts || !named) {
			print_message("%s: QSPI segment at M %s %s\n",
				      cases[i].soc, addr,
				      j.v.accepts ? "accepted" :
				      "refused without \"bad phdr da\"");
			print_reasons(&j.v);
			missed++;
		}
		free(fw);
	}
	assert_int_equal(missed, 0);
}

static void test_qspi_in_8m_kernel_table(void **state)
{
	struct fw *fw = fw_new(0x20020000, 0x00000041);
	struct judged j;

	(void)state;
	fw_load(fw, 0x00000000, 0x00000000, 0x100, 0x100);
	fw_load(fw, 0x08000000, 0x08000000, 0x100, 0x100);
	judge("imx8mm", fw, &j);
	assert_int_equal(j.plan_ret, -EINVAL);
	assert_accepted(&j);
	free(fw);
}

/* ---- the vector table ------------------------------------------------- */

/*
 * A 7D image in TCML: M 0 is OCRAM_S, so m4fwloader writes SP and PC
 * there; the kernel loads it (the TCMs are the driver's own) but writes no
 * vector, and the core would not start: "loads" and "cannot boot", apart.
 */
static void test_vector_not_at_m0_cannot_boot(void **state)
{
	struct fw *fw = fw_new(0x20008000, 0x1FFF8401);
	struct judged j;

	(void)state;
	fw_load(fw, 0x1FFF8000, 0x1FFF8000, 0x1000, 0x1000);
	fw_load(fw, 0x20000000, 0x20000000, 0x100, 0x400);
	judge("imx7d", fw, &j);
	assert_int_equal(j.plan_ret, 0);
	assert_int_equal(j.v.loads, RPROC_LOADS);
	assert_int_equal(j.v.n_reasons, 0);
	assert_false(j.v.boots);
	assert_false(j.v.accepts);
	assert_non_null(strstr(j.v.boot_reason, "vector"));
	free(fw);
}

/* ---- the resource table ----------------------------------------------- */

static void test_refuses_malformed_rsc_table(void **state)
{
	struct fw *fw = fw_new(0x20008000, 0x1FFF8401);
	struct judged j;

	(void)state;
	fw_load(fw, 0x1FFF8000, 0x1FFF8000, 0x1000, 0x1000);
	fw->img.rsc_table_valid = false;
	judge("imx6sx", fw, &j);
	assert_refused(&j, 1, "resource_table", NULL);
	/* It has one: old kernels get as far as finding it. */
	assert_false(j.v.old_kernels_refuse);
	free(fw);
}

/*
 * Since 5.13 a missing resource table is fine; before, rproc_fw_boot()
 * failed with -EINVAL. Only a missing table makes old kernels refuse.
 */
static void test_old_kernels_refuse_iff_no_rsc_table(void **state)
{
	static const struct {
		bool has, valid, accepts, old_refuse;
	} cases[] = {
		{ false, false, true, true },
		{ true, true, true, false },
		{ true, false, false, false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fw *fw = fw_new(0x20008000, 0x1FFF8401);
		struct judged j;

		fw_load(fw, 0x1FFF8000, 0x1FFF8000, 0x1000, 0x1000);
		fw->img.has_rsc_table = cases[i].has;
		fw->img.rsc_table_valid = cases[i].valid;
		judge("imx6sx", fw, &j);
		if (j.v.accepts != cases[i].accepts ||
		    j.v.old_kernels_refuse != cases[i].old_refuse) {
			print_reasons(&j.v);
			fail_msg("table %d/%d: accepts %d old_kernels_refuse %d",
				 cases[i].has, cases[i].valid, j.v.accepts,
				 j.v.old_kernels_refuse);
		}
		free(fw);
	}
}

/* ---- what is not an ELF ----------------------------------------------- */

static void test_refuses_raw_image(void **state)
{
	struct fw *fw = fw_new(0x20008000, 0x1FFF8401);
	struct judged j;

	(void)state;
	fw->img.format = IMAGE_RAW;
	fw->img.addr_is_a_view = true;
	fw->img.has_rsc_table = false;
	fw->img.rsc_table_valid = false;
	fw->img.segs[0] = (struct image_segment){
		.paddr = 0x007F8000, .vaddr = 0x007F8000, .filesz = 0x1000,
		.memsz = 0x1000, .data = fw->text,
	};
	fw->img.n_segs = 1;
	judge("imx6sx", fw, &j);
	assert_int_equal(j.plan_ret, 0);
	assert_refused(&j, 1, "ELF files only", NULL);
	free(fw);
}

/* ---- many problems ---------------------------------------------------- */

/* More reasons than fit: the list is cut, never overrun, still refused. */
static void test_reasons_capped(void **state)
{
	struct fw *fw = fw_new(0x20008000, 0x1FFF8401);
	struct judged j;

	(void)state;
	fw_load(fw, 0x1FFF8000, 0x1FFF8000, 0x1000, 0x1000);
	/* Run-time-only PT_LOADs (nothing at the load address) in OCRAM. */
	for (uint32_t k = 0; k < RPROC_MAX_REASONS + 3; k++)
		fw_load(fw, 0x00910000 + k * 0x100, 0x20000000 + k * 0x100,
			0, 0x100);
	assert_int_equal(fw->img.n_segs, 1);
	judge("imx6sx", fw, &j);
	assert_int_equal(j.plan_ret, 0);
	assert_false(j.v.accepts);
	assert_int_equal(j.v.n_reasons, RPROC_MAX_REASONS);
	for (size_t i = 0; i < RPROC_MAX_REASONS; i++) {
		assert_non_null(memchr(j.v.reasons[i], '\0',
				       sizeof(j.v.reasons[i])));
		assert_non_null(strstr(j.v.reasons[i], "bad phdr da"));
	}
	free(fw);
}

/* ---- the device tree's carve-outs ------------------------------------ */

/*
 * The remoteproc guest's device tree (tests/e2e/imx7d-rproc.dtsi): OCRAM
 * + EPDC at 0x900000 (256 KiB), DDR at 0x9ff00000 (1 MiB).
 */
static const struct dt_rproc imx7d_guest_dt = {
	.have_tree = true, .have_node = true, .node = "/imx7d-cm4", .n = 2,
	.mem = { { 0x00900000, 0x40000, "m4-ocram@900000" },
		 { 0x9ff00000, 0x100000, "m4-ddr@9ff00000" } },
};

/* The Toradex shape: vectors at M 0 (OCRAM_S), code OCRAM, data EPDC. */
static struct fw *toradex_fw(void)
{
	struct fw *fw = fw_new(0x20240000, 0x00900007);

	fw_load(fw, 0x00000000, 0x00000000, 0x240, 0x240);
	fw_load(fw, 0x00900000, 0x00900000, 0x84, 0x84);
	fw_load(fw, 0x20220000, 0x20220000, 0x20, 0x828);
	return fw;
}

static void test_dt_carveouts_load_toradex(void **state)
{
	struct fw *fw = toradex_fw();
	struct judged j;

	(void)state;
	judge_dt("imx7d", fw, &imx7d_guest_dt, &j);
	assert_accepted(&j);
	assert_int_equal(j.v.loads, RPROC_LOADS);
	assert_true(j.v.boots);
	assert_true(j.v.dt_known);
	free(fw);
}

/*
 * Vectors at 0x900000: the kernel loads it (OCRAM is carved out) and
 * reports the core up, but the core cannot boot: two facts, kept apart.
 */
static void test_dt_loads_but_core_cannot_boot(void **state)
{
	struct fw *fw = fw_new(0x20220000, 0x00900247);
	struct judged j;

	(void)state;
	fw_load(fw, 0x00900000, 0x00900000, 0x240, 0x240);
	fw_load(fw, 0x00900240, 0x00900240, 0x84, 0x84);
	judge_dt("imx7d", fw, &imx7d_guest_dt, &j);
	assert_int_equal(j.v.loads, RPROC_LOADS);
	assert_int_equal(j.v.n_reasons, 0);
	assert_false(j.v.boots);
	assert_false(j.v.accepts);
	assert_non_null(strstr(j.v.boot_reason, "M address 0"));
	free(fw);
}

/*
 * DDR at M 0x10000000 = A 0x80000000: in the kernel's table, but in no
 * carve-out (the guest's is at 0x9ff00000): "bad phdr da". With a
 * carve-out there, it loads.
 */
static void test_dt_ddr_outside_every_carveout(void **state)
{
	struct fw *fw = fw_new(0x80200000, 0x00000009);
	struct dt_rproc dt = imx7d_guest_dt;
	struct judged j;

	(void)state;
	fw_load(fw, 0x00000000, 0x00000000, 0x240, 0x240);
	fw_load(fw, 0x10000240, 0x10000240, 0x84, 0x84);
	judge_dt("imx7d", fw, &dt, &j);
	assert_refused(&j, 1, "bad phdr da", "0x80000240");
	assert_int_equal(j.v.loads, RPROC_REFUSES);
	dt.mem[1].base = 0x80000000;
	judge_dt("imx7d", fw, &dt, &j);
	assert_accepted(&j);
	free(fw);
}

/* imx_rproc_da_to_va(): sys + len < base + size, so not to the last byte. */
static void test_dt_carveout_end_is_strict(void **state)
{
	struct fw *fw = fw_new(0x80200000, 0x00000009);
	struct dt_rproc dt = imx7d_guest_dt;
	struct judged j;

	(void)state;
	fw_load(fw, 0x00000000, 0x00000000, 0x240, 0x240);
	fw_load(fw, 0x9ff00000, 0x9ff00000, 0x100, 0x100);
	dt.mem[1].size = 0x101;
	judge_dt("imx7d", fw, &dt, &j);
	assert_accepted(&j);
	dt.mem[1].size = 0x100;
	judge_dt("imx7d", fw, &dt, &j);
	assert_refused(&j, 1, "bad phdr da", "segment 1");
	free(fw);
}

/* A tree without the M4 node: the driver does not bind at all. */
static void test_dt_without_node(void **state)
{
	struct dt_rproc dt = { .have_tree = true };
	struct fw *fw = toradex_fw();
	struct judged j;

	(void)state;
	judge_dt("imx7d", fw, &dt, &j);
	assert_refused(&j, 1, "fsl,imx7d-cm4", "does not bind");
	free(fw);
}

/*
 * No device tree (--soc on a laptop): OCRAM_S is the driver's own, OCRAM
 * and EPDC are not (OCRAM is Linux's mmio-sram by default): the verdict
 * names what a memory-region must cover instead of "it would load".
 */
static void test_no_dt_lists_what_it_needs(void **state)
{
	struct fw *fw = toradex_fw();
	struct judged j;

	(void)state;
	judge_dt("imx7d", fw, NULL, &j);
	assert_int_equal(j.v.loads, RPROC_LOADS_IF_DT);
	assert_false(j.v.dt_known);
	assert_int_equal(j.v.n_needs, 2);
	assert_int_equal(j.v.needs[0].segment, 1);
	assert_int_equal(j.v.needs[0].a_addr, 0x00900000);
	assert_int_equal(j.v.needs[0].size, 0x84);
	assert_int_equal(j.v.needs[1].segment, 2);
	assert_int_equal(j.v.needs[1].a_addr, 0x00920000);
	assert_int_equal(j.v.needs[1].size, 0x828);
	free(fw);
}

/* The TCMs are the driver's own on the 6SX: no carve-out needed. */
static void test_no_dt_tcm_needs_nothing(void **state)
{
	struct fw *fw = fw_new(0x20008000, 0x1fff8009);
	struct judged j;

	(void)state;
	fw_load(fw, 0x00000000, 0x00000000, 0x240, 0x240);
	fw_load(fw, 0x20000000, 0x20000000, 0x20, 0x828);
	judge_dt("imx6sx", fw, NULL, &j);
	assert_int_equal(j.v.loads, RPROC_LOADS);
	assert_int_equal(j.v.n_needs, 0);
	free(fw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepts_6sx_tcm),
		cmocka_unit_test(test_accepts_8mm_tcm_across_tcml_tcmu),
		cmocka_unit_test(test_accepts_8mp_itcm),
		cmocka_unit_test(test_accepts_one_byte_before_row_end),
		cmocka_unit_test(test_refuses_end_at_row_end),
		cmocka_unit_test(test_refuses_text_filling_its_row),
		cmocka_unit_test(test_refuses_6sx_tcm_data_lma_shape),
		cmocka_unit_test(test_refuses_6sx_ocram),
		cmocka_unit_test(test_refuses_row_only_uboot_has),
		cmocka_unit_test(test_refuses_qspi_on_6sx_7d),
		cmocka_unit_test(test_qspi_in_8m_kernel_table),
		cmocka_unit_test(test_vector_not_at_m0_cannot_boot),
		cmocka_unit_test(test_dt_carveouts_load_toradex),
		cmocka_unit_test(test_dt_loads_but_core_cannot_boot),
		cmocka_unit_test(test_dt_ddr_outside_every_carveout),
		cmocka_unit_test(test_dt_carveout_end_is_strict),
		cmocka_unit_test(test_dt_without_node),
		cmocka_unit_test(test_no_dt_lists_what_it_needs),
		cmocka_unit_test(test_no_dt_tcm_needs_nothing),
		cmocka_unit_test(test_refuses_malformed_rsc_table),
		cmocka_unit_test(test_old_kernels_refuse_iff_no_rsc_table),
		cmocka_unit_test(test_refuses_raw_image),
		cmocka_unit_test(test_reasons_capped),
	};

	return cmocka_run_group_tests_name("inspect", tests, NULL, NULL);
}
