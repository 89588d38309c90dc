/*
 * test_xlsx.c: unit tests of lib/xlsx.c: cell references, serial dates in
 * the 1900 system (with Excel's 1900-02-29) and the 1904 one, date
 * formats, and a small workbook written here with libzip: shared strings
 * (rich text runs joined, phonetic runs left out), an index out of range,
 * inline strings, booleans, cells placed by reference, a date style, the
 * 1904 flag, and sheets by name and number.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "xlsx.h"

#include "unit.h"

static void
test_refs(void)
{
	CHECK_INT(pakn_xlsx_ref_col("A1"), 0, "A1 is column 0");
	CHECK_INT(pakn_xlsx_ref_col("C5"), 2, "C5 is column 2");
	CHECK_INT(pakn_xlsx_ref_col("Z9"), 25, "Z is 25");
	CHECK_INT(pakn_xlsx_ref_col("AA10"), 26, "AA is 26");
	CHECK_INT(pakn_xlsx_ref_col("AZ1"), 51, "AZ is 51");
	CHECK_INT(pakn_xlsx_ref_col("BA1"), 52, "BA is 52");
	CHECK_INT(pakn_xlsx_ref_col("XFD1048576"), 16383, "XFD is the last");
	CHECK_INT(pakn_xlsx_ref_col("XFE1"), -1, "past XFD is none");
	CHECK_INT(pakn_xlsx_ref_col("ZZZZZZZZZZZZZZZZ1"), -1,
	          "a long run of letters does not overflow");
	CHECK_INT(pakn_xlsx_ref_col("12"), -1, "no letters is none");
	CHECK_INT(pakn_xlsx_ref_col(""), -1, "empty is none");
	CHECK_INT(pakn_xlsx_ref_col("a1"), -1, "lower case is not a reference");
}

static void
serial(double v, int d1904, const char *want, const char *what)
{
	char out[40];

	if (pakn_xlsx_serial_date(v, d1904, out) != 0)
		snprintf(out, sizeof out, "(out of range)");
	CHECK_STR(out, want, what);
}

static void
test_serials(void)
{
	char out[40];

	serial(1, 0, "1900-01-01", "1900: serial 1 is 1900-01-01");
	serial(59, 0, "1900-02-28", "1900: 59 is 1900-02-28");
	serial(60, 0, "1900-02-29", "1900: 60 is Excel's 1900-02-29");
	serial(61, 0, "1900-03-01", "1900: 61 is 1900-03-01");
	serial(25569, 0, "1970-01-01", "1900: 25569 is 1970-01-01");
	serial(45678, 0, "2025-01-21", "1900: 45678 is 2025-01-21");
	serial(45678.5, 0, "2025-01-21T12:00:00", "a half day is noon");
	serial(45678.25 + 1.0 / 86400, 0, "2025-01-21T06:00:01",
	       "seconds are kept");
	serial(45678.9999999, 0, "2025-01-22",
	       "a fraction that rounds to midnight is the next day");
	serial(2958465, 0, "9999-12-31", "the last day Excel knows");
	serial(0, 1, "1904-01-01", "1904: serial 0 is 1904-01-01");
	serial(44216, 1, "2025-01-21", "1904: 44216 is 2025-01-21");
	serial(60, 1, "1904-03-01", "1904: 60 is an ordinary day");
	serial(44216.75, 1, "2025-01-21T18:00:00", "1904: with a time");
	CHECK_INT(pakn_xlsx_serial_date(-1, 0, out), -1, "negative is refused");
	CHECK_INT(pakn_xlsx_serial_date(3e6, 0, out), -1,
	          "past 9999 is refused");
	CHECK_INT(pakn_xlsx_serial_date(NAN, 0, out), -1, "NaN is refused");
}

static void
test_formats(void)
{
	CHECK(pakn_xlsx_format_is_date("dd/mm/yyyy"), "dd/mm/yyyy");
	CHECK(pakn_xlsx_format_is_date("yyyy-mm-dd hh:mm"), "with a time");
	CHECK(pakn_xlsx_format_is_date("[h]:mm"), "elapsed hours");
	CHECK(pakn_xlsx_format_is_date("[$-42A]dd/mm/yyyy"),
	      "a locale prefix, then a date");
	CHECK(!pakn_xlsx_format_is_date("0.00"), "0.00 is not");
	CHECK(!pakn_xlsx_format_is_date("General"), "General is not");
	CHECK(!pakn_xlsx_format_is_date("\"Số \"0"),
	      "d or m in quoted text is not");
	CHECK(!pakn_xlsx_format_is_date("[Red]0"), "a colour is not");
	CHECK(!pakn_xlsx_format_is_date("#,##0\\ \\d"), "an escaped d is not");
}

/* ---- a workbook written with libzip ---------------------------------- */

static void
add(zip_t *z, const char *name, const char *text)
{
	zip_source_t *s = zip_source_buffer(z, text, strlen(text), 0);

	if (s == NULL || zip_file_add(z, name, s, ZIP_FL_OVERWRITE) < 0) {
		fprintf(stderr, "test_xlsx: zip: %s\n", zip_strerror(z));
		exit(2);
	}
}

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define RNS                                                                    \
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"     \
	"relationships\""

static void
write_book(const char *path, int d1904)
{
	zip_t *z;
	int e;

	z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e);
	if (z == NULL) {
		fprintf(stderr, "test_xlsx: cannot create %s\n", path);
		exit(2);
	}
	add(z, "[Content_Types].xml", "<Types/>");
	add(z, "xl/workbook.xml",
	    d1904 ? "<workbook " NS " " RNS "><workbookPr date1904=\"1\"/>"
	            "<sheets><sheet name=\"Tháng 10\" sheetId=\"1\" "
	            "r:id=\"rId1\"/><sheet name=\"Khác\" sheetId=\"2\" "
	            "r:id=\"rId2\"/></sheets></workbook>"
	          : "<workbook " NS " " RNS "><sheets><sheet name=\"Tháng 10\" "
	            "sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"Khác\" "
	            "sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>");
	add(z, "xl/_rels/workbook.xml.rels",
	    "<Relationships><Relationship Id=\"rId2\" "
	    "Target=\"worksheets/s2.xml\"/><Relationship Id=\"rId1\" "
	    "Target=\"/xl/worksheets/s1.xml\"/></Relationships>");
	add(z, "xl/sharedStrings.xml",
	    "<sst " NS "><si><t>Mã PAKN</t></si>"
	    "<si><r><t>Nội </t></r><r><rPr><b/></rPr><t>dung</t></r></si>"
	    "<si><t>Đường</t><rPh><t>ふりがな</t></rPh></si>"
	    "<si><t xml:space=\"preserve\"> a &amp; b </t></si></sst>");
	add(z, "xl/styles.xml",
	    "<styleSheet " NS "><numFmts><numFmt numFmtId=\"164\" "
	    "formatCode=\"dd/mm/yyyy\"/></numFmts><cellXfs><xf "
	    "numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"14\"/>"
	    "<xf numFmtId=\"2\"/></cellXfs></styleSheet>");
	add(z, "xl/worksheets/s1.xml",
	    "<worksheet " NS "><sheetData>"
	    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
	    "<c r=\"C1\" t=\"s\"><v>1</v></c></row>"
	    "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>2</v></c>"
	    "<c r=\"B3\" s=\"1\"><v>44216</v></c>"
	    "<c r=\"C3\" t=\"s\"><v>3</v></c><c r=\"D3\" t=\"s\"><v>99</v></c>"
	    "<c r=\"E3\" t=\"b\"><v>0</v></c><c r=\"F3\" s=\"3\"><v>7.5</v></c>"
	    "<c r=\"G3\" t=\"inlineStr\"><is><t>x</t><rPh><t>y</t></rPh>"
	    "</is></c></row>"
	    "<row><c><v>1</v></c><c s=\"2\"><v>60</v></c></row>"
	    "</sheetData></worksheet>");
	add(z, "xl/worksheets/s2.xml",
	    "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"B1\" "
	    "t=\"str\"><v>K-1</v></c></row></sheetData></worksheet>");
	if (zip_close(z) < 0) {
		fprintf(stderr, "test_xlsx: zip_close: %s\n", zip_strerror(z));
		exit(2);
	}
}

static void
field(const struct pakn_xlsx_row *r, size_t i, const char *want,
      const char *what)
{
	CHECK_STR(i < r->n ? r->field[i] : "(no field)", want, what);
	if (i < r->n)
		CHECK_INT(r->len[i], strlen(want), "and its length");
}

static void
test_book(int d1904)
{
	char path[] = "/tmp/pakn-test-xlsx-XXXXXX";
	struct pakn_error err;
	struct pakn_xlsx *x;
	struct pakn_xlsx_row r;
	int fd = mkstemp(path);

	if (fd < 0) {
		perror("mkstemp");
		exit(2);
	}
	close(fd);
	write_book(path, d1904);
	memset(&err, 0, sizeof err);
	x = pakn_xlsx_open(path, NULL, 0, "book.xlsx", &err);
	unlink(path);
	CHECK(x != NULL, "the workbook opens");
	if (x == NULL) {
		printf("#   %s\n", err.text);
		return;
	}
	CHECK_INT(pakn_xlsx_nsheets(x), 2, "two sheets");
	CHECK_STR(pakn_xlsx_sheet_name(x, 0), "Tháng 10", "the first's name");
	CHECK_INT(pakn_xlsx_find_sheet(x, "Khác"), 1, "a sheet by name");
	CHECK_INT(pakn_xlsx_find_sheet(x, "2"), 1, "a sheet by number");
	CHECK_INT(pakn_xlsx_find_sheet(x, "3"), -1, "no third sheet");
	CHECK_INT(pakn_xlsx_find_sheet(x, "khác"), -1, "names are exact");

	CHECK_INT(pakn_xlsx_sheet_open(x, 0, &err), 0, "sheet 1 opens");
	CHECK_INT(pakn_xlsx_next_row(x, &r, &err), 1, "row 1");
	CHECK_INT(r.line, 1, "is line 1");
	CHECK_INT(r.n, 3, "A1 and C1: three fields");
	field(&r, 0, "Mã PAKN", "a shared string");
	field(&r, 1, "", "B1 is missing: empty");
	field(&r, 2, "Nội dung", "rich text runs are joined");
	CHECK_INT(pakn_xlsx_next_row(x, &r, &err), 1, "row 3");
	CHECK_INT(r.line, 3, "keeps its number");
	field(&r, 0, "Đường", "a phonetic run is left out");
	field(&r, 1, d1904 ? "2025-01-21" : "2021-01-20",
	      d1904 ? "a custom date style, 1904 system"
	            : "a custom date style, 1900 system");
	field(&r, 2, " a & b ", "entities and spaces kept");
	field(&r, 3, "", "a shared string index out of range is empty");
	field(&r, 4, "FALSE", "a boolean");
	field(&r, 5, "7.5", "a number style that is not a date");
	field(&r, 6, "x", "an inline string, phonetic left out");
	CHECK_INT(pakn_xlsx_next_row(x, &r, &err), 1, "a row without r=");
	CHECK_INT(r.line, 4, "follows the last");
	field(&r, 0, "1", "a number without a style");
	field(&r, 1, d1904 ? "1904-03-01" : "1900-02-29",
	      "a built-in date style (14)");
	CHECK_INT(pakn_xlsx_next_row(x, &r, &err), 0, "then the end");
	CHECK_INT(pakn_xlsx_next_row(x, &r, &err), 0, "and it stays there");

	CHECK_INT(pakn_xlsx_sheet_open(x, 1, &err), 0, "sheet 2 opens");
	CHECK_INT(pakn_xlsx_next_row(x, &r, &err), 1, "its row");
	field(&r, 0, "", "A1 empty");
	field(&r, 1, "K-1", "a formula string");
	pakn_xlsx_close(x);
}

static void
test_bad(void)
{
	struct pakn_error err;
	struct pakn_xlsx *x;

	memset(&err, 0, sizeof err);
	x = pakn_xlsx_open(NULL, "PK\x03\x04garbage", 11, "bad.xlsx", &err);
	CHECK(x == NULL, "a broken zip does not open");
	CHECK(strstr(err.text, "corrupt zip") != NULL, "and says so");
	CHECK_STR(err.source, "bad.xlsx", "naming the file");
	CHECK(pakn_xlsx_sniff("PK\x03\x04....xl/workbook.xml", 24),
	      "a zip with xl/ is a workbook");
	CHECK(!pakn_xlsx_sniff("PK\x03\x04....xl/workbook.bin", 24),
	      "an .xlsb is not");
	CHECK(!pakn_xlsx_sniff("PK\x03\x04....word/document.xml", 26),
	      "a .docx is not");
}

int
main(void)
{
	test_refs();
	test_serials();
	test_formats();
	test_book(0);
	test_book(1);
	test_bad();
	return unit_done();
}
