/*
 * sla.c: due dates (see sla.h).
 *
 * Working hours are counted on one axis, the "office minute": the office
 * minutes of all working days of the calendar laid end to end, so that
 * the working day with ordinal k owns minutes [k * total, (k + 1) *
 * total).  A moment maps to the number of office minutes before it; N
 * hours later is that plus 60 N, mapped back.  Both maps are constant
 * time.
 */
#include "sla.h"

#include <stdlib.h>
#include <string.h>

#include "when.h"

#define DAY_SECS 86400LL
#define VN_SECS (PAKN_VN_OFFSET_MIN * 60LL)

void
pakn_office_default(struct pakn_office *o)
{
	memset(o, 0, sizeof *o);
	o->n = 2;
	o->from[0] = 7 * 60 + 30;
	o->to[0] = 11 * 60 + 30;
	o->from[1] = 13 * 60;
	o->to[1] = 17 * 60;
	o->total = (o->to[0] - o->from[0]) + (o->to[1] - o->from[1]);
}

/* Reads HH:MM (00:00-24:00) at *p; advances it.  Minutes, or -1. */
static int
hhmm(const char **p)
{
	const char *s = *p;
	int h, m;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	h = s[0] - '0';
	s++;
	if (*s >= '0' && *s <= '9')
		h = h * 10 + (*s++ - '0');
	if (*s++ != ':' || s[0] < '0' || s[0] > '5' || s[1] < '0' || s[1] > '9')
		return -1;
	m = (s[0] - '0') * 10 + (s[1] - '0');
	*p = s + 2;
	if (h > 24 || (h == 24 && m > 0))
		return -1;
	return h * 60 + m;
}

int
pakn_office_parse(struct pakn_office *o, const char *s, struct pakn_error *err)
{
	const char *p = s;
	int a, b, last = -1;

	memset(o, 0, sizeof *o);
	for (;;) {
		if (o->n == PAKN_OFFICE_MAX_SPANS)
			goto bad;
		a = hhmm(&p);
		if (a < 0 || *p++ != '-')
			goto bad;
		b = hhmm(&p);
		if (b < 0 || b <= a || a < last)
			goto bad;
		o->from[o->n] = a;
		o->to[o->n] = b;
		o->total += b - a;
		o->n++;
		last = b;
		if (*p == '\0')
			return 0;
		if (*p++ != ',')
			goto bad;
	}
bad:
	memset(o, 0, sizeof *o);
	return pakn_error_set(err, NULL, 0, 0,
	                      "office hours '%s': expected spans like "
	                      "07:30-11:30,13:00-17:00 (up to %d, in order)",
	                      s, PAKN_OFFICE_MAX_SPANS);
}

const char *
pakn_unit_name(enum pakn_unit u)
{
	switch (u) {
	case PAKN_UNIT_DAYS: return "days";
	case PAKN_UNIT_WORKING_HOURS: return "working_hours";
	default: return "working_days";
	}
}

int
pakn_unit_parse(const char *s, enum pakn_unit *u)
{
	if (strcmp(s, "working_days") == 0)
		*u = PAKN_UNIT_WORKING_DAYS;
	else if (strcmp(s, "days") == 0)
		*u = PAKN_UNIT_DAYS;
	else if (strcmp(s, "working_hours") == 0)
		*u = PAKN_UNIT_WORKING_HOURS;
	else
		return -1;
	return 0;
}

long
pakn_vn_day(long long epoch)
{
	long long t = epoch + VN_SECS;
	long long d = t / DAY_SECS;

	if (t % DAY_SECS < 0)
		d--;
	return (long)d;
}

long long
pakn_vn_day_end(long day)
{
	return ((long long)day + 1) * DAY_SECS - 1 - VN_SECS;
}

/* Office minutes of a working day elapsed at minute `min` of the day. */
static long
office_elapsed(const struct pakn_office *o, long min)
{
	long n = 0;
	int i;

	for (i = 0; i < o->n; i++) {
		if (min <= o->from[i])
			break;
		n += (min < o->to[i] ? min : o->to[i]) - o->from[i];
	}
	return n;
}

/* The office minute of a moment; -1 outside the calendar. */
static long
office_minute(const struct pakn_sla *s, long long at)
{
	const struct pakn_calendar *c = s->cal;
	long day = pakn_vn_day(at), min;

	if (!pakn_calendar_in_range(c, day))
		return -1;
	min = (long)((at + VN_SECS - (long long)day * DAY_SECS) / 60);
	if (!pakn_calendar_working(c, day))
		return pakn_calendar_ordinal(c, day) * s->office.total;
	return pakn_calendar_ordinal(c, day) * s->office.total +
	       office_elapsed(&s->office, min);
}

/* The moment at which office minute m (>= 1) ends. */
static int
from_office_minute(const struct pakn_sla *s, long m, struct pakn_deadline *d)
{
	const struct pakn_office *o = &s->office;
	long k = (m - 1) / o->total, r = m - k * o->total, day;
	int i;

	if (m < 1 || pakn_calendar_nth(s->cal, k, &day) != 0)
		return -1;
	for (i = 0; i < o->n && r > o->to[i] - o->from[i]; i++)
		r -= o->to[i] - o->from[i];
	d->mark = m;
	d->day = day;
	d->at = (long long)day * DAY_SECS + (o->from[i] + r) * 60LL - VN_SECS;
	return 0;
}

static int
set_day(struct pakn_deadline *d, long day)
{
	d->day = day;
	d->at = pakn_vn_day_end(day);
	return 0;
}

/* Moves a day deadline to another day, at the same time of day (the end
 * of the day for computed deadlines; a source's 17:00 stays 17:00). */
static int
move_day(struct pakn_deadline *d, long day)
{
	long long tod = d->at - (pakn_vn_day_end(d->day) + 1 - DAY_SECS);

	d->day = day;
	d->at = pakn_vn_day_end(day) + 1 - DAY_SECS + tod;
	return 0;
}

int
pakn_sla_due(const struct pakn_sla *s, enum pakn_unit unit, long amount,
             long long received, struct pakn_deadline *d)
{
	const struct pakn_calendar *c = s->cal;
	long day = pakn_vn_day(received), due, m;

	d->unit = unit;
	if (amount < 1 || !pakn_calendar_in_range(c, day))
		return -1;
	switch (unit) {
	case PAKN_UNIT_DAYS:
		d->mark = day + amount;
		if (!pakn_calendar_in_range(c, d->mark) ||
		    pakn_calendar_next_working(c, d->mark, &due) != 0)
			return -1;
		return set_day(d, due);
	case PAKN_UNIT_WORKING_HOURS:
		m = office_minute(s, received);
		if (m < 0)
			return -1;
		return from_office_minute(s, m + amount * 60, d);
	default:
		if (pakn_calendar_add(c, day, amount, &due) != 0)
			return -1;
		d->mark = due;
		return set_day(d, due);
	}
}

int
pakn_sla_set(const struct pakn_sla *s, struct pakn_deadline *d, long long until,
             int date_only)
{
	long day = pakn_vn_day(until);

	if (!pakn_calendar_in_range(s->cal, day))
		return -1;
	d->day = day;
	d->at = date_only ? pakn_vn_day_end(day) : until;
	/* Pushes count from the decided moment; outside office hours, from
	 * the office time elapsed by then. */
	d->mark =
	    d->unit == PAKN_UNIT_WORKING_HOURS ? office_minute(s, d->at) : day;
	return 0;
}

long
pakn_sla_pause_length(const struct pakn_sla *s, enum pakn_unit unit,
                      long long from, long long to)
{
	const struct pakn_calendar *c = s->cal;
	long a = pakn_vn_day(from), b = pakn_vn_day(to), ma, mb;

	if (!pakn_calendar_in_range(c, a) || !pakn_calendar_in_range(c, b))
		return -1;
	if (to < from)
		return 0;
	switch (unit) {
	case PAKN_UNIT_DAYS: return b - a + 1;
	case PAKN_UNIT_WORKING_HOURS:
		ma = office_minute(s, from);
		mb = office_minute(s, to);
		return mb - ma;
	default: return pakn_calendar_count(c, a - 1, b);
	}
}

int
pakn_sla_push(const struct pakn_sla *s, struct pakn_deadline *d, long amount)
{
	const struct pakn_calendar *c = s->cal;
	long due;

	if (amount <= 0)
		return 0;
	switch (d->unit) {
	case PAKN_UNIT_DAYS:
		if (!pakn_calendar_in_range(c, d->mark + amount) ||
		    pakn_calendar_next_working(c, d->mark + amount, &due) != 0)
			return -1;
		d->mark += amount;
		return move_day(d, due);
	case PAKN_UNIT_WORKING_HOURS:
		return from_office_minute(s, d->mark + amount, d);
	default:
		if (pakn_calendar_add(c, d->mark, amount, &due) != 0)
			return -1;
		d->mark = due;
		return move_day(d, due);
	}
}

static int
pause_cmp(const void *a, const void *b)
{
	const struct pakn_pause *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return x->to < y->to ? -1 : x->to > y->to;
}

int
pakn_sla_apply_pauses(const struct pakn_sla *s, struct pakn_deadline *d,
                      struct pakn_pause *p, size_t n, long *total)
{
	long long covered = 0, from; /* pause time already counted */
	long len, a, b;
	size_t i;
	int have = 0, hours = d->unit == PAKN_UNIT_WORKING_HOURS;

	if (n > 1)
		qsort(p, n, sizeof *p, pause_cmp);
	for (i = 0; i < n; i++) {
		if (hours) {
			from =
			    have && p[i].from < covered ? covered : p[i].from;
			if (p[i].to <= from || from > d->at)
				continue;
			len = pakn_sla_pause_length(s, d->unit, from, p[i].to);
			covered = p[i].to;
		} else {
			a = pakn_vn_day(p[i].from);
			b = pakn_vn_day(p[i].to);
			if (have && a <= covered)
				a = (long)covered + 1;
			if (b < a || a > d->day)
				continue;
			len = pakn_sla_pause_length(s, d->unit,
			                            pakn_vn_day_end(a) - 1,
			                            pakn_vn_day_end(b) - 1);
			covered = b;
		}
		have = 1;
		if (len < 0 || pakn_sla_push(s, d, len) != 0)
			return -1;
		*total += len;
	}
	return 0;
}
