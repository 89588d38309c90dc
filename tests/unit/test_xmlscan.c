/*
 * test_xmlscan.c: unit tests of lib/xmlscan.c, the worksheets' XML
 * reader: the events of a document given whole and byte by byte (the
 * same), entities and character references, line ends in text and in
 * attribute values, CDATA, comments, processing instructions, a byte
 * order mark, prefixed names, empty elements; a handler stopping the
 * parse and the parse resumed; a document type declaration handed back
 * with every byte; and each error with its line.  What expat makes of
 * the same documents is compared by tests/fuzz/fuzz_xmlscan.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xmlscan.h"

#include "unit.h"

struct ev {
	struct pakn_buf out;
	struct pakn_xmlscan *s;
	int stop_at_end; /* stop after each end tag named this ('r') */
	int calls;
};

static void
on_start(void *u, const char *name, const char **a)
{
	struct ev *e = u;

	e->calls++;
	pakn_buf_addf(&e->out, "<%s", name);
	for (; a[0]; a += 2)
		pakn_buf_addf(&e->out, " %s=[%s]", a[0], a[1]);
	pakn_buf_addc(&e->out, '>');
}

static void
on_end(void *u, const char *name)
{
	struct ev *e = u;

	e->calls++;
	pakn_buf_addf(&e->out, "</%s>", name);
	if (e->stop_at_end && strcmp(name, "r") == 0)
		pakn_xmlscan_stop(e->s);
}

static void
on_text(void *u, const char *s, int len)
{
	struct ev *e = u;

	e->calls++;
	pakn_buf_add(&e->out, s, (size_t)len);
}

/* The events of doc in chunks of k bytes (0: whole), the final status in
 * *rc, stops resumed at once (counted in *stops). */
static char *
events(const char *doc, size_t k, int stop, int *rc, int *stops)
{
	struct ev e = {PAKN_BUF_INIT, NULL, stop, 0};
	size_t n = strlen(doc), at = 0, c;
	int r;

	e.s = pakn_xmlscan_new(&e, on_start, on_end, on_text);
	*stops = 0;
	do {
		c = k == 0 || n - at < k ? n - at : k;
		r = pakn_xmlscan_parse(e.s, doc + at, c, at + c == n);
		while (r == PAKN_XML_SUSPENDED) {
			(*stops)++;
			r = pakn_xmlscan_resume(e.s);
		}
		at += c;
	} while (r == PAKN_XML_OK && at < n);
	*rc = r;
	pakn_xmlscan_free(e.s);
	pakn_buf_addc(&e.out, '\0');
	return e.out.data;
}

static void
same(const char *doc, const char *want, const char *what)
{
	char msg[160], *got;
	int rc, stops;
	size_t k;

	got = events(doc, 0, 0, &rc, &stops);
	CHECK_STR(got, want, what);
	CHECK_INT(rc, PAKN_XML_OK, what);
	free(got);
	for (k = 1; k <= 7; k += 3) {
		snprintf(msg, sizeof msg, "%s (in chunks of %zu bytes)", what,
		         k);
		got = events(doc, k, 0, &rc, &stops);
		CHECK_STR(got, want, msg);
		CHECK_INT(rc, PAKN_XML_OK, msg);
		free(got);
	}
}

static void
test_events(void)
{
	same("<?xml version=\"1.0\" encoding=\"UTF-8\" "
	     "standalone=\"yes\"?>\r\n<w a=\"1\" b='x y'><c r=\"A1\" "
	     "t=\"s\"><v>12</v></c><c/></w>",
	     "<w a=[1] b=[x y]><c r=[A1] t=[s]><v>12</v></c><c></c></w>",
	     "elements, attributes in both quotes, an empty element");
	same("<w>a &amp; b &lt;c&gt; &quot;&apos; &#65;&#x1EA1;&#x1F600;</w>",
	     "<w>a & b <c> \"' A\xe1\xba\xa1\xf0\x9f\x98\x80</w>",
	     "the five entities and character references");
	same("<w>a\r\nb\rc\nd&#13;e</w>", "<w>a\nb\nc\nd\re</w>",
	     "line ends in text made \\n; a CR by reference kept");
	same("<w a=\"x\ty\r\nz\nq&#10;\"/>", "<w a=[x y z q\n]></w>",
	     "attribute values normalised");
	same("<w><![CDATA[<b>&amp;\r\n]]></w>", "<w><b>&amp;\n</w>",
	     "CDATA is text as it is, its line ends made \\n");
	same("<!-- c --><?pi x?><w><!-- in --><?p?>t</w><!-- after -->\n",
	     "<w>t</w>", "comments and processing instructions skipped");
	same("\xef\xbb\xbf<w/>", "<w></w>", "a byte order mark skipped");
	same("<x:w xmlns:x=\"u\"><x:c x:r = \"A1\">v</x:c ></x:w>",
	     "<x:w xmlns:x=[u]><x:c x:r=[A1]>v</x:c></x:w>",
	     "prefixed names as written, space around '=' and before '>'");
	same("<w a=\"&lt;&amp;&gt;\" b='\"' c=\"'&quot;\"/>",
	     "<w a=[<&>] b=[\"] c=['\"]></w>", "references in attributes");
	same("<w>Nội dung\xc2\xa0tiếng Việt</w>",
	     "<w>Nội dung\xc2\xa0tiếng Việt</w>", "UTF-8 text as it is");
}

static void
test_stop(void)
{
	const char *doc = "<w><r>1</r><r>2</r><r/></w>";
	char *got;
	int rc, stops;

	got = events(doc, 0, 1, &rc, &stops);
	CHECK_STR(got, "<w><r>1</r><r>2</r><r></r></w>",
	          "stopped after each row and resumed: nothing lost");
	CHECK_INT(stops, 3, "three rows, three stops");
	CHECK_INT(rc, PAKN_XML_OK, "ends well");
	free(got);
	got = events(doc, 2, 1, &rc, &stops);
	CHECK_STR(got, "<w><r>1</r><r>2</r><r></r></w>",
	          "stopped and resumed in small chunks");
	CHECK_INT(stops, 3, "three stops in small chunks");
	free(got);
}

static void
test_doctype(void)
{
	const char *doc = "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY e "
	                  "\"x\">]><w>&e;</w>";
	struct ev e = {PAKN_BUF_INIT, NULL, 0, 0};
	const char *p;
	size_t n;
	int r;

	e.s = pakn_xmlscan_new(&e, on_start, on_end, on_text);
	r = pakn_xmlscan_parse(e.s, doc, 10, 0);
	CHECK_INT(r, PAKN_XML_OK, "the declaration's first bytes wait");
	r = pakn_xmlscan_parse(e.s, doc + 10, strlen(doc) - 10, 1);
	CHECK_INT(r, PAKN_XML_DOCTYPE, "a DOCTYPE is handed back");
	CHECK_INT(e.calls, 0, "no handler called before it");
	p = pakn_xmlscan_pending(e.s, &n);
	CHECK(n == strlen(doc) && memcmp(p, doc, n) == 0,
	      "every byte given is pending, from the first");
	pakn_xmlscan_free(e.s);
	pakn_buf_release(&e.out);
}

static void
bad(const char *doc, const char *msg, unsigned long line)
{
	struct ev e = {PAKN_BUF_INIT, NULL, 0, 0};
	int r;
	size_t k;

	for (k = 0; k <= 1; k++) {
		size_t n = strlen(doc), at = 0, c;

		e.s = pakn_xmlscan_new(&e, on_start, on_end, on_text);
		do {
			c = k == 0 || n - at < k ? n - at : k;
			r = pakn_xmlscan_parse(e.s, doc + at, c, at + c == n);
			at += c;
		} while (r == PAKN_XML_OK && at < n);
		CHECK_INT(r, PAKN_XML_ERROR, msg);
		CHECK(strstr(pakn_xmlscan_error(e.s), msg) != NULL, msg);
		if (strstr(pakn_xmlscan_error(e.s), msg) == NULL)
			printf("#   message: %s\n", pakn_xmlscan_error(e.s));
		CHECK_INT(pakn_xmlscan_line(e.s), line, msg);
		CHECK_INT(pakn_xmlscan_parse(e.s, "<w/>", 4, 1), PAKN_XML_ERROR,
		          "a failed parse stays failed");
		pakn_xmlscan_free(e.s);
		pakn_buf_reset(&e.out);
	}
	pakn_buf_release(&e.out);
}

static void
test_errors(void)
{
	bad("<w>\n<a>\n</b></w>", "mismatched tag", 3);
	bad("<w>\n&nbsp;</w>", "undefined entity", 2);
	bad("<w>&#0;</w>", "no XML character", 1);
	bad("<w>&#xD800;</w>", "no XML character", 1);
	bad("<w>&#x110000;</w>", "no XML character", 1);
	bad("<w>a & b</w>", "no ';'", 1);
	bad("<w a=\"<\"/>", "'<' in an attribute value", 1);
	bad("<w/><w/>", "junk after the document element", 1);
	bad("x<w/>", "text outside the root element", 1);
	bad("<!-- only -->", "no element found", 1);
	bad("<w>\n<a>", "unclosed", 2);
	bad("<w a=\"1\"b=\"2\"/>", "no space before an attribute", 1);
	bad("<w a/>", "an attribute with no value", 1);
	bad("<w a=1/>", "not quoted", 1);
	bad("<w></w><!DOCTYPE w>", "document type declaration in", 1);
	bad("<w><!x></w>", "after '<!'", 1);
	bad("<w>\n\n</>", "in an end tag", 3);
	bad("<w><![CDATA[x</w>", "unclosed token", 1);
	bad("<![CDATA[x]]><w/>", "CDATA section outside the root", 1);

	{
		struct ev e = {PAKN_BUF_INIT, NULL, 0, 0};
		static const char nul[] = "<w>a\0b</w>";

		e.s = pakn_xmlscan_new(&e, on_start, on_end, on_text);
		CHECK_INT(pakn_xmlscan_parse(e.s, nul, sizeof nul - 1, 1),
		          PAKN_XML_ERROR, "a NUL byte is an error");
		CHECK_STR(pakn_xmlscan_error(e.s), "a NUL byte",
		          "a NUL byte, said");
		pakn_xmlscan_free(e.s);
		pakn_buf_release(&e.out);
	}
}

int
main(void)
{
	test_events();
	test_stop();
	test_doctype();
	test_errors();
	return unit_done();
}
