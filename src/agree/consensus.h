/*
 * The image's consensus: clustered and voted objects (with members) and
 * voted image labels, plus the conflicts each vote implies.
 */
#ifndef TLY_AGREE_CONSENSUS_H
#define TLY_AGREE_CONSENSUS_H

#include "agree/workspace.h"

/* Cluster V's objects, vote each cluster; fills ws->cons, members, conflicts, tie_objects. */
int tly_agree__vote_objects(tly_agree_workspace *ws, const tly_agree_context *ctx, uint32_t image,
			    const char **why);

/* Vote V's label sets; fills ws->lvote, tags, conflicts, tie_labels. */
int tly_agree__vote_labels(tly_agree_workspace *ws, const tly_agree_context *ctx, uint32_t image,
			   const char **why);

#endif
