/*
 * columns.h: what the columns and labels of an export mean.  Headers of
 * Vietnamese and English exports (with or without diacritics, any case)
 * are mapped to the record keys of RECORD.md; channel, kind, status,
 * satisfaction and submitter-type labels are mapped to their enums.
 * Matching is on the folded form (text.h: pakn_text_fold_key), so "Số ĐT",
 * "so dt" and "SỐ ĐIỆN THOẠI" all read as the phone column.
 */
#ifndef PAKN_COLUMNS_H
#define PAKN_COLUMNS_H

#include <stddef.h>

/* The record keys an input column can fill. */
enum pakn_col {
	PAKN_COL_EXTRA = 0, /* no key: kept in `extra` under its header */
	PAKN_COL_ID,
	PAKN_COL_RECEIVED_AT,
	PAKN_COL_CHANNEL,
	PAKN_COL_KIND,
	PAKN_COL_TITLE,
	PAKN_COL_CONTENT,
	PAKN_COL_CATEGORY,
	PAKN_COL_SUB_NAME,
	PAKN_COL_SUB_TYPE,
	PAKN_COL_SUB_PHONE,
	PAKN_COL_SUB_EMAIL,
	PAKN_COL_SUB_ADDRESS,
	PAKN_COL_SUB_ORG,
	PAKN_COL_LOC_PROVINCE,
	PAKN_COL_LOC_DISTRICT,
	PAKN_COL_LOC_COMMUNE,
	PAKN_COL_STATUS,
	PAKN_COL_AGENCY,
	PAKN_COL_DUE_AT,
	PAKN_COL_ANSWERED_AT,
	PAKN_COL_CLOSED_AT,
	PAKN_COL_SATISFACTION,
	PAKN_COL_ANSWER,
	PAKN_COL_BEYOND,        /* beyond_authority: a yes/no column */
	PAKN_COL_REPORTED_BACK, /* reported_back_at: a directive's report */
	PAKN_COL_COORD,         /* coordination: the agencies asked to help,
	                           one or more (';', ',' or a line apart) */
	PAKN_COL_COORD_REPLIED, /* coordination.replied_at: their reply */
	PAKN_COL_TRANSFERS,     /* transfers: a JSON list, kept as it is */
	PAKN_COL_TRANSFER_FROM, /* transfers.from: the agency it came from */
	PAKN_COL_TRANSFER_AT,   /* transfers.at: when */
	PAKN_COL_TRANSFER_WHY,  /* transfers.reason: why ("chuyển sai") */
	PAKN_COL_IGNORE,        /* --map 'Header=-': dropped on purpose */
	PAKN_COL_COUNT
};

/* The dotted record key of a column ("submitter.phone"); "extra" for
 * PAKN_COL_EXTRA. */
const char *pakn_col_key(enum pakn_col c);
/* Every key --map and profiles take, "id, received_at, ..., extra, -",
 * into out (replaced). */
struct pakn_buf;
void pakn_col_key_list(struct pakn_buf *out);
/* The column for a dotted key as --map and profiles write it ("id",
 * "submitter.phone", "extra", "-"); -1 if there is none. */
int pakn_col_from_key(const char *key);
/* The column a header means, from the built-in list; PAKN_COL_EXTRA when
 * it means none. */
enum pakn_col pakn_col_for_header(const char *header, size_t n);
/* The built-in header spellings (folded) of column c, for --help and the
 * man page: a NULL-terminated list. */
const char *const *pakn_col_aliases(enum pakn_col c);

/* Label kinds a value can be normalised as. */
enum pakn_label {
	PAKN_LABEL_CHANNEL,
	PAKN_LABEL_KIND,
	PAKN_LABEL_STATUS,
	PAKN_LABEL_SATISFACTION,
	PAKN_LABEL_SUBMITTER_TYPE,
	/* a status saying the case is beyond the agency's authority ("Vượt
	 * thẩm quyền", "Không thuộc thẩm quyền"): "true", or NULL */
	PAKN_LABEL_BEYOND,
	PAKN_LABEL_COUNT
};

/*
 * The enum value a label means ("Đường dây nóng" -> "hotline"), or NULL
 * when it is unknown (the caller writes "other" and keeps the label).  The
 * label must be valid UTF-8.  Returns a static string.
 */
const char *pakn_label_normalize(enum pakn_label kind, const char *s, size_t n);

/* A yes/no cell ("Có", "x", "1", "true" / "Không", "0", "false"): 1, 0,
 * or -1 when it is neither. */
int pakn_flag_value(const char *s, size_t n);

/* Whether a transfer's reason (or a status) says the case was sent back:
 * "chuyển sai", "trả lại", "trả về", "sent back", "returned" (folded). */
int pakn_is_return(const char *s, size_t n);

#endif
