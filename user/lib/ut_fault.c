/*
 * fault.c - run one faulting instruction, catch the signal, carry on.
 *
 * Each try_*() publishes two addresses before its instruction: where the
 * instruction is (try_fault_rip) and where the next one starts
 * (fault_resume_rip).  The catcher records what the kernel reported and
 * then "skips" the instruction by setting the saved RIP to the resume
 * address, which sigreturn loads.  A fault reports the instruction's own
 * address; a trap (int3) reports the resume address; anything else is a
 * signal from somewhere unexpected and fails the test.
 */
#include "ut.h"

volatile struct fault_record fault;

/* Written by the asm below, hence not static. */
uint64_t try_fault_rip;
uint64_t try_resume_rip;

/* Local labels: 1 is the instruction under test, 2 the one after it. */
#define PUBLISH_LABELS                         \
	"leaq 1f(%%rip), %%r11\n\t"            \
	"movq %%r11, try_fault_rip(%%rip)\n\t" \
	"leaq 2f(%%rip), %%r11\n\t"            \
	"movq %%r11, try_resume_rip(%%rip)\n\t"

static void catcher(int sig, siginfo_t *info, void *ucp)
{
	ucontext_t *uc = ucp;
	uint64_t *gregs = uc->uc_mcontext.gregs;

	fault.signo = sig;
	fault.code = info->si_code;
	fault.addr = (uint64_t)info->si_addr;
	fault.rip = gregs[REG_RIP];
	fault.err = gregs[REG_ERR];
	fault.trapno = gregs[REG_TRAPNO];
	fault.cr2 = gregs[REG_CR2];
	fault.rflags = gregs[REG_EFL];
	fault.count++;

	if (fault.rip != try_fault_rip && fault.rip != try_resume_rip)
		t_abort("unexpected signal %d at rip %p (addr %p, code %d)",
			sig, (void *)fault.rip, (void *)fault.addr, fault.code);
	gregs[REG_RIP] = try_resume_rip;
}

void catch_faults(int sig)
{
	if (install_handler(sig, catcher, 0) < 0)
		t_abort("sigaction(%d) failed", sig);
}

uint64_t fault_rip(void)
{
	return try_fault_rip;
}

uint64_t fault_resume_rip(void)
{
	return try_resume_rip;
}

void try_write32(volatile void *addr)
{
	__asm__ volatile(PUBLISH_LABELS "1: movl $1, (%0)\n2:"
			 :
			 : "r"(addr)
			 : "r11", "memory");
}

void try_read8(const volatile void *addr)
{
	__asm__ volatile(PUBLISH_LABELS "1: movb (%0), %%al\n2:"
			 :
			 : "r"(addr)
			 : "rax", "r11", "memory");
}

/* Jumps (not calls: nothing to unwind) to addr, expecting a fault there. */
void try_jump(const void *addr)
{
	__asm__ volatile("movq %0, try_fault_rip(%%rip)\n\t"
			 "leaq 2f(%%rip), %%r11\n\t"
			 "movq %%r11, try_resume_rip(%%rip)\n\t"
			 "jmp *%0\n2:"
			 :
			 : "r"(addr)
			 : "r11", "memory");
}

void try_ud2(void)
{
	__asm__ volatile(PUBLISH_LABELS "1: ud2\n2:" : : : "r11", "memory");
}

/* edx:eax / 0; the operand can't land in rax/rdx, they're clobbered. */
void try_div0(void)
{
	__asm__ volatile(PUBLISH_LABELS "1: divl %k0\n2:"
			 :
			 : "r"(0)
			 : "rax", "rdx", "r11", "memory");
}

void try_int3(void)
{
	__asm__ volatile(PUBLISH_LABELS "1: int3\n2:" : : : "r11", "memory");
}

void try_cli(void)
{
	__asm__ volatile(PUBLISH_LABELS "1: cli\n2:" : : : "r11", "memory");
}

void try_sti(void)
{
	__asm__ volatile(PUBLISH_LABELS "1: sti\n2:" : : : "r11", "memory");
}

void try_hlt(void)
{
	__asm__ volatile(PUBLISH_LABELS "1: hlt\n2:" : : : "r11", "memory");
}

/* Port 0x80 (the POST code port) is harmless to read and write. */
void try_inb_imm80(void)
{
	__asm__ volatile(PUBLISH_LABELS "1: inb $0x80, %%al\n2:"
			 :
			 :
			 : "rax", "r11", "memory");
}

void try_outb_dx(uint16_t port)
{
	__asm__ volatile(PUBLISH_LABELS "1: outb %%al, %%dx\n2:"
			 :
			 : "a"(0), "d"(port)
			 : "r11", "memory");
}
