/*
 * test_acpi_fadt.c - host unit tests for where acpi_parse()
 * (kernel/acpi/acpi.c) finds the ACPI power-management timer in the FADT:
 * PM_TMR_BLK and X_PM_TMR_BLK, the 24/32-bit flag, short, hostile and
 * hardware-reduced FADTs, and which FADT counts.  Memory and tables come
 * from acpi_builder.c; the rest of the parser: test_acpi.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "kernel/acpi.h"
#include "tests/host/acpi_builder.h"

/* ---- the PM timer from the FADT ---------------------------------------- */

/* Parses a rev-2 XSDT listing only this FADT and an APIC table. */
static void parse_with_fadt(const struct fadt_spec *f)
{
	const uint64_t entries[] = {APIC_AT, FADT_AT};

	put_table(APIC_AT, "APIC", APIC_LEN);
	put_fadt(FADT_AT, f);
	put_xsdt(XSDT_AT, entries, 2);
	put_rsdp(RSDP_AT, 2, 0, XSDT_AT);
	assert_int_equal(parse(RSDP_AT), 0);
}

/* An ACPI 1.0 FADT (116 bytes): PM_TMR_BLK alone, 24 bits. */
static void test_fadt_pm_tmr_blk_24bit(void **state)
{
	(void)state;
	struct fadt_spec f = {
	    .length = 116, .pm_tmr_blk = 0x808, .pm_tmr_len = 4};

	parse_with_fadt(&f);
	assert_int_equal(info.table_count, 2);
	assert_int_equal(info.pm_timer_port, 0x808);
	assert_false(info.pm_timer_32bit);
}

static void test_fadt_tmr_val_ext_32bit(void **state)
{
	(void)state;
	struct fadt_spec f = {.length = 116,
			      .pm_tmr_blk = 0x808,
			      .pm_tmr_len = 4,
			      .flags = TMR_VAL_EXT | 0x1};

	parse_with_fadt(&f);
	assert_int_equal(info.pm_timer_port, 0x808);
	assert_true(info.pm_timer_32bit);
}

/* Long enough for PM_TMR_LEN but not for Flags: the timer is there, and
 * without flags it can only be the 24-bit kind. */
static void test_fadt_without_flags_is_24bit(void **state)
{
	(void)state;
	static const uint32_t lengths[] = {92, 100, 112, 115};

	for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		struct fadt_spec f = {.length = lengths[i],
				      .pm_tmr_blk = 0x808,
				      .pm_tmr_len = 4,
				      .flags = TMR_VAL_EXT};
		reset();
		parse_with_fadt(&f);
		assert_int_equal(info.pm_timer_port, 0x808);
		assert_false(info.pm_timer_32bit);
	}
}

static void test_fadt_x_pm_tmr_blk_preferred(void **state)
{
	(void)state;
	struct fadt_spec f = {.length = FADT_LEN,
			      .pm_tmr_blk = 0x808,
			      .pm_tmr_len = 4,
			      .flags = TMR_VAL_EXT,
			      .x_space = 1,
			      .x_addr = 0xb008};

	parse_with_fadt(&f);
	assert_int_equal(info.pm_timer_port, 0xb008);
	assert_true(info.pm_timer_32bit);

	/* Exactly long enough for X_PM_TMR_BLK (208 + 12). */
	reset();
	f.length = 220;
	parse_with_fadt(&f);
	assert_int_equal(info.pm_timer_port, 0xb008);
}

/* One byte short of X_PM_TMR_BLK: its bytes (present in memory, beyond
 * the table) are not read. */
static void test_fadt_x_pm_tmr_blk_beyond_length(void **state)
{
	(void)state;
	struct fadt_spec f = {.length = 219,
			      .pm_tmr_blk = 0x808,
			      .pm_tmr_len = 4,
			      .x_space = 1,
			      .x_addr = 0xb008};

	parse_with_fadt(&f);
	assert_int_equal(info.pm_timer_port, 0x808);
}

/* A memory-mapped X_PM_TMR_BLK (space 0), or one of any other space, or
 * an empty one, leaves PM_TMR_BLK as the port. */
static void test_fadt_x_pm_tmr_blk_not_io_falls_back(void **state)
{
	(void)state;
	static const struct {
		uint8_t space;
		uint64_t addr;
	} cases[] = {{0, 0xfed00000ULL}, {2, 0xb008}, {0x7f, 0xb008}, {1, 0}};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fadt_spec f = {.length = FADT_LEN,
				      .pm_tmr_blk = 0x808,
				      .pm_tmr_len = 4,
				      .x_space = cases[i].space,
				      .x_addr = cases[i].addr};
		reset();
		parse_with_fadt(&f);
		assert_int_equal(info.pm_timer_port, 0x808);
	}
}

static void test_fadt_pm_tmr_len_not_4(void **state)
{
	(void)state;
	static const uint8_t lens[] = {0, 1, 3, 8, 0xff};

	for (size_t i = 0; i < sizeof(lens); i++) {
		struct fadt_spec f = {.length = FADT_LEN,
				      .pm_tmr_blk = 0x808,
				      .pm_tmr_len = lens[i],
				      .flags = TMR_VAL_EXT,
				      .x_space = 1,
				      .x_addr = 0xb008};
		reset();
		parse_with_fadt(&f);
		assert_int_equal(info.table_count, 2);
		assert_no_timer();
	}
}

/* Shorter than 92 bytes, PM_TMR_LEN is missing: no timer, even with a
 * plausible PM_TMR_BLK (present from 80 bytes on). */
static void test_fadt_too_short(void **state)
{
	(void)state;
	static const uint32_t lengths[] = {36, 79, 80, 91};

	for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		struct fadt_spec f = {
		    .length = lengths[i], .pm_tmr_blk = 0x808, .pm_tmr_len = 4};
		reset();
		parse_with_fadt(&f);
		assert_int_equal(info.table_count, 2);
		assert_non_null(acpi_find(&info, "FACP"));
		assert_no_timer();
	}

	/* 92 bytes is enough. */
	struct fadt_spec f = {
	    .length = 92, .pm_tmr_blk = 0x808, .pm_tmr_len = 4};
	reset();
	parse_with_fadt(&f);
	assert_int_equal(info.pm_timer_port, 0x808);
}

/* I/O ports are 16 bits: a larger address is not a port, and a bad
 * X_PM_TMR_BLK does not fall back to a good-looking PM_TMR_BLK. */
static void test_fadt_port_out_of_range(void **state)
{
	(void)state;
	struct fadt_spec legacy = {
	    .length = 116, .pm_tmr_blk = 0x10000, .pm_tmr_len = 4};
	parse_with_fadt(&legacy);
	assert_no_timer();

	reset();
	legacy.pm_tmr_blk = 0xffff; /* the last port is still a port */
	parse_with_fadt(&legacy);
	assert_int_equal(info.pm_timer_port, 0xffff);

	struct fadt_spec x = {.length = FADT_LEN,
			      .pm_tmr_blk = 0x808,
			      .pm_tmr_len = 4,
			      .x_space = 1,
			      .x_addr = 0x100000808ULL};
	reset();
	parse_with_fadt(&x);
	assert_no_timer();
}

static void test_fadt_without_port(void **state)
{
	(void)state;
	struct fadt_spec f = {.length = FADT_LEN,
			      .pm_tmr_blk = 0,
			      .pm_tmr_len = 4,
			      .flags = TMR_VAL_EXT};

	parse_with_fadt(&f);
	assert_no_timer();
}

/* Hardware-reduced ACPI has no PM timer, whatever the fields say. */
static void test_fadt_hardware_reduced(void **state)
{
	(void)state;
	struct fadt_spec f = {.length = FADT_LEN,
			      .pm_tmr_blk = 0x808,
			      .pm_tmr_len = 4,
			      .flags = HW_REDUCED_ACPI | TMR_VAL_EXT,
			      .x_space = 1,
			      .x_addr = 0xb008};

	parse_with_fadt(&f);
	assert_no_timer();
}

static void test_no_fadt_no_timer(void **state)
{
	(void)state;
	const uint64_t entries[] = {APIC_AT, HPET_AT};
	put_standard_tables();
	put_rsdt(RSDT_AT, entries, 2);
	put_rsdp(RSDP_AT, 0, RSDT_AT, 0);

	assert_int_equal(parse(RSDP_AT), 0);
	assert_int_equal(info.table_count, 2);
	assert_no_timer();
}

/* A FADT that fails its checksum is not believed; a second, good one
 * after it is.  After a good one, a later FADT changes nothing. */
static void test_only_first_good_fadt_used(void **state)
{
	(void)state;
	struct fadt_spec other = {.length = 116,
				  .pm_tmr_blk = 0x408,
				  .pm_tmr_len = 4,
				  .flags = TMR_VAL_EXT};
	const uint64_t entries[] = {FADT_AT, SPARE_AT};
	put_fadt(FADT_AT, &qemu_fadt);
	put_fadt(SPARE_AT, &other);
	put_rsdt(RSDT_AT, entries, 2);
	put_rsdp(RSDP_AT, 0, RSDT_AT, 0);

	assert_int_equal(parse(RSDP_AT), 0);
	assert_int_equal(info.pm_timer_port, 0x608);
	assert_false(info.pm_timer_32bit);

	*at(FADT_AT + 50) ^= 0x10;
	assert_int_equal(parse(RSDP_AT), 0);
	assert_int_equal(info.bad_tables, 1);
	assert_int_equal(info.pm_timer_port, 0x408);
	assert_true(info.pm_timer_32bit);

	put_rsdt(RSDT_AT, entries, 1);
	assert_int_equal(parse(RSDP_AT), 0);
	assert_int_equal(info.table_count, 0);
	assert_no_timer();
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_fadt_pm_tmr_blk_24bit),
	    T(test_fadt_tmr_val_ext_32bit),
	    T(test_fadt_without_flags_is_24bit),
	    T(test_fadt_x_pm_tmr_blk_preferred),
	    T(test_fadt_x_pm_tmr_blk_beyond_length),
	    T(test_fadt_x_pm_tmr_blk_not_io_falls_back),
	    T(test_fadt_pm_tmr_len_not_4),
	    T(test_fadt_too_short),
	    T(test_fadt_port_out_of_range),
	    T(test_fadt_without_port),
	    T(test_fadt_hardware_reduced),
	    T(test_no_fadt_no_timer),
	    T(test_only_first_good_fadt_used),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
