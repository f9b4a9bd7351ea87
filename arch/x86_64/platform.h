/*
 * platform.h - arch-internal entry points of the PC platform drivers, for
 * arch/x86_64/arch.c to wire up at boot.  Nothing outside arch/ includes it.
 */
#ifndef ARCH_X86_64_PLATFORM_H
#define ARCH_X86_64_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

bool uart16550_init(void);
bool vga_text_init(uint64_t phys, unsigned width, unsigned height);

void idt_init(void);
void pic_init(void);
void pit_init(unsigned hz);

/* Set by the 32-bit entry code: 1 when the CPU supports NX (EFER.NXE is on). */
extern uint32_t boot_cpu_has_nx;

#endif
