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
 * TLY_MAX_IMAGE_SIDE and TLY_MAX_MAP_PIXELS before any pixel memory is
 * allocated (TLY_ELIMIT). Not a PNG, a bad CRC, truncated data, or an
 * interlaced image are TLY_EINPUT "WHAT: ..." saying which. Thread-safe
 * (no global state; libpng's errors are caught per call).
 */
TLY_EXTERN int tly_png_read(tly_raster *out, const uint8_t *data, size_t len, const char *what);

/*
 * Encode R as a PNG into *out (caller frees with free()), *len its size:
 * 8-bit (depth <= 8) or 16-bit samples, channels 1 (grey), 3 (RGB) or 4
 * (RGBA); palette is ignored (indices are written as grey). Deterministic
 * bytes for the same input. TLY_EARG for other channel counts or a sample
 * over the depth's range, TLY_ENOMEM.
 */
TLY_EXTERN int tly_png_write(uint8_t **out, size_t *len, const tly_raster *r);

#endif
