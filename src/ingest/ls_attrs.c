/*
 * Label Studio per-region attributes (labelstud.io/tags: Choices, TextArea,
 * Number and Rating with perRegion="true" write a result carrying the
 * region's id): read into the region's object as {"attributes": {from_name:
 * value}}, the form CVAT's attributes take, so they are voted alike.
 * Checked by tests/ingest/test_labelstudio.c.
 */
#include <stdio.h>
#include <string.h>

#include "ingest/ls_attrs.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/limits.h"

int tly_ingest__ls_attribute_type(const char *type)
{
	return !strcmp(type, "choices") || !strcmp(type, "textarea") || !strcmp(type, "number") ||
	       !strcmp(type, "rating");
}

/* The strings of array KEY of VALUE joined by SEP into B. */
static int joined(tly_buf *b, tly_jloc at, const cJSON *value, const char *key, const char *sep)
{
	const cJSON *arr, *e;
	size_t i = 0;
	int error;

	if ((error = tly_ingest__json_member(&arr, at, value, key, cJSON_Array | cJSON_String, 1)) < 0)
		return error;
	if (cJSON_IsString(arr)) {
		tly_buf_puts(b, arr->valuestring);
		return 0;
	}
	for (e = arr->child; e; e = e->next, i++) {
		char k[48];

		snprintf(k, sizeof(k), "%s[%zu]", key, i);
		if (!cJSON_IsString(e))
			return tly_ingest__json_fail(TLY_EINPUT, at, k, "expected a string, got %s",
						     tly_ingest__json_kind(e));
		tly_buf_puts(b, i ? sep : "");
		tly_buf_puts(b, e->valuestring);
	}
	return 0;
}

/* The value of attribute result R (type TYPE, at AT) as a JSON scalar into B. */
static int value_of(tly_buf *b, tly_jloc at, const cJSON *r, const char *type)
{
	tly_buf text = TLY_BUF_INIT;
	const cJSON *value, *n;
	char path[256];
	tly_jloc in;
	int error;

	if ((error = tly_ingest__json_member(&value, at, r, "value", cJSON_Object, 1)) < 0)
		return error;
	snprintf(path, sizeof(path), "%s.value", at.path);
	in.file = at.file;
	in.path = path;
	if (!strcmp(type, "number") || !strcmp(type, "rating")) {
		if ((error = tly_ingest__json_member(&n, in, value, type, cJSON_Number, 1)) == 0)
			tly_buf_put_json_number(b, n->valuedouble);
		return error;
	}
	error = !strcmp(type, "choices") ? joined(&text, in, value, "choices", ", ")
					 : joined(&text, in, value, "text", "\n");
	if (!error && text.error)
		error = TLY_ENOMEM;
	if (!error)
		tly_buf_put_json_string(b, text.ptr ? text.ptr : "");
	tly_buf_clear(&text);
	return error;
}

int tly_ingest__ls_region_attributes(char **out, const cJSON *results, const cJSON *region, const char *file,
				     const char *path)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(region, "id"), *r;
	tly_buf b = TLY_BUF_INIT, names = TLY_BUF_INIT;
	const char *p;
	char at_path[192];
	size_t j = 0, n = 0;
	int error = 0;

	*out = NULL;
	if (!cJSON_IsString(id) || !results)
		return 0;
	for (r = results->child; r && !error; r = r->next, j++) {
		const cJSON *rid = cJSON_GetObjectItemCaseSensitive(r, "id");
		const cJSON *type = cJSON_GetObjectItemCaseSensitive(r, "type");
		const cJSON *from = cJSON_GetObjectItemCaseSensitive(r, "from_name");
		tly_jloc at;

		if (r == region || !cJSON_IsString(rid) || strcmp(rid->valuestring, id->valuestring) != 0 ||
		    !cJSON_IsString(type) || !tly_ingest__ls_attribute_type(type->valuestring))
			continue;
		snprintf(at_path, sizeof(at_path), "%s[%zu]", path, j);
		at.file = file;
		at.path = at_path;
		if (!cJSON_IsString(from) || !from->valuestring[0] || strlen(from->valuestring) > TLY_MAX_STRING) {
			error = tly_ingest__json_fail(TLY_EINPUT, at, "from_name", "expected a name of 1 to %d bytes",
						      TLY_MAX_STRING);
			break;
		}
		/* names seen so far, each followed by a NUL: a repeat is refused */
		for (p = names.ptr; p && p < names.ptr + names.size && strcmp(p, from->valuestring) != 0;
		     p += strlen(p) + 1)
			;
		if (p && p < names.ptr + names.size) {
			error = tly_ingest__json_fail(TLY_EINPUT, at, "from_name", "\"%.200s\" describes the region twice",
						      from->valuestring);
			break;
		}
		if (++n > TLY_MAX_ATTRIBUTES) {
			error = tly_ingest__json_fail(TLY_ELIMIT, at, NULL, "more than TLY_MAX_ATTRIBUTES (%d) "
						      "attributes on one region", TLY_MAX_ATTRIBUTES);
			break;
		}
		tly_buf_put(&names, from->valuestring, strlen(from->valuestring) + 1);
		tly_buf_puts(&b, n > 1 ? "," : "\"attributes\":{");
		tly_buf_put_json_string(&b, from->valuestring);
		tly_buf_putc(&b, ':');
		error = value_of(&b, at, r, type->valuestring);
	}
	if (!error && n) {
		tly_buf_putc(&b, '}');
		if (b.error || names.error || !(*out = tly_buf_detach(&b)))
			error = tly_error_set(TLY_ENOMEM, "%s: %s: out of memory", file, path);
	}
	tly_buf_clear(&b);
	tly_buf_clear(&names);
	return error;
}
