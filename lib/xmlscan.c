/*
 * xmlscan.c: the worksheets' streaming XML reader (see xmlscan.h).
 *
 * The bytes given are appended to one buffer; a token (a tag, a run of
 * text up to the next '<', a comment...) is read only when it is whole
 * in it, else the parse waits for more, and the bytes before the token
 * are dropped at the next call.  Until the root element starts nothing
 * is dropped, so that a document type declaration can hand everything
 * to another parser.
 */
#include "xmlscan.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pakn.h"

struct pakn_xmlscan {
	void *u;
	pakn_xml_start_fn start;
	pakn_xml_end_fn end;
	pakn_xml_text_fn text;
	struct pakn_buf in; /* the bytes given, from the first not dropped */
	size_t pos;
	unsigned long lines; /* newlines in the bytes dropped */
	int final, stopped, suspended, failed, rooted, closed;
	/* the open elements: their names, NUL-terminated, at stk[i] */
	struct pakn_buf names;
	size_t *stk, depth, scap;
	/* decoded text and attribute values */
	struct pakn_buf tmp;
	size_t *aoff, acap;
	const char **av;
	size_t avcap;
	size_t errpos;
	char msg[120];
};

/* Bytes that end a name: XML white space, '/', '>', '=', and what may
 * not be in one ('<', '&', quotes, NUL). */
static const unsigned char name_end[256] = {
    [0] = 1,   [' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\n'] = 1, ['/'] = 1,
    ['>'] = 1, ['='] = 1, ['<'] = 1,  ['&'] = 1,  ['"'] = 1,  ['\''] = 1};
/* Bytes decode() looks at: NUL, tab, LF, CR, '&' and '<'. */
static const unsigned char special[256] = {
    [0] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['&'] = 1, ['<'] = 1};

static void *
grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 64;

	if (need <= *cap)
		return p;
	while (c < need)
		c *= 2;
	*cap = c;
	return pakn_xrealloc(p, c * size);
}

struct pakn_xmlscan *
pakn_xmlscan_new(void *u, pakn_xml_start_fn start, pakn_xml_end_fn end,
                 pakn_xml_text_fn text)
{
	struct pakn_xmlscan *s = pakn_xcalloc(1, sizeof *s);

	s->u = u;
	s->start = start;
	s->end = end;
	s->text = text;
	return s;
}

void
pakn_xmlscan_free(struct pakn_xmlscan *s)
{
	if (s == NULL)
		return;
	pakn_buf_release(&s->in);
	pakn_buf_release(&s->names);
	free(s->stk);
	pakn_buf_release(&s->tmp);
	free(s->aoff);
	free(s->av);
	free(s);
}

void
pakn_xmlscan_stop(struct pakn_xmlscan *s)
{
	s->stopped = 1;
}

const char *
pakn_xmlscan_error(const struct pakn_xmlscan *s)
{
	return s->msg;
}

static unsigned long
count_lines(const char *p, size_t n)
{
	unsigned long k = 0;
	const char *e = p + n, *q;

	while ((q = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		k++;
		p = q + 1;
	}
	return k;
}

unsigned long
pakn_xmlscan_line(const struct pakn_xmlscan *s)
{
	size_t at = s->errpos < s->in.len ? s->errpos : s->in.len;

	return s->lines + count_lines(s->in.data, at) + 1;
}

const char *
pakn_xmlscan_pending(const struct pakn_xmlscan *s, size_t *n)
{
	*n = s->in.len;
	return s->in.data ? s->in.data : "";
}

/* Fails at p (in the buffer) with message m: -1. */
static int
fail(struct pakn_xmlscan *s, const char *p, const char *m)
{
	s->errpos = (size_t)(p - s->in.data);
	snprintf(s->msg, sizeof s->msg, "%s", m);
	s->failed = 1;
	return -1;
}

static int
is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The character reference or entity r[0..n) (between '&' and ';') as
 * UTF-8 into out; its length, or 0 if it is none. */
static size_t
reference(const char *r, size_t n, char out[4])
{
	unsigned long v = 0;
	size_t i;

	if (n == 2 && r[0] == 'l' && r[1] == 't')
		return out[0] = '<', 1;
	if (n == 2 && r[0] == 'g' && r[1] == 't')
		return out[0] = '>', 1;
	if (n == 3 && memcmp(r, "amp", 3) == 0)
		return out[0] = '&', 1;
	if (n == 4 && memcmp(r, "quot", 4) == 0)
		return out[0] = '"', 1;
	if (n == 4 && memcmp(r, "apos", 4) == 0)
		return out[0] = '\'', 1;
	if (n < 2 || r[0] != '#')
		return 0;
	if (r[1] == 'x') {
		if (n < 3)
			return 0;
		for (i = 2; i < n; i++) {
			int c = (unsigned char)r[i], d;

			if (c >= '0' && c <= '9')
				d = c - '0';
			else if (c >= 'a' && c <= 'f')
				d = c - 'a' + 10;
			else if (c >= 'A' && c <= 'F')
				d = c - 'A' + 10;
			else
				return 0;
			v = v * 16 + (unsigned long)d;
			if (v > 0x10FFFF)
				return 0;
		}
	} else {
		for (i = 1; i < n; i++) {
			if (r[i] < '0' || r[i] > '9')
				return 0;
			v = v * 10 + (unsigned long)(r[i] - '0');
			if (v > 0x10FFFF)
				return 0;
		}
	}
	/* an XML character: tab, LF, CR, U+0020-D7FF, E000-FFFD,
	 * 10000-10FFFF */
	if (!(v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) ||
	      (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000))
		return 0;
	if (v < 0x80) {
		out[0] = (char)v;
		return 1;
	}
	if (v < 0x800) {
		out[0] = (char)(0xC0 | (v >> 6));
		out[1] = (char)(0x80 | (v & 0x3F));
		return 2;
	}
	if (v < 0x10000) {
		out[0] = (char)(0xE0 | (v >> 12));
		out[1] = (char)(0x80 | ((v >> 6) & 0x3F));
		out[2] = (char)(0x80 | (v & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (v >> 18));
	out[1] = (char)(0x80 | ((v >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((v >> 6) & 0x3F));
	out[3] = (char)(0x80 | (v & 0x3F));
	return 4;
}

enum { D_TEXT, D_CDATA, D_ATTR };

/* Decodes p[0..n) as mode says, appended to tmp (not NUL-terminated):
 * 0, or -1 failed. */
static int
decode(struct pakn_xmlscan *s, const char *p, size_t n, int mode)
{
	const char *e = p + n, *run = p, *q;
	char ch[4];
	size_t k;

	for (q = p; q < e; q++) {
		unsigned char c = (unsigned char)*q;

		if (!special[c])
			continue;
		if (c == '\0')
			return fail(s, q, "a NUL byte");
		if (c == '<') {
			if (mode != D_ATTR)
				continue;
			return fail(s, q, "'<' in an attribute value");
		}
		if ((c == '\t' || c == '\n') && mode != D_ATTR)
			continue;
		if (c == '&' && mode == D_CDATA)
			continue;
		pakn_buf_add(&s->tmp, run, (size_t)(q - run));
		if (c == '\r') {
			pakn_buf_add(&s->tmp, mode == D_ATTR ? " " : "\n", 1);
			if (q + 1 < e && q[1] == '\n')
				q++;
		} else if (c == '\t' || c == '\n') {
			pakn_buf_add(&s->tmp, " ", 1);
		} else {
			const char *semi =
			    memchr(q + 1, ';', (size_t)(e - q - 1));

			if (semi == NULL)
				return fail(s, q, "'&' with no ';' after it");
			k = reference(q + 1, (size_t)(semi - q - 1), ch);
			if (k == 0)
				return fail(
				    s, q,
				    "an undefined entity or a reference "
				    "to no XML character");
			pakn_buf_add(&s->tmp, ch, k);
			q = semi;
		}
		run = q + 1;
	}
	pakn_buf_add(&s->tmp, run, (size_t)(e - run));
	return 0;
}

/* Text p[0..n) inside the root (or outside it: white space only). */
static int
text(struct pakn_xmlscan *s, const char *p, size_t n, int mode)
{
	const char *q, *e = p + n;

	if (s->depth == 0) {
		for (q = p; q < e; q++)
			if (!is_ws((unsigned char)*q))
				return fail(s, q,
				            "text outside the root element");
		return 0;
	}
	if (n == 0)
		return 0;
	for (q = p; q < e; q++) {
		unsigned char c = (unsigned char)*q;

		if (c <= '&' &&
		    (c == '\r' || c == '\0' || (c == '&' && mode == D_TEXT)))
			break;
	}
	if (q < e) { /* else nothing to decode: the bytes as they are */
		s->tmp.len = 0;
		if (decode(s, p, n, mode) < 0)
			return -1;
		p = s->tmp.data;
		n = s->tmp.len;
	}
	while (n > 0) {
		size_t k = n > (size_t)INT_MAX ? (size_t)INT_MAX : n;

		s->text(s->u, p, (int)k);
		p += k;
		n -= k;
	}
	return 0;
}

/* 0: the token is not whole yet (an error when the bytes are the last). */
static int
need(struct pakn_xmlscan *s, const char *at)
{
	if (s->final)
		return fail(s, at, "unclosed token at the end");
	return 0;
}

/* Whether the bytes b[0..n) are a start of the prefix w (more needed). */
static int
prefix_of(const char *b, size_t n, const char *w)
{
	size_t k = strlen(w);

	return n < k && memcmp(b, w, n) == 0;
}

static const char *
skip_ws(const char *q, const char *e)
{
	while (q < e && is_ws((unsigned char)*q))
		q++;
	return q;
}

static const char *
name_span(const char *q, const char *e)
{
	while (q < e && !name_end[(unsigned char)*q])
		q++;
	return q;
}

static int
start_tag(struct pakn_xmlscan *s, const char *b, const char *e)
{
	const char *q = b + 1, *nm = q, *an, *ae, *close;
	size_t nl, na = 0, i, depth;
	int empty = 0, ws;

	q = name_span(q, e);
	if (q == e)
		return need(s, b);
	if (q == nm)
		return fail(s, b, "not well-formed (a tag with no name)");
	nl = (size_t)(q - nm);
	if (s->closed)
		return fail(s, b, "junk after the document element");
	s->tmp.len = 0;
	for (;;) {
		const char *w = q;

		q = skip_ws(q, e);
		ws = q > w;
		if (q == e)
			return need(s, b);
		if (*q == '>') {
			q++;
			break;
		}
		if (*q == '/') {
			if (q + 1 == e)
				return need(s, b);
			if (q[1] != '>')
				return fail(s, q,
				            "not well-formed ('/' in a tag)");
			q += 2;
			empty = 1;
			break;
		}
		if (!ws)
			return fail(s, q,
			            "not well-formed (no space before an "
			            "attribute)");
		an = q;
		q = name_span(q, e);
		ae = q;
		if (q == e)
			return need(s, b);
		if (ae == an)
			return fail(s, q, "not well-formed (in a tag)");
		q = skip_ws(q, e);
		if (q == e)
			return need(s, b);
		if (*q != '=')
			return fail(s, q,
			            "not well-formed (an attribute "
			            "with no value)");
		q = skip_ws(q + 1, e);
		if (q == e)
			return need(s, b);
		if (*q != '"' && *q != '\'')
			return fail(s, q,
			            "not well-formed (an attribute "
			            "value not quoted)");
		close = memchr(q + 1, *q, (size_t)(e - q - 1));
		if (close == NULL)
			return need(s, b);
		s->aoff = grow(s->aoff, &s->acap, 2 * na + 2, sizeof *s->aoff);
		s->aoff[2 * na] = s->tmp.len;
		pakn_buf_add(&s->tmp, an, (size_t)(ae - an));
		pakn_buf_add(&s->tmp, "", 1);
		s->aoff[2 * na + 1] = s->tmp.len;
		if (decode(s, q + 1, (size_t)(close - q - 1), D_ATTR) < 0)
			return -1;
		pakn_buf_add(&s->tmp, "", 1);
		na++;
		q = close + 1;
	}
	/* the whole tag is here: open the element */
	depth = s->depth;
	s->stk = grow(s->stk, &s->scap, depth + 1, sizeof *s->stk);
	s->stk[depth] = s->names.len;
	pakn_buf_add(&s->names, nm, nl);
	pakn_buf_addc(&s->names, '\0');
	s->depth++;
	s->rooted = 1;
	s->av = grow(s->av, &s->avcap, 2 * na + 1, sizeof *s->av);
	for (i = 0; i < 2 * na; i++)
		s->av[i] = s->tmp.data + s->aoff[i];
	s->av[2 * na] = NULL;
	s->pos = (size_t)(q - s->in.data);
	s->start(s->u, s->names.data + s->stk[depth], s->av);
	if (empty) {
		s->end(s->u, s->names.data + s->stk[depth]);
		s->names.len = s->stk[depth];
		s->depth--;
		if (s->depth == 0)
			s->closed = 1;
	}
	return 1;
}

static int
end_tag(struct pakn_xmlscan *s, const char *b, const char *e)
{
	const char *q = b + 2, *nm = q, *top;
	size_t nl;

	q = name_span(q, e);
	if (q == e)
		return need(s, b);
	nl = (size_t)(q - nm);
	q = skip_ws(q, e);
	if (q == e)
		return need(s, b);
	if (*q != '>' || nl == 0)
		return fail(s, q, "not well-formed (in an end tag)");
	if (s->depth == 0)
		return fail(s, b, "an end tag with no element open");
	top = s->names.data + s->stk[s->depth - 1];
	if (strlen(top) != nl || memcmp(top, nm, nl) != 0)
		return fail(s, b, "mismatched tag");
	s->pos = (size_t)(q + 1 - s->in.data);
	s->end(s->u, top);
	s->names.len = s->stk[s->depth - 1];
	s->depth--;
	if (s->depth == 0)
		s->closed = 1;
	return 1;
}

/* Skips from b to just after the first w at or after b + from. */
static int
skip_to(struct pakn_xmlscan *s, const char *b, const char *e, size_t from,
        const char *w)
{
	size_t k = strlen(w);
	const char *q = b + from;

	for (;;) {
		q = memchr(q, w[0], (size_t)(e - q));
		if (q == NULL || (size_t)(e - q) < k)
			return need(s, b);
		if (memcmp(q, w, k) == 0)
			break;
		q++;
	}
	s->pos = (size_t)(q + k - s->in.data);
	return 1;
}

/* One token at pos: 1 read, 0 more bytes needed, -1 failed, -2 a
 * document type declaration. */
static int
step(struct pakn_xmlscan *s)
{
	const char *b = s->in.data + s->pos, *e = s->in.data + s->in.len, *lt;
	size_t n = (size_t)(e - b);

	if (s->pos == 0 && s->lines == 0 && !s->rooted) {
		if (prefix_of(b, n, "\xEF\xBB\xBF") && !s->final)
			return 0;
		if (n >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0) {
			s->pos += 3;
			return 1;
		}
	}
	if (*b != '<') {
		lt = memchr(b, '<', n);
		if (lt == NULL) {
			if (!s->final)
				return 0;
			if (s->depth > 0)
				return fail(s, b,
				            "unclosed element at the end");
			lt = e;
		}
		if (text(s, b, (size_t)(lt - b), D_TEXT) < 0)
			return -1;
		s->pos = (size_t)(lt - s->in.data);
		return 1;
	}
	if (n < 2)
		return need(s, b);
	if (b[1] == '/')
		return end_tag(s, b, e);
	if (b[1] == '?')
		return skip_to(s, b, e, 2, "?>");
	if (b[1] != '!')
		return start_tag(s, b, e);
	if (n >= 4 && memcmp(b, "<!--", 4) == 0)
		return skip_to(s, b, e, 4, "-->");
	if (n >= 9 && memcmp(b, "<![CDATA[", 9) == 0) {
		const char *start = b + 9;
		int r;

		if (s->depth == 0)
			return fail(s, b, "a CDATA section outside the root");
		r = skip_to(s, b, e, 9, "]]>");
		if (r <= 0)
			return r;
		if (text(s, start, s->in.data + s->pos - 3 - start, D_CDATA) <
		    0)
			return -1;
		return 1;
	}
	if (n >= 9 && memcmp(b, "<!DOCTYPE", 9) == 0) {
		if (s->rooted)
			return fail(s, b,
			            "a document type declaration in "
			            "the document");
		return -2;
	}
	if (prefix_of(b, n, "<!--") || prefix_of(b, n, "<![CDATA[") ||
	    prefix_of(b, n, "<!DOCTYPE"))
		return need(s, b);
	return fail(s, b, "not well-formed (after '<!')");
}

static int
run(struct pakn_xmlscan *s)
{
	int r;

	while (s->pos < s->in.len) {
		r = step(s);
		if (r < 0)
			return r == -2 ? PAKN_XML_DOCTYPE : PAKN_XML_ERROR;
		if (r == 0)
			return PAKN_XML_OK;
		if (s->stopped) {
			s->stopped = 0;
			s->suspended = 1;
			return PAKN_XML_SUSPENDED;
		}
	}
	if (s->final) {
		if (!s->rooted)
			return fail(s, s->in.data + s->in.len,
			            "no element found"),
			       PAKN_XML_ERROR;
		if (s->depth > 0)
			return fail(s, s->in.data + s->in.len,
			            "unclosed element at the end"),
			       PAKN_XML_ERROR;
	}
	return PAKN_XML_OK;
}

int
pakn_xmlscan_parse(struct pakn_xmlscan *s, const char *p, size_t n, int final)
{
	if (s->failed || s->suspended)
		return PAKN_XML_ERROR;
	if (s->rooted && s->pos > 0) {
		s->lines += count_lines(s->in.data, s->pos);
		memmove(s->in.data, s->in.data + s->pos, s->in.len - s->pos);
		s->in.len -= s->pos;
		s->pos = 0;
	}
	pakn_buf_add(&s->in, p, n); /* NUL-terminated */
	s->final = final;
	return run(s);
}

int
pakn_xmlscan_resume(struct pakn_xmlscan *s)
{
	if (s->failed || !s->suspended)
		return PAKN_XML_ERROR;
	s->suspended = 0;
	return run(s);
}
