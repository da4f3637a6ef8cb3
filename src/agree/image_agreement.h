/*
 * The image's agreement score (SPEC §6 as decided for the foundation):
 * pairwise F1 of the objects voters, Jaccard of each labels voter with the
 * consensus, their mean, and whether the image needs review.
 */
#ifndef TLY_AGREE_IMAGE_AGREEMENT_H
#define TLY_AGREE_IMAGE_AGREEMENT_H

#include "agree/workspace.h"

/*
 * Fill ws->stats' agreement fields and ws->pair_tp (three entries per
 * objects voter pair i < j at 3 * tly_agree__tri(i, j, nv): same-label
 * pairs, then i's and j's counted objects, crowd regions and the objects
 * they cover left out; reused for the pair statistics). Run after both votes.
 */
int tly_agree__agreement(tly_agree_workspace *ws, const tly_agree_context *ctx, const char **why);

/*
 * ST's agreement = the mean of its defined components (objects, labels,
 * maps; NaN when none) and flagged = TIE or agreement < MIN_AGREEMENT.
 */
void tly_agree__score(tly_image_stats *st, int tie, double min_agreement);

/* |A ∩ B| of two ascending label lists. */
size_t tly_agree__intersect(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);

#endif
