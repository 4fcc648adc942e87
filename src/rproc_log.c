// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel log around a remoteproc start: a mark before "start" is
 * written, then the remoteproc lines logged since, quoted, with the likely
 * fix for what they say.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "m4fw/rproc_backend.h"
#include "rproc_priv.h"

#define LOG_TAIL_BYTES (32u << 10)
#define LOG_QUOTE_LINES 3

/*
 * One log line as a message: "pri,seq,usec,flags;text" (/dev/kmsg) or
 * "[  12.345678] text" (dmesg). Continuation lines of a kmsg record start
 * with a space; they are not messages. Return: the text, or NULL.
 */
static const char *log_message(const char *line, long long *seq)
{
	const char *semi, *s = line;
	char *end;
	long long v;

	*seq = -1;
	if (*line == ' ' || *line == '\0')
		return NULL;
	if (isdigit((unsigned char)*s)) {
		semi = strchr(s, ';');
		s = strchr(s, ',');
		if (semi && s && s < semi) {
			v = strtoll(s + 1, &end, 10);
			if (end > s + 1 && *end == ',') {
				*seq = v;
				return semi + 1;
			}
		}
		return line;
	}
	if (*line == '[') {
		s = strstr(line, "] ");
		if (s)
			return s + 2;
	}
	return line;
}

/* Call @fn on each line of @text (cut in place at the newlines). */
static void log_each_line(char *text,
			  void (*fn)(const char *line, size_t index, void *arg),
			  void *arg)
{
	size_t index = 0;

	for (char *line = text; *line; index++) {
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		fn(line, index, arg);
		if (!nl)
			break;
		line = nl + 1;
	}
}

static void mark_line(const char *line, size_t index, void *arg)
{
	struct rproc_log_mark *m = arg;
	long long seq;

	log_message(line, &seq);
	if (seq > m->seq)
		m->seq = seq;
	m->lines = index + 1;
}

void rproc_log_mark_take(const struct rproc *rp, struct rproc_log_mark *m)
{
	char path[PATH_BYTES];
	char *buf = malloc(LOG_TAIL_BYTES);

	m->seq = -1;
	m->lines = 0;
	if (!buf)
		return;
	rproc_path(rp, RPROC_KMSG, path, sizeof(path));
	if (rp->ops->read_log(rp->ops->ctx, path, buf, LOG_TAIL_BYTES) == 0)
		log_each_line(buf, mark_line, m);
	free(buf);
}

struct log_collect {
	const struct rproc_log_mark *mark;
	char quote[LOG_QUOTE_LINES][200];
	size_t n_quote;		/* lines seen; the last LOG_QUOTE_LINES kept */
	char all[4096];		/* every new remoteproc line, for the hint */
	size_t all_len;
};

static void collect_line(const char *line, size_t index, void *arg)
{
	struct log_collect *c = arg;
	const char *msg;
	long long seq;
	size_t n;

	msg = log_message(line, &seq);
	if (!msg)
		return;
	if (seq >= 0 ? seq <= c->mark->seq : index < c->mark->lines)
		return;
	if (!strstr(msg, "remoteproc") && !strstr(msg, "rproc"))
		return;
	rproc_strfmt(c->quote[c->n_quote % LOG_QUOTE_LINES], sizeof(c->quote[0]),
		     "%s", msg);
	c->n_quote++;
	n = strlen(msg);
	if (c->all_len + n + 2 < sizeof(c->all)) {
		memcpy(c->all + c->all_len, msg, n);
		c->all_len += n;
		c->all[c->all_len++] = '\n';
		c->all[c->all_len] = '\0';
	}
}

/*
 * The remoteproc lines logged since @mark, the last few joined with " | "
 * into @quote, and the likely fix into @hint ("" when none is known).
 */
void rproc_log_explain(const struct rproc *rp,
		       const struct rproc_log_mark *mark,
		       bool no_rsc_table, char *quote, size_t qsize,
		       char *hint, size_t hsize)
{
	struct log_collect *c = calloc(1, sizeof(*c));
	char path[PATH_BYTES];
	char *buf = malloc(LOG_TAIL_BYTES);
	const char *h;
	size_t len, first;
	int ret = -ENOMEM;

	quote[0] = '\0';
	hint[0] = '\0';
	rproc_path(rp, RPROC_KMSG, path, sizeof(path));
	if (c && buf)
		ret = rp->ops->read_log(rp->ops->ctx, path, buf,
					LOG_TAIL_BYTES);
	if (ret) {
		rproc_strfmt(quote, qsize, "kernel log not readable (%s): see dmesg",
			     strerror(-ret));
		goto out;
	}
	c->mark = mark;
	log_each_line(buf, collect_line, c);
	if (!c->n_quote) {
		rproc_strfmt(quote, qsize, "no remoteproc lines in the kernel log");
		goto out;
	}
	first = c->n_quote > LOG_QUOTE_LINES ? c->n_quote - LOG_QUOTE_LINES : 0;
	len = (size_t)snprintf(quote, qsize, "kernel log: ");
	for (size_t i = first; i < c->n_quote && len < qsize; i++)
		len += (size_t)snprintf(quote + len, qsize - len, "%s%s",
					i > first ? " | " : "",
					c->quote[i % LOG_QUOTE_LINES]);
	h = rproc_explain_log(c->all, no_rsc_table);
	if (h)
		rproc_strfmt(hint, hsize, "%s", h);
out:
	free(buf);
	free(c);
}

static const char hint_no_rsc[] =
	"this image has no .resource_table: kernels before 5.13 refuse it; add an empty version-1 table in its own section";

static const struct {
	const char *pattern;
	const char *hint;
} log_hints[] = {
	{ "bad phdr da",
	  "a segment lies outside the memory the kernel's imx_rproc table allows (m4fwloader inspect shows which)" },
	{ "Failed to find resource table", hint_no_rsc },
	{ "Direct firmware load",
	  "the firmware file was not found by the kernel's firmware loader" },
	{ "request_firmware failed",
	  "the firmware file was not found by the kernel's firmware loader" },
	{ "Boot failed: -2\n",
	  "the firmware file was not found by the kernel's firmware loader" },
	{ "bad magic", "the kernel did not find an ELF image in the file" },
	{ "Failed to process resources",
	  "the resource table asks for memory or mailboxes that the device tree does not give the driver (memory-region, mboxes)" },
	{ "Failed to find loaded resource table", hint_no_rsc },
	{ "can't start rproc",
	  "the driver could not release the core (clock, reset controller or secure firmware)" },
};

const char *rproc_explain_log(const char *log, bool no_rsc_table)
{
	for (size_t i = 0; i < sizeof(log_hints) / sizeof(log_hints[0]); i++)
		if (strstr(log, log_hints[i].pattern))
			return log_hints[i].hint;
	/* Before 5.13 a missing table is "Boot failed: -22" and nothing else. */
	if (no_rsc_table && strstr(log, "Boot failed: -22"))
		return hint_no_rsc;
	if (strstr(log, "Boot failed: -22"))
		return "the kernel refused the image (m4fwloader inspect explains what it checks)";
	return NULL;
}

