/*
 * test_io.c: unit tests of lib/io.c: lines cut from blocks (CRLF, BOM,
 * blank lines, a last line without '\n', the size cap and the skipped
 * rest), peeking before the first line, slurping, a file that cannot be
 * opened, and `-o FILE`: written only on success, the temporary removed
 * otherwise, the target replaced whole.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"

#include "unit.h"

static char dir[] = "/tmp/pakn-test-io-XXXXXX";

static const char *
path_of(const char *name)
{
	static char p[600];

	snprintf(p, sizeof p, "%s/%s", dir, name);
	return p;
}

static void
write_file(const char *name, const char *data, size_t n)
{
	FILE *fp = fopen(path_of(name), "wb");

	if (fp == NULL || fwrite(data, 1, n, fp) != n || fclose(fp) != 0) {
		perror(name);
		exit(2);
	}
}

static char *
read_file(const char *name)
{
	static char buf[4096];
	FILE *fp = fopen(path_of(name), "rb");
	size_t n;

	if (fp == NULL)
		return NULL;
	n = fread(buf, 1, sizeof buf - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static int
count_files(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

static void
remove_all(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			unlink(path_of(e->d_name));
	if (d)
		closedir(d);
	rmdir(dir);
}

static void
test_jsonl(void)
{
	static const char text[] =
	    "\xef\xbb\xbf{\"a\":1}\r\n\n  \r\n{\"b\":2}\n{\"c\":3}";
	struct pakn_in in;
	struct pakn_error err;
	const char *line;
	size_t len;
	int toolong;

	write_file("a.jsonl", text, sizeof text - 1);
	CHECK_INT(pakn_in_open(&in, path_of("a.jsonl"), &err), 0, "open");
	CHECK_INT(pakn_in_next_jsonl(&in, &line, &len, &toolong, &err), 1,
	          "a first line");
	CHECK(len == 7 && memcmp(line, "{\"a\":1}", 7) == 0,
	      "BOM and CRLF removed");
	CHECK_INT(in.line, 1, "at line 1");
	CHECK_INT(pakn_in_next_jsonl(&in, &line, &len, &toolong, &err), 1,
	          "blank lines skipped");
	CHECK(len == 7 && memcmp(line, "{\"b\":2}", 7) == 0, "the second");
	CHECK_INT(in.line, 4, "at line 4: blank lines counted");
	CHECK_INT(pakn_in_next_jsonl(&in, &line, &len, &toolong, &err), 1,
	          "a last line without newline");
	CHECK(len == 7 && memcmp(line, "{\"c\":3}", 7) == 0, "read whole");
	CHECK_INT(pakn_in_next_jsonl(&in, &line, &len, &toolong, &err), 0,
	          "then the end");
	pakn_in_close(&in);
}

static void
test_cap(void)
{
	char big[300];
	struct pakn_in in;
	struct pakn_error err;
	const char *line;
	size_t len;
	int toolong;

	memset(big, 'x', sizeof big);
	big[199] = '\n';
	memcpy(big + 200, "short\n", 6);
	write_file("b.txt", big, 206);
	CHECK_INT(pakn_in_open(&in, path_of("b.txt"), &err), 0, "open");
	in.max_line = 50;
	CHECK_INT(pakn_in_getline(&in, &line, &len, &toolong, &err), 1,
	          "a long line");
	CHECK(toolong, "flagged as too long");
	CHECK(len <= 50, "cut at the cap");
	CHECK_INT(pakn_in_getline(&in, &line, &len, &toolong, &err), 1,
	          "the next line");
	CHECK(!toolong && len == 6 && memcmp(line, "short\n", 6) == 0,
	      "the rest of the long line was skipped");
	CHECK_INT(in.line, 2, "line numbers go on");
	pakn_in_close(&in);
	write_file("d.txt", big, 199); /* a last line with no newline */
	CHECK_INT(pakn_in_open(&in, path_of("d.txt"), &err), 0, "open");
	in.max_line = 50;
	CHECK_INT(pakn_in_getline(&in, &line, &len, &toolong, &err), 1,
	          "a long last line");
	CHECK(toolong && len == 50, "capped too");
	CHECK_INT(pakn_in_getline(&in, &line, &len, &toolong, &err), 0,
	          "then the end");
	pakn_in_close(&in);
}

static void
test_peek_slurp(void)
{
	struct pakn_in in;
	struct pakn_error err;
	struct pakn_buf all = PAKN_BUF_INIT;
	const char *p;
	size_t n;
	int complete;

	write_file("c.txt", "\xef\xbb\xbfhello\nworld\n", 15);
	CHECK_INT(pakn_in_open(&in, path_of("c.txt"), &err), 0, "open");
	CHECK_INT(pakn_in_peek(&in, 3, &p, &n, &complete, &err), 0, "peek");
	CHECK(n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0, "sees the BOM");
	pakn_in_drop_peeked(&in, 3);
	CHECK_INT(pakn_in_slurp(&in, &all, &err), 0, "slurp");
	CHECK(all.len == 12 && memcmp(all.data, "hello\nworld\n", 12) == 0,
	      "everything after the dropped bytes");
	pakn_in_close(&in);
	pakn_buf_release(&all);
	CHECK_INT(pakn_in_open(&in, path_of("nosuch"), &err), -1,
	          "a missing file");
	CHECK(strstr(err.text, "cannot open") != NULL &&
	          strstr(err.text, strerror(ENOENT)) != NULL,
	      "says why");
}

static void
test_out(void)
{
	struct pakn_out o;
	struct pakn_error err;
	const char *target = path_of("out.jsonl");

	write_file("out.jsonl", "old\n", 4);
	CHECK_INT(pakn_out_open(&o, target, 0, &err), 0, "open -o");
	pakn_buf_adds(&o.buf, "{\"a\":1}\n");
	pakn_out_end_record(&o);
	CHECK_STR(read_file("out.jsonl"), "old\n",
	          "the target is untouched while the run goes on");
	CHECK_INT(pakn_out_close(&o, 0, &err), 0, "close without success");
	CHECK_STR(read_file("out.jsonl"), "old\n", "a failed run keeps it");
	CHECK_INT(pakn_out_open(&o, target, 0, &err), 0, "open -o again");
	pakn_buf_adds(&o.buf, "{\"a\":1}\n");
	pakn_out_end_record(&o);
	CHECK_INT(pakn_out_close(&o, 1, &err), 0, "close with success");
	CHECK_STR(read_file("out.jsonl"), "{\"a\":1}\n", "replaced whole");
	CHECK_INT(count_files(), 5, "no temporary left beside it");
}

int
main(void)
{
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	test_jsonl();
	test_cap();
	test_peek_slurp();
	test_out();
	remove_all();
	return unit_done();
}
