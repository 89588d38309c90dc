/*
 * jsonarray.h: the elements of a JSON array, found without parsing it.
 * A light walk tracks strings, escapes, nesting and line numbers, so each
 * element can be parsed alone: one bad element is rejected with its line
 * and the others are kept.  Only objects and arrays are elements here;
 * scalars between them are skipped.
 */
#ifndef PAKN_JSONARRAY_H
#define PAKN_JSONARRAY_H

#include <stddef.h>

struct pakn_jsonarray {
	const char *s, *end; /* where the walk is; the end of the text */
	long line;           /* the line of s, from 1 */
};

/*
 * Starts a walk over text[0..n) (borrowed).  Returns 0 if the text, after
 * white space, opens an array; else -1, with a->s at the first byte after
 * the white space (a->end if none) and a->line its line.
 */
int pakn_jsonarray_begin(struct pakn_jsonarray *a, const char *text, size_t n);

/*
 * The next element: 1 with elem[0..*len) the element's text (from its '{'
 * or '[' to the matching bracket) and *line the line it starts on; 0 at
 * the end of the array (its ']' or, unmatched, a '}'; text after it is
 * not looked at) or of the text; -1 when the text ends inside an element,
 * with elem[0..*len) the rest of the text from its start and *line its
 * line.
 */
int pakn_jsonarray_next(struct pakn_jsonarray *a, const char **elem,
                        size_t *len, long *line);

#endif
