/*
 * trap_report.c - the exception report: everything a student needs to find
 * the bug, in a fixed order that docs/trap-reports.md describes line by
 * line.
 *
 * It is printed from an exception handler, possibly on the #DF stack after
 * the kernel stack overflowed, so it allocates nothing, takes no lock and
 * reads memory only through the checked backtrace walker.
 */
#include "arch/x86_64/tss.h"
#include "arch/x86_64/trap_report.h"
#include "arch/x86_64/x86.h"
#include "kernel/console.h"
#include "kernel/ksym.h"
#include "kernel/mm/mm.h"

static void report_rip(uint64_t rip, bool user)
{
	uint64_t off;
	const char *name = user ? 0 : ksym_lookup(rip, &off);

	printk("RIP=0x%016lx", (unsigned long)rip);
	if (name)
		printk(" <%s+0x%lx>\n", name, (unsigned long)off);
	else
		printk(" <%s>\n", user ? "user code" : "?");
}

static void report_registers(const struct trap_frame *tf)
{
	const struct {
		const char *name;
		uint64_t value;
	} regs[] = {
	    {"RAX", tf->rax}, {"RBX", tf->rbx}, {"RCX", tf->rcx},
	    {"RDX", tf->rdx}, {"RSI", tf->rsi}, {"RDI", tf->rdi},
	    {"RBP", tf->rbp}, {"R8 ", tf->r8},	{"R9 ", tf->r9},
	    {"R10", tf->r10}, {"R11", tf->r11}, {"R12", tf->r12},
	    {"R13", tf->r13}, {"R14", tf->r14}, {"R15", tf->r15},
	};

	for (unsigned i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		printk("%s=0x%016lx%s", regs[i].name,
		       (unsigned long)regs[i].value, i % 3 == 2 ? "\n" : " ");
}

/* For #DF: the most common kernel double fault is a stack overflow.  The
 * push that hit the guard page faulted, and delivering that #PF needed
 * the same stack, so the #PF could not be delivered.  CR2 is the address
 * of that push; the saved RSP is just above the guard. */
static void report_double_fault(const struct trap_frame *tf, uint64_t cr2)
{
	printk(
	    "Double fault: the CPU raised an exception while delivering an\n"
	    "  earlier one (e.g. a #PF while pushing the frame of a #PF, or a\n"
	    "  #NP for a missing gate while delivering #DE).  RIP and RSP are\n"
	    "  those of the instruction that raised the first exception (the\n"
	    "  SDM calls them undefined).  This report runs on the IST%d stack.\n",
	    IST_DOUBLE_FAULT);
	if (kstack_is_guard(cr2) || kstack_is_guard(tf->rsp) ||
	    kstack_is_guard(tf->rsp - 8)) {
		printk(
		    "KERNEL STACK OVERFLOW: RSP=0x%016lx CR2=0x%016lx reached a kernel stack's guard page\n",
		    (unsigned long)tf->rsp, (unsigned long)cr2);
		printk(
		    "  (look for deep or unbounded recursion, or a big local array, in the backtrace)\n");
	} else {
		printk(
		    "Not a stack overflow: neither RSP nor CR2 is in a guard page.\n  Check the IDT gate, the TSS and the stack the first exception needed.\n");
	}
}

void trap_report(const struct trap_frame *tf)
{
	/* CR2 first: a fault inside the report would overwrite it. */
	uint64_t cr2 = read_cr2();
	unsigned v = (unsigned)tf->vector;
	bool user = trap_from_user(tf);

	printk("\nEXCEPTION %s %s (vector %u) in %s mode\n", trap_mnemonic(v),
	       trap_name(v), v, user ? "user" : "kernel");
	printk("Meaning: %s\n", trap_hint(v));
	report_error_code(tf, cr2);
	if (v == VEC_DF)
		report_double_fault(tf, cr2);

	report_rip(tf->rip, user);
	report_selector("CS", tf->cs);
	printk(" ");
	report_selector("SS", tf->ss);
	printk("\nRSP=0x%016lx ", (unsigned long)tf->rsp);
	report_rflags(tf->rflags);
	printk("\n");
	report_registers(tf);
	printk("CR0=0x%016lx CR2=0x%016lx\nCR3=0x%016lx CR4=0x%016lx\n",
	       (unsigned long)read_cr0(), (unsigned long)cr2,
	       (unsigned long)read_cr3(), (unsigned long)read_cr4());

	if (user)
		printk(
		    "Backtrace: none (the kernel does not walk user stacks)\n");
	else
		backtrace_from(tf->rip, tf->rbp);
	printk("END OF EXCEPTION REPORT %s (vector %u)\n", trap_mnemonic(v), v);
}
