/*
 * rtcclock - reads the CMOS real-time clock through ports 0x70/0x71.
 *
 * The RTC's registers are reached indirectly: write a register number to
 * the index port 0x70, then read its value from the data port 0x71.  The
 * clock updates its registers once a second; while bit 7 of register A
 * ("update in progress") is set they may be inconsistent, so we wait for
 * it to clear and read twice until two readings agree.  Register B says
 * whether the values are BCD (bit 2 clear) and 12-hour (bit 1 clear).
 * Bit 7 of the index is the NMI mask on real PCs: we always leave it 0.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/io.h>
#include <time.h>
#include <unistd.h>

#define RTC_INDEX 0x70
#define RTC_DATA  0x71

struct rtc_time {
	unsigned sec, min, hour, day, mon, year;
};

static unsigned rtc_reg(unsigned reg)
{
	outb((uint8_t)reg, RTC_INDEX);
	return inb(RTC_DATA);
}

static void rtc_raw(struct rtc_time *t)
{
	for (int i = 0; i < 100000 && (rtc_reg(0x0a) & 0x80); i++)
		;
	t->sec = rtc_reg(0x00);
	t->min = rtc_reg(0x02);
	t->hour = rtc_reg(0x04);
	t->day = rtc_reg(0x07);
	t->mon = rtc_reg(0x08);
	t->year = rtc_reg(0x09);
}

static unsigned from_bcd(unsigned v)
{
	return (v >> 4) * 10 + (v & 0x0f);
}

static void rtc_read(struct rtc_time *t)
{
	struct rtc_time again;
	do {
		rtc_raw(t);
		rtc_raw(&again);
	} while (memcmp(t, &again, sizeof(again)) != 0);

	unsigned b = rtc_reg(0x0b);
	bool pm = !(b & 0x02) && (t->hour & 0x80);
	t->hour &= 0x7f;
	if (!(b & 0x04)) {
		t->sec = from_bcd(t->sec);
		t->min = from_bcd(t->min);
		t->hour = from_bcd(t->hour);
		t->day = from_bcd(t->day);
		t->mon = from_bcd(t->mon);
		t->year = from_bcd(t->year);
	}
	if (pm)
		t->hour = (t->hour % 12) + 12;
}

int main(void)
{
	long err = sys_ioperm(RTC_INDEX, 2, 1);
	if (err) {
		printf("rtcclock: ioperm(0x70, 2) failed: error %ld\n", -err);
		return 1;
	}
	for (int i = 0; i < 3; i++) {
		struct rtc_time t;
		rtc_read(&t);
		printf("rtcclock: the CMOS clock says 20%02u-%02u-%02u "
		       "%02u:%02u:%02u UTC\n",
		       t.year, t.mon, t.day, t.hour, t.min, t.sec);
		struct timespec half = {0, 500 * 1000 * 1000};
		sys_nanosleep(&half, NULL);
	}
	return 0;
}
