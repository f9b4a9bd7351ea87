/*
 * trap_report.h - the pieces of an exception report (trap_decode.c), for
 * trap_report.c, which puts them in order.
 */
#ifndef ARCH_X86_64_TRAP_REPORT_H
#define ARCH_X86_64_TRAP_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86_64/trap.h"

/* One line for the student: what this exception usually means. */
const char *trap_hint(unsigned vector);

/* Whether the CPU pushes an error code for this exception vector. */
bool trap_has_error_code(unsigned vector);

/* The "Error code" lines, decoded by the exception's error-code format.
 * cr2 is only used for #PF. */
void report_error_code(const struct trap_frame *tf, uint64_t cr2);

/* "CS=0x0008 (GDT index 1: kernel code, RPL 0)", no newline. */
void report_selector(const char *reg, uint64_t selector);

/* "RFLAGS=0x0000000000000246 [PF ZF IF IOPL=0]", no newline. */
void report_rflags(uint64_t rflags);

#endif
