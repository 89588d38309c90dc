/*
 * csvin.c: CSV rows with line numbers over libcsv (see csvin.h).
 *
 * libcsv gives no line numbers, so the input is fed one physical line at a
 * time (LIBRARIES.md): the row's first line is the line being fed when the
 * first byte of the row arrives.  Completed rows are queued, since one
 * line may end several (a bare CR ends a record too).
 */
#include "csvin.h"

#include <csv.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* libcsv's parser states (libcsv.c). */
#define ROW_NOT_BEGUN 0

/* The most raw text kept for a broken row's reject record. */
#define RAW_KEEP (64 * 1024)

struct queued {
	size_t first; /* index of the first field in c->off */
	size_t n;
	long line, last_line;
	const char *error;
	long column, error_line;
	size_t raw_start, raw_len; /* in c->raw */
};

struct pakn_csv {
	struct pakn_in *in;
	struct csv_parser p;
	char delim;
	size_t max_field;
	struct pakn_buf fbuf; /* field bytes, each NUL-terminated */
	size_t *off, *flen;   /* per field: offset in fbuf, length */
	size_t nf, capf;
	const char **fptr;
	size_t capp;
	struct queued *q;
	size_t nq, capq, qnext;
	size_t row_first; /* first field of the row in progress */
	int in_row;
	long row_line;
	struct pakn_buf raw; /* raw lines since the row in progress began */
	size_t raw_row_start;
	int eof;
};

/*
 * libcsv grows its field buffer through a realloc hook that gets no
 * context, only the buffer.  So the cap travels with the buffer: each
 * buffer handed to libcsv is preceded by a header holding its reader's
 * cap, and refusing to grow past it makes libcsv fail, which we report as
 * a field too large.  No state is shared between readers.
 */
union cap_header {
	size_t cap;
	max_align_t align;
};

static void *
capped_realloc(void *p, size_t n)
{
	union cap_header *h = (union cap_header *)p - 1;

	if (n > h->cap + 1024)
		return NULL;
	h = realloc(h, sizeof *h + n);
	return h ? h + 1 : NULL;
}

static void
capped_free(void *p)
{
	if (p)
		free((union cap_header *)p - 1);
}

static void
parser_init(struct pakn_csv *c)
{
	union cap_header *h = pakn_xmalloc(sizeof *h);

	csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_delim(&c->p, (unsigned char)c->delim);
	csv_set_realloc_func(&c->p, capped_realloc);
	csv_set_free_func(&c->p, capped_free);
	csv_set_blk_size(&c->p, 4096);
	/* An empty buffer of size 0 that carries the cap: libcsv grows it
	 * before the first byte, through capped_realloc, as it would grow
	 * its own NULL buffer. */
	h->cap = c->max_field;
	c->p.entry_buf = (unsigned char *)(h + 1);
	c->p.entry_size = 0;
}

struct pakn_csv *
pakn_csv_new(struct pakn_in *in, char delim, size_t max_field)
{
	struct pakn_csv *c = pakn_xcalloc(1, sizeof *c);

	c->in = in;
	c->delim = delim;
	c->max_field = max_field;
	parser_init(c);
	return c;
}

void
pakn_csv_free(struct pakn_csv *c)
{
	if (c == NULL)
		return;
	csv_free(&c->p);
	pakn_buf_release(&c->fbuf);
	pakn_buf_release(&c->raw);
	free(c->off);
	free(c->flen);
	free(c->fptr);
	free(c->q);
	free(c);
}

static void
on_field(void *s, size_t len, void *ctx)
{
	struct pakn_csv *c = ctx;

	if (!c->in_row) {
		c->in_row = 1;
		c->row_first = c->nf;
	}
	if (c->nf == c->capf) {
		c->capf = c->capf ? c->capf * 2 : 64;
		c->off = pakn_xrealloc(c->off, c->capf * sizeof *c->off);
		c->flen = pakn_xrealloc(c->flen, c->capf * sizeof *c->flen);
	}
	c->off[c->nf] = c->fbuf.len;
	c->flen[c->nf] = len;
	c->nf++;
	if (!s)
		len = 0;
	pakn_buf_grow(&c->fbuf, len + 1);
	if (len)
		memcpy(c->fbuf.data + c->fbuf.len, s, len);
	c->fbuf.len += len + 1;
	c->fbuf.data[c->fbuf.len - 1] = '\0';
}

static struct queued *
push_row(struct pakn_csv *c)
{
	struct queued *q;

	if (c->nq == c->capq) {
		c->capq = c->capq ? c->capq * 2 : 8;
		c->q = pakn_xrealloc(c->q, c->capq * sizeof *c->q);
	}
	q = &c->q[c->nq++];
	memset(q, 0, sizeof *q);
	q->first = c->in_row ? c->row_first : c->nf;
	q->n = c->in_row ? c->nf - c->row_first : 0;
	q->line = c->row_line;
	q->last_line = c->in->line;
	q->raw_start = c->raw_row_start;
	q->raw_len = c->raw.len - c->raw_row_start;
	return q;
}

static void
on_row(int term, void *ctx)
{
	struct pakn_csv *c = ctx;

	(void)term;
	push_row(c);
	c->in_row = 0;
	/* The next row starts in a later line, unless this one goes on
	 * after a bare CR; the next feed sets it. */
	c->row_line = 0;
}

/* Makes the queued row at index i the caller's row. */
static void
give_row(struct pakn_csv *c, size_t i, struct pakn_csv_row *row)
{
	struct queued *q = &c->q[i];
	size_t k;

	if (q->n > c->capp) {
		c->capp = q->n * 2;
		c->fptr = pakn_xrealloc(c->fptr, c->capp * sizeof *c->fptr);
	}
	for (k = 0; k < q->n; k++)
		c->fptr[k] = c->fbuf.data + c->off[q->first + k];
	row->nfields = q->n;
	row->field = c->fptr;
	row->len = c->flen + q->first;
	row->line = q->line;
	row->last_line = q->last_line;
	row->raw = c->raw.data ? c->raw.data + q->raw_start : "";
	row->rawlen = q->raw_len;
	if (row->rawlen > 0 && row->raw[row->rawlen - 1] == '\n')
		row->rawlen--;
	if (row->rawlen > 0 && row->raw[row->rawlen - 1] == '\r')
		row->rawlen--;
	row->error = q->error;
	row->column = q->column;
	row->error_line = q->error_line;
}

/* Forgets delivered rows, keeping the row in progress. */
static void
compact(struct pakn_csv *c)
{
	size_t keep_f = c->in_row ? c->row_first : c->nf;
	size_t foff = keep_f < c->nf ? c->off[keep_f] : c->fbuf.len;
	size_t k;

	if (keep_f > 0) {
		for (k = keep_f; k < c->nf; k++) {
			c->off[k - keep_f] = c->off[k] - foff;
			c->flen[k - keep_f] = c->flen[k];
		}
		c->nf -= keep_f;
		c->row_first = 0;
	}
	if (foff > 0) {
		memmove(c->fbuf.data, c->fbuf.data + foff, c->fbuf.len - foff);
		c->fbuf.len -= foff;
	}
	if (c->raw_row_start > 0) {
		memmove(c->raw.data, c->raw.data + c->raw_row_start,
		        c->raw.len - c->raw_row_start);
		c->raw.len -= c->raw_row_start;
		c->raw_row_start = 0;
	}
	c->nq = c->qnext = 0;
}

/* Turns the row in progress into a broken row and starts a new parser. */
static void
break_row(struct pakn_csv *c, const char *why, long column)
{
	struct queued *q;

	if (c->row_line == 0)
		c->row_line = c->in->line;
	q = push_row(c);
	q->error = why;
	q->column = column;
	q->error_line = c->in->line;
	c->in_row = 0;
	c->row_line = 0;
	csv_free(&c->p);
	parser_init(c);
}

int
pakn_csv_next(struct pakn_csv *c, struct pakn_csv_row *row,
              struct pakn_error *err)
{
	const char *line;
	size_t len, used;
	int toolong, r, e;

	for (;;) {
		if (c->qnext < c->nq) {
			give_row(c, c->qnext++, row);
			return 1;
		}
		if (c->eof)
			return 0;
		compact(c);
		r = pakn_in_getline(c->in, &line, &len, &toolong, err);
		if (r < 0)
			return -1;
		if (r == 0) {
			c->eof = 1;
			if (csv_fini(&c->p, on_field, on_row, c) != 0)
				break_row(c, "unterminated quote", 0);
			continue;
		}
		if (!c->in_row && c->p.pstate == ROW_NOT_BEGUN) {
			c->raw_row_start = c->raw.len;
			c->row_line = c->in->line;
		}
		if (c->raw.len - c->raw_row_start < RAW_KEEP)
			pakn_buf_add(&c->raw, line, len);
		if (toolong) {
			break_row(c, "line over the size cap", 0);
			continue;
		}
		used = csv_parse(&c->p, line, len, on_field, on_row, c);
		if (used < len) {
			e = csv_error(&c->p);
			break_row(c,
			          e == CSV_EPARSE
			              ? "malformed quotes (a quote inside an "
			                "unquoted field or text after a "
			                "closing quote)"
			              : "field over the size cap",
			          (long)used + 1);
		}
		/* A row that went on after a bare CR starts on this line. */
		if (!c->in_row && c->p.pstate != ROW_NOT_BEGUN &&
		    c->row_line == 0)
			c->row_line = c->in->line;
		if (c->in_row && c->row_line == 0)
			c->row_line = c->in->line;
	}
}
