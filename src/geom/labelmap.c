/*
 * Label maps as row-major runs: building them from pixels, expanding them
 * back, and the byte form the store keeps (tally/labelmap.h). Runs, not
 * pixels, so a run's dataset of large maps costs memory by their edges.
 * Checked in tests/geom/test_labelmap.c.
 */
#include <string.h>

#include "tally/error.h"
#include "tally/labelmap.h"
#include "util/alloc.h"
#include "util/limits.h"

void tly_labelmap_init(tly_labelmap *m)
{
	m->w = 0;
	m->h = 0;
	m->n = 0;
	m->value = NULL;
	m->len = NULL;
}

void tly_labelmap_clear(tly_labelmap *m)
{
	if (!m)
		return;
	tly_free(m->value);
	tly_free(m->len);
	tly_labelmap_init(m);
}

static int check_size(uint64_t *pixels, uint64_t w, uint64_t h, const char *what)
{
	if (w > TLY_MAX_IMAGE_SIDE || h > TLY_MAX_IMAGE_SIDE)
		return tly_error_set(TLY_ELIMIT, "%s: label map %llux%llu over TLY_MAX_IMAGE_SIDE (%d)",
				     what, (unsigned long long)w, (unsigned long long)h,
				     TLY_MAX_IMAGE_SIDE);
	*pixels = w * h;
	if (*pixels > TLY_MAX_MAP_PIXELS)
		return tly_error_set(TLY_ELIMIT,
				     "%s: label map %llux%llu has %llu pixels, over TLY_MAX_MAP_PIXELS (%llu)",
				     what, (unsigned long long)w, (unsigned long long)h,
				     (unsigned long long)*pixels, (unsigned long long)TLY_MAX_MAP_PIXELS);
	return 0;
}

/* Room for N runs (at least one, so an empty map still owns distinct arrays). */
static int alloc_runs(tly_labelmap *m, size_t n)
{
	m->value = tly_reallocarray(NULL, n ? n : 1, sizeof(*m->value));
	m->len = tly_reallocarray(NULL, n ? n : 1, sizeof(*m->len));
	if (!m->value || !m->len) {
		tly_labelmap_clear(m);
		return TLY_ENOMEM;
	}
	return 0;
}

int tly_labelmap_encode(tly_labelmap *out, const uint32_t *px, uint32_t w, uint32_t h)
{
	uint64_t pixels, i;
	size_t runs = 0, k = 0;
	int error;

	tly_labelmap_init(out);
	if ((error = check_size(&pixels, w, h, "label map encode")) < 0)
		return error;
	if (pixels && !px)
		return tly_error_set(TLY_EARG, "label map encode: no pixels");
	/* Two passes (count, then fill) so the arrays are exactly sized. */
	for (i = 0; i < pixels; i++)
		if (i == 0 || px[i] != px[i - 1])
			runs++;
	if ((error = alloc_runs(out, runs)) < 0)
		return error;
	for (i = 0; i < pixels; i++) {
		if (i == 0 || px[i] != px[i - 1]) {
			out->value[k] = px[i];
			out->len[k++] = 0;
		}
		out->len[k - 1]++;
	}
	out->w = w;
	out->h = h;
	out->n = runs;
	return 0;
}

int tly_labelmap_decode(uint32_t *px, size_t len, const tly_labelmap *m)
{
	size_t i, at = 0;

	if ((uint64_t)m->w * m->h != len)
		return tly_error_set(TLY_EARG, "label map decode: buffer of %zu for %ux%u pixels", len,
				     m->w, m->h);
	for (i = 0; i < m->n; i++) {
		size_t j, end;

		if (m->len[i] > len - at)
			return tly_error_set(TLY_EARG, "label map decode: runs exceed %zu pixels", len);
		end = at + m->len[i];
		for (j = at; j < end; j++)
			px[j] = m->value[i];
		at = end;
	}
	if (at != len)
		return tly_error_set(TLY_EARG, "label map decode: runs cover %zu of %zu pixels", at, len);
	return 0;
}

static void put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int tly_labelmap_to_blob(uint8_t **out, size_t *len, const tly_labelmap *m)
{
	size_t bytes, i;
	uint8_t *b;
	int error;

	*out = NULL;
	*len = 0;
	if ((error = tly_mul_size(&bytes, m->n, 8)) < 0 || (error = tly_add_size(&bytes, bytes, 8)) < 0)
		return error;
	if (!(b = tly_malloc(bytes)))
		return TLY_ENOMEM;
	put_u32(b, m->w);
	put_u32(b + 4, m->h);
	for (i = 0; i < m->n; i++) {
		put_u32(b + 8 + 8 * i, m->value[i]);
		put_u32(b + 12 + 8 * i, m->len[i]);
	}
	*out = b;
	*len = bytes;
	return 0;
}

int tly_labelmap_from_blob(tly_labelmap *out, const uint8_t *blob, size_t len, const char *what)
{
	uint64_t pixels, sum = 0;
	uint32_t w, h;
	size_t n, i;
	int error;

	tly_labelmap_init(out);
	if (len < 8 || (len - 8) % 8 != 0)
		return tly_error_set(TLY_EINPUT, "%s: label map of %zu bytes is not 8 + 8k", what, len);
	w = get_u32(blob);
	h = get_u32(blob + 4);
	if ((error = check_size(&pixels, w, h, what)) < 0)
		return error;
	n = (len - 8) / 8;
	/* Every run covers a pixel, so more runs than pixels cannot sum right. */
	if (n > pixels)
		return tly_error_set(TLY_EINPUT, "%s: %zu runs for %llu pixels", what, n,
				     (unsigned long long)pixels);
	if ((error = alloc_runs(out, n)) < 0)
		return error;
	for (i = 0; i < n; i++) {
		out->value[i] = get_u32(blob + 8 + 8 * i);
		out->len[i] = get_u32(blob + 12 + 8 * i);
		if (out->len[i] == 0) {
			error = tly_error_set(TLY_EINPUT, "%s: run %zu has length 0", what, i);
			goto fail;
		}
		sum += out->len[i];
	}
	if (sum != pixels) {
		error = tly_error_set(TLY_EINPUT, "%s: runs sum to %llu, not %ux%u = %llu", what,
				      (unsigned long long)sum, w, h, (unsigned long long)pixels);
		goto fail;
	}
	out->w = w;
	out->h = h;
	out->n = n;
	return 0;
fail:
	tly_labelmap_clear(out);
	return error;
}

int tly_labelmap_remap(tly_labelmap *m, const uint32_t *map, size_t n)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		uint32_t v = m->value[i];

		if (v == TLY_LABEL_IGNORE)
			continue;
		if (v >= n)
			return tly_error_set(TLY_EINPUT, "label map: value %u has no class", v);
		m->value[i] = map[v];
	}
	return 0;
}

uint64_t tly_labelmap_count(const tly_labelmap *m, uint32_t v)
{
	uint64_t c = 0;
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->value[i] == v)
			c += m->len[i];
	return c;
}
