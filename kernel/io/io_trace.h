/*
 * io_trace.h - iotrace: one record per decision the lazy TSS switch makes
 * (kernel/io/io_trace.c).
 *
 * io_cpu.c reports each decision - a copy, a skip, the all-zero map of
 * iopl 3, an invalidation, a first fault under iobitmap=fault - while
 * tracing is on.  Each record is printed as one `iotrace:` line (the
 * format tools/iotrace-svg.py reads, docs/io-bitmap.md) and kept in a
 * small ring that the monitor's `trace` command shows.  Tracing is off
 * unless the command line says `iotrace` or the monitor turns it on.
 */
#ifndef KERNEL_IO_IO_TRACE_H
#define KERNEL_IO_IO_TRACE_H

#include <stdbool.h>
#include <stdint.h>

enum iotrace_kind {
	IOTRACE_COPY,	    /* bytes copied into the map */
	IOTRACE_SKIP,	    /* the map held these bits: nothing copied */
	IOTRACE_ALL,	    /* iopl 3: the all-zero map selected */
	IOTRACE_INVALIDATE, /* the base moved past the limit */
	IOTRACE_FAULT,	    /* iobitmap=fault: a #GP is loading the map */
};

struct iotrace_event {
	enum iotrace_kind kind;
	unsigned cpu;
	int prev_pid, next_pid; /* who ran before, who runs now */
	uint64_t prev_sequence, sequence;
	unsigned bytes;
};

/* Read on every decision, so a plain flag rather than a call. */
extern bool iotrace_on;

/* Prints e as an `iotrace:` line and keeps it in the ring. */
void iotrace_record(const struct iotrace_event *e);
/* Copies up to max of the most recent records, oldest first; returns how
 * many. */
unsigned iotrace_recent(struct iotrace_event *out, unsigned max);
/* The `iotrace:` line of e (without the newline) on the console. */
void iotrace_print(const struct iotrace_event *e);

#endif
