/*
 * render_md.c: the report as Markdown: the text report's sections as
 * headings and pipe tables; data punctuation that Markdown or HTML would
 * read is backslash-escaped.
 */
#include "render.h"

#include <string.h>

#include "render_int.h"
#include "texttable.h"

/* Appends s for a Markdown table cell or text: punctuation that Markdown
 * or HTML would read is backslash-escaped, newlines become spaces. */
static void
md_text(struct pakn_buf *b, const char *s)
{
	struct pakn_buf clean = PAKN_BUF_INIT;
	size_t i;

	pakn_term_clean(&clean, s);
	for (i = 0; i < clean.len; i++) {
		char c = clean.data[i];

		if (strchr("\\`*_[]<>|~&", c) && c != '\0')
			pakn_buf_addc(b, '\\');
		pakn_buf_addc(b, c);
	}
	pakn_buf_release(&clean);
}

static void
md_row(struct pakn_buf *out, struct pakn_buf *cells, int n, const int *skip)
{
	int c;

	pakn_buf_adds(out, "|");
	for (c = 0; c < n; c++) {
		if (skip && skip[c])
			continue;
		pakn_buf_addc(out, ' ');
		pakn_buf_add(out, cells[c].data ? cells[c].data : "",
		             cells[c].len);
		pakn_buf_adds(out, " |");
	}
	pakn_buf_addc(out, '\n');
}

static void
md_rule(struct pakn_buf *out, int n, const int *right, const int *skip)
{
	int c;

	pakn_buf_adds(out, "|");
	for (c = 0; c < n; c++) {
		if (skip && skip[c])
			continue;
		pakn_buf_adds(out, right[c] ? " ---: |" : " --- |");
	}
	pakn_buf_addc(out, '\n');
}

/* A number cell needs no escaping but for its sign: "+2" is fine in a
 * table; a leading "-" alone would be, too, but escape for safety. */
static void
md_cells_escape(struct pakn_buf *cells, int n)
{
	struct pakn_buf tmp = PAKN_BUF_INIT;
	int c;

	for (c = 0; c < n; c++) {
		pakn_buf_reset(&tmp);
		md_text(&tmp, cells[c].data ? cells[c].data : "");
		pakn_buf_reset(&cells[c]);
		pakn_buf_add(&cells[c], tmp.data ? tmp.data : "", tmp.len);
	}
	pakn_buf_release(&tmp);
}

static void
md_list(const struct pakn_render_opts *o, const struct pakn_report_list *l,
        int directives, struct pakn_buf *out)
{
	enum pakn_lang L = o->lang;
	struct pakn_buf cells[5];
	static const int right_o[5] = {0, 0, 1, 0, 0};
	static const int right_d[5] = {0, 0, 0, 1, 0};
	size_t i;
	int c;

	if (l->count == 0) {
		pakn_buf_adds(out, pakn_label(L, L_NONE));
		pakn_buf_addc(out, '\n');
		return;
	}
	memset(cells, 0, sizeof cells);
	pakn_buf_adds(&cells[0], pakn_label(L, L_ID));
	pakn_buf_adds(&cells[1], pakn_label(L, L_AGENCY));
	pakn_buf_adds(&cells[2],
	              pakn_label(L, directives ? L_RECEIVED : L_DAYS_OVERDUE));
	pakn_buf_adds(&cells[3], pakn_label(L, directives == 3 ? L_LEVELS
	                                       : directives    ? L_DAYS_WAITING
	                                                       : L_DUE));
	pakn_buf_adds(&cells[4], pakn_label(L, L_TITLE));
	md_cells_escape(cells, 5);
	md_row(out, cells, 5, NULL);
	md_rule(out, 5, directives ? right_d : right_o, NULL);
	for (i = 0; i < l->ncases; i++) {
		const struct pakn_report_case *cs = &l->cases[i];

		for (c = 0; c < 5; c++)
			pakn_buf_reset(&cells[c]);
		pakn_buf_adds(&cells[0], cs->id);
		pakn_fmt_key(&cells[1], L, PAKN_DIM_AGENCY, cs->agency,
		             cs->agency_name);
		if (directives) {
			pakn_fmt_day(&cells[2], L, cs->received_day);
			pakn_fmt_int(&cells[3], L, cs->days);
		} else {
			pakn_fmt_int(&cells[2], L, cs->days);
			if (cs->due_day >= 0)
				pakn_fmt_day(&cells[3], L, cs->due_day);
		}
		pakn_buf_adds(&cells[4], cs->title);
		md_cells_escape(cells, 5);
		md_row(out, cells, 5, NULL);
	}
	if ((long long)l->ncases < l->count) {
		pakn_buf_addf(out, "\n%s %zu/", pakn_label(L, L_SHOWN),
		              l->ncases);
		pakn_fmt_int(out, L, l->count);
		pakn_buf_adds(out, " (\\-\\-top)\n");
	}
	for (c = 0; c < 5; c++)
		pakn_buf_release(&cells[c]);
}

/* A table by agency (render_int.h pakn_atab), with a total row. */
static void
md_atab(const struct pakn_report *rep, enum pakn_lang L, enum pakn_atab tab,
        struct pakn_buf *out)
{
	static const int right[PAKN_ATAB_MAXCOLS] = {0, 1, 1, 1, 1, 1};
	struct pakn_buf cells[PAKN_ATAB_MAXCOLS];
	long long v[PAKN_ATAB_MAXCOLS];
	int c, n = pakn_atab_ncols(tab);
	size_t r;

	memset(cells, 0, sizeof cells);
	for (c = 0; c < n; c++)
		pakn_fmt_header(&cells[c], L, pakn_atab_head(tab, c));
	md_cells_escape(cells, n);
	md_row(out, cells, n, NULL);
	md_rule(out, n, right, NULL);
	for (r = 0; r <= pakn_atab_nrows(rep, tab); r++) {
		pakn_atab_row(rep, L, tab, r, cells, v);
		md_cells_escape(cells, n);
		md_row(out, cells, n, NULL);
	}
	for (c = 0; c < n; c++)
		pakn_buf_release(&cells[c]);
}

void
pakn_render_md(const struct pakn_report *rep, const struct pakn_render_opts *o,
               struct pakn_buf *out)
{
	enum pakn_lang L = o->lang;
	struct pakn_sumrow rows[PAKN_NSUMROWS];
	struct pakn_buf cells[PAKN_GC_COUNT], h = PAKN_BUF_INIT;
	int skip[PAKN_GC_COUNT], right[PAKN_GC_COUNT];
	size_t n, i, r;
	int k, c, num = 1;

	memset(cells, 0, sizeof cells);
	pakn_buf_adds(out, "# ");
	if (o->title) {
		md_text(out, o->title);
		pakn_buf_adds(out, ": ");
	}
	md_text(out, pakn_label(L, T_HEADING));
	pakn_buf_adds(out, "\n\n");
	pakn_render_head_lines(rep, o, &h, 1);
	/* head_lines writes dates and labels only, the scope name is data. */
	{
		struct pakn_buf esc = PAKN_BUF_INIT;
		size_t s = 0, e;

		/* Escape each line after its "- ". */
		while (s < h.len) {
			e = s;
			while (e < h.len && h.data[e] != '\n')
				e++;
			pakn_buf_adds(out, "- ");
			pakn_buf_reset(&esc);
			pakn_buf_add(&esc, h.data + s + 2, e - s - 2);
			md_text(out, esc.data);
			pakn_buf_addc(out, '\n');
			s = e + 1;
		}
		pakn_buf_release(&esc);
	}
	pakn_buf_addf(out, "\n## %d. %s\n\n", num++, pakn_label(L, T_SUMMARY));
	n = pakn_summary_rows(rep, L, rows);
	for (c = 0; c < 4; c++)
		pakn_buf_reset(&cells[c]);
	pakn_buf_adds(&cells[0], pakn_label(L, T_FIGURE));
	pakn_buf_adds(&cells[1], pakn_label(L, T_THIS));
	pakn_buf_adds(&cells[2], pakn_label(L, T_PREV));
	pakn_buf_adds(&cells[3], pakn_label(L, T_CHANGE));
	k = rep->has_prev ? 4 : 2;
	md_cells_escape(cells, k);
	md_row(out, cells, k, NULL);
	{
		static const int rr[4] = {0, 1, 1, 1};

		md_rule(out, k, rr, NULL);
	}
	for (i = 0; i < n; i++) {
		for (c = 0; c < 4; c++)
			pakn_buf_reset(&cells[c]);
		pakn_buf_adds(&cells[0], pakn_label(L, rows[i].label));
		pakn_buf_adds(&cells[1], rows[i].cur);
		pakn_buf_adds(&cells[2], rows[i].prev);
		pakn_buf_adds(&cells[3], rows[i].change);
		md_cells_escape(cells, k);
		md_row(out, cells, k, NULL);
	}
	pakn_buf_addc(out, '\n');
	md_text(out, pakn_label(L, T_MARK_NOTE));
	pakn_buf_addc(out, '\n');

	for (c = 0; c < PAKN_GC_COUNT; c++) {
		skip[c] = !pakn_group_col_shown(rep, c);
		right[c] = c != PAKN_GC_KEY;
	}
	for (k = 0; k < rep->cfg->nby; k++) {
		const struct pakn_report_group *g = &rep->groups[k];

		pakn_buf_reset(&h);
		pakn_fmt_by_heading(&h, L, &g->by);
		pakn_buf_addf(out, "\n## %d. ", num++);
		md_text(out, h.data);
		pakn_buf_adds(out, "\n\n");
		for (c = 0; c < PAKN_GC_COUNT; c++) {
			pakn_buf_reset(&cells[c]);
			if (c == PAKN_GC_KEY)
				pakn_fmt_by_column(&cells[c], L, &g->by);
			else
				pakn_fmt_header(&cells[c], L,
				                pakn_group_heads[c]);
		}
		md_cells_escape(cells, PAKN_GC_COUNT);
		md_row(out, cells, PAKN_GC_COUNT, skip);
		md_rule(out, PAKN_GC_COUNT, right, skip);
		for (r = 0; r < g->nrows; r++) {
			pakn_buf_reset(&cells[PAKN_GC_KEY]);
			pakn_fmt_row_key(&cells[PAKN_GC_KEY], L, &g->by,
			                 &g->rows[r]);
			pakn_group_cells(rep, L, &g->rows[r].cur,
			                 &g->rows[r].prev, cells);
			md_cells_escape(cells, PAKN_GC_COUNT);
			md_row(out, cells, PAKN_GC_COUNT, skip);
		}
	}
	pakn_buf_reset(&h);
	pakn_fmt_list_heading(&h, L, L_OVERDUE, num++, rep->overdue.count);
	pakn_buf_adds(out, "\n## ");
	md_text(out, h.data);
	pakn_buf_adds(out, "\n\n");
	md_list(o, &rep->overdue, 0, out);
	pakn_buf_reset(&h);
	pakn_fmt_list_heading(&h, L, L_DIRECTIVES, num++,
	                      rep->directives.count);
	pakn_buf_adds(out, "\n## ");
	md_text(out, h.data);
	pakn_buf_adds(out, "\n\n");
	md_list(o, &rep->directives, 1, out);
	if (rep->total.cr_asked > 0) {
		pakn_buf_addf(out, "\n## %d. ", num++);
		md_text(out, pakn_label(L, L_COORD));
		pakn_buf_adds(out, "\n\n");
		md_atab(rep, L, PAKN_ATAB_COORD, out);
		pakn_buf_reset(&h);
		pakn_fmt_list_heading(&h, L, L_COORD_OVERDUE, num++,
		                      rep->coord_overdue.count);
		pakn_buf_adds(out, "\n## ");
		md_text(out, h.data);
		pakn_buf_adds(out, "\n\n");
		md_list(o, &rep->coord_overdue, 0, out);
	}
	if (rep->total.multi_level > 0 || rep->total.returns > 0) {
		pakn_buf_reset(&h);
		pakn_fmt_list_heading(&h, L, L_MULTI, num++,
		                      rep->multi_level.count);
		pakn_buf_adds(out, "\n## ");
		md_text(out, h.data);
		pakn_buf_adds(out, "\n\n");
		md_list(o, &rep->multi_level, 3, out);
		pakn_buf_reset(&h);
		pakn_fmt_list_heading(&h, L, L_RETURNS, num++,
		                      rep->total.returns);
		pakn_buf_adds(out, "\n## ");
		md_text(out, h.data);
		pakn_buf_adds(out, "\n\n");
		if (rep->total.returns > 0)
			md_atab(rep, L, PAKN_ATAB_RETURNS, out);
		else
			pakn_buf_addf(out, "%s\n", pakn_label(L, L_NONE));
	}
	for (c = 0; c < PAKN_GC_COUNT; c++)
		pakn_buf_release(&cells[c]);
	pakn_buf_release(&h);
}
