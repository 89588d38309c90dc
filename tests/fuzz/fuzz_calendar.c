/*
 * fuzz_calendar.c: a local calendar file (lib/calendar.c
 * pakn_calendar_load) applied over the built-in calendar, then a few
 * working-day sums over it.  Properties: a failed load leaves the
 * calendar as it was; adding n working days and counting them back
 * agree.
 */
#include "calendar.h"
#include "fuzz.h"
#include "when.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Building the calendar (300 years) is slow: c is built once and
	 * built again only after a load changed it. */
	static struct pakn_calendar base, c;
	static int ready;
	struct pakn_error err;
	const char *path = fuzz_file(data, size, ".yaml");
	long day, to, n;
	int rc;

	if (!ready) {
		pakn_calendar_init(&base);
		pakn_calendar_init(&c);
		ready = 1;
	}
	rc = pakn_calendar_load(&c, path, &err);
	day = pakn_days_from_civil(2027, 1, 25);
	for (n = 1; n <= 40; n += 13) {
		if (pakn_calendar_add(&c, day, n, &to) != 0)
			continue;
		FUZZ_ASSERT(pakn_calendar_count(&c, day, to) == n,
		            "n working days on, n working days counted");
	}
	if (rc != 0)
		for (day = pakn_days_from_civil(2026, 1, 1);
		     day < pakn_days_from_civil(2028, 1, 1); day++)
			FUZZ_ASSERT(pakn_calendar_working(&c, day) ==
			                pakn_calendar_working(&base, day),
			            "a failed load changes nothing");
	(void)pakn_calendar_name(&c, day);
	if (rc == 0) {
		pakn_calendar_release(&c);
		pakn_calendar_init(&c);
	}
	return 0;
}
