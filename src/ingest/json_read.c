/*
 * Path-aware typed getters over cJSON trees (see json_read.h). Messages
 * follow SPEC §2: the file, the JSON path of the bad value, what was
 * expected and what was found. Tested through tests/ingest/test_coco.c
 * and test_labelme.c, which assert the exact messages.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ingest/json_check.h"
#include "ingest/json_read.h"
#include "ingest/text.h"
#include "tally/error.h"
#include "util/limits.h"

/* Integers a double holds exactly: ids beyond this could collide. */
#define MAX_EXACT_INT 9007199254740992.0

int tly_ingest__json_parse(cJSON **out, const char *file, const char *data, size_t len)
{
	size_t bom = tly_ingest__bom_len(data, len);
	int error;

	*out = NULL;
	if ((error = tly_ingest__json_check(file, data, len)) < 0)
		return error;
	/*
	 * The check accepts only what cJSON parses, so a failure here is
	 * cJSON's allocation failing (it does not use tly_malloc). The BOM is
	 * skipped here: cJSON skips one only when 2 more bytes follow it.
	 */
	*out = cJSON_ParseWithLengthOpts(data + bom, len - bom, NULL, 0);
	if (!*out)
		return tly_error_set(TLY_ENOMEM, "%s: out of memory parsing JSON", file);
	return 0;
}

int tly_ingest__json_fail(int code, tly_jloc at, const char *key, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	const char *dot = at.path[0] && key ? "." : "";

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!at.path[0] && !key)
		return tly_error_set(code, "%s: %s", at.file, msg);
	return tly_error_set(code, "%s: %s%s%s: %s", at.file, at.path, dot, key ? key : "", msg);
}

const char *tly_ingest__json_kind(const cJSON *v)
{
	if (!v || cJSON_IsNull(v))
		return "null";
	if (cJSON_IsBool(v))
		return "a boolean";
	if (cJSON_IsNumber(v))
		return "a number";
	if (cJSON_IsString(v))
		return "a string";
	if (cJSON_IsArray(v))
		return "an array";
	return "an object";
}

static const char *type_name(int types)
{
	if (types & cJSON_Object)
		return types & cJSON_Array ? "an array or an object" : "an object";
	if (types & cJSON_Array)
		return "an array";
	if (types & cJSON_String)
		return types & cJSON_Number ? "a number or a string" : "a string";
	return types & cJSON_Number ? "a number" : "a boolean";
}

int tly_ingest__json_member(const cJSON **out, tly_jloc at, const cJSON *obj,
			    const char *key, int types, int required)
{
	const cJSON *it, *found = NULL;

	*out = NULL;
	for (it = obj->child; it; it = it->next) {
		if (!it->string || strcmp(it->string, key) != 0)
			continue;
		if (found)
			return tly_ingest__json_fail(TLY_EINPUT, at, NULL, "key \"%s\" appears twice", key);
		found = it;
	}
	if (!found || cJSON_IsNull(found)) {
		if (!required)
			return 0;
		if (!found)
			return tly_ingest__json_fail(TLY_EINPUT, at, NULL, "missing \"%s\"", key);
	}
	if (!(found->type & types & 0xFF))
		return tly_ingest__json_fail(TLY_EINPUT, at, key, "expected %s, got %s",
					     type_name(types), tly_ingest__json_kind(found));
	*out = found;
	return 0;
}

int tly_ingest__json_name(const char **out, tly_jloc at, const cJSON *obj,
			  const char *key, int required)
{
	const cJSON *v;
	size_t len;
	int error;

	*out = NULL;
	if ((error = tly_ingest__json_member(&v, at, obj, key, cJSON_String, required)) < 0 || !v)
		return error;
	len = strlen(v->valuestring);
	if (len == 0)
		return tly_ingest__json_fail(TLY_EINPUT, at, key, "empty");
	if (len > TLY_MAX_STRING)
		return tly_ingest__json_fail(TLY_ELIMIT, at, key, "longer than TLY_MAX_STRING (%d bytes)",
					     TLY_MAX_STRING);
	*out = v->valuestring;
	return 0;
}

int tly_ingest__json_id(int64_t *out, tly_jloc at, const cJSON *obj, const char *key)
{
	const cJSON *v;
	double d;
	int error;

	if ((error = tly_ingest__json_member(&v, at, obj, key, cJSON_Number, 1)) < 0)
		return error;
	d = v->valuedouble;
	if (!(fabs(d) <= MAX_EXACT_INT) || floor(d) != d)
		return tly_ingest__json_fail(TLY_EINPUT, at, key, "expected an integer id, got %.15g", d);
	*out = (int64_t)d;
	return 0;
}

int tly_ingest__json_side(int32_t *out, tly_jloc at, const cJSON *obj, const char *key)
{
	const cJSON *v;
	double d;
	int error;

	*out = 0;
	if ((error = tly_ingest__json_member(&v, at, obj, key, cJSON_Number, 0)) < 0 || !v)
		return error;
	d = v->valuedouble;
	if (!(d >= 1) || floor(d) != d)
		return tly_ingest__json_fail(TLY_EINPUT, at, key,
					     "expected a positive integer, got %.15g", d);
	if (d > TLY_MAX_IMAGE_SIDE)
		return tly_ingest__json_fail(TLY_ELIMIT, at, key, "%.15g beyond TLY_MAX_IMAGE_SIDE (%d)",
					     d, TLY_MAX_IMAGE_SIDE);
	*out = (int32_t)d;
	return 0;
}

int tly_ingest__json_coord(double *out, tly_jloc at, const char *key, const cJSON *v)
{
	if (!cJSON_IsNumber(v))
		return tly_ingest__json_fail(TLY_EINPUT, at, key, "expected a number, got %s",
					     tly_ingest__json_kind(v));
	/* cJSON turns 1e999 into infinity; JSON itself has no NaN or infinity. */
	if (!isfinite(v->valuedouble))
		return tly_ingest__json_fail(TLY_EINPUT, at, key, "not a finite number");
	if (fabs(v->valuedouble) > TLY_MAX_COORD)
		return tly_ingest__json_fail(TLY_ELIMIT, at, key, "%.15g beyond TLY_MAX_COORD (%g)",
					     v->valuedouble, TLY_MAX_COORD);
	*out = v->valuedouble;
	return 0;
}

const char *tly_ingest__json_index_path(char *buf, size_t size, const char *prefix, size_t i)
{
	snprintf(buf, size, "%s[%zu]", prefix, i);
	return buf;
}
