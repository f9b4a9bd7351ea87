/*
 * acpi_builder.h - fake physical memory and fake firmware tables for the
 * acpi_parse() tests (test_acpi*.c): RSDP, RSDT/XSDT, FADT and other
 * tables laid out byte by byte with their checksums fixed.
 *
 * Physical memory is a 64 KiB array standing for [0x10000, 0x20000).  The
 * map function hands out a fresh heap copy of exactly the bytes asked for,
 * so AddressSanitizer reports any read beyond what the parser mapped: a
 * parser that trusted a length it had not checked would fail here even
 * when the bytes it over-read happened to exist.
 */
#ifndef TESTS_HOST_ACPI_BUILDER_H
#define TESTS_HOST_ACPI_BUILDER_H

#include <stdint.h>

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

struct fadt_spec {
	uint32_t length;
	uint32_t pm_tmr_blk;
	uint8_t pm_tmr_len;
	uint32_t flags;
	uint8_t x_space; /* address space id of X_PM_TMR_BLK */
	uint64_t x_addr;
};

extern uint8_t mem[MEM_SIZE];
extern int map_calls;
extern int zero_maps; /* calls for physical address 0 */
extern struct acpi_info info;
extern const struct fadt_spec qemu_fadt;
extern const uint64_t standard_entries[3];

/* The map function handed to acpi_parse(). */
const void *fake_map(uint64_t phys, uint64_t len);
/* Empty memory and a fresh result; tests with several cases call it
 * between them. */
void reset(void);
int setup(void **state);
int teardown(void **state);
int parse(uint64_t rsdp_phys);

/* Laying out fake firmware tables. */
uint8_t *at(uint64_t phys);
void poke_u32(uint64_t phys, uint32_t v);
void poke_u64(uint64_t phys, uint64_t v);
uint32_t peek_u32(uint64_t phys);
void fix_checksum(uint64_t phys, uint64_t len, uint64_t sum_at);
void fix_sdt(uint64_t phys);
void put_sdt_header(uint64_t phys, const char *sig, uint32_t length);
void put_table(uint64_t phys, const char *sig, uint32_t length);
void put_rsdt(uint64_t phys, const uint64_t *entries, int n);
void put_xsdt(uint64_t phys, const uint64_t *entries, int n);
void put_rsdp(uint64_t phys, uint8_t revision, uint32_t rsdt, uint64_t xsdt);
void put_fadt(uint64_t phys, const struct fadt_spec *f);
void put_standard_tables(void);
void put_standard_rev0(void);
void put_standard_rev2(void);

/* Checks on the parser's result in info. */
void assert_table(int i, const char *sig, uint64_t phys, uint32_t length);
void assert_standard_tables(void);
void assert_no_timer(void);

#endif
