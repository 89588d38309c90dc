/*
 * record.c: the single-pass validating scanner, the decoders, the edits and
 * the splicing writer of the record layer (see record.h).
 *
 * The scanner is a loop over the bytes with an explicit stack (no
 * recursion, no tree).  What it accepts is kept identical to jansson 2.14's
 * json_loadb(JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL) but for two
 * deliberate differences, the same for every program (RFC 8259 and
 * JSONTestSuite): a \u0000 escape is accepted in keys too (jansson never
 * takes it in a key), and a raw NUL byte after a number or a literal is
 * refused (jansson skips one).  tests/unit/test_record.c checks that on a
 * table of edge cases and on a mutation fuzz.  Strings run through a
 * branch-free UTF-8 automaton eight bytes at a time, which checks the sequences
 * as jansson does (no overlong forms, no surrogates, nothing above U+10FFFF)
 * and stops at '"', '\\' and the controls.  Numbers are converted only when
 * they could overflow (jansson rejects those that do).  Duplicate keys are
 * found by a linear search among the keys of their object (records have small
 * objects); an object with many keys moves to one hash table for the whole
 * line, whose entries die with their object (see live()), so it is never
 * cleared between lines.
 */
#include "record.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOEDIT ((size_t)-1)
#define SLOTS_MIN_BITS 6

#if defined(__GNUC__)
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#define COLD __attribute__((cold, noinline))
#else
#define LIKELY(x) (x)
#define UNLIKELY(x) (x)
#define COLD
#endif

typedef const unsigned char *cursor;

/* clang-format off */
/* JSON whitespace. */
static const unsigned char is_ws[256] = {
	[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1,
};

/*
 * UTF-8 validation as a shift-based DFA: a state is a bit offset, and the
 * row of a byte holds, at each state's offset, the 6-bit offset of the
 * next state, so one step is `state = row[byte] >> state & 63`: no
 * branch, and a one-cycle dependency from byte to byte.  The sequences
 * accepted are jansson's (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF).  '"', '\\' and the controls stop the machine
 * between characters (D_STOP); within a character they are errors.
 */
#define D_OK 0		/* between characters */
#define D_1 6		/* one continuation byte (80-BF) to go */
#define D_2 12		/* two to go */
#define D_E0 18		/* after E0: A0-BF (not overlong), then one */
#define D_ED 24		/* after ED: 80-9F (not a surrogate), then one */
#define D_3 30		/* three to go */
#define D_F0 36		/* after F0: 90-BF (not overlong), then two */
#define D_F4 42		/* after F4: 80-8F (up to U+10FFFF), then two */
#define D_ERR 48
#define D_STOP 54
#define E D_ERR

#define TO(state, next) ((uint64_t)(next) << (state))
#define ROW(ok, s1, s2, e0, ed, s3, f0, f4)                                  \
	(TO(D_OK, ok) | TO(D_1, s1) | TO(D_2, s2) | TO(D_E0, e0) |           \
	 TO(D_ED, ed) | TO(D_3, s3) | TO(D_F0, f0) | TO(D_F4, f4) |          \
	 TO(D_ERR, D_ERR) | TO(D_STOP, D_STOP))

#define R_TXT ROW(D_OK, E, E, E, E, E, E, E)	/* ASCII text */
#define R_STP ROW(D_STOP, E, E, E, E, E, E, E)	/* '"', '\\', controls */
#define R_C80 ROW(E, D_OK, D_1, E, D_1, D_2, E, D_2)	/* 80-8F */
#define R_C90 ROW(E, D_OK, D_1, E, D_1, D_2, D_2, E)	/* 90-9F */
#define R_CA0 ROW(E, D_OK, D_1, D_1, E, D_2, D_2, E)	/* A0-BF */
#define R_BAD ROW(E, E, E, E, E, E, E, E)	/* C0, C1, F5-FF */
#define R_L2 ROW(D_1, E, E, E, E, E, E, E)	/* C2-DF */
#define R_E0 ROW(D_E0, E, E, E, E, E, E, E)
#define R_L3 ROW(D_2, E, E, E, E, E, E, E)	/* E1-EC, EE, EF */
#define R_ED ROW(D_ED, E, E, E, E, E, E, E)
#define R_F0 ROW(D_F0, E, E, E, E, E, E, E)
#define R_L4 ROW(D_3, E, E, E, E, E, E, E)	/* F1-F3 */
#define R_F4 ROW(D_F4, E, E, E, E, E, E, E)

static const uint64_t utf8_dfa[256] = {
	R_STP, R_STP, R_STP, R_STP, R_STP, R_STP, R_STP, R_STP,	/* 00 */
	R_STP, R_STP, R_STP, R_STP, R_STP, R_STP, R_STP, R_STP,
	R_STP, R_STP, R_STP, R_STP, R_STP, R_STP, R_STP, R_STP,	/* 10 */
	R_STP, R_STP, R_STP, R_STP, R_STP, R_STP, R_STP, R_STP,
	R_TXT, R_TXT, R_STP, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT,	/* 20 */
	R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT,
	R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT,	/* 30 */
	R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT,
	R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT,	/* 40 */
	R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT,
	R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT,	/* 50 */
	R_TXT, R_TXT, R_TXT, R_TXT, R_STP, R_TXT, R_TXT, R_TXT,
	R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT,	/* 60 */
	R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT,
	R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT,	/* 70 */
	R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT, R_TXT,
	R_C80, R_C80, R_C80, R_C80, R_C80, R_C80, R_C80, R_C80,	/* 80 */
	R_C80, R_C80, R_C80, R_C80, R_C80, R_C80, R_C80, R_C80,
	R_C90, R_C90, R_C90, R_C90, R_C90, R_C90, R_C90, R_C90,	/* 90 */
	R_C90, R_C90, R_C90, R_C90, R_C90, R_C90, R_C90, R_C90,
	R_CA0, R_CA0, R_CA0, R_CA0, R_CA0, R_CA0, R_CA0, R_CA0,	/* A0 */
	R_CA0, R_CA0, R_CA0, R_CA0, R_CA0, R_CA0, R_CA0, R_CA0,
	R_CA0, R_CA0, R_CA0, R_CA0, R_CA0, R_CA0, R_CA0, R_CA0,	/* B0 */
	R_CA0, R_CA0, R_CA0, R_CA0, R_CA0, R_CA0, R_CA0, R_CA0,
	R_BAD, R_BAD, R_L2, R_L2, R_L2, R_L2, R_L2, R_L2,	/* C0 */
	R_L2, R_L2, R_L2, R_L2, R_L2, R_L2, R_L2, R_L2,
	R_L2, R_L2, R_L2, R_L2, R_L2, R_L2, R_L2, R_L2,	/* D0 */
	R_L2, R_L2, R_L2, R_L2, R_L2, R_L2, R_L2, R_L2,
	R_E0, R_L3, R_L3, R_L3, R_L3, R_L3, R_L3, R_L3,	/* E0 */
	R_L3, R_L3, R_L3, R_L3, R_L3, R_ED, R_L3, R_L3,
	R_F0, R_L4, R_L4, R_L4, R_F4, R_BAD, R_BAD, R_BAD,	/* F0 */
	R_BAD, R_BAD, R_BAD, R_BAD, R_BAD, R_BAD, R_BAD, R_BAD,
};

#undef E
/* clang-format on */

static inline uint64_t
load64(cursor p)
{
	uint64_t x;

	memcpy(&x, p, sizeof x);
	return x;
}

static inline uint32_t
load32(cursor p)
{
	uint32_t x;

	memcpy(&x, p, sizeof x);
	return x;
}

static inline int
hexdig(unsigned c)
{
	if (c - '0' < 10)
		return (int)(c - '0');
	c |= 0x20;
	if (c - 'a' < 6)
		return (int)(c - 'a' + 10);
	return -1;
}

/* The value of 4 hex digits at p (the caller checked there are 4 bytes),
 * or -1. */
static inline long
hex4(cursor p)
{
	int a = hexdig(p[0]), b = hexdig(p[1]), c = hexdig(p[2]),
	    d = hexdig(p[3]);

	if ((a | b | c | d) < 0)
		return -1;
	return (long)a << 12 | (long)b << 8 | (long)c << 4 | (long)d;
}

static inline size_t
utf8_put(unsigned char *o, unsigned long cp)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * Decodes the escape at *pp (a validated '\\' sequence) into o (room for 4
 * bytes), advances *pp past it and returns the bytes written.
 */
static size_t
decode_escape(cursor *pp, unsigned char *o)
{
	cursor p = *pp;
	unsigned long cp;

	switch (p[1]) {
	case 'b': *o = '\b'; break;
	case 'f': *o = '\f'; break;
	case 'n': *o = '\n'; break;
	case 'r': *o = '\r'; break;
	case 't': *o = '\t'; break;
	case 'u':
		cp = (unsigned long)hex4(p + 2);
		if (cp >= 0xd800 && cp <= 0xdbff) {
			cp = 0x10000 + ((cp - 0xd800) << 10) +
			     ((unsigned long)hex4(p + 8) - 0xdc00);
			*pp = p + 12;
		} else {
			*pp = p + 6;
		}
		return utf8_put(o, cp);
	default: *o = p[1]; break; /* '"', '\\', '/' */
	}
	*pp = p + 2;
	return 1;
}

/* Decodes the inside of a validated string (no quotes) into o, which has
 * room for n bytes; returns the length written. */
static size_t
decode_into(cursor p, size_t n, unsigned char *o)
{
	cursor end = p + n, bs;
	unsigned char *start = o;

	while (p < end) {
		bs = memchr(p, '\\', (size_t)(end - p));
		if (bs == NULL)
			bs = end;
		memcpy(o, p, (size_t)(bs - p));
		o += bs - p;
		p = bs;
		if (p < end)
			o += decode_escape(&p, o);
	}
	return (size_t)(o - start);
}

void
pakn_json_string_decode(const char *raw, size_t len, struct pakn_buf *out)
{
	size_t n;

	pakn_buf_reset(out);
	if (len < 2) {
		pakn_buf_grow(out, 0);
		out->data[0] = '\0';
		return;
	}
	pakn_buf_grow(out, len - 2);
	n = decode_into((cursor)raw + 1, len - 2, (unsigned char *)out->data);
	out->len = n;
	out->data[n] = '\0';
}

/*** Keys: hashing and the table of keys seen ***/

#define MUL1 UINT64_C(0x9e3779b97f4a7c15)
#define MUL2 UINT64_C(0xff51afd7ed558ccd)

static inline uint64_t
key_hash(cursor p, size_t n)
{
	uint64_t h = MUL1 ^ n, a;
	cursor last;

	if (n > 8) {
		last = p + n - 8;
		while (p < last) {
			h = (h ^ load64(p)) * MUL2;
			h ^= h >> 31;
			p += 8;
		}
		a = load64(last);
	} else if (n >= 4) {
		a = load32(p) | (uint64_t)load32(p + n - 4) << 32;
	} else if (n > 0) {
		a = (uint64_t)p[0] | (uint64_t)p[n / 2] << 8 |
		    (uint64_t)p[n - 1] << 16;
	} else {
		a = 0;
	}
	h = (h ^ a) * MUL2;
	return h ^ h >> 32; /* slot_index multiplies again */
}

static inline size_t
slot_index(const struct pakn_record *r, uint64_t hash, uint64_t serial)
{
	return (size_t)(((hash ^ serial * MUL1) * MUL2) >> (64 - r->slotbits));
}

/*
 * The table of keys of big objects.  Every container takes a new serial
 * (increasing, never reset), and open[k] is the serial of the container
 * open at depth k.  A slot whose serial is below the top object's was
 * never used in this line: it is free, and ends a probe.  A slot of this
 * line holds either a key of an open object (live) or one of a closed
 * object, which a probe walks past (so that chains stay whole) and an
 * insertion may reuse.  The table thus needs no clearing between lines or
 * objects.
 */
static inline int
live(const struct pakn_record *r, const struct pakn_keyslot *e, size_t d)
{
	return e->depth <= d && r->open[e->depth] == e->serial;
}

/* Doubles the part of the table in use, keeping the live keys. */
static void
slots_grow(struct pakn_record *r, size_t d)
{
	size_t oldn = (size_t)1 << r->slotbits, newn = oldn * 2, i, j, nlive;
	struct pakn_keyslot *e;

	if (r->captmp < oldn) {
		r->tmp = pakn_xrealloc(r->tmp, oldn * sizeof *r->tmp);
		r->captmp = oldn;
	}
	nlive = 0;
	for (i = 0; i < oldn; i++)
		if (live(r, &r->slots[i], d))
			r->tmp[nlive++] = r->slots[i];
	if (r->capslots < newn) {
		free(r->slots);
		r->slots = pakn_xcalloc(newn, sizeof *r->slots);
		r->capslots = newn;
	} else {
		memset(r->slots, 0, newn * sizeof *r->slots);
	}
	r->slotbits++;
	for (i = 0; i < nlive; i++) {
		j = slot_index(r, r->tmp[i].hash, r->tmp[i].serial);
		for (;;) {
			e = &r->slots[j];
			if (e->serial == 0)
				break;
			j = (j + 1) & (newn - 1);
		}
		*e = r->tmp[i];
	}
}

/*** The scanner ***/

struct scan {
	struct pakn_record *r;
	cursor begin, end;
	struct pakn_error *err;
};

static void vfail(struct scan *s, cursor at, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
static COLD int fail(struct scan *s, cursor at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static COLD cursor failc(struct scan *s, cursor at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Fills the caller's error: the byte column of `at` and the message. */
static void
vfail(struct scan *s, cursor at, const char *fmt, va_list ap)
{
	char text[400];

	vsnprintf(text, sizeof text, fmt, ap);
	pakn_error_set(s->err, NULL, 0, (long)(at - s->begin) + 1,
	               "invalid JSON: %s", text);
}

/* The same, returning -1. */
static int
fail(struct scan *s, cursor at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(s, at, fmt, ap);
	va_end(ap);
	return -1;
}

/* The same, returning a NULL cursor. */
static cursor
failc(struct scan *s, cursor at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(s, at, fmt, ap);
	va_end(ap);
	return NULL;
}

/*
 * Checks the string whose opening quote is at p; returns the byte after
 * its closing quote, or NULL (error set).  *esc is set if it holds an
 * escape.  After a first run of plain ASCII (most keys and short values
 * end there), the automaton runs unrolled over blocks of eight bytes; only
 * the block that holds the end of the string (or an escape, or an error)
 * is walked again byte by byte.  (Skipping plain ASCII blocks with a
 * word-wide test first was slower on Vietnamese text, where few blocks
 * are plain ASCII.)
 */
static cursor
scan_string(struct scan *s, cursor p, int *esc)
{
	cursor q = p + 1, end = s->end;
	uint64_t st = D_OK, t;
	long cp, lo;

	/* Keys and short values are mostly plain ASCII: try that first. */
	while (q < end && (utf8_dfa[*q] & 63) == D_OK)
		q++;
	if (q < end && *q == '"')
		return q + 1;
	for (;;) {
		/*
		 * The state's high bits are garbage until masked: a shift
		 * uses only the low 6 bits of its count (and x86 masks it
		 * for free), so the chain costs one shift per byte.
		 */
		while (end - q >= 8) {
			t = utf8_dfa[q[0]] >> st;
			t = utf8_dfa[q[1]] >> (t & 63);
			t = utf8_dfa[q[2]] >> (t & 63);
			t = utf8_dfa[q[3]] >> (t & 63);
			t = utf8_dfa[q[4]] >> (t & 63);
			t = utf8_dfa[q[5]] >> (t & 63);
			t = utf8_dfa[q[6]] >> (t & 63);
			t = utf8_dfa[q[7]] >> (t & 63);
			t &= 63;
			if (t >= D_ERR)
				break;
			st = t;
			q += 8;
		}
		for (;; q++) {
			if (q == end)
				return failc(s, p, "unterminated string");
			t = utf8_dfa[*q] >> st & 63;
			if (t >= D_ERR)
				break;
			st = t;
		}
		if (t == D_ERR) {
			if (*q == '"' || *q == '\\' || *q < 0x20 || st == D_OK)
				return failc(s, q, "invalid UTF-8 byte 0x%02x",
				             *q);
			while ((*--q & 0xc0) == 0x80) /* to the lead byte */
				;
			return failc(s, q, "invalid UTF-8 sequence");
		}
		/* D_STOP: between characters */
		if (*q == '"')
			return q + 1;
		if (*q != '\\')
			return failc(s, q, "control character 0x%02x in string",
			             *q);
		*esc = 1;
		if (end - q < 2)
			return failc(s, p, "unterminated string");
		switch (q[1]) {
		case '"':
		case '\\':
		case '/':
		case 'b':
		case 'f':
		case 'n':
		case 'r':
		case 't': q += 2; continue;
		case 'u': break;
		default: return failc(s, q, "invalid escape");
		}
		if (end - q < 6 || (cp = hex4(q + 2)) < 0)
			return failc(s, q, "invalid \\u escape");
		if (cp >= 0xdc00 && cp <= 0xdfff)
			return failc(s, q, "lone surrogate \\u%04lX", cp);
		if (cp < 0xd800 || cp > 0xdbff) {
			q += 6;
			continue;
		}
		/* A high surrogate must be followed by a low one. */
		if (end - q >= 12 && q[6] == '\\' && q[7] == 'u' &&
		    (lo = hex4(q + 8)) >= 0xdc00 && lo <= 0xdfff) {
			q += 12;
			continue;
		}
		return failc(s, q, "lone surrogate \\u%04lX", cp);
	}
}

/* Converts the number token [p, q) with strtod as jansson does (in the
 * current locale's decimal point); 0, or -1 if it overflows. */
static int
real_overflows(struct pakn_record *r, cursor p, cursor q)
{
	struct pakn_buf *b = &r->scratch;
	const char *point = localeconv()->decimal_point;
	char *dot, *endp;
	double v;

	pakn_buf_reset(b);
	pakn_buf_add(b, p, (size_t)(q - p));
	if (point && point[0] && point[0] != '.' &&
	    (dot = strchr(b->data, '.')) != NULL)
		*dot = point[0];
	errno = 0;
	v = strtod(b->data, &endp);
	return (v == HUGE_VAL || v == -HUGE_VAL) && errno == ERANGE ? -1 : 0;
}

static int
is_digit(unsigned c)
{
	return c - '0' < 10;
}

/*
 * Checks the number at p (a '-' or a digit); returns the byte after it, or
 * NULL.  An integer must fit a long long, a real must not overflow to
 * infinity (jansson's rules); the value is converted only when it could
 * break them.
 */
static cursor
scan_number(struct scan *s, cursor p)
{
	cursor q = p, end = s->end, digits;
	size_t nint;
	long exp = 0;
	int neg = 0, real = 0, expneg = 0;

	if (*q == '-') {
		neg = 1;
		q++;
	}
	digits = q;
	if (q == end || !is_digit(*q))
		return failc(s, p, "invalid number");
	if (*q == '0') {
		q++;
		if (q < end && is_digit(*q))
			return failc(s, p, "invalid number (leading zero)");
	} else {
		while (q < end && is_digit(*q))
			q++;
	}
	nint = (size_t)(q - digits);
	if (q < end && *q == '.') {
		q++;
		if (q == end || !is_digit(*q))
			return failc(s, p, "invalid number");
		while (q < end && is_digit(*q))
			q++;
		real = 1;
	}
	if (q < end && (*q == 'e' || *q == 'E')) {
		q++;
		if (q < end && (*q == '+' || *q == '-'))
			expneg = *q++ == '-';
		if (q == end || !is_digit(*q))
			return failc(s, p, "invalid number");
		while (q < end && is_digit(*q)) {
			if (exp < 1000000)
				exp = exp * 10 + (*q - '0');
			q++;
		}
		if (expneg)
			exp = -exp;
		real = 1;
	}
	if (!real) {
		if (nint >= 19 &&
		    (nint > 19 ||
		     memcmp(digits,
		            neg ? "9223372036854775808" : "9223372036854775807",
		            19) > 0))
			return failc(s, p, "integer out of range");
	} else if ((long)nint + exp > 308 || nint > 308) {
		/* Below 10^308 nothing can overflow; above, ask strtod. */
		if (real_overflows(s->r, p, q))
			return failc(s, p, "real number overflow");
	}
	return q;
}

static struct pakn_member *
add_member(struct pakn_record *r)
{
	size_t n;

	if (r->nmembers == r->capmembers) {
		n = r->capmembers ? r->capmembers * 2 : 32;
		r->members = pakn_xrealloc(r->members, n * sizeof *r->members);
		r->edit_of = pakn_xrealloc(r->edit_of, n * sizeof *r->edit_of);
		r->capmembers = n;
	}
	r->edit_of[r->nmembers] = NOEDIT;
	return &r->members[r->nmembers++];
}

static COLD int
duplicate(struct scan *s, cursor p, cursor q)
{
	size_t n = (size_t)(q - p) - 2, all = n;

	if (n > 60) /* cut at a character boundary */
		for (n = 60; n > 0 && (p[1 + n] & 0xc0) == 0x80;)
			n--;
	return fail(s, p, "duplicate key \"%.*s\"%s", (int)n,
	            (const char *)p + 1, n < all ? "..." : "");
}

/* Whether the table has key (hash h) in the object open at depth d; if
 * not, adds it, for member m. */
static int
slots_add(struct pakn_record *r, cursor key, size_t n, uint64_t h, size_t d,
          size_t m)
{
	struct pakn_keyslot *e, *spot = NULL;
	uint64_t serial = r->open[d];
	size_t i, mask;

	if ((r->nkeys + 1) * 2 > (size_t)1 << r->slotbits)
		slots_grow(r, d);
	r->nkeys++;
	mask = ((size_t)1 << r->slotbits) - 1;
	for (i = slot_index(r, h, serial);; i = (i + 1) & mask) {
		e = &r->slots[i];
		if (e->serial < r->topserial) /* free */
			break;
		if (e->serial == serial) {
			if (e->hash == h && e->len == n &&
			    memcmp(e->key, key, n) == 0)
				return 1;
		} else if (spot == NULL && !live(r, e, d)) {
			spot = e;
		}
	}
	if (spot == NULL)
		spot = e;
	spot->hash = h;
	spot->serial = serial;
	spot->key = (const char *)key;
	spot->len = n;
	spot->depth = (uint32_t)d;
	spot->member = m;
	return 0;
}

/*
 * Records the key whose quotes are at p and q-1, in the object open at
 * depth d; fails on a duplicate (compared decoded, as jansson does).  An
 * object's first SMALL_OBJECT keys are compared linearly on the stack,
 * which beats a table at the sizes records have; past that, its keys move
 * to the hash table.
 */
#define SMALL_OBJECT 32

static int
add_key(struct scan *s, cursor p, cursor q, int esc, size_t d)
{
	struct pakn_record *r = s->r;
	cursor key = p + 1;
	size_t n = (size_t)(q - p) - 2, j, base = r->kbase[d];
	uint64_t h;

	if (UNLIKELY(esc)) {
		/* Decoded keys never outgrow the line: reserve once, so the
		 * pointers into r->keys stay valid for the whole scan. */
		if (r->keys.len == 0)
			pakn_buf_grow(&r->keys, (size_t)(s->end - s->begin));
		n = decode_into(key, n,
		                (unsigned char *)r->keys.data + r->keys.len);
		key = (cursor)r->keys.data + r->keys.len;
		r->keys.len += n;
	}
	h = key_hash(key, n);
	if (UNLIKELY(r->big[d])) {
		if (slots_add(r, key, n, h, d, r->nmembers))
			return duplicate(s, p, q);
		return 0;
	}
	for (j = base; j < r->ktop; j++)
		if (r->khash[j] == h && r->klen[j] == n &&
		    memcmp(r->kptr[j], key, n) == 0)
			return duplicate(s, p, q);
	if (UNLIKELY(r->ktop - base == SMALL_OBJECT)) {
		/* At the top level, stack key j is member j. */
		r->big[d] = 1;
		for (j = base; j < r->ktop; j++)
			slots_add(r, (cursor)r->kptr[j], r->klen[j],
			          r->khash[j], d, j - base);
		r->ktop = base;
		slots_add(r, key, n, h, d, r->nmembers);
		return 0;
	}
	if (r->ktop == r->capk) {
		r->capk = r->capk ? r->capk * 2 : 64;
		r->khash = pakn_xrealloc(r->khash, r->capk * sizeof *r->khash);
		r->kptr = pakn_xrealloc(r->kptr, r->capk * sizeof *r->kptr);
		r->klen = pakn_xrealloc(r->klen, r->capk * sizeof *r->klen);
	}
	r->khash[r->ktop] = h;
	r->kptr[r->ktop] = (const char *)key;
	r->klen[r->ktop] = n;
	r->ktop++;
	return 0;
}

static int
scan(struct pakn_record *r, const char *line, size_t len,
     struct pakn_error *err)
{
	struct scan s;
	cursor p = (cursor)line, end = p + len, vstart = NULL, vend;
	struct pakn_member *m = NULL;
	size_t d;
	int esc;

	r->line = line;
	r->len = len;
	r->obj = NULL;
	r->objlen = 0;
	r->nmembers = 0;
	r->nedits = 0;
	r->nkeys = 0;
	r->slotbits = SLOTS_MIN_BITS;
	r->ktop = 0;
	pakn_buf_reset(&r->keys);
	pakn_buf_reset(&r->arena);
	s.r = r;
	s.begin = p;
	s.end = end;
	s.err = err;

	while (p < end && is_ws[*p])
		p++;
	if (p == end)
		return fail(&s, p, "empty line, expected an object");
	if (*p != '{')
		return fail(&s, p,
		            *p == '[' ? "an array, expected an object"
		                      : "expected an object");
	r->obj = (const char *)p;
	d = 1;
	r->kind[1] = '{';
	r->open[1] = r->topserial = ++r->serial;
	r->kbase[1] = 0;
	r->big[1] = 0;
	p++;
	while (p < end && is_ws[*p])
		p++;
	if (p < end && *p == '}') {
		p++;
		goto done;
	}

key: /* a key of the object open at depth d */
	if (p == end || *p != '"') {
		if (p == end)
			return fail(&s, p, "unterminated object");
		return fail(&s, p,
		            *p == '}' ? "trailing comma"
		                      : "expected a string key");
	}
	esc = 0;
	vend = scan_string(&s, p, &esc);
	if (vend == NULL || add_key(&s, p, vend, esc, d) != 0)
		return -1;
	if (d == 1) {
		m = add_member(r);
		m->key = (const char *)p + 1;
		m->keylen = (size_t)(vend - p) - 2;
		m->key_escaped = m->escaped = esc;
	}
	p = vend;
	while (p < end && is_ws[*p])
		p++;
	if (p == end || *p != ':')
		return fail(&s, p, "expected ':' after the key");
	p++;
	while (p < end && is_ws[*p])
		p++;

value: /* a value at depth d + 1 */
	if (UNLIKELY(d + 1 > PAKN_JSON_MAX_DEPTH))
		return fail(&s, p, "nesting deeper than %d",
		            PAKN_JSON_MAX_DEPTH);
	if (d == 1)
		vstart = p;
	if (p == end)
		return fail(&s, p, "expected a value");
	switch (*p) {
	case '"':
		esc = 0;
		p = scan_string(&s, p, &esc);
		if (p == NULL)
			return -1;
		vend = p;
		if (d == 1) {
			m->type = PAKN_J_STRING;
			m->escaped |= esc;
		}
		goto after;
	case '{':
	case '[':
		if (d == 1)
			m->type = *p == '{' ? PAKN_J_OBJECT : PAKN_J_ARRAY;
		d++;
		r->kind[d] = *p;
		r->open[d] = ++r->serial;
		r->kbase[d] = r->ktop;
		r->big[d] = 0;
		p++;
		while (p < end && is_ws[*p])
			p++;
		if (p < end && *p == (r->kind[d] == '{' ? '}' : ']')) {
			p++;
			d--;
			vend = p;
			goto after;
		}
		if (r->kind[d] == '{')
			goto key;
		goto value;
	case 't':
	case 'f':
	case 'n':
		if (end - p >= 4 && memcmp(p, "true", 4) == 0) {
			vend = p + 4;
			if (d == 1)
				m->type = PAKN_J_TRUE;
		} else if (end - p >= 5 && memcmp(p, "false", 5) == 0) {
			vend = p + 5;
			if (d == 1)
				m->type = PAKN_J_FALSE;
		} else if (end - p >= 4 && memcmp(p, "null", 4) == 0) {
			vend = p + 4;
			if (d == 1)
				m->type = PAKN_J_NULL;
		} else {
			return fail(&s, p, "invalid literal");
		}
		p = vend;
		goto scalar_end;
	default:
		if (*p != '-' && !is_digit(*p))
			return fail(&s, p, "expected a value");
		vend = scan_number(&s, p);
		if (vend == NULL)
			return -1;
		if (d == 1)
			m->type = PAKN_J_NUMBER;
		p = vend;
		goto scalar_end;
	}

scalar_end:
	/*
	 * jansson's quirk: after a number or a literal it "ungets" the next
	 * byte, and an ungot NUL is lost, so one NUL byte right after such a
	 * token is skipped.  A raw NUL is never valid JSON: refuse it.
	 */
	if (p < end && *p == '\0')
		return fail(&s, p, "NUL byte after a value");

after: /* a value at depth d + 1 ended at vend; p is past it */
	if (d == 1) {
		m->val = (const char *)vstart;
		m->vallen = (size_t)(vend - vstart);
	}
	while (p < end && is_ws[*p])
		p++;
	if (p == end)
		return fail(&s, p,
		            r->kind[d] == '{' ? "unterminated object"
		                              : "unterminated array");
	if (*p == ',') {
		p++;
		while (p < end && is_ws[*p])
			p++;
		if (r->kind[d] == '{')
			goto key;
		goto value;
	}
	if (*p == (r->kind[d] == '{' ? '}' : ']')) {
		p++;
		vend = p;
		if (--d > 0) {
			r->ktop = r->kbase[d + 1]; /* forget its keys */
			goto after;
		}
		goto done;
	}
	return fail(&s, p,
	            r->kind[d] == '{' ? "expected ',' or '}'"
	                              : "expected ',' or ']'");

done:
	r->objlen = (size_t)(p - (cursor)r->obj);
	while (p < end && is_ws[*p])
		p++;
	if (p != end)
		return fail(&s, p, "trailing characters after the object");
	return 0;
}

int
pakn_record_scan(struct pakn_record *r, const char *line, size_t len,
                 struct pakn_error *err)
{
	if (scan(r, line, len, err) == 0)
		return 0;
	/* Nothing of a rejected line may be used. */
	r->obj = NULL;
	r->objlen = 0;
	r->nmembers = 0;
	return -1;
}

/*** Life cycle and lookups ***/

void
pakn_record_init(struct pakn_record *r)
{
	memset(r, 0, sizeof *r);
	r->open = pakn_xcalloc(PAKN_JSON_MAX_DEPTH + 1, sizeof *r->open);
	r->kind = pakn_xcalloc(PAKN_JSON_MAX_DEPTH + 1, sizeof *r->kind);
	r->open[0] = UINT64_MAX; /* so unused slots (depth 0) are dead */
	r->kbase = pakn_xcalloc(PAKN_JSON_MAX_DEPTH + 1, sizeof *r->kbase);
	r->big = pakn_xcalloc(PAKN_JSON_MAX_DEPTH + 1, sizeof *r->big);
	r->capslots = (size_t)1 << SLOTS_MIN_BITS;
	r->slots = pakn_xcalloc(r->capslots, sizeof *r->slots);
	r->slotbits = SLOTS_MIN_BITS;
}

void
pakn_record_release(struct pakn_record *r)
{
	free(r->members);
	free(r->edit_of);
	free(r->slots);
	free(r->tmp);
	free(r->open);
	free(r->kind);
	free(r->kbase);
	free(r->big);
	free(r->khash);
	free(r->kptr);
	free(r->klen);
	free(r->edits);
	pakn_buf_release(&r->keys);
	pakn_buf_release(&r->scratch);
	pakn_buf_release(&r->arena);
	memset(r, 0, sizeof *r);
}

size_t
pakn_record_count(const struct pakn_record *r)
{
	return r->nmembers;
}

const struct pakn_member *
pakn_record_member(const struct pakn_record *r, size_t i)
{
	return i < r->nmembers ? &r->members[i] : NULL;
}

/*
 * After the scan the stack holds the top-level keys, member i at i (the
 * keys of nested objects went when they closed), unless the top level had
 * too many: then they are in the table.
 */
const struct pakn_member *
pakn_record_findn(const struct pakn_record *r, const char *key, size_t n)
{
	const struct pakn_keyslot *e;
	uint64_t h;
	size_t i, mask;

	if (r->obj == NULL || r->nmembers == 0)
		return NULL;
	h = key_hash((cursor)key, n);
	if (!r->big[1]) {
		for (i = 0; i < r->ktop; i++)
			if (r->khash[i] == h && r->klen[i] == n &&
			    memcmp(r->kptr[i], key, n) == 0)
				return &r->members[i];
		return NULL;
	}
	mask = ((size_t)1 << r->slotbits) - 1;
	for (i = slot_index(r, h, r->topserial);; i = (i + 1) & mask) {
		e = &r->slots[i];
		if (e->serial < r->topserial) /* free */
			return NULL;
		if (e->serial == r->topserial && e->hash == h && e->len == n &&
		    memcmp(e->key, key, n) == 0)
			return &r->members[e->member];
	}
}

const struct pakn_member *
pakn_record_find(const struct pakn_record *r, const char *key)
{
	return pakn_record_findn(r, key, strlen(key));
}

int
pakn_record_get_str(const struct pakn_record *r, const char *key,
                    struct pakn_buf *out)
{
	const struct pakn_member *m = pakn_record_find(r, key);

	if (m == NULL || m->type == PAKN_J_NULL) {
		pakn_buf_reset(out);
		return 1;
	}
	if (m->type != PAKN_J_STRING)
		return -1;
	pakn_json_string_decode(m->val, m->vallen, out);
	return 0;
}

/* Converts a validated integer token; -1 if it is a real. */
static int
int_value(const char *raw, size_t len, long long *out)
{
	cursor p = (cursor)raw, end = p + len;
	unsigned long long u = 0;
	int neg = 0;

	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	for (; p < end && is_digit(*p); p++)
		u = u * 10 + (unsigned)(*p - '0');
	if (p != end)
		return -1;
	/* The scanner bounded u by 2^63 (negative) or 2^63 - 1. */
	*out = neg ? (u ? -(long long)(u - 1) - 1 : 0) : (long long)u;
	return 0;
}

int
pakn_record_get_int(const struct pakn_record *r, const char *key,
                    long long *out)
{
	const struct pakn_member *m = pakn_record_find(r, key);

	if (m == NULL || m->type == PAKN_J_NULL)
		return 1;
	if (m->type != PAKN_J_NUMBER)
		return -1;
	return int_value(m->val, m->vallen, out);
}

/*** Walking validated JSON (nested values) ***/

/* Whitespace, and the one NUL the scanner lets through after a scalar. */
static cursor
skip_ws_v(cursor p, cursor end)
{
	while (p < end && (is_ws[*p] || *p == '\0'))
		p++;
	return p;
}

/* p at the opening quote of a validated string; the byte after it. */
static cursor
skip_string_v(cursor p, cursor end)
{
	for (p++; p < end; p++) {
		if (*p == '\\')
			p++;
		else if (*p == '"')
			return p + 1;
	}
	return end;
}

/* p at a validated value; the byte after it. */
static cursor
skip_value_v(cursor p, cursor end)
{
	size_t depth = 0;

	if (p == end)
		return p;
	if (*p == '"')
		return skip_string_v(p, end);
	if (*p != '{' && *p != '[') {
		while (p < end && *p != ',' && *p != '}' && *p != ']' &&
		       !is_ws[*p] && *p != '\0')
			p++;
		return p;
	}
	while (p < end) {
		switch (*p) {
		case '"': p = skip_string_v(p, end); continue;
		case '{':
		case '[': depth++; break;
		case '}':
		case ']':
			if (--depth == 0)
				return p + 1;
			break;
		}
		p++;
	}
	return p;
}

static enum pakn_jtype
type_of(unsigned c)
{
	switch (c) {
	case '"': return PAKN_J_STRING;
	case '{': return PAKN_J_OBJECT;
	case '[': return PAKN_J_ARRAY;
	case 't': return PAKN_J_TRUE;
	case 'f': return PAKN_J_FALSE;
	case 'n': return PAKN_J_NULL;
	default: return PAKN_J_NUMBER;
	}
}

/* Whether the raw inside of a validated string decodes to key[0..n). */
static int
key_equals(cursor raw, size_t rawlen, cursor key, size_t n)
{
	cursor p = raw, end = raw + rawlen, k = key, kend = key + n;
	unsigned char tmp[4];
	size_t len;

	if (memchr(raw, '\\', rawlen) == NULL)
		return rawlen == n && memcmp(raw, key, n) == 0;
	while (p < end) {
		if (*p != '\\') {
			if (k == kend || *k != *p)
				return 0;
			p++;
			k++;
			continue;
		}
		len = decode_escape(&p, tmp);
		if ((size_t)(kend - k) < len || memcmp(k, tmp, len) != 0)
			return 0;
		k += len;
	}
	return k == kend;
}

int
pakn_json_object_getv(const char *obj, size_t len, const char *const *keys,
                      size_t nkeys, struct pakn_json_val *vals)
{
	cursor p = (cursor)obj, end = p + len, k, v;
	size_t i, kl, left = nkeys;

	for (i = 0; i < nkeys; i++)
		vals[i].val = NULL;
	p = skip_ws_v(p, end);
	if (p == end || *p != '{')
		return -1;
	p = skip_ws_v(p + 1, end);
	while (p < end && *p == '"' && left > 0) {
		k = p;
		p = skip_string_v(p, end);
		kl = (size_t)(p - k) - 2;
		p = skip_ws_v(p, end);
		if (p == end || *p != ':')
			return -1;
		v = p = skip_ws_v(p + 1, end);
		p = skip_value_v(p, end);
		for (i = 0; i < nkeys && p > v; i++)
			if (vals[i].val == NULL &&
			    key_equals(k + 1, kl, (cursor)keys[i],
			               strlen(keys[i]))) {
				vals[i].val = (const char *)v;
				vals[i].len = (size_t)(p - v);
				vals[i].type = type_of(*v);
				left--;
				break;
			}
		p = skip_ws_v(p, end);
		if (p == end || *p != ',')
			break;
		p = skip_ws_v(p + 1, end);
	}
	return 0;
}

int
pakn_json_object_get(const char *obj, size_t len, const char *key,
                     const char **val, size_t *vallen, enum pakn_jtype *type)
{
	struct pakn_json_val x;

	if (pakn_json_object_getv(obj, len, &key, 1, &x) != 0 || x.val == NULL)
		return -1;
	*val = x.val;
	*vallen = x.len;
	*type = x.type;
	return 0;
}

/*** Conversion to jansson (not a hot path) ***/

/* Builds the validated value at *pp, advancing it; NULL on out of memory.
 * tmp is scratch space. */
static json_t *
build(cursor *pp, cursor end, struct pakn_buf *tmp)
{
	cursor p = skip_ws_v(*pp, end), q, k;
	json_t *v, *item;
	const char *point;
	char *dot;
	long long ll;

	switch (*p) {
	case '{':
		v = json_object();
		p = skip_ws_v(p + 1, end);
		while (v && *p == '"') {
			k = p;
			p = skip_string_v(p, end);
			q = p;
			p = skip_ws_v(p, end) + 1; /* the ':' */
			item = build(&p, end, tmp);
			pakn_json_string_decode((const char *)k,
			                        (size_t)(q - k), tmp);
			if (item == NULL ||
			    json_object_setn_new_nocheck(v, tmp->data, tmp->len,
			                                 item) != 0) {
				json_decref(v);
				v = NULL;
				break;
			}
			p = skip_ws_v(p, end);
			if (*p == ',')
				p = skip_ws_v(p + 1, end);
		}
		p++; /* the '}' */
		break;
	case '[':
		v = json_array();
		p = skip_ws_v(p + 1, end);
		while (v && *p != ']') {
			item = build(&p, end, tmp);
			if (item == NULL ||
			    json_array_append_new(v, item) != 0) {
				json_decref(v);
				v = NULL;
				break;
			}
			p = skip_ws_v(p, end);
			if (*p == ',')
				p = skip_ws_v(p + 1, end);
		}
		p++; /* the ']' */
		break;
	case '"':
		q = skip_string_v(p, end);
		pakn_json_string_decode((const char *)p, (size_t)(q - p), tmp);
		v = json_stringn_nocheck(tmp->data, tmp->len);
		p = q;
		break;
	case 't':
		v = json_true();
		p += 4;
		break;
	case 'f':
		v = json_false();
		p += 5;
		break;
	case 'n':
		v = json_null();
		p += 4;
		break;
	default:
		q = skip_value_v(p, end);
		if (int_value((const char *)p, (size_t)(q - p), &ll) == 0) {
			v = json_integer(ll);
		} else {
			pakn_buf_reset(tmp);
			pakn_buf_add(tmp, p, (size_t)(q - p));
			point = localeconv()->decimal_point;
			if (point && point[0] && point[0] != '.' &&
			    (dot = strchr(tmp->data, '.')) != NULL)
				*dot = point[0];
			v = json_real(strtod(tmp->data, NULL));
		}
		p = q;
		break;
	}
	*pp = p;
	return v;
}

json_t *
pakn_json_value_to_json(const char *raw, size_t len)
{
	struct pakn_buf tmp = PAKN_BUF_INIT;
	cursor p = (cursor)raw;
	json_t *v;

	if (len == 0)
		return NULL;
	v = build(&p, p + len, &tmp);
	pakn_buf_release(&tmp);
	return v;
}

json_t *
pakn_record_to_json(const struct pakn_record *r)
{
	if (r->obj == NULL)
		return NULL;
	return pakn_json_value_to_json(r->obj, r->objlen);
}

/*** Edits and the writer ***/

/*
 * The edit for key (n bytes), or NULL.  With create, makes one when there
 * is none: bound to the member if the line has the key, else appended.
 */
static struct pakn_edit *edit_at(struct pakn_record *r,
                                 const struct pakn_member *m, const char *key,
                                 size_t n, int create);

static struct pakn_edit *
edit_for(struct pakn_record *r, const char *key, size_t n, int create)
{
	return edit_at(r, pakn_record_findn(r, key, n), key, n, create);
}

/* The same for a caller that knows the member (NULL: the line lacks the
 * key): no lookup. */
static struct pakn_edit *
edit_at(struct pakn_record *r, const struct pakn_member *m, const char *key,
        size_t n, int create)
{
	struct pakn_edit *e;
	size_t i, cap;

	if (m != NULL) {
		i = (size_t)(m - r->members);
		if (r->edit_of[i] != NOEDIT)
			return &r->edits[r->edit_of[i]];
	} else {
		for (i = 0; i < r->nedits; i++) {
			e = &r->edits[i];
			if (e->member == NOEDIT && e->keylen == n &&
			    memcmp(r->arena.data + e->keyoff, key, n) == 0)
				return e;
		}
	}
	if (!create)
		return NULL;
	if (r->nedits == r->capedits) {
		cap = r->capedits ? r->capedits * 2 : 16;
		r->edits = pakn_xrealloc(r->edits, cap * sizeof *r->edits);
		r->capedits = cap;
	}
	e = &r->edits[r->nedits];
	memset(e, 0, sizeof *e);
	if (m != NULL) {
		e->member = (size_t)(m - r->members);
		r->edit_of[e->member] = r->nedits;
	} else {
		e->member = NOEDIT;
		e->keyoff = r->arena.len;
		e->keylen = n;
		pakn_buf_add(&r->arena, key, n);
	}
	r->nedits++;
	return e;
}

void
pakn_record_set(struct pakn_record *r, const char *key, const char *json,
                size_t n)
{
	struct pakn_edit *e = edit_for(r, key, strlen(key), 1);

	e->del = 0;
	e->valoff = r->arena.len;
	e->vallen = n;
	pakn_buf_add(&r->arena, json, n);
}

void
pakn_record_set_str(struct pakn_record *r, const char *key, const char *s,
                    size_t n)
{
	struct pakn_edit *e = edit_for(r, key, strlen(key), 1);

	e->del = 0;
	e->valoff = r->arena.len;
	pakn_buf_add_json_string(&r->arena, s, n);
	e->vallen = r->arena.len - e->valoff;
}

void
pakn_record_set_at(struct pakn_record *r, const struct pakn_member *m,
                   const char *key, const char *json, size_t n)
{
	struct pakn_edit *e = edit_at(r, m, key, strlen(key), 1);

	e->del = 0;
	e->valoff = r->arena.len;
	e->vallen = n;
	pakn_buf_add(&r->arena, json, n);
}

void
pakn_record_set_int(struct pakn_record *r, const char *key, long long v)
{
	pakn_record_set_int_at(r, pakn_record_find(r, key), key, v);
}

void
pakn_record_set_int_at(struct pakn_record *r, const struct pakn_member *m,
                       const char *key, long long v)
{
	char num[24], *p = num + sizeof num;
	unsigned long long u =
	    v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (v < 0)
		*--p = '-';
	pakn_record_set_at(r, m, key, p, (size_t)(num + sizeof num - p));
}

void
pakn_record_set_json(struct pakn_record *r, const char *key, const json_t *v)
{
	const size_t flags = JSON_COMPACT | JSON_ENCODE_ANY;
	struct pakn_edit *e = edit_for(r, key, strlen(key), 1);
	size_t n = json_dumpb(v, NULL, 0, flags);

	e->del = 0;
	e->valoff = r->arena.len;
	if (n == 0) { /* jansson failed: keep the record valid */
		pakn_buf_add(&r->arena, "null", 4);
	} else {
		pakn_buf_grow(&r->arena, n);
		json_dumpb(v, r->arena.data + r->arena.len, n, flags);
		r->arena.len += n;
		r->arena.data[r->arena.len] = '\0';
	}
	e->vallen = r->arena.len - e->valoff;
}

void
pakn_record_del(struct pakn_record *r, const char *key)
{
	size_t n = strlen(key);
	struct pakn_edit *e;

	if (pakn_record_findn(r, key, n) != NULL)
		e = edit_for(r, key, n, 1);
	else
		e = edit_for(r, key, n, 0);
	if (e != NULL)
		e->del = 1;
}

int
pakn_record_edited(const struct pakn_record *r)
{
	return r->nedits > 0;
}

/* Original bytes are gathered into one run and copied when it breaks. */
struct run {
	const char *start, *end;
};

static inline void
run_add(struct run *run, struct pakn_buf *out, const char *a, const char *b)
{
	if (run->end == a) {
		run->end = b;
		return;
	}
	if (run->start != run->end)
		pakn_buf_add(out, run->start, (size_t)(run->end - run->start));
	run->start = a;
	run->end = b;
}

static inline void
run_flush(struct run *run, struct pakn_buf *out)
{
	if (run->start != run->end)
		pakn_buf_add(out, run->start, (size_t)(run->end - run->start));
	run->start = run->end = NULL;
}

void
pakn_record_write(const struct pakn_record *r, struct pakn_buf *out)
{
	const struct pakn_member *m;
	const struct pakn_edit *e;
	const char *prev; /* end of the last member written as it
	                     came, if the next may follow it as it came */
	struct run run = {NULL, NULL};
	int first = 1, appended = 0;
	size_t i;

	if (r->obj == NULL)
		return;
	if (r->nedits == 0) {
		pakn_buf_add(out, r->obj, r->objlen);
		return;
	}
	pakn_buf_grow(out, r->objlen + r->arena.len + 8 * r->nedits);
	/* Only new keys, and the '}' right after the last value: the line
	 * as it came up to its '}', then the keys (what the loop below
	 * writes too, without walking the members). */
	for (i = 0; i < r->nedits; i++)
		if (r->edits[i].member != NOEDIT || r->edits[i].del)
			break;
	if (i == r->nedits && r->nmembers > 0 &&
	    r->members[r->nmembers - 1].val +
	            r->members[r->nmembers - 1].vallen ==
	        r->obj + r->objlen - 1) {
		pakn_buf_add(out, r->obj, r->objlen - 1);
		for (i = 0; i < r->nedits; i++) {
			e = &r->edits[i];
			pakn_buf_addc(out, ',');
			pakn_buf_add_json_string(out, r->arena.data + e->keyoff,
			                         e->keylen);
			pakn_buf_addc(out, ':');
			pakn_buf_add(out, r->arena.data + e->valoff, e->vallen);
		}
		pakn_buf_addc(out, '}');
		return;
	}
	run_add(&run, out, r->obj, r->obj + 1);
	prev = r->obj + 1;
	for (i = 0; i < r->nmembers; i++) {
		m = &r->members[i];
		e = r->edit_of[i] == NOEDIT ? NULL : &r->edits[r->edit_of[i]];
		if (e != NULL && e->del) {
			prev = NULL;
			continue;
		}
		if (prev != NULL) {
			run_add(&run, out, prev, m->key - 1);
		} else if (!first) {
			run_flush(&run, out);
			pakn_buf_addc(out, ',');
		}
		if (e != NULL) {
			run_add(&run, out, m->key - 1, m->val);
			run_flush(&run, out);
			pakn_buf_add(out, r->arena.data + e->valoff, e->vallen);
		} else {
			run_add(&run, out, m->key - 1, m->val + m->vallen);
		}
		prev = m->val + m->vallen;
		if (e != NULL && prev < r->obj + r->objlen && *prev == '\0')
			prev++; /* jansson's NUL may follow a number, not all */
		first = 0;
	}
	for (i = 0; i < r->nedits; i++) {
		e = &r->edits[i];
		if (e->member != NOEDIT || e->del)
			continue;
		run_flush(&run, out);
		if (!first)
			pakn_buf_addc(out, ',');
		pakn_buf_add_json_string(out, r->arena.data + e->keyoff,
		                         e->keylen);
		pakn_buf_addc(out, ':');
		pakn_buf_add(out, r->arena.data + e->valoff, e->vallen);
		first = 0;
		appended = 1;
	}
	if (prev != NULL && !appended) {
		run_add(&run, out, prev, r->obj + r->objlen);
	} else {
		run_flush(&run, out);
		pakn_buf_addc(out, '}');
	}
	run_flush(&run, out);
}
