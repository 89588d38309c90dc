/*
 * lunar.h: the Vietnamese lunar calendar (âm lịch), for the holidays that
 * follow it: Tết Nguyên Đán (1st day of the 1st month) and Giỗ Tổ Hùng
 * Vương (10th day of the 3rd month).
 *
 * Computed with Hồ Ngọc Đức's published algorithm ("amlich") for the time
 * zone of Vietnam, UTC+7: a month begins on the local day of the new moon,
 * month 11 is the month that holds the winter solstice, and in a year of 13
 * months the first month after month 11 without a principal solar term is
 * the leap month (it takes the number of the month before it).  A Chinese
 * table (UTC+8) gives other dates in some years: Tết 1985 is 21/1/1985 in
 * Vietnam and 20/2/1985 in China; Tết 2007 is 17/2 and 18/2.
 *
 * The months of the lunar years 1899-2200 (covering every solar day of
 * 1900-2199) are computed once, on first use, into a table; every
 * conversion after that is a binary search.  Nothing here allocates.
 */
#ifndef PAKN_LUNAR_H
#define PAKN_LUNAR_H

/* The solar years the conversions cover. */
#define PAKN_LUNAR_FIRST_YEAR 1900
#define PAKN_LUNAR_LAST_YEAR 2199

/* A lunar date.  leap is 1 in a leap month (tháng nhuận). */
struct pakn_lunar {
	int year, month, day, leap;
};

/*
 * The lunar date of a solar day (a day number of when.h: days since
 * 1970-01-01).  Returns 0, or -1 if the day is outside 1900-2199.
 */
int pakn_lunar_from_solar(long days, struct pakn_lunar *out);

/*
 * The solar day number of a lunar date.  Returns 0, or -1 if there is no
 * such date (a leap flag on a month that is not the year's leap month, a
 * day 30 in a month of 29 days, a year whose date falls outside
 * 1900-2199).
 */
int pakn_lunar_to_solar(int year, int month, int day, int leap, long *days);

/* The leap month of a lunar year (1-12), 0 if it has none, -1 if the year
 * is outside the table. */
int pakn_lunar_leap_month(int year);

/* The number of days of a lunar month (29 or 30), -1 if there is no such
 * month. */
int pakn_lunar_month_length(int year, int month, int leap);

#endif
