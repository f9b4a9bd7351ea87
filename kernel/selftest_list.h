/*
 * selftest_list.h - every in-kernel selftest, one line each.  Add a test by
 * declaring its function here and adding a SELFTEST_LIST entry.
 */
#ifndef KERNEL_SELFTEST_LIST_H
#define KERNEL_SELFTEST_LIST_H

#include <stdbool.h>

bool selftest_boot(void);
bool selftest_timer(void);
bool selftest_tss(void);
bool selftest_heap(void);

#define SELFTEST_LIST                                                        \
	{ "boot", "the kernel reaches the end of kmain's set-up", selftest_boot }, \
	{ "timer", "the timer ticks and arch_ticks() advances", selftest_timer }, \
	{ "tss", "TR holds our TSS and its I/O map base is INVALID", selftest_tss }, \
	{ "heap", "kmalloc/kfree and the frame allocator balance", selftest_heap },

#endif
