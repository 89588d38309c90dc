/*
 * encoding_int.h: what decoding (encoding.c) and detection (encdetect.c)
 * share, inside lib/ only: the combining marks, the byte tables of the
 * three legacy encodings and the table-driven decoder of one buffer.
 */
#ifndef PAKN_ENCODING_INT_H
#define PAKN_ENCODING_INT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "encoding.h"

/* Combining marks. */
#define GRAVE 0x0300
#define ACUTE 0x0301
#define CIRC 0x0302
#define TILDE 0x0303
#define BREVE 0x0306
#define HOOK 0x0309
#define HORN 0x031B
#define DOT 0x0323

/* A byte's UTF-8 text; len 0 means undefined. */
struct pakn_enc_seq {
	unsigned char len;
	char s[7];
};

/* Appends cp as UTF-8 to s; returns the new length. */
static inline size_t
pakn_enc_put_utf8(char *s, size_t len, uint32_t cp)
{
	if (cp < 0x80) {
		s[len++] = (char)cp;
	} else if (cp < 0x800) {
		s[len++] = (char)(0xC0 | (cp >> 6));
		s[len++] = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		s[len++] = (char)(0xE0 | (cp >> 12));
		s[len++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[len++] = (char)(0x80 | (cp & 0x3F));
	} else {
		s[len++] = (char)(0xF0 | (cp >> 18));
		s[len++] = (char)(0x80 | ((cp >> 12) & 0x3F));
		s[len++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[len++] = (char)(0x80 | (cp & 0x3F));
	}
	return len;
}

/* The table of bytes 0x80-0xFF of a legacy encoding (windows-1258, tcvn3,
 * vni): one or two code points per entry, 0 when undefined; NULL for the
 * other encodings. */
const uint32_t *pakn_enc_legacy_table(enum pakn_encoding e);

/* Fills map with the UTF-8 text of each byte 0x80-0xFF of table. */
void pakn_enc_build_map(struct pakn_enc_seq map[128], const uint32_t *table);

/*
 * Decodes p[0..n) with map, appending to out (not normalised).  Returns
 * n, or the index of the first undefined byte; with lenient set,
 * undefined bytes become U+FFFD instead and are counted in *bad.
 */
size_t pakn_enc_legacy_decode(const struct pakn_enc_seq map[128],
                              const unsigned char *p, size_t n,
                              struct pakn_buf *out, int lenient, size_t *bad);

#endif
