/*
 * agg.c: the aggregation behind pakn-report (see agg.h for the contract).
 *
 * The state is a tree of small tables, never the records: a scope (the
 * whole input, or one split value such as an agency) holds the totals, one
 * hash table per grouping whose entries hold a cell per period (current,
 * previous), two top-N heaps and the trend counters.  A cell is ten
 * counters and an exact histogram of working days to answer, indexed by
 * the number of days; histograms add up, so medians survive merging.
 *
 * The hot path (pakn_agg_add) reads the scanned line through the record
 * layer: it finds received_at and answered_at, decides from those two
 * dates alone whether the record counts in either period (most of an
 * archive does not), and only then decodes the other fields.  Strings
 * without escapes are used in place, never copied; a group's key is
 * copied once, when the group is created.
 *
 * How each figure is derived, for a period [from, to] seen at as_of (day
 * numbers in Vietnam time), with the rules pakn-deadline applies, so that
 * a record gets the same verdict whether pakn-deadline ran or not:
 *  - the answer: answered_at, else closed_at; answered by day D when its
 *    day is <= D.  Without either, a status of answered, closed or
 *    rejected counts as answered at an unknown time (such a case is never
 *    carried over and has no duration);
 *  - received: received_at's day in [from, to];
 *  - carried over: received before `from` and not answered before `from`;
 *  - the population (received + carried over) splits into answered on
 *    time / answered late (answered by as_of; late when the answer came
 *    after the deadline's moment: a due_at without a time is the end of
 *    its day), open within the deadline, and overdue (not answered by
 *    as_of, and as_of after the due day; days overdue: working days after
 *    the due day up to as_of, at least 1);
 *  - for the current period, a record's `deadline_state` (pakn-deadline)
 *    overrides that split, and its `overdue_days` the days overdue;
 *  - working days to answer: working days d with receipt day < d <=
 *    answer day (0 for a same-day answer), for answers with a known day;
 *  - satisfied / neutral / unsatisfied and escalated (route.escalated):
 *    cases of the population carrying them.
 * Working days come from lib/calendar when the caller gives one
 * (pakn_agg_set_calendar), else Monday to Friday.
 */
#include "agg.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "calendar.h"
#include "deadline.h"
#include "text.h"
#include "when.h"

#define HIST_MAX 3660      /* longer durations count as this many days */
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
    "agency", "category", "channel", "kind", "district", "commune",
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
		    "channel, kind, district or commune)",
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
		    "channel, kind, district or commune)",
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
	C_UNDATED, /* answered, date unknown */
	C_N
};

struct cell {
	long long n[C_N];
	long long *hist; /* hist[d]: answers that took d working days */
	size_t nhist;    /* allocated entries */
	size_t maxd;     /* highest d + 1 with a count */
};

static void
cell_release(struct cell *c)
{
	free(c->hist);
	memset(c, 0, sizeof *c);
}

static void
cell_hist_add(struct cell *c, long d, long long k)
{
	size_t cap;

	if (d < 0)
		d = 0;
	if (d > HIST_MAX)
		d = HIST_MAX;
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

static int
cell_empty(const struct cell *c)
{
	int i;

	for (i = 0; i < C_N; i++)
		if (c->n[i])
			return 0;
	return c->maxd == 0;
}

long
pakn_hist_percentile(const long long *hist, size_t n, int p)
{
	long long total = 0, need, run = 0;
	size_t d;

	for (d = 0; d < n; d++)
		total += hist[d];
	if (total == 0)
		return -1;
	/* ceil(p * total / 100), in integers. */
	need = (total * p + 99) / 100;
	if (need < 1)
		need = 1;
	for (d = 0; d < n; d++) {
		run += hist[d];
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
	for (d = 0; d < c->maxd; d++)
		f->answered_timed += c->hist[d];
	f->median = pakn_hist_percentile(c->hist, c->maxd, 50);
	f->p90 = pakn_hist_percentile(c->hist, c->maxd, 90);
	f->rate = ratio(f->on_time, f->on_time + f->late + f->overdue);
	rated = f->satisfied + f->neutral + f->unsatisfied;
	f->sat_rate = ratio(f->satisfied, rated);
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

struct scope;

struct group {
	uint64_t hash;
	char *key; /* k1, or k1 '\0' k2 */
	size_t keylen;
	char *name[2]; /* least display name seen, or NULL */
	struct cell cur, prev;
	struct scope *scope; /* split tables only */
};

struct table {
	struct group *g; /* in creation order */
	size_t n, cap;
	uint32_t *slot; /* index + 1; 0 = empty */
	size_t nslot;   /* a power of two */
};

static uint64_t
hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	h ^= h >> 29;
	return h;
}

static void
table_rehash(struct table *t, size_t nslot)
{
	size_t i, j, mask = nslot - 1;

	free(t->slot);
	t->slot = pakn_xcalloc(nslot, sizeof *t->slot);
	t->nslot = nslot;
	for (i = 0; i < t->n; i++) {
		for (j = t->g[i].hash & mask; t->slot[j]; j = (j + 1) & mask)
			;
		t->slot[j] = (uint32_t)(i + 1);
	}
}

/* The group of key (n bytes), created (zeroed) if new; *created says. */
static struct group *
table_get(struct table *t, const char *key, size_t n, int *created)
{
	uint64_t h = hash_bytes(key, n);
	size_t j, mask;
	struct group *g;

	if (t->nslot == 0)
		table_rehash(t, 16);
	mask = t->nslot - 1;
	for (j = h & mask; t->slot[j]; j = (j + 1) & mask) {
		g = &t->g[t->slot[j] - 1];
		if (g->hash == h && g->keylen == n &&
		    memcmp(g->key, key, n) == 0) {
			*created = 0;
			return g;
		}
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		t->g = pakn_xrealloc(t->g, t->cap * sizeof *t->g);
	}
	g = &t->g[t->n];
	memset(g, 0, sizeof *g);
	g->hash = h;
	g->key = pakn_xstrndup(key, n);
	g->keylen = n;
	t->slot[j] = (uint32_t)(++t->n);
	if (t->n * 2 > t->nslot)
		table_rehash(t, t->nslot * 2);
	*created = 1;
	return &t->g[t->n - 1];
}

/* Keeps the least (bytewise) non-empty display name: the same whatever
 * the order the records came in. */
static void
keep_name(char **slot, const char *s, size_t n)
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

/* ---- top-N lists ---------------------------------------------------- */

enum { I_ID, I_AGENCY, I_AGENCY_NAME, I_TITLE, I_RECEIVED, I_DUE, I_N };

struct item {
	const char *s[I_N]; /* owned when in a list; never NULL there */
	size_t len[I_N];
	long rday, dday, days;
};

enum { LIST_OVERDUE, LIST_DIRECTIVES };

struct topn {
	int kind;
	size_t cap;     /* the top N */
	struct item *v; /* a heap whose root is the last kept */
	size_t n;
	long long count; /* every candidate offered */
};

static int
bytes_cmp(const char *a, size_t na, const char *b, size_t nb)
{
	int c = memcmp(a, b, na < nb ? na : nb);

	if (c)
		return c;
	return na < nb ? -1 : na > nb;
}

/*
 * The lists' total order: < 0 when a comes before b.  Overdue: most days
 * overdue first; directives: waiting longest first (most working days
 * since receipt, then earliest receipt); then id, then every other field,
 * so that equal-looking cases still have one order.
 */
static int
item_cmp(int kind, const struct item *a, const struct item *b)
{
	int i, c;

	if (a->days != b->days)
		return a->days > b->days ? -1 : 1;
	if (kind == LIST_DIRECTIVES && a->rday != b->rday)
		return a->rday < b->rday ? -1 : 1;
	c = bytes_cmp(a->s[I_ID], a->len[I_ID], b->s[I_ID], b->len[I_ID]);
	if (c)
		return c;
	if (a->rday != b->rday)
		return a->rday < b->rday ? -1 : 1;
	if (a->dday != b->dday)
		return a->dday < b->dday ? -1 : 1;
	for (i = 1; i < I_N; i++) {
		c = bytes_cmp(a->s[i], a->len[i], b->s[i], b->len[i]);
		if (c)
			return c;
	}
	return 0;
}

static void
item_free(struct item *it)
{
	int i;

	for (i = 0; i < I_N; i++)
		free((char *)it->s[i]);
}

static void
item_copy(struct item *dst, const struct item *src)
{
	int i;

	*dst = *src;
	for (i = 0; i < I_N; i++)
		dst->s[i] = pakn_xstrndup(src->s[i] ? src->s[i] : "",
		                          src->s[i] ? src->len[i] : 0);
}

static void
heap_up(struct topn *t, size_t i)
{
	struct item tmp;
	size_t p;

	while (i > 0) {
		p = (i - 1) / 2;
		if (item_cmp(t->kind, &t->v[p], &t->v[i]) >= 0)
			break;
		tmp = t->v[p];
		t->v[p] = t->v[i];
		t->v[i] = tmp;
		i = p;
	}
}

static void
heap_down(struct topn *t, size_t i)
{
	struct item tmp;
	size_t l, r, m;

	for (;;) {
		l = 2 * i + 1;
		r = l + 1;
		m = i;
		if (l < t->n && item_cmp(t->kind, &t->v[l], &t->v[m]) > 0)
			m = l;
		if (r < t->n && item_cmp(t->kind, &t->v[r], &t->v[m]) > 0)
			m = r;
		if (m == i)
			return;
		tmp = t->v[m];
		t->v[m] = t->v[i];
		t->v[i] = tmp;
		i = m;
	}
}

/* Whether it would be kept (cheap: nothing is copied). */
static int
topn_wants(const struct topn *t, const struct item *it)
{
	if (t->cap == 0)
		return 0;
	if (t->n < t->cap)
		return 1;
	return item_cmp(t->kind, it, &t->v[0]) < 0;
}

/* Offers a candidate whose strings are borrowed; copies it if kept.  Does
 * not count it (the caller does, once per case). */
static void
topn_offer(struct topn *t, const struct item *it)
{
	if (!topn_wants(t, it))
		return;
	if (t->n < t->cap) {
		if (t->v == NULL)
			t->v = pakn_xcalloc(t->cap, sizeof *t->v);
		item_copy(&t->v[t->n], it);
		heap_up(t, t->n++);
		return;
	}
	item_free(&t->v[0]);
	item_copy(&t->v[0], it);
	heap_down(t, 0);
}

static void
topn_release(struct topn *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		item_free(&t->v[i]);
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

static int kind_for_sort;

static int
item_qcmp(const void *a, const void *b)
{
	return item_cmp(kind_for_sort, a, b);
}

/* The kept items in list order, as a new array of borrowed views. */
static struct item *
topn_sorted(const struct topn *t)
{
	struct item *v = pakn_xcalloc(t->n ? t->n : 1, sizeof *v);

	if (t->n)
		memcpy(v, t->v, t->n * sizeof *v);
	kind_for_sort = t->kind;
	qsort(v, t->n, sizeof *v, item_qcmp);
	return v;
}

/* ---- scopes ---------------------------------------------------------- */

struct scope {
	struct cell tot_cur, tot_prev;
	struct table *groups; /* cfg.nby tables */
	struct topn overdue, directives;
	long long *trend_recv, *trend_ans;
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
	B_ID,
	B_TITLE,
	B_CONTENT,
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
	/* scratch for the hot path: one buffer per decoded field */
	struct pakn_buf dec[B_COUNT];
	struct pakn_buf keybuf, tmp;
};

static struct scope *
scope_new(const struct pakn_agg *a)
{
	struct scope *s = pakn_xcalloc(1, sizeof *s);

	s->groups = pakn_xcalloc((size_t)(a->cfg.nby ? a->cfg.nby : 1),
	                         sizeof *s->groups);
	s->overdue.kind = LIST_OVERDUE;
	s->overdue.cap = (size_t)a->cfg.top;
	s->directives.kind = LIST_DIRECTIVES;
	s->directives.cap = (size_t)a->cfg.top;
	s->trend_recv = pakn_xcalloc(a->ntrend, sizeof *s->trend_recv);
	s->trend_ans = pakn_xcalloc(a->ntrend, sizeof *s->trend_ans);
	return s;
}

static void
table_release(struct table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->g[i].key);
		free(t->g[i].name[0]);
		free(t->g[i].name[1]);
		cell_release(&t->g[i].cur);
		cell_release(&t->g[i].prev);
	}
	free(t->g);
	free(t->slot);
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
	topn_release(&s->overdue);
	topn_release(&s->directives);
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
		struct scope *s = scope_new(a);

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
	for (i = 0; i < a->splits.n; i++) {
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
	int directive;
	struct str key[PAKN_DIM_COUNT];
	struct str name[PAKN_DIM_COUNT]; /* agency_name; category label */
	struct str id, title, received_at, due_at;
	int title_done;
};

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
	long ans_days; /* -1: no known duration */
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
	o->odays = 0;
	switch (pakn_judge_state(j, &f->d, &asof, &days)) {
	case PAKN_STATE_ON_TIME: o->cls = C_ONTIME; break;
	case PAKN_STATE_LATE: o->cls = C_LATE; break;
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
	if (f->escalated)
		c->n[C_ESC]++;
	if (o->ans_days >= 0)
		cell_hist_add(c, o->ans_days, 1);
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
make_item(const struct facts *f, long days, struct item *it)
{
	it->s[I_ID] = f->id.s;
	it->len[I_ID] = f->id.n;
	it->s[I_AGENCY] = f->key[PAKN_DIM_AGENCY].s;
	it->len[I_AGENCY] = f->key[PAKN_DIM_AGENCY].n;
	it->s[I_AGENCY_NAME] = f->name[PAKN_DIM_AGENCY].s;
	it->len[I_AGENCY_NAME] = f->name[PAKN_DIM_AGENCY].n;
	it->s[I_TITLE] = f->title.s;
	it->len[I_TITLE] = f->title.n;
	it->s[I_RECEIVED] = f->received_at.s;
	it->len[I_RECEIVED] = f->received_at.n;
	it->s[I_DUE] = f->due_at.s;
	it->len[I_DUE] = f->due_at.n;
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
	struct pakn_time t;
	struct pakn_buf *b = &a->dec[B_DUE];

	if (f->due_at.n)
		return;
	pakn_time_from_epoch(f->d.due.at, PAKN_VN_OFFSET_MIN, &t);
	pakn_buf_reset(b);
	pakn_time_format(&t, b);
	f->due_at.s = b->data;
	f->due_at.n = b->len;
}

/* Adds the case to a group of each grouping of scope s. */
static void
scope_add(struct pakn_agg *a, struct scope *s, struct facts *f,
          const struct outcome *oc, const struct outcome *op,
          const struct pakn_record *r)
{
	int i, k, created;
	struct group *g;
	struct item it;

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
		g = table_get(&s->groups[i], key, n, &created);
		for (k = 0; k < by->ndim; k++)
			if (f->name[by->dim[k]].n)
				keep_name(&g->name[k], f->name[by->dim[k]].s,
				          f->name[by->dim[k]].n);
		if (oc)
			cell_add(&g->cur, f, oc);
		if (op)
			cell_add(&g->prev, f, op);
	}
	if (oc == NULL)
		return;
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
			topn_offer(&s->overdue, &it);
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
			topn_offer(&s->directives, &it);
		}
	}
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
	f.name[PAKN_DIM_CHANNEL].n = f.name[PAKN_DIM_KIND].n = 0;
	f.name[PAKN_DIM_DISTRICT].n = f.name[PAKN_DIM_COMMUNE].n = 0;
	f.name[PAKN_DIM_CHANNEL].s = f.name[PAKN_DIM_KIND].s = "";
	f.name[PAKN_DIM_DISTRICT].s = f.name[PAKN_DIM_COMMUNE].s = "";
	f.id = str_of(pakn_record_find(r, "id"), &tmp[B_ID]);
	f.title_done = 0;
	f.title = str_of(pakn_record_find(r, "title"), &tmp[B_TITLE]);

	scope_add(a, &a->whole, &f, in_cur ? &oc : NULL, in_prev ? &op : NULL,
	          r);
	if (a->cfg.split) {
		struct str k = f.key[a->cfg.split_dim];
		struct group *g = table_get(&a->splits, k.s, k.n, &created);

		if (created)
			g->scope = scope_new(a);
		if (f.name[a->cfg.split_dim].n)
			keep_name(&g->name[0], f.name[a->cfg.split_dim].s,
			          f.name[a->cfg.split_dim].n);
		scope_add(a, g->scope, &f, in_cur ? &oc : NULL,
		          in_prev ? &op : NULL, r);
	}
	return 1;
}

/* ---- partials: writing ------------------------------------------------- */

static json_t *
day_json(long day)
{
	int y, m, d;
	char s[16];

	pakn_civil_from_days(day, &y, &m, &d);
	snprintf(s, sizeof s, "%04d-%02d-%02d", y, m, d);
	return json_string(s);
}

static json_t *
config_json(const struct pakn_agg_config *c, int with_top)
{
	json_t *o = json_object(), *by = json_array();
	struct pakn_buf b = PAKN_BUF_INIT;
	int i;

	json_object_set_new(o, "from", day_json(c->cur.from));
	json_object_set_new(o, "to", day_json(c->cur.to));
	json_object_set_new(o, "as_of", day_json(c->cur.as_of));
	json_object_set_new(o, "month", json_boolean(c->month));
	json_object_set_new(o, "prev_from", day_json(c->prev.from));
	json_object_set_new(o, "prev_to", day_json(c->prev.to));
	json_object_set_new(o, "prev_as_of", day_json(c->prev.as_of));
	for (i = 0; i < c->nby; i++) {
		pakn_agg_by_name(&c->by[i], &b);
		json_array_append_new(by, json_string(b.data));
	}
	json_object_set_new(o, "by", by);
	if (with_top)
		json_object_set_new(o, "top", json_integer(c->top));
	json_object_set_new(o, "split_by",
	                    c->split ? json_string(pakn_dim_name(c->split_dim))
	                             : json_null());
	pakn_buf_release(&b);
	return o;
}

static json_t *
str_json(const char *s, size_t n)
{
	json_t *j = json_stringn(s, n);

	/* Keys came from validated JSON, so this only fails on memory. */
	return j ? j : json_string("");
}

static json_t *
cell_json(const struct cell *c)
{
	json_t *o, *n, *h;
	size_t d;
	int i;

	if (cell_empty(c))
		return json_null();
	o = json_object();
	n = json_array();
	for (i = 0; i < C_N; i++)
		json_array_append_new(n, json_integer(c->n[i]));
	json_object_set_new(o, "n", n);
	h = json_array();
	for (d = 0; d < c->maxd; d++)
		if (c->hist[d]) {
			json_t *pair = json_array();

			json_array_append_new(pair,
			                      json_integer((json_int_t)d));
			json_array_append_new(pair, json_integer(c->hist[d]));
			json_array_append_new(h, pair);
		}
	json_object_set_new(o, "h", h);
	return o;
}

static int
group_qcmp(const void *pa, const void *pb)
{
	const struct group *a = *(const struct group *const *)pa;
	const struct group *b = *(const struct group *const *)pb;

	return bytes_cmp(a->key, a->keylen, b->key, b->keylen);
}

/* The groups of a table sorted by key: a new array of pointers. */
static struct group **
table_sorted(const struct table *t)
{
	struct group **v = pakn_xcalloc(t->n ? t->n : 1, sizeof *v);
	size_t i;

	for (i = 0; i < t->n; i++)
		v[i] = &t->g[i];
	qsort(v, t->n, sizeof *v, group_qcmp);
	return v;
}

static json_t *
key_json(const struct group *g, int ndim)
{
	json_t *k = json_array();
	size_t n1 = ndim == 2 ? strlen(g->key) : g->keylen;

	json_array_append_new(k, str_json(g->key, n1));
	if (ndim == 2)
		json_array_append_new(
		    k, str_json(g->key + n1 + 1, g->keylen - n1 - 1));
	return k;
}

static json_t *
names_json(const struct group *g, int ndim)
{
	json_t *k = json_array();
	int i;

	for (i = 0; i < ndim; i++)
		json_array_append_new(k, g->name[i] ? json_string(g->name[i])
		                                    : json_null());
	return k;
}

static json_t *
list_json(const struct topn *t)
{
	json_t *o = json_object(), *v = json_array();
	struct item *it = topn_sorted(t);
	size_t i;
	int k;

	json_object_set_new(o, "count", json_integer(t->count));
	for (i = 0; i < t->n; i++) {
		json_t *c = json_array();

		for (k = 0; k < I_N; k++)
			json_array_append_new(
			    c, str_json(it[i].s[k], it[i].len[k]));
		json_array_append_new(c, json_integer(it[i].rday));
		json_array_append_new(c, json_integer(it[i].dday));
		json_array_append_new(c, json_integer(it[i].days));
		json_array_append_new(v, c);
	}
	free(it);
	json_object_set_new(o, "cases", v);
	return o;
}

static json_t *
counts_json(const long long *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_integer(v[i]));
	return a;
}

static json_t *
scope_json(const struct pakn_agg *a, const struct scope *s)
{
	json_t *o = json_object(), *groups = json_array();
	int i;
	size_t j;

	json_object_set_new(o, "cur", cell_json(&s->tot_cur));
	json_object_set_new(o, "prev", cell_json(&s->tot_prev));
	for (i = 0; i < a->cfg.nby; i++) {
		json_t *list = json_array();
		struct group **v = table_sorted(&s->groups[i]);

		for (j = 0; j < s->groups[i].n; j++) {
			json_t *g = json_object();

			json_object_set_new(g, "key",
			                    key_json(v[j], a->cfg.by[i].ndim));
			json_object_set_new(
			    g, "name", names_json(v[j], a->cfg.by[i].ndim));
			json_object_set_new(g, "cur", cell_json(&v[j]->cur));
			json_object_set_new(g, "prev", cell_json(&v[j]->prev));
			json_array_append_new(list, g);
		}
		free(v);
		json_array_append_new(groups, list);
	}
	json_object_set_new(o, "groups", groups);
	json_object_set_new(o, "overdue", list_json(&s->overdue));
	json_object_set_new(o, "directives", list_json(&s->directives));
	json_object_set_new(o, "trend_received",
	                    counts_json(s->trend_recv, a->ntrend));
	json_object_set_new(o, "trend_answered",
	                    counts_json(s->trend_ans, a->ntrend));
	return o;
}

json_t *
pakn_agg_to_partial(const struct pakn_agg *a)
{
	json_t *o = json_object(), *st = json_object(), *splits;
	size_t i;

	json_object_set_new(o, "format", json_string("pakn-report-partial"));
	json_object_set_new(o, "version",
	                    json_integer(PAKN_AGG_PARTIAL_VERSION));
	json_object_set_new(o, "config", config_json(&a->cfg, 1));
	json_object_set_new(st, "read",
	                    json_integer((json_int_t)a->stats.read));
	json_object_set_new(st, "counted",
	                    json_integer((json_int_t)a->stats.counted));
	json_object_set_new(st, "ignored",
	                    json_integer((json_int_t)a->stats.ignored));
	json_object_set_new(o, "stats", st);
	json_object_set_new(o, "whole", scope_json(a, &a->whole));
	splits = json_array();
	if (a->cfg.split) {
		struct group **v = table_sorted(&a->splits);

		for (i = 0; i < a->splits.n; i++) {
			json_t *sp = scope_json(a, v[i]->scope);

			json_object_set_new(sp, "split_key",
			                    str_json(v[i]->key, v[i]->keylen));
			json_object_set_new(sp, "split_name",
			                    v[i]->name[0]
			                        ? json_string(v[i]->name[0])
			                        : json_null());
			json_array_append_new(splits, sp);
		}
		free(v);
	}
	json_object_set_new(o, "splits", splits);
	return o;
}

/* ---- partials: reading ------------------------------------------------- */

static int
bad(struct pakn_error *err, const char *what)
{
	return pakn_error_set(err, NULL, 0, 0, "malformed partial: %s", what);
}

static int
get_day(const json_t *o, const char *key, long *day)
{
	const char *s = json_string_value(json_object_get(o, key));
	struct pakn_error e;

	return s ? pakn_date_parse_iso(s, day, &e) : -1;
}

int
pakn_agg_partial_config(const json_t *p, struct pakn_agg_config *cfg,
                        struct pakn_error *err)
{
	const json_t *c, *by, *v;
	const char *fmt, *split;
	size_t i;

	fmt = json_string_value(json_object_get(p, "format"));
	if (!json_is_object(p) || fmt == NULL ||
	    strcmp(fmt, "pakn-report-partial") != 0)
		return pakn_error_set(err, NULL, 0, 0,
		                      "not a pakn-report partial (made with "
		                      "pakn-report --partial)");
	v = json_object_get(p, "version");
	if (!json_is_integer(v) ||
	    json_integer_value(v) != PAKN_AGG_PARTIAL_VERSION)
		return pakn_error_set(
		    err, NULL, 0, 0,
		    "partial version %lld, this pakn-report reads version %d",
		    json_is_integer(v) ? (long long)json_integer_value(v)
		                       : -1LL,
		    PAKN_AGG_PARTIAL_VERSION);
	c = json_object_get(p, "config");
	memset(cfg, 0, sizeof *cfg);
	if (!json_is_object(c) || get_day(c, "from", &cfg->cur.from) ||
	    get_day(c, "to", &cfg->cur.to) ||
	    get_day(c, "as_of", &cfg->cur.as_of) ||
	    get_day(c, "prev_from", &cfg->prev.from) ||
	    get_day(c, "prev_to", &cfg->prev.to) ||
	    get_day(c, "prev_as_of", &cfg->prev.as_of))
		return bad(err, "config: dates");
	cfg->month = json_is_true(json_object_get(c, "month"));
	by = json_object_get(c, "by");
	if (!json_is_array(by) || json_array_size(by) > PAKN_AGG_MAX_BY)
		return bad(err, "config: by");
	json_array_foreach (by, i, v) {
		if (!json_is_string(v) ||
		    pakn_agg_by_parse(json_string_value(v), &cfg->by[i], err))
			return bad(err, "config: by");
	}
	cfg->nby = (int)json_array_size(by);
	v = json_object_get(c, "top");
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > PAKN_AGG_MAX_TOP)
		return bad(err, "config: top");
	cfg->top = (int)json_integer_value(v);
	split = json_string_value(json_object_get(c, "split_by"));
	cfg->split = split != NULL;
	cfg->split_dim = PAKN_DIM_AGENCY;
	if (split) {
		int d = pakn_dim_parse(split, strlen(split));

		if (d < 0)
			return bad(err, "config: split_by");
		cfg->split_dim = (enum pakn_dim)d;
	}
	if (cfg->cur.to < cfg->cur.from)
		return bad(err, "config: period");
	return 0;
}

static int
read_cell(struct cell *c, const json_t *j, struct pakn_error *err)
{
	const json_t *n, *h, *pair;
	size_t i;
	int k;

	if (json_is_null(j))
		return 0;
	n = json_object_get(j, "n");
	h = json_object_get(j, "h");
	if (!json_is_array(n) || json_array_size(n) != C_N || !json_is_array(h))
		return bad(err, "cell");
	for (k = 0; k < C_N; k++) {
		const json_t *x = json_array_get(n, (size_t)k);

		if (!json_is_integer(x) || json_integer_value(x) < 0)
			return bad(err, "cell counts");
		c->n[k] += json_integer_value(x);
	}
	json_array_foreach (h, i, pair) {
		const json_t *d = json_array_get(pair, 0),
		             *cnt = json_array_get(pair, 1);

		if (!json_is_integer(d) || !json_is_integer(cnt) ||
		    json_integer_value(d) < 0 ||
		    json_integer_value(d) > HIST_MAX ||
		    json_integer_value(cnt) < 0)
			return bad(err, "histogram");
		cell_hist_add(c, (long)json_integer_value(d),
		              json_integer_value(cnt));
	}
	return 0;
}

static int
read_list(struct topn *t, const json_t *j, struct pakn_error *err)
{
	const json_t *cases = json_object_get(j, "cases"), *c, *x;
	const json_t *count = json_object_get(j, "count");
	struct item it;
	size_t i;
	int k;

	if (!json_is_integer(count) || !json_is_array(cases))
		return bad(err, "list");
	t->count += json_integer_value(count);
	json_array_foreach (cases, i, c) {
		if (!json_is_array(c) || json_array_size(c) != I_N + 3)
			return bad(err, "list case");
		for (k = 0; k < I_N; k++) {
			x = json_array_get(c, (size_t)k);
			if (!json_is_string(x))
				return bad(err, "list case");
			it.s[k] = json_string_value(x);
			it.len[k] = json_string_length(x);
		}
		for (k = 0; k < 3; k++)
			if (!json_is_integer(
			        json_array_get(c, I_N + (size_t)k)))
				return bad(err, "list case");
		it.rday = (long)json_integer_value(json_array_get(c, I_N));
		it.dday = (long)json_integer_value(json_array_get(c, I_N + 1));
		it.days = (long)json_integer_value(json_array_get(c, I_N + 2));
		topn_offer(t, &it);
	}
	return 0;
}

static int
read_counts(long long *v, size_t n, const json_t *j, struct pakn_error *err)
{
	size_t i;

	if (!json_is_array(j) || json_array_size(j) != n)
		return bad(err, "trend");
	for (i = 0; i < n; i++) {
		const json_t *x = json_array_get(j, i);

		if (!json_is_integer(x))
			return bad(err, "trend");
		v[i] += json_integer_value(x);
	}
	return 0;
}

/* Reads a group's key ["k1"] or ["k1", "k2"] into buf. */
static int
read_key(const json_t *k, int ndim, struct pakn_buf *buf)
{
	int i;

	if (!json_is_array(k) || json_array_size(k) != (size_t)ndim)
		return -1;
	pakn_buf_reset(buf);
	for (i = 0; i < ndim; i++) {
		const json_t *x = json_array_get(k, (size_t)i);

		if (!json_is_string(x))
			return -1;
		if (i)
			pakn_buf_addc(buf, '\0');
		pakn_buf_add(buf, json_string_value(x), json_string_length(x));
	}
	return 0;
}

static int
merge_scope(struct pakn_agg *a, struct scope *s, const json_t *j,
            struct pakn_error *err)
{
	const json_t *groups = json_object_get(j, "groups"), *list, *g;
	size_t i, k;
	int created, d;

	if (!json_is_object(j) || !json_is_array(groups) ||
	    json_array_size(groups) != (size_t)a->cfg.nby)
		return bad(err, "scope");
	if (read_cell(&s->tot_cur, json_object_get(j, "cur"), err) ||
	    read_cell(&s->tot_prev, json_object_get(j, "prev"), err))
		return -1;
	json_array_foreach (groups, i, list) {
		int ndim = a->cfg.by[i].ndim;

		if (!json_is_array(list))
			return bad(err, "groups");
		json_array_foreach (list, k, g) {
			const json_t *names = json_object_get(g, "name");
			struct group *grp;

			if (read_key(json_object_get(g, "key"), ndim,
			             &a->keybuf) != 0 ||
			    !json_is_array(names) ||
			    json_array_size(names) != (size_t)ndim)
				return bad(err, "group key");
			grp = table_get(&s->groups[i], a->keybuf.data,
			                a->keybuf.len, &created);
			for (d = 0; d < ndim; d++) {
				const json_t *nm =
				    json_array_get(names, (size_t)d);

				if (json_is_string(nm))
					keep_name(&grp->name[d],
					          json_string_value(nm),
					          json_string_length(nm));
			}
			if (read_cell(&grp->cur, json_object_get(g, "cur"),
			              err) ||
			    read_cell(&grp->prev, json_object_get(g, "prev"),
			              err))
				return -1;
		}
	}
	if (read_list(&s->overdue, json_object_get(j, "overdue"), err) ||
	    read_list(&s->directives, json_object_get(j, "directives"), err) ||
	    read_counts(s->trend_recv, a->ntrend,
	                json_object_get(j, "trend_received"), err) ||
	    read_counts(s->trend_ans, a->ntrend,
	                json_object_get(j, "trend_answered"), err))
		return -1;
	return 0;
}

int
pakn_agg_merge_partial(struct pakn_agg *a, const json_t *p,
                       struct pakn_error *err)
{
	struct pakn_agg_config pc;
	json_t *mine, *theirs;
	const json_t *st, *splits, *sp;
	int same;
	size_t i;

	if (pakn_agg_partial_config(p, &pc, err) != 0)
		return -1;
	mine = config_json(&a->cfg, 0);
	theirs = config_json(&pc, 0);
	same = json_equal(mine, theirs);
	json_decref(mine);
	json_decref(theirs);
	if (!same)
		return pakn_error_set(err, NULL, 0, 0,
		                      "the partial was made with another "
		                      "period, --as-of, --by or --split-by");
	if (pc.top < a->cfg.top)
		return pakn_error_set(
		    err, NULL, 0, 0,
		    "the partial keeps lists of %d cases, fewer than --top %d",
		    pc.top, a->cfg.top);
	st = json_object_get(p, "stats");
	if (json_is_object(st)) {
		a->stats.read += (unsigned long long)json_integer_value(
		    json_object_get(st, "read"));
		a->stats.counted += (unsigned long long)json_integer_value(
		    json_object_get(st, "counted"));
		a->stats.ignored += (unsigned long long)json_integer_value(
		    json_object_get(st, "ignored"));
	}
	if (merge_scope(a, &a->whole, json_object_get(p, "whole"), err))
		return -1;
	splits = json_object_get(p, "splits");
	if (!json_is_array(splits))
		return bad(err, "splits");
	json_array_foreach (splits, i, sp) {
		const json_t *k = json_object_get(sp, "split_key");
		const json_t *nm = json_object_get(sp, "split_name");
		struct group *g;
		int created;

		if (!a->cfg.split || !json_is_string(k))
			return bad(err, "splits");
		g = table_get(&a->splits, json_string_value(k),
		              json_string_length(k), &created);
		if (created)
			g->scope = scope_new(a);
		if (json_is_string(nm))
			keep_name(&g->name[0], json_string_value(nm),
			          json_string_length(nm));
		if (merge_scope(a, g->scope, sp, err))
			return -1;
	}
	return 0;
}

/* ---- the finished report ---------------------------------------------- */

size_t
pakn_agg_nsplits(const struct pakn_agg *a)
{
	return a->cfg.split ? a->splits.n : 0;
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
list_of(const struct topn *t, struct pakn_report_list *l)
{
	struct item *it = topn_sorted(t);
	size_t i;

	l->count = t->count;
	l->ncases = t->n;
	l->cases = pakn_xcalloc(t->n ? t->n : 1, sizeof *l->cases);
	for (i = 0; i < t->n; i++) {
		struct pakn_report_case *c = &l->cases[i];

		c->id = it[i].s[I_ID];
		c->agency = it[i].s[I_AGENCY];
		c->agency_name = it[i].s[I_AGENCY_NAME];
		c->title = it[i].s[I_TITLE];
		c->received_at = it[i].s[I_RECEIVED];
		c->due_at = it[i].s[I_DUE];
		c->received_day = it[i].rday;
		c->due_day = it[i].dday;
		c->days = it[i].days;
	}
	free(it);
}

struct pakn_report *
pakn_agg_report(const struct pakn_agg *a, size_t scope)
{
	struct pakn_report *rep = pakn_xcalloc(1, sizeof *rep);
	const struct scope *s = &a->whole;
	struct group **sorted = NULL;
	size_t i, j;
	int k;

	rep->cfg = &a->cfg;
	if (scope > 0) {
		sorted = table_sorted(&a->splits);
		s = sorted[scope - 1]->scope;
		rep->scope_key = sorted[scope - 1]->key;
		rep->scope_name = sorted[scope - 1]->name[0];
		free(sorted);
	}
	figures_of(&s->tot_cur, &rep->total);
	figures_of(&s->tot_prev, &rep->prev_total);
	rep->has_prev = rep->prev_total.received > 0;
	rep->groups = pakn_xcalloc((size_t)(a->cfg.nby ? a->cfg.nby : 1),
	                           sizeof *rep->groups);
	for (k = 0; k < a->cfg.nby; k++) {
		const struct table *t = &s->groups[k];
		struct pakn_report_group *rg = &rep->groups[k];

		rg->by = a->cfg.by[k];
		rg->rows = pakn_xcalloc(t->n ? t->n : 1, sizeof *rg->rows);
		rg->nrows = t->n;
		for (i = 0; i < t->n; i++) {
			const struct group *g = &t->g[i];
			struct pakn_report_row *row = &rg->rows[i];

			row->key[0] = g->key;
			row->key[1] =
			    rg->by.ndim == 2 ? g->key + strlen(g->key) + 1 : "";
			row->name[0] = g->name[0];
			row->name[1] = g->name[1];
			figures_of(&g->cur, &row->cur);
			figures_of(&g->prev, &row->prev);
		}
		qsort(rg->rows, rg->nrows, sizeof *rg->rows, row_qcmp);
	}
	list_of(&s->overdue, &rep->overdue);
	list_of(&s->directives, &rep->directives);
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
	free(rep->trend.start);
	free(rep->trend.received);
	free(rep->trend.answered);
	free(rep);
}
