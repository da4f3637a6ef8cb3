/*
 * PNG decoding with libpng for label maps, panoptic id maps and LabelMe mask
 * crops: samples come out as stored (palette indices kept, 1/2/4-bit values
 * unpacked but not scaled, 16 bits kept), the size meets the caps before any
 * pixel memory exists, and every libpng error or warning is a TLY_EINPUT.
 * Tests: tests/geom/test_png_read.c, on files written by fixtures/png/make_pngs.py.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "geom/png_private.h"
#include "tally/error.h"
#include "tally/raster.h"
#include "util/alloc.h"
#include "util/limits.h"

/*
 * All state of one decode. It lives in tly_png_read's frame while setjmp is
 * called in decode(), so after a longjmp every field holds its last stored
 * value and nothing needs to be volatile (C11 7.13.2.1p3 makes only the
 * non-volatile locals of the function that called setjmp indeterminate).
 */
typedef struct {
	int oom;             /* set by tly_png__malloc */
	int truncated;       /* the data ran out (set by on_read) */
	const uint8_t *data;
	size_t len, pos;     /* bytes in data, bytes handed to libpng */
	char msg[160];       /* libpng's first error or warning */
	png_structp png;
	png_infop info;
	tly_raster r;        /* being filled; the caller's only on success */
} reader;

void tly_raster_init(tly_raster *r)
{
	memset(r, 0, sizeof(*r));
	r->px = NULL;
}

void tly_raster_clear(tly_raster *r)
{
	if (!r)
		return;
	tly_free(r->px);
	tly_raster_init(r);
}

png_voidp tly_png__malloc(png_structp png, png_alloc_size_t size)
{
	void *p = tly_malloc(size);

	if (!p)
		*(int *)png_get_mem_ptr(png) = 1;
	return p;
}

void tly_png__free(png_structp png, png_voidp p)
{
	(void)png;
	tly_free(p);
}

/* Keep libpng's first message and leave through the setjmp in decode(). */
static void on_error(png_structp png, png_const_charp msg)
{
	reader *rd = png_get_error_ptr(png);

	if (!rd->msg[0])
		snprintf(rd->msg, sizeof(rd->msg), "%s", msg);
	png_longjmp(png, 1);
}

/*
 * A warning on read is fatal too: the ancillary chunks libpng would warn
 * about are skipped unread (see decode), so what is left to warn about is
 * the image data or the chunk structure, i.e. a damaged file.
 */
static void on_warning(png_structp png, png_const_charp msg)
{
	on_error(png, msg);
}

static void on_read(png_structp png, png_bytep out, size_t n)
{
	reader *rd = png_get_io_ptr(png);

	if (n > rd->len - rd->pos) {
		rd->truncated = 1;
		png_error(png, "truncated");
	}
	memcpy(out, rd->data + rd->pos, n);
	rd->pos += n;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/*
 * The signature, then the size in IHDR against the caps, read straight from
 * the bytes so a huge claim is refused before libpng or we allocate
 * anything. A header that is short or malformed is left to libpng to name.
 */
static int check_header(const uint8_t *d, size_t len, const char *what)
{
	static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	static const uint8_t ihdr[8] = {0, 0, 0, 13, 'I', 'H', 'D', 'R'};
	uint32_t w, h;

	if (len == 0)
		return tly_error_set(TLY_EINPUT, "%s: not a PNG (no data)", what);
	if (memcmp(d, sig, len < 8 ? len : 8) != 0)
		return tly_error_set(TLY_EINPUT, "%s: not a PNG (bad signature)", what);
	if (len < 24 || memcmp(d + 8, ihdr, 8) != 0)
		return 0;
	w = be32(d + 16);
	h = be32(d + 20);
	if (w > TLY_MAX_IMAGE_SIDE || h > TLY_MAX_IMAGE_SIDE)
		return tly_error_set(TLY_ELIMIT, "%s: PNG of %" PRIu32 " x %" PRIu32
				     " pixels: a side is over the cap TLY_MAX_IMAGE_SIDE (%d)",
				     what, w, h, TLY_MAX_IMAGE_SIDE);
	if ((uint64_t)w * h > TLY_MAX_MAP_PIXELS)
		return tly_error_set(TLY_ELIMIT, "%s: PNG of %" PRIu32 " x %" PRIu32
				     " pixels is over the cap TLY_MAX_MAP_PIXELS (%" PRIu64 ")",
				     what, w, h, (uint64_t)TLY_MAX_MAP_PIXELS);
	return 0;
}

/*
 * Samples of N values decoded as bytes at the start of PX (big-endian pairs
 * when WIDE) become one uint16_t each, in place. Narrow samples are widened
 * from the last one down: sample i moves to bytes 2i..2i+1, never below any
 * byte still to be read.
 */
static void widen(uint16_t *px, size_t n, int wide)
{
	const unsigned char *b = (const unsigned char *)px;
	size_t i;

	if (wide) {
		for (i = 0; i < n; i++)
			px[i] = (uint16_t)((unsigned)b[2 * i] << 8 | b[2 * i + 1]);
		return;
	}
	for (i = n; i-- > 0;)
		px[i] = b[i];
}

/* Configure libpng, read the whole image into rd->r. -1 after any failure. */
static int decode(reader *rd)
{
	png_structp png = rd->png;
	png_infop info = rd->info;
	png_uint_32 w, h, y;
	int depth, ctype, interlace, passes, p;
	size_t channels, rowbytes, samples, bytes;
	unsigned char *rows;

	if (setjmp(png_jmpbuf(png)))
		return -1;
	png_set_read_fn(png, rd, on_read);
	/* Never hit (check_header came first); a second line of defence. */
	png_set_user_limits(png, TLY_MAX_IMAGE_SIDE, TLY_MAX_IMAGE_SIDE);
	/* A bad CRC anywhere is damage, even in a chunk we would skip. */
	png_set_crc_action(png, PNG_CRC_ERROR_QUIT, PNG_CRC_ERROR_QUIT);
	/* Skip every ancillary chunk but tRNS (which libpng insists on reading
	 * and we never apply): none affects the samples, and skipped chunks
	 * cannot warn (an odd iCCP profile would otherwise refuse a label map). */
	png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, NULL, -1);
	/* Label maps written with a short palette hold indices past its end;
	 * the palette is never applied, so such an index is just a value. */
	png_set_check_for_invalid_index(png, 0);

	png_read_info(png, info);
	png_get_IHDR(png, info, &w, &h, &depth, &ctype, &interlace, NULL, NULL);
	/* check_header has refused this already; the sizes below rely on it. */
	if ((uint64_t)w * h > TLY_MAX_MAP_PIXELS)
		png_error(png, "size over TLY_MAX_MAP_PIXELS");
	if (depth < 8)
		png_set_packing(png);
	passes = png_set_interlace_handling(png);
	png_read_update_info(png, info);

	channels = png_get_channels(png, info);
	bytes = depth == 16 ? 2 : 1;
	/* w * h <= TLY_MAX_MAP_PIXELS (2^27) and channels <= 4: no overflow. */
	samples = (size_t)w * h * channels;
	rowbytes = (size_t)w * channels * bytes;
	if (png_get_rowbytes(png, info) != rowbytes)
		png_error(png, "unexpected row layout after unpacking");
	if (!(rd->r.px = tly_malloc(samples * sizeof(uint16_t)))) {
		rd->oom = 1;
		return -1;
	}
	rows = (unsigned char *)rd->r.px;
	/* Each pass fills its own pixels of the full rows (png_read_image does
	 * the same); the rows are packed at the start of the sample array. */
	for (p = 0; p < passes; p++)
		for (y = 0; y < h; y++)
			png_read_row(png, rows + (size_t)y * rowbytes, NULL);
	/* Reads to IEND, so data cut after the last row is caught too. */
	png_read_end(png, NULL);

	widen(rd->r.px, samples, depth == 16);
	rd->r.w = w;
	rd->r.h = h;
	rd->r.channels = (unsigned)channels;
	rd->r.depth = (unsigned)depth;
	rd->r.palette = ctype == PNG_COLOR_TYPE_PALETTE;
	return 0;
}

int tly_png_read(tly_raster *out, const uint8_t *data, size_t len, const char *what)
{
	reader rd;
	int error = 0;

	memset(&rd, 0, sizeof(rd));
	tly_raster_init(&rd.r);
	if (!what)
		what = "PNG";
	if (!out || (!data && len))
		return tly_error_set(TLY_EARG, "%s: tly_png_read: no output or no data", what);
	tly_raster_init(out);
	if ((error = check_header(data, len, what)) < 0)
		goto out;
	rd.data = data;
	rd.len = len;
	rd.png = png_create_read_struct_2(PNG_LIBPNG_VER_STRING, &rd, on_error, on_warning,
					  &rd.oom, tly_png__malloc, tly_png__free);
	if (rd.png)
		rd.info = png_create_info_struct(rd.png);
	if (!rd.png || !rd.info) {
		error = rd.oom ? TLY_ENOMEM
			       : tly_error_set(TLY_EINPUT, "%s: libpng would not start (%s)", what, rd.msg);
		goto out;
	}
	if (decode(&rd) < 0) {
		if (rd.oom)
			error = TLY_ENOMEM; /* tly_malloc has set the message */
		else if (rd.truncated)
			error = tly_error_set(TLY_EINPUT, "%s: truncated PNG (it ends after %zu bytes)",
					      what, len);
		else
			error = tly_error_set(TLY_EINPUT, "%s: bad PNG: %s", what, rd.msg);
		goto out;
	}
	*out = rd.r;
	tly_raster_init(&rd.r);
out:
	if (rd.png)
		png_destroy_read_struct(&rd.png, &rd.info, NULL);
	tly_raster_clear(&rd.r);
	return error;
}
