/*
 * Consensus box (src/vote/box.c): per-corner median / mean of
 * x1 = x, y1 = y, x2 = x + w, y2 = y + h, worked by hand.
 */
#include "harness.h"
#include "tally/vote.h"

static void check_box(const tly_box *b, double x, double y, double w, double h)
{
	CHECK_NEAR(b->x, x, 1e-12);
	CHECK_NEAR(b->y, y, 1e-12);
	CHECK_NEAR(b->w, w, 1e-12);
	CHECK_NEAR(b->h, h, 1e-12);
}

/*
 * b1 [0,0,10,10]: corners x1 0, y1 0, x2 10, y2 10
 * b2 [2,1,10,12]:          2      1      12     13
 * b3 [4,-1,4,10]:          4     -1       8      9
 * b4 [6,2,6,6]:            6      2      12      8
 */
static const tly_box B[4] = {{0, 0, 10, 10}, {2, 1, 10, 12}, {4, -1, 4, 10}, {6, 2, 6, 6}};

static void test_median_odd(void)
{
	const tly_box *p[3] = {&B[0], &B[1], &B[2]};
	const tly_box *q[3] = {&B[2], &B[0], &B[1]};
	tly_box out;

	/* x1 {0,2,4} -> 2; y1 {0,1,-1} -> 0; x2 {10,12,8} -> 10; y2 {10,13,9} -> 10
	 * -> [2, 0, 10-2, 10-0] = [2,0,8,10]. The median of the widths
	 * {10,10,4} would say 10: corners, not sizes, are voted. */
	tly_vote_box(&out, p, 3, TLY_BOX_MEDIAN);
	check_box(&out, 2, 0, 8, 10);
	tly_vote_box(&out, q, 3, TLY_BOX_MEDIAN); /* any order */
	check_box(&out, 2, 0, 8, 10);
}

static void test_median_even(void)
{
	const tly_box *p[4] = {&B[0], &B[1], &B[2], &B[3]};
	tly_box out;

	/* x1 {0,2,4,6} -> (2+4)/2 = 3; y1 {-1,0,1,2} -> 0.5;
	 * x2 {8,10,12,12} -> 11; y2 {8,9,10,13} -> 9.5
	 * -> [3, 0.5, 11-3, 9.5-0.5] = [3,0.5,8,9] */
	tly_vote_box(&out, p, 4, TLY_BOX_MEDIAN);
	check_box(&out, 3, 0.5, 8, 9);
	/* Two boxes: the mean of both. [0,0,10,10] and [2,1,10,12]:
	 * x1 1, y1 0.5, x2 11, y2 11.5 -> [1,0.5,10,11] */
	tly_vote_box(&out, p, 2, TLY_BOX_MEDIAN);
	check_box(&out, 1, 0.5, 10, 11);
}

static void test_mean(void)
{
	const tly_box *p[3] = {&B[0], &B[1], &B[2]};
	const tly_box *q[4] = {&B[0], &B[1], &B[2], &B[3]};
	tly_box out;

	/* x1 (0+2+4)/3 = 2; y1 0/3 = 0; x2 30/3 = 10; y2 32/3
	 * -> [2, 0, 8, 32/3] */
	tly_vote_box(&out, p, 3, TLY_BOX_MEAN);
	check_box(&out, 2, 0, 8, 32.0 / 3.0);
	/* x1 12/4 = 3; y1 2/4 = 0.5; x2 42/4 = 10.5; y2 40/4 = 10
	 * -> [3, 0.5, 7.5, 9.5] */
	tly_vote_box(&out, q, 4, TLY_BOX_MEAN);
	check_box(&out, 3, 0.5, 7.5, 9.5);
}

static void test_one_and_none(void)
{
	const tly_box *p[1] = {&B[1]};
	tly_box out = {9, 9, 9, 9};

	tly_vote_box(&out, p, 1, TLY_BOX_MEDIAN);
	check_box(&out, 2, 1, 10, 12);
	tly_vote_box(&out, p, 1, TLY_BOX_MEAN);
	check_box(&out, 2, 1, 10, 12);
	tly_vote_box(&out, NULL, 0, TLY_BOX_MEDIAN);
	check_box(&out, 0, 0, 0, 0);
}

static void test_many_boxes(void)
{
	/* Box i = [i, 2i, 10, 1] in scrambled order (i * 37 mod n, 37 coprime
	 * with 64, 65 and 100). Corners: x1 = i, y1 = 2i, x2 = i + 10, y2 = 2i + 1.
	 * n = 64 (sorted on the stack): x1 median (31+32)/2 = 31.5, y1 63,
	 *   x2 41.5, y2 64 -> [31.5, 63, 10, 1]
	 * n = 65 (selection path): middle i = 32: [32, 64, 10, 1]
	 * n = 100: x1 (49+50)/2 = 49.5, y1 99, x2 59.5, y2 100 -> [49.5, 99, 10, 1] */
	static tly_box b[100];
	static const tly_box *p[100];
	static const size_t ns[3] = {64, 65, 100};
	static const double want[3][2] = {{31.5, 63}, {32, 64}, {49.5, 99}};
	tly_box out;
	size_t t, i, k;

	for (t = 0; t < 3; t++) {
		for (i = 0; i < ns[t]; i++) {
			k = (i * 37) % ns[t];
			b[i].x = (double)k;
			b[i].y = 2.0 * (double)k;
			b[i].w = 10;
			b[i].h = 1;
			p[i] = &b[i];
		}
		tly_vote_box(&out, p, ns[t], TLY_BOX_MEDIAN);
		check_box(&out, want[t][0], want[t][1], 10, 1);
	}
}

static void test_ties_in_values(void)
{
	/* Repeated corner values: x1 {5,5,5,1,9} -> 5 (selection must handle
	 * equal values); all 10 wide, 2 high at y 0. */
	tly_box b[5] = {{5, 0, 10, 2}, {5, 0, 10, 2}, {5, 0, 10, 2}, {1, 0, 10, 2}, {9, 0, 10, 2}};
	const tly_box *p[5] = {&b[0], &b[1], &b[2], &b[3], &b[4]};
	tly_box out;

	tly_vote_box(&out, p, 5, TLY_BOX_MEDIAN);
	check_box(&out, 5, 0, 10, 2);
}

TLY_TESTS("vote_box",
	  {"median_odd", test_median_odd},
	  {"median_even", test_median_even},
	  {"mean", test_mean},
	  {"one_and_none", test_one_and_none},
	  {"many_boxes", test_many_boxes},
	  {"ties_in_values", test_ties_in_values})
