/*
 * text.h: UTF-8 and Vietnamese text.  Validation, NFC normalisation with a
 * quick check in front (most text from Vietnamese systems is already NFC,
 * so the common path never calls utf8proc), trimming, and the folding used
 * to match labels and keywords regardless of case, diacritics and đ/d.
 * Every function works on (pointer, length) pairs, so fields need no NUL,
 * and may hold one.
 */
#ifndef PAKN_TEXT_H
#define PAKN_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * Returns 1 if s[0..n) is valid UTF-8 (shortest form, no surrogates,
 * nothing above U+10FFFF), else 0 and, if bad_offset is not NULL, the
 * offset of the first byte of the first invalid or truncated sequence.
 */
int pakn_utf8_valid(const char *s, size_t n, size_t *bad_offset);

/*
 * A quick, conservative NFC check: 1 means s[0..n) is certainly in NFC
 * (it holds only code points that NFC never changes nor combines with what
 * precedes them: ASCII, Latin-1 to Latin Extended-B, Latin Extended
 * Additional, common punctuation and symbols, emoji); 0 means "maybe not",
 * and also invalid UTF-8.  Never 1 for a string utf8proc_NFC would change.
 */
int pakn_text_is_nfc(const char *s, size_t n);

/*
 * Writes the NFC form of s[0..n) into out, replacing its content.  Copies
 * when the quick check passes, else normalises with utf8proc.  Returns 0,
 * or -1 (out emptied) if s is not valid UTF-8.
 */
int pakn_text_nfc(const char *s, size_t n, struct pakn_buf *out);

/*
 * The same two for text already known to be valid UTF-8 (the record
 * layer's strings): faster, as only the bytes that may start a character
 * NFC could change are looked at.  On invalid UTF-8 the check may say 1;
 * pakn_text_nfc_valid then copies it as it is.
 */
int pakn_text_valid_is_nfc(const char *s, size_t n);
int pakn_text_nfc_valid(const char *s, size_t n, struct pakn_buf *out);

/*
 * pakn_utf8_valid and pakn_text_is_nfc in one pass: 2 if s is valid UTF-8
 * and certainly NFC, 1 if valid but maybe not NFC, 0 if invalid (with the
 * offset of the first bad byte in *bad_offset when not NULL).
 */
int pakn_text_check(const char *s, size_t n, size_t *bad_offset);

/*
 * 1 if cp is a code point before which NFC text can be split: the two
 * sides then normalise independently (cp is a starter that never combines
 * with a preceding character).  Conservative, like pakn_text_is_nfc.
 */
int pakn_text_nfc_stable(uint32_t cp);

/*
 * Narrows *s / *n to drop ASCII whitespace, U+00A0 (no-break space) and
 * U+FEFF (BOM, zero-width no-break space) at both ends.
 */
void pakn_text_trim(const char **s, size_t *n);

/*
 * Writes into out (replacing its content) the Vietnamese folding of
 * s[0..n) for matching: lowercase, diacritics removed, đ/Đ -> d; NFC and
 * NFD input fold the same ("Đường Hà Nội" -> "duong ha noi", "Hoá" and
 * "Hóa" -> "hoa").  Other scripts get utf8proc's case folding with marks
 * stripped.  Input should be valid UTF-8; invalid bytes are copied as
 * they are.
 */
void pakn_text_fold(const char *s, size_t n, struct pakn_buf *out);

/*
 * Like pakn_text_fold, then every run of characters that are not letters
 * or digits becomes one space, and none is left at either end:
 * "TN&MT - Môi trường" -> "tn mt moi truong".  For matching column
 * headers and labels.  Invalid bytes count as separators.
 */
void pakn_text_fold_key(const char *s, size_t n, struct pakn_buf *out);

/*
 * Folds a place name for comparing places: pakn_text_fold_key, then
 * without one leading administrative prefix (tỉnh, thành phố, TP, huyện,
 * quận, thị xã, thị trấn, xã, phường, đặc khu): "Huyện Bình Xuyên" and
 * "binh xuyen" both give "binh xuyen".  A name that is only a prefix
 * ("Xã") keeps it.
 */
void pakn_text_fold_place(const char *s, size_t n, struct pakn_buf *out);

#endif
