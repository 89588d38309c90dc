/*
 * pakn.c: the error filler and the allocation wrappers of pakn.h.
 */
#include "pakn.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
pakn_error_set(struct pakn_error *err, const char *source, long line,
               long column, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->source = source;
	err->line = line;
	err->column = column;
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof err->text, fmt, ap);
	va_end(ap);
	return -1;
}

static void
oom(size_t n)
{
	fprintf(stderr, "pakn: out of memory (%zu bytes)\n", n);
	exit(PAKN_EXIT_IO);
}

void *
pakn_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

void *
pakn_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom(n * size);
	return p;
}

void *
pakn_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		oom(n);
	return q;
}

char *
pakn_xstrdup(const char *s)
{
	return pakn_xstrndup(s, strlen(s));
}

char *
pakn_xstrndup(const char *s, size_t n)
{
	char *p = pakn_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
