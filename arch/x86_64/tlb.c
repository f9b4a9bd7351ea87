/*
 * tlb.c - why no CPU uses a stale translation, without shootdown IPIs.
 *
 * Each CPU caches translations in its own TLB; a page-table change made on
 * one CPU is not seen by another's TLB until that CPU flushes (SDM vol. 3,
 * "Invalidation of TLBs and Paging-Structure Caches").  Portcullis needs
 * no interrupt to make the others flush, for two reasons:
 *
 * User half: the rule "a process's translations live only in the TLB of
 * the CPU running it".  Processes are single-threaded (no CLONE_VM), so a
 * space is active on at most one CPU; every context switch loads the next
 * process's CR3 (or the kernel's, for the idle loop: idle->vm is the
 * kernel space), and a CR3 write without PCIDs drops every non-global
 * entry.  So when a process changes its own mappings (munmap, mprotect,
 * exit), the only TLB that can hold the old ones is the one it runs on,
 * which paging.c flushes with INVLPG.  A CPU that ran the process before
 * lost those entries at its next switch.
 *
 * Kernel half: its PML4 entries never change, and the only mappings below
 * them that are ever removed are kernel stacks (kstack_free).  Kernel
 * pages are global, so CR3 writes keep them: a CPU that once ran on a
 * stack since freed may still translate its addresses to the old frames,
 * and the next stack mapped in that slot would be written through them.
 * So each kernel-half unmapping bumps a generation (under the kernel
 * lock), and each CPU compares it with the generation of its last full
 * flush every time it takes the kernel lock (kernel_lock.c): a CPU never
 * touches a kernel stack other than its running process's without the
 * lock, and the running process's stack was mapped before the CPU last
 * took the lock to switch to it.  The full flush (CR4.PGE off and on
 * again) happens only when a process has exited since: cheap.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86.h"
#include "kernel/arch.h"

/* Kernel-half unmappings so far; written with the kernel lock held. */
static volatile uint64_t kernel_unmap_generation;

void tlb_kernel_page_unmapped(void)
{
	kernel_unmap_generation++;
}

void arch_tlb_catch_up(void)
{
	struct cpu *cpu = this_cpu();
	uint64_t now = kernel_unmap_generation;
	if (cpu->tlb_generation == now)
		return;
	/* Toggling CR4.PGE flushes every entry, global ones included. */
	uint64_t cr4 = read_cr4();
	if (cr4 & CR4_PGE) {
		write_cr4(cr4 & ~CR4_PGE);
		write_cr4(cr4);
	} else {
		write_cr3(read_cr3());
	}
	cpu->tlb_generation = now;
}
