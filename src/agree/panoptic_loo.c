/*
 * The thing instances of an image's consensus with one annotator left out,
 * for auditing that annotator's panoptic segmentation against the others
 * (SPEC §6: "leave-one-out: the annotator's own vote is removed before
 * comparing"). Same clustering and vote as the run's consensus (SPEC §4-5,
 * public tly_match_cluster / tly_vote_object / tly_vote_mask). Checked by
 * tests/run/test_panoptic_run.c.
 */
#include <string.h>

#include "agree/panoptic.h"
#include "tally/vote.h"
#include "util/alloc.h"

void tly_panoptic__loo_clear(tly_panoptic__loo *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n_masks; i++)
		tly_rle_clear(&l->masks[i]);
	tly_free(l->masks);
	tly_free(l->items);
	tly_free(l->things);
	tly_clustering_clear(&l->clus);
	memset(l, 0, sizeof(*l));
}

/* Grow *p (capacity *cap elements of SIZE) to hold NEED; 0 or TLY_ENOMEM. */
static int reserve(void **p, size_t *cap, size_t need, size_t size)
{
	size_t nc;
	void *q;

	if (need <= *cap)
		return 0;
	nc = *cap ? *cap : 16;
	while (nc < need)
		nc *= 2;
	if (!(q = tly_reallocarray(*p, nc, size)))
		return TLY_ENOMEM;
	*p = q;
	*cap = nc;
	return 0;
}

/* A voter's object: a non-gold objects submission by someone other than SKIP. */
static int votes(const tly_image *im, const tly_object *o, uint32_t skip)
{
	const tly_submission *s = &im->subs[o->sub];

	return !s->gold && s->task == TLY_TASK_OBJECTS && o->annotator != skip;
}

/*
 * Items of V' with crowd flag CROWD into l->items; *n their count. Object
 * submissions were checked in range by the caller.
 */
static int gather(tly_panoptic__loo *l, const tly_image *im, uint32_t skip, int crowd, size_t *n)
{
	size_t i;

	*n = 0;
	for (i = 0; i < im->n_objs; i++) {
		const tly_object *o = &im->objs[i];
		tly_match_item *it;

		if (!votes(im, o, skip) || (o->iscrowd != 0) != (crowd != 0))
			continue;
		if (reserve((void **)&l->items, &l->cap_items, *n + 1, sizeof(*l->items)) < 0)
			return TLY_ENOMEM;
		it = &l->items[(*n)++];
		/* zeroed first: fields the matcher may gain default to "no" */
		memset(it, 0, sizeof(*it));
		it->geom = &o->geom;
		it->owner = o->annotator;
		it->label = o->category;
		it->key = o->id;
		it->iscrowd = o->iscrowd;
	}
	return 0;
}

/*
 * Cluster and vote the N items in l->items, appending a thing per accepted
 * cluster with a mask. l->masks and l->things have room for every object
 * of the image (a cluster holds at least one), so the masks never move
 * while things point at them.
 */
static int vote_group(tly_panoptic__loo *l, const tly_agree_context *ctx, size_t n, uint32_t voters,
		      int crowd, const char **why)
{
	size_t c;
	int error;

	if (n == 0)
		return 0;
	if ((error = tly_match_cluster(&l->clus, l->items, n, &ctx->match)) < 0) {
		*why = error == TLY_ELIMIT ? "too many overlapping objects to match" : "matching failed";
		return error;
	}
	for (c = 0; c < l->clus.n_clusters; c++) {
		const uint32_t *m = l->clus.members + l->clus.start[c];
		size_t k = l->clus.start[c + 1] - l->clus.start[c];
		tly_vote_object_result vr;
		tly_panoptic__thing *t;
		tly_rle mask;
		int made;

		if ((error = tly_vote_object(&vr, l->items, m, k, voters, ctx->policy, ctx->label_names)) < 0) {
			*why = "object vote failed";
			return error;
		}
		if (vr.status != TLY_VOTE_ACCEPTED)
			continue; /* rejected, or tied under review: no consensus object */
		if ((made = tly_vote_mask(&mask, l->items, m, k)) < 0) {
			*why = "mask vote failed";
			return made;
		}
		if (!made)
			continue; /* a box consensus has no pixels to give */
		l->masks[l->n_masks] = mask;
		t = &l->things[l->n_things++];
		memset(t, 0, sizeof(*t));
		t->mask = &l->masks[l->n_masks++];
		t->category = vr.category;
		t->iscrowd = crowd;
		t->confidence = vr.confidence;
		/* members are listed by ascending key: the first is the cluster's smallest id */
		t->source = l->items[m[0]].key;
	}
	return 0;
}

int tly_panoptic__loo_things(tly_panoptic__loo *l, const tly_agree_context *ctx, const tly_image *im,
			     uint32_t skip, const char **why)
{
	size_t i, n;
	uint32_t voters = 0;
	int crowd, error = 0;

	for (i = 0; i < l->n_masks; i++)
		tly_rle_clear(&l->masks[i]);
	l->n_masks = 0;
	l->n_things = 0;
	for (i = 0; i < im->n_objs; i++)
		if (im->objs[i].sub >= im->n_subs) {
			*why = "an object's submission is out of range";
			return TLY_EARG;
		}
	if (reserve((void **)&l->masks, &l->cap_masks, im->n_objs, sizeof(*l->masks)) < 0 ||
	    reserve((void **)&l->things, &l->cap_things, im->n_objs, sizeof(*l->things)) < 0) {
		*why = "out of memory";
		return TLY_ENOMEM;
	}
	/* |V'|: one non-gold objects submission per annotator (the store keeps one) */
	for (i = 0; i < im->n_subs; i++)
		if (!im->subs[i].gold && im->subs[i].task == TLY_TASK_OBJECTS && im->subs[i].annotator != skip)
			voters++;
	for (crowd = 0; crowd <= 1; crowd++) {
		if ((error = gather(l, im, skip, crowd, &n)) < 0 ||
		    (error = vote_group(l, ctx, n, voters, crowd, why)) < 0)
			break;
	}
	if (error == TLY_ENOMEM)
		*why = "out of memory";
	return error;
}
