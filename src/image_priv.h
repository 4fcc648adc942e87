/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by the image readers; not part of the module's interface. */
#ifndef M4FW_IMAGE_PRIV_H
#define M4FW_IMAGE_PRIV_H

#include "m4fw/image.h"

/* Set has_vector, sp and pc from the first segment that has file bytes. */
void image_set_vector(struct image *img);

#endif /* M4FW_IMAGE_PRIV_H */
