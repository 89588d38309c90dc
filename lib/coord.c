/*
 * coord.c: the lists of a case's process that pakn-route writes (issue
 * 12): the coordination requests made to its cc agencies.  The judgement
 * of each request is the deadline judge's (deadline.h
 * pakn_judge_coordination); this file only builds the list.
 */
#include "coord.h"

#include <stdlib.h>
#include <string.h>

#include "deadline.h"
#include "match.h"
#include "sla.h"
#include "when.h"

/* Whether an entry already asks agency a (by its id or its name). */
static int
asked(json_t *list, const struct pakn_agency *a)
{
	size_t i;
	json_t *e;

	json_array_foreach (list, i, e) {
		const char *s = json_string_value(json_object_get(e, "agency"));

		if (s && (strcmp(s, a->id) == 0 || strcmp(s, a->name) == 0))
			return 1;
	}
	return 0;
}

/* Entries that name a known agency by its name or an alias get its id
 * and name; the number changed. */
static size_t
resolve(json_t *list, struct pakn_rules *rules, long day)
{
	size_t i, n = 0;
	json_t *e;

	json_array_foreach (list, i, e) {
		const char *s = json_string_value(json_object_get(e, "agency"));
		const struct pakn_agency *a;

		if (s == NULL)
			continue;
		a = pakn_rules_agency(rules, s, day);
		if (a == NULL || strcmp(a->id, s) == 0)
			continue;
		json_object_set_new(e, "agency_name", json_string(a->name));
		json_object_set_new(e, "agency", json_string(a->id));
		n++;
	}
	return n;
}

int
pakn_coord_merge(const struct pakn_record *r, struct pakn_rules *rules,
                 long day, const struct pakn_agency *const *cc, size_t ncc,
                 long long now, struct pakn_buf *out)
{
	const struct pakn_member *m = pakn_record_find(r, "coordination");
	const struct pakn_member *recv = pakn_record_find(r, "received_at");
	json_t *list = NULL;
	struct pakn_buf when = PAKN_BUF_INIT;
	size_t i, added = 0;
	char *s, at[PAKN_TIME_STRLEN];

	if (m && m->type == PAKN_J_ARRAY)
		list = pakn_json_value_to_json(m->val, m->vallen);
	else if (m && m->type != PAKN_J_NULL)
		return -1;
	if (list == NULL && ncc == 0)
		return 0;
	pakn_moment_format(now, at); /* the routing moment */
	if (list == NULL) {
		/* the usual case, written without a tree: one request per
		 * cc agency, asked at the receipt as written */
		pakn_buf_reset(out);
		pakn_buf_addc(out, '[');
		for (i = 0; i < ncc; i++) {
			pakn_buf_adds(out,
			              i ? ",{\"agency\":" : "{\"agency\":");
			pakn_buf_add_json_cstr(out, cc[i]->id);
			pakn_buf_adds(out, ",\"agency_name\":");
			pakn_buf_add_json_cstr(out, cc[i]->name);
			pakn_buf_adds(out, ",\"requested_at\":");
			if (recv && recv->type == PAKN_J_STRING &&
			    recv->vallen > 2)
				pakn_buf_add(out, recv->val, recv->vallen);
			else
				pakn_buf_add_json_cstr(out, at);
			pakn_buf_addc(out, '}');
		}
		pakn_buf_addc(out, ']');
		return 1;
	}
	if (list == NULL)
		list = json_array();
	added = resolve(list, rules, day);
	if (recv && recv->type == PAKN_J_STRING && recv->vallen > 2)
		pakn_json_string_decode(recv->val, recv->vallen, &when);
	else
		pakn_buf_adds(&when, at);
	for (i = 0; i < ncc; i++) {
		json_t *e;

		if (asked(list, cc[i]))
			continue;
		e = json_object();
		json_object_set_new(e, "agency", json_string(cc[i]->id));
		json_object_set_new(e, "agency_name", json_string(cc[i]->name));
		json_object_set_new(e, "requested_at",
		                    json_stringn(when.data, when.len));
		json_array_append_new(list, e);
		added++;
	}
	pakn_buf_release(&when);
	if (added == 0) {
		json_decref(list);
		return 0;
	}
	s = json_dumps(list, JSON_COMPACT);
	json_decref(list);
	pakn_buf_reset(out);
	pakn_buf_adds(out, s);
	free(s);
	return 1;
}

void
pakn_coord_write(const struct pakn_judge *j, long n, struct pakn_buf *out)
{
	json_t *list = json_array();
	long i;
	char *s;

	for (i = 0; i < n; i++) {
		const struct pakn_coord *c = &j->coord[i];
		json_t *e = json_deep_copy(c->entry);

		if (c->policy) {
			char at[PAKN_TIME_STRLEN];

			pakn_moment_format(c->due.at, at);
			json_object_set_new(e, "due_at", json_string(at));
			json_object_set_new(
			    e, "sla",
			    json_pack("{s:s, s:i, s:s}", "policy", c->policy,
			              "amount", (json_int_t)c->amount, "unit",
			              pakn_unit_name(c->unit)));
		}
		json_object_set_new(e, "state",
		                    json_string(pakn_rb_state_name(c->st)));
		if (c->st == PAKN_RB_LATE || c->st == PAKN_RB_OVERDUE)
			json_object_set_new(e, "overdue_days",
			                    json_integer(c->days));
		else
			json_object_del(e, "overdue_days");
		json_array_append_new(list, e);
	}
	s = json_dumps(list, JSON_COMPACT);
	json_decref(list);
	pakn_buf_reset(out);
	pakn_buf_adds(out, s);
	free(s);
}

/* ---- transfers --------------------------------------------------------- */

size_t
pakn_route_moves(struct pakn_rules *rules, const struct pakn_case *c,
                 const struct pakn_route *rt, struct pakn_move mv[2])
{
	const struct pakn_agency *a;
	const char *src = c->agency, *routed, *final;
	size_t n = 0;

	if (src == NULL || *src == '\0' || rt->agency == NULL)
		return 0;
	a = pakn_rules_agency(rules, src, c->received_day);
	if (a)
		src = a->id;
	final = rt->agency->id;
	routed = rt->escalated && rt->from ? rt->from->id : final;
	if (strcmp(src, final) == 0)
		return 0;
	/* the rerouting, then the escalation: each when it moved the case */
	if (strcmp(src, routed) != 0)
		mv[n++] = (struct pakn_move){src, routed, "reroute", rt->rule};
	if (strcmp(routed, final) != 0)
		mv[n++] = (struct pakn_move){routed, final, "escalation",
		                             rt->escalation};
	return n;
}

/* The level of agency text s (an id, a name, an alias), or NONE. */
static enum pakn_level
level_of(struct pakn_rules *rules, const char *s, long day)
{
	const struct pakn_agency *a =
	    s ? pakn_rules_agency(rules, s, day) : NULL;

	return a ? a->level : PAKN_LEVEL_NONE;
}

/* A move's reason: "reroute: RULE", "escalation: RULE" (replaced). */
static void
move_reason(const struct pakn_move *mv, struct pakn_buf *b)
{
	pakn_buf_reset(b);
	pakn_buf_adds(b, mv->why);
	if (mv->rule) {
		pakn_buf_adds(b, ": ");
		pakn_buf_adds(b, mv->rule);
	}
}

/* The levels (a bit each) of the n agencies named v (NULL: none). */
static unsigned
levels_of(struct pakn_rules *rules, long day, const char *const *v, size_t n)
{
	unsigned seen = 0;
	size_t i;

	for (i = 0; i < n; i++)
		seen |= 1u << level_of(rules, v[i], day);
	return seen;
}

static int
count_levels(unsigned seen)
{
	int n = 0;

	seen &= ~(1u << PAKN_LEVEL_NONE);
	for (; seen; seen &= seen - 1)
		n++;
	return n;
}

int
pakn_transfers_merge(const struct pakn_record *r, struct pakn_rules *rules,
                     long day, const char *agency, const struct pakn_move *mv,
                     size_t n, long long now, struct pakn_buf *out, int *levels)
{
	const struct pakn_member *m = pakn_record_find(r, "transfers");
	json_t *list = NULL, *e;
	unsigned seen = 0;
	size_t i, changed = n;
	char *s, at[PAKN_TIME_STRLEN];

	if (m && m->type != PAKN_J_NULL && m->type != PAKN_J_ARRAY)
		return -1;
	if ((m == NULL || m->type == PAKN_J_NULL) && n == 0)
		return 0;
	pakn_moment_format(now, at); /* the routing moment */
	if (m == NULL || m->type == PAKN_J_NULL) {
		/* the usual case, written without a tree: only the moves */
		struct pakn_buf why = PAKN_BUF_INIT;
		const char *v[5];
		size_t k = 0;

		pakn_buf_reset(out);
		pakn_buf_addc(out, '[');
		for (i = 0; i < n; i++) {
			move_reason(&mv[i], &why);
			pakn_buf_adds(out, i ? ",{\"from\":" : "{\"from\":");
			pakn_buf_add_json_cstr(out, mv[i].from);
			pakn_buf_adds(out, ",\"to\":");
			pakn_buf_add_json_cstr(out, mv[i].to);
			pakn_buf_adds(out, ",\"at\":\"");
			pakn_buf_adds(out, at);
			pakn_buf_adds(out, "\",\"reason\":");
			pakn_buf_add_json_string(out, why.data, why.len);
			pakn_buf_addc(out, '}');
			v[k++] = mv[i].from;
			v[k++] = mv[i].to;
		}
		pakn_buf_addc(out, ']');
		pakn_buf_release(&why);
		v[k++] = agency;
		*levels = count_levels(levels_of(rules, day, v, k));
		return 1;
	}
	list = pakn_json_value_to_json(m->val, m->vallen);
	if (list == NULL)
		return -1;
	if (json_array_size(list) == 0 && n == 0) {
		json_decref(list);
		return 0;
	}
	/* agencies named by their name or an alias get their id */
	json_array_foreach (list, i, e) {
		static const char *const keys[] = {"from", "to"};
		int k;

		for (k = 0; k < 2; k++) {
			const char *v =
			    json_string_value(json_object_get(e, keys[k]));
			const struct pakn_agency *a =
			    v ? pakn_rules_agency(rules, v, day) : NULL;

			if (a && strcmp(a->id, v) != 0) {
				json_object_set_new(e, keys[k],
				                    json_string(a->id));
				changed++;
			}
		}
	}
	pakn_buf_reset(out);
	for (i = 0; i < n; i++) {
		struct pakn_buf why = PAKN_BUF_INIT;

		move_reason(&mv[i], &why);
		e = json_object();
		json_object_set_new(e, "from", json_string(mv[i].from));
		json_object_set_new(e, "to", json_string(mv[i].to));
		json_object_set_new(e, "at", json_string(at));
		json_object_set_new(e, "reason",
		                    json_stringn(why.data, why.len));
		json_array_append_new(list, e);
		pakn_buf_release(&why);
	}
	json_array_foreach (list, i, e) {
		const char *v[2] = {
		    json_string_value(json_object_get(e, "from")),
		    json_string_value(json_object_get(e, "to"))};

		seen |= levels_of(rules, day, v, 2);
	}
	seen |= levels_of(rules, day, &agency, 1);
	*levels = count_levels(seen);
	if (changed > 0) {
		s = json_dumps(list, JSON_COMPACT);
		pakn_buf_adds(out, s);
		free(s);
	}
	json_decref(list);
	return 1;
}

int
pakn_coord_update(struct pakn_judge *j, struct pakn_record *r,
                  const struct pakn_dates *d, const struct pakn_asof *asof,
                  struct pakn_buf *buf)
{
	long n = pakn_judge_coordination(j, r, d, asof);

	if (n < 0)
		return -1;
	if (n > 0) {
		pakn_coord_write(j, n, buf);
		pakn_record_set(r, "coordination", buf->data, buf->len);
	}
	return 0;
}
