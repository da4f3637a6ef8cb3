/*
 * Run-wide chance-corrected agreement over objects: Krippendorff's alpha
 * with the distance 1 - IoU over each image's clusters (tally/stats.h,
 * tly_stats_alpha_iou), reduced from the images' slots in image order.
 * tests/run/test_object_stats.c.
 */
#ifndef TLY_RUN_OBJECT_STATS_H
#define TLY_RUN_OBJECT_STATS_H

#include "run/workspace.h"

/*
 * Set R's krippendorff_alpha_iou from the iou_units of S's slots (all
 * computed), with the default seeded bootstrap over images. 0 or an error
 * (message set).
 */
int tly_run__object_stats(tly_result *r, const tly_run_space *s);

#endif
