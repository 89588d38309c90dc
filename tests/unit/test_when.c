/*
 * test_when.c: unit tests of lib/when.c: every date form the parser
 * accepts with its exact RFC 3339 output, every rejection, the date
 * orders, 12-hour markers, Excel serials, the day-number arithmetic over
 * the whole supported range, epochs and formatting.  TZ is set to a far
 * zone first: no result may depend on it.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "pakn.h"
#include "when.h"

#include "unit.h"

struct accept_case {
	const char *in;
	enum pakn_date_order order;
	const char *want;
	int has_time;
};

static const struct accept_case accepts[] = {
    /* Day first, the Vietnamese way. */
    {"03/08/2021", PAKN_DMY, "2021-08-03T00:00:00+07:00", 0},
    {"3/8/2021", PAKN_DMY, "2021-08-03T00:00:00+07:00", 0},
    {"03-08-2021", PAKN_DMY, "2021-08-03T00:00:00+07:00", 0},
    {"03.08.2021", PAKN_DMY, "2021-08-03T00:00:00+07:00", 0},
    {"31/12/2199", PAKN_DMY, "2199-12-31T00:00:00+07:00", 0},
    {"01/01/1900", PAKN_DMY, "1900-01-01T00:00:00+07:00", 0},
    {"29/02/2024", PAKN_DMY, "2024-02-29T00:00:00+07:00", 0},
    {"29/02/2000", PAKN_DMY, "2000-02-29T00:00:00+07:00", 0},
    {"  03/08/2021  ", PAKN_DMY, "2021-08-03T00:00:00+07:00", 0},
    {"\t03/08/2021\r\n", PAKN_DMY, "2021-08-03T00:00:00+07:00", 0},
    {"\xc2\xa0"
     "03/08/2021\xc2\xa0",
     PAKN_DMY, "2021-08-03T00:00:00+07:00", 0},
    /* Month first, and the year-first forms in every order. */
    {"03/04/2021", PAKN_MDY, "2021-03-04T00:00:00+07:00", 0},
    {"12/31/2021", PAKN_MDY, "2021-12-31T00:00:00+07:00", 0},
    {"03/04/2021", PAKN_DMY, "2021-04-03T00:00:00+07:00", 0},
    {"2021-08-03", PAKN_DMY, "2021-08-03T00:00:00+07:00", 0},
    {"2021/08/03", PAKN_DMY, "2021-08-03T00:00:00+07:00", 0},
    {"2021-8-3", PAKN_DMY, "2021-08-03T00:00:00+07:00", 0},
    {"2021-08-03", PAKN_MDY, "2021-08-03T00:00:00+07:00", 0},
    {"2021-08-03", PAKN_YMD, "2021-08-03T00:00:00+07:00", 0},
    {"2021/08/03 09:15", PAKN_YMD, "2021-08-03T09:15:00+07:00", 1},
    /* A time after the date. */
    {"03/08/2021 09:15", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    {"03/08/2021 9:15", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    {"03/08/2021 09:15:42", PAKN_DMY, "2021-08-03T09:15:42+07:00", 1},
    {"03/08/2021  09:15", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    {"03/08/2021, 09:15", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    {"03/08/2021T09:15", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    {"03/08/2021 00:00", PAKN_DMY, "2021-08-03T00:00:00+07:00", 1},
    {"03/08/2021 23:59:59", PAKN_DMY, "2021-08-03T23:59:59+07:00", 1},
    {"08/03/2021 09:15", PAKN_MDY, "2021-08-03T09:15:00+07:00", 1},
    /* A time before the date. */
    {"09:15 03/08/2021", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    {"09:15:30 03/08/2021", PAKN_DMY, "2021-08-03T09:15:30+07:00", 1},
    {"9:15 SA 03/08/2021", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    {"2:30 CH 03/08/2021", PAKN_DMY, "2021-08-03T14:30:00+07:00", 1},
    {"09:15 2021-08-03", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    {"09:15, 03/08/2021", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    {"09:15 08/03/2021", PAKN_MDY, "2021-08-03T09:15:00+07:00", 1},
    /* 12-hour times: SA/CH (Vietnamese Windows) and AM/PM. */
    {"03/08/2021 9:15 SA", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    {"03/08/2021 9:15SA", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    {"03/08/2021 9:15 sa", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    {"03/08/2021 9:15 CH", PAKN_DMY, "2021-08-03T21:15:00+07:00", 1},
    {"03/08/2021 9:15CH", PAKN_DMY, "2021-08-03T21:15:00+07:00", 1},
    {"03/08/2021 9:15 ch", PAKN_DMY, "2021-08-03T21:15:00+07:00", 1},
    {"03/08/2021 9:15:07 Ch", PAKN_DMY, "2021-08-03T21:15:07+07:00", 1},
    {"03/08/2021 12:00 SA", PAKN_DMY, "2021-08-03T00:00:00+07:00", 1},
    {"03/08/2021 12:59 SA", PAKN_DMY, "2021-08-03T00:59:00+07:00", 1},
    {"03/08/2021 12:00 CH", PAKN_DMY, "2021-08-03T12:00:00+07:00", 1},
    {"03/08/2021 12:30 CH", PAKN_DMY, "2021-08-03T12:30:00+07:00", 1},
    {"03/08/2021 1:00 SA", PAKN_DMY, "2021-08-03T01:00:00+07:00", 1},
    {"03/08/2021 11:59:59 CH", PAKN_DMY, "2021-08-03T23:59:59+07:00", 1},
    {"03/08/2021 9:15 AM", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    {"03/08/2021 9:15 PM", PAKN_DMY, "2021-08-03T21:15:00+07:00", 1},
    {"03/08/2021 9:15pm", PAKN_DMY, "2021-08-03T21:15:00+07:00", 1},
    {"03/08/2021 12:00 AM", PAKN_DMY, "2021-08-03T00:00:00+07:00", 1},
    {"03/08/2021 12:00 PM", PAKN_DMY, "2021-08-03T12:00:00+07:00", 1},
    {"8/3/2021 9:15\xe2\x80\xaf"
     "PM",
     PAKN_MDY, "2021-08-03T21:15:00+07:00", 1},
    /* ISO 8601 / RFC 3339. */
    {"2021-08-03T09:15:00", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    {"2021-08-03t09:15:00", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    {"2021-08-03 09:15:00", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    {"2021-08-03T09:15", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    {"2021-08-03T09:15:00.123", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    {"2021-08-03T09:15:59.999999999999", PAKN_DMY, "2021-08-03T09:15:59+07:00",
     1},
    {"2021-08-03T09:15:00Z", PAKN_DMY, "2021-08-03T09:15:00+00:00", 1},
    {"2021-08-03T09:15:00z", PAKN_DMY, "2021-08-03T09:15:00+00:00", 1},
    {"2021-08-03T09:15:00.5Z", PAKN_DMY, "2021-08-03T09:15:00+00:00", 1},
    {"2021-08-03T09:15:00+07:00", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    {"2021-08-03T09:15:00+0700", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    {"2021-08-03T09:15:00+07", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    {"2021-08-03T09:15:00-05:00", PAKN_DMY, "2021-08-03T09:15:00-05:00", 1},
    {"2021-08-03T09:15:00+05:30", PAKN_DMY, "2021-08-03T09:15:00+05:30", 1},
    {"2021-08-03T09:15:00-00:00", PAKN_DMY, "2021-08-03T09:15:00+00:00", 1},
    {"2021-08-03 09:15:00 +07:00", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    {"2021-08-03 09:15:00+07", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    /* Excel serial day numbers, as Excel shows them. */
    {"1", PAKN_DMY, "1900-01-01T00:00:00+07:00", 0},
    {"59", PAKN_DMY, "1900-02-28T00:00:00+07:00", 0},
    {"61", PAKN_DMY, "1900-03-01T00:00:00+07:00", 0},
    {"44411", PAKN_DMY, "2021-08-03T00:00:00+07:00", 0},
    {"44411.5", PAKN_DMY, "2021-08-03T12:00:00+07:00", 1},
    {"44411,5", PAKN_DMY, "2021-08-03T12:00:00+07:00", 1},
    {"44411.0", PAKN_DMY, "2021-08-03T00:00:00+07:00", 1},
    {"44411.385416666664", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    {"44411.38541666666666666666", PAKN_DMY, "2021-08-03T09:15:00+07:00", 1},
    {"44411.99999", PAKN_DMY, "2021-08-03T23:59:59+07:00", 1},
    {"44411.999999999", PAKN_DMY, "2021-08-04T00:00:00+07:00", 1},
    {" 44411 ", PAKN_DMY, "2021-08-03T00:00:00+07:00", 0},
    {"044411", PAKN_DMY, "2021-08-03T00:00:00+07:00", 0},
    {"45408", PAKN_DMY, "2024-04-26T00:00:00+07:00", 0},
    {"109574", PAKN_DMY, "2199-12-31T00:00:00+07:00", 0},
    {"44411", PAKN_YMD, "2021-08-03T00:00:00+07:00", 0},
};

static const struct {
	const char *in;
	enum pakn_date_order order;
} rejects[] = {
    {"32/13/2021", PAKN_DMY},
    {"32/12/2021", PAKN_DMY},
    {"00/12/2021", PAKN_DMY},
    {"12/00/2021", PAKN_DMY},
    {"01/13/2021", PAKN_DMY},
    {"29/02/2023", PAKN_DMY},
    {"29/02/1900", PAKN_DMY},
    {"29/02/2100", PAKN_DMY},
    {"31/04/2021", PAKN_DMY},
    {"31/06/2021", PAKN_DMY},
    {"31/09/2021", PAKN_DMY},
    {"31/11/2021", PAKN_DMY},
    {"2021-02-30", PAKN_DMY},
    {"2021-13-01", PAKN_DMY},
    {"13/12/2021", PAKN_MDY},
    {"03/08/2021", PAKN_YMD},
    {"03/08/2021 24:00", PAKN_DMY},
    {"2021-08-03T24:00:00", PAKN_DMY},
    {"03/08/2021 09:60", PAKN_DMY},
    {"03/08/2021 09:15:60", PAKN_DMY},
    {"03/08/2021 9:5", PAKN_DMY},
    {"03/08/2021 123:15", PAKN_DMY},
    {"03/08/2021 13:00 CH", PAKN_DMY},
    {"03/08/2021 0:15 SA", PAKN_DMY},
    {"03/08/2021 00:15 AM", PAKN_DMY},
    {"03/08/2021 9:15 SAx", PAKN_DMY},
    {"03/08/2021 9:15 S", PAKN_DMY},
    {"03/08/21", PAKN_DMY},
    {"3/8/21", PAKN_DMY},
    {"21-08-03", PAKN_DMY},
    {"03/08/021", PAKN_DMY},
    {"03/08/20211", PAKN_DMY},
    {"003/08/2021", PAKN_DMY},
    {"03/008/2021", PAKN_DMY},
    {"20210-08-03", PAKN_DMY},
    {"2021-08-031", PAKN_DMY},
    {"2021.08.03", PAKN_DMY},
    {"03/08-2021", PAKN_DMY},
    {"2021-08/03", PAKN_DMY},
    {"03/08/2021abc", PAKN_DMY},
    {"03/08/2021 09:15abc", PAKN_DMY},
    {"03/08/2021 09:15 03/08/2021", PAKN_DMY},
    {"03/08/2021 09:15 -", PAKN_DMY},
    {"03/08/2021T", PAKN_DMY},
    {"03/08/2021 ,", PAKN_DMY},
    {"09:15", PAKN_DMY},
    {"09:15 ", PAKN_DMY},
    {"09:1503/08/2021", PAKN_DMY},
    {"09:15T03/08/2021", PAKN_DMY},
    {"1899-12-31", PAKN_DMY},
    {"2200-01-01", PAKN_DMY},
    {"2021-08-03T09:15:00+24:00", PAKN_DMY},
    {"2021-08-03T09:15:00+07:60", PAKN_DMY},
    {"2021-08-03T09:15:00+7", PAKN_DMY},
    {"2021-08-03T09:15:00+07:0", PAKN_DMY},
    {"2021-08-03T09:15:00.", PAKN_DMY},
    {"2021-08-03T09:15:00 Z", PAKN_DMY},
    {"2021-08-03Z", PAKN_DMY},
    {"2021-08-03T09:15:00ZZ", PAKN_DMY},
    {"0", PAKN_DMY},
    {"60", PAKN_DMY},
    {"60.5", PAKN_DMY},
    {"109575", PAKN_DMY},
    {"2958465", PAKN_DMY},
    {"2958466", PAKN_DMY},
    {"12345678", PAKN_DMY},
    {"-1", PAKN_DMY},
    {"+44411", PAKN_DMY},
    {"44411.", PAKN_DMY},
    {".5", PAKN_DMY},
    {"44411.5.5", PAKN_DMY},
    {"1e5", PAKN_DMY},
    {"abc", PAKN_DMY},
    {"ngày 03/08/2021", PAKN_DMY},
    {"03/08/2021\n03/08/2021", PAKN_DMY},
    {"", PAKN_DMY},
    {"   ", PAKN_DMY},
    {"/", PAKN_DMY},
    {"//", PAKN_DMY},
    {":", PAKN_DMY},
};

/* s with control characters written as \xNN, so that a TAP line stays
 * one line; the result is valid until the next call. */
static const char *
show(const char *s)
{
	static char out[256];
	size_t k = 0;

	for (; *s && k + 5 < sizeof out; s++) {
		if ((unsigned char)*s < 0x20)
			k += (size_t)snprintf(out + k, sizeof out - k,
			                      "\\x%02x", (unsigned char)*s);
		else
			out[k++] = *s;
	}
	out[k] = '\0';
	return out;
}

/* Parses s (NUL-terminated) and returns its formatted value, or the
 * error text; *rc gets the return code. */
static const char *
parse(const char *s, enum pakn_date_order order, struct pakn_time *t, int *rc)
{
	static char out[PAKN_TIME_STRLEN + sizeof(struct pakn_error)];
	struct pakn_error err;

	memset(&err, 0, sizeof err);
	*rc = pakn_time_parse(s, strlen(s), order, t, &err);
	if (*rc == 0)
		pakn_time_format_str(t, out);
	else
		snprintf(out, sizeof out, "%s", err.text);
	return out;
}

static void
test_accepts(void)
{
	struct pakn_time t;
	char what[160];
	size_t i;
	int rc;

	for (i = 0; i < sizeof accepts / sizeof accepts[0]; i++) {
		const struct accept_case *a = &accepts[i];
		const char *got = parse(a->in, a->order, &t, &rc);

		snprintf(what, sizeof what, "parse '%s' (%s)", show(a->in),
		         a->order == PAKN_DMY   ? "dmy"
		         : a->order == PAKN_MDY ? "mdy"
		                                : "ymd");
		CHECK_STR(got, a->want, what);
		snprintf(what, sizeof what, "parse '%s': has_time %d",
		         show(a->in), a->has_time);
		CHECK(rc == 0 && t.has_time == a->has_time, what);
	}
}

static void
test_rejects(void)
{
	struct pakn_time t;
	char what[160], want[160];
	const char *in, *b, *e;
	size_t i;
	int rc;

	for (i = 0; i < sizeof rejects / sizeof rejects[0]; i++) {
		in = rejects[i].in;
		/* The message quotes the trimmed value. */
		for (b = in; *b == ' '; b++)
			;
		for (e = b + strlen(b); e > b && e[-1] == ' '; e--)
			;
		snprintf(want, sizeof want, "cannot read date '%.*s'",
		         (int)(e - b), b);
		for (char *w = want; *w; w++)
			if (*w == '\n')
				*w = '?';
		snprintf(what, sizeof what, "reject '%s'", show(in));
		CHECK_STR(parse(in, rejects[i].order, &t, &rc), want, what);
		CHECK_INT(rc, -1, what);
	}
}

static void
test_parse_edges(void)
{
	struct pakn_time t;
	struct pakn_error err;
	char big[200], want[100];
	int rc;

	/* n, not the NUL, ends the value. */
	CHECK_INT(pakn_time_parse("03/08/2021 junk", 10, PAKN_DMY, &t, &err), 0,
	          "parse: reads only n bytes");
	CHECK_INT(pakn_time_parse("03/08/2021\0", 11, PAKN_DMY, &t, &err), -1,
	          "parse: an embedded NUL is junk");
	CHECK_INT(pakn_time_parse(NULL, 0, PAKN_DMY, &t, &err), -1,
	          "parse: NULL, 0 is empty");
	CHECK_INT(pakn_time_parse("x", 1, PAKN_DMY, &t, NULL), -1,
	          "parse: err may be NULL");

	/* A long value is quoted cut at 60 bytes, on a UTF-8 boundary. */
	memset(big, '7', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	snprintf(want, sizeof want, "cannot read date '%.60s...'", big);
	CHECK_STR(parse(big, PAKN_DMY, &t, &rc), want,
	          "reject: a long value is cut at 60 bytes");
	memset(big, 'a', 59);
	memcpy(big + 59, "\xc3\xa1xyz", 5);
	snprintf(want, sizeof want, "cannot read date '%.59s...'", big);
	CHECK_STR(parse(big, PAKN_DMY, &t, &rc), want,
	          "reject: the cut does not split a UTF-8 character");
	CHECK_STR(parse("12/\x01x", PAKN_DMY, &t, &rc),
	          "cannot read date '12/?x'",
	          "reject: control characters are shown as '?'");

	/* Fields of a parsed value. */
	rc = pakn_time_parse("2021-08-03T09:15:42-05:30", 25, PAKN_DMY, &t,
	                     &err);
	CHECK(rc == 0 && t.year == 2021 && t.month == 8 && t.day == 3 &&
	          t.hour == 9 && t.min == 15 && t.sec == 42 &&
	          t.offset_min == -330 && t.has_time == 1,
	      "parse: fields of 2021-08-03T09:15:42-05:30");
	rc = pakn_time_parse("03/08/2021", 10, PAKN_DMY, &t, &err);
	CHECK(rc == 0 && t.offset_min == PAKN_VN_OFFSET_MIN &&
	          t.has_time == 0 && t.hour == 0,
	      "parse: no zone means Vietnam time, +420");
}

static void
test_days(void)
{
	long days, expect, bad = 0, badwd = 0;
	int y, m, d, y2, m2, d2, wd;

	CHECK_INT(pakn_days_from_civil(1970, 1, 1), 0, "days: 1970-01-01");
	CHECK_INT(pakn_days_from_civil(1969, 12, 31), -1, "days: 1969-12-31");
	CHECK_INT(pakn_days_from_civil(2000, 1, 1), 10957, "days: 2000-01-01");
	CHECK_INT(pakn_days_from_civil(2000, 3, 1), 11017, "days: 2000-03-01");
	CHECK_INT(pakn_days_from_civil(1900, 1, 1), -25567, "days: 1900-01-01");
	CHECK_INT(pakn_days_from_civil(2021, 8, 3), 18842, "days: 2021-08-03");
	CHECK_INT(pakn_days_from_civil(2200, 1, 1), 84006, "days: 2200-01-01");
	CHECK_INT(pakn_days_from_civil(0, 3, 1), -719468, "days: 0000-03-01");

	/* Every day of the supported range, in order, both ways. */
	expect = pakn_days_from_civil(1900, 1, 1);
	wd = 1; /* 1900-01-01 was a Monday */
	for (y = 1900; y <= 2199; y++)
		for (m = 1; m <= 12; m++)
			for (d = 1; d <= pakn_days_in_month(y, m); d++) {
				days = pakn_days_from_civil(y, m, d);
				pakn_civil_from_days(days, &y2, &m2, &d2);
				if (days != expect || y2 != y || m2 != m ||
				    d2 != d)
					bad++;
				if (pakn_weekday(days) != wd)
					badwd++;
				expect++;
				wd = (wd + 1) % 7;
			}
	CHECK_INT(bad, 0,
	          "days: round trip of every day 1900-01-01..2199-12-31");
	CHECK_INT(badwd, 0, "days: weekday of every day 1900..2199");
	CHECK_INT(expect, 84006, "days: 2199-12-31 is the last, 84005");

	pakn_civil_from_days(-719468, &y, &m, &d);
	CHECK(y == 0 && m == 3 && d == 1, "days: back to 0000-03-01");
	pakn_civil_from_days(-25568, &y, &m, &d);
	CHECK(y == 1899 && m == 12 && d == 31, "days: back to 1899-12-31");

	CHECK_INT(pakn_weekday(pakn_days_from_civil(2024, 4, 26)), 5,
	          "weekday: 2024-04-26 is a Friday");
	CHECK_INT(pakn_weekday(pakn_days_from_civil(1970, 1, 1)), 4,
	          "weekday: 1970-01-01 is a Thursday");
	CHECK_INT(pakn_weekday(pakn_days_from_civil(2021, 8, 3)), 2,
	          "weekday: 2021-08-03 is a Tuesday");
	CHECK_INT(pakn_weekday(pakn_days_from_civil(2000, 1, 1)), 6,
	          "weekday: 2000-01-01 is a Saturday");
	CHECK_INT(pakn_weekday(pakn_days_from_civil(2021, 9, 5)), 0,
	          "weekday: 2021-09-05 is a Sunday");
	CHECK_INT(pakn_weekday(pakn_days_from_civil(1900, 1, 1)), 1,
	          "weekday: 1900-01-01 is a Monday");

	CHECK_INT(pakn_days_in_month(2024, 2), 29, "days in 2024-02");
	CHECK_INT(pakn_days_in_month(2023, 2), 28, "days in 2023-02");
	CHECK_INT(pakn_days_in_month(1900, 2), 28, "days in 1900-02");
	CHECK_INT(pakn_days_in_month(2000, 2), 29, "days in 2000-02");
	CHECK_INT(pakn_days_in_month(2021, 4), 30, "days in 2021-04");
	CHECK_INT(pakn_days_in_month(2021, 13), 0, "days in month 13");
}

static void
test_epoch(void)
{
	struct pakn_time t, u;
	struct pakn_error err;
	char s[PAKN_TIME_STRLEN];

	pakn_time_parse("03/08/2021 09:15", 16, PAKN_DMY, &t, &err);
	CHECK_INT(pakn_time_epoch(&t), 1627956900LL,
	          "epoch: 2021-08-03 09:15 Vietnam");
	pakn_time_parse("2021-08-03T02:15:00Z", 20, PAKN_DMY, &t, &err);
	CHECK_INT(pakn_time_epoch(&t), 1627956900LL,
	          "epoch: the same moment in UTC");
	pakn_time_parse("2021-08-02T21:15:00-05:00", 25, PAKN_DMY, &t, &err);
	CHECK_INT(pakn_time_epoch(&t), 1627956900LL,
	          "epoch: the same moment at -05:00");
	pakn_time_parse("1970-01-01T07:00:00", 19, PAKN_DMY, &t, &err);
	CHECK_INT(pakn_time_epoch(&t), 0, "epoch: 0 in Vietnam time");
	pakn_time_parse("01/01/1900", 10, PAKN_DMY, &t, &err);
	CHECK_INT(pakn_time_epoch(&t), -2209014000LL,
	          "epoch: 1900-01-01 Vietnam, before 1970");

	pakn_time_from_epoch(1627956900LL, PAKN_VN_OFFSET_MIN, &u);
	pakn_time_format_str(&u, s);
	CHECK_STR(s, "2021-08-03T09:15:00+07:00", "from_epoch: Vietnam");
	CHECK_INT(u.has_time, 1, "from_epoch: has_time");
	pakn_time_from_epoch(1627956900LL, 0, &u);
	pakn_time_format_str(&u, s);
	CHECK_STR(s, "2021-08-03T02:15:00+00:00", "from_epoch: UTC");
	pakn_time_from_epoch(1627956900LL, -300, &u);
	pakn_time_format_str(&u, s);
	CHECK_STR(s, "2021-08-02T21:15:00-05:00", "from_epoch: -05:00");
	pakn_time_from_epoch(1627956900LL, 330, &u);
	pakn_time_format_str(&u, s);
	CHECK_STR(s, "2021-08-03T07:45:00+05:30", "from_epoch: +05:30");
	pakn_time_from_epoch(-1, 0, &u);
	pakn_time_format_str(&u, s);
	CHECK_STR(s, "1969-12-31T23:59:59+00:00", "from_epoch: -1");
	pakn_time_from_epoch(-2209014000LL, PAKN_VN_OFFSET_MIN, &u);
	pakn_time_format_str(&u, s);
	CHECK_STR(s, "1900-01-01T00:00:00+07:00", "from_epoch: 1900");
	/* Convert a UTC moment to Vietnam time: the day can change. */
	pakn_time_parse("2021-08-03T20:00:00Z", 20, PAKN_DMY, &t, &err);
	pakn_time_from_epoch(pakn_time_epoch(&t), PAKN_VN_OFFSET_MIN, &u);
	pakn_time_format_str(&u, s);
	CHECK_STR(s, "2021-08-04T03:00:00+07:00",
	          "from_epoch: UTC evening is the next day in Vietnam");
}

static void
test_format(void)
{
	struct pakn_time t = {2021, 8, 3, 9, 15, 0, 420, 1};
	struct pakn_buf b = PAKN_BUF_INIT;
	char s[PAKN_TIME_STRLEN];

	CHECK_INT(pakn_time_format_str(&t, s), 25, "format: length 25");
	CHECK_STR(s, "2021-08-03T09:15:00+07:00", "format: Vietnam");
	pakn_buf_adds(&b, "x=");
	pakn_time_format(&t, &b);
	CHECK_STR(b.data, "x=2021-08-03T09:15:00+07:00",
	          "format: appended to a buffer");
	t.has_time = 0;
	pakn_time_format_str(&t, s);
	CHECK_STR(s, "2021-08-03T00:00:00+07:00",
	          "format: a date alone gets T00:00:00");
	t = (struct pakn_time){1900, 1, 1, 0, 0, 0, -720, 1};
	pakn_time_format_str(&t, s);
	CHECK_STR(s, "1900-01-01T00:00:00-12:00", "format: -12:00");
	t = (struct pakn_time){2199, 12, 31, 23, 59, 59, 0, 1};
	pakn_time_format_str(&t, s);
	CHECK_STR(s, "2199-12-31T23:59:59+00:00", "format: UTC is +00:00");
	t = (struct pakn_time){-2147483647 - 1, 12, 31, 23, 59, 59, 0, 1};
	CHECK(pakn_time_format_str(&t, s) < PAKN_TIME_STRLEN,
	      "format: an absurd year still fits");
	pakn_buf_release(&b);
}

static void
test_iso_and_today(void)
{
	static const char *bad[] = {
	    "2021-8-31",  "31/08/2021",  "2021-08-31T00:00",
	    "2021-02-29", "2021-08-32",  "20210831",
	    "",           "2021-08-31 ", "1899-12-31",
	    "2200-01-01", "2021/08/31",  "44411",
	};
	struct pakn_error err;
	long days = 0, today;
	time_t now;

	CHECK_INT(pakn_date_parse_iso("2021-08-31", &days, &err), 0,
	          "iso: 2021-08-31");
	CHECK_INT(days, pakn_days_from_civil(2021, 8, 31), "iso: its day");
	CHECK_INT(pakn_date_parse_iso("2024-02-29", &days, &err), 0,
	          "iso: 2024-02-29");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char want[128], what[64];

		snprintf(want, sizeof want,
		         "cannot read date '%s' (expected YYYY-MM-DD)", bad[i]);
		snprintf(what, sizeof what, "iso: reject '%s'", bad[i]);
		pakn_date_parse_iso(bad[i], &days, &err);
		CHECK_STR(err.text, want, what);
		CHECK_INT(pakn_date_parse_iso(bad[i], &days, &err), -1, what);
	}

	/* Today in Vietnam is UTC+7, whatever TZ says. */
	now = time(NULL);
	today = pakn_today_vn();
	CHECK_INT(today, (long)((now + 7 * 3600) / 86400),
	          "today_vn: the UTC+7 date of now");
}

static void
test_moment_format(void)
{
	char s[PAKN_TIME_STRLEN];

	/* 2021-08-03T02:15:00Z is 09:15 in Vietnam */
	CHECK_INT(pakn_moment_format(1627956900LL, s), 25,
	          "a moment: 25 bytes");
	CHECK_STR(s, "2021-08-03T09:15:00+07:00", "a moment in Vietnam time");
	pakn_moment_format(1627923599LL, s); /* 16:59:59Z the day before */
	CHECK_STR(s, "2021-08-02T23:59:59+07:00", "the day as Vietnam sees it");
}

int
main(void)
{
	/* No result may depend on the machine's zone. */
	setenv("TZ", "America/Los_Angeles", 1);
	tzset();

	test_accepts();
	test_rejects();
	test_parse_edges();
	test_days();
	test_epoch();
	test_format();
	test_iso_and_today();
	test_moment_format();
	return unit_done();
}
