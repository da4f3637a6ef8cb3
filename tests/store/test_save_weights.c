/*
 * The reliability part of a result in the store (src/store/save_weights.c,
 * load_weights.c, check_weights.c): the rows a weighted run leaves, read
 * with plain SQL; the round trip, bit for bit, for dawid-skene (cells
 * stored), one-coin and gold (matrices rebuilt from the accuracy) and
 * STAPLE alone; refusals of a bad result; corrupt rows; allocation
 * failures that leave no run.
 */
#include "result_fixture.h"

/* A store at PATH with the result dataset, loaded into *ds. */
static tly_store *open_with_dataset(char path[TMPDB_SIZE], tly_dataset *ds)
{
	tly_store *st = NULL;

	tmpdb_make(path);
	CU_ASSERT_EQUAL_FATAL(tly_store_open(&st, path), 0);
	write_result_dataset(st);
	CHECK_OK(tly_store_load_dataset(ds, st));
	return st;
}

/* One-coin rows of accuracy ACC over K classes, as the run writes them. */
static void one_coin(double *m, size_t k, double acc)
{
	size_t c;

	for (c = 0; c < k * k; c++)
		m[c] = c % (k + 1) == 0 ? acc : (1.0 - acc) / (double)(k - 1);
}

/*
 * The reliability part over the fixture's dataset (ann1..3; categories cat
 * 0, dog 1, day 2, night 3): model MODEL over classes cat and night (K =
 * 2), figures arbitrary but distinct; ann3 has NaN STAPLE rates. For
 * one-coin and gold the matrices follow from the accuracies.
 */
static void add_weights(tly_result *r, tly_weights_policy model)
{
	static const double ds[12] = {0.75, 0.25, 0.125, 0.875, 0.5, 0.5, 0.375, 0.625, 1, 0, 0.0625, 0.9375};
	static const double acc[3] = {0.8125, 0.6, 1.0 / 3.0};
	size_t i;

	r->weights = model;
	r->weight_items = (uint64_t)1 << 40;
	r->em_iterations = model == TLY_WEIGHTS_GOLD ? 0 : 17;
	r->em_converged = model != TLY_WEIGHTS_GOLD;
	r->em_log_likelihood = model == TLY_WEIGHTS_GOLD ? NAN : -12.5;
	r->staple_fallbacks = 3;
	r->n_weight_classes = 2;
	r->weight_classes = tly_calloc(2, sizeof(*r->weight_classes));
	r->weight_prior = tly_calloc(2, sizeof(*r->weight_prior));
	r->weight_confusion = tly_calloc(12, sizeof(*r->weight_confusion));
	r->n_reliability = 3;
	r->reliability = tly_calloc(3, sizeof(*r->reliability));
	CU_ASSERT_FATAL(r->weight_classes && r->weight_prior && r->weight_confusion && r->reliability);
	r->weight_classes[0] = 0;
	r->weight_classes[1] = 3;
	r->weight_prior[0] = model == TLY_WEIGHTS_GOLD ? 0.5 : 0.3;
	r->weight_prior[1] = model == TLY_WEIGHTS_GOLD ? 0.5 : 0.7;
	for (i = 0; i < 3; i++) {
		tly_reliability *a = &r->reliability[i];

		a->annotator = (uint32_t)i;
		a->labels = 10 + i;
		if (model == TLY_WEIGHTS_DAWID_SKENE) {
			memcpy(r->weight_confusion, ds, sizeof(ds));
			a->accuracy = 0.3 * ds[i * 4] + 0.7 * ds[i * 4 + 3];
		} else {
			one_coin(r->weight_confusion + i * 4, 2, acc[i]);
			a->accuracy = acc[i];
		}
		a->staple_clusters = (uint32_t)(2 - i);
		a->staple_sensitivity = i == 2 ? NAN : 0.9 - 0.1 * (double)i;
		a->staple_specificity = i == 2 ? NAN : 0.99;
	}
}

static void check_same(const tly_result *got, const tly_result *want)
{
	size_t k = want->n_weight_classes, i;

	CU_ASSERT_EQUAL(got->weights, want->weights);
	CU_ASSERT_EQUAL(got->weight_items, want->weight_items);
	CU_ASSERT_EQUAL(got->em_iterations, want->em_iterations);
	CU_ASSERT_EQUAL(got->em_converged, want->em_converged);
	CU_ASSERT(memcmp(&got->em_log_likelihood, &want->em_log_likelihood, sizeof(double)) == 0 ||
		  (isnan(got->em_log_likelihood) && isnan(want->em_log_likelihood)));
	CU_ASSERT_EQUAL(got->staple_fallbacks, want->staple_fallbacks);
	CU_ASSERT_EQUAL_FATAL(got->n_weight_classes, k);
	CU_ASSERT_EQUAL_FATAL(got->n_reliability, want->n_reliability);
	for (i = 0; i < k; i++) {
		CU_ASSERT_EQUAL(got->weight_classes[i], want->weight_classes[i]);
		CU_ASSERT(memcmp(&got->weight_prior[i], &want->weight_prior[i], sizeof(double)) == 0);
	}
	if (k && want->n_reliability)
		CU_ASSERT(memcmp(got->weight_confusion, want->weight_confusion,
				 want->n_reliability * k * k * sizeof(double)) == 0);
	for (i = 0; i < want->n_reliability; i++) {
		const tly_reliability *a = &got->reliability[i], *b = &want->reliability[i];

		CU_ASSERT(a->annotator == b->annotator && a->labels == b->labels);
		CU_ASSERT(a->staple_clusters == b->staple_clusters);
		CU_ASSERT(memcmp(&a->accuracy, &b->accuracy, sizeof(double)) == 0 ||
			  (isnan(a->accuracy) && isnan(b->accuracy)));
		CU_ASSERT(memcmp(&a->staple_sensitivity, &b->staple_sensitivity, sizeof(double)) == 0 ||
			  (isnan(a->staple_sensitivity) && isnan(b->staple_sensitivity)));
		CU_ASSERT(memcmp(&a->staple_specificity, &b->staple_specificity, sizeof(double)) == 0 ||
			  (isnan(a->staple_specificity) && isnan(b->staple_specificity)));
	}
}

/*
 * dawid-skene: one model row, two class rows (cat id 1, night id 4), three
 * annotator rows and 3 x 2 x 2 cells with store ids; NaN as NULL.
 */
static void test_rows_written(void)
{
	char path[TMPDB_SIZE], text[512];
	tly_dataset ds;
	tly_result r;
	tly_store *st = open_with_dataset(path, &ds);

	sample_result(&r);
	add_weights(&r, TLY_WEIGHTS_DAWID_SKENE);
	CHECK_OK(tly_store_save_result(st, &ds, &r));
	sql_text(text, sizeof(text), path, "SELECT run_id || ':' || model || ':' || items || ':' || iterations"
					   " || ':' || converged || ':' || log_likelihood || ':' || staple_fallbacks"
					   " FROM reliability_models");
	CU_ASSERT_STRING_EQUAL(text, "1:dawid-skene:1099511627776:17:1:-12.5:3");
	sql_text(text, sizeof(text), path, "SELECT group_concat(category_id || ':' || prior, ' ') FROM"
					   " (SELECT * FROM reliability_classes ORDER BY category_id)");
	CU_ASSERT_STRING_EQUAL(text, "1:0.3 4:0.7");
	sql_text(text, sizeof(text), path,
		 "SELECT group_concat(x, ' ') FROM (SELECT annotator_id || ':' || labels || ':'"
		 " || staple_clusters || ':' || ifnull(staple_sensitivity, 'N') || ':' || ifnull(staple_specificity, 'N')"
		 " AS x FROM annotator_reliability ORDER BY annotator_id)");
	CU_ASSERT_STRING_EQUAL(text, "1:10:2:0.9:0.99 2:11:1:0.8:0.99 3:12:0:N:N");
	CU_ASSERT_EQUAL(table_rows(path, "annotator_confusion"), 12);
	/* ann2 (id 2): P(says night (4) | truly cat (1)) = ds[4 + 1] = 0.5; ann3 P(cat | night) = 0.0625 */
	CHECK_NEAR(sql_double(path, "SELECT p FROM annotator_confusion WHERE annotator_id = 2"
				    " AND true_category_id = 1 AND given_category_id = 4"), 0.5, 0);
	CHECK_NEAR(sql_double(path, "SELECT p FROM annotator_confusion WHERE annotator_id = 3"
				    " AND true_category_id = 4 AND given_category_id = 1"), 0.0625, 0);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

/* Save MODEL's sample, load it back: the same figures, bit for bit. */
static void round_trip(tly_weights_policy model, int staple_only)
{
	char path[TMPDB_SIZE];
	tly_dataset ds, ds2;
	tly_result r, got;
	tly_store *st = open_with_dataset(path, &ds);

	sample_result(&r);
	add_weights(&r, model);
	if (staple_only) {
		/* vote.mask staple alone: no classes, no matrices, NaN accuracies */
		r.n_weight_classes = 0;
		r.em_iterations = 0;
		r.em_converged = 0;
		r.em_log_likelihood = NAN;
		r.weight_items = 0;
		tly_free(r.weight_confusion);
		r.weight_confusion = NULL;
		for (size_t i = 0; i < 3; i++) {
			r.reliability[i].accuracy = NAN;
			r.reliability[i].labels = 0;
		}
	}
	CHECK_OK(tly_store_save_result(st, &ds, &r));
	CHECK_OK(tly_store_load_result(&got, &ds2, st, 1));
	check_same(&got, &r);
	CHECK_OK(tly_result_check(&ds2, &got));
	if (model != TLY_WEIGHTS_DAWID_SKENE)
		CU_ASSERT_EQUAL(table_rows(path, "annotator_confusion"), 0);
	tly_result_clear(&got);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_dataset_clear(&ds2);
	tly_store_close(st);
	tmpdb_remove(path);
}

static void test_round_trip(void)
{
	round_trip(TLY_WEIGHTS_DAWID_SKENE, 0);
	round_trip(TLY_WEIGHTS_ONE_COIN, 0);
	round_trip(TLY_WEIGHTS_GOLD, 0);
	round_trip(TLY_WEIGHTS_EQUAL, 1);
}

/*
 * A run whose rules weigh nothing leaves no reliability row and loads with
 * none; an annotator added after a dawid-skene run gets a neutral entry
 * and uniform rows.
 */
static void test_none_and_later_annotator(void)
{
	char path[TMPDB_SIZE];
	tly_dataset ds, ds2;
	tly_result r, got;
	tly_store *st = open_with_dataset(path, &ds);
	size_t s;
	tly_batch b;

	sample_result(&r);
	CHECK_OK(tly_store_save_result(st, &ds, &r));
	CU_ASSERT_EQUAL(table_rows(path, "reliability_models"), 0);
	CHECK_OK(tly_store_load_result(&got, &ds2, st, 1));
	CU_ASSERT(got.n_reliability == 0 && got.reliability == NULL && got.weight_confusion == NULL);
	tly_result_clear(&got);
	tly_dataset_clear(&ds2);
	tly_result_clear(&r);

	sample_result(&r);
	add_weights(&r, TLY_WEIGHTS_DAWID_SKENE);
	CHECK_OK(tly_store_save_result(st, &ds, &r));
	batch_start(&b, "/data/later.json", '7', "coco", 0);
	CHECK_OK(tly_batch_add_image(&s, &b, "a.jpg", 100, 100, "t"));
	CHECK_OK(tly_batch_add_submission(&s, &b, 0, "ann4", TLY_TASK_OBJECTS));
	CHECK_OK(tly_store_write_batch(NULL, st, &b, NULL));
	tly_batch_clear(&b);
	CHECK_OK(tly_store_load_result(&got, &ds2, st, 2));
	CU_ASSERT_EQUAL_FATAL(got.n_reliability, 4);
	CU_ASSERT(got.reliability[3].labels == 0 && isnan(got.reliability[3].accuracy));
	CU_ASSERT(got.weight_confusion[3 * 4] == 0.5 && got.weight_confusion[3 * 4 + 3] == 0.5);
	CU_ASSERT(memcmp(got.weight_confusion, r.weight_confusion, 12 * sizeof(double)) == 0);
	CHECK_OK(tly_result_check(&ds2, &got));
	tly_result_clear(&got);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_dataset_clear(&ds2);
	tly_store_close(st);
	tmpdb_remove(path);
}

static void expect_refused(tly_weights_policy model, void (*spoil)(tly_result *), const char *message)
{
	char path[TMPDB_SIZE];
	tly_dataset ds;
	tly_result r;
	tly_store *st = open_with_dataset(path, &ds);

	sample_result(&r);
	add_weights(&r, model);
	spoil(&r);
	CU_ASSERT_EQUAL(tly_store_save_result(st, &ds, &r), TLY_EARG);
	CHECK_MESSAGE(message);
	CU_ASSERT_EQUAL(table_rows(path, "runs") + table_rows(path, "reliability_models"), 0);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

static void class_outside(tly_result *r) { r->weight_classes[1] = 4; }
static void classes_unsorted(tly_result *r) { r->weight_classes[1] = 0; }
static void prior_bad(tly_result *r) { r->weight_prior[0] = -0.5; }
static void cell_nan(tly_result *r) { r->weight_confusion[7] = NAN; }
static void entry_swapped(tly_result *r) { r->reliability[1].annotator = 2; }
static void model_unknown(tly_result *r) { r->weights = (tly_weights_policy)9; }
static void too_many(tly_result *r) { r->n_reliability = 4; }

static void test_refusals(void)
{
	expect_refused(TLY_WEIGHTS_DAWID_SKENE, class_outside,
		       "result: weight_classes[1] 4 outside the dataset's 4 categories");
	expect_refused(TLY_WEIGHTS_DAWID_SKENE, classes_unsorted, "result: weight_classes[1] not ascending");
	expect_refused(TLY_WEIGHTS_ONE_COIN, prior_bad, "result: weight_prior[0] is not a probability");
	expect_refused(TLY_WEIGHTS_DAWID_SKENE, cell_nan, "result: weight_confusion[7] is not a probability");
	expect_refused(TLY_WEIGHTS_GOLD, entry_swapped, "result: reliability[1].annotator 2 is not 1");
	expect_refused(TLY_WEIGHTS_GOLD, model_unknown, "result: weights 9 is no label model");
	expect_refused(TLY_WEIGHTS_GOLD, too_many, "result: 4 reliability entries for the dataset's 3 annotators");
}

/* Plant SQL in a stored dawid-skene run; loading must fail naming "run 1, " + WHERE. */
static void expect_corrupt(const char *sql, const char *where)
{
	char path[TMPDB_SIZE], expect[256];
	tly_dataset ds;
	tly_result r;
	tly_store *st = open_with_dataset(path, &ds);

	sample_result(&r);
	add_weights(&r, TLY_WEIGHTS_DAWID_SKENE);
	CHECK_OK(tly_store_save_result(st, &ds, &r));
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, sql), 0);
	CHECK_OK(tly_store_open(&st, path));
	CU_ASSERT_EQUAL(tly_store_load_result(&r, &ds, st, 1), TLY_ESTORE);
	snprintf(expect, sizeof(expect), "%s: corrupt store: run 1, %s", path, where);
	CHECK_MESSAGE(expect);
	CU_ASSERT_PTR_NULL(r.reliability);
	tly_store_close(st);
	tmpdb_remove(path);
}

static void test_corrupt_rows(void)
{
	/* a cell whose true class (dog, id 2) is no class of the model */
	expect_corrupt("UPDATE annotator_confusion SET true_category_id = 2 WHERE annotator_id = 1"
		       " AND true_category_id = 1 AND given_category_id = 1", "annotator_confusion row 1");
	expect_corrupt("PRAGMA ignore_check_constraints = ON; UPDATE reliability_models SET model = 'majority'", "reliability_models row 1");
	expect_corrupt("PRAGMA foreign_keys = OFF; UPDATE reliability_classes SET category_id = 9"
		       " WHERE category_id = 4", "reliability_classes row 9");
	expect_corrupt("PRAGMA foreign_keys = OFF; UPDATE annotator_reliability SET annotator_id = 8"
		       " WHERE annotator_id = 3", "annotator_reliability row 8");
}

/* Failing the Nth allocation of a save and of a load, until each succeeds: ENOMEM, no run, no leak. */
static void test_allocation_failures(void)
{
	char path[TMPDB_SIZE];
	tly_dataset ds, ds2;
	tly_result r, got;
	tly_store *st = open_with_dataset(path, &ds);
	long n;
	int rc = -1;

	sample_result(&r);
	add_weights(&r, TLY_WEIGHTS_DAWID_SKENE);
	for (n = 1; n < 1000 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_store_save_result(st, &ds, &r);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CU_ASSERT_EQUAL(table_rows(path, "runs") + table_rows(path, "reliability_models"), 0);
		}
	}
	CU_ASSERT_EQUAL(rc, 0);
	for (rc = -1, n = 1; n < 2000 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_store_load_result(&got, &ds2, st, 1);
		tly_alloc_fail_after(0);
		if (rc != 0)
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
	}
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	check_same(&got, &r);
	tly_result_clear(&got);
	tly_dataset_clear(&ds2);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

TLY_TESTS("store_save_weights",
	  {"rows_written", test_rows_written},
	  {"round_trip", test_round_trip},
	  {"none_and_later_annotator", test_none_and_later_annotator},
	  {"refusals", test_refusals},
	  {"corrupt_rows", test_corrupt_rows},
	  {"allocation_failures", test_allocation_failures})
