/*
 * iotests - the I/O permission bitmap from user space: ioperm(2) and
 * iopl(2) as Linux defines them, the CPU's exact rules, the leaks a lazy
 * TSS bitmap can open between processes, and a stress run under each of
 * the kernel's copy strategies (docs/io-bitmap.md).  Every test runs in a
 * forked child (ut.h); output, one line per test:
 *
 *	test NAME: OK | FAILED (reason) | SKIP (reason)
 *	...
 *	iotests: N passed, N failed     exit status 0 only if none failed
 *
 * plus one summary line per stress run:
 *
 *	iotests stress [seq]: procs 8 probes P violations V copies C bytes B
 *	skipped S
 *
 *	iotests [-a] [NAME...]
 *
 * runs the named tests (default: all).  The tests that switch strategies
 * or read the kernel's counters are Portcullis-only.  Two hidden modes are
 * the far side of an execve (t_life.c), not meant to be run by hand:
 *
 *	iotests --exec-probe | --exec-probe-iopl
 *
 * and one for make soak (t_stress.c): iotests --migrate-soak PROBES
 */
#include <stdlib.h>
#include <string.h>

#include "iotests.h"

#define ANY	false
#define PC_ONLY true

static const struct ut_test tests[] = {
    {"no_ioperm", test_no_ioperm, ANY, 0},
    {"ioperm_basic", test_ioperm_basic, ANY, 0},
    {"ioperm_fork", test_ioperm_fork, ANY, 0},
    {"ioperm_unprivileged", test_ioperm_unprivileged, ANY, 0},
    {"ioperm_errors", test_ioperm_errors, ANY, 0},
    {"iopl_all_ports", test_iopl_all_ports, ANY, 0},
    {"iopl_restores_bitmap", test_iopl_restores_bitmap, ANY, 0},
    {"iopl_child", test_iopl_child, ANY, 0},
    {"iopl_errors", test_iopl_errors, ANY, 0},
    {"edge_width", test_edge_width, ANY, 0},
    {"edge_top", test_edge_top, ANY, 0},
    {"edge_string", test_edge_string, ANY, 0},
    {"edge_forms", test_edge_forms, ANY, 0},
    {"low_ports", test_low_ports, ANY, 0},
    {"fault_record", test_fault_record, ANY, 0},
    {"leak_stale", test_leak_stale, PC_ONLY, 60},
    {"leak_partial", test_leak_partial, PC_ONLY, 60},
    {"leak_reuse", test_leak_reuse, PC_ONLY, 60},
    {"smp_affinity", test_smp_affinity, PC_ONLY, 0},
    {"smp_migrate_copy", test_smp_migrate_copy, PC_ONLY, 0},
    {"smp_fork_share", test_smp_fork_share, PC_ONLY, 0},
    {"smp_iopl_migrate", test_smp_iopl_migrate, PC_ONLY, 0},
    {"leak_stale_smp", test_leak_stale_smp, PC_ONLY, 60},
    {"leak_partial_smp", test_leak_partial_smp, PC_ONLY, 60},
    {"leak_reuse_smp", test_leak_reuse_smp, PC_ONLY, 60},
    {"exec_keeps", test_exec_keeps, PC_ONLY, 0},
    {"exit_releases", test_exit_releases, PC_ONLY, 60},
    {"fork_fail", test_fork_fail, PC_ONLY, 60},
    {"stress_seq", test_stress_seq, PC_ONLY, 120},
    {"stress_max", test_stress_max, PC_ONLY, 120},
    {"stress_full", test_stress_full, PC_ONLY, 120},
    {"stress_fault", test_stress_fault, PC_ONLY, 120},
    {"strategy_calls", test_strategy_calls, PC_ONLY, 0},
    /* Last: every test above that switched strategies restored it. */
    {"strategy_restored", test_strategy_restored, PC_ONLY, 0},
};

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "--migrate-soak") == 0)
		return migrate_soak_main(strtol(argv[2], NULL, 10));
	if (argc >= 2 && strncmp(argv[1], "--exec-probe", 12) == 0)
		return exec_probe_main(argv[1],
				       argc >= 3 && strcmp(argv[2], "-q") == 0);
	if (argc >= 3 && strcmp(argv[1], "--probes") == 0) {
		stress_set_probes(strtol(argv[2], NULL, 10));
		argv[2] = argv[0];
		argv += 2;
		argc -= 2;
	}
	note_boot_strategy();
	return ut_main("iotests", tests, sizeof(tests) / sizeof(tests[0]), argc,
		       argv);
}
