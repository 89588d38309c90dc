/*
 * agg.h: the aggregation behind pakn-report.  Records go in one at a time
 * (already scanned by the record layer: no jansson tree per record); what
 * stays is one entry per group, never the records: counters, an exact
 * histogram of working days to answer (so medians and 90th percentiles
 * merge exactly), and two bounded "top N" lists (the overdue cases and the
 * directives awaiting a report back) kept under a total order with a
 * deterministic tie-break, so that merging top-N lists gives the global
 * top N.
 *
 * The whole state can be written as a partial (one line of JSON with a
 * version) and partials merged: merging the partials of any split of the
 * input gives exactly the state of the whole input, hence byte-identical
 * reports.  pakn_agg_report() turns the state into a finished report
 * (figures computed, groups sorted) for render.h.
 *
 * Definitions (also in pakn-report(1)): for a period [from, to] seen at
 * as_of (day numbers, Vietnam time), a case is in the period's population
 * if it was received in the period ("received") or received earlier and
 * not answered before `from` ("carried over").  Each case of the
 * population is then exactly one of: answered on time, answered late (by
 * as_of), open within its deadline, overdue (still open at as_of, past
 * its due day), or answered at a date unknown.  The split is the deadline
 * judge's (deadline.h), the one pakn-deadline uses: a `deadline_state`
 * written for another as-of is never trusted.  See agg.c for every
 * detail; the lists are topn.h's, the partials are in agg_partial.c.
 */
#ifndef PAKN_AGG_H
#define PAKN_AGG_H

#include <stddef.h>

#include <jansson.h>

#include "calendar.h"
#include "pakn.h"
#include "record.h"
#include "vocab.h"

/* The partial format's version (the "version" member). */
#define PAKN_AGG_PARTIAL_VERSION 4

/* What a report can group by. */
enum pakn_dim {
	PAKN_DIM_AGENCY,
	PAKN_DIM_CATEGORY,
	PAKN_DIM_CHANNEL,
	PAKN_DIM_KIND,
	PAKN_DIM_DISTRICT,
	PAKN_DIM_COMMUNE,
	PAKN_DIM_WEEK,  /* the ISO week received, "2025-W32" */
	PAKN_DIM_DAY,   /* the day received, "2025-08-05" */
	PAKN_DIM_LEVEL, /* the agency's administrative level (pakn-route's
	                   `level`: province, district, commune, ...) */
	PAKN_DIM_COUNT
};

/* The dimension's name ("agency", ...). */
const char *pakn_dim_name(enum pakn_dim d);
/* The dimension named s (n bytes), or -1. */
int pakn_dim_parse(const char *s, size_t n);

#define PAKN_AGG_MAX_BY 8      /* groupings in one report */
#define PAKN_AGG_MAX_TOP 10000 /* longest list --top allows */

/* One grouping: one or two dimensions ("agency" or "agency,channel"). */
struct pakn_agg_by {
	int ndim;
	enum pakn_dim dim[2];
};

/* Parses "agency" or "agency,channel" into by.  0, or -1 (err filled). */
int pakn_agg_by_parse(const char *s, struct pakn_agg_by *by,
                      struct pakn_error *err);
/* Writes the grouping's name ("agency,channel") into out (replaced). */
void pakn_agg_by_name(const struct pakn_agg_by *by, struct pakn_buf *out);

/* A period seen at a moment: day numbers (pakn_days_from_civil). */
struct pakn_period {
	long from, to, as_of;
};

struct pakn_agg_config {
	struct pakn_period cur;
	struct pakn_period prev; /* the period before, for comparison */
	int month;               /* 1: cur is a calendar month (labels) */
	int nby;
	struct pakn_agg_by by[PAKN_AGG_MAX_BY];
	int top;       /* longest overdue and directives lists */
	int all_cases; /* 1: the lists keep every case, not top (the
	                  workbook's sheets); never in a partial */
	int published; /* 1: published cases are counted (pakn-report
	                  --published); also when a record has published_at */
	int split;     /* 1: also one report per split_dim value */
	enum pakn_dim split_dim;
};

/*
 * Fills cfg with the defaults for a period: the previous period is the
 * month before (a month) or the same number of days before (a range); it is
 * seen as it stood the same number of days after its end as cur's as_of is
 * after cur's end (at its end when cur is not over yet).  Groupings are
 * channel, category, agency; top is 20; no split.
 */
void pakn_agg_config_init(struct pakn_agg_config *cfg, long from, long to,
                          long as_of, int month);

struct pakn_agg;

/* A new, empty aggregate (cfg is copied).  Free with pakn_agg_free. */
struct pakn_agg *pakn_agg_new(const struct pakn_agg_config *cfg);
void pakn_agg_free(struct pakn_agg *a);
/* The deadline judge (borrowed: it must outlive a), with its calendar and
 * policies; without one, pakn_agg_add judges with the defaults (built-in
 * calendar, legal default policies).  Only pakn_agg_add uses it. */
struct pakn_judge;
void pakn_agg_set_judge(struct pakn_agg *a, struct pakn_judge *j);
/* The configuration (borrowed). */
const struct pakn_agg_config *pakn_agg_config(const struct pakn_agg *a);

/*
 * Adds one scanned record.  Returns 1 if it counted in a period, 0 if not
 * (received after the period, or answered before it began), -1 if it must
 * be rejected (err->text says why: no readable received_at).
 */
int pakn_agg_add(struct pakn_agg *a, const struct pakn_record *r,
                 struct pakn_error *err);

/*
 * One case of the current period as the report judged it, handed to a
 * case hook (pakn-report --cases) by pakn_agg_add: the same judgement the
 * figures count.  Strings are borrowed for the call, not NUL-terminated.
 */
enum {
	PAKN_CASE_ID,
	PAKN_CASE_AGENCY,
	PAKN_CASE_AGENCY_NAME,
	PAKN_CASE_CHANNEL,
	PAKN_CASE_CATEGORY,
	PAKN_CASE_KIND,
	PAKN_CASE_RECEIVED, /* received_at as the record wrote it */
	PAKN_CASE_DUE,      /* the due moment the judge used, Vietnam time */
	PAKN_CASE_NSTR
};
struct pakn_agg_case {
	const char *s[PAKN_CASE_NSTR];
	size_t len[PAKN_CASE_NSTR];
	int received; /* 1: received in the period; 0: carried over */
	/* PAKN_STATE_ON_TIME, _LATE, _OPEN (due soon included, as the
	 * figures count it), _OVERDUE or _UNDATED */
	enum pakn_state state;
	long days; /* answered late / overdue: working days; else 0 */
	long received_day, due_day, answered_day; /* -1: none */
};
/*
 * Published cases: a case counts as published when its record has a
 * non-empty `published_at`, or when fn(arg, id, n) says its id was
 * published (publish.h's pakn_published_has, over pakn-publish's output).
 * fn may be NULL: published_at only.  Sets cfg.published.
 */
typedef int pakn_agg_pub_fn(void *arg, const char *id, size_t n);
void pakn_agg_set_published(struct pakn_agg *a, pakn_agg_pub_fn *fn, void *arg);

typedef void pakn_agg_case_fn(void *arg, const struct pakn_agg_case *c);
/* Calls fn on every case pakn_agg_add counts in the current period (NULL:
 * none). */
void pakn_agg_set_case_hook(struct pakn_agg *a, pakn_agg_case_fn *fn,
                            void *arg);

/* Counts kept for -v: records added, counted, ignored. */
struct pakn_agg_stats {
	unsigned long long read, counted, ignored;
	unsigned long long undated; /* counted as answered, date unknown */
};
void pakn_agg_stats(const struct pakn_agg *a, struct pakn_agg_stats *st);

/*
 * The state as a partial: a new JSON object (caller decrefs) with
 * "format": "pakn-report-partial", "version", "config", "stats", the
 * state.  Sorted, so the same input gives the same bytes.
 */
json_t *pakn_agg_to_partial(const struct pakn_agg *a);

/*
 * Reads the configuration of a partial into cfg.  0, or -1 (err->text:
 * not a partial, unknown version, malformed).
 */
int pakn_agg_partial_config(const json_t *partial, struct pakn_agg_config *cfg,
                            struct pakn_error *err);
/*
 * Adds a partial's state to a.  Its configuration must equal a's (a's
 * top may be smaller: the lists are cut).  0, or -1 with err->text.
 */
int pakn_agg_merge_partial(struct pakn_agg *a, const json_t *partial,
                           struct pakn_error *err);

/* ---- the finished report ---------------------------------------------- */

/* The figures of one group, or of the totals, for one period. */
struct pakn_figures {
	long long received, carried_over;
	long long on_time, late, open, overdue;
	long long satisfied, neutral, unsatisfied, escalated;
	long long undated;   /* answered, date unknown (deadline.h) */
	long long published; /* published on the portal ("đã công khai") */
	/* SIPAS: cases rated (satisfied, neutral or unsatisfied) and not
	 * rated (the rest of the period's cases: never counted satisfied) */
	long long rated, unrated;
	/* escalations by reason, from the case: unsatisfied, else beyond
	 * authority, else a denunciation, else another rule */
	long long esc_unsatisfied, esc_beyond, esc_denunciation, esc_other;
	/* directives and their report-back (deadline.h
	 * pakn_judge_report_back): on time, late, awaiting, overdue */
	long long rb_on_time, rb_late, rb_awaiting, rb_overdue;
	/* coordination requests of the period's cases (deadline.h
	 * pakn_judge_coordination): asked, replied on time, late, awaiting,
	 * overdue; in a group of the report's `coordination`, those made to
	 * that agency */
	long long cr_asked, cr_on_time, cr_late, cr_awaiting, cr_overdue;
	/* cases handled across more than two administrative levels
	 * (pakn-route's `levels`), and returns (transfers whose reason says
	 * "chuyển sai" / "trả lại": columns.h pakn_is_return); in a row of
	 * the report's `returns`, those of the agency that sent them back */
	long long multi_level, returns;
	long long answered_timed; /* answers with a known duration */
	long median, p90;         /* working days; -1 when none */
	long rate;     /* on-time rate in 1/10000, -1 when undefined */
	long sat_rate; /* satisfied / rated, 1/10000, -1 when none rated */
};

/* Which national scoring mark an on-time rate earns. */
enum pakn_mark {
	PAKN_MARK_NONE,
	PAKN_MARK_BELOW,
	PAKN_MARK_PARTIAL,
	PAKN_MARK_FULL
};
enum pakn_mark pakn_figures_mark(const struct pakn_figures *f);

struct pakn_report_row {
	const char *key[2];  /* "" when the record lacked the value */
	const char *name[2]; /* display name (agency_name), or NULL */
	struct pakn_figures cur, prev;
};

struct pakn_report_group {
	struct pakn_agg_by by;
	struct pakn_report_row *rows; /* sorted: most cases first */
	size_t nrows;
};

/* One case of a list. */
struct pakn_report_case {
	const char *id, *agency, *agency_name, *title;
	const char *received_at, *due_at; /* as the record wrote them */
	long received_day, due_day;       /* day numbers; due_day -1: none */
	long days; /* overdue: working days overdue; directives: working
	              days waiting since receipt */
};

struct pakn_report_list {
	long long count;                /* all such cases */
	struct pakn_report_case *cases; /* the first `top` */
	size_t ncases;
};

/* The trend chart: cases received and answered per day (periods up to 62
 * days) or per month. */
struct pakn_report_trend {
	int monthly;
	size_t n;
	long *start; /* first day of each bucket */
	long long *received, *answered;
};

struct pakn_report {
	const struct pakn_agg_config *cfg; /* borrowed from the agg */
	const char *scope_key; /* the split value, or NULL for the whole */
	const char *scope_name;
	int has_prev;      /* the input holds the previous period */
	int has_published; /* cfg->published, or a case counted published:
	                      the "published" figure is known */
	struct pakn_figures total, prev_total;
	struct pakn_report_group *groups; /* cfg->nby of them */
	struct pakn_report_list overdue, directives;
	/* coordination requests by the agency asked (rows: key[0] its id,
	 * name[0] its name; most requests first), and the overdue ones
	 * ("Chậm phúc đáp đề nghị phối hợp": agency is the agency asked,
	 * received_at the request, days the working days overdue) */
	struct pakn_report_group coordination;
	struct pakn_report_list coord_overdue;
	/* returns by the agency that sent the case back (rows: key[0] the
	 * agency as the transfer names it), most first; the cases across more
	 * than two levels (days: the number of levels), most levels first */
	struct pakn_report_group returns;
	struct pakn_report_list multi_level;
	struct pakn_report_trend trend;
};

/* The number of split scopes (0 without a split). */
size_t pakn_agg_nsplits(const struct pakn_agg *a);
/*
 * The report of the whole input (scope 0) or of split value scope-1 (in
 * key order).  Borrows strings from a: valid while a lives.  Free with
 * pakn_report_free.
 */
struct pakn_report *pakn_agg_report(const struct pakn_agg *a, size_t scope);
void pakn_report_free(struct pakn_report *rep);

/* ---- exposed for the unit tests ----------------------------------------- */

/* Nearest-rank percentile (p in percent, 1-100) of a histogram of counts
 * hist[0..n): the least d with hist[0] + ... + hist[d] >= ceil(p/100 *
 * total); -1 when the histogram is empty. */
long pakn_hist_percentile(const long long *hist, size_t n, int p);

/* Working days d with from_day < d <= to_day (0 when to_day <= from_day),
 * by cal, or Monday to Friday when cal is NULL or the days are outside
 * its years. */
long pakn_agg_working_days(const struct pakn_calendar *cal, long from_day,
                           long to_day);

#endif
