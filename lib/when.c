/*
 * when.c: the date parser and calendar arithmetic of when.h.  The parser
 * runs for several columns of every row, so it is one hand-written pass
 * over the bytes: no allocation, no sscanf, no locale.  The day-number
 * conversions are Howard Hinnant's days_from_civil and civil_from_days
 * (http://howardhinnant.github.io/date_algorithms.html), which are exact
 * for the proleptic Gregorian calendar and need no tables.
 */
#include "when.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Years pakn_time_parse accepts: wide enough for any case file. */
#define YEAR_MIN 1900
#define YEAR_MAX 2199

/* Excel's day 0 is 1899-12-31 for serials 1-59; from 61 on it is
 * 1899-12-30, because Excel counts a 1900-02-29 that never was. */
#define EXCEL_EPOCH_EARLY (-25568L) /* 1899-12-31 */
#define EXCEL_EPOCH_LATE (-25569L)  /* 1899-12-30 */
#define EXCEL_SERIAL_MAX 2958465L   /* 9999-12-31 */

/* Longest value quoted in an error message, in bytes. */
#define QUOTE_MAX 60

long
pakn_days_from_civil(int y, int m, int d)
{
	/* Years start in March, so the leap day ends a year; an era is the
	 * 400-year cycle, yoe the year of it, doy and doe the day of the
	 * year and of the era. */
	long yy = (long)y - (m <= 2);
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
pakn_civil_from_days(long days, int *y, int *m, int *d)
{
	long z = days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long mm = mp < 10 ? mp + 3 : mp - 9;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)mm;
	*y = (int)(yoe + era * 400 + (mm <= 2));
}

int
pakn_weekday(long days)
{
	/* 1970-01-01 was a Thursday (4). */
	long w = (days + 4) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

int
pakn_days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30,
	                            31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

long long
pakn_time_epoch(const struct pakn_time *t)
{
	return (long long)pakn_days_from_civil(t->year, t->month, t->day) *
	           86400 +
	       t->hour * 3600LL + t->min * 60LL + t->sec - t->offset_min * 60LL;
}

void
pakn_time_from_epoch(long long epoch, int offset_min, struct pakn_time *t)
{
	long long local = epoch + offset_min * 60LL;
	long long days = local / 86400, secs = local % 86400;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	pakn_civil_from_days((long)days, &t->year, &t->month, &t->day);
	t->hour = (int)(secs / 3600);
	t->min = (int)(secs / 60 % 60);
	t->sec = (int)(secs % 60);
	t->offset_min = offset_min;
	t->has_time = 1;
}

long
pakn_today_vn(void)
{
	long long local = (long long)time(NULL) + PAKN_VN_OFFSET_MIN * 60LL;
	long long days = local / 86400;

	if (local % 86400 < 0)
		days--;
	return (long)days;
}

/* Writes v (0-99) as two digits. */
static char *
put2(char *o, int v)
{
	*o++ = (char)('0' + v / 10 % 10);
	*o++ = (char)('0' + v % 10);
	return o;
}

size_t
pakn_time_format_str(const struct pakn_time *t, char out[PAKN_TIME_STRLEN])
{
	int off = t->offset_min, h = 0, mi = 0, s = 0;
	char *o = out;

	if (t->year >= 0 && t->year <= 9999) {
		o = put2(o, t->year / 100);
		o = put2(o, t->year % 100);
	} else {
		/* Only from pakn_time_from_epoch of an absurd epoch: not
		 * RFC 3339, but bounded (6 bytes at most). */
		int k = snprintf(o, 7, "%d", t->year);

		o += k < 0 ? 0 : k > 6 ? 6 : k;
	}
	*o++ = '-';
	o = put2(o, t->month);
	*o++ = '-';
	o = put2(o, t->day);
	if (t->has_time) {
		h = t->hour;
		mi = t->min;
		s = t->sec;
	}
	*o++ = 'T';
	o = put2(o, h);
	*o++ = ':';
	o = put2(o, mi);
	*o++ = ':';
	o = put2(o, s);
	*o++ = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	o = put2(o, off / 60);
	*o++ = ':';
	o = put2(o, off % 60);
	*o = '\0';
	return (size_t)(o - out);
}

size_t
pakn_moment_format(long long epoch, char out[PAKN_TIME_STRLEN])
{
	struct pakn_time t;

	pakn_time_from_epoch(epoch, PAKN_VN_OFFSET_MIN, &t);
	return pakn_time_format_str(&t, out);
}

void
pakn_time_format(const struct pakn_time *t, struct pakn_buf *out)
{
	char s[PAKN_TIME_STRLEN];
	size_t n = pakn_time_format_str(t, s);

	pakn_buf_add(out, s, n);
}

/*
 * The parser.  A cursor walks [p, end); each step either consumes what it
 * recognises and returns 0, or returns -1 and leaves the caller to report
 * the whole value.
 */
struct cur {
	const char *p, *end;
};

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Length of the whitespace at p: ASCII blanks, U+00A0, U+202F (which
 * recent ICU puts before AM/PM); 0 if none. */
static size_t
space_at(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t left = (size_t)(end - p);

	if (left == 0)
		return 0;
	if (u[0] == ' ' || u[0] == '\t' || u[0] == '\r' || u[0] == '\n')
		return 1;
	if (left >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (left >= 3 && u[0] == 0xe2 && u[1] == 0x80 && u[2] == 0xaf)
		return 3;
	return 0;
}

/* Length of the whitespace that ends [p, end), one character. */
static size_t
space_before(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *)end;
	size_t left = (size_t)(end - p);

	if (left >= 1 &&
	    (u[-1] == ' ' || u[-1] == '\t' || u[-1] == '\r' || u[-1] == '\n'))
		return 1;
	if (left >= 2 && u[-2] == 0xc2 && u[-1] == 0xa0)
		return 2;
	if (left >= 3 && u[-3] == 0xe2 && u[-2] == 0x80 && u[-1] == 0xaf)
		return 3;
	return 0;
}

/* Skips whitespace; returns how many bytes it skipped. */
static size_t
skip_spaces(struct cur *c)
{
	const char *start = c->p;
	size_t k;

	while ((k = space_at(c->p, c->end)) != 0)
		c->p += k;
	return (size_t)(c->p - start);
}

/* Reads min..max digits into *v; -1 if fewer than min.  A digit after
 * the max-th is left for the caller, which then fails on it. */
static int
digits(struct cur *c, int min, int max, int *v)
{
	int k = 0, x = 0;

	while (k < max && c->p < c->end && is_digit(*c->p)) {
		x = x * 10 + (*c->p++ - '0');
		k++;
	}
	*v = x;
	return k >= min ? 0 : -1;
}

static int
eat(struct cur *c, char ch)
{
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return 1;
	}
	return 0;
}

/*
 * A date: yyyy-mm-dd or yyyy/mm/dd (any order), or two 1-2 digit numbers
 * and a 4-digit year with '/', '-' or '.' (both separators the same), read
 * in `order`.  Only the syntax is checked here.
 */
static int
parse_date(struct cur *c, enum pakn_date_order order, struct pakn_time *t)
{
	const char *start = c->p;
	int a, b, y;
	char sep;

	if (digits(c, 1, 4, &a) != 0 || c->p == c->end)
		return -1;
	sep = *c->p;
	if (c->p - start == 4) {
		if (sep != '-' && sep != '/')
			return -1;
		c->p++;
		t->year = a;
		if (digits(c, 1, 2, &t->month) != 0 || !eat(c, sep))
			return -1;
		return digits(c, 1, 2, &t->day);
	}
	if (c->p - start > 2 || order == PAKN_YMD)
		return -1;
	if (sep != '/' && sep != '-' && sep != '.')
		return -1;
	c->p++;
	if (digits(c, 1, 2, &b) != 0 || !eat(c, sep))
		return -1;
	if (digits(c, 4, 4, &y) != 0)
		return -1; /* a two-digit year is ambiguous */
	t->year = y;
	t->month = order == PAKN_MDY ? a : b;
	t->day = order == PAKN_MDY ? b : a;
	return 0;
}

/* An AM/PM marker (AM, PM, SA, CH, any case) after optional spaces:
 * returns 1 for AM, 2 for PM, 0 (cursor unmoved) if there is none. */
static int
parse_ampm(struct cur *c)
{
	const char *save = c->p;
	int a, b, r = 0;

	skip_spaces(c);
	if (c->end - c->p >= 2) {
		a = lower((unsigned char)c->p[0]);
		b = lower((unsigned char)c->p[1]);
		if ((a == 'a' && b == 'm') || (a == 's' && b == 'a'))
			r = 1;
		else if ((a == 'p' && b == 'm') || (a == 'c' && b == 'h'))
			r = 2;
	}
	if (r == 0) {
		c->p = save;
		return 0;
	}
	c->p += 2;
	return r;
}

/* A zone after optional spaces (Z right after the time only): Z, +07:00,
 * +0700, +07, or a '-' offset.  Returns 1 if there was one, 0 (cursor
 * unmoved) if not, -1 if it began like a zone but was bad. */
static int
parse_zone(struct cur *c, struct pakn_time *t)
{
	const char *save = c->p;
	int sign, h, m = 0;

	if (c->p < c->end && (*c->p == 'Z' || *c->p == 'z')) {
		c->p++;
		t->offset_min = 0;
		return 1;
	}
	skip_spaces(c);
	if (c->end - c->p < 2 || (*c->p != '+' && *c->p != '-') ||
	    !is_digit(c->p[1])) {
		c->p = save;
		return 0;
	}
	sign = *c->p++ == '-' ? -1 : 1;
	if (digits(c, 2, 2, &h) != 0)
		return -1;
	if (eat(c, ':')) {
		if (digits(c, 2, 2, &m) != 0)
			return -1;
	} else if (c->p < c->end && is_digit(*c->p)) {
		if (digits(c, 2, 2, &m) != 0)
			return -1;
	}
	if (h > 23 || m > 59)
		return -1;
	t->offset_min = sign * (h * 60 + m);
	return 1;
}

/* A time: h:mm or hh:mm[:ss[.fraction]], an optional AM/PM marker, an
 * optional zone.  Checks the ranges of the 12-hour form only. */
static int
parse_time(struct cur *c, struct pakn_time *t)
{
	int ampm, dummy;

	if (digits(c, 1, 2, &t->hour) != 0 || !eat(c, ':') ||
	    digits(c, 2, 2, &t->min) != 0)
		return -1;
	if (eat(c, ':')) {
		if (digits(c, 2, 2, &t->sec) != 0)
			return -1;
		/* Fractional seconds: any number of digits, dropped. */
		if (eat(c, '.')) {
			if (c->p == c->end || !is_digit(*c->p))
				return -1;
			while (digits(c, 1, 9, &dummy) == 0)
				;
		}
	}
	ampm = parse_ampm(c);
	if (ampm != 0) {
		if (t->hour < 1 || t->hour > 12)
			return -1;
		if (t->hour == 12)
			t->hour = 0;
		if (ampm == 2)
			t->hour += 12;
	}
	t->has_time = 1;
	return parse_zone(c, t) < 0 ? -1 : 0;
}

/* What separates a date and a time: spaces, a comma, or both; with
 * allow_t also a single 'T'.  -1 if there is nothing. */
static int
parse_sep(struct cur *c, int allow_t)
{
	size_t k;

	if (allow_t && c->p < c->end && (*c->p == 'T' || *c->p == 't')) {
		c->p++;
		return 0;
	}
	k = skip_spaces(c);
	if (eat(c, ','))
		k += 1 + skip_spaces(c);
	return k > 0 ? 0 : -1;
}

/*
 * An Excel serial day number: integer digits (at most 7) and an optional
 * fraction of a day after '.' or ','.  The caller has checked the shape.
 */
static int
parse_serial(struct cur *c, struct pakn_time *t)
{
	long long frac = 0, scale = 1, secs;
	long serial = 0, days;

	while (c->p < c->end && is_digit(*c->p))
		serial = serial * 10 + (*c->p++ - '0');
	if (serial < 1 || serial > EXCEL_SERIAL_MAX || serial == 60)
		return -1;
	days = serial < 60 ? EXCEL_EPOCH_EARLY + serial
	                   : EXCEL_EPOCH_LATE + serial;
	if (c->p < c->end) {
		c->p++; /* '.' or ',' */
		/* 12 digits resolve 86 ns: more cannot change the second. */
		for (; c->p < c->end; c->p++) {
			if (scale < 1000000000000LL) {
				frac = frac * 10 + (*c->p - '0');
				scale *= 10;
			}
		}
		secs = (frac * 86400 + scale / 2) / scale;
		if (secs == 86400) {
			secs = 0;
			days++;
		}
		t->hour = (int)(secs / 3600);
		t->min = (int)(secs / 60 % 60);
		t->sec = (int)(secs % 60);
		t->has_time = 1;
	}
	pakn_civil_from_days(days, &t->year, &t->month, &t->day);
	return 0;
}

/*
 * Which form the value starting at c has, from its first digit run and
 * what follows: 's' an Excel serial, 't' a time first, 'd' a date first,
 * 0 none.
 */
static int
classify(const struct cur *c)
{
	const char *p = c->p, *q;
	size_t k;

	while (p < c->end && is_digit(*p))
		p++;
	k = (size_t)(p - c->p);
	if (k == 0)
		return 0;
	if (p == c->end)
		return k <= 7 ? 's' : 0;
	if (*p == ':')
		return k <= 2 ? 't' : 0;
	if ((*p == '.' || *p == ',') && k <= 7) {
		for (q = p + 1; q < c->end && is_digit(*q); q++)
			;
		if (q == c->end && q > p + 1)
			return 's';
	}
	return 'd';
}

/* The range checks every parsed value passes. */
static int
valid(const struct pakn_time *t)
{
	return t->year >= YEAR_MIN && t->year <= YEAR_MAX && t->month >= 1 &&
	       t->month <= 12 && t->day >= 1 &&
	       t->day <= pakn_days_in_month(t->year, t->month) &&
	       t->hour >= 0 && t->hour <= 23 && t->min >= 0 && t->min <= 59 &&
	       t->sec >= 0 && t->sec <= 59;
}

/* Fills err with "cannot read date '<s>'<tail>": s cut at QUOTE_MAX bytes
 * on a UTF-8 boundary, control characters shown as '?'.  Returns -1. */
static int
fail(struct pakn_error *err, const char *s, size_t n, const char *tail)
{
	char q[QUOTE_MAX + 4];
	size_t i, k = n;

	if (err == NULL)
		return -1;
	if (k > QUOTE_MAX) {
		k = QUOTE_MAX;
		while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
			k--;
	}
	for (i = 0; i < k; i++)
		q[i] =
		    ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? '?' : s[i];
	if (k < n) {
		memcpy(q + k, "...", 3);
		k += 3;
	}
	q[k] = '\0';
	return pakn_error_set(err, NULL, 0, 0, "cannot read date '%s'%s", q,
	                      tail);
}

int
pakn_time_parse(const char *s, size_t n, enum pakn_date_order order,
                struct pakn_time *t, struct pakn_error *err)
{
	struct cur c;
	const char *b, *e;
	size_t k;
	int r;

	if (n == 0) /* s may be NULL: no arithmetic on it */
		return fail(err, "", 0, "");
	c.p = s;
	c.end = s + n;
	while ((k = space_at(c.p, c.end)) != 0)
		c.p += k;
	while ((k = space_before(c.p, c.end)) != 0)
		c.end -= k;
	b = c.p;
	e = c.end;
	memset(t, 0, sizeof *t);
	t->offset_min = PAKN_VN_OFFSET_MIN;
	switch (classify(&c)) {
	case 's': r = parse_serial(&c, t); break;
	case 't':
		r = parse_time(&c, t);
		if (r == 0)
			r = parse_sep(&c, 0);
		if (r == 0)
			r = parse_date(&c, order, t);
		break;
	case 'd':
		r = parse_date(&c, order, t);
		if (r == 0 && c.p < c.end) {
			r = parse_sep(&c, 1);
			if (r == 0)
				r = parse_time(&c, t);
		}
		break;
	default: r = -1;
	}
	if (r != 0 || c.p != c.end || !valid(t))
		return fail(err, b, (size_t)(e - b), "");
	return 0;
}

int
pakn_date_parse_iso(const char *s, long *days, struct pakn_error *err)
{
	size_t n = strlen(s);
	struct cur c = {s, s + n};
	struct pakn_time t;

	memset(&t, 0, sizeof t);
	if (n != 10 || digits(&c, 4, 4, &t.year) != 0 || !eat(&c, '-') ||
	    digits(&c, 2, 2, &t.month) != 0 || !eat(&c, '-') ||
	    digits(&c, 2, 2, &t.day) != 0 || !valid(&t))
		return fail(err, s, n, " (expected YYYY-MM-DD)");
	*days = pakn_days_from_civil(t.year, t.month, t.day);
	return 0;
}

/* ---- the record dates' reader -------------------------------------- */

/* Two digits at s, or -1. */
static int
two_digits(const char *s)
{
	unsigned a = (unsigned char)s[0] - '0', b = (unsigned char)s[1] - '0';

	return a > 9 || b > 9 ? -1 : (int)(a * 10 + b);
}

/* Exactly YYYY-MM-DDTHH:MM:SS+HH:MM: 0 and *at, or -1 (not this form, or
 * out of range: let pakn_time_parse decide and say why). */
static int
moment_fast(struct pakn_daycache *dc, const char *s, long long *at)
{
	int y1, y2, y, mo, d, h, mi, se, oh, om, off;
	unsigned k;
	long day;

	if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':' || (s[19] != '+' && s[19] != '-') || s[22] != ':')
		return -1;
	h = two_digits(s + 11);
	mi = two_digits(s + 14);
	se = two_digits(s + 17);
	oh = two_digits(s + 20);
	om = two_digits(s + 23);
	if (h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59 ||
	    oh < 0 || oh > 23 || om < 0 || om > 59)
		return -1;
	y1 = two_digits(s);
	y2 = two_digits(s + 2);
	mo = two_digits(s + 5);
	d = two_digits(s + 8);
	if (y1 < 19 || y1 > 21 || y2 < 0 || mo < 1 || mo > 12 || d < 1)
		return -1;
	y = y1 * 100 + y2;
	k = (unsigned)(d + 31 * mo + 372 * y2) & 255;
	if (dc && memcmp(s, dc->slot[k].date, 10) == 0) {
		day = dc->slot[k].day;
	} else {
		if (d > pakn_days_in_month(y, mo))
			return -1;
		day = pakn_days_from_civil(y, mo, d);
		if (dc) {
			memcpy(dc->slot[k].date, s, 10);
			dc->slot[k].day = day;
		}
	}
	off = (oh * 60 + om) * (s[19] == '-' ? -1 : 1);
	*at = (long long)day * 86400 + h * 3600LL + mi * 60LL + se - off * 60LL;
	return 0;
}

int
pakn_moment_parse(struct pakn_daycache *dc, const char *s, size_t n,
                  long long *at, int *date_only, struct pakn_error *err)
{
	struct pakn_time t;

	if (n == 25 && moment_fast(dc, s, at) == 0) {
		*date_only = 0;
		return 0;
	}
	if (pakn_time_parse(s, n, PAKN_DMY, &t, err) != 0)
		return -1;
	*at = pakn_time_epoch(&t);
	*date_only = !t.has_time;
	return 0;
}
