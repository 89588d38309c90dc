/*
 * match.h: evaluating a rules file (rules.h) on records.  A record is
 * decoded once into a `struct pakn_case`: the fields conditions look at
 * (pakn_case_load), with folded copies made only when a condition needs
 * them.  Then pakn_rules_route routes it (rules, escalation, default,
 * successors) and says why, and pakn_rules_deadline picks its deadline
 * policy.  Nothing here keeps state between calls outside the case, the
 * route and the rules: per-record memos (a pattern's result, the literal
 * prefilter's scan) live in the rules and are keyed by a serial number
 * the rules give each loaded case.
 */
#ifndef PAKN_MATCH_H
#define PAKN_MATCH_H

#include <stddef.h>

#include "buf.h"
#include "record.h"
#include "rules.h"

/* The record fields conditions read.  Filled by pakn_case_load; strings
 * are NUL-terminated and owned by the case's buffers (NULL if absent),
 * except title and content: pointer and length (title_len, content_len),
 * possibly into the record's line, NOT NUL-terminated. */
struct pakn_case {
	const char *id;
	const char *category;    /* the label (category) */
	const char *category_id; /* from the record, or resolved */
	const char *channel, *kind, *status, *satisfaction, *submitter_type;
	const char *province, *district, *commune;
	const char *title, *content;
	size_t title_len, content_len;
	const char *agency;     /* the agency already on the record */
	const char *cur_agency; /* id the `agency` condition tests:
	                           set by the router */
	long received_day;      /* day number in Vietnam; LONG_MIN if none */
	int beyond;             /* beyond_authority: true */
	/* internal */
	struct pakn_buf store;
	size_t off[20];
	struct pakn_buf fold_title, fold_content;
	struct pakn_buf place[3]; /* folded province, district, commune */
	int folded, placed, ix_ready;
	long category_ix, place_ix[3]; /* interned, for the rules */
	unsigned long serial;  /* tells one loaded record from the next, */
	const void *serial_of; /* for these rules (0: not yet stamped) */
	struct pakn_buf tmp;   /* decoding scratch */
};

void pakn_case_init(struct pakn_case *c);
void pakn_case_release(struct pakn_case *c);
/* Decodes the fields conditions need from a scanned record (no jansson).
 * 0, or -1 if received_at is present but unreadable (received_day is then
 * LONG_MIN). */
int pakn_case_load(struct pakn_case *c, const struct pakn_record *r);

/*
 * The first policy whose `when` holds for the case, or NULL.  A pattern
 * that hits the match limit counts as not matching (and is counted in
 * *limit_hits if not NULL).
 */
const struct pakn_policy *pakn_rules_deadline(struct pakn_rules *r,
                                              struct pakn_case *c,
                                              unsigned long *limit_hits);
/* The same over the `report_back:` policies (the report-back due date of
 * a directive); NULL when none holds (the default applies, deadline.h). */
const struct pakn_policy *pakn_rules_report_back(struct pakn_rules *r,
                                                 struct pakn_case *c,
                                                 unsigned long *limit_hits);
/* The same over the `coordination:` policies (the reply due to a
 * coordination request, issue 12); NULL: the default (deadline.h). */
const struct pakn_policy *pakn_rules_coordination(struct pakn_rules *r,
                                                  struct pakn_case *c,
                                                  unsigned long *limit_hits);

/* Resolves a category label (folded; "TN&MT - Môi trường" also tries the
 * part after the dash) to its category id; NULL if unknown.  Borrowed. */
const char *pakn_rules_category(struct pakn_rules *r, const char *label);
/* An agency by id, or by name or alias folded (of several agencies with
 * that name, the one that existed on `day`, LONG_MIN for any); NULL if
 * unknown. */
const struct pakn_agency *pakn_rules_agency(struct pakn_rules *r, const char *s,
                                            long day);
/* Whether agency a existed on day (LONG_MIN: unknown day, yes). */
int pakn_agency_valid(const struct pakn_agency *a, long day);
/* The last agency of a's successor chain. */
const struct pakn_agency *pakn_rules_successor(struct pakn_rules *r,
                                               const struct pakn_agency *a);

/* A routing decision. */
struct pakn_route {
	const struct pakn_agency *agency; /* NULL: no agency at all */
	const char *rule; /* the rule, "source", or NULL (default) */
	const struct pakn_agency **cc;
	size_t ncc, capcc;
	int escalated;
	const char *escalation;         /* the escalation rule's name */
	const struct pakn_agency *from; /* the agency before escalation */
	const struct pakn_agency *successor_of; /* with PAKN_ROUTE_SUCCESSORS */
	const char *source_agency;   /* the record's agency text, replaced */
	struct pakn_buf why;         /* text */
	struct pakn_buf trace;       /* a JSON array, with PAKN_ROUTE_EXPLAIN */
	unsigned long limit_hits;    /* patterns that hit the match limit */
	struct pakn_buf limit_rules; /* their rule names, for messages */
	struct pakn_buf b_why, b_fail, b_keep; /* internal, reused */
};

enum {
	PAKN_ROUTE_REROUTE = 1,   /* ignore the record's own agency */
	PAKN_ROUTE_EXPLAIN = 2,   /* fill trace */
	PAKN_ROUTE_SUCCESSORS = 4 /* map to the current successor */
};

void pakn_route_init(struct pakn_route *rt);
void pakn_route_release(struct pakn_route *rt);
/* Routes a loaded case (its category_id is resolved here if absent). */
void pakn_rules_route(struct pakn_rules *r, struct pakn_case *c, int flags,
                      struct pakn_route *rt);
const char *pakn_level_name(enum pakn_level l);

#endif
