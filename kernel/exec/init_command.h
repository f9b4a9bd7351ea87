/*
 * init_command.h - the boot programs' command lines, from init=.
 *
 * The syntax of the value (docs/user-abi.md, "Boot-time control"):
 *
 *   init=COMMAND[,COMMAND...]
 *   COMMAND = [NAME=VALUE ...] PROGRAM [ARG ...]
 *
 * Words are separated by spaces or tabs.  Single quotes group a word that
 * holds spaces or commas ('echo hi, there'); the quotes are dropped.
 * Leading NAME=VALUE words (NAME of letters, digits and '_', not starting
 * with a digit) are environment strings; the first other word is the
 * program (NAME for /bin/NAME, or a path) and argv[0]; the rest are its
 * arguments.  On the kernel command line, a value with spaces needs the
 * double quotes of the option syntax (kernel/cmdline.c):
 *
 *   init="TERM=vt100 /bin/hello -e 3 'two words',hello"
 *
 * Pure code, host-tested: it cuts the caller's buffer in place.
 */
#ifndef KERNEL_EXEC_INIT_COMMAND_H
#define KERNEL_EXEC_INIT_COMMAND_H

#define INIT_MAX_WORDS 32 /* argv entries, and environment entries */

struct init_command {
	char *argv[INIT_MAX_WORDS + 1]; /* NULL-terminated */
	int argc;
	char *envp[INIT_MAX_WORDS + 1]; /* NULL-terminated */
	int envc;
};

/* Parses the command starting at *s and moves *s past it (and its comma).
 * Returns 1 for a command, 0 when *s holds no more, -EINVAL for an
 * unclosed quote, a command with no program, or more than INIT_MAX_WORDS
 * words of either kind. */
int init_next_command(char **s, struct init_command *cmd);

#endif
