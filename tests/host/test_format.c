/*
 * test_format.c - host unit tests for kvformat() and friends.
 *
 * Almost every expectation is a literal string, so the tests document the
 * formatter's exact output rather than whatever the host libc happens to
 * do; host snprintf serves as an oracle only for one sweep of plain cases.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "kernel/format.h"

static char out[512];

/*
 * Deliberately no format attribute: many tests feed formats the compiler
 * would (rightly) reject, such as "%q" or "%05s".
 */
static int format(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(out, sizeof(out), fmt, ap);
	va_end(ap);
	return n;
}

#define assert_format(expected, ...)                                \
	do {                                                        \
		int returned_ = format(__VA_ARGS__);                \
		assert_string_equal(out, (expected));               \
		assert_int_equal(returned_, (int)strlen(expected)); \
	} while (0)

static void test_plain_text(void **state)
{
	(void)state;
	assert_format("", "");
	assert_format("hello, kernel", "hello, kernel");
	assert_format("tab\tnewline\n", "tab\tnewline\n");
}

static void test_signed_decimal(void **state)
{
	(void)state;
	assert_format("0", "%d", 0);
	assert_format("42", "%d", 42);
	assert_format("-42", "%d", -42);
	assert_format("7", "%i", 7);
	assert_format("-7", "%i", -7);
	assert_format("2147483647", "%d", INT_MAX);
	assert_format("-2147483648", "%d", INT_MIN);
	assert_format("a=1 b=-2 c=3", "a=%d b=%d c=%i", 1, -2, 3);
}

static void test_unsigned_decimal(void **state)
{
	(void)state;
	assert_format("0", "%u", 0u);
	assert_format("4294967295", "%u", UINT_MAX);
	/* An int passed for %u is read as its unsigned image. */
	assert_format("4294967295", "%u", -1);
}

static void test_hex(void **state)
{
	(void)state;
	assert_format("0", "%x", 0u);
	assert_format("ff", "%x", 255u);
	assert_format("deadbeef", "%x", 0xdeadbeefu);
	assert_format("DEADBEEF", "%X", 0xdeadbeefu);
	assert_format("ffffffff", "%x", -1);
	assert_format("0xCAFE", "0x%X", 0xcafeu);
}

static void test_long_modifier(void **state)
{
	(void)state;
	assert_format("-9223372036854775808", "%ld", LONG_MIN);
	assert_format("9223372036854775807", "%ld", LONG_MAX);
	assert_format("-9223372036854775808", "%li", LONG_MIN);
	assert_format("18446744073709551615", "%lu", ULONG_MAX);
	assert_format("ffffffffffffffff", "%lx", ULONG_MAX);
	assert_format("123456789ABC", "%lX", 0x123456789abcUL);
}

static void test_long_long_modifier(void **state)
{
	(void)state;
	assert_format("-9223372036854775808", "%lld", LLONG_MIN);
	assert_format("-9223372036854775808", "%lld", (long long)INT64_MIN);
	assert_format("9223372036854775807", "%lli", LLONG_MAX);
	assert_format("18446744073709551615", "%llu",
		      (unsigned long long)UINT64_MAX);
	assert_format("ffffffffffffffff", "%llx",
		      (unsigned long long)UINT64_MAX);
	assert_format("FFFFFFFFFFFFFFFF", "%llX",
		      (unsigned long long)UINT64_MAX);
	assert_format("8000000000000000", "%llx",
		      (unsigned long long)INT64_MIN);
	assert_format("-1", "%lld", -1LL);
	assert_format("0", "%llu", 0ULL);
}

static void test_size_modifier(void **state)
{
	(void)state;
	assert_format("18446744073709551615", "%zu", (size_t)SIZE_MAX);
	assert_format("1000", "%zu", (size_t)1000);
	assert_format("3e8", "%zx", (size_t)1000);
	assert_format("3E8", "%zX", (size_t)1000);
	assert_format("-5", "%zd", (ptrdiff_t)-5);
	assert_format("-9223372036854775808", "%zi", (ptrdiff_t)PTRDIFF_MIN);
}

static void test_width_right_aligned(void **state)
{
	(void)state;
	assert_format("   42", "%5d", 42);
	assert_format("  -42", "%5d", -42);
	assert_format("  ff", "%4x", 255u);
	assert_format(" -5", "%3d", -5);
	assert_format("-5", "%2d", -5);
	assert_format("-5", "%1d", -5);
}

static void test_width_smaller_than_number(void **state)
{
	(void)state;
	assert_format("12345", "%2d", 12345);
	assert_format("-12345", "%3d", -12345);
	assert_format("deadbeef", "%1x", 0xdeadbeefu);
	assert_format("18446744073709551615", "%5llu",
		      (unsigned long long)UINT64_MAX);
	assert_format("hello", "%2s", "hello");
}

static void test_zero_padding(void **state)
{
	(void)state;
	assert_format("00042", "%05d", 42);
	/* The sign goes before the zeros, not after them. */
	assert_format("-0042", "%05d", -42);
	assert_format("-05", "%03d", -5);
	assert_format("0000beef", "%08x", 0xbeefu);
	assert_format("0000BEEF", "%08X", 0xbeefu);
	assert_format("00000000", "%08x", 0u);
	assert_format("42", "%0d", 42);
	assert_format("-9223372036854775808", "%010lld", LLONG_MIN);
	assert_format("-00009223372036854775808", "%024lld", LLONG_MIN);
}

static void test_left_align(void **state)
{
	(void)state;
	assert_format("42   |", "%-5d|", 42);
	assert_format("-42  |", "%-5d|", -42);
	assert_format("ff  |", "%-4x|", 255u);
	assert_format("hi   |", "%-5s|", "hi");
	assert_format("x  |", "%-3c|", 'x');
	/* '-' overrides '0' in either order: padding on the right is spaces. */
	assert_format("-42  |", "%-05d|", -42);
	assert_format("-42  |", "%0-5d|", -42);
	assert_format("12345|", "%-3d|", 12345);
}

static void test_pointer(void **state)
{
	(void)state;
	assert_format("0x0000000000001234", "%p", (void *)0x1234);
	assert_format("0x0000000000000000", "%p", (void *)NULL);
	assert_format("0xffffffff80000000", "%p",
		      (void *)(uintptr_t)0xffffffff80000000ULL);
	assert_format("0xffffffffffffffff", "%p", (void *)UINTPTR_MAX);
	assert_format("  0x0000000000001234", "%20p", (void *)0x1234);
	assert_format("0x0000000000001234  |", "%-20p|", (void *)0x1234);
	/* Zero padding lands between "0x" and the digits, as for numbers. */
	assert_format("0x000000000000001234", "%020p", (void *)0x1234);
	assert_format("0x0000000000001234", "%5p", (void *)0x1234);
}

static void test_string(void **state)
{
	(void)state;
	assert_format("hello", "%s", "hello");
	assert_format("", "%s", "");
	assert_format("[]", "[%s]", "");
	assert_format("(null)", "%s", (char *)NULL);
	assert_format("  (null)", "%8s", (char *)NULL);
	assert_format("   hello", "%8s", "hello");
	assert_format("hello   |", "%-8s|", "hello");
	/* Text is never zero padded. */
	assert_format("   hello", "%08s", "hello");
	assert_format("a b c", "%s %s %s", "a", "b", "c");
}

static void test_char(void **state)
{
	(void)state;
	assert_format("A", "%c", 'A');
	assert_format("  A", "%3c", 'A');
	assert_format("  A", "%03c", 'A');
	assert_format("<a><b>", "<%c><%c>", 'a', 'b');
	assert_format("\xff", "%c", 0xff);
}

static void test_percent(void **state)
{
	(void)state;
	assert_format("%", "%%");
	assert_format("100%", "%d%%", 100);
	assert_format("%%", "%%%%");
	/* "%%" takes no argument: the 5 goes to the %d. */
	assert_format("% 5", "%% %d", 5);
}

static void test_unknown_conversion(void **state)
{
	(void)state;
	assert_format("%q", "%q");
	/* An unknown conversion consumes no argument. */
	assert_format("%q 7", "%q %d", 7);
	assert_format("%5q 7", "%5q %d", 7);
	assert_format("%-08q", "%-08q");
	/* 'h', '.', '+', '*' and '#' are unsupported, so they end the spec. */
	assert_format("%hd 1", "%hd %d", 1);
	assert_format("%.3s", "%.3s", "abcdef");
	assert_format("%+d 2", "%+d %d", 2);
	assert_format("%*d 3", "%*d %d", 3);
	assert_format("%#x 4", "%#x %d", 4);
	/* Length modifiers only combine with integer conversions. */
	assert_format("%ls 5", "%ls %d", 5);
	assert_format("%lp 6", "%lp %d", 6);
	assert_format("%zc 7", "%zc %d", 7);
	assert_format("%lq", "%lq");
	assert_format("%llq", "%llq");
	assert_format("%f 8", "%f %d", 8);
}

static void test_trailing_percent(void **state)
{
	(void)state;
	assert_format("%", "%");
	assert_format("abc%", "abc%");
	assert_format("abc%-5", "abc%-5");
	assert_format("abc%05", "abc%05");
	assert_format("abc%l", "abc%l");
	assert_format("abc%ll", "abc%ll");
	assert_format("42%", "%d%", 42);
}

static void test_width_is_clamped(void **state)
{
	(void)state;
	/* A hostile width is capped (at 4096) rather than honoured. */
	assert_int_equal(format("%99999999999999999999d", 1), 4096);
	assert_int_equal(strlen(out), sizeof(out) - 1);
	assert_int_equal(ksnprintf(NULL, 0, "%4096d", 1), 4096);
	assert_int_equal(ksnprintf(NULL, 0, "%4000d", 1), 4000);
}

static void test_mixed(void **state)
{
	(void)state;
	assert_format("[cpu0] fault at 0x00000000deadb000 err=0006 (write)",
		      "[cpu%u] fault at %p err=%04x (%s)", 0u,
		      (void *)0xdeadb000, 6u, "write");
	assert_format("|   -1|2    |00003|x|", "|%5d|%-5u|%05x|%c|", -1, 2u, 3u,
		      'x');
}

static void test_snprintf_size_zero(void **state)
{
	char buf[4] = {'X', 'X', 'X', 'X'};

	(void)state;
	assert_int_equal(ksnprintf(NULL, 0, "hello %d", 42), 8);
	assert_int_equal(ksnprintf(buf, 0, "hello"), 5);
	/* Nothing may be written, not even a NUL. */
	assert_memory_equal(buf, "XXXX", 4);
}

static void test_snprintf_size_one(void **state)
{
	char buf[4] = {'X', 'X', 'X', 'X'};

	(void)state;
	assert_int_equal(ksnprintf(buf, 1, "hello"), 5);
	assert_int_equal(buf[0], '\0');
	assert_memory_equal(buf + 1, "XXX", 3);
	assert_int_equal(ksnprintf(buf, 1, "%s", ""), 0);
	assert_int_equal(buf[0], '\0');
}

static void test_snprintf_exact_fit(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(ksnprintf(buf, 6, "hello"), 5);
	assert_string_equal(buf, "hello");
	assert_int_equal(buf[6], 'X');

	memset(buf, 'X', sizeof(buf));
	assert_int_equal(ksnprintf(buf, 5, "hello"), 5);
	assert_string_equal(buf, "hell");
	assert_int_equal(buf[5], 'X');
}

static void test_snprintf_truncation(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(ksnprintf(buf, 4, "%d", -123456), 7);
	assert_string_equal(buf, "-12");
	assert_int_equal(buf[4], 'X');

	assert_int_equal(ksnprintf(buf, sizeof(buf), "%p", (void *)0x10), 18);
	assert_string_equal(buf, "0x00000");

	assert_int_equal(ksnprintf(buf, sizeof(buf), "%-10s|", "ab"), 11);
	assert_string_equal(buf, "ab     ");
}

/* A kvformat sink that records what it was given, to check ctx and count. */
struct recorder {
	char text[64];
	int calls;
};

static void record_char(char c, void *ctx)
{
	struct recorder *rec = ctx;

	if (rec->calls < (int)sizeof(rec->text))
		rec->text[rec->calls] = c;
	rec->calls++;
}

static int record(struct recorder *rec, const char *fmt, ...)
{
	va_list ap;
	int n;

	memset(rec, 0, sizeof(*rec));
	va_start(ap, fmt);
	n = kvformat(record_char, rec, fmt, ap);
	va_end(ap);
	return n;
}

static void test_kvformat_callback(void **state)
{
	struct recorder rec;

	(void)state;
	assert_int_equal(record(&rec, "x=%d", 12), 4);
	assert_int_equal(rec.calls, 4);
	assert_memory_equal(rec.text, "x=12", 4);

	/* A NUL from %c is an ordinary character to the emitter. */
	assert_int_equal(record(&rec, "a%cb", 0), 3);
	assert_int_equal(rec.calls, 3);
	assert_memory_equal(rec.text, "a\0b", 3);

	assert_int_equal(record(&rec, ""), 0);
	assert_int_equal(rec.calls, 0);
}

/* One sweep against the host libc for the conversions both agree on. */
static void test_matches_host_snprintf(void **state)
{
	static const long long values[] = {
	    0,	  1,	  -1,	   9,	    10,	       -10,	  255,
	    4096, -65536, INT_MAX, INT_MIN, LLONG_MAX, LLONG_MIN,
	};
	static const char *const formats[] = {
	    "%lld", "%12lld", "%-12lld|", "%012lld", "%llu",
	    "%llx", "%20llX", "%-3llx|",  "%021llu",
	};
	char expected[128];

	(void)state;
	for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
		for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]);
		     f++) {
			int n = snprintf(expected, sizeof(expected), formats[f],
					 values[v]);

			assert_int_equal(format(formats[f], values[v]), n);
			assert_string_equal(out, expected);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain_text),
	    cmocka_unit_test(test_signed_decimal),
	    cmocka_unit_test(test_unsigned_decimal),
	    cmocka_unit_test(test_hex),
	    cmocka_unit_test(test_long_modifier),
	    cmocka_unit_test(test_long_long_modifier),
	    cmocka_unit_test(test_size_modifier),
	    cmocka_unit_test(test_width_right_aligned),
	    cmocka_unit_test(test_width_smaller_than_number),
	    cmocka_unit_test(test_zero_padding),
	    cmocka_unit_test(test_left_align),
	    cmocka_unit_test(test_pointer),
	    cmocka_unit_test(test_string),
	    cmocka_unit_test(test_char),
	    cmocka_unit_test(test_percent),
	    cmocka_unit_test(test_unknown_conversion),
	    cmocka_unit_test(test_trailing_percent),
	    cmocka_unit_test(test_width_is_clamped),
	    cmocka_unit_test(test_mixed),
	    cmocka_unit_test(test_snprintf_size_zero),
	    cmocka_unit_test(test_snprintf_size_one),
	    cmocka_unit_test(test_snprintf_exact_fit),
	    cmocka_unit_test(test_snprintf_truncation),
	    cmocka_unit_test(test_kvformat_callback),
	    cmocka_unit_test(test_matches_host_snprintf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
