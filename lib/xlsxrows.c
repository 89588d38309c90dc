/*
 * xlsxrows.c: a long list's rows put into a libxlsxwriter workbook (see
 * xlsxrows.h).
 *
 * The rows are raw deflate streams ended by a sync flush (no final
 * block, byte-aligned), made as they are written.  The sheet's entry is
 * then the deflated XML before the rows (a stream of its own, ended the
 * same way), the rows, and the deflated XML after them (ended by the
 * final block): concatenated, they are one deflate stream, whose CRC is
 * the three CRCs combined.  libzip is given it as already compressed
 * data, and writes it as it is.  The rows are deflated in pieces, by a
 * thread and by the writer, while the next ones are written.
 */
#include "xlsxrows.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>
#include <zlib.h>

#include "buf.h"
#include "pakn.h"

/* XML waiting to be deflated, at most about this much. */
#define XML_CHUNK (256 * 1024)
/* Excel's longest text in a cell, in characters (libxlsxwriter's too). */
#define STR_MAX 32767

/*
 * The XML is cut in pieces of XML_CHUNK bytes, each deflated as a stream
 * of its own (no reference into the piece before; ended by a sync flush,
 * so that the pieces put end to end are one stream), by a thread of its
 * own and by the writer itself: the writer hands each full piece over
 * and goes on writing, and when two pieces already wait it deflates one
 * itself rather than wait.  The pieces are kept in order, deflated, and
 * put together at the end.  Without a thread (it could not be started)
 * the writer deflates every piece.
 */
struct piece {
	struct pakn_buf in, out; /* the XML, freed once deflated; its deflate */
	size_t len;              /* the XML's length */
	uLong crc;               /* the XML's */
	int failed;
};

struct pakn_xlsx_rows {
	struct pakn_buf xml; /* being written */
	/* the pieces, in order; those before `taken` are (being) deflated */
	struct piece **pc;
	size_t npc, cappc, taken, done;
	z_stream zs_own, zs_thr; /* one deflate state for each */
	int zs_ok;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int threaded, quit;
	/* put together by finish() */
	struct pakn_buf z;
	uLong crc;
	unsigned long long size;
	int failed;
	/* the writer */
	unsigned long last; /* the open row */
	char rnum[24];      /* its number, as written */
	size_t rlen;
	int open;
};

static void *compressor(void *u);

/* A raw deflate stream (no zlib header), the fastest level. */
static int
zinit(z_stream *zs)
{
	return deflateInit2(zs, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) ==
	       Z_OK;
}

struct pakn_xlsx_rows *
pakn_xlsx_rows_new(int thread)
{
	struct pakn_xlsx_rows *r = pakn_xcalloc(1, sizeof *r);

	r->zs_ok = zinit(&r->zs_own);
	if (r->zs_ok && !zinit(&r->zs_thr)) {
		deflateEnd(&r->zs_own);
		r->zs_ok = 0;
	}
	if (thread && r->zs_ok && pthread_mutex_init(&r->mu, NULL) == 0) {
		if (pthread_cond_init(&r->cv, NULL) == 0) {
			r->threaded =
			    pthread_create(&r->th, NULL, compressor, r) == 0;
			if (!r->threaded)
				pthread_cond_destroy(&r->cv);
		}
		if (!r->threaded)
			pthread_mutex_destroy(&r->mu);
	}
	return r;
}

/* Ends the compressor thread. */
static void
stop(struct pakn_xlsx_rows *r)
{
	if (!r->threaded)
		return;
	pthread_mutex_lock(&r->mu);
	r->quit = 1;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
	pthread_join(r->th, NULL);
	pthread_cond_destroy(&r->cv);
	pthread_mutex_destroy(&r->mu);
	r->threaded = 0;
}

void
pakn_xlsx_rows_free(struct pakn_xlsx_rows *r)
{
	size_t i;

	if (r == NULL)
		return;
	stop(r);
	if (r->zs_ok) {
		deflateEnd(&r->zs_own);
		deflateEnd(&r->zs_thr);
	}
	for (i = 0; i < r->npc; i++) {
		pakn_buf_release(&r->pc[i]->in);
		pakn_buf_release(&r->pc[i]->out);
		free(r->pc[i]);
	}
	free(r->pc);
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

/* Deflates a piece as a stream of its own (outside the lock). */
static void
deflate_piece(struct piece *p, z_stream *zs)
{
	p->len = p->in.len;
	p->crc = crc32(crc32(0L, Z_NULL, 0), (const Bytef *)p->in.data,
	               (uInt)p->in.len);
	p->failed =
	    deflateReset(zs) != Z_OK ||
	    squeeze(zs, p->in.data, p->in.len, Z_SYNC_FLUSH, &p->out) != 0;
	pakn_buf_release(&p->in);
}

/* Takes the next piece waiting, deflates it with zs, under the lock
 * (released meanwhile).  0 if none waits. */
static int
take_one(struct pakn_xlsx_rows *r, z_stream *zs)
{
	struct piece *p;

	if (r->taken == r->npc)
		return 0;
	p = r->pc[r->taken++];
	if (r->threaded)
		pthread_mutex_unlock(&r->mu);
	deflate_piece(p, zs);
	if (r->threaded) {
		pthread_mutex_lock(&r->mu);
		r->done++;
		pthread_cond_broadcast(&r->cv);
	} else {
		r->done++;
	}
	return 1;
}

static void *
compressor(void *u)
{
	struct pakn_xlsx_rows *r = u;

	pthread_mutex_lock(&r->mu);
	for (;;) {
		if (take_one(r, &r->zs_thr))
			continue;
		if (r->quit)
			break;
		pthread_cond_wait(&r->cv, &r->mu);
	}
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

/* Hands the XML written so far over as a piece. */
static void
drain(struct pakn_xlsx_rows *r)
{
	struct piece *p = pakn_xcalloc(1, sizeof *p);

	p->in = r->xml;
	memset(&r->xml, 0, sizeof r->xml);
	pakn_buf_grow(&r->xml, XML_CHUNK + 4096);
	if (r->threaded)
		pthread_mutex_lock(&r->mu);
	if (r->npc == r->cappc) {
		r->cappc = r->cappc ? 2 * r->cappc : 64;
		r->pc = pakn_xrealloc(r->pc, r->cappc * sizeof *r->pc);
	}
	r->pc[r->npc++] = p;
	if (!r->zs_ok) {
		r->taken++; /* never deflated: finish() fails */
		r->done++;
		p->failed = 1;
	} else if (!r->threaded) {
		take_one(r, &r->zs_own);
	} else {
		pthread_cond_broadcast(&r->cv);
		/* two pieces wait already: deflate one here */
		while (r->npc - r->taken >= 2)
			take_one(r, &r->zs_own);
	}
	if (r->threaded)
		pthread_mutex_unlock(&r->mu);
}

/* Deflates what is left, and puts the pieces together in z (crc, size,
 * failed). */
static void
finish(struct pakn_xlsx_rows *r)
{
	size_t i;

	if (r->xml.len > 0 || r->npc == 0)
		drain(r);
	if (r->threaded) {
		pthread_mutex_lock(&r->mu);
		while (take_one(r, &r->zs_own))
			;
		while (r->done < r->npc)
			pthread_cond_wait(&r->cv, &r->mu);
		pthread_mutex_unlock(&r->mu);
		stop(r);
	}
	r->crc = crc32(0L, Z_NULL, 0);
	for (i = 0; i < r->npc; i++) {
		struct piece *p = r->pc[i];

		r->failed |= p->failed;
		pakn_buf_add(&r->z, p->out.data, p->out.len);
		pakn_buf_release(&p->out);
		r->crc = crc32_combine(r->crc, p->crc, (z_off_t)p->len);
		r->size += p->len;
	}
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

/* A string literal appended. */
#define ADD_LIT(b, lit) pakn_buf_add((b), (lit), sizeof(lit) - 1)

/* Opens the cell: its row first when it is a new one. */
static void
cell(struct pakn_xlsx_rows *r, unsigned long row, unsigned col, int xf,
     const char *type, size_t type_len)
{
	char c[4];

	if (!r->open || row != r->last) {
		if (r->open)
			ADD_LIT(&r->xml, "</row>");
		if (r->xml.len >= XML_CHUNK)
			drain(r);
		r->rlen =
		    (size_t)snprintf(r->rnum, sizeof r->rnum, "%lu", row + 1);
		ADD_LIT(&r->xml, "<row r=\"");
		pakn_buf_add(&r->xml, r->rnum, r->rlen);
		ADD_LIT(&r->xml, "\">");
		r->open = 1;
		r->last = row;
	}
	col_name(col, c);
	ADD_LIT(&r->xml, "<c r=\"");
	pakn_buf_add(&r->xml, c, strlen(c));
	pakn_buf_add(&r->xml, r->rnum, r->rlen);
	if (xf > 0) {
		ADD_LIT(&r->xml, "\" s=\"");
		pakn_buf_add_ulong(&r->xml, (unsigned long)xf);
	}
	pakn_buf_add(&r->xml, type, type_len);
}

void
pakn_xlsx_rows_num(struct pakn_xlsx_rows *r, unsigned long row, unsigned col,
                   double v, int xf)
{
	char b[40];

	cell(r, row, col, xf, "\"><v>", 5);
	if (v == floor(v) && fabs(v) < 1e15) {
		if (v < 0)
			pakn_buf_addc(&r->xml, '-');
		pakn_buf_add_ulong(&r->xml, (unsigned long)fabs(v));
	} else {
		snprintf(b, sizeof b, "%.16G", v);
		pakn_buf_adds(&r->xml, b);
	}
	ADD_LIT(&r->xml, "</v></c>");
}

double
pakn_xlsx_rows_str(struct pakn_xlsx_rows *r, unsigned long row, unsigned col,
                   const char *s, size_t n, int valid, int xf)
{
	size_t i, chars = 0;
	double width = 0;
	char *d;

	for (i = 0; i < n; i++)
		chars += ((unsigned char)s[i] & 0xc0) != 0x80 || !valid;
	width = (double)chars;
	if (n == 0 || chars > STR_MAX) /* libxlsxwriter writes none either */
		return width;
	cell(r, row, col, xf, "\" t=\"inlineStr\"><is>", 20);
	if (pakn_xlsx_clean((unsigned char)s[0], valid) == ' ' ||
	    pakn_xlsx_clean((unsigned char)s[n - 1], valid) == ' ')
		ADD_LIT(&r->xml, "<t xml:space=\"preserve\">");
	else
		ADD_LIT(&r->xml, "<t>");
	pakn_buf_grow(&r->xml, 5 * n + 16);
	d = r->xml.data + r->xml.len;
	for (i = 0; i < n; i++) {
		char c = pakn_xlsx_clean((unsigned char)s[i], valid);

		if (c == '&') {
			memcpy(d, "&amp;", 5);
			d += 5;
		} else if (c == '<') {
			memcpy(d, "&lt;", 4);
			d += 4;
		} else if (c == '>') {
			memcpy(d, "&gt;", 4);
			d += 4;
		} else {
			*d++ = c;
		}
	}
	r->xml.len = (size_t)(d - r->xml.data);
	ADD_LIT(&r->xml, "</t></is></c>");
	return width;
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

/* Deflates s[0..n) as a stream of its own into out (last: ended by the
 * final block, else by a sync flush); its CRC in *crc. */
static int
deflate_part(const char *s, size_t n, int last, struct pakn_buf *out,
             uLong *crc)
{
	z_stream zs;
	int rc;

	memset(&zs, 0, sizeof zs);
	if (!zinit(&zs))
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
		ADD_LIT(&r->xml, "</row>");
	r->open = 0;
	finish(r);
	rc = r->failed ? -1 : deflate_part(head.data, head.len, 0, &e->z, &ch);
	if (rc == 0) {
		pakn_buf_add(&e->z, r->z.data, r->z.len);
		rc = deflate_part(foot.data, foot.len, 1, &e->z, &cf);
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
	struct entry *es = pakn_xcalloc(n ? n : 1, sizeof *es);
	struct pakn_buf xml = PAKN_BUF_INIT;
	struct tm tm;
	zip_t *za;
	zip_source_t *src;
	zip_int64_t idx;
	time_t dos;
	char name[64];
	int zerr = 0, rc = 0;
	size_t i;

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
