/*
 * test_coord.c: unit tests of lib/coord.c: the coordination list
 * pakn-route writes (a request per cc agency, asked at the receipt or at
 * the routing moment; entries kept, names resolved to ids, no agency
 * asked twice; a value that is not a list left alone) and the judged list
 * pakn-deadline writes (due_at and sla from a policy, state, overdue_days).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar.h"
#include "coord.h"
#include "deadline.h"
#include "match.h"
#include "record.h"
#include "rules.h"

#include "unit.h"

static struct pakn_rules *rules;
static struct pakn_buf out;

/* The list pakn-route writes for line with cc ids (NULL-terminated), or
 * "(unchanged)" / "(not a list)". */
static const char *
merge(const char *line, const char *const *cc)
{
	const struct pakn_agency *a[4];
	struct pakn_record r;
	struct pakn_case cs;
	size_t n = 0;
	int rc;

	for (; cc && *cc; cc++)
		a[n++] = pakn_rules_agency(rules, *cc, LONG_MIN);
	pakn_record_init(&r);
	pakn_case_init(&cs);
	pakn_record_scan(&r, line, strlen(line), NULL);
	pakn_case_load(&cs, &r);
	/* 2025-08-05T10:00:00+07:00 */
	rc = pakn_coord_merge(&r, rules, cs.received_day, a, n, 1754362800LL,
	                      &out);
	pakn_case_release(&cs);
	pakn_record_release(&r);
	return rc == 1 ? out.data : rc == 0 ? "(unchanged)" : "(not a list)";
}

static void
test_merge(void)
{
	static const char *const ca[] = {"ca", NULL};
	static const char *const two[] = {"ca", "xd", NULL};

	CHECK_STR(merge("{\"received_at\":\"2025-08-04T09:00:00+07:00\"}", ca),
	          "[{\"agency\":\"ca\",\"agency_name\":\"Công an tỉnh\","
	          "\"requested_at\":\"2025-08-04T09:00:00+07:00\"}]",
	          "a request per cc agency, asked at the receipt");
	CHECK_STR(merge("{\"id\":\"x\"}", ca),
	          "[{\"agency\":\"ca\",\"agency_name\":\"Công an tỉnh\","
	          "\"requested_at\":\"2025-08-05T10:00:00+07:00\"}]",
	          "no receipt: asked at the routing moment");
	CHECK_STR(
	    merge("{\"received_at\":\"2025-08-04\",\"coordination\":"
	          "[{\"agency\":\"Công an tỉnh\",\"replied_at\":"
	          "\"2025-08-06\"}]}",
	          two),
	    "[{\"agency\":\"ca\",\"replied_at\":\"2025-08-06\","
	    "\"agency_name\":\"Công an tỉnh\"},{\"agency\":\"xd\","
	    "\"agency_name\":\"Sở Xây dựng\",\"requested_at\":"
	    "\"2025-08-04\"}]",
	    "a name resolved to its id, not asked twice, the other added");
	CHECK_STR(merge("{\"received_at\":\"2025-08-04\",\"coordination\":"
	                "[{\"agency\":\"ca\"}]}",
	                ca),
	          "(unchanged)", "already asked: nothing to change");
	CHECK_STR(merge("{\"received_at\":\"2025-08-04\",\"coordination\":"
	                "[{\"agency\":\"Sở lạ\"}]}",
	                NULL),
	          "(unchanged)", "an unknown name is kept");
	CHECK_STR(merge("{\"received_at\":\"2025-08-04\"}", NULL),
	          "(unchanged)", "no cc, no list");
	CHECK_STR(merge("{\"received_at\":\"2025-08-04\",\"coordination\":"
	                "\"ca\"}",
	                ca),
	          "(not a list)", "not a list: left alone");
}

static void
test_write(void)
{
	struct pakn_calendar cal;
	struct pakn_judge j;
	struct pakn_record r;
	struct pakn_dates d;
	struct pakn_asof a;
	struct pakn_error err;
	const char *line =
	    "{\"received_at\":\"2025-08-04T09:00:00+07:00\",\"coordination\":"
	    "[{\"agency\":\"ca\",\"overdue_days\":9},{\"agency\":\"xd\","
	    "\"due_at\":\"2025-08-20\",\"replied_at\":\"2025-08-06\"}]}";
	long n;

	pakn_calendar_init(&cal);
	pakn_judge_init(&j, &cal, NULL, NULL, 0, PAKN_UNIT_WORKING_DAYS);
	pakn_record_init(&r);
	pakn_record_scan(&r, line, strlen(line), NULL);
	pakn_asof_parse(&a, "2025-08-14", &err);
	pakn_judge_begin(&j, &r, &d);
	n = pakn_judge_coordination(&j, &r, &d, &a);
	CHECK(n == 2, "two entries judged");
	pakn_coord_write(&j, n, &out);
	CHECK_STR(out.data,
	          "[{\"agency\":\"ca\",\"overdue_days\":3,\"due_at\":"
	          "\"2025-08-11T23:59:59+07:00\",\"sla\":{\"policy\":"
	          "\"default\",\"amount\":5,\"unit\":\"working_days\"},"
	          "\"state\":\"overdue\"},{\"agency\":\"xd\",\"due_at\":"
	          "\"2025-08-20\",\"replied_at\":\"2025-08-06\",\"state\":"
	          "\"on_time\"}]",
	          "due_at and sla from the default, state, overdue_days "
	          "replaced; the source's due_at kept");
	pakn_record_release(&r);
	pakn_judge_release(&j);
	pakn_calendar_release(&cal);
}

int
main(void)
{
	char path[] = "/tmp/pakn-test-coord-XXXXXX";
	struct pakn_error err;
	FILE *f = fdopen(mkstemp(path), "w");

	fputs("version: 1\nagencies:\n  ca: {name: Công an tỉnh}\n"
	      "  xd: {name: Sở Xây dựng, aliases: [SXD]}\ndefault: xd\n",
	      f);
	fclose(f);
	rules = pakn_rules_load(path, &err);
	unlink(path);
	if (rules == NULL) {
		fprintf(stderr, "rules: %s\n", err.text);
		return 2;
	}
	test_merge();
	test_write();
	pakn_rules_free(rules);
	pakn_buf_release(&out);
	return unit_done();
}
