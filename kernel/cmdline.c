/*
 * cmdline.c - splits the boot command line into key=value options.
 *
 * Runs before any allocator exists, so everything lives in fixed static
 * arrays: one untouched copy of the line for cmdline_raw(), and a second
 * copy that is cut in place into NUL-terminated keys and values.
 */
#include "kernel/cmdline.h"

struct cmdline_option {
	const char *key;
	const char *value; /* "" for a bare flag */
};

static char raw_line[CMDLINE_MAX_LEN];
static char split_line[CMDLINE_MAX_LEN];
static struct cmdline_option options[CMDLINE_MAX_OPTS];
static int option_count;

/* Newlines count too: some boot loaders leave one at the end. */
static bool is_separator(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool strings_equal(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/*
 * Cuts the option starting at p in place: the separator after it and its
 * first '=' become NULs.  Double quotes group: separators between them
 * are part of the option, and the quotes themselves are dropped
 * (init="/bin/hello a b" has the value "/bin/hello a b").  An unclosed
 * quote runs to the end of the line.  GRUB hands on quotes from its
 * variables escaped, as \" and \' (and a backslash as \\): \" groups
 * like ", and \' and \\ stand for ' and \.  Returns where scanning continues.
 */
static char *split_option(char *p, struct cmdline_option *option)
{
	bool has_value = false, quoted = false;
	char *out = p; /* where kept characters go: never ahead of p */

	option->key = p;
	option->value = "";

	while (*p != '\0' && (quoted || !is_separator(*p))) {
		/* GRUB writes quotes that came from a variable as \" and
		 * \', and a backslash as \\: \" groups like ", the others
		 * stand for themselves. */
		if (*p == '\\' &&
		    (p[1] == '"' || p[1] == '\'' || p[1] == '\\')) {
			p++;
			if (*p != '"') {
				*out++ = *p++;
				continue;
			}
		}
		if (*p == '"') {
			quoted = !quoted;
			p++;
			continue;
		}
		/* Only the first '=' splits: "a=b=c" has value "b=c". */
		if (*p == '=' && !has_value && !quoted) {
			*out++ = '\0';
			option->value = out;
			has_value = true;
			p++;
			continue;
		}
		*out++ = *p++;
	}
	if (*p != '\0')
		p++;
	*out = '\0';
	return p;
}

int cmdline_parse(const char *s)
{
	size_t len = 0;

	if (s != NULL) {
		while (len < CMDLINE_MAX_LEN - 1 && s[len] != '\0') {
			raw_line[len] = s[len];
			split_line[len] = s[len];
			len++;
		}
	}
	raw_line[len] = '\0';
	split_line[len] = '\0';

	option_count = 0;
	char *p = split_line;

	while (*p != '\0' && option_count < CMDLINE_MAX_OPTS) {
		if (is_separator(*p)) {
			p++;
			continue;
		}
		struct cmdline_option option;

		p = split_option(p, &option);
		/* "=value" names nothing anyone could look up; drop it. */
		if (option.key[0] != '\0')
			options[option_count++] = option;
	}
	return option_count;
}

const char *cmdline_get(const char *key)
{
	if (key == NULL)
		return NULL;

	/* Search newest first so a later duplicate overrides an earlier one. */
	for (int i = option_count - 1; i >= 0; i--) {
		if (strings_equal(options[i].key, key))
			return options[i].value;
	}
	return NULL;
}

bool cmdline_has(const char *key)
{
	return cmdline_get(key) != NULL;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Strict conversion: the whole string must be digits of the base, with at
 * least one of them.  Returns false on anything else, including overflow,
 * because a silently wrapped "iobase=0x1_0000_0000" is worse than the
 * default.
 */
static bool parse_ulong(const char *s, unsigned long *result)
{
	const unsigned long max = (unsigned long)-1;
	unsigned base = 10;
	unsigned long value = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (*s == '\0')
		return false;

	for (; *s != '\0'; s++) {
		int digit = digit_value(*s);

		if (digit < 0 || (unsigned)digit >= base)
			return false;
		if (value > (max - (unsigned long)digit) / base)
			return false;
		value = value * base + (unsigned long)digit;
	}
	*result = value;
	return true;
}

unsigned long cmdline_get_ulong(const char *key, unsigned long fallback)
{
	const char *value = cmdline_get(key);
	unsigned long result;

	if (value == NULL || !parse_ulong(value, &result))
		return fallback;
	return result;
}

const char *cmdline_raw(void)
{
	return raw_line;
}
