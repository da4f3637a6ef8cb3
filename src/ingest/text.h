/*
 * Byte-level helpers the readers share: the basename that identifies an
 * image, line:column positions for messages, and UTF-8 validation (names
 * go to SQLite and to JSON/CSV outputs, so they must be valid UTF-8).
 */
#ifndef TLY_INGEST_TEXT_H
#define TLY_INGEST_TEXT_H

#include <stddef.h>

/*
 * The file name at the end of PATH: what follows the last '/' or '\\'
 * (exports made on Windows write backslashes). Borrowed pointer into PATH;
 * "" when PATH ends with a separator.
 */
const char *tly_ingest__basename(const char *path);

/* 1-based line and column (counted in bytes) of byte OFFSET of DATA. */
void tly_ingest__position(size_t *line, size_t *col, const char *data, size_t offset);

/*
 * Length of the well-formed UTF-8 sequence at S (at most N bytes
 * available), or 0 when it is not one (overlong, surrogate, > U+10FFFF,
 * truncated). RFC 3629 section 4.
 */
size_t tly_ingest__utf8_len(const unsigned char *s, size_t n);

/* Offset of the first byte of S[0..N) that breaks UTF-8, or N when valid. */
size_t tly_ingest__utf8_check(const char *s, size_t n);

/* Length of a UTF-8 byte order mark at the start of DATA (3 or 0). */
size_t tly_ingest__bom_len(const char *data, size_t len);

#endif
