/*
 * test_acpi.c - host unit tests for the ACPI table finder (kernel/acpi/acpi.c):
 * the RSDP in both revisions, the choice between XSDT and RSDT, hostile
 * roots and tables, the cap on kept tables, acpi_find(), and where the
 * FADT puts the power-management timer.
 *
 * Physical memory is a 64 KiB array standing for [0x10000, 0x20000).  The
 * map function hands out a fresh heap copy of exactly the bytes asked for,
 * so AddressSanitizer reports any read beyond what the parser mapped: a
 * parser that trusted a length it had not checked would fail here even
 * when the bytes it over-read happened to exist.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kernel/acpi.h"

#define MEM_BASE 0x10000ULL
#define MEM_SIZE 0x10000ULL
#define MEM_END	 (MEM_BASE + MEM_SIZE)

/* Where the tests lay things out; OUTSIDE is beyond the fake memory. */
#define RSDP_AT	   0x10000ULL
#define RSDT_AT	   0x11000ULL
#define XSDT_AT	   0x12000ULL
#define FADT_AT	   0x13000ULL
#define APIC_AT	   0x14000ULL
#define HPET_AT	   0x15000ULL
#define SPARE_AT   0x15800ULL
#define MANY_AT	   0x16000ULL
#define MANY_STEP  0x80ULL
#define OUTSIDE_AT 0x90000ULL

#define APIC_LEN 0x78
#define HPET_LEN 56
#define FADT_LEN 276 /* ACPI 6.x */

/* FADT offsets and flags, as the specification gives them. */
#define FADT_PM_TMR_BLK	  76
#define FADT_PM_TMR_LEN	  91
#define FADT_FLAGS	  112
#define FADT_X_PM_TMR_BLK 208
#define TMR_VAL_EXT	  (1u << 8)
#define HW_REDUCED_ACPI	  (1u << 20)

static uint8_t mem[MEM_SIZE];

#define MAX_MAPPINGS 4096
static void *mappings[MAX_MAPPINGS];
static int mapping_count;
static int map_calls;
static int zero_maps; /* calls for physical address 0 */

static struct acpi_info info;

static const void *fake_map(uint64_t phys, uint64_t len)
{
	map_calls++;
	if (phys == 0)
		zero_maps++;
	/* Written so that nothing wraps, whatever phys and len are. */
	if (phys < MEM_BASE || len > MEM_SIZE ||
	    phys - MEM_BASE > MEM_SIZE - len)
		return NULL;
	assert_true(mapping_count < MAX_MAPPINGS);
	void *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, mem + (phys - MEM_BASE), len);
	mappings[mapping_count++] = copy;
	return copy;
}

static void free_mappings(void)
{
	for (int i = 0; i < mapping_count; i++)
		free(mappings[i]);
	mapping_count = 0;
}

/* Empty memory and a fresh result; tests with several cases call it
 * between them. */
static void reset(void)
{
	free_mappings();
	memset(mem, 0, sizeof(mem));
	memset(&info, 0, sizeof(info));
	map_calls = 0;
	zero_maps = 0;
}

static int setup(void **state)
{
	(void)state;
	reset();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free_mappings();
	return 0;
}

static int parse(uint64_t rsdp_phys)
{
	return acpi_parse(rsdp_phys, fake_map, &info);
}

/* ---- laying out fake firmware tables ----------------------------------- */

static uint8_t *at(uint64_t phys)
{
	assert_true(phys >= MEM_BASE && phys < MEM_END);
	return mem + (phys - MEM_BASE);
}

static void poke_u32(uint64_t phys, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		*at(phys + i) = (uint8_t)(v >> (8 * i));
}

static void poke_u64(uint64_t phys, uint64_t v)
{
	poke_u32(phys, (uint32_t)v);
	poke_u32(phys + 4, (uint32_t)(v >> 32));
}

static uint32_t peek_u32(uint64_t phys)
{
	return (uint32_t)*at(phys) | (uint32_t)*at(phys + 1) << 8 |
	       (uint32_t)*at(phys + 2) << 16 | (uint32_t)*at(phys + 3) << 24;
}

/* Makes len bytes at phys sum to 0 by adjusting the byte at sum_at. */
static void fix_checksum(uint64_t phys, uint64_t len, uint64_t sum_at)
{
	uint8_t sum = 0;

	*at(sum_at) = 0;
	for (uint64_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + *at(phys + i));
	*at(sum_at) = (uint8_t)(0x100 - sum);
}

/* The checksum over a table's stated length; lengths beyond memory (the
 * hostile cases) are left unfixed, since nothing could read them anyway. */
static void fix_sdt(uint64_t phys)
{
	uint32_t len = peek_u32(phys + 4);

	if (len >= 10 && len <= MEM_END - phys)
		fix_checksum(phys, len, phys + 9);
}

static void put_sdt_header(uint64_t phys, const char *sig, uint32_t length)
{
	memcpy(at(phys), sig, 4);
	poke_u32(phys + 4, length);
	*at(phys + 8) = 1;		    /* revision */
	memcpy(at(phys + 10), "PORTCL", 6); /* OEM ID */
	memcpy(at(phys + 16), "TESTTBL ", 8);
	poke_u32(phys + 24, 1);
	memcpy(at(phys + 28), "TEST", 4);
	poke_u32(phys + 32, 1);
}

/* A table with a recognisable body and a correct checksum. */
static void put_table(uint64_t phys, const char *sig, uint32_t length)
{
	put_sdt_header(phys, sig, length);
	for (uint32_t i = 36; i < length; i++)
		*at(phys + i) = (uint8_t)(i * 7 + 3);
	fix_sdt(phys);
}

static void put_rsdt(uint64_t phys, const uint64_t *entries, int n)
{
	put_sdt_header(phys, "RSDT", 36 + 4 * (uint32_t)n);
	for (int i = 0; i < n; i++)
		poke_u32(phys + 36 + 4 * (uint64_t)i, (uint32_t)entries[i]);
	fix_sdt(phys);
}

static void put_xsdt(uint64_t phys, const uint64_t *entries, int n)
{
	put_sdt_header(phys, "XSDT", 36 + 8 * (uint32_t)n);
	for (int i = 0; i < n; i++)
		poke_u64(phys + 36 + 8 * (uint64_t)i, entries[i]);
	fix_sdt(phys);
}

/* Revision 0 gets only the 20-byte ACPI 1.0 part; revision >= 2 also the
 * extended part (length 36).  The 20-byte checksum is fixed first, since
 * the extended checksum covers its byte. */
static void put_rsdp(uint64_t phys, uint8_t revision, uint32_t rsdt,
		     uint64_t xsdt)
{
	memcpy(at(phys), "RSD PTR ", 8);
	memcpy(at(phys + 9), "PORTCL", 6);
	*at(phys + 15) = revision;
	poke_u32(phys + 16, rsdt);
	fix_checksum(phys, 20, phys + 8);
	if (revision >= 2) {
		poke_u32(phys + 20, 36);
		poke_u64(phys + 24, xsdt);
		fix_checksum(phys, 36, phys + 32);
	}
}

struct fadt_spec {
	uint32_t length;
	uint32_t pm_tmr_blk;
	uint8_t pm_tmr_len;
	uint32_t flags;
	uint8_t x_space; /* address space id of X_PM_TMR_BLK */
	uint64_t x_addr;
};

/* Every field is written to memory even when it lies beyond the stated
 * length: a parser that read past the table would see it (and ASan would
 * catch the read). */
static void put_fadt(uint64_t phys, const struct fadt_spec *f)
{
	put_sdt_header(phys, "FACP", f->length);
	poke_u32(phys + FADT_PM_TMR_BLK, f->pm_tmr_blk);
	*at(phys + FADT_PM_TMR_LEN) = f->pm_tmr_len;
	poke_u32(phys + FADT_FLAGS, f->flags);
	*at(phys + FADT_X_PM_TMR_BLK) = f->x_space;
	*at(phys + FADT_X_PM_TMR_BLK + 1) = 32; /* bit width */
	*at(phys + FADT_X_PM_TMR_BLK + 2) = 0;	/* bit offset */
	*at(phys + FADT_X_PM_TMR_BLK + 3) = 3;	/* access size: dword */
	poke_u64(phys + FADT_X_PM_TMR_BLK + 4, f->x_addr);
	fix_sdt(phys);
}

static const struct fadt_spec qemu_fadt = {
    .length = FADT_LEN,
    .pm_tmr_blk = 0x608,
    .pm_tmr_len = 4,
    .flags = 0,
    .x_space = 1,
    .x_addr = 0x608,
};

/* A FADT, a MADT and an HPET table, as a small PC has them. */
static void put_standard_tables(void)
{
	put_fadt(FADT_AT, &qemu_fadt);
	put_table(APIC_AT, "APIC", APIC_LEN);
	put_table(HPET_AT, "HPET", HPET_LEN);
}

static const uint64_t standard_entries[] = {FADT_AT, APIC_AT, HPET_AT};

/* A rev-0 RSDP -> RSDT -> the three standard tables. */
static void put_standard_rev0(void)
{
	put_standard_tables();
	put_rsdt(RSDT_AT, standard_entries, 3);
	put_rsdp(RSDP_AT, 0, RSDT_AT, 0);
}

/* A rev-2 RSDP -> XSDT -> the three standard tables (no RSDT). */
static void put_standard_rev2(void)
{
	put_standard_tables();
	put_xsdt(XSDT_AT, standard_entries, 3);
	put_rsdp(RSDP_AT, 2, 0, XSDT_AT);
}

static void assert_table(int i, const char *sig, uint64_t phys, uint32_t length)
{
	assert_string_equal(info.tables[i].signature, sig);
	assert_int_equal(info.tables[i].phys, phys);
	assert_int_equal(info.tables[i].length, length);
}

static void assert_standard_tables(void)
{
	assert_int_equal(info.table_count, 3);
	assert_int_equal(info.bad_tables, 0);
	assert_int_equal(info.tables_dropped, 0);
	assert_table(0, "FACP", FADT_AT, FADT_LEN);
	assert_table(1, "APIC", APIC_AT, APIC_LEN);
	assert_table(2, "HPET", HPET_AT, HPET_LEN);
}

static void assert_no_timer(void)
{
	assert_int_equal(info.pm_timer_port, 0);
	assert_false(info.pm_timer_32bit);
}

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
	assert_string_equal(acpi_strerror(-4), "unknown ACPI error");
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
	    T(test_error_leaves_info_defined),
	    T(test_strerror),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
