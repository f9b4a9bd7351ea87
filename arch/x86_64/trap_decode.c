/*
 * trap_decode.c - turning the numbers in a trap frame into words.
 *
 * Exception names and meanings follow the Intel SDM vol. 3, chapter 6
 * ("Interrupt and Exception Handling"); error-code formats follow its
 * section "Error Code" (the selector format) and chapter 4, "Page-Fault
 * Exceptions" (the #PF format).  Every decoded line names the bit as the
 * SDM does, so a student can look it up.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trap_report.h"
#include "kernel/console.h"
#include "kernel/mm/mm.h"

struct trap_info {
	const char *mnemonic;
	const char *name;
	const char *hint;
};

static const struct trap_info exceptions[NUM_EXCEPTIONS] = {
    {"#DE", "Divide Error",
     "DIV/IDIV by zero, or a quotient too big for its register"},
    {"#DB", "Debug",
     "a debug-register breakpoint or a single step (RFLAGS.TF)"},
    {"NMI", "Non-Maskable Interrupt",
     "a hardware error or watchdog signalled on the NMI pin"},
    {"#BP", "Breakpoint",
     "an int3 instruction; #BP is a trap, so RIP is the instruction after it"},
    {"#OF", "Overflow",
     "INTO with RFLAGS.OF set (INTO does not exist in 64-bit code)"},
    {"#BR", "BOUND Range Exceeded",
     "BOUND failed (BOUND does not exist in 64-bit code)"},
    {"#UD", "Invalid Opcode",
     "the CPU cannot execute the instruction at RIP (UD2 raises this on purpose)"},
    {"#NM", "Device Not Available",
     "an x87/SSE instruction while CR0.TS or CR0.EM is set"},
    {"#DF", "Double Fault",
     "an exception occurred while the CPU was delivering another one"},
    {"#CSO", "Coprocessor Segment Overrun",
     "never raised by CPUs after the 386"},
    {"#TS", "Invalid TSS",
     "a bad TSS or TSS-related selector during a task switch or gate use"},
    {"#NP", "Segment Not Present",
     "a segment descriptor or an IDT gate whose P bit is 0"},
    {"#SS", "Stack-Segment Fault",
     "a stack access at a non-canonical address, or a bad SS load"},
    {"#GP", "General Protection",
     "a protection check failed (see the error code below)"},
    {"#PF", "Page Fault",
     "no translation for the address in CR2, or one forbidding this access"},
    {"#RES", "Reserved Vector 15",
     "Intel reserves this vector; no CPU raises it"},
    {"#MF", "x87 Floating-Point Error",
     "an unmasked x87 floating-point exception"},
    {"#AC", "Alignment Check",
     "a misaligned access in ring 3 with CR0.AM and RFLAGS.AC set"},
    {"#MC", "Machine Check",
     "the CPU detected a hardware error (see the machine-check MSRs)"},
    {"#XM", "SIMD Floating-Point Exception",
     "an unmasked SSE floating-point exception"},
    {"#VE", "Virtualization Exception",
     "an EPT violation reported to the guest"},
    {"#CP", "Control Protection",
     "a CET violation: shadow-stack mismatch or missing ENDBRANCH"},
    {"#RES", "Reserved Vector 22", "Intel reserves this vector"},
    {"#RES", "Reserved Vector 23", "Intel reserves this vector"},
    {"#RES", "Reserved Vector 24", "Intel reserves this vector"},
    {"#RES", "Reserved Vector 25", "Intel reserves this vector"},
    {"#RES", "Reserved Vector 26", "Intel reserves this vector"},
    {"#RES", "Reserved Vector 27", "Intel reserves this vector"},
    {"#HV", "Hypervisor Injection",
     "AMD SEV-SNP: the hypervisor injected an event"},
    {"#VC", "VMM Communication",
     "AMD SEV-ES: an instruction needs the hypervisor"},
    {"#SX", "Security Exception",
     "AMD: a security-sensitive event (e.g. INIT redirection)"},
    {"#RES", "Reserved Vector 31", "Intel reserves this vector"},
};

const char *trap_mnemonic(unsigned vector)
{
	return vector < NUM_EXCEPTIONS ? exceptions[vector].mnemonic : "IRQ";
}

const char *trap_name(unsigned vector)
{
	return vector < NUM_EXCEPTIONS ? exceptions[vector].name : "Interrupt";
}

const char *trap_hint(unsigned vector)
{
	return vector < NUM_EXCEPTIONS ? exceptions[vector].hint
				       : "a hardware interrupt";
}

bool trap_has_error_code(unsigned vector)
{
	switch (vector) {
	case VEC_DF:
	case VEC_TS:
	case VEC_NP:
	case VEC_SS:
	case VEC_GP:
	case VEC_PF:
	case VEC_AC:
	case VEC_CP:
	case 29:
	case 30:
		return true;
	default:
		return false;
	}
}

/* Our GDT's slots (the layout is explained in cpu.h). */
static const char *gdt_slot_name(unsigned index)
{
	static const char *const names[GDT_ENTRIES] = {
	    "null",	   "kernel code",
	    "kernel data", "unused 32-bit user code",
	    "user data",   "user code",
	    "TSS",	   "TSS (upper half)",
	};
	return index < GDT_ENTRIES ? names[index] : "beyond the GDT limit";
}

void report_selector(const char *reg, uint64_t selector)
{
	unsigned sel = (unsigned)(selector & 0xffff);

	printk("%s=0x%04x (", reg, sel);
	if ((sel & ~3u) == 0)
		printk("null");
	else if (sel & 4)
		printk("LDT index %u: we have no LDT", sel >> 3);
	else
		printk("GDT index %u: %s", sel >> 3, gdt_slot_name(sel >> 3));
	printk(", RPL %u)", sel & 3);
}

void report_rflags(uint64_t rflags)
{
	/* Bit positions from the SDM's EFLAGS figure; bits 1, 3, 5, 15 and
	 * 22-63 are reserved (bit 1 always reads 1). */
	static const struct {
		unsigned bit;
		const char *name;
	} flags[] = {
	    {0, "CF"},	{2, "PF"},   {4, "AF"},	  {6, "ZF"},
	    {7, "SF"},	{8, "TF"},   {9, "IF"},	  {10, "DF"},
	    {11, "OF"}, {14, "NT"},  {16, "RF"},  {17, "VM"},
	    {18, "AC"}, {19, "VIF"}, {20, "VIP"}, {21, "ID"},
	};

	printk("RFLAGS=0x%016lx [", (unsigned long)rflags);
	for (unsigned i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (rflags & (1ul << flags[i].bit))
			printk("%s ", flags[i].name);
	printk("IOPL=%lu]", (unsigned long)((rflags >> 12) & 3));
}

/* The format of #TS, #NP, #SS and #GP error codes (and #DF's, always 0). */
static void decode_selector_error(const struct trap_frame *tf)
{
	uint64_t e = tf->error_code;
	unsigned index = (unsigned)((e >> 3) & 0x1fff);

	printk("Error code 0x%04lx, selector format:\n", (unsigned long)e);
	if (e == 0) {
		if (tf->vector == VEC_DF)
			printk(
			    "  #DF always pushes 0: there is nothing to decode\n");
		else if (tf->vector == VEC_GP)
			printk(
			    "  0 = no selector is to blame; look at the instruction at RIP.\n"
			    "  Usual causes: a non-canonical address (bits 63:47 not all\n"
			    "  equal), a privileged instruction, a reserved bit written to a\n"
			    "  control register or MSR\n");
		else
			printk(
			    "  0 = no selector is to blame (e.g. a non-canonical stack address)\n");
		return;
	}
	printk(
	    "  EXT=%lu  %s\n", (unsigned long)(e & 1),
	    e & 1
		? "external: raised while delivering an interrupt or earlier exception"
		: "the program's own instruction caused it");
	if (e & 2) {
		printk("  IDT=1  the index is an IDT gate: vector %u (0x%x)",
		       index, index);
		if (trap_vector_has_gate(index))
			printk(", %s %s\n", trap_mnemonic(index),
			       trap_name(index));
		else if (index < 256)
			printk(
			    ", which has no gate (only 0-%u and %u are installed)\n",
			    LAPIC_TIMER_VECTOR, LAPIC_SPURIOUS_VECTOR);
		else
			printk(
			    "\n  (there are only 256 vectors: QEMU's TCG encodes vector * 16 + 2 in\n  64-bit mode, where the SDM says vector * 8 + 2; then this is vector %u)\n",
			    index / 2);
		return;
	}
	printk("  IDT=0  the index is a segment selector\n");
	printk("  TI=%lu   %s\n", (unsigned long)((e >> 2) & 1),
	       e & 4 ? "in the LDT (we have none)" : "in the GDT");
	printk("  index=%u (selector 0x%04x)", index, index << 3);
	if (!(e & 4))
		printk(": %s", gdt_slot_name(index));
	printk("\n");
}

/* The page-fault error code (SDM vol. 3, "Page-Fault Exceptions"). */
static void decode_pf_error(uint64_t e, uint64_t cr2)
{
	bool present = e & 1, write = e & 2, user = e & 4, fetch = e & 16;

	printk("Error code 0x%04lx, page-fault format:\n", (unsigned long)e);
	printk(
	    "  P=%d     %s\n", present,
	    present
		? "protection violation: the page is mapped, the access is not allowed"
		: "not-present: no valid translation for the address");
	printk("  W/R=%d   %s\n", write,
	       write ? "write: the access was a write"
		     : "read: the access was a read");
	printk("  U/S=%d   %s\n", user,
	       user ? "user: the access was made in user mode (CPL 3)"
		    : "supervisor: the access was made in kernel mode");
	printk(
	    "  RSVD=%d  %s\n", (int)((e >> 3) & 1),
	    e & 8
		? "a reserved bit is set in a paging entry (corrupted page table)"
		: "no reserved bit set in the paging entries");
	printk("  I/D=%d   %s\n", fetch,
	       fetch ? "instruction fetch (NX or SMEP)" : "data access");
	if (e & 32)
		printk("  PK=1    protection-key violation (PKRU/PKRS)\n");
	if (e & 64)
		printk("  SS=1    shadow-stack access\n");
	if (e & (1u << 15))
		printk("  SGX=1   SGX access-control violation\n");
	printk("  -> a %s-mode %s %s a %s page\n", user ? "user" : "supervisor",
	       fetch   ? "instruction fetch"
	       : write ? "write"
		       : "read",
	       fetch   ? "from"
	       : write ? "to"
		       : "from",
	       present ? "protected" : "not-present");
	printk("CR2=0x%016lx (the address that was accessed)\n",
	       (unsigned long)cr2);
	if (cr2 < PAGE_SIZE)
		printk(
		    "  CR2 is in page 0: almost certainly a NULL pointer dereference\n");
	else if (kstack_is_guard(cr2))
		printk(
		    "  CR2 is in a kernel stack's guard page: a kernel stack overflow\n");
}

/* Control-protection (#CP) error codes (SDM vol. 1, CET chapter). */
static void decode_cp_error(uint64_t e)
{
	static const char *const causes[] = {
	    "?",
	    "NEAR-RET: RET address differs from the shadow stack",
	    "FAR-RET/IRET: return address differs from the shadow stack",
	    "ENDBRANCH: indirect branch to an instruction without ENDBR",
	    "RSTORSSP: bad shadow-stack restore token",
	    "SETSSBSY: bad supervisor shadow-stack token",
	};
	unsigned cause = (unsigned)(e & 0x7fff);

	printk("Error code 0x%04lx, control-protection format:\n",
	       (unsigned long)e);
	printk("  cause %u: %s%s\n", cause,
	       cause < sizeof(causes) / sizeof(causes[0]) ? causes[cause] : "?",
	       e & (1u << 15) ? " (inside an SGX enclave)" : "");
}

void report_error_code(const struct trap_frame *tf, uint64_t cr2)
{
	unsigned v = (unsigned)tf->vector;

	if (!trap_has_error_code(v)) {
		printk("Error code: none (vector %u pushes none)\n", v);
		return;
	}
	switch (v) {
	case VEC_PF:
		decode_pf_error(tf->error_code, cr2);
		break;
	case VEC_DF:
	case VEC_TS:
	case VEC_NP:
	case VEC_SS:
	case VEC_GP:
		decode_selector_error(tf);
		break;
	case VEC_CP:
		decode_cp_error(tf->error_code);
		break;
	default: /* #AC (always 0), #VC (an exit code), #SX */
		printk("Error code 0x%lx\n", (unsigned long)tf->error_code);
		break;
	}
}
