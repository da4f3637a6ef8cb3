/*
 * The annotator_periods table (src/store/periods.c): a result's periods
 * saved and loaded back field for field, the rows as SQL sees them and
 * the view annotator_period_metrics worked by hand, the check's messages,
 * corrupt rows, and a version 4 store migrated to hold the table.
 */
#include "result_fixture.h"
#include "store/schema.h"
#include "store/periods.h"
#include "store/schema.h"
#include "store/store.h"

/*
 * Three rows over the fixture's annotators: ann1 two weeks, ann3 one;
 * counts from set_counts (tp = base, fp = base + 1, fn = base + 2,
 * matched = base + 3, label_correct = base + 4, label_total = base + 5),
 * one of them past 2^32 to catch a 32-bit column.
 */
static void add_periods(tly_result *r)
{
	tly_annotator_period *p;

	r->period_days = 7;
	r->n_annotator_periods = 3;
	r->annotator_periods = tly_calloc(3, sizeof(*r->annotator_periods));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->annotator_periods);
	p = r->annotator_periods;
	p[0].annotator = 0;
	memcpy(p[0].period, "2024-05-06", 11);
	p[0].images = 2;
	p[0].ingest_dated = 1;
	set_counts(&p[0].vs_consensus, 1, 1.5, 2);
	p[1].annotator = 0;
	memcpy(p[1].period, "2024-05-13", 11);
	p[1].images = 1;
	set_counts(&p[1].vs_consensus, (uint64_t)1 << 40, 0.25, 1);
	set_counts(&p[1].vs_gold, 3, 0.75, 1);
	p[2].annotator = 2;
	memcpy(p[2].period, "2024-05-06", 11);
	p[2].images = 1;
	set_counts(&p[2].vs_consensus, 0, 0.0, 0);
}

static void same_counts(const tly_counts *x, const tly_counts *y)
{
	CU_ASSERT_EQUAL(x->tp, y->tp);
	CU_ASSERT_EQUAL(x->fp, y->fp);
	CU_ASSERT_EQUAL(x->fn, y->fn);
	CU_ASSERT_EQUAL(x->matched, y->matched);
	CU_ASSERT_EQUAL(x->iou_sum, y->iou_sum);
	CU_ASSERT_EQUAL(x->label_correct, y->label_correct);
	CU_ASSERT_EQUAL(x->label_total, y->label_total);
	CU_ASSERT_EQUAL(x->images, y->images);
}

/* A store holding the fixture dataset and the sample result with periods (run 1). */
static void saved_store(char path[TMPDB_SIZE], tly_result *r)
{
	tly_store *st = NULL;
	tly_dataset ds;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	write_result_dataset(st);
	CHECK_OK(tly_store_load_dataset(&ds, st));
	sample_result(r);
	add_periods(r);
	CHECK_OK(tly_store_save_result(st, &ds, r));
	tly_dataset_clear(&ds);
	tly_store_close(st);
}

static void test_round_trip(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	tly_dataset ds;
	tly_result r, back;
	size_t i;

	saved_store(path, &r);
	CU_ASSERT_EQUAL(table_rows(path, "annotator_periods"), 3);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM annotator_periods WHERE days = 7"), 3);
	/* ann3 is annotator id 3; its row keeps the text date. */
	CU_ASSERT_EQUAL(sql_int(path, "SELECT images FROM annotator_periods WHERE annotator_id = 3"
				      " AND period = '2024-05-06'"), 1);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT consensus_tp FROM annotator_periods WHERE annotator_id = 1"
				      " AND period = '2024-05-13'"), (long long)1 << 40);
	CHECK_OK(tly_store_open(&st, path));
	CHECK_OK(tly_store_load_result(&back, &ds, st, 0));
	CU_ASSERT_EQUAL(back.period_days, 7);
	CU_ASSERT_EQUAL_FATAL(back.n_annotator_periods, 3);
	for (i = 0; i < 3; i++) {
		const tly_annotator_period *x = &r.annotator_periods[i], *y = &back.annotator_periods[i];

		CU_ASSERT_EQUAL(x->annotator, y->annotator);
		CU_ASSERT_STRING_EQUAL(x->period, y->period);
		CU_ASSERT_EQUAL(x->images, y->images);
		CU_ASSERT_EQUAL(x->ingest_dated, y->ingest_dated);
		same_counts(&x->vs_consensus, &y->vs_consensus);
		same_counts(&x->vs_gold, &y->vs_gold);
	}
	tly_result_clear(&back);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tly_result_clear(&r);
	tmpdb_remove(path);
}

/*
 * The view, ann1's week of 2024-05-06 (tp 1, fp 2, fn 3, matched 4,
 * iou_sum 1.5, labels 5/6): precision 1/3, recall 1/4, F1 2/(2+2+3) = 2/7,
 * mean IoU 1.5/4 = 0.375, label accuracy 5/6. Against gold it has nothing:
 * every figure NULL. ann3's week: tp 0, fp 1, fn 2: precision 0, F1 0.
 */
static void test_metrics_view(void)
{
	char path[TMPDB_SIZE];
	tly_result r;

#define ROW(who, week, ref) \
	" FROM annotator_period_metrics WHERE annotator = '" who "' AND period = '" week "' AND reference = '" ref "'"
	saved_store(path, &r);
	CHECK_NEAR(sql_double(path, "SELECT precision" ROW("ann1", "2024-05-06", "consensus")), 1.0 / 3.0, 1e-12);
	CHECK_NEAR(sql_double(path, "SELECT recall" ROW("ann1", "2024-05-06", "consensus")), 0.25, 1e-12);
	CHECK_NEAR(sql_double(path, "SELECT f1" ROW("ann1", "2024-05-06", "consensus")), 2.0 / 7.0, 1e-12);
	CHECK_NEAR(sql_double(path, "SELECT mean_iou" ROW("ann1", "2024-05-06", "consensus")), 0.375, 1e-12);
	CHECK_NEAR(sql_double(path, "SELECT label_accuracy" ROW("ann1", "2024-05-06", "consensus")), 5.0 / 6.0,
		   1e-12);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT ingest_dated" ROW("ann1", "2024-05-06", "consensus")), 1);
	CU_ASSERT(isnan(sql_double(path, "SELECT precision" ROW("ann1", "2024-05-06", "gold"))));
	CU_ASSERT(isnan(sql_double(path, "SELECT f1" ROW("ann1", "2024-05-06", "gold"))));
	CU_ASSERT_EQUAL(sql_double(path, "SELECT f1" ROW("ann3", "2024-05-06", "consensus")), 0.0);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM annotator_period_metrics"), 6);
#undef ROW
	tly_result_clear(&r);
	tmpdb_remove(path);
}

/*
 * A run without period rows, saved with RULES (NULL: the fixture's, whose
 * report.period is the default "week"), loads with period_days DAYS: the
 * rows carry the length, and without one the run's own rules give it.
 */
static void check_no_rows(const char *rules, int days)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	tly_dataset ds;
	tly_result r, back;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	write_result_dataset(st);
	CHECK_OK(tly_store_load_dataset(&ds, st));
	sample_result(&r);
	if (rules) {
		tly_free(r.rules_json);
		r.rules_json = tly_strdup(rules);
		r.rules_sha256[0] = '\0';
	}
	CHECK_OK(tly_store_save_result(st, &ds, &r));
	tly_dataset_clear(&ds);
	CU_ASSERT_EQUAL(table_rows(path, "annotator_periods"), 0);
	CHECK_OK(tly_store_load_result(&back, &ds, st, 0));
	CU_ASSERT_EQUAL(back.period_days, days);
	CU_ASSERT_EQUAL(back.n_annotator_periods, 0);
	CU_ASSERT_PTR_NULL(back.annotator_periods);
	tly_result_clear(&back);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tly_result_clear(&r);
	tmpdb_remove(path);
}

/* A run cut by "none" has no rows and loads with period_days 0. */
static void test_none(void)
{
	check_no_rows("{\"report\":{\"period\":\"none\"}}", 0);
}

/*
 * A run cut by week or day with nothing dated (label maps only) has no
 * rows either, and still loads as cut; rules that no longer parse (an
 * unknown key) load as not cut.
 */
static void test_cut_without_rows(void)
{
	check_no_rows(NULL, 7);
	check_no_rows("{\"report\":{\"period\":\"day\"}}", 1);
	check_no_rows("{\"report\":{\"no_such_key\":1}}", 0);
}

/* Each breach of the check, applied to a fresh copy of the sample, and its message. */
static void test_check(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	tly_dataset ds;
	tly_result r;
	int k;
	static const char *const want[] = {
		"result: period_days 3 is not 0, 1 or 7",
		"result: 3 annotator_periods but period_days 0",
		"result: annotator_periods[2].annotator 3 outside the dataset's 3 annotators",
		"result: annotator_periods[1].period is not a YYYY-MM-DD date",
		"result: annotator_periods[1].period is not a YYYY-MM-DD date",
		"result: annotator_periods[1] is not after annotator_periods[0] in (annotator, period) order",
		"result: annotator_periods[2] is not after annotator_periods[1] in (annotator, period) order",
		"result: annotator_periods[0].ingest_dated 3 over its 2 images",
		"result: annotator_periods[0].vs_consensus.images 3 over the period's 2 images",
		"result: annotator_periods[1].vs_gold.iou_sum nan is not finite",
		"result: annotator_periods[1].vs_gold.fp 9223372036854775808 over INT64_MAX",
	};

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	write_result_dataset(st);
	CHECK_OK(tly_store_load_dataset(&ds, st));
	for (k = 0; k < (int)(sizeof(want) / sizeof(want[0])); k++) {
		tly_annotator_period *p;

		sample_result(&r);
		add_periods(&r);
		CHECK_OK(tly_result_check(&ds, &r));
		p = r.annotator_periods;
		switch (k) {
		case 0: r.period_days = 3; break;
		case 1: r.period_days = 0; break;
		case 2: p[2].annotator = 3; break;
		case 3: memcpy(p[1].period, "2024-13-01", 11); break;
		case 4: p[1].period[4] = '/'; break;
		case 5: memcpy(p[1].period, "2024-05-06", 11); break;
		case 6: p[2].annotator = 0; break;
		case 7: p[0].ingest_dated = 3; break;
		case 8: p[0].vs_consensus.images = 3; break;
		case 9: p[1].vs_gold.iou_sum = NAN; break;
		default: p[1].vs_gold.fp = (uint64_t)INT64_MAX + 1; break;
		}
		CU_ASSERT_EQUAL(tly_result_check(&ds, &r), TLY_EARG);
		CHECK_MESSAGE(want[k]);
		/* the store refuses it before writing anything */
		CU_ASSERT_EQUAL(tly_store_save_result(st, &ds, &r), TLY_EARG);
		tly_result_clear(&r);
	}
	CU_ASSERT_EQUAL(table_rows(path, "runs"), 0);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

/* Rows another program planted: a mixed length, a short date, an unknown annotator. */
static void test_corrupt_rows(void)
{
	static const char *const plant[] = {
		"UPDATE annotator_periods SET days = 1 WHERE annotator_id = 3",
		"UPDATE annotator_periods SET period = '2024-5-13' WHERE period = '2024-05-13'",
		"UPDATE annotator_periods SET annotator_id = 9 WHERE annotator_id = 3",
	};
	static const char *const row[] = {"2", "1", "2"};
	char path[TMPDB_SIZE], expect[160];
	tly_store *st = NULL;
	tly_dataset ds;
	tly_result r, back;
	size_t k;

	for (k = 0; k < sizeof(plant) / sizeof(plant[0]); k++) {
		saved_store(path, &r);
		tly_result_clear(&r);
		CU_ASSERT_EQUAL_FATAL(sql_exec(path, "PRAGMA foreign_keys = OFF;"), 0);
		CU_ASSERT_EQUAL_FATAL(sql_exec(path, plant[k]), 0);
		CHECK_OK(tly_store_open(&st, path));
		CU_ASSERT_EQUAL(tly_store_load_result(&back, &ds, st, 0), TLY_ESTORE);
		snprintf(expect, sizeof(expect), "%s: corrupt store: run 1, annotator_periods row %s", path, row[k]);
		CHECK_MESSAGE(expect);
		CU_ASSERT_PTR_NULL(back.annotator_periods);
		tly_store_close(st);
		tmpdb_remove(path);
	}
}

/*
 * A version 4 store (before the audit over time; built from steps 1 to 4,
 * as later steps may alter tables too) gets the table and the view on open.
 */
static void test_migrates(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	size_t n, i, k;
	const tly_store_migration *steps = tly_store__migrations(&n);

	/* steps 1 to 4 as a version-4 tally ran them: later steps may alter what they made */
	tmpdb_make(path);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "PRAGMA application_id = 1414286425"), 0);
	for (k = 0; k < 4; k++)
		for (i = 0; steps[k].sql[i]; i++)
			CU_ASSERT_EQUAL_FATAL(sql_exec(path, steps[k].sql[i]), 0);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "PRAGMA user_version = 4"), 0);
	CHECK_OK(tly_store_open(&st, path));
	tly_store_close(st);
	CU_ASSERT_EQUAL(sql_int(path, "PRAGMA user_version"), tly_store_schema_version());
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name IN"
				      " ('annotator_periods', 'annotator_period_metrics')"), 2);
	tmpdb_remove(path);
}

/* Allocation N failing while the periods load: TLY_ENOMEM and nothing held, until one succeeds. */
static void test_load_faults(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	tly_dataset ds;
	tly_result r, back;
	long n;
	int rc = -1;

	saved_store(path, &r);
	CHECK_OK(tly_store_open(&st, path));
	for (n = 1; n < 1000 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_store_load_result(&back, &ds, st, 0);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CU_ASSERT_PTR_NULL(back.annotator_periods);
			CU_ASSERT_PTR_NULL(ds.images);
		}
	}
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT_EQUAL(back.n_annotator_periods, 3);
	tly_result_clear(&back);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tly_result_clear(&r);
	tmpdb_remove(path);
}

TLY_TESTS("store_periods", {"round_trip", test_round_trip}, {"metrics_view", test_metrics_view},
	  {"none", test_none},
	  {"cut_without_rows", test_cut_without_rows}, {"check", test_check}, {"corrupt_rows", test_corrupt_rows},
	  {"migrates", test_migrates}, {"load_faults", test_load_faults})
