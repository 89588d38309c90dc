/*
 * deadline.h: the single deadline judge.  Every figure that says whether a
 * case was answered on time, late, is still open, or is overdue comes from
 * here: pakn-deadline writes it into the records, pakn-report counts it,
 * and both read a record's dates the same way.
 *
 * Two steps:
 *  1. pakn_judge_read: a record's receipt, its deadline (the source's
 *     `due_at` kept, or the policy that applies: rules file `deadlines:`,
 *     --amount/--unit, or the legal defaults; then the last extension and
 *     the pauses), and its answer (`answered_at`, else `closed_at`, else a
 *     status that says answered/closed/rejected with no date: the answer's
 *     date is unknown).
 *  2. pakn_judge_state: where the case stands at an as-of moment.
 *
 * The definitions (also in pakn-deadline(1), pakn-report(1) and the
 * report's legend):
 *  - An answer dated after the as-of moment is not yet an answer then.
 *    `--as-of DATE` means what was known at the end of that day; an answer
 *    written as a date alone counts from that day's start.
 *  - answered_on_time: answered by the as-of moment, at or before the due
 *    moment (a date-alone answer: on or before the due day).
 *  - answered_late: answered by the as-of moment, after the due moment;
 *    days late = working days from the due day to the answer's day, at
 *    least 1.
 *  - overdue: not answered by the as-of moment, and the due day is before
 *    the as-of day (with an as-of that has a time: the due moment has
 *    passed).  A case due on Friday is overdue on Saturday; days overdue =
 *    working days after the due day up to the as-of day, at least 1.
 *  - due_soon / open: not answered, not overdue; remaining = working days
 *    after the as-of day up to the due day; due_soon when remaining <= warn.
 *  - answered_undated: the record says answered or closed (status) but
 *    carries no answer or close date: counted apart, neither on time, late
 *    nor overdue.
 */
#ifndef PAKN_DEADLINE_H
#define PAKN_DEADLINE_H

#include <jansson.h>

#include "buf.h"
#include "calendar.h"
#include "pakn.h"
#include "record.h"
#include "rules.h"
#include "sla.h"
#include "vocab.h"
#include "when.h"

/* The as-of moment. */
struct pakn_asof {
	long day;     /* Vietnam day */
	long long at; /* the moment; the end of `day` for a date alone */
	int has_time; /* a time was given */
};

/* The end of a day. */
void pakn_asof_day(struct pakn_asof *a, long day);
/* Parses --as-of: YYYY-MM-DD, dd/mm/yyyy, or a moment with a time
 * (YYYY-MM-DDTHH:MM[:SS][zone]); 0, or -1 with err filled. */
int pakn_asof_parse(struct pakn_asof *a, const char *s, struct pakn_error *err);

/* A deadline policy with its `sla` value written once. */
struct pakn_dpolicy {
	const void *key; /* the rules policy it came from, or NULL */
	long amount;
	enum pakn_unit unit;
	char *sla; /* {"policy":...,"amount":...,"unit":...} */
	size_t slalen;
};

/* The built-in policies (DOMAIN.md §1): complaints 30 days (Luật Khiếu
 * nại), denunciations 30 days (Luật Tố cáo), everything else 10 working
 * days; --amount replaces them all. */
enum {
	PAKN_POL_COMPLAINT,
	PAKN_POL_DENUNCIATION,
	PAKN_POL_OTHER,
	PAKN_POL_OPTION,
	PAKN_POL_COUNT
};

/* The top-level members the judge reads. */
enum pakn_dfield {
	PAKN_DF_RECEIVED,
	PAKN_DF_DUE,
	PAKN_DF_ANSWERED,
	PAKN_DF_CLOSED,
	PAKN_DF_STATUS,
	PAKN_DF_SLA,
	PAKN_DF_EXTENSIONS,
	PAKN_DF_PAUSES,
	PAKN_DF_KIND,
	PAKN_DF_STATE,
	PAKN_DF_OVERDUE,
	PAKN_DF_REMAINING,
	PAKN_DF_COUNT
};
/* The key of a field ("received_at", ...). */
const char *pakn_dfield_key(enum pakn_dfield k);

/* How a record's due date is taken. */
enum pakn_due_mode {
	/* pakn-deadline: the source's due_at is kept (unless recompute);
	 * a due date an earlier run of pakn-deadline computed is computed
	 * again with the policies in force. */
	PAKN_DUE_COMPUTE,
	/* pakn-report: as above, but a due_at that pakn-deadline wrote
	 * (the record has `sla`) is final, extensions and pauses applied,
	 * unless a pause is still running (then it depends on the as-of and
	 * is computed again). */
	PAKN_DUE_TRUST_FINAL
};

struct pakn_judge {
	/* configuration (pakn_judge_init) */
	struct pakn_sla sla;
	struct pakn_rules *rules; /* borrowed, or NULL */
	struct pakn_dpolicy builtin[PAKN_POL_COUNT];
	struct pakn_dpolicy *ruled; /* one per rules policy */
	size_t nruled;
	int have_option;
	int recompute; /* ignore the source's due dates */
	enum pakn_due_mode mode;
	long warn; /* due_soon at remaining <= warn (default 1) */
	/* per record */
	const struct pakn_member *f[PAKN_DF_COUNT];
	struct pakn_case cs;
	struct pakn_daycache dates;
	struct pakn_buf tmp;
	struct pakn_buf err; /* why the last record cannot be judged */
	struct pakn_pause *pauses;
	size_t cappauses;
	json_t *coord_list; /* pakn_judge_coordination's, parsed */
	struct pakn_coord *coord;
	size_t capcoord;
	/* counts */
	unsigned long kept, differ, limit_hits;
};

/*
 * Sets up a judge over a calendar (borrowed) with office hours (NULL: the
 * defaults), a rules file's policies (NULL: none) and --amount/--unit
 * (amount 0: none).  Release with pakn_judge_release.
 */
void pakn_judge_init(struct pakn_judge *j, const struct pakn_calendar *cal,
                     const struct pakn_office *office, struct pakn_rules *rules,
                     long amount, enum pakn_unit unit);
void pakn_judge_release(struct pakn_judge *j);

/*
 * What --calendar-file, --office-hours, -r, --amount and --unit give, the
 * same options for pakn-deadline and pakn-report.
 */
struct pakn_judge_opts {
	const char *const *calfiles;
	size_t ncalfiles;
	const char *office; /* NULL: the default office hours */
	const char *rules;  /* NULL: no rules file */
	long amount;        /* 0: none */
	enum pakn_unit unit;
};

/* A judge with the calendar and the rules it owns. */
struct pakn_judge_setup {
	struct pakn_calendar cal;
	struct pakn_rules *rules;
	struct pakn_judge judge;
	int ready;
};

/*
 * Loads the calendar files, office hours and rules file, and sets up the
 * judge over them.  0, or -1 with err filled (a file's error at its
 * FILE:LINE:COLUMN, or "--office-hours: ..."); the setup is then released.
 * Release with pakn_judge_teardown (also after a failure: harmless).
 */
int pakn_judge_setup(struct pakn_judge_setup *s,
                     const struct pakn_judge_opts *o, struct pakn_error *err);
void pakn_judge_teardown(struct pakn_judge_setup *s);

/* The answer as the record tells it. */
enum pakn_answer {
	PAKN_ANS_NONE,   /* not answered (as far as the record says) */
	PAKN_ANS_DATED,  /* answered_at, or closed_at */
	PAKN_ANS_UNDATED /* status answered/closed/rejected, no date */
};

/* What the judge read off a record. */
struct pakn_dates {
	long long received;
	long rday;
	struct pakn_deadline due;       /* the deadline in effect */
	long long base_at;              /* before extensions and pauses */
	const struct pakn_dpolicy *pol; /* NULL: the source's due_at */
	int trusted;                    /* due_at taken as final */
	int extended;                   /* an extension set it */
	size_t nextensions, npauses;
	long paused;  /* pushed by pauses, in the unit (minutes for hours) */
	int had_base; /* an earlier run kept the source's date apart */
	enum pakn_answer answer;
	long long aat; /* the answer's moment (a date alone: 00:00) */
	long aday;
	int adate_only;
};

/*
 * The `sla` value pakn-deadline writes for d, which earlier_sla reads back
 * on the next run: the policy's object as it is, or, when the source gave
 * the due date or extensions or pauses moved it, the policy's (or
 * {"policy":"source"}) with base_due_at (the date before they moved it),
 * extensions (how many) and paused / paused_unit (the working time the
 * pauses added, hours to two decimals).  *s, *n: the value, in b or in
 * the policy.
 */
void pakn_dates_sla(const struct pakn_dates *d, struct pakn_buf *b,
                    const char **s, size_t *n);

/*
 * Reads a scanned record (borrowed until the next call).  `asof` bounds a
 * pause still running.  0, or -1: the record cannot be judged, and
 * j->err.data says why (no receipt date, an unreadable date, a bad
 * extension or pause, a deadline outside the calendar).
 */
int pakn_judge_read(struct pakn_judge *j, struct pakn_record *r,
                    const struct pakn_asof *asof, struct pakn_dates *d);
/* The same in two steps, for a caller that can drop a record from its
 * receipt and answer alone: the receipt and the answer (d is reset), then
 * the deadline.  Each 0, or -1 (j->err). */
int pakn_judge_begin(struct pakn_judge *j, const struct pakn_record *r,
                     struct pakn_dates *d);
int pakn_judge_due(struct pakn_judge *j, const struct pakn_record *r,
                   const struct pakn_asof *asof, struct pakn_dates *d);

/* Where the case stands at `asof`; *days: days late or overdue, or
 * remaining (0 for answered_on_time and answered_undated). */
enum pakn_state pakn_judge_state(const struct pakn_judge *j,
                                 const struct pakn_dates *d,
                                 const struct pakn_asof *asof, long *days);

/* Whether the answer is known by the as-of moment (dated answers only). */
int pakn_answered_by(const struct pakn_dates *d, const struct pakn_asof *asof);

/*
 * The report-back of a directive (kind: directive; issue 12): due
 * `amount` units after receipt by the first `report_back:` policy of the
 * rules file that holds, else PAKN_REPORT_BACK_DAYS working days; judged
 * against `reported_back_at` as seen at asof: reported on time, late,
 * awaiting within the deadline, or overdue.  d holds the record's dates
 * (pakn_judge_begin).  0 with *st and *due_day, or -1 (j->err says why:
 * an unreadable reported_back_at, or a due date outside the calendar).
 */
#define PAKN_REPORT_BACK_DAYS 10
enum pakn_rb_state {
	PAKN_RB_ON_TIME,
	PAKN_RB_LATE,
	PAKN_RB_AWAITING,
	PAKN_RB_OVERDUE
};
/* "on_time", "late", "awaiting", "overdue". */
const char *pakn_rb_state_name(enum pakn_rb_state st);
int pakn_judge_report_back(struct pakn_judge *j, const struct pakn_record *r,
                           const struct pakn_dates *d,
                           const struct pakn_asof *asof, enum pakn_rb_state *st,
                           long *due_day);

/*
 * Coordination requests (đề nghị phối hợp; issue 12): a record's
 * `coordination` list of {agency, agency_name, requested_at, due_at,
 * replied_at}, one per agency asked to help (pakn-route makes one per cc
 * agency).  An entry's reply is due `amount` units after requested_at
 * (the case's receipt when absent) by the first `coordination:` policy of
 * the rules file that holds for the case, else PAKN_COORDINATION_DAYS
 * working days; a due_at the source wrote is kept (one pakn-deadline
 * computed, marked by the entry's `sla`, is computed again, but for
 * pakn-report: PAKN_DUE_TRUST_FINAL takes it as final, as the case's).  Judged
 * against replied_at as seen at the as-of moment, with the states of the
 * report-back: replied on time, late, awaiting within the deadline, or
 * overdue; days: working days late or overdue (at least 1), else 0.
 */
#define PAKN_COORDINATION_DAYS 5
struct pakn_coord {
	json_t *entry;            /* the entry (borrowed from j->coord_list) */
	const char *agency;       /* the agency asked (never NULL) */
	const char *agency_name;  /* or NULL */
	const char *requested_at; /* as written, or NULL (the receipt) */
	const char *replied_at;   /* as written, or NULL */
	long long requested;      /* the moment */
	struct pakn_deadline due; /* when the reply is due */
	const char *policy;       /* the policy that set it, or NULL: the
	                             source's due_at */
	long amount;
	enum pakn_unit unit;
	enum pakn_rb_state st;
	long days;
};
/*
 * Reads and judges the `coordination` list of a scanned record at asof; d
 * holds its dates (pakn_judge_begin).  Returns the number of entries, in
 * j->coord[0..n) (0: the key absent, null or an empty list), or -1 with
 * j->err saying why (not a list of objects, an entry without its agency,
 * an unreadable date, a due date outside the calendar).  Valid until the
 * next call.
 */
long pakn_judge_coordination(struct pakn_judge *j, const struct pakn_record *r,
                             const struct pakn_dates *d,
                             const struct pakn_asof *asof);

#endif
