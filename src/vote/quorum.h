/*
 * The quorum a vote uses for one label: the rules' labels.NAME.vote.quorum
 * when the label has one, else vote.quorum. Shared by object and label votes.
 */
#ifndef TLY_VOTE_QUORUM_H
#define TLY_VOTE_QUORUM_H

#include <stdint.h>

#include "tally/rules.h"

/*
 * The quorum of CATEGORY under POLICY: its labels.NAME override when
 * NAMES[category] names a label that has one, else policy->quorum (also
 * when NAMES is NULL or CATEGORY is UINT32_MAX). Borrowed from POLICY.
 */
const tly_quorum *tly_vote__quorum(const tly_policy *policy, const char *const *names, uint32_t category);

#endif
