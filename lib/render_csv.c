/*
 * render_csv.c: the report as CSV, one line per period and group row with
 * the stable machine names of pakn-report(1); fields quoted as RFC 4180
 * says, and a text a spreadsheet would run as a formula neutralised.
 */
#include "render.h"

#include <string.h>

#include "render_int.h"
#include "when.h"

/* One CSV field: quoted when it holds a delimiter, quote or line break;
 * a text that a spreadsheet would run as a formula (= + - @, tab, CR at
 * the start) gets a leading apostrophe. */
void
pakn_csv_field(struct pakn_buf *b, const char *s, int text)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	const char *p;

	if (text && (*s == '=' || *s == '+' || *s == '-' || *s == '@' ||
	             *s == '\t' || *s == '\r'))
		quote = 1;
	if (!quote) {
		pakn_buf_adds(b, s);
		return;
	}
	pakn_buf_addc(b, '"');
	if (text && (*s == '=' || *s == '+' || *s == '-' || *s == '@' ||
	             *s == '\t' || *s == '\r'))
		pakn_buf_addc(b, '\'');
	for (p = s; *p; p++) {
		if (*p == '"')
			pakn_buf_addc(b, '"');
		pakn_buf_addc(b, *p);
	}
	pakn_buf_addc(b, '"');
}

static void
csv_figures(struct pakn_buf *b, const struct pakn_figures *f)
{
	pakn_buf_addf(b, ",%lld,%lld,%lld,%lld,%lld,%lld,", f->received,
	              f->carried_over, f->on_time, f->late, f->open,
	              f->overdue);
	pakn_fmt_fraction(b, f->rate);
	pakn_buf_addc(b, ',');
	if (f->median >= 0)
		pakn_buf_addf(b, "%ld", f->median);
	pakn_buf_addc(b, ',');
	if (f->p90 >= 0)
		pakn_buf_addf(b, "%ld", f->p90);
	pakn_buf_addf(b, ",%lld,%lld,%lld,", f->satisfied, f->neutral,
	              f->unsatisfied);
	pakn_fmt_fraction(b, f->sat_rate);
	pakn_buf_addf(b, ",%lld,%lld", f->escalated, f->undated);
}

static void
csv_period(struct pakn_buf *b, const struct pakn_period *p, int month)
{
	int y, m, d;

	if (month) {
		pakn_civil_from_days(p->from, &y, &m, &d);
		pakn_buf_addf(b, "%04d-%02d", y, m);
		return;
	}
	pakn_fmt_iso_day(b, p->from);
	pakn_buf_addc(b, '/');
	pakn_fmt_iso_day(b, p->to);
}

void
pakn_render_csv(const struct pakn_report *rep, const struct pakn_render_opts *o,
                struct pakn_buf *out)
{
	const char *eol = o->excel ? "\r\n" : "\n";
	struct pakn_buf period = PAKN_BUF_INIT, name = PAKN_BUF_INIT;
	int k, pi;
	size_t r;

	if (o->excel)
		pakn_buf_adds(out, "\xef\xbb\xbf");
	pakn_buf_adds(
	    out, "period,grouping,key,name,key2,name2,received,carried_"
	         "over,answered_on_time,answered_late,open,overdue,on_"
	         "time_rate,median_days,p90_days,satisfied,neutral,"
	         "unsatisfied,satisfaction_rate,escalated,answered_undated");
	pakn_buf_adds(out, eol);
	for (pi = 0; pi < (rep->has_prev ? 2 : 1); pi++) {
		pakn_buf_reset(&period);
		csv_period(&period, pi ? &rep->cfg->prev : &rep->cfg->cur,
		           rep->cfg->month);
		pakn_buf_adds(out, period.data);
		pakn_buf_adds(out, ",total,,,,");
		csv_figures(out, pi ? &rep->prev_total : &rep->total);
		pakn_buf_adds(out, eol);
		for (k = 0; k < rep->cfg->nby; k++) {
			const struct pakn_report_group *g = &rep->groups[k];

			pakn_buf_reset(&name);
			pakn_agg_by_name(&g->by, &name);
			for (r = 0; r < g->nrows; r++) {
				const struct pakn_report_row *row = &g->rows[r];

				pakn_buf_adds(out, period.data);
				pakn_buf_addc(out, ',');
				pakn_csv_field(out, name.data, 0);
				pakn_buf_addc(out, ',');
				pakn_csv_field(out, row->key[0], 1);
				pakn_buf_addc(out, ',');
				pakn_csv_field(
				    out, row->name[0] ? row->name[0] : "", 1);
				pakn_buf_addc(out, ',');
				pakn_csv_field(out, row->key[1], 1);
				pakn_buf_addc(out, ',');
				pakn_csv_field(
				    out, row->name[1] ? row->name[1] : "", 1);
				csv_figures(out, pi ? &row->prev : &row->cur);
				pakn_buf_adds(out, eol);
			}
		}
	}
	pakn_buf_release(&period);
	pakn_buf_release(&name);
}
