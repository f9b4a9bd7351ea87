/*
 * pic.h - the two 8259A interrupt controllers (the "PIC" pair of every PC).
 * Only trap.c and the drivers in arch/ use these; kernel code registers
 * handlers with irq_register() (trap.h), which unmasks the line itself.
 */
#ifndef ARCH_X86_64_PIC_H
#define ARCH_X86_64_PIC_H

#include <stdbool.h>

/* Lines 0-15; 0-7 on the master, 8-15 on the slave (cascaded on IRQ 2). */
void pic_mask(unsigned irq);
void pic_unmask(unsigned irq);

/* End of interrupt: lets the PIC deliver this line (and lower-priority
 * ones) again.  Slave lines need an EOI to both chips. */
void pic_eoi(unsigned irq);

/* True when IRQ 7 or 15 is spurious (its in-service bit is clear).  For a
 * spurious IRQ 15 it also sends the EOI the master is owed. */
bool pic_spurious(unsigned irq);

#endif
