/*
 * io.h: fast line input and block output for the filters.
 *
 * Input: a file or standard input read in large blocks and cut into lines
 * without copying; a decoder (encoding.h) may sit in between for legacy
 * encodings; a line longer than the cap is cut and flagged, never allowed
 * to take all memory.  Output: records are built straight into the output
 * buffer and written in blocks no larger than the pipe (enlarged to 1 MiB
 * when standard output is a pipe, so the next filter runs alongside);
 * `-o FILE` writes a temporary renamed on success.
 */
#ifndef PAKN_IO_H
#define PAKN_IO_H

#include <stddef.h>

#include "buf.h"
#include "pakn.h"

struct pakn_decoder;

struct pakn_in {
	int fd;
	int close_fd;
	const char *name;    /* for messages: the path or "<stdin>" */
	struct pakn_buf buf; /* lines are cut from buf.data[pos..len) */
	size_t pos;
	int eof;
	long line; /* physical line number of the last line read */
	size_t max_line;
	struct pakn_decoder *dec; /* borrowed; NULL for none */
	struct pakn_buf raw;      /* raw bytes read ahead while peeking */
	int skipping;             /* discarding the rest of a cut line */
	int eager; /* streaming (--line-buffered): pakn_in_peek returns once
	              a line has come, without waiting for `want` bytes */
};

/* Opens path (NULL or "-" = standard input).  0, or -1 with err filled. */
int pakn_in_open(struct pakn_in *in, const char *path, struct pakn_error *err);
void pakn_in_close(struct pakn_in *in);
/*
 * Reads ahead until `want` raw bytes are available (or end of input) and
 * shows them, before any line was taken: for sniffing encoding and format.
 * *complete says whether that is the whole input.  0, or -1 (read error).
 */
int pakn_in_peek(struct pakn_in *in, size_t want, const char **p, size_t *n,
                 int *complete, struct pakn_error *err);
/* Drops the first n peeked bytes (a byte-order mark). */
void pakn_in_drop_peeked(struct pakn_in *in, size_t n);
/* Decodes everything from here on (including what was peeked) with d
 * (borrowed).  Call before the first pakn_in_getline. */
void pakn_in_set_decoder(struct pakn_in *in, struct pakn_decoder *d);
/*
 * The next line, '\n' included if present (*len counts it).  The pointer is
 * valid until the next call.  Returns 1 for a line, 0 at end of input, -1
 * on a read or decoding error (err filled).  A line longer than max_line
 * comes back cut at max_line with *toolong set; its rest is skipped.
 */
int pakn_in_getline(struct pakn_in *in, const char **line, size_t *len,
                    int *toolong, struct pakn_error *err);
/*
 * The next line of a JSON-lines input that is not blank: its '\n' (and a
 * trailing '\r') removed, and a byte-order mark before the first line.
 * Returns and flags as pakn_in_getline.
 */
int pakn_in_next_jsonl(struct pakn_in *in, const char **line, size_t *len,
                       int *toolong, struct pakn_error *err);
/* Reads the whole remaining (decoded) input into out. */
int pakn_in_slurp(struct pakn_in *in, struct pakn_buf *out,
                  struct pakn_error *err);

struct pakn_out {
	int fd;
	char *path; /* -o FILE, or NULL for standard output */
	char *tmp;
	struct pakn_buf buf; /* build records here, then pakn_out_end_record */
	size_t block;
	int line_buffered;
	int epipe;  /* the reader went away: end quietly, status 0 */
	int failed; /* a write failed: status 3 */
	int saved_errno;
	char errname[4096]; /* the name an error of close points to */
};

/* Opens standard output or (path) a temporary beside path.  A closed pipe
 * ends the run quietly only when SIGPIPE is ignored: a program calls
 * pakn_cleanup_signals (pakn.h) first. */
int pakn_out_open(struct pakn_out *o, const char *path, int line_buffered,
                  struct pakn_error *err);
/* Call after appending one record (with its '\n') to o->buf: writes a block
 * when enough has gathered.  Returns 0, or -1 once the output is unusable
 * (o->epipe or o->failed says which). */
int pakn_out_end_record(struct pakn_out *o);
static inline int
pakn_out_ok(const struct pakn_out *o)
{
	return !o->epipe && !o->failed;
}
/* Writes what is left; with success renames the temporary over -o FILE,
 * without it removes the temporary.  0, or -1 with err filled (err->source
 * points into o, which must outlive the message). */
int pakn_out_close(struct pakn_out *o, int success, struct pakn_error *err);

#endif
