/*
 * test_render.c: unit tests of lib/render*.c and lib/texttable.c: the
 * text-table engine (widths of Vietnamese text in terminal cells, cuts
 * with "…", alignment, columns left out to fit a width), numbers, rates
 * and dates in Vietnamese and English, CSV quoting and formula
 * neutralisation, JSON and HTML escaping, and each renderer on a small
 * report made by pakn_agg from a few records.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "agg.h"
#include "record.h"
#include "render.h"
#include "render_int.h"
#include "texttable.h"
#include "unit.h"
#include "vocab.h"
#include "when.h"

static long
day(int y, int m, int d)
{
	return pakn_days_from_civil(y, m, d);
}

/* ---- the text-table engine ------------------------------------------- */

static void
check_cut(const char *s, int w, const char *want, const char *what)
{
	struct pakn_buf b = PAKN_BUF_INIT;

	pakn_term_cut(&b, s, w);
	CHECK_STR(b.data ? b.data : "", want, what);
	pakn_buf_release(&b);
}

static void
test_widths(void)
{
	CHECK_INT(pakn_term_width(""), 0, "empty: 0 cells");
	CHECK_INT(pakn_term_width("Đơn vị"), 6,
	          "precomposed Vietnamese: a cell a letter");
	CHECK_INT(pakn_term_width("Sở Tài nguyên và Môi trường"), 27,
	          "an agency name: 27 cells, more bytes");
	CHECK_INT(pakn_term_width("Tie\xcc\x82\xcc\x81ng"), 5,
	          "decomposed tones take no cell");
	CHECK_INT(pakn_term_width("漢字"), 4, "wide characters take two");
	CHECK_INT(pakn_term_width("a\xe2\x80\x8b"
	                          "b"),
	          2, "a zero-width space takes none");

	check_cut("Sở Xây dựng", 11, "Sở Xây dựng", "fits: not cut");
	check_cut("Sở Xây dựng", 20, "Sở Xây dựng", "room to spare: not cut");
	check_cut("Sở Tài nguyên và Môi trường", 10, "Sở Tài ng…",
	          "cut to 10 cells: 9 and the ellipsis");
	check_cut("Tie\xcc\x82\xcc\x81ng Vie\xcc\xa3t", 4,
	          "Tie\xcc\x82\xcc\x81…",
	          "a cut keeps the combining marks with their letter");
	check_cut("漢字漢字", 4, "漢…",
	          "a wide character that would pass the width is left out");
}

static void
test_clean_wrap(void)
{
	struct pakn_buf b = PAKN_BUF_INIT;

	pakn_term_clean(&b, "a\tb\x7f"
	                    "c\xc2\x85"
	                    "d\ne");
	CHECK_STR(b.data, "a b c d e", "C0, DEL and C1 controls become spaces");
	pakn_buf_reset(&b);
	pakn_term_clean(&b, "Hương Canh – ổn");
	CHECK_STR(b.data, "Hương Canh – ổn",
	          "Vietnamese text and punctuation are kept");

	pakn_buf_reset(&b);
	pakn_term_wrap(&b, "một hai ba", 20, 2, 4);
	CHECK_STR(b.data, "  một hai ba\n", "a short paragraph: one line");
	pakn_buf_reset(&b);
	pakn_term_wrap(&b, "Tỷ lệ đúng hạn bằng đã trả lời đúng hạn chia", 20,
	               2, 4);
	CHECK_STR(b.data,
	          "  Tỷ lệ đúng hạn\n    bằng đã trả lời\n    đúng hạn chia\n",
	          "wrapped at 20 cells, counted in cells, not bytes");
	pakn_buf_release(&b);
}

/* Renders t at width into a new string (caller frees). */
static char *
table_text(struct pakn_ttable *t, int width)
{
	struct pakn_buf b = PAKN_BUF_INIT;

	pakn_tt_render(t, width, &b);
	pakn_tt_release(t);
	return b.data ? b.data : pakn_xstrdup("");
}

static void
test_table(void)
{
	struct pakn_ttable t;
	char *s;

	/* Left key, right number: widths from the widest cell, in cells. */
	pakn_tt_init(&t);
	pakn_tt_col(&t, "Đơn vị", 0, 0, 0);
	pakn_tt_col(&t, "Nhận", 1, 0, 0);
	pakn_tt_row(&t);
	pakn_tt_set(&t, 0, "Sở Xây dựng");
	pakn_tt_set(&t, 1, "12");
	pakn_tt_row(&t);
	pakn_tt_set(&t, 0, "UBND");
	pakn_tt_set(&t, 1, "1.234");
	s = table_text(&t, 0);
	CHECK_STR(s,
	          "  Đơn vị        Nhận\n"
	          "  Sở Xây dựng     12\n"
	          "  UBND         1.234\n",
	          "columns as wide as their widest cell, numbers to the right");
	free(s);

	/* A header with a line break takes two lines; a left last column
	 * leaves no trailing blanks; a control in a cell is a space. */
	pakn_tt_init(&t);
	pakn_tt_col(&t, "Đúng\nhạn", 1, 0, 0);
	pakn_tt_col(&t, "Nội dung", 0, 0, 0);
	pakn_tt_row(&t);
	pakn_tt_set(&t, 0, "7");
	pakn_tt_set(&t, 1,
	            "a\x01"
	            "b");
	pakn_tt_row(&t);
	pakn_tt_set(&t, 0, "10");
	s = table_text(&t, 0);
	CHECK_STR(s,
	          "  Đúng\n"
	          "   hạn  Nội dung\n"
	          "     7  a b\n"
	          "    10\n",
	          "a two-line header, no trailing blanks, controls as spaces");
	free(s);

	/* Fitting: the cuttable column is cut first (to twice its floor),
	 * then the droppable one goes, then cuts go down to 1.5 times. */
	pakn_tt_init(&t);
	pakn_tt_col(&t, "Key", 0, 0, 8);
	pakn_tt_col(&t, "A", 1, 0, 0);
	pakn_tt_col(&t, "B", 1, 3, 0);
	pakn_tt_row(&t);
	pakn_tt_set(&t, 0, "Sở Tài nguyên và Môi trường");
	pakn_tt_set(&t, 1, "10");
	pakn_tt_set(&t, 2, "20");
	s = table_text(&t, 0);
	CHECK_STR(s,
	          "  Key                           A   B\n"
	          "  Sở Tài nguyên và Môi trường  10  20\n",
	          "no width limit: nothing cut");
	free(s);

	pakn_tt_init(&t);
	pakn_tt_col(&t, "Key", 0, 0, 8);
	pakn_tt_col(&t, "A", 1, 0, 0);
	pakn_tt_col(&t, "B", 1, 3, 0);
	pakn_tt_row(&t);
	pakn_tt_set(&t, 0, "Sở Tài nguyên và Môi trường");
	pakn_tt_set(&t, 1, "10");
	pakn_tt_set(&t, 2, "20");
	s = table_text(&t, 30);
	CHECK_STR(s,
	          "  Key                    A   B\n"
	          "  Sở Tài nguyên và Mô…  10  20\n",
	          "30 columns: the name cut to fit, with an ellipsis");
	CHECK_INT(pakn_term_width(strchr(s, '\n') + 1), 31,
	          "the line is 30 cells and its newline");
	free(s);

	pakn_tt_init(&t);
	pakn_tt_col(&t, "Key", 0, 0, 8);
	pakn_tt_col(&t, "A", 1, 0, 0);
	pakn_tt_col(&t, "B", 1, 3, 0);
	pakn_tt_row(&t);
	pakn_tt_set(&t, 0, "Sở Tài nguyên và Môi trường");
	pakn_tt_set(&t, 1, "10");
	pakn_tt_set(&t, 2, "20");
	s = table_text(&t, 20);
	CHECK_STR(s,
	          "  Key            A\n"
	          "  Sở Tài nguy…  10\n",
	          "20 columns: column B left out, the name cut to 1.5 floor");
	free(s);

	/* Columns past the limit are ignored, not written out of bounds. */
	pakn_tt_init(&t);
	{
		int c;

		for (c = 0; c < PAKN_TT_MAXCOLS + 3; c++)
			pakn_tt_col(&t, "x", 0, 0, 0);
	}
	CHECK_INT(t.ncols, PAKN_TT_MAXCOLS, "at most PAKN_TT_MAXCOLS columns");
	pakn_tt_release(&t);
}

/* ---- formatting -------------------------------------------------------- */

#define FMT(call, want, what)                                                  \
	do {                                                                   \
		struct pakn_buf b_ = PAKN_BUF_INIT;                            \
		struct pakn_buf *b = &b_;                                      \
		call;                                                          \
		CHECK_STR(b_.data ? b_.data : "", want, what);                 \
		pakn_buf_release(&b_);                                         \
	} while (0)

static void
test_numbers(void)
{
	const enum pakn_lang VI = PAKN_LANG_VI, EN = PAKN_LANG_EN;
	struct pakn_period p = {0, 0, 0};

	FMT(pakn_fmt_int(b, VI, 0), "0", "0");
	FMT(pakn_fmt_int(b, VI, 999), "999", "three digits: no separator");
	FMT(pakn_fmt_int(b, VI, 1234567), "1.234.567", "vi: dots in thousands");
	FMT(pakn_fmt_int(b, EN, 1234567), "1,234,567",
	    "en: commas in thousands");
	FMT(pakn_fmt_int(b, VI, -1234), "-1.234", "a negative number");
	FMT(pakn_fmt_delta(b, VI, 1200), "+1.200", "a rise has its plus sign");
	FMT(pakn_fmt_delta(b, EN, -3), "-3", "a fall");
	FMT(pakn_fmt_delta(b, VI, 0), "0", "no change: no sign");

	FMT(pakn_fmt_rate(b, VI, 9231), "92,3 %", "vi: decimal comma, space");
	FMT(pakn_fmt_rate(b, EN, 9231), "92.3%", "en: decimal point");
	FMT(pakn_fmt_rate(b, VI, 10000), "100,0 %", "100 %");
	FMT(pakn_fmt_rate(b, VI, 9995), "100,0 %", "99.95 rounds half up");
	FMT(pakn_fmt_rate(b, EN, 9994), "99.9%", "99.94 rounds down");
	FMT(pakn_fmt_rate(b, VI, 4), "0,0 %", "0.04 % is 0,0 %");
	FMT(pakn_fmt_rate(b, VI, -1), "–", "undefined rate: a dash");
	FMT(pakn_fmt_rate_delta(b, VI, 9231, 9081), "+1,5",
	    "a change in points, vi");
	FMT(pakn_fmt_rate_delta(b, EN, 9000, 9030), "-0.3",
	    "a fall in points, en");
	FMT(pakn_fmt_rate_delta(b, EN, 9000, 9002), "0.0",
	    "too small to show: no sign");
	FMT(pakn_fmt_rate_delta(b, VI, 9000, -1), "",
	    "undefined previous rate: nothing");
	FMT(pakn_fmt_fraction(b, 9231), "0.9231", "a fraction");
	FMT(pakn_fmt_fraction(b, 10000), "1.0000", "a whole");
	FMT(pakn_fmt_fraction(b, 5), "0.0005", "leading zeros kept");
	FMT(pakn_fmt_fraction(b, -1), "", "undefined: nothing");

	FMT(pakn_fmt_day(b, VI, day(2021, 9, 6)), "06/09/2021", "vi day");
	FMT(pakn_fmt_day(b, EN, day(2021, 9, 6)), "2021-09-06", "en day");
	FMT(pakn_fmt_iso_day(b, day(2021, 9, 6)), "2021-09-06", "ISO day");
	p.from = day(2021, 8, 1);
	p.to = day(2021, 8, 31);
	FMT(pakn_fmt_period(b, VI, &p, 1),
	    "tháng 08/2021 (01/08/2021 – 31/08/2021)", "vi month");
	FMT(pakn_fmt_period(b, EN, &p, 1),
	    "August 2021 (2021-08-01 – 2021-08-31)", "en month");
	FMT(pakn_fmt_period(b, EN, &p, 0), "2021-08-01 – 2021-08-31",
	    "a range of days");
	CHECK_STR(pakn_mark_stars(PAKN_MARK_FULL), "**", "full marks: **");
	CHECK_STR(pakn_mark_stars(PAKN_MARK_PARTIAL), "*", "partial: *");
	CHECK_STR(pakn_mark_stars(PAKN_MARK_BELOW), "", "below: none");
	FMT(pakn_fmt_header(b, EN, H_OVERDUE), "Over-due",
	    "a hyphenated header joins without a space");
	FMT(pakn_fmt_header(b, VI, H_OVERDUE), "Quá hạn",
	    "a two-line header on one line");
}

static void
test_keys(void)
{
	const enum pakn_lang VI = PAKN_LANG_VI, EN = PAKN_LANG_EN;
	const struct pakn_word *w;
	size_t n, i;
	int same = 1;

	FMT(pakn_fmt_key(b, VI, PAKN_DIM_CHANNEL, "hotline", NULL),
	    "Đường dây nóng", "a channel's Vietnamese label");
	FMT(pakn_fmt_key(b, EN, PAKN_DIM_CHANNEL, "direct", NULL), "In person",
	    "a channel's English label");
	FMT(pakn_fmt_key(b, VI, PAKN_DIM_KIND, "petition", NULL), "Kiến nghị",
	    "a kind's label");
	FMT(pakn_fmt_key(b, VI, PAKN_DIM_KIND, "other", NULL), "Khác",
	    "kind other has its label too");
	FMT(pakn_fmt_key(b, VI, PAKN_DIM_CHANNEL, "fax", NULL), "fax",
	    "an unknown channel shows as it is");
	FMT(pakn_fmt_key(b, VI, PAKN_DIM_CATEGORY, "hotline", NULL), "hotline",
	    "only channels and kinds are labelled");
	FMT(pakn_fmt_key(b, VI, PAKN_DIM_AGENCY, "", NULL), "(chưa giao)",
	    "no agency: unassigned");
	FMT(pakn_fmt_key(b, EN, PAKN_DIM_DISTRICT, "", NULL), "(unknown)",
	    "no district: unknown");
	FMT(pakn_fmt_key(b, VI, PAKN_DIM_AGENCY, "so-xd", "Sở Xây dựng"),
	    "Sở Xây dựng", "a name wins over the key");
	/* Every channel word is shown with its vocabulary label. */
	w = pakn_vocab(PAKN_VOCAB_CHANNEL, &n);
	for (i = 0; i < n; i++) {
		struct pakn_buf b = PAKN_BUF_INIT;

		pakn_fmt_key(&b, EN, PAKN_DIM_CHANNEL, w[i].word, NULL);
		same &= strcmp(b.data, w[i].en) == 0;
		pakn_buf_release(&b);
	}
	CHECK(same && n == 9, "the nine channels, labelled from vocab.h");
}

static void
test_escaping(void)
{
	FMT(pakn_csv_field(b, "abc", 1), "abc", "csv: plain text as it is");
	FMT(pakn_csv_field(b, "Sở Xây dựng", 1), "Sở Xây dựng",
	    "csv: UTF-8 needs no quotes");
	FMT(pakn_csv_field(b, "a,b", 1), "\"a,b\"", "csv: a comma is quoted");
	FMT(pakn_csv_field(b, "say \"hi\"", 1), "\"say \"\"hi\"\"\"",
	    "csv: quotes doubled");
	FMT(pakn_csv_field(b, "a\nb", 1), "\"a\nb\"", "csv: a newline quoted");
	FMT(pakn_csv_field(b, "=SUM(A1:A9)", 1), "\"'=SUM(A1:A9)\"",
	    "csv: a formula neutralised");
	FMT(pakn_csv_field(b, "+84 912", 1), "\"'+84 912\"", "csv: + too");
	FMT(pakn_csv_field(b, "-1", 1), "\"'-1\"", "csv: - too");
	FMT(pakn_csv_field(b, "@cmd", 1), "\"'@cmd\"", "csv: @ too");
	FMT(pakn_csv_field(b, "\tx", 1), "\"'\tx\"", "csv: a leading tab too");
	FMT(pakn_csv_field(b, "=\"x\",1", 1), "\"'=\"\"x\"\",1\"",
	    "csv: a formula with quotes and a comma");
	FMT(pakn_csv_field(b, "a=b", 1), "a=b", "csv: = inside is harmless");
	FMT(pakn_csv_field(b, "agency,channel", 0), "\"agency,channel\"",
	    "csv: a machine name is quoted, not neutralised");
	FMT(pakn_csv_field(b, "", 1), "", "csv: empty");

	FMT(pakn_html_escape(b, "<a href='x'>&\"\x01\t</a>", 20),
	    "&lt;a href=&#39;x&#39;&gt;&amp;&quot; \t&lt;/a&gt;",
	    "html: & < > \" ' escaped, a control as a space, tab kept");
	FMT(pakn_html_escape(b, "Hà Nội", strlen("Hà Nội")), "Hà Nội",
	    "html: UTF-8 as it is");
	FMT(pakn_html_escape(b, "a<b", 1), "a", "html: only n bytes");
}

/* ---- each renderer on a small report ------------------------------------ */

/* November 2021 seen on 6/12/2021: R1 answered on time, R2 overdue
 * (an agency whose key looks like a formula and whose name holds
 * markup), R3 open, kind other, no agency. */
static const char *const lines[] = {
    "{\"id\":\"R1\",\"received_at\":\"2021-11-02T09:00:00+07:00\","
    "\"channel\":\"hotline\",\"kind\":\"feedback\",\"title\":\"Khói bụi\","
    "\"status\":\"answered\",\"answered_at\":\"2021-11-05T15:00:00+07:00\","
    "\"satisfaction\":\"satisfied\",\"agency\":\"so-xd\","
    "\"agency_name\":\"Sở Xây dựng\",\"category\":\"Xây dựng\","
    "\"due_at\":\"2021-11-11T23:59:59+07:00\"}",
    "{\"id\":\"R2\",\"received_at\":\"2021-11-03T10:00:00+07:00\","
    "\"channel\":\"zalo\",\"kind\":\"petition\","
    "\"title\":\"Tiêu đề \\\"x\\\" \\\\ \\u0001|*_<i>\","
    "\"status\":\"processing\",\"agency\":\"=HYPERLINK(1)\","
    "\"agency_name\":\"<b>\\\"Ban\\\" & co</b>\",\"category\":\"Môi "
    "trường\",\"due_at\":\"2021-11-10T23:59:59+07:00\"}",
    "{\"id\":\"R3\",\"received_at\":\"2021-11-20T08:00:00+07:00\","
    "\"channel\":\"email\",\"kind\":\"other\",\"title\":\"Hỏi\","
    "\"status\":\"received\",\"due_at\":\"2021-12-20T23:59:59+07:00\"}",
};
#define TITLE2 "Tiêu đề \"x\" \\ \x01|*_<i>"

static struct pakn_agg *
small_agg(void)
{
	struct pakn_agg_config cfg;
	struct pakn_agg *a;
	struct pakn_record r;
	struct pakn_error err;
	size_t i;
	int counted = 0;

	pakn_agg_config_init(&cfg, day(2021, 11, 1), day(2021, 11, 30),
	                     day(2021, 12, 6), 1);
	cfg.nby = 3;
	cfg.by[0].ndim = 1;
	cfg.by[0].dim[0] = PAKN_DIM_CHANNEL;
	cfg.by[1].ndim = 1;
	cfg.by[1].dim[0] = PAKN_DIM_AGENCY;
	cfg.by[2].ndim = 2;
	cfg.by[2].dim[0] = PAKN_DIM_KIND;
	cfg.by[2].dim[1] = PAKN_DIM_AGENCY;
	a = pakn_agg_new(&cfg);
	pakn_record_init(&r);
	for (i = 0; i < sizeof lines / sizeof *lines; i++) {
		if (pakn_record_scan(&r, lines[i], strlen(lines[i]), &err) ==
		        0 &&
		    pakn_agg_add(a, &r, &err) > 0)
			counted++;
	}
	pakn_record_release(&r);
	CHECK_INT(counted, 3, "the three records count");
	return a;
}

static char *
render(const struct pakn_report *rep, enum pakn_format f, enum pakn_lang L,
       int width, int excel)
{
	struct pakn_render_opts o;
	struct pakn_buf b = PAKN_BUF_INIT;

	memset(&o, 0, sizeof o);
	o.format = f;
	o.lang = L;
	o.width = width;
	o.excel = excel;
	o.title = "UBND tỉnh <Phú Thọ>";
	pakn_render(rep, &o, &b);
	return b.data ? b.data : pakn_xstrdup("");
}

/* 1 if every line of s is at most width cells and has no trailing
 * blank. */
static int
lines_fit(const char *s, int width)
{
	struct pakn_buf line = PAKN_BUF_INIT;
	const char *p = s, *e;
	int ok = 1;

	while (*p) {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		pakn_buf_reset(&line);
		pakn_buf_add(&line, p, (size_t)(e - p));
		if (line.len && (pakn_term_width(line.data) > width ||
		                 line.data[line.len - 1] == ' '))
			ok = 0;
		p = *e ? e + 1 : e;
	}
	pakn_buf_release(&line);
	return ok;
}

/* The line of s that starts with start, or NULL; its end in *end. */
static const char *
find_line(const char *s, const char *start, const char **end)
{
	const char *p = s;

	while (p && *p) {
		if (strncmp(p, start, strlen(start)) == 0) {
			*end = strchr(p, '\n');
			if (*end == NULL)
				*end = p + strlen(p);
			return p;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

/* The width in cells of the line starting with start; -1 if none. */
static int
line_width(const char *s, const char *start)
{
	const char *e, *p = find_line(s, start, &e);
	char *line;
	int w;

	if (p == NULL)
		return -1;
	line = pakn_xstrndup(p, (size_t)(e - p));
	w = pakn_term_width(line);
	free(line);
	return w;
}

/* 1 if the line starting with start ends with tail. */
static int
line_ends(const char *s, const char *start, const char *tail)
{
	const char *e, *p = find_line(s, start, &e);

	return p && (size_t)(e - p) >= strlen(tail) &&
	       strncmp(e - strlen(tail), tail, strlen(tail)) == 0;
}

static void
test_text(const struct pakn_report *rep)
{
	char *s = render(rep, PAKN_FMT_TEXT, PAKN_LANG_VI, 0, 0), *s2;

	CHECK(strncmp(s, "UBND tỉnh <Phú Thọ>\nBÁO CÁO TIẾP NHẬN", 45) == 0,
	      "text: the title, then the heading");
	CHECK(strstr(s, "Đường dây nóng") != NULL,
	      "text: a channel by its label");
	CHECK(strstr(s, "  Khác / (chưa giao)") != NULL,
	      "text: kind other, no agency, in the pair grouping");
	CHECK_INT(line_width(s, "  Chỉ tiêu"), line_width(s, "  Tiếp nhận"),
	          "text: the summary's numbers end under Kỳ này");
	CHECK(line_ends(s, "  Tiếp nhận trong kỳ", " 3"), "text: received 3");
	CHECK(line_ends(s, "  Tỷ lệ đúng hạn ", " 50,0 %"),
	      "text: 1 on time of 2 is 50,0 %");
	CHECK_INT(line_width(s, "  Tỷ lệ đúng hạn "),
	          line_width(s, "  Tiếp nhận"), "text: and it aligns too");
	CHECK(strstr(s, "\x01") == NULL && strstr(s, TITLE2) == NULL,
	      "text: no control character from the data");
	CHECK(strstr(s, "Tiêu đề \"x\" \\  |*_<i>") != NULL,
	      "text: the title as it is, its control as a space");
	CHECK(lines_fit(s, 1 << 20), "text: no trailing blanks");
	s2 = render(rep, PAKN_FMT_TEXT, PAKN_LANG_VI, 0, 0);
	CHECK_STR(s2, s, "text: the same report gives the same bytes");
	free(s2);
	free(s);

	s = render(rep, PAKN_FMT_TEXT, PAKN_LANG_VI, 60, 0);
	CHECK(lines_fit(s, 60), "text --width 60: every line fits");
	CHECK(strstr(s, "…") != NULL, "text --width 60: something is cut");
	free(s);

	s = render(rep, PAKN_FMT_TEXT, PAKN_LANG_EN, 0, 0);
	CHECK(strstr(s, "REPORT ON FEEDBACK") != NULL &&
	          strstr(s, "Hotline") != NULL &&
	          strstr(s, "Other / (unassigned)") != NULL &&
	          strstr(s, "50.0%") != NULL,
	      "text en: English labels and numbers");
	free(s);
}

static void
test_md(const struct pakn_report *rep)
{
	char *s = render(rep, PAKN_FMT_MD, PAKN_LANG_VI, 0, 0);

	CHECK(strncmp(s, "# UBND tỉnh \\<Phú Thọ\\>: BÁO CÁO", 37) == 0,
	      "md: the title escaped in the heading");
	CHECK(strstr(s, "| Tiếp nhận trong kỳ | 3 |") != NULL,
	      "md: a summary row");
	CHECK(strstr(s, "Tiêu đề \"x\" \\\\  \\|\\*\\_\\<i\\>") != NULL,
	      "md: | * _ < > \\ of the data escaped, the control a space");
	CHECK(strstr(s, "\\<b\\>\"Ban\" \\& co\\</b\\>") != NULL,
	      "md: markup in an agency name escaped");
	CHECK(strstr(s, "| --- | ---: |") != NULL, "md: numbers right-aligned");
	free(s);
}

static void
test_csv(const struct pakn_report *rep)
{
	char *s = render(rep, PAKN_FMT_CSV, PAKN_LANG_VI, 0, 0);
	const char *p;
	int nl = 0;

	CHECK(strncmp(
	          s, "period,grouping,key,name,key2,name2,received,",
	          strlen("period,grouping,key,name,key2,name2,received,")) == 0,
	      "csv: the header names the columns");
	CHECK(strstr(s, "\n2021-11,total,,,,,3,0,1,0,1,1,0.5000,") != NULL,
	      "csv: the totals line");
	CHECK(strstr(s, "2021-11,agency,\"'=HYPERLINK(1)\",\"<b>\"\"Ban\"\" & "
	                "co</b>\",,,1,") != NULL,
	      "csv: a formula key neutralised, a name with quotes quoted");
	CHECK(strstr(s, "2021-11,\"kind,agency\",other,,,,1,") != NULL,
	      "csv: a pair grouping's name quoted");
	CHECK(strstr(s, "2021-11,channel,hotline,,,,1,0,1,0,0,0,1.0000,") !=
	          NULL,
	      "csv: a group row with its figures");
	for (p = s; *p; p++)
		nl += *p == '\n';
	/* header, total, 3 channels, 3 agencies, 3 kind/agency pairs */
	CHECK_INT(nl, 11, "csv: one line per row");
	CHECK(strstr(s, "\r") == NULL && strncmp(s, "\xef\xbb\xbf", 3) != 0,
	      "csv: no BOM, LF line ends");
	free(s);
	s = render(rep, PAKN_FMT_CSV, PAKN_LANG_EN, 0, 1);
	CHECK(strncmp(s, "\xef\xbb\xbfperiod,", 10) == 0 &&
	          strstr(s, "multi_level,returns\r\n"
	                    "2021-11,total") != NULL,
	      "csv --excel: a BOM and CRLF");
	free(s);
}

static void
test_json(const struct pakn_report *rep)
{
	char *s = render(rep, PAKN_FMT_JSON, PAKN_LANG_VI, 0, 0);
	json_error_t jerr;
	json_t *j = json_loads(s, 0, &jerr), *c;

	CHECK(j != NULL, "json: the output parses");
	CHECK_INT(json_integer_value(json_object_get(
	              json_object_get(j, "totals"), "received")),
	          3, "json: totals.received");
	CHECK(json_real_value(json_object_get(json_object_get(j, "totals"),
	                                      "on_time_rate")) == 0.5,
	      "json: the rate as a fraction");
	c = json_array_get(
	    json_object_get(json_object_get(j, "overdue"), "cases"), 0);
	CHECK_STR(json_string_value(json_object_get(c, "title")), TITLE2,
	          "json: a title with quotes, backslash and a control "
	          "round-trips");
	CHECK_STR(json_string_value(json_object_get(c, "agency_name")),
	          "<b>\"Ban\" & co</b>",
	          "json: a name with quotes round-trips");
	CHECK(strstr(s, "\"Tiêu đề \\\"x\\\" \\\\ \\u0001|*_<i>\"") != NULL,
	      "json: escaped as JSON wants, UTF-8 as it is");
	{
		json_t *rows = json_object_get(json_object_get(j, "groups"),
		                               "kind,agency");
		json_t *key = json_object_get(json_array_get(rows, 1), "key");

		CHECK_STR(json_string_value(json_array_get(key, 0)), "other",
		          "json: a pair's key as an array");
		CHECK(json_is_null(json_array_get(key, 1)),
		      "json: a missing key is null");
	}
	json_decref(j);
	free(s);
}

static void
test_html(const struct pakn_report *rep)
{
	char *s = render(rep, PAKN_FMT_HTML, PAKN_LANG_VI, 0, 0);

	CHECK(strncmp(s, "<!DOCTYPE html>", 15) == 0, "html: a page");
	CHECK(strstr(s, "&lt;b&gt;&quot;Ban&quot; &amp; co&lt;/b&gt;") != NULL,
	      "html: an agency name escaped");
	CHECK(strstr(s, "<b>\"Ban\"") == NULL && strstr(s, "<i>") == NULL,
	      "html: no markup from the data");
	CHECK(strstr(s, "UBND tỉnh &lt;Phú Thọ&gt;") != NULL,
	      "html: the title escaped");
	CHECK(strstr(s, "\x01") == NULL, "html: no control character");
	free(s);
}

static void
test_formats(void)
{
	CHECK_INT(pakn_format_parse("text"), PAKN_FMT_TEXT, "format text");
	CHECK_INT(pakn_format_parse("markdown"), PAKN_FMT_MD,
	          "format markdown is md");
	CHECK_INT(pakn_format_parse("html"), PAKN_FMT_HTML, "format html");
	CHECK_INT(pakn_format_parse("xml"), -1, "format xml: unknown");
	CHECK_STR(pakn_format_ext(PAKN_FMT_TEXT), "txt", "text is .txt");
	CHECK_STR(pakn_format_ext(PAKN_FMT_JSON), "json", "json is .json");
	CHECK(pakn_format_binary(PAKN_FMT_XLSX) &&
	          pakn_format_binary(PAKN_FMT_PDF) &&
	          !pakn_format_binary(PAKN_FMT_HTML) &&
	          !pakn_format_binary(PAKN_FMT_CSV),
	      "xlsx and pdf are binary, html and csv not");
}

static void
test_render_option(void)
{
	struct pakn_render_opts o;
	struct pakn_error err;

	memset(&o, 0, sizeof o);
	CHECK_INT(pakn_render_option(&o, "format", "xlsx", &err), 1,
	          "option: --format");
	CHECK_INT(o.format, PAKN_FMT_XLSX, "option: format set");
	CHECK_INT(pakn_render_option(&o, "format", "xml", &err), -1,
	          "option: an unknown format refused");
	CHECK_STR(err.text,
	          "--format 'xml': expected text, md, csv, json, html, xlsx "
	          "or pdf",
	          "option: the formats named");
	CHECK_INT(pakn_render_option(&o, "lang", "en", &err), 1,
	          "option: --lang");
	CHECK_INT(o.lang, PAKN_LANG_EN, "option: lang set");
	CHECK_INT(pakn_render_option(&o, "lang", "fr", &err), -1,
	          "option: --lang fr refused");
	CHECK_INT(pakn_render_option(&o, "excel", NULL, &err), 1,
	          "option: --excel alone");
	CHECK_INT(o.excel, PAKN_EXCEL_VI, "option: --excel is the Vietnamese");
	CHECK_INT(pakn_render_option(&o, "excel", "intl", &err), 1,
	          "option: --excel=intl");
	CHECK_INT(o.excel, PAKN_EXCEL_INTL, "option: intl set");
	CHECK_INT(pakn_render_option(&o, "excel", "us", &err), -1,
	          "option: --excel=us refused");
	CHECK_INT(pakn_render_option(&o, "title", "\xff", &err), -1,
	          "option: a title not UTF-8 refused");
	CHECK_INT(pakn_render_option(&o, "office", "x", &err), 0,
	          "option: not a rendering option");

	o.format = PAKN_FMT_HTML;
	CHECK_INT(pakn_render_fits(&o, 0, 1, 0, &err), 0,
	          "fits: --doc with html");
	CHECK_INT(pakn_render_fits(&o, 1, 0, 0, &err), -1,
	          "fits: --excel not with html");
	CHECK_STR(err.text, "--excel goes with --format csv",
	          "fits: what --excel goes with");
	CHECK_INT(pakn_render_fits(&o, 0, 0, 1, &err), -1,
	          "fits: --cases not html");
	o.format = PAKN_FMT_CSV;
	CHECK_INT(pakn_render_fits(&o, 1, 0, 1, &err), 0,
	          "fits: --excel and --cases with csv");
	CHECK_INT(pakn_render_fits(&o, 0, 1, 0, &err), -1,
	          "fits: --doc not with csv");
}

static void
test_doc_option(void)
{
	struct pakn_doc d;
	struct pakn_error err;

	memset(&d, 0, sizeof d);
	d.date = -1;
	CHECK_INT(pakn_doc_option(&d, "office", "Sở Nội vụ", &err), 1,
	          "doc: --office");
	CHECK_STR(d.office, "Sở Nội vụ", "doc: office set");
	CHECK_INT(pakn_doc_option(&d, "signer-title", "KT. GIÁM ĐỐC", &err), 1,
	          "doc: --signer-title");
	CHECK_STR(d.signer_title, "KT. GIÁM ĐỐC", "doc: signer title set");
	CHECK_INT(pakn_doc_option(&d, "date", "05/09/2025", &err), 1,
	          "doc: --date dd/mm/yyyy");
	CHECK_INT(d.date, pakn_days_from_civil(2025, 9, 5), "doc: the day");
	CHECK_INT(pakn_doc_option(&d, "date", "2025-09-05T10:00", &err), -1,
	          "doc: --date with a time is refused");
	CHECK_INT(pakn_doc_option(&d, "number", "\xff", &err), -1,
	          "doc: not UTF-8 is refused");
	CHECK(strstr(err.text, "--number") != NULL, "doc: the option named");
	CHECK_INT(pakn_doc_option(&d, "title", "x", &err), 0,
	          "doc: not a document option");
}

int
main(void)
{
	test_doc_option();
	struct pakn_agg *a;
	struct pakn_report *rep;

	test_widths();
	test_clean_wrap();
	test_table();
	test_numbers();
	test_keys();
	test_escaping();
	test_formats();
	test_render_option();
	a = small_agg();
	rep = pakn_agg_report(a, 0);
	test_text(rep);
	test_md(rep);
	test_csv(rep);
	test_json(rep);
	test_html(rep);
	pakn_report_free(rep);
	pakn_agg_free(a);
	return unit_done();
}
