/*
 * selftest.h - in-kernel tests chosen with "selftest=NAME".
 *
 * The host boots the kernel in QEMU with selftest=NAME and reads the result
 * from the serial log and the exit status.  A test either returns a verdict
 * (the kernel then prints "SELFTEST NAME: PASS" or "...: FAIL" and leaves
 * through TEST_EXIT_SUCCESS or TEST_EXIT_FAILURE) or deliberately raises an
 * exception, whose report and panic exit are what the host checks.
 * "selftest=list" prints every name.
 */
#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H

#include <stdbool.h>

struct selftest {
	const char *name;
	const char *what; /* one line for "selftest=list" */
	bool (*run)(void);
};

/* Runs the named test and leaves through the test exit; never returns. */
void selftest_run(const char *name) __attribute__((noreturn));

/* Check helper for tests: prints the failed condition and where. */
#define SELFTEST_CHECK(cond)                                                   \
	do {                                                                   \
		if (!(cond)) {                                                 \
			printk("CHECK FAILED %s:%d: %s\n", __FILE__, __LINE__, \
			       #cond);                                         \
			return false;                                          \
		}                                                              \
	} while (0)

#endif
