/*
 * panic.c - the kernel's last words.
 *
 * A panic means the kernel's own state can no longer be trusted, so this
 * does as little as possible: interrupts off, one message naming the
 * function that gave up, a backtrace, then stop.  In test mode the stop is
 * QEMU's panic exit code, so a test sees "panic" rather than a time-out.
 * With `monitor` on the command line the kernel monitor opens first, so
 * the dead machine can be looked at (it stays dead: no `continue`).
 */
#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/monitor/monitor.h"

static int panicking;

void panic_in(const char *function, const char *fmt, ...)
{
	va_list ap;

	arch_irq_disable();
	if (panicking++) /* a panic while panicking: just stop */
		arch_test_exit(TEST_EXIT_PANIC);
	/* Another CPU may hold the console lock and never let go. */
	console_take_for_panic();

	printk("\nPANIC in %s: ", function);
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	arch_backtrace_here();
	if (monitor_enabled()) {
		struct monitor_entry entry = {"panic", NULL, false};
		monitor_run(&entry); /* never returns: cannot continue */
	}
	printk("System halted.\n");
	arch_test_exit(TEST_EXIT_PANIC);
}
