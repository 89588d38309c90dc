/*
 * match.c: evaluating a rules file on records (see rules.h).
 *
 * A record is decoded once into a `struct pakn_case` (only the fields
 * conditions read, straight from the record layer, no jansson); folded
 * copies of the title, the content and the place names are made the first
 * time a condition needs them and reused by every later rule.  Patterns
 * were compiled once with JIT at load; subjects are valid UTF-8 (the
 * record scanner checked them), so matching skips PCRE2's UTF check.  A
 * pattern that hits the match limit counts as not matching and is
 * reported, never a crash.
 *
 * Nothing is kept between calls outside the case, the route and the
 * rules: the rules number the cases they see (c->serial, given on first
 * use after a load), and every per-record memo (a pattern's result, the
 * literal prefilter's scan, interned ids) is keyed by that number.
 */
#include "rules_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "when.h"

/* The fields a case holds, in off[] order. */
enum {
	F_ID,
	F_CATEGORY,
	F_CATEGORY_ID,
	F_CHANNEL,
	F_KIND,
	F_STATUS,
	F_SATISFACTION,
	F_SUBTYPE,
	F_PROVINCE,
	F_DISTRICT,
	F_COMMUNE,
	F_TITLE,
	F_CONTENT,
	F_AGENCY,
	F_COUNT
};

#define NONE ((size_t)-1)

void
pakn_case_init(struct pakn_case *c)
{
	memset(c, 0, sizeof *c);
	c->received_day = LONG_MIN;
}

void
pakn_case_release(struct pakn_case *c)
{
	int i;

	pakn_buf_release(&c->store);
	pakn_buf_release(&c->fold_title);
	pakn_buf_release(&c->fold_content);
	for (i = 0; i < 3; i++)
		pakn_buf_release(&c->place[i]);
	pakn_buf_release(&c->tmp);
}

/* Appends a decoded string value (raw JSON token) to the store. */
static void
store_raw(struct pakn_case *c, int f, const char *raw, size_t n,
          enum pakn_jtype type, struct pakn_buf *tmp)
{
	if (type != PAKN_J_STRING) {
		c->off[f] = NONE;
		return;
	}
	c->off[f] = c->store.len;
	if (memchr(raw, '\\', n) == NULL) {
		/* No escape: the bytes between the quotes are the text. */
		pakn_buf_add(&c->store, raw + 1, n - 2);
	} else {
		pakn_json_string_decode(raw, n, tmp);
		pakn_buf_add(&c->store, tmp->data, tmp->len);
	}
	pakn_buf_addc(&c->store, '\0');
}

#define BORROWED ((size_t)-2)

/* Sets *s and *n to a string member's text: borrowed from the line when it
 * has no escape, else decoded into the store (pointer fixed up later). */
static void
borrow(struct pakn_case *c, int f, const struct pakn_record *r, const char *key,
       const char **s, size_t *n, struct pakn_buf *tmp)
{
	const struct pakn_member *m = pakn_record_find(r, key);

	*s = NULL;
	*n = 0;
	if (m == NULL || m->type != PAKN_J_STRING) {
		c->off[f] = NONE;
		return;
	}
	if (!m->escaped) {
		c->off[f] = BORROWED;
		*s = m->val + 1;
		*n = m->vallen - 2;
		return;
	}
	store_raw(c, f, m->val, m->vallen, m->type, tmp);
	*n = c->store.len - c->off[f] - 1;
}

static void
store_top(struct pakn_case *c, int f, const struct pakn_record *r,
          const char *key, struct pakn_buf *tmp)
{
	const struct pakn_member *m = pakn_record_find(r, key);

	if (m == NULL)
		c->off[f] = NONE;
	else
		store_raw(c, f, m->val, m->vallen, m->type, tmp);
}

static void
store_nested(struct pakn_case *c, int f, const struct pakn_member *obj,
             const char *key, struct pakn_buf *tmp)
{
	const char *v;
	size_t n;
	enum pakn_jtype t;

	if (obj == NULL || obj->type != PAKN_J_OBJECT ||
	    pakn_json_object_get(obj->val, obj->vallen, key, &v, &n, &t) != 0)
		c->off[f] = NONE;
	else
		store_raw(c, f, v, n, t, tmp);
}

int
pakn_case_load(struct pakn_case *c, const struct pakn_record *r)
{
	struct pakn_buf *tmp = &c->tmp;
	const struct pakn_member *m;
	const char **ptrs[F_COUNT];
	struct pakn_time t;
	int i, rc = 0;

	pakn_buf_reset(&c->store);
	/* A new record: the rules number it when they first see it. */
	c->serial = 0;
	c->serial_of = NULL;
	c->folded = c->placed = c->ix_ready = 0;
	c->received_day = LONG_MIN;
	c->cur_agency = NULL;
	store_top(c, F_ID, r, "id", tmp);
	store_top(c, F_CATEGORY, r, "category", tmp);
	store_top(c, F_CATEGORY_ID, r, "category_id", tmp);
	store_top(c, F_CHANNEL, r, "channel", tmp);
	store_top(c, F_KIND, r, "kind", tmp);
	store_top(c, F_STATUS, r, "status", tmp);
	store_top(c, F_SATISFACTION, r, "satisfaction", tmp);
	/* The title and the content, the long ones, are borrowed from the
	 * line when they have no escape (pointer and length: not
	 * NUL-terminated), else decoded into the store. */
	borrow(c, F_TITLE, r, "title", &c->title, &c->title_len, tmp);
	borrow(c, F_CONTENT, r, "content", &c->content, &c->content_len, tmp);
	store_top(c, F_AGENCY, r, "agency", tmp);
	m = pakn_record_find(r, "submitter");
	store_nested(c, F_SUBTYPE, m, "type", tmp);
	m = pakn_record_find(r, "location");
	store_nested(c, F_PROVINCE, m, "province", tmp);
	store_nested(c, F_DISTRICT, m, "district", tmp);
	store_nested(c, F_COMMUNE, m, "commune", tmp);
	/* Pointers only now: the store may have moved while growing. */
	ptrs[F_ID] = &c->id;
	ptrs[F_CATEGORY] = &c->category;
	ptrs[F_CATEGORY_ID] = &c->category_id;
	ptrs[F_CHANNEL] = &c->channel;
	ptrs[F_KIND] = &c->kind;
	ptrs[F_STATUS] = &c->status;
	ptrs[F_SATISFACTION] = &c->satisfaction;
	ptrs[F_SUBTYPE] = &c->submitter_type;
	ptrs[F_PROVINCE] = &c->province;
	ptrs[F_DISTRICT] = &c->district;
	ptrs[F_COMMUNE] = &c->commune;
	ptrs[F_TITLE] = &c->title;
	ptrs[F_CONTENT] = &c->content;
	ptrs[F_AGENCY] = &c->agency;
	for (i = 0; i < F_COUNT; i++) {
		if ((i == F_TITLE || i == F_CONTENT) && c->off[i] == BORROWED)
			continue;
		*ptrs[i] = c->off[i] == NONE ? NULL : c->store.data + c->off[i];
	}
	m = pakn_record_find(r, "beyond_authority");
	c->beyond = m != NULL && m->type == PAKN_J_TRUE;
	m = pakn_record_find(r, "received_at");
	if (m && m->type == PAKN_J_STRING) {
		pakn_json_string_decode(m->val, m->vallen, tmp);
		if (pakn_time_parse(tmp->data, tmp->len, PAKN_YMD, &t, NULL) ==
		    0) {
			struct pakn_time vn;

			pakn_time_from_epoch(pakn_time_epoch(&t),
			                     PAKN_VN_OFFSET_MIN, &vn);
			c->received_day =
			    pakn_days_from_civil(vn.year, vn.month, vn.day);
		} else {
			rc = -1;
		}
	}
	return rc;
}

/* ---- lookups ----------------------------------------------------------- */

const char *
pakn_level_name(enum pakn_level l)
{
	switch (l) {
	case PAKN_LEVEL_PROVINCE: return "province";
	case PAKN_LEVEL_DISTRICT: return "district";
	case PAKN_LEVEL_COMMUNE: return "commune";
	default: return NULL;
	}
}

/* A small cache of label -> answer, bounded so odd input cannot grow it. */
#define CACHE_MAX 4096

const char *
pakn_rules_category(struct pakn_rules *r, const char *label)
{
	struct pakn_strmap *cache = &r->label_cache; /* label -> index + 1 */
	struct pakn_buf *f = &r->scratch;
	const char *dash;
	size_t idx, found = 0;

	if (pakn_strmap_get(cache, label, &idx))
		return idx ? r->categories[idx - 1].id : NULL;
	pakn_text_fold_key(label, strlen(label), f);
	if (pakn_strmap_get(&r->category_by_name, f->data ? f->data : "", &idx))
		found = idx + 1;
	else if ((dash = strrchr(label, '-')) != NULL) {
		/* "TN&MT - Môi trường": the part after the last dash. */
		pakn_text_fold_key(dash + 1, strlen(dash + 1), f);
		if (f->len > 0 &&
		    pakn_strmap_get(&r->category_by_name, f->data, &idx))
			found = idx + 1;
	}
	if (pakn_strmap_count(cache) < CACHE_MAX)
		pakn_strmap_put(cache, label, found);
	return found ? r->categories[found - 1].id : NULL;
}

const struct pakn_agency *
pakn_rules_agency(struct pakn_rules *r, const char *s, long day)
{
	struct pakn_buf *f = &r->scratch2;
	struct name_group *g;
	size_t idx, k;

	if (pakn_strmap_get(&r->agency_by_id, s, &idx))
		return &r->agencies[idx];
	/* Exports repeat a few dozen names: fold each once (the cache holds
	 * group + 1, 0 for unknown). */
	if (pakn_strmap_get(&r->agency_cache, s, &idx)) {
		if (idx == 0)
			return NULL;
		idx--;
	} else {
		pakn_text_fold_key(s, strlen(s), f);
		if (f->len == 0 ||
		    !pakn_strmap_get(&r->agency_by_name, f->data, &idx)) {
			if (pakn_strmap_count(&r->agency_cache) < CACHE_MAX)
				pakn_strmap_put(&r->agency_cache, s, 0);
			return NULL;
		}
		if (pakn_strmap_count(&r->agency_cache) < CACHE_MAX)
			pakn_strmap_put(&r->agency_cache, s, idx + 1);
	}
	/* Of the agencies with this name, the one that existed that day. */
	g = &r->groups[idx];
	for (k = 0; k < g->n; k++)
		if (pakn_agency_valid(&r->agencies[g->v[k]], day))
			return &r->agencies[g->v[k]];
	return &r->agencies[g->v[0]];
}

int
pakn_agency_valid(const struct pakn_agency *a, long day)
{
	return day == LONG_MIN ||
	       (day >= a->valid_from && day <= a->valid_until);
}

const struct pakn_agency *
pakn_rules_successor(struct pakn_rules *r, const struct pakn_agency *a)
{
	size_t idx, hops = 0;

	while (a->successor && hops++ < r->nagencies &&
	       pakn_strmap_get(&r->agency_by_id, a->successor, &idx))
		a = &r->agencies[idx];
	return a;
}

/* ---- evaluation -------------------------------------------------------- */

struct ev {
	struct pakn_rules *r;
	struct pakn_case *c;
	struct pakn_buf *why;  /* what held, or NULL */
	struct pakn_buf *fail; /* the first condition that failed */
	int limit;             /* a pattern hit the match limit */
};

static void
ensure_folded(struct pakn_case *c)
{
	if (c->folded)
		return;
	pakn_text_fold(c->title ? c->title : "", c->title_len, &c->fold_title);
	pakn_text_fold(c->content ? c->content : "", c->content_len,
	               &c->fold_content);
	c->folded = 1;
}

static const char *
place_of(struct pakn_case *c, enum cond_kind k)
{
	const char *src[3];
	int i;

	if (!c->placed) {
		src[0] = c->province;
		src[1] = c->district;
		src[2] = c->commune;
		for (i = 0; i < 3; i++) {
			if (src[i])
				pakn_text_fold_place(src[i], strlen(src[i]),
				                     &c->place[i]);
			else
				pakn_buf_reset(&c->place[i]);
		}
		c->placed = 1;
	}
	i = k == C_PROVINCE ? 0 : k == C_DISTRICT ? 1 : 2;
	return (i == 0   ? c->province
	        : i == 1 ? c->district
	                 : c->commune)
	           ? (c->place[i].data ? c->place[i].data : "")
	           : NULL;
}

/*
 * Gives the case its serial number for these rules, on first use after a
 * load (or after it was used with other rules): the memos of the rules'
 * patterns and prefilter belong to the case whose serial they hold, and
 * ids interned for other rules are dropped.
 */
static void
stamp(struct pakn_rules *r, struct pakn_case *c)
{
	if (c->serial_of == r && c->serial != 0)
		return;
	if (c->serial_of != r)
		c->ix_ready = 0;
	c->serial = ++r->serial;
	c->serial_of = r;
}

/*
 * Matches a condition's pattern against the case's title (which 0) or
 * content (1), folded if the condition folds; 1 match, 0 none, -1 match
 * limit.  The result is kept for the rest of this record: the same
 * pattern in another rule costs nothing.
 */
static int
match_re(struct ev *e, const struct cond *cd, int which, const char **at,
         size_t *len)
{
	struct pakn_case *c = e->c;
	struct pat *p = &e->r->pats[cd->pid];
	const char *s;
	size_t n;
	PCRE2_SIZE *ov;
	int rc;

	if (cd->fold) {
		ensure_folded(c);
		s = which ? c->fold_content.data : c->fold_title.data;
		n = which ? c->fold_content.len : c->fold_title.len;
	} else {
		s = which ? c->content : c->title;
		n = which ? c->content_len : c->title_len;
	}
	if (s == NULL)
		s = "";
	if (p->has_lits && p->serial[which] != c->serial) {
		struct pakn_lits *l = &e->r->lits;

		if (l->serial[which] != c->serial)
			pakn_lits_scan(l, which, c->serial, s, n);
		if (!pakn_lits_held(l, which, cd->pid, c->serial)) {
			/* None of its literals: the pattern cannot match. */
			p->serial[which] = c->serial;
			p->res[which] = 0;
		}
	}
	if (p->serial[which] != c->serial) {
		rc = pcre2_match(p->re, (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK,
		                 e->r->md, e->r->mctx);
		p->serial[which] = c->serial;
		if (rc >= 0) {
			ov = pcre2_get_ovector_pointer(e->r->md);
			p->res[which] = 1;
			p->at[which] = ov[0];
			p->len[which] = ov[1] - ov[0];
		} else {
			p->res[which] = rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
		}
	}
	if (p->res[which] < 0)
		e->limit = 1;
	if (p->res[which] == 1) {
		*at = s + p->at[which];
		*len = p->len[which];
	}
	return p->res[which];
}

static int eval_when(struct ev *e, const struct pakn_when *w);

/* The interned id of the case's category (-1 none), computed once. */
static long
category_ix(struct ev *e)
{
	struct pakn_case *c = e->c;
	size_t idx;

	if (!(c->ix_ready & 1)) {
		c->ix_ready |= 1;
		c->category_ix =
		    c->category_id && pakn_strmap_get(&e->r->category_by_name,
		                                      c->category_id, &idx)
		        ? (long)idx
		        : -1;
	}
	return c->category_ix;
}

/* The interned id of the case's place for a place condition (-1 if the
 * rules never name it), computed once per field. */
static long
place_ix(struct ev *e, enum cond_kind k)
{
	struct pakn_case *c = e->c;
	int i = k == C_PROVINCE ? 0 : k == C_DISTRICT ? 1 : 2;
	const char *v;
	size_t idx;

	if (!(c->ix_ready & (2 << i))) {
		c->ix_ready |= 2 << i;
		v = place_of(c, k);
		c->place_ix[i] = v && pakn_strmap_get(&e->r->place_ids, v, &idx)
		                     ? (long)idx
		                     : -1;
	}
	return c->place_ix[i];
}

static int
in_ids(const struct cond *cd, long id)
{
	size_t i;

	if (id < 0)
		return 0;
	for (i = 0; i < cd->nvalues; i++)
		if (cd->ids[i] == id)
			return 1;
	return 0;
}

static int
in_values(const struct cond *cd, const char *v)
{
	size_t i;

	if (v == NULL)
		return 0;
	for (i = 0; i < cd->nvalues; i++)
		if (strcmp(cd->values[i], v) == 0)
			return 1;
	return 0;
}

/* Starts a new clause in b ("; " between clauses); returns b. */
static struct pakn_buf *
clause(struct pakn_buf *b)
{
	if (b->len > 0)
		pakn_buf_adds(b, "; ");
	return b;
}

/*
 * Evaluates one condition.  Messages are written straight into e->why
 * (what held) or e->fail (what failed) when those are set; the router sets
 * them only for --explain or once a rule has matched, so routing itself
 * formats nothing and allocates nothing.
 */
static int
eval_cond(struct ev *e, const struct cond *cd)
{
	struct pakn_case *c = e->c;
	struct pakn_buf *b;
	const char *v = NULL, *at = NULL, *where = "content";
	size_t len = 0, i;
	int ok = 0, m;

	switch (cd->kind) {
	case C_CATEGORY:
		if (e->why == NULL && e->fail == NULL)
			return in_ids(cd, category_ix(e));
		v = c->category_id;
		goto values;
	case C_CHANNEL: v = c->channel; goto values;
	case C_KIND: v = c->kind; goto values;
	case C_STATUS: v = c->status; goto values;
	case C_SATISFACTION: v = c->satisfaction; goto values;
	case C_SUBMITTER_TYPE: v = c->submitter_type; goto values;
	case C_AGENCY: v = c->cur_agency; goto values;
	case C_BEYOND: v = c->beyond ? "true" : "false"; goto values;
	case C_PROVINCE:
	case C_DISTRICT:
	case C_COMMUNE:
		if (e->why == NULL && e->fail == NULL)
			return in_ids(cd, place_ix(e, cd->kind));
		v = place_of(c, cd->kind);
	values:
		ok = in_values(cd, v);
		b = ok ? e->why : e->fail;
		if (b) {
			/* No printf here: this runs for every routed record. */
			pakn_buf_adds(clause(b), pakn_cond_name(cd->kind));
			pakn_buf_adds(b, " '");
			pakn_buf_adds(b, v ? v : "(none)");
			pakn_buf_addc(b, '\'');
			if (!ok) {
				pakn_buf_adds(b, " not in [");
				for (i = 0; i < cd->nvalues; i++)
					pakn_buf_addf(b, "%s%s", i ? ", " : "",
					              cd->values[i]);
				pakn_buf_adds(b, "]");
			}
		}
		return ok;
	case C_TEXT:
	case C_TITLE:
	case C_CONTENT:
		m = 0;
		if (cd->kind != C_CONTENT && c->title) {
			m = match_re(e, cd, 0, &at, &len);
			where = "title";
		}
		if (m == 0 && cd->kind != C_TITLE && c->content) {
			m = match_re(e, cd, 1, &at, &len);
			where = "content";
		}
		ok = m == 1;
		if (ok && e->why) {
			pakn_buf_adds(clause(e->why), where);
			pakn_buf_adds(e->why, " matched '");
			pakn_buf_add(e->why, at, len);
			pakn_buf_adds(e->why, cd->fold ? "' (folded)" : "'");
		} else if (!ok && e->fail)
			pakn_buf_addf(clause(e->fail), "%s /%s/ %s",
			              pakn_cond_name(cd->kind), cd->pattern,
			              m < 0 ? "hit the match limit"
			                    : "did not match");
		return ok;
	case C_RECEIVED_FROM:
	case C_RECEIVED_UNTIL:
		ok = c->received_day != LONG_MIN &&
		     (cd->kind == C_RECEIVED_FROM ? c->received_day >= cd->day
		                                  : c->received_day <= cd->day);
		b = ok ? e->why : e->fail;
		if (b) {
			struct pakn_time t = {0, 0, 0, 0, 0, 0, 0, 0};
			char date[PAKN_TIME_STRLEN];

			pakn_civil_from_days(cd->day, &t.year, &t.month,
			                     &t.day);
			pakn_time_format_str(&t, date);
			pakn_buf_adds(clause(b), cd->kind == C_RECEIVED_FROM
			                             ? "received from "
			                             : "received until ");
			pakn_buf_add(b, date, 10);
			if (!ok)
				pakn_buf_adds(b, ": no");
		}
		return ok;
	case C_ANY:
	case C_ALL: {
		struct ev sub = *e;

		sub.why = sub.fail = NULL;
		ok = cd->kind == C_ALL;
		for (i = 0; i < cd->nsubs; i++) {
			m = eval_when(&sub, cd->subs[i]);
			if (cd->kind == C_ANY && m) {
				ok = 1;
				if (e->why) {
					/* Say what held in the branch that did.
					 */
					size_t mark;

					pakn_buf_adds(clause(e->why), "any: ");
					mark = e->why->len;
					sub.why = e->why;
					eval_when(&sub, cd->subs[i]);
					/* The branch's first clause follows
					 * "any: " without a separator. */
					if (e->why->len >= mark + 2 &&
					    memcmp(e->why->data + mark, "; ",
					           2) == 0) {
						memmove(e->why->data + mark,
						        e->why->data + mark + 2,
						        e->why->len - mark - 1);
						e->why->len -= 2;
					}
				}
				break;
			}
			if (cd->kind == C_ALL && !m) {
				ok = 0;
				break;
			}
		}
		e->limit |= sub.limit;
		b = ok ? e->why : e->fail;
		if (b && !(ok && cd->kind == C_ANY))
			pakn_buf_adds(clause(b), cd->kind == C_ANY
			                             ? "any: none held"
			                         : ok ? "all: held"
			                              : "all: one failed");
		return ok;
	}
	case C_NOT: {
		struct ev sub = *e;

		sub.why = sub.fail = NULL;
		ok = !eval_when(&sub, cd->subs[0]);
		e->limit |= sub.limit;
		b = ok ? e->why : e->fail;
		if (b)
			pakn_buf_adds(clause(b),
			              ok ? "not: held"
			                 : "not: the inner conditions held");
		return ok;
	}
	default: return 0;
	}
}

static int
eval_when(struct ev *e, const struct pakn_when *w)
{
	size_t i;

	for (i = 0; w && i < w->n; i++)
		if (!eval_cond(e, &w->conds[i]))
			return 0;
	return 1;
}

/* ---- routing ----------------------------------------------------------- */

void
pakn_route_init(struct pakn_route *rt)
{
	memset(rt, 0, sizeof *rt);
}

void
pakn_route_release(struct pakn_route *rt)
{
	free(rt->cc);
	pakn_buf_release(&rt->why);
	pakn_buf_release(&rt->trace);
	pakn_buf_release(&rt->limit_rules);
	pakn_buf_release(&rt->b_why);
	pakn_buf_release(&rt->b_fail);
	pakn_buf_release(&rt->b_keep);
}

static void
trace_add(struct pakn_route *rt, const char *stage, const char *name,
          const char *result, const char *detail)
{
	pakn_buf_adds(&rt->trace, rt->trace.len > 1 ? ",{" : "{");
	pakn_buf_adds(&rt->trace, "\"stage\":");
	pakn_buf_add_json_cstr(&rt->trace, stage);
	pakn_buf_adds(&rt->trace, ",\"rule\":");
	pakn_buf_add_json_cstr(&rt->trace, name);
	pakn_buf_adds(&rt->trace, ",\"result\":");
	pakn_buf_add_json_cstr(&rt->trace, result);
	if (detail && *detail) {
		pakn_buf_adds(&rt->trace, ",\"detail\":");
		pakn_buf_add_json_cstr(&rt->trace, detail);
	}
	pakn_buf_addc(&rt->trace, '}');
}

static void
note_limit(struct pakn_route *rt, const char *rule)
{
	rt->limit_hits++;
	if (rt->limit_rules.len > 0)
		pakn_buf_adds(&rt->limit_rules, ", ");
	pakn_buf_adds(&rt->limit_rules, rule);
}

/*
 * Tries a list of rules in order; returns the index of the first whose
 * conditions hold and whose agency existed on the receipt day, or -1.
 */
static long
first_match(struct pakn_rules *r, struct pakn_case *c, struct rule *list,
            size_t n, const char *stage, int flags, struct pakn_route *rt)
{
	struct pakn_buf *why = &rt->b_why, *fail = &rt->b_fail;
	struct ev e;
	size_t i;
	long found = -1;
	int ok;

	for (i = 0; i < n; i++) {
		struct rule *ru = &list[i];
		const struct pakn_agency *a = &r->agencies[ru->agency];

		pakn_buf_reset(why);
		pakn_buf_reset(fail);
		e.r = r;
		e.c = c;
		/* Messages cost: without --explain, say why only once a rule
		 * has matched (evaluated again below). */
		e.why = (flags & PAKN_ROUTE_EXPLAIN) ? why : NULL;
		e.fail = (flags & PAKN_ROUTE_EXPLAIN) ? fail : NULL;
		e.limit = 0;
		ok = eval_when(&e, ru->when);
		if (e.limit)
			note_limit(rt, ru->name);
		if (!ok) {
			if (flags & PAKN_ROUTE_EXPLAIN)
				trace_add(rt, stage, ru->name, "failed",
				          fail->data);
			continue;
		}
		if (!pakn_agency_valid(a, c->received_day)) {
			if (flags & PAKN_ROUTE_EXPLAIN) {
				pakn_buf_reset(fail);
				pakn_buf_addf(fail,
				              "agency '%s' did not exist when "
				              "the case was received",
				              a->id);
				trace_add(rt, stage, ru->name,
				          "agency not valid", fail->data);
			}
			continue;
		}
		if (e.why == NULL) {
			e.why = why;
			eval_when(&e, ru->when);
		}
		if (flags & PAKN_ROUTE_EXPLAIN)
			trace_add(rt, stage, ru->name, "matched", why->data);
		pakn_buf_reset(&rt->why);
		pakn_buf_add(&rt->why, why->data ? why->data : "", why->len);
		found = (long)i;
		break;
	}
	return found;
}

static void
add_cc(struct pakn_route *rt, const struct pakn_agency *a)
{
	size_t i;

	for (i = 0; i < rt->ncc; i++)
		if (rt->cc[i] == a)
			return;
	if (rt->ncc == rt->capcc) {
		rt->capcc = rt->capcc ? 2 * rt->capcc : 4;
		rt->cc = pakn_xrealloc(rt->cc, rt->capcc * sizeof *rt->cc);
	}
	rt->cc[rt->ncc++] = a;
}

void
pakn_rules_route(struct pakn_rules *r, struct pakn_case *c, int flags,
                 struct pakn_route *rt)
{
	const struct pakn_agency *a = NULL, *s;
	long i;
	size_t k;

	stamp(r, c);
	rt->agency = rt->from = rt->successor_of = NULL;
	rt->rule = rt->escalation = rt->source_agency = NULL;
	rt->escalated = 0;
	rt->ncc = 0;
	rt->limit_hits = 0;
	pakn_buf_reset(&rt->why);
	pakn_buf_reset(&rt->limit_rules);
	pakn_buf_reset(&rt->trace);
	if (flags & PAKN_ROUTE_EXPLAIN)
		pakn_buf_addc(&rt->trace, '[');
	if (c->category_id == NULL && c->category)
		c->category_id = pakn_rules_category(r, c->category);

	/* The agency the source named, if it resolves. */
	if (c->agency) {
		a = pakn_rules_agency(r, c->agency, c->received_day);
		if (a == NULL || strcmp(a->id, c->agency) != 0)
			rt->source_agency = c->agency;
	}
	c->cur_agency = a ? a->id : NULL;
	if (a && !(flags & PAKN_ROUTE_REROUTE)) {
		rt->agency = a;
		rt->rule = "source";
		pakn_buf_addf(&rt->why, "the source named '%s'", c->agency);
		if (flags & PAKN_ROUTE_EXPLAIN)
			trace_add(rt, "source", "source", "kept", c->agency);
	} else {
		i = first_match(r, c, r->rules, r->nrules, "rules", flags, rt);
		if (i >= 0) {
			rt->agency = &r->agencies[r->rules[i].agency];
			rt->rule = r->rules[i].name;
			for (k = 0; k < r->rules[i].ncc; k++)
				add_cc(rt, &r->agencies[r->rules[i].cc[k]]);
		} else {
			/* The default: the first listed that existed then. */
			for (k = 0; k < r->ndefaults && rt->agency == NULL; k++)
				if (pakn_agency_valid(
				        &r->agencies[r->defaults[k]],
				        c->received_day))
					rt->agency =
					    &r->agencies[r->defaults[k]];
			if (rt->agency == NULL && r->ndefaults > 0)
				rt->agency = &r->agencies[r->defaults[0]];
			pakn_buf_reset(&rt->why);
			pakn_buf_adds(&rt->why,
			              "no rule matched: default agency");
			if (flags & PAKN_ROUTE_EXPLAIN)
				trace_add(rt, "default", "default", "used",
				          rt->agency ? rt->agency->id : "");
		}
	}
	/* Escalation, with the routed agency as the `agency` condition. */
	if (rt->agency && r->nescalate > 0) {
		struct pakn_buf *keep = &rt->b_keep;

		pakn_buf_reset(keep);
		pakn_buf_add(keep, rt->why.data ? rt->why.data : "",
		             rt->why.len);
		c->cur_agency = rt->agency->id;
		i = first_match(r, c, r->escalate, r->nescalate, "escalate",
		                flags, rt);
		if (i >= 0 &&
		    &r->agencies[r->escalate[i].agency] != rt->agency) {
			rt->from = rt->agency;
			rt->agency = &r->agencies[r->escalate[i].agency];
			rt->escalated = 1;
			rt->escalation = r->escalate[i].name;
			pakn_buf_adds(keep, "; escalated by '");
			pakn_buf_adds(keep, rt->escalation);
			pakn_buf_adds(keep, "': ");
			pakn_buf_add(keep, rt->why.data, rt->why.len);
		}
		pakn_buf_reset(&rt->why);
		pakn_buf_add(&rt->why, keep->data ? keep->data : "", keep->len);
	}
	if ((flags & PAKN_ROUTE_SUCCESSORS) && rt->agency) {
		s = pakn_rules_successor(r, rt->agency);
		if (s != rt->agency) {
			rt->successor_of = rt->agency;
			rt->agency = s;
		}
	}
	if (flags & PAKN_ROUTE_EXPLAIN)
		pakn_buf_addc(&rt->trace, ']');
}

static const struct pakn_policy *
first_policy(struct pakn_rules *r, const struct pakn_policy *pol, size_t n,
             struct pakn_case *c, unsigned long *limit_hits)
{
	struct ev e;
	size_t i;

	stamp(r, c);
	if (c->category_id == NULL && c->category)
		c->category_id = pakn_rules_category(r, c->category);
	if (c->cur_agency == NULL && c->agency) {
		const struct pakn_agency *a =
		    pakn_rules_agency(r, c->agency, c->received_day);

		c->cur_agency = a ? a->id : NULL;
	}
	for (i = 0; i < n; i++) {
		e.r = r;
		e.c = c;
		e.why = e.fail = NULL;
		e.limit = 0;
		if (eval_when(&e, pol[i].when)) {
			if (e.limit && limit_hits)
				(*limit_hits)++;
			return &pol[i];
		}
		if (e.limit && limit_hits)
			(*limit_hits)++;
	}
	return NULL;
}

const struct pakn_policy *
pakn_rules_deadline(struct pakn_rules *r, struct pakn_case *c,
                    unsigned long *limit_hits)
{
	return first_policy(r, r->policies, r->npolicies, c, limit_hits);
}

const struct pakn_policy *
pakn_rules_report_back(struct pakn_rules *r, struct pakn_case *c,
                       unsigned long *limit_hits)
{
	return first_policy(r, r->report_back, r->nreport_back, c, limit_hits);
}

const struct pakn_policy *
pakn_rules_coordination(struct pakn_rules *r, struct pakn_case *c,
                        unsigned long *limit_hits)
{
	return first_policy(r, r->coordination, r->ncoordination, c,
	                    limit_hits);
}
