/*
 * test_period.c: unit tests of lib/period.c (the report's period from its
 * options) and of the split reports' file names (lib/reportout.c).
 */
#include <string.h>

#include "buf.h"
#include "period.h"
#include "reportout.h"
#include "when.h"

#include "unit.h"

static long
day(int y, int m, int d)
{
	return pakn_days_from_civil(y, m, d);
}

static void
test_month(void)
{
	int y = 0, m = 0;

	CHECK_INT(pakn_month_parse("2025-08", &y, &m), 0, "YYYY-MM");
	CHECK(y == 2025 && m == 8, "August 2025");
	CHECK_INT(pakn_month_parse("08/2025", &y, &m), 0, "mm/yyyy");
	CHECK(y == 2025 && m == 8, "the same month");
	CHECK(pakn_month_parse("2025-13", &y, &m) != 0, "no 13th month");
	CHECK(pakn_month_parse("2025-8", &y, &m) != 0, "two digits");
	CHECK(pakn_month_parse("8/2025", &y, &m) != 0, "two digits (vi)");
	CHECK(pakn_month_parse("2025-08x", &y, &m) != 0, "trailing junk");
	CHECK(pakn_month_parse("2300-01", &y, &m) != 0, "outside 1900-2199");
}

static void
test_resolve(void)
{
	struct pakn_period_spec sp;
	struct pakn_period_days p;
	struct pakn_error err;

	memset(&sp, 0, sizeof sp);
	CHECK_INT(pakn_period_resolve(&sp, day(2026, 1, 10), &p, &err), 0,
	          "nothing given");
	CHECK(p.month && p.from == day(2025, 12, 1) &&
	          p.to == day(2025, 12, 31) && p.as_of == day(2026, 1, 10),
	      "the month before today, across a year");
	sp.as_of = "05/09/2025";
	CHECK_INT(pakn_period_resolve(&sp, day(2026, 1, 10), &p, &err), 0,
	          "--as-of dd/mm/yyyy");
	CHECK(p.from == day(2025, 8, 1) && p.to == day(2025, 8, 31) &&
	          p.as_of == day(2025, 9, 5),
	      "the month before --as-of");
	sp.month = "02/2024";
	CHECK_INT(pakn_period_resolve(&sp, 0, &p, &err), 0, "--month");
	CHECK(p.from == day(2024, 2, 1) && p.to == day(2024, 2, 29),
	      "a leap February");
	sp.month = NULL;
	sp.from = "2025-08-10";
	sp.to = "20/08/2025";
	CHECK_INT(pakn_period_resolve(&sp, 0, &p, &err), 0, "--from/--to");
	CHECK(!p.month && p.from == day(2025, 8, 10) &&
	          p.to == day(2025, 8, 20),
	      "a range, both forms");
	sp.to = "2025-08-01";
	CHECK(pakn_period_resolve(&sp, 0, &p, &err) != 0, "--to before --from");
	CHECK(strstr(err.text, "is before") != NULL, "says so");
	sp.to = NULL;
	CHECK(pakn_period_resolve(&sp, 0, &p, &err) != 0, "--from alone");
	CHECK_STR(err.text, "--from and --to go together", "says so");
	sp.from = "2025-08-01T10:00";
	sp.to = "2025-08-02";
	CHECK(pakn_period_resolve(&sp, 0, &p, &err) != 0,
	      "--from takes no time");
	sp.from = "2025-08-01";
	sp.month = "2025-08";
	CHECK(pakn_period_resolve(&sp, 0, &p, &err) != 0,
	      "--month with --from");
	memset(&sp, 0, sizeof sp);
	sp.as_of = "2025-09-05T08:00";
	CHECK_INT(pakn_period_resolve(&sp, 0, &p, &err), 0,
	          "--as-of with a time: its day");
	CHECK_INT(p.as_of, day(2025, 9, 5), "5/9");
}

static void
test_official(void)
{
	struct pakn_period_spec sp;
	struct pakn_period_days p;
	struct pakn_error err;

	memset(&sp, 0, sizeof sp);
	sp.month = "2025-08";
	sp.period = "month";
	sp.cutoff = "official";
	CHECK_INT(pakn_period_resolve(&sp, 0, &p, &err), 0, "official month");
	CHECK(p.month && p.from == day(2025, 7, 15) &&
	          p.to == day(2025, 8, 14) && p.prev_from == day(2025, 6, 15),
	      "15/07 to 14/08, the one before from 15/06");
	sp.month = "2025-01";
	CHECK_INT(pakn_period_resolve(&sp, 0, &p, &err), 0, "January");
	CHECK(p.from == day(2024, 12, 15) && p.to == day(2025, 1, 14),
	      "across a year");
	sp.month = "2025-08";
	sp.period = "quarter";
	CHECK_INT(pakn_period_resolve(&sp, 0, &p, &err), 0, "official quarter");
	CHECK(p.from == day(2025, 6, 15) && p.to == day(2025, 9, 14) &&
	          p.prev_from == day(2025, 3, 15),
	      "Q3: 15/06 to 14/09");
	sp.period = "half";
	sp.month = "2025-03";
	CHECK_INT(pakn_period_resolve(&sp, 0, &p, &err), 0, "official half");
	CHECK(p.from == day(2024, 12, 15) && p.to == day(2025, 6, 14),
	      "H1: 15/12 to 14/06");
	sp.period = "year";
	CHECK_INT(pakn_period_resolve(&sp, 0, &p, &err), 0, "official year");
	CHECK(p.from == day(2024, 12, 15) && p.to == day(2025, 12, 14),
	      "the year: 15/12 to 14/12");
	sp.cutoff = "calendar";
	sp.period = "quarter";
	sp.month = "2025-11";
	CHECK_INT(pakn_period_resolve(&sp, 0, &p, &err), 0, "calendar quarter");
	CHECK(!p.month && p.from == day(2025, 10, 1) &&
	          p.to == day(2025, 12, 31) && p.prev_from == day(2025, 7, 1),
	      "Q4");
	sp.month = NULL;
	sp.as_of = "2025-09-30";
	CHECK_INT(pakn_period_resolve(&sp, 0, &p, &err), 0, "default quarter");
	CHECK(p.from == day(2025, 4, 1) && p.to == day(2025, 6, 30),
	      "the last whole quarter before 30/09");
	sp.as_of = "2025-10-01";
	CHECK_INT(pakn_period_resolve(&sp, 0, &p, &err), 0, "default quarter");
	CHECK(p.from == day(2025, 7, 1) && p.to == day(2025, 9, 30),
	      "the last whole quarter before 01/10");
	sp.period = "week";
	CHECK(pakn_period_resolve(&sp, 0, &p, &err) != 0, "no week period");
	sp.period = NULL;
	sp.cutoff = "fiscal";
	CHECK(pakn_period_resolve(&sp, 0, &p, &err) != 0, "no such cut-off");
	sp.cutoff = "official";
	sp.as_of = NULL;
	sp.from = "2025-08-01";
	sp.to = "2025-08-31";
	CHECK(pakn_period_resolve(&sp, 0, &p, &err) != 0, "not with --from");
}

static void
test_slug(void)
{
	struct pakn_buf b = PAKN_BUF_INIT;

	pakn_slug("Sở Tài nguyên và Môi trường", &b);
	CHECK_STR(b.data, "so-tai-nguyen-va-moi-truong", "folded to ASCII");
	pakn_slug("", &b);
	CHECK_STR(b.data, "_none", "a missing value");
	pakn_slug("a/b..c", &b);
	CHECK(strchr(b.data, '/') == NULL && strstr(b.data, "..") == NULL,
	      "no path separators or dots");
	pakn_buf_release(&b);
}

int
main(void)
{
	test_month();
	test_resolve();
	test_official();
	test_slug();
	return unit_done();
}
