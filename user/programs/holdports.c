/*
 * holdports - holds a few ports and waits for Enter: something to look at.
 *
 * Boot it, press Ctrl-] and the kernel monitor shows what this process was
 * given: `iomap PID` lists the ports, `tss` shows where this CPU's I/O map
 * base points, `tasks` shows it sleeping in read().  It asks for the CMOS
 * index/data ports 0x70-0x71 and the POST-code port 0x80 (harmless on every
 * PC), proves it can use them, then sleeps on the console until a line is
 * typed.
 *
 *   make run CMDLINE="init=holdports"     then Ctrl-], iomap 1, continue
 */
#include <stdio.h>
#include <sys/io.h>
#include <unistd.h>

int main(void)
{
	long err = sys_ioperm(0x70, 2, 1);
	if (!err)
		err = sys_ioperm(0x80, 1, 1);
	if (err) {
		printf("holdports: ioperm failed: error %ld\n", -err);
		return 1;
	}
	outb(0x55, 0x80);
	outb(0x0a, 0x70); /* CMOS register A: reading it changes nothing */
	unsigned a = inb(0x71);
	printf(
	    "holdports: pid %ld holds ports 0x70-0x71 and 0x80 (CMOS A = 0x%02x)\n",
	    sys_getpid(), a);
	printf(
	    "holdports: press Enter to exit, Ctrl-] for the kernel monitor\n");

	char c = 0;
	while (c != '\n' && c != '\r')
		if (sys_read(0, &c, 1) != 1)
			return 2;
	printf("holdports: done\n");
	return 0;
}
