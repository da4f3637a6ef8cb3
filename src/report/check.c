/*
 * Validation of a tly_result against its tly_dataset before rendering. A
 * result loaded from a store, or built by another program, could name an
 * annotator or category the dataset lacks; the renderers index blindly, so
 * they run only after this check. Tested by tests/report/test_check.c.
 */
#include "tally/error.h"
#include "report/check.h"

#define BAD(...) tly_error_set(TLY_EARG, "report: " __VA_ARGS__)

static int check_sizes(const tly_dataset *ds, const tly_result *r)
{
	if (r->n_images != ds->n_images)
		return BAD("result has %zu image entries, dataset %zu images", r->n_images, ds->n_images);
	if (r->n_annotators != ds->n_annotators)
		return BAD("result has %zu annotator entries, dataset %zu annotators",
			   r->n_annotators, ds->n_annotators);
	if (r->n_classes != ds->n_categories)
		return BAD("result has %zu class entries, dataset %zu categories",
			   r->n_classes, ds->n_categories);
	return 0;
}

static int check_tables(const tly_dataset *ds, const tly_result *r)
{
	size_t i;

	for (i = 0; i < r->n_images; i++)
		if (r->images[i].image >= ds->n_images)
			return BAD("images[%zu] names image %u", i, r->images[i].image);
	for (i = 0; i < r->n_annotators; i++)
		if (r->annotators[i].annotator >= ds->n_annotators)
			return BAD("annotators[%zu] names annotator %u", i, r->annotators[i].annotator);
	for (i = 0; i < r->n_classes; i++)
		if (r->classes[i].category >= ds->n_categories)
			return BAD("classes[%zu] names category %u", i, r->classes[i].category);
	for (i = 0; i < r->n_pairs; i++)
		if (r->pairs[i].a >= ds->n_annotators || r->pairs[i].b >= ds->n_annotators)
			return BAD("pairs[%zu] names annotators %u, %u", i, r->pairs[i].a, r->pairs[i].b);
	return 0;
}

static int check_consensus(const tly_dataset *ds, const tly_result *r)
{
	size_t i;

	for (i = 0; i < r->n_cons_objects; i++) {
		const tly_cons_object *o = &r->cons_objects[i];

		if (o->image >= ds->n_images || o->category >= ds->n_categories)
			return BAD("consensus object %zu names image %u, category %u",
				   i, o->image, o->category);
		if (o->first_member > r->n_members || o->support > r->n_members - o->first_member)
			return BAD("consensus object %zu has members %zu..+%u of %zu",
				   i, o->first_member, o->support, r->n_members);
	}
	for (i = 0; i < r->n_members; i++) {
		const tly_cons_member *m = &r->members[i];

		if (m->annotator >= ds->n_annotators || m->category >= ds->n_categories)
			return BAD("member %zu names annotator %u, category %u",
				   i, m->annotator, m->category);
	}
	for (i = 0; i < r->n_cons_tags; i++) {
		const tly_cons_tag *t = &r->cons_tags[i];

		if (t->image >= ds->n_images || t->category >= ds->n_categories)
			return BAD("consensus label %zu names image %u, category %u",
				   i, t->image, t->category);
	}
	return 0;
}

/* The consensus a conflict points at must exist and be on the conflict's image. */
static int check_conflict_target(const tly_result *r, size_t i)
{
	const tly_conflict *c = &r->conflicts[i];
	size_t k;

	if (c->consensus == -1)
		return 0;
	if (c->consensus < 0)
		return BAD("conflict %zu names consensus %lld", i, (long long)c->consensus);
	k = (size_t)c->consensus;
	if (c->task == TLY_TASK_OBJECTS) {
		if (k >= r->n_cons_objects || r->cons_objects[k].image != c->image)
			return BAD("conflict %zu names consensus object %zu", i, k);
	} else if (k >= r->n_cons_tags || r->cons_tags[k].image != c->image) {
		return BAD("conflict %zu names consensus label %zu", i, k);
	}
	return 0;
}

static int check_conflicts(const tly_dataset *ds, const tly_result *r)
{
	size_t i;
	int error;

	for (i = 0; i < r->n_conflicts; i++) {
		const tly_conflict *c = &r->conflicts[i];

		if (c->image >= ds->n_images)
			return BAD("conflict %zu names image %u", i, c->image);
		if (c->kind < TLY_CONFLICT_MISSING || c->kind > TLY_CONFLICT_TIE)
			return BAD("conflict %zu has kind %d", i, (int)c->kind);
		if (c->task != TLY_TASK_OBJECTS && c->task != TLY_TASK_LABELS)
			return BAD("conflict %zu has task %d", i, (int)c->task);
		/* UINT32_MAX means "none": a tie has no annotator, maybe no label. */
		if (c->annotator != UINT32_MAX && c->annotator >= ds->n_annotators)
			return BAD("conflict %zu names annotator %u", i, c->annotator);
		if (c->category != UINT32_MAX && c->category >= ds->n_categories)
			return BAD("conflict %zu names category %u", i, c->category);
		if ((error = check_conflict_target(r, i)) < 0)
			return error;
	}
	return 0;
}

int tly_report__check(const tly_dataset *ds, const tly_result *r)
{
	int error;

	if (!ds || !r)
		return BAD("no dataset or no result");
	if ((error = check_sizes(ds, r)) < 0 || (error = check_tables(ds, r)) < 0 ||
	    (error = check_consensus(ds, r)) < 0 || (error = check_conflicts(ds, r)) < 0)
		return error;
	return 0;
}
