/*
 * render_html.c: the report as one self-contained HTML page: inline CSS,
 * inline SVG charts (cases by channel, on-time rate by agency, the trend
 * over the period), no script, no font or image from the network (a
 * Content-Security-Policy says so to the browser), laid out for an A4
 * page when printed.  Every string that comes from the data goes through
 * pakn_html_escape, in the text and in the charts alike.  Coordinates are
 * integers, so the page is the same bytes on every machine.
 */
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "render_int.h"
#include <utf8proc.h>

#include "when.h"

static const char css[] =
    "@page{size:A4;margin:14mm 12mm}\n"
    "*{box-sizing:border-box}\n"
    "body{font-family:\"Noto Sans\",\"DejaVu Sans\",\"Segoe "
    "UI\",Arial,sans-serif;"
    "font-size:10pt;color:#1b1f24;margin:0 auto;max-width:186mm;padding:8mm "
    "0;line-height:1.35}\n"
    "header .org{font-weight:600;color:#333;margin:0 0 1mm}\n"
    "h1{font-size:15pt;margin:0 0 2mm;color:#0b3d6b}\n"
    "h2{font-size:12pt;margin:6mm 0 2mm;color:#0b3d6b;border-bottom:1px solid "
    "#c8d3df;"
    "padding-bottom:1mm;break-after:avoid;page-break-after:avoid}\n"
    ".meta{color:#3d4650;margin:0 0 3mm}\n"
    ".cards{display:grid;grid-template-columns:repeat(4,1fr);gap:3mm;margin:"
    "3mm 0}\n"
    ".card{border:1px solid #c8d3df;border-radius:2mm;padding:2mm "
    "3mm;break-inside:avoid}\n"
    ".card .v{font-size:15pt;font-weight:700}\n"
    ".card .l{font-size:8.5pt;color:#4a535c}\n"
    ".card .p{font-size:8pt;color:#5f6b76}\n"
    "table{border-collapse:collapse;width:100%;font-size:8.5pt;margin:2mm 0}\n"
    "th,td{border-bottom:1px solid #e1e6ec;padding:1mm "
    "1.2mm;text-align:right;vertical-align:top}\n"
    "td{white-space:nowrap}\n"
    "td:first-child,td.t{white-space:normal}\n"
    "table.list td.id{white-space:nowrap}\n"
    "table.groups{font-size:8pt}\n"
    "table.groups td:first-child{min-width:34mm}\n"
    "th{background:#eef3f8;font-weight:600}\n"
    "th:first-child,td:first-child,td.t,th.t{text-align:left}\n"
    "tr{break-inside:avoid;page-break-inside:avoid}\n"
    "thead{display:table-header-group}\n"
    "tr.total td{font-weight:700;border-top:1px solid #9aa8b6}\n"
    ".full{color:#0a7a2f;font-weight:700}.partial{color:#8a5a00;font-weight:"
    "700}"
    ".below{color:#b42318;font-weight:700}\n"
    ".charts{display:grid;grid-template-columns:1fr 1fr;gap:4mm;margin:2mm 0}\n"
    "figure{margin:0;break-inside:avoid;page-break-inside:avoid}\n"
    "figcaption{font-weight:600;font-size:9pt;margin-bottom:1mm}\n"
    "svg{width:100%;height:auto;display:block}\n"
    "svg text{font-family:inherit;font-size:10px;fill:#1b1f24}\n"
    ".key{display:inline-block;width:3mm;height:3mm;margin:0 1mm 0 "
    "3mm;vertical-align:middle}\n"
    ".note,footer{font-size:8pt;color:#4a535c}\n"
    "footer{margin-top:6mm;border-top:1px solid #c8d3df;padding-top:1mm}\n"
    "@media print{body{padding:0;max-width:none}}\n";

static void
esc(struct pakn_buf *out, const char *s)
{
	pakn_html_escape(out, s, strlen(s));
}

/* Appends the display text of a row's key, escaped. */
static void
esc_key(struct pakn_buf *out, enum pakn_lang L, const struct pakn_agg_by *by,
        const struct pakn_report_row *row)
{
	struct pakn_buf b = PAKN_BUF_INIT;

	pakn_fmt_row_key(&b, L, by, row);
	esc(out, b.data);
	pakn_buf_release(&b);
}

/* Cuts s to at most n code points (with "…") into b, then escapes. */
static void
esc_cut(struct pakn_buf *out, const char *s, size_t n)
{
	struct pakn_buf b = PAKN_BUF_INIT;
	size_t i = 0, cps = 0, len = strlen(s);

	while (i < len && cps < n) {
		unsigned char c = (unsigned char)s[i];

		i += c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
		cps++;
	}
	if (i > len)
		i = len;
	pakn_buf_add(&b, s, i);
	if (i < len)
		pakn_buf_adds(&b, "…");
	esc(out, b.data ? b.data : "");
	pakn_buf_release(&b);
}

static const char *
mark_class(enum pakn_mark m)
{
	return m == PAKN_MARK_FULL      ? "full"
	       : m == PAKN_MARK_PARTIAL ? "partial"
	       : m == PAKN_MARK_BELOW   ? "below"
	                                : "";
}

static void
rate_cell(struct pakn_buf *out, enum pakn_lang L, const struct pakn_figures *f)
{
	enum pakn_mark m = pakn_figures_mark(f);
	const char *stars = pakn_mark_stars(m);

	pakn_buf_addf(out, "<td class=\"%s\">", mark_class(m));
	pakn_fmt_rate(out, L, f->rate);
	if (*stars)
		pakn_buf_addf(out, " %s", stars);
	pakn_buf_adds(out, "</td>");
}

static void
int_cell(struct pakn_buf *out, enum pakn_lang L, long long v)
{
	pakn_buf_adds(out, "<td>");
	pakn_fmt_int(out, L, v);
	pakn_buf_adds(out, "</td>");
}

static void
days_cell(struct pakn_buf *out, enum pakn_lang L, long v)
{
	pakn_buf_adds(out, "<td>");
	if (v >= 0)
		pakn_fmt_int(out, L, v);
	else
		pakn_buf_adds(out, "–");
	pakn_buf_adds(out, "</td>");
}

/* ---- cards and summary ---------------------------------------------- */

static void
card(struct pakn_buf *out, const char *cls, const char *value,
     const char *label, const char *prev)
{
	pakn_buf_adds(out, "<div class=\"card\"><div class=\"v");
	if (cls && *cls)
		pakn_buf_addf(out, " %s", cls);
	pakn_buf_adds(out, "\">");
	pakn_buf_adds(out, value);
	pakn_buf_adds(out, "</div><div class=\"l\">");
	esc(out, label);
	pakn_buf_adds(out, "</div>");
	if (prev && *prev) {
		pakn_buf_adds(out, "<div class=\"p\">");
		pakn_buf_adds(out, prev);
		pakn_buf_adds(out, "</div>");
	}
	pakn_buf_adds(out, "</div>\n");
}

static void
cards(const struct pakn_report *rep, enum pakn_lang L, struct pakn_buf *out)
{
	const struct pakn_figures *c = &rep->total, *p = &rep->prev_total;
	struct pakn_buf v = PAKN_BUF_INIT, pv = PAKN_BUF_INIT;
	const char *prevl = pakn_label(L, T_PREV);

#define PREV(expr)                                                             \
	do {                                                                   \
		pakn_buf_reset(&pv);                                           \
		if (rep->has_prev) {                                           \
			pakn_buf_adds(&pv, prevl);                             \
			pakn_buf_adds(&pv, ": ");                              \
			expr;                                                  \
		}                                                              \
	} while (0)
	pakn_buf_adds(out, "<section class=\"cards\">\n");
	pakn_buf_reset(&v);
	pakn_fmt_int(&v, L, c->received);
	PREV(pakn_fmt_int(&pv, L, p->received));
	card(out, "", v.data, pakn_label(L, F_RECEIVED), pv.data);
	pakn_buf_reset(&v);
	pakn_fmt_int(&v, L, c->carried_over);
	PREV(pakn_fmt_int(&pv, L, p->carried_over));
	card(out, "", v.data, pakn_label(L, F_CARRIED), pv.data);
	pakn_buf_reset(&v);
	pakn_fmt_rate(&v, L, c->rate);
	if (*pakn_mark_stars(pakn_figures_mark(c)))
		pakn_buf_addf(&v, " %s", pakn_mark_stars(pakn_figures_mark(c)));
	PREV(pakn_fmt_rate(&pv, L, p->rate));
	card(out, mark_class(pakn_figures_mark(c)), v.data,
	     pakn_label(L, F_RATE), pv.data);
	pakn_buf_reset(&v);
	pakn_fmt_int(&v, L, c->overdue);
	PREV(pakn_fmt_int(&pv, L, p->overdue));
	card(out, c->overdue ? "below" : "", v.data, pakn_label(L, F_OVERDUE),
	     pv.data);
	pakn_buf_reset(&v);
	if (c->median >= 0)
		pakn_fmt_int(&v, L, c->median);
	else
		pakn_buf_adds(&v, "–");
	PREV(if (p->median >= 0) pakn_fmt_int(&pv, L, p->median);
	     else pakn_buf_adds(&pv, "–"));
	card(out, "", v.data, pakn_label(L, F_MEDIAN), pv.data);
	pakn_buf_reset(&v);
	pakn_fmt_rate(&v, L, c->sat_rate);
	PREV(pakn_fmt_rate(&pv, L, p->sat_rate));
	card(out, "", v.data, pakn_label(L, F_SAT_RATE), pv.data);
	pakn_buf_reset(&v);
	pakn_fmt_int(&v, L, c->escalated);
	PREV(pakn_fmt_int(&pv, L, p->escalated));
	card(out, "", v.data, pakn_label(L, F_ESCALATED), pv.data);
	pakn_buf_reset(&v);
	pakn_fmt_int(&v, L, rep->directives.count);
	pakn_buf_reset(&pv);
	card(out, "", v.data,
	     L == PAKN_LANG_EN ? "Directives awaiting a report back"
	                       : "Chỉ đạo chưa báo cáo kết quả",
	     pv.data);
	pakn_buf_adds(out, "</section>\n");
#undef PREV
	pakn_buf_release(&v);
	pakn_buf_release(&pv);
}

/* The summary table; compact (the official document's page 1) leaves out
 * the escalations by reason and the directives' report-back, which its
 * text gives. */
static void
summary_table(const struct pakn_report *rep, enum pakn_lang L,
              struct pakn_buf *out, int compact)
{
	const struct pakn_figures *fs[2] = {&rep->total, &rep->prev_total};
	int np = rep->has_prev ? 2 : 1, i, k;
	struct pakn_buf b = PAKN_BUF_INIT;

	pakn_buf_adds(out, "<table class=\"summary\"><thead><tr><th>");
	esc(out, pakn_label(L, T_FIGURE));
	pakn_buf_adds(out, "</th><th>");
	esc(out, pakn_label(L, T_THIS));
	if (rep->has_prev) {
		pakn_buf_adds(out, "</th><th>");
		esc(out, pakn_label(L, T_PREV));
		pakn_buf_adds(out, "</th><th>");
		esc(out, pakn_label(L, T_CHANGE));
	}
	pakn_buf_adds(out, "</th></tr></thead>\n<tbody>\n");
	for (i = F_RECEIVED; i <= F_PUBLISHED; i++) {
		long long v[2] = {0, 0};
		long d[2] = {-1, -1};
		int kind = 0; /* 0 count, 1 rate, 2 days, 3 sat rate */

		if (i == F_PUBLISHED && !rep->has_published)
			continue;
		if (compact && i >= F_ESC_UNSAT && i <= F_RB_OVERDUE)
			continue;
		for (k = 0; k < np; k++) {
			const struct pakn_figures *f = fs[k];

			switch (i) {
			case F_RECEIVED: v[k] = f->received; break;
			case F_CARRIED: v[k] = f->carried_over; break;
			case F_ON_TIME: v[k] = f->on_time; break;
			case F_LATE: v[k] = f->late; break;
			case F_OPEN: v[k] = f->open; break;
			case F_OVERDUE: v[k] = f->overdue; break;
			case F_UNDATED: v[k] = f->undated; break;
			case F_RATE: kind = 1; break;
			case F_MEDIAN:
				kind = 2;
				d[k] = f->median;
				break;
			case F_P90:
				kind = 2;
				d[k] = f->p90;
				break;
			case F_SATISFIED: v[k] = f->satisfied; break;
			case F_NEUTRAL: v[k] = f->neutral; break;
			case F_UNSATISFIED: v[k] = f->unsatisfied; break;
			case F_RATED: v[k] = f->rated; break;
			case F_UNRATED: v[k] = f->unrated; break;
			case F_SAT_RATE: kind = 3; break;
			case F_PUBLISHED: v[k] = f->published; break;
			case F_ESC_UNSAT: v[k] = f->esc_unsatisfied; break;
			case F_ESC_BEYOND: v[k] = f->esc_beyond; break;
			case F_ESC_DEN: v[k] = f->esc_denunciation; break;
			case F_ESC_OTHER: v[k] = f->esc_other; break;
			case F_RB_ONTIME: v[k] = f->rb_on_time; break;
			case F_RB_LATE: v[k] = f->rb_late; break;
			case F_RB_WAIT: v[k] = f->rb_awaiting; break;
			case F_RB_OVERDUE: v[k] = f->rb_overdue; break;
			default: v[k] = f->escalated; break;
			}
		}
		pakn_buf_adds(out, "<tr><td>");
		esc(out, pakn_label(L, (enum pakn_label_id)i));
		pakn_buf_adds(out, "</td>");
		for (k = 0; k < np; k++) {
			if (kind == 1)
				rate_cell(out, L, fs[k]);
			else if (kind == 2)
				days_cell(out, L, d[k]);
			else if (kind == 3) {
				pakn_buf_adds(out, "<td>");
				pakn_fmt_rate(out, L, fs[k]->sat_rate);
				pakn_buf_adds(out, "</td>");
			} else
				int_cell(out, L, v[k]);
		}
		if (rep->has_prev) {
			pakn_buf_reset(&b);
			if (kind == 0)
				pakn_fmt_delta(&b, L, v[0] - v[1]);
			else if (kind == 1)
				pakn_fmt_rate_delta(&b, L, fs[0]->rate,
				                    fs[1]->rate);
			else if (kind == 3)
				pakn_fmt_rate_delta(&b, L, fs[0]->sat_rate,
				                    fs[1]->sat_rate);
			else if (d[0] >= 0 && d[1] >= 0)
				pakn_fmt_delta(&b, L, d[0] - d[1]);
			pakn_buf_adds(out, "<td>");
			pakn_buf_adds(out, b.data ? b.data : "");
			pakn_buf_adds(out, "</td>");
		}
		pakn_buf_adds(out, "</tr>\n");
	}
	pakn_buf_adds(out, "</tbody></table>\n<p class=\"note\">");
	esc(out, pakn_label(L, T_MARK_NOTE));
	pakn_buf_adds(out, "</p>\n");
	pakn_buf_release(&b);
}

/* ---- charts ------------------------------------------------------------- */

/* The grouping of exactly one dimension d, or NULL. */
static const struct pakn_report_group *
find_group(const struct pakn_report *rep, enum pakn_dim d)
{
	int k;

	for (k = 0; k < rep->cfg->nby; k++)
		if (rep->groups[k].by.ndim == 1 &&
		    rep->groups[k].by.dim[0] == d)
			return &rep->groups[k];
	return NULL;
}

#define BAR_ROWS 12
#define SVG_W 400
#define LABEL_W 160
#define ROW_H 20

static int
by_received(const void *pa, const void *pb)
{
	const struct pakn_report_row *a =
	    *(const struct pakn_report_row *const *)pa;
	const struct pakn_report_row *b =
	    *(const struct pakn_report_row *const *)pb;
	int c;

	if (a->cur.received != b->cur.received)
		return a->cur.received > b->cur.received ? -1 : 1;
	c = strcmp(a->key[0], b->key[0]);
	return c ? c : strcmp(a->key[1], b->key[1]);
}

/* Horizontal bars of received cases per channel, most first. */
static void
chart_channels(const struct pakn_report_group *g, enum pakn_lang L,
               struct pakn_buf *out)
{
	size_t i, n = g->nrows < BAR_ROWS ? g->nrows : BAR_ROWS;
	long long max = 1;
	int barw = SVG_W - LABEL_W - 50, h = (int)n * ROW_H + 10;
	struct pakn_buf b = PAKN_BUF_INIT;
	const struct pakn_report_row **rows =
	    pakn_xcalloc(g->nrows ? g->nrows : 1, sizeof *rows);

	for (i = 0; i < g->nrows; i++)
		rows[i] = &g->rows[i];
	qsort(rows, g->nrows, sizeof *rows, by_received);
	for (i = 0; i < n; i++)
		if (rows[i]->cur.received > max)
			max = rows[i]->cur.received;
	pakn_buf_adds(out, "<figure><figcaption>");
	esc(out, pakn_label(L, X_CHART_CHANNEL));
	pakn_buf_addf(
	    out,
	    "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" role=\"img\">\n",
	    SVG_W, h);
	for (i = 0; i < n; i++) {
		const struct pakn_report_row *r = rows[i];
		int y = 5 + (int)i * ROW_H;
		int w = (int)(r->cur.received * barw / max);

		pakn_buf_reset(&b);
		pakn_fmt_row_key(&b, L, &g->by, r);
		pakn_buf_addf(out,
		              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
		              LABEL_W - 6, y + 14);
		esc_cut(out, b.data, 26);
		pakn_buf_addf(out,
		              "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" "
		              "height=\"%d\" fill=\"#2f6ea5\"/>",
		              LABEL_W, y + 3, w, ROW_H - 6);
		pakn_buf_addf(out, "<text x=\"%d\" y=\"%d\">", LABEL_W + w + 4,
		              y + 14);
		pakn_fmt_int(out, L, r->cur.received);
		pakn_buf_adds(out, "</text>\n");
	}
	pakn_buf_adds(out, "</svg></figure>\n");
	free(rows);
	pakn_buf_release(&b);
}

/* Horizontal bars of the on-time rate of the busiest agencies, with the
 * 90 % and 100 % lines of the national scoring. */
static void
chart_agencies(const struct pakn_report_group *g, enum pakn_lang L,
               struct pakn_buf *out)
{
	size_t i, n = 0, shown[BAR_ROWS], with_rate = 0;
	int barw = SVG_W - LABEL_W - 56, h, x90, x100;
	struct pakn_buf b = PAKN_BUF_INIT;

	for (i = 0; i < g->nrows; i++)
		if (g->rows[i].cur.rate >= 0) {
			if (n < BAR_ROWS)
				shown[n++] = i;
			with_rate++;
		}
	h = (int)n * ROW_H + 24;
	x90 = LABEL_W + barw * 9 / 10;
	x100 = LABEL_W + barw;
	pakn_buf_adds(out, "<figure><figcaption>");
	esc(out, pakn_label(L, X_CHART_AGENCY));
	pakn_buf_addf(
	    out,
	    "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" role=\"img\">\n",
	    SVG_W, h);
	for (i = 0; i < n; i++) {
		const struct pakn_report_row *r = &g->rows[shown[i]];
		int y = 5 + (int)i * ROW_H;
		int w = (int)((long long)r->cur.rate * barw / 10000);
		enum pakn_mark m = pakn_figures_mark(&r->cur);
		const char *fill = m == PAKN_MARK_FULL      ? "#1a8a3f"
		                   : m == PAKN_MARK_PARTIAL ? "#c98a00"
		                                            : "#c8372d";

		pakn_buf_reset(&b);
		pakn_fmt_row_key(&b, L, &g->by, r);
		pakn_buf_addf(out,
		              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
		              LABEL_W - 6, y + 14);
		esc_cut(out, b.data, 26);
		pakn_buf_addf(out,
		              "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" "
		              "height=\"%d\" fill=\"%s\"/>",
		              LABEL_W, y + 3, w, ROW_H - 6, fill);
		pakn_buf_addf(out, "<text x=\"%d\" y=\"%d\">", x100 + 4,
		              y + 14);
		pakn_fmt_rate(out, L, r->cur.rate);
		pakn_buf_adds(out, "</text>\n");
	}
	pakn_buf_addf(out,
	              "<line x1=\"%d\" y1=\"2\" x2=\"%d\" y2=\"%d\" "
	              "stroke=\"#8a5a00\" stroke-dasharray=\"3,2\"/>"
	              "<line x1=\"%d\" y1=\"2\" x2=\"%d\" y2=\"%d\" "
	              "stroke=\"#0a7a2f\" stroke-dasharray=\"3,2\"/>\n",
	              x90, x90, h - 16, x100, x100, h - 16);
	pakn_buf_addf(out,
	              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">90 %%</text>"
	              "<text x=\"%d\" y=\"%d\">100 %%</text>\n",
	              x90 - 2, h - 4, x100 + 2, h - 4);
	pakn_buf_adds(out, "</svg>");
	if (with_rate > n) {
		pakn_buf_adds(out, "<p class=\"note\">");
		pakn_buf_addf(out, "+%zu ", with_rate - n);
		esc(out, pakn_label(L, X_MORE_AGENCIES));
		pakn_buf_adds(out, "</p>");
	}
	pakn_buf_adds(out, "</figure>\n");
	pakn_buf_release(&b);
}

/* The channel and agency charts side by side, when the report has them. */
static void
charts_block(const struct pakn_report *rep, enum pakn_lang L,
             struct pakn_buf *out)
{
	const struct pakn_report_group *gc = find_group(rep, PAKN_DIM_CHANNEL),
	                               *ga = find_group(rep, PAKN_DIM_AGENCY);

	if (gc == NULL && ga == NULL)
		return;
	pakn_buf_adds(out, "<div class=\"charts\">\n");
	if (gc)
		chart_channels(gc, L, out);
	if (ga)
		chart_agencies(ga, L, out);
	pakn_buf_adds(out, "</div>\n");
}

/* A round upper bound for an axis: 1, 2, 5, 10, 20, 50, ... >= v. */
static long long
nice_max(long long v)
{
	long long m = 1;

	for (;;) {
		if (v <= m)
			return m;
		if (v <= 2 * m)
			return 2 * m;
		if (v <= 5 * m)
			return 5 * m;
		m *= 10;
	}
}

/* Bars of cases received and answered, side by side, per day or month. */
static void
chart_trend(const struct pakn_report *rep, enum pakn_lang L,
            struct pakn_buf *out)
{
	const struct pakn_report_trend *t = &rep->trend;
	const int W = 760, H = 190, left = 40, bottom = 24, top = 10;
	int plotw = W - left - 10, ploth = H - bottom - top, i, step, ticks;
	long long max = 1;
	size_t j;

	for (j = 0; j < t->n; j++) {
		if (t->received[j] > max)
			max = t->received[j];
		if (t->answered[j] > max)
			max = t->answered[j];
	}
	max = nice_max(max);
	/* Gridlines at round values: max is 1, 2 or 5 times a power of ten;
	 * 10 by 2s, 20 by 5s, 50 by 10s (and 1-4 by 1s). */
	if (max < 5) {
		ticks = (int)max;
	} else {
		long long lead = max;

		while (lead >= 10)
			lead /= 10;
		ticks = lead == 2 ? 4 : 5;
	}
	pakn_buf_adds(out, "<figure><figcaption>");
	esc(out, pakn_label(L, X_CHART_TREND));
	pakn_buf_adds(
	    out, " <span class=\"key\" style=\"background:#8fb3d6\"></span>");
	esc(out, pakn_label(L, X_TREND_RECEIVED));
	pakn_buf_adds(
	    out, " <span class=\"key\" style=\"background:#0b3d6b\"></span>");
	esc(out, pakn_label(L, X_TREND_ANSWERED));
	pakn_buf_adds(out, "</figcaption>\n");
	pakn_buf_addf(out,
	              "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
	              "%d %d\" role=\"img\">\n",
	              W, H);
	for (i = 0; i <= ticks; i++) {
		int y = top + ploth - ploth * i / ticks;

		pakn_buf_addf(out,
		              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		              "stroke=\"#e1e6ec\"/>"
		              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
		              left, y, W - 10, y, left - 4, y + 4);
		pakn_fmt_int(out, L, max * i / ticks);
		pakn_buf_adds(out, "</text>\n");
	}
	step = t->n > 16 ? (int)((t->n + 15) / 16) : 1;
	for (j = 0; j < t->n; j++) {
		int x0 = left + (int)((long long)plotw * (long long)j /
		                      (long long)t->n);
		int x1 = left + (int)((long long)plotw * (long long)(j + 1) /
		                      (long long)t->n);
		int bw = (x1 - x0 - 2) / 2 > 1 ? (x1 - x0 - 2) / 2 : 1;
		int hr = (int)(t->received[j] * ploth / max);
		int ha = (int)(t->answered[j] * ploth / max);

		pakn_buf_addf(out,
		              "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
		              "height=\"%d\" fill=\"#8fb3d6\"/>"
		              "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
		              "height=\"%d\" fill=\"#0b3d6b\"/>",
		              x0 + 1, top + ploth - hr, bw, hr, x0 + 1 + bw,
		              top + ploth - ha, bw, ha);
		if ((int)j % step == 0) {
			int y, m, d;

			pakn_civil_from_days(t->start[j], &y, &m, &d);
			pakn_buf_addf(
			    out,
			    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">",
			    (x0 + x1) / 2, H - 8);
			if (t->monthly)
				pakn_buf_addf(out, "%02d/%d", m, y);
			else
				pakn_buf_addf(out, "%d", d);
			pakn_buf_adds(out, "</text>");
		}
		pakn_buf_addc(out, '\n');
	}
	pakn_buf_adds(out, "</svg></figure>\n");
}

/* ---- tables --------------------------------------------------------- */

static void th_class(struct pakn_buf *out, enum pakn_lang L,
                     enum pakn_label_id id, const char *cls);

/* A header over numbers (right-aligned, as they are). */
static void
th(struct pakn_buf *out, enum pakn_lang L, enum pakn_label_id id)
{
	th_class(out, L, id, NULL);
}

static void
th_class(struct pakn_buf *out, enum pakn_lang L, enum pakn_label_id id,
         const char *cls)
{
	struct pakn_buf b = PAKN_BUF_INIT;

	pakn_fmt_header(&b, L, id);
	if (cls)
		pakn_buf_addf(out, "<th class=\"%s\">", cls);
	else
		pakn_buf_adds(out, "<th>");
	esc(out, b.data);
	pakn_buf_adds(out, "</th>");
	pakn_buf_release(&b);
}

static void
group_table(const struct pakn_report *rep, enum pakn_lang L,
            const struct pakn_report_group *g, struct pakn_buf *out)
{
	struct pakn_buf b = PAKN_BUF_INIT;
	size_t r;

	pakn_buf_adds(out, "<table class=\"groups\"><thead><tr><th>");
	pakn_fmt_by_column(&b, L, &g->by);
	esc(out, b.data);
	pakn_buf_adds(out, "</th>");
	th(out, L, H_RECEIVED);
	if (rep->has_prev)
		th(out, L, H_DELTA);
	th(out, L, H_CARRIED);
	th(out, L, H_ON_TIME);
	th(out, L, H_LATE);
	th(out, L, H_OPEN);
	th(out, L, H_OVERDUE);
	th(out, L, H_RATE);
	if (rep->has_prev)
		th(out, L, H_RATE_DELTA);
	th(out, L, H_MEDIAN);
	th(out, L, H_P90);
	th(out, L, H_RATED);
	th(out, L, H_UNRATED);
	th(out, L, H_SAT_RATE);
	th(out, L, H_ESCALATED);
	if (rep->has_published)
		th(out, L, H_PUBLISHED);
	pakn_buf_adds(out, "</tr></thead>\n<tbody>\n");
	for (r = 0; r < g->nrows; r++) {
		const struct pakn_report_row *row = &g->rows[r];
		const struct pakn_figures *c = &row->cur, *p = &row->prev;

		pakn_buf_adds(out, "<tr><td>");
		esc_key(out, L, &g->by, row);
		pakn_buf_adds(out, "</td>");
		int_cell(out, L, c->received);
		if (rep->has_prev) {
			pakn_buf_adds(out, "<td>");
			pakn_fmt_delta(out, L, c->received - p->received);
			pakn_buf_adds(out, "</td>");
		}
		int_cell(out, L, c->carried_over);
		int_cell(out, L, c->on_time);
		int_cell(out, L, c->late);
		int_cell(out, L, c->open);
		int_cell(out, L, c->overdue);
		rate_cell(out, L, c);
		if (rep->has_prev) {
			pakn_buf_adds(out, "<td>");
			pakn_fmt_rate_delta(out, L, c->rate, p->rate);
			pakn_buf_adds(out, "</td>");
		}
		days_cell(out, L, c->median);
		days_cell(out, L, c->p90);
		int_cell(out, L, c->rated);
		int_cell(out, L, c->unrated);
		pakn_buf_adds(out, "<td>");
		pakn_fmt_rate(out, L, c->sat_rate);
		pakn_buf_adds(out, "</td>");
		int_cell(out, L, c->escalated);
		if (rep->has_published)
			int_cell(out, L, c->published);
		pakn_buf_adds(out, "</tr>\n");
	}
	pakn_buf_adds(out, "</tbody></table>\n");
	pakn_buf_release(&b);
}

static void
list_table(enum pakn_lang L, const struct pakn_report_list *l, int directives,
           struct pakn_buf *out)
{
	struct pakn_buf b = PAKN_BUF_INIT;
	size_t i;

	if (l->count == 0) {
		pakn_buf_adds(out, "<p>");
		esc(out, pakn_label(L, L_NONE));
		pakn_buf_adds(out, "</p>\n");
		return;
	}
	pakn_buf_adds(out, "<table class=\"list\"><thead><tr>");
	th_class(out, L, L_ID, "t");
	th_class(out, L, L_AGENCY, "t");
	if (directives) {
		th(out, L, L_RECEIVED);
		th(out, L, directives == 3 ? L_LEVELS : L_DAYS_WAITING);
	} else {
		th(out, L, L_DAYS_OVERDUE);
		th(out, L, L_DUE);
	}
	th_class(out, L, L_TITLE, "t");
	pakn_buf_adds(out, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < l->ncases; i++) {
		const struct pakn_report_case *c = &l->cases[i];

		pakn_buf_adds(out, "<tr><td class=\"id\">");
		esc(out, c->id);
		pakn_buf_adds(out, "</td><td class=\"t\">");
		pakn_buf_reset(&b);
		pakn_fmt_key(&b, L, PAKN_DIM_AGENCY, c->agency, c->agency_name);
		esc(out, b.data);
		pakn_buf_adds(out, "</td>");
		if (directives) {
			pakn_buf_adds(out, "<td>");
			pakn_fmt_day(out, L, c->received_day);
			pakn_buf_adds(out, "</td>");
			int_cell(out, L, c->days);
		} else {
			int_cell(out, L, c->days);
			pakn_buf_adds(out, "<td>");
			if (c->due_day >= 0)
				pakn_fmt_day(out, L, c->due_day);
			pakn_buf_adds(out, "</td>");
		}
		pakn_buf_adds(out, "<td class=\"t\">");
		esc(out, c->title);
		pakn_buf_adds(out, "</td></tr>\n");
	}
	pakn_buf_adds(out, "</tbody></table>\n");
	if ((long long)l->ncases < l->count) {
		pakn_buf_addf(out, "<p class=\"note\">%s %zu/",
		              pakn_label(L, L_SHOWN), l->ncases);
		pakn_fmt_int(out, L, l->count);
		pakn_buf_adds(out, "</p>\n");
	}
	pakn_buf_release(&b);
}

/* A table by agency (render_int.h pakn_atab), with a total row. */
static void
atab_table(const struct pakn_report *rep, enum pakn_lang L, enum pakn_atab tab,
           struct pakn_buf *out)
{
	struct pakn_buf cells[PAKN_ATAB_MAXCOLS];
	long long v[PAKN_ATAB_MAXCOLS];
	int c, n = pakn_atab_ncols(tab);
	size_t r, nr = pakn_atab_nrows(rep, tab);

	memset(cells, 0, sizeof cells);
	pakn_buf_adds(out, "<table class=\"list\"><thead><tr>");
	th_class(out, L, pakn_atab_head(tab, 0), "t");
	for (c = 1; c < n; c++)
		th(out, L, pakn_atab_head(tab, c));
	pakn_buf_adds(out, "</tr></thead>\n<tbody>\n");
	for (r = 0; r <= nr; r++) {
		pakn_atab_row(rep, L, tab, r, cells, v);
		pakn_buf_adds(out, r == nr ? "<tr class=\"total\">" : "<tr>");
		for (c = 0; c < n; c++) {
			pakn_buf_adds(out, c ? "<td>" : "<td class=\"t\">");
			esc(out, cells[c].data);
			pakn_buf_adds(out, "</td>");
		}
		pakn_buf_adds(out, "</tr>\n");
	}
	pakn_buf_adds(out, "</tbody></table>\n");
	for (c = 0; c < n; c++)
		pakn_buf_release(&cells[c]);
}

/* The cases across more than two levels and the returns (a heading
 * level: "h2" on the page, "h3" in an annex), shown when there are any. */
static void
transfers_block(const struct pakn_report *rep, enum pakn_lang L, const char *h,
                int *num, struct pakn_buf *out)
{
	pakn_buf_addf(out, "<%s>%d. ", h, (*num)++);
	esc(out, pakn_label(L, L_MULTI));
	pakn_buf_adds(out, ": ");
	pakn_fmt_int(out, L, rep->multi_level.count);
	pakn_buf_addf(out, "</%s>\n", h);
	list_table(L, &rep->multi_level, 3, out);
	pakn_buf_addf(out, "<%s>%d. ", h, (*num)++);
	esc(out, pakn_label(L, L_RETURNS));
	pakn_buf_adds(out, ": ");
	pakn_fmt_int(out, L, rep->total.returns);
	pakn_buf_addf(out, "</%s>\n", h);
	if (rep->total.returns > 0) {
		atab_table(rep, L, PAKN_ATAB_RETURNS, out);
	} else {
		pakn_buf_adds(out, "<p>");
		esc(out, pakn_label(L, L_NONE));
		pakn_buf_adds(out, "</p>\n");
	}
}

/* ---- the official document (--doc) ---------------------------------------
 *
 * The presentation of Nghị định 30/2020/NĐ-CP (Phụ lục I): the issuing
 * office at the top left (the office above it, then the issuer in bold
 * with a short rule under it, then "Số: .../BC-..."), the national name
 * and motto at the top right (the motto in bold with a rule as long as
 * it, the place and date line in italics under them); the kind of
 * document "BÁO CÁO" and its summary title centred in bold; the body in
 * Times New Roman 13 pt; the signature block at the right (the authority
 * line, KT./TL. included, in bold capitals, room for the signature and
 * seal, the signer's name in bold) with "Nơi nhận:" at the left; the long
 * tables as annexes (Phụ lục I, II, III), each from a new page with its
 * "Kèm theo Báo cáo số ..." line.  A4 with the margins of the decree: top
 * and bottom 20 mm, left 30 mm, right 15 mm; page numbers at the top
 * centre from page 2.
 */

static const char doc_css[] =
    "@page{size:A4;margin:20mm 15mm 20mm 30mm;"
    "@top-center{content:counter(page);font:13pt \"Times New Roman\","
    "\"Liberation Serif\",\"DejaVu Serif\",serif}}\n"
    "@page:first{@top-center{content:none}}\n"
    "body.doc{font-family:\"Times New Roman\",\"Liberation Serif\","
    "\"DejaVu Serif\",serif;font-size:13pt;line-height:1.3;max-width:165mm;"
    "padding:0;color:#000}\n"
    "body.doc svg text{font-family:\"Liberation Sans\",\"DejaVu Sans\","
    "Arial,sans-serif}\n"
    ".qh{width:100%;border-collapse:collapse;margin:0;font-size:13pt}\n"
    "body.doc .qh td{border:0;padding:0;text-align:center;vertical-align:top;"
    "white-space:normal}\n"
    ".qh td.cq{width:38%;text-align:center}\n"
    ".qh td.qg{width:62%}\n"
    ".up{text-transform:none;font-size:12.5pt}\n"
    ".b{font-weight:700}\n"
    ".rule{border-top:1px solid #000;margin:1mm auto 2mm;width:30mm}\n"
    ".rule.motto{width:56mm}\n"
    ".so{margin-top:1mm}\n"
    ".dd{font-style:italic;margin-top:1mm}\n"
    "h1.ten{font-size:14pt;text-align:center;margin:7mm 0 0;color:#000;"
    "line-height:1.3}\n"
    "h1.ten span{display:block;font-size:14pt}\n"
    "body.doc p.asof{text-align:center;font-style:italic;margin:0 0 3mm;"
    "text-indent:0}\n"
    ".rule.ten{width:40mm;margin:2mm auto 2mm}\n"
    "body.doc h2{font-size:13pt;color:#000;border:0;margin:3mm 0 1mm;"
    "padding:0}\n"
    "body.doc p{margin:0 0 1.5mm;text-align:justify;text-indent:10mm}\n"
    "body.doc p.note{text-indent:0;font-size:10.5pt;color:#000}\n"
    "body.doc table{font-size:11pt}\n"
    "body.doc th,body.doc td{border:1px solid #000;padding:0.6mm 1.5mm}\n"
    "body.doc th{background:#fff;font-weight:700;text-align:right;"
    "vertical-align:middle}\n"
    "body.doc th.t,body.doc th:first-child{text-align:left}\n"
    "body.doc table.summary{width:100%}\n"
    "body.doc table.summary td,body.doc table.summary th{padding:0.3mm "
    "1.5mm}\n"
    "body.doc .charts{grid-template-columns:1fr 1fr;gap:5mm;margin:2mm 0}\n"
    "body.doc figcaption{font-size:11pt;text-align:center}\n"
    "body.doc .full,body.doc .partial,body.doc .below{color:#000}\n"
    ".ky{width:100%;border-collapse:collapse;margin-top:5mm;"
    "break-inside:avoid;page-break-inside:avoid}\n"
    "body.doc .ky "
    "td{border:0;padding:0;vertical-align:top;white-space:normal}\n"
    ".ky td.nn{width:45%;font-size:11pt;text-align:left}\n"
    ".ky td.nn .h{font-size:12pt;font-weight:700;font-style:italic}\n"
    ".ky td.sig{width:55%;text-align:center;font-size:13pt}\n"
    ".ky .space{height:24mm}\n"
    "section.pl{break-before:page;page-break-before:always}\n"
    "section.pl h2.plh{text-align:center;font-size:13pt;margin:0}\n"
    "body.doc section.pl .plt{text-align:center;font-weight:700;margin:0;"
    "text-indent:0}\n"
    "body.doc section.pl .plk{text-align:center;font-style:italic;"
    "margin:0 0 3mm;text-indent:0}\n"
    "section.pl h3{font-size:12pt;margin:3mm 0 1mm}\n"
    "body.doc table.groups{font-size:9.5pt}\n"
    "body.doc table.groups td:first-child{min-width:30mm}\n"
    "body.doc table.list{font-size:10.5pt}\n"
    "@media print{body.doc{max-width:none}}\n";

/* "ngày 05 tháng 9 năm 2025": the day below 10 and the months 1 and 2
 * with a leading zero (Nghị định 30/2020, Phụ lục I). */
static void
doc_date(struct pakn_buf *out, long day)
{
	int y, m, d;

	pakn_civil_from_days(day, &y, &m, &d);
	pakn_buf_addf(out, "ngày %02d tháng %s%d năm %d", d, m < 3 ? "0" : "",
	              m, y);
}

/* The period in words: "tháng 8 năm 2025" / "từ ngày 01/8/2025 đến ngày
 * 15/8/2025". */
static void
doc_period(struct pakn_buf *out, const struct pakn_period *p, int month)
{
	int y, m, d, y2, m2, d2;

	pakn_civil_from_days(p->from, &y, &m, &d);
	if (month) { /* the month it ends in (a cut-off month: 15th-14th) */
		pakn_civil_from_days(p->to, &y, &m, &d);
		pakn_buf_addf(out, "tháng %d năm %d", m, y);
		return;
	}
	pakn_civil_from_days(p->to, &y2, &m2, &d2);
	pakn_buf_addf(out, "từ ngày %02d/%02d/%d đến ngày %02d/%02d/%d", d, m,
	              y, d2, m2, y2);
}

/* Text in capitals (Vietnamese letters included), escaped; bytes that are
 * not UTF-8 are kept as they are (escaping replaces nothing then). */
static void
esc_upper(struct pakn_buf *out, const char *s)
{
	struct pakn_buf b = PAKN_BUF_INIT;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t n = (utf8proc_ssize_t)strlen(s), k;
	utf8proc_int32_t cp;
	utf8proc_uint8_t enc[4];

	while (n > 0) {
		k = utf8proc_iterate(p, n, &cp);
		if (k <= 0) {
			pakn_buf_addc(&b, (char)*p);
			p++;
			n--;
			continue;
		}
		pakn_buf_add(
		    &b, (const char *)enc,
		    (size_t)utf8proc_encode_char(utf8proc_toupper(cp), enc));
		p += k;
		n -= k;
	}
	esc(out, b.data ? b.data : "");
	pakn_buf_release(&b);
}

/* "Số: 12/BC-STNMT", or the number left to fill by hand. */
static void
doc_number(struct pakn_buf *out, const struct pakn_doc *d)
{
	pakn_buf_adds(out, "Số: ");
	if (d->number && *d->number)
		esc(out, d->number);
	else
		pakn_buf_adds(out, "&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;/BC-");
}

/* The lines of s split at '|' (or a newline), each escaped, joined by
 * <br>. */
static void
esc_lines(struct pakn_buf *out, const char *s, int upper)
{
	struct pakn_buf line = PAKN_BUF_INIT;
	const char *p = s, *e;
	int first = 1;

	while (*p) {
		e = p + strcspn(p, "|\n");
		pakn_buf_reset(&line);
		pakn_buf_add(&line, p, (size_t)(e - p));
		pakn_buf_addc(&line, '\0');
		if (!first)
			pakn_buf_adds(out, "<br>");
		first = 0;
		if (upper)
			esc_upper(out, line.data);
		else
			esc(out, line.data);
		p = *e ? e + 1 : e;
	}
	pakn_buf_release(&line);
}

static void
doc_head(const struct pakn_report *rep, const struct pakn_doc *d,
         struct pakn_buf *out)
{
	pakn_buf_adds(out, "<table class=\"qh\"><tr><td class=\"cq\">");
	if (d->parent_office && *d->parent_office) {
		pakn_buf_adds(out, "<div class=\"up\">");
		esc_upper(out, d->parent_office);
		pakn_buf_adds(out, "</div>");
	}
	pakn_buf_adds(out, "<div class=\"up b\">");
	if (d->office && *d->office)
		esc_upper(out, d->office);
	pakn_buf_adds(out, "</div><div class=\"rule\"></div><div "
	                   "class=\"so\">");
	doc_number(out, d);
	pakn_buf_adds(out,
	              "</div></td>\n<td class=\"qg\"><div class=\"up b\">CỘNG "
	              "HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div><div class=\"b\">Độc "
	              "lập - Tự do - Hạnh phúc</div><div class=\"rule "
	              "motto\"></div><div class=\"dd\">");
	if (d->place && *d->place) {
		esc(out, d->place);
		pakn_buf_adds(out, ", ");
	}
	doc_date(out, d->date >= 0 ? d->date : rep->cfg->cur.as_of);
	pakn_buf_adds(out, "</div></td></tr></table>\n");
}

/* The opening paragraph: the figures of the period in a sentence. */
static void
doc_intro(const struct pakn_report *rep, struct pakn_buf *out)
{
	const struct pakn_figures *c = &rep->total;
	struct pakn_buf b = PAKN_BUF_INIT;
	const enum pakn_lang L = PAKN_LANG_VI;

	pakn_buf_adds(out, "<p>");
	pakn_buf_adds(&b, "");
	doc_period(&b, &rep->cfg->cur, rep->cfg->month);
	pakn_buf_adds(out, "Trong ");
	esc(out, b.data);
	pakn_buf_adds(out, ", đã tiếp nhận ");
	pakn_fmt_int(out, L, c->received);
	pakn_buf_adds(out, " phản ánh, kiến nghị; kỳ trước chuyển sang ");
	pakn_fmt_int(out, L, c->carried_over);
	pakn_buf_adds(out, ". Đã trả lời đúng hạn ");
	pakn_fmt_int(out, L, c->on_time);
	pakn_buf_adds(out, ", trả lời quá hạn ");
	pakn_fmt_int(out, L, c->late);
	pakn_buf_adds(out, "; đang xử lý trong hạn ");
	pakn_fmt_int(out, L, c->open);
	pakn_buf_adds(out, "; quá hạn chưa trả lời ");
	pakn_fmt_int(out, L, c->overdue);
	if (c->undated) {
		pakn_buf_adds(out, "; đã trả lời không rõ ngày ");
		pakn_fmt_int(out, L, c->undated);
	}
	pakn_buf_adds(out, ". Tỷ lệ trả lời đúng hạn đạt ");
	pakn_fmt_rate(out, L, c->rate);
	if (rep->has_prev && c->rate >= 0 && rep->prev_total.rate >= 0) {
		pakn_buf_adds(out, " (kỳ trước ");
		pakn_fmt_rate(out, L, rep->prev_total.rate);
		pakn_buf_adds(out, ")");
	}
	pakn_buf_adds(out, ".</p>\n");
	pakn_buf_release(&b);
}

/* One recipient line: "- X;" and the last "- X." */
static void
doc_recipients(const struct pakn_doc *d, struct pakn_buf *out)
{
	const char *s =
	    d->recipients && *d->recipients ? d->recipients : "Lưu: VT";
	struct pakn_buf item = PAKN_BUF_INIT;
	const char *p = s, *e;

	pakn_buf_adds(out, "<span class=\"h\">Nơi nhận:</span>");
	while (*p) {
		e = p + strcspn(p, ";\n");
		while (p < e && *p == ' ')
			p++;
		pakn_buf_reset(&item);
		pakn_buf_add(&item, p, (size_t)(e - p));
		while (item.len && item.data[item.len - 1] == ' ')
			item.len--;
		pakn_buf_addc(&item, '\0');
		if (item.data[0]) {
			pakn_buf_adds(out, "<br>- ");
			esc(out, item.data);
			pakn_buf_adds(out, e[0] && e[1 + strspn(e + 1, " ;\n")]
			                       ? ";"
			                       : ".");
		}
		p = *e ? e + 1 : e;
	}
	pakn_buf_release(&item);
}

static void
doc_signature(const struct pakn_doc *d, struct pakn_buf *out)
{
	pakn_buf_adds(out, "<table class=\"ky\"><tr><td class=\"nn\">");
	doc_recipients(d, out);
	pakn_buf_adds(out, "</td><td class=\"sig\"><div class=\"b\">");
	if (d->signer_title && *d->signer_title)
		esc_lines(out, d->signer_title, 1);
	pakn_buf_adds(out, "</div><div class=\"space\"></div><div "
	                   "class=\"b\">");
	if (d->signer && *d->signer)
		esc(out, d->signer);
	pakn_buf_adds(out, "</div></td></tr></table>\n");
}

/* An annex's head: "Phụ lục I", its title, "(Kèm theo Báo cáo số ...)". */
static void
doc_annex(const struct pakn_report *rep, const struct pakn_doc *d,
          const char *roman, const char *title, struct pakn_buf *out)
{
	pakn_buf_addf(out,
	              "<section class=\"pl\">\n<h2 class=\"plh\">Phụ lục "
	              "%s</h2>\n<p class=\"plt\">",
	              roman);
	esc_upper(out, title);
	pakn_buf_adds(out, "</p>\n<p class=\"plk\">(Kèm theo Báo cáo số ");
	if (d->number && *d->number)
		esc(out, d->number);
	else
		pakn_buf_adds(out, "&nbsp;&nbsp;&nbsp;&nbsp;/BC-");
	pakn_buf_adds(out, " ");
	doc_date(out, d->date >= 0 ? d->date : rep->cfg->cur.as_of);
	if (d->office && *d->office) {
		pakn_buf_adds(out, " của ");
		esc(out, d->office);
	}
	pakn_buf_adds(out, ")</p>\n");
}

/* The definitions, with no program's name in them: the sentence on
 * missing due dates says what the rule is. */
static void
doc_definitions(enum pakn_lang L, struct pakn_buf *out)
{
	const char *t = pakn_label(L, X_DEF_TEXT);
	const char *p = strstr(t, "pakn-deadline");
	const char *start, *end;

	if (p == NULL) {
		esc(out, t);
		return;
	}
	for (start = p; start > t && !(start[-1] == ' ' && start[-2] == '.');
	     start--)
		;
	end = strchr(p, '.');
	end = end ? end + 1 : p + strlen(p);
	while (*end == ' ')
		end++;
	pakn_html_escape(out, t, (size_t)(start - t));
	esc(out,
	    L == PAKN_LANG_EN
	        ? "A case without a due date gets the legal one (30 days "
	          "for complaints and denunciations, 10 working days "
	          "otherwise, unless the office's rules say else). "
	        : "Vụ việc chưa có hạn xử lý được tính hạn theo quy định "
	          "(khiếu nại, tố cáo: 30 ngày; vụ việc khác: 10 ngày "
	          "làm việc, trừ khi quy chế của cơ quan quy định khác). ");
	esc(out, end);
}

static void
render_doc(const struct pakn_report *rep, const struct pakn_render_opts *o,
           struct pakn_buf *out)
{
	const struct pakn_doc *d = o->doc;
	enum pakn_lang L = o->lang;
	struct pakn_buf b = PAKN_BUF_INIT;
	int k;

	pakn_buf_adds(out,
	              "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta "
	              "charset=\"utf-8\">\n"
	              "<meta http-equiv=\"Content-Security-Policy\" "
	              "content=\"default-src 'none'; style-src "
	              "'unsafe-inline'; img-src data:\">\n"
	              "<link rel=\"icon\" href=\"data:,\">\n<title>Báo cáo "
	              "kết quả tiếp nhận, xử lý phản ánh, kiến nghị ");
	doc_period(&b, &rep->cfg->cur, rep->cfg->month);
	esc(out, b.data);
	pakn_buf_adds(out, "</title>\n<style>\n");
	pakn_buf_adds(out, css);
	pakn_buf_adds(out, doc_css);
	pakn_buf_adds(out, "</style>\n</head>\n<body class=\"doc\">\n");
	doc_head(rep, d, out);
	pakn_buf_adds(out, "<h1 class=\"ten\">BÁO CÁO<span>Kết quả tiếp "
	                   "nhận, xử lý phản ánh, kiến nghị ");
	esc(out, b.data);
	pakn_buf_adds(out, "</span></h1>\n<div class=\"rule ten\"></div>\n");
	pakn_buf_adds(out, "<p class=\"asof\">(Số liệu tính đến ngày ");
	pakn_fmt_day(out, PAKN_LANG_VI, rep->cfg->cur.as_of);
	if (rep->scope_key) {
		pakn_buf_adds(out, "; đơn vị: ");
		pakn_buf_reset(&b);
		pakn_fmt_key(&b, L, rep->cfg->split_dim, rep->scope_key,
		             rep->scope_name);
		esc(out, b.data);
	}
	pakn_buf_adds(out, ")</p>\n<h2>I. Kết quả tiếp nhận, xử lý</h2>\n");
	doc_intro(rep, out);
	summary_table(rep, L, out, 1);
	charts_block(rep, L, out);
	pakn_buf_adds(out, "<h2>II. Vụ việc quá hạn và chỉ đạo chưa báo cáo "
	                   "kết quả</h2>\n<p>Quá hạn chưa trả lời: ");
	pakn_fmt_int(out, L, rep->overdue.count);
	pakn_buf_adds(out, " vụ việc (danh sách tại Phụ lục II); chỉ đạo chưa "
	                   "báo cáo kết quả: ");
	pakn_fmt_int(out, L, rep->directives.count);
	{
		/* each text, then its figure */
		const struct pakn_figures *t = &rep->total;
		const struct {
			const char *text;
			long long v;
		} part[] = {{" (Phụ lục III); đã báo cáo kết quả đúng hạn ",
		             t->rb_on_time},
		            {", trễ hạn ", t->rb_late},
		            {"; chờ báo cáo trong hạn ", t->rb_awaiting},
		            {", quá hạn báo cáo ", t->rb_overdue},
		            {". Chuyển lên cấp trên: ", t->escalated},
		            {" (do không hài lòng ", t->esc_unsatisfied},
		            {", do vượt thẩm quyền ", t->esc_beyond},
		            {", tố cáo ", t->esc_denunciation},
		            {", lý do khác ", t->esc_other}};
		size_t i;

		for (i = 0; i < sizeof part / sizeof part[0]; i++) {
			pakn_buf_adds(out, part[i].text);
			pakn_fmt_int(out, L, part[i].v);
		}
	}
	pakn_buf_adds(out, ").");
	if (rep->total.cr_asked > 0) {
		const struct pakn_figures *t = &rep->total;
		const struct {
			const char *text;
			long long v;
		} part[] = {{" Đề nghị phối hợp: ", t->cr_asked},
		            {", được phúc đáp đúng hạn ", t->cr_on_time},
		            {", trễ hạn ", t->cr_late},
		            {"; đang chờ trong hạn ", t->cr_awaiting},
		            {", quá hạn chưa phúc đáp ", t->cr_overdue}};
		size_t i;

		for (i = 0; i < sizeof part / sizeof part[0]; i++) {
			pakn_buf_adds(out, part[i].text);
			pakn_fmt_int(out, L, part[i].v);
		}
		pakn_buf_adds(out, " (Phụ lục IV).");
	}
	if (rep->total.multi_level > 0 || rep->total.returns > 0) {
		pakn_buf_adds(out, " Vụ việc qua hơn hai cấp hành chính: ");
		pakn_fmt_int(out, L, rep->total.multi_level);
		pakn_buf_adds(out, "; trả lại, chuyển sai: ");
		pakn_fmt_int(out, L, rep->total.returns);
		pakn_buf_addf(out, " lượt (Phụ lục %s).",
		              rep->total.cr_asked > 0 ? "V" : "IV");
	}
	pakn_buf_adds(out, " Số liệu chi tiết theo từng đơn vị, kênh tiếp "
	                   "nhận và lĩnh vực tại Phụ lục I.</p>\n");
	doc_signature(d, out);

	doc_annex(rep, d, "I", "Số liệu chi tiết", out);
	for (k = 0; k < rep->cfg->nby; k++) {
		pakn_buf_reset(&b);
		pakn_fmt_by_heading(&b, L, &rep->groups[k].by);
		pakn_buf_addf(out, "<h3>%d. ", k + 1);
		esc(out, b.data);
		pakn_buf_adds(out, "</h3>\n");
		group_table(rep, L, &rep->groups[k], out);
	}
	pakn_buf_adds(out, "<h3>");
	esc(out, pakn_label(L, X_DEFINITIONS));
	pakn_buf_adds(out, "</h3>\n<p class=\"note\">");
	doc_definitions(L, out);
	pakn_buf_adds(out, "</p>\n</section>\n");
	doc_annex(rep, d, "II", "Danh sách vụ việc quá hạn chưa trả lời", out);
	list_table(L, &rep->overdue, 0, out);
	pakn_buf_adds(out, "</section>\n");
	doc_annex(rep, d, "III", "Danh sách chỉ đạo chưa báo cáo kết quả", out);
	list_table(L, &rep->directives, 1, out);
	pakn_buf_adds(out, "</section>\n");
	if (rep->total.cr_asked > 0) {
		doc_annex(rep, d, "IV", "Đề nghị phối hợp và chậm phúc đáp",
		          out);
		pakn_buf_adds(out, "<h3>1. ");
		esc(out, pakn_label(L, L_COORD));
		pakn_buf_adds(out, "</h3>\n");
		atab_table(rep, L, PAKN_ATAB_COORD, out);
		pakn_buf_adds(out, "<h3>2. ");
		esc(out, pakn_label(L, L_COORD_OVERDUE));
		pakn_buf_adds(out, "</h3>\n");
		list_table(L, &rep->coord_overdue, 0, out);
		pakn_buf_adds(out, "</section>\n");
	}
	if (rep->total.multi_level > 0 || rep->total.returns > 0) {
		int n = 1;

		doc_annex(rep, d, rep->total.cr_asked > 0 ? "V" : "IV",
		          "Vụ việc qua nhiều cấp và trả lại", out);
		transfers_block(rep, L, "h3", &n, out);
		pakn_buf_adds(out, "</section>\n");
	}
	pakn_buf_adds(out, "</body>\n</html>\n");
	pakn_buf_release(&b);
}

/* ---- the page ------------------------------------------------------------ */

void
pakn_render_html(const struct pakn_report *rep,
                 const struct pakn_render_opts *o, struct pakn_buf *out)
{
	enum pakn_lang L = o->lang;
	struct pakn_buf b = PAKN_BUF_INIT;
	int k, num = 1;

	if (o->doc) {
		render_doc(rep, o, out);
		return;
	}
	pakn_buf_addf(out,
	              "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta "
	              "charset=\"utf-8\">\n"
	              "<meta http-equiv=\"Content-Security-Policy\" "
	              "content=\"default-src 'none'; style-src "
	              "'unsafe-inline'; img-src data:\">\n"
	              "<meta name=\"viewport\" content=\"width=device-width, "
	              "initial-scale=1\">\n"
	              "<link rel=\"icon\" href=\"data:,\">\n<title>",
	              L == PAKN_LANG_EN ? "en" : "vi");
	pakn_fmt_period(&b, L, &rep->cfg->cur, rep->cfg->month);
	esc(out, pakn_label(L, T_HEADING));
	pakn_buf_adds(out, " – ");
	esc(out, b.data);
	pakn_buf_adds(out, "</title>\n<style>\n");
	pakn_buf_adds(out, css);
	pakn_buf_adds(out, "</style>\n</head>\n<body>\n<header>\n");
	if (o->title) {
		pakn_buf_adds(out, "<p class=\"org\">");
		esc(out, o->title);
		pakn_buf_adds(out, "</p>\n");
	}
	pakn_buf_adds(out, "<h1>");
	esc(out, pakn_label(L, T_HEADING));
	pakn_buf_adds(out, "</h1>\n<p class=\"meta\">");
	if (rep->scope_key) {
		esc(out, pakn_label(L, T_SCOPE));
		pakn_buf_adds(out, ": <strong>");
		pakn_buf_reset(&b);
		pakn_fmt_key(&b, L, rep->cfg->split_dim, rep->scope_key,
		             rep->scope_name);
		esc(out, b.data);
		pakn_buf_adds(out, "</strong><br>\n");
	}
	esc(out, pakn_label(L, T_PERIOD));
	pakn_buf_adds(out, ": <strong>");
	pakn_buf_reset(&b);
	pakn_fmt_period(&b, L, &rep->cfg->cur, rep->cfg->month);
	esc(out, b.data);
	pakn_buf_adds(out, "</strong><br>\n");
	esc(out, pakn_label(L, T_AS_OF));
	pakn_buf_adds(out, ": ");
	pakn_fmt_day(out, L, rep->cfg->cur.as_of);
	pakn_buf_adds(out, "<br>\n");
	esc(out, pakn_label(L, T_COMPARED));
	pakn_buf_adds(out, ": ");
	pakn_buf_reset(&b);
	pakn_fmt_period(&b, L, &rep->cfg->prev, rep->cfg->month);
	esc(out, b.data);
	if (!rep->has_prev) {
		pakn_buf_adds(out, " (");
		esc(out, pakn_label(L, T_NO_PREV));
		pakn_buf_adds(out, ")");
	}
	pakn_buf_adds(out, "</p>\n</header>\n");

	cards(rep, L, out);
	pakn_buf_addf(out, "<h2>%d. ", num++);
	esc(out, pakn_label(L, T_SUMMARY));
	pakn_buf_adds(out, "</h2>\n");
	summary_table(rep, L, out, 0);

	charts_block(rep, L, out);
	chart_trend(rep, L, out);

	for (k = 0; k < rep->cfg->nby; k++) {
		pakn_buf_reset(&b);
		pakn_fmt_by_heading(&b, L, &rep->groups[k].by);
		pakn_buf_addf(out, "<h2>%d. ", num++);
		esc(out, b.data);
		pakn_buf_adds(out, "</h2>\n");
		group_table(rep, L, &rep->groups[k], out);
	}
	pakn_buf_addf(out, "<h2>%d. ", num++);
	esc(out, pakn_label(L, L_OVERDUE));
	pakn_buf_adds(out, ": ");
	pakn_fmt_int(out, L, rep->overdue.count);
	pakn_buf_adds(out, "</h2>\n");
	list_table(L, &rep->overdue, 0, out);
	pakn_buf_addf(out, "<h2>%d. ", num++);
	esc(out, pakn_label(L, L_DIRECTIVES));
	pakn_buf_adds(out, ": ");
	pakn_fmt_int(out, L, rep->directives.count);
	pakn_buf_adds(out, "</h2>\n");
	list_table(L, &rep->directives, 1, out);
	if (rep->total.cr_asked > 0) {
		pakn_buf_addf(out, "<h2>%d. ", num++);
		esc(out, pakn_label(L, L_COORD));
		pakn_buf_adds(out, "</h2>\n");
		atab_table(rep, L, PAKN_ATAB_COORD, out);
		pakn_buf_addf(out, "<h2>%d. ", num++);
		esc(out, pakn_label(L, L_COORD_OVERDUE));
		pakn_buf_adds(out, ": ");
		pakn_fmt_int(out, L, rep->coord_overdue.count);
		pakn_buf_adds(out, "</h2>\n");
		list_table(L, &rep->coord_overdue, 0, out);
	}
	if (rep->total.multi_level > 0 || rep->total.returns > 0)
		transfers_block(rep, L, "h2", &num, out);
	pakn_buf_adds(out, "<h2>");
	esc(out, pakn_label(L, X_DEFINITIONS));
	pakn_buf_adds(out, "</h2>\n<p class=\"note\">");
	esc(out, pakn_label(L, X_DEF_TEXT));
	pakn_buf_adds(out, "</p>\n<footer>");
	esc(out, pakn_label(L, X_FOOTER));
	pakn_buf_adds(out, " pakn-report " PAKN_VERSION
	                   "</footer>\n</body>\n</html>\n");
	pakn_buf_release(&b);
}
