/*
 * One image's pair contributions (src/agree/pairs.c): objects tp / n_a /
 * n_b for pairs who both drew, kappa items for pairs who both labelled,
 * and the labels of their matched objects.
 */
#include "agree/scenes.h"

/*
 * street.jpg (pairings worked in test_image_agreement.c): A-B tp 2,
 * A-C tp 0, B-C tp 0; everyone drew 2 objects. No labels.
 */
static void test_objects(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	const tly_agree_pair *q;

	scene_init(&ds);
	scene_street(&ds, 1);
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_pairs, 3);
	q = r.pairs;
	CU_ASSERT(q[0].a == A && q[0].b == B && q[0].objects && q[0].tp == 2 && q[0].n_a == 2 && q[0].n_b == 2);
	CU_ASSERT(q[1].a == A && q[1].b == C && q[1].objects && q[1].tp == 0 && q[1].n_a == 2 && q[1].n_b == 2);
	CU_ASSERT(q[2].a == B && q[2].b == C && q[2].objects && q[2].tp == 0);
	CU_ASSERT_EQUAL(q[0].labels, 0);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/* Single-label A car, B car, C dog: items (car, car), (car, dog), (car, dog). */
static void test_labels_single(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	uint32_t im;

	scene_init(&ds);
	im = scene_single_labels(&ds);
	scene_run(&r, &ds, im, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_pairs, 3);
	CU_ASSERT(r.pairs[0].labels && r.pairs[0].label_a == CAR && r.pairs[0].label_b == CAR);
	CU_ASSERT(r.pairs[1].labels && r.pairs[1].label_a == CAR && r.pairs[1].label_b == DOG);
	CU_ASSERT(r.pairs[2].labels && r.pairs[2].label_a == CAR && r.pairs[2].label_b == DOG);
	CU_ASSERT_EQUAL(r.pairs[0].objects, 0);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * Multi-label A {car, person}, B {car}, C {person, dog}; the dataset's
 * label categories are car, person, dog (L = 3). Table index
 * 2*(a has it) + (b has it):
 *  A-B: both car; A only person; B only none; neither dog -> {1, 0, 1, 1}.
 *  A-C: both person; A only car; C only dog; neither 0 -> {0, 1, 1, 1}.
 *  B-C: both none; B only car; C only person, dog; neither 0 -> {0, 2, 1, 0}.
 */
static void test_labels_multi(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	const uint64_t ab[4] = {1, 0, 1, 1}, ac[4] = {0, 1, 1, 1}, bc[4] = {0, 2, 1, 0};
	uint32_t im;

	scene_init(&ds);
	im = scene_multi_labels(&ds);
	scene_run(&r, &ds, im, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_pairs, 3);
	CU_ASSERT(memcmp(r.pairs[0].table, ab, sizeof(ab)) == 0);
	CU_ASSERT(memcmp(r.pairs[1].table, ac, sizeof(ac)) == 0);
	CU_ASSERT(memcmp(r.pairs[2].table, bc, sizeof(bc)) == 0);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * Mixed tasks: A objects only, B labels only, C both. A-B share no task:
 * no pair. A-C: objects (A car [0,0,10,10] vs C car same box: tp 1,
 * n 1, 1). B-C: labels (car, car). Gold G never pairs.
 */
static void test_mixed_tasks(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	const uint32_t car = CAR;
	uint32_t im, s;

	scene_init(&ds);
	im = tb_image(&ds, "mixed.jpg");
	s = tb_sub(&ds, im, A, TLY_TASK_OBJECTS, 0);
	tb_box(&ds, im, s, CAR, 0, 0, 10, 10);
	scene_labels(&ds, im, B, 0, &car, 1);
	s = tb_sub(&ds, im, C, TLY_TASK_OBJECTS, 0);
	tb_box(&ds, im, s, CAR, 0, 0, 10, 10);
	scene_labels(&ds, im, C, 0, &car, 1);
	scene_labels(&ds, im, G, 1, &car, 1);
	scene_run(&r, &ds, im, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_pairs, 2);
	CU_ASSERT(r.pairs[0].a == A && r.pairs[0].b == C);
	CU_ASSERT(r.pairs[0].objects && !r.pairs[0].labels && r.pairs[0].tp == 1 && r.pairs[0].n_a == 1);
	CU_ASSERT(r.pairs[1].a == B && r.pairs[1].b == C);
	CU_ASSERT(!r.pairs[1].objects && r.pairs[1].labels && r.pairs[1].label_a == CAR &&
		  r.pairs[1].label_b == CAR);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * crowd.jpg (pairings worked in test_image_agreement.c): the counts the
 * pair F1 sums are those of the image agreement: A-B tp 1, n_a 1, n_b 2;
 * A-C tp 1, 2, 1; B-C tp 1, 2, 1 (crowd regions and the objects inside
 * the other's regions left out).
 */
static void test_crowd(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	const tly_agree_pair *q;

	scene_init(&ds);
	scene_crowd(&ds, 1);
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_pairs, 3);
	q = r.pairs;
	CU_ASSERT(q[0].a == A && q[0].b == B && q[0].objects && q[0].tp == 1 && q[0].n_a == 1 && q[0].n_b == 2);
	CU_ASSERT(q[1].a == A && q[1].b == C && q[1].objects && q[1].tp == 1 && q[1].n_a == 2 && q[1].n_b == 1);
	CU_ASSERT(q[2].a == B && q[2].b == C && q[2].objects && q[2].tp == 1 && q[2].n_a == 2 && q[2].n_b == 1);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/* Pair Q's matched labels are exactly the N (a, b) label pairs WANT, in order. */
static void check_label_pairs(const tly_agree_image_result *r, const tly_agree_pair *q,
			      const uint32_t (*want)[2], size_t n)
{
	size_t i;

	CU_ASSERT_EQUAL_FATAL(q->n_label_pairs, n);
	CU_ASSERT_FATAL(q->first_label_pair + n <= r->n_label_pairs);
	for (i = 0; i < n; i++) {
		CU_ASSERT_EQUAL(r->label_pairs[q->first_label_pair + i].label_a, want[i][0]);
		CU_ASSERT_EQUAL(r->label_pairs[q->first_label_pair + i].label_b, want[i][1]);
	}
}

/*
 * The labels of each pair's matched objects (the kappa items over
 * objects), in the pairing's order (same-label pairs by descending IoU,
 * then cross-label ones). street.jpg: A-B dog~dog (IoU 1), then car~car
 * (2/3); A-C: no same-label pair at IoU >= 0.5, then car~person (IoU 1);
 * B-C: car~person (2/3). crowd.jpg: the crowd regions pair (1~4, 1~7,
 * 4~7) but are ignore regions, not items; A-B 2~5, A-C 2~8, B-C 5~8, all
 * person~person. Gold never pairs.
 */
static void test_label_pairs(void)
{
	static const uint32_t ab[2][2] = {{DOG, DOG}, {CAR, CAR}}, cp[1][2] = {{CAR, PERSON}};
	static const uint32_t pp[1][2] = {{PERSON, PERSON}};
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	uint32_t street, crowd;

	scene_init(&ds);
	street = scene_street(&ds, 1);
	crowd = scene_crowd(&ds, 1);
	scene_run(&r, &ds, street, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_pairs, 3);
	CU_ASSERT_EQUAL(r.n_label_pairs, 4);
	check_label_pairs(&r, &r.pairs[0], ab, 2);
	check_label_pairs(&r, &r.pairs[1], cp, 1);
	check_label_pairs(&r, &r.pairs[2], cp, 1);
	scene_run(&r, &ds, crowd, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_pairs, 3);
	CU_ASSERT_EQUAL(r.n_label_pairs, 3);
	check_label_pairs(&r, &r.pairs[0], pp, 1);
	check_label_pairs(&r, &r.pairs[1], pp, 1);
	check_label_pairs(&r, &r.pairs[2], pp, 1);
	/* a labels-only image after them: no matched objects, no stale ones */
	scene_run(&r, &ds, scene_single_labels(&ds), &p);
	CU_ASSERT_EQUAL(r.n_label_pairs, 0);
	CU_ASSERT(r.pairs[0].n_label_pairs == 0 && r.pairs[0].first_label_pair == 0);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

TLY_TESTS("agree_pairs",
	  {"objects", test_objects},
	  {"labels_single", test_labels_single},
	  {"labels_multi", test_labels_multi},
	  {"mixed_tasks", test_mixed_tasks},
	  {"crowd", test_crowd},
	  {"label_pairs", test_label_pairs})
