/*
 * The images' voted attributes and attribute conflicts gathered into a
 * tly_result, after tly_run__reduce, in image order.
 */
#ifndef TLY_RUN_REDUCE_ATTRS_H
#define TLY_RUN_REDUCE_ATTRS_H

#include "run/workspace.h"

/*
 * Fill R's attr_strings (DS's attribute names, then its values), cons_attrs
 * and conflict_attrs from the slots of S, rebasing object and conflict
 * indices as tly_run__reduce did. Nothing when no image voted an attribute.
 * 0 or TLY_ENOMEM (message set).
 */
int tly_run__reduce_attrs(tly_result *r, const tly_run_space *s, const tly_dataset *ds);

#endif
