/*
 * pakn-ingest: turns exports of PAKN cases (CSV in any of the dialects and
 * encodings Vietnamese offices produce, JSON lines, a JSON array) into
 * PAKN records (RECORD.md), one JSON line each.  Rows that cannot become a
 * record go to the rejects stream with file, line and reason; nothing of
 * the input is lost: unmapped columns land in `extra`.
 *
 * The reading is in lib/ingest.c; here are the options, the loop over the
 * files and the summary.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "columns.h"
#include "diag.h"
#include "encoding.h"
#include "ingest.h"
#include "io.h"
#include "pakn.h"
#include "profile.h"
#include "rowrec.h"
#include "sniff.h"
#include "when.h"

/* The state of one run. */
struct ctx {
	struct pakn_ingest g; /* settings, row builder, counts */
	int quiet;
	struct pakn_profile maps; /* --map and --profile mappings */
	struct pakn_out out;
	struct pakn_rejects rej;
};

/* clang-format off */
static void
usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: pakn-ingest [options] [FILE...]\n"
		"Turn PAKN case exports (CSV, JSON lines, JSON array, .xlsx) into PAKN records,\n"
		"one JSON object per line (see pakn-ingest(1) and README.md).\n"
		"\n"
		"  -f, --format=FMT        csv, jsonl or json (default: detected)\n"
		"  -d, --delimiter=C       CSV delimiter: ',' ';' tab '|' (default: detected)\n"
		"  -e, --encoding=ENC      utf-8, utf-16, windows-1258, tcvn3, vni (default: detected)\n"
		"  -m, --map=HEADER=KEY    map a column to a record key (repeatable; KEY may be\n"
		"                          dotted, e.g. submitter.phone; '-' drops the column)\n"
		"  -p, --profile=FILE      a saved mapping and settings (YAML)\n"
		"      --list-columns      print how each header would be mapped, and exit\n"
		"      --sheet=NAME|N      the sheet of an .xlsx workbook (default: the first)\n"
		"      --list-sheets       print the sheets of each workbook, and exit\n"
		"      --skip-rows=N       the header of a sheet is the first row after row N\n"
		"                          (default: a title block above it is detected)\n"
		"      --date-order=ORDER  dmy (default), mdy or ymd, for numeric dates\n"
		"      --dedupe            keep the first record of each id, count the rest\n"
		"      --max-field=BYTES   longest field accepted (default 1048576)\n"
		"  -o, --output=FILE       write to FILE (replaced only if the run succeeds)\n"
		"      --rejects=FILE      write rejected rows to FILE as JSON lines\n"
		"      --line-buffered     flush after every record\n"
		"  -q, --quiet             no end-of-run summary\n"
		"  -v, --verbose           print the summary (rows read = written + rejected +\n"
		"                          duplicates) and the detected encoding and format\n"
		"  -h, --help              this help;  --version  the version\n"
		"\n"
		"Examples:\n"
		"  pakn-ingest thang8.csv > thang8.jsonl\n"
		"  pakn-ingest --rejects bad.jsonl -v export.csv | pakn-route -r rules.yaml\n"
		"  pakn-ingest -e tcvn3 -d ';' --map 'Ma ho so=id' old.csv -o cases.jsonl\n"
		"  pakn-ingest --list-columns export.csv\n"
		"  pakn-ingest --sheet 'Tháng 10' thang10.xlsx\n"
		"\n"
		"Exit status: 0 all rows written, 1 some rows rejected, 2 usage or\n"
		"configuration error or an input that is not text (a spreadsheet,\n"
		"an archive), 3 input/output error.\n");
	exit(status);
}
/* clang-format on */

/* ---- main ------------------------------------------------------------ */

enum {
	OPT_LIST = 256,
	OPT_DATE_ORDER,
	OPT_DEDUPE,
	OPT_MAX_FIELD,
	OPT_SHEET,
	OPT_LIST_SHEETS,
	OPT_SKIP_ROWS
};

static const struct option longopts[] = {
    {"format", required_argument, NULL, 'f'},
    {"delimiter", required_argument, NULL, 'd'},
    {"encoding", required_argument, NULL, 'e'},
    {"map", required_argument, NULL, 'm'},
    {"profile", required_argument, NULL, 'p'},
    {"list-columns", no_argument, NULL, OPT_LIST},
    {"sheet", required_argument, NULL, OPT_SHEET},
    {"list-sheets", no_argument, NULL, OPT_LIST_SHEETS},
    {"skip-rows", required_argument, NULL, OPT_SKIP_ROWS},
    {"date-order", required_argument, NULL, OPT_DATE_ORDER},
    {"dedupe", no_argument, NULL, OPT_DEDUPE},
    {"max-field", required_argument, NULL, OPT_MAX_FIELD},
    PAKN_FILTER_LONGOPTS,
    {NULL, 0, NULL, 0}};

static enum pakn_input_format
parse_format(const char *s)
{
	enum pakn_input_format f;

	if (pakn_input_format_parse(s, &f) == 0)
		return f;
	pakn_warn("unknown format '%s' (expected csv, jsonl or json)", s);
	usage(stderr, PAKN_EXIT_USAGE);
	return PAKN_INPUT_AUTO;
}

static void
parse_map(struct ctx *c, const char *arg)
{
	const char *eq = strrchr(arg, '=');
	int col;

	if (eq == NULL || eq == arg)
		pakn_die(PAKN_EXIT_USAGE, "--map '%s': expected 'Header=key'",
		         arg);
	col = pakn_col_from_key(eq + 1);
	if (col < 0) {
		struct pakn_buf keys = PAKN_BUF_INIT;

		pakn_col_key_list(&keys);
		pakn_die(PAKN_EXIT_USAGE,
		         "--map '%s': unknown record key '%s' (keys: %s)", arg,
		         eq + 1, keys.data);
	}
	pakn_profile_add_map(&c->maps, arg, (size_t)(eq - arg), col);
}

int
main(int argc, char *argv[])
{
	struct ctx c;
	struct pakn_profile prof;
	struct pakn_error err;
	const char *output = NULL, *rejects = NULL, *profile = NULL;
	int ch, linebuf = 0, status = PAKN_EXIT_OK, rc, i;
	int order_set = 0, dedupe = 0;
	enum pakn_date_order order = PAKN_DMY;
	struct timespec t0, t1;
	char *end;
	long v;
	size_t k;

	pakn_setprogname(argv[0]);
	pakn_cleanup_signals();
	memset(&c, 0, sizeof c);
	c.g.max_field = PAKN_MAX_FIELD;
	c.maps.date_order = -1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while ((ch = getopt_long(argc, argv, "f:d:e:m:p:o:qvh", longopts,
	                         NULL)) != -1) {
		switch (ch) {
		case 'f': c.g.format = parse_format(optarg); break;
		case 'd':
			c.g.delimiter = pakn_delimiter_parse(optarg);
			if (!c.g.delimiter)
				pakn_die(PAKN_EXIT_USAGE,
				         "--delimiter '%s': expected ',' ';' "
				         "'|' or tab",
				         optarg);
			break;
		case 'e':
			if (pakn_encoding_parse(optarg, &c.g.encoding) != 0)
				pakn_die(PAKN_EXIT_USAGE,
				         "--encoding '%s': unknown (expected "
				         "utf-8, utf-16, utf-16le, utf-16be, "
				         "windows-1258, tcvn3, vni)",
				         optarg);
			break;
		case 'm': parse_map(&c, optarg); break;
		case 'p': profile = optarg; break;
		case OPT_LIST: c.g.list_columns = 1; break;
		case OPT_SHEET: c.g.sheet = optarg; break;
		case OPT_LIST_SHEETS:
			c.g.list_sheets = 1;
			c.g.list_columns = 1; /* read no rows, write nothing */
			break;
		case OPT_SKIP_ROWS:
			v = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || v < 0)
				pakn_die(PAKN_EXIT_USAGE,
				         "--skip-rows '%s': expected a number "
				         "of rows >= 0",
				         optarg);
			c.g.skip_rows = v;
			break;
		case OPT_DATE_ORDER:
			order_set = 1;
			if (strcmp(optarg, "dmy") == 0)
				order = PAKN_DMY;
			else if (strcmp(optarg, "mdy") == 0)
				order = PAKN_MDY;
			else if (strcmp(optarg, "ymd") == 0)
				order = PAKN_YMD;
			else
				pakn_die(PAKN_EXIT_USAGE,
				         "--date-order '%s': expected dmy, mdy "
				         "or ymd",
				         optarg);
			break;
		case OPT_DEDUPE: dedupe = 1; break;
		case OPT_MAX_FIELD:
			v = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || v < 16)
				pakn_die(PAKN_EXIT_USAGE,
				         "--max-field '%s': expected a number "
				         "of bytes >= 16",
				         optarg);
			c.g.max_field = (size_t)v;
			break;
		case 'o': output = optarg; break;
		case PAKN_OPT_REJECTS: rejects = optarg; break;
		case PAKN_OPT_LINEBUF: linebuf = 1; break;
		case 'q': c.quiet = 1; break;
		case 'v': c.g.verbose = 1; break;
		case 'h': usage(stdout, PAKN_EXIT_OK); break;
		case PAKN_OPT_VERSION:
			printf("pakn-ingest %s\n", PAKN_VERSION);
			return PAKN_EXIT_OK;
		default: usage(stderr, PAKN_EXIT_USAGE);
		}
	}
	if (profile) {
		if (pakn_profile_load(&prof, profile, &err) != 0) {
			pakn_warn_error(&err);
			pakn_profile_release(&c.maps);
			return PAKN_EXIT_USAGE;
		}
		/* Options on the command line win over the profile. */
		if (c.g.format == PAKN_INPUT_AUTO && prof.format)
			c.g.format = parse_format(prof.format);
		if (!c.g.delimiter)
			c.g.delimiter = prof.delimiter;
		if (c.g.encoding == PAKN_ENC_UNKNOWN && prof.encoding) {
			if (pakn_encoding_parse(prof.encoding, &c.g.encoding) !=
			    0) {
				pakn_warn_at(profile, 0, 0,
				             "unknown encoding '%s'",
				             prof.encoding);
				pakn_profile_release(&prof);
				pakn_profile_release(&c.maps);
				return PAKN_EXIT_USAGE;
			}
		}
		if (!order_set && prof.date_order >= 0)
			order = (enum pakn_date_order)prof.date_order;
		for (k = 0; k < prof.nmaps; k++)
			pakn_profile_add_map(&c.maps, prof.maps[k].header,
			                     strlen(prof.maps[k].header),
			                     prof.maps[k].col);
	}
	pakn_rowrec_init(&c.g.rr, &c.maps, order, dedupe);
	c.g.out = &c.out;
	c.g.rej = &c.rej;
	if (!c.g.list_columns &&
	    pakn_out_open(&c.out, output, linebuf, &err) != 0) {
		pakn_warn_error(&err);
		status = PAKN_EXIT_IO;
		goto done;
	}
	if (!c.g.list_columns &&
	    pakn_rejects_open(&c.rej, rejects, &err) != 0) {
		pakn_warn_error(&err);
		pakn_out_close(&c.out, 0, &err);
		status = PAKN_EXIT_IO;
		goto done;
	}
	for (i = optind; i < argc || i == optind; i++) {
		if (c.g.list_columns && argc - optind > 1)
			printf("# %s\n", argv[i]);
		rc = pakn_ingest_file(&c.g, i < argc ? argv[i] : NULL);
		if (rc == PAKN_INGEST_HEADER && status == PAKN_EXIT_OK &&
		    !c.g.list_columns)
			status = PAKN_EXIT_REJECTS;
		else if (rc == PAKN_INGEST_NOT_TEXT && status != PAKN_EXIT_IO)
			status = PAKN_EXIT_USAGE;
		else if (rc == PAKN_INGEST_IO)
			status = PAKN_EXIT_IO;
		if (i >= argc || (!c.g.list_columns && !pakn_out_ok(&c.out)))
			break;
	}
	if (c.g.list_columns)
		goto done;
	status = pakn_finish(&c.out, &c.rej, c.g.rejected, status);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (c.g.verbose || (!c.quiet && c.g.rejected > 0))
		pakn_warn("rows read %lu = written %lu + rejected %lu + "
		          "duplicates dropped %lu"
		          "%s (%.2f s)",
		          c.g.read, c.g.written, c.g.rejected, c.g.dropped,
		          c.g.rr.soft
		              ? "; unreadable optional dates kept in extra"
		              : "",
		          pakn_seconds_between(&t0, &t1));
done:
	pakn_rowrec_release(&c.g.rr);
	if (profile)
		pakn_profile_release(&prof);
	pakn_profile_release(&c.maps);
	return status;
}
