/*
 * test_madt.c - host unit tests for acpi_madt_cpus() (kernel/acpi/madt.c):
 * which CPUs a MADT yields, in both entry forms, and what a hostile table
 * (short, zero-length or overlong entries, duplicates, too many CPUs)
 * cannot make it do.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kernel/acpi.h"

/* A MADT under construction: header and fixed fields, then entries. */
static uint8_t table[4096];
static uint32_t used;

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void madt_begin(uint32_t lapic)
{
	memset(table, 0, sizeof(table));
	memcpy(table, "APIC", 4);
	put32(table + 36, lapic);
	put32(table + 40, 1); /* PCAT_COMPAT */
	used = 44;
}

static void add_lapic(uint8_t uid, uint8_t id, uint32_t flags)
{
	uint8_t *e = table + used;
	e[0] = 0;
	e[1] = 8;
	e[2] = uid;
	e[3] = id;
	put32(e + 4, flags);
	used += 8;
}

static void add_x2apic(uint32_t id, uint32_t flags)
{
	uint8_t *e = table + used;
	e[0] = 9;
	e[1] = 16;
	put32(e + 4, id);
	put32(e + 8, flags);
	put32(e + 12, id);
	used += 16;
}

static void add_ioapic(void)
{
	uint8_t *e = table + used;
	e[0] = 1;
	e[1] = 12;
	put32(e + 4, 0xfec00000u);
	used += 12;
}

static struct acpi_madt madt;

static int parse(void)
{
	/* A fresh heap copy of exactly `used` bytes: ASan catches any read
	 * past the table's end. */
	uint8_t *copy = malloc(used);
	memcpy(copy, table, used);
	int err = acpi_madt_cpus(copy, used, &madt);
	free(copy);
	return err;
}

static void test_qemu_like_table(void **state)
{
	(void)state;
	madt_begin(0xfee00000u);
	add_lapic(0, 0, 1);
	add_ioapic();
	add_lapic(1, 1, 1);
	add_lapic(2, 2, 1);
	add_lapic(3, 3, 1);
	assert_int_equal(parse(), 0);
	assert_int_equal(madt.lapic_phys, 0xfee00000u);
	assert_int_equal(madt.cpu_count, 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(madt.cpus[i].apic_id, i);
	assert_int_equal(madt.cpus_disabled, 0);
}

static void test_disabled_and_online_capable_are_not_started(void **state)
{
	(void)state;
	madt_begin(0xfee00000u);
	add_lapic(0, 0, 1);
	add_lapic(1, 1, 0); /* absent */
	add_lapic(2, 2, 2); /* online capable only: hot-plug, not now */
	add_lapic(3, 6, 3);
	assert_int_equal(parse(), 0);
	assert_int_equal(madt.cpu_count, 2);
	assert_int_equal(madt.cpus[0].apic_id, 0);
	assert_int_equal(madt.cpus[1].apic_id, 6);
	assert_int_equal(madt.cpus_disabled, 2);
}

static void test_x2apic_entries_and_duplicates(void **state)
{
	(void)state;
	madt_begin(0xfee00000u);
	add_lapic(0, 0, 1);
	add_x2apic(0, 1);   /* the same CPU again, other form */
	add_x2apic(300, 1); /* beyond 8-bit IDs */
	assert_int_equal(parse(), 0);
	assert_int_equal(madt.cpu_count, 2);
	assert_int_equal(madt.cpus[1].apic_id, 300);
}

static void test_short_table_is_refused(void **state)
{
	(void)state;
	madt_begin(0xfee00000u);
	used = 43;
	assert_int_equal(parse(), ACPI_ERR_MADT_BAD);
	assert_int_equal(madt.cpu_count, 0);
}

static void test_zero_length_entry_ends_the_walk(void **state)
{
	(void)state;
	madt_begin(0xfee00000u);
	add_lapic(0, 0, 1);
	table[used] = 0;
	table[used + 1] = 0; /* would loop forever */
	used += 2;
	add_lapic(1, 1, 1);
	assert_int_equal(parse(), 0);
	assert_int_equal(madt.cpu_count, 1);
}

static void test_entry_past_the_end_is_not_read(void **state)
{
	(void)state;
	madt_begin(0xfee00000u);
	add_lapic(0, 0, 1);
	add_lapic(1, 1, 1);
	used -= 3; /* the second entry's flags are cut off */
	assert_int_equal(parse(), 0);
	assert_int_equal(madt.cpu_count, 1);
}

static void test_short_cpu_entry_is_skipped(void **state)
{
	(void)state;
	madt_begin(0xfee00000u);
	uint8_t *e = table + used;
	e[0] = 0;
	e[1] = 4; /* a Local APIC entry too short for its flags */
	used += 4;
	add_lapic(1, 1, 1);
	assert_int_equal(parse(), 0);
	assert_int_equal(madt.cpu_count, 1);
	assert_int_equal(madt.cpus[0].apic_id, 1);
}

static void test_too_many_cpus_are_counted_not_stored(void **state)
{
	(void)state;
	madt_begin(0xfee00000u);
	for (int i = 0; i < ACPI_MAX_CPUS + 5; i++)
		add_x2apic((uint32_t)i, 1);
	assert_int_equal(parse(), 0);
	assert_int_equal(madt.cpu_count, ACPI_MAX_CPUS);
	assert_int_equal(madt.cpus_dropped, 5);
}

static void test_random_tables_never_crash(void **state)
{
	(void)state;
	srand(12345);
	for (int round = 0; round < 20000; round++) {
		madt_begin((uint32_t)rand());
		used = 44 + (uint32_t)(rand() % 200);
		for (uint32_t i = 44; i < used; i++)
			table[i] =
			    (uint8_t)(rand() % 4 == 0 ? rand() % 10 : rand());
		assert_int_equal(parse(), 0);
		assert_true(madt.cpu_count <= ACPI_MAX_CPUS);
		for (int i = 0; i < madt.cpu_count; i++)
			for (int j = 0; j < i; j++)
				assert_true(madt.cpus[i].apic_id !=
					    madt.cpus[j].apic_id);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_qemu_like_table),
	    cmocka_unit_test(test_disabled_and_online_capable_are_not_started),
	    cmocka_unit_test(test_x2apic_entries_and_duplicates),
	    cmocka_unit_test(test_short_table_is_refused),
	    cmocka_unit_test(test_zero_length_entry_ends_the_walk),
	    cmocka_unit_test(test_entry_past_the_end_is_not_read),
	    cmocka_unit_test(test_short_cpu_entry_is_skipped),
	    cmocka_unit_test(test_too_many_cpus_are_counted_not_stored),
	    cmocka_unit_test(test_random_tables_never_crash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
