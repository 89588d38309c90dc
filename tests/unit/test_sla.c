/*
 * test_sla.c: unit tests of lib/sla.c: the three units with their
 * counting rules (DOMAIN.md §1), office hours, extensions, pauses (length
 * per unit, overlaps, pauses after the due date), Vietnam days of
 * moments, and the edges of the calendar.
 */
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "sla.h"
#include "when.h"

#include "unit.h"

static struct pakn_calendar cal;
static struct pakn_sla sla;

/* A moment in Vietnam time, as epoch seconds. */
static long long
at(int y, int mo, int d, int h, int mi)
{
	struct pakn_time t = {y, mo, d, h, mi, 0, PAKN_VN_OFFSET_MIN, 1};

	return pakn_time_epoch(&t);
}

/* A moment as RFC 3339 in Vietnam time. */
static const char *
fmt(long long epoch)
{
	static char buf[2][PAKN_TIME_STRLEN];
	static int i;
	struct pakn_time t;

	i = !i;
	pakn_time_from_epoch(epoch, PAKN_VN_OFFSET_MIN, &t);
	pakn_time_format_str(&t, buf[i]);
	return buf[i];
}

/* The due moment of amount units from a receipt, or "(out)". */
static const char *
due(enum pakn_unit u, long amount, long long received)
{
	struct pakn_deadline d;

	if (pakn_sla_due(&sla, u, amount, received, &d) != 0)
		return "(out)";
	return fmt(d.at);
}

static void
units(void)
{
	/* Working days: from the first working day after receipt. */
	CHECK_STR(due(PAKN_UNIT_WORKING_DAYS, 5, at(2024, 4, 26, 9, 0)),
	          "2024-05-07T23:59:59+07:00",
	          "Friday 26/4/2024 + 5 working days: 7/5/2024, end of day");
	CHECK_STR(due(PAKN_UNIT_WORKING_DAYS, 1, at(2024, 4, 26, 23, 59)),
	          "2024-05-02T23:59:59+07:00",
	          "the first working day after Friday 26/4/2024 is 2/5");
	CHECK_STR(due(PAKN_UNIT_WORKING_DAYS, 1, at(2024, 5, 4, 8, 0)),
	          "2024-05-06T23:59:59+07:00",
	          "received on the Saturday worked: next is Monday 6/5");
	CHECK_STR(due(PAKN_UNIT_WORKING_DAYS, 5, at(2024, 2, 7, 10, 0)),
	          "2024-02-21T23:59:59+07:00",
	          "across Tết 2024: 7/2 + 5 working days = 21/2");
	/* A receipt in UTC: its Vietnam day counts (23:30Z is 06:30 next
	 * day in Vietnam). */
	{
		struct pakn_time t = {2024, 4, 25, 23, 30, 0, 0, 1};

		CHECK_STR(due(PAKN_UNIT_WORKING_DAYS, 5, pakn_time_epoch(&t)),
		          "2024-05-07T23:59:59+07:00",
		          "a UTC receipt counts from its Vietnam day");
	}
	/* Days: starts the day after; a last day off moves to the next
	 * working day (BLDS 2015, Điều 148). */
	CHECK_STR(due(PAKN_UNIT_DAYS, 30, at(2024, 4, 26, 9, 0)),
	          "2024-05-27T23:59:59+07:00",
	          "26/4/2024 + 30 days = Sunday 26/5: Monday 27/5");
	CHECK_STR(due(PAKN_UNIT_DAYS, 30, at(2024, 5, 2, 9, 0)),
	          "2024-06-03T23:59:59+07:00",
	          "2/5/2024 + 30 days = Saturday 1/6: Monday 3/6");
	CHECK_STR(due(PAKN_UNIT_DAYS, 30, at(2024, 5, 3, 9, 0)),
	          "2024-06-03T23:59:59+07:00",
	          "3/5/2024 + 30 days = Sunday 2/6: Monday 3/6");
	CHECK_STR(due(PAKN_UNIT_DAYS, 30, at(2024, 5, 6, 9, 0)),
	          "2024-06-05T23:59:59+07:00",
	          "a last day that is a working day stays");
	CHECK_STR(due(PAKN_UNIT_DAYS, 10, at(2024, 2, 1, 9, 0)),
	          "2024-02-15T23:59:59+07:00",
	          "1/2/2024 + 10 days = 11/2, Tết: the next working day 15/2");
	CHECK_STR(due(PAKN_UNIT_DAYS, 8, at(2024, 4, 26, 9, 0)),
	          "2024-05-04T23:59:59+07:00",
	          "26/4/2024 + 8 days = Saturday 4/5, worked: stays");
	/* Working hours: 07:30-11:30, 13:00-17:00. */
	CHECK_STR(due(PAKN_UNIT_WORKING_HOURS, 4, at(2024, 5, 6, 9, 0)),
	          "2024-05-06T14:30:00+07:00",
	          "4 working hours from 09:00 cross the lunch break");
	CHECK_STR(due(PAKN_UNIT_WORKING_HOURS, 8, at(2024, 5, 6, 7, 30)),
	          "2024-05-06T17:00:00+07:00",
	          "8 hours from the opening end at the closing");
	CHECK_STR(due(PAKN_UNIT_WORKING_HOURS, 2, at(2024, 5, 6, 9, 30)),
	          "2024-05-06T11:30:00+07:00",
	          "due at the end of the morning, not at 13:00");
	CHECK_STR(due(PAKN_UNIT_WORKING_HOURS, 2, at(2024, 5, 6, 16, 0)),
	          "2024-05-07T08:30:00+07:00", "into the next working day");
	CHECK_STR(due(PAKN_UNIT_WORKING_HOURS, 1, at(2024, 5, 6, 20, 0)),
	          "2024-05-07T08:30:00+07:00",
	          "received in the evening: counts from the next opening");
	CHECK_STR(due(PAKN_UNIT_WORKING_HOURS, 1, at(2024, 5, 6, 12, 15)),
	          "2024-05-06T14:00:00+07:00",
	          "received at lunch: counts from 13:00");
	CHECK_STR(due(PAKN_UNIT_WORKING_HOURS, 1, at(2024, 4, 27, 10, 0)),
	          "2024-05-02T08:30:00+07:00",
	          "received on 27/4/2024 (holidays): 2/5 08:30");
	CHECK_STR(due(PAKN_UNIT_WORKING_HOURS, 3, at(2024, 5, 3, 16, 0)),
	          "2024-05-04T09:30:00+07:00",
	          "Friday 3/5/2024 16:00 + 3 h: on the Saturday worked");
	/* Limits. */
	CHECK_STR(due(PAKN_UNIT_WORKING_DAYS, 30, at(2199, 12, 20, 9, 0)),
	          "(out)", "a due date after 2199 is out of the calendar");
	CHECK_STR(due(PAKN_UNIT_DAYS, 30, at(2199, 12, 20, 9, 0)), "(out)",
	          "30 days from 20/12/2199 are out of the calendar");
	CHECK_STR(due(PAKN_UNIT_WORKING_DAYS, 0, at(2024, 5, 6, 9, 0)), "(out)",
	          "an amount of 0 is refused");
}

static void
office_hours(void)
{
	struct pakn_office o;
	struct pakn_error err;
	struct pakn_sla s2;
	struct pakn_deadline d;

	CHECK(pakn_office_parse(&o, "08:00-12:00,13:30-17:30", &err) == 0 &&
	          o.n == 2 && o.total == 480,
	      "office hours 08:00-12:00,13:30-17:30");
	CHECK(pakn_office_parse(&o, "7:00-11:00", &err) == 0 && o.n == 1 &&
	          o.from[0] == 420 && o.total == 240,
	      "one span, one-digit hour");
	CHECK(pakn_office_parse(&o, "00:00-24:00", &err) == 0 &&
	          o.total == 1440,
	      "the whole day");
	CHECK(pakn_office_parse(&o, "13:00-17:00,07:30-11:30", &err) != 0,
	      "spans out of order are refused");
	CHECK(pakn_office_parse(&o, "08:00-08:00", &err) != 0,
	      "an empty span is refused");
	CHECK(pakn_office_parse(&o, "08:00-12:00,", &err) != 0,
	      "a trailing comma is refused");
	CHECK(pakn_office_parse(&o, "8h-12h", &err) != 0 &&
	          strstr(err.text, "office hours '8h-12h'") != NULL,
	      "junk is refused, quoted");
	CHECK(pakn_office_parse(&o, "25:00-26:00", &err) != 0, "hour 25");
	CHECK(pakn_office_parse(&o,
	                        "1:00-2:00,3:00-4:00,5:00-6:00,7:00-8:00,"
	                        "9:00-10:00",
	                        &err) != 0,
	      "more than 4 spans");
	s2.cal = &cal;
	pakn_office_parse(&s2.office, "08:00-12:00,13:30-17:30", &err);
	CHECK(pakn_sla_due(&s2, PAKN_UNIT_WORKING_HOURS, 4,
	                   at(2024, 5, 6, 10, 0), &d) == 0 &&
	          strcmp(fmt(d.at), "2024-05-06T15:30:00+07:00") == 0,
	      "other office hours: 10:00 + 4 h = 15:30");
	CHECK_STR(pakn_unit_name(PAKN_UNIT_WORKING_HOURS), "working_hours",
	          "unit names");
	{
		enum pakn_unit u;

		CHECK(pakn_unit_parse("days", &u) == 0 && u == PAKN_UNIT_DAYS &&
		          pakn_unit_parse("hours", &u) != 0,
		      "unit parsing");
	}
}

static void
extensions_and_pauses(void)
{
	struct pakn_deadline d;
	struct pakn_pause p[4];
	long total;

	/* An extension replaces the due date. */
	pakn_sla_due(&sla, PAKN_UNIT_WORKING_DAYS, 10, at(2024, 5, 2, 9, 0),
	             &d);
	CHECK_STR(fmt(d.at), "2024-05-15T23:59:59+07:00", "10 working days");
	CHECK(pakn_sla_set(&sla, &d, at(2024, 6, 15, 0, 0), 1) == 0,
	      "an extension to a day");
	CHECK_STR(fmt(d.at), "2024-06-15T23:59:59+07:00",
	          "the extension's day, to its end");
	CHECK(pakn_sla_set(&sla, &d, at(2024, 6, 14, 16, 0), 0) == 0,
	      "an extension to a moment");
	CHECK_STR(fmt(d.at), "2024-06-14T16:00:00+07:00", "kept as decided");

	/* Pause lengths in each unit. */
	CHECK_INT(pakn_sla_pause_length(&sla, PAKN_UNIT_WORKING_DAYS,
	                                at(2024, 5, 3, 0, 0),
	                                at(2024, 5, 7, 0, 0)),
	          4, "3/5-7/5/2024: 4 working days (Saturday 4/5 worked)");
	CHECK_INT(pakn_sla_pause_length(&sla, PAKN_UNIT_DAYS,
	                                at(2024, 5, 3, 0, 0),
	                                at(2024, 5, 7, 0, 0)),
	          5, "3/5-7/5/2024: 5 days");
	CHECK_INT(pakn_sla_pause_length(&sla, PAKN_UNIT_WORKING_HOURS,
	                                at(2024, 5, 6, 10, 0),
	                                at(2024, 5, 7, 9, 0)),
	          (90 + 240) + 90, "Monday 10:00 to Tuesday 09:00: 7 h");
	CHECK_INT(pakn_sla_pause_length(&sla, PAKN_UNIT_DAYS,
	                                at(2024, 5, 7, 0, 0),
	                                at(2024, 5, 3, 0, 0)),
	          0, "a pause that ends before it starts is empty");

	/* Pauses push the due date by the working time paused. */
	pakn_sla_due(&sla, PAKN_UNIT_WORKING_DAYS, 10, at(2024, 5, 2, 9, 0),
	             &d);
	p[0].from = at(2024, 5, 6, 0, 0);
	p[0].to = at(2024, 5, 8, 0, 0); /* 3 working days */
	total = 0;
	CHECK(pakn_sla_apply_pauses(&sla, &d, p, 1, &total) == 0 && total == 3,
	      "a pause of 3 working days");
	CHECK_STR(fmt(d.at), "2024-05-20T23:59:59+07:00",
	          "15/5/2024 pushed by 3 working days: 20/5");

	/* Overlapping pauses count once; out of order is fine. */
	pakn_sla_due(&sla, PAKN_UNIT_WORKING_DAYS, 10, at(2024, 5, 2, 9, 0),
	             &d);
	p[0].from = at(2024, 5, 7, 0, 0);
	p[0].to = at(2024, 5, 9, 0, 0);
	p[1].from = at(2024, 5, 6, 0, 0);
	p[1].to = at(2024, 5, 8, 0, 0);
	total = 0;
	CHECK(pakn_sla_apply_pauses(&sla, &d, p, 2, &total) == 0 && total == 4,
	      "overlapping pauses 6/5-8/5 and 7/5-9/5: 4 working days");
	CHECK_STR(fmt(d.at), "2024-05-21T23:59:59+07:00", "pushed to 21/5");

	/* A pause that starts after the due date changes nothing. */
	pakn_sla_due(&sla, PAKN_UNIT_WORKING_DAYS, 10, at(2024, 5, 2, 9, 0),
	             &d);
	p[0].from = at(2024, 5, 20, 0, 0);
	p[0].to = at(2024, 5, 22, 0, 0);
	total = 0;
	CHECK(pakn_sla_apply_pauses(&sla, &d, p, 1, &total) == 0 && total == 0,
	      "a pause after the due date is ignored");
	CHECK_STR(fmt(d.at), "2024-05-15T23:59:59+07:00", "the due date stays");

	/* A pause that a first pause brings within the due date counts. */
	pakn_sla_due(&sla, PAKN_UNIT_WORKING_DAYS, 10, at(2024, 5, 2, 9, 0),
	             &d);
	p[0].from = at(2024, 5, 6, 0, 0);
	p[0].to = at(2024, 5, 10, 0, 0); /* 5 working days: due 22/5 */
	p[1].from = at(2024, 5, 20, 0, 0);
	p[1].to = at(2024, 5, 20, 0, 0); /* 1 more: 23/5 */
	total = 0;
	CHECK(pakn_sla_apply_pauses(&sla, &d, p, 2, &total) == 0 && total == 6,
	      "a later pause within the pushed due date counts");
	CHECK_STR(fmt(d.at), "2024-05-23T23:59:59+07:00", "pushed to 23/5");

	/* Days: pushed by calendar days, then the working-day rule. */
	pakn_sla_due(&sla, PAKN_UNIT_DAYS, 30, at(2024, 4, 26, 9, 0), &d);
	p[0].from = at(2024, 5, 1, 0, 0);
	p[0].to = at(2024, 5, 6, 0, 0); /* 6 days: 26/5 + 6 = 1/6 */
	total = 0;
	CHECK(pakn_sla_apply_pauses(&sla, &d, p, 1, &total) == 0 && total == 6,
	      "a pause of 6 days");
	CHECK_STR(fmt(d.at), "2024-06-03T23:59:59+07:00",
	          "26/5 + 6 days = Saturday 1/6: Monday 3/6");

	/* Working hours: pushed by the office time paused. */
	pakn_sla_due(&sla, PAKN_UNIT_WORKING_HOURS, 4, at(2024, 5, 6, 9, 0),
	             &d);
	p[0].from = at(2024, 5, 6, 10, 0);
	p[0].to = at(2024, 5, 6, 11, 0);
	total = 0;
	CHECK(pakn_sla_apply_pauses(&sla, &d, p, 1, &total) == 0 && total == 60,
	      "a pause of one office hour");
	CHECK_STR(fmt(d.at), "2024-05-06T15:30:00+07:00",
	          "14:30 pushed by 1 h: 15:30");

	/* Vietnam days of moments. */
	CHECK_INT(pakn_vn_day(at(2024, 5, 6, 0, 0)),
	          pakn_days_from_civil(2024, 5, 6),
	          "00:00 in Vietnam is that day");
	CHECK_INT(pakn_vn_day(at(2024, 5, 6, 0, 0) - 1),
	          pakn_days_from_civil(2024, 5, 5),
	          "a second before is the day before");
	CHECK_INT(pakn_vn_day(-7 * 3600 - 1), -1, "before 1970");
	CHECK_STR(fmt(pakn_vn_day_end(pakn_days_from_civil(1969, 12, 31))),
	          "1969-12-31T23:59:59+07:00", "day end before 1970");
}

int
main(void)
{
	pakn_calendar_init(&cal);
	sla.cal = &cal;
	pakn_office_default(&sla.office);
	units();
	office_hours();
	extensions_and_pauses();
	pakn_calendar_release(&cal);
	return unit_done();
}
