/*
 * sla.h: due dates from a deadline policy and the working-day calendar
 * (calendar.h), with the counting rules of DOMAIN.md §1:
 *
 *  - working_days N: counted from the first working day after the day of
 *    receipt; due at the end of the N-th (23:59:59+07:00);
 *  - days N (Bộ luật Dân sự 2015, Điều 147-148): the period starts the day
 *    after receipt and ends at the end of its N-th day; if that day is not
 *    a working day, at the end of the next working day;
 *  - working_hours N: office hours of working days (default 07:30-11:30
 *    and 13:00-17:00); a case received outside them starts at the next
 *    opening; due at the moment the N-th hour ends.
 *
 * A deadline can then be replaced (an extension's new date) and pushed by
 * the working time a pause stopped the clock.  Everything is constant
 * time: the calendar's index, never a walk over days.  Moments are epoch
 * seconds; days are day numbers in Vietnam (when.h).
 */
#ifndef PAKN_SLA_H
#define PAKN_SLA_H

#include "calendar.h"
#include "pakn.h"
#include "rules.h" /* enum pakn_unit */

#define PAKN_OFFICE_MAX_SPANS 4

/* Office hours: spans of minutes since midnight, in order, disjoint. */
struct pakn_office {
	int n;
	int from[PAKN_OFFICE_MAX_SPANS], to[PAKN_OFFICE_MAX_SPANS];
	int total; /* minutes of office time in a working day */
};

/* 07:30-11:30 and 13:00-17:00. */
void pakn_office_default(struct pakn_office *o);
/* Parses "07:30-11:30,13:00-17:00" (1 to 4 spans, increasing).  0, or -1
 * with err->text filled. */
int pakn_office_parse(struct pakn_office *o, const char *s,
                      struct pakn_error *err);

/* "working_days", "days", "working_hours". */
const char *pakn_unit_name(enum pakn_unit u);
/* The reverse; 0 or -1. */
int pakn_unit_parse(const char *s, enum pakn_unit *u);

/* The calendar and office hours due dates are computed with (borrowed). */
struct pakn_sla {
	const struct pakn_calendar *cal;
	struct pakn_office office;
};

/*
 * A deadline being computed.  `mark` is where pushes count from: for days,
 * the last day of the period before it was moved to a working day; for
 * working days, the due day; for working hours, the office minute (index
 * over all office minutes of the calendar) at which it ends.
 */
struct pakn_deadline {
	enum pakn_unit unit;
	long mark;
	long day;     /* the due day */
	long long at; /* the due moment, epoch seconds */
};

/* The Vietnam day of a moment. */
long pakn_vn_day(long long epoch);
/* The last second (23:59:59+07:00) of a Vietnam day, as epoch seconds. */
long long pakn_vn_day_end(long day);

/*
 * The deadline of `amount` units (>= 1) from a case received at `received`
 * (epoch seconds).  Returns 0, or -1 if it falls outside the calendar
 * (1900-2199).
 */
int pakn_sla_due(const struct pakn_sla *s, enum pakn_unit unit, long amount,
                 long long received, struct pakn_deadline *d);

/*
 * Replaces the deadline with a decided moment (an extension's `until`);
 * date_only: the decision named a day, due at its end.  0, or -1 outside
 * the calendar.
 */
int pakn_sla_set(const struct pakn_sla *s, struct pakn_deadline *d,
                 long long until, int date_only);

/*
 * The length, in the deadline's unit (working days, days, or working
 * minutes for working_hours), of a pause of the clock from `from` to `to`
 * (epoch seconds; both days count whole for day units).  -1 if outside
 * the calendar; 0 if to is before from.
 */
long pakn_sla_pause_length(const struct pakn_sla *s, enum pakn_unit unit,
                           long long from, long long to);

/* Pushes the deadline by `amount` of its unit (as pakn_sla_pause_length
 * gives); a day deadline keeps its time of day.  0, or -1 outside the
 * calendar. */
int pakn_sla_push(const struct pakn_sla *s, struct pakn_deadline *d,
                  long amount);

/* A pause of the clock (waiting for the sender's documents, ...). */
struct pakn_pause {
	long long from, to; /* epoch seconds; for day units both days
	                       count whole */
};

/*
 * Applies pauses in order of their start, overlaps counted once: each
 * pause that starts on or before the due date in effect (the due day for
 * day units, the due moment for working hours) pushes it by its length
 * (pakn_sla_pause_length); a pause that starts later changes nothing, as
 * the clock had already run out.  Sorts p.  Returns 0 and adds the total
 * pushed to *total, or -1 if a pause or the result falls outside the
 * calendar.
 */
int pakn_sla_apply_pauses(const struct pakn_sla *s, struct pakn_deadline *d,
                          struct pakn_pause *p, size_t n, long *total);

#endif
