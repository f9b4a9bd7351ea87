/*
 * unistd.h - one wrapper per system call.
 *
 * THE CONVENTION (it holds for every function in libpc that can fail):
 *
 *   sys_NAME() issues system call SYS_NAME with exactly the arguments the
 *   kernel sees and returns exactly what the kernel returned.  A negative
 *   result is -errno (e.g. -EBADF); anything else is success.  There is no
 *   errno variable and no -1.
 *
 *	long n = sys_write(1, buf, len);
 *	if (n < 0)
 *		printf("write failed: error %ld\n", -n);
 *
 * A pointer-valued call (sys_mmap) returns the address as a long: user
 * addresses are below 2^47, so they are never negative.  sys_brk is the one
 * exception to "negative means error": like the Linux system call it
 * returns the new break, or the unchanged old one on failure.
 *
 * The Portcullis-only calls (kernel/uapi/portcullis.h) follow the same
 * rule: SYS_pc_free_frames -> sys_pc_free_frames().
 */
#ifndef USER_UNISTD_H
#define USER_UNISTD_H

#include <stddef.h>
#include <sys/types.h>

#include "kernel/uapi/portcullis.h"

struct iovec;
struct timespec;
struct utsname;

/* Files and the console. */
long sys_read(int fd, void *buf, size_t count);
long sys_write(int fd, const void *buf, size_t count);
long sys_writev(int fd, const struct iovec *iov, int iovcnt);
long sys_ioctl(int fd, unsigned long request, unsigned long arg);
/* File descriptors (O_* and F_* are in <fcntl.h>). */
long sys_close(int fd);
long sys_pipe(int fds[2]);
long sys_pipe2(int fds[2], int flags);
long sys_dup(int fd);
long sys_dup2(int oldfd, int newfd);
long sys_dup3(int oldfd, int newfd, int flags);
long sys_fcntl(int fd, int cmd, unsigned long arg);
/* The read-only root file system (struct stat and sys_stat() are in
 * <sys/stat.h>, struct linux_dirent64 in <fcntl.h>). */
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
long sys_open(const char *path, int flags, int mode);
long sys_openat(int dirfd, const char *path, int flags, int mode);
long sys_lseek(int fd, long offset, int whence);
long sys_getdents64(int fd, void *buf, unsigned len);
long sys_readlink(const char *path, char *buf, size_t size);
long sys_readlinkat(int dirfd, const char *path, char *buf, size_t size);

/* Processes.  sys_exit ends the calling thread, sys_exit_group the whole
 * process; for a single-threaded program they are the same. */
_Noreturn void sys_exit(int status);
_Noreturn void sys_exit_group(int status);
long sys_fork(void);
long sys_execve(const char *path, char *const argv[], char *const envp[]);
long sys_wait4(pid_t pid, int *status, int options, void *rusage);
long sys_getpid(void);
long sys_getppid(void);
long sys_gettid(void);
long sys_set_tid_address(int *tidptr);
long sys_sched_yield(void);
long sys_kill(pid_t pid, int sig);
long sys_tkill(pid_t tid, int sig);
long sys_tgkill(pid_t tgid, pid_t tid, int sig);
/* CPU affinity: mask is len bytes of CPU bits (bit n = CPU n). */
long sys_sched_setaffinity(pid_t pid, unsigned len, const void *mask);
long sys_sched_getaffinity(pid_t pid, unsigned len, void *mask);
long sys_getcpu(unsigned *cpu, unsigned *node);

/* Time (struct timespec and the CLOCK_* ids are in <time.h>). */
long sys_nanosleep(const struct timespec *req, struct timespec *rem);
long sys_clock_gettime(clockid_t clock, struct timespec *ts);
long sys_clock_getres(clockid_t clock, struct timespec *res);
long sys_clock_nanosleep(clockid_t clock, int flags, const struct timespec *req,
			 struct timespec *rem);
long sys_time(time_t *tloc);
struct timeval;
long sys_gettimeofday(struct timeval *tv, void *tz);
/* getrandom flags: GRND_NONBLOCK 1, GRND_RANDOM 2, GRND_INSECURE 4. */
long sys_getrandom(void *buf, size_t len, unsigned flags);

/* Memory (PROT_* and MAP_* are in <sys/mman.h>). */
long sys_brk(void *addr);
long sys_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
long sys_munmap(void *addr, size_t len);
long sys_mprotect(void *addr, size_t len, int prot);

/* Resource limits (struct rlimit and RLIMIT_* are in <sys/resource.h>). */
struct rlimit;
long sys_getrlimit(int resource, struct rlimit *old);
long sys_setrlimit(int resource, const struct rlimit *new_limit);
long sys_prlimit64(pid_t pid, int resource, const struct rlimit *new_limit,
		   struct rlimit *old);

/* Any call by number, with six raw arguments (the syscall fuzzer). */
long sys_raw(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
long sys_madvise(void *addr, size_t len, int advice);

/* arch_prctl codes: the FS and GS base registers, used for thread-local
 * storage.  Addresses must be canonical user addresses. */
#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004
long sys_arch_prctl(int code, unsigned long addr);

/* Identity and system information. */
long sys_uname(struct utsname *buf);
long sys_getuid(void);
long sys_geteuid(void);
long sys_setuid(uid_t uid);
long sys_setresuid(uid_t ruid, uid_t euid, uid_t suid);
long sys_getgroups(int size, gid_t *list);

/* Port I/O permission: ioperm grants ports [from, from + num) through the
 * TSS I/O bitmap; iopl changes the I/O privilege level.  See <sys/io.h>
 * for the in/out instructions themselves. */
long sys_ioperm(unsigned long from, unsigned long num, int turn_on);
long sys_iopl(int level);

/* Portcullis's own calls: see kernel/uapi/portcullis.h. */
long sys_pc_free_frames(void);
long sys_pc_iobitmap_strategy(long strategy);
long sys_pc_io_counters(unsigned int cpu, struct pc_io_counters *out,
			int reset);
long sys_pc_kernel_info(struct pc_kernel_info *out);

#endif
