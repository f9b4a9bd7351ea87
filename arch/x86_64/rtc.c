/*
 * rtc.c - the wall-clock time at boot, from the CMOS real-time clock.
 *
 * The RTC keeps date and time in CMOS registers reached through ports 0x70
 * (index) and 0x71 (data), usually in BCD and sometimes in 12-hour form
 * (status register B says which).  An update in progress (status A bit 7)
 * can tear a read, so we read until two consecutive reads agree.
 */
#include "arch/x86_64/x86.h"
#include "kernel/arch.h"

#define CMOS_INDEX  0x70
#define CMOS_DATA   0x71
#define NMI_DISABLE 0x80

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, NMI_DISABLE | reg);
	return inb(CMOS_DATA);
}

struct rtc_time {
	unsigned sec, min, hour, day, mon, year;
};

static void read_once(struct rtc_time *t)
{
	for (int i = 0; i < 100000 && (cmos_read(0x0a) & 0x80); i++)
		;
	t->sec = cmos_read(0x00);
	t->min = cmos_read(0x02);
	t->hour = cmos_read(0x04);
	t->day = cmos_read(0x07);
	t->mon = cmos_read(0x08);
	t->year = cmos_read(0x09);
}

static unsigned from_bcd(unsigned v)
{
	return (v & 0x0f) + (v >> 4) * 10;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (civil calendar). */
static uint64_t days_since_epoch(unsigned y, unsigned m, unsigned d)
{
	static const unsigned days_before_month[12] = {
	    0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
	uint64_t days = (uint64_t)(y - 1970) * 365;
	days += (y - 1969) / 4 - (y - 1901) / 100 + (y - 1601) / 400;
	days += days_before_month[(m - 1) % 12] + d - 1;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (leap && m > 2)
		days++;
	return days;
}

static uint64_t boot_epoch;

uint64_t arch_boot_epoch_seconds(void)
{
	if (boot_epoch)
		return boot_epoch;
	struct rtc_time a, b;
	read_once(&a);
	for (int tries = 0; tries < 5; tries++) {
		read_once(&b);
		if (a.sec == b.sec && a.min == b.min && a.hour == b.hour &&
		    a.day == b.day && a.mon == b.mon && a.year == b.year)
			break;
		a = b;
	}
	uint8_t status_b = cmos_read(0x0b);
	bool pm = a.hour & 0x80;
	a.hour &= 0x7f;
	if (!(status_b & 0x04)) { /* BCD */
		a.sec = from_bcd(a.sec);
		a.min = from_bcd(a.min);
		a.hour = from_bcd(a.hour);
		a.day = from_bcd(a.day);
		a.mon = from_bcd(a.mon);
		a.year = from_bcd(a.year);
	}
	if (!(status_b & 0x02) && pm) /* 12-hour clock */
		a.hour = (a.hour % 12) + 12;
	if (a.mon < 1 || a.mon > 12 || a.day < 1 || a.day > 31)
		return 0;	       /* no believable RTC: the epoch it is */
	unsigned year = 2000 + a.year; /* no century register on every PC */
	boot_epoch = days_since_epoch(year, a.mon, a.day) * 86400 +
		     a.hour * 3600 + a.min * 60 + a.sec;
	return boot_epoch;
}
