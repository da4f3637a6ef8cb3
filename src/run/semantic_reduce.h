/*
 * The reduction of the per-image semantic results into a tly_result:
 * consensus maps moved in image order, audit and pair counts summed by key,
 * semantic STAPLE's rates into pixel-weighted means per (annotator, class).
 */
#ifndef TLY_RUN_SEMANTIC_REDUCE_H
#define TLY_RUN_SEMANTIC_REDUCE_H

#include "tally/semantic.h"

/*
 * Fill R's cons_maps, pixel_counts, pixel_audits, map_pairs and
 * map_staple_rates from the N image slots X (all computed successfully;
 * their consensus maps move into R, the slots keep empty ones). R stays
 * valid for tly_result_clear at every step. 0 or TLY_ENOMEM / TLY_ELIMIT
 * with the message set.
 */
int tly_run__semantic_reduce(tly_result *r, tly_semantic_image_result *x, size_t n);

#endif
