// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Aligned 32-bit copies into device memory. See iocopy.h for why.
 */
#include <stdbool.h>
#include <string.h>

#include "m4fw/iocopy.h"

/*
 * Bytes to word and back through memcpy on normal memory: this keeps the
 * bytes in memory order whatever the host's endianness, and lets the
 * compiler use a plain (unaligned-capable) load for the source.
 */
static inline uint32_t src_word(const uint8_t *src)
{
	uint32_t w;

	memcpy(&w, src, sizeof(w));
	return w;
}

/* Merge @n bytes of @src (zeros if NULL) into @old at byte @offset. */
static uint32_t merge_bytes(uint32_t old, size_t offset, const uint8_t *src,
			    size_t n)
{
	uint8_t b[4];

	memcpy(b, &old, sizeof(b));
	if (src)
		memcpy(b + offset, src, n);
	else
		memset(b + offset, 0, n);
	memcpy(&old, b, sizeof(old));
	return old;
}

void iocopy_to(volatile uint32_t *word, size_t head_offset,
	       const uint8_t *src, size_t len)
{
	size_t n;

	if (len == 0)
		return;
	/* A partial first word: read-modify-write. */
	if (head_offset) {
		n = 4 - head_offset;
		if (n > len)
			n = len;
		*word = merge_bytes(*word, head_offset, src, n);
		word++;
		if (src)
			src += n;
		len -= n;
	}
	if (src) {
		for (; len >= 4; len -= 4, src += 4)
			*word++ = src_word(src);
	} else {
		for (; len >= 4; len -= 4)
			*word++ = 0;
	}
	/* A partial last word: read-modify-write, never reading past @src. */
	if (len)
		*word = merge_bytes(*word, 0, src, len);
}

/* Compare the first @n bytes of @dev (at @offset) with @src or zeros. */
static bool bytes_match(uint32_t dev, size_t offset, const uint8_t *src,
			size_t n)
{
	uint8_t b[4];

	memcpy(b, &dev, sizeof(b));
	if (src)
		return memcmp(b + offset, src, n) == 0;
	for (size_t i = 0; i < n; i++)
		if (b[offset + i])
			return false;
	return true;
}

size_t iocopy_compare(const volatile uint32_t *word, size_t head_offset,
		      const uint8_t *src, size_t len)
{
	size_t done = 0, n;

	if (len == 0)
		return (size_t)-1;
	if (head_offset) {
		n = 4 - head_offset;
		if (n > len)
			n = len;
		if (!bytes_match(*word, head_offset, src, n))
			return 0;
		word++;
		done = n;
	}
	for (; len - done >= 4; done += 4, word++) {
		uint32_t expect = src ? src_word(src + done) : 0;

		if (*word != expect)
			return done;
	}
	if (len > done && !bytes_match(*word, 0, src ? src + done : NULL,
				       len - done))
		return done;
	return (size_t)-1;
}

void iocopy_from(const volatile uint32_t *word, size_t head_offset,
		 uint8_t *dst, size_t len)
{
	uint32_t w;
	size_t n;

	if (len == 0)
		return;
	if (head_offset) {
		n = 4 - head_offset;
		if (n > len)
			n = len;
		w = *word++;
		memcpy(dst, (uint8_t *)&w + head_offset, n);
		dst += n;
		len -= n;
	}
	for (; len >= 4; len -= 4, dst += 4) {
		w = *word++;
		memcpy(dst, &w, sizeof(w));
	}
	if (len) {
		w = *word;
		memcpy(dst, &w, len);
	}
}
