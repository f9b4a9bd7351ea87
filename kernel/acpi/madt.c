/*
 * madt.c - the CPUs of this machine, from the ACPI MADT.
 *
 * The MADT ("Multiple APIC Description Table", signature "APIC", ACPI 6.5
 * section 5.2.12) is how firmware tells the operating system which
 * processors exist: one entry per logical CPU, naming its local APIC ID,
 * which is the address an inter-processor interrupt is sent to.  Nothing
 * else says it reliably: CPUID describes only the CPU that executes it,
 * and poking at APIC IDs that do not exist starts nothing (or, on some
 * chipsets, something unexpected).
 *
 * After the 36-byte header come the local APIC's physical address (u32)
 * and flags (u32), then variable-length entries, each starting with a type
 * byte and a length byte.  We read two types:
 *   0  Processor Local APIC: ACPI UID (u8), APIC ID (u8), flags (u32)
 *   9  Processor Local x2APIC: reserved (u16), x2APIC ID (u32), flags
 *      (u32), ACPI UID (u32) - firmware uses it for IDs above 254
 * Flag bit 0 (Enabled) says the CPU is usable now; bit 1 (Online Capable,
 * ACPI 6.3) says it may be enabled later (hot-plug).  A CPU with neither
 * must not be started.
 *
 * Like acpi.c this is pure and hostile-input-proof: every entry's length is
 * checked against the table before a byte of it is read, a zero-length
 * entry ends the walk (it would loop forever), and the caller gives the
 * table's bytes and their count.  Host tests: tests/host/test_madt.c.
 */
#include "kernel/acpi.h"

#include "kernel/le_bytes.h"

#define MADT_OFF_LAPIC_ADDR 36
#define MADT_OFF_ENTRIES    44
#define ENTRY_LOCAL_APIC    0
#define ENTRY_LOCAL_X2APIC  9
#define LOCAL_APIC_LEN	    8
#define LOCAL_X2APIC_LEN    16
#define MADT_CPU_ENABLED    (1u << 0)
#define MADT_CPU_ONLINE_CAP (1u << 1)

static bool already_listed(const struct acpi_cpu *cpus, int n, uint32_t id)
{
	for (int i = 0; i < n; i++)
		if (cpus[i].apic_id == id)
			return true;
	return false;
}

int acpi_madt_cpus(const uint8_t *madt, uint32_t length, struct acpi_madt *out)
{
	out->cpu_count = 0;
	out->cpus_dropped = 0;
	out->cpus_disabled = 0;
	out->lapic_phys = 0;
	if (length < MADT_OFF_ENTRIES)
		return ACPI_ERR_MADT_BAD;
	out->lapic_phys = read_u32(madt + MADT_OFF_LAPIC_ADDR);

	uint32_t off = MADT_OFF_ENTRIES;
	while (off + 2 <= length) {
		uint8_t type = madt[off], len = madt[off + 1];
		if (len < 2 || off + len > length)
			break; /* a broken entry: nothing after it can be trusted */
		uint32_t id = 0, flags = 0;
		bool is_cpu = false;
		if (type == ENTRY_LOCAL_APIC && len >= LOCAL_APIC_LEN) {
			id = madt[off + 3];
			flags = read_u32(madt + off + 4);
			is_cpu = true;
		} else if (type == ENTRY_LOCAL_X2APIC &&
			   len >= LOCAL_X2APIC_LEN) {
			id = read_u32(madt + off + 4);
			flags = read_u32(madt + off + 8);
			is_cpu = true;
		}
		off += len;
		if (!is_cpu)
			continue;
		if (!(flags & MADT_CPU_ENABLED)) {
			out->cpus_disabled++;
			continue;
		}
		if (already_listed(out->cpus, out->cpu_count, id))
			continue; /* firmware lists some CPUs in both forms */
		if (out->cpu_count == ACPI_MAX_CPUS) {
			out->cpus_dropped++;
			continue;
		}
		out->cpus[out->cpu_count++].apic_id = id;
	}
	return 0;
}
