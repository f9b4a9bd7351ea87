/*
 * t_edges.c - the CPU's rules at the edges of a grant, which the kernel's
 * bitmap must reproduce bit for bit:
 *
 *   - an access of width w at port p needs every port p .. p+w-1 allowed,
 *     so a word or dword can cross from a granted port into a denied one;
 *   - the map ends at port 0xffff: a wider access there needs port 0x10000,
 *     which never exists (the byte after the map is all ones);
 *   - INS/OUTS are checked exactly like IN/OUT, and a refused INS writes
 *     no memory;
 *   - the port in DX and the port in an immediate byte are the same port.
 *
 * Writes go only to 0x80-0x83 and 0xffff; 0x7f, 0xed and 0x00-0x1f are
 * only read, or written where the write must fault.
 */
#include <string.h>

#include "iotests.h"

static const enum io_form forms[] = {IO_FORM_DX, IO_FORM_IMM};

int test_edge_width(void)
{
	if (sys_getuid() != 0)
		return t_skip("not running as root");
	probe_init();
	CHECK_EQ(sys_ioperm(0x80, 1, 1), 0);
	for (int f = 0; f < 2; f++) {
		enum io_form form = forms[f];

		EXPECT_IO(0x80, 1, IO_OUT, form, true, "0x80 granted");
		EXPECT_IO(0x80, 1, IO_IN, form, true, "0x80 granted");
		EXPECT_IO(0x80, 2, IO_OUT, form, false, "0x80 only: word");
		EXPECT_IO(0x80, 4, IO_OUT, form, false, "0x80 only: dword");
		EXPECT_IO(0x80, 2, IO_IN, form, false, "0x80 only: word");
		EXPECT_IO(0x80, 4, IO_IN, form, false, "0x80 only: dword");
		EXPECT_IO(0x7f, 2, IO_IN, form, false, "0x80 only: 0x7f-0x80");
		EXPECT_IO(0x7f, 1, IO_IN, form, false, "0x80 only");
	}

	CHECK_EQ(sys_ioperm(0x81, 1, 1), 0);
	for (int f = 0; f < 2; f++) {
		enum io_form form = forms[f];

		EXPECT_IO(0x80, 2, IO_OUT, form, true, "0x80-0x81: word");
		EXPECT_IO(0x80, 2, IO_IN, form, true, "0x80-0x81: word");
		EXPECT_IO(0x80, 4, IO_OUT, form, false, "0x80-0x81: dword");
		EXPECT_IO(0x80, 4, IO_IN, form, false, "0x80-0x81: dword");
		EXPECT_IO(0x81, 2, IO_IN, form, false, "0x80-0x81: 0x81-0x82");
		EXPECT_IO(0x7f, 2, IO_IN, form, false, "0x80-0x81: 0x7f-0x80");
	}

	CHECK_EQ(sys_ioperm(0x82, 2, 1), 0);
	for (int f = 0; f < 2; f++) {
		enum io_form form = forms[f];

		EXPECT_IO(0x80, 4, IO_OUT, form, true, "0x80-0x83: dword");
		EXPECT_IO(0x80, 4, IO_IN, form, true, "0x80-0x83: dword");
		EXPECT_IO(0x82, 2, IO_OUT, form, true, "0x80-0x83: word");
		EXPECT_IO(0x81, 4, IO_IN, form, false, "0x80-0x83: 0x81-0x84");
		EXPECT_IO(0x7e, 4, IO_IN, form, false, "0x80-0x83: 0x7e-0x81");
	}
	/* A hole in the middle: dropping 0x81 closes every access over it. */
	CHECK_EQ(sys_ioperm(0x81, 1, 0), 0);
	EXPECT_IO(0x80, 4, IO_IN, IO_FORM_DX, false, "hole at 0x81: dword");
	EXPECT_IO(0x80, 2, IO_IN, IO_FORM_DX, false, "hole at 0x81: word");
	EXPECT_IO(0x82, 2, IO_OUT, IO_FORM_DX, true, "hole at 0x81: 0x82");
	EXPECT_IO(0x80, 1, IO_OUT, IO_FORM_DX, true, "hole at 0x81: 0x80");
	return T_OK;
}

int test_edge_top(void)
{
	if (sys_getuid() != 0)
		return t_skip("not running as root");
	probe_init();
	CHECK_EQ(sys_ioperm(0xffff, 1, 1), 0);
	EXPECT_IO(0xffff, 1, IO_OUT, IO_FORM_DX, true, "0xffff granted");
	EXPECT_IO(0xffff, 1, IO_IN, IO_FORM_DX, true, "0xffff granted");
	EXPECT_IO(0xffff, 1, IO_IN, IO_FORM_STRING, true, "0xffff granted");
	EXPECT_IO(0xffff, 2, IO_OUT, IO_FORM_DX, false, "word past the end");
	EXPECT_IO(0xffff, 2, IO_IN, IO_FORM_DX, false, "word past the end");
	EXPECT_IO(0xffff, 4, IO_IN, IO_FORM_DX, false, "dword past the end");
	EXPECT_IO(0xffff, 2, IO_IN, IO_FORM_STRING, false, "insw past the end");
	EXPECT_IO(0xfffe, 2, IO_IN, IO_FORM_DX, false, "0xfffe not granted");

	/* The top four ports: reads only, they are not ours to write. */
	CHECK_EQ(sys_ioperm(0xfffc, 4, 1), 0);
	EXPECT_IO(0xfffc, 4, IO_IN, IO_FORM_DX, true, "0xfffc-0xffff: dword");
	EXPECT_IO(0xfffe, 2, IO_IN, IO_FORM_DX, true, "0xfffc-0xffff: word");
	EXPECT_IO(0xfffc, 4, IO_IN, IO_FORM_STRING, true, "0xfffc: insl");
	EXPECT_IO(0xfffd, 4, IO_IN, IO_FORM_DX, false, "dword to 0x10000");
	EXPECT_IO(0xfffe, 4, IO_IN, IO_FORM_DX, false, "dword to 0x10001");
	EXPECT_IO(0xffff, 2, IO_IN, IO_FORM_DX, false, "word to 0x10000");
	EXPECT_IO(0xfffb, 4, IO_IN, IO_FORM_DX, false, "0xfffb not granted");
	return T_OK;
}

/* Runs a string read that must fault and checks memory is untouched. */
static int expect_ins_refused(unsigned port, unsigned width, const char *when)
{
	for (unsigned i = 0; i < PROBE_BUF_BYTES; i++)
		probe_buf[i] = 0xa5;
	EXPECT_IO(port, width, IO_IN, IO_FORM_STRING, false, when);
	for (unsigned i = 0; i < PROBE_BUF_BYTES; i++)
		CHECK(probe_buf[i] == 0xa5,
		      "%s: the refused ins wrote byte %u of the buffer", when,
		      i);
	return T_OK;
}

int test_edge_string(void)
{
	if (sys_getuid() != 0)
		return t_skip("not running as root");
	probe_init();
	if (expect_ins_refused(0x80, 1, "insb before any ioperm"))
		return T_FAIL;
	EXPECT_IO(0x80, 1, IO_OUT, IO_FORM_STRING, false, "before ioperm");

	CHECK_EQ(sys_ioperm(0x80, 2, 1), 0);
	memset((void *)probe_buf, 0, PROBE_BUF_BYTES);
	EXPECT_IO(0x80, 1, IO_IN, IO_FORM_STRING, true, "0x80-0x81: insb");
	EXPECT_IO(0x80, 1, IO_OUT, IO_FORM_STRING, true, "0x80-0x81: outsb");
	EXPECT_IO(0x81, 1, IO_IN, IO_FORM_STRING, true, "0x80-0x81: insb");
	EXPECT_IO(0x80, 2, IO_IN, IO_FORM_STRING, true, "0x80-0x81: insw");
	EXPECT_IO(0x80, 2, IO_OUT, IO_FORM_STRING, true, "0x80-0x81: outsw");
	EXPECT_IO(0x80, 4, IO_OUT, IO_FORM_STRING, false, "0x80-0x81: outsl");
	if (expect_ins_refused(0x80, 4, "0x80-0x81: insl"))
		return T_FAIL;
	if (expect_ins_refused(0x81, 2, "0x80-0x81: insw at 0x81"))
		return T_FAIL;
	if (expect_ins_refused(0x7f, 1, "0x80-0x81: insb at 0x7f"))
		return T_FAIL;
	if (expect_ins_refused(0xed, 1, "0x80-0x81: insb at 0xed"))
		return T_FAIL;
	EXPECT_IO(0xed, 1, IO_OUT, IO_FORM_STRING, false, "outsb at 0xed");

	CHECK_EQ(sys_ioperm(0x80, 2, 0), 0);
	if (expect_ins_refused(0x80, 1, "insb after ioperm(0x80, 2, 0)"))
		return T_FAIL;
	return T_OK;
}

int test_edge_forms(void)
{
	if (sys_getuid() != 0)
		return t_skip("not running as root");
	probe_init();
	CHECK_EQ(sys_ioperm(0x80, 1, 1), 0);
	for (int f = 0; f < 2; f++) {
		for (int d = IO_IN; d <= IO_OUT; d++) {
			EXPECT_IO(0x80, 1, d, forms[f], true, "0x80 granted");
			EXPECT_IO(0xed, 1, d, forms[f], false, "0x80 granted");
			EXPECT_IO(0x81, 1, d, forms[f], false, "0x80 granted");
			EXPECT_IO(0x7f, 1, IO_IN, forms[f], false,
				  "0x80 granted");
		}
	}
	/* The same port through both encodings, back to back, after each
	 * change: a kernel keying anything on the encoding would differ. */
	for (unsigned port = 0xe8; port < 0xf0; port++) {
		CHECK_EQ(sys_ioperm(port, 1, 1), 0);
		for (unsigned q = 0xe8; q < 0xf0; q++) {
			bool open = q <= port;

			EXPECT_IO(q, 1, IO_IN, IO_FORM_DX, open, "0xe8 up");
			EXPECT_IO(q, 1, IO_IN, IO_FORM_IMM, open, "0xe8 up");
		}
	}
	return T_OK;
}

/* A process that never called ioperm() or iopl(): every port faults, in
 * every form and width.  The TSS's I/O map base starts past the limit; a
 * zeroed TSS (base 0) would make the TSS's own zero bytes the bitmap and
 * open the low ports (docs/labs/1-tss.md). */
int test_no_ioperm(void)
{
	static const unsigned ports[] = {0x00, 0x21,  0x71,  0x80,
					 0xed, 0x3f8, 0xcf8, 0xfffc};
	probe_init();
	for (unsigned i = 0; i < sizeof(ports) / sizeof(ports[0]); i++) {
		unsigned port = ports[i];
		for (unsigned width = 1; width <= 4; width *= 2) {
			EXPECT_IO(port, width, IO_IN, IO_FORM_DX, false,
				  "no ioperm");
			if (port <= 0xff)
				EXPECT_IO(port, width, IO_IN, IO_FORM_IMM,
					  false, "no ioperm");
		}
		EXPECT_IO(port, 1, IO_IN, IO_FORM_STRING, false, "no ioperm");
	}
	return T_OK;
}

/* Ports 0x00-0x1f (DMA, PIC): closed to a process without ioperm, and to
 * one whose bitmap holds 0x80 only (those bytes of its map are 0xff). */
static int expect_low_ports_closed(const char *when)
{
	for (unsigned port = 0; port < 0x20; port++) {
		EXPECT_IO(port, 1, IO_IN, IO_FORM_DX, false, when);
		EXPECT_IO(port, 1, IO_IN, IO_FORM_IMM, false, when);
	}
	return T_OK;
}

int test_low_ports(void)
{
	if (sys_getuid() != 0)
		return t_skip("not running as root");
	probe_init();
	if (expect_low_ports_closed("no ioperm"))
		return T_FAIL;
	CHECK_EQ(sys_ioperm(0x80, 1, 1), 0);
	if (expect_low_ports_closed("ioperm(0x80, 1, 1)"))
		return T_FAIL;
	CHECK_EQ(sys_iopl(1), 0);
	if (expect_low_ports_closed("ioperm(0x80) and iopl(1)"))
		return T_FAIL;
	return T_OK;
}

/* The signal a refused access delivers, exactly: SIGSEGV from the kernel
 * for #GP with error code 0, no address, at the instruction itself. */
static int expect_gp_record(const char *when)
{
	CHECK(io_fault.signo == SIGSEGV, "%s: signal %d", when, io_fault.signo);
	CHECK(io_fault.code == SI_KERNEL, "%s: si_code %d", when,
	      io_fault.code);
	CHECK(io_fault.trapno == TRAP_GP, "%s: trap %lu", when,
	      (unsigned long)io_fault.trapno);
	CHECK(io_fault.err == 0, "%s: error code %lu", when,
	      (unsigned long)io_fault.err);
	CHECK(io_fault.addr == 0, "%s: si_addr %p", when,
	      (void *)io_fault.addr);
	return T_OK;
}

int test_fault_record(void)
{
	if (sys_getuid() != 0)
		return t_skip("not running as root");
	probe_init();
	CHECK_EQ(sys_ioperm(0x80, 1, 1), 0);

	unsigned long before = io_fault.count;

	EXPECT_IO(0xed, 1, IO_OUT, IO_FORM_DX, false, "outb 0xed");
	CHECK_EQ(io_fault.count, before + 1);
	if (expect_gp_record("outb 0xed"))
		return T_FAIL;
	EXPECT_IO(0xed, 1, IO_IN, IO_FORM_IMM, false, "inb $0xed");
	if (expect_gp_record("inb $0xed"))
		return T_FAIL;
	EXPECT_IO(0x80, 2, IO_IN, IO_FORM_DX, false, "inw 0x80");
	if (expect_gp_record("inw 0x80 (crossing into 0x81)"))
		return T_FAIL;
	EXPECT_IO(0xed, 1, IO_IN, IO_FORM_STRING, false, "insb 0xed");
	if (expect_gp_record("insb 0xed"))
		return T_FAIL;
	CHECK_EQ(io_fault.count, before + 4);
	/* An allowed access leaves the record alone. */
	EXPECT_IO(0x80, 1, IO_OUT, IO_FORM_DX, true, "outb 0x80");
	CHECK_EQ(io_fault.count, before + 4);
	return T_OK;
}
