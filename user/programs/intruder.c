/*
 * intruder - holds port 0x80, then reads a port it never asked for.
 *
 * The read of the CMOS data port 0x71 is refused by the CPU (#GP) because
 * the bit for 0x71 in this process's bitmap is set; the kernel turns the
 * fault into SIGSEGV and, with no handler installed, kills the process
 * with a one-line report that names the instruction, the port and the
 * reason.  Every other process carries on.  (A read of 0x71 would be
 * harmless anyway, should a broken kernel let it through.)
 */
#include <stdio.h>
#include <sys/io.h>
#include <unistd.h>

int main(void)
{
	if (sys_ioperm(0x80, 1, 1)) {
		printf("intruder: ioperm(0x80) failed\n");
		return 1;
	}
	outb(0x42, 0x80);
	printf("intruder: pid %ld wrote port 0x80 (allowed); now reading "
	       "port 0x71, which it never asked for\n",
	       sys_getpid());
	uint8_t v = inb(0x71);
	printf("intruder: read 0x%x from port 0x71: THE KERNEL LET IT "
	       "THROUGH\n",
	       v);
	return 2;
}
