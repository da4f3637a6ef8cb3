/*
 * Gathering an image's voters (SPEC §5: V(image, task) = non-gold
 * annotators with a submission of that task) and the reference gold
 * submission (lowest annotator index), with every index checked, since a
 * bad index here would read out of bounds later.
 */
#include <stdlib.h>
#include <string.h>

#include "agree/voters.h"
#include "tally/error.h"

static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return (a > b) - (a < b);
}

static int cmp_tagref(const void *pa, const void *pb)
{
	const tly_agree_tagref *a = pa, *b = pb;

	if (a->category != b->category)
		return (a->category > b->category) - (a->category < b->category);
	return (a->tag > b->tag) - (a->tag < b->tag);
}

/*
 * Voters of TASK sorted by annotator; a second non-gold submission of the
 * same annotator and task is inconsistent (the store keeps one).
 */
static int list_voters(tly_agree_voters *v, tly_agree_workspace *ws, const tly_image *im,
		       tly_task task, const char **why)
{
	size_t i, n = 0;

	ws->keys.n = 0;
	for (i = 0; i < im->n_subs; i++) {
		const tly_submission *s = &im->subs[i];

		if (s->gold || s->task != task)
			continue;
		if (TLY_AGREE_PUSH(&ws->keys, ((uint64_t)s->annotator << 32) | (uint64_t)i) < 0)
			return TLY_ENOMEM;
	}
	n = ws->keys.n;
	if (n > 1)
		qsort(ws->keys.v, n, sizeof(*ws->keys.v), cmp_u64);
	if (TLY_AGREE_RESERVE(&v->annotator, n) < 0 || TLY_AGREE_RESERVE(&v->entry, n) < 0 ||
	    TLY_AGREE_RESERVE(&v->start, n + 1) < 0)
		return TLY_ENOMEM;
	v->annotator.n = v->entry.n = n;
	v->start.n = n + 1;
	for (i = 0; i < n; i++) {
		uint32_t a = (uint32_t)(ws->keys.v[i] >> 32);

		if (i > 0 && v->annotator.v[i - 1] == a) {
			*why = "two non-gold submissions of one annotator and task";
			return TLY_EARG;
		}
		v->annotator.v[i] = a;
		ws->sub_voter.v[ws->keys.v[i] & 0xffffffffu] = (uint32_t)i;
	}
	return 0;
}

/* The gold submission of TASK with the lowest annotator index, or -1. */
static long gold_sub(const tly_image *im, tly_task task)
{
	size_t i;
	long best = -1;

	for (i = 0; i < im->n_subs; i++)
		if (im->subs[i].gold && im->subs[i].task == task &&
		    (best < 0 || im->subs[i].annotator < im->subs[best].annotator))
			best = (long)i;
	return best;
}

/* Entries = union of both tasks' voters, ascending; each voter learns its entry. */
static int merge_entries(tly_agree_workspace *ws)
{
	tly_agree_voters *o = &ws->vobj, *l = &ws->vlab;
	size_t i = 0, j = 0;

	ws->entries.n = 0;
	while (i < o->annotator.n || j < l->annotator.n) {
		uint32_t a;

		if (j >= l->annotator.n || (i < o->annotator.n && o->annotator.v[i] <= l->annotator.v[j]))
			a = o->annotator.v[i];
		else
			a = l->annotator.v[j];
		if (i < o->annotator.n && o->annotator.v[i] == a)
			o->entry.v[i++] = (uint32_t)ws->entries.n;
		if (j < l->annotator.n && l->annotator.v[j] == a)
			l->entry.v[j++] = (uint32_t)ws->entries.n;
		if (TLY_AGREE_PUSH(&ws->entries, a) < 0)
			return TLY_ENOMEM;
	}
	return 0;
}

/* Turn per-voter counts in start[1..nv] into offsets, start[0] = 0. */
static void prefix(size_t *start, size_t nv)
{
	size_t i;

	start[0] = 0;
	for (i = 0; i < nv; i++)
		start[i + 1] += start[i];
}

/*
 * V's objects grouped by voter (object order, i.e. by id, inside a group)
 * and the reference gold submission's objects.
 */
static int collect_objects(tly_agree_workspace *ws, const tly_agree_context *ctx,
			   const tly_image *im, long gold, const char **why)
{
	size_t *start = ws->vobj.start.v, nv = ws->vobj.annotator.n, i;

	memset(start, 0, (nv + 1) * sizeof(*start));
	ws->gold_items.n = 0;
	for (i = 0; i < im->n_objs; i++) {
		const tly_object *o = &im->objs[i];
		const tly_submission *s;

		if (o->sub >= im->n_subs || o->category >= ctx->n_categories) {
			*why = "object with a submission or category index out of range";
			return TLY_EARG;
		}
		s = &im->subs[o->sub];
		if (s->task != TLY_TASK_OBJECTS || s->annotator != o->annotator) {
			*why = "object attached to a labels submission or to another annotator's";
			return TLY_EARG;
		}
		if (!s->gold) {
			start[ws->sub_voter.v[o->sub] + 1]++;
		} else if ((long)o->sub == gold) {
			tly_match_item it = {&o->geom, o->annotator, o->category, o->id, o->iscrowd ? 1 : 0};

			if (TLY_AGREE_PUSH(&ws->gold_items, it) < 0)
				return TLY_ENOMEM;
		}
	}
	prefix(start, nv);
	if (TLY_AGREE_RESERVE(&ws->items, start[nv]) < 0 ||
	    TLY_AGREE_RESERVE(&ws->item_voter, start[nv]) < 0 ||
	    TLY_AGREE_RESERVE(&ws->keys, nv) < 0)
		return TLY_ENOMEM;
	ws->items.n = ws->item_voter.n = start[nv];
	/* keys[v]: the next free slot of voter v */
	for (i = 0; i < nv; i++)
		ws->keys.v[i] = start[i];
	for (i = 0; i < im->n_objs; i++) {
		const tly_object *o = &im->objs[i];
		uint32_t v;
		size_t at;

		if (im->subs[o->sub].gold)
			continue;
		v = ws->sub_voter.v[o->sub];
		at = (size_t)ws->keys.v[v]++;
		ws->items.v[at] = (tly_match_item){&o->geom, o->annotator, o->category, o->id,
						   o->iscrowd ? 1 : 0};
		ws->item_voter.v[at] = v;
	}
	return 0;
}

/* Sort refs[0..n) by (category, tag) and append the distinct categories to OUT (and their tags to TAGS). */
static int append_set(tly_agree_workspace *ws, tly_agree_tagref *refs, size_t n, int gold)
{
	size_t i;

	if (n > 1)
		qsort(refs, n, sizeof(*refs), cmp_tagref);
	for (i = 0; i < n; i++) {
		if (i > 0 && refs[i].category == refs[i - 1].category)
			continue; /* a label given twice counts once; the smaller tag id names it */
		if (gold) {
			if (TLY_AGREE_PUSH(&ws->gold_labels, refs[i].category) < 0)
				return TLY_ENOMEM;
		} else if (TLY_AGREE_PUSH(&ws->labels, refs[i].category) < 0 ||
			   TLY_AGREE_PUSH(&ws->label_tag, refs[i].tag) < 0) {
			return TLY_ENOMEM;
		}
	}
	return 0;
}

/*
 * V's label sets (ascending, unique) grouped by voter, the views the label
 * vote reads, and the reference gold label set. Tags are first bucketed by
 * voter into tagrefs (slot nv holds the gold tags).
 */
static int collect_labels(tly_agree_workspace *ws, const tly_agree_context *ctx,
			  const tly_image *im, long gold, const char **why)
{
	size_t *start = ws->vlab.start.v, nv = ws->vlab.annotator.n, i, n_gold = 0, total;

	memset(start, 0, (nv + 1) * sizeof(*start));
	for (i = 0; i < im->n_tags; i++) {
		const tly_tag *t = &im->tags[i];
		const tly_submission *s;

		if (t->sub >= im->n_subs || t->category >= ctx->n_categories) {
			*why = "label with a submission or category index out of range";
			return TLY_EARG;
		}
		s = &im->subs[t->sub];
		if (s->task != TLY_TASK_LABELS || s->annotator != t->annotator) {
			*why = "label attached to an objects submission or to another annotator's";
			return TLY_EARG;
		}
		if (!s->gold)
			start[ws->sub_voter.v[t->sub] + 1]++;
		else if ((long)t->sub == gold)
			n_gold++;
	}
	prefix(start, nv);
	total = start[nv] + n_gold;
	if (TLY_AGREE_RESERVE(&ws->tagrefs, total) < 0 || TLY_AGREE_RESERVE(&ws->keys, nv + 1) < 0)
		return TLY_ENOMEM;
	for (i = 0; i <= nv; i++)
		ws->keys.v[i] = start[i];
	for (i = 0; i < im->n_tags; i++) {
		const tly_tag *t = &im->tags[i];
		const tly_submission *s = &im->subs[t->sub];
		size_t v;

		if (s->gold && (long)t->sub != gold)
			continue;
		v = s->gold ? nv : ws->sub_voter.v[t->sub];
		ws->tagrefs.v[ws->keys.v[v]++] = (tly_agree_tagref){t->category, t->id};
	}
	ws->labels.n = ws->label_tag.n = ws->gold_labels.n = 0;
	for (i = 0; i < nv; i++) {
		size_t from = start[i], to = start[i + 1];

		/* start[i] becomes the offset in the deduplicated labels */
		start[i] = ws->labels.n;
		if (append_set(ws, ws->tagrefs.v + from, to - from, 0) < 0)
			return TLY_ENOMEM;
	}
	if (append_set(ws, ws->tagrefs.v + start[nv], n_gold, 1) < 0)
		return TLY_ENOMEM;
	start[nv] = ws->labels.n;
	if (TLY_AGREE_RESERVE(&ws->sets, nv) < 0)
		return TLY_ENOMEM;
	ws->sets.n = nv;
	for (i = 0; i < nv; i++)
		ws->sets.v[i] = (tly_label_set){ws->labels.v + start[i], start[i + 1] - start[i]};
	return 0;
}

int tly_agree__collect(tly_agree_workspace *ws, const tly_agree_context *ctx,
		       const tly_image *im, const char **why)
{
	long gold_objects, gold_labels;
	size_t i;
	int error = 0;

	if (TLY_AGREE_RESERVE(&ws->sub_voter, im->n_subs) < 0) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (i = 0; i < im->n_subs; i++) {
		if (im->subs[i].annotator >= ctx->n_annotators ||
		    (im->subs[i].task != TLY_TASK_OBJECTS && im->subs[i].task != TLY_TASK_LABELS)) {
			*why = "submission with an annotator index or task out of range";
			error = TLY_EARG;
			goto out;
		}
		ws->sub_voter.v[i] = UINT32_MAX;
	}
	if ((error = list_voters(&ws->vobj, ws, im, TLY_TASK_OBJECTS, why)) < 0 ||
	    (error = list_voters(&ws->vlab, ws, im, TLY_TASK_LABELS, why)) < 0 ||
	    (error = merge_entries(ws)) < 0)
		goto out;
	gold_objects = gold_sub(im, TLY_TASK_OBJECTS);
	gold_labels = gold_sub(im, TLY_TASK_LABELS);
	ws->has_gold_objects = gold_objects >= 0;
	ws->has_gold_labels = gold_labels >= 0;
	if ((error = collect_objects(ws, ctx, im, gold_objects, why)) < 0 ||
	    (error = collect_labels(ws, ctx, im, gold_labels, why)) < 0)
		goto out;
out:
	if (error == TLY_ENOMEM || error == TLY_ELIMIT)
		*why = "out of memory";
	return error;
}
