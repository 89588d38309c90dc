/*
 * vocab.c: the record's vocabulary (vocab.h).
 */
#include "vocab.h"

#include <string.h>

static const struct pakn_word channels[] = {
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

static const struct pakn_word kinds[] = {
    {"feedback", "Phản ánh", "Feedback"},
    {"petition", "Kiến nghị", "Petition"},
    {"question", "Hỏi đáp", "Question"},
    {"complaint", "Khiếu nại", "Complaint"},
    {"denunciation", "Tố cáo", "Denunciation"},
    {"directive", "Chỉ đạo", "Directive"},
    {"other", "Khác", "Other"},
    {NULL, NULL, NULL},
};

static const struct pakn_word statuses[] = {
    {"received", "Đã tiếp nhận", "Received"},
    {"forwarded", "Đã chuyển", "Forwarded"},
    {"processing", "Đang xử lý", "Processing"},
    {"answered", "Đã trả lời", "Answered"},
    {"closed", "Đã đóng", "Closed"},
    {"rejected", "Từ chối", "Rejected"},
    {"other", "Khác", "Other"},
    {NULL, NULL, NULL},
};

static const struct pakn_word satisfactions[] = {
    {"satisfied", "Hài lòng", "Satisfied"},
    {"neutral", "Bình thường", "Neutral"},
    {"unsatisfied", "Không hài lòng", "Unsatisfied"},
    {NULL, NULL, NULL},
};

static const struct pakn_word subtypes[] = {
    {"citizen", "Công dân", "Citizen"},
    {"business", "Doanh nghiệp", "Business"},
    {"organization", "Tổ chức", "Organization"},
    {NULL, NULL, NULL},
};

static const struct pakn_word states[] = {
    [PAKN_STATE_OPEN] = {"open", "Trong hạn", "Open"},
    [PAKN_STATE_DUE_SOON] = {"due_soon", "Sắp đến hạn", "Due soon"},
    [PAKN_STATE_OVERDUE] = {"overdue", "Quá hạn", "Overdue"},
    [PAKN_STATE_ON_TIME] = {"answered_on_time", "Trả lời đúng hạn",
                            "Answered on time"},
    [PAKN_STATE_LATE] = {"answered_late", "Trả lời quá hạn", "Answered late"},
    [PAKN_STATE_UNDATED] = {"answered_undated", "Đã trả lời, không rõ ngày",
                            "Answered, date unknown"},
    [PAKN_STATE_COUNT] = {NULL, NULL, NULL},
};

static const struct {
	const char *key;
	const struct pakn_word *w;
	size_t n;
} vocabs[PAKN_VOCAB_COUNT] = {
    [PAKN_VOCAB_CHANNEL] = {"channel", channels,
                            sizeof channels / sizeof *channels - 1},
    [PAKN_VOCAB_KIND] = {"kind", kinds, sizeof kinds / sizeof *kinds - 1},
    [PAKN_VOCAB_STATUS] = {"status", statuses,
                           sizeof statuses / sizeof *statuses - 1},
    [PAKN_VOCAB_SATISFACTION] = {"satisfaction", satisfactions,
                                 sizeof satisfactions / sizeof *satisfactions -
                                     1},
    [PAKN_VOCAB_SUBMITTER_TYPE] = {"submitter.type", subtypes,
                                   sizeof subtypes / sizeof *subtypes - 1},
    [PAKN_VOCAB_STATE] = {"deadline_state", states, PAKN_STATE_COUNT},
};

const struct pakn_word *
pakn_vocab(enum pakn_vocab_id v, size_t *n)
{
	if (n)
		*n = vocabs[v].n;
	return vocabs[v].w;
}

const char *
pakn_vocab_key(enum pakn_vocab_id v)
{
	return vocabs[v].key;
}

int
pakn_vocab_find(enum pakn_vocab_id v, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < vocabs[v].n; i++)
		if (strlen(vocabs[v].w[i].word) == n &&
		    memcmp(vocabs[v].w[i].word, s, n) == 0)
			return (int)i;
	return -1;
}

void
pakn_vocab_list(enum pakn_vocab_id v, char *out, size_t outlen)
{
	size_t i, len = 0, k;

	if (outlen == 0)
		return;
	out[0] = '\0';
	for (i = 0; i < vocabs[v].n; i++) {
		const char *w = vocabs[v].w[i].word;

		k = strlen(w) + (i ? 2 : 0);
		if (len + k + 1 > outlen)
			break;
		if (i) {
			memcpy(out + len, ", ", 2);
			len += 2;
		}
		memcpy(out + len, w, strlen(w));
		len += strlen(w);
		out[len] = '\0';
	}
}

const char *
pakn_state_name(enum pakn_state s)
{
	return (unsigned)s < PAKN_STATE_COUNT ? states[s].word : "?";
}

int
pakn_status_is_answered(const char *s, size_t n)
{
	int i = pakn_vocab_find(PAKN_VOCAB_STATUS, s, n);

	/* answered, closed, rejected (a refusal is the agency's answer) */
	return i == 3 || i == 4 || i == 5;
}
