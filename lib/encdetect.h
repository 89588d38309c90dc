/*
 * encdetect.h: guessing which of the encodings of encoding.h a file is
 * in, from its first bytes.
 */
#ifndef PAKN_ENCDETECT_H
#define PAKN_ENCDETECT_H

#include <stddef.h>

#include "encoding.h"

/*
 * Guesses the encoding of a file from its first n bytes (a sample of e.g.
 * 64 KiB; more is not needed).  complete is 1 when the sample is the whole
 * input; otherwise a UTF-8 sequence cut at the end of the sample does not
 * count against UTF-8.  A BOM decides; then UTF-16 without a BOM if NUL
 * bytes fill one side of the byte pairs (text with much ASCII or
 * Latin-1); then UTF-8 if the sample is valid UTF-8 (ASCII and
 * empty input included); then whichever of windows-1258, tcvn3 and vni
 * decodes into the most text that looks Vietnamese: words that are valid
 * Vietnamese syllables count for it, words that are not and characters
 * that are unlikely in Vietnamese text count against it.  Returns
 * PAKN_ENC_UNKNOWN when no legacy decoding looks Vietnamese at all.
 */
enum pakn_encoding pakn_encoding_detect(const char *sample, size_t n,
                                        int complete);

#endif
