/*
 * Saving and loading the attribute part of a run's result (issue 5):
 * consensus_objects.attributes and the attribute columns of
 * mismatching_attributes conflicts (schema version 7), called by
 * tly_store_save_result and tly_store_load_result inside their transactions.
 */
#ifndef TLY_STORE_SAVE_ATTRS_H
#define TLY_STORE_SAVE_ATTRS_H

#include "store/store.h"

/*
 * Write R's voted attributes onto the rows of run RUN_ID just inserted:
 * each consensus object's as a JSON object {"name": "value"} (null for a
 * tie), each mismatching_attributes conflict's name and values. R has
 * passed tly_result_check. 0 or a tly_error_code; the caller rolls back.
 */
int tly_store__save_attrs(tly_store *st, const tly_result *r, int64_t run_id);

/*
 * Read them back into R (its cons_objects and conflicts already loaded):
 * attr_strings sorted bytewise, cons_attrs by object then
 * name, conflict_attrs by conflict. A run saved before version 7 has none.
 * 0, TLY_ENOMEM, or TLY_ESTORE "DBFILE: corrupt store: run N, TABLE row
 * IDX" for text that is not what save wrote. On error R stays valid for
 * tly_result_clear.
 */
int tly_store__load_attrs_result(tly_result *r, tly_store *st, int64_t run_id);

#endif
