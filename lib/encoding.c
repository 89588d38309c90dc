/*
 * encoding.c: decoding the encodings of encoding.h (detection is in
 * encdetect.c, which shares the tables through encoding_int.h).
 *
 * The three legacy encodings are decoded by table, byte to code points,
 * and the result is put in NFC, which composes windows-1258's and VNI's
 * base letter + mark sequences into precomposed letters.  One table-driven
 * path for all three (rather than iconv for two of them) keeps the
 * streaming logic in one place and has no iconv state to carry between
 * calls: a letter and its mark split across two calls is handled by
 * holding back the decoded text after the last point where NFC could not
 * reach across (nfc_cut).  NFC itself mostly runs without utf8proc
 * (compose_fast), which makes windows-1258 and VNI decode about 4 times
 * faster than utf8proc_map alone.
 *
 * The tables (bytes 0x80-0xFF; 0x00-0x7F are ASCII in all three):
 *  - windows-1258: Microsoft's code page 1258 as glibc's iconv CP1258 has
 *    it; the unit test compares the two byte by byte.
 *  - tcvn3: TCVN 5712:1993.  VN3, the "ABC" set, is VN1 without the
 *    capitals with tone marks; glibc's TCVN5712-1 is VN1 and decodes all
 *    VN3 letters correctly, so 0x80-0xFF follow it (the unit test compares
 *    byte by byte), and VN1's capitals at 0x80-0x9F and elsewhere decode
 *    too.  Unlike glibc, 0x01-0x17 stay control characters: VN1 put
 *    capitals there, VN3 did not, and a CSV file may hold neither.
 *  - vni: VNI-Windows, not in iconv.  Tone and vowel marks are separate
 *    bytes after an ASCII base letter (Latin-1 letters in the font's
 *    layout: "Vieät" = Việt); đ ơ ư and i, ỵ with tones are single bytes.
 *    The mark bytes agree in the tables of xvnkb (vni.h), VBKey
 *    (mdlCodeTable.bas), the vietnamese-conversion npm package
 *    (charsets.ts) and a published "Bảng mã" comparison chart.  Bytes
 *    VNI does not use for Vietnamese decode as windows-1252, the code page
 *    VNI fonts are laid over.
 */
#include "encoding.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "encoding_int.h"
#include "text.h"

/* Two code points in one table entry: a, then b (0 if none). */
#define PAIR(a, b) ((uint32_t)(a) | ((uint32_t)(b) << 16))

/* windows-1258, bytes 0x80-0xFF; 0 is undefined. */
/* clang-format off */
static const uint32_t cp1258_high[128] = {
	/* 80 */ 0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	/* 88 */ 0x02C6, 0x2030, 0, 0x2039, 0x0152, 0, 0, 0,
	/* 90 */ 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	/* 98 */ 0x02DC, 0x2122, 0, 0x203A, 0x0153, 0, 0, 0x0178,
	/* A0 */ 0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7,
	/* A8 */ 0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE, 0xAF,
	/* B0 */ 0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7,
	/* B8 */ 0xB8, 0xB9, 0xBA, 0xBB, 0xBC, 0xBD, 0xBE, 0xBF,
	/* C0 */ 0xC0, 0xC1, 0xC2, 0x0102, 0xC4, 0xC5, 0xC6, 0xC7,
	/* C8 */ 0xC8, 0xC9, 0xCA, 0xCB, GRAVE, 0xCD, 0xCE, 0xCF,
	/* D0 */ 0x0110, 0xD1, HOOK, 0xD3, 0xD4, 0x01A0, 0xD6, 0xD7,
	/* D8 */ 0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0x01AF, TILDE, 0xDF,
	/* E0 */ 0xE0, 0xE1, 0xE2, 0x0103, 0xE4, 0xE5, 0xE6, 0xE7,
	/* E8 */ 0xE8, 0xE9, 0xEA, 0xEB, ACUTE, 0xED, 0xEE, 0xEF,
	/* F0 */ 0x0111, 0xF1, DOT, 0xF3, 0xF4, 0x01A1, 0xF6, 0xF7,
	/* F8 */ 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0x01B0, 0x20AB, 0xFF,
};
/* clang-format on */

/* TCVN 5712:1993 (VN1, of which VN3 is a subset), bytes 0x80-0xFF. */
/* clang-format off */
static const uint32_t tcvn3_high[128] = {
	/* 80 */ 0x00C0, 0x1EA2, 0x00C3, 0x00C1, 0x1EA0, 0x1EB6, 0x1EAC, 0x00C8,
	/* 88 */ 0x1EBA, 0x1EBC, 0x00C9, 0x1EB8, 0x1EC6, 0x00CC, 0x1EC8, 0x0128,
	/* 90 */ 0x00CD, 0x1ECA, 0x00D2, 0x1ECE, 0x00D5, 0x00D3, 0x1ECC, 0x1ED8,
	/* 98 */ 0x1EDC, 0x1EDE, 0x1EE0, 0x1EDA, 0x1EE2, 0x00D9, 0x1EE6, 0x0168,
	/* A0 */ 0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110,
	/* A8 */ 0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x1EB0,
	/* B0 */ GRAVE, HOOK, TILDE, ACUTE, DOT, 0x00E0, 0x1EA3, 0x00E3,
	/* B8 */ 0x00E1, 0x1EA1, 0x1EB2, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4,
	/* C0 */ 0x1EAE, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7,
	/* C8 */ 0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x1EC2, 0x1EBB, 0x1EBD,
	/* D0 */ 0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC,
	/* D8 */ 0x1EC9, 0x1EC4, 0x1EBE, 0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2,
	/* E0 */ 0x1ED4, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7,
	/* E8 */ 0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9,
	/* F0 */ 0x1ED6, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF,
	/* F8 */ 0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0,
};
/* clang-format on */

/*
 * VNI-Windows, bytes 0x80-0xFF.  0xC0-0xDF and 0xE0-0xFF are the same
 * marks for capitals and small letters; a mark byte decodes to combining
 * marks that NFC then composes with the letter before it.
 */
/* clang-format off */
static const uint32_t vni_high[128] = {
	/* 80 */ 0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	/* 88 */ 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	/* 90 */ 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	/* 98 */ 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
	/* A0 */ 0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7,
	/* A8 */ 0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE, 0xAF,
	/* B0 */ 0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7,
	/* B8 */ 0xB8, 0xB9, 0xBA, 0xBB, 0xBC, 0xBD, 0xBE, 0xBF,
	/* C0 À */ PAIR(CIRC, GRAVE),
	/* C1 Á */ PAIR(CIRC, ACUTE),
	/* C2 Â */ CIRC,
	/* C3 Ã */ PAIR(CIRC, TILDE),
	/* C4 Ä */ PAIR(CIRC, DOT),
	/* C5 Å */ PAIR(CIRC, HOOK),
	/* C6 Æ */ 0x1EC8,		/* Ỉ */
	/* C7 Ç */ 0x00C7,
	/* C8 È */ PAIR(BREVE, GRAVE),
	/* C9 É */ PAIR(BREVE, ACUTE),
	/* CA Ê */ BREVE,
	/* CB Ë */ PAIR(BREVE, DOT),
	/* CC Ì */ 0x00CC,		/* Ì */
	/* CD Í */ 0x00CD,		/* Í */
	/* CE Î */ 0x1EF4,		/* Ỵ */
	/* CF Ï */ DOT,
	/* D0 Ð */ 0x00D0,
	/* D1 Ñ */ 0x0110,		/* Đ */
	/* D2 Ò */ 0x1ECA,		/* Ị */
	/* D3 Ó */ 0x0128,		/* Ĩ */
	/* D4 Ô */ 0x01A0,		/* Ơ */
	/* D5 Õ */ TILDE,
	/* D6 Ö */ 0x01AF,		/* Ư */
	/* D7 × */ 0x00D7,
	/* D8 Ø */ GRAVE,
	/* D9 Ù */ ACUTE,
	/* DA Ú */ PAIR(BREVE, HOOK),
	/* DB Û */ HOOK,
	/* DC Ü */ PAIR(BREVE, TILDE),
	/* DD Ý */ 0x00DD,
	/* DE Þ */ 0x00DE,
	/* DF ß */ 0x00DF,
	/* E0 à */ PAIR(CIRC, GRAVE),
	/* E1 á */ PAIR(CIRC, ACUTE),
	/* E2 â */ CIRC,
	/* E3 ã */ PAIR(CIRC, TILDE),
	/* E4 ä */ PAIR(CIRC, DOT),
	/* E5 å */ PAIR(CIRC, HOOK),
	/* E6 æ */ 0x1EC9,		/* ỉ */
	/* E7 ç */ 0x00E7,
	/* E8 è */ PAIR(BREVE, GRAVE),
	/* E9 é */ PAIR(BREVE, ACUTE),
	/* EA ê */ BREVE,
	/* EB ë */ PAIR(BREVE, DOT),
	/* EC ì */ 0x00EC,		/* ì */
	/* ED í */ 0x00ED,		/* í */
	/* EE î */ 0x1EF5,		/* ỵ */
	/* EF ï */ DOT,
	/* F0 ð */ 0x00F0,
	/* F1 ñ */ 0x0111,		/* đ */
	/* F2 ò */ 0x1ECB,		/* ị */
	/* F3 ó */ 0x0129,		/* ĩ */
	/* F4 ô */ 0x01A1,		/* ơ */
	/* F5 õ */ TILDE,
	/* F6 ö */ 0x01B0,		/* ư */
	/* F7 ÷ */ 0x00F7,
	/* F8 ø */ GRAVE,
	/* F9 ù */ ACUTE,
	/* FA ú */ PAIR(BREVE, HOOK),
	/* FB û */ HOOK,
	/* FC ü */ PAIR(BREVE, TILDE),
	/* FD ý */ 0x00FD,
	/* FE þ */ 0x00FE,
	/* FF ÿ */ 0x00FF,
};
/* clang-format on */

/* A cached composition: starter + one or two marks -> one code point. */
struct comp {
	uint64_t key; /* 0: empty */
	uint32_t cp;
};

#define COMP_SLOTS 256

struct pakn_decoder {
	enum pakn_encoding enc0; /* as created */
	enum pakn_encoding enc;  /* as decoding (a BOM may change it) */
	int start;               /* no unit of the stream decoded yet */
	unsigned char pend[3];   /* a BOM prefix or half a UTF-16 unit */
	size_t npend;
	uint32_t hi;               /* UTF-16 high surrogate awaiting a pair */
	size_t hi_col;             /* its last byte's column in this call */
	unsigned long long hi_off; /* its stream offset */
	unsigned long long off;    /* stream offset of the current in[0] */
	struct pakn_buf raw;       /* decoded, not yet normalised */
	struct pakn_buf tmp;       /* NFC scratch */
	struct pakn_enc_seq map[128]; /* legacy encodings: 0x80-0xFF */
	struct comp comp[COMP_SLOTS]; /* see compose_fast */
};

const char *
pakn_encoding_name(enum pakn_encoding e)
{
	switch (e) {
	case PAKN_ENC_UTF8: return "utf-8";
	case PAKN_ENC_UTF8_BOM: return "utf-8-bom";
	case PAKN_ENC_UTF16LE: return "utf-16le";
	case PAKN_ENC_UTF16BE: return "utf-16be";
	case PAKN_ENC_CP1258: return "windows-1258";
	case PAKN_ENC_TCVN3: return "tcvn3";
	case PAKN_ENC_VNI: return "vni";
	default: return "unknown";
	}
}

int
pakn_encoding_parse(const char *name, enum pakn_encoding *e)
{
	static const struct {
		const char *name;
		enum pakn_encoding e;
	} names[] = {
	    {"utf8", PAKN_ENC_UTF8},        {"utf8bom", PAKN_ENC_UTF8_BOM},
	    {"utf8sig", PAKN_ENC_UTF8_BOM}, {"utf16", PAKN_ENC_UTF16LE},
	    {"utf16le", PAKN_ENC_UTF16LE},  {"ucs2", PAKN_ENC_UTF16LE},
	    {"ucs2le", PAKN_ENC_UTF16LE},   {"unicode", PAKN_ENC_UTF16LE},
	    {"utf16be", PAKN_ENC_UTF16BE},  {"ucs2be", PAKN_ENC_UTF16BE},
	    {"cp1258", PAKN_ENC_CP1258},    {"windows1258", PAKN_ENC_CP1258},
	    {"win1258", PAKN_ENC_CP1258},   {"tcvn3", PAKN_ENC_TCVN3},
	    {"tcvn", PAKN_ENC_TCVN3},       {"tcvn5712", PAKN_ENC_TCVN3},
	    {"tcvn57121", PAKN_ENC_TCVN3},  {"tcvn57121993", PAKN_ENC_TCVN3},
	    {"vn3", PAKN_ENC_TCVN3},        {"abc", PAKN_ENC_TCVN3},
	    {"vni", PAKN_ENC_VNI},          {"vniwindows", PAKN_ENC_VNI},
	    {"vniwin", PAKN_ENC_VNI},
	};
	char key[32];
	size_t k = 0, i;
	unsigned char c;

	for (; *name; name++) {
		c = (unsigned char)*name;
		if (c == '-' || c == '_' || c == ' ' || c == '.' || c == ':')
			continue;
		if (k + 1 >= sizeof key)
			return -1;
		key[k++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
	}
	key[k] = '\0';
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(key, names[i].name) == 0) {
			*e = names[i].e;
			return 0;
		}
	}
	return -1;
}

const uint32_t *
pakn_enc_legacy_table(enum pakn_encoding e)
{
	switch (e) {
	case PAKN_ENC_CP1258: return cp1258_high;
	case PAKN_ENC_TCVN3: return tcvn3_high;
	case PAKN_ENC_VNI: return vni_high;
	default: return NULL;
	}
}

/* Appends cp as UTF-8 to b. */
static void
add_cp(struct pakn_buf *b, uint32_t cp)
{
	pakn_buf_grow(b, 4);
	b->len = pakn_enc_put_utf8(b->data, b->len, cp);
	b->data[b->len] = '\0';
}

/* Fills map with the UTF-8 text of each byte 0x80-0xFF of table. */
void
pakn_enc_build_map(struct pakn_enc_seq map[128], const uint32_t *table)
{
	size_t i, len;

	for (i = 0; i < 128; i++) {
		len = 0;
		if (table[i] & 0xFFFF)
			len =
			    pakn_enc_put_utf8(map[i].s, len, table[i] & 0xFFFF);
		if (table[i] >> 16)
			len = pakn_enc_put_utf8(map[i].s, len, table[i] >> 16);
		map[i].len = (unsigned char)len;
	}
}

/*
 * Decodes p[0..n) with map, appending to out.  Returns n, or the index of
 * the first undefined byte; with lenient set, undefined bytes become
 * U+FFFD instead and are counted in *bad.
 */
size_t
pakn_enc_legacy_decode(const struct pakn_enc_seq map[128],
                       const unsigned char *p, size_t n, struct pakn_buf *out,
                       int lenient, size_t *bad)
{
	const struct pakn_enc_seq *m;
	size_t i;

	pakn_buf_grow(out, n);
	for (i = 0; i < n; i++) {
		if (p[i] < 0x80) {
			out->data[out->len++] = (char)p[i];
			continue;
		}
		m = &map[p[i] - 0x80];
		/* Room for this byte's text and the rest as ASCII. */
		pakn_buf_grow(out, n - i + sizeof m->s);
		if (m->len == 0) {
			if (!lenient)
				break;
			(*bad)++;
			memcpy(out->data + out->len, "\xef\xbf\xbd", 3);
			out->len += 3;
			continue;
		}
		memcpy(out->data + out->len, m->s, m->len);
		out->len += m->len;
	}
	out->data[out->len] = '\0';
	return i;
}

struct pakn_decoder *
pakn_decoder_new(enum pakn_encoding e, struct pakn_error *err)
{
	struct pakn_decoder *d;
	const uint32_t *table = pakn_enc_legacy_table(e);

	if (table == NULL && e != PAKN_ENC_UTF8 && e != PAKN_ENC_UTF8_BOM &&
	    e != PAKN_ENC_UTF16LE && e != PAKN_ENC_UTF16BE) {
		pakn_error_set(err, NULL, 0, 0, "cannot decode encoding '%s'",
		               pakn_encoding_name(e));
		return NULL;
	}
	d = pakn_xcalloc(1, sizeof *d);
	d->enc0 = d->enc = e;
	d->start = 1;
	if (table)
		pakn_enc_build_map(d->map, table);
	return d;
}

void
pakn_decoder_free(struct pakn_decoder *d)
{
	if (d == NULL)
		return;
	pakn_buf_release(&d->raw);
	pakn_buf_release(&d->tmp);
	free(d);
}

enum pakn_encoding
pakn_decoder_encoding(const struct pakn_decoder *d)
{
	return d->enc;
}

/* Back to the start of a new stream. */
static void
decoder_restart(struct pakn_decoder *d)
{
	d->enc = d->enc0;
	d->start = 1;
	d->npend = 0;
	d->hi = 0;
	d->off = 0;
	pakn_buf_reset(&d->raw);
}

/* Decodes the code point at p (valid UTF-8, we wrote it); returns length. */
static size_t
get_utf8(const unsigned char *p, uint32_t *cp)
{
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] < 0xE0) {
		*cp = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
		return 2;
	}
	if (p[0] < 0xF0) {
		*cp = ((uint32_t)(p[0] & 0x0F) << 12) |
		      ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
		return 3;
	}
	*cp = ((uint32_t)(p[0] & 0x07) << 18) |
	      ((uint32_t)(p[1] & 0x3F) << 12) | ((uint32_t)(p[2] & 0x3F) << 6) |
	      (p[3] & 0x3F);
	return 4;
}

/*
 * How much of the decoded text s[0..n) can be normalised now: up to the
 * end if it ends in an ASCII character that no mark can combine with
 * (anything but a letter or < = >), else up to the last code point that
 * starts a piece NFC handles on its own (pakn_text_nfc_stable); what
 * follows is held back, because a mark in the next call could still
 * combine with it.
 */
static size_t
nfc_cut(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char c;
	size_t i, j;
	uint32_t cp;

	if (n == 0)
		return 0;
	c = p[n - 1];
	if (c < 0x80 && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && c != '<' &&
	    c != '=' && c != '>')
		return n;
	for (i = n; i > 0; i = j) {
		j = i - 1;
		while (j > 0 && (p[j] & 0xC0) == 0x80)
			j--;
		if (p[j] < 0x80)
			return j;
		get_utf8(p + j, &cp);
		if (pakn_text_nfc_stable(cp))
			return j;
	}
	return 0;
}

static int
is_mark(uint32_t cp)
{
	return cp >= 0x300 && cp <= 0x36F;
}

/*
 * Appends to out the NFC of one segment: the stable starter st followed
 * by the marks m1 and m2 (m2 may be 0).  A segment that composes to one
 * code point is cached, so utf8proc sees each letter + marks once.
 */
static void
compose_segment(struct pakn_decoder *d, uint32_t st, uint32_t m1, uint32_t m2,
                struct pakn_buf *out)
{
	uint64_t key =
	    (uint64_t)st << 16 | (m1 - 0x2FF) << 8 | (m2 ? m2 - 0x2FF : 0);
	struct comp *c = &d->comp[(key * 0x9E3779B97F4A7C15ULL) >> 56];
	char seg[12];
	size_t len;
	uint32_t cp;

	if (c->key == key) {
		add_cp(out, c->cp);
		return;
	}
	len = pakn_enc_put_utf8(seg, 0, st);
	len = pakn_enc_put_utf8(seg, len, m1);
	if (m2)
		len = pakn_enc_put_utf8(seg, len, m2);
	if (pakn_text_nfc(seg, len, &d->tmp) != 0) { /* cannot happen */
		pakn_buf_add(out, seg, len);
		return;
	}
	pakn_buf_add(out, d->tmp.data, d->tmp.len);
	if (get_utf8((const unsigned char *)d->tmp.data, &cp) == d->tmp.len) {
		c->key = key;
		c->cp = cp;
	}
}

/*
 * Appends the NFC of s[0..n) to out without utf8proc in the common case:
 * text made of stable starters (pakn_text_nfc_stable), each followed by
 * at most two combining marks of U+0300-U+036F.  Such text splits into
 * segments that normalise independently (what test_text checks for every
 * stable code point), and each segment is composed by compose_segment.
 * Returns 0, or -1 (out unchanged) for anything else.
 */
static int
compose_fast(struct pakn_decoder *d, const char *s, size_t n,
             struct pakn_buf *out)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	size_t start = out->len, run, len, k;
	size_t st_pos = (size_t)-1; /* where the last starter is in out */
	uint32_t st = 0, cp, m[2];

	while (p < end) {
		for (run = 0; p + run < end && p[run] < 0x80; run++)
			;
		if (run) {
			pakn_buf_add(out, p, run);
			p += run;
			st_pos = out->len - 1;
			st = p[-1];
			continue;
		}
		len = get_utf8(p, &cp);
		if (!is_mark(cp)) {
			if (!pakn_text_nfc_stable(cp))
				goto slow;
			st_pos = out->len;
			st = cp;
			pakn_buf_add(out, p, len);
			p += len;
			continue;
		}
		/* marks after the starter at st_pos */
		if (st_pos == (size_t)-1)
			goto slow;
		for (k = 0; p < end; k++) {
			len = get_utf8(p, &cp);
			if (!is_mark(cp))
				break;
			if (k == 2)
				goto slow;
			m[k] = cp;
			p += len;
		}
		/* the loop checks that a stable starter follows */
		out->len = st_pos;
		compose_segment(d, st, m[0], k == 2 ? m[1] : 0, out);
		st_pos = (size_t)-1;
	}
	if (out->data)
		out->data[out->len] = '\0';
	return 0;
slow:
	out->len = start;
	if (out->data)
		out->data[start] = '\0';
	return -1;
}

/* Moves the normalised text of d->raw (all of it if final) to out. */
static void
emit(struct pakn_decoder *d, int final, struct pakn_buf *out)
{
	struct pakn_buf *raw = &d->raw;
	size_t cut = final ? raw->len : nfc_cut(raw->data, raw->len);

	if (cut == 0)
		return;
	if (pakn_text_is_nfc(raw->data, cut))
		pakn_buf_add(out, raw->data, cut);
	else if (compose_fast(d, raw->data, cut, out) == 0)
		;
	else if (pakn_text_nfc(raw->data, cut, &d->tmp) == 0)
		pakn_buf_add(out, d->tmp.data, d->tmp.len);
	else
		pakn_buf_add(out, raw->data, cut); /* cannot happen */
	memmove(raw->data, raw->data + cut, raw->len - cut);
	raw->len -= cut;
	raw->data[raw->len] = '\0';
}

/* UTF-8 in, UTF-8 out, minus a BOM at the start of the stream. */
static void
feed_utf8(struct pakn_decoder *d, const unsigned char *p, size_t n, int final,
          struct pakn_buf *out)
{
	static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};
	size_t i = 0;

	while (d->start && i < n) {
		d->pend[d->npend] = p[i++];
		if (d->pend[d->npend] != bom[d->npend]) {
			pakn_buf_add(out, d->pend, d->npend + 1);
			d->npend = 0;
			d->start = 0;
		} else if (++d->npend == 3) {
			d->npend = 0;
			d->start = 0;
		}
	}
	if (d->start && final && d->npend > 0) {
		pakn_buf_add(out, d->pend, d->npend); /* "\xEF\xBB" alone */
		d->npend = 0;
	}
	if (i < n)
		pakn_buf_add(out, p + i, n - i);
}

/*
 * UTF-16 into d->raw.  Returns 0; or -1 with err filled and *col set to
 * err->column (see pakn_decoder_feed), the input from in + *col still to
 * be decoded; or -2 with err filled when the stream ends inside a code
 * unit or after a high surrogate.
 */
static int
feed_utf16(struct pakn_decoder *d, const unsigned char *p, size_t n, int final,
           struct pakn_error *err, size_t *col)
{
	size_t i = 0;
	unsigned b0, b1;
	uint32_t u, hi;
	int from_pend;

	d->hi_col = 0; /* a pending high surrogate ended in an earlier call */
	while (i < n) {
		if (d->npend == 0 && n - i >= 2) {
			b0 = p[i];
			b1 = p[i + 1];
			from_pend = 0;
			i += 2;
		} else {
			d->pend[d->npend++] = p[i++];
			if (d->npend < 2)
				continue;
			b0 = d->pend[0];
			b1 = d->pend[1];
			d->npend = 0;
			from_pend = 1;
		}
		if (d->start) {
			d->start = 0;
			if (b0 == 0xFF && b1 == 0xFE) {
				d->enc = PAKN_ENC_UTF16LE;
				continue;
			}
			if (b0 == 0xFE && b1 == 0xFF) {
				d->enc = PAKN_ENC_UTF16BE;
				continue;
			}
		}
		u = d->enc == PAKN_ENC_UTF16LE ? b0 | b1 << 8 : b0 << 8 | b1;
		if (d->hi) {
			if (u >= 0xDC00 && u <= 0xDFFF) {
				add_cp(&d->raw, 0x10000 +
				                    ((d->hi - 0xD800) << 10) +
				                    (u - 0xDC00));
				d->hi = 0;
				continue;
			}
			/*
			 * Unpaired: report the surrogate, and leave u to be
			 * decoded again from in + *col (when its first byte
			 * came from an earlier call, that byte stays pending).
			 */
			if (from_pend)
				d->npend = 1;
			*col = d->hi_col;
			hi = d->hi;
			d->hi = 0;
			return pakn_error_set(
			    err, NULL, 0, (long)*col,
			    "unpaired utf-16 surrogate 0x%04X at offset %llu",
			    (unsigned)hi, d->hi_off);
		}
		if (u >= 0xD800 && u <= 0xDBFF) {
			d->hi = u;
			d->hi_col = i;
			d->hi_off = d->off + i - 2;
			continue;
		}
		if (u >= 0xDC00 && u <= 0xDFFF) {
			*col = i;
			return pakn_error_set(
			    err, NULL, 0, (long)i,
			    "unpaired utf-16 surrogate 0x%04X at offset %llu",
			    u, d->off + i - 2);
		}
		add_cp(&d->raw, u);
	}
	if (final && d->hi) {
		*col = d->hi_col;
		pakn_error_set(err, NULL, 0, (long)*col,
		               "utf-16 input ends after a high surrogate at "
		               "offset %llu",
		               d->hi_off);
		return -2;
	}
	if (final && d->npend) {
		*col = n;
		pakn_error_set(err, NULL, 0, (long)n,
		               "utf-16 input ends inside a code unit (odd "
		               "number of bytes)");
		return -2;
	}
	return 0;
}

int
pakn_decoder_feed(struct pakn_decoder *d, const char *in, size_t n, int final,
                  struct pakn_buf *out, struct pakn_error *err)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t col = 0, i;
	int rc = 0;

	switch (d->enc) {
	case PAKN_ENC_UTF8:
	case PAKN_ENC_UTF8_BOM:
		feed_utf8(d, p, n, final, out);
		d->off += n;
		if (final)
			decoder_restart(d);
		return 0;
	case PAKN_ENC_UTF16LE:
	case PAKN_ENC_UTF16BE:
		rc = feed_utf16(d, p, n, final, err, &col);
		if (rc == -1) {
			emit(d, 0, out);
			d->off += col;
			return -1;
		}
		if (rc == -2)
			rc = -1; /* a truncated end: the stream is over */
		break;
	default:
		d->start = 0;
		i = pakn_enc_legacy_decode(d->map, p, n, &d->raw, 0, NULL);
		if (i < n) {
			emit(d, 0, out);
			d->off += i + 1;
			return pakn_error_set(
			    err, NULL, 0, (long)(i + 1),
			    "undecodable byte 0x%02X in %s input at "
			    "offset %llu",
			    p[i], pakn_encoding_name(d->enc), d->off - 1);
		}
		break;
	}
	emit(d, final, out);
	d->off += n;
	if (final)
		decoder_restart(d);
	return rc;
}
