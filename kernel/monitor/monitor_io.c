/*
 * monitor_io.c - the monitor's I/O permission commands: `iomap PID`,
 * `counters` and `trace`.
 *
 * `iomap` prints a process's bitmap as the ranges it grants (0 bits), not
 * 8 KiB of hex: that is what ioperm() calls made, and what a student checks
 * against the program.  max and the sequence number are the two facts the
 * lazy TSS switch decides by, and whether this CPU's map holds the bits
 * (its prev_sequence is the bitmap's) says whether the next return to
 * user mode of the process would copy.
 *
 * `trace on|off` turns iotrace on and off at run time; `trace` alone
 * shows the last decisions recorded while it was on.
 */
#include "kernel/monitor/monitor.h"
#include "kernel/console.h"
#include "kernel/arch.h"
#include "kernel/io/iobitmap.h"
#include "kernel/io/io_trace.h"
#include "kernel/lib/string.h"
#include "kernel/proc/proc.h"

static bool port_allowed(const struct io_bitmap *b, unsigned port)
{
	return !(b->bits[port / 8] & (1u << (port % 8)));
}

static int parse_pid(const char *s)
{
	int pid = 0;
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || pid > 100000)
			return -1;
		pid = pid * 10 + (*s - '0');
	}
	return pid;
}

int monitor_cmd_iomap(int argc, char **argv, const struct monitor_entry *e)
{
	(void)e;
	int pid = argc == 2 ? parse_pid(argv[1]) : -1;
	struct proc *p = pid > 0 ? proc_by_pid(pid) : NULL;
	if (!p) {
		printk("usage: iomap PID (a live process; see tasks)\n");
		return 0;
	}
	printk("pid %d (%s): iopl %d", p->pid, p->name, p->iopl);
	const struct io_bitmap *b = p->io_bitmap;
	if (!b) {
		printk(", no I/O bitmap: ioperm() was never called\n");
		return 0;
	}
	printk(", bitmap shared by %u, max %u bytes, sequence %lu\n", b->refs,
	       b->max, (unsigned long)b->sequence);
	uint64_t prev_sequence;
	bool selected;
	unsigned cpu = arch_cpu_id();
	bool holds = iobitmap_cpu_holds(cpu, b, &prev_sequence, &selected);
	printk(
	    "  cpu %u %s this bitmap (its TSS map's prev_sequence is %lu)%s\n",
	    cpu, holds ? "holds" : "does not hold",
	    (unsigned long)prev_sequence,
	    holds ? (selected ? ", selected"
			      : ", not selected: base past the limit")
		  : "");
	unsigned ranges = 0;
	for (unsigned port = 0; port < b->max * 8; port++) {
		if (!port_allowed(b, port))
			continue;
		unsigned last = port;
		while (last + 1 < b->max * 8 && port_allowed(b, last + 1))
			last++;
		printk("  ports 0x%x-0x%x allowed (%u)\n", port, last,
		       last - port + 1);
		ranges++;
		port = last;
	}
	if (!ranges)
		printk("  no port allowed\n");
	return 0;
}

int monitor_cmd_counters(int argc, char **argv, const struct monitor_entry *e)
{
	(void)argc, (void)argv, (void)e;
	struct pc_io_counters c;
	printk("iobitmap strategy %s\n",
	       iobitmap_strategy_name(iobitmap_strategy()));
	for (unsigned cpu = 0; iobitmap_counters(cpu, &c); cpu++)
		printk(
		    "  cpu %u: switches %lu (with I/O %lu), copies %lu, bytes %lu, skipped %lu, invalidations %lu, first faults %lu\n",
		    cpu, c.context_switches, c.io_switches, c.bitmap_copies,
		    c.bytes_copied, c.copies_skipped, c.invalidations,
		    c.first_faults);
	return 0;
}

int monitor_cmd_trace(int argc, char **argv, const struct monitor_entry *e)
{
	(void)e;
	if (argc == 2 && (!strcmp(argv[1], "on") || !strcmp(argv[1], "off"))) {
		iotrace_on = !strcmp(argv[1], "on");
		printk("iotrace %s\n", iotrace_on ? "on" : "off");
		return 0;
	}
	if (argc != 1) {
		printk("usage: trace [on|off]\n");
		return 0;
	}
	struct iotrace_event recent[16];
	unsigned n = iotrace_recent(recent, 16);
	printk("iotrace is %s; %u recent decision(s)%s\n",
	       iotrace_on ? "on" : "off", n,
	       n ? ", oldest first:" : " (recorded only while it is on)");
	for (unsigned i = 0; i < n; i++) {
		printk("  ");
		iotrace_print(&recent[i]);
		printk("\n");
	}
	return 0;
}
