/*
 * tests.h - the tests of usertests, one group per t_*.c file.
 */
#ifndef USERTESTS_TESTS_H
#define USERTESTS_TESTS_H

/* ---- the tests (one group per file) -------------------------------- */

int test_sigreturn_tf_ac(void);
int test_sigreturn_bad_stack(void);
int test_sigreturn_garbage(void);
int test_orphans_reaped(void);
int test_nproc_limit(void);
int test_rlimit_calls(void);
int test_munmap_huge(void);
int test_mmap_huge(void);
int test_mmap_search(void);
int test_mmap_min_addr(void);
int test_mprotect(void);
int test_mprotect_frames(void);

int test_write_fd1(void);
int test_write_badfd(void);
int test_write_nullbuf(void);
int test_write_kernelptr(void);
int test_writev(void);
int test_read_badptr(void);
int test_ids(void);
int test_nosys(void);
int test_uname(void);
int test_ioctl(void);
int test_setuid(void);
int test_setresuid(void);
int test_clock_monotonic(void);
int test_clock_realtime(void);
int test_clock_errors(void);
int test_nanosleep(void);
int test_nanosleep_eintr(void);

int test_fork_ids(void);
int test_fork_memory(void);
int test_exit_status(void);
int test_wait_any(void);
int test_wait_nochild(void);
int test_wait_nohang(void);
int test_kill_sigkill(void);
int test_kill_sigterm(void);
int test_kill_handler(void);
int test_kill_errors(void);
int test_exec_hello(void);
int test_exec_enoent(void);
int test_preempt(void);

int test_brk(void);
int test_mmap_anon(void);
int test_mmap_readonly(void);
int test_mmap_nx(void);
int test_mmap_einval(void);
int test_mmap_ebadf(void);
int test_arch_prctl(void);
int test_arch_prctl_bad(void);

int test_sig_segv(void);
int test_sig_ill(void);
int test_sig_fpe(void);
int test_sig_trap(void);
int test_fault_kills(void);
int test_sigframe(void);
int test_sigprocmask(void);
int test_sigaction_errors(void);
int test_sa_resethand(void);
int test_sa_nodefer(void);

int test_sigreturn_rflags(void);
int test_sigreturn_segments(void);
int test_sigreturn_badrip(void);
int test_sysret_noncanonical(void);
int test_popf(void);
int test_privileged(void);
int test_xmm(void);
int test_ioperm(void);

int test_frames(void);
int test_forkbomb(void);

/* t_fd.c */
int test_pipe_basic(void);
int test_pipe_errors(void);
int test_pipe_eof(void);
int test_pipe_epipe(void);
int test_pipe_block_read(void);
int test_pipe_big_write(void);
int test_pipe_nonblock(void);
int test_pipe_eintr(void);
int test_pipe_fork_eof(void);

/* t_dup.c */
int test_dup(void);
int test_fcntl(void);
int test_fd_limit(void);
int test_cloexec_exec(void);
int test_exec_stdout_pipe(void);
int test_ioctl_tty(void);

/* t_linux.c */
int test_affinity(void);
int test_affinity_eperm(void);
int test_tkill(void);
int test_time_calls(void);
int test_clock_nanosleep(void);
int test_clock_nanosleep_eintr(void);
int test_cputime(void);
int test_getgroups(void);

/* t_sigwait.c */
int test_sigsuspend(void);
int test_sigaltstack(void);
int test_stack_overflow_handler(void);

/* t_linux.c */
int test_getrandom(void);
int test_madvise(void);

/* t_files.c */
int test_open_read(void);
int test_open_errors(void);
int test_stat(void);
int test_getdents(void);
int test_symlinks(void);
int test_lseek_espipe(void);

/* t_stack.c */
int test_stack_grow(void);
int test_stack_grow_by_kernel(void);
int test_stack_limit(void);
int test_stack_guard_gap(void);

int test_clone_fork(void);

#endif
