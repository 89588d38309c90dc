/*
 * test_mask.c: unit tests of lib/mask.c.  Every kind masked, in each of
 * its written forms, and what must be kept (legal references, dates,
 * amounts, roads, hotlines, case ids); submitter values without
 * diacritics and in another case; NFD input; masking twice changes
 * nothing; a mask never splits a UTF-8 sequence (random text).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mask.h"
#include "text.h"
#include "unit.h"

static struct pakn_mask M;
static struct pakn_buf out;

static const char *
mask(const char *s)
{
	if (pakn_mask_text(&M, s, strlen(s), &out) != 0)
		return "(invalid)";
	return out.data ? out.data : "";
}

/* The kind of the only hit of s, or "none" / "many". */
static const char *
kind1(const char *s)
{
	pakn_mask_scan(&M, s, strlen(s));
	if (M.nhits == 0)
		return "none";
	if (M.nhits > 1)
		return "many";
	return pakn_mask_kind_name(M.hits[0].kind);
}

#define MASKS(in, want) CHECK_STR(mask(in), want, in)
#define KEEPS(in) CHECK_STR(mask(in), in, "kept: " in)

static void
test_phones(void)
{
	MASKS("Gọi 0912345678 giúp tôi", "Gọi [số điện thoại] giúp tôi");
	MASKS("SĐT: 0912 345 678.", "SĐT: [số điện thoại].");
	MASKS("số 0912.345.678", "số [số điện thoại]");
	MASKS("ĐT (0211) 3 862 123 giờ hành chính",
	      "ĐT [số điện thoại] giờ hành chính");
	MASKS("gọi +84 912 345 678", "gọi [số điện thoại]");
	MASKS("gọi 84912345678 nhé", "gọi [số điện thoại] nhé");
	MASKS("zalo 84.912.345.678", "zalo [số điện thoại]");
	MASKS("gọi 0912-345-678", "gọi [số điện thoại]");
	MASKS("máy bàn 02113862123", "máy bàn [số điện thoại]");
	MASKS("(0912345678)", "([số điện thoại])");
	MASKS("“0912345678”", "“[số điện thoại]”");
	MASKS("năm 2021 0912345678", "năm 2021 [số điện thoại]");
	/* glued to a word (tests/fuzz/regress/mask) */
	MASKS("SĐT0912345678.", "SĐT[số điện thoại].");
	MASKS("anh Bình(0211) 3 862 123", "anh B.[số điện thoại]");
	KEEPS("mã HS2024000412 và A0912345678B");
	CHECK_STR(kind1("0987654321"), "phone", "kind phone");
}

static void
test_others(void)
{
	MASKS("thư gửi an.nguyen90@gmail.com hôm qua",
	      "thư gửi [email] hôm qua");
	MASKS("Email: 0912345678@yahoo.com.vn.", "Email: [email].");
	MASKS("CCCD 026123456789 cấp", "CCCD [số định danh] cấp");
	MASKS("số căn cước 001203004567", "số căn cước [số định danh]");
	MASKS("CMND 123456789", "CMND [số định danh]");
	/* after a name ending in a "legal" word (Văn, Thị, Định): still an id
	 * (tests/fuzz/regress/mask: masking the name made it one) */
	MASKS("Lê Văn 172878467 và Trần Thị 025190001234",
	      "Lê Văn [số định danh] và Trần Thị [số định danh]");
	MASKS("Ông Trần Văn 172878467", "Ông T.V. [số định danh]");
	MASKS("Ông Trần Văn so 12 ngõ 5", "Ông T.V. so [số nhà] ngõ [số nhà]");
	MASKS("hộ chiếu C1234567 hết hạn", "hộ chiếu [số định danh] hết hạn");
	MASKS("mã số thuế 2500123456", "mã số thuế [mã số thuế]");
	MASKS("MST 0101234567-001 của công ty", "MST [mã số thuế] của công ty");
	MASKS("chi nhánh 0101234567-001", "chi nhánh [mã số thuế]");
	MASKS("số tài khoản 1903 4567 8901 tại",
	      "số tài khoản [số tài khoản] tại");
	MASKS("STK: 0912345678", "STK: [số tài khoản]");
	MASKS("xe 30A-123.45 đỗ", "xe [biển số xe] đỗ");
	MASKS("xe 29H1-123.45", "xe [biển số xe]");
	MASKS("xe 51F 123.45 chạy", "xe [biển số xe] chạy");
	MASKS("xe 88-B1 234.56.", "xe [biển số xe].");
	MASKS("ở số 12 Lê Lợi", "ở số [số nhà] Lê Lợi");
	MASKS("số nhà 45B, phố Huế", "số nhà [số nhà], phố Huế");
	MASKS("nhà số 7 cạnh chợ", "nhà số [số nhà] cạnh chợ");
	MASKS("ngõ 12 ngách 3 hẻm 45",
	      "ngõ [số nhà] ngách [số nhà] hẻm [số nhà]");
	MASKS("hẻm 45/12 đường 3/2", "hẻm [số nhà] đường 3/2");
}

static void
test_names(void)
{
	MASKS("ông Nguyễn Văn An phản ánh", "ông N.V.A. phản ánh");
	MASKS("Bà Trần Thị Hoa.", "Bà T.T.H.");
	MASKS("anh Lê Minh", "anh L.M.");
	MASKS("chị Đỗ Thu Hà", "chị Đ.T.H.");
	MASKS("em Phạm Tuấn", "em P.T.");
	MASKS("cô Vũ Lan", "cô V.L.");
	MASKS("chú Hoàng Ba", "chú H.B.");
	MASKS("bác Ngô Quang", "bác N.Q.");
	MASKS("cháu Bùi Ngọc Ánh", "cháu B.N.Á.");
	MASKS("Họ tên: Nguyễn Văn Bình", "Họ tên: N.V.B.");
	MASKS("tôi tên là Lý Thường", "tôi tên là L.T.");
	MASKS("Tôi là Ưng Hoàng Phúc, trú tại", "Tôi là Ư.H.P., trú tại");
	MASKS("Công dân Trịnh Văn Sơn (thôn", "Công dân T.V.S. (thôn");
	KEEPS("ông Chủ tịch UBND xã");
	KEEPS("bà con thôn Đông");
	KEEPS("Thanh tra tỉnh");
	KEEPS("ông N.V.A. đã");
}

static void
test_kept(void)
{
	KEEPS("Quyết định số 1234/QĐ-UBND ngày 12/3/2021");
	KEEPS("Nghị định 13/2023/NĐ-CP, Điều 8, khoản 2");
	KEEPS("văn bản trả lời số 456/UBND ngày 03/08/2021");
	KEEPS("số tiền 5.000.000 đồng");
	KEEPS("bồi thường 1.400.000.000 đồng");
	KEEPS("phạt 500000000 đồng");
	KEEPS("Quốc lộ 2 và tỉnh lộ 305, đường số 5");
	KEEPS("lúc 09:15 ngày 2021-08-03, 15h30");
	KEEPS("gọi tổng đài 1022 hoặc 1900 1234 hoặc 19001234");
	KEEPS("trùng hồ sơ PAKN-2024-000412 và VP-2021-08-0412");
	KEEPS("diện tích 250 m², khoảng 12 héc-ta, 30%");
	KEEPS("năm 2021, 3 người, 12 hộ");
	KEEPS("mã hồ sơ 210803-123456");
}

static void
test_allow(void)
{
	CHECK_STR(mask("gọi 02113862123"), "gọi [số điện thoại]",
	          "before allow");
	pakn_mask_allow(&M, "0211 3862 123", 13);
	KEEPS("gọi 02113862123");
	KEEPS("gọi (0211) 3862 123");
	M.no_default_allow = 1;
	CHECK_STR(kind1("gọi 1900123456"), "tax_code", "1900 not allowed");
	M.no_default_allow = 0;
}

static void
test_submitter(void)
{
	pakn_mask_submitter_clear(&M);
	pakn_mask_submitter_add(&M, PAKN_MASK_SUBMITTER_NAME, "Nguyễn Văn An",
	                        strlen("Nguyễn Văn An"));
	pakn_mask_submitter_add(&M, PAKN_MASK_SUBMITTER_PHONE, "0912345678",
	                        10);
	pakn_mask_submitter_add(&M, PAKN_MASK_SUBMITTER_EMAIL,
	                        "An.Nguyen@Mail.vn", 17);
	pakn_mask_submitter_add(&M, PAKN_MASK_SUBMITTER_ADDRESS,
	                        "Thôn Đồng Lạc, xã Bá Hiến",
	                        strlen("Thôn Đồng Lạc, xã Bá Hiến"));
	pakn_mask_submitter_add(&M, PAKN_MASK_SUBMITTER_NAME, "An", 2);
	MASKS("nguoi gui: NGUYEN VAN AN, o thon dong lac, xa ba hien.",
	      "nguoi gui: N.V.A., o [địa chỉ].");
	MASKS("Nguyễn văn An gửi", "N.V.A. gửi");
	MASKS("mã KH0912345678 và an.nguyen@mail.vn",
	      "mã KH[số điện thoại] và [email]");
	KEEPS("an ninh trật tự"); /* "An" alone is too short */
	KEEPS("Nguyễn Văn Anh");  /* another name */
	/* NFD input comes out NFC */
	MASKS("Nguye\xcc\x82\xcc\x83n Va\xcc\x86n An", "N.V.A.");
	pakn_mask_submitter_clear(&M);
	KEEPS("Nguyễn Văn An gửi");
	/* A token already in the text is opaque: "Danh", "Khoản" and
	 * "Thoại" are given names too (tests/fuzz/regress/mask). */
	pakn_mask_submitter_add(&M, PAKN_MASK_SUBMITTER_NAME, "Danh", 4);
	pakn_mask_submitter_add(&M, PAKN_MASK_SUBMITTER_NAME, "khoan", 5);
	pakn_mask_submitter_add(&M, PAKN_MASK_SUBMITTER_NAME, "Thoại", 6);
	KEEPS("CCCD [số định danh], STK [số tài khoản], gọi [số điện thoại]");
	MASKS("anh Danh gọi [số điện thoại]", "anh D. gọi [số điện thoại]");
	KEEPS("[số nhà] 5");
	pakn_mask_submitter_clear(&M);
	/* A mark after a symbol is folded away, so the name matches; the
	 * initials skip it: written after "á" it would make the text not
	 * NFC (tests/fuzz/regress/mask). */
	pakn_mask_submitter_add(&M, PAKN_MASK_SUBMITTER_NAME, "<<0 Hà", 7);
	MASKS("gá<\xcc\xa3<0 Hà.", "gá0.H.");
	CHECK(pakn_text_is_nfc(out.data, out.len), "initials stay NFC");
	pakn_mask_submitter_clear(&M);
	/* A "name" without letters has no initials: a token, not nothing
	 * (removing it joined "[[" and "[[,", the value again). */
	pakn_mask_submitter_add(&M, PAKN_MASK_SUBMITTER_NAME, "[[[[,", 5);
	MASKS("x [[[[[[[[, y", "x [[[[[họ tên] y");
	pakn_mask_submitter_clear(&M);
	/* Initials that give the value again: the name becomes a token. */
	pakn_mask_submitter_add(&M, PAKN_MASK_SUBMITTER_NAME, "____5", 5);
	MASKS("x __________5 y", "x __[họ tên]. y");
	pakn_mask_submitter_clear(&M);
	/* A mask glued to a word: the value it leaves alone is masked. */
	pakn_mask_submitter_add(&M, PAKN_MASK_SUBMITTER_PHONE, "0912345677",
	                        10);
	pakn_mask_submitter_add(&M, PAKN_MASK_SUBMITTER_EMAIL, "an.nv@x", 7);
	MASKS("gọi 0912345677an.nv@x nhé", "gọi [số điện thoại][email] nhé");
	pakn_mask_submitter_clear(&M);
	/* A value never cuts into a token. */
	pakn_mask_submitter_add(&M, PAKN_MASK_SUBMITTER_EMAIL, ".[email", 7);
	KEEPS("x.[email]");
	pakn_mask_submitter_clear(&M);
	/* Initials that make a submitter's value are masked too. */
	pakn_mask_submitter_add(&M, PAKN_MASK_SUBMITTER_NAME, "Ông T", 6);
	MASKS("Ông Trần Văn Bình gửi", "[họ tên].V.B. gửi");
	KEEPS("[họ tên].V.B. gửi");
	pakn_mask_submitter_clear(&M);
	/* A name of one character: its initial would be the name. */
	pakn_mask_submitter_add(&M, PAKN_MASK_SUBMITTER_NAME, "뺣", 3);
	MASKS("c/ 뺣, anh", "c/ [họ tên], anh");
	KEEPS("c/ [họ tên], anh");
	pakn_mask_submitter_clear(&M);
}

/* Random text around the triggers: the output is valid UTF-8, and masking
 * the output again changes nothing. */
static void
test_random(void)
{
	static const char *const parts[] = {
	    "ông ",     "Nguyễn ", "Văn ", "An",     "0912",     " ",    "345",
	    ".",        "678",     "@",    "mail",   ".vn",      "số ",  "12",
	    "/",        "QĐ",      "-",    "đồng ",  "Ư",        "ế",    "(",
	    "0211",     ")",       "+84",  "30A",    "-123.45",  "STK ", "ngõ ",
	    "\xcc\x81", "x",       ":",    "Họ tên", "A1234567", "\n"};
	struct pakn_buf in = PAKN_BUF_INIT, once = PAKN_BUF_INIT;
	unsigned seed = 12345;
	int i, j, bad = 0, unstable = 0;

	for (i = 0; i < 20000; i++) {
		pakn_buf_reset(&in);
		for (j = 0; j < 20; j++) {
			seed = seed * 1103515245u + 12345u;
			pakn_buf_adds(&in,
			              parts[(seed >> 16) %
			                    (sizeof parts / sizeof *parts)]);
		}
		if (pakn_mask_text(&M, in.data, in.len, &out) != 0) {
			bad++;
			continue;
		}
		if (!pakn_utf8_valid(out.data, out.len, NULL))
			bad++;
		pakn_buf_reset(&once);
		pakn_buf_add(&once, out.data, out.len);
		pakn_mask_text(&M, once.data, once.len, &out);
		if (out.len != once.len || memcmp(out.data, once.data, out.len))
			unstable++;
	}
	CHECK_INT(bad, 0, "random: valid UTF-8 out");
	CHECK_INT(unstable, 0, "random: masking twice changes nothing");
	pakn_buf_release(&in);
	pakn_buf_release(&once);
}

static void
test_misc(void)
{
	CHECK_INT(pakn_mask_scan(&M, "\xff", 1), -1, "invalid UTF-8");
	CHECK_STR(pakn_mask_token(PAKN_MASK_PLATE), "[biển số xe]", "token");
	CHECK(pakn_mask_token(PAKN_MASK_NAME) == NULL, "name: initials");
	CHECK_INT(pakn_mask_chars("Đà 1", strlen("Đà 1")), 4, "chars");
	pakn_mask_scan(&M, "Đà 0912345678", strlen("Đà 0912345678"));
	CHECK_INT(M.nhits, 1, "one hit");
	CHECK_INT(M.hits[0].off, strlen("Đà "), "hit offset in bytes");
	CHECK_INT(M.hits[0].len, 10, "hit length");
}

int
main(void)
{
	pakn_mask_init(&M);
	test_phones();
	test_others();
	test_names();
	test_kept();
	test_allow();
	test_submitter();
	test_random();
	test_misc();
	pakn_mask_release(&M);
	pakn_buf_release(&out);
	return unit_done();
}
