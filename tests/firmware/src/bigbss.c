// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A 24 KiB zero-initialised buffer, linked only into imx6sx_tcm: it makes
 * that image's .bss large, as in the NXP FreeRTOS BSP images for i.MX6SX
 * whose data PT_LOAD (load address in TCML) has a memsz that runs past the
 * end of TCML.
 */

#include <stdint.h>

uint32_t fw_big_buffer[24 * 1024 / sizeof(uint32_t)];
