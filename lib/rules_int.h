/*
 * rules_int.h: the inside of a loaded rules file, shared by rules.c (which
 * loads it), lint.c (which warns about it) and match.c (which evaluates
 * it on records).  Not for programs: they use rules.h and match.h.
 */
#ifndef PAKN_RULES_INT_H
#define PAKN_RULES_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdint.h>

#include "match.h"
#include "prefilter.h"
#include "rules.h"
#include "strmap.h"

enum cond_kind {
	C_CATEGORY,
	C_CHANNEL,
	C_KIND,
	C_STATUS,
	C_SATISFACTION,
	C_SUBMITTER_TYPE,
	C_PROVINCE,
	C_DISTRICT,
	C_COMMUNE,
	C_TEXT,
	C_TITLE,
	C_CONTENT,
	C_RECEIVED_FROM,
	C_RECEIVED_UNTIL,
	C_AGENCY,
	C_BEYOND, /* beyond_authority: true or false */
	C_ANY,
	C_ALL,
	C_NOT,
	C_COUNT
};

/* One condition of a `when`. */
struct cond {
	enum cond_kind kind;
	char **values; /* enums/ids as written; places folded */
	size_t nvalues;
	long *ids;      /* category indexes or place ids, interned */
	char *pattern;  /* as written */
	pcre2_code *re; /* borrowed from the rules' pattern table */
	size_t pid;     /* its index there */
	int fold;
	long day;
	struct pakn_when **subs; /* any / all / not */
	size_t nsubs;
	long line, column;
};

struct pakn_when {
	struct cond *conds;
	size_t n;
	int fold;
	long line, column;
};

struct rule {
	char *name;
	struct pakn_when *when;
	size_t agency; /* index in agencies */
	size_t *cc;
	size_t ncc;
	long line, column;
};

/*
 * A compiled pattern, shared by every condition that writes the same
 * pattern with the same folding, with the last record's results: the old
 * and new versions of a rule, or thirty on-site rules with one keyword
 * list, cost one match per record.
 */
struct pat {
	pcre2_code *re;
	char *src;               /* the pattern as compiled (folded) */
	unsigned long serial[2]; /* case serial of the memo, per subject */
	int res[2];              /* 1, 0, -1 (match limit) */
	size_t at[2], len[2];    /* the match, in the subject */
	int fold;
	int has_lits; /* every match holds one of its literals (prefilter) */
};

struct pakn_rules {
	char *path;
	struct pakn_agency *agencies;
	size_t nagencies;
	struct {
		char *id, *label;
		char **aliases;
		size_t naliases;
		long line, column;
	} * categories;
	size_t ncategories;
	struct rule *rules;
	size_t nrules;
	struct rule *escalate;
	size_t nescalate;
	size_t *defaults; /* agency indexes, tried in order */
	size_t ndefaults;
	struct pakn_policy *policies;
	size_t npolicies;
	struct pakn_policy *report_back; /* report_back: (directives) */
	size_t nreport_back;
	struct pakn_policy *coordination; /* coordination: (cc replies) */
	size_t ncoordination;
	struct pakn_strmap agency_by_id, category_by_name;
	/* Folded names and aliases -> a group of agencies: the same name
	 * may belong to an old and a new agency ("Sở Y tế"); the one that
	 * existed on the receipt day is meant. */
	struct pakn_strmap agency_by_name;
	struct name_group {
		size_t *v;
		size_t n;
	} * groups;
	size_t ngroups;
	struct pakn_strmap label_cache;    /* category label -> index + 1 */
	struct pakn_strmap place_ids;      /* folded place name -> id */
	struct pakn_strmap agency_cache;   /* agency text -> name group + 1 */
	struct pakn_buf scratch, scratch2; /* reused, never per record */
	struct pat *pats;
	size_t npats;
	struct pakn_strmap pat_by_key; /* "f/" or "-/" + pattern -> index */
	struct pakn_lits lits;         /* the literal prefilter (prefilter.h) */
	unsigned long serial;          /* the last case serial given */
	pcre2_match_context *mctx;
	pcre2_match_data *md;
	unsigned long limit_hits;
};

void pakn_when_free(struct pakn_when *w);

/*
 * The warnings of rules that loaded without error (lint.c): rules that
 * can never match (shadowed by an earlier rule with the same or broader
 * conditions, `not`, `any` and `all` compared by content; or a receipt
 * window that is empty) or never route (agency not valid in the window),
 * and categories no rule reaches.  Appended to msgs.
 */
void pakn_rules_lint(const struct pakn_rules *r, struct pakn_msgs *msgs);

/*
 * How many times one pattern element may be repeated, nested repeats
 * multiplied: `(?:a{1000}){1000}` is 1,000,000, `(a+)+` is 1 (unbounded
 * repeats are what PCRE2's match limit stops).  Capped at
 * PAKN_PATTERN_COST_CAP.  The loader warns past PAKN_PATTERN_COST_WARN:
 * such a pattern matches in time linear in the text but with that factor
 * (seconds per record on a long text), and hits no limit.
 */
#define PAKN_PATTERN_COST_CAP 1000000000L
#define PAKN_PATTERN_COST_WARN 10000L
long pakn_pattern_repeat_cost(const char *pattern);
/* The canonical text lint compares whens by (replaces out's content). */
void pakn_when_canon(const struct pakn_when *w, struct pakn_buf *out);

/* The name of a condition kind, as rules files write it. */
const char *pakn_cond_name(int kind);

#endif
