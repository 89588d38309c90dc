/*
 * fuzz_record.c: the record scanner (lib/record.c) against jansson as the
 * oracle (json_loadb with JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL and the
 * record layer's two deliberate differences, record.h): both accept or
 * both refuse; an accepted line is written back unchanged, its tree is
 * jansson's, and an edited line still reads back as JSON.
 */
#include <jansson.h>

#include "fuzz.h"
#include "record.h"

static int
has_nul_escape(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 6 <= n; i++)
		if (s[i] == '\\' && memcmp(s + i, "\\u0000", 6) == 0)
			return 1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pakn_record r;
	static struct pakn_buf out;
	static int ready;
	struct pakn_error err;
	json_error_t je;
	json_t *want, *mine, *back;
	char *line = malloc(size ? size : 1), *a, *b;
	size_t start = 0, stop = size;
	int ok, know = 1, expect;

	if (!ready) {
		pakn_record_init(&r);
		ready = 1;
	}
	memcpy(line, data, size);
	ok = pakn_record_scan(&r, line, size, &err) == 0;
	want = json_loadb(line, size, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
	                  &je);
	if (want == NULL && json_error_code(&je) == json_error_null_byte_in_key)
		know = 0; /* the oracle cannot say: jansson never takes it */
	expect = want != NULL && json_is_object(want) &&
	         memchr(line, '\0', size) == NULL;
	if (know)
		FUZZ_ASSERT(ok == expect,
		            ok ? "scanner accepts, oracle refuses"
		               : "scanner refuses, oracle accepts");
	if (!ok) {
		FUZZ_ASSERT(err.column >= 1 && (size_t)err.column <= size + 1,
		            "error column inside the line");
		json_decref(want);
		free(line);
		return 0;
	}
	/* Written back without edits: the line, less surrounding blanks. */
	while (start < size && strchr(" \t\r\n", line[start]) && line[start])
		start++;
	while (stop > start && strchr(" \t\r\n", line[stop - 1]) &&
	       line[stop - 1])
		stop--;
	pakn_buf_reset(&out);
	pakn_record_write(&r, &out);
	FUZZ_ASSERT(out.len == stop - start &&
	                memcmp(out.data, line + start, out.len) == 0,
	            "write without edits gives the line back");
	if (want != NULL && !has_nul_escape(line, size)) {
		mine = pakn_record_to_json(&r);
		a = json_dumps(mine, JSON_COMPACT | JSON_ENCODE_ANY);
		b = json_dumps(want, JSON_COMPACT | JSON_ENCODE_ANY);
		FUZZ_ASSERT(a && b && strcmp(a, b) == 0,
		            "the tree is jansson's");
		free(a);
		free(b);
		json_decref(mine);
	}
	/* Edits: replace the first member, append one, delete one. */
	if (pakn_record_count(&r) > 0 &&
	    !pakn_record_member(&r, 0)->key_escaped) {
		const struct pakn_member *m = pakn_record_member(&r, 0);
		char key[64];
		size_t n = m->keylen < sizeof key - 1 ? m->keylen : 0;

		memcpy(key, m->key, n);
		key[n] = '\0';
		if (n > 0 && strlen(key) == n) {
			pakn_record_set_str(&r, key, "v\"\n", 3);
			pakn_record_set_int(&r, "fuzz\"new", 7);
			pakn_buf_reset(&out);
			pakn_record_write(&r, &out);
			back = json_loadb(out.data ? out.data : "", out.len,
			                  JSON_ALLOW_NUL, NULL);
			FUZZ_ASSERT(back != NULL || !know,
			            "an edited line is JSON");
			json_decref(back);
		}
	}
	json_decref(want);
	free(line);
	return 0;
}
