/*
 * test_jsonarray.c: unit tests of lib/jsonarray.c: the elements of a JSON
 * array with the line each starts on, brackets and quotes inside strings,
 * every element counted (scalars and arrays are elements that are not
 * objects), the end of the array and text after it, text that is not an
 * array, an element cut by the end of the input, the size cap, and a
 * stream read from a file whose one line is longer than the line cap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jsonarray.h"

#include "unit.h"

/* Element text as a string (into buf). */
static const char *
str(const struct pakn_jsonarray_elem *e, char *buf, size_t size)
{
	size_t n = e->len;

	if (n >= size)
		n = size - 1;
	memcpy(buf, e->text, n);
	buf[n] = '\0';
	return buf;
}

static int
rd(struct pakn_jsonarray *a, struct pakn_jsonarray_elem *e)
{
	struct pakn_error err;

	return pakn_jsonarray_read(a, e, &err);
}

static void
test_elements(void)
{
	static const char text[] =
	    "\n  [\n"
	    "  {\"a\": \"x}\"},\n"
	    "  {\"b\": \"q\\\"}[\", \"c\": {\"d\": [1, {}]}},\n"
	    "  1, \"]\", null,\n"
	    "  [2, 3],\n"
	    "  {\"e\":\n\"multi\"}\n"
	    "]  ";
	struct pakn_jsonarray a;
	struct pakn_jsonarray_elem e;
	char buf[128];

	pakn_jsonarray_init_text(&a, text, sizeof text - 1, 1000);
	CHECK_INT(rd(&a, &e), 1, "element 1");
	CHECK_INT(e.kind, PAKN_JA_OBJECT, "an object");
	CHECK_STR(str(&e, buf, sizeof buf), "{\"a\": \"x}\"}",
	          "a brace inside a string");
	CHECK_INT(e.line, 3, "on line 3");
	CHECK_INT(rd(&a, &e), 1, "element 2");
	CHECK_STR(str(&e, buf, sizeof buf),
	          "{\"b\": \"q\\\"}[\", \"c\": {\"d\": [1, {}]}}",
	          "an escaped quote, nesting");
	CHECK_INT(e.line, 4, "on line 4");
	CHECK_INT(rd(&a, &e), 1, "element 3");
	CHECK_INT(e.kind, PAKN_JA_OTHER, "a number is not an object");
	CHECK_STR(e.what, "a JSON number", "said so");
	CHECK_STR(str(&e, buf, sizeof buf), "1", "its text");
	CHECK_INT(e.line, 5, "on line 5");
	CHECK_INT(rd(&a, &e), 1, "element 4");
	CHECK_STR(e.what, "a JSON string", "a string with ']'");
	CHECK_STR(str(&e, buf, sizeof buf), "\"]\"", "its text");
	CHECK_INT(rd(&a, &e), 1, "element 5");
	CHECK_STR(e.what, "null", "null");
	CHECK_INT(rd(&a, &e), 1, "element 6");
	CHECK_STR(e.what, "a JSON array", "an array");
	CHECK_STR(str(&e, buf, sizeof buf), "[2, 3]", "is one element");
	CHECK_INT(e.line, 6, "on line 6");
	CHECK_INT(rd(&a, &e), 1, "element 7");
	CHECK_STR(str(&e, buf, sizeof buf), "{\"e\":\n\"multi\"}",
	          "over two lines");
	CHECK_INT(e.line, 7, "from line 7");
	CHECK_INT(rd(&a, &e), 0, "the end of the array");
	CHECK_INT(rd(&a, &e), 0, "still the end");
	pakn_jsonarray_release(&a);
}

static void
test_ends(void)
{
	struct pakn_jsonarray a;
	struct pakn_jsonarray_elem e;
	char buf[64];
	static const char cut[] = "[{\"a\": 1},\n{\"open\": [\n";
	static const char noend[] = "[{\"a\": 1}";
	static const char after[] = "[{\"a\": 1}]\n x {\"b\": 2}";
	static const char two[] = "[{\"a\": 1}]\n[{\"b\": 2}]\n";
	static const char bad[] = "[{\"x\": [},\n{\"b\": 2}]";

	pakn_jsonarray_init_text(&a, "[]", 2, 100);
	CHECK_INT(rd(&a, &e), 0, "an empty array: no element");
	pakn_jsonarray_release(&a);

	pakn_jsonarray_init_text(&a, noend, sizeof noend - 1, 100);
	CHECK_INT(rd(&a, &e), 1, "an array without its ']': its element");
	CHECK_INT(rd(&a, &e), 0, "then the end of the text");
	pakn_jsonarray_release(&a);

	pakn_jsonarray_init_text(&a, cut, sizeof cut - 1, 100);
	CHECK_INT(rd(&a, &e), 1, "cut: element 1");
	CHECK_INT(rd(&a, &e), 1, "an element cut by the end");
	CHECK_INT(e.kind, PAKN_JA_CUT, "is cut");
	CHECK_STR(str(&e, buf, sizeof buf), "{\"open\": [\n",
	          "the rest of the text from its start");
	CHECK_INT(e.line, 2, "its line");
	CHECK_INT(rd(&a, &e), 0, "then the end");
	pakn_jsonarray_release(&a);

	pakn_jsonarray_init_text(&a, "[1, 2}", 6, 100);
	CHECK_INT(rd(&a, &e), 1, "'[1, 2}': 1");
	CHECK_INT(rd(&a, &e), 1, "'[1, 2}': 2");
	CHECK_INT(rd(&a, &e), 0, "a '}' at depth 0 ends the array");
	pakn_jsonarray_release(&a);

	pakn_jsonarray_init_text(&a, after, sizeof after - 1, 100);
	CHECK_INT(rd(&a, &e), 1, "text after: the element");
	CHECK_INT(rd(&a, &e), 1, "text after the array");
	CHECK_INT(e.kind, PAKN_JA_TRAILING, "is an element of its own");
	CHECK_INT(e.line, 2, "on its line");
	CHECK_STR(str(&e, buf, sizeof buf), "x {\"b\": 2}", "with its text");
	CHECK_INT(rd(&a, &e), 0, "then the end");
	pakn_jsonarray_release(&a);

	pakn_jsonarray_init_text(&a, bad, sizeof bad - 1, 100);
	CHECK_INT(rd(&a, &e), 1, "brackets that do not match: the element");
	CHECK_INT(e.kind, PAKN_JA_OTHER, "is not an object");
	CHECK_STR(str(&e, buf, sizeof buf), "{\"x\": [}", "and ends there");
	CHECK_INT(rd(&a, &e), 1, "the element after it");
	CHECK_INT(e.kind, PAKN_JA_OBJECT, "is read");
	CHECK_INT(e.line, 2, "on its line");
	CHECK_INT(rd(&a, &e), 0, "then the end");
	pakn_jsonarray_release(&a);

	pakn_jsonarray_init_text(&a, two, sizeof two - 1, 100);
	CHECK_INT(rd(&a, &e), 1, "two arrays: 1");
	CHECK_INT(rd(&a, &e), 1, "two arrays: 2");
	CHECK_INT(e.kind, PAKN_JA_OBJECT, "an object of the second");
	CHECK_INT(e.line, 2, "on line 2");
	CHECK_INT(rd(&a, &e), 0, "then the end");
	pakn_jsonarray_release(&a);
}

static void
test_not_array(void)
{
	struct pakn_jsonarray a;
	struct pakn_jsonarray_elem e;
	char buf[64];

	pakn_jsonarray_init_text(&a, " \n\n {\"x\":1}", 11, 100);
	CHECK_INT(rd(&a, &e), 1, "an object is not an array");
	CHECK_INT(e.kind, PAKN_JA_NOT_ARRAY, "said so");
	CHECK_INT(e.line, 3, "the line of its first byte");
	CHECK_STR(str(&e, buf, sizeof buf), "{\"x\":1}", "the rest");
	CHECK_INT(rd(&a, &e), 0, "then the end");
	pakn_jsonarray_release(&a);
	pakn_jsonarray_init_text(&a, NULL, 0, 100);
	CHECK_INT(rd(&a, &e), 1, "no text is not an array");
	CHECK_INT(e.kind, PAKN_JA_NOT_ARRAY, "either");
	CHECK_INT(e.len, 0, "empty");
	pakn_jsonarray_release(&a);
}

static void
test_cap(void)
{
	struct pakn_buf b = PAKN_BUF_INIT;
	struct pakn_jsonarray a;
	struct pakn_jsonarray_elem e;
	size_t i;

	pakn_buf_adds(&b, "[{\"a\":\"");
	for (i = 0; i < 5000; i++)
		pakn_buf_addc(&b, i % 7 ? 'x' : '\\');
	pakn_buf_adds(&b, "\"}, {\"b\":1}, \"");
	for (i = 0; i < 5000; i++)
		pakn_buf_addc(&b, 'y');
	pakn_buf_adds(&b, "\"]");
	pakn_jsonarray_init_text(&a, b.data, b.len, 1000);
	CHECK_INT(rd(&a, &e), 1, "cap: a long element");
	CHECK_INT(e.kind, PAKN_JA_TOOBIG, "is over the cap");
	CHECK_INT(e.size, 5008, "its whole size");
	CHECK_INT(e.len, PAKN_JSONARRAY_KEEP, "only its start kept");
	CHECK_INT(rd(&a, &e), 1, "cap: the element after it");
	CHECK_INT(e.kind, PAKN_JA_OBJECT, "is read");
	CHECK_INT(rd(&a, &e), 1, "cap: a long string");
	CHECK_INT(e.kind, PAKN_JA_TOOBIG, "over the cap too");
	CHECK_INT(rd(&a, &e), 0, "then the end");
	pakn_jsonarray_release(&a);
	pakn_buf_release(&b);
}

/* A stream from a file of one line longer than the reader's line cap:
 * the elements are all read, none cut. */
static void
test_stream(void)
{
	char name[] = "/tmp/pakn-jsonarray-XXXXXX";
	struct pakn_jsonarray a;
	struct pakn_jsonarray_elem e;
	struct pakn_error err;
	struct pakn_in in;
	int fd = mkstemp(name), ok = 1;
	size_t i, n = 0;
	FILE *fp;

	if (fd < 0) {
		perror("mkstemp");
		exit(1);
	}
	fp = fdopen(fd, "w");
	fputc('[', fp);
	for (i = 0; i < 3000; i++)
		fprintf(fp, "%s{\"id\":\"r%zu\",\"t\":\"%s\"}", i ? "," : "", i,
		        "abcdefghijklmnopqrstuvwxyz0123456789");
	fputs("]\n", fp);
	fclose(fp);
	pakn_in_open(&in, name, &err);
	in.max_line = 4096;
	pakn_jsonarray_init(&a, &in, 1000);
	while (rd(&a, &e) > 0) {
		char want[32];

		snprintf(want, sizeof want, "{\"id\":\"r%zu\",", n);
		ok &= e.kind == PAKN_JA_OBJECT &&
		      strncmp(e.text, want, strlen(want)) == 0 && e.line == 1;
		n++;
	}
	CHECK_INT(n, 3000, "stream: every element of a long line");
	CHECK(ok, "stream: each whole, in order, on line 1");
	pakn_jsonarray_release(&a);
	pakn_in_close(&in);
	unlink(name);
}

int
main(void)
{
	test_elements();
	test_ends();
	test_not_array();
	test_cap();
	test_stream();
	return unit_done();
}
