/*
 * kernel_image.h - what linker.ld and the boot code tell C about the kernel
 * image: where each section lies, and where the boot stack is.
 *
 * These are symbols, not variables: only their addresses mean anything, so
 * they are declared as arrays (taking the address of an array is what
 * yields the symbol's value, and nobody is tempted to read "through" it).
 * The section bounds are virtual (KERNEL_VMA + physical) and page-aligned;
 * the __kernel_phys_* pair is physical and covers the whole image, the
 * low-linked .boot section included.
 */
#ifndef KERNEL_MM_KERNEL_IMAGE_H
#define KERNEL_MM_KERNEL_IMAGE_H

extern char __kernel_phys_start[], __kernel_phys_end[];
extern char __text_start[], __text_end[];
extern char __rodata_start[], __rodata_end[];
extern char __data_start[], __bss_end[];

/* boot/entry64.asm: the boot stack in .bss, and the page below it that the
 * paging code leaves unmapped so that overflowing the stack faults. */
extern char boot_stack_guard[], boot_stack_bottom[], boot_stack_top[];

#endif
