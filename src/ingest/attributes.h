/*
 * An object's attributes (issue 5) as the readers keep them in extra_json:
 * an "attributes" member mapping each name to a string, number or boolean,
 * the form CVAT's XML <attribute> children and CVAT's COCO export share.
 */
#ifndef TLY_INGEST_ATTRIBUTES_H
#define TLY_INGEST_ATTRIBUTES_H

#include "ingest/json_read.h"

/*
 * OBJ's optional "attributes" member (OBJ at AT): an object of at most
 * TLY_MAX_ATTRIBUTES members, names of 1 to TLY_MAX_STRING bytes, values
 * strings, numbers or booleans (null members are left out). *out gets the
 * member as `"attributes":{...}` (the caller's, tly_free), or NULL when
 * absent or empty. Errors name the file and path; 0, TLY_EINPUT,
 * TLY_ELIMIT or TLY_ENOMEM.
 */
int tly_ingest__json_attributes(char **out, tly_jloc at, const cJSON *obj);

/*
 * Add MEMBER (a `"key":value` text, or NULL: nothing to do) to the JSON
 * object text *EXTRA (NULL: none yet), which is replaced by the caller's
 * new text (tly_free). 0 or TLY_ENOMEM (*EXTRA unchanged).
 */
int tly_ingest__extra_add(char **extra, const char *member);

#endif
