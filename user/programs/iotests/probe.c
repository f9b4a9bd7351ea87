/*
 * probe.c - run one port instruction, survive the #GP, report the outcome
 * (see probe.h).
 *
 * Before each instruction under test we publish two addresses: where the
 * instruction is (probe_insn_rip) and where the next one starts
 * (probe_resume_rip).  A refused IN/OUT is a fault, so the kernel reports
 * the instruction's own address in the signal frame; the handler checks
 * that it is the published one, records what the kernel said and sets the
 * saved RIP to the resume address, which rt_sigreturn then loads.  A
 * SIGSEGV anywhere else is a genuine crash: we say so and exit.
 *
 * The DX and string forms are inline assembly with local labels 1: (the
 * instruction) and 2: (after it).  The immediate forms need one
 * instruction per port and live in probe_imm.asm.
 */
#include <stdio.h>
#include <string.h>

#include "probe.h"
#include "ut.h"

volatile struct io_fault io_fault;
volatile uint8_t probe_buf[PROBE_BUF_BYTES];

/* Read and written by the asm below and the handler, hence global. */
volatile uint64_t probe_insn_rip;
volatile uint64_t probe_resume_rip;

/* Exit status of a process that took a SIGSEGV outside any probe. */
#define STRAY_FAULT_EXIT 98

#define PUBLISH_LABELS                          \
	"leaq 1f(%%rip), %%r11\n\t"             \
	"movq %%r11, probe_insn_rip(%%rip)\n\t" \
	"leaq 2f(%%rip), %%r11\n\t"             \
	"movq %%r11, probe_resume_rip(%%rip)\n\t"

static void on_sigsegv(int sig, siginfo_t *info, void *ucp)
{
	ucontext_t *uc = ucp;
	uint64_t *gregs = uc->uc_mcontext.gregs;

	if (gregs[REG_RIP] != probe_insn_rip) {
		printf("  iotests: pid %ld: signal %d at rip %p outside any "
		       "probe (trap %lu, error %lu)\n",
		       sys_getpid(), sig, (void *)gregs[REG_RIP],
		       (unsigned long)gregs[REG_TRAPNO],
		       (unsigned long)gregs[REG_ERR]);
		sys_exit_group(STRAY_FAULT_EXIT);
	}
	io_fault.signo = sig;
	io_fault.code = info->si_code;
	io_fault.addr = (uint64_t)info->si_addr;
	io_fault.rip = gregs[REG_RIP];
	io_fault.trapno = gregs[REG_TRAPNO];
	io_fault.err = gregs[REG_ERR];
	io_fault.count++;
	gregs[REG_RIP] = probe_resume_rip;
}

void probe_init(void)
{
	if (install_handler(SIGSEGV, on_sigsegv, 0) < 0) {
		printf("  iotests: sigaction(SIGSEGV) failed\n");
		sys_exit_group(STRAY_FAULT_EXIT);
	}
}

/* ---- the DX forms ------------------------------------------------------ */

static void dx_in(unsigned port, unsigned width)
{
	uint16_t dx = (uint16_t)port;

	if (width == 1)
		__asm__ volatile(PUBLISH_LABELS "1: inb %%dx, %%al\n2:"
				 :
				 : "d"(dx)
				 : "rax", "r11", "memory");
	else if (width == 2)
		__asm__ volatile(PUBLISH_LABELS "1: inw %%dx, %%ax\n2:"
				 :
				 : "d"(dx)
				 : "rax", "r11", "memory");
	else
		__asm__ volatile(PUBLISH_LABELS "1: inl %%dx, %%eax\n2:"
				 :
				 : "d"(dx)
				 : "rax", "r11", "memory");
}

static void dx_out(unsigned port, unsigned width)
{
	uint16_t dx = (uint16_t)port;

	if (width == 1)
		__asm__ volatile(PUBLISH_LABELS "1: outb %%al, %%dx\n2:"
				 :
				 : "a"(0), "d"(dx)
				 : "r11", "memory");
	else if (width == 2)
		__asm__ volatile(PUBLISH_LABELS "1: outw %%ax, %%dx\n2:"
				 :
				 : "a"(0), "d"(dx)
				 : "r11", "memory");
	else
		__asm__ volatile(PUBLISH_LABELS "1: outl %%eax, %%dx\n2:"
				 :
				 : "a"(0), "d"(dx)
				 : "r11", "memory");
}

/* ---- the string forms: two items each, so REP really repeats ---------- */

static void string_in(unsigned port, unsigned width)
{
	uint16_t dx = (uint16_t)port;
	volatile uint8_t *dst = probe_buf;
	unsigned long count = 2;

	if (width == 1)
		__asm__ volatile(PUBLISH_LABELS "1: rep insb\n2:"
				 : "+D"(dst), "+c"(count)
				 : "d"(dx)
				 : "r11", "memory");
	else if (width == 2)
		__asm__ volatile(PUBLISH_LABELS "1: rep insw\n2:"
				 : "+D"(dst), "+c"(count)
				 : "d"(dx)
				 : "r11", "memory");
	else
		__asm__ volatile(PUBLISH_LABELS "1: rep insl\n2:"
				 : "+D"(dst), "+c"(count)
				 : "d"(dx)
				 : "r11", "memory");
}

static void string_out(unsigned port, unsigned width)
{
	uint16_t dx = (uint16_t)port;
	const volatile uint8_t *src = probe_buf;
	unsigned long count = 2;

	if (width == 1)
		__asm__ volatile(PUBLISH_LABELS "1: rep outsb\n2:"
				 : "+S"(src), "+c"(count)
				 : "d"(dx)
				 : "r11", "memory");
	else if (width == 2)
		__asm__ volatile(PUBLISH_LABELS "1: rep outsw\n2:"
				 : "+S"(src), "+c"(count)
				 : "d"(dx)
				 : "r11", "memory");
	else
		__asm__ volatile(PUBLISH_LABELS "1: rep outsl\n2:"
				 : "+S"(src), "+c"(count)
				 : "d"(dx)
				 : "r11", "memory");
}

/* ---- the immediate forms (probe_imm.asm) ------------------------------- */

#define IMM_STUB_SIZE	8 /* must match probe_imm.asm */
#define IMM_INSN_OFFSET 2 /* after "mov eax, edi" */

/* Tables of 256 stubs; declared as functions so that the address
 * arithmetic below converts integers, not object pointers, to code. */
uint32_t probe_imm_inb(uint32_t value);
uint32_t probe_imm_inw(uint32_t value);
uint32_t probe_imm_inl(uint32_t value);
uint32_t probe_imm_outb(uint32_t value);
uint32_t probe_imm_outw(uint32_t value);
uint32_t probe_imm_outl(uint32_t value);

typedef uint32_t (*imm_stub)(uint32_t value);

static void imm_access(unsigned port, unsigned width, enum io_dir dir)
{
	imm_stub table;

	if (dir == IO_IN)
		table = width == 1   ? probe_imm_inb
			: width == 2 ? probe_imm_inw
				     : probe_imm_inl;
	else
		table = width == 1   ? probe_imm_outb
			: width == 2 ? probe_imm_outw
				     : probe_imm_outl;

	uintptr_t stub = (uintptr_t)table + (uintptr_t)port * IMM_STUB_SIZE;
	/* "in al, imm8" is 2 bytes; the 16-bit form adds a 0x66 prefix. */
	unsigned len = width == 2 ? 3 : 2;

	probe_insn_rip = stub + IMM_INSN_OFFSET;
	probe_resume_rip = stub + IMM_INSN_OFFSET + len;
	((imm_stub)stub)(0);
}

/* ------------------------------------------------------------------------ */

bool io_probe(unsigned port, unsigned width, enum io_dir dir, enum io_form form)
{
	unsigned long before = io_fault.count;

	switch (form) {
	case IO_FORM_IMM:
		if (port > 0xff) {
			printf("  iotests: immediate form for port 0x%x\n",
			       port);
			sys_exit_group(STRAY_FAULT_EXIT);
		}
		imm_access(port, width, dir);
		break;
	case IO_FORM_STRING:
		if (dir == IO_IN)
			string_in(port, width);
		else
			string_out(port, width);
		break;
	case IO_FORM_DX:
	default:
		if (dir == IO_IN)
			dx_in(port, width);
		else
			dx_out(port, width);
		break;
	}
	/* Nothing may claim a fault from here on. */
	probe_insn_rip = 0;
	return io_fault.count == before;
}

bool probe_cli(void)
{
	unsigned long before = io_fault.count;

	__asm__ volatile(PUBLISH_LABELS "1: cli\n2:" : : : "r11", "memory");
	probe_insn_rip = 0;
	return io_fault.count == before;
}

bool probe_sti(void)
{
	unsigned long before = io_fault.count;

	__asm__ volatile(PUBLISH_LABELS "1: sti\n2:" : : : "r11", "memory");
	probe_insn_rip = 0;
	return io_fault.count == before;
}

const char *io_describe(char *buf, unsigned size, unsigned port, unsigned width,
			enum io_dir dir, enum io_form form)
{
	static const char sizes[] = {'?', 'b', 'w', '?', 'l'};
	const char *kind = form == IO_FORM_STRING ? "rep " : "";
	const char *op = dir == IO_IN
			     ? (form == IO_FORM_STRING ? "ins" : "in")
			     : (form == IO_FORM_STRING ? "outs" : "out");
	const char *how = form == IO_FORM_IMM ? "imm8" : "dx";

	snprintf(buf, size, "%s%s%c 0x%x (%s)", kind, op,
		 sizes[width <= 4 ? width : 0], port, how);
	return buf;
}

int expect_io(unsigned port, unsigned width, enum io_dir dir, enum io_form form,
	      bool allowed, const char *when)
{
	bool done = io_probe(port, width, dir, form);
	char what[40];

	if (done == allowed)
		return T_OK;
	io_describe(what, sizeof(what), port, width, dir, form);
	/* Printed too, so that helper processes report the same way. */
	printf("  iotests: pid %ld: %s: %s %s\n", sys_getpid(), when, what,
	       done ? "was allowed, expected a fault"
		    : "faulted, expected "
		      "it to be allowed");
	return t_fail("%s: %s %s", when, what,
		      done ? "allowed, expected a fault" : "faulted");
}

int expect_port(unsigned port, bool allowed, const char *when)
{
	EXPECT_IO(port, 1, IO_OUT, IO_FORM_DX, allowed, when);
	EXPECT_IO(port, 1, IO_IN, IO_FORM_DX, allowed, when);
	if (port <= 0xff)
		EXPECT_IO(port, 1, IO_IN, IO_FORM_IMM, allowed, when);
	return T_OK;
}
