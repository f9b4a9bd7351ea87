/*
 * cpio.h - reading a "newc" cpio archive, the initramfs format.
 *
 * The archive is a sequence of entries, each a 110-byte ASCII header, the
 * path name (NUL-terminated), then the file's bytes, with the header plus
 * name and the data each padded to a multiple of 4 bytes.  The header is
 * the magic "070701" followed by 13 fields of 8 hexadecimal digits:
 *
 *   ino mode uid gid nlink mtime filesize devmajor devminor
 *   rdevmajor rdevminor namesize check
 *
 * An entry named "TRAILER!!!" ends the archive.  (`cpio -H newc`, and
 * Linux's Documentation/driver-api/early-userspace/buffer-format.rst.)
 *
 * Pure code: the archive is only read, every length is checked against
 * the buffer before use, and the host tests feed it hostile archives.
 */
#ifndef KERNEL_FS_CPIO_H
#define KERNEL_FS_CPIO_H

#include <stddef.h>
#include <stdint.h>

#define CPIO_HEADER_SIZE 110

struct cpio_entry {
	const char *name; /* NUL-terminated, inside the archive */
	size_t name_len;  /* without the NUL */
	uint32_t ino, mode, uid, gid, nlink;
	uint64_t mtime;
	const uint8_t *data; /* inside the archive */
	size_t size;
};

/* Reads the entry at *offset into *e and moves *offset past it.  Returns
 * 1 for an entry, 0 at the trailer, -EINVAL for a malformed archive (bad
 * magic, a non-hex digit, a name without its NUL, or anything running
 * past the end of the buffer). */
int cpio_next(const uint8_t *archive, size_t size, size_t *offset,
	      struct cpio_entry *e);

#endif
