/*
 * test_sniff.c: unit tests of lib/sniff.c: format names, the format and
 * the delimiter of a sample, and pakn_sniff_input on files: a BOM dropped
 * (also with an explicit UTF-8), UTF-16 and windows-1258 detected and a
 * decoder set so the lines read are UTF-8, and what the user gave winning
 * over what is detected.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "encoding.h"
#include "io.h"
#include "sniff.h"

#include "unit.h"

static void
test_names(void)
{
	enum pakn_input_format f = PAKN_INPUT_AUTO;

	CHECK_INT(pakn_input_format_parse("csv", &f), 0, "csv");
	CHECK_INT(f, PAKN_INPUT_CSV, "is CSV");
	CHECK_INT(pakn_input_format_parse("ndjson", &f), 0, "ndjson");
	CHECK_INT(f, PAKN_INPUT_JSONL, "is JSON lines");
	CHECK_INT(pakn_input_format_parse("jsonl", &f), 0, "jsonl");
	CHECK_INT(pakn_input_format_parse("json", &f), 0, "json");
	CHECK_INT(f, PAKN_INPUT_JSON, "is a JSON array");
	CHECK_INT(pakn_input_format_parse("xml", &f), -1, "xml is not one");
	CHECK_INT(f, PAKN_INPUT_JSON, "and leaves f alone");
	CHECK_STR(pakn_input_format_name(PAKN_INPUT_CSV), "csv", "name csv");
	CHECK_STR(pakn_input_format_name(PAKN_INPUT_JSONL), "jsonl",
	          "name jsonl");
	CHECK_STR(pakn_input_format_name(PAKN_INPUT_JSON), "json", "name json");
	CHECK_STR(pakn_input_format_name(PAKN_INPUT_AUTO), "auto", "name auto");
}

static void
test_format(void)
{
	CHECK_INT(pakn_sniff_format("{\"a\":1}\n", 8), PAKN_INPUT_JSONL,
	          "'{' is JSON lines");
	CHECK_INT(pakn_sniff_format(" \r\n\t[{}]", 8), PAKN_INPUT_JSON,
	          "'[' after white space is a JSON array");
	CHECK_INT(pakn_sniff_format("id,name\n", 8), PAKN_INPUT_CSV,
	          "anything else is CSV");
	CHECK_INT(pakn_sniff_format("", 0), PAKN_INPUT_CSV, "empty is CSV");
	CHECK_INT(pakn_sniff_format("  ", 2), PAKN_INPUT_CSV, "blank is CSV");
	CHECK_INT(pakn_sniff_format("  {", 2), PAKN_INPUT_CSV,
	          "only the first n bytes count");
}

static void
test_delimiter(void)
{
	const char *s;

	CHECK_INT(pakn_sniff_delimiter("a,b,c\n", 6), ',', "comma");
	CHECK_INT(pakn_sniff_delimiter("a;b;c,d\n", 8), ';', "most is ';'");
	CHECK_INT(pakn_sniff_delimiter("a\tb\tc\n", 6), '\t', "tab");
	s = "\"a;b;c;d\",x,y\n";
	CHECK_INT(pakn_sniff_delimiter(s, strlen(s)), ',',
	          "quoted delimiters do not count");
	s = "a,b\nc;d;e;f;g\n";
	CHECK_INT(pakn_sniff_delimiter(s, strlen(s)), ',',
	          "only the first line counts");
	s = "a;b\rc,d,e,f\n";
	CHECK_INT(pakn_sniff_delimiter(s, strlen(s)), ';', "a CR ends it too");
	CHECK_INT(pakn_sniff_delimiter("abc\n", 4), ',', "none: comma");
	CHECK_INT(pakn_sniff_delimiter("a|b|c\n", 6), ',',
	          "'|' is only ever given, never guessed");
}

/* Sniffs a file holding data[0..n); then reads its first line. */
struct sniffed {
	int rc;
	struct pakn_sniffed got;
	int has_dec;
	char line[256];
};

static struct sniffed
sniff(const void *data, size_t n, enum pakn_encoding enc,
      enum pakn_input_format format, char delim)
{
	struct sniffed s;
	struct pakn_in in;
	struct pakn_error err;
	struct pakn_decoder *dec = NULL;
	char name[64];
	const char *line;
	size_t len;
	int fd, toolong;

	memset(&s, 0, sizeof s);
	snprintf(name, sizeof name, "/tmp/pakn-sniff-XXXXXX");
	fd = mkstemp(name);
	if (fd < 0 || write(fd, data, n) != (ssize_t)n) {
		perror("temporary file");
		exit(1);
	}
	close(fd);
	if (pakn_in_open(&in, name, &err) != 0) {
		fprintf(stderr, "%s\n", err.text);
		exit(1);
	}
	s.rc = pakn_sniff_input(&in, enc, format, delim, &s.got, &dec, &err);
	s.has_dec = dec != NULL;
	if (s.rc == 0 && pakn_in_getline(&in, &line, &len, &toolong, &err) > 0)
		snprintf(s.line, sizeof s.line, "%.*s", (int)len, line);
	pakn_in_close(&in);
	pakn_decoder_free(dec);
	unlink(name);
	return s;
}

static void
test_input(void)
{
	static const char bom_csv[] = "\xef\xbb\xbfid;name\n1;x\n";
	static const char utf16[] = "\xff\xfei\0d\0\t\0n\0\n\0";
	static const char cp1258[] =
	    "Ng\xe0y ti\xea\xecp nh\xe2\xf2n;N\xf4\xf2i dung;Ng\xfd\xf5\xcci "
	    "g\xfd\xd2i\n01/01/2024;Pha\xd2n \xe1nh ti\xccnh tra\xf2ng xa\xd2 "
	    "tha\xd2i g\xe2y \xf4 nhi\xea\xdem m\xf4i "
	    "tr\xfd\xf5\xccng;Nguy\xea\xden V\xe3n \xc2\xect\n";
	struct sniffed s;

	s = sniff(bom_csv, sizeof bom_csv - 1, PAKN_ENC_UNKNOWN,
	          PAKN_INPUT_AUTO, 0);
	CHECK_INT(s.rc, 0, "UTF-8 with a BOM");
	CHECK_INT(s.got.encoding, PAKN_ENC_UTF8_BOM, "is detected");
	CHECK_INT(s.got.format, PAKN_INPUT_CSV, "as CSV");
	CHECK_INT(s.got.delimiter, ';', "with ';'");
	CHECK(!s.has_dec, "no decoder for UTF-8");
	CHECK_STR(s.line, "id;name\n", "the BOM is dropped");

	s = sniff(bom_csv, sizeof bom_csv - 1, PAKN_ENC_UTF8, PAKN_INPUT_AUTO,
	          0);
	CHECK_INT(s.got.encoding, PAKN_ENC_UTF8_BOM,
	          "an explicit UTF-8 sees the BOM");
	CHECK_STR(s.line, "id;name\n", "and drops it");

	s = sniff("id,name\n", 8, PAKN_ENC_UTF8_BOM, PAKN_INPUT_AUTO, 0);
	CHECK_INT(s.got.encoding, PAKN_ENC_UTF8_BOM, "utf-8-bom given");
	CHECK_STR(s.line, "id,name\n", "without a BOM nothing is dropped");

	s = sniff(utf16, sizeof utf16 - 1, PAKN_ENC_UNKNOWN, PAKN_INPUT_AUTO,
	          0);
	CHECK_INT(s.got.encoding, PAKN_ENC_UTF16LE, "UTF-16LE detected");
	CHECK(s.has_dec, "with a decoder");
	CHECK_INT(s.got.delimiter, '\t', "the delimiter of the decoded text");
	CHECK_STR(s.line, "id\tn\n", "lines come decoded");

	s = sniff(cp1258, sizeof cp1258 - 1, PAKN_ENC_UNKNOWN, PAKN_INPUT_AUTO,
	          0);
	CHECK_INT(s.got.encoding, PAKN_ENC_CP1258, "windows-1258 detected");
	CHECK_INT(s.got.delimiter, ';', "its delimiter");
	CHECK_STR(s.line, "Ngày tiếp nhận;Nội dung;Người gửi\n",
	          "its lines come in UTF-8 NFC");

	s = sniff(cp1258, sizeof cp1258 - 1, PAKN_ENC_TCVN3, PAKN_INPUT_AUTO,
	          0);
	CHECK_INT(s.got.encoding, PAKN_ENC_TCVN3, "an explicit encoding wins");

	s = sniff("[{\"a\":1}]", 9, PAKN_ENC_UNKNOWN, PAKN_INPUT_AUTO, ';');
	CHECK_INT(s.got.format, PAKN_INPUT_JSON, "a JSON array");
	CHECK_INT(s.got.delimiter, 0, "has no delimiter");
	CHECK_INT(s.got.encoding, PAKN_ENC_UTF8, "ASCII is UTF-8");

	s = sniff("{\"a\":1}\n", 8, PAKN_ENC_UNKNOWN, PAKN_INPUT_CSV, 0);
	CHECK_INT(s.got.format, PAKN_INPUT_CSV, "a given format wins");
	CHECK_INT(s.got.delimiter, ',', "and its delimiter is guessed");

	s = sniff("a;b\n", 4, PAKN_ENC_UNKNOWN, PAKN_INPUT_AUTO, '|');
	CHECK_INT(s.got.delimiter, '|', "a given delimiter wins");

	s = sniff("", 0, PAKN_ENC_UNKNOWN, PAKN_INPUT_AUTO, 0);
	CHECK_INT(s.rc, 0, "empty input");
	CHECK_INT(s.got.encoding, PAKN_ENC_UTF8, "is UTF-8");
	CHECK_INT(s.got.format, PAKN_INPUT_CSV, "and CSV");
}

int
main(void)
{
	test_names();
	test_format();
	test_delimiter();
	test_input();
	return unit_done();
}
