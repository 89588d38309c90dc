/*
 * agg_int.h: what the aggregation's two files share, agg.c (cells,
 * groups, classifying and adding records, the finished report) and
 * agg_partial.c (the state written as a partial and read back).  Not
 * installed, not for the programs: they use agg.h.
 *
 * The state is a tree of small tables, never the records: a scope (the
 * whole input, or one split value such as an agency) holds the totals, one
 * table of groups per grouping whose entries hold a cell per period
 * (current, previous), two top-N lists (topn.h) and the trend counters.
 * A cell is C_N counters and an exact histogram of working days to answer,
 * indexed by the number of days; histograms add up, so medians survive
 * merging.
 */
#ifndef PAKN_AGG_INT_H
#define PAKN_AGG_INT_H

#include <stddef.h>

#include "agg.h"
#include "buf.h"
#include "calendar.h"
#include "deadline.h"
#include "strmap.h"
#include "topn.h"

#define AGG_HIST_MAX 3660 /* longer durations count as this many days */

/*
 * The largest count a partial may bring (2^48, about 2.8e14 cases): every
 * counter, every histogram's total, every trend bucket and list count
 * stays at most this, so the report's arithmetic (sums of a few counters,
 * a count times 20000 for a rate, a total times 100 for a percentile)
 * cannot overflow a long long.  No real input comes near it.
 */
#define AGG_COUNT_MAX (1LL << 48)

enum {
	C_RECEIVED,
	C_CARRIED,
	C_ONTIME,
	C_LATE,
	C_OPEN,
	C_OVERDUE,
	C_SAT,
	C_NEU,
	C_UNSAT,
	C_ESC,
	C_UNDATED,    /* answered, date unknown */
	C_PUB,        /* published (pakn-publish output, or published_at) */
	C_ESC_UNSAT,  /* escalated, the sender unsatisfied */
	C_ESC_BEYOND, /* escalated, beyond the agency's authority */
	C_ESC_DEN,    /* escalated, a denunciation */
	C_RB_ONTIME,  /* directives reported back on time, */
	C_RB_LATE,    /* late, */
	C_RB_WAIT,    /* awaiting within the report-back deadline, */
	C_RB_OVERDUE, /* past it (in pakn_rb_state's order) */
	C_CR_ASKED,   /* coordination requests (pakn_judge_coordination), */
	C_CR_ONTIME,  /* replied on time, */
	C_CR_LATE,    /* late, */
	C_CR_WAIT,    /* awaiting within the deadline, */
	C_CR_OVERDUE, /* past it (in pakn_rb_state's order) */
	C_MULTI,      /* cases handled across more than two levels */
	C_RETURNS,    /* returns ("chuyển sai", "trả lại"): in the returns
	                 table by the agency that sent the case back */
	C_N
};

struct cell {
	long long n[C_N];
	long long *hist; /* hist[d]: answers that took d working days */
	size_t nhist;    /* allocated entries */
	size_t maxd;     /* highest d + 1 with a count */
};

struct scope;

/* A group of a grouping (or a split value).  Its key lives in the table's
 * map: k1, or k1 '\0' k2 for a grouping of two dimensions. */
struct group {
	char *name[2]; /* least display name seen, or NULL */
	struct cell cur, prev;
	struct scope *scope; /* split tables only */
};

/* Groups by key: the map interns each key to a dense index into g (the
 * entry's value is that index too). */
struct table {
	struct pakn_strmap keys;
	struct group *g; /* in creation order, keys.n of them */
	size_t cap;
};

struct scope {
	struct cell tot_cur, tot_prev;
	struct table *groups; /* cfg.nby tables */
	struct pakn_topn overdue, directives;
	long long *trend_recv, *trend_ans;
	/* coordination requests by the agency asked (cells: C_CR_*), and
	 * those overdue */
	struct table coord;
	struct pakn_topn coord_overdue;
	/* returns by the agency that sent the case back (cells: C_RETURNS),
	 * and the cases across more than two levels */
	struct table returns;
	struct pakn_topn multi;
};

/* The buffers escaped strings of one record are decoded into. */
enum {
	B_RECEIVED,
	B_ANSWERED,
	B_DUE,
	B_STATE,
	B_SAT,
	B_KIND,
	B_AGENCY,
	B_AGENCY_NAME,
	B_CATEGORY_ID,
	B_CATEGORY,
	B_CHANNEL,
	B_DISTRICT,
	B_COMMUNE,
	B_WEEK,
	B_DAY,
	B_LEVEL,
	B_ID,
	B_TITLE,
	B_CONTENT,
	B_PUBLISHED,
	B_COUNT
};

struct pakn_agg {
	struct pakn_agg_config cfg;
	const struct pakn_calendar *cal; /* the judge's */
	struct pakn_judge *judge;        /* borrowed, or own_judge */
	struct pakn_judge own_judge;     /* the defaults, when none is set */
	struct pakn_calendar own_cal;
	int own;
	int trend_monthly;
	size_t ntrend;
	struct scope whole;
	struct table splits; /* split value -> group with a scope */
	struct pakn_agg_stats stats;
	pakn_agg_pub_fn *pub_fn; /* pakn_agg_set_published */
	void *pub_arg;
	pakn_agg_case_fn *case_fn; /* pakn_agg_set_case_hook */
	void *case_arg;
	/* scratch for the hot path: one buffer per decoded field */
	struct pakn_buf dec[B_COUNT];
	struct pakn_buf keybuf, tmp;
};

/* ---- agg.c, for agg_partial.c ------------------------------------------ */

/* Adds k answers of d working days (d is clamped to 0..AGG_HIST_MAX). */
void pakn_agg_cell_hist_add(struct cell *c, long d, long long k);

/* The group of key (n bytes), created (zeroed) if new; *created says. */
struct group *pakn_agg_table_get(struct table *t, const char *key, size_t n,
                                 int *created);
static inline size_t
pakn_agg_table_count(const struct table *t)
{
	return pakn_strmap_count(&t->keys);
}
/* The keys of a table sorted bytewise: a new array (free it) of its map's
 * entries; entry->val is the group's index in t->g. */
const struct pakn_strmap_entry **pakn_agg_table_sorted(const struct table *t);

/* Keeps the least (bytewise) non-empty display name in *slot. */
void pakn_agg_keep_name(char **slot, const char *s, size_t n);

/* A new scope for a's configuration (pakn_agg_free frees it). */
struct scope *pakn_agg_scope_new(const struct pakn_agg *a);

#endif
