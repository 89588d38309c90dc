/*
 * xmlscan.h: a small streaming XML reader for the worksheets of an .xlsx
 * workbook, where expat spent half of pakn-ingest's time.  It has expat's
 * shape (start, end and text handlers; data given in chunks; a handler
 * may stop the parse, and it resumes where it stopped), and reads what a
 * worksheet holds:
 *
 *   elements with attributes (quoted '...' or "..."), empty elements,
 *   the five predefined entities and character references (&#N; &#xH;),
 *   CDATA sections, comments, processing instructions (the XML
 *   declaration among them), a UTF-8 byte order mark; line ends made
 *   "\n" in text ("\r\n" and a lone "\r"), and attribute values
 *   normalised as XML says (a literal tab, line end or CR is a space).
 *
 * Names are given as written (prefix included, as expat without
 * namespace processing gives them).  The text is taken as UTF-8 whatever
 * the declaration says (the reader of a workbook creates expat the same
 * way) and is not validated here: the row builder rejects a row with
 * bytes that are not UTF-8, with its line, instead of losing the sheet.
 *
 * It is an error (PAKN_XML_ERROR, with a message and a line): an end tag
 * that does not close the open element, a tag or reference left
 * unfinished at the end, an undefined entity, a character reference to
 * what is not an XML character, a NUL byte, '<' in an attribute value, a
 * second root element, text outside the root, no root at all.
 *
 * A document type declaration (which may define entities) is not read:
 * the parse returns PAKN_XML_DOCTYPE before any handler has been called,
 * and pakn_xmlscan_pending gives every byte received so far, to be handed
 * to a complete XML parser instead.
 */
#ifndef PAKN_XMLSCAN_H
#define PAKN_XMLSCAN_H

#include <stddef.h>

#define PAKN_XML_OK 0
#define PAKN_XML_SUSPENDED 1
#define PAKN_XML_ERROR (-1)
#define PAKN_XML_DOCTYPE (-2)

typedef void (*pakn_xml_start_fn)(void *u, const char *name, const char **attr);
typedef void (*pakn_xml_end_fn)(void *u, const char *name);
typedef void (*pakn_xml_text_fn)(void *u, const char *s, int len);

struct pakn_xmlscan;

struct pakn_xmlscan *pakn_xmlscan_new(void *u, pakn_xml_start_fn start,
                                      pakn_xml_end_fn end,
                                      pakn_xml_text_fn text);
void pakn_xmlscan_free(struct pakn_xmlscan *s);

/* Gives the next n bytes (final: the last ones) and reads as far as it
 * can: PAKN_XML_OK (give more, or done after the final bytes),
 * PAKN_XML_SUSPENDED (a handler called pakn_xmlscan_stop: call
 * pakn_xmlscan_resume, not parse), PAKN_XML_ERROR or PAKN_XML_DOCTYPE. */
int pakn_xmlscan_parse(struct pakn_xmlscan *s, const char *p, size_t n,
                       int final);
int pakn_xmlscan_resume(struct pakn_xmlscan *s);
/* Called from a handler: the parse returns PAKN_XML_SUSPENDED after it. */
void pakn_xmlscan_stop(struct pakn_xmlscan *s);

/* After PAKN_XML_ERROR: what is wrong, and its line (1 for the first). */
const char *pakn_xmlscan_error(const struct pakn_xmlscan *s);
unsigned long pakn_xmlscan_line(const struct pakn_xmlscan *s);

/* After PAKN_XML_DOCTYPE: every byte given so far. */
const char *pakn_xmlscan_pending(const struct pakn_xmlscan *s, size_t *n);

#endif
