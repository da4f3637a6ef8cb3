/*
 * Fuzz harness for the COCO compressed RLE parser and the rules parser:
 * the first two bytes choose an image size, the rest is parsed as a counts
 * string; a string that parses must encode again, cover no more than the
 * image and give a bbox inside it. The same bytes go through the rules parser.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "tally/error.h"
#include "tally/rle.h"
#include "tally/rules.h"

static void rle(const uint8_t *data, size_t size)
{
	tly_rle r;
	char *again = NULL;
	size_t len = 0;
	int64_t h, w;
	tly_box b;

	if (size < 2)
		return;
	h = 1 + data[0] % 64;
	w = 1 + data[1] % 64;
	tly_rle_init(&r);
	if (tly_rle_from_string(&r, h, w, (const char *)data + 2, size - 2) == 0) {
		if (tly_rle_to_string(&again, &len, &r) != 0 || tly_rle_area(&r) > h * w)
			abort();
		b = tly_rle_bbox(&r);
		if (b.x < 0 || b.y < 0 || b.x + b.w > (double)w || b.y + b.h > (double)h)
			abort();
		free(again);
	}
	tly_rle_clear(&r);
}

static void rules(const uint8_t *data, size_t size)
{
	tly_rules *r = NULL;

	if (tly_rules_parse(&r, (const char *)data, size, "fuzz") == TLY_ENOMEM)
		abort();
	tly_rules_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rle(data, size);
	rules(data, size);
	return 0;
}
