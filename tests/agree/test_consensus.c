/*
 * Consensus of one image (src/agree/consensus.c): clusters voted into
 * consensus objects with members, rejected and tied clusters, and the
 * image-label vote single- and multi-label. Derivations beside each value.
 */
#include <math.h>

#include "agree/scenes.h"

/*
 * street.jpg, default rules (iou 0.5, majority, review, median, low_overlap 0.8).
 * Clustering: pass 1 (same label): A car [0,0,10,10] ~ B car [2,0,10,10]:
 * inter 8*10 = 80, union 100+100-80 = 120, IoU 2/3 >= 0.5 -> {1,3};
 * A dog ~ B dog IoU 1 -> {2,4}. Pass 2 (cross-label): C person [0,0,10,10]
 * has IoU 1 with A car and 2/3 with B car, both >= 0.5 -> {1,3,5}.
 * C car [200,200,10,10] overlaps nothing -> {6}.
 * Votes, |V| = 3, majority = more than 1.5:
 *  {1,3,5}: 3 members, accepted; labels car 2, person 1 -> car, votes 2,
 *           confidence 2/3; median corners: x1 {0,2,0} -> 0, x2 {10,12,10}
 *           -> 10, y 0..10 -> [0,0,10,10]; member IoUs 1, 2/3, 1 ->
 *           agreement (1 + 2/3 + 1)/3 = 8/9.
 *  {2,4}:   2 members > 1.5, accepted: dog, votes 2, confidence 2/3,
 *           box [100,100,20,20], IoUs 1, 1 -> agreement 1.
 *  {6}:     1 member, rejected: no consensus object.
 */
static void test_street_objects(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	const tly_cons_object *o;
	const tly_cons_member *m;

	scene_init(&ds);
	scene_street(&ds, 0);
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_cons_objects, 2);
	CU_ASSERT_EQUAL_FATAL(r.n_members, 5);
	o = &r.cons_objects[0];
	CU_ASSERT_EQUAL(o->image, 0);
	CU_ASSERT_EQUAL(o->category, CAR);
	CHECK_NEAR(o->geom.box.x, 0, 1e-12);
	CHECK_NEAR(o->geom.box.y, 0, 1e-12);
	CHECK_NEAR(o->geom.box.w, 10, 1e-12);
	CHECK_NEAR(o->geom.box.h, 10, 1e-12);
	CU_ASSERT_EQUAL(o->support, 3);
	CU_ASSERT_EQUAL(o->votes, 2);
	CU_ASSERT_EQUAL(o->voters, 3);
	CHECK_NEAR(o->confidence, 2.0 / 3.0, 1e-12);
	CHECK_NEAR(o->agreement, 8.0 / 9.0, 1e-12);
	CU_ASSERT_EQUAL(o->first_member, 0);
	m = r.members;
	CU_ASSERT_EQUAL(m[0].object_id, 1);
	CU_ASSERT_EQUAL(m[0].annotator, A);
	CU_ASSERT_EQUAL(m[0].category, CAR);
	CHECK_NEAR(m[0].iou, 1.0, 1e-12);
	CU_ASSERT_EQUAL(m[1].object_id, 3);
	CU_ASSERT_EQUAL(m[1].annotator, B);
	CHECK_NEAR(m[1].iou, 2.0 / 3.0, 1e-12);
	CU_ASSERT_EQUAL(m[2].object_id, 5);
	CU_ASSERT_EQUAL(m[2].annotator, C);
	CU_ASSERT_EQUAL(m[2].category, PERSON);
	CHECK_NEAR(m[2].iou, 1.0, 1e-12);
	o = &r.cons_objects[1];
	CU_ASSERT_EQUAL(o->category, DOG);
	CHECK_NEAR(o->geom.box.x, 100, 1e-12);
	CHECK_NEAR(o->geom.box.w, 20, 1e-12);
	CU_ASSERT_EQUAL(o->support, 2);
	CU_ASSERT_EQUAL(o->votes, 2);
	CHECK_NEAR(o->confidence, 2.0 / 3.0, 1e-12);
	CHECK_NEAR(o->agreement, 1.0, 1e-12);
	CU_ASSERT_EQUAL(o->first_member, 3);
	CU_ASSERT_EQUAL(r.members[3].object_id, 2);
	CU_ASSERT_EQUAL(r.members[4].object_id, 4);
	CU_ASSERT_EQUAL(r.stats.voters_objects, 3);
	CU_ASSERT_EQUAL(r.stats.voters_labels, 0);
	CU_ASSERT_EQUAL(r.n_cons_tags, 0);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * The same scene with vote.box = mean: x1 = (0+2+0)/3 = 2/3,
 * x2 = (10+12+10)/3 = 32/3, so the box is [2/3, 0, 10, 10]. IoU with A
 * (and C) [0,0,10,10]: inter (10 - 2/3)*10 = 280/3, union 200 - 280/3 =
 * 320/3 -> 7/8. With B [2,0,10,10]: inter (32/3 - 2)*10 = 260/3, union
 * 340/3 -> 13/17. agreement = (7/8 + 13/17 + 7/8)/3.
 */
static void test_street_mean_box(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();

	p.box = TLY_BOX_MEAN;
	scene_init(&ds);
	scene_street(&ds, 0);
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_cons_objects, 2);
	CHECK_NEAR(r.cons_objects[0].geom.box.x, 2.0 / 3.0, 1e-12);
	CHECK_NEAR(r.cons_objects[0].geom.box.w, 10.0, 1e-12);
	CHECK_NEAR(r.members[0].iou, 7.0 / 8.0, 1e-12);
	CHECK_NEAR(r.members[1].iou, 13.0 / 17.0, 1e-12);
	CHECK_NEAR(r.cons_objects[0].agreement, (7.0 / 8.0 + 13.0 / 17.0 + 7.0 / 8.0) / 3.0, 1e-12);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * The tie scene (scenes.h): one cluster {A zebra, B apple} of |V| = 3,
 * 2 of 3 meets the majority; labels 1 : 1 tie.
 *  review: no consensus object, the image is flagged.
 *  first:  the name-first label "apple" (index 1) wins with 1 vote:
 *          confidence 1/3, support 2, agreement 1; not flagged (with
 *          review.min_agreement = 0 so only the tie could flag it).
 */
static void test_tie_review(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();

	p.min_agreement = 0.0;
	scene_tie(&ds);
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL(r.n_cons_objects, 0);
	CU_ASSERT_EQUAL(r.n_members, 0);
	CU_ASSERT_EQUAL(r.stats.flagged, 1);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void test_tie_first(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();

	p.min_agreement = 0.0;
	p.tie = TLY_TIE_FIRST;
	scene_tie(&ds);
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_cons_objects, 1);
	CU_ASSERT_EQUAL(r.cons_objects[0].category, 1);
	CU_ASSERT_EQUAL(r.cons_objects[0].votes, 1);
	CU_ASSERT_EQUAL(r.cons_objects[0].support, 2);
	CHECK_NEAR(r.cons_objects[0].confidence, 1.0 / 3.0, 1e-12);
	CHECK_NEAR(r.cons_objects[0].agreement, 1.0, 1e-12);
	CU_ASSERT_EQUAL(r.stats.flagged, 0);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * Single-label image: A car, B car, C dog. Plurality car with 2 of 3 >
 * 1.5 -> consensus car, votes 2, voters 3, confidence 2/3.
 */
static void test_labels_single(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	uint32_t im;

	scene_init(&ds);
	im = scene_single_labels(&ds);
	scene_run(&r, &ds, im, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_cons_tags, 1);
	CU_ASSERT_EQUAL(r.cons_tags[0].image, 0);
	CU_ASSERT_EQUAL(r.cons_tags[0].category, CAR);
	CU_ASSERT_EQUAL(r.cons_tags[0].votes, 2);
	CU_ASSERT_EQUAL(r.cons_tags[0].voters, 3);
	CHECK_NEAR(r.cons_tags[0].confidence, 2.0 / 3.0, 1e-12);
	CU_ASSERT_EQUAL(r.stats.voters_labels, 3);
	CU_ASSERT_EQUAL(r.n_cons_objects, 0);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * Multi-label image: A {car, person}, B {car}, C {person, dog}. Votes:
 * car 2, person 2, dog 1 of 3; kept when more than 1.5 -> car and person,
 * each confidence 2/3; dog is out.
 */
static void test_labels_multi(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	uint32_t im;

	scene_init(&ds);
	im = scene_multi_labels(&ds);
	scene_run(&r, &ds, im, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_cons_tags, 2);
	CU_ASSERT_EQUAL(r.cons_tags[0].category, CAR);
	CU_ASSERT_EQUAL(r.cons_tags[0].votes, 2);
	CHECK_NEAR(r.cons_tags[0].confidence, 2.0 / 3.0, 1e-12);
	CU_ASSERT_EQUAL(r.cons_tags[1].category, PERSON);
	CU_ASSERT_EQUAL(r.cons_tags[1].votes, 2);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * One annotator: A alone with two boxes. |V| = 1, each single-member
 * cluster has 1 > 0.5 -> accepted with confidence 1/1 = 1.
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
	tb_box(&ds, im, s, DOG, 50, 50, 10, 10);
	scene_run(&r, &ds, im, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_cons_objects, 2);
	CU_ASSERT_EQUAL(r.cons_objects[0].support, 1);
	CU_ASSERT_EQUAL(r.cons_objects[0].voters, 1);
	CHECK_NEAR(r.cons_objects[0].confidence, 1.0, 1e-12);
	CU_ASSERT_EQUAL(r.n_conflicts, 0);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * crowd.jpg (scenes.h), default rules. Crowd regions never cluster with
 * ordinary objects. Crowd regions: A person [0,0,100,50] (1), B person
 * [0,0,100,60] (4), C car [20,0,100,50] (7):
 *   1-4: I = 5000, U = 5000 + 6000 - 5000 = 6000: 5/6;
 *   1-7: x [20,100] = 80 x 50 = 4000, U = 10000 - 4000 = 6000: 2/3;
 *   4-7: 4000, U = 6000 + 5000 - 4000 = 7000: 4/7 >= 0.5.
 * Pass 1 {1,4}, pass 2 adds 7 (complete linkage holds): 3 of |V| = 3,
 * person 2 : car 1 -> person, votes 2, confidence 2/3; median corners
 * x1 {0,0,20} -> 0, y1 0, x2 {100,100,120} -> 100, y2 {50,60,50} -> 50:
 * [0,0,100,50]; member IoUs 1, 5/6, 2/3: agreement (1 + 5/6 + 2/3)/3 =
 * 5/6; iscrowd 1.
 * Persons 2 [10,10,10,20], 5 (same), 8 [11,10,10,20]: 2-5 IoU 1, 2-8 and
 * 5-8 I = 9 x 20 = 180, U = 220: 9/11 -> {2,5,8}, person 3 of 3, median
 * [10,10,10,20], IoUs 1, 1, 9/11: agreement 31/33, iscrowd 0.
 * 3 [40,10,10,20], 6 [50,10,10,20] (they only touch) and 9 [60,20,10,10]
 * stay alone: 1 of 3, rejected. Consensus objects by smallest member id:
 * the crowd region (1) first.
 */
static void test_crowd_objects(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	const tly_cons_object *o;
	const tly_cons_member *m;

	scene_init(&ds);
	scene_crowd(&ds, 1); /* gold never votes */
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_cons_objects, 2);
	CU_ASSERT_EQUAL_FATAL(r.n_members, 6);
	o = &r.cons_objects[0];
	CU_ASSERT_EQUAL(o->iscrowd, 1);
	CU_ASSERT_EQUAL(o->category, PERSON);
	CU_ASSERT_EQUAL(o->geom.kind, TLY_GEOM_BOX);
	CHECK_NEAR(o->geom.box.x, 0, 0);
	CHECK_NEAR(o->geom.box.y, 0, 0);
	CHECK_NEAR(o->geom.box.w, 100, 0);
	CHECK_NEAR(o->geom.box.h, 50, 0);
	CU_ASSERT_EQUAL(o->support, 3);
	CU_ASSERT_EQUAL(o->votes, 2);
	CU_ASSERT_EQUAL(o->voters, 3);
	CHECK_NEAR(o->confidence, 2.0 / 3.0, 1e-12);
	CHECK_NEAR(o->agreement, 5.0 / 6.0, 1e-12);
	m = &r.members[o->first_member];
	CU_ASSERT(m[0].object_id == 1 && m[0].annotator == A && m[0].category == PERSON);
	CU_ASSERT(m[1].object_id == 4 && m[1].annotator == B && m[1].category == PERSON);
	CU_ASSERT(m[2].object_id == 7 && m[2].annotator == C && m[2].category == CAR);
	CHECK_NEAR(m[0].iou, 1.0, 0);
	CHECK_NEAR(m[1].iou, 5.0 / 6.0, 1e-12);
	CHECK_NEAR(m[2].iou, 2.0 / 3.0, 1e-12);
	o = &r.cons_objects[1];
	CU_ASSERT_EQUAL(o->iscrowd, 0);
	CU_ASSERT_EQUAL(o->category, PERSON);
	CHECK_NEAR(o->geom.box.x, 10, 0);
	CHECK_NEAR(o->geom.box.w, 10, 0);
	CU_ASSERT_EQUAL(o->support, 3);
	CU_ASSERT_EQUAL(o->votes, 3);
	CHECK_NEAR(o->agreement, 31.0 / 33.0, 1e-12);
	m = &r.members[o->first_member];
	CU_ASSERT(m[0].object_id == 2 && m[1].object_id == 5 && m[2].object_id == 8);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * skip.jpg: the crowd regions of A and B (identical [0,0,100,100]) make
 * one cluster of 2 of |V| = 3 > 1.5: a consensus crowd region, support 2,
 * confidence 2/3, agreement 1, iscrowd 1, although C drew none. The
 * persons [10,10,20,20] of A, B, C: support 3, iscrowd 0.
 */
static void test_crowd_skipped(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();

	scene_init(&ds);
	scene_skip(&ds);
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_cons_objects, 2);
	CU_ASSERT_EQUAL(r.cons_objects[0].iscrowd, 1);
	CU_ASSERT_EQUAL(r.cons_objects[0].support, 2);
	CHECK_NEAR(r.cons_objects[0].confidence, 2.0 / 3.0, 1e-12);
	CHECK_NEAR(r.cons_objects[0].agreement, 1.0, 0);
	CHECK_NEAR(r.cons_objects[0].geom.box.w, 100, 0);
	CU_ASSERT_EQUAL(r.cons_objects[1].iscrowd, 0);
	CU_ASSERT_EQUAL(r.cons_objects[1].support, 3);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

TLY_TESTS("agree_consensus",
	  {"street_objects", test_street_objects},
	  {"street_mean_box", test_street_mean_box},
	  {"tie_review", test_tie_review},
	  {"tie_first", test_tie_first},
	  {"labels_single", test_labels_single},
	  {"labels_multi", test_labels_multi},
	  {"one_annotator", test_one_annotator},
	  {"crowd_objects", test_crowd_objects},
	  {"crowd_skipped", test_crowd_skipped})
