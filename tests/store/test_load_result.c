/*
 * Tests of src/store/load_result.c: every field of a saved result comes
 * back (NaN through NULL), run 0 means the latest, unknown runs are
 * TLY_ENOTFOUND, and a run saved before later ingests maps onto the dataset
 * loaded now (shifted image indices, neutral entries for newcomers).
 */
#include "result_fixture.h"
#include "tally/rle.h"

static tly_store *open_with_run(char path[TMPDB_SIZE], int threads)
{
	tly_store *st = NULL;
	tly_dataset ds;
	tly_result r;

	tmpdb_make(path);
	CU_ASSERT_EQUAL_FATAL(tly_store_open(&st, path), 0);
	write_result_dataset(st);
	CHECK_OK(tly_store_load_dataset(&ds, st));
	sample_result(&r);
	r.threads = threads;
	CHECK_OK(tly_store_save_result(st, &ds, &r));
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	return st;
}

static void check_stat(const tly_stat *a, const tly_stat *b)
{
	CHECK_SAME(a->value, b->value);
	CHECK_SAME(a->ci95[0], b->ci95[0]);
	CHECK_SAME(a->ci95[1], b->ci95[1]);
	CU_ASSERT_EQUAL(a->n, b->n);
}

static void check_counts(const tly_counts *a, const tly_counts *b)
{
	CU_ASSERT_EQUAL(a->tp, b->tp);
	CU_ASSERT_EQUAL(a->fp, b->fp);
	CU_ASSERT_EQUAL(a->fn, b->fn);
	CU_ASSERT_EQUAL(a->matched, b->matched);
	CHECK_SAME(a->iou_sum, b->iou_sum);
	CU_ASSERT_EQUAL(a->label_correct, b->label_correct);
	CU_ASSERT_EQUAL(a->label_total, b->label_total);
	CU_ASSERT_EQUAL(a->images, b->images);
}

/* Every field of GOT equals EXPECT, whose run-level fields were saved unchanged. */
static void check_same_result(const tly_result *got, const tly_result *e)
{
	size_t i;

	CU_ASSERT_STRING_EQUAL(got->rules_json, e->rules_json);
	CU_ASSERT_STRING_EQUAL(got->rules_sha256, RULES_SHA256);
	CU_ASSERT_STRING_EQUAL(got->created_at, e->created_at);
	CHECK_SAME(got->seconds_load, e->seconds_load);
	CHECK_SAME(got->seconds_compute, e->seconds_compute);
	/* seconds_save is timed by the store itself (test_save_result checks the stored value) */
	CU_ASSERT(got->seconds_save >= 0 && got->seconds_save < 60);
	CU_ASSERT_EQUAL_FATAL(got->n_cons_objects, e->n_cons_objects);
	for (i = 0; i < e->n_cons_objects; i++) {
		const tly_cons_object *a = &got->cons_objects[i], *b = &e->cons_objects[i];

		CU_ASSERT_EQUAL(a->image, b->image);
		CU_ASSERT_EQUAL(a->category, b->category);
		CU_ASSERT_EQUAL(a->geom.kind, b->geom.kind);
		CHECK_SAME(a->geom.box.x, b->geom.box.x);
		CHECK_SAME(a->geom.box.y, b->geom.box.y);
		CHECK_SAME(a->geom.box.w, b->geom.box.w);
		CHECK_SAME(a->geom.box.h, b->geom.box.h);
		CU_ASSERT_EQUAL(a->support, b->support);
		CU_ASSERT_EQUAL(a->votes, b->votes);
		CU_ASSERT_EQUAL(a->voters, b->voters);
		CHECK_SAME(a->confidence, b->confidence);
		CHECK_SAME(a->agreement, b->agreement);
		CU_ASSERT_EQUAL(a->first_member, b->first_member);
	}
	CU_ASSERT_EQUAL_FATAL(got->n_members, e->n_members);
	for (i = 0; i < e->n_members; i++) {
		CU_ASSERT_EQUAL(got->members[i].object_id, e->members[i].object_id);
		CU_ASSERT_EQUAL(got->members[i].annotator, e->members[i].annotator);
		CU_ASSERT_EQUAL(got->members[i].category, e->members[i].category);
		CHECK_SAME(got->members[i].iou, e->members[i].iou);
	}
	CU_ASSERT_EQUAL_FATAL(got->n_cons_tags, e->n_cons_tags);
	for (i = 0; i < e->n_cons_tags; i++) {
		CU_ASSERT_EQUAL(got->cons_tags[i].image, e->cons_tags[i].image);
		CU_ASSERT_EQUAL(got->cons_tags[i].category, e->cons_tags[i].category);
		CU_ASSERT_EQUAL(got->cons_tags[i].votes, e->cons_tags[i].votes);
		CU_ASSERT_EQUAL(got->cons_tags[i].voters, e->cons_tags[i].voters);
		CHECK_SAME(got->cons_tags[i].confidence, e->cons_tags[i].confidence);
	}
	CU_ASSERT_EQUAL_FATAL(got->n_conflicts, e->n_conflicts);
	for (i = 0; i < e->n_conflicts; i++) {
		const tly_conflict *a = &got->conflicts[i], *b = &e->conflicts[i];

		CU_ASSERT_EQUAL(a->image, b->image);
		CU_ASSERT_EQUAL(a->kind, b->kind);
		CU_ASSERT_EQUAL(a->task, b->task);
		CU_ASSERT_EQUAL(a->annotator, b->annotator);
		CU_ASSERT_EQUAL(a->object_id, b->object_id);
		CU_ASSERT_EQUAL(a->consensus, b->consensus);
		CU_ASSERT_EQUAL(a->category, b->category);
		CHECK_SAME(a->iou, b->iou);
	}
	CU_ASSERT_EQUAL_FATAL(got->n_images, e->n_images);
	for (i = 0; i < e->n_images; i++) {
		const tly_image_stats *a = &got->images[i], *b = &e->images[i];

		CU_ASSERT_EQUAL(a->image, b->image);
		CU_ASSERT_EQUAL(a->voters_objects, b->voters_objects);
		CU_ASSERT_EQUAL(a->voters_labels, b->voters_labels);
		CHECK_SAME(a->agreement, b->agreement);
		CHECK_SAME(a->agreement_objects, b->agreement_objects);
		CHECK_SAME(a->agreement_labels, b->agreement_labels);
		CU_ASSERT_EQUAL(a->flagged, b->flagged);
		CU_ASSERT_EQUAL(a->n_conflicts, b->n_conflicts);
	}
	CU_ASSERT_EQUAL_FATAL(got->n_annotators, e->n_annotators);
	for (i = 0; i < e->n_annotators; i++) {
		CU_ASSERT_EQUAL(got->annotators[i].annotator, e->annotators[i].annotator);
		CU_ASSERT_EQUAL(got->annotators[i].images_done, e->annotators[i].images_done);
		check_counts(&got->annotators[i].vs_consensus, &e->annotators[i].vs_consensus);
		check_counts(&got->annotators[i].vs_gold, &e->annotators[i].vs_gold);
	}
	CU_ASSERT_EQUAL_FATAL(got->n_pairs, e->n_pairs);
	for (i = 0; i < e->n_pairs; i++) {
		const tly_pair_stats *a = &got->pairs[i], *b = &e->pairs[i];

		CU_ASSERT_EQUAL(a->a, b->a);
		CU_ASSERT_EQUAL(a->b, b->b);
		CU_ASSERT_EQUAL(a->images, b->images);
		CU_ASSERT_EQUAL(a->tp, b->tp);
		CU_ASSERT_EQUAL(a->n_a, b->n_a);
		CU_ASSERT_EQUAL(a->n_b, b->n_b);
		CHECK_SAME(a->f1, b->f1);
		CU_ASSERT_EQUAL(a->kappa_items, b->kappa_items);
		CHECK_SAME(a->kappa, b->kappa);
		check_stat(&a->cohen_kappa, &b->cohen_kappa);
		check_stat(&a->cohen_kappa_objects, &b->cohen_kappa_objects);
	}
	CU_ASSERT_EQUAL_FATAL(got->n_classes, e->n_classes);
	for (i = 0; i < e->n_classes; i++) {
		CU_ASSERT_EQUAL(got->classes[i].category, e->classes[i].category);
		CU_ASSERT_EQUAL(got->classes[i].support, e->classes[i].support);
		CHECK_SAME(got->classes[i].agreement, e->classes[i].agreement);
		CHECK_SAME(got->classes[i].mean_iou, e->classes[i].mean_iou);
		check_stat(&got->classes[i].fleiss_kappa, &e->classes[i].fleiss_kappa);
	}
	check_stat(&got->fleiss_kappa, &e->fleiss_kappa);
	check_stat(&got->krippendorff_alpha, &e->krippendorff_alpha);
	check_stat(&got->krippendorff_alpha_iou, &e->krippendorff_alpha_iou);
	CU_ASSERT_EQUAL(got->labels_ordered, e->labels_ordered);
	if (e->labels_ordered) {
		check_stat(&got->krippendorff_alpha_ordinal, &e->krippendorff_alpha_ordinal);
		check_stat(&got->krippendorff_alpha_interval, &e->krippendorff_alpha_interval);
	}
}

static void test_round_trip(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = open_with_run(path, 2);
	tly_result got, expect;
	tly_dataset ds;

	CHECK_OK(tly_store_load_result(&got, &ds, st, 1));
	sample_result(&expect);
	CU_ASSERT_EQUAL(got.run_id, 1);
	CU_ASSERT_EQUAL(got.threads, 2);
	check_same_result(&got, &expect);
	/* The dataset came along: 2 images, 3 annotators, 4 categories. */
	CU_ASSERT_EQUAL(ds.n_images, 2);
	CU_ASSERT_EQUAL(ds.n_annotators, 3);
	CU_ASSERT_EQUAL(ds.n_categories, 4);
	CU_ASSERT_STRING_EQUAL(ds.images[1].name, "b.jpg");
	CU_ASSERT_PTR_NULL(got.cons_masks); /* boxes only: no mask array */
	tly_result_clear(&expect);
	tly_result_clear(&got);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

/*
 * A run saved before version 5 has NULL in the new columns (0 in the
 * counts) and no 'krippendorff_alpha_iou' row: it reads back with each
 * pair's cohen_kappa = its kappa over kappa_items without an interval,
 * the objects kappa and the classes' Fleiss undefined over no unit, alpha
 * over objects undefined over no unit.
 */
/*
 * A run whose rules ordered the labels reads back as ordered, with both
 * statistics (one undefined); a run without an order (test_round_trip)
 * reads back unordered, its two statistics undefined over 0.
 */
static void test_ordered_round_trip(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	tly_result r, got;
	tly_dataset ds;

	tmpdb_make(path);
	CU_ASSERT_EQUAL_FATAL(tly_store_open(&st, path), 0);
	write_result_dataset(st);
	CHECK_OK(tly_store_load_dataset(&ds, st));
	sample_result(&r);
	r.labels_ordered = 1;
	r.krippendorff_alpha_ordinal = (tly_stat){0.8125, {0.5, 0.9375}, 11};
	r.krippendorff_alpha_interval = (tly_stat){NAN, {NAN, NAN}, 0};
	CHECK_OK(tly_store_save_result(st, &ds, &r));
	tly_dataset_clear(&ds);
	CHECK_OK(tly_store_load_result(&got, &ds, st, 0));
	check_same_result(&got, &r);
	CU_ASSERT_EQUAL(got.labels_ordered, 1);
	tly_result_clear(&got);
	tly_dataset_clear(&ds);
	tly_result_clear(&r);
	tly_store_close(st);
	tmpdb_remove(path);
	st = open_with_run(path, 1);
	CHECK_OK(tly_store_load_result(&got, &ds, st, 1));
	CU_ASSERT_EQUAL(got.labels_ordered, 0);
	CU_ASSERT(isnan(got.krippendorff_alpha_ordinal.value) && got.krippendorff_alpha_ordinal.n == 0);
	CU_ASSERT(isnan(got.krippendorff_alpha_interval.ci95[1]) && got.krippendorff_alpha_interval.n == 0);
	tly_result_clear(&got);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

static void test_run_before_version_5(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = open_with_run(path, 1);
	tly_result got;
	tly_dataset ds;
	size_t i;

	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "UPDATE pair_stats SET kappa_ci_lo = NULL, kappa_ci_hi = NULL,"
					     " kappa_objects_items = 0, kappa_objects = NULL, kappa_objects_ci_lo = NULL,"
					     " kappa_objects_ci_hi = NULL;"
					     "UPDATE class_stats SET fleiss_n = 0, fleiss_kappa = NULL, fleiss_ci_lo = NULL,"
					     " fleiss_ci_hi = NULL;"
					     "DELETE FROM run_statistics WHERE name = 'krippendorff_alpha_iou'"), 0);
	CHECK_OK(tly_store_load_result(&got, &ds, st, 1));
	CU_ASSERT_EQUAL_FATAL(got.n_pairs, 3);
	CHECK_SAME(got.pairs[2].cohen_kappa.value, -0.25);
	CU_ASSERT_EQUAL(got.pairs[2].cohen_kappa.n, 3);
	for (i = 0; i < 3; i++) {
		CU_ASSERT(isnan(got.pairs[i].cohen_kappa.ci95[0]) && isnan(got.pairs[i].cohen_kappa.ci95[1]));
		CU_ASSERT(isnan(got.pairs[i].cohen_kappa_objects.value) && got.pairs[i].cohen_kappa_objects.n == 0);
	}
	for (i = 0; i < got.n_classes; i++)
		CU_ASSERT(isnan(got.classes[i].fleiss_kappa.value) && got.classes[i].fleiss_kappa.n == 0);
	CU_ASSERT(isnan(got.krippendorff_alpha_iou.value) && got.krippendorff_alpha_iou.n == 0);
	CU_ASSERT(isnan(got.krippendorff_alpha_iou.ci95[0]));
	CHECK_SAME(got.fleiss_kappa.value, 0.625);
	tly_result_clear(&got);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

/*
 * A mask consensus object is saved as its size and compressed counts and
 * read back into cons_masks. The mask is tests/vote/test_mask.c's majority
 * (10 x 10, runs 11 6 4 7 3 7 3 7 3 7 3 7 32). Its pycocotools string:
 * runs from the fourth on minus the run two before give 11 6 4 1 -1 0 0 0
 * 0 0 0 0 29; 11 ';', 6 '6', 4 '4', 1 '1'; -1: low 5 bits 31, sign bit
 * set and the rest is -1, so it ends: 31 + 48 = 'O'; 0 -> '0' seven
 * times; 29: bit 4 set but the rest is 0, not -1, so a continuation group
 * 29|32 + 48 = 'm', then 0 -> '0'. ";641O0000000m0".
 */
static void test_mask_round_trip(void)
{
	static const int64_t runs[] = {11, 6, 4, 7, 3, 7, 3, 7, 3, 7, 3, 7, 32};
	char path[TMPDB_SIZE], text[64];
	tly_store *st = NULL;
	tly_result r, got;
	tly_dataset ds, ds2;
	size_t i;

	tmpdb_make(path);
	CU_ASSERT_EQUAL_FATAL(tly_store_open(&st, path), 0);
	write_result_dataset(st);
	CHECK_OK(tly_store_load_dataset(&ds, st));
	sample_result(&r);
	r.cons_masks = tly_calloc(1, sizeof(*r.cons_masks));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r.cons_masks);
	CHECK_OK(tly_rle_from_counts(&r.cons_masks[0], 10, 10, runs, 13));
	r.cons_objects[0].geom.kind = TLY_GEOM_MASK;
	r.cons_objects[0].geom.box = tly_rle_bbox(&r.cons_masks[0]);
	r.cons_objects[0].geom.rle = &r.cons_masks[0];
	CHECK_OK(tly_store_save_result(st, &ds, &r));
	sql_text(text, sizeof(text), path, "SELECT mask_counts FROM consensus_objects");
	CU_ASSERT_STRING_EQUAL(text, ";641O0000000m0");
	CU_ASSERT_EQUAL(sql_int(path, "SELECT mask_height * 1000 + mask_width FROM consensus_objects"), 10010);
	CHECK_OK(tly_store_load_result(&got, &ds2, st, 0));
	CU_ASSERT_EQUAL_FATAL(got.n_cons_objects, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(got.cons_masks);
	CU_ASSERT(got.cons_objects[0].geom.rle == &got.cons_masks[0]);
	CU_ASSERT_EQUAL(got.cons_objects[0].geom.kind, TLY_GEOM_MASK);
	CU_ASSERT_EQUAL(got.cons_masks[0].h, 10);
	CU_ASSERT_EQUAL(got.cons_masks[0].w, 10);
	CU_ASSERT_EQUAL_FATAL(got.cons_masks[0].m, 13);
	for (i = 0; i < 13; i++)
		CU_ASSERT_EQUAL(got.cons_masks[0].counts[i], (uint32_t)runs[i]);
	tly_result_clear(&got);
	tly_dataset_clear(&ds2);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

static void test_latest_run(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = open_with_run(path, 2);
	tly_dataset ds;
	tly_result r;

	sample_result(&r);
	CHECK_OK(tly_store_load_dataset(&ds, st));
	r.threads = 7;
	CHECK_OK(tly_store_save_result(st, &ds, &r));
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	/* 0 = the latest: run 2, saved with 7 threads; run 1 is still there. */
	CHECK_OK(tly_store_load_result(&r, &ds, st, 0));
	CU_ASSERT_EQUAL(r.run_id, 2);
	CU_ASSERT_EQUAL(r.threads, 7);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	CHECK_OK(tly_store_load_result(&r, &ds, st, 1));
	CU_ASSERT_EQUAL(r.run_id, 1);
	CU_ASSERT_EQUAL(r.threads, 2);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

static void test_unknown_run(void)
{
	char path[TMPDB_SIZE], expect[128];
	tly_store *st = NULL;
	tly_dataset ds;
	tly_result r;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	CU_ASSERT_EQUAL(tly_store_load_result(&r, &ds, st, 0), TLY_ENOTFOUND);
	snprintf(expect, sizeof(expect), "%s: no run stored yet", path);
	CHECK_MESSAGE(expect);
	tly_store_close(st);
	tmpdb_remove(path);

	st = open_with_run(path, 2);
	CU_ASSERT_EQUAL(tly_store_load_result(&r, &ds, st, 7), TLY_ENOTFOUND);
	snprintf(expect, sizeof(expect), "%s: run 7 not found", path);
	CHECK_MESSAGE(expect);
	/* Nothing is left to free on failure. */
	CU_ASSERT_PTR_NULL(r.rules_json);
	CU_ASSERT_PTR_NULL(ds.images);
	CU_ASSERT_EQUAL(tly_store_load_result(&r, &ds, st, -1), TLY_EARG);
	/* The store still works after the failed reads. */
	CHECK_OK(tly_store_load_result(&r, &ds, st, 1));
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

/*
 * After run 1, a new file brings image 0.jpg (sorts before a.jpg), annotator
 * ann0 (id 4: index 3), category bird (id 5: index 4), and redoes ann1's
 * a.jpg answer (object 1 replaced by object 5). Run 1 must read:
 * image indices +1, a neutral entry for 0.jpg, ann0 and bird, and member
 * object ids as they were when the run saw them.
 */
static void test_run_read_after_later_ingest(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = open_with_run(path, 2);
	size_t i0, ia, s;
	tly_geometry g;
	tly_result r, expect;
	tly_dataset ds;
	tly_batch b;

	batch_start(&b, "/data/later.json", '8', "coco", 0);
	CHECK_OK(tly_batch_add_image(&i0, &b, "0.jpg", 0, 0, "t"));
	CHECK_OK(tly_batch_add_image(&ia, &b, "a.jpg", 100, 100, "t"));
	CHECK_OK(tly_batch_add_submission(&s, &b, i0, "ann0", TLY_TASK_OBJECTS));
	g = box(1, 1, 1, 1);
	CHECK_OK(tly_batch_add_object(&b, s, "bird", &g, 0, NULL, NULL));
	CHECK_OK(tly_batch_add_submission(&s, &b, ia, "ann1", TLY_TASK_OBJECTS));
	g = box(10, 10, 21, 21);
	CHECK_OK(tly_batch_add_object(&b, s, "cat", &g, 0, NULL, NULL));
	CHECK_OK(tly_store_write_batch(NULL, st, &b, NULL));
	tly_batch_clear(&b);

	CHECK_OK(tly_store_load_result(&r, &ds, st, 1));
	CU_ASSERT_EQUAL_FATAL(ds.n_images, 3);
	CU_ASSERT_STRING_EQUAL(ds.images[0].name, "0.jpg");
	CU_ASSERT_EQUAL(ds.n_annotators, 4);
	CU_ASSERT_EQUAL(ds.n_categories, 5);
	CU_ASSERT_EQUAL(ds.images[1].objs[2].id, 5);

	/* The expected result: the sample with image indices shifted and padding added. */
	sample_result(&expect);
	expect.cons_objects[0].image = 1;
	expect.cons_tags[0].image = 2;
	expect.conflicts[0].image = 1;
	expect.conflicts[1].image = 2;
	expect.conflicts[2].image = 2;
	expect.n_images = 3;
	tly_free(expect.images);
	expect.images = tly_calloc(3, sizeof(*expect.images));
	expect.images[0] = (tly_image_stats){0, 0, 0, NAN, NAN, NAN, 0, NAN, 0, 0};
	expect.images[1] = (tly_image_stats){1, 3, 0, 0.75, 0.75, NAN, 0, NAN, 0, 1};
	expect.images[2] = (tly_image_stats){2, 0, 2, NAN, NAN, 0.5, 0, NAN, 1, 2};
	expect.annotators = tly_reallocarray(expect.annotators, 4, sizeof(*expect.annotators));
	memset(&expect.annotators[3], 0, sizeof(expect.annotators[3]));
	expect.annotators[3].annotator = 3;
	expect.n_annotators = 4;
	expect.classes = tly_reallocarray(expect.classes, 5, sizeof(*expect.classes));
	/* a category the run never saw: no stored row, every statistic undefined over no unit */
	expect.classes[4] = (tly_class_stats){4, 0, NAN, NAN, {NAN, {NAN, NAN}, 0}, {NAN, {NAN, NAN}, 0}};
	expect.n_classes = 5;
	check_same_result(&r, &expect);
	/* Object 1 is gone from the store but still names the member the run saw. */
	CU_ASSERT_EQUAL(r.members[0].object_id, 1);
	tly_result_clear(&expect);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

/* Failing the Nth allocation, for every N until it loads: ENOMEM, nothing left allocated, then a full load. */
static void test_allocation_failures(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = open_with_run(path, 2);
	tly_result r, expect;
	tly_dataset ds;
	long n;
	int rc = -1;

	for (n = 1; n < 1000 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_store_load_result(&r, &ds, st, 0);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CU_ASSERT_PTR_NULL(r.rules_json);
			CU_ASSERT_PTR_NULL(r.images);
			CU_ASSERT_PTR_NULL(ds.images);
		}
	}
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	/* More than the dataset's 2 images, 3 annotators, 4 categories and their arrays. */
	CU_ASSERT(n > 15);
	sample_result(&expect);
	check_same_result(&r, &expect);
	tly_result_clear(&expect);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

TLY_TESTS("store_load_result",
	  {"ordered_round_trip", test_ordered_round_trip},
	  {"round_trip", test_round_trip},
	  {"run_before_version_5", test_run_before_version_5},
	  {"mask_round_trip", test_mask_round_trip},
	  {"latest_run", test_latest_run},
	  {"unknown_run", test_unknown_run},
	  {"run_read_after_later_ingest", test_run_read_after_later_ingest},
	  {"allocation_failures", test_allocation_failures})
