/*
 * pakn-route: sends every PAKN record to the agency responsible, by the
 * rules of a YAML rules file (routing-rules/README.md), and says why.
 * Adds category_id, agency, agency_name, level, cc, coordination (a
 * request to each cc agency) and route; keeps every other key byte for
 * byte (the record layer splices the new keys in).
 */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "coord.h"
#include "diag.h"
#include "io.h"
#include "loop.h"
#include "match.h"
#include "pakn.h"
#include "record.h"
#include "rules.h"
#include "strmap.h"
#include "when.h"

#define SHOW_WARNINGS 20
#define UNKNOWN_MAX 10000

struct unknown {
	char *label;
	unsigned long count;
};

struct ctx {
	struct pakn_rules *rules;
	int flags, verbose, quiet, explain;
	struct pakn_out out;
	struct pakn_rejects rej;
	struct pakn_loop loop; /* the input and its record (loop.rec) */
	struct pakn_case cs;
	struct pakn_route rt;
	struct pakn_buf val;
	long long now; /* the routing moment (coordination requests) */
	unsigned long written, defaulted, escalated, limit_warnings,
	    no_category;
	struct unknown *unknown;
	size_t nunknown;
	struct pakn_strmap unknown_ix; /* label -> index in unknown */
};

/* clang-format off */
static void
usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: pakn-route -r RULES [options] [FILE...]\n"
		"       pakn-route --check RULES\n"
		"Send every PAKN record to the agency responsible, by the rules of a YAML\n"
		"rules file, and say why (see pakn-route(1), routing-rules/README.md).\n"
		"\n"
		"  -r, --rules=FILE       the rules file\n"
		"      --check=FILE       validate a rules file (errors and warnings), read no records\n"
		"      --reroute          route from scratch even when the record names a known agency\n"
		"      --successors       report each agency as its current successor\n"
		"      --explain          add route.trace: every rule tried and why it failed or matched\n"
		"                         (with -v, also as readable text on standard error)\n"
		"  -o, --output=FILE      write to FILE (replaced only if the run succeeds)\n"
		"      --rejects=FILE     write lines that are not JSON objects to FILE\n"
		"      --line-buffered    flush after every record\n"
		"  -q, --quiet            no end-of-run summary\n"
		"  -v, --verbose          summary: records, defaults, escalations, unknown categories\n"
		"  -h, --help             this help;  --version  the version\n"
		"\n"
		"Examples:\n"
		"  pakn-route --check routing-rules/phu-tho.yaml\n"
		"  pakn-ingest export.csv | pakn-route -r routing-rules/phu-tho.yaml > routed.jsonl\n"
		"  grep PAKN-2024-000412 cases.jsonl | pakn-route -r rules.yaml --explain -v > /dev/null\n"
		"  pakn-route -r rules.yaml --successors old-cases.jsonl | pakn-report --by agency\n"
		"\n"
		"Exit status: 0 all written, 1 some lines rejected, 2 usage or invalid rules\n"
		"file, 3 input/output error.\n");
	exit(status);
}
/* clang-format on */

static int
check(const char *path)
{
	struct pakn_msgs msgs = {NULL, 0};
	size_t i, warnings = 0;
	int errors;

	errors = pakn_rules_check(path, &msgs);
	for (i = 0; i < msgs.n; i++) {
		warnings += !msgs.v[i].error;
		pakn_warn_at(path, msgs.v[i].line, msgs.v[i].column, "%s: %s",
		             msgs.v[i].error ? "error" : "warning",
		             msgs.v[i].text);
	}
	free(msgs.v);
	printf("%s: %d error%s, %zu warning%s\n", path, errors,
	       errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
	return errors ? PAKN_EXIT_USAGE : PAKN_EXIT_OK;
}

static void
count_unknown(struct ctx *c, const char *label)
{
	size_t i;

	c->no_category++;
	if (pakn_strmap_get(&c->unknown_ix, label, &i)) {
		c->unknown[i].count++;
		return;
	}
	if (c->nunknown >= UNKNOWN_MAX)
		return;
	c->unknown =
	    pakn_xrealloc(c->unknown, (c->nunknown + 1) * sizeof *c->unknown);
	c->unknown[c->nunknown].label = pakn_xstrdup(label);
	c->unknown[c->nunknown].count = 1;
	pakn_strmap_put(&c->unknown_ix, label, c->nunknown);
	c->nunknown++;
}

static int
by_count(const void *a, const void *b)
{
	const struct unknown *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->label, y->label);
}

/* Prints the trace of one record as readable text on standard error. */
static void
explain_text(struct ctx *c, const char *file, long line)
{
	json_error_t jerr;
	json_t *t = json_loadb(c->rt.trace.data, c->rt.trace.len, 0, &jerr);
	json_t *step;
	size_t i;

	fprintf(stderr, "%s:%ld: case %s\n", file, line,
	        c->cs.id ? c->cs.id : "(no id)");
	fprintf(stderr, "  category: %s -> %s\n",
	        c->cs.category ? c->cs.category : "(none)",
	        c->cs.category_id ? c->cs.category_id : "(unknown)");
	json_array_foreach (t, i, step) {
		const char *detail =
		    json_string_value(json_object_get(step, "detail"));

		fprintf(stderr, "  %-9s %-32s %-17s %s\n",
		        json_string_value(json_object_get(step, "stage")),
		        json_string_value(json_object_get(step, "rule")),
		        json_string_value(json_object_get(step, "result")),
		        detail ? detail : "");
	}
	if (c->rt.agency)
		fprintf(stderr, "  => %s (%s)%s%s\n", c->rt.agency->id,
		        c->rt.agency->name,
		        c->rt.escalated ? ", escalated from " : "",
		        c->rt.escalated ? c->rt.from->id : "");
	json_decref(t);
}

static void
set_str(struct ctx *c, const char *key, const char *s)
{
	pakn_record_set_str(&c->loop.rec, key, s, strlen(s));
}

/* The transfers of a case that moved, and the levels it passed through. */
static void
set_transfers(struct ctx *c)
{
	struct pakn_move mv[2];
	size_t n = pakn_route_moves(c->rules, &c->cs, &c->rt, mv);
	int levels;

	if (pakn_transfers_merge(&c->loop.rec, c->rules, c->cs.received_day,
	                         c->rt.agency ? c->rt.agency->id : NULL, mv, n,
	                         c->now, &c->val, &levels) != 1)
		return;
	if (c->val.len > 0)
		pakn_record_set(&c->loop.rec, "transfers", c->val.data,
		                c->val.len);
	pakn_record_set_int(&c->loop.rec, "levels", levels);
}

/* Routes one scanned record and writes it. */
static void
route_one(struct ctx *c, const char *file, long line)
{
	struct pakn_route *rt = &c->rt;
	struct pakn_buf *v = &c->val;
	const char *level;
	size_t i;
	int had_category_id;

	pakn_case_load(&c->cs, &c->loop.rec);
	had_category_id = c->cs.category_id != NULL;
	pakn_rules_route(c->rules, &c->cs, c->flags, rt);
	if (!had_category_id) {
		if (c->cs.category_id)
			set_str(c, "category_id", c->cs.category_id);
		else if (c->cs.category)
			count_unknown(c, c->cs.category);
	}
	if (rt->limit_hits) {
		c->limit_warnings++;
		if (c->limit_warnings <= SHOW_WARNINGS)
			pakn_warn_at(file, line, 0,
			             "warning: rule %s: a pattern hit the "
			             "match limit (treated as no match)",
			             rt->limit_rules.data);
	}
	if (rt->agency) {
		set_str(c, "agency", rt->agency->id);
		set_str(c, "agency_name", rt->agency->name);
		level = pakn_level_name(rt->agency->level);
		if (level)
			set_str(c, "level", level);
		else
			pakn_record_del(&c->loop.rec, "level");
	}
	if (rt->ncc > 0) {
		pakn_buf_reset(v);
		pakn_buf_addc(v, '[');
		for (i = 0; i < rt->ncc; i++) {
			if (i)
				pakn_buf_addc(v, ',');
			pakn_buf_add_json_cstr(v, rt->cc[i]->id);
		}
		pakn_buf_addc(v, ']');
		pakn_record_set(&c->loop.rec, "cc", v->data, v->len);
	} else {
		pakn_record_del(&c->loop.rec, "cc");
	}
	if (pakn_coord_merge(&c->loop.rec, c->rules, c->cs.received_day, rt->cc,
	                     rt->ncc, c->now, v) == 1)
		pakn_record_set(&c->loop.rec, "coordination", v->data, v->len);
	set_transfers(c);
	pakn_buf_reset(v);
	pakn_buf_adds(v, "{\"rule\":");
	if (rt->rule)
		pakn_buf_add_json_cstr(v, rt->rule);
	else
		pakn_buf_adds(v, "null");
	pakn_buf_adds(v, ",\"why\":");
	pakn_buf_add_json_string(v, rt->why.data ? rt->why.data : "",
	                         rt->why.len);
	if (rt->escalated) {
		pakn_buf_adds(v, ",\"escalated\":true,\"from\":");
		pakn_buf_add_json_cstr(v, rt->from->id);
		pakn_buf_adds(v, ",\"escalation\":");
		pakn_buf_add_json_cstr(v, rt->escalation);
		c->escalated++;
	}
	if (rt->successor_of) {
		pakn_buf_adds(v, ",\"successor_of\":");
		pakn_buf_add_json_cstr(v, rt->successor_of->id);
	}
	if (rt->source_agency && rt->agency &&
	    strcmp(rt->source_agency, rt->agency->id) != 0) {
		pakn_buf_adds(v, ",\"source_agency\":");
		pakn_buf_add_json_cstr(v, rt->source_agency);
	}
	if (c->explain) {
		pakn_buf_adds(v, ",\"trace\":");
		pakn_buf_add(v, rt->trace.data, rt->trace.len);
	}
	pakn_buf_addc(v, '}');
	pakn_record_set(&c->loop.rec, "route", v->data, v->len);
	if (rt->rule == NULL)
		c->defaulted++;
	if (c->explain && c->verbose)
		explain_text(c, file, line);
	pakn_record_write(&c->loop.rec, &c->out.buf);
	pakn_buf_addc(&c->out.buf, '\n');
	c->written++;
	pakn_out_end_record(&c->out);
}

/* The loop's callback: one scanned record. */
static void
route_record(void *arg, struct pakn_loop *L, long line, const char *text,
             size_t len)
{
	(void)text;
	(void)len;
	route_one(arg, L->name, line);
}

enum { OPT_CHECK = 256, OPT_REROUTE, OPT_SUCC, OPT_EXPLAIN };

static const struct option longopts[] = {
    {"rules", required_argument, NULL, 'r'},
    {"check", required_argument, NULL, OPT_CHECK},
    {"reroute", no_argument, NULL, OPT_REROUTE},
    {"successors", no_argument, NULL, OPT_SUCC},
    {"explain", no_argument, NULL, OPT_EXPLAIN},
    PAKN_FILTER_LONGOPTS,
    {NULL, 0, NULL, 0}};

int
main(int argc, char *argv[])
{
	struct ctx c;
	struct pakn_error err;
	const char *rulesfile = NULL, *output = NULL, *rejects = NULL;
	int ch, linebuf = 0, status = PAKN_EXIT_OK, i;
	struct timespec t0, t1;
	size_t k;

	pakn_setprogname(argv[0]);
	pakn_cleanup_signals();
	memset(&c, 0, sizeof c);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	c.now = (long long)time(NULL);
	while ((ch = getopt_long(argc, argv, "r:o:qvh", longopts, NULL)) !=
	       -1) {
		switch (ch) {
		case 'r': rulesfile = optarg; break;
		case OPT_CHECK: return check(optarg);
		case OPT_REROUTE: c.flags |= PAKN_ROUTE_REROUTE; break;
		case OPT_SUCC: c.flags |= PAKN_ROUTE_SUCCESSORS; break;
		case OPT_EXPLAIN:
			c.flags |= PAKN_ROUTE_EXPLAIN;
			c.explain = 1;
			break;
		case 'o': output = optarg; break;
		case PAKN_OPT_REJECTS: rejects = optarg; break;
		case PAKN_OPT_LINEBUF: linebuf = 1; break;
		case 'q': c.quiet = 1; break;
		case 'v': c.verbose = 1; break;
		case 'h': usage(stdout, PAKN_EXIT_OK); break;
		case PAKN_OPT_VERSION:
			printf("pakn-route %s\n", PAKN_VERSION);
			return PAKN_EXIT_OK;
		default: usage(stderr, PAKN_EXIT_USAGE);
		}
	}
	if (rulesfile == NULL) {
		pakn_warn("a rules file is required (-r RULES)");
		usage(stderr, PAKN_EXIT_USAGE);
	}
	c.rules = pakn_rules_load(rulesfile, &err);
	if (c.rules == NULL) {
		pakn_warn_error(&err);
		return PAKN_EXIT_USAGE;
	}
	if (pakn_out_open(&c.out, output, linebuf, &err) != 0 ||
	    pakn_rejects_open(&c.rej, rejects, &err) != 0) {
		pakn_warn_error(&err);
		pakn_out_close(&c.out, 0, &err);
		pakn_rules_free(c.rules);
		return PAKN_EXIT_IO;
	}
	pakn_loop_init(&c.loop, &c.rej, &c.out);
	pakn_case_init(&c.cs);
	pakn_route_init(&c.rt);
	for (i = optind; i < argc || i == optind; i++) {
		if (pakn_loop_file(&c.loop, i < argc ? argv[i] : NULL,
		                   route_record, &c) != 0)
			status = PAKN_EXIT_IO;
		if (!pakn_out_ok(&c.out) || i >= argc)
			break;
	}
	status = pakn_finish(&c.out, &c.rej, c.loop.rejected, status);
	if (c.limit_warnings > SHOW_WARNINGS)
		pakn_warn("%lu more match-limit warnings not shown",
		          c.limit_warnings - SHOW_WARNINGS);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (c.verbose || (!c.quiet && c.loop.rejected > 0)) {
		pakn_warn(
		    "records read %lu = written %lu + rejected %lu; default "
		    "agency %lu, escalated %lu, unknown category %lu (%.2f s)",
		    c.loop.read, c.written, c.loop.rejected, c.defaulted,
		    c.escalated, c.no_category, pakn_seconds_between(&t0, &t1));
	}
	if (c.verbose && c.nunknown > 0) {
		qsort(c.unknown, c.nunknown, sizeof *c.unknown, by_count);
		pakn_warn("most frequent unknown category labels (add them as "
		          "aliases):");
		for (k = 0; k < c.nunknown && k < 10; k++)
			fprintf(stderr, "  %8lu  %s\n", c.unknown[k].count,
			        c.unknown[k].label);
	}
	for (k = 0; k < c.nunknown; k++)
		free(c.unknown[k].label);
	free(c.unknown);
	pakn_strmap_free(&c.unknown_ix);
	pakn_buf_release(&c.val);
	pakn_route_release(&c.rt);
	pakn_case_release(&c.cs);
	pakn_loop_release(&c.loop);
	pakn_rules_free(c.rules);
	return status;
}
