// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The remoteproc node and its carve-outs, read from fake
 * proc/device-tree trees written as the kernel shows them: one file per
 * property, big-endian cells, strings NUL-terminated. The trees follow
 * tests/e2e/imx7d-rproc.dtsi (a 32-bit board, one cell each) and the
 * i.MX8M boards' arm64 layout (two cells each).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "tmpdir.h"
#include "m4fw/devtree.h"

struct tree {
	char root[64];
};

static int tree_setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	if (tmpdir_make(t->root, sizeof(t->root), "m4fw-devtree")) {
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

static int tree_teardown(void **state)
{
	struct tree *t = *state;
	int ret = tmpdir_remove(t->root);

	free(t);
	return ret;
}

/* proc/device-tree/@rel with @len bytes, directories made on the way. */
static void put(const struct tree *t, const char *rel, const void *data,
		size_t len)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/proc/device-tree/%s", t->root, rel);
	for (char *s = path + strlen(t->root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			fail_msg("mkdir %s: %s", path, strerror(errno));
		*s = '/';
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		fail_msg("create %s: %s", path, strerror(errno));
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

/* A property of @n big-endian cells. */
static void put_cells(const struct tree *t, const char *rel, int n, ...)
{
	unsigned char b[64];
	va_list ap;

	assert_true(n > 0 && n <= 16);
	va_start(ap, n);
	for (size_t i = 0; i < (size_t)n; i++) {
		uint32_t v = va_arg(ap, uint32_t);

		b[4 * i] = v >> 24;
		b[4 * i + 1] = v >> 16;
		b[4 * i + 2] = v >> 8;
		b[4 * i + 3] = v;
	}
	va_end(ap);
	put(t, rel, b, 4 * (size_t)n);
}

#define PUT_STR(t, rel, lit) put((t), (rel), (lit), sizeof(lit))

/* The remoteproc guest's tree: imx7d-rproc.dtsi on imx7d-sdb. */
static void imx7d_board(const struct tree *t)
{
	PUT_STR(t, "compatible", "fsl,imx7d-sdb\0fsl,imx7d");
	put_cells(t, "reserved-memory/#address-cells", 1, 1u);
	put_cells(t, "reserved-memory/#size-cells", 1, 1u);
	put_cells(t, "reserved-memory/m4-ocram@900000/reg", 2, 0x900000u,
		  0x40000u);
	put_cells(t, "reserved-memory/m4-ocram@900000/phandle", 1, 0x70u);
	put_cells(t, "reserved-memory/m4-ddr@9ff00000/reg", 2, 0x9ff00000u,
		  0x100000u);
	put_cells(t, "reserved-memory/m4-ddr@9ff00000/phandle", 1, 0x71u);
	PUT_STR(t, "imx7d-cm4/compatible", "fsl,imx7d-cm4");
	put_cells(t, "imx7d-cm4/memory-region", 2, 0x70u, 0x71u);
}

static void test_no_tree(void **state)
{
	struct tree *t = *state;
	struct dt_rproc dt;

	assert_int_equal(dt_read_rproc(t->root, "fsl,imx7d-cm4", &dt), 0);
	assert_false(dt.have_tree);
	assert_false(dt.have_node);
	assert_int_equal(dt.n, 0);
}

static void test_tree_without_node(void **state)
{
	struct tree *t = *state;
	struct dt_rproc dt;

	PUT_STR(t, "compatible", "fsl,imx7d-sdb\0fsl,imx7d");
	put_cells(t, "soc/bus@30000000/reset-controller@30390000/reg", 2,
		  0x30390000u, 0x10000u);
	assert_int_equal(dt_read_rproc(t->root, "fsl,imx7d-cm4", &dt), 0);
	assert_true(dt.have_tree);
	assert_false(dt.have_node);
}

static void test_imx7d_carveouts(void **state)
{
	struct tree *t = *state;
	struct dt_rproc dt;

	imx7d_board(t);
	assert_int_equal(dt_read_rproc(t->root, "fsl,imx7d-cm4", &dt), 0);
	assert_true(dt.have_node);
	assert_string_equal(dt.node, "/imx7d-cm4");
	assert_int_equal(dt.n, 2);
	/* In memory-region's order, not the directory's. */
	assert_int_equal(dt.mem[0].base, 0x900000);
	assert_int_equal(dt.mem[0].size, 0x40000);
	assert_string_equal(dt.mem[0].name, "m4-ocram@900000");
	assert_int_equal(dt.mem[1].base, 0x9ff00000);
	assert_int_equal(dt.mem[1].size, 0x100000);
}

/* The node's compatible may list more than one string; any may match. */
static void test_node_nested_and_listed_second(void **state)
{
	struct tree *t = *state;
	struct dt_rproc dt;

	imx7d_board(t);
	PUT_STR(t, "imx7d-cm4/compatible", "acme,m4\0fsl,imx7d-cm4");
	assert_int_equal(dt_read_rproc(t->root, "fsl,imx7d-cm4", &dt), 0);
	assert_true(dt.have_node);
	/* A node deeper down, with another SoC's compatible: not this one. */
	assert_int_equal(dt_read_rproc(t->root, "fsl,imx8mp-cm7", &dt), 0);
	assert_false(dt.have_node);
	PUT_STR(t, "soc/bus@0/m7/compatible", "fsl,imx8mp-cm7");
	assert_int_equal(dt_read_rproc(t->root, "fsl,imx8mp-cm7", &dt), 0);
	assert_true(dt.have_node);
	assert_string_equal(dt.node, "/soc/bus@0/m7");
	assert_int_equal(dt.n, 0);
}

/* arm64 boards: two address and two size cells. */
static void test_two_cells(void **state)
{
	struct tree *t = *state;
	struct dt_rproc dt;

	PUT_STR(t, "compatible", "fsl,imx8mp-evk\0fsl,imx8mp");
	put_cells(t, "reserved-memory/#address-cells", 1, 2u);
	put_cells(t, "reserved-memory/#size-cells", 1, 2u);
	put_cells(t, "reserved-memory/m7@55000000/reg", 4, 0u, 0x55000000u,
		  0u, 0x1000000u);
	put_cells(t, "reserved-memory/m7@55000000/phandle", 1, 5u);
	PUT_STR(t, "imx8mp-cm7/compatible", "fsl,imx8mp-cm7");
	put_cells(t, "imx8mp-cm7/memory-region", 1, 5u);
	assert_int_equal(dt_read_rproc(t->root, "fsl,imx8mp-cm7", &dt), 0);
	assert_int_equal(dt.n, 1);
	assert_int_equal(dt.mem[0].base, 0x55000000);
	assert_int_equal(dt.mem[0].size, 0x1000000);
}

/* imx_rproc_addr_init() maps no vdev buffers or rings: neither here. */
static void test_vdev_regions_left_out(void **state)
{
	struct tree *t = *state;
	struct dt_rproc dt;

	imx7d_board(t);
	put_cells(t, "reserved-memory/vdev0buffer@9fd00000/reg", 2,
		  0x9fd00000u, 0x100000u);
	put_cells(t, "reserved-memory/vdev0buffer@9fd00000/phandle", 1, 0x72u);
	put_cells(t, "imx7d-cm4/memory-region", 3, 0x72u, 0x70u, 0x71u);
	assert_int_equal(dt_read_rproc(t->root, "fsl,imx7d-cm4", &dt), 0);
	assert_int_equal(dt.n, 2);
	assert_int_equal(dt.mem[0].base, 0x900000);
}

static void test_dangling_phandle(void **state)
{
	struct tree *t = *state;
	struct dt_rproc dt;

	imx7d_board(t);
	put_cells(t, "imx7d-cm4/memory-region", 2, 0x70u, 0x99u);
	assert_int_equal(dt_read_rproc(t->root, "fsl,imx7d-cm4", &dt),
			 -ENOENT);
}

static void test_short_reg(void **state)
{
	struct tree *t = *state;
	struct dt_rproc dt;

	imx7d_board(t);
	put_cells(t, "reserved-memory/m4-ddr@9ff00000/reg", 1, 0x9ff00000u);
	assert_int_equal(dt_read_rproc(t->root, "fsl,imx7d-cm4", &dt),
			 -EINVAL);
}

#define T(f) cmocka_unit_test_setup_teardown(f, tree_setup, tree_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_no_tree),
		T(test_tree_without_node),
		T(test_imx7d_carveouts),
		T(test_node_nested_and_listed_second),
		T(test_two_cells),
		T(test_vdev_regions_left_out),
		T(test_dangling_phandle),
		T(test_short_reg),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
