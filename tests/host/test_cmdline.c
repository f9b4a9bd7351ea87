/*
 * test_cmdline.c - host unit tests for the kernel command line parser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "kernel/cmdline.h"

static void test_null_and_empty(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse(NULL), 0);
	assert_string_equal(cmdline_raw(), "");
	assert_null(cmdline_get("anything"));
	assert_false(cmdline_has("anything"));

	assert_int_equal(cmdline_parse(""), 0);
	assert_string_equal(cmdline_raw(), "");

	assert_int_equal(cmdline_parse("   \t  "), 0);
	assert_string_equal(cmdline_raw(), "   \t  ");
}

static void test_flags(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse("iotrace quiet"), 2);
	assert_true(cmdline_has("iotrace"));
	assert_true(cmdline_has("quiet"));
	assert_string_equal(cmdline_get("iotrace"), "");
	assert_false(cmdline_has("verbose"));
	assert_null(cmdline_get("verbose"));
}

static void test_key_value(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse("iobitmap=seq init=a,b iotrace"), 3);
	assert_string_equal(cmdline_get("iobitmap"), "seq");
	assert_string_equal(cmdline_get("init"), "a,b");
	assert_string_equal(cmdline_get("iotrace"), "");
	assert_string_equal(cmdline_raw(), "iobitmap=seq init=a,b iotrace");
}

static void test_empty_value_and_extra_equals(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse("a= b=c=d e==f"), 3);
	assert_non_null(cmdline_get("a"));
	assert_string_equal(cmdline_get("a"), "");
	assert_true(cmdline_has("a"));
	/* Only the first '=' separates key from value. */
	assert_string_equal(cmdline_get("b"), "c=d");
	assert_string_equal(cmdline_get("e"), "=f");
	assert_null(cmdline_get("b=c"));
}

static void test_keys_match_exactly(void **state)
{
	(void)state;
	cmdline_parse("init=x initrd=y");
	assert_string_equal(cmdline_get("init"), "x");
	assert_string_equal(cmdline_get("initrd"), "y");
	assert_null(cmdline_get("ini"));
	assert_null(cmdline_get("initrd2"));
	assert_null(cmdline_get(""));
	assert_null(cmdline_get(NULL));
	assert_false(cmdline_has(NULL));
}

static void test_empty_key_is_dropped(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse("=orphan a=1"), 1);
	assert_null(cmdline_get(""));
	assert_string_equal(cmdline_get("a"), "1");
}

static void test_later_duplicate_wins(void **state)
{
	(void)state;
	cmdline_parse("log=1 x log=2 y=first y=second");
	assert_string_equal(cmdline_get("log"), "2");
	assert_string_equal(cmdline_get("y"), "second");

	/* A later bare flag overrides a value, and the other way round. */
	cmdline_parse("mode=fast mode");
	assert_string_equal(cmdline_get("mode"), "");
	cmdline_parse("mode mode=slow");
	assert_string_equal(cmdline_get("mode"), "slow");
}

static void test_whitespace(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse("  a=1 \t\t b   c=3\t "), 3);
	assert_string_equal(cmdline_get("a"), "1");
	assert_true(cmdline_has("b"));
	assert_string_equal(cmdline_get("b"), "");
	assert_string_equal(cmdline_get("c"), "3");
	/* The raw line keeps the original spacing for the boot banner. */
	assert_string_equal(cmdline_raw(), "  a=1 \t\t b   c=3\t ");

	assert_int_equal(cmdline_parse("a=1\nb=2\r\n"), 2);
	assert_string_equal(cmdline_get("b"), "2");
}

static void test_reparse_replaces(void **state)
{
	(void)state;
	cmdline_parse("old=1 shared=a");
	assert_int_equal(cmdline_parse("shared=b new"), 2);
	assert_null(cmdline_get("old"));
	assert_string_equal(cmdline_get("shared"), "b");
	assert_true(cmdline_has("new"));
	assert_string_equal(cmdline_raw(), "shared=b new");
}

static void test_caller_buffer_may_change(void **state)
{
	char line[] = "key=value";

	(void)state;
	cmdline_parse(line);
	memset(line, 'Z', sizeof(line) - 1);
	assert_string_equal(cmdline_get("key"), "value");
	assert_string_equal(cmdline_raw(), "key=value");
}

static void test_truncation_at_max_len(void **state)
{
	static char line[CMDLINE_MAX_LEN + 100];

	(void)state;
	/* "a=xxxx...x" long enough to cross the limit, then "late". */
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	line[0] = 'a';
	line[1] = '=';
	memcpy(line + CMDLINE_MAX_LEN + 10, " late", 5);

	assert_int_equal(cmdline_parse(line), 1);
	assert_int_equal(strlen(cmdline_raw()), CMDLINE_MAX_LEN - 1);
	assert_memory_equal(cmdline_raw(), line, CMDLINE_MAX_LEN - 1);
	assert_int_equal(strlen(cmdline_get("a")), CMDLINE_MAX_LEN - 3);
	assert_false(cmdline_has("late"));
}

static void test_truncation_cuts_last_option(void **state)
{
	static char line[CMDLINE_MAX_LEN + 8];
	size_t pad = CMDLINE_MAX_LEN - 1 - strlen(" k=12");

	(void)state;
	/* Spaces, then "k=123456" straddling the limit: its value is cut. */
	memset(line, ' ', pad);
	strcpy(line + pad, " k=123456");
	assert_int_equal(cmdline_parse(line), 1);
	assert_string_equal(cmdline_get("k"), "12");

	/* A line of exactly CMDLINE_MAX_LEN - 1 characters is kept whole. */
	memset(line, ' ', sizeof(line));
	line[CMDLINE_MAX_LEN - 2] = 'z';
	line[CMDLINE_MAX_LEN - 1] = '\0';
	assert_int_equal(cmdline_parse(line), 1);
	assert_true(cmdline_has("z"));
}

static void test_too_many_options(void **state)
{
	static char line[CMDLINE_MAX_LEN];
	size_t len = 0;

	(void)state;
	for (int i = 0; i < CMDLINE_MAX_OPTS + 10; i++)
		len += (size_t)snprintf(line + len, sizeof(line) - len,
					"o%d=%d ", i, i);

	assert_int_equal(cmdline_parse(line), CMDLINE_MAX_OPTS);
	assert_string_equal(cmdline_get("o0"), "0");
	assert_string_equal(cmdline_get("o63"), "63");
	assert_null(cmdline_get("o64"));
	assert_null(cmdline_get("o73"));
}

static void test_too_many_options_ignores_late_duplicate(void **state)
{
	static char line[CMDLINE_MAX_LEN];
	size_t len = 0;

	(void)state;
	len += (size_t)snprintf(line, sizeof(line), "mode=early ");
	for (int i = 1; i < CMDLINE_MAX_OPTS; i++)
		len +=
		    (size_t)snprintf(line + len, sizeof(line) - len, "f%d ", i);
	snprintf(line + len, sizeof(line) - len, "mode=late");

	assert_int_equal(cmdline_parse(line), CMDLINE_MAX_OPTS);
	assert_string_equal(cmdline_get("mode"), "early");
}

static void test_double_quotes_group(void **state)
{
	(void)state;
	assert_int_equal(
	    cmdline_parse("a=1 init=\"/bin/hello x  y\" b \"c d\"=e f=\"\""),
	    5);
	assert_string_equal(cmdline_get("a"), "1");
	assert_string_equal(cmdline_get("init"), "/bin/hello x  y");
	assert_string_equal(cmdline_get("c d"), "e");
	assert_string_equal(cmdline_get("f"), "");
	assert_true(cmdline_has("b"));
	/* An '=' inside quotes does not split; quotes may start mid-word. */
	assert_int_equal(cmdline_parse("k=\"x=y\"z w=a\" \"b"), 2);
	assert_string_equal(cmdline_get("k"), "x=yz");
	assert_string_equal(cmdline_get("w"), "a b");
	/* Unclosed: to the end of the line. */
	assert_int_equal(cmdline_parse("k=\"open to the end"), 1);
	assert_string_equal(cmdline_get("k"), "open to the end");
	/* The raw line keeps its quotes. */
	assert_string_equal(cmdline_raw(), "k=\"open to the end");
	/* GRUB's escaped forms: \" groups like ", \\ is one backslash,
	 * \' one quote. */
	assert_int_equal(cmdline_parse("init=\\\"a \\'b\\'\\\",c x=1\\\\2"), 2);
	assert_string_equal(cmdline_get("init"), "a 'b',c");
	assert_string_equal(cmdline_get("x"), "1\\2");
}

static void test_get_ulong_decimal(void **state)
{
	(void)state;
	cmdline_parse("a=0 b=42 c=007 d=18446744073709551615");
	assert_int_equal(cmdline_get_ulong("a", 99), 0);
	assert_int_equal(cmdline_get_ulong("b", 99), 42);
	/* Leading zeros are decimal, not octal. */
	assert_int_equal(cmdline_get_ulong("c", 99), 7);
	assert_true(cmdline_get_ulong("d", 99) == ULONG_MAX);
}

static void test_get_ulong_hex(void **state)
{
	(void)state;
	cmdline_parse("a=0x10 b=0XfF c=0xdeadBEEF d=0x0 e=0xffffffffffffffff");
	assert_int_equal(cmdline_get_ulong("a", 99), 16);
	assert_int_equal(cmdline_get_ulong("b", 99), 255);
	assert_int_equal(cmdline_get_ulong("c", 99), 0xdeadbeef);
	assert_int_equal(cmdline_get_ulong("d", 99), 0);
	assert_true(cmdline_get_ulong("e", 99) == ULONG_MAX);
}

static void test_get_ulong_rejects(void **state)
{
	static const char *const bad_keys[] = {
	    "flag", "empty",	"x",	    "hexjunk", "junk",	  "lead", "neg",
	    "plus", "hexdigit", "octalish", "over",    "hexover", "dot",
	};

	(void)state;
	cmdline_parse("flag empty= x=0x hexjunk=0x1g junk=12abc lead=abc "
		      "neg=-1 plus=+1 hexdigit=ff octalish=0o7 "
		      "over=18446744073709551616 "
		      "hexover=0x10000000000000000 dot=1.5");
	for (size_t i = 0; i < sizeof(bad_keys) / sizeof(bad_keys[0]); i++)
		assert_int_equal(cmdline_get_ulong(bad_keys[i], 1234), 1234);

	assert_int_equal(cmdline_get_ulong("absent", 77), 77);
	assert_int_equal(cmdline_get_ulong(NULL, 78), 78);
}

static void test_get_ulong_huge_decimal(void **state)
{
	(void)state;
	/* Far beyond 64 bits: must not wrap back into range. */
	cmdline_parse("n=340282366920938463463374607431768211457");
	assert_int_equal(cmdline_get_ulong("n", 5), 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_null_and_empty),
	    cmocka_unit_test(test_flags),
	    cmocka_unit_test(test_key_value),
	    cmocka_unit_test(test_empty_value_and_extra_equals),
	    cmocka_unit_test(test_keys_match_exactly),
	    cmocka_unit_test(test_empty_key_is_dropped),
	    cmocka_unit_test(test_later_duplicate_wins),
	    cmocka_unit_test(test_whitespace),
	    cmocka_unit_test(test_reparse_replaces),
	    cmocka_unit_test(test_caller_buffer_may_change),
	    cmocka_unit_test(test_truncation_at_max_len),
	    cmocka_unit_test(test_truncation_cuts_last_option),
	    cmocka_unit_test(test_too_many_options),
	    cmocka_unit_test(test_too_many_options_ignores_late_duplicate),
	    cmocka_unit_test(test_double_quotes_group),
	    cmocka_unit_test(test_get_ulong_decimal),
	    cmocka_unit_test(test_get_ulong_hex),
	    cmocka_unit_test(test_get_ulong_rejects),
	    cmocka_unit_test(test_get_ulong_huge_decimal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
