/*
 * fuzz_xmlscan.c: the worksheets' XML scanner (lib/xmlscan.c) against
 * expat, on any bytes.  The first byte picks the size of the chunks the
 * scanner is given (1 to 255 bytes, or 0: the whole at once) and how
 * often a handler stops the parse (resumed at once); the rest is the
 * document.  Property: whenever expat reads the document without an
 * error, the scanner does too (unless it met a document type
 * declaration, which it leaves to expat) and reports the same elements,
 * attributes and text, text being compared between tags (either may
 * split it).
 */
#include <expat.h>

#include "buf.h"
#include "fuzz.h"
#include "xmlscan.h"

struct events {
	struct pakn_buf out;  /* the events written so far */
	struct pakn_buf text; /* text since the last tag */
	struct pakn_xmlscan *s;
	unsigned every, n;
};

static void
field(struct pakn_buf *b, const char *s, size_t n)
{
	pakn_buf_add_ulong(b, n);
	pakn_buf_addc(b, ':');
	pakn_buf_add(b, s, n);
}

static void
flush(struct events *ev)
{
	if (ev->text.len == 0)
		return;
	pakn_buf_addc(&ev->out, 'T');
	field(&ev->out, ev->text.data, ev->text.len);
	pakn_buf_reset(&ev->text);
}

static void
maybe_stop(struct events *ev)
{
	if (ev->s && ev->every && ++ev->n % ev->every == 0)
		pakn_xmlscan_stop(ev->s);
}

static void
on_start(void *u, const char *name, const char **a)
{
	struct events *ev = u;

	flush(ev);
	pakn_buf_addc(&ev->out, 'S');
	field(&ev->out, name, strlen(name));
	for (; a[0]; a += 2) {
		pakn_buf_addc(&ev->out, 'A');
		field(&ev->out, a[0], strlen(a[0]));
		field(&ev->out, a[1], strlen(a[1]));
	}
	maybe_stop(ev);
}

static void
on_end(void *u, const char *name)
{
	struct events *ev = u;

	flush(ev);
	pakn_buf_addc(&ev->out, 'E');
	field(&ev->out, name, strlen(name));
	maybe_stop(ev);
}

static void
on_text(void *u, const char *s, int len)
{
	struct events *ev = u;

	FUZZ_ASSERT(len > 0 || ev->s == NULL,
	            "the scanner gives no empty text");
	pakn_buf_add(&ev->text, s, (size_t)len);
}

static void
ev_free(struct events *ev)
{
	pakn_buf_release(&ev->out);
	pakn_buf_release(&ev->text);
}

/* The scanner over d[0..n) in chunks of k bytes (0: all at once). */
static int
scan(struct events *ev, const char *d, size_t n, size_t k)
{
	size_t at = 0, c;
	int r;

	do {
		c = k == 0 || n - at < k ? n - at : k;
		r = pakn_xmlscan_parse(ev->s, d + at, c, at + c == n);
		while (r == PAKN_XML_SUSPENDED)
			r = pakn_xmlscan_resume(ev->s);
		at += c;
	} while (r == PAKN_XML_OK && at < n);
	if (r == PAKN_XML_ERROR)
		FUZZ_ASSERT(pakn_xmlscan_line(ev->s) >= 1 &&
		                pakn_xmlscan_error(ev->s)[0] != '\0',
		            "an error has a message and a line");
	return r;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct events ex = {PAKN_BUF_INIT, PAKN_BUF_INIT, NULL, 0, 0};
	struct events sc = {PAKN_BUF_INIT, PAKN_BUF_INIT, NULL, 0, 0};
	const char *doc = (const char *)data + 1;
	size_t n;
	XML_Parser p;
	int ok, r;

	if (size == 0 || size > (1u << 20))
		return 0;
	n = size - 1;
	p = XML_ParserCreate("UTF-8");
	XML_SetUserData(p, &ex);
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_text);
	ok = XML_Parse(p, doc, (int)n, 1) == XML_STATUS_OK;
	XML_ParserFree(p);
	flush(&ex);

	sc.every = (data[0] >> 5) ? (unsigned)(data[0] >> 5) : 0;
	sc.s = pakn_xmlscan_new(&sc, on_start, on_end, on_text);
	r = scan(&sc, doc, n,
	         data[0] & 0x1F ? (size_t)(data[0] & 0x1F) * 7 - 6 : 0);
	flush(&sc);
	if (ok && r != PAKN_XML_DOCTYPE) {
		if (r != PAKN_XML_OK)
			fprintf(stderr, "scanner: %s at line %lu\n",
			        pakn_xmlscan_error(sc.s),
			        pakn_xmlscan_line(sc.s));
		FUZZ_ASSERT(r == PAKN_XML_OK,
		            "what expat reads, the scanner reads");
		FUZZ_ASSERT(sc.out.len == ex.out.len &&
		                memcmp(sc.out.data, ex.out.data, ex.out.len) ==
		                    0,
		            "the same elements, attributes and text as expat");
	}
	pakn_xmlscan_free(sc.s);
	ev_free(&ex);
	ev_free(&sc);
	return 0;
}
