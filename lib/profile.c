/*
 * profile.c: loading ingest profiles with libyaml's document API (see
 * profile.h).  Marks are 0-based in libyaml; messages print them 1-based.
 */
#include "profile.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "columns.h"
#include "when.h"
#include "yamlnode.h"

char
pakn_delimiter_parse(const char *s)
{
	if (strcmp(s, "tab") == 0 || strcmp(s, "\\t") == 0 ||
	    strcmp(s, "\t") == 0)
		return '\t';
	if (strlen(s) == 1 && (s[0] == ',' || s[0] == ';' || s[0] == '|'))
		return s[0];
	return 0;
}

void
pakn_profile_add_map(struct pakn_profile *p, const char *header, size_t n,
                     int col)
{
	p->maps = pakn_xrealloc(p->maps, (p->nmaps + 1) * sizeof *p->maps);
	p->maps[p->nmaps].header = pakn_xstrndup(header, n);
	p->maps[p->nmaps].col = col;
	p->nmaps++;
}

static int
load_columns(struct pakn_profile *p, yaml_document_t *doc, yaml_node_t *m,
             const char *path, struct pakn_error *err)
{
	yaml_node_pair_t *pair;
	yaml_node_t *k, *v;
	size_t i;
	int col;

	if (m->type != YAML_MAPPING_NODE)
		return pakn_yaml_error(err, path, m,
		                       "%s must be a mapping of header: key",
		                       "columns");
	for (pair = m->data.mapping.pairs.start;
	     pair < m->data.mapping.pairs.top; pair++) {
		k = yaml_document_get_node(doc, pair->key);
		v = yaml_document_get_node(doc, pair->value);
		if (k->type != YAML_SCALAR_NODE || v->type != YAML_SCALAR_NODE)
			return pakn_yaml_error(err, path, k,
			                       "%s: expected 'Header: key'",
			                       "columns");
		col = pakn_col_from_key(pakn_yaml_scalar(v));
		if (col < 0)
			return pakn_yaml_error(
			    err, path, v,
			    "unknown record key '%s' (see pakn-ingest --help)",
			    pakn_yaml_scalar(v));
		for (i = 0; i < p->nmaps; i++)
			if (strcmp(p->maps[i].header, pakn_yaml_scalar(k)) == 0)
				return pakn_yaml_error(err, path, k,
				                       "duplicate header '%s'",
				                       pakn_yaml_scalar(k));
		pakn_profile_add_map(p, pakn_yaml_scalar(k),
		                     strlen(pakn_yaml_scalar(k)), col);
	}
	return 0;
}

int
pakn_profile_load(struct pakn_profile *p, const char *path,
                  struct pakn_error *err)
{
	yaml_document_t doc;
	yaml_node_t *root, *k, *v;
	yaml_node_pair_t *pair;
	int rc = -1, seen[5] = {0, 0, 0, 0, 0};

	memset(p, 0, sizeof *p);
	p->date_order = -1;
	if (pakn_yaml_load_file(&doc, path, "profile", err) != 0)
		return -1;
	root = yaml_document_get_root_node(&doc);
	if (root == NULL) {
		rc = 0; /* an empty profile changes nothing */
		goto out;
	}
	if (root->type != YAML_MAPPING_NODE) {
		pakn_yaml_error(err, path, root, "%s: expected a mapping",
		                "profile");
		goto out;
	}
	for (pair = root->data.mapping.pairs.start;
	     pair < root->data.mapping.pairs.top; pair++) {
		static const char *const keys[] = {
		    "format", "delimiter", "encoding", "date_order", "columns"};
		int which = -1, i;

		k = yaml_document_get_node(&doc, pair->key);
		v = yaml_document_get_node(&doc, pair->value);
		if (k->type != YAML_SCALAR_NODE) {
			pakn_yaml_error(err, path, k,
			                "%s: keys must be plain words",
			                "profile");
			goto out;
		}
		for (i = 0; i < 5; i++)
			if (strcmp(pakn_yaml_scalar(k), keys[i]) == 0)
				which = i;
		if (which < 0) {
			pakn_yaml_error(
			    err, path, k,
			    "unknown key '%s' (expected format, "
			    "delimiter, encoding, date_order, columns)",
			    pakn_yaml_scalar(k));
			goto out;
		}
		if (seen[which]++) {
			pakn_yaml_error(err, path, k, "duplicate key '%s'",
			                pakn_yaml_scalar(k));
			goto out;
		}
		if (which != 4 && v->type != YAML_SCALAR_NODE) {
			pakn_yaml_error(err, path, v,
			                "'%s' must be a single value",
			                pakn_yaml_scalar(k));
			goto out;
		}
		switch (which) {
		case 0:
			if (strcmp(pakn_yaml_scalar(v), "csv") &&
			    strcmp(pakn_yaml_scalar(v), "jsonl") &&
			    strcmp(pakn_yaml_scalar(v), "json")) {
				pakn_yaml_error(
				    err, path, v,
				    "format '%s': expected csv, jsonl or json",
				    pakn_yaml_scalar(v));
				goto out;
			}
			p->format = pakn_xstrdup(pakn_yaml_scalar(v));
			break;
		case 1:
			p->delimiter =
			    pakn_delimiter_parse(pakn_yaml_scalar(v));
			if (!p->delimiter) {
				pakn_yaml_error(
				    err, path, v,
				    "delimiter '%s': expected \",\", "
				    "\";\", \"|\" or tab",
				    pakn_yaml_scalar(v));
				goto out;
			}
			break;
		case 2: p->encoding = pakn_xstrdup(pakn_yaml_scalar(v)); break;
		case 3:
			if (strcmp(pakn_yaml_scalar(v), "dmy") == 0)
				p->date_order = PAKN_DMY;
			else if (strcmp(pakn_yaml_scalar(v), "mdy") == 0)
				p->date_order = PAKN_MDY;
			else if (strcmp(pakn_yaml_scalar(v), "ymd") == 0)
				p->date_order = PAKN_YMD;
			else {
				pakn_yaml_error(
				    err, path, v,
				    "date_order '%s': expected dmy, mdy or ymd",
				    pakn_yaml_scalar(v));
				goto out;
			}
			break;
		case 4:
			if (load_columns(p, &doc, v, path, err) != 0)
				goto out;
			break;
		}
	}
	rc = 0;
out:
	yaml_document_delete(&doc);
	if (rc != 0)
		pakn_profile_release(p);
	return rc;
}

void
pakn_profile_release(struct pakn_profile *p)
{
	size_t i;

	for (i = 0; i < p->nmaps; i++)
		free(p->maps[i].header);
	free(p->maps);
	free(p->format);
	free(p->encoding);
	memset(p, 0, sizeof *p);
	p->date_order = -1;
}
