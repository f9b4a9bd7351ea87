/*
 * acpi_builder.c - see acpi_builder.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kernel/acpi.h"
#include "tests/host/acpi_builder.h"

uint8_t mem[MEM_SIZE];

#define MAX_MAPPINGS 4096
static void *mappings[MAX_MAPPINGS];
static int mapping_count;
int map_calls;
int zero_maps; /* calls for physical address 0 */

struct acpi_info info;

const void *fake_map(uint64_t phys, uint64_t len)
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
void reset(void)
{
	free_mappings();
	memset(mem, 0, sizeof(mem));
	memset(&info, 0, sizeof(info));
	map_calls = 0;
	zero_maps = 0;
}

int setup(void **state)
{
	(void)state;
	reset();
	return 0;
}

int teardown(void **state)
{
	(void)state;
	free_mappings();
	return 0;
}

int parse(uint64_t rsdp_phys)
{
	return acpi_parse(rsdp_phys, fake_map, &info);
}

/* ---- laying out fake firmware tables ----------------------------------- */

uint8_t *at(uint64_t phys)
{
	assert_true(phys >= MEM_BASE && phys < MEM_END);
	return mem + (phys - MEM_BASE);
}

void poke_u32(uint64_t phys, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		*at(phys + i) = (uint8_t)(v >> (8 * i));
}

void poke_u64(uint64_t phys, uint64_t v)
{
	poke_u32(phys, (uint32_t)v);
	poke_u32(phys + 4, (uint32_t)(v >> 32));
}

uint32_t peek_u32(uint64_t phys)
{
	return (uint32_t)*at(phys) | (uint32_t)*at(phys + 1) << 8 |
	       (uint32_t)*at(phys + 2) << 16 | (uint32_t)*at(phys + 3) << 24;
}

/* Makes len bytes at phys sum to 0 by adjusting the byte at sum_at. */
void fix_checksum(uint64_t phys, uint64_t len, uint64_t sum_at)
{
	uint8_t sum = 0;

	*at(sum_at) = 0;
	for (uint64_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + *at(phys + i));
	*at(sum_at) = (uint8_t)(0x100 - sum);
}

/* The checksum over a table's stated length; lengths beyond memory (the
 * hostile cases) are left unfixed, since nothing could read them anyway. */
void fix_sdt(uint64_t phys)
{
	uint32_t len = peek_u32(phys + 4);

	if (len >= 10 && len <= MEM_END - phys)
		fix_checksum(phys, len, phys + 9);
}

void put_sdt_header(uint64_t phys, const char *sig, uint32_t length)
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
void put_table(uint64_t phys, const char *sig, uint32_t length)
{
	put_sdt_header(phys, sig, length);
	for (uint32_t i = 36; i < length; i++)
		*at(phys + i) = (uint8_t)(i * 7 + 3);
	fix_sdt(phys);
}

void put_rsdt(uint64_t phys, const uint64_t *entries, int n)
{
	put_sdt_header(phys, "RSDT", 36 + 4 * (uint32_t)n);
	for (int i = 0; i < n; i++)
		poke_u32(phys + 36 + 4 * (uint64_t)i, (uint32_t)entries[i]);
	fix_sdt(phys);
}

void put_xsdt(uint64_t phys, const uint64_t *entries, int n)
{
	put_sdt_header(phys, "XSDT", 36 + 8 * (uint32_t)n);
	for (int i = 0; i < n; i++)
		poke_u64(phys + 36 + 8 * (uint64_t)i, entries[i]);
	fix_sdt(phys);
}

/* Revision 0 gets only the 20-byte ACPI 1.0 part; revision >= 2 also the
 * extended part (length 36).  The 20-byte checksum is fixed first, since
 * the extended checksum covers its byte. */
void put_rsdp(uint64_t phys, uint8_t revision, uint32_t rsdt, uint64_t xsdt)
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

/* Every field is written to memory even when it lies beyond the stated
 * length: a parser that read past the table would see it (and ASan would
 * catch the read). */
void put_fadt(uint64_t phys, const struct fadt_spec *f)
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

const struct fadt_spec qemu_fadt = {
    .length = FADT_LEN,
    .pm_tmr_blk = 0x608,
    .pm_tmr_len = 4,
    .flags = 0,
    .x_space = 1,
    .x_addr = 0x608,
};

/* A FADT, a MADT and an HPET table, as a small PC has them. */
void put_standard_tables(void)
{
	put_fadt(FADT_AT, &qemu_fadt);
	put_table(APIC_AT, "APIC", APIC_LEN);
	put_table(HPET_AT, "HPET", HPET_LEN);
}

const uint64_t standard_entries[] = {FADT_AT, APIC_AT, HPET_AT};

/* A rev-0 RSDP -> RSDT -> the three standard tables. */
void put_standard_rev0(void)
{
	put_standard_tables();
	put_rsdt(RSDT_AT, standard_entries, 3);
	put_rsdp(RSDP_AT, 0, RSDT_AT, 0);
}

/* A rev-2 RSDP -> XSDT -> the three standard tables (no RSDT). */
void put_standard_rev2(void)
{
	put_standard_tables();
	put_xsdt(XSDT_AT, standard_entries, 3);
	put_rsdp(RSDP_AT, 2, 0, XSDT_AT);
}

void assert_table(int i, const char *sig, uint64_t phys, uint32_t length)
{
	assert_string_equal(info.tables[i].signature, sig);
	assert_int_equal(info.tables[i].phys, phys);
	assert_int_equal(info.tables[i].length, length);
}

void assert_standard_tables(void)
{
	assert_int_equal(info.table_count, 3);
	assert_int_equal(info.bad_tables, 0);
	assert_int_equal(info.tables_dropped, 0);
	assert_table(0, "FACP", FADT_AT, FADT_LEN);
	assert_table(1, "APIC", APIC_AT, APIC_LEN);
	assert_table(2, "HPET", HPET_AT, HPET_LEN);
}

void assert_no_timer(void)
{
	assert_int_equal(info.pm_timer_port, 0);
	assert_false(info.pm_timer_32bit);
}
