/*
 * vote.mask (src/agree/weights_mask.c): a cluster of masks under "staple"
 * takes STAPLE's consensus and credits each member's rates to its
 * annotator; past 16 members it keeps the majority and says so; a box
 * among masks keeps the box. The worked case is tests/agree/test_staple.c's
 * 5 x 4 one, whose fixed point is known by hand: truth = x 1..3, y 1..2;
 * A = truth, B = truth + (4,1), C = truth - (1,1) + (0,3) + (4,3); STAPLE
 * settles on the truth with A (sensitivity, specificity) = (1, 1), B = (1,
 * 13/14), C = (5/6, 6/7). Pairwise mask IoUs 6/7, 5/8, 5/9 >= 0.5: one
 * cluster.
 */
#include <stdlib.h>
#include <string.h>

#include "agree/scenes.h"
#include "agree/weights_mask.h"

#define MH 4
#define MW 5

static void mask_of(tly_rle *out, const int (*pts)[2], size_t n)
{
	uint8_t *m = calloc(MH * MW, 1);
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	for (i = 0; i < n; i++)
		m[pts[i][0] * MH + pts[i][1]] = 1; /* column-major: x * h + y */
	CHECK_OK(tly_rle_encode(out, m, MH, MW));
	free(m);
}

static const int TRUTH[6][2] = {{1, 1}, {1, 2}, {2, 1}, {2, 2}, {3, 1}, {3, 2}};
static const int PLUS[7][2] = {{1, 1}, {1, 2}, {2, 1}, {2, 2}, {3, 1}, {3, 2}, {4, 1}};
static const int MOVED[7][2] = {{1, 2}, {2, 1}, {2, 2}, {3, 1}, {3, 2}, {0, 3}, {4, 3}};

/* Image "mask.png" (5 x 4): A, B, C draw the three masks, all car. */
static uint32_t mask_scene(tly_dataset *ds)
{
	tly_image *img;
	uint32_t im, k;

	scene_init(ds);
	im = tb_image(ds, "mask.png");
	for (k = 0; k < 3; k++)
		tb_box(ds, im, tb_sub(ds, im, k, TLY_TASK_OBJECTS, 0), CAR, 0, 0, MW, MH);
	img = &ds->images[im];
	img->width = MW;
	img->height = MH;
	img->rles = tly_calloc(3, sizeof(*img->rles));
	CU_ASSERT_PTR_NOT_NULL_FATAL(img->rles);
	img->n_rles = 3;
	mask_of(&img->rles[0], TRUTH, 6);
	mask_of(&img->rles[1], PLUS, 7);
	mask_of(&img->rles[2], MOVED, 7);
	for (k = 0; k < 3; k++) {
		img->objs[k].geom.kind = TLY_GEOM_MASK;
		img->objs[k].geom.rle = &img->rles[k];
		img->objs[k].geom.box = tly_rle_bbox(&img->rles[k]);
	}
	return im;
}

static const tly_agree_annotator *entry(const tly_agree_image_result *r, uint32_t annotator)
{
	size_t i;

	for (i = 0; i < r->n_annotators; i++)
		if (r->annotators[i].annotator == annotator)
			return &r->annotators[i];
	CU_FAIL_FATAL("annotator has no audit entry");
	return NULL;
}

/*
 * staple: the consensus is STAPLE's over the three masks (the truth, 6
 * pixels), and each annotator's record holds its rates times the pixels
 * in (6) and out (14): A 6 / 6 and 14 / 14, B 6 / 6 and 13 / 14, C 5 / 6
 * and 12 / 14. Under majority nothing is credited.
 */
static void test_staple_cluster(void)
{
	static const double sens[3] = {6, 6, 5}, spec[3] = {14, 13, 12};
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	tly_staple_result st;
	tly_rle truth;
	uint32_t im = mask_scene(&ds), k;
	double iou;

	p.mask = TLY_MASK_STAPLE;
	scene_run(&r, &ds, im, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_cons_objects, 1);
	CU_ASSERT_EQUAL(r.cons_objects[0].geom.kind, TLY_GEOM_MASK);
	CU_ASSERT_EQUAL(r.staple_fallbacks, 0);
	/* the same runs as tly_staple's consensus over the members, and the truth */
	CHECK_OK(tly_staple(&st, ds.images[im].rles, 3, NULL));
	CU_ASSERT_EQUAL_FATAL(r.cons_masks[0].m, st.consensus.m);
	CU_ASSERT(memcmp(r.cons_masks[0].counts, st.consensus.counts, st.consensus.m * sizeof(uint32_t)) == 0);
	mask_of(&truth, TRUTH, 6);
	CHECK_OK(tly_rle_iou(&iou, &r.cons_masks[0], &truth, 0));
	CHECK_NEAR(iou, 1.0, 0);
	/* the label vote is untouched: 3 car votes of 3 */
	CHECK_NEAR(r.cons_objects[0].confidence, 1.0, 0);
	/* agreement: mean IoU to the truth, (1 + 6/7 + 5/8) / 3 */
	CHECK_NEAR(r.cons_objects[0].agreement, (1.0 + 6.0 / 7.0 + 5.0 / 8.0) / 3.0, 1e-15);
	for (k = 0; k < 3; k++) {
		const tly_agree_annotator *a = entry(&r, k);

		CU_ASSERT_EQUAL(a->staple_clusters, 1);
		CHECK_NEAR(a->staple_in, 6, 0);
		CHECK_NEAR(a->staple_out, 14, 0);
		CHECK_NEAR(a->staple_sens, sens[k], 1e-8);
		CHECK_NEAR(a->staple_spec, spec[k], 1e-8);
	}
	p.mask = TLY_MASK_MAJORITY;
	scene_run(&r, &ds, im, &p);
	CU_ASSERT_EQUAL(entry(&r, A)->staple_clusters, 0);
	tly_staple_result_clear(&st);
	tly_rle_clear(&truth);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * 17 members (over TLY_RLE_MAX_PATTERN_MASKS = 16): the majority, with the
 * fallback flagged and no STAPLE rates; 16 take STAPLE. A box among masks
 * has no pixel vote at all.
 */
static void test_fallback_and_box(void)
{
	tly_rle masks[17], out;
	tly_geometry geom[17], box;
	tly_match_item items[17];
	uint32_t members[17];
	tly_staple_result st;
	tly_agree_context ctx;
	tly_dataset ds;
	tly_policy p = scene_policy();
	int fallback;
	size_t i;

	scene_init(&ds);
	p.mask = TLY_MASK_STAPLE;
	CHECK_OK(tly_agree_context_init(&ctx, &ds, &p));
	memset(items, 0, sizeof(items));
	for (i = 0; i < 17; i++) {
		mask_of(&masks[i], i % 2 ? PLUS : TRUTH, i % 2 ? 7 : 6);
		memset(&geom[i], 0, sizeof(geom[i]));
		geom[i].kind = TLY_GEOM_MASK;
		geom[i].rle = &masks[i];
		items[i].geom = &geom[i];
		items[i].owner = (uint32_t)i;
		members[i] = (uint32_t)i;
	}
	/* 9 TRUTH and 8 PLUS: (4,1) is in 8 of 17, not a majority: the truth */
	CU_ASSERT_EQUAL(tly_agree__cluster_mask(&out, &st, &fallback, &ctx, items, members, 17), 1);
	CU_ASSERT_EQUAL(fallback, 1);
	CU_ASSERT_EQUAL(st.k, 0);
	CU_ASSERT_EQUAL(tly_rle_area(&out), 6);
	tly_rle_clear(&out);
	CU_ASSERT_EQUAL(tly_agree__cluster_mask(&out, &st, &fallback, &ctx, items, members, 16), 1);
	CU_ASSERT_EQUAL(fallback, 0);
	CU_ASSERT_EQUAL(st.k, 16);
	tly_rle_clear(&out);
	memset(&box, 0, sizeof(box));
	box.kind = TLY_GEOM_BOX;
	items[3].geom = &box;
	CU_ASSERT_EQUAL(tly_agree__cluster_mask(&out, &st, &fallback, &ctx, items, members, 5), 0);
	CU_ASSERT_EQUAL(out.m, 0);
	CU_ASSERT_EQUAL(tly_agree__cluster_mask(&out, NULL, NULL, &ctx, items, members, 0), 0);
	for (i = 0; i < 17; i++)
		tly_rle_clear(&masks[i]);
	tly_agree_context_clear(&ctx);
	tly_dataset_clear(&ds);
}

TLY_TESTS("agree_weights_mask",
	  {"staple_cluster", test_staple_cluster},
	  {"fallback_and_box", test_fallback_and_box})
