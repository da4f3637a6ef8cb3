/*
 * The expat parser the VOC and CVAT readers stream through (xml.h).
 */
#include <stdarg.h>
#include <stdio.h>

#include "ingest/xml.h"
#include "tally/error.h"
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

int tly_ingest__xml_fail(tly_ingest__xml_doc *d, unsigned long line, unsigned long col, int code,
			 const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!d->error)
		d->error = tly_error_set(code, "%s:%lu:%lu: %s", d->file, line, col, msg);
	XML_StopParser(d->p, XML_FALSE);
	return d->error;
}

int tly_ingest__xml_stop(tly_ingest__xml_doc *d, int error)
{
	if (!d->error)
		d->error = error;
	XML_StopParser(d->p, XML_FALSE);
	return d->error;
}

void tly_ingest__xml_here(const tly_ingest__xml_doc *d, unsigned long *line, unsigned long *col)
{
	*line = (unsigned long)XML_GetCurrentLineNumber(d->p);
	*col = (unsigned long)XML_GetCurrentColumnNumber(d->p) + 1;
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
			      int value_len, const XML_Char *base, const XML_Char *system_id,
			      const XML_Char *public_id, const XML_Char *notation)
{
	tly_ingest__xml_doc *d = ud;
	unsigned long line, col;

	(void)is_param, (void)value, (void)value_len, (void)base, (void)system_id, (void)public_id,
		(void)notation;
	tly_ingest__xml_here(d, &line, &col);
	tly_ingest__xml_fail(d, line, col, TLY_EINPUT, "entity declaration \"%.100s\": not accepted", name);
}

void tly_ingest__xml_refuse_entities(XML_Parser p)
{
	XML_SetEntityDeclHandler(p, on_entity);
}

int tly_ingest__xml_parse(tly_ingest__xml_doc *d, const char *data, size_t len)
{
	unsigned long line, col;
	enum XML_Status st = tly_ingest__xml_feed(d->p, data, len);

	if (st == XML_STATUS_OK || d->error)
		return d->error;
	if (XML_GetErrorCode(d->p) == XML_ERROR_NO_MEMORY)
		return tly_error_set(TLY_ENOMEM, "%s: out of memory parsing XML", d->file);
	tly_ingest__xml_here(d, &line, &col);
	return tly_ingest__xml_fail(d, line, col, TLY_EINPUT, "invalid XML: %s",
				    XML_ErrorString(XML_GetErrorCode(d->p)));
}
