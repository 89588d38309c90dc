/*
 * args.c: option values the programs share (args.h).
 */
#include "args.h"

#include <errno.h>
#include <stdlib.h>

#include "diag.h"
#include "pakn.h"
#include "sla.h"

long
pakn_arg_number(const char *opt, const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < min || v > max)
		pakn_die(PAKN_EXIT_USAGE,
		         "%s '%s': expected a whole number from %ld to %ld",
		         opt, s, min, max);
	return v;
}

enum pakn_unit
pakn_arg_unit(const char *s)
{
	enum pakn_unit u;

	if (pakn_unit_parse(s, &u) != 0)
		pakn_die(PAKN_EXIT_USAGE,
		         "--unit '%s': expected working_days, days or "
		         "working_hours",
		         s);
	return u;
}
