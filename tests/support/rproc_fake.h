/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A fake kernel behind the remoteproc backend's sysfs seam, shared by the
 * test_rproc_*.c programs: a temporary root with
 * sys/class/remoteproc/remoteprocN/{name,state,firmware},
 * sys/module/firmware_class/parameters/path, lib/firmware and dev/kmsg (a
 * regular file in /dev/kmsg's record format). The fake answers writes as
 * Linux's remoteproc does (EBUSY for "firmware" unless offline, EINVAL for
 * "stop" unless running, attached or crashed, the firmware loader's search
 * order at "start", the kernel log lines of a failed boot), records every
 * write in order, and injects errors per attribute.
 */
#ifndef M4FW_TEST_RPROC_FAKE_H
#define M4FW_TEST_RPROC_FAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "m4fw/image.h"
#include "m4fw/rproc_backend.h"

#define CLASS_DIR "/sys/class/remoteproc"
#define PARAM "/sys/module/firmware_class/parameters/path"
#define OLD_PARAM "/opt/vendor-fw"
#define OLD_FW "old.elf"
#define MAX_WRITES 32

struct fake {
	struct rproc_sysfs_ops ops;
	char root[64];

	/* Every write, mkdir and copy, in order: "remoteproc0/state=stop". */
	char writes[MAX_WRITES][160];
	size_t n_writes;

	/* The fake kernel. */
	bool old_kernel;	/* "start" on a running core: EBUSY */
	bool ignores_param;	/* the loader does not look at the path parameter */
	int stop_sticks;	/* "stop"s accepted without stopping (refcount) */
	int start_err;		/* "start" fails with this ... */
	const char *start_log[4];	/* ... after logging these */
	const char *state_after_err;	/* and leaves this state, if set */
	const char *state_after_start;	/* a start that does not come up */
	char loaded_from[600];	/* where the kernel found the firmware */
	size_t loaded_size;
	unsigned int seq;	/* next /dev/kmsg sequence number */
	bool dmesg_format;	/* log lines as dmesg prints them */
	/*
	 * The firmware has an RPMsg vdev: a start creates virtio0 under the
	 * instance (and, with vdev_channel, the channel the firmware
	 * announces), a stop removes them; vdev_stays: a stop that leaves
	 * them.
	 */
	bool vdev;
	bool vdev_channel;
	bool vdev_stays;

	/* Injected errors. */
	int err_sysfs;		/* every sysfs write */
	int err_state, err_firmware, err_param;
	int err_copy, err_mkdir, err_log;

	/* What the code under test said on stderr. */
	char err[4096];
	int saved_stderr;
};


#define PRIV "/run/m4fwloader/firmware"

struct fw {
	struct image img;
	char path[32];
	uint8_t bytes[64];
};

void rfake_put_file(const struct fake *f, const char *rel, const char *text);
void rfake_get_file(const struct fake *f, const char *rel, char *buf,
		    size_t size);
bool rfake_has_file(const struct fake *f, const char *rel);
void rfake_make_dirs(const struct fake *f, const char *rel);
const char *rfake_attr(const struct fake *f, const char *node,
		       const char *name);
const char *rfake_param(const struct fake *f);
void rfake_set_attr(const struct fake *f, const char *node,
		    const char *name, const char *value);
void rfake_add_node(const struct fake *f, const char *node,
		    const char *name, const char *state, const char *fw);
/** rfake_vdev_up() - what the kernel makes for a vdev on start. */
void rfake_vdev_up(const struct fake *f, const char *node);

void rfake_kmsg_add(struct fake *f, const char *msg);
int rfake_setup(void **state);
int rfake_teardown(void **state);
void rfake_capture_begin(struct fake *f);
void rfake_capture_end(struct fake *f);
size_t rfake_err_lines(const struct fake *f);
void rfake_expect_writes(const struct fake *f, ...);
void rfake_assert_contains(const char *text, const char *part);
int rfake_open_rp(struct fake *f, struct rproc *rp, const char *instance);
void rfake_fw_init(struct fw *fw, bool rsc_table);
int rfake_load(struct fake *f, const struct image *img,
	       const struct rproc_load_opts *opt,
	       struct rproc_load_result *res);
int rfake_do_stop(struct fake *f);
int rfake_do_start(struct fake *f);

#define T(fn) cmocka_unit_test_setup_teardown(fn, rfake_setup, rfake_teardown)

#endif /* M4FW_TEST_RPROC_FAKE_H */
