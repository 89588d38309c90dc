/*
 * csvin.c: CSV rows with line numbers over libcsv (see csvin.h).
 *
 * libcsv gives no line numbers, so the input is fed one physical line at a
 * time (LIBRARIES.md), and a line is cut after each bare CR (which ends a
 * record too): a row's first line is the line being fed when the first
 * byte of the row arrives, and its raw text is the pieces fed since it
 * began.  Completed rows are queued, since one line may end several.
 *
 * A stray quote: when a line ends inside a quoted field, the lines after it
 * are kept (up to a bound) while the field goes on.  If the row then turns
 * out broken (the quote never closes, text follows the closing quote, a
 * field over the cap) and one of the next LOOK_AHEAD lines reads on its
 * own as a complete row with the header's number of fields, or if it only
 * has a number of fields other than the header's and one of the lines it
 * swallowed whole reads so, the quote was stray: the row ends at its own line,
 * is given as broken, and the kept lines are read again as rows of their own.
 */
#include "csvin.h"

#include <csv.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* libcsv's parser states (libcsv.c). */
#define ROW_NOT_BEGUN 0
#define FIELD_BEGUN 2

/* How many lines after a stray quote may be damaged too, and the quote
 * still be found stray by a complete row after them. */
#define LOOK_AHEAD 8

/* The most raw text kept for a broken row's reject record. */
#define RAW_KEEP (64 * 1024)

#define SPILL_ERROR                                                            \
	"unterminated quote: the quoted field opened here would swallow the "  \
	"rows after it, which read as complete rows, so this row ends at its " \
	"line"

struct queued {
	size_t first; /* index of the first field in c->off */
	size_t n;
	long line, last_line;
	const char *error;
	long column, error_line;
	size_t raw_start, raw_len; /* in c->raw */
};

/* Physical lines kept to be read again. */
struct kept {
	size_t off, len; /* in b */
	long line;
	int toolong;
};

struct lines {
	struct pakn_buf b;
	struct kept *v;
	size_t n, cap, next;
};

struct pakn_csv {
	struct pakn_in *in;
	struct csv_parser p;
	char delim;
	size_t max_field;
	size_t expect;        /* fields of a row (the header's); 0: unknown */
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
	long cur_line;       /* the line being fed */
	struct pakn_buf raw; /* raw lines since the row in progress began */
	size_t raw_row_start;
	/* a line ended inside a quoted field (see the top) */
	int spill, spill_off; /* spill_off: gave up on this field */
	int pending;          /* a broken row waits for more lines */
	size_t pend_q;        /* its index in q */
	long spill_line, spill_col;
	size_t spill_raw;    /* the row's raw bytes up to the end of it */
	struct lines hold;   /* the lines after it */
	struct lines replay; /* lines to read again before the input */
	int in_eof, done;
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
pakn_csv_set_fields(struct pakn_csv *c, size_t n)
{
	c->expect = n;
}

static void
lines_release(struct lines *l)
{
	pakn_buf_release(&l->b);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static void
lines_add(struct lines *l, const char *s, size_t n, long line, int toolong)
{
	struct kept *k;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = pakn_xrealloc(l->v, l->cap * sizeof *l->v);
	}
	k = &l->v[l->n++];
	k->off = l->b.len;
	k->len = n;
	k->line = line;
	k->toolong = toolong;
	pakn_buf_add(&l->b, s, n);
}

void
pakn_csv_free(struct pakn_csv *c)
{
	if (c == NULL)
		return;
	csv_free(&c->p);
	pakn_buf_release(&c->fbuf);
	pakn_buf_release(&c->raw);
	lines_release(&c->hold);
	lines_release(&c->replay);
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
	q->last_line = c->cur_line;
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
	c->row_line = 0; /* the next piece fed sets it */
}

/* Makes the queued row at index i the caller's row. */
static void
give_row(struct pakn_csv *c, size_t i, struct pakn_csv_row *row)
{
	static const size_t no_len[1];
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
	row->len = c->flen ? c->flen + q->first : no_len;
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
		c->row_line = c->cur_line;
	q = push_row(c);
	q->error = why;
	q->column = column;
	q->error_line = c->cur_line;
	c->in_row = 0;
	c->row_line = 0;
	csv_free(&c->p);
	parser_init(c);
}

static int
in_quoted(const struct pakn_csv *c)
{
	return c->p.pstate == FIELD_BEGUN && c->p.quoted;
}

/* For row_alone: counts fields and rows. */
struct alone {
	size_t fields, rows;
};

static void
alone_field(void *s, size_t len, void *ctx)
{
	(void)s;
	(void)len;
	((struct alone *)ctx)->fields++;
}

static void
alone_row(int term, void *ctx)
{
	(void)term;
	((struct alone *)ctx)->rows++;
}

/* 1 if s[0..n) (one physical line) reads on its own as one complete row
 * with the header's number of fields. */
static int
row_alone(const struct pakn_csv *c, const char *s, size_t n)
{
	struct csv_parser p;
	struct alone a = {0, 0};
	int ok;

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	if (n == 0 || csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return 0;
	csv_set_delim(&p, (unsigned char)c->delim);
	ok = csv_parse(&p, s, n, alone_field, alone_row, &a) == n &&
	     csv_fini(&p, alone_field, alone_row, &a) == 0;
	csv_free(&p);
	return ok && a.rows == 1 && a.fields == c->expect;
}

/* The 1-based column of the opening quote of the field still open at the
 * end of s[0..n) (one row's text), or 0. */
static long
open_quote(const char *s, size_t n, char delim)
{
	size_t i, at = 0;
	int quoted = 0, start = 1;

	for (i = 0; i < n; i++) {
		if (quoted) {
			if (s[i] != '"')
				continue;
			if (i + 1 < n && s[i + 1] == '"')
				i++;
			else
				quoted = 0;
		} else if (start && s[i] == '"') {
			quoted = 1;
			at = i + 1;
		}
		start = !quoted && (s[i] == delim || s[i] == '\r');
	}
	return quoted ? (long)at : 0;
}

/* A line has just ended inside a quoted field: keep the lines after it. */
static void
start_spill(struct pakn_csv *c, size_t linelen)
{
	size_t rowlen = c->raw.len - c->raw_row_start;

	c->spill = 1;
	c->spill_line = c->cur_line;
	c->spill_raw = rowlen;
	c->spill_col = 0;
	/* The column, if the row began on this line and is all kept. */
	if (c->row_line == c->cur_line && rowlen <= linelen &&
	    rowlen < RAW_KEEP) {
		c->spill_col = open_quote(c->raw.data + c->raw_row_start,
		                          rowlen, c->delim);
		if (c->spill_col > 0)
			c->spill_col += (long)(linelen - rowlen);
	}
	c->hold.n = c->hold.next = 0;
	c->hold.b.len = 0;
}

/*
 * The quote was stray: forgets the row that spilled (queued at index i)
 * and every row after it, queues it broken at its own line, and reads the
 * kept lines again.
 */
static void
recover(struct pakn_csv *c, size_t i)
{
	struct queued *q = &c->q[i], *b;
	struct lines l = {PAKN_BUF_INIT, NULL, 0, 0, 0};
	size_t k, raw_start = q->raw_start;
	long line = q->line;

	c->spill = c->pending = 0;
	if (q->first < c->nf) {
		c->fbuf.len = c->off[q->first];
		c->nf = q->first;
	}
	c->nq = i;
	if (raw_start + c->spill_raw < c->raw.len)
		c->raw.len = raw_start + c->spill_raw;
	c->in_row = 0;
	b = push_row(c);
	b->line = line;
	b->last_line = c->spill_line;
	b->raw_start = raw_start;
	b->raw_len = c->raw.len - raw_start;
	b->error = SPILL_ERROR;
	b->column = c->spill_col;
	b->error_line = c->spill_line;
	csv_free(&c->p);
	parser_init(c);
	c->raw_row_start = c->raw.len;
	c->row_line = 0;
	/* Read the kept lines again, before what was left to read again. */
	for (k = 0; k < c->hold.n; k++)
		lines_add(&l, c->hold.b.data + c->hold.v[k].off,
		          c->hold.v[k].len, c->hold.v[k].line,
		          c->hold.v[k].toolong);
	for (k = c->replay.next; k < c->replay.n; k++)
		lines_add(&l, c->replay.b.data + c->replay.v[k].off,
		          c->replay.v[k].len, c->replay.v[k].line,
		          c->replay.v[k].toolong);
	lines_release(&c->replay);
	c->replay = l;
	c->hold.n = 0;
	c->hold.b.len = 0;
}

/* Whether kept line k reads on its own as a complete row. */
static int
kept_alone(const struct pakn_csv *c, size_t k)
{
	return !c->hold.v[k].toolong &&
	       row_alone(c, c->hold.b.data + c->hold.v[k].off,
	                 c->hold.v[k].len);
}

/*
 * The row that spilled has ended, queued at index i.  If it is broken and
 * one of the first LOOK_AHEAD lines kept after it reads as a row of its
 * own, the quote was stray (recover).  If fewer lines are kept yet, the
 * decision waits for more (pending: the rows from i on are not given
 * out), up to LOOK_AHEAD lines or the end of the input.
 */
static void
settle(struct pakn_csv *c, size_t i)
{
	struct queued *q = &c->q[i];
	int broken = q->error != NULL || (c->expect && q->n != c->expect);
	size_t k, look = LOOK_AHEAD;

	c->spill = 0;
	if (!broken || c->expect == 0)
		return;
	/* A quote that closed cleanly (the row has only the wrong number of
	 * fields) may have closed a real quoted line break: only the lines
	 * it swallowed whole count, the one it closed on and those after it
	 * do not. */
	if (q->error == NULL && c->hold.n - 1 < look)
		look = c->hold.n - 1;
	for (k = 0; k < c->hold.n && k < look; k++)
		if (kept_alone(c, k)) {
			recover(c, i);
			return;
		}
	if (q->error != NULL && c->hold.n < LOOK_AHEAD && !c->in_eof) {
		c->spill = c->pending = 1; /* keep holding lines */
		c->pend_q = i;
	}
}

static void
add_raw(struct pakn_csv *c, const char *s, size_t n)
{
	if (c->raw.len - c->raw_row_start < RAW_KEEP)
		pakn_buf_add(&c->raw, s, n);
}

/* The length of the next piece of s[0..n): up to and with a bare CR, or
 * all of it. */
static size_t
piece(const char *s, size_t n)
{
	const char *cr = memchr(s, '\r', n);

	while (cr && cr + 1 < s + n && cr[1] == '\n')
		cr = memchr(cr + 2, '\r', (size_t)(s + n - (cr + 2)));
	return cr ? (size_t)(cr + 1 - s) : n;
}

/* Feeds one physical line. */
static void
feed(struct pakn_csv *c, const char *line, size_t len, int toolong, long lineno)
{
	size_t nq0 = c->nq, o = 0, n, used;
	int e;

	c->cur_line = lineno;
	if (c->spill) {
		/* Past a bound, give up the recovery and keep nothing. */
		if (c->hold.b.len > 2 * c->max_field + RAW_KEEP) {
			c->spill = c->pending = 0;
			c->spill_off = 1;
		} else {
			lines_add(&c->hold, line, len, lineno, toolong);
		}
	}
	if (c->pending) {
		if (kept_alone(c, c->hold.n - 1)) {
			recover(c, c->pend_q); /* this line is read again */
			return;
		}
		if (c->hold.n >= LOOK_AHEAD)
			c->spill = c->pending = 0;
	}
	if (toolong) {
		if (!c->in_row && c->p.pstate == ROW_NOT_BEGUN) {
			c->raw_row_start = c->raw.len;
			c->row_line = lineno;
		}
		add_raw(c, line, len);
		break_row(c, "line over the size cap", 0);
	}
	while (!toolong && o < len) {
		n = piece(line + o, len - o);
		if (!c->in_row && c->p.pstate == ROW_NOT_BEGUN) {
			c->raw_row_start = c->raw.len;
			c->row_line = lineno;
		}
		add_raw(c, line + o, n);
		used = csv_parse(&c->p, line + o, n, on_field, on_row, c);
		if (used < n) {
			e = csv_error(&c->p);
			break_row(c,
			          e == CSV_EPARSE
			              ? "malformed quotes (a quote inside an "
			                "unquoted field or text after a "
			                "closing quote)"
			              : "field over the size cap",
			          (long)(o + used) + 1);
			break;
		}
		o += n;
	}
	if (c->spill && !c->pending && c->nq > nq0)
		settle(c, nq0);
	if (!in_quoted(c))
		c->spill_off = 0;
	else if (!c->spill && !c->spill_off)
		start_spill(c, len);
}

/* The next line to feed: one to read again, or the input's next. */
static int
next_line(struct pakn_csv *c, const char **line, size_t *len, int *toolong,
          long *lineno, struct pakn_error *err)
{
	struct kept *k;
	int r;

	if (c->replay.next < c->replay.n) {
		k = &c->replay.v[c->replay.next++];
		*line = c->replay.b.data + k->off;
		*len = k->len;
		*toolong = k->toolong;
		*lineno = k->line;
		return 1;
	}
	if (c->replay.n > 0)
		lines_release(&c->replay);
	if (c->in_eof)
		return 0;
	r = pakn_in_getline(c->in, line, len, toolong, err);
	if (r == 0)
		c->in_eof = 1;
	*lineno = c->in->line;
	return r;
}

int
pakn_csv_next(struct pakn_csv *c, struct pakn_csv_row *row,
              struct pakn_error *err)
{
	const char *line;
	size_t len, nq0;
	long lineno;
	int toolong, r;

	for (;;) {
		if (c->qnext < c->nq && (!c->pending || c->qnext < c->pend_q)) {
			give_row(c, c->qnext++, row);
			return 1;
		}
		if (c->done)
			return 0;
		if (!c->pending)
			compact(c);
		r = next_line(c, &line, &len, &toolong, &lineno, err);
		if (r < 0)
			return -1;
		if (r > 0) {
			feed(c, line, len, toolong, lineno);
			continue;
		}
		nq0 = c->nq;
		if (csv_fini(&c->p, on_field, on_row, c) != 0)
			break_row(c, "unterminated quote",
			          c->spill && !c->pending ? c->spill_col : 0);
		if (c->spill && !c->pending && c->nq > nq0)
			settle(c, nq0);
		/* Nothing more to look at: what waits is given as it is. */
		c->spill = c->pending = 0;
		c->done = c->replay.n == 0;
	}
}
