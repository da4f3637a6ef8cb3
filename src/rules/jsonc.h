/*
 * JSON with comments, as rules files are written: strip // and block
 * comments outside strings (keeping every newline so positions still
 * match the file) and report parse errors as FILE:LINE:COL.
 */
#ifndef TLY_RULES_JSONC_H
#define TLY_RULES_JSONC_H

#include <stddef.h>

struct cJSON;

/*
 * Parse TEXT (LEN bytes) into *out (caller frees with cJSON_Delete).
 * ORIGIN names the text in errors. Returns 0 or TLY_EARG.
 */
int tly_rules__parse_jsonc(struct cJSON **out, const char *text, size_t len, const char *origin);

#endif
