/*
 * test_encoding.c: unit tests of lib/encoding.c.  Fixtures are made at
 * test time: glibc's iconv encodes a Vietnamese paragraph to UTF-16LE/BE,
 * windows-1258 and TCVN 5712 (VN3 subset), and an encoder written here
 * from the VNI rules encodes it to VNI.  Each must decode back to the NFC
 * paragraph whole, one byte at a time and in random pieces, and be
 * detected as what it is.  The windows-1258 and TCVN3 tables are compared
 * with iconv byte by byte; known VNI and TCVN3 strings from public charts
 * check the tables against outside sources.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "buf.h"
#include "encdetect.h"
#include "encoding.h"
#include "pakn.h"
#include "text.h"
#include "unit.h"

/* Every tone on every vowel, ă â ê ô ơ ư đ, capitals, CRLF line breaks. */
static const char para_full[] =
    "Phản ánh tình trạng xả thải gây ô nhiễm môi trường tại xã Tam "
    "Đảo, huyện Tam Đảo, tỉnh Vĩnh Phúc.\r\n"
    "Người dân kiến nghị cơ quan chức năng sớm kiểm tra, xử lý dứt "
    "điểm; đề nghị UBND tỉnh chỉ đạo Sở Tài nguyên và Môi trường "
    "phối hợp với Công an huyện.\r\n"
    "Ông Nguyễn Văn Ất, bà Trần Thị Ưng và cụ Đặng Quốc Ẩn đã nhiều "
    "lần gửi đơn nhưng chưa được trả lời thỏa đáng; ỷ lại, kỹ càng, "
    "ỳ ạch, ý kiến, tỵ nạn, tuổi thọ, bữa ăn, lưỡi cày, mỡ, sợi.\r\n"
    "ĐƯỜNG HỎNG, CỐNG TẮC, NƯỚC THẢI ĐEN NGÒM CHẢY RA SUỐI! "
    "Ắ Ằ Ẳ Ẵ Ặ Ấ Ầ Ẩ Ẫ Ậ Ế Ề Ể Ễ Ệ Ố Ồ Ổ Ỗ Ộ Ớ Ờ Ở Ỡ Ợ Ứ Ừ Ử Ữ Ự "
    "Ý Ỳ Ỷ Ỹ Ỵ Í Ì Ỉ Ĩ Ị Ú Ù Ủ Ũ Ụ Ó Ò Ỏ Õ Ọ É È Ẻ Ẽ Ẹ Á À Ả Ã Ạ\r\n";

/*
 * TCVN3 (VN3) has no capitals with tone marks (the ABC fonts drew them
 * from a separate capitals font): only ASCII capitals and Ă Â Ê Ô Ơ Ư Đ.
 */
static const char para_vn3[] =
    "Phản ánh tình trạng xả thải gây ô nhiễm môi trường tại xã Tam "
    "Đảo, huyện Tam Đảo, tỉnh Vĩnh Phúc.\r\n"
    "Người dân kiến nghị cơ quan chức năng sớm kiểm tra, xử lý dứt "
    "điểm; đề nghị UBND tỉnh chỉ đạo Sở Tài nguyên và Môi trường "
    "phối hợp với Công an huyện.\r\n"
    "Ông Nguyễn Văn Ât, bà Trần Thị Ưng và cụ Đặng Quốc Ăn đã nhiều "
    "lần gửi đơn nhưng chưa được trả lời thỏa đáng; ỷ lại, kỹ càng, "
    "ỳ ạch, ý kiến, tỵ nạn, tuổi thọ, bữa ăn, lưỡi cày, mỡ, sợi.\r\n"
    "ĐƯƠNG ƠI, Ê Ô Â Ă\r\n";

/* Typical complaint text for detection. */
static const char sample2[] =
    "Kính gửi UBND xã, tôi xin phản ánh việc đường giao "
    "thông nông thôn bị xuống cấp nghiêm trọng, ổ gà ổ voi khắp nơi, "
    "trời mưa thì lầy lội, rất nguy hiểm cho học sinh đi học. Đề "
    "nghị các cơ quan chức năng sớm kiểm tra và sửa chữa.\n";

static const char sample3[] =
    "Phản ánh tình trạng xả thải gây ô nhiễm môi trường tại xã Tam Đảo";

/* Writes data to a temporary file; returns its name in a static buffer. */
static const char *
tmpfile_with(const void *data, size_t n)
{
	static char name[64];
	int fd;

	snprintf(name, sizeof name, "/tmp/pakn-enc-XXXXXX");
	fd = mkstemp(name);
	if (fd < 0)
		return NULL;
	if (write(fd, data, n) != (ssize_t)n) {
		close(fd);
		return NULL;
	}
	close(fd);
	return name;
}

/* out = `iconv [opts] -f from -t to` of in[0..n); 0 or -1. */
static int
iconv_run(const char *opts, const char *from, const char *to, const void *in,
          size_t n, struct pakn_buf *out)
{
	char cmd[256], buf[4096];
	const char *name = tmpfile_with(in, n);
	FILE *fp;
	size_t k;
	int status;

	pakn_buf_reset(out);
	if (name == NULL)
		return -1;
	snprintf(cmd, sizeof cmd, "iconv %s -f %s -t %s < %s 2>/dev/null", opts,
	         from, to, name);
	fp = popen(cmd, "r");
	if (fp == NULL) {
		unlink(name);
		return -1;
	}
	while ((k = fread(buf, 1, sizeof buf, fp)) > 0)
		pakn_buf_add(out, buf, k);
	status = pclose(fp);
	unlink(name);
	return status == 0 ? 0 : -1;
}

/* Decodes in[0..n) as e in pieces of `step` bytes (0: random pieces). */
static int
decode(enum pakn_encoding e, const char *in, size_t n, size_t step,
       struct pakn_buf *out)
{
	struct pakn_error err;
	struct pakn_decoder *d = pakn_decoder_new(e, &err);
	unsigned long seed = 42;
	size_t i = 0, k;
	int rc = 0;

	pakn_buf_reset(out);
	if (d == NULL)
		return -1;
	while (i < n && rc == 0) {
		k = step;
		if (k == 0) {
			seed = seed * 6364136223846793005ULL + 1;
			k = (seed >> 33) % 9; /* pieces of 0 to 8 bytes */
		}
		if (k > n - i)
			k = n - i;
		rc = pakn_decoder_feed(d, in + i, k, 0, out, &err);
		i += k;
	}
	if (rc == 0)
		rc = pakn_decoder_feed(d, NULL, 0, 1, out, &err);
	if (rc != 0)
		printf("# decode error: %s\n", err.text);
	pakn_decoder_free(d);
	return rc;
}

/*
 * The VNI encoding of one code point, written from the VNI rules rather
 * than from the decoder's table: a base letter, then one mark byte that
 * carries the vowel mark and the tone together; đ, ơ, ư and i, ỵ with a
 * tone are single bytes; capitals take the capital form of the mark
 * (0x20 lower in Latin-1).  Returns the number of bytes, 0 if cp is not
 * a Vietnamese letter.
 */
static size_t
vni_encode_cp(uint32_t cp, unsigned char *o)
{
	/* Tone order: none, grave, acute, hook, tilde, dot. */
	static const unsigned char plain[6] = {0, 0xF8, 0xF9, 0xFB, 0xF5, 0xEF};
	static const unsigned char circ[6] = {0xE2, 0xE0, 0xE1,
	                                      0xE5, 0xE3, 0xE4};
	static const unsigned char breve[6] = {0xEA, 0xE8, 0xE9,
	                                       0xFA, 0xFC, 0xEB};
	static const unsigned char itone[6] = {'i',  0xEC, 0xED,
	                                       0xE6, 0xF3, 0xF2};
	utf8proc_int32_t dec[8];
	utf8proc_ssize_t k, j;
	int bc = 0, tone = 0, mod = 0, up, shift;
	unsigned char base, mark;

	if (cp == 0x111 || cp == 0x110) {
		o[0] = cp == 0x111 ? 0xF1 : 0xD1;
		return 1;
	}
	up = utf8proc_isupper((utf8proc_int32_t)cp);
	shift = up ? 0x20 : 0;
	k = utf8proc_decompose_char((utf8proc_int32_t)cp, dec, 8,
	                            UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD,
	                            &bc);
	if (k < 2 || dec[0] > 'z' || dec[0] < 'a')
		return 0;
	for (j = 1; j < k; j++) {
		switch (dec[j]) {
		case 0x300: tone = 1; break;
		case 0x301: tone = 2; break;
		case 0x309: tone = 3; break;
		case 0x303: tone = 4; break;
		case 0x323: tone = 5; break;
		case 0x302: mod = 'c'; break;
		case 0x306: mod = 'b'; break;
		case 0x31B: mod = 'h'; break;
		default: return 0;
		}
	}
	if (dec[0] == 'i' && tone) {
		o[0] = (unsigned char)(itone[tone] - shift);
		return 1;
	}
	if (dec[0] == 'y' && tone == 5) {
		o[0] = (unsigned char)(0xEE - shift);
		return 1;
	}
	base = (unsigned char)(up ? dec[0] - 0x20 : dec[0]);
	if (mod == 'h')
		base = (unsigned char)((dec[0] == 'o' ? 0xF4 : 0xF6) - shift);
	if (mod == 'c')
		mark = circ[tone];
	else if (mod == 'b')
		mark = breve[tone];
	else
		mark = plain[tone];
	o[0] = base;
	if (mark == 0)
		return 1;
	o[1] = (unsigned char)(mark - shift);
	return 2;
}

/* VNI bytes of the UTF-8 NFC text s; -1 if a character has none. */
static int
vni_encode(const char *s, struct pakn_buf *out)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;
	unsigned char o[2];
	size_t m;

	pakn_buf_reset(out);
	while (*p) {
		k = utf8proc_iterate(p, -1, &cp);
		if (k <= 0)
			return -1;
		p += k;
		if (cp < 0x80) {
			pakn_buf_addc(out, (char)cp);
			continue;
		}
		m = vni_encode_cp((uint32_t)cp, o);
		if (m == 0)
			return -1;
		pakn_buf_add(out, o, m);
	}
	return 0;
}

static void
test_names(void)
{
	static const struct {
		const char *name;
		enum pakn_encoding e;
	} names[] = {
	    {"utf8", PAKN_ENC_UTF8},
	    {"UTF-8", PAKN_ENC_UTF8},
	    {"utf-8-bom", PAKN_ENC_UTF8_BOM},
	    {"UTF-8-SIG", PAKN_ENC_UTF8_BOM},
	    {"utf-16", PAKN_ENC_UTF16LE},
	    {"UTF16LE", PAKN_ENC_UTF16LE},
	    {"utf-16be", PAKN_ENC_UTF16BE},
	    {"Unicode", PAKN_ENC_UTF16LE},
	    {"cp1258", PAKN_ENC_CP1258},
	    {"Windows-1258", PAKN_ENC_CP1258},
	    {"tcvn3", PAKN_ENC_TCVN3},
	    {"TCVN", PAKN_ENC_TCVN3},
	    {"TCVN5712:1993", PAKN_ENC_TCVN3},
	    {"abc", PAKN_ENC_TCVN3},
	    {"vni", PAKN_ENC_VNI},
	    {"VNI-Windows", PAKN_ENC_VNI},
	};
	static const enum pakn_encoding all[] = {
	    PAKN_ENC_UTF8,    PAKN_ENC_UTF8_BOM, PAKN_ENC_UTF16LE,
	    PAKN_ENC_UTF16BE, PAKN_ENC_CP1258,   PAKN_ENC_TCVN3,
	    PAKN_ENC_VNI,
	};
	enum pakn_encoding e;
	size_t i;
	int rc;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		e = PAKN_ENC_UNKNOWN;
		rc = pakn_encoding_parse(names[i].name, &e);
		CHECK(rc == 0 && e == names[i].e, names[i].name);
	}
	for (i = 0; i < sizeof all / sizeof all[0]; i++) {
		e = PAKN_ENC_UNKNOWN;
		rc = pakn_encoding_parse(pakn_encoding_name(all[i]), &e);
		CHECK(rc == 0 && e == all[i], "name parses back");
	}
	CHECK_STR(pakn_encoding_name(PAKN_ENC_CP1258), "windows-1258",
	          "name of cp1258");
	CHECK_STR(pakn_encoding_name(PAKN_ENC_UTF16LE), "utf-16le",
	          "name of utf-16le");
	e = PAKN_ENC_VNI;
	CHECK(pakn_encoding_parse("latin1", &e) == -1 && e == PAKN_ENC_VNI,
	      "unknown name: -1, *e untouched");
	CHECK(pakn_encoding_parse("", &e) == -1, "empty name: -1");
	CHECK(pakn_encoding_parse("utf-8utf-8utf-8utf-8utf-8utf-8utf-8", &e) ==
	          -1,
	      "long name: -1");
}

/* The single-byte tables against glibc's iconv, byte by byte. */
static void
check_table_vs_iconv(enum pakn_encoding e, const char *iconv_name,
                     unsigned first)
{
	struct pakn_buf in = PAKN_BUF_INIT, ref = PAKN_BUF_INIT,
	                got = PAKN_BUF_INIT;
	struct pakn_decoder *d;
	struct pakn_error err;
	const char *line, *nl;
	unsigned b, mismatches = 0, first_bad = 0;
	char what[96];
	int rc;

	/* One byte a line; NUL and LF would upset the line split. */
	for (b = first; b <= 0xFF; b++) {
		if (b == 0 || b == '\n')
			continue;
		pakn_buf_addc(&in, (char)b);
		pakn_buf_addc(&in, '\n');
	}
	rc = iconv_run("-c", iconv_name, "UTF-8", in.data, in.len, &ref);
	snprintf(what, sizeof what, "iconv -f %s runs", iconv_name);
	/* iconv -c exits 1 after dropping undefined bytes. */
	CHECK(ref.len > 0, what);
	(void)rc;
	d = pakn_decoder_new(e, &err);
	line = ref.data;
	for (b = first; b <= 0xFF; b++) {
		char c = (char)b;

		if (b == 0 || b == '\n')
			continue;
		nl = strchr(line, '\n');
		if (nl == NULL)
			break;
		pakn_buf_reset(&got);
		rc = pakn_decoder_feed(d, &c, 1, 1, &got, &err);
		if ((rc != 0) != (nl == line) ||
		    (rc == 0 && (got.len != (size_t)(nl - line) ||
		                 memcmp(got.data, line, got.len) != 0))) {
			if (mismatches++ == 0)
				first_bad = b;
		}
		line = nl + 1;
	}
	if (mismatches)
		printf("# first byte that differs from iconv: 0x%02X\n",
		       first_bad);
	snprintf(what, sizeof what,
	         "%s decodes bytes 0x%02X-0xFF exactly as iconv %s",
	         pakn_encoding_name(e), first, iconv_name);
	CHECK(mismatches == 0 && b == 0x100, what);
	pakn_decoder_free(d);
	pakn_buf_release(&in);
	pakn_buf_release(&ref);
	pakn_buf_release(&got);
}

static void
test_tables(void)
{
	check_table_vs_iconv(PAKN_ENC_CP1258, "CP1258", 0x00);
	/* glibc's VN1 puts capitals at 0x01-0x17; VN3 and we do not. */
	check_table_vs_iconv(PAKN_ENC_TCVN3, "TCVN5712-1", 0x18);
}

/* NFC of a NUL-terminated string, for the expectations. */
static void
nfc_of(const char *s, struct pakn_buf *out)
{
	int rc = pakn_text_nfc(s, strlen(s), out);

	if (rc != 0)
		printf("# bad test text\n");
}

/* Decodes `bytes` as e whole, bytewise, in random pieces; checks text. */
static void
check_roundtrip(enum pakn_encoding e, const struct pakn_buf *bytes,
                const char *text, const char *label)
{
	struct pakn_buf want = PAKN_BUF_INIT, got = PAKN_BUF_INIT;
	char what[128];
	int rc;

	nfc_of(text, &want);
	rc = decode(e, bytes->data, bytes->len, bytes->len, &got);
	snprintf(what, sizeof what, "%s: decodes to the NFC original", label);
	CHECK(rc == 0 && got.len == want.len &&
	          memcmp(got.data, want.data, want.len) == 0,
	      what);
	rc = decode(e, bytes->data, bytes->len, 1, &got);
	snprintf(what, sizeof what, "%s: the same one byte at a time", label);
	CHECK(rc == 0 && got.len == want.len &&
	          memcmp(got.data, want.data, want.len) == 0,
	      what);
	rc = decode(e, bytes->data, bytes->len, 0, &got);
	snprintf(what, sizeof what, "%s: the same in random pieces", label);
	CHECK(rc == 0 && got.len == want.len &&
	          memcmp(got.data, want.data, want.len) == 0,
	      what);
	snprintf(what, sizeof what, "%s: detected", label);
	CHECK_STR(pakn_encoding_name(
	              pakn_encoding_detect(bytes->data, bytes->len, 1)),
	          pakn_encoding_name(e), what);
	pakn_buf_release(&want);
	pakn_buf_release(&got);
}

/* Encodes text to e with iconv (or the VNI encoder) into out. */
static int
encode(enum pakn_encoding e, const char *text, struct pakn_buf *out)
{
	struct pakn_buf tmp = PAKN_BUF_INIT;
	int rc = -1;

	switch (e) {
	case PAKN_ENC_UTF16LE:
	case PAKN_ENC_UTF16BE:
		rc = iconv_run("", "UTF-8",
		               e == PAKN_ENC_UTF16LE ? "UTF-16LE" : "UTF-16BE",
		               text, strlen(text), &tmp);
		pakn_buf_reset(out);
		pakn_buf_add(
		    out, e == PAKN_ENC_UTF16LE ? "\xff\xfe" : "\xfe\xff", 2);
		pakn_buf_add(out, tmp.data, tmp.len);
		break;
	case PAKN_ENC_CP1258:
		rc = iconv_run("", "UTF-8", "CP1258", text, strlen(text), out);
		break;
	case PAKN_ENC_TCVN3:
		rc = iconv_run("", "UTF-8", "TCVN5712-1", text, strlen(text),
		               out);
		break;
	case PAKN_ENC_VNI: rc = vni_encode(text, out); break;
	default: break;
	}
	pakn_buf_release(&tmp);
	return rc;
}

static void
test_roundtrips(void)
{
	static const struct {
		enum pakn_encoding e;
		const char *text, *label;
	} cases[] = {
	    {PAKN_ENC_UTF16LE, para_full, "utf-16le paragraph"},
	    {PAKN_ENC_UTF16BE, para_full, "utf-16be paragraph"},
	    {PAKN_ENC_CP1258, para_full, "windows-1258 paragraph"},
	    {PAKN_ENC_TCVN3, para_vn3, "tcvn3 paragraph"},
	    {PAKN_ENC_VNI, para_full, "vni paragraph"},
	    {PAKN_ENC_UTF16LE, sample2, "utf-16le sample"},
	    {PAKN_ENC_CP1258, sample2, "windows-1258 sample"},
	    {PAKN_ENC_TCVN3, sample2, "tcvn3 sample"},
	    {PAKN_ENC_VNI, sample2, "vni sample"},
	    {PAKN_ENC_CP1258, sample3, "windows-1258 sentence"},
	    {PAKN_ENC_TCVN3, sample3, "tcvn3 sentence"},
	    {PAKN_ENC_VNI, sample3, "vni sentence"},
	};
	struct pakn_buf bytes = PAKN_BUF_INIT;
	char what[128];
	size_t i, j;
	int rc, high;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		rc = encode(cases[i].e, cases[i].text, &bytes);
		snprintf(what, sizeof what, "%s: encoded", cases[i].label);
		CHECK(rc == 0 && bytes.len > 0, what);
		if (cases[i].e == PAKN_ENC_TCVN3) {
			/* The fixture must be VN3: no VN1-only capitals. */
			high = 0;
			for (j = 0; j < bytes.len; j++) {
				unsigned char c = (unsigned char)bytes.data[j];

				high +=
				    (c > 0 && c < 0x18 && c != '\r' &&
				     c != '\n') ||
				    (c >= 0x80 && c < 0xA1) ||
				    strchr("\xaf\xba\xbf\xc0\xc1\xc2\xc3\xc4"
				           "\xc5\xcd\xd9\xda\xdb\xe0\xf0\xff",
				           c) != NULL;
			}
			CHECK_INT(high, 0, "tcvn3 fixture is VN3 only");
		}
		check_roundtrip(cases[i].e, &bytes, cases[i].text,
		                cases[i].label);
	}
	pakn_buf_release(&bytes);
}

/* Strings from public charts and converters, decoded. */
static void
test_known_strings(void)
{
	static const struct {
		enum pakn_encoding e;
		const char *in, *want;
	} cases[] = {
	    {PAKN_ENC_VNI, "Vie\xe4t Nam", "Việt Nam"},
	    {PAKN_ENC_VNI, "VIE\xc4T NAM", "VIỆT NAM"},
	    {PAKN_ENC_VNI, "\xd1\xf6\xf4\xf8ng", "Đường"},
	    {PAKN_ENC_VNI,
	     "Xin cha\xf8o ca\xf9"
	     "c ba\xefn",
	     "Xin chào các bạn"},
	    {PAKN_ENC_VNI, "Tha\xf8nh pho\xe1 Ho\xe0 Ch\xed Minh",
	     "Thành phố Hồ Chí Minh"},
	    {PAKN_ENC_VNI, "Qua\xfbng Nga\xf5i", "Quảng Ngãi"},
	    {PAKN_ENC_VNI, "\xd1\x41\xc9K L\x41\xc9K", "ĐẮK LẮK"},
	    {PAKN_ENC_VNI,
	     "Kha\xf9nh Ho\xf8"
	     "a",
	     "Khánh Hòa"},
	    {PAKN_ENC_VNI, "nh\xf6\xf5ng \xf1\xe6m, b\xf2, k\xf3, t\xee",
	     "những đỉm, bị, kĩ, tỵ"},
	    {PAKN_ENC_VNI, "\xf4\xf9 \xd4\xd9 \xf6\xef \xd6\xcf", "ớ Ớ ự Ự"},
	    {PAKN_ENC_VNI, "a\xea a\xe8 a\xe9 a\xfa a\xfc a\xeb",
	     "ă ằ ắ ẳ ẵ ặ"},
	    {PAKN_ENC_VNI, "a\xe4\xf8", "ậ\xcc\x80"}, /* three marks */
	    {PAKN_ENC_CP1258, "a\xcc\xec", "à\xcc\x81"},
	    {PAKN_ENC_TCVN3, "Vi\xd6t Nam", "Việt Nam"},
	    {PAKN_ENC_TCVN3,
	     "\xa7\xad\xea"
	     "ng",
	     "Đường"},
	    {PAKN_ENC_TCVN3, "Ph\xb6n \xb8nh", "Phản ánh"},
	    {PAKN_ENC_TCVN3, "a\xb3 o\xb4", "á ọ"}, /* VN1 marks */
	    {PAKN_ENC_CP1258, "Vi\xea\xf2t Nam", "Việt Nam"},
	    {PAKN_ENC_CP1258, "\xd0\xfd\xf5\xccng", "Đường"},
	    {PAKN_ENC_CP1258, "\xe3\xcc \xfd\xf2 \xf5\xde \xfe", "ằ ự ỡ ₫"},
	};
	struct pakn_buf got = PAKN_BUF_INIT;
	char what[128];
	size_t i;
	int rc;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		rc = decode(cases[i].e, cases[i].in, strlen(cases[i].in),
		            strlen(cases[i].in), &got);
		snprintf(what, sizeof what, "%s: %s",
		         pakn_encoding_name(cases[i].e), cases[i].want);
		CHECK(rc == 0, what);
		CHECK_STR(got.data, cases[i].want, what);
	}
	pakn_buf_release(&got);
}

static void
test_detect(void)
{
	struct pakn_buf b = PAKN_BUF_INIT;
	size_t len = strlen(para_full), i;
	char trunc[64];

	CHECK_INT(pakn_encoding_detect(para_full, len, 1), PAKN_ENC_UTF8,
	          "detect: UTF-8 paragraph");
	CHECK_INT(pakn_encoding_detect(sample3, strlen(sample3), 1),
	          PAKN_ENC_UTF8, "detect: UTF-8 sentence");
	CHECK_INT(pakn_encoding_detect("id,name\n1,x\n", 12, 1), PAKN_ENC_UTF8,
	          "detect: ASCII is UTF-8");
	CHECK_INT(pakn_encoding_detect("", 0, 1), PAKN_ENC_UTF8,
	          "detect: empty is UTF-8");
	CHECK_INT(pakn_encoding_detect("\xef\xbb\xbf"
	                               "abc",
	                               6, 1),
	          PAKN_ENC_UTF8_BOM, "detect: UTF-8 BOM");
	CHECK_INT(pakn_encoding_detect("\xff\xfe"
	                               "a\0",
	                               4, 1),
	          PAKN_ENC_UTF16LE, "detect: UTF-16LE BOM");
	CHECK_INT(pakn_encoding_detect("\xfe\xff\0a", 4, 1), PAKN_ENC_UTF16BE,
	          "detect: UTF-16BE BOM");
	encode(PAKN_ENC_UTF16LE, sample2, &b);
	CHECK_INT(pakn_encoding_detect(b.data + 2, b.len - 2, 1),
	          PAKN_ENC_UTF16LE, "detect: UTF-16LE without BOM");
	encode(PAKN_ENC_UTF16BE, sample2, &b);
	CHECK_INT(pakn_encoding_detect(b.data + 2, b.len - 2, 1),
	          PAKN_ENC_UTF16BE, "detect: UTF-16BE without BOM");

	/* "Việt" cut inside ệ (E1 BB 87) at the end of the sample */
	snprintf(trunc, sizeof trunc, "Xin ch\xc3\xa0o Vi\xe1\xbb");
	i = strlen(trunc);
	CHECK_INT(pakn_encoding_detect(trunc, i, 0), PAKN_ENC_UTF8,
	          "detect: a sequence cut by the sample end is still UTF-8");
	CHECK(pakn_encoding_detect(trunc, i, 1) != PAKN_ENC_UTF8,
	      "detect: ... but not when the sample is the whole input");
	CHECK(pakn_encoding_detect("Vi\xe1\xbb"
	                           "x",
	                           5, 0) != PAKN_ENC_UTF8,
	      "detect: a bad sequence before the end is not UTF-8");

	/* A few hundred bytes of each legacy encoding, cut anywhere. */
	encode(PAKN_ENC_CP1258, para_full, &b);
	CHECK_INT(pakn_encoding_detect(b.data, 300, 0), PAKN_ENC_CP1258,
	          "detect: 300 bytes of windows-1258");
	encode(PAKN_ENC_TCVN3, para_vn3, &b);
	CHECK_INT(pakn_encoding_detect(b.data, 300, 0), PAKN_ENC_TCVN3,
	          "detect: 300 bytes of tcvn3");
	vni_encode(para_full, &b);
	CHECK_INT(pakn_encoding_detect(b.data, 300, 0), PAKN_ENC_VNI,
	          "detect: 300 bytes of vni");
	CHECK_INT(pakn_encoding_detect("Vie\xe4t Nam", 9, 1), PAKN_ENC_VNI,
	          "detect: one VNI word");
	CHECK_INT(pakn_encoding_detect("Vi\xd6t Nam", 8, 1), PAKN_ENC_TCVN3,
	          "detect: one TCVN3 word");
	CHECK_INT(pakn_encoding_detect("Vi\xea\xf2t Nam", 9, 1),
	          PAKN_ENC_CP1258, "detect: one windows-1258 word");
	CHECK_INT(pakn_encoding_detect("\x81\x8d\x8f\x90\x9d", 5, 1),
	          PAKN_ENC_UNKNOWN, "detect: nothing Vietnamese is unknown");
	pakn_buf_release(&b);
}

static void
test_utf8(void)
{
	struct pakn_decoder *d;
	struct pakn_error err;
	struct pakn_buf out = PAKN_BUF_INIT;
	int rc;

	d = pakn_decoder_new(PAKN_ENC_UTF8, &err);
	rc = pakn_decoder_feed(d, "\xef", 1, 0, &out, &err);
	rc |= pakn_decoder_feed(d, "\xbb", 1, 0, &out, &err);
	rc |= pakn_decoder_feed(d,
	                        "\xbf"
	                        "a\xef\xbb\xbf",
	                        5, 0, &out, &err);
	rc |= pakn_decoder_feed(d, "\xff\n", 2, 1, &out, &err);
	CHECK(rc == 0 && out.len == 6 &&
	          memcmp(out.data, "a\xef\xbb\xbf\xff\n", 6) == 0,
	      "utf-8: a split BOM is dropped; a later one and bad bytes pass");
	pakn_buf_reset(&out);
	rc = pakn_decoder_feed(d, "\xef\xbb\xbfnew", 6, 1, &out, &err);
	CHECK(rc == 0 && strcmp(out.data, "new") == 0,
	      "utf-8: after final, a new stream drops its BOM");
	pakn_buf_reset(&out);
	rc = pakn_decoder_feed(d, "\xef\xbb", 2, 0, &out, &err);
	CHECK(rc == 0 && out.len == 0, "utf-8: a BOM prefix is held");
	rc = pakn_decoder_feed(d, "x", 1, 1, &out, &err);
	CHECK(rc == 0 && strcmp(out.data, "\xef\xbbx") == 0,
	      "utf-8: ... and given back when no BOM follows");
	pakn_buf_reset(&out);
	rc = pakn_decoder_feed(d, "\xef\xbb", 2, 1, &out, &err);
	CHECK(rc == 0 && strcmp(out.data, "\xef\xbb") == 0,
	      "utf-8: a stream that is a BOM prefix passes");
	pakn_buf_reset(&out);
	rc = pakn_decoder_feed(d, "e\xcc\x81", 3, 1, &out, &err);
	CHECK(rc == 0 && strcmp(out.data, "e\xcc\x81") == 0,
	      "utf-8: passes through without normalising");
	pakn_decoder_free(d);
	pakn_buf_release(&out);
}

static void
test_utf16(void)
{
	struct pakn_decoder *d;
	struct pakn_error err;
	struct pakn_buf out = PAKN_BUF_INIT;
	/* BOM, "a", U+1F600 (D83D DE00), CR LF, "ệ" */
	static const char le[] = "\xff\xfe"
	                         "a\0"
	                         "\x3d\xd8\x00\xde"
	                         "\r\0\n\0"
	                         "\xc7\x1e";
	static const char be[] = "\xfe\xff"
	                         "\0a"
	                         "\xd8\x3d\xde\x00"
	                         "\0\r\0\n"
	                         "\x1e\xc7";
	const char *want = "a\xf0\x9f\x98\x80\r\n\xe1\xbb\x87";
	size_t n = sizeof le - 1;
	int rc;

	rc = decode(PAKN_ENC_UTF16LE, le, n, 1, &out);
	CHECK(rc == 0 && strcmp(out.data, want) == 0,
	      "utf-16le: pair, CR LF, bytewise");
	rc = decode(PAKN_ENC_UTF16BE, be, n, 3, &out);
	CHECK(rc == 0 && strcmp(out.data, want) == 0,
	      "utf-16be: pair, CR LF, in threes");
	d = pakn_decoder_new(PAKN_ENC_UTF16LE, &err);
	pakn_buf_reset(&out);
	rc = pakn_decoder_feed(d, be, n, 0, &out, &err);
	CHECK(pakn_decoder_encoding(d) == PAKN_ENC_UTF16BE,
	      "utf-16: a BE BOM switches a utf-16le decoder");
	rc |= pakn_decoder_feed(d, NULL, 0, 1, &out, &err);
	CHECK(rc == 0 && strcmp(out.data, want) == 0,
	      "utf-16: ... and it decodes BE");
	CHECK(pakn_decoder_encoding(d) == PAKN_ENC_UTF16LE,
	      "utf-16: the next stream starts as created");

	/* "a", lone low surrogate, "b" */
	pakn_buf_reset(&out);
	rc = pakn_decoder_feed(d,
	                       "a\0\x00\xdc"
	                       "b\0",
	                       6, 1, &out, &err);
	CHECK_INT(rc, -1, "utf-16: a lone low surrogate is an error");
	CHECK_INT(err.column, 4, "  column of its last byte");
	CHECK(strstr(err.text, "offset 2") != NULL, "  offset in the text");
	rc = pakn_decoder_feed(d,
	                       &("a\0\x00\xdc"
	                         "b\0")[err.column],
	                       6 - (size_t)err.column, 1, &out, &err);
	CHECK(rc == 0 && strcmp(out.data, "ab") == 0,
	      "  going on after it decodes the rest");

	/* lone high surrogate, then "cd" */
	pakn_buf_reset(&out);
	rc = pakn_decoder_feed(d,
	                       "\x3d\xd8"
	                       "c\0d\0",
	                       6, 0, &out, &err);
	CHECK_INT(rc, -1, "utf-16: a high surrogate without a pair");
	CHECK_INT(err.column, 2, "  column of its last byte");
	rc = pakn_decoder_feed(d,
	                       &("\x3d\xd8"
	                         "c\0d\0")[err.column],
	                       6 - (size_t)err.column, 1, &out, &err);
	CHECK(rc == 0 && strcmp(out.data, "cd") == 0,
	      "  the units after it are decoded");

	pakn_buf_reset(&out);
	rc = pakn_decoder_feed(d, "\x3d\xd8", 2, 0, &out, &err);
	rc |= pakn_decoder_feed(d, "x", 1, 0, &out, &err);
	CHECK_INT(rc, 0, "utf-16: half a unit after a high surrogate waits");
	rc = pakn_decoder_feed(d, "\0", 1, 0, &out, &err);
	CHECK(rc == -1 && err.column == 0,
	      "  an unpaired surrogate from an earlier call: column 0");
	rc = pakn_decoder_feed(d, "\0", 1, 1, &out, &err);
	CHECK(rc == 0 && strcmp(out.data, "x") == 0,
	      "  going on from in + 0 decodes the pending unit");

	pakn_buf_reset(&out);
	rc = pakn_decoder_feed(d, "a\0b", 3, 1, &out, &err);
	CHECK(rc == -1 && strcmp(out.data, "a") == 0,
	      "utf-16: an odd number of bytes is an error at the end");
	rc = pakn_decoder_feed(d,
	                       "\xff\xfe"
	                       "z\0",
	                       4, 1, &out, &err);
	CHECK(rc == 0 && strcmp(out.data, "az") == 0,
	      "  and the stream is over (the next starts with a BOM)");
	pakn_buf_reset(&out);
	rc = pakn_decoder_feed(d, "\x3d\xd8", 2, 1, &out, &err);
	CHECK(rc == -1 && strstr(err.text, "high surrogate") != NULL,
	      "utf-16: a stream that ends after a high surrogate");
	pakn_decoder_free(d);
	pakn_buf_release(&out);
}

static void
test_legacy_stream(void)
{
	struct pakn_decoder *d;
	struct pakn_error err;
	struct pakn_buf out = PAKN_BUF_INIT;
	int rc;

	/* Line by line: a line that ends in "\n" comes back whole. */
	d = pakn_decoder_new(PAKN_ENC_CP1258, &err);
	rc = pakn_decoder_feed(d, "Vi\xea\xf2t\n", 6, 0, &out, &err);
	CHECK(rc == 0 && strcmp(out.data, "Việt\n") == 0,
	      "windows-1258: a whole line is not held back");
	pakn_buf_reset(&out);
	rc = pakn_decoder_feed(d, "Vi\xea", 3, 0, &out, &err);
	CHECK(rc == 0 && strcmp(out.data, "Vi") == 0,
	      "windows-1258: a letter that a tone may follow is held back");
	rc = pakn_decoder_feed(d, "\xf2t", 2, 1, &out, &err);
	CHECK(rc == 0 && strcmp(out.data, "Việt") == 0,
	      "  and composed with the tone of the next call");

	/* An undefined byte: reported, skipped, the rest goes on. */
	pakn_buf_reset(&out);
	rc = pakn_decoder_feed(d,
	                       "ab\x81"
	                       "cd\n",
	                       6, 0, &out, &err);
	CHECK_INT(rc, -1, "windows-1258: 0x81 is undefined");
	CHECK_INT(err.column, 3, "  column");
	CHECK(strstr(err.text, "0x81") && strstr(err.text, "offset 2") &&
	          strstr(err.text, "windows-1258"),
	      "  message names the byte, offset and encoding");
	rc = pakn_decoder_feed(d,
	                       &("ab\x81"
	                         "cd\n")[err.column],
	                       6 - (size_t)err.column, 0, &out, &err);
	CHECK(rc == 0 && strcmp(out.data, "abcd\n") == 0,
	      "  going on after it");
	pakn_decoder_free(d);

	d = pakn_decoder_new(PAKN_ENC_VNI, &err);
	pakn_buf_reset(&out);
	rc = pakn_decoder_feed(d, "\x8d", 1, 1, &out, &err);
	CHECK_INT(rc, -1, "vni: 0x8D is undefined");
	pakn_decoder_free(d);

	d = pakn_decoder_new(PAKN_ENC_UNKNOWN, &err);
	CHECK(d == NULL && strstr(err.text, "unknown") != NULL,
	      "decoder_new(UNKNOWN) fails with a message");
	pakn_decoder_free(NULL);
	pakn_buf_release(&out);
}

/* utf8proc's NFC of s[0..n), for reference; out replaced. */
static void
ref_nfc(const char *s, size_t n, struct pakn_buf *out)
{
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t r;

	pakn_buf_reset(out);
	r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &dst,
	                 UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (r >= 0)
		pakn_buf_add(out, dst, (size_t)r);
	free(dst);
}

static unsigned long rnd_state = 2024;

static unsigned
rnd(unsigned n)
{
	rnd_state = rnd_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rnd_state >> 33) % n);
}

/*
 * Random legacy text, decoded in random pieces, against utf8proc's NFC of
 * the bytes decoded one by one: the streaming, the hold-back and the fast
 * composition must not change what NFC says.
 */
static void
test_legacy_random(void)
{
	static const enum pakn_encoding encs[] = {
	    PAKN_ENC_CP1258,
	    PAKN_ENC_TCVN3,
	    PAKN_ENC_VNI,
	};
	static const char ascii[] = "aeiouyAEIOUYdDnN <=>\n.";
	struct pakn_buf bytes = PAKN_BUF_INIT, raw = PAKN_BUF_INIT,
	                want = PAKN_BUF_INIT, got = PAKN_BUF_INIT,
	                one = PAKN_BUF_INIT;
	struct pakn_decoder *d1;
	struct pakn_error err;
	char what[96], c;
	size_t i, r, len;
	int bad, rc;

	for (i = 0; i < sizeof encs / sizeof encs[0]; i++) {
		bad = 0;
		d1 = pakn_decoder_new(encs[i], &err);
		for (r = 0; r < 3000; r++) {
			pakn_buf_reset(&bytes);
			pakn_buf_reset(&raw);
			len = rnd(24);
			while (bytes.len < len) {
				if (rnd(2))
					c = ascii[rnd(sizeof ascii - 1)];
				else
					c = (char)(0x80 + rnd(128));
				pakn_buf_reset(&one);
				if (pakn_decoder_feed(d1, &c, 1, 1, &one,
				                      &err) != 0)
					continue; /* undefined byte */
				pakn_buf_addc(&bytes, c);
				pakn_buf_add(&raw, one.data, one.len);
			}
			ref_nfc(raw.data, raw.len, &want);
			rc = decode(encs[i], bytes.data, bytes.len, 0, &got);
			if (rc != 0 || got.len != want.len ||
			    memcmp(got.data, want.data, want.len) != 0)
				bad++;
		}
		pakn_decoder_free(d1);
		snprintf(what, sizeof what,
		         "%s: 3000 random strings decode to utf8proc's NFC",
		         pakn_encoding_name(encs[i]));
		CHECK_INT(bad, 0, what);
	}
	pakn_buf_release(&bytes);
	pakn_buf_release(&raw);
	pakn_buf_release(&want);
	pakn_buf_release(&got);
	pakn_buf_release(&one);
}

/* Random UTF-16 (decomposed, Hangul, marks, pairs) against utf8proc. */
static void
test_utf16_random(void)
{
	static const uint32_t pool[] = {
	    'a',    'e',    'o',    'u',    'A',     ' ',    '\n',   '<',
	    0xEA,   0x1A1,  0x1B0,  0x300,  0x301,   0x302,  0x303,  0x306,
	    0x309,  0x31B,  0x323,  0x345,  0x1100,  0x1161, 0x11A8, 0xAC00,
	    0x0B47, 0x0B3E, 0x2126, 0x1E9B, 0x1F600, 0x0F73, 0x05B0, 0xFB1D,
	};
	struct pakn_buf bytes = PAKN_BUF_INIT, text = PAKN_BUF_INIT,
	                want = PAKN_BUF_INIT, got = PAKN_BUF_INIT;
	utf8proc_uint8_t enc[4];
	size_t r, k, len;
	uint32_t cp, u;
	int bad = 0;

	for (r = 0; r < 5000; r++) {
		pakn_buf_reset(&bytes);
		pakn_buf_reset(&text);
		pakn_buf_add(&bytes, "\xff\xfe", 2);
		len = rnd(16);
		for (k = 0; k < len; k++) {
			cp = pool[rnd(sizeof pool / sizeof pool[0])];
			pakn_buf_add(&text, enc,
			             (size_t)utf8proc_encode_char(
			                 (utf8proc_int32_t)cp, enc));
			if (cp >= 0x10000) {
				u = 0xD800 + ((cp - 0x10000) >> 10);
				pakn_buf_addc(&bytes, (char)(u & 0xFF));
				pakn_buf_addc(&bytes, (char)(u >> 8));
				cp = 0xDC00 + ((cp - 0x10000) & 0x3FF);
			}
			pakn_buf_addc(&bytes, (char)(cp & 0xFF));
			pakn_buf_addc(&bytes, (char)(cp >> 8));
		}
		ref_nfc(text.data, text.len, &want);
		if (decode(PAKN_ENC_UTF16LE, bytes.data, bytes.len, 0, &got) !=
		        0 ||
		    got.len != want.len ||
		    memcmp(got.data, want.data, want.len) != 0)
			bad++;
	}
	CHECK_INT(bad, 0,
	          "utf-16: 5000 random strings decode to utf8proc's "
	          "NFC");
	pakn_buf_release(&bytes);
	pakn_buf_release(&text);
	pakn_buf_release(&want);
	pakn_buf_release(&got);
}

/*
 * Random bytes: detection answers without crashing, and every decoder,
 * going on after each error, writes valid UTF-8 (UTF-8 input aside, which
 * passes through).
 */
static void
test_garbage(void)
{
	static const enum pakn_encoding encs[] = {
	    PAKN_ENC_UTF16LE, PAKN_ENC_UTF16BE, PAKN_ENC_CP1258,
	    PAKN_ENC_TCVN3,   PAKN_ENC_VNI,
	};
	struct pakn_buf in = PAKN_BUF_INIT, out = PAKN_BUF_INIT;
	struct pakn_decoder *d;
	struct pakn_error err;
	size_t i, r, pos, k, len;
	int invalid = 0, detected = 0, guard;

	for (r = 0; r < 2000; r++) {
		pakn_buf_reset(&in);
		len = rnd(64);
		for (k = 0; k < len; k++)
			pakn_buf_addc(&in, (char)rnd(256));
		detected += pakn_encoding_detect(in.data, in.len,
		                                 (int)(r & 1)) <= PAKN_ENC_VNI;
		for (i = 0; i < sizeof encs / sizeof encs[0]; i++) {
			d = pakn_decoder_new(encs[i], &err);
			pakn_buf_reset(&out);
			pos = 0;
			for (guard = 0; guard < 1000; guard++) {
				k = pos < in.len ? 1 + rnd(7) : 0;
				if (k > in.len - pos)
					k = in.len - pos;
				if (pakn_decoder_feed(d, in.data + pos, k,
				                      pos + k == in.len, &out,
				                      &err) == 0) {
					pos += k;
					if (pos == in.len)
						break;
				} else {
					pos += (size_t)err.column;
					if (pos >= in.len &&
					    err.column == (long)k)
						break;
				}
			}
			if (!pakn_utf8_valid(out.data ? out.data : "", out.len,
			                     NULL))
				invalid++;
			pakn_decoder_free(d);
		}
	}
	CHECK_INT(detected, 2000, "detect answers for random bytes");
	CHECK_INT(invalid, 0, "decoders write valid UTF-8 for random bytes");
	pakn_buf_release(&in);
	pakn_buf_release(&out);
}

int
main(void)
{
	test_names();
	test_tables();
	test_roundtrips();
	test_known_strings();
	test_detect();
	test_utf8();
	test_utf16();
	test_legacy_stream();
	test_legacy_random();
	test_utf16_random();
	test_garbage();
	return unit_done();
}
