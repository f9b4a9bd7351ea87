/*
 * test_exit.c - leaving QEMU with a result: the isa-debug-exit device.
 *
 * run-qemu.sh --test adds "-device isa-debug-exit,iobase=0xf4,iosize=0x04"
 * and the "testexit" kernel option.  A write of value v to port 0xf4 makes
 * QEMU exit with status (v << 1) | 1.  On a real PC port 0xf4 may belong to
 * something else, so without "testexit" we never touch it and just halt.
 * QEMU handles the write asynchronously under TCG, so halt after writing.
 */
#include "arch/x86_64/x86.h"
#include "kernel/arch.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"

#define DEBUG_EXIT_PORT 0xf4

bool arch_test_exit_available(void)
{
	return cmdline_has("testexit");
}

void arch_test_exit(unsigned code)
{
	cli();
	if (arch_test_exit_available()) {
		/* Emulators without isa-debug-exit (Bochs) learn the outcome
		 * from this line; "xchg bx, bx" is Bochs's magic breakpoint,
		 * which its runner turns into "quit", and a no-op anywhere
		 * else. */
		printk("testexit: code 0x%x\n", code);
		outl(DEBUG_EXIT_PORT, code);
		__asm__ volatile("xchg %%bx, %%bx" ::: "memory");
	}
	for (;;)
		hlt();
}

void arch_halt_forever(void)
{
	cli();
	for (;;)
		hlt();
}
