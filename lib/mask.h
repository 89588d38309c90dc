/*
 * mask.h: masking personal data in free text before publication
 * (DOMAIN.md §6), and finding what would leak.
 *
 * One pass over the bytes with cheap triggers: a digit (phones, identity
 * and tax numbers, bank accounts, plates, house numbers), '@' (emails), an
 * uppercase letter (passports), and the first letter of an honorific or a
 * label ("ông", "bà", "chị", "họ tên:", "tôi là", ...) followed by a
 * capitalised syllable (names become initials: "ông N.V.A.").  The words
 * before a number say what it is ("số nhà", "ngõ", "tài khoản", "STK",
 * "MST", "CCCD"), or that it must stay: legal references ("Quyết định số
 * 1234/QĐ-UBND", "Điều 8"), amounts ("5.000.000 đồng"), roads ("Quốc lộ
 * 2"), dates, case ids, and allowed hotlines (1022, 1900/1800 numbers, and
 * an allow-list).  The submitter's own values (name, phone, email,
 * address) are found wherever they appear, case- and
 * diacritic-insensitively (text.h folding).
 *
 * The text is put in NFC first; hits are whole UTF-8 sequences of the NFC
 * text, sorted and never overlapping, so masking never splits a character
 * and the same input always gives the same output.
 */
#ifndef PAKN_MASK_H
#define PAKN_MASK_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "pakn.h"

enum pakn_mask_kind {
	PAKN_MASK_PHONE,
	PAKN_MASK_EMAIL,
	PAKN_MASK_ID_NUMBER, /* CCCD (12 digits), CMND (9), passport */
	PAKN_MASK_TAX_CODE,  /* 10 digits, or 10 + "-" + 3 */
	PAKN_MASK_BANK_ACCOUNT,
	PAKN_MASK_PLATE,
	PAKN_MASK_HOUSE_NUMBER, /* after số, số nhà, nhà số, ngõ, ngách, hẻm */
	PAKN_MASK_NAME,           /* after an honorific or a label: initials */
	PAKN_MASK_SUBMITTER_NAME, /* initials too */
	PAKN_MASK_SUBMITTER_PHONE,
	PAKN_MASK_SUBMITTER_EMAIL,
	PAKN_MASK_SUBMITTER_ADDRESS,
	PAKN_MASK_KIND_COUNT
};

/* One thing found: bytes [off, off+len) of the scanned (NFC) text. */
struct pakn_mask_hit {
	enum pakn_mask_kind kind;
	size_t off, len;
};

struct pakn_mask_sub {
	enum pakn_mask_kind kind;
	char *fold; /* the folded value */
	size_t n;
};

/* A masker: its allow-list, the current submitter's values, and the hits
 * of the last scan.  Reused from text to text; fields are private except
 * text/hits/nhits after a scan. */
struct pakn_mask {
	struct pakn_buf text; /* the NFC text of the last scan */
	struct pakn_mask_hit *hits;
	size_t nhits, caphits;

	char **allow; /* allowed numbers, digits only */
	size_t nallow;
	int no_default_allow; /* 1: 1022, 1900 and 1800 numbers not allowed */

	struct pakn_mask_sub *sub;
	size_t nsub, capsub;
	size_t submax;  /* the longest value, folded */
	int sub_letter; /* a value has a one-letter word */
	size_t *risk;   /* the output ranges a value might join (pairs) */
	size_t nrisk, caprisk;

	struct pakn_buf fold; /* the folded text, and where each byte came */
	uint32_t *map;        /* from (map[i]: an offset in text) */
	size_t capmap;
	struct pakn_buf w1, w2, tmp;
};

void pakn_mask_init(struct pakn_mask *m);
void pakn_mask_release(struct pakn_mask *m);

/* Allows a number (its digits; "+84" read as "0"): never masked. */
void pakn_mask_allow(struct pakn_mask *m, const char *s, size_t n);
/* Reads an allow-list: one number a line, '#' starts a comment.  0, or -1
 * with err filled (cannot read, or a line without digits). */
int pakn_mask_allow_file(struct pakn_mask *m, const char *path,
                         struct pakn_error *err);

/* Forgets the submitter values (call per record). */
void pakn_mask_submitter_clear(struct pakn_mask *m);
/* Adds one submitter value (kind PAKN_MASK_SUBMITTER_*); s is UTF-8.  Too
 * short a value (under 4 folded bytes, or a phone under 8 digits) is
 * ignored: it would mask ordinary words. */
void pakn_mask_submitter_add(struct pakn_mask *m, enum pakn_mask_kind kind,
                             const char *s, size_t n);

/*
 * Scans s[0..n): its NFC form goes to m->text, what must be masked to
 * m->hits (m->nhits, sorted by offset, not overlapping).  Returns 0, or
 * -1 if s is not valid UTF-8 (no hits).
 */
int pakn_mask_scan(struct pakn_mask *m, const char *s, size_t n);
/* The same for s known to be valid UTF-8 (a string the record layer
 * decoded): the check of UTF-8 is not done again. */
int pakn_mask_scan_valid(struct pakn_mask *m, const char *s, size_t n);
/* Appends the masked text of the last scan to out.  Where the initials
 * written make a submitter's value ("Ông Trần" -> "Ông T." for "Ông T"),
 * those are masked too: afterwards text and hits are those of that last
 * round (read the scan's hits before). */
void pakn_mask_write(struct pakn_mask *m, struct pakn_buf *out);
/* Scan and write in one: out gets the masked s (replaced).  0 or -1. */
int pakn_mask_text(struct pakn_mask *m, const char *s, size_t n,
                   struct pakn_buf *out);

/* "phone", "email", "id_number", ..., "submitter_address". */
const char *pakn_mask_kind_name(enum pakn_mask_kind k);
/* The readable token written in place of a hit: "[số điện thoại]"; NULL
 * for the name kinds, which are written as initials. */
const char *pakn_mask_token(enum pakn_mask_kind k);

/* The number of characters (code points) in s[0..n), for positions shown
 * to people. */
size_t pakn_mask_chars(const char *s, size_t n);

#endif
