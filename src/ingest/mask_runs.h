/*
 * Masks that readers build pixel by pixel (LabelMe mask crops, COCO
 * panoptic segments): column-major COCO runs grown without a full-image
 * buffer, and the mask object the batch keeps ({"segmentation": RLE}).
 */
#ifndef TLY_INGEST_MASK_RUNS_H
#define TLY_INGEST_MASK_RUNS_H

#include <stdint.h>

#include "tally/batch.h"
#include "tally/rle.h"
#include "util/vec.h"

/*
 * Runs of one mask being built in column-major pixel order (index
 * x * h + y), starting with background. Fill with tly_ingest__runs_add,
 * finish with tly_ingest__runs_finish; zero-initialise to start.
 */
typedef struct {
	TLY_VEC(int64_t) runs; /* closed runs, alternating 0s and 1s */
	int cur;               /* value of the open run: 0 or 1 */
	uint64_t open;         /* pixels in the open run */
	uint64_t pos;          /* pixels accounted for so far */
	int error;             /* sticky: the first failure */
} tly_ingest__runs;

/* Append K pixels of value V (0 or 1). A failure is kept in r->error. */
void tly_ingest__runs_add(tly_ingest__runs *r, int v, uint64_t k);

/*
 * Pad with background up to H * W pixels and make *out (as
 * tly_rle_from_counts). Returns 0, r->error, TLY_ELIMIT (a run over
 * 2^32 - 1 pixels), or TLY_EARG when more than H * W pixels were added.
 * R is emptied either way.
 */
int tly_ingest__runs_finish(tly_rle *out, tly_ingest__runs *r, int64_t h, int64_t w);

/* Free R's runs (after a failure). */
void tly_ingest__runs_clear(tly_ingest__runs *r);

/*
 * Add R to submission SUB as a TLY_GEOM_MASK object: box = tly_rle_bbox,
 * extra_json {"segmentation": {"size": [h, w], "counts": "<compressed>"}}
 * (the form COCO's RLE segmentations are stored in, load_masks.c).
 */
int tly_ingest__add_mask_object(tly_batch *b, size_t sub, const char *label, const tly_rle *r,
				int iscrowd, const char *ref);

#endif
