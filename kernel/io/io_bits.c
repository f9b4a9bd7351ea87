/*
 * io_bits.c - bitmap arithmetic for ioperm(2) and the TSS map (io_bits.h).
 */
#include "kernel/io/io_bits.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"

int io_range_check(uint64_t from, uint64_t num)
{
	if (num == 0 || from >= IO_PORT_COUNT || num > IO_PORT_COUNT - from)
		return -EINVAL;
	return 0;
}

void io_bits_deny_all(uint8_t bits[IO_MAP_BYTES])
{
	memset(bits, 0xff, IO_MAP_BYTES);
}

void io_bits_set_range(uint8_t bits[IO_MAP_BYTES], unsigned from, unsigned num,
		       bool allow)
{
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
}

unsigned io_bits_max_below(const uint8_t bits[IO_MAP_BYTES], unsigned limit)
{
	unsigned n = limit < IO_MAP_BYTES ? limit : IO_MAP_BYTES;
	while (n > 0 && bits[n - 1] == 0xff)
		n--;
	return n;
}

unsigned io_bits_max(const uint8_t bits[IO_MAP_BYTES])
{
	return io_bits_max_below(bits, IO_MAP_BYTES);
}

long io_bits_first_denied(const uint8_t bits[IO_MAP_BYTES], unsigned port,
			  unsigned width)
{
	for (unsigned p = port; p < port + width; p++) {
		if (p >= IO_PORT_COUNT)
			return p;
		if (bits[p / 8] & (1u << (p & 7)))
			return p;
	}
	return -1;
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
