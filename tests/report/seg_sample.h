/*
 * A label-map run built by hand, shared by the report and export tests.
 * Every figure the tests expect is derived in the comments here (and
 * beside the expectation), never copied from program output.
 *
 * Categories: 0 road (pixel value 0, stuff), 1 car (value 1, thing),
 * 2 sky (value 7, stuff), 3 person (no label map names it: value -1,
 * isthing unknown). Ignore value 255. Annotators: 0 ann1, 1 ann2, 2 ann3,
 * 3 gold. Images (sorted by name): 0 "s1.jpg" 4 x 3 and 1 "s2.png" 2 x 2
 * with consensus maps, 2 "t.jpg" without (its loaded agreement_maps is 0
 * but it has no map voter: the report says null).
 *
 * s1.jpg consensus map (row-major, x across; R road, C car, S sky, . ignore):
 *     R R S S
 *     R C C .
 *     R C . .
 * road 4, car 3, sky 2, ignored 3 (of them 1 tied); voters 3. As runs:
 * (road 2)(sky 2)(road 1)(car 2)(. 1)(road 1)(car 1)(. 2) = 12 pixels.
 * Confidence (255 * votes / 3, 0 where ignore):
 *     255 255 170 170 / 255 170 170 0 / 255 85 0 0.
 * s2.png: S S / . . : sky 2, ignored 2 (both tied), voters 2; confidence
 * 255 255 0 0.
 * Over both maps: road 4, car 3, sky 4, person 0 pixels.
 *
 * One consensus object: s1.jpg's car mask, column-major (index x * 3 + y)
 * pixels (1,1)=4, (1,2)=5, (2,1)=7: counts [4, 2, 1, 1, 4], box [1,1,2,2].
 */
#ifndef TLY_TEST_REPORT_SEG_SAMPLE_H
#define TLY_TEST_REPORT_SEG_SAMPLE_H

#include <string.h>

#include "harness.h"
#include "tally/dataset.h"
#include "tally/labelmap.h"
#include "tally/result.h"
#include "tally/rle.h"
#include "util/alloc.h"

#define SEG_UNUSED __attribute__((unused))
/* A statistic computed from no unit: undefined (the renderers write null). */
#define SEG_NO_STAT {NAN, {NAN, NAN}, 0}
#define SEG_RULES                                                                           \
	"{\"match\":{\"iou\":0.5,\"class_aware\":false},\"vote\":{\"quorum\":\"majority\","    \
	"\"tie\":\"review\",\"box\":\"median\",\"weights\":\"equal\"},\"report\":"             \
	"{\"low_overlap\":0.5},\"review\":{\"min_agreement\":0.7}}"

enum { SEG_ROAD, SEG_CAR, SEG_SKY, SEG_PERSON };
enum { SEG_ANN1, SEG_ANN2, SEG_ANN3, SEG_GOLD };
#define SEG_I TLY_LABEL_IGNORE

static SEG_UNUSED void seg_names(tly_named **out, size_t *n, const char *const *names, size_t count)
{
	size_t i;

	*out = tly_calloc(count, sizeof(**out));
	CU_ASSERT_PTR_NOT_NULL_FATAL(*out);
	for (i = 0; i < count; i++) {
		(*out)[i].id = (int64_t)(i + 1);
		(*out)[i].name = tly_strdup(names[i]);
	}
	*n = count;
}

static SEG_UNUSED void seg_dataset(tly_dataset *ds)
{
	static const char *const cats[] = {"road", "car", "sky", "person"};
	static const char *const anns[] = {"ann1", "ann2", "ann3", "gold"};
	static const char *const imgs[] = {"s1.jpg", "s2.png", "t.jpg"};
	static const int32_t size[][2] = {{4, 3}, {2, 2}, {0, 0}};
	size_t i;

	memset(ds, 0, sizeof(*ds));
	seg_names(&ds->categories, &ds->n_categories, cats, 4);
	seg_names(&ds->annotators, &ds->n_annotators, anns, 4);
	ds->category_info = tly_calloc(4, sizeof(tly_category_info));
	CU_ASSERT_PTR_NOT_NULL_FATAL(ds->category_info);
	ds->category_info[SEG_ROAD] = (tly_category_info){0, 0};
	ds->category_info[SEG_CAR] = (tly_category_info){1, 1};
	ds->category_info[SEG_SKY] = (tly_category_info){7, 0};
	ds->category_info[SEG_PERSON] = (tly_category_info){-1, -1};
	ds->map_ignore_value = 255;
	ds->images = tly_calloc(3, sizeof(tly_image));
	CU_ASSERT_PTR_NOT_NULL_FATAL(ds->images);
	ds->n_images = 3;
	for (i = 0; i < 3; i++) {
		ds->images[i].id = (int64_t)(i + 101);
		ds->images[i].name = tly_strdup(imgs[i]);
		ds->images[i].width = size[i][0];
		ds->images[i].height = size[i][1];
	}
}

/* Encode W x H pixels PX into *M (row-major), failing the test on error. */
static SEG_UNUSED void seg_map(tly_labelmap *m, const uint32_t *px, uint32_t w, uint32_t h)
{
	CHECK_OK(tly_labelmap_encode(m, px, w, h));
}

static SEG_UNUSED void seg_cons_maps(tly_result *r)
{
	static const uint32_t s1[] = {SEG_ROAD, SEG_ROAD, SEG_SKY, SEG_SKY,
				      SEG_ROAD, SEG_CAR, SEG_CAR, SEG_I,
				      SEG_ROAD, SEG_CAR, SEG_I, SEG_I};
	static const uint32_t s1_conf[] = {255, 255, 170, 170, 255, 170, 170, 0, 255, 85, 0, 0};
	static const uint32_t s2[] = {SEG_SKY, SEG_SKY, SEG_I, SEG_I};
	static const uint32_t s2_conf[] = {255, 255, 0, 0};

	r->cons_maps = tly_calloc(2, sizeof(tly_cons_map));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->cons_maps);
	r->n_cons_maps = 2;
	r->cons_maps[0].image = 0;
	r->cons_maps[0].voters = 3;
	r->cons_maps[0].tied_pixels = 1;
	seg_map(&r->cons_maps[0].map, s1, 4, 3);
	seg_map(&r->cons_maps[0].confidence, s1_conf, 4, 3);
	r->cons_maps[1].image = 1;
	r->cons_maps[1].voters = 2;
	r->cons_maps[1].tied_pixels = 2;
	seg_map(&r->cons_maps[1].map, s2, 2, 2);
	seg_map(&r->cons_maps[1].confidence, s2_conf, 2, 2);
}

/* s1.jpg's consensus car mask (see the file comment), members ann1 and ann2. */
static SEG_UNUSED void seg_cons_object(tly_result *r)
{
	static const int64_t counts[] = {4, 2, 1, 1, 4};

	r->cons_objects = tly_calloc(1, sizeof(tly_cons_object));
	r->cons_masks = tly_calloc(1, sizeof(tly_rle));
	r->members = tly_calloc(2, sizeof(tly_cons_member));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->cons_objects);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->cons_masks);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->members);
	CHECK_OK(tly_rle_from_counts(&r->cons_masks[0], 3, 4, counts, 5));
	r->n_cons_objects = 1;
	r->cons_objects[0] = (tly_cons_object){0, SEG_CAR, {TLY_GEOM_MASK, {1, 1, 2, 2}, &r->cons_masks[0]},
					       2, 2, 3, 2.0 / 3.0, 0.8, 0, 0};
	r->n_members = 2;
	r->members[0] = (tly_cons_member){1, SEG_ANN1, SEG_CAR, 0.75};
	r->members[1] = (tly_cons_member){2, SEG_ANN2, SEG_CAR, 0.85};
}

/*
 * Audits, in the (annotator, ref, category) order tly_result_check wants:
 * ann1 vs consensus: road tp 2 fp 1 fn 2 (IoU 2/5, Dice 4/7), car 3/0/0
 *   (IoU 1, Dice 1), sky 0/2/1 (IoU 0, Dice 0); pixel accuracy 5/10.
 * ann1 vs gold: road 1/0/1 (IoU 1/2, Dice 2/3), car 0/0/0 (not counted);
 *   pixel accuracy 1/2 on 1 image.
 * ann2 vs consensus: sky 4/0/0; pixel accuracy 4/4 on 2 images.
 */
static SEG_UNUSED void seg_pixel_counts(tly_result *r)
{
	static const tly_pixel_counts rows[] = {
		{SEG_ANN1, TLY_REF_CONSENSUS, SEG_ROAD, 2, 1, 2},
		{SEG_ANN1, TLY_REF_CONSENSUS, SEG_CAR, 3, 0, 0},
		{SEG_ANN1, TLY_REF_CONSENSUS, SEG_SKY, 0, 2, 1},
		{SEG_ANN1, TLY_REF_GOLD, SEG_ROAD, 1, 0, 1},
		{SEG_ANN1, TLY_REF_GOLD, SEG_CAR, 0, 0, 0},
		{SEG_ANN2, TLY_REF_CONSENSUS, SEG_SKY, 4, 0, 0},
	};
	static const tly_pixel_audit audits[] = {
		{SEG_ANN1, TLY_REF_CONSENSUS, 2, 5, 10},
		{SEG_ANN1, TLY_REF_GOLD, 1, 1, 2},
		{SEG_ANN2, TLY_REF_CONSENSUS, 2, 4, 4},
	};

	r->pixel_counts = tly_calloc(6, sizeof(rows[0]));
	r->pixel_audits = tly_calloc(3, sizeof(audits[0]));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->pixel_counts);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->pixel_audits);
	memcpy(r->pixel_counts, rows, sizeof(rows));
	memcpy(r->pixel_audits, audits, sizeof(audits));
	r->n_pixel_counts = 6;
	r->n_pixel_audits = 3;
}

/*
 * Panoptic counts. ann1 vs consensus: car (thing) tp 2 fp 1 fn 1 iou_sum
 * 1.5 -> PQ 1.5/3 = 0.5, SQ 0.75, RQ 2/3; road (stuff) 1/0/0, 0.8 -> PQ
 * 0.8, SQ 0.8, RQ 1; sky (stuff) 0/1/1, 0 -> PQ 0, SQ 0 (tp = 0), RQ 0.
 * ann1 vs gold: car 1/0/0, 0.9 -> PQ 0.9, SQ 0.9, RQ 1.
 */
static SEG_UNUSED void seg_panoptic(tly_result *r)
{
	static const tly_panoptic_counts rows[] = {
		{SEG_ANN1, TLY_REF_CONSENSUS, SEG_ROAD, 1, 0, 0, 0.8},
		{SEG_ANN1, TLY_REF_CONSENSUS, SEG_CAR, 2, 1, 1, 1.5},
		{SEG_ANN1, TLY_REF_CONSENSUS, SEG_SKY, 0, 1, 1, 0.0},
		{SEG_ANN1, TLY_REF_GOLD, SEG_CAR, 1, 0, 0, 0.9},
	};

	r->panoptic = tly_calloc(4, sizeof(rows[0]));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->panoptic);
	memcpy(r->panoptic, rows, sizeof(rows));
	r->n_panoptic = 4;
}

/*
 * Pairs: objects pairs (ann1, ann2) and (ann1, ann3); map pairs (ann2,
 * ann2) miou 0.625 on 2 images and (ann2, ann3) (miou undefined). Merged by
 * (a, b): (0,1) both, (0,2) objects only, (1,2) maps only.
 */
static SEG_UNUSED void seg_pairs(tly_result *r)
{
	r->pairs = tly_calloc(2, sizeof(tly_pair_stats));
	r->map_pairs = tly_calloc(2, sizeof(tly_map_pair));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->pairs);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->map_pairs);
	r->n_pairs = 2;
	r->pairs[0] = (tly_pair_stats){SEG_ANN1, SEG_ANN2, 1, 1, 1, 1, 1.0, 0, NAN, SEG_NO_STAT, SEG_NO_STAT};
	r->pairs[1] = (tly_pair_stats){SEG_ANN1, SEG_ANN3, 1, 0, 1, 0, 0.0, 0, NAN, SEG_NO_STAT, SEG_NO_STAT};
	r->n_map_pairs = 2;
	r->map_pairs[0] = (tly_map_pair){SEG_ANN1, SEG_ANN2, 2, 0.625};
	r->map_pairs[1] = (tly_map_pair){SEG_ANN2, SEG_ANN3, 1, NAN};
}

static SEG_UNUSED void seg_stats(tly_result *r)
{
	size_t i;

	r->images = tly_calloc(3, sizeof(tly_image_stats));
	r->annotators = tly_calloc(4, sizeof(tly_annotator_stats));
	r->classes = tly_calloc(4, sizeof(tly_class_stats));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->images);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->annotators);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->classes);
	r->n_images = 3;
	/* Mean map agreement over s1 and s2: (0.5 + 0.25) / 2 = 0.375; t.jpg has no map voter. */
	r->images[0] = (tly_image_stats){0, 2, 0, 0.5, 1.0, NAN, 3, 0.5, 1, 0};
	r->images[1] = (tly_image_stats){1, 0, 0, 0.25, NAN, NAN, 2, 0.25, 1, 0};
	r->images[2] = (tly_image_stats){2, 0, 0, NAN, NAN, NAN, 0, 0.0, 0, 0};
	r->n_annotators = 4;
	for (i = 0; i < 4; i++)
		r->annotators[i].annotator = (uint32_t)i;
	r->annotators[SEG_ANN1].images_done = 2;
	r->annotators[SEG_ANN2].images_done = 2;
	r->annotators[SEG_ANN3].images_done = 1;
	r->n_classes = 4;
	for (i = 0; i < 4; i++)
		r->classes[i] = (tly_class_stats){(uint32_t)i, 0, NAN, NAN, SEG_NO_STAT, SEG_NO_STAT};
	r->classes[SEG_CAR] = (tly_class_stats){SEG_CAR, 1, 2.0 / 3.0, 0.8, SEG_NO_STAT, SEG_NO_STAT};
	/* the maps' pixel kappa is rendered, not derived, here: any defined values will do */
	r->fleiss_kappa_maps = (tly_stat){0.5, {0.25, 0.75}, 200};
	r->classes[SEG_CAR].fleiss_kappa_maps = (tly_stat){0.625, {0.5, 0.875}, 200};
	r->classes[0].fleiss_kappa_maps = (tly_stat){NAN, {NAN, NAN}, 200};
}

static SEG_UNUSED void seg_build(tly_dataset *ds, tly_result *r)
{
	seg_dataset(ds);
	memset(r, 0, sizeof(*r));
	r->run_id = 3;
	r->rules_json = tly_strdup(SEG_RULES);
	r->created_at = tly_strdup("2024-06-01T08:00:00Z");
	r->threads = 1;
	seg_cons_maps(r);
	seg_cons_object(r);
	seg_pixel_counts(r);
	seg_panoptic(r);
	seg_pairs(r);
	seg_stats(r);
}

/*
 * The run as rules that alias "auto" to car and ignore "kerb" leave it,
 * had the maps used both: two more categories, both retired by
 * tly_run_prepare and unused: 4 "auto" (its pixel value 5 kept: car had
 * its own, 1), a thing; 5 "kerb" (value 3), stuff. Their class rows have
 * support 0 and, so a leaked row would show, defined kappas. Every report
 * and export of it must be the plain run's: no class row, no
 * statistics row, no classes.json entry, no panoptic category for them.
 */
static SEG_UNUSED void seg_retire(tly_dataset *ds, tly_result *r)
{
	static const tly_stat some = {0.5, {0.25, 0.75}, 12};
	tly_named *c = tly_reallocarray(ds->categories, 6, sizeof(*c));
	tly_category_info *info = tly_reallocarray(ds->category_info, 6, sizeof(*info));
	tly_class_stats *k = tly_reallocarray(r->classes, 6, sizeof(*k));

	CU_ASSERT_FATAL(c && info && k);
	ds->categories = c;
	ds->category_info = info;
	r->classes = k;
	c[4] = (tly_named){5, tly_strdup("auto")};
	c[5] = (tly_named){6, tly_strdup("kerb")};
	info[4] = (tly_category_info){5, 1};
	info[5] = (tly_category_info){3, 0};
	ds->n_categories = 6;
	ds->category_retired = tly_calloc(6, 1);
	CU_ASSERT_FATAL(c[4].name && c[5].name && ds->category_retired);
	ds->category_retired[4] = ds->category_retired[5] = 1;
	k[4] = (tly_class_stats){4, 0, NAN, NAN, some, some};
	k[5] = (tly_class_stats){5, 0, NAN, NAN, some, some};
	r->n_classes = 6;
}

/*
 * Free what tly_result_clear / tly_dataset_clear may not (the label-map
 * arrays and category_info), leaving NULLs so a clear that does free them
 * frees nothing twice; then clear both.
 */
static SEG_UNUSED void seg_clear(tly_dataset *ds, tly_result *r)
{
	size_t i;

	for (i = 0; i < r->n_cons_maps; i++) {
		tly_labelmap_clear(&r->cons_maps[i].map);
		tly_labelmap_clear(&r->cons_maps[i].confidence);
	}
	tly_free(r->cons_maps);
	tly_free(r->pixel_counts);
	tly_free(r->pixel_audits);
	tly_free(r->map_pairs);
	tly_free(r->panoptic);
	r->cons_maps = NULL;
	r->pixel_counts = NULL;
	r->pixel_audits = NULL;
	r->map_pairs = NULL;
	r->panoptic = NULL;
	r->n_cons_maps = r->n_pixel_counts = r->n_pixel_audits = r->n_map_pairs = r->n_panoptic = 0;
	tly_result_clear(r);
	tly_free(ds->category_info);
	ds->category_info = NULL;
	tly_dataset_clear(ds);
}

#endif
