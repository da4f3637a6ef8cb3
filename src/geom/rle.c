/*
 * COCO run-length masks: the value's lifecycle, encoding from and decoding
 * to column-major pixels, uncompressed counts, area and bounding box. The
 * conventions follow the documented behaviour of pycocotools' maskApi
 * (rleEncode, rleArea, rleToBbox); checked in tests/geom/test_rle.c.
 */
#include <string.h>

#include "geom/rle.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/limits.h"

void tly_rle_init(tly_rle *r)
{
	r->h = 0;
	r->w = 0;
	r->m = 0;
	r->counts = NULL;
}

void tly_rle_clear(tly_rle *r)
{
	if (!r)
		return;
	tly_free(r->counts);
	tly_rle_init(r);
}

int tly_rle__check_size(int64_t *pixels, int64_t h, int64_t w, const char *where)
{
	if (h < 0 || w < 0)
		return tly_error_set(TLY_EINPUT, "%s: negative image size %lldx%lld (h x w)", where,
				     (long long)h, (long long)w);
	if (h > TLY_MAX_IMAGE_SIDE || w > TLY_MAX_IMAGE_SIDE)
		return tly_error_set(TLY_ELIMIT, "%s: image size %lldx%lld over TLY_MAX_IMAGE_SIDE (%d)",
				     where, (long long)h, (long long)w, TLY_MAX_IMAGE_SIDE);
	/* Both sides are <= 1e5, so the product fits int64 with room to spare. */
	*pixels = h * w;
	return 0;
}

int tly_rle__alloc_runs(uint32_t **counts, size_t n, const char *where)
{
	*counts = NULL;
	if (n > TLY_MAX_RLE_RUNS)
		return tly_error_set(TLY_ELIMIT, "%s: %zu runs over TLY_MAX_RLE_RUNS (%d)", where, n,
				     TLY_MAX_RLE_RUNS);
	/* One spare element so n == 0 still yields a distinct allocation. */
	*counts = tly_reallocarray(NULL, n + 1, sizeof(**counts));
	return *counts ? 0 : TLY_ENOMEM;
}

/* Runs a column-major mask needs: one per change of value, plus the first. */
static size_t count_runs(const uint8_t *mask, size_t n)
{
	size_t i, runs = 1;
	int prev = 0;

	for (i = 0; i < n; i++) {
		int v = mask[i] != 0;

		if (v != prev) {
			runs++;
			prev = v;
		}
	}
	return runs;
}

int tly_rle_encode(tly_rle *out, const uint8_t *mask, int64_t h, int64_t w)
{
	uint32_t *counts = NULL;
	int64_t pixels, run = 0;
	size_t i, n, m = 0;
	int prev = 0, error = 0;

	tly_rle_init(out);
	if ((error = tly_rle__check_size(&pixels, h, w, "rle encode")) < 0)
		goto out;
	n = (size_t)pixels;
	if (!mask && n > 0) {
		error = tly_error_set(TLY_EARG, "rle encode: NULL mask of %zu pixels", n);
		goto out;
	}
	if ((error = tly_rle__alloc_runs(&counts, n ? count_runs(mask, n) : 1, "rle encode")) < 0)
		goto out;
	/* The first run counts 0s, so a mask starting with a 1 opens with a 0 run. */
	for (i = 0; i < n; i++) {
		int v = mask[i] != 0;

		if (v != prev) {
			counts[m++] = (uint32_t)run;
			run = 0;
			prev = v;
		}
		if (++run > UINT32_MAX) {
			error = tly_error_set(TLY_ELIMIT, "rle encode: a run longer than 2^32 - 1 pixels");
			goto out;
		}
	}
	counts[m++] = (uint32_t)run;
	out->h = (uint32_t)h;
	out->w = (uint32_t)w;
	out->m = m;
	out->counts = counts;
	counts = NULL;
out:
	tly_free(counts);
	return error;
}

int tly_rle_decode(uint8_t *mask, size_t len, const tly_rle *r)
{
	size_t i, pos = 0;
	size_t n = (size_t)r->h * (size_t)r->w;

	if (len != n)
		return tly_error_set(TLY_EARG, "rle decode: buffer of %zu bytes for %ux%u pixels", len,
				     r->h, r->w);
	for (i = 0; i < r->m; i++) {
		size_t c = r->counts[i];

		if (c > n - pos)
			return tly_error_set(TLY_EARG, "rle decode: runs exceed %zu pixels at run %zu", n,
					     i);
		if (c > 0)
			memset(mask + pos, (int)(i & 1), c);
		pos += c;
	}
	if (pos != n)
		return tly_error_set(TLY_EARG, "rle decode: runs cover %zu of %zu pixels", pos, n);
	return 0;
}

int tly_rle_from_counts(tly_rle *out, int64_t h, int64_t w, const int64_t *counts, size_t n)
{
	uint32_t *runs = NULL;
	int64_t pixels, sum = 0;
	size_t i;
	int error = 0;

	tly_rle_init(out);
	if ((error = tly_rle__check_size(&pixels, h, w, "rle counts")) < 0)
		goto out;
	if ((error = tly_rle__alloc_runs(&runs, n, "rle counts")) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		if (counts[i] < 0 || counts[i] > UINT32_MAX) {
			error = tly_error_set(TLY_EINPUT, "rle counts[%zu]: %lld is not a run length", i,
					      (long long)counts[i]);
			goto out;
		}
		/* Stop as soon as the sum passes h * w: it also keeps the sum bounded. */
		sum += counts[i];
		if (sum > pixels) {
			error = tly_error_set(TLY_EINPUT,
					      "rle counts[%zu]: runs exceed the %lldx%lld image (%lld pixels)",
					      i, (long long)h, (long long)w, (long long)pixels);
			goto out;
		}
		runs[i] = (uint32_t)counts[i];
	}
	if (sum != pixels) {
		error = tly_error_set(TLY_EINPUT, "rle counts: runs sum to %lld, not %lldx%lld = %lld",
				      (long long)sum, (long long)h, (long long)w, (long long)pixels);
		goto out;
	}
	out->h = (uint32_t)h;
	out->w = (uint32_t)w;
	out->m = n;
	out->counts = runs;
	runs = NULL;
out:
	tly_free(runs);
	return error;
}

int64_t tly_rle_area(const tly_rle *r)
{
	int64_t area = 0;
	size_t i;

	for (i = 1; i < r->m; i += 2)
		area += r->counts[i];
	return area;
}

tly_box tly_rle_bbox(const tly_rle *r)
{
	tly_box box = {0, 0, 0, 0};
	int64_t pos = 0, h = r->h, xs = INT64_MAX, xe = -1, ys = INT64_MAX, ye = -1;
	size_t i;

	for (i = 0; i < r->m; i++) {
		int64_t first = pos, last = pos + (int64_t)r->counts[i] - 1;

		pos += r->counts[i];
		if (!(i & 1) || last < first)
			continue;
		xs = first / h < xs ? first / h : xs;
		xe = last / h > xe ? last / h : xe;
		if (first / h != last / h) {
			/* A run that wraps into the next column covers the bottom
			 * row of one and the top row of the other: full height. */
			ys = 0;
			ye = h - 1;
		} else {
			ys = first % h < ys ? first % h : ys;
			ye = last % h > ye ? last % h : ye;
		}
	}
	if (xe < 0)
		return box;
	box.x = (double)xs;
	box.y = (double)ys;
	box.w = (double)(xe - xs + 1);
	box.h = (double)(ye - ys + 1);
	return box;
}
