/*
 * record.h: the record layer, the hot path of every pakn filter.
 *
 * Building a jansson tree costs ~29 us per 900-byte record, so no program
 * parses its records that way.  Instead pakn_record_scan() makes one
 * validating pass over the line (accepting and rejecting exactly what
 * jansson's json_loadb(JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL) does,
 * except that the top level must be an object, that a \u0000 escape is
 * valid in a key too, and that a raw NUL byte after a number or a literal,
 * which jansson skips, is refused: one rule for every program), indexes the
 * top-level members as pointers into the line, and decodes nothing.  A program
 * then decodes only the fields it reads, queues its edits, and
 * pakn_record_write() copies the original bytes with the new or replaced
 * members spliced in: the pass-through rule of RECORD.md holds by construction.
 * A struct pakn_record is reused from line to line; once its arrays have grown
 * it allocates nothing.
 */
#ifndef PAKN_RECORD_H
#define PAKN_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "buf.h"
#include "pakn.h"

/* The nesting limit of jansson 2.14 (JSON_PARSER_MAX_DEPTH): the top-level
 * object is at depth 1, its member values at depth 2. */
#define PAKN_JSON_MAX_DEPTH 2048

enum pakn_jtype {
	PAKN_J_NULL,
	PAKN_J_FALSE,
	PAKN_J_TRUE,
	PAKN_J_NUMBER,
	PAKN_J_STRING,
	PAKN_J_ARRAY,
	PAKN_J_OBJECT
};

/* One top-level member; all pointers into the scanned line. */
struct pakn_member {
	const char *key; /* raw key bytes between the quotes */
	size_t keylen;   /* (escapes not decoded) */
	const char *val; /* raw JSON value bytes; a string keeps */
	size_t vallen;   /* its quotes */
	enum pakn_jtype type;
	int escaped;     /* the key or the string value has a backslash
	                    escape (decode before comparing bytes) */
	int key_escaped; /* the key has one */
};

/* Internal: one key seen during a scan (duplicate detection, lookup). */
struct pakn_keyslot {
	uint64_t hash;
	uint64_t serial; /* the object it belongs to; 0 = never used */
	const char *key; /* decoded key bytes */
	size_t len;
	uint32_t depth;
	size_t member; /* index in members, for the top level */
};

/* Internal: one pending edit. */
struct pakn_edit {
	size_t member; /* index of the member replaced, or (size_t)-1
	                  for a member appended at the end */
	int del;
	size_t keyoff, keylen; /* in arena (appended members only) */
	size_t valoff, vallen; /* in arena */
};

/* The scanned line, its members and its pending edits.  Fields are
 * private: use the functions below. */
struct pakn_record {
	const char *line; /* borrowed from the caller */
	size_t len;
	const char *obj; /* the '{' ... '}' within line */
	size_t objlen;

	struct pakn_member *members;
	size_t nmembers, capmembers;

	/* Keys of the open objects, a stack; an object's keys start at
	 * kbase[depth].  Small objects are searched linearly. */
	uint64_t *khash;
	const char **kptr;
	size_t *klen;
	size_t ktop, capk;
	size_t *kbase;      /* [0..PAKN_JSON_MAX_DEPTH] */
	unsigned char *big; /* the object at a depth uses slots */

	/* Keys of objects with too many for a linear search. */
	struct pakn_keyslot *slots; /* open addressing */
	size_t capslots;            /* allocated */
	unsigned slotbits;          /* 2^slotbits slots in use this line */
	size_t nkeys;               /* keys seen in this line */
	struct pakn_keyslot *tmp;   /* for rehashing */
	size_t captmp;
	uint64_t serial;         /* last serial handed to a container */
	uint64_t topserial;      /* the serial of the top-level object */
	uint64_t *open;          /* serial of the open container at each
	                            depth, [0..PAKN_JSON_MAX_DEPTH] */
	unsigned char *kind;     /* '{' or '[' at each depth */
	struct pakn_buf keys;    /* decoded escaped keys of this line */
	struct pakn_buf scratch; /* number conversions */

	struct pakn_edit *edits;
	size_t nedits, capedits;
	size_t *edit_of;       /* per member: index in edits, or -1 */
	struct pakn_buf arena; /* edited keys and values */
};

/* Prepares r for scanning; release it with pakn_record_release. */
void pakn_record_init(struct pakn_record *r);
/* Frees what r owns (never the line). */
void pakn_record_release(struct pakn_record *r);

/*
 * Scans one line (without its '\n'; a trailing '\r' and surrounding
 * whitespace are allowed) that must hold one JSON object, and forgets the
 * previous line and its edits.  Returns 0, or -1 with err->column (the
 * 1-based byte column of the problem) and err->text ("invalid JSON: ...")
 * filled; err->line and err->source are left 0/NULL for the caller (err
 * may be NULL).  After a failure the record is empty: no members, and
 * pakn_record_write writes nothing.  The line is borrowed: it must stay
 * alive and unchanged while r refers to it.
 */
int pakn_record_scan(struct pakn_record *r, const char *line, size_t len,
                     struct pakn_error *err);

/* The number of top-level members of the scanned line. */
size_t pakn_record_count(const struct pakn_record *r);
/* Member i (0 <= i < count), in line order; borrowed, valid until the next
 * scan. */
const struct pakn_member *pakn_record_member(const struct pakn_record *r,
                                             size_t i);
/* Finds a top-level key (NUL-terminated UTF-8) by its decoded text: a key
 * written with escapes is found too.  Borrowed, valid until the next scan;
 * NULL if absent.  Sees the scanned line, not pending edits. */
const struct pakn_member *pakn_record_find(const struct pakn_record *r,
                                           const char *key);
/* The same for a key of n bytes (may hold any bytes but NUL). */
const struct pakn_member *pakn_record_findn(const struct pakn_record *r,
                                            const char *key, size_t n);

/*
 * Decodes a JSON string token (raw bytes with their quotes, already
 * validated, e.g. a member's val) into out, replacing its content; out is
 * NUL-terminated (the text itself never holds a NUL).  No escape, no work
 * beyond one copy.
 */
void pakn_json_string_decode(const char *raw, size_t len, struct pakn_buf *out);

/* Decodes top-level string `key` into out (replaced).  Returns 0; 1 if the
 * key is absent or null (out emptied); -1 if it is not a string. */
int pakn_record_get_str(const struct pakn_record *r, const char *key,
                        struct pakn_buf *out);
/* Reads top-level integer `key`.  Returns 0; 1 if absent or null; -1 if not
 * a number or not an integer in range (e.g. 1.5, 1e3). */
int pakn_record_get_int(const struct pakn_record *r, const char *key,
                        long long *out);

/*
 * Within a validated raw JSON object value (a member's val, or a value this
 * function returned), finds `key` by its decoded text.  Returns 0 and sets
 * *val, *vallen (borrowed from obj) and *type; -1 if the key is absent or
 * obj is not an object.  Linear in the size of obj.
 */
int pakn_json_object_get(const char *obj, size_t len, const char *key,
                         const char **val, size_t *vallen,
                         enum pakn_jtype *type);
/* The same for nkeys keys in one pass over obj: vals[i] is the first
 * member named keys[i], or has val NULL if there is none.  Returns 0, or
 * -1 if obj is not an object. */
struct pakn_json_val {
	const char *val;
	size_t len;
	enum pakn_jtype type;
};
int pakn_json_object_getv(const char *obj, size_t len, const char *const *keys,
                          size_t nkeys, struct pakn_json_val *vals);

/*
 * Edits, applied by pakn_record_write.  Setting a key that the line has
 * replaces its value in place (key order kept); a key the line lacks is
 * appended at the end, in the order of first setting.  Setting the same
 * key twice keeps the last value; deleting cancels a set and a set
 * revives a deleted key.  The bytes are copied.  Keys are NUL-terminated
 * valid UTF-8.
 */
/* json: n bytes of valid JSON, the caller's guarantee (not checked). */
void pakn_record_set(struct pakn_record *r, const char *key, const char *json,
                     size_t n);
/* s: n bytes of valid UTF-8, written as a JSON string. */
void pakn_record_set_str(struct pakn_record *r, const char *key, const char *s,
                         size_t n);
void pakn_record_set_int(struct pakn_record *r, const char *key, long long v);
/* The same for a caller that already knows the key's member (from
 * pakn_record_find or pakn_record_member; NULL when the line lacks the
 * key): no lookup, for hot paths. */
void pakn_record_set_at(struct pakn_record *r, const struct pakn_member *m,
                        const char *key, const char *json, size_t n);
void pakn_record_set_int_at(struct pakn_record *r, const struct pakn_member *m,
                            const char *key, long long v);
/* v: any jansson value (borrowed), written compact. */
void pakn_record_set_json(struct pakn_record *r, const char *key,
                          const json_t *v);
/* Removes a key; no effect if the line lacks it and nothing set it. */
void pakn_record_del(struct pakn_record *r, const char *key);
/* Whether any edit is pending. */
int pakn_record_edited(const struct pakn_record *r);

/*
 * Appends the record with its edits to out (no newline).  Unchanged bytes
 * are copied as they came, whitespace inside values included; with no
 * edits the output is the input line without its surrounding whitespace.
 */
void pakn_record_write(const struct pakn_record *r, struct pakn_buf *out);

/*
 * The scanned line (edits not applied) as a new jansson object, for paths
 * that are not hot (rejects, reports).  Caller decrefs.  NULL if the last
 * scan failed, or if jansson runs out of memory.
 */
json_t *pakn_record_to_json(const struct pakn_record *r);
/* The same for one validated raw JSON value (a member's val).  Caller
 * decrefs. */
json_t *pakn_json_value_to_json(const char *raw, size_t len);

#endif
