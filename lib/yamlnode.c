/*
 * yamlnode.c: see yamlnode.h.
 */
#include "yamlnode.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"
#include "when.h"

int
pakn_yaml_load_file(yaml_document_t *doc, const char *path, const char *what,
                    struct pakn_error *err)
{
	yaml_parser_t parser;
	FILE *fp;
	int ok;

	fp = fopen(path, "rb");
	if (fp == NULL)
		return pakn_error_set(err, path, 0, 0, "cannot open %s: %s",
		                      what, strerror(errno));
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, fp);
	errno = 0;
	ok = yaml_parser_load(&parser, doc);
	if (!ok) {
		if (parser.error == YAML_READER_ERROR && ferror(fp))
			pakn_error_set(err, path, 0, 0, "cannot read %s: %s",
			               what, strerror(errno ? errno : EIO));
		else if (parser.error == YAML_READER_ERROR)
			pakn_error_set(
			    err, path, 0, 0, "invalid YAML: %s at byte %zu",
			    parser.problem ? parser.problem : "error",
			    parser.problem_offset);
		else
			pakn_error_set(
			    err, path, (long)parser.problem_mark.line + 1,
			    (long)parser.problem_mark.column + 1,
			    "invalid YAML: %s",
			    parser.problem ? parser.problem : "error");
	}
	yaml_parser_delete(&parser);
	fclose(fp);
	return ok ? 0 : -1;
}

int
pakn_yaml_error(struct pakn_error *err, const char *path, const yaml_node_t *n,
                const char *fmt, ...)
{
	char msg[sizeof err->text];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return pakn_error_set(err, path, (long)n->start_mark.line + 1,
	                      (long)n->start_mark.column + 1, "%s", msg);
}

const char *
pakn_yaml_type_name(const yaml_node_t *n)
{
	switch (n ? n->type : YAML_NO_NODE) {
	case YAML_SCALAR_NODE: return "a value";
	case YAML_SEQUENCE_NODE: return "a list";
	case YAML_MAPPING_NODE: return "a mapping";
	default: return "nothing";
	}
}

/* ---- the reader -------------------------------------------------------- */

int
pakn_yaml_open(struct pakn_yaml *y, const char *path, const char *what,
               int refuse_aliases, pakn_yaml_report_fn *report, void *user,
               struct pakn_error *err)
{
	memset(y, 0, sizeof *y);
	if (pakn_yaml_load_file(&y->doc, path, what, err) != 0)
		return -1;
	y->path = path;
	y->what = what;
	y->report = report;
	y->user = user;
	y->refuse_aliases = refuse_aliases;
	/* Node indexes run from 1. */
	y->nseen = (size_t)(y->doc.nodes.top - y->doc.nodes.start) + 2;
	y->seen = pakn_xcalloc(y->nseen, 1);
	return 0;
}

void
pakn_yaml_close(struct pakn_yaml *y)
{
	yaml_document_delete(&y->doc);
	free(y->seen);
	y->seen = NULL;
	y->nseen = 0;
}

yaml_node_t *
pakn_yaml_root(struct pakn_yaml *y)
{
	yaml_node_t *root = yaml_document_get_root_node(&y->doc);

	if (root)
		y->seen[1] = 1;
	return root;
}

void
pakn_yaml_msg(struct pakn_yaml *y, int error, const yaml_node_t *n,
              const char *fmt, ...)
{
	char text[512];
	va_list ap;

	if (error)
		y->errors++;
	if (y->report == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	y->report(y->user, error, n ? (long)n->start_mark.line + 1 : 0,
	          n ? (long)n->start_mark.column + 1 : 0, text);
}

yaml_node_t *
pakn_yaml_node(struct pakn_yaml *y, int idx)
{
	yaml_node_t *n = yaml_document_get_node(&y->doc, idx);

	if (n == NULL || !y->refuse_aliases)
		return n;
	if (y->seen[idx]) {
		pakn_yaml_msg(y, 1, n, "aliases are not allowed in a %s",
		              y->what);
		return NULL;
	}
	y->seen[idx] = 1;
	return n;
}

/* The pair of mapping m whose key is the scalar `key`, or NULL. */
static yaml_node_pair_t *
find_pair(struct pakn_yaml *y, yaml_node_t *m, const char *key)
{
	yaml_node_pair_t *p;
	yaml_node_t *k;

	if (m == NULL || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top;
	     p++) {
		k = yaml_document_get_node(&y->doc, p->key);
		if (pakn_yaml_is_scalar(k) &&
		    strcmp(pakn_yaml_scalar(k), key) == 0)
			return p;
	}
	return NULL;
}

yaml_node_t *
pakn_yaml_key(struct pakn_yaml *y, yaml_node_t *m, const char *key)
{
	yaml_node_pair_t *p = find_pair(y, m, key);

	return p ? yaml_document_get_node(&y->doc, p->key) : NULL;
}

yaml_node_t *
pakn_yaml_get(struct pakn_yaml *y, yaml_node_t *m, const char *key)
{
	yaml_node_pair_t *p = find_pair(y, m, key);

	return p ? pakn_yaml_node(y, p->value) : NULL;
}

int
pakn_yaml_check_keys(struct pakn_yaml *y, yaml_node_t *m, const char *what,
                     const char *const *allowed)
{
	yaml_node_pair_t *p, *q;
	yaml_node_t *k, *k2;
	const char *const *a;
	int bad = 0;

	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top;
	     p++) {
		k = yaml_document_get_node(&y->doc, p->key);
		if (!pakn_yaml_is_scalar(k)) {
			pakn_yaml_msg(y, 1, k, "%s: keys must be plain words",
			              what);
			bad = 1;
			continue;
		}
		for (a = allowed; *a; a++)
			if (strcmp(*a, pakn_yaml_scalar(k)) == 0)
				break;
		if (allowed[0] && *a == NULL) {
			struct pakn_buf list = PAKN_BUF_INIT;

			for (a = allowed; *a; a++) {
				pakn_buf_adds(&list, a == allowed ? "" : ", ");
				pakn_buf_adds(&list, *a);
			}
			pakn_yaml_msg(y, 1, k,
			              "%s: unknown key '%s' (expected %s)",
			              what, pakn_yaml_scalar(k), list.data);
			pakn_buf_release(&list);
			bad = 1;
		}
		for (q = m->data.mapping.pairs.start; q < p; q++) {
			k2 = yaml_document_get_node(&y->doc, q->key);
			if (pakn_yaml_is_scalar(k2) &&
			    strcmp(pakn_yaml_scalar(k2), pakn_yaml_scalar(k)) ==
			        0) {
				pakn_yaml_msg(
				    y, 1, k,
				    "%s: duplicate key '%s' (first at line "
				    "%lu)",
				    what, pakn_yaml_scalar(k),
				    (unsigned long)k2->start_mark.line + 1);
				bad = 1;
			}
		}
	}
	return bad;
}

char *
pakn_yaml_get_str(struct pakn_yaml *y, yaml_node_t *m, const char *key,
                  const char *what, int required)
{
	yaml_node_t *v = pakn_yaml_get(y, m, key);
	const char *s;

	if (v == NULL) {
		if (required)
			pakn_yaml_msg(y, 1, m, "%s: '%s' is required", what,
			              key);
		return NULL;
	}
	if (!pakn_yaml_is_scalar(v)) {
		pakn_yaml_msg(y, 1, v, "%s: '%s' must be a value, not %s", what,
		              key, pakn_yaml_type_name(v));
		return NULL;
	}
	s = pakn_yaml_scalar(v);
	if (!pakn_utf8_valid(s, strlen(s), NULL)) {
		pakn_yaml_msg(y, 1, v, "%s: '%s' is not valid UTF-8", what,
		              key);
		return NULL;
	}
	return pakn_xstrdup(s);
}

char **
pakn_yaml_get_list(struct pakn_yaml *y, yaml_node_t *v, const char *what,
                   size_t *n)
{
	yaml_node_item_t *it;
	yaml_node_t *x;
	char **out;
	size_t k = 0;

	*n = 0;
	if (pakn_yaml_is_scalar(v)) {
		out = pakn_xmalloc(sizeof *out);
		out[0] = pakn_xstrdup(pakn_yaml_scalar(v));
		*n = 1;
		return out;
	}
	if (v == NULL || v->type != YAML_SEQUENCE_NODE) {
		pakn_yaml_msg(y, 1, v, "%s must be a value or a list of values",
		              what);
		return NULL;
	}
	out = pakn_xcalloc((size_t)(v->data.sequence.items.top -
	                            v->data.sequence.items.start) +
	                       1,
	                   sizeof *out);
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		x = pakn_yaml_node(y, *it);
		if (!pakn_yaml_is_scalar(x)) {
			if (x)
				pakn_yaml_msg(y, 1, x,
				              "%s: expected a value, found %s",
				              what, pakn_yaml_type_name(x));
			continue;
		}
		out[k++] = pakn_xstrdup(pakn_yaml_scalar(x));
	}
	*n = k;
	return out;
}

void
pakn_yaml_free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int
pakn_yaml_get_day(struct pakn_yaml *y, yaml_node_t *v, const char *what,
                  long *day)
{
	struct pakn_error e;

	if (!pakn_yaml_is_scalar(v)) {
		pakn_yaml_msg(y, 1, v, "%s must be a date YYYY-MM-DD", what);
		return -1;
	}
	if (pakn_date_parse_iso(pakn_yaml_scalar(v), day, &e) != 0) {
		pakn_yaml_msg(y, 1, v, "%s: %s", what, e.text);
		return -1;
	}
	return 0;
}
