/*
 * monitor.c - the kernel monitor: look at the live machine from the serial
 * console.
 *
 * A student who has just filled in a TSS wants to see it: what rsp0 holds
 * now, where the I/O map base points, which ports a process was granted
 * and whether this CPU's map still holds them.  The monitor answers such
 * questions with the machine stopped.  It is entered three ways:
 *
 *   - `monitor` on the kernel command line: at boot, once the init
 *     programs exist but before any of them runs, and again on a panic;
 *   - Ctrl-] typed at the console at any time (the tick sees the key, see
 *     console_poll_input): the machine stops where it was;
 *   - a panic, when `monitor` is on the command line.
 *
 * Inside, interrupts are off and nothing else runs; `continue` resumes.
 * One table lists every command, as in JOS's monitor: adding a command is
 * one line here and one function beside the data it shows (arch commands
 * in arch/x86_64/monitor_arch.c, processes and I/O in kernel/monitor/).
 */
#include "kernel/monitor/monitor.h"
#include "kernel/arch.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/lib/string.h"

#define LINE_MAX 80
#define ARGS_MAX 8

/* A command returns 0, or MONITOR_LEAVE to end the monitor. */
#define MONITOR_LEAVE 1

static int cmd_help(int argc, char **argv, const struct monitor_entry *e);

static int cmd_continue(int argc, char **argv, const struct monitor_entry *e)
{
	(void)argc;
	(void)argv;
	if (!e->can_continue) {
		printk("monitor: cannot continue after a panic\n");
		return 0;
	}
	return MONITOR_LEAVE;
}

static int cmd_gdt(int argc, char **argv, const struct monitor_entry *e)
{
	(void)argc, (void)argv, (void)e;
	arch_monitor_gdt();
	return 0;
}

static int cmd_idt(int argc, char **argv, const struct monitor_entry *e)
{
	(void)argc, (void)argv, (void)e;
	arch_monitor_idt();
	return 0;
}

static int cmd_tss(int argc, char **argv, const struct monitor_entry *e)
{
	(void)argc, (void)argv, (void)e;
	arch_monitor_tss();
	return 0;
}

static int cmd_backtrace(int argc, char **argv, const struct monitor_entry *e)
{
	(void)argc, (void)argv;
	arch_monitor_backtrace(e->tf);
	return 0;
}

static const struct command {
	const char *name;
	const char *args;
	const char *help;
	int (*run)(int argc, char **argv, const struct monitor_entry *e);
} commands[] = {
    {"help", "", "this list", cmd_help},
    {"gdt", "", "this CPU's GDT, decoded (from SGDT)", cmd_gdt},
    {"idt", "", "the present IDT gates and their handlers", cmd_idt},
    {"tss", "", "this CPU's TSS: rsp0, IST, I/O map base, what it selects",
     cmd_tss},
    {"iomap", "PID", "a process's ports, max, sequence; held by this CPU?",
     monitor_cmd_iomap},
    {"tasks", "", "every process: state, credentials, I/O state",
     monitor_cmd_tasks},
    {"counters", "", "the I/O bitmap counters of each CPU",
     monitor_cmd_counters},
    {"trace", "[on|off]", "iotrace on or off; alone: the recent decisions",
     monitor_cmd_trace},
    {"backtrace", "", "the kernel stack where the monitor was entered",
     cmd_backtrace},
    {"continue", "", "leave the monitor; the machine runs on", cmd_continue},
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static int cmd_help(int argc, char **argv, const struct monitor_entry *e)
{
	(void)argc, (void)argv, (void)e;
	for (unsigned i = 0; i < NCOMMANDS; i++)
		printk("  %-9s %-8s %s\n", commands[i].name, commands[i].args,
		       commands[i].help);
	printk("  (any unique prefix works; Ctrl-] stops the machine here)\n");
	return 0;
}

/* Reads a line with echo and backspace.  Returns its length. */
static unsigned read_line(char *line)
{
	unsigned len = 0;
	for (;;) {
		/* Interrupts are off, so no tick moves input: poll the devices
		 * here.  Ctrl-] inside the monitor means nothing more. */
		(void)console_poll_input();
		int c = console_getc();
		if (c < 0)
			continue;
		if (c == '\r' || c == '\n') {
			console_putc('\n');
			line[len] = 0;
			return len;
		}
		if ((c == 0x7f || c == '\b') && len > 0) {
			len--;
			console_write("\b \b", 3);
		} else if (c >= ' ' && c < 0x7f && len < LINE_MAX - 1) {
			line[len++] = (char)c;
			console_putc((char)c);
		}
	}
}

static int split(char *line, char **argv)
{
	int argc = 0;
	char *s = line;
	while (*s && argc < ARGS_MAX) {
		while (*s == ' ')
			*s++ = 0;
		if (!*s)
			break;
		argv[argc++] = s;
		while (*s && *s != ' ')
			s++;
	}
	return argc;
}

static const struct command *find_command(const char *name)
{
	const struct command *found = NULL;
	size_t len = strlen(name);
	for (unsigned i = 0; i < NCOMMANDS; i++) {
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
		if (strncmp(commands[i].name, name, len) == 0) {
			if (found)
				return NULL; /* ambiguous prefix */
			found = &commands[i];
		}
	}
	return found;
}

bool monitor_enabled(void)
{
	return cmdline_has("monitor");
}

void monitor_run(const struct monitor_entry *entry)
{
	char line[LINE_MAX];
	char *argv[ARGS_MAX];

	/* The machine stands still while we look at it, and the tick must
	 * not poll the console under our feet (console_poll_input has one
	 * producer at a time). */
	bool irq_were_on = arch_irq_enabled();
	arch_irq_disable();
	printk("monitor: entered (%s) on CPU %u; type help\n", entry->reason,
	       arch_cpu_id());
	for (;;) {
		printk("K> ");
		read_line(line);
		int argc = split(line, argv);
		if (argc == 0)
			continue;
		const struct command *cmd = find_command(argv[0]);
		if (!cmd) {
			printk("monitor: unknown command '%s' (try help)\n",
			       argv[0]);
			continue;
		}
		if (cmd->run(argc, argv, entry) == MONITOR_LEAVE)
			break;
	}
	printk("monitor: continuing\n");
	if (irq_were_on)
		arch_irq_enable();
}
