/*
 * render.h: a finished report (agg.h) as text for a terminal, Markdown,
 * CSV, JSON or one self-contained HTML page.  Rendering is a pure function
 * of the report and the options: the same report gives the same bytes
 * (no clock, no locale, no environment), which is what makes the merged
 * partials of a split input match the single run byte for byte.
 *
 * Labels are Vietnamese by default, English with PAKN_LANG_EN; JSON and
 * CSV use the stable machine names (documented in pakn-report(1)) in both.
 * Every string that comes from the data is escaped for its format: HTML
 * entities, Markdown punctuation, CSV quotes (and cells starting with
 * = + - @ neutralised for spreadsheets), control characters replaced in
 * text.
 */
#ifndef PAKN_RENDER_H
#define PAKN_RENDER_H

#include "agg.h"
#include "buf.h"

enum pakn_format {
	PAKN_FMT_TEXT,
	PAKN_FMT_MD,
	PAKN_FMT_CSV,
	PAKN_FMT_JSON,
	PAKN_FMT_HTML,
	PAKN_FMT_XLSX, /* an Excel workbook (binary: render_xlsx.c) */
	PAKN_FMT_PDF   /* the HTML printed by headless Chromium (the program) */
};

enum pakn_lang { PAKN_LANG_VI, PAKN_LANG_EN };

/* CSV for Excel: both add a UTF-8 BOM and CRLF line ends; INTL keeps ','
 * and '.', VI (Vietnamese regional settings) writes ';' between fields
 * and a decimal comma. */
enum { PAKN_EXCEL_INTL = 1, PAKN_EXCEL_VI = 2 };

/* html and pdf: the report as an official document (Nghị định
 * 30/2020/NĐ-CP presentation).  Strings are the user's, UTF-8. */
struct pakn_doc {
	const char *parent_office; /* the office above the issuer, or NULL */
	const char *office;        /* the issuing office, or NULL */
	const char *number;        /* "12/BC-STNMT"; NULL: left to fill */
	const char *place;         /* "Phú Thọ", or NULL */
	long date;                 /* the day signed; -1: the as-of day */
	const char *signer;        /* the signer's name, or NULL */
	/* the title, lines split by '|': "KT. GIÁM ĐỐC|PHÓ GIÁM ĐỐC" */
	const char *signer_title;
	const char *recipients; /* "Như trên;UBND tỉnh"; "Lưu: VT" ends it */
};

/*
 * Sets the document's field of option name ("office", "parent-office",
 * "number", "place", "date", "signer", "signer-title", "recipients") from
 * value: text must be valid UTF-8, a date YYYY-MM-DD or dd/mm/yyyy (the
 * value is borrowed).  1 if name is one of them, 0 if not, -1 with err
 * for a bad value.
 */
struct pakn_error;
int pakn_doc_option(struct pakn_doc *d, const char *name, const char *value,
                    struct pakn_error *err);

struct pakn_render_opts {
	enum pakn_format format;
	enum pakn_lang lang;
	int excel;         /* csv: 0, PAKN_EXCEL_INTL or PAKN_EXCEL_VI */
	int width;         /* text: columns to fit, 0 = no limit */
	const char *title; /* a heading line above the report, or NULL */
	const struct pakn_doc *doc; /* html, pdf: an official document */
};

/* The format named s ("text", "md", "csv", "json", "html"), or -1. */
int pakn_format_parse(const char *s);

/*
 * Sets the rendering option name ("format", "lang": vi or en, "excel":
 * NULL or vi for the Vietnamese CSV dialect, intl; "title": valid UTF-8,
 * borrowed) from value, as pakn_doc_option: 1, 0 if name is none of them,
 * -1 with err for a bad value.
 */
int pakn_render_option(struct pakn_render_opts *o, const char *name,
                       const char *value, struct pakn_error *err);
/* Whether a format is binary (xlsx, pdf: not for a terminal). */
int pakn_format_binary(enum pakn_format f);
/* Whether what a format takes fits: --excel only csv, --doc (and its
 * options) html or pdf, --cases csv, json or xlsx.  0, or -1 with err. */
int pakn_render_fits(const struct pakn_render_opts *o, int excel, int doc,
                     int cases, struct pakn_error *err);

/* The file extension of a format, without the dot ("txt", "md", ...). */
const char *pakn_format_ext(enum pakn_format f);

/* Appends the report to out. */
void pakn_render(const struct pakn_report *rep,
                 const struct pakn_render_opts *opts, struct pakn_buf *out);

#endif
