/*
 * Fleiss' kappa over label-map pixels (src/agree/semantic_kappa.c): the
 * per-image sums of tly_semantic_image and tly_semantic_kappa's
 * combination, on maps small enough to work by hand (tables of n_ij below),
 * checked again against tly_stats_fleiss on the same pixels expanded one
 * per item (an independent path); two images combined; the degenerate
 * cases; the bootstrap interval over images.
 */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "agree/map_builder.h"
#include "tally/error.h"
#include "tally/rules.h"
#include "tally/semantic.h"
#include "tally/stats.h"

#define I TLY_LABEL_IGNORE

enum { A, B, C, G };
enum { BG, CAR, ROAD, TREE };

static const char *const ann_names[] = {"A", "B", "C", "G"};
static const char *const cat_names[] = {"bg", "car", "road", "tree"};

/*
 * Image 0, 3 x 2 pixels (row-major), three voters and one ignore:
 *   A = 0 0 1 | 1 2 2
 *   B = 0 0 1 | 2 2 I
 *   C = 0 1 1 | 1 2 0
 * n_ij (bg, car, road, tree), n_i and P_i = (sum n_ij^2 - n_i) / (n_i (n_i - 1)):
 *   p0  3 0 0 0  3  (9 - 3)/6     = 1
 *   p1  2 1 0 0  3  (4 + 1 - 3)/6 = 1/3
 *   p2  0 3 0 0  3  1
 *   p3  0 2 1 0  3  1/3
 *   p4  0 0 3 0  3  1
 *   p5  1 0 1 0  2  (1 + 1 - 2)/2 = 0
 * N = 6 kept, sum P_i = 11/3, P = 11/18; T = 17, R = (6, 6, 5, 0);
 * Pe = (36 + 36 + 25)/289 = 97/289;
 * kappa = (11/18 - 97/289)/(192/289) = (3179 - 1746)/(18 x 192) = 1433/3456.
 * Per class, d_ij = n_ij (n_i - n_ij)/(n_i (n_i - 1)):
 *   bg   p1 2x1/6 = 1/3, p5 1x1/2 = 1/2: D = 5/6; p q = (6/17)(11/17) = 66/289;
 *        kappa = 1 - (5/36)(289/66) = 1 - 1445/2376 = 931/2376
 *        (the collapsed table directly: P = 13/18, Pe = 157/289,
 *        (13 x 289 - 157 x 18)/(18 x 132) = 931/2376 too);
 *   car  p1 1x2/6 = 1/3, p3 2x1/6 = 1/3: D = 2/3; p q = 66/289;
 *        kappa = 1 - (1/9)(289/66) = 1 - 289/594 = 305/594;
 *   road p3 1x2/6 = 1/3, p5 1/2: D = 5/6; p q = (5/17)(12/17) = 60/289;
 *        kappa = 1 - (5/36)(289/60) = 1 - 289/432 = 143/432;
 *   tree no rating: undefined.
 */
static const uint32_t m0_a[6] = {0, 0, 1, 1, 2, 2};
static const uint32_t m0_b[6] = {0, 0, 1, 2, 2, I};
static const uint32_t m0_c[6] = {0, 1, 1, 1, 2, 0};

/*
 * Image 1, 3 x 1, two voters (C has no map): A = 0 3 I, B = 0 1 1.
 *   q0 bg 2: P = 1;  q1 car 1, tree 1: P = 0;  q2 one rating: dropped.
 * N = 2, sum P = 1, T = 4, R = (2, 1, 0, 1); d: car 1/2, tree 1/2.
 * Alone: P = 1/2, Pe = (4 + 1 + 1)/16 = 3/8, kappa = (1/8)/(5/8) = 1/5.
 * With image 0: N = 8, sum P = 14/3, P = 7/12, T = 21, R = (8, 7, 5, 1),
 * Pe = (64 + 49 + 25 + 1)/441 = 139/441,
 * kappa = (7/12 - 139/441)/(302/441) = (3087 - 1668)/(12 x 302) = 1419/3624 = 473/1208;
 * D = (5/6, 2/3 + 1/2 = 7/6, 5/6, 1/2), D/N = (5/48, 7/48, 5/48, 1/16):
 *   bg   p q = (8/21)(13/21) = 104/441: 1 - (5/48)(441/104) = 1 - 2205/4992 = 929/1664;
 *   car  p q = (1/3)(2/3) = 2/9:        1 - (7/48)(9/2) = 1 - 63/96 = 11/32;
 *   road p q = (5/21)(16/21) = 80/441:  1 - (5/48)(441/80) = 1 - 2205/3840 = 109/256;
 *   tree p q = (1/21)(20/21) = 20/441:  1 - (1/16)(441/20) = 1 - 441/320 = -121/320.
 */
static const uint32_t m1_a[3] = {0, 3, I};
static const uint32_t m1_b[3] = {0, 1, 1};

typedef struct {
	tly_dataset ds;
	tly_policy policy;
	tly_agree_context ctx;
	tly_semantic_workspace *ws;
	tly_semantic_image_result res[2];
} fixture;

static void fx_init(fixture *f)
{
	memset(f, 0, sizeof(*f));
	tb_init(&f->ds, ann_names, 4, cat_names, 4);
	tly_policy_init_defaults(&f->policy);
}

static uint32_t add_image(fixture *f, const char *name, int32_t w, int32_t h)
{
	uint32_t im = tb_image(&f->ds, name);

	f->ds.images[im].width = w;
	f->ds.images[im].height = h;
	return im;
}

/* Build the context and compute every image (at most 2) into f->res. */
static void fx_compute(fixture *f)
{
	size_t i;

	CHECK_OK(tly_agree_context_init(&f->ctx, &f->ds, &f->policy));
	CHECK_OK(tly_semantic_workspace_new(&f->ws));
	CU_ASSERT_FATAL(f->ds.n_images <= 2);
	for (i = 0; i < f->ds.n_images; i++)
		CHECK_OK(tly_semantic_image(&f->res[i], f->ws, &f->ctx, &f->ds.images[i], (uint32_t)i));
}

static void fx_clear(fixture *f)
{
	tly_semantic_image_result_clear(&f->res[0]);
	tly_semantic_image_result_clear(&f->res[1]);
	tly_semantic_workspace_free(f->ws);
	tly_agree_context_clear(&f->ctx);
	tb_maps_clear(&f->ds);
	tly_dataset_clear(&f->ds);
}

static void two_images(fixture *f)
{
	fx_init(f);
	add_image(f, "a.png", 3, 2);
	tb_map(&f->ds, 0, A, 0, m0_a, 3, 2);
	tb_map(&f->ds, 0, B, 0, m0_b, 3, 2);
	tb_map(&f->ds, 0, C, 0, m0_c, 3, 2);
	add_image(f, "b.png", 3, 1);
	tb_map(&f->ds, 1, A, 0, m1_a, 3, 1);
	tb_map(&f->ds, 1, B, 0, m1_b, 3, 1);
	fx_compute(f);
}

/* The expanded path: a voter's value per pixel, ignore missing, as tly_stats_fleiss items. */
static void expand(uint64_t *counts, size_t *items, const uint32_t *const *maps, size_t n_maps,
		   size_t n_px)
{
	size_t p, m;

	for (p = 0; p < n_px; p++, (*items)++)
		for (m = 0; m < n_maps; m++)
			if (maps[m][p] != I)
				counts[*items * 4 + maps[m][p]]++;
}

static void test_image_sums(void)
{
	fixture f;
	const tly_semantic_image_result *r;

	two_images(&f);
	r = &f.res[0];
	CU_ASSERT_EQUAL(r->kappa_pixels, 6);
	CU_ASSERT_EQUAL(r->kappa_ratings, 17);
	CHECK_NEAR(r->kappa_agree, 11.0 / 3.0, 1e-12);
	/* bg, car, road: tree has no rating and no row */
	CU_ASSERT_EQUAL_FATAL(r->n_kappa_classes, 3);
	CU_ASSERT_EQUAL(r->kappa_classes[0].category, BG);
	CU_ASSERT_EQUAL(r->kappa_classes[0].ratings, 6);
	CHECK_NEAR(r->kappa_classes[0].disagree, 5.0 / 6.0, 1e-12);
	CU_ASSERT_EQUAL(r->kappa_classes[1].category, CAR);
	CU_ASSERT_EQUAL(r->kappa_classes[1].ratings, 6);
	CHECK_NEAR(r->kappa_classes[1].disagree, 2.0 / 3.0, 1e-12);
	CU_ASSERT_EQUAL(r->kappa_classes[2].category, ROAD);
	CU_ASSERT_EQUAL(r->kappa_classes[2].ratings, 5);
	CHECK_NEAR(r->kappa_classes[2].disagree, 5.0 / 6.0, 1e-12);
	r = &f.res[1];
	CU_ASSERT_EQUAL(r->kappa_pixels, 2);
	CU_ASSERT_EQUAL(r->kappa_ratings, 4);
	CHECK_NEAR(r->kappa_agree, 1.0, 0.0);
	CU_ASSERT_EQUAL_FATAL(r->n_kappa_classes, 3);
	CU_ASSERT(r->kappa_classes[0].category == BG && r->kappa_classes[0].ratings == 2);
	CU_ASSERT(r->kappa_classes[1].category == CAR && r->kappa_classes[1].ratings == 1);
	CU_ASSERT(r->kappa_classes[2].category == TREE && r->kappa_classes[2].ratings == 1);
	CHECK_NEAR(r->kappa_classes[0].disagree, 0.0, 0.0);
	CHECK_NEAR(r->kappa_classes[2].disagree, 0.5, 0.0);
	fx_clear(&f);
}

static void test_one_image(void)
{
	fixture f;
	const uint32_t *maps[3] = {m0_a, m0_b, m0_c};
	uint64_t counts[6 * 4] = {0};
	tly_stat k, per[4], ek, eper[4];
	size_t items = 0, j;

	two_images(&f);
	CHECK_OK(tly_semantic_kappa(&k, per, 4, f.res, 1, NULL));
	CHECK_NEAR(k.value, 1433.0 / 3456.0, 1e-12);
	CU_ASSERT_EQUAL(k.n, 6);
	CU_ASSERT(isnan(k.ci95[0]) && isnan(k.ci95[1]));
	CHECK_NEAR(per[BG].value, 931.0 / 2376.0, 1e-12);
	CHECK_NEAR(per[CAR].value, 305.0 / 594.0, 1e-12);
	CHECK_NEAR(per[ROAD].value, 143.0 / 432.0, 1e-12);
	CU_ASSERT(isnan(per[TREE].value));
	for (j = 0; j < 4; j++)
		CU_ASSERT_EQUAL(per[j].n, 6);
	/* the independent path: the six pixels as six items */
	expand(counts, &items, maps, 3, 6);
	CHECK_OK(tly_stats_fleiss(&ek, eper, counts, items, 4, NULL));
	CHECK_NEAR(k.value, ek.value, 1e-12);
	CU_ASSERT_EQUAL(k.n, ek.n);
	for (j = 0; j < 3; j++)
		CHECK_NEAR(per[j].value, eper[j].value, 1e-12);
	CU_ASSERT(isnan(eper[TREE].value));
	fx_clear(&f);
}

static void test_two_images(void)
{
	fixture f;
	const uint32_t *maps0[3] = {m0_a, m0_b, m0_c}, *maps1[2] = {m1_a, m1_b};
	uint64_t counts[9 * 4] = {0};
	tly_stat k, per[4], ek, eper[4];
	size_t items = 0, j;

	two_images(&f);
	CHECK_OK(tly_semantic_kappa(&k, per, 4, f.res, 2, NULL));
	CHECK_NEAR(k.value, 473.0 / 1208.0, 1e-12);
	CU_ASSERT_EQUAL(k.n, 8);
	CHECK_NEAR(per[BG].value, 929.0 / 1664.0, 1e-12);
	CHECK_NEAR(per[CAR].value, 11.0 / 32.0, 1e-12);
	CHECK_NEAR(per[ROAD].value, 109.0 / 256.0, 1e-12);
	CHECK_NEAR(per[TREE].value, -121.0 / 320.0, 1e-12);
	/* image 1 alone: 1/5 */
	CHECK_OK(tly_semantic_kappa(&k, NULL, 4, f.res + 1, 1, NULL));
	CHECK_NEAR(k.value, 0.2, 1e-12);
	/* expanded: image 0's 6 pixels, image 1's 3 (the third has one rating and drops) */
	expand(counts, &items, maps0, 3, 6);
	expand(counts, &items, maps1, 2, 3);
	CHECK_OK(tly_stats_fleiss(&ek, eper, counts, items, 4, NULL));
	CU_ASSERT_EQUAL(ek.n, 8);
	CHECK_OK(tly_semantic_kappa(&k, per, 4, f.res, 2, NULL));
	CHECK_NEAR(k.value, ek.value, 1e-12);
	for (j = 0; j < 4; j++)
		CHECK_NEAR(per[j].value, eper[j].value, 1e-12);
	fx_clear(&f);
}

/*
 * Resampling the two images: a resample is both image 0 (kappa 1433/3456),
 * both image 1 (1/5) or one of each (473/1208), with chances 1/4, 1/4,
 * 1/2; in 1000 resamples each end holds far more than 2.5% of them, so the
 * percentile interval is exactly [1/5, 1433/3456], around the value.
 */
static void test_bootstrap(void)
{
	fixture f;
	tly_stats_bootstrap boot = TLY_STATS_BOOTSTRAP_INIT;
	tly_stat k, again, per[4];

	two_images(&f);
	CHECK_OK(tly_semantic_kappa(&k, per, 4, f.res, 2, &boot));
	CHECK_NEAR(k.value, 473.0 / 1208.0, 1e-12);
	CHECK_NEAR(k.ci95[0], 0.2, 1e-12);
	CHECK_NEAR(k.ci95[1], 1433.0 / 3456.0, 1e-12);
	CU_ASSERT(k.ci95[0] <= k.value && k.value <= k.ci95[1]);
	/* road's resamples of image 1 alone are undefined (no road rating) and skipped */
	CU_ASSERT(per[ROAD].ci95[0] <= per[ROAD].value && per[ROAD].value <= per[ROAD].ci95[1]);
	/* the same seed, the same interval */
	CHECK_OK(tly_semantic_kappa(&again, NULL, 4, f.res, 2, &boot));
	CU_ASSERT(memcmp(&again, &k, sizeof(k)) == 0);
	fx_clear(&f);
}

/* One voter: no pixel has two ratings, nothing is kept: undefined over n = 0. */
static void test_one_voter(void)
{
	fixture f;
	tly_stat k, per[4];
	tly_stats_bootstrap boot = TLY_STATS_BOOTSTRAP_INIT;

	fx_init(&f);
	add_image(&f, "a.png", 3, 2);
	tb_map(&f.ds, 0, A, 0, m0_a, 3, 2);
	fx_compute(&f);
	CU_ASSERT_EQUAL(f.res[0].kappa_pixels, 0);
	CU_ASSERT_EQUAL(f.res[0].n_kappa_classes, 0);
	CHECK_OK(tly_semantic_kappa(&k, per, 4, f.res, 1, &boot));
	CU_ASSERT(isnan(k.value) && isnan(k.ci95[0]) && isnan(k.ci95[1]));
	CU_ASSERT_EQUAL(k.n, 0);
	CU_ASSERT(isnan(per[BG].value) && per[BG].n == 0);
	fx_clear(&f);
}

/*
 * Every rating bg (A = B = bg everywhere but one pixel B ignores): Pe = 1,
 * the overall kappa is undefined over its 5 kept pixels; bg's share is 1
 * and the others' 0, so every class is undefined too.
 */
static void test_one_class(void)
{
	static const uint32_t a[6] = {0, 0, 0, 0, 0, 0}, b[6] = {0, 0, I, 0, 0, 0};
	fixture f;
	tly_stat k, per[4];
	size_t j;

	fx_init(&f);
	add_image(&f, "a.png", 3, 2);
	tb_map(&f.ds, 0, A, 0, a, 3, 2);
	tb_map(&f.ds, 0, B, 0, b, 3, 2);
	fx_compute(&f);
	CHECK_OK(tly_semantic_kappa(&k, per, 4, f.res, 1, NULL));
	CU_ASSERT(isnan(k.value));
	CU_ASSERT_EQUAL(k.n, 5);
	for (j = 0; j < 4; j++)
		CU_ASSERT(isnan(per[j].value) && per[j].n == 5);
	fx_clear(&f);
}

/*
 * Three voters agree on every pixel, two classes (0 0 1 | 1 1 0): every
 * P_i = 1, so P = 1 and kappa = (1 - Pe)/(1 - Pe) = 1; each class's
 * d_ij = 0, so kappa_j = 1 - 0 = 1 for bg and car; road and tree undefined.
 */
static void test_all_agree(void)
{
	static const uint32_t m[6] = {0, 0, 1, 1, 1, 0};
	fixture f;
	tly_stats_bootstrap boot = TLY_STATS_BOOTSTRAP_INIT;
	tly_stat k, per[4];

	fx_init(&f);
	add_image(&f, "a.png", 3, 2);
	tb_map(&f.ds, 0, A, 0, m, 3, 2);
	tb_map(&f.ds, 0, B, 0, m, 3, 2);
	tb_map(&f.ds, 0, C, 0, m, 3, 2);
	fx_compute(&f);
	CHECK_OK(tly_semantic_kappa(&k, per, 4, f.res, 1, &boot));
	CHECK_NEAR(k.value, 1.0, 0.0);
	CU_ASSERT_EQUAL(k.n, 6);
	/* one image: every resample is that image */
	CHECK_NEAR(k.ci95[0], 1.0, 0.0);
	CHECK_NEAR(k.ci95[1], 1.0, 0.0);
	CHECK_NEAR(per[BG].value, 1.0, 0.0);
	CHECK_NEAR(per[CAR].value, 1.0, 0.0);
	CU_ASSERT(isnan(per[ROAD].value) && isnan(per[TREE].value));
	fx_clear(&f);
}

/*
 * A gold map never rates: with A, B voting and G's gold map, the sums are
 * those of A and B alone (image 1's maps plus a gold map: N = 2, sum P = 1).
 */
static void test_gold_not_a_rater(void)
{
	static const uint32_t g[3] = {1, 1, 1};
	fixture f;

	fx_init(&f);
	add_image(&f, "b.png", 3, 1);
	tb_map(&f.ds, 0, A, 0, m1_a, 3, 1);
	tb_map(&f.ds, 0, B, 0, m1_b, 3, 1);
	tb_map(&f.ds, 0, G, 1, g, 3, 1);
	fx_compute(&f);
	CU_ASSERT_EQUAL(f.res[0].kappa_pixels, 2);
	CU_ASSERT_EQUAL(f.res[0].kappa_ratings, 4);
	CHECK_NEAR(f.res[0].kappa_agree, 1.0, 0.0);
	fx_clear(&f);
}

static void test_bad_arguments(void)
{
	tly_semantic_image_result r;
	tly_semantic_kappa_class row = {7, 2, 0.0};
	tly_stat k;

	CU_ASSERT_EQUAL(tly_semantic_kappa(NULL, NULL, 4, NULL, 0, NULL), TLY_EARG);
	CU_ASSERT_EQUAL(tly_semantic_kappa(&k, NULL, 4, NULL, 1, NULL), TLY_EARG);
	memset(&r, 0, sizeof(r));
	r.kappa_pixels = 1;
	r.kappa_ratings = 2;
	r.n_kappa_classes = 1;
	r.kappa_classes = &row;
	CU_ASSERT_EQUAL(tly_semantic_kappa(&k, NULL, 4, &r, 1, NULL), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "semantic_kappa: image 0: class 7 not below 4");
	/* no image: undefined over no pixel */
	CHECK_OK(tly_semantic_kappa(&k, NULL, 4, NULL, 0, NULL));
	CU_ASSERT(isnan(k.value) && k.n == 0);
}

TLY_TESTS("agree_semantic_kappa",
	  {"image_sums", test_image_sums},
	  {"one_image", test_one_image},
	  {"two_images", test_two_images},
	  {"bootstrap", test_bootstrap},
	  {"one_voter", test_one_voter},
	  {"one_class", test_one_class},
	  {"all_agree", test_all_agree},
	  {"gold_not_a_rater", test_gold_not_a_rater},
	  {"bad_arguments", test_bad_arguments})
