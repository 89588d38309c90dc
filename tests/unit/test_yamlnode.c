/*
 * test_yamlnode.c: the YAML helpers (lib/yamlnode.h): the one file loader
 * and its messages (strerror, FILE:LINE:COLUMN, "at byte"), and the
 * reader that reports every message: key checks, values, lists, dates,
 * aliases refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "when.h"
#include "yamlnode.h"

static char dir[64];
static char path[128];

static const char *
write_file(const char *text, size_t n)
{
	FILE *f;

	snprintf(path, sizeof path, "%s/t.yaml", dir);
	f = fopen(path, "wb");
	if (f) {
		fwrite(text, 1, n, f);
		fclose(f);
	}
	return path;
}

/* Loads text; "ok" or "LINE:COLUMN: message". */
static const char *
load(const char *text, size_t n)
{
	static char buf[700];
	yaml_document_t doc;
	struct pakn_error err;

	if (pakn_yaml_load_file(&doc, write_file(text, n), "test file", &err) ==
	    0) {
		yaml_document_delete(&doc);
		return "ok";
	}
	snprintf(buf, sizeof buf, "%ld:%ld: %s", err.line, err.column,
	         err.text);
	return buf;
}

#define LOAD(s) load((s), sizeof(s) - 1)

static void
loader(void)
{
	yaml_document_t doc;
	struct pakn_error err;
	char want[300];

	CHECK_STR(LOAD("a: 1\n"), "ok", "a good file");
	CHECK_STR(LOAD("a: [\n"),
	          "2:1: invalid YAML: did not find expected node content",
	          "a syntax error at its position");
	CHECK_STR(LOAD("a: \"\xff\"\n"),
	          "0:0: invalid YAML: invalid leading UTF-8 octet at byte 4",
	          "an encoding error at its byte");
	CHECK(pakn_yaml_load_file(&doc, "/nonexistent/x.yaml", "profile",
	                          &err) == -1,
	      "a missing file fails");
	CHECK_STR(err.text, "cannot open profile: No such file or directory",
	          "with what it is and the system's reason");
	CHECK_STR(err.source, "/nonexistent/x.yaml", "and the file");
	CHECK_INT(err.line, 0, "and no position");
	CHECK(pakn_yaml_load_file(&doc, dir, "calendar file", &err) == -1,
	      "a directory fails");
	CHECK_STR(err.text, "cannot read calendar file: Is a directory",
	          "as a read error, with the system's reason");
	write_file("", 0);
	CHECK(pakn_yaml_load_file(&doc, path, "x", &err) == 0,
	      "an empty file loads");
	CHECK(yaml_document_get_root_node(&doc) == NULL, "with no root");
	yaml_document_delete(&doc);
	snprintf(want, sizeof want, "%s", "ok");
	CHECK_STR(LOAD("# only a comment\n"), want, "a comment only");
}

/* Messages a reader reported, one per line "E|W LINE:COL: text". */
static char msgs[4096];

static void
collect(void *user, int error, long line, long column, const char *text)
{
	size_t n = strlen(msgs);

	(void)user;
	snprintf(msgs + n, sizeof msgs - n, "%s %ld:%ld: %s\n",
	         error ? "E" : "W", line, column, text);
}

static void
reader(void)
{
	static const char text[] = "name: Sở Y tế\n"        /* 1 */
	                           "list: [a, b, {c: 1}]\n" /* 2 */
	                           "one: x\n"               /* 3 */
	                           "day: 2025-02-30\n"      /* 4 */
	                           "good_day: 2025-07-01\n" /* 5 */
	                           "map: &m {k: v}\n"       /* 6 */
	                           "again: *m\n"            /* 7 */
	                           "name: twice\n"          /* 8 */
	                           "bogus: 1\n";            /* 9 */
	static const char *const allowed[] = {
	    "name", "list", "one", "day", "good_day", "map", "again", NULL};
	struct pakn_yaml y;
	struct pakn_error err;
	yaml_node_t *root, *v;
	char **list;
	size_t n;
	char *s;
	long day = 0;
	int dummy = 0;

	msgs[0] = '\0';
	CHECK(pakn_yaml_open(&y, write_file(text, sizeof text - 1), "test file",
	                     1, collect, &dummy, &err) == 0,
	      "the reader opens");
	root = pakn_yaml_root(&y);
	CHECK(root && root->type == YAML_MAPPING_NODE, "its root");
	CHECK_INT(pakn_yaml_check_keys(&y, root, "top", allowed), 1,
	          "check_keys finds problems");
	CHECK_STR(msgs,
	          "E 8:1: top: duplicate key 'name' (first at line 1)\n"
	          "E 9:1: top: unknown key 'bogus' (expected name, list, one, "
	          "day, good_day, map, again)\n",
	          "duplicate and unknown keys, at their positions");
	msgs[0] = '\0';
	s = pakn_yaml_get_str(&y, root, "name", "top", 1);
	CHECK_STR(s, "Sở Y tế", "get_str: the first of a duplicated key");
	free(s);
	s = pakn_yaml_get_str(&y, root, "missing", "top", 1);
	CHECK(s == NULL, "a required key that is absent");
	CHECK_STR(msgs, "E 1:1: top: 'missing' is required\n",
	          "is reported at the mapping");
	msgs[0] = '\0';
	v = pakn_yaml_get(&y, root, "list");
	list = pakn_yaml_get_list(&y, v, "list", &n);
	CHECK_INT((long long)n, 2, "get_list keeps the values");
	CHECK_STR(n == 2 ? list[1] : NULL, "b", "in order");
	CHECK_STR(msgs, "E 2:14: list: expected a value, found a mapping\n",
	          "and reports the rest");
	pakn_yaml_free_list(list, n);
	list =
	    pakn_yaml_get_list(&y, pakn_yaml_get(&y, root, "one"), "one", &n);
	CHECK(n == 1 && strcmp(list[0], "x") == 0, "a single value is a list");
	pakn_yaml_free_list(list, n);
	msgs[0] = '\0';
	CHECK_INT(
	    pakn_yaml_get_day(&y, pakn_yaml_get(&y, root, "day"), "day", &day),
	    -1, "an impossible date");
	CHECK(strncmp(msgs, "E 4:6: day: ", 12) == 0, "reported at the value");
	CHECK_INT(pakn_yaml_get_day(&y, pakn_yaml_get(&y, root, "good_day"),
	                            "good_day", &day),
	          0, "a good date");
	CHECK_INT(day, pakn_days_from_civil(2025, 7, 1), "its day number");
	msgs[0] = '\0';
	CHECK(pakn_yaml_get(&y, root, "map") != NULL, "the anchored node");
	CHECK(pakn_yaml_get(&y, root, "again") == NULL, "its alias is refused");
	/* libyaml gives an alias the anchored node: its position. */
	CHECK_STR(msgs, "E 6:6: aliases are not allowed in a test file\n",
	          "with a message naming the kind of file");
	CHECK(pakn_yaml_key(&y, root, "one") != NULL &&
	          pakn_yaml_key(&y, root, "one")->start_mark.line == 2,
	      "pakn_yaml_key gives the key node");
	CHECK_STR(pakn_yaml_type_name(root), "a mapping", "type names");
	CHECK(y.errors >= 6, "errors are counted");
	pakn_yaml_close(&y);

	/* Without a callback, messages are only counted. */
	CHECK(pakn_yaml_open(&y, path, "test file", 0, NULL, NULL, &err) == 0,
	      "a reader without a callback");
	root = pakn_yaml_root(&y);
	pakn_yaml_check_keys(&y, root, "top", allowed);
	CHECK_INT(y.errors, 2, "counts its errors");
	CHECK(pakn_yaml_get(&y, root, "map") && pakn_yaml_get(&y, root, "map"),
	      "aliases allowed when not refused");
	pakn_yaml_close(&y);
	CHECK(pakn_yaml_open(&y, "/nonexistent.yaml", "rules file", 1, NULL,
	                     NULL, &err) == -1,
	      "open of a missing file");
	CHECK_STR(err.text, "cannot open rules file: No such file or directory",
	          "the loader's message");
}

int
main(void)
{
	snprintf(dir, sizeof dir, "/tmp/test_yamlnode.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	loader();
	reader();
	unlink(path);
	rmdir(dir);
	return unit_done();
}
