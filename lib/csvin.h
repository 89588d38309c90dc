/*
 * csvin.h: reading CSV exports with libcsv, row by row, with the physical
 * line each row starts on (right even after quoted newlines), its raw text
 * for the rejects stream, and broken rows (unterminated quote, stray
 * quote, a field over the size cap) reported as rows with an error instead
 * of ending the run.  A bare CR ends a row (outside quotes) like a line
 * end; the row after it starts on the same line.  Input comes through io.h, so
 * BOM, encodings and CRLF are already dealt with; libcsv handles quoting and
 * quoted newlines.
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
/*
 * Sets the number of fields of a row (the header's; 0, the default, for
 * unknown).  With it set, a stray quote costs at most its own row: when a
 * quoted field would swallow the rows after it (it goes on past the end
 * of its line, the row it makes is broken, and one of the next 8 lines
 * reads on its own as a complete row with that number of fields; or the
 * row only has another number of fields and one of the lines it swallowed
 * whole reads so), the row ends at its line, broken ("unterminated
 * quote: ..."), and the lines after it are read as rows of their own.
 */
void pakn_csv_set_fields(struct pakn_csv *c, size_t n);
/* The next row: 1, 0 at the end, -1 on an input error (err filled). */
int pakn_csv_next(struct pakn_csv *c, struct pakn_csv_row *row,
                  struct pakn_error *err);

#endif
