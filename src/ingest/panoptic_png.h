/*
 * The PNG half of a COCO panoptic annotation (panoptic_png.c): segment ids
 * per pixel into a label map of category ids and one mask per thing.
 */
#ifndef TLY_INGEST_PANOPTIC_PNG_H
#define TLY_INGEST_PANOPTIC_PNG_H

#include <stddef.h>
#include <stdint.h>

#include "tally/labelmap.h"
#include "tally/raster.h"
#include "tally/rle.h"

/* One entry of segments_info, and what the PNG holds of it. */
typedef struct {
	uint32_t id;       /* segment id, 1 .. 2^24 - 1 */
	uint32_t category; /* its category id: the label map's value for its pixels */
	int thing;         /* 1: make its mask (RLE) */
	uint64_t pixels;   /* out: its pixels in the PNG */
	tly_rle rle;       /* out, things only: its mask, column-major (caller clears) */
} tly_ingest__segment;

/*
 * Decode the segment ids of PNG (RGB or RGBA: id = R + 256 G + 65536 B;
 * grey or palette: the sample, as panopticapi's rgb2id reads a 2-D
 * array) into *map (category per pixel, TLY_LABEL_IGNORE for id 0 =
 * void; the caller's, tly_labelmap_clear) and the N SEGS (pixels, rle).
 * An id not among SEGS' ids is TLY_EINPUT "FILE: AT: segment id N at pixel
 * (x, y) of PNG_PATH is not in segments_info" (the first in row-major
 * order). SEGS' ids must be distinct (TLY_EARG). 16-bit and grey+alpha
 * PNGs are TLY_EINPUT naming PNG_PATH.
 */
int tly_ingest__panoptic_png(tly_labelmap *map, tly_ingest__segment *segs, size_t n,
			     const tly_raster *png, const char *file, const char *at,
			     const char *png_path);

#endif
