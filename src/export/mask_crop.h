/*
 * A consensus mask as the exports of annotation tools want it: the pixels
 * of its bounding box, row by row (LabelMe's PNG crop, CVAT's crop RLE,
 * the YOLO outline), and row-major runs over that crop or over the whole
 * image (CVAT, Label Studio's brush).
 */
#ifndef TLY_EXPORT_MASK_CROP_H
#define TLY_EXPORT_MASK_CROP_H

#include <stddef.h>
#include <stdint.h>

#include "tally/rle.h"
#include "util/vec.h"

typedef struct {
	uint32_t x, y, w, h; /* the mask's bounding box: whole pixels, 0-based, w x h */
	uint8_t *px;         /* [w * h] owned, row-major: 1 foreground, 0 background */
} tly_export__crop;

/* Run lengths, alternating background and foreground, starting with background (maybe 0). */
typedef TLY_VEC(uint64_t) tly_export__runs;

/*
 * Cut mask M's bounding box out into *c. TLY_EARG "export: WHERE: the
 * mask covers no pixel"; TLY_ELIMIT when the box holds more than
 * TLY_MAX_MAP_PIXELS pixels; TLY_ENOMEM. *c is the caller's
 * (tly_export__crop_clear) on success, empty on failure.
 */
int tly_export__crop_init(tly_export__crop *c, const tly_rle *m, const char *where);
void tly_export__crop_clear(tly_export__crop *c);

/*
 * Row-major runs of C into *out (emptied first): over the crop alone when
 * IMG_W is 0, else over the whole IMG_W x IMG_H image C lies in.
 * TLY_ENOMEM.
 */
int tly_export__crop_runs(tly_export__runs *out, const tly_export__crop *c, uint32_t img_w, uint32_t img_h);

#endif
