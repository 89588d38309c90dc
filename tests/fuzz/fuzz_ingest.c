/*
 * fuzz_ingest.c: a whole input file through pakn-ingest's reading
 * (lib/ingest.c: encoding detection, CSV with libcsv, JSON lines, JSON
 * arrays) as the program does it.  The first byte picks the settings a
 * user could give (format, encoding, delimiter, a small field cap,
 * dedupe); the rest is the file.  Properties: rows read = written +
 * rejected + duplicates, and every record written is one JSON line the
 * record layer accepts (what pakn-ingest writes, the other programs take).
 */
#include <fcntl.h>

#include "fuzz.h"
#include "ingest.h"
#include "record.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum pakn_encoding encs[] = {
	    PAKN_ENC_UNKNOWN, PAKN_ENC_UNKNOWN, PAKN_ENC_UTF8,
	    PAKN_ENC_CP1258,  PAKN_ENC_UTF16LE, PAKN_ENC_TCVN3};
	static struct pakn_rejects rej;
	static struct pakn_record rec;
	struct pakn_ingest g;
	struct pakn_out out;
	const char *path, *p, *nl;
	unsigned opt = size ? data[0] : 0;
	unsigned long lines = 0;

	if (rej.fp == NULL) {
		rej.fp = fopen("/dev/null", "w");
		pakn_record_init(&rec);
	}
	path = fuzz_file(size ? data + 1 : data, size ? size - 1 : 0, ".in");
	memset(&out, 0, sizeof out);
	out.fd = -1;
	out.block = (size_t)-1; /* kept in memory, checked below */
	memset(&g, 0, sizeof g);
	g.format = (enum pakn_input_format)(opt & 3);
	g.encoding = encs[(opt >> 2) % 6];
	g.delimiter = (opt & 0x20) ? ';' : 0;
	g.max_field = (opt & 0x40) ? 64 : PAKN_MAX_FIELD;
	g.out = &out;
	g.rej = &rej;
	pakn_rowrec_init(&g.rr, NULL, PAKN_DMY, (opt & 0x80) != 0);
	pakn_ingest_file(&g, path);
	FUZZ_ASSERT(g.read == g.written + g.rejected + g.dropped,
	            "rows read = written + rejected + duplicates");
	for (p = out.buf.data; p && p < out.buf.data + out.buf.len;
	     p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(out.buf.data + out.buf.len - p));
		FUZZ_ASSERT(nl != NULL, "each record ends with a line feed");
		FUZZ_ASSERT(pakn_record_scan(&rec, p, (size_t)(nl - p), NULL) ==
		                0,
		            "each record written is a valid record");
		lines++;
	}
	FUZZ_ASSERT(lines == g.written, "records written = lines");
	pakn_rowrec_release(&g.rr);
	pakn_buf_release(&out.buf);
	return 0;
}
