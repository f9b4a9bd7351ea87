/*
 * syscall_numbers.h - the Linux x86-64 numbers of the system calls
 * Portcullis implements (`man 2 NAME` describes each).  Shared, unchanged, by the kernel
 * (kernel/syscall/) and user space (user/include/syscall.h), so the two can
 * never disagree.  Portcullis's own calls are in portcullis.h (512 up).
 */
#ifndef PORTCULLIS_UAPI_SYSCALL_NUMBERS_H
#define PORTCULLIS_UAPI_SYSCALL_NUMBERS_H

#define SYS_read	    0
#define SYS_write	    1
#define SYS_mmap	    9
#define SYS_mprotect	    10
#define SYS_munmap	    11
#define SYS_brk		    12
#define SYS_rt_sigaction    13
#define SYS_rt_sigprocmask  14
#define SYS_rt_sigreturn    15
#define SYS_ioctl	    16
#define SYS_writev	    20
#define SYS_sched_yield	    24
#define SYS_nanosleep	    35
#define SYS_getpid	    39
#define SYS_fork	    57
#define SYS_execve	    59
#define SYS_exit	    60
#define SYS_wait4	    61
#define SYS_kill	    62
#define SYS_uname	    63
#define SYS_getuid	    102
#define SYS_getgid	    104
#define SYS_setuid	    105
#define SYS_geteuid	    107
#define SYS_getegid	    108
#define SYS_getppid	    110
#define SYS_setresuid	    117
#define SYS_arch_prctl	    158
#define SYS_iopl	    172
#define SYS_ioperm	    173
#define SYS_gettid	    186
#define SYS_set_tid_address 218
#define SYS_clock_gettime   228
#define SYS_exit_group	    231
#define SYS_getrlimit	    97
#define SYS_setrlimit	    160
#define SYS_prlimit64	    302

/* Files, scheduling, time and signals for unmodified Linux programs
 * (issue 13). */
#define SYS_close	      3
#define SYS_pipe	      22
#define SYS_madvise	      28
#define SYS_dup		      32
#define SYS_dup2	      33
#define SYS_fcntl	      72
#define SYS_gettimeofday      96
#define SYS_getgroups	      115
#define SYS_rt_sigsuspend     130
#define SYS_sigaltstack	      131
#define SYS_tkill	      200
#define SYS_time	      201
#define SYS_sched_setaffinity 203
#define SYS_sched_getaffinity 204
#define SYS_clock_getres      229
#define SYS_clock_nanosleep   230
#define SYS_tgkill	      234
#define SYS_dup3	      292
#define SYS_pipe2	      293
#define SYS_getrandom	      318
#define SYS_getcpu	      309

/* The read-only root file system (issue 13). */
#define SYS_open       2
#define SYS_stat       4
#define SYS_fstat      5
#define SYS_lstat      6
#define SYS_lseek      8
#define SYS_readlink   89
#define SYS_getdents64 217
#define SYS_openat     257
#define SYS_newfstatat 262
#define SYS_readlinkat 267

/* fork as the C libraries do it (issue 13). */
#define SYS_clone 56
#define SYS_vfork 58

#endif
