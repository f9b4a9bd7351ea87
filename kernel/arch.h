/*
 * arch.h - what the arch-neutral kernel needs from the architecture.
 *
 * kernel/ never contains inline assembly; whenever it must touch the CPU it
 * calls one of these, implemented under arch/<arch>/.
 */
#ifndef KERNEL_ARCH_H
#define KERNEL_ARCH_H

#include <stdbool.h>
#include <stdint.h>

/* Exit codes written to QEMU's isa-debug-exit device (port 0xf4).  QEMU
 * exits with (code << 1) | 1, so these become 33, 35 and 37; run-qemu.sh
 * --test maps them back to its own documented statuses.  0 is impossible
 * (a triple fault with -no-reboot is what exits 0). */
#define TEST_EXIT_SUCCESS 0x10
#define TEST_EXIT_FAILURE 0x11
#define TEST_EXIT_PANIC	  0x12

/* Early CPU set-up: GDT, TSS, per-CPU area, IDT.  Before this, only the
 * serial console may be used. */
void arch_early_init(void);
/* Interrupt controllers and the periodic tick at hz interrupts a second,
 * interrupts enabled.  The PIT when it ticks; otherwise the local APIC
 * timer calibrated against the ACPI PM timer (acpi_init() must have run).
 * `force` is the timer= option: NULL (choose), "pit" or "lapic".  Returns
 * false when no tick arrives from any source. */
bool arch_timer_init(unsigned hz, const char *force);

void arch_irq_enable(void);
void arch_irq_disable(void);
bool arch_irq_enabled(void);
/* Sleep until the next interrupt (interrupts enabled). */
void arch_wait_for_interrupt(void);
void arch_halt_forever(void) __attribute__((noreturn));

/* Timer ticks since arch_timer_init, the rate, and the device ("PIT",
 * "local APIC" or "none"). */
uint64_t arch_ticks(void);
unsigned arch_tick_hz(void);
const char *arch_tick_source(void);

/* Leaves QEMU through isa-debug-exit when the "testexit" option announced
 * the device; otherwise halts.  Never returns. */
void arch_test_exit(unsigned code) __attribute__((noreturn));
bool arch_test_exit_available(void);

/* The most CPUs Portcullis uses: the one limit, for every per-CPU table
 * (arch and kernel alike) and the affinity masks (at most 64: one mask
 * word, kernel/syscall/sys_sched.c). */
#define ARCH_MAX_CPUS 4
/* This CPU's id, 0 .. ARCH_MAX_CPUS - 1: inline, one load. */
#include "arch/x86_64/cpu_id.h"

/* Flushes this CPU's TLB if a kernel-half page was unmapped since its
 * last flush (arch/x86_64/tlb.c says why that is all it takes). */
void arch_tlb_catch_up(void);

/* Starts the other CPUs the firmware lists (ACPI MADT), at most max_cpus
 * in all, and says on the console which came up and which did not answer.
 * Returns the number of CPUs online (1: only the boot CPU).  The started
 * CPUs are parked (arch/x86_64/smp.c): nothing is scheduled on them yet. */
struct boot_info;
unsigned arch_smp_start(const struct boot_info *bi, unsigned max_cpus);
unsigned arch_cpus_online(void);
/* Lets the started CPUs go: each calls kmain_ap() on its own stack. */
void arch_smp_release(void);
bool arch_smp_released(void);
/* A CPU's first kernel function once released (kernel/main.c). */
void kmain_ap(void *stack_top) __attribute__((noreturn));
/* Sends CPU `cpu` the wake interrupt: its HLT ends, and if it runs user
 * code, it goes through the return to ring 3 (reschedule, signals). */
void arch_cpu_wake(unsigned cpu);

/* The I/O permission map of this CPU's TSS and which map the CPU consults
 * for ring-3 IN/OUT.  The bitmap code switches maps on every context
 * switch of an I/O process, so it asks once for where the selector lives
 * and then switches with a single store: *base = value[which]. */
enum arch_io_map {
	ARCH_IO_MAP_NONE, /* every port faults (base past the TSS limit) */
	ARCH_IO_MAP_OWN,  /* the map at `map` */
	ARCH_IO_MAP_ALL,  /* an all-zero map: every port allowed (iopl 3) */
};
struct arch_io_map_ref {
	volatile uint16_t *base; /* the TSS's I/O map base field */
	uint16_t value[3];	 /* its value for each enum arch_io_map */
	uint8_t *map;		 /* IO_MAP_BYTES bytes, then a 0xff byte */
};
/* Fills *ref for the calling CPU; the base starts at value[NONE]. */
void arch_io_map_ref(struct arch_io_map_ref *ref);

/* Time since the timer started, in ns, with sub-tick resolution.  Once
 * calibrated (about half a second after the timer starts) it comes from
 * the TSC and counts time during which ticks were lost. */
uint64_t arch_monotonic_ns(void);
bool arch_clock_calibrated(void);
/* The longest time between two timer interrupts since calibration (how
 * long interrupts stayed off at most), in ns. */
uint64_t arch_longest_tick_gap_ns(void);
/* The time between the latest tick and the one before it, in ns (0
 * before calibration). */
uint64_t arch_last_tick_gap_ns(void);

/* A value that differs from boot to boot and call to call (TSC, mixed with
 * RDRAND when the CPU has it).  Not for cryptography: it seeds AT_RANDOM. */
uint64_t arch_random_seed(void);

/* Wall-clock seconds since 1970 at boot (CMOS RTC), 0 if unknown. */
uint64_t arch_boot_epoch_seconds(void);

/* Prints a frame-pointer backtrace starting at the caller. */
void arch_backtrace_here(void);

/* The kernel monitor's views of the CPU (arch/x86_64/monitor_arch.c), each
 * read back from the processor: the GDT, the present IDT gates, this CPU's
 * TSS, and the backtrace of an interrupted context (NULL: the caller's). */
struct trap_frame;
void arch_monitor_gdt(void);
void arch_monitor_idt(void);
void arch_monitor_tss(void);
void arch_monitor_backtrace(struct trap_frame *tf);

#endif
