/*
 * Per-label quorum (rules labels.NAME.vote.quorum, issue 5): looked up by
 * the voted label's name, so every vote of the run (consensus, leave-one-out
 * audit, panoptic instances) applies the same override without a table to
 * pass around. A rules file without labels.NAME costs one comparison.
 * Checked by tests/vote/test_object.c and test_labels.c.
 */
#include "vote/quorum.h"

const tly_quorum *tly_vote__quorum(const tly_policy *policy, const char *const *names, uint32_t category)
{
	const tly_override *o;

	if (!policy->n_labels || !names || category == UINT32_MAX || !names[category])
		return &policy->quorum;
	o = tly_policy_label(policy, names[category]);
	return o && o->has_quorum ? &o->quorum : &policy->quorum;
}
