/*
 * Annotator audit on one image (src/agree/audit.c): leave-one-out counts
 * against the other voters' consensus and counts against gold, for
 * objects and labels, each worked on paper below.
 */
#include <math.h>

#include "agree/scenes.h"

typedef struct {
	uint64_t tp, fp, fn, matched;
	double iou_sum;
	uint64_t label_correct, label_total;
	uint32_t images;
} want;

static void check_counts(const tly_counts *c, want w)
{
	CU_ASSERT_EQUAL(c->tp, w.tp);
	CU_ASSERT_EQUAL(c->fp, w.fp);
	CU_ASSERT_EQUAL(c->fn, w.fn);
	CU_ASSERT_EQUAL(c->matched, w.matched);
	CHECK_NEAR(c->iou_sum, w.iou_sum, 1e-12);
	CU_ASSERT_EQUAL(c->label_correct, w.label_correct);
	CU_ASSERT_EQUAL(c->label_total, w.label_total);
	CU_ASSERT_EQUAL(c->images, w.images);
}

/* The audit record of ANNOTATOR (entries are by annotator index). */
static const tly_agree_annotator *entry(const tly_agree_image_result *r, uint32_t annotator)
{
	size_t i;

	for (i = 0; i < r->n_annotators; i++)
		if (r->annotators[i].annotator == annotator)
			return &r->annotators[i];
	return NULL;
}

/*
 * street.jpg, default rules (review ties), leave-one-out:
 *  without A: B car [2,0] + C person [0,0] cluster (IoU 2/3, cross pass):
 *    2 of |V|-1 = 2 meets the majority, but car 1 : person 1 is a tie ->
 *    no consensus; B dog, C car[200] alone: 1 of 2 is not a majority.
 *    Reference empty: A tp 0, fp 2, fn 0, nothing matched.
 *  without B: A car + C person (IoU 1) tie again; reference empty:
 *    B tp 0, fp 2, fn 0.
 *  without C: {A car, B car} -> car, median of two = mean: [1,0,10,10];
 *    {A dog, B dog} -> dog [100,100,20,20]. C person [0,0,10,10] pairs
 *    with the car in the cross pass: IoU 90/110 = 9/11; C car [200,..]
 *    overlaps nothing. tp 0, fp 2, fn 2, matched 1, iou_sum 9/11,
 *    label_correct 0 of label_total 1.
 */
static void test_loo_review(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();

	scene_init(&ds);
	scene_street(&ds, 0);
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_annotators, 3);
	check_counts(&entry(&r, A)->vs_consensus, (want){0, 2, 0, 0, 0.0, 0, 0, 1});
	check_counts(&entry(&r, B)->vs_consensus, (want){0, 2, 0, 0, 0.0, 0, 0, 1});
	check_counts(&entry(&r, C)->vs_consensus, (want){0, 2, 2, 1, 9.0 / 11.0, 0, 1, 1});
	/* no gold on the image */
	check_counts(&entry(&r, A)->vs_gold, (want){0, 0, 0, 0, 0.0, 0, 0, 0});
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * The same with vote.tie = first (the tied label whose name sorts first):
 *  without A: {B car [2,0,10,10], C person [0,0,10,10]} -> "car" <
 *    "person" -> car, box mean of two: [1,0,10,10]. A car [0,0,10,10]
 *    pairs with it, same label, IoU 9/11 -> tp 1; A dog unmatched ->
 *    fp 1; reference 1 - tp 1 -> fn 0. matched 1, labels 1/1.
 *  without B: {A car [0,0], C person [0,0]} -> car [0,0,10,10]. B car
 *    [2,0,10,10] IoU 2/3, same label -> tp 1, fp 1 (dog), fn 0.
 *  without C: as under review (no tie there).
 */
static void test_loo_first(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();

	p.tie = TLY_TIE_FIRST;
	scene_init(&ds);
	scene_street(&ds, 0);
	scene_run(&r, &ds, 0, &p);
	check_counts(&entry(&r, A)->vs_consensus, (want){1, 1, 0, 1, 9.0 / 11.0, 1, 1, 1});
	check_counts(&entry(&r, B)->vs_consensus, (want){1, 1, 0, 1, 2.0 / 3.0, 1, 1, 1});
	check_counts(&entry(&r, C)->vs_consensus, (want){0, 2, 2, 1, 9.0 / 11.0, 0, 1, 1});
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * Gold: H (index 4, added first) and G (index 3) both have gold; the
 * lowest index, G, is the reference: car [0,0,10,10], dog [100,100,20,20].
 *  A: car IoU 1 and dog IoU 1, same labels -> tp 2, fp 0, fn 0, matched 2,
 *     iou_sum 2, labels 2/2.
 *  B: car [2,0] IoU 2/3 and dog 1 -> tp 2, iou_sum 5/3, labels 2/2.
 *  C: no same-label pair (C car [200,..] is far); cross pass: C person ~
 *     gold car IoU 1 -> tp 0, fp 2, fn 2, matched 1, iou_sum 1, labels 0/1.
 * (Had H been used, A's car would match nothing.) Gold annotators have no
 * non-gold submission, so no audit record.
 */
static void test_gold(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();

	scene_init(&ds);
	scene_street(&ds, 1);
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_annotators, 3);
	CU_ASSERT_PTR_NULL(entry(&r, G));
	check_counts(&entry(&r, A)->vs_gold, (want){2, 0, 0, 2, 2.0, 2, 2, 1});
	check_counts(&entry(&r, B)->vs_gold, (want){2, 0, 0, 2, 5.0 / 3.0, 2, 2, 1});
	check_counts(&entry(&r, C)->vs_gold, (want){0, 2, 2, 1, 1.0, 0, 1, 1});
	/* gold never votes: the leave-one-out figures are those of test_loo_review */
	check_counts(&entry(&r, C)->vs_consensus, (want){0, 2, 2, 1, 9.0 / 11.0, 0, 1, 1});
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * Labels, single-label: A car, B car, C dog; gold G car.
 *  LOO without A: B car vs C dog, 1 of 2 each, no majority -> reference
 *    {} (not a tie: the quorum fails first). A {car}: tp 0, fp 1, fn 0,
 *    label 0/1. Same for B.
 *  without C: {car}; C {dog}: tp 0, fp 1, fn 1, label 0/1.
 *  gold {car}: A and B tp 1, label 1/1; C tp 0, fp 1, fn 1, label 0/1.
 * Labels touch neither matched nor iou_sum.
 */
static void test_labels(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	const uint32_t car = CAR;
	uint32_t im;

	scene_init(&ds);
	im = scene_single_labels(&ds);
	scene_labels(&ds, im, G, 1, &car, 1);
	scene_run(&r, &ds, im, &p);
	check_counts(&entry(&r, A)->vs_consensus, (want){0, 1, 0, 0, 0.0, 0, 1, 1});
	check_counts(&entry(&r, B)->vs_consensus, (want){0, 1, 0, 0, 0.0, 0, 1, 1});
	check_counts(&entry(&r, C)->vs_consensus, (want){0, 1, 1, 0, 0.0, 0, 1, 1});
	check_counts(&entry(&r, A)->vs_gold, (want){1, 0, 0, 0, 0.0, 1, 1, 1});
	check_counts(&entry(&r, C)->vs_gold, (want){0, 1, 1, 0, 0.0, 0, 1, 1});
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * A tied leave-one-out label vote is no reference: quorum fraction 0.5,
 * A car, B dog, C car.
 *  without A: B dog vs C car, 1 of 2 each = 0.5 meets the quorum, tied
 *    under review -> skipped: A not compared (images 0).
 *  without B: A car, C car -> {car}; B {dog}: tp 0, fp 1, fn 1, 0/1.
 *  without C: A car vs B dog: tied -> skipped.
 */
static void test_labels_tied_reference(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	const uint32_t car = CAR, dog = DOG;
	uint32_t im;

	p.quorum.kind = TLY_QUORUM_FRACTION;
	p.quorum.fraction = 0.5;
	scene_init(&ds);
	im = tb_image(&ds, "labels.jpg");
	scene_labels(&ds, im, A, 0, &car, 1);
	scene_labels(&ds, im, B, 0, &dog, 1);
	scene_labels(&ds, im, C, 0, &car, 1);
	scene_run(&r, &ds, im, &p);
	check_counts(&entry(&r, A)->vs_consensus, (want){0, 0, 0, 0, 0.0, 0, 0, 0});
	check_counts(&entry(&r, B)->vs_consensus, (want){0, 1, 1, 0, 0.0, 0, 1, 1});
	check_counts(&entry(&r, C)->vs_consensus, (want){0, 0, 0, 0, 0.0, 0, 0, 0});
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * Multi-label with gold: A {car, person}, B {car}, C {person, dog}, gold
 * G {car, dog}.
 *  LOO without A: B {car} + C {person, dog}: each label 1 of 2, none a
 *    majority -> {}. A: tp 0, fp 2, fn 0, 0/1.
 *  without B: A {car, person} + C {person, dog}: person 2 of 2 -> {person}.
 *    B {car}: tp 0, fp 1, fn 1, 0/1.
 *  without C: A + B: car 2 of 2 -> {car}; C {person, dog}: tp 0, fp 2,
 *    fn 1, 0/1.
 *  gold {car, dog}: A tp 1 (car), fp 1, fn 1; B tp 1, fp 0, fn 1;
 *    C tp 1 (dog), fp 1, fn 1; none equal -> 0/1 each.
 */
static void test_labels_multi(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	const uint32_t lg[] = {CAR, DOG};
	uint32_t im;

	scene_init(&ds);
	im = scene_multi_labels(&ds);
	scene_labels(&ds, im, G, 1, lg, 2);
	scene_run(&r, &ds, im, &p);
	check_counts(&entry(&r, A)->vs_consensus, (want){0, 2, 0, 0, 0.0, 0, 1, 1});
	check_counts(&entry(&r, B)->vs_consensus, (want){0, 1, 1, 0, 0.0, 0, 1, 1});
	check_counts(&entry(&r, C)->vs_consensus, (want){0, 2, 1, 0, 0.0, 0, 1, 1});
	check_counts(&entry(&r, A)->vs_gold, (want){1, 1, 1, 0, 0.0, 0, 1, 1});
	check_counts(&entry(&r, B)->vs_gold, (want){1, 0, 1, 0, 0.0, 0, 1, 1});
	check_counts(&entry(&r, C)->vs_gold, (want){1, 1, 1, 0, 0.0, 0, 1, 1});
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * One annotator: V \ {A} is empty, so the image is skipped for
 * vs_consensus (images 0, all counts 0), but A still has a record
 * (images_done). With gold present A is still audited against it.
 */
static void test_one_annotator(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	uint32_t im, s;

	scene_init(&ds);
	im = tb_image(&ds, "solo.jpg");
	s = tb_sub(&ds, im, A, TLY_TASK_OBJECTS, 0);
	tb_box(&ds, im, s, CAR, 0, 0, 10, 10);
	s = tb_sub(&ds, im, G, TLY_TASK_OBJECTS, 1);
	tb_box(&ds, im, s, CAR, 0, 0, 10, 10);
	scene_run(&r, &ds, im, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_annotators, 1);
	check_counts(&r.annotators[0].vs_consensus, (want){0, 0, 0, 0, 0.0, 0, 0, 0});
	check_counts(&r.annotators[0].vs_gold, (want){1, 0, 0, 1, 1.0, 1, 1, 1});
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * crowd.jpg, leave-one-out, crowd regions as COCO's evaluation has them.
 *  without A (B, C): crowd regions 4 person [0,0,100,60] and 7 car
 *    [20,0,100,50], IoU 4/7, cluster 2 of 2 but person 1 : car 1 tie ->
 *    no reference region. Persons 5 [10,10,10,20] and 8 [11,10,10,20]
 *    (9/11) -> person, mean [10.5,10,10,20]. 6 and 9 alone: rejected.
 *    A's crowd region 1 counts neither way; 2 [10,10,10,20] pairs with
 *    the person: I = 9.5 x 20 = 190, U = 210: 19/21, tp; 3 unpaired and
 *    no reference region: fp. tp 1, fp 1, fn 0, matched 1.
 *  without B (A, C): regions 1 and 7 (2/3) tie again; persons 2, 8 ->
 *    [10.5,10,10,20]. B: 5 pairs at 19/21 (tp), dog 6 fp: 1, 1, 0.
 *  without C (A, B): regions 1, 4 (5/6, both person) -> a reference crowd
 *    region, mean [0,0,100,55]; persons 2, 5 -> [10,10,10,20]; 3 and 6
 *    alone. C's own region 7 pairs with the reference region (two ignore
 *    regions: not scored); 8 pairs with the person, 9/11, tp; 9
 *    [60,20,10,10] is unpaired but inside the reference region (crowd IoU
 *    1): neither tp nor fp. The region is never fn: tp 1, fp 0, fn 0.
 * Before: C's region would pair as an object (fp) and the reference
 * region count as fn.
 */
static void test_crowd_loo(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();

	scene_init(&ds);
	scene_crowd(&ds, 0);
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_annotators, 3);
	check_counts(&entry(&r, A)->vs_consensus, (want){1, 1, 0, 1, 19.0 / 21.0, 1, 1, 1});
	check_counts(&entry(&r, B)->vs_consensus, (want){1, 1, 0, 1, 19.0 / 21.0, 1, 1, 1});
	check_counts(&entry(&r, C)->vs_consensus, (want){1, 0, 0, 1, 9.0 / 11.0, 1, 1, 1});
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * crowd.jpg against gold G: crowd person [0,0,100,50] (10), person
 * [10,10,10,20] (11), person [300,300,10,10] (12, nobody drew it). As
 * pycocotools evaluates per category, with the region as an ignore region:
 *  A: region 1 pairs with 10 (not scored); 2 ~ 11 IoU 1, tp; 3 [40,10,
 *     10,20] unpaired, inside region 10 (crowd IoU 1): ignored. fn = the
 *     two ordinary gold objects - tp = 1 (object 12). tp 1, fp 0, fn 1.
 *  B: 5 ~ 11 IoU 1, tp; the dog 6 lies inside region 10 but a crowd of
 *     persons hides no dog: fp. tp 1, fp 1, fn 1.
 *  C: its car region 7 pairs with 10 (cross-label, 2/3; not scored);
 *     8 ~ 11 9/11, tp; 9 inside region 10: ignored. tp 1, fp 0, fn 1.
 * The gold region is never fn. matched 1 each, labels 1 of 1.
 */
static void test_crowd_gold(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();

	scene_init(&ds);
	scene_crowd(&ds, 1);
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_annotators, 3);
	check_counts(&entry(&r, A)->vs_gold, (want){1, 0, 1, 1, 1.0, 1, 1, 1});
	check_counts(&entry(&r, B)->vs_gold, (want){1, 1, 1, 1, 1.0, 1, 1, 1});
	check_counts(&entry(&r, C)->vs_gold, (want){1, 0, 1, 1, 9.0 / 11.0, 1, 1, 1});
	/* the leave-one-out figures do not depend on gold */
	check_counts(&entry(&r, C)->vs_consensus, (want){1, 0, 0, 1, 9.0 / 11.0, 1, 1, 1});
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * labels.car.match.iou 0.6 in the leave-one-out and gold comparisons.
 * A car [0,0,10,10], B car [0,0,10,10], C car [3,0,10,10]; gold G car
 * [3,0,10,10]. C against A or B: overlap 7*10, union 130: 7/13 ~ .538.
 * Default 0.5: without C, {A, B} -> car [0,0,10,10]; C pairs at 7/13:
 * tp 1. A against gold: 7/13 -> tp 1.
 * car 0.6: 7/13 < 0.6, so C pairs with nothing: tp 0, fp 1, fn 1; A
 * against gold the same: tp 0, fp 1, fn 1. (The clusters agree: C stays
 * out of {A, B}.)
 */
static void test_label_threshold(void)
{
	static const int r[][4] = {{0, 0, 10, 10}, {0, 0, 10, 10}, {3, 0, 13, 10}};
	tly_dataset ds;
	tly_agree_image_result res = {0};
	tly_policy p = scene_policy();
	tly_rules *rules;
	uint32_t im;

	scene_init(&ds);
	im = scene_rects(&ds, "t.jpg", 64, r, 3, CAR, TLY_GEOM_BOX);
	tb_box(&ds, im, tb_sub(&ds, im, G, TLY_TASK_OBJECTS, 1), CAR, 3, 0, 10, 10);
	scene_run(&res, &ds, im, &p);
	check_counts(&entry(&res, C)->vs_consensus, (want){1, 0, 0, 1, 7.0 / 13.0, 1, 1, 1});
	check_counts(&entry(&res, A)->vs_gold, (want){1, 0, 0, 1, 7.0 / 13.0, 1, 1, 1});
	CU_ASSERT_EQUAL(res.n_cons_objects, 1);
	CU_ASSERT_EQUAL(res.cons_objects[0].support, 3);
	tly_agree_image_result_clear(&res);
	scene_rules(&rules, "{\"labels\": {\"car\": {\"match\": {\"iou\": 0.6}}}}");
	scene_run(&res, &ds, im, tly_rules_policy(rules));
	check_counts(&entry(&res, C)->vs_consensus, (want){0, 1, 1, 0, 0.0, 0, 0, 1});
	check_counts(&entry(&res, A)->vs_gold, (want){0, 1, 1, 0, 0.0, 0, 0, 1});
	CU_ASSERT_EQUAL_FATAL(res.n_cons_objects, 1);
	CU_ASSERT_EQUAL(res.cons_objects[0].support, 2);
	tly_agree_image_result_clear(&res);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/*
 * geometry.polygon.match.iou 0.4: polygons A and B x[0,10) y[0,10), C
 * x[4,14) y[0,10) in a 20 x 20 image. C against A or B: 60 / 140 = 3/7
 * ~ .429: under 0.5, over 0.4, so C joins {A, B}. Without C the reference
 * is the majority of A and B = A's 100 pixels, a mask; matched under the
 * members' kind (polygon, 0.4), C pairs: tp 1, iou 3/7. (Under the mask's
 * kind, max(0.4, 0.5) would leave C unpaired.) Without A: the majority of
 * B and C = their overlap x[4,10), 60 pixels; A against it 60/100: tp 1.
 * geometry.mask.match.iou 0.4 alone leaves polygons at 0.5: C is apart.
 */
static void test_polygon_reference(void)
{
	static const int r[][4] = {{0, 0, 10, 10}, {0, 0, 10, 10}, {4, 0, 14, 10}};
	tly_dataset ds;
	tly_agree_image_result res = {0};
	tly_rules *rules;
	uint32_t im;

	scene_init(&ds);
	im = scene_rects(&ds, "p.png", 20, r, 3, CAR, TLY_GEOM_POLYGON);
	scene_rules(&rules, "{\"geometry\": {\"polygon\": {\"match\": {\"iou\": 0.4}}}}");
	scene_run(&res, &ds, im, tly_rules_policy(rules));
	CU_ASSERT_EQUAL_FATAL(res.n_cons_objects, 1);
	CU_ASSERT_EQUAL(res.cons_objects[0].support, 3);
	CU_ASSERT_EQUAL(res.cons_objects[0].geom.kind, TLY_GEOM_MASK);
	check_counts(&entry(&res, C)->vs_consensus, (want){1, 0, 0, 1, 3.0 / 7.0, 1, 1, 1});
	check_counts(&entry(&res, A)->vs_consensus, (want){1, 0, 0, 1, 0.6, 1, 1, 1});
	tly_agree_image_result_clear(&res);
	tly_rules_free(rules);
	scene_rules(&rules, "{\"geometry\": {\"mask\": {\"match\": {\"iou\": 0.4}}}}");
	scene_run(&res, &ds, im, tly_rules_policy(rules));
	CU_ASSERT_EQUAL_FATAL(res.n_cons_objects, 1);
	CU_ASSERT_EQUAL(res.cons_objects[0].support, 2);
	check_counts(&entry(&res, C)->vs_consensus, (want){0, 1, 1, 0, 0.0, 0, 0, 1});
	tly_agree_image_result_clear(&res);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

TLY_TESTS("agree_audit",
	  {"loo_review", test_loo_review},
	  {"loo_first", test_loo_first},
	  {"gold", test_gold},
	  {"labels", test_labels},
	  {"labels_tied_reference", test_labels_tied_reference},
	  {"labels_multi", test_labels_multi},
	  {"one_annotator", test_one_annotator},
	  {"crowd_loo", test_crowd_loo},
	  {"crowd_gold", test_crowd_gold},
	  {"label_threshold", test_label_threshold},
	  {"polygon_reference", test_polygon_reference})
