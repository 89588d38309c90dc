/*
 * topn.h: the bounded "top N" lists of pakn-report (the overdue cases, the
 * directives awaiting a report back).  A list keeps the first `cap` cases
 * under a total order with a deterministic tie-break, in a heap whose root
 * is the last case kept, and counts every case offered apart (the caller
 * counts, once per case).  Because the order is total, the top N of a
 * union is the top N of the union of the lists' top N: merging the lists
 * of any split of the input gives the list of the whole input, exactly.
 */
#ifndef PAKN_TOPN_H
#define PAKN_TOPN_H

#include <stddef.h>

/* Which order a list keeps. */
enum pakn_topn_kind {
	PAKN_TOPN_OVERDUE,   /* most days overdue first */
	PAKN_TOPN_DIRECTIVES /* waiting longest first, then earliest receipt */
};

/* The strings of a case, in the order of the tie-break after the id. */
enum {
	PAKN_TOPN_ID,
	PAKN_TOPN_AGENCY,
	PAKN_TOPN_AGENCY_NAME,
	PAKN_TOPN_TITLE,
	PAKN_TOPN_RECEIVED,
	PAKN_TOPN_DUE,
	PAKN_TOPN_NSTR
};

/* One case.  Offered with borrowed strings (NULL counts as ""); a list
 * keeps its own copies, never NULL. */
struct pakn_topn_item {
	const char *s[PAKN_TOPN_NSTR];
	size_t len[PAKN_TOPN_NSTR];
	long rday, dday; /* received and due day numbers (dday -1: none) */
	long days;       /* overdue: days overdue; directives: days waiting */
};

struct pakn_topn {
	enum pakn_topn_kind kind;
	size_t cap;               /* the N */
	struct pakn_topn_item *v; /* the heap, n entries (in the order
	                             offered when cap is SIZE_MAX) */
	size_t n;
	long long count; /* every case counted (by the caller) */
};

/* An empty list keeping up to cap cases (0: it only counts). */
void pakn_topn_init(struct pakn_topn *t, enum pakn_topn_kind kind, size_t cap);
void pakn_topn_release(struct pakn_topn *t);

/*
 * The total order: < 0 when a comes before b, 0 only when every field is
 * equal.  Overdue: most days first; directives: most days waiting first,
 * then earliest receipt; then the id, the receipt day, the due day, then
 * every other string (bytewise, a shorter prefix first).
 */
int pakn_topn_cmp(enum pakn_topn_kind kind, const struct pakn_topn_item *a,
                  const struct pakn_topn_item *b);

/* Whether it would be kept now (nothing is copied). */
int pakn_topn_wants(const struct pakn_topn *t, const struct pakn_topn_item *it);
/* Offers a case (strings borrowed; copied if kept).  Does not count it. */
void pakn_topn_offer(struct pakn_topn *t, const struct pakn_topn_item *it);
/* Offers every case src keeps to dst and adds src's count to dst's.  0,
 * or -1 (dst unchanged) when the count would overflow. */
int pakn_topn_merge(struct pakn_topn *dst, const struct pakn_topn *src);

/* The kept cases in list order: a new array (free it) of t->n views that
 * borrow t's strings; valid until t changes. */
struct pakn_topn_item *pakn_topn_sorted(const struct pakn_topn *t);

#endif
