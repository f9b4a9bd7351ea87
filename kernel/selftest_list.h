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
bool selftest_paging(void);
bool selftest_de(void);
bool selftest_ud(void);
bool selftest_gp(void);
bool selftest_gp_selector(void);
bool selftest_pf(void);
bool selftest_bp(void);
bool selftest_df(void);
bool selftest_stack(void);
bool selftest_clock(void);
bool selftest_lockup(void);

#define SELFTEST_LIST                                                         \
	{"boot", "the kernel reaches the end of kmain's set-up",              \
	 selftest_boot},                                                      \
	    {"timer", "the timer ticks and arch_ticks() advances",            \
	     selftest_timer},                                                 \
	    {"tss", "TR holds our TSS and its I/O map base is INVALID",       \
	     selftest_tss},                                                   \
	    {"heap", "kmalloc/kfree and the frame allocator balance",         \
	     selftest_heap},                                                  \
	    {"paging",                                                        \
	     "kernel page rights (W^X, guard, no identity map), spaces",      \
	     selftest_paging},                                                \
	    {"de", "divide by zero: #DE report", selftest_de},                \
	    {"ud", "ud2: #UD report", selftest_ud},                           \
	    {"gp", "non-canonical address: #GP(0) report", selftest_gp},      \
	    {"gp_selector", "TSS selector into DS: #GP(selector) report",     \
	     selftest_gp_selector},                                           \
	    {"pf", "write to unmapped 0xdead000: #PF report", selftest_pf},   \
	    {"bp", "int3 in kernel mode: #BP report", selftest_bp},           \
	    {"df", "#NP while delivering #DE: #DF report", selftest_df},      \
	    {"stack", "unbounded recursion: #DF kernel stack overflow",       \
	     selftest_stack},                                                 \
	    {"clock", "300 ms with interrupts off: the clock keeps the time", \
	     selftest_clock},                                                 \
	    {"lockup", "a deliberately stuck kernel: the lockup reports",     \
	     selftest_lockup},

#endif
