/*
 * rules.c: loading and checking a rules file (see rules.h and
 * routing-rules/README.md).
 *
 * libyaml's document API gives the tree; every node keeps its mark, so each
 * message names FILE:LINE:COLUMN (marks are 0-based, messages 1-based).
 * The loader goes on after an error where it can, so `pakn-route --check`
 * reports every problem at once; warnings (rules that can never match,
 * categories no rule reaches, validity ranges that never meet) are
 * collected beside the errors.  Aliases are refused: a node reached twice
 * is an error, so a shared node can neither loop nor blow up.
 */
#include "rules_int.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "text.h"
#include "when.h"

/* ---- string map ------------------------------------------------------ */

static size_t
str_hash(const char *s)
{
	size_t h = 14695981039346656037ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

void
strmap_put(struct strmap *m, const char *key, size_t val)
{
	size_t i, j;

	if (2 * (m->n + 1) > m->cap) {
		struct strmap old = *m;

		m->cap = m->cap ? 2 * m->cap : 64;
		m->keys = pakn_xcalloc(m->cap, sizeof *m->keys);
		m->vals = pakn_xcalloc(m->cap, sizeof *m->vals);
		m->n = 0;
		for (j = 0; j < old.cap; j++)
			if (old.keys[j]) {
				strmap_put(m, old.keys[j], old.vals[j]);
				free(old.keys[j]);
			}
		free(old.keys);
		free(old.vals);
	}
	for (i = str_hash(key) & (m->cap - 1); m->keys[i];
	     i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0)
			return; /* the first definition wins */
	m->keys[i] = pakn_xstrdup(key);
	m->vals[i] = val;
	m->n++;
}

int
strmap_get(const struct strmap *m, const char *key, size_t *val)
{
	size_t i;

	if (m->cap == 0)
		return 0;
	for (i = str_hash(key) & (m->cap - 1); m->keys[i];
	     i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0) {
			*val = m->vals[i];
			return 1;
		}
	return 0;
}

void
strmap_free(struct strmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

/* ---- place folding ----------------------------------------------------- */

void
pakn_fold_place(const char *s, size_t n, struct pakn_buf *out)
{
	static const char *const prefixes[] = {
	    "thanh pho ", "thi tran ", "thi xa ", "dac khu ",
	    "phuong ",    "huyen ",    "quan ",   "tinh ",
	    "tp ",        "xa ",       NULL};
	const char *const *p;
	size_t k;

	pakn_text_fold_key(s, n, out);
	for (p = prefixes; *p; p++) {
		k = strlen(*p);
		if (out->len > k && memcmp(out->data, *p, k) == 0) {
			memmove(out->data, out->data + k, out->len - k + 1);
			out->len -= k;
			break;
		}
	}
}

/* ---- messages ---------------------------------------------------------- */

struct ld {
	yaml_document_t doc;
	const char *path;
	struct pakn_rules *r;
	struct pakn_msgs *msgs;
	int errors;
	unsigned char *visited;
	size_t nnodes;
	struct pakn_buf tmp;
};

static void ld_msg(struct ld *ld, int error, const yaml_node_t *n,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
ld_msg(struct ld *ld, int error, const yaml_node_t *n, const char *fmt, ...)
{
	struct pakn_msg *m;
	va_list ap;

	if (error)
		ld->errors++;
	if (ld->msgs == NULL)
		return;
	ld->msgs->v =
	    pakn_xrealloc(ld->msgs->v, (ld->msgs->n + 1) * sizeof *ld->msgs->v);
	m = &ld->msgs->v[ld->msgs->n++];
	m->error = error;
	m->line = n ? (long)n->start_mark.line + 1 : 0;
	m->column = n ? (long)n->start_mark.column + 1 : 0;
	va_start(ap, fmt);
	vsnprintf(m->text, sizeof m->text, fmt, ap);
	va_end(ap);
}

#define ERR(ld, n, ...) ld_msg((ld), 1, (n), __VA_ARGS__)
#define WARN(ld, n, ...) ld_msg((ld), 0, (n), __VA_ARGS__)

/* A node by index; NULL (and an error) if it was reached before. */
static yaml_node_t *
node(struct ld *ld, int idx)
{
	yaml_node_t *n = yaml_document_get_node(&ld->doc, idx);

	if (n == NULL)
		return NULL;
	if (ld->visited[idx]) {
		ERR(ld, n, "aliases are not allowed in a rules file");
		return NULL;
	}
	ld->visited[idx] = 1;
	return n;
}

static const char *
sval(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

static int
is_scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE;
}

static const char *
type_name(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE: return "a value";
	case YAML_SEQUENCE_NODE: return "a list";
	case YAML_MAPPING_NODE: return "a mapping";
	default: return "nothing";
	}
}

/* Checks a mapping's keys against a list and for duplicates; returns 0
 * if all is well. */
static int
check_keys(struct ld *ld, yaml_node_t *m, const char *what,
           const char *const *allowed)
{
	yaml_node_pair_t *p, *q;
	yaml_node_t *k, *k2;
	const char *const *a;
	int bad = 0;

	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top;
	     p++) {
		k = yaml_document_get_node(&ld->doc, p->key);
		if (!is_scalar(k)) {
			ERR(ld, k, "%s: keys must be plain words", what);
			bad = 1;
			continue;
		}
		for (a = allowed; *a; a++)
			if (strcmp(*a, sval(k)) == 0)
				break;
		if (allowed[0] && *a == NULL) {
			struct pakn_buf list = PAKN_BUF_INIT;

			for (a = allowed; *a; a++) {
				pakn_buf_adds(&list, a == allowed ? "" : ", ");
				pakn_buf_adds(&list, *a);
			}
			ERR(ld, k, "%s: unknown key '%s' (expected %s)", what,
			    sval(k), list.data);
			pakn_buf_release(&list);
			bad = 1;
		}
		for (q = m->data.mapping.pairs.start; q < p; q++) {
			k2 = yaml_document_get_node(&ld->doc, q->key);
			if (is_scalar(k2) && strcmp(sval(k2), sval(k)) == 0) {
				ERR(ld, k,
				    "%s: duplicate key '%s' (first at line "
				    "%lu)",
				    what, sval(k),
				    (unsigned long)k2->start_mark.line + 1);
				bad = 1;
			}
		}
	}
	return bad;
}

/* The value of key in mapping m, or NULL. */
static yaml_node_t *
get(struct ld *ld, yaml_node_t *m, const char *key)
{
	yaml_node_pair_t *p;
	yaml_node_t *k;

	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top;
	     p++) {
		k = yaml_document_get_node(&ld->doc, p->key);
		if (is_scalar(k) && strcmp(sval(k), key) == 0)
			return node(ld, p->value);
	}
	return NULL;
}

static char *
get_str(struct ld *ld, yaml_node_t *m, const char *key, const char *what,
        int required)
{
	yaml_node_t *v = get(ld, m, key);

	if (v == NULL) {
		if (required)
			ERR(ld, m, "%s: '%s' is required", what, key);
		return NULL;
	}
	if (!is_scalar(v)) {
		ERR(ld, v, "%s: '%s' must be a value, not %s", what, key,
		    type_name(v));
		return NULL;
	}
	if (!pakn_utf8_valid(sval(v), strlen(sval(v)), NULL)) {
		ERR(ld, v, "%s: '%s' is not valid UTF-8", what, key);
		return NULL;
	}
	return pakn_xstrdup(sval(v));
}

static int
parse_day(struct ld *ld, yaml_node_t *v, const char *what, long *day)
{
	struct pakn_error e;

	if (!is_scalar(v)) {
		ERR(ld, v, "%s must be a date YYYY-MM-DD", what);
		return -1;
	}
	if (pakn_date_parse_iso(sval(v), day, &e) != 0) {
		ERR(ld, v, "%s: %s", what, e.text);
		return -1;
	}
	return 0;
}

/* A value or a list of values, as strings (caller frees). */
static char **
get_list(struct ld *ld, yaml_node_t *v, const char *what, size_t *n)
{
	yaml_node_item_t *it;
	yaml_node_t *x;
	char **out;
	size_t k = 0;

	*n = 0;
	if (is_scalar(v)) {
		out = pakn_xmalloc(sizeof *out);
		out[0] = pakn_xstrdup(sval(v));
		*n = 1;
		return out;
	}
	if (v->type != YAML_SEQUENCE_NODE) {
		ERR(ld, v, "%s must be a value or a list of values", what);
		return NULL;
	}
	out = pakn_xcalloc((size_t)(v->data.sequence.items.top -
	                            v->data.sequence.items.start) +
	                       1,
	                   sizeof *out);
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		x = node(ld, *it);
		if (!is_scalar(x)) {
			if (x)
				ERR(ld, x, "%s: expected a value, found %s",
				    what, type_name(x));
			continue;
		}
		out[k++] = pakn_xstrdup(sval(x));
	}
	*n = k;
	return out;
}

static void
free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* ---- when ------------------------------------------------------------ */

static const char *const cond_names[C_COUNT] = {
    [C_CATEGORY] = "category",
    [C_CHANNEL] = "channel",
    [C_KIND] = "kind",
    [C_STATUS] = "status",
    [C_SATISFACTION] = "satisfaction",
    [C_SUBMITTER_TYPE] = "submitter_type",
    [C_PROVINCE] = "province",
    [C_DISTRICT] = "district",
    [C_COMMUNE] = "commune",
    [C_TEXT] = "text",
    [C_TITLE] = "title",
    [C_CONTENT] = "content",
    [C_RECEIVED_FROM] = "received_from",
    [C_RECEIVED_UNTIL] = "received_until",
    [C_AGENCY] = "agency",
    [C_ANY] = "any",
    [C_ALL] = "all",
    [C_NOT] = "not",
};

const char *
pakn_cond_name(int kind)
{
	return (kind >= 0 && kind < C_COUNT) ? cond_names[kind] : "?";
}

/* Enum values each enum condition accepts. */
static const char *const enum_channel[] = {
    "hotline", "zalo",   "email",  "sms",   "portal",
    "meeting", "letter", "direct", "other", NULL};
static const char *const enum_kind[] = {
    "feedback",     "petition",  "question", "complaint",
    "denunciation", "directive", "other",    NULL};
static const char *const enum_status[] = {"received", "forwarded", "processing",
                                          "answered", "closed",    "rejected",
                                          "other",    NULL};
static const char *const enum_satisfaction[] = {"satisfied", "neutral",
                                                "unsatisfied", NULL};
static const char *const enum_subtype[] = {"citizen", "business",
                                           "organization", NULL};

static const char *const *
enum_of(enum cond_kind k)
{
	switch (k) {
	case C_CHANNEL: return enum_channel;
	case C_KIND: return enum_kind;
	case C_STATUS: return enum_status;
	case C_SATISFACTION: return enum_satisfaction;
	case C_SUBMITTER_TYPE: return enum_subtype;
	default: return NULL;
	}
}

/* Folds the non-ASCII letters of a pattern (ASCII stays: escapes such as
 * \D or \S must keep their case; matching is caseless anyway). */
static void
fold_pattern(const char *p, struct pakn_buf *out, struct pakn_buf *tmp)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t start;

	pakn_buf_reset(out);
	while (*s) {
		if (*s < 0x80) {
			pakn_buf_addc(out, (char)*s++);
			continue;
		}
		start = 0;
		while (s[start] >= 0x80)
			start++;
		pakn_text_fold((const char *)s, start, tmp);
		pakn_buf_add(out, tmp->data, tmp->len);
		s += start;
	}
}

static int
ascii_only(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* Compiles a pattern once per (pattern, fold); returns its index in the
 * rules' pattern table, or (size_t)-1 after reporting the error. */
static size_t
compile_pattern(struct ld *ld, yaml_node_t *v, const char *pat, int fold)
{
	struct pakn_rules *r = ld->r;
	struct pakn_buf folded = PAKN_BUF_INIT, key = PAKN_BUF_INIT;
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	pcre2_code *re;
	size_t idx;
	int rc;

	pakn_buf_adds(&key, fold ? "f/" : "-/");
	pakn_buf_adds(&key, pat);
	if (strmap_get(&r->pat_by_key, key.data, &idx)) {
		pakn_buf_release(&key);
		return idx;
	}
	if (fold)
		fold_pattern(pat, &folded, &ld->tmp);
	/* A folded pattern that is plain ASCII runs on folded text, which is
	 * ASCII for Vietnamese: byte-wise matching (no UTF decoding) is the
	 * same there and markedly faster. */
	re = pcre2_compile(
	    (PCRE2_SPTR)(fold ? folded.data : pat), PCRE2_ZERO_TERMINATED,
	    (fold && ascii_only(folded.data) ? 0 : PCRE2_UTF | PCRE2_UCP) |
	        PCRE2_CASELESS,
	    &rc, &off, NULL);
	if (re == NULL) {
		pcre2_get_error_message(rc, msg, sizeof msg);
		ERR(ld, v, "pattern '%s': %s at offset %zu", pat, (char *)msg,
		    (size_t)off);
		pakn_buf_release(&key);
		pakn_buf_release(&folded);
		return (size_t)-1;
	}
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	r->pats = pakn_xrealloc(r->pats, (r->npats + 1) * sizeof *r->pats);
	memset(&r->pats[r->npats], 0, sizeof r->pats[r->npats]);
	r->pats[r->npats].re = re;
	r->pats[r->npats].fold = fold;
	r->pats[r->npats].src = pakn_xstrdup(fold ? folded.data : pat);
	pakn_buf_release(&folded);
	strmap_put(&r->pat_by_key, key.data, r->npats);
	pakn_buf_release(&key);
	return r->npats++;
}

static struct pakn_when *parse_when(struct ld *ld, yaml_node_t *m,
                                    int inherited_fold);

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Parses one condition; 0 or -1 (error reported). */
static int
parse_cond(struct ld *ld, struct cond *c, enum cond_kind k, yaml_node_t *v,
           int fold)
{
	const char *const *e;
	yaml_node_item_t *it;
	yaml_node_t *x;
	size_t i;
	size_t idx;
	struct pakn_buf canon = PAKN_BUF_INIT;

	memset(c, 0, sizeof *c);
	c->kind = k;
	c->line = (long)v->start_mark.line + 1;
	c->column = (long)v->start_mark.column + 1;
	pakn_buf_adds(&canon, cond_names[k]);
	pakn_buf_addc(&canon, '=');
	switch (k) {
	case C_TEXT:
	case C_TITLE:
	case C_CONTENT:
		if (!is_scalar(v)) {
			ERR(ld, v, "'%s' must be a pattern", cond_names[k]);
			goto bad;
		}
		c->pattern = pakn_xstrdup(sval(v));
		c->fold = fold;
		c->pid = compile_pattern(ld, v, c->pattern, fold);
		if (c->pid == (size_t)-1)
			goto bad;
		c->re = ld->r->pats[c->pid].re;
		pakn_buf_addf(&canon, "%s/%s", fold ? "f" : "", c->pattern);
		break;
	case C_RECEIVED_FROM:
	case C_RECEIVED_UNTIL:
		if (parse_day(ld, v, cond_names[k], &c->day) != 0)
			goto bad;
		pakn_buf_addf(&canon, "%ld", c->day);
		break;
	case C_ANY:
	case C_ALL:
		if (v->type != YAML_SEQUENCE_NODE) {
			ERR(ld, v, "'%s' must be a list of conditions",
			    cond_names[k]);
			goto bad;
		}
		c->subs = pakn_xcalloc((size_t)(v->data.sequence.items.top -
		                                v->data.sequence.items.start) +
		                           1,
		                       sizeof *c->subs);
		for (it = v->data.sequence.items.start;
		     it < v->data.sequence.items.top; it++) {
			x = node(ld, *it);
			if (x == NULL)
				continue;
			c->subs[c->nsubs] = parse_when(ld, x, fold);
			if (c->subs[c->nsubs] == NULL)
				goto bad;
			c->nsubs++;
		}
		pakn_buf_addf(&canon, "#%ld:%ld", c->line, c->column);
		break;
	case C_NOT:
		c->subs = pakn_xcalloc(1, sizeof *c->subs);
		c->subs[0] = parse_when(ld, v, fold);
		if (c->subs[0] == NULL)
			goto bad;
		c->nsubs = 1;
		pakn_buf_addf(&canon, "#%ld:%ld", c->line, c->column);
		break;
	default:
		c->values = get_list(ld, v, cond_names[k], &c->nvalues);
		c->ids = pakn_xcalloc(c->nvalues + 1, sizeof *c->ids);
		if (c->values == NULL || c->nvalues == 0) {
			if (c->values)
				ERR(ld, v, "'%s' needs at least one value",
				    cond_names[k]);
			goto bad;
		}
		for (i = 0; i < c->nvalues; i++) {
			if (k == C_PROVINCE || k == C_DISTRICT ||
			    k == C_COMMUNE) {
				pakn_fold_place(c->values[i],
				                strlen(c->values[i]), &ld->tmp);
				free(c->values[i]);
				c->values[i] = pakn_xstrdup(ld->tmp.data);
				if (!strmap_get(&ld->r->place_ids, c->values[i],
				                &idx)) {
					idx = ld->r->place_ids.n;
					strmap_put(&ld->r->place_ids,
					           c->values[i], idx);
				}
				c->ids[i] = (long)idx;
			} else if (k == C_CATEGORY) {
				if (!strmap_get(&ld->r->category_by_name,
				                c->values[i], &idx) ||
				    strcmp(ld->r->categories[idx].id,
				           c->values[i]) != 0)
					ERR(ld, v, "unknown category '%s'",
					    c->values[i]);
				else
					c->ids[i] = (long)idx;
			} else if (k == C_AGENCY) {
				if (!strmap_get(&ld->r->agency_by_id,
				                c->values[i], &idx))
					ERR(ld, v, "unknown agency '%s'",
					    c->values[i]);
			} else if ((e = enum_of(k)) != NULL) {
				for (; *e; e++)
					if (strcmp(*e, c->values[i]) == 0)
						break;
				if (*e == NULL)
					ERR(ld, v, "%s: unknown value '%s'",
					    cond_names[k], c->values[i]);
			}
		}
		qsort(c->values, c->nvalues, sizeof *c->values, cmp_str);
		/* Interned forms, in the sorted order. */
		for (i = 0; i < c->nvalues; i++) {
			if (k == C_CATEGORY &&
			    strmap_get(&ld->r->category_by_name, c->values[i],
			               &idx))
				c->ids[i] = (long)idx;
			else if ((k == C_PROVINCE || k == C_DISTRICT ||
			          k == C_COMMUNE) &&
			         strmap_get(&ld->r->place_ids, c->values[i],
			                    &idx))
				c->ids[i] = (long)idx;
		}
		for (i = 0; i < c->nvalues; i++)
			pakn_buf_addf(&canon, "%s|", c->values[i]);
		break;
	}
	c->canon = pakn_xstrdup(canon.data);
	pakn_buf_release(&canon);
	return 0;
bad:
	pakn_buf_release(&canon);
	return -1;
}

static void
cond_free(struct cond *c)
{
	size_t i;

	free_list(c->values, c->nvalues);
	free(c->ids);
	free(c->pattern);
	for (i = 0; i < c->nsubs; i++)
		when_free(c->subs[i]);
	free(c->subs);
	free(c->canon);
}

void
when_free(struct pakn_when *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->n; i++)
		cond_free(&w->conds[i]);
	free(w->conds);
	free(w);
}

static struct pakn_when *
parse_when(struct ld *ld, yaml_node_t *m, int fold)
{
	static const char *const allowed[] = {"category",      "channel",
	                                      "kind",          "status",
	                                      "satisfaction",  "submitter_type",
	                                      "province",      "district",
	                                      "commune",       "text",
	                                      "title",         "content",
	                                      "received_from", "received_until",
	                                      "agency",        "any",
	                                      "all",           "not",
	                                      "fold",          NULL};
	struct pakn_when *w;
	yaml_node_pair_t *p;
	yaml_node_t *k, *v, *f;
	int kind, bad = 0;

	if (m->type != YAML_MAPPING_NODE) {
		ERR(ld, m, "'when' must be a mapping of conditions, not %s",
		    type_name(m));
		return NULL;
	}
	if (check_keys(ld, m, "when", allowed))
		return NULL;
	w = pakn_xcalloc(1, sizeof *w);
	w->line = (long)m->start_mark.line + 1;
	w->column = (long)m->start_mark.column + 1;
	f = get(ld, m, "fold");
	if (f) {
		if (is_scalar(f) && strcmp(sval(f), "true") == 0)
			fold = 1;
		else if (is_scalar(f) && strcmp(sval(f), "false") == 0)
			fold = 0;
		else {
			ERR(ld, f, "'fold' must be true or false");
			bad = 1;
		}
	}
	w->fold = fold;
	w->conds = pakn_xcalloc(
	    (size_t)(m->data.mapping.pairs.top - m->data.mapping.pairs.start) +
	        1,
	    sizeof *w->conds);
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top;
	     p++) {
		k = yaml_document_get_node(&ld->doc, p->key);
		if (strcmp(sval(k), "fold") == 0)
			continue;
		for (kind = 0; kind < C_COUNT; kind++)
			if (strcmp(cond_names[kind], sval(k)) == 0)
				break;
		v = node(ld, p->value);
		if (v == NULL) {
			bad = 1;
			continue;
		}
		if (parse_cond(ld, &w->conds[w->n], (enum cond_kind)kind, v,
		               fold) != 0) {
			cond_free(&w->conds[w->n]);
			bad = 1;
			continue;
		}
		w->n++;
	}
	if (bad) {
		when_free(w);
		return NULL;
	}
	return w;
}

/* ---- sections ---------------------------------------------------------- */

static int
find_agency(struct ld *ld, yaml_node_t *at, const char *id, size_t *idx,
            const char *what)
{
	if (strmap_get(&ld->r->agency_by_id, id, idx))
		return 0;
	ERR(ld, at, "%s names unknown agency '%s'", what, id);
	return -1;
}

static void
add_agency_name(struct pakn_rules *r, const char *name, size_t i,
                struct pakn_buf *tmp)
{
	struct name_group *g;
	size_t gi, k;

	pakn_text_fold_key(name, strlen(name), tmp);
	if (tmp->len == 0)
		return;
	if (!strmap_get(&r->agency_by_name, tmp->data, &gi)) {
		r->groups = pakn_xrealloc(r->groups,
		                          (r->ngroups + 1) * sizeof *r->groups);
		memset(&r->groups[r->ngroups], 0, sizeof *r->groups);
		gi = r->ngroups++;
		strmap_put(&r->agency_by_name, tmp->data, gi);
	}
	g = &r->groups[gi];
	for (k = 0; k < g->n; k++)
		if (g->v[k] == i)
			return;
	g->v = pakn_xrealloc(g->v, (g->n + 1) * sizeof *g->v);
	g->v[g->n++] = i;
}

static void
load_agencies(struct ld *ld, yaml_node_t *m)
{
	static const char *const allowed[] = {
	    "name",       "level",       "parent",    "aliases",
	    "valid_from", "valid_until", "successor", NULL};
	struct pakn_rules *r = ld->r;
	yaml_node_pair_t *p;
	yaml_node_t *k, *v, *x;
	struct pakn_agency *a;
	char *level;
	size_t i, idx;

	if (m->type != YAML_MAPPING_NODE) {
		ERR(ld, m,
		    "'agencies' must be a mapping of id: {name, level, ...}");
		return;
	}
	check_keys(ld, m, "agencies", (const char *const[]){NULL});
	r->agencies = pakn_xcalloc(
	    (size_t)(m->data.mapping.pairs.top - m->data.mapping.pairs.start) +
	        1,
	    sizeof *r->agencies);
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top;
	     p++) {
		k = yaml_document_get_node(&ld->doc, p->key);
		v = node(ld, p->value);
		if (!is_scalar(k) || v == NULL)
			continue;
		if (v->type != YAML_MAPPING_NODE) {
			ERR(ld, v,
			    "agency '%s' must be a mapping {name, level, ...}",
			    sval(k));
			continue;
		}
		if (strmap_get(&r->agency_by_id, sval(k), &idx))
			continue; /* reported by check_keys */
		check_keys(ld, v, "agency", allowed);
		a = &r->agencies[r->nagencies];
		memset(a, 0, sizeof *a);
		a->id = pakn_xstrdup(sval(k));
		a->line = (long)k->start_mark.line + 1;
		a->column = (long)k->start_mark.column + 1;
		a->valid_from = LONG_MIN;
		a->valid_until = LONG_MAX;
		a->name = get_str(ld, v, "name", "agency", 1);
		if (a->name == NULL)
			a->name = pakn_xstrdup(a->id);
		level = get_str(ld, v, "level", "agency", 0);
		if (level) {
			if (strcmp(level, "province") == 0)
				a->level = PAKN_LEVEL_PROVINCE;
			else if (strcmp(level, "district") == 0)
				a->level = PAKN_LEVEL_DISTRICT;
			else if (strcmp(level, "commune") == 0)
				a->level = PAKN_LEVEL_COMMUNE;
			else
				ERR(ld, get(ld, v, "level") ? v : v,
				    "agency '%s': level '%s' (expected "
				    "province, district or commune)",
				    a->id, level);
			free(level);
		}
		a->parent = get_str(ld, v, "parent", "agency", 0);
		a->successor = get_str(ld, v, "successor", "agency", 0);
		x = get(ld, v, "aliases");
		if (x)
			a->aliases = get_list(ld, x, "aliases", &a->naliases);
		x = get(ld, v, "valid_from");
		if (x)
			parse_day(ld, x, "valid_from", &a->valid_from);
		x = get(ld, v, "valid_until");
		if (x)
			parse_day(ld, x, "valid_until", &a->valid_until);
		if (a->valid_from > a->valid_until)
			ERR(ld, k,
			    "agency '%s': valid_from is after valid_until",
			    a->id);
		strmap_put(&r->agency_by_id, a->id, r->nagencies);
		r->nagencies++;
	}
	/* Names and aliases, folded, after all ids (an id wins). */
	for (i = 0; i < r->nagencies; i++) {
		a = &r->agencies[i];
		add_agency_name(r, a->id, i, &ld->tmp);
		add_agency_name(r, a->name, i, &ld->tmp);
	}
	for (i = 0; i < r->nagencies; i++) {
		size_t j;

		a = &r->agencies[i];
		for (j = 0; j < a->naliases; j++)
			add_agency_name(r, a->aliases[j], i, &ld->tmp);
	}
}

/* Checks parent and successor references (after all agencies). */
static void
check_agency_refs(struct ld *ld, yaml_node_t *m)
{
	struct pakn_rules *r = ld->r;
	yaml_node_pair_t *p;
	yaml_node_t *k;
	size_t i, idx;

	for (i = 0; i < r->nagencies; i++) {
		struct pakn_agency *a = &r->agencies[i];

		/* Find the key node for the message position. */
		k = NULL;
		for (p = m->data.mapping.pairs.start;
		     p < m->data.mapping.pairs.top; p++) {
			yaml_node_t *kk =
			    yaml_document_get_node(&ld->doc, p->key);

			if (is_scalar(kk) && strcmp(sval(kk), a->id) == 0) {
				k = kk;
				break;
			}
		}
		if (a->parent && !strmap_get(&r->agency_by_id, a->parent, &idx))
			ERR(ld, k,
			    "agency '%s': parent names unknown agency '%s'",
			    a->id, a->parent);
		if (a->successor &&
		    !strmap_get(&r->agency_by_id, a->successor, &idx))
			ERR(ld, k,
			    "agency '%s': successor names unknown agency '%s'",
			    a->id, a->successor);
		else if (a->successor && strcmp(a->successor, a->id) == 0)
			ERR(ld, k, "agency '%s' is its own successor", a->id);
	}
}

static void
load_categories(struct ld *ld, yaml_node_t *m)
{
	static const char *const allowed[] = {"label", "aliases", NULL};
	struct pakn_rules *r = ld->r;
	yaml_node_pair_t *p;
	yaml_node_t *k, *v, *x;
	size_t i, j, idx;

	if (m->type != YAML_MAPPING_NODE) {
		ERR(ld, m,
		    "'categories' must be a mapping of id: {label, aliases}");
		return;
	}
	check_keys(ld, m, "categories", (const char *const[]){NULL});
	r->categories = pakn_xcalloc(
	    (size_t)(m->data.mapping.pairs.top - m->data.mapping.pairs.start) +
	        1,
	    sizeof *r->categories);
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top;
	     p++) {
		k = yaml_document_get_node(&ld->doc, p->key);
		v = node(ld, p->value);
		if (!is_scalar(k) || v == NULL)
			continue;
		if (v->type != YAML_MAPPING_NODE) {
			ERR(ld, v,
			    "category '%s' must be a mapping {label, aliases}",
			    sval(k));
			continue;
		}
		if (strmap_get(&r->category_by_name, sval(k), &idx) &&
		    strcmp(r->categories[idx].id, sval(k)) == 0)
			continue;
		check_keys(ld, v, "category", allowed);
		i = r->ncategories++;
		r->categories[i].id = pakn_xstrdup(sval(k));
		r->categories[i].line = (long)k->start_mark.line + 1;
		r->categories[i].column = (long)k->start_mark.column + 1;
		r->categories[i].label = get_str(ld, v, "label", "category", 1);
		x = get(ld, v, "aliases");
		if (x)
			r->categories[i].aliases = get_list(
			    ld, x, "aliases", &r->categories[i].naliases);
		/* The id itself, exactly, for `category:` conditions. */
		strmap_put(&r->category_by_name, r->categories[i].id, i);
	}
	/* Labels and aliases, folded, for matching records' labels. */
	for (i = 0; i < r->ncategories; i++) {
		pakn_text_fold_key(r->categories[i].id,
		                   strlen(r->categories[i].id), &ld->tmp);
		strmap_put(&r->category_by_name, ld->tmp.data, i);
		if (r->categories[i].label) {
			pakn_text_fold_key(r->categories[i].label,
			                   strlen(r->categories[i].label),
			                   &ld->tmp);
			strmap_put(&r->category_by_name, ld->tmp.data, i);
		}
	}
	for (i = 0; i < r->ncategories; i++)
		for (j = 0; j < r->categories[i].naliases; j++) {
			pakn_text_fold_key(r->categories[i].aliases[j],
			                   strlen(r->categories[i].aliases[j]),
			                   &ld->tmp);
			if (ld->tmp.len > 0)
				strmap_put(&r->category_by_name, ld->tmp.data,
				           i);
		}
}

/* Loads `rules` (escalate = 0) or `escalate` (escalate = 1). */
static void
load_rules(struct ld *ld, yaml_node_t *s, int escalate)
{
	static const char *const allowed_rule[] = {"name", "when", "agency",
	                                           "cc", NULL};
	static const char *const allowed_esc[] = {"name", "when", "agency",
	                                          NULL};
	const char *what = escalate ? "escalate" : "rules";
	struct pakn_rules *r = ld->r;
	struct rule *list, *ru;
	size_t *n = escalate ? &r->nescalate : &r->nrules;
	yaml_node_item_t *it;
	yaml_node_t *m, *v;
	char *agency;
	char **cc;
	size_t ncc, i, k;

	if (s->type != YAML_SEQUENCE_NODE) {
		ERR(ld, s, "'%s' must be a list of rules", what);
		return;
	}
	list = pakn_xcalloc((size_t)(s->data.sequence.items.top -
	                             s->data.sequence.items.start) +
	                        1,
	                    sizeof *list);
	if (escalate)
		r->escalate = list;
	else
		r->rules = list;
	for (it = s->data.sequence.items.start; it < s->data.sequence.items.top;
	     it++) {
		m = node(ld, *it);
		if (m == NULL)
			continue;
		if (m->type != YAML_MAPPING_NODE) {
			ERR(ld, m,
			    "%s: each item must be a mapping {name, when, "
			    "agency}",
			    what);
			continue;
		}
		check_keys(ld, m, escalate ? "escalation rule" : "rule",
		           escalate ? allowed_esc : allowed_rule);
		ru = &list[*n];
		memset(ru, 0, sizeof *ru);
		ru->line = (long)m->start_mark.line + 1;
		ru->column = (long)m->start_mark.column + 1;
		ru->name = get_str(ld, m, "name", what, 1);
		if (ru->name == NULL) {
			char def[32];

			snprintf(def, sizeof def, "%s-%zu", what, *n + 1);
			ru->name = pakn_xstrdup(def);
		}
		for (i = 0; i < *n; i++)
			if (strcmp(list[i].name, ru->name) == 0)
				ERR(ld, m,
				    "duplicate rule name '%s' (first at line "
				    "%ld)",
				    ru->name, list[i].line);
		agency = get_str(ld, m, "agency", what, 1);
		if (agency) {
			v = m;
			for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
			     p < m->data.mapping.pairs.top; p++) {
				yaml_node_t *kk =
				    yaml_document_get_node(&ld->doc, p->key);

				if (strcmp(sval(kk), "agency") == 0)
					v = yaml_document_get_node(&ld->doc,
					                           p->value);
			}
			char label[300];

			snprintf(label, sizeof label, "rule '%s'", ru->name);
			if (find_agency(ld, v, agency, &ru->agency, label) != 0)
				ru->agency = (size_t)-1;
			free(agency);
		} else {
			ru->agency = (size_t)-1;
		}
		v = get(ld, m, "cc");
		if (v) {
			cc = get_list(ld, v, "cc", &ncc);
			ru->cc = pakn_xcalloc(ncc + 1, sizeof *ru->cc);
			for (k = 0; cc && k < ncc; k++) {
				char label[300];

				snprintf(label, sizeof label, "rule '%s' cc",
				         ru->name);
				if (find_agency(ld, v, cc[k], &ru->cc[ru->ncc],
				                label) == 0)
					ru->ncc++;
			}
			free_list(cc, ncc);
		}
		v = get(ld, m, "when");
		if (v)
			ru->when = parse_when(ld, v, 0);
		else
			ru->when = pakn_xcalloc(1, sizeof *ru->when);
		(*n)++;
	}
}

static void
load_default(struct ld *ld, yaml_node_t *v)
{
	struct pakn_rules *r = ld->r;
	char **ids;
	size_t n, i;

	ids = get_list(ld, v, "default", &n);
	r->defaults = pakn_xcalloc(n + 1, sizeof *r->defaults);
	for (i = 0; ids && i < n; i++)
		if (find_agency(ld, v, ids[i], &r->defaults[r->ndefaults],
		                "default") == 0)
			r->ndefaults++;
	free_list(ids, n);
}

static void
load_deadlines(struct ld *ld, yaml_node_t *s)
{
	static const char *const allowed[] = {"name", "when",     "amount",
	                                      "unit", "citation", NULL};
	struct pakn_rules *r = ld->r;
	struct pakn_policy *pol;
	yaml_node_item_t *it;
	yaml_node_t *m, *v;
	char *end;
	long amount;
	size_t i;

	if (s->type != YAML_SEQUENCE_NODE) {
		ERR(ld, s, "'deadlines' must be a list of policies");
		return;
	}
	r->policies = pakn_xcalloc((size_t)(s->data.sequence.items.top -
	                                    s->data.sequence.items.start) +
	                               1,
	                           sizeof *r->policies);
	for (it = s->data.sequence.items.start; it < s->data.sequence.items.top;
	     it++) {
		m = node(ld, *it);
		if (m == NULL)
			continue;
		if (m->type != YAML_MAPPING_NODE) {
			ERR(ld, m,
			    "deadlines: each item must be a mapping {name, "
			    "when, amount, unit}");
			continue;
		}
		check_keys(ld, m, "deadline", allowed);
		pol = &r->policies[r->npolicies];
		memset(pol, 0, sizeof *pol);
		pol->line = (long)m->start_mark.line + 1;
		pol->column = (long)m->start_mark.column + 1;
		pol->name = get_str(ld, m, "name", "deadline", 1);
		if (pol->name == NULL)
			pol->name = pakn_xstrdup("deadline");
		for (i = 0; i < r->npolicies; i++)
			if (strcmp(r->policies[i].name, pol->name) == 0)
				ERR(ld, m, "duplicate deadline name '%s'",
				    pol->name);
		pol->citation = get_str(ld, m, "citation", "deadline", 0);
		v = get(ld, m, "amount");
		if (v == NULL) {
			ERR(ld, m, "deadline '%s': 'amount' is required",
			    pol->name);
		} else {
			amount = is_scalar(v) ? strtol(sval(v), &end, 10) : 0;
			if (!is_scalar(v) || *sval(v) == '\0' || *end != '\0' ||
			    amount <= 0 || amount > 10000)
				ERR(ld, v,
				    "deadline '%s': amount must be a whole "
				    "number from 1 to 10000",
				    pol->name);
			else
				pol->amount = (int)amount;
		}
		v = get(ld, m, "unit");
		if (v == NULL || !is_scalar(v))
			ERR(ld, v ? v : m,
			    "deadline '%s': 'unit' is required (working_days, "
			    "days or working_hours)",
			    pol->name);
		else if (strcmp(sval(v), "working_days") == 0)
			pol->unit = PAKN_UNIT_WORKING_DAYS;
		else if (strcmp(sval(v), "days") == 0)
			pol->unit = PAKN_UNIT_DAYS;
		else if (strcmp(sval(v), "working_hours") == 0)
			pol->unit = PAKN_UNIT_WORKING_HOURS;
		else
			ERR(ld, v,
			    "deadline '%s': unit '%s' (expected working_days, "
			    "days or working_hours)",
			    pol->name, sval(v));
		v = get(ld, m, "when");
		if (v)
			pol->when = parse_when(ld, v, 0);
		r->npolicies++;
	}
}

/* ---- warnings ---------------------------------------------------------- */

/* The receipt-date window a when restricts to (top-level conditions). */
static void
when_window(const struct pakn_when *w, long *from, long *until)
{
	size_t i;

	*from = LONG_MIN;
	*until = LONG_MAX;
	for (i = 0; w && i < w->n; i++) {
		if (w->conds[i].kind == C_RECEIVED_FROM &&
		    w->conds[i].day > *from)
			*from = w->conds[i].day;
		if (w->conds[i].kind == C_RECEIVED_UNTIL &&
		    w->conds[i].day < *until)
			*until = w->conds[i].day;
	}
}

/* Whether every condition of a is also a condition of b (so a matches
 * whenever b does). */
static int
when_subset(const struct pakn_when *a, const struct pakn_when *b)
{
	size_t i, j;

	for (i = 0; i < a->n; i++) {
		for (j = 0; j < b->n; j++)
			if (strcmp(a->conds[i].canon, b->conds[j].canon) == 0)
				break;
		if (j == b->n)
			return 0;
	}
	return 1;
}

static void
check_warnings(struct ld *ld, yaml_node_t *root)
{
	struct pakn_rules *r = ld->r;
	unsigned char *reached;
	size_t i, j, k, idx;
	long from, until;
	int catchall = 0;
	yaml_node_t fake;

	memset(&fake, 0, sizeof fake);
	(void)root;
	for (i = 0; i < r->nrules; i++) {
		struct rule *ru = &r->rules[i];
		struct pakn_agency *a;

		fake.start_mark.line = (size_t)ru->line - 1;
		fake.start_mark.column = (size_t)ru->column - 1;
		if (ru->when == NULL || ru->agency == (size_t)-1)
			continue;
		a = &r->agencies[ru->agency];
		when_window(ru->when, &from, &until);
		if (from > until)
			WARN(ld, &fake,
			     "rule '%s' can never match: its received_from is "
			     "after its received_until",
			     ru->name);
		else if (a->valid_until < from || a->valid_from > until)
			WARN(ld, &fake,
			     "rule '%s' can never route: agency '%s' did not "
			     "exist in the rule's receipt window",
			     ru->name, a->id);
		for (j = 0; j < i; j++) {
			struct rule *e = &r->rules[j];
			struct pakn_agency *ea;

			if (e->when == NULL || e->agency == (size_t)-1)
				continue;
			ea = &r->agencies[e->agency];
			/* The earlier rule matches whenever this one does and
			 * its agency exists whenever this one's does. */
			if (when_subset(e->when, ru->when) &&
			    ea->valid_from <=
			        (a->valid_from > from ? a->valid_from : from) &&
			    ea->valid_until >= (a->valid_until < until
			                            ? a->valid_until
			                            : until)) {
				WARN(ld, &fake,
				     "rule '%s' can never match: rule '%s' "
				     "(line %ld) has the same or broader "
				     "conditions and comes first",
				     ru->name, e->name, e->line);
				break;
			}
		}
		if (ru->when->n == 0)
			catchall = 1;
	}
	/* Categories no rule names (unless a rule catches everything). */
	reached = pakn_xcalloc(r->ncategories + 1, 1);
	for (i = 0; i < r->nrules; i++) {
		struct pakn_when *w = r->rules[i].when;

		for (j = 0; w && j < w->n; j++) {
			struct cond *c = &w->conds[j];

			if (c->kind == C_CATEGORY)
				for (k = 0; k < c->nvalues; k++)
					if (strmap_get(&r->category_by_name,
					               c->values[k], &idx))
						reached[idx] = 1;
			if (c->kind == C_ANY || c->kind == C_ALL)
				for (k = 0; k < c->nsubs; k++) {
					struct pakn_when *s = c->subs[k];
					size_t q, z;

					for (q = 0; q < s->n; q++)
						if (s->conds[q].kind ==
						    C_CATEGORY)
							for (z = 0;
							     z < s->conds[q]
							             .nvalues;
							     z++)
								if (strmap_get(
								        &r->category_by_name,
								        s->conds[q]
								            .values
								                [z],
								        &idx))
									reached
									    [idx] =
									        1;
				}
		}
	}
	if (!catchall)
		for (i = 0; i < r->ncategories; i++)
			if (!reached[i]) {
				fake.start_mark.line =
				    (size_t)r->categories[i].line - 1;
				fake.start_mark.column =
				    (size_t)r->categories[i].column - 1;
				WARN(ld, &fake,
				     "category '%s' is reached by no rule: its "
				     "cases go to the default agency",
				     r->categories[i].id);
			}
	free(reached);
}

/* ---- the file ---------------------------------------------------------- */

/* ---- the literal prefilter -------------------------------------------- */

/* A set of literals (each at least 4 bytes), any of which a match holds. */
struct litset {
	char **v;
	size_t n;
};

static void
litset_add(struct litset *ls, const char *s, size_t n)
{
	ls->v = pakn_xrealloc(ls->v, (ls->n + 1) * sizeof *ls->v);
	ls->v[ls->n++] = pakn_xstrndup(s, n);
}

static void
litset_free(struct litset *ls)
{
	size_t i;

	for (i = 0; i < ls->n; i++)
		free(ls->v[i]);
	free(ls->v);
	ls->v = NULL;
	ls->n = 0;
}

static int lits_alt(const char *s, size_t *i, struct litset *out, int depth);

static int
quantified(const char *s)
{
	return *s == '*' || *s == '+' || *s == '?' || *s == '{';
}

/*
 * The literals of one branch: its longest run of plain characters (4
 * bytes or more), else the literals of one of its groups.  0, or -1 when
 * the branch uses anything this reading does not follow (classes, dots,
 * quantifiers, escapes such as \d): then the pattern gets no prefilter.
 */
static int
lits_seq(const char *s, size_t *i, struct litset *out, int depth)
{
	char run[256], best[256];
	size_t rl = 0, bl = 0, k;
	struct litset grp = {NULL, 0}, g = {NULL, 0};
	int have_grp = 0, nest;
	char c, d;

	for (;;) {
		c = s[*i];
		if (c == '\0' || c == '|' || c == ')')
			break;
		if (c == '\\') {
			d = s[*i + 1];
			if (d == 'b' || d == 'B') {
				*i += 2;
				goto end_run;
			}
			if (d == '\0' || (d >= '0' && d <= '9') ||
			    (d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') ||
			    (unsigned char)d >= 0x80 || quantified(s + *i + 2))
				goto fail;
			c = d;
			*i += 2;
			goto add;
		}
		if (c == '(') {
			if (s[*i + 1] == '?' &&
			    (s[*i + 2] == '!' || s[*i + 2] == '=')) {
				/* A lookahead: zero width, skipped. */
				nest = 0;
				for (k = *i; s[k]; k++) {
					if (s[k] == '\\' && s[k + 1]) {
						k++;
						continue;
					}
					if (s[k] == '(')
						nest++;
					else if (s[k] == ')' && --nest == 0)
						break;
				}
				if (s[k] != ')' || quantified(s + k + 1))
					goto fail;
				*i = k + 1;
				goto end_run;
			}
			if (s[*i + 1] == '?' && s[*i + 2] == ':')
				*i += 3;
			else if (s[*i + 1] == '?' || depth > 8)
				goto fail;
			else
				*i += 1;
			if (lits_alt(s, i, &g, depth + 1) != 0 ||
			    s[*i] != ')' || quantified(s + *i + 1))
				goto fail;
			*i += 1;
			if (!have_grp) {
				grp = g;
				g.v = NULL;
				g.n = 0;
				have_grp = 1;
			} else {
				litset_free(&g);
			}
			goto end_run;
		}
		if (strchr("^$.[]{}*+?", c) || (unsigned char)c >= 0x80 ||
		    quantified(s + *i + 1))
			goto fail;
		*i += 1;
	add:
		if (rl < sizeof run)
			run[rl++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		continue;
	end_run:
		if (rl > bl) {
			memcpy(best, run, rl);
			bl = rl;
		}
		rl = 0;
	}
	if (rl > bl) {
		memcpy(best, run, rl);
		bl = rl;
	}
	if (bl >= 4) {
		litset_add(out, best, bl);
		litset_free(&grp);
		return 0;
	}
	if (have_grp && grp.n > 0) {
		for (k = 0; k < grp.n; k++)
			litset_add(out, grp.v[k], strlen(grp.v[k]));
		litset_free(&grp);
		return 0;
	}
fail:
	litset_free(&grp);
	litset_free(&g);
	return -1;
}

static int
lits_alt(const char *s, size_t *i, struct litset *out, int depth)
{
	for (;;) {
		if (lits_seq(s, i, out, depth) != 0)
			return -1;
		if (s[*i] != '|')
			return 0;
		*i += 1;
	}
}

void
pakn_lits_build(struct pakn_rules *r)
{
	struct lits *l = &r->lits;
	struct litset ls;
	size_t p, k, i;
	unsigned h;

	l->head = pakn_xmalloc(65536 * sizeof *l->head);
	memset(l->head, 0xff, 65536 * sizeof *l->head);
	l->bits = pakn_xcalloc(65536 / 64, sizeof *l->bits);
	for (p = 0; p < r->npats; p++) {
		if (!r->pats[p].fold)
			continue;
		ls.v = NULL;
		ls.n = 0;
		i = 0;
		if (lits_alt(r->pats[p].src, &i, &ls, 0) == 0 &&
		    r->pats[p].src[i] == '\0' && ls.n > 0) {
			r->pats[p].has_lits = 1;
			for (k = 0; k < ls.n; k++) {
				l->v = pakn_xrealloc(l->v,
				                     (l->n + 1) * sizeof *l->v);
				l->v[l->n].s = ls.v[k];
				l->v[l->n].n = strlen(ls.v[k]);
				l->v[l->n].pid = p;
				h = lit_hash((const unsigned char *)ls.v[k]);
				l->v[l->n].next = l->head[h];
				l->head[h] = (int)l->n;
				l->bits[h >> 6] |= 1ull << (h & 63);
				l->n++;
			}
			free(ls.v);
		} else {
			litset_free(&ls);
		}
	}
}

static struct pakn_rules *
load(const char *path, struct pakn_msgs *msgs, struct pakn_error *err)
{
	static const char *const allowed[] = {
	    "version",  "agencies", "categories", "rules",
	    "escalate", "default",  "deadlines",  NULL};
	struct ld ld;
	yaml_parser_t parser;
	yaml_node_t *root, *v;
	FILE *fp;
	struct pakn_rules *r;
	size_t i;

	memset(&ld, 0, sizeof ld);
	ld.path = path;
	ld.msgs = msgs;
	fp = fopen(path, "rb");
	if (fp == NULL) {
		pakn_error_set(err, path, 0, 0, "cannot open rules file");
		return NULL;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, fp);
	if (!yaml_parser_load(&parser, &ld.doc)) {
		if (parser.error == YAML_READER_ERROR)
			pakn_error_set(
			    err, path, 0, 0, "invalid YAML: %s at byte %zu",
			    parser.problem ? parser.problem : "error",
			    parser.problem_offset);
		else
			pakn_error_set(
			    err, path, (long)parser.problem_mark.line + 1,
			    (long)parser.problem_mark.column + 1,
			    "invalid YAML: %s%s%s",
			    parser.problem ? parser.problem : "error",
			    parser.context ? " " : "",
			    parser.context ? parser.context : "");
		if (msgs) {
			msgs->v = pakn_xrealloc(msgs->v, (msgs->n + 1) *
			                                     sizeof *msgs->v);
			msgs->v[msgs->n].error = 1;
			msgs->v[msgs->n].line = err ? err->line : 0;
			msgs->v[msgs->n].column = err ? err->column : 0;
			snprintf(msgs->v[msgs->n].text,
			         sizeof msgs->v[msgs->n].text, "%s",
			         err ? err->text : "invalid YAML");
			msgs->n++;
		}
		yaml_parser_delete(&parser);
		fclose(fp);
		return NULL;
	}
	yaml_parser_delete(&parser);
	fclose(fp);
	r = pakn_xcalloc(1, sizeof *r);
	r->path = pakn_xstrdup(path);
	ld.r = r;
	ld.nnodes = (size_t)(ld.doc.nodes.top - ld.doc.nodes.start) + 2;
	ld.visited = pakn_xcalloc(ld.nnodes, 1);
	root = yaml_document_get_root_node(&ld.doc);
	if (root == NULL || root->type != YAML_MAPPING_NODE) {
		yaml_node_t fake;

		memset(&fake, 0, sizeof fake);
		ERR(&ld, root ? root : &fake,
		    "a rules file is a mapping with version, agencies, "
		    "categories, rules, escalate, default, deadlines");
		goto out;
	}
	ld.visited[1] = 1;
	check_keys(&ld, root, "rules file", allowed);
	v = get(&ld, root, "version");
	if (v == NULL)
		ERR(&ld, root, "'version: 1' is required");
	else if (!is_scalar(v) || strcmp(sval(v), "1") != 0)
		ERR(&ld, v,
		    "unsupported version '%s' (this pakn reads version 1)",
		    is_scalar(v) ? sval(v) : "?");
	/* Agencies and categories first: the rest refers to them. */
	v = get(&ld, root, "agencies");
	if (v) {
		load_agencies(&ld, v);
		if (v->type == YAML_MAPPING_NODE)
			check_agency_refs(&ld, v);
	} else {
		ERR(&ld, root, "'agencies' is required");
	}
	v = get(&ld, root, "categories");
	if (v)
		load_categories(&ld, v);
	v = get(&ld, root, "rules");
	if (v)
		load_rules(&ld, v, 0);
	v = get(&ld, root, "escalate");
	if (v)
		load_rules(&ld, v, 1);
	v = get(&ld, root, "default");
	if (v)
		load_default(&ld, v);
	v = get(&ld, root, "deadlines");
	if (v)
		load_deadlines(&ld, v);
	if (ld.errors == 0)
		check_warnings(&ld, root);
out:
	yaml_document_delete(&ld.doc);
	free(ld.visited);
	pakn_buf_release(&ld.tmp);
	if (ld.errors > 0) {
		if (err) {
			if (msgs && msgs->n > 0) {
				for (i = 0; i < msgs->n && !msgs->v[i].error;
				     i++)
					;
				pakn_error_set(err, path, msgs->v[i].line,
				               msgs->v[i].column, "%s",
				               msgs->v[i].text);
			} else {
				pakn_error_set(err, path, 0, 0,
				               "invalid rules file");
			}
		}
		pakn_rules_free(r);
		return NULL;
	}
	pakn_lits_build(r);
	r->mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(r->mctx, 1000000);
	pcre2_set_depth_limit(r->mctx, 100000);
	r->md = pcre2_match_data_create(32, NULL);
	return r;
}

struct pakn_rules *
pakn_rules_load(const char *path, struct pakn_error *err)
{
	struct pakn_msgs msgs = {NULL, 0};
	struct pakn_rules *r = load(path, &msgs, err);

	free(msgs.v);
	return r;
}

int
pakn_rules_check(const char *path, struct pakn_msgs *msgs)
{
	struct pakn_error err;
	struct pakn_rules *r;
	size_t i;
	int errors = 0;

	r = load(path, msgs, &err);
	pakn_rules_free(r);
	for (i = 0; i < msgs->n; i++)
		errors += msgs->v[i].error;
	return errors;
}

void
pakn_rules_free(struct pakn_rules *r)
{
	size_t i, j;

	if (r == NULL)
		return;
	for (i = 0; i < r->nagencies; i++) {
		struct pakn_agency *a = &r->agencies[i];

		free(a->id);
		free(a->name);
		free(a->parent);
		free(a->successor);
		free_list(a->aliases, a->naliases);
	}
	free(r->agencies);
	for (i = 0; i < r->ncategories; i++) {
		free(r->categories[i].id);
		free(r->categories[i].label);
		free_list(r->categories[i].aliases, r->categories[i].naliases);
	}
	free(r->categories);
	for (j = 0; j < 2; j++) {
		struct rule *list = j ? r->escalate : r->rules;
		size_t n = j ? r->nescalate : r->nrules;

		for (i = 0; i < n; i++) {
			free(list[i].name);
			when_free(list[i].when);
			free(list[i].cc);
		}
		free(list);
	}
	free(r->defaults);
	for (i = 0; i < r->npolicies; i++) {
		free(r->policies[i].name);
		free(r->policies[i].citation);
		when_free(r->policies[i].when);
	}
	free(r->policies);
	strmap_free(&r->agency_by_id);
	strmap_free(&r->agency_by_name);
	for (i = 0; i < r->ngroups; i++)
		free(r->groups[i].v);
	free(r->groups);
	strmap_free(&r->category_by_name);
	strmap_free(&r->label_cache);
	strmap_free(&r->place_ids);
	strmap_free(&r->agency_cache);
	pakn_buf_release(&r->scratch);
	pakn_buf_release(&r->scratch2);
	strmap_free(&r->pat_by_key);
	for (i = 0; i < r->npats; i++) {
		pcre2_code_free(r->pats[i].re);
		free(r->pats[i].src);
	}
	free(r->pats);
	for (i = 0; i < r->lits.n; i++)
		free(r->lits.v[i].s);
	free(r->lits.v);
	free(r->lits.head);
	free(r->lits.bits);
	pcre2_match_context_free(r->mctx);
	pcre2_match_data_free(r->md);
	free(r->path);
	free(r);
}

size_t
pakn_rules_policy_count(const struct pakn_rules *r)
{
	return r->npolicies;
}

const struct pakn_policy *
pakn_rules_policy(const struct pakn_rules *r, size_t i)
{
	return i < r->npolicies ? &r->policies[i] : NULL;
}
