/*
 * Label Studio per-region attributes (issue 5): the Choices, TextArea,
 * Number and Rating results that share a region's id describe that region
 * ("perRegion" controls), and become its object's attributes.
 */
#ifndef TLY_INGEST_LS_ATTRS_H
#define TLY_INGEST_LS_ATTRS_H

#include "ingest/json_read.h"

/* 1 when result type TYPE can describe a region: choices, textarea, number, rating. */
int tly_ingest__ls_attribute_type(const char *type);

/*
 * The attributes of REGION (a result with an "id") from the other results
 * of RESULTS (the annotation's "result" array, at PATH "...result" in
 * FILE) that carry the same id and an attribute type: name = from_name,
 * value = the choices joined by ", ", the text lines joined by "\n", or
 * the number / rating. *out gets `"attributes":{...}` (the caller's,
 * tly_free) or NULL when there is none. A name given twice, or a value of
 * the wrong type, is TLY_EINPUT naming the result; 0 or TLY_ENOMEM otherwise.
 */
int tly_ingest__ls_region_attributes(char **out, const cJSON *results, const cJSON *region, const char *file,
				     const char *path);

#endif
