/*
 * xlsxrows.h: the rows of a long list written into a worksheet of a
 * workbook that libxlsxwriter made.
 *
 * libxlsxwriter writes every cell through fprintf into a temporary file
 * and deflates the sheet at its default level when the workbook closes:
 * for the report's list of every overdue case (175,000 rows from a
 * million records) that was twice the time of the whole JSON report.
 * Here the rows are written as the sheet's XML and deflated at the
 * fastest level as they are made, and once libxlsxwriter has written the
 * workbook (with the sheet's title and header rows, its column widths,
 * frozen panes and autofilter), the sheet's entry is replaced by its own
 * XML with the rows put before </sheetData>, its dimension made to cover
 * them: the other parts of the zip are copied as they are.
 *
 * The cells are what libxlsxwriter writes in its constant-memory mode:
 * numbers, and inline strings (escaped, with xml:space="preserve" when
 * they start or end with a space), styled by the format's xf index.
 */
#ifndef PAKN_XLSXROWS_H
#define PAKN_XLSXROWS_H

#include <stddef.h>

struct pakn_xlsx_rows;

/* A list of rows; thread: deflated by a thread too (else by the writer
 * alone: the same bytes). */
struct pakn_xlsx_rows *pakn_xlsx_rows_new(int thread);
void pakn_xlsx_rows_free(struct pakn_xlsx_rows *r);

/* A cell of row `row` (0-based; rows in order, cells in order within a
 * row), with the xf index of its format (-1: none). */
void pakn_xlsx_rows_num(struct pakn_xlsx_rows *r, unsigned long row,
                        unsigned col, double v, int xf);
/* Text s[0..n), cleaned as pakn_xlsx_clean says (valid: whether s is
 * UTF-8).  Returns its width in characters (written or not: like
 * libxlsxwriter, no text over 32,767 characters is written). */
double pakn_xlsx_rows_str(struct pakn_xlsx_rows *r, unsigned long row,
                          unsigned col, const char *s, size_t n, int valid,
                          int xf);

/* A text's byte as a workbook cell holds it: a control character (which
 * XML cannot hold) is a space, and every byte that is not ASCII is '?'
 * when the text is not UTF-8. */
static inline char
pakn_xlsx_clean(unsigned char c, int valid)
{
	if (c < 0x20 || c == 0x7f)
		return valid ? ' ' : '?';
	if (c > 0x7f && !valid)
		return '?';
	return (char)c;
}

/* Puts the rows into worksheet number `sheet` (1 for the first) of the
 * workbook at path, its dimension A1 to column ncols-1 of the last row.
 * Frees each list.  0, or -1 with a message in err (err_size bytes). */
struct pakn_xlsx_splice {
	unsigned sheet;
	unsigned ncols;
	struct pakn_xlsx_rows *rows;
};
int pakn_xlsx_splice(const char *path, struct pakn_xlsx_splice *s, size_t n,
                     char *err, size_t err_size);

#endif
