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
#include "vocab.h"
#include "when.h"
#include "yamlnode.h"

/* ---- messages ---------------------------------------------------------- */

void
pakn_msgs_add(struct pakn_msgs *m, int error, long line, long column,
              const char *fmt, ...)
{
	struct pakn_msg *x;
	va_list ap;

	m->v = pakn_xrealloc(m->v, (m->n + 1) * sizeof *m->v);
	x = &m->v[m->n++];
	x->error = error;
	x->line = line;
	x->column = column;
	va_start(ap, fmt);
	vsnprintf(x->text, sizeof x->text, fmt, ap);
	va_end(ap);
}

/* The loader's state: the YAML reader (yamlnode.h), whose messages go to
 * msgs, and the rules being built. */
struct ld {
	struct pakn_yaml y;
	struct pakn_rules *r;
	struct pakn_msgs *msgs;
	struct pakn_buf tmp;
};

static void
ld_report(void *user, int error, long line, long column, const char *text)
{
	struct ld *ld = user;

	if (ld->msgs)
		pakn_msgs_add(ld->msgs, error, line, column, "%s", text);
}

#define ERR(ld, n, ...) pakn_yaml_msg(&(ld)->y, 1, (n), __VA_ARGS__)

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
    [C_BEYOND] = "beyond_authority",
    [C_ANY] = "any",
    [C_ALL] = "all",
    [C_NOT] = "not",
};

const char *
pakn_cond_name(int kind)
{
	return (kind >= 0 && kind < C_COUNT) ? cond_names[kind] : "?";
}

/* The vocabulary (vocab.h) whose words an enum condition accepts:
 * 0, or -1 for a condition that is not an enum. */
static int
enum_of(enum cond_kind k, enum pakn_vocab_id *v)
{
	switch (k) {
	case C_CHANNEL: *v = PAKN_VOCAB_CHANNEL; return 0;
	case C_KIND: *v = PAKN_VOCAB_KIND; return 0;
	case C_STATUS: *v = PAKN_VOCAB_STATUS; return 0;
	case C_SATISFACTION: *v = PAKN_VOCAB_SATISFACTION; return 0;
	case C_SUBMITTER_TYPE: *v = PAKN_VOCAB_SUBMITTER_TYPE; return 0;
	default: return -1;
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

	if (pat == NULL || *pat == '\0') {
		/* It would match every text: surely a mistake. */
		ERR(ld, v, "empty pattern (it would match every case)");
		return (size_t)-1;
	}
	pakn_buf_adds(&key, fold ? "f/" : "-/");
	pakn_buf_adds(&key, pat);
	if (pakn_strmap_get(&r->pat_by_key, key.data, &idx)) {
		pakn_buf_release(&key);
		return idx;
	}
	if (fold)
		fold_pattern(pat, &folded, &ld->tmp);
	if (fold && folded.data == NULL)
		pakn_buf_adds(&folded,
		              ""); /* folds to nothing: still a string */
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
	if (pakn_pattern_repeat_cost(pat) > PAKN_PATTERN_COST_WARN)
		pakn_yaml_msg(
		    &ld->y, 0, v,
		    "pattern '%s': nested repeats multiply to more "
		    "than %ld: slow on long texts, and no match limit "
		    "stops it",
		    pat, PAKN_PATTERN_COST_WARN);
	r->pats = pakn_xrealloc(r->pats, (r->npats + 1) * sizeof *r->pats);
	memset(&r->pats[r->npats], 0, sizeof r->pats[r->npats]);
	r->pats[r->npats].re = re;
	r->pats[r->npats].fold = fold;
	r->pats[r->npats].src = pakn_xstrdup(fold ? folded.data : pat);
	pakn_buf_release(&folded);
	pakn_strmap_put(&r->pat_by_key, key.data, r->npats);
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
	enum pakn_vocab_id voc;
	yaml_node_item_t *it;
	yaml_node_t *x;
	size_t i;
	size_t idx;

	memset(c, 0, sizeof *c);
	c->kind = k;
	c->line = (long)v->start_mark.line + 1;
	c->column = (long)v->start_mark.column + 1;
	switch (k) {
	case C_TEXT:
	case C_TITLE:
	case C_CONTENT:
		if (!pakn_yaml_is_scalar(v)) {
			ERR(ld, v, "'%s' must be a pattern", cond_names[k]);
			goto bad;
		}
		c->pattern = pakn_xstrdup(pakn_yaml_scalar(v));
		c->fold = fold;
		c->pid = compile_pattern(ld, v, c->pattern, fold);
		if (c->pid == (size_t)-1)
			goto bad;
		c->re = ld->r->pats[c->pid].re;
		break;
	case C_RECEIVED_FROM:
	case C_RECEIVED_UNTIL:
		if (pakn_yaml_get_day(&ld->y, v, cond_names[k], &c->day) != 0)
			goto bad;
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
			x = pakn_yaml_node(&ld->y, *it);
			if (x == NULL)
				continue;
			c->subs[c->nsubs] = parse_when(ld, x, fold);
			if (c->subs[c->nsubs] == NULL)
				goto bad;
			c->nsubs++;
		}
		break;
	case C_NOT:
		c->subs = pakn_xcalloc(1, sizeof *c->subs);
		c->subs[0] = parse_when(ld, v, fold);
		if (c->subs[0] == NULL)
			goto bad;
		c->nsubs = 1;
		break;
	default:
		c->values =
		    pakn_yaml_get_list(&ld->y, v, cond_names[k], &c->nvalues);
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
				pakn_text_fold_place(c->values[i],
				                     strlen(c->values[i]),
				                     &ld->tmp);
				free(c->values[i]);
				c->values[i] = pakn_xstrdup(ld->tmp.data);
				if (!pakn_strmap_get(&ld->r->place_ids,
				                     c->values[i], &idx)) {
					idx = pakn_strmap_count(
					    &ld->r->place_ids);
					pakn_strmap_put(&ld->r->place_ids,
					                c->values[i], idx);
				}
				c->ids[i] = (long)idx;
			} else if (k == C_CATEGORY) {
				if (!pakn_strmap_get(&ld->r->category_by_name,
				                     c->values[i], &idx) ||
				    strcmp(ld->r->categories[idx].id,
				           c->values[i]) != 0)
					ERR(ld, v, "unknown category '%s'",
					    c->values[i]);
				else
					c->ids[i] = (long)idx;
			} else if (k == C_AGENCY) {
				if (!pakn_strmap_get(&ld->r->agency_by_id,
				                     c->values[i], &idx))
					ERR(ld, v, "unknown agency '%s'",
					    c->values[i]);
			} else if (k == C_BEYOND) {
				if (strcmp(c->values[i], "true") != 0 &&
				    strcmp(c->values[i], "false") != 0)
					ERR(ld, v,
					    "beyond_authority: expected true "
					    "or "
					    "false, not '%s'",
					    c->values[i]);
			} else if (enum_of(k, &voc) == 0) {
				if (pakn_vocab_find(voc, c->values[i],
				                    strlen(c->values[i])) < 0)
					ERR(ld, v, "%s: unknown value '%s'",
					    cond_names[k], c->values[i]);
			}
		}
		qsort(c->values, c->nvalues, sizeof *c->values, cmp_str);
		/* Interned forms, in the sorted order. */
		for (i = 0; i < c->nvalues; i++) {
			if (k == C_CATEGORY &&
			    pakn_strmap_get(&ld->r->category_by_name,
			                    c->values[i], &idx))
				c->ids[i] = (long)idx;
			else if ((k == C_PROVINCE || k == C_DISTRICT ||
			          k == C_COMMUNE) &&
			         pakn_strmap_get(&ld->r->place_ids,
			                         c->values[i], &idx))
				c->ids[i] = (long)idx;
		}
		break;
	}
	return 0;
bad:
	return -1;
}

static void
cond_free(struct cond *c)
{
	size_t i;

	pakn_yaml_free_list(c->values, c->nvalues);
	free(c->ids);
	free(c->pattern);
	for (i = 0; i < c->nsubs; i++)
		pakn_when_free(c->subs[i]);
	free(c->subs);
}

void
pakn_when_free(struct pakn_when *w)
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
	/* the condition names (one list: cond_names), and fold */
	const char *allowed[C_COUNT + 2];
	int ai;
	struct pakn_when *w;
	yaml_node_pair_t *p;
	yaml_node_t *k, *v, *f;
	int kind, bad = 0;

	for (ai = 0; ai < C_COUNT; ai++)
		allowed[ai] = cond_names[ai];
	allowed[C_COUNT] = "fold";
	allowed[C_COUNT + 1] = NULL;

	if (m->type != YAML_MAPPING_NODE) {
		ERR(ld, m, "'when' must be a mapping of conditions, not %s",
		    pakn_yaml_type_name(m));
		return NULL;
	}
	if (pakn_yaml_check_keys(&ld->y, m, "when", allowed))
		return NULL;
	w = pakn_xcalloc(1, sizeof *w);
	w->line = (long)m->start_mark.line + 1;
	w->column = (long)m->start_mark.column + 1;
	f = pakn_yaml_get(&ld->y, m, "fold");
	if (f) {
		if (pakn_yaml_is_scalar(f) &&
		    strcmp(pakn_yaml_scalar(f), "true") == 0)
			fold = 1;
		else if (pakn_yaml_is_scalar(f) &&
		         strcmp(pakn_yaml_scalar(f), "false") == 0)
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
		k = yaml_document_get_node(&ld->y.doc, p->key);
		if (strcmp(pakn_yaml_scalar(k), "fold") == 0)
			continue;
		for (kind = 0; kind < C_COUNT; kind++)
			if (strcmp(cond_names[kind], pakn_yaml_scalar(k)) == 0)
				break;
		v = pakn_yaml_node(&ld->y, p->value);
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
		pakn_when_free(w);
		return NULL;
	}
	return w;
}

/* ---- sections ---------------------------------------------------------- */

static int
find_agency(struct ld *ld, yaml_node_t *at, const char *id, size_t *idx,
            const char *what)
{
	if (pakn_strmap_get(&ld->r->agency_by_id, id, idx))
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
	if (!pakn_strmap_get(&r->agency_by_name, tmp->data, &gi)) {
		r->groups = pakn_xrealloc(r->groups,
		                          (r->ngroups + 1) * sizeof *r->groups);
		memset(&r->groups[r->ngroups], 0, sizeof *r->groups);
		gi = r->ngroups++;
		pakn_strmap_put(&r->agency_by_name, tmp->data, gi);
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
	pakn_yaml_check_keys(&ld->y, m, "agencies",
	                     (const char *const[]){NULL});
	r->agencies = pakn_xcalloc(
	    (size_t)(m->data.mapping.pairs.top - m->data.mapping.pairs.start) +
	        1,
	    sizeof *r->agencies);
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top;
	     p++) {
		k = yaml_document_get_node(&ld->y.doc, p->key);
		v = pakn_yaml_node(&ld->y, p->value);
		if (!pakn_yaml_is_scalar(k) || v == NULL)
			continue;
		if (v->type != YAML_MAPPING_NODE) {
			ERR(ld, v,
			    "agency '%s' must be a mapping {name, level, ...}",
			    pakn_yaml_scalar(k));
			continue;
		}
		if (pakn_strmap_get(&r->agency_by_id, pakn_yaml_scalar(k),
		                    &idx))
			continue; /* reported by check_keys */
		pakn_yaml_check_keys(&ld->y, v, "agency", allowed);
		a = &r->agencies[r->nagencies];
		memset(a, 0, sizeof *a);
		a->id = pakn_xstrdup(pakn_yaml_scalar(k));
		a->line = (long)k->start_mark.line + 1;
		a->column = (long)k->start_mark.column + 1;
		a->valid_from = LONG_MIN;
		a->valid_until = LONG_MAX;
		a->name = pakn_yaml_get_str(&ld->y, v, "name", "agency", 1);
		if (a->name == NULL)
			a->name = pakn_xstrdup(a->id);
		level = pakn_yaml_get_str(&ld->y, v, "level", "agency", 0);
		if (level) {
			if (strcmp(level, "province") == 0)
				a->level = PAKN_LEVEL_PROVINCE;
			else if (strcmp(level, "district") == 0)
				a->level = PAKN_LEVEL_DISTRICT;
			else if (strcmp(level, "commune") == 0)
				a->level = PAKN_LEVEL_COMMUNE;
			else
				ERR(ld, pakn_yaml_key(&ld->y, v, "level"),
				    "agency '%s': level '%s' (expected "
				    "province, district or commune)",
				    a->id, level);
			free(level);
		}
		a->parent = pakn_yaml_get_str(&ld->y, v, "parent", "agency", 0);
		a->successor =
		    pakn_yaml_get_str(&ld->y, v, "successor", "agency", 0);
		x = pakn_yaml_get(&ld->y, v, "aliases");
		if (x)
			a->aliases = pakn_yaml_get_list(&ld->y, x, "aliases",
			                                &a->naliases);
		x = pakn_yaml_get(&ld->y, v, "valid_from");
		if (x)
			pakn_yaml_get_day(&ld->y, x, "valid_from",
			                  &a->valid_from);
		x = pakn_yaml_get(&ld->y, v, "valid_until");
		if (x)
			pakn_yaml_get_day(&ld->y, x, "valid_until",
			                  &a->valid_until);
		if (a->valid_from > a->valid_until)
			ERR(ld, k,
			    "agency '%s': valid_from is after valid_until",
			    a->id);
		pakn_strmap_put(&r->agency_by_id, a->id, r->nagencies);
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
			    yaml_document_get_node(&ld->y.doc, p->key);

			if (pakn_yaml_is_scalar(kk) &&
			    strcmp(pakn_yaml_scalar(kk), a->id) == 0) {
				k = kk;
				break;
			}
		}
		if (a->parent &&
		    !pakn_strmap_get(&r->agency_by_id, a->parent, &idx))
			ERR(ld, k,
			    "agency '%s': parent names unknown agency '%s'",
			    a->id, a->parent);
		if (a->successor &&
		    !pakn_strmap_get(&r->agency_by_id, a->successor, &idx))
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
	pakn_yaml_check_keys(&ld->y, m, "categories",
	                     (const char *const[]){NULL});
	r->categories = pakn_xcalloc(
	    (size_t)(m->data.mapping.pairs.top - m->data.mapping.pairs.start) +
	        1,
	    sizeof *r->categories);
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top;
	     p++) {
		k = yaml_document_get_node(&ld->y.doc, p->key);
		v = pakn_yaml_node(&ld->y, p->value);
		if (!pakn_yaml_is_scalar(k) || v == NULL)
			continue;
		if (v->type != YAML_MAPPING_NODE) {
			ERR(ld, v,
			    "category '%s' must be a mapping {label, aliases}",
			    pakn_yaml_scalar(k));
			continue;
		}
		if (pakn_strmap_get(&r->category_by_name, pakn_yaml_scalar(k),
		                    &idx) &&
		    strcmp(r->categories[idx].id, pakn_yaml_scalar(k)) == 0)
			continue;
		pakn_yaml_check_keys(&ld->y, v, "category", allowed);
		i = r->ncategories++;
		r->categories[i].id = pakn_xstrdup(pakn_yaml_scalar(k));
		r->categories[i].line = (long)k->start_mark.line + 1;
		r->categories[i].column = (long)k->start_mark.column + 1;
		r->categories[i].label =
		    pakn_yaml_get_str(&ld->y, v, "label", "category", 1);
		x = pakn_yaml_get(&ld->y, v, "aliases");
		if (x)
			r->categories[i].aliases = pakn_yaml_get_list(
			    &ld->y, x, "aliases", &r->categories[i].naliases);
		/* The id itself, exactly, for `category:` conditions. */
		pakn_strmap_put(&r->category_by_name, r->categories[i].id, i);
	}
	/* Labels and aliases, folded, for matching records' labels. */
	for (i = 0; i < r->ncategories; i++) {
		pakn_text_fold_key(r->categories[i].id,
		                   strlen(r->categories[i].id), &ld->tmp);
		pakn_strmap_put(&r->category_by_name, ld->tmp.data, i);
		if (r->categories[i].label) {
			pakn_text_fold_key(r->categories[i].label,
			                   strlen(r->categories[i].label),
			                   &ld->tmp);
			pakn_strmap_put(&r->category_by_name, ld->tmp.data, i);
		}
	}
	for (i = 0; i < r->ncategories; i++)
		for (j = 0; j < r->categories[i].naliases; j++) {
			pakn_text_fold_key(r->categories[i].aliases[j],
			                   strlen(r->categories[i].aliases[j]),
			                   &ld->tmp);
			if (ld->tmp.len > 0)
				pakn_strmap_put(&r->category_by_name,
				                ld->tmp.data, i);
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
		m = pakn_yaml_node(&ld->y, *it);
		if (m == NULL)
			continue;
		if (m->type != YAML_MAPPING_NODE) {
			ERR(ld, m,
			    "%s: each item must be a mapping {name, when, "
			    "agency}",
			    what);
			continue;
		}
		pakn_yaml_check_keys(&ld->y, m,
		                     escalate ? "escalation rule" : "rule",
		                     escalate ? allowed_esc : allowed_rule);
		ru = &list[*n];
		memset(ru, 0, sizeof *ru);
		ru->line = (long)m->start_mark.line + 1;
		ru->column = (long)m->start_mark.column + 1;
		ru->name = pakn_yaml_get_str(&ld->y, m, "name", what, 1);
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
		agency = pakn_yaml_get_str(&ld->y, m, "agency", what, 1);
		if (agency) {
			v = m;
			for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
			     p < m->data.mapping.pairs.top; p++) {
				yaml_node_t *kk =
				    yaml_document_get_node(&ld->y.doc, p->key);

				if (strcmp(pakn_yaml_scalar(kk), "agency") == 0)
					v = yaml_document_get_node(&ld->y.doc,
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
		v = pakn_yaml_get(&ld->y, m, "cc");
		if (v) {
			cc = pakn_yaml_get_list(&ld->y, v, "cc", &ncc);
			ru->cc = pakn_xcalloc(ncc + 1, sizeof *ru->cc);
			for (k = 0; cc && k < ncc; k++) {
				char label[300];

				snprintf(label, sizeof label, "rule '%s' cc",
				         ru->name);
				if (find_agency(ld, v, cc[k], &ru->cc[ru->ncc],
				                label) == 0)
					ru->ncc++;
			}
			pakn_yaml_free_list(cc, ncc);
		}
		v = pakn_yaml_get(&ld->y, m, "when");
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

	ids = pakn_yaml_get_list(&ld->y, v, "default", &n);
	r->defaults = pakn_xcalloc(n + 1, sizeof *r->defaults);
	for (i = 0; ids && i < n; i++)
		if (find_agency(ld, v, ids[i], &r->defaults[r->ndefaults],
		                "default") == 0)
			r->ndefaults++;
	pakn_yaml_free_list(ids, n);
}

/* A list of policies, `deadlines:`, `report_back:` or `coordination:`
 * (what: its key, for messages), into *out. */
static void
load_policies(struct ld *ld, yaml_node_t *s, const char *what,
              struct pakn_policy **out, size_t *nout)
{
	static const char *const allowed[] = {"name", "when",     "amount",
	                                      "unit", "citation", NULL};
	struct pakn_policy *pol;
	yaml_node_item_t *it;
	yaml_node_t *m, *v;
	char *end;
	long amount;
	size_t i;

	if (s->type != YAML_SEQUENCE_NODE) {
		ERR(ld, s, "'%s' must be a list of policies", what);
		return;
	}
	*out = pakn_xcalloc((size_t)(s->data.sequence.items.top -
	                             s->data.sequence.items.start) +
	                        1,
	                    sizeof **out);
	for (it = s->data.sequence.items.start; it < s->data.sequence.items.top;
	     it++) {
		m = pakn_yaml_node(&ld->y, *it);
		if (m == NULL)
			continue;
		if (m->type != YAML_MAPPING_NODE) {
			ERR(ld, m,
			    "%s: each item must be a mapping {name, when, "
			    "amount, unit}",
			    what);
			continue;
		}
		pakn_yaml_check_keys(&ld->y, m, "deadline", allowed);
		pol = &(*out)[*nout];
		memset(pol, 0, sizeof *pol);
		pol->line = (long)m->start_mark.line + 1;
		pol->column = (long)m->start_mark.column + 1;
		pol->name = pakn_yaml_get_str(&ld->y, m, "name", "deadline", 1);
		if (pol->name == NULL)
			pol->name = pakn_xstrdup("deadline");
		for (i = 0; i < *nout; i++)
			if (strcmp((*out)[i].name, pol->name) == 0)
				ERR(ld, m, "duplicate deadline name '%s'",
				    pol->name);
		pol->citation =
		    pakn_yaml_get_str(&ld->y, m, "citation", "deadline", 0);
		v = pakn_yaml_get(&ld->y, m, "amount");
		if (v == NULL) {
			ERR(ld, m, "deadline '%s': 'amount' is required",
			    pol->name);
		} else {
			amount = pakn_yaml_is_scalar(v)
			             ? strtol(pakn_yaml_scalar(v), &end, 10)
			             : 0;
			if (!pakn_yaml_is_scalar(v) ||
			    *pakn_yaml_scalar(v) == '\0' || *end != '\0' ||
			    amount <= 0 || amount > 10000)
				ERR(ld, v,
				    "deadline '%s': amount must be a whole "
				    "number from 1 to 10000",
				    pol->name);
			else
				pol->amount = (int)amount;
		}
		v = pakn_yaml_get(&ld->y, m, "unit");
		if (v == NULL || !pakn_yaml_is_scalar(v))
			ERR(ld, v ? v : m,
			    "deadline '%s': 'unit' is required (working_days, "
			    "days or working_hours)",
			    pol->name);
		else if (strcmp(pakn_yaml_scalar(v), "working_days") == 0)
			pol->unit = PAKN_UNIT_WORKING_DAYS;
		else if (strcmp(pakn_yaml_scalar(v), "days") == 0)
			pol->unit = PAKN_UNIT_DAYS;
		else if (strcmp(pakn_yaml_scalar(v), "working_hours") == 0)
			pol->unit = PAKN_UNIT_WORKING_HOURS;
		else
			ERR(ld, v,
			    "deadline '%s': unit '%s' (expected working_days, "
			    "days or working_hours)",
			    pol->name, pakn_yaml_scalar(v));
		v = pakn_yaml_get(&ld->y, m, "when");
		if (v)
			pol->when = parse_when(ld, v, 0);
		(*nout)++;
	}
}

/* ---- the file ---------------------------------------------------------- */

/* Gives every folded pattern its literal prefilter (after every pattern is
 * known). */
static void
build_prefilter(struct pakn_rules *r)
{
	size_t p;

	pakn_lits_init(&r->lits);
	for (p = 0; p < r->npats; p++)
		if (r->pats[p].fold)
			r->pats[p].has_lits =
			    pakn_lits_add(&r->lits, p, r->pats[p].src);
}

static struct pakn_rules *
load(const char *path, struct pakn_msgs *msgs, struct pakn_error *err)
{
	static const char *const allowed[] = {
	    "version", "agencies",  "categories",  "rules",        "escalate",
	    "default", "deadlines", "report_back", "coordination", NULL};
	struct ld ld;
	yaml_node_t *root, *v;
	struct pakn_rules *r;
	size_t i;

	memset(&ld, 0, sizeof ld);
	ld.msgs = msgs;
	if (pakn_yaml_open(&ld.y, path, "rules file", 1, ld_report, &ld, err) !=
	    0) {
		/* A position only for a syntax error (not for a file that
		 * cannot be opened nor read). */
		if (msgs && err)
			pakn_msgs_add(msgs, 1, err->line, err->column, "%s",
			              err->text);
		return NULL;
	}
	r = pakn_xcalloc(1, sizeof *r);
	r->path = pakn_xstrdup(path);
	ld.r = r;
	root = pakn_yaml_root(&ld.y);
	if (root == NULL || root->type != YAML_MAPPING_NODE) {
		yaml_node_t top;

		memset(&top, 0, sizeof top); /* line 1, column 1 */
		ERR(&ld, root ? root : &top,
		    "a rules file is a mapping with version, agencies, "
		    "categories, rules, escalate, default, deadlines, "
		    "report_back, coordination");
		goto out;
	}
	pakn_yaml_check_keys(&ld.y, root, "rules file", allowed);
	v = pakn_yaml_get(&ld.y, root, "version");
	if (v == NULL)
		ERR(&ld, root, "'version: 1' is required");
	else if (!pakn_yaml_is_scalar(v) ||
	         strcmp(pakn_yaml_scalar(v), "1") != 0)
		ERR(&ld, v,
		    "unsupported version '%s' (this pakn reads version 1)",
		    pakn_yaml_is_scalar(v) ? pakn_yaml_scalar(v) : "?");
	/* Agencies and categories first: the rest refers to them. */
	v = pakn_yaml_get(&ld.y, root, "agencies");
	if (v) {
		load_agencies(&ld, v);
		if (v->type == YAML_MAPPING_NODE)
			check_agency_refs(&ld, v);
	} else {
		ERR(&ld, root, "'agencies' is required");
	}
	v = pakn_yaml_get(&ld.y, root, "categories");
	if (v)
		load_categories(&ld, v);
	v = pakn_yaml_get(&ld.y, root, "rules");
	if (v)
		load_rules(&ld, v, 0);
	v = pakn_yaml_get(&ld.y, root, "escalate");
	if (v)
		load_rules(&ld, v, 1);
	v = pakn_yaml_get(&ld.y, root, "default");
	if (v)
		load_default(&ld, v);
	v = pakn_yaml_get(&ld.y, root, "deadlines");
	if (v)
		load_policies(&ld, v, "deadlines", &r->policies, &r->npolicies);
	v = pakn_yaml_get(&ld.y, root, "report_back");
	if (v)
		load_policies(&ld, v, "report_back", &r->report_back,
		              &r->nreport_back);
	v = pakn_yaml_get(&ld.y, root, "coordination");
	if (v)
		load_policies(&ld, v, "coordination", &r->coordination,
		              &r->ncoordination);
	if (ld.y.errors == 0 && msgs)
		pakn_rules_lint(r, msgs);
out:
	pakn_yaml_close(&ld.y);
	pakn_buf_release(&ld.tmp);
	if (ld.y.errors > 0) {
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
	build_prefilter(r);
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
		pakn_yaml_free_list(a->aliases, a->naliases);
	}
	free(r->agencies);
	for (i = 0; i < r->ncategories; i++) {
		free(r->categories[i].id);
		free(r->categories[i].label);
		pakn_yaml_free_list(r->categories[i].aliases,
		                    r->categories[i].naliases);
	}
	free(r->categories);
	for (j = 0; j < 2; j++) {
		struct rule *list = j ? r->escalate : r->rules;
		size_t n = j ? r->nescalate : r->nrules;

		for (i = 0; i < n; i++) {
			free(list[i].name);
			pakn_when_free(list[i].when);
			free(list[i].cc);
		}
		free(list);
	}
	free(r->defaults);
	for (i = 0; i < r->npolicies; i++) {
		free(r->policies[i].name);
		free(r->policies[i].citation);
		pakn_when_free(r->policies[i].when);
	}
	free(r->policies);
	for (i = 0; i < r->nreport_back; i++) {
		free(r->report_back[i].name);
		free(r->report_back[i].citation);
		pakn_when_free(r->report_back[i].when);
	}
	free(r->report_back);
	for (i = 0; i < r->ncoordination; i++) {
		free(r->coordination[i].name);
		free(r->coordination[i].citation);
		pakn_when_free(r->coordination[i].when);
	}
	free(r->coordination);
	pakn_strmap_free(&r->agency_by_id);
	pakn_strmap_free(&r->agency_by_name);
	for (i = 0; i < r->ngroups; i++)
		free(r->groups[i].v);
	free(r->groups);
	pakn_strmap_free(&r->category_by_name);
	pakn_strmap_free(&r->label_cache);
	pakn_strmap_free(&r->place_ids);
	pakn_strmap_free(&r->agency_cache);
	pakn_buf_release(&r->scratch);
	pakn_buf_release(&r->scratch2);
	pakn_strmap_free(&r->pat_by_key);
	for (i = 0; i < r->npats; i++) {
		pcre2_code_free(r->pats[i].re);
		free(r->pats[i].src);
	}
	free(r->pats);
	pakn_lits_free(&r->lits);
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
