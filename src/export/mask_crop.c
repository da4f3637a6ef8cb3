/*
 * Masks cut to their bounding box (mask_crop.h). COCO RLE is
 * column-major (pixel index x * h + y), the crop row-major: each
 * foreground run is walked once, so the cost is the runs plus the
 * foreground pixels, never the whole image. Tested by
 * tests/export/test_mask_crop.c.
 */
#include <string.h>

#include "export/mask_crop.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/limits.h"

int tly_export__crop_init(tly_export__crop *c, const tly_rle *m, const char *where)
{
	tly_box b = tly_rle_bbox(m);
	uint64_t pos = 0, k, i, pixels;
	size_t j;

	memset(c, 0, sizeof(*c));
	if (tly_rle_area(m) == 0)
		return tly_error_set(TLY_EARG, "export: %s: the mask covers no pixel", where);
	c->x = (uint32_t)b.x;
	c->y = (uint32_t)b.y;
	c->w = (uint32_t)b.w;
	c->h = (uint32_t)b.h;
	pixels = (uint64_t)c->w * c->h;
	if (pixels > TLY_MAX_MAP_PIXELS)
		return tly_error_set(TLY_ELIMIT, "export: %s: the mask's %ux%u box is over "
				     "TLY_MAX_MAP_PIXELS (%llu)", where, c->w, c->h,
				     (unsigned long long)TLY_MAX_MAP_PIXELS);
	if (!(c->px = tly_calloc((size_t)pixels, 1)))
		return TLY_ENOMEM;
	for (j = 0; j < m->m; pos += m->counts[j++]) {
		if (j % 2 == 0)
			continue;
		for (k = 0, i = pos; k < m->counts[j]; k++, i++) {
			uint64_t x = i / m->h, y = i % m->h;

			c->px[(y - c->y) * c->w + (x - c->x)] = 1;
		}
	}
	return 0;
}

void tly_export__crop_clear(tly_export__crop *c)
{
	tly_free(c->px);
	memset(c, 0, sizeof(*c));
}

/* Grow the open run with N pixels of VALUE, or close it and open another. */
static int add(tly_export__runs *out, int *open, int value, uint64_t n)
{
	if (n == 0)
		return 0;
	if (value == *open) {
		out->items[out->count - 1] += n;
		return 0;
	}
	*open = value;
	return TLY_VEC_PUSH(out, n) < 0 ? TLY_ENOMEM : 0;
}

int tly_export__crop_runs(tly_export__runs *out, const tly_export__crop *c, uint32_t img_w, uint32_t img_h)
{
	uint32_t rows = img_w ? img_h : c->h, y, x;
	int open = 0, error = 0;

	out->count = 0;
	/* The first run is background, even when empty. */
	if (TLY_VEC_PUSH(out, 0) < 0)
		return TLY_ENOMEM;
	for (y = 0; y < rows && !error; y++) {
		uint32_t cy = img_w ? y - c->y : y;

		if (img_w && (y < c->y || y >= c->y + c->h)) {
			error = add(out, &open, 0, img_w);
			continue;
		}
		if (img_w)
			error = add(out, &open, 0, c->x);
		for (x = 0; x < c->w && !error; x++)
			error = add(out, &open, c->px[(size_t)cy * c->w + x], 1);
		if (img_w && !error)
			error = add(out, &open, 0, (uint64_t)img_w - c->x - c->w);
	}
	return error;
}
