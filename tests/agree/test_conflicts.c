/*
 * Conflicts of one image (src/agree/conflicts.c): MISSING, EXTRA,
 * LABEL_MISMATCH, LOW_OVERLAP and TIE, for objects and labels, in the
 * documented order (objects by cluster: members' mismatch/low overlap,
 * then missing voters; then labels by voter, merged in category order).
 */
#include <math.h>

#include "agree/scenes.h"

static void check_conflict(const tly_conflict *c, tly_conflict_kind kind, tly_task task,
			   uint32_t annotator, int64_t object_id, int64_t consensus,
			   uint32_t category, double iou)
{
	CU_ASSERT_EQUAL(c->kind, kind);
	CU_ASSERT_EQUAL(c->task, task);
	CU_ASSERT_EQUAL(c->annotator, annotator);
	CU_ASSERT_EQUAL(c->object_id, object_id);
	CU_ASSERT_EQUAL(c->consensus, consensus);
	CU_ASSERT_EQUAL(c->category, category);
	if (isnan(iou)) {
		CU_ASSERT(isnan(c->iou));
	} else {
		CHECK_NEAR(c->iou, iou, 1e-12);
	}
}

/*
 * street.jpg (clusters worked in test_consensus.c):
 *  cluster 0 = consensus 0 (car [0,0,10,10]), members 1 (A, IoU 1),
 *    3 (B, IoU 2/3 < 0.8 -> LOW_OVERLAP), 5 (C, person != car ->
 *    LABEL_MISMATCH, IoU 1 so not low); every voter present.
 *  cluster 1 = consensus 1 (dog), members A, B -> C is MISSING (object 0,
 *    category dog).
 *  cluster 2 = {6}, rejected -> EXTRA C object 6 (car), no consensus.
 */
static void test_street(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();

	scene_init(&ds);
	scene_street(&ds, 1); /* gold never votes: it adds no conflict */
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_conflicts, 4);
	CU_ASSERT_EQUAL(r.stats.n_conflicts, 4);
	check_conflict(&r.conflicts[0], TLY_CONFLICT_LOW_OVERLAP, TLY_TASK_OBJECTS, B, 3, 0, CAR, 2.0 / 3.0);
	check_conflict(&r.conflicts[1], TLY_CONFLICT_LABEL_MISMATCH, TLY_TASK_OBJECTS, C, 5, 0, PERSON, 1.0);
	check_conflict(&r.conflicts[2], TLY_CONFLICT_MISSING, TLY_TASK_OBJECTS, C, 0, 1, DOG, NAN);
	check_conflict(&r.conflicts[3], TLY_CONFLICT_EXTRA, TLY_TASK_OBJECTS, C, 6, -1, CAR, NAN);
	CU_ASSERT_EQUAL(r.conflicts[0].image, 0);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * A member can be both mislabelled and low: C person [3,0,10,10] in a
 * cluster with A car [0,0,10,10] and B car [0,0,10,10]. Median box
 * [0,0,10,10]; C's IoU = 70/130 = 7/13 (>= 0.5, so it joins in pass 2;
 * < 0.8) -> LABEL_MISMATCH then LOW_OVERLAP, both for object 3.
 */
static void test_mismatch_and_low(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	uint32_t im, s;

	scene_init(&ds);
	im = tb_image(&ds, "both.jpg");
	s = tb_sub(&ds, im, A, TLY_TASK_OBJECTS, 0);
	tb_box(&ds, im, s, CAR, 0, 0, 10, 10);
	s = tb_sub(&ds, im, B, TLY_TASK_OBJECTS, 0);
	tb_box(&ds, im, s, CAR, 0, 0, 10, 10);
	s = tb_sub(&ds, im, C, TLY_TASK_OBJECTS, 0);
	tb_box(&ds, im, s, PERSON, 3, 0, 10, 10);
	scene_run(&r, &ds, im, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_conflicts, 2);
	check_conflict(&r.conflicts[0], TLY_CONFLICT_LABEL_MISMATCH, TLY_TASK_OBJECTS, C, 3, 0, PERSON,
		       7.0 / 13.0);
	check_conflict(&r.conflicts[1], TLY_CONFLICT_LOW_OVERLAP, TLY_TASK_OBJECTS, C, 3, 0, PERSON,
		       7.0 / 13.0);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * The tie scene (scenes.h: zebra = 0 vs apple = 1): under
 * review one TIE conflict, annotator UINT32_MAX, category = the
 * name-first label apple (1); its members are not EXTRA and C is not
 * MISSING (there is no accepted cluster). Under first: consensus apple,
 * A's zebra is a LABEL_MISMATCH (IoU 1) and C is MISSING.
 */
static void test_tie(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();

	scene_tie(&ds);
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_conflicts, 1);
	check_conflict(&r.conflicts[0], TLY_CONFLICT_TIE, TLY_TASK_OBJECTS, UINT32_MAX, 0, -1, 1, NAN);
	p.tie = TLY_TIE_FIRST;
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_conflicts, 2);
	check_conflict(&r.conflicts[0], TLY_CONFLICT_LABEL_MISMATCH, TLY_TASK_OBJECTS, 0, 1, 0, 0, 1.0);
	check_conflict(&r.conflicts[1], TLY_CONFLICT_MISSING, TLY_TASK_OBJECTS, 2, 0, 0, 1, NAN);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * Single-label: A car (tag 1), B car (2), C dog (3); consensus {car} =
 * cons_tag 0. C lacks car -> MISSING (object 0, consensus 0, car) and
 * gave dog -> EXTRA (object 3, no consensus, dog); merged in category
 * order car (0) before dog (2).
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
	CU_ASSERT_EQUAL_FATAL(r.n_conflicts, 2);
	check_conflict(&r.conflicts[0], TLY_CONFLICT_MISSING, TLY_TASK_LABELS, C, 0, 0, CAR, NAN);
	check_conflict(&r.conflicts[1], TLY_CONFLICT_EXTRA, TLY_TASK_LABELS, C, 3, -1, DOG, NAN);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * Multi-label: A {car (1), person (2)}, B {car (3)}, C {person (4), dog (5)};
 * consensus {car = tag 0, person = tag 1}. A: none. B: MISSING person
 * (consensus 1). C: MISSING car (consensus 0), then EXTRA dog (object 5).
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
	CU_ASSERT_EQUAL_FATAL(r.n_conflicts, 3);
	check_conflict(&r.conflicts[0], TLY_CONFLICT_MISSING, TLY_TASK_LABELS, B, 0, 1, PERSON, NAN);
	check_conflict(&r.conflicts[1], TLY_CONFLICT_MISSING, TLY_TASK_LABELS, C, 0, 0, CAR, NAN);
	check_conflict(&r.conflicts[2], TLY_CONFLICT_EXTRA, TLY_TASK_LABELS, C, 5, -1, DOG, NAN);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * Labels tie: quorum fraction 0.5, A zebra (tag 1), B apple (tag 2). Each
 * has 1 of 2 = 0.5 >= 0.5, tied. review: one TIE (labels, apple = the
 * name-first), no consensus, no EXTRA. first: consensus apple (tag 0):
 * A's zebra (0) is EXTRA before the MISSING apple (1) in category order.
 */
static void test_labels_tie(void)
{
	static const char *const names[] = {"A", "B"};
	static const char *const cats[] = {"zebra", "apple"};
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	const uint32_t zebra = 0, apple = 1;
	uint32_t im;

	tb_init(&ds, names, 2, cats, 2);
	im = tb_image(&ds, "tie.jpg");
	scene_labels(&ds, im, 0, 0, &zebra, 1);
	scene_labels(&ds, im, 1, 0, &apple, 1);
	p.quorum.kind = TLY_QUORUM_FRACTION;
	p.quorum.fraction = 0.5;
	scene_run(&r, &ds, im, &p);
	CU_ASSERT_EQUAL(r.n_cons_tags, 0);
	CU_ASSERT_EQUAL(r.stats.flagged, 1);
	CU_ASSERT_EQUAL_FATAL(r.n_conflicts, 1);
	check_conflict(&r.conflicts[0], TLY_CONFLICT_TIE, TLY_TASK_LABELS, UINT32_MAX, 0, -1, apple, NAN);
	p.tie = TLY_TIE_FIRST;
	scene_run(&r, &ds, im, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_cons_tags, 1);
	CU_ASSERT_EQUAL(r.cons_tags[0].category, apple);
	CU_ASSERT_EQUAL_FATAL(r.n_conflicts, 2);
	check_conflict(&r.conflicts[0], TLY_CONFLICT_EXTRA, TLY_TASK_LABELS, 0, 1, -1, zebra, NAN);
	check_conflict(&r.conflicts[1], TLY_CONFLICT_MISSING, TLY_TASK_LABELS, 0, 0, 0, apple, NAN);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void check_vote(const tly_tie_vote *t, size_t conflict, uint32_t annotator, int64_t object_id,
		       uint32_t category)
{
	CU_ASSERT_EQUAL(t->conflict, conflict);
	CU_ASSERT_EQUAL(t->annotator, annotator);
	CU_ASSERT_EQUAL(t->object_id, object_id);
	CU_ASSERT_EQUAL(t->category, category);
}

/*
 * A 2 vs 2 tied cluster and its votes. Voters A, B, C, D (0..3);
 * categories zebra 0, apple 1, car 2. Boxes, ids in brackets (added in
 * this order): A car [100,100,10,10] (1), B car (2), C car (3): a cluster
 * 3 of 4, accepted, D MISSING. Then D zebra [0,0,10,10] (4), B apple
 * [0,0,10,10] (5), A apple [1,0,10,10] (6), C zebra [0,1,10,10] (7): every
 * pair overlaps enough (IoU 1, 90/110, or 81/119 for A-C, all >= 0.5), so
 * pass 1 joins D-C and B-A, pass 2 the two (complete linkage holds): one
 * cluster of 4 = 4/4 voters, 2 zebra : 2 apple, tied. Clusters go by their
 * smallest member id, so the car cluster's MISSING D is conflict 0 and
 * the TIE (category apple, name-first) conflict 1. Its votes, by
 * annotator: A 6 apple, B 5 apple, C 7 zebra, D 4 zebra; no EXTRA for
 * them (the leave-one-out re-votes, 2 : 1, do not tie; the labels test
 * below has one that does). Under first, no tie and no votes.
 */
static void test_tie_votes_cluster(void)
{
	static const char *const names[] = {"A", "B", "C", "D"};
	static const char *const cats[] = {"zebra", "apple", "car"};
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	uint32_t im, s[4], k;

	tb_init(&ds, names, 4, cats, 3);
	im = tb_image(&ds, "tie4.jpg");
	for (k = 0; k < 4; k++)
		s[k] = tb_sub(&ds, im, k, TLY_TASK_OBJECTS, 0);
	for (k = 0; k < 3; k++)
		tb_box(&ds, im, s[k], 2, 100, 100, 10, 10);
	tb_box(&ds, im, s[3], 0, 0, 0, 10, 10);
	tb_box(&ds, im, s[1], 1, 0, 0, 10, 10);
	tb_box(&ds, im, s[0], 1, 1, 0, 10, 10);
	tb_box(&ds, im, s[2], 0, 0, 1, 10, 10);
	scene_run(&r, &ds, im, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_conflicts, 2);
	check_conflict(&r.conflicts[0], TLY_CONFLICT_MISSING, TLY_TASK_OBJECTS, 3, 0, 0, 2, NAN);
	check_conflict(&r.conflicts[1], TLY_CONFLICT_TIE, TLY_TASK_OBJECTS, UINT32_MAX, 0, -1, 1, NAN);
	CU_ASSERT_EQUAL_FATAL(r.n_tie_votes, 4);
	check_vote(&r.tie_votes[0], 1, 0, 6, 1);
	check_vote(&r.tie_votes[1], 1, 1, 5, 1);
	check_vote(&r.tie_votes[2], 1, 2, 7, 0);
	check_vote(&r.tie_votes[3], 1, 3, 4, 0);
	p.tie = TLY_TIE_FIRST;
	scene_run(&r, &ds, im, &p);
	CU_ASSERT_EQUAL(r.n_tie_votes, 0);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * A tied single-label image vote and its votes: voters A..E (0..4) give
 * zebra (tag 1), apple (2), car (3), zebra (4), apple (5); quorum fraction
 * 0.4: zebra 2/5 = apple 2/5 = 0.4 >= 0.4, tied (car 1/5). One TIE
 * (labels, apple = most given, name-first). Its votes are every voter's,
 * C's car too, by annotator: (A 1 zebra), (B 2 apple), (C 3 car), (D 4
 * zebra), (E 5 apple). Leave-one-out re-votes (e.g. without C: 2 : 2, tied
 * again) add none: exactly 5 rows.
 */
static void test_tie_votes_labels(void)
{
	static const char *const names[] = {"A", "B", "C", "D", "E"};
	static const char *const cats[] = {"zebra", "apple", "car"};
	const uint32_t given[] = {0, 1, 2, 0, 1};
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	uint32_t im, k;

	tb_init(&ds, names, 5, cats, 3);
	im = tb_image(&ds, "tie5.jpg");
	for (k = 0; k < 5; k++)
		scene_labels(&ds, im, k, 0, &given[k], 1);
	p.quorum.kind = TLY_QUORUM_FRACTION;
	p.quorum.fraction = 0.4;
	scene_run(&r, &ds, im, &p);
	CU_ASSERT_EQUAL(r.n_cons_tags, 0);
	CU_ASSERT_EQUAL_FATAL(r.n_conflicts, 1);
	check_conflict(&r.conflicts[0], TLY_CONFLICT_TIE, TLY_TASK_LABELS, UINT32_MAX, 0, -1, 1, NAN);
	CU_ASSERT_EQUAL_FATAL(r.n_tie_votes, 5);
	for (k = 0; k < 5; k++)
		check_vote(&r.tie_votes[k], 0, k, (int64_t)k + 1, given[k]);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/* Three voters all left the image empty: nothing is missing or extra. */
static void test_empty(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	uint32_t im;

	scene_init(&ds);
	im = tb_image(&ds, "empty.jpg");
	tb_sub(&ds, im, A, TLY_TASK_OBJECTS, 0);
	tb_sub(&ds, im, B, TLY_TASK_OBJECTS, 0);
	tb_sub(&ds, im, C, TLY_TASK_OBJECTS, 0);
	scene_run(&r, &ds, im, &p);
	CU_ASSERT_EQUAL(r.n_conflicts, 0);
	CU_ASSERT_EQUAL(r.n_cons_objects, 0);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * crowd.jpg (clusters worked in test_consensus.c): consensus 0 = the crowd
 * region (person), consensus 1 = the person [10,10,10,20].
 *  cluster {1,4,7}: C called the region a car -> LABEL_MISMATCH (object 7,
 *    consensus 0, car, IoU 2/3). Its IoU 2/3 < low_overlap 0.8, but a
 *    crowd region's outline is rough: no LOW_OVERLAP.
 *  cluster {2,5,8}: IoUs 1, 1, 9/11 >= 0.8: nothing.
 *  {3}: A's person [40,10,10,20], rejected, lies inside the person crowd
 *    region [0,0,100,50] (crowd IoU 200/200 = 1 >= 0.5): not EXTRA.
 *  {6}: B's dog [50,10,10,20], also inside, but a crowd of persons hides
 *    no dog: EXTRA (B, 6, no consensus, dog).
 *  {9}: C's person [60,20,10,10] inside: not EXTRA.
 * Before crowd regions were handled: C would also be LOW_OVERLAP and 3, 9
 * EXTRA.
 */
static void test_crowd(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();

	scene_init(&ds);
	scene_crowd(&ds, 1);
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_conflicts, 2);
	check_conflict(&r.conflicts[0], TLY_CONFLICT_LABEL_MISMATCH, TLY_TASK_OBJECTS, C, 7, 0, CAR, 2.0 / 3.0);
	check_conflict(&r.conflicts[1], TLY_CONFLICT_EXTRA, TLY_TASK_OBJECTS, B, 6, -1, DOG, NAN);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * skip.jpg: consensus 0 = the crowd region [0,0,100,100] of A and B,
 * consensus 1 = the persons. C drew no crowd region: no MISSING (people
 * often skip them). B's rejected persons, against the crowd region
 * (crowd IoU = the part of the person inside it):
 *   5 [50,50,10,10]: 100/100 = 1 -> not EXTRA;
 *   6 [200,200,10,10]: 0 -> EXTRA;
 *   7 [95,20,10,10]: 5 x 10 = 50/100 = 0.5 >= match.iou 0.5 -> not EXTRA;
 *   8 [96,40,10,10]: 4 x 10 = 40/100 = 0.4 -> EXTRA.
 * At match.iou 0.6 object 7 is EXTRA too (and nothing else changes: the
 * clusters' IoUs are all 1).
 */
static void test_crowd_skipped(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();

	scene_init(&ds);
	scene_skip(&ds);
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_conflicts, 2);
	check_conflict(&r.conflicts[0], TLY_CONFLICT_EXTRA, TLY_TASK_OBJECTS, B, 6, -1, PERSON, NAN);
	check_conflict(&r.conflicts[1], TLY_CONFLICT_EXTRA, TLY_TASK_OBJECTS, B, 8, -1, PERSON, NAN);
	p.match_iou = 0.6;
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_conflicts, 3);
	check_conflict(&r.conflicts[0], TLY_CONFLICT_EXTRA, TLY_TASK_OBJECTS, B, 6, -1, PERSON, NAN);
	check_conflict(&r.conflicts[1], TLY_CONFLICT_EXTRA, TLY_TASK_OBJECTS, B, 7, -1, PERSON, NAN);
	check_conflict(&r.conflicts[2], TLY_CONFLICT_EXTRA, TLY_TASK_OBJECTS, B, 8, -1, PERSON, NAN);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/* How many conflicts of KIND R holds. */
static size_t count_kind(const tly_agree_image_result *r, tly_conflict_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < r->n_conflicts; i++)
		n += r->conflicts[i].kind == kind;
	return n;
}

/*
 * report.low_overlap per label and per kind. Boxes A car [0,0,10,10],
 * B car [2,0,10,10], C car [0,0,10,10]: median [0,0,10,10]; B's IoU 80/120
 * = 2/3, the others 1. Default 0.8: one LOW_OVERLAP (B). labels.car 0.6:
 * none. geometry.box 0.6: none. geometry.box 0.6 with labels.car 0.7: the
 * label wins, B is low again. geometry.mask 0.6: a box member keeps 0.8:
 * low. The same scene with B's object of kind mask (no raster: compared by
 * box, IoU still 2/3) under geometry.mask 0.6: the member's kind counts,
 * no conflict.
 */
static void test_low_overlap_overrides(void)
{
	static const int r[][4] = {{0, 0, 10, 10}, {2, 0, 12, 10}, {0, 0, 10, 10}};
	static const struct {
		const char *doc;
		size_t low;
	} cases[] = {
		{"{}", 1},
		{"{\"labels\": {\"car\": {\"report\": {\"low_overlap\": 0.6}}}}", 0},
		{"{\"geometry\": {\"box\": {\"report\": {\"low_overlap\": 0.6}}}}", 0},
		{"{\"geometry.box.report.low_overlap\": 0.6, \"labels.car.report.low_overlap\": 0.7}", 1},
		{"{\"geometry\": {\"mask\": {\"report\": {\"low_overlap\": 0.6}}}}", 1},
	};
	tly_dataset ds;
	tly_agree_image_result res = {0};
	tly_rules *rules;
	uint32_t im;
	size_t i;

	scene_init(&ds);
	im = scene_rects(&ds, "o.jpg", 64, r, 3, CAR, TLY_GEOM_BOX);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		scene_rules(&rules, cases[i].doc);
		scene_run(&res, &ds, im, tly_rules_policy(rules));
		CU_ASSERT_EQUAL(count_kind(&res, TLY_CONFLICT_LOW_OVERLAP), cases[i].low);
		if (cases[i].low) {
			CU_ASSERT_EQUAL(res.conflicts[0].object_id, 2);
			CHECK_NEAR(res.conflicts[0].iou, 2.0 / 3.0, 1e-12);
		}
		tly_agree_image_result_clear(&res);
		tly_rules_free(rules);
	}
	ds.images[im].objs[1].geom.kind = TLY_GEOM_MASK;
	scene_rules(&rules, cases[4].doc);
	scene_run(&res, &ds, im, tly_rules_policy(rules));
	CU_ASSERT_EQUAL(count_kind(&res, TLY_CONFLICT_LOW_OVERLAP), 0);
	tly_agree_image_result_clear(&res);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

TLY_TESTS("agree_conflicts",
	  {"street", test_street},
	  {"mismatch_and_low", test_mismatch_and_low},
	  {"tie", test_tie},
	  {"labels_single", test_labels_single},
	  {"labels_multi", test_labels_multi},
	  {"labels_tie", test_labels_tie},
	  {"tie_votes_cluster", test_tie_votes_cluster},
	  {"tie_votes_labels", test_tie_votes_labels},
	  {"empty", test_empty},
	  {"crowd", test_crowd},
	  {"crowd_skipped", test_crowd_skipped},
	  {"low_overlap_overrides", test_low_overlap_overrides})
