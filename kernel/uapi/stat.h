/*
 * stat.h - struct stat of Linux x86-64 (144 bytes, stat(2)), shared by the
 * kernel (kernel/syscall/sys_file.c fills it) and user space (<sys/stat.h>).
 * The mode bits it carries are in file_numbers.h.
 */
#ifndef PORTCULLIS_UAPI_STAT_H
#define PORTCULLIS_UAPI_STAT_H

#include <stdint.h>

struct stat {
	uint64_t st_dev, st_ino, st_nlink;
	uint32_t st_mode, st_uid, st_gid, pad0_;
	uint64_t st_rdev;
	int64_t st_size, st_blksize, st_blocks;
	uint64_t st_atime, st_atime_nsec, st_mtime, st_mtime_nsec, st_ctime,
	    st_ctime_nsec;
	int64_t unused_[3];
};
_Static_assert(sizeof(struct stat) == 144, "Linux x86-64 struct stat");

#endif
