/*
 * The consensus mask of a cluster under vote.mask (majority or STAPLE),
 * and each member's STAPLE rates credited to its annotator's record.
 */
#ifndef TLY_AGREE_WEIGHTS_MASK_H
#define TLY_AGREE_WEIGHTS_MASK_H

#include "agree/workspace.h"
#include "tally/staple.h"

/*
 * The consensus mask of cluster ITEMS[MEMBERS[0..n)] under CTX's
 * vote.mask, with tly_vote_mask's contract: 1 with *OUT the caller's
 * (tly_rle_clear) when every member has a mask of one size, 0 with *OUT
 * empty when not (the cluster keeps its box), or TLY_ENOMEM / TLY_ELIMIT.
 * majority: tly_vote_mask. staple: STAPLE's estimate over the members'
 * masks (tly_staple, default options), or, past TLY_RLE_MAX_PATTERN_MASKS
 * members, the majority with *FALLBACK (may be NULL) set to 1. ST (may be
 * NULL) gets STAPLE's rates in member order, st->k = 0 when STAPLE did not
 * run; its consensus has moved to *OUT. Thread-safe.
 */
int tly_agree__cluster_mask(tly_rle *out, tly_staple_result *st, int *fallback,
			    const tly_agree_context *ctx, const tly_match_item *items,
			    const uint32_t *members, size_t n);

/*
 * Credit the members of cluster ITEMS_OF[0..n) (WS's items) with their
 * STAPLE rates ST against consensus MASK: each member's annotator record
 * counts the cluster and adds its sensitivity weighted by the consensus's
 * pixels and its specificity weighted by the pixels outside it.
 */
void tly_agree__staple_credit(tly_agree_workspace *ws, const tly_staple_result *st,
			      const uint32_t *items_of, size_t n, const tly_rle *mask);

#endif
