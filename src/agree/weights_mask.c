/*
 * vote.mask (issue 4): a cluster's consensus mask is the pixel majority of
 * its members, or with "staple" the estimate of STAPLE (Warfield, Zou and
 * Wells 2004; src/agree/staple.c) over their masks, which weighs each
 * member by its sensitivity and specificity learnt on the cluster itself.
 * STAPLE groups pixels by which members mark them, 2^K patterns, so past
 * TLY_RLE_MAX_PATTERN_MASKS members the cluster keeps the majority (and
 * the run counts it). Checked by tests/agree/test_weights_mask.c.
 */
#include <string.h>

#include "agree/weights_mask.h"
#include "tally/vote.h"
#include "util/alloc.h"

/* Whether every member has a mask, all of one size (else there is no pixel vote). */
static int all_masks(const tly_match_item *items, const uint32_t *members, size_t n)
{
	const tly_rle *first = items[members[0]].geom ? items[members[0]].geom->rle : NULL;
	size_t i;

	if (!first)
		return 0;
	for (i = 0; i < n; i++) {
		const tly_rle *r = items[members[i]].geom ? items[members[i]].geom->rle : NULL;

		if (!r || r->h != first->h || r->w != first->w)
			return 0;
	}
	return 1;
}

static int staple_mask(tly_rle *out, tly_staple_result *st, const tly_match_item *items,
		       const uint32_t *members, size_t n)
{
	tly_rle masks[TLY_RLE_MAX_PATTERN_MASKS];
	tly_staple_result r;
	size_t i;
	int error;

	/* Shallow copies: STAPLE only reads the runs. */
	for (i = 0; i < n; i++)
		masks[i] = *items[members[i]].geom->rle;
	if ((error = tly_staple(&r, masks, n, NULL)) < 0)
		return error;
	*out = r.consensus;
	tly_rle_init(&r.consensus);
	if (st)
		*st = r;
	return 1;
}

int tly_agree__cluster_mask(tly_rle *out, tly_staple_result *st, int *fallback,
			    const tly_agree_context *ctx, const tly_match_item *items,
			    const uint32_t *members, size_t n)
{
	tly_rle_init(out);
	if (st)
		memset(st, 0, sizeof(*st));
	if (fallback)
		*fallback = 0;
	if (n == 0 || !items || !members || !all_masks(items, members, n))
		return 0;
	if (ctx->policy->mask == TLY_MASK_STAPLE) {
		if (n <= TLY_RLE_MAX_PATTERN_MASKS)
			return staple_mask(out, st, items, members, n);
		if (fallback)
			*fallback = 1;
	}
	return tly_vote_mask(out, items, members, n);
}

void tly_agree__staple_credit(tly_agree_workspace *ws, const tly_staple_result *st,
			      const uint32_t *items_of, size_t n, const tly_rle *mask)
{
	double in = (double)st->area;
	double out = (double)((uint64_t)mask->h * mask->w) - in;
	size_t i;

	if (st->k != n)
		return;
	for (i = 0; i < n; i++) {
		uint32_t voter = ws->item_voter.v[items_of[i]];
		tly_agree_annotator *a = &ws->ann.v[ws->vobj.entry.v[voter]];

		a->staple_clusters++;
		a->staple_in += in;
		a->staple_sens += st->sensitivity[i] * in;
		a->staple_out += out;
		a->staple_spec += st->specificity[i] * out;
	}
}
