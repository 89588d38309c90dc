/*
 * buf.c: the growable buffer and the JSON string writer (see buf.h).
 */
#include "buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pakn.h"

void
pakn_buf_release(struct pakn_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void
pakn_buf_grow(struct pakn_buf *b, size_t n)
{
	size_t need = b->len + n + 1, cap;

	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	b->data = pakn_xrealloc(b->data, cap);
	b->cap = cap;
}

void
pakn_buf_add(struct pakn_buf *b, const void *p, size_t n)
{
	pakn_buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
pakn_buf_adds(struct pakn_buf *b, const char *s)
{
	pakn_buf_add(b, s, strlen(s));
}

void
pakn_buf_add_ulong(struct pakn_buf *b, unsigned long v)
{
	char tmp[24];
	size_t i = sizeof tmp;

	do
		tmp[--i] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	pakn_buf_add(b, tmp + i, sizeof tmp - i);
}

void
pakn_buf_addf(struct pakn_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	pakn_buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* Which bytes need an escape: the controls, '"' and '\\'. */
static const char needs_escape[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,          1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,          0, 0,
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ['\\'] = 1,
};

void
pakn_buf_add_json_string(struct pakn_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	const unsigned char *run;
	char *o;

	/* Worst case 6 bytes per input byte, plus the quotes. */
	pakn_buf_grow(b, n * 6 + 2);
	o = b->data + b->len;
	*o++ = '"';
	while (p < end) {
		run = p;
		/* Eight bytes at a time while none is a control, '"' or '\\'.
		 */
		while (end - p >= 8) {
			uint64_t w, lo, q, bs;

			memcpy(&w, p, 8);
			lo = (w - 0x2020202020202020ull) & ~w;
			q = w ^ 0x2222222222222222ull;
			q = (q - 0x0101010101010101ull) & ~q;
			bs = w ^ 0x5c5c5c5c5c5c5c5cull;
			bs = (bs - 0x0101010101010101ull) & ~bs;
			if ((lo | q | bs) & 0x8080808080808080ull)
				break;
			p += 8;
		}
		while (p < end && !needs_escape[*p])
			p++;
		memcpy(o, run, (size_t)(p - run));
		o += p - run;
		if (p == end)
			break;
		*o++ = '\\';
		switch (*p) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '\n': *o++ = 'n'; break;
		case '\r': *o++ = 'r'; break;
		case '\t': *o++ = 't'; break;
		case '\b': *o++ = 'b'; break;
		case '\f': *o++ = 'f'; break;
		default:
			*o++ = 'u';
			*o++ = '0';
			*o++ = '0';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
		p++;
	}
	*o++ = '"';
	b->len = (size_t)(o - b->data);
	b->data[b->len] = '\0';
}

void
pakn_buf_add_json_cstr(struct pakn_buf *b, const char *s)
{
	pakn_buf_add_json_string(b, s, strlen(s));
}
