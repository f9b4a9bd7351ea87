/*
 * test_acpi.c - host unit tests for the ACPI table finder (kernel/acpi/acpi.c):
 * the RSDP in both revisions, the choice between XSDT and RSDT, results
 * on failure and acpi_strerror().  The root table and the tables it lists:
 * test_acpi_tables.c; where the FADT puts the power-management timer:
 * test_acpi_fadt.c.  Memory and tables come from acpi_builder.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "kernel/acpi.h"
#include "tests/host/acpi_builder.h"

/* ---- the RSDP and the choice of root ----------------------------------- */

static void test_rev0_rsdp_with_rsdt(void **state)
{
	(void)state;
	put_standard_rev0();

	assert_int_equal(parse(RSDP_AT), 0);
	assert_int_equal(info.revision, 0);
	assert_string_equal(info.oem_id, "PORTCL");
	assert_false(info.uses_xsdt);
	assert_standard_tables();
	assert_int_equal(info.pm_timer_port, 0x608);
	assert_false(info.pm_timer_32bit);
}

/* Revision 1 has no extended fields: whatever follows the 20 bytes (here
 * a wild length and the address of a perfectly good XSDT) is not read. */
static void test_rev1_read_as_rev0(void **state)
{
	(void)state;
	static const uint64_t apic_only[] = {APIC_AT};
	put_standard_tables();
	put_rsdt(RSDT_AT, apic_only, 1);
	put_xsdt(XSDT_AT, standard_entries, 3);
	put_rsdp(RSDP_AT, 1, RSDT_AT, 0);
	poke_u32(RSDP_AT + 20, 0xffffffffu);
	poke_u64(RSDP_AT + 24, XSDT_AT);

	assert_int_equal(parse(RSDP_AT), 0);
	assert_int_equal(info.revision, 0);
	assert_false(info.uses_xsdt);
	assert_int_equal(info.table_count, 1);
	assert_table(0, "APIC", APIC_AT, APIC_LEN);
}

/* With both roots present the XSDT is used, for any revision >= 2, and
 * the revision is reported as 2. */
static void test_rev2_prefers_xsdt(void **state)
{
	(void)state;
	static const uint64_t apic_only[] = {APIC_AT};
	static const uint8_t revisions[] = {2, 3, 6, 255};

	put_standard_tables();
	put_rsdt(RSDT_AT, apic_only, 1);
	put_xsdt(XSDT_AT, standard_entries, 3);
	for (size_t i = 0; i < sizeof(revisions); i++) {
		put_rsdp(RSDP_AT, revisions[i], RSDT_AT, XSDT_AT);
		assert_int_equal(parse(RSDP_AT), 0);
		assert_int_equal(info.revision, 2);
		assert_string_equal(info.oem_id, "PORTCL");
		assert_true(info.uses_xsdt);
		assert_standard_tables();
		assert_int_equal(info.pm_timer_port, 0x608);
	}
}

static void test_rev2_without_xsdt_uses_rsdt(void **state)
{
	(void)state;
	put_standard_tables();
	put_rsdt(RSDT_AT, standard_entries, 3);
	put_rsdp(RSDP_AT, 2, RSDT_AT, 0);

	assert_int_equal(parse(RSDP_AT), 0);
	assert_int_equal(info.revision, 2);
	assert_false(info.uses_xsdt);
	assert_standard_tables();
}

/* XSDT entries are 64 bits: one above 4 GiB whose low half happens to be
 * a real table's address must not be cut down to it. */
static void test_xsdt_entries_are_64_bit(void **state)
{
	(void)state;
	const uint64_t entries[] = {(1ULL << 32) | APIC_AT, HPET_AT};
	put_standard_tables();
	put_xsdt(XSDT_AT, entries, 2);
	put_rsdp(RSDP_AT, 2, 0, XSDT_AT);

	assert_int_equal(parse(RSDP_AT), 0);
	assert_int_equal(info.table_count, 1);
	assert_int_equal(info.bad_tables, 1);
	assert_table(0, "HPET", HPET_AT, HPET_LEN);
}

/* An extended part longer than 36 bytes (a future revision) is accepted
 * when the checksum covers all of the stated length. */
static void test_rsdp_longer_extended_part(void **state)
{
	(void)state;
	put_standard_rev2();
	poke_u32(RSDP_AT + 20, 40);
	poke_u32(RSDP_AT + 36, 0x12345678);
	fix_checksum(RSDP_AT, 40, RSDP_AT + 32);

	assert_int_equal(parse(RSDP_AT), 0);
	assert_true(info.uses_xsdt);
	assert_standard_tables();

	/* ... and refused when it covers only 36 of them. */
	fix_checksum(RSDP_AT, 36, RSDP_AT + 32);
	assert_int_equal(parse(RSDP_AT), ACPI_ERR_RSDP_BAD);
}

static void test_rsdp_missing_or_unreadable(void **state)
{
	(void)state;
	put_standard_rev0();

	assert_int_equal(parse(0), ACPI_ERR_NO_RSDP);
	assert_int_equal(map_calls, 0); /* 0 is never handed to map */
	assert_int_equal(info.revision, -1);
	assert_int_equal(parse(OUTSIDE_AT), ACPI_ERR_NO_RSDP);
	assert_int_equal(parse(MEM_BASE - 8), ACPI_ERR_NO_RSDP);
	assert_int_equal(parse(MEM_END - 10), ACPI_ERR_NO_RSDP);
	assert_int_equal(parse(UINT64_MAX - 5), ACPI_ERR_NO_RSDP);
	assert_int_equal(info.revision, -1);
	assert_int_equal(info.table_count, 0);
}

static void test_rsdp_bad_signature(void **state)
{
	(void)state;
	put_standard_rev0();
	memcpy(at(RSDP_AT), "RSD PTR!", 8);
	fix_checksum(RSDP_AT, 20, RSDP_AT + 8);

	assert_int_equal(parse(RSDP_AT), ACPI_ERR_RSDP_BAD);
	assert_int_equal(info.revision, -1);
	assert_string_equal(info.oem_id, "");

	memcpy(at(RSDP_AT), "rsd ptr ", 8);
	fix_checksum(RSDP_AT, 20, RSDP_AT + 8);
	assert_int_equal(parse(RSDP_AT), ACPI_ERR_RSDP_BAD);
}

static void test_rsdp_bad_checksum(void **state)
{
	(void)state;
	put_standard_rev0();
	*at(RSDP_AT + 8) += 1;
	assert_int_equal(parse(RSDP_AT), ACPI_ERR_RSDP_BAD);

	/* Revision 2: the 20-byte checksum is still checked on its own,
	 * even when the extended one (which also covers it) holds. */
	reset();
	put_standard_rev2();
	*at(RSDP_AT + 8) += 1;
	*at(RSDP_AT + 33) -= 1; /* reserved: keeps the 36-byte sum at 0 */
	assert_int_equal(parse(RSDP_AT), ACPI_ERR_RSDP_BAD);
	assert_int_equal(info.revision, -1);
}

static void test_rsdp_bad_extended_checksum(void **state)
{
	(void)state;
	put_standard_rev2();
	*at(RSDP_AT + 33) = 0x5a; /* reserved, outside the 20-byte sum */

	assert_int_equal(parse(RSDP_AT), ACPI_ERR_RSDP_BAD);
	assert_int_equal(info.revision, -1);
}

static void test_rsdp_extended_length_below_36(void **state)
{
	(void)state;
	static const uint32_t lengths[] = {0, 20, 35};

	put_standard_rev2();
	for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		poke_u32(RSDP_AT + 20, lengths[i]);
		fix_checksum(RSDP_AT, 36, RSDP_AT + 32);
		assert_int_equal(parse(RSDP_AT), ACPI_ERR_RSDP_BAD);
	}
}

/* An extended length reaching beyond memory, or an RSDP whose first 20
 * bytes are readable but whose extended part is not. */
static void test_rsdp_extended_part_unreadable(void **state)
{
	(void)state;
	put_standard_rev2();
	poke_u32(RSDP_AT + 20, 0xffffffffu);
	fix_checksum(RSDP_AT, 36, RSDP_AT + 32);
	assert_int_equal(parse(RSDP_AT), ACPI_ERR_RSDP_BAD);

	/* Only 20 bytes fit before the end of memory: fine for revision 0,
	 * not for revision 2. */
	uint64_t last = MEM_END - 20;
	put_rsdp(last, 0, RSDT_AT, 0);
	put_rsdt(RSDT_AT, standard_entries, 3);
	assert_int_equal(parse(last), 0);
	assert_standard_tables();
	*at(last + 15) = 2;
	fix_checksum(last, 20, last + 8);
	assert_int_equal(parse(last), ACPI_ERR_RSDP_BAD);
}

/* ---- results on failure, and error strings ----------------------------- */

/* Whatever *out held before, an error leaves it fully defined. */
static void test_error_leaves_info_defined(void **state)
{
	(void)state;
	memset(&info, 0xa5, sizeof(info));
	assert_int_equal(parse(OUTSIDE_AT), ACPI_ERR_NO_RSDP);
	assert_int_equal(info.revision, -1);
	assert_string_equal(info.oem_id, "");
	assert_false(info.uses_xsdt);
	assert_int_equal(info.table_count, 0);
	assert_int_equal(info.bad_tables, 0);
	assert_int_equal(info.tables_dropped, 0);
	assert_no_timer();
	assert_null(acpi_find(&info, "APIC"));
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(acpi_strerror(0), "no error");
	assert_string_equal(acpi_strerror(ACPI_ERR_NO_RSDP),
			    "no readable ACPI RSDP");
	assert_string_equal(
	    acpi_strerror(ACPI_ERR_RSDP_BAD),
	    "ACPI RSDP has a bad signature, length or checksum");
	assert_string_equal(
	    acpi_strerror(ACPI_ERR_ROOT_BAD),
	    "ACPI root table (XSDT/RSDT) unreadable or corrupt");
	assert_string_equal(acpi_strerror(ACPI_ERR_MADT_BAD),
			    "ACPI MADT shorter than its fixed fields");
	assert_string_equal(acpi_strerror(-5), "unknown ACPI error");
	assert_string_equal(acpi_strerror(1), "unknown ACPI error");
	assert_int_equal(ACPI_PM_TIMER_HZ, 3579545);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_rev0_rsdp_with_rsdt),
	    T(test_rev1_read_as_rev0),
	    T(test_rev2_prefers_xsdt),
	    T(test_rev2_without_xsdt_uses_rsdt),
	    T(test_xsdt_entries_are_64_bit),
	    T(test_rsdp_longer_extended_part),
	    T(test_rsdp_missing_or_unreadable),
	    T(test_rsdp_bad_signature),
	    T(test_rsdp_bad_checksum),
	    T(test_rsdp_bad_extended_checksum),
	    T(test_rsdp_extended_length_below_36),
	    T(test_rsdp_extended_part_unreadable),
	    T(test_error_leaves_info_defined),
	    T(test_strerror),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
