/*
 * jsonarray.c: splitting a JSON array into its elements (see jsonarray.h).
 */
#include "jsonarray.h"

#include <string.h>

enum { BEFORE, IN, AFTER, OVER };

void
pakn_jsonarray_init(struct pakn_jsonarray *a, struct pakn_in *in, size_t cap)
{
	memset(a, 0, sizeof *a);
	a->in = in;
	a->cap = cap;
	a->line = 1;
	a->state = BEFORE;
}

void
pakn_jsonarray_init_text(struct pakn_jsonarray *a, const char *text, size_t n,
                         size_t cap)
{
	pakn_jsonarray_init(a, NULL, cap);
	a->text = text ? text : "";
	a->textlen = text ? n : 0;
}

void
pakn_jsonarray_release(struct pakn_jsonarray *a)
{
	pakn_buf_release(&a->elem);
	pakn_buf_release(&a->open);
}

/* More bytes to walk: 1, 0 at the end of the input, -1 on an error.
 * Lines longer than the reader's cap come in pieces (none skipped). */
static int
more(struct pakn_jsonarray *a, struct pakn_error *err)
{
	const char *p;
	size_t n;
	int toolong, r;

	if (a->eof)
		return 0;
	if (a->in == NULL) {
		a->eof = 1;
		if (a->textlen == 0)
			return 0;
		a->p = a->text;
		a->pe = a->text + a->textlen;
		return 1;
	}
	r = pakn_in_getline(a->in, &p, &n, &toolong, err);
	if (r <= 0) {
		a->eof = r == 0;
		return r;
	}
	/* The rest of a cut line is the next piece: do not skip it. */
	if (toolong)
		a->in->skipping = 0;
	a->p = p;
	a->pe = p + n;
	return 1;
}

/* The next byte (advancing), or -1 at the end, -2 on an error. */
static int
get(struct pakn_jsonarray *a, struct pakn_error *err)
{
	int r;

	while (a->p == a->pe) {
		r = more(a, err);
		if (r <= 0)
			return r == 0 ? -1 : -2;
	}
	if (*a->p == '\n')
		a->line++;
	return (unsigned char)*a->p++;
}

/* The next byte, not taken. */
static int
peek(struct pakn_jsonarray *a, struct pakn_error *err)
{
	int r;

	while (a->p == a->pe) {
		r = more(a, err);
		if (r <= 0)
			return r == 0 ? -1 : -2;
	}
	return (unsigned char)*a->p;
}

static int
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Keeps byte c of the element, up to the cap. */
static void
keep(struct pakn_jsonarray *a, int c, size_t *size, size_t cap)
{
	if (*size < cap)
		pakn_buf_addc(&a->elem, (char)c);
	(*size)++;
}

/* The rest of the input after the walk: read and dropped, but its first
 * bytes kept in a->elem.  Returns 0 or -1. */
static int
drain(struct pakn_jsonarray *a, int c, size_t *size, struct pakn_error *err)
{
	for (; c >= 0; c = get(a, err))
		keep(a, c, size, PAKN_JSONARRAY_KEEP);
	a->state = OVER;
	return c == -2 ? -1 : 0;
}

static const char *
what_of(const char *s, size_t n, int c)
{
	if (c == '[')
		return "a JSON array";
	if (c == '"')
		return "a JSON string";
	if (c == '-' || (c >= '0' && c <= '9'))
		return "a JSON number";
	if ((n == 4 && memcmp(s, "true", 4) == 0) ||
	    (n == 5 && memcmp(s, "false", 5) == 0))
		return "a JSON boolean";
	if (n == 4 && memcmp(s, "null", 4) == 0)
		return "null";
	return "not JSON";
}

/* Walks one element whose first byte c was taken. */
static int
element(struct pakn_jsonarray *a, int c, struct pakn_jsonarray_elem *e,
        struct pakn_error *err)
{
	size_t size = 0;
	int first = c, depth = 0, instr = 0, esc = 0, n, mismatch = 0;

	keep(a, c, &size, a->cap);
	pakn_buf_reset(&a->open);
	if (c == '{' || c == '[') {
		depth = 1;
		pakn_buf_addc(&a->open, (char)c);
	} else if (c == '"')
		instr = 1;
	while (depth > 0 || instr ||
	       (first != '{' && first != '[' && first != '"')) {
		if (!instr && depth == 0) {
			/* A bare token ends before white space or a
			 * separator. */
			n = peek(a, err);
			if (n < 0 || is_ws(n) || n == ',' || n == ']' ||
			    n == '}' || n == '{' || n == '[' || n == '"')
				break;
		}
		c = get(a, err);
		if (c == -2)
			return -1;
		if (c < 0) {
			e->kind = PAKN_JA_CUT;
			a->state = OVER;
			goto done;
		}
		keep(a, c, &size, a->cap);
		if (instr) {
			if (esc)
				esc = 0;
			else if (c == '\\')
				esc = 1;
			else if (c == '"')
				instr = 0;
			if (!instr && depth == 0)
				break;
		} else if (c == '"') {
			instr = 1;
		} else if (c == '{' || c == '[') {
			depth++;
			pakn_buf_addc(&a->open, (char)c);
		} else if (c == '}' || c == ']') {
			if (a->open.data[--a->open.len] !=
			    (c == '}' ? '{' : '[')) {
				/* Brackets that do not match: the element
				 * ends here. */
				mismatch = 1;
				break;
			}
			depth--;
		}
	}
	if (size > a->cap)
		e->kind = PAKN_JA_TOOBIG;
	else if (first == '{' && !mismatch)
		e->kind = PAKN_JA_OBJECT;
	else
		e->kind = PAKN_JA_OTHER;
done:
	e->what = mismatch ? "not JSON (brackets that do not match)"
	                   : what_of(a->elem.data, a->elem.len, first);
	e->size = size;
	if (e->kind != PAKN_JA_OBJECT && a->elem.len > PAKN_JSONARRAY_KEEP)
		a->elem.len = PAKN_JSONARRAY_KEEP;
	return 1;
}

int
pakn_jsonarray_read(struct pakn_jsonarray *a, struct pakn_jsonarray_elem *e,
                    struct pakn_error *err)
{
	size_t size = 0;
	int c, r;

	memset(e, 0, sizeof *e);
	pakn_buf_reset(&a->elem);
	for (;;) {
		if (a->state == OVER)
			return 0;
		c = get(a, err);
		if (c == -2)
			return -1;
		if (c >= 0 && (is_ws(c) || (a->state == IN && c == ',')))
			continue;
		e->line = a->line;
		if ((a->state == BEFORE || a->state == AFTER) && c == '[') {
			/* (arrays one after another are read as one) */
			a->state = IN;
			continue;
		}
		if (c < 0 && a->state != BEFORE) {
			a->state = OVER;
			return 0;
		}
		if (a->state == IN && (c == ']' || c == '}')) {
			a->state = AFTER;
			continue;
		}
		if (a->state == IN) {
			r = element(a, c, e, err);
			break;
		}
		/* Not an array, or text after its end. */
		e->kind =
		    a->state == BEFORE ? PAKN_JA_NOT_ARRAY : PAKN_JA_TRAILING;
		r = drain(a, c, &size, err) < 0 ? -1 : 1;
		e->size = size;
		break;
	}
	e->text = a->elem.data ? a->elem.data : "";
	e->len = a->elem.len;
	return r;
}
