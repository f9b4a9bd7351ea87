/*
 * deny_reason.c - why a port access was denied, in the words of the kill
 * report (docs/kill-report.md):
 *
 *   killed: pid 6 (intruder) SIGSEGV: #GP ...: inb from port 0x71 denied
 *   (its bitmap denies port 0x71)
 *
 * The trap code decodes the instruction (port and width); this file only
 * reads the process's I/O state, after the fact, through io_bits.c.  It
 * never looks at the TSS: the TSS map is a cache, the bitmap the truth.
 */
#include "kernel/format.h"
#include "kernel/io/iobitmap.h"
#include "kernel/proc/proc.h"

const char *iobitmap_deny_reason(struct proc *p, unsigned port, unsigned width)
{
	static char reason[80];

	if (p->iopl == 3)
		return NULL; /* cannot happen: every port is open */
	/* LAB 2: BEGIN SOLUTION */
	if (!p->io_bitmap)
		return p->iopl
			   ? "iopl 1 and 2 act as 0, and no ioperm() bitmap"
			   : "the process has no I/O bitmap: ioperm() was never called";
	long denied = io_bits_first_denied(p->io_bitmap->bits, port, width);
	if (denied >= (long)IO_PORT_COUNT)
		return "the access runs past port 0xffff";
	if (denied < 0)
		return NULL;
	if (denied == (long)port)
		ksnprintf(reason, sizeof(reason),
			  "its bitmap denies port 0x%lx",
			  (unsigned long)denied);
	else
		ksnprintf(reason, sizeof(reason),
			  "its bitmap allows 0x%x but denies port 0x%lx", port,
			  (unsigned long)denied);
	return reason;
	/* LAB 2: END SOLUTION */
	/* LAB 2: HINT
	 * Name the reason (docs/kill-report.md lists them): no bitmap at
	 * all, the access runs past port 0xffff, the port denied, or a
	 * wide access that starts on an allowed port and crosses into a
	 * denied one.  Write into reason[] with ksnprintf.
	 * LAB 2: CODE
	 *	(void)port;
	 *	(void)width;
	 *	(void)reason;
	 *	return NULL;
	 * LAB 2: END HINT */
}
