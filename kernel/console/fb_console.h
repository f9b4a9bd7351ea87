/*
 * fb_console.h - a text console drawn on the multiboot2 framebuffer.
 */
#ifndef KERNEL_CONSOLE_FB_CONSOLE_H
#define KERNEL_CONSOLE_FB_CONSOLE_H

#include "kernel/multiboot2.h"

/* Registers the framebuffer console (replaying the boot messages so far).
 * Needs the kernel's page tables (after mm_init).  Returns NULL, or why
 * the framebuffer cannot be used. */
const char *fb_console_init(const struct mb2_framebuffer *fb);

#endif
