/*
 * render_json.c: the report as one JSON document (schema 1 of
 * pakn-report(1)): machine names, rates as fractions, null where a figure
 * is undefined.
 */
#include "render.h"

#include "render_int.h"
#include "when.h"

static void
json_figures(struct pakn_buf *b, const struct pakn_figures *f, int known_pub)
{
	static const char *const marks[] = {"null", "\"below\"", "\"partial\"",
	                                    "\"full\""};

	pakn_buf_addf(b,
	              "\"received\": %lld, \"carried_over\": %lld, "
	              "\"answered_on_time\": %lld, \"answered_late\": %lld, "
	              "\"open\": %lld, \"overdue\": %lld, "
	              "\"answered_undated\": %lld, \"on_time_rate\": ",
	              f->received, f->carried_over, f->on_time, f->late,
	              f->open, f->overdue, f->undated);
	if (f->rate >= 0)
		pakn_fmt_fraction(b, f->rate);
	else
		pakn_buf_adds(b, "null");
	pakn_buf_addf(b, ", \"on_time_mark\": %s, \"median_days\": ",
	              marks[pakn_figures_mark(f)]);
	if (f->median >= 0)
		pakn_buf_addf(b, "%ld", f->median);
	else
		pakn_buf_adds(b, "null");
	pakn_buf_adds(b, ", \"p90_days\": ");
	if (f->p90 >= 0)
		pakn_buf_addf(b, "%ld", f->p90);
	else
		pakn_buf_adds(b, "null");
	pakn_buf_addf(b,
	              ", \"satisfied\": %lld, \"neutral\": %lld, "
	              "\"unsatisfied\": %lld, \"satisfaction_rate\": ",
	              f->satisfied, f->neutral, f->unsatisfied);
	if (f->sat_rate >= 0)
		pakn_fmt_fraction(b, f->sat_rate);
	else
		pakn_buf_adds(b, "null");
	pakn_buf_addf(b, ", \"escalated\": %lld", f->escalated);
	pakn_buf_addf(b,
	              ", \"escalated_by_reason\": {\"unsatisfied\": %lld, "
	              "\"beyond_authority\": %lld, \"denunciation\": %lld, "
	              "\"other\": %lld}",
	              f->esc_unsatisfied, f->esc_beyond, f->esc_denunciation,
	              f->esc_other);
	pakn_buf_addf(b,
	              ", \"directives_report_back\": {\"on_time\": %lld, "
	              "\"late\": %lld, \"awaiting\": %lld, \"overdue\": %lld}",
	              f->rb_on_time, f->rb_late, f->rb_awaiting, f->rb_overdue);
	pakn_buf_addf(b, ", \"rated\": %lld, \"not_rated\": %lld", f->rated,
	              f->unrated);
	pakn_buf_addf(b, ", \"multi_level\": %lld", f->multi_level);
	if (known_pub)
		pakn_buf_addf(b, ", \"published\": %lld", f->published);
	else
		pakn_buf_adds(b, ", \"published\": null");
}

static void
json_str_or_null(struct pakn_buf *b, const char *s)
{
	if (s == NULL || *s == '\0')
		pakn_buf_adds(b, "null");
	else
		pakn_buf_add_json_cstr(b, s);
}

static void
json_period(struct pakn_buf *b, const struct pakn_period *p, int month)
{
	int y, m, d;

	pakn_buf_adds(b, "{\"from\": \"");
	pakn_fmt_iso_day(b, p->from);
	pakn_buf_adds(b, "\", \"to\": \"");
	pakn_fmt_iso_day(b, p->to);
	pakn_buf_adds(b, "\", \"month\": ");
	if (month) { /* the month it ends in (a cut-off month: 15th-14th) */
		pakn_civil_from_days(p->to, &y, &m, &d);
		pakn_buf_addf(b, "\"%04d-%02d\"", y, m);
	} else {
		pakn_buf_adds(b, "null");
	}
	pakn_buf_adds(b, ", \"as_of\": \"");
	pakn_fmt_iso_day(b, p->as_of);
	pakn_buf_adds(b, "\"}");
}

/* A list: overdue cases (0), directives (1), overdue coordination
 * requests (2: agency is the agency asked, requested_at the request), or
 * cases across more than two levels (3: days is the number of levels). */
static void
json_list(struct pakn_buf *b, const struct pakn_report_list *l, int kind)
{
	int directives = kind == 1;

	size_t i;

	pakn_buf_addf(b, "{\"count\": %lld, \"cases\": [", l->count);
	for (i = 0; i < l->ncases; i++) {
		const struct pakn_report_case *c = &l->cases[i];

		pakn_buf_adds(b, i ? ",\n    {\"id\": " : "\n    {\"id\": ");
		pakn_buf_add_json_cstr(b, c->id);
		pakn_buf_adds(b, ", \"agency\": ");
		json_str_or_null(b, c->agency);
		pakn_buf_adds(b, ", \"agency_name\": ");
		json_str_or_null(b, c->agency_name);
		pakn_buf_adds(b, kind == 2 ? ", \"requested_at\": "
		                           : ", \"received_at\": ");
		json_str_or_null(b, c->received_at);
		pakn_buf_adds(b, ", \"due_at\": ");
		json_str_or_null(b, c->due_at);
		pakn_buf_addf(b, ", \"%s\": %ld, \"title\": ",
		              kind == 3    ? "levels"
		              : directives ? "waiting_days"
		                           : "overdue_days",
		              c->days);
		json_str_or_null(b, c->title);
		pakn_buf_addc(b, '}');
	}
	pakn_buf_adds(b, l->ncases ? "\n  ]}" : "]}");
}

static void
json_coord_counts(struct pakn_buf *b, const struct pakn_figures *f)
{
	pakn_buf_addf(b,
	              "\"asked\": %lld, \"replied_on_time\": %lld, "
	              "\"replied_late\": %lld, \"awaiting\": %lld, "
	              "\"overdue\": %lld",
	              f->cr_asked, f->cr_on_time, f->cr_late, f->cr_awaiting,
	              f->cr_overdue);
}

/* Coordination requests: the totals, by the agency asked, the overdue. */
static void
json_coordination(struct pakn_buf *b, const struct pakn_report *rep)
{
	const struct pakn_report_group *g = &rep->coordination;
	size_t r;

	pakn_buf_adds(b, ",\n  \"coordination\": {");
	json_coord_counts(b, &rep->total);
	pakn_buf_adds(b, ", \"by_agency\": [");
	for (r = 0; r < g->nrows; r++) {
		const struct pakn_report_row *row = &g->rows[r];

		pakn_buf_adds(b, r ? ",\n    {\"agency\": "
		                   : "\n    {\"agency\": ");
		json_str_or_null(b, row->key[0]);
		pakn_buf_adds(b, ", \"name\": ");
		json_str_or_null(b, row->name[0]);
		pakn_buf_adds(b, ", ");
		json_coord_counts(b, &row->cur);
		pakn_buf_addc(b, '}');
	}
	pakn_buf_adds(b, g->nrows ? "\n  ],\n  \"overdue_requests\": "
	                          : "], \"overdue_requests\": ");
	json_list(b, &rep->coord_overdue, 2);
	pakn_buf_addc(b, '}');
}

/* Transfers: the cases across more than two levels, the returns by the
 * agency that sent the case back. */
static void
json_transfers(struct pakn_buf *b, const struct pakn_report *rep)
{
	const struct pakn_report_group *g = &rep->returns;
	size_t r;

	pakn_buf_addf(b,
	              ",\n  \"transfers\": {\"multi_level\": %lld, "
	              "\"returns\": %lld, \"returns_by_agency\": [",
	              rep->total.multi_level, rep->total.returns);
	for (r = 0; r < g->nrows; r++) {
		pakn_buf_adds(b, r ? ",\n    {\"agency\": "
		                   : "\n    {\"agency\": ");
		json_str_or_null(b, g->rows[r].key[0]);
		pakn_buf_adds(b, ", \"name\": ");
		json_str_or_null(b, g->rows[r].name[0]);
		pakn_buf_addf(b, ", \"returns\": %lld}",
		              g->rows[r].cur.returns);
	}
	pakn_buf_adds(b, g->nrows ? "\n  ],\n  \"multi_level_cases\": "
	                          : "], \"multi_level_cases\": ");
	json_list(b, &rep->multi_level, 3);
	pakn_buf_addc(b, '}');
}

void
pakn_render_json(const struct pakn_report *rep,
                 const struct pakn_render_opts *o, struct pakn_buf *out)
{
	struct pakn_buf name = PAKN_BUF_INIT;
	size_t r, j;
	int k, d;

	(void)o;
	pakn_buf_adds(out, "{\n  \"report\": \"pakn-report\",\n  \"schema\": "
	                   "1,\n  \"period\": ");
	json_period(out, &rep->cfg->cur, rep->cfg->month);
	pakn_buf_adds(out, ",\n  \"previous_period\": ");
	if (rep->has_prev)
		json_period(out, &rep->cfg->prev, rep->cfg->month);
	else
		pakn_buf_adds(out, "null");
	pakn_buf_adds(out, ",\n  \"scope\": ");
	if (rep->scope_key) {
		pakn_buf_addf(out, "{\"by\": \"%s\", \"key\": ",
		              pakn_dim_name(rep->cfg->split_dim));
		json_str_or_null(out, rep->scope_key);
		pakn_buf_adds(out, ", \"name\": ");
		json_str_or_null(out, rep->scope_name);
		pakn_buf_addc(out, '}');
	} else {
		pakn_buf_adds(out, "null");
	}
	pakn_buf_adds(out, ",\n  \"totals\": {");
	json_figures(out, &rep->total, rep->has_published);
	if (rep->has_prev) {
		pakn_buf_adds(out, ", \"previous\": {");
		json_figures(out, &rep->prev_total, rep->has_published);
		pakn_buf_addc(out, '}');
	}
	pakn_buf_adds(out, "},\n  \"groups\": {");
	for (k = 0; k < rep->cfg->nby; k++) {
		const struct pakn_report_group *g = &rep->groups[k];

		pakn_agg_by_name(&g->by, &name);
		pakn_buf_adds(out, k ? ",\n    " : "\n    ");
		pakn_buf_add_json_cstr(out, name.data);
		pakn_buf_adds(out, ": [");
		for (r = 0; r < g->nrows; r++) {
			const struct pakn_report_row *row = &g->rows[r];

			pakn_buf_adds(out, r ? ",\n      {\"key\": "
			                     : "\n      {\"key\": ");
			if (g->by.ndim == 1) {
				json_str_or_null(out, row->key[0]);
			} else {
				pakn_buf_addc(out, '[');
				json_str_or_null(out, row->key[0]);
				pakn_buf_adds(out, ", ");
				json_str_or_null(out, row->key[1]);
				pakn_buf_addc(out, ']');
			}
			for (d = 0; d < g->by.ndim; d++)
				if (row->name[d])
					break;
			if (d < g->by.ndim) {
				pakn_buf_adds(out, ", \"name\": ");
				if (g->by.ndim == 1) {
					json_str_or_null(out, row->name[0]);
				} else {
					pakn_buf_addc(out, '[');
					json_str_or_null(out, row->name[0]);
					pakn_buf_adds(out, ", ");
					json_str_or_null(out, row->name[1]);
					pakn_buf_addc(out, ']');
				}
			}
			pakn_buf_adds(out, ", ");
			json_figures(out, &row->cur, rep->has_published);
			if (rep->has_prev) {
				pakn_buf_adds(out, ", \"previous\": {");
				json_figures(out, &row->prev,
				             rep->has_published);
				pakn_buf_addc(out, '}');
			}
			pakn_buf_addc(out, '}');
		}
		pakn_buf_adds(out, g->nrows ? "\n    ]" : "]");
	}
	pakn_buf_adds(out, rep->cfg->nby ? "\n  },\n  \"overdue\": "
	                                 : "},\n  \"overdue\": ");
	json_list(out, &rep->overdue, 0);
	pakn_buf_adds(out, ",\n  \"directives\": ");
	json_list(out, &rep->directives, 1);
	json_coordination(out, rep);
	json_transfers(out, rep);
	pakn_buf_addf(out, ",\n  \"trend\": {\"unit\": \"%s\", \"points\": [",
	              rep->trend.monthly ? "month" : "day");
	for (j = 0; j < rep->trend.n; j++) {
		pakn_buf_adds(out, j ? ",\n    {\"date\": \""
		                     : "\n    {\"date\": \"");
		pakn_fmt_iso_day(out, rep->trend.start[j]);
		pakn_buf_addf(out,
		              "\", \"received\": %lld, \"answered\": %lld}",
		              rep->trend.received[j], rep->trend.answered[j]);
	}
	pakn_buf_adds(out, rep->trend.n ? "\n  ]}\n}\n" : "]}\n}\n");
	pakn_buf_release(&name);
}
