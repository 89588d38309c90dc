/*
 * pakn-publish: writes only what of the cases may be published on the
 * portal (NĐ 20/2008 Điều 19): the answered cases, their personal data
 * masked (DOMAIN.md §6); a denunciation or a case with `publish: false`
 * never.  `--check FILE...` is the gate for cron: it finds what would
 * leak in any JSON-lines file.  The rules are in lib/publish.c and
 * lib/mask.c.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "diag.h"
#include "io.h"
#include "loop.h"
#include "mask.h"
#include "pakn.h"
#include "publish.h"
#include "record.h"

enum format { F_JSON, F_CSV, F_HTML };

struct ctx {
	struct pakn_publish pub;
	struct pakn_out out;
	struct pakn_rejects rej;
	struct pakn_loop loop;
	struct pakn_pub_html *html;
	enum format format;
	int excel, explain, verbose, quiet;
	unsigned long written, denunciations, withheld, unanswered, masks;
};

/* clang-format off */
static void
usage(FILE *fp, int status)
{
	fprintf(fp,
		"usage: pakn-publish [options] [FILE...]\n"
		"       pakn-publish --check FILE...\n"
		"Write what of the cases may be published: answered cases, personal data\n"
		"masked; a denunciation or a case with publish: false never (pakn-publish(1)).\n"
		"\n"
		"  -f, --format=FMT       json (JSON lines, the default), csv, html\n"
		"      --excel            CSV for Excel: BOM, CRLF, formulas neutralised\n"
		"      --title=TEXT       the heading of the HTML page\n"
		"      --all              every case, whatever its status, with or without answer\n"
		"                         (still never a denunciation nor publish: false)\n"
		"      --id-salt=KEY      publication ids as HMAC-SHA-256(KEY, id), 32 hex digits\n"
		"      --keep-place       keep location.district and location.commune\n"
		"      --allow=FILE       numbers never masked (agency hotlines), one a line;\n"
		"                         1022 and 1900/1800 numbers are allowed by default\n"
		"      --explain          add \"masked\": field, kind, position of each mask\n"
		"                         (with -f csv or html, on standard error)\n"
		"      --check            scan the FILEs for what would leak: FILE:LINE: field: kind\n"
		"  -o, --output=FILE      write to FILE (replaced only if the run succeeds)\n"
		"      --rejects=FILE     write records that cannot be read to FILE\n"
		"      --line-buffered    flush after every record\n"
		"  -q, --quiet            no end-of-run summary\n"
		"  -v, --verbose          summary: published, denunciations, withheld, masks\n"
		"  -h, --help             this help;  --version  the version\n"
		"\n"
		"Examples:\n"
		"  pakn-publish --id-salt \"$KEY\" -o out.jsonl cases.jsonl && pakn-publish --check out.jsonl\n"
		"  pakn-publish -f html --title 'UBND tỉnh Phú Thọ' -o hoi-dap.html routed.jsonl\n"
		"  pakn-publish --explain cases.jsonl | jq -c '{id, masked}'\n"
		"\n"
		"Exit status: 0 all read, 1 some records rejected (--check: a leak found),\n"
		"2 usage error, 3 input/output error.\n");
	exit(status);
}
/* clang-format on */

/* ---- --check ----------------------------------------------------------- */

struct check {
	const char *file;
	long line;
	unsigned long hits;
};

static void
check_hit(void *arg, const char *field, enum pakn_mask_kind kind)
{
	struct check *k = arg;

	printf("%s:%ld: %s: %s\n", k->file, k->line, field,
	       pakn_mask_kind_name(kind));
	k->hits++;
}

static int
check_file(struct pakn_publish *p, const char *path, unsigned long *hits)
{
	struct pakn_in in;
	struct pakn_error err;
	struct check k = {NULL, 0, 0};
	const char *line;
	size_t len;
	int r, toolong;

	if (pakn_in_open(&in, path, &err) != 0) {
		pakn_warn_error(&err);
		return -1;
	}
	k.file = in.name;
	while ((r = pakn_in_next_jsonl(&in, &line, &len, &toolong, &err)) > 0) {
		k.line = in.line;
		if (toolong ||
		    pakn_publish_check(p, line, len, check_hit, &k) < 0) {
			printf("%s:%ld: -: not a JSON object\n", in.name,
			       in.line);
			k.hits++;
		}
	}
	if (r < 0)
		pakn_warn_error(&err);
	pakn_in_close(&in);
	*hits += k.hits;
	return r < 0 ? -1 : 0;
}

static int
check_all(struct pakn_publish *p, int n, char **files, int quiet)
{
	unsigned long hits = 0;
	int i, status = PAKN_EXIT_OK;

	if (n == 0) {
		pakn_warn("--check needs the files to scan");
		return PAKN_EXIT_USAGE;
	}
	for (i = 0; i < n; i++)
		if (check_file(p, files[i], &hits) != 0)
			status = PAKN_EXIT_IO;
	if (fflush(stdout) != 0)
		status = PAKN_EXIT_IO;
	if (hits && !quiet)
		pakn_warn("%lu possible lea%s of personal data", hits,
		          hits == 1 ? "k" : "ks");
	if (status != PAKN_EXIT_OK)
		return status;
	return hits ? 1 : PAKN_EXIT_OK;
}

/* ---- publishing -------------------------------------------------------- */

static void
explain_text(struct ctx *c, const char *file, long line)
{
	size_t k;

	for (k = 0; k < c->pub.nmasked; k++) {
		const struct pakn_pub_masked *x = &c->pub.masked[k];

		fprintf(stderr, "%s:%ld: %s: %s at %zu, %zu characters\n", file,
		        line, pakn_pub_field_name(x->field),
		        pakn_mask_kind_name(x->kind), x->at, x->length);
	}
}

static void
one_record(void *arg, struct pakn_loop *L, long lineno, const char *line,
           size_t len)
{
	struct ctx *c = arg;
	struct pakn_buf *o = &c->out.buf;

	switch (pakn_publish_record(&c->pub, &L->rec)) {
	case PAKN_PUB_OK: break;
	case PAKN_PUB_DENUNCIATION: c->denunciations++; return;
	case PAKN_PUB_WITHHELD: c->withheld++; return;
	case PAKN_PUB_UNANSWERED: c->unanswered++; return;
	default:
		pakn_loop_reject(L, lineno, 0, c->pub.err.data, line, len);
		return;
	}
	c->written++;
	c->masks += c->pub.nmasked;
	switch (c->format) {
	case F_JSON:
		pakn_publish_json(&c->pub, c->explain, o);
		pakn_buf_addc(o, '\n');
		break;
	case F_CSV: pakn_publish_csv(&c->pub, c->excel, o); break;
	case F_HTML: pakn_pub_html_add(c->html, &c->pub); break;
	}
	if (c->explain && c->format != F_JSON)
		explain_text(c, L->name, lineno);
	if (c->format != F_HTML)
		pakn_out_end_record(&c->out);
}

enum {
	OPT_EXCEL = 256,
	OPT_TITLE,
	OPT_ALL,
	OPT_SALT,
	OPT_PLACE,
	OPT_ALLOW,
	OPT_EXPLAIN,
	OPT_CHECK
};

static const struct option longopts[] = {
    {"format", required_argument, NULL, 'f'},
    {"excel", no_argument, NULL, OPT_EXCEL},
    {"title", required_argument, NULL, OPT_TITLE},
    {"all", no_argument, NULL, OPT_ALL},
    {"id-salt", required_argument, NULL, OPT_SALT},
    {"keep-place", no_argument, NULL, OPT_PLACE},
    {"allow", required_argument, NULL, OPT_ALLOW},
    {"explain", no_argument, NULL, OPT_EXPLAIN},
    {"check", no_argument, NULL, OPT_CHECK},
    PAKN_FILTER_LONGOPTS,
    {NULL, 0, NULL, 0}};

int
main(int argc, char *argv[])
{
	struct ctx c;
	struct pakn_error err;
	const char *output = NULL, *rejects = NULL, *salt = NULL, *title = NULL,
	           *allow[16];
	int ch, linebuf = 0, status = PAKN_EXIT_OK, i, check = 0, all = 0,
	        place = 0, nallow = 0;
	struct timespec t0, t1;

	pakn_setprogname(argv[0]);
	memset(&c, 0, sizeof c);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while ((ch = getopt_long(argc, argv, "f:o:qvh", longopts, NULL)) !=
	       -1) {
		switch (ch) {
		case 'f':
			if (strcmp(optarg, "json") == 0 ||
			    strcmp(optarg, "jsonl") == 0)
				c.format = F_JSON;
			else if (strcmp(optarg, "csv") == 0)
				c.format = F_CSV;
			else if (strcmp(optarg, "html") == 0)
				c.format = F_HTML;
			else {
				pakn_warn("unknown format '%s' (json, csv, "
				          "html)",
				          optarg);
				return PAKN_EXIT_USAGE;
			}
			break;
		case OPT_EXCEL: c.excel = 1; break;
		case OPT_TITLE: title = optarg; break;
		case OPT_ALL: all = 1; break;
		case OPT_SALT: salt = optarg; break;
		case OPT_PLACE: place = 1; break;
		case OPT_ALLOW:
			if (nallow == 16) {
				pakn_warn("at most 16 --allow files");
				return PAKN_EXIT_USAGE;
			}
			allow[nallow++] = optarg;
			break;
		case OPT_EXPLAIN: c.explain = 1; break;
		case OPT_CHECK: check = 1; break;
		case 'o': output = optarg; break;
		case PAKN_OPT_REJECTS: rejects = optarg; break;
		case PAKN_OPT_LINEBUF: linebuf = 1; break;
		case 'q': c.quiet = 1; break;
		case 'v': c.verbose = 1; break;
		case 'h': usage(stdout, PAKN_EXIT_OK); break;
		case PAKN_OPT_VERSION:
			printf("pakn-publish %s\n", PAKN_VERSION);
			return PAKN_EXIT_OK;
		default: usage(stderr, PAKN_EXIT_USAGE);
		}
	}
	if (salt && *salt == '\0') {
		pakn_warn("--id-salt needs a key that is not empty");
		return PAKN_EXIT_USAGE;
	}
	if (c.excel && c.format != F_CSV) {
		pakn_warn("--excel goes with -f csv");
		return PAKN_EXIT_USAGE;
	}
	pakn_publish_init(&c.pub, salt);
	c.pub.all = all;
	c.pub.keep_place = place;
	for (i = 0; i < nallow; i++)
		if (pakn_mask_allow_file(&c.pub.mask, allow[i], &err) != 0) {
			pakn_warn_error(&err);
			pakn_publish_release(&c.pub);
			return PAKN_EXIT_USAGE;
		}
	if (check) {
		status =
		    check_all(&c.pub, argc - optind, argv + optind, c.quiet);
		pakn_publish_release(&c.pub);
		return status;
	}
	if (pakn_out_open(&c.out, output, linebuf, &err) != 0 ||
	    pakn_rejects_open(&c.rej, rejects, &err) != 0) {
		pakn_warn_error(&err);
		pakn_publish_release(&c.pub);
		return PAKN_EXIT_IO;
	}
	if (c.format == F_HTML)
		c.html = pakn_pub_html_new(title);
	if (c.format == F_CSV) {
		pakn_publish_csv_header(&c.pub, c.excel, &c.out.buf);
		pakn_out_end_record(&c.out);
	}
	pakn_loop_init(&c.loop, &c.rej, &c.out);
	for (i = optind; i < argc || i == optind; i++) {
		if (pakn_loop_file(&c.loop, i < argc ? argv[i] : NULL,
		                   one_record, &c) != 0)
			status = PAKN_EXIT_IO;
		if (!pakn_out_ok(&c.out) || i >= argc)
			break;
	}
	if (c.html && pakn_out_ok(&c.out)) {
		pakn_pub_html_write(c.html, &c.out.buf);
		pakn_out_end_record(&c.out);
	}
	status = pakn_finish(&c.out, &c.rej, c.loop.rejected, status);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (c.verbose || (!c.quiet && c.loop.rejected > 0))
		pakn_warn("records read %lu: published %lu, denunciations %lu, "
		          "withheld %lu, unanswered %lu, rejected %lu; %lu "
		          "masks (%.2f s)",
		          c.loop.read, c.written, c.denunciations, c.withheld,
		          c.unanswered, c.loop.rejected, c.masks,
		          pakn_seconds_between(&t0, &t1));
	pakn_pub_html_free(c.html);
	pakn_loop_release(&c.loop);
	pakn_publish_release(&c.pub);
	return status;
}
