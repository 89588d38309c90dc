/*
 * prefilter.h: the literal prefilter of folded patterns.  For a pattern
 * such as "\\b(xa thai|o nhiem|khoi bui)" every match contains one of a few
 * literals; one pass over a folded subject, hashing each 4-byte window
 * against a bitmap of the literals' first four bytes, finds which
 * patterns can match at all, and PCRE2 runs only for those: most cases
 * mention none of the keywords.
 *
 * Patterns are numbered by the caller (pid).  A subject is scanned once
 * per record and per subject kind (`which`: 0 title, 1 content), the
 * record told apart by a serial number the caller gives (never 0).
 */
#ifndef PAKN_PREFILTER_H
#define PAKN_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

struct pakn_lit {
	char *s;
	size_t n;
	size_t pid;
	int next; /* next literal in the same bucket, -1 */
};

struct pakn_lits {
	struct pakn_lit *v;
	size_t n;
	int *head;               /* 65536 buckets, -1 when empty */
	uint64_t *bits;          /* 65536 bits: a bucket is not empty */
	size_t npids;            /* hit[] holds pids below this */
	unsigned long *hit[2];   /* per pid: serial whose subject held one */
	unsigned long serial[2]; /* serial the subjects were last scanned */
};

void pakn_lits_init(struct pakn_lits *l);
void pakn_lits_free(struct pakn_lits *l);

/*
 * The literals every match of pattern src holds: a set of runs of plain
 * characters, at least 4 bytes each (lowercased), one of which is in any
 * match.  0 with *lits (free each and the array) and *n > 0, or -1 when
 * the pattern uses anything this reading does not follow (classes, dots,
 * quantifiers, escapes such as \d, non-ASCII bytes): no prefilter then.
 */
int pakn_lits_of(const char *src, char ***lits, size_t *n);

/* Adds pattern pid (a folded, caseless pattern): 1 if it has a
 * prefilter, 0 if it must always run. */
int pakn_lits_add(struct pakn_lits *l, size_t pid, const char *src);

/* The bucket of a 4-byte window. */
static inline unsigned
pakn_lit_hash(const unsigned char *p)
{
	uint32_t w = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
	             (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;

	return (unsigned)((w * 2654435761u) >> 16);
}

/* Scans a folded subject: every pattern one of whose literals it holds
 * gets hit[which][pid] = serial. */
void pakn_lits_scan(struct pakn_lits *l, int which, unsigned long serial,
                    const char *s, size_t n);

/* Whether the subject scanned with serial held a literal of pid. */
static inline int
pakn_lits_held(const struct pakn_lits *l, int which, size_t pid,
               unsigned long serial)
{
	return pid < l->npids && l->hit[which][pid] == serial;
}

#endif
