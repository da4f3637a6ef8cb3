/*
 * Mask outlines (src/export/outline.c): hand-traced outlines of small
 * masks, and for a few thousand random masks the proof that matters: the
 * outline rasterised by tly_polygon_to_rle (pycocotools' frPoly) gives
 * back exactly the mask.
 */
#include <stdlib.h>

#include "harness.h"
#include "export/mask_crop.h"
#include "export/outline.h"
#include "tally/polygon.h"
#include "tally/rle.h"
#include "util/alloc.h"

/* ROWS (H strings of W chars, '#' set) as a COCO RLE of an H x W image. */
static void mask_of(tly_rle *m, const char *const *rows, int64_t h, int64_t w)
{
	uint8_t *px = tly_calloc((size_t)(h * w), 1);
	int64_t x, y;

	CU_ASSERT_PTR_NOT_NULL_FATAL(px);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			px[x * h + y] = rows[y][x] == '#';
	CHECK_OK(tly_rle_encode(m, px, h, w));
	tly_free(px);
}

static void outline_of(tly_export__points *pts, const tly_rle *m)
{
	tly_export__crop c;

	CHECK_OK(tly_export__crop_init(&c, m, "test"));
	CHECK_OK(tly_export__outline(pts, &c, "test"));
	tly_export__crop_clear(&c);
}

/* Rasterise PTS on M's image and compare with M run for run. */
static int same_pixels(const tly_export__points *pts, const tly_rle *m)
{
	double *xy = tly_calloc(pts->count, sizeof(double));
	tly_rle back, a, b;
	size_t i;
	int same;

	CU_ASSERT_PTR_NOT_NULL_FATAL(xy);
	for (i = 0; i < pts->count; i++)
		xy[i] = pts->items[i];
	CHECK_OK(tly_polygon_to_rle(&back, xy, pts->count / 2, m->h, m->w));
	/* Compare canonical forms: merge drops empty runs. */
	CHECK_OK(tly_rle_merge(&a, &back, 1, TLY_RLE_UNION));
	CHECK_OK(tly_rle_merge(&b, m, 1, TLY_RLE_UNION));
	same = a.m == b.m;
	for (i = 0; same && i < a.m; i++)
		same = a.counts[i] == b.counts[i];
	tly_rle_clear(&a);
	tly_rle_clear(&b);
	tly_rle_clear(&back);
	tly_free(xy);
	return same;
}

static void check_points(const tly_export__points *pts, const uint32_t *want, size_t n)
{
	size_t i;

	CU_ASSERT_EQUAL(pts->count, n);
	for (i = 0; i < n && i < pts->count; i++) {
		if (pts->items[i] != want[i])
			fprintf(stderr, "point value %zu: %u, expected %u\n", i, pts->items[i], want[i]);
		CU_ASSERT_EQUAL(pts->items[i], want[i]);
	}
}

/*
 * seg_polygons' consensus mask (fixtures/e2e/seg_polygons/NOTES.md): columns
 * 1-6 rows 1-6 plus row 7 of columns 2-6. Traced from its top-left corner
 * (1,1) with the mask on the right: right along the top to (7,1), down the
 * right side to (7,8), left along the bottom to (2,8), up to (2,7), left
 * one to (1,7), up to the start.
 */
static void test_seg_mask(void)
{
	static const char *const rows[] = {
		"..........", ".######...", ".######...", ".######...", ".######...",
		".######...", ".######...", "..#####...", "..........", ".........."};
	static const uint32_t want[] = {1, 1, 7, 1, 7, 8, 2, 8, 2, 7, 1, 7};
	tly_export__points pts = {NULL, 0, 0};
	tly_rle m;

	mask_of(&m, rows, 10, 10);
	outline_of(&pts, &m);
	check_points(&pts, want, sizeof(want) / sizeof(want[0]));
	CU_ASSERT(same_pixels(&pts, &m));
	TLY_VEC_CLEAR(&pts);
	tly_rle_clear(&m);
}

/*
 * A 3x3 ring with a hole at (1,1): the outer ring (0,0) (3,0) (3,3) (0,3);
 * the hole's ring starts at its top-left vertex (1,1) and, keeping the
 * mask on its right, goes down the left pixel's right side to (1,2), right
 * to (2,2), up to (2,1) and back; joined by the bridge (0,0) -> (1,1) and
 * back: 0,0 3,0 3,3 0,3 | 0,0 | 1,1 1,2 2,2 2,1 | 1,1 (then the closing
 * edge returns to 0,0).
 */
static void test_hole(void)
{
	static const char *const rows[] = {"###", "#.#", "###"};
	static const uint32_t want[] = {0, 0, 3, 0, 3, 3, 0, 3, 0, 0, 1, 1, 1, 2, 2, 2, 2, 1, 1, 1};
	tly_export__points pts = {NULL, 0, 0};
	tly_rle m;

	mask_of(&m, rows, 3, 3);
	outline_of(&pts, &m);
	check_points(&pts, want, sizeof(want) / sizeof(want[0]));
	CU_ASSERT(same_pixels(&pts, &m));
	TLY_VEC_CLEAR(&pts);
	tly_rle_clear(&m);
}

/*
 * Two pixels touching only at a corner, (0,0) and (1,1) on a 2x2 image:
 * each its own ring (the walk turns right at the shared vertex), the
 * second bridged from (0,0): 0,0 1,0 1,1 0,1 | 0,0 | 1,1 2,1 2,2 1,2 | 1,1.
 */
static void test_diagonal(void)
{
	static const char *const rows[] = {"#.", ".#"};
	static const uint32_t want[] = {0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 2, 1, 2, 2, 1, 2, 1, 1};
	tly_export__points pts = {NULL, 0, 0};
	tly_rle m;

	mask_of(&m, rows, 2, 2);
	outline_of(&pts, &m);
	check_points(&pts, want, sizeof(want) / sizeof(want[0]));
	CU_ASSERT(same_pixels(&pts, &m));
	TLY_VEC_CLEAR(&pts);
	tly_rle_clear(&m);
}

/* A mask placed away from the origin: the crop's offset is added back. */
static void test_offset(void)
{
	static const char *const rows[] = {".....", ".....", "...##", "....."};
	static const uint32_t want[] = {3, 2, 5, 2, 5, 3, 3, 3};
	tly_export__points pts = {NULL, 0, 0};
	tly_rle m;

	mask_of(&m, rows, 4, 5);
	outline_of(&pts, &m);
	check_points(&pts, want, sizeof(want) / sizeof(want[0]));
	CU_ASSERT(same_pixels(&pts, &m));
	TLY_VEC_CLEAR(&pts);
	tly_rle_clear(&m);
}

/* A fixed linear congruential generator: the same masks on every run. */
static uint32_t lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(*s >> 33);
}

/* Random masks of every density, sizes 1..14, many parts and holes. */
static void test_random_masks_rasterise_back(void)
{
	uint64_t seed = 12345;
	int trial, bad = 0;

	for (trial = 0; trial < 3000; trial++) {
		int64_t h = 1 + lcg(&seed) % 14, w = 1 + lcg(&seed) % 14, i;
		uint32_t density = 1 + lcg(&seed) % 9;
		uint8_t *px = tly_calloc((size_t)(h * w), 1);
		tly_export__points pts = {NULL, 0, 0};
		tly_rle m;

		CU_ASSERT_PTR_NOT_NULL_FATAL(px);
		for (i = 0; i < h * w; i++)
			px[i] = lcg(&seed) % 10 < density;
		px[lcg(&seed) % (uint32_t)(h * w)] = 1;
		CHECK_OK(tly_rle_encode(&m, px, h, w));
		outline_of(&pts, &m);
		if (!same_pixels(&pts, &m) && bad++ < 3)
			fprintf(stderr, "trial %d (%lldx%lld): the outline does not rasterise back\n", trial,
				(long long)w, (long long)h);
		TLY_VEC_CLEAR(&pts);
		tly_rle_clear(&m);
		tly_free(px);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

TLY_TESTS("export_outline", {"seg_mask", test_seg_mask}, {"hole", test_hole},
	  {"diagonal", test_diagonal}, {"offset", test_offset},
	  {"random_masks_rasterise_back", test_random_masks_rasterise_back})
