/*
 * Label Studio's brush RLE written: the inverse of src/ingest/ls_brush.c.
 */
#ifndef TLY_EXPORT_LS_BRUSH_H
#define TLY_EXPORT_LS_BRUSH_H

#include <stddef.h>
#include <stdint.h>

#include "export/mask_crop.h"

/*
 * Encode a W x H mask given as RUNS (row-major pixel runs over the whole
 * image, background first, as tly_export__crop_runs makes them) into *out
 * (the caller's, tly_free), *n bytes: the stream label-studio-converter's
 * mask2rle writes for that mask with 255 for painted pixels, byte for
 * byte. TLY_ELIMIT when W * H * 4 values do not fit the stream's 32-bit
 * count; TLY_ENOMEM.
 */
int tly_export__ls_brush_encode(uint8_t **out, size_t *n, const tly_export__runs *runs, uint32_t w,
				uint32_t h);

#endif
