/*
 * test_vocab.c: the record's vocabulary (lib/vocab.c): every vocabulary
 * has words with both labels and ends with {NULL}; each word is found at
 * its index and nothing else is; the list ("a, b, c") splits back into
 * the words (and a short buffer keeps whole words); the state names follow
 * enum pakn_state; only answered, closed and rejected say a case was
 * answered; and a rules file takes exactly these words for its enum
 * conditions (lib/rules.c reads them from here).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules.h"
#include "vocab.h"

#include "columns.h"
#include "unit.h"

static void
every_vocabulary(void)
{
	enum pakn_vocab_id v;
	const struct pakn_word *w;
	size_t n, i, j;
	int ok;

	for (v = 0; v < PAKN_VOCAB_COUNT; v++) {
		char what[96];

		w = pakn_vocab(v, &n);
		snprintf(what, sizeof what, "%s: words with both labels",
		         pakn_vocab_key(v));
		ok = w != NULL && n > 0;
		for (i = 0; ok && i < n; i++)
			ok = w[i].word && w[i].word[0] && w[i].vi &&
			     w[i].vi[0] && w[i].en && w[i].en[0];
		CHECK(ok, what);
		snprintf(what, sizeof what, "%s: ends with {NULL} after %zu",
		         pakn_vocab_key(v), n);
		CHECK(w[n].word == NULL && w[n].vi == NULL && w[n].en == NULL,
		      what);
		ok = 1;
		for (i = 0; i < n; i++)
			for (j = i + 1; j < n; j++)
				if (strcmp(w[i].word, w[j].word) == 0)
					ok = 0;
		snprintf(what, sizeof what, "%s: no word twice",
		         pakn_vocab_key(v));
		CHECK(ok, what);
		CHECK(pakn_vocab(v, NULL) == w, "n may be NULL");
	}
	CHECK_STR(pakn_vocab_key(PAKN_VOCAB_CHANNEL), "channel",
	          "key: channel");
	CHECK_STR(pakn_vocab_key(PAKN_VOCAB_SUBMITTER_TYPE), "submitter.type",
	          "key: submitter.type");
	CHECK_STR(pakn_vocab_key(PAKN_VOCAB_STATE), "deadline_state",
	          "key: deadline_state");
}

static void
find_and_list(void)
{
	enum pakn_vocab_id v;
	const struct pakn_word *w;
	char list[512], small[16], *p, *tok;
	size_t n, i, len;
	int ok;

	for (v = 0; v < PAKN_VOCAB_COUNT; v++) {
		char what[96];

		w = pakn_vocab(v, &n);
		ok = 1;
		for (i = 0; i < n; i++) {
			len = strlen(w[i].word);
			if (pakn_vocab_find(v, w[i].word, len) != (int)i)
				ok = 0;
			/* n bytes, not the C string: a prefix is not it */
			if (pakn_vocab_find(v, w[i].word, len - 1) >= 0)
				ok = 0;
		}
		snprintf(what, sizeof what, "%s: each word found at its index",
		         pakn_vocab_key(v));
		CHECK(ok, what);
		pakn_vocab_list(v, list, sizeof list);
		i = 0;
		ok = 1;
		for (p = list; (tok = strstr(p, ", ")) != NULL || *p;
		     p = tok ? tok + 2 : p + strlen(p)) {
			len = tok ? (size_t)(tok - p) : strlen(p);
			if (i >= n || pakn_vocab_find(v, p, len) != (int)i)
				ok = 0;
			i++;
		}
		snprintf(what, sizeof what,
		         "%s: the list splits into the words",
		         pakn_vocab_key(v));
		CHECK(ok && i == n, what);
	}
	CHECK_INT(pakn_vocab_find(PAKN_VOCAB_CHANNEL, "fax", 3), -1,
	          "an unknown word is not found");
	CHECK_INT(pakn_vocab_find(PAKN_VOCAB_CHANNEL, "Zalo", 4), -1,
	          "words are compared exactly");
	CHECK_INT(pakn_vocab_find(PAKN_VOCAB_STATUS, "closedx", 6), 4,
	          "find reads n bytes");
	pakn_vocab_list(PAKN_VOCAB_SATISFACTION, list, sizeof list);
	CHECK_STR(list, "satisfied, neutral, unsatisfied",
	          "the list of a vocabulary");
	pakn_vocab_list(PAKN_VOCAB_CHANNEL, small, sizeof small);
	CHECK_STR(small, "hotline, zalo",
	          "a short buffer keeps whole words only");
	pakn_vocab_list(PAKN_VOCAB_CHANNEL, small, 1);
	CHECK_STR(small, "", "a buffer of one byte gets an empty list");
}

static void
states(void)
{
	static const char *const want[PAKN_STATE_COUNT] = {
	    [PAKN_STATE_OPEN] = "open",
	    [PAKN_STATE_DUE_SOON] = "due_soon",
	    [PAKN_STATE_OVERDUE] = "overdue",
	    [PAKN_STATE_ON_TIME] = "answered_on_time",
	    [PAKN_STATE_LATE] = "answered_late",
	    [PAKN_STATE_UNDATED] = "answered_undated",
	};
	const struct pakn_word *w;
	size_t n;
	int s;

	w = pakn_vocab(PAKN_VOCAB_STATE, &n);
	CHECK_INT(n, PAKN_STATE_COUNT, "one word per state");
	for (s = 0; s < PAKN_STATE_COUNT; s++) {
		char what[96];

		snprintf(what, sizeof what, "state %d is %s", s, want[s]);
		CHECK_STR(pakn_state_name((enum pakn_state)s), want[s], what);
		snprintf(what, sizeof what, "the vocabulary's word %d is %s", s,
		         want[s]);
		CHECK_STR(w[s].word, want[s], what);
	}
	CHECK_STR(pakn_state_name(PAKN_STATE_COUNT), "?", "no such state");
	CHECK_STR(pakn_state_name((enum pakn_state) - 1), "?",
	          "no such state (negative)");
}

static void
answered(void)
{
	const struct pakn_word *w;
	size_t n, i;
	char got[256] = "";

	w = pakn_vocab(PAKN_VOCAB_STATUS, &n);
	for (i = 0; i < n; i++)
		if (pakn_status_is_answered(w[i].word, strlen(w[i].word))) {
			if (got[0])
				strcat(got, " ");
			strcat(got, w[i].word);
		}
	CHECK_STR(
	    got, "answered closed rejected",
	    "answered, closed and rejected say answered; no other status");
	CHECK(!pakn_status_is_answered("answer", 6),
	      "a prefix is not a status");
	CHECK(pakn_status_is_answered("closed, then", 6), "n bytes are read");
	CHECK(!pakn_status_is_answered("", 0), "no status");
	CHECK(!pakn_status_is_answered("Answered", 8), "exact words only");
}

/* ---- rules files take the vocabulary ----------------------------------- */

static char dir[64];

static int
rules_errors(const char *cond, const char *value)
{
	char path[128];
	struct pakn_msgs msgs = {NULL, 0};
	FILE *f;
	int ne;

	snprintf(path, sizeof path, "%s/rules.yaml", dir);
	f = fopen(path, "w");
	if (f == NULL)
		return -1;
	fprintf(f,
	        "version: 1\n"
	        "agencies:\n"
	        "  a: {name: \"A\", level: province}\n"
	        "categories:\n"
	        "  c1: {label: \"One\"}\n"
	        "rules:\n"
	        "  - {name: r, agency: a, when: {%s: \"%s\"}}\n"
	        "default: a\n",
	        cond, value);
	fclose(f);
	ne = pakn_rules_check(path, &msgs);
	free(msgs.v);
	unlink(path);
	return ne;
}

static void
rules_take_the_words(void)
{
	static const struct {
		const char *cond;
		enum pakn_vocab_id v;
	} conds[] = {
	    {"channel", PAKN_VOCAB_CHANNEL},
	    {"kind", PAKN_VOCAB_KIND},
	    {"status", PAKN_VOCAB_STATUS},
	    {"satisfaction", PAKN_VOCAB_SATISFACTION},
	    {"submitter_type", PAKN_VOCAB_SUBMITTER_TYPE},
	};
	const struct pakn_word *w;
	size_t c, n, i;
	int ok;

	snprintf(dir, sizeof dir, "/tmp/test_vocab.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	for (c = 0; c < sizeof conds / sizeof *conds; c++) {
		char what[96];

		w = pakn_vocab(conds[c].v, &n);
		ok = 1;
		for (i = 0; i < n; i++)
			if (rules_errors(conds[c].cond, w[i].word) != 0)
				ok = 0;
		snprintf(what, sizeof what,
		         "rules: %s takes every word of the vocabulary",
		         conds[c].cond);
		CHECK(ok, what);
		snprintf(what, sizeof what, "rules: %s refuses another word",
		         conds[c].cond);
		CHECK_INT(rules_errors(conds[c].cond, "fax"), 1, what);
	}
	rmdir(dir);
}

/* The labels of an export that say "beyond authority", and yes/no cells
 * (columns.c). */
static void
beyond_and_flags(void)
{
	static const char *const yes[] = {
	    "Không thuộc thẩm quyền", "Vượt thẩm quyền",
	    "Chuyển cấp trên do vượt thẩm quyền", "NGOÀI THẨM QUYỀN",
	    "khong thuoc tham quyen"};
	static const char *const no[] = {"Đã trả lời", "Thuộc thẩm quyền",
	                                 "Đang xử lý", ""};
	static const char *const t[] = {"Có", "x", "X", "1", "true", "Yes"};
	static const char *const f[] = {"Không", "0", "false", "no"};
	size_t i;

	for (i = 0; i < sizeof yes / sizeof *yes; i++)
		CHECK_STR(pakn_label_normalize(PAKN_LABEL_BEYOND, yes[i],
		                               strlen(yes[i])),
		          "true", yes[i]);
	for (i = 0; i < sizeof no / sizeof *no; i++)
		CHECK(pakn_label_normalize(PAKN_LABEL_BEYOND, no[i],
		                           strlen(no[i])) == NULL,
		      no[i]);
	for (i = 0; i < sizeof t / sizeof *t; i++)
		CHECK_INT(pakn_flag_value(t[i], strlen(t[i])), 1, t[i]);
	for (i = 0; i < sizeof f / sizeof *f; i++)
		CHECK_INT(pakn_flag_value(f[i], strlen(f[i])), 0, f[i]);
	CHECK_INT(pakn_flag_value("chưa rõ", strlen("chưa rõ")), -1,
	          "neither yes nor no");
}

static void
returns(void)
{
	static const char *const yes[] = {"Chuyển sai đơn vị", "TRẢ LẠI",
	                                  "tra ve noi tiep nhan",
	                                  "Sent back: wrong agency"};
	static const char *const no[] = {"Chuyển xử lý", "Chuyển cấp trên",
	                                 "vượt thẩm quyền", ""};
	size_t i;

	for (i = 0; i < sizeof yes / sizeof *yes; i++)
		CHECK_INT(pakn_is_return(yes[i], strlen(yes[i])), 1, yes[i]);
	for (i = 0; i < sizeof no / sizeof *no; i++)
		CHECK_INT(pakn_is_return(no[i], strlen(no[i])), 0, no[i]);
}

int
main(void)
{
	beyond_and_flags();
	returns();
	every_vocabulary();
	find_and_list();
	states();
	answered();
	rules_take_the_words();
	return unit_done();
}
