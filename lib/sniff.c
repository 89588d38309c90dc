/*
 * sniff.c: the encoding, format and delimiter of an input (see sniff.h).
 */
#include "sniff.h"

#include <string.h>

#include "buf.h"
#include "encdetect.h"

const char *
pakn_input_format_name(enum pakn_input_format f)
{
	switch (f) {
	case PAKN_INPUT_CSV: return "csv";
	case PAKN_INPUT_JSONL: return "jsonl";
	case PAKN_INPUT_JSON: return "json";
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

static int
has_bom(const char *p, size_t n)
{
	return n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0;
}

int
pakn_sniff_input(struct pakn_in *in, enum pakn_encoding enc,
                 enum pakn_input_format format, char delim,
                 struct pakn_sniffed *out, struct pakn_decoder **dec,
                 struct pakn_error *err)
{
	struct pakn_buf sample = PAKN_BUF_INIT;
	struct pakn_decoder *probe;
	const char *p;
	size_t n;
	int complete;

	*dec = NULL;
	if (pakn_in_peek(in, PAKN_SNIFF_BYTES, &p, &n, &complete, err) != 0)
		return -1;
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
