/*
 * test_text.c: unit tests of lib/text.c.  UTF-8 validity against a table
 * and against utf8proc on random bytes; the NFC quick check against
 * utf8proc for every code point of U+0000-U+2FFF (and the other ranges it
 * trusts), alone, after a letter and before a combining mark; the fold
 * tables against utf8proc entry by entry; folding examples and all 134
 * Vietnamese letters with diacritics.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "buf.h"
#include "text.h"
#include "unit.h"

/* Appends the UTF-8 encoding of cp to b. */
static void
add_cp(struct pakn_buf *b, uint32_t cp)
{
	utf8proc_uint8_t enc[4];
	utf8proc_ssize_t m = utf8proc_encode_char((utf8proc_int32_t)cp, enc);

	pakn_buf_add(b, enc, (size_t)m);
}

/* utf8proc's NFC of s[0..n) in a fresh malloc'd string, or NULL. */
static char *
ref_nfc(const char *s, size_t n, size_t *outlen)
{
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t r;

	r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &dst,
	                 UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (r < 0)
		return NULL;
	*outlen = (size_t)r;
	return (char *)dst;
}

/* 1 if utf8proc's NFC leaves s[0..n) unchanged. */
static int
ref_nfc_same(const char *s, size_t n)
{
	size_t m = 0;
	char *t = ref_nfc(s, n, &m);
	int same = t != NULL && m == n && memcmp(s, t, n) == 0;

	free(t);
	return same;
}

/* The reference fold: utf8proc decompose + strip marks + casefold, đ->d. */
static void
ref_fold(const char *s, size_t n, struct pakn_buf *out)
{
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t r;
	size_t i;

	pakn_buf_reset(out);
	r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &dst,
	                 UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
	                     UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
	if (r < 0)
		return;
	for (i = 0; i < (size_t)r; i++) {
		if (i + 1 < (size_t)r && dst[i] == 0xC4 && dst[i + 1] == 0x91) {
			pakn_buf_addc(out, 'd');
			i++;
		} else {
			pakn_buf_addc(out, (char)dst[i]);
		}
	}
	free(dst);
}

static void
test_valid(void)
{
	static const struct {
		const char *s;
		size_t n;
		int valid;
		size_t off;
		const char *what;
	} cases[] = {
	    {"", 0, 1, 0, "empty"},
	    {"abc", 3, 1, 0, "ASCII"},
	    {"Vi\xe1\xbb\x87t Nam", 10, 1, 0, "Viet Nam"},
	    {"\xc0\x80", 2, 0, 0, "overlong NUL C0 80"},
	    {"ab\xc1\xbf", 4, 0, 2, "overlong C1 BF"},
	    {"\xe0\x80\xaf", 3, 0, 0, "overlong 3-byte"},
	    {"\xe0\x9f\xbf", 3, 0, 0, "overlong 3-byte U+07FF"},
	    {"\xe0\xa0\x80", 3, 1, 0, "U+0800"},
	    {"\xf0\x80\x80\xaf", 4, 0, 0, "overlong 4-byte"},
	    {"\xf0\x8f\xbf\xbf", 4, 0, 0, "overlong 4-byte U+FFFF"},
	    {"\xf0\x90\x80\x80", 4, 1, 0, "U+10000"},
	    {"\xed\xa0\x80", 3, 0, 0, "surrogate U+D800"},
	    {"x\xed\xbf\xbf", 4, 0, 1, "surrogate U+DFFF"},
	    {"\xed\x9f\xbf", 3, 1, 0, "U+D7FF"},
	    {"\xee\x80\x80", 3, 1, 0, "U+E000"},
	    {"\xef\xbf\xbf", 3, 1, 0, "U+FFFF"},
	    {"x\xe1\x80", 3, 0, 1, "truncated at end"},
	    {"\xe1\x80x", 3, 0, 0, "truncated before ASCII"},
	    {"\xc3", 1, 0, 0, "lone lead byte"},
	    {"\x80", 1, 0, 0, "lone continuation byte"},
	    {"a\xbf", 2, 0, 1, "continuation after ASCII"},
	    {"\xff", 1, 0, 0, "0xFF"},
	    {"ab\xfe", 3, 0, 2, "0xFE"},
	    {"\xf4\x8f\xbf\xbf", 4, 1, 0, "U+10FFFF"},
	    {"\xf4\x90\x80\x80", 4, 0, 0, "U+110000"},
	    {"\xf5\x80\x80\x80", 4, 0, 0, "lead byte F5"},
	    {"\xf8\x88\x80\x80\x80", 5, 0, 0, "5-byte form"},
	    {"0123456789abcdefghij\xff", 21, 0, 20, "bad byte after 20 ASCII"},
	    {"0123456789abcdef\xc3\xa0\xc3", 19, 0, 18, "bad after fast path"},
	    {"a\0b", 3, 1, 0, "NUL is valid"},
	};
	size_t i, off;
	int v;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		off = 12345;
		v = pakn_utf8_valid(cases[i].s, cases[i].n, &off);
		CHECK_INT(v, cases[i].valid, cases[i].what);
		if (!cases[i].valid)
			CHECK_INT(off, cases[i].off,
			          "  offset of the bad byte");
	}
	CHECK(pakn_utf8_valid("\xff", 1, NULL) == 0, "bad_offset may be NULL");
}

/* Random strings biased towards UTF-8 edge cases, checked against utf8proc. */
static void
test_valid_random(void)
{
	static const unsigned char pool[] = {
	    'a',  ' ',  0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0,
	    0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef,
	    0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xfe, 0xff,
	};
	unsigned char s[16];
	unsigned long seed = 12345;
	int round, bad = 0, len, i, ref_ok;
	size_t off, ref_off;
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;

	for (round = 0; round < 200000; round++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		len = (int)((seed >> 33) % 16);
		for (i = 0; i < len; i++) {
			seed = seed * 6364136223846793005ULL + 1;
			s[i] = pool[(seed >> 33) % sizeof pool];
		}
		ref_ok = 1;
		ref_off = 0;
		for (i = 0; i < len; i += (int)k) {
			k = utf8proc_iterate(s + i, len - i, &cp);
			if (k < 0) {
				ref_ok = 0;
				ref_off = (size_t)i;
				break;
			}
		}
		off = 0;
		if (pakn_utf8_valid((char *)s, (size_t)len, &off) != ref_ok ||
		    (!ref_ok && off != ref_off))
			bad++;
	}
	CHECK_INT(bad, 0,
	          "utf8 validity agrees with utf8proc on 200000 "
	          "random strings");
}

/* pakn_text_check must say what pakn_utf8_valid and pakn_text_is_nfc
 * say, on random mixes of ASCII, Vietnamese letters, combining marks and
 * broken bytes. */
static void
test_check_random(void)
{
	static const char *const pool[] = {"a",
	                                   " ",
	                                   "\xc3\xa1",
	                                   "\xc6\xb0",
	                                   "\xc4\x91",
	                                   "\xe1\xbb\x87",
	                                   "\xe1\xba\xa3",
	                                   "\xcc\x82",
	                                   "\xcc\xa3",
	                                   "\xcd\x81",
	                                   "\xe2\x80\x9c",
	                                   "\xe2\x84\xab",
	                                   "\xf0\x9f\x98\x80",
	                                   "\xe1\xbb",
	                                   "\xff",
	                                   "\xc3",
	                                   "\xe1\xb8\x80",
	                                   "\xef\xbf\xbd"};
	char s[64];
	unsigned long seed = 4242;
	int round, bad = 0, parts, i, want, got;
	size_t len, off, ref_off;

	for (round = 0; round < 100000; round++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		parts = (int)((seed >> 33) % 12);
		len = 0;
		for (i = 0; i < parts; i++) {
			const char *p;

			seed = seed * 6364136223846793005ULL + 1;
			p = pool[(seed >> 33) % (sizeof pool / sizeof *pool)];
			memcpy(s + len, p, strlen(p));
			len += strlen(p);
		}
		ref_off = off = 0;
		want = !pakn_utf8_valid(s, len, &ref_off) ? 0
		       : pakn_text_is_nfc(s, len)         ? 2
		                                          : 1;
		got = pakn_text_check(s, len, &off);
		if (got != want || (want == 0 && off != ref_off))
			bad++;
	}
	CHECK_INT(bad, 0,
	          "pakn_text_check agrees with utf8_valid + is_nfc on "
	          "100000 random strings");
}

/* pakn_text_valid_is_nfc (valid UTF-8 only) must agree with
 * pakn_text_is_nfc on random valid strings of Vietnamese letters,
 * combining marks, Hangul jamo, Latin Extended Additional, symbols and
 * emoji, at every alignment of the eight-byte steps. */
static void
test_valid_nfc_random(void)
{
	static const char *const pool[] = {"a",
	                                   " ",
	                                   "Z",
	                                   "\xc3\xa1",
	                                   "\xc6\xb0",
	                                   "\xc4\x91",
	                                   "\xcb\xbf",
	                                   "\xe1\xbb\x87",
	                                   "\xe1\xba\xa3",
	                                   "\xe1\xb8\x80",
	                                   "\xe1\xb9\xbf",
	                                   "\xe1\x84\x80",
	                                   "\xe1\xb7\x80",
	                                   "\xcc\x82",
	                                   "\xcc\xa3",
	                                   "\xcd\x81",
	                                   "\xcd\xb0",
	                                   "\xe2\x80\x9c",
	                                   "\xe2\x84\xab",
	                                   "\xf0\x9f\x98\x80",
	                                   "\xef\xbf\xbd",
	                                   "\xea\xb0\x80",
	                                   "\xe0\xa4\x95"};
	char s[96];
	unsigned long seed = 777;
	int round, bad = 0, parts, i;
	size_t len;

	for (round = 0; round < 100000; round++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		parts = (int)((seed >> 33) % 20);
		len = 0;
		for (i = 0; i < parts; i++) {
			const char *p;

			seed = seed * 6364136223846793005ULL + 1;
			/* mostly ASCII, so the eight-byte steps are taken */
			p = (seed >> 40) % 3
			        ? "e"
			        : pool[(seed >> 33) %
			               (sizeof pool / sizeof *pool)];
			memcpy(s + len, p, strlen(p));
			len += strlen(p);
		}
		if (pakn_text_valid_is_nfc(s, len) != pakn_text_is_nfc(s, len))
			bad++;
	}
	CHECK_INT(bad, 0,
	          "pakn_text_valid_is_nfc agrees with is_nfc on 100000 "
	          "random valid strings");
	{
		struct pakn_buf out = {0};

		CHECK(pakn_text_nfc_valid("A\xcc\x81 Vi\xe1\xbb\x87t", 10,
		                          &out) == 0 &&
		          strcmp(out.data, "\xc3\x81 Vi\xe1\xbb\x87t") == 0,
		      "nfc_valid composes a decomposed letter");
		CHECK(pakn_text_nfc_valid("abcdefge\xcc\x81", 10, &out) == 0 &&
		          strcmp(out.data, "abcdefg\xc3\xa9") == 0,
		      "nfc_valid: a mark after eight ASCII bytes is seen");
		pakn_buf_release(&out);
	}
}

static void
test_nfc(void)
{
	static const char *const nfd[] = {
	    "Vie\xcc\x82\xcc\xa3t Nam", /* e + circumflex + dot */
	    "Vie\xcc\xa3\xcc\x82t",     /* e + dot + circumflex */
	    ("Ho\xcc\x80"
	     "a"),                       /* Hoà */
	    "D\xc6\xb0\xcc\x9b\xcc\x80", /* ư + extra horn: stays */
	    "u\xcc\x9b\xcc\x80ng",       /* ừng */
	    "\xe2\x84\xa6",              /* OHM SIGN, a singleton */
	    "a\xcc\x81\xcc\x81",         /* two acutes */
	    "\xe1\x84\x80\xe1\x85\xa1",  /* Hangul L + V */
	    "\xcc\x81start",             /* leading mark */
	};
	struct pakn_buf out = PAKN_BUF_INIT;
	size_t i, m = 0;
	char *want;
	int rc;

	for (i = 0; i < sizeof nfd / sizeof nfd[0]; i++) {
		want = ref_nfc(nfd[i], strlen(nfd[i]), &m);
		CHECK(pakn_text_is_nfc(nfd[i], strlen(nfd[i])) == 0,
		      "is_nfc says maybe for a decomposed string");
		rc = pakn_text_nfc(nfd[i], strlen(nfd[i]), &out);
		CHECK_INT(rc, 0, "nfc of decomposed text succeeds");
		CHECK(out.len == m && memcmp(out.data, want, m) == 0,
		      "nfc equals utf8proc_NFC");
		free(want);
	}
	pakn_text_nfc("Vie\xcc\x82\xcc\xa3t", 8, &out);
	CHECK_STR(out.data, "Vi\xe1\xbb\x87t", "Vie^.t composes to Việt");
	CHECK(pakn_text_is_nfc("Vi\xe1\xbb\x87t Nam", 10) == 1,
	      "is_nfc: precomposed Vietnamese is NFC");
	CHECK(pakn_text_is_nfc("Ph\xe1\xba\xa3n \xc3\xa1nh \xe2\x80\x93 "
	                       "\xe2\x82\xab \xf0\x9f\x98\x80",
	                       20) == 1,
	      "is_nfc: dash, dong sign and emoji are NFC");
	CHECK(pakn_text_is_nfc("", 0) == 1, "is_nfc: empty string");
	CHECK(pakn_text_is_nfc("abc\xff", 4) == 0, "is_nfc: invalid is 0");
	CHECK(pakn_text_is_nfc("\xc0\x80", 2) == 0, "is_nfc: overlong is 0");
	rc = pakn_text_nfc("abc\xff", 4, &out);
	CHECK_INT(rc, -1, "nfc rejects invalid UTF-8");
	rc = pakn_text_nfc("abc", 3, &out);
	CHECK(rc == 0 && strcmp(out.data, "abc") == 0, "nfc copies ASCII");
	rc = pakn_text_nfc("a\0b", 3, &out);
	CHECK(rc == 0 && out.len == 3, "nfc keeps an embedded NUL");
	rc = pakn_text_nfc("e\xcc\x81\0x", 5, &out);
	CHECK(rc == 0 && out.len == 4 &&
	          memcmp(out.data, "\xc3\xa9\0x", 4) == 0,
	      "nfc through utf8proc keeps an embedded NUL");
	pakn_buf_release(&out);
}

/*
 * The quick check's promise, code point by code point: whenever it says
 * 1, utf8proc leaves the string as it is; and text split before a stable
 * code point normalises in two halves exactly as in one piece.
 */
static void
test_nfc_differential(void)
{
	static const uint32_t ranges[][2] = {
	    {0x0000, 0x2FFF},
	    {0xFE00, 0xFFFD},
	    {0x1F000, 0x1FAFF},
	};
	/* Prefixes that compose with a following mark or starter. */
	static const char *const prefixes[] = {
	    "a",
	    "e\xcc\x82",
	    "<",
	    "\xe1\x84\x80",
	    "\xea\xb0\x80",
	    "\xe0\xad\x87",
	    "\xe0\xa7\x87",
	    "\xe0\xb7\x99",
	    "\xc6\xb0",
	};
	struct pakn_buf s = PAKN_BUF_INIT, a = PAKN_BUF_INIT;
	size_t r, p, m1 = 0, m2 = 0, m3 = 0;
	uint32_t cp;
	int lies = 0, bad_split = 0, stable_not_nfc = 0, checked = 0;
	uint32_t first_lie = 0, first_split = 0;
	char *whole, *left, *right;

	for (r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
		for (cp = ranges[r][0]; cp <= ranges[r][1]; cp++) {
			if (cp >= 0xD800 && cp <= 0xDFFF)
				continue;
			/* cp alone, after a letter, before a combining mark */
			for (int form = 0; form < 3; form++) {
				pakn_buf_reset(&s);
				if (form == 1)
					pakn_buf_adds(&s, "a");
				add_cp(&s, cp);
				if (form == 2)
					add_cp(&s, 0x0301);
				checked++;
				if (pakn_text_is_nfc(s.data, s.len) &&
				    !ref_nfc_same(s.data, s.len)) {
					if (lies++ == 0)
						first_lie = cp;
				}
			}
			if (!pakn_text_nfc_stable(cp))
				continue;
			pakn_buf_reset(&s);
			add_cp(&s, cp);
			if (!pakn_text_is_nfc(s.data, s.len))
				stable_not_nfc++;
			for (p = 0; p < sizeof prefixes / sizeof prefixes[0];
			     p++) {
				pakn_buf_reset(&a);
				pakn_buf_adds(&a, prefixes[p]);
				add_cp(&a, cp);
				whole = ref_nfc(a.data, a.len, &m1);
				left = ref_nfc(prefixes[p], strlen(prefixes[p]),
				               &m2);
				right = ref_nfc(s.data, s.len, &m3);
				if (whole == NULL || left == NULL ||
				    right == NULL || m1 != m2 + m3 ||
				    memcmp(whole, left, m2) != 0 ||
				    memcmp(whole + m2, right, m3) != 0) {
					if (bad_split++ == 0)
						first_split = cp;
				}
				free(whole);
				free(left);
				free(right);
			}
		}
	}
	if (lies)
		printf("# first code point is_nfc lied about: U+%04X\n",
		       (unsigned)first_lie);
	if (bad_split)
		printf("# first unstable split: U+%04X\n",
		       (unsigned)first_split);
	CHECK(checked > 3 * 0x3000, "the differential loop ran");
	CHECK_INT(lies, 0,
	          "is_nfc==1 implies utf8proc_NFC leaves it unchanged");
	CHECK_INT(bad_split, 0, "splitting before a stable code point is safe");
	CHECK_INT(stable_not_nfc, 0, "stable code points pass is_nfc");
	CHECK(pakn_text_nfc_stable('a') && !pakn_text_nfc_stable(0x0301) &&
	          !pakn_text_nfc_stable(0x1161) &&
	          !pakn_text_nfc_stable(0x2126),
	      "nfc_stable: ASCII yes; marks, Hangul V, singletons no");
	pakn_buf_release(&s);
	pakn_buf_release(&a);
}

static void
test_trim(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {" \t Vi\xe1\xbb\x87t \r\n", "Vi\xe1\xbb\x87t"},
	    {"\xc2\xa0x y\xc2\xa0", "x y"},
	    {"\xef\xbb\xbf"
	     "abc",
	     "abc"},
	    {"abc\xef\xbb\xbf \xc2\xa0", "abc"},
	    {" \xc2\xa0\xef\xbb\xbf\t", ""},
	    {"", ""},
	    {"a", "a"},
	    {"\xc3\xa0", "\xc3\xa0"}, /* à: A0 is not NBSP here */
	};
	const char *s;
	size_t n, i;
	char buf[64];

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		s = cases[i].in;
		n = strlen(s);
		pakn_text_trim(&s, &n);
		snprintf(buf, sizeof buf, "%.*s", (int)n, s);
		CHECK_STR(buf, cases[i].want, "trim");
	}
}

/* The fold tables agree with utf8proc for every code point they cover. */
static void
test_fold_tables(void)
{
	static const uint32_t ranges[][2] = {
	    {0x0000, 0x036F},
	    {0x1E00, 0x1EFF},
	    {0x2000, 0x20CF},
	    {0x0370, 0x04FF},
	};
	struct pakn_buf s = PAKN_BUF_INIT, got = PAKN_BUF_INIT,
	                want = PAKN_BUF_INIT;
	size_t r;
	uint32_t cp, first = 0;
	int bad = 0;

	for (r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
		for (cp = ranges[r][0]; cp <= ranges[r][1]; cp++) {
			pakn_buf_reset(&s);
			add_cp(&s, cp);
			pakn_text_fold(s.data, s.len, &got);
			ref_fold(s.data, s.len, &want);
			if (got.len != want.len ||
			    memcmp(got.data, want.data, got.len) != 0) {
				if (bad++ == 0)
					first = cp;
			}
		}
	}
	if (bad)
		printf("# first fold mismatch: U+%04X\n", (unsigned)first);
	CHECK_INT(bad, 0,
	          "fold agrees with utf8proc on U+0000-U+04FF, "
	          "U+1E00-U+1EFF, U+2000-U+20CF");
	pakn_buf_release(&s);
	pakn_buf_release(&got);
	pakn_buf_release(&want);
}

/* All 134 Vietnamese letters with diacritics fold to their base letter. */
static void
test_fold_letters(void)
{
	/* The 12 vowels without tone, lowercase, then đ. */
	static const uint32_t vowels[] = {
	    'a', 0x103, 0xE2, 'e', 0xEA, 'i', 'o', 0xF4, 0x1A1, 'u', 0x1B0, 'y',
	};
	static const char base[] = "aaaeeiooouuy";
	static const uint32_t tones[] = {0, 0x300, 0x301, 0x309, 0x303, 0x323};
	struct pakn_buf s = PAKN_BUF_INIT, c = PAKN_BUF_INIT,
	                got = PAKN_BUF_INIT;
	size_t v, t, m = 0;
	int upper, count = 0, bad = 0, notnfc = 0, badnfd = 0;
	uint32_t cp;
	char want[2] = {0, 0};
	char *nfd;
	utf8proc_uint8_t *d;
	utf8proc_ssize_t dn;

	for (upper = 0; upper < 2; upper++) {
		for (v = 0; v < sizeof vowels / sizeof vowels[0]; v++) {
			for (t = 0; t < 6; t++) {
				cp = vowels[v];
				if (cp < 0x80 && tones[t] == 0)
					continue; /* plain ASCII */
				if (upper)
					cp = (uint32_t)utf8proc_toupper(
					    (utf8proc_int32_t)cp);
				pakn_buf_reset(&s);
				add_cp(&s, cp);
				if (tones[t])
					add_cp(&s, tones[t]);
				/* the precomposed letter, one code point */
				nfd = ref_nfc(s.data, s.len, &m);
				pakn_buf_reset(&c);
				pakn_buf_add(&c, nfd, m);
				free(nfd);
				if (utf8proc_iterate((utf8proc_uint8_t *)c.data,
				                     (utf8proc_ssize_t)c.len,
				                     (utf8proc_int32_t *)&cp) !=
				    (utf8proc_ssize_t)c.len)
					continue;
				count++;
				want[0] = base[v];
				pakn_text_fold(c.data, c.len, &got);
				if (strcmp(got.data, want) != 0)
					bad++;
				if (!pakn_text_is_nfc(c.data, c.len))
					notnfc++;
				dn = utf8proc_map((utf8proc_uint8_t *)c.data,
				                  (utf8proc_ssize_t)c.len, &d,
				                  UTF8PROC_STABLE |
				                      UTF8PROC_DECOMPOSE);
				pakn_text_fold((char *)d, (size_t)dn, &got);
				if (strcmp(got.data, want) != 0)
					badnfd++;
				free(d);
			}
		}
		/* đ, Đ */
		pakn_text_fold(upper ? "\xc4\x90" : "\xc4\x91", 2, &got);
		count++;
		if (strcmp(got.data, "d") != 0)
			bad++;
	}
	CHECK_INT(count, 134, "134 Vietnamese letters with diacritics");
	CHECK_INT(bad, 0, "each folds to its base letter");
	CHECK_INT(badnfd, 0, "each folds the same when decomposed (NFD)");
	CHECK_INT(notnfc, 0, "each passes the NFC quick check");
	pakn_buf_release(&s);
	pakn_buf_release(&c);
	pakn_buf_release(&got);
}

static void
test_fold_examples(void)
{
	static const struct {
		const char *in, *fold, *key;
	} cases[] = {
	    {"\xc4\x90\xc6\xb0\xe1\xbb\x9dng H\xc3\xa0 N\xe1\xbb\x99i",
	     "duong ha noi", "duong ha noi"},
	    {"X\xe1\xba\xa2 TH\xe1\xba\xa2I", "xa thai", "xa thai"},
	    {"Ho\xc3\xa1", "hoa", "hoa"},
	    {"H\xc3\xb3"
	     "a",
	     "hoa", "hoa"},
	    {"Ho\xcc\x81"
	     "a",
	     "hoa", "hoa"}, /* NFD */
	    {"D\xc6\xb0\xcc\x9b\xcc\x80", "du", "du"},
	    {"TN&MT - M\xc3\xb4i tr\xc6\xb0\xe1\xbb\x9dng",
	     "tn&mt - moi truong", "tn mt moi truong"},
	    {"  S\xe1\xbb\x91   \xc4\x90T: ", "  so   dt: ", "so dt"},
	    {"Ng\xc3\xa0y_ti\xe1\xba\xbfp_nh\xe1\xba\xadn (dd/mm/yyyy)",
	     "ngay_tiep_nhan (dd/mm/yyyy)", "ngay tiep nhan dd mm yyyy"},
	    {"M\xc3\xa3 s\xe1\xbb\x91.H\xe1\xbb\x93 s\xc6\xa1", "ma so.ho so",
	     "ma so ho so"},
	    {"S\xe1\xbb\x91 1/2", "so 1/2", "so 1 2"},
	    {"ABC xyz 123", "abc xyz 123", "abc xyz 123"},
	    {"Stra\xc3\x9f"
	     "e",
	     "strasse", "strasse"},
	    {"\xce\x91\xce\x98\xce\x97\xce\x9d\xce\x91",
	     "\xce\xb1\xce\xb8\xce\xb7\xce\xbd\xce\xb1",
	     "\xce\xb1\xce\xb8\xce\xb7\xce\xbd\xce\xb1"},
	    {"\xe2\x80\x9cT\xc3\xaan\xe2\x80\x9d\xc2\xa0!",
	     "\xe2\x80\x9cten\xe2\x80\x9d\xc2\xa0!", "ten"},
	    {"", "", ""},
	    {"---", "---", ""},
	    {"\xe1\xbb\xb0", "u", "u"},
	    /* Long ASCII runs take the eight-bytes-at-a-time path: every
	     * byte around 'A'..'Z' and 'a'..'z' must come out right. */
	    {"@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcxyz{|}~ 0189:;<=>?",
	     "@abcdefghijklmnopqrstuvwxyz[\\]^_`abcxyz{|}~ 0189:;<=>?",
	     "abcdefghijklmnopqrstuvwxyz abcxyz 0189"},
	    {"PH\xe1\xba\xa2N \xc3\x81NH V\xe1\xbb\x80 T\xc3\x8cNH "
	     "TR\xe1\xba\xa0NG "
	     "X\xe1\xba\xa2 TH\xe1\xba\xa2I",
	     "phan anh ve tinh trang xa thai",
	     "phan anh ve tinh trang xa thai"},
	};
	struct pakn_buf out = PAKN_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pakn_text_fold(cases[i].in, strlen(cases[i].in), &out);
		CHECK_STR(out.data, cases[i].fold, "fold");
		pakn_text_fold_key(cases[i].in, strlen(cases[i].in), &out);
		CHECK_STR(out.data, cases[i].key, "fold_key");
	}
	pakn_text_fold("A\xffZ", 3, &out);
	CHECK(out.len == 3 && memcmp(out.data, "a\xffz", 3) == 0,
	      "fold copies an invalid byte");
	pakn_text_fold_key("A\xffZ", 3, &out);
	CHECK_STR(out.data, "a z", "fold_key treats an invalid byte as a gap");
	pakn_buf_release(&out);
}

int
main(void)
{
	test_valid();
	test_valid_random();
	test_check_random();
	test_valid_nfc_random();
	test_nfc();
	test_nfc_differential();
	test_trim();
	test_fold_tables();
	test_fold_letters();
	test_fold_examples();
	return unit_done();
}
