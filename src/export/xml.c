/*
 * XML text for the VOC and CVAT exports (xml.h), after XML 1.0: section
 * 2.2 (the characters a document may hold: no C0 controls but tab, LF and
 * CR), 2.11 (line ends normalised to LF) and 3.3.3 (white space in
 * attribute values normalised to spaces unless given as references).
 * Tested by tests/export/test_roundtrip_cvat.c and test_roundtrip_voc.c.
 */
#include "export/xml.h"
#include "tally/error.h"

void tly_export__xml_text(tly_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			tly_buf_puts(b, "&amp;");
			break;
		case '<':
			tly_buf_puts(b, "&lt;");
			break;
		case '>':
			tly_buf_puts(b, "&gt;");
			break;
		case '"':
			tly_buf_puts(b, "&quot;");
			break;
		case '\'':
			tly_buf_puts(b, "&apos;");
			break;
		case '\t':
			tly_buf_puts(b, "&#9;");
			break;
		case '\n':
			tly_buf_puts(b, "&#10;");
			break;
		case '\r':
			tly_buf_puts(b, "&#13;");
			break;
		default:
			tly_buf_putc(b, *s);
		}
	}
}

int tly_export__xml_check(const char *fmt, const char *what, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			return tly_error_set(TLY_EARG, "export: %s: %s \"%s\" holds control character 0x%02X, "
					     "which XML cannot carry", fmt, what, s, (unsigned)*p);
	return 0;
}
