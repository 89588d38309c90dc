/*
 * deadline.c: the single deadline judge (deadline.h).
 *
 * The hot path reads a handful of top-level fields through the record
 * layer, found in one pass over the members; only the rare `extensions`
 * and `pauses` arrays are parsed with jansson, when present.
 */
#include "deadline.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const field_key[PAKN_DF_COUNT] = {
    [PAKN_DF_RECEIVED] = "received_at",
    [PAKN_DF_DUE] = "due_at",
    [PAKN_DF_ANSWERED] = "answered_at",
    [PAKN_DF_CLOSED] = "closed_at",
    [PAKN_DF_STATUS] = "status",
    [PAKN_DF_SLA] = "sla",
    [PAKN_DF_EXTENSIONS] = "extensions",
    [PAKN_DF_PAUSES] = "pauses",
    [PAKN_DF_KIND] = "kind",
    [PAKN_DF_STATE] = "deadline_state",
    [PAKN_DF_OVERDUE] = "overdue_days",
    [PAKN_DF_REMAINING] = "remaining_days",
};

const char *
pakn_dfield_key(enum pakn_dfield k)
{
	return field_key[k];
}

/* ---- as-of ----------------------------------------------------------- */

void
pakn_asof_day(struct pakn_asof *a, long day)
{
	a->day = day;
	a->at = pakn_vn_day_end(day);
	a->has_time = 0;
}

int
pakn_asof_parse(struct pakn_asof *a, const char *s, struct pakn_error *err)
{
	struct pakn_time t;
	long long at;

	/* Not a bare number: pakn_time_parse would read an Excel serial. */
	if (s[strspn(s, "0123456789")] == '\0')
		goto bad;
	if (pakn_time_parse(s, strlen(s), PAKN_DMY, &t, NULL) == 0) {
		at = pakn_time_epoch(&t);
		if (!t.has_time) {
			pakn_asof_day(
			    a, pakn_days_from_civil(t.year, t.month, t.day));
			return 0;
		}
		a->at = at;
		a->day = pakn_vn_day(at);
		a->has_time = 1;
		if (a->day >= pakn_days_from_civil(PAKN_CAL_FIRST_YEAR, 1, 1) &&
		    a->day <= pakn_days_from_civil(PAKN_CAL_LAST_YEAR, 12, 31))
			return 0;
	}
bad:
	return pakn_error_set(err, NULL, 0, 0,
	                      "--as-of '%s': expected a date YYYY-MM-DD or "
	                      "dd/mm/yyyy (1900-2199), or a moment "
	                      "YYYY-MM-DDTHH:MM[:SS][+07:00]",
	                      s);
}

/* ---- policies -------------------------------------------------------- */

static void
policy_init(struct pakn_dpolicy *p, const void *key, const char *name,
            long amount, enum pakn_unit unit)
{
	struct pakn_buf b = PAKN_BUF_INIT;

	p->key = key;
	p->amount = amount;
	p->unit = unit;
	pakn_buf_adds(&b, "{\"policy\":");
	pakn_buf_add_json_cstr(&b, name);
	pakn_buf_addf(&b, ",\"amount\":%ld,\"unit\":\"%s\"}", amount,
	              pakn_unit_name(unit));
	p->sla = b.data;
	p->slalen = b.len;
}

void
pakn_judge_init(struct pakn_judge *j, const struct pakn_calendar *cal,
                const struct pakn_office *office, struct pakn_rules *rules,
                long amount, enum pakn_unit unit)
{
	size_t k;

	memset(j, 0, sizeof *j);
	j->sla.cal = cal;
	if (office)
		j->sla.office = *office;
	else
		pakn_office_default(&j->sla.office);
	j->warn = 1;
	j->mode = PAKN_DUE_COMPUTE;
	policy_init(&j->builtin[PAKN_POL_COMPLAINT], NULL, "default-complaint",
	            30, PAKN_UNIT_DAYS);
	policy_init(&j->builtin[PAKN_POL_DENUNCIATION], NULL,
	            "default-denunciation", 30, PAKN_UNIT_DAYS);
	policy_init(&j->builtin[PAKN_POL_OTHER], NULL, "default", 10,
	            PAKN_UNIT_WORKING_DAYS);
	if (amount > 0) {
		j->have_option = 1;
		policy_init(&j->builtin[PAKN_POL_OPTION], NULL, "option",
		            amount, unit);
	}
	j->rules = rules;
	if (rules) {
		j->nruled = pakn_rules_policy_count(rules);
		j->ruled =
		    pakn_xcalloc(j->nruled ? j->nruled : 1, sizeof *j->ruled);
		for (k = 0; k < j->nruled; k++) {
			const struct pakn_policy *rp =
			    pakn_rules_policy(rules, k);
			char name[32];

			snprintf(name, sizeof name, "deadlines[%zu]", k + 1);
			policy_init(&j->ruled[k], rp,
			            rp->name ? rp->name : name, rp->amount,
			            rp->unit);
		}
		pakn_case_init(&j->cs);
	}
}

void
pakn_judge_release(struct pakn_judge *j)
{
	size_t k;

	for (k = 0; k < PAKN_POL_COUNT; k++)
		free(j->builtin[k].sla);
	for (k = 0; k < j->nruled; k++)
		free(j->ruled[k].sla);
	free(j->ruled);
	if (j->rules)
		pakn_case_release(&j->cs);
	pakn_buf_release(&j->tmp);
	pakn_buf_release(&j->err);
	free(j->pauses);
	json_decref(j->coord_list);
	free(j->coord);
	memset(j, 0, sizeof *j);
}

int
pakn_judge_setup(struct pakn_judge_setup *s, const struct pakn_judge_opts *o,
                 struct pakn_error *err)
{
	struct pakn_office hours;
	size_t k;

	memset(s, 0, sizeof *s);
	pakn_calendar_init(&s->cal);
	s->ready = 1;
	for (k = 0; k < o->ncalfiles; k++)
		if (pakn_calendar_load(&s->cal, o->calfiles[k], err) != 0)
			goto fail;
	pakn_office_default(&hours);
	if (o->office && pakn_office_parse(&hours, o->office, err) != 0) {
		char text[sizeof err->text];

		memcpy(text, err->text, sizeof text);
		text[400] = '\0';
		pakn_error_set(err, NULL, 0, 0, "--office-hours: %s", text);
		goto fail;
	}
	if (o->rules && (s->rules = pakn_rules_load(o->rules, err)) == NULL)
		goto fail;
	pakn_judge_init(&s->judge, &s->cal, &hours, s->rules, o->amount,
	                o->unit);
	return 0;
fail:
	pakn_judge_teardown(s);
	return -1;
}

void
pakn_judge_teardown(struct pakn_judge_setup *s)
{
	if (!s->ready)
		return;
	pakn_judge_release(&s->judge);
	if (s->rules)
		pakn_rules_free(s->rules);
	pakn_calendar_release(&s->cal);
	memset(s, 0, sizeof *s);
}

/* The policy for a record: the first rule that matches, --amount, or the
 * defaults by kind. */
static const struct pakn_dpolicy *
choose_policy(struct pakn_judge *j, const struct pakn_record *r)
{
	const struct pakn_member *m;
	const struct pakn_policy *rp;
	size_t i;

	if (j->rules) {
		pakn_case_load(&j->cs, r);
		rp = pakn_rules_deadline(j->rules, &j->cs, &j->limit_hits);
		if (rp)
			for (i = 0; i < j->nruled; i++)
				if (j->ruled[i].key == rp)
					return &j->ruled[i];
	}
	if (j->have_option)
		return &j->builtin[PAKN_POL_OPTION];
	m = j->f[PAKN_DF_KIND];
	if (m && m->type == PAKN_J_STRING && !m->escaped) {
		if (m->vallen == 11 && memcmp(m->val, "\"complaint\"", 11) == 0)
			return &j->builtin[PAKN_POL_COMPLAINT];
		if (m->vallen == 14 &&
		    memcmp(m->val, "\"denunciation\"", 14) == 0)
			return &j->builtin[PAKN_POL_DENUNCIATION];
	}
	return &j->builtin[PAKN_POL_OTHER];
}

/* ---- reading fields ----------------------------------------------------- */

/* Whether the n bytes (3 <= n <= 16) at k are lit: two overlapping loads
 * of 8 (or 4) bytes each, no library call. */
static inline int
key_is(const char *k, const char *lit, size_t n)
{
	uint64_t a, b, x, y;
	uint32_t a4, b4, x4, y4;

	if (n >= 8) {
		memcpy(&a, k, 8);
		memcpy(&b, lit, 8);
		memcpy(&x, k + n - 8, 8);
		memcpy(&y, lit + n - 8, 8);
		return a == b && x == y;
	}
	if (n >= 4) {
		memcpy(&a4, k, 4);
		memcpy(&b4, lit, 4);
		memcpy(&x4, k + n - 4, 4);
		memcpy(&y4, lit + n - 4, 4);
		return a4 == b4 && x4 == y4;
	}
	return k[0] == lit[0] && k[1] == lit[1] && k[2] == lit[2];
}

/* Fills j->f from the scanned record: one pass comparing lengths first,
 * instead of a lookup per key; a line with an escaped key (rare) is
 * searched key by key, which decodes escapes. */
static void
gather(struct pakn_judge *j, const struct pakn_record *r)
{
	const struct pakn_member *m;
	size_t i, n = pakn_record_count(r);
	int k;

	memset(j->f, 0, sizeof j->f);
	for (i = 0; i < n; i++) {
		m = pakn_record_member(r, i);
		if (m->key_escaped) {
			for (k = 0; k < PAKN_DF_COUNT; k++)
				j->f[k] = pakn_record_find(r, field_key[k]);
			return;
		}
#define IS(lit) key_is(m->key, lit, sizeof lit - 1)
		switch (m->keylen) {
		case 3: k = IS("sla") ? PAKN_DF_SLA : -1; break;
		case 4: k = IS("kind") ? PAKN_DF_KIND : -1; break;
		case 6:
			k = IS("due_at")   ? PAKN_DF_DUE
			    : IS("pauses") ? PAKN_DF_PAUSES
			    : IS("status") ? PAKN_DF_STATUS
			                   : -1;
			break;
		case 9: k = IS("closed_at") ? PAKN_DF_CLOSED : -1; break;
		case 10: k = IS("extensions") ? PAKN_DF_EXTENSIONS : -1; break;
		case 11:
			k = IS("received_at")   ? PAKN_DF_RECEIVED
			    : IS("answered_at") ? PAKN_DF_ANSWERED
			                        : -1;
			break;
		case 12: k = IS("overdue_days") ? PAKN_DF_OVERDUE : -1; break;
		case 14:
			k = IS("remaining_days")   ? PAKN_DF_REMAINING
			    : IS("deadline_state") ? PAKN_DF_STATE
			                           : -1;
			break;
		default: k = -1;
		}
#undef IS
		if (k >= 0)
			j->f[k] = m;
	}
}

/*
 * Reads a JSON value (raw bytes) as a moment.  Returns 1 if absent or
 * null, 0 with *at (epoch seconds) and *date_only, -1 with j->err saying
 * why.
 */
static int
member_time(struct pakn_judge *j, const char *key, const char *raw, size_t n,
            enum pakn_jtype type, int escaped, long long *at, int *date_only)
{
	struct pakn_error err;
	const char *s;
	size_t len;

	if (raw == NULL || type == PAKN_J_NULL)
		return 1;
	if (type != PAKN_J_STRING) {
		pakn_buf_reset(&j->err);
		pakn_buf_addf(&j->err, "%s: expected a date (a string)", key);
		return -1;
	}
	if (escaped) {
		pakn_json_string_decode(raw, n, &j->tmp);
		s = j->tmp.data;
		len = j->tmp.len;
	} else {
		s = raw + 1;
		len = n - 2;
	}
	if (pakn_moment_parse(&j->dates, s, len, at, date_only, &err) != 0) {
		pakn_buf_reset(&j->err);
		pakn_buf_addf(&j->err, "%s: %s", key, err.text);
		return -1;
	}
	return 0;
}

static int
top_time(struct pakn_judge *j, enum pakn_dfield k, long long *at,
         int *date_only)
{
	const struct pakn_member *m = j->f[k];

	if (m == NULL)
		return 1;
	return member_time(j, field_key[k], m->val, m->vallen, m->type,
	                   m->escaped, at, date_only);
}

/* A value of a jansson object as a moment (1 absent/null, 0, -1). */
static int
json_time(struct pakn_judge *j, const char *what, json_t *v, long long *at,
          int *date_only)
{
	struct pakn_error err;

	if (v == NULL || json_is_null(v))
		return 1;
	pakn_buf_reset(&j->err);
	if (!json_is_string(v)) {
		pakn_buf_addf(&j->err, "%s: expected a date (a string)", what);
		return -1;
	}
	if (pakn_moment_parse(NULL, json_string_value(v), json_string_length(v),
	                      at, date_only, &err) != 0) {
		pakn_buf_addf(&j->err, "%s: %s", what, err.text);
		return -1;
	}
	return 0;
}

/* Parses a top-level array member with jansson (rare keys only).  NULL if
 * absent or null; sets *bad if it is something else. */
static json_t *
top_array(struct pakn_judge *j, enum pakn_dfield k, int *bad)
{
	const struct pakn_member *m = j->f[k];

	*bad = 0;
	if (m == NULL || m->type == PAKN_J_NULL)
		return NULL;
	if (m->type != PAKN_J_ARRAY) {
		pakn_buf_reset(&j->err);
		pakn_buf_addf(&j->err, "%s: expected a list", field_key[k]);
		*bad = 1;
		return NULL;
	}
	return pakn_json_value_to_json(m->val, m->vallen);
}

/* ---- extensions and pauses ------------------------------------------- */

/* Reads `pauses` into j->pauses; a pause with no `to` runs up to the
 * as-of moment (*running set).  0, or -1 (j->err). */
static int
collect_pauses(struct pakn_judge *j, json_t *arr, long long asof_at, size_t *np,
               int *running)
{
	json_t *p;
	size_t i;
	long long from, to;
	int d1, d2, rc;
	char what[64];

	*np = 0;
	*running = 0;
	json_array_foreach (arr, i, p) {
		if (!json_is_object(p)) {
			pakn_buf_reset(&j->err);
			pakn_buf_addf(&j->err,
			              "pauses[%zu]: expected {from, to}", i);
			return -1;
		}
		snprintf(what, sizeof what, "pauses[%zu].from", i);
		rc = json_time(j, what, json_object_get(p, "from"), &from, &d1);
		if (rc == 1) {
			pakn_buf_reset(&j->err);
			pakn_buf_addf(&j->err, "pauses[%zu]: no 'from'", i);
			return -1;
		}
		if (rc < 0)
			return -1;
		snprintf(what, sizeof what, "pauses[%zu].to", i);
		rc = json_time(j, what, json_object_get(p, "to"), &to, &d2);
		if (rc < 0)
			return -1;
		if (rc == 1) { /* still paused: up to the as-of moment */
			to = asof_at;
			*running = 1;
		} else if (d2) {
			to = pakn_vn_day_end(pakn_vn_day(to));
		}
		if (*np == j->cappauses) {
			j->cappauses = j->cappauses ? 2 * j->cappauses : 8;
			j->pauses = pakn_xrealloc(
			    j->pauses, j->cappauses * sizeof *j->pauses);
		}
		j->pauses[*np].from = from;
		j->pauses[*np].to = to;
		(*np)++;
	}
	return 0;
}

/* The last extension's `until`.  1 if there is none, 0, -1 (j->err). */
static int
last_extension(struct pakn_judge *j, json_t *arr, long long *until,
               int *date_only, size_t *count)
{
	json_t *e;
	size_t i;
	int rc = 1, r;
	char what[64];

	*count = 0;
	json_array_foreach (arr, i, e) {
		if (!json_is_object(e)) {
			pakn_buf_reset(&j->err);
			pakn_buf_addf(
			    &j->err,
			    "extensions[%zu]: expected {until, reason, by}", i);
			return -1;
		}
		snprintf(what, sizeof what, "extensions[%zu].until", i);
		r = json_time(j, what, json_object_get(e, "until"), until,
		              date_only);
		if (r != 0) {
			if (r == 1) {
				pakn_buf_reset(&j->err);
				pakn_buf_addf(&j->err,
				              "extensions[%zu]: no 'until'", i);
			}
			return -1;
		}
		(*count)++;
		rc = 0;
	}
	return rc;
}

/* Reads the `sla` the record already has: 1 if pakn-deadline computed the
 * due date (a policy), 0 otherwise; *base the source due date an earlier
 * run kept in base_due_at, if any. */
static int
earlier_sla(struct pakn_judge *j, long long *base, int *has_base,
            int *base_date)
{
	const struct pakn_member *m = j->f[PAKN_DF_SLA];
	const char *v;
	size_t n;
	enum pakn_jtype t;

	*has_base = 0;
	if (m == NULL || m->type != PAKN_J_OBJECT)
		return 0;
	if (pakn_json_object_get(m->val, m->vallen, "policy", &v, &n, &t) !=
	        0 ||
	    t != PAKN_J_STRING)
		return 0;
	if (!(n == 8 && memcmp(v, "\"source\"", 8) == 0))
		return 1;
	if (pakn_json_object_get(m->val, m->vallen, "base_due_at", &v, &n,
	                         &t) == 0 &&
	    t == PAKN_J_STRING &&
	    member_time(j, "sla.base_due_at", v, n, t,
	                memchr(v, '\\', n) != NULL, base, base_date) == 0)
		*has_base = 1;
	return 0;
}

void
pakn_dates_sla(const struct pakn_dates *d, struct pakn_buf *b, const char **s,
               size_t *n)
{
	char at[PAKN_TIME_STRLEN];

	if (d->pol && !d->extended && d->npauses == 0) {
		*s = d->pol->sla;
		*n = d->pol->slalen;
		return;
	}
	pakn_buf_reset(b);
	if (d->pol) /* its members, without the closing brace */
		pakn_buf_add(b, d->pol->sla, d->pol->slalen - 1);
	else
		pakn_buf_adds(b, "{\"policy\":\"source\"");
	if (d->due.at != d->base_at) {
		pakn_moment_format(d->base_at, at);
		pakn_buf_addf(b, ",\"base_due_at\":\"%s\"", at);
	}
	if (d->extended)
		pakn_buf_addf(b, ",\"extensions\":%zu", d->nextensions);
	if (d->npauses > 0) {
		if (d->due.unit == PAKN_UNIT_WORKING_HOURS)
			pakn_buf_addf(b, ",\"paused\":%ld.%02ld",
			              d->paused / 60,
			              (d->paused % 60) * 100 / 60);
		else
			pakn_buf_addf(b, ",\"paused\":%ld", d->paused);
		pakn_buf_addf(b, ",\"paused_unit\":\"%s\"",
		              pakn_unit_name(d->due.unit));
	}
	pakn_buf_addc(b, '}');
	*s = b->data;
	*n = b->len;
}

/* ---- reading a record ----------------------------------------------- */

static int
beyond(struct pakn_judge *j)
{
	pakn_buf_reset(&j->err);
	pakn_buf_addf(&j->err,
	              "the deadline falls outside the calendar (%d-%d)",
	              PAKN_CAL_FIRST_YEAR, PAKN_CAL_LAST_YEAR);
	return -1;
}

/* The answer: answered_at, else closed_at, else the status. */
static int
read_answer(struct pakn_judge *j, struct pakn_dates *d)
{
	const struct pakn_member *m;
	int rc;

	rc = top_time(j, PAKN_DF_ANSWERED, &d->aat, &d->adate_only);
	if (rc == 1)
		rc = top_time(j, PAKN_DF_CLOSED, &d->aat, &d->adate_only);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		d->answer = PAKN_ANS_DATED;
		d->aday = pakn_vn_day(d->aat);
		return 0;
	}
	d->answer = PAKN_ANS_NONE;
	d->aat = 0;
	d->aday = 0;
	m = j->f[PAKN_DF_STATUS];
	if (m && m->type == PAKN_J_STRING && !m->escaped &&
	    pakn_status_is_answered(m->val + 1, m->vallen - 2))
		d->answer = PAKN_ANS_UNDATED;
	return 0;
}

int
pakn_judge_begin(struct pakn_judge *j, const struct pakn_record *r,
                 struct pakn_dates *d)
{
	int date_only, rc;

	gather(j, r);
	memset(d, 0, sizeof *d);
	rc = top_time(j, PAKN_DF_RECEIVED, &d->received, &date_only);
	if (rc != 0) {
		if (rc == 1) {
			pakn_buf_reset(&j->err);
			pakn_buf_adds(&j->err, "no receipt date (received_at)");
		}
		return -1;
	}
	d->rday = pakn_vn_day(d->received);
	return read_answer(j, d);
}

int
pakn_judge_read(struct pakn_judge *j, struct pakn_record *r,
                const struct pakn_asof *asof, struct pakn_dates *d)
{
	if (pakn_judge_begin(j, r, d) != 0)
		return -1;
	return pakn_judge_due(j, r, asof, d);
}

int
pakn_judge_due(struct pakn_judge *j, const struct pakn_record *r,
               const struct pakn_asof *asof, struct pakn_dates *d)
{
	long long src = 0, until = 0;
	int date_only = 0, rc, has_src = 0, ours, base_date = 0, bad;
	int running = 0;
	json_t *ext = NULL, *pauses = NULL;
	int ret = -1;

	/* A due date from the source, unless an earlier run computed it. */
	ours = earlier_sla(j, &src, &d->had_base, &base_date);
	if (d->had_base) {
		has_src = 1;
		date_only = base_date;
	} else if (!ours || j->mode == PAKN_DUE_TRUST_FINAL) {
		rc = top_time(j, PAKN_DF_DUE, &src, &date_only);
		if (rc < 0)
			return -1;
		has_src = rc == 0;
	}
	if (has_src && date_only)
		src = pakn_vn_day_end(pakn_vn_day(src));

	pauses = top_array(j, PAKN_DF_PAUSES, &bad);
	if (bad)
		goto out;
	if (pauses &&
	    collect_pauses(j, pauses, asof->at, &d->npauses, &running) != 0)
		goto out;

	/* pakn-report: the due_at pakn-deadline wrote is final. */
	if (j->mode == PAKN_DUE_TRUST_FINAL && j->f[PAKN_DF_SLA] &&
	    j->f[PAKN_DF_SLA]->type == PAKN_J_OBJECT && !running &&
	    top_time(j, PAKN_DF_DUE, &src, &date_only) == 0) {
		if (date_only)
			src = pakn_vn_day_end(pakn_vn_day(src));
		d->trusted = 1;
		d->due.unit = PAKN_UNIT_WORKING_DAYS;
		d->due.at = src;
		d->due.day = pakn_vn_day(src);
		d->due.mark = d->due.day;
		d->base_at = src;
		ret = 0;
		goto out;
	}

	if (!has_src || j->recompute) {
		d->pol = choose_policy(j, r);
		if (pakn_sla_due(&j->sla, d->pol->unit, d->pol->amount,
		                 d->received, &d->due) != 0) {
			beyond(j);
			goto out;
		}
		if (has_src)
			j->differ += d->pol->unit == PAKN_UNIT_WORKING_HOURS
			                 ? src != d->due.at
			                 : pakn_vn_day(src) != d->due.day;
	} else {
		j->kept++;
		d->due.unit = PAKN_UNIT_WORKING_DAYS;
		if (pakn_sla_set(&j->sla, &d->due, src, 0) != 0) {
			beyond(j);
			goto out;
		}
	}
	d->base_at = d->due.at;

	/* Extensions and pauses: rare, parsed with jansson. */
	ext = top_array(j, PAKN_DF_EXTENSIONS, &bad);
	if (bad)
		goto out;
	if (ext) {
		rc =
		    last_extension(j, ext, &until, &date_only, &d->nextensions);
		if (rc < 0)
			goto out;
		if (rc == 0) {
			if (pakn_sla_set(&j->sla, &d->due, until, date_only) !=
			    0) {
				beyond(j);
				goto out;
			}
			d->extended = 1;
		}
	}
	if (d->npauses > 0 &&
	    pakn_sla_apply_pauses(&j->sla, &d->due, j->pauses, d->npauses,
	                          &d->paused) != 0) {
		beyond(j);
		goto out;
	}
	ret = 0;
out:
	json_decref(ext);
	json_decref(pauses);
	return ret;
}

/* ---- the judgement --------------------------------------------------- */

int
pakn_answered_by(const struct pakn_dates *d, const struct pakn_asof *asof)
{
	if (d->answer != PAKN_ANS_DATED)
		return 0;
	return asof->has_time ? d->aat <= asof->at : d->aday <= asof->day;
}

enum pakn_state
pakn_judge_state(const struct pakn_judge *j, const struct pakn_dates *d,
                 const struct pakn_asof *asof, long *days)
{
	const struct pakn_calendar *cal = j->sla.cal;
	enum pakn_state st;
	long n = 0;

	if (pakn_answered_by(d, asof)) {
		if (d->adate_only ? d->aday <= d->due.day
		                  : d->aat <= d->due.at) {
			st = PAKN_STATE_ON_TIME;
		} else {
			st = PAKN_STATE_LATE;
			n = pakn_calendar_in_range(cal, d->aday)
			        ? pakn_calendar_count(cal, d->due.day, d->aday)
			        : 1;
		}
	} else if (d->answer == PAKN_ANS_UNDATED) {
		st = PAKN_STATE_UNDATED;
	} else if (asof->has_time ? asof->at > d->due.at
	                          : asof->day > d->due.day) {
		st = PAKN_STATE_OVERDUE;
		n = pakn_calendar_in_range(cal, asof->day)
		        ? pakn_calendar_count(cal, d->due.day, asof->day)
		        : 1;
	} else {
		n = pakn_calendar_in_range(cal, asof->day)
		        ? pakn_calendar_count(cal, asof->day, d->due.day)
		        : 0;
		st = n <= j->warn ? PAKN_STATE_DUE_SOON : PAKN_STATE_OPEN;
	}
	if ((st == PAKN_STATE_LATE || st == PAKN_STATE_OVERDUE) && n < 1)
		n = 1; /* late, if only by hours or a weekend */
	*days = n;
	return st;
}

/* ---- replies awaited by a due date ----------------------------------- */

const char *
pakn_rb_state_name(enum pakn_rb_state st)
{
	static const char *const names[] = {"on_time", "late", "awaiting",
	                                    "overdue"};

	return (unsigned)st < 4 ? names[st] : "awaiting";
}

/*
 * Where a reply due at `due` stands at asof (the report-back of a
 * directive, a coordination request's reply): has, at, date_only: the
 * reply's moment, if there is one (a day alone is on time on the due
 * day); an answer after the as-of moment is not known yet.  *days: working
 * days late or overdue, at least 1; 0 otherwise.
 */
static enum pakn_rb_state
reply_state(const struct pakn_judge *j, const struct pakn_deadline *due,
            int has, long long at, int date_only, const struct pakn_asof *asof,
            long *days)
{
	const struct pakn_calendar *cal = j->sla.cal;
	enum pakn_rb_state st;
	long to;

	*days = 0;
	if (has && at <= asof->at) {
		if (date_only ? pakn_vn_day(at) <= due->day : at <= due->at)
			return PAKN_RB_ON_TIME;
		st = PAKN_RB_LATE;
		to = pakn_vn_day(at);
	} else if (asof->at <= due->at) {
		return PAKN_RB_AWAITING;
	} else {
		st = PAKN_RB_OVERDUE;
		to = asof->day;
	}
	*days = pakn_calendar_in_range(cal, to)
	            ? pakn_calendar_count(cal, due->day, to)
	            : 1;
	if (*days < 1)
		*days = 1;
	return st;
}

/* ---- the report-back of a directive ---------------------------------- */

int
pakn_judge_report_back(struct pakn_judge *j, const struct pakn_record *r,
                       const struct pakn_dates *d, const struct pakn_asof *asof,
                       enum pakn_rb_state *st, long *due_day)
{
	const struct pakn_policy *rp = NULL;
	const struct pakn_member *m;
	struct pakn_deadline due;
	enum pakn_unit unit = PAKN_UNIT_WORKING_DAYS;
	long amount = PAKN_REPORT_BACK_DAYS;
	long long at = 0;
	long days;
	int date_only = 0, rc;

	if (j->rules) {
		pakn_case_load(&j->cs, r);
		rp = pakn_rules_report_back(j->rules, &j->cs, &j->limit_hits);
	}
	if (rp) {
		unit = rp->unit;
		amount = rp->amount;
	}
	if (pakn_sla_due(&j->sla, unit, amount, d->received, &due) != 0) {
		pakn_buf_reset(&j->err);
		pakn_buf_adds(&j->err,
		              "report-back due date outside the calendar");
		return -1;
	}
	*due_day = due.day;
	m = pakn_record_find(r, "reported_back_at");
	rc = m ? member_time(j, "reported_back_at", m->val, m->vallen, m->type,
	                     m->escaped, &at, &date_only)
	       : 1;
	if (rc < 0)
		return -1;
	*st = reply_state(j, &due, rc == 0, at, date_only, asof, &days);
	return 0;
}

/* ---- coordination requests --------------------------------------------- */

/* The string member key of an entry: 0 (*s set, NULL when absent or
 * null), or -1 (j->err) when it is not a string. */
static int
entry_str(struct pakn_judge *j, json_t *e, size_t i, const char *key,
          const char **s)
{
	json_t *v = json_object_get(e, key);

	*s = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v)) {
		pakn_buf_reset(&j->err);
		pakn_buf_addf(
		    &j->err, "coordination[%zu].%s: expected a string", i, key);
		return -1;
	}
	*s = json_string_value(v);
	return 0;
}

/* Parses an entry's date: 0, 1 when absent or empty, -1 (j->err). */
static int
entry_time(struct pakn_judge *j, size_t i, const char *key, const char *s,
           long long *at, int *date_only)
{
	struct pakn_error err;

	if (s == NULL || *s == '\0')
		return 1;
	if (pakn_moment_parse(&j->dates, s, strlen(s), at, date_only, &err) !=
	    0) {
		pakn_buf_reset(&j->err);
		pakn_buf_addf(&j->err, "coordination[%zu].%s: %s", i, key,
		              err.text);
		return -1;
	}
	return 0;
}

/* Reads and judges entry i (an object) into c. */
static int
judge_entry(struct pakn_judge *j, json_t *e, size_t i,
            const struct pakn_policy *rp, const struct pakn_dates *d,
            const struct pakn_asof *asof, struct pakn_coord *c)
{
	const char *due_at;
	long long at = 0;
	int date_only = 0, rc;

	memset(c, 0, sizeof *c);
	c->entry = e;
	if (entry_str(j, e, i, "agency", &c->agency) ||
	    entry_str(j, e, i, "agency_name", &c->agency_name) ||
	    entry_str(j, e, i, "requested_at", &c->requested_at) ||
	    entry_str(j, e, i, "due_at", &due_at) ||
	    entry_str(j, e, i, "replied_at", &c->replied_at))
		return -1;
	if (c->agency == NULL || *c->agency == '\0') {
		pakn_buf_reset(&j->err);
		pakn_buf_addf(&j->err,
		              "coordination[%zu]: no agency (the agency asked)",
		              i);
		return -1;
	}
	rc = entry_time(j, i, "requested_at", c->requested_at, &c->requested,
	                &date_only);
	if (rc < 0)
		return -1;
	if (rc == 1)
		c->requested = d->received;
	/* The source's due_at is kept; one pakn-deadline wrote (sla) is
	 * computed again, except by the report, which takes it as final
	 * (as the case's own: PAKN_DUE_TRUST_FINAL). */
	rc = j->recompute || (json_is_object(json_object_get(e, "sla")) &&
	                      j->mode != PAKN_DUE_TRUST_FINAL)
	         ? 1
	         : entry_time(j, i, "due_at", due_at, &at, &date_only);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		c->due.unit = PAKN_UNIT_WORKING_DAYS;
		if (pakn_sla_set(&j->sla, &c->due, at, date_only) != 0)
			goto beyond;
	} else {
		c->policy = rp ? rp->name : "default";
		c->unit = rp ? rp->unit : PAKN_UNIT_WORKING_DAYS;
		c->amount = rp ? rp->amount : PAKN_COORDINATION_DAYS;
		if (pakn_sla_due(&j->sla, c->unit, c->amount, c->requested,
		                 &c->due) != 0)
			goto beyond;
	}
	rc = entry_time(j, i, "replied_at", c->replied_at, &at, &date_only);
	if (rc < 0)
		return -1;
	c->st = reply_state(j, &c->due, rc == 0, at, date_only, asof, &c->days);
	return 0;
beyond:
	pakn_buf_reset(&j->err);
	pakn_buf_addf(&j->err,
	              "coordination[%zu]: due date outside the calendar", i);
	return -1;
}

long
pakn_judge_coordination(struct pakn_judge *j, const struct pakn_record *r,
                        const struct pakn_dates *d,
                        const struct pakn_asof *asof)
{
	const struct pakn_member *m = pakn_record_find(r, "coordination");
	const struct pakn_policy *rp = NULL;
	json_t *e;
	size_t i, n;

	json_decref(j->coord_list);
	j->coord_list = NULL;
	if (m == NULL || m->type == PAKN_J_NULL)
		return 0;
	if (m->type == PAKN_J_ARRAY)
		j->coord_list = pakn_json_value_to_json(m->val, m->vallen);
	if (j->coord_list == NULL) {
		pakn_buf_reset(&j->err);
		pakn_buf_adds(&j->err, "coordination: expected a list of "
		                       "{agency, requested_at, due_at, "
		                       "replied_at}");
		return -1;
	}
	n = json_array_size(j->coord_list);
	if (n == 0)
		return 0;
	if (j->rules) {
		pakn_case_load(&j->cs, r);
		rp = pakn_rules_coordination(j->rules, &j->cs, &j->limit_hits);
	}
	if (n > j->capcoord) {
		j->capcoord = n;
		j->coord = pakn_xrealloc(j->coord, n * sizeof *j->coord);
	}
	json_array_foreach (j->coord_list, i, e) {
		if (!json_is_object(e)) {
			pakn_buf_reset(&j->err);
			pakn_buf_addf(&j->err,
			              "coordination[%zu]: expected an object "
			              "{agency, requested_at, due_at, "
			              "replied_at}",
			              i);
			return -1;
		}
		if (judge_entry(j, e, i, rp, d, asof, &j->coord[i]) != 0)
			return -1;
	}
	return (long)n;
}
