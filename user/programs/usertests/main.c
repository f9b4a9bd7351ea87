/*
 * usertests - system call and CPU-protection tests, in the spirit of
 * xv6's usertests.  Every test runs in a forked child, so one crash or
 * hang costs one test, not the run.  Output, one line per test:
 *
 *	test NAME: OK
 *	test NAME: FAILED (reason)
 *	test NAME: SKIP (reason)        counts neither way
 *	...
 *	usertests: N passed, N failed   exit status 0 only if none failed
 *
 * The ABI is Linux's, so the same binary runs on a Linux host; tests that
 * only make sense on Portcullis are skipped there.
 *
 *	usertests [-a] [NAME...]
 *
 * runs the named tests (default: all).  -a also runs the Portcullis-only
 * tests elsewhere, which mostly fail there; it is for trying their logic
 * on Linux (e.g. forkbomb under "prlimit --nproc=N" as a normal user).
 */
#include "tests.h"
#include "ut.h"

#define ANY	false
#define PC_ONLY true

static const struct ut_test tests[] = {
    {"write_fd1", test_write_fd1, ANY, 0},
    {"write_badfd", test_write_badfd, ANY, 0},
    {"write_nullbuf", test_write_nullbuf, ANY, 0},
    {"write_kernelptr", test_write_kernelptr, ANY, 0},
    {"writev", test_writev, ANY, 0},
    {"read_badptr", test_read_badptr, ANY, 0},
    {"ids", test_ids, ANY, 0},
    {"nosys", test_nosys, ANY, 0},
    {"uname", test_uname, ANY, 0},
    {"ioctl", test_ioctl, ANY, 0},
    {"setuid", test_setuid, ANY, 0},
    {"setresuid", test_setresuid, ANY, 0},
    {"clock_monotonic", test_clock_monotonic, ANY, 0},
    {"clock_realtime", test_clock_realtime, ANY, 0},
    {"clock_errors", test_clock_errors, ANY, 0},
    {"nanosleep", test_nanosleep, ANY, 0},
    {"nanosleep_eintr", test_nanosleep_eintr, ANY, 0},
    {"fork_ids", test_fork_ids, ANY, 0},
    {"fork_memory", test_fork_memory, ANY, 0},
    {"exit_status", test_exit_status, ANY, 0},
    {"wait_any", test_wait_any, ANY, 0},
    {"wait_nochild", test_wait_nochild, ANY, 0},
    {"wait_nohang", test_wait_nohang, ANY, 0},
    {"kill_sigkill", test_kill_sigkill, ANY, 0},
    {"kill_sigterm", test_kill_sigterm, ANY, 0},
    {"kill_handler", test_kill_handler, ANY, 0},
    {"kill_errors", test_kill_errors, ANY, 0},
    {"exec_hello", test_exec_hello, PC_ONLY, 0},
    {"exec_enoent", test_exec_enoent, ANY, 0},
    {"preempt", test_preempt, ANY, 0},
    {"brk", test_brk, ANY, 0},
    {"mmap_anon", test_mmap_anon, ANY, 0},
    {"mmap_readonly", test_mmap_readonly, ANY, 0},
    {"mmap_nx", test_mmap_nx, ANY, 0},
    {"mmap_einval", test_mmap_einval, ANY, 0},
    {"mmap_ebadf", test_mmap_ebadf, ANY, 0},
    {"sigreturn_tf_ac", test_sigreturn_tf_ac, ANY, 0},
    {"sigreturn_bad_stack", test_sigreturn_bad_stack, ANY, 0},
    {"sigreturn_garbage", test_sigreturn_garbage, PC_ONLY, 60},
    {"orphans_reaped", test_orphans_reaped, ANY, 60},
    {"nproc_limit", test_nproc_limit, PC_ONLY, 60},
    {"rlimit_calls", test_rlimit_calls, ANY, 0},
    {"munmap_huge", test_munmap_huge, PC_ONLY, 0},
    {"mmap_huge", test_mmap_huge, PC_ONLY, 0},
    {"mmap_search", test_mmap_search, ANY, 0},
    {"mmap_min_addr", test_mmap_min_addr, PC_ONLY, 0},
    {"mprotect", test_mprotect, ANY, 0},
    {"mprotect_frames", test_mprotect_frames, PC_ONLY, 0},
    {"arch_prctl", test_arch_prctl, ANY, 0},
    {"arch_prctl_bad", test_arch_prctl_bad, ANY, 0},
    {"sig_segv", test_sig_segv, ANY, 0},
    {"sig_ill", test_sig_ill, ANY, 0},
    {"sig_fpe", test_sig_fpe, ANY, 0},
    {"sig_trap", test_sig_trap, ANY, 0},
    {"fault_kills", test_fault_kills, ANY, 0},
    {"sigframe", test_sigframe, ANY, 0},
    {"sigprocmask", test_sigprocmask, ANY, 0},
    {"sigaction_errors", test_sigaction_errors, ANY, 0},
    {"sa_resethand", test_sa_resethand, ANY, 0},
    {"sa_nodefer", test_sa_nodefer, ANY, 0},
    {"sigreturn_rflags", test_sigreturn_rflags, ANY, 0},
    {"sigreturn_segments", test_sigreturn_segments, PC_ONLY, 0},
    {"sigreturn_badrip", test_sigreturn_badrip, ANY, 0},
    {"sysret_noncanonical", test_sysret_noncanonical, ANY, 0},
    {"popf", test_popf, ANY, 0},
    {"privileged", test_privileged, ANY, 0},
    {"xmm", test_xmm, ANY, 60},
    {"ioperm", test_ioperm, ANY, 0},
    {"pipe_basic", test_pipe_basic, ANY, 0},
    {"pipe_errors", test_pipe_errors, ANY, 0},
    {"pipe_eof", test_pipe_eof, ANY, 0},
    {"pipe_epipe", test_pipe_epipe, ANY, 0},
    {"pipe_block_read", test_pipe_block_read, ANY, 0},
    {"pipe_big_write", test_pipe_big_write, ANY, 0},
    {"pipe_nonblock", test_pipe_nonblock, ANY, 0},
    {"pipe_eintr", test_pipe_eintr, ANY, 0},
    {"pipe_fork_eof", test_pipe_fork_eof, ANY, 0},
    {"dup", test_dup, ANY, 0},
    {"fcntl", test_fcntl, ANY, 0},
    {"fd_limit", test_fd_limit, ANY, 0},
    {"cloexec_exec", test_cloexec_exec, PC_ONLY, 0},
    {"exec_stdout_pipe", test_exec_stdout_pipe, PC_ONLY, 0},
    {"ioctl_tty", test_ioctl_tty, ANY, 0},
    {"affinity", test_affinity, ANY, 0},
    {"affinity_eperm", test_affinity_eperm, ANY, 0},
    {"tkill", test_tkill, ANY, 0},
    {"time_calls", test_time_calls, ANY, 0},
    {"clock_nanosleep", test_clock_nanosleep, ANY, 0},
    {"clock_nanosleep_eintr", test_clock_nanosleep_eintr, ANY, 0},
    {"cputime", test_cputime, ANY, 0},
    {"getgroups", test_getgroups, ANY, 0},
    {"sigsuspend", test_sigsuspend, ANY, 0},
    {"sigaltstack", test_sigaltstack, ANY, 0},
    {"stack_overflow_handler", test_stack_overflow_handler, ANY, 0},
    {"getrandom", test_getrandom, ANY, 0},
    {"madvise", test_madvise, ANY, 0},
    {"open_read", test_open_read, ANY, 0},
    {"open_errors", test_open_errors, ANY, 0},
    {"stat", test_stat, ANY, 0},
    {"getdents", test_getdents, ANY, 0},
    {"symlinks", test_symlinks, PC_ONLY, 0},
    {"lseek_espipe", test_lseek_espipe, ANY, 0},
    {"stack_grow", test_stack_grow, ANY, 0},
    {"stack_grow_by_kernel", test_stack_grow_by_kernel, ANY, 0},
    {"stack_limit", test_stack_limit, ANY, 0},
    {"stack_guard_gap", test_stack_guard_gap, PC_ONLY, 0},
    {"clone_fork", test_clone_fork, ANY, 0},
    {"frames", test_frames, PC_ONLY, 60},
    {"forkbomb", test_forkbomb, PC_ONLY, 120},
};

int main(int argc, char **argv)
{
	return ut_main("usertests", tests, sizeof(tests) / sizeof(tests[0]),
		       argc, argv);
}
