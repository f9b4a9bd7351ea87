/* sys/mman.h - protection and flag bits for sys_mmap(). */
#ifndef USER_SYS_MMAN_H
#define USER_SYS_MMAN_H

#define PROT_NONE  0x0
#define PROT_READ  0x1
#define PROT_WRITE 0x2
#define PROT_EXEC  0x4

/* Exactly one of MAP_SHARED and MAP_PRIVATE must be given. */
#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10 /* use addr exactly, replacing what was there */
#define MAP_ANONYMOUS 0x20 /* zero-filled memory, not a file; fd must be -1 */
#define MAP_NORESERVE 0x4000

/* madvise advice (a few of Linux's) */
#define MADV_NORMAL   0
#define MADV_WILLNEED 3
#define MADV_DONTNEED 4 /* private anonymous pages read as zero afterwards */
#define MADV_FREE     8

#define PAGE_SIZE 4096UL

#endif
