/*
 * Text in the XML the VOC and CVAT exports write.
 */
#ifndef TLY_EXPORT_XML_H
#define TLY_EXPORT_XML_H

#include "util/buf.h"

/*
 * Append S escaped for an XML attribute value or element: & < > " ' as
 * entities, tab, LF and CR as character references (a parser would turn
 * them into spaces in an attribute, and CR LF into LF anywhere).
 */
void tly_export__xml_text(tly_buf *b, const char *s);

/*
 * 0 when S can be XML 1.0 text; TLY_EARG "export: FMT: WHAT \"S\" holds
 * control character 0xNN, which XML cannot carry" otherwise.
 */
int tly_export__xml_check(const char *fmt, const char *what, const char *s);

#endif
