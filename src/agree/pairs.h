/*
 * Each annotator pair's share of the pair statistics on one image.
 */
#ifndef TLY_AGREE_PAIRS_H
#define TLY_AGREE_PAIRS_H

#include "agree/workspace.h"

/*
 * Record the labels of the ordinary (non-crowd) pairs in ws->mp, the
 * pairing tly_agree__crowd_compare just made of objects voter i's items A
 * against voter j's items R, as objects voter pair K = tly_agree__tri(i,
 * j, nv); pairs come in K order (K = 0 starts the image afresh). 0 or
 * TLY_ENOMEM.
 */
int tly_agree__keep_label_pairs(tly_agree_workspace *ws, size_t k, const tly_match_item *a,
				const tly_match_item *r);

/*
 * Fill ws->pairs; run after tly_agree__agreement (which leaves ws->pair_tp
 * and the matched objects' labels).
 */
int tly_agree__pairs(tly_agree_workspace *ws, const tly_agree_context *ctx, const char **why);

#endif
