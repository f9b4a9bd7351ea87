/*
 * t_ioperm.c - the I/O permission bitmap: ports are closed until ioperm()
 * opens them, only the requested ones open, the grant is inherited by
 * fork and only root may make it.  Port 0x80 (the POST code port) is safe
 * to read and write on any PC.
 */
#include <sys/io.h>

#include "ut.h"

#define TRAP_GP 13

/* Exercises each encoding of <sys/io.h> on port 0x80. */
static int use_port_80(long unused)
{
	unsigned char buf[2] = {0, 0};

	(void)unused;
	default_action(SIGSEGV); /* a fault should kill, not be caught */
	outb(0, 0x80);
	(void)inb(0x80);
	outb_imm(0, 0x80);
	(void)inb_imm(0x80);
	outsb(0x80, buf, 2);
	insb(0x80, buf, 2);
	return 0;
}

static int nonroot_ioperm(long unused)
{
	(void)unused;
	if (sys_setuid(1000) != 0)
		return 1;
	if (sys_ioperm(0x80, 1, 1) != -EPERM)
		return 2;
	if (sys_iopl(3) != -EPERM)
		return 3;
	/* Giving up access needs no privilege. */
	if (sys_ioperm(0x80, 1, 0) != 0)
		return 4;
	return 0;
}

int test_ioperm(void)
{
	if (sys_getuid() != 0)
		return t_skip("not running as root");

	catch_faults(SIGSEGV);
	try_inb_imm80();
	CHECK(fault.count == 1, "port 0x80 open without ioperm");
	CHECK_EQ(fault.trapno, TRAP_GP);
	CHECK_EQ(fault.err, 0);
	CHECK_EQ(fault.code, SI_KERNEL);

	long r = sys_ioperm(0x80, 1, 1);

	/* Linux may be built without ioperm, or locked down. */
	if ((r == -ENOSYS || r == -EPERM) && !on_portcullis)
		return t_skip("this host has no ioperm (error %ld)", -r);
	CHECK_EQ(r, 0);
	try_inb_imm80();
	try_outb_dx(0x80);
	CHECK(fault.count == 1, "port 0x80 still closed after ioperm");
	/* Only the one port: its neighbours stay closed. */
	try_outb_dx(0x81);
	CHECK(fault.count == 2, "port 0x81 opened too");
	try_outb_dx(0x7f);
	CHECK(fault.count == 3, "port 0x7f opened too");

	long status = reap(spawn(use_port_80, 0));

	CHECK(status == 0, "child using the inherited grant: %s",
	      describe_status(status));

	CHECK_EQ(sys_ioperm(0x80, 1, 0), 0);
	try_inb_imm80();
	CHECK(fault.count == 4, "port 0x80 still open after revoking");

	CHECK_EQ(sys_ioperm(0xffff, 2, 1), -EINVAL);
	CHECK_EQ(sys_ioperm(0x10000, 1, 1), -EINVAL);
	CHECK_EQ(sys_ioperm(0x80, 0, 1), -EINVAL);

	status = reap(spawn(nonroot_ioperm, 0));
	CHECK(status == 0,
	      "as uid 1000: %s (1: setuid failed, 2: ioperm "
	      "allowed, 3: iopl allowed, 4: revoking refused)",
	      describe_status(status));
	return T_OK;
}
