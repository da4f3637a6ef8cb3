/*
 * Label maps in a batch (tly_batch_add_map lives in batch_map.c): what
 * tly_batch_clear calls to release them.
 */
#ifndef TLY_STORE_BATCH_MAP_H
#define TLY_STORE_BATCH_MAP_H

#include "tally/batch.h"

/* Free B's maps and their classes; leaves n_maps 0. */
void tly_batch__clear_maps(tly_batch *b);

#endif
