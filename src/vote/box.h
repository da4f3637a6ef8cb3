/*
 * Consensus box of a cluster, shared by tly_vote_box (boxes by pointer)
 * and tly_vote_object (members by index), so neither has to build a
 * pointer array.
 */
#ifndef TLY_VOTE_BOX_H
#define TLY_VOTE_BOX_H

#include "tally/match.h"
#include "tally/rules.h"

/* tly_vote_box over the boxes of ITEMS[MEMBERS[0..n)]. */
void tly_vote__box_of_members(tly_box *out, const tly_match_item *items, const uint32_t *members,
			      size_t n, tly_box_policy policy);

#endif
