/*
 * mask.c: the free-text masker and leak finder (see mask.h).
 *
 * The scan is one loop over the NFC bytes.  A 256-entry table says which
 * bytes may start something (digits, '+', '(', '@', uppercase ASCII, and
 * the first bytes of the honorifics); everything else costs one lookup.
 * A number is read as a run of digit groups joined by single spaces, dots
 * or hyphens, then classified by its shape and the two words before it;
 * a run that is nothing is tried again shorter, then from its next group,
 * so "năm 2021 0912345678" still finds the phone.
 */
#define _GNU_SOURCE /* memmem */
#include "mask.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text.h"

#define MAXG 8     /* digit groups in one run */
#define MAXD 40    /* digits kept of one run */
#define WORDMAX 32 /* bytes of a context word */

enum { NONE = -1, KEEP = -2 };

/* ---- characters ------------------------------------------------------ */

/* Decodes the valid UTF-8 sequence at p (NFC text is valid); returns its
 * length. */
static size_t
dec(const unsigned char *p, const unsigned char *end, uint32_t *cp)
{
	if (p[0] < 0x80 || p + 1 >= end) {
		*cp = p[0];
		return 1;
	}
	if (p[0] < 0xE0) {
		*cp = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
		return 2;
	}
	if (p[0] < 0xF0 && p + 2 < end) {
		*cp = ((uint32_t)(p[0] & 0x0F) << 12) |
		      ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
		return 3;
	}
	if (p + 3 < end) {
		*cp = ((uint32_t)(p[0] & 0x07) << 18) |
		      ((uint32_t)(p[1] & 0x3F) << 12) |
		      ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
		return 4;
	}
	*cp = p[0];
	return 1;
}

/* The start of the character before offset off (off > 0). */
static size_t
prev_start(const char *t, size_t off)
{
	size_t k = off - 1;

	while (k > 0 && ((unsigned char)t[k] & 0xC0) == 0x80)
		k--;
	return k;
}

static int
is_letter(uint32_t c)
{
	if (c < 0x80)
		return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
	if (c >= 0xC0 && c <= 0x24F)
		return c != 0xD7 && c != 0xF7;
	return (c >= 0x1E00 && c <= 0x1EFF) || (c >= 0x300 && c <= 0x36F);
}

static int
is_upper(uint32_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z';
	if (c >= 0xC0 && c <= 0xDE)
		return c != 0xD7;
	if (c >= 0x100 && c <= 0x17F)
		return (c & 1) == 0;
	if (c == 0x1A0 || c == 0x1AF)
		return 1;
	if (c >= 0x1EA0 && c <= 0x1EF9)
		return (c & 1) == 0;
	return 0;
}

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int
is_alnum_ascii(unsigned char c)
{
	return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* The code point before off, or 0 at the start. */
static uint32_t
cp_before(const char *t, size_t n, size_t off)
{
	uint32_t cp;
	size_t k;

	if (off == 0)
		return 0;
	k = prev_start(t, off);
	dec((const unsigned char *)t + k, (const unsigned char *)t + n, &cp);
	return cp;
}

/* Whether nothing word-like follows offset end: a mask must not leave a
 * letter or digit glued to its token. */
static int
boundary_after(const char *t, size_t n, size_t end)
{
	uint32_t cp;

	if (end >= n)
		return 1;
	dec((const unsigned char *)t + end, (const unsigned char *)t + n, &cp);
	return !is_letter(cp) && !(cp < 0x80 && is_digit((unsigned char)cp));
}

/* ---- tables ---------------------------------------------------------- */

static const char *const kind_names[PAKN_MASK_KIND_COUNT] = {
    "phone",           "email",
    "id_number",       "tax_code",
    "bank_account",    "plate",
    "house_number",    "name",
    "submitter_name",  "submitter_phone",
    "submitter_email", "submitter_address"};

static const char *const tokens[PAKN_MASK_KIND_COUNT] = {"[số điện thoại]",
                                                         "[email]",
                                                         "[số định danh]",
                                                         "[mã số thuế]",
                                                         "[số tài khoản]",
                                                         "[biển số xe]",
                                                         "[số nhà]",
                                                         NULL,
                                                         NULL,
                                                         "[số điện thoại]",
                                                         "[email]",
                                                         "[địa chỉ]"};
/* A name of a single character, whose initial would be the name itself
 * (a Chinese or Korean name written in one syllable). */
#define NAME_TOKEN "[họ tên]"

/*
 * The end of the mask token that starts at t[i] ('['), or 0.  A token
 * already in the text (masked before) is opaque: nothing inside it is a
 * hit, so masking masked text changes nothing ("[số định danh]" holds
 * "Định" and "Danh", which are also given names).
 */
static size_t
token_at(const char *t, size_t n, size_t i)
{
	int k;

	for (k = 0; k <= PAKN_MASK_KIND_COUNT; k++) {
		const char *tok =
		    k < PAKN_MASK_KIND_COUNT ? tokens[k] : NAME_TOKEN;
		size_t l = tok ? strlen(tok) : 0;

		if (l && i + l <= n && memcmp(t + i, tok, l) == 0)
			return i + l;
	}
	return 0;
}

/* Whether t[a, b) has a byte of a token: a submitter's value never cuts
 * into one (".[email" is no one's address, even in "x.[email]"). */
static int
overlaps_token(const char *t, size_t n, size_t a, size_t b)
{
	size_t k = a >= 31 ? a - 31 : 0;

	for (; k < b; k++)
		if (t[k] == '[' && token_at(t, n, k) > a)
			return 1;
	return 0;
}

const char *
pakn_mask_kind_name(enum pakn_mask_kind k)
{
	return (k >= 0 && k < PAKN_MASK_KIND_COUNT) ? kind_names[k] : "?";
}

const char *
pakn_mask_token(enum pakn_mask_kind k)
{
	return (k >= 0 && k < PAKN_MASK_KIND_COUNT) ? tokens[k] : NULL;
}

/* Honorifics and labels, as written (NFC); a name must follow.  `colon`:
 * a ':' may follow the label. */
struct hon {
	const char *s;
	unsigned char len, colon;
};
#define H(s, c)                                                                \
	{                                                                      \
		s, sizeof s - 1, c                                             \
	}
static const struct hon honorifics[] = {
    H("ông", 0),        H("Ông", 0),        H("bà", 0),
    H("Bà", 0),         H("anh", 0),        H("Anh", 0),
    H("chị", 0),        H("Chị", 0),        H("em", 0),
    H("Em", 0),         H("cô", 0),         H("Cô", 0),
    H("chú", 0),        H("Chú", 0),        H("bác", 0),
    H("Bác", 0),        H("cháu", 0),       H("Cháu", 0),
    H("họ tên", 1),     H("Họ tên", 1),     H("họ và tên", 1),
    H("Họ và tên", 1),  H("HỌ TÊN", 1),     H("HỌ VÀ TÊN", 1),
    H("tôi tên là", 0), H("Tôi tên là", 0), H("tôi là", 0),
    H("Tôi là", 0),     H("công dân", 0),   H("Công dân", 0),
    H("ho ten", 1),     H("Ho ten", 1),     H("toi la", 0),
    H("Toi la", 0),     H("toi ten la", 0), H("Toi ten la", 0),
};
#undef H

/* Capitalised words after an honorific that are titles or bodies, not
 * names ("ông Chủ tịch", "bà Phó Giám đốc"). */
static const char *const not_names[] = {
    "Chủ",  "Phó",   "Giám", "Trưởng", "Bí",   "Chánh", "Cán",  "Tổ",
    "Đại",  "Thủ",   "Hiệu", "Ủy",     "Uỷ",   "UBND",  "HĐND", "Ban",
    "Sở",   "Phòng", "Công", "Trung",  "Tỉnh", "Huyện", "Xã",   "Phường",
    "Thôn", "Bộ",    "Đội",  "Trạm",   "Nhà",  "Chi",   "Tổng", "Kế",
    "Văn",  "Luật",  "Trụ",  "Quận",   "Đoàn", "Hội",   NULL};

/* Words (folded) after which a number is a legal reference. */
static const char *const legal_words[] = {
    "dinh",   "tu",   "van",   "ban", "luat",  "dieu", "khoan", "diem",
    "chuong", "muc",  "quyet", "thi", "hoach", "bao",  "trinh", "cao",
    "lenh",   "hieu", "nq",    "qd",  "nd",    "tt",   "cv",    NULL};
/* Words (folded) after which a number is an amount or a measure. */
static const char *const unit_words[] = {
    "dong", "d",  "vnd",  "vnđ", "trieu", "ty",  "nghin", "ngan", "usd",
    "m",    "m2", "km",   "ha",  "kg",    "tan", "hec",   "lit",  "cm",
    "mm",   "ty", "tram", "%",   "m²",    "m³",  "m3",    NULL};
/* Words before a number that make it a road, not a house. */
static const char *const road_words[] = {"duong", "lo",  "pho", "tuyen",
                                         "ql",    "tl",  "dt",  "quoc",
                                         "tinh",  "hem", NULL};

static int
in_list(const char *const *list, const char *w, size_t n)
{
	if (n == 0)
		return 0;
	for (; *list; list++)
		if ((*list)[0] == w[0] && strlen(*list) == n &&
		    memcmp(*list, w, n) == 0)
			return 1;
	return 0;
}

static int
weq(const struct pakn_buf *b, const char *s)
{
	return b->len == strlen(s) && memcmp(b->data, s, b->len) == 0;
}

/* Bytes that may start something the scan looks at. */
static unsigned char trigger[256];
_Static_assert(sizeof honorifics / sizeof *honorifics <= 64,
               "hon_by_byte holds 64 honorifics");
/* Bit h set in hon_by_byte[c]: honorifics[h] starts with byte c. */
static uint64_t hon_by_byte[256];
/* ASCII letters and the bytes of non-ASCII characters: inside a word none
 * of them starts anything (a letter triggers only at the start of a word,
 * after a byte that is not one of these nor a digit nor ']'); digits do,
 * anywhere, so they are not here. */
static unsigned char letter_byte[256];
static int trigger_ready;

static void
trigger_init(void)
{
	const char *w = "bBaAcCeEhHtT";
	int c;

	for (c = '0'; c <= '9'; c++)
		trigger[c] = 1;
	for (c = 'A'; c <= 'Z'; c++)
		trigger[c] = 2;
	for (; *w; w++)
		trigger[(unsigned char)*w] |= 4;
	trigger[0xC3] = 4; /* ô, Ô */
	trigger['+'] = 1;
	trigger['('] = 1;
	trigger['@'] = 8;
	trigger['['] = 16;
	for (c = 0; c < (int)(sizeof honorifics / sizeof *honorifics); c++)
		hon_by_byte[(unsigned char)honorifics[c].s[0]] |= UINT64_C(1)
		                                                  << c;
	for (c = 0; c < 256; c++)
		letter_byte[c] =
		    c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
	trigger_ready = 1;
}

/* ---- set-up ---------------------------------------------------------- */

void
pakn_mask_init(struct pakn_mask *m)
{
	memset(m, 0, sizeof *m);
	if (!trigger_ready)
		trigger_init();
}

void
pakn_mask_release(struct pakn_mask *m)
{
	size_t i;

	for (i = 0; i < m->nallow; i++)
		free(m->allow[i]);
	free(m->allow);
	pakn_mask_submitter_clear(m);
	free(m->sub);
	free(m->hits);
	free(m->risk);
	free(m->map);
	pakn_buf_release(&m->text);
	pakn_buf_release(&m->fold);
	pakn_buf_release(&m->w1);
	pakn_buf_release(&m->w2);
	pakn_buf_release(&m->tmp);
	memset(m, 0, sizeof *m);
}

/* The digits of s, "+84"/"84" at the start of 11+ digits read as "0". */
static size_t
digits_of(const char *s, size_t n, char *out, size_t cap)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 1 < cap; i++)
		if (is_digit((unsigned char)s[i]))
			out[k++] = s[i];
	out[k] = '\0';
	if (k >= 11 && out[0] == '8' && out[1] == '4') {
		memmove(out + 1, out + 2, k - 1);
		out[0] = '0';
		k--;
	}
	return k;
}

void
pakn_mask_allow(struct pakn_mask *m, const char *s, size_t n)
{
	char d[MAXD + 1];
	size_t k = digits_of(s, n, d, sizeof d);

	if (k == 0)
		return;
	m->allow = pakn_xrealloc(m->allow, (m->nallow + 1) * sizeof *m->allow);
	m->allow[m->nallow++] = pakn_xstrdup(d);
}

int
pakn_mask_allow_file(struct pakn_mask *m, const char *path,
                     struct pakn_error *err)
{
	FILE *fp = fopen(path, "r");
	char line[512];
	long no = 0;

	if (fp == NULL)
		return pakn_error_set(err, path, 0, 0, "cannot open: %s",
		                      strerror(errno));
	while (fgets(line, sizeof line, fp)) {
		char *hash = strchr(line, '#'), *p;
		int any = 0, blank = 1;

		no++;
		if (hash)
			*hash = '\0';
		for (p = line; *p; p++) {
			any |= is_digit((unsigned char)*p);
			blank &= (*p == ' ' || *p == '\t' || *p == '\n' ||
			          *p == '\r');
		}
		if (blank)
			continue;
		if (!any) {
			fclose(fp);
			return pakn_error_set(err, path, no, 0,
			                      "not a number: '%s'", line);
		}
		pakn_mask_allow(m, line, strlen(line));
	}
	if (ferror(fp)) {
		fclose(fp);
		return pakn_error_set(err, path, 0, 0, "cannot read");
	}
	fclose(fp);
	return 0;
}

void
pakn_mask_submitter_clear(struct pakn_mask *m)
{
	size_t i;

	for (i = 0; i < m->nsub; i++)
		free(m->sub[i].fold);
	m->nsub = 0;
	m->submax = 0;
	m->sub_letter = 0;
}

/* A byte of a word: a submitter's value cannot start or end beside it. */
static int
word_byte(unsigned char c)
{
	return c >= 0x80 || is_alnum_ascii(c);
}

/* Whether folded s[0, n) has a word of one letter or digit ("ong t",
 * "nguyen van a"): initials could complete it. */
static int
one_letter_word(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t k = i;

		while (k < n && word_byte((unsigned char)s[k]))
			k++;
		if (k == i + 1)
			return 1;
		i = k + 1;
	}
	return 0;
}

void
pakn_mask_submitter_add(struct pakn_mask *m, enum pakn_mask_kind kind,
                        const char *s, size_t n)
{
	struct pakn_buf *f = &m->tmp;
	const char *p;
	size_t len;

	if (kind == PAKN_MASK_SUBMITTER_PHONE) {
		char d[MAXD + 1];
		size_t k = digits_of(s, n, d, sizeof d);

		if (k < 8)
			return;
		pakn_buf_reset(f);
		pakn_buf_add(f, d, k);
	} else {
		pakn_text_fold(s, n, f);
	}
	p = f->data;
	len = f->len;
	pakn_text_trim(&p, &len);
	if (len < 4)
		return;
	if (m->nsub == m->capsub) {
		m->capsub = m->capsub ? 2 * m->capsub : 8;
		m->sub = pakn_xrealloc(m->sub, m->capsub * sizeof *m->sub);
	}
	m->sub[m->nsub].kind = kind;
	m->sub[m->nsub].fold = pakn_xstrndup(p, len);
	m->sub[m->nsub].n = len;
	m->nsub++;
	if (len > m->submax)
		m->submax = len;
	m->sub_letter |= one_letter_word(p, len);
}

/* ---- hits ------------------------------------------------------------ */

static void
push(struct pakn_mask *m, enum pakn_mask_kind kind, size_t off, size_t end)
{
	if (m->nhits == m->caphits) {
		m->caphits = m->caphits ? 2 * m->caphits : 16;
		m->hits = pakn_xrealloc(m->hits, m->caphits * sizeof *m->hits);
	}
	m->hits[m->nhits].kind = kind;
	m->hits[m->nhits].off = off;
	m->hits[m->nhits].len = end - off;
	m->nhits++;
}

/* ---- context words --------------------------------------------------- */

/*
 * Folds into w the word that ends before offset `end`, skipping spaces
 * and one ':' first; returns the offset where that word starts (end if
 * there is none: w is then empty).
 */
static size_t
word_before(const char *t, size_t n, size_t end, struct pakn_buf *w)
{
	size_t k = end, start;
	uint32_t cp;

	pakn_buf_reset(w);
	while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'))
		k--;
	if (k > 0 && t[k - 1] == ':')
		k--;
	while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'))
		k--;
	start = k;
	while (start > 0 && end - start < WORDMAX) {
		size_t s = prev_start(t, start);

		dec((const unsigned char *)t + s, (const unsigned char *)t + n,
		    &cp);
		if (!is_letter(cp))
			break;
		start = s;
	}
	if (start == k)
		return end;
	pakn_text_fold(t + start, k - start, w);
	return start;
}

/* Folds into w the word that starts after offset `off` (spaces skipped);
 * a lone '%' counts as a word. */
static void
word_after(const char *t, size_t n, size_t off, struct pakn_buf *w)
{
	size_t k = off, e;
	uint32_t cp;

	pakn_buf_reset(w);
	while (k < n && t[k] == ' ')
		k++;
	if (k < n && t[k] == '%') {
		pakn_buf_addc(w, '%');
		return;
	}
	e = k;
	while (e < n && e - k < WORDMAX) {
		size_t l = dec((const unsigned char *)t + e,
		               (const unsigned char *)t + n, &cp);

		if (!is_letter(cp) && cp != 0xB2 && cp != 0xB3)
			break;
		e += l;
	}
	if (e > k)
		pakn_text_fold(t + k, e - k, w);
}

/* ---- numbers --------------------------------------------------------- */

struct run {
	size_t start;      /* '+', '(' or the first digit */
	size_t end[MAXG];  /* offset after group g */
	size_t nd[MAXG];   /* digits up to and with group g */
	size_t glen[MAXG]; /* digits in group g */
	char sep[MAXG];    /* the separator before group g */
	char d[MAXD + 1];
	int ng, plus, paren;
};

/* Reads the digit run at t[i] (a digit, '+' or '('); 0 if there is none. */
static int
read_run(const char *t, size_t n, size_t i, struct run *r)
{
	size_t j = i, nd = 0;

	memset(r, 0, sizeof *r);
	r->start = i;
	if (t[j] == '+') {
		r->plus = 1;
		j++;
	} else if (t[j] == '(') {
		size_t k = j + 1;

		while (k < n && is_digit((unsigned char)t[k]))
			k++;
		if (k >= n || t[k] != ')' || k - j - 1 < 2 || k - j - 1 > 4 ||
		    t[j + 1] != '0')
			return 0;
		memcpy(r->d, t + j + 1, k - j - 1);
		nd = k - j - 1;
		r->glen[0] = nd;
		r->nd[0] = nd;
		r->end[0] = k + 1;
		r->ng = 1;
		r->paren = 1;
		j = k + 1;
		if (j + 1 < n && t[j] == ' ' &&
		    is_digit((unsigned char)t[j + 1]))
			j++;
		else
			return 1;
	}
	if (j >= n || !is_digit((unsigned char)t[j]))
		return r->ng > 0;
	for (;;) {
		size_t g0 = j;

		while (j < n && is_digit((unsigned char)t[j])) {
			if (nd < MAXD)
				r->d[nd++] = t[j];
			j++;
		}
		r->glen[r->ng] = j - g0;
		r->nd[r->ng] = nd;
		r->end[r->ng] = j;
		r->ng++;
		if (r->ng == MAXG || j + 1 >= n ||
		    (t[j] != ' ' && t[j] != '.' && t[j] != '-') ||
		    !is_digit((unsigned char)t[j + 1]))
			break;
		r->sep[r->ng] = t[j];
		j++;
	}
	r->d[nd] = '\0';
	return 1;
}

static int
allowed(const struct pakn_mask *m, const char *d, size_t nd)
{
	char norm[MAXD + 1];
	size_t i;

	if (!m->no_default_allow &&
	    ((nd == 4 && memcmp(d, "1022", 4) == 0) ||
	     (nd >= 8 && nd <= 10 &&
	      (memcmp(d, "1900", 4) == 0 || memcmp(d, "1800", 4) == 0))))
		return 1;
	if (m->nallow == 0)
		return 0;
	memcpy(norm, d, nd);
	norm[nd] = '\0';
	if (nd >= 11 && d[0] == '8' && d[1] == '4') {
		norm[0] = '0';
		memmove(norm + 1, d + 2, nd - 2);
		norm[nd - 1] = '\0';
	}
	for (i = 0; i < m->nallow; i++)
		if (strcmp(m->allow[i], norm) == 0)
			return 1;
	return 0;
}

static int
phone_shape(const struct run *r, const char *d, size_t nd)
{
	if (r->plus)
		return nd >= 11 && d[0] == '8' && d[1] == '4' &&
		       (nd == 11 || (nd == 12 && d[2] == '2'));
	if (r->paren)
		return d[0] == '0' && (nd == 10 || nd == 11);
	if (d[0] == '0')
		return (nd == 10 && strchr("35789", d[1]) != NULL) ||
		       (nd == 11 && (d[1] == '1' || d[1] == '2'));
	if (d[0] == '8' && d[1] == '4')
		return (nd == 11 && strchr("35789", d[2]) != NULL) ||
		       (nd == 12 && d[2] == '2');
	return 0;
}

/* Whether offset at is inside the last hit, a name: its words ("Văn",
 * "Thị", "Định" are also words of legal references) say nothing about a
 * number after it, as its initials would not. */
static int
in_name(const struct pakn_mask *m, size_t at)
{
	const struct pakn_mask_hit *h;

	if (m->nhits == 0)
		return 0;
	h = &m->hits[m->nhits - 1];
	return (h->kind == PAKN_MASK_NAME ||
	        h->kind == PAKN_MASK_SUBMITTER_NAME) &&
	       at >= h->off && at < h->off + h->len;
}

/* The context of a number: the two words before it. */
struct nctx {
	int account, tax, id, house, legal, road;
};

static void
number_context(struct pakn_mask *m, const char *t, size_t n, size_t start,
               struct nctx *c)
{
	struct pakn_buf *w1 = &m->w1, *w2 = &m->w2;
	size_t s1 = word_before(t, n, start, w1), s2;

	memset(c, 0, sizeof *c);
	if (w1->len == 0 || in_name(m, s1))
		return;
	s2 = word_before(t, n, s1, w2);
	if (in_name(m, s2))
		pakn_buf_reset(w2);
	c->account = weq(w1, "stk") || weq(w1, "tk") ||
	             (weq(w1, "khoan") && weq(w2, "tai"));
	c->tax = weq(w1, "mst") || weq(w1, "thue") || weq(w1, "mstdn");
	c->id = weq(w1, "cccd") || weq(w1, "cmnd") || weq(w1, "cmt") ||
	        weq(w1, "cuoc") || weq(w1, "minh") || weq(w1, "chieu") ||
	        weq(w1, "danh");
	c->legal = in_list(legal_words, w1->data, w1->len);
	if (weq(w1, "ngo") || weq(w1, "ngach") || weq(w1, "hem") ||
	    weq(w1, "kiet"))
		c->house = 1;
	else if (weq(w1, "nha") && weq(w2, "so"))
		c->house = 1;
	else if (weq(w1, "so") && !weq(w2, "ho")) {
		if (in_list(legal_words, w2->data, w2->len))
			c->legal = 1;
		else if (in_list(road_words, w2->data, w2->len))
			c->road = 1;
		else
			c->house = 1;
	}
}

/* Extends a house number over a letter suffix and "/12" parts; sets
 * *legal when a "/QĐ" part makes it a legal reference. */
static size_t
slash_chain(const char *t, size_t n, size_t end, int *legal)
{
	*legal = 0;
	while (end + 1 < n && t[end] == '/') {
		unsigned char c = (unsigned char)t[end + 1];

		if (is_digit(c)) {
			end++;
			while (end < n && is_digit((unsigned char)t[end]))
				end++;
			if (end < n && is_alnum_ascii((unsigned char)t[end]) &&
			    !is_digit((unsigned char)t[end]) &&
			    (end + 1 >= n ||
			     !is_alnum_ascii((unsigned char)t[end + 1])))
				end++;
		} else if (c >= 0x80 || is_alnum_ascii(c) || c == '[') {
			*legal = 1;
			break;
		} else {
			break;
		}
	}
	return end;
}

/*
 * Classifies groups [0, g) of run r: a kind, KEEP (leave it and its
 * suffix, up to *end) or NONE (try a shorter run).
 */
static int
classify(struct pakn_mask *m, const char *t, size_t n, const struct run *r,
         int g, const struct nctx *c, size_t *end)
{
	const char *d = r->d;
	size_t nd = r->nd[g - 1];
	int k, uniform = 1, legal;
	uint32_t after;

	*end = r->end[g - 1];
	after = *end < n ? (unsigned char)t[*end] : 0;
	if (c->account && nd >= 6 && nd <= 20)
		return PAKN_MASK_BANK_ACCOUNT;
	if (allowed(m, d, nd))
		return KEEP;
	if (c->tax && (nd == 10 || nd == 13))
		return PAKN_MASK_TAX_CODE;
	if (g == 2 && r->glen[0] == 10 && r->sep[1] == '-' && r->glen[1] == 3)
		return PAKN_MASK_TAX_CODE;
	if (c->id && (nd == 9 || nd == 12))
		return PAKN_MASK_ID_NUMBER;
	if (phone_shape(r, d, nd) && !(after < 0x80 && is_alnum_ascii(after)))
		return PAKN_MASK_PHONE;
	if (r->plus || r->paren)
		return NONE;
	if (d[0] != '0') {
		word_after(t, n, *end, &m->w2);
		if (m->w2.len && in_list(unit_words, m->w2.data, m->w2.len))
			return KEEP;
		for (k = 1; k < g; k++)
			if (r->glen[k] != 3 || r->sep[k] != r->sep[1] ||
			    r->sep[k] == '-' || r->sep[k] == ' ')
				uniform = 0;
		if (g >= 2 && uniform && r->glen[0] <= 3)
			return KEEP; /* 5.000.000 */
	}
	if (after < 0x80 && is_alnum_ascii(after) && !c->house)
		return NONE;
	/* A bare 9-, 10- or 12-digit number is an identity number or a tax
	 * code even after a "legal" word: legal references are short or
	 * have a '/' part, and "Văn", "Thị", "Định", "Bảo" end names. */
	if (g == 1 && !c->road && !(after == '/')) {
		if (nd == 10)
			return PAKN_MASK_TAX_CODE;
		if (nd == 9 || nd == 12)
			return PAKN_MASK_ID_NUMBER;
	}
	if (g > 1 && nd == 12 && r->sep[1] == ' ')
		return PAKN_MASK_ID_NUMBER;
	if (c->house && g == 1 && nd <= 6 &&
	    !(*end + 1 < n && (t[*end] == '-' || t[*end] == '.') &&
	      (is_digit((unsigned char)t[*end + 1]) || t[*end + 1] == '['))) {
		size_t e = *end;

		if (e < n && is_alnum_ascii((unsigned char)t[e]) &&
		    (e + 1 >= n || !is_alnum_ascii((unsigned char)t[e + 1])))
			e++;
		e = slash_chain(t, n, e, &legal);
		if (legal) {
			*end = e;
			return KEEP;
		}
		*end = e;
		return PAKN_MASK_HOUSE_NUMBER;
	}
	if (after == '/') {
		*end = slash_chain(t, n, *end, &legal);
		return KEEP;
	}
	return NONE;
}

/* A plate at t[i]: "30A-123.45", "29H1-123.45", "51F 123.45",
 * "88-B1 234.56", "51F-12345".  Returns its end, or 0. */
static size_t
plate_at(const char *t, size_t n, size_t i)
{
	size_t k = i + 2, d0;

	if (k + 4 > n || !is_digit((unsigned char)t[i + 1]))
		return 0;
	if (t[k] == '-')
		k++;
	if (k >= n || t[k] < 'A' || t[k] > 'Z')
		return 0;
	k++;
	if (k < n &&
	    ((t[k] >= 'A' && t[k] <= 'Z') ||
	     (is_digit((unsigned char)t[k]) && k + 1 < n &&
	      (t[k + 1] == '-' || t[k + 1] == ' ' || t[k + 1] == '.'))))
		k++;
	if (k < n && (t[k] == '-' || t[k] == ' ' || t[k] == '.'))
		k++;
	d0 = k;
	while (k < n && is_digit((unsigned char)t[k]))
		k++;
	if (k - d0 == 3 && k + 2 < n + 0 && t[k] == '.' &&
	    is_digit((unsigned char)t[k + 1]) &&
	    is_digit((unsigned char)t[k + 2])) {
		k += 3;
	} else if (k - d0 != 4 && k - d0 != 5) {
		return 0;
	}
	if (k < n &&
	    (is_alnum_ascii((unsigned char)t[k]) ||
	     (t[k] == '.' && k + 1 < n && is_digit((unsigned char)t[k + 1]))))
		return 0;
	return k;
}

/* Whether a number may start at t[i]: not inside a token like
 * "PAKN-2024-000412", "A12", "1,5" or "15/8". */
static int
number_start(const char *t, size_t n, size_t i)
{
	uint32_t p;
	unsigned char b;

	if (i == 0)
		return 1;
	p = cp_before(t, n, i);
	if (is_letter(p) || (p < 0x80 && is_digit((unsigned char)p)) ||
	    p == ']')
		return 0;
	b = (unsigned char)t[i - 1];
	if (i >= 2 &&
	    (b == '-' || b == '/' || b == '_' || b == '.' || b == ',')) {
		unsigned char a = (unsigned char)t[i - 2];

		/* ']': the end of a mask, glued as the text was */
		if (is_digit(a) || a == ']')
			return 0;
		if ((b == '-' || b == '/' || b == '_') &&
		    (is_alnum_ascii(a) || a >= 0x80))
			return 0;
	}
	return 1;
}

/* Whether digits t[a, b), right after a letter, are a whole phone number:
 * 10 digits 0[35789]..., or 11 digits 02..., and no digit or letter after. */
static int
glued_phone(const char *t, size_t n, size_t a, size_t b)
{
	size_t nd = b - a;

	if (a == 0 || !is_letter(cp_before(t, n, a)) ||
	    !boundary_after(t, n, b) || t[a] != '0')
		return 0;
	return (nd == 10 && strchr("35789", t[a + 1]) != NULL) ||
	       (nd == 11 && t[a + 1] == '2');
}

/*
 * Handles a number at t[i]; returns the offset to go on from.  `force`:
 * the number continues a run that was nothing (its start is fine).
 */
static size_t
number_at(struct pakn_mask *m, const char *t, size_t n, size_t i, int force)
{
	struct run r;
	struct nctx c;
	size_t end, pe;
	int g, kind;

	if (!force && !number_start(t, n, i)) {
		size_t s0 = i;

		while (i < n && is_digit((unsigned char)t[i]))
			i++;
		/* A phone glued to a word ("SĐT0912345678", "Bình0912..."):
		 * a mobile or landline number of its own still. */
		if (glued_phone(t, n, s0, i))
			push(m, PAKN_MASK_PHONE, s0, i);
		return i;
	}
	if (is_digit((unsigned char)t[i]) && (pe = plate_at(t, n, i)) != 0 &&
	    boundary_after(t, n, pe)) {
		push(m, PAKN_MASK_PLATE, i, pe);
		return pe;
	}
	if (!read_run(t, n, i, &r))
		return i + 1;
	number_context(m, t, n, r.start, &c);
	for (g = r.ng; g >= 1; g--) {
		kind = classify(m, t, n, &r, g, &c, &end);
		if (kind == KEEP)
			return end;
		if (kind >= 0 && boundary_after(t, n, end)) {
			push(m, (enum pakn_mask_kind)kind, r.start, end);
			return end;
		}
	}
	if (r.ng > 1)
		return number_at(m, t, n, r.end[0] + 1, 1);
	end = r.end[0];
	while (end < n && is_digit((unsigned char)t[end]))
		end++;
	return end > i ? end : i + 1;
}

/* ---- emails ---------------------------------------------------------- */

static int
email_local(unsigned char c)
{
	return is_alnum_ascii(c) || c == '.' || c == '_' || c == '%' ||
	       c == '+' || c == '-';
}

/* An email around the '@' at t[at]; returns the offset to go on from. */
static size_t
email_at(struct pakn_mask *m, const char *t, size_t n, size_t at)
{
	size_t s = at, e = at + 1, lastdot = 0, at2;

	while (s > 0 && email_local((unsigned char)t[s - 1]))
		s--;
	while (s < at && t[s] == '.')
		s++;
	while (e < n && (is_alnum_ascii((unsigned char)t[e]) || t[e] == '-' ||
	                 t[e] == '.')) {
		if (t[e] == '.')
			lastdot = e;
		e++;
	}
	while (e > at + 1 && t[e - 1] == '.')
		e--;
	for (lastdot = 0, at2 = at + 1; at2 < e; at2++)
		if (t[at2] == '.')
			lastdot = at2;
	if (s == at || lastdot == 0 || lastdot <= at + 1 || lastdot + 2 >= e ||
	    !is_alnum_ascii((unsigned char)t[at + 1]) ||
	    !boundary_after(t, n, e))
		return at + 1;
	for (at2 = lastdot + 1; at2 < e; at2++)
		if (is_digit((unsigned char)t[at2]) || t[at2] == '-')
			return at + 1;
	/* a number in the local part may have been taken already */
	while (m->nhits > 0 &&
	       m->hits[m->nhits - 1].off + m->hits[m->nhits - 1].len > s) {
		if (m->hits[m->nhits - 1].off < s)
			s = m->hits[m->nhits - 1].off;
		m->nhits--;
	}
	push(m, PAKN_MASK_EMAIL, s, e);
	return e;
}

/* ---- names ----------------------------------------------------------- */

/* A capitalised syllable at t[k]: returns its end, or k. */
static size_t
syllable(const char *t, size_t n, size_t k)
{
	const unsigned char *p = (const unsigned char *)t, *end = p + n;
	uint32_t cp;
	size_t e = k, l, letters = 0;

	if (k >= n)
		return k;
	l = dec(p + k, end, &cp);
	if (!is_upper(cp))
		return k;
	e += l;
	letters = 1;
	while (e < n) {
		l = dec(p + e, end, &cp);
		if (!is_letter(cp))
			break;
		e += l;
		letters++;
	}
	if (e < n && is_digit(p[e]))
		return k;
	return letters >= 2 ? e : k;
}

static int
not_a_name(const char *t, size_t k, size_t e)
{
	const char *const *w;

	for (w = not_names; *w; w++)
		if (strlen(*w) == e - k && memcmp(*w, t + k, e - k) == 0)
			return 1;
	return 0;
}

/* An honorific or label at t[i] (a word start) followed by a name;
 * returns the offset to go on from (i + 1 when there is none). */
static size_t
name_at(struct pakn_mask *m, const char *t, size_t n, size_t i)
{
	size_t k, e, last;
	uint64_t set = hon_by_byte[(unsigned char)t[i]];

	while (set) {
		const struct hon *o = &honorifics[__builtin_ctzll(set)];

		set &= set - 1;
		if (i + o->len >= n || t[i + 1] != o->s[1] ||
		    memcmp(t + i, o->s, o->len) != 0)
			continue;
		k = i + o->len;
		if (o->colon) {
			while (k < n && t[k] == ' ')
				k++;
			if (k < n && t[k] == ':')
				k++;
		} else if (t[k] != ' ') {
			continue;
		}
		if (k >= n || t[k] != ' ')
			continue;
		while (k < n && t[k] == ' ')
			k++;
		e = syllable(t, n, k);
		if (e == k || not_a_name(t, k, e))
			continue;
		last = e;
		for (;;) {
			size_t s = last;

			if (s + 1 >= n || t[s] != ' ')
				break;
			e = syllable(t, n, s + 1);
			if (e == s + 1)
				break;
			last = e;
		}
		push(m, PAKN_MASK_NAME, k, last);
		return last;
	}
	return i + 1;
}

/* ---- submitter values ------------------------------------------------ */

/* What folding makes of code points below 0x2000, filled as met: 0 not
 * known yet, FOLD_EMPTY nothing (a combining mark), FOLD_SLOW more than
 * one byte (fold each time), else the one ASCII byte. */
#define FOLD_EMPTY 0xFE
#define FOLD_SLOW 0xFF
static unsigned char fold1[0x2000];

static void
map_room(struct pakn_mask *m, size_t more)
{
	if (m->fold.len + more + 1 >= m->capmap) {
		size_t cap = 2 * m->capmap + more + 16;

		m->map = pakn_xrealloc(m->map, cap * sizeof *m->map);
		m->capmap = cap;
	}
}

/* Folds m->text into m->fold, with map[i] the text offset of fold byte i.
 * Every character but a FOLD_SLOW one folds to no more bytes than it has,
 * so room for the rest of the text is made once, and again only after a
 * FOLD_SLOW character: the loop writes without checks. */
static void
fold_map(struct pakn_mask *m)
{
	const unsigned char *p = (const unsigned char *)m->text.data;
	size_t n = m->text.len, i = 0, o = 0, k, j;
	unsigned char *f;
	uint32_t *map;
	uint32_t cp;

	pakn_buf_reset(&m->fold);
	pakn_buf_grow(&m->fold, n + 1);
	map_room(m, n + 1);
	f = (unsigned char *)m->fold.data;
	map = m->map;
	while (i < n) {
		unsigned char c;

		while (i < n && p[i] < 0x80) {
			c = p[i];
			if (c >= 'A' && c <= 'Z')
				c |= 0x20;
			f[o] = c;
			map[o++] = (uint32_t)i++;
		}
		if (i >= n)
			break;
		k = dec(p + i, p + n, &cp);
		c = cp < 0x2000 ? fold1[cp] : FOLD_SLOW;
		if (c == 0) {
			pakn_text_fold((const char *)p + i, k, &m->tmp);
			if (m->tmp.len == 0)
				c = FOLD_EMPTY;
			else if (m->tmp.len == 1 &&
			         (unsigned char)m->tmp.data[0] < 0x80 &&
			         m->tmp.data[0] != 0)
				c = (unsigned char)m->tmp.data[0];
			else
				c = FOLD_SLOW;
			if (cp < 0x2000)
				fold1[cp] = c;
		}
		if (c == FOLD_EMPTY) {
			i += k;
			continue;
		}
		if (c != FOLD_SLOW) {
			f[o] = c;
			map[o++] = (uint32_t)i;
			i += k;
			continue;
		}
		pakn_text_fold((const char *)p + i, k, &m->tmp);
		/* room for this fold and one byte for each byte after it */
		m->fold.len = o;
		pakn_buf_grow(&m->fold, m->tmp.len + (n - i) + 1);
		map_room(m, m->tmp.len + (n - i) + 1);
		f = (unsigned char *)m->fold.data;
		map = m->map;
		for (j = 0; j < m->tmp.len; j++) {
			f[o] = (unsigned char)m->tmp.data[j];
			map[o++] = (uint32_t)i;
		}
		i += k;
	}
	f[o] = '\0';
	m->fold.len = o;
	map[o] = (uint32_t)n;
}

static int
fold_wordc(unsigned char c, int digits)
{
	if (digits)
		return is_digit(c);
	return is_alnum_ascii(c) || c >= 0x80;
}

static void
find_submitter(struct pakn_mask *m)
{
	size_t i;

	fold_map(m);
	for (i = 0; i < m->nsub; i++) {
		const struct pakn_mask_sub *v = &m->sub[i];
		const char *f = m->fold.data, *hit;
		size_t fl = m->fold.len, from = 0;
		int digits = v->kind == PAKN_MASK_SUBMITTER_PHONE;

		while (from + v->n <= fl &&
		       (hit = memmem(f + from, fl - from, v->fold, v->n))) {
			size_t a = (size_t)(hit - f), b = a + v->n;

			from = a + 1;
			if ((a > 0 &&
			     fold_wordc((unsigned char)f[a - 1], digits) &&
			     fold_wordc((unsigned char)f[a], digits)) ||
			    (b < fl &&
			     fold_wordc((unsigned char)f[b], digits) &&
			     fold_wordc((unsigned char)f[b - 1], digits)))
				continue;
			if (overlaps_token(m->text.data, m->text.len, m->map[a],
			                   m->map[b]))
				continue;
			push(m, v->kind, m->map[a], m->map[b]);
			from = b;
		}
	}
}

static int
by_offset(const void *a, const void *b)
{
	const struct pakn_mask_hit *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->len > y->len ? -1 : x->len < y->len;
}

/* Sorts the hits and merges those that overlap (the longer one's kind). */
static void
merge_hits(struct pakn_mask *m)
{
	size_t i, o = 0;

	qsort(m->hits, m->nhits, sizeof *m->hits, by_offset);
	for (i = 0; i < m->nhits; i++) {
		struct pakn_mask_hit *h = &m->hits[i];

		if (o > 0 && h->off < m->hits[o - 1].off + m->hits[o - 1].len) {
			struct pakn_mask_hit *p = &m->hits[o - 1];
			size_t end = p->off + p->len;

			if (h->len > p->len)
				p->kind = h->kind;
			if (h->off + h->len > end)
				end = h->off + h->len;
			p->len = end - p->off;
			continue;
		}
		m->hits[o++] = *h;
	}
	m->nhits = o;
}

/* ---- the scan -------------------------------------------------------- */

/* The end of the letters of a word from i: where a digit, or a byte that
 * is not a letter, may start something again. */
static inline size_t
word_rest(const char *t, size_t len, size_t i)
{
	while (i < len && letter_byte[(unsigned char)t[i]])
		i++;
	return i;
}

/* Scans m->text, NFC already. */
static void
scan_text(struct pakn_mask *m)
{
	const char *t;
	size_t i = 0, len, sorted_to;

	t = m->text.data;
	len = m->text.len;
	while (i < len) {
		unsigned char c = (unsigned char)t[i], tr = trigger[c];
		unsigned char b;

		if (tr == 0) {
			i++;
			if (letter_byte[c])
				i = word_rest(t, len, i);
			continue;
		}
		if (tr & 16) {
			size_t e = token_at(t, len, i);

			i = e ? e : i + 1;
			continue;
		}
		if (tr & 1) {
			if (c == '+' || c == '(') {
				if (i + 1 < len &&
				    is_digit((unsigned char)t[i + 1]) &&
				    (number_start(t, len, i) ||
				     !is_digit((unsigned char)t[i - 1]))) {
					i = number_at(m, t, len, i, 1);
					continue;
				}
				i++;
				continue;
			}
			i = number_at(m, t, len, i, 0);
			continue;
		}
		if (tr & 8) {
			i = email_at(m, t, len, i);
			continue;
		}
		b = i > 0 ? (unsigned char)t[i - 1] : ' ';
		if (b >= 0x80 || is_alnum_ascii(b) || b == ']') {
			i = word_rest(t, len, i + 1);
			continue;
		}
		if (tr & 4) {
			size_t next = name_at(m, t, len, i);

			if (next != i + 1) {
				i = next;
				continue;
			}
		}
		if ((tr & 2) && i + 8 <= len) {
			/* a passport: one letter and seven digits */
			size_t k = i + 1;

			while (k < len && k < i + 9 &&
			       is_digit((unsigned char)t[k]))
				k++;
			if (k == i + 8 && boundary_after(t, len, k)) {
				push(m, PAKN_MASK_ID_NUMBER, i, k);
				i = k;
				continue;
			}
		}
		i = word_rest(t, len, i + 1);
	}
	sorted_to = m->nhits;
	if (m->nsub > 0)
		find_submitter(m);
	if (m->nhits > sorted_to)
		merge_hits(m);
}

int
pakn_mask_scan(struct pakn_mask *m, const char *s, size_t n)
{
	m->nhits = 0;
	if (pakn_text_nfc(s, n, &m->text) != 0)
		return -1;
	scan_text(m);
	return 0;
}

int
pakn_mask_scan_valid(struct pakn_mask *m, const char *s, size_t n)
{
	m->nhits = 0;
	if (pakn_text_nfc_valid(s, n, &m->text) != 0)
		return -1;
	scan_text(m);
	return 0;
}

/* A combining mark (Mn, Mc, Me, or a nonzero combining class). */
static int
is_mark(uint32_t cp)
{
	const utf8proc_property_t *pr =
	    utf8proc_get_property((utf8proc_int32_t)cp);

	return pr->combining_class != 0 ||
	       (pr->category >= UTF8PROC_CATEGORY_MN &&
	        pr->category <= UTF8PROC_CATEGORY_ME);
}

/* Writes the initials of the words of t[a, b): "Nguyễn Văn An" -> "N.V.A."
 * (no final '.' when a '.' follows). */
static void
initials(const char *t, size_t n, size_t a, size_t b, struct pakn_buf *out)
{
	const unsigned char *p = (const unsigned char *)t;
	size_t k = a;
	uint32_t cp;

	while (k < b) {
		size_t l;

		while (k < b && !(p[k] >= 0x80 || is_alnum_ascii(p[k])))
			k++;
		if (k >= b)
			break;
		l = dec(p + k, p + n, &cp);
		if (l > 1 && is_mark(cp)) {
			/* a mark cannot start the initial: it would join
			 * the character written before it */
			k += l;
			continue;
		}
		if (l == 1 && p[k] >= 'a' && p[k] <= 'z')
			pakn_buf_addc(out, (char)(p[k] - 0x20));
		else
			pakn_buf_add(out, t + k, l);
		k += l;
		while (k < b && (p[k] >= 0x80 || is_alnum_ascii(p[k])))
			k++;
		if (k < b || b >= n || t[b] != '.')
			pakn_buf_addc(out, '.');
	}
}

/* Whether s[0, n) is one character and the marks after it. */
static int
one_char(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	size_t k = dec(p, p + n, &cp);

	while (k < n) {
		size_t l = dec(p + k, p + n, &cp);

		if (!is_mark(cp))
			return 0;
		k += l;
	}
	return 1;
}

/*
 * Appends the text with the hits masked.  1 if what was written may make
 * a submitter's value the text did not hold whole: initials, or a mask
 * glued to a word (masking "0912345678" in "0912345678an.nv@x.vn" makes a
 * boundary before "an.nv").
 */
static int
write_hits(struct pakn_mask *m, struct pakn_buf *out, int no_initials)
{
	const char *t = m->text.data;
	size_t i, at = 0, n = m->text.len, start = out->len;

	m->nrisk = 0;
	for (i = 0; i < m->nhits; i++) {
		const struct pakn_mask_hit *h = &m->hits[i];
		const char *tok = tokens[h->kind];
		size_t e = h->off + h->len, from;
		int risky =
		    (h->off > 0 && word_byte((unsigned char)t[h->off - 1])) ||
		    (e < n && word_byte((unsigned char)t[e]));

		pakn_buf_add(out, t + at, h->off - at);
		from = out->len - start;
		if (tok)
			pakn_buf_adds(out, tok);
		else if (no_initials || one_char(t + h->off, h->len))
			pakn_buf_adds(out, NAME_TOKEN);
		else {
			size_t before = out->len;

			initials(t, m->text.len, h->off, h->off + h->len, out);
			/* a "name" of no letter nor digit has no initials:
			 * removing it would join what is around it */
			if (out->len == before)
				pakn_buf_adds(out, NAME_TOKEN);
			/* initials make one-letter words: only a value with
			 * one can be completed by them */
			risky |= m->sub_letter;
		}
		if (risky) {
			if (m->nrisk + 2 > m->caprisk) {
				m->caprisk = m->caprisk ? 2 * m->caprisk : 16;
				m->risk = pakn_xrealloc(
				    m->risk, m->caprisk * sizeof *m->risk);
			}
			m->risk[m->nrisk++] = from;
			m->risk[m->nrisk++] = out->len - start;
		}
		at = h->off + h->len;
	}
	pakn_buf_add(out, t + at, m->text.len - at);
	return m->nrisk > 0;
}

/* Whether a submitter's value may stand in the written text s[0, n) near
 * what was written risky (write_hits' ranges): each range is scanned with
 * room for the longest value on both sides. */
static int
joined(struct pakn_mask *m, const char *s, size_t n)
{
	size_t w = 4 * m->submax + 8, i;

	for (i = 0; i + 1 < m->nrisk; i += 2) {
		size_t a = m->risk[i] > w ? m->risk[i] - w : 0;
		size_t b = m->risk[i + 1] + w < n ? m->risk[i + 1] + w : n;

		while (a > 0 && ((unsigned char)s[a] & 0xC0) == 0x80)
			a--;
		while (b < n && ((unsigned char)s[b] & 0xC0) == 0x80)
			b++;
		m->nhits = 0;
		if (pakn_text_nfc_valid(s + a, b - a, &m->text) != 0)
			return 1;
		find_submitter(m);
		if (m->nhits > 0)
			return 1;
	}
	return 0;
}

void
pakn_mask_write(struct pakn_mask *m, struct pakn_buf *out)
{
	size_t start = out->len;
	int may_join = write_hits(m, out, 0), round;

	if (may_join && m->nsub > 0 &&
	    !joined(m, out->data + start, out->len - start))
		return; /* the usual case: nothing made near the masks */

	/* Masking can complete a submitter's value that the text did not
	 * hold whole: "Ông Trần" becomes "Ông T." (a submitter "Ông T"), a
	 * phone glued to an email is masked and the email stands alone.
	 * Mask those in the output, until none is left; a name found again
	 * is written [họ tên] (its initials could be the value once more:
	 * "____5" -> "5."). */
	for (round = 0; may_join && m->nsub > 0 && round < 4; round++) {
		m->nhits = 0;
		if (pakn_text_nfc_valid(out->data + start, out->len - start,
		                        &m->text) != 0)
			break;
		find_submitter(m);
		if (m->nhits == 0)
			break;
		merge_hits(m);
		out->len = start;
		may_join = write_hits(m, out, 1);
	}
}

int
pakn_mask_text(struct pakn_mask *m, const char *s, size_t n,
               struct pakn_buf *out)
{
	pakn_buf_reset(out);
	if (pakn_mask_scan(m, s, n) != 0)
		return -1;
	pakn_mask_write(m, out);
	return 0;
}

size_t
pakn_mask_chars(const char *s, size_t n)
{
	const uint64_t hi = UINT64_C(0x8080808080808080);
	size_t i = 0, c = 0;

	/* eight bytes at a time: a continuation byte has bit 7 set and
	 * bit 6 clear */
	for (; i + 8 <= n; i += 8) {
		uint64_t w;

		memcpy(&w, s + i, 8);
		/* one per continuation byte, summed by the multiply */
		w = (w & ~(w << 1) & hi) >> 7;
		c += 8 - (size_t)((w * UINT64_C(0x0101010101010101)) >> 56);
	}
	for (; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}
