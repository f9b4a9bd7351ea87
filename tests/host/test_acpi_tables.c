/*
 * test_acpi_tables.c - host unit tests for the ACPI table finder
 * (kernel/acpi/acpi.c) past the RSDP: hostile root tables (XSDT/RSDT), the
 * tables the root lists (bad checksums, unreadable, short, unprintable
 * signatures), the cap on kept tables, and acpi_find().  The RSDP itself:
 * test_acpi.c.  Memory and tables come from acpi_builder.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "kernel/acpi.h"
#include "tests/host/acpi_builder.h"

/* ---- the root table ---------------------------------------------------- */

/* The root is the XSDT or the RSDT according to where the RSDP points;
 * the other's signature there is an error, not a substitute. */
static void test_root_bad_signature(void **state)
{
	(void)state;
	put_standard_tables();
	put_xsdt(RSDT_AT, standard_entries, 3);
	put_rsdp(RSDP_AT, 0, RSDT_AT, 0);
	assert_int_equal(parse(RSDP_AT), ACPI_ERR_ROOT_BAD);
	/* The RSDP was good, so what it said is reported. */
	assert_int_equal(info.revision, 0);
	assert_string_equal(info.oem_id, "PORTCL");
	assert_int_equal(info.table_count, 0);

	put_rsdt(XSDT_AT, standard_entries, 3);
	put_rsdp(RSDP_AT, 2, 0, XSDT_AT);
	assert_int_equal(parse(RSDP_AT), ACPI_ERR_ROOT_BAD);
	assert_true(info.uses_xsdt);

	put_table(XSDT_AT, "FACP", 44);
	assert_int_equal(parse(RSDP_AT), ACPI_ERR_ROOT_BAD);
}

static void test_root_bad_checksum(void **state)
{
	(void)state;
	put_standard_rev2();
	*at(XSDT_AT + 36) ^= 0x01; /* an entry changed after the sum */
	assert_int_equal(parse(RSDP_AT), ACPI_ERR_ROOT_BAD);
	assert_int_equal(info.table_count, 0);
	assert_no_timer();

	reset();
	put_standard_rev0();
	*at(RSDT_AT + 9) += 1;
	assert_int_equal(parse(RSDP_AT), ACPI_ERR_ROOT_BAD);
}

static void test_root_shorter_than_header(void **state)
{
	(void)state;
	static const uint32_t lengths[] = {0, 4, 35};

	put_standard_rev0();
	for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		poke_u32(RSDT_AT + 4, lengths[i]);
		fix_checksum(RSDT_AT, 36, RSDT_AT + 9);
		assert_int_equal(parse(RSDP_AT), ACPI_ERR_ROOT_BAD);
	}
}

static void test_root_unreadable(void **state)
{
	(void)state;
	put_standard_tables();

	/* RSDT address 0: not asked of the map function at all. */
	put_rsdp(RSDP_AT, 0, 0, 0);
	assert_int_equal(parse(RSDP_AT), ACPI_ERR_ROOT_BAD);
	assert_int_equal(zero_maps, 0);

	put_rsdp(RSDP_AT, 0, (uint32_t)OUTSIDE_AT, 0);
	assert_int_equal(parse(RSDP_AT), ACPI_ERR_ROOT_BAD);

	put_rsdp(RSDP_AT, 2, 0, UINT64_MAX - 15);
	assert_int_equal(parse(RSDP_AT), ACPI_ERR_ROOT_BAD);

	/* The header is readable, the rest of the table is not. */
	uint64_t last = MEM_END - 36;
	put_sdt_header(last, "RSDT", 48);
	put_rsdp(RSDP_AT, 0, (uint32_t)last, 0);
	assert_int_equal(parse(RSDP_AT), ACPI_ERR_ROOT_BAD);
}

/* A hostile length must neither wrap an end address nor drive a read past
 * memory: the map function refuses, and so does the parser. */
static void test_root_hostile_length(void **state)
{
	(void)state;
	static const uint32_t lengths[] = {0xffffffffu, 0x80000000u,
					   (uint32_t)MEM_SIZE + 1};

	put_standard_rev2();
	for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		poke_u32(XSDT_AT + 4, lengths[i]);
		assert_int_equal(parse(RSDP_AT), ACPI_ERR_ROOT_BAD);
		assert_int_equal(info.table_count, 0);
	}
}

/* Bytes after the last whole entry are covered by the checksum but are
 * not an entry. */
static void test_root_partial_entry_ignored(void **state)
{
	(void)state;
	put_standard_rev0();
	poke_u32(RSDT_AT + 4, 36 + 2 * 4 + 3);
	*at(RSDT_AT + 44) = 0x14; /* would make a third entry, if read */
	fix_sdt(RSDT_AT);
	assert_int_equal(parse(RSDP_AT), 0);
	assert_int_equal(info.table_count, 2);
	assert_int_equal(info.bad_tables, 0);

	reset();
	put_standard_rev2();
	poke_u32(XSDT_AT + 4, 36 + 8 + 7);
	fix_sdt(XSDT_AT);
	assert_int_equal(parse(RSDP_AT), 0);
	assert_int_equal(info.table_count, 1);
	assert_table(0, "FACP", FADT_AT, FADT_LEN);
}

static void test_empty_root(void **state)
{
	(void)state;
	put_rsdt(RSDT_AT, NULL, 0);
	put_rsdp(RSDP_AT, 0, RSDT_AT, 0);

	assert_int_equal(parse(RSDP_AT), 0);
	assert_int_equal(info.table_count, 0);
	assert_int_equal(info.bad_tables, 0);
	assert_no_timer();
	assert_null(acpi_find(&info, "APIC"));
}

/* ---- the tables the root lists ----------------------------------------- */

static void test_bad_checksum_table_skipped(void **state)
{
	(void)state;
	put_standard_rev0();
	*at(APIC_AT + 40) ^= 0x80;

	assert_int_equal(parse(RSDP_AT), 0);
	assert_int_equal(info.table_count, 2);
	assert_int_equal(info.bad_tables, 1);
	assert_table(0, "FACP", FADT_AT, FADT_LEN);
	assert_table(1, "HPET", HPET_AT, HPET_LEN);
	assert_null(acpi_find(&info, "APIC"));
	assert_int_equal(info.pm_timer_port, 0x608);
}

static void test_unreadable_tables_skipped(void **state)
{
	(void)state;
	const uint64_t entries[] = {
	    OUTSIDE_AT,	    /* beyond memory */
	    0,		    /* an empty slot */
	    UINT64_MAX - 3, /* header would wrap past 2^64 */
	    MEM_END - 36,   /* header readable, body beyond memory */
	    MEM_END - 10,   /* header cut off by the end of memory */
	    APIC_AT,
	};
	put_standard_tables();
	put_sdt_header(MEM_END - 36, "SSDT", 64);
	put_xsdt(XSDT_AT, entries, 6);
	put_rsdp(RSDP_AT, 2, 0, XSDT_AT);

	assert_int_equal(parse(RSDP_AT), 0);
	assert_int_equal(info.table_count, 1);
	assert_int_equal(info.bad_tables, 5);
	assert_table(0, "APIC", APIC_AT, APIC_LEN);
	assert_null(acpi_find(&info, "SSDT"));
	assert_int_equal(zero_maps, 0); /* the empty slot is not mapped */
}

static void test_short_tables_skipped(void **state)
{
	(void)state;
	const uint64_t entries[] = {SPARE_AT, SPARE_AT + 0x100, HPET_AT};
	put_standard_tables();
	put_table(SPARE_AT, "SSDT", 35);
	put_sdt_header(SPARE_AT + 0x100, "SSDT", 0);
	put_rsdt(RSDT_AT, entries, 3);
	put_rsdp(RSDP_AT, 0, RSDT_AT, 0);

	assert_int_equal(parse(RSDP_AT), 0);
	assert_int_equal(info.table_count, 1);
	assert_int_equal(info.bad_tables, 2);
	assert_table(0, "HPET", HPET_AT, HPET_LEN);
}

/* A signature that is not four printable characters would make a string
 * that lies (an early NUL) or garbles the console. */
static void test_unprintable_signature_skipped(void **state)
{
	(void)state;
	const uint64_t entries[] = {SPARE_AT, SPARE_AT + 0x100,
				    SPARE_AT + 0x200, APIC_AT};
	put_standard_tables();
	put_table(SPARE_AT, "AP\0C", 40);
	put_table(SPARE_AT + 0x100, "AP\nC", 40);
	put_table(SPARE_AT + 0x200, "SS T", 40);
	put_rsdt(RSDT_AT, entries, 4);
	put_rsdp(RSDP_AT, 0, RSDT_AT, 0);

	assert_int_equal(parse(RSDP_AT), 0);
	assert_int_equal(info.table_count, 1);
	assert_int_equal(info.bad_tables, 3);
	assert_table(0, "APIC", APIC_AT, APIC_LEN);
	assert_null(acpi_find(&info, "AP"));
}

/* More tables than ACPI_MAX_TABLES: the first ones are kept, the rest
 * counted, bad ones still counted as bad, and a FADT listed last still
 * gives the timer. */
static void test_more_than_max_tables_capped(void **state)
{
	(void)state;
	enum { GOOD = ACPI_MAX_TABLES + 8, BAD = 3 };
	uint64_t entries[GOOD + BAD + 1];
	int n = 0;

	for (int i = 0; i < GOOD; i++) {
		uint64_t phys = MANY_AT + (uint64_t)i * MANY_STEP;
		put_table(phys, "SSDT", 0x40);
		entries[n++] = phys;
		if (i % 13 == 5)
			entries[n++] = OUTSIDE_AT; /* BAD of these */
	}
	assert_int_equal(n, GOOD + BAD);
	put_fadt(FADT_AT, &qemu_fadt);
	entries[n++] = FADT_AT;
	put_xsdt(XSDT_AT, entries, n);
	put_rsdp(RSDP_AT, 2, 0, XSDT_AT);

	assert_int_equal(parse(RSDP_AT), 0);
	assert_int_equal(info.table_count, ACPI_MAX_TABLES);
	assert_int_equal(info.tables_dropped, GOOD - ACPI_MAX_TABLES + 1);
	assert_int_equal(info.bad_tables, BAD);
	assert_table(0, "SSDT", MANY_AT, 0x40);
	assert_table(ACPI_MAX_TABLES - 1, "SSDT",
		     MANY_AT + (ACPI_MAX_TABLES - 1) * MANY_STEP, 0x40);
	assert_null(acpi_find(&info, "FACP"));
	assert_int_equal(info.pm_timer_port, 0x608);
}

static void test_find(void **state)
{
	(void)state;
	const uint64_t entries[] = {FADT_AT, APIC_AT, HPET_AT, SPARE_AT};
	put_standard_tables();
	put_table(SPARE_AT, "APIC", 44); /* a second MADT: the first wins */
	put_rsdt(RSDT_AT, entries, 4);
	put_rsdp(RSDP_AT, 0, RSDT_AT, 0);
	assert_int_equal(parse(RSDP_AT), 0);
	assert_int_equal(info.table_count, 4);

	const struct acpi_table_ref *apic = acpi_find(&info, "APIC");
	assert_ptr_equal(apic, &info.tables[1]);
	assert_int_equal(apic->phys, APIC_AT);
	assert_ptr_equal(acpi_find(&info, "HPET"), &info.tables[2]);
	assert_ptr_equal(acpi_find(&info, "FACP"), &info.tables[0]);

	assert_null(acpi_find(&info, "SSDT"));
	assert_null(acpi_find(&info, "apic"));
	assert_null(acpi_find(&info, "API"));
	assert_null(acpi_find(&info, "APICS"));
	assert_null(acpi_find(&info, ""));
	assert_null(acpi_find(&info, NULL));
	assert_null(acpi_find(NULL, "APIC"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_root_bad_signature),
	    T(test_root_bad_checksum),
	    T(test_root_shorter_than_header),
	    T(test_root_unreadable),
	    T(test_root_hostile_length),
	    T(test_root_partial_entry_ignored),
	    T(test_empty_root),
	    T(test_bad_checksum_table_skipped),
	    T(test_unreadable_tables_skipped),
	    T(test_short_tables_skipped),
	    T(test_unprintable_signature_skipped),
	    T(test_more_than_max_tables_capped),
	    T(test_find),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
