/*
 * acpi.c - finding the firmware's ACPI tables, trusting none of them.
 *
 * A PC cannot describe itself through probing alone: how many CPUs there
 * are and which local APIC each has, where the I/O APICs and the HPET sit,
 * which legacy devices exist, which I/O ports hold the power-management
 * registers.  The firmware knows, and ACPI (the Advanced Configuration and
 * Power Interface) is the format in which it tells the operating system:
 * a set of tables in memory, each a 36-byte header (a four-letter
 * signature, a length, a checksum, who made it) followed by its body.
 *
 * The tables hang from a single root.  The boot loader finds the RSDP
 * ("Root System Description Pointer", ACPI 6.5 section 5.2.5) for us; it
 * holds the address of the RSDT, a table of 32-bit table addresses, and
 * since ACPI 2.0 (RSDP revision 2) also the XSDT, the same list with 64-bit
 * addresses.  When both exist the XSDT wins: the RSDT only remains so that
 * ACPI 1.0 operating systems still boot.  So the walk is
 *     RSDP -> XSDT (or RSDT) -> FACP, APIC, HPET, MCFG, ...
 *
 * Every structure on the way carries a checksum: its bytes must sum to
 * zero modulo 256.  That catches a pointer to the wrong place or firmware
 * that failed to update a table after editing it, and a table that fails it
 * is not used: acting on garbage from firmware (a wrong APIC address, a
 * wrong I/O port) would fault or hang the machine far from the cause.
 * Lengths are checked the same way before anything they cover is read,
 * and every address goes through the caller's map function, which alone
 * decides what is readable, so a hostile table cannot send the parser
 * outside memory.
 *
 * From the FADT ("Fixed ACPI Description Table", signature "FACP",
 * section 5.2.9) we take the power-management timer: a counter in I/O
 * space that runs at 3.579545 MHz whatever the CPU does.  The kernel needs
 * one clock of known frequency to calibrate the others (the local APIC
 * timer's rate is not documented anywhere), and the traditional choice,
 * the 8254 PIT, is gone or gated off on many newer PCs, while nearly every
 * PC whose ACPI is not "hardware-reduced" still has the PM timer.
 */
#include "kernel/acpi.h"

#include "kernel/le_bytes.h"

#include <stddef.h>

/* RSDP layout (section 5.2.5.3).  Revision 1 does not exist in practice
 * and has no extended fields: only revision >= 2 may be read past 20. */
#define RSDP_V1_SIZE	    20
#define RSDP_V2_MIN_SIZE    36
#define RSDP_OFF_OEM_ID	    9
#define RSDP_OEM_ID_LEN	    6
#define RSDP_OFF_REVISION   15
#define RSDP_OFF_RSDT	    16
#define RSDP_OFF_LENGTH	    20
#define RSDP_OFF_XSDT	    24
#define RSDP_FIRST_EXTENDED 2

/* The header shared by every system description table (section 5.2.6). */
#define SDT_HEADER_SIZE	  36
#define SDT_OFF_LENGTH	  4
#define SDT_SIGNATURE_LEN 4
#define XSDT_ENTRY_SIZE	  8
#define RSDT_ENTRY_SIZE	  4

/* FADT fields (section 5.2.9); each is read only when the table's length
 * covers it, since older firmware ships shorter FADTs. */
#define FADT_OFF_PM_TMR_BLK   76 /* u32 I/O port */
#define FADT_OFF_PM_TMR_LEN   91 /* u8, 4 when the timer exists */
#define FADT_OFF_FLAGS	      112
#define FADT_OFF_X_PM_TMR_BLK 208 /* Generic Address Structure */
#define FADT_PM_TMR_LEN	      4
#define FADT_TMR_VAL_EXT      (1u << 8)
/* Hardware-reduced ACPI (since 5.0) has no fixed hardware at all: the
 * specification tells the OS to ignore PM_TMR_BLK and X_PM_TMR_BLK. */
#define FADT_HW_REDUCED_ACPI (1u << 20)

/* Generic Address Structure (section 5.2.3.2). */
#define GAS_SIZE	    12
#define GAS_OFF_SPACE_ID    0
#define GAS_OFF_ADDRESS	    4
#define GAS_SPACE_SYSTEM_IO 1

#define IO_PORT_MAX 0xffffu

static bool bytes_equal(const uint8_t *bytes, const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (bytes[i] != (uint8_t)text[i])
			return false;
	return true;
}

static bool checksum_ok(const uint8_t *bytes, uint64_t len)
{
	uint8_t sum = 0;

	for (uint64_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + bytes[i]);
	return sum == 0;
}

/* Signatures are kept as strings, printed and compared with acpi_find():
 * a NUL, blank or control byte in one would make the string lie about the
 * table or garble the console.  Real signatures are letters and digits. */
static bool signature_printable(const uint8_t *sig)
{
	for (int i = 0; i < SDT_SIGNATURE_LEN; i++)
		if (sig[i] <= ' ' || sig[i] > '~')
			return false;
	return true;
}

/*
 * Maps a whole system description table and checks its length and
 * checksum.  The length is only known once the header is readable, so the
 * header is mapped first.  Returns NULL when the table cannot be used.
 */
static const uint8_t *map_sdt(acpi_map_fn map, uint64_t phys, uint32_t *length)
{
	/* Physical address 0 is never a table: an empty root entry or an
	 * absent RSDT, not something to ask the map function about. */
	if (phys == 0)
		return NULL;
	const uint8_t *header = map(phys, SDT_HEADER_SIZE);
	if (header == NULL)
		return NULL;
	uint32_t len = read_u32(header + SDT_OFF_LENGTH);
	if (len < SDT_HEADER_SIZE)
		return NULL;
	const uint8_t *table = map(phys, len);
	if (table == NULL || !checksum_ok(table, len))
		return NULL;
	*length = len;
	return table;
}

/* Invariant: fadt has been checksummed and length bytes of it are
 * readable; every field below is read only when length covers it. */
static void read_pm_timer(const uint8_t *fadt, uint32_t length,
			  struct acpi_info *out)
{
	if (length < FADT_OFF_PM_TMR_LEN + 1 ||
	    fadt[FADT_OFF_PM_TMR_LEN] != FADT_PM_TMR_LEN)
		return;
	uint32_t flags = 0;
	if (length >= FADT_OFF_FLAGS + 4)
		flags = read_u32(fadt + FADT_OFF_FLAGS);
	if (flags & FADT_HW_REDUCED_ACPI)
		return;

	uint64_t port = read_u32(fadt + FADT_OFF_PM_TMR_BLK);
	/* The 64-bit field supersedes the 32-bit one when filled in, but we
	 * read the timer with IN, so only an I/O-space address will do; a
	 * memory-mapped one leaves the legacy port as the answer. */
	if (length >= FADT_OFF_X_PM_TMR_BLK + GAS_SIZE) {
		const uint8_t *gas = fadt + FADT_OFF_X_PM_TMR_BLK;
		uint64_t address = read_u64(gas + GAS_OFF_ADDRESS);
		if (address != 0 &&
		    gas[GAS_OFF_SPACE_ID] == GAS_SPACE_SYSTEM_IO)
			port = address;
	}
	if (port == 0 || port > IO_PORT_MAX)
		return;
	out->pm_timer_port = (uint16_t)port;
	out->pm_timer_32bit = (flags & FADT_TMR_VAL_EXT) != 0;
}

static void add_table(acpi_map_fn map, uint64_t phys, struct acpi_info *out,
		      bool *fadt_seen)
{
	uint32_t length;
	const uint8_t *table = map_sdt(map, phys, &length);

	if (table == NULL || !signature_printable(table)) {
		out->bad_tables++;
		return;
	}
	/* The timer does not depend on room in tables[]: the FADT may come
	 * late in a long root.  Firmware lists one FADT; if it lists more,
	 * the first good one stands. */
	if (!*fadt_seen && bytes_equal(table, "FACP", SDT_SIGNATURE_LEN)) {
		*fadt_seen = true;
		read_pm_timer(table, length, out);
	}
	if (out->table_count >= ACPI_MAX_TABLES) {
		out->tables_dropped++;
		return;
	}
	struct acpi_table_ref *ref = &out->tables[out->table_count++];
	for (int i = 0; i < SDT_SIGNATURE_LEN; i++)
		ref->signature[i] = (char)table[i];
	ref->signature[SDT_SIGNATURE_LEN] = '\0';
	ref->phys = phys;
	ref->length = length;
}

static int walk_root(acpi_map_fn map, uint64_t root_phys, struct acpi_info *out)
{
	uint32_t length;
	const uint8_t *root = map_sdt(map, root_phys, &length);

	if (root == NULL || !bytes_equal(root, out->uses_xsdt ? "XSDT" : "RSDT",
					 SDT_SIGNATURE_LEN))
		return ACPI_ERR_ROOT_BAD;

	/* map_sdt() guarantees length >= SDT_HEADER_SIZE, so this cannot
	 * wrap, and entry i < count ends within length: a trailing partial
	 * entry is never read. */
	uint32_t entry_size =
	    out->uses_xsdt ? XSDT_ENTRY_SIZE : RSDT_ENTRY_SIZE;
	uint32_t count = (length - SDT_HEADER_SIZE) / entry_size;
	bool fadt_seen = false;
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *entry =
		    root + SDT_HEADER_SIZE + (size_t)i * entry_size;
		uint64_t phys =
		    out->uses_xsdt ? read_u64(entry) : read_u32(entry);
		add_table(map, phys, out, &fadt_seen);
	}
	return 0;
}

static void clear_info(struct acpi_info *out)
{
	uint8_t *bytes = (uint8_t *)out;

	for (size_t i = 0; i < sizeof(*out); i++)
		bytes[i] = 0;
	out->revision = -1;
}

int acpi_parse(uint64_t rsdp_phys, acpi_map_fn map, struct acpi_info *out)
{
	clear_info(out);
	if (rsdp_phys == 0)
		return ACPI_ERR_NO_RSDP;
	const uint8_t *rsdp = map(rsdp_phys, RSDP_V1_SIZE);
	if (rsdp == NULL)
		return ACPI_ERR_NO_RSDP;
	if (!bytes_equal(rsdp, "RSD PTR ", 8) ||
	    !checksum_ok(rsdp, RSDP_V1_SIZE))
		return ACPI_ERR_RSDP_BAD;

	uint8_t revision = rsdp[RSDP_OFF_REVISION];
	uint64_t root_phys = read_u32(rsdp + RSDP_OFF_RSDT);
	bool uses_xsdt = false;
	if (revision >= RSDP_FIRST_EXTENDED) {
		/* The extended part is checked as a whole before any of it is
		 * believed, including its own length. */
		const uint8_t *ext = map(rsdp_phys, RSDP_V2_MIN_SIZE);
		if (ext == NULL)
			return ACPI_ERR_RSDP_BAD;
		uint32_t length = read_u32(ext + RSDP_OFF_LENGTH);
		if (length < RSDP_V2_MIN_SIZE)
			return ACPI_ERR_RSDP_BAD;
		ext = map(rsdp_phys, length);
		if (ext == NULL || !checksum_ok(ext, length))
			return ACPI_ERR_RSDP_BAD;
		uint64_t xsdt_phys = read_u64(ext + RSDP_OFF_XSDT);
		if (xsdt_phys != 0) {
			root_phys = xsdt_phys;
			uses_xsdt = true;
		}
	}

	out->revision = revision >= RSDP_FIRST_EXTENDED ? 2 : 0;
	for (int i = 0; i < RSDP_OEM_ID_LEN; i++)
		out->oem_id[i] = (char)rsdp[RSDP_OFF_OEM_ID + i];
	out->oem_id[RSDP_OEM_ID_LEN] = '\0';
	out->uses_xsdt = uses_xsdt;
	return walk_root(map, root_phys, out);
}

const struct acpi_table_ref *acpi_find(const struct acpi_info *info,
				       const char *signature)
{
	if (info == NULL || signature == NULL)
		return NULL;
	for (int t = 0; t < info->table_count && t < ACPI_MAX_TABLES; t++) {
		const struct acpi_table_ref *ref = &info->tables[t];
		int i = 0;
		/* Kept signatures hold no NUL, so a shorter query stops the
		 * loop with a mismatch instead of reading past its end. */
		while (i < SDT_SIGNATURE_LEN &&
		       ref->signature[i] == signature[i])
			i++;
		if (i == SDT_SIGNATURE_LEN && signature[i] == '\0')
			return ref;
	}
	return NULL;
}

const char *acpi_strerror(int err)
{
	switch (err) {
	case 0:
		return "no error";
	case ACPI_ERR_NO_RSDP:
		return "no readable ACPI RSDP";
	case ACPI_ERR_RSDP_BAD:
		return "ACPI RSDP has a bad signature, length or checksum";
	case ACPI_ERR_ROOT_BAD:
		return "ACPI root table (XSDT/RSDT) unreadable or corrupt";
	case ACPI_ERR_MADT_BAD:
		return "ACPI MADT shorter than its fixed fields";
	default:
		return "unknown ACPI error";
	}
}
