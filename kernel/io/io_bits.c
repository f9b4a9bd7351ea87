/*
 * io_bits.c - bitmap arithmetic for ioperm(2), the TSS map and the kill
 * report (io_bits.h).
 */
#include "kernel/io/io_bits.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"

int io_range_check(uint64_t from, uint64_t num)
{
	/* LAB 2: BEGIN SOLUTION */
	if (num == 0 || from >= IO_PORT_COUNT || num > IO_PORT_COUNT - from)
		return -EINVAL;
	return 0;
	/* LAB 2: END SOLUTION */
	/* LAB 2: HINT
	 * 0 for a non-empty range of ports inside 0..0xffff; -EINVAL when
	 * num is 0, when from + num wraps around 2^64, or when it ends past
	 * port 0xffff.  Careful: from and num are whatever user space passed.
	 * LAB 2: CODE
	 *	(void)from;
	 *	(void)num;
	 *	return -ENOSYS;
	 * LAB 2: END HINT */
}

void io_bits_deny_all(uint8_t bits[IO_MAP_BYTES])
{
	memset(bits, 0xff, IO_MAP_BYTES);
}

void io_bits_set_range(uint8_t bits[IO_MAP_BYTES], unsigned from, unsigned num,
		       bool allow)
{
	/* LAB 2: BEGIN SOLUTION */
	unsigned port = from, end = from + num;

	/* Bit by bit up to a byte boundary, whole bytes, then the rest. */
	while (port < end && (port & 7)) {
		if (allow)
			bits[port / 8] &= (uint8_t) ~(1u << (port & 7));
		else
			bits[port / 8] |= (uint8_t)(1u << (port & 7));
		port++;
	}
	if (end - port >= 8) {
		unsigned whole = (end - port) / 8;
		memset(&bits[port / 8], allow ? 0x00 : 0xff, whole);
		port += whole * 8;
	}
	while (port < end) {
		if (allow)
			bits[port / 8] &= (uint8_t) ~(1u << (port & 7));
		else
			bits[port / 8] |= (uint8_t)(1u << (port & 7));
		port++;
	}
	/* LAB 2: END SOLUTION */
	/* LAB 2: HINT
	 * Bit p of the map is bit (p % 8) of byte p / 8; 1 denies, 0 allows.
	 * Whole bytes can be set at once (ioperm(0, 65536, 1) should not
	 * take 65536 steps).
	 * LAB 2: CODE
	 *	(void)bits;
	 *	(void)from;
	 *	(void)num;
	 *	(void)allow;
	 * LAB 2: END HINT */
}

unsigned io_bits_max_below(const uint8_t bits[IO_MAP_BYTES], unsigned limit)
{
	/* LAB 2: BEGIN SOLUTION */
	unsigned n = limit < IO_MAP_BYTES ? limit : IO_MAP_BYTES;
	while (n > 0 && bits[n - 1] == 0xff)
		n--;
	return n;
	/* LAB 2: END SOLUTION */
	/* LAB 2: HINT
	 * The smallest n <= limit (and <= IO_MAP_BYTES) such that every
	 * byte from n on is 0xff, knowing the bytes from limit on are.
	 * LAB 2: CODE
	 *	(void)bits;
	 *	(void)limit;
	 *	return 0;
	 * LAB 2: END HINT */
}

unsigned io_bits_max(const uint8_t bits[IO_MAP_BYTES])
{
	return io_bits_max_below(bits, IO_MAP_BYTES);
}

long io_bits_first_denied(const uint8_t bits[IO_MAP_BYTES], unsigned port,
			  unsigned width)
{
	/* LAB 2: BEGIN SOLUTION */
	for (unsigned p = port; p < port + width; p++) {
		if (p >= IO_PORT_COUNT)
			return p;
		if (bits[p / 8] & (1u << (p & 7)))
			return p;
	}
	return -1;
	/* LAB 2: END SOLUTION */
	/* LAB 2: HINT
	 * As the CPU decides: an access of width bytes at port needs bits
	 * port .. port + width - 1 clear, and a port past 0xffff counts as
	 * denied.  Return the first port that is not allowed, or -1.
	 * LAB 2: CODE
	 *	(void)bits;
	 *	(void)width;
	 *	return port;
	 * LAB 2: END HINT */
}

bool io_bits_allows(const uint8_t bits[IO_MAP_BYTES], unsigned port,
		    unsigned width)
{
	return io_bits_first_denied(bits, port, width) < 0;
}

bool io_bits_tail_denied(const uint8_t map[IO_MAP_BYTES], unsigned from)
{
	for (unsigned i = from; i < IO_MAP_BYTES; i++)
		if (map[i] != 0xff)
			return false;
	return true;
}
