/*
 * Fuzz harness for the PNG reader and base64: bytes that decode as a PNG
 * must give samples within their bit depth, write back, and read back to
 * the same samples; the same bytes as base64 text must, when they decode,
 * encode and decode again to the same bytes. Refusing input is fine;
 * crashing, leaking or running out of memory on a capped image is not.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "tally/error.h"
#include "tally/raster.h"
#include "util/alloc.h"
#include "util/base64.h"

static void png(const uint8_t *data, size_t size)
{
	tly_raster r, back;
	uint8_t *out = NULL;
	size_t len = 0, i, n;
	int rc = tly_png_read(&r, data, size, "fuzz");

	if (rc == TLY_ENOMEM)
		abort();
	if (rc != 0)
		return;
	n = (size_t)r.w * r.h * r.channels;
	if (r.w == 0 || r.h == 0 || !r.px)
		abort();
	for (i = 0; i < n; i++)
		if (r.px[i] >> r.depth)
			abort();
	if (tly_png_write(&out, &len, &r) != 0 || tly_png_read(&back, out, len, "again") != 0)
		abort();
	if (back.w != r.w || back.h != r.h || back.channels != r.channels ||
	    memcmp(back.px, r.px, n * sizeof(uint16_t)) != 0)
		abort();
	tly_raster_clear(&back);
	tly_raster_clear(&r);
	tly_free(out);
}

static void base64(const uint8_t *data, size_t size)
{
	uint8_t *bytes = NULL, *again = NULL;
	char *text = NULL;
	size_t n = 0, m = 0, t = 0;

	if (tly_base64_decode(&bytes, &n, (const char *)data, size, "fuzz") != 0)
		return;
	if (tly_base64_encode(&text, &t, bytes, n) != 0 ||
	    tly_base64_decode(&again, &m, text, t, "again") != 0 || m != n ||
	    (n && memcmp(again, bytes, n) != 0))
		abort();
	tly_free(bytes);
	tly_free(again);
	tly_free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	png(data, size);
	base64(data, size);
	return 0;
}
