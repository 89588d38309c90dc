/*
 * io.c: block input cut into lines, block output (see io.h).
 */
/* F_SETPIPE_SZ (Linux, <fcntl.h>): only with _GNU_SOURCE, defined before
 * the first header; the Makefile's -D_POSIX_C_SOURCE alone hides it. */
#define _GNU_SOURCE

#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "encoding.h"

#define READ_BLOCK (256 * 1024)
#define PIPE_SIZE (1024 * 1024)

int
pakn_in_open(struct pakn_in *in, const char *path, struct pakn_error *err)
{
	memset(in, 0, sizeof *in);
	in->max_line = 4 * PAKN_MAX_FIELD;
	if (path == NULL || strcmp(path, "-") == 0) {
		in->fd = 0;
		in->name = "<stdin>";
		return 0;
	}
	in->name = path;
	in->fd = PAKN_FAULT(PAKN_FAULT_OPEN) ? (errno = ENOENT, -1)
	                                     : open(path, O_RDONLY);
	if (in->fd < 0)
		return pakn_error_set(err, path, 0, 0, "cannot open: %s",
		                      strerror(errno));
	in->close_fd = 1;
#ifdef POSIX_FADV_SEQUENTIAL
	posix_fadvise(in->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	return 0;
}

void
pakn_in_close(struct pakn_in *in)
{
	if (in->close_fd)
		close(in->fd);
	pakn_buf_release(&in->buf);
	pakn_buf_release(&in->raw);
	in->close_fd = 0;
}

/* Reads up to n bytes into dst; returns the count, 0 at end, -1 on error. */
static ssize_t
read_some(struct pakn_in *in, char *dst, size_t n, struct pakn_error *err)
{
	ssize_t r;

	do
		r = PAKN_FAULT(PAKN_FAULT_READ) ? (errno = EIO, -1)
		                                : read(in->fd, dst, n);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		pakn_error_set(err, in->name, 0, 0, "read error: %s",
		               strerror(errno));
	return r;
}

int
pakn_in_peek(struct pakn_in *in, size_t want, const char **p, size_t *n,
             int *complete, struct pakn_error *err)
{
	ssize_t r;

	while (in->raw.len < want && !in->eof) {
		pakn_buf_grow(&in->raw, READ_BLOCK);
		r = read_some(in, in->raw.data + in->raw.len, READ_BLOCK, err);
		if (r < 0)
			return -1;
		if (r == 0)
			in->eof = 1;
		in->raw.len += (size_t)r;
		if (in->eager && r > 0 &&
		    memchr(in->raw.data, '\n', in->raw.len) != NULL)
			break;
	}
	*p = in->raw.data ? in->raw.data : "";
	*n = in->raw.len;
	*complete = in->eof;
	return 0;
}

void
pakn_in_drop_peeked(struct pakn_in *in, size_t n)
{
	if (n > in->raw.len)
		n = in->raw.len;
	if (n == 0)
		return;
	memmove(in->raw.data, in->raw.data + n, in->raw.len - n);
	in->raw.len -= n;
}

void
pakn_in_set_decoder(struct pakn_in *in, struct pakn_decoder *d)
{
	in->dec = d;
}

/*
 * Adds more text to in->buf: first what peeking read ahead, then new
 * blocks; through the decoder when there is one.  Returns 1 if text was
 * added, 0 at end of input, -1 on error.
 */
static int
fill(struct pakn_in *in, struct pakn_error *err)
{
	char *src;
	size_t n;
	ssize_t r;
	size_t before;

	/* Drop what was consumed, keep the partial line. */
	if (in->pos > 0) {
		memmove(in->buf.data, in->buf.data + in->pos,
		        in->buf.len - in->pos);
		in->buf.len -= in->pos;
		in->pos = 0;
	}
	for (;;) {
		before = in->buf.len;
		if (in->raw.len > 0) {
			src = in->raw.data;
			n = in->raw.len;
		} else if (in->eof) {
			if (in->dec) {
				/* Flush what the decoder holds back. */
				if (pakn_decoder_feed(in->dec, "", 0, 1,
				                      &in->buf, err) != 0)
					return -1;
				in->dec = NULL;
				if (in->buf.len > before)
					return 1;
			}
			return 0;
		} else {
			if (in->dec == NULL) {
				pakn_buf_grow(&in->buf, READ_BLOCK);
				r = read_some(in, in->buf.data + in->buf.len,
				              READ_BLOCK, err);
				if (r < 0)
					return -1;
				if (r == 0) {
					in->eof = 1;
					return 0;
				}
				in->buf.len += (size_t)r;
				in->buf.data[in->buf.len] = '\0';
				return 1;
			}
			pakn_buf_grow(&in->raw, READ_BLOCK);
			r = read_some(in, in->raw.data, READ_BLOCK, err);
			if (r < 0)
				return -1;
			if (r == 0) {
				in->eof = 1;
				continue;
			}
			in->raw.len = (size_t)r;
			src = in->raw.data;
			n = in->raw.len;
		}
		in->raw.len = 0;
		if (in->dec) {
			if (pakn_decoder_feed(in->dec, src, n, 0, &in->buf,
			                      err) != 0)
				return -1;
		} else {
			pakn_buf_add(&in->buf, src, n);
		}
		if (in->buf.len > before)
			return 1;
	}
}

/* Drops input up to and including the next '\n' (the rest of a cut line). */
static int
skip_rest(struct pakn_in *in, struct pakn_error *err)
{
	char *nl;
	int r;

	for (;;) {
		nl =
		    memchr(in->buf.data + in->pos, '\n', in->buf.len - in->pos);
		if (nl) {
			in->pos = (size_t)(nl - in->buf.data) + 1;
			in->skipping = 0;
			return 0;
		}
		in->pos = in->buf.len;
		r = fill(in, err);
		if (r <= 0) {
			in->skipping = 0;
			return r;
		}
	}
}

int
pakn_in_getline(struct pakn_in *in, const char **line, size_t *len,
                int *toolong, struct pakn_error *err)
{
	size_t scanned = 0, avail;
	char *nl;
	int r;

	*toolong = 0;
	if (in->skipping && skip_rest(in, err) < 0)
		return -1;
	for (;;) {
		avail = in->buf.len - in->pos;
		nl = avail > scanned ? memchr(in->buf.data + in->pos + scanned,
		                              '\n', avail - scanned)
		                     : NULL;
		if (nl &&
		    (size_t)(nl - (in->buf.data + in->pos)) <= in->max_line) {
			*line = in->buf.data + in->pos;
			*len = (size_t)(nl - *line) + 1;
			in->pos += *len;
			in->line++;
			return 1;
		}
		scanned = avail;
		/* A line over the cap, whole in the block or not: cut, and its
		 * rest skipped. */
		if (nl || avail >= in->max_line) {
			*toolong = 1;
			*line = in->buf.data + in->pos;
			*len = in->max_line;
			in->pos += in->max_line;
			in->line++;
			in->skipping = 1;
			return 1;
		}
		r = fill(in, err);
		if (r < 0)
			return -1;
		if (r == 0) {
			avail = in->buf.len - in->pos;
			if (avail == 0)
				return 0;
			*line = in->buf.data + in->pos;
			*len = avail;
			if (avail > in->max_line) { /* cut, as above */
				*toolong = 1;
				*len = in->max_line;
				in->skipping = 1;
			}
			in->pos += *len;
			in->line++;
			return 1;
		}
	}
}

int
pakn_in_next_jsonl(struct pakn_in *in, const char **line, size_t *len,
                   int *toolong, struct pakn_error *err)
{
	const char *p;
	size_t n, i;
	int r;

	while ((r = pakn_in_getline(in, &p, &n, toolong, err)) > 0) {
		if (in->line == 1 && n >= 3 &&
		    memcmp(p, "\xef\xbb\xbf", 3) == 0) {
			p += 3;
			n -= 3;
		}
		if (!*toolong) {
			if (n > 0 && p[n - 1] == '\n')
				n--;
			if (n > 0 && p[n - 1] == '\r')
				n--;
			for (i = 0; i < n; i++)
				if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
					break;
			if (i == n)
				continue;
		}
		*line = p;
		*len = n;
		return 1;
	}
	return r;
}

int
pakn_in_slurp(struct pakn_in *in, struct pakn_buf *out, struct pakn_error *err)
{
	int r;

	for (;;) {
		/* Nothing read yet: buf.data is NULL, and NULL + 0 is
		 * undefined. */
		if (in->buf.len > in->pos)
			pakn_buf_add(out, in->buf.data + in->pos,
			             in->buf.len - in->pos);
		in->pos = in->buf.len;
		r = fill(in, err);
		if (r < 0)
			return -1;
		if (r == 0)
			return 0;
	}
}

int
pakn_out_open(struct pakn_out *o, const char *path, int line_buffered,
              struct pakn_error *err)
{
	struct stat st;

	memset(o, 0, sizeof *o);
	o->line_buffered = line_buffered;
	o->block = 64 * 1024;
	if (path && strcmp(path, "-") != 0) {
		o->fd = pakn_atomic_open_fd(path, &o->tmp, err);
		if (o->fd < 0)
			return -1;
		o->path = pakn_xstrdup(path);
		o->block = PIPE_SIZE;
		return 0;
	}
	o->fd = 1;
	if (fstat(1, &st) == 0) {
		if (S_ISFIFO(st.st_mode)) {
#ifdef F_SETPIPE_SZ
			int sz = fcntl(1, F_SETPIPE_SZ, PIPE_SIZE);

			if (sz > 0)
				o->block = (size_t)sz;
#endif
		} else {
			o->block = PIPE_SIZE;
		}
	}
	return 0;
}

/* Writes all of buf; sets epipe or failed. */
static int
flush_out(struct pakn_out *o)
{
	size_t off = 0;
	ssize_t w;

	while (off < o->buf.len) {
		w = PAKN_FAULT(PAKN_FAULT_WRITE)
		        ? (errno = ENOSPC, -1)
		        : write(o->fd, o->buf.data + off, o->buf.len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EPIPE)
				o->epipe = 1;
			else
				o->failed = 1;
			o->saved_errno = errno;
			o->buf.len = 0;
			return -1;
		}
		off += (size_t)w;
	}
	o->buf.len = 0;
	return 0;
}

int
pakn_out_end_record(struct pakn_out *o)
{
	if (o->epipe || o->failed)
		return -1;
	if (o->buf.len >= o->block || o->line_buffered)
		return flush_out(o);
	return 0;
}

int
pakn_out_close(struct pakn_out *o, int success, struct pakn_error *err)
{
	/* err outlives o->path: messages name the file from a copy in o. */
	char *name = o->errname;
	int rc = 0;

	snprintf(name, sizeof o->errname, "%s", o->path ? o->path : "<stdout>");
	if (!o->epipe && !o->failed && o->buf.len > 0)
		flush_out(o);
	if (o->failed) {
		pakn_error_set(err, name, 0, 0, "write error: %s",
		               strerror(o->saved_errno));
		rc = -1;
	}
	if (o->path) {
		if (success && rc == 0)
			rc = pakn_atomic_commit_fd(o->fd, o->tmp, name, err);
		else
			pakn_atomic_abort_fd(o->fd, o->tmp);
	}
	free(o->path);
	free(o->tmp);
	pakn_buf_release(&o->buf);
	o->path = o->tmp = NULL;
	return rc;
}
