/*
 * monitor.h - the kernel monitor: a command line on the serial console
 * that shows the live machine (kernel/monitor/monitor.c).
 */
#ifndef KERNEL_MONITOR_MONITOR_H
#define KERNEL_MONITOR_MONITOR_H

#include <stdbool.h>

struct trap_frame;

/* Why the monitor was entered, and what the machine was doing. */
struct monitor_entry {
	const char *reason;    /* "boot", "key", "panic" */
	struct trap_frame *tf; /* the interrupted context, or NULL */
	bool can_continue;     /* false after a panic */
};

/* Runs the monitor until `continue` (or forever when the entry cannot
 * continue).  Interrupts stay off inside: the machine stands still. */
void monitor_run(const struct monitor_entry *entry);

/* The "monitor" option: enter the monitor at boot and on a panic. */
bool monitor_enabled(void);

/* The commands that live beside what they show (one table, in
 * monitor.c).  argv[0] is the command's name. */
int monitor_cmd_tasks(int argc, char **argv, const struct monitor_entry *e);
int monitor_cmd_iomap(int argc, char **argv, const struct monitor_entry *e);
int monitor_cmd_counters(int argc, char **argv, const struct monitor_entry *e);
int monitor_cmd_trace(int argc, char **argv, const struct monitor_entry *e);

#endif
