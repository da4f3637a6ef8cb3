/*
 * Polygon rasterisation (src/geom/polygon.c), worked by hand with the
 * documented pycocotools algorithm:
 *  1. each vertex is scaled by 5 and rounded as the C cast (int)(5v + .5)
 *     (truncation: -2 -> -9.5 -> -9);
 *  2. each edge is walked one unit at a time along its longer axis (x when
 *     |dx| >= |dy|), the other coordinate rounded the same way;
 *  3. a step between u = 5c + 2 and 5c + 3 crosses column c's centre; with
 *     v' the smaller v of the two points it cuts column c at row
 *     ceil((v' - 2) / 5), clamped to [0, h]; columns outside [0, w) drop;
 *  4. cuts (index c * h + row) are sorted with h * w appended; the runs are
 *     their differences, two cuts at the same index cancelling.
 * So a pixel is in when its centre (c + .5, r + .5) is inside, with the
 * tie rules the walk gives. Grids are ASCII art, '#' = 1, top row first.
 */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "tally/polygon.h"
#include "util/alloc.h"
#include "util/limits.h"

#define MAXPIX 64

static void check_poly(const double *xy, size_t n, size_t h, size_t w, const char *const *rows)
{
	uint8_t got[MAXPIX];
	int64_t area = 0;
	size_t x, y, i;
	tly_rle r;

	CHECK_OK(tly_polygon_to_rle(&r, xy, n, (int64_t)h, (int64_t)w));
	CU_ASSERT_EQUAL(r.h, h);
	CU_ASSERT_EQUAL(r.w, w);
	CHECK_OK(tly_rle_decode(got, h * w, &r));
	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			int want = rows[y][x] == '#';

			area += want;
			if (got[x * h + y] != want)
				fprintf(stderr, "pixel (%zu,%zu): %d, expected %d\n", x, y, got[x * h + y], want);
			CU_ASSERT_EQUAL(got[x * h + y], want);
		}
	}
	CU_ASSERT_EQUAL(tly_rle_area(&r), area);
	for (i = 1; i < r.m; i++)
		CU_ASSERT(r.counts[i] > 0);
	tly_rle_clear(&r);
}

static void test_square(void)
{
	/* (1,1) (4,1) (4,4) (1,4) -> (5,5) (20,5) (20,20) (5,20).
	 * Top edge, rightwards at v = 5: crossings u 7|8, 12|13, 17|18 =
	 * columns 1, 2, 3, row ceil((5 - 2) / 5) = 1. Bottom edge, leftwards at
	 * v = 20: the same columns, row ceil(18 / 5) = 4. Vertical edges keep u
	 * fixed: no crossings. Columns 1-3 hold rows 1-3. */
	static const double xy[] = {1, 1, 4, 1, 4, 4, 1, 4};
	static const char *const want[] = {
		"......",
		".###..",
		".###..",
		".###..",
		"......",
		"......",
	};
	tly_rle r;

	check_poly(xy, 4, 6, 6, want);
	/* Cuts at 1*6+1 = 7, 10, 13, 16, 19, 22, then 36: runs 7 3 3 3 3 3 14. */
	CHECK_OK(tly_polygon_to_rle(&r, xy, 4, 6, 6));
	CU_ASSERT_EQUAL_FATAL(r.m, 7);
	CU_ASSERT_EQUAL(r.counts[0], 7);
	CU_ASSERT_EQUAL(r.counts[5], 3);
	CU_ASSERT_EQUAL(r.counts[6], 14);
	tly_rle_clear(&r);
}

static void test_triangle(void)
{
	/* (0,0) (4,0) (0,4) -> (0,0) (20,0) (0,20).
	 * Top edge, right at v = 0: columns 0-3 (u 2|3 ... 17|18), row
	 * ceil(-2 / 5) < 0 -> 0. Hypotenuse (20,0) -> (0,20): |dx| = |dy|, so
	 * it steps in x; walked from u = 20 down with v = (int)(20 - u + .5)
	 * = 20 - u. Step 5c+3 -> 5c+2: v' = 20 - (5c + 3) = 17 - 5c, row
	 * ceil((15 - 5c) / 5) = 3 - c: column 0 row 3, 1 row 2, 2 row 1, 3 row 0.
	 * Left edge vertical: nothing. Column 3 is cut twice at row 0: cancels.
	 * Centres on the hypotenuse (x + y = 4) stay out. */
	static const double xy[] = {0, 0, 4, 0, 0, 4};
	static const char *const want[] = {
		"###...",
		"##....",
		"#.....",
		"......",
		"......",
		"......",
	};
	tly_rle r;
	char *s = NULL;

	check_poly(xy, 3, 6, 6, want);
	/* Cuts 0, 3, 6, 8, 12, 13, 18, 18, 36: differences 0 3 3 2 4 1 5 0 18,
	 * the 0 folding 18 into the 5: runs 0 3 3 2 4 1 23. As a string: '0',
	 * '3', '3', then deltas 2-3 = -1 'O', 4-3 = 1 '1', 1-2 = -1 'O', 23-4 = 19
	 * (0x10 set, rest 0: 19 | 0x20 = 51 -> 'c', then '0'). */
	CHECK_OK(tly_polygon_to_rle(&r, xy, 3, 6, 6));
	CHECK_OK(tly_rle_to_string(&s, NULL, &r));
	CU_ASSERT_STRING_EQUAL(s, "033O1Oc0");
	tly_free(s);
	tly_rle_clear(&r);
}

static void test_fractional_triangle(void)
{
	/* (0.5,0.5) (3.5,0.5) (0.5,3.5) -> (int)(2.5 + .5) = 3, (int)(17.5 + .5)
	 * = 18: (3,3) (18,3) (3,18). Top edge from u = 3: the 2|3 step never
	 * happens, so columns 1-3 (7|8, 12|13, 17|18), row ceil(1 / 5) = 1.
	 * Hypotenuse walked from u = 18 down, v = 21 - u: step 5c+3 -> 5c+2
	 * gives v' = 18 - 5c, row ceil((16 - 5c) / 5): column 1 row 3, 2 row 2,
	 * 3 row 1 (cancels with the top cut). Here the hypotenuse's centres
	 * (1.5,2.5) and (2.5,1.5) are in, while the top and left edges' are out. */
	static const double xy[] = {0.5, 0.5, 3.5, 0.5, 0.5, 3.5};
	static const char *const want[] = {
		".....",
		".##..",
		".#...",
		".....",
		".....",
	};
	tly_rle r;

	check_poly(xy, 3, 5, 5, want);
	/* Cuts 6, 8, 11, 12, 16, 16, 25 -> runs 6 2 3 1 (4 + 0 + 9 =) 13. */
	CHECK_OK(tly_polygon_to_rle(&r, xy, 3, 5, 5));
	CU_ASSERT_EQUAL_FATAL(r.m, 5);
	CU_ASSERT_EQUAL(r.counts[0], 6);
	CU_ASSERT_EQUAL(r.counts[1], 2);
	CU_ASSERT_EQUAL(r.counts[2], 3);
	CU_ASSERT_EQUAL(r.counts[3], 1);
	CU_ASSERT_EQUAL(r.counts[4], 13);
	tly_rle_clear(&r);
}

static void test_fractional_square(void)
{
	/* (0.4,0.4)-(2.6,2.6): 5 * 0.4 + .5 = 2.5 -> 2; 5 * 2.6 + .5 = 13.5 -> 13.
	 * Top edge right at v = 2 from u = 2: columns 0 (2|3), 1, 2 (12|13),
	 * row ceil(0 / 5) = 0; bottom edge at v = 13: row ceil(11 / 5) = 3.
	 * A 3 x 3 block: 9 pixels for a 4.84 square pixel polygon, as COCO. */
	static const double xy[] = {0.4, 0.4, 2.6, 0.4, 2.6, 2.6, 0.4, 2.6};
	static const char *const want[] = {"###.", "###.", "###.", "...."};

	check_poly(xy, 4, 4, 4, want);
}

static void test_concave(void)
{
	/* A notch from the top: (0,0) (3,3) (6,0) (6,6) (0,6) -> (0,0) (15,15)
	 * (30,0) (30,30) (0,30), on 8 x 8.
	 * (0,0)->(15,15): steps in x, v = u; step 5c+2 -> 5c+3 gives v' = 5c+2,
	 * row c: columns 0, 1, 2 at rows 0, 1, 2.
	 * (15,15)->(30,0): v = 15 - (u - 15) = 30 - u; step 5c+2 -> 5c+3 gives
	 * v' = 30 - (5c + 3) = 27 - 5c, row ceil((25 - 5c) / 5) = 5 - c:
	 * columns 3, 4, 5 at rows 2, 1, 0.
	 * (30,30)->(0,30): columns 5..0 at row ceil(28 / 5) = 6.
	 * Columns: 0 rows 0-5, 1 rows 1-5, 2 rows 2-5, 3 rows 2-5, 4 rows 1-5,
	 * 5 rows 0-5 (area 30). */
	static const double xy[] = {0, 0, 3, 3, 6, 0, 6, 6, 0, 6};
	static const char *const want[] = {
		"#....#..",
		"##..##..",
		"######..",
		"######..",
		"######..",
		"######..",
		"........",
		"........",
	};
	/* An L: (1,1) (5,1) (5,3) (3,3) (3,6) (1,6) -> (5,5) (25,5) (25,15)
	 * (15,15) (15,30) (5,30). Cuts: row 1 in columns 1-4 (v = 5); row
	 * ceil(13 / 5) = 3 in columns 3-4 (v = 15); row ceil(28 / 5) = 6 in
	 * columns 1-2 (v = 30). */
	static const double l_xy[] = {1, 1, 5, 1, 5, 3, 3, 3, 3, 6, 1, 6};
	static const char *const l_want[] = {
		"........",
		".####...",
		".####...",
		".##.....",
		".##.....",
		".##.....",
		"........",
		"........",
	};

	check_poly(xy, 5, 8, 8, want);
	check_poly(l_xy, 6, 8, 8, l_want);
}

static void test_clipped(void)
{
	/* (-2,-2) (3,-2) (3,3) (-2,3): 5 * -2 + .5 = -9.5 truncates to -9, so
	 * (-9,-9) (15,-9) (15,15) (-9,15). Top edge: columns 0-2 (u >= 2 only),
	 * v' = -9 -> row clamped to 0; bottom edge v = 15: row 3. The walk's
	 * columns left of 0 (u < 2) are dropped. */
	static const double tl[] = {-2, -2, 3, -2, 3, 3, -2, 3};
	static const char *const tl_want[] = {"###.", "###.", "###.", "...."};
	/* (2,2) (9,2) (9,9) (2,9) on 6 x 6 -> (10,10) (45,10) (45,45) (10,45).
	 * Top edge: columns 2..8 at row ceil(8 / 5) = 2, but only 2-5 are in the
	 * image; bottom edge at v = 45: row ceil(43 / 5) = 9, clamped to h = 6.
	 * Cuts 14, 18, 20, 24, 26, 30, 32, 36, and 36 = h * w: the last pair
	 * cancels, runs 14 4 2 4 2 4 2 4. */
	static const double br[] = {2, 2, 9, 2, 9, 9, 2, 9};
	static const char *const br_want[] = {
		"......",
		"......",
		"..####",
		"..####",
		"..####",
		"..####",
	};
	/* Entirely outside (right of the image): nothing. */
	static const double out[] = {10, 0, 12, 0, 12, 3};
	static const char *const none[] = {"....", "....", "....", "...."};
	tly_rle r;

	check_poly(tl, 4, 4, 4, tl_want);
	check_poly(br, 4, 6, 6, br_want);
	check_poly(out, 3, 4, 4, none);
	CHECK_OK(tly_polygon_to_rle(&r, br, 4, 6, 6));
	CU_ASSERT_EQUAL_FATAL(r.m, 8);
	CU_ASSERT_EQUAL(r.counts[0], 14);
	CU_ASSERT_EQUAL(r.counts[7], 4);
	tly_rle_clear(&r);
}

static void test_degenerate(void)
{
	/* Collinear (1,1) (3,3) (5,5) -> (5,5) (15,15) (25,25): out along the
	 * diagonal it cuts columns 1-4 at rows 1-4 (v' = 5c + 2, row c); the
	 * closing edge back is the same points walked leftwards, the same cuts
	 * again: every cut pairs with its twin and the mask is empty ({36}). */
	static const double line[] = {1, 1, 3, 3, 5, 5};
	/* A repeated vertex everywhere: no edge moves, no cut. */
	static const double point[] = {2, 2, 2, 2, 2, 2};
	/* A horizontal sliver thinner than a pixel centre spacing: (0,1.1)
	 * (5,1.1) (5,1.3) (0,1.3) -> v 6 and 7 (5.5 + .5, 6.5 + .5): rows
	 * ceil(4 / 5) = 1 and ceil(5 / 5) = 1: the same cut twice, empty. */
	static const double sliver[] = {0, 1.1, 5, 1.1, 5, 1.3, 0, 1.3};
	static const char *const none[] = {"......", "......", "......", "......", "......", "......"};
	/* A repeated vertex inside a real square changes nothing. */
	static const double rep[] = {1, 1, 4, 1, 4, 1, 4, 4, 1, 4};
	static const char *const sq[] = {"......", ".###..", ".###..", ".###..", "......", "......"};
	tly_rle r;

	check_poly(line, 3, 6, 6, none);
	check_poly(point, 3, 6, 6, none);
	check_poly(sliver, 4, 6, 6, none);
	check_poly(rep, 5, 6, 6, sq);
	CHECK_OK(tly_polygon_to_rle(&r, line, 3, 6, 6));
	CU_ASSERT_EQUAL_FATAL(r.m, 1);
	CU_ASSERT_EQUAL(r.counts[0], 36);
	tly_rle_clear(&r);
}

static void test_far_vertices(void)
{
	/* Corners at +-1e7 (TLY_MAX_COORD): 5 * -1e7 + .5 truncates to
	 * -49999999, 5e7 + .5 to 50000000. Top edge: every column 0-5, row
	 * clamped to 0; bottom edge: row clamped to h = 6. Cuts 0, 6, 6, 12, 12,
	 * ..., 30, 36 and 36: each inner pair cancels, runs {0, 36}: the whole
	 * image. The walk skips the 1e8 points per edge outside the image, so
	 * this is instant. */
	static const double xy[] = {-1e7, -1e7, 1e7, -1e7, 1e7, 1e7, -1e7, 1e7};
	/* A needle: (2.5, -1e7) (3.5, 1e7) (2.5, 1e7), 2e8 units tall, one wide.
	 * Upsampled (13, -49999999) (18, 50000000) (13, 50000000). The long
	 * edge steps in y with u = (int)(13 + 5t / 99999999 + .5): u reaches 18
	 * (the 17|18 step: column 3) only once 5t / 99999999 >= 4.5, t ~ 9e7,
	 * v ~ 4e7: row clamped to 6. The top edge goes back 18 -> 13 at v = 5e7:
	 * column 3 again, row 6: the pair cancels. u never reaches 12, so
	 * column 2 (centre 2.5, on the left edge) is never cut: empty. */
	static const double needle[] = {2.5, -1e7, 3.5, 1e7, 2.5, 1e7};
	static const char *const none[] = {"......", "......", "......", "......", "......", "......"};
	tly_rle r;

	CHECK_OK(tly_polygon_to_rle(&r, xy, 4, 6, 6));
	CU_ASSERT_EQUAL_FATAL(r.m, 2);
	CU_ASSERT_EQUAL(r.counts[0], 0);
	CU_ASSERT_EQUAL(r.counts[1], 36);
	tly_rle_clear(&r);
	check_poly(needle, 3, 6, 6, none);
}

static void test_empty_image(void)
{
	static const double xy[] = {0, 0, 4, 0, 0, 4};
	tly_rle r;

	/* No pixels: the single run {0}. */
	CHECK_OK(tly_polygon_to_rle(&r, xy, 3, 0, 5));
	CU_ASSERT_EQUAL_FATAL(r.m, 1);
	CU_ASSERT_EQUAL(r.counts[0], 0);
	tly_rle_clear(&r);
}

static void test_bad_polygons(void)
{
	static const double two[] = {0, 0, 1, 1};
	double xy[] = {0, 0, 4, 0, 0, 4};
	tly_rle r;

	CU_ASSERT_EQUAL(tly_polygon_to_rle(&r, two, 2, 6, 6), TLY_EINPUT);
	CU_ASSERT(strstr(tly_error_last(), "2 points") != NULL);
	CU_ASSERT_EQUAL(tly_polygon_to_rle(&r, two, 0, 6, 6), TLY_EINPUT);
	xy[3] = NAN;
	CU_ASSERT_EQUAL(tly_polygon_to_rle(&r, xy, 3, 6, 6), TLY_EINPUT);
	CU_ASSERT(strstr(tly_error_last(), "point 1: y") != NULL);
	xy[3] = 0;
	xy[4] = INFINITY;
	CU_ASSERT_EQUAL(tly_polygon_to_rle(&r, xy, 3, 6, 6), TLY_EINPUT);
	CU_ASSERT(strstr(tly_error_last(), "point 2: x") != NULL);
	xy[4] = -2 * TLY_MAX_COORD;
	CU_ASSERT_EQUAL(tly_polygon_to_rle(&r, xy, 3, 6, 6), TLY_ELIMIT);
	CU_ASSERT(strstr(tly_error_last(), "TLY_MAX_COORD") != NULL);
	xy[4] = 0;
	CU_ASSERT_EQUAL(tly_polygon_to_rle(&r, xy, 3, TLY_MAX_IMAGE_SIDE + 1, 6), TLY_ELIMIT);
	CU_ASSERT_EQUAL(tly_polygon_to_rle(&r, xy, 3, 6, -1), TLY_EINPUT);
	/* The vertex cap is checked before any coordinate is read. */
	CU_ASSERT_EQUAL(tly_polygon_to_rle(&r, xy, (size_t)TLY_MAX_POLYGON_POINTS + 1, 6, 6), TLY_ELIMIT);
	CU_ASSERT(strstr(tly_error_last(), "TLY_MAX_POLYGON_POINTS") != NULL);
	CU_ASSERT_EQUAL(r.counts, NULL);
	CU_ASSERT_EQUAL(r.m, 0);
}

static void test_multi_polygon_union(void)
{
	/* A COCO segmentation of two parts is the union of their masks: the
	 * 6 x 6 square above and a triangle (0,4) (2,4) (0,6) -> (0,20) (10,20)
	 * (0,30): top edge v = 20, columns 0-1 at row 4; hypotenuse from u = 10
	 * down, v = 30 - u, step 5c+3 -> 5c+2: v' = 27 - 5c, row 5 - c: column 0
	 * row 5, column 1 row 4 (cancels). So pixel (0,4) only. */
	static const double sq[] = {1, 1, 4, 1, 4, 4, 1, 4};
	static const double tri[] = {0, 4, 2, 4, 0, 6};
	tly_rle parts[2], u;
	uint8_t got[36];

	CHECK_OK(tly_polygon_to_rle(&parts[0], sq, 4, 6, 6));
	CHECK_OK(tly_polygon_to_rle(&parts[1], tri, 3, 6, 6));
	CU_ASSERT_EQUAL(tly_rle_area(&parts[1]), 1);
	CHECK_OK(tly_rle_merge(&u, parts, 2, TLY_RLE_UNION));
	CU_ASSERT_EQUAL(tly_rle_area(&u), 10);
	CHECK_OK(tly_rle_decode(got, 36, &u));
	CU_ASSERT_EQUAL(got[0 * 6 + 4], 1);
	tly_rle_clear(&u);
	tly_rle_clear(&parts[0]);
	tly_rle_clear(&parts[1]);
}

static void test_allocation_failures(void)
{
	/* (1,1)-(30,30) on 32 x 32 cuts 29 columns twice: the cut vector grows
	 * 8 -> 16 -> 32 -> 64, then the runs are allocated. Failing each
	 * allocation in turn must give TLY_ENOMEM, an empty value and no leak. */
	static const double xy[] = {1, 1, 30, 1, 30, 30, 1, 30};
	tly_rle r;
	long n;
	int rc = -1;

	for (n = 1; n < 100 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_polygon_to_rle(&r, xy, 4, 32, 32);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CU_ASSERT_PTR_NULL(r.counts);
		}
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(n > 5);
	/* 29 columns x 29 rows. */
	CU_ASSERT_EQUAL(tly_rle_area(&r), 29 * 29);
	tly_rle_clear(&r);
}

TLY_TESTS("geom_polygon",
	  {"square", test_square},
	  {"triangle", test_triangle},
	  {"fractional_triangle", test_fractional_triangle},
	  {"fractional_square", test_fractional_square},
	  {"concave", test_concave},
	  {"clipped", test_clipped},
	  {"degenerate", test_degenerate},
	  {"far_vertices", test_far_vertices},
	  {"empty_image", test_empty_image},
	  {"bad_polygons", test_bad_polygons},
	  {"multi_polygon_union", test_multi_polygon_union},
	  {"allocation_failures", test_allocation_failures})
