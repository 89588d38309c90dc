/*
 * xlsx.h: an Excel .xlsx workbook read sheet by sheet, row by row, with
 * libzip (the zip) and expat (the XML of the workbook, its shared strings
 * and styles; the worksheets with lib/xmlscan.c, where expat took half
 * of pakn-ingest's time).  The sheet is streamed: only the shared strings
 * table and the current row are held in memory.
 *
 * Cells: shared strings (rich text runs joined), inline strings, formula
 * strings, booleans ("TRUE"/"FALSE") and numbers (as written in the file).
 * A number with a date style (built-in formats 14-22 and 45-47, or a
 * custom format with d, m, y or h outside quoted text) is a serial date:
 * it becomes "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM:SS" when it has a time
 * part, in the 1900 system (with Excel's 1900-02-29) or the 1904 system as
 * the workbook says.  Cells are placed by their reference ("C5"); missing
 * cells are empty fields.  A merged cell holds its text in its first
 * (top-left) cell only: a merged header over several columns names the
 * first column, the others have empty headers.
 */
#ifndef PAKN_XLSX_H
#define PAKN_XLSX_H

#include <stddef.h>

#include "pakn.h"

struct pakn_xlsx;

/* A row of the open sheet: n fields, field[i] of len[i] bytes (valid
 * until the next call); line is the sheet's row number (1 for the
 * first). */
struct pakn_xlsx_row {
	long line;
	size_t n;
	const char *const *field;
	const size_t *len;
};

/* Opens the workbook at path, or in data[0..n) when data is not NULL (the
 * bytes are copied).  Reads its sheet list, shared strings and styles.
 * Returns NULL with err filled (a corrupt zip, not a workbook). */
struct pakn_xlsx *pakn_xlsx_open(const char *path, const void *data, size_t n,
                                 const char *name, struct pakn_error *err);
void pakn_xlsx_close(struct pakn_xlsx *x);

/* Whether a zip's first bytes p[0..n) look like an .xlsx workbook: an
 * entry under xl/, and no xl/workbook.bin (.xlsb). */
int pakn_xlsx_sniff(const char *p, size_t n);

size_t pakn_xlsx_nsheets(const struct pakn_xlsx *x);
const char *pakn_xlsx_sheet_name(const struct pakn_xlsx *x, size_t i);
/* The sheet named s, or numbered s (1 for the first); -1 if none. */
long pakn_xlsx_find_sheet(const struct pakn_xlsx *x, const char *s);

/* Starts reading sheet i.  Returns 0, or -1 with err filled. */
int pakn_xlsx_sheet_open(struct pakn_xlsx *x, size_t i, struct pakn_error *err);
/* Whether the sheets opened after this are read with expat rather than
 * the worksheet scanner (xmlscan.h): for the tests that compare the two.
 * A sheet with a document type declaration is always read with expat. */
void pakn_xlsx_use_expat(struct pakn_xlsx *x, int on);

/* The next row of the sheet: 1, 0 at its end, -1 with err filled. */
int pakn_xlsx_next_row(struct pakn_xlsx *x, struct pakn_xlsx_row *row,
                       struct pakn_error *err);

/* Excel's last column, XFD. */
#define PAKN_XLSX_MAX_COLS 16384

/* The 0-based column of a cell reference ("A1" 0, "AA10" 26, "XFD1"
 * 16383); -1 with no column letters, or past XFD (a cell with no usable
 * reference takes the next column). */
long pakn_xlsx_ref_col(const char *ref);

/* Serial number v as a date text ("YYYY-MM-DD" or with "THH:MM:SS"),
 * into out (NUL-terminated, 40 bytes).  Returns -1 for a serial
 * out of range. */
int pakn_xlsx_serial_date(double v, int date1904, char out[40]);

/* Whether an Excel number format code is a date or time format. */
int pakn_xlsx_format_is_date(const char *code);

#endif
