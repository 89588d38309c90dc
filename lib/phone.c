/*
 * phone.c: the phone normaliser of phone.h.  One pass collects the digits
 * and rejects anything that is not a separator; the country code and the
 * lost leading 0 are then fixed on the digits alone.
 */
#include "phone.h"

#include <string.h>

/* E.164 allows 15 digits; anything longer is not one number. */
#define MAX_DIGITS 15

int
pakn_phone_normalize(const char *s, size_t n, char out[PAKN_PHONE_SIZE])
{
	const unsigned char *p, *end;
	char d[MAX_DIGITS + 1];
	const char *rest;
	size_t k = 0, len;
	int plus = 0;

	out[0] = '\0';
	if (n == 0) /* s may be NULL: no arithmetic on it */
		return -1;
	p = (const unsigned char *)s;
	end = p + n;
	for (; p < end; p++) {
		if (*p >= '0' && *p <= '9') {
			if (k == MAX_DIGITS)
				return -1;
			d[k++] = (char)*p;
		} else if (*p == '+' && k == 0 && !plus) {
			plus = 1;
		} else if (*p == 0xc2 && p + 1 < end && p[1] == 0xa0) {
			p++; /* U+00A0, as Excel and web exports write it */
		} else if (*p != ' ' && *p != '\t' && *p != '.' && *p != '-' &&
		           *p != '(' && *p != ')') {
			return -1;
		}
	}
	d[k] = '\0';
	rest = d;
	len = k;
	if (!plus && len >= 2 && d[0] == '0' && d[1] == '0') {
		plus = 1; /* 0084: the international prefix */
		rest += 2;
		len -= 2;
	}
	if (plus ||
	    (len >= 11 && len <= 12 && rest[0] == '8' && rest[1] == '4')) {
		if (len < 2 || rest[0] != '8' || rest[1] != '4')
			return -1; /* not Vietnam */
		rest += 2;
		len -= 2;
		if (len > 0 && rest[0] == '0') {
			rest++; /* "+84 0912...": a common slip */
			len--;
		}
	} else if (len == 11 || len == 10) {
		if (rest[0] == '0') {
			rest++; /* already domestic */
			len--;
		} else if (len == 11 || rest[0] != '2') {
			return -1;
		}
	} else if (len != 9 || rest[0] == '0') {
		return -1;
	}
	/* rest is now the number without its leading 0. */
	if (len < 9 || len > 10 || rest[0] == '0')
		return -1;
	out[0] = '0';
	memcpy(out + 1, rest, len);
	out[len + 1] = '\0';
	return 0;
}
