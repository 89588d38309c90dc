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
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agg.h"
#include "args.h"
#include "buf.h"
#include "deadline.h"
#include "loop.h"
#include "diag.h"
#include "io.h"
#include "pakn.h"
#include "period.h"
#include "publish.h"
#include "record.h"
#include "render.h"
#include "render_cases.h"
#include "reportout.h"
#include "text.h"
#include "texttable.h"
#include "when.h"

/* The help text: cmd/pakn-report.help, a string a line (the Makefile). */
static const char *const help_lines[] = {
#include "pakn-report.help.h"
    NULL};

static void
usage(FILE *fp, int status)
{
	const char *const *l;

	for (l = help_lines; *l; l++)
		fputs(*l, fp);
	exit(status);
}

#define MAX_CALFILES 16

struct opts {
	const char *month, *from, *to, *as_of, *period, *cutoff;
	const char *rules, *office;
	long amount;
	enum pakn_unit unit;
	int unit_set;
	const char *calfiles[MAX_CALFILES];
	int ncalfiles;
	const char *by[PAKN_AGG_MAX_BY];
	int nby;
	int top; /* -1: not given */
	const char *split_by;
	int split_dim; /* its dimension */
	const char *outdir;
	const char *output;
	const char *rejects;
	int partial, merge;
	int cases;
	int quiet, verbose;
	struct pakn_render_opts render;
	int width_set;
	int excel_set;
	int doc_set;
	struct pakn_doc doc;
	const char *published[MAX_CALFILES]; /* --published FILE */
	int npublished;
	const char *id_salt;
};

struct run {
	struct pakn_agg *agg;
	struct pakn_rejects rej;
	struct pakn_loop loop;
	struct pakn_cases *cases; /* --cases */
};

/* ---- reading records ---------------------------------------------------- */

/* Adds one scanned record to the aggregate. */
static void
add_record(void *arg, struct pakn_loop *L, long line, const char *text,
           size_t len)
{
	struct run *run = arg;
	struct pakn_error err;

	if (pakn_agg_add(run->agg, &L->rec, &err) < 0)
		pakn_loop_reject(L, line, 0, err.text, text, len);
}

/* ---- options --------------------------------------------------------------
 */

enum {
	OPT_MONTH = 256,
	OPT_PERIOD,
	OPT_CUTOFF,
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
	OPT_VERSION,
	OPT_AMOUNT,
	OPT_UNIT,
	OPT_OFFICE,
	OPT_LINEBUF,
	OPT_CASES,
	OPT_DOC,
	OPT_D_OFFICE,
	OPT_D_PARENT,
	OPT_D_NUMBER,
	OPT_D_PLACE,
	OPT_D_DATE,
	OPT_D_SIGNER,
	OPT_D_SIGNER_TITLE,
	OPT_D_RECIPIENTS,
	OPT_PUBLISHED,
	OPT_ID_SALT
};

static const struct option longopts[] = {
    {"month", required_argument, NULL, OPT_MONTH},
    {"period", required_argument, NULL, OPT_PERIOD},
    {"cutoff", required_argument, NULL, OPT_CUTOFF},
    {"from", required_argument, NULL, OPT_FROM},
    {"to", required_argument, NULL, OPT_TO},
    {"as-of", required_argument, NULL, OPT_AS_OF},
    {"calendar-file", required_argument, NULL, OPT_CALFILE},
    {"rules", required_argument, NULL, 'r'},
    {"amount", required_argument, NULL, OPT_AMOUNT},
    {"unit", required_argument, NULL, OPT_UNIT},
    {"office-hours", required_argument, NULL, OPT_OFFICE},
    {"line-buffered", no_argument, NULL, OPT_LINEBUF},
    {"by", required_argument, NULL, OPT_BY},
    {"top", required_argument, NULL, OPT_TOP},
    {"format", required_argument, NULL, 'f'},
    {"lang", required_argument, NULL, OPT_LANG},
    {"excel", optional_argument, NULL, OPT_EXCEL},
    {"title", required_argument, NULL, OPT_TITLE},
    {"width", required_argument, NULL, OPT_WIDTH},
    {"split-by", required_argument, NULL, OPT_SPLIT_BY},
    {"outdir", required_argument, NULL, OPT_OUTDIR},
    {"partial", no_argument, NULL, OPT_PARTIAL},
    {"merge", no_argument, NULL, OPT_MERGE},
    {"cases", no_argument, NULL, OPT_CASES},
    {"published", required_argument, NULL, OPT_PUBLISHED},
    {"id-salt", required_argument, NULL, OPT_ID_SALT},
    {"doc", no_argument, NULL, OPT_DOC},
    {"office", required_argument, NULL, OPT_D_OFFICE},
    {"parent-office", required_argument, NULL, OPT_D_PARENT},
    {"number", required_argument, NULL, OPT_D_NUMBER},
    {"place", required_argument, NULL, OPT_D_PLACE},
    {"date", required_argument, NULL, OPT_D_DATE},
    {"signer", required_argument, NULL, OPT_D_SIGNER},
    {"signer-title", required_argument, NULL, OPT_D_SIGNER_TITLE},
    {"recipients", required_argument, NULL, OPT_D_RECIPIENTS},
    {"output", required_argument, NULL, 'o'},
    {"rejects", required_argument, NULL, OPT_REJECTS},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0}};

/* The period from the options (not --merge): fills cfg. */
static void
period_config(const struct opts *o, struct pakn_agg_config *cfg)
{
	struct pakn_period_spec sp = {o->month, o->from,   o->to,
	                              o->as_of, o->period, o->cutoff};
	struct pakn_period_days p;
	struct pakn_error err;

	if (pakn_period_resolve(&sp, pakn_today_vn(), &p, &err) != 0)
		pakn_die(PAKN_EXIT_USAGE, "%s", err.text);
	pakn_agg_config_init(cfg, p.from, p.to, p.as_of, p.month);
	if (p.prev_from)
		cfg->prev.from = p.prev_from;
}

int
main(int argc, char *argv[])
{
	struct opts o;
	struct run run;
	struct pakn_agg_config cfg;
	struct pakn_agg_stats st;
	struct pakn_error err;
	struct pakn_merge mc;
	struct pakn_judge_setup js;
	struct pakn_judge_opts jo;
	struct timespec t0, t1;
	struct pakn_published pub;
	int ch, li, i, status = PAKN_EXIT_OK, in_failed = 0;

	pakn_setprogname(argv[0]);
	pakn_cleanup_signals();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&o, 0, sizeof o);
	memset(&run, 0, sizeof run);
	memset(&mc, 0, sizeof mc);
	memset(&js, 0, sizeof js);
	memset(&jo, 0, sizeof jo);
	o.top = -1;
	o.doc.date = -1;
	o.render.format = PAKN_FMT_TEXT;
	o.render.lang = PAKN_LANG_VI;
	memset(&pub, 0, sizeof pub);
	while ((ch = getopt_long(argc, argv, "r:f:o:qvh", longopts, &li)) !=
	       -1) {
		switch (ch) {
		case 'r': o.rules = optarg; break;
		case OPT_AMOUNT:
			o.amount =
			    pakn_arg_number("--amount", optarg, 1, 100000);
			break;
		case OPT_UNIT:
			o.unit = pakn_arg_unit(optarg);
			o.unit_set = 1;
			break;
		case OPT_OFFICE: o.office = optarg; break;
		case OPT_LINEBUF: break; /* one report, written at the end */
		case OPT_MONTH: o.month = optarg; break;
		case OPT_PERIOD: o.period = optarg; break;
		case OPT_CUTOFF: o.cutoff = optarg; break;
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
			o.top = (int)pakn_arg_number("--top", optarg, 0,
			                             PAKN_AGG_MAX_TOP);
			break;
		case OPT_EXCEL:
		case 'f':
		case OPT_LANG:
		case OPT_TITLE:
			if (pakn_render_option(&o.render,
			                       ch == 'f' ? "format"
			                                 : longopts[li].name,
			                       optarg, &err) < 0)
				pakn_die(PAKN_EXIT_USAGE, "%s", err.text);
			o.excel_set |= ch == OPT_EXCEL;
			break;
		case OPT_WIDTH:
			o.render.width =
			    (int)pakn_arg_number("--width", optarg, 0, 9999);
			o.width_set = 1;
			break;
		case OPT_SPLIT_BY: o.split_by = optarg; break;
		case OPT_OUTDIR: o.outdir = optarg; break;
		case OPT_PARTIAL: o.partial = 1; break;
		case OPT_MERGE: o.merge = 1; break;
		case OPT_CASES: o.cases = 1; break;
		case OPT_DOC: o.doc_set = 1; break;
		case OPT_D_OFFICE:
		case OPT_D_PARENT:
		case OPT_D_NUMBER:
		case OPT_D_PLACE:
		case OPT_D_DATE:
		case OPT_D_SIGNER:
		case OPT_D_SIGNER_TITLE:
		case OPT_D_RECIPIENTS:
			if (pakn_doc_option(&o.doc, longopts[li].name, optarg,
			                    &err) < 0)
				pakn_die(PAKN_EXIT_USAGE, "%s", err.text);
			o.doc_set = 1;
			break;
		case OPT_PUBLISHED:
			if (o.npublished == MAX_CALFILES)
				pakn_die(PAKN_EXIT_USAGE,
				         "--published: at most %d files",
				         MAX_CALFILES);
			o.published[o.npublished++] = optarg;
			break;
		case OPT_ID_SALT: o.id_salt = optarg; break;
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
	if (pakn_render_fits(&o.render, o.excel_set, o.doc_set, o.cases,
	                     &err) != 0)
		pakn_die(PAKN_EXIT_USAGE, "%s", err.text);
	if (o.doc_set)
		o.render.doc = &o.doc;
	if (o.cases && (o.merge || o.partial || o.split_by))
		pakn_die(PAKN_EXIT_USAGE,
		         "--cases reads the records: not with --merge, "
		         "--partial or --split-by");
	if (pakn_format_binary(o.render.format) && !o.partial && !o.split_by &&
	    o.output == NULL && isatty(1))
		pakn_die(PAKN_EXIT_USAGE,
		         "-f %s is binary: write it with -o FILE (or redirect "
		         "standard output)",
		         pakn_format_ext(o.render.format));
	if (o.split_by &&
	    (o.split_dim = pakn_dim_parse(o.split_by, strlen(o.split_by))) < 0)
		pakn_die(PAKN_EXIT_USAGE,
		         "--split-by '%s': expected agency, category, channel, "
		         "kind, district, commune, week, day or level",
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
	if (o.unit_set && o.amount == 0)
		pakn_die(PAKN_EXIT_USAGE, "--unit needs --amount");
	if (o.merge &&
	    (o.month || o.period || o.cutoff || o.from || o.to || o.as_of ||
	     o.nby || o.ncalfiles || o.rules || o.amount || o.office))
		pakn_die(PAKN_EXIT_USAGE,
		         "--merge takes the period, --as-of, --by, the "
		         "calendar and the deadlines from the partials");
	if (o.id_salt && !o.npublished)
		pakn_die(PAKN_EXIT_USAGE, "--id-salt goes with --published");
	if (o.npublished && o.merge)
		pakn_die(PAKN_EXIT_USAGE,
		         "--published counts while reading the records: give "
		         "it to the --partial runs, not to --merge");
	if (o.merge && optind >= argc)
		pakn_die(PAKN_EXIT_USAGE, "--merge needs the partial files");
	if (!o.width_set && o.render.format == PAKN_FMT_TEXT)
		o.render.width = pakn_term_columns();

	if (o.merge) {
		mc.top = o.top;
		mc.split_by = o.split_by;
		status = pakn_merge_files(argv + optind, argc - optind, &mc);
		if (mc.agg == NULL)
			return status;
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
		pakn_report_config_output(&cfg, o.render.format, o.partial,
		                          o.cases);
		if (o.split_by) {
			cfg.split = 1;
			cfg.split_dim = (enum pakn_dim)o.split_dim;
		}
		jo.calfiles = o.calfiles;
		jo.ncalfiles = (size_t)o.ncalfiles;
		jo.office = o.office;
		jo.rules = o.rules;
		jo.amount = o.amount;
		jo.unit = o.unit;
		if (pakn_judge_setup(&js, &jo, &err) != 0) {
			pakn_warn_error(&err);
			return PAKN_EXIT_USAGE;
		}
		js.judge.mode = PAKN_DUE_TRUST_FINAL;
		run.agg = pakn_agg_new(&cfg);
		pakn_agg_set_judge(run.agg, &js.judge);
		if (o.npublished) {
			pakn_published_init(&pub, o.id_salt);
			if (pakn_published_load_all(&pub, o.published,
			                            (size_t)o.npublished,
			                            &err) != 0) {
				pakn_warn_error(&err);
				status = PAKN_EXIT_USAGE;
				goto out;
			}
			pakn_agg_set_published(run.agg, pakn_published_has,
			                       &pub);
		}
		if (o.cases) {
			run.cases =
			    pakn_cases_open(o.output, &o.render, &cfg, &err);
			if (run.cases == NULL) {
				pakn_warn_error(&err);
				status = PAKN_EXIT_IO;
				goto out;
			}
			pakn_agg_set_case_hook(run.agg, pakn_cases_add,
			                       run.cases);
		}
		if (pakn_rejects_open(&run.rej, o.rejects, &err) != 0) {
			pakn_warn_error(&err);
			status = PAKN_EXIT_IO;
			goto out;
		}
		pakn_loop_init(&run.loop, &run.rej, NULL);
		for (i = optind; i < argc || i == optind; i++) {
			if (pakn_loop_file(&run.loop, i < argc ? argv[i] : NULL,
			                   add_record, &run) != 0)
				status = in_failed = PAKN_EXIT_IO;
			if (i >= argc)
				break;
		}
		pakn_loop_release(&run.loop);
		if (pakn_rejects_end(&run.rej, status != PAKN_EXIT_IO, &err) !=
		    0) {
			pakn_warn_error(&err);
			status = PAKN_EXIT_IO;
		}
		if (status == PAKN_EXIT_IO) {
			/* No report that looks complete. */
			if (in_failed)
				pakn_warn("no report written: an input could "
				          "not be read");
			goto out;
		}
	}

	/* The output. */
	if (o.cases) {
		if (o.verbose)
			pakn_warn("cases written %llu",
			          pakn_cases_count(run.cases));
		if (pakn_cases_close(run.cases, status != PAKN_EXIT_IO) != 0)
			status = PAKN_EXIT_IO;
		run.cases = NULL;
	} else if (pakn_report_write(run.agg, &o.render, o.output, o.partial,
	                             o.split_by ? o.outdir : NULL, o.verbose,
	                             status != PAKN_EXIT_IO) != 0) {
		status = PAKN_EXIT_IO;
	}
	if (status == PAKN_EXIT_OK && run.loop.rejected > 0)
		status = PAKN_EXIT_REJECTS;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	pakn_agg_stats(run.agg, &st);
	if (!o.quiet && !o.merge && st.undated > 0)
		pakn_warn(
		    "%llu cases answered with no date (status only, no "
		    "answered_at or closed_at): counted as answered, date "
		    "unknown; not in the on-time rate",
		    st.undated);
	if (!o.quiet && !o.merge && !o.partial && st.counted == 0 &&
	    st.read > 0)
		pakn_warn("the period holds none of the %llu records read "
		          "(check --month / --from / --to)",
		          st.read);
	if (o.verbose && o.merge)
		pakn_warn("partials merged %lu: records read %llu, counted "
		          "%llu, outside the periods %llu (%.2f s)",
		          mc.partials, st.read, st.counted, st.ignored,
		          pakn_seconds_between(&t0, &t1));
	else if (o.verbose || (!o.quiet && run.loop.rejected > 0))
		pakn_warn("lines read %lu: records counted %llu, outside the "
		          "periods %llu, rejected %lu (%.2f s)",
		          run.loop.read, st.counted, st.ignored,
		          run.loop.rejected, pakn_seconds_between(&t0, &t1));
out:
	if (run.cases) /* a run that failed: the output left as it was */
		pakn_cases_close(run.cases, 0);
	pakn_agg_free(run.agg);
	if (o.npublished)
		pakn_published_release(&pub);
	pakn_judge_teardown(&js);
	return status;
}
