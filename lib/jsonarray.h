/*
 * jsonarray.h: the elements of a JSON array, read as a stream, without
 * parsing it.  A light walk tracks strings, escapes, nesting and line
 * numbers, so each element can be parsed alone: one bad element is
 * rejected with its line and the others are kept.  Every element counts:
 * an object is a row; anything else (a string, a number, null, an array,
 * text that is not JSON) is an element that is not an object, for the
 * caller to reject.  A closing bracket that does not match the one open
 * ends its element there (not JSON), so one bad element cannot swallow
 * the others.  Memory is bounded by the cap: an element longer than
 * it is walked to its end but only its first bytes are kept.  Commas are
 * not checked (a missing or doubled one is no loss), and arrays one after
 * another are read as one.
 */
#ifndef PAKN_JSONARRAY_H
#define PAKN_JSONARRAY_H

#include <stddef.h>

#include "buf.h"
#include "io.h"
#include "pakn.h"

/* The most bytes of an element over the cap or not JSON kept for a
 * reject. */
#define PAKN_JSONARRAY_KEEP 200

enum pakn_jsonarray_kind {
	PAKN_JA_OBJECT = 1, /* an object: text is all of it */
	PAKN_JA_OTHER,      /* not an object: what says what it is */
	PAKN_JA_TOOBIG,     /* over the cap: text is its first bytes */
	PAKN_JA_CUT,        /* the input ends inside it: text is its start */
	PAKN_JA_NOT_ARRAY,  /* the input is not an array: text is its start */
	PAKN_JA_TRAILING    /* text after the array's end: its start */
};

struct pakn_jsonarray_elem {
	enum pakn_jsonarray_kind kind;
	const char *text; /* borrowed, valid until the next read */
	size_t len;
	size_t size;      /* the element's whole size in bytes */
	long line;        /* the line it starts on, from 1 */
	const char *what; /* PAKN_JA_OTHER: "a JSON string", ... */
};

/* The rest is private to jsonarray.c. */
struct pakn_jsonarray {
	struct pakn_in *in; /* or NULL: the text given */
	const char *p, *pe; /* the bytes not walked yet */
	const char *text;   /* the text given, until taken */
	size_t textlen;
	size_t cap;
	long line;
	int state, eof;
	struct pakn_buf elem;
	struct pakn_buf open; /* the brackets open in the element */
};

/* A walk over what in (borrowed) reads, with elements of at most cap
 * bytes. */
void pakn_jsonarray_init(struct pakn_jsonarray *a, struct pakn_in *in,
                         size_t cap);
/* A walk over text[0..n) (borrowed). */
void pakn_jsonarray_init_text(struct pakn_jsonarray *a, const char *text,
                              size_t n, size_t cap);
void pakn_jsonarray_release(struct pakn_jsonarray *a);

/*
 * The next element: 1 with *e filled; 0 at the end of the array (its ']'
 * or, unmatched, a '}') or of the input; -1 on a read error (err filled).
 * After PAKN_JA_NOT_ARRAY, PAKN_JA_CUT or PAKN_JA_TRAILING, the walk is
 * over (the rest of the input is read and dropped).
 */
int pakn_jsonarray_read(struct pakn_jsonarray *a, struct pakn_jsonarray_elem *e,
                        struct pakn_error *err);

#endif
