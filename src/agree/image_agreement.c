/*
 * Agreement of one image. Objects: mean over voter pairs of the pair's F1
 * (one-to-one pairing at match.iou, tp = same-label pairs, F1 =
 * 2tp/(|A|+|B|), 1 when both are empty; crowd regions and the objects
 * inside the other's crowd regions left out). Labels: mean over voters of
 * Jaccard(voter's labels, consensus labels), 1 when both are empty. The
 * score is the mean of the defined components (NaN with fewer than two
 * voters), label maps' mIoU included once the run has it (src/run/semantic.c).
 * Checked by tests/agree/test_image_agreement.c.
 */
#include <math.h>

#include "agree/crowd.h"
#include "agree/image_agreement.h"
#include "agree/pairs.h"
#include "tally/error.h"

size_t tly_agree__intersect(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t i = 0, j = 0, n = 0;

	while (i < na && j < nb) {
		if (a[i] < b[j]) {
			i++;
		} else if (b[j] < a[i]) {
			j++;
		} else {
			n++;
			i++;
			j++;
		}
	}
	return n;
}

/*
 * Mean pairwise F1 of the objects voters; NaN with fewer than two. Crowd
 * regions are left out of the counts, and an unpaired object inside the
 * other voter's crowd region of its label is not counted either (the
 * audit's ignore rule, both ways: neither voter is the reference).
 * ws->pair_tp receives tp, n_i and n_j of each voter pair, for the pair
 * statistics.
 */
static int objects_component(double *out, tly_agree_workspace *ws, const tly_agree_context *ctx)
{
	size_t nv = ws->vobj.annotator.n, i, j, np, k;
	const size_t *st = ws->vobj.start.v;
	tly_agree_crowd_score sc;
	double sum = 0.0;
	int error;

	*out = NAN;
	ws->pair_tp.n = 0;
	if (nv < 2)
		return 0;
	np = nv * (nv - 1) / 2;
	if (TLY_AGREE_RESERVE(&ws->pair_tp, 3 * np) < 0)
		return TLY_ENOMEM;
	ws->pair_tp.n = 3 * np;
	for (i = 0; i < nv; i++) {
		for (j = i + 1; j < nv; j++) {
			error = tly_agree__crowd_compare(&sc, ws, ws->items.v + st[i], st[i + 1] - st[i],
							 ws->items.v + st[j], st[j + 1] - st[j], &ctx->match, 1);
			if (error < 0)
				return error;
			k = 3 * tly_agree__tri(i, j, nv);
			if ((error = tly_agree__keep_label_pairs(ws, k / 3, ws->items.v + st[i],
								 ws->items.v + st[j])) < 0)
				return error;
			ws->pair_tp.v[k] = sc.tp;
			ws->pair_tp.v[k + 1] = sc.n_a;
			ws->pair_tp.v[k + 2] = sc.n_r;
			sum += sc.n_a + sc.n_r ? 2.0 * (double)sc.tp / (double)(sc.n_a + sc.n_r) : 1.0;
		}
	}
	*out = sum / (double)np;
	return 0;
}

/* Mean Jaccard of each labels voter with the consensus; NaN with fewer than two. */
static int labels_component(double *out, tly_agree_workspace *ws)
{
	size_t nv = ws->vlab.annotator.n, nc = ws->lvote.n, i, k;
	double sum = 0.0;

	*out = NAN;
	if (nv < 2)
		return 0;
	if (TLY_AGREE_RESERVE(&ws->scratch, nc) < 0)
		return TLY_ENOMEM;
	for (k = 0; k < nc; k++)
		ws->scratch.v[k] = ws->lvote.v[k].category;
	for (i = 0; i < nv; i++) {
		const tly_label_set *s = &ws->sets.v[i];
		size_t inter = tly_agree__intersect(s->labels, s->n, ws->scratch.v, nc);
		size_t uni = s->n + nc - inter;

		sum += uni ? (double)inter / (double)uni : 1.0;
	}
	*out = sum / (double)nv;
	return 0;
}

void tly_agree__score(tly_image_stats *st, int tie, const tly_policy *policy)
{
	const double part[3] = {st->agreement_objects, st->agreement_labels, st->agreement_maps};
	double sum = 0.0;
	int parts = 0, i;

	for (i = 0; i < 3; i++) {
		if (!isnan(part[i])) {
			sum += part[i];
			parts++;
		}
	}
	st->agreement = parts ? sum / (double)parts : NAN;
	/* review triggers (SPEC §8): a tie (unless review.ties is off), low
	 * agreement, more conflicts than review.max_conflicts */
	st->flagged = (tie && policy->review_ties) || (parts && st->agreement < policy->min_agreement) ||
		      (policy->max_conflicts >= 0 && st->n_conflicts > (uint64_t)policy->max_conflicts);
}

int tly_agree__agreement(tly_agree_workspace *ws, const tly_agree_context *ctx, const char **why)
{
	tly_image_stats *st = &ws->stats;
	int error;

	if ((error = objects_component(&st->agreement_objects, ws, ctx)) < 0 ||
	    (error = labels_component(&st->agreement_labels, ws)) < 0) {
		*why = error == TLY_ENOMEM ? "out of memory" : "pairing failed";
		return error;
	}
	/* the votes have listed the image's conflicts by now; the count is a review trigger */
	st->n_conflicts = (uint32_t)ws->conflicts.n;
	tly_agree__score(st, ws->tie_objects || ws->tie_labels, ctx->policy);
	return 0;
}
