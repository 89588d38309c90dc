/*
 * render_int.h: what the renderers share (render.c; one file per format:
 * render_text.c, render_md.c, render_csv.c, render_json.c, render_html.c):
 * the label table in both languages, number and date formatting, the
 * display names of group keys, the rows the text and Markdown reports
 * have in common.  Not part of the library's interface (the unit tests
 * use it).
 */
#ifndef PAKN_RENDER_INT_H
#define PAKN_RENDER_INT_H

#include "agg.h"
#include "buf.h"
#include "render.h"

/* Labels; pakn_label() gives the text in a language. */
enum pakn_label_id {
	T_HEADING,
	T_PERIOD,
	T_AS_OF,
	T_COMPARED,
	T_NO_PREV,
	T_SCOPE,
	T_SUMMARY,
	T_FIGURE,
	T_THIS,
	T_PREV,
	T_CHANGE,
	T_MARK_NOTE,
	T_POINTS,
	/* the figures, long */
	F_RECEIVED,
	F_CARRIED,
	F_ON_TIME,
	F_LATE,
	F_OPEN,
	F_OVERDUE,
	F_UNDATED,
	F_RATE,
	F_MEDIAN,
	F_P90,
	F_SATISFIED,
	F_NEUTRAL,
	F_UNSATISFIED,
	F_RATED,
	F_UNRATED,
	F_SAT_RATE,
	F_ESCALATED,
	F_ESC_UNSAT,
	F_ESC_BEYOND,
	F_ESC_DEN,
	F_ESC_OTHER,
	F_RB_ONTIME,
	F_RB_LATE,
	F_RB_WAIT,
	F_RB_OVERDUE,
	F_PUBLISHED,
	/* the figures, short (table headers) */
	H_RECEIVED,
	H_DELTA,
	H_CARRIED,
	H_ON_TIME,
	H_LATE,
	H_OPEN,
	H_OVERDUE,
	H_RATE,
	H_RATE_DELTA,
	H_MEDIAN,
	H_P90,
	H_RATED,
	H_UNRATED,
	H_SAT_RATE,
	H_ESCALATED,
	H_PUBLISHED,
	/* the key column of a grouping */
	C_AGENCY,
	C_CATEGORY,
	C_CHANNEL,
	C_KIND,
	C_DISTRICT,
	C_COMMUNE,
	C_WEEK,
	C_DAY,
	C_LEVEL,
	/* groupings */
	G_AGENCY,
	G_CATEGORY,
	G_CHANNEL,
	G_KIND,
	G_DISTRICT,
	G_COMMUNE,
	G_WEEK,
	G_DAY,
	G_LEVEL,
	G_BY,
	G_AND,
	/* lists */
	L_OVERDUE,
	L_DIRECTIVES,
	L_COORD,         /* coordination requests, by the agency asked */
	L_COORD_OVERDUE, /* "Chậm phúc đáp đề nghị phối hợp" */
	L_ASKED,         /* the agency asked (column) */
	L_REQUESTS,
	L_AWAITING,
	L_TOTAL,
	L_RETURNS,     /* returns, by the agency that sent the case back */
	L_RETURNED_BY, /* its column */
	L_NRETURNS,
	L_MULTI, /* cases across more than two levels */
	L_LEVELS,
	L_NONE,
	L_SHOWN,
	L_ID,
	L_AGENCY,
	L_DAYS_OVERDUE,
	L_DUE,
	L_RECEIVED,
	L_DAYS_WAITING,
	L_TITLE,
	/* keys */
	K_UNASSIGNED,
	K_UNKNOWN,
	/* html */
	X_CHART_CHANNEL,
	X_CHART_AGENCY,
	X_CHART_TREND,
	X_TREND_RECEIVED,
	X_TREND_ANSWERED,
	X_DEFINITIONS,
	X_DEF_TEXT,
	X_FOOTER,
	X_MORE_AGENCIES,
	T_LABEL_COUNT
};

const char *pakn_label(enum pakn_lang lang, enum pakn_label_id id);

/* "1.234" (vi) / "1,234" (en). */
void pakn_fmt_int(struct pakn_buf *b, enum pakn_lang lang, long long v);
/* A signed change: "+2", "-3", "0". */
void pakn_fmt_delta(struct pakn_buf *b, enum pakn_lang lang, long long v);
/* A rate in 1/10000 as a percentage with one decimal: "92,3 %" (vi),
 * "92.3%" (en); "–" when undefined (-1). */
void pakn_fmt_rate(struct pakn_buf *b, enum pakn_lang lang, long rate);
/* The change between two rates in percentage points: "+1,5" / "-0.3";
 * "" when either is undefined. */
void pakn_fmt_rate_delta(struct pakn_buf *b, enum pakn_lang lang, long cur,
                         long prev);
/* A day number: "06/09/2021" (vi), "2021-09-06" (en). */
void pakn_fmt_day(struct pakn_buf *b, enum pakn_lang lang, long day);
/* A day number as ISO 8601, always. */
void pakn_fmt_iso_day(struct pakn_buf *b, long day);
/* The period: "tháng 08/2021 (01/08/2021 – 31/08/2021)". */
void pakn_fmt_period(struct pakn_buf *b, enum pakn_lang lang,
                     const struct pakn_period *p, int month);
/* The mark of the national scoring: "**" full, "*" partial, "" else. */
const char *pakn_mark_stars(enum pakn_mark m);

/* The display text of one key value of a dimension (unescaped). */
void pakn_fmt_key(struct pakn_buf *b, enum pakn_lang lang, enum pakn_dim d,
                  const char *key, const char *name);
/* The display text of a row's key: "A" or "A / B". */
void pakn_fmt_row_key(struct pakn_buf *b, enum pakn_lang lang,
                      const struct pakn_agg_by *by,
                      const struct pakn_report_row *row);
/* The key column's header of a grouping: "Đơn vị xử lý / Kênh tiếp nhận". */
void pakn_fmt_by_column(struct pakn_buf *b, enum pakn_lang lang,
                        const struct pakn_agg_by *by);
/* A header label for a one-line context: its line break as a space. */
void pakn_fmt_header(struct pakn_buf *b, enum pakn_lang lang,
                     enum pakn_label_id id);
/* The heading of a grouping: "Theo đơn vị xử lý". */
void pakn_fmt_by_heading(struct pakn_buf *b, enum pakn_lang lang,
                         const struct pakn_agg_by *by);

/* A rate in 1/10000 as a decimal fraction "0.9231"; nothing when
 * undefined (-1). */
void pakn_fmt_fraction(struct pakn_buf *b, long v);
/* A list's heading: "4. Vụ việc quá hạn ...: 1.234". */
void pakn_fmt_list_heading(struct pakn_buf *b, enum pakn_lang lang,
                           enum pakn_label_id id, int num, long long count);

/* Appends s as HTML text, & < > " ' escaped, controls other than tab and
 * newline as spaces. */
void pakn_html_escape(struct pakn_buf *b, const char *s, size_t n);

/* Appends one CSV field: quoted when it holds a comma, quote or line
 * break; when text is set, a field a spreadsheet would run as a formula
 * (= + - @, tab, CR at the start) is quoted with a leading apostrophe. */
void pakn_csv_field(struct pakn_buf *b, const char *s, int text);
/* The same with another separator (';' for Vietnamese Excel). */
void pakn_csv_field_sep(struct pakn_buf *b, const char *s, int text, char sep);

/* How a CSV is written: its separator, decimal mark, line end, BOM. */
struct pakn_csv_dialect {
	char sep, decimal;
	const char *eol;
	int bom;
};
/* The dialect of an excel setting (render.h: 0, PAKN_EXCEL_VI, _INTL). */
void pakn_csv_dialect(struct pakn_csv_dialect *d, int excel);

/* ---- the text and Markdown reports ---------------------------------- */

/* The opening lines (scope, period, as-of, comparison), one a line;
 * md: each begins with "- ".  The scope name is cleaned of controls,
 * not escaped. */
void pakn_render_head_lines(const struct pakn_report *rep,
                            const struct pakn_render_opts *o,
                            struct pakn_buf *out, int md);

/* One summary row: the figure, this period, previous, change. */
struct pakn_sumrow {
	enum pakn_label_id label;
	char cur[48], prev[48], change[48];
};

#define PAKN_NSUMROWS 26
/* The summary rows (PAKN_NSUMROWS of them) into rows; their count. */
size_t pakn_summary_rows(const struct pakn_report *rep, enum pakn_lang lang,
                         struct pakn_sumrow *rows);

/* The columns of a group table. */
enum {
	PAKN_GC_KEY,
	PAKN_GC_RECEIVED,
	PAKN_GC_DELTA,
	PAKN_GC_CARRIED,
	PAKN_GC_ON_TIME,
	PAKN_GC_LATE,
	PAKN_GC_OPEN,
	PAKN_GC_OVERDUE,
	PAKN_GC_RATE,
	PAKN_GC_RATE_DELTA,
	PAKN_GC_MEDIAN,
	PAKN_GC_P90,
	PAKN_GC_RATED,
	PAKN_GC_UNRATED,
	PAKN_GC_SAT_RATE,
	PAKN_GC_ESCALATED,
	PAKN_GC_PUBLISHED,
	PAKN_GC_COUNT
};
/* Whether column c of a group table is shown: the change columns only
 * with a previous period, "published" only when it is known. */
int pakn_group_col_shown(const struct pakn_report *rep, int c);
/* The header label of each column (PAKN_GC_KEY's is replaced by the
 * grouping's, pakn_fmt_by_column). */
extern const enum pakn_label_id pakn_group_heads[PAKN_GC_COUNT];
/* The figures of one row, c this period and p the previous, into cells
 * 1.. (reset first; the key cell is left alone).  The change columns stay
 * empty without a previous period. */
void pakn_group_cells(const struct pakn_report *rep, enum pakn_lang lang,
                      const struct pakn_figures *c,
                      const struct pakn_figures *p,
                      struct pakn_buf cells[PAKN_GC_COUNT]);

/*
 * The small tables by an agency other than the case's own: the
 * coordination requests by the agency asked (requests, replied on time,
 * late, awaiting, overdue), the returns by the agency that sent the case
 * back.  Column 0 is the agency, the others numbers; a total row last.
 */
enum pakn_atab { PAKN_ATAB_COORD, PAKN_ATAB_RETURNS };
#define PAKN_ATAB_MAXCOLS 6
int pakn_atab_ncols(enum pakn_atab t);
enum pakn_label_id pakn_atab_head(enum pakn_atab t, int col);
/* Its rows (the total row not counted). */
size_t pakn_atab_nrows(const struct pakn_report *rep, enum pakn_atab t);
/* Row r (r == nrows: the total row): the key ("" for the total), the
 * cells as text (replaced) and the numbers (v[0] unused). */
const char *pakn_atab_row(const struct pakn_report *rep, enum pakn_lang lang,
                          enum pakn_atab t, size_t r,
                          struct pakn_buf cells[PAKN_ATAB_MAXCOLS],
                          long long v[PAKN_ATAB_MAXCOLS]);

/* ---- one renderer per format ---------------------------------------- */

void pakn_render_text(const struct pakn_report *rep,
                      const struct pakn_render_opts *o, struct pakn_buf *out);
void pakn_render_md(const struct pakn_report *rep,
                    const struct pakn_render_opts *o, struct pakn_buf *out);
void pakn_render_csv(const struct pakn_report *rep,
                     const struct pakn_render_opts *o, struct pakn_buf *out);
void pakn_render_json(const struct pakn_report *rep,
                      const struct pakn_render_opts *o, struct pakn_buf *out);
void pakn_render_html(const struct pakn_report *rep,
                      const struct pakn_render_opts *o, struct pakn_buf *out);
/* The workbook's bytes; nothing appended (a warning said why) when it
 * cannot be made. */
void pakn_render_xlsx(const struct pakn_report *rep,
                      const struct pakn_render_opts *o, struct pakn_buf *out);
/* The HTML report printed to PDF by headless Chromium (render_pdf.c);
 * nothing appended (a warning said why, and how to install it) when it
 * cannot be. */
void pakn_render_pdf(const struct pakn_report *rep,
                     const struct pakn_render_opts *o, struct pakn_buf *out);

#endif
