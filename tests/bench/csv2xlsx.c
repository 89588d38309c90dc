/*
 * csv2xlsx: the benchmark's .xlsx, made with libxlsxwriter from the
 * generated CSV export (scripts/gen-sample), as an office's "Xuất Excel"
 * writes it: one sheet, a header row, dates ("dd/mm/yyyy hh:mm") as
 * serial numbers with a date style, whole numbers (STT) as numbers, the
 * rest as shared strings.  libxlsxwriter's constant_memory mode writes
 * rows as they come (its strings are then inline; -s keeps shared
 * strings, in memory).
 *
 *   csv2xlsx [-s] IN.csv OUT.xlsx
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "csvin.h"
#include "io.h"
#include "pakn.h"
#include "when.h"

/* The Excel serial (1900 system) of "dd/mm/yyyy[ hh:mm]", or -1. */
static double
serial_of(const char *s, size_t n)
{
	int d, m, y, hh = 0, mm = 0, k;
	char buf[32];
	long days;

	if (n == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	k = sscanf(buf, "%2d/%2d/%4d %2d:%2d", &d, &m, &y, &hh, &mm);
	if (k != 3 && k != 5)
		return -1;
	if (k == 3)
		hh = mm = 0;
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	/* 1899-12-30 is serial 0 (Excel's 1900 leap-year bug included). */
	days =
	    pakn_days_from_civil(y, m, d) - pakn_days_from_civil(1899, 12, 30);
	return (double)days + (hh * 60 + mm) / 1440.0;
}

static int
whole_number(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 9)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return s[0] != '0' || n == 1;
}

int
main(int argc, char *argv[])
{
	lxw_workbook_options opt = {0};
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *fdt;
	struct pakn_in in;
	struct pakn_csv *csv;
	struct pakn_csv_row row;
	struct pakn_error err;
	char cell[65536];
	lxw_row_t r = 0;
	int shared = 0, rc;

	if (argc == 4 && strcmp(argv[1], "-s") == 0) {
		shared = 1;
		argv++;
		argc--;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: csv2xlsx [-s] IN.csv OUT.xlsx\n");
		return 2;
	}
	if (pakn_in_open(&in, argv[1], &err) != 0) {
		fprintf(stderr, "csv2xlsx: %s: %s\n", argv[1], err.text);
		return 1;
	}
	opt.constant_memory = shared ? LXW_FALSE : LXW_TRUE;
	wb = workbook_new_opt(argv[2], &opt);
	if (wb == NULL) {
		fprintf(stderr, "csv2xlsx: cannot create %s\n", argv[2]);
		return 1;
	}
	ws = workbook_add_worksheet(wb, "Danh sách PAKN");
	fdt = workbook_add_format(wb);
	format_set_num_format(fdt, "dd/mm/yyyy hh:mm");
	csv = pakn_csv_new(&in, ',', 1 << 20);
	while ((rc = pakn_csv_next(csv, &row, &err)) == 1) {
		size_t i;

		for (i = 0; i < row.nfields && i < 16384; i++) {
			const char *s = row.field[i];
			size_t n = row.len[i];
			double v;

			if (r == 0 && i == 0 && n >= 3 &&
			    memcmp(s, "\xef\xbb\xbf", 3) == 0) {
				s += 3; /* the CSV's byte-order mark */
				n -= 3;
			}
			if (n == 0)
				continue;
			if (r > 0 && whole_number(s, n)) {
				worksheet_write_number(ws, r, (lxw_col_t)i,
				                       atof(s), NULL);
				continue;
			}
			if (r > 0 && (v = serial_of(s, n)) >= 0) {
				worksheet_write_number(ws, r, (lxw_col_t)i, v,
				                       fdt);
				continue;
			}
			if (n >= sizeof cell)
				n = sizeof cell - 1;
			memcpy(cell, s, n);
			cell[n] = '\0';
			worksheet_write_string(ws, r, (lxw_col_t)i, cell, NULL);
		}
		r++;
	}
	if (rc < 0)
		fprintf(stderr, "csv2xlsx: %s\n", err.text);
	pakn_csv_free(csv);
	pakn_in_close(&in);
	if (workbook_close(wb) != LXW_NO_ERROR) {
		fprintf(stderr, "csv2xlsx: cannot write %s\n", argv[2]);
		return 1;
	}
	return rc < 0;
}
