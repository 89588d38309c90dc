/*
 * rowrec.h: turning one row of an export (a CSV row, a JSON object) into
 * a PAKN record (RECORD.md), written as one JSON line.
 *
 * The columns of a file are mapped once, from their headers: --map and
 * profile mappings first (exact, then folded), then the built-in list of
 * columns.h; a second column for a key already taken goes to `extra`.
 * Each value of a row is then checked (valid text in the encoding),
 * trimmed, put in NFC with '\n' line breaks, and read as what its key
 * holds: dates in RFC 3339 (a due date without a time is due at 23:59:59),
 * labels as their enum value (an unknown label is "other", the label kept
 * in extra), phones normalised.  An unreadable optional date, a value for
 * a key already set and unmapped columns are kept in `extra`.
 *
 * A row needs a receipt date and a content.  A row without an id gets a
 * stable one, "h" and 16 hex digits derived from its values (the same row
 * gets the same id, whatever file or line it is in).  With dedupe set, a
 * second record of an id is dropped.
 *
 * The builder copies nothing it need not: a CSV field is borrowed until
 * the row is written, and a record is written straight into the output
 * buffer (PERFORMANCE.md).
 */
#ifndef PAKN_ROWREC_H
#define PAKN_ROWREC_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "columns.h"
#include "profile.h"
#include "when.h"

/* Room for a derived id, "h" + 16 hex digits + NUL. */
#define PAKN_ROWREC_ID_SIZE 18

/* A column of the input: its header and the key it fills. */
struct pakn_rowrec_column {
	char *header;    /* as in the file, NFC */
	int col;         /* enum pakn_col */
	const char *how; /* "built-in", "--map", "duplicate" */
	int repaired;    /* the header was not valid UTF-8 (or held a NUL):
	                    each bad byte became U+FFFD */
};

/* The rest is private to rowrec.c. */
#define PAKN_ROWREC_LABEL_CACHE 64
struct pakn_rowrec_labels {
	char *label[PAKN_ROWREC_LABEL_CACHE];
	const char *value[PAKN_ROWREC_LABEL_CACHE];
};

/*
 * A value of the row being built: borrowed (p: a CSV field as read, or a
 * static label, alive until the row is written) or copied into vals at
 * off (values made here: dates, phones, NFC text).
 */
struct pakn_rowrec_slot {
	const char *p;
	size_t n;
	size_t off;
	int set;
};

struct pakn_rowrec_extra {
	size_t header; /* column index */
	const char *p; /* borrowed, or NULL: the value is in vals */
	size_t off, n;
	int json; /* the value is raw JSON, not text */
};

struct pakn_rowrec {
	/* settings, from pakn_rowrec_init */
	enum pakn_date_order order;
	const struct pakn_profile *maps; /* --map and profile mappings */
	int dedupe;
	size_t max_value;  /* longest value of a row (0: any); set it after
	                      pakn_rowrec_init */
	const char *sheet; /* the sheet's name, for source.sheet (NULL: none;
	                      borrowed) */
	/* the columns of the file being read (read only) */
	struct pakn_rowrec_column *cols;
	size_t ncols;
	/* unreadable optional dates kept in extra, over all rows */
	unsigned long soft;
	/* private */
	struct pakn_rowrec_labels labels[PAKN_LABEL_COUNT];
	struct pakn_buf vals, tmp, tmp2, err;
	int beyond_status;        /* this row's status said beyond authority */
	size_t coord_replied_col; /* the column of coordination.replied_at */
	int coord_json;           /* coordination came as a JSON list */
	struct pakn_rowrec_slot slot[PAKN_COL_COUNT];
	struct pakn_rowrec_extra *extra;
	size_t nextra, capextra;
	uint64_t *seen; /* dedupe: open-addressing set of id hashes */
	size_t seen_cap, seen_n;
};

/* Readies r.  maps (borrowed, may be NULL) maps headers before the
 * built-in list; order reads numeric dates; dedupe drops repeated ids. */
void pakn_rowrec_init(struct pakn_rowrec *r, const struct pakn_profile *maps,
                      enum pakn_date_order order, int dedupe);
/* Frees what r holds. */
void pakn_rowrec_release(struct pakn_rowrec *r);

/* Forgets the columns, for the next file (the ids seen are kept). */
void pakn_rowrec_clear_columns(struct pakn_rowrec *r);
/*
 * Adds a column for header h[0..n) (trimmed, put in NFC) and returns its
 * index.  A header that is not valid UTF-8 is repaired (each bad byte, and
 * a NUL, becomes U+FFFD; its column says so), so that what is written is
 * always valid text.  A column going to extra under a header an earlier
 * column has there is named "HEADER (N)", N its column number, so that the
 * keys of extra differ.  csv: columns are positional, so a second column for a
 * key already taken goes to extra ("duplicate"); JSON keys are not (a second
 * value for a key goes to extra when it comes).
 */
size_t pakn_rowrec_add_column(struct pakn_rowrec *r, const char *h, size_t n,
                              int csv);
/* The column of a JSON key, added if it is new. */
size_t pakn_rowrec_json_column(struct pakn_rowrec *r, const char *key);

/*
 * Builds a row from CSV fields, field[i] of len[i] bytes for column i.
 * The fields are borrowed: they must stay unchanged until
 * pakn_rowrec_end.  Returns 0, or -1 when the row cannot become a record
 * (pakn_rowrec_error says why): a number of fields other than the
 * number of columns, a value that is not valid text or holds a NUL byte (a
 * NUL is never text: the row is rejected, never written as \u0000), a
 * value longer than max_value, a receipt date that cannot be read, ...
 */
int pakn_rowrec_take_csv(struct pakn_rowrec *r, const char *const *field,
                         const size_t *len, size_t n);
/*
 * Builds a row from a JSON object's members (adding columns as keys
 * appear).  A nested object is flattened one level with dotted names
 * ("submitter.phone") when every member maps to a record key; other
 * arrays and objects may only go to extra, as raw JSON.  Returns 0 or -1
 * as pakn_rowrec_take_csv.
 */
int pakn_rowrec_take_object(struct pakn_rowrec *r, json_t *obj);

/*
 * Builds a row from the JSON text[0..n), which must be one object.
 * Returns 0, or -1 as pakn_rowrec_take_csv; for text that is not JSON,
 * *line is the line of the error counted from the first line of the text
 * (0 for the first) and *column its column (both 0 otherwise).
 */
int pakn_rowrec_take_json(struct pakn_rowrec *r, const char *text, size_t n,
                          long *line, long *column);
/* Adds the columns of the keys of the JSON object text[0..n), if it is
 * one (for --list-columns). */
void pakn_rowrec_json_columns(struct pakn_rowrec *r, const char *text,
                              size_t n);

/*
 * The id of the row built: its id value (borrowed), or the stable id
 * derived from its values, written into buf.  Sets *n to its length.
 */
const char *pakn_rowrec_id(const struct pakn_rowrec *r,
                           char buf[PAKN_ROWREC_ID_SIZE], size_t *n);

/*
 * Ends the row built: appends the record, one JSON line, to out with
 * source {file, line, format}, and returns 0; or returns 1 (nothing
 * written) for a repeated id with dedupe set; or -1 (nothing written)
 * when a required key is missing (pakn_rowrec_error says why).
 */
int pakn_rowrec_end(struct pakn_rowrec *r, struct pakn_buf *out,
                    const char *file, long line, const char *format);

/* Why the last row could not become a record. */
const char *pakn_rowrec_error(const struct pakn_rowrec *r);

#endif
