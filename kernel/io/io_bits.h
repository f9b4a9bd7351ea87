/*
 * io_bits.h - the arithmetic of an I/O permission bitmap, and the bitmap
 * object itself, with no kernel in it (unit-tested on the host,
 * tests/host/test_io_bits.c).
 *
 * The x86 bitmap has one bit per port, 65536 ports, 8 KiB; a SET bit means
 * DENIED (so memory that is all ones denies everything, and the CPU treats
 * bits past the TSS limit as set).  "max" is the number of leading bytes
 * that hold every allowed (zero) bit: bytes at index >= max are all 0xff.
 * It is what makes copying cheap: a process that asked only for port 0x80
 * has max 17, and only 17 bytes ever need to reach the TSS.
 */
#ifndef KERNEL_IO_IO_BITS_H
#define KERNEL_IO_IO_BITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IO_PORT_COUNT 65536u
#define IO_MAP_BYTES  (IO_PORT_COUNT / 8)

/* A process's ports (kernel/io/iobitmap.c makes, shares and frees them). */
struct io_bitmap {
	uint64_t sequence; /* value of the global counter at the last change */
	unsigned refs;	   /* processes sharing it (fork) */
	unsigned max;	   /* bytes [max, IO_MAP_BYTES) are all 0xff */
	uint8_t bits[IO_MAP_BYTES];
};

/* 0 when [from, from + num) is a non-empty range of ports, -EINVAL when
 * it is empty, wraps around, or ends past port 0xffff (ioperm(2)). */
int io_range_check(uint64_t from, uint64_t num);

/* Every port denied. */
void io_bits_deny_all(uint8_t bits[IO_MAP_BYTES]);
/* Allows (allow = true) or denies ports [from, from + num); the range must
 * have passed io_range_check. */
void io_bits_set_range(uint8_t bits[IO_MAP_BYTES], unsigned from, unsigned num,
		       bool allow);
/* The smallest n such that every byte at index >= n is 0xff: 0 when every
 * port is denied. */
unsigned io_bits_max(const uint8_t bits[IO_MAP_BYTES]);
/* The same, knowing that every byte at index >= limit is 0xff: scans only
 * below limit, which is what keeps ioperm() cheap (limit = max(old max,
 * the byte after the changed range)). */
unsigned io_bits_max_below(const uint8_t bits[IO_MAP_BYTES], unsigned limit);
/* Whether an access of `width` bytes (1, 2, 4) at port is allowed, as the
 * CPU decides: every covered bit must be clear, and ports past 0xffff
 * count as denied (the 0xff byte after the map). */
bool io_bits_allows(const uint8_t bits[IO_MAP_BYTES], unsigned port,
		    unsigned width);
/* The first port of [port, port + width) that is denied (port + width may
 * pass 0xffff: that port is returned), or -1 when all are allowed. */
long io_bits_first_denied(const uint8_t bits[IO_MAP_BYTES], unsigned port,
			  unsigned width);

/* True when every byte of map at index >= from is 0xff: the invariant of
 * the TSS map with from = prev_max. */
bool io_bits_tail_denied(const uint8_t map[IO_MAP_BYTES], unsigned from);

#endif
