/*
 * Voting one cluster into a consensus object (SPEC §5): quorum on the
 * cluster's size, plurality label with vote.tie, consensus box, and the
 * confidence / agreement figures; a cluster of crowd regions votes a crowd
 * region. The quorum is the consensus label's (labels.NAME.vote.quorum),
 * else vote.quorum. Worked cases in tests/vote/test_object.c.
 */
#include <math.h>
#include <string.h>

#include "tally/error.h"
#include "tally/vote.h"
#include "vote/box.h"
#include "vote/quorum.h"
#include "vote/tie.h"

/*
 * Plurality label of the members: *best gets the winner (the tie-break
 * choice when tied), *votes its count, and the return value the number of
 * labels sharing that count. Counting by rescanning is O(n^2) in the
 * cluster size, which is at most |V| (a handful): cheaper than any table.
 */
static size_t plurality(uint32_t *best, uint32_t *votes, const tly_match_item *items,
			const uint32_t *members, size_t n, const char *const *names)
{
	size_t i, j, tied = 0;
	uint32_t lab, cnt;
	int seen;

	*votes = 0;
	*best = UINT32_MAX;
	for (i = 0; i < n; i++) {
		lab = items[members[i]].label;
		for (j = 0, seen = 0; j < i && !seen; j++)
			seen = items[members[j]].label == lab;
		if (seen)
			continue;
		for (j = i, cnt = 0; j < n; j++)
			cnt += items[members[j]].label == lab;
		if (cnt > *votes) {
			*best = lab;
			*votes = cnt;
			tied = 1;
		} else if (cnt == *votes) {
			tied++;
			if (tly_vote__tie_before(lab, *best, names))
				*best = lab;
		}
	}
	return tied;
}

/* A cluster of points votes a point; anything else (boxes, shapes through their boxes) a box. */
static tly_geom_kind consensus_kind(const tly_match_item *items, const uint32_t *members, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (items[members[i]].geom->kind != TLY_GEOM_POINT)
			return TLY_GEOM_BOX;
	return TLY_GEOM_POINT;
}

int tly_vote_object(tly_vote_object_result *out, const tly_match_item *items,
		    const uint32_t *members, size_t n, uint32_t voters,
		    const tly_policy *policy, const char *const *label_names)
{
	size_t i, tied;
	double sum = 0;

	if (!out || !policy || (n && (!items || !members)))
		return tly_error_set(TLY_EARG, "tly_vote_object: NULL argument");
	if (n > voters)
		return tly_error_set(TLY_EARG, "tly_vote_object: %zu members but %u voters", n,
				     (unsigned)voters);
	for (i = 0; i < n; i++)
		if (!items[members[i]].geom)
			return tly_error_set(TLY_EARG, "tly_vote_object: member %zu has no geometry", i);
	memset(out, 0, sizeof(*out));
	out->status = TLY_VOTE_NO_QUORUM;
	out->category = UINT32_MAX;
	out->geom.kind = TLY_GEOM_BOX;
	out->confidence = voters ? 0.0 : NAN;
	out->agreement = NAN;
	if (n == 0)
		return 0;
	/* Everything below is filled even when the quorum fails, so a
	 * rejected cluster can still be described (what it would have been). */
	tied = plurality(&out->category, &out->votes, items, members, n, label_names);
	out->geom.kind = consensus_kind(items, members, n);
	out->iscrowd = 1;
	for (i = 0; i < n; i++)
		if (!items[members[i]].iscrowd)
			out->iscrowd = 0;
	tly_vote__box_of_members(&out->geom.box, items, members, n, policy->box);
	out->confidence = (double)out->votes / (double)voters;
	for (i = 0; i < n; i++)
		sum += tly_geom_iou(items[members[i]].geom, &out->geom);
	out->agreement = sum / (double)n;
	/* the consensus label's quorum (labels.NAME.vote.quorum), the tie-break label's when tied */
	if (!tly_quorum_met(tly_vote__quorum(policy, label_names, out->category), (uint32_t)n, voters))
		out->status = TLY_VOTE_NO_QUORUM;
	else if (tied > 1 && policy->tie == TLY_TIE_REVIEW)
		out->status = TLY_VOTE_TIE;
	else
		out->status = TLY_VOTE_ACCEPTED;
	return 0;
}
