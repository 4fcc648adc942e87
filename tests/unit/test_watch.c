// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Watching a firmware file: rewritten in place, replaced by rename,
 * truncated mid-write, replaced by a broken file, deleted; each with
 * inotify and with the polling fallback. A "firmware" here is complete
 * when it starts with "FW" and ends with "END\n" (the test's own rule;
 * the watch command uses the image parser).
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "m4fw/watch.h"
#include "tmpdir.h"

struct fx {
	char dir[256];
	char path[300];
	bool poll;
	unsigned int checks;	/* calls of the readiness check */
};

static int complete(const char *path, void *ctx)
{
	struct fx *f = ctx;
	char buf[256];
	ssize_t n;
	int fd;

	f->checks++;
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 6)
		return -1;
	buf[n] = '\0';
	return strncmp(buf, "FW", 2) || strcmp(buf + n - 4, "END\n") ? -1 : 0;
}

static void put(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
	close(fd);
}

static int setup(void **state, bool poll_mode)
{
	static struct fx f;

	memset(&f, 0, sizeof(f));
	if (tmpdir_make(f.dir, sizeof(f.dir), "watch"))
		return -1;
	snprintf(f.path, sizeof(f.path), "%s/fw.elf", f.dir);
	put(f.path, "FW first END\n");
	f.poll = poll_mode;
	*state = &f;
	return 0;
}

static int setup_inotify(void **state)
{
	return setup(state, false);
}

static int setup_poll(void **state)
{
	return setup(state, true);
}

static int teardown(void **state)
{
	struct fx *f = *state;

	return tmpdir_remove(f->dir);
}

static void open_watch(struct fx *f, struct watch *w)
{
	assert_int_equal(watch_open(w, f->path, f->poll, 50), 0);
	assert_int_equal(w->polling, f->poll);
	w->settle_ms = 100;
	w->grace_ms = 600;
}

static void test_nothing_then_stop(void **state)
{
	struct fx *f = *state;
	volatile sig_atomic_t stop = 0;
	struct watch w;

	open_watch(f, &w);
	assert_int_equal(watch_next(&w, complete, f, 300, &stop), WATCH_TIMEOUT);
	assert_int_equal(f->checks, 0);
	stop = 1;
	assert_int_equal(watch_next(&w, complete, f, -1, &stop), WATCH_STOPPED);
	watch_close(&w);
}

static void test_rewritten_in_place(void **state)
{
	struct fx *f = *state;
	struct watch w;
	struct stat before, after;

	open_watch(f, &w);
	assert_int_equal(stat(f->path, &before), 0);
	put(f->path, "FW second build END\n");
	assert_int_equal(stat(f->path, &after), 0);
	assert_int_equal(before.st_ino, after.st_ino);
	assert_int_equal(watch_next(&w, complete, f, 5000, NULL), WATCH_READY);
	assert_int_equal(f->checks, 1);
	/* the same file again is no change */
	assert_int_equal(watch_next(&w, complete, f, 300, NULL), WATCH_TIMEOUT);
	watch_close(&w);
}

static void test_replaced_by_rename(void **state)
{
	struct fx *f = *state;
	char tmp[400];
	struct watch w;

	open_watch(f, &w);
	snprintf(tmp, sizeof(tmp), "%s/fw.elf.tmp", f->dir);
	put(tmp, "FW renamed END\n");
	assert_int_equal(rename(tmp, f->path), 0);
	assert_int_equal(watch_next(&w, complete, f, 5000, NULL), WATCH_READY);
	assert_int_equal(f->checks, 1);
	watch_close(&w);
}

/* The writer stops half-way for longer than the settle time. */
static void test_truncated_mid_write(void **state)
{
	struct fx *f = *state;
	struct watch w;
	pid_t pid;
	int status;

	open_watch(f, &w);
	w.grace_ms = 2000;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(f->path, O_WRONLY | O_TRUNC);

		if (fd < 0 || write(fd, "FW half", 7) != 7)
			_exit(1);
		usleep(500 * 1000);
		if (write(fd, " and the rest END\n", 18) != 18)
			_exit(1);
		close(fd);
		_exit(0);
	}
	assert_int_equal(watch_next(&w, complete, f, 5000, NULL), WATCH_READY);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(status, 0);
	/* the half file was looked at and refused, then the whole one taken */
	assert_true(f->checks >= 2);
	watch_close(&w);
}

static void test_broken_then_fixed(void **state)
{
	struct fx *f = *state;
	struct watch w;

	open_watch(f, &w);
	put(f->path, "garbage from a failed link\n");
	assert_int_equal(watch_next(&w, complete, f, 5000, NULL), WATCH_BROKEN);
	/* a broken file is not reported twice */
	assert_int_equal(watch_next(&w, complete, f, 300, NULL), WATCH_TIMEOUT);
	put(f->path, "FW fixed END\n");
	assert_int_equal(watch_next(&w, complete, f, 5000, NULL), WATCH_READY);
	watch_close(&w);
}

static void test_deleted_then_back(void **state)
{
	struct fx *f = *state;
	struct watch w;

	open_watch(f, &w);
	assert_int_equal(unlink(f->path), 0);
	assert_int_equal(watch_next(&w, complete, f, 5000, NULL), WATCH_GONE);
	assert_int_equal(watch_next(&w, complete, f, 300, NULL), WATCH_TIMEOUT);
	put(f->path, "FW back END\n");
	assert_int_equal(watch_next(&w, complete, f, 5000, NULL), WATCH_READY);
	watch_close(&w);
}

static void test_fs_types(void **state)
{
	(void)state;
	/* linux/magic.h */
	assert_string_equal(watch_fs_needs_poll(0x6969), "NFS");
	assert_string_equal(watch_fs_needs_poll(0x65735546), "FUSE (sshfs)");
	assert_null(watch_fs_needs_poll(0xef53));	/* ext4 */
	assert_null(watch_fs_needs_poll(0x01021994));	/* tmpfs */
}

static void test_bad_paths(void **state)
{
	struct fx *f = *state;
	char p[400];
	struct watch w;

	snprintf(p, sizeof(p), "%s/nodir/fw.elf", f->dir);
	assert_int_equal(watch_open(&w, p, false, 0), -ENOENT);
	snprintf(p, sizeof(p), "%s/", f->dir);
	assert_int_equal(watch_open(&w, p, false, 0), -EISDIR);
	snprintf(p, sizeof(p), "%s/fw.elf/x", f->dir);
	assert_int_equal(watch_open(&w, p, false, 0), -ENOTDIR);
}

#define BOTH(t) \
	cmocka_unit_test_setup_teardown(t, setup_inotify, teardown), \
	cmocka_unit_test_setup_teardown(t, setup_poll, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(test_nothing_then_stop),
		BOTH(test_rewritten_in_place),
		BOTH(test_replaced_by_rename),
		BOTH(test_truncated_mid_write),
		BOTH(test_broken_then_fixed),
		BOTH(test_deleted_then_back),
		cmocka_unit_test(test_fs_types),
		cmocka_unit_test_setup_teardown(test_bad_paths, setup_inotify, teardown),
	};

	return cmocka_run_group_tests_name("watch", tests, NULL, NULL);
}
