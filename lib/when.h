/*
 * when.h: dates and times as Vietnamese PAKN exports write them, and the
 * calendar arithmetic the deadline code needs.  Everything here is plain
 * arithmetic on the proleptic Gregorian calendar: no function reads the
 * machine's TZ or locale (no mktime, localtime or strptime), so a result
 * is the same on every machine.  A time without a zone is Vietnam time,
 * UTC+07:00, which has no daylight saving.
 */
#ifndef PAKN_WHEN_H
#define PAKN_WHEN_H

#include <stddef.h>

#include "buf.h"
#include "pakn.h"

/* Vietnam's UTC offset in minutes (+07:00, all year). */
#define PAKN_VN_OFFSET_MIN 420

/* Room pakn_time_format_str needs, NUL included. */
#define PAKN_TIME_STRLEN 32

/*
 * A moment: a civil date and time with its UTC offset in minutes (Vietnam:
 * +420).  has_time is 0 when the input was a date alone (then hour, min and
 * sec are 0).
 */
struct pakn_time {
	int year, month, day, hour, min, sec;
	int offset_min;
	int has_time;
};

/* How to read an all-numeric date whose year comes last (03/04/2021). */
enum pakn_date_order {
	PAKN_DMY, /* 03/04/2021 is 3 April (the Vietnamese way, default) */
	PAKN_MDY, /* 03/04/2021 is 4 March */
	PAKN_YMD  /* only year-first dates are accepted */
};

/*
 * Parses n bytes of s (no NUL needed) as a date or a moment; returns 0 and
 * fills t, or returns -1 and fills err (if not NULL) with "cannot read date
 * '...'" (the value quoted, cut at 60 bytes).  Leading and trailing
 * whitespace (also U+00A0 and U+202F) is ignored.  Accepted:
 *  - dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, in `order` (with
 *    PAKN_YMD these are rejected);
 *  - yyyy-mm-dd and yyyy/mm/dd in any order (a 4-digit year first is
 *    unambiguous);
 *  - either followed by a time (after 'T', spaces, or a comma), or preceded
 *    by one ("09:15 03/08/2021"): h:mm or hh:mm[:ss[.fraction]], the
 *    fraction dropped; a 12-hour time with AM/PM or the Vietnamese SA
 *    (sáng, AM) / CH (chiều, PM), any case, with or without a space
 *    ("12:00 SA" is 00:00); then optionally a zone: Z, +07:00, +0700, +07;
 *  - an Excel serial day number 1..2958465, with an optional fraction ('.'
 *    or ',') for the time of day, rounded to the second; as in Excel, 60 is
 *    the non-existent 1900-02-29 (rejected) and 61 is 1900-03-01.
 * Rejected: two-digit years, month outside 1-12, a day the month lacks,
 * 24:00, minutes or seconds over 59, years outside 1900-2199, any trailing
 * junk.  Without a zone, offset_min is PAKN_VN_OFFSET_MIN.  Never
 * allocates.
 */
int pakn_time_parse(const char *s, size_t n, enum pakn_date_order order,
                    struct pakn_time *t, struct pakn_error *err);

/*
 * Writes t as RFC 3339 with its offset, "2021-08-03T09:15:00+07:00" (a
 * date without time gets T00:00:00; offset 0 is written +00:00) into out,
 * NUL-terminated; returns the length (25 for years 0-9999).
 */
size_t pakn_time_format_str(const struct pakn_time *t,
                            char out[PAKN_TIME_STRLEN]);

/* The same, appended to out. */
void pakn_time_format(const struct pakn_time *t, struct pakn_buf *out);

/* The moment `epoch` (seconds) in Vietnam time, RFC 3339, into out (as
 * pakn_time_format_str: NUL-terminated, its length returned). */
size_t pakn_moment_format(long long epoch, char out[PAKN_TIME_STRLEN]);

/*
 * Day numbers: days since 1970-01-01 of a civil date (proleptic
 * Gregorian; month 1-12, day 1-31), and back.  Valid far beyond the years
 * pakn_time_parse accepts.
 */
long pakn_days_from_civil(int y, int m, int d);
void pakn_civil_from_days(long days, int *y, int *m, int *d);

/* The weekday of a day number: 0 = Sunday ... 6 = Saturday. */
int pakn_weekday(long days);

/* Days in a month of a year (1-12), leap years included; 0 if m is bad. */
int pakn_days_in_month(int y, int m);

/* Seconds since 1970-01-01T00:00:00Z of t (its offset applied). */
long long pakn_time_epoch(const struct pakn_time *t);

/*
 * Fills t with the moment `epoch` seen at UTC offset offset_min (use
 * PAKN_VN_OFFSET_MIN for Vietnam time); has_time is set.
 */
void pakn_time_from_epoch(long long epoch, int offset_min, struct pakn_time *t);

/*
 * Parses exactly YYYY-MM-DD (NUL-terminated s: for --as-of and
 * configuration files) into a day number; returns 0, or -1 with err
 * filled: "cannot read date '...' (expected YYYY-MM-DD)".  The year must be
 * 1900-2199, like pakn_time_parse.
 */
int pakn_date_parse_iso(const char *s, long *days, struct pakn_error *err);

/*
 * A cache of day numbers for pakn_moment_parse: records come in date
 * order and a few dates recur, so the civil-to-day arithmetic is done once
 * per date.  Zero it (or use PAKN_DAYCACHE_INIT) before the first use.
 */
struct pakn_daycache {
	struct {
		char date[10];
		long day;
	} slot[256];
};

/*
 * The one RFC 3339 reader of record dates: n bytes of s as a moment, epoch
 * seconds in *at, *date_only when no time was written (then *at is 00:00
 * of that day, Vietnam time).  The form pakn writes,
 * YYYY-MM-DDTHH:MM:SS+HH:MM (any offset), is read in place with the day
 * number from dc (may be NULL); anything else goes through pakn_time_parse
 * (PAKN_DMY), which gives the same moment for the same text.  0, or -1
 * with err (may be NULL) filled as pakn_time_parse fills it.
 */
int pakn_moment_parse(struct pakn_daycache *dc, const char *s, size_t n,
                      long long *at, int *date_only, struct pakn_error *err);

/* Today's day number in Vietnam (UTC+07:00) from the real clock. */
long pakn_today_vn(void);

#endif
