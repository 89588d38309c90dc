/*
 * fuzz_mask.c: the free-text masker of pakn-publish (lib/mask.c).  The
 * input is "SUBMITTER\0TEXT": the part before the first NUL (if there is
 * one) is the submitter's name, phone, email and address, split at 0x01;
 * the rest is the text to mask.  Properties, for text that is valid UTF-8:
 *  - hits are sorted, do not overlap, lie inside the NFC text and start
 *    and end on character boundaries (masking never splits a character);
 *  - the masked text is valid UTF-8 and NFC;
 *  - the scan of text already known valid gives the same hits;
 *  - no submitter value is found in the masked text;
 *  - the same input masks to the same bytes twice.
 * Invalid UTF-8 must be refused (-1), with no hit.
 *
 * Not asserted: that scanning the masked text finds no pattern at all.
 * Masking can make a boundary: "88-B1 234.56.0123456-0015" holds no plate
 * (digits follow it) until the digits are masked.  Such soup is not text
 * people write, and pakn-publish --check, run on the output before
 * upload, reports it and stops the upload.  That property found real
 * leaks (a number after a name ending in "Văn"; a phone glued to a word),
 * now in tests/unit/test_mask.c.
 */
#include "fuzz.h"
#include "mask.h"
#include "text.h"

/* Whether two lists of hits are the same, field by field (the padding of
 * the struct is not compared: it is never written). */
static int
same_hits(const struct pakn_mask_hit *a, const struct pakn_mask_hit *b,
          size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i].kind != b[i].kind || a[i].off != b[i].off ||
		    a[i].len != b[i].len)
			return 0;
	return 1;
}

static int
boundary(const struct pakn_buf *t, size_t at)
{
	return at == t->len || ((unsigned char)t->data[at] & 0xc0) != 0x80;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum pakn_mask_kind sub_kind[4] = {
	    PAKN_MASK_SUBMITTER_NAME, PAKN_MASK_SUBMITTER_PHONE,
	    PAKN_MASK_SUBMITTER_EMAIL, PAKN_MASK_SUBMITTER_ADDRESS};
	const char *s = (const char *)data, *nul = memchr(s, 0, size);
	const char *text = s;
	size_t n = size, i;
	struct pakn_mask m;
	struct pakn_buf out = PAKN_BUF_INIT, again = PAKN_BUF_INIT,
	                twice = PAKN_BUF_INIT;

	pakn_mask_init(&m);
	if (nul) {
		const char *p = s, *end = nul;
		int k = 0;

		while (p <= end && k < 4) {
			const char *q = memchr(p, 1, (size_t)(end - p));

			if (q == NULL)
				q = end;
			if (pakn_utf8_valid(p, (size_t)(q - p), NULL))
				pakn_mask_submitter_add(&m, sub_kind[k], p,
				                        (size_t)(q - p));
			k++;
			p = q + 1;
		}
		text = nul + 1;
		n = size - (size_t)(text - s);
	}
	if (!pakn_utf8_valid(text, n, NULL)) {
		FUZZ_ASSERT(pakn_mask_scan(&m, text, n) == -1,
		            "invalid UTF-8 is refused");
		FUZZ_ASSERT(m.nhits == 0, "with no hit");
		goto out;
	}
	FUZZ_ASSERT(pakn_mask_scan(&m, text, n) == 0, "valid UTF-8 scans");
	for (i = 0; i < m.nhits; i++) {
		const struct pakn_mask_hit *h = &m.hits[i];

		FUZZ_ASSERT(h->len > 0 && h->off + h->len <= m.text.len,
		            "a hit inside the text");
		FUZZ_ASSERT(i == 0 ||
		                m.hits[i - 1].off + m.hits[i - 1].len <= h->off,
		            "hits sorted, not overlapping");
		FUZZ_ASSERT(boundary(&m.text, h->off) &&
		                boundary(&m.text, h->off + h->len),
		            "a hit is whole characters");
	}
	{
		size_t nh = m.nhits;
		struct pakn_mask_hit *first =
		    malloc((nh ? nh : 1) * sizeof *first);

		if (nh)
			memcpy(first, m.hits, nh * sizeof *first);
		FUZZ_ASSERT(pakn_mask_scan_valid(&m, text, n) == 0,
		            "the known-valid scan");
		FUZZ_ASSERT(m.nhits == nh && same_hits(first, m.hits, nh),
		            "the known-valid scan finds the same hits");
		free(first);
	}
	pakn_mask_write(&m, &out);
	FUZZ_ASSERT(pakn_utf8_valid(out.data ? out.data : "", out.len, NULL),
	            "the masked text is valid UTF-8");
	FUZZ_ASSERT(pakn_text_is_nfc(out.data ? out.data : "", out.len) ||
	                (pakn_text_nfc(out.data, out.len, &again) == 0 &&
	                 again.len == out.len &&
	                 memcmp(again.data, out.data, out.len) == 0),
	            "the masked text is NFC");
	FUZZ_ASSERT(
	    pakn_mask_text(&m, out.data ? out.data : "", out.len, &again) == 0,
	    "the masked text scans");
	for (i = 0; i < m.nhits; i++)
		FUZZ_ASSERT(m.hits[i].kind < PAKN_MASK_SUBMITTER_NAME,
		            "no submitter value is left in the output");
	FUZZ_ASSERT(
	    pakn_mask_text(&m, text, n, &twice) == 0 && twice.len == out.len &&
	        (out.len == 0 || memcmp(twice.data, out.data, out.len) == 0),
	    "the same input masks the same way");
out:
	pakn_buf_release(&out);
	pakn_buf_release(&again);
	pakn_buf_release(&twice);
	pakn_mask_release(&m);
	return 0;
}
