/*
 * Saving and loading the reliability part of a run's result (vote.weights
 * label model, annotator reliability, STAPLE figures; schema version 6):
 * save_weights.c and load_weights.c, called by tly_store_save_result and
 * tly_store_load_result inside their transactions.
 */
#ifndef TLY_STORE_SAVE_WEIGHTS_H
#define TLY_STORE_SAVE_WEIGHTS_H

#include "store/store.h"
#include "tally/result.h"

/* The stored text of a label model ('equal', 'gold', 'dawid-skene', 'one-coin'), or NULL. */
const char *tly_store__weights_name(tly_weights_policy w);

/* The model of stored TEXT (NULL-safe); 0, or -1 when it is none of them. */
int tly_store__weights_parse(tly_weights_policy *out, const char *text);

/*
 * Insert R's reliability rows for run RUN_ID when it has any
 * (n_reliability > 0): the model row, its classes, one row per annotator,
 * and for dawid-skene every confusion cell; indices stored as DS's store
 * ids. R has passed tly_result_check against DS. 0 or a tly_error_code;
 * the caller rolls back on error.
 */
int tly_store__save_weights(tly_store *st, const tly_dataset *ds, const tly_result *r, int64_t run_id);

/*
 * Read those rows of run RUN_ID into R (its reliability fields empty), ids
 * mapped onto DS: classes ascending, one reliability entry per dataset
 * annotator (annotators that came after the run: no labels, NaN figures,
 * uniform confusion rows), gold and one-coin matrices rebuilt from the
 * accuracy as the run built them. A run without a reliability_models row
 * (or saved before version 6) has none. Returns 0, TLY_ENOMEM, or
 * TLY_ESTORE "DBFILE: corrupt store: run N, TABLE row ID" for a row that
 * names no entry of DS or no class. On error R stays valid for
 * tly_result_clear.
 */
int tly_store__load_weights(tly_result *r, const tly_dataset *ds, tly_store *st, int64_t run_id);

/*
 * tly_result_check's part for the reliability fields (check_weights.c):
 * the model a known value; classes ascending category indices of DS with
 * priors in [0, 1]; reliability empty or one entry per index i < the
 * dataset's annotators, entry i for annotator i, with labels fitting
 * int64; the confusion present exactly when there are classes and
 * entries, every cell in [0, 1]. 0 or TLY_EARG naming the entry.
 */
int tly_store__check_weights(const tly_dataset *ds, const tly_result *r);

#endif
