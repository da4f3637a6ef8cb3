/*
 * Crowd regions as COCO's detection evaluation (pycocotools cocoeval.py,
 * evaluateImg) treats them: a ground-truth crowd region is an "ignore"
 * region; a detection matched to no ordinary ground truth but overlapping
 * a crowd region of its category by |dt ∩ crowd| / |dt| >= the threshold is
 * ignored (neither true nor false positive), and crowd regions are never
 * missed. Here both sides may hold crowd regions; the caller picks whether
 * the rule runs both ways. Checked by tests/agree/test_crowd.c.
 */
#include <string.h>

#include "agree/crowd.h"
#include "tally/error.h"

int tly_agree__inside_crowd(const tly_geometry *obj, uint32_t label, const tly_geometry *crowd,
			    uint32_t crowd_label, double iou)
{
	return label == crowd_label && tly_geom_crowd_iou(obj, crowd) >= iou;
}

static size_t count_crowd(const tly_match_item *x, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += x[i].iscrowd ? 1 : 0;
	return k;
}

/*
 * Ordinary objects of X in no pair (USED[i] == 0) inside some crowd region
 * of CROWDS, at each pair's match threshold (tly_match_pair_iou).
 */
static uint64_t ignored(const tly_match_item *x, size_t nx, const uint8_t *used,
			const tly_match_item *crowds, size_t nc, const tly_match_options *opts)
{
	uint64_t n = 0;
	size_t i, k;

	for (i = 0; i < nx; i++) {
		if (x[i].iscrowd || used[i])
			continue;
		for (k = 0; k < nc; k++) {
			if (crowds[k].iscrowd &&
			    tly_agree__inside_crowd(x[i].geom, x[i].label, crowds[k].geom, crowds[k].label,
						    tly_match_pair_iou(opts, &x[i], &crowds[k]))) {
				n++;
				break;
			}
		}
	}
	return n;
}

int tly_agree__crowd_compare(tly_agree_crowd_score *out, tly_agree_workspace *ws,
			     const tly_match_item *a, size_t na, const tly_match_item *r, size_t nr,
			     const tly_match_options *opts, int symmetric)
{
	size_t crowd_a = count_crowd(a, na), crowd_r = count_crowd(r, nr), i;
	int check_a = crowd_r > 0, check_r = symmetric && crowd_a > 0;
	uint8_t *used = NULL;
	int error;

	memset(out, 0, sizeof(*out));
	out->n_a = na - crowd_a;
	out->n_r = nr - crowd_r;
	ws->n_mp = 0;
	if (na && nr && (error = tly_match_pairs(&ws->mp, &ws->mp_cap, &ws->n_mp, a, na, r, nr, opts)) < 0)
		return error;
	if (check_a || check_r) {
		if (TLY_AGREE_RESERVE(&ws->seen, na + nr + 1) < 0)
			return TLY_ENOMEM;
		used = ws->seen.v;
		memset(used, 0, na + nr);
	}
	for (i = 0; i < ws->n_mp; i++) {
		const tly_match_pair *p = &ws->mp[i];

		/* Two crowd regions that match are two ignore regions: nothing to score. */
		if (a[p->a].iscrowd)
			continue;
		out->matched++;
		out->iou_sum += p->iou;
		out->tp += p->same_label ? 1 : 0;
		if (used) {
			used[p->a] = 1;
			used[na + p->r] = 1;
		}
	}
	if (check_a)
		out->n_a -= ignored(a, na, used, r, nr, opts);
	if (check_r)
		out->n_r -= ignored(r, nr, used + na, a, na, opts);
	return 0;
}
