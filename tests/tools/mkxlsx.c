/*
 * mkxlsx: writes an .xlsx workbook from a text description on standard
 * input, with libxlsxwriter, for the tests of pakn-ingest.
 *
 *   mkxlsx OUT.xlsx < DESCRIPTION
 *
 * The description, one directive a line:
 *   sheet NAME          starts a sheet (the first one is made if none is)
 *   row C1|C2|...       a row; a cell "n:12.5" is a number, "d:45678" a
 *                       number with a date style (yyyy-mm-dd), "t:45678.5"
 *                       with a date-time style, "" an empty cell, anything
 *                       else a string
 *   merge N TEXT        a row whose first N cells are merged and hold TEXT
 *   hmerge N TEXT       merges the first N cells of the next row, which
 *                       holds TEXT (its next "row" fills the other cells)
 *   blank               skips a row
 *   gen N               N generated case rows (id, date, content, agency)
 *
 * (This libxlsxwriter has no workbook_set_1904: the tests set date1904 in
 * xl/workbook.xml themselves.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

int
main(int argc, char *argv[])
{
	lxw_workbook *wb;
	lxw_worksheet *ws = NULL;
	lxw_format *fdate, *fdt;
	char line[8192], *s, *cell, *next;
	lxw_row_t row = 0;
	lxw_col_t col;
	long i, n;

	if (argc != 2) {
		fprintf(stderr, "usage: mkxlsx OUT.xlsx < DESCRIPTION\n");
		return 2;
	}
	wb = workbook_new(argv[1]);
	if (wb == NULL) {
		fprintf(stderr, "mkxlsx: cannot create %s\n", argv[1]);
		return 1;
	}
	fdate = workbook_add_format(wb);
	format_set_num_format(fdate, "yyyy-mm-dd");
	fdt = workbook_add_format(wb);
	format_set_num_format(fdt, "dd/mm/yyyy hh:mm");
	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (strncmp(line, "sheet ", 6) == 0) {
			ws = workbook_add_worksheet(wb, line + 6);
			row = 0;
			continue;
		}
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if (ws == NULL)
			ws = workbook_add_worksheet(wb, NULL);
		if (strcmp(line, "blank") == 0) {
			row++;
		} else if (strncmp(line, "merge ", 6) == 0) {
			n = strtol(line + 6, &s, 10);
			worksheet_merge_range(ws, row, 0, row,
			                      (lxw_col_t)(n - 1), s + 1, NULL);
			row++;
		} else if (strncmp(line, "hmerge ", 7) == 0) {
			n = strtol(line + 7, &s, 10);
			worksheet_merge_range(ws, row, 0, row,
			                      (lxw_col_t)(n - 1), s + 1, NULL);
		} else if (strncmp(line, "gen ", 4) == 0) {
			n = atol(line + 4);
			for (i = 0; i < n; i++, row++) {
				char id[32];

				snprintf(id, sizeof id, "HS%07ld", i + 1);
				worksheet_write_string(ws, row, 0, id, NULL);
				worksheet_write_number(
				    ws, row, 1, 45658.0 + (double)(i % 300),
				    fdate);
				worksheet_write_string(
				    ws, row, 2,
				    "Phản ánh về đường giao thông xuống cấp",
				    NULL);
				worksheet_write_string(
				    ws, row, 3,
				    i % 2 ? "UBND xã A" : "Sở Xây dựng", NULL);
			}
		} else if (strncmp(line, "row ", 4) == 0) {
			s = line + 4;
			for (col = 0;; col++) {
				cell = s;
				next = strchr(s, '|');
				if (next)
					*next = '\0';
				if (strncmp(cell, "n:", 2) == 0)
					worksheet_write_number(
					    ws, row, col, atof(cell + 2), NULL);
				else if (strncmp(cell, "d:", 2) == 0)
					worksheet_write_number(ws, row, col,
					                       atof(cell + 2),
					                       fdate);
				else if (strncmp(cell, "t:", 2) == 0)
					worksheet_write_number(
					    ws, row, col, atof(cell + 2), fdt);
				else if (*cell)
					worksheet_write_string(ws, row, col,
					                       cell, NULL);
				if (!next)
					break;
				s = next + 1;
			}
			row++;
		} else {
			fprintf(stderr, "mkxlsx: unknown directive: %s\n",
			        line);
			return 2;
		}
	}
	if (workbook_close(wb) != LXW_NO_ERROR) {
		fprintf(stderr, "mkxlsx: cannot write %s\n", argv[1]);
		return 1;
	}
	return 0;
}
