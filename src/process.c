// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The process itself, before anything else is opened: standard
 * descriptors that exist, and the signals that must never end a run.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "cli.h"

/*
 * A descriptor 0, 1 or 2 that is closed would be handed out by the next
 * open(): the memory file or /dev/mem would become stdout or stderr and
 * every log line would be written into physical memory at address 0.
 */
static int fill_standard_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		int nfd;

		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		nfd = open("/dev/null", fd ? O_WRONLY : O_RDONLY);
		if (nfd < 0)
			return -errno;
		if (nfd != fd) {
			/* A lower descriptor was closed too: fill in order. */
			close(nfd);
			return -EBADF;
		}
	}
	return 0;
}

/*
 * SIGPIPE (stdout piped into head) and SIGXFSZ (ulimit -f) would end a
 * load half-way, the core held and the image half-written: ignored, the
 * write fails with EPIPE or EFBIG instead and the run goes on. SIGTTOU and
 * SIGTTIN would stop a background run in the middle of the sequence:
 * ignored, its terminal writes go through and reads fail with EIO.
 * SIGINT, SIGTERM and SIGHUP keep their meaning (cli_execute() turns them
 * into "stop with the core held" while memory is being written).
 */
static void ignore_signals(void)
{
	static const int sigs[] = { SIGPIPE, SIGXFSZ, SIGTTOU, SIGTTIN };
	struct sigaction sa = { .sa_handler = SIG_IGN };

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

int process_harden(void)
{
	ignore_signals();
	return fill_standard_fds() ? EXIT_MEM : EXIT_OK;
}
