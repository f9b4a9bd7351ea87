/*
 * user_fault.c - a CPU exception in ring 3 becomes a signal.
 *
 * An exception raised by user code is the process's problem, not the
 * kernel's: a divide by zero, a null pointer, an OUT to a port it may not
 * use.  Linux turns each one into a signal with a matching si_code, and so
 * do we, so that a handler (or a debugger) sees what it would see on Linux:
 *
 *   #DE                 SIGFPE   FPE_INTDIV        si_addr = rip
 *   #MF #XM             SIGFPE   from the FPU's flags  si_addr = rip
 *   #UD                 SIGILL   ILL_ILLOPN        si_addr = rip
 *   #NM                 SIGILL   ILL_COPROC        (CR0.TS is never set,
 *                                                   so this means trouble)
 *   #DB                 SIGTRAP  TRAP_TRACE (a single step)
 *   #BP                 SIGTRAP  SI_KERNEL, as Linux reports int3
 *   #AC                 SIGBUS   BUS_ADRALN        si_addr = rip
 *   #PF                 SIGSEGV  SEGV_MAPERR (page not present) or
 *                                SEGV_ACCERR (present, access refused),
 *                                si_addr = CR2, the address touched
 *   #GP #SS #NP #TS     SIGSEGV  SI_KERNEL, si_addr = 0: the CPU gives no
 *   and all others               address (Linux sends SIGBUS for #NP and
 *                                #SS; we keep them all SIGSEGV)
 *
 * Three vectors are not the process's doing even when they interrupt
 * ring 3: an NMI (ignored, with a line in the log), a double fault and a
 * machine check (the machine is in trouble: report and panic).
 *
 * We also write the kill report's description now, while the registers
 * and the faulting instruction are at hand (docs/kill-report.md).  For a
 * #GP we read the instruction at RIP: if it is port I/O (or CLI/STI/HLT),
 * the report says which port and width were refused.
 */
#include <stdarg.h>

#include "arch/x86_64/fpu.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/user_fault_decode.h"
#include "arch/x86_64/x86.h"
#include "kernel/console.h"
#include "kernel/exec/exec.h"
#include "kernel/format.h"
#include "kernel/io/iobitmap.h"
#include "kernel/lib/string.h"
#include "kernel/mm/mm.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/signal.h"
#include "kernel/proc/uaccess.h"

/* SIGFPE's si_code for #MF/#XM, from the flags in the live FPU registers
 * (FXSAVE does not trigger pending x87 exceptions, so this is safe). */
static int float_si_code(unsigned vector)
{
	struct fpu_state fpu;
	uint16_t fcw, fsw;
	uint32_t mxcsr;
	unsigned errors;

	fpu_save(&fpu);
	memcpy(&fcw, fpu.bytes + 0, sizeof(fcw));
	memcpy(&fsw, fpu.bytes + 2, sizeof(fsw));
	memcpy(&mxcsr, fpu.bytes + 24, sizeof(mxcsr));
	errors = vector == VEC_MF ? x87_unmasked_errors(fsw, fcw)
				  : mxcsr_unmasked_errors(mxcsr);
	int code = fpu_exception_si_code(errors);
	return code ? code : SI_KERNEL; /* no unmasked flag: say "kernel" */
}

static void classify(const struct trap_frame *tf, struct fault_info *fi)
{
	fi->addr = tf->rip;
	switch (tf->vector) {
	case VEC_DE:
		fi->signo = SIGFPE;
		fi->code = FPE_INTDIV;
		break;
	case VEC_MF:
	case VEC_XM:
		fi->signo = SIGFPE;
		fi->code = float_si_code((unsigned)tf->vector);
		break;
	case VEC_UD:
		fi->signo = SIGILL;
		fi->code = ILL_ILLOPN;
		break;
	case VEC_NM:
		fi->signo = SIGILL;
		fi->code = ILL_COPROC;
		break;
	case VEC_DB:
		fi->signo = SIGTRAP;
		fi->code = TRAP_TRACE;
		break;
	case VEC_BP:
		fi->signo = SIGTRAP;
		fi->code = SI_KERNEL;
		break;
	case VEC_AC:
		fi->signo = SIGBUS;
		fi->code = BUS_ADRALN;
		break;
	case VEC_PF:
		fi->signo = SIGSEGV;
		fi->code = (tf->error_code & 1) ? SEGV_ACCERR : SEGV_MAPERR;
		fi->addr = fi->cr2;
		break;
	default:
		fi->signo = SIGSEGV;
		fi->code = SI_KERNEL;
		fi->addr = 0;
		break;
	}
}

/* Up to X86_MAX_INSN_LEN bytes of code at rip; fewer when the next page
 * is unreadable (an instruction may end right before it).  0 when even
 * the first byte is unreadable. */
static size_t read_user_code(uint64_t rip, uint8_t *buf)
{
	size_t first = PAGE_SIZE - (rip & (PAGE_SIZE - 1));

	if (first > X86_MAX_INSN_LEN)
		first = X86_MAX_INSN_LEN;
	if (copy_from_user(buf, rip, first))
		return 0;
	if (first == X86_MAX_INSN_LEN ||
	    copy_from_user(buf + first, rip + first, X86_MAX_INSN_LEN - first))
		return first;
	return X86_MAX_INSN_LEN;
}

/* Appends to a NUL-terminated buffer, truncating at its end. */
static void append(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t size, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used + 1 >= size)
		return;
	va_start(ap, fmt);
	kvsnprintf(buf + used, size - used, fmt, ap);
	va_end(ap);
}

/* ": outb to port 0x3f8 denied (reason)" for a #GP on a privileged
 * instruction; nothing when the bytes at RIP are something else. */
static void describe_denied_insn(const struct trap_frame *tf, char *buf,
				 size_t size)
{
	uint8_t code[X86_MAX_INSN_LEN];
	struct priv_insn insn;
	char words[48];

	size_t len = read_user_code(tf->rip, code);
	if (!priv_insn_decode(code, len, &insn))
		return;
	unsigned port = priv_insn_port(&insn, tf->rdx);
	priv_insn_describe(&insn, port, words, sizeof(words));
	append(buf, size, ": %s denied", words);
	if (priv_insn_is_port_io(&insn)) {
		const char *why =
		    iobitmap_deny_reason(proc_current(), port, insn.width);
		if (why)
			append(buf, size, " (%s)", why);
	}
}

static void describe(const struct trap_frame *tf, struct fault_info *fi)
{
	unsigned vector = (unsigned)tf->vector;
	char *d = fi->desc;

	d[0] = '\0';
	append(d, FAULT_DESC_MAX, "%s %s, error 0x%lx", trap_mnemonic(vector),
	       trap_name(vector), (unsigned long)tf->error_code);
	if (vector == VEC_PF) {
		char words[64];
		page_fault_error_describe(tf->error_code, words, sizeof(words));
		append(d, FAULT_DESC_MAX, " (%s), address 0x%lx", words,
		       (unsigned long)fi->cr2);
	}
	append(d, FAULT_DESC_MAX, ", at rip 0x%lx", (unsigned long)tf->rip);
	/* Refused port I/O, CLI, STI and HLT all give #GP with error 0; a
	 * nonzero error code names a selector, so it is something else. */
	if (vector == VEC_GP && tf->error_code == 0)
		describe_denied_insn(tf, d, FAULT_DESC_MAX);
}

void trap_user_exception(struct trap_frame *tf)
{
	/* First: a fault while reading the instruction below (a page fault
	 * the copy routine recovers from) would overwrite CR2. */
	uint64_t cr2 = tf->vector == VEC_PF ? read_cr2() : 0;
	struct fault_info fi;

	switch (tf->vector) {
	case VEC_NMI:
		printk(
		    "NMI while pid %d ran in user mode (rip 0x%lx); ignored\n",
		    proc_current()->pid, (unsigned long)tf->rip);
		return;
	case VEC_DF:
	case VEC_MC:
		trap_report(tf);
		panic("%s in user mode: the machine cannot go on",
		      trap_mnemonic((unsigned)tf->vector));
	}

	/* The user stack grows down on demand: a not-present fault in its
	 * growth area maps the pages and retries the instruction. */
	if (tf->vector == VEC_PF && !(tf->error_code & PF_ERROR_PRESENT) &&
	    exec_stack_grow(proc_current(), cr2))
		return;

	/* iobitmap=fault: the first port access after a switch faults on
	 * purpose; the map is loaded now and the instruction retried. */
	if (tf->vector == VEC_GP && tf->error_code == 0 &&
	    iobitmap_first_fault(proc_current()))
		return;

	memset(&fi, 0, sizeof(fi));
	fi.trapno = tf->vector;
	fi.error = tf->error_code;
	fi.cr2 = cr2;
	classify(tf, &fi);
	describe(tf, &fi);
	/* The signal is acted on at the return to ring 3 (the core's
	 * proc_return_to_user_work): the default action kills with the
	 * report, a handler gets a frame built from fi. */
	signal_from_fault(&fi);
}
