/*
 * pakn-deadline: adds to each PAKN record its deadline and where it stands:
 * `due_at`, `sla`, `deadline_state`, `overdue_days`, `remaining_days`
 * (RECORD.md), as the single judge of lib/deadline.h decides them, counted
 * in the working days of Vietnamese public offices (lib/calendar.h).
 * Filters (--overdue, --due-within, --open) make the daily lists;
 * --calendar YEAR prints the calendar itself (lib/calwrite.h).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "args.h"
#include "buf.h"
#include "calendar.h"
#include "calwrite.h"
#include "coord.h"
#include "deadline.h"
#include "diag.h"
#include "io.h"
#include "loop.h"
#include "pakn.h"
#include "record.h"
#include "rules.h"
#include "sla.h"
#include "vocab.h"
#include "when.h"

struct ctx {
	/* options */
	struct pakn_judge_setup js; /* the calendar, rules and judge */
	struct pakn_asof asof;
	int verbose, quiet;
	int f_overdue, f_open, f_within, f_long;
	long within, long_days;
	/* state */
	struct pakn_out out;
	struct pakn_rejects rej;
	struct pakn_loop loop;
	struct pakn_buf slabuf;
	struct pakn_buf state_json[PAKN_STATE_COUNT]; /* "\"open\"", ... */
	long long cached_at; /* the last due moment formatted */
	char cached[PAKN_TIME_STRLEN + 2];
	size_t cachedlen;
	unsigned long written, filtered;
};

/* The help text stays as it prints. */
/* clang-format off */
static void
usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: pakn-deadline [options] [FILE...]\n"
		"       pakn-deadline --calendar YEAR [--format json|ics] [--calendar-file FILE]\n"
		"       pakn-deadline --calendar-status [YEAR] [--calendar-file FILE]\n"
		"Add each PAKN record's deadline, counted in Vietnamese working days:\n"
		"due_at, sla, deadline_state, overdue_days, remaining_days (see\n"
		"pakn-deadline(1)).\n"
		"\n"
		"  -r, --rules=FILE        deadline policies from the rules file's deadlines:\n"
		"      --amount=N          a policy for the records no rule matches: N units\n"
		"      --unit=UNIT         working_days (default), days or working_hours\n"
		"                          (without either: complaint and denunciation 30\n"
		"                          days, anything else 10 working days)\n"
		"      --as-of=DATE        the day states are judged on (default: today in\n"
		"                          Vietnam); YYYY-MM-DD, or a moment with its time\n"
		"      --warn=N            due_soon within N working days (default 1)\n"
		"      --recompute         replace due dates the source already has\n"
		"      --overdue           write only overdue cases\n"
		"      --due-within=N      write only open cases due within N working days\n"
		"      --overdue-more-than=N  write only cases overdue by more than N\n"
		"                          working days (the long-overdue list)\n"
		"      --open              write only cases not answered (several filters:\n"
		"                          a record matching any is written)\n"
		"      --calendar-file=FILE  local days off and working days (YAML; repeatable)\n"
		"      --office-hours=SPANS  for working_hours (default 07:30-11:30,13:00-17:00)\n"
		"      --calendar=YEAR     print the days of YEAR that differ from Monday-Friday\n"
		"      --format=FMT        with --calendar: json (lines, default) or ics\n"
		"      --calendar-status[=YEAR]  print 'YEAR official|local|estimated' (default:\n"
		"                          the --as-of year); status 1 if estimated\n"
		"  -o, --output=FILE       write to FILE (replaced only if the run succeeds)\n"
		"      --rejects=FILE      write rejected records to FILE as JSON lines\n"
		"      --line-buffered     flush after every record\n"
		"  -q, --quiet             no end-of-run summary\n"
		"  -v, --verbose           print the summary even when all went well\n"
		"  -h, --help              this help;  --version  the version\n"
		"\n"
		"Examples:\n"
		"  pakn-route -r rules.yaml cases.jsonl | pakn-deadline -r rules.yaml > due.jsonl\n"
		"  pakn-deadline --as-of 2024-05-06 --overdue --due-within 2 cases.jsonl\n"
		"  pakn-deadline --amount 5 --unit working_days --recompute -v thang5.jsonl\n"
		"  pakn-deadline --calendar 2025\n"
		"  pakn-deadline --calendar 2027 --calendar-file calendars/example.yaml --format ics > 2027.ics\n"
		"\n"
		"  pakn-deadline --calendar-status 2027 --calendar-file /etc/pakn/2027.yaml\n"
		"\n"
		"Exit status: 0 all records written (or filtered), 1 some records rejected\n"
		"(--calendar-status: the year's schedule is estimated),\n"
		"2 usage or configuration error, 3 input/output error.\n");
	exit(status);
}
/* clang-format on */

/* ---- writing ------------------------------------------------------------ */

/* The due moment as a JSON string, in Vietnam time; cached, since records
 * received on the same day share their due dates. */
static const char *
due_json(struct ctx *c, long long at, size_t *n)
{
	if (c->cachedlen == 0 || at != c->cached_at) {
		c->cached[0] = '"';
		c->cachedlen = pakn_moment_format(at, c->cached + 1) + 1;
		c->cached[c->cachedlen++] = '"';
		c->cached_at = at;
	}
	*n = c->cachedlen;
	return c->cached;
}

/* The `sla` value (lib/deadline.c's pakn_dates_sla) put in the record. */
static void
set_sla(struct ctx *c, const struct pakn_dates *d)
{
	const char *s;
	size_t n;

	pakn_dates_sla(d, &c->slabuf, &s, &n);
	pakn_record_set_at(&c->loop.rec, c->js.judge.f[PAKN_DF_SLA], "sla", s,
	                   n);
}

/* Whether the record passes the filters. */
static int
wanted(const struct ctx *c, enum pakn_state st, long remaining)
{
	int open = st == PAKN_STATE_OPEN || st == PAKN_STATE_DUE_SOON;

	if (!c->f_overdue && !c->f_open && !c->f_within && !c->f_long)
		return 1;
	if (c->f_overdue && st == PAKN_STATE_OVERDUE)
		return 1;
	if (c->f_long && st == PAKN_STATE_OVERDUE && remaining > c->long_days)
		return 1;
	if (c->f_open && (open || st == PAKN_STATE_OVERDUE))
		return 1;
	return c->f_within && open && remaining <= c->within;
}

/* ---- one record -------------------------------------------------------- */

/* The member the judge found for a key (NULL: the line lacks it). */
#define F(k) (c->js.judge.f[k])

static void
one_record(void *arg, struct pakn_loop *L, long lineno, const char *line,
           size_t len)
{
	struct ctx *c = arg;
	struct pakn_record *r = &L->rec;
	struct pakn_dates d;
	enum pakn_state st;
	const char *s;
	size_t n;
	long days;

	if (pakn_judge_read(&c->js.judge, r, &c->asof, &d) != 0) {
		pakn_loop_reject(L, lineno, 0, c->js.judge.err.data, line, len);
		return;
	}
	st = pakn_judge_state(&c->js.judge, &d, &c->asof, &days);
	if (pakn_coord_update(&c->js.judge, r, &d, &c->asof, &c->slabuf) != 0) {
		pakn_loop_reject(L, lineno, 0, c->js.judge.err.data, line, len);
		return;
	}
	if (!wanted(c, st, days)) {
		c->filtered++;
		return;
	}
	/* A source due date is left as it came unless an extension or a
	 * pause moved it (or an earlier run had). */
	if (d.pol != NULL || d.due.at != d.base_at || d.had_base) {
		s = due_json(c, d.due.at, &n);
		pakn_record_set_at(r, F(PAKN_DF_DUE), "due_at", s, n);
	}
	set_sla(c, &d);
	pakn_record_set_at(r, F(PAKN_DF_STATE), "deadline_state",
	                   c->state_json[st].data, c->state_json[st].len);
	/* Keys an earlier run set that no longer apply go. */
	if (st == PAKN_STATE_LATE || st == PAKN_STATE_OVERDUE)
		pakn_record_set_int_at(r, F(PAKN_DF_OVERDUE), "overdue_days",
		                       days);
	else if (F(PAKN_DF_OVERDUE))
		pakn_record_del(r, "overdue_days");
	if (st == PAKN_STATE_OPEN || st == PAKN_STATE_DUE_SOON)
		pakn_record_set_int_at(r, F(PAKN_DF_REMAINING),
		                       "remaining_days", days);
	else if (F(PAKN_DF_REMAINING))
		pakn_record_del(r, "remaining_days");
	pakn_record_write(r, &c->out.buf);
	pakn_buf_addc(&c->out.buf, '\n');
	c->written++;
	pakn_out_end_record(&c->out);
}

/* ---- --calendar YEAR ------------------------------------------------- */

static int
print_calendar(struct ctx *c, int year, int ics, const char *output)
{
	struct pakn_error err;

	if (pakn_out_open(&c->out, output, 0, &err) != 0) {
		pakn_warn_error(&err);
		return PAKN_EXIT_IO;
	}
	pakn_calendar_write(&c->out.buf, &c->js.cal, year, ics, c->asof.day);
	pakn_out_end_record(&c->out);
	if (pakn_out_close(&c->out, 1, &err) != 0) {
		pakn_warn_error(&err);
		return PAKN_EXIT_IO;
	}
	return PAKN_EXIT_OK;
}

/* --calendar-status: "YEAR official|local|estimated"; status 0, or 1 if
 * the year has no official schedule (built in or from a file). */
static int
print_status(struct ctx *c, int year)
{
	enum pakn_basis b = pakn_calendar_year_basis(&c->js.cal, year);

	printf("%d %s\n", year, pakn_basis_name(b));
	if (fflush(stdout) != 0 || ferror(stdout)) {
		pakn_warn("standard output: %s", strerror(errno));
		return PAKN_EXIT_IO;
	}
	if (b != PAKN_BASIS_ESTIMATED)
		return PAKN_EXIT_OK;
	if (!c->quiet)
		pakn_warn("%d: no official schedule: its days are estimated "
		          "from the labour code; add the announced schedule "
		          "with --calendar-file (calendars/README.md)",
		          year);
	return 1;
}
/* ---- main ------------------------------------------------------------ */

enum {
	OPT_AMOUNT = 256,
	OPT_UNIT,
	OPT_ASOF,
	OPT_WARN,
	OPT_RECOMPUTE,
	OPT_OVERDUE,
	OPT_WITHIN,
	OPT_LONG,
	OPT_OPEN,
	OPT_CALFILE,
	OPT_OFFICE,
	OPT_CALENDAR,
	OPT_FORMAT,
	OPT_STATUS
};

static const struct option longopts[] = {
    {"rules", required_argument, NULL, 'r'},
    {"amount", required_argument, NULL, OPT_AMOUNT},
    {"unit", required_argument, NULL, OPT_UNIT},
    {"as-of", required_argument, NULL, OPT_ASOF},
    {"warn", required_argument, NULL, OPT_WARN},
    {"recompute", no_argument, NULL, OPT_RECOMPUTE},
    {"overdue", no_argument, NULL, OPT_OVERDUE},
    {"due-within", required_argument, NULL, OPT_WITHIN},
    {"overdue-more-than", required_argument, NULL, OPT_LONG},
    {"open", no_argument, NULL, OPT_OPEN},
    {"calendar-file", required_argument, NULL, OPT_CALFILE},
    {"office-hours", required_argument, NULL, OPT_OFFICE},
    {"calendar", required_argument, NULL, OPT_CALENDAR},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"calendar-status", optional_argument, NULL, OPT_STATUS},
    PAKN_FILTER_LONGOPTS,
    {NULL, 0, NULL, 0}};

int
main(int argc, char *argv[])
{
	struct ctx c;
	struct pakn_error err;
	const char *output = NULL, *rejects = NULL, *rulesfile = NULL;
	const char *asof = NULL, *office = NULL, *format = "json";
	const char **calfiles = NULL;
	size_t ncalfiles = 0, k;
	long amount = 0, year = 0;
	enum pakn_unit unit = PAKN_UNIT_WORKING_DAYS;
	int ch, linebuf = 0, status = PAKN_EXIT_OK, i, unit_set = 0;
	int calendar = 0, ics = 0, cal_status = 0;
	const char *status_year = NULL;
	struct timespec t0, t1;
	struct pakn_judge_opts jo;
	long warn = 1;
	int recompute = 0;

	pakn_setprogname(argv[0]);
	pakn_cleanup_signals();
	memset(&c, 0, sizeof c);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while ((ch = getopt_long(argc, argv, "r:o:qvh", longopts, NULL)) !=
	       -1) {
		switch (ch) {
		case 'r': rulesfile = optarg; break;
		case OPT_AMOUNT:
			amount = pakn_arg_number("--amount", optarg, 1, 100000);
			break;
		case OPT_UNIT:
			unit = pakn_arg_unit(optarg);
			unit_set = 1;
			break;
		case OPT_ASOF: asof = optarg; break;
		case OPT_WARN:
			warn = pakn_arg_number("--warn", optarg, 0, 100000);
			break;
		case OPT_RECOMPUTE: recompute = 1; break;
		case OPT_OVERDUE: c.f_overdue = 1; break;
		case OPT_WITHIN:
			c.f_within = 1;
			c.within =
			    pakn_arg_number("--due-within", optarg, 0, 100000);
			break;
		case OPT_LONG:
			c.f_long = 1;
			c.long_days = pakn_arg_number("--overdue-more-than",
			                              optarg, 0, 100000);
			break;
		case OPT_OPEN: c.f_open = 1; break;
		case OPT_CALFILE:
			calfiles = pakn_xrealloc(
			    calfiles, (ncalfiles + 1) * sizeof *calfiles);
			calfiles[ncalfiles++] = optarg;
			break;
		case OPT_OFFICE: office = optarg; break;
		case OPT_CALENDAR:
			calendar = 1;
			year = pakn_arg_number("--calendar", optarg,
			                       LONG_MIN / 2, LONG_MAX / 2);
			break;
		case OPT_FORMAT: format = optarg; break;
		case OPT_STATUS:
			cal_status = 1;
			status_year = optarg;
			/* "--calendar-status 2027" as well as "=2027" */
			if (!optarg && optind < argc &&
			    argv[optind][0] >= '0' && argv[optind][0] <= '9')
				status_year = argv[optind++];
			break;
		case 'o': output = optarg; break;
		case PAKN_OPT_REJECTS: rejects = optarg; break;
		case PAKN_OPT_LINEBUF: linebuf = 1; break;
		case 'q': c.quiet = 1; break;
		case 'v': c.verbose = 1; break;
		case 'h': usage(stdout, PAKN_EXIT_OK); break;
		case PAKN_OPT_VERSION:
			printf("pakn-deadline %s\n", PAKN_VERSION);
			return PAKN_EXIT_OK;
		default: usage(stderr, PAKN_EXIT_USAGE);
		}
	}
	if (unit_set && amount == 0)
		pakn_die(PAKN_EXIT_USAGE, "--unit needs --amount");
	if (strcmp(format, "json") == 0 || strcmp(format, "jsonl") == 0)
		ics = 0;
	else if (strcmp(format, "ics") == 0)
		ics = 1;
	else
		pakn_die(PAKN_EXIT_USAGE, "--format '%s': expected json or ics",
		         format);
	if (ics && !calendar)
		pakn_die(PAKN_EXIT_USAGE,
		         "--format applies to --calendar only");
	if (cal_status && (calendar || output || optind < argc))
		pakn_die(PAKN_EXIT_USAGE,
		         "--calendar-status takes no --calendar, -o or FILE");
	if (status_year)
		year = pakn_arg_number("--calendar-status", status_year,
		                       PAKN_CAL_FIRST_YEAR, PAKN_CAL_LAST_YEAR);
	if (calendar &&
	    (year < PAKN_CAL_FIRST_YEAR || year > PAKN_CAL_LAST_YEAR))
		pakn_die(
		    PAKN_EXIT_USAGE,
		    "--calendar %ld: the year is outside the calendar (%d-%d)",
		    year, PAKN_CAL_FIRST_YEAR, PAKN_CAL_LAST_YEAR);

	/* Configuration: nothing is read before all of it is valid. */
	jo.calfiles = calfiles;
	jo.ncalfiles = ncalfiles;
	jo.office = office;
	jo.rules = calendar || cal_status ? NULL : rulesfile;
	jo.amount = amount;
	jo.unit = unit;
	if (pakn_judge_setup(&c.js, &jo, &err) != 0) {
		pakn_warn_error(&err);
		status = PAKN_EXIT_USAGE;
		goto done;
	}
	c.js.judge.warn = warn;
	c.js.judge.recompute = recompute;
	if (asof) {
		if (pakn_asof_parse(&c.asof, asof, &err) != 0)
			pakn_die(PAKN_EXIT_USAGE, "%s", err.text);
	} else {
		pakn_asof_day(&c.asof, pakn_today_vn());
	}
	if (calendar) {
		status = print_calendar(&c, (int)year, ics, output);
		goto done;
	}
	if (cal_status) {
		if (!status_year) {
			int m, dd, y;

			pakn_civil_from_days(c.asof.day, &y, &m, &dd);
			year = y;
		}
		status = print_status(&c, (int)year);
		goto done;
	}
	if (pakn_out_open(&c.out, output, linebuf, &err) != 0) {
		pakn_warn_error(&err);
		status = PAKN_EXIT_IO;
		goto done;
	}
	if (pakn_rejects_open(&c.rej, rejects, &err) != 0) {
		pakn_warn_error(&err);
		pakn_out_close(&c.out, 0, &err);
		status = PAKN_EXIT_IO;
		goto done;
	}
	for (k = 0; k < PAKN_STATE_COUNT; k++)
		pakn_buf_add_json_cstr(&c.state_json[k],
		                       pakn_state_name((enum pakn_state)k));
	pakn_loop_init(&c.loop, &c.rej, &c.out);
	for (i = optind; i < argc || i == optind; i++) {
		if (pakn_loop_file(&c.loop, i < argc ? argv[i] : NULL,
		                   one_record, &c) != 0)
			status = PAKN_EXIT_IO;
		if (!pakn_out_ok(&c.out) || i >= argc)
			break;
	}
	status = pakn_finish(&c.out, &c.rej, c.loop.rejected, status);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (c.verbose || (!c.quiet && c.loop.rejected > 0)) {
		pakn_warn("records read %lu = written %lu + filtered out %lu + "
		          "rejected %lu (%.2f s)",
		          c.loop.read, c.written, c.filtered, c.loop.rejected,
		          pakn_seconds_between(&t0, &t1));
		if (recompute)
			pakn_warn("source due dates recomputed: %lu differ "
			          "from the computed ones",
			          c.js.judge.differ);
		else if (c.verbose)
			pakn_warn("source due dates kept: %lu",
			          c.js.judge.kept);
		if (c.js.judge.limit_hits)
			pakn_warn("%lu pattern matches hit the match limit "
			          "(counted as not matching)",
			          c.js.judge.limit_hits);
	}
	pakn_loop_release(&c.loop);
done:
	pakn_judge_teardown(&c.js);
	pakn_buf_release(&c.slabuf);
	for (k = 0; k < PAKN_STATE_COUNT; k++)
		pakn_buf_release(&c.state_json[k]);
	free(calfiles);
	return status;
}
