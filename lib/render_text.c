/*
 * render_text.c: the report as text for a terminal, fitted to a width
 * (texttable.h: cells measured in terminal cells, long names cut with
 * "…", the least important columns left out in a fixed order).  Control
 * characters from the data never reach the terminal: they become spaces.
 */
#include "render.h"

#include <string.h>

#include "render_int.h"
#include "texttable.h"

/* A heading, wrapped to width (0: no limit) and underlined as long as
 * its longest line. */
static void
text_heading(struct pakn_buf *out, const char *s, int underline, int width)
{
	struct pakn_buf b = PAKN_BUF_INIT;
	int w = 0, i;
	size_t p = 0, e;

	if (width > 0 && pakn_term_width(s) > width) {
		pakn_term_wrap(&b, s, width, 0, 0);
	} else {
		pakn_buf_adds(&b, s);
		pakn_buf_addc(&b, '\n');
	}
	pakn_buf_adds(out, b.data);
	while (p < b.len) {
		for (e = p; b.data[e] != '\n'; e++)
			;
		b.data[e] = '\0';
		if (pakn_term_width(b.data + p) > w)
			w = pakn_term_width(b.data + p);
		p = e + 1;
	}
	for (i = 0; i < w; i++)
		pakn_buf_adds(out, underline ? "=" : "-");
	pakn_buf_addc(out, '\n');
	pakn_buf_release(&b);
}

/* Which columns go first when the table is too wide (0: never). */
static const int group_drop[PAKN_GC_COUNT] = {0, 0, 6, 3, 2, 2, 2, 0, 0,
                                              7, 4, 5, 6, 6, 5, 4, 4};

static void
text_group(const struct pakn_report *rep, const struct pakn_render_opts *o,
           const struct pakn_report_group *g, struct pakn_buf *out)
{
	enum pakn_lang L = o->lang;
	struct pakn_ttable t;
	struct pakn_buf cells[PAKN_GC_COUNT], key = PAKN_BUF_INIT;
	size_t r;
	int c;

	memset(&t, 0, sizeof t);
	memset(cells, 0, sizeof cells);
	pakn_fmt_by_column(&key, L, &g->by);
	for (c = 0; c < PAKN_GC_COUNT; c++) {
		if (!pakn_group_col_shown(rep, c))
			continue;
		pakn_tt_col(
		    &t,
		    c == PAKN_GC_KEY ? key.data
		                     : pakn_label(L, pakn_group_heads[c]),
		    c != PAKN_GC_KEY, group_drop[c], c == PAKN_GC_KEY ? 12 : 0);
	}
	for (r = 0; r < g->nrows; r++) {
		int k = 0;

		pakn_tt_row(&t);
		pakn_buf_reset(&cells[PAKN_GC_KEY]);
		pakn_fmt_row_key(&cells[PAKN_GC_KEY], L, &g->by, &g->rows[r]);
		pakn_group_cells(rep, L, &g->rows[r].cur, &g->rows[r].prev,
		                 cells);
		for (c = 0; c < PAKN_GC_COUNT; c++) {
			if (!pakn_group_col_shown(rep, c))
				continue;
			pakn_tt_set(&t, k++,
			            cells[c].data ? cells[c].data : "");
		}
	}
	pakn_tt_render(&t, o->width, out);
	pakn_tt_release(&t);
	for (c = 0; c < PAKN_GC_COUNT; c++)
		pakn_buf_release(&cells[c]);
	pakn_buf_release(&key);
}

/* A list of cases: overdue (days overdue, due) or directives (received,
 * days waiting). */
static void
text_list(const struct pakn_render_opts *o, const struct pakn_report_list *l,
          int directives, struct pakn_buf *out)
{
	enum pakn_lang L = o->lang;
	struct pakn_ttable t;
	struct pakn_buf b = PAKN_BUF_INIT;
	size_t i;

	if (l->count == 0) {
		pakn_buf_adds(out, "  ");
		pakn_buf_adds(out, pakn_label(L, L_NONE));
		pakn_buf_addc(out, '\n');
		return;
	}
	memset(&t, 0, sizeof t);
	pakn_tt_col(&t, pakn_label(L, L_ID), 0, 0, 0);
	pakn_tt_col(&t, pakn_label(L, L_AGENCY), 0, 0, 12);
	if (directives) {
		pakn_tt_col(&t, pakn_label(L, L_RECEIVED), 0, 0, 0);
		pakn_tt_col(
		    &t,
		    pakn_label(L, directives == 3 ? L_LEVELS : L_DAYS_WAITING),
		    1, 0, 0);
	} else {
		pakn_tt_col(&t, pakn_label(L, L_DAYS_OVERDUE), 1, 0, 0);
		pakn_tt_col(&t, pakn_label(L, L_DUE), 0, 0, 0);
	}
	pakn_tt_col(&t, pakn_label(L, L_TITLE), 0, 0, 10);
	for (i = 0; i < l->ncases; i++) {
		const struct pakn_report_case *c = &l->cases[i];

		pakn_tt_row(&t);
		pakn_tt_set(&t, 0, c->id);
		pakn_buf_reset(&b);
		pakn_fmt_key(&b, L, PAKN_DIM_AGENCY, c->agency, c->agency_name);
		pakn_tt_set(&t, 1, b.data);
		pakn_buf_reset(&b);
		if (directives) {
			pakn_fmt_day(&b, L, c->received_day);
			pakn_tt_set(&t, 2, b.data);
			pakn_buf_reset(&b);
			pakn_fmt_int(&b, L, c->days);
			pakn_tt_set(&t, 3, b.data);
		} else {
			pakn_fmt_int(&b, L, c->days);
			pakn_tt_set(&t, 2, b.data);
			pakn_buf_reset(&b);
			if (c->due_day >= 0)
				pakn_fmt_day(&b, L, c->due_day);
			pakn_tt_set(&t, 3, b.data ? b.data : "");
		}
		pakn_tt_set(&t, 4, c->title);
	}
	pakn_tt_render(&t, o->width, out);
	pakn_tt_release(&t);
	if ((long long)l->ncases < l->count) {
		pakn_buf_addf(out, "  (%s %zu/", pakn_label(L, L_SHOWN),
		              l->ncases);
		pakn_fmt_int(out, L, l->count);
		pakn_buf_adds(out, ", --top)\n");
	}
	pakn_buf_release(&b);
}

/* A table by agency (render_int.h pakn_atab), with a total row. */
static void
text_atab(const struct pakn_report *rep, const struct pakn_render_opts *o,
          enum pakn_atab tab, struct pakn_buf *out)
{
	struct pakn_ttable t;
	struct pakn_buf cells[PAKN_ATAB_MAXCOLS];
	long long v[PAKN_ATAB_MAXCOLS];
	int c, n = pakn_atab_ncols(tab);
	size_t r;

	memset(&t, 0, sizeof t);
	memset(cells, 0, sizeof cells);
	for (c = 0; c < n; c++)
		pakn_tt_col(&t, pakn_label(o->lang, pakn_atab_head(tab, c)),
		            c != 0, 0, c == 0 ? 12 : 0);
	for (r = 0; r <= pakn_atab_nrows(rep, tab); r++) {
		pakn_atab_row(rep, o->lang, tab, r, cells, v);
		pakn_tt_row(&t);
		for (c = 0; c < n; c++)
			pakn_tt_set(&t, c, cells[c].data);
	}
	pakn_tt_render(&t, o->width, out);
	pakn_tt_release(&t);
	for (c = 0; c < n; c++)
		pakn_buf_release(&cells[c]);
}

void
pakn_render_text(const struct pakn_report *rep,
                 const struct pakn_render_opts *o, struct pakn_buf *out)
{
	enum pakn_lang L = o->lang;
	struct pakn_sumrow rows[PAKN_NSUMROWS];
	struct pakn_ttable t;
	struct pakn_buf h = PAKN_BUF_INIT;
	size_t n, i;
	int k, num = 1;

	if (o->title) {
		pakn_term_clean(out, o->title);
		pakn_buf_addc(out, '\n');
	}
	text_heading(out, pakn_label(L, T_HEADING), 1, o->width);
	/* The period lines, wrapped to the width. */
	pakn_render_head_lines(rep, o, &h, 0);
	for (i = 0; i < h.len;) {
		size_t e = i;

		while (e < h.len && h.data[e] != '\n')
			e++;
		h.data[e] = '\0';
		pakn_term_wrap(out, h.data + i, o->width ? o->width : 1 << 20,
		               0, 2);
		i = e + 1;
	}

	pakn_buf_addc(out, '\n');
	pakn_buf_reset(&h);
	pakn_buf_addf(&h, "%d. %s", num++, pakn_label(L, T_SUMMARY));
	text_heading(out, h.data, 0, o->width);
	n = pakn_summary_rows(rep, L, rows);
	memset(&t, 0, sizeof t);
	pakn_tt_col(&t, pakn_label(L, T_FIGURE), 0, 0, 16);
	pakn_tt_col(&t, pakn_label(L, T_THIS), 1, 0, 0);
	if (rep->has_prev) {
		pakn_tt_col(&t, pakn_label(L, T_PREV), 1, 2, 0);
		pakn_tt_col(&t, pakn_label(L, T_CHANGE), 1, 1, 0);
	}
	for (i = 0; i < n; i++) {
		pakn_tt_row(&t);
		pakn_tt_set(&t, 0, pakn_label(L, rows[i].label));
		pakn_tt_set(&t, 1, rows[i].cur);
		if (rep->has_prev) {
			pakn_tt_set(&t, 2, rows[i].prev);
			pakn_tt_set(&t, 3, rows[i].change);
		}
	}
	pakn_tt_render(&t, o->width, out);
	pakn_tt_release(&t);
	pakn_term_wrap(out, pakn_label(L, T_MARK_NOTE),
	               o->width ? o->width : 80, 2, 2);

	for (k = 0; k < rep->cfg->nby; k++) {
		pakn_buf_addc(out, '\n');
		pakn_buf_reset(&h);
		pakn_buf_addf(&h, "%d. ", num++);
		pakn_fmt_by_heading(&h, L, &rep->groups[k].by);
		text_heading(out, h.data, 0, o->width);
		text_group(rep, o, &rep->groups[k], out);
	}
	pakn_buf_addc(out, '\n');
	pakn_buf_reset(&h);
	pakn_fmt_list_heading(&h, L, L_OVERDUE, num++, rep->overdue.count);
	text_heading(out, h.data, 0, o->width);
	text_list(o, &rep->overdue, 0, out);
	pakn_buf_addc(out, '\n');
	pakn_buf_reset(&h);
	pakn_fmt_list_heading(&h, L, L_DIRECTIVES, num++,
	                      rep->directives.count);
	text_heading(out, h.data, 0, o->width);
	text_list(o, &rep->directives, 1, out);
	if (rep->total.cr_asked > 0) {
		pakn_buf_addc(out, '\n');
		pakn_buf_reset(&h);
		pakn_buf_addf(&h, "%d. %s", num++, pakn_label(L, L_COORD));
		text_heading(out, h.data, 0, o->width);
		text_atab(rep, o, PAKN_ATAB_COORD, out);
		pakn_buf_addc(out, '\n');
		pakn_buf_reset(&h);
		pakn_fmt_list_heading(&h, L, L_COORD_OVERDUE, num++,
		                      rep->coord_overdue.count);
		text_heading(out, h.data, 0, o->width);
		text_list(o, &rep->coord_overdue, 0, out);
	}
	if (rep->total.multi_level > 0 || rep->total.returns > 0) {
		pakn_buf_addc(out, '\n');
		pakn_buf_reset(&h);
		pakn_fmt_list_heading(&h, L, L_MULTI, num++,
		                      rep->multi_level.count);
		text_heading(out, h.data, 0, o->width);
		text_list(o, &rep->multi_level, 3, out);
		pakn_buf_addc(out, '\n');
		pakn_buf_reset(&h);
		pakn_fmt_list_heading(&h, L, L_RETURNS, num++,
		                      rep->total.returns);
		text_heading(out, h.data, 0, o->width);
		if (rep->total.returns > 0)
			text_atab(rep, o, PAKN_ATAB_RETURNS, out);
		else
			pakn_buf_addf(out, "  %s\n", pakn_label(L, L_NONE));
	}
	pakn_buf_release(&h);
}
