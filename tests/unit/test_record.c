/*
 * test_record.c: differential tests of the record layer (lib/record.c)
 * against jansson, the reference parser.
 *
 * 1. A table of hand-written lines, one per edge of the grammar: on each,
 *    the scanner and the oracle must both accept or both reject (a
 *    top-level array, which jansson accepts, counts as a reject), and
 *    jansson with its default flags must do what the table says it does,
 *    so an upgrade that changes its behaviour is noticed.  The oracle is
 *    json_loadb(JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL) with the record
 *    layer's two deliberate differences (record.h): a \u0000 escape in a
 *    key is valid (jansson refuses it even with JSON_ALLOW_NUL), and the
 *    one raw NUL byte jansson skips after a number or a literal is not.
 * 2. On every accepted line, each member's key, type and decoded value,
 *    and the whole tree, must equal jansson's.
 * 3. A seeded mutation fuzz over the valid lines of the table, with the
 *    same two checks on every input; the first disagreement is printed.
 * 4. Edits: replace in place, append, delete, set twice; the output,
 *    re-parsed by jansson, must be the expected tree.
 * 5. pakn_json_object_get on nested objects.
 * Every line is scanned from a heap block of exactly its length, so an
 * overread shows under AddressSanitizer.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "record.h"
#include "unit.h"

#define FUZZ_ITERATIONS 200000

struct line_case {
	const char *name;
	const char *text;
	size_t len;
	int valid; /* what jansson does (top-level array: 0) */
};

#define L(name, text, valid)                                                   \
	{                                                                      \
		name, text, sizeof(text) - 1, valid                            \
	}

static const struct line_case table[] = {
    /* objects and whitespace */
    L("empty object", "{}", 1),
    L("empty object with spaces", "{ \t }", 1),
    L("surrounding whitespace", " \t{\"a\":1} \t", 1),
    L("CRLF", "{\"a\":1}\r", 1),
    L("whitespace everywhere", "{ \"a\" : 1 , \"b\"\t:\r\n2 }", 1),
    L("newline inside", "{\"a\":\n1}", 1),
    L("empty line", "", 0),
    L("only whitespace", "  \r", 0),
    L("top-level array", "[1,2]", 0),
    L("top-level empty array", "[]", 0),
    L("top-level string", "\"a\"", 0),
    L("top-level number", "1", 0),
    L("top-level null", "null", 0),
    L("trailing comma", "{\"a\":1,}", 0),
    L("trailing comma in array", "{\"a\":[1,]}", 0),
    L("leading comma", "{,\"a\":1}", 0),
    L("missing colon", "{\"a\" 1}", 0),
    L("missing value", "{\"a\":}", 0),
    L("missing comma", "{\"a\":1 \"b\":2}", 0),
    L("unquoted key", "{a:1}", 0),
    L("single quotes", "{'a':1}", 0),
    L("number key", "{1:1}", 0),
    L("unclosed object", "{\"a\":1", 0),
    L("unclosed nested", "{\"a\":{\"b\":1}", 0),
    L("unclosed array", "{\"a\":[1,2}", 0),
    L("mismatched close", "{\"a\":[1,2}}", 0),
    L("extra close", "{\"a\":1}}", 0),
    L("trailing garbage", "{}x", 0),
    L("two objects", "{} {}", 0),
    L("byte-order mark", "\xef\xbb\xbf{}", 0),
    L("vertical tab", "{\"a\":1\v}", 0),
    L("form feed", "\f{}", 0),
    L("no-break space", "{\xc2\xa0\"a\":1}", 0),
    L("comment", "{\"a\":1 /* x */}", 0),
    /* literals */
    L("literals", "{\"t\":true,\"f\":false,\"n\":null}", 1),
    L("literals in array", "{\"a\":[true,false,null]}", 1),
    L("truncated literal", "{\"a\":tru}", 0),
    L("literal too long", "{\"a\":truex}", 0),
    L("literal then digit", "{\"a\":true1}", 0),
    L("capitalised literal", "{\"a\":True}", 0),
    L("nul literal", "{\"a\":nul}", 0),
    L("literal at end", "{\"a\":fals", 0),
    /* numbers */
    L("zero", "{\"a\":0}", 1),
    L("minus zero", "{\"a\":-0}", 1),
    L("minus zero real", "{\"a\":-0.0}", 1),
    L("exponent", "{\"a\":1e5}", 1),
    L("exponent signs", "{\"a\":[1E+5,1e-5,2E5]}", 1),
    L("fraction exponent", "{\"a\":1.5E-3}", 1),
    L("leading zero", "{\"a\":01}", 0),
    L("leading zeros", "{\"a\":00}", 0),
    L("minus leading zero", "{\"a\":-01}", 0),
    L("zero fraction", "{\"a\":0.5}", 1),
    L("zero exponent", "{\"a\":0e1}", 1),
    L("trailing dot", "{\"a\":1.}", 0),
    L("leading dot", "{\"a\":.5}", 0),
    L("dot exponent", "{\"a\":1.e5}", 0),
    L("plus sign", "{\"a\":+1}", 0),
    L("minus alone", "{\"a\":-}", 0),
    L("minus space", "{\"a\":- 1}", 0),
    L("exponent without digits", "{\"a\":1e}", 0),
    L("exponent sign only", "{\"a\":1e+}", 0),
    L("hex", "{\"a\":0x1}", 0),
    L("infinity", "{\"a\":Infinity}", 0),
    L("nan", "{\"a\":NaN}", 0),
    L("max long long", "{\"a\":9223372036854775807}", 1),
    L("max long long + 1", "{\"a\":9223372036854775808}", 0),
    L("min long long", "{\"a\":-9223372036854775808}", 1),
    L("min long long - 1", "{\"a\":-9223372036854775809}", 0),
    L("19 digits", "{\"a\":1000000000000000000}", 1),
    L("20 digits", "{\"a\":10000000000000000000}", 0),
    L("huge negative", "{\"a\":-99999999999999999999999}", 0),
    L("huge as real", "{\"a\":99999999999999999999999.0}", 1),
    L("1e400", "{\"a\":1e400}", 0),
    L("-1e400", "{\"a\":-1e400}", 0),
    L("1e-400 (underflow is fine)", "{\"a\":1e-400}", 1),
    L("1e308", "{\"a\":1e308}", 1),
    L("2e308", "{\"a\":2e308}", 0),
    L("1000e306", "{\"a\":1000e306}", 0),
    L("100e306", "{\"a\":100e306}", 1),
    L("small mantissa big exponent", "{\"a\":0.0000001e310}", 1),
    L("DBL_MAX", "{\"a\":1.7976931348623157e308}", 1),
    L("rounds to DBL_MAX", "{\"a\":1.7976931348623158e308}", 1),
    L("rounds to infinity", "{\"a\":1.7976931348623159e308}", 0),
    L("huge exponent", "{\"a\":1e99999999999999999999}", 0),
    L("huge negative exponent", "{\"a\":1e-99999999999999999999}", 1),
    L("zero huge exponent", "{\"a\":0e99999999999999999999}", 1),
    L("number then garbage", "{\"a\":1x}", 0),
    /* jansson skips one NUL after a number or a literal (its quirk, so
     * these say 1); the scanner refuses them (n_multidigit_number_then_00
     * of JSONTestSuite), as the oracle does. */
    L("NUL after number (jansson quirk, refused)", "{\"a\":1\0}", 1),
    L("n_multidigit_number_then_00 in an object", "{\"a\":123\0}", 1),
    L("NUL after number, space", "{\"a\":1\0 }", 1),
    L("NUL after real", "{\"a\":1.5\0,\"b\":2}", 1),
    L("NUL after exponent", "{\"a\":1e5\0}", 1),
    L("NUL after literal", "{\"a\":true\0}", 1),
    L("NUL after null in array", "{\"a\":[null\0,1\0]}", 1),
    L("two NULs after number", "{\"a\":1\0\0}", 0),
    L("NUL after string", "{\"a\":\"x\"\0}", 0),
    L("NUL after object", "{\"a\":{}\0}", 0),
    L("NUL before number",
      "{\"a\":\0"
      "1}",
      0),
    L("NUL after the line", "{}\0", 0),
    L("NUL after minus",
      "{\"a\":-\0"
      "1}",
      0),
    L("NUL after dot",
      "{\"a\":1.\0"
      "5}",
      0),
    /* strings and escapes */
    L("empty strings", "{\"\":\"\"}", 1),
    L("simple escapes", "{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}", 1),
    L("unicode escape", "{\"a\":\"\\u00e9\\u1EA1\"}", 1),
    L("uppercase hex", "{\"a\":\"\\u00C9\"}", 1),
    L("surrogate pair", "{\"a\":\"\\ud83d\\ude00\"}", 1),
    L("surrogate pair uppercase", "{\"a\":\"\\uD83D\\uDE00\"}", 1),
    L("highest pair", "{\"a\":\"\\udbff\\udfff\"}", 1),
    L("lone high surrogate", "{\"a\":\"\\ud800\"}", 0),
    L("lone high at end of string", "{\"a\":\"x\\udbff\"}", 0),
    L("lone low surrogate", "{\"a\":\"\\udc00\"}", 0),
    L("high then letter", "{\"a\":\"\\ud83dx\"}", 0),
    L("high then non-low", "{\"a\":\"\\ud83d\\u0041\"}", 0),
    L("high then high", "{\"a\":\"\\ud83d\\ud83d\"}", 0),
    L("high then escape", "{\"a\":\"\\ud83d\\n\"}", 0),
    L("low then high", "{\"a\":\"\\ude00\\ud83d\"}", 0),
    /* jansson refuses \u0000 without JSON_ALLOW_NUL (so these say 0);
     * the scanner takes it (y_string_null_escape,
     * y_object_escaped_null_in_key), as the oracle does. */
    L("escaped NUL (y_string_null_escape)", "{\"a\":\"\\u0000\"}", 0),
    L("escaped NUL in key", "{\"\\u0000\":1}", 0),
    L("y_object_escaped_null_in_key", "{\"foo\\u0000bar\": 42}", 0),
    L("escaped NUL in keys, not duplicates",
      "{\"a\\u0000\":1,\"a\":2,\"a\\u0000b\":3}", 0),
    L("escaped NUL in keys, duplicates", "{\"a\\u0000\":1,\"a\\u0000\":2}", 0),
    L("escaped backslash then u0000", "{\"\\\\u0000\":1}", 1),
    L("escaped U+0001", "{\"a\":\"\\u0001\"}", 1),
    L("short unicode escape", "{\"a\":\"\\u12\"}", 0),
    L("bad hex", "{\"a\":\"\\u12g4\"}", 0),
    L("unknown escape", "{\"a\":\"\\x41\"}", 0),
    L("escaped quote key", "{\"\\\"\":1}", 1),
    L("backslash at end", "{\"a\":\"\\", 0),
    L("unterminated string", "{\"a\":\"abc}", 0),
    L("unterminated key", "{\"a", 0),
    L("raw tab", "{\"a\":\"\t\"}", 0),
    L("raw newline", "{\"a\":\"x\ny\"}", 0),
    L("raw control 0x1f", "{\"a\":\"\x1f\"}", 0),
    L("raw DEL", "{\"a\":\"\x7f\"}", 1),
    L("raw NUL in string", "{\"a\":\"x\0y\"}", 0),
    L("raw NUL in key", "{\"a\0\":1}", 0),
    /* UTF-8 */
    L("Vietnamese",
      "{\"dia_chi\":\"\xc4\x90\xc6\xb0\xe1\xbb\x9dng H\xc3\xa0 "
      "N\xe1\xbb\x99i\"}",
      1),
    L("Vietnamese key",
      "{\"\xc4\x91\xe1\xbb\x8b"
      "a_ch\xe1\xbb\x89\":1}",
      1),
    L("four-byte", "{\"a\":\"\xf0\x9f\x98\x80\"}", 1),
    L("U+10FFFF", "{\"a\":\"\xf4\x8f\xbf\xbf\"}", 1),
    L("above U+10FFFF", "{\"a\":\"\xf4\x90\x80\x80\"}", 0),
    L("F5 lead", "{\"a\":\"\xf5\x80\x80\x80\"}", 0),
    L("FF byte", "{\"a\":\"\xff\"}", 0),
    L("UTF-8 surrogate", "{\"a\":\"\xed\xa0\x80\"}", 0),
    L("UTF-8 low surrogate", "{\"a\":\"\xed\xbf\xbf\"}", 0),
    L("last before surrogates", "{\"a\":\"\xed\x9f\xbf\"}", 1),
    L("overlong slash", "{\"a\":\"\xc0\xaf\"}", 0),
    L("overlong C1", "{\"a\":\"\xc1\xbf\"}", 0),
    L("overlong 3-byte", "{\"a\":\"\xe0\x80\xaf\"}", 0),
    L("smallest 3-byte", "{\"a\":\"\xe0\xa0\x80\"}", 1),
    L("overlong 4-byte", "{\"a\":\"\xf0\x8f\xbf\xbf\"}", 0),
    L("smallest 4-byte", "{\"a\":\"\xf0\x90\x80\x80\"}", 1),
    L("lone continuation", "{\"a\":\"\x80\"}", 0),
    L("truncated 2-byte", "{\"a\":\"\xc3\"}", 0),
    L("truncated 3-byte", "{\"a\":\"\xe1\xbb\"}", 0),
    L("truncated at line end", "{\"a\":\"\xe1\xbb", 0),
    L("invalid UTF-8 in key", "{\"\xc3\x28\":1}", 0),
    L("invalid UTF-8 outside strings", "{\"a\":1\xc3\xa9}", 0),
    /* duplicate keys */
    L("duplicate key", "{\"a\":1,\"a\":2}", 0),
    L("duplicate after others", "{\"a\":1,\"b\":2,\"c\":3,\"a\":4}", 0),
    L("duplicate written with escape", "{\"a\":1,\"\\u0061\":2}", 0),
    L("duplicate both escaped", "{\"\\u00e9\":1,\"\\u00E9\":2}", 0),
    L("duplicate escaped and raw UTF-8", "{\"\\u00e9\":1,\"\xc3\xa9\":2}", 0),
    L("duplicate nested", "{\"b\":{\"a\":1,\"a\":2}}", 0),
    L("duplicate in array element", "{\"a\":[{\"x\":1,\"x\":2}]}", 0),
    L("same key in sibling objects", "{\"a\":{\"a\":1},\"b\":{\"a\":2}}", 1),
    L("same key at two levels", "{\"a\":{\"a\":{\"a\":1}}}", 1),
    L("duplicate after nested", "{\"a\":{\"b\":1},\"a\":2}", 0),
    L("nested duplicate after sibling",
      "{\"x\":{\"k\":1},\"y\":{\"j\":1,\"k\":2,\"k\":3}}", 0),
    L("empty keys", "{\"\":1,\"\":2}", 0),
    L("keys differing in case", "{\"a\":1,\"A\":2}", 1),
    L("keys prefix", "{\"ab\":1,\"abc\":2,\"a\":3}", 1),
    L("long keys differing in the middle",
      "{\"aaaaaaaaaaaaaaaaaaaaaaaaa\":1,\"aaaaaaaaaaaaabaaaaaaaaaaa\":2}", 1),
    L("long duplicate keys",
      "{\"aaaaaaaaaaaaaaaaaaaaaaaaa\":1,\"aaaaaaaaaaaaaaaaaaaaaaaaa\":2}", 0),
    /* objects past the linear search (32 keys) */
    L("many keys, top level and nested",
      "{\"k0\":0,\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,\"k7\""
      ":7,\"k8\":8,\"k9\":9,\"k10\":10,\"k11\":11,\"k12\":12,\"k13\":13,\"k14"
      "\":14,\"k15\":15,\"k16\":16,\"k17\":17,\"k18\":18,\"k19\":19,\"k20\":2"
      "0,\"k21\":21,\"k22\":22,\"k23\":23,\"k24\":24,\"k25\":25,\"k26\":26,\""
      "k27\":27,\"k28\":28,\"k29\":29,\"k30\":30,\"k31\":31,\"k32\":32,\"k33\""
      ":33,\"k34\":34,\"k35\":35,\"o\":{\"n0\":0,\"n1\":1,\"n2\":2,\"n3\":3,\""
      "n4\":4,\"n5\":5,\"n6\":6,\"n7\":7,\"n8\":8,\"n9\":9,\"n10\":10,\"n11\""
      ":11,\"n12\":12,\"n13\":13,\"n14\":14,\"n15\":15,\"n16\":16,\"n17\":17,"
      "\"n18\":18,\"n19\":19,\"n20\":20,\"n21\":21,\"n22\":22,\"n23\":23,\"n2"
      "4\":24,\"n25\":25,\"n26\":26,\"n27\":27,\"n28\":28,\"n29\":29,\"n30\":"
      "30,\"n31\":31,\"n32\":32,\"n33\":33,\"n34\":34,\"n35\":35,\"n36\":36,\""
      "n37\":37,\"n38\":38,\"n39\":39},\"z\":[{\"n0\":0,\"n1\":1,\"n2\":2,\"n"
      "3\":3,\"n4\":4,\"n5\":5,\"n6\":6,\"n7\":7,\"n8\":8,\"n9\":9,\"n10\":10"
      ",\"n11\":11,\"n12\":12,\"n13\":13,\"n14\":14,\"n15\":15,\"n16\":16,\"n"
      "17\":17,\"n18\":18,\"n19\":19}]}",
      1),
    L("33rd key repeats the first",
      "{\"a0\":0,\"a1\":1,\"a2\":2,\"a3\":3,\"a4\":4,\"a5\":5,\"a6\":6,"
      "\"a7\":7,\"a8\":8,\"a9\":9,\"b0\":0,\"b1\":1,\"b2\":2,\"b3\":3,\""
      "b4\":4,\"b5\":5,\"b6\":6,\"b7\":7,\"b8\":8,\"b9\":9,\"c0\":0,\"c"
      "1\":1,\"c2\":2,\"c3\":3,\"c4\":4,\"c5\":5,\"c6\":6,\"c7\":7,\"c8"
      "\":8,\"c9\":9,\"d0\":0,\"d1\":1,\"a0\":2}",
      0),
    L("34th key repeats the first, escaped",
      "{\"a0\":0,\"a1\":1,\"a2\":2,\"a3\":3,\"a4\":4,\"a5\":5,\"a6\":6,"
      "\"a7\":7,\"a8\":8,\"a9\":9,\"b0\":0,\"b1\":1,\"b2\":2,\"b3\":3,\""
      "b4\":4,\"b5\":5,\"b6\":6,\"b7\":7,\"b8\":8,\"b9\":9,\"c0\":0,\"c"
      "1\":1,\"c2\":2,\"c3\":3,\"c4\":4,\"c5\":5,\"c6\":6,\"c7\":7,\"c8"
      "\":8,\"c9\":9,\"d0\":0,\"d1\":1,\"d2\":{\"a0\":1},\"\\u0061\\u00"
      "30\":2}",
      0),
    L("nested 33rd key repeats the last",
      "{\"o\":{\"a0\":0,\"a1\":1,\"a2\":2,\"a3\":3,\"a4\":4,\"a5\":5,\""
      "a6\":6,\"a7\":7,\"a8\":8,\"a9\":9,\"b0\":0,\"b1\":1,\"b2\":2,\"b"
      "3\":3,\"b4\":4,\"b5\":5,\"b6\":6,\"b7\":7,\"b8\":8,\"b9\":9,\"c0"
      "\":0,\"c1\":1,\"c2\":2,\"c3\":3,\"c4\":4,\"c5\":5,\"c6\":6,\"c7\""
      ":7,\"c8\":8,\"c9\":9,\"d0\":0,\"d1\":1,\"d1\":2}}",
      0),
    /* realistic records */
    L("PAKN record",
      "{\"id\":\"VP-2021-08-0412\",\"received_at\":\"2021-08-03T09:15:00+07:"
      "00\","
      "\"channel\":\"zalo\",\"kind\":\"feedback\",\"title\":\"X\xe1\xba\xa3 "
      "th\xe1\xba\xa3i ra k\xc3\xaanh\",\"content\":\"C\xc6\xa1 s\xe1\xbb\x9f "
      "s\xe1\xba\xa3n xu\xe1\xba\xa5t g\xe1\xba\xa1"
      "ch x\xe1\xba\xa3 "
      "th\xe1\xba\xa3i ra k\xc3\xaanh t\xc6\xb0\xe1\xbb\x9bi...\","
      "\"submitter\":{\"name\":\"Nguy\xe1\xbb\x85n V\xc4\x83n A\",\"type\":"
      "\"citizen\",\"phone\":\"0912345678\"},\"location\":{\"district\":"
      "\"B\xc3\xacnh Xuy\xc3\xaan\"},\"status\":\"processing\",\"extra\":"
      "{\"Ghi ch\xc3\xba\":\"\"},\"source\":{\"file\":\"thang8.csv\","
      "\"line\":413,\"format\":\"csv\"},\"cc\":[\"a\",\"b\"],\"sla\":"
      "{\"amount\":7,\"ratio\":0.25,\"ok\":true,\"none\":null}}",
      1),
    L("record with escapes",
      "{\"id\":\"1\",\"content\":\"d\xc3\xb2ng 1\\nd\xc3\xb2ng "
      "2\\t\\\"tr\xc3\xad"
      "ch\\\"\","
      "\"n\\u00e9\":\"\\u0110\\u01b0\\u1edd"
      "ng\",\"path\":\"C:\\\\x\\/y\"}",
      1),
};

#define NTABLE (sizeof table / sizeof table[0])

/* Quotes bytes for a TAP diagnostic, cut at about 300 characters. */
static void
quote_bytes(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0, i;
	unsigned char c;

	for (i = 0; i < n && o + 8 < cap && o < 3000; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, cap - o, "\\x%02x", c);
	}
	if (i < n && o + 4 < cap)
		o += (size_t)snprintf(out + o, cap - o, "...");
	out[o] = '\0';
}

/* A copy of v with each U+E000 in its keys and strings turned back into
 * the NUL it stood for (see oracle_load). */
static json_t *
unmap_nul(json_t *v)
{
	static const char pua[] = "\xee\x80\x80";
	struct pakn_buf b = PAKN_BUF_INIT;
	const char *key, *p, *end;
	json_t *o, *x;
	size_t i, klen;
	void *it;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		o = json_object();
		for (it = json_object_iter(v); it;
		     it = json_object_iter_next(v, it)) {
			key = json_object_iter_key(it);
			klen = json_object_iter_key_len(it);
			pakn_buf_reset(&b);
			for (p = key, end = key + klen; p < end; p++) {
				if (end - p >= 3 && memcmp(p, pua, 3) == 0) {
					pakn_buf_addc(&b, '\0');
					p += 2;
				} else {
					pakn_buf_addc(&b, *p);
				}
			}
			json_object_setn_new_nocheck(
			    o, b.data ? b.data : "", b.len,
			    unmap_nul(json_object_iter_value(it)));
		}
		pakn_buf_release(&b);
		return o;
	case JSON_ARRAY:
		o = json_array();
		json_array_foreach (v, i, x)
			json_array_append_new(o, unmap_nul(x));
		return o;
	case JSON_STRING:
		p = json_string_value(v);
		end = p + json_string_length(v);
		for (; p < end; p++) {
			if (end - p >= 3 && memcmp(p, pua, 3) == 0) {
				pakn_buf_addc(&b, '\0');
				p += 2;
			} else {
				pakn_buf_addc(&b, *p);
			}
		}
		o = json_stringn_nocheck(b.data ? b.data : "", b.len);
		pakn_buf_release(&b);
		return o;
	default: return json_incref(v);
	}
}

/*
 * The oracle's verdict (see the top): the object, or NULL.  jansson with
 * JSON_ALLOW_NUL, but a line it accepts with a raw NUL byte in it (its
 * quirk after a number or a literal) is refused, and a line it refuses
 * only for a \u0000 in a key is read again with each \u0000 escape as
 * \uE000, then mapped back (no test line holds a real U+E000).
 */
static json_t *
oracle_load(const char *s, size_t n)
{
	json_error_t e;
	json_t *j = json_loadb(s, n, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
	                       &e),
	       *m;
	char *t;
	size_t i, bs = 0;

	if (memchr(s, '\0', n) != NULL) {
		/* Inside a string jansson refuses it too. */
		json_decref(j);
		return NULL;
	}
	if (j != NULL && !json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	if (j != NULL || json_error_code(&e) != json_error_null_byte_in_key)
		return j;
	t = malloc(n);
	memcpy(t, s, n);
	for (i = 0; i < n; i++) {
		if (t[i] != '\\') {
			bs = 0;
			continue;
		}
		if (bs++ % 2 == 0 && n - i >= 6 &&
		    memcmp(t + i, "\\u0000", 6) == 0) {
			memcpy(t + i, "\\uE000", 6);
			i += 5;
			bs = 0;
		}
	}
	j = json_loadb(t, n, JSON_REJECT_DUPLICATES, &e);
	free(t);
	if (j == NULL || !json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	m = unmap_nul(j);
	json_decref(j);
	return m;
}

/* jansson's verdict with its default flags: the object, or NULL (a
 * top-level array is NULL). */
static json_t *
jansson_load(const char *s, size_t n)
{
	json_error_t e;
	json_t *j = json_loadb(s, n, JSON_REJECT_DUPLICATES, &e);

	if (j != NULL && !json_is_object(j)) {
		json_decref(j);
		j = NULL;
	}
	return j;
}

static enum pakn_jtype
jtype_of(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return PAKN_J_OBJECT;
	case JSON_ARRAY: return PAKN_J_ARRAY;
	case JSON_STRING: return PAKN_J_STRING;
	case JSON_INTEGER:
	case JSON_REAL: return PAKN_J_NUMBER;
	case JSON_TRUE: return PAKN_J_TRUE;
	case JSON_FALSE: return PAKN_J_FALSE;
	default: return PAKN_J_NULL;
	}
}

static int
dumps_equal(const json_t *a, const json_t *b)
{
	const size_t flags = JSON_COMPACT | JSON_ENCODE_ANY;
	char *x = json_dumps(a, flags), *y = json_dumps(b, flags);
	int same = x != NULL && y != NULL && strcmp(x, y) == 0;

	free(x);
	free(y);
	return same;
}

/* Whether line holds the bytes \u0000. */
static int
has_nul_escape(const char *line, size_t len)
{
	size_t i;

	for (i = 0; i + 6 <= len; i++)
		if (line[i] == '\\' && memcmp(line + i, "\\u0000", 6) == 0)
			return 1;
	return 0;
}

/*
 * Compares the scanned record with jansson's tree member by member and as
 * a whole; returns 1, or 0 with the difference in why.
 */
static int
values_agree(struct pakn_record *r, const char *line, size_t len,
             const json_t *want, char *why, size_t whycap)
{
	static struct pakn_buf dec = PAKN_BUF_INIT, out = PAKN_BUF_INIT;
	const struct pakn_member *m, *f;
	const char *jkey;
	json_t *jv, *mine;
	void *it;
	size_t i, start = 0, stop = len;
	int ok;

	if (pakn_record_count(r) != json_object_size(want)) {
		snprintf(why, whycap, "%zu members, jansson %zu",
		         pakn_record_count(r), json_object_size(want));
		return 0;
	}
	it = json_object_iter((json_t *)want);
	for (i = 0; it != NULL;
	     i++, it = json_object_iter_next((json_t *)want, it)) {
		m = pakn_record_member(r, i);
		jkey = json_object_iter_key(it);
		jv = json_object_iter_value(it);
		pakn_json_string_decode(m->key - 1, m->keylen + 2, &dec);
		if (dec.len != json_object_iter_key_len(it) ||
		    memcmp(dec.data, jkey, dec.len) != 0) {
			snprintf(why, whycap, "member %zu: key differs", i);
			return 0;
		}
		f = pakn_record_findn(r, jkey, json_object_iter_key_len(it));
		if (f != m) {
			snprintf(why, whycap, "member %zu: find failed", i);
			return 0;
		}
		if (m->type != jtype_of(jv)) {
			snprintf(why, whycap, "member %zu: type %d, jansson %d",
			         i, (int)m->type, (int)jtype_of(jv));
			return 0;
		}
		if (m->type == PAKN_J_STRING) {
			pakn_json_string_decode(m->val, m->vallen, &dec);
			if (dec.len != json_string_length(jv) ||
			    memcmp(dec.data, json_string_value(jv), dec.len)) {
				snprintf(why, whycap,
				         "member %zu: string differs", i);
				return 0;
			}
		}
		mine = pakn_json_value_to_json(m->val, m->vallen);
		/* (json_equal looks keys up as C strings: not with a NUL) */
		ok = mine != NULL && dumps_equal(mine, jv) &&
		     (has_nul_escape(line, len) || json_equal(mine, jv));
		json_decref(mine);
		if (!ok) {
			snprintf(why, whycap, "member %zu: value differs", i);
			return 0;
		}
	}
	mine = pakn_record_to_json(r);
	ok = mine != NULL && dumps_equal(mine, want);
	json_decref(mine);
	if (!ok) {
		snprintf(why, whycap, "pakn_record_to_json differs");
		return 0;
	}
	/* No edits: the output is the line without surrounding whitespace. */
	while (start < len && strchr(" \t\r\n", line[start]) && line[start])
		start++;
	while (stop > start && strchr(" \t\r\n", line[stop - 1]) &&
	       line[stop - 1])
		stop--;
	pakn_buf_reset(&out);
	pakn_record_write(r, &out);
	if (out.len != stop - start ||
	    memcmp(out.data, line + start, out.len) != 0) {
		snprintf(why, whycap, "write without edits changed the line");
		return 0;
	}
	return 1;
}

/*
 * Scans a copy of line (a heap block of exactly len bytes) and compares
 * with jansson.  Returns 1 if they agree; 0 with why filled.  *accepted
 * gets the scanner's verdict.
 */
static int
differ(struct pakn_record *r, const char *line, size_t len, int *accepted,
       char *why, size_t whycap)
{
	struct pakn_error err;
	char *copy = malloc(len ? len : 1);
	json_t *want;
	int mine, ok = 1;

	memcpy(copy, line, len);
	memset(&err, 0, sizeof err);
	mine = pakn_record_scan(r, copy, len, &err) == 0;
	want = oracle_load(copy, len);
	*accepted = mine;
	why[0] = '\0';
	if (mine != (want != NULL)) {
		snprintf(why, whycap, "scanner %s, jansson %s%s%s",
		         mine ? "accepts" : "rejects",
		         want ? "accepts" : "rejects", mine ? "" : ": ",
		         mine ? "" : err.text);
		ok = 0;
	} else if (mine) {
		ok = values_agree(r, copy, len, want, why, whycap);
	} else if (err.column < 1 || (size_t)err.column > len + 1 ||
	           strncmp(err.text, "invalid JSON: ", 14) != 0) {
		snprintf(why, whycap, "bad error: column %ld, '%s'", err.column,
		         err.text);
		ok = 0;
	}
	json_decref(want);
	free(copy);
	return ok;
}

static void
check_line(struct pakn_record *r, const char *name, const char *line,
           size_t len, int valid)
{
	char why[600], what[300], q[400];
	int accepted, agree;
	json_t *j;

	agree = differ(r, line, len, &accepted, why, sizeof why);
	snprintf(what, sizeof what, "%s: %s, as jansson", name,
	         accepted ? "accepted" : "rejected");
	if (!agree) {
		quote_bytes(line, len, q, sizeof q);
		printf("# %s\n#   line: %s\n", why, q);
	}
	CHECK(agree, what);
	j = jansson_load(line, len);
	snprintf(what, sizeof what, "%s: jansson %s it, as documented", name,
	         valid ? "accepts" : "rejects");
	CHECK((j != NULL) == valid, what);
	json_decref(j);
}

/* {"a": + n opening brackets (or objects) + inner + closings + } */
static char *
nested(size_t n, int objects, const char *inner, size_t *len)
{
	size_t cap = 16 + n * 6 + strlen(inner), o = 0, i;
	char *s = malloc(cap);

	o += (size_t)snprintf(s + o, cap - o, "{\"a\":");
	for (i = 0; i < n; i++)
		o +=
		    (size_t)snprintf(s + o, cap - o, objects ? "{\"a\":" : "[");
	o += (size_t)snprintf(s + o, cap - o, "%s", inner);
	for (i = 0; i < n; i++)
		s[o++] = objects ? '}' : ']';
	s[o++] = '}';
	*len = o;
	return s;
}

static void
test_depth(struct pakn_record *r)
{
	static const struct {
		size_t n;
		int objects;
		const char *inner;
		int valid;
	} cases[] = {
	    {2046, 0, "1", 1},     {2047, 0, "", 1}, /* innermost [] at depth
	                                                2048 */
	    {2047, 0, "1", 0},                       /* its element at 2049 */
	    {2047, 0, "[]", 0},    {2048, 0, "", 0},  {5000, 0, "", 0},
	    {2046, 1, "1", 1}, /* objects: the same limit */
	    {2046, 1, "{}", 1},    {2047, 1, "1", 0}, {2047, 1, "{}", 0},
	    {2046, 1, "\"x\"", 1},
	};
	char name[100];
	size_t i, len;
	char *s;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		s = nested(cases[i].n, cases[i].objects, cases[i].inner, &len);
		snprintf(name, sizeof name, "depth: %zu %s around '%s'",
		         cases[i].n, cases[i].objects ? "objects" : "arrays",
		         cases[i].inner);
		check_line(r, name, s, len, cases[i].valid);
		free(s);
	}
}

static void
test_generated(struct pakn_record *r)
{
	/* A special byte at every offset against the 8-byte strides. */
	static const struct {
		const char *what;
		const char *bytes;
		int valid;
	} specials[] = {
	    {"control", "\x01", 0},
	    {"e acute", "\xc3\xa9", 1},
	    {"Vietnamese 3-byte", "\xe1\xbb\x87", 1},
	    {"escaped quote", "\\\"", 1},
	    {"surrogate pair", "\\ud83d\\ude00", 1},
	    {"UTF-8 surrogate", "\xed\xa0\x80", 0},
	    {"cut 2-byte", "\xc3", 0},
	    {"cut 3-byte", "\xe1\xbb", 0},
	    {"escaped NUL", "\\u0000", 0},
	    {"DEL", "\x7f", 1},
	};
	struct pakn_buf b = PAKN_BUF_INIT;
	char name[100];
	size_t i, k, n;

	for (i = 0; i < sizeof specials / sizeof specials[0]; i++) {
		for (k = 0; k < 17; k++) {
			pakn_buf_reset(&b);
			pakn_buf_adds(&b, "{\"a\":\"");
			for (n = 0; n < k; n++)
				pakn_buf_addc(&b, 'x');
			pakn_buf_adds(&b, specials[i].bytes);
			pakn_buf_adds(&b, "yyyyyyyyyyyyyyyyyy\"}");
			snprintf(name, sizeof name, "stride: %s at offset %zu",
			         specials[i].what, k);
			check_line(r, name, b.data, b.len, specials[i].valid);
			/* The same, cut right after the special bytes. */
			n = b.len - 21;
			snprintf(name, sizeof name,
			         "stride: %s at offset %zu, line cut",
			         specials[i].what, k);
			check_line(r, name, b.data, n, 0);
		}
	}

	/* Long numbers. */
	pakn_buf_reset(&b);
	pakn_buf_adds(&b, "{\"a\":1");
	for (n = 0; n < 400; n++)
		pakn_buf_addc(&b, '0');
	pakn_buf_adds(&b, "}");
	check_line(r, "400-digit integer", b.data, b.len, 0);
	b.len--;
	pakn_buf_adds(&b, ".5}");
	check_line(r, "400-digit real (overflow)", b.data, b.len, 0);
	pakn_buf_reset(&b);
	pakn_buf_adds(&b, "{\"a\":1");
	for (n = 0; n < 307; n++)
		pakn_buf_addc(&b, '0');
	pakn_buf_adds(&b, ".5}");
	check_line(r, "308-digit real", b.data, b.len, 1);
	pakn_buf_reset(&b);
	pakn_buf_adds(&b, "{\"a\":0.");
	for (n = 0; n < 400; n++)
		pakn_buf_addc(&b, '0');
	pakn_buf_adds(&b, "1e400}");
	check_line(r, "tiny mantissa, exponent 400", b.data, b.len, 1);

	/* Many keys: the key table grows (and is rehashed) mid-line. */
	pakn_buf_reset(&b);
	pakn_buf_adds(&b, "{\"a\":1,\"big\":{");
	for (n = 0; n < 300; n++)
		pakn_buf_addf(&b, "%s\"k%zu\":%zu", n ? "," : "", n, n);
	pakn_buf_adds(&b, "},\"b\":{\"k1\":1,\"k2\":{\"k1\":2}}");
	k = b.len;
	pakn_buf_adds(&b, "}");
	check_line(r, "300 nested keys, then siblings", b.data, b.len, 1);
	b.len = k;
	pakn_buf_adds(&b, ",\"a\":2}");
	check_line(r, "duplicate top-level key after 300 nested keys", b.data,
	           b.len, 0);
	pakn_buf_reset(&b);
	pakn_buf_adds(&b, "{");
	for (n = 0; n < 500; n++)
		pakn_buf_addf(&b, "\"key%zu\":[%zu,{\"x\":1,\"y\":2}],", n, n);
	k = b.len;
	pakn_buf_adds(&b, "\"last\":0}");
	check_line(r, "500 top-level keys", b.data, b.len, 1);
	b.len = k;
	pakn_buf_adds(&b, "\"key\\u0032\\u00350\":0}");
	check_line(r, "500 top-level keys, escaped duplicate", b.data, b.len,
	           0);

	/*
	 * A big top level, then a big nested object that makes the table
	 * grow while it is open, then each top-level key again: the keys of
	 * the closed object must not cut the probe chains of the top level.
	 */
	for (k = 0; k < 40; k++) {
		pakn_buf_reset(&b);
		for (n = 0; n < 40; n++)
			pakn_buf_addf(&b, "%c\"t%zu\":%zu", n ? ',' : '{', n,
			              n);
		pakn_buf_adds(&b, ",\"o\":{");
		for (n = 0; n < 200; n++)
			pakn_buf_addf(&b, "%s\"t%zu\":%zu", n ? "," : "", n, n);
		pakn_buf_adds(&b, "}");
		i = b.len;
		pakn_buf_addf(&b, ",\"t%zu\":0}", k);
		snprintf(name, sizeof name,
		         "big objects: t%zu again after a big nested one", k);
		check_line(r, name, b.data, b.len, 0);
		b.len = i;
		pakn_buf_addf(&b, ",\"u%zu\":0}", k);
		snprintf(name, sizeof name,
		         "big objects: u%zu after a big nested one, all found",
		         k);
		check_line(r, name, b.data, b.len, 1);
	}
	pakn_buf_release(&b);
}

/*
 * Every lead byte 80-FF followed by every second byte, then one of a few
 * tails: the UTF-8 automaton against jansson on 98,304 lines, one check.
 */
static void
test_utf8_sweep(struct pakn_record *r)
{
	static const char *const tails[] = {"\x80\x80", "\xbf", "A"};
	char line[32], why[600], first[800] = "", q[100];
	size_t lead, b2, t, n, bad = 0;
	int acc;

	for (lead = 0x80; lead <= 0xff; lead++) {
		for (b2 = 0; b2 <= 0xff; b2++) {
			for (t = 0; t < 3; t++) {
				n = (size_t)snprintf(
				    line, sizeof line, "{\"a\":\"%c%c%s\"}",
				    (int)lead, b2 ? (int)b2 : 1, tails[t]);
				if (b2 == 0)
					line[7] = '\0';
				if (!differ(r, line, n, &acc, why,
				            sizeof why) &&
				    bad++ == 0) {
					quote_bytes(line, n, q, sizeof q);
					snprintf(first, sizeof first, "%s: %s",
					         why, q);
				}
			}
		}
	}
	if (bad)
		printf("# %zu disagreements; first: %s\n", bad, first);
	CHECK(bad == 0,
	      "UTF-8 sweep: every two-byte start agrees with jansson");
}

/*** Fuzz ***/

static uint64_t rng = UINT64_C(0x2545f4914f6cdd1d);

static uint64_t
rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * UINT64_C(0x2545f4914f6cdd1d);
}

static const char *const pieces[] = {
    "\\u0000",
    "\\ud800",
    "\\udc00",
    "\\ud83d\\ude00",
    "\\u00e9",
    "\\u0061",
    "\\u0062",
    "\\n",
    "\\x",
    "\\",
    "\"",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"a\":1,",
    "\"b\":{\"a\":2},",
    "\"a\"",
    "0",
    "-",
    "1e400",
    "1.5",
    "e",
    "E",
    ".",
    "+",
    "true",
    "null",
    "\xc3\xa9",
    "\xe1\xbb\x87",
    "\xed\xa0\x80",
    "\xc0\xaf",
    "\xf4\x90\x80\x80",
    "\xf0\x9f\x98\x80",
    " ",
    "\t",
    "\r",
    "\n",
    "\x01",
    "\x7f",
    "\xff",
    "\xc3",
    "\xe1\xbb",
    "99999999999999999999",
    "9223372036854775808",
    "-9223372036854775808",
    "[[[[",
    "]]]]",
    "{\"a\":",
    "\"\":",
    "1e308",
    "2e308",
};

/* One random change to b. */
static void
mutate(struct pakn_buf *b)
{
	size_t n = b->len, pos = n ? (size_t)(rnd() % (n + 1)) : 0, k, src;
	const char *p;
	char tmp[64];

	switch (rnd() % 9) {
	case 0: /* replace a byte */
		if (n == 0)
			break;
		pos = (size_t)(rnd() % n);
		if (rnd() % 2)
			b->data[pos] = (char)(rnd() % 256);
		else
			b->data[pos] =
			    "\"\\{}[],:0e.-u \x80\xc3\xbb"[rnd() % 18];
		break;
	case 1:
	case 2: /* insert a piece */
		p = pieces[rnd() % (sizeof pieces / sizeof pieces[0])];
		k = strlen(p);
		if (p[0] == '\0')
			k = 1;
		pakn_buf_grow(b, k);
		memmove(b->data + pos + k, b->data + pos, n - pos);
		memcpy(b->data + pos, p, k);
		b->len += k;
		break;
	case 3: /* insert a NUL byte */
		pakn_buf_grow(b, 1);
		memmove(b->data + pos + 1, b->data + pos, n - pos);
		b->data[pos] = '\0';
		b->len++;
		break;
	case 4: /* delete a few bytes */
		k = 1 + (size_t)(rnd() % 4);
		if (pos + k > n)
			k = n - pos;
		memmove(b->data + pos, b->data + pos + k, n - pos - k);
		b->len -= k;
		break;
	case 5: /* truncate */ b->len = pos; break;
	case 6: /* copy a span elsewhere (makes duplicate keys) */
		if (n == 0)
			break;
		src = (size_t)(rnd() % n);
		k = 1 + (size_t)(rnd() % sizeof tmp);
		if (src + k > n)
			k = n - src;
		memcpy(tmp, b->data + src, k);
		pakn_buf_grow(b, k);
		memmove(b->data + pos + k, b->data + pos, n - pos);
		memcpy(b->data + pos, tmp, k);
		b->len += k;
		break;
	case 7: /* repeat a member in its object (duplicate keys) */
		for (k = 0; k < 8; k++) {
			src = (size_t)(rnd() % (n + 1));
			if (src + 1 < n && strchr("{,", b->data[src]) &&
			    b->data[src] != '\0' && b->data[src + 1] == '"')
				break;
		}
		if (k == 8)
			break;
		for (pos = src + 1; pos < n && !strchr(",}", b->data[pos]);)
			pos++;
		k = pos - src; /* the member and the ',' or '}' after */
		if (k > sizeof tmp)
			break;
		memcpy(tmp, b->data + src + 1, k);
		tmp[k - 1] = ',';
		pakn_buf_grow(b, k);
		memmove(b->data + src + 1 + k, b->data + src + 1, n - src - 1);
		memcpy(b->data + src + 1, tmp, k);
		b->len += k;
		break;
	default: /* swap two bytes */
		if (n < 2)
			break;
		pos = (size_t)(rnd() % n);
		src = (size_t)(rnd() % n);
		tmp[0] = b->data[pos];
		b->data[pos] = b->data[src];
		b->data[src] = tmp[0];
		break;
	}
	if (b->data)
		b->data[b->len] = '\0';
}

/*
 * A few random edits on a valid line, done both with the record layer and
 * on jansson's tree: the written line, read back by jansson, must be that
 * tree, keys in the same order.  Returns 1, or 0 with why filled.
 */
static int
edits_agree(struct pakn_record *r, const char *line, size_t len, char *why,
            size_t whycap)
{
	static const char *const values[] = {
	    "\"v\"",
	    "-1",
	    "null",
	    "{\"x\":[1,{\"y\":2.5}]}",
	    "\"\\u0110\xc6\xb0\xe1\xbb\x9dng\"",
	    "[]",
	    "true"};
	static struct pakn_buf out = PAKN_BUF_INIT;
	json_t *want = oracle_load(line, len), *got;
	const char *key, *val;
	char newkey[32];
	size_t count, pick;
	void *it;
	int k, nops = 1 + (int)(rnd() % 3), ok;

	/* The edit calls take C strings: a key holding a \u0000 cannot be
	 * named, so such lines are left to the other checks. */
	if (has_nul_escape(line, len)) {
		json_decref(want);
		return 1;
	}
	if (want == NULL || pakn_record_scan(r, line, len, NULL) != 0) {
		json_decref(want);
		snprintf(why, whycap, "edits: the line no longer scans");
		return 0;
	}
	for (k = 0; k < nops; k++) {
		count = json_object_size(want);
		it = json_object_iter(want);
		for (pick = count ? (size_t)(rnd() % count) : 0; pick > 0;
		     pick--)
			it = json_object_iter_next(want, it);
		key = it ? json_object_iter_key(it) : NULL;
		val = values[rnd() % (sizeof values / sizeof values[0])];
		switch (rnd() % 4) {
		case 0: /* replace */
			if (key == NULL)
				break;
			pakn_record_set(r, key, val, strlen(val));
			json_object_set_new(
			    want, key, json_loads(val, JSON_DECODE_ANY, NULL));
			break;
		case 1: /* delete */
			if (key == NULL)
				break;
			pakn_record_del(r, key);
			json_object_del(want, key);
			break;
		case 2: /* append */
			snprintf(newkey, sizeof newkey, "new\"%d", k);
			pakn_record_set_int(r, newkey, k);
			json_object_set_new(want, newkey, json_integer(k));
			break;
		default: /* a string, replaced or appended */
			if (key == NULL || rnd() % 2) {
				snprintf(newkey, sizeof newkey, "s%d", k);
				key = newkey;
			}
			pakn_record_set_str(r, key, "a\"b\n", 4);
			json_object_set_new(want, key, json_string("a\"b\n"));
			break;
		}
	}
	pakn_buf_reset(&out);
	pakn_record_write(r, &out);
	got = json_loadb(out.data ? out.data : "", out.len,
	                 JSON_REJECT_DUPLICATES, NULL);
	ok = got != NULL && dumps_equal(got, want);
	if (!ok)
		snprintf(why, whycap, "edits: wrote '%.300s'",
		         out.data ? out.data : "");
	json_decref(got);
	json_decref(want);
	return ok;
}

static void
test_fuzz(struct pakn_record *r)
{
	struct pakn_buf b = PAKN_BUF_INIT;
	size_t seeds[NTABLE], nseeds = 0, i, accepted = 0, disagree = 0;
	size_t edited = 0;
	char why[600], first[5000] = "", q[4000], what[100];
	int ok, acc, k, rounds;
	long n;

	for (i = 0; i < NTABLE; i++)
		if (table[i].valid)
			seeds[nseeds++] = i;
	for (n = 0; n < FUZZ_ITERATIONS; n++) {
		i = seeds[rnd() % nseeds];
		pakn_buf_reset(&b);
		pakn_buf_add(&b, table[i].text, table[i].len);
		rounds = 1 + (int)(rnd() % 3);
		for (k = 0; k < rounds; k++)
			mutate(&b);
		ok = differ(r, b.data, b.len, &acc, why, sizeof why);
		accepted += (size_t)acc;
		if (ok && acc) {
			ok = edits_agree(r, b.data, b.len, why, sizeof why);
			edited++;
		}
		if (!ok && disagree++ == 0) {
			quote_bytes(b.data, b.len, q, sizeof q);
			snprintf(first, sizeof first, "%s; input: %s", why, q);
		}
	}
	snprintf(what, sizeof what,
	         "fuzz: %d mutated lines, scanner and jansson agree",
	         FUZZ_ITERATIONS);
	if (disagree)
		printf("# %zu disagreements; first: %s\n", disagree, first);
	CHECK(disagree == 0, what);
	printf("# fuzz: %zu accepted (%zu edited), %zu rejected\n", accepted,
	       edited, (size_t)FUZZ_ITERATIONS - accepted);
	CHECK(accepted > FUZZ_ITERATIONS / 50, "fuzz: many mutants valid");
	CHECK(accepted < FUZZ_ITERATIONS * 9 / 10,
	      "fuzz: many mutants invalid");
	pakn_buf_release(&b);
}

/*** Edits ***/

/* Scans line (a copy of exactly its length) into r; the copy is kept in
 * *keep (freed by the caller's next call or at the end). */
static int
scan_copy(struct pakn_record *r, const char *line, char **keep)
{
	size_t n = strlen(line);
	struct pakn_error err;

	free(*keep);
	*keep = malloc(n ? n : 1);
	memcpy(*keep, line, n);
	return pakn_record_scan(r, *keep, n, &err);
}

/* The written record equals want, byte for byte, and jansson reads it as
 * the same tree. */
static void
check_write(struct pakn_record *r, const char *want, const char *what)
{
	struct pakn_buf out = PAKN_BUF_INIT;
	json_t *got, *exp;
	char what2[200];

	pakn_record_write(r, &out);
	CHECK_STR(out.data ? out.data : "", want, what);
	got = json_loadb(out.data ? out.data : "", out.len,
	                 JSON_REJECT_DUPLICATES, NULL);
	exp = json_loads(want, JSON_REJECT_DUPLICATES, NULL);
	snprintf(what2, sizeof what2, "%s: jansson reads the expected tree",
	         what);
	CHECK(got != NULL && exp != NULL && json_equal(got, exp), what2);
	json_decref(got);
	json_decref(exp);
	pakn_buf_release(&out);
}

static void
test_edits(struct pakn_record *r)
{
	const char *base = "{\"a\":1,\"b\":\"x\",\"c\":[1,2]}";
	char *keep = NULL;
	json_t *v;

	scan_copy(r, base, &keep);
	CHECK(!pakn_record_edited(r), "edit: a fresh scan has no edits");
	check_write(r, base, "edit: none, output identical");
	pakn_record_set_str(r, "b", "y", 1);
	CHECK(pakn_record_edited(r), "edit: set marks the record edited");
	check_write(r, "{\"a\":1,\"b\":\"y\",\"c\":[1,2]}",
	            "edit: replace in place keeps key order");

	scan_copy(r, base, &keep);
	CHECK(!pakn_record_edited(r), "edit: scanning forgets edits");
	check_write(r, base, "edit: a new scan writes the line as it came");
	pakn_record_set_int(r, "d", -42);
	check_write(r, "{\"a\":1,\"b\":\"x\",\"c\":[1,2],\"d\":-42}",
	            "edit: append a new key");
	pakn_record_set(r, "e", "{\"k\":[true]}", 12);
	check_write(
	    r,
	    "{\"a\":1,\"b\":\"x\",\"c\":[1,2],\"d\":-42,\"e\":{\"k\":[true]}}",
	    "edit: appends keep the order of setting");
	pakn_record_set_int(r, "d", 7);
	check_write(
	    r, "{\"a\":1,\"b\":\"x\",\"c\":[1,2],\"d\":7,\"e\":{\"k\":[true]}}",
	    "edit: setting an appended key twice keeps the last");
	pakn_record_del(r, "d");
	check_write(r, "{\"a\":1,\"b\":\"x\",\"c\":[1,2],\"e\":{\"k\":[true]}}",
	            "edit: deleting an appended key");
	CHECK(pakn_record_find(r, "e") == NULL,
	      "edit: find sees the line, not the edits");

	/* The same edits through a member the caller already has. */
	scan_copy(r, base, &keep);
	pakn_record_set_at(r, pakn_record_find(r, "a"), "a", "true", 4);
	pakn_record_set_int_at(r, NULL, "n", -9007199254740991LL);
	pakn_record_set_int_at(r, NULL, "n", 0);
	pakn_record_set_int_at(r, pakn_record_find(r, "b"), "b", 12);
	check_write(r, "{\"a\":true,\"b\":12,\"c\":[1,2],\"n\":0}",
	            "edit: set_at / set_int_at: in place by member, appended "
	            "once without one");

	scan_copy(r, "{}", &keep);
	pakn_record_set_str(r, "k", "v", 1);
	check_write(r, "{\"k\":\"v\"}", "edit: append to {}");
	scan_copy(r, " { \t} \r", &keep);
	check_write(r, "{ \t}", "edit: none on { }, whitespace inside kept");
	pakn_record_set_int(r, "k", 1);
	pakn_record_set_int(r, "l", 2);
	check_write(r, "{\"k\":1,\"l\":2}", "edit: append two to { }");

	scan_copy(r, base, &keep);
	pakn_record_del(r, "a");
	check_write(r, "{\"b\":\"x\",\"c\":[1,2]}", "edit: delete the first");
	scan_copy(r, base, &keep);
	pakn_record_del(r, "b");
	check_write(r, "{\"a\":1,\"c\":[1,2]}", "edit: delete the middle");
	scan_copy(r, base, &keep);
	pakn_record_del(r, "c");
	check_write(r, "{\"a\":1,\"b\":\"x\"}", "edit: delete the last");
	scan_copy(r, base, &keep);
	pakn_record_del(r, "a");
	pakn_record_del(r, "b");
	pakn_record_del(r, "c");
	check_write(r, "{}", "edit: delete all");
	pakn_record_set_int(r, "z", 0);
	check_write(r, "{\"z\":0}", "edit: delete all, append one");
	scan_copy(r, base, &keep);
	pakn_record_del(r, "a");
	pakn_record_del(r, "c");
	pakn_record_set_int(r, "n", 5);
	check_write(r, "{\"b\":\"x\",\"n\":5}", "edit: delete around, append");
	scan_copy(r, base, &keep);
	pakn_record_del(r, "nope");
	CHECK(!pakn_record_edited(r), "edit: deleting an absent key: no edit");
	check_write(r, base, "edit: deleting an absent key changes nothing");

	scan_copy(r, base, &keep);
	pakn_record_set(r, "b", "1", 1);
	pakn_record_set(r, "b", "2", 1);
	check_write(r, "{\"a\":1,\"b\":2,\"c\":[1,2]}", "edit: set twice");
	pakn_record_del(r, "b");
	pakn_record_set(r, "b", "3", 1);
	check_write(r, "{\"a\":1,\"b\":3,\"c\":[1,2]}",
	            "edit: delete then set replaces in place");

	scan_copy(r, "{ \"a\" : 1 , \"b\" : [ 1, 2 ] , \"c\" : 3 }", &keep);
	pakn_record_set_int(r, "c", 4);
	check_write(r, "{ \"a\" : 1 , \"b\" : [ 1, 2 ] , \"c\" : 4 }",
	            "edit: whitespace outside the edit kept");
	pakn_record_del(r, "a");
	check_write(r, "{\"b\" : [ 1, 2 ] , \"c\" : 4 }",
	            "edit: delete first, whitespace of the rest kept");

	scan_copy(r, "{\"\\u0061\":1,\"b\":2}", &keep);
	CHECK(pakn_record_find(r, "a") == pakn_record_member(r, 0),
	      "find: a key written with escapes");
	pakn_record_set_int(r, "a", 9);
	check_write(r, "{\"\\u0061\":9,\"b\":2}",
	            "edit: set finds an escaped key, keeps its spelling");

	scan_copy(r, base, &keep);
	pakn_record_set_str(r, "note",
	                    "\xc4\x90\xc6\xb0\xe1\xbb\x9dng \"H\xc3\xa0\"\n"
	                    "N\xe1\xbb\x99i",
	                    21);
	check_write(
	    r,
	    "{\"a\":1,\"b\":\"x\",\"c\":[1,2],\"note\":\"\xc4\x90\xc6\xb0"
	    "\xe1\xbb\x9dng \\\"H\xc3\xa0\\\"\\nN\xe1\xbb\x99i\"}",
	    "edit: set_str escapes, Vietnamese kept raw");
	scan_copy(r, base, &keep);
	v = json_pack("{s:s, s:n, s:[i,i]}", "rule", "r1", "why", "cc", 1, 2);
	pakn_record_set_json(r, "route", v);
	json_decref(v);
	pakn_record_set_str(r, "k\"ey", "v", 1);
	check_write(
	    r,
	    "{\"a\":1,\"b\":\"x\",\"c\":[1,2],\"route\":{\"rule\":\"r1\","
	    "\"why\":null,\"cc\":[1,2]},\"k\\\"ey\":\"v\"}",
	    "edit: set_json, and an appended key is escaped");

	free(keep);
	keep = malloc(15);
	memcpy(keep, "{\"a\":1\0,\"b\":2}", 14);
	{
		struct pakn_buf out = PAKN_BUF_INIT;

		CHECK(pakn_record_scan(r, keep, 14, NULL) == -1,
		      "edit: the NUL jansson lets through is refused");
		pakn_record_set_int(r, "b", 3);
		pakn_record_write(r, &out);
		CHECK_INT(out.len, 0, "edit: ... and nothing is written");
		pakn_buf_release(&out);
	}
	scan_copy(r, "{\"a\":1\0", &keep); /* only "{\"a\":1" */
	{
		struct pakn_buf out = PAKN_BUF_INIT;

		pakn_record_set_int(r, "x", 1);
		pakn_record_write(r, &out);
		CHECK(out.len == 0,
		      "edit: nothing written for a rejected line");
		pakn_buf_release(&out);
	}
	CHECK(pakn_record_find(r, "a") == NULL && pakn_record_count(r) == 0,
	      "find: nothing after a rejected line");
	free(keep);
}

static void
test_getters(struct pakn_record *r)
{
	struct pakn_buf b = PAKN_BUF_INIT;
	char *keep = NULL;
	long long v = 0;

	scan_copy(r,
	          "{\"s\":\"\\u0110\\u01b0\\u1eddng H\\u00e0 N\\u1ed9i\","
	          "\"n\":null,\"i\":-9223372036854775808,\"r\":1.5,\"e\":1e3,"
	          "\"j\":42,\"z\":-0}",
	          &keep);
	CHECK_INT(pakn_record_get_str(r, "s", &b), 0, "get_str: a string");
	CHECK_STR(
	    b.data, "\xc4\x90\xc6\xb0\xe1\xbb\x9dng H\xc3\xa0 N\xe1\xbb\x99i",
	    "get_str: escapes decoded to \"\xc4\x90\xc6\xb0\xe1\xbb\x9dng H"
	    "\xc3\xa0 N\xe1\xbb\x99i\"");
	CHECK_INT(pakn_record_get_str(r, "n", &b), 1, "get_str: null is 1");
	CHECK_INT(pakn_record_get_str(r, "x", &b), 1, "get_str: absent is 1");
	CHECK_INT(pakn_record_get_str(r, "j", &b), -1,
	          "get_str: a number is -1");
	CHECK_INT(pakn_record_get_int(r, "i", &v), 0, "get_int: LLONG_MIN");
	CHECK(v == -9223372036854775807LL - 1, "get_int: LLONG_MIN value");
	CHECK_INT(pakn_record_get_int(r, "j", &v), 0, "get_int: 42");
	CHECK_INT(v, 42, "get_int: 42 value");
	CHECK_INT(pakn_record_get_int(r, "z", &v), 0, "get_int: -0");
	CHECK_INT(v, 0, "get_int: -0 value");
	CHECK_INT(pakn_record_get_int(r, "r", &v), -1, "get_int: 1.5 is -1");
	CHECK_INT(pakn_record_get_int(r, "e", &v), -1, "get_int: 1e3 is -1");
	CHECK_INT(pakn_record_get_int(r, "s", &v), -1,
	          "get_int: a string is -1");
	CHECK_INT(pakn_record_get_int(r, "x", &v), 1, "get_int: absent is 1");
	pakn_json_string_decode("\"plain\"", 7, &b);
	CHECK_STR(b.data, "plain", "decode: no escape");
	pakn_json_string_decode("\"\"", 2, &b);
	CHECK(b.len == 0 && b.data[0] == '\0', "decode: empty string");
	pakn_json_string_decode(
	    "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\ud83d\\ude00\"", 34, &b);
	CHECK_STR(b.data, "a\"b\\c/d\b\f\n\r\t\xf0\x9f\x98\x80",
	          "decode: every escape");

	/* Errors carry the byte column. */
	{
		struct pakn_error err;
		static const struct {
			const char *line;
			long column;
		} cols[] = {
		    {"{\"a\":01}", 6},
		    {" {\"a\":1,\"a\":2}", 9},
		    {"{\"a\":\"x\x01\"}", 8},
		    {"{\"a\":1} x", 9},
		    {"[1]", 1},
		    {"", 1},
		    {"{\"\xc4\x91\":\"\xc3\x28\"}", 8},
		};
		char what[700];
		size_t i;

		for (i = 0; i < sizeof cols / sizeof cols[0]; i++) {
			memset(&err, 0, sizeof err);
			free(keep);
			keep = malloc(strlen(cols[i].line) + 1);
			memcpy(keep, cols[i].line, strlen(cols[i].line) + 1);
			pakn_record_scan(r, keep, strlen(keep), &err);
			snprintf(what, sizeof what, "error column %ld (%s)",
			         cols[i].column, err.text);
			CHECK_INT(err.column, cols[i].column, what);
			CHECK(err.line == 0 && err.source == NULL,
			      "error: line and source left to the caller");
		}
	}
	free(keep);
	pakn_buf_release(&b);
}

static void
test_object_get(struct pakn_record *r)
{
	const char *line =
	    "{\"id\":\"1\",\"submitter\": { \"name\" : \"Nguy\xe1\xbb\x85n "
	    "V\xc4\x83n A\", \"t\\u0079pe\":\"citizen\", \"n\":-1.5e3 ,"
	    "\"addr\":{\"city\":\"H\xc3\xa0 "
	    "N\xe1\xbb\x99i\",\"zip\":[1,{\"a\":2}]},"
	    "\"ok\":true,\"no\":null } ,\"list\":[1,2]}";
	const struct pakn_member *m;
	const char *v = NULL, *v2 = NULL;
	size_t n = 0, n2 = 0;
	enum pakn_jtype t = PAKN_J_NULL;
	char *keep = NULL;

	CHECK(scan_copy(r, line, &keep) == 0, "object_get: line scans");
	m = pakn_record_find(r, "submitter");
	CHECK(m != NULL && m->type == PAKN_J_OBJECT,
	      "object_get: submitter is an object");
	if (m == NULL)
		return;
	CHECK(pakn_json_object_get(m->val, m->vallen, "name", &v, &n, &t) ==
	              0 &&
	          t == PAKN_J_STRING && n == 17 &&
	          memcmp(v, "\"Nguy\xe1\xbb\x85n V\xc4\x83n A\"", n) == 0,
	      "object_get: a string, raw with quotes");
	CHECK(pakn_json_object_get(m->val, m->vallen, "type", &v, &n, &t) ==
	              0 &&
	          t == PAKN_J_STRING && n == 9,
	      "object_get: a key written with an escape");
	CHECK(pakn_json_object_get(m->val, m->vallen, "n", &v, &n, &t) == 0 &&
	          t == PAKN_J_NUMBER && n == 6 && memcmp(v, "-1.5e3", 6) == 0,
	      "object_get: a number, no surrounding whitespace");
	CHECK(pakn_json_object_get(m->val, m->vallen, "ok", &v, &n, &t) == 0 &&
	          t == PAKN_J_TRUE,
	      "object_get: true");
	CHECK(pakn_json_object_get(m->val, m->vallen, "no", &v, &n, &t) == 0 &&
	          t == PAKN_J_NULL && n == 4,
	      "object_get: null, the last member");
	CHECK(pakn_json_object_get(m->val, m->vallen, "addr", &v, &n, &t) ==
	              0 &&
	          t == PAKN_J_OBJECT,
	      "object_get: a nested object");
	CHECK(pakn_json_object_get(v, n, "city", &v2, &n2, &t) == 0 &&
	          t == PAKN_J_STRING &&
	          n2 == strlen("\"H\xc3\xa0 N\xe1\xbb\x99i\""),
	      "object_get: two levels down");
	CHECK(pakn_json_object_get(v, n, "zip", &v2, &n2, &t) == 0 &&
	          t == PAKN_J_ARRAY && n2 == 11,
	      "object_get: an array with an object inside");
	CHECK(pakn_json_object_get(v, n, "a", &v2, &n2, &t) == -1,
	      "object_get: a key of a deeper object is not found");
	CHECK(pakn_json_object_get(m->val, m->vallen, "nam", &v, &n, &t) == -1,
	      "object_get: a prefix is not a key");
	CHECK(pakn_json_object_get(m->val, m->vallen, "city", &v, &n, &t) == -1,
	      "object_get: absent");
	m = pakn_record_find(r, "list");
	CHECK(m != NULL && pakn_json_object_get(m->val, m->vallen, "a", &v, &n,
	                                        &t) == -1,
	      "object_get: not an object");
	CHECK(pakn_json_object_get("{}", 2, "a", &v, &n, &t) == -1,
	      "object_get: empty object");
	{
		/* getv: several keys in one pass, the same answers as get */
		static const char *const keys[] = {"no", "type", "zip", "name",
		                                   "n"};
		struct pakn_json_val x[5];
		const struct pakn_member *s = pakn_record_find(r, "submitter");
		size_t i;
		int same = 1;

		CHECK(s != NULL && pakn_json_object_getv(s->val, s->vallen,
		                                         keys, 5, x) == 0,
		      "object_getv: an object");
		for (i = 0; s != NULL && i < 5; i++) {
			int rc = pakn_json_object_get(s->val, s->vallen,
			                              keys[i], &v, &n, &t);

			if (rc == 0 ? (x[i].val != v || x[i].len != n ||
			               x[i].type != t)
			            : x[i].val != NULL)
				same = 0;
		}
		CHECK(same, "object_getv: each key as object_get finds it, "
		            "absent ones NULL");
		CHECK(x[2].val == NULL, "object_getv: a deeper key is absent");
		CHECK(pakn_json_object_getv("[1]", 3, keys, 5, x) == -1,
		      "object_getv: not an object");
		CHECK(pakn_json_object_getv("{\"a\":1,\"a\":2}", 15, keys + 0,
		                            0, x) == 0,
		      "object_getv: no keys");
		{
			static const char *const a[] = {"a"};

			CHECK(pakn_json_object_getv("{\"a\":1,\"a\":2}", 15, a,
			                            1, x) == 0 &&
			          x[0].len == 1 && x[0].val[0] == '1',
			      "object_getv: the first of two members named "
			      "alike");
		}
	}

	free(keep);
	keep = malloc(16);
	memcpy(keep, "{\"a\":1\0,\"b\":2}", 14);
	CHECK(pakn_record_scan(r, keep, 14, NULL) == -1,
	      "object_get: a line with the NUL jansson lets through does not "
	      "scan");
	free(keep);
}

int
main(void)
{
	struct pakn_record r;
	clock_t t0 = clock();
	size_t i;

	pakn_record_init(&r);
	for (i = 0; i < NTABLE; i++)
		check_line(&r, table[i].name, table[i].text, table[i].len,
		           table[i].valid);
	test_depth(&r);
	test_generated(&r);
	test_utf8_sweep(&r);
	test_edits(&r);
	test_getters(&r);
	test_object_get(&r);
	test_fuzz(&r);
	pakn_record_release(&r);
	printf("# %.2f s\n", (double)(clock() - t0) / CLOCKS_PER_SEC);
	return unit_done();
}
