/*
 * The report's check of a result before rendering: tly_result_check for
 * the indices, plus what only the renderers assume, that the per-image,
 * per-annotator and per-class arrays run parallel to the dataset's (the
 * export and the store do not need that), and that the label-map arrays
 * index the dataset and hold counts a sum of three cannot overflow.
 * Tested by tests/report/test_check.c.
 */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "tally/error.h"
#include "tally/labelmap.h"
#include "report/check.h"
#include "util/alloc.h"

#define BAD(...) tly_error_set(TLY_EARG, "result: " __VA_ARGS__)
/* As tly_result_check: every count fits a SQLite integer. */
#define COUNT_MAX ((uint64_t)INT64_MAX)

/* A label map's runs sum to w * h and hold category indices or TLY_LABEL_IGNORE (VALUES 0: any). */
static int check_runs(const tly_labelmap *m, size_t i, const char *what, size_t n_categories,
		      uint32_t max_value)
{
	uint64_t sum = 0;
	size_t k;

	if (m->n && (!m->value || !m->len))
		return BAD("cons_maps[%zu].%s has %zu runs and no arrays", i, what, m->n);
	for (k = 0; k < m->n; k++) {
		uint32_t v = m->value[k];

		if (n_categories != SIZE_MAX && v != TLY_LABEL_IGNORE && v >= n_categories)
			return BAD("cons_maps[%zu].%s run %zu: category %" PRIu32 " outside the dataset's "
				   "%zu categories", i, what, k, v, n_categories);
		if (n_categories == SIZE_MAX && v > max_value)
			return BAD("cons_maps[%zu].%s run %zu: value %" PRIu32 " over %" PRIu32, i, what, k,
				   v, max_value);
		sum += m->len[k];
	}
	if (sum != (uint64_t)m->w * m->h)
		return BAD("cons_maps[%zu].%s runs cover %" PRIu64 " pixels, not %" PRIu32 " x %" PRIu32,
			   i, what, sum, m->w, m->h);
	return 0;
}

/* One consensus map per image, category values, and a confidence map that is absent or fits. */
static int check_cons_maps(const tly_dataset *ds, const tly_result *r, unsigned char *seen)
{
	size_t i;
	int error;

	for (i = 0; i < r->n_cons_maps; i++) {
		const tly_cons_map *c = &r->cons_maps[i];

		if (c->image >= ds->n_images)
			return BAD("cons_maps[%zu].image %" PRIu32 " outside the dataset's %zu images", i,
				   c->image, ds->n_images);
		if (seen[c->image]++)
			return BAD("cons_maps[%zu]: a second consensus map of image %" PRIu32, i, c->image);
		if ((error = check_runs(&c->map, i, "map", ds->n_categories, 0)) < 0)
			return error;
		if (c->confidence.n && (c->confidence.w != c->map.w || c->confidence.h != c->map.h))
			return BAD("cons_maps[%zu].confidence is %" PRIu32 " x %" PRIu32 ", the map %" PRIu32
				   " x %" PRIu32, i, c->confidence.w, c->confidence.h, c->map.w, c->map.h);
		if (c->confidence.n && (error = check_runs(&c->confidence, i, "confidence", SIZE_MAX,
							   255)) < 0)
			return error;
		if (c->tied_pixels > (uint64_t)c->map.w * c->map.h)
			return BAD("cons_maps[%zu].tied_pixels %" PRIu64 " over the map's pixels", i,
				   c->tied_pixels);
	}
	return 0;
}

static int check_ref(tly_reference ref, const char *what, size_t i)
{
	if (ref != TLY_REF_CONSENSUS && ref != TLY_REF_GOLD)
		return BAD("%s[%zu].ref %d is no reference", what, i, (int)ref);
	return 0;
}

#define CHECK_INDEX(what, i, field, value, n, things)                                              	do {                                                                                      		if ((value) >= (n))                                                               			return BAD(what "[%zu]." field " %" PRIu32 " outside the dataset's %zu " things, 				   (i), (value), (n));                                            	} while (0)

static int check_counts(const tly_dataset *ds, const tly_result *r, unsigned char *seen)
{
	size_t i;
	int error;

	for (i = 0; i < r->n_pixel_counts; i++) {
		const tly_pixel_counts *p = &r->pixel_counts[i];

		CHECK_INDEX("pixel_counts", i, "annotator", p->annotator, ds->n_annotators, "annotators");
		CHECK_INDEX("pixel_counts", i, "category", p->category, ds->n_categories, "categories");
		if ((error = check_ref(p->ref, "pixel_counts", i)) < 0)
			return error;
		if (p->tp > COUNT_MAX || p->fp > COUNT_MAX || p->fn > COUNT_MAX)
			return BAD("pixel_counts[%zu]: a count over INT64_MAX", i);
	}
	for (i = 0; i < r->n_pixel_audits; i++) {
		const tly_pixel_audit *p = &r->pixel_audits[i];

		CHECK_INDEX("pixel_audits", i, "annotator", p->annotator, ds->n_annotators, "annotators");
		if ((error = check_ref(p->ref, "pixel_audits", i)) < 0)
			return error;
		if (p->total > COUNT_MAX || p->correct > p->total)
			return BAD("pixel_audits[%zu]: correct %" PRIu64 " over total %" PRIu64, i,
				   p->correct, p->total);
		if (seen[(size_t)p->annotator * 2 + (size_t)p->ref]++)
			return BAD("pixel_audits[%zu]: a second row for annotator %" PRIu32 " and ref %d", i,
				   p->annotator, (int)p->ref);
	}
	for (i = 0; i < r->n_map_pairs; i++) {
		CHECK_INDEX("map_pairs", i, "a", r->map_pairs[i].a, ds->n_annotators, "annotators");
		CHECK_INDEX("map_pairs", i, "b", r->map_pairs[i].b, ds->n_annotators, "annotators");
	}
	for (i = 0; i < r->n_panoptic; i++) {
		const tly_panoptic_counts *p = &r->panoptic[i];

		CHECK_INDEX("panoptic", i, "annotator", p->annotator, ds->n_annotators, "annotators");
		CHECK_INDEX("panoptic", i, "category", p->category, ds->n_categories, "categories");
		if ((error = check_ref(p->ref, "panoptic", i)) < 0)
			return error;
		if (p->tp > COUNT_MAX || p->fp > COUNT_MAX || p->fn > COUNT_MAX)
			return BAD("panoptic[%zu]: a count over INT64_MAX", i);
		if (!isfinite(p->iou_sum) || p->iou_sum < 0.0)
			return BAD("panoptic[%zu].iou_sum %g is not a finite sum >= 0", i, p->iou_sum);
	}
	return 0;
}

/* The label-map arrays: indices, one consensus map per image, one audit per (annotator, ref). */
static int check_maps(const tly_dataset *ds, const tly_result *r)
{
	size_t n = ds->n_images > ds->n_annotators * 2 ? ds->n_images : ds->n_annotators * 2;
	unsigned char *seen = tly_calloc(n ? n : 1, 1);
	int error;

	if (!seen)
		return TLY_ENOMEM;
	if ((error = check_cons_maps(ds, r, seen)) == 0) {
		memset(seen, 0, n ? n : 1);
		error = check_counts(ds, r, seen);
	}
	tly_free(seen);
	return error;
}

int tly_report__check(const tly_dataset *ds, const tly_result *r)
{
	int error;

	if ((error = tly_result_check(ds, r)) < 0)
		return error;
	if (r->n_images != ds->n_images)
		return tly_error_set(TLY_EARG, "report: result has %zu image entries, dataset %zu images",
				     r->n_images, ds->n_images);
	if (r->n_annotators != ds->n_annotators)
		return tly_error_set(TLY_EARG, "report: result has %zu annotator entries, dataset %zu annotators",
				     r->n_annotators, ds->n_annotators);
	if (r->n_classes != ds->n_categories)
		return tly_error_set(TLY_EARG, "report: result has %zu class entries, dataset %zu categories",
				     r->n_classes, ds->n_categories);
	return check_maps(ds, r);
}
