/*
 * rowrec.c: one row of an export into one PAKN record (see rowrec.h).
 */
#include "rowrec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phone.h"
#include "text.h"

/* The column a header means: --map/profile first (exact, then folded),
 * then the built-in list. */
static int
map_header(struct pakn_rowrec *r, const char *h, size_t n, const char **how)
{
	size_t i, nm = r->maps ? r->maps->nmaps : 0;

	for (i = 0; i < nm; i++)
		if (strlen(r->maps->maps[i].header) == n &&
		    memcmp(r->maps->maps[i].header, h, n) == 0) {
			*how = "--map";
			return r->maps->maps[i].col;
		}
	if (nm > 0) {
		pakn_text_fold_key(h, n, &r->tmp);
		for (i = 0; i < nm; i++) {
			pakn_text_fold_key(r->maps->maps[i].header,
			                   strlen(r->maps->maps[i].header),
			                   &r->tmp2);
			if (strcmp(r->tmp.data, r->tmp2.data) == 0) {
				*how = "--map";
				return r->maps->maps[i].col;
			}
		}
	}
	*how = "built-in";
	return pakn_col_for_header(h, n);
}

/* s[0..n) with each byte that is not valid UTF-8, and each NUL, replaced
 * by U+FFFD, into out. */
static void
repair_utf8(const char *s, size_t n, struct pakn_buf *out)
{
	size_t bad, i;

	pakn_buf_reset(out);
	while (n > 0) {
		if (pakn_utf8_valid(s, n, &bad))
			bad = n;
		for (i = 0; i < bad; i++) {
			if (s[i] == '\0')
				pakn_buf_adds(out, "\xef\xbf\xbd");
			else
				pakn_buf_addc(out, s[i]);
		}
		if (bad == n)
			break;
		pakn_buf_adds(out, "\xef\xbf\xbd");
		s += bad + 1;
		n -= bad + 1;
	}
	pakn_buf_grow(out, 0);
	out->data[out->len] = '\0';
}

/* Whether an earlier column going to extra has the header h. */
static int
extra_taken(const struct pakn_rowrec *r, const char *h)
{
	size_t i;

	for (i = 0; i < r->ncols; i++)
		if (r->cols[i].col == PAKN_COL_EXTRA &&
		    strcmp(r->cols[i].header, h) == 0)
			return 1;
	return 0;
}

/*
 * The keys of extra must differ (a record is JSON without duplicate keys):
 * a column going to extra under a header an earlier one has there (two
 * empty headers, two "Ghi chú") is named "Ghi chú (9)", after its column.
 */
static void
unique_extra(struct pakn_rowrec *r, struct pakn_rowrec_column *col)
{
	struct pakn_buf b = PAKN_BUF_INIT;
	size_t n = r->ncols + 1;

	if (!extra_taken(r, col->header))
		return;
	do {
		pakn_buf_reset(&b);
		pakn_buf_addf(&b, "%s (%zu)", col->header, n++);
	} while (extra_taken(r, b.data));
	free(col->header);
	col->header = pakn_xstrndup(b.data, b.len);
	pakn_buf_release(&b);
}

/* Adds a column; a second column for the same key goes to extra. */
size_t
pakn_rowrec_add_column(struct pakn_rowrec *r, const char *h, size_t n, int csv)
{
	struct pakn_rowrec_column *col;
	const char *how;
	size_t i;
	int k;

	r->cols = pakn_xrealloc(r->cols, (r->ncols + 1) * sizeof *r->cols);
	col = &r->cols[r->ncols];
	col->repaired = 0;
	pakn_text_trim(&h, &n);
	if (!pakn_utf8_valid(h, n, NULL) || memchr(h, '\0', n) != NULL) {
		repair_utf8(h, n, &r->tmp2);
		h = r->tmp2.data;
		n = r->tmp2.len;
		col->repaired = 1;
	}
	if (pakn_text_nfc(h, n, &r->tmp) == 0)
		col->header = pakn_xstrndup(r->tmp.data, r->tmp.len);
	else
		col->header = pakn_xstrndup(h, n);
	k = map_header(r, col->header, strlen(col->header), &how);
	col->how = how;
	if (csv && k != PAKN_COL_EXTRA && k != PAKN_COL_IGNORE)
		for (i = 0; i < r->ncols; i++)
			if (r->cols[i].col == k) {
				k = PAKN_COL_EXTRA;
				col->how = "duplicate";
				break;
			}
	col->col = k;
	if (k == PAKN_COL_EXTRA)
		unique_extra(r, col);
	return r->ncols++;
}

static void
add_extra(struct pakn_rowrec *r, size_t header, const char *s, size_t n,
          int json, int borrow)
{
	struct pakn_rowrec_extra *x;

	if (r->nextra == r->capextra) {
		r->capextra = r->capextra ? 2 * r->capextra : 16;
		r->extra =
		    pakn_xrealloc(r->extra, r->capextra * sizeof *r->extra);
	}
	x = &r->extra[r->nextra++];
	x->header = header;
	x->n = n;
	x->json = json;
	x->p = borrow ? s : NULL;
	x->off = r->vals.len;
	if (!borrow)
		pakn_buf_add(&r->vals, s, n);
}

static void
set_slot(struct pakn_rowrec *r, int k, const char *s, size_t n, int borrow)
{
	r->slot[k].n = n;
	r->slot[k].set = 1;
	r->slot[k].p = borrow ? s : NULL;
	r->slot[k].off = r->vals.len;
	if (!borrow)
		pakn_buf_add(&r->vals, s, n);
}

/* Where a slot's or an extra's bytes are. */
static const char *
slot_data(const struct pakn_rowrec *r, int k)
{
	return r->slot[k].p ? r->slot[k].p : r->vals.data + r->slot[k].off;
}

static const char *
extra_data(const struct pakn_rowrec *r, size_t i)
{
	return r->extra[i].p ? r->extra[i].p : r->vals.data + r->extra[i].off;
}

static const char *
label_lookup(struct pakn_rowrec *r, enum pakn_label kind, const char *s,
             size_t n)
{
	struct pakn_rowrec_labels *lc = &r->labels[kind];
	uint32_t h = 2166136261u;
	size_t i;
	const char *v;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	h %= PAKN_ROWREC_LABEL_CACHE;
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
seen_before(struct pakn_rowrec *r, const char *id, size_t n)
{
	uint64_t h = mix64(hash64(id, n, 1469598103934665603ull)) | 1;
	size_t i, mask;

	if (r->seen_n * 2 >= r->seen_cap) {
		uint64_t *old = r->seen;
		size_t oldcap = r->seen_cap, j;

		r->seen_cap = r->seen_cap ? r->seen_cap * 2 : 1024;
		r->seen = pakn_xcalloc(r->seen_cap, sizeof *r->seen);
		for (j = 0; j < oldcap; j++) {
			if (old[j] == 0)
				continue;
			i = old[j] & (r->seen_cap - 1);
			while (r->seen[i])
				i = (i + 1) & (r->seen_cap - 1);
			r->seen[i] = old[j];
		}
		free(old);
	}
	mask = r->seen_cap - 1;
	for (i = h & mask; r->seen[i]; i = (i + 1) & mask)
		if (r->seen[i] == h)
			return 1;
	r->seen[i] = h;
	r->seen_n++;
	return 0;
}

static int
is_date_col(int k)
{
	return k == PAKN_COL_RECEIVED_AT || k == PAKN_COL_DUE_AT ||
	       k == PAKN_COL_ANSWERED_AT || k == PAKN_COL_CLOSED_AT ||
	       k == PAKN_COL_REPORTED_BACK || k == PAKN_COL_COORD_REPLIED ||
	       k == PAKN_COL_TRANSFER_AT;
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
 * with r->err saying why the row cannot become a record.  stable: s
 * stays unchanged until the row is written (a CSV field), so it need not
 * be copied.
 */
static int
take_value(struct pakn_rowrec *r, size_t i, const char *s, size_t n, int json,
           int stable)
{
	struct pakn_rowrec_column *col = &r->cols[i];
	int k = col->col, lk;
	struct pakn_time t;
	struct pakn_error err;
	char phone[PAKN_PHONE_SIZE];
	const char *v;
	size_t bad;

	if (k == PAKN_COL_IGNORE)
		return 0;
	if (r->max_value > 0 && n > r->max_value) {
		pakn_buf_reset(&r->err);
		pakn_buf_addf(&r->err,
		              "column '%s': value over the size cap (%zu "
		              "bytes, the cap is %zu)",
		              col->header, n, r->max_value);
		return -1;
	}
	if (json && k == PAKN_COL_COORD && s[0] == '[' && !r->slot[k].set) {
		/* a JSON list of requests, kept as it is (the judge reads
		 * it: deadline.h pakn_judge_coordination) */
		set_slot(r, k, s, n, stable);
		r->coord_json = 1;
		return 0;
	}
	if (k == PAKN_COL_TRANSFERS && (!json || s[0] != '[')) {
		/* only a JSON list is a forwarding history */
		add_extra(r, i, s, n, json, stable);
		return 0;
	}
	if (json && k == PAKN_COL_TRANSFERS && !r->slot[k].set) {
		set_slot(r, k, s, n, stable);
		return 0;
	}
	if (json && k != PAKN_COL_EXTRA) {
		pakn_buf_reset(&r->err);
		pakn_buf_addf(&r->err,
		              "column '%s': expected text, found a JSON %s",
		              col->header, s[0] == '[' ? "array" : "object");
		return -1;
	}
	if (!json) {
		int check = pakn_text_check(s, n, &bad);

		if (check == 0) {
			pakn_buf_reset(&r->err);
			pakn_buf_addf(&r->err,
			              "column '%s': bytes invalid in the "
			              "encoding at byte %zu (try --encoding)",
			              col->header, bad + 1);
			return -1;
		}
		if ((v = memchr(s, '\0', n)) != NULL) {
			pakn_buf_reset(&r->err);
			pakn_buf_addf(&r->err,
			              "column '%s': a NUL byte at byte %zu (a "
			              "damaged or binary file?)",
			              col->header, (size_t)(v - s) + 1);
			return -1;
		}
		pakn_text_trim(&s, &n);
		if (check == 1) {
			pakn_text_nfc(s, n, &r->tmp);
			s = r->tmp.data;
			n = r->tmp.len;
			stable = 0;
		}
	}
	if (k == PAKN_COL_EXTRA || r->slot[k].set) {
		/* Unmapped, or a second value for a key already set. */
		add_extra(r, i, s, n, json, stable);
		return 0;
	}
	if (n == 0)
		return 0;
	if (memchr(s, '\r', n)) {
		/* Line breaks inside a text are '\n', whatever the file used.
		 */
		size_t j, o = 0;

		pakn_buf_reset(&r->tmp2);
		pakn_buf_add(&r->tmp2, s, n);
		for (j = 0; j < n; j++)
			if (!(s[j] == '\r' && j + 1 < n && s[j + 1] == '\n'))
				r->tmp2.data[o++] = s[j];
		r->tmp2.len = o;
		pakn_buf_reset(&r->tmp);
		pakn_buf_add(&r->tmp, r->tmp2.data, o);
		s = r->tmp.data;
		n = r->tmp.len;
		stable = 0;
	}
	if (is_date_col(k)) {
		if (pakn_time_parse(s, n, r->order, &t, &err) != 0) {
			if (k == PAKN_COL_RECEIVED_AT) {
				pakn_buf_reset(&r->err);
				pakn_buf_addf(&r->err, "column '%s': %s",
				              col->header, err.text);
				return -1;
			}
			/* An unreadable optional date is kept as written. */
			r->soft++;
			add_extra(r, i, s, n, 0, stable);
			return 0;
		}
		if (k == PAKN_COL_DUE_AT && !t.has_time) {
			/* A due date is due at the end of its day (RECORD.md):
			 * an answer that day is on time. */
			t.hour = 23;
			t.min = t.sec = 59;
			t.has_time = 1;
		}
		pakn_buf_reset(&r->tmp2);
		pakn_time_format(&t, &r->tmp2);
		set_slot(r, k, r->tmp2.data, r->tmp2.len, 0);
		if (k == PAKN_COL_COORD_REPLIED)
			r->coord_replied_col = i;
		return 0;
	}
	if (k == PAKN_COL_BEYOND) {
		int yes = pakn_flag_value(s, n);

		if (yes < 0) { /* neither yes nor no: kept as written */
			add_extra(r, i, s, n, 0, stable);
			return 0;
		}
		set_slot(r, k, yes ? "true" : "false", yes ? 4 : 5, 1);
		return 0;
	}
	if (k == PAKN_COL_STATUS && label_lookup(r, PAKN_LABEL_BEYOND, s, n))
		r->beyond_status = 1;
	lk = label_kind(k);
	if (lk >= 0) {
		v = label_lookup(r, (enum pakn_label)lk, s, n);
		if (v == NULL) {
			/* Unknown label: "other", the label kept in extra. */
			v = "other";
			add_extra(r, i, s, n, 0, stable);
		}
		set_slot(r, k, v, strlen(v), 1); /* a static string */
		return 0;
	}
	if (k == PAKN_COL_SUB_PHONE && pakn_phone_normalize(s, n, phone) == 0) {
		set_slot(r, k, phone, strlen(phone), 0);
		return 0;
	}
	set_slot(r, k, s, n, stable);
	return 0;
}

static void
begin_row(struct pakn_rowrec *r)
{
	memset(r->slot, 0, sizeof r->slot);
	r->nextra = 0;
	r->beyond_status = 0;
	r->coord_json = 0;
	pakn_buf_reset(&r->vals);
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
put_slot(struct pakn_rowrec *r, struct pakn_buf *o, int *first, int k,
         const char *key)
{
	if (r->slot[k].set)
		put_key_str(o, first, key, slot_data(r, k), r->slot[k].n);
}

/* Writes the nested object of the slots from..to (keys after the dot). */
static void
put_group(struct pakn_rowrec *r, struct pakn_buf *o, int *first,
          const char *name, int from, int to)
{
	int k, any = 0, inner = 1;
	const char *key;

	for (k = from; k <= to; k++)
		any |= r->slot[k].set;
	if (!any)
		return;
	if (!*first)
		pakn_buf_addc(o, ',');
	*first = 0;
	pakn_buf_add_json_cstr(o, name);
	pakn_buf_adds(o, ":{");
	for (k = from; k <= to; k++) {
		key = strchr(pakn_col_key(k), '.') + 1;
		put_slot(r, o, &inner, k, key);
	}
	pakn_buf_addc(o, '}');
}

/* The agencies of the coordination column (';', ',' or a line apart):
 * written to o as requests when o is not NULL; their number. */
static size_t
coord_agencies(const struct pakn_rowrec *r, struct pakn_buf *o)
{
	const char *s = slot_data(r, PAKN_COL_COORD), *p, *q, *end;
	size_t n = 0, len;

	if (!r->slot[PAKN_COL_COORD].set)
		return 0;
	end = s + r->slot[PAKN_COL_COORD].n;
	for (p = s; p < end; p = q + 1) {
		const char *a = p;

		for (q = p; q < end && *q != ';' && *q != ',' && *q != '\n';
		     q++)
			;
		len = (size_t)(q - a);
		pakn_text_trim(&a, &len);
		if (len == 0)
			continue;
		if (o) {
			pakn_buf_adds(o, n ? ",{\"agency\":" : "{\"agency\":");
			pakn_buf_add_json_string(o, a, len);
			if (r->slot[PAKN_COL_COORD_REPLIED].set) {
				pakn_buf_adds(o, ",\"replied_at\":");
				pakn_buf_add_json_string(
				    o, slot_data(r, PAKN_COL_COORD_REPLIED),
				    r->slot[PAKN_COL_COORD_REPLIED].n);
			}
			pakn_buf_addc(o, '}');
		}
		n++;
	}
	return n;
}

/*
 * The coordination list: one request {agency} per agency of the column,
 * asked at the receipt (pakn-route adds the cc agencies'), the reply date
 * with it when there is one agency.  With several, which one replied is
 * not known: the date is kept in `extra` under its header (before the id
 * is made, so that it counts in it as every kept value does).
 */
static void
coord_prepare(struct pakn_rowrec *r)
{
	struct pakn_rowrec_slot *d = &r->slot[PAKN_COL_COORD_REPLIED];

	if (!d->set || (!r->coord_json && coord_agencies(r, NULL) == 1))
		return;
	pakn_buf_reset(&r->tmp2);
	pakn_buf_add(&r->tmp2, slot_data(r, PAKN_COL_COORD_REPLIED), d->n);
	d->set = 0;
	add_extra(r, r->coord_replied_col, r->tmp2.data, r->tmp2.len, 0, 0);
}

/* The forwarding history: a JSON list as it came, or the one transfer
 * of the columns Đơn vị chuyển, Ngày chuyển, Lý do chuyển (to the agency
 * of the row). */
static void
put_transfers(struct pakn_rowrec *r, struct pakn_buf *o)
{
	int first = 1;

	if (r->slot[PAKN_COL_TRANSFERS].set) {
		pakn_buf_adds(o, ",\"transfers\":");
		pakn_buf_add(o, slot_data(r, PAKN_COL_TRANSFERS),
		             r->slot[PAKN_COL_TRANSFERS].n);
		return;
	}
	if (!r->slot[PAKN_COL_TRANSFER_FROM].set &&
	    !r->slot[PAKN_COL_TRANSFER_AT].set &&
	    !r->slot[PAKN_COL_TRANSFER_WHY].set)
		return;
	pakn_buf_adds(o, ",\"transfers\":[{");
	put_slot(r, o, &first, PAKN_COL_TRANSFER_FROM, "from");
	put_slot(r, o, &first, PAKN_COL_AGENCY, "to");
	put_slot(r, o, &first, PAKN_COL_TRANSFER_AT, "at");
	put_slot(r, o, &first, PAKN_COL_TRANSFER_WHY, "reason");
	pakn_buf_adds(o, "}]");
}

static void
put_coordination(struct pakn_rowrec *r, struct pakn_buf *o)
{
	if (r->coord_json) {
		pakn_buf_adds(o, ",\"coordination\":");
		pakn_buf_add(o, slot_data(r, PAKN_COL_COORD),
		             r->slot[PAKN_COL_COORD].n);
		return;
	}
	if (coord_agencies(r, NULL) == 0)
		return;
	pakn_buf_adds(o, ",\"coordination\":[");
	coord_agencies(r, o);
	pakn_buf_addc(o, ']');
}

const char *
pakn_rowrec_id(const struct pakn_rowrec *r, char buf[PAKN_ROWREC_ID_SIZE],
               size_t *n)
{
	uint64_t h;
	size_t i;

	if (r->slot[PAKN_COL_ID].set) {
		*n = r->slot[PAKN_COL_ID].n;
		return slot_data(r, PAKN_COL_ID);
	}
	/* A stable id from the row's values: same row, same id. */
	h = 1469598103934665603ull;
	for (i = 0; i < PAKN_COL_COUNT; i++)
		if (r->slot[i].set)
			h = hash64(slot_data(r, (int)i), r->slot[i].n,
			           h ^ (i + 1));
	for (i = 0; i < r->nextra; i++)
		h = hash64(extra_data(r, i), r->extra[i].n, h ^ 0x1f);
	h = mix64(h);
	buf[0] = 'h';
	for (i = 0; i < 16; i++)
		buf[1 + i] = "0123456789abcdef"[(h >> (60 - 4 * i)) & 0xf];
	buf[17] = '\0';
	*n = 17;
	return buf;
}

int
pakn_rowrec_end(struct pakn_rowrec *r, struct pakn_buf *o, const char *file,
                long line, const char *format)
{
	char idbuf[PAKN_ROWREC_ID_SIZE];
	const char *id;
	size_t idn, i;
	int first = 1;

	if (!r->slot[PAKN_COL_RECEIVED_AT].set) {
		pakn_buf_reset(&r->err);
		pakn_buf_adds(&r->err, "no receipt date (received_at)");
		return -1;
	}
	if (!r->slot[PAKN_COL_CONTENT].set) {
		pakn_buf_reset(&r->err);
		pakn_buf_adds(&r->err, "empty content");
		return -1;
	}
	coord_prepare(r);
	id = pakn_rowrec_id(r, idbuf, &idn);
	if (r->dedupe && seen_before(r, id, idn))
		return 1;
	pakn_buf_addc(o, '{');
	put_key_str(o, &first, "id", id, idn);
	put_slot(r, o, &first, PAKN_COL_RECEIVED_AT, "received_at");
	if (r->slot[PAKN_COL_CHANNEL].set)
		put_slot(r, o, &first, PAKN_COL_CHANNEL, "channel");
	else
		put_key_str(o, &first, "channel", "other", 5);
	put_slot(r, o, &first, PAKN_COL_KIND, "kind");
	put_slot(r, o, &first, PAKN_COL_TITLE, "title");
	put_slot(r, o, &first, PAKN_COL_CONTENT, "content");
	put_slot(r, o, &first, PAKN_COL_CATEGORY, "category");
	put_group(r, o, &first, "submitter", PAKN_COL_SUB_NAME,
	          PAKN_COL_SUB_ORG);
	put_group(r, o, &first, "location", PAKN_COL_LOC_PROVINCE,
	          PAKN_COL_LOC_COMMUNE);
	put_slot(r, o, &first, PAKN_COL_STATUS, "status");
	/* a JSON boolean: the column's yes, or a status saying so */
	if (r->beyond_status || (r->slot[PAKN_COL_BEYOND].set &&
	                         slot_data(r, PAKN_COL_BEYOND)[0] == 't'))
		pakn_buf_adds(o, ",\"beyond_authority\":true");
	else if (r->slot[PAKN_COL_BEYOND].set)
		pakn_buf_adds(o, ",\"beyond_authority\":false");
	put_slot(r, o, &first, PAKN_COL_AGENCY, "agency");
	put_slot(r, o, &first, PAKN_COL_DUE_AT, "due_at");
	put_slot(r, o, &first, PAKN_COL_ANSWERED_AT, "answered_at");
	put_slot(r, o, &first, PAKN_COL_CLOSED_AT, "closed_at");
	put_slot(r, o, &first, PAKN_COL_REPORTED_BACK, "reported_back_at");
	put_slot(r, o, &first, PAKN_COL_SATISFACTION, "satisfaction");
	put_slot(r, o, &first, PAKN_COL_ANSWER, "answer");
	put_coordination(r, o);
	put_transfers(r, o);
	if (r->nextra > 0) {
		pakn_buf_adds(o, ",\"extra\":{");
		for (i = 0; i < r->nextra; i++) {
			if (i > 0)
				pakn_buf_addc(o, ',');
			pakn_buf_add_json_cstr(
			    o, r->cols[r->extra[i].header].header);
			pakn_buf_addc(o, ':');
			if (r->extra[i].json)
				pakn_buf_add(o, extra_data(r, i),
				             r->extra[i].n);
			else
				pakn_buf_add_json_string(o, extra_data(r, i),
				                         r->extra[i].n);
		}
		pakn_buf_addc(o, '}');
	}
	pakn_buf_adds(o, ",\"source\":{\"file\":");
	pakn_buf_add_json_cstr(o, file);
	pakn_buf_adds(o, ",\"line\":");
	pakn_buf_add_ulong(o, (unsigned long)line);
	if (r->sheet) {
		pakn_buf_adds(o, ",\"sheet\":");
		pakn_buf_add_json_cstr(o, r->sheet);
	}
	pakn_buf_adds(o, ",\"format\":\"");
	pakn_buf_adds(o, format);
	pakn_buf_adds(o, "\"}}\n");
	return 0;
}

const char *
pakn_rowrec_error(const struct pakn_rowrec *r)
{
	return r->err.data ? r->err.data : "";
}

/* The column index for a JSON key (columns grow as keys appear). */
size_t
pakn_rowrec_json_column(struct pakn_rowrec *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->ncols; i++)
		if (strcmp(r->cols[i].header, key) == 0)
			return i;
	return pakn_rowrec_add_column(r, key, strlen(key), 0);
}

/* Takes one member; nested objects are flattened one level with dotted
 * names ("submitter.phone") when they map to record keys. */
static int
take_json(struct pakn_rowrec *r, const char *key, json_t *v, int depth)
{
	const char *k2;
	json_t *v2;
	char *dump, num[64];
	size_t i;
	int rc;

	i = pakn_rowrec_json_column(r, key);
	if (json_is_object(v) && depth == 0 &&
	    r->cols[i].col == PAKN_COL_EXTRA) {
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
				rc = take_json(r, name.data, v2, 1);
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
		return take_value(r, i, json_string_value(v),
		                  json_string_length(v), 0, 0);
	case JSON_NULL: return take_value(r, i, "", 0, 0, 0);
	case JSON_TRUE: return take_value(r, i, "true", 4, 0, 0);
	case JSON_FALSE: return take_value(r, i, "false", 5, 0, 0);
	case JSON_INTEGER:
		snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
		         json_integer_value(v));
		return take_value(r, i, num, strlen(num), 0, 0);
	default:
		dump = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		if (dump == NULL)
			return take_value(r, i, "", 0, 0, 0);
		rc = take_value(r, i, dump, strlen(dump), !json_is_real(v), 0);
		free(dump);
		return rc;
	}
}

int
pakn_rowrec_take_object(struct pakn_rowrec *r, json_t *obj)
{
	const char *key;
	json_t *v;

	begin_row(r);
	json_object_foreach (obj, key, v)
		if (take_json(r, key, v, 0) != 0)
			return -1;
	return 0;
}

int
pakn_rowrec_take_csv(struct pakn_rowrec *r, const char *const *field,
                     const size_t *len, size_t n)
{
	size_t i;

	if (n != r->ncols) {
		pakn_buf_reset(&r->err);
		pakn_buf_addf(&r->err, "expected %zu fields, found %zu",
		              r->ncols, n);
		return -1;
	}
	begin_row(r);
	for (i = 0; i < n; i++)
		if (take_value(r, i, field[i], len[i], 0, 1) != 0)
			return -1;
	return 0;
}

int
pakn_rowrec_take_json(struct pakn_rowrec *r, const char *text, size_t n,
                      long *line, long *column)
{
	json_error_t jerr;
	json_t *obj;
	int rc;

	*line = *column = 0;
	/* A \u0000 is valid JSON: take it, to reject it with a clear
	 * reason (take_value), not jansson's. */
	obj = json_loadb(text, n, JSON_ALLOW_NUL, &jerr);
	if (obj == NULL) {
		pakn_buf_reset(&r->err);
		pakn_buf_addf(&r->err, "invalid JSON: %s", jerr.text);
		*line = jerr.line - 1;
		*column = jerr.column;
		return -1;
	}
	if (!json_is_object(obj)) {
		json_decref(obj);
		pakn_buf_reset(&r->err);
		pakn_buf_adds(&r->err, "not a JSON object");
		return -1;
	}
	rc = pakn_rowrec_take_object(r, obj);
	json_decref(obj);
	return rc;
}

void
pakn_rowrec_json_columns(struct pakn_rowrec *r, const char *text, size_t n)
{
	json_t *o = json_loadb(text, n, 0, NULL);
	const char *key;
	json_t *v;

	if (json_is_object(o))
		json_object_foreach (o, key, v)
			pakn_rowrec_json_column(r, key);
	json_decref(o);
}

void
pakn_rowrec_init(struct pakn_rowrec *r, const struct pakn_profile *maps,
                 enum pakn_date_order order, int dedupe)
{
	memset(r, 0, sizeof *r);
	r->maps = maps;
	r->order = order;
	r->dedupe = dedupe;
}

void
pakn_rowrec_clear_columns(struct pakn_rowrec *r)
{
	size_t i;

	for (i = 0; i < r->ncols; i++)
		free(r->cols[i].header);
	free(r->cols);
	r->cols = NULL;
	r->ncols = 0;
}

void
pakn_rowrec_release(struct pakn_rowrec *r)
{
	size_t i, k;

	pakn_rowrec_clear_columns(r);
	for (i = 0; i < sizeof r->labels / sizeof r->labels[0]; i++)
		for (k = 0; k < PAKN_ROWREC_LABEL_CACHE; k++)
			free(r->labels[i].label[k]);
	pakn_buf_release(&r->vals);
	pakn_buf_release(&r->tmp);
	pakn_buf_release(&r->tmp2);
	pakn_buf_release(&r->err);
	free(r->extra);
	free(r->seen);
	memset(r, 0, sizeof *r);
}
