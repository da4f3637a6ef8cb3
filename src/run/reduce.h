/*
 * Reduction of the per-image slots into a tly_result, in image order, so
 * the result is the same bytes whatever thread computed which image.
 */
#ifndef TLY_RUN_REDUCE_H
#define TLY_RUN_REDUCE_H

#include "run/workspace.h"

/*
 * Fill R's consensus, conflicts, tie votes, images, annotators and classes from the
 * slots of S (all computed successfully) for DS. 0 or an error (message set).
 */
int tly_run__reduce(tly_result *r, tly_run_space *s, const tly_dataset *ds);

/*
 * Count in R's images_done the images where an annotator gave only a
 * label map (no objects or labels submission), so map-only annotators
 * show the images they did. Maps are one per (annotator, gold) and image.
 */
void tly_run__map_images_done(tly_result *r, const tly_dataset *ds);

/* DST += SRC, field by field (the per-image audit counts summed over images or periods). */
void tly_run__add_counts(tly_counts *dst, const tly_counts *src);

#endif
