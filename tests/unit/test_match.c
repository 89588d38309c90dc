/*
 * test_match.c: evaluating rules on records (lib/match.c): routing
 * decisions (categories through aliases, folded patterns, places without
 * their prefixes, any/not, validity in time, escalation, the record's own
 * agency, the default), why and the trace, deadline policies, the match
 * limit, per-record memos that never leak from one case or one rules file
 * to another, and the literal prefilter agreeing with plain matching.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "match.h"
#include "record.h"
#include "rules_int.h"
#include "text.h"
#include "unit.h"

static char dir[64];

static const char *
write_file(const char *name, const char *text)
{
	static char path[4][128];
	static int k;
	FILE *f;

	k = (k + 1) % 4;
	snprintf(path[k], sizeof path[k], "%s/%s", dir, name);
	f = fopen(path[k], "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return path[k];
}

static const char rules_text[] =
    "version: 1\n"
    "agencies:\n"
    "  old-env: {name: \"Sở Tài nguyên và Môi trường\", level: province,\n"
    "            aliases: [\"Sở TN&MT\"], valid_until: 2025-06-30,\n"
    "            successor: new-env}\n"
    "  new-env: {name: \"Sở Nông nghiệp và Môi trường\", level: province,\n"
    "            valid_from: 2025-07-01}\n"
    "  district: {name: \"UBND huyện Bình Xuyên\", level: district}\n"
    "  police: {name: \"Công an tỉnh\", level: province}\n"
    "  top: {name: \"UBND tỉnh\", level: province}\n"
    "  office: {name: \"Văn phòng\", level: province}\n"
    "categories:\n"
    "  env: {label: \"Môi trường\", aliases: [\"TN&MT - Môi trường\"]}\n"
    "  land: {label: \"Đất đai\"}\n"
    "rules:\n"
    "  - name: pollution-old\n"
    "    when: {text: \"xả thải|ô nhiễm\", fold: true, received_until: "
    "2025-06-30}\n"
    "    agency: old-env\n"
    "    cc: [police]\n"
    "  - name: pollution-new\n"
    "    when: {text: \"xả thải|ô nhiễm\", fold: true}\n"
    "    agency: new-env\n"
    "    cc: [police]\n"
    "  - name: land-district\n"
    "    when: {category: land, district: \"Bình Xuyên\"}\n"
    "    agency: district\n"
    "  - name: land-not-hotline\n"
    "    when:\n"
    "      category: land\n"
    "      not: {channel: hotline}\n"
    "      any: [{title: \"lấn chiếm\"}, {content: \"lấn chiếm\"}]\n"
    "    agency: new-env\n"
    "  - name: env\n"
    "    when: {category: env}\n"
    "    agency: new-env\n"
    "escalate:\n"
    "  - name: unsatisfied\n"
    "    when: {satisfaction: unsatisfied}\n"
    "    agency: top\n"
    "default: office\n"
    "deadlines:\n"
    "  - name: land\n"
    "    when: {category: land}\n"
    "    amount: 30\n"
    "    unit: days\n"
    "  - name: other\n"
    "    amount: 10\n"
    "    unit: working_days\n";

static struct pakn_record rec;
static struct pakn_case cs;
static struct pakn_route rt;

static int
load_case(const char *json)
{
	struct pakn_error err;

	if (pakn_record_scan(&rec, json, strlen(json), &err) != 0)
		return -1;
	return pakn_case_load(&cs, &rec);
}

/* Routes one JSON record: "agency rule [cc]" ("-" for none). */
static const char *
route(struct pakn_rules *r, const char *json, int flags)
{
	static char buf[512];
	size_t n;

	if (load_case(json) < 0)
		return "(bad record)";
	pakn_rules_route(r, &cs, flags, &rt);
	n = (size_t)snprintf(buf, sizeof buf, "%s %s",
	                     rt.agency ? rt.agency->id : "-",
	                     rt.rule ? rt.rule : "-");
	if (rt.ncc > 0)
		snprintf(buf + n, sizeof buf - n, " cc=%s", rt.cc[0]->id);
	return buf;
}

#define REC(day, more)                                                         \
	"{\"id\":\"x\",\"received_at\":\"" day "T08:00:00+07:00\"" more "}"

static void
decisions(struct pakn_rules *r)
{
	CHECK_STR(
	    route(r, REC("2024-03-01", ",\"content\":\"XẢ THẢI ra sông\""), 0),
	    "old-env pollution-old cc=police",
	    "a folded pattern, before the reorganisation");
	CHECK_STR(rt.why.data,
	          "content matched 'xa thai' (folded); received "
	          "until 2025-06-30",
	          "why says what held");
	CHECK_STR(
	    route(r, REC("2026-03-01", ",\"content\":\"xa thai ra song\""), 0),
	    "new-env pollution-new cc=police",
	    "after it: the old agency's rule falls through");
	CHECK_STR(route(r,
	                REC("2026-03-01", ",\"category\":\"TN&MT - Môi "
	                                  "trường\",\"content\":\"x\""),
	                0),
	          "new-env env", "a category alias");
	CHECK_STR(cs.category_id, "env", "the category id is resolved");
	CHECK_STR(route(r,
	                REC("2026-03-01", ",\"category\":\"Phòng X - MOI "
	                                  "TRUONG\",\"content\":\"x\""),
	                0),
	          "new-env env", "the part after a dash, folded");
	CHECK_STR(route(r, REC("2026-03-01", ",\"category\":\"Giáo dục\""), 0),
	          "office -", "an unknown category goes to the default");
	CHECK(cs.category_id == NULL, "and stays unknown");
	CHECK_STR(rt.why.data, "no rule matched: default agency",
	          "the default says so");
	CHECK_STR(
	    route(r,
	          REC("2026-03-01", ",\"category\":\"Đất đai\",\"channel\":"
	                            "\"hotline\",\"location\":{\"district\":"
	                            "\"HUYỆN BÌNH XUYÊN\"}"),
	          0),
	    "district land-district", "a place with its prefix");
	CHECK_STR(route(r,
	                REC("2026-03-01",
	                    ",\"category\":\"Đất đai\",\"channel\":\"email\","
	                    "\"title\":\"Bị lấn chiếm đất\""),
	                0),
	          "new-env land-not-hotline", "not and any");
	CHECK_STR(rt.why.data,
	          "category 'land'; not: held; any: title matched 'lấn chiếm'",
	          "why names the branch of any that held");
	CHECK_STR(route(r,
	                REC("2026-03-01",
	                    ",\"category\":\"Đất đai\",\"channel\":"
	                    "\"hotline\",\"title\":\"Bị lấn chiếm đất\""),
	                0),
	          "office -", "not fails on a hotline case");
	CHECK_STR(route(r,
	                REC("2026-03-01", ",\"content\":\"ô nhiễm\","
	                                  "\"satisfaction\":\"unsatisfied\""),
	                0),
	          "top pollution-new cc=police", "escalation");
	CHECK(rt.escalated && strcmp(rt.from->id, "new-env") == 0 &&
	          strcmp(rt.escalation, "unsatisfied") == 0,
	      "escalation records where it came from");
	CHECK_STR(route(r,
	                REC("2024-03-01", ",\"agency\":\"So TN&MT\","
	                                  "\"content\":\"hỏi\""),
	                0),
	          "old-env source", "the record's own agency, by alias");
	CHECK_STR(rt.source_agency, "So TN&MT", "the text it named");
	CHECK_STR(route(r,
	                REC("2024-03-01", ",\"agency\":\"So TN&MT\","
	                                  "\"content\":\"hỏi\""),
	                PAKN_ROUTE_REROUTE),
	          "office -", "--reroute ignores it");
	CHECK_STR(route(r, REC("2024-03-01", ",\"content\":\"xả thải\""),
	                PAKN_ROUTE_SUCCESSORS),
	          "new-env pollution-old cc=police", "successors");
	CHECK_STR(rt.successor_of->id, "old-env", "successor_of");
	route(r, REC("2026-03-01", ",\"content\":\"xả thải\""),
	      PAKN_ROUTE_EXPLAIN);
	{
		static const char first[] =
		    "[{\"stage\":\"rules\",\"rule\":\"pollution-old\","
		    "\"result\":\"failed\"";

		CHECK(rt.trace.data &&
		          strncmp(rt.trace.data, first, sizeof first - 1) == 0,
		      "the trace starts with the first rule tried");
	}
	CHECK(strstr(rt.trace.data, "\"rule\":\"pollution-new\",\"result\":"
	                            "\"matched\"") != NULL,
	      "and holds the one that matched");
	CHECK(rt.trace.data[rt.trace.len - 1] == ']', "a JSON array");
	CHECK(load_case(REC("2026-03-01", ",\"category\":\"Đất đai\"")) == 0,
	      "a case");
	CHECK_STR(pakn_rules_deadline(r, &cs, NULL)->name, "land",
	          "the first policy that holds");
	CHECK(load_case(REC("2026-03-01", ",\"category\":\"x\"")) == 0,
	      "a case");
	CHECK_STR(pakn_rules_deadline(r, &cs, NULL)->name, "other",
	          "else the next");
	CHECK(load_case("{\"received_at\":\"yesterday\"}") == -1,
	      "an unreadable receipt date");
	CHECK(cs.received_day == LONG_MIN, "leaves no day");
}

static void
lookups(struct pakn_rules *r)
{
	struct pakn_buf b = PAKN_BUF_INIT;

	CHECK_STR(pakn_rules_category(r, "  moi   TRUONG "), "env",
	          "a label folded");
	CHECK(pakn_rules_category(r, "Y tế") == NULL, "an unknown label");
	CHECK_STR(
	    pakn_rules_agency(r, "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", LONG_MIN)->id,
	    "new-env", "an agency by its name folded");
	CHECK(pakn_rules_agency(r, "nobody", LONG_MIN) == NULL,
	      "an unknown agency");
	CHECK_STR(
	    pakn_rules_successor(r, pakn_rules_agency(r, "old-env", 0))->id,
	    "new-env", "the successor chain");
	pakn_text_fold_place("Huyện Bình Xuyên", strlen("Huyện Bình Xuyên"),
	                     &b);
	CHECK_STR(b.data, "binh xuyen", "place folding drops the prefix");
	pakn_text_fold_place("TP. Việt Trì", strlen("TP. Việt Trì"), &b);
	CHECK_STR(b.data, "viet tri", "TP.");
	pakn_text_fold_place("Xã", 3, &b);
	CHECK_STR(b.data, "xa", "a prefix alone stays");
	pakn_text_fold_place("Thị xã Phúc Yên", strlen("Thị xã Phúc Yên"), &b);
	CHECK_STR(b.data, "phuc yen", "a two-word prefix");
	pakn_buf_release(&b);
}

/* Memos belong to one case of one rules file. */
static void
memos(struct pakn_rules *r)
{
	static const char r2_text[] =
	    "version: 1\n"
	    "agencies: {a: {name: A}, b: {name: B}}\n"
	    "categories:\n"
	    "  land: {label: \"Đất đai\"}\n"
	    "  env: {label: \"Môi trường\"}\n"
	    "rules:\n"
	    "  - {name: env2, when: {category: env}, agency: a}\n"
	    "  - {name: t2, when: {text: \"xả thải\", fold: true}, agency: a}\n"
	    "default: b\n";
	struct pakn_error err;
	struct pakn_rules *r2 =
	    pakn_rules_load(write_file("r2.yaml", r2_text), &err);
	struct pakn_case c2;
	struct pakn_record rec2;
	const char *l0 = REC("2026-03-01", ",\"category\":\"Môi trường\","
	                                   "\"content\":\"hỏi\"");
	const char *l1 = REC("2026-03-01", ",\"category\":\"Môi trường\","
	                                   "\"content\":\"xả thải\"");
	const char *l2 = REC("2026-03-01", ",\"content\":\"hỏi thăm\"");

	CHECK(r2 != NULL, "a second rules file");
	if (r2 == NULL)
		return;
	/* One case, two rules files whose category indexes differ. */
	CHECK_STR(route(r, l0, 0), "new-env env",
	          "the case with the first rules");
	pakn_rules_route(r2, &cs, 0, &rt);
	CHECK_STR(rt.rule, "env2",
	          "the same case, unreloaded, with the second");
	pakn_rules_route(r, &cs, 0, &rt);
	CHECK_STR(rt.rule, "env", "and the first again");
	CHECK_STR(route(r, l1, 0), "new-env pollution-new cc=police",
	          "a case matching a pattern");
	/* Two cases alternating on one rules file. */
	pakn_case_init(&c2);
	pakn_record_init(&rec2);
	pakn_record_scan(&rec2, l2, strlen(l2), &err);
	pakn_case_load(&c2, &rec2);
	pakn_rules_route(r, &c2, 0, &rt);
	CHECK_STR(rt.agency->id, "office", "a second case");
	pakn_rules_route(r, &cs, 0, &rt);
	CHECK_STR(rt.rule, "pollution-new", "the first case keeps its match");
	pakn_rules_route(r, &c2, 0, &rt);
	CHECK(rt.rule == NULL, "the second its miss");
	CHECK(cs.serial != c2.serial, "the two have different serials");
	pakn_case_release(&c2);
	pakn_record_release(&rec2);
	pakn_rules_free(r2);
}

static void
match_limit(void)
{
	static const char text[] =
	    "version: 1\n"
	    "agencies: {a: {name: A}, b: {name: B}}\n"
	    "rules:\n"
	    "  - {name: slow, when: {content: \"(a+)+$\"}, agency: a}\n"
	    "default: b\n";
	struct pakn_error err;
	struct pakn_rules *r =
	    pakn_rules_load(write_file("slow.yaml", text), &err);
	char *line = malloc(6000), *p;

	p = line + sprintf(line, "{\"content\":\"");
	memset(p, 'a', 5000);
	p += 5000;
	strcpy(p, "b\"}");
	CHECK_STR(route(r, line, 0), "b -",
	          "a pattern over the limit: no match");
	CHECK_INT((long long)rt.limit_hits, 1, "counted");
	CHECK_STR(rt.limit_rules.data, "slow", "with its rule");
	free(line);
	pakn_rules_free(r);
}

/* The same rules with and without the prefilter decide the same. */
static void
prefilter_agrees(void)
{
	static const char *const pats[] = {
	    "\\\\b(xa thai|o nhiem|khoi bui)", "mat dien (keo dai|nhieu ngay)",
	    "(?:bao hiem|bhxh) xa hoi", "nuoc (sach|sinh hoat)",
	    "duong (xuong cap|hu hong)"};
	static const char *const words[] = {
	    "xả thải",    "ô nhiễm",   "khói bụi", "mất điện",  "kéo dài",
	    "nhiều ngày", "bảo hiểm",  "BHXH",     "xã hội",    "nước",
	    "sạch",       "sinh hoạt", "đường",    "xuống cấp", "hư hỏng",
	    "hỏi",        "xin",       "về",       "khôi",      "xa"};
	char a[4096], b[4096], line[512], got[64];
	size_t na = 0, nb = 0, i, k, differ = 0, matched = 0, held = 0;
	unsigned long seed = 12345;
	struct pakn_error err;
	struct pakn_rules *ra, *rb;

	na += (size_t)snprintf(a, sizeof a,
	                       "version: 1\nagencies: {z: {name: Z}, "
	                       "d: {name: D}}\nrules:\n");
	nb += (size_t)snprintf(b, sizeof b, "%s", a);
	for (i = 0; i < sizeof pats / sizeof *pats; i++) {
		na += (size_t)snprintf(a + na, sizeof a - na,
		                       "  - {name: r%zu, agency: z, when: "
		                       "{text: \"%s\", fold: true}}\n",
		                       i, pats[i]);
		/* "[\s\S]{0}" matches nothing more but hides the literals. */
		nb += (size_t)snprintf(b + nb, sizeof b - nb,
		                       "  - {name: r%zu, agency: z, when: "
		                       "{text: \"(?:%s)[\\\\s\\\\S]{0}\", "
		                       "fold: true}}\n",
		                       i, pats[i]);
	}
	snprintf(a + na, sizeof a - na, "default: d\n");
	snprintf(b + nb, sizeof b - nb, "default: d\n");
	ra = pakn_rules_load(write_file("a.yaml", a), &err);
	CHECK(ra != NULL, "prefiltered rules load");
	rb = pakn_rules_load(write_file("b.yaml", b), &err);
	CHECK(rb != NULL, "plain rules load");
	if (ra == NULL || rb == NULL)
		return;
	for (i = 0; i < ra->npats; i++)
		held += ra->pats[i].has_lits;
	for (i = 0; i < rb->npats; i++)
		held += 100 * rb->pats[i].has_lits;
	CHECK_INT((long long)held, 5,
	          "every pattern of the first has a "
	          "prefilter, none of the second");
	for (i = 0; i < 3000; i++) {
		size_t n =
		    (size_t)snprintf(line, sizeof line, "{\"content\":\"");

		for (k = 0; k < 1 + i % 6; k++) {
			seed = seed * 6364136223846793005ul +
			       1442695040888963407ul;
			n += (size_t)snprintf(line + n, sizeof line - n, "%s%s",
			                      k ? " " : "",
			                      words[(seed >> 33) % 20]);
		}
		snprintf(line + n, sizeof line - n, "\"}");
		snprintf(got, sizeof got, "%s", route(ra, line, 0));
		if (strcmp(got, route(rb, line, 0)) != 0)
			differ++;
		matched += strcmp(got, "d -") != 0;
	}
	CHECK_INT((long long)differ, 0, "3000 texts: the same decisions");
	CHECK(matched > 300, "and patterns did match many of them");
	pakn_rules_free(ra);
	pakn_rules_free(rb);
}

int
main(void)
{
	struct pakn_error err;
	struct pakn_rules *r;

	snprintf(dir, sizeof dir, "/tmp/test_match.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	pakn_record_init(&rec);
	pakn_case_init(&cs);
	pakn_route_init(&rt);
	r = pakn_rules_load(write_file("rules.yaml", rules_text), &err);
	CHECK(r != NULL, "the rules load");
	if (r == NULL) {
		printf("# %ld:%ld: %s\n", err.line, err.column, err.text);
		return unit_done();
	}
	decisions(r);
	lookups(r);
	memos(r);
	match_limit();
	prefilter_agrees();
	pakn_rules_free(r);
	pakn_route_release(&rt);
	pakn_case_release(&cs);
	pakn_record_release(&rec);
	{
		static const char *const names[] = {
		    "rules.yaml", "r2.yaml", "slow.yaml", "a.yaml", "b.yaml"};
		char path[160];
		size_t i;

		for (i = 0; i < 5; i++) {
			snprintf(path, sizeof path, "%s/%s", dir, names[i]);
			unlink(path);
		}
		rmdir(dir);
	}
	return unit_done();
}
