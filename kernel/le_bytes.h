/*
 * le_bytes.h - little-endian fields read byte by byte.
 *
 * Boot-loader and firmware structures (multiboot2, the UEFI memory map) are
 * little-endian by definition and are found at whatever alignment the
 * loader chose.  Assembling each value from bytes says so explicitly and,
 * unlike casting to a uint32_t *, is defined for any alignment.
 */
#ifndef KERNEL_LE_BYTES_H
#define KERNEL_LE_BYTES_H

#include <stdint.h>

static inline uint32_t read_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t read_u64(const uint8_t *p)
{
	return (uint64_t)read_u32(p) | (uint64_t)read_u32(p + 4) << 32;
}

#endif
