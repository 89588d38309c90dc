/*
 * encdetect.c: guessing the encoding of a sample (see encdetect.h).  BOMs
 * and UTF-16's NUL bytes decide first; valid UTF-8 is UTF-8; for the
 * legacy encodings, the sample is decoded with each table (encoding.c) and
 * the decoding whose words look most like Vietnamese syllables (onset +
 * rhyme, one tone mark) wins.
 */
#include "encdetect.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "buf.h"
#include "encoding_int.h"
#include "text.h"

/* Valid Vietnamese rhymes (vần), without tone marks. */
/* clang-format off */
static const char *const rhymes[] = {
	"a", "ac", "ach", "ai", "am", "an", "ang", "anh", "ao", "ap", "at",
	"au", "ay",
	"ăc", "ăm", "ăn", "ăng", "ăp", "ăt",
	"âc", "âm", "ân", "âng", "âp", "ât", "âu", "ây",
	"e", "ec", "em", "en", "eng", "eo", "ep", "et",
	"ê", "êch", "êm", "ên", "êng", "ênh", "êp", "êt", "êu",
	"i", "ia", "ich", "im", "in", "inh", "ip", "it", "iu",
	"iêc", "iêm", "iên", "iêng", "iêp", "iêt", "iêu",
	"o", "oc", "oi", "om", "on", "ong", "op", "ot", "ooc", "oong",
	"oa", "oac", "oach", "oai", "oam", "oan", "oang", "oanh", "oao",
	"oap", "oat", "oay", "oăc", "oăm", "oăn", "oăng", "oăt",
	"oe", "oen", "oeo", "oet",
	"ô", "ôc", "ôi", "ôm", "ôn", "ông", "ôp", "ôt",
	"ơ", "ơi", "ơm", "ơn", "ơp", "ơt",
	"u", "uc", "ui", "um", "un", "ung", "up", "ut",
	"ua", "uân", "uâng", "uât", "uây", "uê", "uêch", "uênh", "uơ",
	"uôc", "uôi", "uôm", "uôn", "uông", "uôt",
	"uy", "uya", "uych", "uyên", "uyêt", "uynh", "uyp", "uyt", "uyu",
	"ư", "ưa", "ưc", "ưi", "ưm", "ưn", "ưng", "ưt", "ưu",
	"ươc", "ươi", "ươm", "ươn", "ương", "ươp", "ươt", "ươu",
	"y", "yêm", "yên", "yêng", "yêt", "yêu",
};
/* clang-format on */

/* Initial consonants, longest first so "ngh" is tried before "ng". */
/* clang-format off */
static const char *const onsets[] = {
	"ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr",
	"b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t",
	"v", "x", "",
};
/* clang-format on */

#define NRHYMES (sizeof rhymes / sizeof rhymes[0])

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
is_rhyme(const char *const *sorted, const char *s)
{
	return bsearch(&s, sorted, NRHYMES, sizeof *sorted, cmp_str) != NULL;
}

/*
 * 1 if the toneless, lowercase word s (UTF-8) splits into an onset and a
 * rhyme.  After "qu" and "gi" the rhyme may also have lost its first
 * letter to the onset (quyết = qu + yêt, giếng = gi + êng).
 */
static int
syllable_shape(const char *const *sorted, const char *s)
{
	char buf[64];
	size_t i, k;

	for (i = 0; i < sizeof onsets / sizeof onsets[0]; i++) {
		k = strlen(onsets[i]);
		if (strncmp(s, onsets[i], k) != 0)
			continue;
		if (s[k] != '\0' && is_rhyme(sorted, s + k))
			return 1;
		if (k == 2 && (s[0] == 'q' || (s[0] == 'g' && s[1] == 'i'))) {
			snprintf(buf, sizeof buf, "%c%s", s[1], s + k);
			if (is_rhyme(sorted, buf))
				return 1;
		}
	}
	return 0;
}

/*
 * 1 if the word w[0..n) (NFC code points, letters and marks) looks like
 * one Vietnamese syllable: Vietnamese letters only, at most one tone
 * mark, lowercase, capitalised or all capitals, and an onset + rhyme
 * shape.
 */
static int
viet_syllable(const char *const *sorted, const uint32_t *w, size_t n)
{
	uint32_t letters[16], dec[8];
	size_t nl = 0, i, len = 0;
	utf8proc_ssize_t k, j;
	int tones = 0, upper = 0, lower = 0, boundclass = 0;
	uint32_t *last;
	char s[64];

	if (n == 0 || n > 12)
		return 0;
	for (i = 0; i < n; i++) {
		if (utf8proc_isupper((utf8proc_int32_t)w[i])) {
			upper++;
			if (i > 0 && lower)
				return 0;
		} else if (utf8proc_islower((utf8proc_int32_t)w[i])) {
			lower++;
			if (upper > 1)
				return 0;
		}
		k = utf8proc_decompose_char(
		    (utf8proc_int32_t)w[i], (utf8proc_int32_t *)dec, 8,
		    UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD, &boundclass);
		if (k <= 0 || k > 8)
			return 0;
		for (j = 0; j < k; j++) {
			last = nl ? &letters[nl - 1] : NULL;
			switch (dec[j]) {
			case GRAVE:
			case ACUTE:
			case TILDE:
			case HOOK:
			case DOT:
				if (++tones > 1 || last == NULL)
					return 0;
				break;
			case CIRC:
				if (last == NULL ||
				    (*last != 'a' && *last != 'e' &&
				     *last != 'o'))
					return 0;
				*last = *last == 'a'   ? 0xE2
				        : *last == 'e' ? 0xEA
				                       : 0xF4;
				break;
			case BREVE:
				if (last == NULL || *last != 'a')
					return 0;
				*last = 0x103;
				break;
			case HORN:
				if (last == NULL ||
				    (*last != 'o' && *last != 'u'))
					return 0;
				*last = *last == 'o' ? 0x1A1 : 0x1B0;
				break;
			default:
				if (!((dec[j] >= 'a' && dec[j] <= 'z') ||
				      dec[j] == 0x111) ||
				    nl == sizeof letters / sizeof letters[0])
					return 0;
				letters[nl++] = dec[j];
			}
		}
	}
	if (upper > 1 && lower > 0)
		return 0;
	for (i = 0; i < nl; i++)
		len = pakn_enc_put_utf8(s, len, letters[i]);
	s[len] = '\0';
	return syllable_shape(sorted, s);
}

/* Punctuation common in real Vietnamese text, neutral for scoring. */
static int
neutral_punct(uint32_t cp)
{
	return cp == 0xA0 || cp == 0xAB || cp == 0xBB || cp == 0xB0 ||
	       (cp >= 0x2010 && cp <= 0x2026) || cp == 0x20AB || cp == 0x20AC;
}

/*
 * How Vietnamese the UTF-8 text s[0..n) looks: +2 for each word with
 * non-ASCII letters that is a valid syllable, -2 for each that is not,
 * -1 for each other unlikely character.
 */
static long
viet_score(const char *const *sorted, const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	uint32_t word[16];
	size_t nw = 0, i = 0;
	int nonascii = 0, overlong = 0, inword;
	long score = 0;
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;
	utf8proc_category_t cat;

	while (i <= n) {
		cp = -1;
		inword = 0;
		if (i < n) {
			k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i),
			                     &cp);
			if (k <= 0) {
				k = 1;
				cp = 0xFFFD;
			}
			i += (size_t)k;
			if (cp < 0x80) {
				inword =
				    (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
			} else if (cp != 0xFFFD) {
				cat = utf8proc_category(cp);
				inword = cat >= UTF8PROC_CATEGORY_LU &&
				         cat <= UTF8PROC_CATEGORY_ME;
				if (!inword && !neutral_punct((uint32_t)cp) &&
				    cat != UTF8PROC_CATEGORY_ZS)
					score--;
			}
		} else {
			i++;
		}
		if (inword) {
			if (nw < sizeof word / sizeof word[0])
				word[nw++] = (uint32_t)cp;
			else
				overlong = 1;
			if (cp >= 0x80)
				nonascii = 1;
			continue;
		}
		if (nw > 0 && nonascii) {
			if (!overlong && viet_syllable(sorted, word, nw))
				score += 2;
			else
				score -= 2;
		}
		nw = 0;
		nonascii = overlong = 0;
	}
	return score;
}

/* 1 if p[0..n) (n < 4) is the start of a valid UTF-8 sequence. */
static int
utf8_prefix(const unsigned char *p, size_t n)
{
	unsigned char buf[4];
	size_t need;

	if (n == 0 || n > 3 || p[0] < 0xC2 || p[0] > 0xF4)
		return 0;
	need = p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : 4;
	if (n >= need)
		return 0;
	memcpy(buf, p, n);
	/* Complete it with continuation bytes any lead byte accepts. */
	if (n == 1)
		buf[n++] = p[0] == 0xE0 ? 0xA0 : p[0] == 0xF0 ? 0x90 : 0x80;
	while (n < need)
		buf[n++] = 0x80;
	return pakn_utf8_valid((const char *)buf, need, NULL);
}

/* UTF-16 without a BOM: most of one byte of each pair is NUL. */
static enum pakn_encoding
sniff_utf16(const unsigned char *s, size_t n)
{
	size_t pairs, i, zeven = 0, zodd = 0;

	if (n > 4096)
		n = 4096;
	pairs = n / 2;
	if (pairs < 2)
		return PAKN_ENC_UNKNOWN;
	for (i = 0; i + 1 < n; i += 2) {
		zeven += s[i] == 0;
		zodd += s[i + 1] == 0;
	}
	if (zodd * 10 >= pairs * 3 && zeven * 20 < pairs)
		return PAKN_ENC_UTF16LE;
	if (zeven * 10 >= pairs * 3 && zodd * 20 < pairs)
		return PAKN_ENC_UTF16BE;
	return PAKN_ENC_UNKNOWN;
}

enum pakn_encoding
pakn_encoding_detect(const char *sample, size_t n, int complete)
{
	static const enum pakn_encoding legacy[] = {
	    PAKN_ENC_CP1258,
	    PAKN_ENC_TCVN3,
	    PAKN_ENC_VNI,
	};
	const unsigned char *s = (const unsigned char *)sample;
	const char *sorted[NRHYMES];
	struct pakn_buf dec = PAKN_BUF_INIT, nfc = PAKN_BUF_INIT;
	struct pakn_enc_seq map[128];
	enum pakn_encoding e, best = PAKN_ENC_UNKNOWN;
	long score, best_score = 0;
	size_t bad = 0, i;

	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		return PAKN_ENC_UTF8_BOM;
	if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE)
		return PAKN_ENC_UTF16LE;
	if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF)
		return PAKN_ENC_UTF16BE;
	e = sniff_utf16(s, n);
	if (e != PAKN_ENC_UNKNOWN)
		return e;
	if (pakn_utf8_valid(sample, n, &bad))
		return PAKN_ENC_UTF8;
	if (!complete && n - bad < 4 && utf8_prefix(s + bad, n - bad))
		return PAKN_ENC_UTF8;

	/* Scoring a legacy decoding is slower; 256 KiB says enough. */
	if (n > 256 * 1024)
		n = 256 * 1024;
	memcpy(sorted, rhymes, sizeof rhymes);
	qsort(sorted, NRHYMES, sizeof sorted[0], cmp_str);
	for (i = 0; i < sizeof legacy / sizeof legacy[0]; i++) {
		pakn_enc_build_map(map, pakn_enc_legacy_table(legacy[i]));
		pakn_buf_reset(&dec);
		bad = 0;
		pakn_enc_legacy_decode(map, s, n, &dec, 1, &bad);
		if (pakn_text_nfc(dec.data, dec.len, &nfc) != 0)
			continue;
		score = viet_score(sorted, nfc.data, nfc.len) - 4 * (long)bad;
		if (score > best_score) {
			best_score = score;
			best = legacy[i];
		}
	}
	pakn_buf_release(&dec);
	pakn_buf_release(&nfc);
	return best;
}
