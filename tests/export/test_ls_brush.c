/*
 * Label Studio brush RLE encoder (src/export/ls_brush.c): streams worked
 * out bit by bit from label-studio-converter's encode_rle, and random
 * masks through tally's decoder (src/ingest/ls_brush.c) and back.
 */
#include "harness.h"
#include "export/ls_brush.h"
#include "export/mask_crop.h"
#include "ingest/ls_brush.h"
#include "tally/rle.h"
#include "util/alloc.h"

/* Encode M (h x w) through its crop's whole-image runs. */
static void encode(uint8_t **out, size_t *n, const tly_rle *m)
{
	tly_export__runs runs = {NULL, 0, 0};
	tly_export__crop c;

	CHECK_OK(tly_export__crop_init(&c, m, "test"));
	CHECK_OK(tly_export__crop_runs(&runs, &c, m->w, m->h));
	CHECK_OK(tly_export__ls_brush_encode(out, n, &runs, m->w, m->h));
	TLY_VEC_CLEAR(&runs);
	tly_export__crop_clear(&c);
}

static void check_bytes(const uint8_t *got, size_t n, const uint8_t *want, size_t m)
{
	size_t i;

	CU_ASSERT_EQUAL(n, m);
	for (i = 0; i < n && i < m; i++) {
		if (got[i] != want[i])
			fprintf(stderr, "byte %zu: %u, expected %u\n", i, got[i], want[i]);
		CU_ASSERT_EQUAL(got[i], want[i]);
	}
}

/*
 * A 2 x 1 image, pixel 0 painted: values 255 x 4 then 0 x 4, num 8.
 * Bits: 32-bit num 8 -> bytes 0 0 0 8; word size - 1 = 7 "00111"; sizes
 * 3, 4, 8, 16 less one "0010 0011 0111 1111"; two runs of 4: "1 00 011"
 * + 11111111 and "1 00 011" + 00000000; 81 bits, padded with 7 zeros to 88.
 * Grouped in bytes after num: 00111001 (57) 00011011 (27) 11111100
 * (252) 01111111 (127) 11110001 (241) 10000000 (128) 00000000 (0).
 */
static void test_worked_two_pixels(void)
{
	static const uint8_t want[] = {0, 0, 0, 8, 57, 27, 252, 127, 241, 128, 0};
	static const int64_t counts[] = {0, 1, 1};
	uint8_t *got = NULL;
	size_t n = 0;
	tly_rle m;

	CHECK_OK(tly_rle_from_counts(&m, 1, 2, counts, 3));
	encode(&got, &n, &m);
	check_bytes(got, n, want, sizeof(want));
	tly_free(got);
	tly_rle_clear(&m);
}

/*
 * A 16386 x 1 image, only its last pixel painted: 65540 background values
 * then 4 painted; num = 65544 -> bytes 0 1 0 8. The long run is a record
 * of 2^16 ("1 11" + 16 ones + 0x00) and, as encode_rle keeps the 16-bit
 * size for the rest, "1 11" + 0000000000000011 + 0x00; then "1 00 011" +
 * 0xFF. 53 + 27 + 27 + 14 = 121 bits, 7 of padding: 16 bytes. After the
 * header's 57 27: the header's last 5 bits 11111 and "111" (255); the 16
 * ones (255 255); the value 0x00 (0); "111" and 5 zeros of the second
 * length (224); 8 zeros (0); its last "011" and 5 zeros of its value (96);
 * 3 zeros and "1 00 01" (17); "1" and 0xFF's first 7 ones (255); the last
 * one and the padding (128).
 */
static void test_worked_long_run(void)
{
	static const uint8_t want[] = {0, 1, 0, 8, 57, 27, 255, 255, 255, 0, 224, 0, 96, 17, 255, 128};
	static const int64_t counts[] = {16385, 1};
	uint8_t *got = NULL;
	size_t n = 0;
	tly_rle m, back;

	CHECK_OK(tly_rle_from_counts(&m, 1, 16386, counts, 2));
	encode(&got, &n, &m);
	check_bytes(got, n, want, sizeof(want));
	CHECK_OK(tly_ingest__ls_brush_decode(&back, got, n, 1, 16386, "test"));
	CU_ASSERT_EQUAL(tly_rle_area(&back), 1);
	CU_ASSERT_EQUAL(tly_rle_bbox(&back).x, 16385);
	tly_rle_clear(&back);
	tly_free(got);
	tly_rle_clear(&m);
}

static uint32_t lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(*s >> 33);
}

/* Random masks (runs of every size class, long ones too) decode back to themselves. */
static void test_random_masks_decode_back(void)
{
	uint64_t seed = 99;
	int trial;

	for (trial = 0; trial < 300; trial++) {
		int64_t h = 1 + lcg(&seed) % 40, w = 1 + lcg(&seed) % 300, i;
		uint32_t density = lcg(&seed) % 10;
		uint8_t *px = tly_calloc((size_t)(h * w), 1), *bytes = NULL;
		size_t n = 0;
		tly_rle m, back;

		CU_ASSERT_PTR_NOT_NULL_FATAL(px);
		/* Runs of random length, so long runs occur. */
		for (i = 0; i < h * w;) {
			int64_t len = 1 + lcg(&seed) % (density ? 50 * density : 3), k;
			uint8_t v = lcg(&seed) % 2;

			for (k = 0; k < len && i < h * w; k++)
				px[i++] = v;
		}
		px[lcg(&seed) % (uint32_t)(h * w)] = 1;
		CHECK_OK(tly_rle_encode(&m, px, h, w));
		encode(&bytes, &n, &m);
		CHECK_OK(tly_ingest__ls_brush_decode(&back, bytes, n, h, w, "test"));
		CU_ASSERT_EQUAL(back.m, m.m);
		for (i = 0; i < (int64_t)m.m && (size_t)i < back.m; i++)
			CU_ASSERT_EQUAL(back.counts[i], m.counts[i]);
		tly_rle_clear(&back);
		tly_rle_clear(&m);
		tly_free(bytes);
		tly_free(px);
	}
}

TLY_TESTS("export_ls_brush", {"worked_two_pixels", test_worked_two_pixels},
	  {"worked_long_run", test_worked_long_run},
	  {"random_masks_decode_back", test_random_masks_decode_back})
