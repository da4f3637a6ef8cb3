/*
 * Annotator pair statistics of a run, reduced from the images' pair
 * contributions in image order.
 */
#ifndef TLY_RUN_PAIRS_H
#define TLY_RUN_PAIRS_H

#include "run/workspace.h"

/*
 * Fill R's pairs from the slots of S. R's annotators must be reduced
 * first (they say who takes part). 0 or an error (message set).
 */
int tly_run__reduce_pairs(tly_result *r, const tly_run_space *s, const tly_agree_context *ctx);

#endif
