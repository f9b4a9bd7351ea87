/*
 * syscall_table.h - number -> handler.  Designated initialisers keep the
 * table readable and let gaps default to NULL (-ENOSYS).
 */
#ifndef KERNEL_SYSCALL_SYSCALL_TABLE_H
#define KERNEL_SYSCALL_SYSCALL_TABLE_H

#include "kernel/syscall/syscall.h"
#include "kernel/uapi/portcullis.h"

long sys_read(SYSCALL_ARGS);
long sys_write(SYSCALL_ARGS);
long sys_writev(SYSCALL_ARGS);
long sys_mmap(SYSCALL_ARGS);
long sys_munmap(SYSCALL_ARGS);
long sys_mprotect(SYSCALL_ARGS);
long sys_getrlimit(SYSCALL_ARGS);
long sys_setrlimit(SYSCALL_ARGS);
long sys_prlimit64(SYSCALL_ARGS);
long sys_brk(SYSCALL_ARGS);
long sys_ioctl(SYSCALL_ARGS);
long sys_sched_yield(SYSCALL_ARGS);
long sys_nanosleep(SYSCALL_ARGS);
long sys_getpid(SYSCALL_ARGS);
long sys_getppid(SYSCALL_ARGS);
long sys_gettid(SYSCALL_ARGS);
long sys_fork(SYSCALL_ARGS);
long sys_execve(SYSCALL_ARGS);
long sys_exit(SYSCALL_ARGS);
long sys_exit_group(SYSCALL_ARGS);
long sys_wait4(SYSCALL_ARGS);
long sys_uname(SYSCALL_ARGS);
long sys_getuid(SYSCALL_ARGS);
long sys_geteuid(SYSCALL_ARGS);
long sys_getgid(SYSCALL_ARGS);
long sys_setuid(SYSCALL_ARGS);
long sys_setresuid(SYSCALL_ARGS);
long sys_arch_prctl(SYSCALL_ARGS);
long sys_set_tid_address(SYSCALL_ARGS);
long sys_clock_gettime(SYSCALL_ARGS);
long sys_pc_free_frames(SYSCALL_ARGS);
long sys_ioperm(SYSCALL_ARGS);
long sys_iopl(SYSCALL_ARGS);
long sys_pc_iobitmap_strategy(SYSCALL_ARGS);
long sys_pc_io_counters(SYSCALL_ARGS);
long sys_pc_kernel_info(SYSCALL_ARGS);
/* Files, scheduling, time and signals for unmodified Linux programs. */
long sys_close(SYSCALL_ARGS);
long sys_pipe(SYSCALL_ARGS);
long sys_madvise(SYSCALL_ARGS);
long sys_dup(SYSCALL_ARGS);
long sys_dup2(SYSCALL_ARGS);
long sys_fcntl(SYSCALL_ARGS);
long sys_gettimeofday(SYSCALL_ARGS);
long sys_getgroups(SYSCALL_ARGS);
long sys_rt_sigsuspend(SYSCALL_ARGS);
long sys_sigaltstack(SYSCALL_ARGS);
long sys_tkill(SYSCALL_ARGS);
long sys_time(SYSCALL_ARGS);
long sys_sched_setaffinity(SYSCALL_ARGS);
long sys_sched_getaffinity(SYSCALL_ARGS);
long sys_getcpu(SYSCALL_ARGS);
long sys_clock_getres(SYSCALL_ARGS);
long sys_clock_nanosleep(SYSCALL_ARGS);
long sys_tgkill(SYSCALL_ARGS);
long sys_dup3(SYSCALL_ARGS);
long sys_pipe2(SYSCALL_ARGS);
long sys_getrandom(SYSCALL_ARGS);
/* The read-only root file system. */
long sys_stat(SYSCALL_ARGS);
long sys_fstat(SYSCALL_ARGS);
long sys_lstat(SYSCALL_ARGS);
long sys_lseek(SYSCALL_ARGS);
long sys_open(SYSCALL_ARGS);
long sys_readlink(SYSCALL_ARGS);
long sys_getdents64(SYSCALL_ARGS);
long sys_openat(SYSCALL_ARGS);
long sys_newfstatat(SYSCALL_ARGS);
long sys_readlinkat(SYSCALL_ARGS);
/* fork as the C libraries do it. */
long sys_clone(SYSCALL_ARGS);
long sys_vfork(SYSCALL_ARGS);

#define SYSCALL_TABLE                                                          \
	[SYS_read] = sys_read, [SYS_write] = sys_write, [SYS_mmap] = sys_mmap, \
	[SYS_munmap] = sys_munmap, [SYS_brk] = sys_brk,                        \
	[SYS_rt_sigaction] = sys_rt_sigaction,                                 \
	[SYS_rt_sigprocmask] = sys_rt_sigprocmask,                             \
	[SYS_rt_sigreturn] = sys_rt_sigreturn, [SYS_ioctl] = sys_ioctl,        \
	[SYS_writev] = sys_writev, [SYS_sched_yield] = sys_sched_yield,        \
	[SYS_nanosleep] = sys_nanosleep, [SYS_getpid] = sys_getpid,            \
	[SYS_fork] = sys_fork, [SYS_execve] = sys_execve,                      \
	[SYS_exit] = sys_exit, [SYS_wait4] = sys_wait4, [SYS_kill] = sys_kill, \
	[SYS_uname] = sys_uname, [SYS_getuid] = sys_getuid,                    \
	[SYS_getgid] = sys_getgid, [SYS_setuid] = sys_setuid,                  \
	[SYS_geteuid] = sys_geteuid, [SYS_getegid] = sys_getgid,               \
	[SYS_getppid] = sys_getppid, [SYS_setresuid] = sys_setresuid,          \
	[SYS_arch_prctl] = sys_arch_prctl, [SYS_iopl] = sys_iopl,              \
	[SYS_ioperm] = sys_ioperm, [SYS_gettid] = sys_gettid,                  \
	[SYS_set_tid_address] = sys_set_tid_address,                           \
	[SYS_clock_gettime] = sys_clock_gettime,                               \
	[SYS_exit_group] = sys_exit_group,                                     \
	[SYS_pc_free_frames] = sys_pc_free_frames,                             \
	[SYS_pc_iobitmap_strategy] = sys_pc_iobitmap_strategy,                 \
	[SYS_pc_io_counters] = sys_pc_io_counters,                             \
	[SYS_pc_kernel_info] = sys_pc_kernel_info,                             \
	[SYS_mprotect] = sys_mprotect, [SYS_getrlimit] = sys_getrlimit,        \
	[SYS_setrlimit] = sys_setrlimit, [SYS_prlimit64] = sys_prlimit64,      \
	[SYS_close] = sys_close, [SYS_pipe] = sys_pipe,                        \
	[SYS_madvise] = sys_madvise, [SYS_dup] = sys_dup,                      \
	[SYS_dup2] = sys_dup2, [SYS_fcntl] = sys_fcntl,                        \
	[SYS_gettimeofday] = sys_gettimeofday,                                 \
	[SYS_getgroups] = sys_getgroups,                                       \
	[SYS_rt_sigsuspend] = sys_rt_sigsuspend,                               \
	[SYS_sigaltstack] = sys_sigaltstack, [SYS_tkill] = sys_tkill,          \
	[SYS_time] = sys_time,                                                 \
	[SYS_sched_setaffinity] = sys_sched_setaffinity,                       \
	[SYS_sched_getaffinity] = sys_sched_getaffinity,                       \
	[SYS_getcpu] = sys_getcpu, [SYS_clock_getres] = sys_clock_getres,      \
	[SYS_clock_nanosleep] = sys_clock_nanosleep,                           \
	[SYS_tgkill] = sys_tgkill, [SYS_dup3] = sys_dup3,                      \
	[SYS_pipe2] = sys_pipe2, [SYS_getrandom] = sys_getrandom,              \
	[SYS_stat] = sys_stat, [SYS_fstat] = sys_fstat,                        \
	[SYS_lstat] = sys_lstat, [SYS_lseek] = sys_lseek,                      \
	[SYS_open] = sys_open, [SYS_readlink] = sys_readlink,                  \
	[SYS_getdents64] = sys_getdents64, [SYS_openat] = sys_openat,          \
	[SYS_newfstatat] = sys_newfstatat, [SYS_readlinkat] = sys_readlinkat,  \
	[SYS_clone] = sys_clone, [SYS_vfork] = sys_vfork,

#endif
