/*
 * test_jsonarray.c: unit tests of lib/jsonarray.c: the elements of a JSON
 * array with the line each starts on, brackets and quotes inside strings,
 * scalars between elements, the end of the array, text that is not an
 * array, and an element cut by the end of the input.
 */
#include <string.h>

#include "jsonarray.h"

#include "unit.h"

/* Element text as a string (into buf). */
static const char *
str(const char *p, size_t n, char *buf, size_t size)
{
	if (n >= size)
		n = size - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return buf;
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
	    "] trailing {\"never\": 1}";
	struct pakn_jsonarray a;
	const char *e;
	size_t n;
	long line;
	char buf[128];

	CHECK_INT(pakn_jsonarray_begin(&a, text, sizeof text - 1), 0,
	          "an array after white space");
	CHECK_INT(pakn_jsonarray_next(&a, &e, &n, &line), 1, "element 1");
	CHECK_STR(str(e, n, buf, sizeof buf), "{\"a\": \"x}\"}",
	          "a brace inside a string");
	CHECK_INT(line, 3, "on line 3");
	CHECK_INT(pakn_jsonarray_next(&a, &e, &n, &line), 1, "element 2");
	CHECK_STR(str(e, n, buf, sizeof buf),
	          "{\"b\": \"q\\\"}[\", \"c\": {\"d\": [1, {}]}}",
	          "an escaped quote, nesting");
	CHECK_INT(line, 4, "on line 4");
	CHECK_INT(pakn_jsonarray_next(&a, &e, &n, &line), 1, "element 3");
	CHECK_STR(str(e, n, buf, sizeof buf), "[2, 3]",
	          "scalars and a string with ']' are skipped; an array is one");
	CHECK_INT(line, 6, "on line 6");
	CHECK_INT(pakn_jsonarray_next(&a, &e, &n, &line), 1, "element 4");
	CHECK_STR(str(e, n, buf, sizeof buf), "{\"e\":\n\"multi\"}",
	          "over two lines");
	CHECK_INT(line, 7, "from line 7");
	CHECK_INT(pakn_jsonarray_next(&a, &e, &n, &line), 0,
	          "the end of the array; what follows is not read");
	CHECK_INT(pakn_jsonarray_next(&a, &e, &n, &line), 0, "still the end");
}

static void
test_ends(void)
{
	struct pakn_jsonarray a;
	const char *e;
	size_t n;
	long line;
	char buf[64];
	static const char cut[] = "[{\"a\": 1},\n{\"open\": [\n";
	static const char noend[] = "[{\"a\": 1}";

	CHECK_INT(pakn_jsonarray_begin(&a, "[]", 2), 0, "an empty array");
	CHECK_INT(pakn_jsonarray_next(&a, &e, &n, &line), 0, "no element");

	CHECK_INT(pakn_jsonarray_begin(&a, noend, sizeof noend - 1), 0,
	          "an array without its ']'");
	CHECK_INT(pakn_jsonarray_next(&a, &e, &n, &line), 1, "its element");
	CHECK_INT(pakn_jsonarray_next(&a, &e, &n, &line), 0,
	          "then the end of the text");

	CHECK_INT(pakn_jsonarray_begin(&a, cut, sizeof cut - 1), 0, "cut");
	CHECK_INT(pakn_jsonarray_next(&a, &e, &n, &line), 1, "element 1");
	CHECK_INT(pakn_jsonarray_next(&a, &e, &n, &line), -1,
	          "an element cut by the end");
	CHECK_STR(str(e, n, buf, sizeof buf), "{\"open\": [\n",
	          "the rest of the text from its start");
	CHECK_INT(line, 2, "its line");
	CHECK_INT(pakn_jsonarray_next(&a, &e, &n, &line), 0, "then the end");

	CHECK_INT(pakn_jsonarray_begin(&a, "[1, 2}", 6), 0, "a '}' at depth 0");
	CHECK_INT(pakn_jsonarray_next(&a, &e, &n, &line), 0, "ends the array");
}

static void
test_not_array(void)
{
	struct pakn_jsonarray a;

	CHECK_INT(pakn_jsonarray_begin(&a, " \n\n {\"x\":1}", 11), -1,
	          "an object is not an array");
	CHECK_INT(a.line, 3, "the line of its first byte");
	CHECK_INT(*a.s, '{', "which it points at");
	CHECK_INT(a.end - a.s, 7, "with the rest of the text");
	CHECK_INT(pakn_jsonarray_begin(&a, " \n ", 3), -1, "blank text");
	CHECK(a.s == a.end, "nothing left");
	CHECK_INT(a.line, 2, "its last line");
	CHECK_INT(pakn_jsonarray_begin(&a, NULL, 0), -1, "no text");
	CHECK(a.s == a.end, "empty");
}

int
main(void)
{
	test_elements();
	test_ends();
	test_not_array();
	return unit_done();
}
