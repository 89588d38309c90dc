/*
 * pakn.c: the error filler, the allocation wrappers, the signal setup and
 * the fault injection of pakn.h.
 */
#include "pakn.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "diag.h"

int
pakn_error_set(struct pakn_error *err, const char *source, long line,
               long column, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->source = source;
	err->line = line;
	err->column = column;
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof err->text, fmt, ap);
	va_end(ap);
	return -1;
}

#ifdef PAKN_FAULTS
int
pakn_fault(enum pakn_fault_kind kind)
{
	static const char *const names[PAKN_FAULT_KINDS] = {
	    "alloc", "open", "read", "write", "rename"};
	static int armed = -1, which;
	static long at, seen;
	const char *env, *colon;
	int k;

	if (armed < 0) {
		armed = 0;
		env = getenv("PAKN_FAULT");
		colon = env ? strchr(env, ':') : NULL;
		for (k = 0; colon && k < PAKN_FAULT_KINDS; k++)
			if (strlen(names[k]) == (size_t)(colon - env) &&
			    strncmp(env, names[k], (size_t)(colon - env)) ==
			        0) {
				which = k;
				at = strtol(colon + 1, NULL, 10);
				armed = at > 0;
			}
	}
	if (!armed || (int)kind != which)
		return 0;
	return ++seen == at;
}
#endif

void
pakn_cleanup_signals(void)
{
	static const int sigs[] = {SIGHUP, SIGINT, SIGTERM};
	struct sigaction sa, old;
	size_t i;

	signal(SIGPIPE, SIG_IGN);
	atexit(pakn_atomic_cleanup);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = pakn_atomic_cleanup_on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		/* nohup, or a background job of a script: keep it ignored. */
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

static void
oom(size_t n)
{
	fprintf(stderr, "%s: out of memory (%zu bytes)\n", pakn_getprogname(),
	        n);
	exit(PAKN_EXIT_IO);
}

void *
pakn_xmalloc(size_t n)
{
	void *p = PAKN_FAULT(PAKN_FAULT_ALLOC) ? NULL : malloc(n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

void *
pakn_xcalloc(size_t n, size_t size)
{
	void *p = PAKN_FAULT(PAKN_FAULT_ALLOC)
	              ? NULL
	              : calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom(n * size);
	return p;
}

void *
pakn_xrealloc(void *p, size_t n)
{
	void *q = PAKN_FAULT(PAKN_FAULT_ALLOC) ? NULL : realloc(p, n ? n : 1);

	if (q == NULL)
		oom(n);
	return q;
}

char *
pakn_xstrdup(const char *s)
{
	return pakn_xstrndup(s, strlen(s));
}

char *
pakn_xstrndup(const char *s, size_t n)
{
	char *p = pakn_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

double
pakn_seconds_between(const struct timespec *t0, const struct timespec *t1)
{
	return (double)(t1->tv_sec - t0->tv_sec) +
	       (double)(t1->tv_nsec - t0->tv_nsec) / 1e9;
}
