/*
 * The expat parser the VOC and CVAT readers stream through (xml.h).
 */
#include "ingest/xml.h"
#include "util/alloc.h"

#define CHUNK ((size_t)1 << 16)

static void *mm_malloc(size_t n)
{
	return tly_malloc(n);
}

static void *mm_realloc(void *p, size_t n)
{
	return tly_reallocarray(p, n ? n : 1, 1);
}

static const XML_Memory_Handling_Suite mm = {mm_malloc, mm_realloc, tly_free};

XML_Parser tly_ingest__xml_parser(void)
{
	return XML_ParserCreate_MM(NULL, &mm, NULL);
}

enum XML_Status tly_ingest__xml_feed(XML_Parser p, const char *data, size_t len)
{
	size_t off = 0, n;
	enum XML_Status st;

	do {
		n = len - off < CHUNK ? len - off : CHUNK;
		st = XML_Parse(p, data + off, (int)n, off + n == len);
		off += n;
	} while (st == XML_STATUS_OK && off < len);
	return st;
}
