/*
 * encoding.h: the encodings Vietnamese offices' exports come in, and a
 * streaming decoder from each of them to UTF-8 NFC.  Excel writes UTF-8
 * with a BOM or UTF-16LE ("Unicode text"); older systems write
 * Windows-1258 (base letters followed by combining tone marks), TCVN3
 * (TCVN 5712:1993 VN3, the "ABC" .Vn fonts) or VNI-Windows (a base letter
 * followed by one mark byte).  Detection, which guesses which from the
 * first bytes of a file, is in encdetect.h.
 */
#ifndef PAKN_ENCODING_H
#define PAKN_ENCODING_H

#include <stddef.h>

#include "buf.h"
#include "pakn.h"

enum pakn_encoding {
	PAKN_ENC_UNKNOWN,
	PAKN_ENC_UTF8,
	PAKN_ENC_UTF8_BOM,
	PAKN_ENC_UTF16LE,
	PAKN_ENC_UTF16BE,
	PAKN_ENC_CP1258,
	PAKN_ENC_TCVN3,
	PAKN_ENC_VNI
};

/*
 * The canonical name of e: "utf-8", "utf-8-bom", "utf-16le", "utf-16be",
 * "windows-1258", "tcvn3", "vni" or "unknown".  A static string.
 */
const char *pakn_encoding_name(enum pakn_encoding e);

/*
 * Sets *e from a name, ignoring case and the characters "-_ .:": utf8,
 * utf-8, utf-8-bom, utf-8-sig, utf-16 (little-endian unless a BOM says
 * otherwise), utf-16le, utf-16be, ucs-2, unicode (what Excel calls
 * UTF-16LE), cp1258, windows-1258, tcvn3, tcvn, tcvn5712, vn3, abc, vni,
 * vni-windows.  Returns 0, or -1 (and leaves *e alone) for other names.
 */
int pakn_encoding_parse(const char *name, enum pakn_encoding *e);

/*
 * A streaming decoder from any of the encodings to UTF-8 NFC.  Input may
 * be split at any byte: a UTF-16 code unit or surrogate pair, a VNI base
 * letter and its mark byte, a windows-1258 letter and its tone mark may
 * straddle two calls.  Decoded text that a later mark could still change
 * is held back until the next call (at most the last few characters; a
 * line that ends in "\n" is given back whole).
 */
struct pakn_decoder;

/*
 * Returns a new decoder for e (caller frees with pakn_decoder_free), or
 * NULL with err filled when e is PAKN_ENC_UNKNOWN or not an encoding.
 */
struct pakn_decoder *pakn_decoder_new(enum pakn_encoding e,
                                      struct pakn_error *err);

/*
 * Appends the UTF-8 NFC text of in[0..n) to out; with final=1 also
 * flushes what was held back and ends the stream (the decoder then starts
 * a new one).  A BOM at the start of a UTF-8 or UTF-16 stream is dropped;
 * in UTF-16, a BOM also decides the byte order.  UTF-8 input passes
 * through unchanged and unchecked (the caller validates and normalises it
 * per field).  Line breaks are kept ("\r\n" in UTF-16 becomes CR LF).
 *
 * Returns 0, or -1 with err filled for a byte or code unit that cannot be
 * decoded: an undefined windows-1258 or vni byte, an unpaired UTF-16
 * surrogate, a stream that ends inside a UTF-16 code unit.  err->text
 * gives its offset from the start of the stream, err->line is 0, and
 * err->column is the 1-based position in `in` of its last byte (0 if it
 * ended in an earlier call).  out has then received the text before it
 * (less what is held back, as on success); the bad unit is skipped, and
 * feeding in + err->column .. in + n goes on after it.  A stream that
 * ends inside a UTF-16 code unit is over all the same.
 */
int pakn_decoder_feed(struct pakn_decoder *d, const char *in, size_t n,
                      int final, struct pakn_buf *out, struct pakn_error *err);

/* The encoding d decodes (for UTF-16, the byte order a BOM chose). */
enum pakn_encoding pakn_decoder_encoding(const struct pakn_decoder *d);

/* Frees d and what it holds; NULL is allowed. */
void pakn_decoder_free(struct pakn_decoder *d);

#endif
