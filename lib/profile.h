/*
 * profile.h: an ingest profile, a saved mapping and settings for one
 * export format (the hotline system's CSV, a hand-kept spreadsheet), so
 * `pakn-ingest --profile hotline.yaml` needs no other option:
 *
 *   format: csv              # csv | jsonl | json
 *   delimiter: ";"           # "," ";" "tab"
 *   encoding: windows-1258   # see pakn-ingest(1)
 *   date_order: dmy          # dmy | mdy | ymd
 *   columns:                 # header: record key ("-" drops the column)
 *     "Mã hồ sơ": id
 *     "Ghi chú nội bộ": "-"
 *
 * Every key is optional; unknown keys and bad values are errors naming
 * FILE:LINE:COLUMN.
 */
#ifndef PAKN_PROFILE_H
#define PAKN_PROFILE_H

#include <stddef.h>

#include "pakn.h"

struct pakn_colmap {
	char *header; /* as written (matched exactly, then folded) */
	int col;      /* enum pakn_col */
};

struct pakn_profile {
	char *format;   /* NULL: detect */
	char delimiter; /* 0: detect */
	char *encoding; /* NULL: detect */
	int date_order; /* enum pakn_date_order, or -1 */
	struct pakn_colmap *maps;
	size_t nmaps;
};

/* Loads path into p (zeroed first).  0, or -1 with err naming the file,
 * line and column. */
int pakn_profile_load(struct pakn_profile *p, const char *path,
                      struct pakn_error *err);
void pakn_profile_release(struct pakn_profile *p);
/* Adds one mapping (copies header). */
void pakn_profile_add_map(struct pakn_profile *p, const char *header, size_t n,
                          int col);
/* Parses a delimiter name: "," ";" "tab" "\t" "|".  0 if invalid. */
char pakn_delimiter_parse(const char *s);

#endif
