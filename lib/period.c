/*
 * period.c: the report's period from the options (period.h).
 */
#include "period.h"

#include <stdio.h>
#include <string.h>

#include "deadline.h"
#include "when.h"

int
pakn_month_parse(const char *s, int *y, int *m)
{
	char extra;

	if (strlen(s) != 7)
		return -1;
	if (!((s[4] == '-' && sscanf(s, "%4d-%2d%c", y, m, &extra) == 2) ||
	      (s[2] == '/' && sscanf(s, "%2d/%4d%c", m, y, &extra) == 2)))
		return -1;
	return *y < 1900 || *y > 2199 || *m < 1 || *m > 12 ? -1 : 0;
}

int
pakn_day_arg(const char *opt, const char *s, int allow_time, long *day,
             struct pakn_error *err)
{
	struct pakn_asof a;

	if (pakn_asof_parse(&a, s, err) != 0 || (a.has_time && !allow_time))
		return pakn_error_set(
		    err, NULL, 0, 0,
		    "--%s '%s': expected a date YYYY-MM-DD or dd/mm/yyyy", opt,
		    s);
	*day = a.day;
	return 0;
}

/* The first and last day of a month. */
static void
month_days(int y, int m, struct pakn_period_days *out)
{
	out->from = pakn_days_from_civil(y, m, 1);
	out->to = pakn_days_from_civil(y, m, pakn_days_in_month(y, m));
	out->month = 1;
}

int
pakn_period_resolve(const struct pakn_period_spec *sp, long today,
                    struct pakn_period_days *out, struct pakn_error *err)
{
	int y, m, d;

	memset(out, 0, sizeof *out);
	out->as_of = today;
	if (sp->as_of && pakn_day_arg("as-of", sp->as_of, 1, &out->as_of, err))
		return -1;
	if (sp->month && (sp->from || sp->to))
		return pakn_error_set(
		    err, NULL, 0, 0,
		    "--month and --from/--to cannot be used together");
	if ((sp->from == NULL) != (sp->to == NULL))
		return pakn_error_set(err, NULL, 0, 0,
		                      "--from and --to go together");
	if (sp->month) {
		if (pakn_month_parse(sp->month, &y, &m) != 0)
			return pakn_error_set(
			    err, NULL, 0, 0,
			    "--month '%s': expected YYYY-MM or mm/yyyy",
			    sp->month);
		month_days(y, m, out);
	} else if (sp->from) {
		if (pakn_day_arg("from", sp->from, 0, &out->from, err) != 0 ||
		    pakn_day_arg("to", sp->to, 0, &out->to, err) != 0)
			return -1;
		if (out->to < out->from)
			return pakn_error_set(err, NULL, 0, 0,
			                      "--to %s is before --from %s",
			                      sp->to, sp->from);
	} else {
		/* The month before --as-of. */
		pakn_civil_from_days(out->as_of, &y, &m, &d);
		if (--m == 0) {
			m = 12;
			y--;
		}
		month_days(y, m, out);
	}
	return 0;
}
