/*
 * signal_numbers.h - Linux's signal numbers, shared by the kernel
 * (kernel/proc/signal.h) and user space (user/include/signal.h).
 */
#ifndef PORTCULLIS_UAPI_SIGNAL_NUMBERS_H
#define PORTCULLIS_UAPI_SIGNAL_NUMBERS_H

#define NSIG 64 /* valid signals are 1..NSIG */

#define SIGHUP	 1
#define SIGINT	 2
#define SIGQUIT	 3
#define SIGILL	 4
#define SIGTRAP	 5
#define SIGABRT	 6
#define SIGBUS	 7
#define SIGFPE	 8
#define SIGKILL	 9
#define SIGUSR1	 10
#define SIGSEGV	 11
#define SIGUSR2	 12
#define SIGPIPE	 13
#define SIGALRM	 14
#define SIGTERM	 15
#define SIGCHLD	 17
#define SIGCONT	 18
#define SIGSTOP	 19
#define SIGURG	 23
#define SIGWINCH 28

#endif
