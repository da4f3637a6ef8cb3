/*
 * Conflicts of one image (SPEC §6, CVAT's vocabulary): what each voter did
 * differently from the image's consensus.
 */
#ifndef TLY_AGREE_CONFLICTS_H
#define TLY_AGREE_CONFLICTS_H

#include "agree/workspace.h"

/*
 * Conflicts of accepted cluster CONS (an index into ws->cons whose members
 * are already in ws->members); ITEMS_OF[i] is the item index of member i.
 * A crowd region gives only LABEL_MISMATCH conflicts.
 */
int tly_agree__conflicts_accepted(tly_agree_workspace *ws, const tly_agree_context *ctx,
				  uint32_t image, size_t cons, const uint32_t *items_of);

/*
 * A rejected (no quorum) cluster: every member is EXTRA, except those inside
 * an accepted crowd region (run once every cluster is voted).
 */
int tly_agree__conflicts_rejected(tly_agree_workspace *ws, const tly_agree_context *ctx,
				  uint32_t image, const uint32_t *items_of, size_t n);

/* One TIE conflict: no annotator, no consensus, CATEGORY = the tie's first label. */
int tly_agree__conflict_tie(tly_agree_workspace *ws, uint32_t image, tly_task task, uint32_t category);

/*
 * The TIE conflict of tied cluster ITEMS_OF[0..n) (CATEGORY = the tie's
 * first label) and its votes in ws->tvotes: one per member, by annotator.
 */
int tly_agree__conflict_tie_cluster(tly_agree_workspace *ws, uint32_t image, uint32_t category,
				    const uint32_t *items_of, size_t n);

/*
 * The labels task's conflicts, after its vote is in ws->lvote / ws->tags; a
 * tied vote's TIE conflict comes first, with every voter's labels as its
 * votes (by voter, then label).
 */
int tly_agree__conflicts_labels(tly_agree_workspace *ws, const tly_agree_context *ctx, uint32_t image);

#endif
