/*
 * string.h - memory and string functions.
 *
 * The core set is the kernel's own kernel/lib/string.c, compiled a second
 * time into libpc; user/lib/string.c adds the few that only user programs
 * need.  The compiler may call memset/memcpy/memmove/memcmp by itself (for
 * struct copies and big initialisers), so those names must exist.
 */
#ifndef USER_STRING_H
#define USER_STRING_H

#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strcpy(char *restrict dst, const char *restrict src);
size_t strlcpy(char *dst, const char *src, size_t size);

#endif
