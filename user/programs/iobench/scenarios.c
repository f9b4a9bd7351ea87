/*
 * scenarios.c - the I/O states the two ping-pong processes hold.
 *
 * Each scenario isolates one case of iobitmap_return_to_user():
 *   1. nobody has I/O state: the baseline switch, no bitmap work at all;
 *   2. one process holds port 0x80, the other nothing: with strategy seq
 *      the TSS map still holds 0x80's bits when the I/O process comes
 *      back (the other one only invalidated the base), so no copy;
 *   3. two different low-port bitmaps: a copy of max(prev_max, max) =
 *      17 bytes on every switch;
 *   4. two different bitmaps that both reach port 0xffff: max is 8192,
 *      so every switch copies the full map even with seq;
 *   5. a parent and its forked child sharing one bitmap: same sequence,
 *      no copy with seq;
 *   6. an iopl(3) process and a plain one: only the base moves (ALL /
 *      INVALID), never a copy;
 *   7. two different low-port bitmaps, each writing port 0x80 after
 *      every switch: what scenario 3 costs when the ports are used.
 *      Under fault each switch is a #GP and a copy; scenarios 2-5, whose
 *      processes hold ports but do not touch them, copy nothing there.
 */
#include <unistd.h>

#include "iobench.h"

static long none(int side)
{
	(void)side;
	return 0;
}

static long one_port80(int side)
{
	return side == 0 ? sys_ioperm(0x80, 1, 1) : 0;
}

static long two_low(int side)
{
	return side == 0 ? sys_ioperm(0x80, 1, 1) : sys_ioperm(0x70, 2, 1);
}

static long two_high(int side)
{
	long err = two_low(side);
	return err ? err : sys_ioperm(0xffff, 1, 1);
}

static long shared(int side)
{
	/* Side 1 is forked from side 0 after this and shares its bitmap. */
	return side == 0 ? sys_ioperm(0x80, 1, 1) : 0;
}

static long two_low_80(int side)
{
	long err = sys_ioperm(0x80, 1, 1);
	return err || side == 0 ? err : sys_ioperm(0xed, 1, 1);
}

static long iopl3(int side)
{
	return side == 0 ? sys_iopl(3) : 0;
}

const struct scenario scenarios[] = {
    {1, "no I/O state (baseline)", none, 0, 0},
    {2, "ioperm(0x80) vs none", one_port80, 0, 0},
    {3, "two low-port bitmaps", two_low, 0, 0},
    {4, "two bitmaps with 0xffff", two_high, 0, 0},
    {5, "parent+child sharing", shared, 1, 0},
    {6, "iopl(3) vs none", iopl3, 0, 0},
    {7, "two low-port, used", two_low_80, 0, 1},
};
const int nscenarios = sizeof(scenarios) / sizeof(scenarios[0]);
