/*
 * uart16550.c - the COM1 serial port as a console.
 *
 * The 16550 UART is the one output every emulator and most server boards
 * have, and the one the tests read.  It has eight byte-wide registers at
 * 0x3f8..0x3ff; with DLAB (line control bit 7) set, the first two hold the
 * baud-rate divisor instead.
 *
 * A PC may have no COM1 at all: its ports then read 0xff and writes vanish.
 * Waiting for "transmitter empty" on such a machine would spin forever, so
 * we first prove a UART is there: the scratch register must hold a value,
 * and in loopback mode a byte we send must come straight back.  Only then
 * is the console registered.  Option "noserial" skips the port entirely
 * (the tests use it to check that the boot goes on without COM1).
 */
#include <stdbool.h>

#include "arch/x86_64/x86.h"
#include "arch/x86_64/platform.h"
#include "kernel/console.h"

#define COM1	    0x3f8
#define REG_DATA    0 /* RBR (read) / THR (write); DLL when DLAB */
#define REG_IER	    1 /* interrupt enable; DLM when DLAB */
#define REG_FCR	    2 /* FIFO control (write) */
#define REG_LCR	    3 /* line control */
#define REG_MCR	    4 /* modem control */
#define REG_LSR	    5 /* line status */
#define REG_SCRATCH 7

#define LCR_8N1		 0x03
#define LCR_DLAB	 0x80
#define MCR_DTR_RTS_OUT2 0x0b
#define MCR_LOOPBACK	 0x10
#define LSR_DATA_READY	 0x01
#define LSR_THR_EMPTY	 0x20

#define SPIN_LIMIT 100000 /* ~10 ms at 115200 baud is far more than a byte */

static bool uart_present(void)
{
	outb(COM1 + REG_SCRATCH, 0x5a);
	if (inb(COM1 + REG_SCRATCH) != 0x5a)
		return false;
	outb(COM1 + REG_SCRATCH, 0xa5);
	if (inb(COM1 + REG_SCRATCH) != 0xa5)
		return false;

	/* Loopback: transmitter wired to receiver inside the chip. */
	outb(COM1 + REG_MCR, MCR_LOOPBACK | 0x0f);
	outb(COM1 + REG_DATA, 0xae);
	for (int i = 0; i < SPIN_LIMIT; i++) {
		if (inb(COM1 + REG_LSR) & LSR_DATA_READY)
			break;
	}
	bool echoed = inb(COM1 + REG_DATA) == 0xae;
	outb(COM1 + REG_MCR, MCR_DTR_RTS_OUT2);
	return echoed;
}

static void uart_send(uint8_t byte)
{
	for (int i = 0; i < SPIN_LIMIT; i++) {
		if (inb(COM1 + REG_LSR) & LSR_THR_EMPTY)
			break;
		pause();
	}
	outb(COM1 + REG_DATA, byte);
}

static void uart_putc(struct console *con, char c)
{
	(void)con;
	if (c == '\n')
		uart_send('\r'); /* terminals want CR LF */
	uart_send((uint8_t)c);
}

static int uart_getc(struct console *con)
{
	(void)con;
	if (inb(COM1 + REG_LSR) & LSR_DATA_READY)
		return inb(COM1 + REG_DATA);
	return -1;
}

static struct console uart_console = {
    .name = "serial",
    .putc = uart_putc,
    .getc = uart_getc,
};

bool uart16550_init(void)
{
	outb(COM1 + REG_IER, 0x00); /* we poll; no UART interrupts */
	outb(COM1 + REG_LCR, LCR_DLAB);
	outb(COM1 + REG_DATA, 1); /* divisor 1: 115200 baud */
	outb(COM1 + REG_IER, 0);
	outb(COM1 + REG_LCR, LCR_8N1);
	outb(COM1 + REG_FCR,
	     0xc7); /* enable and clear FIFOs, 14-byte trigger */
	if (!uart_present())
		return false;
	console_register(&uart_console);
	return true;
}
