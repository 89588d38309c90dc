/*
 * loop.c: the input loop of the JSON-lines filters (loop.h).
 */
#include "loop.h"

#include <string.h>

void
pakn_loop_init(struct pakn_loop *L, struct pakn_rejects *rej,
               struct pakn_out *out)
{
	memset(L, 0, sizeof *L);
	pakn_record_init(&L->rec);
	L->rej = rej;
	L->out = out;
}

void
pakn_loop_release(struct pakn_loop *L)
{
	pakn_record_release(&L->rec);
}

void
pakn_loop_reject(struct pakn_loop *L, long line, long column,
                 const char *reason, const char *line_text, size_t len)
{
	L->rejected++;
	pakn_reject(L->rej, L->name, line, column, "jsonl", reason, line_text,
	            len);
}

int
pakn_loop_file(struct pakn_loop *L, const char *path, pakn_loop_fn fn,
               void *arg)
{
	struct pakn_in in;
	struct pakn_error err;
	const char *line;
	size_t len;
	int r, toolong;

	if (pakn_in_open(&in, path, &err) != 0) {
		pakn_warn_error(&err);
		return -1;
	}
	if (L->max_line)
		in.max_line = L->max_line;
	L->name = in.name;
	while ((r = pakn_in_next_jsonl(&in, &line, &len, &toolong, &err)) > 0) {
		L->read++;
		if (toolong) {
			pakn_loop_reject(L, in.line, 0,
			                 "line over the size cap", line, 200);
			continue;
		}
		if (pakn_record_scan(&L->rec, line, len, &err) != 0) {
			pakn_loop_reject(L, in.line, err.column, err.text, line,
			                 len);
			continue;
		}
		fn(arg, L, in.line, line, len);
		if (L->out && !pakn_out_ok(L->out))
			break;
	}
	if (r < 0)
		pakn_warn_error(&err);
	pakn_in_close(&in);
	return r < 0 ? -1 : 0;
}
