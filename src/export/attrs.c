/*
 * Voted attributes for the exports (attrs.h): which entries a writer
 * writes, and refusals of what the readers would refuse or change, so an
 * export either reads back with the same attributes or is not written.
 * Tested through tests/export/test_roundtrip_cvat.c, test_roundtrip_labelstudio.c
 * and test_coco.c.
 */
#include <string.h>

#include "export/attrs.h"
#include "export/xml.h"
#include "tally/error.h"
#include "util/limits.h"
#include "util/rows.h"

void tly_export__attrs_span(size_t *first, size_t *n, const tly_result *r, size_t obj)
{
	size_t end;

	*first = TLY_ROWS_FIND(r->cons_attrs, r->n_cons_attrs, tly_cons_attr, object, obj, &end);
	*n = end - *first;
}

int tly_export__attr_written(const tly_result *r, size_t k, const char *skip)
{
	const tly_cons_attr *a = &r->cons_attrs[k];

	return a->value != UINT32_MAX && !(skip && strcmp(r->attr_strings[a->name], skip) == 0);
}

#define BAD(...) tly_error_set(TLY_EARG, "export: %s: %s: consensus object %zu: " __VA_ARGS__)

int tly_export__attrs_check(const tly_dataset *ds, const tly_result *r, size_t obj, const char *fmt,
			    const char *skip, int xml)
{
	const char *image = ds->images[r->cons_objects[obj].image].name;
	size_t first, n, k, written = 0;
	int error;

	tly_export__attrs_span(&first, &n, r, obj);
	for (k = first; k < first + n; k++) {
		const char *name = r->attr_strings[r->cons_attrs[k].name], *value;

		if (!tly_export__attr_written(r, k, skip))
			continue;
		value = r->attr_strings[r->cons_attrs[k].value];
		if (!name[0] || strlen(name) > TLY_MAX_STRING)
			return BAD("an attribute name must be 1 to %d bytes", fmt, image, obj, TLY_MAX_STRING);
		if (++written > TLY_MAX_ATTRIBUTES)
			return BAD("more than TLY_MAX_ATTRIBUTES (%d) attributes, which tally's reader refuses",
				   fmt, image, obj, TLY_MAX_ATTRIBUTES);
		if (!xml)
			continue;
		if ((error = tly_export__xml_check(fmt, "attribute", name)) < 0 ||
		    (error = tly_export__xml_check(fmt, "attribute value", value)) < 0)
			return error;
		if (strlen(value) > TLY_MAX_STRING)
			return BAD("the value of attribute \"%s\" is longer than TLY_MAX_STRING (%d bytes)", fmt,
				   image, obj, name, TLY_MAX_STRING);
	}
	return 0;
}
