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
		 * Eight words a turn: an eighth of the loop overhead, still one
		 * aligned volatile 32-bit store per word, in address order.
		 */
		for (; len >= 32; len -= 32, src += 32, word += 8) {
			uint32_t w0 = src_word(src), w1 = src_word(src + 4);
			uint32_t w2 = src_word(src + 8), w3 = src_word(src + 12);
			uint32_t w4 = src_word(src + 16), w5 = src_word(src + 20);
			uint32_t w6 = src_word(src + 24), w7 = src_word(src + 28);

			word[0] = w0;
			word[1] = w1;
			word[2] = w2;
			word[3] = w3;
			word[4] = w4;
			word[5] = w5;
			word[6] = w6;
			word[7] = w7;
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
		/*
		 * Eight words a turn and one branch: the differences are OR-ed
		 * and only a turn that has one is gone through again word by
		 * word, below, to find the first (reading RAM twice is harmless).
		 */
		for (; len - done >= 32; done += 32, word += 8) {
			const uint8_t *s = src + done;
			uint32_t d = word[0] ^ src_word(s);

			d |= word[1] ^ src_word(s + 4);
			d |= word[2] ^ src_word(s + 8);
			d |= word[3] ^ src_word(s + 12);
			d |= word[4] ^ src_word(s + 16);
			d |= word[5] ^ src_word(s + 20);
			d |= word[6] ^ src_word(s + 24);
			d |= word[7] ^ src_word(s + 28);
			if (d)
				break;
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
