/*
 * The run's panoptic audit (src/run/panoptic.c, panoptic_image.c,
 * src/agree/panoptic_loo.c) through tly_run_compute: a small run whose
 * every row is worked by hand, and a generated one giving the same bytes
 * for 1, 2 and 4 threads.
 */
#include <string.h>

#include "agree/panoptic_scene.h"
#include "run/gen.h"
#include "tally/rules.h"
#include "tally/run.h"

enum { PA = 0, PB = 1, PC = 2, PG = 3 };

static const char *const run_annotators[] = {"A", "B", "C", "G"};

/*
 * Image "one.png", 4 x 2, maps (all panoptic) and car masks:
 *   A: SSSS / CCRR, car (0,1) (1,1)      B: the same as A
 *   C: SSSR / CRRR, car (0,1)            G (gold): the same as A
 * Image "two.png", 2 x 1: A: SS, no object; G (gold): SR.
 * Image "three.png", 2 x 1: A and B semantic maps only (no rows).
 */
static void scene(tly_dataset *ds)
{
	static const char *const ab[] = {"SSSS", "CCRR"}, *const c[] = {"SSSR", "CRRR"};
	static const char *const car2[] = {"....", "##.."}, *const car1[] = {"....", "#..."};
	static const char *const ss[] = {"SS"}, *const sr[] = {"SR"};
	uint32_t im, s;

	pn_init(ds, run_annotators, 4);
	im = tb_image(ds, "one.png");
	pn_add_map(ds, im, PA, 0, 1, ab, 4, 2);
	pn_add_map(ds, im, PB, 0, 1, ab, 4, 2);
	pn_add_map(ds, im, PC, 0, 1, c, 4, 2);
	pn_add_map(ds, im, PG, 1, 1, ab, 4, 2);
	s = tb_sub(ds, im, PA, TLY_TASK_OBJECTS, 0);
	pn_add_mask(ds, im, s, CAR_, 0, car2, 4, 2, 4);
	s = tb_sub(ds, im, PB, TLY_TASK_OBJECTS, 0);
	pn_add_mask(ds, im, s, CAR_, 0, car2, 4, 2, 4);
	s = tb_sub(ds, im, PC, TLY_TASK_OBJECTS, 0);
	pn_add_mask(ds, im, s, CAR_, 0, car1, 4, 2, 4);
	s = tb_sub(ds, im, PG, TLY_TASK_OBJECTS, 1);
	pn_add_mask(ds, im, s, CAR_, 0, car2, 4, 2, 4);

	im = tb_image(ds, "two.png");
	pn_add_map(ds, im, PA, 0, 1, ss, 2, 1);
	pn_add_map(ds, im, PG, 1, 1, sr, 2, 1);
	tb_sub(ds, im, PA, TLY_TASK_OBJECTS, 0);

	im = tb_image(ds, "three.png");
	pn_add_map(ds, im, PA, 0, 0, ss, 2, 1);
	pn_add_map(ds, im, PB, 0, 0, sr, 2, 1);
}

static void check_row(const tly_panoptic_counts *r, uint32_t a, tly_reference ref, uint32_t c, uint64_t tp,
		      uint64_t fp, uint64_t fn, double iou_sum)
{
	CU_ASSERT_EQUAL(r->annotator, a);
	CU_ASSERT_EQUAL(r->ref, ref);
	CU_ASSERT_EQUAL(r->category, c);
	CU_ASSERT_EQUAL(r->tp, tp);
	CU_ASSERT_EQUAL(r->fp, fp);
	CU_ASSERT_EQUAL(r->fn, fn);
	CHECK_NEAR(r->iou_sum, iou_sum, 1e-15);
}

/*
 * Image one, leave-one-out references (match.iou 0.5, majority quorum):
 *  for A (and B, symmetric): the vote of B and C per pixel: row 0
 *    S S S (S|R tie -> ignore); row 1 C (C|R tie -> ignore) R R. Things:
 *    B's car (2 px) and C's car (1 px) have IoU 1/2 >= 0.5: one cluster,
 *    2 of 2 voters; majority mask = (0,1) only. Reference: car (0,1),
 *    sky (0..2,0), road (2,1) (3,1); void (3,0) (1,1).
 *    A: sky 4 px vs 3: inter 3, one of A's pixels void: IoU 3/(4+3-3-1) = 1.
 *       car 2 px vs 1: inter 1, (1,1) void: IoU 1/(2+1-1-1) = 1.
 *       road 2 vs 2: IoU 1.   -> sky, road, car: tp 1, iou 1 each.
 *  for C: A's and B's maps agree: SSSS / CCRR; their cars are one
 *    cluster with mask (0,1) (1,1). C: car (0,1) vs 2 px: IoU 1/2, not
 *    more than 0.5: car fp 1, fn 1. sky 3 px vs 4: IoU 3/4: tp, 0.75.
 *    road (3,0) (1,1) (2,1) (3,1) vs (2,1) (3,1): IoU 2/4: road fp 1, fn 1.
 * Gold on image one = A's segmentation = C's reference: A and B score
 *   tp 1, IoU 1 on sky, road and car; C as against its reference.
 * Image two: only A maps (no leave-one-out reference). Gold: sky (0,0),
 *   road (1,0); A: sky 2 px: IoU 1/2: sky fp 1, fn 1; road fn 1.
 * Image three: semantic maps only: nothing.
 * Rows by (annotator, ref, category), sky 0, road 1, car 3:
 */
static void test_hand(void)
{
	tly_dataset ds;
	tly_rules *rules = NULL;
	tly_result r;
	tly_run_options o = TLY_RUN_OPTIONS_INIT;
	static const char *const want_one[] = {"2222", "1133"};
	const tly_panoptic_counts *x;
	tly_panoptic seg;
	tly_pq all;

	scene(&ds);
	CHECK_OK(tly_rules_new_default(&rules));
	o.threads = 2;
	CHECK_OK(tly_run_compute(&r, &ds, rules, &o));
	CU_ASSERT_EQUAL_FATAL(r.n_panoptic, 18);
	x = r.panoptic;
	check_row(&x[0], PA, TLY_REF_CONSENSUS, SKY, 1, 0, 0, 1);
	check_row(&x[1], PA, TLY_REF_CONSENSUS, ROAD, 1, 0, 0, 1);
	check_row(&x[2], PA, TLY_REF_CONSENSUS, CAR_, 1, 0, 0, 1);
	check_row(&x[3], PA, TLY_REF_GOLD, SKY, 1, 1, 1, 1);
	check_row(&x[4], PA, TLY_REF_GOLD, ROAD, 1, 0, 1, 1);
	check_row(&x[5], PA, TLY_REF_GOLD, CAR_, 1, 0, 0, 1);
	check_row(&x[6], PB, TLY_REF_CONSENSUS, SKY, 1, 0, 0, 1);
	check_row(&x[7], PB, TLY_REF_CONSENSUS, ROAD, 1, 0, 0, 1);
	check_row(&x[8], PB, TLY_REF_CONSENSUS, CAR_, 1, 0, 0, 1);
	check_row(&x[9], PB, TLY_REF_GOLD, SKY, 1, 0, 0, 1);
	check_row(&x[10], PB, TLY_REF_GOLD, ROAD, 1, 0, 0, 1);
	check_row(&x[11], PB, TLY_REF_GOLD, CAR_, 1, 0, 0, 1);
	check_row(&x[12], PC, TLY_REF_CONSENSUS, SKY, 1, 0, 0, 0.75);
	check_row(&x[13], PC, TLY_REF_CONSENSUS, ROAD, 0, 1, 1, 0);
	check_row(&x[14], PC, TLY_REF_CONSENSUS, CAR_, 0, 1, 1, 0);
	check_row(&x[15], PC, TLY_REF_GOLD, SKY, 1, 0, 0, 0.75);
	check_row(&x[16], PC, TLY_REF_GOLD, ROAD, 0, 1, 1, 0);
	check_row(&x[17], PC, TLY_REF_GOLD, CAR_, 0, 1, 1, 0);
	/*
	 * A against gold: sky PQ = 1 / (1 + 0.5 + 0.5) = 0.5, road 1 / 1.5 = 2/3,
	 * car 1: All PQ = (0.5 + 2/3 + 1) / 3 = 13/18.
	 */
	tly_pq_summary(&all, NULL, NULL, &ds, &r, PA, TLY_REF_GOLD);
	CU_ASSERT_EQUAL(all.n, 3);
	CHECK_NEAR(all.pq, 13.0 / 18.0, 1e-15);

	/*
	 * The run's consensus of image one, assembled: the map votes A, B, C
	 * per pixel: SSSS (S, S, R at x 3 -> S) / CCRR (C, C, R at x 1 -> C).
	 * The three cars are one cluster (every pair IoU >= 0.5), accepted 3
	 * of 3; majority mask: (0,1) drawn 3 times, (1,1) twice -> both. So:
	 * car id 1 (2 px), sky id 2 (row 0), road id 3 ((2,1) (3,1)).
	 */
	CU_ASSERT_EQUAL_FATAL(r.n_cons_maps, 3);
	CU_ASSERT_EQUAL(r.cons_maps[0].image, 0);
	CHECK_OK(tly_panoptic_assemble(&seg, &ds, &r, &r.cons_maps[0]));
	CU_ASSERT_EQUAL_FATAL(seg.n_segments, 3);
	pn_check_ids(&seg, want_one);
	pn_check_segment(&seg.segments[0], 1, CAR_, 0, 2, 0, 1, 2, 1, 0);
	tly_panoptic_clear(&seg);
	tly_result_clear(&r);
	tly_rules_free(rules);
	pn_clear(&ds);
}

/* Add a W x H rectangle mask at (X, Y) of CATEGORY (clipped to the image IW x IH). */
static void add_rect(tly_dataset *ds, uint32_t im, uint32_t sub, uint32_t category, int crowd, int x, int y,
		     int w, int h, uint32_t iw, uint32_t ih, size_t cap)
{
	char rows[8][13];
	const char *ptr[8];
	uint32_t r, c;

	CU_ASSERT_FATAL(iw <= 12 && ih <= 8);
	for (r = 0; r < ih; r++) {
		for (c = 0; c < iw; c++)
			rows[r][c] = (int)c >= x && (int)c < x + w && (int)r >= y && (int)r < y + h ? '#' : '.';
		rows[r][iw] = 0;
		ptr[r] = rows[r];
	}
	pn_add_mask(ds, im, sub, category, crowd, ptr, iw, ih, cap);
}

/* One annotator's copy of the truth on one image: map with their things painted in. */
static void copy_truth(tly_dataset *ds, uint64_t *s, uint32_t im, uint32_t a, int gold, int panoptic, int b,
		       const int (*t)[6], uint32_t nt)
{
	char rows[8][13];
	const char *ptr[8];
	uint32_t sub = 0, k, r, c;
	int jb = gold ? b : b + (int)gen_below(s, 3) - 1;

	for (r = 0; r < 8; r++) {
		for (c = 0; c < 12; c++)
			rows[r][c] = (int)r < jb ? 'S' : 'R';
		rows[r][12] = 0;
		ptr[r] = rows[r];
	}
	if (panoptic)
		sub = tb_sub(ds, im, a, TLY_TASK_OBJECTS, gold);
	for (k = 0; panoptic && k < nt; k++) {
		int x = t[k][0], y = t[k][1], cat = t[k][4], dx = 0, dy = 0, yy, xx;

		if (!gold && gen_below(s, 100) < 15)
			continue;
		if (!gold) {
			/* a quarter of the things shifted by a pixel: most still match */
			if (gen_below(s, 4) == 0) {
				dx = gen_below(s, 2) ? 1 : -1;
				dy = (int)gen_below(s, 3) - 1;
			}
			if (gen_below(s, 10) == 0)
				cat = cat == PERS ? CAR_ : PERS;
		}
		for (yy = y + dy; yy < y + dy + t[k][3]; yy++)
			for (xx = x + dx; xx < x + dx + t[k][2]; xx++)
				if (yy >= 0 && yy < 8 && xx >= 0 && xx < 12)
					rows[yy][xx] = cat == PERS ? 'P' : 'C';
		add_rect(ds, im, sub, (uint32_t)cat, t[k][5], x + dx, y + dy, t[k][2], t[k][3], 12, 8, 32);
	}
	for (r = 0; !gold && r < 8; r++)
		for (c = 0; c < 12; c++)
			if (gen_below(s, 30) == 0)
				rows[r][c] = '.';
	pn_add_map(ds, im, a, gold, panoptic, ptr, 12, 8);
}

/*
 * N images of 12 x 8: sky above a boundary row, road below, up to 3
 * rectangles of person or car (one in 8 a crowd region). Annotators 0-3
 * copy it with a jittered boundary, shifted or missed things, flipped
 * labels and ignored pixels; 4 is gold on a third of the images; 5 draws a
 * semantic map (no instances) on half of them.
 */
static void gen_panoptic(tly_dataset *ds, size_t n, uint64_t seed)
{
	static const char *const names[] = {"p0", "p1", "p2", "p3", "gold", "sem"};
	uint64_t s = seed;
	size_t i;
	uint32_t a;

	pn_init(ds, names, 6);
	for (i = 0; i < n; i++) {
		char name[32];
		int t[3][6], b = 2 + (int)gen_below(&s, 4);
		uint32_t nt = gen_below(&s, 4), k, im;

		snprintf(name, sizeof(name), "p%04zu.png", i);
		im = tb_image(ds, name);
		for (k = 0; k < nt; k++) {
			t[k][0] = (int)gen_below(&s, 10);
			t[k][1] = (int)gen_below(&s, 6);
			t[k][2] = 2 + (int)gen_below(&s, 3);
			t[k][3] = 2 + (int)gen_below(&s, 3);
			t[k][4] = gen_below(&s, 2) ? PERS : CAR_;
			t[k][5] = gen_below(&s, 8) == 0;
		}
		for (a = 0; a < 6; a++) {
			if (a < 4 && gen_below(&s, 10) == 0)
				continue;
			if ((a == 4 && gen_below(&s, 3) != 0) || (a == 5 && gen_below(&s, 2) != 0))
				continue;
			copy_truth(ds, &s, im, a, a == 4, a != 5, b, (const int (*)[6])t, nt);
		}
	}
}

static void test_threads(void)
{
	tly_dataset ds;
	tly_rules *rules = NULL;
	tly_result r1, r2, r4;
	tly_run_options o = TLY_RUN_OPTIONS_INIT;
	size_t i, gold = 0, cons = 0;

	gen_panoptic(&ds, 150, 7);
	CHECK_OK(tly_rules_new_default(&rules));
	o.threads = 1;
	CHECK_OK(tly_run_compute(&r1, &ds, rules, &o));
	o.threads = 2;
	CHECK_OK(tly_run_compute(&r2, &ds, rules, &o));
	o.threads = 4;
	CHECK_OK(tly_run_compute(&r4, &ds, rules, &o));
	/* the data must exercise both references, matches and misses */
	for (i = 0; i < r1.n_panoptic; i++) {
		gold += r1.panoptic[i].ref == TLY_REF_GOLD;
		cons += r1.panoptic[i].ref == TLY_REF_CONSENSUS;
		CU_ASSERT(r1.panoptic[i].annotator < 4);
	}
	CU_ASSERT(gold >= 8 && cons >= 8);
	CU_ASSERT(r1.panoptic[0].tp > 50 && r1.panoptic[0].fp + r1.panoptic[0].fn > 0);
	CU_ASSERT(r1.panoptic[2].category == PERS && r1.panoptic[2].tp > 20 && r1.panoptic[2].fp > 0);
	CU_ASSERT_EQUAL_FATAL(r1.n_panoptic, r2.n_panoptic);
	CU_ASSERT_EQUAL_FATAL(r1.n_panoptic, r4.n_panoptic);
	CU_ASSERT(memcmp(r1.panoptic, r2.panoptic, r1.n_panoptic * sizeof(*r1.panoptic)) == 0);
	CU_ASSERT(memcmp(r1.panoptic, r4.panoptic, r1.n_panoptic * sizeof(*r1.panoptic)) == 0);
	tly_result_clear(&r1);
	tly_result_clear(&r2);
	tly_result_clear(&r4);
	tly_rules_free(rules);
	pn_clear(&ds);
}

/*
 * A map of another size than its image is left out (the size rule of
 * tally/semantic.h): image 3 x 1; A's 2 x 1 map neither is scored nor
 * votes; B and C map "SSS": each against the other's map: sky tp 1, IoU 1.
 */
static void test_sizes(void)
{
	static const char *const a[] = {"SS"}, *const bc[] = {"SSS"};
	tly_dataset ds;
	tly_rules *rules = NULL;
	tly_result r;
	uint32_t im;

	pn_init(&ds, run_annotators, 4);
	im = tb_image(&ds, "sizes.png");
	pn_add_map(&ds, im, PA, 0, 1, a, 2, 1);
	pn_add_map(&ds, im, PB, 0, 1, bc, 3, 1);
	pn_add_map(&ds, im, PC, 0, 1, bc, 3, 1);
	CU_ASSERT(ds.images[im].width == 3 && ds.images[im].height == 1);
	CHECK_OK(tly_rules_new_default(&rules));
	CHECK_OK(tly_run_compute(&r, &ds, rules, NULL));
	CU_ASSERT_EQUAL_FATAL(r.n_panoptic, 2);
	check_row(&r.panoptic[0], PB, TLY_REF_CONSENSUS, SKY, 1, 0, 0, 1);
	check_row(&r.panoptic[1], PC, TLY_REF_CONSENSUS, SKY, 1, 0, 0, 1);
	tly_result_clear(&r);
	tly_rules_free(rules);
	pn_clear(&ds);
}

/* A map value that is no category: the run fails naming the image. */
static void test_bad_value(void)
{
	static const char *const a[] = {"SS"};
	tly_dataset ds;
	tly_rules *rules = NULL;
	tly_result r;
	uint32_t im;

	pn_init(&ds, run_annotators, 4);
	im = tb_image(&ds, "bad.png");
	pn_add_map(&ds, im, PA, 0, 1, a, 2, 1);
	pn_add_map(&ds, im, PB, 0, 1, a, 2, 1);
	ds.images[im].maps[1].map.value[0] = 9;
	CHECK_OK(tly_rules_new_default(&rules));
	CU_ASSERT_EQUAL(tly_run_compute(&r, &ds, rules, NULL), TLY_EARG);
	CU_ASSERT_PTR_NOT_NULL(strstr(tly_error_last(), "bad.png"));
	CU_ASSERT_EQUAL(r.n_panoptic, 0);
	tly_rules_free(rules);
	pn_clear(&ds);
}

TLY_TESTS("panoptic_run", {"hand", test_hand}, {"threads", test_threads}, {"sizes", test_sizes},
	  {"bad_value", test_bad_value})
