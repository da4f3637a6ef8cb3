/*
 * STAPLE for label maps (src/agree/semantic_staple.c, vote.mask staple): a
 * 4 x 3 scene of four voters whose per-class EM fixed point is worked by hand
 * (posteriors 0 or 1, so the rates are counts) and where STAPLE and the
 * plurality differ; the leave-one-out references; each voter's per-class
 * rates of the full fit on a 3 x 2 scene of three voters worked the same
 * way; identical results from a reused workspace and across the decoding
 * chunk; > 16 voters keep the plurality.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "agree/map_builder.h"
#include "tally/rules.h"
#include "tally/semantic.h"

#define I TLY_LABEL_IGNORE
#define NV_MAX 17

enum { A, B, C, D };

static const char *const ann_names[NV_MAX] = {"A", "B", "C", "D", "E", "F", "G", "H", "I",
					      "J", "K", "L", "M", "N", "O", "P", "Q"};
static const char *const cat_names[] = {"bg", "car", "road"};

/*
 * Pixels p0..p11 row-major (rows of four); the truth T = B = D:
 *   A = 0 0 0 0 | 1 2 1 1 | I 2 2 2
 *   B = 0 0 0 0 | 1 1 1 1 | 2 2 2 2
 *   C = 0 0 0 0 | 1 2 1 1 | 2 2 2 2
 *   D = 0 0 0 0 | 1 1 1 1 | 2 2 2 2
 */
static const uint32_t map_a[12] = {0, 0, 0, 0, 1, 2, 1, 1, I, 2, 2, 2};
static const uint32_t map_b[12] = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};
static const uint32_t map_c[12] = {0, 0, 0, 0, 1, 2, 1, 1, 2, 2, 2, 2};
static const uint32_t map_d[12] = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};

typedef struct {
	tly_dataset ds;
	tly_policy policy;
	tly_agree_context ctx;
	tly_semantic_workspace *ws;
} fixture;

static void fx_init(fixture *f, size_t n_ann, int staple)
{
	memset(f, 0, sizeof(*f));
	tb_init(&f->ds, ann_names, n_ann, cat_names, 3);
	tly_policy_init_defaults(&f->policy);
	if (staple)
		f->policy.mask = TLY_MASK_STAPLE;
}

static void fx_ready(fixture *f)
{
	CHECK_OK(tly_agree_context_init(&f->ctx, &f->ds, &f->policy));
	CHECK_OK(tly_semantic_workspace_new(&f->ws));
}

static void fx_clear(fixture *f)
{
	tly_semantic_workspace_free(f->ws);
	tly_agree_context_clear(&f->ctx);
	tb_maps_clear(&f->ds);
	tly_dataset_clear(&f->ds);
}

static void scene(fixture *f, int staple)
{
	uint32_t im;

	fx_init(f, 4, staple);
	im = tb_image(&f->ds, "scene.png");
	f->ds.images[im].width = 4;
	f->ds.images[im].height = 3;
	tb_map(&f->ds, im, A, 0, map_a, 4, 3);
	tb_map(&f->ds, im, B, 0, map_b, 4, 3);
	tb_map(&f->ds, im, C, 0, map_c, 4, 3);
	tb_map(&f->ds, im, D, 0, map_d, 4, 3);
	fx_ready(f);
}

static void check_pixels(const tly_labelmap *m, const uint32_t *want, size_t n)
{
	uint32_t px[16];
	size_t i;

	CU_ASSERT_FATAL(n <= 16);
	tb_decode(px, n, m);
	for (i = 0; i < n; i++) {
		if (px[i] != want[i])
			fprintf(stderr, "pixel %zu: %u, expected %u\n", i, px[i], want[i]);
		CU_ASSERT_EQUAL(px[i], want[i]);
	}
}

static const tly_pixel_counts *find_counts(const tly_semantic_image_result *r, uint32_t a, uint32_t c)
{
	size_t i;

	for (i = 0; i < r->n_counts; i++)
		if (r->counts[i].annotator == a && r->counts[i].ref == TLY_REF_CONSENSUS &&
		    r->counts[i].category == c)
			return &r->counts[i];
	return NULL;
}

static void check_counts(const tly_semantic_image_result *r, uint32_t a, uint32_t c, uint64_t tp,
			 uint64_t fp, uint64_t fn)
{
	const tly_pixel_counts *pc = find_counts(r, a, c);

	CU_ASSERT_PTR_NOT_NULL_FATAL(pc);
	CU_ASSERT_EQUAL(pc->tp, tp);
	CU_ASSERT_EQUAL(pc->fp, fp);
	CU_ASSERT_EQUAL(pc->fn, fn);
}

/*
 * The STAPLE rates row of (annotator A, class C) in R: its pixels in and out,
 * and sensitivity x in, specificity x out within 1e-8 (EM stops once no rate
 * moves by more than 1e-10: the rates are within about that of the fixed point).
 */
static void check_rate(const tly_semantic_image_result *r, size_t row, uint32_t a, uint32_t c, uint64_t in,
		       uint64_t out, double sens_in, double spec_out)
{
	const tly_semantic_staple_rate *x;

	CU_ASSERT_FATAL(row < r->n_staple_rates);
	x = &r->staple_rates[row];
	CU_ASSERT_EQUAL(x->image, r->image);
	CU_ASSERT_EQUAL(x->annotator, a);
	CU_ASSERT_EQUAL(x->category, c);
	CU_ASSERT_EQUAL(x->pixels_in, in);
	CU_ASSERT_EQUAL(x->pixels_out, out);
	CHECK_NEAR(x->sens_in, sens_in, 1e-8);
	CHECK_NEAR(x->spec_out, spec_out, 1e-8);
}

/*
 * Per class c the binary problem "is c" (ignore is "not c"); bits A, B, C, D.
 * Priors = mean coverage: bg (4 + 4 + 4 + 4) / 48 = 1/3; car (3 + 4 + 3 + 4)
 * / 48 = 7/24; road (4 + 4 + 5 + 4) / 48 = 17/48.
 * Fixed point with the truth T as the consensus (posteriors 0 or 1), the rates
 * are counts against T:
 *   bg:   all four sensitivity 4/4, specificity 8/8 (every map agrees).
 *   car (T = p4..p7): A 3/4, 8/8; B 4/4, 8/8; C 3/4, 8/8; D 4/4, 8/8.
 *   road (T = p8..p11): A marks p5 p9 p10 p11: 3/4, 7/8; B 4/4, 8/8;
 *         C marks p5 p8..p11: 4/4, 7/8; D 4/4, 8/8.
 * It is a fixed point: every pattern's posterior is 0 or 1 again. W(in) has a
 * factor 1 - sensitivity of each rater not marking, W(out) 1 - specificity of
 * each rater marking: car at p5 {B, D}: out has 1 - spec B = 0 -> W = 1;
 * road at p5 {A, C}: in has 1 - sens B = 0 -> W = 0; road at p8 {B, C, D}:
 * out has 1 - spec B = 0 -> W = 1; the patterns shared by all or none of
 * B and D likewise. So the consensus is T, confidence 255 everywhere.
 * An independent dense per-pixel EM (start 0.99, same stopping rule) reaches
 * the same rates (bg after 3 iterations, car 10, road 9), posteriors within
 * 1e-13 of 0 or 1.
 * The plurality differs: p5 is 2 (A, C) to 2 (B, D): tied -> I, 0; p8 is
 * 2 (B, C, D) of 4 -> conf round(255 * 3/4) = 191.
 */
static const uint32_t want_truth[12] = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};
static const uint32_t want_255[12] = {255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255};
static const uint32_t want_plural[12] = {0, 0, 0, 0, 1, I, 1, 1, 2, 2, 2, 2};
static const uint32_t want_plural_conf[12] = {255, 255, 255, 255, 255, 0, 255, 255, 191, 255, 255, 255};

static void test_worked(void)
{
	fixture f;
	tly_semantic_image_result r = {0};

	scene(&f, 1);
	CHECK_OK(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[0], 0));
	CU_ASSERT_EQUAL_FATAL(r.has_cons, 1);
	CU_ASSERT_EQUAL(r.cons.voters, 4);
	CU_ASSERT_EQUAL(r.cons.tied_pixels, 0);
	CU_ASSERT_EQUAL(r.cons.map.n, 3);
	CU_ASSERT_EQUAL(r.cons.confidence.n, 1);
	check_pixels(&r.cons.map, want_truth, 12);
	check_pixels(&r.cons.confidence, want_255, 12);
	tly_semantic_image_result_clear(&r);
	fx_clear(&f);

	scene(&f, 0);
	CHECK_OK(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[0], 0));
	CU_ASSERT_EQUAL(r.cons.tied_pixels, 1);
	check_pixels(&r.cons.map, want_plural, 12);
	check_pixels(&r.cons.confidence, want_plural_conf, 12);
	tly_semantic_image_result_clear(&r);
	fx_clear(&f);
}

/*
 * Leave-one-out references (three voters each, STAPLE too):
 *   R_A (B, C, D) and R_C (A, B, D) = T: the fixed point of the scene with
 *   the left-out rater's rates dropped (B and D still perfect).
 *   R_B (A, C, D) and R_D (A, B, C): the two others of p5 say road. R_B:
 *   with T' = T but p5 road, car: A 3/3, 9/9; C 3/3, 9/9; D (p4..p7)
 *   3/3, 8/9; road: A marks p5 p9 p10
 *   p11: 4/5, 7/7; C 5/5, 7/7; D p8..p11: 4/5, 7/7. Posteriors: car at p5
 *   {D}: in has 1 - sens A = 0 -> 0; road at p5 {A, C}: out has 1 - spec A
 *   = 0 -> 1; road at p8 {C, D}: out has 1 - spec C = 0 -> 1. R_D likewise
 *   with B in D's place (A ignores p8 in both; C marks it).
 * The rates kept are the full fit's (test_worked's), not the last
 * leave-one-out fit's (R_D: road would be in 5 pixels, C 5/5): 4 voters x
 * 3 classes, e.g. C road: in 4, out 8, sensitivity 4/4 -> 4, specificity
 * 7/8 -> 7; A car 3/4 -> 3 of 4, 8/8 -> 8 of 8.
 * Audits against them (every pixel counted, no reference ignore):
 *   A vs T: p5 road for car (car fn, road fp), p8 I for road (road fn): 10/12;
 *   car 3/0/1, road 3/1/1, bg 4/0/0.
 *   B vs R_B: p5 car for road: 11/12; car 3/1/0 (R_B car p4 p6 p7), road
 *   4/0/1 (R_B road p5 p8..p11); C vs T: p5 road for car: 11/12;
 *   D vs R_D: 11/12.
 */
static const uint32_t want_p5_road[12] = {0, 0, 0, 0, 1, 2, 1, 1, 2, 2, 2, 2};

static void test_leave_one_out(void)
{
	static const uint64_t correct[4] = {10, 11, 11, 11};
	const uint32_t *want[4] = {want_truth, want_p5_road, want_truth, want_p5_road};
	fixture f;
	tly_semantic_image_result r = {0};
	tly_cons_map cm;
	uint32_t a;

	scene(&f, 1);
	for (a = A; a <= D; a++) {
		CU_ASSERT_EQUAL(tly_semantic_consensus(&cm, f.ws, &f.ctx, &f.ds.images[0], 0, a, NULL), 3);
		check_pixels(&cm.map, want[a], 12);
		check_pixels(&cm.confidence, want_255, 12);
		tly_labelmap_clear(&cm.map);
		tly_labelmap_clear(&cm.confidence);
	}
	CHECK_OK(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[0], 0));
	CU_ASSERT_EQUAL_FATAL(r.n_audits, 4);
	for (a = A; a <= D; a++) {
		CU_ASSERT_EQUAL(r.audits[a].annotator, a);
		CU_ASSERT_EQUAL(r.audits[a].ref, TLY_REF_CONSENSUS);
		CU_ASSERT_EQUAL(r.audits[a].correct, correct[a]);
		CU_ASSERT_EQUAL(r.audits[a].total, 12);
	}
	check_counts(&r, A, 0, 4, 0, 0);
	check_counts(&r, A, 1, 3, 0, 1);
	check_counts(&r, A, 2, 3, 1, 1);
	check_counts(&r, B, 1, 3, 1, 0);
	check_counts(&r, B, 2, 4, 0, 1);
	/* rows by (annotator, class): A's bg car road at 0 1 2, C's road at 8 */
	CU_ASSERT_EQUAL(r.n_staple_rates, 12);
	check_rate(&r, 1, A, 1, 4, 8, 3, 8);
	check_rate(&r, 2, A, 2, 4, 8, 3, 7);
	check_rate(&r, 8, C, 2, 4, 8, 4, 7);
	check_rate(&r, 11, D, 2, 4, 8, 4, 8);
	tly_semantic_image_result_clear(&r);
	fx_clear(&f);
}

/*
 * Per-class rates on a 3 x 2 image (rows p0 p1 p2 | p3 p4 p5), classes bg
 * (0) and car (1), three voters:
 *   A = 0 0 0 | 0 1 1
 *   B = 0 0 1 | 0 1 1
 *   C = 0 I 0 | 1 1 I
 * Priors (mean coverage): bg (4 + 3 + 2) / 18 = 1/2, car (2 + 3 + 2) / 18 =
 * 7/18. Fixed point with truth = A's map (posteriors 0 or 1, so the rates
 * are counts against it; A's are 1, which makes every pattern A marks W = 1
 * (the "out" side has the factor 1 - spec A = 0) and every other W = 0 (the
 * "in" side has 1 - sens A = 0)):
 *   bg (truth p0..p3, in 4, out 2): B marks p0 p1 p3: sensitivity 3/4,
 *     specificity 2/2; C marks p0 p2: 2/4, 2/2 (its ignore at p5 is not bg).
 *   car (truth p4 p5, in 2, out 4): B marks p2 p4 p5: 2/2, 3/4; C marks p3
 *     p4: 1/2, 3/4.
 * Rows (sensitivity x in, specificity x out):
 *   A bg 4, 2; A car 2, 4; B bg 3, 2; B car 2, 3; C bg 2, 2; C car 1, 3.
 * An independent dense per-pixel EM (start 0.99, stop when no rate moves more
 * than 1e-10) reaches these (bg after 6 iterations, car 100). The consensus
 * is A's map, confidence 255. The same image voted by the plurality in the
 * same workspace afterwards keeps no rates.
 */
static void test_rates(void)
{
	static const uint32_t a[6] = {0, 0, 0, 0, 1, 1}, b[6] = {0, 0, 1, 0, 1, 1}, c[6] = {0, I, 0, 1, 1, I};
	static const uint32_t want_conf[6] = {255, 255, 255, 255, 255, 255};
	fixture f;
	tly_policy plural;
	tly_agree_context ctx2;
	tly_semantic_image_result r = {0};
	uint32_t im;

	fx_init(&f, 3, 1);
	im = tb_image(&f.ds, "tiny.png");
	f.ds.images[im].width = 3;
	f.ds.images[im].height = 2;
	tb_map(&f.ds, im, A, 0, a, 3, 2);
	tb_map(&f.ds, im, B, 0, b, 3, 2);
	tb_map(&f.ds, im, C, 0, c, 3, 2);
	fx_ready(&f);
	CHECK_OK(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[im], im));
	check_pixels(&r.cons.map, a, 6);
	check_pixels(&r.cons.confidence, want_conf, 6);
	CU_ASSERT_EQUAL_FATAL(r.n_staple_rates, 6);
	check_rate(&r, 0, A, 0, 4, 2, 4, 2);
	check_rate(&r, 1, A, 1, 2, 4, 2, 4);
	check_rate(&r, 2, B, 0, 4, 2, 3, 2);
	check_rate(&r, 3, B, 1, 2, 4, 2, 3);
	check_rate(&r, 4, C, 0, 4, 2, 2, 2);
	check_rate(&r, 5, C, 1, 2, 4, 1, 3);
	tly_policy_init_defaults(&plural);
	CHECK_OK(tly_agree_context_init(&ctx2, &f.ds, &plural));
	CHECK_OK(tly_semantic_image(&r, f.ws, &ctx2, &f.ds.images[im], im));
	CU_ASSERT_EQUAL(r.n_staple_rates, 0);
	CU_ASSERT_PTR_NULL(r.staple_rates);
	tly_agree_context_clear(&ctx2);
	tly_semantic_image_result_clear(&r);
	fx_clear(&f);
}

static int same_map(const tly_labelmap *x, const tly_labelmap *y)
{
	return x->w == y->w && x->h == y->h && x->n == y->n &&
	       !memcmp(x->value, y->value, x->n * sizeof(*x->value)) &&
	       !memcmp(x->len, y->len, x->n * sizeof(*x->len));
}

/*
 * A 400 x 300 image (120000 pixels) whose voters alternate classes every
 * pixel, so its segments cross the 65536-segment chunk: B, C, D give bg on
 * even pixels and car on odd ones, A too except road on the last pixel.
 * Fixed point: bg and car have every rater perfect except A's one car
 * pixel (sensitivity 59999/60000); B's specificity 1 makes every pattern B
 * marks W = 1 and B's sensitivity 1 every other W = 0. Road: only A marks
 * it, one pixel of 120000 (prior 1/480000), against three raters leaving
 * it: its posterior stays below 1/2. So the consensus is B's map,
 * confidence 255 everywhere. The result is the same from a fresh workspace,
 * a reused one, and after another image in it.
 */
static void test_determinism(void)
{
	enum { W = 400, H = 300, N = W * H };
	static uint32_t px[N], pa[N], got[N];
	tly_semantic_image_result r1 = {0}, r2 = {0}, r3 = {0}, other = {0};
	tly_semantic_workspace *ws2 = NULL;
	fixture f;
	uint32_t im, im2;
	size_t i;

	for (i = 0; i < N; i++)
		px[i] = pa[i] = (uint32_t)(i & 1);
	pa[N - 1] = 2;
	fx_init(&f, 4, 1);
	im = tb_image(&f.ds, "big.png");
	f.ds.images[im].width = W;
	f.ds.images[im].height = H;
	tb_map(&f.ds, im, A, 0, pa, W, H);
	tb_map(&f.ds, im, B, 0, px, W, H);
	tb_map(&f.ds, im, C, 0, px, W, H);
	tb_map(&f.ds, im, D, 0, px, W, H);
	im2 = tb_image(&f.ds, "scene.png");
	f.ds.images[im2].width = 4;
	f.ds.images[im2].height = 3;
	tb_map(&f.ds, im2, A, 0, map_a, 4, 3);
	tb_map(&f.ds, im2, B, 0, map_b, 4, 3);
	tb_map(&f.ds, im2, C, 0, map_c, 4, 3);
	fx_ready(&f);
	CHECK_OK(tly_semantic_workspace_new(&ws2));
	CHECK_OK(tly_semantic_image(&r1, f.ws, &f.ctx, &f.ds.images[im], im));
	CHECK_OK(tly_semantic_image(&other, f.ws, &f.ctx, &f.ds.images[im2], im2));
	CHECK_OK(tly_semantic_image(&r2, f.ws, &f.ctx, &f.ds.images[im], im));
	CHECK_OK(tly_semantic_image(&r3, ws2, &f.ctx, &f.ds.images[im], im));
	tb_decode(got, N, &r1.cons.map);
	CU_ASSERT(!memcmp(got, px, sizeof(px)));
	CU_ASSERT_EQUAL(r1.cons.confidence.n, 1);
	CU_ASSERT_EQUAL(r1.cons.confidence.value[0], 255);
	CU_ASSERT(same_map(&r1.cons.map, &r2.cons.map));
	CU_ASSERT(same_map(&r1.cons.map, &r3.cons.map));
	CU_ASSERT(same_map(&r1.cons.confidence, &r2.cons.confidence));
	CU_ASSERT(same_map(&r1.cons.confidence, &r3.cons.confidence));
	CU_ASSERT_EQUAL_FATAL(r1.n_audits, r2.n_audits);
	CU_ASSERT(!memcmp(r1.audits, r2.audits, r1.n_audits * sizeof(*r1.audits)));
	CU_ASSERT_EQUAL_FATAL(r1.n_counts, r3.n_counts);
	CU_ASSERT(!memcmp(r1.counts, r3.counts, r1.n_counts * sizeof(*r1.counts)));
	/* 4 voters x 3 classes, the same bytes from every workspace */
	CU_ASSERT_EQUAL_FATAL(r1.n_staple_rates, 12);
	CU_ASSERT_EQUAL_FATAL(r2.n_staple_rates, 12);
	CU_ASSERT_EQUAL_FATAL(r3.n_staple_rates, 12);
	CU_ASSERT(!memcmp(r1.staple_rates, r2.staple_rates, 12 * sizeof(*r1.staple_rates)));
	CU_ASSERT(!memcmp(r1.staple_rates, r3.staple_rates, 12 * sizeof(*r1.staple_rates)));
	tly_semantic_image_result_clear(&r1);
	tly_semantic_image_result_clear(&r2);
	tly_semantic_image_result_clear(&r3);
	tly_semantic_image_result_clear(&other);
	tly_semantic_workspace_free(ws2);
	fx_clear(&f);
}

/*
 * 17 voters (over TLY_RLE_MAX_PATTERN_MASKS): the image keeps the plurality.
 * 2 x 1 map: p0 has 9 voters bg and 8 car -> bg, round(255 * 9/17) = 135;
 * p1 has 8 bg, 8 car and one ignore -> tied, I, 0.
 */
static void test_over_sixteen(void)
{
	static const uint32_t want[2] = {0, I}, want_conf[2] = {135, 0};
	fixture f;
	tly_semantic_image_result r = {0};
	uint32_t im, a, m[2];

	fx_init(&f, NV_MAX, 1);
	im = tb_image(&f.ds, "many.png");
	f.ds.images[im].width = 2;
	f.ds.images[im].height = 1;
	for (a = 0; a < NV_MAX; a++) {
		m[0] = a < 9 ? 0 : 1;
		m[1] = a < 8 ? 0 : a < 16 ? 1 : I;
		tb_map(&f.ds, im, a, 0, m, 2, 1);
	}
	fx_ready(&f);
	CHECK_OK(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[im], im));
	CU_ASSERT_EQUAL(r.voters, NV_MAX);
	check_pixels(&r.cons.map, want, 2);
	check_pixels(&r.cons.confidence, want_conf, 2);
	CU_ASSERT_EQUAL(r.cons.tied_pixels, 1);
	CU_ASSERT_EQUAL(r.n_staple_rates, 0);
	tly_semantic_image_result_clear(&r);
	fx_clear(&f);
}

TLY_TESTS("agree_semantic_staple", {"worked fixed point, unlike the plurality", test_worked},
	  {"leave-one-out references", test_leave_one_out},
	  {"per-class rates of the full fit", test_rates},
	  {"deterministic across chunks and workspaces", test_determinism},
	  {"over 16 voters keep the plurality", test_over_sixteen})
