/*
 * asm_offsets.c - the numbers assembly needs from C structs, computed by
 * the compiler so that each fact has one name and one source.
 *
 * This file is never linked.  The Makefile compiles it to assembly text
 * (-S) and turns every "@@asm NAME VALUE" string below into a NASM line
 * "%define NAME VALUE" in $(OBJDIR)/asm_offsets.inc, which the .asm files
 * include.  Move a field of struct cpu and the assembly follows at the
 * next build; there is no hand-copied offset to forget.
 */
#include <stddef.h>

#include "arch/x86_64/cpu.h"

/* "i": a compile-time constant; %c0 prints it without the '$'. */
#define ASM_CONST(name, value)                            \
	__asm__ volatile(".ascii \"@@asm " #name " %c0\"" \
			 :                                \
			 : "i"((long)(value)))

void asm_offsets(void);

void asm_offsets(void)
{
	ASM_CONST(CPU_OFF_SELF, offsetof(struct cpu, self));
	ASM_CONST(CPU_OFF_KERNEL_STACK_TOP,
		  offsetof(struct cpu, kernel_stack_top));
	ASM_CONST(CPU_OFF_USER_RSP_SCRATCH,
		  offsetof(struct cpu, user_rsp_scratch));
	ASM_CONST(SEL_USER_DATA, SEL_USER_DATA);
	ASM_CONST(SEL_USER_CODE, SEL_USER_CODE);
}
