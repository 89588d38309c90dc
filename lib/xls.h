/*
 * xls.h: an old Excel .xls workbook (BIFF2 to BIFF8 in an OLE2 container)
 * read with libfreexl, sheet by sheet, row by row, giving rows as xlsx.h
 * does (struct pakn_xlsx_row), so that pakn-ingest treats both alike.
 *
 * libfreexl reads the whole workbook when it is opened (an .xls sheet has
 * at most 65,536 rows).  Cells: text (shared or not) as UTF-8; integers
 * and numbers in their shortest form that reads back the same ("12",
 * "3.25"); a number with a date or date-time style as "YYYY-MM-DD" or
 * "YYYY-MM-DDTHH:MM:SS" (libfreexl applies the workbook's 1900 or 1904
 * date system), a time alone as "HH:MM:SS"; empty cells are empty fields
 * and a row ends at its last non-empty cell.  Every row of the sheet is
 * given, empty ones too, with line its row number (1 for the first).
 */
#ifndef PAKN_XLS_H
#define PAKN_XLS_H

#include <stddef.h>

#include "pakn.h"
#include "xlsx.h"

struct pakn_xls;

/* Whether a file's first bytes p[0..n) are an OLE2 container that may
 * hold an .xls workbook (not an encrypted .xlsx: no EncryptedPackage). */
int pakn_xls_sniff(const char *p, size_t n);

/* Opens the workbook at path, or in data[0..n) when data is not NULL
 * (written to a temporary file for libfreexl, removed at once).  Returns
 * NULL with err filled: "not a readable .xls workbook: ..." for a corrupt
 * file or an OLE2 file with no workbook, "an encrypted
 * (password-protected) .xls workbook ..." for an encrypted one
 * (pakn_xls_encrypted; libfreexl opens those, and some damaged files, with
 * no handle). */
struct pakn_xls *pakn_xls_open(const char *path, const void *data, size_t n,
                               const char *name, struct pakn_error *err);
void pakn_xls_close(struct pakn_xls *x);

size_t pakn_xls_nsheets(const struct pakn_xls *x);
const char *pakn_xls_sheet_name(const struct pakn_xls *x, size_t i);
/* The sheet named s, or numbered s (1 for the first); -1 if none. */
long pakn_xls_find_sheet(const struct pakn_xls *x, const char *s);

/* Starts reading sheet i.  Returns 0, or -1 with err filled. */
int pakn_xls_sheet_open(struct pakn_xls *x, size_t i, struct pakn_error *err);
/* The next row of the sheet: 1, 0 at its end, -1 with err filled. */
int pakn_xls_next_row(struct pakn_xls *x, struct pakn_xlsx_row *row,
                      struct pakn_error *err);

/* Whether the bytes of an .xls file hold a workbook that starts with a
 * FILEPASS record (encrypted or obfuscated with a password): a workbook
 * globals BOF, BIFF5 or BIFF8, followed by record 0x002F. */
int pakn_xls_encrypted(const char *p, size_t n);

/* A number as a cell text: the shortest of %.15g, %.16g, %.17g that
 * reads back as v ("12", "3.25", "0.1").  out is NUL-terminated. */
void pakn_xls_number_text(double v, char out[32]);

/* libfreexl's date-time text "YYYY-MM-DD HH:MM:SS" as the ISO form
 * "YYYY-MM-DDTHH:MM:SS" (other texts are copied).  out holds 40 bytes. */
void pakn_xls_datetime_text(const char *s, char out[40]);

/* What a libfreexl error code means, for a message ("a corrupt OLE2
 * container", ...).  A static string. */
const char *pakn_xls_strerror(int code);

#endif
