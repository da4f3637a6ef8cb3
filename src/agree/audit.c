/*
 * Annotator audit on one image (SPEC §6, as decided for the foundation).
 * vs_consensus is leave-one-out: voter a's objects are paired one-to-one
 * (tly_match_pairs) with the consensus the other voters reach alone, and
 * a's labels compared with their label vote; vs_gold uses the gold
 * submission instead. Objects: tp = same-label pairs, fp = own - tp,
 * fn = reference - tp (CVAT's valid/ds/gt). When every member of a reference
 * cluster has a mask, the reference is their consensus mask (majority or
 * STAPLE, as in the vote) and pairs score by mask IoU; under vote.weights
 * the leave-one-out labels come from the run's label model too. Crowd
 * regions (COCO iscrowd) are ignore regions as in COCO's evaluation
 * (src/agree/crowd.c): a reference crowd region is never fn and hides the
 * unpaired objects of its label inside it from fp; the annotator's own
 * crowd regions are neither tp nor fp. Checked by tests/agree/test_audit.c
 * and test_crowd.c.
 */
#include <string.h>

#include "agree/audit.h"
#include "agree/crowd.h"
#include "agree/image_agreement.h"
#include "agree/weights.h"
#include "agree/weights_mask.h"
#include "tally/error.h"
#include "tally/vote.h"

/* Add one comparison's score to C. */
static void add_score(tly_counts *c, const tly_agree_crowd_score *s)
{
	c->tp += s->tp;
	c->fp += s->n_a - s->tp;
	c->fn += s->n_r - s->tp;
	c->matched += s->matched;
	c->iou_sum += s->iou_sum;
	c->label_correct += s->tp;
	c->label_total += s->matched;
	c->images = 1;
}

/* Add one image's label set S against reference R (both ascending, unique). */
static void add_sets(tly_counts *c, const uint32_t *s, size_t ns, const uint32_t *r, size_t nr)
{
	size_t inter = tly_agree__intersect(s, ns, r, nr);

	c->tp += inter;
	c->fp += ns - inter;
	c->fn += nr - inter;
	c->label_total += 1;
	c->label_correct += inter == ns && inter == nr ? 1 : 0;
	c->images = 1;
}

/*
 * Pair voter V's objects with REF[0..nr) into C, crowd regions as COCO's
 * evaluation has them: REF's crowd regions are ignore regions (never fn;
 * V's unpaired objects inside one are not fp), and V's own crowd regions
 * count neither way. Objects of REF inside V's crowd regions stay fn: the
 * reference says they are there.
 */
static int pair_voter(tly_counts *c, tly_agree_workspace *ws, const tly_agree_context *ctx, size_t v,
		      const tly_match_item *ref, size_t nr)
{
	const size_t *st = ws->vobj.start.v;
	tly_agree_crowd_score score;
	int error;

	if ((error = tly_agree__crowd_compare(&score, ws, ws->items.v + st[v], st[v + 1] - st[v], ref, nr,
					      &ctx->match, 0)) < 0)
		return error;
	add_score(c, &score);
	return 0;
}

/*
 * The consensus objects of every voter but V, as reference items in
 * ws->ref_items (keyed by each cluster's smallest object id).
 */
static int loo_reference(tly_agree_workspace *ws, const tly_agree_context *ctx, size_t v)
{
	const size_t *st = ws->vobj.start.v;
	size_t n_other = ws->items.n - (st[v + 1] - st[v]), c, nc, i;
	uint32_t voters = (uint32_t)(ws->vobj.annotator.n - 1);
	int error;

	ws->ref_items.n = 0;
	for (i = 0; i < ws->ref_masks.n; i++)
		tly_rle_clear(&ws->ref_masks.v[i]);
	ws->ref_masks.n = 0;
	if (TLY_AGREE_RESERVE(&ws->loo_items, n_other) < 0)
		return TLY_ENOMEM;
	ws->loo_items.n = n_other;
	if (n_other == 0)
		return 0;
	/* (memcpy of zero bytes from a NULL pointer is still undefined) */
	if (st[v])
		memcpy(ws->loo_items.v, ws->items.v, st[v] * sizeof(*ws->items.v));
	if (ws->items.n > st[v + 1])
		memcpy(ws->loo_items.v + st[v], ws->items.v + st[v + 1],
		       (ws->items.n - st[v + 1]) * sizeof(*ws->items.v));
	if ((error = tly_match_cluster(&ws->loo_clus, ws->loo_items.v, n_other, &ctx->match)) < 0)
		return error;
	nc = ws->loo_clus.n_clusters;
	/* reserved before any pointer into ref_geom is taken: it must not move */
	if (TLY_AGREE_RESERVE(&ws->ref_geom, nc) < 0 || TLY_AGREE_RESERVE(&ws->ref_items, nc) < 0 ||
	    TLY_AGREE_RESERVE(&ws->ref_masks, nc) < 0)
		return TLY_ENOMEM;
	for (c = 0; c < nc; c++) {
		const uint32_t *m = ws->loo_clus.members + ws->loo_clus.start[c];
		size_t n = ws->loo_clus.start[c + 1] - ws->loo_clus.start[c];
		tly_vote_object_result vr;
		tly_match_item *ri;

		error = tly_agree__vote_cluster(&vr, ws, ctx, ws->loo_items.v, m, n, voters);
		if (error < 0)
			return error;
		if (vr.status != TLY_VOTE_ACCEPTED)
			continue; /* rejected or tied: no consensus object to compare with */
		ws->ref_geom.v[ws->ref_items.n] = vr.geom;
		/* Masks all round: the reference is their consensus mask, as in the vote. */
		error = tly_agree__cluster_mask(&ws->ref_masks.v[ws->ref_items.n], NULL, NULL, ctx,
						ws->loo_items.v, m, n);
		if (error < 0)
			return error;
		ws->ref_masks.n = ws->ref_items.n + 1;
		if (error) {
			tly_geometry *g = &ws->ref_geom.v[ws->ref_items.n];

			g->kind = TLY_GEOM_MASK;
			g->rle = &ws->ref_masks.v[ws->ref_items.n];
			g->box = tly_rle_bbox(g->rle);
		}
		ri = &ws->ref_items.v[ws->ref_items.n];
		ri->geom = &ws->ref_geom.v[ws->ref_items.n];
		ri->owner = UINT32_MAX;
		ri->label = vr.category;
		ri->key = ws->loo_items.v[m[0]].key;
		ri->iscrowd = vr.iscrowd;
		ws->ref_items.n++;
	}
	return 0;
}

static int audit_objects(tly_agree_workspace *ws, const tly_agree_context *ctx)
{
	size_t nv = ws->vobj.annotator.n, v;
	int error;

	for (v = 0; v < nv; v++) {
		tly_agree_annotator *a = &ws->ann.v[ws->vobj.entry.v[v]];

		/* with V \ {a} empty there is nothing to leave one out of; a
		 * weighted run's first pass (observe) wants the gold figures only */
		if (nv >= 2 && !ctx->observe) {
			if ((error = loo_reference(ws, ctx, v)) < 0 ||
			    (error = pair_voter(&a->vs_consensus, ws, ctx, v, ws->ref_items.v, ws->ref_items.n)) < 0)
				return error;
		}
		if (ws->has_gold_objects &&
		    (error = pair_voter(&a->vs_gold, ws, ctx, v, ws->gold_items.v, ws->gold_items.n)) < 0)
			return error;
	}
	return 0;
}

/* The label consensus of every labels voter but V into ws->scratch; *ok = 0 when it tied. */
static int loo_labels(int *ok, tly_agree_workspace *ws, const tly_agree_context *ctx, size_t v)
{
	size_t nv = ws->vlab.annotator.n, i, n_out = 0;
	int tie = 0, error;

	*ok = 0;
	if (TLY_AGREE_RESERVE(&ws->loo_sets, nv) < 0 ||
	    TLY_AGREE_RESERVE(&ws->loo_lvote, ctx->n_categories ? ctx->n_categories : 1) < 0)
		return TLY_ENOMEM;
	if (v)
		memcpy(ws->loo_sets.v, ws->sets.v, v * sizeof(*ws->sets.v));
	if (nv > v + 1)
		memcpy(ws->loo_sets.v + v, ws->sets.v + v + 1, (nv - v - 1) * sizeof(*ws->sets.v));
	if (ctx->weights && !ctx->multi)
		error = tly_agree__vote_labels_weighted(ws->loo_lvote.v, &n_out, &tie, ws, ctx, v);
	else
		error = tly_vote_labels(ws->loo_lvote.v, &n_out, &tie, ws->loo_sets.v, nv - 1, ctx->multi,
					ctx->n_categories, ctx->policy, ctx->label_names);
	if (error < 0)
		return error;
	if (tie)
		return 0; /* a tied reference under vote.tie = review is no reference: skip */
	if (TLY_AGREE_RESERVE(&ws->scratch, n_out) < 0)
		return TLY_ENOMEM;
	ws->scratch.n = n_out;
	for (i = 0; i < n_out; i++)
		ws->scratch.v[i] = ws->loo_lvote.v[i].category;
	*ok = 1;
	return 0;
}

static int audit_labels(tly_agree_workspace *ws, const tly_agree_context *ctx)
{
	size_t nv = ws->vlab.annotator.n, v;
	int ok, error;

	for (v = 0; v < nv; v++) {
		tly_agree_annotator *a = &ws->ann.v[ws->vlab.entry.v[v]];
		const tly_label_set *s = &ws->sets.v[v];

		if (nv >= 2 && !ctx->observe) {
			if ((error = loo_labels(&ok, ws, ctx, v)) < 0)
				return error;
			if (ok)
				add_sets(&a->vs_consensus, s->labels, s->n, ws->scratch.v, ws->scratch.n);
		}
		if (ws->has_gold_labels)
			add_sets(&a->vs_gold, s->labels, s->n, ws->gold_labels.v, ws->gold_labels.n);
	}
	return 0;
}

int tly_agree__audit(tly_agree_workspace *ws, const tly_agree_context *ctx, const char **why)
{
	int error;

	if ((error = audit_objects(ws, ctx)) < 0 || (error = audit_labels(ws, ctx)) < 0)
		*why = error == TLY_ENOMEM ? "out of memory" :
		       error == TLY_ELIMIT ? "too many overlapping objects to match (TLY_MAX_CANDIDATE_PAIRS)" :
		       "audit matching or voting failed";
	return error;
}
