/*
 * pakn-ingest: turns exports of PAKN cases (CSV in any of the dialects and
 * encodings Vietnamese offices produce, JSON lines, a JSON array) into
 * PAKN records (RECORD.md), one JSON line each.  Rows that cannot become a
 * record go to the rejects stream with file, line and reason; nothing of
 * the input is lost: unmapped columns land in `extra`.
 *
 * The CSV path builds each record straight into the output buffer (no
 * jansson tree per row: PERFORMANCE.md); JSON input is read with jansson.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "columns.h"
#include "csvin.h"
#include "diag.h"
#include "encoding.h"
#include "io.h"
#include "jsonarray.h"
#include "pakn.h"
#include "profile.h"
#include "rowrec.h"
#include "sniff.h"
#include "when.h"

/* The state of one run. */
struct ctx {
	/* options */
	enum pakn_input_format format;
	char delimiter;
	enum pakn_encoding encoding; /* PAKN_ENC_UNKNOWN: detect */
	enum pakn_date_order order;
	int dedupe, verbose, quiet, list_columns;
	size_t max_field;
	struct pakn_profile maps; /* --map and --profile mappings */
	/* state */
	const char *fname; /* display name of the file being read */
	struct pakn_out out;
	struct pakn_rejects rej;
	struct pakn_rowrec rr;
	unsigned long read, written, rejected, dropped;
};

/* clang-format off */
static void
usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: pakn-ingest [options] [FILE...]\n"
		"Turn PAKN case exports (CSV, JSON lines, JSON array) into PAKN records,\n"
		"one JSON object per line (see pakn-ingest(1) and README.md).\n"
		"\n"
		"  -f, --format=FMT        csv, jsonl or json (default: detected)\n"
		"  -d, --delimiter=C       CSV delimiter: ',' ';' tab '|' (default: detected)\n"
		"  -e, --encoding=ENC      utf-8, utf-16, windows-1258, tcvn3, vni (default: detected)\n"
		"  -m, --map=HEADER=KEY    map a column to a record key (repeatable; KEY may be\n"
		"                          dotted, e.g. submitter.phone; '-' drops the column)\n"
		"  -p, --profile=FILE      a saved mapping and settings (YAML)\n"
		"      --list-columns      print how each header would be mapped, and exit\n"
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
		"\n"
		"Exit status: 0 all rows written, 1 some rows rejected, 2 usage or\n"
		"configuration error, 3 input/output error.\n");
	exit(status);
}
/* clang-format on */

/* ---- one record --------------------------------------------------- */

/* Ends the row built: writes its record, or counts it as a duplicate, or
 * rejects it.  raw/rawn is the row as read, for the rejects stream. */
static void
end_row(struct ctx *c, long line, const char *raw, size_t rawn,
        const char *format)
{
	c->read++;
	switch (pakn_rowrec_end(&c->rr, &c->out.buf, c->fname, line, format)) {
	case 0:
		c->written++;
		pakn_out_end_record(&c->out);
		break;
	case 1: c->dropped++; break;
	default:
		c->rejected++;
		pakn_reject(&c->rej, c->fname, line, 0, format,
		            pakn_rowrec_error(&c->rr), raw, rawn);
	}
}

static void
reject_row(struct ctx *c, long line, long column, const char *format,
           const char *why, const char *raw, size_t rawn)
{
	c->read++;
	c->rejected++;
	pakn_reject(&c->rej, c->fname, line, column, format, why, raw, rawn);
}

/* ---- CSV ------------------------------------------------------------- */

static void
list_columns(struct ctx *c)
{
	const struct pakn_rowrec_column *col = c->rr.cols;
	size_t i;

	for (i = 0; i < c->rr.ncols; i++)
		printf("%s\t%s\t%s\n", col[i].header,
		       col[i].col == PAKN_COL_EXTRA ? "extra"
		                                    : pakn_col_key(col[i].col),
		       col[i].how);
}

static int
read_csv(struct ctx *c, struct pakn_in *in, char delim)
{
	struct pakn_csv *csv = pakn_csv_new(in, delim, c->max_field);
	struct pakn_csv_row row;
	struct pakn_error err;
	size_t i;
	int r, have_header = 0;

	while ((r = pakn_csv_next(csv, &row, &err)) > 0) {
		if (!have_header) {
			if (row.error) {
				pakn_warn_at(c->fname, row.line, row.column,
				             "header: %s", row.error);
				pakn_csv_free(csv);
				return -2;
			}
			for (i = 0; i < row.nfields; i++)
				pakn_rowrec_add_column(&c->rr, row.field[i],
				                       row.len[i], 1);
			have_header = 1;
			if (c->list_columns)
				break;
			continue;
		}
		if (row.error) {
			reject_row(c, row.line, row.column, "csv", row.error,
			           row.raw, row.rawlen);
			continue;
		}
		if (pakn_rowrec_take_csv(&c->rr, row.field, row.len,
		                         row.nfields) != 0) {
			reject_row(c, row.line, 0, "csv",
			           pakn_rowrec_error(&c->rr), row.raw,
			           row.rawlen);
			continue;
		}
		end_row(c, row.line, row.raw, row.rawlen, "csv");
		if (!pakn_out_ok(&c->out))
			break;
	}
	pakn_csv_free(csv);
	if (r < 0) {
		pakn_warn_error(&err);
		return -1;
	}
	if (c->list_columns)
		list_columns(c);
	return 0;
}

/* ---- JSON ------------------------------------------------------------ */

static void
take_object(struct ctx *c, const char *text, size_t n, long line,
            const char *format)
{
	long dl, col;

	if (pakn_rowrec_take_json(&c->rr, text, n, &dl, &col) != 0)
		reject_row(c, line + dl, col, format, pakn_rowrec_error(&c->rr),
		           text, n);
	else
		end_row(c, line, text, n, format);
}

static int
read_jsonl(struct ctx *c, struct pakn_in *in)
{
	const char *line;
	size_t len;
	int r, toolong;
	struct pakn_error err;

	while ((r = pakn_in_next_jsonl(in, &line, &len, &toolong, &err)) > 0) {
		if (toolong) {
			reject_row(c, in->line, 0, "jsonl",
			           "line over the size cap", line, 200);
			continue;
		}
		if (c->list_columns) {
			pakn_rowrec_json_columns(&c->rr, line, len);
			list_columns(c);
			return 0;
		}
		take_object(c, line, len, in->line, "jsonl");
		if (!pakn_out_ok(&c->out))
			break;
	}
	if (r < 0) {
		pakn_warn_error(&err);
		return -1;
	}
	return 0;
}

/* At most 200 bytes of s[0..n), for a reject. */
static size_t
cut200(size_t n)
{
	return n > 200 ? 200 : n;
}

/* A JSON array of objects: each element is parsed alone (jsonarray.h). */
static int
read_json_array(struct ctx *c, struct pakn_in *in)
{
	struct pakn_buf all = PAKN_BUF_INIT;
	struct pakn_error err;
	struct pakn_jsonarray a;
	const char *elem;
	size_t n;
	long line;
	int r;

	if (pakn_in_slurp(in, &all, &err) != 0) {
		pakn_warn_error(&err);
		pakn_buf_release(&all);
		return -1;
	}
	if (pakn_jsonarray_begin(&a, all.data, all.len) != 0) {
		reject_row(c, a.line, 0, "json",
		           "expected a JSON array of objects", a.s,
		           cut200((size_t)(a.end - a.s)));
		pakn_buf_release(&all);
		return 0;
	}
	while ((r = pakn_jsonarray_next(&a, &elem, &n, &line)) > 0) {
		if (c->list_columns) {
			pakn_rowrec_json_columns(&c->rr, elem, n);
			list_columns(c);
			break;
		}
		take_object(c, elem, n, line, "json");
	}
	if (r < 0)
		reject_row(c, line, 0, "json",
		           "unterminated object at the end of the input", elem,
		           cut200(n));
	pakn_buf_release(&all);
	return 0;
}

/* ---- one input file -------------------------------------------------- */

static int
ingest_file(struct ctx *c, const char *path)
{
	struct pakn_in in;
	struct pakn_error err;
	struct pakn_decoder *dec = NULL;
	struct pakn_sniffed got;
	int rc;

	c->fname = pakn_display_name(path);
	if (pakn_in_open(&in, path, &err) != 0) {
		pakn_warn_error(&err);
		return -1;
	}
	if (pakn_sniff_input(&in, c->encoding, c->format, c->delimiter, &got,
	                     &dec, &err) != 0) {
		pakn_warn_error(&err);
		pakn_in_close(&in);
		return -1;
	}
	if (c->verbose && got.format == PAKN_INPUT_CSV)
		pakn_warn_at(
		    c->fname, 0, 0, "encoding %s, format csv, delimiter '%s'",
		    pakn_encoding_name(got.encoding),
		    got.delimiter == '\t' ? "\\t"
		                          : (char[]){got.delimiter, '\0'});
	else if (c->verbose)
		pakn_warn_at(c->fname, 0, 0, "encoding %s, format %s",
		             pakn_encoding_name(got.encoding),
		             pakn_input_format_name(got.format));
	pakn_rowrec_clear_columns(&c->rr);
	switch (got.format) {
	case PAKN_INPUT_CSV: rc = read_csv(c, &in, got.delimiter); break;
	case PAKN_INPUT_JSONL: rc = read_jsonl(c, &in); break;
	default: rc = read_json_array(c, &in); break;
	}
	pakn_in_close(&in);
	pakn_decoder_free(dec);
	return rc;
}

/* ---- main ------------------------------------------------------------ */

enum { OPT_LIST = 256, OPT_DATE_ORDER, OPT_DEDUPE, OPT_MAX_FIELD };

static const struct option longopts[] = {
    {"format", required_argument, NULL, 'f'},
    {"delimiter", required_argument, NULL, 'd'},
    {"encoding", required_argument, NULL, 'e'},
    {"map", required_argument, NULL, 'm'},
    {"profile", required_argument, NULL, 'p'},
    {"list-columns", no_argument, NULL, OPT_LIST},
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
	if (col < 0)
		pakn_die(
		    PAKN_EXIT_USAGE,
		    "--map '%s': unknown record key '%s' (keys: id, "
		    "received_at, channel, kind, title, content, category, "
		    "submitter.name, submitter.type, submitter.phone, "
		    "submitter.email, submitter.address, "
		    "submitter.organization, location.province, "
		    "location.district, location.commune, status, agency, "
		    "due_at, answered_at, closed_at, satisfaction, extra, -)",
		    arg, eq + 1);
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
	int order_set = 0;
	struct timespec t0, t1;
	char *end;
	long v;
	size_t k;

	pakn_setprogname(argv[0]);
	pakn_cleanup_signals();
	memset(&c, 0, sizeof c);
	c.order = PAKN_DMY;
	c.max_field = PAKN_MAX_FIELD;
	c.maps.date_order = -1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while ((ch = getopt_long(argc, argv, "f:d:e:m:p:o:qvh", longopts,
	                         NULL)) != -1) {
		switch (ch) {
		case 'f': c.format = parse_format(optarg); break;
		case 'd':
			c.delimiter = pakn_delimiter_parse(optarg);
			if (!c.delimiter)
				pakn_die(PAKN_EXIT_USAGE,
				         "--delimiter '%s': expected ',' ';' "
				         "'|' or tab",
				         optarg);
			break;
		case 'e':
			if (pakn_encoding_parse(optarg, &c.encoding) != 0)
				pakn_die(PAKN_EXIT_USAGE,
				         "--encoding '%s': unknown (expected "
				         "utf-8, utf-16, utf-16le, utf-16be, "
				         "windows-1258, tcvn3, vni)",
				         optarg);
			break;
		case 'm': parse_map(&c, optarg); break;
		case 'p': profile = optarg; break;
		case OPT_LIST: c.list_columns = 1; break;
		case OPT_DATE_ORDER:
			order_set = 1;
			if (strcmp(optarg, "dmy") == 0)
				c.order = PAKN_DMY;
			else if (strcmp(optarg, "mdy") == 0)
				c.order = PAKN_MDY;
			else if (strcmp(optarg, "ymd") == 0)
				c.order = PAKN_YMD;
			else
				pakn_die(PAKN_EXIT_USAGE,
				         "--date-order '%s': expected dmy, mdy "
				         "or ymd",
				         optarg);
			break;
		case OPT_DEDUPE: c.dedupe = 1; break;
		case OPT_MAX_FIELD:
			v = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || v < 16)
				pakn_die(PAKN_EXIT_USAGE,
				         "--max-field '%s': expected a number "
				         "of bytes >= 16",
				         optarg);
			c.max_field = (size_t)v;
			break;
		case 'o': output = optarg; break;
		case PAKN_OPT_REJECTS: rejects = optarg; break;
		case PAKN_OPT_LINEBUF: linebuf = 1; break;
		case 'q': c.quiet = 1; break;
		case 'v': c.verbose = 1; break;
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
		if (c.format == PAKN_INPUT_AUTO && prof.format)
			c.format = parse_format(prof.format);
		if (!c.delimiter)
			c.delimiter = prof.delimiter;
		if (c.encoding == PAKN_ENC_UNKNOWN && prof.encoding) {
			if (pakn_encoding_parse(prof.encoding, &c.encoding) !=
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
			c.order = (enum pakn_date_order)prof.date_order;
		for (k = 0; k < prof.nmaps; k++)
			pakn_profile_add_map(&c.maps, prof.maps[k].header,
			                     strlen(prof.maps[k].header),
			                     prof.maps[k].col);
	}
	pakn_rowrec_init(&c.rr, &c.maps, c.order, c.dedupe);
	if (!c.list_columns &&
	    pakn_out_open(&c.out, output, linebuf, &err) != 0) {
		pakn_warn_error(&err);
		status = PAKN_EXIT_IO;
		goto done;
	}
	if (!c.list_columns && pakn_rejects_open(&c.rej, rejects, &err) != 0) {
		pakn_warn_error(&err);
		pakn_out_close(&c.out, 0, &err);
		status = PAKN_EXIT_IO;
		goto done;
	}
	for (i = optind; i < argc || i == optind; i++) {
		if (c.list_columns && argc - optind > 1)
			printf("# %s\n", argv[i]);
		rc = ingest_file(&c, i < argc ? argv[i] : NULL);
		if (rc == -2 && status == PAKN_EXIT_OK && !c.list_columns)
			status = PAKN_EXIT_REJECTS;
		else if (rc != 0)
			status = PAKN_EXIT_IO;
		if (i >= argc || (!c.list_columns && !pakn_out_ok(&c.out)))
			break;
	}
	if (c.list_columns)
		goto done;
	status = pakn_finish(&c.out, &c.rej, c.rejected, status);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (c.verbose || (!c.quiet && c.rejected > 0))
		pakn_warn("rows read %lu = written %lu + rejected %lu + "
		          "duplicates dropped %lu"
		          "%s (%.2f s)",
		          c.read, c.written, c.rejected, c.dropped,
		          c.rr.soft
		              ? "; unreadable optional dates kept in extra"
		              : "",
		          (double)(t1.tv_sec - t0.tv_sec) +
		              (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
done:
	pakn_rowrec_release(&c.rr);
	if (profile)
		pakn_profile_release(&prof);
	pakn_profile_release(&c.maps);
	return status;
}
