/*
 * PNG writer: round trips through the reader (itself checked against the
 * independently written files of fixtures/png, tests/geom/test_png_read.c)
 * for every layout, the header and trailer bytes the PNG spec fixes,
 * determinism, refused rasters with their messages, and allocation failures.
 */
#include <string.h>

#include "harness.h"
#include "tally/raster.h"
#include "util/alloc.h"

/* The N samples of R equal WANT, reporting the first difference. */
static void check_samples(const tly_raster *r, const uint16_t *want, size_t n)
{
	size_t i;

	CU_ASSERT_EQUAL_FATAL((size_t)r->w * r->h * r->channels, n);
	for (i = 0; i < n; i++)
		if (r->px[i] != want[i]) {
			fprintf(stderr, "\nsample %zu: %u, expected %u\n", i, r->px[i], want[i]);
			CU_FAIL("sample differs");
			return;
		}
}

/* A W x H raster of CHANNELS samples at DEPTH: sample i = (7 i + 3) mod 2^depth. */
static void make_raster(tly_raster *r, uint32_t w, uint32_t h, unsigned channels, unsigned depth)
{
	size_t i, n = (size_t)w * h * channels;

	tly_raster_init(r);
	r->w = w;
	r->h = h;
	r->channels = channels;
	r->depth = depth;
	r->px = tly_calloc(n ? n : 1, sizeof(uint16_t));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->px);
	for (i = 0; i < n; i++)
		r->px[i] = (uint16_t)((7 * i + 3) % (1u << depth));
}

/*
 * Write then read gives the same samples for every layout: channels 1-4 at
 * 8 and 16 bits; 1, 2 and 4-bit rasters come back as 8-bit with the same
 * values; a palette raster comes back as grey (indices written as grey).
 */
static void test_round_trip(void)
{
	static const unsigned layout[][3] = {
		/* channels, depth, read-back depth */
		{1, 8, 8}, {2, 8, 8}, {3, 8, 8}, {4, 8, 8},
		{1, 16, 16}, {2, 16, 16}, {3, 16, 16}, {4, 16, 16},
		{1, 1, 8}, {1, 2, 8}, {1, 4, 8}, {3, 4, 8},
	};
	size_t k;

	for (k = 0; k < sizeof(layout) / sizeof(layout[0]); k++) {
		tly_raster in, back;
		uint8_t *png = NULL;
		size_t len = 0;

		make_raster(&in, 13, 7, layout[k][0], layout[k][1]);
		in.palette = layout[k][0] == 1 && layout[k][1] == 4;
		CHECK_OK(tly_png_write(&png, &len, &in));
		CHECK_OK(tly_png_read(&back, png, len, "rt.png"));
		CU_ASSERT_EQUAL(back.w, 13);
		CU_ASSERT_EQUAL(back.h, 7);
		CU_ASSERT_EQUAL(back.channels, layout[k][0]);
		CU_ASSERT_EQUAL(back.depth, layout[k][2]);
		CU_ASSERT_EQUAL(back.palette, 0);
		check_samples(&back, in.px, (size_t)13 * 7 * layout[k][0]);
		tly_raster_clear(&back);
		tly_raster_clear(&in);
		tly_free(png);
	}
}

/* The written file starts with the signature and IHDR (3 x 2, 16-bit RGB:
 * depth 16, colour type 2, compression 0, filter 0, no interlace) and ends
 * with IEND, whose CRC over "IEND" is the constant 0xAE426082 (PNG spec). */
static void test_write_header(void)
{
	static const uint8_t head[] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
		0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 3, 0, 0, 0, 2, 16, 2, 0, 0, 0,
	};
	static const uint8_t tail[] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};
	tly_raster r;
	uint8_t *png = NULL;
	size_t len = 0;

	make_raster(&r, 3, 2, 3, 16);
	CHECK_OK(tly_png_write(&png, &len, &r));
	CU_ASSERT_FATAL(len > sizeof(head) + sizeof(tail));
	CU_ASSERT_EQUAL(memcmp(png, head, sizeof(head)), 0);
	CU_ASSERT_EQUAL(memcmp(png + len - sizeof(tail), tail, sizeof(tail)), 0);
	tly_free(png);
	tly_raster_clear(&r);
}

/* Same raster, same bytes: twice in a row, and again after a read back. */
static void test_deterministic(void)
{
	tly_raster r, back;
	uint8_t *a = NULL, *b = NULL, *c = NULL;
	size_t la = 0, lb = 0, lc = 0;

	make_raster(&r, 64, 33, 3, 8);
	CHECK_OK(tly_png_write(&a, &la, &r));
	CHECK_OK(tly_png_write(&b, &lb, &r));
	CHECK_OK(tly_png_read(&back, a, la, "d.png"));
	CHECK_OK(tly_png_write(&c, &lc, &back));
	CU_ASSERT_EQUAL(la, lb);
	CU_ASSERT_EQUAL(la, lc);
	if (la == lb && la == lc) {
		CU_ASSERT_EQUAL(memcmp(a, b, la), 0);
		CU_ASSERT_EQUAL(memcmp(a, c, la), 0);
	}
	tly_free(a);
	tly_free(b);
	tly_free(c);
	tly_raster_clear(&back);
	tly_raster_clear(&r);
}

static void expect_write_error(const tly_raster *r, int code, const char *message)
{
	uint8_t *png = (uint8_t *)&png;
	size_t len = 99;
	int rc = tly_png_write(&png, &len, r);

	if (rc != code || strcmp(tly_error_last(), message) != 0)
		fprintf(stderr, "\ngot %d \"%s\"\n", rc, tly_error_last());
	CU_ASSERT_EQUAL(rc, code);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), message);
	CU_ASSERT_PTR_NULL(png);
	CU_ASSERT_EQUAL(len, 0);
}

/* Samples over the depth (found before a byte is written), bad shapes. */
static void test_write_bad(void)
{
	tly_raster r;
	uint16_t *px;

	make_raster(&r, 4, 3, 1, 1);
	r.px[6] = 2; /* (2, 1) */
	expect_write_error(&r, TLY_EARG, "tly_png_write: sample 2 at (2, 1) channel 0 is over the 1-bit range (max 1)");
	tly_raster_clear(&r);
	make_raster(&r, 4, 3, 3, 4);
	r.px[3 * 5 + 2] = 16; /* pixel 5 = (1, 1), blue */
	expect_write_error(&r, TLY_EARG, "tly_png_write: sample 16 at (1, 1) channel 2 is over the 4-bit range (max 15)");
	tly_raster_clear(&r);
	make_raster(&r, 2, 2, 1, 8);
	r.px[3] = 256;
	expect_write_error(&r, TLY_EARG, "tly_png_write: sample 256 at (1, 1) channel 0 is over the 8-bit range (max 255)");
	r.px[3] = 0;
	r.depth = 3;
	expect_write_error(&r, TLY_EARG, "tly_png_write: bit depth 3 (1, 2, 4, 8 or 16)");
	r.depth = 8;
	r.channels = 5;
	expect_write_error(&r, TLY_EARG, "tly_png_write: 5 channels (1 to 4 can be written)");
	r.channels = 0;
	expect_write_error(&r, TLY_EARG, "tly_png_write: 0 channels (1 to 4 can be written)");
	r.channels = 1;
	r.w = 0;
	expect_write_error(&r, TLY_EARG, "tly_png_write: a PNG cannot be 0 x 2");
	r.w = 100001;
	expect_write_error(&r, TLY_ELIMIT, "tly_png_write: 100001 x 2 pixels over TLY_MAX_IMAGE_SIDE (100000) "
			   "or TLY_MAX_MAP_PIXELS (134217728)");
	r.w = 2;
	px = r.px;
	r.px = NULL;
	expect_write_error(&r, TLY_EARG, "tly_png_write: no pixels");
	r.px = px;
	tly_raster_clear(&r);
}

/* Each allocation failing in turn (the row, libpng's, the output buffer). */
static void test_write_out_of_memory(void)
{
	tly_raster r;
	long n;
	int rc = -1;

	make_raster(&r, 300, 200, 4, 16);
	for (n = 1; n < 200 && rc != 0; n++) {
		uint8_t *png = NULL;
		size_t len = 0;

		tly_alloc_fail_after(n);
		rc = tly_png_write(&png, &len, &r);
		tly_alloc_fail_after(0);
		if (rc == 0)
			tly_free(png);
		else
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
		CU_ASSERT((rc == 0) == (png != NULL));
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(n > 3);
	tly_raster_clear(&r);
}
TLY_TESTS("png_write",
	  {"round_trip", test_round_trip},
	  {"header", test_write_header},
	  {"deterministic", test_deterministic},
	  {"bad", test_write_bad},
	  {"out_of_memory", test_write_out_of_memory})
