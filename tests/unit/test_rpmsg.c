// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The RPMsg side under fake kernels: NXP BSP device trees with a static
 * imx-rpmsg transport (the i.MX7D SDB "0x8fff0000" node, the i.MX8MM EVK
 * two-vdev node at 0xb8000000 with 64-bit cells), mainline's RPMsg audio
 * node that shares a compatible, remoteproc virtio devices, channels and
 * /dev nodes, and links planted to lead out of the root.
 *
 * Expected vring addresses follow imx_rpmsg.c set_vring_phy_buf(): vdev i
 * at reg + i * 64 KiB, its second vring 32 KiB above the first.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fake_tree.h"
#include "m4fw/rpmsg.h"
#include "tmpdir.h"

#define DTB "sys/firmware/devicetree/base"

struct fx {
	char top[256];
	char root[300];
};

static int setup(void **state)
{
	static struct fx f;

	if (tmpdir_make(f.top, sizeof(f.top), "rpmsg"))
		return -1;
	snprintf(f.root, sizeof(f.root), "%s/root", f.top);
	fake_dir(f.root, DTB);
	fake_link(f.root, "proc/device-tree", "/sys/firmware/devicetree/base");
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	return tmpdir_remove(f->top);
}

static void compat(const char *root, const char *node, const char *c)
{
	char rel[256];

	snprintf(rel, sizeof(rel), DTB "%s/compatible", node);
	/* device-tree strings carry their NUL */
	fake_file(root, rel, c, strlen(c) + 1);
}

static void cells(const char *root, const char *node, const char *prop,
		  const uint32_t *v, size_t n)
{
	char rel[256];

	snprintf(rel, sizeof(rel), DTB "%s/%s", node, prop);
	fake_cells(root, rel, v, n);
}

/* imx7d-sdb-m4.dts: rpmsg { vdev-nums = <1>; reg = <0x8fff0000 0x10000>; } */
static void test_imx7d_bsp(void **state)
{
	struct fx *f = *state;
	const uint32_t one = 1, reg[] = { 0x8fff0000, 0x10000 };
	struct rpmsg_state st;
	const struct rpmsg_static *s;

	compat(f->root, "", "fsl,imx7d-sdb\0fsl,imx7d");
	cells(f->root, "", "#address-cells", &one, 1);
	cells(f->root, "", "#size-cells", &one, 1);
	compat(f->root, "/rpmsg", "fsl,imx7d-rpmsg");
	cells(f->root, "/rpmsg", "vdev-nums", &one, 1);
	cells(f->root, "/rpmsg", "reg", reg, 2);
	fake_file(f->root, DTB "/rpmsg/status", "okay", 5);
	fake_str(f->root, "sys/bus/platform/drivers/imx-rpmsg/uevent", "DRIVER=imx-rpmsg\n");
	fake_link(f->root, "sys/bus/platform/drivers/imx-rpmsg/rpmsg",
		  "../../../../devices/platform/rpmsg");
	fake_link(f->root, "sys/devices/platform/rpmsg/of_node",
		  "../../../firmware/devicetree/base/rpmsg");

	assert_int_equal(rpmsg_scan(f->root, &st), 0);
	assert_int_equal(st.n_static, 1);
	s = rpmsg_static_active(&st);
	assert_non_null(s);
	assert_string_equal(s->node, "/rpmsg");
	assert_string_equal(s->compatible, "fsl,imx7d-rpmsg");
	assert_true(s->bound);
	assert_true(st.driver_present);
	assert_true(s->has_reg);
	assert_int_equal(s->vdev_nums, 1);
	assert_int_equal(s->vring[0][0], 0x8fff0000);
	assert_int_equal(s->vring[0][1], 0x8fff8000);
	assert_false(s->reg_too_small);
	assert_int_equal(st.n_virtio, 0);
}

/*
 * imx8mm-evk-rpmsg.dts of the 5.4 BSP: 64-bit cells, two vdevs, a DMA
 * pool by memory-region; the node sits under /soc here, unbound.
 */
static void test_imx8mm_two_vdevs(void **state)
{
	struct fx *f = *state;
	const uint32_t two = 2, ph = 0x42;
	const uint32_t reg[] = { 0, 0xb8000000, 0, 0x20000 };
	const uint32_t small[] = { 0, 0xb8000000, 0, 0x10000 };
	const uint32_t pool[] = { 0, 0xb8400000, 0, 0x100000 };
	struct rpmsg_state st;
	const struct rpmsg_static *s;

	cells(f->root, "/soc", "#address-cells", &two, 1);
	cells(f->root, "/soc", "#size-cells", &two, 1);
	compat(f->root, "/soc/rpmsg", "fsl,imx8mm-rpmsg");
	cells(f->root, "/soc/rpmsg", "vdev-nums", &two, 1);
	cells(f->root, "/soc/rpmsg", "reg", reg, 4);
	cells(f->root, "/soc/rpmsg", "memory-region", &ph, 1);
	cells(f->root, "", "#address-cells", &two, 1);
	cells(f->root, "", "#size-cells", &two, 1);
	cells(f->root, "/reserved-memory/rpmsg_dma@b8400000", "phandle", &ph, 1);
	cells(f->root, "/reserved-memory/rpmsg_dma@b8400000", "reg", pool, 4);

	assert_int_equal(rpmsg_scan(f->root, &st), 0);
	s = rpmsg_static_active(&st);
	assert_non_null(s);
	assert_string_equal(s->node, "/soc/rpmsg");
	assert_false(s->bound);
	assert_int_equal(s->reg_base, 0xb8000000);
	assert_int_equal(s->reg_size, 0x20000);
	assert_int_equal(s->vring[1][0], 0xb8010000);
	assert_int_equal(s->vring[1][1], 0xb8018000);
	assert_false(s->reg_too_small);
	assert_string_equal(s->pool, "rpmsg_dma@b8400000");
	assert_int_equal(s->pool_base, 0xb8400000);
	assert_int_equal(s->pool_size, 0x100000);

	/* two vdevs need 128 KiB: the probe fails with 64 */
	cells(f->root, "/soc/rpmsg", "reg", small, 4);
	assert_int_equal(rpmsg_scan(f->root, &st), 0);
	assert_true(st.stat[0].reg_too_small);

	/* disabled: no transport */
	fake_file(f->root, DTB "/soc/rpmsg/status", "disabled", 9);
	assert_int_equal(rpmsg_scan(f->root, &st), 0);
	assert_int_equal(st.n_static, 1);
	assert_null(rpmsg_static_active(&st));
}

/* sound/soc/fsl/fsl_rpmsg.c shares fsl,imx8mm-rpmsg for an audio card. */
static void test_audio_node_is_no_transport(void **state)
{
	struct fx *f = *state;
	const uint32_t zero = 0;
	struct rpmsg_state st;

	compat(f->root, "/rpmsg_audio", "fsl,imx8mm-rpmsg");
	cells(f->root, "/rpmsg_audio", "fsl,audioindex", &zero, 1);
	compat(f->root, "/imx8mm-cm4", "fsl,imx8mm-cm4");
	assert_int_equal(rpmsg_scan(f->root, &st), 0);
	assert_int_equal(st.n_static, 0);
	assert_false(rpmsg_is_imx_compatible("fsl,imx8mn-rpmsg"));
	assert_true(rpmsg_is_imx_compatible("fsl,imx6sx-rpmsg"));
}

static void test_remoteproc_virtio_channels_nodes(void **state)
{
	struct fx *f = *state;
	const char *dev = "sys/devices/platform/imx8mm-cm4/remoteproc/remoteproc0/remoteproc0#vdev0buffer/virtio0";
	const char *ch = "sys/devices/platform/imx8mm-cm4/remoteproc/remoteproc0/remoteproc0#vdev0buffer/virtio0/virtio0.rpmsg-virtual-tty-channel-1.-1.30";
	char rel[512];
	struct rpmsg_state st;

	snprintf(rel, sizeof(rel), "%s/device", dev);
	fake_str(f->root, rel, "0x0007\n");
	snprintf(rel, sizeof(rel), "%s/driver", dev);
	fake_link(f->root, rel, "../../../../../../../bus/virtio/drivers/virtio_rpmsg_bus");
	fake_link(f->root, "sys/bus/virtio/devices/virtio0",
		  "../../../devices/platform/imx8mm-cm4/remoteproc/remoteproc0/remoteproc0#vdev0buffer/virtio0");
	snprintf(rel, sizeof(rel), "%s/name", ch);
	fake_str(f->root, rel, "rpmsg-virtual-tty-channel-1\n");
	snprintf(rel, sizeof(rel), "%s/src", ch);
	fake_str(f->root, rel, "0x400\n");
	snprintf(rel, sizeof(rel), "%s/dst", ch);
	fake_str(f->root, rel, "0x1e\n");
	fake_link(f->root, "sys/bus/rpmsg/devices/virtio0.rpmsg-virtual-tty-channel-1.-1.30",
		  "../../../devices/platform/imx8mm-cm4/remoteproc/remoteproc0/remoteproc0#vdev0buffer/virtio0/virtio0.rpmsg-virtual-tty-channel-1.-1.30");
	fake_str(f->root, "dev/ttyRPMSG30", "");
	fake_str(f->root, "dev/rpmsg_ctrl0", "");
	fake_str(f->root, "dev/tty0", "");

	assert_int_equal(rpmsg_scan(f->root, &st), 0);
	assert_int_equal(st.n_virtio, 1);
	assert_string_equal(st.virtio[0].name, "virtio0");
	assert_int_equal(st.virtio[0].device_id, 7);
	assert_string_equal(st.virtio[0].driver, "virtio_rpmsg_bus");
	assert_true(st.virtio[0].from_remoteproc);
	assert_string_equal(st.virtio[0].parent, "remoteproc0");
	assert_int_equal(rpmsg_n_rpmsg_virtio(&st, true), 1);
	assert_int_equal(st.n_chan, 1);
	assert_string_equal(st.chan[0].name, "rpmsg-virtual-tty-channel-1");
	assert_int_equal(st.chan[0].src, 0x400);
	assert_int_equal(st.chan[0].dst, 0x1e);
	assert_int_equal(st.n_devnode, 2);
	assert_string_equal(st.devnode[0], "rpmsg_ctrl0");
	assert_string_equal(st.devnode[1], "ttyRPMSG30");
}

/* Links planted to read the host's files: what they aim at is not read. */
static void test_planted_links(void **state)
{
	struct fx *f = *state;
	char rel[300];
	struct rpmsg_state st;

	fake_str(f->top, "outside/chan/name", "host-secret\n");
	fake_str(f->top, "outside/chan/src", "0x1\n");
	snprintf(rel, sizeof(rel), "%s/outside/chan", f->top);
	fake_link(f->root, "sys/bus/rpmsg/devices/evil", rel);
	fake_link(f->root, "sys/bus/rpmsg/devices/evil2", "../../../../../outside/chan");
	assert_int_equal(rpmsg_scan(f->root, &st), 0);
	for (size_t i = 0; i < st.n_chan; i++) {
		assert_string_not_equal(st.chan[i].name, "host-secret");
		assert_int_equal(st.chan[i].src, 0);
	}
}

static const char *const VDEV_DIR =
	"sys/devices/platform/imx8mm-cm4/remoteproc/remoteproc0/remoteproc0#vdev0buffer/virtio0";

/* The virtio device remoteproc0 creates on start, with or without a channel. */
static void make_channel(const char *root)
{
	char rel[512];

	snprintf(rel, sizeof(rel), "%s/virtio0.rpmsg-tty.-1.30/name", VDEV_DIR);
	fake_str(root, rel, "rpmsg-tty\n");
	fake_link(root, "sys/bus/rpmsg/devices/virtio0.rpmsg-tty.-1.30",
		  "../../../devices/platform/imx8mm-cm4/remoteproc/remoteproc0/remoteproc0#vdev0buffer/virtio0/virtio0.rpmsg-tty.-1.30");
}

static long elapsed_ms(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

static void make_vdev(const char *root, bool channel)
{
	char rel[512];

	snprintf(rel, sizeof(rel), "%s/device", VDEV_DIR);
	fake_str(root, rel, "0x0007\n");
	fake_link(root, "sys/bus/virtio/devices/virtio0",
		  "../../../devices/platform/imx8mm-cm4/remoteproc/remoteproc0/remoteproc0#vdev0buffer/virtio0");
	if (channel)
		make_channel(root);
}

/* A virtio device that appears 200 ms after the wait begins. */
static void test_wait_vdev_appears(void **state)
{
	struct fx *f = *state;
	struct rpmsg_state st;
	struct timespec t0;
	size_t n_chan;
	pid_t pid;
	int status;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		usleep(200 * 1000);
		make_vdev(f->root, false);
		_exit(0);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(rpmsg_wait(f->root, "remoteproc0", true, false, 5000,
				    &st), 0);
	assert_true(elapsed_ms(&t0) >= 150);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(rpmsg_n_of_rproc(&st, "remoteproc0", &n_chan), 1);
	assert_int_equal(n_chan, 0);
	/* another remoteproc's devices are not this one's */
	assert_int_equal(rpmsg_n_of_rproc(&st, "remoteproc1", NULL), 0);
}

/* No M core in QEMU: the device comes, the channel never does. */
static void test_wait_channel_never(void **state)
{
	struct fx *f = *state;
	struct rpmsg_state st;
	struct timespec t0;

	make_vdev(f->root, false);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(rpmsg_wait(f->root, "remoteproc0", true, true, 300,
				    &st), -ETIMEDOUT);
	assert_true(elapsed_ms(&t0) >= 300);
	assert_int_equal(rpmsg_n_of_rproc(&st, "remoteproc0", NULL), 1);
	make_channel(f->root);
	assert_int_equal(rpmsg_wait(f->root, "remoteproc0", true, true, 300,
				    &st), 0);
}

/*
 * virtio_rpmsg_bus (Linux 5.13 and later) registers two rpmsg devices of
 * its own on the vdev at probe, before any firmware speaks: the name
 * service ("rpmsg_ns", address 53 = 0x35, with VIRTIO_RPMSG_F_NS) and the
 * control device ("rpmsg_ctrl", both addresses RPMSG_ADDR_ANY). Seen on
 * Debian's 6.1 kernel in the end-to-end remoteproc guest. Neither is a
 * channel the firmware announced: the wait goes on, none is counted.
 */
static void kernel_own_device(const char *root, const char *dev,
			      const char *name)
{
	char rel[512], target[512];

	snprintf(rel, sizeof(rel), "%s/%s/name", VDEV_DIR, dev);
	fake_str(root, rel, name);
	snprintf(rel, sizeof(rel), "sys/bus/rpmsg/devices/%s", dev);
	snprintf(target, sizeof(target), "../../../%s/%s", VDEV_DIR + 4, dev);
	fake_link(root, rel, target);
}

static void test_kernel_own_devices_are_no_channel(void **state)
{
	struct fx *f = *state;
	struct rpmsg_state st;
	struct timespec t0;
	size_t n_chan;

	make_vdev(f->root, false);
	kernel_own_device(f->root, "virtio0.rpmsg_ns.53.53", "rpmsg_ns\n");
	kernel_own_device(f->root, "virtio0.rpmsg_ctrl.-1.-1", "rpmsg_ctrl\n");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(rpmsg_wait(f->root, "remoteproc0", true, true, 200,
				    &st), -ETIMEDOUT);
	assert_true(elapsed_ms(&t0) >= 200);
	assert_int_equal(rpmsg_n_of_rproc(&st, "remoteproc0", &n_chan), 1);
	assert_int_equal(n_chan, 0);
	assert_int_equal(st.n_chan, 0);
	/* the firmware's own announcement still counts beside them */
	make_channel(f->root);
	assert_int_equal(rpmsg_wait(f->root, "remoteproc0", true, true, 200,
				    &st), 0);
	assert_int_equal(rpmsg_n_of_rproc(&st, "remoteproc0", &n_chan), 1);
	assert_int_equal(n_chan, 1);
	assert_string_equal(st.chan[0].name, "rpmsg-tty");
}

/* After stop the device must go; one that stays is a timeout. */
static void test_wait_gone(void **state)
{
	struct fx *f = *state;
	struct rpmsg_state st;
	char path[400];

	make_vdev(f->root, false);
	assert_int_equal(rpmsg_wait(f->root, "remoteproc0", false, false, 200,
				    &st), -ETIMEDOUT);
	snprintf(path, sizeof(path), "%s/sys/bus/virtio/devices/virtio0",
		 f->root);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rpmsg_wait(f->root, "remoteproc0", false, false, 200,
				    &st), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_imx7d_bsp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_imx8mm_two_vdevs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audio_node_is_no_transport, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remoteproc_virtio_channels_nodes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_planted_links, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wait_vdev_appears, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wait_channel_never, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wait_gone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kernel_own_devices_are_no_channel, setup, teardown),
	};

	return cmocka_run_group_tests_name("rpmsg", tests, NULL, NULL);
}
