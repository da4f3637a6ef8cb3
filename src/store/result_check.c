/*
 * tly_result_check: the one validation of a tly_result against its dataset.
 * A result can come from a store another version wrote or from another
 * program, and the store, the report and the export all follow its indices
 * without bounds checks of their own; they share this check so none of them
 * trusts less than the others. Tested by tests/store/test_result_check.c.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "store/names.h"
#include "store/periods.h"
#include "store/save_weights.h"
#include "store/result_check_attrs.h"
#include "store/tie_votes.h"
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

/*
 * The runs of label map WHERE (e.g. "cons_maps[2].map") have lengths >= 1
 * summing to w x h and values below LIMIT, or TLY_LABEL_IGNORE when
 * IGNORE_OK: the report and the export decode them without checks.
 */
static int check_runs(const char *where, const tly_labelmap *m, uint64_t limit, int ignore_ok)
{
	uint64_t sum = 0;
	size_t k;

	if (m->n && (!m->value || !m->len))
		return BAD("%s has runs but no arrays", where);
	for (k = 0; k < m->n; k++) {
		if (m->len[k] == 0)
			return BAD("%s run %zu has length 0", where, k);
		sum += m->len[k];
		if (m->value[k] >= limit && !(ignore_ok && m->value[k] == TLY_LABEL_IGNORE))
			return BAD("%s run %zu value %u is no %s", where, k, (unsigned)m->value[k],
				   ignore_ok ? "category index" : "confidence (0..255)");
	}
	if (sum != (uint64_t)m->w * m->h)
		return BAD("%s runs cover %" PRIu64 " pixels, not %ux%u", where, sum, (unsigned)m->w,
			   (unsigned)m->h);
	return 0;
}

/* One consensus map per image, in image order, each of its image's size. */
static int check_cons_maps(const tly_dataset *ds, const tly_result *r)
{
	char where[64];
	size_t i;
	int error;

	for (i = 0; i < r->n_cons_maps; i++) {
		const tly_cons_map *c = &r->cons_maps[i];
		const tly_image *im;

		if (c->image >= ds->n_images)
			return OUTSIDE("cons_maps[%zu].image", i, c->image, ds->n_images, "images");
		if (i && c->image <= r->cons_maps[i - 1].image)
			return BAD("cons_maps[%zu].image %u is not after cons_maps[%zu]'s %u (one per image, in"
				   " image order)", i, (unsigned)c->image, i - 1, (unsigned)r->cons_maps[i - 1].image);
		im = &ds->images[c->image];
		if ((int64_t)c->map.w != im->width || (int64_t)c->map.h != im->height)
			return BAD("cons_maps[%zu].map is %ux%u but image %u is %dx%d", i, (unsigned)c->map.w,
				   (unsigned)c->map.h, (unsigned)c->image, (int)im->width, (int)im->height);
		if (c->confidence.w != c->map.w || c->confidence.h != c->map.h)
			return BAD("cons_maps[%zu].confidence is %ux%u, its map %ux%u", i,
				   (unsigned)c->confidence.w, (unsigned)c->confidence.h, (unsigned)c->map.w,
				   (unsigned)c->map.h);
		snprintf(where, sizeof(where), "cons_maps[%zu].map", i);
		if ((error = check_runs(where, &c->map, ds->n_categories, 1)) < 0)
			return error;
		snprintf(where, sizeof(where), "cons_maps[%zu].confidence", i);
		if ((error = check_runs(where, &c->confidence, 256, 0)) < 0 ||
		    (error = count_fits("cons_maps", i, "", "tied_pixels", c->tied_pixels)) < 0)
			return error;
	}
	return 0;
}

/*
 * Entry I of ARRAY, keyed by the N values of KEY, comes strictly after the
 * entry before it (PREV): the order result.h gives, each key once, so the
 * store's primary keys never meet a duplicate and a reload is the same.
 */
static int ascending(const char *array, size_t i, const uint32_t *key, const uint32_t *prev, size_t n,
		     const char *order)
{
	size_t k;

	for (k = 0; i && k < n; k++)
		if (key[k] != prev[k])
			return key[k] > prev[k] ? 0 : BAD("%s[%zu] is not after %s[%zu] in %s order", array, i,
							  array, i - 1, order);
	return i ? BAD("%s[%zu] repeats %s[%zu]'s %s", array, i, array, i - 1, order) : 0;
}

/* An audited annotator and reference (ARRAY[I]'s), both known values. */
static int check_audited(const tly_dataset *ds, const char *array, size_t i, uint32_t annotator,
			 tly_reference ref)
{
	if (annotator >= ds->n_annotators)
		return BAD("%s[%zu].annotator %u outside the dataset's %zu annotators", array, i,
			   (unsigned)annotator, ds->n_annotators);
	if (!tly_store__reference_name(ref))
		return BAD("%s[%zu].ref %d is no reference", array, i, (int)ref);
	return 0;
}

static int check_pixel_counts(const tly_dataset *ds, const tly_result *r)
{
	uint32_t key[3], prev[3] = {0, 0, 0};
	size_t i;
	int error;

	for (i = 0; i < r->n_pixel_counts; i++) {
		const tly_pixel_counts *p = &r->pixel_counts[i];

		if ((error = check_audited(ds, "pixel_counts", i, p->annotator, p->ref)) < 0)
			return error;
		if (p->category >= ds->n_categories)
			return OUTSIDE("pixel_counts[%zu].category", i, p->category, ds->n_categories, "categories");
		key[0] = p->annotator;
		key[1] = (uint32_t)p->ref;
		key[2] = p->category;
		if ((error = ascending("pixel_counts", i, key, prev, 3, "(annotator, ref, category)")) < 0 ||
		    (error = count_fits("pixel_counts", i, "", "tp", p->tp)) < 0 ||
		    (error = count_fits("pixel_counts", i, "", "fp", p->fp)) < 0 ||
		    (error = count_fits("pixel_counts", i, "", "fn", p->fn)) < 0)
			return error;
		memcpy(prev, key, sizeof(key));
	}
	return 0;
}

static int check_pixel_audits(const tly_dataset *ds, const tly_result *r)
{
	uint32_t key[2], prev[2] = {0, 0};
	size_t i;
	int error;

	for (i = 0; i < r->n_pixel_audits; i++) {
		const tly_pixel_audit *a = &r->pixel_audits[i];

		if ((error = check_audited(ds, "pixel_audits", i, a->annotator, a->ref)) < 0)
			return error;
		key[0] = a->annotator;
		key[1] = (uint32_t)a->ref;
		if ((error = ascending("pixel_audits", i, key, prev, 2, "(annotator, ref)")) < 0 ||
		    (error = count_fits("pixel_audits", i, "", "correct", a->correct)) < 0 ||
		    (error = count_fits("pixel_audits", i, "", "total", a->total)) < 0)
			return error;
		memcpy(prev, key, sizeof(key));
	}
	return 0;
}

static int check_map_pairs(const tly_dataset *ds, const tly_result *r)
{
	uint32_t key[2], prev[2] = {0, 0};
	size_t i;
	int error;

	for (i = 0; i < r->n_map_pairs; i++) {
		const tly_map_pair *p = &r->map_pairs[i];

		if (p->a >= ds->n_annotators)
			return OUTSIDE("map_pairs[%zu].a", i, p->a, ds->n_annotators, "annotators");
		if (p->b >= ds->n_annotators)
			return OUTSIDE("map_pairs[%zu].b", i, p->b, ds->n_annotators, "annotators");
		if (p->a >= p->b)
			return BAD("map_pairs[%zu]: a %u is not below b %u", i, (unsigned)p->a, (unsigned)p->b);
		key[0] = p->a;
		key[1] = p->b;
		if ((error = ascending("map_pairs", i, key, prev, 2, "(a, b)")) < 0)
			return error;
		memcpy(prev, key, sizeof(key));
	}
	return 0;
}

static int check_panoptic(const tly_dataset *ds, const tly_result *r)
{
	uint32_t key[3], prev[3] = {0, 0, 0};
	size_t i;
	int error;

	for (i = 0; i < r->n_panoptic; i++) {
		const tly_panoptic_counts *p = &r->panoptic[i];

		if ((error = check_audited(ds, "panoptic", i, p->annotator, p->ref)) < 0)
			return error;
		if (p->category >= ds->n_categories)
			return OUTSIDE("panoptic[%zu].category", i, p->category, ds->n_categories, "categories");
		/* A sum over matched segments is a number even when there are none (0). */
		if (!isfinite(p->iou_sum))
			return BAD("panoptic[%zu].iou_sum %g is not finite", i, p->iou_sum);
		key[0] = p->annotator;
		key[1] = (uint32_t)p->ref;
		key[2] = p->category;
		if ((error = ascending("panoptic", i, key, prev, 3, "(annotator, ref, category)")) < 0 ||
		    (error = count_fits("panoptic", i, "", "tp", p->tp)) < 0 ||
		    (error = count_fits("panoptic", i, "", "fp", p->fp)) < 0 ||
		    (error = count_fits("panoptic", i, "", "fn", p->fn)) < 0)
			return error;
		memcpy(prev, key, sizeof(key));
	}
	return 0;
}

/* A rate of map_staple_rates[I] (NAME): NaN exactly when its PIXELS are 0, else in [0, 1]. */
static int check_rate(size_t i, const char *name, double rate, uint64_t pixels)
{
	if (pixels == 0 ? !isnan(rate) : !(rate >= 0 && rate <= 1))
		return BAD("map_staple_rates[%zu].%s %g is not %s", i, name, rate,
			   pixels == 0 ? "NaN for 0 pixels" : "a rate in [0, 1]");
	return 0;
}

static int check_staple_rates(const tly_dataset *ds, const tly_result *r)
{
	uint32_t key[2], prev[2] = {0, 0};
	size_t i;
	int error;

	for (i = 0; i < r->n_map_staple_rates; i++) {
		const tly_map_staple_rate *x = &r->map_staple_rates[i];

		if (x->annotator >= ds->n_annotators)
			return OUTSIDE("map_staple_rates[%zu].annotator", i, x->annotator, ds->n_annotators,
				       "annotators");
		if (x->category >= ds->n_categories)
			return OUTSIDE("map_staple_rates[%zu].category", i, x->category, ds->n_categories,
				       "categories");
		if (x->images == 0)
			return BAD("map_staple_rates[%zu].images is 0", i);
		key[0] = x->annotator;
		key[1] = x->category;
		if ((error = ascending("map_staple_rates", i, key, prev, 2, "(annotator, category)")) < 0 ||
		    (error = count_fits("map_staple_rates", i, "", "pixels_in", x->pixels_in)) < 0 ||
		    (error = count_fits("map_staple_rates", i, "", "pixels_out", x->pixels_out)) < 0 ||
		    (error = check_rate(i, "sensitivity", x->sensitivity, x->pixels_in)) < 0 ||
		    (error = check_rate(i, "specificity", x->specificity, x->pixels_out)) < 0)
			return error;
		memcpy(prev, key, sizeof(key));
	}
	return 0;
}

/* The label-map parts of R (semantic and panoptic segmentation). */
static int check_maps(const tly_dataset *ds, const tly_result *r)
{
	int error;

	if ((error = check_cons_maps(ds, r)) < 0 || (error = check_pixel_counts(ds, r)) < 0 ||
	    (error = check_pixel_audits(ds, r)) < 0 || (error = check_map_pairs(ds, r)) < 0 ||
	    (error = check_panoptic(ds, r)) < 0)
		return error;
	return check_staple_rates(ds, r);
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
	    (error = check_conflicts(ds, r)) == 0 && (error = check_stats(ds, r)) == 0 &&
	    (error = check_maps(ds, r)) == 0 && (error = tly_store__check_periods(ds, r)) == 0)
		error = tly_store__check_weights(ds, r);
	if (!error)
		error = tly_store__check_attrs(r);
	if (!error)
		error = tly_store__check_tie_votes(ds, r);
out:
	tly_free(owner);
	return error;
}
