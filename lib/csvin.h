/*
 * csvin.h: reading CSV exports with libcsv, row by row, with the physical
 * line each row starts on (right even after quoted newlines), its raw text
 * for the rejects stream, and broken rows (unterminated quote, stray
 * quote, a field over the size cap) reported as rows with an error instead
 * of ending the run.  Input comes through io.h, so BOM, encodings and CRLF
 * are already dealt with; libcsv handles quoting and quoted newlines.
 */
#ifndef PAKN_CSVIN_H
#define PAKN_CSVIN_H

#include <stddef.h>

#include "io.h"
#include "pakn.h"

struct pakn_csv_row {
	size_t nfields;
	const char **field; /* borrowed, valid until the next call */
	const size_t *len;
	long line; /* first physical line of the row */
	long last_line;
	const char *raw; /* the row as read (may be cut for rejects) */
	size_t rawlen;
	const char *error; /* NULL, or why the row is broken */
	long column;       /* byte column of the error in its line */
	long error_line;
};

struct pakn_csv;

/* A reader over in (borrowed) with the given delimiter; fields longer than
 * max_field bytes make their row broken.  Readers share no state: several
 * may be open at once, each with its own cap. */
struct pakn_csv *pakn_csv_new(struct pakn_in *in, char delim, size_t max_field);
void pakn_csv_free(struct pakn_csv *c);
/* The next row: 1, 0 at the end, -1 on an input error (err filled). */
int pakn_csv_next(struct pakn_csv *c, struct pakn_csv_row *row,
                  struct pakn_error *err);

#endif
