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

static char last_error[1024];

const char *log_last_message(void)
{
	return last_error;
}

/*
 * A file name or a sysfs string may hold a newline or an escape sequence:
 * control characters are written as \xHH so that one message stays one
 * line and cannot drive the terminal.
 */
static void write_line(const char *line)
{
	char out[4 * 1024 + 2];
	size_t k = 0;

	for (const unsigned char *p = (const unsigned char *)line;
	     *p && k + 5 < sizeof(out); p++) {
		if (*p < 0x20 || *p == 0x7f)
			k += (size_t)snprintf(out + k, sizeof(out) - k,
					      "\\x%02x", *p);
		else
			out[k++] = (char)*p;
	}
	out[k++] = '\n';
	/* Nothing to do if stderr is gone: the run goes on. */
	(void)fwrite(out, 1, k, stderr);
}

static void log_line(const char *tag, bool is_error, const char *fmt,
		     va_list ap) __attribute__((format(printf, 3, 0)));

static void log_line(const char *tag, bool is_error, const char *fmt,
		     va_list ap)
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
	if (is_error)
		snprintf(last_error, sizeof(last_error), "%s", line + n);
	write_line(line);
}

void log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line("", true, fmt, ap);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	va_list ap;

	if (!log_level_enabled(LOG_NORMAL))
		return;
	va_start(ap, fmt);
	log_line("warning: ", false, fmt, ap);
	va_end(ap);
}

void log_notice(const char *fmt, ...)
{
	va_list ap;

	if (!log_level_enabled(LOG_NORMAL))
		return;
	va_start(ap, fmt);
	log_line("", false, fmt, ap);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	if (!log_level_enabled(LOG_VERBOSE))
		return;
	va_start(ap, fmt);
	log_line("", false, fmt, ap);
	va_end(ap);
}

void log_access(const char *fmt, ...)
{
	va_list ap;

	if (!log_level_enabled(LOG_ACCESS))
		return;
	va_start(ap, fmt);
	log_line("", false, fmt, ap);
	va_end(ap);
}
