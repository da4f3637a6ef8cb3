/*
 * PNG reader. The fixtures are written by fixtures/png/make_pngs.py with
 * Python's zlib and hand-made chunks (no PNG library), and the samples
 * expected here are copied from that script's tables, not from a decode.
 * Real files, when ../shared/fixtures-external exists: COCO panoptic
 * 000000142238.png against its JSON's segment areas and boxes, and
 * LabelMe's base64 mask.
 */
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "tally/raster.h"
#include "util/alloc.h"
#include "util/base64.h"
#include "util/buf.h"
#include "util/limits.h"

/* Read fixtures/png/NAME into B (the caller clears it). */
static void load(tly_buf *b, const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "fixtures/png/%s", name);
	*b = (tly_buf)TLY_BUF_INIT;
	CHECK_OK(tly_buf_read_file(b, path, TLY_MAX_FILE_BYTES));
}

/* Decode fixtures/png/NAME into R, checking its shape. */
static void read_fixture(tly_raster *r, const char *name, uint32_t w, uint32_t h, unsigned channels,
			 unsigned depth, int palette)
{
	tly_buf b;

	load(&b, name);
	CHECK_OK(tly_png_read(r, (const uint8_t *)b.ptr, b.size, name));
	tly_buf_clear(&b);
	CU_ASSERT_EQUAL(r->w, w);
	CU_ASSERT_EQUAL(r->h, h);
	CU_ASSERT_EQUAL(r->channels, channels);
	CU_ASSERT_EQUAL(r->depth, depth);
	CU_ASSERT_EQUAL(r->palette, palette);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->px);
}

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

#define CHECK_FIXTURE(name, w, h, ch, depth, pal, want)                         \
	do {                                                                    \
		tly_raster r_;                                                  \
		read_fixture(&r_, name, w, h, ch, depth, pal);                  \
		check_samples(&r_, want, sizeof(want) / sizeof(want[0]));       \
		tly_raster_clear(&r_);                                          \
	} while (0)

/* Gray 8-bit, rows with filters None, Sub, Up, Average, Paeth in turn:
 * 40 y + x, with (0, 4) = 254 and (5, 4) = 255. */
static void test_gray8(void)
{
	static const uint16_t want[] = {
		0, 1, 2, 3, 4, 5,
		40, 41, 42, 43, 44, 45,
		80, 81, 82, 83, 84, 85,
		120, 121, 122, 123, 124, 125,
		254, 161, 162, 163, 164, 255,
	};

	CHECK_FIXTURE("gray8.png", 6, 5, 1, 8, 0, want);
}

/* Bit depths below 8 come out one value per sample, not scaled to 0..255,
 * and the padding bits (set to 1 by the script) do not leak in. */
static void test_low_depths(void)
{
	static const uint16_t mask[] = {
		1, 0, 1, 1, 0, 0, 0, 1, 1, 1,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	};
	static const uint16_t gray2[] = {0, 1, 2, 3, 2, 3, 3, 0, 1, 0};

	CHECK_FIXTURE("mask1.png", 10, 3, 1, 1, 0, mask);
	CHECK_FIXTURE("gray2.png", 5, 2, 1, 2, 0, gray2);
}

/* Palette indices are kept, including 254 and 255 beyond the 4-entry PLTE
 * and 2, 3 beyond a 2-entry one at 2 bits (libpng's own check refuses that
 * one unless turned off); the tRNS chunk is not turned into alpha. */
static void test_palette(void)
{
	static const uint16_t want[] = {0, 1, 2, 3, 255, 254, 0, 1};
	static const uint16_t want2[] = {0, 1, 2, 3, 1};

	CHECK_FIXTURE("palette8.png", 4, 2, 1, 8, 1, want);
	CHECK_FIXTURE("palette2.png", 5, 1, 1, 2, 1, want2);
}

/* 16-bit samples keep their value on any host: 0x1234 tells the byte order. */
static void test_sixteen(void)
{
	static const uint16_t gray[] = {0, 1, 255, 256, 0x1234, 65535};
	static const uint16_t rgb[] = {1, 2, 3, 65535, 32768, 0x0102};

	CHECK_FIXTURE("gray16.png", 3, 2, 1, 16, 0, gray);
	CHECK_FIXTURE("rgb16.png", 2, 1, 3, 16, 0, rgb);
}

/* RGB of panoptic ids: id = R + 256 G + 65536 B, e.g. 7246157 = 0x6E914D
 * -> R 0x4D = 77, G 0x91 = 145, B 0x6E = 110. */
static void test_rgb_ids(void)
{
	static const uint32_t ids[] = {0, 1, 255, 256, 65536, 16777215, 5931152, 7246157};
	tly_raster r;
	size_t i;

	read_fixture(&r, "rgb8.png", 4, 2, 3, 8, 0);
	for (i = 0; i < 8; i++)
		CU_ASSERT_EQUAL(r.px[3 * i] + 256u * r.px[3 * i + 1] + 65536u * r.px[3 * i + 2], ids[i]);
	CU_ASSERT_EQUAL(r.px[21], 77);
	CU_ASSERT_EQUAL(r.px[22], 145);
	CU_ASSERT_EQUAL(r.px[23], 110);
	tly_raster_clear(&r);
}

/* Alpha channels are kept as samples. */
static void test_alpha(void)
{
	static const uint16_t ga[] = {0, 255, 7, 0, 200, 100};
	static const uint16_t rgba[] = {
		1, 2, 3, 4, 255, 0, 0, 255, 0, 0, 0, 0,
		10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120,
	};

	CHECK_FIXTURE("ga8.png", 3, 1, 2, 8, 0, ga);
	CHECK_FIXTURE("rgba8.png", 3, 2, 4, 8, 0, rgba);
}

/* Adam7 images are supported: 9 x 9 with every pass non-empty (10 y + x),
 * and a 3 x 2 palette of 4-bit indices where passes 2, 3 and 5 are empty. */
static void test_interlaced(void)
{
	static const uint16_t pal4[] = {0, 15, 7, 8, 1, 14};
	uint16_t want[81];
	size_t x, y;

	for (y = 0; y < 9; y++)
		for (x = 0; x < 9; x++)
			want[9 * y + x] = (uint16_t)(10 * y + x);
	CHECK_FIXTURE("interlaced.png", 9, 9, 1, 8, 0, want);
	CHECK_FIXTURE("interlaced_pal4.png", 3, 2, 1, 4, 1, pal4);
}

/* tEXt and gAMA are skipped; the stream split over three IDATs (one empty)
 * joins. Ancillary chunks libpng would warn about (a broken iCCP, a short and
 * a repeated gAMA) are skipped unread, so they cannot refuse a label map. */
static void test_chunks(void)
{
	static const uint16_t want[] = {9, 8, 7, 6, 5, 4};

	CHECK_FIXTURE("chunks.png", 3, 2, 1, 8, 0, want);
	CHECK_FIXTURE("odd_ancillary.png", 3, 2, 1, 8, 0, want);
}

/* A width of exactly TLY_MAX_IMAGE_SIDE is allowed: x % 251 along the row. */
static void test_width_at_cap(void)
{
	tly_raster r;
	size_t x, bad = 0;

	read_fixture(&r, "wide_at_cap.png", 100000, 1, 1, 8, 0);
	for (x = 0; x < 100000; x++)
		bad += r.px[x] != x % 251;
	CU_ASSERT_EQUAL(bad, 0);
	tly_raster_clear(&r);
}

/* Decoding NAME (all or its first LEN bytes) fails with CODE; R stays empty. */
static int read_bad(const char *name, size_t cut, int code)
{
	tly_buf b;
	tly_raster r;
	int rc;

	load(&b, name);
	memset(&r, 0xab, sizeof(r));
	rc = tly_png_read(&r, (const uint8_t *)b.ptr, cut ? cut : b.size, name);
	tly_buf_clear(&b);
	if (rc != code)
		fprintf(stderr, "\n%s: got %d \"%s\"\n", name, rc, tly_error_last());
	CU_ASSERT_EQUAL(rc, code);
	CU_ASSERT_EQUAL(r.w, 0);
	CU_ASSERT_EQUAL(r.h, 0);
	CU_ASSERT_PTR_NULL(r.px);
	return rc;
}

/*
 * Sizes over the caps are refused from the header: with the very first
 * allocation set to fail, the answer is still TLY_ELIMIT, so nothing (not
 * even libpng's struct) was allocated before the check.
 */
static void test_caps(void)
{
	tly_buf b;
	tly_raster r;
	int rc;

	read_bad("over_width.png", 0, TLY_ELIMIT);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "over_width.png: PNG of 100001 x 1 pixels: a side is "
			       "over the cap TLY_MAX_IMAGE_SIDE (100000)");
	read_bad("over_height.png", 0, TLY_ELIMIT);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "over_height.png: PNG of 1 x 100001 pixels: a side is "
			       "over the cap TLY_MAX_IMAGE_SIDE (100000)");
	read_bad("over_area.png", 0, TLY_ELIMIT);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "over_area.png: PNG of 20000 x 20000 pixels is over "
			       "the cap TLY_MAX_MAP_PIXELS (134217728)");
	/* 11586^2 = 134,235,396 > 2^27 = 134,217,728. */
	read_bad("over_area_min.png", 0, TLY_ELIMIT);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "over_area_min.png: PNG of 11586 x 11586 pixels is over "
			       "the cap TLY_MAX_MAP_PIXELS (134217728)");
	load(&b, "over_area.png");
	tly_alloc_fail_after(1);
	rc = tly_png_read(&r, (const uint8_t *)b.ptr, b.size, "over_area.png");
	tly_alloc_fail_after(0);
	CU_ASSERT_EQUAL(rc, TLY_ELIMIT);
	CU_ASSERT_PTR_NULL(r.px);
	tly_buf_clear(&b);
}

static void test_not_png(void)
{
	static const uint8_t gif[] = "GIF89a\x01\x00\x01\x00";
	static const uint8_t jpeg[] = {0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F'};
	static const uint8_t sig[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	tly_raster r;

	CU_ASSERT_EQUAL(tly_png_read(&r, NULL, 0, "e.png"), TLY_EINPUT);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "e.png: not a PNG (no data)");
	CU_ASSERT_EQUAL(tly_png_read(&r, gif, sizeof(gif) - 1, "g.png"), TLY_EINPUT);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "g.png: not a PNG (bad signature)");
	CU_ASSERT_EQUAL(tly_png_read(&r, jpeg, sizeof(jpeg), "j.png"), TLY_EINPUT);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "j.png: not a PNG (bad signature)");
	/* The signature alone: a PNG cut short. */
	CU_ASSERT_EQUAL(tly_png_read(&r, sig, sizeof(sig), "s.png"), TLY_EINPUT);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "s.png: truncated PNG (it ends after 8 bytes)");
	CU_ASSERT_PTR_NULL(r.px);
	CU_ASSERT_EQUAL(tly_png_read(NULL, sig, sizeof(sig), "s.png"), TLY_EARG);
}

/* Every proper prefix of a good file is a truncated PNG, whether it ends in
 * the signature, a chunk header, the image data, or IEND's CRC. */
static void test_truncated(void)
{
	static const char *const names[] = {"gray8.png", "interlaced.png", "palette8.png", "chunks.png"};
	size_t i, cut, bad = 0;

	for (i = 0; i < 4; i++) {
		tly_buf b;

		load(&b, names[i]);
		for (cut = 1; cut < b.size; cut++) {
			tly_raster r;
			char want[128];
			int rc = tly_png_read(&r, (const uint8_t *)b.ptr, cut, "t.png");

			snprintf(want, sizeof(want), "t.png: truncated PNG (it ends after %zu bytes)", cut);
			if (rc != TLY_EINPUT || strcmp(tly_error_last(), want) != 0 || r.px) {
				fprintf(stderr, "\n%s cut at %zu: %d %s\n", names[i], cut, rc, tly_error_last());
				bad++;
			}
		}
		tly_buf_clear(&b);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/* Offset of the K-th chunk (0 = IHDR) of the PNG in B, and its type. */
static size_t chunk_at(const tly_buf *b, int k, char type[5])
{
	const uint8_t *p = (const uint8_t *)b->ptr;
	size_t off = 8;

	for (;;) {
		size_t n = (size_t)p[off] << 24 | (size_t)p[off + 1] << 16 | (size_t)p[off + 2] << 8 | p[off + 3];

		if (k-- == 0)
			break;
		off += 12 + n;
	}
	memcpy(type, p + off + 4, 4);
	type[4] = '\0';
	return off;
}

/* A bad CRC in any chunk, critical or ancillary, is refused and named.
 * chunks.png: IHDR tEXt gAMA IDAT IDAT IDAT IEND. */
static void test_crc(void)
{
	tly_buf b;
	int k;

	load(&b, "chunks.png");
	for (k = 0; k < 7; k++) {
		char type[5], want[64];
		size_t off = chunk_at(&b, k, type);
		const uint8_t *p = (const uint8_t *)b.ptr;
		size_t n = (size_t)p[off] << 24 | (size_t)p[off + 1] << 16 | (size_t)p[off + 2] << 8 | p[off + 3];
		tly_raster r;

		b.ptr[off + 8 + n + 3] ^= 1;
		CU_ASSERT_EQUAL(tly_png_read(&r, (const uint8_t *)b.ptr, b.size, "c.png"), TLY_EINPUT);
		snprintf(want, sizeof(want), "c.png: bad PNG: %s: CRC error", type);
		if (strcmp(tly_error_last(), want) != 0)
			fprintf(stderr, "\nchunk %d: %s\n", k, tly_error_last());
		CU_ASSERT_STRING_EQUAL(tly_error_last(), want);
		b.ptr[off + 8 + n + 3] ^= 1;
	}
	tly_buf_clear(&b);
}

/* Any single flipped bit anywhere in the file is caught (signature, CRC,
 * length fields), never decoded into wrong samples. */
static void test_bit_flips(void)
{
	tly_buf b;
	size_t i, decoded = 0;
	int bit;

	load(&b, "gray8.png");
	for (i = 0; i < b.size; i++)
		for (bit = 0; bit < 8; bit++) {
			tly_raster r;

			b.ptr[i] ^= (char)(1 << bit);
			if (tly_png_read(&r, (const uint8_t *)b.ptr, b.size, "f.png") == 0) {
				fprintf(stderr, "\nbyte %zu bit %d decoded\n", i, bit);
				decoded++;
				tly_raster_clear(&r);
			}
			b.ptr[i] ^= (char)(1 << bit);
		}
	tly_buf_clear(&b);
	CU_ASSERT_EQUAL(decoded, 0);
}

/* Well-formed chunks around bad content: libpng's reason follows "bad PNG: ". */
static void test_malformed(void)
{
	static const char *const names[] = {"short_idat.png", "long_idat.png", "bad_filter.png",
					    "bad_depth.png", "bad_zlib.png"};
	size_t i;

	for (i = 0; i < 5; i++) {
		char prefix[64];
		int n = snprintf(prefix, sizeof(prefix), "%s: bad PNG: ", names[i]);

		read_bad(names[i], 0, TLY_EINPUT);
		CU_ASSERT_EQUAL(strncmp(tly_error_last(), prefix, (size_t)n), 0);
		CU_ASSERT(strlen(tly_error_last()) > (size_t)n);
	}
}

/* Each allocation (ours and libpng's) failing in turn gives TLY_ENOMEM and
 * leaks nothing (run under ASan); some N past the last one succeeds. */
static void test_read_out_of_memory(void)
{
	tly_buf b;
	long n;
	int rc = -1;

	load(&b, "interlaced.png");
	for (n = 1; n < 100 && rc != 0; n++) {
		tly_raster r;

		tly_alloc_fail_after(n);
		rc = tly_png_read(&r, (const uint8_t *)b.ptr, b.size, "m.png");
		tly_alloc_fail_after(0);
		if (rc == 0) {
			CU_ASSERT_EQUAL(r.px[80], 88);
			tly_raster_clear(&r);
		} else {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CU_ASSERT_PTR_NULL(r.px);
		}
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(n > 2);
	tly_buf_clear(&b);
}

/* No shared state: the same file decoded on several threads at once. */
static void test_threads(void)
{
	tly_buf b;
	int i, bad = 0;

	load(&b, "interlaced.png");
#pragma omp parallel for reduction(+ : bad)
	for (i = 0; i < 16; i++) {
		tly_raster r;

		if (tly_png_read(&r, (const uint8_t *)b.ptr, b.size, "p.png") != 0 || r.px[40] != 44)
			bad++;
		tly_raster_clear(&r);
	}
	CU_ASSERT_EQUAL(bad, 0);
	tly_buf_clear(&b);
}

/* Path of a file under ../shared/fixtures-external, or NULL (noted) when absent. */
static const char *external(const char *rel, char *buf, size_t size)
{
	snprintf(buf, size, "../shared/fixtures-external/%s", rel);
	if (access(buf, R_OK) == 0)
		return buf;
	printf("\nnote: %s not found; real-world case skipped\n", buf);
	return NULL;
}

/*
 * The panopticapi sample 000000142238.png (640 x 427 RGB). Expected: each
 * segment's area and bbox [x, y, w, h] from panoptic_examples.json's
 * segments_info for this image (panopticapi computes both from this PNG),
 * and void (id 0) = 640 * 427 - the sum of the areas = 273280 - 270568 = 2712.
 */
static void test_coco_panoptic(void)
{
	static const uint32_t seg[][6] = {
		{3937500, 3528, 282, 207, 48, 149}, {4260062, 3751, 420, 183, 49, 173},
		{2035955, 2301, 271, 118, 53, 141}, {4325578, 4076, 337, 208, 54, 149},
		{2628072, 2931, 47, 221, 36, 138}, {2822390, 2969, 436, 125, 70, 151},
		{5186532, 3557, 241, 183, 45, 171}, {4917453, 477, 618, 248, 22, 68},
		{3476419, 3968, 470, 211, 63, 142}, {3997935, 153, 0, 242, 9, 44},
		{2098642, 3330, 153, 217, 58, 140}, {5314498, 355, 586, 229, 13, 39},
		{4721614, 636, 270, 124, 26, 61}, {3153362, 24295, 75, 111, 517, 262},
		{16757838, 175, 360, 116, 16, 17}, {2330219, 130762, 0, 0, 640, 263},
		{11829830, 8204, 440, 0, 200, 103}, {10025880, 75100, 0, 241, 640, 186},
	};
	enum { N = sizeof(seg) / sizeof(seg[0]) };
	uint32_t area[N] = {0}, x0[N], y0[N], x1[N], y1[N];
	char path[512];
	tly_buf b = TLY_BUF_INIT;
	tly_raster r;
	size_t i, other = 0, vd = 0;
	uint32_t x, y;

	if (!external("coco-panoptic/000000142238.png", path, sizeof(path)))
		return;
	CHECK_OK(tly_buf_read_file(&b, path, TLY_MAX_FILE_BYTES));
	CHECK_OK(tly_png_read(&r, (const uint8_t *)b.ptr, b.size, path));
	tly_buf_clear(&b);
	CU_ASSERT_EQUAL_FATAL(r.w, 640);
	CU_ASSERT_EQUAL_FATAL(r.h, 427);
	CU_ASSERT_EQUAL_FATAL(r.channels, 3);
	CU_ASSERT_EQUAL(r.depth, 8);
	CU_ASSERT_EQUAL(r.palette, 0);
	for (i = 0; i < N; i++) {
		x0[i] = y0[i] = UINT32_MAX;
		x1[i] = y1[i] = 0;
	}
	for (y = 0; y < r.h; y++)
		for (x = 0; x < r.w; x++) {
			const uint16_t *p = r.px + 3 * ((size_t)y * r.w + x);
			uint32_t id = p[0] + 256u * p[1] + 65536u * p[2];

			for (i = 0; i < N && seg[i][0] != id; i++)
				;
			if (id == 0) {
				vd++;
			} else if (i == N) {
				other++;
			} else {
				area[i]++;
				x0[i] = x < x0[i] ? x : x0[i];
				y0[i] = y < y0[i] ? y : y0[i];
				x1[i] = x > x1[i] ? x : x1[i];
				y1[i] = y > y1[i] ? y : y1[i];
			}
		}
	CU_ASSERT_EQUAL(vd, 2712);
	CU_ASSERT_EQUAL(other, 0);
	for (i = 0; i < N; i++) {
		CU_ASSERT_EQUAL(area[i], seg[i][1]);
		CU_ASSERT_EQUAL(x0[i], seg[i][2]);
		CU_ASSERT_EQUAL(y0[i], seg[i][3]);
		CU_ASSERT_EQUAL(x1[i] - x0[i] + 1, seg[i][4]);
		CU_ASSERT_EQUAL(y1[i] - y0[i] + 1, seg[i][5]);
	}
	tly_raster_clear(&r);
}

/*
 * LabelMe 5.7's primitives.json: the one `mask` shape is a base64 PNG of
 * 100 x 100 8-bit grey (its points span 417.4..516.4 x 305..404, i.e. 100
 * pixels each way) whose samples are 0 and 1, 7275 ones: counted by a
 * one-off Python decode (zlib + unfiltering by hand) of the same string.
 * The mask string is found by its PNG prefix "iVBORw0KGgo" in the file.
 */
static void test_labelme_mask(void)
{
	char path[512];
	tly_buf b = TLY_BUF_INIT;
	const char *s, *e;
	uint8_t *png = NULL;
	size_t len = 0, i, ones = 0, others = 0;
	tly_raster r;

	if (!external("labelme/primitives.json", path, sizeof(path)))
		return;
	CHECK_OK(tly_buf_read_file(&b, path, TLY_MAX_FILE_BYTES));
	s = strstr(b.ptr, "\"iVBORw0KGgo");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	s++;
	e = strchr(s, '"');
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e - s, 576);
	CHECK_OK(tly_base64_decode(&png, &len, s, (size_t)(e - s), "primitives.json: shapes[6].mask"));
	tly_buf_clear(&b);
	CHECK_OK(tly_png_read(&r, png, len, "primitives.json: shapes[6].mask"));
	tly_free(png);
	CU_ASSERT_EQUAL(r.w, 100);
	CU_ASSERT_EQUAL(r.h, 100);
	CU_ASSERT_EQUAL(r.channels, 1);
	CU_ASSERT_EQUAL(r.depth, 8);
	for (i = 0; i < 10000; i++) {
		ones += r.px[i] == 1;
		others += r.px[i] > 1;
	}
	CU_ASSERT_EQUAL(ones, 7275);
	CU_ASSERT_EQUAL(others, 0);
	tly_raster_clear(&r);
}

TLY_TESTS("png_read",
	  {"gray8", test_gray8},
	  {"low_depths", test_low_depths},
	  {"palette", test_palette},
	  {"sixteen", test_sixteen},
	  {"rgb_ids", test_rgb_ids},
	  {"alpha", test_alpha},
	  {"interlaced", test_interlaced},
	  {"chunks", test_chunks},
	  {"width_at_cap", test_width_at_cap},
	  {"caps", test_caps},
	  {"not_png", test_not_png},
	  {"truncated", test_truncated},
	  {"crc", test_crc},
	  {"bit_flips", test_bit_flips},
	  {"malformed", test_malformed},
	  {"out_of_memory", test_read_out_of_memory},
	  {"threads", test_threads},
	  {"coco_panoptic", test_coco_panoptic},
	  {"labelme_mask", test_labelme_mask})
