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

#endif
