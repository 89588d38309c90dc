/*
 * args.h: option values the programs share, read the same way and refused
 * with the same message (a usage error, exit 2).
 */
#ifndef PAKN_ARGS_H
#define PAKN_ARGS_H

#include "rules.h" /* enum pakn_unit */

/* A whole number from min to max for option opt ("--top"), or exits 2:
 * "--top 'x': expected a whole number from 0 to 10000". */
long pakn_arg_number(const char *opt, const char *s, long min, long max);

/* --unit: working_days, days or working_hours, or exits 2. */
enum pakn_unit pakn_arg_unit(const char *s);

#endif
