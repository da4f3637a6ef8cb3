/*
 * Masks cut to their bounding box (src/export/mask_crop.c): the crop's
 * place and pixels, row-major runs over the crop and over the whole image,
 * worked by hand on a 4 x 3 mask; an empty mask refused.
 */
#include "harness.h"
#include "export/mask_crop.h"
#include "tally/rle.h"
#include "util/alloc.h"

/*
 * The 4 x 3 image   ....   column-major bytes (x * 3 + y): column 0
 *                   .##.   all 0; column 1: 0 1 0; column 2: 0 1 1;
 *                   ..#.   column 3: 0 0 0.
 */
static void make(tly_rle *m)
{
	static const uint8_t px[12] = {0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0};

	CHECK_OK(tly_rle_encode(m, px, 3, 4));
}

static void check_runs(const tly_export__runs *r, const uint64_t *want, size_t n)
{
	size_t i;

	CU_ASSERT_EQUAL(r->count, n);
	for (i = 0; i < n && i < r->count; i++)
		CU_ASSERT_EQUAL(r->items[i], want[i]);
}

/*
 * Bounding box x 1..2, y 1..2: crop (1, 1) 2 x 2, rows "##", ".#": pixels
 * 1 1 0 1; runs over it 0 (background first), 2, 1, 1. Over the whole
 * image row by row: "...." ".##." "..#.": 5 off, 2 on, 3 off, 1 on, 1 off.
 */
static void test_worked(void)
{
	static const uint8_t px[4] = {1, 1, 0, 1};
	static const uint64_t crop_runs[] = {0, 2, 1, 1};
	static const uint64_t image_runs[] = {5, 2, 3, 1, 1};
	tly_export__runs runs = {NULL, 0, 0};
	tly_export__crop c;
	tly_rle m;
	size_t i;

	make(&m);
	CHECK_OK(tly_export__crop_init(&c, &m, "test"));
	CU_ASSERT_EQUAL(c.x, 1);
	CU_ASSERT_EQUAL(c.y, 1);
	CU_ASSERT_EQUAL(c.w, 2);
	CU_ASSERT_EQUAL(c.h, 2);
	for (i = 0; i < 4; i++)
		CU_ASSERT_EQUAL(c.px[i], px[i]);
	CHECK_OK(tly_export__crop_runs(&runs, &c, 0, 0));
	check_runs(&runs, crop_runs, 4);
	CHECK_OK(tly_export__crop_runs(&runs, &c, 4, 3));
	check_runs(&runs, image_runs, 5);
	TLY_VEC_CLEAR(&runs);
	tly_export__crop_clear(&c);
	tly_rle_clear(&m);
}

/* A mask filling its image from the first pixel: the first run is an empty background run. */
static void test_full(void)
{
	static const uint8_t px[4] = {1, 1, 1, 1};
	static const uint64_t want[] = {0, 4};
	tly_export__runs runs = {NULL, 0, 0};
	tly_export__crop c;
	tly_rle m;

	CHECK_OK(tly_rle_encode(&m, px, 2, 2));
	CHECK_OK(tly_export__crop_init(&c, &m, "test"));
	CHECK_OK(tly_export__crop_runs(&runs, &c, 2, 2));
	check_runs(&runs, want, 2);
	TLY_VEC_CLEAR(&runs);
	tly_export__crop_clear(&c);
	tly_rle_clear(&m);
}

static void test_empty_refused(void)
{
	static const uint8_t px[4] = {0, 0, 0, 0};
	tly_export__crop c;
	tly_rle m;

	CHECK_OK(tly_rle_encode(&m, px, 2, 2));
	CU_ASSERT_EQUAL(tly_export__crop_init(&c, &m, "x.png: object 3"), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "export: x.png: object 3: the mask covers no pixel");
	CU_ASSERT_PTR_NULL(c.px);
	tly_rle_clear(&m);
}

TLY_TESTS("export_mask_crop", {"worked", test_worked}, {"full", test_full},
	  {"empty_refused", test_empty_refused})
