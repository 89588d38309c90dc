/*
 * topn.c: bounded top-N lists (see topn.h).  The heap is a max-heap under
 * the list order, so its root is the case that would leave first: a
 * candidate is kept when the list is not full or it comes before the root.
 */
#include "topn.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pakn.h"

void
pakn_topn_init(struct pakn_topn *t, enum pakn_topn_kind kind, size_t cap)
{
	memset(t, 0, sizeof *t);
	t->kind = kind;
	t->cap = cap;
}

/* A kept item's strings are one block, at s[0]. */
static void
item_free(struct pakn_topn_item *it)
{
	free((char *)it->s[0]);
}

static void
item_copy(struct pakn_topn_item *dst, const struct pakn_topn_item *src)
{
	size_t total = 0, len;
	char *p;
	int i;

	*dst = *src;
	for (i = 0; i < PAKN_TOPN_NSTR; i++)
		total += (src->s[i] ? src->len[i] : 0) + 1;
	p = pakn_xmalloc(total);
	for (i = 0; i < PAKN_TOPN_NSTR; i++) {
		len = src->s[i] ? src->len[i] : 0;
		if (len)
			memcpy(p, src->s[i], len);
		p[len] = '\0';
		dst->s[i] = p;
		dst->len[i] = len;
		p += len + 1;
	}
}

void
pakn_topn_release(struct pakn_topn *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		item_free(&t->v[i]);
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

static int
bytes_cmp(const char *a, size_t na, const char *b, size_t nb)
{
	int c;

	if (na && nb) {
		c = memcmp(a, b, na < nb ? na : nb);
		if (c)
			return c;
	}
	return na < nb ? -1 : na > nb;
}

int
pakn_topn_cmp(enum pakn_topn_kind kind, const struct pakn_topn_item *a,
              const struct pakn_topn_item *b)
{
	int i, c;

	if (a->days != b->days)
		return a->days > b->days ? -1 : 1;
	if (kind == PAKN_TOPN_DIRECTIVES && a->rday != b->rday)
		return a->rday < b->rday ? -1 : 1;
	c = bytes_cmp(a->s[PAKN_TOPN_ID], a->len[PAKN_TOPN_ID],
	              b->s[PAKN_TOPN_ID], b->len[PAKN_TOPN_ID]);
	if (c)
		return c;
	if (a->rday != b->rday)
		return a->rday < b->rday ? -1 : 1;
	if (a->dday != b->dday)
		return a->dday < b->dday ? -1 : 1;
	for (i = 1; i < PAKN_TOPN_NSTR; i++) {
		c = bytes_cmp(a->s[i], a->len[i], b->s[i], b->len[i]);
		if (c)
			return c;
	}
	return 0;
}

static void
heap_up(struct pakn_topn *t, size_t i)
{
	struct pakn_topn_item tmp;
	size_t p;

	while (i > 0) {
		p = (i - 1) / 2;
		if (pakn_topn_cmp(t->kind, &t->v[p], &t->v[i]) >= 0)
			break;
		tmp = t->v[p];
		t->v[p] = t->v[i];
		t->v[i] = tmp;
		i = p;
	}
}

static void
heap_down(struct pakn_topn *t, size_t i)
{
	struct pakn_topn_item tmp;
	size_t l, r, m;

	for (;;) {
		l = 2 * i + 1;
		r = l + 1;
		m = i;
		if (l < t->n && pakn_topn_cmp(t->kind, &t->v[l], &t->v[m]) > 0)
			m = l;
		if (r < t->n && pakn_topn_cmp(t->kind, &t->v[r], &t->v[m]) > 0)
			m = r;
		if (m == i)
			return;
		tmp = t->v[m];
		t->v[m] = t->v[i];
		t->v[i] = tmp;
		i = m;
	}
}

int
pakn_topn_wants(const struct pakn_topn *t, const struct pakn_topn_item *it)
{
	if (t->cap == 0)
		return 0;
	if (t->n < t->cap)
		return 1;
	return pakn_topn_cmp(t->kind, it, &t->v[0]) < 0;
}

void
pakn_topn_offer(struct pakn_topn *t, const struct pakn_topn_item *it)
{
	if (!pakn_topn_wants(t, it))
		return;
	if (t->n < t->cap) {
		/* Grown as it fills (16, 32, 64, ... up to cap), so that a
		 * list without a bound (cap SIZE_MAX) keeps every case. */
		if (t->n == 0 || (t->n >= 16 && (t->n & (t->n - 1)) == 0)) {
			size_t want = t->n ? 2 * t->n : 16;

			if (want > t->cap)
				want = t->cap;
			t->v = pakn_xrealloc(t->v, want * sizeof *t->v);
		}
		item_copy(&t->v[t->n], it);
		/* a list without a bound never drops a case: no heap */
		if (t->cap != SIZE_MAX)
			heap_up(t, t->n);
		t->n++;
		return;
	}
	item_free(&t->v[0]);
	item_copy(&t->v[0], it);
	heap_down(t, 0);
}

int
pakn_topn_merge(struct pakn_topn *dst, const struct pakn_topn *src)
{
	size_t i;

	if (src->count < 0 || dst->count > LLONG_MAX - src->count)
		return -1;
	dst->count += src->count;
	for (i = 0; i < src->n; i++)
		pakn_topn_offer(dst, &src->v[i]);
	return 0;
}

/* qsort has no context: one comparison per kind.  What is sorted is
 * pointers to the items (an item is 15 words: moving pointers is
 * cheaper when a list holds every overdue case). */
static int
overdue_qcmp(const void *a, const void *b)
{
	return pakn_topn_cmp(PAKN_TOPN_OVERDUE,
	                     *(const struct pakn_topn_item *const *)a,
	                     *(const struct pakn_topn_item *const *)b);
}

static int
directives_qcmp(const void *a, const void *b)
{
	return pakn_topn_cmp(PAKN_TOPN_DIRECTIVES,
	                     *(const struct pakn_topn_item *const *)a,
	                     *(const struct pakn_topn_item *const *)b);
}

struct pakn_topn_item *
pakn_topn_sorted(const struct pakn_topn *t)
{
	struct pakn_topn_item *v = pakn_xcalloc(t->n ? t->n : 1, sizeof *v);
	const struct pakn_topn_item **p =
	    pakn_xcalloc(t->n ? t->n : 1, sizeof *p);
	size_t i;

	for (i = 0; i < t->n; i++)
		p[i] = &t->v[i];
	qsort(p, t->n, sizeof *p,
	      t->kind == PAKN_TOPN_DIRECTIVES ? directives_qcmp : overdue_qcmp);
	for (i = 0; i < t->n; i++)
		v[i] = *p[i];
	free(p);
	return v;
}
