/*
 * fuzz_xlsx.c: the .xlsx reader (lib/xlsx.c: libzip, expat) on workbooks
 * of any shape.  The first byte picks how the rest is taken:
 *   even: the rest is a whole zip, as pakn-ingest would be given it;
 *   odd:  the rest is up to four XML parts split at NUL bytes
 *         (xl/workbook.xml, xl/worksheets/sheet1.xml,
 *         xl/sharedStrings.xml, xl/styles.xml), zipped here, stored, with
 *         the relationships that name sheet1, so that mutations reach the
 *         XML and not only the zip's checksums.
 * Every sheet is read to its end, by the worksheet scanner and again by
 * expat.  Properties: every row's fields are NUL-terminated and as long
 * as said, a sheet's name finds it, a failed read stays failed (no row
 * after -1), and a sheet expat reads to its end the scanner reads to its
 * end too, with the same rows.
 */
#include <zip.h>

#include "buf.h"
#include "fuzz.h"
#include "xlsx.h"

static const char *const part[] = {"xl/workbook.xml",
                                   "xl/worksheets/sheet1.xml",
                                   "xl/sharedStrings.xml", "xl/styles.xml"};

/* The parts of d[0..n) zipped into *out (malloc'd); its size, or 0. */
static size_t
zip_parts(const uint8_t *d, size_t n, void **out)
{
	static const char rels[] =
	    "<Relationships><Relationship Id=\"rId1\" "
	    "Target=\"worksheets/sheet1.xml\"/></Relationships>";
	zip_error_t ze;
	zip_source_t *src, *s;
	zip_t *z;
	zip_int64_t idx, size = 0;
	const uint8_t *p = d, *e = d + n, *nul;
	size_t k;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (src == NULL)
		return 0;
	zip_source_keep(src);
	z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (z == NULL) {
		zip_source_free(src);
		zip_error_fini(&ze);
		return 0;
	}
	s = zip_source_buffer(z, rels, sizeof rels - 1, 0);
	idx = zip_file_add(z, "xl/_rels/workbook.xml.rels", s, 0);
	if (idx >= 0)
		zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
	for (k = 0; k < 4 && p <= e; k++) {
		nul = memchr(p, '\0', (size_t)(e - p));
		if (nul == NULL)
			nul = e;
		/* the data must outlive zip_close: it is d itself */
		s = zip_source_buffer(z, p, (size_t)(nul - p), 0);
		idx = zip_file_add(z, part[k], s, 0);
		if (idx >= 0)
			zip_set_file_compression(z, (zip_uint64_t)idx,
			                         ZIP_CM_STORE, 0);
		p = nul + 1;
	}
	if (zip_close(z) < 0) {
		zip_discard(z);
		zip_source_free(src);
		zip_error_fini(&ze);
		return 0;
	}
	*out = NULL;
	if (zip_source_open(src) == 0) {
		zip_source_seek(src, 0, SEEK_END);
		size = zip_source_tell(src);
		zip_source_seek(src, 0, SEEK_SET);
		if (size > 0) {
			*out = malloc((size_t)size);
			FUZZ_ASSERT(*out != NULL, "memory");
			if (zip_source_read(src, *out, (zip_uint64_t)size) !=
			    size)
				size = 0;
		}
		zip_source_close(src);
	}
	zip_source_free(src);
	zip_error_fini(&ze);
	return size > 0 ? (size_t)size : 0;
}

/* Reads the open sheet to its end, its rows written in out: the last
 * status (0 the end, -1 an error). */
static int
read_rows(struct pakn_xlsx *x, struct pakn_buf *out)
{
	struct pakn_error err;
	struct pakn_xlsx_row row;
	size_t f;
	int r;

	while ((r = pakn_xlsx_next_row(x, &row, &err)) > 0) {
		pakn_buf_addf(out, "%ld %zu", row.line, row.n);
		for (f = 0; f < row.n; f++) {
			FUZZ_ASSERT(row.field[f][row.len[f]] == '\0' &&
			                strlen(row.field[f]) == row.len[f],
			            "fields are NUL-terminated, as long as "
			            "said");
			pakn_buf_addf(out, " %zu:", row.len[f]);
			pakn_buf_add(out, row.field[f], row.len[f]);
		}
		pakn_buf_addc(out, '\n');
	}
	if (r < 0)
		FUZZ_ASSERT(pakn_xlsx_next_row(x, &row, &err) < 0,
		            "a failed sheet stays failed");
	return r;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pakn_error err;
	struct pakn_xlsx *x;
	struct pakn_buf scanned = PAKN_BUF_INIT, byexpat = PAKN_BUF_INIT;
	void *zipped = NULL;
	const void *book;
	size_t n, i;
	int rs;

	if (size == 0)
		return 0;
	if (data[0] & 1) {
		n = zip_parts(data + 1, size - 1, &zipped);
		if (n == 0) {
			free(zipped);
			return 0;
		}
		book = zipped;
	} else {
		book = data + 1;
		n = size - 1;
	}
	(void)pakn_xlsx_sniff(book, n);
	x = pakn_xlsx_open(NULL, book, n, "fuzz.xlsx", &err);
	free(zipped);
	if (x == NULL)
		return 0;
	for (i = 0; i < pakn_xlsx_nsheets(x) && i < 8; i++) {
		FUZZ_ASSERT(pakn_xlsx_sheet_name(x, i) != NULL,
		            "every sheet has a name");
		FUZZ_ASSERT(pakn_xlsx_find_sheet(
		                x, pakn_xlsx_sheet_name(x, i)) <= (long)i,
		            "a sheet's name finds it or an earlier namesake");
		if (pakn_xlsx_sheet_open(x, i, &err) != 0)
			continue;
		pakn_buf_reset(&scanned);
		pakn_buf_reset(&byexpat);
		rs = read_rows(x, &scanned);
		pakn_xlsx_use_expat(x, 1);
		if (pakn_xlsx_sheet_open(x, i, &err) == 0 &&
		    read_rows(x, &byexpat) == 0) {
			FUZZ_ASSERT(rs == 0, "a sheet expat reads, the scanner "
			                     "reads");
			FUZZ_ASSERT(scanned.len == byexpat.len &&
			                (scanned.len == 0 ||
			                 memcmp(scanned.data, byexpat.data,
			                        scanned.len) == 0),
			            "the scanner's rows are expat's");
		}
		pakn_xlsx_use_expat(x, 0);
	}
	pakn_buf_release(&scanned);
	pakn_buf_release(&byexpat);
	pakn_xlsx_close(x);
	return 0;
}
