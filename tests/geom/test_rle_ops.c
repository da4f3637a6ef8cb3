/*
 * IoU and merges on runs (src/geom/rle_ops.c), with masks drawn as ASCII
 * art ('#' = 1, top row first) and every expected value counted by hand
 * from the drawings: IoU = |A ∩ B| / |A ∪ B|, crowd IoU = |D ∩ G| / |D|.
 */
#include <string.h>

#include "harness.h"
#include "tally/rle.h"
#include "util/alloc.h"

#define H 4
#define W 4

/* A: 2 x 2 block at the top left. Area 4. */
static const char *const art_a[] = {"##..", "##..", "....", "...."};
/* B: columns 1-2, rows 0-2. Area 6. A ∩ B = (1,0), (1,1): 2 pixels. */
static const char *const art_b[] = {".##.", ".##.", ".##.", "...."};
/* C: (0,0), row 1 full, (3,3). Area 6. */
static const char *const art_c[] = {"#...", "####", "....", "...#"};
static const char *const art_empty[] = {"....", "....", "....", "...."};
static const char *const art_far[] = {"....", "....", "...#", "...#"};

static void make(tly_rle *r, const char *const *rows)
{
	uint8_t m[H * W];
	size_t x, y;

	for (y = 0; y < H; y++)
		for (x = 0; x < W; x++)
			m[x * H + y] = rows[y][x] == '#';
	CHECK_OK(tly_rle_encode(r, m, H, W));
}

/* OUT must hold exactly the pixels of ROWS. */
static void check_art(const tly_rle *out, const char *const *rows)
{
	uint8_t got[H * W];
	size_t x, y;

	CHECK_OK(tly_rle_decode(got, H * W, out));
	for (y = 0; y < H; y++)
		for (x = 0; x < W; x++) {
			int want = rows[y][x] == '#';

			if (got[x * H + y] != want)
				fprintf(stderr, "pixel (%zu,%zu): %d, expected %d\n", x, y, got[x * H + y], want);
			CU_ASSERT_EQUAL(got[x * H + y], want);
		}
}

static double iou(const char *const *d, const char *const *g, int crowd)
{
	tly_rle a, b;
	double v = -1;

	make(&a, d);
	make(&b, g);
	CHECK_OK(tly_rle_iou(&v, &a, &b, crowd));
	tly_rle_clear(&a);
	tly_rle_clear(&b);
	return v;
}

static void test_iou(void)
{
	/* |A ∩ B| = 2, |A ∪ B| = 4 + 6 - 2 = 8: 0.25, either way round. */
	CHECK_NEAR(iou(art_a, art_b, 0), 0.25, 0);
	CHECK_NEAR(iou(art_b, art_a, 0), 0.25, 0);
	/* A ∩ C = (0,0), (0,1), (1,1) = 3; union 4 + 6 - 3 = 7: 3/7. */
	CHECK_NEAR(iou(art_a, art_c, 0), 3.0 / 7.0, 1e-15);
	/* Identical: 1. Disjoint: 0. Empty against anything or nothing: 0. */
	CHECK_NEAR(iou(art_b, art_b, 0), 1.0, 0);
	CHECK_NEAR(iou(art_a, art_far, 0), 0.0, 0);
	CHECK_NEAR(iou(art_empty, art_a, 0), 0.0, 0);
	CHECK_NEAR(iou(art_empty, art_empty, 0), 0.0, 0);
}

static void test_crowd_iou(void)
{
	/* Ground truth B is a crowd: |A ∩ B| / |A| = 2 / 4 = 0.5 (the part of
	 * A outside the crowd region is not counted against it). */
	CHECK_NEAR(iou(art_a, art_b, 1), 0.5, 0);
	/* Roles swapped: detection B, crowd A: 2 / |B| = 2 / 6. */
	CHECK_NEAR(iou(art_b, art_a, 1), 1.0 / 3.0, 1e-15);
	/* A detection inside the crowd scores 1 although the crowd is larger:
	 * D = (1,0), (1,1) lies in B: 2 / 2. */
	CHECK_NEAR(iou((const char *const[]){".#..", ".#..", "....", "...."}, art_b, 1), 1.0, 0);
	/* D = far = (3,2), (3,3) against crowd C: only (3,3) is in C: 1 / 2. */
	CHECK_NEAR(iou(art_far, art_c, 1), 0.5, 0);
	/* An empty detection: denominator 0 -> 0. */
	CHECK_NEAR(iou(art_empty, art_c, 1), 0.0, 0);
}

static void test_iou_sizes_differ(void)
{
	uint32_t c1[] = {6}, c2[] = {6};
	tly_rle a = {2, 3, 1, c1}, b = {3, 2, 1, c2};
	double v = 7;

	CU_ASSERT_EQUAL(tly_rle_iou(&v, &a, &b, 0), TLY_EARG);
	CU_ASSERT_EQUAL(v, 0.0);
}

static void test_iou_zero_runs(void)
{
	/* Runs a caller built with empty runs inside: {1, 0, 2, 2, 11} is
	 * pixels 3, 4 = (0,3), (1,0); {3, 1, 12} is pixel 3. I = 1, U = 2. */
	uint32_t c1[] = {1, 0, 2, 2, 11}, c2[] = {3, 1, 12};
	tly_rle a = {H, W, 5, c1}, b = {H, W, 3, c2};
	double v = -1;

	CHECK_OK(tly_rle_iou(&v, &a, &b, 0));
	CHECK_NEAR(v, 0.5, 0);
}

static void merge_case(tly_rle_merge_op op, const char *const *const *in, size_t k,
		       const char *const *want)
{
	tly_rle r[4], out;
	size_t i;

	for (i = 0; i < k; i++)
		make(&r[i], in[i]);
	CHECK_OK(tly_rle_merge(&out, r, k, op));
	CU_ASSERT_EQUAL(out.h, H);
	CU_ASSERT_EQUAL(out.w, W);
	check_art(&out, want);
	/* Canonical: no empty run after the first. */
	for (i = 1; i < out.m; i++)
		CU_ASSERT(out.counts[i] > 0);
	tly_rle_clear(&out);
	for (i = 0; i < k; i++)
		tly_rle_clear(&r[i]);
}

static void test_union_intersection(void)
{
	static const char *const *const ab[] = {art_a, art_b};
	/* Every pixel of A or B. */
	static const char *const uni[] = {"###.", "###.", ".##.", "...."};
	/* Only (1,0) and (1,1). */
	static const char *const inter[] = {".#..", ".#..", "....", "...."};
	static const char *const *const af[] = {art_a, art_far};

	merge_case(TLY_RLE_UNION, ab, 2, uni);
	merge_case(TLY_RLE_INTERSECTION, ab, 2, inter);
	merge_case(TLY_RLE_INTERSECTION, af, 2, art_empty);
}

static void test_union_runs(void)
{
	/* The union drawn above, column by column: x0 = 1 1 0 0, x1 = 1 1 1 0,
	 * x2 = 1 1 1 0, x3 = 0 0 0 0 -> 0 | 11 | 00 | 111 | 0 | 111 | 00000 ->
	 * runs 0, 2, 2, 3, 1, 3, 5 (sum 16). */
	static const uint32_t want[] = {0, 2, 2, 3, 1, 3, 5};
	tly_rle r[2], out;
	size_t i;

	make(&r[0], art_a);
	make(&r[1], art_b);
	CHECK_OK(tly_rle_merge(&out, r, 2, TLY_RLE_UNION));
	CU_ASSERT_EQUAL_FATAL(out.m, 7);
	for (i = 0; i < 7; i++)
		CU_ASSERT_EQUAL(out.counts[i], want[i]);
	tly_rle_clear(&out);
	tly_rle_clear(&r[0]);
	tly_rle_clear(&r[1]);
}

static void test_majority(void)
{
	static const char *const *const abc[] = {art_a, art_b, art_c};
	/* Cover counts (A + B + C), row by row:
	 *   row 0: 2 2 1 0   row 1: 2 3 2 1   row 2: 0 1 1 0   row 3: 0 0 0 1
	 * Three masks: in when the count is 2 or 3 (2 * count > 3). */
	static const char *const maj3[] = {"##..", "###.", "....", "...."};
	static const char *const *const abce[] = {art_a, art_b, art_c, art_empty};
	/* Four masks (same counts, the fourth adds none): in only at 3 > 4 - 3;
	 * the count-2 pixels are a 2-2 tie and stay out. */
	static const char *const maj4[] = {"....", ".#..", "....", "...."};
	static const char *const *const ab[] = {art_a, art_b};
	/* Two masks: more than half of 2 is both: the intersection. */
	static const char *const maj2[] = {".#..", ".#..", "....", "...."};

	merge_case(TLY_RLE_MAJORITY, abc, 3, maj3);
	merge_case(TLY_RLE_MAJORITY, abce, 4, maj4);
	merge_case(TLY_RLE_MAJORITY, ab, 2, maj2);
}

static void test_merge_one_and_full(void)
{
	static const char *const *const c1[] = {art_c};
	static const char *const full[] = {"####", "####", "####", "####"};
	static const char *const *const cf[] = {art_c, full};
	tly_rle r[2], out;

	/* One mask: itself, whatever the operation. */
	merge_case(TLY_RLE_UNION, c1, 1, art_c);
	merge_case(TLY_RLE_MAJORITY, c1, 1, art_c);
	/* Union with a full mask is full: runs {0, 16}. */
	make(&r[0], art_c);
	make(&r[1], full);
	CHECK_OK(tly_rle_merge(&out, r, 2, TLY_RLE_UNION));
	CU_ASSERT_EQUAL_FATAL(out.m, 2);
	CU_ASSERT_EQUAL(out.counts[0], 0);
	CU_ASSERT_EQUAL(out.counts[1], 16);
	tly_rle_clear(&out);
	tly_rle_clear(&r[0]);
	tly_rle_clear(&r[1]);
	merge_case(TLY_RLE_INTERSECTION, cf, 2, art_c);
}

static void test_merge_errors(void)
{
	uint32_t c1[] = {6}, c2[] = {6};
	tly_rle r[2] = {{2, 3, 1, c1}, {3, 2, 1, c2}}, out;

	CU_ASSERT_EQUAL(tly_rle_merge(&out, r, 0, TLY_RLE_UNION), TLY_EARG);
	CU_ASSERT_EQUAL(tly_rle_merge(&out, r, 2, TLY_RLE_UNION), TLY_EARG);
	CU_ASSERT(strstr(tly_error_last(), "mask 1 is 3x2") != NULL);
	CU_ASSERT_EQUAL(tly_rle_merge(&out, r, 1, (tly_rle_merge_op)42), TLY_EARG);
	CU_ASSERT_EQUAL(out.counts, NULL);
}

static void test_allocation_failures(void)
{
	tly_rle r[3], out;
	long n;
	int rc = -1;

	make(&r[0], art_a);
	make(&r[1], art_b);
	make(&r[2], art_c);
	/* Two allocations (runs, cursors): each failure is TLY_ENOMEM, no leak. */
	for (n = 1; n < 10 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_rle_merge(&out, r, 3, TLY_RLE_MAJORITY);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CU_ASSERT_PTR_NULL(out.counts);
		}
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(n > 2);
	tly_rle_clear(&out);
	tly_rle_clear(&r[0]);
	tly_rle_clear(&r[1]);
	tly_rle_clear(&r[2]);
}

/*
 * Coverage patterns of a, b, c (bit 0 = a, 1 = b, 2 = c), counted cell by cell:
 *   a  ##..   b  .##.   c  #...
 *      ##..      .##.      ####
 *      ....      .##.      ....
 *      ....      ....      ...#
 * row 0: (0,0) a+c=5, (1,0) a+b=3, (2,0) b=2, (3,0) none=0
 * row 1: (0,1) a+c=5, (1,1) a+b+c=7, (2,1) b+c=6, (3,1) c=4
 * row 2: (0,2) 0, (1,2) b=2, (2,2) b=2, (3,2) 0
 * row 3: (0,3) 0, (1,3) 0, (2,3) 0, (3,3) c=4
 * counts: p0 6, p2 3, p3 1, p4 2, p5 2, p6 1, p7 1, p1 0 (16 in all).
 */
static void test_pattern_counts(void)
{
	static const uint64_t want[8] = {6, 0, 3, 1, 2, 2, 1, 1};
	tly_rle m[3], sel;
	uint64_t counts[8];
	/* keep the pixels exactly two masks cover: patterns 3, 5, 6 */
	static const uint8_t two[8] = {0, 0, 0, 1, 0, 1, 1, 0};
	static const char *const art_two[] = {"##..", "#.#.", "....", "...."};
	size_t i;

	make(&m[0], art_a);
	make(&m[1], art_b);
	make(&m[2], art_c);
	CHECK_OK(tly_rle_pattern_counts(counts, m, 3));
	for (i = 0; i < 8; i++)
		CU_ASSERT_EQUAL(counts[i], want[i]);
	CHECK_OK(tly_rle_select(&sel, m, 3, two));
	check_art(&sel, art_two);
	tly_rle_clear(&sel);
	CU_ASSERT_EQUAL(tly_rle_pattern_counts(counts, m, 0), TLY_EARG);
	for (i = 0; i < 3; i++)
		tly_rle_clear(&m[i]);
}

TLY_TESTS("geom_rle_ops",
	  {"pattern_counts", test_pattern_counts},
	  {"iou", test_iou},
	  {"crowd_iou", test_crowd_iou},
	  {"iou_sizes_differ", test_iou_sizes_differ},
	  {"iou_zero_runs", test_iou_zero_runs},
	  {"union_intersection", test_union_intersection},
	  {"union_runs", test_union_runs},
	  {"majority", test_majority},
	  {"merge_one_and_full", test_merge_one_and_full},
	  {"merge_errors", test_merge_errors},
	  {"allocation_failures", test_allocation_failures})
