/* TEMPORARY weak stubs so the tree links while subsystems are written.
 * Deleted before the first landing. */
#include <stdbool.h>
#include <stdint.h>
#include "kernel/arch.h"
#include "kernel/ksym.h"
#include "kernel/mm/mm.h"
#define WEAK __attribute__((weak))
WEAK void mm_init(const struct boot_info *bi) { (void)bi; }
WEAK void idt_init(void) {}
WEAK void pic_init(void) {}
WEAK void pit_init(unsigned hz) { (void)hz; }
WEAK uint64_t arch_ticks(void) { return 0; }
WEAK unsigned arch_tick_hz(void) { return 0; }
WEAK void arch_backtrace_here(void) {}
WEAK const char *ksym_lookup(uint64_t a, uint64_t *o) { (void)a; (void)o; return 0; }
WEAK bool selftest_timer(void) { return false; }
WEAK bool selftest_tss(void) { return false; }
WEAK bool selftest_heap(void) { return false; }
WEAK size_t frames_free(void) { return 1; }
WEAK size_t frames_total(void) { return 1; }
