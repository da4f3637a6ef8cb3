/*
 * Label Studio brush RLE decoder. The format is thi.ng/rle-pack's
 * (github.com/thi-ng/umbrella, packages/rle-pack/src/index.ts, which
 * label-studio-converter's brush.py transcribes): bits are read most
 * significant first; a header of 32 bits "num" (values in the stream),
 * 5 bits word size - 1, and four 4-bit run-length sizes - 1; then
 * records until num values are out: 1 bit "repeat", 2 bits choosing a
 * run-length size s, s bits n - 1, then for a repeat one word repeated n
 * times, else n words. The values are the mask image's RGBA bytes row by
 * row (num = height * width * 4); a pixel is painted when its alpha (the
 * fourth byte) is not 0, as label-studio-converter's ls_rle_to_coco_rle
 * reads it. Tested by tests/ingest/test_ls_brush.c.
 */
#include <string.h>

#include "ingest/ls_brush.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/limits.h"

typedef struct {
	const uint8_t *p;
	uint64_t bits, pos; /* stream length and read position, in bits */
} bit_reader;

/* Read K <= 32 bits into *out; 0, or -1 when the stream ends first. */
static int get(bit_reader *r, unsigned k, uint32_t *out)
{
	uint64_t v = 0;
	unsigned i;

	if (r->bits - r->pos < k)
		return -1;
	for (i = 0; i < k; i++, r->pos++)
		v = (v << 1) | (((uint64_t)r->p[r->pos >> 3] >> (7 - (r->pos & 7))) & 1u);
	*out = (uint32_t)v;
	return 0;
}

/* Values [FROM, TO) of the stream all equal V: set the pixels whose alpha that covers. */
static void paint(uint8_t *mask, uint64_t from, uint64_t to, uint32_t v, int64_t h, int64_t w)
{
	uint64_t i = from + (3 - from % 4);

	if (!v)
		return;
	for (; i < to; i += 4) {
		uint64_t px = i / 4, row = px / (uint64_t)w, col = px % (uint64_t)w;

		/* COCO's order: column-major. */
		mask[col * (uint64_t)h + row] = 1;
	}
}

static int ended(const char *where, uint64_t done, uint64_t num)
{
	return tly_error_set(TLY_EINPUT, "%s: brush RLE: the stream ends after %llu of its %llu values",
			     where, (unsigned long long)done, (unsigned long long)num);
}

static int short_header(const char *where)
{
	return tly_error_set(TLY_EINPUT, "%s: brush RLE: the stream ends inside its 53-bit header", where);
}

static int decode(uint8_t *mask, bit_reader *r, uint64_t num, int64_t h, int64_t w, const char *where)
{
	uint32_t ws, sizes[4], x, k, len, val;
	uint64_t i = 0, j;
	int s;

	if (get(r, 5, &ws) < 0)
		return short_header(where);
	ws += 1;
	for (s = 0; s < 4; s++) {
		if (get(r, 4, &sizes[s]) < 0)
			return short_header(where);
		sizes[s] += 1;
	}
	while (i < num) {
		if (get(r, 1, &x) < 0 || get(r, 2, &k) < 0 || get(r, (unsigned)sizes[k], &len) < 0)
			return ended(where, i, num);
		j = i + (uint64_t)len + 1;
		if (j > num)
			return tly_error_set(
				TLY_EINPUT,
				"%s: brush RLE: a run of %llu values at value %llu passes the end (%llu)",
				where, (unsigned long long)len + 1, (unsigned long long)i,
				(unsigned long long)num);
		if (x) {
			if (get(r, (unsigned)ws, &val) < 0)
				return ended(where, i, num);
			paint(mask, i, j, val, h, w);
			i = j;
			continue;
		}
		for (; i < j; i++) {
			if (get(r, (unsigned)ws, &val) < 0)
				return ended(where, i, num);
			paint(mask, i, i + 1, val, h, w);
		}
	}
	/* What follows is padding to a whole byte (the converter's encoder adds up to 8 bits). */
	return 0;
}

int tly_ingest__ls_brush_decode(tly_rle *out, const uint8_t *bytes, size_t n, int64_t h, int64_t w,
				const char *where)
{
	bit_reader r = {bytes, (uint64_t)n * 8, 0};
	uint8_t *mask = NULL;
	uint32_t num;
	int error;

	tly_rle_init(out);
	if (h < 1 || w < 1 || h > TLY_MAX_IMAGE_SIDE || w > TLY_MAX_IMAGE_SIDE)
		return tly_error_set(TLY_EINPUT, "%s: brush RLE: image size %lldx%lld outside 1..%d", where,
				     (long long)w, (long long)h, TLY_MAX_IMAGE_SIDE);
	if ((uint64_t)(h * w) > TLY_MAX_MAP_PIXELS)
		return tly_error_set(TLY_ELIMIT, "%s: brush RLE: %lld pixels, over TLY_MAX_MAP_PIXELS (%llu)",
				     where, (long long)(h * w), (unsigned long long)TLY_MAX_MAP_PIXELS);
	if (get(&r, 32, &num) < 0)
		return short_header(where);
	/* Checked before anything is sized by it. */
	if ((uint64_t)num != (uint64_t)(h * w) * 4)
		return tly_error_set(
			TLY_EINPUT,
			"%s: brush RLE: holds %lu values, not width*height*4 = %lld*%lld*4 = %lld", where,
			(unsigned long)num, (long long)w, (long long)h, (long long)(h * w * 4));
	if (!(mask = tly_calloc((size_t)(h * w), 1)))
		return TLY_ENOMEM;
	if ((error = decode(mask, &r, num, h, w, where)) == 0)
		error = tly_rle_encode(out, mask, h, w);
	tly_free(mask);
	return error;
}
