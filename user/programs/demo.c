/*
 * demo - what `make run` shows: several user-space "drivers" running at
 * once under preemption, each with only the ports it asked for, then the
 * I/O bitmap counters that show what the sequence counter saved.
 *
 *   postcode   writes POST codes to port 0x80 in a tight loop
 *   serialdrv  prints text by driving the COM1 UART itself (0x3f8-0x3ff)
 *   rtcclock   reads the CMOS clock through 0x70/0x71
 *   toggler    turns port 0x80 on and off and checks each state holds
 *   intruder   reads a port it never asked for: killed with a report
 *
 * The demo starts them all (fork + execve), waits for each, checks that
 * each ended as it should (the intruder by SIGSEGV, the rest with status
 * 0) and exits 0 only if they all did.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct part {
	const char *program;
	const char *arg;   /* one optional argument */
	int expect_status; /* the wait status that means "as designed" */
	long pid;
};

static struct part parts[] = {
    {"postcode", "1000000", 0, 0},  {"serialdrv", NULL, 0, 0},
    {"rtcclock", NULL, 0, 0},	    {"toggler", "400", 0, 0},
    {"intruder", NULL, SIGSEGV, 0},
};
#define NPARTS (sizeof(parts) / sizeof(parts[0]))

static long start(struct part *p)
{
	long pid = sys_fork();
	if (pid != 0)
		return pid;
	char path[64];
	snprintf(path, sizeof(path), "/bin/%s", p->program);
	char *argv[] = {(char *)p->program, (char *)p->arg, NULL};
	char *envp[] = {NULL};
	long err = sys_execve(path, argv, envp);
	printf("demo: cannot run %s: error %ld\n", path, -err);
	sys_exit_group(127);
}

#define MAX_CPUS 64 /* bits in the affinity mask */

/* The CPUs the kernel schedules on: those in the demo's own affinity mask
 * (all of them: nobody narrowed it). */
static int cpu_count(void)
{
	unsigned long mask = 0;
	if (sys_sched_getaffinity(0, sizeof(mask), &mask) != sizeof(mask))
		return 1;
	int n = 0;
	while (n < MAX_CPUS && (mask >> n) & 1)
		n++;
	return n ? n : 1;
}

/* One counter's row: each CPU's value and, with several CPUs, the sum. */
static uint64_t row(const char *label, const struct pc_io_counters *c, int n,
		    size_t offset)
{
	uint64_t total = 0;
	printf("  %-28s", label);
	for (int i = 0; i < n; i++) {
		uint64_t v = *(const uint64_t *)((const char *)&c[i] + offset);
		printf(" %8lu", v);
		total += v;
	}
	if (n > 1)
		printf(" %8lu", total);
	printf("\n");
	return total;
}

#define ROW(label, field) \
	row(label, c, n, __builtin_offsetof(struct pc_io_counters, field))

static void print_counters(void)
{
	struct pc_io_counters c[MAX_CPUS];
	int n = cpu_count();
	for (int i = 0; i < n; i++) {
		if (sys_pc_io_counters((unsigned)i, &c[i], 0)) {
			printf("demo: no counters for CPU %d\n", i);
			return;
		}
	}
	long strategy = sys_pc_iobitmap_strategy(-1);
	const char *names[] = {"seq", "max", "full"};
	const char *name =
	    strategy >= 0 && strategy < 3 ? names[strategy] : "?";
	if (n == 1) {
		printf("\ndemo: I/O bitmap counters for CPU 0 (strategy %s)\n",
		       name);
	} else {
		printf("\ndemo: I/O bitmap counters per CPU (strategy %s)\n",
		       name);
		printf("  %-28s", "");
		for (int i = 0; i < n; i++)
			printf("    CPU %d", i);
		printf("    total\n");
	}
	ROW("context switches", context_switches);
	ROW("switches with I/O state", io_switches);
	uint64_t copies = ROW("bitmap copies into the TSS", bitmap_copies);
	ROW("bytes copied", bytes_copied);
	uint64_t skipped = ROW("copies skipped (same seq)", copies_skipped);
	ROW("map invalidations", invalidations);
	ROW("faults that loaded the map", first_faults);
	uint64_t returns = copies + skipped;
	printf("  copying all 8 KiB on each of those %lu returns (the 2004 "
	       "scheme) would have moved %lu bytes\n",
	       returns, returns * 8192);
}

int main(void)
{
	/* Count this demo only (needs uid 0; harmless if refused). */
	for (int i = 0; i < cpu_count(); i++)
		sys_pc_io_counters((unsigned)i, NULL, 1);
	printf("demo: starting %d port-I/O programs side by side\n",
	       (int)NPARTS);
	for (size_t i = 0; i < NPARTS; i++) {
		parts[i].pid = start(&parts[i]);
		if (parts[i].pid < 0)
			printf("demo: fork failed: error %ld\n", -parts[i].pid);
	}

	int bad = 0;
	for (size_t i = 0; i < NPARTS; i++) {
		int status = -1;
		if (parts[i].pid > 0)
			sys_wait4((pid_t)parts[i].pid, &status, 0, NULL);
		bool as_designed = status == parts[i].expect_status;
		if (!as_designed)
			bad++;
		if (WIFSIGNALED(status))
			printf("demo: %-9s pid %ld killed by signal %d (%s)\n",
			       parts[i].program, parts[i].pid, WTERMSIG(status),
			       as_designed ? "as designed" : "UNEXPECTED");
		else
			printf("demo: %-9s pid %ld exited with %d (%s)\n",
			       parts[i].program, parts[i].pid,
			       WEXITSTATUS(status),
			       as_designed ? "as designed" : "UNEXPECTED");
	}
	print_counters();
	printf("demo: %s\n", bad ? "SOMETHING WENT WRONG"
				 : "every program behaved as designed");
	/* The newcomer's two questions, answered where the demo leaves them. */
	printf("demo: done. Leave QEMU with Ctrl-A X.\n");
	printf("demo: boot another program with make run "
	       "CMDLINE=\"init=NAME\" (usertests, iotests, iobench, hello)\n");
	return bad ? 1 : 0;
}
