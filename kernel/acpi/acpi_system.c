/*
 * acpi_system.c - this machine's ACPI tables, found once at boot.
 *
 * The boot loader located the RSDP for us (multiboot2 tags 14/15, a copy
 * inside the information structure).  acpi_init() hands it to the pure
 * parser (acpi.c) with a map function on PHYSMAP that refuses anything
 * PHYSMAP does not cover, prints what it found, and keeps the result for
 * the drivers that need it (the PM timer, for calibrating the local APIC
 * timer).  No ACPI is not an error: old PCs and some emulator settings
 * have none, and the kernel runs without it.
 */
#include "kernel/acpi.h"

#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/lib/string.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"
#include "kernel/multiboot2.h"

static struct acpi_info system_acpi;
static bool have_acpi;

/* Valid only after vm_init: PHYSMAP then covers [0, vm_physmap_end()). */
static const void *map_physmap(uint64_t phys, uint64_t len)
{
	uint64_t end = vm_physmap_end();
	if (phys == 0 || len > end || phys > end - len)
		return NULL;
	return phys_to_virt(phys);
}

static void print_tables(void)
{
	char names[ACPI_MAX_TABLES * 5 + 1];
	size_t at = 0;

	for (int i = 0; i < system_acpi.table_count; i++) {
		for (int j = 0; j < 4; j++)
			names[at++] = system_acpi.tables[i].signature[j];
		names[at++] = ' ';
	}
	names[at ? at - 1 : 0] = '\0';
	printk("acpi: revision %d (OEM \"%s\"), %s with %d tables: %s\n",
	       system_acpi.revision, system_acpi.oem_id,
	       system_acpi.uses_xsdt ? "XSDT" : "RSDT", system_acpi.table_count,
	       names);
	if (system_acpi.bad_tables)
		printk(
		    "acpi: %d table entries skipped (unreadable or bad checksum)\n",
		    system_acpi.bad_tables);
}

void acpi_init(const struct boot_info *bi)
{
	const char *option = cmdline_get("acpi");
	if (option && strcmp(option, "off") == 0) {
		printk("acpi: not used (acpi=off)\n");
		return;
	}
	if (bi->rsdp_revision < 0) {
		printk("acpi: the boot loader found no RSDP: no ACPI\n");
		return;
	}
	int err = acpi_parse(bi->rsdp_phys, map_physmap, &system_acpi);
	if (err) {
		printk("acpi: tables unusable: %s\n", acpi_strerror(err));
		return;
	}
	have_acpi = true;
	print_tables();
	if (system_acpi.pm_timer_port)
		printk("acpi: PM timer at port 0x%x, %d bits\n",
		       system_acpi.pm_timer_port,
		       system_acpi.pm_timer_32bit ? 32 : 24);
	else
		printk("acpi: the FADT names no PM timer\n");
}

const struct acpi_info *acpi_get(void)
{
	return have_acpi ? &system_acpi : NULL;
}
