/*
 * test_rules.c: loading and checking rules files (lib/rules.c, lint.c,
 * prefilter.c): errors with their positions, lint warnings (shadowed
 * rules, `not:` included; dead windows; unreachable categories), the
 * canonical text lint compares by, policies, and the literals the
 * prefilter takes from patterns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prefilter.h"
#include "rules.h"
#include "rules_int.h"
#include "unit.h"

static char dir[64];
static char path[128];

static const char *
write_rules(const char *text)
{
	FILE *f;

	snprintf(path, sizeof path, "%s/rules.yaml", dir);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return path;
}

/* Checks text; every message as "E|W LINE:COL: text\n". */
static const char *
check(const char *text, int *errors)
{
	static char buf[8192];
	struct pakn_msgs msgs = {NULL, 0};
	size_t i, n = 0;

	*errors = pakn_rules_check(write_rules(text), &msgs);
	buf[0] = '\0';
	for (i = 0; i < msgs.n; i++)
		n += (size_t)snprintf(
		    buf + n, sizeof buf - n, "%s %ld:%ld: %s\n",
		    msgs.v[i].error ? "E" : "W", msgs.v[i].line,
		    msgs.v[i].column, msgs.v[i].text);
	free(msgs.v);
	return buf;
}

#define HEAD                                                                   \
	"version: 1\n"                                                         \
	"agencies:\n"                                                          \
	"  a: {name: \"A\", level: province}\n"                                \
	"  b: {name: \"B\", level: district, valid_until: 2020-12-31}\n"       \
	"categories:\n"                                                        \
	"  c1: {label: \"One\"}\n"

static void
errors(void)
{
	struct pakn_error err;
	int ne;

	CHECK_STR(check(HEAD "rules:\n"
	                     "  - name: r1\n"
	                     "    when: {category: c9, channel: fax}\n"
	                     "    agency: zz\n"
	                     "default: a\n",
	                &ne),
	          "E 10:13: rule 'r1' names unknown agency 'zz'\n"
	          "E 9:22: unknown category 'c9'\n"
	          "E 9:35: channel: unknown value 'fax'\n",
	          "unknown references, each at its position");
	CHECK_INT(ne, 3, "three errors");
	check(HEAD "rules:\n  - {name: r, agency: a, when: {text: \"(x\"}}\n",
	      &ne);
	CHECK_INT(ne, 1, "a bad pattern");
	CHECK_STR(
	    check("version: 1\nagencies:\n  a: {name: A, level: county}\n",
	          &ne),
	    "E 3:16: agency 'a': level 'county' (expected province, district "
	    "or commune)\n",
	    "a bad level, once, at its key");
	CHECK_STR(check("version: 1\nagencies: {a: {name: A}\n", &ne),
	          "E 3:1: invalid YAML: did not find expected ',' or '}'\n",
	          "a syntax error at its position");
	CHECK_STR(check("- 1\n", &ne),
	          "E 1:1: a rules file is a mapping with version, agencies, "
	          "categories, rules, escalate, default, deadlines, "
	          "report_back, coordination\n",
	          "not a mapping");
	CHECK_STR(check("", &ne),
	          "E 1:1: a rules file is a mapping with version, agencies, "
	          "categories, rules, escalate, default, deadlines, "
	          "report_back, coordination\n",
	          "an empty file");
	CHECK(pakn_rules_load(write_rules("version: 2\nagencies: {}\n"),
	                      &err) == NULL,
	      "pakn_rules_load refuses errors");
	CHECK_STR(err.text,
	          "unsupported version '2' (this pakn reads version 1)",
	          "with the first error");
	CHECK_INT(err.line * 100 + err.column, 110, "at 1:10");
	CHECK(pakn_rules_load("/nonexistent/rules.yaml", &err) == NULL,
	      "a missing file");
	CHECK_STR(err.text, "cannot open rules file: No such file or directory",
	          "with the system's reason");
	CHECK_STR(
	    check("version: 1\nagencies:\n  a: &x {name: A}\n  b: *x\n", &ne),
	    "E 3:6: aliases are not allowed in a rules file\n",
	    "aliases are refused");
}

static void
lint(void)
{
	int ne;

	CHECK_STR(check(HEAD
	                "rules:\n"
	                "  - name: first\n" /* 8 */
	                "    when: {category: c1, not: {channel: hotline}}\n"
	                "    agency: a\n"
	                "  - name: again\n" /* 11 */
	                "    when: {not: {channel: hotline}, category: c1}\n"
	                "    agency: a\n"
	                "  - name: other\n" /* 14 */
	                "    when: {category: c1, not: {channel: email}}\n"
	                "    agency: a\n"
	                "default: a\n",
	                &ne),
	          "W 11:5: rule 'again' can never match: rule 'first' (line 8) "
	          "has the same or broader conditions and comes first\n",
	          "identical rules with not: the second never matches");
	CHECK_INT(ne, 0, "warnings are not errors");
	CHECK_STR(
	    check(HEAD "rules:\n"
	               "  - name: any1\n"
	               "    when: {any: [{channel: zalo}, {not: {kind: "
	               "question}}]}\n"
	               "    agency: a\n"
	               "  - name: any2\n"
	               "    when: {any: [{channel: zalo}, {not: {kind: "
	               "question}}], category: c1}\n"
	               "    agency: a\n"
	               "  - name: any3\n"
	               "    when: {any: [{not: {kind: question}}, "
	               "{channel: zalo}], category: c1}\n"
	               "    agency: b\n"
	               "default: a\n",
	          &ne),
	    "W 11:5: rule 'any2' can never match: rule 'any1' (line 8) has "
	    "the same or broader conditions and comes first\n"
	    "W 14:5: rule 'any3' can never match: rule 'any1' (line 8) has "
	    "the same or broader conditions and comes first\n",
	    "any compared by content, whatever the order of its branches");
	CHECK_STR(check(HEAD
	                "  c2: {label: Two}\n"
	                "rules:\n"
	                "  - name: pat1\n"
	                "    when: {text: \"xả thải\", fold: true, category: "
	                "c1}\n"
	                "    agency: a\n"
	                "  - name: pat2\n"
	                "    when: {text: \"xả thải\", category: c1}\n"
	                "    agency: a\n"
	                "  - name: dead\n"
	                "    when: {received_from: 2025-01-02, "
	                "received_until: 2025-01-01, category: c1}\n"
	                "    agency: a\n"
	                "default: a\n",
	                &ne),
	          "W 15:5: rule 'dead' can never match: its received_from is "
	          "after its received_until\n"
	          "W 7:3: category 'c2' is reached by no rule: its cases go to "
	          "the default agency\n",
	          "folding tells patterns apart; empty windows; unreached "
	          "categories");
	CHECK_STR(
	    check(HEAD "rules:\n"
	               "  - {name: p1, agency: a, when: {district: "
	               "\"Huyện Bình Xuyên\"}}\n"
	               "  - {name: p2, agency: a, when: {district: "
	               "\"binh xuyen\", category: c1}}\n"
	               "default: a\n",
	          &ne),
	    "W 9:5: rule 'p2' can never match: rule 'p1' (line 8) has the "
	    "same or broader conditions and comes first\n",
	    "places compare folded");
}

/* The canonical text of the first rule's when. */
static void
canon(void)
{
	struct pakn_error err;
	struct pakn_rules *r;
	struct pakn_buf a = PAKN_BUF_INIT, b = PAKN_BUF_INIT;

	r = pakn_rules_load(
	    write_rules(HEAD "rules:\n"
	                     "  - {name: x, agency: a, when: {channel: [zalo, "
	                     "email], not: {kind: question}}}\n"
	                     "  - {name: y, agency: a, when: {not: {kind: "
	                     "question}, channel: [email, zalo]}}\n"
	                     "  - {name: z, agency: a, when: {channel: [zalo], "
	                     "not: {kind: question}}}\n"
	                     "  - {name: w, agency: a, when: {channel: "
	                     "[zalo, email, sms], not: {kind: question}}}\n"
	                     "default: a\n"),
	    &err);
	CHECK(r != NULL, "rules for canon load");
	if (r == NULL)
		return;
	pakn_when_canon(r->rules[0].when, &a);
	pakn_when_canon(r->rules[1].when, &b);
	CHECK_STR(a.data, b.data, "order of keys and values does not matter");
	pakn_when_canon(r->rules[2].when, &b);
	CHECK(strcmp(a.data, b.data) != 0, "fewer values differ");
	pakn_when_canon(r->rules[3].when, &b);
	CHECK(strcmp(a.data, b.data) != 0, "more values differ");
	CHECK_INT((long long)pakn_rules_policy_count(r), 0, "no policies");
	pakn_buf_release(&a);
	pakn_buf_release(&b);
	pakn_rules_free(r);
}

static void
policies(void)
{
	struct pakn_error err;
	struct pakn_rules *r;
	int ne;

	r = pakn_rules_load(write_rules(HEAD
	                                "default: a\n"
	                                "deadlines:\n"
	                                "  - name: complaint\n"
	                                "    when: {kind: complaint}\n"
	                                "    amount: 30\n"
	                                "    unit: days\n"
	                                "    citation: \"Luật Khiếu nại\"\n"
	                                "  - name: other\n"
	                                "    amount: 10\n"
	                                "    unit: working_days\n"),
	                    &err);
	CHECK(r != NULL, "policies load");
	if (r) {
		CHECK_INT((long long)pakn_rules_policy_count(r), 2, "two");
		CHECK_STR(pakn_rules_policy(r, 0)->citation, "Luật Khiếu nại",
		          "a citation");
		CHECK_INT(pakn_rules_policy(r, 0)->unit, PAKN_UNIT_DAYS,
		          "a unit");
		CHECK_INT(pakn_rules_policy(r, 1)->amount, 10, "an amount");
		CHECK(pakn_rules_policy(r, 1)->when == NULL, "always");
		CHECK(pakn_rules_policy(r, 2) == NULL, "past the end");
		pakn_rules_free(r);
	}
	CHECK_STR(check(HEAD "default: a\ndeadlines:\n"
	                     "  - {name: x, amount: 0, unit: weeks}\n",
	                &ne),
	          "E 9:23: deadline 'x': amount must be a whole number from 1 "
	          "to 10000\n"
	          "E 9:32: deadline 'x': unit 'weeks' (expected working_days, "
	          "days or working_hours)\n",
	          "bad amount and unit");
}

/* Literals of a pattern joined by '|', or "-" when it gets none. */
static const char *
lits(const char *pattern)
{
	static char buf[512];
	char **v;
	size_t n, i, k = 0;

	if (pakn_lits_of(pattern, &v, &n) != 0)
		return "-";
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%s",
		                      i ? "|" : "", v[i]);
		free(v[i]);
	}
	free(v);
	return buf;
}

static void
prefilter(void)
{
	struct pakn_lits l;

	CHECK_STR(lits("\\b(xa thai|o nhiem|khoi bui)"),
	          "xa thai|o nhiem|khoi bui", "alternatives in a group");
	CHECK_STR(lits("mat dien (keo dai|nhieu ngay)"), "mat dien ",
	          "the longest plain run");
	CHECK_STR(lits("(?:bao hiem|bhxh) xa hoi"), " xa hoi",
	          "a plain run of four bytes or more");
	CHECK_STR(lits("(?:bao hiem|bhxh) xa"), "bao hiem|bhxh",
	          "a non-capturing group when the run is short");
	CHECK_STR(lits("Dien"), "dien", "lowercased");
	CHECK_STR(lits("abc"), "-", "under four bytes: none");
	CHECK_STR(lits("nuoc.*ban"), "-", "a dot: none");
	CHECK_STR(lits("\\d+ ngay"), "-", "an escape class: none");
	CHECK_STR(lits("dien|ab"), "-", "one branch without a literal: none");
	CHECK_STR(lits("(?!khong )dien luc"), "dien luc",
	          "a lookahead skipped");
	CHECK_STR(lits("o nhiem+"), "-", "a quantifier: none");

	pakn_lits_init(&l);
	CHECK_INT(pakn_lits_add(&l, 0, "\\b(xa thai|o nhiem)"), 1,
	          "a pattern with literals");
	CHECK_INT(pakn_lits_add(&l, 1, "\\d+"), 0, "one without");
	CHECK_INT(pakn_lits_add(&l, 2, "khoi bui"), 1, "another with");
	pakn_lits_scan(&l, 1, 7, "nha may o nhiem qua", 19);
	CHECK(pakn_lits_held(&l, 1, 0, 7), "a literal found");
	CHECK(!pakn_lits_held(&l, 1, 2, 7), "another not");
	CHECK(!pakn_lits_held(&l, 0, 0, 7), "the other subject untouched");
	pakn_lits_scan(&l, 1, 8, "khoi bui", 8);
	CHECK(!pakn_lits_held(&l, 1, 0, 8), "a new serial forgets");
	CHECK(pakn_lits_held(&l, 1, 2, 8), "a literal at the very end");
	pakn_lits_scan(&l, 1, 9, "khoi bu", 7);
	CHECK(!pakn_lits_held(&l, 1, 2, 9), "a literal cut short");
	CHECK(!pakn_lits_held(&l, 1, 99, 9), "an unknown pid");
	pakn_lits_free(&l);
}

int
main(void)
{
	snprintf(dir, sizeof dir, "/tmp/test_rules.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	errors();
	lint();
	canon();
	policies();
	prefilter();
	unlink(path);
	rmdir(dir);
	return unit_done();
}
