/*
 * render.c: the report as text, Markdown, CSV and JSON, and what every
 * renderer shares: labels in Vietnamese and English, number and date
 * formatting, display names of keys (render_int.h).  HTML is in
 * render_html.c.
 *
 * Text fits a width: columns are measured in terminal cells (combining
 * marks take none, East Asian wide characters two), long names are cut
 * with "…", and when that is not enough the least important columns are
 * left out, in a fixed order.  Control characters from the data never
 * reach a terminal: they become spaces.
 */
#include "render.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render_int.h"
#include "when.h"

/* ---- labels -------------------------------------------------------- */

static const char *const labels[T_LABEL_COUNT][2] = {
    [T_HEADING] =
        {"BÁO CÁO TIẾP NHẬN, XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ",
         "REPORT ON FEEDBACK AND PETITIONS (PAKN) RECEIVED AND HANDLED"},
    [T_PERIOD] = {"Kỳ báo cáo", "Period"},
    [T_AS_OF] = {"Số liệu tính đến ngày", "Figures as of"},
    [T_COMPARED] = {"So sánh với", "Compared with"},
    [T_NO_PREV] = {"không có số liệu kỳ trước",
                   "no data for the previous period"},
    [T_SCOPE] = {"Đơn vị", "Scope"},
    [T_SUMMARY] = {"Tổng hợp", "Summary"},
    [T_FIGURE] = {"Chỉ tiêu", "Figure"},
    [T_THIS] = {"Kỳ này", "This period"},
    [T_PREV] = {"Kỳ trước", "Previous"},
    [T_CHANGE] = {"Tăng/giảm", "Change"},
    [T_MARK_NOTE] =
        {"Tỷ lệ đúng hạn = đã trả lời đúng hạn ÷ (đã trả lời + quá hạn). Thang "
         "điểm quốc gia: ** đạt 100 % (điểm tối đa), * từ 90 % (một phần).",
         "On-time rate = answered on time / (answered + overdue). National "
         "scoring: ** 100 % (full marks), * 90 % or more (partial)."},
    [T_POINTS] = {"điểm %", "pts"},
    [F_RECEIVED] = {"Tiếp nhận trong kỳ", "Received in the period"},
    [F_CARRIED] = {"Kỳ trước chuyển sang", "Carried over"},
    [F_ON_TIME] = {"Đã trả lời đúng hạn", "Answered on time"},
    [F_LATE] = {"Đã trả lời quá hạn", "Answered late"},
    [F_OPEN] = {"Đang xử lý trong hạn", "Open, within the deadline"},
    [F_OVERDUE] = {"Quá hạn chưa trả lời", "Overdue, not answered"},
    [F_UNDATED] = {"Đã trả lời, không rõ ngày", "Answered, date unknown"},
    [F_RATE] = {"Tỷ lệ đúng hạn", "On-time rate"},
    [F_MEDIAN] = {"Số ngày làm việc để trả lời (trung vị)",
                  "Working days to answer (median)"},
    [F_P90] = {"Số ngày làm việc để trả lời (90 %)",
               "Working days to answer (90th percentile)"},
    [F_SATISFIED] = {"Hài lòng", "Satisfied"},
    [F_NEUTRAL] = {"Bình thường", "Neutral"},
    [F_UNSATISFIED] = {"Không hài lòng", "Unsatisfied"},
    [F_SAT_RATE] = {"Tỷ lệ hài lòng", "Satisfaction rate"},
    [F_ESCALATED] = {"Chuyển lên cấp trên", "Escalated"},
    [H_RECEIVED] = {"Nhận", "Recv"},
    [H_DELTA] = {"±", "±"},
    [H_CARRIED] = {"Tồn", "Carried\nover"},
    [H_ON_TIME] = {"Đúng\nhạn", "On\ntime"},
    [H_LATE] = {"Trễ\nhạn", "Late"},
    [H_OPEN] = {"Trong\nhạn", "Open"},
    [H_OVERDUE] = {"Quá\nhạn", "Over-\ndue"},
    [H_RATE] = {"Tỷ lệ\nđúng hạn", "On-time\nrate"},
    [H_RATE_DELTA] = {"±\nđiểm", "±\npts"},
    [H_MEDIAN] = {"Trung\nvị", "Median"},
    [H_P90] = {"P90", "P90"},
    [H_SAT_RATE] = {"Hài\nlòng", "Satis-\nfied"},
    [H_ESCALATED] = {"Chuyển\ncấp", "Esca-\nlated"},
    [C_AGENCY] = {"Đơn vị xử lý", "Agency"},
    [C_CATEGORY] = {"Lĩnh vực", "Category"},
    [C_CHANNEL] = {"Kênh tiếp nhận", "Channel"},
    [C_KIND] = {"Loại", "Kind"},
    [C_DISTRICT] = {"Huyện", "District"},
    [C_COMMUNE] = {"Xã, phường", "Commune"},
    [G_AGENCY] = {"đơn vị xử lý", "agency"},
    [G_CATEGORY] = {"lĩnh vực", "category"},
    [G_CHANNEL] = {"kênh tiếp nhận", "channel"},
    [G_KIND] = {"loại", "kind"},
    [G_DISTRICT] = {"huyện", "district"},
    [G_COMMUNE] = {"xã, phường", "commune"},
    [G_BY] = {"Theo", "By"},
    [G_AND] = {"và", "and"},
    [L_OVERDUE] = {"Vụ việc quá hạn chưa trả lời (quá hạn lâu nhất trước)",
                   "Overdue cases (longest overdue first)"},
    [L_DIRECTIVES] =
        {"Ý kiến chỉ đạo chưa báo cáo kết quả (chờ lâu nhất trước)",
         "Directives awaiting a report back (waiting longest first)"},
    [L_NONE] = {"Không có.", "None."},
    [L_SHOWN] = {"hiển thị", "showing"},
    [L_ID] = {"Mã", "ID"},
    [L_AGENCY] = {"Đơn vị", "Agency"},
    [L_DAYS_OVERDUE] = {"Ngày QH", "Days over"},
    [L_DUE] = {"Hạn", "Due"},
    [L_RECEIVED] = {"Ngày nhận", "Received"},
    [L_DAYS_WAITING] = {"Ngày chờ", "Days"},
    [L_TITLE] = {"Nội dung", "Subject"},
    [K_UNASSIGNED] = {"(chưa giao)", "(unassigned)"},
    [K_UNKNOWN] = {"(không rõ)", "(unknown)"},
    [X_CHART_CHANNEL] = {"Số vụ việc tiếp nhận theo kênh",
                         "Cases received by channel"},
    [X_CHART_AGENCY] = {"Tỷ lệ đúng hạn theo đơn vị", "On-time rate by agency"},
    [X_CHART_TREND] = {"Diễn biến trong kỳ", "Over the period"},
    [X_TREND_RECEIVED] = {"tiếp nhận", "received"},
    [X_TREND_ANSWERED] = {"đã trả lời", "answered"},
    [X_DEFINITIONS] = {"Cách tính", "Definitions"},
    [X_DEF_TEXT] =
        {"Tiếp nhận: vụ việc nhận trong kỳ. Kỳ trước chuyển sang: nhận trước "
         "kỳ, chưa trả lời khi bắt đầu kỳ. Mỗi vụ việc (tiếp nhận + chuyển "
         "sang) thuộc đúng một nhóm: đã trả lời đúng hạn, đã trả lời quá hạn "
         "(trả lời sau thời hạn), đang xử lý trong hạn, quá hạn chưa trả lời "
         "(đến hết ngày số liệu chưa trả lời, và ngày hết hạn đã qua: từ ngày "
         "sau ngày hết hạn, kể cả thứ Bảy, tính ít nhất một ngày làm việc), "
         "đã trả lời không rõ ngày (trạng thái đã trả lời nhưng không có ngày "
         "trả lời; không tính vào tỷ lệ đúng hạn). Câu trả lời đề ngày sau "
         "ngày số liệu chưa được tính là đã trả lời. Hạn xử lý còn thiếu được "
         "tính như pakn-deadline. "
         "Số ngày làm việc để trả lời tính từ ngày làm việc sau ngày nhận đến "
         "ngày trả lời; trung vị và 90 % theo thứ hạng gần nhất.",
         "Received: cases received in the period. Carried over: received "
         "earlier, not answered when the period began. Each case (received + "
         "carried over) is exactly one of: answered on time, answered late "
         "(after its due moment), open within the deadline, overdue (not "
         "answered "
         "by the end of the as-of day, and its due day is past: from the day "
         "after the due day, a Saturday included, counted as one working day "
         "at least), answered with the date unknown (a status that says "
         "answered but no answer date; not in the on-time rate). An answer "
         "dated after the as-of day is not yet an answer. Missing due dates "
         "are computed as pakn-deadline computes them. "
         "Working days to answer count from the first working day after "
         "receipt to the day of the answer; median and 90th percentile by "
         "nearest rank."},
    [X_FOOTER] = {"Lập bằng", "Made with"},
    [X_MORE_AGENCIES] = {"đơn vị khác: xem bảng",
                         "more agencies: see the table"},
};

const char *
pakn_label(enum pakn_lang lang, enum pakn_label_id id)
{
	return labels[id][lang == PAKN_LANG_EN];
}

/* Labels of the record's enums. */
static const char *const channel_labels[][3] = {
    {"hotline", "Đường dây nóng", "Hotline"},
    {"zalo", "Zalo", "Zalo"},
    {"email", "Thư điện tử", "Email"},
    {"sms", "Tin nhắn SMS", "SMS"},
    {"portal", "Cổng thông tin", "Portal"},
    {"meeting", "Gặp gỡ, đối thoại", "Meeting"},
    {"letter", "Thư, đơn", "Letter"},
    {"direct", "Trực tiếp", "In person"},
    {"other", "Khác", "Other"},
    {NULL, NULL, NULL},
};

static const char *const kind_labels[][3] = {
    {"feedback", "Phản ánh", "Feedback"},
    {"petition", "Kiến nghị", "Petition"},
    {"question", "Hỏi đáp", "Question"},
    {"complaint", "Khiếu nại", "Complaint"},
    {"denunciation", "Tố cáo", "Denunciation"},
    {"directive", "Chỉ đạo", "Directive"},
    {NULL, NULL, NULL},
};

/* ---- formatting ------------------------------------------------------- */

void
pakn_fmt_int(struct pakn_buf *b, enum pakn_lang lang, long long v)
{
	char digits[32];
	int n, i;
	char sep = lang == PAKN_LANG_EN ? ',' : '.';

	if (v < 0) {
		pakn_buf_addc(b, '-');
		v = -v;
	}
	n = snprintf(digits, sizeof digits, "%lld", v);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			pakn_buf_addc(b, sep);
		pakn_buf_addc(b, digits[i]);
	}
}

void
pakn_fmt_delta(struct pakn_buf *b, enum pakn_lang lang, long long v)
{
	if (v > 0)
		pakn_buf_addc(b, '+');
	pakn_fmt_int(b, lang, v);
}

/* v in 1/10000 as a number of percent with one decimal (rounded half
 * up in magnitude). */
static void
fmt_percent(struct pakn_buf *b, enum pakn_lang lang, long v, int sign)
{
	long tenths;
	int neg = v < 0;

	if (neg)
		v = -v;
	tenths = (v + 5) / 10;
	if (neg && tenths)
		pakn_buf_addc(b, '-');
	else if (sign && tenths)
		pakn_buf_addc(b, '+');
	pakn_fmt_int(b, lang, tenths / 10);
	pakn_buf_addf(b, "%c%ld", lang == PAKN_LANG_EN ? '.' : ',',
	              tenths % 10);
}

void
pakn_fmt_rate(struct pakn_buf *b, enum pakn_lang lang, long rate)
{
	if (rate < 0) {
		pakn_buf_adds(b, "–");
		return;
	}
	fmt_percent(b, lang, rate, 0);
	pakn_buf_adds(b, lang == PAKN_LANG_EN ? "%" : " %");
}

void
pakn_fmt_rate_delta(struct pakn_buf *b, enum pakn_lang lang, long cur,
                    long prev)
{
	if (cur < 0 || prev < 0)
		return;
	fmt_percent(b, lang, cur - prev, 1);
}

void
pakn_fmt_day(struct pakn_buf *b, enum pakn_lang lang, long day)
{
	int y, m, d;

	pakn_civil_from_days(day, &y, &m, &d);
	if (lang == PAKN_LANG_EN)
		pakn_buf_addf(b, "%04d-%02d-%02d", y, m, d);
	else
		pakn_buf_addf(b, "%02d/%02d/%04d", d, m, y);
}

void
pakn_fmt_iso_day(struct pakn_buf *b, long day)
{
	int y, m, d;

	pakn_civil_from_days(day, &y, &m, &d);
	pakn_buf_addf(b, "%04d-%02d-%02d", y, m, d);
}

static const char *const month_en[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

void
pakn_fmt_period(struct pakn_buf *b, enum pakn_lang lang,
                const struct pakn_period *p, int month)
{
	int y, m, d;

	if (month) {
		pakn_civil_from_days(p->from, &y, &m, &d);
		if (lang == PAKN_LANG_EN)
			pakn_buf_addf(b, "%s %d (", month_en[m - 1], y);
		else
			pakn_buf_addf(b, "tháng %02d/%d (", m, y);
	}
	pakn_fmt_day(b, lang, p->from);
	pakn_buf_adds(b, " – ");
	pakn_fmt_day(b, lang, p->to);
	if (month)
		pakn_buf_addc(b, ')');
}

const char *
pakn_mark_stars(enum pakn_mark m)
{
	return m == PAKN_MARK_FULL ? "**" : m == PAKN_MARK_PARTIAL ? "*" : "";
}

void
pakn_fmt_key(struct pakn_buf *b, enum pakn_lang lang, enum pakn_dim d,
             const char *key, const char *name)
{
	const char *const(*tab)[3] = NULL;
	int i;

	if (name && *name) {
		pakn_buf_adds(b, name);
		return;
	}
	if (*key == '\0') {
		pakn_buf_adds(b, pakn_label(lang, d == PAKN_DIM_AGENCY
		                                      ? K_UNASSIGNED
		                                      : K_UNKNOWN));
		return;
	}
	if (d == PAKN_DIM_CHANNEL)
		tab = channel_labels;
	else if (d == PAKN_DIM_KIND)
		tab = kind_labels;
	if (tab)
		for (i = 0; tab[i][0]; i++)
			if (strcmp(tab[i][0], key) == 0) {
				pakn_buf_adds(
				    b, tab[i][lang == PAKN_LANG_EN ? 2 : 1]);
				return;
			}
	pakn_buf_adds(b, key);
}

void
pakn_fmt_row_key(struct pakn_buf *b, enum pakn_lang lang,
                 const struct pakn_agg_by *by,
                 const struct pakn_report_row *row)
{
	pakn_fmt_key(b, lang, by->dim[0], row->key[0], row->name[0]);
	if (by->ndim == 2) {
		pakn_buf_adds(b, " / ");
		pakn_fmt_key(b, lang, by->dim[1], row->key[1], row->name[1]);
	}
}

void
pakn_fmt_by_heading(struct pakn_buf *b, enum pakn_lang lang,
                    const struct pakn_agg_by *by)
{
	pakn_buf_adds(b, pakn_label(lang, G_BY));
	pakn_buf_addc(b, ' ');
	pakn_buf_adds(
	    b, pakn_label(lang, (enum pakn_label_id)(G_AGENCY + by->dim[0])));
	if (by->ndim == 2) {
		pakn_buf_addc(b, ' ');
		pakn_buf_adds(b, pakn_label(lang, G_AND));
		pakn_buf_addc(b, ' ');
		pakn_buf_adds(b, pakn_label(lang, (enum pakn_label_id)(
		                                      G_AGENCY + by->dim[1])));
	}
}

void
pakn_fmt_by_column(struct pakn_buf *b, enum pakn_lang lang,
                   const struct pakn_agg_by *by)
{
	pakn_buf_adds(
	    b, pakn_label(lang, (enum pakn_label_id)(C_AGENCY + by->dim[0])));
	if (by->ndim == 2) {
		pakn_buf_adds(b, " / ");
		pakn_buf_adds(b, pakn_label(lang, (enum pakn_label_id)(
		                                      C_AGENCY + by->dim[1])));
	}
}

void
pakn_fmt_header(struct pakn_buf *b, enum pakn_lang lang, enum pakn_label_id id)
{
	const char *s = pakn_label(lang, id), *nl = strchr(s, '\n');

	if (nl == NULL) {
		pakn_buf_adds(b, s);
		return;
	}
	pakn_buf_add(b, s, (size_t)(nl - s));
	/* "Over-\ndue" joins without a space. */
	if (nl > s && nl[-1] != '-')
		pakn_buf_addc(b, ' ');
	pakn_buf_adds(b, nl + 1);
}

void
pakn_html_escape(struct pakn_buf *b, const char *s, size_t n)
{
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		const char *e = NULL;

		switch (s[i]) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		case '\'': e = "&#39;"; break;
		default:
			/* Controls other than tab and newline are not
			 * allowed in HTML text: a space instead. */
			if ((unsigned char)s[i] < 0x20 && s[i] != '\t' &&
			    s[i] != '\n')
				e = " ";
		}
		if (e) {
			pakn_buf_add(b, s + run, i - run);
			pakn_buf_adds(b, e);
			run = i + 1;
		}
	}
	pakn_buf_add(b, s + run, n - run);
}

/* ---- terminal cells ----------------------------------------------------- */

/* Decodes one UTF-8 sequence (input already valid); returns its length. */
static size_t
utf8_next(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;

	if (p[0] < 0x80 || n < 2) {
		*cp = p[0];
		return 1;
	}
	if (p[0] < 0xe0) {
		*cp = ((uint32_t)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
		return 2;
	}
	if (p[0] < 0xf0 || n < 4) {
		if (n < 3) {
			*cp = p[0];
			return 1;
		}
		*cp = ((uint32_t)(p[0] & 0x0f) << 12) |
		      ((uint32_t)(p[1] & 0x3f) << 6) | (p[2] & 0x3f);
		return 3;
	}
	*cp = ((uint32_t)(p[0] & 0x07) << 18) |
	      ((uint32_t)(p[1] & 0x3f) << 12) | ((uint32_t)(p[2] & 0x3f) << 6) |
	      (p[3] & 0x3f);
	return 4;
}

/* Terminal cells a code point takes. */
static int
cp_width(uint32_t c)
{
	if ((c >= 0x300 && c <= 0x36f) || (c >= 0x1ab0 && c <= 0x1aff) ||
	    (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x20d0 && c <= 0x20ff) ||
	    (c >= 0xfe20 && c <= 0xfe2f) || c == 0x200b || c == 0x200d ||
	    c == 0xfeff)
		return 0;
	if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
	    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
	    (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd))
		return 2;
	return 1;
}

static int
dwidth(const char *s)
{
	size_t n = strlen(s), i = 0;
	uint32_t cp;
	int w = 0;

	while (i < n) {
		i += utf8_next(s + i, n - i, &cp);
		w += cp_width(cp);
	}
	return w;
}

/* Appends s cut to at most w cells ("…" marks a cut). */
static void
add_cut(struct pakn_buf *b, const char *s, int w)
{
	size_t n = strlen(s), i = 0, k;
	uint32_t cp;
	int used = 0, cw;

	if (dwidth(s) <= w) {
		pakn_buf_adds(b, s);
		return;
	}
	while (i < n) {
		k = utf8_next(s + i, n - i, &cp);
		cw = cp_width(cp);
		if (used + cw > w - 1)
			break;
		pakn_buf_add(b, s + i, k);
		used += cw;
		i += k;
	}
	/* Keep combining marks with their letter. */
	while (i < n) {
		k = utf8_next(s + i, n - i, &cp);
		if (cp_width(cp) != 0)
			break;
		pakn_buf_add(b, s + i, k);
		i += k;
	}
	pakn_buf_adds(b, "…");
}

/* Appends s with control characters (C0, DEL, C1) as spaces. */
static void
add_clean(struct pakn_buf *b, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f) {
			pakn_buf_addc(b, ' ');
		} else if (c == 0xc2 && i + 1 < n &&
		           (unsigned char)s[i + 1] >= 0x80 &&
		           (unsigned char)s[i + 1] <= 0x9f) {
			pakn_buf_addc(b, ' ');
			i++;
		} else {
			pakn_buf_addc(b, (char)c);
		}
	}
}

static void
pad(struct pakn_buf *b, int n)
{
	while (n-- > 0)
		pakn_buf_addc(b, ' ');
}

/* Appends a paragraph (no control characters) broken at spaces to fit
 * width: its first line indented by `first` spaces, the others by `rest`. */
static void
wrap_lines(struct pakn_buf *out, const char *s, int width, int first, int rest)
{
	const char *word = s, *end;
	int col = 0, w, line = 0;
	char *piece;

	if (width <= 0)
		width = 80;
	if (width < 20)
		width = 20;
	while (*word) {
		end = strchr(word, ' ');
		if (end == NULL)
			end = word + strlen(word);
		piece = pakn_xstrndup(word, (size_t)(end - word));
		w = dwidth(piece);
		if (col > (line ? rest : first) && col + 1 + w > width) {
			pakn_buf_addc(out, '\n');
			col = 0;
			line++;
		}
		if (col == 0) {
			pad(out, line ? rest : first);
			col = line ? rest : first;
		} else {
			pakn_buf_addc(out, ' ');
			col++;
		}
		pakn_buf_adds(out, piece);
		col += w;
		free(piece);
		word = *end ? end + 1 : end;
	}
	pakn_buf_addc(out, '\n');
}

static void
wrap(struct pakn_buf *out, const char *s, int width)
{
	wrap_lines(out, s, width, 2, 2);
}

/* ---- a text table that fits a width --------------------------------- */

#define TCOLS 16

struct ttable {
	int ncols;
	const char *head[TCOLS];
	int right[TCOLS];
	int drop[TCOLS]; /* 0 kept always; higher is left out first */
	int cut[TCOLS];  /* least width it may be cut to; 0 = never */
	int on[TCOLS];
	char **cells; /* nrows * ncols, owned */
	size_t nrows, caprows;
};

static void
tt_col(struct ttable *t, const char *head, int right, int drop, int cut)
{
	int c = t->ncols++;

	t->head[c] = head;
	t->right[c] = right;
	t->drop[c] = drop;
	t->cut[c] = cut;
	t->on[c] = 1;
}

/* Starts a row; fill it with tt_set. */
static void
tt_row(struct ttable *t)
{
	if (t->nrows == t->caprows) {
		t->caprows = t->caprows ? 2 * t->caprows : 16;
		t->cells = pakn_xrealloc(
		    t->cells, t->caprows * (size_t)t->ncols * sizeof *t->cells);
	}
	memset(t->cells + t->nrows * (size_t)t->ncols, 0,
	       (size_t)t->ncols * sizeof *t->cells);
	t->nrows++;
}

static void
tt_set(struct ttable *t, int col, const char *s)
{
	struct pakn_buf b = PAKN_BUF_INIT;

	add_clean(&b, s);
	t->cells[(t->nrows - 1) * (size_t)t->ncols + (size_t)col] =
	    b.data ? b.data : pakn_xstrdup("");
}

static void
tt_release(struct ttable *t)
{
	size_t i;

	for (i = 0; i < t->nrows * (size_t)t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
}

static const char *
tt_cell(const struct ttable *t, size_t r, int c)
{
	const char *s = t->cells[r * (size_t)t->ncols + (size_t)c];

	return s ? s : "";
}

#define INDENT 2
#define GAP 2

static int
tt_total(const struct ttable *t, const int *w)
{
	int c, sum = INDENT, first = 1;

	for (c = 0; c < t->ncols; c++)
		if (t->on[c]) {
			sum += w[c] + (first ? 0 : GAP);
			first = 0;
		}
	return sum;
}

/* Cuts the cuttable columns, widest first, until the table fits or each
 * is at its floor (floor_scale in halves: 4 = twice the least width). */
static void
tt_shrink(const struct ttable *t, int *w, int width, int floor_scale)
{
	int c, best;

	while (tt_total(t, w) > width) {
		best = -1;
		for (c = 0; c < t->ncols; c++)
			if (t->on[c] && t->cut[c] &&
			    w[c] > t->cut[c] * floor_scale / 2 &&
			    (best < 0 || w[c] > w[best]))
				best = c;
		if (best < 0)
			return;
		w[best]--;
	}
}

/* Writes one line of the table: texts[c] for each column shown. */
static void
tt_line(const struct ttable *t, const int *w, const char *const *texts,
        struct pakn_buf *out)
{
	int c, x, first = 1;
	size_t before;

	pad(out, INDENT);
	for (c = 0; c < t->ncols; c++) {
		const char *s = texts[c];

		if (!t->on[c])
			continue;
		if (!first)
			pad(out, GAP);
		first = 0;
		x = dwidth(s);
		if (x > w[c]) {
			before = out->len;
			add_cut(out, s, w[c]);
			x = dwidth(out->data + before);
			pad(out, w[c] - x);
			continue;
		}
		if (t->right[c])
			pad(out, w[c] - x);
		pakn_buf_adds(out, s);
		if (!t->right[c])
			pad(out, w[c] - x);
	}
	/* No trailing blanks. */
	while (out->len > 0 && out->data[out->len - 1] == ' ')
		out->len--;
	pakn_buf_addc(out, '\n');
}

/*
 * Writes the table fitted to width (0: no limit).  A header may hold one
 * line break: it then takes two lines, its first part on top.
 */
static void
tt_render(struct ttable *t, int width, struct pakn_buf *out)
{
	int w[TCOLS], c, level, two = 0;
	char *top[TCOLS], *bottom[TCOLS];
	const char *texts[TCOLS];
	size_t r;

	for (c = 0; c < t->ncols; c++) {
		const char *nl = strchr(t->head[c], '\n');

		top[c] = pakn_xstrndup(t->head[c],
		                       nl ? (size_t)(nl - t->head[c]) : 0);
		bottom[c] = pakn_xstrdup(nl ? nl + 1 : t->head[c]);
		two |= nl != NULL;
		w[c] = dwidth(top[c]);
		if (dwidth(bottom[c]) > w[c])
			w[c] = dwidth(bottom[c]);
		for (r = 0; r < t->nrows; r++) {
			int x = dwidth(tt_cell(t, r, c));

			if (x > w[c])
				w[c] = x;
		}
	}
	if (width > 0) {
		/* Cut names to twice their floor, leave out the comparison
		 * columns, cut to 1.5 times, leave out the rest in order,
		 * cut to the floor. */
		tt_shrink(t, w, width, 4);
		for (level = 9; level > 0 && tt_total(t, w) > width; level--) {
			if (level == 5)
				tt_shrink(t, w, width, 3);
			if (tt_total(t, w) <= width)
				break;
			for (c = 0; c < t->ncols; c++)
				if (t->drop[c] == level)
					t->on[c] = 0;
		}
		tt_shrink(t, w, width, 2);
	}
	if (two)
		tt_line(t, w, (const char *const *)top, out);
	tt_line(t, w, (const char *const *)bottom, out);
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++)
			texts[c] = tt_cell(t, r, c);
		tt_line(t, w, texts, out);
	}
	for (c = 0; c < t->ncols; c++) {
		free(top[c]);
		free(bottom[c]);
	}
}

/* ---- text ---------------------------------------------------------------- */

/* Formats into a small string: a helper for table cells. */
struct cellbuf {
	struct pakn_buf b;
};

static const char *
cb_int(struct cellbuf *cb, enum pakn_lang lang, long long v)
{
	pakn_buf_reset(&cb->b);
	pakn_fmt_int(&cb->b, lang, v);
	return cb->b.data;
}

static const char *
cb_days(struct cellbuf *cb, enum pakn_lang lang, long v)
{
	if (v < 0)
		return "–";
	return cb_int(cb, lang, v);
}

static const char *
cb_rate_mark(struct cellbuf *cb, enum pakn_lang lang,
             const struct pakn_figures *f)
{
	const char *stars = pakn_mark_stars(pakn_figures_mark(f));

	pakn_buf_reset(&cb->b);
	pakn_fmt_rate(&cb->b, lang, f->rate);
	if (*stars) {
		pakn_buf_addc(&cb->b, ' ');
		pakn_buf_adds(&cb->b, stars);
	}
	return cb->b.data;
}

/* A heading, wrapped to width (0: no limit) and underlined as long as
 * its longest line. */
static void
text_heading(struct pakn_buf *out, const char *s, int underline, int width)
{
	struct pakn_buf b = PAKN_BUF_INIT;
	int w = 0, i;
	size_t p = 0, e;

	if (width > 0 && dwidth(s) > width) {
		wrap_lines(&b, s, width, 0, 0);
	} else {
		pakn_buf_adds(&b, s);
		pakn_buf_addc(&b, '\n');
	}
	pakn_buf_adds(out, b.data);
	while (p < b.len) {
		for (e = p; b.data[e] != '\n'; e++)
			;
		b.data[e] = '\0';
		if (dwidth(b.data + p) > w)
			w = dwidth(b.data + p);
		p = e + 1;
	}
	for (i = 0; i < w; i++)
		pakn_buf_adds(out, underline ? "=" : "-");
	pakn_buf_addc(out, '\n');
	pakn_buf_release(&b);
}

/* The report's opening lines, shared by text and Markdown (md: 1). */
static void
head_lines(const struct pakn_report *rep, const struct pakn_render_opts *o,
           struct pakn_buf *out, int md)
{
	enum pakn_lang L = o->lang;
	struct pakn_buf b = PAKN_BUF_INIT;
	const char *bullet = md ? "- " : "";

	if (rep->scope_key) {
		pakn_buf_adds(out, bullet);
		pakn_buf_adds(out, pakn_label(L, T_SCOPE));
		pakn_buf_adds(out, ": ");
		pakn_fmt_key(&b, L, rep->cfg->split_dim, rep->scope_key,
		             rep->scope_name);
		add_clean(out, b.data);
		pakn_buf_addc(out, '\n');
	}
	pakn_buf_adds(out, bullet);
	pakn_buf_adds(out, pakn_label(L, T_PERIOD));
	pakn_buf_adds(out, ": ");
	pakn_fmt_period(out, L, &rep->cfg->cur, rep->cfg->month);
	pakn_buf_addc(out, '\n');
	pakn_buf_adds(out, bullet);
	pakn_buf_adds(out, pakn_label(L, T_AS_OF));
	pakn_buf_adds(out, ": ");
	pakn_fmt_day(out, L, rep->cfg->cur.as_of);
	pakn_buf_addc(out, '\n');
	pakn_buf_adds(out, bullet);
	pakn_buf_adds(out, pakn_label(L, T_COMPARED));
	pakn_buf_adds(out, ": ");
	pakn_fmt_period(out, L, &rep->cfg->prev, rep->cfg->month);
	if (rep->has_prev) {
		pakn_buf_adds(out,
		              L == PAKN_LANG_EN ? ", as of " : ", tính đến ");
		pakn_fmt_day(out, L, rep->cfg->prev.as_of);
	} else {
		pakn_buf_adds(out, " (");
		pakn_buf_adds(out, pakn_label(L, T_NO_PREV));
		pakn_buf_addc(out, ')');
	}
	pakn_buf_addc(out, '\n');
	pakn_buf_release(&b);
}

/* One summary row: the figure, this period, previous, change. */
struct sumrow {
	enum pakn_label_id label;
	char cur[48], prev[48], change[48];
};

static void
copy_out(char *dst, size_t n, struct pakn_buf *b)
{
	snprintf(dst, n, "%s", b->data ? b->data : "");
	pakn_buf_reset(b);
}

/* A count row. */
static void
sum_count(struct sumrow *row, enum pakn_label_id label, enum pakn_lang L,
          long long cur, long long prev, struct pakn_buf *b)
{
	row->label = label;
	pakn_fmt_int(b, L, cur);
	copy_out(row->cur, sizeof row->cur, b);
	pakn_fmt_int(b, L, prev);
	copy_out(row->prev, sizeof row->prev, b);
	pakn_fmt_delta(b, L, cur - prev);
	copy_out(row->change, sizeof row->change, b);
}

/* A rate row (with the scoring mark when mark is set). */
static void
sum_rate(struct sumrow *row, enum pakn_label_id label, enum pakn_lang L,
         const struct pakn_figures *c, const struct pakn_figures *p, int mark,
         struct pakn_buf *b)
{
	long cr = mark ? c->rate : c->sat_rate,
	     pr = mark ? p->rate : p->sat_rate;
	const char *stars;

	row->label = label;
	pakn_fmt_rate(b, L, cr);
	stars = mark ? pakn_mark_stars(pakn_figures_mark(c)) : "";
	if (*stars) {
		pakn_buf_addc(b, ' ');
		pakn_buf_adds(b, stars);
	}
	copy_out(row->cur, sizeof row->cur, b);
	pakn_fmt_rate(b, L, pr);
	stars = mark ? pakn_mark_stars(pakn_figures_mark(p)) : "";
	if (*stars) {
		pakn_buf_addc(b, ' ');
		pakn_buf_adds(b, stars);
	}
	copy_out(row->prev, sizeof row->prev, b);
	pakn_fmt_rate_delta(b, L, cr, pr);
	copy_out(row->change, sizeof row->change, b);
}

/* A row of working days (-1: none). */
static void
sum_days(struct sumrow *row, enum pakn_label_id label, enum pakn_lang L,
         long cur, long prev, struct pakn_buf *b)
{
	row->label = label;
	if (cur >= 0)
		pakn_fmt_int(b, L, cur);
	else
		pakn_buf_adds(b, "–");
	copy_out(row->cur, sizeof row->cur, b);
	if (prev >= 0)
		pakn_fmt_int(b, L, prev);
	else
		pakn_buf_adds(b, "–");
	copy_out(row->prev, sizeof row->prev, b);
	if (cur >= 0 && prev >= 0)
		pakn_fmt_delta(b, L, cur - prev);
	copy_out(row->change, sizeof row->change, b);
}

/* The summary: every figure of the totals, this period and the last. */
static size_t
summary_rows(const struct pakn_report *rep, enum pakn_lang L,
             struct sumrow *rows)
{
	const struct pakn_figures *c = &rep->total, *p = &rep->prev_total;
	struct pakn_buf b = PAKN_BUF_INIT;
	size_t n = 0;

	pakn_buf_grow(&b, 64);
	sum_count(&rows[n++], F_RECEIVED, L, c->received, p->received, &b);
	sum_count(&rows[n++], F_CARRIED, L, c->carried_over, p->carried_over,
	          &b);
	sum_count(&rows[n++], F_ON_TIME, L, c->on_time, p->on_time, &b);
	sum_count(&rows[n++], F_LATE, L, c->late, p->late, &b);
	sum_count(&rows[n++], F_OPEN, L, c->open, p->open, &b);
	sum_count(&rows[n++], F_OVERDUE, L, c->overdue, p->overdue, &b);
	sum_count(&rows[n++], F_UNDATED, L, c->undated, p->undated, &b);
	sum_rate(&rows[n++], F_RATE, L, c, p, 1, &b);
	sum_days(&rows[n++], F_MEDIAN, L, c->median, p->median, &b);
	sum_days(&rows[n++], F_P90, L, c->p90, p->p90, &b);
	sum_count(&rows[n++], F_SATISFIED, L, c->satisfied, p->satisfied, &b);
	sum_count(&rows[n++], F_NEUTRAL, L, c->neutral, p->neutral, &b);
	sum_count(&rows[n++], F_UNSATISFIED, L, c->unsatisfied, p->unsatisfied,
	          &b);
	sum_rate(&rows[n++], F_SAT_RATE, L, c, p, 0, &b);
	sum_count(&rows[n++], F_ESCALATED, L, c->escalated, p->escalated, &b);
	pakn_buf_release(&b);
	return n;
}

#define NSUMROWS 15

/* The columns of a group table. */
enum {
	GC_KEY,
	GC_RECEIVED,
	GC_DELTA,
	GC_CARRIED,
	GC_ON_TIME,
	GC_LATE,
	GC_OPEN,
	GC_OVERDUE,
	GC_RATE,
	GC_RATE_DELTA,
	GC_MEDIAN,
	GC_P90,
	GC_SAT_RATE,
	GC_ESCALATED,
	GC_COUNT
};

/* The cells of one group row (or the total row), strings in cells[]. */
static void
group_cells(const struct pakn_report *rep, enum pakn_lang L,
            const struct pakn_figures *c, const struct pakn_figures *p,
            struct pakn_buf cells[GC_COUNT])
{
	struct cellbuf cb = {PAKN_BUF_INIT};
	int i;

	for (i = 1; i < GC_COUNT; i++)
		pakn_buf_reset(&cells[i]);
	pakn_fmt_int(&cells[GC_RECEIVED], L, c->received);
	if (rep->has_prev)
		pakn_fmt_delta(&cells[GC_DELTA], L, c->received - p->received);
	pakn_fmt_int(&cells[GC_CARRIED], L, c->carried_over);
	pakn_fmt_int(&cells[GC_ON_TIME], L, c->on_time);
	pakn_fmt_int(&cells[GC_LATE], L, c->late);
	pakn_fmt_int(&cells[GC_OPEN], L, c->open);
	pakn_fmt_int(&cells[GC_OVERDUE], L, c->overdue);
	pakn_buf_adds(&cells[GC_RATE], cb_rate_mark(&cb, L, c));
	if (rep->has_prev)
		pakn_fmt_rate_delta(&cells[GC_RATE_DELTA], L, c->rate, p->rate);
	pakn_buf_adds(&cells[GC_MEDIAN], cb_days(&cb, L, c->median));
	pakn_buf_adds(&cells[GC_P90], cb_days(&cb, L, c->p90));
	pakn_fmt_rate(&cells[GC_SAT_RATE], L, c->sat_rate);
	pakn_fmt_int(&cells[GC_ESCALATED], L, c->escalated);
	pakn_buf_release(&cb.b);
}

static const enum pakn_label_id group_heads[GC_COUNT] = {
    T_FIGURE, H_RECEIVED, H_DELTA,    H_CARRIED,   H_ON_TIME,
    H_LATE,   H_OPEN,     H_OVERDUE,  H_RATE,      H_RATE_DELTA,
    H_MEDIAN, H_P90,      H_SAT_RATE, H_ESCALATED,
};
/* Which columns go first when the table is too wide (0: never). */
static const int group_drop[GC_COUNT] = {0, 0, 6, 3, 2, 2, 2,
                                         0, 0, 7, 4, 5, 5, 4};

static void
text_group(const struct pakn_report *rep, const struct pakn_render_opts *o,
           const struct pakn_report_group *g, struct pakn_buf *out)
{
	enum pakn_lang L = o->lang;
	struct ttable t;
	struct pakn_buf cells[GC_COUNT], key = PAKN_BUF_INIT;
	size_t r;
	int c;

	memset(&t, 0, sizeof t);
	memset(cells, 0, sizeof cells);
	pakn_fmt_by_column(&key, L, &g->by);
	for (c = 0; c < GC_COUNT; c++) {
		if ((c == GC_DELTA || c == GC_RATE_DELTA) && !rep->has_prev)
			continue;
		tt_col(&t,
		       c == GC_KEY ? key.data : pakn_label(L, group_heads[c]),
		       c != GC_KEY, group_drop[c], c == GC_KEY ? 12 : 0);
	}
	for (r = 0; r < g->nrows; r++) {
		int k = 0;

		tt_row(&t);
		pakn_buf_reset(&cells[GC_KEY]);
		pakn_fmt_row_key(&cells[GC_KEY], L, &g->by, &g->rows[r]);
		group_cells(rep, L, &g->rows[r].cur, &g->rows[r].prev, cells);
		for (c = 0; c < GC_COUNT; c++) {
			if ((c == GC_DELTA || c == GC_RATE_DELTA) &&
			    !rep->has_prev)
				continue;
			tt_set(&t, k++, cells[c].data ? cells[c].data : "");
		}
	}
	tt_render(&t, o->width, out);
	tt_release(&t);
	for (c = 0; c < GC_COUNT; c++)
		pakn_buf_release(&cells[c]);
	pakn_buf_release(&key);
}

/* A list of cases: overdue (days overdue, due) or directives (received,
 * days waiting). */
static void
text_list(const struct pakn_render_opts *o, const struct pakn_report_list *l,
          int directives, struct pakn_buf *out)
{
	enum pakn_lang L = o->lang;
	struct ttable t;
	struct pakn_buf b = PAKN_BUF_INIT;
	size_t i;

	if (l->count == 0) {
		pakn_buf_adds(out, "  ");
		pakn_buf_adds(out, pakn_label(L, L_NONE));
		pakn_buf_addc(out, '\n');
		return;
	}
	memset(&t, 0, sizeof t);
	tt_col(&t, pakn_label(L, L_ID), 0, 0, 0);
	tt_col(&t, pakn_label(L, L_AGENCY), 0, 0, 12);
	if (directives) {
		tt_col(&t, pakn_label(L, L_RECEIVED), 0, 0, 0);
		tt_col(&t, pakn_label(L, L_DAYS_WAITING), 1, 0, 0);
	} else {
		tt_col(&t, pakn_label(L, L_DAYS_OVERDUE), 1, 0, 0);
		tt_col(&t, pakn_label(L, L_DUE), 0, 0, 0);
	}
	tt_col(&t, pakn_label(L, L_TITLE), 0, 0, 10);
	for (i = 0; i < l->ncases; i++) {
		const struct pakn_report_case *c = &l->cases[i];

		tt_row(&t);
		tt_set(&t, 0, c->id);
		pakn_buf_reset(&b);
		pakn_fmt_key(&b, L, PAKN_DIM_AGENCY, c->agency, c->agency_name);
		tt_set(&t, 1, b.data);
		pakn_buf_reset(&b);
		if (directives) {
			pakn_fmt_day(&b, L, c->received_day);
			tt_set(&t, 2, b.data);
			pakn_buf_reset(&b);
			pakn_fmt_int(&b, L, c->days);
			tt_set(&t, 3, b.data);
		} else {
			pakn_fmt_int(&b, L, c->days);
			tt_set(&t, 2, b.data);
			pakn_buf_reset(&b);
			if (c->due_day >= 0)
				pakn_fmt_day(&b, L, c->due_day);
			tt_set(&t, 3, b.data ? b.data : "");
		}
		tt_set(&t, 4, c->title);
	}
	tt_render(&t, o->width, out);
	tt_release(&t);
	if ((long long)l->ncases < l->count) {
		pakn_buf_addf(out, "  (%s %zu/", pakn_label(L, L_SHOWN),
		              l->ncases);
		pakn_fmt_int(out, L, l->count);
		pakn_buf_adds(out, ", --top)\n");
	}
	pakn_buf_release(&b);
}

static void
list_heading(struct pakn_buf *b, enum pakn_lang L, enum pakn_label_id id,
             int num, long long count)
{
	pakn_buf_addf(b, "%d. %s: ", num, pakn_label(L, id));
	pakn_fmt_int(b, L, count);
}

static void
render_text(const struct pakn_report *rep, const struct pakn_render_opts *o,
            struct pakn_buf *out)
{
	enum pakn_lang L = o->lang;
	struct sumrow rows[NSUMROWS];
	struct ttable t;
	struct pakn_buf h = PAKN_BUF_INIT;
	size_t n, i;
	int k, num = 1;

	if (o->title) {
		add_clean(out, o->title);
		pakn_buf_addc(out, '\n');
	}
	text_heading(out, pakn_label(L, T_HEADING), 1, o->width);
	/* The period lines, wrapped to the width. */
	head_lines(rep, o, &h, 0);
	for (i = 0; i < h.len;) {
		size_t e = i;

		while (e < h.len && h.data[e] != '\n')
			e++;
		h.data[e] = '\0';
		wrap_lines(out, h.data + i, o->width ? o->width : 1 << 20, 0,
		           2);
		i = e + 1;
	}

	pakn_buf_addc(out, '\n');
	pakn_buf_reset(&h);
	pakn_buf_addf(&h, "%d. %s", num++, pakn_label(L, T_SUMMARY));
	text_heading(out, h.data, 0, o->width);
	n = summary_rows(rep, L, rows);
	memset(&t, 0, sizeof t);
	tt_col(&t, pakn_label(L, T_FIGURE), 0, 0, 16);
	tt_col(&t, pakn_label(L, T_THIS), 1, 0, 0);
	if (rep->has_prev) {
		tt_col(&t, pakn_label(L, T_PREV), 1, 2, 0);
		tt_col(&t, pakn_label(L, T_CHANGE), 1, 1, 0);
	}
	for (i = 0; i < n; i++) {
		tt_row(&t);
		tt_set(&t, 0, pakn_label(L, rows[i].label));
		tt_set(&t, 1, rows[i].cur);
		if (rep->has_prev) {
			tt_set(&t, 2, rows[i].prev);
			tt_set(&t, 3, rows[i].change);
		}
	}
	tt_render(&t, o->width, out);
	tt_release(&t);
	wrap(out, pakn_label(L, T_MARK_NOTE), o->width ? o->width : 80);

	for (k = 0; k < rep->cfg->nby; k++) {
		pakn_buf_addc(out, '\n');
		pakn_buf_reset(&h);
		pakn_buf_addf(&h, "%d. ", num++);
		pakn_fmt_by_heading(&h, L, &rep->groups[k].by);
		text_heading(out, h.data, 0, o->width);
		text_group(rep, o, &rep->groups[k], out);
	}
	pakn_buf_addc(out, '\n');
	pakn_buf_reset(&h);
	list_heading(&h, L, L_OVERDUE, num++, rep->overdue.count);
	text_heading(out, h.data, 0, o->width);
	text_list(o, &rep->overdue, 0, out);
	pakn_buf_addc(out, '\n');
	pakn_buf_reset(&h);
	list_heading(&h, L, L_DIRECTIVES, num++, rep->directives.count);
	text_heading(out, h.data, 0, o->width);
	text_list(o, &rep->directives, 1, out);
	pakn_buf_release(&h);
}

/* ---- Markdown ------------------------------------------------------------ */

/* Appends s for a Markdown table cell or text: punctuation that Markdown
 * or HTML would read is backslash-escaped, newlines become spaces. */
static void
md_text(struct pakn_buf *b, const char *s)
{
	struct pakn_buf clean = PAKN_BUF_INIT;
	size_t i;

	add_clean(&clean, s);
	for (i = 0; i < clean.len; i++) {
		char c = clean.data[i];

		if (strchr("\\`*_[]<>|~&", c) && c != '\0')
			pakn_buf_addc(b, '\\');
		pakn_buf_addc(b, c);
	}
	pakn_buf_release(&clean);
}

static void
md_row(struct pakn_buf *out, struct pakn_buf *cells, int n, const int *skip)
{
	int c;

	pakn_buf_adds(out, "|");
	for (c = 0; c < n; c++) {
		if (skip && skip[c])
			continue;
		pakn_buf_addc(out, ' ');
		pakn_buf_add(out, cells[c].data ? cells[c].data : "",
		             cells[c].len);
		pakn_buf_adds(out, " |");
	}
	pakn_buf_addc(out, '\n');
}

static void
md_rule(struct pakn_buf *out, int n, const int *right, const int *skip)
{
	int c;

	pakn_buf_adds(out, "|");
	for (c = 0; c < n; c++) {
		if (skip && skip[c])
			continue;
		pakn_buf_adds(out, right[c] ? " ---: |" : " --- |");
	}
	pakn_buf_addc(out, '\n');
}

/* A number cell needs no escaping but for its sign: "+2" is fine in a
 * table; a leading "-" alone would be, too, but escape for safety. */
static void
md_cells_escape(struct pakn_buf *cells, int n)
{
	struct pakn_buf tmp = PAKN_BUF_INIT;
	int c;

	for (c = 0; c < n; c++) {
		pakn_buf_reset(&tmp);
		md_text(&tmp, cells[c].data ? cells[c].data : "");
		pakn_buf_reset(&cells[c]);
		pakn_buf_add(&cells[c], tmp.data ? tmp.data : "", tmp.len);
	}
	pakn_buf_release(&tmp);
}

static void
md_list(const struct pakn_render_opts *o, const struct pakn_report_list *l,
        int directives, struct pakn_buf *out)
{
	enum pakn_lang L = o->lang;
	struct pakn_buf cells[5];
	static const int right_o[5] = {0, 0, 1, 0, 0};
	static const int right_d[5] = {0, 0, 0, 1, 0};
	size_t i;
	int c;

	if (l->count == 0) {
		pakn_buf_adds(out, pakn_label(L, L_NONE));
		pakn_buf_addc(out, '\n');
		return;
	}
	memset(cells, 0, sizeof cells);
	pakn_buf_adds(&cells[0], pakn_label(L, L_ID));
	pakn_buf_adds(&cells[1], pakn_label(L, L_AGENCY));
	pakn_buf_adds(&cells[2],
	              pakn_label(L, directives ? L_RECEIVED : L_DAYS_OVERDUE));
	pakn_buf_adds(&cells[3],
	              pakn_label(L, directives ? L_DAYS_WAITING : L_DUE));
	pakn_buf_adds(&cells[4], pakn_label(L, L_TITLE));
	md_cells_escape(cells, 5);
	md_row(out, cells, 5, NULL);
	md_rule(out, 5, directives ? right_d : right_o, NULL);
	for (i = 0; i < l->ncases; i++) {
		const struct pakn_report_case *cs = &l->cases[i];

		for (c = 0; c < 5; c++)
			pakn_buf_reset(&cells[c]);
		pakn_buf_adds(&cells[0], cs->id);
		pakn_fmt_key(&cells[1], L, PAKN_DIM_AGENCY, cs->agency,
		             cs->agency_name);
		if (directives) {
			pakn_fmt_day(&cells[2], L, cs->received_day);
			pakn_fmt_int(&cells[3], L, cs->days);
		} else {
			pakn_fmt_int(&cells[2], L, cs->days);
			if (cs->due_day >= 0)
				pakn_fmt_day(&cells[3], L, cs->due_day);
		}
		pakn_buf_adds(&cells[4], cs->title);
		md_cells_escape(cells, 5);
		md_row(out, cells, 5, NULL);
	}
	if ((long long)l->ncases < l->count) {
		pakn_buf_addf(out, "\n%s %zu/", pakn_label(L, L_SHOWN),
		              l->ncases);
		pakn_fmt_int(out, L, l->count);
		pakn_buf_adds(out, " (\\-\\-top)\n");
	}
	for (c = 0; c < 5; c++)
		pakn_buf_release(&cells[c]);
}

static void
render_md(const struct pakn_report *rep, const struct pakn_render_opts *o,
          struct pakn_buf *out)
{
	enum pakn_lang L = o->lang;
	struct sumrow rows[NSUMROWS];
	struct pakn_buf cells[GC_COUNT], h = PAKN_BUF_INIT;
	int skip[GC_COUNT], right[GC_COUNT];
	size_t n, i, r;
	int k, c, num = 1;

	memset(cells, 0, sizeof cells);
	pakn_buf_adds(out, "# ");
	if (o->title) {
		md_text(out, o->title);
		pakn_buf_adds(out, ": ");
	}
	md_text(out, pakn_label(L, T_HEADING));
	pakn_buf_adds(out, "\n\n");
	head_lines(rep, o, &h, 1);
	/* head_lines writes dates and labels only, the scope name is data. */
	{
		struct pakn_buf esc = PAKN_BUF_INIT;
		size_t s = 0, e;

		/* Escape each line after its "- ". */
		while (s < h.len) {
			e = s;
			while (e < h.len && h.data[e] != '\n')
				e++;
			pakn_buf_adds(out, "- ");
			pakn_buf_reset(&esc);
			pakn_buf_add(&esc, h.data + s + 2, e - s - 2);
			md_text(out, esc.data);
			pakn_buf_addc(out, '\n');
			s = e + 1;
		}
		pakn_buf_release(&esc);
	}
	pakn_buf_addf(out, "\n## %d. %s\n\n", num++, pakn_label(L, T_SUMMARY));
	n = summary_rows(rep, L, rows);
	for (c = 0; c < 4; c++)
		pakn_buf_reset(&cells[c]);
	pakn_buf_adds(&cells[0], pakn_label(L, T_FIGURE));
	pakn_buf_adds(&cells[1], pakn_label(L, T_THIS));
	pakn_buf_adds(&cells[2], pakn_label(L, T_PREV));
	pakn_buf_adds(&cells[3], pakn_label(L, T_CHANGE));
	k = rep->has_prev ? 4 : 2;
	md_cells_escape(cells, k);
	md_row(out, cells, k, NULL);
	{
		static const int rr[4] = {0, 1, 1, 1};

		md_rule(out, k, rr, NULL);
	}
	for (i = 0; i < n; i++) {
		for (c = 0; c < 4; c++)
			pakn_buf_reset(&cells[c]);
		pakn_buf_adds(&cells[0], pakn_label(L, rows[i].label));
		pakn_buf_adds(&cells[1], rows[i].cur);
		pakn_buf_adds(&cells[2], rows[i].prev);
		pakn_buf_adds(&cells[3], rows[i].change);
		md_cells_escape(cells, k);
		md_row(out, cells, k, NULL);
	}
	pakn_buf_addc(out, '\n');
	md_text(out, pakn_label(L, T_MARK_NOTE));
	pakn_buf_addc(out, '\n');

	for (c = 0; c < GC_COUNT; c++) {
		skip[c] =
		    (c == GC_DELTA || c == GC_RATE_DELTA) && !rep->has_prev;
		right[c] = c != GC_KEY;
	}
	for (k = 0; k < rep->cfg->nby; k++) {
		const struct pakn_report_group *g = &rep->groups[k];

		pakn_buf_reset(&h);
		pakn_fmt_by_heading(&h, L, &g->by);
		pakn_buf_addf(out, "\n## %d. ", num++);
		md_text(out, h.data);
		pakn_buf_adds(out, "\n\n");
		for (c = 0; c < GC_COUNT; c++) {
			pakn_buf_reset(&cells[c]);
			if (c == GC_KEY)
				pakn_fmt_by_column(&cells[c], L, &g->by);
			else
				pakn_fmt_header(&cells[c], L, group_heads[c]);
		}
		md_cells_escape(cells, GC_COUNT);
		md_row(out, cells, GC_COUNT, skip);
		md_rule(out, GC_COUNT, right, skip);
		for (r = 0; r < g->nrows; r++) {
			pakn_buf_reset(&cells[GC_KEY]);
			pakn_fmt_row_key(&cells[GC_KEY], L, &g->by,
			                 &g->rows[r]);
			group_cells(rep, L, &g->rows[r].cur, &g->rows[r].prev,
			            cells);
			md_cells_escape(cells, GC_COUNT);
			md_row(out, cells, GC_COUNT, skip);
		}
	}
	pakn_buf_reset(&h);
	list_heading(&h, L, L_OVERDUE, num++, rep->overdue.count);
	pakn_buf_adds(out, "\n## ");
	md_text(out, h.data);
	pakn_buf_adds(out, "\n\n");
	md_list(o, &rep->overdue, 0, out);
	pakn_buf_reset(&h);
	list_heading(&h, L, L_DIRECTIVES, num++, rep->directives.count);
	pakn_buf_adds(out, "\n## ");
	md_text(out, h.data);
	pakn_buf_adds(out, "\n\n");
	md_list(o, &rep->directives, 1, out);
	for (c = 0; c < GC_COUNT; c++)
		pakn_buf_release(&cells[c]);
	pakn_buf_release(&h);
}

/* ---- CSV -------------------------------------------------------------------
 */

/* One CSV field: quoted when it holds a delimiter, quote or line break;
 * a text that a spreadsheet would run as a formula (= + - @, tab, CR at
 * the start) gets a leading apostrophe. */
static void
csv_field(struct pakn_buf *b, const char *s, int text)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	const char *p;

	if (text && (*s == '=' || *s == '+' || *s == '-' || *s == '@' ||
	             *s == '\t' || *s == '\r'))
		quote = 1;
	if (!quote) {
		pakn_buf_adds(b, s);
		return;
	}
	pakn_buf_addc(b, '"');
	if (text && (*s == '=' || *s == '+' || *s == '-' || *s == '@' ||
	             *s == '\t' || *s == '\r'))
		pakn_buf_addc(b, '\'');
	for (p = s; *p; p++) {
		if (*p == '"')
			pakn_buf_addc(b, '"');
		pakn_buf_addc(b, *p);
	}
	pakn_buf_addc(b, '"');
}

/* A rate in 1/10000 as a decimal fraction "0.9231"; "" when undefined. */
static void
add_fraction(struct pakn_buf *b, long v)
{
	if (v >= 0)
		pakn_buf_addf(b, "%ld.%04ld", v / 10000, v % 10000);
}

static void
csv_figures(struct pakn_buf *b, const struct pakn_figures *f)
{
	pakn_buf_addf(b, ",%lld,%lld,%lld,%lld,%lld,%lld,", f->received,
	              f->carried_over, f->on_time, f->late, f->open,
	              f->overdue);
	add_fraction(b, f->rate);
	pakn_buf_addc(b, ',');
	if (f->median >= 0)
		pakn_buf_addf(b, "%ld", f->median);
	pakn_buf_addc(b, ',');
	if (f->p90 >= 0)
		pakn_buf_addf(b, "%ld", f->p90);
	pakn_buf_addf(b, ",%lld,%lld,%lld,", f->satisfied, f->neutral,
	              f->unsatisfied);
	add_fraction(b, f->sat_rate);
	pakn_buf_addf(b, ",%lld,%lld", f->escalated, f->undated);
}

static void
csv_period(struct pakn_buf *b, const struct pakn_period *p, int month)
{
	int y, m, d;

	if (month) {
		pakn_civil_from_days(p->from, &y, &m, &d);
		pakn_buf_addf(b, "%04d-%02d", y, m);
		return;
	}
	pakn_fmt_iso_day(b, p->from);
	pakn_buf_addc(b, '/');
	pakn_fmt_iso_day(b, p->to);
}

static void
render_csv(const struct pakn_report *rep, const struct pakn_render_opts *o,
           struct pakn_buf *out)
{
	const char *eol = o->excel ? "\r\n" : "\n";
	struct pakn_buf period = PAKN_BUF_INIT, name = PAKN_BUF_INIT;
	int k, pi;
	size_t r;

	if (o->excel)
		pakn_buf_adds(out, "\xef\xbb\xbf");
	pakn_buf_adds(
	    out, "period,grouping,key,name,key2,name2,received,carried_"
	         "over,answered_on_time,answered_late,open,overdue,on_"
	         "time_rate,median_days,p90_days,satisfied,neutral,"
	         "unsatisfied,satisfaction_rate,escalated,answered_undated");
	pakn_buf_adds(out, eol);
	for (pi = 0; pi < (rep->has_prev ? 2 : 1); pi++) {
		pakn_buf_reset(&period);
		csv_period(&period, pi ? &rep->cfg->prev : &rep->cfg->cur,
		           rep->cfg->month);
		pakn_buf_adds(out, period.data);
		pakn_buf_adds(out, ",total,,,,");
		csv_figures(out, pi ? &rep->prev_total : &rep->total);
		pakn_buf_adds(out, eol);
		for (k = 0; k < rep->cfg->nby; k++) {
			const struct pakn_report_group *g = &rep->groups[k];

			pakn_buf_reset(&name);
			pakn_agg_by_name(&g->by, &name);
			for (r = 0; r < g->nrows; r++) {
				const struct pakn_report_row *row = &g->rows[r];

				pakn_buf_adds(out, period.data);
				pakn_buf_addc(out, ',');
				csv_field(out, name.data, 0);
				pakn_buf_addc(out, ',');
				csv_field(out, row->key[0], 1);
				pakn_buf_addc(out, ',');
				csv_field(out, row->name[0] ? row->name[0] : "",
				          1);
				pakn_buf_addc(out, ',');
				csv_field(out, row->key[1], 1);
				pakn_buf_addc(out, ',');
				csv_field(out, row->name[1] ? row->name[1] : "",
				          1);
				csv_figures(out, pi ? &row->prev : &row->cur);
				pakn_buf_adds(out, eol);
			}
		}
	}
	pakn_buf_release(&period);
	pakn_buf_release(&name);
}

/* ---- JSON ---------------------------------------------------------------- */

static void
json_figures(struct pakn_buf *b, const struct pakn_figures *f)
{
	static const char *const marks[] = {"null", "\"below\"", "\"partial\"",
	                                    "\"full\""};

	pakn_buf_addf(b,
	              "\"received\": %lld, \"carried_over\": %lld, "
	              "\"answered_on_time\": %lld, \"answered_late\": %lld, "
	              "\"open\": %lld, \"overdue\": %lld, "
	              "\"answered_undated\": %lld, \"on_time_rate\": ",
	              f->received, f->carried_over, f->on_time, f->late,
	              f->open, f->overdue, f->undated);
	if (f->rate >= 0)
		add_fraction(b, f->rate);
	else
		pakn_buf_adds(b, "null");
	pakn_buf_addf(b, ", \"on_time_mark\": %s, \"median_days\": ",
	              marks[pakn_figures_mark(f)]);
	if (f->median >= 0)
		pakn_buf_addf(b, "%ld", f->median);
	else
		pakn_buf_adds(b, "null");
	pakn_buf_adds(b, ", \"p90_days\": ");
	if (f->p90 >= 0)
		pakn_buf_addf(b, "%ld", f->p90);
	else
		pakn_buf_adds(b, "null");
	pakn_buf_addf(b,
	              ", \"satisfied\": %lld, \"neutral\": %lld, "
	              "\"unsatisfied\": %lld, \"satisfaction_rate\": ",
	              f->satisfied, f->neutral, f->unsatisfied);
	if (f->sat_rate >= 0)
		add_fraction(b, f->sat_rate);
	else
		pakn_buf_adds(b, "null");
	pakn_buf_addf(b, ", \"escalated\": %lld", f->escalated);
}

static void
json_str_or_null(struct pakn_buf *b, const char *s)
{
	if (s == NULL || *s == '\0')
		pakn_buf_adds(b, "null");
	else
		pakn_buf_add_json_cstr(b, s);
}

static void
json_period(struct pakn_buf *b, const struct pakn_period *p, int month)
{
	int y, m, d;

	pakn_buf_adds(b, "{\"from\": \"");
	pakn_fmt_iso_day(b, p->from);
	pakn_buf_adds(b, "\", \"to\": \"");
	pakn_fmt_iso_day(b, p->to);
	pakn_buf_adds(b, "\", \"month\": ");
	if (month) {
		pakn_civil_from_days(p->from, &y, &m, &d);
		pakn_buf_addf(b, "\"%04d-%02d\"", y, m);
	} else {
		pakn_buf_adds(b, "null");
	}
	pakn_buf_adds(b, ", \"as_of\": \"");
	pakn_fmt_iso_day(b, p->as_of);
	pakn_buf_adds(b, "\"}");
}

static void
json_list(struct pakn_buf *b, const struct pakn_report_list *l, int directives)
{
	size_t i;

	pakn_buf_addf(b, "{\"count\": %lld, \"cases\": [", l->count);
	for (i = 0; i < l->ncases; i++) {
		const struct pakn_report_case *c = &l->cases[i];

		pakn_buf_adds(b, i ? ",\n    {\"id\": " : "\n    {\"id\": ");
		pakn_buf_add_json_cstr(b, c->id);
		pakn_buf_adds(b, ", \"agency\": ");
		json_str_or_null(b, c->agency);
		pakn_buf_adds(b, ", \"agency_name\": ");
		json_str_or_null(b, c->agency_name);
		pakn_buf_adds(b, ", \"received_at\": ");
		json_str_or_null(b, c->received_at);
		pakn_buf_adds(b, ", \"due_at\": ");
		json_str_or_null(b, c->due_at);
		pakn_buf_addf(b, ", \"%s\": %ld, \"title\": ",
		              directives ? "waiting_days" : "overdue_days",
		              c->days);
		json_str_or_null(b, c->title);
		pakn_buf_addc(b, '}');
	}
	pakn_buf_adds(b, l->ncases ? "\n  ]}" : "]}");
}

static void
render_json(const struct pakn_report *rep, const struct pakn_render_opts *o,
            struct pakn_buf *out)
{
	struct pakn_buf name = PAKN_BUF_INIT;
	size_t r, j;
	int k, d;

	(void)o;
	pakn_buf_adds(out, "{\n  \"report\": \"pakn-report\",\n  \"schema\": "
	                   "1,\n  \"period\": ");
	json_period(out, &rep->cfg->cur, rep->cfg->month);
	pakn_buf_adds(out, ",\n  \"previous_period\": ");
	if (rep->has_prev)
		json_period(out, &rep->cfg->prev, rep->cfg->month);
	else
		pakn_buf_adds(out, "null");
	pakn_buf_adds(out, ",\n  \"scope\": ");
	if (rep->scope_key) {
		pakn_buf_addf(out, "{\"by\": \"%s\", \"key\": ",
		              pakn_dim_name(rep->cfg->split_dim));
		json_str_or_null(out, rep->scope_key);
		pakn_buf_adds(out, ", \"name\": ");
		json_str_or_null(out, rep->scope_name);
		pakn_buf_addc(out, '}');
	} else {
		pakn_buf_adds(out, "null");
	}
	pakn_buf_adds(out, ",\n  \"totals\": {");
	json_figures(out, &rep->total);
	if (rep->has_prev) {
		pakn_buf_adds(out, ", \"previous\": {");
		json_figures(out, &rep->prev_total);
		pakn_buf_addc(out, '}');
	}
	pakn_buf_adds(out, "},\n  \"groups\": {");
	for (k = 0; k < rep->cfg->nby; k++) {
		const struct pakn_report_group *g = &rep->groups[k];

		pakn_agg_by_name(&g->by, &name);
		pakn_buf_adds(out, k ? ",\n    " : "\n    ");
		pakn_buf_add_json_cstr(out, name.data);
		pakn_buf_adds(out, ": [");
		for (r = 0; r < g->nrows; r++) {
			const struct pakn_report_row *row = &g->rows[r];

			pakn_buf_adds(out, r ? ",\n      {\"key\": "
			                     : "\n      {\"key\": ");
			if (g->by.ndim == 1) {
				json_str_or_null(out, row->key[0]);
			} else {
				pakn_buf_addc(out, '[');
				json_str_or_null(out, row->key[0]);
				pakn_buf_adds(out, ", ");
				json_str_or_null(out, row->key[1]);
				pakn_buf_addc(out, ']');
			}
			for (d = 0; d < g->by.ndim; d++)
				if (row->name[d])
					break;
			if (d < g->by.ndim) {
				pakn_buf_adds(out, ", \"name\": ");
				if (g->by.ndim == 1) {
					json_str_or_null(out, row->name[0]);
				} else {
					pakn_buf_addc(out, '[');
					json_str_or_null(out, row->name[0]);
					pakn_buf_adds(out, ", ");
					json_str_or_null(out, row->name[1]);
					pakn_buf_addc(out, ']');
				}
			}
			pakn_buf_adds(out, ", ");
			json_figures(out, &row->cur);
			if (rep->has_prev) {
				pakn_buf_adds(out, ", \"previous\": {");
				json_figures(out, &row->prev);
				pakn_buf_addc(out, '}');
			}
			pakn_buf_addc(out, '}');
		}
		pakn_buf_adds(out, g->nrows ? "\n    ]" : "]");
	}
	pakn_buf_adds(out, rep->cfg->nby ? "\n  },\n  \"overdue\": "
	                                 : "},\n  \"overdue\": ");
	json_list(out, &rep->overdue, 0);
	pakn_buf_adds(out, ",\n  \"directives\": ");
	json_list(out, &rep->directives, 1);
	pakn_buf_addf(out, ",\n  \"trend\": {\"unit\": \"%s\", \"points\": [",
	              rep->trend.monthly ? "month" : "day");
	for (j = 0; j < rep->trend.n; j++) {
		pakn_buf_adds(out, j ? ",\n    {\"date\": \""
		                     : "\n    {\"date\": \"");
		pakn_fmt_iso_day(out, rep->trend.start[j]);
		pakn_buf_addf(out,
		              "\", \"received\": %lld, \"answered\": %lld}",
		              rep->trend.received[j], rep->trend.answered[j]);
	}
	pakn_buf_adds(out, rep->trend.n ? "\n  ]}\n}\n" : "]}\n}\n");
	pakn_buf_release(&name);
}

/* ---- entry points ------------------------------------------------------ */

static const char *const format_names[] = {"text", "md", "csv", "json", "html"};
static const char *const format_exts[] = {"txt", "md", "csv", "json", "html"};

int
pakn_format_parse(const char *s)
{
	int i;

	for (i = 0; i < 5; i++)
		if (strcmp(s, format_names[i]) == 0)
			return i;
	if (strcmp(s, "markdown") == 0)
		return PAKN_FMT_MD;
	return -1;
}

const char *
pakn_format_ext(enum pakn_format f)
{
	return format_exts[f];
}

void
pakn_render(const struct pakn_report *rep, const struct pakn_render_opts *o,
            struct pakn_buf *out)
{
	switch (o->format) {
	case PAKN_FMT_TEXT: render_text(rep, o, out); break;
	case PAKN_FMT_MD: render_md(rep, o, out); break;
	case PAKN_FMT_CSV: render_csv(rep, o, out); break;
	case PAKN_FMT_JSON: render_json(rep, o, out); break;
	case PAKN_FMT_HTML: pakn_render_html(rep, o, out); break;
	}
}
