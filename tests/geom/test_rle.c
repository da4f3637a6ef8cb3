/*
 * COCO RLE values (src/geom/rle.c): encoding from column-major masks drawn
 * as ASCII art ('#' = 1, top row first; pixel (x, y) is byte x * h + y),
 * decoding back, uncompressed counts with their checks, area and bbox.
 * Every expected run list is read off the art by hand, column by column.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tally/rle.h"
#include "util/alloc.h"
#include "util/limits.h"

#define MAXPIX 64

/* Fill MASK (h * w bytes, column-major) from H rows of W chars. */
static void art(uint8_t *mask, size_t h, size_t w, const char *const *rows)
{
	size_t x, y;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			mask[x * h + y] = rows[y][x] == '#';
}

static void check_runs(const tly_rle *r, const uint32_t *want, size_t n)
{
	size_t i;

	CU_ASSERT_EQUAL_FATAL(r->m, n);
	for (i = 0; i < n; i++) {
		if (r->counts[i] != want[i])
			fprintf(stderr, "run %zu: %u, expected %u\n", i, r->counts[i], want[i]);
		CU_ASSERT_EQUAL(r->counts[i], want[i]);
	}
}

/* Encode the art, compare the runs, decode and compare the pixels. */
static void encode_case(size_t h, size_t w, const char *const *rows, const uint32_t *want, size_t n)
{
	uint8_t mask[MAXPIX], back[MAXPIX];
	tly_rle r;

	art(mask, h, w, rows);
	CHECK_OK(tly_rle_encode(&r, mask, (int64_t)h, (int64_t)w));
	CU_ASSERT_EQUAL(r.h, h);
	CU_ASSERT_EQUAL(r.w, w);
	check_runs(&r, want, n);
	memset(back, 7, sizeof(back));
	CHECK_OK(tly_rle_decode(back, h * w, &r));
	CU_ASSERT(memcmp(mask, back, h * w) == 0);
	tly_rle_clear(&r);
}

static void test_encode_known(void)
{
	/* Column x=0 reads (y=0..3) 0 1 1 0, column 1 reads 0 0 1 0, columns
	 * 2 and 3 are empty: 0 | 1 1 | 0 0 0 | 1 | 0 x 9 -> runs 1, 2, 3, 1, 9. */
	static const char *const a[] = {"....", "#...", "##..", "...."};
	static const uint32_t ra[] = {1, 2, 3, 1, 9};
	/* 3 x 3, a single pixel at (x=2, y=1): index 2 * 3 + 1 = 7 -> 7, 1, 1. */
	static const char *const b[] = {"...", "..#", "..."};
	static const uint32_t rb[] = {7, 1, 1};

	encode_case(4, 4, a, ra, 5);
	encode_case(3, 3, b, rb, 3);
}

static void test_encode_edges(void)
{
	/* Empty 3 x 3: one run of 9 zeros. */
	static const char *const empty[] = {"...", "...", "..."};
	static const uint32_t r_empty[] = {9};
	/* Full 2 x 2: an empty run of 0s, then 4 ones. */
	static const char *const full[] = {"##", "##"};
	static const uint32_t r_full[] = {0, 4};
	/* Starts with foreground: columns read 1 1 | 0 0 | 0 1 -> 0, 2, 3, 1. */
	static const char *const first[] = {"#..", "#.#"};
	static const uint32_t r_first[] = {0, 2, 3, 1};
	/* 1 x 5 and 5 x 1 hold the same sequence 0 1 1 0 1 -> 1, 2, 1, 1. */
	static const char *const row[] = {".##.#"};
	static const char *const col[] = {".", "#", "#", ".", "#"};
	static const uint32_t r_line[] = {1, 2, 1, 1};
	/* Ends with foreground: 1 x 3 "..#" -> 2, 1 (no trailing empty run). */
	static const char *const last[] = {"..#"};
	static const uint32_t r_last[] = {2, 1};

	encode_case(3, 3, empty, r_empty, 1);
	encode_case(2, 2, full, r_full, 2);
	encode_case(2, 3, first, r_first, 4);
	encode_case(1, 5, row, r_line, 4);
	encode_case(5, 1, col, r_line, 4);
	encode_case(1, 3, last, r_last, 2);
}

static void test_encode_zero_pixels(void)
{
	tly_rle r;
	uint8_t dummy = 0;

	/* No pixels: the single run {0}, as pycocotools encodes an empty image;
	 * a NULL mask is fine when there is nothing to read. */
	CHECK_OK(tly_rle_encode(&r, NULL, 0, 0));
	CU_ASSERT_EQUAL(r.m, 1);
	CU_ASSERT_EQUAL(r.counts[0], 0);
	CU_ASSERT_EQUAL(tly_rle_area(&r), 0);
	CHECK_OK(tly_rle_decode(&dummy, 0, &r));
	CHECK_OK(tly_rle_decode(NULL, 0, &r));
	tly_rle_clear(&r);
	CHECK_OK(tly_rle_encode(&r, NULL, 0, 5));
	CU_ASSERT_EQUAL(r.h, 0);
	CU_ASSERT_EQUAL(r.w, 5);
	CU_ASSERT_EQUAL(r.m, 1);
	tly_rle_clear(&r);
}

static void test_nonbinary_bytes(void)
{
	/* Any non-zero byte is foreground: 0 | 2 255 | 0 | 1 -> runs 1, 2, 1, 1,
	 * and decoding writes 1s where the 2 and the 255 were. */
	uint8_t mask[5] = {0, 2, 255, 0, 1}, back[5];
	static const uint8_t want[5] = {0, 1, 1, 0, 1};
	static const uint32_t runs[] = {1, 2, 1, 1};
	tly_rle r;

	CHECK_OK(tly_rle_encode(&r, mask, 5, 1));
	check_runs(&r, runs, 4);
	CHECK_OK(tly_rle_decode(back, 5, &r));
	CU_ASSERT(memcmp(back, want, 5) == 0);
	tly_rle_clear(&r);
}

static void test_round_trip_pseudo_random(void)
{
	uint8_t mask[MAXPIX], back[MAXPIX];
	uint32_t seed = 12345;
	size_t h, w, i;

	/* Every size 1..8 x 1..8 with a fixed LCG pattern: decode(encode(m)) == m. */
	for (h = 1; h <= 8; h++) {
		for (w = 1; w <= 8; w++) {
			tly_rle r;

			for (i = 0; i < h * w; i++) {
				seed = seed * 1103515245u + 12345u;
				mask[i] = (uint8_t)((seed >> 16) & 1);
			}
			CHECK_OK(tly_rle_encode(&r, mask, (int64_t)h, (int64_t)w));
			CHECK_OK(tly_rle_decode(back, h * w, &r));
			CU_ASSERT(memcmp(mask, back, h * w) == 0);
			tly_rle_clear(&r);
		}
	}
}

static void test_encode_errors(void)
{
	uint8_t m = 1;
	tly_rle r;

	CU_ASSERT_EQUAL(tly_rle_encode(&r, &m, TLY_MAX_IMAGE_SIDE + 1, 1), TLY_ELIMIT);
	CU_ASSERT(strstr(tly_error_last(), "TLY_MAX_IMAGE_SIDE") != NULL);
	CU_ASSERT_EQUAL(r.counts, NULL);
	CU_ASSERT_EQUAL(tly_rle_encode(&r, &m, 1, TLY_MAX_IMAGE_SIDE + 1), TLY_ELIMIT);
	CU_ASSERT_EQUAL(tly_rle_encode(&r, &m, -1, 1), TLY_EINPUT);
	CU_ASSERT_EQUAL(tly_rle_encode(&r, NULL, 1, 1), TLY_EARG);
	CU_ASSERT_EQUAL(r.m, 0);
}

static void test_decode_errors(void)
{
	uint32_t over[] = {3, 2}, under[] = {1, 1};
	uint8_t buf[4];
	tly_rle r = {2, 2, 2, over};

	/* Wrong buffer size, runs past h * w (3 + 2 > 4), runs short of it. */
	CU_ASSERT_EQUAL(tly_rle_decode(buf, 3, &r), TLY_EARG);
	CU_ASSERT_EQUAL(tly_rle_decode(buf, 4, &r), TLY_EARG);
	r.counts = under;
	CU_ASSERT_EQUAL(tly_rle_decode(buf, 4, &r), TLY_EARG);
}

static void test_from_counts(void)
{
	/* The 4 x 4 mask of encode_known given as an uncompressed RLE. */
	static const int64_t c[] = {1, 2, 3, 1, 9};
	static const uint32_t want[] = {1, 2, 3, 1, 9};
	static const int64_t neg[] = {4, -1, 13};
	static const int64_t big[] = {0, (int64_t)UINT32_MAX + 1};
	static const int64_t over[] = {10, 5, 2};
	static const int64_t under[] = {10, 5};
	tly_rle r;

	CHECK_OK(tly_rle_from_counts(&r, 4, 4, c, 5));
	check_runs(&r, want, 5);
	CU_ASSERT_EQUAL(tly_rle_area(&r), 3);
	tly_rle_clear(&r);
	/* No counts describe a 0-pixel image; they do not describe 1 pixel. */
	CHECK_OK(tly_rle_from_counts(&r, 0, 7, NULL, 0));
	tly_rle_clear(&r);
	CU_ASSERT_EQUAL(tly_rle_from_counts(&r, 1, 1, NULL, 0), TLY_EINPUT);

	CU_ASSERT_EQUAL(tly_rle_from_counts(&r, 4, 4, neg, 3), TLY_EINPUT);
	CU_ASSERT(strstr(tly_error_last(), "counts[1]") != NULL);
	CU_ASSERT_EQUAL(tly_rle_from_counts(&r, 4, 4, big, 2), TLY_EINPUT);
	CU_ASSERT(strstr(tly_error_last(), "counts[1]") != NULL);
	/* 10 + 5 = 15 <= 16, + 2 = 17 > 16: refused at counts[2]. */
	CU_ASSERT_EQUAL(tly_rle_from_counts(&r, 4, 4, over, 3), TLY_EINPUT);
	CU_ASSERT(strstr(tly_error_last(), "counts[2]") != NULL);
	/* 15 != 16 */
	CU_ASSERT_EQUAL(tly_rle_from_counts(&r, 4, 4, under, 2), TLY_EINPUT);
	CU_ASSERT(strstr(tly_error_last(), "sum to 15") != NULL);
	CU_ASSERT_EQUAL(r.counts, NULL);
}

static void test_from_counts_caps(void)
{
	static const int64_t c[] = {1};

	CU_ASSERT_EQUAL(tly_rle_from_counts(&(tly_rle){0}, TLY_MAX_IMAGE_SIDE + 1, 1, c, 1), TLY_ELIMIT);
	/* The run cap is checked before anything is read or allocated, so a
	 * short array with a huge claimed length is refused safely. */
	CU_ASSERT_EQUAL(tly_rle_from_counts(&(tly_rle){0}, 1, 1, c, (size_t)TLY_MAX_RLE_RUNS + 1),
			TLY_ELIMIT);
	CU_ASSERT(strstr(tly_error_last(), "TLY_MAX_RLE_RUNS") != NULL);
}

static void check_box(tly_box b, double x, double y, double w, double h)
{
	CHECK_NEAR(b.x, x, 0);
	CHECK_NEAR(b.y, y, 0);
	CHECK_NEAR(b.w, w, 0);
	CHECK_NEAR(b.h, h, 0);
}

static void test_area_and_bbox(void)
{
	/* Pixels (0,1), (0,2), (1,2): area 3, x 0..1, y 1..2 -> [0, 1, 2, 2]. */
	uint32_t a[] = {1, 2, 3, 1, 9};
	/* 3 x 3, one run over pixels 2 and 3 = (0,2) and (1,0): it wraps a
	 * column, so rows 0..2 -> [0, 0, 2, 3]; area 2. */
	uint32_t wrap[] = {2, 2, 5};
	/* 3 x 3, (2,1) only -> [2, 1, 1, 1]. */
	uint32_t one[] = {7, 1, 1};
	/* Full 2 x 3 (h=2, w=3) -> [0, 0, 3, 2], area 6. */
	uint32_t full[] = {0, 6};
	/* Empty -> zeros. Zero-length runs (a caller's own) add no pixel:
	 * {2, 0, 2, 1, 4} on 3 x 3 is pixel 4 = (1,1) only. */
	uint32_t empty[] = {9}, zeros[] = {2, 0, 2, 1, 4};
	tly_rle r = {4, 4, 5, a};

	CU_ASSERT_EQUAL(tly_rle_area(&r), 3);
	check_box(tly_rle_bbox(&r), 0, 1, 2, 2);
	r = (tly_rle){3, 3, 3, wrap};
	CU_ASSERT_EQUAL(tly_rle_area(&r), 2);
	check_box(tly_rle_bbox(&r), 0, 0, 2, 3);
	r = (tly_rle){3, 3, 3, one};
	CU_ASSERT_EQUAL(tly_rle_area(&r), 1);
	check_box(tly_rle_bbox(&r), 2, 1, 1, 1);
	r = (tly_rle){2, 3, 2, full};
	CU_ASSERT_EQUAL(tly_rle_area(&r), 6);
	check_box(tly_rle_bbox(&r), 0, 0, 3, 2);
	r = (tly_rle){3, 3, 1, empty};
	CU_ASSERT_EQUAL(tly_rle_area(&r), 0);
	check_box(tly_rle_bbox(&r), 0, 0, 0, 0);
	r = (tly_rle){3, 3, 5, zeros};
	CU_ASSERT_EQUAL(tly_rle_area(&r), 1);
	check_box(tly_rle_bbox(&r), 1, 1, 1, 1);
}

static void test_lifecycle(void)
{
	tly_rle r;
	uint8_t m[2] = {1, 0};

	tly_rle_init(&r);
	CU_ASSERT_EQUAL(r.m, 0);
	CU_ASSERT_EQUAL(r.counts, NULL);
	tly_rle_clear(&r);
	tly_rle_clear(NULL);
	CHECK_OK(tly_rle_encode(&r, m, 2, 1));
	tly_rle_clear(&r);
	tly_rle_clear(&r); /* cleared twice is fine */
	CU_ASSERT_EQUAL(r.counts, NULL);
}

static void test_allocation_failures(void)
{
	static const int64_t c[] = {1, 2, 3, 1, 9};
	uint8_t m[4] = {0, 1, 1, 0};
	tly_rle r;

	tly_alloc_fail_after(1);
	CU_ASSERT_EQUAL(tly_rle_encode(&r, m, 2, 2), TLY_ENOMEM);
	tly_alloc_fail_after(0);
	CU_ASSERT_PTR_NULL(r.counts);
	tly_alloc_fail_after(1);
	CU_ASSERT_EQUAL(tly_rle_from_counts(&r, 4, 4, c, 5), TLY_ENOMEM);
	tly_alloc_fail_after(0);
	CU_ASSERT_PTR_NULL(r.counts);
}

TLY_TESTS("geom_rle",
	  {"encode_known", test_encode_known},
	  {"encode_edges", test_encode_edges},
	  {"encode_zero_pixels", test_encode_zero_pixels},
	  {"nonbinary_bytes", test_nonbinary_bytes},
	  {"round_trip_pseudo_random", test_round_trip_pseudo_random},
	  {"encode_errors", test_encode_errors},
	  {"decode_errors", test_decode_errors},
	  {"from_counts", test_from_counts},
	  {"from_counts_caps", test_from_counts_caps},
	  {"area_and_bbox", test_area_and_bbox},
	  {"lifecycle", test_lifecycle},
	  {"allocation_failures", test_allocation_failures})
