/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Diagnostics: one line each on stderr, prefixed "m4fwloader: ".
 * Results never go through here; they are printed to stdout by the caller.
 */
#ifndef M4FW_LOG_H
#define M4FW_LOG_H

#include <stdbool.h>

enum log_level {
	LOG_QUIET = -1,	/* -q: errors only */
	LOG_NORMAL = 0,	/* errors, warnings, notices */
	LOG_VERBOSE = 1,	/* -v: what is done */
	LOG_ACCESS = 2,	/* -vv: every register and memory access */
};

#define M4FW_PROG "m4fwloader"

/** log_set_level() - choose how much goes to stderr. */
void log_set_level(enum log_level level);

/**
 * log_mute() - while @mute, nothing at all reaches stderr, errors
 * included: watch judges a file that may still be being written, and only
 * a file that stays broken deserves its error lines.
 */
void log_mute(bool mute);

/** log_level_enabled() - true when messages of @level are printed. */
bool log_level_enabled(enum log_level level);

/**
 * log_last_message() - the text of the last error line, without the
 * prefix; "" when none. For outputs
 * that repeat the reason, such as inspect --json.
 */
const char *log_last_message(void);

/** log_error() - an error; always printed. */
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** log_warn() - a warning; suppressed by -q. */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** log_notice() - something the user should know; suppressed by -q. */
void log_notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** log_info() - what is done, with -v. */
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** log_access() - one register or memory access, with -vv. */
void log_access(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* M4FW_LOG_H */
