/*
 * columns.c: header and label tables (see columns.h).
 *
 * Every spelling is written folded (lowercase, no diacritics, đ -> d,
 * punctuation as single spaces), which is what pakn_text_fold_key makes
 * of a header.  Headers match whole; labels match by words contained, in
 * table order, so "Không hài lòng" is tried before "hài lòng".
 */
#include "columns.h"

#include <string.h>

#include "buf.h"
#include "text.h"

static const char *const key_of[PAKN_COL_COUNT] = {
    [PAKN_COL_EXTRA] = "extra",
    [PAKN_COL_ID] = "id",
    [PAKN_COL_RECEIVED_AT] = "received_at",
    [PAKN_COL_CHANNEL] = "channel",
    [PAKN_COL_KIND] = "kind",
    [PAKN_COL_TITLE] = "title",
    [PAKN_COL_CONTENT] = "content",
    [PAKN_COL_CATEGORY] = "category",
    [PAKN_COL_SUB_NAME] = "submitter.name",
    [PAKN_COL_SUB_TYPE] = "submitter.type",
    [PAKN_COL_SUB_PHONE] = "submitter.phone",
    [PAKN_COL_SUB_EMAIL] = "submitter.email",
    [PAKN_COL_SUB_ADDRESS] = "submitter.address",
    [PAKN_COL_SUB_ORG] = "submitter.organization",
    [PAKN_COL_LOC_PROVINCE] = "location.province",
    [PAKN_COL_LOC_DISTRICT] = "location.district",
    [PAKN_COL_LOC_COMMUNE] = "location.commune",
    [PAKN_COL_STATUS] = "status",
    [PAKN_COL_AGENCY] = "agency",
    [PAKN_COL_DUE_AT] = "due_at",
    [PAKN_COL_ANSWERED_AT] = "answered_at",
    [PAKN_COL_CLOSED_AT] = "closed_at",
    [PAKN_COL_SATISFACTION] = "satisfaction",
    [PAKN_COL_ANSWER] = "answer",
    [PAKN_COL_BEYOND] = "beyond_authority",
    [PAKN_COL_REPORTED_BACK] = "reported_back_at",
    [PAKN_COL_COORD] = "coordination",
    [PAKN_COL_COORD_REPLIED] = "coordination.replied_at",
    [PAKN_COL_TRANSFERS] = "transfers",
    [PAKN_COL_TRANSFER_FROM] = "transfers.from",
    [PAKN_COL_TRANSFER_AT] = "transfers.at",
    [PAKN_COL_TRANSFER_WHY] = "transfers.reason",
    [PAKN_COL_IGNORE] = "-",
};

/* Header spellings, folded.  The record keys themselves (and their dotted
 * forms with '_' and '.' folded to spaces) are accepted too. */
static const char *const h_id[] = {"id",
                                   "ma",
                                   "ma pakn",
                                   "ma phan anh",
                                   "ma phan anh kien nghi",
                                   "ma kien nghi",
                                   "so phieu",
                                   "ma ho so",
                                   "ma so",
                                   "so hieu",
                                   "ma yeu cau",
                                   "code",
                                   "case id",
                                   NULL};
static const char *const h_received[] = {"received at",
                                         "received",
                                         "ngay tiep nhan",
                                         "ngay gui",
                                         "thoi gian tiep nhan",
                                         "thoi gian gui",
                                         "ngay nhan",
                                         "ngay phan anh",
                                         "ngay tao",
                                         "thoi gian",
                                         "ngay",
                                         "date",
                                         "created at",
                                         NULL};
static const char *const h_channel[] = {
    "channel",  "kenh tiep nhan",  "kenh",
    "nguon",    "nguon tiep nhan", "hinh thuc tiep nhan",
    "kenh gui", "source channel",  NULL};
static const char *const h_kind[] = {"kind",      "loai",      "loai phan anh",
                                     "loai pakn", "phan loai", "loai yeu cau",
                                     "type",      NULL};
static const char *const h_title[] = {"title",   "tieu de", "trich yeu",
                                      "tom tat", "subject", NULL};
static const char *const h_content[] = {
    "content",       "noi dung",           "noi dung phan anh",
    "noi dung pakn", "noi dung kien nghi", "mo ta",
    "chi tiet",      "description",        NULL};
static const char *const h_category[] = {"category",          "linh vuc",
                                         "chuyen muc",        "nhom linh vuc",
                                         "linh vuc phan anh", NULL};
static const char *const h_name[] = {"submitter name",
                                     "name",
                                     "nguoi gui",
                                     "ho ten",
                                     "ho va ten",
                                     "ten nguoi gui",
                                     "nguoi phan anh",
                                     "ten ca nhan to chuc",
                                     "ten",
                                     NULL};
static const char *const h_type[] = {"submitter type", "doi tuong",
                                     "loai doi tuong", "doi tuong gui",
                                     "loai nguoi gui", NULL};
static const char *const h_phone[] = {"submitter phone",
                                      "phone",
                                      "so dien thoai",
                                      "dien thoai",
                                      "sdt",
                                      "so dt",
                                      "dt",
                                      "di dong",
                                      "so di dong",
                                      "phone number",
                                      NULL};
static const char *const h_email[] = {
    "submitter email", "email", "e mail", "dia chi email", "thu dien tu", NULL};
static const char *const h_address[] = {"submitter address", "address",
                                        "dia chi",           "dia chi lien he",
                                        "dia chi nguoi gui", NULL};
static const char *const h_org[] = {"submitter organization",
                                    "organization",
                                    "to chuc",
                                    "ten to chuc",
                                    "doanh nghiep",
                                    "ten doanh nghiep",
                                    "co quan to chuc",
                                    "don vi gui",
                                    NULL};
static const char *const h_province[] = {
    "location province", "province",   "tinh", "tinh thanh pho",
    "tinh tp",           "tinh thanh", NULL};
static const char *const h_district[] = {"location district",
                                         "district",
                                         "huyen",
                                         "quan huyen",
                                         "huyen thi xa thanh pho",
                                         "quan huyen thi xa",
                                         "dia ban",
                                         "dia ban huyen",
                                         NULL};
static const char *const h_commune[] = {"location commune",
                                        "commune",
                                        "ward",
                                        "xa",
                                        "xa phuong",
                                        "phuong xa",
                                        "xa phuong thi tran",
                                        "xa phuong dac khu",
                                        "dia ban xa",
                                        NULL};
static const char *const h_status[] = {
    "status",           "trang thai",    "tinh trang", "tinh trang xu ly",
    "trang thai xu ly", "ket qua xu ly", NULL};
static const char *const h_agency[] = {"agency",
                                       "don vi xu ly",
                                       "co quan xu ly",
                                       "don vi chu tri",
                                       "don vi giai quyet",
                                       "don vi tiep nhan xu ly",
                                       "co quan giai quyet",
                                       NULL};
static const char *const h_due[] = {"due at",
                                    "due",
                                    "deadline",
                                    "han xu ly",
                                    "han giai quyet",
                                    "han tra loi",
                                    "thoi han xu ly",
                                    "han",
                                    NULL};
static const char *const h_answered[] = {"answered at",     "answered",
                                         "ngay tra loi",    "thoi gian tra loi",
                                         "ngay xu ly xong", "ngay hoan thanh",
                                         "ngay giai quyet", NULL};
static const char *const h_closed[] = {"closed at",      "closed",
                                       "ngay dong",      "ngay ket thuc",
                                       "thoi gian dong", NULL};
static const char *const h_satisfaction[] = {
    "satisfaction",      "muc do hai long", "danh gia", "muc hai long",
    "danh gia hai long", "y kien danh gia", NULL};
static const char *const h_answer[] = {
    "answer",         "noi dung tra loi",   "ket qua tra loi", "y kien tra loi",
    "noi dung xu ly", "ket qua giai quyet", "tra loi",         NULL};
static const char *const h_beyond[] = {"beyond authority",
                                       "vuot tham quyen",
                                       "khong thuoc tham quyen",
                                       "ngoai tham quyen",
                                       "vuot qua tham quyen",
                                       "thuoc tham quyen cap tren",
                                       NULL};
static const char *const h_reported[] = {
    "reported back at",          "reported back",    "ngay bao cao ket qua",
    "thoi gian bao cao ket qua", "ngay bao cao lai", NULL};
static const char *const h_coord[] = {"coordination",
                                      "coordinating agencies",
                                      "don vi phoi hop",
                                      "co quan phoi hop",
                                      "don vi duoc de nghi phoi hop",
                                      "don vi duoc xin y kien",
                                      NULL};
static const char *const h_coord_replied[] = {
    "coordination replied at", "coordination reply",
    "ngay phuc dap",           "ngay phoi hop tra loi",
    "ngay tra loi phoi hop",   "ngay don vi phoi hop tra loi",
    "ngay phuc dap phoi hop",  NULL};
static const char *const h_transfers[] = {"transfers", NULL};
static const char *const h_transfer_from[] = {
    "transferred from",  "forwarded by",
    "don vi chuyen",     "co quan chuyen",
    "don vi chuyen den", "noi chuyen den",
    "don vi chuyen don", NULL};
static const char *const h_transfer_at[] = {
    "transferred at",   "forwarded at",    "ngay chuyen",
    "thoi gian chuyen", "ngay chuyen don", NULL};
static const char *const h_transfer_why[] = {"transfer reason", "ly do chuyen",
                                             "ly do tra lai",
                                             "hinh thuc chuyen", NULL};
static const char *const h_none[] = {NULL};

static const char *const *const aliases[PAKN_COL_COUNT] = {
    [PAKN_COL_EXTRA] = h_none,
    [PAKN_COL_ID] = h_id,
    [PAKN_COL_RECEIVED_AT] = h_received,
    [PAKN_COL_CHANNEL] = h_channel,
    [PAKN_COL_KIND] = h_kind,
    [PAKN_COL_TITLE] = h_title,
    [PAKN_COL_CONTENT] = h_content,
    [PAKN_COL_CATEGORY] = h_category,
    [PAKN_COL_SUB_NAME] = h_name,
    [PAKN_COL_SUB_TYPE] = h_type,
    [PAKN_COL_SUB_PHONE] = h_phone,
    [PAKN_COL_SUB_EMAIL] = h_email,
    [PAKN_COL_SUB_ADDRESS] = h_address,
    [PAKN_COL_SUB_ORG] = h_org,
    [PAKN_COL_LOC_PROVINCE] = h_province,
    [PAKN_COL_LOC_DISTRICT] = h_district,
    [PAKN_COL_LOC_COMMUNE] = h_commune,
    [PAKN_COL_STATUS] = h_status,
    [PAKN_COL_AGENCY] = h_agency,
    [PAKN_COL_DUE_AT] = h_due,
    [PAKN_COL_ANSWERED_AT] = h_answered,
    [PAKN_COL_CLOSED_AT] = h_closed,
    [PAKN_COL_SATISFACTION] = h_satisfaction,
    [PAKN_COL_ANSWER] = h_answer,
    [PAKN_COL_BEYOND] = h_beyond,
    [PAKN_COL_REPORTED_BACK] = h_reported,
    [PAKN_COL_COORD] = h_coord,
    [PAKN_COL_COORD_REPLIED] = h_coord_replied,
    [PAKN_COL_TRANSFERS] = h_transfers,
    [PAKN_COL_TRANSFER_FROM] = h_transfer_from,
    [PAKN_COL_TRANSFER_AT] = h_transfer_at,
    [PAKN_COL_TRANSFER_WHY] = h_transfer_why,
    [PAKN_COL_IGNORE] = h_none,
};

const char *
pakn_col_key(enum pakn_col c)
{
	return (c >= 0 && c < PAKN_COL_COUNT) ? key_of[c] : "extra";
}

void
pakn_col_key_list(struct pakn_buf *out)
{
	int c;

	pakn_buf_reset(out);
	/* the keys in column order, then extra and - (dropped) */
	for (c = PAKN_COL_EXTRA + 1; c < PAKN_COL_COUNT; c++) {
		if (c == PAKN_COL_IGNORE)
			continue;
		pakn_buf_adds(out, key_of[c]);
		pakn_buf_adds(out, ", ");
	}
	pakn_buf_adds(out, key_of[PAKN_COL_EXTRA]);
	pakn_buf_adds(out, ", ");
	pakn_buf_adds(out, key_of[PAKN_COL_IGNORE]);
}

int
pakn_col_from_key(const char *key)
{
	int c;

	for (c = 0; c < PAKN_COL_COUNT; c++)
		if (strcmp(key, key_of[c]) == 0)
			return c;
	return -1;
}

const char *const *
pakn_col_aliases(enum pakn_col c)
{
	return (c >= 0 && c < PAKN_COL_COUNT) ? aliases[c] : h_none;
}

enum pakn_col
pakn_col_for_header(const char *header, size_t n)
{
	struct pakn_buf f = PAKN_BUF_INIT;
	enum pakn_col found = PAKN_COL_EXTRA;
	const char *const *a;
	int c;

	pakn_text_fold_key(header, n, &f);
	for (c = 1; c < PAKN_COL_COUNT && found == PAKN_COL_EXTRA; c++)
		for (a = aliases[c]; *a; a++)
			if (f.data && strcmp(f.data, *a) == 0) {
				found = (enum pakn_col)c;
				break;
			}
	pakn_buf_release(&f);
	return found;
}

/* Label rules: the first entry whose words occur in the folded label (as
 * whole words) gives the value. */
struct label_rule {
	const char *words;
	const char *value;
};

static const struct label_rule channel_rules[] = {
    {"duong day nong", "hotline"},
    {"1022", "hotline"},
    {"tong dai", "hotline"},
    {"hotline", "hotline"},
    {"dien thoai", "hotline"},
    {"zalo", "zalo"},
    {"thu dien tu", "email"},
    {"email", "email"},
    {"e mail", "email"},
    {"sms", "sms"},
    {"tin nhan", "sms"},
    {"cong thong tin", "portal"},
    {"cong dich vu cong", "portal"},
    {"dich vu cong", "portal"},
    {"portal", "portal"},
    {"website", "portal"},
    {"web", "portal"},
    {"trang thong tin", "portal"},
    {"ung dung", "portal"},
    {"app", "portal"},
    {"gap go", "meeting"},
    {"ca phe doanh nhan", "meeting"},
    {"doi thoai", "meeting"},
    {"tiep xuc", "meeting"},
    {"hoi nghi", "meeting"},
    {"meeting", "meeting"},
    {"buu chinh", "letter"},
    {"thu", "letter"},
    {"don", "letter"},
    {"van ban", "letter"},
    {"cong van", "letter"},
    {"letter", "letter"},
    {"truc tiep", "direct"},
    {"mot cua", "direct"},
    {"tiep cong dan", "direct"},
    {"direct", "direct"},
    {"other", "other"},
    {"khac", "other"},
    {NULL, NULL}};

static const struct label_rule kind_rules[] = {{"phan anh", "feedback"},
                                               {"feedback", "feedback"},
                                               {"kien nghi", "petition"},
                                               {"de nghi", "petition"},
                                               {"petition", "petition"},
                                               {"hoi dap", "question"},
                                               {"cau hoi", "question"},
                                               {"hoi", "question"},
                                               {"question", "question"},
                                               {"khieu nai", "complaint"},
                                               {"complaint", "complaint"},
                                               {"to cao", "denunciation"},
                                               {"denunciation", "denunciation"},
                                               {"chi dao", "directive"},
                                               {"ket luan", "directive"},
                                               {"directive", "directive"},
                                               {NULL, NULL}};

static const struct label_rule beyond_rules[] = {
    {"vuot tham quyen", "true"},        {"vuot qua tham quyen", "true"},
    {"khong thuoc tham quyen", "true"}, {"ngoai tham quyen", "true"},
    {"tham quyen cap tren", "true"},    {NULL, NULL}};

static const struct label_rule status_rules[] = {
    {"tu choi", "rejected"},
    {"khong tiep nhan", "rejected"},
    {"khong thu ly", "rejected"},
    {"rejected", "rejected"},
    {"da chuyen", "forwarded"},
    {"chuyen xu ly", "forwarded"},
    {"forwarded", "forwarded"},
    {"dang xu ly", "processing"},
    {"dang giai quyet", "processing"},
    {"cho xu ly", "processing"},
    {"processing", "processing"},
    {"da tra loi", "answered"},
    {"da xu ly", "answered"},
    {"da giai quyet", "answered"},
    {"hoan thanh", "answered"},
    {"answered", "answered"},
    {"da dong", "closed"},
    {"dong", "closed"},
    {"ket thuc", "closed"},
    {"closed", "closed"},
    {"da tiep nhan", "received"},
    {"moi tiep nhan", "received"},
    {"tiep nhan", "received"},
    {"moi", "received"},
    {"received", "received"},
    {NULL, NULL}};

static const struct label_rule satisfaction_rules[] = {
    {"khong hai long", "unsatisfied"},
    {"chua hai long", "unsatisfied"},
    {"unsatisfied", "unsatisfied"},
    {"dissatisfied", "unsatisfied"},
    {"binh thuong", "neutral"},
    {"tam hai long", "neutral"},
    {"chap nhan", "neutral"},
    {"neutral", "neutral"},
    {"hai long", "satisfied"},
    {"satisfied", "satisfied"},
    {NULL, NULL}};

static const struct label_rule subtype_rules[] = {
    {"cong dan", "citizen"},          {"ca nhan", "citizen"},
    {"nguoi dan", "citizen"},         {"citizen", "citizen"},
    {"doanh nghiep", "business"},     {"cong ty", "business"},
    {"ho kinh doanh", "business"},    {"business", "business"},
    {"to chuc", "organization"},      {"co quan", "organization"},
    {"organization", "organization"}, {NULL, NULL}};

/* Whether `words` occurs in the space-separated `s` on word boundaries. */
static int
has_words(const char *s, const char *words)
{
	size_t wl = strlen(words);
	const char *p = s;

	while ((p = strstr(p, words)) != NULL) {
		if ((p == s || p[-1] == ' ') && (p[wl] == '\0' || p[wl] == ' '))
			return 1;
		p++;
	}
	return 0;
}

const char *
pakn_label_normalize(enum pakn_label kind, const char *s, size_t n)
{
	static const struct label_rule *const tables[] = {
	    channel_rules,      kind_rules,    status_rules,
	    satisfaction_rules, subtype_rules, beyond_rules};
	const struct label_rule *r;
	struct pakn_buf f = PAKN_BUF_INIT;
	const char *value = NULL;

	pakn_text_fold_key(s, n, &f);
	if (f.data != NULL)
		for (r = tables[kind]; r->words; r++)
			if (has_words(f.data, r->words)) {
				value = r->value;
				break;
			}
	pakn_buf_release(&f);
	return value;
}

int
pakn_is_return(const char *s, size_t n)
{
	static const char *const words[] = {"chuyen sai", "tra lai",  "tra ve",
	                                    "sent back",  "returned", NULL};
	struct pakn_buf f = PAKN_BUF_INIT;
	int r = 0, i;

	pakn_text_fold_key(s, n, &f);
	for (i = 0; f.data && !r && words[i]; i++)
		r = strstr(f.data, words[i]) != NULL;
	pakn_buf_release(&f);
	return r;
}

int
pakn_flag_value(const char *s, size_t n)
{
	static const char *const yes[] = {"co",   "x", "1", "true", "yes",
	                                  "dung", "v", "y", NULL};
	static const char *const no[] = {"khong", "0", "false", "no",
	                                 "sai",   "n", NULL};
	struct pakn_buf f = PAKN_BUF_INIT;
	int r = -1, i;

	pakn_text_fold_key(s, n, &f);
	for (i = 0; f.data && r < 0 && yes[i]; i++)
		if (strcmp(f.data, yes[i]) == 0)
			r = 1;
	for (i = 0; f.data && r < 0 && no[i]; i++)
		if (strcmp(f.data, no[i]) == 0)
			r = 0;
	pakn_buf_release(&f);
	return r;
}
