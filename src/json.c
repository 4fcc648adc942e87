// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * JSON output helpers. Names from sysfs, the device tree and file names
 * are not trusted to be printable, nor UTF-8: the output is RFC 8259
 * whatever the bytes (the escaping is documented in the man page, JSON).
 */
#include "m4fw/json.h"

/*
 * The length of the valid UTF-8 sequence at @s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0.
 */
static size_t utf8_len(const unsigned char *s)
{
	size_t n;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;	/* also stops at the NUL */
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

void json_str(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	while (*p) {
		size_t n = utf8_len(p);

		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f || n == 0)
			/* A byte outside UTF-8 stands for itself: U+00XX. */
			fprintf(out, "\\u%04x", *p);
		else
			(void)fwrite(p, 1, n, out);
		p += n ? n : 1;
	}
	fputc('"', out);
}

void json_hex(FILE *out, uint64_t v)
{
	fprintf(out, "\"0x%08llx\"", (unsigned long long)v);
}
