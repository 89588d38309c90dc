/*
 * test_xlsxrows.c: unit tests of lib/xlsxrows.c: rows put into workbooks
 * libxlsxwriter made here (a sheet with title rows and an autofilter, an
 * empty sheet), deflated by a thread and the writer or by the writer
 * alone (the same XML), in many pieces; read back with libzip (which
 * checks each entry's CRC): the cells as libxlsxwriter writes them
 * (numbers, inline strings escaped, xml:space="preserve", styles),
 * cleaning (controls, bytes that are not UTF-8), a text over 32,767
 * characters left out, the dimension, what follows </sheetData> kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "buf.h"
#include "xlsxrows.h"

#include "unit.h"

#define NROWS 20000

/* A workbook at path: sheet 1 with two title rows and an autofilter over
 * rows 2..NROWS+1, sheet 2 with no cell. */
static int
make_book(const char *path)
{
	lxw_workbook_options opt = {LXW_TRUE, NULL, LXW_FALSE};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	lxw_worksheet *a, *b;

	if (wb == NULL)
		return -1;
	a = workbook_add_worksheet(wb, "A");
	b = workbook_add_worksheet(wb, "B");
	worksheet_write_string(a, 0, 0, "Tiêu đề", NULL);
	worksheet_write_string(a, 1, 0, "STT", NULL);
	worksheet_autofilter(a, 1, 0, NROWS + 1, 2);
	(void)b;
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

/* Entry name of the workbook at path, inflated (libzip checks its CRC). */
static char *
entry(const char *path, const char *name)
{
	struct pakn_buf b = PAKN_BUF_INIT;
	zip_t *z = zip_open(path, ZIP_RDONLY, NULL);
	zip_file_t *f;
	char chunk[8192];
	zip_int64_t k = -1;

	if (z == NULL)
		return NULL;
	f = zip_fopen(z, name, 0);
	if (f) {
		while ((k = zip_fread(f, chunk, sizeof chunk)) > 0)
			pakn_buf_add(&b, chunk, (size_t)k);
		zip_fclose(f);
	}
	zip_discard(z);
	if (k < 0) {
		pakn_buf_release(&b);
		return NULL;
	}
	pakn_buf_addc(&b, '\0');
	return b.data;
}

/* Writes the test rows into r (from row 2 on). */
static void
fill(struct pakn_xlsx_rows *r, double *w)
{
	static const char bad[] = "x\xff"
	                          "y";
	char text[64];
	unsigned long i;
	char *big = malloc(40000);

	memset(big, 'a', 40000);
	for (i = 0; i < NROWS; i++) {
		unsigned long row = i + 2;

		pakn_xlsx_rows_num(r, row, 0, (double)(i + 1), 3);
		snprintf(text, sizeof text, "PAKN-%06lu & <Nội dung> số %lu", i,
		         i * 7);
		pakn_xlsx_rows_str(r, row, 1, text, strlen(text), 1, -1);
		if (i == 0) {
			w[0] = pakn_xlsx_rows_str(r, row, 2, " lề",
			                          strlen(" lề"), 1, 5);
		} else if (i == 1) {
			w[1] =
			    pakn_xlsx_rows_str(r, row, 2, "a\tb\x01", 4, 1, 0);
		} else if (i == 2) {
			w[2] = pakn_xlsx_rows_str(r, row, 2, bad, 3, 0, -1);
		} else if (i == 3) {
			w[3] = pakn_xlsx_rows_str(r, row, 2, big, 40000, 1, -1);
		} else {
			pakn_xlsx_rows_num(r, row, 2, -2.5, 7);
		}
	}
	free(big);
}

static void
test_splice(int thread, char **sheet1, char **sheet2)
{
	char path[] = "/tmp/pakn-test-xlsxrows-XXXXXX";
	char err[160] = "";
	struct pakn_xlsx_splice sp[2];
	double w[4] = {0, 0, 0, 0};
	int fd = mkstemp(path);

	*sheet1 = *sheet2 = NULL;
	CHECK(fd >= 0, "a temporary file");
	if (fd < 0)
		return;
	close(fd);
	CHECK_INT(make_book(path), 0, "libxlsxwriter writes the workbook");
	sp[0].sheet = 1;
	sp[0].ncols = 3;
	sp[0].rows = pakn_xlsx_rows_new(thread);
	fill(sp[0].rows, w);
	sp[1].sheet = 2;
	sp[1].ncols = 1;
	sp[1].rows = pakn_xlsx_rows_new(thread);
	pakn_xlsx_rows_num(sp[1].rows, 0, 0, 42, -1);
	pakn_xlsx_rows_str(sp[1].rows, 1, 0, "b", 1, 1, -1);
	CHECK_INT(pakn_xlsx_splice(path, sp, 2, err, sizeof err), 0,
	          "the rows are put in");
	CHECK_STR(err, "", "no error");
	CHECK(sp[0].rows == NULL && sp[1].rows == NULL, "the lists are freed");
	CHECK_INT((long)w[0], 3, "width: code points");
	CHECK_INT((long)w[1], 4, "width of a text with controls");
	CHECK_INT((long)w[2], 3, "width of a text not UTF-8: its bytes");
	CHECK_INT((long)w[3], 40000, "width of a text too long");
	*sheet1 = entry(path, "xl/worksheets/sheet1.xml");
	*sheet2 = entry(path, "xl/worksheets/sheet2.xml");
	CHECK(*sheet1 && *sheet2, "the sheets read back, CRCs right");
	{
		char *wb = entry(path, "xl/workbook.xml");

		CHECK(wb && strstr(wb, "name=\"B\""), "the rest copied");
		free(wb);
	}
	unlink(path);
}

static void
test_rows(void)
{
	char *a1, *a2, *b1, *b2;

	test_splice(1, &a1, &b1);
	test_splice(0, &a2, &b2);
	if (!a1 || !a2 || !b1 || !b2)
		return;
	CHECK(strcmp(a1, a2) == 0 && strcmp(b1, b2) == 0,
	      "with and without the thread: the same XML");
	CHECK(strstr(a1, "<dimension ref=\"A1:C20002\"/>") != NULL,
	      "the dimension covers the rows");
	CHECK(strstr(a1, "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>"
	                 "Tiêu đề</t></is></c></row>") != NULL,
	      "libxlsxwriter's rows stay first");
	CHECK(strstr(a1, "<row r=\"3\"><c r=\"A3\" s=\"3\"><v>1</v></c>"
	                 "<c r=\"B3\" t=\"inlineStr\"><is><t>PAKN-000000 &amp; "
	                 "&lt;Nội dung&gt; số 0</t></is></c>"
	                 "<c r=\"C3\" s=\"5\" t=\"inlineStr\"><is>"
	                 "<t xml:space=\"preserve\"> lề</t></is></c></row>") !=
	          NULL,
	      "numbers, escaped text, a style, a leading space kept");
	CHECK(strstr(a1, "<c r=\"C4\" t=\"inlineStr\"><is><t>a b "
	                 "</t></is></c>") == NULL &&
	          strstr(a1,
	                 "<c r=\"C4\" t=\"inlineStr\"><is><t "
	                 "xml:space=\"preserve\">a b </t></is></c>") != NULL,
	      "controls are spaces (a trailing one preserved)");
	CHECK(strstr(a1, "<c r=\"C5\" t=\"inlineStr\"><is><t>x?y</t>") != NULL,
	      "a text not UTF-8: '?' for its bytes");
	CHECK(strstr(a1, "<c r=\"C6\"") == NULL,
	      "a text over 32,767 characters is left out");
	CHECK(strstr(a1, "<c r=\"C7\" s=\"7\"><v>-2.5</v></c>") != NULL,
	      "a number that is not whole");
	CHECK(strstr(a1, "<c r=\"A20002\" s=\"3\"><v>20000</v></c>") != NULL,
	      "the last row");
	CHECK(strstr(a1, "</row></sheetData><autoFilter ref=\"A2:C20002\"/>") !=
	          NULL,
	      "what follows </sheetData> kept");
	CHECK(strstr(b1, "<sheetData><row r=\"1\"><c r=\"A1\"><v>42</v></c>"
	                 "</row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is>"
	                 "<t>b</t></is></c></row></sheetData>") != NULL,
	      "an empty <sheetData/> opened for the rows");
	CHECK(strstr(b1, "<dimension ref=\"A1:A2\"/>") != NULL,
	      "its dimension");
	free(a1);
	free(a2);
	free(b1);
	free(b2);
}

static void
test_errors(void)
{
	struct pakn_xlsx_splice sp = {9, 1, pakn_xlsx_rows_new(1)};
	char err[160] = "";

	pakn_xlsx_rows_num(sp.rows, 0, 0, 1, -1);
	CHECK_INT(
	    pakn_xlsx_splice("/nonexistent/book.xlsx", &sp, 1, err, sizeof err),
	    -1, "no workbook: an error");
	CHECK(strstr(err, "cannot reopen the workbook") != NULL, err);
	CHECK(sp.rows == NULL, "the list is freed on an error too");
}

int
main(void)
{
	test_rows();
	test_errors();
	return unit_done();
}
