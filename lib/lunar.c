/*
 * lunar.c: the Vietnamese lunar calendar (see lunar.h).
 *
 * The astronomy is Hồ Ngọc Đức's (after Jean Meeus, "Astronomical
 * Algorithms"): the time of the k-th new moon after 1900-01-01 and the
 * sun's longitude at local midnight, both reduced to whole local days in
 * UTC+7.  Instead of repeating that work for every conversion, build()
 * walks the years once and records each month's first day, number, leap
 * flag and year; the table is then searched.  Julian day numbers (JDN)
 * are used inside, day numbers of when.h (days since 1970-01-01) outside:
 * JDN = days + 2440588.
 */
#include "lunar.h"

#include <math.h>
#include <stddef.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define JDN_1970 2440588L
#define TIMEZONE 7.0               /* Vietnam, UTC+7 */
#define SYNODIC 29.530588853       /* mean synodic month, days */
#define NM_EPOCH 2415021.076998695 /* the new moon of 1900-01-01 (JD) */

/* Lunar years 1899..2200: the "sui" (month 11 to month 11) starting in each
 * solar year 1898..2200, at most 13 months each, plus the start of the
 * month after the last, so every month has a length. */
#define SUI_FIRST 1898
#define SUI_LAST 2200
#define MAX_MONTHS ((SUI_LAST - SUI_FIRST + 1) * 13 + 1)

struct month {
	long start;        /* JDN of its first day */
	short year;        /* lunar year */
	signed char month; /* 1-12 */
	signed char leap;
};

static struct month months[MAX_MONTHS];
static size_t nmonths; /* entries, the sentinel (start only) excluded */
static int built;

/* The Julian day number of a Gregorian date. */
static long
jdn_from_date(int d, int m, int y)
{
	long a = (14 - m) / 12;
	long yy = y + 4800 - a;
	long mm = m + 12 * a - 3;

	return d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 +
	       yy / 400 - 32045;
}

/* The moment (Julian date, UT) of the k-th new moon after 1900-01-01. */
static double
new_moon(long k)
{
	const double dr = M_PI / 180;
	double t = (double)k / 1236.85, t2 = t * t, t3 = t2 * t;
	double jd, m, mpr, f, c1, deltat;

	jd = 2415020.75933 + 29.53058868 * (double)k + 0.0001178 * t2 -
	     0.000000155 * t3;
	jd += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * dr);
	m = 359.2242 + 29.10535608 * (double)k - 0.0000333 * t2 -
	    0.00000347 * t3; /* the sun's mean anomaly */
	mpr = 306.0253 + 385.81691806 * (double)k + 0.0107306 * t2 +
	      0.00001236 * t3; /* the moon's mean anomaly */
	f = 21.2964 + 390.67050646 * (double)k - 0.0016528 * t2 -
	    0.00000239 * t3; /* the moon's argument of latitude */
	c1 = (0.1734 - 0.000393 * t) * sin(m * dr) + 0.0021 * sin(2 * dr * m);
	c1 = c1 - 0.4068 * sin(mpr * dr) + 0.0161 * sin(dr * 2 * mpr);
	c1 = c1 - 0.0004 * sin(dr * 3 * mpr);
	c1 = c1 + 0.0104 * sin(dr * 2 * f) - 0.0051 * sin(dr * (m + mpr));
	c1 = c1 - 0.0074 * sin(dr * (m - mpr)) + 0.0004 * sin(dr * (2 * f + m));
	c1 = c1 - 0.0004 * sin(dr * (2 * f - m)) -
	     0.0006 * sin(dr * (2 * f + mpr));
	c1 = c1 + 0.0010 * sin(dr * (2 * f - mpr)) +
	     0.0005 * sin(dr * (2 * mpr + m));
	if (t < -11)
		deltat = 0.001 + 0.000839 * t + 0.0002261 * t2 -
		         0.00000845 * t3 - 0.000000081 * t * t3;
	else
		deltat = -0.000278 + 0.000265 * t + 0.000262 * t2;
	return jd + c1 - deltat;
}

/* The local day (JDN in UTC+7) of the k-th new moon. */
static long
new_moon_day(long k)
{
	return (long)floor(new_moon(k) + 0.5 + TIMEZONE / 24);
}

/* The sun's longitude at the local midnight that starts day jdn, as the
 * number of the 30-degree sector it is in (0-11; 9 holds the winter
 * solstice at 270 degrees). */
static int
sun_sector(long jdn)
{
	const double dr = M_PI / 180;
	double t = ((double)jdn - 2451545.5 - TIMEZONE / 24) / 36525;
	double t2 = t * t, m, l0, dl, l;

	m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
	l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
	dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(dr * m);
	dl = dl + (0.019993 - 0.000101 * t) * sin(dr * 2 * m) +
	     0.000290 * sin(dr * 3 * m);
	l = (l0 + dl) * dr;
	l = l - 2 * M_PI * floor(l / (2 * M_PI));
	return (int)floor(l / M_PI * 6);
}

/* The first day (JDN) of the lunar month 11 that begins in solar year y. */
static long
month11(int y)
{
	long off = jdn_from_date(31, 12, y) - 2415021;
	long k = (long)floor((double)off / SYNODIC);
	long nm = new_moon_day(k);

	if (sun_sector(nm) >= 9)
		nm = new_moon_day(k - 1);
	return nm;
}

/* In a 13-month sui starting at a11, the offset (1-13 after month 11) of
 * the first month without a principal term: the leap month. */
static int
leap_offset(long a11)
{
	long k = (long)floor(((double)a11 - NM_EPOCH) / SYNODIC + 0.5);
	int i = 1, arc, last;

	arc = sun_sector(new_moon_day(k + i));
	do {
		last = arc;
		i++;
		arc = sun_sector(new_moon_day(k + i));
	} while (arc != last && i < 14);
	return i - 1;
}

static void
build(void)
{
	long a, b, k, start;
	int y, j, n, leapoff, month;

	nmonths = 0;
	for (y = SUI_FIRST; y <= SUI_LAST; y++) {
		a = month11(y);
		b = month11(y + 1);
		k = (long)floor(((double)a - NM_EPOCH) / SYNODIC + 0.5);
		n = (int)floor((double)(b - a) / SYNODIC + 0.5);
		leapoff = b - a > 365 ? leap_offset(a) : 99;
		for (j = 0; j < n; j++) {
			start = j == 0 ? a : new_moon_day(k + j);
			month = j < leapoff ? 11 + j : 10 + j;
			if (month > 12)
				month -= 12;
			months[nmonths].start = start;
			months[nmonths].month = (signed char)month;
			months[nmonths].leap = (signed char)(j == leapoff);
			months[nmonths].year =
			    (short)(month >= 11 && j < 4 ? y : y + 1);
			nmonths++;
		}
	}
	months[nmonths].start = month11(SUI_LAST + 1);
	built = 1;
}

/* The index of the month holding jdn, or -1. */
static long
find_day(long jdn)
{
	size_t lo = 0, hi, mid;

	if (!built)
		build();
	if (jdn < months[0].start || jdn >= months[nmonths].start)
		return -1;
	hi = nmonths; /* months[lo].start <= jdn < months[hi].start */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (months[mid].start <= jdn)
			lo = mid;
		else
			hi = mid;
	}
	return (long)lo;
}

static long
month_key(int year, int month, int leap)
{
	return (long)year * 32 + month * 2 + (leap != 0);
}

/* The index of a lunar month, or -1. */
static long
find_month(int year, int month, int leap)
{
	long want = month_key(year, month, leap), key;
	size_t lo = 0, hi, mid;

	if (!built)
		build();
	if (month < 1 || month > 12)
		return -1;
	hi = nmonths;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		key = month_key(months[mid].year, months[mid].month,
		                months[mid].leap);
		if (key == want)
			return (long)mid;
		if (key < want)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int
in_range(long jdn)
{
	return jdn >= jdn_from_date(1, 1, PAKN_LUNAR_FIRST_YEAR) &&
	       jdn <= jdn_from_date(31, 12, PAKN_LUNAR_LAST_YEAR);
}

int
pakn_lunar_from_solar(long days, struct pakn_lunar *out)
{
	long jdn = days + JDN_1970, i;

	if (!in_range(jdn) || (i = find_day(jdn)) < 0)
		return -1;
	out->year = months[i].year;
	out->month = months[i].month;
	out->leap = months[i].leap;
	out->day = (int)(jdn - months[i].start + 1);
	return 0;
}

int
pakn_lunar_to_solar(int year, int month, int day, int leap, long *days)
{
	long i = find_month(year, month, leap), jdn;

	if (i < 0 || day < 1 || day > months[i + 1].start - months[i].start)
		return -1;
	jdn = months[i].start + day - 1;
	if (!in_range(jdn))
		return -1;
	*days = jdn - JDN_1970;
	return 0;
}

int
pakn_lunar_leap_month(int year)
{
	int m;

	if (find_month(year, 1, 0) < 0 || find_month(year, 10, 0) < 0)
		return -1;
	for (m = 1; m <= 12; m++)
		if (find_month(year, m, 1) >= 0)
			return m;
	return 0;
}

int
pakn_lunar_month_length(int year, int month, int leap)
{
	long i = find_month(year, month, leap);

	if (i < 0)
		return -1;
	return (int)(months[i + 1].start - months[i].start);
}
