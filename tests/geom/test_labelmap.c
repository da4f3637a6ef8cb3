/*
 * Label map runs (src/geom/labelmap.c): runs of small maps worked by hand,
 * the stored byte form written out byte by byte, and every malformed blob
 * the store could hand back.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tally/labelmap.h"
#include "util/limits.h"

/*
 * 3 wide, 2 high, row-major:   1 1 2
 *                              2 2 IGNORE
 * runs: (1,2) (2,3) (IGNORE,1)  -- the row break does not split a run.
 */
static const uint32_t px32[6] = {1, 1, 2, 2, 2, TLY_LABEL_IGNORE};

static void test_encode_runs(void)
{
	tly_labelmap m;

	CHECK_OK(tly_labelmap_encode(&m, px32, 3, 2));
	CU_ASSERT_EQUAL(m.w, 3);
	CU_ASSERT_EQUAL(m.h, 2);
	CU_ASSERT_EQUAL_FATAL(m.n, 3);
	CU_ASSERT_EQUAL(m.value[0], 1);
	CU_ASSERT_EQUAL(m.len[0], 2);
	CU_ASSERT_EQUAL(m.value[1], 2);
	CU_ASSERT_EQUAL(m.len[1], 3);
	CU_ASSERT_EQUAL(m.value[2], TLY_LABEL_IGNORE);
	CU_ASSERT_EQUAL(m.len[2], 1);
	CU_ASSERT_EQUAL(tly_labelmap_count(&m, 2), 3);
	CU_ASSERT_EQUAL(tly_labelmap_count(&m, 7), 0);
	tly_labelmap_clear(&m);
	CU_ASSERT_EQUAL(m.n, 0);
	CU_ASSERT_PTR_NULL(m.value);
}

static void test_decode_round_trip(void)
{
	tly_labelmap m;
	uint32_t back[6];

	CHECK_OK(tly_labelmap_encode(&m, px32, 3, 2));
	CHECK_OK(tly_labelmap_decode(back, 6, &m));
	CU_ASSERT_EQUAL(memcmp(back, px32, sizeof(back)), 0);
	CU_ASSERT_EQUAL(tly_labelmap_decode(back, 5, &m), TLY_EARG);
	tly_labelmap_clear(&m);
}

static void test_empty_map(void)
{
	tly_labelmap m;
	uint8_t *blob;
	size_t len;

	CHECK_OK(tly_labelmap_encode(&m, NULL, 0, 0));
	CU_ASSERT_EQUAL(m.n, 0);
	CHECK_OK(tly_labelmap_to_blob(&blob, &len, &m));
	CU_ASSERT_EQUAL(len, 8);
	tly_labelmap_clear(&m);
	CHECK_OK(tly_labelmap_from_blob(&m, blob, len, "t"));
	CU_ASSERT_EQUAL(m.w, 0);
	CU_ASSERT_EQUAL(m.n, 0);
	tly_labelmap_clear(&m);
	free(blob);
}

static void test_blob_bytes(void)
{
	/* w=3, h=2, then (1,2) (2,3) (0xffffffff,1), little-endian uint32s. */
	static const uint8_t want[32] = {3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0,
					 2, 0, 0, 0, 3, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0};
	tly_labelmap m, back;
	uint8_t *blob;
	size_t len;

	CHECK_OK(tly_labelmap_encode(&m, px32, 3, 2));
	CHECK_OK(tly_labelmap_to_blob(&blob, &len, &m));
	CU_ASSERT_EQUAL_FATAL(len, sizeof(want));
	CU_ASSERT_EQUAL(memcmp(blob, want, len), 0);
	CHECK_OK(tly_labelmap_from_blob(&back, blob, len, "t"));
	CU_ASSERT_EQUAL(back.n, 3);
	CU_ASSERT_EQUAL(back.len[1], 3);
	CU_ASSERT_EQUAL(back.value[2], TLY_LABEL_IGNORE);
	tly_labelmap_clear(&back);
	tly_labelmap_clear(&m);
	free(blob);
}

static void test_bad_blobs(void)
{
	uint8_t b[24] = {2, 0, 0, 0, 2, 0, 0, 0, 5, 0, 0, 0, 3, 0, 0, 0, 6, 0, 0, 0, 1, 0, 0, 0};
	tly_labelmap m;

	/* 2x2 = 4 pixels and runs 3 + 1: good. */
	CHECK_OK(tly_labelmap_from_blob(&m, b, 24, "t"));
	tly_labelmap_clear(&m);
	/* not 8 + 8k bytes */
	CU_ASSERT_EQUAL(tly_labelmap_from_blob(&m, b, 23, "t"), TLY_EINPUT);
	CU_ASSERT_EQUAL(tly_labelmap_from_blob(&m, b, 4, "t"), TLY_EINPUT);
	/* runs sum to 3 + 2 = 5, not 4 */
	b[20] = 2;
	CU_ASSERT_EQUAL(tly_labelmap_from_blob(&m, b, 24, "t"), TLY_EINPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(tly_error_last(), "sum to 5"));
	/* a zero-length run */
	b[20] = 0;
	CU_ASSERT_EQUAL(tly_labelmap_from_blob(&m, b, 24, "t"), TLY_EINPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(tly_error_last(), "length 0"));
	/* more runs than pixels: 1x1 with two runs */
	b[0] = 1;
	b[4] = 1;
	CU_ASSERT_EQUAL(tly_labelmap_from_blob(&m, b, 24, "t"), TLY_EINPUT);
	/* a side over the cap is refused before anything is allocated */
	b[0] = 0xa1;
	b[1] = 0x86;
	b[2] = 0x01; /* 0x0186a1 = 100001 */
	CU_ASSERT_EQUAL(tly_labelmap_from_blob(&m, b, 24, "t"), TLY_ELIMIT);
	/* 20000 x 20000 = 4e8 pixels > TLY_MAX_MAP_PIXELS (2^27) */
	b[0] = 0x20;
	b[1] = 0x4e;
	b[2] = 0;
	b[4] = 0x20;
	b[5] = 0x4e;
	CU_ASSERT_EQUAL(tly_labelmap_from_blob(&m, b, 24, "t"), TLY_ELIMIT);
	CU_ASSERT_EQUAL(m.n, 0);
}

static void test_remap(void)
{
	static const uint32_t to[3] = {10, 11, 12};
	tly_labelmap m;

	CHECK_OK(tly_labelmap_encode(&m, px32, 3, 2));
	CHECK_OK(tly_labelmap_remap(&m, to, 3));
	CU_ASSERT_EQUAL(m.value[0], 11);
	CU_ASSERT_EQUAL(m.value[1], 12);
	CU_ASSERT_EQUAL(m.value[2], TLY_LABEL_IGNORE);
	/* 11 has no entry in a table of 3 */
	CU_ASSERT_EQUAL(tly_labelmap_remap(&m, to, 3), TLY_EINPUT);
	tly_labelmap_clear(&m);
}

static void test_encode_limits(void)
{
	tly_labelmap m;

	CU_ASSERT_EQUAL(tly_labelmap_encode(&m, px32, TLY_MAX_IMAGE_SIDE + 1, 1), TLY_ELIMIT);
	CU_ASSERT_EQUAL(tly_labelmap_encode(&m, NULL, 2, 2), TLY_EARG);
}

TLY_TESTS("geom_labelmap", {"encode_runs", test_encode_runs},
	  {"decode_round_trip", test_decode_round_trip}, {"empty_map", test_empty_map},
	  {"blob_bytes", test_blob_bytes}, {"bad_blobs", test_bad_blobs}, {"remap", test_remap},
	  {"encode_limits", test_encode_limits})
