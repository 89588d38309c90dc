/*
 * coord.h: the coordination requests pakn-route writes into a record
 * (issue 12; RECORD: `coordination`).
 */
#ifndef PAKN_COORD_H
#define PAKN_COORD_H

#include <stddef.h>

#include "buf.h"
#include "record.h"
#include "rules.h"

/*
 * The record's `coordination` list after routing: the entries it has,
 * those naming an agency of the rules file by its name or an alias given
 * its id and name (the agency that existed on `day`, the receipt), then
 * one request per cc agency not already asked: {agency, agency_name,
 * requested_at}, asked at the receipt (received_at as written), or at
 * `now` (epoch seconds) for a record without one.  1: out holds the new
 * list (replaced); 0: nothing to change; -1: the record's coordination is
 * not a list (left alone).
 */
int pakn_coord_merge(const struct pakn_record *r, struct pakn_rules *rules,
                     long day, const struct pakn_agency *const *cc, size_t ncc,
                     long long now, struct pakn_buf *out);

/*
 * The judged list (pakn_judge_coordination's n entries of j->coord) as
 * pakn-deadline writes it: each entry as it came, with `due_at` (Vietnam
 * time) and `sla` {policy, amount, unit} when a policy set it, `state`
 * (pakn_rb_state_name) and `overdue_days` when late or overdue (working
 * days).  out is replaced.
 */
struct pakn_judge;
void pakn_coord_write(const struct pakn_judge *j, long n, struct pakn_buf *out);
/* pakn-deadline's step: judges the record's coordination list at asof (d:
 * its dates) and sets the judged list in the record (buf: scratch).  0, or
 * -1 with j->err saying why the list cannot be read. */
struct pakn_dates;
struct pakn_asof;
int pakn_coord_update(struct pakn_judge *j, struct pakn_record *r,
                      const struct pakn_dates *d, const struct pakn_asof *asof,
                      struct pakn_buf *buf);

/*
 * Transfers (RECORD: `transfers`, a list of {from, to, at, reason},
 * oldest first): the moves pakn-route makes of a case that came with an
 * agency.  If routing gives it another agency (a reroute), the move from
 * the agency it came with (its id when the rules file knows it, else its
 * text) to the routed one ("reroute: RULE"); if an escalation then moves
 * it up, the move from the routed agency to the new one ("escalation:
 * RULE").  A case routed back to the agency it came with moved nowhere:
 * no move.  Moves are made at `now` (epoch seconds).
 */
struct pakn_case;
struct pakn_route;
struct pakn_move {
	const char *from, *to; /* agency ids (from: or the source's text) */
	const char *why, *rule;
};
size_t pakn_route_moves(struct pakn_rules *rules, const struct pakn_case *c,
                        const struct pakn_route *rt, struct pakn_move mv[2]);

/*
 * The record's `transfers` list with the n moves appended, at `now`, and
 * `levels`: how many administrative levels (province, district, commune)
 * the case passed through, the agencies of its transfers (from and to) and
 * `agency` (its agency now) as the rules file knows them on `day`; 0 when
 * none is known.  Agencies the list names by their name or an alias get
 * their id.  1: *levels is set, and out holds the new list (replaced;
 * left empty when nothing changed: the list stays as it came); 0: the
 * record has no transfers and none is added; -1: its transfers is not a
 * list (left alone).
 */
int pakn_transfers_merge(const struct pakn_record *r, struct pakn_rules *rules,
                         long day, const char *agency,
                         const struct pakn_move *mv, size_t n, long long now,
                         struct pakn_buf *out, int *levels);

#endif
