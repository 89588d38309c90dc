/*
 * prefilter.c: see prefilter.h.
 */
#include "prefilter.h"

#include <stdlib.h>
#include <string.h>

#include "pakn.h"

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

int
pakn_lits_of(const char *src, char ***lits, size_t *n)
{
	struct litset ls = {NULL, 0};
	size_t i = 0;

	*lits = NULL;
	*n = 0;
	if (lits_alt(src, &i, &ls, 0) != 0 || src[i] != '\0' || ls.n == 0) {
		litset_free(&ls);
		return -1;
	}
	*lits = ls.v;
	*n = ls.n;
	return 0;
}

void
pakn_lits_init(struct pakn_lits *l)
{
	memset(l, 0, sizeof *l);
	l->head = pakn_xmalloc(65536 * sizeof *l->head);
	memset(l->head, 0xff, 65536 * sizeof *l->head);
	l->bits = pakn_xcalloc(65536 / 64, sizeof *l->bits);
}

void
pakn_lits_free(struct pakn_lits *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].s);
	free(l->v);
	free(l->head);
	free(l->bits);
	free(l->hit[0]);
	free(l->hit[1]);
	memset(l, 0, sizeof *l);
}

int
pakn_lits_add(struct pakn_lits *l, size_t pid, const char *src)
{
	char **v;
	size_t k, n, w;
	unsigned h;

	if (pakn_lits_of(src, &v, &n) != 0)
		return 0;
	if (pid >= l->npids) {
		for (w = 0; w < 2; w++) {
			l->hit[w] = pakn_xrealloc(
			    l->hit[w], (pid + 1) * sizeof *l->hit[w]);
			memset(l->hit[w] + l->npids, 0,
			       (pid + 1 - l->npids) * sizeof *l->hit[w]);
		}
		l->npids = pid + 1;
	}
	for (k = 0; k < n; k++) {
		l->v = pakn_xrealloc(l->v, (l->n + 1) * sizeof *l->v);
		l->v[l->n].s = v[k];
		l->v[l->n].n = strlen(v[k]);
		l->v[l->n].pid = pid;
		h = pakn_lit_hash((const unsigned char *)v[k]);
		l->v[l->n].next = l->head[h];
		l->head[h] = (int)l->n;
		l->bits[h >> 6] |= 1ull << (h & 63);
		l->n++;
	}
	free(v);
	return 1;
}

void
pakn_lits_scan(struct pakn_lits *l, int which, unsigned long serial,
               const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;
	unsigned h;
	int k;

	for (i = 0; i + 4 <= n; i++) {
		h = pakn_lit_hash(p + i);
		if (!((l->bits[h >> 6] >> (h & 63)) & 1))
			continue;
		for (k = l->head[h]; k >= 0; k = l->v[k].next)
			if (l->v[k].n <= n - i &&
			    memcmp(p + i, l->v[k].s, l->v[k].n) == 0)
				l->hit[which][l->v[k].pid] = serial;
	}
	l->serial[which] = serial;
}
