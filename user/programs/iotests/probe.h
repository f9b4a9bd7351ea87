/*
 * probe.h - "may this process use this port?" answered the only way that
 * counts: by running the IN or OUT and seeing whether the CPU refuses.
 *
 * io_probe() runs exactly one port instruction - any port, width 1, 2 or
 * 4, either direction, in one of three encodings - and reports whether it
 * completed.  A refused instruction raises #GP, which the kernel delivers
 * as SIGSEGV; our handler (probe.c) records what the kernel reported and
 * resumes after the instruction, so a test can probe thousands of ports
 * and keep going.  Any other SIGSEGV is a real bug and ends the process.
 *
 * The three encodings matter because the CPU checks each of them against
 * the bitmap, and a kernel bug could hide behind any one:
 *   IO_FORM_DX      in al, dx / out dx, al (and ax, eax): any port
 *   IO_FORM_IMM     in al, imm8 / out imm8, al: ports 0..255 only
 *   IO_FORM_STRING  rep insb/insw/insl, rep outsb/...: two items, DF = 0
 *
 * Writes always send 0.  Only call a write probe on a port that is safe to
 * write should it be allowed (see the port notes in t_stress.c).
 */
#ifndef IOTESTS_PROBE_H
#define IOTESTS_PROBE_H

#include <stdbool.h>
#include <stdint.h>

enum io_dir { IO_IN, IO_OUT };
enum io_form { IO_FORM_DX, IO_FORM_IMM, IO_FORM_STRING };

#define TRAP_GP 13 /* the vector a refused IN/OUT raises */

/* What the handler saw on the last fault it caught. */
struct io_fault {
	unsigned long count; /* faults caught so far */
	int signo, code;
	uint64_t addr, rip, trapno, err;
};
extern volatile struct io_fault io_fault;

/* The buffer the string forms read from and write to (two items of up
 * to 4 bytes; the rest is a guard that must never change). */
#define PROBE_BUF_BYTES 16
extern volatile uint8_t probe_buf[PROBE_BUF_BYTES];

/* Installs the SIGSEGV handler; call once per process (fork keeps it,
 * execve does not). */
void probe_init(void);

/* Runs one access; true if it completed, false if the CPU refused it (the
 * fault is in io_fault).  IO_FORM_IMM needs port <= 0xff. */
bool io_probe(unsigned port, unsigned width, enum io_dir dir,
	      enum io_form form);

/* CLI and STI: true if they ran (they never should in ring 3). */
bool probe_cli(void);
bool probe_sti(void);

/* "outw 0x80 (dx)" - for messages; returns buf. */
const char *io_describe(char *buf, unsigned size, unsigned port, unsigned width,
			enum io_dir dir, enum io_form form);

/*
 * Runs the access and compares with `allowed`.  On a mismatch prints one
 * line (with the pid: helpers in child processes report this way) and
 * returns t_fail(...); otherwise T_OK.  `when` says which step this is.
 */
int expect_io(unsigned port, unsigned width, enum io_dir dir, enum io_form form,
	      bool allowed, const char *when);

#define EXPECT_IO(port, width, dir, form, allowed, when)                 \
	do {                                                             \
		if (expect_io((port), (width), (dir), (form), (allowed), \
			      (when)) != T_OK)                           \
			return T_FAIL;                                   \
	} while (0)

/* A byte read and a byte write through DX, plus the immediate read for
 * ports below 256: the Linux selftests' "is this port open" question.
 * Only for ports safe to write (0x80-0x8f, 0xed, 0xffff). */
int expect_port(unsigned port, bool allowed, const char *when);

#define EXPECT_PORT(port, allowed, when)                            \
	do {                                                        \
		if (expect_port((port), (allowed), (when)) != T_OK) \
			return T_FAIL;                              \
	} while (0)

#endif
