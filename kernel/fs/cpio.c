/*
 * cpio.c - walking a newc cpio archive (see cpio.h for the format).
 */
#include "kernel/fs/cpio.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"

static const char cpio_magic[6] = {'0', '7', '0', '7', '0', '1'};

/* The 8 hex digits at p, or -1 if one is not a hex digit. */
static int64_t hex8(const uint8_t *p)
{
	int64_t v = 0;
	for (int i = 0; i < 8; i++) {
		uint8_t c = p[i];
		int d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v * 16 + d;
	}
	return v;
}

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

enum {
	F_INO,
	F_MODE,
	F_UID,
	F_GID,
	F_NLINK,
	F_MTIME,
	F_FILESIZE,
	F_DEVMAJOR,
	F_DEVMINOR,
	F_RDEVMAJOR,
	F_RDEVMINOR,
	F_NAMESIZE,
	F_CHECK,
	NFIELDS
};

int cpio_next(const uint8_t *archive, size_t size, size_t *offset,
	      struct cpio_entry *e)
{
	size_t at = *offset;
	if (at > size || size - at < CPIO_HEADER_SIZE)
		return -EINVAL;
	const uint8_t *h = archive + at;
	if (memcmp(h, cpio_magic, sizeof(cpio_magic)))
		return -EINVAL;
	int64_t f[NFIELDS];
	for (int i = 0; i < NFIELDS; i++) {
		f[i] = hex8(h + 6 + 8 * i);
		if (f[i] < 0)
			return -EINVAL;
	}
	/* The name, NUL included, must fit and end in its NUL. */
	size_t namesize = (size_t)f[F_NAMESIZE];
	size_t name_at = at + CPIO_HEADER_SIZE;
	if (namesize == 0 || namesize > size - name_at)
		return -EINVAL;
	const char *name = (const char *)archive + name_at;
	if (name[namesize - 1] != '\0' || strlen(name) != namesize - 1)
		return -EINVAL;
	/* The data starts at the next multiple of 4 (from the archive's
	 * start, which is itself 4-aligned in the newc convention). */
	size_t data_at = pad4(name_at + namesize);
	size_t filesize = (size_t)f[F_FILESIZE];
	if (data_at > size || filesize > size - data_at)
		return -EINVAL;

	e->name = name;
	e->name_len = namesize - 1;
	e->ino = (uint32_t)f[F_INO];
	e->mode = (uint32_t)f[F_MODE];
	e->uid = (uint32_t)f[F_UID];
	e->gid = (uint32_t)f[F_GID];
	e->nlink = (uint32_t)f[F_NLINK];
	e->mtime = (uint64_t)f[F_MTIME];
	e->data = archive + data_at;
	e->size = filesize;
	size_t next = pad4(data_at + filesize);
	*offset = next < size ? next : size;
	return strcmp(name, "TRAILER!!!") ? 1 : 0;
}
