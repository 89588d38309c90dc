/*
 * diag.h: how a pakn program talks to its user: the message format
 * `PROGRAM: FILE:LINE[:COLUMN]: message` of CLI.md, and the rejects stream
 * (a bad record never stops a run: it is written to --rejects FILE as a JSON
 * line, or the first 20 are described on standard error, then counted).
 *
 * This is the one module of lib/ that prints, and only to standard error or
 * to the rejects file the caller named; programs call it, modules do not.
 */
#ifndef PAKN_DIAG_H
#define PAKN_DIAG_H

#include <stddef.h>
#include <stdio.h>

#include "pakn.h"

/* Sets the program name used in messages (basename of argv[0]). */
void pakn_setprogname(const char *argv0);
const char *pakn_getprogname(void);

/* `PROGRAM: message` on standard error. */
void pakn_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* `PROGRAM: FILE:LINE[:COLUMN]: message`; line/column 0 are left out. */
void pakn_warn_at(const char *file, long line, long column, const char *fmt,
                  ...) __attribute__((format(printf, 4, 5)));
/* Prints a pakn_error in the same form. */
void pakn_warn_error(const struct pakn_error *err);
/* pakn_warn, then exit(status). */
void pakn_die(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

/*
 * The rejects stream.  `path` NULL: describe the first 20 on standard
 * error.  Otherwise each reject is a JSON line
 * {"error": ..., "source": {"file", "line", "format"}, "input": ...}.
 */
struct pakn_rejects {
	FILE *fp;
	char *path;
	char *tmp;
	unsigned long count;
	int write_errno;    /* a write failed with this error; 0 for none */
	char errname[4096]; /* the name an error of close points to */
};

/* Opens the stream (the file is written to a temporary beside it and
 * renamed by pakn_rejects_close).  Returns 0, or -1 with err filled. */
int pakn_rejects_open(struct pakn_rejects *r, const char *path,
                      struct pakn_error *err);
/*
 * Records one rejected record: `input` is its raw text (n bytes; invalid
 * UTF-8 is written as U+FFFD), `format` "csv", "jsonl", "json".
 */
void pakn_reject(struct pakn_rejects *r, const char *file, long line,
                 long column, const char *format, const char *error,
                 const char *input, size_t n);
/* Says how many were not shown; closes and renames the file.  Returns 0 or
 * -1 (write error, err filled; err->source points into r, which must
 * outlive the message). */
int pakn_rejects_close(struct pakn_rejects *r, struct pakn_error *err);
/* The same; without success the file is not replaced (its temporary is
 * removed), as an -o FILE of a failed run. */
int pakn_rejects_end(struct pakn_rejects *r, int success,
                     struct pakn_error *err);

struct pakn_out;

/*
 * The end of a filter's run: closes the rejects stream and the output (an
 * -o FILE is renamed into place unless the run failed with an I/O error,
 * writing the rejects included), reports what went wrong, and returns the exit
 * status: status as given, 3 if closing failed, 0 if the reader went away (a
 * closed pipe), 1 if records were rejected and all else went well.
 */
int pakn_finish(struct pakn_out *out, struct pakn_rejects *rej,
                unsigned long rejected, int status);

/* The name messages use for a file argument: "<stdin>" for NULL or "-". */
const char *pakn_display_name(const char *path);

#endif
