/*
 * rules.h: the rules file (routing-rules/README.md): agencies with their
 * validity in time and successors, categories with aliases, routing rules,
 * escalation rules, the default agency, and the deadline policies that
 * pakn-deadline applies.  Loaded once with libyaml, validated with
 * FILE:LINE:COLUMN messages; patterns compiled once (PCRE2, JIT, UTF, UCP).
 *
 * Evaluating rules on records (cases, routing, deadline policies, name
 * lookups) is declared in match.h, which this header includes.
 */
#ifndef PAKN_RULES_H
#define PAKN_RULES_H

#include <stddef.h>

#include "buf.h"
#include "pakn.h"
#include "record.h"

enum pakn_level {
	PAKN_LEVEL_NONE,
	PAKN_LEVEL_PROVINCE,
	PAKN_LEVEL_DISTRICT,
	PAKN_LEVEL_COMMUNE
};

struct pakn_agency {
	char *id;
	char *name;
	enum pakn_level level;
	char *parent; /* id or NULL */
	char **aliases;
	size_t naliases;
	long valid_from;   /* day number; LONG_MIN if open */
	long valid_until;  /* day number; LONG_MAX if open */
	char *successor;   /* id or NULL */
	long line, column; /* where it is defined */
};

enum pakn_unit {
	PAKN_UNIT_WORKING_DAYS,
	PAKN_UNIT_DAYS,
	PAKN_UNIT_WORKING_HOURS
};

/* A deadline policy from the `deadlines:` list. */
struct pakn_policy {
	char *name;
	int amount;
	enum pakn_unit unit;
	char *citation;         /* or NULL */
	struct pakn_when *when; /* NULL: always */
	long line, column;
};

struct pakn_rules;

/* Messages of a check: errors and warnings with their position. */
struct pakn_msg {
	int error; /* 1 error, 0 warning */
	long line, column;
	char text[512];
};
struct pakn_msgs {
	struct pakn_msg *v;
	size_t n;
};

/* Appends a message (line, column 1-based, 0 unknown). */
void pakn_msgs_add(struct pakn_msgs *m, int error, long line, long column,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/*
 * Checks a rules file and collects every error and warning (caller frees
 * msgs->v).  Returns the number of errors.
 */
int pakn_rules_check(const char *path, struct pakn_msgs *msgs);

/* Loads and validates a rules file.  Returns the rules or NULL with err
 * (FILE:LINE:COLUMN).  Free with pakn_rules_free. */
struct pakn_rules *pakn_rules_load(const char *path, struct pakn_error *err);
void pakn_rules_free(struct pakn_rules *r);

/* The deadline policies, in file order. */
size_t pakn_rules_policy_count(const struct pakn_rules *r);
const struct pakn_policy *pakn_rules_policy(const struct pakn_rules *r,
                                            size_t i);

/* Evaluation: the case, routing, deadline policies, lookups. */
#include "match.h"

#endif
