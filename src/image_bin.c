// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A raw binary (objcopy -O binary): the whole file, byte for byte, at ADDR.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "m4fw/image.h"
#include "m4fw/log.h"
#include "image_priv.h"

int image_parse_raw(struct image *img, uint32_t addr, bool m_view)
{
	struct image_segment *seg;

#if SIZE_MAX > UINT32_MAX
	/* Only where size_t is wider than 32 bits can the size not fit. */
	if (img->size > UINT32_MAX) {
		log_error("%s is too large for a 32-bit address space",
			  img->path);
		return -EINVAL;
	}
#endif
	seg = calloc(1, sizeof(*seg));
	if (!seg) {
		log_error("%s: out of memory", img->path);
		return -ENOMEM;
	}
	seg->paddr = addr;
	seg->vaddr = addr;
	seg->filesz = (uint32_t)img->size;
	seg->memsz = (uint32_t)img->size;
	seg->data = img->bytes;

	img->format = IMAGE_RAW;
	img->segs = seg;
	img->n_segs = 1;
	img->addr_is_a_view = !m_view;
	img->entry = 0;
	image_set_vector(img);
	return 0;
}
