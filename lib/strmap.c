/*
 * strmap.c: see strmap.h.
 */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "pakn.h"

static inline uint64_t
mix(uint64_t h)
{
	return h ^ (h >> 29);
}

uint64_t
pakn_strmap_hash(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ull;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return mix(h);
}

static void
rehash(struct pakn_strmap *m, size_t nslot)
{
	size_t i, j, mask = nslot - 1;

	free(m->slot);
	m->slot = pakn_xcalloc(nslot, sizeof *m->slot);
	m->nslot = nslot;
	for (i = 0; i < m->n; i++) {
		for (j = (size_t)m->e[i].hash & mask; m->slot[j];
		     j = (j + 1) & mask)
			;
		m->slot[j] = (uint32_t)(i + 1);
	}
}

/* The slot of key, or of the empty slot where it would go. */
static size_t
find(const struct pakn_strmap *m, const char *key, size_t n, uint64_t h)
{
	size_t j, mask = m->nslot - 1;
	const struct pakn_strmap_entry *e;

	for (j = (size_t)h & mask; m->slot[j]; j = (j + 1) & mask) {
		e = &m->e[m->slot[j] - 1];
		if (e->hash == h && e->len == n && memcmp(e->key, key, n) == 0)
			break;
	}
	return j;
}

size_t
pakn_strmap_intern(struct pakn_strmap *m, const char *key, size_t n, size_t val,
                   int *created)
{
	uint64_t h = pakn_strmap_hash(key, n);
	struct pakn_strmap_entry *e;
	size_t j;

	if (m->nslot == 0)
		rehash(m, 16);
	j = find(m, key, n, h);
	if (m->slot[j]) {
		if (created)
			*created = 0;
		return m->slot[j] - 1;
	}
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 16;
		m->e = pakn_xrealloc(m->e, m->cap * sizeof *m->e);
	}
	e = &m->e[m->n];
	e->key = pakn_xstrndup(key, n);
	e->len = n;
	e->hash = h;
	e->val = val;
	m->slot[j] = (uint32_t)(++m->n);
	if (m->n * 2 > m->nslot)
		rehash(m, m->nslot * 2);
	if (created)
		*created = 1;
	return m->n - 1;
}

int
pakn_strmap_putn(struct pakn_strmap *m, const char *key, size_t n, size_t val)
{
	int created;

	pakn_strmap_intern(m, key, n, val, &created);
	return created;
}

int
pakn_strmap_put(struct pakn_strmap *m, const char *key, size_t val)
{
	return pakn_strmap_putn(m, key, strlen(key), val);
}

int
pakn_strmap_getn(const struct pakn_strmap *m, const char *key, size_t n,
                 size_t *val)
{
	size_t j;

	if (m->n == 0)
		return 0;
	j = find(m, key, n, pakn_strmap_hash(key, n));
	if (!m->slot[j])
		return 0;
	if (val)
		*val = m->e[m->slot[j] - 1].val;
	return 1;
}

int
pakn_strmap_get(const struct pakn_strmap *m, const char *key, size_t *val)
{
	/* The length and the hash in one pass over the key. */
	uint64_t h = 14695981039346656037ull;
	const char *p;
	size_t j;

	if (m->n == 0)
		return 0;
	for (p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	j = find(m, key, (size_t)(p - key), mix(h));
	if (!m->slot[j])
		return 0;
	if (val)
		*val = m->e[m->slot[j] - 1].val;
	return 1;
}

size_t *
pakn_strmap_valp(struct pakn_strmap *m, const char *key, size_t n)
{
	size_t j;

	if (m->n == 0)
		return NULL;
	j = find(m, key, n, pakn_strmap_hash(key, n));
	return m->slot[j] ? &m->e[m->slot[j] - 1].val : NULL;
}

void
pakn_strmap_free(struct pakn_strmap *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->e[i].key);
	free(m->e);
	free(m->slot);
	memset(m, 0, sizeof *m);
}
