/*
 * test_csvin.c: unit tests of lib/csvin.c: fields, the physical line each
 * row starts and ends on (after quoted newlines and bare CRs too), the raw
 * text kept for rejects, broken rows (stray quote, unterminated quote, a
 * field over the cap) reported as rows and followed by the good rows after
 * them, and readers with different caps open at the same time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "csvin.h"
#include "io.h"

#include "unit.h"

/* A reader over a temporary file holding text[0..n). */
struct reader {
	char name[64];
	struct pakn_in in;
	struct pakn_csv *csv;
};

static void
open_reader(struct reader *r, const char *text, size_t n, char delim,
            size_t cap)
{
	struct pakn_error err;
	FILE *fp;
	int fd;

	snprintf(r->name, sizeof r->name, "/tmp/pakn-csvin-XXXXXX");
	fd = mkstemp(r->name);
	if (fd < 0) {
		perror("mkstemp");
		exit(1);
	}
	fp = fdopen(fd, "w");
	fwrite(text, 1, n, fp);
	fclose(fp);
	if (pakn_in_open(&r->in, r->name, &err) != 0) {
		fprintf(stderr, "%s\n", err.text);
		exit(1);
	}
	r->csv = pakn_csv_new(&r->in, delim, cap);
}

static void
close_reader(struct reader *r)
{
	pakn_csv_free(r->csv);
	pakn_in_close(&r->in);
	unlink(r->name);
}

/* The next row, or nfields = (size_t)-1 at the end. */
static int
next(struct reader *r, struct pakn_csv_row *row)
{
	struct pakn_error err;
	int rc = pakn_csv_next(r->csv, row, &err);

	if (rc <= 0)
		row->nfields = (size_t)-1;
	return rc;
}

/* Field i of row as a string (NUL-terminated by the reader). */
static const char *
field(const struct pakn_csv_row *row, size_t i)
{
	return i < row->nfields ? row->field[i] : NULL;
}

static void
test_rows(void)
{
	static const char text[] = "a,b,c\r\n"
	                           "1,\"x, y\",3\r\n"
	                           "2,\"two\r\nlines\",\"q\"\"q\"\r\n"
	                           "\r\n"
	                           "3,,\n";
	struct reader r;
	struct pakn_csv_row row;

	open_reader(&r, text, sizeof text - 1, ',', PAKN_MAX_FIELD);
	CHECK_INT(next(&r, &row), 1, "header row");
	CHECK_INT(row.nfields, 3, "three headers");
	CHECK_STR(field(&row, 2), "c", "last header, CRLF gone");
	CHECK_INT(row.line, 1, "header on line 1");

	CHECK_INT(next(&r, &row), 1, "first row");
	CHECK_STR(field(&row, 1), "x, y", "quoted comma");
	CHECK_INT(row.len[1], 4, "its length");
	CHECK_INT(row.line, 2, "first row on line 2");
	CHECK_STR(row.error, NULL, "no error");
	CHECK_INT(row.rawlen, strlen("1,\"x, y\",3"), "raw without CRLF");
	CHECK(memcmp(row.raw, "1,\"x, y\",3", row.rawlen) == 0, "raw text");

	CHECK_INT(next(&r, &row), 1, "a row over two lines");
	CHECK_STR(field(&row, 1), "two\r\nlines", "quoted newline kept");
	CHECK_STR(field(&row, 2), "q\"q", "doubled quote");
	CHECK_INT(row.line, 3, "starts on line 3");
	CHECK_INT(row.last_line, 4, "ends on line 4");

	CHECK_INT(next(&r, &row), 1, "the row after the blank line");
	CHECK_INT(row.line, 6, "a blank line is no row but counts");
	CHECK_INT(row.nfields, 3, "empty fields count");
	CHECK_STR(field(&row, 1), "", "an empty field");
	CHECK_INT(next(&r, &row), 0, "the end");
	CHECK_INT(next(&r, &row), 0, "still the end");
	close_reader(&r);
}

static void
test_bare_cr_and_delim(void)
{
	static const char text[] = "a;b\r1;2\r3;4";
	struct reader r;
	struct pakn_csv_row row;

	open_reader(&r, text, sizeof text - 1, ';', PAKN_MAX_FIELD);
	CHECK_INT(next(&r, &row), 1, "bare CR: header");
	CHECK_INT(row.nfields, 2, "';' splits");
	CHECK_INT(next(&r, &row), 1, "bare CR: row 1");
	CHECK_STR(field(&row, 1), "2", "bare CR ends a row");
	CHECK_INT(next(&r, &row), 1, "last row without a line end");
	CHECK_STR(field(&row, 0), "3", "its first field");
	CHECK_STR(field(&row, 1), "4", "its last field");
	CHECK_INT(next(&r, &row), 0, "the end");
	close_reader(&r);
}

static void
test_broken(void)
{
	static const char text[] = "a,b\n"
	                           "1,x\"y\n"
	                           "2,ok\n"
	                           "3,\"never closed\n"
	                           "4,z\n";
	struct reader r;
	struct pakn_csv_row row;

	open_reader(&r, text, sizeof text - 1, ',', PAKN_MAX_FIELD);
	next(&r, &row);
	CHECK_INT(next(&r, &row), 1, "a stray quote is a row");
	CHECK(row.error && strstr(row.error, "malformed quotes"),
	      "with an error");
	CHECK_INT(row.line, 2, "on its line");
	CHECK_INT(row.column, 4, "at the quote's column");
	CHECK_INT(row.rawlen, 5, "raw text of the broken row");
	CHECK_INT(next(&r, &row), 1, "the row after it");
	CHECK_STR(row.error, NULL, "is fine");
	CHECK_STR(field(&row, 1), "ok", "and read");
	CHECK_INT(row.line, 3, "on line 3");
	CHECK_INT(next(&r, &row), 1, "an unterminated quote");
	CHECK_STR(row.error, "unterminated quote", "is broken at the end");
	CHECK_INT(row.line, 4, "from the line it began on");
	CHECK_INT(next(&r, &row), 0, "then the end");
	close_reader(&r);
}

/*
 * A file of a header and three rows, the second with a field of n bytes:
 * quoted with a line break every 50 bytes, or on one line unquoted.
 */
static void
long_field_text(struct pakn_buf *b, size_t n, int quoted)
{
	size_t i;

	pakn_buf_reset(b);
	pakn_buf_adds(b, quoted ? "id,text\n1,short\n2,\""
	                        : "id,text\n1,short\n2,");
	for (i = 0; i < n; i++)
		pakn_buf_addc(b, quoted && i % 50 == 49 ? '\n' : 'x');
	pakn_buf_adds(b, quoted ? "\"\n3,after\n" : "\n3,after\n");
}

static void
test_caps(void)
{
	struct pakn_buf text = PAKN_BUF_INIT;
	struct reader small, big;
	struct pakn_csv_row row;

	/* Two readers at once: the second's cap must not become the
	 * first's. */
	long_field_text(&text, 8000, 0);
	open_reader(&small, text.data, text.len, ',', 100);
	open_reader(&big, text.data, text.len, ',', PAKN_MAX_FIELD);

	next(&small, &row);
	next(&small, &row);
	CHECK_INT(next(&small, &row), 1, "small cap: the long row");
	CHECK_STR(row.error, "field over the size cap",
	          "small cap: the long field is over it");
	CHECK_INT(row.line, 3, "small cap: the row's first line");
	CHECK_INT(next(&small, &row), 1, "small cap: the rest");
	CHECK_STR(row.error, NULL, "small cap: a good row");
	CHECK_INT(row.nfields, 2, "small cap: two fields");
	CHECK_STR(field(&row, 1), "after", "small cap: the row after it");

	next(&big, &row);
	next(&big, &row);
	CHECK_INT(next(&big, &row), 1, "big cap: the long row");
	CHECK_STR(row.error, NULL, "big cap: the long field is read");
	CHECK_INT(row.len[1], 8000, "big cap: all of it");
	CHECK_INT(next(&big, &row), 1, "big cap: the rest");
	CHECK_STR(field(&row, 1), "after", "big cap: the row after it");
	close_reader(&small);
	close_reader(&big);

	/* Over several lines: broken where the cap is passed; the parser
	 * starts again on the next line, so the rest of the field comes as
	 * rows of their own (one field each) before the row after it. */
	long_field_text(&text, 8000, 1);
	open_reader(&small, text.data, text.len, ',', 100);
	open_reader(&big, text.data, text.len, ',', PAKN_MAX_FIELD);
	next(&small, &row);
	next(&small, &row);
	CHECK_INT(next(&small, &row), 1, "small cap, quoted: the long row");
	CHECK_STR(row.error, "field over the size cap",
	          "small cap, quoted: broken");
	CHECK_INT(row.line, 3, "small cap, quoted: from its first line");
	CHECK(row.error_line > 3 && row.error_line < 3 + 8000 / 50,
	      "small cap, quoted: broken on a line inside the field");
	next(&big, &row);
	next(&big, &row);
	CHECK_INT(next(&big, &row), 1, "big cap, quoted: the long row");
	CHECK_STR(row.error, NULL, "big cap, quoted: read whole");
	CHECK_INT(row.len[1], 8000, "big cap, quoted: all of it");
	CHECK_INT(row.last_line, 3 + 8000 / 50, "big cap, quoted: last line");
	close_reader(&small);
	close_reader(&big);

	/* A field just under the cap (with libcsv's slack) is read. */
	long_field_text(&text, 1100, 0);
	open_reader(&small, text.data, text.len, ',', 100);
	next(&small, &row);
	next(&small, &row);
	CHECK_INT(next(&small, &row), 1, "a field within the slack");
	CHECK_STR(row.error, NULL, "is not over the cap");
	close_reader(&small);
	pakn_buf_release(&text);
}

/* With the header's field count set, a stray quote costs its own row. */
static void
test_stray_quote(void)
{
	static const char text[] = "a,b,c\n"
	                           "1,x,\"stray\n"
	                           "2,y,z\n"
	                           "3,\"two\nlines\",w\n"
	                           "4,\"\"\"q\"\"\",v\r5,u,t\n";
	struct reader r;
	struct pakn_csv_row row;

	open_reader(&r, text, sizeof text - 1, ',', PAKN_MAX_FIELD);
	next(&r, &row);
	pakn_csv_set_fields(r.csv, row.nfields);
	CHECK_INT(next(&r, &row), 1, "stray: the bad row");
	CHECK(row.error && strstr(row.error, "unterminated quote:"),
	      "stray: says why");
	CHECK_INT(row.line, 2, "stray: on its line");
	CHECK_INT(row.last_line, 2, "stray: ends there");
	CHECK_INT(row.column, 5, "stray: at the quote");
	CHECK_INT(row.rawlen, 10, "stray: its own text only");
	CHECK_INT(next(&r, &row), 1, "stray: the row after it");
	CHECK_STR(row.error, NULL, "stray: is fine");
	CHECK_STR(field(&row, 2), "z", "stray: and whole");
	CHECK_INT(row.line, 3, "stray: on line 3");
	CHECK_INT(next(&r, &row), 1, "a real quoted line break");
	CHECK_STR(field(&row, 1), "two\nlines", "is kept whole");
	CHECK_INT(row.line, 4, "from line 4");
	CHECK_INT(next(&r, &row), 1, "doubled quotes");
	CHECK_STR(field(&row, 1), "\"q\"", "read");
	CHECK_INT(row.rawlen, 11, "raw text up to the bare CR");
	CHECK_INT(next(&r, &row), 1, "the row after a bare CR");
	CHECK_STR(field(&row, 0), "5", "read");
	CHECK_INT(row.line, 6, "on the same line");
	CHECK_INT(row.rawlen, 5, "with its own raw text");
	CHECK(memcmp(row.raw, "5,u,t", 5) == 0, "which is its own");
	CHECK_INT(next(&r, &row), 0, "the end");
	close_reader(&r);
}

int
main(void)
{
	test_rows();
	test_bare_cr_and_delim();
	test_broken();
	test_caps();
	test_stray_quote();
	return unit_done();
}
