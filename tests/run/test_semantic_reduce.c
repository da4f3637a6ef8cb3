/*
 * The reduction of semantic STAPLE's per-image rates into the run's
 * (src/run/semantic_reduce.c): hand-made image rows summed by hand; a
 * two-image run under vote.mask staple whose per-image fixed points are
 * worked by hand (tests/agree/test_semantic_staple.c's 3 x 2 scene and a
 * scene two voters agree on); the same bytes for 1, 2 and 3 threads; no
 * rows without STAPLE; allocation failures in the reduction and the run.
 */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "agree/map_builder.h"
#include "run/semantic_reduce.h"
#include "tally/rules.h"
#include "tally/run.h"
#include "util/alloc.h"

#define I TLY_LABEL_IGNORE

enum { A, B, C };
enum { BG, CAR, ROAD };

static const char *const ann_names[] = {"A", "B", "C"};
static const char *const cat_names[] = {"bg", "car", "road"};

static void check_rate(const tly_map_staple_rate *x, uint32_t a, uint32_t c, uint32_t images, uint64_t in,
		       double sens, uint64_t out, double spec, double tol)
{
	CU_ASSERT_EQUAL(x->annotator, a);
	CU_ASSERT_EQUAL(x->category, c);
	CU_ASSERT_EQUAL(x->images, images);
	CU_ASSERT_EQUAL(x->pixels_in, in);
	CU_ASSERT_EQUAL(x->pixels_out, out);
	if (isnan(sens)) {
		CU_ASSERT(isnan(x->sensitivity));
	} else {
		CHECK_NEAR(x->sensitivity, sens, tol);
	}
	CHECK_NEAR(x->specificity, spec, tol);
}

static tly_semantic_staple_rate row(uint32_t image, uint32_t a, uint32_t c, uint64_t in, uint64_t out,
				    double sens_in, double spec_out)
{
	tly_semantic_staple_rate x;

	memset(&x, 0, sizeof(x));
	x.image = image;
	x.annotator = a;
	x.category = c;
	x.pixels_in = in;
	x.pixels_out = out;
	x.sens_in = sens_in;
	x.spec_out = spec_out;
	return x;
}

/*
 * Three image slots (the middle one without rows):
 *   image 0: (A, bg) in 4, out 2, sens x in 3, spec x out 2;
 *            (A, car) in 0, out 6, 0, 5;  (B, bg) in 4, out 2, 4, 1
 *   image 2: (A, bg) in 2, out 6, 1, 6;  (B, road) in 3, out 5, 3, 4
 * Summed by (annotator, class):
 *   A bg: 2 images, in 6, sensitivity (3 + 1) / 6 = 2/3, out 8, (2 + 6) / 8 = 1
 *   A car: 1 image, in 0: sensitivity NaN; out 6, 5/6
 *   B bg: 1, in 4, 4/4 = 1, out 2, 1/2
 *   B road: 1, in 3, 3/3 = 1, out 5, 4/5
 */
static void test_sums(void)
{
	tly_semantic_image_result x[3];
	tly_result r;

	memset(x, 0, sizeof(x));
	memset(&r, 0, sizeof(r));
	x[0].image = 0;
	x[1].image = 1;
	x[2].image = 2;
	x[0].n_staple_rates = 3;
	x[0].staple_rates = tly_calloc(3, sizeof(*x[0].staple_rates));
	x[2].n_staple_rates = 2;
	x[2].staple_rates = tly_calloc(2, sizeof(*x[2].staple_rates));
	CU_ASSERT_FATAL(x[0].staple_rates && x[2].staple_rates);
	x[0].staple_rates[0] = row(0, A, BG, 4, 2, 3, 2);
	x[0].staple_rates[1] = row(0, A, CAR, 0, 6, 0, 5);
	x[0].staple_rates[2] = row(0, B, BG, 4, 2, 4, 1);
	x[2].staple_rates[0] = row(2, A, BG, 2, 6, 1, 6);
	x[2].staple_rates[1] = row(2, B, ROAD, 3, 5, 3, 4);
	CHECK_OK(tly_run__semantic_reduce(&r, x, 3));
	CU_ASSERT_EQUAL_FATAL(r.n_map_staple_rates, 4);
	check_rate(&r.map_staple_rates[0], A, BG, 2, 6, 2.0 / 3.0, 8, 1, 1e-15);
	check_rate(&r.map_staple_rates[1], A, CAR, 1, 0, NAN, 6, 5.0 / 6.0, 1e-15);
	check_rate(&r.map_staple_rates[2], B, BG, 1, 4, 1, 2, 0.5, 1e-15);
	check_rate(&r.map_staple_rates[3], B, ROAD, 1, 3, 1, 5, 0.8, 1e-15);
	tly_result_clear(&r);
	tly_semantic_image_result_clear(&x[0]);
	tly_semantic_image_result_clear(&x[2]);

	/* slots without rows: none in the run, and no array */
	CHECK_OK(tly_run__semantic_reduce(&r, x, 3));
	CU_ASSERT_EQUAL(r.n_map_staple_rates, 0);
	CU_ASSERT_PTR_NULL(r.map_staple_rates);
	tly_result_clear(&r);
}

static void sized(tly_dataset *ds, uint32_t im, int32_t w, int32_t h)
{
	ds->images[im].width = w;
	ds->images[im].height = h;
}

static void compute(tly_result *r, const tly_dataset *ds, const char *rules_text, int threads)
{
	tly_rules *rules = NULL;
	tly_run_options o = TLY_RUN_OPTIONS_INIT;

	CHECK_OK(tly_rules_parse(&rules, rules_text, strlen(rules_text), "test"));
	o.threads = threads;
	CHECK_OK(tly_run_compute(r, ds, rules, &o));
	tly_rules_free(rules);
}

#define STAPLE "{\"vote\": {\"mask\": \"staple\"}}"

/*
 * Image 0 (3 x 2), the scene of tests/agree/test_semantic_staple.c's rates test:
 *   A = 0 0 0 | 0 1 1   B = 0 0 1 | 0 1 1   C = 0 I 0 | 1 1 I
 * rows (in, out, sensitivity x in, specificity x out), worked there:
 *   A bg 4 2 4 2, car 2 4 2 4; B bg 4 2 3 2, car 2 4 2 3; C bg 4 2 2 2, car 2 4 1 3.
 * Image 1 (2 x 2), A and B only: both 0 1 | 2 2. Each class's two raters agree:
 * the fixed point has both perfect, posterior 1 on the pattern {A, B} and 0
 * on none: bg in 1, out 3; car in 1, out 3; road in 2, out 2; all rates 1.
 * Run (sensitivity = sum of sensitivity x in / sum of in, likewise specificity):
 *   A bg: 2 images, in 5, (4 + 1) / 5 = 1, out 5, (2 + 3) / 5 = 1
 *   A car: 2, in 3, 1, out 7, 1;  A road: 1, in 2, 1, out 2, 1
 *   B bg: 2, in 5, (3 + 1) / 5 = 4/5, out 5, 1
 *   B car: 2, in 3, (2 + 1) / 3 = 1, out 7, (3 + 3) / 7 = 6/7
 *   B road: 1, in 2, 1, out 2, 1
 *   C bg: 1, in 4, 2/4, out 2, 1;  C car: 1, in 2, 1/2, out 4, 3/4
 */
static void build(tly_dataset *ds)
{
	static const uint32_t a[6] = {0, 0, 0, 0, 1, 1}, b[6] = {0, 0, 1, 0, 1, 1}, c[6] = {0, I, 0, 1, 1, I};
	static const uint32_t ab[4] = {BG, CAR, ROAD, ROAD};

	tb_init(ds, ann_names, 3, cat_names, 3);
	tb_image(ds, "a_tiny.png");
	sized(ds, 0, 3, 2);
	tb_map(ds, 0, A, 0, a, 3, 2);
	tb_map(ds, 0, B, 0, b, 3, 2);
	tb_map(ds, 0, C, 0, c, 3, 2);
	tb_image(ds, "b_two.png");
	sized(ds, 1, 2, 2);
	tb_map(ds, 1, A, 0, ab, 2, 2);
	tb_map(ds, 1, B, 0, ab, 2, 2);
}

static void test_run(void)
{
	tly_dataset ds;
	tly_result r;
	const tly_map_staple_rate *x;

	build(&ds);
	compute(&r, &ds, STAPLE, 2);
	CHECK_OK(tly_result_check(&ds, &r));
	CU_ASSERT_EQUAL_FATAL(r.n_map_staple_rates, 8);
	x = r.map_staple_rates;
	check_rate(&x[0], A, BG, 2, 5, 1, 5, 1, 1e-8);
	check_rate(&x[1], A, CAR, 2, 3, 1, 7, 1, 1e-8);
	check_rate(&x[2], A, ROAD, 1, 2, 1, 2, 1, 1e-8);
	check_rate(&x[3], B, BG, 2, 5, 0.8, 5, 1, 1e-8);
	check_rate(&x[4], B, CAR, 2, 3, 1, 7, 6.0 / 7.0, 1e-8);
	check_rate(&x[5], B, ROAD, 1, 2, 1, 2, 1, 1e-8);
	check_rate(&x[6], C, BG, 1, 4, 0.5, 2, 1, 1e-8);
	check_rate(&x[7], C, CAR, 1, 2, 0.5, 4, 0.75, 1e-8);
	tly_result_clear(&r);

	/* the plurality: no STAPLE rates */
	compute(&r, &ds, "{}", 2);
	CU_ASSERT_EQUAL(r.n_map_staple_rates, 0);
	CU_ASSERT_PTR_NULL(r.map_staple_rates);
	tly_result_clear(&r);
	tb_maps_clear(&ds);
	tly_dataset_clear(&ds);
}

/* A small LCG: the test's maps are the same on every run. */
static uint32_t next(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 16;
}

/*
 * 24 images of 16 x 12 pixels, 2 or 3 voters each (C skips every third),
 * blocks of 4 pixels whose class (or ignore) each voter draws from a truth
 * it keeps 3 times in 4: under 1, 2 and 3 threads the same rates, bit for
 * bit (the sums are added in image order whatever thread voted an image).
 */
static void test_threads(void)
{
	enum { W = 16, H = 12, N = W * H, IMAGES = 24 };
	uint32_t truth[N], px[N], seed = 7;
	tly_dataset ds;
	tly_result r1, r2, r3;
	size_t k, i;
	uint32_t a;

	tb_init(&ds, ann_names, 3, cat_names, 3);
	for (k = 0; k < IMAGES; k++) {
		char name[16];

		snprintf(name, sizeof(name), "g%02zu.png", k);
		tb_image(&ds, name);
		sized(&ds, (uint32_t)k, W, H);
		for (i = 0; i < N; i += 4)
			truth[i] = truth[i + 1] = truth[i + 2] = truth[i + 3] = next(&seed) % 3;
		for (a = A; a <= C; a++) {
			if (a == C && k % 3 == 0)
				continue;
			for (i = 0; i < N; i++) {
				uint32_t roll = next(&seed) % 8;

				px[i] = roll < 6 ? truth[i] : roll == 6 ? (truth[i] + 1) % 3 : I;
			}
			tb_map(&ds, (uint32_t)k, a, 0, px, W, H);
		}
	}
	compute(&r1, &ds, STAPLE, 1);
	compute(&r2, &ds, STAPLE, 2);
	compute(&r3, &ds, STAPLE, 3);
	CU_ASSERT_EQUAL_FATAL(r1.n_map_staple_rates, 9);
	CU_ASSERT_EQUAL(r1.map_staple_rates[0].images, IMAGES);
	CU_ASSERT_EQUAL(r1.map_staple_rates[8].images, IMAGES - IMAGES / 3);
	CU_ASSERT_EQUAL_FATAL(r2.n_map_staple_rates, 9);
	CU_ASSERT_EQUAL_FATAL(r3.n_map_staple_rates, 9);
	CU_ASSERT(!memcmp(r1.map_staple_rates, r2.map_staple_rates, 9 * sizeof(*r1.map_staple_rates)));
	CU_ASSERT(!memcmp(r1.map_staple_rates, r3.map_staple_rates, 9 * sizeof(*r1.map_staple_rates)));
	tly_result_clear(&r1);
	tly_result_clear(&r2);
	tly_result_clear(&r3);
	tb_maps_clear(&ds);
	tly_dataset_clear(&ds);
}

/*
 * Allocation N = 1, 2, ... fails in the reduction of test_sums' rows: each
 * attempt returns TLY_ENOMEM and leaves the result without rates (ASan:
 * nothing leaks); the first that succeeds has all four rows.
 */
static void test_faults(void)
{
	tly_semantic_image_result x[2];
	tly_result r;
	long n;
	int rc = -1;

	memset(x, 0, sizeof(x));
	x[1].image = 1;
	x[0].n_staple_rates = 2;
	x[0].staple_rates = tly_calloc(2, sizeof(*x[0].staple_rates));
	x[1].n_staple_rates = 2;
	x[1].staple_rates = tly_calloc(2, sizeof(*x[1].staple_rates));
	CU_ASSERT_FATAL(x[0].staple_rates && x[1].staple_rates);
	x[0].staple_rates[0] = row(0, A, BG, 4, 2, 3, 2);
	x[0].staple_rates[1] = row(0, B, BG, 4, 2, 4, 1);
	x[1].staple_rates[0] = row(1, A, CAR, 1, 1, 1, 1);
	x[1].staple_rates[1] = row(1, C, BG, 2, 2, 1, 1);
	for (n = 1; n < 100 && rc != 0; n++) {
		memset(&r, 0, sizeof(r));
		tly_alloc_fail_after(n);
		rc = tly_run__semantic_reduce(&r, x, 2);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CU_ASSERT_PTR_NULL(r.map_staple_rates);
		}
		tly_result_clear(&r);
	}
	CU_ASSERT_EQUAL(rc, 0);
	memset(&r, 0, sizeof(r));
	CHECK_OK(tly_run__semantic_reduce(&r, x, 2));
	CU_ASSERT_EQUAL(r.n_map_staple_rates, 4);
	tly_result_clear(&r);
	tly_semantic_image_result_clear(&x[0]);
	tly_semantic_image_result_clear(&x[1]);
}

/*
 * Allocation N = 1, 2, ... fails in a one-thread STAPLE run of test_run's
 * dataset (the workspace's rates, the image's copy, the reduction): each
 * attempt returns an error and an empty result; the first that succeeds
 * has the eight rows.
 */
static void test_run_faults(void)
{
	tly_dataset ds;
	tly_result r;
	tly_rules *rules = NULL;
	tly_run_options o = TLY_RUN_OPTIONS_INIT;
	long n;
	int rc = -1;

	build(&ds);
	CHECK_OK(tly_rules_parse(&rules, STAPLE, strlen(STAPLE), "test"));
	o.threads = 1;
	for (n = 1; n < 5000 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_run_compute(&r, &ds, rules, &o);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT(rc == TLY_ENOMEM || rc == TLY_ELIMIT);
			CU_ASSERT_PTR_NULL(r.map_staple_rates);
			CU_ASSERT_EQUAL(r.n_map_staple_rates, 0);
		}
	}
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT_EQUAL(r.n_map_staple_rates, 8);
	tly_result_clear(&r);
	tly_rules_free(rules);
	tb_maps_clear(&ds);
	tly_dataset_clear(&ds);
}

TLY_TESTS("run_semantic_reduce", {"sums", test_sums}, {"run", test_run}, {"threads", test_threads},
	  {"faults", test_faults}, {"run_faults", test_run_faults})
