/*
 * Label Studio brush RLE decoder on streams assembled by hand from the
 * rle-pack layout (see src/ingest/ls_brush.c). Every stream below uses the
 * header num (32 bits), word size 8 (00111) and run-length sizes 3, 4, 8,
 * 16 (0010 0011 0111 1111), then records "repeat? (1 bit) size index
 * (2 bits) n-1 (3 bits for index 00) word(s) (8 bits)", zero-padded to a
 * byte. The bytes were packed from the bit strings written beside them.
 */
#include "harness.h"
#include "ingest/ls_brush.h"
#include "tally/rle.h"

/* num 4; repeat 3 x 0 (1 00 010 00000000); literal 1 x 255 (0 00 000 11111111). */
static const uint8_t one_pixel[] = {0, 0, 0, 4, 57, 27, 252, 64, 0, 127, 128};

/* 1 x 1 image whose one pixel has alpha 255: the COCO RLE [0, 1]. */
static void test_one_pixel(void)
{
	tly_rle r;

	CHECK_OK(tly_ingest__ls_brush_decode(&r, one_pixel, sizeof(one_pixel), 1, 1, "f"));
	CU_ASSERT_EQUAL(r.h, 1);
	CU_ASSERT_EQUAL(r.w, 1);
	CU_ASSERT_EQUAL_FATAL(r.m, 2);
	CU_ASSERT_EQUAL(r.counts[0], 0);
	CU_ASSERT_EQUAL(r.counts[1], 1);
	tly_rle_clear(&r);
}

/*
 * 2 x 2 image (h 2, w 2), num 16: repeat 7 x 0 (1 00 110 00000000), literal
 * 255 (0 00 000 11111111), repeat 8 x 0 (1 00 111 00000000). Value 7 is the
 * alpha of pixel 1 = row 0, column 1. Column-major, that pixel is index
 * 1 * 2 + 0 = 2: mask 0 0 1 0 -> COCO runs [2, 1, 1], box [1, 0, 1, 1].
 */
static void test_row_major_to_column_major(void)
{
	static const uint8_t s[] = {0, 0, 0, 16, 57, 27, 252, 192, 0, 127, 206, 0};
	tly_rle r;
	tly_box b;

	CHECK_OK(tly_ingest__ls_brush_decode(&r, s, sizeof(s), 2, 2, "f"));
	CU_ASSERT_EQUAL_FATAL(r.m, 3);
	CU_ASSERT_EQUAL(r.counts[0], 2);
	CU_ASSERT_EQUAL(r.counts[1], 1);
	CU_ASSERT_EQUAL(r.counts[2], 1);
	b = tly_rle_bbox(&r);
	CHECK_NEAR(b.x, 1, 0);
	CHECK_NEAR(b.y, 0, 0);
	CHECK_NEAR(b.w, 1, 0);
	CHECK_NEAR(b.h, 1, 0);
	tly_rle_clear(&r);
}

/*
 * 1 x 2 image, num 8: one repeat of 8 x 9 (1 00 111 00001001). Every byte
 * is 9, alphas included: any alpha other than 0 paints, so both pixels are
 * set: runs [0, 2].
 */
static void test_any_alpha_paints(void)
{
	static const uint8_t s[] = {0, 0, 0, 8, 57, 27, 252, 225, 32};
	tly_rle r;

	CHECK_OK(tly_ingest__ls_brush_decode(&r, s, sizeof(s), 1, 2, "f"));
	CU_ASSERT_EQUAL_FATAL(r.m, 2);
	CU_ASSERT_EQUAL(r.counts[0], 0);
	CU_ASSERT_EQUAL(r.counts[1], 2);
	CU_ASSERT_EQUAL(tly_rle_area(&r), 2);
	tly_rle_clear(&r);
}

static void expect_error(const uint8_t *s, size_t n, int64_t h, int64_t w, int code, const char *msg)
{
	tly_rle r;

	CU_ASSERT_EQUAL(tly_ingest__ls_brush_decode(&r, s, n, h, w, "f.json: [0].value.rle"), code);
	if (strcmp(tly_error_last(), msg) != 0)
		fprintf(stderr, "\n got  %s\n want %s\n", tly_error_last(), msg);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), msg);
	CU_ASSERT_EQUAL(r.m, 0);
	tly_rle_clear(&r);
}

static void test_bad_streams(void)
{
	/* num 8 (one_pixel's header with 8): a 1 x 1 image holds 4 values. */
	static const uint8_t eight[] = {0, 0, 0, 8, 57, 27, 248};
	/* num 4, then repeat 8 x 0 (1 00 111 00000000): 8 values where 4 are left. */
	static const uint8_t overrun[] = {0, 0, 0, 4, 57, 27, 252, 224, 0};

	expect_error(eight, sizeof(eight), 1, 1, TLY_EINPUT,
		     "f.json: [0].value.rle: brush RLE: holds 8 values, not width*height*4 = 1*1*4 = 4");
	/* The 1 x 2 image is 2 wide: 2*1*4 = 8 values, but the stream stops after its 53-bit header. */
	expect_error(eight, sizeof(eight), 1, 2, TLY_EINPUT,
		     "f.json: [0].value.rle: brush RLE: the stream ends after 0 of its 8 values");
	/* 53 bits = 32 + 5 + 4 * 4: 6 bytes hold only 48 of them. */
	expect_error(eight, 6, 1, 2, TLY_EINPUT,
		     "f.json: [0].value.rle: brush RLE: the stream ends inside its 53-bit header");
	/* Cut inside the literal record: 3 values out of 4. */
	expect_error(one_pixel, 9, 1, 1, TLY_EINPUT,
		     "f.json: [0].value.rle: brush RLE: the stream ends after 3 of its 4 values");
	expect_error(overrun, sizeof(overrun), 1, 1, TLY_EINPUT,
		     "f.json: [0].value.rle: brush RLE: a run of 8 values at value 0 passes the end (4)");
	expect_error(one_pixel, 3, 1, 1, TLY_EINPUT,
		     "f.json: [0].value.rle: brush RLE: the stream ends inside its 53-bit header");
	/* 20000 x 20000 = 4e8 pixels > 2^27: refused before anything is read or allocated. */
	expect_error(one_pixel, sizeof(one_pixel), 20000, 20000, TLY_ELIMIT,
		     "f.json: [0].value.rle: brush RLE: 400000000 pixels, over TLY_MAX_MAP_PIXELS (134217728)");
}

TLY_TESTS("ingest_ls_brush", {"one_pixel", test_one_pixel},
	  {"row_major_to_column_major", test_row_major_to_column_major},
	  {"any_alpha_paints", test_any_alpha_paints}, {"bad_streams", test_bad_streams})
