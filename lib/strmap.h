/*
 * strmap.h: the general string map of pakn: byte strings (a pointer and a
 * length; NUL-terminated helpers beside) to a size_t, by open addressing
 * with linear probing.  Entries stay in insertion order, so a map also
 * interns: pakn_strmap_intern gives each distinct key a dense index
 * 0, 1, 2... that a caller may use to index its own array.  The first
 * value put for a key stays (pakn_strmap_put never overwrites); change a
 * value through pakn_strmap_valp.  Keys are copied (with a NUL after).
 */
#ifndef PAKN_STRMAP_H
#define PAKN_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct pakn_strmap_entry {
	char *key; /* a copy, NUL-terminated */
	size_t len;
	uint64_t hash;
	size_t val;
};

struct pakn_strmap {
	struct pakn_strmap_entry *e; /* in insertion order */
	size_t n, cap;
	uint32_t *slot; /* entry index + 1; 0 empty */
	size_t nslot;   /* 0 or a power of two */
};

#define PAKN_STRMAP_INIT                                                       \
	{                                                                      \
		NULL, 0, 0, NULL, 0                                            \
	}

/* The hash the map uses (FNV-1a, mixed). */
uint64_t pakn_strmap_hash(const char *s, size_t n);

/* Adds key -> val unless key is present (the first value wins): 1 if
 * added, 0 if it was there. */
int pakn_strmap_put(struct pakn_strmap *m, const char *key, size_t val);
int pakn_strmap_putn(struct pakn_strmap *m, const char *key, size_t n,
                     size_t val);
/* 1 and *val (if val is not NULL) when key is present, else 0. */
int pakn_strmap_get(const struct pakn_strmap *m, const char *key, size_t *val);
int pakn_strmap_getn(const struct pakn_strmap *m, const char *key, size_t n,
                     size_t *val);
/* The index of key in insertion order, added with val if new (*created,
 * if not NULL, says). */
size_t pakn_strmap_intern(struct pakn_strmap *m, const char *key, size_t n,
                          size_t val, int *created);
/* The value of key, or NULL if absent: writable. */
size_t *pakn_strmap_valp(struct pakn_strmap *m, const char *key, size_t n);
void pakn_strmap_free(struct pakn_strmap *m);

static inline size_t
pakn_strmap_count(const struct pakn_strmap *m)
{
	return m->n;
}

/* The i-th entry in insertion order (i < count). */
static inline const struct pakn_strmap_entry *
pakn_strmap_entry(const struct pakn_strmap *m, size_t i)
{
	return &m->e[i];
}

#endif
