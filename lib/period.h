/*
 * period.h: the period a report counts, from the options people type:
 * --month YYYY-MM (or mm/yyyy, as the report prints it), --from/--to
 * (YYYY-MM-DD or dd/mm/yyyy), --as-of, and the default: the month before
 * the as-of day.
 */
#ifndef PAKN_PERIOD_H
#define PAKN_PERIOD_H

#include "pakn.h"

struct pakn_period_spec {
	const char *month, *from, *to, *as_of; /* NULL: not given */
};

/* The period's days and whether it is a calendar month. */
struct pakn_period_days {
	long from, to, as_of;
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
