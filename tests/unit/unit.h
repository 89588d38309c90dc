/*
 * unit.h: a tiny harness for the C unit tests of lib/.  Each check prints
 * one TAP line ("ok N - what" or "not ok N - what" with the values that
 * differed), so the test runner counts unit checks and bats tests alike.
 * A test program ends with `return unit_done();`, which prints the plan
 * and returns non-zero if any check failed.
 */
#ifndef PAKN_UNIT_H
#define PAKN_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_count, unit_failed;

static void
unit_report(int ok, const char *file, int line, const char *what,
            const char *got, const char *want)
{
	unit_count++;
	if (ok) {
		printf("ok %d - %s\n", unit_count, what);
		return;
	}
	unit_failed++;
	printf("not ok %d - %s\n#   at %s:%d\n", unit_count, what, file, line);
	if (got || want)
		printf("#   got:  '%s'\n#   want: '%s'\n", got ? got : "(null)",
		       want ? want : "(null)");
}

/* CHECK(cond, what): a boolean check. */
#define CHECK(cond, what)                                                      \
	unit_report((cond) != 0, __FILE__, __LINE__, (what), NULL, NULL)

/* CHECK_STR(got, want, what): two strings (either may be NULL) are equal. */
#define CHECK_STR(got, want, what)                                             \
	do {                                                                   \
		const char *g_ = (got), *w_ = (want);                          \
		int ok_ = (g_ == NULL || w_ == NULL) ? g_ == w_                \
		                                     : strcmp(g_, w_) == 0;    \
		unit_report(ok_, __FILE__, __LINE__, (what), g_, w_);          \
	} while (0)

/* CHECK_INT(got, want, what): two integers are equal. */
#define CHECK_INT(got, want, what)                                             \
	do {                                                                   \
		long long g_ = (got), w_ = (want);                             \
		char gs_[32], ws_[32];                                         \
		snprintf(gs_, sizeof gs_, "%lld", g_);                         \
		snprintf(ws_, sizeof ws_, "%lld", w_);                         \
		unit_report(g_ == w_, __FILE__, __LINE__, (what), gs_, ws_);   \
	} while (0)

static int
unit_done(void)
{
	printf("1..%d\n", unit_count);
	return unit_failed != 0;
}

#endif
