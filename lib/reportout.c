/*
 * reportout.c: where pakn-report's results go (reportout.h): one output
 * file replaced atomically, one report per split value into a folder, and
 * partials read back and merged.
 */
#include "reportout.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "atomicfile.h"
#include "diag.h"
#include "io.h"
#include "text.h"

/* ---- reading partials ------------------------------------------------- */

/* Calls fn on each partial (one JSON object a line) of path.  0, -1 on an
 * input error, -2 on an invalid partial (both reported). */
int
pakn_each_partial(const char *path,
                  int (*fn)(json_t *p, const char *name, long line, void *arg),
                  void *arg)
{
	struct pakn_in in;
	struct pakn_error err;
	const char *line;
	size_t len;
	json_error_t jerr;
	json_t *p;
	int r, rc = 0, toolong;

	if (pakn_in_open(&in, path, &err) != 0) {
		pakn_warn_error(&err);
		return -1;
	}
	/* A partial holds every group's histograms: a long line is normal. */
	in.max_line = (size_t)1 << 30;
	while ((r = pakn_in_next_jsonl(&in, &line, &len, &toolong, &err)) > 0) {
		p = toolong ? NULL : json_loadb(line, len, 0, &jerr);
		if (p == NULL) {
			pakn_warn_at(in.name, in.line,
			             toolong ? 0 : jerr.column,
			             "not a pakn-report partial: %s",
			             toolong ? "line too long" : jerr.text);
			rc = -2;
			break;
		}
		rc = fn(p, in.name, in.line, arg);
		json_decref(p);
		if (rc != 0)
			break;
	}
	if (r < 0) {
		pakn_warn_error(&err);
		rc = -1;
	}
	pakn_in_close(&in);
	return rc;
}

/* Merges one partial; the first one fixes the configuration (the options
 * may only shorten its lists). */
int
pakn_merge_one(json_t *p, const char *name, long line, void *arg)
{
	struct pakn_merge *m = arg;
	struct pakn_agg_config cfg;
	struct pakn_error err;

	if (m->agg == NULL) {
		if (pakn_agg_partial_config(p, &cfg, &err) != 0) {
			pakn_warn_at(name, line, 0, "%s", err.text);
			return -2;
		}
		if (m->top >= 0) {
			if (m->top > cfg.top) {
				pakn_warn("--top %d: the partials keep only %d "
				          "cases per list",
				          m->top, cfg.top);
				return -2;
			}
			cfg.top = m->top;
		}
		if (m->split_by &&
		    (!cfg.split ||
		     pakn_dim_parse(m->split_by, strlen(m->split_by)) !=
		         (int)cfg.split_dim)) {
			pakn_warn(
			    "--split-by %s: the partials were not made with it",
			    m->split_by);
			return -2;
		}
		m->agg = pakn_agg_new(&cfg);
	}
	if (pakn_agg_merge_partial(m->agg, p, &err) != 0) {
		pakn_warn_at(name, line, 0, "%s", err.text);
		return -2;
	}
	m->partials++;
	return 0;
}

/* ---- writing ------------------------------------------------------------- */

/*
 * Writes buf to -o FILE or standard output (a regular FILE replaced
 * atomically, a device or FIFO written in place: lib/io.h).  0, or -1
 * (reported).
 */
int
pakn_write_output(const char *path, const struct pakn_buf *buf, int success)
{
	struct pakn_out out;
	struct pakn_error err;
	int rc;

	if (pakn_out_open(&out, path, 0, &err) != 0) {
		pakn_warn_error(&err);
		return -1;
	}
	pakn_buf_add(&out.buf, buf->data ? buf->data : "", buf->len);
	pakn_out_end_record(&out);
	rc = pakn_out_close(&out, success, &err);
	if (rc != 0)
		pakn_warn_error(&err);
	return rc;
}

/* A file name for a split value: folded to ASCII letters, digits and
 * '-', at most 80 bytes; "_none" for a missing value. */
void
pakn_slug(const char *key, struct pakn_buf *out)
{
	struct pakn_buf f = PAKN_BUF_INIT;
	size_t i;

	pakn_buf_reset(out);
	pakn_text_fold_key(key, strlen(key), &f);
	for (i = 0; i < f.len && out->len < 80; i++) {
		unsigned char c = (unsigned char)f.data[i];

		if (c == ' ')
			pakn_buf_addc(out, '-');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			pakn_buf_addc(out, (char)c);
		else
			pakn_buf_addc(out, '_');
	}
	while (out->len > 0 && out->data[out->len - 1] == '-')
		out->len--;
	if (out->len == 0)
		pakn_buf_adds(out, "_none");
	pakn_buf_release(&f);
}

/* Writes one report per split value into dir.  0, or -1 (reported). */
int
pakn_write_splits(struct pakn_agg *agg, const struct pakn_render_opts *ro,
                  const char *outdir, int verbose)
{
	struct pakn_buf text = PAKN_BUF_INIT, name = PAKN_BUF_INIT,
	                path = PAKN_BUF_INIT;
	struct pakn_error err;
	char **used = NULL;
	size_t n = pakn_agg_nsplits(agg), i, j;
	int rc = 0, dup;
	FILE *fp;
	char *tmp;

	if (mkdir(outdir, 0777) != 0 && errno != EEXIST) {
		pakn_warn_at(outdir, 0, 0, "cannot create folder: %s",
		             strerror(errno));
		return -1;
	}
	used = pakn_xcalloc(n ? n : 1, sizeof *used);
	for (i = 0; i < n && rc == 0; i++) {
		struct pakn_report *rep = pakn_agg_report(agg, i + 1);

		pakn_slug(rep->scope_key, &name);
		/* Two values with one slug: number the later ones. */
		for (dup = 1;; dup++) {
			pakn_buf_reset(&path);
			pakn_buf_add(&path, name.data, name.len);
			if (dup > 1)
				pakn_buf_addf(&path, "-%d", dup);
			for (j = 0; j < i; j++)
				if (strcmp(used[j], path.data) == 0)
					break;
			if (j == i)
				break;
		}
		used[i] = pakn_xstrdup(path.data);
		pakn_buf_reset(&path);
		pakn_buf_addf(&path, "%s/%s.%s", outdir, used[i],
		              pakn_format_ext(ro->format));
		pakn_buf_reset(&text);
		pakn_render(rep, ro, &text);
		pakn_report_free(rep);
		fp = pakn_atomic_open(path.data, &tmp, &err);
		if (fp == NULL) {
			pakn_warn_error(&err);
			rc = -1;
			break;
		}
		fwrite(text.data ? text.data : "", 1, text.len, fp);
		if (pakn_atomic_commit(fp, tmp, path.data, &err) != 0) {
			pakn_warn_error(&err);
			rc = -1;
		}
		free(tmp);
		if (rc == 0 && verbose)
			pakn_warn("wrote %s", path.data);
	}
	for (i = 0; i < n; i++)
		free(used[i]);
	free(used);
	pakn_buf_release(&text);
	pakn_buf_release(&name);
	pakn_buf_release(&path);
	return rc;
}

int
pakn_merge_files(char *const *paths, int n, struct pakn_merge *m)
{
	int i, rc, status = PAKN_EXIT_OK;

	for (i = 0; i < n; i++) {
		rc = pakn_each_partial(paths[i], pakn_merge_one, m);
		if (rc == -2) {
			pakn_agg_free(m->agg);
			m->agg = NULL;
			return PAKN_EXIT_USAGE;
		}
		if (rc == -1)
			status = PAKN_EXIT_IO;
	}
	if (m->agg == NULL && status != PAKN_EXIT_IO) {
		pakn_warn("no partial in the input");
		return PAKN_EXIT_USAGE;
	}
	return status;
}

int
pakn_report_write(struct pakn_agg *agg, const struct pakn_render_opts *ro,
                  const char *output, int partial, const char *outdir,
                  int verbose, int success)
{
	struct pakn_buf out = PAKN_BUF_INIT;
	int rc = 0;

	if (partial) {
		json_t *p = pakn_agg_to_partial(agg);
		char *s = json_dumps(p, JSON_COMPACT);

		json_decref(p);
		if (s == NULL)
			pakn_die(PAKN_EXIT_IO, "out of memory");
		pakn_buf_adds(&out, s);
		pakn_buf_addc(&out, '\n');
		free(s);
		rc = pakn_write_output(output, &out, success);
	} else if (outdir) {
		rc = pakn_write_splits(agg, ro, outdir, verbose);
	} else {
		struct pakn_report *rep = pakn_agg_report(agg, 0);

		pakn_render(rep, ro, &out);
		pakn_report_free(rep);
		if (out.len == 0 && pakn_format_binary(ro->format)) {
			pakn_warn("no report written");
			rc = -1;
		} else {
			rc = pakn_write_output(output, &out,
			                       success || output == NULL);
		}
	}
	pakn_buf_release(&out);
	return rc;
}

void
pakn_report_config_output(struct pakn_agg_config *cfg, enum pakn_format format,
                          int partial, int cases)
{
	if (format == PAKN_FMT_XLSX && !partial && !cases)
		cfg->all_cases = 1;
	if (cases)
		cfg->top = 0;
}
