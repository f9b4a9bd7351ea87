/*
 * string.h - the few C string and memory functions the kernel needs.
 *
 * The kernel is freestanding: there is no libc, yet gcc and clang both emit
 * calls to memset/memcpy/memmove/memcmp for struct copies and large
 * initialisers, so these four must exist under exactly these names.
 */
#ifndef KERNEL_LIB_STRING_H
#define KERNEL_LIB_STRING_H

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
/* Copies at most size-1 characters and always NUL-terminates (size > 0).
 * Returns strlen(src), so truncation is detectable as result >= size. */
size_t strlcpy(char *dst, const char *src, size_t size);

#endif
