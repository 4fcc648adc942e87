// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The loader lock. POSIX record locks belong to a process: a second
 * acquisition from the same process always succeeds, so contention is
 * tested from a forked child. Parent and child take turns through two
 * pipes, so nothing depends on how the scheduler orders them; timings are
 * only checked from below (a loaded CI machine is slow, never fast).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "tmpdir.h"
#include "m4fw/lock.h"

#define SHORT_TIMEOUT_MS 100
#define LONG_TIMEOUT_MS 10000
#define MAX_ATTEMPTS 4

struct fixture {
	char dir[64];
	char path[128];		/* a lock file inside dir, not created */
};

static int fixture_setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	if (tmpdir_make(fx->dir, sizeof(fx->dir), "m4fw-lock")) {
		free(fx);
		return -1;
	}
	snprintf(fx->path, sizeof(fx->path), "%s/m4fwloader.lock", fx->dir);
	*state = fx;
	return 0;
}

static int fixture_teardown(void **state)
{
	struct fixture *fx = *state;
	int ret = tmpdir_remove(fx->dir);

	free(fx);
	return ret;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Open descriptors of this process, to see that a failure leaks none. */
static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (!d)
		return -1;
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

static bool fd_is_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1;
}

/* ---- the other process ------------------------------------------------ */

/* What one acquisition in the child did, sent back through a pipe. */
struct attempt {
	int ret;
	pid_t holder;
	long elapsed_ms;
	int fds_before;
	int fds_after;
};

struct child {
	pid_t pid;
	int to_child;		/* write end: "go" */
	int from_child;		/* read end: struct attempt */
};

static bool read_full(int fd, void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

/*
 * The child: for each timeout, wait for the parent's go, try to take the
 * lock on @path, report, and let go of it again if it was taken. No
 * cmocka here (its failure path would unwind into the parent's copy of
 * the runner), and _exit so that nothing of the parent is run or freed
 * twice.
 */
static void __attribute__((noreturn))
child_main(const char *path, const unsigned int *timeouts, size_t n,
	   int in, int out)
{
	for (size_t i = 0; i < n; i++) {
		struct attempt a = { 0 };
		struct lock l;
		char go;
		long t0;

		if (!read_full(in, &go, 1))
			_exit(2);
		a.fds_before = count_fds();
		t0 = now_ms();
		a.ret = lock_acquire(&l, -1, path, timeouts[i], &a.holder);
		a.elapsed_ms = now_ms() - t0;
		if (a.ret == 0)
			lock_release(&l);
		a.fds_after = count_fds();
		if (write(out, &a, sizeof(a)) != (ssize_t)sizeof(a))
			_exit(3);
	}
	_exit(0);
}

static void child_start(struct child *c, const char *path,
			const unsigned int *timeouts, size_t n)
{
	int down[2], up[2];

	assert_int_equal(pipe2(down, O_CLOEXEC), 0);
	assert_int_equal(pipe2(up, O_CLOEXEC), 0);
	fflush(NULL);
	c->pid = fork();
	assert_true(c->pid >= 0);
	if (c->pid == 0) {
		close(down[1]);
		close(up[0]);
		child_main(path, timeouts, n, down[0], up[1]);
	}
	close(down[0]);
	close(up[1]);
	c->to_child = down[1];
	c->from_child = up[0];
}

/* Let the child make its next attempt, and wait for what it got. */
static void child_attempt(struct child *c, struct attempt *a)
{
	assert_int_equal(write(c->to_child, "g", 1), 1);
	assert_true(read_full(c->from_child, a, sizeof(*a)));
}

static void child_finish(struct child *c)
{
	int status;

	close(c->to_child);
	close(c->from_child);
	assert_int_equal(waitpid(c->pid, &status, 0), c->pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* ---- one process ------------------------------------------------------ */

/* Memory is a regular file: the lock is taken on its own descriptor. */
static void test_acquire_on_fd(void **state)
{
	struct fixture *fx = *state;
	struct lock l;
	pid_t holder = 1;
	int fd = open(fx->path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(lock_acquire(&l, fd, NULL, SHORT_TIMEOUT_MS, &holder),
			 0);
	assert_int_equal(l.fd, fd);
	assert_false(l.own_fd);
	assert_int_equal(holder, 0);
	lock_release(&l);
	/* The caller's descriptor is the caller's to close. */
	assert_true(fd_is_open(fd));
	assert_int_equal(l.fd, -1);
	/* A second release is harmless. */
	lock_release(&l);
	assert_true(fd_is_open(fd));
	close(fd);
}

/* /dev/mem: a lock file, created on first use and closed on release. */
static void test_acquire_on_path(void **state)
{
	struct fixture *fx = *state;
	struct lock l;
	struct stat st;
	pid_t holder = 1;
	int fd;

	assert_int_equal(stat(fx->path, &st), -1);
	assert_int_equal(lock_acquire(&l, -1, fx->path, SHORT_TIMEOUT_MS,
				      &holder), 0);
	assert_int_equal(stat(fx->path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_true(l.own_fd);
	assert_true(l.fd >= 0);
	assert_int_equal(holder, 0);
	fd = l.fd;
	lock_release(&l);
	assert_false(fd_is_open(fd));
	assert_int_equal(l.fd, -1);

	/* The file is left for the next loader, and can be locked again. */
	assert_int_equal(lock_acquire(&l, -1, fx->path, 0, &holder), 0);
	lock_release(&l);
}

static void test_unopenable_path(void **state)
{
	struct fixture *fx = *state;
	char path[192];
	struct lock l;
	pid_t holder;
	int fds = count_fds();

	snprintf(path, sizeof(path), "%s/no-such-dir/m4fwloader.lock",
		 fx->dir);
	assert_int_equal(lock_acquire(&l, -1, path, SHORT_TIMEOUT_MS, &holder),
			 -ENOENT);
	/* A directory where the lock file should be cannot be opened. */
	assert_int_equal(lock_acquire(&l, -1, fx->dir, SHORT_TIMEOUT_MS,
				      &holder), -EISDIR);
	assert_int_equal(count_fds(), fds);
}

/* ---- planted paths ------------------------------------------------ */

/* A file outside the lock's name, with known contents and mode. */
static void make_victim(const struct fixture *fx, char *victim, size_t size)
{
	int fd;

	snprintf(victim, size, "%s/victim", fx->dir);
	fd = open(victim, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "precious\n", 9), 9);
	close(fd);
	assert_int_equal(chmod(victim, 0640), 0);
}

static void assert_victim_intact(const char *victim)
{
	struct stat st;
	char buf[16] = { 0 };
	int fd = open(victim, O_RDONLY | O_CLOEXEC);

	assert_true(fd >= 0);
	assert_int_equal(read(fd, buf, sizeof(buf)), 9);
	close(fd);
	assert_string_equal(buf, "precious\n");
	assert_int_equal(stat(victim, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(st.st_nlink, 1);
}

/*
 * The lock file afterwards: our own regular file, one name, mode 0600 (no
 * one else can open it, so no one else can hold a lock on it).
 */
static void assert_lock_file_ours(const char *path)
{
	struct stat st;

	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_nlink, 1);
	assert_int_equal(st.st_uid, geteuid());
	assert_int_equal(st.st_mode & 07777, 0600);
}

/*
 * Root (the tool's user on a board) removes what was planted and locks a
 * file of its own; anyone else is refused. The link's target is never
 * opened, changed or locked.
 */
static void check_planted(struct fixture *fx, const char *victim, int err)
{
	struct lock l;
	pid_t holder;
	int ret = lock_acquire(&l, -1, fx->path, SHORT_TIMEOUT_MS, &holder);

	if (geteuid() == 0) {
		assert_int_equal(ret, 0);
		assert_lock_file_ours(fx->path);
		lock_release(&l);
	} else {
		assert_int_equal(ret, err);
	}
	if (victim)
		assert_victim_intact(victim);
}

static void test_planted_symlink(void **state)
{
	struct fixture *fx = *state;
	char victim[128], dangling[128];

	make_victim(fx, victim, sizeof(victim));
	assert_int_equal(symlink(victim, fx->path), 0);
	check_planted(fx, victim, -ELOOP);

	/* A dangling link: nothing may be created where it points. */
	unlink(fx->path);
	snprintf(dangling, sizeof(dangling), "%s/made-by-root", fx->dir);
	assert_int_equal(symlink(dangling, fx->path), 0);
	check_planted(fx, NULL, -ELOOP);
	assert_int_equal(access(dangling, F_OK), -1);
}

static void test_planted_hard_link(void **state)
{
	struct fixture *fx = *state;
	char victim[128];

	make_victim(fx, victim, sizeof(victim));
	assert_int_equal(link(victim, fx->path), 0);
	check_planted(fx, victim, -EMLINK);
}

/* Writable by others, or another user's: not the lock. */
static void test_planted_foreign_file(void **state)
{
	struct fixture *fx = *state;
	int fd = open(fx->path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);

	assert_true(fd >= 0);
	assert_int_equal(fchmod(fd, 0666), 0);
	close(fd);
	check_planted(fx, NULL, -EPERM);

	if (geteuid() != 0) {
		print_message("not root: another user's lock file is not tested\n");
		return;
	}
	unlink(fx->path);
	fd = open(fx->path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(fchown(fd, 65534, 65534), 0);	/* nobody */
	close(fd);
	check_planted(fx, NULL, -EPERM);
}

/*
 * A directory at the lock path (anyone may make one in /run/lock): root
 * moves it out of the way, an empty one removed, a full one renamed
 * aside with what is in it untouched; anyone else is refused.
 */
static void test_planted_directory(void **state)
{
	struct fixture *fx = *state;
	char inside[192], aside[192], moved[256];
	struct lock l;
	pid_t holder;
	int fd;

	assert_int_equal(mkdir(fx->path, 0777), 0);
	if (geteuid() != 0) {
		check_planted(fx, NULL, -EISDIR);
		print_message("not root: another user's directory is not tested\n");
		return;
	}
	/* Root's own directory there is a mistake to report, not remove. */
	assert_int_equal(lock_acquire(&l, -1, fx->path, SHORT_TIMEOUT_MS,
				      &holder), -EISDIR);
	assert_int_equal(chown(fx->path, 65534, 65534), 0);	/* nobody */
	check_planted(fx, NULL, -EISDIR);

	unlink(fx->path);
	assert_int_equal(mkdir(fx->path, 0777), 0);
	snprintf(inside, sizeof(inside), "%s/theirs", fx->path);
	fd = open(inside, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(chown(fx->path, 65534, 65534), 0);
	check_planted(fx, NULL, -EISDIR);
	snprintf(aside, sizeof(aside), "%s.planted.%ld", fx->path,
		 (long)getpid());
	snprintf(moved, sizeof(moved), "%s/theirs", aside);
	assert_int_equal(access(moved, F_OK), 0);
	assert_int_equal(unlink(moved), 0);
	assert_int_equal(rmdir(aside), 0);
}

/* A lock file left by an older version (0644) becomes private. */
static void test_old_lock_file_made_private(void **state)
{
	struct fixture *fx = *state;
	struct stat old, now;
	struct lock l;
	pid_t holder;
	int fd = open(fx->path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(fchmod(fd, 0644), 0);
	/* Kept open, as another user could have done while it was 0644. */
	assert_int_equal(fstat(fd, &old), 0);
	assert_int_equal(lock_acquire(&l, -1, fx->path, SHORT_TIMEOUT_MS,
				      &holder), 0);
	assert_lock_file_ours(fx->path);
	assert_int_equal(stat(fx->path, &now), 0);
	/* Root makes a new file: a descriptor others hold is of no use. */
	if (geteuid() == 0)
		assert_true(now.st_ino != old.st_ino);
	lock_release(&l);
	close(fd);

	/* A new one is private from the start. */
	unlink(fx->path);
	assert_int_equal(lock_acquire(&l, -1, fx->path, SHORT_TIMEOUT_MS,
				      &holder), 0);
	assert_lock_file_ours(fx->path);
	lock_release(&l);
}

/* ---- two processes ---------------------------------------------------- */

/*
 * While this process holds the lock another one times out, no sooner than
 * asked, and is told who holds it; once it is let go the other one gets it.
 */
static void test_contended_times_out_then_succeeds(void **state)
{
	static const unsigned int timeouts[] = {
		SHORT_TIMEOUT_MS, LONG_TIMEOUT_MS,
	};
	struct fixture *fx = *state;
	struct attempt a;
	struct child c;
	struct lock l;
	pid_t holder;

	assert_int_equal(lock_acquire(&l, -1, fx->path, 0, &holder), 0);
	child_start(&c, fx->path, timeouts, 2);

	child_attempt(&c, &a);
	assert_int_equal(a.ret, -ETIMEDOUT);
	assert_int_equal(a.holder, getpid());
	assert_true(a.elapsed_ms >= SHORT_TIMEOUT_MS);
	/* A timed-out wait leaves no lock file descriptor behind. */
	assert_int_equal(a.fds_after, a.fds_before);

	lock_release(&l);
	child_attempt(&c, &a);
	assert_int_equal(a.ret, 0);
	assert_int_equal(a.fds_after, a.fds_before);
	child_finish(&c);

	/* The child let go (and is gone): ours again at once. */
	assert_int_equal(lock_acquire(&l, -1, fx->path, 0, &holder), 0);
	lock_release(&l);
}

/* A waiter that is still waiting when the holder lets go gets the lock. */
static void test_waiter_gets_released_lock(void **state)
{
	static const unsigned int timeouts[] = { LONG_TIMEOUT_MS };
	struct timespec pause = { 0, 50 * 1000000L };
	struct fixture *fx = *state;
	struct attempt a;
	struct child c;
	struct lock l;
	pid_t holder;

	assert_int_equal(lock_acquire(&l, -1, fx->path, 0, &holder), 0);
	child_start(&c, fx->path, timeouts, 1);
	assert_int_equal(write(c.to_child, "g", 1), 1);
	nanosleep(&pause, NULL);
	lock_release(&l);
	assert_true(read_full(c.from_child, &a, sizeof(a)));
	assert_int_equal(a.ret, 0);
	assert_true(a.elapsed_ms < LONG_TIMEOUT_MS);
	child_finish(&c);
}

/*
 * Another loader replaces the lock file (an old or planted one) while
 * this one waits on it: the lock on the unlinked file excludes nobody,
 * so the waiter must lock the file now at the path, which is held.
 */
static void test_lock_replaced_while_waiting(void **state)
{
	static const unsigned int timeouts[] = { 2000 };
	struct timespec pause = { 0, 100 * 1000000L };
	struct fixture *fx = *state;
	struct lock old, now;
	struct attempt a;
	struct child c;
	pid_t holder;

	assert_int_equal(lock_acquire(&old, -1, fx->path, 0, &holder), 0);
	child_start(&c, fx->path, timeouts, 1);
	assert_int_equal(write(c.to_child, "g", 1), 1);
	nanosleep(&pause, NULL);
	assert_int_equal(unlink(fx->path), 0);
	assert_int_equal(lock_acquire(&now, -1, fx->path, 0, &holder), 0);
	lock_release(&old);
	assert_true(read_full(c.from_child, &a, sizeof(a)));
	assert_int_equal(a.ret, -ETIMEDOUT);
	assert_int_equal(a.holder, getpid());
	child_finish(&c);
	lock_release(&now);
}

/*
 * A lock taken on the memory file's own descriptor excludes a loader that
 * opens the same file by name, and names this process as the holder.
 */
static void test_fd_lock_excludes_path_lock(void **state)
{
	static const unsigned int timeouts[] = { 0, SHORT_TIMEOUT_MS };
	struct fixture *fx = *state;
	struct attempt a;
	struct child c;
	struct lock l;
	pid_t holder;
	/* Private, as the tool makes a lock file: else root replaces it. */
	int fd = open(fx->path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(lock_acquire(&l, fd, NULL, 0, &holder), 0);
	child_start(&c, fx->path, timeouts, 2);

	/* Timeout 0: one try, no wait. */
	child_attempt(&c, &a);
	assert_int_equal(a.ret, -ETIMEDOUT);
	assert_int_equal(a.holder, getpid());

	child_attempt(&c, &a);
	assert_int_equal(a.ret, -ETIMEDOUT);
	assert_int_equal(a.holder, getpid());
	assert_true(a.elapsed_ms >= SHORT_TIMEOUT_MS);
	child_finish(&c);

	lock_release(&l);
	close(fd);
}

/* ---- naming the holder ------------------------------------------------ */

static void test_holder_name_is_comm(void **state)
{
	char old[17] = "", now[17] = "";

	(void)state;
	/*
	 * Name ourselves, so the expected value does not depend on how the
	 * test was started (valgrind, a wrapper, a renamed binary).
	 */
	assert_int_equal(prctl(PR_GET_NAME, old, 0, 0, 0), 0);
	assert_int_equal(prctl(PR_SET_NAME, "m4fw-lock-test", 0, 0, 0), 0);
	assert_int_equal(prctl(PR_GET_NAME, now, 0, 0, 0), 0);
	assert_string_equal(lock_holder_name(getpid()), now);
	assert_string_equal(lock_holder_name(getpid()), "m4fw-lock-test");
	prctl(PR_SET_NAME, old, 0, 0, 0);
}

/* A holder that is gone by the time it is named: no name, no crash. */
static void test_holder_name_of_missing_pid(void **state)
{
	(void)state;
	/* Above any pid_max Linux allows (4194304). */
	assert_string_equal(lock_holder_name(INT_MAX), "");
}

#define FX_TEST(f) cmocka_unit_test_setup_teardown(f, fixture_setup, \
						    fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_acquire_on_fd),
		FX_TEST(test_acquire_on_path),
		FX_TEST(test_unopenable_path),
		FX_TEST(test_planted_symlink),
		FX_TEST(test_planted_hard_link),
		FX_TEST(test_planted_foreign_file),
		FX_TEST(test_planted_directory),
		FX_TEST(test_old_lock_file_made_private),
		FX_TEST(test_contended_times_out_then_succeeds),
		FX_TEST(test_waiter_gets_released_lock),
		FX_TEST(test_lock_replaced_while_waiting),
		FX_TEST(test_fd_lock_excludes_path_lock),
		cmocka_unit_test(test_holder_name_is_comm),
		cmocka_unit_test(test_holder_name_of_missing_pid),
	};

	return cmocka_run_group_tests_name("lock", tests, NULL, NULL);
}
