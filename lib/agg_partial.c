/*
 * agg_partial.c: the aggregate's state as a partial (one JSON object with
 * a format and a version: agg.h) and partials merged back into a state.
 * Writing sorts every table by key, so the same state gives the same
 * bytes; reading checks everything a partial says before it is added:
 * shapes, signs, day numbers, and counts, so that no sum the report makes
 * can overflow (AGG_COUNT_MAX, agg_int.h).  A partial that fails is
 * refused with a message; the state it was merged into is then not to be
 * used (pakn-report stops).
 */
#include "agg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "when.h"

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
	json_object_set_new(o, "published", json_boolean(c->published));
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

static int
cell_empty(const struct cell *c)
{
	int i;

	for (i = 0; i < C_N; i++)
		if (c->n[i])
			return 0;
	return c->maxd == 0;
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

/* A group's key ["k1"] or ["k1", "k2"] (e is its entry in the map). */
static json_t *
key_json(const struct pakn_strmap_entry *e, int ndim)
{
	json_t *k = json_array();
	size_t n1 = ndim == 2 ? strlen(e->key) : e->len;

	json_array_append_new(k, str_json(e->key, n1));
	if (ndim == 2)
		json_array_append_new(
		    k, str_json(e->key + n1 + 1, e->len - n1 - 1));
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
list_json(const struct pakn_topn *t)
{
	json_t *o = json_object(), *v = json_array();
	struct pakn_topn_item *it = pakn_topn_sorted(t);
	size_t i;
	int k;

	json_object_set_new(o, "count", json_integer(t->count));
	for (i = 0; i < t->n; i++) {
		json_t *c = json_array();

		for (k = 0; k < PAKN_TOPN_NSTR; k++)
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

/* A table of groups of ndim dimensions, sorted by key. */
static json_t *
table_json(const struct table *t, int ndim)
{
	const struct pakn_strmap_entry **v = pakn_agg_table_sorted(t);
	json_t *list = json_array();
	size_t j;

	for (j = 0; j < pakn_agg_table_count(t); j++) {
		const struct group *grp = &t->g[v[j]->val];
		json_t *g = json_object();

		json_object_set_new(g, "key", key_json(v[j], ndim));
		json_object_set_new(g, "name", names_json(grp, ndim));
		json_object_set_new(g, "cur", cell_json(&grp->cur));
		json_object_set_new(g, "prev", cell_json(&grp->prev));
		json_array_append_new(list, g);
	}
	free(v);
	return list;
}

static json_t *
scope_json(const struct pakn_agg *a, const struct scope *s)
{
	json_t *o = json_object(), *groups = json_array();
	int i;

	json_object_set_new(o, "cur", cell_json(&s->tot_cur));
	json_object_set_new(o, "prev", cell_json(&s->tot_prev));
	for (i = 0; i < a->cfg.nby; i++)
		json_array_append_new(
		    groups, table_json(&s->groups[i], a->cfg.by[i].ndim));
	json_object_set_new(o, "groups", groups);
	json_object_set_new(o, "coordination", table_json(&s->coord, 1));
	json_object_set_new(o, "coordination_overdue",
	                    list_json(&s->coord_overdue));
	json_object_set_new(o, "returns", table_json(&s->returns, 1));
	json_object_set_new(o, "multi_level", list_json(&s->multi));
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
		const struct pakn_strmap_entry **v =
		    pakn_agg_table_sorted(&a->splits);

		for (i = 0; i < pakn_agg_table_count(&a->splits); i++) {
			const struct group *g = &a->splits.g[v[i]->val];
			json_t *sp = scope_json(a, g->scope);

			json_object_set_new(sp, "split_key",
			                    str_json(v[i]->key, v[i]->len));
			json_object_set_new(sp, "split_name",
			                    g->name[0] ? json_string(g->name[0])
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
	cfg->published = json_is_true(json_object_get(c, "published"));
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

/* A count too large to add (see AGG_COUNT_MAX). */
static int
too_large(struct pakn_error *err, const char *what)
{
	return pakn_error_set(err, NULL, 0, 0,
	                      "invalid partial: a count is too large (%s: "
	                      "more than %lld in all)",
	                      what, AGG_COUNT_MAX);
}

/* The value of a count: an integer >= 0.  0, or -1 with err. */
static int
count_of(const json_t *x, const char *what, long long *v,
         struct pakn_error *err)
{
	*v = 0;
	if (!json_is_integer(x) || json_integer_value(x) < 0)
		return bad(err, what);
	*v = json_integer_value(x);
	return 0;
}

/* Whether have + v stays at most AGG_COUNT_MAX (have and v >= 0). */
static int
fits(long long have, long long v)
{
	return have <= AGG_COUNT_MAX && v <= AGG_COUNT_MAX - have;
}

/* Adds the count x to *dst, checked.  0, or -1 with err (*dst unchanged). */
static int
add_count(long long *dst, const json_t *x, const char *what,
          struct pakn_error *err)
{
	long long v;

	if (count_of(x, what, &v, err))
		return -1;
	if (!fits(*dst, v))
		return too_large(err, what);
	*dst += v;
	return 0;
}

/* Adds a cell of a partial to c: null (empty), or {"n": [C_N counts],
 * "h": [[days, count]...]}.  Every counter and the histogram's total stay
 * at most AGG_COUNT_MAX; c is unchanged when the cell is refused. */
static int
read_cell(struct cell *c, const json_t *j, struct pakn_error *err)
{
	const json_t *n, *h, *pair;
	long long add[C_N], v, total = 0;
	size_t i, d;
	int k;

	if (json_is_null(j))
		return 0;
	n = json_object_get(j, "n");
	h = json_object_get(j, "h");
	if (!json_is_array(n) || json_array_size(n) != C_N || !json_is_array(h))
		return bad(err, "cell");
	for (k = 0; k < C_N; k++) {
		if (count_of(json_array_get(n, (size_t)k), "cell counts",
		             &add[k], err))
			return -1;
		if (!fits(c->n[k], add[k]))
			return too_large(err, "cell counts");
	}
	for (d = 0; d < c->maxd; d++)
		total += c->hist[d];
	json_array_foreach (h, i, pair) {
		const json_t *x = json_array_get(pair, 0);

		if (!json_is_integer(x) || json_integer_value(x) < 0 ||
		    json_integer_value(x) > AGG_HIST_MAX)
			return bad(err, "histogram");
		if (count_of(json_array_get(pair, 1), "histogram", &v, err))
			return -1;
		if (!fits(total, v))
			return too_large(err, "histogram");
		total += v;
	}
	for (k = 0; k < C_N; k++)
		c->n[k] += add[k];
	json_array_foreach (h, i, pair)
		pakn_agg_cell_hist_add(
		    c, (long)json_integer_value(json_array_get(pair, 0)),
		    json_integer_value(json_array_get(pair, 1)));
	return 0;
}

/* A day number a partial may hold: years 0 to 9999. */
static int
day_ok(json_int_t v)
{
	return v >= pakn_days_from_civil(0, 1, 1) &&
	       v <= pakn_days_from_civil(9999, 12, 31);
}

static int
read_list(struct pakn_topn *t, const json_t *j, struct pakn_error *err)
{
	const json_t *cases = json_object_get(j, "cases"), *c, *x;
	struct pakn_topn_item it;
	json_int_t num[3];
	size_t i;
	int k;

	if (!json_is_array(cases))
		return bad(err, "list");
	if (add_count(&t->count, json_object_get(j, "count"), "list", err))
		return -1;
	json_array_foreach (cases, i, c) {
		if (!json_is_array(c) ||
		    json_array_size(c) != PAKN_TOPN_NSTR + 3)
			return bad(err, "list case");
		for (k = 0; k < PAKN_TOPN_NSTR; k++) {
			x = json_array_get(c, (size_t)k);
			if (!json_is_string(x))
				return bad(err, "list case");
			it.s[k] = json_string_value(x);
			it.len[k] = json_string_length(x);
		}
		for (k = 0; k < 3; k++) {
			x = json_array_get(c, PAKN_TOPN_NSTR + (size_t)k);
			if (!json_is_integer(x))
				return bad(err, "list case");
			num[k] = json_integer_value(x);
		}
		/* The days are shown as dates and counts: in range. */
		if (!day_ok(num[0]) || !day_ok(num[1]) || num[2] < 0 ||
		    num[2] > AGG_COUNT_MAX)
			return bad(err, "list case");
		it.rday = (long)num[0];
		it.dday = (long)num[1];
		it.days = (long)num[2];
		pakn_topn_offer(t, &it);
	}
	return 0;
}

static int
read_counts(long long *v, size_t n, const json_t *j, struct pakn_error *err)
{
	size_t i;

	if (!json_is_array(j) || json_array_size(j) != n)
		return bad(err, "trend");
	for (i = 0; i < n; i++)
		if (add_count(&v[i], json_array_get(j, i), "trend", err))
			return -1;
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

/* Adds a table of a partial (a list of groups of ndim dimensions) to t. */
static int
read_table(struct pakn_agg *a, struct table *t, const json_t *list, int ndim,
           struct pakn_error *err)
{
	const json_t *g;
	size_t k;
	int created, d;

	if (!json_is_array(list))
		return bad(err, "groups");
	json_array_foreach (list, k, g) {
		const json_t *names = json_object_get(g, "name");
		struct group *grp;

		if (read_key(json_object_get(g, "key"), ndim, &a->keybuf) !=
		        0 ||
		    !json_is_array(names) ||
		    json_array_size(names) != (size_t)ndim)
			return bad(err, "group key");
		grp = pakn_agg_table_get(t, a->keybuf.data, a->keybuf.len,
		                         &created);
		for (d = 0; d < ndim; d++) {
			const json_t *nm = json_array_get(names, (size_t)d);

			if (json_is_string(nm))
				pakn_agg_keep_name(&grp->name[d],
				                   json_string_value(nm),
				                   json_string_length(nm));
		}
		if (read_cell(&grp->cur, json_object_get(g, "cur"), err) ||
		    read_cell(&grp->prev, json_object_get(g, "prev"), err))
			return -1;
	}
	return 0;
}

static int
merge_scope(struct pakn_agg *a, struct scope *s, const json_t *j,
            struct pakn_error *err)
{
	const json_t *groups = json_object_get(j, "groups"), *list;
	size_t i;

	if (!json_is_object(j) || !json_is_array(groups) ||
	    json_array_size(groups) != (size_t)a->cfg.nby)
		return bad(err, "scope");
	if (read_cell(&s->tot_cur, json_object_get(j, "cur"), err) ||
	    read_cell(&s->tot_prev, json_object_get(j, "prev"), err))
		return -1;
	json_array_foreach (groups, i, list)
		if (read_table(a, &s->groups[i], list, a->cfg.by[i].ndim, err))
			return -1;
	if (read_table(a, &s->coord, json_object_get(j, "coordination"), 1,
	               err) ||
	    read_list(&s->coord_overdue,
	              json_object_get(j, "coordination_overdue"), err) ||
	    read_table(a, &s->returns, json_object_get(j, "returns"), 1, err) ||
	    read_list(&s->multi, json_object_get(j, "multi_level"), err) ||
	    read_list(&s->overdue, json_object_get(j, "overdue"), err) ||
	    read_list(&s->directives, json_object_get(j, "directives"), err) ||
	    read_counts(s->trend_recv, a->ntrend,
	                json_object_get(j, "trend_received"), err) ||
	    read_counts(s->trend_ans, a->ntrend,
	                json_object_get(j, "trend_answered"), err))
		return -1;
	return 0;
}

/* Adds the stats member key (when it is an integer) to *dst, checked. */
static int
add_stat(unsigned long long *dst, const json_t *st, const char *key,
         struct pakn_error *err)
{
	const json_t *x = json_object_get(st, key);
	long long v = (long long)*dst;

	if (!json_is_integer(x))
		return 0;
	if (*dst > (unsigned long long)AGG_COUNT_MAX)
		return too_large(err, "stats");
	if (add_count(&v, x, "stats", err))
		return -1;
	*dst = (unsigned long long)v;
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
	if (json_is_object(st) &&
	    (add_stat(&a->stats.read, st, "read", err) ||
	     add_stat(&a->stats.counted, st, "counted", err) ||
	     add_stat(&a->stats.ignored, st, "ignored", err)))
		return -1;
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
		g = pakn_agg_table_get(&a->splits, json_string_value(k),
		                       json_string_length(k), &created);
		if (created)
			g->scope = pakn_agg_scope_new(a);
		if (json_is_string(nm))
			pakn_agg_keep_name(&g->name[0], json_string_value(nm),
			                   json_string_length(nm));
		if (merge_scope(a, g->scope, sp, err))
			return -1;
	}
	return 0;
}
