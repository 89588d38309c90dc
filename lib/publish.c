/*
 * publish.c: the publication entry of a case, its writers and the leak
 * check (see publish.h).
 */
#include "publish.h"

#include <errno.h>
#include <gcrypt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "text.h"

static const char *const field_names[PAKN_PF_COUNT] = {
    "id",       "received_at", "answered_at", "closed_at", "channel",
    "kind",     "category",    "category_id", "agency",    "agency_name",
    "district", "commune",     "title",       "content",   "answer"};

const char *
pakn_pub_field_name(enum pakn_pub_field f)
{
	return (f >= 0 && f < PAKN_PF_COUNT) ? field_names[f] : "?";
}

void
pakn_publish_init(struct pakn_publish *p, const char *salt)
{
	memset(p, 0, sizeof *p);
	pakn_mask_init(&p->mask);
	if (salt) {
		p->salt = pakn_xstrdup(salt);
		p->saltlen = strlen(salt);
		gcry_check_version(NULL);
		gcry_control(GCRYCTL_DISABLE_SECMEM, 0);
		gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
	}
}

void
pakn_publish_release(struct pakn_publish *p)
{
	int i;

	pakn_mask_release(&p->mask);
	for (i = 0; i < PAKN_PF_COUNT; i++)
		pakn_buf_release(&p->f[i]);
	free(p->masked);
	free(p->salt);
	pakn_buf_release(&p->err);
	pakn_buf_release(&p->tmp);
	memset(p, 0, sizeof *p);
}

/* The 32 hex digits of HMAC-SHA-256(salt, id) (128 bits: enough never to
 * collide in a province's cases, short enough to read). */
static void
keyed_id(struct pakn_publish *p, const char *id, size_t n, struct pakn_buf *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char *mac;
	gcry_md_hd_t h;
	int i;

	pakn_buf_reset(out);
	if (gcry_md_open(&h, GCRY_MD_SHA256, GCRY_MD_FLAG_HMAC) != 0 ||
	    gcry_md_setkey(h, p->salt, p->saltlen) != 0) {
		pakn_buf_adds(out, "?");
		return;
	}
	gcry_md_write(h, id, n);
	mac = gcry_md_read(h, GCRY_MD_SHA256);
	for (i = 0; i < 16; i++) {
		pakn_buf_addc(out, hex[mac[i] >> 4]);
		pakn_buf_addc(out, hex[mac[i] & 15]);
	}
	gcry_md_close(h);
}

/* A string member of an object value (raw JSON); 0, or -1 if absent or
 * not a string. */
static int
obj_str(const char *obj, size_t len, const char *key, struct pakn_buf *out)
{
	const char *v;
	size_t vl;
	enum pakn_jtype t;

	if (pakn_json_object_get(obj, len, key, &v, &vl, &t) != 0 ||
	    t != PAKN_J_STRING)
		return -1;
	pakn_json_string_decode(v, vl, out);
	return 0;
}

static int
blank(const struct pakn_buf *b)
{
	const char *s = b->data;
	size_t n = b->len;

	pakn_text_trim(&s, &n);
	return n == 0;
}

/* Whether a kind label means a denunciation ("denunciation", "Tố cáo"). */
static int
is_denunciation(struct pakn_publish *p, const struct pakn_buf *kind)
{
	pakn_text_fold_key(kind->data, kind->len, &p->tmp);
	return strstr(p->tmp.data ? p->tmp.data : "", "denunciation") ||
	       strstr(p->tmp.data ? p->tmp.data : "", "to cao");
}

static int
withheld(const struct pakn_record *r, struct pakn_buf *tmp)
{
	const struct pakn_member *m = pakn_record_find(r, "publish");

	if (m == NULL)
		return 0;
	if (m->type == PAKN_J_FALSE)
		return 1;
	if (m->type == PAKN_J_STRING) {
		pakn_json_string_decode(m->val, m->vallen, tmp);
		return strcmp(tmp->data, "false") == 0 ||
		       strcmp(tmp->data, "no") == 0 ||
		       strcmp(tmp->data, "0") == 0;
	}
	return 0;
}

static void
submitter_values(struct pakn_publish *p, const char *obj, size_t len)
{
	static const char *const keys[] = {"name", "phone", "email", "address"};
	static const enum pakn_mask_kind kinds[] = {
	    PAKN_MASK_SUBMITTER_NAME, PAKN_MASK_SUBMITTER_PHONE,
	    PAKN_MASK_SUBMITTER_EMAIL, PAKN_MASK_SUBMITTER_ADDRESS};
	struct pakn_json_val v[4];
	size_t i;

	/* one pass over the object for the four values */
	if (pakn_json_object_getv(obj, len, keys, 4, v) != 0)
		return;
	for (i = 0; i < 4; i++)
		if (v[i].val != NULL && v[i].type == PAKN_J_STRING) {
			pakn_json_string_decode(v[i].val, v[i].len, &p->tmp);
			pakn_mask_submitter_add(&p->mask, kinds[i], p->tmp.data,
			                        p->tmp.len);
		}
}

static void
note_masked(struct pakn_publish *p, enum pakn_pub_field f)
{
	const struct pakn_mask *m = &p->mask;
	size_t i, pos = 0, chars = 0;

	/* the hits come in order of offset: count the characters once */
	for (i = 0; i < m->nhits; i++) {
		struct pakn_pub_masked *x;

		if (p->nmasked == p->capmasked) {
			p->capmasked = p->capmasked ? 2 * p->capmasked : 16;
			p->masked = pakn_xrealloc(
			    p->masked, p->capmasked * sizeof *p->masked);
		}
		x = &p->masked[p->nmasked++];
		x->field = f;
		x->kind = m->hits[i].kind;
		if (m->hits[i].off < pos)
			pos = chars = 0;
		chars +=
		    pakn_mask_chars(m->text.data + pos, m->hits[i].off - pos);
		pos = m->hits[i].off;
		x->at = chars;
		x->length = pakn_mask_chars(m->text.data + m->hits[i].off,
		                            m->hits[i].len);
	}
}

static const char *const plain_keys[] = {[PAKN_PF_RECEIVED_AT] = "received_at",
                                         [PAKN_PF_ANSWERED_AT] = "answered_at",
                                         [PAKN_PF_CLOSED_AT] = "closed_at",
                                         [PAKN_PF_CHANNEL] = "channel",
                                         [PAKN_PF_KIND] = "kind",
                                         [PAKN_PF_CATEGORY] = "category",
                                         [PAKN_PF_CATEGORY_ID] = "category_id",
                                         [PAKN_PF_AGENCY] = "agency",
                                         [PAKN_PF_AGENCY_NAME] = "agency_name"};

enum pakn_pub_outcome
pakn_publish_record(struct pakn_publish *p, const struct pakn_record *r)
{
	const struct pakn_member *m;
	struct pakn_buf *f = p->f;
	int i, rc;

	memset(p->has, 0, sizeof p->has);
	p->nmasked = 0;
	pakn_buf_reset(&p->err);
	if (pakn_record_get_str(r, "kind", &f[PAKN_PF_KIND]) == 0 &&
	    is_denunciation(p, &f[PAKN_PF_KIND]))
		return PAKN_PUB_DENUNCIATION;
	if (withheld(r, &p->tmp))
		return PAKN_PUB_WITHHELD;
	rc = pakn_record_get_str(r, "answer", &f[PAKN_PF_ANSWER]);
	if (rc < 0) {
		pakn_buf_adds(&p->err, "answer is not a string");
		return PAKN_PUB_ERROR;
	}
	p->has[PAKN_PF_ANSWER] = rc == 0 && !blank(&f[PAKN_PF_ANSWER]);
	if (!p->all) {
		if (pakn_record_get_str(r, "status", &p->tmp) != 0 ||
		    (strcmp(p->tmp.data, "answered") != 0 &&
		     strcmp(p->tmp.data, "closed") != 0) ||
		    !p->has[PAKN_PF_ANSWER])
			return PAKN_PUB_UNANSWERED;
	}
	if (pakn_record_get_str(r, "id", &p->tmp) != 0 || p->tmp.len == 0) {
		pakn_buf_adds(&p->err, "no id");
		return PAKN_PUB_ERROR;
	}
	if (p->salt)
		keyed_id(p, p->tmp.data, p->tmp.len, &f[PAKN_PF_ID]);
	else {
		pakn_buf_reset(&f[PAKN_PF_ID]);
		pakn_buf_add(&f[PAKN_PF_ID], p->tmp.data, p->tmp.len);
	}
	p->has[PAKN_PF_ID] = 1;
	for (i = PAKN_PF_RECEIVED_AT; i <= PAKN_PF_AGENCY_NAME; i++)
		p->has[i] = pakn_record_get_str(r, plain_keys[i], &f[i]) == 0;
	if (p->keep_place && (m = pakn_record_find(r, "location")) != NULL &&
	    m->type == PAKN_J_OBJECT) {
		p->has[PAKN_PF_DISTRICT] =
		    obj_str(m->val, m->vallen, "district",
		            &f[PAKN_PF_DISTRICT]) == 0;
		p->has[PAKN_PF_COMMUNE] = obj_str(m->val, m->vallen, "commune",
		                                  &f[PAKN_PF_COMMUNE]) == 0;
	}
	pakn_mask_submitter_clear(&p->mask);
	if ((m = pakn_record_find(r, "submitter")) != NULL &&
	    m->type == PAKN_J_OBJECT)
		submitter_values(p, m->val, m->vallen);
	for (i = PAKN_PF_TITLE; i <= PAKN_PF_ANSWER; i++) {
		struct pakn_buf *b = &p->tmp;

		rc = pakn_record_get_str(r, field_names[i], b);
		if (rc < 0) {
			pakn_buf_addf(&p->err, "%s is not a string",
			              field_names[i]);
			return PAKN_PUB_ERROR;
		}
		p->has[i] = rc == 0;
		if (rc != 0)
			continue;
		pakn_buf_reset(&f[i]);
		if (pakn_mask_scan_valid(&p->mask, b->data, b->len) != 0) {
			pakn_buf_addf(&p->err, "%s is not valid UTF-8",
			              field_names[i]);
			return PAKN_PUB_ERROR;
		}
		note_masked(p, (enum pakn_pub_field)i);
		pakn_mask_write(&p->mask, &f[i]);
	}
	return PAKN_PUB_OK;
}

/* ---- JSON, CSV --------------------------------------------------------- */

static void
json_member(struct pakn_buf *out, int *first, const char *key,
            const struct pakn_buf *v)
{
	if (!*first)
		pakn_buf_addc(out, ',');
	*first = 0;
	pakn_buf_add_json_cstr(out, key);
	pakn_buf_addc(out, ':');
	pakn_buf_add_json_string(out, v->data ? v->data : "", v->len);
}

void
pakn_publish_json(const struct pakn_publish *p, int explain,
                  struct pakn_buf *out)
{
	int i, first = 1;
	size_t k;

	pakn_buf_addc(out, '{');
	for (i = 0; i < PAKN_PF_COUNT; i++) {
		if (i == PAKN_PF_DISTRICT &&
		    (p->has[PAKN_PF_DISTRICT] || p->has[PAKN_PF_COMMUNE])) {
			int f2 = 1;

			pakn_buf_adds(out, first ? "" : ",");
			pakn_buf_adds(out, "\"location\":{");
			if (p->has[PAKN_PF_DISTRICT])
				json_member(out, &f2, "district",
				            &p->f[PAKN_PF_DISTRICT]);
			if (p->has[PAKN_PF_COMMUNE])
				json_member(out, &f2, "commune",
				            &p->f[PAKN_PF_COMMUNE]);
			pakn_buf_addc(out, '}');
			first = 0;
		}
		if (i == PAKN_PF_DISTRICT || i == PAKN_PF_COMMUNE || !p->has[i])
			continue;
		json_member(out, &first, field_names[i], &p->f[i]);
	}
	if (explain) {
		pakn_buf_adds(out, ",\"masked\":[");
		for (k = 0; k < p->nmasked; k++) {
			const struct pakn_pub_masked *x = &p->masked[k];

			pakn_buf_addf(out,
			              "%s{\"field\":\"%s\",\"kind\":\"%s\","
			              "\"at\":%zu,\"length\":%zu}",
			              k ? "," : "", field_names[x->field],
			              pakn_mask_kind_name(x->kind), x->at,
			              x->length);
		}
		pakn_buf_addc(out, ']');
	}
	pakn_buf_addc(out, '}');
}

static int
csv_field_used(const struct pakn_publish *p, int i)
{
	return p->keep_place || (i != PAKN_PF_DISTRICT && i != PAKN_PF_COMMUNE);
}

static void
csv_cell(struct pakn_buf *out, const char *s, size_t n, int excel)
{
	size_t i;
	int quote = 0;

	for (i = 0; i < n; i++)
		if (s[i] == '"' || s[i] == ',' || s[i] == '\n' || s[i] == '\r')
			quote = 1;
	/* a cell Excel would read as a formula starts with a quote mark */
	if (excel && n > 0 && strchr("=+-@", s[0]))
		quote = 1;
	if (!quote) {
		pakn_buf_add(out, s, n);
		return;
	}
	pakn_buf_addc(out, '"');
	if (excel && n > 0 && strchr("=+-@", s[0]))
		pakn_buf_addc(out, '\'');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			pakn_buf_addc(out, '"');
		pakn_buf_addc(out, s[i]);
	}
	pakn_buf_addc(out, '"');
}

void
pakn_publish_csv_header(const struct pakn_publish *p, int excel,
                        struct pakn_buf *out)
{
	int i, first = 1;

	if (excel)
		pakn_buf_adds(out, "\xef\xbb\xbf");
	for (i = 0; i < PAKN_PF_COUNT; i++) {
		if (!csv_field_used(p, i))
			continue;
		if (!first)
			pakn_buf_addc(out, ',');
		first = 0;
		pakn_buf_adds(out, field_names[i]);
	}
	pakn_buf_adds(out, excel ? "\r\n" : "\n");
}

void
pakn_publish_csv(const struct pakn_publish *p, int excel, struct pakn_buf *out)
{
	int i, first = 1;

	for (i = 0; i < PAKN_PF_COUNT; i++) {
		if (!csv_field_used(p, i))
			continue;
		if (!first)
			pakn_buf_addc(out, ',');
		first = 0;
		if (p->has[i])
			csv_cell(out, p->f[i].data, p->f[i].len, excel);
	}
	pakn_buf_adds(out, excel ? "\r\n" : "\n");
}

/* ---- HTML -------------------------------------------------------------- */

struct pub_cat {
	char *label;
	char *key; /* the label folded (text.h): the page's order */
	unsigned long count;
	struct pakn_buf html;
};

struct pakn_pub_html {
	char *title;
	struct pub_cat *cat;
	size_t ncat;
	unsigned long total;
};

static void
html_text(struct pakn_buf *out, const char *s, size_t n, int breaks)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': pakn_buf_adds(out, "&amp;"); break;
		case '<': pakn_buf_adds(out, "&lt;"); break;
		case '>': pakn_buf_adds(out, "&gt;"); break;
		case '"': pakn_buf_adds(out, "&quot;"); break;
		case '\'': pakn_buf_adds(out, "&#39;"); break;
		case '\r': break;
		case '\n': pakn_buf_adds(out, breaks ? "<br>\n" : " "); break;
		default: pakn_buf_addc(out, s[i]);
		}
	}
}

static void
html_buf(struct pakn_buf *out, const struct pakn_buf *b)
{
	html_text(out, b->data ? b->data : "", b->len, 1);
}

/* "2021-08-03T..." -> "03/08/2021"; anything else as it is. */
static void
html_date(struct pakn_buf *out, const struct pakn_buf *b)
{
	const char *s = b->data;

	if (b->len >= 10 && s[4] == '-' && s[7] == '-') {
		pakn_buf_add(out, s + 8, 2);
		pakn_buf_addc(out, '/');
		pakn_buf_add(out, s + 5, 2);
		pakn_buf_addc(out, '/');
		pakn_buf_add(out, s, 4);
	} else {
		html_buf(out, b);
	}
}

struct pakn_pub_html *
pakn_pub_html_new(const char *title)
{
	struct pakn_pub_html *h = pakn_xcalloc(1, sizeof *h);

	h->title =
	    pakn_xstrdup(title ? title
	                       : "Trả lời phản ánh, kiến nghị của người dân, "
	                         "doanh nghiệp");
	return h;
}

void
pakn_pub_html_add(struct pakn_pub_html *h, const struct pakn_publish *p)
{
	const char *label =
	    p->has[PAKN_PF_CATEGORY] && p->f[PAKN_PF_CATEGORY].len
	        ? p->f[PAKN_PF_CATEGORY].data
	        : "Khác";
	const struct pakn_buf *f = p->f;
	struct pakn_buf *o;
	size_t i;

	for (i = 0; i < h->ncat; i++)
		if (strcmp(h->cat[i].label, label) == 0)
			break;
	if (i == h->ncat) {
		h->cat = pakn_xrealloc(h->cat, (h->ncat + 1) * sizeof *h->cat);
		memset(&h->cat[i], 0, sizeof h->cat[i]);
		h->cat[i].label = pakn_xstrdup(label);
		{
			struct pakn_buf k = PAKN_BUF_INIT;

			pakn_text_fold(label, strlen(label), &k);
			h->cat[i].key = pakn_xstrdup(k.data ? k.data : "");
			pakn_buf_release(&k);
		}
		h->ncat++;
	}
	h->cat[i].count++;
	h->total++;
	o = &h->cat[i].html;
	pakn_buf_adds(o, "<article>\n<h3>");
	if (p->has[PAKN_PF_TITLE] && f[PAKN_PF_TITLE].len)
		html_buf(o, &f[PAKN_PF_TITLE]);
	else
		pakn_buf_adds(o, "(không có tiêu đề)");
	pakn_buf_adds(o, "</h3>\n<p class=\"meta\">Mã: ");
	html_buf(o, &f[PAKN_PF_ID]);
	if (p->has[PAKN_PF_RECEIVED_AT]) {
		pakn_buf_adds(o, " · Ngày gửi: ");
		html_date(o, &f[PAKN_PF_RECEIVED_AT]);
	}
	if (p->has[PAKN_PF_ANSWERED_AT]) {
		pakn_buf_adds(o, " · Ngày trả lời: ");
		html_date(o, &f[PAKN_PF_ANSWERED_AT]);
	}
	if (p->has[PAKN_PF_CHANNEL]) {
		pakn_buf_adds(o, " · Kênh: ");
		html_buf(o, &f[PAKN_PF_CHANNEL]);
	}
	if (p->has[PAKN_PF_DISTRICT] || p->has[PAKN_PF_COMMUNE]) {
		pakn_buf_adds(o, " · Địa bàn: ");
		if (p->has[PAKN_PF_COMMUNE])
			html_buf(o, &f[PAKN_PF_COMMUNE]);
		if (p->has[PAKN_PF_COMMUNE] && p->has[PAKN_PF_DISTRICT])
			pakn_buf_adds(o, ", ");
		if (p->has[PAKN_PF_DISTRICT])
			html_buf(o, &f[PAKN_PF_DISTRICT]);
	}
	pakn_buf_adds(o, "</p>\n<div class=\"q\"><h4>Nội dung</h4><p>");
	if (p->has[PAKN_PF_CONTENT])
		html_buf(o, &f[PAKN_PF_CONTENT]);
	pakn_buf_adds(o, "</p></div>\n<div class=\"a\"><h4>Trả lời");
	if (p->has[PAKN_PF_AGENCY_NAME] || p->has[PAKN_PF_AGENCY]) {
		pakn_buf_adds(o, " của ");
		html_buf(o, p->has[PAKN_PF_AGENCY_NAME]
		                ? &f[PAKN_PF_AGENCY_NAME]
		                : &f[PAKN_PF_AGENCY]);
	}
	pakn_buf_adds(o, "</h4><p>");
	if (p->has[PAKN_PF_ANSWER])
		html_buf(o, &f[PAKN_PF_ANSWER]);
	else
		pakn_buf_adds(o, "(chưa có trả lời)");
	pakn_buf_adds(o, "</p></div>\n</article>\n");
}

/* Categories in Vietnamese alphabetical order, near enough: by the folded
 * label ("Đất đai" with the d's, before "Giao thông"), then bytewise. */
static int
by_label(const void *a, const void *b)
{
	const struct pub_cat *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : strcmp(x->label, y->label);
}

/* clang-format off */
static const char html_style[] =
"body{font:16px/1.5 system-ui,sans-serif;max-width:60em;margin:0 auto;padding:1em;color:#222}\n"
"h1{font-size:1.5em}h2{font-size:1.25em;border-bottom:2px solid #0a5;padding-bottom:.2em}\n"
"nav{margin:1em 0}nav a{display:inline-block;margin:0 .3em .3em 0;padding:.2em .6em;border:1px solid #0a5;border-radius:1em;color:#064;text-decoration:none}\n"
"nav a:hover{background:#e6f6ee}\n"
"article{border:1px solid #ccc;border-radius:4px;padding:.5em 1em;margin:0 0 1em}\n"
"h3{font-size:1.1em;margin:.3em 0}h4{font-size:1em;margin:.5em 0 0}.meta{color:#555;font-size:.9em;margin:0}\n"
".a{background:#f4faf7;padding:.1em .8em;border-left:3px solid #0a5}\n"
"main:has(section:target) section:not(:target){display:none}\n"
"section:target h2{color:#064}\n"
"@media print{nav{display:none}article{break-inside:avoid}}\n";
/* clang-format on */

void
pakn_pub_html_write(struct pakn_pub_html *h, struct pakn_buf *out)
{
	size_t i;

	qsort(h->cat, h->ncat, sizeof *h->cat, by_label);
	pakn_buf_adds(out, "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n"
	                   "<meta charset=\"utf-8\">\n"
	                   "<meta http-equiv=\"Content-Security-Policy\" "
	                   "content=\"default-src 'none'; style-src "
	                   "'unsafe-inline'\">\n"
	                   "<meta name=\"viewport\" content=\"width=device-"
	                   "width, initial-scale=1\">\n<title>");
	html_text(out, h->title, strlen(h->title), 0);
	pakn_buf_adds(out, "</title>\n<style>\n");
	pakn_buf_adds(out, html_style);
	pakn_buf_adds(out, "</style>\n</head>\n<body>\n<h1>");
	html_text(out, h->title, strlen(h->title), 0);
	pakn_buf_addf(out,
	              "</h1>\n<p>%lu câu trả lời. Thông tin cá nhân đã được "
	              "che theo quy định về bảo vệ dữ liệu cá nhân.</p>\n"
	              "<nav>Lĩnh vực: <a href=\"#\">Tất cả (%lu)</a>",
	              h->total, h->total);
	for (i = 0; i < h->ncat; i++) {
		pakn_buf_addf(out, " <a href=\"#c%zu\">", i + 1);
		html_text(out, h->cat[i].label, strlen(h->cat[i].label), 0);
		pakn_buf_addf(out, " (%lu)</a>", h->cat[i].count);
	}
	pakn_buf_adds(out, "</nav>\n<main>\n");
	for (i = 0; i < h->ncat; i++) {
		pakn_buf_addf(out, "<section id=\"c%zu\">\n<h2>", i + 1);
		html_text(out, h->cat[i].label, strlen(h->cat[i].label), 0);
		pakn_buf_adds(out, "</h2>\n");
		pakn_buf_add(out, h->cat[i].html.data, h->cat[i].html.len);
		pakn_buf_adds(out, "</section>\n");
	}
	pakn_buf_adds(out, "</main>\n</body>\n</html>\n");
}

void
pakn_pub_html_free(struct pakn_pub_html *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < h->ncat; i++) {
		free(h->cat[i].label);
		free(h->cat[i].key);
		pakn_buf_release(&h->cat[i].html);
	}
	free(h->cat);
	free(h->title);
	free(h);
}

/* ---- the check --------------------------------------------------------- */

static int
check_value(struct pakn_publish *p, const char *field, json_t *v,
            pakn_pub_hit_fn fn, void *arg)
{
	const char *s = json_string_value(v);
	size_t i;

	if (s == NULL ||
	    pakn_mask_scan(&p->mask, s, json_string_length(v)) != 0)
		return 0;
	for (i = 0; i < p->mask.nhits; i++)
		fn(arg, field, p->mask.hits[i].kind);
	return (int)p->mask.nhits;
}

int
pakn_publish_check(struct pakn_publish *p, const char *line, size_t len,
                   pakn_pub_hit_fn fn, void *arg)
{
	json_error_t jerr;
	json_t *o = json_loadb(line, len, 0, &jerr), *v, *sub, *w;
	const char *k, *k2;
	int hits = 0;

	if (!json_is_object(o)) {
		json_decref(o);
		return -1;
	}
	pakn_mask_submitter_clear(&p->mask);
	sub = json_object_get(o, "submitter");
	if (json_is_object(sub)) {
		char *dump = json_dumps(sub, JSON_COMPACT);

		if (dump) {
			submitter_values(p, dump, strlen(dump));
			free(dump);
		}
	}
	json_object_foreach (o, k, v) {
		if (json_is_string(v)) {
			hits += check_value(p, k, v, fn, arg);
		} else if (json_is_object(v)) {
			json_object_foreach (v, k2, w) {
				if (!json_is_string(w))
					continue;
				pakn_buf_reset(&p->tmp);
				pakn_buf_addf(&p->tmp, "%s.%s", k, k2);
				hits += check_value(p, p->tmp.data, w, fn, arg);
			}
		}
	}
	json_decref(o);
	return hits;
}

/* ---- what was published (pakn-report --published) --------------------- */

void
pakn_published_init(struct pakn_published *s, const char *salt)
{
	memset(s, 0, sizeof *s);
	pakn_publish_init(&s->pub, salt);
}

int
pakn_published_load(struct pakn_published *s, const char *path,
                    struct pakn_error *err)
{
	struct pakn_in in;
	const char *line;
	size_t n;
	int toolong, rc;

	if (pakn_in_open(&in, path, err) != 0)
		return -1;
	while ((rc = pakn_in_next_jsonl(&in, &line, &n, &toolong, err)) == 1) {
		json_error_t je;
		json_t *o = json_loadb(line, n, 0, &je), *id;

		if (o == NULL) {
			rc = pakn_error_set(
			    err, path, in.line, je.column,
			    "not JSON: %s (the --published file "
			    "is pakn-publish's JSON-lines output)",
			    je.text);
			break;
		}
		id = json_object_get(o, "id");
		if (!json_is_string(id) || json_string_length(id) == 0) {
			json_decref(o);
			rc =
			    pakn_error_set(err, path, in.line, 0,
			                   "no \"id\": not a publication entry "
			                   "(pakn-publish's output)");
			break;
		}
		pakn_strmap_putn(&s->ids, json_string_value(id),
		                 json_string_length(id), 1);
		s->loaded++;
		json_decref(o);
	}
	pakn_in_close(&in);
	return rc < 0 ? -1 : 0;
}

int
pakn_published_load_all(struct pakn_published *s, const char *const *paths,
                        size_t n, struct pakn_error *err)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (pakn_published_load(s, paths[i], err) != 0)
			return -1;
	return 0;
}

int
pakn_published_has(void *arg, const char *id, size_t n)
{
	struct pakn_published *s = arg;

	if (s->pub.salt == NULL)
		return pakn_strmap_getn(&s->ids, id, n, NULL);
	keyed_id(&s->pub, id, n, &s->key);
	return pakn_strmap_getn(&s->ids, s->key.data, s->key.len, NULL);
}

void
pakn_published_release(struct pakn_published *s)
{
	pakn_strmap_free(&s->ids);
	pakn_publish_release(&s->pub);
	pakn_buf_release(&s->key);
}
