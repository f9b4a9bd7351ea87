/*
 * selftest.c - the table of in-kernel tests and the runner.
 *
 * Tests that raise exceptions on purpose live in selftest_traps.c; tests of
 * one subsystem may live beside it.  Every test is listed here so that
 * "selftest=list" is complete.
 */
#include "kernel/selftest.h"
#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/lib/string.h"
#include "kernel/selftest_list.h"

static const struct selftest selftests[] = {SELFTEST_LIST};

static void list_tests(void)
{
	printk("selftests:\n");
	for (size_t i = 0; i < sizeof(selftests) / sizeof(selftests[0]); i++)
		printk("  %-12s %s\n", selftests[i].name, selftests[i].what);
}

void selftest_run(const char *name)
{
	if (!strcmp(name, "list")) {
		list_tests();
		arch_test_exit(TEST_EXIT_SUCCESS);
	}
	for (size_t i = 0; i < sizeof(selftests) / sizeof(selftests[0]); i++) {
		if (strcmp(selftests[i].name, name))
			continue;
		printk("SELFTEST %s: start (%s)\n", name, selftests[i].what);
		bool pass = selftests[i].run();
		printk("SELFTEST %s: %s\n", name, pass ? "PASS" : "FAIL");
		arch_test_exit(pass ? TEST_EXIT_SUCCESS : TEST_EXIT_FAILURE);
	}
	printk("SELFTEST %s: FAIL (no such test; selftest=list shows them)\n",
	       name);
	arch_test_exit(TEST_EXIT_FAILURE);
}
