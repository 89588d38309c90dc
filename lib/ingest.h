/*
 * ingest.h: one input file of pakn-ingest, read into records: its
 * encoding, format and delimiter found (sniff.h), then each CSV row, JSON
 * line, element of a JSON array or row of an .xlsx sheet (xlsx.h; the
 * header is the first row within the first 10 that maps at least 2 known
 * columns, so that a title block above it is skipped, unless --skip-rows
 * says where it is) turned into a record (rowrec.h) and
 * written, or rejected with its file, line and reason.  Every row read is
 * counted once: written, rejected or dropped as a duplicate.
 */
#ifndef PAKN_INGEST_H
#define PAKN_INGEST_H

#include <stddef.h>

#include "diag.h"
#include "encoding.h"
#include "io.h"
#include "rowrec.h"
#include "sniff.h"

struct pakn_ingest {
	/* settings: what the user gave (0s: detect) */
	enum pakn_input_format format;
	char delimiter;
	enum pakn_encoding encoding;
	size_t max_field; /* longest field, and value of a JSON row */
	int verbose;      /* say the encoding and format of each file */
	int list_columns; /* print the columns of each file, read no rows */
	/* .xlsx workbooks */
	const char *sheet; /* --sheet NAME|N (NULL: the first) */
	int list_sheets;   /* print the sheets of each workbook, read none */
	long skip_rows;    /* rows above the header (0: detect a title
	                      block in the first 10 rows) */
	/* where records and rejects go (borrowed) */
	struct pakn_out *out;
	struct pakn_rejects *rej;
	/* the row builder (set up by the caller with pakn_rowrec_init) */
	struct pakn_rowrec rr;
	/* counts over all the files read */
	unsigned long read, written, rejected, dropped;
	/* private */
	const char *fname;
};

enum {
	PAKN_INGEST_OK = 0,
	PAKN_INGEST_IO = -1,       /* cannot open or read (said on stderr) */
	PAKN_INGEST_HEADER = -2,   /* a CSV header that cannot be read */
	PAKN_INGEST_NOT_TEXT = -3, /* a binary, zip or office file that
	                              cannot be read, or a corrupt .xlsx */
};

/* Reads path (NULL or "-": standard input).  Messages go to stderr.
 * Returns one of the values above. */
int pakn_ingest_file(struct pakn_ingest *g, const char *path);

#endif
