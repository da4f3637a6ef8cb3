/*
 * Saving and loading the label-map part of a run's result (consensus
 * maps, pixel and panoptic audit, map pairs, semantic STAPLE rates):
 * save_maps.c and
 * load_maps_result.c, called by tly_store_save_result and
 * tly_store_load_result inside their transactions.
 */
#ifndef TLY_STORE_SAVE_MAPS_H
#define TLY_STORE_SAVE_MAPS_H

#include "store/idmap.h"
#include "store/store.h"

/*
 * Insert R's cons_maps, pixel_counts, pixel_audits, map_pairs, panoptic
 * and map_staple_rates rows for run RUN_ID, indices stored as the store ids of DS's entries. R
 * has passed tly_result_check against DS. Returns 0 or a tly_error_code;
 * the caller rolls back on error.
 */
int tly_store__save_maps(tly_store *st, const tly_dataset *ds, const tly_result *r, int64_t run_id);

/*
 * Read those rows of run RUN_ID into R's (empty) arrays, store ids mapped
 * onto DS (IMAGES: image id -> index): consensus maps in image order,
 * counts and audits by (annotator, ref[, category]), pairs by (a, b),
 * STAPLE rates by (annotator, category). A run saved before version 4 has
 * none (before version 9, no STAPLE rates). Returns 0, TLY_ENOMEM, or
 * TLY_ESTORE "DBFILE: corrupt store: run N, TABLE row ID" for a row that
 * names no entry of DS or holds a bad map. On error R stays valid for
 * tly_result_clear.
 */
int tly_store__load_maps_result(tly_result *r, const tly_dataset *ds, const tly_idmap *images, tly_store *st,
				int64_t run_id);

#endif
