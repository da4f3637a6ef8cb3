/*
 * Consensus masks (src/vote/mask.c, SPEC §5): pixel-wise majority of a
 * cluster's masks, worked by hand on a 10 x 10 image. Polygons with whole
 * corners (x0,y0)-(x1,y1) cover columns x0..x1-1 and rows y0..y1-1 (pixel
 * centres inside; tests/geom/test_polygon.c works the walk). RLE runs are
 * column-major (index = x * 10 + y).
 */
#include <string.h>

#include "harness.h"
#include "tally/polygon.h"
#include "tally/vote.h"

/*
 * Three annotators, one shape each (fixtures/e2e/seg_polygons uses the same):
 *   A [1,1,7,1,7,7,1,7]  columns 1-6, rows 1-6  (36 px)
 *   B [1,1,7,1,7,8,1,8]  columns 1-6, rows 1-7  (42 px)
 *   C [2,1,8,1,8,8,2,8]  columns 2-7, rows 1-7  (42 px), B shifted right by 1
 * Covered by at least 2 of 3: columns 1-6 rows 1-6 (A and B; C too from
 * column 2), and row 7 in columns 2-6 (B and C); column 7 (C alone) and
 * (1, 7) (B alone) are out. Consensus: 36 + 5 = 41 px, box [1, 1, 6, 7].
 * Runs: 11 zeros (column 0, row 0 of column 1), 6 ones (column 1 rows 1-6),
 * 4 zeros (rows 7-9, row 0 of column 2), then 7 ones / 3 zeros for columns
 * 2-5, 7 ones for column 6 and 2 + 30 = 32 zeros: 11 6 4 7 3 7 3 7 3 7 3 7 32.
 */
static const double PA[] = {1, 1, 7, 1, 7, 7, 1, 7};
static const double PB[] = {1, 1, 7, 1, 7, 8, 1, 8};
static const double PC[] = {2, 1, 8, 1, 8, 8, 2, 8};
static const uint32_t WANT[] = {11, 6, 4, 7, 3, 7, 3, 7, 3, 7, 3, 7, 32};

static tly_rle r[3];
static tly_geometry g[3];
static tly_match_item it[3];
static const uint32_t ALL[3] = {0, 1, 2};

static void setup(void)
{
	const double *p[3] = {PA, PB, PC};
	size_t i;

	for (i = 0; i < 3; i++) {
		CHECK_OK(tly_polygon_to_rle(&r[i], p[i], 4, 10, 10));
		g[i].kind = TLY_GEOM_POLYGON;
		g[i].box = tly_rle_bbox(&r[i]);
		g[i].rle = &r[i];
		it[i].geom = &g[i];
		it[i].owner = (uint32_t)i;
		it[i].label = 0;
		it[i].key = (int64_t)i + 1;
	}
}

static void teardown(void)
{
	size_t i;

	for (i = 0; i < 3; i++)
		tly_rle_clear(&r[i]);
}

static void test_majority(void)
{
	tly_geometry cons = {TLY_GEOM_MASK, {0, 0, 0, 0}, NULL};
	tly_rle out;
	tly_box b;
	size_t i;

	setup();
	CU_ASSERT_EQUAL(tly_rle_area(&r[0]), 36);
	CU_ASSERT_EQUAL(tly_rle_area(&r[1]), 42);
	CU_ASSERT_EQUAL(tly_rle_area(&r[2]), 42);
	/* Pairwise, all >= 0.5 (one cluster under complete linkage):
	 * A-B 36/42 = 6/7; A-C overlap columns 2-6 rows 1-6 = 30, union
	 * 36 + 42 - 30 = 48: 0.625; B-C overlap columns 2-6 rows 1-7 = 35,
	 * union 49: 5/7. */
	CHECK_NEAR(tly_geom_iou(&g[0], &g[1]), 6.0 / 7.0, 1e-15);
	CHECK_NEAR(tly_geom_iou(&g[0], &g[2]), 0.625, 1e-15);
	CHECK_NEAR(tly_geom_iou(&g[1], &g[2]), 5.0 / 7.0, 1e-15);

	CU_ASSERT_EQUAL(tly_vote_mask(&out, it, ALL, 3), 1);
	CU_ASSERT_EQUAL(out.h, 10);
	CU_ASSERT_EQUAL(out.w, 10);
	CU_ASSERT_EQUAL_FATAL(out.m, sizeof(WANT) / sizeof(WANT[0]));
	for (i = 0; i < out.m; i++)
		CU_ASSERT_EQUAL(out.counts[i], WANT[i]);
	CU_ASSERT_EQUAL(tly_rle_area(&out), 41);
	b = tly_rle_bbox(&out);
	CU_ASSERT(b.x == 1 && b.y == 1 && b.w == 6 && b.h == 7);
	/* Member IoU to the consensus (41 px): A inside it, 36/41; the
	 * consensus inside B, 41/42; C overlaps 30 + 5 = 35, union 41 + 42 -
	 * 35 = 48: 35/48. Agreement = their mean. */
	cons.rle = &out;
	CHECK_NEAR(tly_geom_iou(&g[0], &cons), 36.0 / 41.0, 1e-15);
	CHECK_NEAR(tly_geom_iou(&g[1], &cons), 41.0 / 42.0, 1e-15);
	CHECK_NEAR(tly_geom_iou(&g[2], &cons), 35.0 / 48.0, 1e-15);
	tly_rle_clear(&out);
	teardown();
}

static void test_two_members(void)
{
	/* Two of two must cover a pixel (2 * covering > 2): the intersection
	 * of A and C, columns 2-6 rows 1-6 = 30 px. */
	static const uint32_t AC[2] = {0, 2};
	tly_rle out;

	setup();
	CU_ASSERT_EQUAL(tly_vote_mask(&out, it, AC, 2), 1);
	CU_ASSERT_EQUAL(tly_rle_area(&out), 30);
	tly_rle_clear(&out);
	teardown();
}

static void test_mixed_keeps_box(void)
{
	/* A box member: no pixel vote, *out empty, the cluster keeps its box. */
	tly_rle out;

	setup();
	g[1].rle = NULL;
	g[1].kind = TLY_GEOM_BOX;
	CU_ASSERT_EQUAL(tly_vote_mask(&out, it, ALL, 3), 0);
	CU_ASSERT_EQUAL(out.m, 0);
	CU_ASSERT_PTR_NULL(out.counts);
	CU_ASSERT_EQUAL(tly_vote_mask(&out, it, ALL, 0), 0);
	teardown();
}

TLY_TESTS("vote_mask",
	  {"majority", test_majority},
	  {"two_members", test_two_members},
	  {"mixed_keeps_box", test_mixed_keeps_box})
