/*
 * Lifetime of the agree workspace and its growth rule: buffers double and
 * never shrink, so after the first few images a thread stops allocating.
 */
#include <string.h>

#include "agree/workspace.h"
#include "tally/error.h"
#include "util/alloc.h"

int tly_agree__reserve(void **items, size_t *cap, size_t need, size_t elem)
{
	size_t ncap;
	void *p;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 16;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2) {
			ncap = need;
			break;
		}
		ncap *= 2;
	}
	p = tly_reallocarray(*items, ncap, elem);
	if (!p)
		return TLY_ENOMEM;
	*items = p;
	*cap = ncap;
	return 0;
}

size_t tly_agree__tri(size_t i, size_t j, size_t n)
{
	/* rows 0..i-1 hold (n-1) + (n-2) + ... + (n-i) pairs */
	return i * (2 * n - i - 1) / 2 + (j - i - 1);
}

int tly_agree_workspace_new(tly_agree_workspace **out)
{
	tly_agree_workspace *ws;

	*out = NULL;
	ws = tly_calloc(1, sizeof(*ws));
	if (!ws)
		return TLY_ENOMEM;
	*out = ws;
	return 0;
}

#define FREE_ARRAY(a) tly_free((a).v)

static void free_voters(tly_agree_voters *v)
{
	FREE_ARRAY(v->annotator);
	FREE_ARRAY(v->entry);
	FREE_ARRAY(v->start);
}

void tly_agree__masks_reset(tly_agree_workspace *ws)
{
	size_t i;

	for (i = 0; i < ws->masks.n; i++)
		tly_rle_clear(&ws->masks.v[i]);
	ws->masks.n = 0;
	for (i = 0; i < ws->ref_masks.n; i++)
		tly_rle_clear(&ws->ref_masks.v[i]);
	ws->ref_masks.n = 0;
}

void tly_agree_workspace_free(tly_agree_workspace *ws)
{
	if (!ws)
		return;
	FREE_ARRAY(ws->sub_voter);
	free_voters(&ws->vobj);
	free_voters(&ws->vlab);
	FREE_ARRAY(ws->entries);
	FREE_ARRAY(ws->items);
	FREE_ARRAY(ws->item_voter);
	FREE_ARRAY(ws->gold_items);
	FREE_ARRAY(ws->labels);
	FREE_ARRAY(ws->label_tag);
	FREE_ARRAY(ws->gold_labels);
	FREE_ARRAY(ws->sets);
	FREE_ARRAY(ws->keys);
	FREE_ARRAY(ws->tagrefs);
	tly_clustering_clear(&ws->clus);
	FREE_ARRAY(ws->votes);
	FREE_ARRAY(ws->lvote);
	FREE_ARRAY(ws->seen);
	FREE_ARRAY(ws->scratch);
	tly_match_pairs_free(ws->mp);
	FREE_ARRAY(ws->pair_tp);
	FREE_ARRAY(ws->loo_items);
	tly_clustering_clear(&ws->loo_clus);
	FREE_ARRAY(ws->ref_geom);
	FREE_ARRAY(ws->ref_items);
	FREE_ARRAY(ws->loo_sets);
	FREE_ARRAY(ws->loo_lvote);
	tly_agree__masks_reset(ws);
	FREE_ARRAY(ws->masks);
	FREE_ARRAY(ws->ref_masks);
	FREE_ARRAY(ws->cons);
	FREE_ARRAY(ws->members);
	FREE_ARRAY(ws->tags);
	FREE_ARRAY(ws->conflicts);
	FREE_ARRAY(ws->ann);
	FREE_ARRAY(ws->pairs);
	FREE_ARRAY(ws->label_pairs);
	FREE_ARRAY(ws->label_pairs_at);
	FREE_ARRAY(ws->iou_units);
	FREE_ARRAY(ws->wpost);
	FREE_ARRAY(ws->wann);
	FREE_ARRAY(ws->wcat);
	FREE_ARRAY(ws->obs);
	FREE_ARRAY(ws->cattrs);
	FREE_ARRAY(ws->kattrs);
	FREE_ARRAY(ws->attr_refs);
	FREE_ARRAY(ws->tvotes);
	tly_free(ws);
}
