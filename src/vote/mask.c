/*
 * Consensus mask of a cluster (SPEC §5, issue 3 item 4): the pixel-wise
 * majority of its members' masks, merged run against run without decoding.
 * Worked cases in tests/vote/test_mask.c.
 */
#include <string.h>

#include "tally/vote.h"
#include "util/alloc.h"

int tly_vote_mask(tly_rle *out, const tly_match_item *items, const uint32_t *members, size_t n)
{
	tly_rle *rles = NULL;
	size_t i;
	int error = 0;

	if (!out)
		return 0;
	tly_rle_init(out);
	if (n == 0 || !items || !members)
		return 0;
	for (i = 0; i < n; i++) {
		const tly_rle *r = items[members[i]].geom ? items[members[i]].geom->rle : NULL;

		/* A box among masks, or masks of different sizes: no pixel vote. */
		if (!r || r->h != items[members[0]].geom->rle->h || r->w != items[members[0]].geom->rle->w)
			return 0;
	}
	if (!(rles = tly_reallocarray(NULL, n, sizeof(*rles))))
		return TLY_ENOMEM;
	/* Shallow copies: the merge only reads the runs. */
	for (i = 0; i < n; i++)
		rles[i] = *items[members[i]].geom->rle;
	error = tly_rle_merge(out, rles, n, TLY_RLE_MAJORITY);
	tly_free(rles);
	return error < 0 ? error : 1;
}
