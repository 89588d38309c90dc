/*
 * rules_int.h: the inside of a loaded rules file, shared by rules.c (which
 * loads and checks it) and match.c (which evaluates it on records).  Not
 * for programs: they use rules.h.
 */
#ifndef PAKN_RULES_INT_H
#define PAKN_RULES_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdint.h>

#include "rules.h"

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
	char *canon; /* a canonical text, for shadowing checks */
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
	int has_lits;         /* every match holds one of its literals */
	unsigned long hit[2]; /* case serial whose subject held one */
};

/*
 * The literal prefilter of the folded patterns.  For a pattern such as
 * "\\b(xa thai|o nhiem|khoi bui)" every match contains one of a few
 * literals; one pass over a folded subject, hashing each 4-byte window
 * against a bitmap of the literals' first four bytes, finds which
 * patterns can match at all, and PCRE2 runs only for those: most cases
 * mention none of the keywords.
 */
struct lit {
	char *s;
	size_t n;
	size_t pid;
	int next; /* next literal in the same bucket, -1 */
};

struct lits {
	struct lit *v;
	size_t n;
	int *head;               /* 65536 buckets, -1 when empty */
	uint64_t *bits;          /* 65536 bits: a bucket is not empty */
	unsigned long serial[2]; /* case serial the subjects were scanned */
};

/* A string -> index map (open addressing), for folded names and labels. */
struct strmap {
	char **keys;
	size_t *vals;
	size_t cap, n;
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
	struct strmap agency_by_id, category_by_name;
	/* Folded names and aliases -> a group of agencies: the same name
	 * may belong to an old and a new agency ("Sở Y tế"); the one that
	 * existed on the receipt day is meant. */
	struct strmap agency_by_name;
	struct name_group {
		size_t *v;
		size_t n;
	} * groups;
	size_t ngroups;
	struct strmap label_cache;         /* category label -> index + 1 */
	struct strmap place_ids;           /* folded place name -> id */
	struct strmap agency_cache;        /* agency text -> name group + 1 */
	struct pakn_buf scratch, scratch2; /* reused, never per record */
	struct pat *pats;
	size_t npats;
	struct strmap pat_by_key; /* "f/" or "-/" + pattern -> index */
	struct lits lits;
	pcre2_match_context *mctx;
	pcre2_match_data *md;
	unsigned long limit_hits;
};

/* strmap */
void strmap_put(struct strmap *m, const char *key, size_t val);
int strmap_get(const struct strmap *m, const char *key, size_t *val);
void strmap_free(struct strmap *m);

/* Folds a place name: fold_key, then without an administrative prefix. */
void pakn_fold_place(const char *s, size_t n, struct pakn_buf *out);

void when_free(struct pakn_when *w);
/* Builds the literal prefilter (rules.c, after every pattern is known). */
void pakn_lits_build(struct pakn_rules *r);
/* The bucket of a 4-byte window. */
static inline unsigned
lit_hash(const unsigned char *p)
{
	uint32_t w = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
	             (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;

	return (unsigned)((w * 2654435761u) >> 16);
}
/* The name of a condition kind, as rules files write it. */
const char *pakn_cond_name(int kind);

#endif
