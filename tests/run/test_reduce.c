/*
 * Reduction in image order (src/run/reduce.c): image-local indices are
 * rebased (members, consensus objects, consensus labels) and audit counts
 * summed per annotator.
 */
#include <math.h>
#include <string.h>

#include "agree/scenes.h"
#include "tally/rules.h"
#include "tally/run.h"

/* A second copy of the street scene on image "street2.jpg" (ids 7..12). */
static uint32_t street_copy(tly_dataset *ds)
{
	uint32_t im = tb_image(ds, "street2.jpg"), s;

	s = tb_sub(ds, im, A, TLY_TASK_OBJECTS, 0);
	tb_box(ds, im, s, CAR, 0, 0, 10, 10);
	tb_box(ds, im, s, DOG, 100, 100, 20, 20);
	s = tb_sub(ds, im, B, TLY_TASK_OBJECTS, 0);
	tb_box(ds, im, s, CAR, 2, 0, 10, 10);
	tb_box(ds, im, s, DOG, 100, 100, 20, 20);
	s = tb_sub(ds, im, C, TLY_TASK_OBJECTS, 0);
	tb_box(ds, im, s, PERSON, 0, 0, 10, 10);
	tb_box(ds, im, s, CAR, 200, 200, 10, 10);
	return im;
}

/*
 * Image 0 = street.jpg: consensus objects 0 (car, members 0-2) and 1 (dog,
 * members 3-4); conflicts LOW_OVERLAP B -> 0, LABEL_MISMATCH C -> 0,
 * MISSING C -> 1, EXTRA C (-1). Image 1 = its copy plus labels A car,
 * B car, C dog: objects 2 (members 5-7) and 3 (members 8-9), consensus
 * label 0 (car); conflicts 4-7 as image 0's shifted to objects 2, 2, 3,
 * -1, then labels MISSING C -> label 0 and EXTRA C (-1).
 * C's counts: twice the objects figures (fp 2, fn 2, matched 1, iou
 * 9/11) plus labels (fp 1, fn 1, 0/1): fp 5, fn 5, matched 2, iou_sum
 * 18/11, label_total 3, images 2.
 */
static void test_rebase(void)
{
	tly_dataset ds;
	tly_rules *rules = NULL;
	tly_result r;
	const uint32_t car = CAR, dog = DOG;
	const int64_t want_cons[] = {0, 0, 1, -1, 2, 2, 3, -1, 0, -1};
	const tly_task want_task[] = {0, 0, 0, 0, 0, 0, 0, 0, TLY_TASK_LABELS, TLY_TASK_LABELS};
	size_t i;
	uint32_t im;

	scene_init(&ds);
	scene_street(&ds, 0);
	im = street_copy(&ds);
	scene_labels(&ds, im, A, 0, &car, 1);
	scene_labels(&ds, im, B, 0, &car, 1);
	scene_labels(&ds, im, C, 0, &dog, 1);
	CHECK_OK(tly_rules_new_default(&rules));
	CHECK_OK(tly_run_compute(&r, &ds, rules, NULL));
	CU_ASSERT_EQUAL_FATAL(r.n_cons_objects, 4);
	CU_ASSERT_EQUAL_FATAL(r.n_members, 10);
	CU_ASSERT_EQUAL(r.cons_objects[0].first_member, 0);
	CU_ASSERT_EQUAL(r.cons_objects[1].first_member, 3);
	CU_ASSERT_EQUAL(r.cons_objects[2].first_member, 5);
	CU_ASSERT_EQUAL(r.cons_objects[3].first_member, 8);
	CU_ASSERT_EQUAL(r.cons_objects[2].image, 1);
	CU_ASSERT_EQUAL(r.members[5].object_id, 7);
	CU_ASSERT_EQUAL(r.members[9].object_id, 10);
	CU_ASSERT_EQUAL_FATAL(r.n_cons_tags, 1);
	CU_ASSERT_EQUAL(r.cons_tags[0].image, 1);
	CU_ASSERT_EQUAL_FATAL(r.n_conflicts, 10);
	for (i = 0; i < 10; i++) {
		CU_ASSERT_EQUAL(r.conflicts[i].consensus, want_cons[i]);
		CU_ASSERT_EQUAL(r.conflicts[i].task, want_task[i]);
		CU_ASSERT_EQUAL(r.conflicts[i].image, i < 4 ? 0 : 1);
	}
	CU_ASSERT_EQUAL(r.images[0].n_conflicts, 4);
	CU_ASSERT_EQUAL(r.images[1].n_conflicts, 6);
	CU_ASSERT_EQUAL(r.annotators[C].images_done, 2);
	CU_ASSERT_EQUAL(r.annotators[C].vs_consensus.fp, 5);
	CU_ASSERT_EQUAL(r.annotators[C].vs_consensus.fn, 5);
	CU_ASSERT_EQUAL(r.annotators[C].vs_consensus.matched, 2);
	CHECK_NEAR(r.annotators[C].vs_consensus.iou_sum, 18.0 / 11.0, 1e-12);
	CU_ASSERT_EQUAL(r.annotators[C].vs_consensus.label_total, 3);
	CU_ASSERT_EQUAL(r.annotators[C].vs_consensus.images, 2);
	CU_ASSERT_EQUAL(r.annotators[C].vs_gold.images, 0);
	tly_result_clear(&r);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/* Image NAME where annotators P and Q each draw one box [0,0,10,10], P's labelled CP, Q's CQ. */
static void tie_image(tly_dataset *ds, const char *name, uint32_t p, uint32_t cp, uint32_t q, uint32_t cq)
{
	uint32_t im = tb_image(ds, name);

	tb_box(ds, im, tb_sub(ds, im, p, TLY_TASK_OBJECTS, 0), cp, 0, 0, 10, 10);
	tb_box(ds, im, tb_sub(ds, im, q, TLY_TASK_OBJECTS, 0), cq, 0, 0, 10, 10);
}

/*
 * Tie votes re-indexed onto the run's conflicts. Image 0 = street.jpg
 * (objects 1-6) has conflicts 0-3 (test_rebase) and no tie. Image 1 =
 * "tie.jpg": A car (7), B person (8), V = {A, B}: one cluster (IoU 1),
 * 2/2 > half, 1 : 1 -> TIE, the run's conflict 4 (label car, name-first);
 * votes (4, A, 7, car), (4, B, 8, person). Image 2 = "tie2.jpg": A person
 * (9), C car (10): conflict 5, votes (5, A, 9, person), (5, C, 10, car).
 * Image-local, both ties were conflict 0: the second image's rows must
 * point at 5. The same bytes with 1 and 3 threads.
 */
static void test_tie_votes(void)
{
	tly_dataset ds;
	tly_rules *rules = NULL;
	tly_result r, r3;
	tly_run_options opts = TLY_RUN_OPTIONS_INIT;
	const size_t want_conflict[] = {4, 4, 5, 5};
	const uint32_t want_ann[] = {A, B, A, C}, want_cat[] = {CAR, PERSON, PERSON, CAR};
	size_t i;

	scene_init(&ds);
	scene_street(&ds, 0);
	tie_image(&ds, "tie.jpg", A, CAR, B, PERSON);
	tie_image(&ds, "tie2.jpg", A, PERSON, C, CAR);
	CHECK_OK(tly_rules_new_default(&rules));
	opts.threads = 1;
	CHECK_OK(tly_run_compute(&r, &ds, rules, &opts));
	CU_ASSERT_EQUAL_FATAL(r.n_conflicts, 6);
	CU_ASSERT_EQUAL(r.conflicts[4].kind, TLY_CONFLICT_TIE);
	CU_ASSERT_EQUAL(r.conflicts[4].image, 1);
	CU_ASSERT_EQUAL(r.conflicts[5].kind, TLY_CONFLICT_TIE);
	CU_ASSERT_EQUAL(r.conflicts[5].image, 2);
	CU_ASSERT_EQUAL_FATAL(r.n_tie_votes, 4);
	for (i = 0; i < 4; i++) {
		CU_ASSERT_EQUAL(r.tie_votes[i].conflict, want_conflict[i]);
		CU_ASSERT_EQUAL(r.tie_votes[i].annotator, want_ann[i]);
		CU_ASSERT_EQUAL(r.tie_votes[i].object_id, (int64_t)i + 7);
		CU_ASSERT_EQUAL(r.tie_votes[i].category, want_cat[i]);
	}
	CHECK_OK(tly_result_check(&ds, &r));
	opts.threads = 3;
	CHECK_OK(tly_run_compute(&r3, &ds, rules, &opts));
	CU_ASSERT_EQUAL_FATAL(r3.n_tie_votes, r.n_tie_votes);
	CU_ASSERT(memcmp(r3.tie_votes, r.tie_votes, r.n_tie_votes * sizeof(*r.tie_votes)) == 0);
	tly_result_clear(&r);
	tly_result_clear(&r3);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

TLY_TESTS("run_reduce",
	  {"rebase", test_rebase},
	  {"tie_votes", test_tie_votes})
