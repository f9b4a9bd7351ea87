/*
 * selftest_traps.c - selftests that raise an exception on purpose, so that
 * the host (tests/guest/test_traps.py) and students in the labs can see
 * each kind of exception report.  Each one is a kernel bug on purpose: the
 * report is printed and the kernel stops with the panic exit.  If the
 * exception does NOT happen, the test returns false and the runner prints
 * FAIL.
 *
 * The faulting instruction is written in inline assembly, so that the
 * compiler can neither drop it as undefined behaviour nor move it out of
 * the test function whose name the report must show.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trap.h"
#include "kernel/console.h"
#include "kernel/selftest.h"
#include "kernel/selftest_list.h"

bool selftest_de(void)
{
	printk("selftest: dividing by zero (expect #DE)\n");
	__asm__ volatile("xor %%ecx, %%ecx\n\t"
			 "div %%ecx"
			 :
			 :
			 : "rax", "rcx", "rdx", "memory");
	return false;
}

bool selftest_ud(void)
{
	printk("selftest: executing ud2 (expect #UD)\n");
	__asm__ volatile("ud2" ::: "memory");
	return false;
}

bool selftest_gp(void)
{
	/* The lowest non-canonical address: bit 47 set, bits 63:48 clear.
	 * The CPU refuses it before any paging lookup: #GP(0). */
	uint64_t addr = 0x0000800000000000ull;

	printk(
	    "selftest: reading non-canonical address 0x%lx (expect #GP(0))\n",
	    (unsigned long)addr);
	__asm__ volatile("mov (%0), %0" : "+r"(addr) : : "memory");
	return false;
}

bool selftest_gp_selector(void)
{
	/* A TSS descriptor is a system descriptor, not a data segment, so
	 * loading its selector into DS raises #GP with that selector as the
	 * error code. */
	uint16_t sel = SEL_TSS;

	printk(
	    "selftest: loading the TSS selector 0x%x into DS (expect #GP(0x%x))\n",
	    sel, sel);
	__asm__ volatile("mov %0, %%ds" : : "r"(sel) : "memory");
	return false;
}

bool selftest_pf(void)
{
	/* Nothing is mapped this low once mm_init has dropped the boot
	 * identity map (user space starts empty). */
	uint64_t addr = 0xdead000;

	printk("selftest: writing to unmapped address 0x%lx (expect #PF)\n",
	       (unsigned long)addr);
	__asm__ volatile("movq $0x1234, (%0)" : : "r"(addr) : "memory");
	return false;
}

bool selftest_bp(void)
{
	printk("selftest: executing int3 in kernel mode (expect #BP)\n");
	__asm__ volatile("int3" ::: "memory");
	return false;
}

bool selftest_df(void)
{
	/* Delivering #DE needs gate 0; without it the CPU raises #NP while
	 * delivering #DE.  Both are "contributory" exceptions, and a
	 * contributory exception during the delivery of another is a double
	 * fault (Intel SDM vol. 3, table 6-5). */
	printk(
	    "selftest: removing the #DE gate, then dividing by zero (expect #DF)\n");
	idt_set_present(VEC_DE, false);
	__asm__ volatile("xor %%ecx, %%ecx\n\t"
			 "div %%ecx"
			 :
			 :
			 : "rax", "rcx", "rdx", "memory");
	idt_set_present(VEC_DE, true);
	return false;
}

/* Volatile so that the compiler cannot prove the recursion endless (and
 * warn, or turn it into a loop). */
static volatile unsigned recursion_limit = ~0u;

static unsigned __attribute__((noinline)) selftest_stack_recurse(unsigned depth)
{
	char pad[256];

	pad[0] = (char)depth;
	/* The array must really be on the stack, and stay live across the
	 * call, so the call cannot become a jump (no tail call). */
	__asm__ volatile("" : : "r"(pad) : "memory");
	if (depth == recursion_limit)
		return depth;
	unsigned r = selftest_stack_recurse(depth + 1);
	__asm__ volatile("" : : "r"(pad) : "memory");
	return r + (unsigned)pad[0];
}

bool selftest_stack(void)
{
	/* Each level takes ~300 bytes of a 16 KiB stack; the push that
	 * reaches the guard page faults, the CPU cannot push the #PF frame
	 * either, and the #DF arrives on the IST1 stack. */
	printk(
	    "selftest: recursing until the kernel stack overflows (expect #DF: kernel stack overflow)\n");
	unsigned depth = selftest_stack_recurse(0);
	/* Unreachable; printing the result also keeps gcc from cloning the
	 * function into a "selftest_stack_recurse.isra.0" without one. */
	printk("selftest: the recursion returned at depth %u\n", depth);
	return false;
}
