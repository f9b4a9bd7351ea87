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

#endif
