/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The few JSON pieces the reports print (one object per line, no library). */
#ifndef M4FW_JSON_H
#define M4FW_JSON_H

#include <stdint.h>
#include <stdio.h>

/**
 * json_str() - @s as a JSON string, quoted and escaped; NULL is null.
 * Valid UTF-8 is copied; control characters, \" and \\ are escaped, and
 * each byte outside valid UTF-8 becomes \u00XX (RFC 8259 whatever the bytes).
 */
void json_str(FILE *out, const char *s);

/** json_hex() - "0x%08x" as a JSON string (addresses stay readable). */
void json_hex(FILE *out, uint64_t v);

#endif /* M4FW_JSON_H */
