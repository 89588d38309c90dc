/*
 * period.h: the period a report counts, from the options people type:
 * --month YYYY-MM (or mm/yyyy, as the report prints it), --from/--to
 * (YYYY-MM-DD or dd/mm/yyyy), --as-of, and the default: the month before
 * the as-of day.
 */
#ifndef PAKN_PERIOD_H
#define PAKN_PERIOD_H

#include "pakn.h"

/*
 * period: "month", "quarter", "half" or "year" (NULL: month); the period
 * is the one holding --month (or the month before --as-of).  cutoff:
 * "calendar" (the default: calendar months, quarters, halves, years) or
 * "official", the days on which periodic reports close their figures
 * (Nghị định 09/2019/NĐ-CP, Điều 12): a month from the 15th of the month
 * before to the 14th; a quarter from the 15th of the month before it to
 * the 14th of its last month; the first half from 15/12 of the year before
 * to 14/06; a year from 15/12 of the year before to 14/12.  The second
 * half, not named there, runs from 15/06 to 14/12.
 */
struct pakn_period_spec {
	const char *month, *from, *to, *as_of; /* NULL: not given */
	const char *period, *cutoff;           /* NULL: month, calendar */
};

/* The period's days and whether it is a month (a calendar one, or one
 * cut off on the 14th: labelled by the month it ends in, with its days). */
struct pakn_period_days {
	long from, to, as_of;
	long prev_from; /* the period before begins here (0: the default) */
	int month;
};

/* Parses a month, YYYY-MM or mm/yyyy (years 1900-2199): 0 with *y and *m,
 * or -1. */
int pakn_month_parse(const char *s, int *y, int *m);

/* A day, YYYY-MM-DD or dd/mm/yyyy; with allow_time, a moment too (its
 * day).  0, or -1 with err: "--OPT 'S': expected ...". */
int pakn_day_arg(const char *opt, const char *s, int allow_time, long *day,
                 struct pakn_error *err);

/* The period the spec names (today: pakn_today_vn() when as_of is NULL).
 * 0, or -1 with err->text (a usage error). */
int pakn_period_resolve(const struct pakn_period_spec *spec, long today,
                        struct pakn_period_days *out, struct pakn_error *err);

#endif
