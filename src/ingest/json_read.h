/*
 * Typed reads from a parsed JSON tree that know where they are: every
 * failure names the file and the JSON path of the bad value
 * ("FILE: annotations[3].bbox: expected 4 numbers"), as SPEC §2 asks.
 */
#ifndef TLY_INGEST_JSON_READ_H
#define TLY_INGEST_JSON_READ_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

/* Where a reader is: the file (for messages) and the JSON path of an object. */
typedef struct {
	const char *file;
	const char *path; /* "" at the top level, else e.g. "annotations[3]" */
} tly_jloc;

/*
 * Check (json_check.h) then parse DATA into *out (caller frees with
 * cJSON_Delete). cJSON writes a global on every parse: call from one thread.
 */
int tly_ingest__json_parse(cJSON **out, const char *file, const char *data, size_t len);

/*
 * Set error CODE as "FILE: PATH.KEY: message" (KEY may be NULL; an empty
 * PATH drops its part) and return CODE.
 */
int tly_ingest__json_fail(int code, tly_jloc at, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* "a string", "an array", "null", ... for "expected X, got Y" messages. */
const char *tly_ingest__json_kind(const cJSON *v);

/*
 * Member KEY of object OBJ (at AT) into *out, borrowed. A member that is
 * absent or JSON null gives NULL, an error when REQUIRED. A present member
 * whose type is not in TYPES (cJSON_String|cJSON_Number|...) is an error,
 * as is a key written twice (which of the two values a tool meant is unknowable).
 */
int tly_ingest__json_member(const cJSON **out, tly_jloc at, const cJSON *obj,
			    const char *key, int types, int required);

/*
 * A name (image file, label, annotator): a non-empty string of at most
 * TLY_MAX_STRING bytes. *out borrowed from the tree, NULL when absent.
 */
int tly_ingest__json_name(const char **out, tly_jloc at, const cJSON *obj,
			  const char *key, int required);

/* A required integer id, exactly representable (|id| <= 2^53). */
int tly_ingest__json_id(int64_t *out, tly_jloc at, const cJSON *obj, const char *key);

/*
 * An optional image side (width, height): a positive integer up to
 * TLY_MAX_IMAGE_SIDE; *out = 0 (unknown) when absent.
 */
int tly_ingest__json_side(int32_t *out, tly_jloc at, const cJSON *obj, const char *key);

/*
 * A pixel coordinate V, named KEY under AT ("bbox[2]"): a finite number
 * with |v| <= TLY_MAX_COORD.
 */
int tly_ingest__json_coord(double *out, tly_jloc at, const char *key, const cJSON *v);

/* A JSON path "PREFIX[I]" into BUF (always terminated; paths are short). */
const char *tly_ingest__json_index_path(char *buf, size_t size, const char *prefix, size_t i);

#endif
