/*
 * xlsxrows.c: a long list's rows put into a libxlsxwriter workbook (see
 * xlsxrows.h).
 *
 * The rows are one raw deflate stream ended by a sync flush (no final
 * block, byte-aligned), made as they are written.  The sheet's entry is
 * then the deflated XML before the rows (a stream of its own, ended the
 * same way), the rows, and the deflated XML after them (ended by the
 * final block): concatenated, they are one deflate stream, whose CRC is
 * the three CRCs combined.  libzip is given it as already compressed
 * data, and writes it as it is.
 */
#include "xlsxrows.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>
#include <zlib.h>

#include "buf.h"

/* XML waiting to be deflated, at most about this much. */
#define XML_CHUNK (256 * 1024)
/* Excel's longest text in a cell, in characters (libxlsxwriter's too). */
#define STR_MAX 32767

struct pakn_xlsx_rows {
	struct pakn_buf xml; /* not yet deflated */
	struct pakn_buf z;   /* the deflated rows */
	z_stream zs;
	uLong crc;
	unsigned long long size; /* XML bytes in all */
	unsigned long last;      /* the open row */
	int open, failed;
};

struct pakn_xlsx_rows *
pakn_xlsx_rows_new(void)
{
	struct pakn_xlsx_rows *r = calloc(1, sizeof *r);

	if (r == NULL)
		abort();
	/* raw deflate (no zlib header), the fastest level */
	if (deflateInit2(&r->zs, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) !=
	    Z_OK)
		r->failed = 1;
	r->crc = crc32(0L, Z_NULL, 0);
	return r;
}

void
pakn_xlsx_rows_free(struct pakn_xlsx_rows *r)
{
	if (r == NULL)
		return;
	if (!r->failed)
		deflateEnd(&r->zs);
	pakn_buf_release(&r->xml);
	pakn_buf_release(&r->z);
	free(r);
}

/* Deflates in[0..n) through zs into out, with flush. */
static int
squeeze(z_stream *zs, const char *in, size_t n, int flush, struct pakn_buf *out)
{
	int rc;

	zs->next_in = (Bytef *)(uintptr_t)in;
	zs->avail_in = (uInt)n;
	do {
		pakn_buf_grow(out, 65536);
		zs->next_out = (Bytef *)out->data + out->len;
		zs->avail_out = (uInt)(out->cap - out->len - 1);
		rc = deflate(zs, flush);
		if (rc == Z_STREAM_ERROR)
			return -1;
		out->len = out->cap - 1 - zs->avail_out;
	} while (zs->avail_out == 0 || zs->avail_in > 0);
	return 0;
}

/* Deflates the XML written so far. */
static void
drain(struct pakn_xlsx_rows *r, int flush)
{
	if (r->failed)
		return;
	r->crc = crc32(r->crc, (const Bytef *)r->xml.data, (uInt)r->xml.len);
	r->size += r->xml.len;
	if (squeeze(&r->zs, r->xml.data, r->xml.len, flush, &r->z) != 0)
		r->failed = 1;
	pakn_buf_reset(&r->xml);
}

static void
col_name(unsigned col, char out[4])
{
	char t[4];
	int k = 0, i;

	col++;
	while (col > 0 && k < 3) {
		t[k++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (i = 0; i < k; i++)
		out[i] = t[k - 1 - i];
	out[k] = '\0';
}

/* Opens the cell: its row first when it is a new one. */
static void
cell(struct pakn_xlsx_rows *r, unsigned long row, unsigned col, int xf,
     const char *type)
{
	char c[4];

	if (!r->open || row != r->last) {
		if (r->open)
			pakn_buf_adds(&r->xml, "</row>");
		if (r->xml.len >= XML_CHUNK)
			drain(r, Z_NO_FLUSH);
		pakn_buf_adds(&r->xml, "<row r=\"");
		pakn_buf_add_ulong(&r->xml, row + 1);
		pakn_buf_adds(&r->xml, "\">");
		r->open = 1;
		r->last = row;
	}
	col_name(col, c);
	pakn_buf_adds(&r->xml, "<c r=\"");
	pakn_buf_adds(&r->xml, c);
	pakn_buf_add_ulong(&r->xml, row + 1);
	if (xf > 0) {
		pakn_buf_adds(&r->xml, "\" s=\"");
		pakn_buf_add_ulong(&r->xml, (unsigned long)xf);
	}
	pakn_buf_adds(&r->xml, type);
}

void
pakn_xlsx_rows_num(struct pakn_xlsx_rows *r, unsigned long row, unsigned col,
                   double v, int xf)
{
	char b[40];

	cell(r, row, col, xf, "\"><v>");
	if (v == floor(v) && fabs(v) < 1e15) {
		if (v < 0)
			pakn_buf_addc(&r->xml, '-');
		pakn_buf_add_ulong(&r->xml, (unsigned long)fabs(v));
	} else {
		snprintf(b, sizeof b, "%.16G", v);
		pakn_buf_adds(&r->xml, b);
	}
	pakn_buf_adds(&r->xml, "</v></c>");
}

void
pakn_xlsx_rows_str(struct pakn_xlsx_rows *r, unsigned long row, unsigned col,
                   const char *s, size_t n, int xf)
{
	size_t i, chars = 0, run = 0;

	for (i = 0; i < n; i++)
		chars += ((unsigned char)s[i] & 0xc0) != 0x80;
	if (chars > STR_MAX) /* libxlsxwriter writes no such cell either */
		return;
	cell(r, row, col, xf, "\" t=\"inlineStr\"><is>");
	pakn_buf_adds(&r->xml, n > 0 && (s[0] == ' ' || s[n - 1] == ' ')
	                           ? "<t xml:space=\"preserve\">"
	                           : "<t>");
	for (i = 0; i < n; i++) {
		const char *e = s[i] == '&'   ? "&amp;"
		                : s[i] == '<' ? "&lt;"
		                : s[i] == '>' ? "&gt;"
		                              : NULL;

		if (e == NULL)
			continue;
		pakn_buf_add(&r->xml, s + run, i - run);
		pakn_buf_adds(&r->xml, e);
		run = i + 1;
	}
	pakn_buf_add(&r->xml, s + run, n - run);
	pakn_buf_adds(&r->xml, "</t></is></c>");
}

/* ---- into the workbook ------------------------------------------------ */

struct entry {
	struct pakn_buf z; /* the entry's deflated bytes */
	uLong crc;
	unsigned long long size;
	size_t pos;
	time_t mtime;
	zip_error_t error;
};

static zip_int64_t
entry_cb(void *u, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct entry *e = u;
	zip_stat_t *st;
	size_t n;

	switch (cmd) {
	case ZIP_SOURCE_OPEN: e->pos = 0; return 0;
	case ZIP_SOURCE_READ:
		n = e->z.len - e->pos;
		if (n > len)
			n = (size_t)len;
		memcpy(data, e->z.data + e->pos, n);
		e->pos += n;
		return (zip_int64_t)n;
	case ZIP_SOURCE_CLOSE: return 0;
	case ZIP_SOURCE_STAT:
		if (len < sizeof *st)
			return -1;
		st = data;
		zip_stat_init(st);
		st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE |
		            ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC |
		            ZIP_STAT_MTIME;
		st->size = e->size;
		st->comp_size = e->z.len;
		st->comp_method = ZIP_CM_DEFLATE;
		st->crc = (zip_uint32_t)e->crc;
		st->mtime = e->mtime;
		return sizeof *st;
	case ZIP_SOURCE_ERROR: return zip_error_to_data(&e->error, data, len);
	case ZIP_SOURCE_FREE: return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(
		    ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
		    ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default: zip_error_set(&e->error, ZIP_ER_OPNOTSUPP, 0); return -1;
	}
}

/* Deflates s[0..n) as a stream of its own into out; its CRC in *crc. */
static int
piece(const char *s, size_t n, int last, struct pakn_buf *out, uLong *crc)
{
	z_stream zs;
	int rc;

	memset(&zs, 0, sizeof zs);
	if (deflateInit2(&zs, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) !=
	    Z_OK)
		return -1;
	rc = squeeze(&zs, s, n, last ? Z_FINISH : Z_SYNC_FLUSH, out);
	deflateEnd(&zs);
	*crc = crc32(crc32(0L, Z_NULL, 0), (const Bytef *)s, (uInt)n);
	return rc;
}

/* The sheet's XML xml (NUL-terminated) with the rows in, deflated, into
 * e: the XML before </sheetData> (its dimension covering the rows), the
 * rows, the rest. */
static int
build(struct entry *e, const char *xml, struct pakn_xlsx_splice *s, char *err,
      size_t esz)
{
	static const char empty[] = "<sheetData/>";
	struct pakn_xlsx_rows *r = s->rows;
	struct pakn_buf head = PAKN_BUF_INIT, foot = PAKN_BUF_INIT;
	const char *cut = strstr(xml, "</sheetData>"), *tail = cut;
	const char *dim, *q;
	uLong ch = 0, cf = 0;
	char c[4];
	int rc;

	if (cut == NULL && (cut = strstr(xml, empty)) != NULL)
		tail = cut + sizeof empty - 1;
	if (cut == NULL) {
		snprintf(err, esz, "sheet %u of the workbook has no sheetData",
		         s->sheet);
		return -1;
	}
	dim = strstr(xml, "<dimension ref=\"");
	if (dim && dim < cut && (q = strchr(dim + 16, '"')) != NULL &&
	    q < cut) {
		pakn_buf_add(&head, xml, (size_t)(dim + 16 - xml));
		col_name(s->ncols ? s->ncols - 1 : 0, c);
		pakn_buf_addf(&head, "A1:%s%lu", c, r->last + 1);
		pakn_buf_add(&head, q, (size_t)(cut - q));
	} else {
		pakn_buf_add(&head, xml, (size_t)(cut - xml));
	}
	if (tail != cut) { /* <sheetData/>: opened and closed here */
		pakn_buf_adds(&head, "<sheetData>");
		pakn_buf_adds(&foot, "</sheetData>");
	}
	pakn_buf_adds(&foot, tail);
	if (r->open)
		pakn_buf_adds(&r->xml, "</row>");
	r->open = 0;
	drain(r, Z_SYNC_FLUSH);
	rc = r->failed ? -1 : piece(head.data, head.len, 0, &e->z, &ch);
	if (rc == 0) {
		pakn_buf_add(&e->z, r->z.data, r->z.len);
		rc = piece(foot.data, foot.len, 1, &e->z, &cf);
	}
	if (rc == 0) {
		e->crc =
		    crc32_combine(crc32_combine(ch, r->crc, (z_off_t)r->size),
		                  cf, (z_off_t)foot.len);
		e->size = head.len + r->size + foot.len;
	} else {
		snprintf(err, esz, "cannot deflate sheet %u", s->sheet);
	}
	pakn_buf_release(&head);
	pakn_buf_release(&foot);
	return rc;
}

/* Entry idx of za, whole, into b (NUL-terminated): 0 or -1. */
static int
read_entry(zip_t *za, zip_int64_t idx, struct pakn_buf *b)
{
	zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)idx, 0);
	char chunk[65536];
	zip_int64_t k;

	if (f == NULL)
		return -1;
	while ((k = zip_fread(f, chunk, sizeof chunk)) > 0)
		pakn_buf_add(b, chunk, (size_t)k);
	zip_fclose(f);
	pakn_buf_addc(b, '\0');
	b->len--;
	return k < 0 ? -1 : 0;
}

int
pakn_xlsx_splice(const char *path, struct pakn_xlsx_splice *s, size_t n,
                 char *err, size_t esz)
{
	struct entry *es = calloc(n ? n : 1, sizeof *es);
	struct pakn_buf xml = PAKN_BUF_INIT;
	struct tm tm;
	zip_t *za;
	zip_source_t *src;
	zip_int64_t idx;
	time_t dos;
	char name[64];
	int zerr = 0, rc = 0;
	size_t i;

	if (es == NULL)
		abort();
	/* libxlsxwriter's date for every entry: 1980-01-01 00:00 */
	memset(&tm, 0, sizeof tm);
	tm.tm_year = 80;
	tm.tm_mday = 1;
	tm.tm_isdst = -1;
	dos = mktime(&tm);
	za = zip_open(path, 0, &zerr);
	if (za == NULL) {
		snprintf(err, esz,
		         "cannot reopen the workbook (libzip error %d)", zerr);
		rc = -1;
	}
	for (i = 0; rc == 0 && i < n; i++) {
		zip_error_init(&es[i].error);
		snprintf(name, sizeof name, "xl/worksheets/sheet%u.xml",
		         s[i].sheet);
		idx = zip_name_locate(za, name, 0);
		pakn_buf_reset(&xml);
		if (idx < 0 || read_entry(za, idx, &xml) != 0) {
			snprintf(err, esz, "cannot read %s of the workbook",
			         name);
			rc = -1;
			break;
		}
		if (build(&es[i], xml.data ? xml.data : "", &s[i], err, esz) !=
		    0) {
			rc = -1;
			break;
		}
		es[i].mtime = dos;
		src = zip_source_function(za, entry_cb, &es[i]);
		if (src == NULL ||
		    zip_file_replace(za, (zip_uint64_t)idx, src, 0) != 0) {
			zip_source_free(src);
			snprintf(err, esz, "cannot replace %s: %s", name,
			         zip_strerror(za));
			rc = -1;
			break;
		}
		zip_file_set_mtime(za, (zip_uint64_t)idx, dos, 0);
	}
	if (za && rc == 0 && zip_close(za) != 0) {
		snprintf(err, esz, "cannot write the workbook: %s",
		         zip_strerror(za));
		rc = -1;
	}
	if (za && rc != 0)
		zip_discard(za);
	for (i = 0; i < n; i++) {
		pakn_buf_release(&es[i].z);
		zip_error_fini(&es[i].error);
		pakn_xlsx_rows_free(s[i].rows);
		s[i].rows = NULL;
	}
	free(es);
	pakn_buf_release(&xml);
	return rc;
}
