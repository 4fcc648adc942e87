// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The watch loop against a scripted "build system" (a child process that
 * rewrites, breaks, deletes and restores the file, then presses Ctrl-C),
 * with callbacks that record what would have been loaded. A file is
 * loadable when it starts with "FW" and ends with "END\n" (the test's
 * own rule).
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "m4fw/watch_loop.h"
#include "tmpdir.h"

static volatile sig_atomic_t stop_flag;

static void on_sigint(int sig)
{
	(void)sig;
	stop_flag = 1;
}

struct rec {
	char loaded[8][64];
	unsigned int n_loaded;
	unsigned int loud_checks;	/* checks asked to say why */
	int fail_with;			/* reload's exit code */
	unsigned int sleep_ms;		/* reload takes this long */
	bool interrupted;		/* its sleep was cut short */
};

static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return (int)n;
}

static int check(const char *path, bool quiet, void *ctx)
{
	struct rec *r = ctx;
	char buf[64];
	int n = read_file(path, buf, sizeof(buf));

	if (!quiet)
		r->loud_checks++;
	if (n < 6 || strncmp(buf, "FW", 2) || strcmp(buf + n - 4, "END\n"))
		return -1;
	return 0;
}

static int reload(const char *path, void *ctx)
{
	struct rec *r = ctx;
	struct timespec ts = { r->sleep_ms / 1000,
			       (long)(r->sleep_ms % 1000) * 1000000 };

	if (r->sleep_ms && nanosleep(&ts, NULL) && errno == EINTR)
		r->interrupted = true;
	if (r->n_loaded < 8 &&
	    read_file(path, r->loaded[r->n_loaded], sizeof(r->loaded[0])) >= 0)
		r->n_loaded++;
	return r->fail_with;
}

static void put(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		_exit(3);
	close(fd);
}

static void nap(unsigned int ms)
{
	usleep(ms * 1000);
}

struct fx {
	char dir[256];
	char path[300];
	struct sigaction old;
};

static int setup(void **state)
{
	static struct fx f;
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;	/* no SA_RESTART: like the tool */
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, &f.old))
		return -1;
	stop_flag = 0;
	if (tmpdir_make(f.dir, sizeof(f.dir), "wloop"))
		return -1;
	snprintf(f.path, sizeof(f.path), "%s/fw.elf", f.dir);
	put(f.path, "FW one END\n");
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	sigaction(SIGINT, &f->old, NULL);
	return tmpdir_remove(f->dir);
}

static char *run(struct fx *f, struct rec *r, bool poll_mode, int *ret)
{
	struct watch_loop_opts o = { .force_poll = poll_mode, .poll_ms = 30,
				     .settle_ms = 80, .grace_ms = 400 };
	const struct watch_loop_ops ops = { check, reload };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	*ret = watch_loop_run(f->path, &o, &ops, r, &stop_flag, out);
	fclose(out);
	return buf;
}

static void expect(const char *out, const char *needle)
{
	if (!strstr(out, needle))
		fail_msg("\"%s\" not in:\n%s", needle, out);
}

static void scripted_session(struct fx *f, bool poll_mode)
{
	struct rec r = { 0 };
	pid_t parent = getpid(), pid;
	char *out;
	int ret, status;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char tmp[400];

		nap(300);
		put(f->path, "FW two, in place END\n");
		nap(500);
		put(f->path, "ld: undefined reference\n");
		nap(900);
		unlink(f->path);
		nap(400);
		snprintf(tmp, sizeof(tmp), "%s.tmp", f->path);
		put(tmp, "FW three, renamed END\n");
		rename(tmp, f->path);
		nap(500);
		kill(parent, SIGINT);
		_exit(0);
	}
	out = run(f, &r, poll_mode, &ret);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(status, 0);
	assert_int_equal(ret, 0);
	/* loaded now, reloaded twice; the broken build never loaded */
	assert_int_equal(r.n_loaded, 3);
	assert_string_equal(r.loaded[0], "FW one END\n");
	assert_string_equal(r.loaded[1], "FW two, in place END\n");
	assert_string_equal(r.loaded[2], "FW three, renamed END\n");
	expect(out, "fw.elf loaded in ");
	expect(out, "fw.elf reloaded in ");
	expect(out, "fw.elf refused before the hold; the running firmware stays\n");
	expect(out, "fw.elf deleted; waiting for it to come back\n");
	/* the refusal said why once: initial check + one loud re-check */
	assert_int_equal(r.loud_checks, 2);
	free(out);
}

static void test_session_inotify(void **state)
{
	scripted_session(*state, false);
}

static void test_session_poll(void **state)
{
	scripted_session(*state, true);
}

/* Ctrl-C during a reload: the reload runs to its end, then the loop ends. */
static void test_ctrl_c_during_reload(void **state)
{
	struct fx *f = *state;
	struct rec r = { 0 };
	pid_t parent = getpid(), pid;
	char *out;
	int ret;

	r.sleep_ms = 400;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		nap(100);
		kill(parent, SIGINT);
		_exit(0);
	}
	out = run(f, &r, false, &ret);
	waitpid(pid, NULL, 0);
	assert_int_equal(ret, 0);
	assert_false(r.interrupted);
	assert_int_equal(r.n_loaded, 1);
	expect(out, "fw.elf loaded in ");
	free(out);
}

/* A failed reload (the hardware did not follow) ends the loop with its code. */
static void test_failed_reload_ends(void **state)
{
	struct fx *f = *state;
	struct rec r = { 0 };
	char *out;
	int ret;

	r.fail_with = 1;
	out = run(f, &r, false, &ret);
	assert_int_equal(ret, 1);
	expect(out, "fw.elf: load failed (exit 1); stopped watching\n");
	free(out);
}

/* A file that parses but is refused by the load (it does not fit): on. */
static void test_refused_reload_goes_on(void **state)
{
	struct fx *f = *state;
	struct rec r = { 0 };
	pid_t parent = getpid(), pid;
	char *out;
	int ret;

	r.fail_with = WATCH_LOOP_REFUSED;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		nap(300);
		kill(parent, SIGINT);
		_exit(0);
	}
	out = run(f, &r, false, &ret);
	waitpid(pid, NULL, 0);
	assert_int_equal(ret, 0);
	expect(out, "fw.elf refused before the hold; the running firmware stays\n");
	free(out);
}

static void test_unwatchable(void **state)
{
	struct fx *f = *state;
	struct rec r = { 0 };
	char *out;
	int ret;

	snprintf(f->path, sizeof(f->path), "%s/no/such/dir/fw.elf", f->dir);
	out = run(f, &r, false, &ret);
	assert_int_equal(ret, -ENOENT);
	assert_int_equal(r.n_loaded, 0);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_session_inotify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_poll, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ctrl_c_during_reload, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_reload_ends, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_reload_goes_on, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unwatchable, setup, teardown),
	};

	return cmocka_run_group_tests_name("watch_loop", tests, NULL, NULL);
}
