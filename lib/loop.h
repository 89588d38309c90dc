/*
 * loop.h: the input loop every JSON-lines filter shares: read a file (or
 * standard input) line by line, reject a line over the size cap or one
 * that is not a JSON object (with its line and column), and hand each
 * scanned record to the program.  Counts what it read and rejected, and
 * stops when the output has failed (a closed pipe, a full disk).
 */
#ifndef PAKN_LOOP_H
#define PAKN_LOOP_H

#include "diag.h"
#include "io.h"
#include "record.h"

struct pakn_loop {
	struct pakn_record rec;   /* the record being handled */
	struct pakn_rejects *rej; /* borrowed */
	struct pakn_out *out;     /* borrowed, or NULL */
	const char *name;         /* the file being read, for messages */
	size_t max_line;          /* 0: io.h's default cap */
	unsigned long read, rejected;
};

/* One scanned record (in L->rec) of file `name`, at line `line`, whose
 * text is line_text (len bytes). */
typedef void (*pakn_loop_fn)(void *arg, struct pakn_loop *L, long line,
                             const char *line_text, size_t len);

void pakn_loop_init(struct pakn_loop *L, struct pakn_rejects *rej,
                    struct pakn_out *out);
void pakn_loop_release(struct pakn_loop *L);

/* Reads path (NULL or "-": standard input).  0, or -1 if the file could
 * not be opened or read (the message is printed). */
int pakn_loop_file(struct pakn_loop *L, const char *path, pakn_loop_fn fn,
                   void *arg);

/* Rejects a record of the file being read, and counts it. */
void pakn_loop_reject(struct pakn_loop *L, long line, long column,
                      const char *reason, const char *line_text, size_t len);

#endif
