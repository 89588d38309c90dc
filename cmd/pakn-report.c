/*
 * pakn-report: the monthly report of PAKN cases (received, carried over,
 * answered on time or late, open, overdue, on-time rate, working days to
 * answer, satisfaction, escalations; the overdue cases and the directives
 * awaiting a report back), per channel, category, agency or any grouping
 * asked for, beside the previous period's figures; as text, Markdown, CSV,
 * JSON or HTML; one report per agency with --split-by.
 *
 * It is also the reduce step of a split run: --partial writes the
 * aggregate state instead of a report, --merge turns partials into the
 * report, the same bytes as one run over the whole input.  Records are
 * read with the record layer (no jansson tree per record); memory holds
 * one entry per group, never the records (lib/agg.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "agg.h"
#include "atomicfile.h"
#include "buf.h"
#include "calendar.h"
#include "diag.h"
#include "io.h"
#include "pakn.h"
#include "record.h"
#include "render.h"
#include "text.h"
#include "when.h"

static void
usage(FILE *fp, int status)
{
	fprintf(
	    fp,
	    "usage: pakn-report [options] [FILE...]\n"
	    "       pakn-report --merge [options] PARTIAL...\n"
	    "The monthly report of PAKN records (JSON lines): received, "
	    "carried over,\n"
	    "answered on time or late, open, overdue, on-time rate, working "
	    "days to\n"
	    "answer, satisfaction, escalated; by channel, category and agency; "
	    "the\n"
	    "overdue cases and the directives awaiting a report back "
	    "(pakn-report(1)).\n"
	    "\n"
	    "Period:\n"
	    "      --month=YYYY-MM     a calendar month (default: the month "
	    "before --as-of)\n"
	    "      --from=DATE --to=DATE  any range of days, YYYY-MM-DD, both "
	    "included\n"
	    "      --as-of=DATE        \"now\" for open and overdue cases "
	    "(default: today\n"
	    "                          in Vietnam)\n"
	    "      --calendar-file=FILE  local days off and working days "
	    "(YAML, as\n"
	    "                          pakn-deadline; repeatable)\n"
	    "Content:\n"
	    "      --by=DIM[,DIM]      group by agency, category, channel, "
	    "kind, district\n"
	    "                          or commune, one or two at once; "
	    "repeatable\n"
	    "                          (default: channel, category, agency)\n"
	    "      --top=N             longest overdue and directives lists "
	    "(default 20)\n"
	    "Output:\n"
	    "  -f, --format=FMT        text (default), md, csv, json or html\n"
	    "      --lang=LANG         vi (default) or en labels\n"
	    "      --excel             csv: a byte-order mark and CRLF, for "
	    "Excel\n"
	    "      --title=TEXT        a heading line (the office's name)\n"
	    "      --width=N           text: fit N columns (default: the "
	    "terminal's;\n"
	    "                          0 = no limit)\n"
	    "      --split-by=agency   one report per agency, written to "
	    "--outdir\n"
	    "      --outdir=DIR        where --split-by writes (created if "
	    "missing)\n"
	    "  -o, --output=FILE       write to FILE (replaced only if the run "
	    "succeeds)\n"
	    "Scale-out:\n"
	    "      --partial           write the aggregate state (JSON) "
	    "instead of a report\n"
	    "      --merge             the FILEs are partials: merge them into "
	    "the report\n"
	    "Other:\n"
	    "      --rejects=FILE      write lines that are not records to "
	    "FILE (JSON lines)\n"
	    "  -q, --quiet             no end-of-run summary\n"
	    "  -v, --verbose           print the summary (records read, "
	    "counted, rejected)\n"
	    "  -h, --help              this help;  --version  the version\n"
	    "\n"
	    "Examples:\n"
	    "  pakn-report --month 2021-08 --as-of 2021-09-06 cases.jsonl\n"
	    "  pakn-report --month 2021-08 -f html -o thang8.html cases.jsonl\n"
	    "  pakn-report --by agency,channel -f csv --excel -o thang8.csv "
	    "cases.jsonl\n"
	    "  pakn-report --split-by agency --outdir out/ -f html "
	    "cases.jsonl\n"
	    "  split -n l/4 cases.jsonl part. && for p in part.*; do\n"
	    "    pakn-report --partial --month 2021-08 --as-of 2021-09-06 $p > "
	    "$p.partial; done\n"
	    "  pakn-report --merge part.*.partial -f json\n"
	    "\n"
	    "Exit status: 0 all lines read, 1 some lines rejected, 2 usage "
	    "error or\n"
	    "invalid partial, 3 input/output error.\n");
	exit(status);
}

#define MAX_CALFILES 16

struct opts {
	const char *month, *from, *to, *as_of;
	const char *calfiles[MAX_CALFILES];
	int ncalfiles;
	const char *by[PAKN_AGG_MAX_BY];
	int nby;
	int top; /* -1: not given */
	const char *split_by;
	const char *outdir;
	const char *output;
	const char *rejects;
	int partial, merge;
	int quiet, verbose;
	struct pakn_render_opts render;
	int width_set;
	int excel_set;
};

struct run {
	struct pakn_agg *agg;
	struct pakn_rejects rej;
	struct pakn_record rec;
	unsigned long lines, rejected;
	int io_error;
};

/* ---- reading records ---------------------------------------------------- */

/* Reads the records of one file into the aggregate.  0, or -1 after an
 * input error (reported). */
static int
read_records(struct run *run, const char *path)
{
	struct pakn_in in;
	struct pakn_error err;
	const char *line, *name;
	size_t len;
	int r, toolong;

	if (pakn_in_open(&in, path, &err) != 0) {
		pakn_warn_error(&err);
		return -1;
	}
	name = pakn_display_name(path);
	while ((r = pakn_in_next_jsonl(&in, &line, &len, &toolong, &err)) > 0) {
		run->lines++;
		if (toolong) {
			run->rejected++;
			pakn_reject(&run->rej, name, in.line, 0, "jsonl",
			            "line over the size cap", line, 200);
			continue;
		}
		if (pakn_record_scan(&run->rec, line, len, &err) != 0) {
			run->rejected++;
			pakn_reject(&run->rej, name, in.line, err.column,
			            "jsonl", err.text, line, len);
			continue;
		}
		if (pakn_agg_add(run->agg, &run->rec, &err) < 0) {
			run->rejected++;
			pakn_reject(&run->rej, name, in.line, 0, "jsonl",
			            err.text, line, len);
		}
	}
	if (r < 0) {
		pakn_warn_error(&err);
		pakn_in_close(&in);
		return -1;
	}
	pakn_in_close(&in);
	return 0;
}

/* ---- reading partials ------------------------------------------------- */

/* Calls fn on each partial (one JSON object a line) of path.  0, -1 on an
 * input error, -2 on an invalid partial (both reported). */
static int
each_partial(const char *path,
             int (*fn)(json_t *p, const char *name, long line, void *arg),
             void *arg)
{
	struct pakn_in in;
	struct pakn_error err;
	const char *line;
	size_t len;
	json_error_t jerr;
	json_t *p;
	int r, rc = 0, toolong;

	if (pakn_in_open(&in, path, &err) != 0) {
		pakn_warn_error(&err);
		return -1;
	}
	/* A partial holds every group's histograms: a long line is normal. */
	in.max_line = (size_t)1 << 30;
	while ((r = pakn_in_next_jsonl(&in, &line, &len, &toolong, &err)) > 0) {
		p = toolong ? NULL : json_loadb(line, len, 0, &jerr);
		if (p == NULL) {
			pakn_warn_at(in.name, in.line,
			             toolong ? 0 : jerr.column,
			             "not a pakn-report partial: %s",
			             toolong ? "line too long" : jerr.text);
			rc = -2;
			break;
		}
		rc = fn(p, in.name, in.line, arg);
		json_decref(p);
		if (rc != 0)
			break;
	}
	if (r < 0) {
		pakn_warn_error(&err);
		rc = -1;
	}
	pakn_in_close(&in);
	return rc;
}

struct merge_ctx {
	const struct opts *o;
	struct pakn_agg *agg; /* made from the first partial */
	unsigned long partials;
};

/* Merges one partial; the first one fixes the configuration (the options
 * may only shorten its lists). */
static int
merge_one(json_t *p, const char *name, long line, void *arg)
{
	struct merge_ctx *m = arg;
	struct pakn_agg_config cfg;
	struct pakn_error err;

	if (m->agg == NULL) {
		if (pakn_agg_partial_config(p, &cfg, &err) != 0) {
			pakn_warn_at(name, line, 0, "%s", err.text);
			return -2;
		}
		if (m->o->top >= 0) {
			if (m->o->top > cfg.top) {
				pakn_warn("--top %d: the partials keep only %d "
				          "cases per list",
				          m->o->top, cfg.top);
				return -2;
			}
			cfg.top = m->o->top;
		}
		if (m->o->split_by &&
		    (!cfg.split ||
		     pakn_dim_parse(m->o->split_by, strlen(m->o->split_by)) !=
		         (int)cfg.split_dim)) {
			pakn_warn(
			    "--split-by %s: the partials were not made with it",
			    m->o->split_by);
			return -2;
		}
		m->agg = pakn_agg_new(&cfg);
	}
	if (pakn_agg_merge_partial(m->agg, p, &err) != 0) {
		pakn_warn_at(name, line, 0, "%s", err.text);
		return -2;
	}
	m->partials++;
	return 0;
}

/* ---- writing ------------------------------------------------------------- */

/*
 * Writes buf to -o FILE or standard output (a regular FILE replaced
 * atomically, a device or FIFO written in place: lib/io.h).  0, or -1
 * (reported).
 */
static int
write_output(const char *path, struct pakn_buf *buf, int success)
{
	struct pakn_out out;
	struct pakn_error err;
	int rc;

	if (pakn_out_open(&out, path, 0, &err) != 0) {
		pakn_warn_error(&err);
		return -1;
	}
	pakn_buf_add(&out.buf, buf->data ? buf->data : "", buf->len);
	pakn_out_end_record(&out);
	rc = pakn_out_close(&out, success, &err);
	if (rc != 0)
		pakn_warn_error(&err);
	return rc;
}

/* A file name for a split value: folded to ASCII letters, digits and
 * '-', at most 80 bytes; "_none" for a missing value. */
static void
slug(const char *key, struct pakn_buf *out)
{
	struct pakn_buf f = PAKN_BUF_INIT;
	size_t i;

	pakn_buf_reset(out);
	pakn_text_fold_key(key, strlen(key), &f);
	for (i = 0; i < f.len && out->len < 80; i++) {
		unsigned char c = (unsigned char)f.data[i];

		if (c == ' ')
			pakn_buf_addc(out, '-');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			pakn_buf_addc(out, (char)c);
		else
			pakn_buf_addc(out, '_');
	}
	while (out->len > 0 && out->data[out->len - 1] == '-')
		out->len--;
	if (out->len == 0)
		pakn_buf_adds(out, "_none");
	pakn_buf_release(&f);
}

/* Writes one report per split value into dir.  0, or -1 (reported). */
static int
write_splits(struct pakn_agg *agg, const struct opts *o)
{
	struct pakn_buf text = PAKN_BUF_INIT, name = PAKN_BUF_INIT,
	                path = PAKN_BUF_INIT;
	struct pakn_error err;
	char **used = NULL;
	size_t n = pakn_agg_nsplits(agg), i, j;
	int rc = 0, dup;
	FILE *fp;
	char *tmp;

	if (mkdir(o->outdir, 0777) != 0 && errno != EEXIST) {
		pakn_warn_at(o->outdir, 0, 0, "cannot create folder: %s",
		             strerror(errno));
		return -1;
	}
	used = pakn_xcalloc(n ? n : 1, sizeof *used);
	for (i = 0; i < n && rc == 0; i++) {
		struct pakn_report *rep = pakn_agg_report(agg, i + 1);

		slug(rep->scope_key, &name);
		/* Two values with one slug: number the later ones. */
		for (dup = 1;; dup++) {
			pakn_buf_reset(&path);
			pakn_buf_add(&path, name.data, name.len);
			if (dup > 1)
				pakn_buf_addf(&path, "-%d", dup);
			for (j = 0; j < i; j++)
				if (strcmp(used[j], path.data) == 0)
					break;
			if (j == i)
				break;
		}
		used[i] = pakn_xstrdup(path.data);
		pakn_buf_reset(&path);
		pakn_buf_addf(&path, "%s/%s.%s", o->outdir, used[i],
		              pakn_format_ext(o->render.format));
		pakn_buf_reset(&text);
		pakn_render(rep, &o->render, &text);
		pakn_report_free(rep);
		fp = pakn_atomic_open(path.data, &tmp, &err);
		if (fp == NULL) {
			pakn_warn_error(&err);
			rc = -1;
			break;
		}
		fwrite(text.data ? text.data : "", 1, text.len, fp);
		if (pakn_atomic_commit(fp, tmp, path.data, &err) != 0) {
			pakn_warn_error(&err);
			rc = -1;
		}
		free(tmp);
		if (rc == 0 && o->verbose)
			pakn_warn("wrote %s", path.data);
	}
	for (i = 0; i < n; i++)
		free(used[i]);
	free(used);
	pakn_buf_release(&text);
	pakn_buf_release(&name);
	pakn_buf_release(&path);
	return rc;
}

/* ---- options --------------------------------------------------------------
 */

enum {
	OPT_MONTH = 256,
	OPT_FROM,
	OPT_TO,
	OPT_AS_OF,
	OPT_CALFILE,
	OPT_BY,
	OPT_TOP,
	OPT_LANG,
	OPT_EXCEL,
	OPT_TITLE,
	OPT_WIDTH,
	OPT_SPLIT_BY,
	OPT_OUTDIR,
	OPT_PARTIAL,
	OPT_MERGE,
	OPT_REJECTS,
	OPT_VERSION
};

static const struct option longopts[] = {
    {"month", required_argument, NULL, OPT_MONTH},
    {"from", required_argument, NULL, OPT_FROM},
    {"to", required_argument, NULL, OPT_TO},
    {"as-of", required_argument, NULL, OPT_AS_OF},
    {"calendar-file", required_argument, NULL, OPT_CALFILE},
    {"by", required_argument, NULL, OPT_BY},
    {"top", required_argument, NULL, OPT_TOP},
    {"format", required_argument, NULL, 'f'},
    {"lang", required_argument, NULL, OPT_LANG},
    {"excel", no_argument, NULL, OPT_EXCEL},
    {"title", required_argument, NULL, OPT_TITLE},
    {"width", required_argument, NULL, OPT_WIDTH},
    {"split-by", required_argument, NULL, OPT_SPLIT_BY},
    {"outdir", required_argument, NULL, OPT_OUTDIR},
    {"partial", no_argument, NULL, OPT_PARTIAL},
    {"merge", no_argument, NULL, OPT_MERGE},
    {"output", required_argument, NULL, 'o'},
    {"rejects", required_argument, NULL, OPT_REJECTS},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0}};

/* A whole number in [lo, hi] or a usage error naming the option. */
static int
number_arg(const char *opt, const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < lo || v > hi)
		pakn_die(PAKN_EXIT_USAGE,
		         "--%s '%s': expected a number from %ld to %ld", opt, s,
		         lo, hi);
	return (int)v;
}

static long
date_arg(const char *opt, const char *s)
{
	struct pakn_error err;
	long day;

	if (pakn_date_parse_iso(s, &day, &err) != 0)
		pakn_die(PAKN_EXIT_USAGE, "--%s: %s", opt, err.text);
	return day;
}

/* The period from the options (not --merge): fills cfg. */
static void
period_config(const struct opts *o, struct pakn_agg_config *cfg)
{
	long as_of, from, to;
	int y, m, d, month = 0;
	char extra;

	as_of = o->as_of ? date_arg("as-of", o->as_of) : pakn_today_vn();
	if (o->month && (o->from || o->to))
		pakn_die(PAKN_EXIT_USAGE,
		         "--month and --from/--to cannot be used together");
	if ((o->from == NULL) != (o->to == NULL))
		pakn_die(PAKN_EXIT_USAGE, "--from and --to go together");
	if (o->month) {
		if (strlen(o->month) != 7 ||
		    sscanf(o->month, "%4d-%2d%c", &y, &m, &extra) != 2 ||
		    o->month[4] != '-' || y < 1900 || y > 2199 || m < 1 ||
		    m > 12)
			pakn_die(PAKN_EXIT_USAGE,
			         "--month '%s': expected YYYY-MM", o->month);
		from = pakn_days_from_civil(y, m, 1);
		to = pakn_days_from_civil(y, m, pakn_days_in_month(y, m));
		month = 1;
	} else if (o->from) {
		from = date_arg("from", o->from);
		to = date_arg("to", o->to);
		if (to < from)
			pakn_die(PAKN_EXIT_USAGE, "--to %s is before --from %s",
			         o->to, o->from);
	} else {
		/* The month before --as-of. */
		pakn_civil_from_days(as_of, &y, &m, &d);
		if (--m == 0) {
			m = 12;
			y--;
		}
		from = pakn_days_from_civil(y, m, 1);
		to = pakn_days_from_civil(y, m, pakn_days_in_month(y, m));
		month = 1;
	}
	pakn_agg_config_init(cfg, from, to, as_of, month);
}

static int
terminal_width(void)
{
	const char *cols = getenv("COLUMNS");
	struct winsize ws;
	char *end;
	long v;

	if (cols && *cols) {
		v = strtol(cols, &end, 10);
		if (*end == '\0' && v > 0 && v < 10000)
			return (int)v;
	}
	if (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}

int
main(int argc, char *argv[])
{
	struct opts o;
	struct run run;
	struct pakn_agg_config cfg;
	struct pakn_agg_stats st;
	struct pakn_error err;
	struct pakn_buf out = PAKN_BUF_INIT;
	struct merge_ctx mc;
	struct pakn_calendar cal;
	struct timespec t0, t1;
	int ch, i, f, status = PAKN_EXIT_OK, rc, have_cal = 0;

	pakn_setprogname(argv[0]);
	pakn_cleanup_signals();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&o, 0, sizeof o);
	memset(&run, 0, sizeof run);
	memset(&mc, 0, sizeof mc);
	o.top = -1;
	o.render.format = PAKN_FMT_TEXT;
	o.render.lang = PAKN_LANG_VI;
	while ((ch = getopt_long(argc, argv, "f:o:qvh", longopts, NULL)) !=
	       -1) {
		switch (ch) {
		case OPT_MONTH: o.month = optarg; break;
		case OPT_FROM: o.from = optarg; break;
		case OPT_TO: o.to = optarg; break;
		case OPT_AS_OF: o.as_of = optarg; break;
		case OPT_CALFILE:
			if (o.ncalfiles == MAX_CALFILES)
				pakn_die(PAKN_EXIT_USAGE,
				         "--calendar-file: at most %d files",
				         MAX_CALFILES);
			o.calfiles[o.ncalfiles++] = optarg;
			break;
		case OPT_BY:
			if (o.nby == PAKN_AGG_MAX_BY)
				pakn_die(PAKN_EXIT_USAGE,
				         "--by: at most %d groupings",
				         PAKN_AGG_MAX_BY);
			o.by[o.nby++] = optarg;
			break;
		case OPT_TOP:
			o.top = number_arg("top", optarg, 0, PAKN_AGG_MAX_TOP);
			break;
		case 'f':
			f = pakn_format_parse(optarg);
			if (f < 0)
				pakn_die(PAKN_EXIT_USAGE,
				         "--format '%s': expected text, md, "
				         "csv, json or html",
				         optarg);
			o.render.format = (enum pakn_format)f;
			break;
		case OPT_LANG:
			if (strcmp(optarg, "vi") == 0)
				o.render.lang = PAKN_LANG_VI;
			else if (strcmp(optarg, "en") == 0)
				o.render.lang = PAKN_LANG_EN;
			else
				pakn_die(PAKN_EXIT_USAGE,
				         "--lang '%s': expected vi or en",
				         optarg);
			break;
		case OPT_EXCEL:
			o.excel_set = 1;
			o.render.excel = 1;
			break;
		case OPT_TITLE:
			if (!pakn_utf8_valid(optarg, strlen(optarg), NULL))
				pakn_die(PAKN_EXIT_USAGE,
				         "--title: not valid UTF-8");
			o.render.title = optarg;
			break;
		case OPT_WIDTH:
			o.render.width = number_arg("width", optarg, 0, 9999);
			o.width_set = 1;
			break;
		case OPT_SPLIT_BY: o.split_by = optarg; break;
		case OPT_OUTDIR: o.outdir = optarg; break;
		case OPT_PARTIAL: o.partial = 1; break;
		case OPT_MERGE: o.merge = 1; break;
		case 'o': o.output = optarg; break;
		case OPT_REJECTS: o.rejects = optarg; break;
		case 'q': o.quiet = 1; break;
		case 'v': o.verbose = 1; break;
		case 'h': usage(stdout, PAKN_EXIT_OK); break;
		case OPT_VERSION:
			printf("pakn-report %s\n", PAKN_VERSION);
			return PAKN_EXIT_OK;
		default: usage(stderr, PAKN_EXIT_USAGE);
		}
	}
	if (o.excel_set && o.render.format != PAKN_FMT_CSV)
		pakn_die(PAKN_EXIT_USAGE, "--excel goes with --format csv");
	if (o.split_by && pakn_dim_parse(o.split_by, strlen(o.split_by)) < 0)
		pakn_die(PAKN_EXIT_USAGE,
		         "--split-by '%s': expected agency, category, channel, "
		         "kind, district or commune",
		         o.split_by);
	if (o.split_by && !o.partial && o.outdir == NULL)
		pakn_die(PAKN_EXIT_USAGE, "--split-by needs --outdir DIR");
	if (o.outdir && !o.split_by)
		pakn_die(PAKN_EXIT_USAGE, "--outdir goes with --split-by");
	if (o.outdir && o.partial)
		pakn_die(PAKN_EXIT_USAGE,
		         "--partial writes one partial (to standard output or "
		         "-o), not --outdir");
	if (o.split_by && o.output && !o.partial)
		pakn_die(PAKN_EXIT_USAGE,
		         "--split-by writes into --outdir, not -o");
	if (o.merge &&
	    (o.month || o.from || o.to || o.as_of || o.nby || o.ncalfiles))
		pakn_die(PAKN_EXIT_USAGE,
		         "--merge takes the period, --as-of, --by and the "
		         "calendar from the partials");
	if (o.merge && optind >= argc)
		pakn_die(PAKN_EXIT_USAGE, "--merge needs the partial files");
	if (!o.width_set && o.render.format == PAKN_FMT_TEXT)
		o.render.width = terminal_width();

	if (o.merge) {
		mc.o = &o;
		for (i = optind; i < argc; i++) {
			rc = each_partial(argv[i], merge_one, &mc);
			if (rc == -2) {
				pakn_agg_free(mc.agg);
				return PAKN_EXIT_USAGE;
			}
			if (rc == -1)
				status = PAKN_EXIT_IO;
		}
		if (mc.agg == NULL) {
			if (status == PAKN_EXIT_IO)
				return status;
			pakn_die(PAKN_EXIT_USAGE, "no partial in the input");
		}
		run.agg = mc.agg;
	} else {
		period_config(&o, &cfg);
		if (o.nby > 0) {
			cfg.nby = o.nby;
			for (i = 0; i < o.nby; i++)
				if (pakn_agg_by_parse(o.by[i], &cfg.by[i],
				                      &err) != 0)
					pakn_die(PAKN_EXIT_USAGE, "--by: %s",
					         err.text);
		}
		if (o.top >= 0)
			cfg.top = o.top;
		if (o.split_by) {
			cfg.split = 1;
			cfg.split_dim = (enum pakn_dim)pakn_dim_parse(
			    o.split_by, strlen(o.split_by));
		}
		pakn_calendar_init(&cal);
		have_cal = 1;
		for (i = 0; i < o.ncalfiles; i++)
			if (pakn_calendar_load(&cal, o.calfiles[i], &err) !=
			    0) {
				pakn_warn_error(&err);
				pakn_calendar_release(&cal);
				return PAKN_EXIT_USAGE;
			}
		run.agg = pakn_agg_new(&cfg);
		pakn_agg_set_calendar(run.agg, &cal);
		if (pakn_rejects_open(&run.rej, o.rejects, &err) != 0) {
			pakn_warn_error(&err);
			pakn_agg_free(run.agg);
			pakn_calendar_release(&cal);
			return PAKN_EXIT_IO;
		}
		pakn_record_init(&run.rec);
		for (i = optind; i < argc || i == optind; i++) {
			if (read_records(&run, i < argc ? argv[i] : NULL) != 0)
				status = PAKN_EXIT_IO;
			if (i >= argc)
				break;
		}
		pakn_record_release(&run.rec);
		if (pakn_rejects_close(&run.rej, &err) != 0) {
			pakn_warn_error(&err);
			status = PAKN_EXIT_IO;
		}
	}

	/* The output. */
	if (o.partial) {
		json_t *p = pakn_agg_to_partial(run.agg);
		char *s = json_dumps(p, JSON_COMPACT);

		json_decref(p);
		if (s == NULL)
			pakn_die(PAKN_EXIT_IO, "out of memory");
		pakn_buf_adds(&out, s);
		pakn_buf_addc(&out, '\n');
		free(s);
		if (write_output(o.output, &out, status != PAKN_EXIT_IO) != 0)
			status = PAKN_EXIT_IO;
	} else if (o.split_by) {
		if (write_splits(run.agg, &o) != 0)
			status = PAKN_EXIT_IO;
	} else {
		struct pakn_report *rep = pakn_agg_report(run.agg, 0);

		pakn_render(rep, &o.render, &out);
		pakn_report_free(rep);
		if (write_output(o.output, &out,
		                 status != PAKN_EXIT_IO || o.output == NULL) !=
		    0)
			status = PAKN_EXIT_IO;
	}
	pakn_buf_release(&out);

	if (status == PAKN_EXIT_OK && run.rejected > 0)
		status = PAKN_EXIT_REJECTS;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	pakn_agg_stats(run.agg, &st);
	if (o.verbose && o.merge)
		pakn_warn("partials merged %lu: records read %llu, counted "
		          "%llu, outside the periods %llu (%.2f s)",
		          mc.partials, st.read, st.counted, st.ignored,
		          (double)(t1.tv_sec - t0.tv_sec) +
		              (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	else if (o.verbose || (!o.quiet && run.rejected > 0))
		pakn_warn("lines read %lu: records counted %llu, outside the "
		          "periods %llu, rejected %lu (%.2f s)",
		          run.lines, st.counted, st.ignored, run.rejected,
		          (double)(t1.tv_sec - t0.tv_sec) +
		              (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	pakn_agg_free(run.agg);
	if (have_cal)
		pakn_calendar_release(&cal);
	return status;
}
