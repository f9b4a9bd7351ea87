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
void pit_stop(void);

/* tick.c: the tick, raised by the PIT or the local APIC timer. */
struct trap_frame;
void tick_set_source(const char *name, uint64_t period_ns, unsigned hz);
void tick_handle(struct trap_frame *tf);

/* lapic.c: the local APIC timer as the tick, calibrated against the ACPI
 * PM timer.  false (and a printed reason) when it cannot be used. */
bool lapic_timer_start(unsigned hz);
void lapic_timer_irq(struct trap_frame *tf);
void lapic_spurious_irq(void);
/* This CPU's local APIC on (xAPIC mode); false without one, or when the
 * firmware left it in x2APIC mode. */
bool lapic_cpu_init(void);
uint32_t lapic_id(void);
/* Inter-processor interrupts that start a CPU (smp.c).  False when the
 * APIC never reported the IPI delivered. */
bool lapic_send_init(uint32_t apic_id);
bool lapic_send_startup(uint32_t apic_id, uint8_t page);
bool lapic_send_fixed(uint32_t apic_id, uint8_t vector);
bool lapic_send_fixed_to_others(uint8_t vector);
void lapic_eoi(void);
/* ipi.c: the interrupts CPUs send each other. */
void ipi_tick_others(void);
void ipi_handle(struct trap_frame *tf);

/* idt.c: load the one IDT on another CPU (idt_init built it). */
void idt_load(void);

/* pm_timer.c: the ACPI power-management timer, 3.579545 MHz. */
bool pm_timer_available(void);
uint32_t pm_timer_read(void);
/* Ticks from `from` to `to`, across one wrap of the 24- or 32-bit counter. */
uint32_t pm_timer_elapsed(uint32_t from, uint32_t to);
/* Spins until `us` microseconds have passed; false if the counter is
 * stuck (never moves within a generous number of reads). */
bool pm_timer_spin_us(uint64_t us);

/* Set by the 32-bit entry code: 1 when the CPU supports NX (EFER.NXE is on). */
extern uint32_t boot_cpu_has_nx;

#endif
