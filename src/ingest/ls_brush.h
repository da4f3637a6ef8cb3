/*
 * Label Studio's brush RLE: the bit-packed stream its BrushLabels results
 * hold in value.rle (thi.ng/rle-pack over the RGBA bytes of the mask
 * image), not a COCO RLE.
 */
#ifndef TLY_INGEST_LS_BRUSH_H
#define TLY_INGEST_LS_BRUSH_H

#include <stddef.h>
#include <stdint.h>

#include "tally/rle.h"

/*
 * Decode the N bytes BYTES of a brush RLE painted on an H x W image into
 * *out, a COCO RLE of the same size (pixel set where its alpha byte is not
 * 0). *out is the caller's (tly_rle_clear) on success, empty on failure.
 * Returns 0, TLY_ENOMEM, TLY_ELIMIT (H * W over TLY_MAX_MAP_PIXELS) or
 * TLY_EINPUT "WHERE: brush RLE: ..." when the stream does not hold exactly
 * H * W * 4 values or ends early.
 */
int tly_ingest__ls_brush_decode(tly_rle *out, const uint8_t *bytes, size_t n, int64_t h, int64_t w,
				const char *where);

#endif
