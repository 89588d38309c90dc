/*
 * calendar.h: the working days of Vietnamese public offices, 1900-2199.
 *
 * A working day is Monday to Friday, minus the public holidays, plus the
 * Saturdays the government swaps for a weekday off (DOMAIN.md §2):
 *  - 2020-2026: the official schedules for public offices, built in (their
 *    Tết ranges, adjacent days and Saturdays worked); basis "official"
 *    (sources: calendars/README.md);
 *  - every other year: derived from the labour code of its time (Bộ luật
 *    Lao động 2019, Điều 112 from 2021: 1/1, Tết 5 days, Giỗ Tổ Hùng Vương
 *    10/3 lunar, 30/4, 1/5, 2/9 and one adjacent day; before 2021 the same
 *    with 2/9 alone, Tết 4 days and no Giỗ Tổ before 2013/2007), the lunar
 *    calendar (lunar.h) and the compensatory-day rule (Điều 111: a holiday
 *    on a weekend gives the next working day off); basis "estimated";
 *  - a local file (pakn_calendar_load) adds or corrects days: basis
 *    "local", and it wins over the built-in data; a file that declares
 *    `schedule: YEAR` gives the whole schedule of that year (an official
 *    schedule announced after this release), and the year is "local".
 *
 * Arithmetic is constant time: the calendar keeps, for every day of the
 * range, the number of working days before it, and the list of working
 * days, so "the n-th working day after D" and "working days between A and
 * B" are two array lookups, never a walk.  Day numbers are those of
 * when.h (days since 1970-01-01, in Vietnam).
 */
#ifndef PAKN_CALENDAR_H
#define PAKN_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "pakn.h"
#include "strmap.h"

#define PAKN_CAL_FIRST_YEAR 1900
#define PAKN_CAL_LAST_YEAR 2199
/* The years whose official schedule is built in. */
#define PAKN_CAL_OFFICIAL_FIRST 2020
#define PAKN_CAL_OFFICIAL_LAST 2026
/* The most distinct day names a calendar holds (a day points to its name
 * by a 16-bit index; index 0 is "no name"). */
/* The days a calendar file's entries may cover in all (the calendar's
 * 300 years are 109,573 days). */
#define PAKN_CAL_MAX_FILE_DAYS 250000L
#define PAKN_CAL_MAX_NAMES 65535

/* Where a day's status comes from. */
enum pakn_basis {
	PAKN_BASIS_RULE,      /* the plain Monday-Friday rule */
	PAKN_BASIS_OFFICIAL,  /* a built-in official schedule */
	PAKN_BASIS_ESTIMATED, /* derived from the statutory rules */
	PAKN_BASIS_LOCAL      /* a local calendar file */
};

struct pakn_calendar {
	long first, last; /* day numbers of 1900-01-01 and 2199-12-31 */
	size_t ndays;
	unsigned char *flags; /* per day: bit 0 working, bits 1-2 basis */
	uint16_t *note;       /* per day: index in names, 0 = none */
	/* interned day names, by index (at most PAKN_CAL_MAX_NAMES);
	 * entry 0 means "no name" */
	struct pakn_strmap names;
	int32_t *before; /* before[i]: working days in [first, first+i),
	                    i = 0..ndays */
	int32_t *work;   /* work[k]: offset from first of the k-th
	                    working day (0-based) */
	size_t nwork;
	/* per year from PAKN_CAL_FIRST_YEAR: 1 if a local file gives its
	 * whole schedule (`schedule: YEAR`) */
	unsigned char year_local[PAKN_CAL_LAST_YEAR - PAKN_CAL_FIRST_YEAR + 1];
};

/* Builds the calendar with the built-in data.  Never fails (allocation
 * failures exit, pakn.h).  Release with pakn_calendar_release. */
void pakn_calendar_init(struct pakn_calendar *c);
void pakn_calendar_release(struct pakn_calendar *c);

/*
 * Applies a local calendar file (YAML):
 *
 *   off:                      # days off (a province's own holiday, ...)
 *     - {date: 2027-03-15, name: "..."}
 *     - {from: 2027-02-05, to: 2027-02-11, name: "Tết Nguyên Đán 2027"}
 *   work:                     # working days (a Saturday worked, ...)
 *     - {date: 2027-02-20, name: "..."}
 *   schedule: 2027            # optional: the file gives the whole
 *                             # schedule of 2027 (or a list of years)
 *
 * `name` is optional (at most PAKN_CAL_MAX_NAMES distinct names over the
 * built-in data and every file applied).  Its days win over the built-in data
 * (basis "local"); a day both off and work in one file is an error.  With
 * `schedule:`, the built-in days of those years are dropped first (back
 * to Monday-Friday), so the file's days are the year's only holidays and
 * working Saturdays, and pakn_calendar_year_basis says "local".  Returns 0,
 * or -1 with err filled (FILE:LINE:COLUMN and what was expected); on error
 * the calendar is unchanged.  Several files may be applied in turn; a
 * later one wins.
 */
int pakn_calendar_load(struct pakn_calendar *c, const char *path,
                       struct pakn_error *err);

/* 1 if the day is within 1900-2199. */
static inline int
pakn_calendar_in_range(const struct pakn_calendar *c, long day)
{
	return day >= c->first && day <= c->last;
}

/* 1 if the day (in range) is a working day. */
static inline int
pakn_calendar_working(const struct pakn_calendar *c, long day)
{
	return c->flags[day - c->first] & 1;
}

/* The number of working days before the day: its ordinal among working
 * days (0-based) if it is one.  day in range, or last + 1. */
static inline long
pakn_calendar_ordinal(const struct pakn_calendar *c, long day)
{
	return c->before[day - c->first];
}

/*
 * The day of the working day with ordinal k (0-based, as
 * pakn_calendar_ordinal).  Returns 0, or -1 if k is beyond the range.
 */
static inline int
pakn_calendar_nth(const struct pakn_calendar *c, long k, long *day)
{
	if (k < 0 || (size_t)k >= c->nwork)
		return -1;
	*day = c->first + c->work[k];
	return 0;
}

/*
 * The n-th working day after `day` (n >= 1: the first working day after
 * the day is n = 1; n = 0 gives the day itself).  Returns 0, or -1 if the
 * result falls outside the range (day itself must be in range).
 */
static inline int
pakn_calendar_add(const struct pakn_calendar *c, long day, long n, long *out)
{
	if (n == 0) {
		*out = day;
		return 0;
	}
	return pakn_calendar_nth(c, c->before[day - c->first + 1] + n - 1, out);
}

/* The first working day on or after `day` (in range).  0, or -1 if none
 * within the range. */
static inline int
pakn_calendar_next_working(const struct pakn_calendar *c, long day, long *out)
{
	return pakn_calendar_nth(c, c->before[day - c->first], out);
}

/* Working days in (from, to] (0 if to <= from); both days in range. */
static inline long
pakn_calendar_count(const struct pakn_calendar *c, long from, long to)
{
	if (to <= from)
		return 0;
	return (long)c->before[to - c->first + 1] -
	       c->before[from - c->first + 1];
}

/* A day's name ("Tết Nguyên Đán", ...), or NULL; borrowed from c. */
const char *pakn_calendar_name(const struct pakn_calendar *c, long day);
/* Where a day's status comes from. */
enum pakn_basis pakn_calendar_basis(const struct pakn_calendar *c, long day);
/* 1 if the day's status differs from the plain Monday-Friday rule. */
int pakn_calendar_special(const struct pakn_calendar *c, long day);
/* "official", "estimated", "local" or "rule". */
const char *pakn_basis_name(enum pakn_basis b);

/*
 * Where the schedule of a year as a whole comes from: PAKN_BASIS_LOCAL if
 * a local file declared `schedule: YEAR`, PAKN_BASIS_OFFICIAL for a year
 * whose official schedule is built in (2020-2026), PAKN_BASIS_ESTIMATED
 * otherwise (derived from the rules; no official schedule known).  year
 * within 1900-2199.
 */
enum pakn_basis pakn_calendar_year_basis(const struct pakn_calendar *c,
                                         int year);

/* 1 if year is within 1900-2199. */
int pakn_calendar_year_ok(int year);

#endif
