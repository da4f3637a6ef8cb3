/*
 * The run's pass over label maps (semantic segmentation, issue 3): every
 * image's semantic vote in parallel, then the reduction in image order
 * into the result's cons_maps, pixel audits and map pairs.
 */
#ifndef TLY_RUN_SEMANTIC_H
#define TLY_RUN_SEMANTIC_H

#include "tally/semantic.h"

/*
 * Vote DS's label maps with THREADS OpenMP threads into R, whose images
 * (and conflicts) tly_run__reduce has filled: sets cons_maps,
 * pixel_counts, pixel_audits, map_pairs, map_staple_rates (under vote.mask
 * staple), fleiss_kappa_maps and each class's (undefined when no image has
 * a map), and each image's voters_maps and
 * agreement_maps, with its agreement and flag recombined
 * (tly_semantic_combine). Nothing is allocated when no image has a map.
 * 0, or an error with its message set for the lowest-indexed failed image.
 */
int tly_run__semantic(tly_result *r, const tly_dataset *ds, const tly_agree_context *ctx, int threads);

#endif
