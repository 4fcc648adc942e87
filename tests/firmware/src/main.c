// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A trivial firmware body. What matters to the loader tests is the data:
 * fw_pattern is initialised data with distinct non-zero words, so a .data
 * PT_LOAD is never all zeroes and a test can find it in memory (at the load
 * address, or at the run address after start-up), and fw_result /
 * fw_heartbeat live in .bss. Both are volatile so that the compiler keeps
 * the code that reads .data and writes .bss before the endless loop.
 */

#include <stdint.h>

uint32_t fw_pattern[8] = {
	0x4d344657,	/* "WF4M": little-endian "M4FW" */
	0x11223344,
	0x55667788,
	0x99aabbcc,
	0xddeeff01,
	0x13579bdf,
	0x2468ace0,
	0xc0ffee42,
};

volatile uint32_t fw_result;
volatile uint32_t fw_heartbeat;

int main(void)
{
	uint32_t sum = 0;
	unsigned int i;

	for (i = 0; i < sizeof(fw_pattern) / sizeof(fw_pattern[0]); i++)
		sum = (sum << 1 | sum >> 31) ^ fw_pattern[i];
	fw_result = sum;

	for (;;)
		fw_heartbeat++;

	return 0;
}
