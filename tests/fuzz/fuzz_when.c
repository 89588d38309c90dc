/*
 * fuzz_when.c: the date parser (lib/when.c pakn_time_parse).  The first
 * byte picks the date order; the rest is the text.  Properties: a date
 * read is a real date and time within 1900-2199, and its RFC 3339 form
 * reads back as the same instant and offset.
 */
#include "fuzz.h"
#include "when.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pakn_time t, u;
	struct pakn_error err;
	char s[PAKN_TIME_STRLEN];
	enum pakn_date_order order =
	    (enum pakn_date_order)(size ? data[0] % 3 : 0);
	size_t n;

	if (size == 0)
		return 0;
	if (pakn_time_parse((const char *)data + 1, size - 1, order, &t,
	                    &err) != 0)
		return 0;
	FUZZ_ASSERT(t.year >= 1900 && t.year <= 2199, "year in range");
	FUZZ_ASSERT(t.month >= 1 && t.month <= 12, "month in range");
	FUZZ_ASSERT(t.day >= 1 && t.day <= pakn_days_in_month(t.year, t.month),
	            "a day the month has");
	FUZZ_ASSERT(t.hour >= 0 && t.hour < 24 && t.min >= 0 && t.min < 60 &&
	                t.sec >= 0 && t.sec < 60,
	            "a time of day");
	n = pakn_time_format_str(&t, s);
	FUZZ_ASSERT(n > 0 && n < sizeof s, "formatted");
	FUZZ_ASSERT(pakn_time_parse(s, n, PAKN_YMD, &u, &err) == 0,
	            "its RFC 3339 form reads back");
	FUZZ_ASSERT(pakn_time_epoch(&u) == pakn_time_epoch(&t) &&
	                u.offset_min == t.offset_min,
	            "as the same instant and offset");
	return 0;
}
