/*
 * ingest.c: one input file into records (see ingest.h).
 *
 * The CSV path builds each record straight into the output buffer (no
 * jansson tree per row: PERFORMANCE.md); JSON input is read with jansson,
 * a JSON array as a stream of elements (jsonarray.h).
 */
#include "ingest.h"

#include <stdio.h>
#include <string.h>

#include "csvin.h"
#include "jsonarray.h"

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
