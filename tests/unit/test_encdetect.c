/*
 * test_encdetect.c: unit tests of lib/encdetect.c, on hand-made bytes:
 * BOMs decide, UTF-16 without a BOM is seen from its NUL bytes, valid
 * UTF-8 is UTF-8 (a sequence cut by the end of a partial sample too), and
 * legacy bytes are told apart by which decoding reads as Vietnamese.
 * (test_encoding checks detection on iconv-made fixtures as well.)
 */
#include <string.h>

#include "encdetect.h"
#include "encoding.h"

#include "unit.h"

static void
test_unicode(void)
{
	static const char le[] = "i\0d\0,\0n\0a\0m\0e\0\n\0";
	static const char be[] = "\0i\0d\0,\0n\0a\0m\0e\0\n";
	static const char viet[] = "Người dân kiến nghị";

	CHECK_INT(pakn_encoding_detect("\xef\xbb\xbf\xff", 4, 1),
	          PAKN_ENC_UTF8_BOM, "a UTF-8 BOM decides");
	CHECK_INT(pakn_encoding_detect("\xff\xfe\xe0\xe1", 4, 1),
	          PAKN_ENC_UTF16LE, "a UTF-16LE BOM decides");
	CHECK_INT(pakn_encoding_detect("\xfe\xff\0a", 4, 1), PAKN_ENC_UTF16BE,
	          "a UTF-16BE BOM decides");
	CHECK_INT(pakn_encoding_detect(le, sizeof le - 1, 1), PAKN_ENC_UTF16LE,
	          "UTF-16LE without a BOM");
	CHECK_INT(pakn_encoding_detect(be, sizeof be - 1, 1), PAKN_ENC_UTF16BE,
	          "UTF-16BE without a BOM");
	CHECK_INT(pakn_encoding_detect("a\0", 2, 1), PAKN_ENC_UTF8,
	          "one pair is too little to say UTF-16");
	CHECK_INT(pakn_encoding_detect(viet, strlen(viet), 1), PAKN_ENC_UTF8,
	          "Vietnamese UTF-8");
	CHECK_INT(pakn_encoding_detect("", 0, 1), PAKN_ENC_UTF8,
	          "empty is UTF-8");
	CHECK_INT(pakn_encoding_detect("id,name\n", 8, 1), PAKN_ENC_UTF8,
	          "ASCII is UTF-8");
	/* "Người" cut inside the 3-byte ờ. */
	CHECK_INT(pakn_encoding_detect("Ng\xc6\xb0\xe1\xbb", 6, 0),
	          PAKN_ENC_UTF8,
	          "a sequence cut by the end of a partial sample");
	CHECK(pakn_encoding_detect("Ng\xc6\xb0\xe1\xbb", 6, 1) != PAKN_ENC_UTF8,
	      "is not UTF-8 when the sample is the whole input");
	CHECK(pakn_encoding_detect("Ng\xc6\xb0\xe1\xbbx", 7, 0) !=
	          PAKN_ENC_UTF8,
	      "nor when bytes follow the broken sequence");
}

static void
test_legacy(void)
{
	static const char cp1258[] =
	    "Ng\xe0y ti\xea\xecp nh\xe2\xf2n;N\xf4\xf2i dung;Ng\xfd\xf5\xcci "
	    "g\xfd\xd2i\n01/01/2024;Pha\xd2n \xe1nh ti\xccnh tra\xf2ng xa\xd2 "
	    "tha\xd2i g\xe2y \xf4 nhi\xea\xdem m\xf4i "
	    "tr\xfd\xf5\xccng;Nguy\xea\xden V\xe3n \xc2\xect\n";

	CHECK_INT(pakn_encoding_detect(cp1258, sizeof cp1258 - 1, 1),
	          PAKN_ENC_CP1258, "a windows-1258 CSV");
	CHECK_INT(pakn_encoding_detect(cp1258, 60, 0), PAKN_ENC_CP1258,
	          "its first 60 bytes");
	CHECK_INT(pakn_encoding_detect("Vi\xea\xf2t Nam", 9, 1),
	          PAKN_ENC_CP1258, "Việt in windows-1258 (ê + dot)");
	CHECK_INT(pakn_encoding_detect("Vi\xd6t Nam", 8, 1), PAKN_ENC_TCVN3,
	          "Việt in TCVN3 (one byte)");
	CHECK_INT(pakn_encoding_detect("Vie\xe4t Nam", 9, 1), PAKN_ENC_VNI,
	          "Việt in VNI (e + mark byte)");
	CHECK_INT(pakn_encoding_detect("Ng\xf6\xf4\xf8i da\xe2n", 11, 1),
	          PAKN_ENC_VNI, "Người dân in VNI");
	CHECK_INT(pakn_encoding_detect("\x81\x8d\x8f\x90\x9d", 5, 1),
	          PAKN_ENC_UNKNOWN, "bytes no encoding reads as Vietnamese");
}

int
main(void)
{
	test_unicode();
	test_legacy();
	return unit_done();
}
