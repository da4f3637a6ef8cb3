/*
 * What the streamed XML readers (Pascal VOC, CVAT) share: an expat parser
 * that allocates through util/alloc, and feeding it a buffer in chunks so
 * no size ever overflows expat's int length.
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

#endif
