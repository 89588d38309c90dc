/*
 * xls.c: old Excel .xls workbooks read with libfreexl (see xls.h).
 */
#include "xls.h"

#include <errno.h>
#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"

struct pakn_xls {
	const void *h; /* the libfreexl handle */
	const char *name;
	char **sheets;
	size_t nsheets;
	/* the sheet being read */
	unsigned int rows, row;
	unsigned short cols;
	struct pakn_buf rowtext; /* fields, each NUL-terminated */
	size_t *off;
	const char **fp;
	size_t *fl;
};

#define OLE2_MAGIC "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

int
pakn_xls_sniff(const char *p, size_t n)
{
	static const char enc[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k";
	size_t i, k = sizeof enc - 1;

	if (n < 8 || memcmp(p, OLE2_MAGIC, 8) != 0)
		return 0;
	/* an encrypted .xlsx is an OLE2 file too, named by sniff.c */
	for (i = 0; i + k <= n; i++)
		if (p[i] == 'E' && memcmp(p + i, enc, k) == 0)
			return 0;
	return 1;
}

void
pakn_xls_number_text(double v, char out[32])
{
	int prec;

	for (prec = 15; prec <= 17; prec++) {
		snprintf(out, 32, "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			return;
	}
}

void
pakn_xls_datetime_text(const char *s, char out[40])
{
	snprintf(out, 40, "%s", s);
	/* "YYYY-MM-DD HH:MM:SS" */
	if (strlen(out) == 19 && out[4] == '-' && out[7] == '-' &&
	    out[10] == ' ' && out[13] == ':')
		out[10] = 'T';
}

const char *
pakn_xls_strerror(int code)
{
	switch (code) {
	case FREEXL_FILE_NOT_FOUND: return "cannot open the file";
	case FREEXL_INSUFFICIENT_MEMORY: return "out of memory";
	case FREEXL_INVALID_CFBF_HEADER:
	case FREEXL_CFBF_INVALID_SIGNATURE:
	case FREEXL_CFBF_INVALID_SECTOR_SIZE:
		return "corrupt OLE2 container (bad header)";
	case FREEXL_CFBF_READ_ERROR:
	case FREEXL_CFBF_SEEK_ERROR:
		return "corrupt or truncated OLE2 container";
	case FREEXL_CFBF_EMPTY_FAT_CHAIN:
	case FREEXL_CFBF_ILLEGAL_FAT_ENTRY:
	case FREEXL_INVALID_MINI_STREAM:
	case FREEXL_CFBF_ILLEGAL_MINI_FAT_ENTRY:
		return "corrupt OLE2 container (bad sector chain)";
	case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
		return "an OLE2 file with no Excel workbook in it (a Word .doc "
		       "or another Office file?)";
	case FREEXL_BIFF_INVALID_BOF:
	case FREEXL_BIFF_INVALID_SST:
	case FREEXL_BIFF_ILLEGAL_SST_INDEX:
	case FREEXL_ILLEGAL_RK_VALUE: return "corrupt workbook stream";
	case FREEXL_INVALID_CHARACTER:
	case FREEXL_UNSUPPORTED_CHARSET:
		return "text in a code page libfreexl cannot convert";
	case FREEXL_CRAFTED_FILE:
		return "badly damaged (libfreexl refuses it as crafted)";
	case FREEXL_BIFF_ILLEGAL_SHEET_INDEX:
	case FREEXL_BIFF_UNSELECTED_SHEET:
	case FREEXL_ILLEGAL_CELL_ROW_COL:
		return "a sheet or cell libfreexl cannot find";
	default: return "unreadable";
	}
}

int
pakn_xls_encrypted(const char *p, size_t n)
{
	size_t i, len;

	/* a workbook globals BOF (record 0x0809, BIFF5 or BIFF8, type 5)
	 * followed by a FILEPASS record (0x002F) */
	for (i = 0; i + 24 <= n; i++) {
		if (p[i] != '\x09' || p[i + 1] != '\x08' || p[i + 3] != 0)
			continue;
		len = (unsigned char)p[i + 2];
		if ((len != 8 && len != 16) || p[i + 4] != 0 ||
		    (p[i + 5] != 5 && p[i + 5] != 6) || p[i + 6] != 5 ||
		    p[i + 7] != 0 || i + 4 + len + 2 > n)
			continue;
		if (p[i + 4 + len] == 0x2f && p[i + 5 + len] == 0)
			return 1;
	}
	return 0;
}

/* Whether the workbook at path, or in data[0..n), is encrypted. */
static int
file_encrypted(const char *path, const void *data, size_t n)
{
	struct pakn_buf b = PAKN_BUF_INIT;
	char chunk[65536];
	FILE *fp;
	size_t k;
	int r;

	if (data)
		return pakn_xls_encrypted(data, n);
	if (path == NULL || (fp = fopen(path, "rb")) == NULL)
		return 0;
	while ((k = fread(chunk, 1, sizeof chunk, fp)) > 0)
		pakn_buf_add(&b, chunk, k);
	fclose(fp);
	r = pakn_xls_encrypted(b.data ? b.data : "", b.len);
	pakn_buf_release(&b);
	return r;
}

static int
fail(struct pakn_error *err, const char *name, int code)
{
	return pakn_error_set(err, name, 0, 0,
	                      "not a readable .xls workbook: %s (libfreexl "
	                      "error %d)",
	                      pakn_xls_strerror(code), code);
}

/* data[0..n) into a temporary file; its malloc'd name, or NULL (err). */
static char *
temp_copy(const void *data, size_t n, const char *name, struct pakn_error *err)
{
	const char *dir = getenv("TMPDIR");
	struct pakn_buf b = PAKN_BUF_INIT;
	FILE *fp;
	int fd, bad;

	pakn_buf_addf(&b, "%s/pakn-xls.XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(b.data);
	if (fd < 0 || (fp = fdopen(fd, "wb")) == NULL) {
		pakn_error_set(err, name, 0, 0,
		               "cannot make a temporary file for the .xls "
		               "workbook in %s: %s",
		               dir && *dir ? dir : "/tmp", strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(b.data);
		}
		pakn_buf_release(&b);
		return NULL;
	}
	bad = n > 0 && fwrite(data, 1, n, fp) != n;
	if (fclose(fp) != 0)
		bad = 1;
	if (bad) {
		pakn_error_set(err, name, 0, 0,
		               "cannot write a temporary file for the .xls "
		               "workbook: %s",
		               strerror(errno));
		unlink(b.data);
		pakn_buf_release(&b);
		return NULL;
	}
	return b.data;
}

struct pakn_xls *
pakn_xls_open(const char *path, const void *data, size_t n, const char *name,
              struct pakn_error *err)
{
	struct pakn_xls *x = pakn_xcalloc(1, sizeof *x);
	char *tmp = NULL;
	const char *s;
	unsigned int count = 0, i;
	int rc;

	x->name = name;
	if (data) {
		if ((tmp = temp_copy(data, n, name, err)) == NULL) {
			free(x);
			return NULL;
		}
		path = tmp;
	}
	/* libfreexl reads the whole workbook here */
	rc = freexl_open(path, &x->h);
	if (tmp) {
		unlink(tmp);
		free(tmp);
		path = NULL;
	}
	if (rc != FREEXL_OK) {
		fail(err, name, rc);
		pakn_xls_close(x);
		return NULL;
	}
	if (x->h == NULL) {
		/* libfreexl 1.0 answers an encrypted workbook (FILEPASS), and
		 * some damaged ones, with success and no handle */
		if (file_encrypted(path, data, n))
			pakn_error_set(
			    err, name, 0, 0,
			    "an encrypted (password-protected) .xls "
			    "workbook, which pakn-ingest cannot read: "
			    "remove the password in Excel, or export "
			    "the sheet as CSV");
		else
			pakn_error_set(err, name, 0, 0,
			               "not a readable .xls workbook: its "
			               "workbook stream is damaged (libfreexl "
			               "read no sheet)");
		pakn_xls_close(x);
		return NULL;
	}
	rc = freexl_get_info(x->h, FREEXL_BIFF_SHEET_COUNT, &count);
	if (rc != FREEXL_OK) {
		fail(err, name, rc);
		pakn_xls_close(x);
		return NULL;
	}
	x->sheets = pakn_xcalloc(count ? count : 1, sizeof *x->sheets);
	for (i = 0; i < count && i <= 0xffff; i++) {
		s = NULL;
		if (freexl_get_worksheet_name(x->h, (unsigned short)i, &s) !=
		    FREEXL_OK)
			s = NULL;
		x->sheets[x->nsheets++] = pakn_xstrdup(s ? s : "");
	}
	return x;
}

void
pakn_xls_close(struct pakn_xls *x)
{
	size_t i;

	if (x == NULL)
		return;
	if (x->h)
		freexl_close(x->h);
	for (i = 0; i < x->nsheets; i++)
		free(x->sheets[i]);
	free(x->sheets);
	pakn_buf_release(&x->rowtext);
	free(x->off);
	free(x->fp);
	free(x->fl);
	free(x);
}

size_t
pakn_xls_nsheets(const struct pakn_xls *x)
{
	return x->nsheets;
}

const char *
pakn_xls_sheet_name(const struct pakn_xls *x, size_t i)
{
	return x->sheets[i];
}

long
pakn_xls_find_sheet(const struct pakn_xls *x, const char *s)
{
	size_t i;
	char *end;
	long v;

	for (i = 0; i < x->nsheets; i++)
		if (strcmp(x->sheets[i], s) == 0)
			return (long)i;
	v = strtol(s, &end, 10);
	if (*s && *end == '\0' && v >= 1 && (size_t)v <= x->nsheets)
		return v - 1;
	return -1;
}

int
pakn_xls_sheet_open(struct pakn_xls *x, size_t i, struct pakn_error *err)
{
	int rc;

	x->rows = x->row = 0;
	x->cols = 0;
	rc = freexl_select_active_worksheet(x->h, (unsigned short)i);
	if (rc == FREEXL_OK)
		rc = freexl_worksheet_dimensions(x->h, &x->rows, &x->cols);
	if (rc != FREEXL_OK) {
		pakn_error_set(err, x->name, 0, 0,
		               "sheet '%s': not a readable .xls sheet: %s "
		               "(libfreexl error %d)",
		               x->sheets[i], pakn_xls_strerror(rc), rc);
		return -1;
	}
	free(x->off);
	free(x->fp);
	free(x->fl);
	x->off = pakn_xcalloc((size_t)x->cols + 1, sizeof *x->off);
	x->fp = pakn_xcalloc((size_t)x->cols + 1, sizeof *x->fp);
	x->fl = pakn_xcalloc((size_t)x->cols + 1, sizeof *x->fl);
	return 0;
}

/* The text of cell v into b (a static text for NULL and unknown). */
static void
cell_text(struct pakn_buf *b, const FreeXL_CellValue *v)
{
	char t[40];

	switch (v->type) {
	case FREEXL_CELL_INT:
		snprintf(t, sizeof t, "%d", v->value.int_value);
		pakn_buf_adds(b, t);
		break;
	case FREEXL_CELL_DOUBLE:
		pakn_xls_number_text(v->value.double_value, t);
		pakn_buf_adds(b, t);
		break;
	case FREEXL_CELL_TEXT:
	case FREEXL_CELL_SST_TEXT:
	case FREEXL_CELL_DATE:
	case FREEXL_CELL_TIME:
		if (v->value.text_value)
			pakn_buf_adds(b, v->value.text_value);
		break;
	case FREEXL_CELL_DATETIME:
		if (v->value.text_value) {
			pakn_xls_datetime_text(v->value.text_value, t);
			pakn_buf_adds(b, t);
		}
		break;
	default: break;
	}
}

int
pakn_xls_next_row(struct pakn_xls *x, struct pakn_xlsx_row *row,
                  struct pakn_error *err)
{
	FreeXL_CellValue v;
	unsigned short c;
	size_t n = 0, i;
	int rc;

	if (x->row >= x->rows)
		return 0;
	pakn_buf_reset(&x->rowtext);
	for (c = 0; c < x->cols; c++) {
		rc = freexl_get_cell_value(x->h, x->row, c, &v);
		if (rc != FREEXL_OK)
			return pakn_error_set(err, x->name, (long)x->row + 1,
			                      (long)c + 1,
			                      "not a readable .xls workbook: "
			                      "cell: %s (libfreexl error %d)",
			                      pakn_xls_strerror(rc), rc);
		x->off[c] = x->rowtext.len;
		cell_text(&x->rowtext, &v);
		if (x->rowtext.len > x->off[c])
			n = (size_t)c + 1;
		pakn_buf_addc(&x->rowtext, '\0');
	}
	for (i = 0; i < n; i++) {
		x->fp[i] = x->rowtext.data + x->off[i];
		x->fl[i] = strlen(x->fp[i]);
	}
	row->line = (long)++x->row;
	row->n = n;
	row->field = x->fp;
	row->len = x->fl;
	return 1;
}
