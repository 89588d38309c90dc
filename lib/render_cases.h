/*
 * render_cases.h: pakn-report --cases, one row per case of the period
 * with its state as the report judged it (agg.h's case hook: the single
 * judge of deadline.h), written as the cases come (never all held): CSV
 * (with the --excel dialects), JSON lines, or an xlsx workbook.
 */
#ifndef PAKN_RENDER_CASES_H
#define PAKN_RENDER_CASES_H

#include "agg.h"
#include "pakn.h"
#include "render.h"

struct pakn_cases;

/*
 * Opens the case list in format o->format (csv, json or xlsx) for path,
 * or standard output when path is NULL; a regular file is written beside
 * and replaced only by pakn_cases_close(success).  NULL with err filled.
 */
struct pakn_cases *pakn_cases_open(const char *path,
                                   const struct pakn_render_opts *o,
                                   const struct pakn_agg_config *cfg,
                                   struct pakn_error *err);
/* A pakn_agg_case_fn: writes one case (arg is the struct pakn_cases). */
void pakn_cases_add(void *arg, const struct pakn_agg_case *c);
/* Finishes (and frees) the list: the file replaced when success.  0, or
 * -1 (reported). */
int pakn_cases_close(struct pakn_cases *w, int success);
/* Cases written so far. */
unsigned long long pakn_cases_count(const struct pakn_cases *w);

/* The workbook of the case list (render_xlsx.c). */
struct pakn_xlsx_cases;
struct pakn_xlsx_cases *pakn_xlsx_cases_open(const char *path,
                                             const struct pakn_render_opts *o,
                                             const struct pakn_agg_config *cfg);
void pakn_xlsx_cases_add(struct pakn_xlsx_cases *w,
                         const struct pakn_agg_case *c);
int pakn_xlsx_cases_close(struct pakn_xlsx_cases *w);

#endif
