// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Minimal Cortex-M start-up code for the m4fwloader test images.
 *
 * The vector table goes to the section ".isr_vector", which every linker
 * script in ../ld places first in its first PT_LOAD. Its size mirrors the
 * vendor SDKs: 16 system words plus NR_IRQS interrupt words, i.e. 0x240
 * bytes on the Cortex-M4 parts (128 IRQs) and 0x400 bytes on the i.MX8MP
 * Cortex-M7 (240 IRQs); that is why a ".resource_table" linked right after
 * the vectors sits at offset 0x240 or 0x400, as in MCUXpresso images.
 *
 * The reset handler does what vendor start-up code does and nothing more:
 * point VTOR at this table (the core booted from the copy at M address 0,
 * which the loader may have written with SP and PC only), copy .data from
 * its load address to its run address, zero .bss, call main().
 */

#include <stdint.h>

#ifndef NR_IRQS
#define NR_IRQS		128
#endif

#define SCB_VTOR	((volatile uint32_t *)0xE000ED08u)

/* Provided by the linker script. */
extern uint32_t __StackTop[];
extern uint32_t __data_load__[];
extern uint32_t __data_start__[];
extern uint32_t __data_end__[];
extern uint32_t __bss_start__[];
extern uint32_t __bss_end__[];

int main(void);

void reset_handler(void);
void nmi_handler(void);
void hard_fault_handler(void);
void default_handler(void);

struct vector_table {
	uint32_t *initial_sp;
	void (*handler[15 + NR_IRQS])(void);
};

__attribute__((section(".isr_vector"), used))
const struct vector_table vectors = {
	.initial_sp = __StackTop,
	.handler = {
		[0] = reset_handler,		/* exception 1 */
		[1] = nmi_handler,		/* 2 */
		[2] = hard_fault_handler,	/* 3 */
		[3] = default_handler,		/* 4: MemManage */
		[4] = default_handler,		/* 5: BusFault */
		[5] = default_handler,		/* 6: UsageFault */
		/* 7-10: reserved, left 0 */
		[10] = default_handler,		/* 11: SVCall */
		[11] = default_handler,		/* 12: DebugMon */
		/* 13: reserved */
		[13] = default_handler,		/* 14: PendSV */
		[14] = default_handler,		/* 15: SysTick */
		[15 ... 15 + NR_IRQS - 1] = default_handler,
	},
};

void reset_handler(void)
{
	/*
	 * volatile: keep GCC from turning the loops into memcpy()/memset()
	 * calls, which do not exist in this -nostdlib build.
	 */
	volatile uint32_t *dst;
	const uint32_t *src;

	*SCB_VTOR = (uint32_t)&vectors;

	/* Toradex-style images link .data at its run address: no copy. */
	src = __data_load__;
	if (src != __data_start__)
		for (dst = __data_start__; dst < __data_end__; dst++)
			*dst = *src++;

	for (dst = __bss_start__; dst < __bss_end__; dst++)
		*dst = 0;

	main();

	for (;;)
		;
}

void nmi_handler(void)
{
	for (;;)
		;
}

void hard_fault_handler(void)
{
	for (;;)
		;
}

void default_handler(void)
{
	for (;;)
		;
}
