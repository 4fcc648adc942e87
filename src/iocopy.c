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
		/*
		 * Four words a turn: a quarter of the loop overhead, still one
		 * aligned volatile 32-bit store per word, in address order.
		 */
		for (; len >= 16; len -= 16, src += 16, word += 4) {
			uint32_t w0 = src_word(src), w1 = src_word(src + 4);
			uint32_t w2 = src_word(src + 8), w3 = src_word(src + 12);

			word[0] = w0;
			word[1] = w1;
			word[2] = w2;
			word[3] = w3;
		}
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
	if (src) {
		/* Four words a turn and one branch, as in iocopy_to(). */
		for (; len - done >= 16; done += 16, word += 4) {
			uint32_t d0 = word[0] ^ src_word(src + done);
			uint32_t d1 = word[1] ^ src_word(src + done + 4);
			uint32_t d2 = word[2] ^ src_word(src + done + 8);
			uint32_t d3 = word[3] ^ src_word(src + done + 12);

			if (d0 | d1 | d2 | d3)
				return done + (d0 ? 0 : d1 ? 4 : d2 ? 8 : 12);
		}
		for (; len - done >= 4; done += 4, word++)
			if (*word != src_word(src + done))
				return done;
	} else {
		for (; len - done >= 4; done += 4, word++)
			if (*word)
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
