/*
 * tly_result_check: the one validation of a tly_result against its dataset.
 * A result can come from a store another version wrote or from another
 * program, and the store, the report and the export all follow its indices
 * without bounds checks of their own; they share this check so none of them
 * trusts less than the others. Tested by tests/store/test_result_check.c.
 */
#include <inttypes.h>
#include <math.h>

#include "store/names.h"
#include "tally/error.h"
#include "tally/rle.h"
#include "tally/result.h"
#include "util/alloc.h"

#define BAD(...) tly_error_set(TLY_EARG, "result: " __VA_ARGS__)

/* PATH (an entry's field, e.g. "cons_objects[3].image") names one of the dataset's N THINGS. */
#define OUTSIDE(path_fmt, i, value, n, things)                                                 \
	BAD(path_fmt " %u outside the dataset's %zu " things, (i), (unsigned)(value), (n))

static int check_cons_objects(const tly_dataset *ds, const tly_result *r)
{
	size_t i;

	for (i = 0; i < r->n_cons_objects; i++) {
		const tly_cons_object *o = &r->cons_objects[i];
		const tly_box *b = &o->geom.box;

		if (o->image >= ds->n_images)
			return OUTSIDE("cons_objects[%zu].image", i, o->image, ds->n_images, "images");
		if (o->category >= ds->n_categories)
			return OUTSIDE("cons_objects[%zu].category", i, o->category, ds->n_categories,
				       "categories");
		/* The store's name table is the list of kinds every consumer knows. */
		if (!tly_store__geom_name(o->geom.kind))
			return BAD("cons_objects[%zu].geom.kind %d is no shape kind", i, (int)o->geom.kind);
		if (!isfinite(b->x) || !isfinite(b->y) || !isfinite(b->w) || !isfinite(b->h))
			return BAD("cons_objects[%zu].geom.box [%g, %g, %g, %g] is not finite", i, b->x, b->y,
				   b->w, b->h);
		/* Report and export follow geom.rle: it must be the object's own
		 * entry of cons_masks, holding a mask, exactly for kind mask. */
		if ((o->geom.kind == TLY_GEOM_MASK) != (o->geom.rle != NULL) ||
		    (o->geom.rle && (!r->cons_masks || o->geom.rle != &r->cons_masks[i] || !o->geom.rle->m)))
			return BAD("cons_objects[%zu].geom: a mask kind needs its mask in cons_masks[%zu] and"
				   " only a mask kind has one", i, i);
		/* Written so first_member + support cannot overflow. */
		if (o->first_member > r->n_members || o->support > r->n_members - o->first_member)
			return BAD("cons_objects[%zu].first_member %zu + support %u past the %zu members", i,
				   o->first_member, (unsigned)o->support, r->n_members);
	}
	return 0;
}

/*
 * Each member must lie in exactly one object's range: the store saves the
 * owner of each member, the report lists an object's members by its range.
 * OWNER[k] is 1 + the index of the object holding member k (0: none yet).
 */
static int check_members(const tly_dataset *ds, const tly_result *r, size_t *owner)
{
	size_t i, k;

	for (i = 0; i < r->n_cons_objects; i++) {
		const tly_cons_object *o = &r->cons_objects[i];

		for (k = o->first_member; k < o->first_member + o->support; k++) {
			if (owner[k])
				return BAD("members[%zu] belongs to cons_objects[%zu] and cons_objects[%zu]",
					   k, owner[k] - 1, i);
			owner[k] = i + 1;
		}
	}
	for (k = 0; k < r->n_members; k++) {
		const tly_cons_member *m = &r->members[k];

		if (!owner[k])
			return BAD("members[%zu] belongs to no consensus object", k);
		if (m->annotator >= ds->n_annotators)
			return OUTSIDE("members[%zu].annotator", k, m->annotator, ds->n_annotators,
				       "annotators");
		if (m->category >= ds->n_categories)
			return OUTSIDE("members[%zu].category", k, m->category, ds->n_categories,
				       "categories");
	}
	return 0;
}

static int check_cons_tags(const tly_dataset *ds, const tly_result *r)
{
	size_t i;

	for (i = 0; i < r->n_cons_tags; i++) {
		const tly_cons_tag *t = &r->cons_tags[i];

		if (t->image >= ds->n_images)
			return OUTSIDE("cons_tags[%zu].image", i, t->image, ds->n_images, "images");
		if (t->category >= ds->n_categories)
			return OUTSIDE("cons_tags[%zu].category", i, t->category, ds->n_categories,
				       "categories");
	}
	return 0;
}

/* Conflict I's consensus: -1 (none) or an entry of its task's array on its own image. */
static int check_conflict_target(const tly_result *r, size_t i)
{
	const tly_conflict *c = &r->conflicts[i];
	int objects = c->task == TLY_TASK_OBJECTS;
	size_t n = objects ? r->n_cons_objects : r->n_cons_tags, k;
	uint32_t image;

	if (c->consensus == -1)
		return 0;
	if (c->consensus < 0)
		return BAD("conflicts[%zu].consensus %lld is neither -1 nor an index", i, (long long)c->consensus);
	if ((uint64_t)c->consensus >= n)
		return BAD("conflicts[%zu].consensus %lld outside the %zu %s", i, (long long)c->consensus, n,
			   objects ? "cons_objects" : "cons_tags");
	k = (size_t)c->consensus;
	image = objects ? r->cons_objects[k].image : r->cons_tags[k].image;
	if (image != c->image)
		return BAD("conflicts[%zu].consensus %lld is on image %u, the conflict on image %u", i,
			   (long long)c->consensus, (unsigned)image, (unsigned)c->image);
	return 0;
}

static int check_conflicts(const tly_dataset *ds, const tly_result *r)
{
	size_t i;
	int error;

	for (i = 0; i < r->n_conflicts; i++) {
		const tly_conflict *c = &r->conflicts[i];

		if (c->image >= ds->n_images)
			return OUTSIDE("conflicts[%zu].image", i, c->image, ds->n_images, "images");
		if (!tly_store__conflict_name(c->kind))
			return BAD("conflicts[%zu].kind %d is no conflict kind", i, (int)c->kind);
		if (!tly_store__task_name(c->task))
			return BAD("conflicts[%zu].task %d is no task", i, (int)c->task);
		/* UINT32_MAX means "none": a tie has no annotator, and maybe no label. */
		if (c->annotator != UINT32_MAX && c->annotator >= ds->n_annotators)
			return OUTSIDE("conflicts[%zu].annotator", i, c->annotator, ds->n_annotators,
				       "annotators");
		if (c->category != UINT32_MAX && c->category >= ds->n_categories)
			return OUTSIDE("conflicts[%zu].category", i, c->category, ds->n_categories,
				       "categories");
		if ((error = check_conflict_target(r, i)) < 0)
			return error;
	}
	return 0;
}

/*
 * Counts are uint64_t in memory but SQLite integers are signed 64-bit, and
 * any consumer may store them: ARRAY[I].GROUP NAME must not pass INT64_MAX.
 */
static int count_fits(const char *array, size_t i, const char *group, const char *name, uint64_t value)
{
	if (value <= INT64_MAX)
		return 0;
	return BAD("%s[%zu].%s%s %" PRIu64 " over INT64_MAX", array, i, group, name, value);
}

/* GROUP is the field's path inside annotators[I], "vs_consensus." or "vs_gold.". */
static int check_counts(size_t i, const char *group, const tly_counts *c)
{
	static const char *const names[] = {"tp", "fp", "fn", "matched", "label_correct", "label_total"};
	const uint64_t values[] = {c->tp, c->fp, c->fn, c->matched, c->label_correct, c->label_total};
	size_t k;
	int error;

	for (k = 0; k < sizeof(values) / sizeof(values[0]); k++)
		if ((error = count_fits("annotators", i, group, names[k], values[k])) < 0)
			return error;
	return 0;
}

static int check_pair(const tly_dataset *ds, const tly_result *r, size_t i)
{
	const tly_pair_stats *p = &r->pairs[i];
	int error;

	if (p->a >= ds->n_annotators)
		return OUTSIDE("pairs[%zu].a", i, p->a, ds->n_annotators, "annotators");
	if (p->b >= ds->n_annotators)
		return OUTSIDE("pairs[%zu].b", i, p->b, ds->n_annotators, "annotators");
	if ((error = count_fits("pairs", i, "", "tp", p->tp)) < 0 ||
	    (error = count_fits("pairs", i, "", "n_a", p->n_a)) < 0 ||
	    (error = count_fits("pairs", i, "", "n_b", p->n_b)) < 0 ||
	    (error = count_fits("pairs", i, "", "kappa_items", p->kappa_items)) < 0)
		return error;
	return 0;
}

static int check_stats(const tly_dataset *ds, const tly_result *r)
{
	size_t i;
	int error;

	for (i = 0; i < r->n_images; i++)
		if (r->images[i].image >= ds->n_images)
			return OUTSIDE("images[%zu].image", i, r->images[i].image, ds->n_images, "images");
	for (i = 0; i < r->n_annotators; i++) {
		const tly_annotator_stats *a = &r->annotators[i];

		if (a->annotator >= ds->n_annotators)
			return OUTSIDE("annotators[%zu].annotator", i, a->annotator, ds->n_annotators,
				       "annotators");
		if ((error = check_counts(i, "vs_consensus.", &a->vs_consensus)) < 0 ||
		    (error = check_counts(i, "vs_gold.", &a->vs_gold)) < 0)
			return error;
	}
	for (i = 0; i < r->n_pairs; i++)
		if ((error = check_pair(ds, r, i)) < 0)
			return error;
	for (i = 0; i < r->n_classes; i++)
		if (r->classes[i].category >= ds->n_categories)
			return OUTSIDE("classes[%zu].category", i, r->classes[i].category, ds->n_categories,
				       "categories");
	return 0;
}

int tly_result_check(const tly_dataset *ds, const tly_result *r)
{
	size_t *owner = NULL;
	int error = 0;

	if (!ds || !r)
		return BAD("no dataset or no result");
	if ((error = check_cons_objects(ds, r)) < 0)
		goto out;
	/* Only once every range is inside members[] may the owners be recorded. */
	if (r->n_members && !(owner = tly_calloc(r->n_members, sizeof(*owner)))) {
		error = tly_error_set(TLY_ENOMEM, "result: out of memory checking %zu members", r->n_members);
		goto out;
	}
	if ((error = check_members(ds, r, owner)) == 0 && (error = check_cons_tags(ds, r)) == 0 &&
	    (error = check_conflicts(ds, r)) == 0)
		error = check_stats(ds, r);
out:
	tly_free(owner);
	return error;
}
