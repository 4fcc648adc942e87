// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Diagnostics to stderr, one line each, "m4fwloader: " first.
 */
#include <stdarg.h>
#include <stdio.h>

#include "m4fw/log.h"

static enum log_level current_level = LOG_NORMAL;
static bool muted;

void log_mute(bool mute)
{
	muted = mute;
}

void log_set_level(enum log_level level)
{
	current_level = level;
}

bool log_level_enabled(enum log_level level)
{
	return current_level >= level;
}

static void log_line(const char *tag, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static void log_line(const char *tag, const char *fmt, va_list ap)
{
	/* Build the line first so that it reaches stderr in one write. */
	char line[1024];
	int n;

	if (muted)
		return;
	n = snprintf(line, sizeof(line), M4FW_PROG ": %s", tag);
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	fprintf(stderr, "%s\n", line);
}

void log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line("", fmt, ap);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	va_list ap;

	if (!log_level_enabled(LOG_NORMAL))
		return;
	va_start(ap, fmt);
	log_line("warning: ", fmt, ap);
	va_end(ap);
}

void log_notice(const char *fmt, ...)
{
	va_list ap;

	if (!log_level_enabled(LOG_NORMAL))
		return;
	va_start(ap, fmt);
	log_line("", fmt, ap);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	if (!log_level_enabled(LOG_VERBOSE))
		return;
	va_start(ap, fmt);
	log_line("", fmt, ap);
	va_end(ap);
}

void log_access(const char *fmt, ...)
{
	va_list ap;

	if (!log_level_enabled(LOG_ACCESS))
		return;
	va_start(ap, fmt);
	log_line("", fmt, ap);
	va_end(ap);
}
