/*
 * test_publish.c: unit tests of lib/publish.c's set of published ids
 * (pakn-report --published): plain and keyed ids, and bad files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "publish.h"
#include "record.h"
#include "unit.h"

/* Writes text to a new temporary file; its name in path. */
static void
temp_file(char *path, size_t n, const char *text)
{
	FILE *fp;
	int fd;

	snprintf(path, n, "/tmp/pakn-test-publish-XXXXXX");
	fd = mkstemp(path);
	fp = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (fp == NULL) {
		CHECK(0, "temporary file");
		return;
	}
	fputs(text, fp);
	fclose(fp);
}

/* The id pakn-publish writes for case id (keyed with salt, or not). */
static void
published_id(const char *salt, const char *id, char *out, size_t n)
{
	struct pakn_publish p;
	struct pakn_record r;
	struct pakn_error err;
	char line[256];

	snprintf(line, sizeof line,
	         "{\"id\":\"%s\",\"received_at\":\"2021-11-02T08:00:00+07:00\","
	         "\"status\":\"answered\",\"content\":\"x\",\"answer\":\"y\"}",
	         id);
	pakn_publish_init(&p, salt);
	pakn_record_init(&r);
	out[0] = '\0';
	if (pakn_record_scan(&r, line, strlen(line), &err) == 0 &&
	    pakn_publish_record(&p, &r) == PAKN_PUB_OK)
		snprintf(out, n, "%.*s", (int)p.f[PAKN_PF_ID].len,
		         p.f[PAKN_PF_ID].data);
	pakn_record_release(&r);
	pakn_publish_release(&p);
}

static void
test_plain(void)
{
	struct pakn_published s;
	struct pakn_error err;
	char path[64];

	temp_file(path, sizeof path,
	          "{\"id\":\"A1\"}\n\n{\"id\":\"B2\",\"x\":1}\r\n");
	pakn_published_init(&s, NULL);
	CHECK_INT(pakn_published_load(&s, path, &err), 0, "plain: loads");
	CHECK_INT(s.loaded, 2, "plain: two entries, the blank line skipped");
	CHECK(pakn_published_has(&s, "A1", 2), "plain: A1");
	CHECK(pakn_published_has(&s, "B2", 2), "plain: B2 (CRLF)");
	CHECK(!pakn_published_has(&s, "A", 1), "plain: not a prefix");
	CHECK(!pakn_published_has(&s, "C3", 2), "plain: not C3");
	pakn_published_release(&s);
	unlink(path);
}

static void
test_keyed(void)
{
	struct pakn_published s;
	struct pakn_error err;
	char path[64], id[80], text[128];

	published_id("k3y", "PAKN-7", id, sizeof id);
	CHECK_INT((long long)strlen(id), 32, "keyed: 32 hex digits");
	snprintf(text, sizeof text, "{\"id\":\"%s\"}\n", id);
	temp_file(path, sizeof path, text);
	pakn_published_init(&s, "k3y");
	CHECK_INT(pakn_published_load(&s, path, &err), 0, "keyed: loads");
	CHECK(pakn_published_has(&s, "PAKN-7", 6), "keyed: found by its key");
	CHECK(!pakn_published_has(&s, "PAKN-8", 6), "keyed: not another id");
	pakn_published_release(&s);
	pakn_published_init(&s, "other");
	pakn_published_load(&s, path, &err);
	CHECK(!pakn_published_has(&s, "PAKN-7", 6), "keyed: another key");
	pakn_published_release(&s);
	pakn_published_init(&s, NULL);
	pakn_published_load(&s, path, &err);
	CHECK(!pakn_published_has(&s, "PAKN-7", 6), "keyed: no key");
	pakn_published_release(&s);
	unlink(path);
}

static void
test_bad(void)
{
	struct pakn_published s;
	struct pakn_error err;
	char path[64];

	pakn_published_init(&s, NULL);
	CHECK_INT(pakn_published_load(&s, "/nonexistent/p.jsonl", &err), -1,
	          "missing file: an error");
	CHECK(strstr(err.text, "cannot open") != NULL, "missing: says so");
	temp_file(path, sizeof path, "{\"id\":\"A1\"}\n{\"id\": 3}\n");
	CHECK_INT(pakn_published_load(&s, path, &err), -1, "id not a string");
	CHECK_INT(err.line, 2, "the bad line is named");
	unlink(path);
	temp_file(path, sizeof path, "{\"id\":\"A1\"}\n[1,\n");
	CHECK_INT(pakn_published_load(&s, path, &err), -1, "not JSON");
	CHECK_INT(err.line, 2, "not JSON: its line");
	CHECK(strstr(err.text, "not JSON") != NULL, "not JSON: says so");
	unlink(path);
	pakn_published_release(&s);
}

int
main(void)
{
	test_plain();
	test_keyed();
	test_bad();
	return unit_done();
}
