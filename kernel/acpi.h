/*
 * acpi.h - the firmware's ACPI tables: found, checked and listed.
 *
 * acpi_parse() starts from the RSDP that the boot loader located, follows
 * it to the root table (XSDT or RSDT) and records every table the root
 * lists whose length and checksum hold up, plus the one fact the kernel
 * needs early from the FADT: where the ACPI power-management timer is.
 * It reaches physical memory only through the caller's map function, so it
 * is pure C, arch-neutral and unit-tested on the host with hostile tables.
 * See kernel/acpi/acpi.c for the why.
 */
#ifndef KERNEL_ACPI_H
#define KERNEL_ACPI_H

#include <stdbool.h>
#include <stdint.h>

/* How the parser reaches physical memory: returns a pointer through which
 * len bytes at phys can be read, or NULL when that range is not readable
 * (not mapped, beyond memory).  The kernel passes a function built on its
 * direct map; host tests pass a fake memory buffer.  Every pointer it
 * returns must stay valid until acpi_parse() returns: the parser keeps the
 * root table while it maps each table the root lists. */
typedef const void *(*acpi_map_fn)(uint64_t phys, uint64_t len);

#define ACPI_MAX_TABLES 32

struct acpi_table_ref {
	char signature[5]; /* 4 printable non-blanks, NUL-terminated */
	uint64_t phys;
	uint32_t length;
};

struct acpi_info {
	/* RSDP revision: 0 = ACPI 1.0, 2 = 2.0+; -1 when no usable RSDP. */
	int revision;
	char oem_id[7]; /* from the RSDP, NUL-terminated */
	/* The root table is the XSDT (64-bit entries), not the RSDT. */
	bool uses_xsdt;
	/* Tables kept in tables[]: valid signature, length and checksum. */
	int table_count;
	/* Entries skipped: unreadable, too short, bad checksum, or a
	 * signature that is not four printable, non-blank characters. */
	int bad_tables;
	int tables_dropped; /* valid tables beyond ACPI_MAX_TABLES, not kept */
	struct acpi_table_ref tables[ACPI_MAX_TABLES];
	/* From the FADT ("FACP"): the ACPI power-management timer, a
	 * free-running 3.579545 MHz counter in I/O space.  pm_timer_port 0 =
	 * none.  Found even when the FADT lies beyond ACPI_MAX_TABLES. */
	uint16_t pm_timer_port;
	/* FADT flag TMR_VAL_EXT: a 32-bit counter, else 24-bit. */
	bool pm_timer_32bit;
};

/* Error codes (negative returns of acpi_parse). */
/* rsdp_phys is 0 or its first 20 bytes are unreadable. */
#define ACPI_ERR_NO_RSDP (-1)
/* Bad signature "RSD PTR " or checksum (20-byte, and for revision >= 2 the
 * extended checksum over its length field, which must be >= 36 and
 * readable). */
#define ACPI_ERR_RSDP_BAD (-2)
/* Root table (XSDT or RSDT) at address 0, unreadable, wrong signature,
 * length < 36, or bad checksum. */
#define ACPI_ERR_ROOT_BAD (-3)

/*
 * Fills *out from the RSDP at rsdp_phys.  Returns 0 on success (even when
 * some tables were skipped: see bad_tables) or one of ACPI_ERR_*.  On an
 * error *out is still fully defined: no tables and no timer; revision,
 * oem_id and uses_xsdt are set only if the RSDP itself was good.
 */
int acpi_parse(uint64_t rsdp_phys, acpi_map_fn map, struct acpi_info *out);

/* The first kept table with that 4-character signature, or NULL. */
const struct acpi_table_ref *acpi_find(const struct acpi_info *info,
				       const char *signature);

/* A human description of an ACPI_ERR_* code (or of 0). */
const char *acpi_strerror(int err);

#define ACPI_PM_TIMER_HZ 3579545u

/* The CPUs of the MADT (kernel/acpi/madt.c), in the table's order.  Only
 * enabled CPUs are listed, each APIC ID once. */
#define ACPI_MAX_CPUS 64
struct acpi_cpu {
	uint32_t apic_id;
};
struct acpi_madt {
	uint32_t lapic_phys; /* the local APIC's address, as the MADT says */
	int cpu_count;
	int cpus_disabled; /* neither Enabled nor usable now */
	int cpus_dropped;  /* enabled CPUs beyond ACPI_MAX_CPUS */
	struct acpi_cpu cpus[ACPI_MAX_CPUS];
};
/* The table is shorter than its fixed fields. */
#define ACPI_ERR_MADT_BAD (-4)
/* Reads the MADT's `length` bytes (header included).  0 or
 * ACPI_ERR_MADT_BAD; *out is defined either way. */
int acpi_madt_cpus(const uint8_t *madt, uint32_t length, struct acpi_madt *out);

/* acpi_system.c: this machine's tables, parsed once at boot from the RSDP
 * the boot loader found; acpi_get() is NULL when there is no usable ACPI. */
struct boot_info;
void acpi_init(const struct boot_info *bi);
const struct acpi_info *acpi_get(void);

#endif
