/*
 * yamlnode.c: see yamlnode.h.
 */
#include "yamlnode.h"

#include <stdarg.h>
#include <stdio.h>

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
