/*
 * render.c: what every renderer shares (render_int.h): labels in
 * Vietnamese and English, number and date formatting, display names of
 * keys (the record's words labelled by vocab.h), the summary and group
 * rows of the text and Markdown reports, and pakn_render, which hands the
 * report to its format: render_text.c, render_md.c, render_csv.c,
 * render_json.c, render_html.c.  The text table is texttable.c.
 */
#include "render.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pakn.h"
#include "deadline.h"
#include "render_int.h"
#include "text.h"
#include "texttable.h"
#include "vocab.h"
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
    [F_RATED] = {"Được đánh giá", "Rated"},
    [F_UNRATED] = {"Chưa được đánh giá", "Not rated"},
    [F_SAT_RATE] = {"Tỷ lệ hài lòng (trên số được đánh giá)",
                    "Satisfaction rate (of those rated)"},
    [F_ESCALATED] = {"Chuyển lên cấp trên", "Escalated"},
    [F_ESC_UNSAT] = {"– do không hài lòng", "– the sender unsatisfied"},
    [F_ESC_BEYOND] = {"– do vượt thẩm quyền", "– beyond authority"},
    [F_ESC_DEN] = {"– tố cáo", "– denunciations"},
    [F_ESC_OTHER] = {"– lý do khác", "– other rules"},
    [F_RB_ONTIME] = {"Chỉ đạo đã báo cáo kết quả đúng hạn",
                     "Directives reported back on time"},
    [F_RB_LATE] = {"Chỉ đạo đã báo cáo kết quả trễ hạn",
                   "Directives reported back late"},
    [F_RB_WAIT] = {"Chỉ đạo chờ báo cáo, trong hạn",
                   "Directives awaiting, within the deadline"},
    [F_RB_OVERDUE] = {"Chỉ đạo quá hạn báo cáo kết quả",
                      "Directives overdue for a report back"},
    [F_PUBLISHED] = {"Đã công khai", "Published"},
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
    [H_RATED] = {"Đánh\ngiá", "Rated"},
    [H_UNRATED] = {"Chưa\nĐG", "Not\nrated"},
    [H_SAT_RATE] = {"Hài\nlòng", "Satis-\nfied"},
    [H_ESCALATED] = {"Chuyển\ncấp", "Esca-\nlated"},
    [H_PUBLISHED] = {"Công\nkhai", "Pub-\nlished"},
    [C_AGENCY] = {"Đơn vị xử lý", "Agency"},
    [C_CATEGORY] = {"Lĩnh vực", "Category"},
    [C_CHANNEL] = {"Kênh tiếp nhận", "Channel"},
    [C_KIND] = {"Loại", "Kind"},
    [C_DISTRICT] = {"Huyện", "District"},
    [C_COMMUNE] = {"Xã, phường", "Commune"},
    [C_WEEK] = {"Tuần", "Week"},
    [C_DAY] = {"Ngày", "Day"},
    [C_LEVEL] = {"Cấp", "Level"},
    [G_AGENCY] = {"đơn vị xử lý", "agency"},
    [G_CATEGORY] = {"lĩnh vực", "category"},
    [G_CHANNEL] = {"kênh tiếp nhận", "channel"},
    [G_KIND] = {"loại", "kind"},
    [G_DISTRICT] = {"huyện", "district"},
    [G_COMMUNE] = {"xã, phường", "commune"},
    [G_WEEK] = {"tuần", "week"},
    [G_DAY] = {"ngày", "day"},
    [G_LEVEL] = {"cấp hành chính", "administrative level"},
    [G_BY] = {"Theo", "By"},
    [G_AND] = {"và", "and"},
    [L_OVERDUE] = {"Vụ việc quá hạn chưa trả lời (quá hạn lâu nhất trước)",
                   "Overdue cases (longest overdue first)"},
    [L_COORD] = {"Đề nghị phối hợp, theo đơn vị được đề nghị",
                 "Coordination requests, by the agency asked"},
    [L_COORD_OVERDUE] = {"Chậm phúc đáp đề nghị phối hợp (quá hạn lâu "
                         "nhất trước)",
                         "Coordination requests not replied in time "
                         "(longest overdue first)"},
    [L_ASKED] = {"Đơn vị được đề nghị", "Agency asked"},
    [L_REQUESTS] = {"Số đề\nnghị", "Re-\nquests"},
    [L_AWAITING] = {"Đang\nchờ", "Await-\ning"},
    [L_TOTAL] = {"Tổng cộng", "Total"},
    [L_RETURNS] = {"Trả lại, chuyển sai, theo đơn vị trả lại",
                   "Cases sent back as misrouted, by the agency that "
                   "sent them back"},
    [L_RETURNED_BY] = {"Đơn vị trả lại", "Sent back by"},
    [L_NRETURNS] = {"Số lần\ntrả lại", "Times\nsent back"},
    [L_MULTI] = {"Vụ việc qua hơn hai cấp hành chính (nhiều cấp nhất "
                 "trước)",
                 "Cases handled across more than two administrative "
                 "levels (most levels first)"},
    [L_LEVELS] = {"Số cấp", "Levels"},
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

	if (month) { /* the month it ends in (a cut-off month: 15th-14th) */
		pakn_civil_from_days(p->to, &y, &m, &d);
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
	const struct pakn_word *w = NULL;
	size_t i, n = 0;

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
	/* Channels and kinds have labels (vocab.h); other keys show as they
	 * are. */
	if (d == PAKN_DIM_LEVEL) {
		static const char *const lv[][3] = {
		    {"province", "Cấp tỉnh", "Province"},
		    {"district", "Cấp huyện", "District"},
		    {"commune", "Cấp xã", "Commune"}};

		for (i = 0; i < 3; i++)
			if (strcmp(key, lv[i][0]) == 0) {
				pakn_buf_adds(
				    b, lv[i][lang == PAKN_LANG_EN ? 2 : 1]);
				return;
			}
	}
	if (d == PAKN_DIM_CHANNEL)
		w = pakn_vocab(PAKN_VOCAB_CHANNEL, &n);
	else if (d == PAKN_DIM_KIND)
		w = pakn_vocab(PAKN_VOCAB_KIND, &n);
	for (i = 0; i < n; i++)
		if (strcmp(w[i].word, key) == 0) {
			pakn_buf_adds(b,
			              lang == PAKN_LANG_EN ? w[i].en : w[i].vi);
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

/* ---- shared by the text and Markdown renderers ------------------------ */

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

/* The report's opening lines, shared by text and Markdown (md: 1). */
void
pakn_render_head_lines(const struct pakn_report *rep,
                       const struct pakn_render_opts *o, struct pakn_buf *out,
                       int md)
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
		pakn_term_clean(out, b.data);
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

static void
copy_out(char *dst, size_t n, struct pakn_buf *b)
{
	snprintf(dst, n, "%s", b->data ? b->data : "");
	pakn_buf_reset(b);
}

/* A count row. */
static void
sum_count(struct pakn_sumrow *row, enum pakn_label_id label, enum pakn_lang L,
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
sum_rate(struct pakn_sumrow *row, enum pakn_label_id label, enum pakn_lang L,
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
sum_days(struct pakn_sumrow *row, enum pakn_label_id label, enum pakn_lang L,
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
size_t
pakn_summary_rows(const struct pakn_report *rep, enum pakn_lang L,
                  struct pakn_sumrow *rows)
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
	sum_count(&rows[n++], F_RATED, L, c->rated, p->rated, &b);
	sum_count(&rows[n++], F_UNRATED, L, c->unrated, p->unrated, &b);
	sum_rate(&rows[n++], F_SAT_RATE, L, c, p, 0, &b);
	sum_count(&rows[n++], F_ESCALATED, L, c->escalated, p->escalated, &b);
	sum_count(&rows[n++], F_ESC_UNSAT, L, c->esc_unsatisfied,
	          p->esc_unsatisfied, &b);
	sum_count(&rows[n++], F_ESC_BEYOND, L, c->esc_beyond, p->esc_beyond,
	          &b);
	sum_count(&rows[n++], F_ESC_DEN, L, c->esc_denunciation,
	          p->esc_denunciation, &b);
	sum_count(&rows[n++], F_ESC_OTHER, L, c->esc_other, p->esc_other, &b);
	sum_count(&rows[n++], F_RB_ONTIME, L, c->rb_on_time, p->rb_on_time, &b);
	sum_count(&rows[n++], F_RB_LATE, L, c->rb_late, p->rb_late, &b);
	sum_count(&rows[n++], F_RB_WAIT, L, c->rb_awaiting, p->rb_awaiting, &b);
	sum_count(&rows[n++], F_RB_OVERDUE, L, c->rb_overdue, p->rb_overdue,
	          &b);
	if (rep->has_published)
		sum_count(&rows[n++], F_PUBLISHED, L, c->published,
		          p->published, &b);
	pakn_buf_release(&b);
	return n;
}

/* The cells of one group row (or the total row), strings in cells[]. */
void
pakn_group_cells(const struct pakn_report *rep, enum pakn_lang L,
                 const struct pakn_figures *c, const struct pakn_figures *p,
                 struct pakn_buf cells[PAKN_GC_COUNT])
{
	struct cellbuf cb = {PAKN_BUF_INIT};
	int i;

	for (i = 1; i < PAKN_GC_COUNT; i++)
		pakn_buf_reset(&cells[i]);
	pakn_fmt_int(&cells[PAKN_GC_RECEIVED], L, c->received);
	if (rep->has_prev)
		pakn_fmt_delta(&cells[PAKN_GC_DELTA], L,
		               c->received - p->received);
	pakn_fmt_int(&cells[PAKN_GC_CARRIED], L, c->carried_over);
	pakn_fmt_int(&cells[PAKN_GC_ON_TIME], L, c->on_time);
	pakn_fmt_int(&cells[PAKN_GC_LATE], L, c->late);
	pakn_fmt_int(&cells[PAKN_GC_OPEN], L, c->open);
	pakn_fmt_int(&cells[PAKN_GC_OVERDUE], L, c->overdue);
	pakn_buf_adds(&cells[PAKN_GC_RATE], cb_rate_mark(&cb, L, c));
	if (rep->has_prev)
		pakn_fmt_rate_delta(&cells[PAKN_GC_RATE_DELTA], L, c->rate,
		                    p->rate);
	pakn_buf_adds(&cells[PAKN_GC_MEDIAN], cb_days(&cb, L, c->median));
	pakn_buf_adds(&cells[PAKN_GC_P90], cb_days(&cb, L, c->p90));
	pakn_fmt_int(&cells[PAKN_GC_RATED], L, c->rated);
	pakn_fmt_int(&cells[PAKN_GC_UNRATED], L, c->unrated);
	pakn_fmt_rate(&cells[PAKN_GC_SAT_RATE], L, c->sat_rate);
	pakn_fmt_int(&cells[PAKN_GC_ESCALATED], L, c->escalated);
	if (rep->has_published)
		pakn_fmt_int(&cells[PAKN_GC_PUBLISHED], L, c->published);
	pakn_buf_release(&cb.b);
}

const enum pakn_label_id pakn_group_heads[PAKN_GC_COUNT] = {
    T_FIGURE, H_RECEIVED, H_DELTA,    H_CARRIED,    H_ON_TIME,   H_LATE,
    H_OPEN,   H_OVERDUE,  H_RATE,     H_RATE_DELTA, H_MEDIAN,    H_P90,
    H_RATED,  H_UNRATED,  H_SAT_RATE, H_ESCALATED,  H_PUBLISHED,
};

int
pakn_group_col_shown(const struct pakn_report *rep, int c)
{
	if (c == PAKN_GC_DELTA || c == PAKN_GC_RATE_DELTA)
		return rep->has_prev;
	if (c == PAKN_GC_PUBLISHED)
		return rep->has_published;
	return 1;
}
static const enum pakn_label_id atab_heads[2][PAKN_ATAB_MAXCOLS] = {
    {L_ASKED, L_REQUESTS, H_ON_TIME, H_LATE, L_AWAITING, H_OVERDUE},
    {L_RETURNED_BY, L_NRETURNS}};

int
pakn_atab_ncols(enum pakn_atab t)
{
	return t == PAKN_ATAB_COORD ? 6 : 2;
}

enum pakn_label_id
pakn_atab_head(enum pakn_atab t, int col)
{
	return atab_heads[t == PAKN_ATAB_COORD ? 0 : 1][col];
}

static const struct pakn_report_group *
atab_group(const struct pakn_report *rep, enum pakn_atab t)
{
	return t == PAKN_ATAB_COORD ? &rep->coordination : &rep->returns;
}

size_t
pakn_atab_nrows(const struct pakn_report *rep, enum pakn_atab t)
{
	return atab_group(rep, t)->nrows;
}

const char *
pakn_atab_row(const struct pakn_report *rep, enum pakn_lang L, enum pakn_atab t,
              size_t r, struct pakn_buf cells[PAKN_ATAB_MAXCOLS],
              long long v[PAKN_ATAB_MAXCOLS])
{
	const struct pakn_report_group *g = atab_group(rep, t);
	const struct pakn_figures *f =
	    r < g->nrows ? &g->rows[r].cur : &rep->total;
	int i, n = pakn_atab_ncols(t);

	for (i = 0; i < n; i++)
		pakn_buf_reset(&cells[i]);
	if (r < g->nrows)
		pakn_fmt_key(&cells[0], L, PAKN_DIM_AGENCY, g->rows[r].key[0],
		             g->rows[r].name[0]);
	else
		pakn_buf_adds(&cells[0], pakn_label(L, L_TOTAL));
	v[0] = 0;
	if (t == PAKN_ATAB_COORD) {
		v[1] = f->cr_asked;
		v[2] = f->cr_on_time;
		v[3] = f->cr_late;
		v[4] = f->cr_awaiting;
		v[5] = f->cr_overdue;
	} else {
		v[1] = f->returns;
	}
	for (i = 1; i < n; i++)
		pakn_fmt_int(&cells[i], L, v[i]);
	return r < g->nrows ? g->rows[r].key[0] : "";
}

void
pakn_fmt_list_heading(struct pakn_buf *b, enum pakn_lang L,
                      enum pakn_label_id id, int num, long long count)
{
	pakn_buf_addf(b, "%d. %s: ", num, pakn_label(L, id));
	pakn_fmt_int(b, L, count);
}

/* A rate in 1/10000 as a decimal fraction "0.9231"; "" when undefined. */
void
pakn_fmt_fraction(struct pakn_buf *b, long v)
{
	if (v >= 0)
		pakn_buf_addf(b, "%ld.%04ld", v / 10000, v % 10000);
}

/* ---- entry points ------------------------------------------------------ */

static const char *const format_names[] = {"text", "md",   "csv", "json",
                                           "html", "xlsx", "pdf"};
static const char *const format_exts[] = {"txt",  "md",   "csv", "json",
                                          "html", "xlsx", "pdf"};

int
pakn_doc_option(struct pakn_doc *d, const char *name, const char *value,
                struct pakn_error *err)
{
	static const char *const text[] = {
	    "office", "parent-office", "number",    "place",
	    "signer", "signer-title",  "recipients"};
	const char **field[] = {
	    &d->office, &d->parent_office, &d->number,    &d->place,
	    &d->signer, &d->signer_title,  &d->recipients};
	size_t i;

	if (strcmp(name, "date") == 0) {
		struct pakn_asof a;

		if (pakn_asof_parse(&a, value, err) != 0 || a.has_time)
			return pakn_error_set(
			    err, NULL, 0, 0,
			    "--date '%s': expected YYYY-MM-DD "
			    "or dd/mm/yyyy",
			    value);
		d->date = a.day;
		return 1;
	}
	for (i = 0; i < sizeof text / sizeof text[0]; i++)
		if (strcmp(name, text[i]) == 0) {
			if (!pakn_utf8_valid(value, strlen(value), NULL))
				return pakn_error_set(err, NULL, 0, 0,
				                      "--%s: not valid UTF-8",
				                      name);
			*field[i] = value;
			return 1;
		}
	return 0;
}

int
pakn_format_parse(const char *s)
{
	int i;

	for (i = 0; i < (int)(sizeof format_names / sizeof format_names[0]);
	     i++)
		if (strcmp(s, format_names[i]) == 0)
			return i;
	if (strcmp(s, "markdown") == 0)
		return PAKN_FMT_MD;
	return -1;
}

int
pakn_render_option(struct pakn_render_opts *o, const char *name,
                   const char *value, struct pakn_error *err)
{
	int f;

	if (strcmp(name, "format") == 0) {
		f = pakn_format_parse(value);
		if (f < 0)
			return pakn_error_set(
			    err, NULL, 0, 0,
			    "--format '%s': expected text, md, "
			    "csv, json, html, xlsx or pdf",
			    value);
		o->format = (enum pakn_format)f;
	} else if (strcmp(name, "lang") == 0) {
		if (strcmp(value, "vi") == 0)
			o->lang = PAKN_LANG_VI;
		else if (strcmp(value, "en") == 0)
			o->lang = PAKN_LANG_EN;
		else
			return pakn_error_set(err, NULL, 0, 0,
			                      "--lang '%s': expected vi or en",
			                      value);
	} else if (strcmp(name, "excel") == 0) {
		if (value == NULL || strcmp(value, "vi") == 0)
			o->excel = PAKN_EXCEL_VI;
		else if (strcmp(value, "intl") == 0)
			o->excel = PAKN_EXCEL_INTL;
		else
			return pakn_error_set(
			    err, NULL, 0, 0,
			    "--excel='%s': expected vi or intl", value);
	} else if (strcmp(name, "title") == 0) {
		if (!pakn_utf8_valid(value, strlen(value), NULL))
			return pakn_error_set(err, NULL, 0, 0,
			                      "--title: not valid UTF-8");
		o->title = value;
	} else {
		return 0;
	}
	return 1;
}

int
pakn_format_binary(enum pakn_format f)
{
	return f == PAKN_FMT_XLSX || f == PAKN_FMT_PDF;
}

int
pakn_render_fits(const struct pakn_render_opts *o, int excel, int doc,
                 int cases, struct pakn_error *err)
{
	enum pakn_format f = o->format;

	if (excel && f != PAKN_FMT_CSV)
		return pakn_error_set(err, NULL, 0, 0,
		                      "--excel goes with --format csv");
	if (doc && f != PAKN_FMT_HTML && f != PAKN_FMT_PDF)
		return pakn_error_set(err, NULL, 0, 0,
		                      "--doc and its options go with -f html "
		                      "or -f pdf");
	if (cases && f != PAKN_FMT_CSV && f != PAKN_FMT_JSON &&
	    f != PAKN_FMT_XLSX)
		return pakn_error_set(err, NULL, 0, 0,
		                      "--cases writes csv, json or xlsx");
	return 0;
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
	case PAKN_FMT_TEXT: pakn_render_text(rep, o, out); break;
	case PAKN_FMT_MD: pakn_render_md(rep, o, out); break;
	case PAKN_FMT_CSV: pakn_render_csv(rep, o, out); break;
	case PAKN_FMT_JSON: pakn_render_json(rep, o, out); break;
	case PAKN_FMT_HTML: pakn_render_html(rep, o, out); break;
	case PAKN_FMT_XLSX: pakn_render_xlsx(rep, o, out); break;
	case PAKN_FMT_PDF: pakn_render_pdf(rep, o, out); break;
	}
}
