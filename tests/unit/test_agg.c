/*
 * test_agg.c: unit tests of lib/agg: the exact histograms and their
 * nearest-rank percentiles, working days with and without the calendar,
 * the derivation of each figure from a record's dates (and pakn-deadline's
 * keys overriding it), top-N lists, and the partials: merging the
 * partials of any split gives the state of the whole, exactly; partials
 * whose counts would overflow are refused; a thousand groups in the
 * groups' map (lib/strmap.h), in key order in partials and splits.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "calendar.h"
#include "record.h"
#include "unit.h"
#include "when.h"

static long
day(int y, int m, int d)
{
	return pakn_days_from_civil(y, m, d);
}

static void
test_percentiles(void)
{
	long long h[32];

	memset(h, 0, sizeof h);
	CHECK_INT(pakn_hist_percentile(h, 32, 50), -1,
	          "empty histogram: no median");
	h[5] = 1;
	CHECK_INT(pakn_hist_percentile(h, 32, 50), 5,
	          "one value is its median");
	CHECK_INT(pakn_hist_percentile(h, 32, 90), 5, "one value is its p90");
	/* 3, 6, 8, 10, 10 (the fixture's November). */
	memset(h, 0, sizeof h);
	h[3] = 1, h[6] = 1, h[8] = 1, h[10] = 2;
	CHECK_INT(pakn_hist_percentile(h, 32, 50), 8,
	          "median of five is the 3rd");
	CHECK_INT(pakn_hist_percentile(h, 32, 90), 10,
	          "p90 of five is the 5th");
	/* 1, 2, 3, 4: nearest rank gives the lower median. */
	memset(h, 0, sizeof h);
	h[1] = h[2] = h[3] = h[4] = 1;
	CHECK_INT(pakn_hist_percentile(h, 32, 50), 2,
	          "median of four is the 2nd");
	/* 0 x9 and 30 x1: the 9th of ten is still 0, the 10th is 30. */
	memset(h, 0, sizeof h);
	h[0] = 9, h[30] = 1;
	CHECK_INT(pakn_hist_percentile(h, 32, 90), 0, "p90 of ten is the 9th");
	h[0] = 8, h[30] = 2;
	CHECK_INT(pakn_hist_percentile(h, 32, 90), 30,
	          "p90 moves with the 9th value");
}

static void
test_working_days(void)
{
	struct pakn_calendar cal;

	/* 2021-08-27 is a Friday. */
	CHECK_INT(
	    pakn_agg_working_days(NULL, day(2021, 8, 27), day(2021, 8, 30)), 1,
	    "Friday to Monday: one working day");
	CHECK_INT(
	    pakn_agg_working_days(NULL, day(2021, 8, 28), day(2021, 8, 29)), 0,
	    "a weekend has none");
	CHECK_INT(
	    pakn_agg_working_days(NULL, day(2021, 8, 27), day(2021, 8, 27)), 0,
	    "same day: 0");
	CHECK_INT(
	    pakn_agg_working_days(NULL, day(2021, 8, 30), day(2021, 8, 27)), 0,
	    "backwards: 0");
	CHECK_INT(
	    pakn_agg_working_days(NULL, day(2021, 8, 30), day(2021, 9, 6)), 5,
	    "Monday to Monday: 5");
	CHECK_INT(
	    pakn_agg_working_days(NULL, day(2021, 9, 20), day(2021, 12, 6)), 55,
	    "eleven weeks and a day: 55");
	pakn_calendar_init(&cal);
	/* Quốc khánh 2021: 2/9 and 3/9 off. */
	CHECK_INT(
	    pakn_agg_working_days(&cal, day(2021, 8, 31), day(2021, 9, 6)), 2,
	    "the calendar knows 2/9-3/9 2021");
	CHECK_INT(
	    pakn_agg_working_days(NULL, day(2021, 8, 31), day(2021, 9, 6)), 4,
	    "Monday-Friday does not");
	CHECK_INT(
	    pakn_agg_working_days(&cal, day(2021, 9, 20), day(2021, 12, 6)), 55,
	    "no holiday from 20/9 to 6/12/2021");
	pakn_calendar_release(&cal);
}

/* Adds JSON lines to a; returns how many counted. */
static int
add_lines(struct pakn_agg *a, const char *const *lines, size_t n)
{
	struct pakn_record r;
	struct pakn_error err;
	size_t i;
	int counted = 0, rc;

	pakn_record_init(&r);
	for (i = 0; i < n; i++) {
		if (pakn_record_scan(&r, lines[i], strlen(lines[i]), &err) !=
		    0) {
			CHECK(0, "test line scans");
			continue;
		}
		rc = pakn_agg_add(a, &r, &err);
		if (rc > 0)
			counted++;
	}
	pakn_record_release(&r);
	return counted;
}

static struct pakn_agg *
new_agg(int top)
{
	struct pakn_agg_config cfg;

	/* November 2021 seen on 6/12/2021; October seen on 6/11. */
	pakn_agg_config_init(&cfg, day(2021, 11, 1), day(2021, 11, 30),
	                     day(2021, 12, 6), 1);
	cfg.top = top;
	return pakn_agg_new(&cfg);
}

static void
test_config(void)
{
	struct pakn_agg_config c;

	pakn_agg_config_init(&c, day(2022, 1, 1), day(2022, 1, 31),
	                     day(2022, 2, 3), 1);
	CHECK_INT(c.prev.from, day(2021, 12, 1),
	          "January's previous month starts 1/12");
	CHECK_INT(c.prev.to, day(2021, 12, 31), "and ends 31/12");
	CHECK_INT(c.prev.as_of, day(2022, 1, 3),
	          "seen 3 days after its end, like January");
	pakn_agg_config_init(&c, day(2022, 3, 10), day(2022, 3, 19),
	                     day(2022, 3, 15), 0);
	CHECK_INT(c.prev.from, day(2022, 2, 28),
	          "a 10-day range: the 10 days before");
	CHECK_INT(c.prev.to, day(2022, 3, 9), "end the day before");
	CHECK_INT(c.prev.as_of, day(2022, 3, 9),
	          "a period not over: the previous at its end");
}

static const char *const derive[] = {
    /* On time: answered the due day before its end (a date alone). */
    "{\"id\":\"A\",\"received_at\":\"2021-11-01T08:00:00+07:00\",\"due_at\":"
    "\"2021-11-05\",\"answered_at\":\"2021-11-05T16:00:00+07:00\",\"agency\":"
    "\"x\"}",
    /* Late: answered after a due moment of 17:00 the same day. */
    "{\"id\":\"B\",\"received_at\":\"2021-11-01T08:00:00+07:00\",\"due_at\":"
    "\"2021-11-05T17:00:00+07:00\",\"answered_at\":\"2021-11-05T17:30:00+07:"
    "00\",\"agency\":\"x\"}",
    /* Overdue: due Friday 3/12, seen Monday 6/12: 1 working day. */
    "{\"id\":\"C\",\"received_at\":\"2021-11-26T08:00:00+07:00\",\"due_at\":"
    "\"2021-12-03T23:59:59+07:00\",\"agency\":\"x\"}",
    /* Open: due on the as-of day itself. */
    "{\"id\":\"D\",\"received_at\":\"2021-11-29T08:00:00+07:00\",\"due_at\":"
    "\"2021-12-06T23:59:59+07:00\",\"agency\":\"y\"}",
    /* Answered by closed_at only, late; UTC received_at is 2/11 in Vietnam. */
    "{\"id\":\"E\",\"received_at\":\"2021-11-01T18:00:00Z\",\"due_at\":\"2021-"
    "11-03T23:59:59+07:00\",\"closed_at\":\"2021-11-04T09:00:00+07:00\","
    "\"agency\":\"y\"}",
    /* A deadline_state pakn-deadline wrote for another as-of is never
       trusted: judged again from the dates (lib/deadline.h). */
    "{\"id\":\"F\",\"received_at\":\"2021-11-02T08:00:00+07:00\",\"due_at\":"
    "\"2021-11-30T23:59:59+07:00\",\"deadline_state\":\"overdue\",\"overdue_"
    "days\":7,\"agency\":\"y\"}",
    /* Status alone says answered: answered, date unknown. */
    "{\"id\":\"G\",\"received_at\":\"2021-11-03T08:00:00+07:00\",\"status\":"
    "\"closed\",\"agency\":\"y\"}",
    /* After the period: ignored. */
    "{\"id\":\"H\",\"received_at\":\"2021-12-01T08:00:00+07:00\",\"agency\":"
    "\"y\"}",
    /* Answered before October: ignored. */
    "{\"id\":\"I\",\"received_at\":\"2021-09-01T08:00:00+07:00\",\"answered_"
    "at\":\"2021-09-10T08:00:00+07:00\"}",
};

static void
test_derive(void)
{
	struct pakn_agg *a = new_agg(5);
	struct pakn_report *rep;
	struct pakn_agg_stats st;

	CHECK_INT(add_lines(a, derive, sizeof derive / sizeof *derive), 7,
	          "seven of nine count");
	pakn_agg_stats(a, &st);
	CHECK_INT((long long)st.ignored, 2, "two ignored");
	rep = pakn_agg_report(a, 0);
	CHECK_INT(rep->total.received, 7, "received 7");
	CHECK_INT(rep->total.on_time, 1,
	          "on time: A (a date alone is its day's end)");
	CHECK_INT(rep->total.undated, 1, "G: answered, date unknown");
	CHECK_INT((long long)st.undated, 1, "counted in the stats too");
	CHECK_INT(rep->total.late, 2,
	          "late: B (17:30 > 17:00) and E (closed_at)");
	CHECK_INT(rep->total.overdue, 2, "overdue: C and F (judged again)");
	CHECK_INT(rep->total.open, 1, "open: D, due on the as-of day");
	CHECK_INT(rep->total.answered_timed, 3,
	          "three answers with a day (G has none)");
	/* A: 1/11 -> 5/11 = 4; B: 4; E: 2/11 -> 4/11 = 2. */
	CHECK_INT(rep->total.median, 4, "median of 2, 4, 4");
	CHECK_INT(rep->total.rate, 2000,
	          "on time 1 / (3 answered with a date + 2 overdue)");
	CHECK_INT(rep->has_prev, 0, "no October records: no comparison");
	CHECK_INT((long long)rep->overdue.ncases, 2,
	          "two overdue cases listed");
	CHECK_STR(rep->overdue.cases[0].id, "F", "F first: 4 days");
	CHECK_INT(rep->overdue.cases[0].days, 4,
	          "F: due 30/11, 1-6/12 is 4 working days (not its "
	          "overdue_days)");
	CHECK_STR(rep->overdue.cases[1].id, "C", "then C");
	CHECK_INT(rep->overdue.cases[1].days, 1,
	          "C: Friday to Monday is 1 day");
	pakn_report_free(rep);
	pakn_agg_free(a);
}

/* Many overdue cases with ties, spread over agencies and channels. */
static char **
make_cases(size_t n)
{
	static const char *const ch[] = {"hotline", "zalo", "portal", "email"};
	static const char *const ag[] = {"so-a", "so-b", "ubnd-c", ""};
	char **v = calloc(n, sizeof *v);
	size_t i;

	for (i = 0; i < n; i++) {
		char buf[600];
		int rd = 1 + (int)(i * 7 % 30), dd = rd + (int)(i % 5);
		const char *answer =
		    i % 3 == 0
		        ? ",\"answered_at\":\"2021-11-29T10:00:00+07:00\""
		        : "";

		snprintf(buf, sizeof buf,
		         "{\"id\":\"K%03zu\",\"received_at\":\"2021-%s-%02dT09:"
		         "00:00+07:00\",\"channel\":\"%s\",\"agency\":\"%s\","
		         "\"agency_name\":\"%s "
		         "%zu\",\"kind\":\"%s\",\"due_at\":\"2021-11-%02dT23:"
		         "59:59+07:00\"%s,\"satisfaction\":\"%s\"}",
		         i, i % 4 == 0 ? "10" : "11", rd, ch[i % 4], ag[i % 4],
		         "Tên", i % 2, i % 7 == 0 ? "directive" : "feedback",
		         dd > 30 ? 30 : dd, answer,
		         i % 2 ? "satisfied" : "unsatisfied");
		v[i] = strdup(buf);
	}
	return v;
}

static char *
partial_of(struct pakn_agg *a)
{
	json_t *p = pakn_agg_to_partial(a);
	char *s;

	/* Leave out the stats: they count lines read, which differ. */
	json_object_del(p, "stats");
	s = json_dumps(p, JSON_COMPACT);
	json_decref(p);
	return s;
}

static void
test_merge(void)
{
	const size_t n = 120;
	char **cases = make_cases(n);
	struct pakn_agg *whole = new_agg(4), *part[3], *merged;
	struct pakn_error err;
	char *a, *b;
	size_t i, cut1 = 37, cut2 = 90;
	int k, ok = 1;

	add_lines(whole, (const char *const *)cases, n);
	for (k = 0; k < 3; k++)
		part[k] = new_agg(4);
	add_lines(part[0], (const char *const *)cases, cut1);
	add_lines(part[1], (const char *const *)cases + cut1, cut2 - cut1);
	add_lines(part[2], (const char *const *)cases + cut2, n - cut2);
	merged = new_agg(4);
	for (k = 2; k >= 0; k--) { /* any order */
		json_t *p = pakn_agg_to_partial(part[k]);
		char *s = json_dumps(p, JSON_COMPACT);
		json_t *back = json_loads(s, 0, NULL);

		if (pakn_agg_merge_partial(merged, back, &err) != 0)
			ok = 0;
		json_decref(back);
		json_decref(p);
		free(s);
	}
	CHECK(ok, "three partials merge");
	a = partial_of(whole);
	b = partial_of(merged);
	CHECK(strcmp(a, b) == 0,
	      "merged state equals the whole input's, byte for byte");
	free(a);
	free(b);
	{
		struct pakn_report *r1 = pakn_agg_report(whole, 0);
		struct pakn_report *r2 = pakn_agg_report(merged, 0);

		CHECK_INT(r1->overdue.count, r2->overdue.count,
		          "overdue count merges");
		CHECK_INT((long long)r2->overdue.ncases, 4, "top 4 kept");
		for (i = 0; i < r1->overdue.ncases; i++)
			CHECK_STR(r2->overdue.cases[i].id,
			          r1->overdue.cases[i].id,
			          "merged top-N list equals the global top N");
		for (i = 0; i + 1 < r1->overdue.ncases; i++)
			CHECK(r1->overdue.cases[i].days >
			              r1->overdue.cases[i + 1].days ||
			          (r1->overdue.cases[i].days ==
			               r1->overdue.cases[i + 1].days &&
			           strcmp(r1->overdue.cases[i].id,
			                  r1->overdue.cases[i + 1].id) < 0),
			      "overdue list: days down, then id up");
		CHECK_INT(r1->total.median, r2->total.median,
		          "median merges exactly");
		CHECK_INT(r1->total.p90, r2->total.p90, "p90 merges exactly");
		pakn_report_free(r1);
		pakn_report_free(r2);
	}
	/* A partial made for another period is refused. */
	{
		struct pakn_agg_config cfg;
		struct pakn_agg *other;
		json_t *p;

		pakn_agg_config_init(&cfg, day(2021, 10, 1), day(2021, 10, 31),
		                     day(2021, 11, 6), 1);
		cfg.top = 4;
		other = pakn_agg_new(&cfg);
		p = pakn_agg_to_partial(other);
		CHECK(pakn_agg_merge_partial(merged, p, &err) != 0,
		      "a partial of another month is refused");
		json_object_set_new(p, "version", json_integer(99));
		CHECK(pakn_agg_merge_partial(merged, p, &err) != 0 &&
		          strstr(err.text, "version") != NULL,
		      "an unknown version is refused, saying so");
		json_decref(p);
		pakn_agg_free(other);
	}
	/* Lists cannot grow back: a partial of top 4 into a report of 10. */
	{
		struct pakn_agg *big = new_agg(10);
		json_t *p = pakn_agg_to_partial(part[0]);

		CHECK(pakn_agg_merge_partial(big, p, &err) != 0,
		      "a partial with shorter lists than --top is refused");
		json_decref(p);
		pakn_agg_free(big);
	}
	for (k = 0; k < 3; k++)
		pakn_agg_free(part[k]);
	pakn_agg_free(whole);
	pakn_agg_free(merged);
	for (i = 0; i < n; i++)
		free(cases[i]);
	free(cases);
}

static void
test_names_and_split(void)
{
	static const char *const lines[] = {
	    ("{\"id\":\"1\",\"received_at\":\"2021-11-02T08:00:00+07:00\","
	     "\"agency\":\"so-x\",\"agency_name\":\"Sở X "
	     "(cũ)\",\"category\":\"Đất\"}"),
	    ("{\"id\":\"2\",\"received_at\":\"2021-11-03T08:00:00+07:00\","
	     "\"agency\":\"so-x\",\"agency_name\":\"Sở "
	     "X\",\"category\":\"Đất\"}"),
	    ("{\"id\":\"3\",\"received_at\":\"2021-11-04T08:00:00+07:00\","
	     "\"agency\":\"so-y\",\"category\":\"Nước\"}"),
	};
	struct pakn_agg_config cfg;
	struct pakn_agg *a;
	struct pakn_report *rep;
	struct pakn_error err;

	pakn_agg_config_init(&cfg, day(2021, 11, 1), day(2021, 11, 30),
	                     day(2021, 12, 6), 1);
	cfg.split = 1;
	cfg.split_dim = PAKN_DIM_AGENCY;
	cfg.nby = 1;
	CHECK(pakn_agg_by_parse("agency,category", &cfg.by[0], &err) == 0,
	      "agency,category parses");
	a = pakn_agg_new(&cfg);
	add_lines(a, lines, 3);
	CHECK_INT((long long)pakn_agg_nsplits(a), 2,
	          "two agencies, two split reports");
	rep = pakn_agg_report(a, 0);
	CHECK_INT((long long)rep->groups[0].nrows, 2,
	          "two agency-category pairs");
	CHECK_STR(rep->groups[0].rows[0].name[0], "Sở X",
	          "the least name is kept, whatever the order");
	CHECK_STR(rep->groups[0].rows[0].key[1], "Đất", "second key");
	pakn_report_free(rep);
	rep = pakn_agg_report(a, 2);
	CHECK_STR(rep->scope_key, "so-y", "split scopes in key order");
	CHECK_INT(rep->total.received, 1, "so-y received 1");
	pakn_report_free(rep);
	pakn_agg_free(a);
	CHECK(pakn_agg_by_parse("agency,agency", &cfg.by[0], &err) != 0,
	      "a dimension twice is refused");
	CHECK(pakn_agg_by_parse("agency,channel,kind", &cfg.by[0], &err) != 0,
	      "three dimensions are refused");
	CHECK(pakn_agg_by_parse("ward", &cfg.by[0], &err) != 0 &&
	          strstr(err.text, "ward") != NULL,
	      "an unknown dimension is refused, named");
}

/* ---- partials that would overflow (issue 9) ---------------------------- */

/* The partial of the derive fixture, as a new JSON object. */
static json_t *
derive_partial(void)
{
	struct pakn_agg *a = new_agg(4);
	json_t *p;

	add_lines(a, derive, sizeof derive / sizeof *derive);
	p = pakn_agg_to_partial(a);
	pakn_agg_free(a);
	return p;
}

/* Merges p into a k times; the first failure's status (err filled). */
static int
merge_times(struct pakn_agg *a, const json_t *p, int k, struct pakn_error *err)
{
	while (k-- > 0)
		if (pakn_agg_merge_partial(a, p, err) != 0)
			return -1;
	return 0;
}

static json_t *
at(json_t *o, const char *path)
{
	char key[32];
	const char *dot;

	while (o && *path) {
		dot = strchr(path, '.');
		snprintf(key, sizeof key, "%.*s",
		         (int)(dot ? dot - path : (long)strlen(path)), path);
		o = json_is_array(o) ? json_array_get(o, (size_t)atoi(key))
		                     : json_object_get(o, key);
		path = dot ? dot + 1 : "";
	}
	return o;
}

/* Whether merging the fixture's partial, with path's array item i set to
 * v, once into a new aggregate is refused with a message holding want. */
static int
refused_with(const char *path, size_t i, long long v, const char *want)
{
	json_t *p = derive_partial();
	struct pakn_agg *a = new_agg(4);
	struct pakn_error err;
	int rc;

	json_array_set_new(at(p, path), i, json_integer(v));
	rc = pakn_agg_merge_partial(a, p, &err);
	json_decref(p);
	pakn_agg_free(a);
	return rc != 0 && strstr(err.text, want) != NULL;
}

static void
test_partial_overflow(void)
{
	const long long half = 1LL << 47;
	json_t *p = derive_partial();
	struct pakn_agg *a;
	struct pakn_report *rep;
	struct pakn_error err;
	long long h[8];

	/* Counts near INT64_MAX: "received" wrapped to a negative before. */
	CHECK(refused_with("whole.cur.n", 0, LLONG_MAX - 1,
	                   "invalid partial: a count is too large"),
	      "a count near INT64_MAX is refused");
	json_array_set_new(at(p, "whole.cur.n"), 0, json_integer(half));
	a = new_agg(4);
	CHECK(merge_times(a, p, 2, &err) == 0, "2^47 twice merges");
	rep = pakn_agg_report(a, 0);
	CHECK_INT(rep->total.received, 1LL << 48, "to exactly 2^48, the most");
	pakn_report_free(rep);
	CHECK(merge_times(a, p, 1, &err) != 0 &&
	          strstr(err.text, "a count is too large") != NULL,
	      "a third time is refused, saying why");
	rep = pakn_agg_report(a, 0);
	CHECK_INT(rep->total.received, 1LL << 48,
	          "the refused cell left the count alone");
	pakn_report_free(rep);
	pakn_agg_free(a);
	json_decref(p);

	/* A histogram whose total would overflow. */
	p = derive_partial();
	json_object_set_new(at(p, "whole.cur"), "h",
	                    json_pack("[[i,I],[i,I]]", 0, (json_int_t)half, 9,
	                              (json_int_t)half));
	a = new_agg(4);
	CHECK(merge_times(a, p, 1, &err) == 0, "a histogram of 2^48 merges");
	rep = pakn_agg_report(a, 0);
	CHECK_INT(rep->total.median, 0, "its median: the lower half");
	CHECK_INT(rep->total.p90, 9, "its p90: the upper half");
	CHECK_INT(rep->total.answered_timed, 1LL << 48, "answers counted");
	pakn_report_free(rep);
	CHECK(merge_times(a, p, 1, &err) != 0 &&
	          strstr(err.text, "too large (histogram") != NULL,
	      "one more is refused: the histogram's total");
	pakn_agg_free(a);
	json_decref(p);

	/* Lists, trends and stats: signs and sizes. */
	p = derive_partial();
	json_object_set_new(at(p, "whole.overdue"), "count",
	                    json_integer(LLONG_MAX));
	a = new_agg(4);
	CHECK(merge_times(a, p, 1, &err) != 0 &&
	          strstr(err.text, "too large (list") != NULL,
	      "a list count near INT64_MAX is refused");
	json_object_set_new(at(p, "whole.overdue"), "count", json_integer(-1));
	CHECK(merge_times(a, p, 1, &err) != 0 &&
	          strstr(err.text, "malformed partial: list") != NULL,
	      "a negative list count is refused");
	pakn_agg_free(a);
	json_decref(p);
	CHECK(refused_with("whole.trend_received", 3, -2,
	                   "malformed partial: trend"),
	      "a negative trend bucket is refused");
	CHECK(refused_with("whole.trend_answered", 3, LLONG_MAX,
	                   "a count is too large (trend"),
	      "a trend bucket near INT64_MAX is refused");
	CHECK(refused_with("whole.overdue.cases.0", 6, LONG_MAX,
	                   "malformed partial: list case"),
	      "a list case's receipt day out of range is refused");
	CHECK(refused_with("whole.overdue.cases.0", 8, -5,
	                   "malformed partial: list case"),
	      "a negative count of days is refused");
	CHECK(refused_with("whole.groups.2.0.cur.n", 2, -1,
	                   "malformed partial: cell counts"),
	      "a negative group count is refused");
	p = derive_partial();
	json_object_set_new(at(p, "stats"), "read", json_integer(-3));
	a = new_agg(4);
	CHECK(merge_times(a, p, 1, &err) != 0 &&
	          strstr(err.text, "stats") != NULL,
	      "negative stats are refused");
	pakn_agg_free(a);
	json_decref(p);

	/* The percentile itself never overflows on a histogram handed in:
	 * the total saturates. */
	memset(h, 0, sizeof h);
	h[0] = LLONG_MAX / 2;
	h[5] = LLONG_MAX / 2 + 10;
	CHECK_INT(pakn_hist_percentile(h, 8, 50), 5,
	          "median of a histogram past INT64_MAX");
	CHECK_INT(pakn_hist_percentile(h, 8, 1), 0, "and its 1st percentile");
}

/* ---- many groups: the groups' map ---------------------------------- */

static void
test_many_groups(void)
{
	enum { NG = 1000 };
	struct pakn_agg_config cfg;
	struct pakn_agg *a, *back;
	struct pakn_report *rep;
	struct pakn_error err;
	char line[256], *s1, *s2;
	const char *lp = line;
	json_t *p;
	int i, ok = 1;

	pakn_agg_config_init(&cfg, day(2021, 11, 1), day(2021, 11, 30),
	                     day(2021, 12, 6), 1);
	cfg.split = 1;
	cfg.split_dim = PAKN_DIM_AGENCY;
	cfg.nby = 2;
	pakn_agg_by_parse("agency", &cfg.by[0], &err);
	pakn_agg_by_parse("agency,channel", &cfg.by[1], &err);
	a = pakn_agg_new(&cfg);
	/* Agencies created in reverse key order, agency i with i % 3 + 1
	 * cases; then ("", "x") and ("x", "") apart in the pairs. */
	for (i = NG - 1; i >= 0; i--) {
		int k;

		for (k = 0; k <= i % 3; k++) {
			snprintf(line, sizeof line,
			         "{\"id\":\"%d-%d\",\"received_at\":\"2021-11-"
			         "%02dT08:00:00+07:00\",\"agency\":\"ag%04d\","
			         "\"channel\":\"c%d\"}",
			         i, k, 1 + i % 28, i, k);
			add_lines(a, &lp, 1);
		}
	}
	snprintf(line, sizeof line,
	         "{\"id\":\"e1\",\"received_at\":\"2021-11-02T08:00:00+07:"
	         "00\",\"agency\":\"\",\"channel\":\"x\"}");
	add_lines(a, &lp, 1);
	snprintf(line, sizeof line,
	         "{\"id\":\"e2\",\"received_at\":\"2021-11-02T08:00:00+07:"
	         "00\",\"agency\":\"x\",\"channel\":\"\"}");
	add_lines(a, &lp, 1);
	CHECK_INT((long long)pakn_agg_nsplits(a), NG + 2,
	          "a split scope per agency, \"\" and \"x\" included");
	rep = pakn_agg_report(a, 0);
	CHECK_INT((long long)rep->groups[0].nrows, NG + 2, "a row per agency");
	for (i = 0; i < (int)rep->groups[0].nrows; i++) {
		const struct pakn_report_row *r = &rep->groups[0].rows[i];
		int n = r->key[0][0] == 'a' ? atoi(r->key[0] + 2) : 0;

		if (r->key[0][0] == 'a' && r->cur.received != n % 3 + 1)
			ok = 0;
	}
	CHECK(ok, "each agency's own count");
	CHECK_STR(rep->groups[0].rows[0].key[0], "ag0002",
	          "most cases first, then key order");
	{
		const struct pakn_report_group *g = &rep->groups[1];
		int seen = 0;

		for (i = 0; i < (int)g->nrows; i++) {
			if (strcmp(g->rows[i].key[0], "") == 0)
				seen += strcmp(g->rows[i].key[1], "x") == 0;
			if (strcmp(g->rows[i].key[0], "x") == 0)
				seen +=
				    2 * (strcmp(g->rows[i].key[1], "") == 0);
		}
		CHECK_INT(seen, 3,
		          "(\"\", \"x\") and (\"x\", \"\") are two pairs");
	}
	pakn_report_free(rep);
	rep = pakn_agg_report(a, 1);
	CHECK_STR(rep->scope_key, "", "split scopes in key order: \"\" first");
	pakn_report_free(rep);
	rep = pakn_agg_report(a, 2);
	CHECK_STR(rep->scope_key, "ag0000", "then ag0000");
	CHECK_INT(rep->total.received, 1, "ag0000 received 1");
	pakn_report_free(rep);
	rep = pakn_agg_report(a, NG + 2);
	CHECK_STR(rep->scope_key, "x", "x last");
	pakn_report_free(rep);
	/* The state through a partial and back, byte for byte. */
	p = pakn_agg_to_partial(a);
	back = pakn_agg_new(&cfg);
	CHECK(pakn_agg_merge_partial(back, p, &err) == 0,
	      "a thousand groups merge");
	json_decref(p);
	s1 = partial_of(a);
	s2 = partial_of(back);
	CHECK(strcmp(s1, s2) == 0, "and give the same partial back");
	free(s1);
	free(s2);
	pakn_agg_free(back);
	pakn_agg_free(a);
}

/* A published_at, or an id the hook knows, makes a case published. */
static int
pub_hook(void *arg, const char *id, size_t n)
{
	(void)arg;
	return n == 3 && memcmp(id, "P02", 3) == 0;
}

static void
test_published(void)
{
	static const char *const lines[] = {
	    "{\"id\":\"P01\",\"received_at\":\"2021-11-02T08:00:00+07:00\","
	    "\"agency\":\"a\",\"published_at\":\"2021-11-20\"}",
	    "{\"id\":\"P02\",\"received_at\":\"2021-11-03T08:00:00+07:00\","
	    "\"agency\":\"b\"}",
	    "{\"id\":\"P03\",\"received_at\":\"2021-11-04T08:00:00+07:00\","
	    "\"agency\":\"b\",\"published_at\":\"\"}",
	};
	struct pakn_agg *a = new_agg(5);
	struct pakn_report *rep;

	CHECK_INT(add_lines(a, lines, 3), 3, "published: three counted");
	rep = pakn_agg_report(a, 0);
	CHECK_INT(rep->total.published, 1, "published_at alone: one");
	CHECK(rep->has_published, "a published_at makes the figure known");
	pakn_report_free(rep);
	pakn_agg_free(a);

	a = new_agg(5);
	pakn_agg_set_published(a, pub_hook, NULL);
	add_lines(a, lines, 3);
	rep = pakn_agg_report(a, 0);
	CHECK_INT(rep->total.published, 2, "published_at or the hook's id");
	pakn_report_free(rep);
	pakn_agg_free(a);

	a = new_agg(5);
	pakn_agg_set_published(a, pub_hook, NULL);
	add_lines(a, lines + 2, 1);
	rep = pakn_agg_report(a, 0);
	CHECK_INT(rep->total.published, 0, "an empty published_at: none");
	CHECK(rep->has_published, "--published makes the figure known, 0");
	pakn_report_free(rep);
	pakn_agg_free(a);

	a = new_agg(5);
	add_lines(a, lines + 1, 2);
	rep = pakn_agg_report(a, 0);
	CHECK(!rep->has_published, "no publication data: unknown");
	pakn_report_free(rep);
	pakn_agg_free(a);
}

/* SIPAS: satisfied among the rated; the unrated never count satisfied. */
static void
test_rated(void)
{
	static const char *const lines[] = {
	    "{\"id\":\"S1\",\"received_at\":\"2021-11-02T08:00:00+07:00\","
	    "\"satisfaction\":\"satisfied\"}",
	    "{\"id\":\"S2\",\"received_at\":\"2021-11-03T08:00:00+07:00\","
	    "\"satisfaction\":\"unsatisfied\"}",
	    "{\"id\":\"S3\",\"received_at\":\"2021-11-04T08:00:00+07:00\"}",
	    "{\"id\":\"S4\",\"received_at\":\"2021-11-05T08:00:00+07:00\","
	    "\"satisfaction\":\"\"}",
	};
	struct pakn_agg *a = new_agg(5);
	struct pakn_report *rep;

	add_lines(a, lines, 4);
	rep = pakn_agg_report(a, 0);
	CHECK_INT(rep->total.rated, 2, "rated: satisfied and unsatisfied");
	CHECK_INT(rep->total.unrated, 2, "not rated: none and empty");
	CHECK_INT(rep->total.sat_rate, 5000, "satisfied / rated, not / all");
	pakn_report_free(rep);
	pakn_agg_free(a);
}

/* Directives: the report-back due 10 working days after receipt (no
 * rules file), judged at the period's as-of (6/12/2021). */
static void
test_report_back(void)
{
	static const char *const lines[] = {
	    /* received Tue 2/11: due Tue 16/11 */
	    "{\"id\":\"R1\",\"received_at\":\"2021-11-02T08:00:00+07:00\","
	    "\"kind\":\"directive\",\"reported_back_at\":\"2021-11-16\"}",
	    "{\"id\":\"R2\",\"received_at\":\"2021-11-02T08:00:00+07:00\","
	    "\"kind\":\"directive\",\"reported_back_at\":"
	    "\"2021-11-17T08:00:00+07:00\"}",
	    "{\"id\":\"R3\",\"received_at\":\"2021-11-02T08:00:00+07:00\","
	    "\"kind\":\"directive\"}",
	    /* received Tue 30/11: due 14/12, after the as-of */
	    "{\"id\":\"R4\",\"received_at\":\"2021-11-30T08:00:00+07:00\","
	    "\"kind\":\"directive\"}",
	    /* reported after the as-of: not yet known then */
	    "{\"id\":\"R5\",\"received_at\":\"2021-11-30T08:00:00+07:00\","
	    "\"kind\":\"directive\",\"reported_back_at\":\"2021-12-10\"}",
	    "{\"id\":\"R6\",\"received_at\":\"2021-11-02T08:00:00+07:00\","
	    "\"kind\":\"feedback\",\"reported_back_at\":\"2021-11-03\"}",
	};
	struct pakn_agg *a = new_agg(5);
	struct pakn_report *rep;

	CHECK_INT(add_lines(a, lines, 6), 6, "report-back: all counted");
	rep = pakn_agg_report(a, 0);
	CHECK_INT(rep->total.rb_on_time, 1, "reported on the due day");
	CHECK_INT(rep->total.rb_late, 1, "reported the day after");
	CHECK_INT(rep->total.rb_overdue, 1, "not reported, past due");
	CHECK_INT(rep->total.rb_awaiting, 2,
	          "within the deadline, or reported after the as-of");
	pakn_report_free(rep);
	pakn_agg_free(a);
}

int
main(void)
{
	test_percentiles();
	test_working_days();
	test_config();
	test_derive();
	test_merge();
	test_names_and_split();
	test_partial_overflow();
	test_many_groups();
	test_published();
	test_rated();
	test_report_back();
	return unit_done();
}
