/*
 * PNG encoding with libpng into memory, for tally's own rasters: label maps
 * and confidence maps (grey), panoptic id maps (RGB), and RGBA. Fixed
 * settings (zlib level, filters, no time or text chunks) make the bytes a
 * function of the input. Tests: tests/geom/test_png_write.c (round trips).
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "geom/png_private.h"
#include "tally/error.h"
#include "tally/raster.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/limits.h"

/* zlib's default level: within a few percent of 9 on label maps, far faster. */
#define ZLEVEL 6

/* All state of one encode, kept out of the function that calls setjmp
 * (see the reader in png_read.c for why nothing here is volatile). */
typedef struct {
	int oom;             /* set by tly_png__malloc or a failed append */
	char msg[160];       /* libpng's first error */
	png_structp png;
	png_infop info;
	const tly_raster *r;
	uint8_t *row;        /* one encoded row */
	size_t rowbytes;
	tly_buf out;
} writer;

static void on_error(png_structp png, png_const_charp msg)
{
	writer *wr = png_get_error_ptr(png);

	if (!wr->msg[0])
		snprintf(wr->msg, sizeof(wr->msg), "%s", msg);
	png_longjmp(png, 1);
}

/* libpng warns on write only about misuse we never commit; keep it quiet
 * (the library writes nothing to stderr). */
static void on_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

static void on_write(png_structp png, png_bytep data, size_t n)
{
	writer *wr = png_get_io_ptr(png);

	tly_buf_put(&wr->out, data, n);
	if (wr->out.error) {
		wr->oom = 1;
		png_error(png, "output buffer");
	}
}

static void on_flush(png_structp png)
{
	(void)png;
}

/* The shape and every sample of R, before anything is written. */
static int check_raster(const tly_raster *r)
{
	size_t i, n;
	unsigned max;

	if (r->channels < 1 || r->channels > 4)
		return tly_error_set(TLY_EARG, "tly_png_write: %u channels (1 to 4 can be written)",
				     r->channels);
	if (r->depth != 1 && r->depth != 2 && r->depth != 4 && r->depth != 8 && r->depth != 16)
		return tly_error_set(TLY_EARG, "tly_png_write: bit depth %u (1, 2, 4, 8 or 16)", r->depth);
	if (r->w == 0 || r->h == 0)
		return tly_error_set(TLY_EARG, "tly_png_write: a PNG cannot be %" PRIu32 " x %" PRIu32,
				     r->w, r->h);
	if (r->w > TLY_MAX_IMAGE_SIDE || r->h > TLY_MAX_IMAGE_SIDE ||
	    (uint64_t)r->w * r->h > TLY_MAX_MAP_PIXELS)
		return tly_error_set(TLY_ELIMIT, "tly_png_write: %" PRIu32 " x %" PRIu32
				     " pixels over TLY_MAX_IMAGE_SIDE (%d) or TLY_MAX_MAP_PIXELS (%" PRIu64 ")",
				     r->w, r->h, TLY_MAX_IMAGE_SIDE, (uint64_t)TLY_MAX_MAP_PIXELS);
	if (!r->px)
		return tly_error_set(TLY_EARG, "tly_png_write: no pixels");
	max = (1u << r->depth) - 1;
	n = (size_t)r->w * r->h * r->channels;
	for (i = 0; i < n; i++)
		if (r->px[i] > max) {
			size_t pixel = i / r->channels;

			return tly_error_set(TLY_EARG, "tly_png_write: sample %u at (%zu, %zu) channel %zu"
					     " is over the %u-bit range (max %u)", r->px[i], pixel % r->w,
					     pixel / r->w, i % r->channels, r->depth, max);
		}
	return 0;
}

static int color_type(unsigned channels)
{
	static const int types[5] = {0, PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA,
				     PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_RGB_ALPHA};

	return types[channels];
}

/* Run libpng over wr->r into wr->out. -1 after any failure. */
static int encode(writer *wr)
{
	png_structp png = wr->png;
	const tly_raster *r = wr->r;
	int wide = r->depth == 16;
	size_t i, k = (size_t)r->w * r->channels;
	uint32_t y;

	if (setjmp(png_jmpbuf(png)))
		return -1;
	png_set_write_fn(png, wr, on_write, on_flush);
	png_set_IHDR(png, wr->info, r->w, r->h, wide ? 16 : 8, color_type(r->channels),
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_set_compression_level(png, ZLEVEL);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_ALL_FILTERS);
	png_write_info(png, wr->info);
	for (y = 0; y < r->h; y++) {
		const uint16_t *src = r->px + (size_t)y * k;

		/* Big-endian, as PNG stores 16-bit samples, on any host. */
		if (wide)
			for (i = 0; i < k; i++) {
				wr->row[2 * i] = (uint8_t)(src[i] >> 8);
				wr->row[2 * i + 1] = (uint8_t)(src[i] & 0xff);
			}
		else
			for (i = 0; i < k; i++)
				wr->row[i] = (uint8_t)src[i];
		png_write_row(png, wr->row);
	}
	png_write_end(png, NULL);
	return 0;
}

int tly_png_write(uint8_t **out, size_t *len, const tly_raster *r)
{
	writer wr;
	int error = 0;

	memset(&wr, 0, sizeof(wr));
	if (!out || !len || !r)
		return tly_error_set(TLY_EARG, "tly_png_write: no output or no raster");
	*out = NULL;
	*len = 0;
	if ((error = check_raster(r)) < 0)
		goto out;
	wr.r = r;
	wr.rowbytes = (size_t)r->w * r->channels * (r->depth == 16 ? 2 : 1);
	if (!(wr.row = tly_malloc(wr.rowbytes))) {
		error = TLY_ENOMEM;
		goto out;
	}
	wr.png = png_create_write_struct_2(PNG_LIBPNG_VER_STRING, &wr, on_error, on_warning,
					   &wr.oom, tly_png__malloc, tly_png__free);
	if (wr.png)
		wr.info = png_create_info_struct(wr.png);
	if (!wr.png || !wr.info) {
		error = wr.oom ? TLY_ENOMEM
			       : tly_error_set(TLY_EARG, "tly_png_write: libpng would not start (%s)", wr.msg);
		goto out;
	}
	if (encode(&wr) < 0) {
		/* Out of memory is the only failure left once the raster is checked. */
		error = wr.oom ? TLY_ENOMEM : tly_error_set(TLY_EARG, "tly_png_write: libpng: %s", wr.msg);
		goto out;
	}
	*len = wr.out.size;
	*out = (uint8_t *)tly_buf_detach(&wr.out);
out:
	if (wr.png)
		png_destroy_write_struct(&wr.png, &wr.info);
	tly_free(wr.row);
	tly_buf_clear(&wr.out);
	return error;
}
