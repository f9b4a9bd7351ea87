/*
 * syscall_setup.c - preparing a CPU to run user programs: SYSCALL/SYSRET,
 * SMEP/SMAP, and the FPU.
 *
 * MSR_STAR holds the selector bases SYSCALL and SYSRET compute CS/SS from
 * (the GDT order this forces is explained in cpu.h).  MSR_LSTAR is the
 * 64-bit entry point.  MSR_FMASK lists the RFLAGS bits SYSCALL clears:
 *   IF  - the kernel runs with interrupts off (see kernel/proc/sched.c),
 *   DF  - the C ABI requires it clear,
 *   TF  - a user single-step must not trap inside the kernel,
 *   AC  - with SMAP on, AC=1 would silently allow user-memory access,
 *   NT, IOPL - nothing of the user's may leak into ring 0.
 *
 * SMEP makes ring 0 fault when it executes a user page, SMAP when it
 * touches one outside STAC/CLAC (usercopy.asm): both turn a class of kernel
 * exploits into clean faults.  QEMU's "-cpu max" has both.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/proc_arch.h"
#include "arch/x86_64/x86.h"
#include "kernel/console.h"

void syscall_entry(void);

/* Read by usercopy.asm: STAC/CLAC exist only when SMAP does. */
uint8_t cpu_smap_enabled;

void arch_user_mode_init(void)
{
	uint32_t a, b, c, d;

	wrmsr(MSR_STAR, ((uint64_t)SEL_USER32_CODE << 48) |
			    ((uint64_t)SEL_KERNEL_CODE << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_FMASK, RFLAGS_IF | RFLAGS_DF | (1ul << 8) /* TF */ |
			     RFLAGS_AC | RFLAGS_NT | RFLAGS_IOPL_MASK);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);

	cpuid(0, 0, &a, &b, &c, &d);
	uint32_t max_leaf = a;
	bool smep = false, smap = false;
	if (max_leaf >= 7) {
		cpuid(7, 0, &a, &b, &c, &d);
		smep = b & (1u << 7);
		smap = b & (1u << 20);
	}
	uint64_t cr4 = read_cr4();
	if (smep)
		cr4 |= CR4_SMEP;
	if (smap)
		cr4 |= CR4_SMAP;
	write_cr4(cr4);
	cpu_smap_enabled = smap;

	fpu_init();
	printk(
	    "cpu: SYSCALL on, SMEP %s, SMAP %s, SSE state saved with FXSAVE\n",
	    smep ? "on" : "absent", smap ? "on" : "absent");
}
