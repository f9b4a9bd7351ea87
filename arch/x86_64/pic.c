/*
 * pic.c - the 8259A Programmable Interrupt Controller pair.
 *
 * Why it exists.  A CPU has one interrupt input; the PC's devices have many
 * request lines.  The 8259A collects eight lines, picks the most urgent
 * (line 0 highest), and tells the CPU which vector to run.  The PC has two:
 * the master takes IRQ 0-7 and the slave IRQ 8-15, and the slave's output
 * feeds the master's line 2 ("cascade").  The APIC has replaced them on
 * modern machines, but every PC (and QEMU) still starts with them, and they
 * are the simplest controller to learn on.
 *
 * What matters:
 *
 *   Vector offset (ICW2).  The BIOS leaves the master at vectors 8-15,
 *   which in protected mode are CPU exceptions: the timer would arrive as
 *   a "double fault".  So we re-initialise both chips, which is the only
 *   way to change the offset, and move them to vectors 32-47, just past
 *   the 32 vectors Intel reserves.  Initialisation is a fixed sequence of
 *   four "initialisation command words" per chip, ICW1 on the command port
 *   and ICW2-4 on the data port.
 *
 *   Mask (OCW1, the data port).  One bit per line; 1 = ignore the line.
 *   Only lines that have a handler are unmasked (irq_register unmasks).
 *
 *   In-service register (ISR) and EOI (OCW2).  When the PIC hands a line to
 *   the CPU it sets the line's ISR bit and delivers nothing of equal or
 *   lower priority until the handler writes End-Of-Interrupt (0x20).
 *   Forget the EOI and that line, and every line below it, goes silent.
 *
 *   Spurious interrupts.  If a request disappears between the PIC raising
 *   INTR and the CPU's acknowledge (electrical noise, a masked line), the
 *   PIC must still answer with some vector and uses its lowest-priority
 *   line: 7 on the master, 15 on the slave.  The ISR bit is then clear.  A
 *   spurious IRQ 7 needs no EOI (nothing is in service); a spurious IRQ 15
 *   needs one to the master, whose line 2 really was raised by the slave.
 */
#include "arch/x86_64/pic.h"
#include "arch/x86_64/platform.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/x86.h"

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xa0
#define PIC2_DATA 0xa1

#define ICW1_INIT     0x10     /* start initialisation */
#define ICW1_ICW4     0x01     /* ICW4 follows; edge-triggered, cascaded */
#define ICW3_MASTER   (1 << 2) /* the slave hangs on the master's line 2 */
#define ICW3_SLAVE    2	       /* the slave's identity: line 2 */
#define ICW4_8086     0x01     /* 8086 mode (not 8080), normal EOI */
#define OCW2_EOI      0x20     /* non-specific EOI: the highest ISR bit */
#define OCW3_READ_ISR 0x0b     /* next command-port read returns the ISR */

#define CASCADE_IRQ  2
#define SPURIOUS_BIT (1 << 7)

/* Bit i set = line i masked.  Kept here so that irq_register may unmask a
 * line before pic_init programs the chips. */
static uint16_t irq_mask = 0xffff;
static bool initialised;

static void write_masks(void)
{
	uint16_t mask = irq_mask;

	/* The master must listen to the cascade line exactly when some slave
	 * line is unmasked. */
	if ((mask & 0xff00) != 0xff00)
		mask &= (uint16_t) ~(1u << CASCADE_IRQ);
	else
		mask |= 1u << CASCADE_IRQ;
	outb(PIC1_DATA, (uint8_t)mask);
	outb(PIC2_DATA, (uint8_t)(mask >> 8));
}

void pic_init(void)
{
	/* Mask everything while the chips are half-programmed. */
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);

	/* The 8259A is slow: io_wait between writes, as on real ISA buses. */
	outb(PIC1_CMD, ICW1_INIT | ICW1_ICW4);
	io_wait();
	outb(PIC2_CMD, ICW1_INIT | ICW1_ICW4);
	io_wait();
	outb(PIC1_DATA, IRQ_BASE); /* ICW2: vector of line 0 */
	io_wait();
	outb(PIC2_DATA, IRQ_BASE + 8);
	io_wait();
	outb(PIC1_DATA, ICW3_MASTER);
	io_wait();
	outb(PIC2_DATA, ICW3_SLAVE);
	io_wait();
	outb(PIC1_DATA, ICW4_8086);
	io_wait();
	outb(PIC2_DATA, ICW4_8086);
	io_wait();

	initialised = true;
	write_masks();
}

void pic_mask(unsigned irq)
{
	irq_mask |= (uint16_t)(1u << irq);
	if (initialised)
		write_masks();
}

void pic_unmask(unsigned irq)
{
	irq_mask &= (uint16_t) ~(1u << irq);
	if (initialised)
		write_masks();
}

void pic_eoi(unsigned irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, OCW2_EOI);
	outb(PIC1_CMD, OCW2_EOI);
}

static uint8_t read_isr(uint16_t cmd_port)
{
	outb(cmd_port, OCW3_READ_ISR);
	return inb(cmd_port);
}

bool pic_spurious(unsigned irq)
{
	if (irq == 7)
		return !(read_isr(PIC1_CMD) & SPURIOUS_BIT);
	if (irq == 15 && !(read_isr(PIC2_CMD) & SPURIOUS_BIT)) {
		outb(PIC1_CMD, OCW2_EOI);
		return true;
	}
	return false;
}
