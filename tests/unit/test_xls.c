/*
 * test_xls.c: unit tests of lib/xls.c: which first bytes are an .xls, the
 * text of numbers and of libfreexl's date-times, the error texts, and
 * opening bytes that are no workbook (from memory, through the temporary
 * file).  Reading real workbooks is tests/ingest-xls.bats's, on the
 * committed fixtures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xls.h"

#include "unit.h"

#define MAGIC "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

static void
test_sniff(void)
{
	char buf[600];

	memset(buf, 0, sizeof buf);
	memcpy(buf, MAGIC, 8);
	CHECK(pakn_xls_sniff(buf, sizeof buf), "OLE2 magic is an .xls");
	CHECK(!pakn_xls_sniff(buf, 7), "seven bytes are not");
	CHECK(!pakn_xls_sniff("PK\x03\x04xl/workbook.xml", 19), "a zip is not");
	CHECK(!pakn_xls_sniff("Mã PAKN,Ngày\n", 14), "CSV is not");
	/* an encrypted .xlsx: OLE2 with an EncryptedPackage stream */
	memcpy(buf + 300, "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e", 31);
	CHECK(!pakn_xls_sniff(buf, sizeof buf),
	      "an encrypted .xlsx (EncryptedPackage) is not");
}

static void
test_encrypted(void)
{
	/* BIFF8 workbook globals BOF (16 bytes of data), then a record */
	char b8[64] = "\x09\x08\x10\x00\x00\x06\x05\x00";
	/* BIFF5: 8 bytes of data */
	char b5[64] = "\x09\x08\x08\x00\x00\x05\x05\x00";

	memcpy(b8 + 20, "\x2f\x00\x36\x00", 4);
	CHECK(pakn_xls_encrypted(b8, sizeof b8), "BIFF8 BOF then FILEPASS");
	memcpy(b8 + 20, "\xe1\x00\x02\x00", 4);
	CHECK(!pakn_xls_encrypted(b8, sizeof b8),
	      "BIFF8 BOF then INTERFACEHDR is plain");
	memcpy(b5 + 12, "\x2f\x00\x06\x00", 4);
	CHECK(pakn_xls_encrypted(b5, sizeof b5), "BIFF5 BOF then FILEPASS");
	b5[6] = 0x10; /* a worksheet's BOF, not the workbook's */
	CHECK(!pakn_xls_encrypted(b5, sizeof b5),
	      "a worksheet BOF does not count");
	CHECK(!pakn_xls_encrypted(b8, 10), "too short");
}

static void
test_numbers(void)
{
	char t[32];

	pakn_xls_number_text(12, t);
	CHECK_STR(t, "12", "an integer has no decimals");
	pakn_xls_number_text(3.25, t);
	CHECK_STR(t, "3.25", "3.25");
	pakn_xls_number_text(0.1, t);
	CHECK_STR(t, "0.1", "0.1, not 0.10000000000000001");
	pakn_xls_number_text(0.1 + 0.2, t);
	CHECK_STR(t, "0.30000000000000004", "0.1 + 0.2 reads back the same");
	pakn_xls_number_text(912345678, t);
	CHECK_STR(t, "912345678", "a phone number stored as a number");
	pakn_xls_number_text(-45678.5, t);
	CHECK_STR(t, "-45678.5", "negative");
	pakn_xls_number_text(1e20, t);
	CHECK_STR(t, "1e+20", "a large number in exponent form");
}

static void
test_datetimes(void)
{
	char t[40];

	pakn_xls_datetime_text("2025-01-22 12:00:00", t);
	CHECK_STR(t, "2025-01-22T12:00:00", "a date-time gets the ISO T");
	pakn_xls_datetime_text("2025-01-22", t);
	CHECK_STR(t, "2025-01-22", "a date is kept");
	pakn_xls_datetime_text("12:30:00", t);
	CHECK_STR(t, "12:30:00", "a time is kept");
	pakn_xls_datetime_text("2025-01-22 12:00", t);
	CHECK_STR(t, "2025-01-22 12:00", "another form is copied");
}

static void
test_errors(void)
{
	CHECK(strstr(pakn_xls_strerror(-8), "truncated") != NULL,
	      "a read error is a truncated container");
	CHECK(strstr(pakn_xls_strerror(-17), "no Excel workbook") != NULL,
	      "an OLE2 file without a workbook says so");
	CHECK(strstr(pakn_xls_strerror(-26), "crafted") != NULL,
	      "a crafted file");
	CHECK_STR(pakn_xls_strerror(-999), "unreadable", "an unknown code");
}

static void
test_open_bad(void)
{
	struct pakn_error err;
	struct pakn_xls *x;
	char buf[4096];

	memset(buf, 0, sizeof buf);
	memcpy(buf, MAGIC, 8);
	memset(&err, 0, sizeof err);
	x = pakn_xls_open(NULL, buf, 12, "magic.xls", &err);
	CHECK(x == NULL, "the magic alone does not open");
	CHECK(strncmp(err.text, "not a readable .xls workbook: ", 30) == 0,
	      "and names the format");
	CHECK_STR(err.source, "magic.xls", "and the file");
	x = pakn_xls_open(NULL, buf, sizeof buf, "zeros.xls", &err);
	CHECK(x == NULL, "a header of zeros does not open");
	CHECK(strstr(err.text, "libfreexl error") != NULL,
	      "the message gives libfreexl's code");
	x = pakn_xls_open("/nonexistent/x.xls", NULL, 0, "x.xls", &err);
	CHECK(x == NULL, "a missing file does not open");
	pakn_xls_close(NULL);
}

int
main(void)
{
	test_sniff();
	test_encrypted();
	test_numbers();
	test_datetimes();
	test_errors();
	test_open_bad();
	return unit_done();
}
