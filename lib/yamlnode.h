/*
 * yamlnode.h: the two helpers every YAML reader of pakn (ingest profiles,
 * calendar files) needs over libyaml's document API: a message at a node's
 * position (marks are 0-based, messages 1-based: FILE:LINE:COLUMN), and a
 * scalar's text.
 */
#ifndef PAKN_YAMLNODE_H
#define PAKN_YAMLNODE_H

#include <yaml.h>

#include "pakn.h"

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

#endif
