/*
 * Each annotator pair's share of the pair statistics on one image.
 */
#ifndef TLY_AGREE_PAIRS_H
#define TLY_AGREE_PAIRS_H

#include "agree/workspace.h"

/* Fill ws->pairs; run after tly_agree__agreement (which leaves ws->pair_tp). */
int tly_agree__pairs(tly_agree_workspace *ws, const tly_agree_context *ctx, const char **why);

#endif
