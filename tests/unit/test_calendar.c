/*
 * test_calendar.c: unit tests of lib/calendar.c.  Every year of the
 * built-in official table (DOMAIN.md §2) day by day, Quốc khánh 2026 as
 * decided (29/8-2/9, Saturday 22/8 worked), the year's basis, the rules behind
 * estimated years (Tết placement, Giỗ Tổ from the lunar calendar, compensatory
 * days, 2/9 alone before 2021), the constant-time arithmetic against plain
 * loops over the whole range, and local calendar files (what they change, and
 * every error with its FILE:LINE:COLUMN).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar.h"
#include "lunar.h"
#include "when.h"

#include "unit.h"

static struct pakn_calendar cal;

/* The days of a year whose status differs from Monday-Friday, as
 * "MM-DD" (a weekday off) or "MM-DDw" (a weekend day worked), joined by
 * spaces; with basis letters (o official, e estimated, l local) if asked. */
static const char *
specials(const struct pakn_calendar *c, int year, int with_basis)
{
	static char buf[1024];
	long d, last = pakn_days_from_civil(year, 12, 31);
	int y, m, dd;
	size_t n = 0;

	buf[0] = '\0';
	for (d = pakn_days_from_civil(year, 1, 1); d <= last; d++) {
		if (!pakn_calendar_special(c, d))
			continue;
		pakn_civil_from_days(d, &y, &m, &dd);
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%02d-%02d%s",
		                      n ? " " : "", m, dd,
		                      pakn_calendar_working(c, d) ? "w" : "");
		if (with_basis)
			n += (size_t)snprintf(
			    buf + n, sizeof buf - n, "%c",
			    pakn_basis_name(pakn_calendar_basis(c, d))[0]);
	}
	return buf;
}

static long
D(int y, int m, int d)
{
	return pakn_days_from_civil(y, m, d);
}

static const char *
ymd(long day)
{
	static char buf[16];
	int y, m, d;

	pakn_civil_from_days(day, &y, &m, &d);
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
	return buf;
}

/* ---- the official years ---------------------------------------------- */

static void
official_years(void)
{
	/* From DOMAIN.md §2, ranges cut to their weekdays, plus the
	 * Saturdays worked. */
	static const struct {
		int year;
		const char *want;
	} years[] = {
	    {2020, "01-01 01-23 01-24 01-27 01-28 01-29 04-02 04-30 05-01 "
	           "09-02"},
	    {2021, "01-01 02-10 02-11 02-12 02-15 02-16 04-21 04-30 05-03 "
	           "09-02 09-03"},
	    {2022, "01-03 01-31 02-01 02-02 02-03 02-04 04-11 05-02 05-03 "
	           "09-01 09-02"},
	    {2023, "01-02 01-20 01-23 01-24 01-25 01-26 05-01 05-02 05-03 "
	           "09-01 09-04"},
	    {2024, "01-01 02-08 02-09 02-12 02-13 02-14 04-18 04-29 04-30 "
	           "05-01 05-04w 09-02 09-03"},
	    {2025, "01-01 01-27 01-28 01-29 01-30 01-31 04-07 04-26w 04-30 "
	           "05-01 05-02 09-01 09-02"},
	    {2026, "01-01 01-02 01-10w 02-16 02-17 02-18 02-19 02-20 04-27 "
	           "04-30 05-01 08-22w 08-31 09-01 09-02"},
	};
	char what[64];
	size_t i;
	long d;

	for (i = 0; i < sizeof years / sizeof years[0]; i++) {
		snprintf(what, sizeof what, "official schedule %d",
		         years[i].year);
		CHECK_STR(specials(&cal, years[i].year, 0), years[i].want,
		          what);
	}
	/* Every special day of 2020-2026 is official. */
	for (d = D(2020, 1, 1); d <= D(2026, 12, 31); d++)
		if (pakn_calendar_special(&cal, d) &&
		    pakn_calendar_basis(&cal, d) != PAKN_BASIS_OFFICIAL)
			break;
	CHECK_STR(d > D(2026, 12, 31) ? "all" : ymd(d), "all",
	          "every special day of 2020-2026 is official");
	CHECK(pakn_calendar_year_basis(&cal, 2020) == PAKN_BASIS_OFFICIAL &&
	          pakn_calendar_year_basis(&cal, 2026) == PAKN_BASIS_OFFICIAL &&
	          pakn_calendar_year_basis(&cal, 2019) ==
	              PAKN_BASIS_ESTIMATED &&
	          pakn_calendar_year_basis(&cal, 2027) == PAKN_BASIS_ESTIMATED,
	      "year basis: 2020-2026 official, 2019 and 2027 estimated");

	/* Quốc khánh 2026 as decided (VPCP, 13/10/2025): Saturday 29/8 to
	 * Wednesday 2/9, Monday 31/8 swapped for Saturday 22/8, Thursday
	 * 3/9 worked. */
	CHECK(!pakn_calendar_working(&cal, D(2026, 8, 31)) &&
	          !pakn_calendar_working(&cal, D(2026, 9, 1)) &&
	          !pakn_calendar_working(&cal, D(2026, 9, 2)),
	      "31/8, 1/9 and 2/9/2026 are off");
	CHECK(pakn_calendar_working(&cal, D(2026, 9, 3)),
	      "Thursday 3/9/2026 is worked");
	CHECK(pakn_calendar_working(&cal, D(2026, 8, 22)),
	      "Saturday 22/8/2026 is worked (for Monday 31/8)");
	CHECK(pakn_calendar_add(&cal, D(2026, 8, 28), 5, &d) == 0 &&
	          d == D(2026, 9, 9),
	      "Friday 28/8/2026 + 5 working days = Wednesday 9/9/2026 (3/9 is "
	      "the first)");
	CHECK_STR(pakn_calendar_name(&cal, D(2026, 8, 31)),
	          "Nghỉ hoán đổi (làm bù thứ Bảy 22/08/2026)",
	          "31/8/2026 is named as the swap");

	/* The example: received Friday 26/4/2024, 5 working days:
	 * Mon 29/4 swapped off, 30/4 and 1/5 holidays, Sat 4/5 worked. */
	CHECK(pakn_calendar_add(&cal, D(2024, 4, 26), 5, &d) == 0 &&
	          d == D(2024, 5, 7),
	      "Friday 26/4/2024 + 5 working days = Tuesday 7/5/2024");
	CHECK(pakn_calendar_working(&cal, D(2024, 5, 4)),
	      "Saturday 4/5/2024 is worked");
	CHECK(!pakn_calendar_working(&cal, D(2024, 4, 29)),
	      "Monday 29/4/2024 is off (swapped)");
	CHECK(pakn_calendar_working(&cal, D(2025, 4, 26)) &&
	          !pakn_calendar_working(&cal, D(2025, 5, 2)),
	      "2025: Saturday 26/4 worked, Friday 2/5 off");
	CHECK_STR(pakn_calendar_name(&cal, D(2024, 2, 12)), "Tết Nguyên Đán",
	          "12/2/2024 is named Tết Nguyên Đán");
	CHECK_STR(pakn_calendar_name(&cal, D(2024, 5, 6)), NULL,
	          "an ordinary day has no name");
	/* Tết 2024: 10 working days from Monday 5/2 skip 8/2-14/2. */
	CHECK(pakn_calendar_add(&cal, D(2024, 2, 5), 10, &d) == 0 &&
	          d == D(2024, 2, 26),
	      "5/2/2024 + 10 working days = 26/2/2024 (across Tết)");
}

/* ---- estimated years ---------------------------------------------- */

static void
estimated_years(void)
{
	long gio_to, d;
	int found;

	/* 2027: Tết Saturday 6/2 (2 weekdays before, 3 from the 1st day);
	 * Giỗ Tổ Friday 16/4; 1/5 a Saturday: Monday 3/5 off; 2/9 a
	 * Thursday: with Friday 3/9. */
	CHECK_STR(specials(&cal, 2027, 1),
	          "01-01e 02-04e 02-05e 02-08e 02-09e 02-10e 04-16e 04-30e "
	          "05-03e 09-02e 09-03e",
	          "2027 estimated from the rules");
	CHECK_STR(pakn_calendar_name(&cal, D(2027, 5, 3)),
	          "Nghỉ bù Ngày Quốc tế Lao động (1/5)",
	          "3/5/2027 is the compensatory day for 1/5");
	/* 2028: 1/1 Saturday -> Monday 3/1; Tết Wednesday 26/1; 30/4
	 * Sunday and 1/5 Monday -> Tuesday 2/5; 2/9 Saturday -> Friday 1/9
	 * (adjacent) and Monday 4/9 (compensatory). */
	CHECK(pakn_lunar_to_solar(2028, 3, 10, 0, &gio_to) == 0,
	      "Giỗ Tổ 2028 exists");
	CHECK(!pakn_calendar_working(&cal, D(2028, 1, 3)) &&
	          pakn_calendar_working(&cal, D(2028, 1, 4)),
	      "2028: 1/1 on a Saturday gives Monday 3/1 off");
	CHECK(!pakn_calendar_working(&cal, D(2028, 1, 24)) &&
	          !pakn_calendar_working(&cal, D(2028, 1, 28)) &&
	          pakn_calendar_working(&cal, D(2028, 1, 21)) &&
	          pakn_calendar_working(&cal, D(2028, 1, 31)),
	      "2028: Tết (Wednesday 26/1) off Monday 24/1 to Friday 28/1");
	CHECK(!pakn_calendar_working(&cal, D(2028, 5, 1)) &&
	          !pakn_calendar_working(&cal, D(2028, 5, 2)) &&
	          pakn_calendar_working(&cal, D(2028, 5, 3)),
	      "2028: 30/4 on a Sunday gives Tuesday 2/5 off");
	CHECK(!pakn_calendar_working(&cal, D(2028, 9, 1)) &&
	          !pakn_calendar_working(&cal, D(2028, 9, 4)) &&
	          pakn_calendar_working(&cal, D(2028, 9, 5)),
	      "2028: 2/9 on a Saturday: Friday 1/9 and Monday 4/9 off");
	CHECK(pakn_weekday(gio_to) == 0 || pakn_weekday(gio_to) == 6 ||
	          !pakn_calendar_working(&cal, gio_to),
	      "2028: Giỗ Tổ (lunar 10/3) is off");
	/* Before 2021: 2/9 alone (2019: a Monday). */
	CHECK(!pakn_calendar_working(&cal, D(2019, 9, 2)) &&
	          pakn_calendar_working(&cal, D(2019, 9, 3)),
	      "2019: Quốc khánh is 2/9 alone");
	CHECK_STR(specials(&cal, 2019, 1),
	          "01-01e 02-04e 02-05e 02-06e 02-07e 02-08e 04-15e 04-30e "
	          "05-01e 09-02e",
	          "2019 estimated: Giỗ Tổ Sunday 14/4 gives Monday 15/4");
	/* 2012: Tết 4 days (Monday 23/1: from the 1st day). */
	CHECK_STR(specials(&cal, 2012, 0),
	          "01-02 01-23 01-24 01-25 01-26 04-02 04-30 05-01 09-03",
	          "2012 estimated: Tết 4 days, compensatory days");
	/* No Giỗ Tổ holiday before 2007. */
	found = 0;
	for (d = D(2005, 1, 1); d <= D(2005, 12, 31); d++)
		if (pakn_calendar_name(&cal, d) &&
		    strstr(pakn_calendar_name(&cal, d), "Giỗ Tổ"))
			found = 1;
	CHECK(!found, "2005: Giỗ Tổ was not yet a holiday");
	/* Every year of the range has a Tết of 4 or 5 weekdays off. */
	{
		int y, bad = 0, n;
		long tet;

		for (y = 1900; y <= 2199; y++) {
			if (pakn_lunar_to_solar(y, 1, 1, 0, &tet) != 0) {
				bad++;
				continue;
			}
			n = 0;
			for (d = tet - 9; d <= tet + 9; d++)
				if (pakn_weekday(d) != 0 &&
				    pakn_weekday(d) != 6 &&
				    !pakn_calendar_working(&cal, d))
					n++;
			if (n < 4 || n > 7)
				bad++;
		}
		CHECK_INT(bad, 0, "each year 1900-2199 has Tết off");
	}
}

/* ---- arithmetic -------------------------------------------------------- */

static unsigned long rng = 12345;

static long
rnd(long n)
{
	rng = rng * 6364136223846793005ul + 1442695040888963407ul;
	return (long)((rng >> 33) % (unsigned long)n);
}

static void
arithmetic(void)
{
	long first = cal.first, last = cal.last, span = last - first + 1;
	long a, b, d, k, n, want, got, i;
	int bad_count = 0, bad_add = 0, bad_next = 0;

	for (i = 0; i < 20000; i++) {
		a = first + rnd(span);
		b = a + rnd(400);
		if (b > last)
			b = last;
		for (want = 0, d = a + 1; d <= b; d++)
			want += pakn_calendar_working(&cal, d);
		if (pakn_calendar_count(&cal, a, b) != want)
			bad_count++;
		n = 1 + rnd(60);
		for (k = 0, d = a; k < n && d < last;)
			if (pakn_calendar_working(&cal, ++d))
				k++;
		if (k == n) {
			if (pakn_calendar_add(&cal, a, n, &got) != 0 ||
			    got != d)
				bad_add++;
		}
		for (d = a; d <= last && !pakn_calendar_working(&cal, d); d++)
			;
		if (pakn_calendar_next_working(&cal, a, &got) != 0 || got != d)
			bad_next++;
	}
	CHECK_INT(bad_count, 0, "count() agrees with a loop (20000 spans)");
	CHECK_INT(bad_add, 0, "add() agrees with a loop (20000 cases)");
	CHECK_INT(bad_next, 0, "next_working() agrees with a loop");
	CHECK(pakn_calendar_add(&cal, D(2199, 12, 20), 30, &got) != 0,
	      "adding past 2199 fails");
	CHECK(pakn_calendar_add(&cal, D(2024, 5, 6), 0, &got) == 0 &&
	          got == D(2024, 5, 6),
	      "adding 0 gives the day itself");
	CHECK_INT(pakn_calendar_count(&cal, D(2024, 5, 7), D(2024, 5, 6)), 0,
	          "count of an empty span is 0");
	CHECK_INT(pakn_calendar_count(&cal, first - 1, first + 6),
	          pakn_calendar_count(&cal, first, first + 6) +
	              pakn_calendar_working(&cal, first),
	          "count from the day before the range");
	CHECK(pakn_calendar_in_range(&cal, D(1900, 1, 1)) &&
	          pakn_calendar_in_range(&cal, D(2199, 12, 31)) &&
	          !pakn_calendar_in_range(&cal, D(1899, 12, 31)) &&
	          !pakn_calendar_in_range(&cal, D(2200, 1, 1)),
	      "the range is 1900-2199");
	CHECK(pakn_calendar_year_ok(1900) && pakn_calendar_year_ok(2199) &&
	          !pakn_calendar_year_ok(1899) && !pakn_calendar_year_ok(2200),
	      "year_ok is 1900-2199");
	CHECK_STR(pakn_basis_name(PAKN_BASIS_LOCAL), "local", "basis names");
}

/* ---- local files ------------------------------------------------------- */

static char dir[64];

static const char *
write_file(const char *name, const char *text)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return path;
}

/* Loads text into a fresh calendar; returns "ok" or the error as
 * "LINE:COLUMN: text". */
static const char *
load(const char *text, struct pakn_calendar *c)
{
	static char buf[700];
	struct pakn_error err;
	const char *path = write_file("cal.yaml", text);

	if (pakn_calendar_load(c, path, &err) == 0)
		return "ok";
	snprintf(buf, sizeof buf, "%ld:%ld: %s", err.line, err.column,
	         err.text);
	return buf;
}

static void
local_files(void)
{
	struct pakn_calendar c;
	struct pakn_error err;
	long d;

	pakn_calendar_init(&c);
	CHECK_STR(
	    load("# a province's calendar\n"
	         "off:\n"
	         "  - {date: 2027-03-15, name: \"Ngày thành lập tỉnh\"}\n"
	         "  - {from: 2027-02-04, to: 2027-02-12, name: Tết 2027}\n"
	         "work:\n"
	         "  - {date: 2027-02-20, name: \"Làm bù\"}\n"
	         "  - date: 2024-05-06\n",
	         &c),
	    "ok", "a local file loads");
	CHECK_STR(specials(&c, 2027, 1),
	          "01-01e 02-04l 02-05l 02-08l 02-09l 02-10l 02-11l 02-12l "
	          "02-20wl 03-15l 04-16e 04-30e 05-03e 09-02e 09-03e",
	          "its days win over the estimate, basis local");
	CHECK_STR(pakn_calendar_name(&c, D(2027, 3, 15)), "Ngày thành lập tỉnh",
	          "a local day keeps its name");
	CHECK(pakn_calendar_working(&c, D(2024, 5, 6)) &&
	          pakn_calendar_basis(&c, D(2024, 5, 6)) == PAKN_BASIS_LOCAL &&
	          !pakn_calendar_special(&c, D(2024, 5, 6)),
	      "a weekday listed as work is working, not special");
	CHECK(pakn_calendar_add(&c, D(2027, 2, 3), 1, &d) == 0 &&
	          d == D(2027, 2, 15),
	      "the index is rebuilt: 3/2/2027 + 1 = 15/2/2027");
	CHECK(pakn_calendar_add(&c, D(2027, 2, 19), 1, &d) == 0 &&
	          d == D(2027, 2, 20),
	      "the local Saturday worked counts");
	CHECK_STR(load("off:\n  - {date: 2027-03-16}\n", &c), "ok",
	          "a second file applies on top");
	CHECK_STR(pakn_calendar_name(&c, D(2027, 3, 16)),
	          "Ngày nghỉ (lịch địa phương)", "a day without a name");
	CHECK(!pakn_calendar_working(&c, D(2027, 3, 15)),
	      "the first file's days stay");
	CHECK_STR(load("", &c), "ok", "an empty file changes nothing");
	CHECK_STR(load("off:\nwork:\n", &c), "ok", "empty lists");

	/* Errors, each with its line and column; the calendar is unchanged. */
	CHECK(pakn_calendar_year_basis(&c, 2027) == PAKN_BASIS_ESTIMATED,
	      "local days alone leave the year estimated");

	/* schedule: YEAR gives the whole year: the estimate goes. */
	CHECK_STR(load("schedule: 2027\n"
	               "off:\n"
	               "  - {from: 2027-02-05, to: 2027-02-14, name: Tết}\n"
	               "work:\n"
	               "  - {date: 2027-02-20}\n",
	               &c),
	          "ok", "a file with schedule: loads");
	CHECK_STR(specials(&c, 2027, 1),
	          "02-05l 02-08l 02-09l 02-10l 02-11l 02-12l 02-20wl",
	          "schedule: 2027 drops the built-in and earlier days of 2027");
	CHECK(pakn_calendar_year_basis(&c, 2027) == PAKN_BASIS_LOCAL &&
	          pakn_calendar_year_basis(&c, 2028) == PAKN_BASIS_ESTIMATED,
	      "schedule: 2027 makes 2027 local, not 2028");
	CHECK_STR(load("schedule: [2028, 2029]\n", &c), "ok",
	          "schedule: a list of years");
	CHECK(pakn_calendar_year_basis(&c, 2028) == PAKN_BASIS_LOCAL &&
	          pakn_calendar_year_basis(&c, 2029) == PAKN_BASIS_LOCAL &&
	          specials(&c, 2028, 0)[0] == '\0',
	      "schedule: 2028 with no days leaves plain Monday-Friday");
	CHECK_STR(load("schedule: 2300\n", &c),
	          "1:11: schedule: expected a year from 1900 to 2199, not "
	          "'2300'",
	          "schedule: a year outside the calendar");
	CHECK_STR(load("schedule: [2027, next]\n", &c),
	          "1:18: schedule: expected a year from 1900 to 2199, not "
	          "'next'",
	          "schedule: not a year");
	CHECK_STR(load("schedule: {year: 2027}\n", &c),
	          "1:11: 'schedule' must be a year or a list of years",
	          "schedule: a mapping");
	CHECK(pakn_calendar_year_basis(&c, 2030) == PAKN_BASIS_ESTIMATED,
	      "a bad schedule: changes nothing");

	CHECK_STR(load("of:\n  - {date: 2027-01-04}\n", &c),
	          "1:1: unknown key 'of' (expected off, work, schedule)",
	          "unknown key");
	CHECK_STR(load("off:\n  - {dat: 2027-01-04}\n", &c),
	          "2:6: unknown key 'dat' (expected date, from, to, name)",
	          "unknown item key");
	CHECK_STR(
	    load("off:\n  - {date: 2027-02-30}\n", &c),
	    "2:12: date: cannot read date '2027-02-30' (expected YYYY-MM-DD)",
	    "impossible date");
	CHECK_STR(
	    load("off:\n  - {date: 2300-01-01}\n", &c),
	    "2:12: date: cannot read date '2300-01-01' (expected YYYY-MM-DD)",
	    "year outside the calendar");
	CHECK_STR(load("off:\n  - {from: 2027-01-04}\n", &c),
	          "2:5: a range needs both 'from' and 'to'", "from without to");
	CHECK_STR(load("off:\n  - {from: 2027-01-08, to: 2027-01-04}\n", &c),
	          "2:5: 'to' is before 'from'", "to before from");
	CHECK_STR(load("off:\n  - {date: 2027-01-04, from: 2027-01-04, to: "
	               "2027-01-05}\n",
	               &c),
	          "2:5: give either 'date' or 'from' and 'to', not both",
	          "date and range");
	CHECK_STR(load("off:\n  - {name: x}\n", &c),
	          "2:5: missing 'date' (or 'from' and 'to')", "no date");
	CHECK_STR(load("off: 2027-01-04\n", &c), "1:6: 'off' must be a list",
	          "off not a list");
	CHECK_STR(load("off:\n  - 2027-01-04\n", &c),
	          "2:5: expected {date: YYYY-MM-DD, name: ...} or {from: DATE, "
	          "to: DATE, name: ...}",
	          "item not a mapping");
	CHECK_STR(load("off:\n  - {date: 2027-01-04, date: 2027-01-05}\n", &c),
	          "2:24: duplicate key 'date'", "duplicate key");
	CHECK_STR(load("off: []\noff: []\n", &c), "2:1: duplicate key 'off'",
	          "duplicate list");
	CHECK_STR(load("- 1\n", &c),
	          "1:1: expected a mapping with 'off:' and 'work:' lists "
	          "(and 'schedule:')",
	          "not a mapping");
	CHECK_STR(load("off: [\n", &c),
	          "2:1: invalid YAML: did not find expected node content",
	          "invalid YAML");
	CHECK_STR(load("off:\n  - {date: 2027-01-05}\nwork:\n  - {from: "
	               "2027-01-04, to: 2027-01-06}\n",
	               &c),
	          "4:5: 2027-01-05 is listed both under 'off' and under 'work'",
	          "a day both off and work");
	CHECK(pakn_calendar_working(&c, D(2027, 1, 4)) &&
	          pakn_calendar_working(&c, D(2027, 1, 5)),
	      "a file with an error changes nothing");
	CHECK(pakn_calendar_load(&c, "/nonexistent/cal.yaml", &err) != 0 &&
	          strstr(err.text, "cannot open") != NULL,
	      "a missing file is an error");
	pakn_calendar_release(&c);
}

/* A file of n days from 1900-01-01 on, each with its own name "nK". */
static char *
named_days(size_t n)
{
	char *text = malloc(n * 48 + 16), *p = text;
	size_t i;
	int y, m, d;

	if (text == NULL)
		abort();
	p += sprintf(p, "off:\n");
	for (i = 0; i < n; i++) {
		pakn_civil_from_days(D(1900, 1, 1) + (long)i, &y, &m, &d);
		p += sprintf(p, "  - {date: %04d-%02d-%02d, name: n%zu}\n", y,
		             m, d, i);
	}
	return text;
}

/* A day points to its name by a 16-bit index: past PAKN_CAL_MAX_NAMES
 * distinct names, a file is an error at the first name too many (names
 * used to become null without a word), and the calendar is unchanged. */
static void
many_names(void)
{
	struct pakn_calendar c;
	size_t have, room;
	char *text, want[160];
	const char *first;

	pakn_calendar_init(&c);
	CHECK_STR(load("off:\n  - {date: 2027-03-15, name: \"\"}\n", &c), "ok",
	          "an empty name loads");
	CHECK_STR(pakn_calendar_name(&c, D(2027, 3, 15)), "",
	          "an empty name stays empty, not 'no name'");
	pakn_calendar_release(&c);

	pakn_calendar_init(&c);
	have = pakn_strmap_count(&c.names);
	CHECK(have > 5 && have < 100, "the built-in names are interned once");
	room = PAKN_CAL_MAX_NAMES + 1 - have; /* index 0 is "no name" */
	first = pakn_calendar_name(&c, D(1900, 1, 1));
	text = named_days(room + 1);
	snprintf(want, sizeof want,
	         "%zu:5: too many distinct day names: a calendar holds at "
	         "most 65535 (with its built-in names)",
	         room + 2);
	CHECK_STR(load(text, &c), want,
	          "one name too many: an error at its line and column");
	free(text);
	CHECK(pakn_strmap_count(&c.names) == have &&
	          pakn_calendar_name(&c, D(1900, 1, 1)) == first &&
	          pakn_calendar_basis(&c, D(1900, 1, 2)) != PAKN_BASIS_LOCAL,
	      "the file with too many names changes nothing");
	text = named_days(room);
	CHECK_STR(load(text, &c), "ok", "as many names as fit: loads");
	free(text);
	snprintf(want, sizeof want, "n%zu", room - 1);
	CHECK_STR(pakn_calendar_name(&c, D(1900, 1, 1) + (long)room - 1), want,
	          "the last name that fits is kept, not null");
	CHECK_STR(pakn_calendar_name(&c, D(1900, 1, 1)), "n0",
	          "the first name is kept");
	CHECK_STR(load("off:\n  - {date: 2190-01-02, name: n7}\n", &c), "ok",
	          "a full calendar takes a name it has");
	CHECK_STR(pakn_calendar_name(&c, D(2190, 1, 2)), "n7",
	          "the reused name");
	CHECK_STR(load("off:\n  - {date: 2190-01-03, name: n7}\n"
	               "  - {date: 2190-01-04, name: new}\n",
	               &c),
	          "3:5: too many distinct day names: a calendar holds at most "
	          "65535 (with its built-in names)",
	          "a full calendar refuses a new name");
	CHECK(pakn_calendar_name(&c, D(2190, 1, 3)) == NULL ||
	          strcmp(pakn_calendar_name(&c, D(2190, 1, 3)), "n7") != 0,
	      "and changes nothing");
	pakn_calendar_release(&c);
}

int
main(void)
{
	pakn_calendar_init(&cal);
	snprintf(dir, sizeof dir, "/tmp/test_calendar.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	official_years();
	estimated_years();
	arithmetic();
	local_files();
	many_names();
	pakn_calendar_release(&cal);
	{
		char path[128];

		snprintf(path, sizeof path, "%s/cal.yaml", dir);
		unlink(path);
		rmdir(dir);
	}
	return unit_done();
}
