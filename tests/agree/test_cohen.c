/*
 * Cohen's kappa with a bootstrap interval (src/agree/cohen.c): a published
 * worked example to its printed precision, agreement with tly_agree_kappa,
 * weighted rows, the image-grouped bootstrap worked by hand and against a
 * replay of its resamples, degenerate data and bad arguments.
 */
#include <math.h>
#include <string.h>

#include "agree/boot_replay.h"
#include "harness.h"
#include "tally/agree.h"
#include "tally/stats.h"
#include "util/alloc.h"

/*
 * Kavanagh et al., BMC Cancer 9:1 (2009), doi:10.1186/1471-2407-9-1,
 * Table 2 "Calculation of the interobserver agreement (kappa
 * coefficient)": pathologist 1 (rows) against pathologist 2 (columns),
 * grades 1+, 2+, 3+: 7 1 0 / 0 8 0 / 0 0 2, 18 cases, kappa printed 0.906. By hand: po = 17/18; rows 8, 8, 2 and columns 7, 9, 2,
 * pe = (56 + 72 + 4)/324 = 132/324; kappa = (18*17 - 132)/(324 - 132) =
 * 174/192 = 29/32 = 0.90625.
 */
static void test_published(void)
{
	const tly_stats_rating rows[] = {{0, 0, 7}, {0, 1, 1}, {1, 1, 8}, {2, 2, 2}};
	const uint64_t table[9] = {7, 1, 0, 0, 8, 0, 0, 0, 2};
	tly_stat k;

	CHECK_OK(tly_stats_cohen(&k, rows, 4, 3, NULL));
	CHECK_NEAR(k.value, 29.0 / 32.0, 1e-15);
	CHECK_NEAR(k.value, 0.906, 5e-4);
	CU_ASSERT_EQUAL(k.n, 18);
	CU_ASSERT(isnan(k.ci95[0]) && isnan(k.ci95[1]));
	/* the same table through the scalar entry: the same double */
	CU_ASSERT(tly_agree_kappa(table, 3) == k.value);
}

/*
 * The grant example of test_kappa.c (20 yes/yes, 5 yes/no, 10 no/yes, 15
 * no/no: kappa 0.4) as 50 rows of count 1, as 4 rows with counts, and
 * with rows repeated (two rows (0, 0, 10)): the same value, n = 50; rows
 * of count 0 change nothing.
 */
static void test_rows_and_counts(void)
{
	tly_stats_rating each[50];
	const tly_stats_rating four[] = {{1, 1, 20}, {1, 0, 5}, {0, 1, 10}, {0, 0, 15}, {2, 2, 0}};
	const tly_stats_rating split[] = {{0, 0, 10}, {1, 1, 20}, {0, 0, 5}, {1, 0, 5}, {0, 1, 10}};
	tly_stat a, b, c;
	size_t i, n = 0;

	for (i = 0; i < 20; i++)
		each[n++] = (tly_stats_rating){1, 1, 1};
	for (i = 0; i < 5; i++)
		each[n++] = (tly_stats_rating){1, 0, 1};
	for (i = 0; i < 10; i++)
		each[n++] = (tly_stats_rating){0, 1, 1};
	for (i = 0; i < 15; i++)
		each[n++] = (tly_stats_rating){0, 0, 1};
	CHECK_OK(tly_stats_cohen(&a, each, n, 2, NULL));
	CHECK_OK(tly_stats_cohen(&b, four, 5, 3, NULL));
	CHECK_OK(tly_stats_cohen(&c, split, 5, 2, NULL));
	CHECK_NEAR(a.value, 0.4, 1e-15);
	CHECK_NEAR(b.value, 0.4, 1e-15);
	CHECK_NEAR(c.value, 0.4, 1e-15);
	CU_ASSERT(a.n == 50 && b.n == 50 && c.n == 50);
}

/*
 * Two images of one annotator pair's matched objects (labels car = 0,
 * dog = 1): image 1 gives (car, car) and (dog, car), image 2 (dog, dog).
 * Whole: N 3, agree 2, rows car 1 dog 2, columns car 2 dog 1, sum r c = 4;
 * kappa = (3*2 - 4)/(9 - 4) = 2/5. Bootstrap over the 2 images: image 1
 * twice: N 4, agree 2, rows 2, 2, columns 4, 0, sum r c = 8, kappa =
 * (8 - 8)/(16 - 8) = 0 (chance 1/4); image 2 twice: both raters constant,
 * undefined, skipped (1/4); one of each: 2/5 (1/2). Percentiles over the
 * defined resamples: [0, 2/5] (1000 resamples: each case occurs far more
 * than 2.5% of the time).
 */
static void test_grouped_bootstrap(void)
{
	const tly_stats_rating rows[] = {{0, 0, 1}, {1, 0, 1}, {1, 1, 1}};
	const size_t image[] = {1, 1, 2};
	tly_stats_bootstrap boot = TLY_STATS_BOOTSTRAP_INIT, again = TLY_STATS_BOOTSTRAP_INIT;
	tly_stat k, l;

	boot.group = image;
	again.group = image;
	CHECK_OK(tly_stats_cohen(&k, rows, 3, 2, &boot));
	CHECK_NEAR(k.value, 0.4, 1e-15);
	CU_ASSERT_EQUAL(k.n, 3);
	CHECK_NEAR(k.ci95[0], 0.0, 1e-15);
	CHECK_NEAR(k.ci95[1], 0.4, 1e-15);
	/* the same seed, the same interval */
	CHECK_OK(tly_stats_cohen(&l, rows, 3, 2, &again));
	CU_ASSERT(k.ci95[0] == l.ci95[0] && k.ci95[1] == l.ci95[1]);
}

/*
 * Degenerate: no rows (n 0, value undefined); every item in one category
 * for both raters (pe = 1: undefined, n counted, no interval); one item
 * of disagreement: po = 0, pe = 0 (a's category never in b's column), so
 * kappa = 0 exactly; complete agreement on two categories: 1.
 */
static void test_degenerate(void)
{
	const tly_stats_rating one_class[] = {{2, 2, 4}};
	const tly_stats_rating disagree[] = {{0, 1, 1}};
	const tly_stats_rating agree[] = {{0, 0, 2}, {1, 1, 3}};
	tly_stats_bootstrap boot = TLY_STATS_BOOTSTRAP_INIT;
	tly_stat k;

	CHECK_OK(tly_stats_cohen(&k, NULL, 0, 0, &boot));
	CU_ASSERT(isnan(k.value) && k.n == 0 && isnan(k.ci95[0]));
	CHECK_OK(tly_stats_cohen(&k, one_class, 1, 3, &boot));
	CU_ASSERT(isnan(k.value) && k.n == 4 && isnan(k.ci95[0]) && isnan(k.ci95[1]));
	CHECK_OK(tly_stats_cohen(&k, disagree, 1, 2, &boot));
	CU_ASSERT(k.value == 0.0 && k.n == 1);
	CHECK_OK(tly_stats_cohen(&k, agree, 2, 2, &boot));
	CHECK_NEAR(k.value, 1.0, 0);
	CU_ASSERT(k.ci95[0] <= 1.0 && k.ci95[1] == 1.0);
}

/* Bad arguments: no output, rows missing, a category out of range, decreasing groups, too many resamples. */
/*
 * Allocation N = 1, 2, ... fails (the grouped bootstrap of the hand case):
 * TLY_ENOMEM with the output undefined, nothing leaked (the ASan build
 * checks), until the full result.
 */
static void test_faults(void)
{
	const tly_stats_rating rows[] = {{0, 0, 1}, {1, 0, 1}, {1, 1, 1}};
	const size_t image[] = {1, 1, 2};
	tly_stats_bootstrap boot = {200, 5, image, 0};
	tly_stat k;
	long n;
	int rc = -1;

	for (n = 1; n < 100 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_stats_cohen(&k, rows, 3, 2, &boot);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CU_ASSERT(isnan(k.value) && k.n == 0);
		}
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(n > 2);
	CHECK_NEAR(k.value, 0.4, 1e-15);
	CHECK_NEAR(k.ci95[0], 0.0, 1e-15);
}

static void test_errors(void)
{
	const tly_stats_rating rows[] = {{0, 0, 1}, {1, 3, 1}};
	const size_t down[] = {1, 0};
	tly_stats_bootstrap boot = TLY_STATS_BOOTSTRAP_INIT;
	tly_stat k;

	CU_ASSERT_EQUAL(tly_stats_cohen(NULL, rows, 1, 2, NULL), TLY_EARG);
	CU_ASSERT_EQUAL(tly_stats_cohen(&k, NULL, 2, 2, NULL), TLY_EARG);
	CU_ASSERT_EQUAL(tly_stats_cohen(&k, rows, 2, 2, NULL), TLY_EARG);
	CU_ASSERT(isnan(k.value) && k.n == 0);
	CHECK_OK(tly_stats_cohen(&k, rows, 2, 4, NULL));
	boot.group = down;
	CU_ASSERT_EQUAL(tly_stats_cohen(&k, rows, 2, 4, &boot), TLY_EARG);
	boot.group = NULL;
	boot.resamples = TLY_STATS_MAX_RESAMPLES + 1u;
	CU_ASSERT_EQUAL(tly_stats_cohen(&k, rows, 2, 4, &boot), TLY_EARG);
}

/*
 * The grouped bootstrap against its definition: 30 images of 1 to 4 rows
 * (categories 0..3, counts 0..3, some rows repeated within an image),
 * resample r replayed (agree/boot_replay.h), the data set rebuilt with
 * each image's rows counted as often as it was drawn, and kappa computed
 * on it with no bootstrap; the type-7 interval of those values is the
 * library's (to rounding: its sums are exact integers). The interval is
 * the same bytes on 1 and 4 threads.
 */
static void test_bootstrap_replay(void)
{
	enum { IMAGES = 30, B = 200 };
	tly_stats_rating rows[IMAGES * 4], again[IMAGES * 4];
	size_t image[IMAGES * 4], n = 0, i, r;
	tly_stats_bootstrap boot = {B, 17, image, 1};
	uint32_t c[IMAGES];
	double v[B], ci[2];
	tly_stat k, k4, x;

	for (i = 0; i < IMAGES; i++) {
		size_t j, m = 1 + i * 7 % 4;

		for (j = 0; j < m; j++, n++) {
			rows[n].a = (uint32_t)((i + j) % 4);
			rows[n].b = (uint32_t)(j == 2 ? rows[n].a : (i * 3 + j) % 4);
			rows[n].count = (i + 2 * j) % 4;
			image[n] = 100 + i;
		}
	}
	CHECK_OK(tly_stats_cohen(&k, rows, n, 4, &boot));
	boot.threads = 4;
	CHECK_OK(tly_stats_cohen(&k4, rows, n, 4, &boot));
	CU_ASSERT(memcmp(&k, &k4, sizeof(k)) == 0);
	for (r = 0; r < B; r++) {
		br_counts(c, IMAGES, 17, r);
		for (i = 0; i < n; i++) {
			again[i] = rows[i];
			again[i].count = rows[i].count * c[image[i] - 100];
		}
		CHECK_OK(tly_stats_cohen(&x, again, n, 4, NULL));
		v[r] = x.value;
	}
	br_interval(ci, v, B);
	CU_ASSERT(isfinite(k.ci95[0]) && k.ci95[0] < k.value && k.value < k.ci95[1]);
	CHECK_NEAR(k.ci95[0], ci[0], 1e-12);
	CHECK_NEAR(k.ci95[1], ci[1], 1e-12);
}

TLY_TESTS("agree_cohen",
	  {"published", test_published},
	  {"rows_and_counts", test_rows_and_counts},
	  {"grouped_bootstrap", test_grouped_bootstrap},
	  {"bootstrap_replay", test_bootstrap_replay},
	  {"degenerate", test_degenerate},
	  {"errors", test_errors},
	  {"faults", test_faults})
