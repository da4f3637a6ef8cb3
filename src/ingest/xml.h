/*
 * What the streamed XML readers (Pascal VOC, CVAT) share: an expat parser
 * that allocates through util/alloc, feeding it a buffer in chunks so no
 * size ever overflows expat's int length, and their error reporting.
 */
#ifndef TLY_INGEST_XML_H
#define TLY_INGEST_XML_H

#include <expat.h>
#include <stddef.h>

/*
 * A parser for the encoding the document declares (UTF-8 by default; names
 * come out as UTF-8), allocating through util/alloc so the fault tests
 * reach expat too. NULL when memory ran out.
 */
XML_Parser tly_ingest__xml_parser(void);

/*
 * Parse LEN bytes of DATA as the whole document, 64 KiB at a time.
 * XML_STATUS_OK, or the status of the chunk that failed (the handlers may
 * have stopped it; XML_GetErrorCode says why otherwise).
 */
enum XML_Status tly_ingest__xml_feed(XML_Parser p, const char *data, size_t len);

/*
 * The head of a streamed reader's state, and its FIRST member, so expat's
 * user data (the reader's state) is also a pointer to it: the parser, the
 * file errors name and the first error, after which parsing stops.
 */
typedef struct {
	XML_Parser p;
	const char *file;
	int error;
} tly_ingest__xml_doc;

/* Set D's error once as "FILE:LINE:COL: message", stop the parser, return the code. */
int tly_ingest__xml_fail(tly_ingest__xml_doc *d, unsigned long line, unsigned long col, int code,
			 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Keep ERROR (already described, or out of memory) unless one is set; stop the parser. */
int tly_ingest__xml_stop(tly_ingest__xml_doc *d, int error);

/* The parser's position: 1-based line and column. */
void tly_ingest__xml_here(const tly_ingest__xml_doc *d, unsigned long *line, unsigned long *col);

/*
 * Refuse entity declarations (the "billion laughs"): neither format has a
 * use for them. P's user data must be a reader state whose first member is
 * its tly_ingest__xml_doc.
 */
void tly_ingest__xml_refuse_entities(XML_Parser p);

/*
 * Parse LEN bytes of DATA as D's whole document (tly_ingest__xml_feed);
 * 0, D's error when a handler failed, TLY_ENOMEM, or TLY_EINPUT naming the
 * position of invalid XML.
 */
int tly_ingest__xml_parse(tly_ingest__xml_doc *d, const char *data, size_t len);

#endif
