/*
 * serialdrv - prints text by driving the COM1 UART itself, the way a
 * user-space driver in a microkernel would, instead of asking the kernel
 * to write() it.
 *
 * A 16550 UART at 0x3f8 takes a byte in its transmit register (offset 0)
 * once bit 5 of its line status register (offset 5, "transmit holding
 * register empty") is set.  The program asks for exactly the UART's eight
 * ports.  On a PC without COM1 the status port reads 0xff (the bit looks
 * set) and the bytes go nowhere: harmless.
 */
#include <stdio.h>
#include <string.h>
#include <sys/io.h>
#include <unistd.h>

#define COM1	      0x3f8
#define UART_THR      0 /* transmit holding register */
#define UART_LSR      5 /* line status register */
#define LSR_THR_EMPTY 0x20
#define POLL_LIMIT    100000 /* a wedged UART must not hang us */

static void uart_putc(char c)
{
	for (int i = 0; i < POLL_LIMIT; i++)
		if (inb(COM1 + UART_LSR) & LSR_THR_EMPTY)
			break;
	outb((uint8_t)c, COM1 + UART_THR);
}

static void uart_puts(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			uart_putc('\r');
		uart_putc(*s);
	}
}

int main(void)
{
	long err = sys_ioperm(COM1, 8, 1);
	if (err) {
		printf("serialdrv: ioperm(0x3f8, 8) failed: error %ld\n", -err);
		return 1;
	}
	char line[96];
	for (int i = 1; i <= 3; i++) {
		snprintf(line, sizeof(line),
			 "serialdrv: line %d written to COM1 by pid %ld "
			 "with outb, no system call\n",
			 i, sys_getpid());
		uart_puts(line);
		sys_sched_yield();
	}
	return 0;
}
