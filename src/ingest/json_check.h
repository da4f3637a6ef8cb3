/*
 * Strict JSON syntax check run before cJSON builds a tree: exact
 * FILE:LINE:COL of the first error, the nesting cap enforced before
 * anything is allocated, and the inputs cJSON would mangle rejected.
 */
#ifndef TLY_INGEST_JSON_CHECK_H
#define TLY_INGEST_JSON_CHECK_H

#include <stddef.h>

/*
 * Check that DATA (LEN bytes, need not be NUL-terminated; a leading UTF-8
 * BOM is allowed) is one RFC 8259 JSON text. FILE names it in messages.
 * Returns 0, TLY_EINPUT ("FILE:LINE:COL: invalid JSON: ...") or TLY_ELIMIT
 * (nesting deeper than TLY_MAX_JSON_DEPTH, a number longer than cJSON reads).
 */
int tly_ingest__json_check(const char *file, const char *data, size_t len);

#endif
