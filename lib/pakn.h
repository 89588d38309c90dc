/*
 * pakn.h: what every module and program of pakn shares: the exit statuses
 * of CLI.md, the error a module fills instead of printing, and the
 * allocation wrappers (the only library code allowed to exit, on
 * out-of-memory).
 */
#ifndef PAKN_H
#define PAKN_H

#include <stddef.h>
#include <time.h>

#define PAKN_VERSION "0.1.0"

/* Exit statuses (CLI.md). */
enum {
	PAKN_EXIT_OK = 0,      /* every record read and written */
	PAKN_EXIT_REJECTS = 1, /* finished, some records rejected */
	PAKN_EXIT_USAGE = 2,   /* usage or configuration error */
	PAKN_EXIT_IO = 3       /* input/output or system error */
};

/*
 * The options every filter has (CLI.md): -o, --rejects, --line-buffered,
 * -q, -v, -h, --version.  A program's getopt_long table ends with
 * PAKN_FILTER_LONGOPTS (its short options string names "o:qvh"); the long
 * ones without a letter return these codes.
 */
enum { PAKN_OPT_REJECTS = 0x1000, PAKN_OPT_LINEBUF, PAKN_OPT_VERSION };
#define PAKN_FILTER_LONGOPTS                                                   \
	{"output", required_argument, NULL, 'o'},                              \
	    {"rejects", required_argument, NULL, PAKN_OPT_REJECTS},            \
	    {"line-buffered", no_argument, NULL, PAKN_OPT_LINEBUF},            \
	    {"quiet", no_argument, NULL, 'q'},                                 \
	    {"verbose", no_argument, NULL, 'v'},                               \
	    {"help", no_argument, NULL, 'h'},                                  \
	{                                                                      \
		"version", no_argument, NULL, PAKN_OPT_VERSION                 \
	}

/* Default cap on a line or a field: a missing quote must not swallow a file. */
#define PAKN_MAX_FIELD (1024 * 1024)

/*
 * An error a library function reports to its caller.  `source` is borrowed
 * (a file name the caller owns, or NULL); `line` and `column` are 1-based,
 * 0 when unknown; `text` is the message, lowercase, subject first.
 */
struct pakn_error {
	const char *source;
	long line;
	long column;
	char text[512];
};

/* Fills err (if not NULL) with a printf-style message; returns -1. */
int pakn_error_set(struct pakn_error *err, const char *source, long line,
                   long column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Allocation wrappers: never return NULL; report and exit 3 on failure. */
/* Seconds from t0 to t1 (CLOCK_MONOTONIC readings): the run's time the
 * programs print with -v. */
double pakn_seconds_between(const struct timespec *t0,
                            const struct timespec *t1);

void *pakn_xmalloc(size_t n);
void *pakn_xcalloc(size_t n, size_t size);
void *pakn_xrealloc(void *p, size_t n);
char *pakn_xstrdup(const char *s);
char *pakn_xstrndup(const char *s, size_t n);

/*
 * A program's signal setup, called once by main right after
 * pakn_setprogname (library modules install no handlers): SIGHUP, SIGINT
 * and SIGTERM remove the temporaries of -o and --rejects and kill the
 * program with the signal (one ignored at start stays ignored); exit()
 * removes them too (pakn_die, out of memory); SIGPIPE is ignored, so a
 * closed pipe ends the run quietly (io.h).
 */
void pakn_cleanup_signals(void);

/*
 * Fault injection for the tests (tests/faults.bats), compiled in only with
 * -DPAKN_FAULTS (`make check`, `make check-clang`): PAKN_FAULT=KIND:N
 * makes the Nth call of that kind fail, KIND one of alloc (pakn_xmalloc
 * and friends), open, read, write, rename (lib/io.c, lib/atomicfile.c,
 * the rejects file).  Without -DPAKN_FAULTS, PAKN_FAULT(k) is the constant
 * 0 and costs nothing.
 */
enum pakn_fault_kind {
	PAKN_FAULT_ALLOC,
	PAKN_FAULT_OPEN,
	PAKN_FAULT_READ,
	PAKN_FAULT_WRITE,
	PAKN_FAULT_RENAME,
	PAKN_FAULT_KINDS
};
#ifdef PAKN_FAULTS
int pakn_fault(enum pakn_fault_kind kind);
#define PAKN_FAULT(kind) pakn_fault(kind)
#else
#define PAKN_FAULT(kind) 0
#endif

#endif
