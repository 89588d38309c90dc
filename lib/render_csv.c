/*
 * render_csv.c: the report as CSV, one line per period and group row with
 * the stable machine names of pakn-report(1); fields quoted as RFC 4180
 * says, and a text a spreadsheet would run as a formula neutralised.
 * --excel (PAKN_EXCEL_VI) writes what Excel under Vietnamese regional
 * settings opens in columns: ';' between fields, a decimal comma, a BOM
 * and CRLF; --excel=intl (PAKN_EXCEL_INTL) keeps ',' and '.' with the BOM
 * and CRLF.
 */
#include "render.h"

#include <string.h>

#include "render_int.h"
#include "when.h"

/* One CSV field: quoted when it holds the separator, a quote or a line
 * break; a text that a spreadsheet would run as a formula (= + - @, tab,
 * CR at the start) gets a leading apostrophe. */
void
pakn_csv_field_sep(struct pakn_buf *b, const char *s, int text, char sep)
{
	char special[5] = {sep, '"', '\r', '\n', '\0'};
	int quote = strpbrk(s, special) != NULL;
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

void
pakn_csv_field(struct pakn_buf *b, const char *s, int text)
{
	pakn_csv_field_sep(b, s, text, ',');
}

void
pakn_csv_dialect(struct pakn_csv_dialect *d, int excel)
{
	d->sep = excel == PAKN_EXCEL_VI ? ';' : ',';
	d->decimal = excel == PAKN_EXCEL_VI ? ',' : '.';
	d->eol = excel ? "\r\n" : "\n";
	d->bom = excel != 0;
}

/* A rate in 1/10000 as a fraction with the dialect's decimal mark;
 * nothing when undefined. */
static void
csv_fraction(struct pakn_buf *b, const struct pakn_csv_dialect *d, long v)
{
	size_t at = b->len;

	pakn_fmt_fraction(b, v);
	if (d->decimal != '.' && b->len > at) {
		char *dot = memchr(b->data + at, '.', b->len - at);

		if (dot)
			*dot = d->decimal;
	}
}

static void
csv_figures(struct pakn_buf *b, const struct pakn_csv_dialect *d,
            const struct pakn_figures *f, int known_pub)
{
	char s = d->sep;

	pakn_buf_addf(b, "%c%lld%c%lld%c%lld%c%lld%c%lld%c%lld%c", s,
	              f->received, s, f->carried_over, s, f->on_time, s,
	              f->late, s, f->open, s, f->overdue, s);
	csv_fraction(b, d, f->rate);
	pakn_buf_addc(b, s);
	if (f->median >= 0)
		pakn_buf_addf(b, "%ld", f->median);
	pakn_buf_addc(b, s);
	if (f->p90 >= 0)
		pakn_buf_addf(b, "%ld", f->p90);
	pakn_buf_addf(b, "%c%lld%c%lld%c%lld%c", s, f->satisfied, s, f->neutral,
	              s, f->unsatisfied, s);
	csv_fraction(b, d, f->sat_rate);
	pakn_buf_addf(b, "%c%lld%c%lld%c", s, f->escalated, s, f->undated, s);
	if (known_pub)
		pakn_buf_addf(b, "%lld", f->published);
	pakn_buf_addf(b, "%c%lld%c%lld", s, f->rated, s, f->unrated);
	pakn_buf_addf(b, "%c%lld%c%lld%c%lld%c%lld", s, f->esc_unsatisfied, s,
	              f->esc_beyond, s, f->esc_denunciation, s, f->esc_other);
	pakn_buf_addf(b, "%c%lld%c%lld%c%lld%c%lld", s, f->rb_on_time, s,
	              f->rb_late, s, f->rb_awaiting, s, f->rb_overdue);
}

/* The coordination columns: counts, or empty fields (none = 1). */
static void
csv_coord(struct pakn_buf *b, const struct pakn_csv_dialect *d,
          const struct pakn_figures *f, int none)
{
	char s = d->sep;

	if (none)
		pakn_buf_addf(b, "%c%c%c%c%c", s, s, s, s, s);
	else
		pakn_buf_addf(b, "%c%lld%c%lld%c%lld%c%lld%c%lld", s,
		              f->cr_asked, s, f->cr_on_time, s, f->cr_late, s,
		              f->cr_awaiting, s, f->cr_overdue);
}

/* multi_level (a figure of every row of cases, empty on other rows) and
 * returns (the total row of this period and the returns rows). */
static void
csv_transfers(struct pakn_buf *b, const struct pakn_csv_dialect *d,
              const struct pakn_figures *f, int cases, int returns)
{
	pakn_buf_addc(b, d->sep);
	if (cases)
		pakn_buf_addf(b, "%lld", f->multi_level);
	pakn_buf_addc(b, d->sep);
	if (returns)
		pakn_buf_addf(b, "%lld", f->returns);
}

/* The rows of a table by another agency: the coordination requests by
 * the agency asked (coord 1), or the returns by the agency that sent the
 * case back (coord 0); the 26 case figures empty. */
static void
csv_atab(struct pakn_buf *out, const struct pakn_csv_dialect *d,
         const char *period, const char *grouping,
         const struct pakn_report_group *g, int coord)
{
	size_t r;
	int e;

	for (r = 0; r < g->nrows; r++) {
		const struct pakn_report_row *row = &g->rows[r];

		pakn_buf_adds(out, period);
		pakn_buf_addf(out, "%c%s%c", d->sep, grouping, d->sep);
		pakn_csv_field_sep(out, row->key[0], 1, d->sep);
		pakn_buf_addc(out, d->sep);
		pakn_csv_field_sep(out, row->name[0] ? row->name[0] : "", 1,
		                   d->sep);
		pakn_buf_addf(out, "%c%c", d->sep, d->sep);
		for (e = 0; e < 26; e++)
			pakn_buf_addc(out, d->sep);
		csv_coord(out, d, &row->cur, !coord);
		csv_transfers(out, d, &row->cur, 0, !coord);
		pakn_buf_adds(out, d->eol);
	}
}

/* The header line's names, separated by the dialect's separator. */
static void
csv_names(struct pakn_buf *b, const struct pakn_csv_dialect *d,
          const char *names)
{
	const char *p;

	for (p = names; *p; p++)
		pakn_buf_addc(b, *p == ',' ? d->sep : *p);
}

static void
csv_period(struct pakn_buf *b, const struct pakn_period *p, int month)
{
	int y, m, d;

	if (month) { /* the month it ends in (a cut-off month: 15th-14th) */
		pakn_civil_from_days(p->to, &y, &m, &d);
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
	struct pakn_csv_dialect d;
	struct pakn_buf period = PAKN_BUF_INIT, name = PAKN_BUF_INIT;
	int k, pi;
	size_t r;

	pakn_csv_dialect(&d, o->excel);
	if (d.bom)
		pakn_buf_adds(out, "\xef\xbb\xbf");
	csv_names(out, &d,
	          "period,grouping,key,name,key2,name2,received,carried_"
	          "over,answered_on_time,answered_late,open,overdue,on_"
	          "time_rate,median_days,p90_days,satisfied,neutral,"
	          "unsatisfied,satisfaction_rate,escalated,answered_undated,"
	          "published,rated,not_rated,escalated_unsatisfied,escalated_"
	          "beyond_authority,escalated_denunciation,escalated_other,"
	          "directives_on_time,directives_late,directives_awaiting,"
	          "directives_overdue,coordination_asked,coordination_on_time,"
	          "coordination_late,coordination_awaiting,coordination_"
	          "overdue,multi_level,returns");
	pakn_buf_adds(out, d.eol);
	for (pi = 0; pi < (rep->has_prev ? 2 : 1); pi++) {
		pakn_buf_reset(&period);
		csv_period(&period, pi ? &rep->cfg->prev : &rep->cfg->cur,
		           rep->cfg->month);
		pakn_buf_adds(out, period.data);
		pakn_buf_addf(out, "%ctotal%c%c%c%c", d.sep, d.sep, d.sep,
		              d.sep, d.sep);
		csv_figures(out, &d, pi ? &rep->prev_total : &rep->total,
		            rep->has_published);
		csv_coord(out, &d, &rep->total, pi);
		csv_transfers(out, &d, pi ? &rep->prev_total : &rep->total, 1,
		              !pi);
		pakn_buf_adds(out, d.eol);
		for (k = 0; k < rep->cfg->nby; k++) {
			const struct pakn_report_group *g = &rep->groups[k];

			pakn_buf_reset(&name);
			pakn_agg_by_name(&g->by, &name);
			for (r = 0; r < g->nrows; r++) {
				const struct pakn_report_row *row = &g->rows[r];

				pakn_buf_adds(out, period.data);
				pakn_buf_addc(out, d.sep);
				pakn_csv_field_sep(out, name.data, 0, d.sep);
				pakn_buf_addc(out, d.sep);
				pakn_csv_field_sep(out, row->key[0], 1, d.sep);
				pakn_buf_addc(out, d.sep);
				pakn_csv_field_sep(
				    out, row->name[0] ? row->name[0] : "", 1,
				    d.sep);
				pakn_buf_addc(out, d.sep);
				pakn_csv_field_sep(out, row->key[1], 1, d.sep);
				pakn_buf_addc(out, d.sep);
				pakn_csv_field_sep(
				    out, row->name[1] ? row->name[1] : "", 1,
				    d.sep);
				csv_figures(out, &d,
				            pi ? &row->prev : &row->cur,
				            rep->has_published);
				csv_coord(out, &d, NULL, 1);
				csv_transfers(
				    out, &d, pi ? &row->prev : &row->cur, 1, 0);
				pakn_buf_adds(out, d.eol);
			}
		}
	}
	/* The tables by another agency (this period): the case figures
	 * empty. */
	pakn_buf_reset(&period);
	csv_period(&period, &rep->cfg->cur, rep->cfg->month);
	csv_atab(out, &d, period.data, "coordination", &rep->coordination, 1);
	csv_atab(out, &d, period.data, "returns", &rep->returns, 0);
	pakn_buf_release(&period);
	pakn_buf_release(&name);
}
