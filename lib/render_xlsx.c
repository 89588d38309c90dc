/*
 * render_xlsx.c: the report as an Excel workbook (libxlsxwriter), and the
 * case list of --cases as one.
 *
 * The report's workbook: a sheet Tổng hợp (the summary), one sheet per
 * grouping (Theo đơn vị, Theo kênh, Theo lĩnh vực, ...), Quá hạn (every
 * overdue case: pakn-report keeps the whole list for this format, see
 * agg.h all_cases) and Chỉ đạo (the directives awaiting a report back).
 * Each sheet opens with the title and the period, then a table with a
 * frozen header row and an autofilter; counts are numbers, rates are
 * percentages (the fraction with a "0.0%" format), days are dates
 * ("dd/mm/yyyy", Excel's 1900 date system); the previous period's figure
 * stands beside each figure of the current one.  Column widths follow
 * the longest text written in them (in code points, capped).
 *
 * libxlsxwriter writes to a file: the workbook goes to a temporary file
 * (constant-memory mode: rows go to disk as they are written, so a long
 * overdue list does not sit in memory twice) and is read back into the
 * output buffer, so -o, standard output and --split-by work as for every
 * other format.
 */
#include "render.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "diag.h"
#include "render_cases.h"
#include "render_int.h"
#include "text.h"
#include "when.h"
#include "xlsxrows.h"

#define XLSX_EPOCH 25569 /* Excel's serial of 1970-01-01 (1900 system) */
#define MAX_COLS 64
#define WIDTH_MAX 60

/* Labels of the workbook only (the others are render.c's). */
enum {
	W_SUMMARY,
	W_OVERDUE,
	W_DIRECTIVES,
	W_COORD,
	W_COORD_LATE,
	W_REQUESTED,
	W_MULTI,
	W_RETURNS,
	W_CASES,
	W_PREV_SUFFIX,
	W_NO,
	W_CODE,
	W_NAME,
	W_POPULATION,
	W_RECEIVED_IN,
	W_CARRIED,
	W_CHANNEL,
	W_CATEGORY,
	W_KIND,
	W_STATE,
	W_DAYS_LATE,
	W_ANSWERED,
	W_N
};

static const char *const wlabels[W_N][2] = {
    [W_SUMMARY] = {"Tổng hợp", "Summary"},
    [W_OVERDUE] = {"Quá hạn", "Overdue"},
    [W_DIRECTIVES] = {"Chỉ đạo", "Directives"},
    [W_COORD] = {"Phối hợp", "Coordination"},
    [W_COORD_LATE] = {"Chậm phúc đáp", "Late replies"},
    [W_REQUESTED] = {"Ngày đề nghị", "Requested"},
    [W_MULTI] = {"Nhiều cấp", "Many levels"},
    [W_RETURNS] = {"Trả lại", "Sent back"},
    [W_CASES] = {"Vụ việc", "Cases"},
    [W_PREV_SUFFIX] = {" (kỳ trước)", " (previous)"},
    [W_NO] = {"STT", "No."},
    [W_CODE] = {"Mã", "Code"},
    [W_NAME] = {"Tên", "Name"},
    [W_POPULATION] = {"Thuộc kỳ", "In the period as"},
    [W_RECEIVED_IN] = {"Tiếp nhận trong kỳ", "received"},
    [W_CARRIED] = {"Kỳ trước chuyển sang", "carried over"},
    [W_CHANNEL] = {"Kênh tiếp nhận", "Channel"},
    [W_CATEGORY] = {"Lĩnh vực", "Category"},
    [W_KIND] = {"Loại", "Kind"},
    [W_STATE] = {"Tình trạng", "State"},
    [W_DAYS_LATE] = {"Số ngày làm việc trễ/quá hạn",
                     "Working days late or overdue"},
    [W_ANSWERED] = {"Ngày trả lời", "Answered on"},
};

static const char *
wl(enum pakn_lang lang, int id)
{
	return wlabels[id][lang == PAKN_LANG_EN];
}

/* The formats of a workbook. */
struct xfmt {
	lxw_format *title, *bold, *head, *num, *pct, *date, *text, *note;
};

/* One sheet being written: its next row and the widths of its columns. */
struct xsheet {
	lxw_worksheet *ws;
	unsigned number; /* the workbook's worksheet number, 1 for the first */
	/* where the cells go when not through libxlsxwriter (xlsxrows.h) */
	struct pakn_xlsx_rows *raw;
	lxw_row_t row;
	int ncols;
	double width[MAX_COLS];
	struct pakn_buf tmp;
};

static void
fmt_init(lxw_workbook *wb, struct xfmt *f)
{
	f->title = workbook_add_format(wb);
	format_set_bold(f->title);
	format_set_font_size(f->title, 13);
	f->bold = workbook_add_format(wb);
	format_set_bold(f->bold);
	f->head = workbook_add_format(wb);
	format_set_bold(f->head);
	format_set_text_wrap(f->head);
	format_set_align(f->head, LXW_ALIGN_CENTER);
	format_set_align(f->head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_bg_color(f->head, 0xDDE6F0);
	format_set_border(f->head, LXW_BORDER_THIN);
	f->num = workbook_add_format(wb);
	format_set_num_format(f->num, "#,##0");
	f->pct = workbook_add_format(wb);
	format_set_num_format(f->pct, "0.0%");
	f->date = workbook_add_format(wb);
	format_set_num_format(f->date, "dd/mm/yyyy");
	f->text = NULL; /* the default: no format lookup per cell */
	f->note = workbook_add_format(wb);
	format_set_italic(f->note);
}

static void
note_width(struct xsheet *x, lxw_col_t col, double w)
{
	if (col < MAX_COLS && w > x->width[col])
		x->width[col] = w;
	if ((int)col + 1 > x->ncols)
		x->ncols = (int)col + 1;
}

/* The xf index libxlsxwriter gives fmt (-1 for none). */
static int
xf_index(lxw_format *fmt)
{
	return fmt ? (int)lxw_format_get_xf_index(fmt) : -1;
}

static void
write_number(struct xsheet *x, lxw_col_t col, double v, lxw_format *fmt)
{
	if (x->raw)
		pakn_xlsx_rows_num(x->raw, x->row, col, v, xf_index(fmt));
	else
		worksheet_write_number(x->ws, x->row, col, v, fmt);
}

/* A text cell, cleaned as pakn_xlsx_clean says. */
static void
put_text(struct xsheet *x, lxw_col_t col, const char *s, size_t n,
         lxw_format *fmt)
{
	int valid;
	char *d;
	size_t i;
	double w = 0; /* characters: the width the column needs */

	if (n == 0)
		return;
	valid = pakn_utf8_valid(s, n, NULL);
	if (x->raw) {
		note_width(x, col,
		           pakn_xlsx_rows_str(x->raw, x->row, col, s, n, valid,
		                              xf_index(fmt)));
		return;
	}
	pakn_buf_reset(&x->tmp);
	pakn_buf_grow(&x->tmp, n);
	d = x->tmp.data;
	for (i = 0; i < n; i++) {
		d[i] = pakn_xlsx_clean((unsigned char)s[i], valid);
		w += ((unsigned char)s[i] & 0xc0) != 0x80 || !valid;
	}
	d[n] = '\0';
	x->tmp.len = n;
	worksheet_write_string(x->ws, x->row, col, d, fmt);
	note_width(x, col, w);
}

static void
put_str(struct xsheet *x, lxw_col_t col, const char *s, lxw_format *fmt)
{
	if (s)
		put_text(x, col, s, strlen(s), fmt);
}

static void
put_num(struct xsheet *x, lxw_col_t col, double v, lxw_format *fmt)
{
	char b[32];
	double digits = 1;

	write_number(x, col, v, fmt);
	if (v >= 0 && v < 1e15 && v == (double)(long long)v) {
		long long k = (long long)v;

		while (k >= 10) {
			k /= 10;
			digits++;
		}
	} else {
		snprintf(b, sizeof b, "%.0f", v);
		digits = (double)strlen(b);
	}
	note_width(x, col, digits + 2);
}

/* A rate in 1/10000 as a percentage; blank when undefined. */
static void
put_rate(struct xsheet *x, lxw_col_t col, long rate, lxw_format *fmt)
{
	if (rate >= 0) {
		write_number(x, col, rate / 10000.0, fmt);
		note_width(x, col, 7);
	}
}

/* A day number as a date; blank when none. */
static void
put_day(struct xsheet *x, lxw_col_t col, long day, lxw_format *fmt)
{
	if (day >= 0 && day + XLSX_EPOCH > 60) {
		write_number(x, col, (double)(day + XLSX_EPOCH), fmt);
		note_width(x, col, 11);
	}
}

/* A header cell: its width is the longest word's (headers wrap). */
static void
put_head(struct xsheet *x, lxw_col_t col, const char *s, lxw_format *fmt)
{
	const char *p = s;
	double w = 0, word = 0;

	if (col == 0) /* constant memory: the row's height before its cells */
		worksheet_set_row(x->ws, x->row, 45, NULL);
	worksheet_write_string(x->ws, x->row, col, s, fmt);
	for (;; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\0') {
			if (word > w)
				w = word;
			word = 0;
			if (*p == '\0')
				break;
		} else if (((unsigned char)*p & 0xc0) != 0x80)
			word++;
	}
	note_width(x, col, w + 2);
}

static void
sheet_begin(struct xsheet *x, lxw_workbook *wb, const char *name)
{
	memset(x, 0, sizeof *x);
	x->ws = workbook_add_worksheet(wb, name);
	x->number = wb->num_worksheets;
	worksheet_set_paper(x->ws, 9); /* A4 */
	worksheet_set_landscape(x->ws);
	worksheet_fit_to_pages(x->ws, 1, 0);
}

/* The header row is x->row: frozen below it, filtered over ncols. */
static void
sheet_table(struct xsheet *x, lxw_row_t head, lxw_col_t ncols)
{
	worksheet_freeze_panes(x->ws, head + 1, 0);
	worksheet_autofilter(x->ws, head, 0, x->row > head ? x->row - 1 : head,
	                     ncols - 1);
	worksheet_repeat_rows(x->ws, head, head);
}

static void
sheet_end(struct xsheet *x)
{
	int c;

	for (c = 0; c < x->ncols && c < MAX_COLS; c++) {
		double w = x->width[c] + 1;

		if (w < 6)
			w = 6;
		if (w > WIDTH_MAX)
			w = WIDTH_MAX;
		worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c, w,
		                     NULL);
	}
	pakn_buf_release(&x->tmp);
}

/* The title rows of a sheet: the heading, the office or the scope, the
 * period and as-of, the comparison.  Text that is long must not widen
 * column A: it is written without counting its width. */
static void
title_rows(struct xsheet *x, const struct pakn_report *rep,
           const struct pakn_render_opts *o, const struct xfmt *f,
           const char *sheet_title)
{
	struct pakn_buf b = PAKN_BUF_INIT;
	enum pakn_lang L = o->lang;

	if (o->title) {
		worksheet_write_string(x->ws, x->row++, 0, o->title, f->bold);
	}
	pakn_buf_adds(&b, pakn_label(L, T_HEADING));
	if (sheet_title) {
		pakn_buf_adds(&b, " – ");
		pakn_buf_adds(&b, sheet_title);
	}
	worksheet_write_string(x->ws, x->row++, 0, b.data, f->title);
	if (rep->scope_key) {
		pakn_buf_reset(&b);
		pakn_buf_addf(&b, "%s: ", pakn_label(L, T_SCOPE));
		pakn_fmt_key(&b, L, rep->cfg->split_dim, rep->scope_key,
		             rep->scope_name);
		worksheet_write_string(x->ws, x->row++, 0, b.data, f->bold);
	}
	pakn_buf_reset(&b);
	pakn_buf_addf(&b, "%s: ", pakn_label(L, T_PERIOD));
	pakn_fmt_period(&b, L, &rep->cfg->cur, rep->cfg->month);
	pakn_buf_addf(&b, ". %s ", pakn_label(L, T_AS_OF));
	pakn_fmt_day(&b, L, rep->cfg->cur.as_of);
	worksheet_write_string(x->ws, x->row++, 0, b.data, NULL);
	pakn_buf_reset(&b);
	pakn_buf_addf(&b, "%s: ", pakn_label(L, T_COMPARED));
	pakn_fmt_period(&b, L, &rep->cfg->prev, rep->cfg->month);
	if (!rep->has_prev)
		pakn_buf_addf(&b, " (%s)", pakn_label(L, T_NO_PREV));
	worksheet_write_string(x->ws, x->row++, 0, b.data, NULL);
	x->row++;
	pakn_buf_release(&b);
}

/* ---- the summary -------------------------------------------------------- */

/* The figures of the summary and of the group sheets, in order. */
enum fig_kind { FK_NUM, FK_RATE, FK_DAYS };
struct fig {
	enum pakn_label_id label, head;
	enum fig_kind kind;
	size_t off; /* in struct pakn_figures */
};

#define FIG(l, h, k, m)                                                        \
	{                                                                      \
		l, h, k, offsetof(struct pakn_figures, m)                      \
	}
static const struct fig figs[] = {
    FIG(F_RECEIVED, H_RECEIVED, FK_NUM, received),
    FIG(F_CARRIED, H_CARRIED, FK_NUM, carried_over),
    FIG(F_ON_TIME, H_ON_TIME, FK_NUM, on_time),
    FIG(F_LATE, H_LATE, FK_NUM, late),
    FIG(F_OPEN, H_OPEN, FK_NUM, open),
    FIG(F_OVERDUE, H_OVERDUE, FK_NUM, overdue),
    FIG(F_UNDATED, F_UNDATED, FK_NUM, undated),
    FIG(F_RATE, H_RATE, FK_RATE, rate),
    FIG(F_MEDIAN, H_MEDIAN, FK_DAYS, median),
    FIG(F_P90, H_P90, FK_DAYS, p90),
    FIG(F_SATISFIED, F_SATISFIED, FK_NUM, satisfied),
    FIG(F_NEUTRAL, F_NEUTRAL, FK_NUM, neutral),
    FIG(F_UNSATISFIED, F_UNSATISFIED, FK_NUM, unsatisfied),
    FIG(F_RATED, H_RATED, FK_NUM, rated),
    FIG(F_UNRATED, H_UNRATED, FK_NUM, unrated),
    FIG(F_SAT_RATE, H_SAT_RATE, FK_RATE, sat_rate),
    FIG(F_ESCALATED, H_ESCALATED, FK_NUM, escalated),
    FIG(F_ESC_UNSAT, F_ESC_UNSAT, FK_NUM, esc_unsatisfied),
    FIG(F_ESC_BEYOND, F_ESC_BEYOND, FK_NUM, esc_beyond),
    FIG(F_ESC_DEN, F_ESC_DEN, FK_NUM, esc_denunciation),
    FIG(F_ESC_OTHER, F_ESC_OTHER, FK_NUM, esc_other),
    FIG(F_RB_ONTIME, F_RB_ONTIME, FK_NUM, rb_on_time),
    FIG(F_RB_LATE, F_RB_LATE, FK_NUM, rb_late),
    FIG(F_RB_WAIT, F_RB_WAIT, FK_NUM, rb_awaiting),
    FIG(F_RB_OVERDUE, F_RB_OVERDUE, FK_NUM, rb_overdue),
    FIG(F_PUBLISHED, H_PUBLISHED, FK_NUM, published),
};
#define NFIGS (sizeof figs / sizeof figs[0])

/* Whether figure i is shown: "published" only when it is known. */
static int
fig_shown(const struct pakn_report *rep, size_t i)
{
	return figs[i].label != F_PUBLISHED || rep->has_published;
}

/* The escalations by reason are rows of the summary, not columns of the
 * group sheets. */
static int
fig_in_groups(const struct pakn_report *rep, size_t i)
{
	return fig_shown(rep, i) &&
	       (figs[i].label < F_ESC_UNSAT || figs[i].label > F_ESC_OTHER);
}

/* A figure's value (a rate as a fraction). */
static double
fig_value(const struct fig *g, const struct pakn_figures *f)
{
	const char *p = (const char *)f + g->off;
	long long ll;
	long l;

	if (g->kind == FK_NUM) {
		memcpy(&ll, p, sizeof ll);
		return (double)ll;
	}
	memcpy(&l, p, sizeof l);
	return g->kind == FK_RATE ? l / 10000.0 : (double)l;
}

static void
put_fig(struct xsheet *x, lxw_col_t col, const struct fig *g,
        const struct pakn_figures *f, const struct xfmt *xf)
{
	const char *p = (const char *)f + g->off;

	if (g->kind == FK_NUM) {
		long long v;

		memcpy(&v, p, sizeof v);
		put_num(x, col, (double)v, xf->num);
	} else {
		long v;

		memcpy(&v, p, sizeof v);
		if (g->kind == FK_RATE)
			put_rate(x, col, v, xf->pct);
		else if (v >= 0)
			put_num(x, col, (double)v, xf->num);
	}
}

static void
sheet_summary(lxw_workbook *wb, const struct pakn_report *rep,
              const struct pakn_render_opts *o, const struct xfmt *xf)
{
	struct xsheet x;
	enum pakn_lang L = o->lang;
	lxw_row_t head;
	size_t i;

	sheet_begin(&x, wb, wl(L, W_SUMMARY));
	worksheet_fit_to_pages(x.ws, 1, 1);
	worksheet_set_portrait(x.ws);
	title_rows(&x, rep, o, xf, NULL);
	head = x.row;
	put_head(&x, 0, pakn_label(L, T_FIGURE), xf->head);
	put_head(&x, 1, pakn_label(L, T_THIS), xf->head);
	put_head(&x, 2, pakn_label(L, T_PREV), xf->head);
	put_head(&x, 3, pakn_label(L, T_CHANGE), xf->head);
	x.row++;
	for (i = 0; i < NFIGS; i++) {
		if (!fig_shown(rep, i))
			continue;
		put_str(&x, 0, pakn_label(L, figs[i].label), NULL);
		put_fig(&x, 1, &figs[i], &rep->total, xf);
		if (rep->has_prev) {
			put_fig(&x, 2, &figs[i], &rep->prev_total, xf);
			/* the change as a formula over the two cells */
			if (figs[i].kind == FK_NUM ||
			    (figs[i].kind == FK_RATE &&
			     *(const long *)((const char *)&rep->total +
			                     figs[i].off) >= 0 &&
			     *(const long *)((const char *)&rep->prev_total +
			                     figs[i].off) >= 0)) {
				char fm[64];

				snprintf(fm, sizeof fm, "=B%u-C%u",
				         (unsigned)x.row + 1,
				         (unsigned)x.row + 1);
				worksheet_write_formula_num(
				    x.ws, x.row, 3, fm,
				    figs[i].kind == FK_RATE ? xf->pct : xf->num,
				    fig_value(&figs[i], &rep->total) -
				        fig_value(&figs[i], &rep->prev_total));
			}
		}
		x.row++;
	}
	sheet_table(&x, head, 4);
	x.row++;
	worksheet_write_string(x.ws, x.row++, 0, pakn_label(L, T_MARK_NOTE),
	                       xf->note);
	sheet_end(&x);
}

/* ---- the groups --------------------------------------------------------- */

static const struct {
	const char *vi, *en;
} dim_sheet[PAKN_DIM_COUNT] = {
    [PAKN_DIM_AGENCY] = {"đơn vị", "agency"},
    [PAKN_DIM_CATEGORY] = {"lĩnh vực", "category"},
    [PAKN_DIM_CHANNEL] = {"kênh", "channel"},
    [PAKN_DIM_KIND] = {"loại", "kind"},
    [PAKN_DIM_DISTRICT] = {"huyện", "district"},
    [PAKN_DIM_COMMUNE] = {"xã", "commune"},
    [PAKN_DIM_WEEK] = {"tuần", "week"},
    [PAKN_DIM_DAY] = {"ngày", "day"},
    [PAKN_DIM_LEVEL] = {"cấp", "level"},
};

/* "Theo đơn vị" / "Theo đơn vị, kênh" / "By agency". */
static void
group_sheet_name(struct pakn_buf *b, enum pakn_lang L,
                 const struct pakn_agg_by *by)
{
	int k;

	pakn_buf_adds(b, L == PAKN_LANG_EN ? "By " : "Theo ");
	for (k = 0; k < by->ndim; k++) {
		if (k)
			pakn_buf_adds(b, ", ");
		pakn_buf_adds(b, L == PAKN_LANG_EN ? dim_sheet[by->dim[k]].en
		                                   : dim_sheet[by->dim[k]].vi);
	}
}

static const enum pakn_label_id dim_col[PAKN_DIM_COUNT] = {
    [PAKN_DIM_AGENCY] = C_AGENCY,     [PAKN_DIM_CATEGORY] = C_CATEGORY,
    [PAKN_DIM_CHANNEL] = C_CHANNEL,   [PAKN_DIM_KIND] = C_KIND,
    [PAKN_DIM_DISTRICT] = C_DISTRICT, [PAKN_DIM_COMMUNE] = C_COMMUNE,
    [PAKN_DIM_WEEK] = C_WEEK,         [PAKN_DIM_DAY] = C_DAY,
    [PAKN_DIM_LEVEL] = C_LEVEL,
};

static void
sheet_group(lxw_workbook *wb, const struct pakn_report *rep,
            const struct pakn_render_opts *o, const struct xfmt *xf,
            const struct pakn_report_group *g)
{
	struct xsheet x;
	enum pakn_lang L = o->lang;
	struct pakn_buf b = PAKN_BUF_INIT;
	lxw_row_t head;
	lxw_col_t col;
	size_t i, r;
	int k, per = rep->has_prev ? 2 : 1;

	group_sheet_name(&b, L, &g->by);
	sheet_begin(&x, wb, b.data);
	pakn_buf_reset(&b);
	pakn_fmt_by_heading(&b, L, &g->by);
	title_rows(&x, rep, o, xf, b.data);
	head = x.row;
	col = 0;
	for (k = 0; k < g->by.ndim; k++) {
		pakn_buf_reset(&b);
		pakn_buf_addf(&b, "%s (%s)",
		              pakn_label(L, dim_col[g->by.dim[k]]),
		              wl(L, W_CODE));
		put_head(&x, col++, b.data, xf->head);
		put_head(&x, col++, pakn_label(L, dim_col[g->by.dim[k]]),
		         xf->head);
	}
	for (i = 0; i < NFIGS; i++) {
		if (!fig_in_groups(rep, i))
			continue;
		pakn_buf_reset(&b);
		pakn_fmt_header(&b, L, figs[i].head);
		put_head(&x, col++, b.data, xf->head);
		if (per == 2) {
			pakn_buf_adds(&b, wl(L, W_PREV_SUFFIX));
			put_head(&x, col++, b.data, xf->head);
		}
	}
	x.row++;
	for (r = 0; r < g->nrows; r++) {
		const struct pakn_report_row *row = &g->rows[r];

		col = 0;
		for (k = 0; k < g->by.ndim; k++) {
			put_str(&x, col++, row->key[k], xf->text);
			pakn_buf_reset(&b);
			pakn_fmt_key(&b, L, g->by.dim[k], row->key[k],
			             row->name[k]);
			put_str(&x, col++, b.data, xf->text);
		}
		for (i = 0; i < NFIGS; i++) {
			if (!fig_in_groups(rep, i))
				continue;
			put_fig(&x, col++, &figs[i], &row->cur, xf);
			if (per == 2)
				put_fig(&x, col++, &figs[i], &row->prev, xf);
		}
		x.row++;
	}
	sheet_table(&x, head, col);
	worksheet_freeze_panes(x.ws, head + 1, (lxw_col_t)(2 * g->by.ndim));
	sheet_end(&x);
	pakn_buf_release(&b);
}

/* ---- the lists ---------------------------------------------------------- */

/* A list: the overdue cases (kind 0), the directives (1), the overdue
 * coordination requests (2: the agency asked, the day of the request). */
/* The list sheets whose case rows xlsxrows.c writes: every one, unless
 * PAKN_XLSX_SPLICE=0 says to write them through libxlsxwriter (slower; the
 * tests compare the two). */
struct splices {
	struct pakn_xlsx_splice s[4];
	size_t n;
	int off;
};

static void
sheet_list(lxw_workbook *wb, const struct pakn_report *rep,
           const struct pakn_render_opts *o, const struct xfmt *xf,
           const struct pakn_report_list *l, int kind, struct splices *sp)
{
	static const int sheet[4] = {W_OVERDUE, W_DIRECTIVES, W_COORD_LATE,
	                             W_MULTI};
	static const enum pakn_label_id title[4] = {L_OVERDUE, L_DIRECTIVES,
	                                            L_COORD_OVERDUE, L_MULTI};
	struct xsheet x;
	enum pakn_lang L = o->lang;
	struct pakn_buf b = PAKN_BUF_INIT;
	lxw_row_t head;
	lxw_col_t col = 0;
	size_t i;
	int directives = kind == 1 || kind == 3; /* received, then days */
	lxw_col_t ncols = directives ? 7 : 8;    /* no due date column */

	sheet_begin(&x, wb, wl(L, sheet[kind]));
	pakn_buf_addf(&b, "%s: ", pakn_label(L, title[kind]));
	pakn_fmt_int(&b, L, l->count);
	title_rows(&x, rep, o, xf, b.data);
	if (l->ncases < (size_t)l->count) {
		pakn_buf_reset(&b);
		if (L == PAKN_LANG_EN)
			pakn_buf_addf(&b,
			              "The list holds %zu of the %lld cases "
			              "(merged partials).",
			              l->ncases, l->count);
		else
			pakn_buf_addf(
			    &b,
			    "Danh sách chỉ gồm %zu trong %lld vụ việc "
			    "(số liệu gộp từ các phần).",
			    l->ncases, l->count);
		worksheet_write_string(x.ws, x.row++, 0, b.data, xf->note);
	}
	head = x.row;
	put_head(&x, col++, wl(L, W_NO), xf->head);
	put_head(&x, col++, pakn_label(L, L_ID), xf->head);
	pakn_buf_reset(&b);
	pakn_buf_addf(&b, "%s (%s)", pakn_label(L, L_AGENCY), wl(L, W_CODE));
	put_head(&x, col++, b.data, xf->head);
	put_head(&x, col++, pakn_label(L, L_AGENCY), xf->head);
	put_head(&x, col++, pakn_label(L, L_TITLE), xf->head);
	put_head(&x, col++,
	         kind == 2 ? wl(L, W_REQUESTED) : pakn_label(L, L_RECEIVED),
	         xf->head);
	if (!directives)
		put_head(&x, col++, pakn_label(L, L_DUE), xf->head);
	put_head(&x, col++,
	         pakn_label(L, kind == 3    ? L_LEVELS
	                       : directives ? L_DAYS_WAITING
	                                    : L_DAYS_OVERDUE),
	         xf->head);
	x.row++;
	if (l->ncases > 0 && !sp->off && sp->n < 4)
		x.raw = pakn_xlsx_rows_new(1);
	for (i = 0; i < l->ncases; i++) {
		const struct pakn_report_case *c = &l->cases[i];

		col = 0;
		put_num(&x, col++, (double)(i + 1), xf->num);
		put_str(&x, col++, c->id, xf->text);
		put_str(&x, col++, c->agency, xf->text);
		pakn_buf_reset(&b);
		pakn_fmt_key(&b, L, PAKN_DIM_AGENCY, c->agency, c->agency_name);
		put_str(&x, col++, b.data, xf->text);
		put_str(&x, col++, c->title, xf->text);
		put_day(&x, col++, c->received_day, xf->date);
		if (!directives)
			put_day(&x, col++, c->due_day, xf->date);
		put_num(&x, col++, (double)c->days, xf->num);
		x.row++;
	}
	if (x.raw) {
		sp->s[sp->n].sheet = x.number;
		sp->s[sp->n].ncols = ncols;
		sp->s[sp->n].rows = x.raw;
		sp->n++;
		x.raw = NULL;
	}
	if (l->ncases == 0) {
		worksheet_write_string(x.ws, x.row++, 1, pakn_label(L, L_NONE),
		                       xf->note);
		x.row = head + 1;
	}
	sheet_table(&x, head, ncols);
	worksheet_freeze_panes(x.ws, head + 1, 2);
	sheet_end(&x);
	pakn_buf_release(&b);
}

/* A table by agency (render_int.h pakn_atab), with a total row. */
static void
sheet_atab(lxw_workbook *wb, const struct pakn_report *rep,
           const struct pakn_render_opts *o, const struct xfmt *xf,
           enum pakn_atab tab, const char *name, enum pakn_label_id title)
{
	struct xsheet x;
	enum pakn_lang L = o->lang;
	struct pakn_buf cells[PAKN_ATAB_MAXCOLS], b = PAKN_BUF_INIT;
	long long v[PAKN_ATAB_MAXCOLS];
	int c, n = pakn_atab_ncols(tab);
	size_t r, nr = pakn_atab_nrows(rep, tab);
	lxw_row_t head;

	memset(cells, 0, sizeof cells);
	sheet_begin(&x, wb, name);
	title_rows(&x, rep, o, xf, pakn_label(L, title));
	head = x.row;
	put_head(&x, 0, wl(L, W_CODE), xf->head);
	for (c = 0; c < n; c++) {
		pakn_buf_reset(&b);
		pakn_fmt_header(&b, L, pakn_atab_head(tab, c));
		put_head(&x, (lxw_col_t)(c + 1), b.data, xf->head);
	}
	x.row++;
	for (r = 0; r <= nr; r++) {
		lxw_format *text = r < nr ? xf->text : xf->bold;
		const char *key = pakn_atab_row(rep, L, tab, r, cells, v);

		put_str(&x, 0, key, text);
		put_str(&x, 1, cells[0].data, text);
		for (c = 1; c < n; c++)
			put_num(&x, (lxw_col_t)(c + 1), (double)v[c], xf->num);
		x.row++;
	}
	sheet_table(&x, head, (lxw_col_t)(n + 1));
	sheet_end(&x);
	for (c = 0; c < n; c++)
		pakn_buf_release(&cells[c]);
	pakn_buf_release(&b);
}

/* ---- a workbook through a temporary file -------------------------------- */

/* A temporary file's name for libxlsxwriter; NULL (warned) on failure. */
static char *
temp_name(void)
{
	const char *dir = getenv("TMPDIR");
	struct pakn_buf b = PAKN_BUF_INIT;
	int fd;

	pakn_buf_addf(&b, "%s/pakn-xlsx.XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(b.data);
	if (fd < 0) {
		pakn_warn("xlsx: cannot make a temporary file in %s: %s",
		          dir && *dir ? dir : "/tmp", strerror(errno));
		pakn_buf_release(&b);
		return NULL;
	}
	close(fd);
	return b.data;
}

/* Appends the file to out; 0, or -1 (warned). */
static int
slurp(const char *path, struct pakn_buf *out)
{
	FILE *fp = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (fp == NULL) {
		pakn_warn("xlsx: %s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		pakn_buf_add(out, chunk, n);
	if (ferror(fp)) {
		pakn_warn("xlsx: %s: %s", path, strerror(errno));
		rc = -1;
	}
	fclose(fp);
	return rc;
}

static lxw_workbook *
book_new(const char *path)
{
	lxw_workbook_options opt;
	const char *dir = getenv("TMPDIR");

	memset(&opt, 0, sizeof opt);
	opt.constant_memory = LXW_TRUE;
	opt.tmpdir = dir && *dir ? (char *)dir : NULL;
	return workbook_new_opt(path, &opt);
}

static void
book_props(lxw_workbook *wb, const struct pakn_render_opts *o, long as_of)
{
	lxw_doc_properties props;

	memset(&props, 0, sizeof props);
	props.title = (char *)pakn_label(o->lang, T_HEADING);
	props.author = (char *)(o->title ? o->title : "pakn-report");
	/* the as-of day, not the clock: the same report, the same bytes */
	props.created = (time_t)as_of * 86400;
	workbook_set_properties(wb, &props);
}

/* A group sheet's place: agency, channel, category, then the others. */
static int
group_rank(const struct pakn_agg_by *by)
{
	static const int rank[PAKN_DIM_COUNT] = {
	    [PAKN_DIM_AGENCY] = 0,   [PAKN_DIM_CHANNEL] = 1,
	    [PAKN_DIM_CATEGORY] = 2, [PAKN_DIM_KIND] = 3,
	    [PAKN_DIM_DISTRICT] = 4, [PAKN_DIM_COMMUNE] = 5,
	    [PAKN_DIM_WEEK] = 6,     [PAKN_DIM_DAY] = 7,
	    [PAKN_DIM_LEVEL] = 8};

	return rank[by->dim[0]] * 10 + (by->ndim == 2 ? 1 + by->dim[1] : 0);
}

void
pakn_render_xlsx(const struct pakn_report *rep,
                 const struct pakn_render_opts *o, struct pakn_buf *out)
{
	char *path = temp_name();
	lxw_workbook *wb;
	lxw_error e;
	struct xfmt xf;
	struct splices sp;
	const char *env = getenv("PAKN_XLSX_SPLICE");
	char err[160];
	int order[PAKN_AGG_MAX_BY], k, j, n = rep->cfg->nby;
	size_t i;

	if (path == NULL)
		return;
	memset(&sp, 0, sizeof sp);
	sp.off = env && strcmp(env, "0") == 0;
	wb = book_new(path);
	if (wb == NULL) {
		pakn_warn("xlsx: cannot create the workbook");
		unlink(path);
		free(path);
		return;
	}
	book_props(wb, o, rep->cfg->cur.as_of);
	fmt_init(wb, &xf);
	sheet_summary(wb, rep, o, &xf);
	for (k = 0; k < n; k++)
		order[k] = k;
	for (k = 1; k < n; k++)
		for (j = k;
		     j > 0 && group_rank(&rep->groups[order[j]].by) <
		                  group_rank(&rep->groups[order[j - 1]].by);
		     j--) {
			int t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (k = 0; k < n; k++) {
		/* the same grouping twice gets one sheet (names are unique) */
		for (j = 0; j < k; j++)
			if (memcmp(&rep->groups[order[j]].by,
			           &rep->groups[order[k]].by,
			           sizeof rep->groups[0].by) == 0)
				break;
		if (j == k)
			sheet_group(wb, rep, o, &xf, &rep->groups[order[k]]);
	}
	sheet_list(wb, rep, o, &xf, &rep->overdue, 0, &sp);
	sheet_list(wb, rep, o, &xf, &rep->directives, 1, &sp);
	if (rep->total.cr_asked > 0) {
		sheet_atab(wb, rep, o, &xf, PAKN_ATAB_COORD,
		           wl(o->lang, W_COORD), L_COORD);
		sheet_list(wb, rep, o, &xf, &rep->coord_overdue, 2, &sp);
	}
	if (rep->total.multi_level > 0 || rep->total.returns > 0) {
		sheet_list(wb, rep, o, &xf, &rep->multi_level, 3, &sp);
		sheet_atab(wb, rep, o, &xf, PAKN_ATAB_RETURNS,
		           wl(o->lang, W_RETURNS), L_RETURNS);
	}
	e = workbook_close(wb);
	if (e != LXW_NO_ERROR) {
		pakn_warn("xlsx: %s", lxw_strerror(e));
		for (i = 0; i < sp.n; i++)
			pakn_xlsx_rows_free(sp.s[i].rows);
	} else if (sp.n > 0 &&
	           pakn_xlsx_splice(path, sp.s, sp.n, err, sizeof err) != 0) {
		pakn_warn("xlsx: %s", err);
	} else if (slurp(path, out) != 0) {
		out->len = 0;
	}
	unlink(path);
	free(path);
}

/* ---- the case list (--cases -f xlsx) ------------------------------------ */

struct pakn_xlsx_cases {
	lxw_workbook *wb;
	struct xfmt xf;
	struct xsheet x;
	enum pakn_lang lang;
	lxw_row_t head;
};

static const enum pakn_label_id state_label[PAKN_STATE_COUNT] = {
    [PAKN_STATE_OPEN] = F_OPEN,       [PAKN_STATE_DUE_SOON] = F_OPEN,
    [PAKN_STATE_OVERDUE] = F_OVERDUE, [PAKN_STATE_ON_TIME] = F_ON_TIME,
    [PAKN_STATE_LATE] = F_LATE,       [PAKN_STATE_UNDATED] = F_UNDATED,
};

struct pakn_xlsx_cases *
pakn_xlsx_cases_open(const char *path, const struct pakn_render_opts *o,
                     const struct pakn_agg_config *cfg)
{
	struct pakn_xlsx_cases *w = pakn_xcalloc(1, sizeof *w);
	struct pakn_buf b = PAKN_BUF_INIT;
	enum pakn_lang L = o->lang;
	static const int heads[] = {
	    W_NO,      -L_ID,       W_POPULATION, -L_RECEIVED, W_CODE,
	    -L_AGENCY, W_CHANNEL,   W_CATEGORY,   W_KIND,      -L_DUE,
	    W_STATE,   W_DAYS_LATE, W_ANSWERED};
	size_t i;

	w->lang = L;
	w->wb = book_new(path);
	if (w->wb == NULL) {
		free(w);
		return NULL;
	}
	book_props(w->wb, o, cfg->cur.as_of);
	fmt_init(w->wb, &w->xf);
	sheet_begin(&w->x, w->wb, wl(L, W_CASES));
	if (o->title)
		worksheet_write_string(w->x.ws, w->x.row++, 0, o->title,
		                       w->xf.bold);
	pakn_buf_addf(&b, "%s – %s", pakn_label(L, T_HEADING), wl(L, W_CASES));
	worksheet_write_string(w->x.ws, w->x.row++, 0, b.data, w->xf.title);
	pakn_buf_reset(&b);
	pakn_buf_addf(&b, "%s: ", pakn_label(L, T_PERIOD));
	pakn_fmt_period(&b, L, &cfg->cur, cfg->month);
	pakn_buf_addf(&b, ". %s ", pakn_label(L, T_AS_OF));
	pakn_fmt_day(&b, L, cfg->cur.as_of);
	worksheet_write_string(w->x.ws, w->x.row++, 0, b.data, NULL);
	w->x.row++;
	w->head = w->x.row;
	for (i = 0; i < sizeof heads / sizeof heads[0]; i++) {
		const char *h =
		    heads[i] < 0 ? pakn_label(L, -heads[i]) : wl(L, heads[i]);

		if (heads[i] == W_CODE) {
			pakn_buf_reset(&b);
			pakn_buf_addf(&b, "%s (%s)", pakn_label(L, L_AGENCY),
			              wl(L, W_CODE));
			h = b.data;
		}
		put_head(&w->x, (lxw_col_t)i, h, w->xf.head);
	}
	w->x.row++;
	pakn_buf_release(&b);
	return w;
}

void
pakn_xlsx_cases_add(struct pakn_xlsx_cases *w, const struct pakn_agg_case *c)
{
	struct xsheet *x = &w->x;
	enum pakn_lang L = w->lang;
	lxw_col_t col = 0;

	put_num(x, col++, (double)(x->row - w->head), w->xf.num);
	put_text(x, col++, c->s[PAKN_CASE_ID], c->len[PAKN_CASE_ID],
	         w->xf.text);
	put_str(x, col++, wl(L, c->received ? W_RECEIVED_IN : W_CARRIED), NULL);
	put_day(x, col++, c->received_day, w->xf.date);
	put_text(x, col++, c->s[PAKN_CASE_AGENCY], c->len[PAKN_CASE_AGENCY],
	         w->xf.text);
	put_text(x, col++, c->s[PAKN_CASE_AGENCY_NAME],
	         c->len[PAKN_CASE_AGENCY_NAME], w->xf.text);
	put_text(x, col++, c->s[PAKN_CASE_CHANNEL], c->len[PAKN_CASE_CHANNEL],
	         w->xf.text);
	put_text(x, col++, c->s[PAKN_CASE_CATEGORY], c->len[PAKN_CASE_CATEGORY],
	         w->xf.text);
	put_text(x, col++, c->s[PAKN_CASE_KIND], c->len[PAKN_CASE_KIND],
	         w->xf.text);
	put_day(x, col++, c->due_day, w->xf.date);
	put_str(x, col++, pakn_label(L, state_label[c->state]), NULL);
	if (c->state == PAKN_STATE_LATE || c->state == PAKN_STATE_OVERDUE)
		put_num(x, col, (double)c->days, w->xf.num);
	col++;
	put_day(x, col++, c->answered_day, w->xf.date);
	x->row++;
}

int
pakn_xlsx_cases_close(struct pakn_xlsx_cases *w)
{
	lxw_error e;

	sheet_table(&w->x, w->head, 13);
	worksheet_freeze_panes(w->x.ws, w->head + 1, 2);
	sheet_end(&w->x);
	e = workbook_close(w->wb);
	free(w);
	if (e != LXW_NO_ERROR) {
		pakn_warn("xlsx: %s", lxw_strerror(e));
		return -1;
	}
	return 0;
}
