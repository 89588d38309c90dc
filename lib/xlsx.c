/*
 * xlsx.c: .xlsx workbooks read with libzip and expat (see xlsx.h).
 */
#include "xlsx.h"

#include <expat.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "buf.h"
#include "xmlscan.h"

struct sheet {
	char *name;
	char *rid;
	char *path;
};

struct pakn_xlsx {
	zip_t *zip;
	void *data; /* the copied bytes of an in-memory workbook */
	const char *name;
	int date1904;
	struct sheet *sheets;
	size_t nsheets;
	/* shared strings: text in sst, offsets in sso (n+1 entries) */
	struct pakn_buf sst;
	size_t *sso, nss, capss;
	/* styles: whether each cellXfs entry is a date */
	unsigned char *xfdate;
	size_t nxf;
	/* custom number formats that are dates */
	int *datefmt;
	size_t ndatefmt;
	/* parse state: a sheet is read by the scanner (xs), or by expat (p)
	 * when it has a document type declaration or use_expat is set */
	XML_Parser p;
	struct pakn_xmlscan *xs;
	int use_expat;
	int in_text, in_si, in_rph, in_cellxfs, in_v, in_is;
	struct pakn_buf text;
	/* the sheet being read */
	zip_file_t *zf;
	char chunk[65536];
	int eof, suspended, row_done, failed;
	long line, lastline;
	long cellcol, nextcol;
	char celltype; /* 's', 'b', 'n' or 'o' (sh_start) */
	long cellstyle;
	struct pakn_buf rowtext; /* fields, each NUL-terminated */
	size_t *off, noff, capoff;
	const char **fp;
	size_t *fl, capf;
};

/* ---- helpers --------------------------------------------------------- */

static const char *
local(const char *n)
{
	const char *c = strrchr(n, ':');
	return c ? c + 1 : n;
}

static const char *
attr(const char **a, const char *name)
{
	for (; a[0]; a += 2)
		if (strcmp(local(a[0]), name) == 0)
			return a[1];
	return NULL;
}

static char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d == NULL)
		abort();
	memcpy(d, s, n);
	return d;
}

static void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		abort();
	return p;
}

int
pakn_xlsx_sniff(const char *p, size_t n)
{
	size_t i;

	if (n < 4 || memcmp(p, "PK\x03\x04", 4) != 0)
		return 0;
	/* entry names are stored uncompressed: an "xl/" part, and no
	 * binary (.xlsb) workbook */
	for (i = 0; i + 15 <= n; i++)
		if (p[i] == 'x' && memcmp(p + i, "xl/workbook.bin", 15) == 0)
			return 0;
	for (i = 0; i + 3 <= n; i++)
		if (p[i] == 'x' && memcmp(p + i, "xl/", 3) == 0)
			return 1;
	return 0;
}

/* Parses entry name, streamed in chunks, with the handlers given; 0, -1
 * missing, -2 bad. */
static int
parse_entry(struct pakn_xlsx *x, const char *name, XML_StartElementHandler s,
            XML_EndElementHandler e, XML_CharacterDataHandler c)
{
	zip_file_t *f = zip_fopen(x->zip, name, 0);
	zip_int64_t r;
	XML_Parser p;
	int rc = 0;

	if (f == NULL)
		return -1;
	p = XML_ParserCreate("UTF-8");
	XML_SetUserData(p, x);
	XML_SetElementHandler(p, s, e);
	if (c)
		XML_SetCharacterDataHandler(p, c);
	do {
		r = zip_fread(f, x->chunk, sizeof x->chunk);
		if (r < 0 || XML_Parse(p, x->chunk, (int)(r < 0 ? 0 : r),
		                       r <= 0) == XML_STATUS_ERROR) {
			rc = -2;
			break;
		}
	} while (r > 0);
	XML_ParserFree(p);
	zip_fclose(f);
	return rc;
}

/* ---- workbook.xml and its relationships ------------------------------ */

static void XMLCALL
wb_start(void *u, const char *el, const char **a)
{
	struct pakn_xlsx *x = u;
	const char *n = local(el), *v, *id = NULL;

	if (strcmp(n, "workbookPr") == 0) {
		v = attr(a, "date1904");
		x->date1904 =
		    v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
	} else if (strcmp(n, "sheet") == 0) {
		const char **q;

		v = attr(a, "name");
		for (q = a; q[0]; q += 2)
			if (strcmp(q[0], "r:id") == 0 ||
			    (strchr(q[0], ':') &&
			     strcmp(local(q[0]), "id") == 0))
				id = q[1];
		x->sheets =
		    xrealloc(x->sheets, (x->nsheets + 1) * sizeof *x->sheets);
		x->sheets[x->nsheets].name = xstrdup(v ? v : "");
		x->sheets[x->nsheets].rid = xstrdup(id ? id : "");
		x->sheets[x->nsheets].path = NULL;
		x->nsheets++;
	}
}

static void XMLCALL
no_end(void *u, const char *el)
{
	(void)u;
	(void)el;
}

static void XMLCALL
rel_start(void *u, const char *el, const char **a)
{
	struct pakn_xlsx *x = u;
	const char *id, *t;
	size_t i;
	char *path;

	if (strcmp(local(el), "Relationship") != 0)
		return;
	id = attr(a, "Id");
	t = attr(a, "Target");
	if (!id || !t)
		return;
	for (i = 0; i < x->nsheets; i++) {
		if (strcmp(x->sheets[i].rid, id) != 0 || x->sheets[i].path)
			continue;
		if (t[0] == '/') {
			path = xstrdup(t + 1);
		} else {
			path = xrealloc(NULL, strlen(t) + 4);
			strcpy(path, "xl/");
			strcat(path, t);
		}
		x->sheets[i].path = path;
	}
}

/* ---- sharedStrings.xml ----------------------------------------------- */

static void XMLCALL
sst_start(void *u, const char *el, const char **a)
{
	struct pakn_xlsx *x = u;
	const char *n = local(el);

	(void)a;
	if (strcmp(n, "si") == 0) {
		x->in_si = 1;
		if (x->nss + 2 > x->capss) {
			x->capss = x->capss ? 2 * x->capss : 1024;
			x->sso = xrealloc(x->sso, x->capss * sizeof *x->sso);
		}
		x->sso[x->nss] = x->sst.len;
	} else if (strcmp(n, "rPh") == 0) {
		x->in_rph = 1;
	} else if (strcmp(n, "t") == 0 && x->in_si && !x->in_rph) {
		x->in_text = 1;
	}
}

static void XMLCALL
sst_end(void *u, const char *el)
{
	struct pakn_xlsx *x = u;
	const char *n = local(el);

	if (strcmp(n, "si") == 0) {
		x->in_si = 0;
		x->nss++;
		x->sso[x->nss] = x->sst.len;
	} else if (strcmp(n, "rPh") == 0) {
		x->in_rph = 0;
	} else if (strcmp(n, "t") == 0) {
		x->in_text = 0;
	}
}

static void XMLCALL
sst_text(void *u, const char *s, int len)
{
	struct pakn_xlsx *x = u;

	if (x->in_text)
		pakn_buf_add(&x->sst, s, (size_t)len);
}

/* ---- styles.xml ------------------------------------------------------ */

int
pakn_xlsx_format_is_date(const char *code)
{
	const char *s;

	for (s = code; *s; s++) {
		switch (*s) {
		case '"':
			for (s++; *s && *s != '"'; s++)
				;
			if (!*s)
				return 0;
			break;
		case '\\':
		case '_':
		case '*':
			if (s[1])
				s++;
			break;
		case '[':
			/* [h] [mm] [ss] are elapsed times; [$-409], [Red] are
			 * not */
			if (s[1] == 'h' || s[1] == 'H' || s[1] == 'm' ||
			    s[1] == 'M' || s[1] == 's' || s[1] == 'S')
				return 1;
			for (s++; *s && *s != ']'; s++)
				;
			if (!*s)
				return 0;
			break;
		case 'd':
		case 'D':
		case 'm':
		case 'M':
		case 'y':
		case 'Y':
		case 'h':
		case 'H': return 1;
		default: break;
		}
	}
	return 0;
}

static int
builtin_date(long id)
{
	return (id >= 14 && id <= 22) || (id >= 45 && id <= 47);
}

static void XMLCALL
sty_start(void *u, const char *el, const char **a)
{
	struct pakn_xlsx *x = u;
	const char *n = local(el), *v, *code;
	long id;
	size_t i;
	int date;

	if (strcmp(n, "numFmt") == 0) {
		v = attr(a, "numFmtId");
		code = attr(a, "formatCode");
		if (v && code && pakn_xlsx_format_is_date(code)) {
			x->datefmt = xrealloc(
			    x->datefmt, (x->ndatefmt + 1) * sizeof *x->datefmt);
			x->datefmt[x->ndatefmt++] = atoi(v);
		}
	} else if (strcmp(n, "cellXfs") == 0) {
		x->in_cellxfs = 1;
	} else if (strcmp(n, "xf") == 0 && x->in_cellxfs) {
		v = attr(a, "numFmtId");
		id = v ? atol(v) : 0;
		date = builtin_date(id);
		for (i = 0; i < x->ndatefmt; i++)
			if (x->datefmt[i] == id)
				date = 1;
		x->xfdate = xrealloc(x->xfdate, x->nxf + 1);
		x->xfdate[x->nxf++] = (unsigned char)date;
	}
}

static void XMLCALL
sty_end(void *u, const char *el)
{
	struct pakn_xlsx *x = u;

	if (strcmp(local(el), "cellXfs") == 0)
		x->in_cellxfs = 0;
}

/* ---- dates ----------------------------------------------------------- */

/* The civil date of day z counted from 1970-01-01 (H. Hinnant). */
static void
civil(long z, long *y, int *m, int *d)
{
	long era, yoe, doy, mp;
	unsigned long doe;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned long)(z - era * 146097);
	yoe = (long)((doe - doe / 1460 + doe / 36524 - doe / 146096) / 365);
	*y = yoe + era * 400;
	doy = (long)doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	if (*m <= 2)
		(*y)++;
}

int
pakn_xlsx_serial_date(double v, int date1904, char out[40])
{
	long days, secs, y;
	int m, d;
	double fl;

	if (!(v >= 0) || v > 2958466.0) /* 9999-12-31 */
		return -1;
	fl = floor(v);
	days = (long)fl;
	secs = lround((v - fl) * 86400.0);
	if (secs >= 86400) {
		days++;
		secs -= 86400;
	}
	if (date1904) {
		days += -24107; /* 1904-01-01 is day -24107 from 1970 */
	} else if (days == 60) {
		snprintf(out, 40, "1900-02-29"); /* Excel's day that was not */
		return 0;
	} else if (days < 60) {
		days += -25568; /* serial 1 is 1900-01-01 */
	} else {
		days += -25569; /* serial 25569 is 1970-01-01 */
	}
	civil(days, &y, &m, &d);
	if (secs == 0)
		snprintf(out, 40, "%04ld-%02d-%02d", y, m, d);
	else
		snprintf(out, 40, "%04ld-%02d-%02dT%02d:%02d:%02d", y, m, d,
		         (int)(secs / 3600), (int)(secs / 60 % 60),
		         (int)(secs % 60));
	return 0;
}

/* ---- opening --------------------------------------------------------- */

struct pakn_xlsx *
pakn_xlsx_open(const char *path, const void *data, size_t n, const char *name,
               struct pakn_error *err)
{
	struct pakn_xlsx *x = calloc(1, sizeof *x);
	zip_error_t ze;
	zip_source_t *src;
	int zerr = 0, r;
	size_t i;

	if (x == NULL)
		abort();
	x->name = name;
	if (data) {
		x->data = xrealloc(NULL, n);
		memcpy(x->data, data, n);
		zip_error_init(&ze);
		src = zip_source_buffer_create(x->data, n, 0, &ze);
		if (src)
			x->zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
		if (src && !x->zip)
			zip_source_free(src);
		zerr = zip_error_code_zip(&ze);
		zip_error_fini(&ze);
	} else {
		x->zip = zip_open(path, ZIP_RDONLY, &zerr);
	}
	if (x->zip == NULL) {
		zip_error_t e2;

		zip_error_init_with_code(&e2, zerr);
		pakn_error_set(err, name, 0, 0,
		               "not a readable .xlsx workbook: corrupt zip "
		               "(%s)",
		               zip_error_strerror(&e2));
		zip_error_fini(&e2);
		pakn_xlsx_close(x);
		return NULL;
	}
	r = parse_entry(x, "xl/workbook.xml", wb_start, no_end, NULL);
	if (r == 0)
		r = parse_entry(x, "xl/_rels/workbook.xml.rels", rel_start,
		                no_end, NULL);
	if (r != 0) {
		pakn_error_set(err, name, 0, 0,
		               "not a readable .xlsx workbook: %s "
		               "xl/workbook.xml or its relationships",
		               r == -1 ? "no" : "cannot read");
		pakn_xlsx_close(x);
		return NULL;
	}
	for (i = 0; i < x->nsheets; i++)
		if (x->sheets[i].path == NULL)
			x->sheets[i].path = xstrdup("");
	r = parse_entry(x, "xl/sharedStrings.xml", sst_start, sst_end,
	                sst_text);
	if (r == -2) {
		pakn_error_set(err, name, 0, 0,
		               "not a readable .xlsx workbook: cannot read "
		               "xl/sharedStrings.xml");
		pakn_xlsx_close(x);
		return NULL;
	}
	x->in_si = x->in_text = 0;
	r = parse_entry(x, "xl/styles.xml", sty_start, sty_end, NULL);
	if (r == -2) {
		pakn_error_set(err, name, 0, 0,
		               "not a readable .xlsx workbook: cannot read "
		               "xl/styles.xml");
		pakn_xlsx_close(x);
		return NULL;
	}
	return x;
}

void
pakn_xlsx_close(struct pakn_xlsx *x)
{
	size_t i;

	if (x == NULL)
		return;
	if (x->p)
		XML_ParserFree(x->p);
	pakn_xmlscan_free(x->xs);
	if (x->zf)
		zip_fclose(x->zf);
	if (x->zip)
		zip_discard(x->zip);
	for (i = 0; i < x->nsheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].rid);
		free(x->sheets[i].path);
	}
	free(x->sheets);
	free(x->data);
	pakn_buf_release(&x->sst);
	free(x->sso);
	free(x->xfdate);
	free(x->datefmt);
	pakn_buf_release(&x->text);
	pakn_buf_release(&x->rowtext);
	free(x->off);
	free(x->fp);
	free(x->fl);
	free(x);
}

size_t
pakn_xlsx_nsheets(const struct pakn_xlsx *x)
{
	return x->nsheets;
}

const char *
pakn_xlsx_sheet_name(const struct pakn_xlsx *x, size_t i)
{
	return x->sheets[i].name;
}

long
pakn_xlsx_find_sheet(const struct pakn_xlsx *x, const char *s)
{
	size_t i;
	char *end;
	long v;

	for (i = 0; i < x->nsheets; i++)
		if (strcmp(x->sheets[i].name, s) == 0)
			return (long)i;
	v = strtol(s, &end, 10);
	if (*s && *end == '\0' && v >= 1 && (size_t)v <= x->nsheets)
		return v - 1;
	return -1;
}

/* ---- the sheet, row by row ------------------------------------------- */

/* Starts field number col (0-based) of the row, after empty ones. */
static void
add_field(struct pakn_xlsx *x, long col, const char *s, size_t n)
{
	while (x->nextcol <= col) {
		if (x->noff + 1 >= x->capoff) {
			x->capoff = x->capoff ? 2 * x->capoff : 64;
			x->off = xrealloc(x->off, x->capoff * sizeof *x->off);
		}
		x->off[x->noff++] = x->rowtext.len;
		if (x->nextcol == col)
			pakn_buf_add(&x->rowtext, s, n);
		pakn_buf_addc(&x->rowtext, '\0');
		x->nextcol++;
	}
}

long
pakn_xlsx_ref_col(const char *r)
{
	long c = 0;

	for (; *r >= 'A' && *r <= 'Z'; r++) {
		c = c * 26 + (*r - 'A' + 1);
		if (c > PAKN_XLSX_MAX_COLS)
			return -1;
	}
	return c - 1;
}

static void XMLCALL
sh_start(void *u, const char *el, const char **a)
{
	struct pakn_xlsx *x = u;
	const char *n = local(el), *v;

	if (strcmp(n, "row") == 0) {
		v = attr(a, "r");
		x->line = v ? atol(v) : x->lastline + 1;
		pakn_buf_reset(&x->rowtext);
		x->noff = 0;
		x->nextcol = 0;
	} else if (strcmp(n, "c") == 0) {
		const char *r = NULL, *t = NULL, *st = NULL;

		/* one pass over the attributes (r, t, s: a cell's only ones) */
		for (; a[0]; a += 2) {
			const char *k = local(a[0]);

			if (k[0] != '\0' && k[1] == '\0') {
				if (k[0] == 'r')
					r = a[1];
				else if (k[0] == 't')
					t = a[1];
				else if (k[0] == 's')
					st = a[1];
			}
		}
		x->cellcol = r ? pakn_xlsx_ref_col(r) : x->nextcol;
		if (x->cellcol < x->nextcol)
			x->cellcol = x->nextcol;
		/* the type: 's' shared, 'b' boolean, 'n' number (no t), else
		 * 'o' (inlineStr, str, e: the text as it is) */
		x->celltype = t == NULL ? 'n'
		              : (t[0] == 's' || t[0] == 'b' || t[0] == 'n') &&
		                      t[1] == '\0'
		                  ? t[0]
		                  : 'o';
		x->cellstyle = st ? atol(st) : 0;
		pakn_buf_reset(&x->text);
	} else if (strcmp(n, "v") == 0) {
		x->in_v = 1;
	} else if (strcmp(n, "is") == 0) {
		x->in_is = 1;
	} else if (strcmp(n, "rPh") == 0) {
		x->in_rph = 1;
	} else if (strcmp(n, "t") == 0 && x->in_is && !x->in_rph) {
		x->in_text = 1;
	}
}

static void
end_cell(struct pakn_xlsx *x)
{
	const char *s = x->text.data ? x->text.data : "";
	size_t n = x->text.len;
	char date[40];
	char *end;
	double d;
	unsigned long k;

	if (x->celltype == 's') {
		k = strtoul(s, &end, 10);
		if (end != s && k < x->nss) {
			/* every shared string empty: no text at all */
			s = x->sst.data ? x->sst.data + x->sso[k] : "";
			n = x->sso[k + 1] - x->sso[k];
		} else {
			n = 0;
		}
	} else if (x->celltype == 'b') {
		s = (n > 0 && s[0] == '1') ? "TRUE" : "FALSE";
		n = strlen(s);
	} else if (x->celltype == 'n' && n > 0 && x->cellstyle >= 0 &&
	           (size_t)x->cellstyle < x->nxf && x->xfdate[x->cellstyle]) {
		d = strtod(s, &end);
		if (end != s && *end == '\0' &&
		    pakn_xlsx_serial_date(d, x->date1904, date) == 0) {
			s = date;
			n = strlen(date);
		}
	}
	add_field(x, x->cellcol, s, n);
}

static void XMLCALL
sh_end(void *u, const char *el)
{
	struct pakn_xlsx *x = u;
	const char *n = local(el);

	if (strcmp(n, "c") == 0) {
		end_cell(x);
	} else if (strcmp(n, "v") == 0) {
		x->in_v = 0;
	} else if (strcmp(n, "is") == 0) {
		x->in_is = 0;
	} else if (strcmp(n, "rPh") == 0) {
		x->in_rph = 0;
	} else if (strcmp(n, "t") == 0) {
		x->in_text = 0;
	} else if (strcmp(n, "row") == 0) {
		x->lastline = x->line;
		x->row_done = 1;
		if (x->p)
			XML_StopParser(x->p, XML_TRUE);
		else
			pakn_xmlscan_stop(x->xs);
	}
}

static void XMLCALL
sh_text(void *u, const char *s, int len)
{
	struct pakn_xlsx *x = u;

	if (x->in_v || x->in_text)
		pakn_buf_add(&x->text, s, (size_t)len);
}

/* An expat parser for the sheet, with the sheet's handlers. */
static void
expat_open(struct pakn_xlsx *x)
{
	x->p = XML_ParserCreate("UTF-8");
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, sh_start, sh_end);
	XML_SetCharacterDataHandler(x->p, sh_text);
}

void
pakn_xlsx_use_expat(struct pakn_xlsx *x, int on)
{
	x->use_expat = on;
}

int
pakn_xlsx_sheet_open(struct pakn_xlsx *x, size_t i, struct pakn_error *err)
{
	if (x->p)
		XML_ParserFree(x->p);
	pakn_xmlscan_free(x->xs);
	if (x->zf)
		zip_fclose(x->zf);
	x->p = NULL;
	x->xs = NULL;
	x->zf = zip_fopen(x->zip, x->sheets[i].path, 0);
	if (x->zf == NULL) {
		pakn_error_set(err, x->name, 0, 0,
		               "sheet '%s': cannot open %s in the workbook",
		               x->sheets[i].name, x->sheets[i].path);
		return -1;
	}
	if (x->use_expat)
		expat_open(x);
	else
		x->xs = pakn_xmlscan_new(x, sh_start, sh_end, sh_text);
	x->eof = x->suspended = x->row_done = x->failed = 0;
	x->in_v = x->in_is = x->in_text = x->in_rph = 0;
	x->line = x->lastline = 0;
	return 0;
}

static int
xml_fail(struct pakn_xlsx *x, struct pakn_error *err)
{
	const char *why = x->p ? XML_ErrorString(XML_GetErrorCode(x->p))
	                       : pakn_xmlscan_error(x->xs);
	unsigned long line = x->p
	                         ? (unsigned long)XML_GetCurrentLineNumber(x->p)
	                         : pakn_xmlscan_line(x->xs);

	pakn_error_set(
	    err, x->name, 0, 0,
	    "not a readable .xlsx workbook: sheet XML: %s at line %lu", why,
	    line);
	x->failed = 1;
	return -1;
}

static int
from_expat(enum XML_Status st)
{
	return st == XML_STATUS_ERROR       ? PAKN_XML_ERROR
	       : st == XML_STATUS_SUSPENDED ? PAKN_XML_SUSPENDED
	                                    : PAKN_XML_OK;
}

/* The next n bytes of the sheet to its parser: a PAKN_XML_ status.  A
 * document type declaration hands what the scanner had to expat. */
static int
feed(struct pakn_xlsx *x, size_t n, int final)
{
	const char *p;
	size_t k;
	int st;

	if (x->p)
		return from_expat(XML_Parse(x->p, x->chunk, (int)n, final));
	st = pakn_xmlscan_parse(x->xs, x->chunk, n, final);
	if (st != PAKN_XML_DOCTYPE)
		return st;
	/* the scanner keeps its bytes (expat may suspend in them) */
	p = pakn_xmlscan_pending(x->xs, &k);
	expat_open(x);
	if (k > (size_t)INT_MAX)
		return PAKN_XML_ERROR;
	return from_expat(XML_Parse(x->p, p, (int)k, final));
}

int
pakn_xlsx_next_row(struct pakn_xlsx *x, struct pakn_xlsx_row *row,
                   struct pakn_error *err)
{
	zip_int64_t r;
	size_t i;
	int st;

	if (x->failed || (x->p == NULL && x->xs == NULL))
		return -1;
	x->row_done = 0;
	while (!x->row_done) {
		if (x->suspended) {
			x->suspended = 0;
			st = x->p ? from_expat(XML_ResumeParser(x->p))
			          : pakn_xmlscan_resume(x->xs);
		} else {
			if (x->eof)
				return 0;
			r = zip_fread(x->zf, x->chunk, sizeof x->chunk);
			if (r < 0) {
				pakn_error_set(err, x->name, 0, 0,
				               "not a readable .xlsx workbook: "
				               "%s",
				               zip_strerror(x->zip));
				x->failed = 1;
				return -1;
			}
			x->eof = r == 0;
			st = feed(x, (size_t)r, x->eof);
		}
		if (st == PAKN_XML_ERROR)
			return xml_fail(x, err);
		if (st == PAKN_XML_SUSPENDED)
			x->suspended = 1;
	}
	if (x->noff > x->capf) {
		x->capf = x->noff;
		x->fp = xrealloc(x->fp, x->capf * sizeof *x->fp);
		x->fl = xrealloc(x->fl, x->capf * sizeof *x->fl);
	}
	for (i = 0; i < x->noff; i++) {
		x->fp[i] = x->rowtext.data + x->off[i];
		x->fl[i] = strlen(x->fp[i]);
	}
	row->line = x->line;
	row->n = x->noff;
	row->field = x->fp;
	row->len = x->fl;
	return 1;
}
