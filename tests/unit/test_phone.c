/*
 * test_phone.c: unit tests of lib/phone.c: the ways Vietnamese exports
 * write a phone number, each to its domestic form, and the values that
 * are not one Vietnamese number (left to the caller as they were).
 */
#include <string.h>

#include "phone.h"

#include "unit.h"

static const struct {
	const char *in;
	const char *want; /* NULL: rejected */
} cases[] = {
    /* Mobiles. */
    {"0912345678", "0912345678"},
    {"0912 345 678", "0912345678"},
    {"0912.345.678", "0912345678"},
    {"0912-345-678", "0912345678"},
    {"(0912) 345 678", "0912345678"},
    {"+84 912 345 678", "0912345678"},
    {"+84912345678", "0912345678"},
    {"84912345678", "0912345678"},
    {"84 912 345 678", "0912345678"},
    {"(+84) 912.345.678", "0912345678"},
    {"(+84)912345678", "0912345678"},
    {"+84 (0) 912 345 678", "0912345678"},
    {"+84 0912 345 678", "0912345678"},
    {"840912345678", "0912345678"},
    {"0084 912 345 678", "0912345678"},
    {"912345678", "0912345678"},
    {"912 345 678", "0912345678"},
    {"  0912345678  ", "0912345678"},
    {"\t0912345678\t", "0912345678"},
    {"0912\xc2\xa0"
     "345\xc2\xa0"
     "678",
     "0912345678"},
    {"0387654321", "0387654321"},
    {"+84 387 654 321", "0387654321"},
    /* Landlines with an area code: 0 and 10 digits. */
    {"024 3825 1234", "02438251234"},
    {"(024) 3825-1234", "02438251234"},
    {"+84 24 3825 1234", "02438251234"},
    {"842438251234", "02438251234"},
    {"0211 3862 123", "02113862123"},
    {"2438251234", "02438251234"},
    /* Old 11-digit mobiles stay as they are. */
    {"01234567890", "01234567890"},
    {"0168 123 4567", "01681234567"},
    {"+84 168 123 4567", "01681234567"},
    /* Not one Vietnamese number. */
    {"abc", NULL},
    {"123", NULL},
    {"", NULL},
    {"   ", NULL},
    {"+", NULL},
    {"+84", NULL},
    {"+1 555 1234", NULL},
    {"+1 555 123 4567", NULL},
    {"+33 1 23 45 67 89", NULL},
    {"0033 1 23 45 67 89", NULL},
    {"+8491234567", NULL},
    {"+84 91234567890", NULL},
    {"091234567", NULL},
    {"012345678", NULL},
    {"09123456789012", NULL},
    {"1234567890", NULL},
    {"12345678901", NULL},
    {"8412345678", NULL},
    {"0012345678", NULL},
    {"00912345678", NULL},
    {"1900 1234", NULL},
    {"18001234", NULL},
    {"0912345678 / 0987654321", NULL},
    {"0912345678, 0987654321", NULL},
    {"0912345678 0987654321", NULL},
    {"0912345678 (Zalo)", NULL},
    {"0912345678 ext 12", NULL},
    {"0912345678#", NULL},
    {"++84912345678", NULL},
    {"0912+345678", NULL},
    {"84+912345678", NULL},
    {"09l2345678", NULL},
    {"không có", NULL},
    {"0912345678\n", NULL},
};

int
main(void)
{
	char out[PAKN_PHONE_SIZE], what[128];
	size_t i;
	int rc;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(out, 'x', sizeof out);
		rc =
		    pakn_phone_normalize(cases[i].in, strlen(cases[i].in), out);
		snprintf(what, sizeof what, "phone '%s'", cases[i].in);
		for (char *w = what; *w; w++)
			if (*w == '\n' || *w == '\t')
				*w = ' ';
		if (cases[i].want) {
			CHECK_INT(rc, 0, what);
			CHECK_STR(out, cases[i].want, what);
		} else {
			CHECK_INT(rc, -1, what);
			CHECK_STR(out, "", what);
		}
	}

	/* n ends the value, not a NUL. */
	rc = pakn_phone_normalize("0912345678999", 10, out);
	CHECK(rc == 0 && strcmp(out, "0912345678") == 0,
	      "phone: reads only n bytes");
	rc = pakn_phone_normalize("0912345678\0", 11, out);
	CHECK_INT(rc, -1, "phone: an embedded NUL is not a separator");
	rc = pakn_phone_normalize(NULL, 0, out);
	CHECK_INT(rc, -1, "phone: NULL, 0 is empty");
	/* A lone 0xc2 at the end is not a half of U+00A0 to skip. */
	rc = pakn_phone_normalize("0912345678\xc2", 11, out);
	CHECK_INT(rc, -1, "phone: a cut UTF-8 byte is rejected");
	return unit_done();
}
