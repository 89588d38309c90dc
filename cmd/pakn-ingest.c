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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "columns.h"
#include "csvin.h"
#include "diag.h"
#include "encoding.h"
#include "io.h"
#include "pakn.h"
#include "phone.h"
#include "profile.h"
#include "text.h"
#include "when.h"

#define SNIFF_BYTES (64 * 1024)

enum fmt { FMT_AUTO, FMT_CSV, FMT_JSONL, FMT_JSON };
static const char *const fmt_name[] = {"auto", "csv", "jsonl", "json"};

/* A column of the input: its header and the key it fills. */
struct column {
	char *header;    /* as in the file, NFC */
	int col;         /* enum pakn_col */
	const char *how; /* "built-in", "--map", "profile", "duplicate" */
};

/* A small cache of label -> enum value, so repeated labels are folded once. */
#define LABEL_CACHE 64
struct label_cache {
	char *label[LABEL_CACHE];
	const char *value[LABEL_CACHE];
};

/* One value of the row being built. */
/*
 * A value of the row being built: borrowed (p: a CSV field as read, or a
 * static label, alive until the row is written) or copied into ctx->vals
 * at off (values made here: dates, phones, NFC text).
 */
struct slot {
	const char *p;
	size_t n;
	size_t off;
	int set;
};

struct extra_item {
	size_t header; /* column index */
	const char *p; /* borrowed, or NULL: the value is in ctx->vals */
	size_t off, n;
	int json; /* the value is raw JSON, not text */
};

struct ctx {
	/* options */
	enum fmt format;
	char delimiter;
	const char *encoding;
	enum pakn_date_order order;
	int dedupe, verbose, quiet, list_columns;
	size_t max_field;
	struct pakn_profile maps; /* --map and --profile mappings */
	/* state */
	const char *fname; /* display name of the file being read */
	struct pakn_out out;
	struct pakn_rejects rej;
	struct column *cols;
	size_t ncols;
	struct label_cache cache[5];
	struct pakn_buf vals, tmp, tmp2, err_text;
	struct slot slot[PAKN_COL_COUNT];
	struct extra_item *extra;
	size_t nextra, capextra;
	uint64_t *seen; /* --dedupe: open-addressing set of id hashes */
	size_t seen_cap, seen_n;
	unsigned long read, written, rejected, dropped, soft;
	int io_error;
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

/* ---- the mapping of headers ---------------------------------------- */

/* The column a header means: --map/profile first (exact, then folded),
 * then the built-in list. */
static int
map_header(struct ctx *c, const char *h, size_t n, const char **how)
{
	size_t i;

	for (i = 0; i < c->maps.nmaps; i++)
		if (strlen(c->maps.maps[i].header) == n &&
		    memcmp(c->maps.maps[i].header, h, n) == 0) {
			*how = "--map";
			return c->maps.maps[i].col;
		}
	if (c->maps.nmaps > 0) {
		pakn_text_fold_key(h, n, &c->tmp);
		for (i = 0; i < c->maps.nmaps; i++) {
			pakn_text_fold_key(c->maps.maps[i].header,
			                   strlen(c->maps.maps[i].header),
			                   &c->tmp2);
			if (strcmp(c->tmp.data, c->tmp2.data) == 0) {
				*how = "--map";
				return c->maps.maps[i].col;
			}
		}
	}
	*how = "built-in";
	return pakn_col_for_header(h, n);
}

static void
free_columns(struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->ncols; i++)
		free(c->cols[i].header);
	free(c->cols);
	c->cols = NULL;
	c->ncols = 0;
}

/* Adds a column; a second column for the same key goes to extra. */
static size_t
add_column(struct ctx *c, const char *h, size_t n, int csv)
{
	struct column *col;
	const char *how;
	size_t i;
	int k;

	c->cols = pakn_xrealloc(c->cols, (c->ncols + 1) * sizeof *c->cols);
	col = &c->cols[c->ncols];
	pakn_text_trim(&h, &n);
	if (pakn_utf8_valid(h, n, NULL) && pakn_text_nfc(h, n, &c->tmp) == 0)
		col->header = pakn_xstrndup(c->tmp.data, c->tmp.len);
	else
		col->header = pakn_xstrndup(h, n);
	k = map_header(c, col->header, strlen(col->header), &how);
	col->how = how;
	if (csv && k != PAKN_COL_EXTRA && k != PAKN_COL_IGNORE)
		for (i = 0; i < c->ncols; i++)
			if (c->cols[i].col == k) {
				k = PAKN_COL_EXTRA;
				col->how = "duplicate";
				break;
			}
	col->col = k;
	return c->ncols++;
}

/* ---- building one record ------------------------------------------- */

static void
add_extra(struct ctx *c, size_t header, const char *s, size_t n, int json,
          int borrow)
{
	struct extra_item *x;

	if (c->nextra == c->capextra) {
		c->capextra = c->capextra ? 2 * c->capextra : 16;
		c->extra =
		    pakn_xrealloc(c->extra, c->capextra * sizeof *c->extra);
	}
	x = &c->extra[c->nextra++];
	x->header = header;
	x->n = n;
	x->json = json;
	x->p = borrow ? s : NULL;
	x->off = c->vals.len;
	if (!borrow)
		pakn_buf_add(&c->vals, s, n);
}

static void
set_slot(struct ctx *c, int k, const char *s, size_t n, int borrow)
{
	c->slot[k].n = n;
	c->slot[k].set = 1;
	c->slot[k].p = borrow ? s : NULL;
	c->slot[k].off = c->vals.len;
	if (!borrow)
		pakn_buf_add(&c->vals, s, n);
}

/* Where a slot's or an extra's bytes are. */
static const char *
slot_data(const struct ctx *c, int k)
{
	return c->slot[k].p ? c->slot[k].p : c->vals.data + c->slot[k].off;
}

static const char *
extra_data(const struct ctx *c, size_t i)
{
	return c->extra[i].p ? c->extra[i].p : c->vals.data + c->extra[i].off;
}

static const char *
label_lookup(struct ctx *c, enum pakn_label kind, const char *s, size_t n)
{
	struct label_cache *lc = &c->cache[kind];
	uint32_t h = 2166136261u;
	size_t i;
	const char *v;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	h %= LABEL_CACHE;
	if (lc->label[h] && strlen(lc->label[h]) == n &&
	    memcmp(lc->label[h], s, n) == 0)
		return lc->value[h];
	v = pakn_label_normalize(kind, s, n);
	free(lc->label[h]);
	lc->label[h] = pakn_xstrndup(s, n);
	lc->value[h] = v;
	return v;
}

static uint64_t
hash64(const char *s, size_t n, uint64_t h)
{
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static uint64_t
mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 31;
	return x;
}

/* --dedupe: 1 if the id was seen before (and records it). */
static int
seen_before(struct ctx *c, const char *id, size_t n)
{
	uint64_t h = mix64(hash64(id, n, 1469598103934665603ull)) | 1;
	size_t i, mask;

	if (c->seen_n * 2 >= c->seen_cap) {
		uint64_t *old = c->seen;
		size_t oldcap = c->seen_cap, j;

		c->seen_cap = c->seen_cap ? c->seen_cap * 2 : 1024;
		c->seen = pakn_xcalloc(c->seen_cap, sizeof *c->seen);
		for (j = 0; j < oldcap; j++) {
			if (old[j] == 0)
				continue;
			i = old[j] & (c->seen_cap - 1);
			while (c->seen[i])
				i = (i + 1) & (c->seen_cap - 1);
			c->seen[i] = old[j];
		}
		free(old);
	}
	mask = c->seen_cap - 1;
	for (i = h & mask; c->seen[i]; i = (i + 1) & mask)
		if (c->seen[i] == h)
			return 1;
	c->seen[i] = h;
	c->seen_n++;
	return 0;
}

static int
is_date_col(int k)
{
	return k == PAKN_COL_RECEIVED_AT || k == PAKN_COL_DUE_AT ||
	       k == PAKN_COL_ANSWERED_AT || k == PAKN_COL_CLOSED_AT;
}

static int
label_kind(int k)
{
	switch (k) {
	case PAKN_COL_CHANNEL: return PAKN_LABEL_CHANNEL;
	case PAKN_COL_KIND: return PAKN_LABEL_KIND;
	case PAKN_COL_STATUS: return PAKN_LABEL_STATUS;
	case PAKN_COL_SATISFACTION: return PAKN_LABEL_SATISFACTION;
	case PAKN_COL_SUB_TYPE: return PAKN_LABEL_SUBMITTER_TYPE;
	default: return -1;
	}
}

/*
 * Takes one value of column i into the row being built.  Returns 0, or -1
 * with c->err_text saying why the row cannot become a record.  stable: s
 * stays unchanged until the row is written (a CSV field), so it need not
 * be copied.
 */
static int
take_value(struct ctx *c, size_t i, const char *s, size_t n, int json,
           int stable)
{
	struct column *col = &c->cols[i];
	int k = col->col, lk;
	struct pakn_time t;
	struct pakn_error err;
	char phone[PAKN_PHONE_SIZE];
	const char *v;
	size_t bad;

	if (k == PAKN_COL_IGNORE)
		return 0;
	if (json && k != PAKN_COL_EXTRA) {
		pakn_buf_reset(&c->err_text);
		pakn_buf_addf(&c->err_text,
		              "column '%s': expected text, found a JSON %s",
		              col->header, s[0] == '[' ? "array" : "object");
		return -1;
	}
	if (!json) {
		int check = pakn_text_check(s, n, &bad);

		if (check == 0) {
			pakn_buf_reset(&c->err_text);
			pakn_buf_addf(&c->err_text,
			              "column '%s': bytes invalid in the "
			              "encoding at byte %zu (try --encoding)",
			              col->header, bad + 1);
			return -1;
		}
		pakn_text_trim(&s, &n);
		if (check == 1) {
			pakn_text_nfc(s, n, &c->tmp);
			s = c->tmp.data;
			n = c->tmp.len;
			stable = 0;
		}
	}
	if (k == PAKN_COL_EXTRA || c->slot[k].set) {
		/* Unmapped, or a second value for a key already set. */
		add_extra(c, i, s, n, json, stable);
		return 0;
	}
	if (n == 0)
		return 0;
	if (memchr(s, '\r', n)) {
		/* Line breaks inside a text are '\n', whatever the file used.
		 */
		size_t j, o = 0;

		pakn_buf_reset(&c->tmp2);
		pakn_buf_add(&c->tmp2, s, n);
		for (j = 0; j < n; j++)
			if (!(s[j] == '\r' && j + 1 < n && s[j + 1] == '\n'))
				c->tmp2.data[o++] = s[j];
		c->tmp2.len = o;
		pakn_buf_reset(&c->tmp);
		pakn_buf_add(&c->tmp, c->tmp2.data, o);
		s = c->tmp.data;
		n = c->tmp.len;
		stable = 0;
	}
	if (is_date_col(k)) {
		if (pakn_time_parse(s, n, c->order, &t, &err) != 0) {
			if (k == PAKN_COL_RECEIVED_AT) {
				pakn_buf_reset(&c->err_text);
				pakn_buf_addf(&c->err_text, "column '%s': %s",
				              col->header, err.text);
				return -1;
			}
			/* An unreadable optional date is kept as written. */
			c->soft++;
			add_extra(c, i, s, n, 0, stable);
			return 0;
		}
		if (k == PAKN_COL_DUE_AT && !t.has_time) {
			/* A due date is due at the end of its day (RECORD.md):
			 * an answer that day is on time. */
			t.hour = 23;
			t.min = t.sec = 59;
			t.has_time = 1;
		}
		pakn_buf_reset(&c->tmp2);
		pakn_time_format(&t, &c->tmp2);
		set_slot(c, k, c->tmp2.data, c->tmp2.len, 0);
		return 0;
	}
	lk = label_kind(k);
	if (lk >= 0) {
		v = label_lookup(c, (enum pakn_label)lk, s, n);
		if (v == NULL) {
			/* Unknown label: "other", the label kept in extra. */
			v = "other";
			add_extra(c, i, s, n, 0, stable);
		}
		set_slot(c, k, v, strlen(v), 1); /* a static string */
		return 0;
	}
	if (k == PAKN_COL_SUB_PHONE && pakn_phone_normalize(s, n, phone) == 0) {
		set_slot(c, k, phone, strlen(phone), 0);
		return 0;
	}
	set_slot(c, k, s, n, stable);
	return 0;
}

static void
begin_row(struct ctx *c)
{
	memset(c->slot, 0, sizeof c->slot);
	c->nextra = 0;
	pakn_buf_reset(&c->vals);
}

static void
put_key_str(struct pakn_buf *o, int *first, const char *key, const char *s,
            size_t n)
{
	if (!*first)
		pakn_buf_addc(o, ',');
	*first = 0;
	pakn_buf_add_json_cstr(o, key);
	pakn_buf_addc(o, ':');
	pakn_buf_add_json_string(o, s, n);
}

static void
put_slot(struct ctx *c, struct pakn_buf *o, int *first, int k, const char *key)
{
	if (c->slot[k].set)
		put_key_str(o, first, key, slot_data(c, k), c->slot[k].n);
}

/* Writes the nested object of the slots from..to (keys after the dot). */
static void
put_group(struct ctx *c, struct pakn_buf *o, int *first, const char *name,
          int from, int to)
{
	int k, any = 0, inner = 1;
	const char *key;

	for (k = from; k <= to; k++)
		any |= c->slot[k].set;
	if (!any)
		return;
	if (!*first)
		pakn_buf_addc(o, ',');
	*first = 0;
	pakn_buf_add_json_cstr(o, name);
	pakn_buf_adds(o, ":{");
	for (k = from; k <= to; k++) {
		key = strchr(pakn_col_key(k), '.') + 1;
		put_slot(c, o, &inner, k, key);
	}
	pakn_buf_addc(o, '}');
}

/*
 * Finishes the row: checks the required keys, then writes the record (or
 * the reject).  raw/rawn is the row as read, for the rejects stream.
 */
static void
end_row(struct ctx *c, long line, const char *raw, size_t rawn,
        const char *format)
{
	struct pakn_buf *o = &c->out.buf;
	size_t start = o->len, i;
	char idbuf[24];
	const char *id;
	size_t idn;
	int first = 1;
	uint64_t h;

	c->read++;
	if (!c->slot[PAKN_COL_RECEIVED_AT].set) {
		pakn_buf_reset(&c->err_text);
		pakn_buf_adds(&c->err_text, "no receipt date (received_at)");
		goto reject;
	}
	if (!c->slot[PAKN_COL_CONTENT].set) {
		pakn_buf_reset(&c->err_text);
		pakn_buf_adds(&c->err_text, "empty content");
		goto reject;
	}
	if (c->slot[PAKN_COL_ID].set) {
		id = slot_data(c, PAKN_COL_ID);
		idn = c->slot[PAKN_COL_ID].n;
	} else {
		/* A stable id from the row's values: same row, same id. */
		h = 1469598103934665603ull;
		for (i = 0; i < PAKN_COL_COUNT; i++)
			if (c->slot[i].set)
				h = hash64(slot_data(c, (int)i), c->slot[i].n,
				           h ^ (i + 1));
		for (i = 0; i < c->nextra; i++)
			h = hash64(extra_data(c, i), c->extra[i].n, h ^ 0x1f);
		snprintf(idbuf, sizeof idbuf, "h%016llx",
		         (unsigned long long)mix64(h));
		id = idbuf;
		idn = strlen(idbuf);
	}
	if (c->dedupe && seen_before(c, id, idn)) {
		c->dropped++;
		return;
	}
	pakn_buf_addc(o, '{');
	put_key_str(o, &first, "id", id, idn);
	put_slot(c, o, &first, PAKN_COL_RECEIVED_AT, "received_at");
	if (c->slot[PAKN_COL_CHANNEL].set)
		put_slot(c, o, &first, PAKN_COL_CHANNEL, "channel");
	else
		put_key_str(o, &first, "channel", "other", 5);
	put_slot(c, o, &first, PAKN_COL_KIND, "kind");
	put_slot(c, o, &first, PAKN_COL_TITLE, "title");
	put_slot(c, o, &first, PAKN_COL_CONTENT, "content");
	put_slot(c, o, &first, PAKN_COL_CATEGORY, "category");
	put_group(c, o, &first, "submitter", PAKN_COL_SUB_NAME,
	          PAKN_COL_SUB_ORG);
	put_group(c, o, &first, "location", PAKN_COL_LOC_PROVINCE,
	          PAKN_COL_LOC_COMMUNE);
	put_slot(c, o, &first, PAKN_COL_STATUS, "status");
	put_slot(c, o, &first, PAKN_COL_AGENCY, "agency");
	put_slot(c, o, &first, PAKN_COL_DUE_AT, "due_at");
	put_slot(c, o, &first, PAKN_COL_ANSWERED_AT, "answered_at");
	put_slot(c, o, &first, PAKN_COL_CLOSED_AT, "closed_at");
	put_slot(c, o, &first, PAKN_COL_SATISFACTION, "satisfaction");
	if (c->nextra > 0) {
		pakn_buf_adds(o, ",\"extra\":{");
		for (i = 0; i < c->nextra; i++) {
			if (i > 0)
				pakn_buf_addc(o, ',');
			pakn_buf_add_json_cstr(
			    o, c->cols[c->extra[i].header].header);
			pakn_buf_addc(o, ':');
			if (c->extra[i].json)
				pakn_buf_add(o, extra_data(c, i),
				             c->extra[i].n);
			else
				pakn_buf_add_json_string(o, extra_data(c, i),
				                         c->extra[i].n);
		}
		pakn_buf_addc(o, '}');
	}
	pakn_buf_adds(o, ",\"source\":{\"file\":");
	pakn_buf_add_json_cstr(o, c->fname);
	pakn_buf_adds(o, ",\"line\":");
	pakn_buf_add_ulong(o, (unsigned long)line);
	pakn_buf_adds(o, ",\"format\":\"");
	pakn_buf_adds(o, format);
	pakn_buf_adds(o, "\"}}\n");
	c->written++;
	pakn_out_end_record(&c->out);
	return;
reject:
	o->len = start;
	c->rejected++;
	pakn_reject(&c->rej, c->fname, line, 0, format, c->err_text.data, raw,
	            rawn);
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
	size_t i;

	for (i = 0; i < c->ncols; i++)
		printf("%s\t%s\t%s\n", c->cols[i].header,
		       c->cols[i].col == PAKN_COL_EXTRA
		           ? "extra"
		           : pakn_col_key(c->cols[i].col),
		       c->cols[i].how);
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
				add_column(c, row.field[i], row.len[i], 1);
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
		if (row.nfields != c->ncols) {
			pakn_buf_reset(&c->err_text);
			pakn_buf_addf(&c->err_text,
			              "expected %zu fields, found %zu",
			              c->ncols, row.nfields);
			reject_row(c, row.line, 0, "csv", c->err_text.data,
			           row.raw, row.rawlen);
			continue;
		}
		begin_row(c);
		for (i = 0; i < row.nfields; i++)
			if (take_value(c, i, row.field[i], row.len[i], 0, 1) !=
			    0)
				break;
		if (i < row.nfields) {
			reject_row(c, row.line, 0, "csv", c->err_text.data,
			           row.raw, row.rawlen);
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

/* The column index for a JSON key (columns grow as keys appear). */
static size_t
json_column(struct ctx *c, const char *key)
{
	size_t i;

	for (i = 0; i < c->ncols; i++)
		if (strcmp(c->cols[i].header, key) == 0)
			return i;
	return add_column(c, key, strlen(key), 0);
}

/* Takes one member; nested objects are flattened one level with dotted
 * names ("submitter.phone") when they map to record keys. */
static int
take_json(struct ctx *c, const char *key, json_t *v, int depth)
{
	const char *k2;
	json_t *v2;
	char *dump, num[64];
	size_t i;
	int rc;

	i = json_column(c, key);
	if (json_is_object(v) && depth == 0 &&
	    c->cols[i].col == PAKN_COL_EXTRA) {
		struct pakn_buf name = PAKN_BUF_INIT;
		int nested_mapped = 1;

		/* Flatten only if every member maps to a key. */
		json_object_foreach (v, k2, v2) {
			pakn_buf_reset(&name);
			pakn_buf_addf(&name, "%s.%s", key, k2);
			if (pakn_col_for_header(name.data, name.len) ==
			    PAKN_COL_EXTRA)
				nested_mapped = 0;
		}
		if (nested_mapped && json_object_size(v) > 0) {
			json_object_foreach (v, k2, v2) {
				pakn_buf_reset(&name);
				pakn_buf_addf(&name, "%s.%s", key, k2);
				rc = take_json(c, name.data, v2, 1);
				if (rc != 0) {
					pakn_buf_release(&name);
					return rc;
				}
			}
			pakn_buf_release(&name);
			return 0;
		}
		pakn_buf_release(&name);
	}
	switch (json_typeof(v)) {
	case JSON_STRING:
		return take_value(c, i, json_string_value(v),
		                  json_string_length(v), 0, 0);
	case JSON_NULL: return take_value(c, i, "", 0, 0, 0);
	case JSON_TRUE: return take_value(c, i, "true", 4, 0, 0);
	case JSON_FALSE: return take_value(c, i, "false", 5, 0, 0);
	case JSON_INTEGER:
		snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
		         json_integer_value(v));
		return take_value(c, i, num, strlen(num), 0, 0);
	default:
		dump = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		if (dump == NULL)
			return take_value(c, i, "", 0, 0, 0);
		rc = take_value(c, i, dump, strlen(dump), !json_is_real(v), 0);
		free(dump);
		return rc;
	}
}

static void
take_object(struct ctx *c, const char *text, size_t n, long line,
            const char *format)
{
	json_error_t jerr;
	json_t *obj;
	const char *key;
	json_t *v;
	char msg[300];

	obj = json_loadb(text, n, 0, &jerr);
	if (obj == NULL || !json_is_object(obj)) {
		if (obj)
			snprintf(msg, sizeof msg, "not a JSON object");
		else
			snprintf(msg, sizeof msg, "invalid JSON: %s",
			         jerr.text);
		reject_row(c, line + (obj ? 0 : jerr.line - 1),
		           obj ? 0 : jerr.column, format, msg, text, n);
		json_decref(obj);
		return;
	}
	begin_row(c);
	json_object_foreach (obj, key, v) {
		if (take_json(c, key, v, 0) != 0) {
			json_decref(obj);
			reject_row(c, line, 0, format, c->err_text.data, text,
			           n);
			return;
		}
	}
	json_decref(obj);
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
			json_t *o = json_loadb(line, len, 0, NULL);
			const char *key;
			json_t *v;

			if (json_is_object(o))
				json_object_foreach (o, key, v)
					json_column(c, key);
			json_decref(o);
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

/*
 * A JSON array of objects: the elements are found by a light walk that
 * tracks strings, nesting and line numbers, and each is parsed alone, so
 * one bad element is rejected with its line and the others are kept.
 */
static int
read_json_array(struct ctx *c, struct pakn_in *in)
{
	struct pakn_buf all = PAKN_BUF_INIT;
	struct pakn_error err;
	const char *s, *end, *start = NULL;
	long line = 1, start_line = 0;
	int depth = 0, instr = 0, esc = 0;

	if (pakn_in_slurp(in, &all, &err) != 0) {
		pakn_warn_error(&err);
		pakn_buf_release(&all);
		return -1;
	}
	s = all.data ? all.data : "";
	end = s + all.len;
	while (s < end && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
		line += *s++ == '\n';
	if (s == end || *s != '[') {
		reject_row(c, line, 0, "json",
		           "expected a JSON array of objects", s,
		           (size_t)(end - s) > 200 ? 200 : (size_t)(end - s));
		pakn_buf_release(&all);
		return 0;
	}
	for (s++; s < end; s++) {
		char ch = *s;

		if (ch == '\n')
			line++;
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
				start_line = line;
			}
		} else if (ch == '}' || ch == ']') {
			if (depth == 0)
				break; /* the end of the array */
			if (--depth == 0) {
				if (c->list_columns) {
					json_t *o = json_loadb(
					    start, (size_t)(s + 1 - start), 0,
					    NULL);
					const char *key;
					json_t *v;

					if (json_is_object(o))
						json_object_foreach (o, key, v)
							json_column(c, key);
					json_decref(o);
					list_columns(c);
					pakn_buf_release(&all);
					return 0;
				}
				take_object(c, start, (size_t)(s + 1 - start),
				            start_line, "json");
			}
		}
	}
	if (depth > 0)
		reject_row(c, start_line, 0, "json",
		           "unterminated object at the end of the input", start,
		           (size_t)(end - start) > 200 ? 200
		                                       : (size_t)(end - start));
	pakn_buf_release(&all);
	return 0;
}

/* ---- one input file -------------------------------------------------- */

static int
ingest_file(struct ctx *c, const char *path)
{
	struct pakn_in in;
	struct pakn_error err;
	struct pakn_decoder *dec = NULL, *probe;
	struct pakn_buf sample = PAKN_BUF_INIT;
	enum pakn_encoding enc;
	enum fmt format = c->format;
	const char *p, *q;
	size_t n;
	int complete, rc = 0;
	char delim = c->delimiter;

	c->fname = pakn_display_name(path);
	if (pakn_in_open(&in, path, &err) != 0) {
		pakn_warn_error(&err);
		return -1;
	}
	if (pakn_in_peek(&in, SNIFF_BYTES, &p, &n, &complete, &err) != 0) {
		pakn_warn_error(&err);
		pakn_in_close(&in);
		return -1;
	}
	if (c->encoding) {
		pakn_encoding_parse(c->encoding, &enc);
		/* An explicit UTF-8 still drops a BOM. */
		if (enc == PAKN_ENC_UTF8 && n >= 3 &&
		    memcmp(p, "\xef\xbb\xbf", 3) == 0)
			enc = PAKN_ENC_UTF8_BOM;
	} else {
		enc = pakn_encoding_detect(p, n, complete);
	}
	if (enc == PAKN_ENC_UNKNOWN)
		enc = PAKN_ENC_UTF8;
	/* A decoded copy of the sample, for sniffing format and delimiter. */
	if (enc == PAKN_ENC_UTF8 || enc == PAKN_ENC_UTF8_BOM) {
		if (enc == PAKN_ENC_UTF8_BOM && n >= 3 &&
		    memcmp(p, "\xef\xbb\xbf", 3) == 0) {
			pakn_in_drop_peeked(&in, 3);
			pakn_in_peek(&in, 0, &p, &n, &complete, &err);
		}
		pakn_buf_add(&sample, p, n);
	} else {
		probe = pakn_decoder_new(enc, &err);
		dec = pakn_decoder_new(enc, &err);
		if (probe == NULL || dec == NULL) {
			pakn_warn_error(&err);
			pakn_decoder_free(probe);
			pakn_decoder_free(dec);
			pakn_in_close(&in);
			return -1;
		}
		pakn_decoder_feed(probe, p, n, complete, &sample, &err);
		pakn_decoder_free(probe);
		pakn_in_set_decoder(&in, dec);
	}
	if (format == FMT_AUTO) {
		q = sample.data ? sample.data : "";
		while (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')
			q++;
		format = *q == '{' ? FMT_JSONL : *q == '[' ? FMT_JSON : FMT_CSV;
	}
	if (format == FMT_CSV && delim == 0)
		delim =
		    pakn_csv_sniff(sample.data ? sample.data : "", sample.len);
	if (c->verbose)
		pakn_warn_at(c->fname, 0, 0, "encoding %s, format %s%s%s%s",
		             pakn_encoding_name(enc), fmt_name[format],
		             format == FMT_CSV ? ", delimiter '" : "",
		             format == FMT_CSV
		                 ? (delim == '\t' ? "\\t" : (char[]){delim, 0})
		                 : "",
		             format == FMT_CSV ? "'" : "");
	pakn_buf_release(&sample);
	free_columns(c);
	switch (format) {
	case FMT_CSV: rc = read_csv(c, &in, delim); break;
	case FMT_JSONL: rc = read_jsonl(c, &in); break;
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

static enum fmt
parse_format(const char *s)
{
	if (strcmp(s, "csv") == 0)
		return FMT_CSV;
	if (strcmp(s, "jsonl") == 0 || strcmp(s, "ndjson") == 0)
		return FMT_JSONL;
	if (strcmp(s, "json") == 0)
		return FMT_JSON;
	pakn_warn("unknown format '%s' (expected csv, jsonl or json)", s);
	usage(stderr, PAKN_EXIT_USAGE);
	return FMT_AUTO;
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
	enum pakn_encoding enc;
	char *end;
	long v;
	size_t k;

	pakn_setprogname(argv[0]);
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
			if (pakn_encoding_parse(optarg, &enc) != 0)
				pakn_die(PAKN_EXIT_USAGE,
				         "--encoding '%s': unknown (expected "
				         "utf-8, utf-16, utf-16le, utf-16be, "
				         "windows-1258, tcvn3, vni)",
				         optarg);
			c.encoding = optarg;
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
		if (c.format == FMT_AUTO && prof.format)
			c.format = parse_format(prof.format);
		if (!c.delimiter)
			c.delimiter = prof.delimiter;
		if (!c.encoding && prof.encoding) {
			if (pakn_encoding_parse(prof.encoding, &enc) != 0) {
				pakn_warn_at(profile, 0, 0,
				             "unknown encoding '%s'",
				             prof.encoding);
				pakn_profile_release(&prof);
				pakn_profile_release(&c.maps);
				return PAKN_EXIT_USAGE;
			}
			c.encoding = prof.encoding;
		}
		if (!order_set && prof.date_order >= 0)
			c.order = (enum pakn_date_order)prof.date_order;
		for (k = 0; k < prof.nmaps; k++)
			pakn_profile_add_map(&c.maps, prof.maps[k].header,
			                     strlen(prof.maps[k].header),
			                     prof.maps[k].col);
	}
	if (c.list_columns) {
		for (i = optind; i < argc || i == optind; i++) {
			if (argc - optind > 1)
				printf("# %s\n", argv[i]);
			if (ingest_file(&c, i < argc ? argv[i] : NULL) != 0)
				status = PAKN_EXIT_IO;
			if (i >= argc)
				break;
		}
		free_columns(&c);
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
	for (i = optind; i < argc || i == optind; i++) {
		rc = ingest_file(&c, i < argc ? argv[i] : NULL);
		if (rc == -2 && status == PAKN_EXIT_OK)
			status = PAKN_EXIT_REJECTS;
		else if (rc != 0)
			status = PAKN_EXIT_IO;
		if (!pakn_out_ok(&c.out) || i >= argc)
			break;
	}
	free_columns(&c);
	status = pakn_finish(&c.out, &c.rej, c.rejected, status);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (c.verbose || (!c.quiet && c.rejected > 0))
		pakn_warn("rows read %lu = written %lu + rejected %lu + "
		          "duplicates dropped %lu"
		          "%s (%.2f s)",
		          c.read, c.written, c.rejected, c.dropped,
		          c.soft ? "; unreadable optional dates kept in extra"
		                 : "",
		          (double)(t1.tv_sec - t0.tv_sec) +
		              (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
done:
	for (i = 0; i < 5; i++)
		for (k = 0; k < LABEL_CACHE; k++)
			free(c.cache[i].label[k]);
	pakn_buf_release(&c.vals);
	pakn_buf_release(&c.tmp);
	pakn_buf_release(&c.tmp2);
	pakn_buf_release(&c.err_text);
	free(c.extra);
	free(c.seen);
	if (profile)
		pakn_profile_release(&prof);
	pakn_profile_release(&c.maps);
	return status;
}
