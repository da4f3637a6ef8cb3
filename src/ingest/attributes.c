/*
 * Attributes of COCO annotations (the "attributes" object CVAT's COCO
 * export writes: {"occluded": false, "color": "red", ...}) into the
 * extra_json member the store keeps and the run votes (issue 5). Values
 * are kept as JSON scalars; numbers in their shortest round-trip form, so
 * 1 and 1.0 are one value. Checked by tests/ingest/test_coco.c.
 */
#include <stdio.h>
#include <string.h>

#include "ingest/attributes.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/limits.h"

static int put_value(tly_buf *b, tly_jloc at, const char *key, const cJSON *v)
{
	if (cJSON_IsString(v)) {
		tly_buf_put_json_string(b, v->valuestring);
	} else if (cJSON_IsBool(v)) {
		tly_buf_puts(b, cJSON_IsTrue(v) ? "true" : "false");
	} else if (cJSON_IsNumber(v)) {
		tly_buf_put_json_number(b, v->valuedouble);
	} else {
		return tly_ingest__json_fail(TLY_EINPUT, at, key, "expected a string, number or boolean, got %s",
					     tly_ingest__json_kind(v));
	}
	return 0;
}

int tly_ingest__json_attributes(char **out, tly_jloc at, const cJSON *obj)
{
	tly_buf b = TLY_BUF_INIT;
	const cJSON *attrs, *v;
	char path[256];
	tly_jloc in;
	size_t n = 0;
	int error;

	*out = NULL;
	if ((error = tly_ingest__json_member(&attrs, at, obj, "attributes", cJSON_Object, 0)) < 0 || !attrs)
		return error;
	snprintf(path, sizeof(path), "%s%sattributes", at.path, at.path[0] ? "." : "");
	in.file = at.file;
	in.path = path;
	tly_buf_puts(&b, "\"attributes\":{");
	cJSON_ArrayForEach(v, attrs) {
		const cJSON *dup;

		if (cJSON_IsNull(v))
			continue;
		if (!v->string[0] || strlen(v->string) > TLY_MAX_STRING) {
			error = tly_ingest__json_fail(TLY_EINPUT, in, NULL, "an attribute name must be 1 to %d bytes",
						      TLY_MAX_STRING);
			goto out;
		}
		/* the same name twice: which value the tool meant is unknowable */
		for (dup = attrs->child; dup != v && strcmp(dup->string, v->string) != 0; dup = dup->next)
			;
		if (dup != v) {
			error = tly_ingest__json_fail(TLY_EINPUT, in, v->string, "given twice");
			goto out;
		}
		if (++n > TLY_MAX_ATTRIBUTES) {
			error = tly_ingest__json_fail(TLY_ELIMIT, in, NULL, "more than TLY_MAX_ATTRIBUTES (%d)",
						      TLY_MAX_ATTRIBUTES);
			goto out;
		}
		if (n > 1)
			tly_buf_putc(&b, ',');
		tly_buf_put_json_string(&b, v->string);
		tly_buf_putc(&b, ':');
		if ((error = put_value(&b, in, v->string, v)) < 0)
			goto out;
	}
	tly_buf_putc(&b, '}');
	if (b.error) {
		error = tly_error_set(TLY_ENOMEM, "%s: %s: out of memory", at.file, path);
		goto out;
	}
	if (n)
		*out = tly_buf_detach(&b);
	if (n && !*out)
		error = tly_error_set(TLY_ENOMEM, "%s: %s: out of memory", at.file, path);
out:
	tly_buf_clear(&b);
	return error;
}

int tly_ingest__extra_add(char **extra, const char *member)
{
	tly_buf b = TLY_BUF_INIT;
	char *s;

	if (!member)
		return 0;
	if (*extra && (*extra)[0] == '{' && strlen(*extra) > 2) {
		/* {"a":1} -> {"a":1,<member>} */
		tly_buf_put(&b, *extra, strlen(*extra) - 1);
		tly_buf_putc(&b, ',');
	} else {
		tly_buf_putc(&b, '{');
	}
	tly_buf_puts(&b, member);
	tly_buf_putc(&b, '}');
	if (b.error || !(s = tly_buf_detach(&b))) {
		tly_buf_clear(&b);
		return TLY_ENOMEM;
	}
	tly_free(*extra);
	*extra = s;
	return 0;
}
