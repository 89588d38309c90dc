/*
 * sniff.h: what an input file is, decided from its first bytes before it
 * is read: its encoding (encdetect.h, unless one is given), its format
 * (CSV, JSON lines or a JSON array) and, for CSV, its delimiter.
 */
#ifndef PAKN_SNIFF_H
#define PAKN_SNIFF_H

#include <stddef.h>

#include "encoding.h"
#include "io.h"
#include "pakn.h"

/* How much of the start of a file the guesses look at. */
#define PAKN_SNIFF_BYTES (64 * 1024)

enum pakn_input_format {
	PAKN_INPUT_AUTO, /* not known yet: detect */
	PAKN_INPUT_CSV,
	PAKN_INPUT_JSONL,
	PAKN_INPUT_JSON, /* a JSON array of objects */
	PAKN_INPUT_XLSX, /* an Excel .xlsx workbook (xlsx.h) */
	PAKN_INPUT_XLS   /* an old Excel .xls workbook (xls.h) */
};

/* "auto", "csv", "jsonl", "json", "xlsx" or "xls".  A static string. */
const char *pakn_input_format_name(enum pakn_input_format f);

/* Sets *f from "csv", "jsonl" (or "ndjson") or "json".  Returns 0, or -1
 * (and leaves *f alone) for other names. */
int pakn_input_format_parse(const char *name, enum pakn_input_format *f);

/* The format of a decoded (UTF-8) sample: JSON lines if its first byte
 * after white space is '{', a JSON array if it is '[', else CSV. */
enum pakn_input_format pakn_sniff_format(const char *sample, size_t n);

/* The CSV delimiter of a UTF-8 sample: whichever of ',', ';' and tab
 * occurs most often outside quotes in its first line; ',' if none does. */
char pakn_sniff_delimiter(const char *sample, size_t n);

/* What a file that is not text looks like from its first bytes (zip: an
 * Excel .xlsx workbook, an .ods, a .docx; OLE2: an old .xls; PDF, gzip,
 * images, ...), as "an Excel .xlsx workbook (zip)"; NULL if none of
 * those. */
const char *pakn_sniff_binary(const char *p, size_t n);

/* "a binary file (control bytes)" if more than 1 byte in 20 of a decoded
 * sample is a control byte other than tab, CR, LF, FF or ^Z (text damaged
 * in a few places has some: their rows are rejected); else NULL. */
const char *pakn_sniff_not_text(const char *s, size_t n);

/* What pakn_sniff_input found. */
struct pakn_sniffed {
	enum pakn_encoding encoding;
	enum pakn_input_format format;
	char delimiter; /* for CSV; 0 otherwise */
};

/*
 * Looks at the first PAKN_SNIFF_BYTES of in, before anything is read from
 * it, and readies it for reading.  A zip that holds an .xlsx workbook
 * (pakn_xlsx_sniff) is format PAKN_INPUT_XLSX, and an OLE2 file that is not
 * an encrypted .xlsx (pakn_xls_sniff) PAKN_INPUT_XLS, whatever the format
 * given, and nothing else is done.  encoding, format and delim are what
 * the user gave (PAKN_ENC_UNKNOWN, PAKN_INPUT_AUTO and 0 to detect).
 *
 * The encoding is detected unless given (unknown: UTF-8); an explicit
 * UTF-8 still drops a BOM.  For UTF-8 the BOM is dropped from in; for the
 * other encodings a decoder is made, set on in, and returned in *dec
 * (free it with pakn_decoder_free after closing in; NULL for UTF-8).  The
 * format and delimiter are then guessed from the decoded sample unless
 * given.  Returns 0, or -1 with err filled (in is left to the caller), or
 * -2 with err filled when the file is not text (pakn_sniff_binary,
 * pakn_sniff_not_text): "looks like an Excel .xlsx workbook (zip), not
 * text; ...".
 */
int pakn_sniff_input(struct pakn_in *in, enum pakn_encoding encoding,
                     enum pakn_input_format format, char delim,
                     struct pakn_sniffed *out, struct pakn_decoder **dec,
                     struct pakn_error *err);

#endif
