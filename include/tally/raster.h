/*
 * PNG images in and out, for the pixel formats annotation tools write:
 * label maps (grey or palette indices), panoptic id maps (RGB), LabelMe's
 * mask crops, and tally's own exports (label maps, confidence maps).
 */
#ifndef TALLY_RASTER_H
#define TALLY_RASTER_H

#include "types.h"

/*
 * A decoded image, row-major, CHANNELS samples per pixel. Samples are the
 * values stored in the file: a palette image keeps its indices (channels 1,
 * palette not applied, as label maps need), bit depths below 8 are
 * unpacked to one sample per value, 16-bit samples keep their 16 bits.
 */
typedef struct {
	uint32_t w, h;
	unsigned channels;  /* 1 grey or palette index, 2 grey + alpha, 3 RGB, 4 RGBA */
	unsigned depth;     /* bits per sample in the file: 1, 2, 4, 8 or 16 */
	int palette;        /* 1: samples are palette indices */
	uint16_t *px;       /* [w * h * channels] owned samples */
} tly_raster;

/* Make R empty (0 x 0, no pixels). Cannot fail. */
TLY_EXTERN void tly_raster_init(tly_raster *r);

/* Free R's pixels and make it empty. NULL-safe. */
TLY_EXTERN void tly_raster_clear(tly_raster *r);

/*
 * Decode the PNG in DATA (LEN bytes) into *out (overwritten; the caller's
 * on success, empty on error). WHAT names the source in messages ("a.png",
 * "x.json: shapes[2].mask"). The size in the header is checked against
 * TLY_MAX_IMAGE_SIDE and TLY_MAX_MAP_PIXELS before any memory is allocated
 * (TLY_ELIMIT "WHAT: PNG of W x H pixels ... over the cap ..."). Adam7
 * interlaced images are decoded like any other. A palette is not applied
 * (indices past its end are kept), nor is tRNS; ancillary chunks are
 * skipped. Not a PNG, truncated data, a bad CRC in any chunk, or anything
 * libpng errors or warns about are TLY_EINPUT "WHAT: not a PNG (...)",
 * "WHAT: truncated PNG (...)" or "WHAT: bad PNG: <libpng's reason>".
 * TLY_ENOMEM (libpng allocates through tally's allocator). Thread-safe (no
 * global state; libpng's errors are caught per call).
 */
TLY_EXTERN int tly_png_read(tly_raster *out, const uint8_t *data, size_t len, const char *what);

/*
 * Encode R as a PNG into *out (caller frees with free()), *len its size:
 * 8-bit samples when R's depth is 1, 2, 4 or 8 (values unchanged, not
 * scaled), 16-bit when it is 16; channels 1 (grey), 2 (grey + alpha), 3
 * (RGB) or 4 (RGBA), never interlaced; palette is ignored (indices are
 * written as grey). Deterministic bytes for the same input and zlib.
 * TLY_EARG for another channel count or depth, an empty raster, no pixels,
 * or a sample over the depth's range (checked before anything is written);
 * TLY_ELIMIT for a size the reader would refuse; TLY_ENOMEM. Thread-safe.
 */
TLY_EXTERN int tly_png_write(uint8_t **out, size_t *len, const tly_raster *r);

#endif
