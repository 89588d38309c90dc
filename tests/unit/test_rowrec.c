/*
 * test_rowrec.c: unit tests of lib/rowrec.c, the row-to-record builder:
 * how headers map to keys (built-in, --map exact and folded, duplicates),
 * the record written for CSV and JSON rows (dates, labels, phones, line
 * breaks, extra, nested objects), the stable id (the same values give the
 * same id whatever the file and line; any other value another id; the
 * ids pakn-ingest gave before the builder moved to lib/ are kept), the
 * rows that cannot become records, and --dedupe.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "columns.h"
#include "profile.h"
#include "rowrec.h"
#include "when.h"

#include "unit.h"

/* Sets up r with the columns of a CSV header (fields separated by '|'). */
static void
header(struct pakn_rowrec *r, const char *h)
{
	const char *p = h, *bar;

	pakn_rowrec_clear_columns(r);
	for (;;) {
		bar = strchr(p, '|');
		pakn_rowrec_add_column(r, p,
		                       bar ? (size_t)(bar - p) : strlen(p), 1);
		if (bar == NULL)
			break;
		p = bar + 1;
	}
}

/*
 * Builds a CSV row from fields separated by '|' and ends it into out
 * (reset first).  Returns what take (if it fails) or end returns.
 */
static int
row(struct pakn_rowrec *r, const char *fields, struct pakn_buf *out,
    const char *file, long line)
{
	static char copy[4096];
	const char *f[32];
	size_t len[32], n = 0;
	char *p = copy, *bar;

	snprintf(copy, sizeof copy, "%s", fields);
	for (;;) {
		bar = strchr(p, '|');
		if (bar)
			*bar = '\0';
		f[n] = p;
		len[n] = strlen(p);
		n++;
		if (bar == NULL)
			break;
		p = bar + 1;
	}
	pakn_buf_reset(out);
	if (pakn_rowrec_take_csv(r, f, len, n) != 0)
		return -1;
	return pakn_rowrec_end(r, out, file, line, "csv");
}

/* The "id" of a record line. */
static const char *
id_of(const struct pakn_buf *out, char buf[32])
{
	const char *p = out->data ? strstr(out->data, "\"id\":\"") : NULL;

	if (p == NULL)
		return "";
	snprintf(buf, 32, "%.*s", (int)strcspn(p + 6, "\""), p + 6);
	return buf;
}

static void
test_columns(void)
{
	struct pakn_rowrec r;
	struct pakn_profile maps;

	memset(&maps, 0, sizeof maps);
	maps.date_order = -1;
	pakn_profile_add_map(&maps, "Ma ho so", 8, PAKN_COL_ID);
	pakn_profile_add_map(&maps, "STT", 3, PAKN_COL_IGNORE);
	pakn_rowrec_init(&r, &maps, PAKN_DMY, 0);
	header(&r, "STT| Mã Hồ Sơ |Ngày tiếp nhận|Nội dung|Nội dung|Xyz");
	CHECK_INT(r.ncols, 6, "six columns");
	CHECK_INT(r.cols[0].col, PAKN_COL_IGNORE, "STT dropped by --map");
	CHECK_STR(r.cols[0].how, "--map", "exact --map");
	CHECK_INT(r.cols[1].col, PAKN_COL_ID, "folded --map");
	CHECK_STR(r.cols[1].header, "Mã Hồ Sơ", "the header is trimmed");
	CHECK_INT(r.cols[2].col, PAKN_COL_RECEIVED_AT, "built-in header");
	CHECK_STR(r.cols[2].how, "built-in", "said so");
	CHECK_INT(r.cols[3].col, PAKN_COL_CONTENT, "content");
	CHECK_INT(r.cols[4].col, PAKN_COL_EXTRA, "a second content column");
	CHECK_STR(r.cols[4].how, "duplicate", "is a duplicate");
	CHECK_INT(r.cols[5].col, PAKN_COL_EXTRA, "an unknown header");
	CHECK_INT(pakn_rowrec_json_column(&r, "Xyz"), 5,
	          "a JSON key finds its column");
	CHECK_INT(pakn_rowrec_json_column(&r, "new"), 6, "or adds one");
	pakn_rowrec_clear_columns(&r);
	CHECK_INT(r.ncols, 0, "columns cleared");
	/* The NFD header is put in NFC before it is mapped. */
	header(&r, "Noi dung|Nội dung");
	CHECK_INT(r.cols[0].col, PAKN_COL_CONTENT, "no diacritics");
	CHECK_INT(r.cols[1].col, PAKN_COL_EXTRA, "NFD, a duplicate");
	CHECK_STR(r.cols[1].header, "Nội dung", "NFD header now NFC");
	pakn_rowrec_release(&r);
	pakn_profile_release(&maps);
}

static void
test_csv_records(void)
{
	struct pakn_rowrec r;
	struct pakn_buf out = PAKN_BUF_INIT;

	pakn_rowrec_init(&r, NULL, PAKN_DMY, 0);
	header(&r, "Ngày tiếp nhận|Nội dung|Kênh|Hạn xử lý|Ghi chú|Số điện "
	           "thoại");
	CHECK_INT(row(&r, "01/01/2024|một|Zalo|05/01/2024|note|+84 912 345 678",
	              &out, "rr1.csv", 2),
	          0, "a row is written");
	/* What pakn-ingest wrote for this row before the builder moved. */
	CHECK_STR(
	    out.data,
	    "{\"id\":\"h0daa19767ef43507\",\"received_at\":\"2024-01-"
	    "01T00:00:00+07:00\",\"channel\":\"zalo\",\"content\":\"một\","
	    "\"submitter\":{\"phone\":\"0912345678\"},\"due_at\":\"2024-"
	    "01-05T23:59:59+07:00\",\"extra\":{\"Ghi chú\":\"note\"},"
	    "\"source\":{\"file\":\"rr1.csv\",\"line\":2,\"format\":"
	    "\"csv\"}}\n",
	    "dates, label, phone, extra, source");
	CHECK_INT(row(&r, "01/01/2024|hai\r\nba|fax?|31/02/2024||", &out,
	              "rr1.csv", 3),
	          0, "a row with an unknown label and a bad due date");
	CHECK_STR(out.data,
	          "{\"id\":\"heb1649a21c5fa715\",\"received_at\":\"2024-01-"
	          "01T00:00:00+07:00\",\"channel\":\"other\",\"content\":"
	          "\"hai\\nba\",\"extra\":{\"Kênh\":\"fax?\",\"Hạn xử lý\":"
	          "\"31/02/2024\",\"Ghi chú\":\"\"},\"source\":{\"file\":"
	          "\"rr1.csv\",\"line\":3,\"format\":\"csv\"}}\n",
	          "CRLF inside a value, 'other', the label and date in extra");
	CHECK_INT(r.soft, 1, "the unreadable due date is counted");
	pakn_rowrec_release(&r);
	pakn_buf_release(&out);
}

static void
test_stable_id(void)
{
	struct pakn_rowrec r;
	struct pakn_buf out = PAKN_BUF_INIT;
	char a[32], b[32], idbuf[PAKN_ROWREC_ID_SIZE];
	const char *id;
	size_t n;

	pakn_rowrec_init(&r, NULL, PAKN_DMY, 0);
	header(&r, "Ngày tiếp nhận|Nội dung|Ghi chú");
	row(&r, "01/01/2024|một|x", &out, "a.csv", 2);
	id_of(&out, a);
	CHECK_INT(strlen(a), 17, "h + 16 hex digits");
	CHECK_INT(a[0], 'h', "starts with h");
	CHECK_INT(strspn(a + 1, "0123456789abcdef"), 16, "lowercase hex");
	row(&r, "01/01/2024|một|x", &out, "other.csv", 99);
	CHECK_STR(id_of(&out, b), a, "same values, other file and line");
	row(&r, " 01/01/2024 |một |x", &out, "a.csv", 2);
	CHECK_STR(id_of(&out, b), a, "the id is taken after trimming");
	row(&r, "1/1/2024|một|x", &out, "a.csv", 2);
	CHECK_STR(id_of(&out, b), a, "and after reading the date");
	row(&r, "01/01/2024|một|y", &out, "a.csv", 2);
	CHECK(strcmp(id_of(&out, b), a) != 0, "an extra value changes it");
	row(&r, "02/01/2024|một|x", &out, "a.csv", 2);
	CHECK(strcmp(id_of(&out, b), a) != 0, "a date changes it");
	row(&r, "01/01/2024|mot|x", &out, "a.csv", 2);
	CHECK(strcmp(id_of(&out, b), a) != 0, "a letter changes it");

	/* The id of the row just built, without writing it. */
	pakn_rowrec_take_csv(&r, (const char *[]){"01/01/2024", "một", "x"},
	                     (const size_t[]){10, strlen("một"), 1}, 3);
	id = pakn_rowrec_id(&r, idbuf, &n);
	CHECK_STR(id, a, "pakn_rowrec_id gives the record's id");
	CHECK_INT(n, 17, "and its length");

	/* An id column wins. */
	header(&r, "Mã PAKN|Ngày tiếp nhận|Nội dung");
	row(&r, "PAKN-1|01/01/2024|một", &out, "a.csv", 2);
	CHECK_STR(id_of(&out, b), "PAKN-1", "the id column is the id");
	pakn_rowrec_take_csv(&r, (const char *[]){"PAKN-1", "01/01/2024", "x"},
	                     (const size_t[]){6, 10, 1}, 3);
	id = pakn_rowrec_id(&r, idbuf, &n);
	CHECK(n == 6 && memcmp(id, "PAKN-1", 6) == 0,
	      "pakn_rowrec_id gives the id column");
	pakn_rowrec_release(&r);
	pakn_buf_release(&out);
}

static void
test_rejects(void)
{
	struct pakn_rowrec r;
	struct pakn_buf out = PAKN_BUF_INIT;

	pakn_rowrec_init(&r, NULL, PAKN_DMY, 0);
	header(&r, "Ngày tiếp nhận|Nội dung|Hạn xử lý");
	CHECK_INT(row(&r, "|một|", &out, "a.csv", 2), -1, "no receipt date");
	CHECK_STR(pakn_rowrec_error(&r), "no receipt date (received_at)",
	          "says so");
	CHECK_INT(out.len, 0, "nothing written");
	CHECK_INT(row(&r, "01/01/2024|  |", &out, "a.csv", 2), -1,
	          "blank content");
	CHECK_STR(pakn_rowrec_error(&r), "empty content", "says so");
	CHECK_INT(row(&r, "32/13/2024|một|", &out, "a.csv", 2), -1,
	          "an unreadable receipt date");
	CHECK_STR(pakn_rowrec_error(&r),
	          "column 'Ngày tiếp nhận': cannot read date '32/13/2024'",
	          "names the column and the value");
	CHECK_INT(row(&r, "01/01/2024|m\xff|", &out, "a.csv", 2), -1,
	          "invalid UTF-8");
	CHECK_STR(pakn_rowrec_error(&r),
	          "column 'Nội dung': bytes invalid in the encoding at byte 2 "
	          "(try --encoding)",
	          "names the column and the byte");
	CHECK_INT(row(&r, "01/01/2024|một", &out, "a.csv", 2), -1,
	          "too few fields");
	CHECK_STR(pakn_rowrec_error(&r), "expected 3 fields, found 2",
	          "counts them");
	CHECK_INT(row(&r, "01/01/2024|một|05/01/2024 17:00", &out, "a.csv", 2),
	          0, "then a good row");
	CHECK(strstr(out.data, "\"due_at\":\"2024-01-05T17:00:00+07:00\"") !=
	          NULL,
	      "a due date with a time keeps it");
	pakn_rowrec_release(&r);
	pakn_buf_release(&out);
}

static void
test_dedupe(void)
{
	struct pakn_rowrec r;
	struct pakn_buf out = PAKN_BUF_INIT;
	char buf[32];
	int i, dropped = 0;

	pakn_rowrec_init(&r, NULL, PAKN_DMY, 1);
	header(&r, "ID|Ngày|Nội dung");
	CHECK_INT(row(&r, "A|01/01/2024|first", &out, "d.csv", 2), 0, "A");
	CHECK_INT(row(&r, "B|01/01/2024|b", &out, "d.csv", 3), 0, "B");
	CHECK_INT(row(&r, "A|02/01/2024|second", &out, "d.csv", 4), 1,
	          "A again is a duplicate");
	CHECK_INT(out.len, 0, "and is not written");
	/* Many ids: the set grows and still knows the first. */
	for (i = 0; i < 5000; i++) {
		snprintf(buf, sizeof buf, "X%d|01/01/2024|c", i);
		dropped += row(&r, buf, &out, "d.csv", 5) == 1;
	}
	CHECK_INT(dropped, 0, "5000 new ids are kept");
	CHECK_INT(row(&r, "X17|01/01/2024|c", &out, "d.csv", 6), 1,
	          "an early one is still known");
	CHECK_INT(row(&r, "B|01/01/2024|b", &out, "d.csv", 7), 1,
	          "and so is B");
	pakn_rowrec_release(&r);

	pakn_rowrec_init(&r, NULL, PAKN_DMY, 0);
	header(&r, "ID|Ngày|Nội dung");
	row(&r, "A|01/01/2024|first", &out, "d.csv", 2);
	CHECK_INT(row(&r, "A|01/01/2024|first", &out, "d.csv", 3), 0,
	          "without dedupe a repeated id is written");
	pakn_rowrec_release(&r);
	pakn_buf_release(&out);
}

static void
test_date_order(void)
{
	struct pakn_rowrec r;
	struct pakn_buf out = PAKN_BUF_INIT;

	pakn_rowrec_init(&r, NULL, PAKN_MDY, 0);
	header(&r, "Ngày tiếp nhận|Nội dung");
	CHECK_INT(row(&r, "03/04/2024|x", &out, "o.csv", 2), 0, "mdy");
	CHECK(strstr(out.data, "\"received_at\":\"2024-03-04T") != NULL,
	      "03/04 is 4 March with mdy");
	pakn_rowrec_release(&r);
	pakn_buf_release(&out);
}

/* Builds a record from one JSON text, ended into out. */
static int
json_row(struct pakn_rowrec *r, const char *text, struct pakn_buf *out,
         long *line, long *col)
{
	int rc;

	pakn_buf_reset(out);
	rc = pakn_rowrec_take_json(r, text, strlen(text), line, col);
	if (rc != 0)
		return rc;
	return pakn_rowrec_end(r, out, "<stdin>", 1, "jsonl");
}

static void
test_json(void)
{
	struct pakn_rowrec r;
	struct pakn_buf out = PAKN_BUF_INIT;
	long line, col;

	pakn_rowrec_init(&r, NULL, PAKN_DMY, 0);
	CHECK_INT(json_row(&r,
	                   "{\"received_at\":\"2024-01-01\",\"content\":\"x\","
	                   "\"submitter\":{\"phone\":\"0912345678\",\"name\":"
	                   "\"An\"},\"tags\":[1,2],\"n\":1.5,\"k\":true}",
	                   &out, &line, &col),
	          0, "a JSON object is written");
	/* What pakn-ingest wrote for this object before the builder moved. */
	CHECK_STR(out.data,
	          "{\"id\":\"h73df4b937e7b41bc\",\"received_at\":\"2024-01-"
	          "01T00:00:00+07:00\",\"channel\":\"other\",\"content\":\"x\","
	          "\"submitter\":{\"name\":\"An\",\"phone\":\"0912345678\"},"
	          "\"extra\":{\"tags\":[1,2],\"n\":\"1.5\",\"k\":\"true\"},"
	          "\"source\":{\"file\":\"<stdin>\",\"line\":1,\"format\":"
	          "\"jsonl\"}}\n",
	          "nested object flattened, raw JSON and scalars in extra");
	CHECK_INT(json_row(&r,
	                   "{\"received_at\":\"2024-01-01\",\"content\":\"x\","
	                   "\"meta\":{\"a\":1}}",
	                   &out, &line, &col),
	          0, "an object of unknown keys");
	CHECK(strstr(out.data, "\"extra\":{\"meta\":{\"a\":1}}") != NULL,
	      "stays whole in extra");
	CHECK_INT(json_row(&r,
	                   "{\"received_at\":\"2024-01-01\",\"content\":[1]}",
	                   &out, &line, &col),
	          -1, "an array for a text key");
	CHECK_STR(pakn_rowrec_error(&r),
	          "column 'content': expected text, found a JSON array",
	          "is rejected");
	CHECK_INT(json_row(&r, "[1]", &out, &line, &col), -1, "an array");
	CHECK_STR(pakn_rowrec_error(&r), "not a JSON object", "is no object");
	CHECK(line == 0 && col == 0, "with no position");
	CHECK_INT(json_row(&r, "{\"a\":\n 1,}", &out, &line, &col), -1,
	          "invalid JSON");
	CHECK(strncmp(pakn_rowrec_error(&r), "invalid JSON: ", 14) == 0,
	      "says so");
	CHECK_INT(line, 1, "its line, from the first line of the text");
	CHECK(col > 0, "and its column");

	pakn_rowrec_clear_columns(&r);
	pakn_rowrec_json_columns(&r, "{\"id\":1,\"Nội dung\":\"x\"}",
	                         strlen("{\"id\":1,\"Nội dung\":\"x\"}"));
	CHECK_INT(r.ncols, 2, "the keys of an object as columns");
	if (r.ncols == 2)
		CHECK_INT(r.cols[1].col, PAKN_COL_CONTENT,
		          "mapped as headers are");
	pakn_rowrec_json_columns(&r, "[1]", 3);
	CHECK_INT(r.ncols, 2, "not an object: no columns");
	pakn_rowrec_release(&r);
	pakn_buf_release(&out);
}

int
main(void)
{
	test_columns();
	test_csv_records();
	test_stable_id();
	test_rejects();
	test_dedupe();
	test_date_order();
	test_json();
	return unit_done();
}
