/*
 * One image's units of Krippendorff's alpha over objects (issue 4): the
 * clusters of the objects voters' objects, summarised for
 * tly_stats_alpha_iou.
 */
#ifndef TLY_AGREE_IOU_UNITS_H
#define TLY_AGREE_IOU_UNITS_H

#include "agree/workspace.h"

/*
 * Fill ws->iou_units from the image's clustering (run after
 * tly_agree__vote_objects): with |V| >= 2 objects voters, one unit per
 * cluster of ordinary objects (crowd clusters are ignore regions, not
 * units) in cluster order: objects = members, coders = |V|, distance =
 * sum over member pairs of 1 - IoU (mask IoU for masks), or 1 when the two
 * labels differ. Empty with fewer than 2 voters or no object. 0, or
 * TLY_ENOMEM with *WHY set.
 */
int tly_agree__iou_units(tly_agree_workspace *ws, const char **why);

#endif
