/*
 * Voting image-level labels (SPEC §5): single-label images take the
 * plurality label when its share of V meets the quorum (ties per vote.tie);
 * multi-label images keep each label whose share meets the quorum. A label
 * with labels.NAME.vote.quorum in the rules is held to its own quorum.
 * Worked cases in tests/vote/test_labels.c.
 */
#include <string.h>

#include "tally/error.h"
#include "tally/vote.h"
#include "vote/quorum.h"
#include "vote/tie.h"

/*
 * Count LABEL into the category-sorted tally OUT[0..*nd). OUT doubles as
 * the counting table so only categories that occur cost anything: an image
 * has a few labels, a dataset may have thousands of categories.
 */
static void count(tly_vote_label *out, size_t *nd, uint32_t label)
{
	size_t lo = 0, hi = *nd, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (out[mid].category < label)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < *nd && out[lo].category == label) {
		out[lo].votes++;
		return;
	}
	memmove(&out[lo + 1], &out[lo], (*nd - lo) * sizeof(*out));
	out[lo].category = label;
	out[lo].votes = 1;
	out[lo].confidence = 0;
	(*nd)++;
}

static int tally_sets(tly_vote_label *out, size_t *nd, const tly_label_set *sets, size_t voters,
		      size_t n_categories)
{
	size_t v, i;
	uint32_t lab;

	*nd = 0;
	for (v = 0; v < voters; v++) {
		if (sets[v].n && !sets[v].labels)
			return tly_error_set(TLY_EARG, "tly_vote_labels: voter %zu: NULL labels", v);
		for (i = 0; i < sets[v].n; i++) {
			lab = sets[v].labels[i];
			if (lab >= n_categories)
				return tly_error_set(TLY_EARG,
						     "tly_vote_labels: voter %zu: category %u >= %zu",
						     v, (unsigned)lab, n_categories);
			/* A repeated label would count twice and push a share past 1. */
			if (i && lab <= sets[v].labels[i - 1])
				return tly_error_set(TLY_EARG,
						     "tly_vote_labels: voter %zu: labels not ascending and distinct", v);
			count(out, nd, lab);
		}
	}
	return 0;
}

/* Single-label vote over the tally OUT[0..nd); leaves the kept label (or none) at OUT[0]. */
static size_t single(tly_vote_label *out, size_t nd, int *tie, uint32_t voters,
		     const tly_policy *policy, const char *const *names)
{
	size_t i, best = 0, tied = 0;

	for (i = 0; i < nd; i++) {
		if (!tied || out[i].votes > out[best].votes) {
			best = i;
			tied = 1;
		} else if (out[i].votes == out[best].votes) {
			tied++;
			if (tly_vote__tie_before(out[i].category, out[best].category, names))
				best = i;
		}
	}
	/* A plurality below the quorum is no consensus whichever label won,
	 * so only a tie that would otherwise be accepted counts as a tie. */
	if (!tied ||
	    !tly_quorum_met(tly_vote__quorum(policy, names, out[best].category), out[best].votes, voters))
		return 0;
	if (tied > 1 && policy->tie == TLY_TIE_REVIEW) {
		*tie = 1;
		return 0;
	}
	out[0] = out[best];
	return 1;
}

int tly_vote_labels(tly_vote_label *out, size_t *n_out, int *tie,
		    const tly_label_set *sets, size_t voters, int multi,
		    size_t n_categories, const tly_policy *policy,
		    const char *const *label_names)
{
	size_t nd = 0, i, kept = 0;
	int error = 0;

	if (!n_out || !tie || !policy || (n_categories && !out) || (voters && !sets))
		return tly_error_set(TLY_EARG, "tly_vote_labels: NULL argument");
	*n_out = 0;
	*tie = 0;
	if (voters > UINT32_MAX)
		return tly_error_set(TLY_ELIMIT, "tly_vote_labels: %zu voters", voters);
	if ((error = tally_sets(out, &nd, sets, voters, n_categories)) < 0)
		goto out;
	for (i = 0; i < nd; i++)
		out[i].confidence = (double)out[i].votes / (double)voters;
	if (!multi) {
		kept = single(out, nd, tie, (uint32_t)voters, policy, label_names);
	} else {
		for (i = 0; i < nd; i++)
			if (tly_quorum_met(tly_vote__quorum(policy, label_names, out[i].category), out[i].votes,
					   (uint32_t)voters))
				out[kept++] = out[i];
	}
	*n_out = kept;
out:
	return error;
}
