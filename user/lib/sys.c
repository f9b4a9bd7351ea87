/*
 * sys.c - the sys_*() wrappers: one system call each, result untouched.
 * See <unistd.h> for the convention.  They are real functions, not
 * inlines, so `break sys_write` works in gdb.
 */
#include <signal.h>
#include <sys/stat.h>
#include <syscall.h>
#include <unistd.h>

long sys_read(int fd, void *buf, size_t count)
{
	return syscall3(SYS_read, fd, (long)buf, (long)count);
}

long sys_write(int fd, const void *buf, size_t count)
{
	return syscall3(SYS_write, fd, (long)buf, (long)count);
}

long sys_writev(int fd, const struct iovec *iov, int iovcnt)
{
	return syscall3(SYS_writev, fd, (long)iov, iovcnt);
}

long sys_ioctl(int fd, unsigned long request, unsigned long arg)
{
	return syscall3(SYS_ioctl, fd, (long)request, (long)arg);
}

_Noreturn void sys_exit(int status)
{
	syscall1(SYS_exit, status);
	__builtin_unreachable();
}

_Noreturn void sys_exit_group(int status)
{
	syscall1(SYS_exit_group, status);
	__builtin_unreachable();
}

/* Both processes return from here: the child gets 0, the parent the
 * child's pid.  Fine as a normal function because each has its own copy
 * of the stack. */
long sys_fork(void)
{
	return syscall0(SYS_fork);
}

long sys_execve(const char *path, char *const argv[], char *const envp[])
{
	return syscall3(SYS_execve, (long)path, (long)argv, (long)envp);
}

long sys_wait4(pid_t pid, int *status, int options, void *rusage)
{
	return syscall4(SYS_wait4, pid, (long)status, options, (long)rusage);
}

long sys_getpid(void)
{
	return syscall0(SYS_getpid);
}

long sys_getppid(void)
{
	return syscall0(SYS_getppid);
}

long sys_gettid(void)
{
	return syscall0(SYS_gettid);
}

long sys_set_tid_address(int *tidptr)
{
	return syscall1(SYS_set_tid_address, (long)tidptr);
}

long sys_sched_yield(void)
{
	return syscall0(SYS_sched_yield);
}

long sys_kill(pid_t pid, int sig)
{
	return syscall2(SYS_kill, pid, sig);
}

long sys_nanosleep(const struct timespec *req, struct timespec *rem)
{
	return syscall2(SYS_nanosleep, (long)req, (long)rem);
}

long sys_clock_gettime(clockid_t clock, struct timespec *ts)
{
	return syscall2(SYS_clock_gettime, clock, (long)ts);
}

long sys_brk(void *addr)
{
	return syscall1(SYS_brk, (long)addr);
}

long sys_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return syscall6(SYS_mmap, (long)addr, (long)len, prot, flags, fd, off);
}

long sys_munmap(void *addr, size_t len)
{
	return syscall2(SYS_munmap, (long)addr, (long)len);
}

long sys_mprotect(void *addr, size_t len, int prot)
{
	return syscall3(SYS_mprotect, (long)addr, (long)len, prot);
}

long sys_getrlimit(int resource, struct rlimit *old)
{
	return syscall2(SYS_getrlimit, resource, (long)old);
}

long sys_setrlimit(int resource, const struct rlimit *new_limit)
{
	return syscall2(SYS_setrlimit, resource, (long)new_limit);
}

long sys_prlimit64(pid_t pid, int resource, const struct rlimit *new_limit,
		   struct rlimit *old)
{
	return syscall4(SYS_prlimit64, pid, resource, (long)new_limit,
			(long)old);
}

long sys_raw(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	return syscall6(nr, a1, a2, a3, a4, a5, a6);
}

long sys_arch_prctl(int code, unsigned long addr)
{
	return syscall2(SYS_arch_prctl, code, (long)addr);
}

long sys_uname(struct utsname *buf)
{
	return syscall1(SYS_uname, (long)buf);
}

long sys_getuid(void)
{
	return syscall0(SYS_getuid);
}

long sys_geteuid(void)
{
	return syscall0(SYS_geteuid);
}

long sys_setuid(uid_t uid)
{
	return syscall1(SYS_setuid, uid);
}

long sys_setresuid(uid_t ruid, uid_t euid, uid_t suid)
{
	return syscall3(SYS_setresuid, ruid, euid, suid);
}

long sys_ioperm(unsigned long from, unsigned long num, int turn_on)
{
	return syscall3(SYS_ioperm, (long)from, (long)num, turn_on);
}

long sys_iopl(int level)
{
	return syscall1(SYS_iopl, level);
}

long sys_rt_sigaction(int sig, const struct sigaction *act,
		      struct sigaction *oldact, size_t sigsetsize)
{
	return syscall4(SYS_rt_sigaction, sig, (long)act, (long)oldact,
			(long)sigsetsize);
}

long sys_rt_sigprocmask(int how, const sigset_t *set, sigset_t *oldset,
			size_t sigsetsize)
{
	return syscall4(SYS_rt_sigprocmask, how, (long)set, (long)oldset,
			(long)sigsetsize);
}

long sys_pc_free_frames(void)
{
	return syscall0(SYS_pc_free_frames);
}

long sys_pc_iobitmap_strategy(long strategy)
{
	return syscall1(SYS_pc_iobitmap_strategy, strategy);
}

long sys_pc_io_counters(unsigned int cpu, struct pc_io_counters *out, int reset)
{
	return syscall3(SYS_pc_io_counters, cpu, (long)out, reset);
}

long sys_pc_kernel_info(struct pc_kernel_info *out)
{
	return syscall1(SYS_pc_kernel_info, (long)out);
}

long sys_close(int fd)
{
	return syscall1(SYS_close, fd);
}

long sys_pipe(int fds[2])
{
	return syscall1(SYS_pipe, (long)fds);
}

long sys_pipe2(int fds[2], int flags)
{
	return syscall2(SYS_pipe2, (long)fds, flags);
}

long sys_dup(int fd)
{
	return syscall1(SYS_dup, fd);
}

long sys_dup2(int oldfd, int newfd)
{
	return syscall2(SYS_dup2, oldfd, newfd);
}

long sys_dup3(int oldfd, int newfd, int flags)
{
	return syscall3(SYS_dup3, oldfd, newfd, flags);
}

long sys_fcntl(int fd, int cmd, unsigned long arg)
{
	return syscall3(SYS_fcntl, fd, cmd, (long)arg);
}

long sys_tkill(pid_t tid, int sig)
{
	return syscall2(SYS_tkill, tid, sig);
}

long sys_tgkill(pid_t tgid, pid_t tid, int sig)
{
	return syscall3(SYS_tgkill, tgid, tid, sig);
}

long sys_sched_setaffinity(pid_t pid, unsigned len, const void *mask)
{
	return syscall3(SYS_sched_setaffinity, pid, len, (long)mask);
}

long sys_sched_getaffinity(pid_t pid, unsigned len, void *mask)
{
	return syscall3(SYS_sched_getaffinity, pid, len, (long)mask);
}

long sys_getcpu(unsigned *cpu, unsigned *node)
{
	return syscall3(SYS_getcpu, (long)cpu, (long)node, 0);
}

long sys_clock_getres(clockid_t clock, struct timespec *res)
{
	return syscall2(SYS_clock_getres, clock, (long)res);
}

long sys_clock_nanosleep(clockid_t clock, int flags, const struct timespec *req,
			 struct timespec *rem)
{
	return syscall4(SYS_clock_nanosleep, clock, flags, (long)req,
			(long)rem);
}

long sys_time(time_t *tloc)
{
	return syscall1(SYS_time, (long)tloc);
}

long sys_gettimeofday(struct timeval *tv, void *tz)
{
	return syscall2(SYS_gettimeofday, (long)tv, (long)tz);
}

long sys_getrandom(void *buf, size_t len, unsigned flags)
{
	return syscall3(SYS_getrandom, (long)buf, (long)len, flags);
}

long sys_madvise(void *addr, size_t len, int advice)
{
	return syscall3(SYS_madvise, (long)addr, (long)len, advice);
}

long sys_getgroups(int size, gid_t *list)
{
	return syscall2(SYS_getgroups, size, (long)list);
}

long sys_rt_sigsuspend(const sigset_t *mask, size_t sigsetsize)
{
	return syscall2(SYS_rt_sigsuspend, (long)mask, (long)sigsetsize);
}

long sys_sigaltstack(const stack_t *ss, stack_t *old_ss)
{
	return syscall2(SYS_sigaltstack, (long)ss, (long)old_ss);
}

long sys_open(const char *path, int flags, int mode)
{
	return syscall3(SYS_open, (long)path, flags, mode);
}

long sys_openat(int dirfd, const char *path, int flags, int mode)
{
	return syscall4(SYS_openat, dirfd, (long)path, flags, mode);
}

long sys_lseek(int fd, long offset, int whence)
{
	return syscall3(SYS_lseek, fd, offset, whence);
}

long sys_getdents64(int fd, void *buf, unsigned len)
{
	return syscall3(SYS_getdents64, fd, (long)buf, len);
}

long sys_readlink(const char *path, char *buf, size_t size)
{
	return syscall3(SYS_readlink, (long)path, (long)buf, (long)size);
}

long sys_readlinkat(int dirfd, const char *path, char *buf, size_t size)
{
	return syscall4(SYS_readlinkat, dirfd, (long)path, (long)buf,
			(long)size);
}

long sys_stat(const char *path, struct stat *st)
{
	return syscall2(SYS_stat, (long)path, (long)st);
}

long sys_lstat(const char *path, struct stat *st)
{
	return syscall2(SYS_lstat, (long)path, (long)st);
}

long sys_fstat(int fd, struct stat *st)
{
	return syscall2(SYS_fstat, fd, (long)st);
}

long sys_newfstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	return syscall4(SYS_newfstatat, dirfd, (long)path, (long)st, flags);
}
