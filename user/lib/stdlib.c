/*
 * stdlib.c - exit, number parsing, getenv and the xorshift PRNG.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char **environ;

_Noreturn void exit(int status)
{
	/* Nothing to flush: stdio keeps no buffers between calls. */
	sys_exit_group(status);
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99; /* larger than any base */
}

/* The shared part of strtol and strtoul: everything but the sign. */
static unsigned long parse_magnitude(const char *s, char **end, int base,
				     bool *negative)
{
	const char *start = s;
	unsigned long value = 0;
	bool any = false;

	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	*negative = *s == '-';
	if (*s == '-' || *s == '+')
		s++;
	/* Only eat "0x" when a hex digit follows, so "0xg" parses as 0. */
	if ((base == 0 || base == 16) && s[0] == '0' &&
	    (s[1] == 'x' || s[1] == 'X') && digit_value(s[2]) < 16) {
		s += 2;
		base = 16;
	} else if (base == 0) {
		base = s[0] == '0' ? 8 : 10;
	}
	for (; digit_value(*s) < base; s++, any = true)
		value = value * (unsigned long)base +
			(unsigned long)digit_value(*s);
	if (end != NULL)
		*end = (char *)(any ? s : start);
	return value;
}

unsigned long strtoul(const char *s, char **end, int base)
{
	bool negative;
	unsigned long value = parse_magnitude(s, end, base, &negative);

	return negative ? 0UL - value : value;
}

long strtol(const char *s, char **end, int base)
{
	bool negative;
	unsigned long value = parse_magnitude(s, end, base, &negative);

	/* Unsigned negation wraps, which avoids signed overflow for LONG_MIN. */
	return (long)(negative ? 0UL - value : value);
}

int atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

char *getenv(const char *name)
{
	size_t len = strlen(name);

	for (char **e = environ; e != NULL && *e != NULL; e++) {
		if (strncmp(*e, name, len) == 0 && (*e)[len] == '=')
			return *e + len + 1;
	}
	return NULL;
}

/* Any nonzero seed works; zero is the one state xorshift can't leave. */
static uint64_t rand_state = 0x9e3779b97f4a7c15ULL;

void pc_srand(uint64_t seed)
{
	rand_state = seed != 0 ? seed : 0x9e3779b97f4a7c15ULL;
}

/* Marsaglia's xorshift64 with the (13, 7, 17) shift triple. */
uint64_t pc_rand(void)
{
	uint64_t x = rand_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rand_state = x;
	return x;
}
