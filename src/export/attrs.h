/*
 * The voted attributes (issue 5) the COCO, CVAT and Label Studio exports
 * write: a consensus object's entries of tly_result.cons_attrs less its
 * ties (no value), and the checks that keep them readable by tally's own
 * readers of those formats.
 */
#ifndef TLY_EXPORT_ATTRS_H
#define TLY_EXPORT_ATTRS_H

#include <stddef.h>

#include "tally/dataset.h"
#include "tally/result.h"

/*
 * The entries of consensus object OBJ: r->cons_attrs[*first .. *first +
 * *n), in name order, ties included (they are sorted by object, then name).
 */
void tly_export__attrs_span(size_t *first, size_t *n, const tly_result *r, size_t obj);

/*
 * Whether entry K of r->cons_attrs is written: it has a value (a tie has
 * none), and its name is not SKIP (NULL: no name is left out).
 */
int tly_export__attr_written(const tly_result *r, size_t k, const char *skip);

/*
 * Check what FMT writes of consensus object OBJ's attributes (as
 * tly_export__attr_written with SKIP): names of 1 to TLY_MAX_STRING bytes
 * and at most TLY_MAX_ATTRIBUTES of them, as every reader requires; with
 * XML also no control character XML cannot carry and values of at most
 * TLY_MAX_STRING bytes (the CVAT reader's cap on element text). 0, or
 * TLY_EARG "export: FMT: IMAGE: consensus object N: ...".
 */
int tly_export__attrs_check(const tly_dataset *ds, const tly_result *r, size_t obj, const char *fmt,
			    const char *skip, int xml);

#endif
