/*
 * Gathering an image's voters (src/agree/voters.c): inconsistent indices
 * are errors with a reason, the result does not depend on the order of
 * submissions and objects, and a label given twice counts once.
 */
#include <string.h>

#include "agree/scenes.h"

/* Run image IM expecting failure CODE; returns the reason. */
static const char *run_fail(tly_dataset *ds, uint32_t im, int code)
{
	static const char none[] = "";
	tly_agree_context ctx;
	tly_agree_workspace *ws = NULL;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	const char *why;

	CHECK_OK(tly_agree_context_init(&ctx, ds, &p));
	CHECK_OK(tly_agree_workspace_new(&ws));
	CU_ASSERT_EQUAL(tly_agree_image(&r, ws, &ctx, &ds->images[im], im), code);
	why = r.why ? r.why : none;
	tly_agree_image_result_clear(&r);
	tly_agree_workspace_free(ws);
	tly_agree_context_clear(&ctx);
	return why;
}

static void test_bad_indices(void)
{
	tly_dataset ds;

	scene_init(&ds);
	scene_street(&ds, 0);
	ds.images[0].objs[2].sub = 99;
	CU_ASSERT_PTR_NOT_NULL(strstr(run_fail(&ds, 0, TLY_EARG), "out of range"));
	ds.images[0].objs[2].sub = 1;
	ds.images[0].objs[2].category = 3;
	CU_ASSERT_PTR_NOT_NULL(strstr(run_fail(&ds, 0, TLY_EARG), "out of range"));
	ds.images[0].objs[2].category = CAR;
	ds.images[0].objs[2].annotator = C; /* sub 1 is B's */
	CU_ASSERT_PTR_NOT_NULL(strstr(run_fail(&ds, 0, TLY_EARG), "another annotator"));
	ds.images[0].objs[2].annotator = B;
	ds.images[0].subs[1].annotator = 7;
	CU_ASSERT_PTR_NOT_NULL(strstr(run_fail(&ds, 0, TLY_EARG), "annotator index"));
	tly_dataset_clear(&ds);
}

static void test_duplicate_submission(void)
{
	tly_dataset ds;

	scene_init(&ds);
	scene_street(&ds, 0);
	tb_sub(&ds, 0, A, TLY_TASK_OBJECTS, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(run_fail(&ds, 0, TLY_EARG), "two non-gold submissions"));
	tly_dataset_clear(&ds);
}

/* Objects in a labels submission and labels in an objects submission are inconsistent. */
static void test_wrong_task(void)
{
	tly_dataset ds;
	uint32_t im, s;

	scene_init(&ds);
	im = tb_image(&ds, "x.jpg");
	s = tb_sub(&ds, im, A, TLY_TASK_LABELS, 0);
	tb_box(&ds, im, s, CAR, 0, 0, 1, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(run_fail(&ds, im, TLY_EARG), "labels submission"));
	tly_dataset_clear(&ds);
	scene_init(&ds);
	im = tb_image(&ds, "x.jpg");
	s = tb_sub(&ds, im, A, TLY_TASK_OBJECTS, 0);
	tb_tag(&ds, im, s, CAR);
	CU_ASSERT_PTR_NOT_NULL(strstr(run_fail(&ds, im, TLY_EARG), "objects submission"));
	tly_dataset_clear(&ds);
}

/*
 * Reversing the order of the image's submissions and of its objects
 * (ids kept) changes nothing: voters are sorted by annotator, clusters
 * and members by object id.
 */
static void test_order_independent(void)
{
	tly_dataset ds;
	tly_agree_image_result r1 = {0}, r2 = {0};
	tly_policy p = scene_policy();
	tly_image *im;
	size_t i, n;

	scene_init(&ds);
	scene_street(&ds, 1);
	scene_run(&r1, &ds, 0, &p);
	im = &ds.images[0];
	n = im->n_subs;
	for (i = 0; i < n / 2; i++) {
		tly_submission t = im->subs[i];

		im->subs[i] = im->subs[n - 1 - i];
		im->subs[n - 1 - i] = t;
	}
	for (i = 0; i < im->n_objs; i++)
		im->objs[i].sub = (uint32_t)(n - 1 - im->objs[i].sub);
	for (i = 0; i < im->n_objs / 2; i++) {
		tly_object t = im->objs[i];

		im->objs[i] = im->objs[im->n_objs - 1 - i];
		im->objs[im->n_objs - 1 - i] = t;
	}
	scene_run(&r2, &ds, 0, &p);
	CU_ASSERT_EQUAL_FATAL(r1.n_cons_objects, r2.n_cons_objects);
	CU_ASSERT_EQUAL_FATAL(r1.n_members, r2.n_members);
	CU_ASSERT_EQUAL_FATAL(r1.n_conflicts, r2.n_conflicts);
	CU_ASSERT_EQUAL_FATAL(r1.n_annotators, r2.n_annotators);
	CU_ASSERT_EQUAL_FATAL(r1.n_pairs, r2.n_pairs);
	CU_ASSERT(memcmp(r1.cons_objects, r2.cons_objects, r1.n_cons_objects * sizeof(*r1.cons_objects)) == 0);
	CU_ASSERT(memcmp(r1.members, r2.members, r1.n_members * sizeof(*r1.members)) == 0);
	CU_ASSERT(memcmp(r1.conflicts, r2.conflicts, r1.n_conflicts * sizeof(*r1.conflicts)) == 0);
	CU_ASSERT(memcmp(r1.annotators, r2.annotators, r1.n_annotators * sizeof(*r1.annotators)) == 0);
	CU_ASSERT(memcmp(r1.pairs, r2.pairs, r1.n_pairs * sizeof(*r1.pairs)) == 0);
	CU_ASSERT(memcmp(&r1.stats, &r2.stats, sizeof(r1.stats)) == 0);
	tly_agree_image_result_clear(&r1);
	tly_agree_image_result_clear(&r2);
	tly_dataset_clear(&ds);
}

/*
 * A gives car twice (tags 1 and 2), B gives dog (tag 3): multi-label sets
 * A {car}, B {dog}. 1 of 2 is no majority for either -> consensus {}; A's
 * car is EXTRA once, named by the smaller tag id 1; B's dog EXTRA (tag 3).
 */
static void test_duplicate_label(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	const uint32_t cc[] = {CAR, CAR}, dog = DOG;
	uint32_t im;

	scene_init(&ds);
	im = tb_image(&ds, "dup.jpg");
	scene_labels(&ds, im, A, 0, cc, 2);
	scene_labels(&ds, im, B, 0, &dog, 1);
	scene_run(&r, &ds, im, &p);
	CU_ASSERT_EQUAL(r.n_cons_tags, 0);
	CU_ASSERT_EQUAL_FATAL(r.n_conflicts, 2);
	CU_ASSERT(r.conflicts[0].kind == TLY_CONFLICT_EXTRA && r.conflicts[0].annotator == A &&
		  r.conflicts[0].object_id == 1 && r.conflicts[0].category == CAR);
	CU_ASSERT(r.conflicts[1].kind == TLY_CONFLICT_EXTRA && r.conflicts[1].annotator == B &&
		  r.conflicts[1].object_id == 3);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

TLY_TESTS("agree_voters",
	  {"bad_indices", test_bad_indices},
	  {"duplicate_submission", test_duplicate_submission},
	  {"wrong_task", test_wrong_task},
	  {"order_independent", test_order_independent},
	  {"duplicate_label", test_duplicate_label})
