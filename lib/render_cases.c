/*
 * render_cases.c: the case list of pakn-report --cases (render_cases.h).
 * CSV and JSON lines go through the output layer (io.h) as they come; the
 * workbook is written by render_xlsx.c to a temporary file, copied to the
 * output when the run ends.
 *
 * Columns (CSV header, JSON members): id, population (received |
 * carried_over), received_at (as the record wrote it), agency,
 * agency_name, channel, category, kind, due_at (the judge's due moment,
 * Vietnam time), state (answered_on_time, answered_late, open, overdue,
 * answered_undated: the report's figures), days_late (working days late
 * or overdue, empty/null else), answered_on (the answer's day, ISO).
 */
#include "render_cases.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "io.h"
#include "render_int.h"
#include "when.h"

struct pakn_cases {
	enum pakn_format format;
	struct pakn_csv_dialect d;
	struct pakn_out out;
	struct pakn_xlsx_cases *x;
	char *xtmp; /* the workbook's temporary file */
	unsigned long long n;
	struct pakn_buf tmp;
};

static const char *const state_names[PAKN_STATE_COUNT] = {
    [PAKN_STATE_OPEN] = "open",
    [PAKN_STATE_DUE_SOON] = "open",
    [PAKN_STATE_OVERDUE] = "overdue",
    [PAKN_STATE_ON_TIME] = "answered_on_time",
    [PAKN_STATE_LATE] = "answered_late",
    [PAKN_STATE_UNDATED] = "answered_undated",
};

static const char *const columns[] = {"id",       "population",  "received_at",
                                      "agency",   "agency_name", "channel",
                                      "category", "kind",        "due_at",
                                      "state",    "days_late",   "answered_on"};
#define NCOLUMNS (sizeof columns / sizeof columns[0])

struct pakn_cases *
pakn_cases_open(const char *path, const struct pakn_render_opts *o,
                const struct pakn_agg_config *cfg, struct pakn_error *err)
{
	struct pakn_cases *w = pakn_xcalloc(1, sizeof *w);
	size_t i;

	w->format = o->format;
	pakn_csv_dialect(&w->d, o->excel);
	if (pakn_out_open(&w->out, path, 0, err) != 0) {
		free(w);
		return NULL;
	}
	if (w->format == PAKN_FMT_XLSX) {
		const char *dir = getenv("TMPDIR");
		struct pakn_buf b = PAKN_BUF_INIT;
		int fd;

		pakn_buf_addf(&b, "%s/pakn-cases.XXXXXX",
		              dir && *dir ? dir : "/tmp");
		fd = mkstemp(b.data);
		if (fd >= 0) {
			close(fd);
			w->xtmp = b.data;
			w->x = pakn_xlsx_cases_open(w->xtmp, o, cfg);
		}
		if (w->x == NULL) {
			pakn_error_set(err, NULL, 0, 0,
			               "xlsx: cannot create the workbook: %s",
			               fd < 0 ? strerror(errno)
			                      : "libxlsxwriter");
			if (fd >= 0)
				unlink(b.data);
			pakn_buf_release(&b);
			pakn_out_close(&w->out, 0, err);
			free(w);
			return NULL;
		}
		return w;
	}
	if (w->format == PAKN_FMT_CSV) {
		if (w->d.bom)
			pakn_buf_adds(&w->out.buf, "\xef\xbb\xbf");
		for (i = 0; i < NCOLUMNS; i++) {
			if (i)
				pakn_buf_addc(&w->out.buf, w->d.sep);
			pakn_buf_adds(&w->out.buf, columns[i]);
		}
		pakn_buf_adds(&w->out.buf, w->d.eol);
		pakn_out_end_record(&w->out);
	}
	return w;
}

/* A string of the case, NUL-terminated in w->tmp. */
static const char *
cstr(struct pakn_cases *w, const struct pakn_agg_case *c, int k)
{
	pakn_buf_reset(&w->tmp);
	pakn_buf_add(&w->tmp, c->s[k] ? c->s[k] : "", c->s[k] ? c->len[k] : 0);
	pakn_buf_addc(&w->tmp, '\0');
	return w->tmp.data;
}

static void
csv_row(struct pakn_cases *w, const struct pakn_agg_case *c)
{
	struct pakn_buf *b = &w->out.buf;
	char sep = w->d.sep;

	pakn_csv_field_sep(b, cstr(w, c, PAKN_CASE_ID), 1, sep);
	pakn_buf_addc(b, sep);
	pakn_buf_adds(b, c->received ? "received" : "carried_over");
	pakn_buf_addc(b, sep);
	pakn_csv_field_sep(b, cstr(w, c, PAKN_CASE_RECEIVED), 1, sep);
	pakn_buf_addc(b, sep);
	pakn_csv_field_sep(b, cstr(w, c, PAKN_CASE_AGENCY), 1, sep);
	pakn_buf_addc(b, sep);
	pakn_csv_field_sep(b, cstr(w, c, PAKN_CASE_AGENCY_NAME), 1, sep);
	pakn_buf_addc(b, sep);
	pakn_csv_field_sep(b, cstr(w, c, PAKN_CASE_CHANNEL), 1, sep);
	pakn_buf_addc(b, sep);
	pakn_csv_field_sep(b, cstr(w, c, PAKN_CASE_CATEGORY), 1, sep);
	pakn_buf_addc(b, sep);
	pakn_csv_field_sep(b, cstr(w, c, PAKN_CASE_KIND), 1, sep);
	pakn_buf_addc(b, sep);
	pakn_csv_field_sep(b, cstr(w, c, PAKN_CASE_DUE), 1, sep);
	pakn_buf_addc(b, sep);
	pakn_buf_adds(b, state_names[c->state]);
	pakn_buf_addc(b, sep);
	if (c->state == PAKN_STATE_LATE || c->state == PAKN_STATE_OVERDUE)
		pakn_buf_addf(b, "%ld", c->days);
	pakn_buf_addc(b, sep);
	if (c->answered_day >= 0)
		pakn_fmt_iso_day(b, c->answered_day);
	pakn_buf_adds(b, w->d.eol);
}

static void
json_member(struct pakn_buf *b, const char *key, const char *s, size_t n)
{
	pakn_buf_addf(b, ",\"%s\":", key);
	if (n == 0)
		pakn_buf_adds(b, "null");
	else
		pakn_buf_add_json_string(b, s, n);
}

static void
json_row(const struct pakn_agg_case *c, struct pakn_buf *b)
{
	static const struct {
		const char *key;
		int k;
	} m[] = {{"received_at", PAKN_CASE_RECEIVED},
	         {"agency", PAKN_CASE_AGENCY},
	         {"agency_name", PAKN_CASE_AGENCY_NAME},
	         {"channel", PAKN_CASE_CHANNEL},
	         {"category", PAKN_CASE_CATEGORY},
	         {"kind", PAKN_CASE_KIND},
	         {"due_at", PAKN_CASE_DUE}};
	size_t i;

	pakn_buf_adds(b, "{\"id\":");
	if (c->len[PAKN_CASE_ID])
		pakn_buf_add_json_string(b, c->s[PAKN_CASE_ID],
		                         c->len[PAKN_CASE_ID]);
	else
		pakn_buf_adds(b, "null");
	pakn_buf_addf(b, ",\"population\":\"%s\"",
	              c->received ? "received" : "carried_over");
	for (i = 0; i < sizeof m / sizeof m[0]; i++)
		json_member(b, m[i].key, c->s[m[i].k], c->len[m[i].k]);
	pakn_buf_addf(
	    b, ",\"state\":\"%s\",\"days_late\":", state_names[c->state]);
	if (c->state == PAKN_STATE_LATE || c->state == PAKN_STATE_OVERDUE)
		pakn_buf_addf(b, "%ld", c->days);
	else
		pakn_buf_adds(b, "null");
	pakn_buf_adds(b, ",\"answered_on\":");
	if (c->answered_day >= 0) {
		pakn_buf_addc(b, '"');
		pakn_fmt_iso_day(b, c->answered_day);
		pakn_buf_addc(b, '"');
	} else
		pakn_buf_adds(b, "null");
	pakn_buf_adds(b, "}\n");
}

void
pakn_cases_add(void *arg, const struct pakn_agg_case *c)
{
	struct pakn_cases *w = arg;

	w->n++;
	if (w->format == PAKN_FMT_XLSX) {
		pakn_xlsx_cases_add(w->x, c);
		return;
	}
	if (!pakn_out_ok(&w->out))
		return;
	if (w->format == PAKN_FMT_CSV)
		csv_row(w, c);
	else
		json_row(c, &w->out.buf);
	pakn_out_end_record(&w->out);
}

unsigned long long
pakn_cases_count(const struct pakn_cases *w)
{
	return w->n;
}

/* Copies the workbook into the output. */
static int
copy_in(struct pakn_cases *w)
{
	FILE *fp = fopen(w->xtmp, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (fp == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		pakn_buf_add(&w->out.buf, chunk, n);
		if (pakn_out_end_record(&w->out) != 0)
			break;
	}
	if (ferror(fp))
		rc = -1;
	fclose(fp);
	return rc;
}

int
pakn_cases_close(struct pakn_cases *w, int success)
{
	struct pakn_error err;
	int rc = 0;

	if (w->x) {
		if (pakn_xlsx_cases_close(w->x) != 0 ||
		    (success && copy_in(w) != 0)) {
			success = 0;
			rc = -1;
		}
		unlink(w->xtmp);
		free(w->xtmp);
	}
	if (pakn_out_close(&w->out, success, &err) != 0) {
		pakn_warn_error(&err);
		rc = -1;
	}
	pakn_buf_release(&w->tmp);
	free(w);
	return rc;
}
