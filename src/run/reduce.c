/*
 * Concatenate the images' consensus objects, members, labels, conflicts
 * and tie votes in image order (rebasing their local indices), copy the image figures,
 * and sum the audit counts per annotator in image order (so floating sums
 * do not depend on the thread count). Checked by tests/run/test_reduce.c.
 */
#include <string.h>

#include "run/reduce.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "tally/rle.h"

/* Zeroed array of N elements (NULL when N is 0). */
static int alloc_array(void **out, size_t n, size_t elem)
{
	*out = NULL;
	if (n == 0)
		return 0;
	*out = tly_calloc(n, elem);
	return *out ? 0 : tly_error_set(TLY_ENOMEM, "run: out of memory for %zu result rows", n);
}

static int totals(tly_result *r, const tly_run_space *s)
{
	size_t i, no = 0, nm = 0, nt = 0, nc = 0, nv = 0;
	int masks = 0;

	for (i = 0; i < s->n_images; i++) {
		const tly_agree_image_result *x = &s->slots[i];

		masks |= x->cons_masks != NULL;
		if (tly_add_size(&no, no, x->n_cons_objects) < 0 || tly_add_size(&nm, nm, x->n_members) < 0 ||
		    tly_add_size(&nt, nt, x->n_cons_tags) < 0 || tly_add_size(&nc, nc, x->n_conflicts) < 0 ||
		    tly_add_size(&nv, nv, x->n_tie_votes) < 0)
			return TLY_ELIMIT;
	}
	if (alloc_array((void **)&r->cons_objects, no, sizeof(*r->cons_objects)) < 0 ||
	    alloc_array((void **)&r->members, nm, sizeof(*r->members)) < 0 ||
	    alloc_array((void **)&r->cons_tags, nt, sizeof(*r->cons_tags)) < 0 ||
	    alloc_array((void **)&r->conflicts, nc, sizeof(*r->conflicts)) < 0 ||
	    alloc_array((void **)&r->tie_votes, nv, sizeof(*r->tie_votes)) < 0 ||
	    (masks && alloc_array((void **)&r->cons_masks, no, sizeof(*r->cons_masks)) < 0))
		return TLY_ENOMEM;
	return 0;
}

/*
 * Append image slot X, rebasing member and consensus indices. Its masks
 * move into the result (the slot keeps empty ones), so nothing is copied
 * twice and the slot may be cleared afterwards as usual.
 */
static void append_image(tly_result *r, tly_agree_image_result *x)
{
	size_t base_obj = r->n_cons_objects, base_mem = r->n_members, base_tag = r->n_cons_tags, i;

	if (x->n_cons_objects)
		memcpy(r->cons_objects + base_obj, x->cons_objects, x->n_cons_objects * sizeof(*x->cons_objects));
	for (i = 0; i < x->n_cons_objects; i++) {
		tly_cons_object *o = &r->cons_objects[base_obj + i];

		o->first_member += base_mem;
		o->geom.rle = NULL;
		if (x->cons_masks && x->cons_masks[i].m) {
			r->cons_masks[base_obj + i] = x->cons_masks[i];
			tly_rle_init(&x->cons_masks[i]);
			o->geom.rle = &r->cons_masks[base_obj + i];
		}
	}
	if (x->n_members)
		memcpy(r->members + base_mem, x->members, x->n_members * sizeof(*x->members));
	if (x->n_cons_tags)
		memcpy(r->cons_tags + base_tag, x->cons_tags, x->n_cons_tags * sizeof(*x->cons_tags));
	for (i = 0; i < x->n_conflicts; i++) {
		tly_conflict *c = &r->conflicts[r->n_conflicts + i];

		*c = x->conflicts[i];
		if (c->consensus >= 0)
			c->consensus += (int64_t)(c->task == TLY_TASK_OBJECTS ? base_obj : base_tag);
	}
	for (i = 0; i < x->n_tie_votes; i++) {
		tly_tie_vote *t = &r->tie_votes[r->n_tie_votes + i];

		*t = x->tie_votes[i];
		t->conflict += r->n_conflicts; /* the image's conflicts start there */
	}
	r->n_tie_votes += x->n_tie_votes;
	r->n_cons_objects += x->n_cons_objects;
	r->n_members += x->n_members;
	r->n_cons_tags += x->n_cons_tags;
	r->n_conflicts += x->n_conflicts;
}

void tly_run__add_counts(tly_counts *dst, const tly_counts *src)
{
	dst->tp += src->tp;
	dst->fp += src->fp;
	dst->fn += src->fn;
	dst->matched += src->matched;
	dst->iou_sum += src->iou_sum;
	dst->label_correct += src->label_correct;
	dst->label_total += src->label_total;
	dst->images += src->images;
}

int tly_run__reduce(tly_result *r, tly_run_space *s, const tly_dataset *ds)
{
	size_t i, j;
	int error;

	if ((error = totals(r, s)) < 0)
		return error == TLY_ELIMIT ? tly_error_set(error, "run: result larger than memory can index")
					   : error;
	if ((error = alloc_array((void **)&r->images, ds->n_images, sizeof(*r->images))) < 0 ||
	    (error = alloc_array((void **)&r->annotators, ds->n_annotators, sizeof(*r->annotators))) < 0 ||
	    (error = alloc_array((void **)&r->classes, ds->n_categories, sizeof(*r->classes))) < 0)
		return error;
	r->n_images = ds->n_images;
	r->n_annotators = ds->n_annotators;
	r->n_classes = ds->n_categories;
	for (j = 0; j < ds->n_annotators; j++)
		r->annotators[j].annotator = (uint32_t)j;
	for (i = 0; i < s->n_images; i++) {
		tly_agree_image_result *x = &s->slots[i];

		append_image(r, x);
		r->images[i] = x->stats;
		for (j = 0; j < x->n_annotators; j++) {
			tly_annotator_stats *a = &r->annotators[x->annotators[j].annotator];

			a->images_done++;
			tly_run__add_counts(&a->vs_consensus, &x->annotators[j].vs_consensus);
			tly_run__add_counts(&a->vs_gold, &x->annotators[j].vs_gold);
		}
	}
	tly_agree_classes(r->classes, r->n_classes, r->cons_objects, r->n_cons_objects,
			  r->cons_tags, r->n_cons_tags);
	return 0;
}

void tly_run__map_images_done(tly_result *r, const tly_dataset *ds)
{
	size_t i, k, j;

	for (i = 0; i < ds->n_images; i++) {
		const tly_image *im = &ds->images[i];

		for (k = 0; k < im->n_maps; k++) {
			uint32_t a = im->maps[k].annotator;
			int counted = 0;

			if (im->maps[k].gold || a >= r->n_annotators)
				continue;
			/* already counted for an objects or labels submission of the image */
			for (j = 0; j < im->n_subs && !counted; j++)
				counted = !im->subs[j].gold && im->subs[j].annotator == a;
			if (!counted)
				r->annotators[a].images_done++;
		}
	}
}
