/*
 * lint.c: the warnings of a rules file that loaded without error (see
 * pakn_rules_lint in rules_int.h): rules that can never match or never
 * route, and categories no rule reaches.
 *
 * "Can never match" compares conditions by a canonical text: the kind and
 * the values sorted (places folded, dates as day numbers, patterns with
 * their folding), and for `any`, `all` and `not` the canonical texts of
 * the conditions inside, sorted (neither the order of a mapping's keys
 * nor of `any` branches changes what matches).  Each part is prefixed by its
 * length, so two different conditions never share a text.  A rule whose every
 * condition an earlier rule also has (the earlier one is the same or broader)
 * is shadowed, when the earlier rule's agency exists whenever its own does.
 */
#include "rules_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static void when_canon(const struct pakn_when *w, struct pakn_buf *out);

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
add_part(struct pakn_buf *out, const char *s, size_t n)
{
	pakn_buf_addf(out, "%zu:", n);
	pakn_buf_add(out, s, n);
}

/* The canonical text of one condition (values are sorted at load). */
static void
cond_canon(const struct cond *c, struct pakn_buf *out)
{
	struct pakn_buf sub = PAKN_BUF_INIT;
	size_t i;

	pakn_buf_adds(out, pakn_cond_name(c->kind));
	pakn_buf_addc(out, '=');
	switch (c->kind) {
	case C_TEXT:
	case C_TITLE:
	case C_CONTENT:
		pakn_buf_adds(out, c->fold ? "f" : "-");
		add_part(out, c->pattern, strlen(c->pattern));
		break;
	case C_RECEIVED_FROM:
	case C_RECEIVED_UNTIL: pakn_buf_addf(out, "%ld", c->day); break;
	case C_ANY:
	case C_ALL:
	case C_NOT: {
		/* Branches in any order: any and all do not depend on it. */
		char **v = pakn_xcalloc(c->nsubs + 1, sizeof *v);

		for (i = 0; i < c->nsubs; i++) {
			pakn_buf_reset(&sub);
			when_canon(c->subs[i], &sub);
			v[i] = pakn_xstrdup(sub.data ? sub.data : "");
		}
		qsort(v, c->nsubs, sizeof *v, cmp_str);
		pakn_buf_addf(out, "%zu[", c->nsubs);
		for (i = 0; i < c->nsubs; i++) {
			add_part(out, v[i], strlen(v[i]));
			free(v[i]);
		}
		free(v);
		pakn_buf_addc(out, ']');
		break;
	}
	default:
		pakn_buf_addf(out, "%zu[", c->nvalues);
		for (i = 0; i < c->nvalues; i++)
			add_part(out, c->values[i], strlen(c->values[i]));
		pakn_buf_addc(out, ']');
		break;
	}
	pakn_buf_release(&sub);
}

/* The canonical texts of a when's conditions, sorted (caller frees). */
static char **
when_canons(const struct pakn_when *w)
{
	struct pakn_buf b = PAKN_BUF_INIT;
	char **v = pakn_xcalloc((w ? w->n : 0) + 1, sizeof *v);
	size_t i;

	for (i = 0; w && i < w->n; i++) {
		pakn_buf_reset(&b);
		cond_canon(&w->conds[i], &b);
		v[i] = pakn_xstrdup(b.data ? b.data : "");
	}
	if (w && w->n > 1)
		qsort(v, w->n, sizeof *v, cmp_str);
	pakn_buf_release(&b);
	return v;
}

static void
when_canon(const struct pakn_when *w, struct pakn_buf *out)
{
	char **v = when_canons(w);
	size_t i, n = w ? w->n : 0;

	pakn_buf_addf(out, "{%zu", n);
	for (i = 0; i < n; i++) {
		add_part(out, v[i], strlen(v[i]));
		free(v[i]);
	}
	pakn_buf_addc(out, '}');
	free(v);
}

void
pakn_when_canon(const struct pakn_when *w, struct pakn_buf *out)
{
	pakn_buf_reset(out);
	when_canon(w, out);
}

/* Whether every condition of a (na sorted texts) is one of b's: then a
 * matches whenever b does. */
static int
canon_subset(char **a, size_t na, char **b, size_t nb)
{
	size_t i, j;

	for (i = 0; i < na; i++) {
		for (j = 0; j < nb; j++)
			if (strcmp(a[i], b[j]) == 0)
				break;
		if (j == nb)
			return 0;
	}
	return 1;
}

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

static void
mark_categories(const struct pakn_rules *r, const struct cond *c,
                unsigned char *reached)
{
	size_t k, idx;

	for (k = 0; k < c->nvalues; k++)
		if (pakn_strmap_get(&r->category_by_name, c->values[k], &idx))
			reached[idx] = 1;
}

void
pakn_rules_lint(const struct pakn_rules *r, struct pakn_msgs *msgs)
{
	unsigned char *reached;
	char ***canons;
	size_t i, j, k, q;
	long from, until;
	int catchall = 0;

	canons = pakn_xcalloc(r->nrules + 1, sizeof *canons);
	for (i = 0; i < r->nrules; i++)
		canons[i] = when_canons(r->rules[i].when);
	for (i = 0; i < r->nrules; i++) {
		const struct rule *ru = &r->rules[i];
		const struct pakn_agency *a;

		if (ru->when == NULL || ru->agency == (size_t)-1)
			continue;
		a = &r->agencies[ru->agency];
		when_window(ru->when, &from, &until);
		if (from > until)
			pakn_msgs_add(msgs, 0, ru->line, ru->column,
			              "rule '%s' can never match: its "
			              "received_from is after its "
			              "received_until",
			              ru->name);
		else if (a->valid_until < from || a->valid_from > until)
			pakn_msgs_add(msgs, 0, ru->line, ru->column,
			              "rule '%s' can never route: agency '%s' "
			              "did not exist in the rule's receipt "
			              "window",
			              ru->name, a->id);
		for (j = 0; j < i; j++) {
			const struct rule *e = &r->rules[j];
			const struct pakn_agency *ea;

			if (e->when == NULL || e->agency == (size_t)-1)
				continue;
			ea = &r->agencies[e->agency];
			/* The earlier rule matches whenever this one does and
			 * its agency exists whenever this one's does. */
			if (canon_subset(canons[j], e->when->n, canons[i],
			                 ru->when->n) &&
			    ea->valid_from <=
			        (a->valid_from > from ? a->valid_from : from) &&
			    ea->valid_until >= (a->valid_until < until
			                            ? a->valid_until
			                            : until)) {
				pakn_msgs_add(
				    msgs, 0, ru->line, ru->column,
				    "rule '%s' can never match: rule "
				    "'%s' (line %ld) has the same or "
				    "broader conditions and comes first",
				    ru->name, e->name, e->line);
				break;
			}
		}
		if (ru->when->n == 0)
			catchall = 1;
	}
	for (i = 0; i < r->nrules; i++) {
		for (k = 0; r->rules[i].when && k < r->rules[i].when->n; k++)
			free(canons[i][k]);
		free(canons[i]);
	}
	free(canons);
	/* Categories no rule names (unless a rule catches everything). */
	reached = pakn_xcalloc(r->ncategories + 1, 1);
	for (i = 0; i < r->nrules; i++) {
		const struct pakn_when *w = r->rules[i].when;

		for (j = 0; w && j < w->n; j++) {
			const struct cond *c = &w->conds[j];

			if (c->kind == C_CATEGORY)
				mark_categories(r, c, reached);
			if (c->kind == C_ANY || c->kind == C_ALL)
				for (k = 0; k < c->nsubs; k++)
					for (q = 0; q < c->subs[k]->n; q++)
						if (c->subs[k]->conds[q].kind ==
						    C_CATEGORY)
							mark_categories(
							    r,
							    &c->subs[k]
							         ->conds[q],
							    reached);
		}
	}
	if (!catchall)
		for (i = 0; i < r->ncategories; i++)
			if (!reached[i])
				pakn_msgs_add(
				    msgs, 0, r->categories[i].line,
				    r->categories[i].column,
				    "category '%s' is reached by no "
				    "rule: its cases go to the default "
				    "agency",
				    r->categories[i].id);
	free(reached);
}

/* ---- patterns that cost too much ------------------------------------ */

/* The bound of a quantifier at *pp ({n}, {m,n}, {m,}), moving past it; 1
 * for ?, * and + (unbounded repeats are what PCRE2's match limit stops)
 * or none. */
static long
quant_bound(const char **pp)
{
	const char *p = *pp;
	long m = 0, n = -1;

	if (*p == '?' || *p == '*' || *p == '+') {
		*pp = p + 1 + (p[1] == '?' || p[1] == '+');
		return 1;
	}
	if (*p != '{' || p[1] < '0' || p[1] > '9')
		return 1;
	for (p++; *p >= '0' && *p <= '9'; p++)
		m = m < 1000000 ? m * 10 + (*p - '0') : m;
	if (*p == ',') {
		for (p++; *p >= '0' && *p <= '9'; p++)
			n = (n < 0 ? 0 : n) < 1000000
			        ? (n < 0 ? 0 : n) * 10 + (*p - '0')
			        : n;
	} else {
		n = m;
	}
	if (*p != '}')
		return 1;
	*pp = p + 1 + (p[1] == '?' || p[1] == '+');
	return n < 0 ? (m > 0 ? m : 1) : (n > 0 ? n : 1);
}

long
pakn_pattern_repeat_cost(const char *p)
{
	long max[64], atom, q;
	int sp = 0;

	max[0] = 1;
	while (*p) {
		atom = 1;
		if (*p == '\\') {
			p += p[1] ? 2 : 1;
		} else if (*p == '[') {
			/* a class: to its unescaped ']' (a first ']' is
			 * literal) */
			p++;
			if (*p == '^')
				p++;
			if (*p == ']')
				p++;
			while (*p && *p != ']')
				p += *p == '\\' && p[1] ? 2 : 1;
			if (*p)
				p++;
		} else if (*p == '(') {
			if (sp < 63)
				max[++sp] = 1;
			p++;
			continue;
		} else if (*p == ')') {
			atom = sp > 0 ? max[sp--] : 1;
			p++;
		} else if (*p == '|') {
			p++;
			continue;
		} else {
			p++;
		}
		q = quant_bound(&p);
		if (atom > 0 && q > 0 && atom > PAKN_PATTERN_COST_CAP / q)
			atom = PAKN_PATTERN_COST_CAP;
		else
			atom *= q;
		if (atom > max[sp])
			max[sp] = atom;
	}
	while (sp > 0) { /* an unclosed group: PCRE2 refuses it anyway */
		if (max[sp] > max[sp - 1])
			max[sp - 1] = max[sp];
		sp--;
	}
	return max[0];
}
