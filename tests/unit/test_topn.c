/*
 * test_topn.c: the bounded top-N lists (lib/topn.h): the total order of
 * each kind and its tie-break, the cases kept whatever the order they are
 * offered in, the merge of two lists being the top N of the union, cap 0,
 * and copies that outlive the strings offered.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "topn.h"
#include "unit.h"

/* Test cases: strings owned here, set with set_str. */
struct tcase {
	char buf[PAKN_TOPN_NSTR][24];
	struct pakn_topn_item it;
};

static void
set_str(struct tcase *c, int k, const char *s)
{
	snprintf(c->buf[k], sizeof c->buf[k], "%s", s);
	c->it.s[k] = c->buf[k];
	c->it.len[k] = strlen(c->buf[k]);
}

static void
make(struct tcase *c, const char *id, long days, long rday, long dday)
{
	int k;

	memset(c, 0, sizeof *c);
	for (k = 0; k < PAKN_TOPN_NSTR; k++)
		set_str(c, k, "");
	set_str(c, PAKN_TOPN_ID, id);
	c->it.days = days;
	c->it.rday = rday;
	c->it.dday = dday;
}

static int
sign(int x)
{
	return x < 0 ? -1 : x > 0;
}

static void
test_order(void)
{
	struct tcase a, b;

	make(&a, "A", 5, 100, 110);
	make(&b, "B", 3, 90, 100);
	CHECK(pakn_topn_cmp(PAKN_TOPN_OVERDUE, &a.it, &b.it) < 0,
	      "overdue: more days overdue first");
	CHECK(pakn_topn_cmp(PAKN_TOPN_OVERDUE, &b.it, &a.it) > 0,
	      "and the other way round");
	CHECK(pakn_topn_cmp(PAKN_TOPN_DIRECTIVES, &a.it, &b.it) < 0,
	      "directives: more days waiting first");
	/* Same days: overdue goes by id, directives by receipt first. */
	make(&a, "A", 4, 100, 110);
	make(&b, "B", 4, 90, 100);
	CHECK(pakn_topn_cmp(PAKN_TOPN_OVERDUE, &a.it, &b.it) < 0,
	      "overdue, same days: id A before B");
	CHECK(pakn_topn_cmp(PAKN_TOPN_DIRECTIVES, &b.it, &a.it) < 0,
	      "directives, same days: earliest receipt (B) first");
	/* Ids compare bytewise, a prefix first. */
	make(&a, "K1", 4, 100, 110);
	make(&b, "K10", 4, 100, 110);
	CHECK(pakn_topn_cmp(PAKN_TOPN_OVERDUE, &a.it, &b.it) < 0,
	      "a prefix of an id comes first");
	make(&b, "K2", 4, 100, 110);
	CHECK(pakn_topn_cmp(PAKN_TOPN_OVERDUE, &b.it, &a.it) > 0,
	      "K10 < K2 bytewise, K1 < K2");
	/* Same id: receipt day, due day, then every other string. */
	make(&a, "X", 4, 100, 110);
	make(&b, "X", 4, 101, 100);
	CHECK(pakn_topn_cmp(PAKN_TOPN_OVERDUE, &a.it, &b.it) < 0,
	      "same id: earlier receipt first");
	make(&b, "X", 4, 100, 111);
	CHECK(pakn_topn_cmp(PAKN_TOPN_OVERDUE, &a.it, &b.it) < 0,
	      "same id and receipt: earlier due day first");
	make(&b, "X", 4, 100, 110);
	CHECK_INT(pakn_topn_cmp(PAKN_TOPN_OVERDUE, &a.it, &b.it), 0,
	          "every field equal: 0");
	set_str(&b, PAKN_TOPN_TITLE, "b");
	set_str(&a, PAKN_TOPN_TITLE, "a");
	CHECK(pakn_topn_cmp(PAKN_TOPN_OVERDUE, &a.it, &b.it) < 0,
	      "then the title decides");
	set_str(&a, PAKN_TOPN_AGENCY, "so-z");
	CHECK(pakn_topn_cmp(PAKN_TOPN_OVERDUE, &a.it, &b.it) > 0,
	      "the agency before the title");
	/* A NULL string is the empty string. */
	make(&b, "X", 4, 100, 110);
	make(&a, "X", 4, 100, 110);
	a.it.s[PAKN_TOPN_DUE] = NULL;
	a.it.len[PAKN_TOPN_DUE] = 0;
	CHECK_INT(pakn_topn_cmp(PAKN_TOPN_OVERDUE, &a.it, &b.it), 0,
	          "NULL compares as \"\"");
}

#define NCASES 60

/* Cases with many ties: 5 values of days, 3 of receipt, ids repeated. */
static void
make_many(struct tcase *v, size_t n)
{
	size_t i;
	char id[16];

	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "P%02zu", i % 23);
		make(&v[i], id, (long)(i * 7 % 5), 100 + (long)(i % 3),
		     (long)(i % 4) - 1);
		set_str(&v[i], PAKN_TOPN_TITLE, i % 2 ? "odd" : "even");
	}
}

static int
qcmp_overdue(const void *a, const void *b)
{
	const struct tcase *x = a, *y = b;

	return pakn_topn_cmp(PAKN_TOPN_OVERDUE, &x->it, &y->it);
}

/* sorted = v in list order.  The views keep pointing into v's buffers
 * (qsort moves the structs, not the strings). */
static void
sort_copy(const struct tcase *v, struct tcase *sorted)
{
	memcpy(sorted, v, NCASES * sizeof *v);
	qsort(sorted, NCASES, sizeof *sorted, qcmp_overdue);
}

/* Whether the kept cases, sorted, are the first n of want (sorted). */
static int
same_as(const struct pakn_topn *t, const struct tcase *want, size_t n)
{
	struct pakn_topn_item *got = pakn_topn_sorted(t);
	size_t i;
	int ok = t->n == n;

	for (i = 0; ok && i < n; i++)
		ok = pakn_topn_cmp(t->kind, &got[i], &want[i].it) == 0;
	free(got);
	return ok;
}

static void
test_total_order(void)
{
	static struct tcase v[NCASES];
	size_t i, j, k;
	int ok = 1;

	make_many(v, NCASES);
	for (i = 0; i < NCASES; i++)
		for (j = 0; j < NCASES; j++) {
			int c = pakn_topn_cmp(PAKN_TOPN_OVERDUE, &v[i].it,
			                      &v[j].it);
			int d = pakn_topn_cmp(PAKN_TOPN_OVERDUE, &v[j].it,
			                      &v[i].it);

			if (sign(c) != -sign(d) || (c == 0) != (i == j))
				ok = 0;
			for (k = 0; ok && k < NCASES; k += 7)
				if (c < 0 &&
				    pakn_topn_cmp(PAKN_TOPN_OVERDUE, &v[j].it,
				                  &v[k].it) < 0 &&
				    pakn_topn_cmp(PAKN_TOPN_OVERDUE, &v[i].it,
				                  &v[k].it) >= 0)
					ok = 0;
		}
	CHECK(ok, "the order is total: antisymmetric, transitive, 0 only "
	          "for the same case");
}

static void
test_keep(void)
{
	static struct tcase v[NCASES], sorted[NCASES];
	struct pakn_topn t;
	size_t i, cap, round;
	int ok = 1;

	make_many(v, NCASES);
	sort_copy(v, sorted);
	for (cap = 1; cap <= NCASES + 5; cap += 6) {
		/* Forwards, backwards, and a stride through the cases. */
		for (round = 0; round < 3; round++) {
			pakn_topn_init(&t, PAKN_TOPN_OVERDUE, cap);
			for (i = 0; i < NCASES; i++) {
				size_t at = round == 0   ? i
				            : round == 1 ? NCASES - 1 - i
				                         : i * 7 % NCASES;

				pakn_topn_offer(&t, &v[at].it);
			}
			if (!same_as(&t, sorted, cap < NCASES ? cap : NCASES))
				ok = 0;
			pakn_topn_release(&t);
		}
	}
	CHECK(ok, "the first N of every order offered are the first N "
	          "sorted, for N = 1 to more than offered");
	CHECK_INT(sorted[0].it.days, 4, "the first has the most days");

	/* wants: a full list wants only what comes before its last. */
	pakn_topn_init(&t, PAKN_TOPN_OVERDUE, 3);
	for (i = 0; i < NCASES; i++)
		pakn_topn_offer(&t, &v[i].it);
	CHECK(pakn_topn_wants(&t, &sorted[0].it) &&
	          pakn_topn_cmp(t.kind, &sorted[0].it, &sorted[2].it) < 0,
	      "a full list wants a case before its last");
	CHECK(!pakn_topn_wants(&t, &sorted[2].it),
	      "not one equal to its last (already kept)");
	CHECK(!pakn_topn_wants(&t, &sorted[3].it), "nor one after it");
	CHECK_INT(t.count, 0, "offering does not count");
	pakn_topn_release(&t);
	CHECK_INT((long long)t.n, 0, "release empties");
}

static void
test_copies(void)
{
	struct pakn_topn t;
	struct pakn_topn_item *s;
	struct tcase c;

	pakn_topn_init(&t, PAKN_TOPN_DIRECTIVES, 2);
	make(&c, "D1", 9, 100, -1);
	set_str(&c, PAKN_TOPN_TITLE, "Đường hỏng");
	c.it.s[PAKN_TOPN_DUE] = NULL; /* borrowed NULL: kept as "" */
	pakn_topn_offer(&t, &c.it);
	set_str(&c, PAKN_TOPN_ID, "ZZ");
	set_str(&c, PAKN_TOPN_TITLE, "overwritten");
	s = pakn_topn_sorted(&t);
	CHECK_STR(s[0].s[PAKN_TOPN_ID], "D1", "the list keeps its own copy");
	CHECK_STR(s[0].s[PAKN_TOPN_TITLE], "Đường hỏng", "of every string");
	CHECK_STR(s[0].s[PAKN_TOPN_DUE], "", "a NULL string is kept as \"\"");
	CHECK_INT(s[0].dday, -1, "numbers copied");
	free(s);
	pakn_topn_release(&t);
}

static void
test_merge(void)
{
	static struct tcase v[NCASES], sorted[NCASES];
	struct pakn_topn a, b, whole;
	size_t i, n, cut;
	int ok = 1, cnt_ok = 1;

	make_many(v, NCASES);
	sort_copy(v, sorted);
	for (n = 1; n <= 12; n += 5)
		for (cut = 0; cut <= NCASES; cut += 13) {
			pakn_topn_init(&a, PAKN_TOPN_OVERDUE, n);
			pakn_topn_init(&b, PAKN_TOPN_OVERDUE, n);
			pakn_topn_init(&whole, PAKN_TOPN_OVERDUE, n);
			/* a gets the even cases below cut and the odd ones
			 * above; b the rest: neither is a prefix. */
			for (i = 0; i < NCASES; i++) {
				struct pakn_topn *to =
				    (i < cut) == (i % 2 == 0) ? &a : &b;

				pakn_topn_offer(to, &v[i].it);
				to->count++;
				pakn_topn_offer(&whole, &v[i].it);
				whole.count++;
			}
			if (pakn_topn_merge(&a, &b) != 0 ||
			    !same_as(&a, sorted, n) ||
			    !same_as(&whole, sorted, n))
				ok = 0;
			if (a.count != NCASES)
				cnt_ok = 0;
			pakn_topn_release(&a);
			pakn_topn_release(&b);
			pakn_topn_release(&whole);
		}
	CHECK(ok, "the merge of two top-N lists is the top N of the union");
	CHECK(cnt_ok, "and the counts add up");

	/* A count that would overflow: refused, nothing changed. */
	pakn_topn_init(&a, PAKN_TOPN_OVERDUE, 2);
	pakn_topn_init(&b, PAKN_TOPN_OVERDUE, 2);
	a.count = LLONG_MAX - 1;
	b.count = 2;
	pakn_topn_offer(&b, &v[0].it);
	CHECK(pakn_topn_merge(&a, &b) != 0, "a count overflow is refused");
	CHECK(a.count == LLONG_MAX - 1 && a.n == 0, "and changes nothing");
	pakn_topn_release(&a);
	pakn_topn_release(&b);
}

static void
test_cap0(void)
{
	struct pakn_topn t, src;
	struct pakn_topn_item *s;
	struct tcase c;

	make(&c, "A", 1, 1, 1);
	pakn_topn_init(&t, PAKN_TOPN_OVERDUE, 0);
	CHECK(!pakn_topn_wants(&t, &c.it), "cap 0 wants nothing");
	pakn_topn_offer(&t, &c.it);
	CHECK_INT((long long)t.n, 0, "cap 0 keeps nothing");
	CHECK(t.v == NULL, "and allocates nothing");
	s = pakn_topn_sorted(&t);
	CHECK(s != NULL, "sorted of an empty list is an empty array");
	free(s);
	pakn_topn_init(&src, PAKN_TOPN_OVERDUE, 3);
	pakn_topn_offer(&src, &c.it);
	src.count = 7;
	CHECK(pakn_topn_merge(&t, &src) == 0 && t.n == 0 && t.count == 7,
	      "merged into cap 0: only the count");
	pakn_topn_release(&src);
	pakn_topn_release(&t);
}

int
main(void)
{
	test_order();
	test_total_order();
	test_keep();
	test_copies();
	test_merge();
	test_cap0();
	return unit_done();
}
