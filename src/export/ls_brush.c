/*
 * Label Studio brush RLE encoder, a transcription of
 * label-studio-converter's brush.py encode_rle (which writes the format
 * of thi.ng/rle-pack that src/ingest/ls_brush.c decodes): bits most
 * significant first; header: 32 bits the number of values (the mask's
 * RGBA bytes, W * H * 4), 5 bits word size - 1 (8 - 1), four 4-bit
 * run-length sizes - 1 (3, 4, 8 and 16 bits); then for each run of equal
 * values: "1", 2 bits choosing the smallest size that holds the length
 * (length - 1 in that many bits; runs over 2^16 as records of 2^16), the
 * value in 8 bits; a lone value is "0 00 000" and the value. The stream
 * is padded with 8 - (bits % 8) zero bits, a whole zero byte when already
 * aligned, as encode_rle pads. Painted pixels are 255 in all four bytes.
 * Tested by tests/export/test_ls_brush.c.
 */
#include <string.h>

#include "export/ls_brush.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/buf.h"

typedef struct {
	tly_buf bytes;
	uint8_t cur;    /* bits not yet a whole byte */
	unsigned held;  /* how many */
} bit_writer;

static void put_bits(bit_writer *b, uint64_t v, unsigned k)
{
	while (k--) {
		b->cur = (uint8_t)((unsigned)b->cur << 1 | (unsigned)((v >> k) & 1u));
		if (++b->held == 8) {
			tly_buf_putc(&b->bytes, (char)b->cur);
			b->cur = 0;
			b->held = 0;
		}
	}
}

/* One run of N >= 1 equal values V. */
static void put_run(bit_writer *b, uint64_t n, unsigned v)
{
	static const unsigned size_bits[4] = {3, 4, 8, 16};
	unsigned s;

	if (n == 1) {
		put_bits(b, 0, 6);
		put_bits(b, v, 8);
		return;
	}
	for (s = 0; s < 3 && n > ((uint64_t)1 << size_bits[s]); s++)
		;
	/* encode_rle keeps the 16-bit size for what is left after whole 2^16 records. */
	for (; n > 65536; n -= 65536) {
		put_bits(b, 1, 1);
		put_bits(b, 3, 2);
		put_bits(b, 65535, 16);
		put_bits(b, v, 8);
	}
	put_bits(b, 1, 1);
	put_bits(b, s, 2);
	put_bits(b, n - 1, size_bits[s]);
	put_bits(b, v, 8);
}

int tly_export__ls_brush_encode(uint8_t **out, size_t *n, const tly_export__runs *runs, uint32_t w,
				uint32_t h)
{
	uint64_t values = (uint64_t)w * h * 4;
	bit_writer b;
	size_t i;

	*out = NULL;
	*n = 0;
	if (values > UINT32_MAX)
		return tly_error_set(TLY_ELIMIT, "export: a %ux%u brush mask has more values than a brush "
				     "RLE counts (2^32 - 1)", w, h);
	memset(&b, 0, sizeof(b));
	put_bits(&b, values, 32);
	put_bits(&b, 7, 5);
	put_bits(&b, 2, 4);
	put_bits(&b, 3, 4);
	put_bits(&b, 7, 4);
	put_bits(&b, 15, 4);
	for (i = 0; i < runs->count; i++)
		if (runs->items[i])
			put_run(&b, runs->items[i] * 4, i % 2 ? 255 : 0);
	put_bits(&b, 0, 8 - b.held);
	if (b.bytes.error) {
		tly_buf_clear(&b.bytes);
		return TLY_ENOMEM;
	}
	*n = b.bytes.size;
	*out = (uint8_t *)tly_buf_detach(&b.bytes);
	return *out ? 0 : TLY_ENOMEM;
}
