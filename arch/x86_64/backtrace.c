/*
 * backtrace.c - frame-pointer backtraces that never fault.
 *
 * The kernel is built with -fno-omit-frame-pointer, so every function
 * starts with "push rbp; mov rbp, rsp".  RBP then points at a two-word
 * record: [rbp] = the caller's RBP, [rbp + 8] = the return address into
 * the caller.  Following the [rbp] links visits every caller in turn, up
 * to kmain, whose saved RBP is the 0 that boot/entry64.asm put there.
 *
 * Limits students should know:
 *   - A fault in a function's first instruction, before its "push rbp",
 *     leaves RBP pointing at the caller's record, so the caller of the
 *     faulting function is missing from the trace.
 *   - A return address points AFTER its call instruction; when the call
 *     was the last instruction of a function (a call to a noreturn
 *     function), it points at the next function.  So return addresses are
 *     looked up one byte earlier; the address printed is the true one.
 *
 * A backtrace is printed when something already went wrong, so RBP may be
 * garbage.  Before reading a record we check that it is 8-byte aligned, lies
 * where kernel stacks live (the kernel image, PHYSMAP or the kernel-stack
 * area: never user memory) and that both its words are mapped, by walking
 * the page tables ourselves.  A fault here, inside an exception report on
 * the #DF stack, would be a triple fault: a reset with no message at all.
 */
#include "arch/x86_64/trap.h"
#include "arch/x86_64/x86.h"
#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/ksym.h"
#include "kernel/mm/mm.h"

#define BACKTRACE_MAX_FRAMES 1024 /* records followed */
#define BACKTRACE_MAX_LINES  32	  /* lines printed */

#define PTE_P	 (1ull << 0)
#define PTE_PS	 (1ull << 7) /* a 1 GiB (PDPT) or 2 MiB (PD) page */
#define PTE_ADDR 0x000ffffffffff000ull

/* linker.ld */
extern const char __kernel_end[];

/* Whether va has a present translation in the current address space.
 * Relies on the mm invariant that every page-table frame is reachable
 * through PHYSMAP. */
static bool is_mapped(uint64_t va)
{
	uint64_t table = read_cr3() & PTE_ADDR;

	for (int level = 3; level >= 0; level--) {
		unsigned index = (va >> (12 + 9 * level)) & 511;
		uint64_t entry = ((const uint64_t *)phys_to_virt(table))[index];
		if (!(entry & PTE_P))
			return false;
		if (level == 0 ||
		    ((level == 1 || level == 2) && (entry & PTE_PS)))
			return true;
		table = entry & PTE_ADDR;
	}
	return false;
}

/* Whether the 16-byte frame record at addr may be read. */
static bool record_readable(uint64_t addr)
{
	if (addr & 7)
		return false;
	bool in_image = addr >= KERNEL_VMA &&
			addr + 16 <= (uint64_t)(uintptr_t)__kernel_end;
	bool in_physmap_or_stacks = addr >= PHYSMAP_BASE && addr < KERNEL_VMA;
	if (!in_image && !in_physmap_or_stacks)
		return false;
	return is_mapped(addr) && is_mapped(addr + 15);
}

struct walk {
	unsigned lines;
	uint64_t last;	  /* the last address printed */
	unsigned repeats; /* how often it came again, not yet printed */
};

static void flush_repeats(struct walk *w)
{
	if (w->repeats && w->lines <= BACKTRACE_MAX_LINES)
		printk("      ... the frame above repeats %u more times\n",
		       w->repeats);
	w->repeats = 0;
}

/* exact: addr is the instruction itself (a trapped RIP), not a return
 * address. */
static void print_entry(struct walk *w, uint64_t addr, bool exact)
{
	/* Deep recursion (a stack overflow) would otherwise fill the
	 * screen with one line and push the outer callers out of the
	 * bounded output. */
	if (w->lines && addr == w->last && !exact) {
		w->repeats++;
		return;
	}
	flush_repeats(w);
	w->last = addr;
	if (w->lines++ >= BACKTRACE_MAX_LINES)
		return;

	uint64_t off;
	uint64_t where = exact ? addr : addr - 1;
	const char *name = ksym_lookup(where, &off);
	if (name)
		printk("  #%-2u 0x%016lx <%s+0x%lx>\n", w->lines - 1,
		       (unsigned long)addr, name,
		       (unsigned long)(exact ? off : off + 1));
	else
		printk("  #%-2u 0x%016lx <?>\n", w->lines - 1,
		       (unsigned long)addr);
}

static void walk_from(struct walk *w, uint64_t rbp)
{
	bool trap_record = false;

	for (unsigned n = 0; n < BACKTRACE_MAX_FRAMES; n++) {
		if (rbp == 0) {
			flush_repeats(w);
			printk("  (end of the chain: saved RBP is 0)\n");
			return;
		}
		if (!record_readable(rbp)) {
			flush_repeats(w);
			printk(
			    "  (stopped: RBP=0x%016lx is not a readable kernel stack address)\n",
			    (unsigned long)rbp);
			return;
		}
		const uint64_t *record = (const uint64_t *)(uintptr_t)rbp;
		uint64_t next = record[0], ret = record[1];

		if (trap_record) {
			/* trap_common's fake record: the struct trap_frame
			 * follows it, and ret is the interrupted RIP. */
			const struct trap_frame *tf =
			    (const void *)(uintptr_t)(rbp + 16);
			flush_repeats(w);
			if (!record_readable(
				(uint64_t)(uintptr_t)&tf->vector) ||
			    !record_readable((uint64_t)(uintptr_t)&tf->rip)) {
				printk(
				    "  (stopped: the trap frame at 0x%016lx is unreadable)\n",
				    (unsigned long)(rbp + 16));
				return;
			}
			printk("  -- %s (vector %lu) interrupted %s mode:\n",
			       trap_mnemonic((unsigned)tf->vector),
			       (unsigned long)tf->vector,
			       trap_from_user(tf) ? "user" : "kernel");
			if (trap_from_user(tf)) {
				/* User memory is never read here. */
				printk("  #%-2u 0x%016lx <user code>\n",
				       w->lines++, (unsigned long)ret);
				printk(
				    "  (end of the kernel part: the user stack is not walked)\n");
				return;
			}
		}
		print_entry(w, ret, trap_record);

		/* Callers' records lie higher on the same stack; only a trap
		 * may continue on another stack (an IST stack, or the stack of
		 * the interrupted code). */
		if (!trap_record && next <= rbp && next != 0) {
			flush_repeats(w);
			printk(
			    "  (stopped: the next RBP 0x%016lx is not above this one)\n",
			    (unsigned long)next);
			return;
		}
		trap_record = ret == (uint64_t)(uintptr_t)trap_return_site;
		rbp = next;
	}
	flush_repeats(w);
	printk("  (stopped after %u frames)\n", BACKTRACE_MAX_FRAMES);
}

void backtrace_from(uint64_t rip, uint64_t rbp)
{
	struct walk w = {0};

	printk("Backtrace (innermost first):\n");
	print_entry(&w, rip, true);
	walk_from(&w, rbp);
	if (w.lines > BACKTRACE_MAX_LINES)
		printk("  (%u more lines not shown)\n",
		       w.lines - BACKTRACE_MAX_LINES);
}

void arch_backtrace_here(void)
{
	struct walk w = {0};

	/* Our own record: its return address is our caller. */
	printk("Backtrace (innermost first):\n");
	walk_from(&w, read_rbp());
	if (w.lines > BACKTRACE_MAX_LINES)
		printk("  (%u more lines not shown)\n",
		       w.lines - BACKTRACE_MAX_LINES);
}
