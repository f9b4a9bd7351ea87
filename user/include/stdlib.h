/*
 * stdlib.h - process exit, number parsing, environment and a PRNG.
 */
#ifndef USER_STDLIB_H
#define USER_STDLIB_H

#include <stddef.h>
#include <stdint.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

/* Ends the process (all threads) with status & 0xff. */
_Noreturn void exit(int status);

/* Standard parsing: leading spaces, an optional sign, base 0 means
 * "0x" -> 16, "0" -> 8, else 10.  *end (if end) gets the first unused
 * character.  Overflow is not detected. */
unsigned long strtoul(const char *s, char **end, int base);
long strtol(const char *s, char **end, int base);
int atoi(const char *s);

/* crt0 points this at the envp main() receives. */
extern char **environ;
char *getenv(const char *name);

/* xorshift64: fast and good enough for tests, useless for secrets.
 * The same seed always gives the same sequence. */
void pc_srand(uint64_t seed);
uint64_t pc_rand(void);

#endif
