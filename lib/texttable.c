/*
 * texttable.c: terminal text and the table that fits a width
 * (texttable.h).
 */
#include "texttable.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <string.h>

#include "pakn.h"

/* ---- terminal cells ----------------------------------------------------- */

/* Decodes one UTF-8 sequence (input already valid); returns its length. */
static size_t
utf8_next(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;

	if (p[0] < 0x80 || n < 2) {
		*cp = p[0];
		return 1;
	}
	if (p[0] < 0xe0) {
		*cp = ((uint32_t)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
		return 2;
	}
	if (p[0] < 0xf0 || n < 4) {
		if (n < 3) {
			*cp = p[0];
			return 1;
		}
		*cp = ((uint32_t)(p[0] & 0x0f) << 12) |
		      ((uint32_t)(p[1] & 0x3f) << 6) | (p[2] & 0x3f);
		return 3;
	}
	*cp = ((uint32_t)(p[0] & 0x07) << 18) |
	      ((uint32_t)(p[1] & 0x3f) << 12) | ((uint32_t)(p[2] & 0x3f) << 6) |
	      (p[3] & 0x3f);
	return 4;
}

/* Terminal cells a code point takes. */
static int
cp_width(uint32_t c)
{
	if ((c >= 0x300 && c <= 0x36f) || (c >= 0x1ab0 && c <= 0x1aff) ||
	    (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x20d0 && c <= 0x20ff) ||
	    (c >= 0xfe20 && c <= 0xfe2f) || c == 0x200b || c == 0x200d ||
	    c == 0xfeff)
		return 0;
	if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
	    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
	    (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd))
		return 2;
	return 1;
}

int
pakn_term_width(const char *s)
{
	size_t n = strlen(s), i = 0;
	uint32_t cp;
	int w = 0;

	while (i < n) {
		i += utf8_next(s + i, n - i, &cp);
		w += cp_width(cp);
	}
	return w;
}

/* Appends s cut to at most w cells ("…" marks a cut). */
void
pakn_term_cut(struct pakn_buf *b, const char *s, int w)
{
	size_t n = strlen(s), i = 0, k;
	uint32_t cp;
	int used = 0, cw;

	if (pakn_term_width(s) <= w) {
		pakn_buf_adds(b, s);
		return;
	}
	while (i < n) {
		k = utf8_next(s + i, n - i, &cp);
		cw = cp_width(cp);
		if (used + cw > w - 1)
			break;
		pakn_buf_add(b, s + i, k);
		used += cw;
		i += k;
	}
	/* Keep combining marks with their letter. */
	while (i < n) {
		k = utf8_next(s + i, n - i, &cp);
		if (cp_width(cp) != 0)
			break;
		pakn_buf_add(b, s + i, k);
		i += k;
	}
	pakn_buf_adds(b, "…");
}

/* Appends s with control characters (C0, DEL, C1) as spaces. */
void
pakn_term_clean(struct pakn_buf *b, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f) {
			pakn_buf_addc(b, ' ');
		} else if (c == 0xc2 && i + 1 < n &&
		           (unsigned char)s[i + 1] >= 0x80 &&
		           (unsigned char)s[i + 1] <= 0x9f) {
			pakn_buf_addc(b, ' ');
			i++;
		} else {
			pakn_buf_addc(b, (char)c);
		}
	}
}

void
pakn_term_pad(struct pakn_buf *b, int n)
{
	while (n-- > 0)
		pakn_buf_addc(b, ' ');
}

/* Appends a paragraph (no control characters) broken at spaces to fit
 * width: its first line indented by `first` spaces, the others by `rest`. */
void
pakn_term_wrap(struct pakn_buf *out, const char *s, int width, int first,
               int rest)
{
	const char *word = s, *end;
	int col = 0, w, line = 0;
	char *piece;

	if (width <= 0)
		width = 80;
	if (width < 20)
		width = 20;
	while (*word) {
		end = strchr(word, ' ');
		if (end == NULL)
			end = word + strlen(word);
		piece = pakn_xstrndup(word, (size_t)(end - word));
		w = pakn_term_width(piece);
		if (col > (line ? rest : first) && col + 1 + w > width) {
			pakn_buf_addc(out, '\n');
			col = 0;
			line++;
		}
		if (col == 0) {
			pakn_term_pad(out, line ? rest : first);
			col = line ? rest : first;
		} else {
			pakn_buf_addc(out, ' ');
			col++;
		}
		pakn_buf_adds(out, piece);
		col += w;
		free(piece);
		word = *end ? end + 1 : end;
	}
	pakn_buf_addc(out, '\n');
}

/* ---- a text table that fits a width --------------------------------- */

void
pakn_tt_init(struct pakn_ttable *t)
{
	memset(t, 0, sizeof *t);
}

void
pakn_tt_col(struct pakn_ttable *t, const char *head, int right, int drop,
            int cut)
{
	int c;

	if (t->ncols >= PAKN_TT_MAXCOLS || t->nrows > 0)
		return;
	c = t->ncols++;
	t->head[c] = head;
	t->right[c] = right;
	t->drop[c] = drop;
	t->cut[c] = cut;
	t->on[c] = 1;
}

void
pakn_tt_row(struct pakn_ttable *t)
{
	if (t->nrows == t->caprows) {
		t->caprows = t->caprows ? 2 * t->caprows : 16;
		t->cells = pakn_xrealloc(
		    t->cells, t->caprows * (size_t)t->ncols * sizeof *t->cells);
	}
	memset(t->cells + t->nrows * (size_t)t->ncols, 0,
	       (size_t)t->ncols * sizeof *t->cells);
	t->nrows++;
}

void
pakn_tt_set(struct pakn_ttable *t, int col, const char *s)
{
	struct pakn_buf b = PAKN_BUF_INIT;
	char **cell;

	if (t->nrows == 0 || col < 0 || col >= t->ncols)
		return;
	cell = &t->cells[(t->nrows - 1) * (size_t)t->ncols + (size_t)col];
	pakn_term_clean(&b, s);
	free(*cell);
	*cell = b.data ? b.data : pakn_xstrdup("");
}

void
pakn_tt_release(struct pakn_ttable *t)
{
	size_t i;

	for (i = 0; i < t->nrows * (size_t)t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
}

static const char *
tt_cell(const struct pakn_ttable *t, size_t r, int c)
{
	const char *s = t->cells[r * (size_t)t->ncols + (size_t)c];

	return s ? s : "";
}

static int
tt_total(const struct pakn_ttable *t, const int *w)
{
	int c, sum = PAKN_TT_INDENT, first = 1;

	for (c = 0; c < t->ncols; c++)
		if (t->on[c]) {
			sum += w[c] + (first ? 0 : PAKN_TT_GAP);
			first = 0;
		}
	return sum;
}

/* Cuts the cuttable columns, widest first, until the table fits or each
 * is at its floor (floor_scale in halves: 4 = twice the least width). */
static void
tt_shrink(const struct pakn_ttable *t, int *w, int width, int floor_scale)
{
	int c, best;

	while (tt_total(t, w) > width) {
		best = -1;
		for (c = 0; c < t->ncols; c++)
			if (t->on[c] && t->cut[c] &&
			    w[c] > t->cut[c] * floor_scale / 2 &&
			    (best < 0 || w[c] > w[best]))
				best = c;
		if (best < 0)
			return;
		w[best]--;
	}
}

/* Writes one line of the table: texts[c] for each column shown. */
static void
tt_line(const struct pakn_ttable *t, const int *w, const char *const *texts,
        struct pakn_buf *out)
{
	int c, x, first = 1;
	size_t before;

	pakn_term_pad(out, PAKN_TT_INDENT);
	for (c = 0; c < t->ncols; c++) {
		const char *s = texts[c];

		if (!t->on[c])
			continue;
		if (!first)
			pakn_term_pad(out, PAKN_TT_GAP);
		first = 0;
		x = pakn_term_width(s);
		if (x > w[c]) {
			before = out->len;
			pakn_term_cut(out, s, w[c]);
			x = pakn_term_width(out->data + before);
			pakn_term_pad(out, w[c] - x);
			continue;
		}
		if (t->right[c])
			pakn_term_pad(out, w[c] - x);
		pakn_buf_adds(out, s);
		if (!t->right[c])
			pakn_term_pad(out, w[c] - x);
	}
	/* No trailing blanks. */
	while (out->len > 0 && out->data[out->len - 1] == ' ')
		out->len--;
	pakn_buf_addc(out, '\n');
}

/*
 * Writes the table fitted to width (0: no limit).  A header may hold one
 * line break: it then takes two lines, its first part on top.
 */
void
pakn_tt_render(struct pakn_ttable *t, int width, struct pakn_buf *out)
{
	int w[PAKN_TT_MAXCOLS], c, level, two = 0;
	char *top[PAKN_TT_MAXCOLS], *bottom[PAKN_TT_MAXCOLS];
	const char *texts[PAKN_TT_MAXCOLS];
	size_t r;

	for (c = 0; c < t->ncols; c++) {
		const char *nl = strchr(t->head[c], '\n');

		top[c] = pakn_xstrndup(t->head[c],
		                       nl ? (size_t)(nl - t->head[c]) : 0);
		bottom[c] = pakn_xstrdup(nl ? nl + 1 : t->head[c]);
		two |= nl != NULL;
		w[c] = pakn_term_width(top[c]);
		if (pakn_term_width(bottom[c]) > w[c])
			w[c] = pakn_term_width(bottom[c]);
		for (r = 0; r < t->nrows; r++) {
			int x = pakn_term_width(tt_cell(t, r, c));

			if (x > w[c])
				w[c] = x;
		}
	}
	if (width > 0) {
		/* Cut names to twice their floor, leave out the comparison
		 * columns, cut to 1.5 times, leave out the rest in order,
		 * cut to the floor. */
		tt_shrink(t, w, width, 4);
		for (level = 9; level > 0 && tt_total(t, w) > width; level--) {
			if (level == 5)
				tt_shrink(t, w, width, 3);
			if (tt_total(t, w) <= width)
				break;
			for (c = 0; c < t->ncols; c++)
				if (t->drop[c] == level)
					t->on[c] = 0;
		}
		tt_shrink(t, w, width, 2);
	}
	if (two)
		tt_line(t, w, (const char *const *)top, out);
	tt_line(t, w, (const char *const *)bottom, out);
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++)
			texts[c] = tt_cell(t, r, c);
		tt_line(t, w, texts, out);
	}
	for (c = 0; c < t->ncols; c++) {
		free(top[c]);
		free(bottom[c]);
	}
}

int
pakn_term_columns(void)
{
	const char *cols = getenv("COLUMNS");
	struct winsize ws;
	char *end;
	long v;

	if (cols && *cols) {
		v = strtol(cols, &end, 10);
		if (*end == '\0' && v > 0 && v < 10000)
			return (int)v;
	}
	if (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}
