/*
 * publish.h: what of a PAKN case may be published on the portal
 * (NĐ 20/2008 Điều 19), and in what form (DOMAIN.md §6).
 *
 * A case is published when it was answered or closed and has an answer
 * (or always, with `all`), except a denunciation (Luật Tố cáo Điều 8) or
 * a record carrying `publish: false`, never published whatever the
 * options.  The entry holds the publication id (the case id, or a keyed
 * HMAC-SHA-256 of it), dates, channel, kind, category, agency and its
 * name, and the title, content and answer masked (mask.h) with the
 * submitter's own values; nothing of submitter, extra or source, except
 * district and commune when asked.  Writers for JSON lines, CSV and a
 * self-contained HTML page; and the leak check of any JSON-lines file.
 */
#ifndef PAKN_PUBLISH_H
#define PAKN_PUBLISH_H

#include <stddef.h>

#include "buf.h"
#include "mask.h"
#include "record.h"
#include "strmap.h"

enum pakn_pub_outcome {
	PAKN_PUB_OK,           /* the entry is filled */
	PAKN_PUB_DENUNCIATION, /* never published */
	PAKN_PUB_WITHHELD,     /* publish: false */
	PAKN_PUB_UNANSWERED,   /* not answered or closed, or no answer */
	PAKN_PUB_ERROR         /* a bad record: p->err says why */
};

/* Fields of one entry, in output order. */
enum pakn_pub_field {
	PAKN_PF_ID,
	PAKN_PF_RECEIVED_AT,
	PAKN_PF_ANSWERED_AT,
	PAKN_PF_CLOSED_AT,
	PAKN_PF_CHANNEL,
	PAKN_PF_KIND,
	PAKN_PF_CATEGORY,
	PAKN_PF_CATEGORY_ID,
	PAKN_PF_AGENCY,
	PAKN_PF_AGENCY_NAME,
	PAKN_PF_DISTRICT,
	PAKN_PF_COMMUNE,
	PAKN_PF_TITLE,
	PAKN_PF_CONTENT,
	PAKN_PF_ANSWER,
	PAKN_PF_COUNT
};

/* One thing masked, for --explain: in field `field`, characters
 * [at, at+length) of the (NFC) original. */
struct pakn_pub_masked {
	enum pakn_pub_field field;
	enum pakn_mask_kind kind;
	size_t at, length;
};

struct pakn_publish {
	struct pakn_mask mask;
	int all;        /* any status, with or without answer */
	int keep_place; /* location.district and .commune */
	char *salt;     /* --id-salt KEY, or NULL */
	size_t saltlen;

	/* the entry of the last pakn_publish_record: has[f] says which */
	struct pakn_buf f[PAKN_PF_COUNT];
	int has[PAKN_PF_COUNT];
	struct pakn_pub_masked *masked;
	size_t nmasked, capmasked;

	struct pakn_buf err, tmp;
};

/* Sets up p (libgcrypt too); salt may be NULL.  Release with
 * pakn_publish_release. */
void pakn_publish_init(struct pakn_publish *p, const char *salt);
void pakn_publish_release(struct pakn_publish *p);

/* Decides about a scanned record and, for PAKN_PUB_OK, fills the entry. */
enum pakn_pub_outcome pakn_publish_record(struct pakn_publish *p,
                                          const struct pakn_record *r);

/* The JSON key of a field ("district" and "commune" go inside
 * "location"). */
const char *pakn_pub_field_name(enum pakn_pub_field f);

/* Writers of the last entry; `explain` adds "masked" to the JSON. */
void pakn_publish_json(const struct pakn_publish *p, int explain,
                       struct pakn_buf *out);
void pakn_publish_csv_header(const struct pakn_publish *p, int excel,
                             struct pakn_buf *out);
void pakn_publish_csv(const struct pakn_publish *p, int excel,
                      struct pakn_buf *out);

/* The HTML page: entries are gathered by category, the page written at
 * the end (a filter by category needs them all). */
struct pakn_pub_html;
struct pakn_pub_html *pakn_pub_html_new(const char *title);
void pakn_pub_html_add(struct pakn_pub_html *h, const struct pakn_publish *p);
void pakn_pub_html_write(struct pakn_pub_html *h, struct pakn_buf *out);
void pakn_pub_html_free(struct pakn_pub_html *h);

/*
 * What was published, for pakn-report --published: the ids of
 * pakn-publish's output (JSON lines, each with a string "id").  With a
 * salt (pakn-publish --id-salt KEY), a case id is looked up by its keyed
 * id, so the report needs the same key.
 */
struct pakn_published {
	struct pakn_strmap ids;
	struct pakn_publish pub; /* the salt and the hash */
	struct pakn_buf key;
	unsigned long loaded; /* entries read */
};
void pakn_published_init(struct pakn_published *s, const char *salt);
/* Adds the ids of one file.  0, or -1 with err (file and line). */
int pakn_published_load(struct pakn_published *s, const char *path,
                        struct pakn_error *err);
/* The same for n files in turn; 0, or -1 at the first that fails. */
int pakn_published_load_all(struct pakn_published *s, const char *const *paths,
                            size_t n, struct pakn_error *err);
/* Whether case id (n bytes) was published: an agg.h pakn_agg_pub_fn. */
int pakn_published_has(void *s, const char *id, size_t n);
void pakn_published_release(struct pakn_published *s);

/*
 * The leak check of one JSON-lines record (any file): every string of the
 * record, top level and one object down ("submitter.name"), is scanned for
 * the mask patterns and for the values of the record's own submitter
 * object.  Calls fn(arg, field, kind) for each hit; returns the number of
 * hits, or -1 if the line is not a JSON object.
 */
typedef void (*pakn_pub_hit_fn)(void *arg, const char *field,
                                enum pakn_mask_kind kind);
int pakn_publish_check(struct pakn_publish *p, const char *line, size_t len,
                       pakn_pub_hit_fn fn, void *arg);

#endif
