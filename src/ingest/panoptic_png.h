/*
 * The PNG half of a COCO panoptic annotation (panoptic_png.c): where the
 * PNG is, and its segment ids per pixel into a label map of category ids
 * and one mask per thing.
 */
#ifndef TLY_INGEST_PANOPTIC_PNG_H
#define TLY_INGEST_PANOPTIC_PNG_H

#include <stddef.h>
#include <stdint.h>

#include "ingest/json_read.h"
#include "tally/batch.h"
#include "tally/labelmap.h"
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
 * The PNG NAME of the annotation at AT (at.file is the JSON): in the
 * folder named after the JSON's stem (COCO's layout: panoptic_val2017.json
 * + panoptic_val2017/), else beside the JSON, else in IMAGES_DIR (--images,
 * may be NULL). *out is the path found (the caller's, tly_free); TLY_EINPUT
 * "FILE: AT.file_name: no PNG NAME in ..." when none has it.
 */
int tly_ingest__panoptic_find(char **out, tly_jloc at, const char *name, const char *images_dir);

/*
 * Read and decode PNG_PATH, the PNG of the annotation at AT on image IM
 * (SHA256: the hex hash of its bytes), into *map (category per pixel, TLY_LABEL_IGNORE for id 0 = void; the
 * caller's, tly_labelmap_clear) and the N SEGS (pixels, and rle for
 * things; the caller clears them, on error too). Ids: RGB or RGBA, id =
 * R + 256 G + 65536 B; grey or palette, the sample (as panopticapi's
 * rgb2id reads a 2-D array). TLY_EINPUT, each naming FILE and AT: the PNG's
 * size is not IM's known size; an id of the PNG is not among SEGS ("segment
 * id N at pixel (x, y) of PNG_PATH is not in segments_info", the first in
 * row-major order); a segment has no pixel in it; a 16-bit RGB or a grey +
 * alpha PNG. SEGS' ids must be distinct (TLY_EARG). Also the decoder's
 * errors (tly_png_read), TLY_EIO, TLY_ENOMEM.
 */
int tly_ingest__panoptic_read(tly_labelmap *map, char sha256[65], tly_ingest__segment *segs, size_t n,
			      const tly_batch_image *im, tly_jloc at, const char *png_path);

#endif
