/*
 * yamlnode.h: what every YAML reader of pakn (rules files, ingest
 * profiles, calendar files) needs over libyaml's document API.
 *
 *  - pakn_yaml_load_file: the one way to read a YAML file: open, parse,
 *    and the same errors everywhere: "cannot open WHAT: <strerror>",
 *    "cannot read WHAT: <strerror>" (a directory, an I/O error),
 *    "invalid YAML: PROBLEM" at FILE:LINE:COLUMN (or "invalid YAML:
 *    PROBLEM at byte N" for an encoding error, with no position).
 *  - pakn_yaml_error: a message at a node's position (marks are 0-based,
 *    messages 1-based: FILE:LINE:COLUMN), for readers that stop at the
 *    first error.
 *  - struct pakn_yaml, a reader that goes on after an error and reports
 *    every message (errors and warnings) through a callback: typed
 *    lookups in mappings, key checks (unknown and duplicate keys), values
 *    and lists of values, dates, and (if asked) the refusal of aliases.
 */
#ifndef PAKN_YAMLNODE_H
#define PAKN_YAMLNODE_H

#include <stddef.h>
#include <yaml.h>

#include "pakn.h"

/*
 * Opens and parses path into doc (an empty file gives a document without
 * a root node).  `what` names the file in the open error ("rules file",
 * "profile", "calendar file").  0, or -1 with err filled and nothing to
 * free; on 0 free doc with yaml_document_delete.
 */
int pakn_yaml_load_file(yaml_document_t *doc, const char *path,
                        const char *what, struct pakn_error *err);

/* Fills err with a printf-style message at node n's position; returns -1. */
int pakn_yaml_error(struct pakn_error *err, const char *path,
                    const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A scalar node's text (borrowed from the document). */
static inline const char *
pakn_yaml_scalar(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

static inline int
pakn_yaml_is_scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE;
}

/* "a value", "a list", "a mapping": for messages. */
const char *pakn_yaml_type_name(const yaml_node_t *n);

/* ---- a reader that reports every message ------------------------------ */

/* Where a reader's messages go: error 1 or 0 (a warning), the 1-based
 * position (0 when unknown), the text. */
typedef void pakn_yaml_report_fn(void *user, int error, long line, long column,
                                 const char *text);

struct pakn_yaml {
	yaml_document_t doc;
	const char *path;
	const char *what; /* "rules file": in the alias message */
	int errors;       /* errors reported so far */
	pakn_yaml_report_fn *report;
	void *user;
	unsigned char *seen; /* nodes reached, with refuse_aliases */
	size_t nseen;
	int refuse_aliases;
};

/*
 * Loads path (pakn_yaml_load_file) into y, whose messages go to report
 * (NULL: only counted).  With refuse_aliases, pakn_yaml_node and
 * pakn_yaml_get report a node reached twice (an alias: a shared node can
 * neither loop nor blow up) and return NULL.  0, or -1 with err.
 */
int pakn_yaml_open(struct pakn_yaml *y, const char *path, const char *what,
                   int refuse_aliases, pakn_yaml_report_fn *report, void *user,
                   struct pakn_error *err);
void pakn_yaml_close(struct pakn_yaml *y);
/* The root node (marked as reached), or NULL for an empty document. */
yaml_node_t *pakn_yaml_root(struct pakn_yaml *y);

/* Reports a message at n (NULL: no position). */
void pakn_yaml_msg(struct pakn_yaml *y, int error, const yaml_node_t *n,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* A node by index, marked as reached; NULL if absent or an alias. */
yaml_node_t *pakn_yaml_node(struct pakn_yaml *y, int idx);
/* The value of key in mapping m (through pakn_yaml_node), or NULL. */
yaml_node_t *pakn_yaml_get(struct pakn_yaml *y, yaml_node_t *m,
                           const char *key);
/* The key node of key in mapping m (not marked), or NULL. */
yaml_node_t *pakn_yaml_key(struct pakn_yaml *y, yaml_node_t *m,
                           const char *key);
/*
 * Checks a mapping's keys: plain words, from `allowed` (a NULL-terminated
 * list; an empty list allows any key), no duplicates.  Messages begin
 * with `what`.  0 if all is well, else 1.
 */
int pakn_yaml_check_keys(struct pakn_yaml *y, yaml_node_t *m, const char *what,
                         const char *const *allowed);
/* The value of key in m as a copy (valid UTF-8), or NULL: absent
 * (reported if required) or not a value (reported). */
char *pakn_yaml_get_str(struct pakn_yaml *y, yaml_node_t *m, const char *key,
                        const char *what, int required);
/* A value or a list of values, as copies (*n of them; free with
 * pakn_yaml_free_list), or NULL when v is neither (reported). */
char **pakn_yaml_get_list(struct pakn_yaml *y, yaml_node_t *v, const char *what,
                          size_t *n);
void pakn_yaml_free_list(char **v, size_t n);
/* A date YYYY-MM-DD as a day number: 0, or -1 (reported). */
int pakn_yaml_get_day(struct pakn_yaml *y, yaml_node_t *v, const char *what,
                      long *day);

#endif
