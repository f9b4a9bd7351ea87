/*
 * selftest_basic.c - the simplest selftest: the kernel got through kmain's
 * whole set-up (consoles, descriptor tables, memory, timer) to this point.
 */
#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/mm/mm.h"
#include "kernel/selftest.h"
#include "kernel/selftest_list.h"

bool selftest_boot(void)
{
	SELFTEST_CHECK(frames_total() > 0);
	SELFTEST_CHECK(frames_free() > 0 && frames_free() <= frames_total());
	SELFTEST_CHECK(arch_tick_hz() > 0);
	printk("boot: reached the end of set-up\n");
	return true;
}
