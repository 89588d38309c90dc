/*
 * agg.c: the aggregation behind pakn-report (see agg.h for the contract,
 * agg_int.h for the state): cells and groups, classifying a record by the
 * deadline judge (deadline.h), adding it, and the finished report.  The
 * partials are in agg_partial.c, the top-N lists in topn.c.
 *
 * The hot path (pakn_agg_add) reads the scanned line through the record
 * layer: it finds received_at and answered_at, decides from those two
 * dates alone whether the record counts in either period (most of an
 * archive does not), and only then decodes the other fields.  Strings
 * without escapes are used in place, never copied; a group's key is
 * copied once, when the group is created.
 *
 * How each figure is derived, for a period [from, to] seen at as_of (day
 * numbers in Vietnam time), by the judge pakn-deadline uses, so that a
 * record gets the same verdict whether pakn-deadline ran or not:
 *  - the answer: answered_at, else closed_at; answered by day D when its
 *    day is <= D.  Without either, a status of answered, closed or
 *    rejected counts as answered at an unknown time (such a case is never
 *    carried over and has no duration);
 *  - received: received_at's day in [from, to];
 *  - carried over: received before `from` and not answered before `from`;
 *  - the population (received + carried over) splits into answered on
 *    time / answered late (answered by as_of; late when the answer came
 *    after the deadline's moment: a due_at without a time is the end of
 *    its day), open within the deadline, overdue (not answered by as_of,
 *    and as_of after the due day; days overdue: working days after the
 *    due day up to as_of, at least 1), and answered at an unknown date;
 *  - working days to answer: working days d with receipt day < d <=
 *    answer day (0 for a same-day answer), for answers with a known day;
 *  - satisfied / neutral / unsatisfied and escalated (route.escalated):
 *    cases of the population carrying them.
 * Working days come from the judge's calendar (pakn_agg_set_judge), else
 * the built-in one; outside a calendar's years, Monday to Friday.
 */
#include "agg_int.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "calendar.h"
#include "columns.h"
#include "deadline.h"
#include "match.h"
#include "text.h"
#include "when.h"

#define TREND_DAILY_MAX 62 /* longer periods get a monthly trend */
#define TITLE_MAX 120      /* code points of content used as a title */

/* ---- working days ------------------------------------------------------ */

/*
 * Working days d with from_day < d <= to_day, the count every working-day
 * figure of the report goes through (days to answer, days overdue when
 * the record does not say, days a directive has waited).  With a calendar
 * (lib/calendar.h: holidays, compensatory days, Saturdays worked) it is
 * the calendar's count, as pakn-deadline counts; without one, or outside
 * the calendar's years, Monday to Friday.
 */
static long
working_days_between(const struct pakn_calendar *cal, long from_day,
                     long to_day)
{
	long n, rem, wd, d, count;

	if (to_day <= from_day)
		return 0;
	if (cal && pakn_calendar_in_range(cal, from_day) &&
	    pakn_calendar_in_range(cal, to_day))
		return pakn_calendar_count(cal, from_day, to_day);
	n = to_day - from_day;
	rem = n % 7;
	count = n / 7 * 5;
	/* The remaining days are from_day+1 .. from_day+rem. */
	wd = pakn_weekday(from_day);
	for (d = 1; d <= rem; d++) {
		int w = (int)((wd + d) % 7);

		if (w != 0 && w != 6)
			count++;
	}
	return count;
}

long
pakn_agg_working_days(const struct pakn_calendar *cal, long from_day,
                      long to_day)
{
	return working_days_between(cal, from_day, to_day);
}

/* ---- dimensions and groupings --------------------------------------- */

static const char *const dim_names[PAKN_DIM_COUNT] = {
    "agency",  "category", "channel", "kind",  "district",
    "commune", "week",     "day",     "level",
};

const char *
pakn_dim_name(enum pakn_dim d)
{
	return (unsigned)d < PAKN_DIM_COUNT ? dim_names[d] : "?";
}

int
pakn_dim_parse(const char *s, size_t n)
{
	int i;

	for (i = 0; i < PAKN_DIM_COUNT; i++)
		if (strlen(dim_names[i]) == n &&
		    memcmp(dim_names[i], s, n) == 0)
			return i;
	return -1;
}

int
pakn_agg_by_parse(const char *s, struct pakn_agg_by *by, struct pakn_error *err)
{
	const char *comma = strchr(s, ',');
	size_t n1 = comma ? (size_t)(comma - s) : strlen(s);
	int d1, d2;

	d1 = pakn_dim_parse(s, n1);
	if (d1 < 0)
		return pakn_error_set(
		    err, NULL, 0, 0,
		    "unknown grouping '%.*s' (expected agency, category, "
		    "channel, kind, district, commune, week, day or level)",
		    (int)n1, s);
	by->ndim = 1;
	by->dim[0] = (enum pakn_dim)d1;
	by->dim[1] = (enum pakn_dim)d1;
	if (comma == NULL)
		return 0;
	if (strchr(comma + 1, ','))
		return pakn_error_set(err, NULL, 0, 0,
		                      "grouping '%s': at most two dimensions",
		                      s);
	d2 = pakn_dim_parse(comma + 1, strlen(comma + 1));
	if (d2 < 0)
		return pakn_error_set(
		    err, NULL, 0, 0,
		    "unknown grouping '%s' (expected agency, category, "
		    "channel, kind, district, commune, week, day or level)",
		    comma + 1);
	if (d2 == d1)
		return pakn_error_set(err, NULL, 0, 0,
		                      "grouping '%s' names '%s' twice", s,
		                      comma + 1);
	by->ndim = 2;
	by->dim[1] = (enum pakn_dim)d2;
	return 0;
}

void
pakn_agg_by_name(const struct pakn_agg_by *by, struct pakn_buf *out)
{
	pakn_buf_reset(out);
	pakn_buf_adds(out, pakn_dim_name(by->dim[0]));
	if (by->ndim == 2) {
		pakn_buf_addc(out, ',');
		pakn_buf_adds(out, pakn_dim_name(by->dim[1]));
	}
}

/* Day numbers: the month before, and month arithmetic. */
static long
month_first(long day, int delta)
{
	int y, m, d;
	long ym;

	pakn_civil_from_days(day, &y, &m, &d);
	ym = (long)y * 12 + (m - 1) + delta;
	return pakn_days_from_civil((int)(ym / 12), (int)(ym % 12) + 1, 1);
}

void
pakn_agg_config_init(struct pakn_agg_config *cfg, long from, long to,
                     long as_of, int month)
{
	long lag;

	memset(cfg, 0, sizeof *cfg);
	cfg->cur.from = from;
	cfg->cur.to = to;
	cfg->cur.as_of = as_of;
	cfg->month = month;
	if (month) {
		cfg->prev.from = month_first(from, -1);
		cfg->prev.to = from - 1;
	} else {
		cfg->prev.to = from - 1;
		cfg->prev.from = from - (to - from + 1);
	}
	lag = as_of - to;
	if (lag < 0)
		lag = 0;
	cfg->prev.as_of = cfg->prev.to + lag;
	cfg->nby = 3;
	cfg->by[0].ndim = 1;
	cfg->by[0].dim[0] = cfg->by[0].dim[1] = PAKN_DIM_CHANNEL;
	cfg->by[1].ndim = 1;
	cfg->by[1].dim[0] = cfg->by[1].dim[1] = PAKN_DIM_CATEGORY;
	cfg->by[2].ndim = 1;
	cfg->by[2].dim[0] = cfg->by[2].dim[1] = PAKN_DIM_AGENCY;
	cfg->top = 20;
	cfg->split = 0;
	cfg->split_dim = PAKN_DIM_AGENCY;
}

/* ---- cells: counters and histograms ------------------------------- */

static void
cell_release(struct cell *c)
{
	free(c->hist);
	memset(c, 0, sizeof *c);
}

void
pakn_agg_cell_hist_add(struct cell *c, long d, long long k)
{
	size_t cap;

	if (d < 0)
		d = 0;
	if (d > AGG_HIST_MAX)
		d = AGG_HIST_MAX;
	if ((size_t)d >= c->nhist) {
		cap = c->nhist ? c->nhist : 32;
		while (cap <= (size_t)d)
			cap *= 2;
		c->hist = pakn_xrealloc(c->hist, cap * sizeof *c->hist);
		memset(c->hist + c->nhist, 0,
		       (cap - c->nhist) * sizeof *c->hist);
		c->nhist = cap;
	}
	c->hist[d] += k;
	if ((size_t)d + 1 > c->maxd)
		c->maxd = (size_t)d + 1;
}

/* a + b for counts >= 0, at most LLONG_MAX (no overflow). */
static long long
sat_add(long long a, long long b)
{
	if (b <= 0)
		return a;
	return a > LLONG_MAX - b ? LLONG_MAX : a + b;
}

long
pakn_hist_percentile(const long long *hist, size_t n, int p)
{
	long long total = 0, need, run = 0;
	size_t d;

	/* The aggregate keeps totals far below LLONG_MAX (agg_int.h); a
	 * histogram handed in directly saturates instead of overflowing. */
	for (d = 0; d < n; d++)
		total = sat_add(total, hist[d]);
	if (total == 0)
		return -1;
	/* ceil(p * total / 100), in integers, without p * total. */
	need = total / 100 * p + (total % 100 * p + 99) / 100;
	if (need < 1)
		need = 1;
	for (d = 0; d < n; d++) {
		run = sat_add(run, hist[d]);
		if (run >= need)
			return (long)d;
	}
	return (long)n - 1;
}

/* A ratio a/b in 1/10000, rounded half up; -1 when b is 0. */
static long
ratio(long long a, long long b)
{
	if (b <= 0)
		return -1;
	return (long)((a * 20000 + b) / (2 * b));
}

static void
figures_of(const struct cell *c, struct pakn_figures *f)
{
	long long rated;
	size_t d;

	memset(f, 0, sizeof *f);
	f->received = c->n[C_RECEIVED];
	f->carried_over = c->n[C_CARRIED];
	f->on_time = c->n[C_ONTIME];
	f->late = c->n[C_LATE];
	f->open = c->n[C_OPEN];
	f->overdue = c->n[C_OVERDUE];
	f->satisfied = c->n[C_SAT];
	f->neutral = c->n[C_NEU];
	f->unsatisfied = c->n[C_UNSAT];
	f->escalated = c->n[C_ESC];
	f->undated = c->n[C_UNDATED];
	f->published = c->n[C_PUB];
	f->rb_on_time = c->n[C_RB_ONTIME];
	f->rb_late = c->n[C_RB_LATE];
	f->rb_awaiting = c->n[C_RB_WAIT];
	f->rb_overdue = c->n[C_RB_OVERDUE];
	f->cr_asked = c->n[C_CR_ASKED];
	f->cr_on_time = c->n[C_CR_ONTIME];
	f->cr_late = c->n[C_CR_LATE];
	f->cr_awaiting = c->n[C_CR_WAIT];
	f->cr_overdue = c->n[C_CR_OVERDUE];
	f->multi_level = c->n[C_MULTI];
	f->returns = c->n[C_RETURNS];
	f->esc_unsatisfied = c->n[C_ESC_UNSAT];
	f->esc_beyond = c->n[C_ESC_BEYOND];
	f->esc_denunciation = c->n[C_ESC_DEN];
	f->esc_other = f->escalated - f->esc_unsatisfied - f->esc_beyond -
	               f->esc_denunciation;
	for (d = 0; d < c->maxd; d++)
		f->answered_timed += c->hist[d];
	f->median = pakn_hist_percentile(c->hist, c->maxd, 50);
	f->p90 = pakn_hist_percentile(c->hist, c->maxd, 90);
	f->rate = ratio(f->on_time, f->on_time + f->late + f->overdue);
	rated = f->satisfied + f->neutral + f->unsatisfied;
	f->sat_rate = ratio(f->satisfied, rated);
	f->rated = rated;
	f->unrated = f->received + f->carried_over - rated;
}

enum pakn_mark
pakn_figures_mark(const struct pakn_figures *f)
{
	if (f->rate < 0)
		return PAKN_MARK_NONE;
	if (f->rate >= 10000)
		return PAKN_MARK_FULL;
	if (f->rate >= 9000)
		return PAKN_MARK_PARTIAL;
	return PAKN_MARK_BELOW;
}

/* ---- hash tables of groups ------------------------------------------ */

/* The group of key, created (zeroed) if new.  A key's index in the map is
 * its group's index in t->g; the map's value holds it too. */
struct group *
pakn_agg_table_get(struct table *t, const char *key, size_t n, int *created)
{
	size_t i = pakn_strmap_intern(&t->keys, key, n, t->keys.n, created);

	if (*created) {
		if (i == t->cap) {
			t->cap = t->cap ? 2 * t->cap : 16;
			t->g = pakn_xrealloc(t->g, t->cap * sizeof *t->g);
		}
		memset(&t->g[i], 0, sizeof t->g[i]);
	}
	return &t->g[i];
}

static int
entry_qcmp(const void *pa, const void *pb)
{
	const struct pakn_strmap_entry *a =
	    *(const struct pakn_strmap_entry *const *)pa;
	const struct pakn_strmap_entry *b =
	    *(const struct pakn_strmap_entry *const *)pb;
	int c = memcmp(a->key, b->key, a->len < b->len ? a->len : b->len);

	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

const struct pakn_strmap_entry **
pakn_agg_table_sorted(const struct table *t)
{
	size_t i, n = pakn_agg_table_count(t);
	const struct pakn_strmap_entry **v = pakn_xcalloc(n ? n : 1, sizeof *v);

	for (i = 0; i < n; i++)
		v[i] = pakn_strmap_entry(&t->keys, i);
	qsort(v, n, sizeof *v, entry_qcmp);
	return v;
}

/* Keeps the least (bytewise) non-empty display name: the same whatever
 * the order the records came in. */
void
pakn_agg_keep_name(char **slot, const char *s, size_t n)
{
	size_t m;
	int c;

	if (n == 0)
		return;
	if (*slot) {
		m = strlen(*slot);
		c = memcmp(s, *slot, n < m ? n : m);
		if (c > 0 || (c == 0 && n >= m))
			return;
		free(*slot);
	}
	*slot = pakn_xstrndup(s, n);
}

/* ---- scopes ---------------------------------------------------------- */

struct scope *
pakn_agg_scope_new(const struct pakn_agg *a)
{
	struct scope *s = pakn_xcalloc(1, sizeof *s);

	s->groups = pakn_xcalloc((size_t)(a->cfg.nby ? a->cfg.nby : 1),
	                         sizeof *s->groups);
	size_t cap = a->cfg.all_cases ? SIZE_MAX : (size_t)a->cfg.top;

	pakn_topn_init(&s->overdue, PAKN_TOPN_OVERDUE, cap);
	pakn_topn_init(&s->directives, PAKN_TOPN_DIRECTIVES, cap);
	pakn_topn_init(&s->coord_overdue, PAKN_TOPN_OVERDUE, cap);
	pakn_topn_init(&s->multi, PAKN_TOPN_DIRECTIVES, cap);
	s->trend_recv = pakn_xcalloc(a->ntrend, sizeof *s->trend_recv);
	s->trend_ans = pakn_xcalloc(a->ntrend, sizeof *s->trend_ans);
	return s;
}

static void
table_release(struct table *t)
{
	size_t i, n = pakn_agg_table_count(t);

	for (i = 0; i < n; i++) {
		free(t->g[i].name[0]);
		free(t->g[i].name[1]);
		cell_release(&t->g[i].cur);
		cell_release(&t->g[i].prev);
	}
	free(t->g);
	pakn_strmap_free(&t->keys);
	memset(t, 0, sizeof *t);
}

static void
scope_release(const struct pakn_agg *a, struct scope *s)
{
	int i;

	cell_release(&s->tot_cur);
	cell_release(&s->tot_prev);
	for (i = 0; i < a->cfg.nby; i++)
		table_release(&s->groups[i]);
	free(s->groups);
	pakn_topn_release(&s->overdue);
	pakn_topn_release(&s->directives);
	table_release(&s->coord);
	pakn_topn_release(&s->coord_overdue);
	table_release(&s->returns);
	pakn_topn_release(&s->multi);
	free(s->trend_recv);
	free(s->trend_ans);
}

static long
ym_of(long day)
{
	int y, m, d;

	pakn_civil_from_days(day, &y, &m, &d);
	return (long)y * 12 + (m - 1);
}

struct pakn_agg *
pakn_agg_new(const struct pakn_agg_config *cfg)
{
	struct pakn_agg *a = pakn_xcalloc(1, sizeof *a);
	long len = cfg->cur.to - cfg->cur.from + 1;

	a->cfg = *cfg;
	if (a->cfg.top < 0)
		a->cfg.top = 0;
	if (a->cfg.top > PAKN_AGG_MAX_TOP)
		a->cfg.top = PAKN_AGG_MAX_TOP;
	a->trend_monthly = len > TREND_DAILY_MAX;
	if (len < 1)
		len = 1;
	a->ntrend =
	    a->trend_monthly
	        ? (size_t)(ym_of(cfg->cur.to) - ym_of(cfg->cur.from) + 1)
	        : (size_t)len;
	{
		struct scope *s = pakn_agg_scope_new(a);

		a->whole = *s;
		free(s);
	}
	return a;
}

void
pakn_agg_free(struct pakn_agg *a)
{
	size_t i;

	if (a == NULL)
		return;
	scope_release(a, &a->whole);
	for (i = 0; i < pakn_agg_table_count(&a->splits); i++) {
		scope_release(a, a->splits.g[i].scope);
		free(a->splits.g[i].scope);
	}
	table_release(&a->splits);
	for (i = 0; i < sizeof a->dec / sizeof a->dec[0]; i++)
		pakn_buf_release(&a->dec[i]);
	pakn_buf_release(&a->keybuf);
	pakn_buf_release(&a->tmp);
	if (a->own) {
		pakn_judge_release(&a->own_judge);
		pakn_calendar_release(&a->own_cal);
	}
	free(a);
}

void
pakn_agg_set_judge(struct pakn_agg *a, struct pakn_judge *j)
{
	a->judge = j;
	a->cal = j->sla.cal;
}

const struct pakn_agg_config *
pakn_agg_config(const struct pakn_agg *a)
{
	return &a->cfg;
}

void
pakn_agg_stats(const struct pakn_agg *a, struct pakn_agg_stats *st)
{
	*st = a->stats;
}

/* ---- reading a record -------------------------------------------------- */

/* A string view. */
struct str {
	const char *s;
	size_t n;
};

/* What one record says, as far as the report needs it. */
struct facts {
	struct pakn_dates d; /* what the judge read */
	long rday;
	int sat; /* 0 none, 1 satisfied, 2 neutral, 3 unsatisfied */
	int escalated;
	int esc_reason; /* 0, or C_ESC_UNSAT, C_ESC_BEYOND, C_ESC_DEN */
	int published;
	int directive;
	long ncoord;      /* coordination requests judged (the judge's coord) */
	long long levels; /* pakn-route's `levels`, 0 when absent */
	json_t *transfers; /* the case's transfers with a return, or NULL */
	struct str key[PAKN_DIM_COUNT];
	struct str name[PAKN_DIM_COUNT]; /* agency_name; category label */
	struct str id, title, received_at, due_at;
	int title_done;
};

/* The ISO week ("2025-W32") and the day ("2025-08-05") of day number
 * rday, into wk and dy. */
static void
week_day_keys(long rday, struct pakn_buf *wk, struct pakn_buf *dy)
{
	int y, m, d, wy;
	long thu;

	pakn_civil_from_days(rday, &y, &m, &d);
	pakn_buf_reset(dy);
	pakn_buf_addf(dy, "%04d-%02d-%02d", y, m, d);
	/* The Thursday of its week (Monday first) names the ISO year. */
	thu = rday - (pakn_weekday(rday) + 6) % 7 + 3;
	pakn_civil_from_days(thu, &wy, &m, &d);
	pakn_buf_reset(wk);
	pakn_buf_addf(wk, "%04d-W%02ld", wy,
	              (thu - pakn_days_from_civil(wy, 1, 1)) / 7 + 1);
}

/* The text of a string member: in place when it has no escape, else
 * decoded into tmp.  Empty when m is NULL or not a string. */
static struct str
str_of(const struct pakn_member *m, struct pakn_buf *tmp)
{
	struct str r = {"", 0};

	if (m == NULL || m->type != PAKN_J_STRING)
		return r;
	if (memchr(m->val, '\\', m->vallen) == NULL) {
		r.s = m->val + 1;
		r.n = m->vallen - 2;
		return r;
	}
	pakn_json_string_decode(m->val, m->vallen, tmp);
	r.s = tmp->data;
	r.n = tmp->len;
	return r;
}

/* The same for a member of a nested object (location.district). */
static struct str
nested_str(const struct pakn_member *obj, const char *key, struct pakn_buf *tmp)
{
	struct pakn_member m;
	const char *val;
	size_t n;
	enum pakn_jtype type;

	if (obj == NULL || obj->type != PAKN_J_OBJECT ||
	    pakn_json_object_get(obj->val, obj->vallen, key, &val, &n, &type) !=
	        0) {
		struct str r = {"", 0};

		return r;
	}
	memset(&m, 0, sizeof m);
	m.val = val;
	m.vallen = n;
	m.type = type;
	return str_of(&m, tmp);
}

static int
str_is(struct str v, const char *lit)
{
	size_t n = strlen(lit);

	return v.n == n && memcmp(v.s, lit, n) == 0;
}

/* One case seen from one period. */
struct outcome {
	int received; /* else carried over */
	int cls;      /* C_ONTIME, C_LATE, C_OPEN, C_OVERDUE or C_UNDATED */
	int answered; /* by the period's as-of, date known or not */
	long odays;
	long ldays;    /* answered late: working days late */
	long ans_days; /* -1: no known duration */
	int rb;        /* a directive: C_RB_ONTIME..C_RB_OVERDUE; else -1 */
};

/* 0 when the case is not in the period's population: received after it,
 * or answered before it began (an answer of unknown date: before, when
 * the case was received before the period). */
static int
classify(const struct pakn_judge *j, const struct facts *f,
         const struct pakn_period *p, struct outcome *o)
{
	struct pakn_asof asof;
	long days;

	if (f->rday > p->to)
		return 0;
	if (f->rday >= p->from)
		o->received = 1;
	else if (f->d.answer == PAKN_ANS_UNDATED ||
	         (f->d.answer == PAKN_ANS_DATED && f->d.aday < p->from))
		return 0;
	else
		o->received = 0;
	pakn_asof_day(&asof, p->as_of);
	o->odays = o->ldays = 0;
	switch (pakn_judge_state(j, &f->d, &asof, &days)) {
	case PAKN_STATE_ON_TIME: o->cls = C_ONTIME; break;
	case PAKN_STATE_LATE:
		o->cls = C_LATE;
		o->ldays = days;
		break;
	case PAKN_STATE_OVERDUE:
		o->cls = C_OVERDUE;
		o->odays = days;
		break;
	case PAKN_STATE_UNDATED: o->cls = C_UNDATED; break;
	default: o->cls = C_OPEN;
	}
	o->answered =
	    o->cls == C_ONTIME || o->cls == C_LATE || o->cls == C_UNDATED;
	o->ans_days = o->cls == C_ONTIME || o->cls == C_LATE
	                  ? working_days_between(j->sla.cal, f->rday, f->d.aday)
	                  : -1;
	return 1;
}

static void
cell_add(struct cell *c, const struct facts *f, const struct outcome *o)
{
	c->n[o->received ? C_RECEIVED : C_CARRIED]++;
	c->n[o->cls]++;
	if (f->sat)
		c->n[C_SAT + f->sat - 1]++;
	if (f->escalated) {
		c->n[C_ESC]++;
		if (f->esc_reason)
			c->n[f->esc_reason]++;
	}
	if (f->published)
		c->n[C_PUB]++;
	if (f->levels > 2)
		c->n[C_MULTI]++;
	if (o->ans_days >= 0)
		pakn_agg_cell_hist_add(c, o->ans_days, 1);
	if (o->rb >= 0)
		c->n[o->rb]++;
}

static long
trend_bucket(const struct pakn_agg *a, long day)
{
	if (a->trend_monthly)
		return ym_of(day) - ym_of(a->cfg.cur.from);
	return day - a->cfg.cur.from;
}

/* Cuts the content to a title: the first TITLE_MAX code points. */
static struct str
title_from_content(struct str c, struct pakn_buf *tmp)
{
	size_t i = 0, cps = 0;
	struct str r;

	while (i < c.n && cps < TITLE_MAX) {
		unsigned char b = (unsigned char)c.s[i];

		i += b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
		cps++;
	}
	if (i >= c.n)
		return c;
	pakn_buf_reset(tmp);
	pakn_buf_add(tmp, c.s, i);
	pakn_buf_adds(tmp, "\xe2\x80\xa6"); /* … */
	r.s = tmp->data;
	r.n = tmp->len;
	return r;
}

static void
make_item(const struct facts *f, long days, struct pakn_topn_item *it)
{
	it->s[PAKN_TOPN_ID] = f->id.s;
	it->len[PAKN_TOPN_ID] = f->id.n;
	it->s[PAKN_TOPN_AGENCY] = f->key[PAKN_DIM_AGENCY].s;
	it->len[PAKN_TOPN_AGENCY] = f->key[PAKN_DIM_AGENCY].n;
	it->s[PAKN_TOPN_AGENCY_NAME] = f->name[PAKN_DIM_AGENCY].s;
	it->len[PAKN_TOPN_AGENCY_NAME] = f->name[PAKN_DIM_AGENCY].n;
	it->s[PAKN_TOPN_TITLE] = f->title.s;
	it->len[PAKN_TOPN_TITLE] = f->title.n;
	it->s[PAKN_TOPN_RECEIVED] = f->received_at.s;
	it->len[PAKN_TOPN_RECEIVED] = f->received_at.n;
	it->s[PAKN_TOPN_DUE] = f->due_at.s;
	it->len[PAKN_TOPN_DUE] = f->due_at.n;
	it->rday = f->rday;
	it->dday = f->d.due.day;
	it->days = days;
}

/* A case shown in a list without a title gets the start of its content
 * (decoded once, kept in f for the other scopes). */
static void
need_title(struct pakn_agg *a, struct facts *f, const struct pakn_record *r)
{
	if (f->title.n || f->title_done)
		return;
	f->title_done = 1;
	f->title = title_from_content(
	    str_of(pakn_record_find(r, "content"), &a->dec[B_CONTENT]),
	    &a->tmp);
}

/* The due date a list shows: the one the judge used, in Vietnam time. */
static void
need_due(struct pakn_agg *a, struct facts *f)
{
	struct pakn_buf *b = &a->dec[B_DUE];

	if (f->due_at.n)
		return;
	pakn_buf_reset(b);
	pakn_buf_grow(b, PAKN_TIME_STRLEN);
	b->len = pakn_moment_format(f->d.due.at, b->data);
	f->due_at.s = b->data;
	f->due_at.n = b->len;
}

/* Counts the case's coordination requests (judged at the current
 * period's as-of) in scope s: by the agency asked, and the overdue ones
 * listed. */
static void
coord_add(struct pakn_agg *a, struct scope *s, struct facts *f,
          const struct pakn_record *r)
{
	const struct pakn_judge *j = a->judge;
	long k;

	for (k = 0; k < f->ncoord; k++) {
		const struct pakn_coord *c = &j->coord[k];
		int col = C_CR_ONTIME + (int)c->st, created;
		struct group *g = pakn_agg_table_get(
		    &s->coord, c->agency, strlen(c->agency), &created);

		if (c->agency_name)
			pakn_agg_keep_name(&g->name[0], c->agency_name,
			                   strlen(c->agency_name));
		g->cur.n[C_CR_ASKED]++;
		g->cur.n[col]++;
		s->tot_cur.n[C_CR_ASKED]++;
		s->tot_cur.n[col]++;
		if (c->st != PAKN_RB_OVERDUE)
			continue;
		s->coord_overdue.count++;
		if (s->coord_overdue.cap) {
			struct pakn_topn_item it;
			char due[PAKN_TIME_STRLEN], req[PAKN_TIME_STRLEN];

			need_title(a, f, r);
			make_item(f, c->days, &it);
			it.s[PAKN_TOPN_AGENCY] = c->agency;
			it.len[PAKN_TOPN_AGENCY] = strlen(c->agency);
			it.s[PAKN_TOPN_AGENCY_NAME] = c->agency_name;
			it.len[PAKN_TOPN_AGENCY_NAME] =
			    c->agency_name ? strlen(c->agency_name) : 0;
			it.len[PAKN_TOPN_DUE] =
			    pakn_moment_format(c->due.at, due);
			it.s[PAKN_TOPN_DUE] = due;
			if (c->requested_at) {
				it.s[PAKN_TOPN_RECEIVED] = c->requested_at;
				it.len[PAKN_TOPN_RECEIVED] =
				    strlen(c->requested_at);
			} else {
				it.len[PAKN_TOPN_RECEIVED] =
				    pakn_moment_format(c->requested, req);
				it.s[PAKN_TOPN_RECEIVED] = req;
			}
			it.rday = pakn_vn_day(c->requested);
			it.dday = c->due.day;
			pakn_topn_offer(&s->coord_overdue, &it);
		}
	}
}

/* Counts the case's returns in scope s by the agency that sent it back,
 * and lists it when it went across more than two levels. */
static void
transfers_add(struct pakn_agg *a, struct scope *s, struct facts *f,
              const struct pakn_record *r)
{
	struct pakn_topn_item it;
	size_t i;
	json_t *e;
	int created;

	json_array_foreach (f->transfers, i, e) {
		const char *why =
		    json_string_value(json_object_get(e, "reason"));
		const char *from =
		    json_string_value(json_object_get(e, "from"));
		struct group *g;

		if (why == NULL || !pakn_is_return(why, strlen(why)))
			continue;
		const struct pakn_agency *ag = NULL;

		if (from == NULL)
			from = "";
		/* by its id when the rules file knows the agency */
		if (a->judge->rules && *from)
			ag = pakn_rules_agency(a->judge->rules, from, f->rday);
		if (ag)
			from = ag->id;
		g = pakn_agg_table_get(&s->returns, from, strlen(from),
		                       &created);
		if (ag)
			pakn_agg_keep_name(&g->name[0], ag->name,
			                   strlen(ag->name));
		g->cur.n[C_RETURNS]++;
		s->tot_cur.n[C_RETURNS]++;
	}
	if (f->levels > 2) {
		s->multi.count++;
		if (s->multi.cap) {
			need_title(a, f, r);
			make_item(f, (long)f->levels, &it);
			pakn_topn_offer(&s->multi, &it);
		}
	}
}

/* Adds the case to a group of each grouping of scope s. */
static void
scope_add(struct pakn_agg *a, struct scope *s, struct facts *f,
          const struct outcome *oc, const struct outcome *op,
          const struct pakn_record *r)
{
	int i, k, created;
	struct group *g;
	struct pakn_topn_item it;

	if (oc)
		cell_add(&s->tot_cur, f, oc);
	if (op)
		cell_add(&s->tot_prev, f, op);
	for (i = 0; i < a->cfg.nby; i++) {
		const struct pakn_agg_by *by = &a->cfg.by[i];
		struct str k1 = f->key[by->dim[0]];
		const char *key = k1.s;
		size_t n = k1.n;

		if (by->ndim == 2) {
			struct str k2 = f->key[by->dim[1]];

			pakn_buf_reset(&a->keybuf);
			pakn_buf_add(&a->keybuf, k1.s, k1.n);
			pakn_buf_addc(&a->keybuf, '\0');
			pakn_buf_add(&a->keybuf, k2.s, k2.n);
			key = a->keybuf.data;
			n = a->keybuf.len;
		}
		g = pakn_agg_table_get(&s->groups[i], key, n, &created);
		for (k = 0; k < by->ndim; k++)
			if (f->name[by->dim[k]].n)
				pakn_agg_keep_name(&g->name[k],
				                   f->name[by->dim[k]].s,
				                   f->name[by->dim[k]].n);
		if (oc)
			cell_add(&g->cur, f, oc);
		if (op)
			cell_add(&g->prev, f, op);
	}
	if (oc == NULL)
		return;
	if (f->ncoord > 0)
		coord_add(a, s, f, r);
	if (f->transfers || f->levels > 2)
		transfers_add(a, s, f, r);
	if (oc->received)
		s->trend_recv[trend_bucket(a, f->rday)]++;
	if (oc->ans_days >= 0 && f->d.aday >= a->cfg.cur.from &&
	    f->d.aday <= a->cfg.cur.to)
		s->trend_ans[trend_bucket(a, f->d.aday)]++;
	if (oc->cls == C_OVERDUE) {
		s->overdue.count++;
		if (s->overdue.cap) {
			need_title(a, f, r);
			need_due(a, f);
			make_item(f, oc->odays, &it);
			pakn_topn_offer(&s->overdue, &it);
		}
	}
	if (f->directive && !oc->answered) {
		s->directives.count++;
		if (s->directives.cap) {
			need_title(a, f, r);
			make_item(f,
			          working_days_between(a->cal, f->rday,
			                               a->cfg.cur.as_of),
			          &it);
			pakn_topn_offer(&s->directives, &it);
		}
	}
}

void
pakn_agg_set_published(struct pakn_agg *a, pakn_agg_pub_fn *fn, void *arg)
{
	a->pub_fn = fn;
	a->pub_arg = arg;
	a->cfg.published = 1;
}

void
pakn_agg_set_case_hook(struct pakn_agg *a, pakn_agg_case_fn *fn, void *arg)
{
	a->case_fn = fn;
	a->case_arg = arg;
}

/* Hands the case, as the current period judged it, to the case hook. */
static void
case_hook(struct pakn_agg *a, struct facts *f, const struct outcome *o)
{
	static const enum pakn_state state_of[C_N] = {
	    [C_ONTIME] = PAKN_STATE_ON_TIME,
	    [C_LATE] = PAKN_STATE_LATE,
	    [C_OPEN] = PAKN_STATE_OPEN,
	    [C_OVERDUE] = PAKN_STATE_OVERDUE,
	    [C_UNDATED] = PAKN_STATE_UNDATED};
	struct pakn_agg_case c;
	const struct str *v[PAKN_CASE_NSTR];
	int i;

	need_due(a, f);
	v[PAKN_CASE_ID] = &f->id;
	v[PAKN_CASE_AGENCY] = &f->key[PAKN_DIM_AGENCY];
	v[PAKN_CASE_AGENCY_NAME] = &f->name[PAKN_DIM_AGENCY];
	v[PAKN_CASE_CHANNEL] = &f->key[PAKN_DIM_CHANNEL];
	/* the category's label when it has an id (pakn-route) */
	v[PAKN_CASE_CATEGORY] = f->name[PAKN_DIM_CATEGORY].n
	                            ? &f->name[PAKN_DIM_CATEGORY]
	                            : &f->key[PAKN_DIM_CATEGORY];
	v[PAKN_CASE_KIND] = &f->key[PAKN_DIM_KIND];
	v[PAKN_CASE_RECEIVED] = &f->received_at;
	v[PAKN_CASE_DUE] = &f->due_at;
	for (i = 0; i < PAKN_CASE_NSTR; i++) {
		c.s[i] = v[i]->s;
		c.len[i] = v[i]->n;
	}
	c.received = o->received;
	c.state = state_of[o->cls];
	c.days = o->cls == C_OVERDUE ? o->odays
	         : o->cls == C_LATE  ? o->ldays
	                             : 0;
	c.received_day = f->rday;
	c.due_day = f->d.due.day;
	c.answered_day =
	    (o->cls == C_ONTIME || o->cls == C_LATE) ? f->d.aday : -1;
	a->case_fn(a->case_arg, &c);
}

/* The judge set, or one with the defaults over the built-in calendar. */
static struct pakn_judge *
agg_judge(struct pakn_agg *a)
{
	if (a->judge)
		return a->judge;
	pakn_calendar_init(&a->own_cal);
	pakn_judge_init(&a->own_judge, &a->own_cal, NULL, NULL, 0,
	                PAKN_UNIT_WORKING_DAYS);
	a->own_judge.mode = PAKN_DUE_TRUST_FINAL;
	a->own = 1;
	a->judge = &a->own_judge;
	a->cal = &a->own_cal;
	return a->judge;
}

int
pakn_agg_add(struct pakn_agg *a, const struct pakn_record *r,
             struct pakn_error *err)
{
	struct facts f;
	struct outcome oc, op;
	int in_cur, in_prev, created;
	const struct pakn_member *m, *loc;
	struct str v;
	struct pakn_buf *tmp = a->dec;
	struct pakn_judge *j = agg_judge(a);
	struct pakn_asof asof;

	a->stats.read++;
	if (pakn_judge_begin(j, r, &f.d) != 0)
		return pakn_error_set(err, NULL, 0, 0, "%s", j->err.data);
	f.rday = f.d.rday;
	/* Decide from two dates whether the case counts at all. */
	if (f.rday > a->cfg.cur.to ||
	    (f.rday < a->cfg.prev.from &&
	     (f.d.answer == PAKN_ANS_UNDATED ||
	      (f.d.answer == PAKN_ANS_DATED && f.d.aday < a->cfg.prev.from)))) {
		a->stats.ignored++;
		return 0;
	}
	pakn_asof_day(&asof, a->cfg.cur.as_of);
	if (pakn_judge_due(j, r, &asof, &f.d) != 0)
		return pakn_error_set(err, NULL, 0, 0, "%s", j->err.data);
	f.received_at = str_of(j->f[PAKN_DF_RECEIVED], &tmp[B_RECEIVED]);
	f.due_at.s = "";
	f.due_at.n = 0; /* made when a list shows it (need_due) */

	memset(&oc, 0, sizeof oc);
	memset(&op, 0, sizeof op);
	in_cur = classify(j, &f, &a->cfg.cur, &oc);
	in_prev = classify(j, &f, &a->cfg.prev, &op);
	if (!in_cur && !in_prev) {
		a->stats.ignored++;
		return 0;
	}
	a->stats.counted++;
	if (in_cur && oc.cls == C_UNDATED)
		a->stats.undated++;

	/* The rest of what the report shows. */
	v = str_of(pakn_record_find(r, "satisfaction"), &tmp[B_SAT]);
	f.sat = str_is(v, "satisfied")     ? 1
	        : str_is(v, "neutral")     ? 2
	        : str_is(v, "unsatisfied") ? 3
	                                   : 0;
	m = pakn_record_find(r, "route");
	f.escalated = 0;
	if (m && m->type == PAKN_J_OBJECT) {
		const char *val;
		size_t n;
		enum pakn_jtype type;

		f.escalated =
		    pakn_json_object_get(m->val, m->vallen, "escalated", &val,
		                         &n, &type) == 0 &&
		    type == PAKN_J_TRUE;
	}
	f.key[PAKN_DIM_KIND] =
	    str_of(pakn_record_find(r, "kind"), &tmp[B_KIND]);
	f.directive = str_is(f.key[PAKN_DIM_KIND], "directive");
	oc.rb = op.rb = -1;
	if (f.directive) {
		struct pakn_period *pp[2] = {&a->cfg.cur, &a->cfg.prev};
		struct outcome *po[2] = {&oc, &op};
		int in[2] = {in_cur, in_prev}, k;

		for (k = 0; k < 2; k++) {
			struct pakn_asof as;
			enum pakn_rb_state st;
			long dd;

			if (!in[k])
				continue;
			pakn_asof_day(&as, pp[k]->as_of);
			if (pakn_judge_report_back(j, r, &f.d, &as, &st, &dd) !=
			    0) {
				a->stats.counted--;
				return pakn_error_set(err, NULL, 0, 0, "%s",
				                      j->err.data);
			}
			po[k]->rb = C_RB_ONTIME + (int)st;
		}
	}
	m = pakn_record_find(r, "levels");
	f.levels = 0;
	if (m && m->type == PAKN_J_NUMBER &&
	    pakn_record_get_int(r, "levels", &f.levels) != 0)
		f.levels = 0;
	f.transfers = NULL;
	m = pakn_record_find(r, "transfers");
	if (m && m->type == PAKN_J_ARRAY && in_cur)
		f.transfers = pakn_json_value_to_json(m->val, m->vallen);
	f.ncoord = 0;
	if (in_cur) {
		f.ncoord = pakn_judge_coordination(j, r, &f.d, &asof);
		if (f.ncoord < 0) {
			json_decref(f.transfers);
			a->stats.counted--;
			return pakn_error_set(err, NULL, 0, 0, "%s",
			                      j->err.data);
		}
	}
	f.esc_reason = 0;
	if (f.escalated) {
		const struct pakn_member *b =
		    pakn_record_find(r, "beyond_authority");

		f.esc_reason = f.sat == 3                    ? C_ESC_UNSAT
		               : b && b->type == PAKN_J_TRUE ? C_ESC_BEYOND
		               : str_is(f.key[PAKN_DIM_KIND], "denunciation")
		                   ? C_ESC_DEN
		                   : 0;
	}
	f.key[PAKN_DIM_AGENCY] =
	    str_of(pakn_record_find(r, "agency"), &tmp[B_AGENCY]);
	f.name[PAKN_DIM_AGENCY] =
	    str_of(pakn_record_find(r, "agency_name"), &tmp[B_AGENCY_NAME]);
	/* category_id (pakn-route) when there is one, the label its name. */
	f.key[PAKN_DIM_CATEGORY] =
	    str_of(pakn_record_find(r, "category_id"), &tmp[B_CATEGORY_ID]);
	f.name[PAKN_DIM_CATEGORY] =
	    str_of(pakn_record_find(r, "category"), &tmp[B_CATEGORY]);
	if (f.key[PAKN_DIM_CATEGORY].n == 0) {
		f.key[PAKN_DIM_CATEGORY] = f.name[PAKN_DIM_CATEGORY];
		f.name[PAKN_DIM_CATEGORY].n = 0;
	}
	f.key[PAKN_DIM_CHANNEL] =
	    str_of(pakn_record_find(r, "channel"), &tmp[B_CHANNEL]);
	loc = pakn_record_find(r, "location");
	f.key[PAKN_DIM_DISTRICT] =
	    nested_str(loc, "district", &tmp[B_DISTRICT]);
	f.key[PAKN_DIM_COMMUNE] = nested_str(loc, "commune", &tmp[B_COMMUNE]);
	f.key[PAKN_DIM_LEVEL] =
	    str_of(pakn_record_find(r, "level"), &tmp[B_LEVEL]);
	f.name[PAKN_DIM_LEVEL].n = 0;
	f.name[PAKN_DIM_LEVEL].s = "";
	week_day_keys(f.rday, &tmp[B_WEEK], &tmp[B_DAY]);
	f.key[PAKN_DIM_WEEK].s = tmp[B_WEEK].data;
	f.key[PAKN_DIM_WEEK].n = tmp[B_WEEK].len;
	f.key[PAKN_DIM_DAY].s = tmp[B_DAY].data;
	f.key[PAKN_DIM_DAY].n = tmp[B_DAY].len;
	f.name[PAKN_DIM_WEEK].n = f.name[PAKN_DIM_DAY].n = 0;
	f.name[PAKN_DIM_WEEK].s = f.name[PAKN_DIM_DAY].s = "";
	f.name[PAKN_DIM_CHANNEL].n = f.name[PAKN_DIM_KIND].n = 0;
	f.name[PAKN_DIM_DISTRICT].n = f.name[PAKN_DIM_COMMUNE].n = 0;
	f.name[PAKN_DIM_CHANNEL].s = f.name[PAKN_DIM_KIND].s = "";
	f.name[PAKN_DIM_DISTRICT].s = f.name[PAKN_DIM_COMMUNE].s = "";
	f.id = str_of(pakn_record_find(r, "id"), &tmp[B_ID]);
	v = str_of(pakn_record_find(r, "published_at"), &tmp[B_PUBLISHED]);
	f.published = v.n > 0 || (a->pub_fn && f.id.n &&
	                          a->pub_fn(a->pub_arg, f.id.s, f.id.n));
	f.title_done = 0;
	f.title = str_of(pakn_record_find(r, "title"), &tmp[B_TITLE]);

	scope_add(a, &a->whole, &f, in_cur ? &oc : NULL, in_prev ? &op : NULL,
	          r);
	if (in_cur && a->case_fn)
		case_hook(a, &f, &oc);
	if (a->cfg.split) {
		struct str k = f.key[a->cfg.split_dim];
		struct group *g =
		    pakn_agg_table_get(&a->splits, k.s, k.n, &created);

		if (created)
			g->scope = pakn_agg_scope_new(a);
		if (f.name[a->cfg.split_dim].n)
			pakn_agg_keep_name(&g->name[0],
			                   f.name[a->cfg.split_dim].s,
			                   f.name[a->cfg.split_dim].n);
		scope_add(a, g->scope, &f, in_cur ? &oc : NULL,
		          in_prev ? &op : NULL, r);
	}
	json_decref(f.transfers);
	return 1;
}

/* ---- the finished report ---------------------------------------------- */

size_t
pakn_agg_nsplits(const struct pakn_agg *a)
{
	return a->cfg.split ? pakn_agg_table_count(&a->splits) : 0;
}

/* Whether a grouping has a week or a day: its rows go by key. */
static int
by_time(const struct pakn_agg_by *by)
{
	int k;

	for (k = 0; k < by->ndim; k++)
		if (by->dim[k] == PAKN_DIM_WEEK || by->dim[k] == PAKN_DIM_DAY)
			return 1;
	return 0;
}

/* Weeks and days in time order, then by the second key. */
static int
row_key_qcmp(const void *pa, const void *pb)
{
	const struct pakn_report_row *a = pa, *b = pb;
	int c = strcmp(a->key[0], b->key[0]);

	return c ? c : strcmp(a->key[1], b->key[1]);
}

static int
row_qcmp(const void *pa, const void *pb)
{
	const struct pakn_report_row *a = pa, *b = pb;
	long long ta = a->cur.received + a->cur.carried_over;
	long long tb = b->cur.received + b->cur.carried_over;
	int c;

	if (ta != tb)
		return ta > tb ? -1 : 1;
	ta = a->prev.received + a->prev.carried_over;
	tb = b->prev.received + b->prev.carried_over;
	if (ta != tb)
		return ta > tb ? -1 : 1;
	c = strcmp(a->key[0], b->key[0]);
	return c ? c : strcmp(a->key[1], b->key[1]);
}

static void
list_of(const struct pakn_topn *t, struct pakn_report_list *l)
{
	struct pakn_topn_item *it = pakn_topn_sorted(t);
	size_t i;

	l->count = t->count;
	l->ncases = t->n;
	l->cases = pakn_xcalloc(t->n ? t->n : 1, sizeof *l->cases);
	for (i = 0; i < t->n; i++) {
		struct pakn_report_case *c = &l->cases[i];

		c->id = it[i].s[PAKN_TOPN_ID];
		c->agency = it[i].s[PAKN_TOPN_AGENCY];
		c->agency_name = it[i].s[PAKN_TOPN_AGENCY_NAME];
		c->title = it[i].s[PAKN_TOPN_TITLE];
		c->received_at = it[i].s[PAKN_TOPN_RECEIVED];
		c->due_at = it[i].s[PAKN_TOPN_DUE];
		c->received_day = it[i].rday;
		c->due_day = it[i].dday;
		c->days = it[i].days;
	}
	free(it);
}

/* Coordination rows: most requests first, then by key. */
static int
coord_qcmp(const void *pa, const void *pb)
{
	const struct pakn_report_row *a = pa, *b = pb;

	if (a->cur.cr_asked != b->cur.cr_asked)
		return a->cur.cr_asked > b->cur.cr_asked ? -1 : 1;
	return strcmp(a->key[0], b->key[0]);
}

/* Returns rows: most returns first, then by key. */
static int
returns_qcmp(const void *pa, const void *pb)
{
	const struct pakn_report_row *a = pa, *b = pb;

	if (a->cur.returns != b->cur.returns)
		return a->cur.returns > b->cur.returns ? -1 : 1;
	return strcmp(a->key[0], b->key[0]);
}

/* The rows of a table (rg->by set), sorted by cmp. */
static void
group_of(const struct table *t, struct pakn_report_group *rg,
         int (*cmp)(const void *, const void *))
{
	size_t i;

	rg->nrows = pakn_agg_table_count(t);
	rg->rows = pakn_xcalloc(rg->nrows ? rg->nrows : 1, sizeof *rg->rows);
	for (i = 0; i < rg->nrows; i++) {
		const struct group *g = &t->g[i];
		const char *key = pakn_strmap_entry(&t->keys, i)->key;
		struct pakn_report_row *row = &rg->rows[i];

		row->key[0] = key;
		row->key[1] = rg->by.ndim == 2 ? key + strlen(key) + 1 : "";
		row->name[0] = g->name[0];
		row->name[1] = g->name[1];
		figures_of(&g->cur, &row->cur);
		figures_of(&g->prev, &row->prev);
	}
	qsort(rg->rows, rg->nrows, sizeof *rg->rows, cmp);
}

struct pakn_report *
pakn_agg_report(const struct pakn_agg *a, size_t scope)
{
	struct pakn_report *rep = pakn_xcalloc(1, sizeof *rep);
	const struct scope *s = &a->whole;
	const struct pakn_strmap_entry **sorted = NULL;
	size_t j;
	int k;

	rep->cfg = &a->cfg;
	if (scope > 0) {
		const struct group *g;

		sorted = pakn_agg_table_sorted(&a->splits);
		g = &a->splits.g[sorted[scope - 1]->val];
		s = g->scope;
		rep->scope_key = sorted[scope - 1]->key;
		rep->scope_name = g->name[0];
		free(sorted);
	}
	figures_of(&s->tot_cur, &rep->total);
	figures_of(&s->tot_prev, &rep->prev_total);
	rep->has_prev = rep->prev_total.received > 0;
	rep->has_published = a->cfg.published ||
	                     a->whole.tot_cur.n[C_PUB] > 0 ||
	                     a->whole.tot_prev.n[C_PUB] > 0;
	rep->groups = pakn_xcalloc((size_t)(a->cfg.nby ? a->cfg.nby : 1),
	                           sizeof *rep->groups);
	for (k = 0; k < a->cfg.nby; k++) {
		rep->groups[k].by = a->cfg.by[k];
		group_of(&s->groups[k], &rep->groups[k],
		         by_time(&a->cfg.by[k]) ? row_key_qcmp : row_qcmp);
	}
	rep->coordination.by.ndim = 1;
	rep->coordination.by.dim[0] = PAKN_DIM_AGENCY;
	group_of(&s->coord, &rep->coordination, coord_qcmp);
	rep->returns.by.ndim = 1;
	rep->returns.by.dim[0] = PAKN_DIM_AGENCY;
	group_of(&s->returns, &rep->returns, returns_qcmp);
	list_of(&s->multi, &rep->multi_level);
	list_of(&s->overdue, &rep->overdue);
	list_of(&s->directives, &rep->directives);
	list_of(&s->coord_overdue, &rep->coord_overdue);
	rep->trend.monthly = a->trend_monthly;
	rep->trend.n = a->ntrend;
	rep->trend.start = pakn_xcalloc(a->ntrend, sizeof *rep->trend.start);
	rep->trend.received =
	    pakn_xcalloc(a->ntrend, sizeof *rep->trend.received);
	rep->trend.answered =
	    pakn_xcalloc(a->ntrend, sizeof *rep->trend.answered);
	for (j = 0; j < a->ntrend; j++) {
		rep->trend.start[j] = a->trend_monthly
		                          ? month_first(a->cfg.cur.from, (int)j)
		                          : a->cfg.cur.from + (long)j;
		rep->trend.received[j] = s->trend_recv[j];
		rep->trend.answered[j] = s->trend_ans[j];
	}
	return rep;
}

void
pakn_report_free(struct pakn_report *rep)
{
	int k;

	if (rep == NULL)
		return;
	for (k = 0; k < rep->cfg->nby; k++)
		free(rep->groups[k].rows);
	free(rep->groups);
	free(rep->overdue.cases);
	free(rep->directives.cases);
	free(rep->coordination.rows);
	free(rep->coord_overdue.cases);
	free(rep->returns.rows);
	free(rep->multi_level.cases);
	free(rep->trend.start);
	free(rep->trend.received);
	free(rep->trend.answered);
	free(rep);
}
