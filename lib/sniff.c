/*
 * sniff.c: the encoding, format and delimiter of an input (see sniff.h).
 */
#include "sniff.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "encdetect.h"
#include "xls.h"
#include "xlsx.h"

const char *
pakn_input_format_name(enum pakn_input_format f)
{
	switch (f) {
	case PAKN_INPUT_CSV: return "csv";
	case PAKN_INPUT_JSONL: return "jsonl";
	case PAKN_INPUT_JSON: return "json";
	case PAKN_INPUT_XLSX: return "xlsx";
	case PAKN_INPUT_XLS: return "xls";
	default: return "auto";
	}
}

int
pakn_input_format_parse(const char *name, enum pakn_input_format *f)
{
	if (strcmp(name, "csv") == 0)
		*f = PAKN_INPUT_CSV;
	else if (strcmp(name, "jsonl") == 0 || strcmp(name, "ndjson") == 0)
		*f = PAKN_INPUT_JSONL;
	else if (strcmp(name, "json") == 0)
		*f = PAKN_INPUT_JSON;
	else
		return -1;
	return 0;
}

enum pakn_input_format
pakn_sniff_format(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n &&
	       (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	if (i < n && s[i] == '{')
		return PAKN_INPUT_JSONL;
	if (i < n && s[i] == '[')
		return PAKN_INPUT_JSON;
	return PAKN_INPUT_CSV;
}

char
pakn_sniff_delimiter(const char *s, size_t n)
{
	static const char cand[] = {',', ';', '\t'};
	size_t count[3] = {0, 0, 0}, i, k;
	int quoted = 0;
	char best = ',';
	size_t bestn = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '"') {
			quoted = !quoted;
			continue;
		}
		if (quoted)
			continue;
		if (s[i] == '\n' || s[i] == '\r')
			break;
		for (k = 0; k < 3; k++)
			if (s[i] == cand[k])
				count[k]++;
	}
	for (k = 0; k < 3; k++) {
		if (count[k] > bestn) {
			bestn = count[k];
			best = cand[k];
		}
	}
	return best;
}

/* Whether needle occurs in p[0..n). */
static int
has(const char *p, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (p[i] == needle[0] && memcmp(p + i, needle, k) == 0)
			return 1;
	return 0;
}

/* Whether the k bytes of needle (which may hold NULs) occur in p. */
static int
has_bytes(const char *p, size_t n, const char *needle, size_t k)
{
	size_t i;

	for (i = 0; i + k <= n; i++)
		if (p[i] == needle[0] && memcmp(p + i, needle, k) == 0)
			return 1;
	return 0;
}

static int
starts(const char *p, size_t n, const char *magic, size_t k)
{
	return n >= k && memcmp(p, magic, k) == 0;
}

const char *
pakn_sniff_binary(const char *p, size_t n)
{
	if (starts(p, n, "PK\x03\x04", 4) || starts(p, n, "PK\x05\x06", 4)) {
		if (has(p, n, "xl/workbook.bin"))
			return "an Excel binary .xlsb workbook (zip), which "
			       "pakn-ingest cannot read";
		if (has(p, n, "xl/"))
			return "an Excel .xlsx workbook (zip)";
		if (has(p, n, "opendocument.spreadsheet"))
			return "an OpenDocument .ods spreadsheet (zip)";
		if (has(p, n, "word/"))
			return "a Word .docx document (zip)";
		return "a zip archive";
	}
	if (starts(p, n, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) &&
	    has_bytes(p, n, "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k", 26))
		return "an encrypted (password-protected) Excel workbook "
		       "(OLE2 EncryptedPackage)";
	if (starts(p, n, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))
		return "an old Excel .xls workbook or another Office file "
		       "(OLE2)";
	if (starts(p, n, "%PDF-", 5))
		return "a PDF document";
	if (starts(p, n, "\x1f\x8b", 2))
		return "a gzip-compressed file";
	if (starts(p, n, "BZh", 3) && n > 3 && p[3] >= '1' && p[3] <= '9')
		return "a bzip2-compressed file";
	if (starts(p, n,
	           "\xfd"
	           "7zXZ",
	           6))
		return "an xz-compressed file";
	if (starts(p, n, "7z\xbc\xaf\x27\x1c", 6))
		return "a 7-Zip archive";
	if (starts(p, n, "Rar!\x1a\x07", 6))
		return "a RAR archive";
	if (starts(p, n, "\x89PNG", 4) || starts(p, n, "\xff\xd8\xff", 3) ||
	    starts(p, n, "GIF8", 4))
		return "an image";
	if (starts(p, n,
	           "\x7f"
	           "ELF",
	           4))
		return "a program (ELF)";
	if (starts(p, n, "SQLite format 3", 16))
		return "an SQLite database";
	return NULL;
}

const char *
pakn_sniff_not_text(const char *s, size_t n)
{
	size_t i, bad = 0;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' &&
		    c != '\f' && c != 0x1a)
			bad++;
	}
	/* Text damaged here and there keeps a few (their rows are
	 * rejected); a binary file has them everywhere. */
	if (n > 0 && bad * 20 > n)
		return "a binary file (control bytes)";
	return NULL;
}

static int
has_bom(const char *p, size_t n)
{
	return n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0;
}

static int
not_text(const struct pakn_in *in, const char *what, struct pakn_error *err)
{
	memset(err, 0, sizeof *err);
	err->source = in->name;
	snprintf(err->text, sizeof err->text,
	         "looks like %s, not text; not read (export it as CSV)", what);
	return -2;
}

int
pakn_sniff_input(struct pakn_in *in, enum pakn_encoding enc,
                 enum pakn_input_format format, char delim,
                 struct pakn_sniffed *out, struct pakn_decoder **dec,
                 struct pakn_error *err)
{
	struct pakn_buf sample = PAKN_BUF_INIT;
	struct pakn_decoder *probe;
	const char *p, *what;
	size_t n;
	int complete;

	*dec = NULL;
	if (pakn_in_peek(in, PAKN_SNIFF_BYTES, &p, &n, &complete, err) != 0)
		return -1;
	if (pakn_xlsx_sniff(p, n)) {
		out->encoding = PAKN_ENC_UTF8;
		out->format = PAKN_INPUT_XLSX;
		out->delimiter = 0;
		return 0;
	}
	if (pakn_xls_sniff(p, n)) {
		out->encoding = PAKN_ENC_UTF8;
		out->format = PAKN_INPUT_XLS;
		out->delimiter = 0;
		return 0;
	}
	if ((what = pakn_sniff_binary(p, n)) != NULL)
		return not_text(in, what, err);
	if (enc == PAKN_ENC_UNKNOWN)
		enc = pakn_encoding_detect(p, n, complete);
	else if (enc == PAKN_ENC_UTF8 && has_bom(p, n))
		enc = PAKN_ENC_UTF8_BOM; /* an explicit UTF-8 drops a BOM */
	if (enc == PAKN_ENC_UNKNOWN)
		enc = PAKN_ENC_UTF8;
	/* A decoded copy of the sample, for sniffing format and delimiter. */
	if (enc == PAKN_ENC_UTF8 || enc == PAKN_ENC_UTF8_BOM) {
		if (enc == PAKN_ENC_UTF8_BOM && has_bom(p, n)) {
			pakn_in_drop_peeked(in, 3);
			pakn_in_peek(in, 0, &p, &n, &complete, err);
		}
		pakn_buf_add(&sample, p, n);
	} else {
		probe = pakn_decoder_new(enc, err);
		*dec = pakn_decoder_new(enc, err);
		if (probe == NULL || *dec == NULL) {
			pakn_decoder_free(probe);
			pakn_decoder_free(*dec);
			*dec = NULL;
			return -1;
		}
		/* Bytes the sample cannot decode are the reader's to report. */
		pakn_decoder_feed(probe, p, n, complete, &sample, err);
		pakn_decoder_free(probe);
		pakn_in_set_decoder(in, *dec);
	}
	if ((what = pakn_sniff_not_text(sample.data, sample.len)) != NULL) {
		pakn_buf_release(&sample);
		pakn_decoder_free(*dec);
		*dec = NULL;
		return not_text(in, what, err);
	}
	if (format == PAKN_INPUT_AUTO)
		format = pakn_sniff_format(sample.data ? sample.data : "",
		                           sample.len);
	if (format == PAKN_INPUT_CSV && delim == 0)
		delim = pakn_sniff_delimiter(sample.data ? sample.data : "",
		                             sample.len);
	out->encoding = enc;
	out->format = format;
	out->delimiter = format == PAKN_INPUT_CSV ? delim : 0;
	pakn_buf_release(&sample);
	return 0;
}
