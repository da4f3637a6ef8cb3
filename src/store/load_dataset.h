/*
 * Loading the dataset inside a transaction the caller holds, so a run's
 * result and the dataset it indexes come from one snapshot.
 */
#ifndef TLY_STORE_LOAD_DATASET_H
#define TLY_STORE_LOAD_DATASET_H

#include "store/idmap.h"
#include "store/store.h"

/*
 * Fill *ds (zeroed first) from the store; IMAGES, when not NULL, receives
 * the image id -> index map (clear with tly_store__idmap_clear). On error
 * *ds is cleared and *images empty.
 */
int tly_store__load_dataset(tly_dataset *ds, tly_idmap *images, tly_store *st);

#endif
