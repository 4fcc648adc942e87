// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * JSON output helpers. Names from sysfs and the device tree are not
 * trusted to be printable: control characters are escaped.
 */
#include "m4fw/json.h"

void json_str(FILE *out, const char *s)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

void json_hex(FILE *out, uint64_t v)
{
	fprintf(out, "\"0x%08llx\"", (unsigned long long)v);
}
