// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench_spawn: run one command and report its wall time and rusage.
 *
 *   bench_spawn [-e ERRFILE] -- PROG [ARG]...
 *
 * PROG runs with standard input and output on /dev/null and standard
 * error in ERRFILE (default /dev/null). One line goes to standard output:
 *   status=N wall_ns=N maxrss_kib=N utime_us=N stime_us=N minflt=N majflt=N
 * status is the exit code, or 128 + the signal that killed PROG.
 *
 * Why not measure from the Python driver directly: Linux folds the
 * high-water RSS of the memory a process had before exec into its
 * ru_maxrss, and a child forked (or vforked) from the driver starts with
 * the driver's tens of MiB. This program is small, so a child forked from
 * it reports its own peak.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t tv_us(struct timeval tv)
{
	return (uint64_t)tv.tv_sec * 1000000ull + (uint64_t)tv.tv_usec;
}

/* Open @path on @fd exactly, and nothing else left open. */
static int open_on(int fd, const char *path, int flags)
{
	int tmp = open(path, flags, 0644);

	if (tmp < 0)
		return -1;
	if (tmp != fd) {
		if (dup2(tmp, fd) < 0)
			return -1;
		close(tmp);
	}
	return 0;
}

/* In the child: redirect, then exec; never returns. */
static void child(const char *err_path, char **argv)
{
	if (open_on(0, "/dev/null", O_RDONLY) ||
	    open_on(1, "/dev/null", O_WRONLY) ||
	    open_on(2, err_path, O_WRONLY | O_CREAT | O_TRUNC))
		_exit(126);
	execv(argv[0], argv);
	_exit(127);
}

static int usage(void)
{
	fprintf(stderr, "usage: bench_spawn [-e ERRFILE] -- PROG [ARG]...\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *err_path = "/dev/null";
	struct rusage ru;
	uint64_t t0, t1;
	int opt, status, code;
	pid_t pid;

	while ((opt = getopt(argc, argv, "+e:")) != -1) {
		if (opt != 'e')
			return usage();
		err_path = optarg;
	}
	if (optind >= argc)
		return usage();

	t0 = now_ns();
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "bench_spawn: fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0)
		child(err_path, argv + optind);
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "bench_spawn: wait4: %s\n",
				strerror(errno));
			return 1;
		}
	}
	t1 = now_ns();

	code = WIFEXITED(status) ? WEXITSTATUS(status) :
	       128 + WTERMSIG(status);
	printf("status=%d wall_ns=%llu maxrss_kib=%ld utime_us=%llu stime_us=%llu minflt=%ld majflt=%ld\n",
	       code, (unsigned long long)(t1 - t0), ru.ru_maxrss,
	       (unsigned long long)tv_us(ru.ru_utime),
	       (unsigned long long)tv_us(ru.ru_stime), ru.ru_minflt,
	       ru.ru_majflt);
	return 0;
}
