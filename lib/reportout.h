/*
 * reportout.h: where pakn-report's results go: -o FILE (or standard
 * output), one report per split value into a folder, and the partials of
 * a split run read back and merged.
 */
#ifndef PAKN_REPORTOUT_H
#define PAKN_REPORTOUT_H

#include <jansson.h>

#include "agg.h"
#include "buf.h"
#include "render.h"

/* Writes buf to path or standard output (NULL), a regular file replaced
 * atomically (only when success), a device or FIFO written in place.
 * 0, or -1 (reported). */
int pakn_write_output(const char *path, const struct pakn_buf *buf,
                      int success);

/* A file name for a split value: folded to ASCII letters, digits and
 * '-', at most 80 bytes; "_none" for a missing value. */
void pakn_slug(const char *key, struct pakn_buf *out);

/* Writes one report per split value into outdir (created if missing),
 * each replaced atomically; two values with one slug are numbered.
 * 0, or -1 (reported). */
int pakn_write_splits(struct pakn_agg *agg, const struct pakn_render_opts *ro,
                      const char *outdir, int verbose);

/* Calls fn on each partial (one JSON object a line) of path.  0, -1 on an
 * input error, -2 on an invalid partial (both reported). */
int pakn_each_partial(const char *path,
                      int (*fn)(json_t *p, const char *name, long line,
                                void *arg),
                      void *arg);

/* Merging partials: the first fixes the configuration; top (-1: as the
 * partials) may only shorten the lists, split_by (NULL: any) must be the
 * partials' split. */
struct pakn_merge {
	int top;
	const char *split_by;
	struct pakn_agg *agg; /* made from the first partial */
	unsigned long partials;
};
/* A pakn_each_partial callback merging into a struct pakn_merge. */
int pakn_merge_one(json_t *p, const char *name, long line, void *arg);

/* Merges the partials of n files into m->agg (made from the first).
 * Returns PAKN_EXIT_OK, PAKN_EXIT_IO (a file could not be read; the others
 * merged), or PAKN_EXIT_USAGE (an invalid partial, or none at all; m->agg
 * is then NULL).  Messages are printed. */
int pakn_merge_files(char *const *paths, int n, struct pakn_merge *m);

/* What an output needs of the aggregation: the workbook (-f xlsx) lists
 * every overdue case and directive on its sheets (not in a partial); the
 * case export (cases) writes no list. */
void pakn_report_config_output(struct pakn_agg_config *cfg,
                               enum pakn_format format, int partial, int cases);

/* Writes the result of a run: the partial (partial), one report per split
 * value into outdir (not NULL), or the report, to output (NULL: standard
 * output; a file is replaced only when success).  0, or -1 (reported). */
int pakn_report_write(struct pakn_agg *agg, const struct pakn_render_opts *ro,
                      const char *output, int partial, const char *outdir,
                      int verbose, int success);

#endif
