/*
 * The semantic vote of one image (src/agree/semantic*.c) on maps small
 * enough to work by hand: consensus, ties, confidence, pair mIoU, image
 * agreement, every tp/fp/fn against the leave-one-out consensus and gold;
 * maps crossing the decoding chunk; degenerate and inconsistent images.
 */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "agree/map_builder.h"
#include "tally/rules.h"
#include "tally/semantic.h"

#define I TLY_LABEL_IGNORE

enum { A, B, C, G };            /* annotators; G gives gold maps */
enum { BG, CAR, ROAD, TREE };   /* categories */

static const char *const ann_names[] = {"A", "B", "C", "G"};
static const char *const cat_names[] = {"bg", "car", "road", "tree"};

/*
 * The 4 x 3 scene, pixels p = 0..11 row-major (rows of four):
 *   A = 0 0 1 1 | 0 1 I 1 | 2 I 2 I
 *   B = 0 0 1 1 | 0 0 1 1 | 2 I 1 I
 *   C = 0 1 1 I | 0 2 2 1 | 2 I 2 2
 *   G = 0 0 1 1 | 0 0 1 1 | 2 2 2 2   (gold)
 */
static const uint32_t map_a[12] = {0, 0, 1, 1, 0, 1, I, 1, 2, I, 2, I};
static const uint32_t map_b[12] = {0, 0, 1, 1, 0, 0, 1, 1, 2, I, 1, I};
static const uint32_t map_c[12] = {0, 1, 1, I, 0, 2, 2, 1, 2, I, 2, 2};
static const uint32_t map_g[12] = {0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 2, 2};

typedef struct {
	tly_dataset ds;
	tly_policy policy;
	tly_agree_context ctx;
	tly_semantic_workspace *ws;
} fixture;

static void fx_init(fixture *f)
{
	memset(f, 0, sizeof(*f));
	tb_init(&f->ds, ann_names, 4, cat_names, 4);
	tly_policy_init_defaults(&f->policy);
}

/* Build the context once the images are in. */
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

/* The 4 x 3 scene as image 0 (image size 4 x 3); with or without the gold map. */
static void scene(fixture *f, int gold)
{
	uint32_t im;

	fx_init(f);
	im = tb_image(&f->ds, "scene.png");
	f->ds.images[im].width = 4;
	f->ds.images[im].height = 3;
	if (gold)
		tb_map(&f->ds, im, G, 1, map_g, 4, 3);
	tb_map(&f->ds, im, C, 0, map_c, 4, 3);
	tb_map(&f->ds, im, A, 0, map_a, 4, 3);
	tb_map(&f->ds, im, B, 0, map_b, 4, 3);
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

/* The counts row of (annotator, ref, category), or NULL. */
static const tly_pixel_counts *find_counts(const tly_semantic_image_result *r, uint32_t a,
					   tly_reference ref, uint32_t c)
{
	size_t i;

	for (i = 0; i < r->n_counts; i++)
		if (r->counts[i].annotator == a && r->counts[i].ref == ref && r->counts[i].category == c)
			return &r->counts[i];
	return NULL;
}

static void check_counts(const tly_semantic_image_result *r, uint32_t a, tly_reference ref, uint32_t c,
			 uint64_t tp, uint64_t fp, uint64_t fn)
{
	const tly_pixel_counts *pc = find_counts(r, a, ref, c);

	CU_ASSERT_PTR_NOT_NULL_FATAL(pc);
	if (pc->tp != tp || pc->fp != fp || pc->fn != fn)
		fprintf(stderr, "counts (%u, %d, %u): %llu/%llu/%llu, expected %llu/%llu/%llu\n", a, (int)ref,
			c, (unsigned long long)pc->tp, (unsigned long long)pc->fp,
			(unsigned long long)pc->fn, (unsigned long long)tp, (unsigned long long)fp,
			(unsigned long long)fn);
	CU_ASSERT_EQUAL(pc->tp, tp);
	CU_ASSERT_EQUAL(pc->fp, fp);
	CU_ASSERT_EQUAL(pc->fn, fn);
}

static void check_audit(const tly_pixel_audit *au, uint32_t a, tly_reference ref, uint64_t correct,
			uint64_t total)
{
	CU_ASSERT_EQUAL(au->annotator, a);
	CU_ASSERT_EQUAL(au->ref, ref);
	CU_ASSERT_EQUAL(au->images, 1);
	CU_ASSERT_EQUAL(au->correct, correct);
	CU_ASSERT_EQUAL(au->total, total);
}

/*
 * Consensus of A, B, C per pixel (votes; conf = round(255 * votes / 3)):
 *   p0 0 0 0 -> 0 (3) 255    p4 0 0 0 -> 0 (3) 255    p8  2 2 2 -> 2 (3) 255
 *   p1 0 0 1 -> 0 (2) 170    p5 1 0 2 -> tie: I, 0    p9  I I I -> I (no vote) 0
 *   p2 1 1 1 -> 1 (3) 255    p6 I 1 2 -> tie: I, 0    p10 2 1 2 -> 2 (2) 170
 *   p3 1 1 I -> 1 (2) 170    p7 1 1 1 -> 1 (3) 255    p11 I I 2 -> 2 (1) 85
 * Two tied pixels (p5, p6). As runs: 0x2 1x2 0x1 Ix2 1x1 2x1 Ix1 2x2 = 8
 * runs; confidence 255 170 255 170 255 0x2 255x2 0 170 85 = 10 runs.
 */
static const uint32_t want_cons[12] = {0, 0, 1, 1, 0, I, I, 1, 2, I, 2, 2};
static const uint32_t want_conf[12] = {255, 170, 255, 170, 255, 0, 0, 255, 255, 0, 170, 85};

static void test_consensus(void)
{
	fixture f;
	tly_semantic_image_result r = {0};

	scene(&f, 1);
	CHECK_OK(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[0], 0));
	CU_ASSERT_EQUAL(r.image, 0);
	CU_ASSERT_EQUAL(r.voters, 3);
	CU_ASSERT_EQUAL(r.skipped, 0);
	CU_ASSERT_EQUAL_FATAL(r.has_cons, 1);
	CU_ASSERT_EQUAL(r.cons.image, 0);
	CU_ASSERT_EQUAL(r.cons.voters, 3);
	CU_ASSERT_EQUAL(r.cons.panoptic, 0);
	CU_ASSERT_EQUAL(r.cons.tied_pixels, 2);
	CU_ASSERT_EQUAL(r.cons.map.w, 4);
	CU_ASSERT_EQUAL(r.cons.map.h, 3);
	CU_ASSERT_EQUAL(r.cons.map.n, 8);
	CU_ASSERT_EQUAL(r.cons.confidence.n, 10);
	check_pixels(&r.cons.map, want_cons, 12);
	check_pixels(&r.cons.confidence, want_conf, 12);
	tly_semantic_image_result_clear(&r);
	fx_clear(&f);
}

/*
 * Pixels per class: A 0:3 (p0 p1 p4), 1:4 (p2 p3 p5 p7), 2:2 (p8 p10);
 * B 0:4 (p0 p1 p4 p5), 1:5 (p2 p3 p6 p7 p10), 2:1 (p8);
 * C 0:2 (p0 p4), 1:3 (p1 p2 p7), 2:5 (p5 p6 p8 p10 p11).
 * Same non-ignore value (intersection) and union = |x| + |y| - inter:
 *   A,B: 0: 3 (p0 p1 p4) / 4, 1: 3 (p2 p3 p7) / 6, 2: 1 (p8) / 2
 *        mIoU = (3/4 + 1/2 + 1/2) / 3 = 7/12
 *   A,C: 0: 2 / 3, 1: 2 (p2 p7) / 5, 2: 2 (p8 p10) / 5
 *        mIoU = (2/3 + 2/5 + 2/5) / 3 = 22/45
 *   B,C: 0: 2 / 4, 1: 2 / 6, 2: 1 / 5
 *        mIoU = (1/2 + 1/3 + 1/5) / 3 = 31/90
 * Image agreement = (7/12 + 22/45 + 31/90) / 3 = (105 + 88 + 62) / 540 = 17/36.
 */
static void test_pairs(void)
{
	static const uint32_t want[9][5] = {
		{A, B, 0, 3, 4}, {A, B, 1, 3, 6}, {A, B, 2, 1, 2},
		{A, C, 0, 2, 3}, {A, C, 1, 2, 5}, {A, C, 2, 2, 5},
		{B, C, 0, 2, 4}, {B, C, 1, 2, 6}, {B, C, 2, 1, 5},
	};
	fixture f;
	tly_semantic_image_result r = {0};
	size_t i;

	scene(&f, 1);
	CHECK_OK(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[0], 0));
	CU_ASSERT_EQUAL_FATAL(r.n_pairs, 3);
	CU_ASSERT_EQUAL(r.pairs[0].a, A);
	CU_ASSERT_EQUAL(r.pairs[0].b, B);
	CU_ASSERT_EQUAL(r.pairs[1].a, A);
	CU_ASSERT_EQUAL(r.pairs[1].b, C);
	CU_ASSERT_EQUAL(r.pairs[2].a, B);
	CU_ASSERT_EQUAL(r.pairs[2].b, C);
	for (i = 0; i < 3; i++)
		CU_ASSERT_EQUAL(r.pairs[i].images, 1);
	CHECK_NEAR(r.pairs[0].miou, 7.0 / 12.0, 1e-12);
	CHECK_NEAR(r.pairs[1].miou, 22.0 / 45.0, 1e-12);
	CHECK_NEAR(r.pairs[2].miou, 31.0 / 90.0, 1e-12);
	CHECK_NEAR(r.agreement, 17.0 / 36.0, 1e-12);
	CU_ASSERT_EQUAL_FATAL(r.n_pair_classes, 9);
	for (i = 0; i < 9; i++) {
		CU_ASSERT_EQUAL(r.pair_classes[i].a, want[i][0]);
		CU_ASSERT_EQUAL(r.pair_classes[i].b, want[i][1]);
		CU_ASSERT_EQUAL(r.pair_classes[i].category, want[i][2]);
		CU_ASSERT_EQUAL(r.pair_classes[i].inter, want[i][3]);
		CU_ASSERT_EQUAL(r.pair_classes[i].uni, want[i][4]);
	}
	tly_semantic_image_result_clear(&r);
	fx_clear(&f);
}

/*
 * Against gold G (no ignore: 12 counted pixels each):
 *   A: p5 1 vs 0 (fn0, fp1); p6 I vs 1 (fn1); p9, p11 I vs 2 (fn2); the rest equal.
 *      0: tp 3 fp 0 fn 1;  1: tp 3 fp 1 fn 1;  2: tp 2 fp 0 fn 2;  correct 8.
 *      IoU 0 = 3/4, Dice 6/7; IoU 1 = 3/5, Dice 3/4; IoU 2 = 1/2, Dice 2/3; accuracy 2/3.
 *   B: p0-p8 equal (0: p0 p1 p4 p5, 1: p2 p3 p6 p7, 2: p8); p9, p11 I vs 2 (fn2);
 *      p10 1 vs 2 (fn2, fp1).  0: 4/0/0;  1: 4/1/0;  2: 1/0/3;  correct 9.
 *   C: p1 1 vs 0 (fn0 fp1); p3 I vs 1 (fn1); p5 2 vs 0 (fn0 fp2); p6 2 vs 1 (fn1 fp2);
 *      p9 I vs 2 (fn2).  0: 2/0/2;  1: 2/1/2;  2: 3/2/1;  correct 7.
 */
static void test_gold(void)
{
	fixture f;
	tly_semantic_image_result r = {0};

	scene(&f, 1);
	CHECK_OK(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[0], 0));
	check_counts(&r, A, TLY_REF_GOLD, BG, 3, 0, 1);
	check_counts(&r, A, TLY_REF_GOLD, CAR, 3, 1, 1);
	check_counts(&r, A, TLY_REF_GOLD, ROAD, 2, 0, 2);
	check_counts(&r, B, TLY_REF_GOLD, BG, 4, 0, 0);
	check_counts(&r, B, TLY_REF_GOLD, CAR, 4, 1, 0);
	check_counts(&r, B, TLY_REF_GOLD, ROAD, 1, 0, 3);
	check_counts(&r, C, TLY_REF_GOLD, BG, 2, 0, 2);
	check_counts(&r, C, TLY_REF_GOLD, CAR, 2, 1, 2);
	check_counts(&r, C, TLY_REF_GOLD, ROAD, 3, 2, 1);
	CU_ASSERT_EQUAL_FATAL(r.n_audits, 6);
	check_audit(&r.audits[1], A, TLY_REF_GOLD, 8, 12);
	check_audit(&r.audits[3], B, TLY_REF_GOLD, 9, 12);
	check_audit(&r.audits[5], C, TLY_REF_GOLD, 7, 12);
	/* the derived figures of A's rows, as the report will compute them */
	{
		const tly_pixel_counts *c1 = find_counts(&r, A, TLY_REF_GOLD, CAR);

		CHECK_NEAR((double)c1->tp / (double)(c1->tp + c1->fp + c1->fn), 3.0 / 5.0, 1e-12);
		CHECK_NEAR(2.0 * (double)c1->tp / (double)(2 * c1->tp + c1->fp + c1->fn), 0.75, 1e-12);
		CHECK_NEAR((double)r.audits[1].correct / (double)r.audits[1].total, 2.0 / 3.0, 1e-12);
	}
	tly_semantic_image_result_clear(&r);
	fx_clear(&f);
}

/*
 * Leave-one-out references (the other two vote; one value each way ties):
 *   R_A (B, C) = 0 I 1 1 | 0 I I 1 | 2 I I 2   counted p0 p2 p3 p4 p7 p8 p11 (7)
 *     A: p11 I vs 2 (fn2), the rest equal.  0: 2/0/0;  1: 3/0/0;  2: 1/0/1;  correct 6.
 *   R_B (A, C) = 0 I 1 1 | 0 I 2 1 | 2 I 2 2   counted p0 p2 p3 p4 p6 p7 p8 p10 p11 (9)
 *     B: p6, p10 1 vs 2 (fn2, fp1 each); p11 I vs 2 (fn2).  0: 2/0/0;  1: 3/2/0;  2: 1/0/3;  correct 6.
 *   R_C (A, B) = 0 0 1 1 | 0 I 1 1 | 2 I I I   counted p0-p4 p6-p8 (8)
 *     C: p1 1 vs 0 (fn0 fp1); p3 I vs 1 (fn1); p6 2 vs 1 (fn1 fp2).
 *     0: 2/0/1;  1: 2/1/2;  2: 1/1/0;  correct 5.
 * Rows come by (annotator, ref, category): 3 voters x 2 references x 3
 * classes, each with a non-zero count (gold above): 18 rows; tree has none.
 */
static void test_leave_one_out(void)
{
	fixture f;
	tly_semantic_image_result r = {0};

	scene(&f, 1);
	CHECK_OK(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[0], 0));
	check_counts(&r, A, TLY_REF_CONSENSUS, BG, 2, 0, 0);
	check_counts(&r, A, TLY_REF_CONSENSUS, CAR, 3, 0, 0);
	check_counts(&r, A, TLY_REF_CONSENSUS, ROAD, 1, 0, 1);
	check_counts(&r, B, TLY_REF_CONSENSUS, BG, 2, 0, 0);
	check_counts(&r, B, TLY_REF_CONSENSUS, CAR, 3, 2, 0);
	check_counts(&r, B, TLY_REF_CONSENSUS, ROAD, 1, 0, 3);
	check_counts(&r, C, TLY_REF_CONSENSUS, BG, 2, 0, 1);
	check_counts(&r, C, TLY_REF_CONSENSUS, CAR, 2, 1, 2);
	check_counts(&r, C, TLY_REF_CONSENSUS, ROAD, 1, 1, 0);
	CU_ASSERT_EQUAL(find_counts(&r, A, TLY_REF_CONSENSUS, TREE), NULL);
	CU_ASSERT_EQUAL(r.n_counts, 18);
	CU_ASSERT_EQUAL_FATAL(r.n_audits, 6);
	check_audit(&r.audits[0], A, TLY_REF_CONSENSUS, 6, 7);
	check_audit(&r.audits[2], B, TLY_REF_CONSENSUS, 6, 9);
	check_audit(&r.audits[4], C, TLY_REF_CONSENSUS, 5, 8);
	tly_semantic_image_result_clear(&r);
	fx_clear(&f);
}

/*
 * tly_semantic_consensus leaving C out gives R_C above, voted by 2:
 * conf = 255 where both agree (p0-p4, p7, p8), round(255/2) = 128 where
 * one voter alone labels it (p6: A ignores), 0 on ignore; ties p5 (1/0),
 * p10 (2/1): 2. Leaving nobody out (UINT32_MAX, or G who has no non-gold
 * map) gives the full consensus.
 */
static void test_consensus_leave_out(void)
{
	static const uint32_t want[12] = {0, 0, 1, 1, 0, I, 1, 1, 2, I, I, I};
	static const uint32_t conf[12] = {255, 255, 255, 255, 255, 0, 128, 255, 255, 0, 0, 0};
	fixture f;
	tly_cons_map cm;
	const char *why = NULL;

	scene(&f, 1);
	CU_ASSERT_EQUAL(tly_semantic_consensus(&cm, f.ws, &f.ctx, &f.ds.images[0], 0, C, &why), 2);
	CU_ASSERT_EQUAL(cm.voters, 2);
	CU_ASSERT_EQUAL(cm.tied_pixels, 2);
	check_pixels(&cm.map, want, 12);
	check_pixels(&cm.confidence, conf, 12);
	tly_labelmap_clear(&cm.map);
	tly_labelmap_clear(&cm.confidence);
	CU_ASSERT_EQUAL(tly_semantic_consensus(&cm, f.ws, &f.ctx, &f.ds.images[0], 0, UINT32_MAX, NULL), 3);
	check_pixels(&cm.map, want_cons, 12);
	check_pixels(&cm.confidence, want_conf, 12);
	CU_ASSERT_EQUAL(cm.tied_pixels, 2);
	tly_labelmap_clear(&cm.map);
	tly_labelmap_clear(&cm.confidence);
	CU_ASSERT_EQUAL(tly_semantic_consensus(&cm, f.ws, &f.ctx, &f.ds.images[0], 0, G, NULL), 3);
	check_pixels(&cm.map, want_cons, 12);
	tly_labelmap_clear(&cm.map);
	tly_labelmap_clear(&cm.confidence);
	fx_clear(&f);
}

/*
 * Two voters: each one's leave-one-out reference is the other's map.
 *   A = 0 0 1 I,  B = 0 1 1 1 (one row of four).
 *   A vs B: p0 tp0; p1 0 vs 1 (fn1 fp0); p2 tp1; p3 I vs 1 (fn1).
 *     0: 1/1/0;  1: 1/0/2;  correct 2 of 4.
 *   B vs A (A ignores p3: not counted): p0 tp0; p1 1 vs 0 (fn0 fp1); p2 tp1.
 *     0: 1/0/1;  1: 1/1/0;  correct 2 of 3.
 *   Pair: 0: inter 1, union 2; 1: inter 1, union 3; mIoU (1/2 + 1/3)/2 = 5/12.
 *   Consensus: p0 0 (255), p1 tie, p2 1 (255), p3 1 alone: round(255/2) = 128.
 * Leaving A out of tly_semantic_consensus leaves B alone: B's map, conf 255.
 */
static void test_two_voters(void)
{
	static const uint32_t a[4] = {0, 0, 1, I}, b[4] = {0, 1, 1, 1};
	static const uint32_t cons[4] = {0, I, 1, 1}, conf[4] = {255, 0, 255, 128};
	static const uint32_t alone[4] = {255, 255, 255, 255};
	fixture f;
	tly_semantic_image_result r = {0};
	tly_cons_map cm;

	fx_init(&f);
	tb_image(&f.ds, "row.png");
	f.ds.images[0].width = 4;
	f.ds.images[0].height = 1;
	tb_map(&f.ds, 0, A, 0, a, 4, 1);
	tb_map(&f.ds, 0, B, 0, b, 4, 1);
	fx_ready(&f);
	CHECK_OK(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[0], 0));
	check_pixels(&r.cons.map, cons, 4);
	check_pixels(&r.cons.confidence, conf, 4);
	CU_ASSERT_EQUAL(r.cons.tied_pixels, 1);
	check_counts(&r, A, TLY_REF_CONSENSUS, BG, 1, 1, 0);
	check_counts(&r, A, TLY_REF_CONSENSUS, CAR, 1, 0, 2);
	check_counts(&r, B, TLY_REF_CONSENSUS, BG, 1, 0, 1);
	check_counts(&r, B, TLY_REF_CONSENSUS, CAR, 1, 1, 0);
	CU_ASSERT_EQUAL(r.n_counts, 4);
	CU_ASSERT_EQUAL_FATAL(r.n_audits, 2);
	check_audit(&r.audits[0], A, TLY_REF_CONSENSUS, 2, 4);
	check_audit(&r.audits[1], B, TLY_REF_CONSENSUS, 2, 3);
	CU_ASSERT_EQUAL_FATAL(r.n_pairs, 1);
	CHECK_NEAR(r.pairs[0].miou, 5.0 / 12.0, 1e-12);
	CHECK_NEAR(r.agreement, 5.0 / 12.0, 1e-12);
	tly_semantic_image_result_clear(&r);
	CU_ASSERT_EQUAL(tly_semantic_consensus(&cm, f.ws, &f.ctx, &f.ds.images[0], 0, A, NULL), 1);
	check_pixels(&cm.map, b, 4);
	check_pixels(&cm.confidence, alone, 4);
	CU_ASSERT_EQUAL(cm.tied_pixels, 0);
	tly_labelmap_clear(&cm.map);
	tly_labelmap_clear(&cm.confidence);
	fx_clear(&f);
}

/*
 * One voter A = 0 1 I 2 with gold G = 0 1 1 I: the consensus is A's map
 * (conf 255 where labelled, 0 on ignore), no pair, agreement NaN, no
 * consensus audit; against gold (G ignores p3): p0 tp0, p1 tp1, p2 I vs 1
 * (fn1): 0: 1/0/0; 1: 1/0/1; correct 2 of 3. Leaving A out: nobody votes.
 */
static void test_one_voter(void)
{
	static const uint32_t a[4] = {0, 1, I, 2}, g[4] = {0, 1, 1, I}, conf[4] = {255, 255, 0, 255};
	fixture f;
	tly_semantic_image_result r = {0};
	tly_cons_map cm;

	fx_init(&f);
	tb_image(&f.ds, "one.png");
	f.ds.images[0].width = 2;
	f.ds.images[0].height = 2;
	tb_map(&f.ds, 0, A, 0, a, 2, 2);
	tb_map(&f.ds, 0, G, 1, g, 2, 2);
	fx_ready(&f);
	CHECK_OK(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[0], 0));
	CU_ASSERT_EQUAL(r.voters, 1);
	CU_ASSERT_EQUAL(r.cons.voters, 1);
	check_pixels(&r.cons.map, a, 4);
	check_pixels(&r.cons.confidence, conf, 4);
	CU_ASSERT(isnan(r.agreement));
	CU_ASSERT_EQUAL(r.n_pairs, 0);
	CU_ASSERT_EQUAL(r.n_pair_classes, 0);
	CU_ASSERT_EQUAL_FATAL(r.n_audits, 1);
	check_audit(&r.audits[0], A, TLY_REF_GOLD, 2, 3);
	CU_ASSERT_EQUAL(r.n_counts, 2);
	check_counts(&r, A, TLY_REF_GOLD, BG, 1, 0, 0);
	check_counts(&r, A, TLY_REF_GOLD, CAR, 1, 0, 1);
	tly_semantic_image_result_clear(&r);
	CU_ASSERT_EQUAL(tly_semantic_consensus(&cm, f.ws, &f.ctx, &f.ds.images[0], 0, A, NULL), 0);
	CU_ASSERT_EQUAL(cm.voters, 0);
	CU_ASSERT_EQUAL(cm.map.n, 0);
	tly_labelmap_clear(&cm.map);
	tly_labelmap_clear(&cm.confidence);
	fx_clear(&f);
}

/*
 * Three voters who ignore every pixel of a 3 x 2 image: the consensus is
 * all ignore (one run), confidence 0, no tie (no vote at all); no category
 * is in any union, so every pair's mIoU and the agreement are NaN; each
 * voter is audited against its leave-one-out consensus on 0 pixels.
 */
static void test_all_ignore(void)
{
	static const uint32_t none[6] = {I, I, I, I, I, I}, zero[6] = {0, 0, 0, 0, 0, 0};
	fixture f;
	tly_semantic_image_result r = {0};
	size_t i;

	fx_init(&f);
	tb_image(&f.ds, "void.png");
	f.ds.images[0].width = 3;
	f.ds.images[0].height = 2;
	for (i = 0; i < 3; i++)
		tb_map(&f.ds, 0, (uint32_t)i, 0, none, 3, 2);
	fx_ready(&f);
	CHECK_OK(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[0], 0));
	CU_ASSERT_EQUAL(r.cons.map.n, 1);
	check_pixels(&r.cons.map, none, 6);
	check_pixels(&r.cons.confidence, zero, 6);
	CU_ASSERT_EQUAL(r.cons.tied_pixels, 0);
	CU_ASSERT_EQUAL_FATAL(r.n_pairs, 3);
	for (i = 0; i < 3; i++)
		CU_ASSERT(isnan(r.pairs[i].miou));
	CU_ASSERT_EQUAL(r.n_pair_classes, 0);
	CU_ASSERT(isnan(r.agreement));
	CU_ASSERT_EQUAL(r.n_counts, 0);
	CU_ASSERT_EQUAL_FATAL(r.n_audits, 3);
	for (i = 0; i < 3; i++)
		check_audit(&r.audits[i], (uint32_t)i, TLY_REF_CONSENSUS, 0, 0);
	tly_semantic_image_result_clear(&r);
	fx_clear(&f);
}

/*
 * A class only one voter uses: A = tree bg, B = bg bg, C = bg bg (2 x 1).
 * Consensus bg bg, conf 170 (2 of 3) and 255.
 * Pairs: A,B: bg inter 1 union 2, tree inter 0 union 1: mIoU (1/2 + 0)/2 = 1/4;
 * A,C the same; B,C: bg 2/2 = 1. Agreement (1/4 + 1/4 + 1)/3 = 1/2.
 * A vs R_A = bg bg: p0 tree vs bg: fn bg, fp tree; p1 tp bg: bg 1/0/1, tree 0/1/0.
 * B vs R_B (A, C: p0 tree/bg tie -> ignore; p1 bg): tp bg 1 of 1 counted. C alike.
 */
static void test_lonely_class(void)
{
	static const uint32_t a[2] = {TREE, BG}, b[2] = {BG, BG}, conf[2] = {170, 255};
	fixture f;
	tly_semantic_image_result r = {0};

	fx_init(&f);
	tb_image(&f.ds, "tree.png");
	f.ds.images[0].width = 2;
	f.ds.images[0].height = 1;
	tb_map(&f.ds, 0, A, 0, a, 2, 1);
	tb_map(&f.ds, 0, B, 0, b, 2, 1);
	tb_map(&f.ds, 0, C, 0, b, 2, 1);
	fx_ready(&f);
	CHECK_OK(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[0], 0));
	check_pixels(&r.cons.map, b, 2);
	check_pixels(&r.cons.confidence, conf, 2);
	CU_ASSERT_EQUAL_FATAL(r.n_pairs, 3);
	CHECK_NEAR(r.pairs[0].miou, 0.25, 1e-12);
	CHECK_NEAR(r.pairs[1].miou, 0.25, 1e-12);
	CHECK_NEAR(r.pairs[2].miou, 1.0, 1e-12);
	CHECK_NEAR(r.agreement, 0.5, 1e-12);
	check_counts(&r, A, TLY_REF_CONSENSUS, BG, 1, 0, 1);
	check_counts(&r, A, TLY_REF_CONSENSUS, TREE, 0, 1, 0);
	check_counts(&r, B, TLY_REF_CONSENSUS, BG, 1, 0, 0);
	check_counts(&r, C, TLY_REF_CONSENSUS, BG, 1, 0, 0);
	CU_ASSERT_EQUAL(r.n_counts, 4);
	CU_ASSERT_EQUAL_FATAL(r.n_audits, 3);
	check_audit(&r.audits[0], A, TLY_REF_CONSENSUS, 1, 2);
	check_audit(&r.audits[1], B, TLY_REF_CONSENSUS, 1, 1);
	check_audit(&r.audits[2], C, TLY_REF_CONSENSUS, 1, 1);
	tly_semantic_image_result_clear(&r);
	fx_clear(&f);
}

/*
 * Long runs: 400 x 200 = 80000 pixels in a handful of segments.
 *   A = bg everywhere;  B = bg on p < 70000, car after;
 *   G = bg on p < 65536, car on [65536, 75000), ignore after (gold).
 * Consensus (2 voters): bg on p < 70000 (conf 255), a bg/car tie after:
 * two runs, 10000 tied pixels.
 * Pair: bg inter 70000 union 80000, car inter 0 union 10000: mIoU (7/8 + 0)/2 = 7/16.
 * A vs B (its leave-one-out reference): bg tp 70000 fp 10000; car fn 10000; 70000 of 80000.
 * B vs A: bg tp 70000 fn 10000; car fp 10000; 70000 of 80000.
 * A vs G (75000 counted): bg tp 65536 fp 9464; car fn 9464; correct 65536.
 * B vs G: bg tp 65536 fp 4464 (p in [65536, 70000)); car tp 5000 fn 4464; correct 70536.
 */
static void test_long_runs(void)
{
	const uint32_t w = 400, h = 200, n = 80000;
	uint32_t *a = tly_calloc(n, sizeof(*a)), *b = tly_calloc(n, sizeof(*b)), *g = tly_calloc(n, sizeof(*g));
	fixture f;
	tly_semantic_image_result r = {0};
	uint32_t p;

	CU_ASSERT_FATAL(a && b && g);
	for (p = 0; p < n; p++) {
		a[p] = BG;
		b[p] = p < 70000 ? BG : CAR;
		g[p] = p < 65536 ? BG : p < 75000 ? CAR : I;
	}
	fx_init(&f);
	tb_image(&f.ds, "big.png");
	f.ds.images[0].width = (int32_t)w;
	f.ds.images[0].height = (int32_t)h;
	tb_map(&f.ds, 0, A, 0, a, w, h);
	tb_map(&f.ds, 0, B, 0, b, w, h);
	tb_map(&f.ds, 0, G, 1, g, w, h);
	fx_ready(&f);
	CHECK_OK(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[0], 0));
	CU_ASSERT_EQUAL_FATAL(r.cons.map.n, 2);
	CU_ASSERT_EQUAL(r.cons.map.value[0], BG);
	CU_ASSERT_EQUAL(r.cons.map.len[0], 70000);
	CU_ASSERT_EQUAL(r.cons.map.value[1], I);
	CU_ASSERT_EQUAL(r.cons.map.len[1], 10000);
	CU_ASSERT_EQUAL_FATAL(r.cons.confidence.n, 2);
	CU_ASSERT_EQUAL(r.cons.confidence.value[0], 255);
	CU_ASSERT_EQUAL(r.cons.confidence.len[0], 70000);
	CU_ASSERT_EQUAL(r.cons.confidence.value[1], 0);
	CU_ASSERT_EQUAL(r.cons.tied_pixels, 10000);
	CU_ASSERT_EQUAL_FATAL(r.n_pair_classes, 2);
	CU_ASSERT_EQUAL(r.pair_classes[0].inter, 70000);
	CU_ASSERT_EQUAL(r.pair_classes[0].uni, 80000);
	CU_ASSERT_EQUAL(r.pair_classes[1].inter, 0);
	CU_ASSERT_EQUAL(r.pair_classes[1].uni, 10000);
	CHECK_NEAR(r.agreement, 7.0 / 16.0, 1e-12);
	check_counts(&r, A, TLY_REF_CONSENSUS, BG, 70000, 10000, 0);
	check_counts(&r, A, TLY_REF_CONSENSUS, CAR, 0, 0, 10000);
	check_counts(&r, B, TLY_REF_CONSENSUS, BG, 70000, 0, 10000);
	check_counts(&r, B, TLY_REF_CONSENSUS, CAR, 0, 10000, 0);
	check_counts(&r, A, TLY_REF_GOLD, BG, 65536, 9464, 0);
	check_counts(&r, A, TLY_REF_GOLD, CAR, 0, 0, 9464);
	check_counts(&r, B, TLY_REF_GOLD, BG, 65536, 4464, 0);
	check_counts(&r, B, TLY_REF_GOLD, CAR, 5000, 0, 4464);
	CU_ASSERT_EQUAL_FATAL(r.n_audits, 4);
	check_audit(&r.audits[0], A, TLY_REF_CONSENSUS, 70000, 80000);
	check_audit(&r.audits[1], A, TLY_REF_GOLD, 65536, 75000);
	check_audit(&r.audits[2], B, TLY_REF_CONSENSUS, 70000, 80000);
	check_audit(&r.audits[3], B, TLY_REF_GOLD, 70536, 75000);
	tly_semantic_image_result_clear(&r);
	tly_free(a);
	tly_free(b);
	tly_free(g);
	fx_clear(&f);
}

/*
 * More segments than one decoding chunk holds (65536 segments): 700 x 200
 * = 140000 pixels, A alternating so every pixel is a segment (3 chunks).
 *   A = bg on even p, car on odd p (70000 each);  B = bg on p < 100000, car after;
 *   G = bg on p < 70000, ignore after (gold).
 * Consensus (2 voters): equal values win (conf 255), unequal tie:
 *   p < 100000: even bg, odd tie;  p >= 100000: even tie, odd car.
 *   Runs: p0 .. p99998 one each (99999), p99999 + p100000 one ignore run of
 *   2, then p100001 .. p139999 one each (39999): 139999 runs.
 *   Tied: 50000 odd p < 100000 + 20000 even p >= 100000 = 70000.
 * Pair: bg inter 50000 (even p < 100000), union 70000 + 100000 - 50000 = 120000;
 *   car inter 20000 (odd p >= 100000), union 70000 + 40000 - 20000 = 90000;
 *   mIoU (5/12 + 2/9) / 2 = 23/72.
 * A vs B (140000 counted): correct 70000; bg tp 50000, fp 20000 (A bg, B car:
 *   even p >= 100000), fn 50000 (B bg, A car: odd p < 100000); car tp 20000,
 *   fp 50000, fn 20000.  B vs A: bg 50000/50000/20000; car 20000/20000/50000; 70000.
 * Against G (70000 counted, all bg): A bg tp 35000 fn 35000, car fp 35000,
 *   correct 35000; B bg tp 70000, correct 70000.
 */
static void test_chunks(void)
{
	const uint32_t w = 700, h = 200, n = 140000;
	uint32_t *a = tly_calloc(n, sizeof(*a)), *b = tly_calloc(n, sizeof(*b)), *g = tly_calloc(n, sizeof(*g));
	fixture f;
	tly_semantic_image_result r = {0};
	uint32_t p;

	CU_ASSERT_FATAL(a && b && g);
	for (p = 0; p < n; p++) {
		a[p] = p % 2 ? CAR : BG;
		b[p] = p < 100000 ? BG : CAR;
		g[p] = p < 70000 ? BG : I;
	}
	fx_init(&f);
	tb_image(&f.ds, "many.png");
	f.ds.images[0].width = (int32_t)w;
	f.ds.images[0].height = (int32_t)h;
	tb_map(&f.ds, 0, A, 0, a, w, h);
	tb_map(&f.ds, 0, B, 0, b, w, h);
	tb_map(&f.ds, 0, G, 1, g, w, h);
	fx_ready(&f);
	CHECK_OK(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[0], 0));
	CU_ASSERT_EQUAL_FATAL(r.cons.map.n, 139999);
	CU_ASSERT_EQUAL(r.cons.map.value[0], BG);
	CU_ASSERT_EQUAL(r.cons.map.value[99998], BG);
	CU_ASSERT_EQUAL(r.cons.map.value[99999], I);
	CU_ASSERT_EQUAL(r.cons.map.len[99999], 2);
	CU_ASSERT_EQUAL(r.cons.map.value[100000], CAR);
	CU_ASSERT_EQUAL(r.cons.map.value[139998], CAR);
	CU_ASSERT_EQUAL(r.cons.confidence.n, 139999);
	CU_ASSERT_EQUAL(r.cons.confidence.value[100000], 255);
	CU_ASSERT_EQUAL(r.cons.tied_pixels, 70000);
	CU_ASSERT_EQUAL_FATAL(r.n_pair_classes, 2);
	CU_ASSERT_EQUAL(r.pair_classes[0].inter, 50000);
	CU_ASSERT_EQUAL(r.pair_classes[0].uni, 120000);
	CU_ASSERT_EQUAL(r.pair_classes[1].inter, 20000);
	CU_ASSERT_EQUAL(r.pair_classes[1].uni, 90000);
	CHECK_NEAR(r.agreement, 23.0 / 72.0, 1e-12);
	check_counts(&r, A, TLY_REF_CONSENSUS, BG, 50000, 20000, 50000);
	check_counts(&r, A, TLY_REF_CONSENSUS, CAR, 20000, 50000, 20000);
	check_counts(&r, B, TLY_REF_CONSENSUS, BG, 50000, 50000, 20000);
	check_counts(&r, B, TLY_REF_CONSENSUS, CAR, 20000, 20000, 50000);
	check_counts(&r, A, TLY_REF_GOLD, BG, 35000, 0, 35000);
	check_counts(&r, A, TLY_REF_GOLD, CAR, 0, 35000, 0);
	check_counts(&r, B, TLY_REF_GOLD, BG, 70000, 0, 0);
	CU_ASSERT_EQUAL(r.n_counts, 7);
	CU_ASSERT_EQUAL_FATAL(r.n_audits, 4);
	check_audit(&r.audits[0], A, TLY_REF_CONSENSUS, 70000, 140000);
	check_audit(&r.audits[1], A, TLY_REF_GOLD, 35000, 70000);
	check_audit(&r.audits[2], B, TLY_REF_CONSENSUS, 70000, 140000);
	check_audit(&r.audits[3], B, TLY_REF_GOLD, 70000, 70000);
	tly_semantic_image_result_clear(&r);
	tly_free(a);
	tly_free(b);
	tly_free(g);
	fx_clear(&f);
}

/*
 * The size rule. Image 0 is 2 x 1: A's 2 x 1 map counts, B's 3 x 1 map and
 * G's 1 x 1 gold are skipped (2), so A votes alone with no gold audit.
 * Image 1 has no size: the first non-gold map (A's 3 x 1) sets it, B's
 * 2 x 1 is skipped.
 */
static void test_sizes(void)
{
	static const uint32_t two[2] = {CAR, BG}, three[3] = {ROAD, ROAD, BG}, one[1] = {BG};
	fixture f;
	tly_semantic_image_result r = {0};

	fx_init(&f);
	tb_image(&f.ds, "sized.png");
	f.ds.images[0].width = 2;
	f.ds.images[0].height = 1;
	tb_map(&f.ds, 0, A, 0, two, 2, 1);
	tb_map(&f.ds, 0, B, 0, three, 3, 1);
	tb_map(&f.ds, 0, G, 1, one, 1, 1);
	tb_image(&f.ds, "unsized.png");
	f.ds.images[1].width = 0;
	f.ds.images[1].height = 0;
	tb_map(&f.ds, 1, B, 0, two, 2, 1);
	tb_map(&f.ds, 1, A, 0, three, 3, 1);
	fx_ready(&f);
	CHECK_OK(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[0], 0));
	CU_ASSERT_EQUAL(r.voters, 1);
	CU_ASSERT_EQUAL(r.skipped, 2);
	check_pixels(&r.cons.map, two, 2);
	CU_ASSERT_EQUAL(r.n_audits, 0);
	CU_ASSERT_EQUAL(r.n_counts, 0);
	CHECK_OK(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[1], 1));
	CU_ASSERT_EQUAL(r.image, 1);
	CU_ASSERT_EQUAL(r.voters, 1);
	CU_ASSERT_EQUAL(r.skipped, 1);
	CU_ASSERT_EQUAL(r.cons.map.w, 3);
	check_pixels(&r.cons.map, three, 3);
	tly_semantic_image_result_clear(&r);
	fx_clear(&f);
}

/* An image with only a gold map, and one with no map: no voter, no consensus, nothing to audit. */
static void test_no_voters(void)
{
	static const uint32_t g[1] = {BG};
	fixture f;
	tly_semantic_image_result r = {0};
	tly_cons_map cm;

	fx_init(&f);
	tb_image(&f.ds, "gold.png");
	f.ds.images[0].width = 1;
	f.ds.images[0].height = 1;
	tb_map(&f.ds, 0, G, 1, g, 1, 1);
	tb_image(&f.ds, "bare.png");
	fx_ready(&f);
	CHECK_OK(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[0], 0));
	CU_ASSERT_EQUAL(r.voters, 0);
	CU_ASSERT_EQUAL(r.has_cons, 0);
	CU_ASSERT(isnan(r.agreement));
	CU_ASSERT_EQUAL(r.n_counts + r.n_audits + r.n_pairs + r.n_pair_classes, 0);
	CHECK_OK(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[1], 1));
	CU_ASSERT_EQUAL(r.voters, 0);
	CU_ASSERT_EQUAL(r.has_cons, 0);
	CU_ASSERT_EQUAL(tly_semantic_consensus(&cm, f.ws, &f.ctx, &f.ds.images[0], 0, UINT32_MAX, NULL), 0);
	CU_ASSERT_EQUAL(cm.voters, 0);
	tly_semantic_image_result_clear(&r);
	fx_clear(&f);
}

/*
 * Inconsistent images are TLY_EARG with a reason and an empty result: a
 * value that is no category index (4 categories), an annotator out of
 * range, two non-gold maps of one annotator, runs that do not cover the
 * map, a run of length 0.
 */
static void test_inconsistent(void)
{
	static const uint32_t bad[2] = {BG, 4}, ok[2] = {BG, CAR};
	fixture f;
	tly_semantic_image_result r = {0};
	tly_cons_map cm;
	const char *why = NULL;
	size_t i;

	fx_init(&f);
	tb_image(&f.ds, "bad.png");
	tb_image(&f.ds, "who.png");
	tb_image(&f.ds, "twice.png");
	tb_image(&f.ds, "short.png");
	tb_image(&f.ds, "empty_run.png");
	for (i = 0; i < 5; i++) {
		f.ds.images[i].width = 2;
		f.ds.images[i].height = 1;
	}
	tb_map(&f.ds, 0, A, 0, bad, 2, 1);
	tb_map(&f.ds, 1, A, 0, ok, 2, 1);
	f.ds.images[1].maps[0].annotator = 9;
	tb_map(&f.ds, 2, A, 0, ok, 2, 1);
	tb_map(&f.ds, 2, A, 0, ok, 2, 1);
	tb_map(&f.ds, 3, A, 0, ok, 2, 1);
	f.ds.images[3].maps[0].map.len[0] = 2; /* runs now sum to 3 for 2 pixels */
	tb_map(&f.ds, 4, A, 0, ok, 2, 1);
	f.ds.images[4].maps[0].map.len[0] = 0; /* runs 0 + 2: the right sum, an empty run */
	f.ds.images[4].maps[0].map.len[1] = 2;
	fx_ready(&f);
	CU_ASSERT_EQUAL(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[0], 0), TLY_EARG);
	CU_ASSERT_PTR_NOT_NULL(r.why);
	CU_ASSERT_EQUAL(r.has_cons, 0);
	CU_ASSERT_EQUAL(r.n_counts, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.why, "category"));
	CU_ASSERT_EQUAL(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[1], 1), TLY_EARG);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.why, "annotator out of range"));
	CU_ASSERT_EQUAL(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[2], 2), TLY_EARG);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.why, "two of one annotator"));
	CU_ASSERT_EQUAL(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[3], 3), TLY_EARG);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.why, "do not sum"));
	CU_ASSERT_EQUAL(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[4], 4), TLY_EARG);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.why, "length 0"));
	CU_ASSERT_EQUAL(tly_semantic_consensus(&cm, f.ws, &f.ctx, &f.ds.images[0], 0, UINT32_MAX, &why),
			TLY_EARG);
	CU_ASSERT_PTR_NOT_NULL(why);
	CU_ASSERT_EQUAL(cm.map.n, 0);
	tly_semantic_image_result_clear(&r);
	fx_clear(&f);
}

static void test_null_arguments(void)
{
	fixture f;
	tly_semantic_image_result r = {0};
	tly_cons_map cm;

	scene(&f, 0);
	CU_ASSERT_EQUAL(tly_semantic_image(NULL, f.ws, &f.ctx, &f.ds.images[0], 0), TLY_EARG);
	CU_ASSERT_EQUAL(tly_semantic_image(&r, NULL, &f.ctx, &f.ds.images[0], 0), TLY_EARG);
	CU_ASSERT_PTR_NOT_NULL(r.why);
	CU_ASSERT_EQUAL(tly_semantic_image(&r, f.ws, NULL, &f.ds.images[0], 0), TLY_EARG);
	CU_ASSERT_EQUAL(tly_semantic_image(&r, f.ws, &f.ctx, NULL, 0), TLY_EARG);
	CU_ASSERT_EQUAL(tly_semantic_consensus(NULL, f.ws, &f.ctx, &f.ds.images[0], 0, 0, NULL), TLY_EARG);
	CU_ASSERT_EQUAL(tly_semantic_consensus(&cm, NULL, &f.ctx, &f.ds.images[0], 0, 0, NULL), TLY_EARG);
	CU_ASSERT_EQUAL(tly_semantic_workspace_new(NULL), TLY_EARG);
	tly_semantic_workspace_free(NULL);
	tly_semantic_image_result_clear(NULL);
	tly_semantic_image_result_clear(&r);
	fx_clear(&f);
}

/* One result and workspace through the 3-voter scene and then a 2 x 1 image: only the latter remains. */
static void test_reuse(void)
{
	static const uint32_t two[2] = {CAR, BG};
	fixture f;
	tly_semantic_image_result r = {0};

	scene(&f, 1);
	tb_image(&f.ds, "small.png");
	f.ds.images[1].width = 2;
	f.ds.images[1].height = 1;
	tb_map(&f.ds, 1, B, 0, two, 2, 1);
	CHECK_OK(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[0], 0));
	CU_ASSERT_EQUAL(r.n_audits, 6);
	CHECK_OK(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[1], 1));
	CU_ASSERT_EQUAL(r.image, 1);
	CU_ASSERT_EQUAL(r.voters, 1);
	CU_ASSERT_EQUAL(r.n_audits, 0);
	CU_ASSERT_EQUAL(r.n_pairs, 0);
	CU_ASSERT_EQUAL(r.cons.tied_pixels, 0);
	check_pixels(&r.cons.map, two, 2);
	CHECK_OK(tly_semantic_image(&r, f.ws, &f.ctx, &f.ds.images[0], 0));
	check_pixels(&r.cons.map, want_cons, 12);
	CHECK_NEAR(r.agreement, 17.0 / 36.0, 1e-12);
	tly_semantic_image_result_clear(&r);
	fx_clear(&f);
}

/*
 * The combined score: objects 1 and maps 1/2 -> 3/4 (labels NaN does not
 * count); flagged under min_agreement 0.8, not under 0.7 unless tied; all
 * components NaN -> NaN, flagged only by a tie.
 */
static void test_combine(void)
{
	tly_image_stats st;
	tly_policy p;

	tly_policy_init_defaults(&p);
	memset(&st, 0, sizeof(st));
	st.agreement_objects = 1.0;
	st.agreement_labels = NAN;
	st.agreement_maps = 0.5;
	p.min_agreement = 0.8;
	tly_semantic_combine(&st, 0, &p);
	CHECK_NEAR(st.agreement, 0.75, 0);
	CU_ASSERT_EQUAL(st.flagged, 1);
	p.min_agreement = 0.7;
	tly_semantic_combine(&st, 0, &p);
	CU_ASSERT_EQUAL(st.flagged, 0);
	tly_semantic_combine(&st, 1, &p);
	CU_ASSERT_EQUAL(st.flagged, 1);
	st.agreement_objects = st.agreement_maps = NAN;
	tly_semantic_combine(&st, 0, &p);
	CU_ASSERT(isnan(st.agreement));
	CU_ASSERT_EQUAL(st.flagged, 0);
	tly_semantic_combine(&st, 1, &p);
	CU_ASSERT_EQUAL(st.flagged, 1);
	tly_semantic_combine(NULL, 0, &p);
}

/*
 * Allocation N = 1, 2, ... fails (a fresh workspace each time, so every
 * buffer is allocated again): each attempt returns TLY_ENOMEM with an
 * empty result and leaks nothing (ASan); the first that succeeds gives the
 * hand-worked scene.
 */
static void test_faults(void)
{
	fixture f;
	tly_semantic_image_result r = {0};
	long n;
	int rc = -1;

	scene(&f, 1);
	for (n = 1; n < 1000 && rc != 0; n++) {
		tly_semantic_workspace *w = NULL;

		tly_alloc_fail_after(n);
		rc = tly_semantic_workspace_new(&w);
		if (rc == 0)
			rc = tly_semantic_image(&r, w, &f.ctx, &f.ds.images[0], 0);
		tly_alloc_fail_after(0);
		tly_semantic_workspace_free(w);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CU_ASSERT_EQUAL(r.has_cons, 0);
			CU_ASSERT_EQUAL(r.n_counts + r.n_audits + r.n_pairs + r.n_pair_classes, 0);
		}
	}
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT(n > 10);
	check_pixels(&r.cons.map, want_cons, 12);
	CHECK_NEAR(r.agreement, 17.0 / 36.0, 1e-12);
	CU_ASSERT_EQUAL(r.n_counts, 18);
	tly_semantic_image_result_clear(&r);
	fx_clear(&f);
}

TLY_TESTS("agree_semantic", {"consensus", test_consensus}, {"pairs", test_pairs}, {"gold", test_gold},
	  {"leave_one_out", test_leave_one_out}, {"consensus_leave_out", test_consensus_leave_out},
	  {"two_voters", test_two_voters}, {"one_voter", test_one_voter}, {"all_ignore", test_all_ignore},
	  {"lonely_class", test_lonely_class}, {"long_runs", test_long_runs}, {"chunks", test_chunks}, {"sizes", test_sizes},
	  {"no_voters", test_no_voters}, {"inconsistent", test_inconsistent},
	  {"null_arguments", test_null_arguments}, {"reuse", test_reuse}, {"combine", test_combine},
	  {"faults", test_faults})
