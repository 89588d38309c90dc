/*
 * diag.c: messages and the rejects stream (see diag.h).
 */
#include "diag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "text.h"
#include "atomicfile.h"
#include "io.h"

#define SHOW_REJECTS 20

static const char *progname = "pakn";

void
pakn_setprogname(const char *argv0)
{
	const char *slash;

	if (argv0 == NULL || *argv0 == '\0')
		return;
	slash = strrchr(argv0, '/');
	progname = slash ? slash + 1 : argv0;
}

const char *
pakn_getprogname(void)
{
	return progname;
}

static void vwarn_at(const char *file, long line, long column, const char *fmt,
                     va_list ap) __attribute__((format(printf, 4, 0)));

static void
vwarn_at(const char *file, long line, long column, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", progname);
	if (file) {
		fprintf(stderr, "%s:", file);
		if (line > 0)
			fprintf(stderr, "%ld:", line);
		if (line > 0 && column > 0)
			fprintf(stderr, "%ld:", column);
		fputc(' ', stderr);
	}
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
pakn_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_at(NULL, 0, 0, fmt, ap);
	va_end(ap);
}

void
pakn_warn_at(const char *file, long line, long column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_at(file, line, column, fmt, ap);
	va_end(ap);
}

void
pakn_warn_error(const struct pakn_error *err)
{
	pakn_warn_at(err->source, err->line, err->column, "%s", err->text);
}

void
pakn_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_at(NULL, 0, 0, fmt, ap);
	va_end(ap);
	exit(status);
}

const char *
pakn_display_name(const char *path)
{
	return (path == NULL || strcmp(path, "-") == 0) ? "<stdin>" : path;
}

int
pakn_rejects_open(struct pakn_rejects *r, const char *path,
                  struct pakn_error *err)
{
	memset(r, 0, sizeof *r);
	if (path == NULL)
		return 0;
	r->fp = pakn_atomic_open(path, &r->tmp, err);
	if (r->fp == NULL)
		return -1;
	r->path = pakn_xstrdup(path);
	return 0;
}

/* Appends s as a JSON string, with each invalid UTF-8 byte as U+FFFD. */
static void
add_lossy_string(struct pakn_buf *b, const char *s, size_t n)
{
	struct pakn_buf clean = PAKN_BUF_INIT;
	size_t bad;

	while (n > 0) {
		if (pakn_utf8_valid(s, n, &bad)) {
			pakn_buf_add(&clean, s, n);
			break;
		}
		pakn_buf_add(&clean, s, bad);
		pakn_buf_adds(&clean, "\xef\xbf\xbd");
		s += bad + 1;
		n -= bad + 1;
	}
	pakn_buf_add_json_string(b, clean.data ? clean.data : "", clean.len);
	pakn_buf_release(&clean);
}

void
pakn_reject(struct pakn_rejects *r, const char *file, long line, long column,
            const char *format, const char *error, const char *input, size_t n)
{
	struct pakn_buf b = PAKN_BUF_INIT;

	r->count++;
	if (r->fp == NULL) {
		if (r->count <= SHOW_REJECTS)
			pakn_warn_at(file, line, column, "%s", error);
		return;
	}
	pakn_buf_adds(&b, "{\"error\":");
	pakn_buf_add_json_cstr(&b, error);
	pakn_buf_adds(&b, ",\"source\":{\"file\":");
	pakn_buf_add_json_cstr(&b, file);
	pakn_buf_addf(&b, ",\"line\":%ld", line);
	if (column > 0)
		pakn_buf_addf(&b, ",\"column\":%ld", column);
	pakn_buf_adds(&b, ",\"format\":");
	pakn_buf_add_json_cstr(&b, format);
	pakn_buf_adds(&b, "},\"input\":");
	add_lossy_string(&b, input, n);
	pakn_buf_adds(&b, "}\n");
	if (PAKN_FAULT(PAKN_FAULT_WRITE))
		r->write_errno = EIO;
	else if (fwrite(b.data, 1, b.len, r->fp) != b.len && !r->write_errno)
		r->write_errno = errno ? errno : EIO;
	pakn_buf_release(&b);
}

int
pakn_rejects_close(struct pakn_rejects *r, struct pakn_error *err)
{
	return pakn_rejects_end(r, 1, err);
}

int
pakn_rejects_end(struct pakn_rejects *r, int success, struct pakn_error *err)
{
	int rc = 0;

	if (r->fp == NULL && r->count > SHOW_REJECTS)
		pakn_warn(
		    "%lu more rejected records not shown (use --rejects FILE)",
		    r->count - SHOW_REJECTS);
	if (r->fp) {
		/* The message outlives r->path: it names the file from a copy
		 * that lives as long as r. */
		snprintf(r->errname, sizeof r->errname, "%s", r->path);
		if (!success) {
			pakn_atomic_abort(r->fp, r->tmp);
		} else if (r->write_errno) {
			pakn_atomic_abort(r->fp, r->tmp);
			rc = pakn_error_set(err, r->errname, 0, 0,
			                    "write error: %s",
			                    strerror(r->write_errno));
		} else {
			rc = pakn_atomic_commit(r->fp, r->tmp, r->errname, err);
		}
	}
	free(r->path);
	free(r->tmp);
	r->fp = NULL;
	r->path = r->tmp = NULL;
	return rc;
}

int
pakn_finish(struct pakn_out *out, struct pakn_rejects *rej,
            unsigned long rejected, int status)
{
	struct pakn_error err;
	int named = out->path != NULL;
	int rej_failed;

	rej_failed = pakn_rejects_end(rej, status != PAKN_EXIT_IO, &err) != 0;
	if (rej_failed) {
		pakn_warn_error(&err);
		status = PAKN_EXIT_IO;
	}
	if (pakn_out_close(out, status != PAKN_EXIT_IO || !named, &err) != 0) {
		pakn_warn_error(&err);
		status = PAKN_EXIT_IO;
	}
	if (out->epipe && !rej_failed)
		status = PAKN_EXIT_OK;
	if (status == PAKN_EXIT_OK && rejected > 0 && !out->epipe)
		status = PAKN_EXIT_REJECTS;
	return status;
}
