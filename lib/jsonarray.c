/*
 * jsonarray.c: splitting a JSON array into its elements (see jsonarray.h).
 */
#include "jsonarray.h"

int
pakn_jsonarray_begin(struct pakn_jsonarray *a, const char *text, size_t n)
{
	const char *s = text ? text : "", *end = s + (text ? n : 0);

	a->line = 1;
	while (s < end && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
		a->line += *s++ == '\n';
	a->end = end;
	if (s == end || *s != '[') {
		a->s = s;
		return -1;
	}
	a->s = s + 1;
	return 0;
}

int
pakn_jsonarray_next(struct pakn_jsonarray *a, const char **elem, size_t *len,
                    long *line)
{
	const char *s = a->s, *end = a->end, *start = NULL;
	long start_line = 0;
	int depth = 0, instr = 0, esc = 0;
	char ch;

	for (; s < end; s++) {
		ch = *s;
		if (ch == '\n')
			a->line++;
		if (instr) {
			if (esc)
				esc = 0;
			else if (ch == '\\')
				esc = 1;
			else if (ch == '"')
				instr = 0;
			continue;
		}
		if (ch == '"') {
			instr = 1;
		} else if (ch == '{' || ch == '[') {
			if (depth++ == 0) {
				start = s;
				start_line = a->line;
			}
		} else if (ch == '}' || ch == ']') {
			if (depth == 0)
				break; /* the end of the array */
			if (--depth == 0) {
				a->s = s + 1;
				*elem = start;
				*len = (size_t)(s + 1 - start);
				*line = start_line;
				return 1;
			}
		}
	}
	a->s = a->end; /* the walk is over */
	if (depth > 0) {
		*elem = start;
		*len = (size_t)(end - start);
		*line = start_line;
		return -1;
	}
	return 0;
}
