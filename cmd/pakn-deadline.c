/*
 * pakn-deadline: adds to each PAKN record its deadline and where it stands:
 * `due_at`, `sla`, `deadline_state`, `overdue_days`, `remaining_days`
 * (RECORD.md), counted in the working days of Vietnamese public offices
 * (lib/calendar.h) by the policy that applies (rules file, --amount, or the
 * documented defaults).  Filters (--overdue, --due-within, --open) make the
 * daily lists; --calendar YEAR prints the calendar itself.
 *
 * The hot path reads a handful of top-level fields through the record
 * layer and splices the new keys in; only the rare `extensions` and
 * `pauses` arrays are parsed with jansson, when present.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "calendar.h"
#include "diag.h"
#include "io.h"
#include "pakn.h"
#include "record.h"
#include "rules.h"
#include "sla.h"
#include "when.h"

/* A policy with its `sla` value written once. */
struct policy {
	const void *key; /* the rules policy it came from, or NULL */
	long amount;
	enum pakn_unit unit;
	char *sla; /* {"policy":...,"amount":...,"unit":...} */
	size_t slalen;
};

enum { P_COMPLAINT, P_DENUNCIATION, P_OTHER, P_OPTION, P_COUNT };

enum state { S_OPEN, S_DUE_SOON, S_OVERDUE, S_ON_TIME, S_LATE };
static const char *const state_json[] = {"\"open\"", "\"due_soon\"",
                                         "\"overdue\"", "\"answered_on_time\"",
                                         "\"answered_late\""};
static const size_t state_len[] = {6, 10, 9, 18, 15};

/* The top-level members a record's deadline depends on, found in one pass
 * over its members (NULL: absent). */
enum field {
	K_RECEIVED,
	K_DUE,
	K_ANSWERED,
	K_CLOSED,
	K_SLA,
	K_EXTENSIONS,
	K_PAUSES,
	K_KIND,
	K_STATE,
	K_OVERDUE,
	K_REMAINING,
	K_COUNT
};
static const char *const field_key[K_COUNT] = {
    "received_at",   "due_at", "answered_at", "closed_at",      "sla",
    "extensions",    "pauses", "kind",        "deadline_state", "overdue_days",
    "remaining_days"};

struct ctx {
	/* options */
	struct pakn_sla sla;
	struct pakn_calendar cal;
	struct pakn_rules *rules;
	struct policy builtin[P_COUNT];
	struct policy *ruled; /* one per rules policy */
	size_t nruled;
	int have_option; /* --amount given */
	long asof_day;
	long long asof_at; /* end of the as-of day, or the moment given */
	int asof_has_time;
	long warn;
	int recompute, verbose, quiet;
	int f_overdue, f_open, f_within;
	long within;
	/* state */
	const char *fname;
	struct pakn_out out;
	struct pakn_rejects rej;
	struct pakn_record rec;
	const struct pakn_member *f[K_COUNT];
	struct pakn_case cs;
	struct pakn_buf tmp, err_text, slabuf, tail;
	struct pakn_pause *pauses;
	size_t cappauses;
	struct { /* YYYY-MM-DD -> day number, direct-mapped */
		char date[10];
		long day;
	} dates[256];
	long long cached_at; /* the last due moment formatted */
	char cached[PAKN_TIME_STRLEN + 2];
	size_t cachedlen;
	unsigned long read, written, filtered, rejected, kept, differ;
	unsigned long limit_hits;
};

/* The help text stays as it prints. */
/* clang-format off */
static void
usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: pakn-deadline [options] [FILE...]\n"
		"       pakn-deadline --calendar YEAR [--format json|ics] [--calendar-file FILE]\n"
		"       pakn-deadline --calendar-status [YEAR] [--calendar-file FILE]\n"
		"Add each PAKN record's deadline, counted in Vietnamese working days:\n"
		"due_at, sla, deadline_state, overdue_days, remaining_days (see\n"
		"pakn-deadline(1)).\n"
		"\n"
		"  -r, --rules=FILE        deadline policies from the rules file's deadlines:\n"
		"      --amount=N          a policy for the records no rule matches: N units\n"
		"      --unit=UNIT         working_days (default), days or working_hours\n"
		"                          (without either: complaint and denunciation 30\n"
		"                          days, anything else 10 working days)\n"
		"      --as-of=DATE        the day states are judged on (default: today in\n"
		"                          Vietnam); YYYY-MM-DD, or a moment with its time\n"
		"      --warn=N            due_soon within N working days (default 1)\n"
		"      --recompute         replace due dates the source already has\n"
		"      --overdue           write only overdue cases\n"
		"      --due-within=N      write only open cases due within N working days\n"
		"      --open              write only cases not answered (several filters:\n"
		"                          a record matching any is written)\n"
		"      --calendar-file=FILE  local days off and working days (YAML; repeatable)\n"
		"      --office-hours=SPANS  for working_hours (default 07:30-11:30,13:00-17:00)\n"
		"      --calendar=YEAR     print the days of YEAR that differ from Monday-Friday\n"
		"      --format=FMT        with --calendar: json (lines, default) or ics\n"
		"      --calendar-status[=YEAR]  print 'YEAR official|local|estimated' (default:\n"
		"                          the --as-of year); status 1 if estimated\n"
		"  -o, --output=FILE       write to FILE (replaced only if the run succeeds)\n"
		"      --rejects=FILE      write rejected records to FILE as JSON lines\n"
		"      --line-buffered     flush after every record\n"
		"  -q, --quiet             no end-of-run summary\n"
		"  -v, --verbose           print the summary even when all went well\n"
		"  -h, --help              this help;  --version  the version\n"
		"\n"
		"Examples:\n"
		"  pakn-route -r rules.yaml cases.jsonl | pakn-deadline -r rules.yaml > due.jsonl\n"
		"  pakn-deadline --as-of 2024-05-06 --overdue --due-within 2 cases.jsonl\n"
		"  pakn-deadline --amount 5 --unit working_days --recompute -v thang5.jsonl\n"
		"  pakn-deadline --calendar 2025\n"
		"  pakn-deadline --calendar 2027 --calendar-file calendars/example.yaml --format ics > 2027.ics\n"
		"\n"
		"  pakn-deadline --calendar-status 2027 --calendar-file /etc/pakn/2027.yaml\n"
		"\n"
		"Exit status: 0 all records written (or filtered), 1 some records rejected\n"
		"(--calendar-status: the year's schedule is estimated),\n"
		"2 usage or configuration error, 3 input/output error.\n");
	exit(status);
}
/* clang-format on */

/* ---- policies ---------------------------------------------------------- */

static void
policy_init(struct policy *p, const void *key, const char *name, long amount,
            enum pakn_unit unit)
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

/* The policy for a record: the first rule that matches, --amount, or the
 * defaults by kind. */
static const struct policy *
choose_policy(struct ctx *c)
{
	const struct pakn_member *m;
	const struct pakn_policy *rp;
	size_t i;

	if (c->rules) {
		pakn_case_load(&c->cs, &c->rec);
		rp = pakn_rules_deadline(c->rules, &c->cs, &c->limit_hits);
		if (rp)
			for (i = 0; i < c->nruled; i++)
				if (c->ruled[i].key == rp)
					return &c->ruled[i];
	}
	if (c->have_option)
		return &c->builtin[P_OPTION];
	m = c->f[K_KIND];
	if (m && m->type == PAKN_J_STRING && !m->escaped) {
		if (m->vallen == 11 && memcmp(m->val, "\"complaint\"", 11) == 0)
			return &c->builtin[P_COMPLAINT];
		if (m->vallen == 14 &&
		    memcmp(m->val, "\"denunciation\"", 14) == 0)
			return &c->builtin[P_DENUNCIATION];
	}
	return &c->builtin[P_OTHER];
}

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

/* Fills c->f from the scanned record: one pass comparing lengths first,
 * instead of a lookup per key; a line with an escaped key (rare) is
 * searched key by key, which decodes escapes. */
static void
gather(struct ctx *c)
{
	const struct pakn_member *m;
	size_t i, n = pakn_record_count(&c->rec);
	int k;

	memset(c->f, 0, sizeof c->f);
	for (i = 0; i < n; i++) {
		m = pakn_record_member(&c->rec, i);
		if (m->key_escaped) {
			for (k = 0; k < K_COUNT; k++)
				c->f[k] =
				    pakn_record_find(&c->rec, field_key[k]);
			return;
		}
#define IS(lit) key_is(m->key, lit, sizeof lit - 1)
		switch (m->keylen) {
		case 3: k = IS("sla") ? K_SLA : -1; break;
		case 4: k = IS("kind") ? K_KIND : -1; break;
		case 6:
			k = IS("due_at") ? K_DUE : IS("pauses") ? K_PAUSES : -1;
			break;
		case 9: k = IS("closed_at") ? K_CLOSED : -1; break;
		case 10: k = IS("extensions") ? K_EXTENSIONS : -1; break;
		case 11:
			k = IS("received_at")   ? K_RECEIVED
			    : IS("answered_at") ? K_ANSWERED
			                        : -1;
			break;
		case 12: k = IS("overdue_days") ? K_OVERDUE : -1; break;
		case 14:
			k = IS("remaining_days")   ? K_REMAINING
			    : IS("deadline_state") ? K_STATE
			                           : -1;
			break;
		default: k = -1;
		}
#undef IS
		if (k >= 0)
			c->f[k] = m;
	}
}

/* ---- reading fields ----------------------------------------------------- */

/* Two digits at s, or -1. */
static int
two(const char *s)
{
	unsigned a = (unsigned char)s[0] - '0', b = (unsigned char)s[1] - '0';

	return a > 9 || b > 9 ? -1 : (int)(a * 10 + b);
}

/*
 * The common case, fast: exactly YYYY-MM-DDTHH:MM:SS+HH:MM (what
 * pakn-ingest writes), with day numbers cached (records come in date
 * order, and a few dates recur).  0 and *at, or -1: let pakn_time_parse decide.
 */
static int
fast_time(struct ctx *c, const char *s, long long *at)
{
	int y1, y2, mo, d, h, mi, se, oh, om, off;
	unsigned slot;

	if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':' || (s[19] != '+' && s[19] != '-') || s[22] != ':')
		return -1;
	h = two(s + 11);
	mi = two(s + 14);
	se = two(s + 17);
	oh = two(s + 20);
	om = two(s + 23);
	if (h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59 ||
	    oh < 0 || oh > 23 || om < 0 || om > 59)
		return -1;
	y1 = two(s);
	y2 = two(s + 2);
	mo = two(s + 5);
	d = two(s + 8);
	if (y1 < 19 || y1 > 21 || y2 < 0 || mo < 1 || mo > 12 || d < 1)
		return -1;
	slot = (unsigned)(d + 31 * mo + 372 * y2) & 255;
	if (memcmp(s, c->dates[slot].date, 10) != 0) {
		if (d > pakn_days_in_month(y1 * 100 + y2, mo))
			return -1;
		memcpy(c->dates[slot].date, s, 10);
		c->dates[slot].day = pakn_days_from_civil(y1 * 100 + y2, mo, d);
	}
	off = (oh * 60 + om) * (s[19] == '-' ? -1 : 1);
	*at = (long long)c->dates[slot].day * 86400 + h * 3600LL + mi * 60LL +
	      se - off * 60LL;
	return 0;
}

/*
 * Reads a string member as a moment.  Returns 1 if absent or null, 0 with
 * *at (epoch seconds) and *date_only, -1 with c->err_text saying why.
 */
static int
member_time(struct ctx *c, const char *key, const char *raw, size_t n,
            enum pakn_jtype type, int escaped, long long *at, int *date_only)
{
	struct pakn_time t;
	struct pakn_error err;
	const char *s;
	size_t len;

	if (raw == NULL || type == PAKN_J_NULL)
		return 1;
	pakn_buf_reset(&c->err_text);
	if (type != PAKN_J_STRING) {
		pakn_buf_addf(&c->err_text, "%s: expected a date (a string)",
		              key);
		return -1;
	}
	if (!escaped && n == 27 && fast_time(c, raw + 1, at) == 0) {
		*date_only = 0;
		return 0;
	}
	if (escaped) {
		pakn_json_string_decode(raw, n, &c->tmp);
		s = c->tmp.data;
		len = c->tmp.len;
	} else {
		s = raw + 1;
		len = n - 2;
	}
	if (pakn_time_parse(s, len, PAKN_DMY, &t, &err) != 0) {
		pakn_buf_addf(&c->err_text, "%s: %s", key, err.text);
		return -1;
	}
	*at = pakn_time_epoch(&t);
	*date_only = !t.has_time;
	return 0;
}

static int
top_time(struct ctx *c, enum field k, long long *at, int *date_only)
{
	const struct pakn_member *m = c->f[k];

	if (m == NULL)
		return 1;
	return member_time(c, field_key[k], m->val, m->vallen, m->type,
	                   m->escaped, at, date_only);
}

/* A value of a jansson object as a moment (1 absent/null, 0, -1). */
static int
json_time(struct ctx *c, const char *what, json_t *v, long long *at,
          int *date_only)
{
	struct pakn_time t;
	struct pakn_error err;

	pakn_buf_reset(&c->err_text);
	if (v == NULL || json_is_null(v))
		return 1;
	if (!json_is_string(v)) {
		pakn_buf_addf(&c->err_text, "%s: expected a date (a string)",
		              what);
		return -1;
	}
	if (pakn_time_parse(json_string_value(v), json_string_length(v),
	                    PAKN_DMY, &t, &err) != 0) {
		pakn_buf_addf(&c->err_text, "%s: %s", what, err.text);
		return -1;
	}
	*at = pakn_time_epoch(&t);
	*date_only = !t.has_time;
	return 0;
}

/* Parses a top-level array member with jansson (rare keys only).  NULL if
 * absent or null; sets *bad if it is something else. */
static json_t *
top_array(struct ctx *c, enum field k, int *bad)
{
	const struct pakn_member *m = c->f[k];

	*bad = 0;
	if (m == NULL || m->type == PAKN_J_NULL)
		return NULL;
	if (m->type != PAKN_J_ARRAY) {
		pakn_buf_reset(&c->err_text);
		pakn_buf_addf(&c->err_text, "%s: expected a list",
		              field_key[k]);
		*bad = 1;
		return NULL;
	}
	return pakn_json_value_to_json(m->val, m->vallen);
}

/* ---- writing ------------------------------------------------------------ */

/* The due moment as a JSON string, in Vietnam time; cached, since records
 * received on the same day share their due dates. */
static const char *
due_json(struct ctx *c, long long at, size_t *n)
{
	struct pakn_time t;

	if (c->cachedlen == 0 || at != c->cached_at) {
		pakn_time_from_epoch(at, PAKN_VN_OFFSET_MIN, &t);
		c->cached[0] = '"';
		c->cachedlen = pakn_time_format_str(&t, c->cached + 1) + 1;
		c->cached[c->cachedlen++] = '"';
		c->cached_at = at;
	}
	*n = c->cachedlen;
	return c->cached;
}

static void
add_time_member(struct pakn_buf *b, const char *key, long long at)
{
	struct pakn_time t;
	char s[PAKN_TIME_STRLEN];

	pakn_time_from_epoch(at, PAKN_VN_OFFSET_MIN, &t);
	pakn_time_format_str(&t, s);
	pakn_buf_addf(b, ",\"%s\":\"%s\"", key, s);
}

/*
 * Sets key k to n bytes of JSON.  A key the line has is replaced through
 * the record layer (in place, order kept); a key it lacks goes to
 * c->tail, appended after the written record, in the order of setting:
 * what the record layer would write too, without a lookup and a splice
 * per key (most records get four new keys).
 */
static void
put(struct ctx *c, enum field k, const char *json, size_t n)
{
	struct pakn_buf *t = &c->tail;
	size_t klen;

	if (c->f[k]) {
		pakn_record_set(&c->rec, field_key[k], json, n);
		return;
	}
	klen = strlen(field_key[k]);
	pakn_buf_grow(t, klen + n + 4);
	t->data[t->len++] = ',';
	t->data[t->len++] = '"';
	memcpy(t->data + t->len, field_key[k], klen);
	t->len += klen;
	t->data[t->len++] = '"';
	t->data[t->len++] = ':';
	memcpy(t->data + t->len, json, n);
	t->len += n;
	t->data[t->len] = '\0';
}

/* Sets a key to a count (>= 0) without printf. */
static void
put_count(struct ctx *c, enum field k, long v)
{
	char num[24], *p = num + sizeof num;

	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	put(c, k, p, (size_t)(num + sizeof num - p));
}

/* Writes the record with its edits, then the keys in c->tail. */
static void
write_record(struct ctx *c)
{
	struct pakn_buf *o = &c->out.buf;

	pakn_record_write(&c->rec, o);
	if (c->tail.len > 0 && o->len > 0 && o->data[o->len - 1] == '}') {
		o->len--; /* the object's '}': the keys go before it */
		pakn_buf_grow(o, c->tail.len + 2);
		memcpy(o->data + o->len, c->tail.data, c->tail.len);
		o->len += c->tail.len;
		o->data[o->len++] = '}';
	}
	pakn_buf_grow(o, 1);
	o->data[o->len++] = '\n';
	o->data[o->len] = '\0';
}

/* Rejects the current record: the reason is in c->err_text. */
static void
reject(struct ctx *c, long line, long column, const char *line_text, size_t n)
{
	c->rejected++;
	pakn_reject(&c->rej, c->fname, line, column, "jsonl", c->err_text.data,
	            line_text, n);
}

/* ---- one record -------------------------------------------------------- */

static int
collect_pauses(struct ctx *c, json_t *arr, size_t *np)
{
	json_t *p;
	size_t i;
	long long from, to;
	int d1, d2, rc;
	char what[64];

	*np = 0;
	json_array_foreach (arr, i, p) {
		if (!json_is_object(p)) {
			pakn_buf_reset(&c->err_text);
			pakn_buf_addf(&c->err_text,
			              "pauses[%zu]: expected {from, to}", i);
			return -1;
		}
		snprintf(what, sizeof what, "pauses[%zu].from", i);
		rc = json_time(c, what, json_object_get(p, "from"), &from, &d1);
		if (rc == 1) {
			pakn_buf_reset(&c->err_text);
			pakn_buf_addf(&c->err_text, "pauses[%zu]: no 'from'",
			              i);
			return -1;
		}
		if (rc < 0)
			return -1;
		snprintf(what, sizeof what, "pauses[%zu].to", i);
		rc = json_time(c, what, json_object_get(p, "to"), &to, &d2);
		if (rc < 0)
			return -1;
		if (rc == 1) /* still paused: up to the as-of day */
			to = c->asof_at;
		else if (d2)
			to = pakn_vn_day_end(pakn_vn_day(to));
		if (*np == c->cappauses) {
			c->cappauses = c->cappauses ? 2 * c->cappauses : 8;
			c->pauses = pakn_xrealloc(
			    c->pauses, c->cappauses * sizeof *c->pauses);
		}
		c->pauses[*np].from = from;
		c->pauses[*np].to = to;
		(*np)++;
	}
	return 0;
}

/* The last extension's `until`.  1 if there is none, 0, -1 (err_text). */
static int
last_extension(struct ctx *c, json_t *arr, long long *until, int *date_only,
               size_t *count)
{
	json_t *e;
	size_t i;
	int rc = 1, r;
	char what[64];

	*count = 0;
	json_array_foreach (arr, i, e) {
		if (!json_is_object(e)) {
			pakn_buf_reset(&c->err_text);
			pakn_buf_addf(
			    &c->err_text,
			    "extensions[%zu]: expected {until, reason, by}", i);
			return -1;
		}
		snprintf(what, sizeof what, "extensions[%zu].until", i);
		r = json_time(c, what, json_object_get(e, "until"), until,
		              date_only);
		if (r != 0) {
			if (r == 1) {
				pakn_buf_reset(&c->err_text);
				pakn_buf_addf(&c->err_text,
				              "extensions[%zu]: no 'until'", i);
			}
			return -1;
		}
		(*count)++;
		rc = 0;
	}
	return rc;
}

/* Reads the `sla` the record already has: 1 if it is ours (computed by an
 * earlier run: recompute), 0 otherwise; *base the source due date an
 * earlier run kept in base_due_at, if any. */
static int
earlier_sla(struct ctx *c, long long *base, int *has_base, int *base_date)
{
	const struct pakn_member *m = c->f[K_SLA];
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
	    member_time(c, "sla.base_due_at", v, n, t,
	                memchr(v, '\\', n) != NULL, base, base_date) == 0)
		*has_base = 1;
	return 0;
}

/* Whether the record passes the filters. */
static int
wanted(const struct ctx *c, enum state st, long remaining)
{
	if (!c->f_overdue && !c->f_open && !c->f_within)
		return 1;
	if (c->f_overdue && st == S_OVERDUE)
		return 1;
	if (c->f_open && (st == S_OPEN || st == S_DUE_SOON || st == S_OVERDUE))
		return 1;
	if (c->f_within && (st == S_OPEN || st == S_DUE_SOON) &&
	    remaining <= c->within)
		return 1;
	return 0;
}

static void
one_record(struct ctx *c, const char *line, size_t len, long lineno)
{
	struct pakn_error err;
	struct pakn_deadline d;
	const struct policy *pol = NULL;
	long long received, src = 0, until = 0, answered = 0, base_at;
	int date_only, rc, has_src = 0, ours, has_base, base_date = 0;
	int extended = 0, ans_date; /* a date alone: its 00:00 */
	size_t next = 0, np = 0, n;
	long paused = 0, days;
	json_t *ext = NULL, *pauses = NULL;
	int bad;
	enum state st;
	struct pakn_buf *sb = &c->slabuf;
	const char *s;

	c->read++;
	if (pakn_record_scan(&c->rec, line, len, &err) != 0) {
		pakn_buf_reset(&c->err_text);
		pakn_buf_adds(&c->err_text, err.text);
		reject(c, lineno, err.column, line, len);
		return;
	}
	gather(c);
	rc = top_time(c, K_RECEIVED, &received, &date_only);
	if (rc != 0) {
		if (rc == 1) {
			pakn_buf_reset(&c->err_text);
			pakn_buf_adds(&c->err_text,
			              "no receipt date (received_at)");
		}
		reject(c, lineno, 0, line, len);
		return;
	}
	/* A due date from the source, unless an earlier run computed it. */
	ours = earlier_sla(c, &src, &has_base, &base_date);
	if (has_base) {
		has_src = 1;
		date_only = base_date;
	} else if (!ours) {
		rc = top_time(c, K_DUE, &src, &date_only);
		if (rc < 0)
			goto bad;
		has_src = rc == 0;
	}
	if (has_src && date_only)
		src = pakn_vn_day_end(pakn_vn_day(src));
	if (!has_src || c->recompute) {
		pol = choose_policy(c);
		if (pakn_sla_due(&c->sla, pol->unit, pol->amount, received,
		                 &d) != 0)
			goto beyond;
		if (has_src) {
			c->differ += pol->unit == PAKN_UNIT_WORKING_HOURS
			                 ? src != d.at
			                 : pakn_vn_day(src) != d.day;
		}
	} else {
		c->kept++;
		d.unit = PAKN_UNIT_WORKING_DAYS;
		if (pakn_sla_set(&c->sla, &d, src, 0) != 0)
			goto beyond;
	}
	base_at = d.at;

	/* Extensions and pauses: rare, parsed with jansson. */
	ext = top_array(c, K_EXTENSIONS, &bad);
	if (bad)
		goto bad;
	if (ext) {
		rc = last_extension(c, ext, &until, &date_only, &next);
		if (rc < 0)
			goto bad;
		if (rc == 0) {
			if (pakn_sla_set(&c->sla, &d, until, date_only) != 0)
				goto beyond;
			extended = 1;
		}
	}
	pauses = top_array(c, K_PAUSES, &bad);
	if (bad)
		goto bad;
	if (pauses) {
		if (collect_pauses(c, pauses, &np) != 0)
			goto bad;
		if (pakn_sla_apply_pauses(&c->sla, &d, c->pauses, np,
		                          &paused) != 0)
			goto beyond;
	}

	/* Where the case stands. */
	rc = top_time(c, K_ANSWERED, &answered, &ans_date);
	if (rc == 1)
		rc = top_time(c, K_CLOSED, &answered, &ans_date);
	if (rc < 0)
		goto bad;
	days = 0;
	if (rc == 0) {
		if (answered <= d.at) {
			st = S_ON_TIME;
		} else {
			long ad = pakn_vn_day(answered);

			st = S_LATE;
			if (!pakn_calendar_in_range(&c->cal, ad))
				goto beyond;
			days = pakn_calendar_count(&c->cal, d.day, ad);
		}
	} else if (c->asof_has_time ? c->asof_at > d.at : c->asof_day > d.day) {
		st = S_OVERDUE;
		days = pakn_calendar_count(&c->cal, d.day, c->asof_day);
	} else {
		days = pakn_calendar_count(&c->cal, c->asof_day, d.day);
		st = days <= c->warn ? S_DUE_SOON : S_OPEN;
	}
	if ((st == S_LATE || st == S_OVERDUE) && days < 1)
		days = 1; /* late, if only by hours or a weekend */
	if (!wanted(c, st, days)) {
		c->filtered++;
		goto out;
	}

	/* The new keys.  A source due date is left as it came unless an
	 * extension or a pause moved it (or an earlier run had). */
	pakn_buf_reset(&c->tail);
	if (pol != NULL || d.at != base_at || has_base) {
		s = due_json(c, d.at, &n);
		put(c, K_DUE, s, n);
	}
	if (pol && !extended && np == 0) {
		put(c, K_SLA, pol->sla, pol->slalen);
	} else {
		pakn_buf_reset(sb);
		if (pol)
			pakn_buf_add(sb, pol->sla, pol->slalen - 1);
		else
			pakn_buf_adds(sb, "{\"policy\":\"source\"");
		if (d.at != base_at)
			add_time_member(sb, "base_due_at", base_at);
		if (extended)
			pakn_buf_addf(sb, ",\"extensions\":%zu", next);
		if (np > 0) {
			if (d.unit == PAKN_UNIT_WORKING_HOURS)
				pakn_buf_addf(sb, ",\"paused\":%ld.%02ld",
				              paused / 60,
				              (paused % 60) * 100 / 60);
			else
				pakn_buf_addf(sb, ",\"paused\":%ld", paused);
			pakn_buf_addf(sb, ",\"paused_unit\":\"%s\"",
			              pakn_unit_name(d.unit));
		}
		pakn_buf_addc(sb, '}');
		put(c, K_SLA, sb->data, sb->len);
	}
	put(c, K_STATE, state_json[st], state_len[st]);
	/* Keys an earlier run set that no longer apply go. */
	if (st == S_LATE || st == S_OVERDUE)
		put_count(c, K_OVERDUE, days);
	else if (c->f[K_OVERDUE])
		pakn_record_del(&c->rec, "overdue_days");
	if (st == S_OPEN || st == S_DUE_SOON)
		put_count(c, K_REMAINING, days);
	else if (c->f[K_REMAINING])
		pakn_record_del(&c->rec, "remaining_days");
	write_record(c);
	c->written++;
	pakn_out_end_record(&c->out);
	goto out;
beyond:
	pakn_buf_reset(&c->err_text);
	pakn_buf_addf(&c->err_text,
	              "the deadline falls outside the calendar (%d-%d)",
	              PAKN_CAL_FIRST_YEAR, PAKN_CAL_LAST_YEAR);
bad:
	reject(c, lineno, 0, line, len);
out:
	json_decref(ext);
	json_decref(pauses);
}

static int
deadline_file(struct ctx *c, const char *path)
{
	struct pakn_in in;
	struct pakn_error err;
	const char *line;
	size_t len;
	int r, toolong;

	c->fname = pakn_display_name(path);
	if (pakn_in_open(&in, path, &err) != 0) {
		pakn_warn_error(&err);
		return -1;
	}
	while ((r = pakn_in_next_jsonl(&in, &line, &len, &toolong, &err)) > 0) {
		if (toolong) {
			c->read++;
			pakn_buf_reset(&c->err_text);
			pakn_buf_adds(&c->err_text, "line over the size cap");
			reject(c, in.line, 0, line, 200);
			continue;
		}
		one_record(c, line, len, in.line);
		if (!pakn_out_ok(&c->out))
			break;
	}
	pakn_in_close(&in);
	if (r < 0) {
		pakn_warn_error(&err);
		return -1;
	}
	return 0;
}

/* ---- --calendar YEAR ------------------------------------------------- */

/* Appends an iCalendar content line, escaped and folded at 75 octets
 * (never inside a UTF-8 sequence), with CRLF. */
static void
ics_line(struct pakn_buf *b, const char *name, const char *value)
{
	struct pakn_buf v = PAKN_BUF_INIT;
	const char *p;
	size_t col, i, clen;

	pakn_buf_adds(&v, name);
	for (p = value; *p; p++) {
		if (*p == '\\' || *p == ';' || *p == ',')
			pakn_buf_addc(&v, '\\');
		if (*p == '\n') {
			pakn_buf_adds(&v, "\\n");
			continue;
		}
		pakn_buf_addc(&v, *p);
	}
	for (i = 0, col = 0; i < v.len; i += clen) {
		clen = 1;
		while (i + clen < v.len &&
		       ((unsigned char)v.data[i + clen] & 0xC0) == 0x80)
			clen++;
		if (col + clen > 75) {
			pakn_buf_adds(b, "\r\n ");
			col = 1;
		}
		pakn_buf_add(b, v.data + i, clen);
		col += clen;
	}
	pakn_buf_adds(b, "\r\n");
	pakn_buf_release(&v);
}

static int
print_calendar(struct ctx *c, int year, int ics, const char *output)
{
	struct pakn_error err;
	struct pakn_buf *b;
	long d, first = pakn_days_from_civil(year, 1, 1),
	        last = pakn_days_from_civil(year, 12, 31);
	int y, m, dd, working;
	const char *name, *basis,
	    *schedule =
	        pakn_basis_name(pakn_calendar_year_basis(&c->cal, year));
	char text[600], stamp[32], date[16];

	if (pakn_out_open(&c->out, output, 0, &err) != 0) {
		pakn_warn_error(&err);
		return PAKN_EXIT_IO;
	}
	b = &c->out.buf;
	if (ics) {
		pakn_civil_from_days(c->asof_day, &y, &m, &dd);
		snprintf(stamp, sizeof stamp, "%04d%02d%02dT000000Z", y, m, dd);
		pakn_buf_adds(b, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
		ics_line(b, "PRODID:",
		         "-//pakn//pakn-deadline " PAKN_VERSION "//VI");
		pakn_buf_adds(b, "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
		snprintf(text, sizeof text, "Lịch làm việc cơ quan nhà nước %d",
		         year);
		ics_line(b, "X-WR-CALNAME:", text);
		snprintf(text, sizeof text, "schedule %d: %s", year, schedule);
		ics_line(b, "X-WR-CALDESC:", text);
	}
	for (d = first; d <= last; d++) {
		if (!pakn_calendar_special(&c->cal, d))
			continue;
		pakn_civil_from_days(d, &y, &m, &dd);
		snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, dd);
		working = pakn_calendar_working(&c->cal, d);
		name = pakn_calendar_name(&c->cal, d);
		basis = pakn_basis_name(pakn_calendar_basis(&c->cal, d));
		if (!ics) {
			pakn_buf_addf(
			    b,
			    "{\"date\":\"%s\",\"working\":%s,\"name\":", date,
			    working ? "true" : "false");
			if (name)
				pakn_buf_add_json_cstr(b, name);
			else
				pakn_buf_adds(b, "null");
			pakn_buf_addf(
			    b, ",\"basis\":\"%s\",\"schedule\":\"%s\"}\n",
			    basis, schedule);
		} else {
			long next = d + 1;
			int y2, m2, d2;

			pakn_civil_from_days(next, &y2, &m2, &d2);
			pakn_buf_adds(b, "BEGIN:VEVENT\r\n");
			snprintf(text, sizeof text,
			         "%04d%02d%02d-%s@pakn-deadline", y, m, dd,
			         working ? "work" : "off");
			ics_line(b, "UID:", text);
			pakn_buf_addf(b, "DTSTAMP:%s\r\n", stamp);
			pakn_buf_addf(b, "DTSTART;VALUE=DATE:%04d%02d%02d\r\n",
			              y, m, dd);
			pakn_buf_addf(b, "DTEND;VALUE=DATE:%04d%02d%02d\r\n",
			              y2, m2, d2);
			snprintf(
			    text, sizeof text, "%s: %s",
			    working ? "Làm việc" : "Nghỉ",
			    name ? name
			         : (working ? "ngày làm việc" : "ngày nghỉ"));
			ics_line(b, "SUMMARY:", text);
			ics_line(b,
			         "CATEGORIES:", working ? "Làm việc" : "Nghỉ");
			snprintf(text, sizeof text, "basis: %s", basis);
			ics_line(b, "DESCRIPTION:", text);
			pakn_buf_addf(b, "TRANSP:%s\r\nEND:VEVENT\r\n",
			              working ? "TRANSPARENT" : "OPAQUE");
		}
		if (pakn_out_end_record(&c->out) != 0)
			break;
	}
	if (ics)
		pakn_buf_adds(b, "END:VCALENDAR\r\n");
	if (pakn_out_close(&c->out, 1, &err) != 0) {
		pakn_warn_error(&err);
		return PAKN_EXIT_IO;
	}
	return PAKN_EXIT_OK;
}

/* --calendar-status: "YEAR official|local|estimated"; status 0, or 1 if
 * the year has no official schedule (built in or from a file). */
static int
print_status(struct ctx *c, int year)
{
	enum pakn_basis b = pakn_calendar_year_basis(&c->cal, year);

	printf("%d %s\n", year, pakn_basis_name(b));
	if (fflush(stdout) != 0 || ferror(stdout)) {
		pakn_warn("standard output: %s", strerror(errno));
		return PAKN_EXIT_IO;
	}
	if (b != PAKN_BASIS_ESTIMATED)
		return PAKN_EXIT_OK;
	if (!c->quiet)
		pakn_warn("%d: no official schedule: its days are estimated "
		          "from the labour code; add the announced schedule "
		          "with --calendar-file (calendars/README.md)",
		          year);
	return 1;
}

/* ---- main ------------------------------------------------------------ */

enum {
	OPT_AMOUNT = 256,
	OPT_UNIT,
	OPT_ASOF,
	OPT_WARN,
	OPT_RECOMPUTE,
	OPT_OVERDUE,
	OPT_WITHIN,
	OPT_OPEN,
	OPT_CALFILE,
	OPT_OFFICE,
	OPT_CALENDAR,
	OPT_FORMAT,
	OPT_STATUS
};

static const struct option longopts[] = {
    {"rules", required_argument, NULL, 'r'},
    {"amount", required_argument, NULL, OPT_AMOUNT},
    {"unit", required_argument, NULL, OPT_UNIT},
    {"as-of", required_argument, NULL, OPT_ASOF},
    {"warn", required_argument, NULL, OPT_WARN},
    {"recompute", no_argument, NULL, OPT_RECOMPUTE},
    {"overdue", no_argument, NULL, OPT_OVERDUE},
    {"due-within", required_argument, NULL, OPT_WITHIN},
    {"open", no_argument, NULL, OPT_OPEN},
    {"calendar-file", required_argument, NULL, OPT_CALFILE},
    {"office-hours", required_argument, NULL, OPT_OFFICE},
    {"calendar", required_argument, NULL, OPT_CALENDAR},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"calendar-status", optional_argument, NULL, OPT_STATUS},
    PAKN_FILTER_LONGOPTS,
    {NULL, 0, NULL, 0}};

/* A whole number within [min, max] for option `opt`, or a usage error. */
static long
number_arg(const char *opt, const char *s, long min, long max)
{
	char *end;
	long v;

	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < min || v > max)
		pakn_die(PAKN_EXIT_USAGE,
		         "%s '%s': expected a whole number from %ld to %ld",
		         opt, s, min, max);
	return v;
}

static void
parse_asof(struct ctx *c, const char *s)
{
	struct pakn_error err;
	struct pakn_time t;

	if (pakn_date_parse_iso(s, &c->asof_day, &err) == 0) {
		c->asof_has_time = 0;
		c->asof_at = pakn_vn_day_end(c->asof_day);
		return;
	}
	if (pakn_time_parse(s, strlen(s), PAKN_YMD, &t, NULL) == 0 &&
	    t.has_time) {
		c->asof_at = pakn_time_epoch(&t);
		c->asof_day = pakn_vn_day(c->asof_at);
		c->asof_has_time = 1;
		if (pakn_calendar_in_range(&c->cal, c->asof_day))
			return;
	}
	pakn_die(PAKN_EXIT_USAGE,
	         "--as-of '%s': expected a date YYYY-MM-DD (1900-2199) or a "
	         "moment YYYY-MM-DDTHH:MM[:SS][+07:00]",
	         s);
}

int
main(int argc, char *argv[])
{
	struct ctx c;
	struct pakn_error err;
	const char *output = NULL, *rejects = NULL, *rulesfile = NULL;
	const char *asof = NULL, *office = NULL, *format = "json";
	const char **calfiles = NULL;
	size_t ncalfiles = 0, k;
	long amount = 0, year = 0;
	enum pakn_unit unit = PAKN_UNIT_WORKING_DAYS;
	int ch, linebuf = 0, status = PAKN_EXIT_OK, i, unit_set = 0;
	int calendar = 0, ics = 0, cal_status = 0;
	const char *status_year = NULL;
	struct timespec t0, t1;
	const struct pakn_policy *rp;

	pakn_setprogname(argv[0]);
	pakn_cleanup_signals();
	memset(&c, 0, sizeof c);
	c.warn = 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while ((ch = getopt_long(argc, argv, "r:o:qvh", longopts, NULL)) !=
	       -1) {
		switch (ch) {
		case 'r': rulesfile = optarg; break;
		case OPT_AMOUNT:
			amount = number_arg("--amount", optarg, 1, 100000);
			break;
		case OPT_UNIT:
			if (pakn_unit_parse(optarg, &unit) != 0)
				pakn_die(PAKN_EXIT_USAGE,
				         "--unit '%s': expected working_days, "
				         "days or working_hours",
				         optarg);
			unit_set = 1;
			break;
		case OPT_ASOF: asof = optarg; break;
		case OPT_WARN:
			c.warn = number_arg("--warn", optarg, 0, 100000);
			break;
		case OPT_RECOMPUTE: c.recompute = 1; break;
		case OPT_OVERDUE: c.f_overdue = 1; break;
		case OPT_WITHIN:
			c.f_within = 1;
			c.within =
			    number_arg("--due-within", optarg, 0, 100000);
			break;
		case OPT_OPEN: c.f_open = 1; break;
		case OPT_CALFILE:
			calfiles = pakn_xrealloc(
			    calfiles, (ncalfiles + 1) * sizeof *calfiles);
			calfiles[ncalfiles++] = optarg;
			break;
		case OPT_OFFICE: office = optarg; break;
		case OPT_CALENDAR:
			calendar = 1;
			year = number_arg("--calendar", optarg, LONG_MIN / 2,
			                  LONG_MAX / 2);
			break;
		case OPT_FORMAT: format = optarg; break;
		case OPT_STATUS:
			cal_status = 1;
			status_year = optarg;
			/* "--calendar-status 2027" as well as "=2027" */
			if (!optarg && optind < argc &&
			    argv[optind][0] >= '0' && argv[optind][0] <= '9')
				status_year = argv[optind++];
			break;
		case 'o': output = optarg; break;
		case PAKN_OPT_REJECTS: rejects = optarg; break;
		case PAKN_OPT_LINEBUF: linebuf = 1; break;
		case 'q': c.quiet = 1; break;
		case 'v': c.verbose = 1; break;
		case 'h': usage(stdout, PAKN_EXIT_OK); break;
		case PAKN_OPT_VERSION:
			printf("pakn-deadline %s\n", PAKN_VERSION);
			return PAKN_EXIT_OK;
		default: usage(stderr, PAKN_EXIT_USAGE);
		}
	}
	if (unit_set && amount == 0)
		pakn_die(PAKN_EXIT_USAGE, "--unit needs --amount");
	if (strcmp(format, "json") == 0 || strcmp(format, "jsonl") == 0)
		ics = 0;
	else if (strcmp(format, "ics") == 0)
		ics = 1;
	else
		pakn_die(PAKN_EXIT_USAGE, "--format '%s': expected json or ics",
		         format);
	if (ics && !calendar)
		pakn_die(PAKN_EXIT_USAGE,
		         "--format applies to --calendar only");
	if (cal_status && (calendar || output || optind < argc))
		pakn_die(PAKN_EXIT_USAGE,
		         "--calendar-status takes no --calendar, -o or FILE");
	if (status_year)
		year = number_arg("--calendar-status", status_year,
		                  PAKN_CAL_FIRST_YEAR, PAKN_CAL_LAST_YEAR);
	if (calendar &&
	    (year < PAKN_CAL_FIRST_YEAR || year > PAKN_CAL_LAST_YEAR))
		pakn_die(
		    PAKN_EXIT_USAGE,
		    "--calendar %ld: the year is outside the calendar (%d-%d)",
		    year, PAKN_CAL_FIRST_YEAR, PAKN_CAL_LAST_YEAR);

	/* Configuration: nothing is read before all of it is valid. */
	pakn_calendar_init(&c.cal);
	c.sla.cal = &c.cal;
	pakn_office_default(&c.sla.office);
	if (office && pakn_office_parse(&c.sla.office, office, &err) != 0) {
		pakn_warn("--office-hours: %s", err.text);
		status = PAKN_EXIT_USAGE;
		goto done;
	}
	for (k = 0; k < ncalfiles; k++)
		if (pakn_calendar_load(&c.cal, calfiles[k], &err) != 0) {
			pakn_warn_error(&err);
			status = PAKN_EXIT_USAGE;
			goto done;
		}
	if (asof)
		parse_asof(&c, asof);
	else {
		c.asof_day = pakn_today_vn();
		c.asof_at = pakn_vn_day_end(c.asof_day);
	}
	if (calendar) {
		status = print_calendar(&c, (int)year, ics, output);
		goto done;
	}
	if (cal_status) {
		if (!status_year) {
			int m, dd, y;

			pakn_civil_from_days(c.asof_day, &y, &m, &dd);
			year = y;
		}
		status = print_status(&c, (int)year);
		goto done;
	}
	policy_init(&c.builtin[P_COMPLAINT], NULL, "default-complaint", 30,
	            PAKN_UNIT_DAYS);
	policy_init(&c.builtin[P_DENUNCIATION], NULL, "default-denunciation",
	            30, PAKN_UNIT_DAYS);
	policy_init(&c.builtin[P_OTHER], NULL, "default", 10,
	            PAKN_UNIT_WORKING_DAYS);
	if (amount > 0) {
		c.have_option = 1;
		policy_init(&c.builtin[P_OPTION], NULL, "option", amount, unit);
	}
	if (rulesfile) {
		c.rules = pakn_rules_load(rulesfile, &err);
		if (c.rules == NULL) {
			pakn_warn_error(&err);
			status = PAKN_EXIT_USAGE;
			goto done;
		}
		c.nruled = pakn_rules_policy_count(c.rules);
		c.ruled =
		    pakn_xcalloc(c.nruled ? c.nruled : 1, sizeof *c.ruled);
		for (k = 0; k < c.nruled; k++) {
			char name[32];

			rp = pakn_rules_policy(c.rules, k);
			snprintf(name, sizeof name, "deadlines[%zu]", k + 1);
			policy_init(&c.ruled[k], rp, rp->name ? rp->name : name,
			            rp->amount, rp->unit);
		}
		pakn_case_init(&c.cs);
	}

	if (pakn_out_open(&c.out, output, linebuf, &err) != 0) {
		pakn_warn_error(&err);
		status = PAKN_EXIT_IO;
		goto done;
	}
	if (pakn_rejects_open(&c.rej, rejects, &err) != 0) {
		pakn_warn_error(&err);
		pakn_out_close(&c.out, 0, &err);
		status = PAKN_EXIT_IO;
		goto done;
	}
	pakn_record_init(&c.rec);
	for (i = optind; i < argc || i == optind; i++) {
		if (deadline_file(&c, i < argc ? argv[i] : NULL) != 0)
			status = PAKN_EXIT_IO;
		if (!pakn_out_ok(&c.out) || i >= argc)
			break;
	}
	status = pakn_finish(&c.out, &c.rej, c.rejected, status);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (c.verbose || (!c.quiet && c.rejected > 0)) {
		pakn_warn("records read %lu = written %lu + filtered out %lu + "
		          "rejected %lu (%.2f s)",
		          c.read, c.written, c.filtered, c.rejected,
		          (double)(t1.tv_sec - t0.tv_sec) +
		              (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
		if (c.recompute)
			pakn_warn("source due dates recomputed: %lu differ "
			          "from the computed ones",
			          c.differ);
		else if (c.verbose)
			pakn_warn("source due dates kept: %lu", c.kept);
		if (c.limit_hits)
			pakn_warn("%lu pattern matches hit the match limit "
			          "(counted as not matching)",
			          c.limit_hits);
	}
	pakn_record_release(&c.rec);
done:
	for (k = 0; k < P_COUNT; k++)
		free(c.builtin[k].sla);
	for (k = 0; k < c.nruled; k++)
		free(c.ruled[k].sla);
	free(c.ruled);
	if (c.rules) {
		pakn_case_release(&c.cs);
		pakn_rules_free(c.rules);
	}
	pakn_calendar_release(&c.cal);
	pakn_buf_release(&c.tmp);
	pakn_buf_release(&c.err_text);
	pakn_buf_release(&c.slabuf);
	pakn_buf_release(&c.tail);
	free(c.pauses);
	free(calfiles);
	return status;
}
