/*
 * Panoptic segmentation (COCO panoptic): every pixel belongs to one segment
 * of a thing instance or a stuff region, or to void. Builds the consensus
 * segmentation of an image and scores annotators with PQ, SQ and RQ.
 */
#ifndef TALLY_PANOPTIC_H
#define TALLY_PANOPTIC_H

#include "types.h"
#include "dataset.h"
#include "result.h"

/* One segment of a panoptic segmentation. */
typedef struct {
	uint32_t id;          /* its value in tly_panoptic.ids, >= 1 */
	uint32_t category;    /* category index */
	int iscrowd;
	uint64_t area;        /* pixels */
	tly_box bbox;         /* tight box, COCO [x, y, w, h], whole pixels */
	int64_t cons_object;  /* things: index into the result's cons_objects; -1 for stuff */
} tly_panoptic_segment;

/* A segmentation: a segment id per pixel (row-major, 0 = void) and the segments. */
typedef struct {
	uint32_t w, h;
	uint32_t *ids;        /* [w * h] owned */
	size_t n_segments;
	tly_panoptic_segment *segments; /* owned, by id ascending (ids 1 .. n_segments) */
} tly_panoptic;

/* Free P's arrays and zero it. NULL-safe. */
TLY_EXTERN void tly_panoptic_clear(tly_panoptic *p);

/*
 * The consensus panoptic segmentation of the image of CM (a consensus map
 * of result R over DS): stuff categories of CM each become one segment;
 * each accepted consensus thing object of the image (DS category_info
 * isthing = 1), by descending confidence then index, takes the pixels of
 * its mask where CM votes its category and no earlier segment is; thing
 * pixels left over are void, as are CM's ignored pixels. *out overwritten
 * (caller clears). 0, TLY_EARG (CM not from R, sizes differ), TLY_ENOMEM.
 */
TLY_EXTERN int tly_panoptic_assemble(tly_panoptic *out, const tly_dataset *ds, const tly_result *r,
				     const tly_cons_map *cm);

#endif
