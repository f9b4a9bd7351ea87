/*
 * init_command.c - splitting init= into commands, words and environment
 * (the syntax is in init_command.h).
 */
#include "kernel/exec/init_command.h"
#include "kernel/errno.h"

#include <stdbool.h>
#include <stddef.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* NAME=VALUE with a shell-style NAME. */
static bool is_assignment(const char *w)
{
	if (!((*w >= 'A' && *w <= 'Z') || (*w >= 'a' && *w <= 'z') ||
	      *w == '_'))
		return false;
	for (w++; *w != '='; w++) {
		if (*w == '\0')
			return false;
		if (!((*w >= 'A' && *w <= 'Z') || (*w >= 'a' && *w <= 'z') ||
		      (*w >= '0' && *w <= '9') || *w == '_'))
			return false;
	}
	return true;
}

/* Cuts the word at p in place (quotes dropped).  *end receives the
 * character that ended it ('\0', ',' or a blank), and the return value is
 * where scanning continues; NULL for an unclosed quote. */
static char *cut_word(char *p, char *end)
{
	char *out = p;
	bool quoted = false;
	while (*p && (quoted || (!is_blank(*p) && *p != ','))) {
		if (*p == '\'') {
			quoted = !quoted;
			p++;
			continue;
		}
		*out++ = *p++;
	}
	if (quoted)
		return NULL;
	*end = *p;
	if (*p)
		p++;
	*out = '\0';
	return p;
}

int init_next_command(char **s, struct init_command *cmd)
{
	char *p = *s;
	cmd->argc = cmd->envc = 0;
	cmd->argv[0] = cmd->envp[0] = NULL;
	while (is_blank(*p) || *p == ',')
		p++;
	if (!*p) {
		*s = p;
		return 0;
	}
	char end = ' ';
	while (*p && end != ',') {
		if (is_blank(*p)) {
			p++;
			continue;
		}
		char *word = p;
		p = cut_word(p, &end);
		if (!p)
			return -EINVAL;
		if (cmd->argc == 0 && is_assignment(word)) {
			if (cmd->envc == INIT_MAX_WORDS)
				return -EINVAL;
			cmd->envp[cmd->envc++] = word;
			cmd->envp[cmd->envc] = NULL;
		} else {
			if (cmd->argc == INIT_MAX_WORDS)
				return -EINVAL;
			cmd->argv[cmd->argc++] = word;
			cmd->argv[cmd->argc] = NULL;
		}
	}
	*s = p;
	return cmd->argc ? 1 : -EINVAL;
}
