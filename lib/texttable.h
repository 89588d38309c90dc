/*
 * texttable.h: text for a terminal, and a table that fits a width.
 *
 * Widths are in terminal cells: combining marks (the tones of Vietnamese
 * in decomposed form) take none, East Asian wide characters two, any other
 * character one.  Input is valid UTF-8 (the record layer checks it).
 *
 * A table has up to PAKN_TT_MAXCOLS columns, each left- or right-aligned,
 * with a header that may hold one line break (then two header lines).
 * Fitted to a width, the columns that may be cut are cut ("…" marks the
 * cut), and the columns with a drop level are left out, highest level
 * first, until the table fits.  Lines carry no trailing blanks.  All state
 * is in the struct: nothing is kept between calls.
 */
#ifndef PAKN_TEXTTABLE_H
#define PAKN_TEXTTABLE_H

#include <stddef.h>

#include "buf.h"

/* Terminal cells s takes. */
int pakn_term_width(const char *s);
/* Appends s cut to at most w cells; a cut ends with "…" (combining marks
 * stay with their letter). */
void pakn_term_cut(struct pakn_buf *b, const char *s, int w);
/* Appends s with control characters (C0, DEL, C1) as spaces. */
void pakn_term_clean(struct pakn_buf *b, const char *s);
/* Appends n spaces (none when n <= 0). */
void pakn_term_pad(struct pakn_buf *b, int n);
/* Appends a paragraph (no control characters) broken at spaces to fit
 * width (0 or less: 80; at least 20), its first line indented by `first`
 * spaces, the others by `rest`, with a final newline. */
void pakn_term_wrap(struct pakn_buf *out, const char *s, int width, int first,
                    int rest);

#define PAKN_TT_MAXCOLS 24
#define PAKN_TT_INDENT 2 /* spaces before each line */
#define PAKN_TT_GAP 2    /* spaces between columns */

struct pakn_ttable {
	int ncols;
	const char *head[PAKN_TT_MAXCOLS]; /* borrowed */
	int right[PAKN_TT_MAXCOLS];
	int drop[PAKN_TT_MAXCOLS]; /* 0 kept always; higher is left out first */
	int cut[PAKN_TT_MAXCOLS];  /* least width it may be cut to; 0 = never */
	int on[PAKN_TT_MAXCOLS];
	char **cells; /* nrows * ncols, owned */
	size_t nrows, caprows;
};

/* An empty table (or memset to 0). */
void pakn_tt_init(struct pakn_ttable *t);
/* Adds a column (before any row): its header (borrowed, may hold one
 * '\n'), right-aligned or not, its drop level (0: never left out, 1-9)
 * and the least width it may be cut to (0: never cut). */
void pakn_tt_col(struct pakn_ttable *t, const char *head, int right, int drop,
                 int cut);
/* Starts a row; its cells are empty until set. */
void pakn_tt_row(struct pakn_ttable *t);
/* Sets a cell of the last row (copied, control characters as spaces). */
void pakn_tt_set(struct pakn_ttable *t, int col, const char *s);
/* Appends the table fitted to width (0: no limit).  It may turn columns
 * off; render once. */
void pakn_tt_render(struct pakn_ttable *t, int width, struct pakn_buf *out);
void pakn_tt_release(struct pakn_ttable *t);

/* The width to fit text output to: $COLUMNS, else the terminal's on
 * standard output, else 0 (no limit). */
int pakn_term_columns(void);

#endif
