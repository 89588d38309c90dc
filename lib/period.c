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

/* Steps (y, m) by n months. */
static void
month_add(int *y, int *m, int n)
{
	int k = *y * 12 + (*m - 1) + n;

	*y = k / 12;
	*m = k % 12 + 1;
}

/* The period of kind (0 month, 1 quarter, 2 half, 3 year) holding month
 * (y, m), with the official cut-off or the calendar one. */
static void
kind_days(int kind, int official, int y, int m, struct pakn_period_days *out)
{
	static const int len[] = {1, 3, 6, 12};
	int fy, fm, ly, lm;

	/* The period's first and last months. */
	fm = (m - 1) / len[kind] * len[kind] + 1;
	fy = ly = y;
	lm = fm + len[kind] - 1;
	if (!official) {
		out->from = pakn_days_from_civil(fy, fm, 1);
		out->to =
		    pakn_days_from_civil(ly, lm, pakn_days_in_month(ly, lm));
		out->month = kind == 0;
		return;
	}
	month_add(&fy, &fm, -1);
	out->from = pakn_days_from_civil(fy, fm, 15);
	out->to = pakn_days_from_civil(ly, lm, 14);
	out->month = kind == 0; /* labelled with the month it ends in */
}

/* The index of s in the NULL-ended list, or -1. */
static int
word_index(const char *s, const char *const *list)
{
	int i;

	for (i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return i;
	return -1;
}

int
pakn_period_resolve(const struct pakn_period_spec *sp, long today,
                    struct pakn_period_days *out, struct pakn_error *err)
{
	static const char *const kinds[] = {"month", "quarter", "half", "year",
	                                    NULL};
	static const char *const cutoffs[] = {"calendar", "official", NULL};
	int y, m, d, kind = 0, official = 0;

	memset(out, 0, sizeof *out);
	if (sp->period && (kind = word_index(sp->period, kinds)) < 0)
		return pakn_error_set(
		    err, NULL, 0, 0,
		    "--period '%s': expected month, quarter, half or year",
		    sp->period);
	if (sp->cutoff && (official = word_index(sp->cutoff, cutoffs)) < 0)
		return pakn_error_set(err, NULL, 0, 0,
		                      "--cutoff '%s': expected official or "
		                      "calendar",
		                      sp->cutoff);
	if ((sp->period || sp->cutoff) && sp->from)
		return pakn_error_set(err, NULL, 0, 0,
		                      "--period/--cutoff and --from/--to "
		                      "cannot be used together");
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
		kind_days(kind, official, y, m, out);
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
		if (kind == 0) {
			kind_days(0, official, y, m, out);
		} else {
			/* The last whole period before --as-of. */
			kind_days(kind, official, y, m, out);
			if (out->to >= out->as_of) {
				static const int len[] = {1, 3, 6, 12};
				month_add(&y, &m, -len[kind]);
				kind_days(kind, official, y, m, out);
			}
		}
	}
	if ((sp->period || sp->cutoff) && !sp->from) {
		/* The period of the same kind before. */
		struct pakn_period_days prev = *out;
		static const int len[] = {1, 3, 6, 12};

		month_add(&y, &m, -len[kind]);
		kind_days(kind, official, y, m, &prev);
		out->prev_from = prev.from;
	}
	return 0;
}
