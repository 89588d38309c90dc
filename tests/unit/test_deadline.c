/*
 * test_deadline.c: unit tests of the single deadline judge
 * (lib/deadline.c): --as-of parsing, reading a record's receipt, due
 * date, answer and status, the five states and answered_undated at
 * several as-of moments, policies (defaults by kind, --amount), the
 * source's due date kept or recomputed, extensions and pauses, the
 * report's trust in pakn-deadline's due_at, and the errors that reject a
 * record.  Also the shared RFC 3339 reader (pakn_moment_parse), the
 * calendar writers (lib/calwrite.c) and the input loop (lib/loop.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar.h"
#include "calwrite.h"
#include "deadline.h"
#include "loop.h"
#include "record.h"
#include "rules.h"
#include "when.h"

#include "unit.h"

static struct pakn_calendar cal;

static long
day(int y, int m, int d)
{
	return pakn_days_from_civil(y, m, d);
}

static struct pakn_asof
asof_of(const char *s)
{
	struct pakn_asof a;
	struct pakn_error err;

	if (pakn_asof_parse(&a, s, &err) != 0) {
		fprintf(stderr, "bad as-of in test: %s\n", s);
		exit(2);
	}
	return a;
}

/* Judges one JSON line at an as-of; returns the state's name (or the
 * error text, prefixed "error: "), *days filled. */
static const char *
judge_line(struct pakn_judge *j, const char *line, const char *asof, long *days,
           struct pakn_dates *out)
{
	static char buf[256];
	struct pakn_record r;
	struct pakn_dates d;
	struct pakn_asof a = asof_of(asof);
	const char *res;

	pakn_record_init(&r);
	if (pakn_record_scan(&r, line, strlen(line), NULL) != 0) {
		pakn_record_release(&r);
		return "error: bad JSON";
	}
	if (pakn_judge_read(j, &r, &a, &d) != 0) {
		snprintf(buf, sizeof buf, "error: %s", j->err.data);
		res = buf;
	} else {
		res = pakn_state_name(pakn_judge_state(j, &d, &a, days));
	}
	if (out)
		*out = d;
	pakn_record_release(&r);
	return res;
}

static void
test_asof(void)
{
	struct pakn_asof a;
	struct pakn_error err;

	CHECK_INT(pakn_asof_parse(&a, "2025-09-10", &err), 0, "ISO date");
	CHECK_INT(a.day, day(2025, 9, 10), "its day");
	CHECK_INT(a.has_time, 0, "no time");
	CHECK_INT(a.at, pakn_vn_day_end(a.day), "the end of that day");
	CHECK_INT(pakn_asof_parse(&a, "10/09/2025", &err), 0,
	          "dd/mm/yyyy as the report prints it");
	CHECK_INT(a.day, day(2025, 9, 10), "the same day");
	CHECK_INT(pakn_asof_parse(&a, "2025-09-10T08:30", &err), 0, "a moment");
	CHECK_INT(a.has_time, 1, "with its time");
	CHECK_INT(a.at, (long long)day(2025, 9, 10) * 86400 + 5400,
	          "08:30+07:00 is 01:30Z");
	CHECK(pakn_asof_parse(&a, "45000", &err) != 0,
	      "a bare number (an Excel serial) is refused");
	CHECK(strstr(err.text, "--as-of '45000'") != NULL,
	      "the message names the value");
	CHECK(pakn_asof_parse(&a, "31/02/2025", &err) != 0, "no 31 February");
	CHECK(pakn_asof_parse(&a, "", &err) != 0, "empty");
}

static void
test_moment(void)
{
	struct pakn_daycache dc;
	long long at, at2;
	int date_only;
	struct pakn_error err;
	const char *s = "2021-08-03T09:15:00+07:00";

	memset(&dc, 0, sizeof dc);
	CHECK_INT(pakn_moment_parse(&dc, s, strlen(s), &at, &date_only, &err),
	          0, "RFC 3339, the fast path");
	CHECK_INT(date_only, 0, "with a time");
	CHECK_INT(at,
	          (long long)day(2021, 8, 3) * 86400 + 9 * 3600 + 900 - 25200,
	          "its moment");
	CHECK_INT(pakn_moment_parse(&dc, s, strlen(s), &at2, &date_only, &err),
	          0, "again, from the cache");
	CHECK_INT(at2, at, "the same moment");
	s = "2021-08-03T02:15:00Z";
	CHECK_INT(pakn_moment_parse(&dc, s, strlen(s), &at2, &date_only, &err),
	          0, "Z (slow path)");
	CHECK_INT(at2, at, "the same moment in UTC");
	s = "2021-08-03T04:15:00+02:00";
	CHECK_INT(pakn_moment_parse(NULL, s, strlen(s), &at2, &date_only, &err),
	          0, "another offset, no cache");
	CHECK_INT(at2, at, "the same moment at +02:00");
	s = "03/08/2021";
	CHECK_INT(pakn_moment_parse(&dc, s, strlen(s), &at2, &date_only, &err),
	          0, "a date alone");
	CHECK_INT(date_only, 1, "date_only");
	CHECK_INT(pakn_vn_day(at2), day(2021, 8, 3), "its day in Vietnam");
	s = "2021-02-30T09:15:00+07:00";
	CHECK(pakn_moment_parse(&dc, s, strlen(s), &at2, &date_only, &err) != 0,
	      "30 February is refused by both paths");
	CHECK(strstr(err.text, "cannot read date") != NULL,
	      "with pakn_time_parse's message");
}

/* Mon 26/4/2024 is before the 30/4-1/5 holiday (DOMAIN.md §1 example). */
#define R26 "\"received_at\":\"2024-04-26T09:00:00+07:00\""

static void
test_states(void)
{
	struct pakn_judge j;
	long days;

	pakn_judge_init(&j, &cal, NULL, NULL, 5, PAKN_UNIT_WORKING_DAYS);
	/* 26/4/2024 + 5 working days = 7/5/2024 (Tue): 29/4, 30/4 and 1/5 are
	 * off, Saturday 4/5 is worked. */
	CHECK_STR(judge_line(&j, "{" R26 "}", "2024-05-06", &days, NULL),
	          "due_soon", "one day left: due_soon (warn 1)");
	CHECK_INT(days, 1, "remaining 1");
	CHECK_STR(judge_line(&j, "{" R26 "}", "2024-05-02", &days, NULL),
	          "open", "earlier: open");
	CHECK_INT(days, 4, "3, 4 (a Saturday worked), 6, 7 May remain");
	CHECK_STR(judge_line(&j, "{" R26 "}", "2024-05-07", &days, NULL),
	          "due_soon", "on the due day: not overdue");
	CHECK_INT(days, 0, "remaining 0");
	CHECK_STR(judge_line(&j, "{" R26 "}", "2024-05-08", &days, NULL),
	          "overdue", "the day after: overdue");
	CHECK_INT(days, 1, "by 1 working day");
	CHECK_STR(
	    judge_line(&j, "{" R26 "}", "2024-05-07T23:59:59", &days, NULL),
	    "due_soon", "a moment: at the due moment, not yet");
	CHECK_STR(judge_line(&j,
	                     "{" R26
	                     ",\"answered_at\":\"2024-05-07T17:00:00+07:"
	                     "00\"}",
	                     "2024-05-20", &days, NULL),
	          "answered_on_time", "answered on the due day");
	CHECK_STR(judge_line(&j,
	                     "{" R26
	                     ",\"answered_at\":\"2024-05-09T10:00:00+07:"
	                     "00\"}",
	                     "2024-05-20", &days, NULL),
	          "answered_late", "answered two days after");
	CHECK_INT(days, 2, "late by 2 working days");
	/* An answer after the as-of is not yet an answer. */
	CHECK_STR(judge_line(&j,
	                     "{" R26
	                     ",\"answered_at\":\"2024-05-09T10:00:00+07:"
	                     "00\"}",
	                     "2024-05-08", &days, NULL),
	          "overdue", "as of the day before the answer: overdue");
	CHECK_STR(judge_line(&j,
	                     "{" R26
	                     ",\"answered_at\":\"2024-05-06T10:00:00+07:"
	                     "00\"}",
	                     "2024-05-06T09:00", &days, NULL),
	          "due_soon", "as of an hour before the answer: open");
	CHECK_STR(judge_line(&j, "{" R26 ",\"answered_at\":\"2024-05-06\"}",
	                     "2024-05-06T09:00", &days, NULL),
	          "answered_on_time",
	          "a date-alone answer counts from its day's start");
	/* Status alone. */
	CHECK_STR(judge_line(&j, "{" R26 ",\"status\":\"answered\"}",
	                     "2024-05-20", &days, NULL),
	          "answered_undated", "status answered, no date");
	CHECK_STR(judge_line(&j, "{" R26 ",\"status\":\"closed\"}",
	                     "2024-05-20", &days, NULL),
	          "answered_undated", "status closed, no date");
	CHECK_STR(judge_line(&j,
	                     "{" R26 ",\"status\":\"closed\",\"closed_at\":"
	                     "\"2024-05-10\"}",
	                     "2024-05-20", &days, NULL),
	          "answered_late", "closed_at stands for the answer");
	CHECK_STR(judge_line(&j, "{" R26 ",\"status\":\"processing\"}",
	                     "2024-05-20", &days, NULL),
	          "overdue", "processing: not answered");
	/* A deadline_state from another run is not read. */
	CHECK_STR(
	    judge_line(&j, "{" R26 ",\"deadline_state\":\"answered_on_time\"}",
	               "2024-05-20", &days, NULL),
	    "overdue", "an earlier deadline_state is ignored");
	pakn_judge_release(&j);
}

static void
test_policies(void)
{
	struct pakn_judge j;
	struct pakn_dates d;
	long days;

	pakn_judge_init(&j, &cal, NULL, NULL, 0, PAKN_UNIT_WORKING_DAYS);
	judge_line(&j, "{" R26 "}", "2024-05-06", &days, &d);
	CHECK_STR(d.pol->sla,
	          "{\"policy\":\"default\",\"amount\":10,\"unit\":\"working_"
	          "days\"}",
	          "the default: 10 working days");
	judge_line(&j, "{" R26 ",\"kind\":\"complaint\"}", "2024-05-06", &days,
	           &d);
	CHECK_STR(d.pol->sla,
	          "{\"policy\":\"default-complaint\",\"amount\":30,\"unit\":"
	          "\"days\"}",
	          "a complaint: 30 days");
	CHECK_INT(d.due.day, day(2024, 5, 27),
	          "26/4 + 30 days = 26/5 (Sun) -> 27/5");
	judge_line(&j, "{" R26 ",\"kind\":\"denunciation\"}", "2024-05-06",
	           &days, &d);
	CHECK_STR(d.pol->sla,
	          "{\"policy\":\"default-denunciation\",\"amount\":30,\"unit\":"
	          "\"days\"}",
	          "a denunciation: 30 days");
	/* The source's due date is kept, unless recompute. */
	judge_line(&j, "{" R26 ",\"due_at\":\"2024-05-03\"}", "2024-05-06",
	           &days, &d);
	CHECK(d.pol == NULL, "the source's due date: no policy");
	CHECK_INT(d.due.day, day(2024, 5, 3), "kept");
	CHECK_INT(d.due.at, pakn_vn_day_end(day(2024, 5, 3)),
	          "a date alone: due at its end");
	j.recompute = 1;
	judge_line(&j, "{" R26 ",\"due_at\":\"2024-05-03\"}", "2024-05-06",
	           &days, &d);
	CHECK(d.pol != NULL, "recompute: the policy");
	CHECK_INT(j.differ, 1, "and counted as differing");
	j.recompute = 0;
	/* Extensions and pauses. */
	judge_line(&j,
	           "{" R26 ",\"due_at\":\"2024-05-03\",\"extensions\":[{"
	           "\"until\":\"2024-05-10\"},{\"until\":\"2024-05-15\"}]}",
	           "2024-05-06", &days, &d);
	CHECK_INT(d.due.day, day(2024, 5, 15), "the last extension decides");
	CHECK_INT((long long)d.nextensions, 2, "two extensions");
	CHECK_INT(d.base_at, pakn_vn_day_end(day(2024, 5, 3)),
	          "the base due date kept apart");
	judge_line(&j,
	           "{" R26 ",\"due_at\":\"2024-05-03\",\"pauses\":[{\"from\":"
	           "\"2024-05-02\",\"to\":\"2024-05-03\"}]}",
	           "2024-05-06", &days, &d);
	CHECK_INT(d.due.day, day(2024, 5, 6),
	          "a 2-day pause: 3/5 -> 4/5 (worked) -> 6/5");
	/* The report's mode: pakn-deadline's due_at is final. */
	j.mode = PAKN_DUE_TRUST_FINAL;
	judge_line(&j,
	           "{" R26 ",\"due_at\":\"2024-05-07T23:59:59+07:00\",\"sla\":{"
	           "\"policy\":\"option\",\"amount\":5,\"unit\":\"working_"
	           "days\"},\"extensions\":[{\"until\":\"2024-06-01\"}]}",
	           "2024-05-06", &days, &d);
	CHECK_INT(d.trusted, 1, "with sla, due_at is taken as final");
	CHECK_INT(d.due.day, day(2024, 5, 7), "extensions not applied twice");
	j.mode = PAKN_DUE_COMPUTE;
	judge_line(&j,
	           "{" R26 ",\"due_at\":\"2024-05-07T23:59:59+07:00\",\"sla\":{"
	           "\"policy\":\"option\",\"amount\":5,\"unit\":\"working_"
	           "days\"}}",
	           "2024-05-06", &days, &d);
	CHECK(d.pol != NULL && d.due.day == day(2024, 5, 14),
	      "pakn-deadline computes its own due date again (10 wd: 14/5)");
	pakn_judge_release(&j);
}

static void
test_errors(void)
{
	struct pakn_judge j;
	long days;

	pakn_judge_init(&j, &cal, NULL, NULL, 0, PAKN_UNIT_WORKING_DAYS);
	CHECK_STR(judge_line(&j, "{\"id\":\"x\"}", "2024-05-06", &days, NULL),
	          "error: no receipt date (received_at)", "no receipt date");
	CHECK_STR(
	    judge_line(&j, "{\"received_at\":5}", "2024-05-06", &days, NULL),
	    "error: received_at: expected a date (a string)", "not a string");
	CHECK(strncmp(judge_line(&j, "{" R26 ",\"due_at\":\"soon\"}",
	                         "2024-05-06", &days, NULL),
	              "error: due_at: cannot read date", 31) == 0,
	      "an unreadable due date");
	CHECK_STR(judge_line(&j, "{" R26 ",\"pauses\":{}}", "2024-05-06", &days,
	                     NULL),
	          "error: pauses: expected a list", "pauses not a list");
	CHECK_STR(judge_line(&j,
	                     "{" R26 ",\"pauses\":[{\"to\":\"2024-05-01\"}]}",
	                     "2024-05-06", &days, NULL),
	          "error: pauses[0]: no 'from'", "a pause without from");
	CHECK_STR(judge_line(&j, "{" R26 ",\"extensions\":[{}]}", "2024-05-06",
	                     &days, NULL),
	          "error: extensions[0]: no 'until'",
	          "an extension without until");
	CHECK_STR(judge_line(&j,
	                     "{\"received_at\":\"2199-12-30T09:00:00+07:00\"}",
	                     "2024-05-06", &days, NULL),
	          "error: the deadline falls outside the calendar (1900-2199)",
	          "a deadline past 2199");
	pakn_judge_release(&j);
}

static void
test_calwrite(void)
{
	struct pakn_buf b = PAKN_BUF_INIT;

	pakn_ics_line(&b, "SUMMARY:", "a,b;c\\d\ne\r\nf\rEND:VEVENT");
	CHECK_STR(b.data, "SUMMARY:a\\,b\\;c\\\\d\\ne\\nf\\nEND:VEVENT\r\n",
	          "ICS escaping: LF, CRLF and a bare CR are each \\n");
	pakn_buf_reset(&b);
	pakn_ics_line(&b, "X:", "ăăăăăăăăăăăăăăăăăăăăăăăăăăăăăăăăăăăăăăăăăă");
	CHECK(strstr(b.data, "\r\n ") != NULL, "a long line is folded");
	CHECK(b.len == 2 + 84 + 3 + 2, "at 75 octets, never inside a letter");
	pakn_buf_reset(&b);
	pakn_calendar_write(&b, &cal, 2025, 0, day(2025, 1, 1));
	CHECK(strstr(b.data, "{\"date\":\"2025-09-01\",\"working\":false") !=
	          NULL,
	      "JSON lines: 1/9/2025 off");
	CHECK(strstr(b.data, "\"schedule\":\"official\"") != NULL,
	      "with the year's schedule");
	pakn_buf_reset(&b);
	pakn_calendar_write(&b, &cal, 2025, 1, day(2025, 1, 1));
	CHECK(strncmp(b.data, "BEGIN:VCALENDAR\r\n", 17) == 0, "ICS header");
	CHECK(strstr(b.data, "DTSTART;VALUE=DATE:20250901\r\n") != NULL,
	      "an all-day event on 1/9/2025");
	CHECK(strstr(b.data, "DTSTAMP:20250101T000000Z") != NULL, "stamped");
	CHECK(b.len > 17 &&
	          strcmp(b.data + b.len - 15, "END:VCALENDAR\r\n") == 0,
	      "ICS end");
	pakn_buf_release(&b);
}

struct seen {
	int n;
	long lines[8];
};

static void
count_record(void *arg, struct pakn_loop *L, long line, const char *text,
             size_t len)
{
	struct seen *s = arg;

	(void)text;
	(void)len;
	if (s->n < 8)
		s->lines[s->n] = line;
	s->n++;
	CHECK(pakn_record_find(&L->rec, "id") != NULL,
	      "the callback gets the scanned record");
}

static void
test_loop(void)
{
	char path[] = "/tmp/pakn-test-loop-XXXXXX";
	int fd = mkstemp(path);
	const char *text = "{\"id\":1}\n\n[1]\n{\"id\":2}\r\n{\"id\":\n";
	struct pakn_rejects rej;
	struct pakn_loop L;
	struct pakn_error err;
	struct seen s = {0, {0}};

	CHECK(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text),
	      "a file of lines");
	close(fd);
	pakn_rejects_open(&rej, NULL, &err);
	pakn_loop_init(&L, &rej, NULL);
	CHECK_INT(pakn_loop_file(&L, path, count_record, &s), 0, "read");
	CHECK_INT(s.n, 2, "two records");
	CHECK_INT(s.lines[0], 1, "the first at line 1");
	CHECK_INT(s.lines[1], 4, "the second at line 4 (blank line counted)");
	CHECK_INT((long long)L.read, 4, "four lines read (blank skipped)");
	CHECK_INT((long long)L.rejected, 2, "two rejected");
	CHECK_INT(pakn_loop_file(&L, "/nonexistent/x.jsonl", count_record, &s),
	          -1, "a file that cannot be opened");
	pakn_loop_release(&L);
	pakn_rejects_close(&rej, &err);
	unlink(path);
}

/* Coordination requests: each entry judged against its reply, the due
 * date from the default (5 working days), a rules policy, or the source;
 * one pakn-deadline computed (sla) computed again; and the errors. */
static const char *
coord_line(struct pakn_judge *j, const char *line, const char *asof, long *n)
{
	static char buf[512];
	struct pakn_record r;
	struct pakn_dates d;
	struct pakn_asof a = asof_of(asof);
	size_t k, len = 0;

	pakn_record_init(&r);
	buf[0] = '\0';
	if (pakn_record_scan(&r, line, strlen(line), NULL) != 0 ||
	    pakn_judge_begin(j, &r, &d) != 0) {
		pakn_record_release(&r);
		return "error: record";
	}
	*n = pakn_judge_coordination(j, &r, &d, &a);
	if (*n < 0)
		snprintf(buf, sizeof buf, "error: %s", j->err.data);
	for (k = 0; *n > 0 && k < (size_t)*n; k++) {
		static const char *const st[] = {"on_time", "late", "awaiting",
		                                 "overdue"};
		const struct pakn_coord *c = &j->coord[k];
		int y, m, dd;

		pakn_civil_from_days(c->due.day, &y, &m, &dd);
		len += (size_t)snprintf(
		    buf + len, sizeof buf - len, "%s%s %s %d-%02d-%02d %ld %s",
		    k ? "; " : "", c->agency, st[c->st], y, m, dd, c->days,
		    c->policy ? c->policy : "source");
	}
	pakn_record_release(&r);
	return buf;
}

static void
test_coordination(void)
{
	struct pakn_judge j;
	struct pakn_rules *rules;
	struct pakn_error err;
	char path[] = "/tmp/pakn-test-coord-XXXXXX";
	long n;
	int fd;
	FILE *f;

	pakn_judge_init(&j, &cal, NULL, NULL, 0, PAKN_UNIT_WORKING_DAYS);
	/* received Mon 2025-08-04: due 5 working days later, Mon 08-11 */
	CHECK_STR(
	    coord_line(&j,
	               "{\"received_at\":\"2025-08-04T09:00:00+07:00\","
	               "\"coordination\":[{\"agency\":\"a\"},"
	               "{\"agency\":\"b\",\"replied_at\":\"2025-08-08\"},"
	               "{\"agency\":\"c\",\"replied_at\":\"2025-08-13T10:00\"},"
	               "{\"agency\":\"d\",\"requested_at\":\"2025-08-11\"}]}",
	               "2025-08-14", &n),
	    "a overdue 2025-08-11 3 default; b on_time 2025-08-11 0 default; "
	    "c late 2025-08-11 2 default; d awaiting 2025-08-18 0 default",
	    "four entries: overdue, on time, late, awaiting");
	CHECK_INT(n, 4, "four entries");
	CHECK_STR(
	    coord_line(&j,
	               "{\"received_at\":\"2025-08-04\",\"coordination\":"
	               "[{\"agency\":\"b\",\"replied_at\":\"2025-08-20\"}]}",
	               "2025-08-08", &n),
	    "b awaiting 2025-08-11 0 default",
	    "a reply after the as-of is not known yet");
	CHECK_STR(coord_line(&j,
	                     "{\"received_at\":\"2025-08-04\",\"coordination\":"
	                     "[{\"agency\":\"a\",\"due_at\":\"2025-08-06\"},"
	                     "{\"agency\":\"b\",\"due_at\":\"2025-08-06\","
	                     "\"sla\":{}}]}",
	                     "2025-08-07", &n),
	          "a overdue 2025-08-06 1 source; b awaiting 2025-08-11 0 "
	          "default",
	          "the source's due_at kept; one with sla computed again");
	CHECK_STR(coord_line(&j, "{\"received_at\":\"2025-08-04\"}",
	                     "2025-08-07", &n),
	          "", "no list");
	CHECK_INT(n, 0, "no entry");
	coord_line(&j, "{\"received_at\":\"2025-08-04\",\"coordination\":[]}",
	           "2025-08-07", &n);
	CHECK_INT(n, 0, "an empty list");
	CHECK_STR(coord_line(&j,
	                     "{\"received_at\":\"2025-08-04\","
	                     "\"coordination\":\"a\"}",
	                     "2025-08-07", &n),
	          "error: coordination: expected a list of {agency, "
	          "requested_at, due_at, replied_at}",
	          "not a list");
	CHECK_STR(coord_line(&j,
	                     "{\"received_at\":\"2025-08-04\","
	                     "\"coordination\":[{\"agency_name\":\"A\"}]}",
	                     "2025-08-07", &n),
	          "error: coordination[0]: no agency (the agency asked)",
	          "no agency");
	CHECK(strstr(coord_line(&j,
	                        "{\"received_at\":\"2025-08-04\","
	                        "\"coordination\":[{\"agency\":\"a\","
	                        "\"replied_at\":\"hôm qua\"}]}",
	                        "2025-08-07", &n),
	             "error: coordination[0].replied_at: ") != NULL,
	      "an unreadable reply date, named");
	CHECK_STR(coord_line(&j,
	                     "{\"received_at\":\"2025-08-04\","
	                     "\"coordination\":[1]}",
	                     "2025-08-07", &n),
	          "error: coordination[0]: expected an object {agency, "
	          "requested_at, due_at, replied_at}",
	          "not an object");
	pakn_judge_release(&j);

	fd = mkstemp(path);
	f = fdopen(fd, "w");
	fputs("version: 1\nagencies: {a: {name: A}}\ndefault: a\n"
	      "coordination:\n"
	      "  - {name: urgent, when: {kind: complaint}, amount: 2, unit: "
	      "working_days}\n",
	      f);
	fclose(f);
	rules = pakn_rules_load(path, &err);
	CHECK(rules != NULL, "the rules load");
	pakn_judge_init(&j, &cal, NULL, rules, 0, PAKN_UNIT_WORKING_DAYS);
	CHECK_STR(
	    coord_line(&j,
	               "{\"received_at\":\"2025-08-04\",\"kind\":"
	               "\"complaint\",\"coordination\":[{\"agency\":\"b\"}]}",
	               "2025-08-07", &n),
	    "b overdue 2025-08-06 1 urgent", "a rules policy holds");
	CHECK_STR(
	    coord_line(&j,
	               "{\"received_at\":\"2025-08-04\",\"kind\":"
	               "\"question\",\"coordination\":[{\"agency\":\"b\"}]}",
	               "2025-08-07", &n),
	    "b awaiting 2025-08-11 0 default", "none holds: the default");
	pakn_judge_release(&j);
	pakn_rules_free(rules);
	unlink(path);
}

/* The `sla` value written, and read back as pakn-deadline's own. */
static void
test_sla_value(void)
{
	static char pol_sla[] =
	    "{\"policy\":\"x\",\"amount\":8,\"unit\":\"working_hours\"}";
	struct pakn_dpolicy pol = {NULL, 8, PAKN_UNIT_WORKING_HOURS, pol_sla,
	                           sizeof pol_sla - 1};
	struct pakn_buf b = PAKN_BUF_INIT;
	struct pakn_dates d;
	const char *s;
	size_t n;
	char got[256];

	memset(&d, 0, sizeof d);
	d.pol = &pol;
	d.due.at = d.base_at = 1627956900LL;
	d.due.unit = PAKN_UNIT_WORKING_HOURS;
	pakn_dates_sla(&d, &b, &s, &n);
	CHECK(s == pol.sla && n == pol.slalen,
	      "a policy's date unmoved: the policy's object itself");
	d.npauses = 2;
	d.paused = 90;
	d.due.at += 5400;
	pakn_dates_sla(&d, &b, &s, &n);
	snprintf(got, sizeof got, "%.*s", (int)n, s);
	CHECK_STR(got,
	          "{\"policy\":\"x\",\"amount\":8,\"unit\":\"working_hours\","
	          "\"base_due_at\":\"2021-08-03T09:15:00+07:00\","
	          "\"paused\":1.50,\"paused_unit\":\"working_hours\"}",
	          "paused 90 minutes: 1.50 working hours, the date before");
	d.pol = NULL;
	d.npauses = 0;
	d.extended = 1;
	d.nextensions = 2;
	d.due.unit = PAKN_UNIT_DAYS;
	pakn_dates_sla(&d, &b, &s, &n);
	snprintf(got, sizeof got, "%.*s", (int)n, s);
	CHECK_STR(got,
	          "{\"policy\":\"source\",\"base_due_at\":"
	          "\"2021-08-03T09:15:00+07:00\",\"extensions\":2}",
	          "the source's date, extended twice");
	pakn_buf_release(&b);
}

int
main(void)
{
	pakn_calendar_init(&cal);
	test_asof();
	test_moment();
	test_states();
	test_policies();
	test_errors();
	test_coordination();
	test_calwrite();
	test_loop();
	test_sla_value();
	pakn_calendar_release(&cal);
	return unit_done();
}
