/*
 * The label-map part of the report view (src/report/seg.c) on the run of
 * seg_sample.h: class pixels, ignored pixels, per-annotator pixel
 * accuracy, mean IoU / Dice and PQ / SQ / RQ, grouped rows and the merged
 * pair records. Each expected value is worked out in seg_sample.h or here.
 */
#include "seg_sample.h"
#include "report/view.h"

static void test_class_figures(void)
{
	tly_dataset ds;
	tly_result r;
	tly_report__view v;
	const tly_report__seg *s;

	seg_build(&ds, &r);
	CHECK_OK(tly_report__view_init(&v, &ds, &r));
	s = &v.seg;
	CU_ASSERT(s->any);
	CU_ASSERT_EQUAL(s->map_of[0], 0);
	CU_ASSERT_EQUAL(s->map_of[1], 1);
	CU_ASSERT_EQUAL(s->map_of[2], SIZE_MAX);
	/* s1.jpg: 3 ignored; s2.png: 2. */
	CU_ASSERT_EQUAL(s->ignored[0], 3);
	CU_ASSERT_EQUAL(s->ignored[1], 2);
	/* s1.jpg: road 4, car 3, sky 2 by category; s2.png: sky 2. */
	CU_ASSERT_EQUAL(s->class_start[0], 0);
	CU_ASSERT_EQUAL(s->class_start[1], 3);
	CU_ASSERT_EQUAL(s->class_start[2], 4);
	CU_ASSERT_EQUAL(s->classes[0].category, SEG_ROAD);
	CU_ASSERT_EQUAL(s->classes[0].pixels, 4);
	CU_ASSERT_EQUAL(s->classes[1].category, SEG_CAR);
	CU_ASSERT_EQUAL(s->classes[1].pixels, 3);
	CU_ASSERT_EQUAL(s->classes[2].category, SEG_SKY);
	CU_ASSERT_EQUAL(s->classes[2].pixels, 2);
	CU_ASSERT_EQUAL(s->classes[3].category, SEG_SKY);
	CU_ASSERT_EQUAL(s->classes[3].pixels, 2);
	CU_ASSERT_EQUAL(s->class_pixels[SEG_ROAD], 4);
	CU_ASSERT_EQUAL(s->class_pixels[SEG_CAR], 3);
	CU_ASSERT_EQUAL(s->class_pixels[SEG_SKY], 4);
	CU_ASSERT_EQUAL(s->class_pixels[SEG_PERSON], 0);
	/*
	 * Class IoU of the vs-consensus counts summed over annotators (gold rows
	 * left out): road ann1 2/(2+1+2) = 0.4; car 3/3 = 1; sky ann1 (0,2,1) +
	 * ann2 (4,0,0) = 4/(4+2+1) = 4/7; person no counts.
	 */
	CHECK_NEAR(s->class_iou[SEG_ROAD], 0.4, 1e-15);
	CHECK_NEAR(s->class_iou[SEG_CAR], 1.0, 1e-15);
	CHECK_NEAR(s->class_iou[SEG_SKY], 4.0 / 7.0, 1e-15);
	CU_ASSERT(isnan(s->class_iou[SEG_PERSON]));
	/* (0.5 + 0.25) / 2; t.jpg's stored 0 is no agreement: it had no map voter. */
	CHECK_NEAR(s->mean_agreement_maps, 0.375, 1e-15);
	CU_ASSERT(isnan(tly_report__agreement_maps(&r.images[2])));
	tly_report__view_clear(&v);
	seg_clear(&ds, &r);
}

static void test_semantic_audits(void)
{
	tly_dataset ds;
	tly_result r;
	tly_report__view v;
	const tly_report__seg_audit *a;

	seg_build(&ds, &r);
	CHECK_OK(tly_report__view_init(&v, &ds, &r));
	/* ann1 vs consensus: IoU (0.4 + 1 + 0)/3, Dice (4/7 + 1 + 0)/3 = 11/21, accuracy 5/10. */
	a = &v.seg.audit[SEG_ANN1 * 2 + TLY_REF_CONSENSUS];
	CU_ASSERT(a->semantic);
	CU_ASSERT_EQUAL(a->images, 2);
	CU_ASSERT_EQUAL(a->correct, 5);
	CU_ASSERT_EQUAL(a->total, 10);
	CHECK_NEAR(a->pixel_accuracy, 0.5, 1e-15);
	CHECK_NEAR(a->mean_iou, 1.4 / 3.0, 1e-15);
	CHECK_NEAR(a->mean_dice, 11.0 / 21.0, 1e-15);
	/* ann1 vs gold: only road counts (car's row is all zero): IoU 1/2, Dice 2/3, accuracy 1/2. */
	a = &v.seg.audit[SEG_ANN1 * 2 + TLY_REF_GOLD];
	CU_ASSERT(a->semantic);
	CU_ASSERT_EQUAL(a->images, 1);
	CHECK_NEAR(a->pixel_accuracy, 0.5, 1e-15);
	CHECK_NEAR(a->mean_iou, 0.5, 1e-15);
	CHECK_NEAR(a->mean_dice, 2.0 / 3.0, 1e-15);
	/* ann2 vs consensus: sky 4/0/0, accuracy 4/4; no gold, no panoptic. */
	a = &v.seg.audit[SEG_ANN2 * 2 + TLY_REF_CONSENSUS];
	CU_ASSERT(a->semantic);
	CHECK_NEAR(a->pixel_accuracy, 1.0, 1e-15);
	CHECK_NEAR(a->mean_iou, 1.0, 1e-15);
	CHECK_NEAR(a->mean_dice, 1.0, 1e-15);
	CU_ASSERT(!a->panoptic);
	CU_ASSERT(!v.seg.audit[SEG_ANN2 * 2 + TLY_REF_GOLD].semantic);
	/* ann3 and gold: never audited on maps. */
	CU_ASSERT(!v.seg.audit[SEG_ANN3 * 2].semantic && !v.seg.audit[SEG_ANN3 * 2].panoptic);
	CU_ASSERT(!v.seg.audit[SEG_GOLD * 2 + 1].semantic);
	CU_ASSERT(isnan(v.seg.audit[SEG_ANN3 * 2].pixel_accuracy));
	CU_ASSERT(isnan(v.seg.audit[SEG_ANN3 * 2].mean_iou));
	tly_report__view_clear(&v);
	seg_clear(&ds, &r);
}

static void test_panoptic_audits(void)
{
	tly_dataset ds;
	tly_result r;
	tly_report__view v;
	const tly_report__seg_audit *a;

	seg_build(&ds, &r);
	CHECK_OK(tly_report__view_init(&v, &ds, &r));
	/*
	 * ann1 vs consensus, the three classes of seg_sample.h:
	 * PQ (0.5 + 0.8 + 0)/3, SQ (0.75 + 0.8 + 0)/3, RQ (2/3 + 1 + 0)/3 = 5/9;
	 * things: car 0.5; stuff: (road 0.8 + sky 0)/2 = 0.4.
	 */
	a = &v.seg.audit[SEG_ANN1 * 2 + TLY_REF_CONSENSUS];
	CU_ASSERT(a->panoptic);
	CHECK_NEAR(a->pq, 1.3 / 3.0, 1e-15);
	CHECK_NEAR(a->sq, 1.55 / 3.0, 1e-15);
	CHECK_NEAR(a->rq, 5.0 / 9.0, 1e-15);
	CHECK_NEAR(a->pq_things, 0.5, 1e-15);
	CHECK_NEAR(a->pq_stuff, 0.4, 1e-15);
	/* ann1 vs gold: car alone, 0.9 / 1; no stuff class was compared. */
	a = &v.seg.audit[SEG_ANN1 * 2 + TLY_REF_GOLD];
	CHECK_NEAR(a->pq, 0.9, 1e-15);
	CHECK_NEAR(a->sq, 0.9, 1e-15);
	CHECK_NEAR(a->rq, 1.0, 1e-15);
	CHECK_NEAR(a->pq_things, 0.9, 1e-15);
	CU_ASSERT(isnan(a->pq_stuff));
	tly_report__view_clear(&v);
	seg_clear(&ds, &r);
}

/* Rows grouped by (annotator, ref); pairs and map pairs merged by (a, b). */
static void test_rows_and_pairs(void)
{
	tly_dataset ds;
	tly_result r;
	tly_report__view v;
	const tly_report__seg *s;
	size_t i;

	seg_build(&ds, &r);
	CHECK_OK(tly_report__view_init(&v, &ds, &r));
	s = &v.seg;
	/* pixel_counts: ann1/cons rows 0-2, ann1/gold 3-4, ann2/cons 5; groups 3.. (ann2/gold on) empty. */
	CU_ASSERT_EQUAL(s->pixel_rows.start[0], 0);
	CU_ASSERT_EQUAL(s->pixel_rows.start[1], 3);
	CU_ASSERT_EQUAL(s->pixel_rows.start[2], 5);
	CU_ASSERT_EQUAL(s->pixel_rows.start[3], 6);
	CU_ASSERT_EQUAL(s->pixel_rows.start[8], 6);
	for (i = 0; i < 6; i++)
		CU_ASSERT_EQUAL(s->pixel_rows.order[i], i);
	/* panoptic: ann1/cons rows 0-2, ann1/gold 3. */
	CU_ASSERT_EQUAL(s->pq_rows.start[1], 3);
	CU_ASSERT_EQUAL(s->pq_rows.start[2], 4);
	CU_ASSERT_EQUAL(s->pq_rows.start[8], 4);
	/* (0,1) both; (0,2) objects only; (1,2) maps only. */
	CU_ASSERT_EQUAL_FATAL(s->n_pair_rows, 3);
	CU_ASSERT(s->pair_rows[0].a == 0 && s->pair_rows[0].b == 1);
	CU_ASSERT(s->pair_rows[0].pair == 0 && s->pair_rows[0].map_pair == 0);
	CU_ASSERT(s->pair_rows[1].a == 0 && s->pair_rows[1].b == 2);
	CU_ASSERT(s->pair_rows[1].pair == 1 && s->pair_rows[1].map_pair == SIZE_MAX);
	CU_ASSERT(s->pair_rows[2].a == 1 && s->pair_rows[2].b == 2);
	CU_ASSERT(s->pair_rows[2].pair == SIZE_MAX && s->pair_rows[2].map_pair == 1);
	/* Map voters: ann1, ann2 audited against the consensus, ann3 in a map pair; gold neither. */
	CU_ASSERT(s->map_voter[SEG_ANN1] && s->map_voter[SEG_ANN2] && s->map_voter[SEG_ANN3]);
	CU_ASSERT(!s->map_voter[SEG_GOLD]);
	tly_report__view_clear(&v);
	seg_clear(&ds, &r);
}

/* The per-class formulas on their own, with their edge cases. */
static void test_formulas(void)
{
	tly_panoptic_counts c = {0, TLY_REF_CONSENSUS, 0, 0, 0, 0, 0.0};
	double f[3];

	/* tp 2, fp 1, fn 2: IoU 2/5, Dice 4/7 (the brief's worked pair). */
	CHECK_NEAR(tly_report__iou(2, 1, 2), 0.4, 1e-15);
	CHECK_NEAR(tly_report__dice(2, 1, 2), 4.0 / 7.0, 1e-15);
	CU_ASSERT(isnan(tly_report__iou(0, 0, 0)));
	CU_ASSERT(isnan(tly_report__dice(0, 0, 0)));
	CHECK_NEAR(tly_report__iou(0, 3, 0), 0.0, 0.0);
	tly_report__pq(f, &c);
	CU_ASSERT(isnan(f[0]) && isnan(f[1]) && isnan(f[2]));
	/* tp 3, fp 2, fn 0, IoUs 0.6 + 0.7 + 0.8 = 2.1: PQ 2.1/4, SQ 0.7, RQ 3/4. */
	c.tp = 3;
	c.fp = 2;
	c.iou_sum = 2.1;
	tly_report__pq(f, &c);
	CHECK_NEAR(f[0], 2.1 / 4.0, 1e-15);
	CHECK_NEAR(f[1], 0.7, 1e-15);
	CHECK_NEAR(f[2], 0.75, 1e-15);
	/* tp 0, fn 4: PQ 0, SQ 0 (panopticapi), RQ 0. */
	c.tp = 0;
	c.fp = 0;
	c.fn = 4;
	c.iou_sum = 0.0;
	tly_report__pq(f, &c);
	CU_ASSERT(f[0] == 0.0 && f[1] == 0.0 && f[2] == 0.0);
}

/* No label maps: nothing to show, every figure empty or undefined. */
static void test_no_maps(void)
{
	tly_dataset ds;
	tly_result r;
	tly_report__view v;

	seg_build(&ds, &r);
	seg_clear(&ds, &r);
	memset(&ds, 0, sizeof(ds));
	memset(&r, 0, sizeof(r));
	CHECK_OK(tly_report__view_init(&v, &ds, &r));
	CU_ASSERT(!v.seg.any);
	CU_ASSERT_EQUAL(v.seg.n_pair_rows, 0);
	CU_ASSERT(isnan(v.seg.mean_agreement_maps));
	tly_report__view_clear(&v);
}

TLY_TESTS("report_seg",
	  {"class_figures", test_class_figures},
	  {"semantic_audits", test_semantic_audits},
	  {"panoptic_audits", test_panoptic_audits},
	  {"rows_and_pairs", test_rows_and_pairs},
	  {"formulas", test_formulas},
	  {"no_maps", test_no_maps})
