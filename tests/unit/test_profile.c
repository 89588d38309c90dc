/*
 * test_profile.c: unit tests of lib/profile.c: loading an ingest profile
 * (every setting, the column mappings in their order), the errors a bad
 * profile gives with its file, line and column, and the small helpers
 * (delimiter names, adding a mapping, releasing).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "columns.h"
#include "profile.h"
#include "when.h"

#include "unit.h"

/* Writes text to a new temporary file; its name goes in name[64]. */
static void
write_tmp(char name[64], const char *text)
{
	FILE *fp;
	int fd;

	snprintf(name, 64, "/tmp/pakn-profile-XXXXXX");
	fd = mkstemp(name);
	if (fd < 0) {
		perror("mkstemp");
		exit(1);
	}
	fp = fdopen(fd, "w");
	fputs(text, fp);
	fclose(fp);
}

/* Loads text as a profile; returns what pakn_profile_load returns. */
static int
load_text(const char *text, struct pakn_profile *p, struct pakn_error *err)
{
	char name[64];
	int rc;

	write_tmp(name, text);
	memset(err, 0, sizeof *err);
	rc = pakn_profile_load(p, name, err);
	unlink(name);
	return rc;
}

static void
test_full(void)
{
	struct pakn_profile p;
	struct pakn_error err;

	CHECK_INT(load_text("format: csv\n"
	                    "delimiter: \";\"\n"
	                    "encoding: windows-1258\n"
	                    "date_order: mdy\n"
	                    "columns:\n"
	                    "  \"Mã hồ sơ\": id\n"
	                    "  \"Số ĐT\": submitter.phone\n"
	                    "  \"Ghi chú nội bộ\": \"-\"\n"
	                    "  Khác: extra\n",
	                    &p, &err),
	          0, "a full profile loads");
	CHECK_STR(p.format, "csv", "format");
	CHECK_INT(p.delimiter, ';', "delimiter");
	CHECK_STR(p.encoding, "windows-1258", "encoding kept as written");
	CHECK_INT(p.date_order, PAKN_MDY, "date_order");
	CHECK_INT(p.nmaps, 4, "four column mappings");
	if (p.nmaps == 4) {
		CHECK_STR(p.maps[0].header, "Mã hồ sơ", "first header");
		CHECK_INT(p.maps[0].col, PAKN_COL_ID, "first key");
		CHECK_STR(p.maps[1].header, "Số ĐT", "second header");
		CHECK_INT(p.maps[1].col, PAKN_COL_SUB_PHONE, "dotted key");
		CHECK_INT(p.maps[2].col, PAKN_COL_IGNORE, "'-' drops");
		CHECK_INT(p.maps[3].col, PAKN_COL_EXTRA, "extra");
	}
	pakn_profile_release(&p);
	CHECK(p.nmaps == 0 && p.maps == NULL && p.format == NULL &&
	          p.encoding == NULL,
	      "release empties the profile");
	CHECK_INT(p.date_order, -1, "release resets date_order to unset");
}

static void
test_partial(void)
{
	struct pakn_profile p;
	struct pakn_error err;

	CHECK_INT(load_text("", &p, &err), 0, "an empty profile loads");
	CHECK(p.format == NULL && p.encoding == NULL && p.delimiter == 0 &&
	          p.nmaps == 0,
	      "an empty profile sets nothing");
	CHECK_INT(p.date_order, -1, "an empty profile leaves date_order unset");
	pakn_profile_release(&p);

	CHECK_INT(load_text("delimiter: tab\n", &p, &err), 0,
	          "delimiter alone");
	CHECK_INT(p.delimiter, '\t', "'tab' is a tab");
	CHECK(p.format == NULL && p.date_order == -1,
	      "the other settings stay unset");
	pakn_profile_release(&p);

	CHECK_INT(load_text("date_order: ymd\nformat: jsonl\n", &p, &err), 0,
	          "date_order and format");
	CHECK_INT(p.date_order, PAKN_YMD, "ymd");
	CHECK_STR(p.format, "jsonl", "jsonl");
	pakn_profile_release(&p);

	CHECK_INT(load_text("date_order: dmy\n", &p, &err), 0, "dmy");
	CHECK_INT(p.date_order, PAKN_DMY, "dmy is read, not left unset");
	pakn_profile_release(&p);
}

/* A profile that must fail, at line:column, with a message containing
 * want. */
static void
check_error(const char *text, long line, long column, const char *want,
            const char *what)
{
	struct pakn_profile p;
	struct pakn_error err;
	char msg[600];
	int rc;

	rc = load_text(text, &p, &err);
	CHECK_INT(rc, -1, what);
	snprintf(msg, sizeof msg, "%s: line", what);
	CHECK_INT(err.line, line, msg);
	snprintf(msg, sizeof msg, "%s: column", what);
	CHECK_INT(err.column, column, msg);
	snprintf(msg, sizeof msg, "%s: message", what);
	CHECK_STR(strstr(err.text, want) ? want : err.text, want, msg);
	CHECK(err.source != NULL, "the error names the file");
	CHECK(p.nmaps == 0 && p.maps == NULL && p.format == NULL,
	      "a failed load leaves nothing to free");
}

static void
test_errors(void)
{
	struct pakn_profile p;
	struct pakn_error err;

	check_error("format: xml\n", 1, 9, "format 'xml'", "bad format");
	check_error("format: csv\ndelimiter: \"::\"\n", 2, 12, "delimiter '::'",
	            "bad delimiter");
	check_error("date_order: ydm\n", 1, 13, "date_order 'ydm'",
	            "bad date order");
	check_error("format: csv\ncolour: red\n", 2, 1, "unknown key 'colour'",
	            "unknown key");
	check_error("format: csv\nformat: json\n", 2, 1,
	            "duplicate key 'format'", "duplicate key");
	check_error("columns:\n  A: id\n  B: nowhere\n", 3, 6,
	            "unknown record key 'nowhere'", "unknown record key");
	check_error("columns:\n  A: id\n  A: title\n", 3, 3,
	            "duplicate header 'A'", "duplicate header");
	check_error("columns: [a, b]\n", 1, 10, "must be a mapping",
	            "columns not a mapping");
	check_error("format: [csv]\n", 1, 9, "'format' must be a single value",
	            "a list for a single value");
	check_error("- a\n- b\n", 1, 1, "expected a mapping",
	            "a list for a profile");
	check_error("format: csv\n  bad: [\n", 2, 6, "invalid YAML",
	            "invalid YAML");

	memset(&err, 0, sizeof err);
	CHECK_INT(pakn_profile_load(&p, "/nonexistent/pakn/profile.yaml", &err),
	          -1, "a missing file is an error");
	CHECK_STR(err.source, "/nonexistent/pakn/profile.yaml",
	          "the error names the missing file");
}

static void
test_helpers(void)
{
	struct pakn_profile p;

	CHECK_INT(pakn_delimiter_parse(","), ',', "comma");
	CHECK_INT(pakn_delimiter_parse(";"), ';', "semicolon");
	CHECK_INT(pakn_delimiter_parse("|"), '|', "bar");
	CHECK_INT(pakn_delimiter_parse("tab"), '\t', "tab by name");
	CHECK_INT(pakn_delimiter_parse("\\t"), '\t', "tab as \\t");
	CHECK_INT(pakn_delimiter_parse("\t"), '\t', "a tab character");
	CHECK_INT(pakn_delimiter_parse(":"), 0, "colon is not a delimiter");
	CHECK_INT(pakn_delimiter_parse(",,"), 0, "two characters");
	CHECK_INT(pakn_delimiter_parse(""), 0, "empty");

	memset(&p, 0, sizeof p);
	pakn_profile_add_map(&p, "Tiêu đề=title", strlen("Tiêu đề"),
	                     PAKN_COL_TITLE);
	pakn_profile_add_map(&p, "STT", 3, PAKN_COL_IGNORE);
	CHECK_INT(p.nmaps, 2, "two mappings added");
	CHECK_STR(p.maps[0].header, "Tiêu đề",
	          "the header is copied, cut at n");
	CHECK_INT(p.maps[0].col, PAKN_COL_TITLE, "its key");
	CHECK_STR(p.maps[1].header, "STT", "second header");
	pakn_profile_release(&p);
	CHECK_INT(p.nmaps, 0, "released");
}

int
main(void)
{
	test_full();
	test_partial();
	test_errors();
	test_helpers();
	return unit_done();
}
