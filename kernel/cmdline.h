/*
 * cmdline.h - the kernel command line as key=value options.
 *
 * GRUB hands us one string ("iobitmap=seq init=a,b iotrace").  It is split
 * on spaces into options; an option is either "key=value" or a bare "key"
 * (a flag, whose value is the empty string).  A later option with the same
 * key overrides an earlier one, as on Linux.  Every option the kernel
 * understands is documented in README.md.
 *
 * The parser copies the string into its own static storage, so the caller's
 * buffer may go away afterwards.  Pure C: unit-tested on the host.
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

#define CMDLINE_MAX_LEN	 1024 /* longer command lines are truncated */
#define CMDLINE_MAX_OPTS 64   /* options past this are ignored */

/* Parses s (NULL means empty).  Returns the number of options stored.
 * Calling it again replaces everything parsed before. */
int cmdline_parse(const char *s);

/* The value of key: "" for a bare flag, NULL when the key is absent. */
const char *cmdline_get(const char *key);

/* True when key is present (with or without a value). */
bool cmdline_has(const char *key);

/* The value of key parsed as an unsigned decimal or 0x-hex number; returns
 * fallback when absent or not a valid number (trailing junk is invalid). */
unsigned long cmdline_get_ulong(const char *key, unsigned long fallback);

/* The whole command line as given (after truncation), for the boot banner. */
const char *cmdline_raw(void);

#endif
