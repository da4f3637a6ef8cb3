/*
 * PQ, SQ and RQ (tly_panoptic_pq, tly_pq_class, tly_pq_summary) on a
 * panoptic pair drawn by hand, counted by the rules of panopticapi's
 * pq_compute; each count and figure is worked in the comments.
 */
#include <string.h>

#include "agree/panoptic_scene.h"

/*
 * Segmentation of the picture ROWS (H rows of W digits, '0' void) whose
 * segment id i + 1 has category CATS[i] and crowd flag CROWD[i] (N segments).
 */
static void seg(tly_panoptic *p, const char *const *rows, uint32_t w, uint32_t h, const uint32_t *cats,
		const int *crowd, size_t n)
{
	uint32_t x, y;
	size_t i;

	memset(p, 0, sizeof(*p));
	p->w = w;
	p->h = h;
	p->ids = tly_calloc((size_t)w * h, sizeof(*p->ids));
	p->segments = tly_calloc(n ? n : 1, sizeof(*p->segments));
	CU_ASSERT_FATAL(p->ids && p->segments);
	p->n_segments = n;
	for (i = 0; i < n; i++) {
		p->segments[i].id = (uint32_t)i + 1;
		p->segments[i].category = cats[i];
		p->segments[i].iscrowd = crowd ? crowd[i] : 0;
		p->segments[i].cons_object = -1;
	}
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			uint32_t id = (uint32_t)(rows[y][x] - '0');

			p->ids[y * w + x] = id;
			if (id)
				p->segments[id - 1].area++;
		}
}

/*
 * Ground truth, 8 x 4: 1 sky (row 0), 2 road (row 3), 3 person (x 0-1,
 * y 1-2), 4 car (x 2-3, y 1-2), 5 a crowd region of person (x 4-5,
 * y 1-2), void at x 6-7, y 1-2.
 */
static const char *const gt_rows[] = {
	"11111111",
	"33445500",
	"33445500",
	"22222222",
};
static const uint32_t gt_cats[] = {SKY, ROAD, PERS, CAR_, PERS};
static const int gt_crowd[] = {0, 0, 0, 0, 1};

/*
 * Prediction: 1 sky, 2 road, 3 person, 4 car, 5 car, 6 person, 7 car.
 *   1 sky: row 0 x 0-6 (7, in gt sky) + (6,1) (gt void): area 8;
 *     IoU = 7 / (8 + 8 - 7 - 1 void) = 7/8 > 0.5: tp, iou 0.875.
 *   2 road: row 3 x 0-3: 4 pixels, all gt road (8):
 *     IoU = 4 / (4 + 8 - 4) = 0.5 exactly: not a match (strictly greater).
 *     So road: fn 1 (gt 2) and fp 1 (pred 2: no void, no crowd).
 *   3 person: (0,1) (1,1) (0,2) in gt person, (2,1) in gt car: area 4;
 *     IoU = 3 / (4 + 4 - 3) = 0.6: tp, iou 0.6.
 *   4 car: (3,1) (2,2) (3,2) in gt car, (1,2) in gt person: area 4;
 *     IoU = 3 / (4 + 4 - 3) = 0.6: tp, iou 0.6.
 *   5 car: (7,0) gt sky, (7,1) (7,2) gt void: 2 of 3 pixels void, more
 *     than half: not a false positive.
 *   6 person: (4,1) (5,1) (4,2), inside the gt crowd region of person:
 *     3 of 3 in a crowd of its category: not a false positive.
 *   7 car: (5,2), in the crowd region of person, another category: no
 *     excuse: fp 1 for car.
 *   (6,2) and row 3 x 4-7 are void in the prediction.
 * gt 5 is crowd: never a false negative.
 */
static const char *const pred_rows[] = {
	"11111115",
	"33346615",
	"34446705",
	"22220000",
};
static const uint32_t pred_cats[] = {SKY, ROAD, PERS, CAR_, CAR_, PERS, CAR_};

static void check_stat(const tly_pq_stat *s, uint64_t tp, uint64_t fp, uint64_t fn, double iou_sum)
{
	CU_ASSERT_EQUAL(s->tp, tp);
	CU_ASSERT_EQUAL(s->fp, fp);
	CU_ASSERT_EQUAL(s->fn, fn);
	CHECK_NEAR(s->iou_sum, iou_sum, 1e-15);
}

static void test_pair(void)
{
	tly_panoptic pred, gt;
	tly_pq_stat st[4];

	seg(&gt, gt_rows, 8, 4, gt_cats, gt_crowd, 5);
	seg(&pred, pred_rows, 8, 4, pred_cats, NULL, 7);
	memset(st, 0, sizeof(st));
	CHECK_OK(tly_panoptic_pq(st, 4, &pred, &gt));
	check_stat(&st[SKY], 1, 0, 0, 0.875);
	check_stat(&st[ROAD], 0, 1, 1, 0);
	check_stat(&st[PERS], 1, 0, 0, 0.6);
	check_stat(&st[CAR_], 1, 1, 0, 0.6);
	/* counts add up over images: a second call doubles them */
	CHECK_OK(tly_panoptic_pq(st, 4, &pred, &gt));
	check_stat(&st[CAR_], 2, 2, 0, 1.2);
	tly_panoptic_clear(&pred);
	tly_panoptic_clear(&gt);
}

/*
 * The ground truth against itself: every non-crowd segment matches with
 * IoU 1; the crowd region (5) is no ground truth to match, so as a
 * prediction it is unmatched, but all of it lies in the crowd region of
 * its own category: not a false positive.
 */
static void test_self(void)
{
	tly_panoptic gt;
	tly_pq_stat st[4];

	seg(&gt, gt_rows, 8, 4, gt_cats, gt_crowd, 5);
	memset(st, 0, sizeof(st));
	CHECK_OK(tly_panoptic_pq(st, 4, &gt, &gt));
	check_stat(&st[SKY], 1, 0, 0, 1);
	check_stat(&st[ROAD], 1, 0, 0, 1);
	check_stat(&st[PERS], 1, 0, 0, 1);
	check_stat(&st[CAR_], 1, 0, 0, 1);
	tly_panoptic_clear(&gt);
}

/*
 * Void at the threshold, 4 x 1.
 * (a) gt "1100" car, pred "1111" car: |p| 4, |g| 2, inter 2, 2 of p's
 *     pixels void in gt: IoU = 2 / (4 + 2 - 2 - 2) = 1: tp, iou 1 (without
 *     the void rule it would be 2/4, no match).
 * (b) gt "0100" sky (1 pixel), pred "1100" car: the car has 1 of its 2
 *     pixels void in gt, exactly half, not more than half: fp 1 for car;
 *     the sky (another category) is unmatched: fn 1.
 */
static void test_void(void)
{
	static const char *const g_a[] = {"1100"}, *const p_a[] = {"1111"};
	static const char *const g_b[] = {"0100"}, *const p_b[] = {"1100"};
	static const uint32_t car[] = {CAR_}, sky[] = {SKY};
	tly_panoptic pred, gt;
	tly_pq_stat st[4];

	seg(&gt, g_a, 4, 1, car, NULL, 1);
	seg(&pred, p_a, 4, 1, car, NULL, 1);
	memset(st, 0, sizeof(st));
	CHECK_OK(tly_panoptic_pq(st, 4, &pred, &gt));
	check_stat(&st[CAR_], 1, 0, 0, 1);
	tly_panoptic_clear(&pred);
	tly_panoptic_clear(&gt);

	seg(&gt, g_b, 4, 1, sky, NULL, 1);
	seg(&pred, p_b, 4, 1, car, NULL, 1);
	memset(st, 0, sizeof(st));
	CHECK_OK(tly_panoptic_pq(st, 4, &pred, &gt));
	check_stat(&st[CAR_], 0, 1, 0, 0);
	check_stat(&st[SKY], 0, 0, 1, 0);
	tly_panoptic_clear(&pred);
	tly_panoptic_clear(&gt);
}

/*
 * Per-class figures of test_pair's counts (panopticapi pq_average):
 *   sky:    PQ = 0.875 / 1 = 0.875, SQ = 0.875, RQ = 1
 *   road:   tp 0: PQ = 0 / (0 + 0.5 + 0.5) = 0, SQ = 0 (tp 0), RQ = 0
 *   person: PQ = 0.6, SQ = 0.6, RQ = 1
 *   car:    PQ = 0.6 / (1 + 0.5) = 0.4, SQ = 0.6, RQ = 1 / 1.5 = 2/3
 * All (4 classes): PQ = (0.875 + 0 + 0.6 + 0.4) / 4 = 0.46875,
 *   SQ = (0.875 + 0 + 0.6 + 0.6) / 4 = 0.51875, RQ = (1 + 0 + 1 + 2/3) / 4 = 2/3.
 * Things (person, car): PQ = 0.5, SQ = 0.6, RQ = (1 + 2/3) / 2 = 5/6.
 * Stuff (sky, and road, whose isthing is unknown): PQ = SQ = 0.875 / 2 =
 *   0.4375, RQ = 0.5.
 */
static void test_figures(void)
{
	static const tly_pq_stat st[4] = {{1, 0, 0, 0.875}, {0, 1, 1, 0}, {1, 0, 0, 0.6}, {1, 1, 0, 0.6}};
	static const tly_pq_stat none = {0, 0, 0, 0};
	static const char *const ann[] = {"A", "B"};
	tly_panoptic_counts rows[7];
	tly_dataset ds;
	tly_result r;
	tly_pq q, all, things, stuff;
	uint32_t c;

	q = tly_pq_class(&st[CAR_]);
	CHECK_NEAR(q.pq, 0.4, 1e-15);
	CHECK_NEAR(q.sq, 0.6, 1e-15);
	CHECK_NEAR(q.rq, 2.0 / 3.0, 1e-15);
	CU_ASSERT_EQUAL(q.n, 1);
	q = tly_pq_class(&st[ROAD]);
	CU_ASSERT(q.pq == 0 && q.sq == 0 && q.rq == 0 && q.n == 1);
	q = tly_pq_class(&none);
	CU_ASSERT(isnan(q.pq) && isnan(q.sq) && isnan(q.rq) && q.n == 0);

	pn_init(&ds, ann, 2);
	memset(rows, 0, sizeof(rows));
	for (c = 0; c < 4; c++) {
		rows[c].annotator = 0;
		rows[c].ref = TLY_REF_CONSENSUS;
		rows[c].category = c;
		rows[c].tp = st[c].tp;
		rows[c].fp = st[c].fp;
		rows[c].fn = st[c].fn;
		rows[c].iou_sum = st[c].iou_sum;
	}
	/* other annotators and references are not A's consensus figures */
	rows[4].annotator = 0;
	rows[4].ref = TLY_REF_GOLD;
	rows[4].category = CAR_;
	rows[4].fp = 3;
	rows[5].annotator = 1;
	rows[5].ref = TLY_REF_CONSENSUS;
	rows[5].category = SKY;
	rows[5].fn = 2;
	rows[6] = rows[5];
	rows[6].category = PERS;
	rows[6].fn = 0;
	memset(&r, 0, sizeof(r));
	r.n_panoptic = 7;
	r.panoptic = rows;

	tly_pq_summary(&all, &things, &stuff, &ds, &r, 0, TLY_REF_CONSENSUS);
	CU_ASSERT_EQUAL(all.n, 4);
	CHECK_NEAR(all.pq, 0.46875, 1e-15);
	CHECK_NEAR(all.sq, 0.51875, 1e-15);
	CHECK_NEAR(all.rq, 2.0 / 3.0, 1e-15);
	CU_ASSERT_EQUAL(things.n, 2);
	CHECK_NEAR(things.pq, 0.5, 1e-15);
	CHECK_NEAR(things.sq, 0.6, 1e-15);
	CHECK_NEAR(things.rq, 5.0 / 6.0, 1e-15);
	CU_ASSERT_EQUAL(stuff.n, 2);
	CHECK_NEAR(stuff.pq, 0.4375, 1e-15);
	CHECK_NEAR(stuff.sq, 0.4375, 1e-15);
	CHECK_NEAR(stuff.rq, 0.5, 1e-15);

	/* A against gold: car fp 3 only: PQ = SQ = RQ = 0 over 1 class; no stuff class */
	tly_pq_summary(&all, &things, &stuff, &ds, &r, 0, TLY_REF_GOLD);
	CU_ASSERT(all.n == 1 && all.pq == 0 && all.sq == 0 && all.rq == 0);
	CU_ASSERT(things.n == 1);
	CU_ASSERT(stuff.n == 0 && isnan(stuff.pq) && isnan(stuff.sq) && isnan(stuff.rq));
	/* B: sky fn 2 counts (PQ 0), the all-zero person row does not */
	tly_pq_summary(&all, NULL, NULL, &ds, &r, 1, TLY_REF_CONSENSUS);
	CU_ASSERT(all.n == 1 && all.pq == 0);
	/* nobody: NaN */
	tly_pq_summary(&all, NULL, NULL, &ds, &r, 1, TLY_REF_GOLD);
	CU_ASSERT(all.n == 0 && isnan(all.pq));
	pn_clear(&ds);
}

/* Bad input leaves the counts alone. */
static void test_bad(void)
{
	static const char *const one[] = {"1"}, *const two[] = {"12"};
	static const uint32_t car[] = {CAR_, CAR_}, bad_cat[] = {7};
	tly_panoptic a, b;
	tly_pq_stat st[4];

	memset(st, 0, sizeof(st));
	seg(&a, one, 1, 1, car, NULL, 1);
	seg(&b, two, 2, 1, car, NULL, 2);
	CU_ASSERT_EQUAL(tly_panoptic_pq(st, 4, &a, &b), TLY_EARG);
	CU_ASSERT_PTR_NOT_NULL(strstr(tly_error_last(), "differ in size"));
	CU_ASSERT_EQUAL(tly_panoptic_pq(NULL, 4, &a, &a), TLY_EARG);
	CU_ASSERT_EQUAL(tly_panoptic_pq(st, 3, &a, &a), TLY_EARG); /* car = 3 is not below 3 */
	a.ids[0] = 2;                                              /* only 1 segment */
	CU_ASSERT_EQUAL(tly_panoptic_pq(st, 4, &a, &a), TLY_EARG);
	tly_panoptic_clear(&a);
	seg(&a, one, 1, 1, bad_cat, NULL, 1);
	CU_ASSERT_EQUAL(tly_panoptic_pq(st, 4, &a, &a), TLY_EARG);
	CU_ASSERT_EQUAL(st[CAR_].tp + st[CAR_].fp + st[CAR_].fn, 0);
	tly_panoptic_clear(&a);
	tly_panoptic_clear(&b);
}

TLY_TESTS("pq", {"pair", test_pair}, {"self", test_self}, {"void", test_void}, {"figures", test_figures},
	  {"bad", test_bad})
