/*
 * passthrough.c: the floor of every pakn filter, for the benchmark.  Reads
 * JSON lines (standard input, or the files named), scans each with
 * pakn_record_scan, optionally splices keys in (-s, -j), writes it back
 * with pakn_record_write and counts the invalid lines.  This is the
 * record layer measured alone, the line `jq -c .` is compared with: what
 * any filter built on it costs before it does its own work.
 *
 * Input is read() in large blocks and cut into lines in place; -g uses
 * getline() instead, to compare (on 200,000 records of ~940 bytes, read()
 * took 5-10% less CPU time; wall-clock times were too noisy to tell them
 * apart).  Output gathers in a buffer written in blocks no larger than the
 * pipe, which is enlarged to 1 MiB when standard output is one
 * (PERFORMANCE.md).
 */
#define _GNU_SOURCE /* F_SETPIPE_SZ */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "pakn.h"
#include "record.h"

#define READ_BLOCK (1024 * 1024)
#define PIPE_SIZE (1024 * 1024)
#define MAX_REPORTED 5

struct splice {
	char *key;
	const char *value;
	int raw; /* -j: value is JSON; -s: a string */
};

struct state {
	struct pakn_record rec;
	struct pakn_buf out;
	size_t block;
	struct splice *splices;
	size_t nsplices;
	long lines, invalid;
	long lineno; /* in the current input */
	unsigned long long bytes;
	int failed; /* a write failed */
};

static void
usage(FILE *f, int status)
{
	fprintf(f, "usage: passthrough [-gt] [-s KEY=STRING] [-j KEY=JSON] "
	           "[FILE...]\n"
	           "  -s KEY=STRING  set KEY to a string on every record\n"
	           "  -j KEY=JSON    set KEY to a JSON value on every record\n"
	           "  -g             read with getline() instead of read()\n"
	           "  -t             print lines, MB and MB/s on stderr\n");
	exit(status);
}

static void
flush_out(struct state *st)
{
	const char *p = st->out.data;
	size_t n = st->out.len;
	ssize_t w;

	while (n > 0 && !st->failed) {
		w = write(STDOUT_FILENO, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "passthrough: write: %s\n",
			        strerror(errno));
			st->failed = 1;
			break;
		}
		p += w;
		n -= (size_t)w;
	}
	pakn_buf_reset(&st->out);
}

/* One line, without its '\n'. */
static void
one_line(struct state *st, const char *name, const char *line, size_t len)
{
	struct pakn_error err;
	size_t i;

	st->lines++;
	st->lineno++;
	st->bytes += len + 1;
	if (pakn_record_scan(&st->rec, line, len, &err) != 0) {
		if (st->invalid++ < MAX_REPORTED)
			fprintf(stderr, "%s:%ld:%ld: %s\n", name, st->lineno,
			        err.column, err.text);
		return;
	}
	for (i = 0; i < st->nsplices; i++) {
		if (st->splices[i].raw)
			pakn_record_set(&st->rec, st->splices[i].key,
			                st->splices[i].value,
			                strlen(st->splices[i].value));
		else
			pakn_record_set_str(&st->rec, st->splices[i].key,
			                    st->splices[i].value,
			                    strlen(st->splices[i].value));
	}
	pakn_record_write(&st->rec, &st->out);
	pakn_buf_addc(&st->out, '\n');
	if (st->out.len >= st->block)
		flush_out(st);
}

/* Reads fd in large blocks and cuts lines in place; 0 or -1. */
static int
read_blocks(struct state *st, int fd, const char *name)
{
	size_t cap = READ_BLOCK * 4, len = 0, start, keep;
	char *buf = pakn_xmalloc(cap), *nl;
	ssize_t n;

	while (!st->failed) {
		if (cap - len < READ_BLOCK) {
			cap *= 2; /* a line longer than the buffer */
			buf = pakn_xrealloc(buf, cap);
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "passthrough: %s: %s\n", name,
			        strerror(errno));
			free(buf);
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		start = 0;
		while ((nl = memchr(buf + start, '\n', len - start)) != NULL) {
			one_line(st, name, buf + start,
			         (size_t)(nl - (buf + start)));
			start = (size_t)(nl - buf) + 1;
		}
		keep = len - start;
		memmove(buf, buf + start, keep);
		len = keep;
	}
	if (len > 0)
		one_line(st, name, buf, len);
	free(buf);
	return 0;
}

/* The same with getline(); 0 or -1. */
static int
read_getline(struct state *st, FILE *f, const char *name)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	while (!st->failed && (n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] == '\n')
			n--;
		one_line(st, name, line, (size_t)n);
	}
	free(line);
	if (ferror(f)) {
		fprintf(stderr, "passthrough: %s: read error\n", name);
		return -1;
	}
	return 0;
}

static int
run_input(struct state *st, const char *path, int use_getline)
{
	const char *name = path ? path : "<stdin>";
	FILE *f;
	int fd, rc;

	st->lineno = 0;
	if (use_getline) {
		f = path ? fopen(path, "r") : stdin;
		if (f == NULL) {
			fprintf(stderr, "passthrough: %s: %s\n", name,
			        strerror(errno));
			return -1;
		}
		rc = read_getline(st, f, name);
		if (path)
			fclose(f);
		return rc;
	}
	fd = path ? open(path, O_RDONLY) : STDIN_FILENO;
	if (fd < 0) {
		fprintf(stderr, "passthrough: %s: %s\n", name, strerror(errno));
		return -1;
	}
	rc = read_blocks(st, fd, name);
	if (path)
		close(fd);
	return rc;
}

static void
add_splice(struct state *st, const char *arg, int raw)
{
	const char *eq = strchr(arg, '=');
	json_t *check;
	struct splice *s;

	if (eq == NULL || eq == arg) {
		fprintf(stderr, "passthrough: '%s': expected KEY=VALUE\n", arg);
		usage(stderr, PAKN_EXIT_USAGE);
	}
	if (raw) {
		check = json_loads(eq + 1, JSON_DECODE_ANY, NULL);
		if (check == NULL) {
			fprintf(stderr, "passthrough: '%s': not JSON\n",
			        eq + 1);
			exit(PAKN_EXIT_USAGE);
		}
		json_decref(check);
	}
	st->splices = pakn_xrealloc(st->splices,
	                            (st->nsplices + 1) * sizeof *st->splices);
	s = &st->splices[st->nsplices++];
	s->key = pakn_xstrndup(arg, (size_t)(eq - arg));
	s->value = eq + 1;
	s->raw = raw;
}

int
main(int argc, char *argv[])
{
	struct state st;
	struct timespec t0, t1;
	struct stat sb;
	int ch, use_getline = 0, timing = 0, status = PAKN_EXIT_OK, i;
	double secs;
	size_t k;

	memset(&st, 0, sizeof st);
	while ((ch = getopt(argc, argv, "ghj:s:t")) != -1) {
		switch (ch) {
		case 'g': use_getline = 1; break;
		case 'h': usage(stdout, PAKN_EXIT_OK); break;
		case 'j': add_splice(&st, optarg, 1); break;
		case 's': add_splice(&st, optarg, 0); break;
		case 't': timing = 1; break;
		default: usage(stderr, PAKN_EXIT_USAGE);
		}
	}
	st.block = PIPE_SIZE;
	if (fstat(STDOUT_FILENO, &sb) == 0 && S_ISFIFO(sb.st_mode) &&
	    fcntl(STDOUT_FILENO, F_SETPIPE_SZ, PIPE_SIZE) < 0)
		st.block = 64 * 1024; /* the default pipe size */
	pakn_buf_grow(&st.out, st.block + 64 * 1024);
	pakn_record_init(&st.rec);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (optind == argc) {
		if (run_input(&st, NULL, use_getline) != 0)
			status = PAKN_EXIT_IO;
	}
	for (i = optind; i < argc; i++)
		if (run_input(&st, strcmp(argv[i], "-") ? argv[i] : NULL,
		              use_getline) != 0)
			status = PAKN_EXIT_IO; /* keep going, report at end */
	flush_out(&st);
	clock_gettime(CLOCK_MONOTONIC, &t1);

	if (st.invalid > 0)
		fprintf(stderr, "passthrough: %ld of %ld lines invalid\n",
		        st.invalid, st.lines);
	if (timing) {
		secs = (double)(t1.tv_sec - t0.tv_sec) +
		       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		fprintf(
		    stderr,
		    "passthrough: %ld lines, %.1f MB in %.3f s: %.1f MB/s\n",
		    st.lines, (double)st.bytes / 1e6, secs,
		    secs > 0 ? (double)st.bytes / 1e6 / secs : 0.0);
	}
	if (st.failed || close(STDOUT_FILENO) != 0)
		status = PAKN_EXIT_IO;
	else if (status == PAKN_EXIT_OK && st.invalid > 0)
		status = PAKN_EXIT_REJECTS;

	for (k = 0; k < st.nsplices; k++)
		free(st.splices[k].key);
	free(st.splices);
	pakn_record_release(&st.rec);
	pakn_buf_release(&st.out);
	return status;
}
