/*
 * phone.h: Vietnamese phone numbers in the one form the records carry,
 * the domestic 0xxxxxxxxx, whatever way an export wrote them (+84, 84,
 * 0084, spaces, dots, dashes, parentheses, or a leading 0 that Excel
 * dropped).
 */
#ifndef PAKN_PHONE_H
#define PAKN_PHONE_H

#include <stddef.h>

/* Room pakn_phone_normalize needs, NUL included. */
#define PAKN_PHONE_SIZE 16

/*
 * Normalises n bytes of s to the domestic form in out (NUL-terminated):
 * spaces (also U+00A0), tabs, dots, dashes and parentheses are removed; a
 * country code +84 or 0084, or a bare 84 on 11 or 12 digits, becomes 0 (a 0
 * written after it, as in "+84 0912...", is dropped); 9 digits not starting
 * with 0 get the 0 Excel dropped ("912345678"), as do 10 digits starting with 2
 * (a landline). Returns 0 if the result is plausible: 10 digits (mobile) or 11
 * (landline, or an old 01xx mobile, kept as it is), starting with 0 but not 00.
 * Otherwise returns -1 with out set to "" (the caller keeps the original
 * text): letters, a foreign country code, too few or too many digits, two
 * numbers in one field.
 */
int pakn_phone_normalize(const char *s, size_t n, char out[PAKN_PHONE_SIZE]);

#endif
