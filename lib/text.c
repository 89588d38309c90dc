/*
 * text.c: UTF-8 validation, NFC and Vietnamese folding (see text.h).
 * These run on every field of every record, so each has a fast path that
 * handles ASCII eight bytes at a time and the Vietnamese letters from
 * small tables; utf8proc is called only for text that is not already NFC
 * and, in folding, for letters outside the tables.
 */
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define HIGH_BITS 0x8080808080808080ULL

/* Length of the ASCII prefix of p[0..n), eight bytes at a time. */
static size_t
ascii_prefix(const unsigned char *p, size_t n)
{
	size_t i = 0;
	uint64_t w;

	while (n - i >= 8) {
		memcpy(&w, p + i, 8);
		if (w & HIGH_BITS)
			break;
		i += 8;
	}
	while (i < n && p[i] < 0x80)
		i++;
	return i;
}

/*
 * Decodes the non-ASCII sequence at p (p < end, *p >= 0x80) strictly:
 * returns its length and sets *cp, or returns 0 if it is invalid or
 * truncated.  The second-byte ranges rule out overlongs, surrogates and
 * code points above U+10FFFF (RFC 3629, section 4).
 */
static size_t
utf8_decode(const unsigned char *p, const unsigned char *end, uint32_t *cp)
{
	size_t avail = (size_t)(end - p), len;
	unsigned char c = p[0], lo = 0x80, hi = 0xBF;
	uint32_t v;

	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		return 0;
	}
	if (avail < len || p[1] < lo || p[1] > hi)
		return 0;
	v = (v << 6) | (p[1] & 0x3F);
	for (size_t i = 2; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3F);
	}
	*cp = v;
	return len;
}

int
pakn_utf8_valid(const char *s, size_t n, size_t *bad_offset)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	uint32_t cp;
	size_t len;

	for (;;) {
		p += ascii_prefix(p, (size_t)(end - p));
		if (p == end)
			return 1;
		len = utf8_decode(p, end, &cp);
		if (len == 0) {
			if (bad_offset)
				*bad_offset =
				    (size_t)(p - (const unsigned char *)s);
			return 0;
		}
		p += len;
	}
}

/*
 * The code points NFC leaves alone wherever they stand: canonical
 * combining class 0, not the second half of any canonical composition,
 * not a singleton or excluded decomposition.  The ranges were taken from
 * utf8proc 2.8 (Unicode 15) and are checked code point by code point
 * against it in tests/unit/test_text.c.  They skip U+0300-U+036F (the
 * combining marks), U+2000-U+2001 (singletons) and much else that
 * Vietnamese text does not need.
 */
static inline int
nfc_stable(uint32_t cp)
{
	if (cp < 0x0300)
		return 1;
	if (cp >= 0x1E00 && cp <= 0x1EFF)
		return 1;
	if (cp >= 0x2002 && cp <= 0x20CF)
		return 1;
	if (cp < 0x2002)
		return 0;
	return (cp >= 0x2100 && cp <= 0x2125) ||
	       (cp >= 0x2127 && cp <= 0x2129) ||
	       (cp >= 0x212C && cp <= 0x2328) ||
	       (cp >= 0x232B && cp <= 0x2ADB) ||
	       (cp >= 0xFE30 && cp <= 0xFFFD) ||
	       (cp >= 0x1F000 && cp <= 0x1FAFF);
}

int
pakn_text_nfc_stable(uint32_t cp)
{
	return nfc_stable(cp);
}

int
pakn_text_is_nfc(const char *s, size_t n)
{
	/* valid and NFC: pakn_text_check's fast decoding of Vietnamese */
	return pakn_text_check(s, n, NULL) == 2;
}

int
pakn_text_check(const char *s, size_t n, size_t *bad_offset)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	uint32_t cp;
	size_t len;
	int nfc = 1;

	/* pakn_utf8_valid and pakn_text_is_nfc in one pass, with the
	 * sequences of Vietnamese text decoded inline: this runs on every
	 * field of every row pakn-ingest reads. */
	for (;;) {
		p += ascii_prefix(p, (size_t)(end - p));
		if (p == end)
			return nfc ? 2 : 1;
		if (p[0] >= 0xC2 && p[0] <= 0xDF && end - p >= 2 &&
		    (p[1] & 0xC0) == 0x80) {
			cp = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
			if (nfc && cp >= 0x300 && !nfc_stable(cp))
				nfc = 0;
			p += 2;
			continue;
		}
		/* U+1E80-U+1EFF: the precomposed Vietnamese vowels. */
		if (p[0] == 0xE1 && end - p >= 3 &&
		    (p[1] == 0xBA || p[1] == 0xBB) && (p[2] & 0xC0) == 0x80) {
			p += 3;
			continue;
		}
		len = utf8_decode(p, end, &cp);
		if (len == 0) {
			if (bad_offset)
				*bad_offset =
				    (size_t)(p - (const unsigned char *)s);
			return 0;
		}
		if (nfc && !nfc_stable(cp))
			nfc = 0;
		p += len;
	}
}

int
pakn_text_valid_is_nfc(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	uint32_t cp;
	size_t len;

	/* Bytes below 0xCC are ASCII, continuation bytes or the leads of
	 * U+0080..U+02FF: nothing to look at.  Of the others, the common one
	 * in Vietnamese is 0xE1 0xB8..0xBB, U+1E00..U+1EFF, stable too. */
	for (;;) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		while (end - p >= 8) {
			uint64_t w;

			memcpy(&w, p, 8);
			/* bit 7 of each byte >= 0xCC: bit 7 set, and the low
			 * seven bits plus 0x34 reach 0x80 (no carry out) */
			w = ((w & 0x7F7F7F7F7F7F7F7Full) +
			     0x3434343434343434ull) &
			    w & HIGH_BITS;
			if (w != 0) {
				p += __builtin_ctzll(w) >> 3;
				break;
			}
			p += 8;
		}
#endif
		while (p < end && *p < 0xCC)
			p++;
		if (p == end)
			return 1;
		if (p[0] == 0xE1 && end - p >= 3 && p[1] >= 0xB8 &&
		    p[1] <= 0xBB) {
			p += 3;
			continue;
		}
		len = utf8_decode(p, end, &cp);
		if (len == 0 || !nfc_stable(cp))
			return 0;
		p += len;
	}
}

static int
nfc_map(const char *s, size_t n, struct pakn_buf *out)
{
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t r;

	r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &dst,
	                 UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (r < 0)
		return -1;
	pakn_buf_add(out, dst, (size_t)r);
	free(dst);
	return 0;
}

int
pakn_text_nfc_valid(const char *s, size_t n, struct pakn_buf *out)
{
	pakn_buf_reset(out);
	if (pakn_text_valid_is_nfc(s, n)) {
		pakn_buf_add(out, s, n);
		return 0;
	}
	return nfc_map(s, n, out);
}

int
pakn_text_nfc(const char *s, size_t n, struct pakn_buf *out)
{
	pakn_buf_reset(out);
	if (pakn_text_is_nfc(s, n)) {
		pakn_buf_add(out, s, n);
		return 0;
	}
	return nfc_map(s, n, out);
}

static inline int
ascii_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

void
pakn_text_trim(const char **s, size_t *n)
{
	const unsigned char *p = (const unsigned char *)*s;
	size_t len = *n;

	while (len > 0) {
		if (ascii_space(p[0])) {
			p++;
			len--;
		} else if (len >= 2 && p[0] == 0xC2 && p[1] == 0xA0) {
			p += 2;
			len -= 2;
		} else if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB &&
		           p[2] == 0xBF) {
			p += 3;
			len -= 3;
		} else {
			break;
		}
	}
	/* 0xC2 and 0xEF are lead bytes, so these tails are whole characters. */
	while (len > 0) {
		if (ascii_space(p[len - 1]))
			len--;
		else if (len >= 2 && p[len - 2] == 0xC2 && p[len - 1] == 0xA0)
			len -= 2;
		else if (len >= 3 && p[len - 3] == 0xEF && p[len - 2] == 0xBB &&
		         p[len - 1] == 0xBF)
			len -= 3;
		else
			break;
	}
	*s = (const char *)p;
	*n = len;
}

/*
 * What folding makes of the letters of U+00C0-U+024F and U+1E00-U+1EFF
 * when the result is one ASCII letter; '.' sends the code point to
 * utf8proc (fold_other).  Each entry equals fold_other's result; the unit
 * test checks all of them.
 */
/* clang-format off */
static const char fold_latin[0x250 - 0xC0 + 1] =
	/* 00C0 */ "aaaaaa.ceeeeiiii" ".nooooo..uuuuy.."
	/* 00E0 */ "aaaaaa.ceeeeiiii" ".nooooo..uuuuy.y"
	/* 0100 */ "aaaaaaccccccccdd" "ddeeeeeeeeeegggg"
	/* 0120 */ "gggghh..iiiiiiii" "i...jjkk.llllll."
	/* 0140 */ "...nnnnnn...oooo" "oo..rrrrrrssssss"
	/* 0160 */ "sstttt..uuuuuuuu" "uuuuwwyyyzzzzzzs"
	/* 0180 */ "................" "................"
	/* 01A0 */ "oo.............u" "u..............."
	/* 01C0 */ ".............aai" "ioouuuuuuuuuu.aa"
	/* 01E0 */ "aa....ggkkoooo.." "j...gg..nnaa...."
	/* 0200 */ "aaaaeeeeiiiioooo" "rrrruuuusstt..hh"
	/* 0220 */ "......aaeeoooooo" "ooyy............"
	/* 0240 */ "................";

static const char fold_latin_ext[0x100 + 1] =
	/* 1E00 */ "aabbbbbbccdddddd" "ddddeeeeeeeeeeff"
	/* 1E20 */ "gghhhhhhhhhhiiii" "kkkkkkllllllllmm"
	/* 1E40 */ "mmmmnnnnnnnnoooo" "oooopppprrrrrrrr"
	/* 1E60 */ "sssssssssstttttt" "ttuuuuuuuuuuvvvv"
	/* 1E80 */ "wwwwwwwwwwxxxxyy" "zzzzzzhtwy.s...."
	/* 1EA0 */ "aaaaaaaaaaaaaaaa" "aaaaaaaaeeeeeeee"
	/* 1EC0 */ "eeeeeeeeiiiioooo" "oooooooooooooooo"
	/* 1EE0 */ "oooouuuuuuuuuuuu" "uuyyyyyyyy......";
/* clang-format on */

/* Folds one code point outside the tables with utf8proc, appending it. */
static void
fold_other(uint32_t cp, const unsigned char *orig, size_t origlen,
           struct pakn_buf *out)
{
	utf8proc_int32_t dec[32];
	utf8proc_uint8_t enc[4];
	utf8proc_ssize_t k, i, m;
	int boundclass = 0;

	k = utf8proc_decompose_char((utf8proc_int32_t)cp, dec, 32,
	                            UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
	                                UTF8PROC_CASEFOLD,
	                            &boundclass);
	if (k < 0 || k > 32) {
		pakn_buf_add(out, orig, origlen);
		return;
	}
	for (i = 0; i < k; i++) {
		if (dec[i] == 0x111) {
			pakn_buf_addc(out, 'd');
			continue;
		}
		m = utf8proc_encode_char(dec[i], enc);
		pakn_buf_add(out, enc, (size_t)m);
	}
}

void
pakn_text_fold(const char *s, size_t n, struct pakn_buf *out)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	uint32_t cp;
	size_t len;
	char f;

	pakn_buf_reset(out);
	/* ASCII and table letters never grow: n bytes hold them. */
	pakn_buf_grow(out, n);
	while (p < end) {
		if (*p < 0x80) {
			/* Runs of ASCII, eight bytes at a time: each byte of
			 * 'A'..'Z' gets 0x20 added (no carry crosses bytes). */
			while (end - p >= 8) {
				uint64_t w, upper;

				memcpy(&w, p, 8);
				if (w & HIGH_BITS)
					break;
				upper = ((w + 0x3f3f3f3f3f3f3f3full) &
				         ~(w + 0x2525252525252525ull)) &
				        HIGH_BITS;
				w |= upper >> 2;
				memcpy(out->data + out->len, &w, 8);
				out->len += 8;
				p += 8;
			}
			while (p < end && *p < 0x80) {
				unsigned char c = *p++;

				out->data[out->len++] =
				    (char)(c >= 'A' && c <= 'Z'
				               ? c + ('a' - 'A')
				               : c);
			}
			continue;
		}
		/* The letters of Vietnamese, decoded inline. */
		if (p[0] >= 0xC3 && p[0] <= 0xC9 && end - p >= 2 &&
		    (p[1] & 0xC0) == 0x80) {
			cp = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
			len = 2;
		} else if (p[0] == 0xE1 && end - p >= 3 && p[1] >= 0xB8 &&
		           p[1] <= 0xBB && (p[2] & 0xC0) == 0x80) {
			cp = 0x1000 | ((uint32_t)(p[1] & 0x3F) << 6) |
			     (p[2] & 0x3F);
			len = 3;
		} else {
			len = utf8_decode(p, end, &cp);
			if (len == 0) {
				out->data[out->len++] = (char)*p++;
				continue;
			}
		}
		f = '.';
		if (cp >= 0xC0 && cp <= 0x24F)
			f = fold_latin[cp - 0xC0];
		else if (cp >= 0x1E00 && cp <= 0x1EFF)
			f = fold_latin_ext[cp - 0x1E00];
		else if (cp >= 0x300 && cp <= 0x36F) {
			p += len; /* a combining mark: dropped */
			continue;
		}
		if (f != '.') {
			out->data[out->len++] = f;
		} else {
			fold_other(cp, p, len, out);
			pakn_buf_grow(out, (size_t)(end - p));
		}
		p += len;
	}
	out->data[out->len] = '\0';
}

/* 1 if cp (not ASCII) is a letter or a digit. */
static int
alnum_other(uint32_t cp)
{
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO: return 1;
	default: return 0;
	}
}

void
pakn_text_fold_key(const char *s, size_t n, struct pakn_buf *out)
{
	unsigned char *d;
	size_t r = 0, w = 0, len;
	int gap = 0, keep;
	uint32_t cp;

	pakn_text_fold(s, n, out);
	/* Squeeze in place: the key is never longer than the folded text. */
	d = (unsigned char *)out->data;
	while (r < out->len) {
		if (d[r] < 0x80) {
			len = 1;
			keep = (d[r] >= 'a' && d[r] <= 'z') ||
			       (d[r] >= '0' && d[r] <= '9');
		} else {
			len = utf8_decode(d + r, d + out->len, &cp);
			keep = len > 0 && alnum_other(cp);
			if (len == 0)
				len = 1;
		}
		if (!keep) {
			gap = 1;
		} else {
			if (gap && w > 0)
				d[w++] = ' ';
			gap = 0;
			memmove(d + w, d + r, len);
			w += len;
		}
		r += len;
	}
	out->len = w;
	if (out->data)
		out->data[w] = '\0';
}

void
pakn_text_fold_place(const char *s, size_t n, struct pakn_buf *out)
{
	static const char *const prefixes[] = {
	    "thanh pho ", "thi tran ", "thi xa ", "dac khu ",
	    "phuong ",    "huyen ",    "quan ",   "tinh ",
	    "tp ",        "xa ",       NULL};
	const char *const *p;
	size_t k;

	pakn_text_fold_key(s, n, out);
	for (p = prefixes; *p; p++) {
		k = strlen(*p);
		if (out->len > k && memcmp(out->data, *p, k) == 0) {
			memmove(out->data, out->data + k, out->len - k + 1);
			out->len -= k;
			break;
		}
	}
}
