/*
 * test_strmap.c: the general string map (lib/strmap.h): first value wins,
 * lengths not NULs, dense insertion-order indexes, growth, writable values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "unit.h"

static void
basics(void)
{
	struct pakn_strmap m = PAKN_STRMAP_INIT;
	size_t v = 99;

	CHECK(!pakn_strmap_get(&m, "x", &v), "an empty map has nothing");
	CHECK_INT((long long)v, 99, "a miss leaves *val alone");
	CHECK(pakn_strmap_put(&m, "sở y tế", 1), "put adds");
	CHECK(!pakn_strmap_put(&m, "sở y tế", 2), "put of a present key");
	CHECK(pakn_strmap_get(&m, "sở y tế", &v), "get finds");
	CHECK_INT((long long)v, 1, "the first value wins");
	CHECK(pakn_strmap_put(&m, "", 7), "the empty key");
	CHECK(pakn_strmap_get(&m, "", &v) && v == 7, "the empty key found");
	CHECK(!pakn_strmap_get(&m, "sở y t", NULL), "a prefix is not a key");
	CHECK(!pakn_strmap_get(&m, "sở y tế ", NULL), "nor a longer key");
	CHECK_INT((long long)pakn_strmap_count(&m), 2, "count");
	pakn_strmap_free(&m);
	CHECK_INT((long long)pakn_strmap_count(&m), 0, "free empties");
	CHECK(!pakn_strmap_get(&m, "", NULL), "and the map is usable");
	pakn_strmap_free(&m);
}

static void
lengths(void)
{
	struct pakn_strmap m = PAKN_STRMAP_INIT;
	const char line[] = "moi truong|dat dai";
	size_t v;
	int created;

	CHECK(pakn_strmap_putn(&m, line, 10, 5), "putn from inside a line");
	CHECK(pakn_strmap_get(&m, "moi truong", &v) && v == 5,
	      "a put by length is found by its text");
	CHECK(pakn_strmap_getn(&m, line + 11, 7, &v) == 0,
	      "getn of another slice");
	CHECK(pakn_strmap_putn(&m, "a\0b", 3, 1), "a key holding a NUL");
	CHECK(pakn_strmap_putn(&m, "a\0c", 3, 2), "another one");
	CHECK(pakn_strmap_getn(&m, "a\0c", 3, &v) && v == 2,
	      "NULs inside keys count");
	CHECK(!pakn_strmap_get(&m, "a", NULL), "\"a\" is not \"a\\0b\"");
	CHECK_INT((long long)pakn_strmap_intern(&m, "dat dai", 7, 0, &created),
	          3, "intern gives the next index");
	CHECK(created, "and says it was new");
	CHECK_INT((long long)pakn_strmap_intern(&m, line, 10, 0, &created), 0,
	          "intern of a known key gives its index");
	CHECK(!created, "and says it was known");
	CHECK_STR(pakn_strmap_entry(&m, 3)->key, "dat dai",
	          "entries in insertion order, NUL-terminated copies");
	*pakn_strmap_valp(&m, "dat dai", 7) = 42;
	CHECK(pakn_strmap_get(&m, "dat dai", &v) && v == 42,
	      "valp changes a value");
	CHECK(pakn_strmap_valp(&m, "nope", 4) == NULL, "valp of a miss");
	pakn_strmap_free(&m);
}

static void
growth(void)
{
	struct pakn_strmap m = PAKN_STRMAP_INIT;
	char key[32];
	size_t i, v, bad = 0;

	for (i = 0; i < 20000; i++) {
		snprintf(key, sizeof key, "k%zu", i * 7919);
		if (!pakn_strmap_put(&m, key, i))
			bad++;
	}
	CHECK_INT((long long)bad, 0, "20000 distinct keys are all new");
	CHECK_INT((long long)pakn_strmap_count(&m), 20000, "and counted");
	for (i = 0; i < 20000; i++) {
		snprintf(key, sizeof key, "k%zu", i * 7919);
		if (!pakn_strmap_get(&m, key, &v) || v != i)
			bad++;
		if (pakn_strmap_entry(&m, i)->val != i)
			bad++;
		snprintf(key, sizeof key, "k%zu", i * 7919 + 1);
		if (i > 0 && pakn_strmap_get(&m, key, NULL))
			bad++;
	}
	CHECK_INT((long long)bad, 0, "every key found after growing");
	CHECK(pakn_strmap_hash("ab", 2) != pakn_strmap_hash("ba", 2),
	      "the hash depends on the order");
	pakn_strmap_free(&m);
}

int
main(void)
{
	basics();
	lengths();
	growth();
	return unit_done();
}
