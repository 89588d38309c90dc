/*
 * ingest.c: one input file into records (see ingest.h).
 *
 * The CSV path builds each record straight into the output buffer (no
 * jansson tree per row: PERFORMANCE.md); JSON input is read with jansson,
 * a JSON array as a stream of elements (jsonarray.h).
 */
#include "ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "csvin.h"
#include "jsonarray.h"
#include "xls.h"
#include "xlsx.h"

/* Ends the row built: writes its record, or counts it as a duplicate, or
 * rejects it.  raw/rawn is the row as read, for the rejects stream. */
static void
end_row(struct pakn_ingest *g, long line, const char *raw, size_t rawn,
        const char *format)
{
	g->read++;
	switch (pakn_rowrec_end(&g->rr, &g->out->buf, g->fname, line, format)) {
	case 0:
		g->written++;
		pakn_out_end_record(g->out);
		break;
	case 1: g->dropped++; break;
	default:
		g->rejected++;
		pakn_reject(g->rej, g->fname, line, 0, format,
		            pakn_rowrec_error(&g->rr), raw, rawn);
	}
}

static void
reject_row(struct pakn_ingest *g, long line, long column, const char *format,
           const char *why, const char *raw, size_t rawn)
{
	g->read++;
	g->rejected++;
	pakn_reject(g->rej, g->fname, line, column, format, why, raw, rawn);
}

static void
list_columns(struct pakn_ingest *g)
{
	const struct pakn_rowrec_column *col = g->rr.cols;
	size_t i;

	for (i = 0; i < g->rr.ncols; i++)
		printf("%s\t%s\t%s\n", col[i].header,
		       col[i].col == PAKN_COL_EXTRA ? "extra"
		                                    : pakn_col_key(col[i].col),
		       col[i].how);
}

/* ---- CSV ------------------------------------------------------------- */

static void
take_header(struct pakn_ingest *g, const struct pakn_csv_row *row)
{
	size_t i, k;

	for (i = 0; i < row->nfields; i++) {
		k = pakn_rowrec_add_column(&g->rr, row->field[i], row->len[i],
		                           1);
		if (g->rr.cols[k].repaired)
			pakn_warn_at(g->fname, row->line, 0,
			             "header of column %zu is not valid text "
			             "in the encoding: its bad bytes are kept "
			             "as U+FFFD, '%s' (try --encoding)",
			             i + 1, g->rr.cols[k].header);
	}
}

static int
read_csv(struct pakn_ingest *g, struct pakn_in *in, char delim)
{
	struct pakn_csv *csv = pakn_csv_new(in, delim, g->max_field);
	struct pakn_csv_row row;
	struct pakn_error err;
	int r, have_header = 0;

	while ((r = pakn_csv_next(csv, &row, &err)) > 0) {
		if (!have_header) {
			if (row.error) {
				pakn_warn_at(g->fname, row.line, row.column,
				             "header: %s", row.error);
				pakn_csv_free(csv);
				return PAKN_INGEST_HEADER;
			}
			take_header(g, &row);
			pakn_csv_set_fields(csv, row.nfields);
			have_header = 1;
			if (g->list_columns)
				break;
			continue;
		}
		if (row.error) {
			reject_row(g, row.line, row.column, "csv", row.error,
			           row.raw, row.rawlen);
			continue;
		}
		if (pakn_rowrec_take_csv(&g->rr, row.field, row.len,
		                         row.nfields) != 0) {
			reject_row(g, row.line, 0, "csv",
			           pakn_rowrec_error(&g->rr), row.raw,
			           row.rawlen);
			continue;
		}
		end_row(g, row.line, row.raw, row.rawlen, "csv");
		if (!pakn_out_ok(g->out))
			break;
	}
	pakn_csv_free(csv);
	if (r < 0) {
		pakn_warn_error(&err);
		return PAKN_INGEST_IO;
	}
	if (g->list_columns)
		list_columns(g);
	return PAKN_INGEST_OK;
}

/* ---- JSON ------------------------------------------------------------ */

static void
take_object(struct pakn_ingest *g, const char *text, size_t n, long line,
            const char *format)
{
	long dl, col;

	if (pakn_rowrec_take_json(&g->rr, text, n, &dl, &col) != 0)
		reject_row(g, line + dl, col, format, pakn_rowrec_error(&g->rr),
		           text, n);
	else
		end_row(g, line, text, n, format);
}

static int
read_jsonl(struct pakn_ingest *g, struct pakn_in *in)
{
	const char *line;
	size_t len;
	int r, toolong;
	struct pakn_error err;

	while ((r = pakn_in_next_jsonl(in, &line, &len, &toolong, &err)) > 0) {
		if (toolong) {
			reject_row(g, in->line, 0, "jsonl",
			           "line over the size cap", line,
			           PAKN_JSONARRAY_KEEP);
			continue;
		}
		if (g->list_columns) {
			pakn_rowrec_json_columns(&g->rr, line, len);
			list_columns(g);
			return PAKN_INGEST_OK;
		}
		take_object(g, line, len, in->line, "jsonl");
		if (!pakn_out_ok(g->out))
			break;
	}
	if (r < 0) {
		pakn_warn_error(&err);
		return PAKN_INGEST_IO;
	}
	return PAKN_INGEST_OK;
}

/* A JSON array: each element is a row, parsed alone; an element that is
 * not an object, or over the cap, is rejected. */
static int
read_json_array(struct pakn_ingest *g, struct pakn_in *in)
{
	struct pakn_jsonarray a;
	struct pakn_jsonarray_elem e;
	struct pakn_error err;
	struct pakn_buf why = PAKN_BUF_INIT;
	int r;

	pakn_jsonarray_init(&a, in, in->max_line);
	while ((r = pakn_jsonarray_read(&a, &e, &err)) > 0) {
		pakn_buf_reset(&why);
		switch (e.kind) {
		case PAKN_JA_OBJECT:
			if (g->list_columns) {
				pakn_rowrec_json_columns(&g->rr, e.text, e.len);
				list_columns(g);
				goto done;
			}
			take_object(g, e.text, e.len, e.line, "json");
			break;
		case PAKN_JA_OTHER:
			pakn_buf_addf(&why, "element is %s, not an object",
			              e.what);
			break;
		case PAKN_JA_TOOBIG:
			pakn_buf_addf(&why,
			              "element over the size cap (%zu bytes, "
			              "the cap is %zu)",
			              e.size, in->max_line);
			break;
		case PAKN_JA_CUT:
			pakn_buf_adds(&why, "unterminated element at the end "
			                    "of the input");
			break;
		case PAKN_JA_NOT_ARRAY:
			pakn_buf_adds(&why, "expected a JSON array of objects");
			break;
		case PAKN_JA_TRAILING:
			pakn_buf_adds(&why, "text after the end of the array");
			break;
		}
		if (why.len > 0 && !g->list_columns)
			reject_row(g, e.line, 0, "json", why.data, e.text,
			           e.len);
		if (!pakn_out_ok(g->out))
			break;
	}
	if (r < 0) {
		pakn_warn_error(&err);
		r = PAKN_INGEST_IO;
	}
done:
	pakn_buf_release(&why);
	pakn_jsonarray_release(&a);
	return r < 0 ? PAKN_INGEST_IO : PAKN_INGEST_OK;
}

/* ---- .xlsx and .xls --------------------------------------------------- */

/* A workbook of either kind, read the same way. */
struct book {
	const char *format; /* "xlsx" or "xls" */
	struct pakn_xlsx *xlsx;
	struct pakn_xls *xls;
};

static size_t
book_nsheets(const struct book *b)
{
	return b->xls ? pakn_xls_nsheets(b->xls) : pakn_xlsx_nsheets(b->xlsx);
}

static const char *
book_sheet_name(const struct book *b, size_t i)
{
	return b->xls ? pakn_xls_sheet_name(b->xls, i)
	              : pakn_xlsx_sheet_name(b->xlsx, i);
}

static long
book_find_sheet(const struct book *b, const char *s)
{
	return b->xls ? pakn_xls_find_sheet(b->xls, s)
	              : pakn_xlsx_find_sheet(b->xlsx, s);
}

static int
book_sheet_open(struct book *b, size_t i, struct pakn_error *err)
{
	return b->xls ? pakn_xls_sheet_open(b->xls, i, err)
	              : pakn_xlsx_sheet_open(b->xlsx, i, err);
}

static int
book_next_row(struct book *b, struct pakn_xlsx_row *row, struct pakn_error *err)
{
	return b->xls ? pakn_xls_next_row(b->xls, row, err)
	              : pakn_xlsx_next_row(b->xlsx, row, err);
}

static void
book_close(struct book *b)
{
	pakn_xls_close(b->xls);
	pakn_xlsx_close(b->xlsx);
}

/* A row kept while looking for the header. */
struct keptrow {
	long line;
	size_t n;
	struct pakn_buf text; /* fields, each NUL-terminated */
};

#define TITLE_ROWS 10

static void
keep_row(struct keptrow *k, const struct pakn_xlsx_row *row)
{
	size_t i;

	k->line = row->line;
	k->n = row->n;
	pakn_buf_reset(&k->text);
	for (i = 0; i < row->n; i++) {
		pakn_buf_add(&k->text, row->field[i], row->len[i]);
		pakn_buf_addc(&k->text, '\0');
	}
}

/* The fields of a kept row, into fp/fl (room for k->n). */
static void
kept_fields(const struct keptrow *k, const char **fp, size_t *fl)
{
	const char *s = k->text.data;
	size_t i;

	for (i = 0; i < k->n; i++) {
		fp[i] = s;
		fl[i] = strlen(s);
		s += fl[i] + 1;
	}
}

static int
row_empty(const struct pakn_xlsx_row *row)
{
	size_t i;

	for (i = 0; i < row->n; i++)
		if (row->len[i] > 0)
			return 0;
	return 1;
}

/* How many different known columns the cells of a row name. */
static int
known_columns(const struct pakn_xlsx_row *row)
{
	int seen[PAKN_COL_COUNT + 1];
	int n = 0, c;
	size_t i;

	memset(seen, 0, sizeof seen);
	for (i = 0; i < row->n; i++) {
		c = (int)pakn_col_for_header(row->field[i], row->len[i]);
		if (c == PAKN_COL_EXTRA || c < 0 || c >= PAKN_COL_COUNT ||
		    seen[c])
			continue;
		seen[c] = 1;
		n++;
	}
	return n;
}

/* The row as one CSV line, for the rejects stream. */
static void
raw_row(struct pakn_buf *b, const struct pakn_xlsx_row *row)
{
	size_t i, j;

	pakn_buf_reset(b);
	for (i = 0; i < row->n; i++) {
		if (i > 0)
			pakn_buf_addc(b, ',');
		if (strpbrk(row->field[i], ",\"\r\n") == NULL) {
			pakn_buf_add(b, row->field[i], row->len[i]);
			continue;
		}
		pakn_buf_addc(b, '"');
		for (j = 0; j < row->len[i]; j++) {
			if (row->field[i][j] == '"')
				pakn_buf_addc(b, '"');
			pakn_buf_addc(b, row->field[i][j]);
		}
		pakn_buf_addc(b, '"');
	}
}

static void
xlsx_header(struct pakn_ingest *g, const struct pakn_xlsx_row *row)
{
	size_t i, n = row->n;

	while (n > 0 && row->len[n - 1] == 0)
		n--;
	for (i = 0; i < n; i++)
		pakn_rowrec_add_column(&g->rr, row->field[i], row->len[i], 1);
	if (g->verbose)
		pakn_warn_at(g->fname, row->line, 0,
		             "sheet '%s': header in row %ld", g->rr.sheet,
		             row->line);
}

static void
xlsx_data(struct pakn_ingest *g, const struct pakn_xlsx_row *row,
          struct pakn_buf *raw, const char *format)
{
	static const char *const empty = "";
	const char **fp;
	size_t *fl, n = row->n, i, ncols = g->rr.ncols;

	if (row_empty(row))
		return;
	/* trailing empty cells beyond the header do not count */
	while (n > ncols && row->len[n - 1] == 0)
		n--;
	if (n < ncols)
		n = ncols;
	fp = malloc((n ? n : 1) * sizeof *fp);
	fl = malloc((n ? n : 1) * sizeof *fl);
	if (fp == NULL || fl == NULL)
		abort();
	for (i = 0; i < n; i++) {
		fp[i] = i < row->n ? row->field[i] : empty;
		fl[i] = i < row->n ? row->len[i] : 0;
	}
	raw_row(raw, row);
	if (pakn_rowrec_take_csv(&g->rr, fp, fl, n) != 0)
		reject_row(g, row->line, 0, format, pakn_rowrec_error(&g->rr),
		           raw->data ? raw->data : "", raw->len);
	else
		end_row(g, row->line, raw->data ? raw->data : "", raw->len,
		        format);
	free(fp);
	free(fl);
}

static int
read_book(struct pakn_ingest *g, const char *path, struct pakn_in *in,
          enum pakn_input_format kind)
{
	struct book bk = {kind == PAKN_INPUT_XLS ? "xls" : "xlsx", NULL, NULL};
	struct book *x = &bk;
	struct pakn_xlsx_row row, kr;
	struct pakn_error err;
	struct pakn_buf all = PAKN_BUF_INIT, raw = PAKN_BUF_INIT;
	struct keptrow kept[TITLE_ROWS];
	size_t nkept = 0, i, hdr = 0, j;
	long sheet = 0;
	int r, rc = PAKN_INGEST_OK, have_header = 0;
	unsigned long before = g->read;

	if (path == NULL || strcmp(path, "-") == 0) {
		if (pakn_in_slurp(in, &all, &err) != 0) {
			pakn_warn_error(&err);
			return PAKN_INGEST_IO;
		}
		if (kind == PAKN_INPUT_XLS)
			bk.xls = pakn_xls_open(NULL, all.data, all.len,
			                       g->fname, &err);
		else
			bk.xlsx = pakn_xlsx_open(NULL, all.data, all.len,
			                         g->fname, &err);
		pakn_buf_release(&all);
	} else if (kind == PAKN_INPUT_XLS) {
		bk.xls = pakn_xls_open(path, NULL, 0, g->fname, &err);
	} else {
		bk.xlsx = pakn_xlsx_open(path, NULL, 0, g->fname, &err);
	}
	if (bk.xls == NULL && bk.xlsx == NULL) {
		pakn_warn_error(&err);
		return PAKN_INGEST_NOT_TEXT;
	}
	if (g->list_sheets) {
		for (i = 0; i < book_nsheets(x); i++)
			printf("%zu\t%s\n", i + 1, book_sheet_name(x, i));
		book_close(x);
		return PAKN_INGEST_OK;
	}
	if (book_nsheets(x) == 0) {
		pakn_warn_at(g->fname, 0, 0, "the workbook has no sheet");
		book_close(x);
		return PAKN_INGEST_HEADER;
	}
	if (g->sheet && (sheet = book_find_sheet(x, g->sheet)) < 0) {
		struct pakn_buf names = PAKN_BUF_INIT;

		for (i = 0; i < book_nsheets(x); i++) {
			pakn_buf_adds(&names, i ? ", '" : "'");
			pakn_buf_adds(&names, book_sheet_name(x, i));
			pakn_buf_addc(&names, '\'');
		}
		pakn_warn_at(g->fname, 0, 0, "no sheet '%s' (the sheets: %s)",
		             g->sheet, names.data);
		pakn_buf_release(&names);
		book_close(x);
		return PAKN_INGEST_NOT_TEXT;
	}
	if (book_sheet_open(x, (size_t)sheet, &err) != 0) {
		pakn_warn_error(&err);
		book_close(x);
		return PAKN_INGEST_NOT_TEXT;
	}
	g->rr.sheet = book_sheet_name(x, (size_t)sheet);
	if (g->verbose)
		pakn_warn_at(g->fname, 0, 0, "format %s, sheet '%s'", bk.format,
		             g->rr.sheet);
	memset(kept, 0, sizeof kept);
	while ((r = book_next_row(x, &row, &err)) > 0) {
		if (have_header) {
			xlsx_data(g, &row, &raw, bk.format);
			if (!pakn_out_ok(g->out))
				break;
			continue;
		}
		if (row.line <= g->skip_rows || row_empty(&row))
			continue;
		if (g->skip_rows > 0 || known_columns(&row) >= 2) {
			xlsx_header(g, &row);
			have_header = 1;
			nkept = 0;
			if (g->list_columns)
				break;
			continue;
		}
		keep_row(&kept[nkept++], &row);
		if (nkept < TITLE_ROWS)
			continue;
		/* no row names 2 columns: the first one is the header */
		hdr = 0;
		have_header = 1;
		break;
	}
	if (!have_header && nkept > 0 && r == 0) {
		hdr = 0;
		have_header = 1;
	}
	if (have_header && nkept > 0) {
		const char **fp;
		size_t *fl, maxn = 1;

		for (i = 0; i < nkept; i++)
			if (kept[i].n > maxn)
				maxn = kept[i].n;
		fp = malloc(maxn * sizeof *fp);
		fl = malloc(maxn * sizeof *fl);
		if (fp == NULL || fl == NULL)
			abort();
		kr.field = fp;
		kr.len = fl;
		for (i = hdr; i < nkept; i++) {
			kept_fields(&kept[i], fp, fl);
			kr.line = kept[i].line;
			kr.n = kept[i].n;
			if (i == hdr)
				xlsx_header(g, &kr);
			else if (!g->list_columns)
				xlsx_data(g, &kr, &raw, bk.format);
		}
		free(fp);
		free(fl);
		/* and the rest of the sheet */
		while (!g->list_columns && r > 0 &&
		       (r = book_next_row(x, &row, &err)) > 0) {
			xlsx_data(g, &row, &raw, bk.format);
			if (!pakn_out_ok(g->out))
				break;
		}
	}
	for (j = 0; j < TITLE_ROWS; j++)
		pakn_buf_release(&kept[j].text);
	if (r < 0) {
		pakn_warn_error(&err);
		rc = PAKN_INGEST_NOT_TEXT;
	} else if (g->list_columns) {
		list_columns(g);
	} else if (!have_header) {
		pakn_warn_at(g->fname, 0, 0, "sheet '%s' is empty: no row read",
		             g->rr.sheet);
		rc = PAKN_INGEST_HEADER;
	} else if (g->read == before) {
		pakn_warn_at(g->fname, 0, 0,
		             "sheet '%s' has a header and no row: no row read",
		             g->rr.sheet);
		rc = PAKN_INGEST_HEADER;
	}
	g->rr.sheet = NULL;
	pakn_buf_release(&raw);
	book_close(x);
	return rc;
}

/* ---- one input file -------------------------------------------------- */

int
pakn_ingest_file(struct pakn_ingest *g, const char *path)
{
	struct pakn_in in;
	struct pakn_error err;
	struct pakn_decoder *dec = NULL;
	struct pakn_sniffed got;
	int rc;

	g->fname = pakn_display_name(path);
	if (pakn_in_open(&in, path, &err) != 0) {
		pakn_warn_error(&err);
		return PAKN_INGEST_IO;
	}
	/* Streaming: detection looks at the first lines that come. */
	in.eager = g->out->line_buffered;

	rc = pakn_sniff_input(&in, g->encoding, g->format, g->delimiter, &got,
	                      &dec, &err);
	if (rc != 0) {
		pakn_warn_error(&err);
		pakn_in_close(&in);
		return rc == -2 ? PAKN_INGEST_NOT_TEXT : PAKN_INGEST_IO;
	}
	/* An .xlsx or .xls workbook goes to its own reader. */
	if (got.format == PAKN_INPUT_XLSX || got.format == PAKN_INPUT_XLS) {
		pakn_rowrec_clear_columns(&g->rr);
		g->rr.max_value = g->max_field;
		rc = read_book(g, path, &in, got.format);
		pakn_in_close(&in);
		return rc;
	}
	if (g->list_sheets) {
		pakn_warn_at(
		    g->fname, 0, 0,
		    "not a workbook (.xlsx or .xls): it has no sheets");
		pakn_in_close(&in);
		pakn_decoder_free(dec);
		return PAKN_INGEST_NOT_TEXT;
	}
	if (g->verbose && got.format == PAKN_INPUT_CSV)
		pakn_warn_at(
		    g->fname, 0, 0, "encoding %s, format csv, delimiter '%s'",
		    pakn_encoding_name(got.encoding),
		    got.delimiter == '\t' ? "\\t"
		                          : (char[]){got.delimiter, '\0'});
	else if (g->verbose)
		pakn_warn_at(g->fname, 0, 0, "encoding %s, format %s",
		             pakn_encoding_name(got.encoding),
		             pakn_input_format_name(got.format));
	pakn_rowrec_clear_columns(&g->rr);
	g->rr.max_value = g->max_field;
	switch (got.format) {
	case PAKN_INPUT_CSV: rc = read_csv(g, &in, got.delimiter); break;
	case PAKN_INPUT_JSONL: rc = read_jsonl(g, &in); break;
	default: rc = read_json_array(g, &in); break;
	}
	pakn_in_close(&in);
	pakn_decoder_free(dec);
	return rc;
}
