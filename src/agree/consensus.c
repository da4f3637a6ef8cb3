/*
 * Consensus of one image (SPEC §5): match V's objects into clusters, vote
 * each (quorum, plurality label, median/mean box, tie rule), keep accepted
 * clusters with their members' IoU to the consensus box (or, when every
 * member has a mask, to the majority or STAPLE mask); vote the labels.
 * Under vote.weights the labels are the model's (weights.c). Crowd regions
 * cluster only among themselves (the matcher's rule) and an accepted crowd
 * cluster is a consensus object with iscrowd 1, its shape voted as any other.
 * Checked by tests/agree/test_consensus.c and test_crowd.c.
 */
#include <math.h>
#include <string.h>

#include "agree/conflicts.h"
#include "agree/consensus.h"
#include "agree/weights.h"
#include "agree/weights_mask.h"
#include "tally/vote.h"

/*
 * The consensus mask of accepted cluster ITEMS_OF[0..n) (majority or
 * STAPLE, vote.mask), kept in ws->masks beside the object about to be
 * pushed (an empty entry for box consensus). When made, *geom becomes the
 * mask with its bounding box, and *agreement the mean mask IoU of the
 * members to it. 0 or an error.
 */
static int vote_mask(tly_agree_workspace *ws, const tly_agree_context *ctx, tly_geometry *geom,
		     double *agreement, const uint32_t *items_of, size_t n)
{
	size_t i, cons = ws->cons.n;
	double sum = 0;
	tly_staple_result st;
	tly_rle mask;
	int made, fallback;

	if ((made = tly_agree__cluster_mask(&mask, &st, &fallback, ctx, ws->items.v, items_of, n)) < 0)
		return made;
	ws->staple_fallbacks += (uint32_t)fallback;
	if (made)
		tly_agree__staple_credit(ws, &st, items_of, n, &mask);
	if (TLY_AGREE_RESERVE(&ws->masks, cons + 1) < 0) {
		tly_rle_clear(&mask);
		return TLY_ENOMEM;
	}
	while (ws->masks.n < cons)
		tly_rle_init(&ws->masks.v[ws->masks.n++]);
	ws->masks.v[ws->masks.n++] = mask;
	if (!made)
		return 0;
	geom->kind = TLY_GEOM_MASK;
	geom->box = tly_rle_bbox(&ws->masks.v[cons]);
	geom->rle = &ws->masks.v[cons];
	for (i = 0; i < n; i++)
		sum += tly_geom_iou(ws->items.v[items_of[i]].geom, geom);
	*agreement = sum / (double)n;
	return 0;
}

/* Record accepted cluster C (members ITEMS_OF[0..n)) as a consensus object. */
static int accept(tly_agree_workspace *ws, const tly_agree_context *ctx, uint32_t image,
		  const tly_vote_object_result *vr, const uint32_t *items_of, size_t n)
{
	tly_cons_object co;
	tly_geometry geom = vr->geom;
	double agreement = vr->agreement;
	size_t i;
	int error;

	if ((error = vote_mask(ws, ctx, &geom, &agreement, items_of, n)) < 0)
		return error;
	memset(&co, 0, sizeof(co));
	co.image = image;
	co.category = vr->category;
	/* field by field: padding stays zero, so results compare bytewise;
	 * the mask pointer is set when the image's result is copied out */
	co.geom.kind = geom.kind;
	co.geom.box = geom.box;
	co.support = (uint32_t)n;
	co.votes = vr->votes;
	co.voters = (uint32_t)ws->vobj.annotator.n;
	co.confidence = vr->confidence;
	co.agreement = agreement;
	co.first_member = ws->members.n;
	co.iscrowd = vr->iscrowd;
	if (TLY_AGREE_PUSH(&ws->cons, co) < 0 || TLY_AGREE_RESERVE(&ws->members, ws->members.n + n) < 0)
		return TLY_ENOMEM;
	for (i = 0; i < n; i++) {
		const tly_match_item *it = &ws->items.v[items_of[i]];
		tly_cons_member m;

		memset(&m, 0, sizeof(m));
		m.object_id = it->key;
		m.annotator = it->owner;
		m.category = it->label;
		m.iou = tly_geom_iou(it->geom, &geom);
		ws->members.v[ws->members.n++] = m;
	}
	return 0;
}

/*
 * The conflicts of every voted cluster, in cluster order. They come after
 * all the votes because whether a rejected object is EXTRA depends on the
 * accepted crowd regions, which may come from a later cluster.
 */
static int cluster_conflicts(tly_agree_workspace *ws, const tly_agree_context *ctx, uint32_t image)
{
	size_t c, cons = 0;
	int error = 0;

	for (c = 0; c < ws->votes.n && !error; c++) {
		const uint32_t *items_of = ws->clus.members + ws->clus.start[c];
		size_t n = ws->clus.start[c + 1] - ws->clus.start[c];

		switch (ws->votes.v[c].status) {
		case TLY_VOTE_ACCEPTED:
			/* accepted clusters became consensus objects in cluster order */
			error = tly_agree__conflicts_accepted(ws, ctx, image, cons++, items_of);
			break;
		case TLY_VOTE_NO_QUORUM:
			error = tly_agree__conflicts_rejected(ws, ctx, image, items_of, n);
			break;
		case TLY_VOTE_TIE:
			error = tly_agree__conflict_tie_cluster(ws, image, ws->votes.v[c].category, items_of, n);
			break;
		}
	}
	return error;
}

int tly_agree__vote_objects(tly_agree_workspace *ws, const tly_agree_context *ctx, uint32_t image,
			    const char **why)
{
	size_t c, nc;
	int error = 0;

	ws->tie_objects = 0;
	if (ws->items.n == 0)
		return 0;
	if ((error = tly_match_cluster(&ws->clus, ws->items.v, ws->items.n, &ctx->match)) < 0) {
		*why = error == TLY_ENOMEM ? "out of memory" :
		       error == TLY_ELIMIT ? "too many overlapping objects to match (TLY_MAX_CANDIDATE_PAIRS)" :
		       "matching failed";
		return error;
	}
	nc = ws->clus.n_clusters;
	if (TLY_AGREE_RESERVE(&ws->votes, nc) < 0 ||
	    TLY_AGREE_RESERVE(&ws->seen, ws->vobj.annotator.n) < 0) {
		*why = "out of memory";
		return TLY_ENOMEM;
	}
	ws->votes.n = nc;
	for (c = 0; c < nc; c++) {
		const uint32_t *items_of = ws->clus.members + ws->clus.start[c];
		size_t n = ws->clus.start[c + 1] - ws->clus.start[c];
		tly_vote_object_result *vr = &ws->votes.v[c];

		if ((error = tly_agree__observe_cluster(ws, ctx, (uint32_t)c, ws->items.v, items_of, n)) < 0 ||
		    (error = tly_agree__vote_cluster(vr, ws, ctx, ws->items.v, items_of, n,
						     (uint32_t)ws->vobj.annotator.n)) < 0) {
			*why = error == TLY_ENOMEM ? "out of memory" : "object vote failed";
			return error;
		}
		if (vr->status == TLY_VOTE_TIE)
			ws->tie_objects = 1;
		if (vr->status == TLY_VOTE_ACCEPTED && (error = accept(ws, ctx, image, vr, items_of, n)) < 0) {
			*why = "out of memory";
			return error;
		}
	}
	if ((error = cluster_conflicts(ws, ctx, image)) < 0)
		*why = "out of memory";
	return error;
}

int tly_agree__vote_labels(tly_agree_workspace *ws, const tly_agree_context *ctx, uint32_t image,
			   const char **why)
{
	size_t i, nv = ws->vlab.annotator.n, n_out = 0;
	int tie = 0, error = 0;

	ws->tie_labels = 0;
	ws->lvote.n = 0;
	if (nv == 0)
		return 0;
	if (TLY_AGREE_RESERVE(&ws->lvote, ctx->n_categories ? ctx->n_categories : 1) < 0) {
		*why = "out of memory";
		return TLY_ENOMEM;
	}
	/* the labels item follows the image's clusters */
	error = tly_agree__observe_labels(ws, ctx, ws->obs_items);
	if (error == 0 && ctx->weights && !ctx->multi)
		error = tly_agree__vote_labels_weighted(ws->lvote.v, &n_out, &tie, ws, ctx, nv);
	else if (error == 0)
		error = tly_vote_labels(ws->lvote.v, &n_out, &tie, ws->sets.v, nv, ctx->multi,
					ctx->n_categories, ctx->policy, ctx->label_names);
	if (error < 0) {
		*why = error == TLY_ENOMEM ? "out of memory" : "label vote failed";
		return error;
	}
	ws->lvote.n = n_out;
	ws->tie_labels = tie;
	for (i = 0; i < n_out; i++) {
		tly_cons_tag t;

		memset(&t, 0, sizeof(t));
		t.image = image;
		t.category = ws->lvote.v[i].category;
		t.votes = ws->lvote.v[i].votes;
		t.voters = (uint32_t)nv;
		t.confidence = ws->lvote.v[i].confidence;
		if (TLY_AGREE_PUSH(&ws->tags, t) < 0) {
			*why = "out of memory";
			return TLY_ENOMEM;
		}
	}
	if ((error = tly_agree__conflicts_labels(ws, ctx, image)) < 0)
		*why = "out of memory";
	return error;
}
