/*
 * buf.h: a growable byte buffer, and the JSON writers that append to one.
 * Programs build each output record in a buffer and write it in blocks;
 * the buffer is reused from record to record, so the hot path allocates
 * only while a buffer is still growing.
 */
#ifndef PAKN_BUF_H
#define PAKN_BUF_H

#include <stddef.h>
#include <stdio.h>

struct pakn_buf {
	char *data; /* always NUL-terminated when len < cap */
	size_t len;
	size_t cap;
};

#define PAKN_BUF_INIT                                                          \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

void pakn_buf_release(struct pakn_buf *b);
/* Makes room for n more bytes (plus a NUL). */
void pakn_buf_grow(struct pakn_buf *b, size_t n);
static inline void
pakn_buf_reset(struct pakn_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}
void pakn_buf_add(struct pakn_buf *b, const void *p, size_t n);
void pakn_buf_adds(struct pakn_buf *b, const char *s);
/* One byte: inline, it is on every program's hot path. */
static inline void
pakn_buf_addc(struct pakn_buf *b, char c)
{
	if (b->len + 2 > b->cap)
		pakn_buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}
/* A non-negative whole number in decimal. */
void pakn_buf_add_ulong(struct pakn_buf *b, unsigned long v);
void pakn_buf_addf(struct pakn_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Appends s (n bytes of valid UTF-8) as a JSON string with its quotes:
 * '"', '\\' and control characters escaped, everything else raw UTF-8
 * (Vietnamese stays readable).  The caller validates UTF-8 first.
 */
void pakn_buf_add_json_string(struct pakn_buf *b, const char *s, size_t n);
/* The same for a NUL-terminated string. */
void pakn_buf_add_json_cstr(struct pakn_buf *b, const char *s);

#endif
