/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copies into and comparisons with device memory (TCM, OCRAM, registers
 * mapped strongly-ordered / Device-nGnRnE). Such a mapping faults on an
 * unaligned access, and libc memcpy/memset may issue one (or DC ZVA on
 * AArch64), so these routines use only naturally aligned volatile 32-bit
 * loads and stores. A destination that starts or ends inside a word is
 * handled by read-modify-write of that word. The source is normal memory,
 * may have any alignment, and is never read past @len bytes.
 */
#ifndef M4FW_IOCOPY_H
#define M4FW_IOCOPY_H

#include <stddef.h>
#include <stdint.h>

/**
 * iocopy_to() - copy @len bytes from @src to device memory at @dst.
 * @word_base: the aligned word containing @dst (@dst may be unaligned;
 *             @dst - (uint8_t *)@word_base < 4).
 * @src: NULL writes zeros.
 */
void iocopy_to(volatile uint32_t *word_base, size_t head_offset,
	       const uint8_t *src, size_t len);

/**
 * iocopy_compare() - compare @len bytes of device memory, starting
 * @head_offset bytes into @word_base, with @src (zeros when NULL).
 *
 * Return: the byte offset from the start of the range of the first word
 * that differs, or (size_t)-1 when all bytes match.
 */
size_t iocopy_compare(const volatile uint32_t *word_base, size_t head_offset,
		      const uint8_t *src, size_t len);

/**
 * iocopy_from() - copy @len bytes of device memory, starting @head_offset
 * bytes into @word_base, to @dst with aligned 32-bit reads only.
 */
void iocopy_from(const volatile uint32_t *word_base, size_t head_offset,
		 uint8_t *dst, size_t len);

#endif /* M4FW_IOCOPY_H */
