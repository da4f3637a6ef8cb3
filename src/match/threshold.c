/*
 * The IoU a pair of items must reach (include/tally/match.h): each item's
 * threshold is its label's override, else its shape kind's, else match.iou
 * (label > geometry > match.iou), and a pair needs the larger of its two.
 * Taking the larger keeps the rule symmetric and order-free, so clusters
 * stay deterministic. Worked cases in tests/match/test_threshold.c.
 */
#include "match/threshold.h"
#include "tally/error.h"

double tly_match_item_iou(const tly_match_options *opts, const tly_match_item *it)
{
	int k;

	if (opts->label_iou && it->label < opts->n_label_iou && opts->label_iou[it->label] != 0)
		return opts->label_iou[it->label];
	k = it->geom ? (int)it->geom->kind - 1 : -1;
	if (k >= 0 && k < 4 && opts->kind_iou[k] != 0)
		return opts->kind_iou[k];
	return opts->iou;
}

double tly_match_pair_iou(const tly_match_options *opts, const tly_match_item *a,
			  const tly_match_item *b)
{
	double ta = tly_match_item_iou(opts, a), tb = tly_match_item_iou(opts, b);

	return ta > tb ? ta : tb;
}

int tly_match__uniform(const tly_match_options *opts)
{
	return !opts->label_iou && opts->kind_iou[0] == 0 && opts->kind_iou[1] == 0 &&
	       opts->kind_iou[2] == 0 && opts->kind_iou[3] == 0;
}

int tly_match__check_thresholds(const tly_match_options *opts, const tly_match_item *items, size_t n,
				const char *where)
{
	size_t i;
	double t;

	if (!(opts->iou > 0 && opts->iou <= 1))
		return tly_error_set(TLY_EARG, "%s: match.iou %g outside (0, 1]", where, opts->iou);
	if (tly_match__uniform(opts))
		return 0;
	for (i = 0; i < n; i++) {
		t = tly_match_item_iou(opts, &items[i]);
		if (!(t > 0 && t <= 1))
			return tly_error_set(TLY_EARG, "%s: item %zu: threshold %g outside (0, 1]", where, i, t);
	}
	return 0;
}
