/*
 * Masks of polygon and mask objects, built while the dataset loads: each
 * object's stored segmentation (objects.extra_json) becomes a COCO RLE at
 * its image's size, owned by the image and borrowed by the object's geom.
 */
#ifndef TLY_STORE_LOAD_MASKS_H
#define TLY_STORE_LOAD_MASKS_H

#include "tally/dataset.h"
#include "tally/rle.h"

/* A mask made for ds->images[image].objs[obj], kept aside while objs still grows. */
typedef struct {
	uint32_t image, obj;
	tly_rle rle;
} tly_store__pending_mask;

/* The masks read so far. Zero-initialise; free with tly_store__masks_clear. */
typedef struct {
	tly_store__pending_mask *v;
	size_t n, cap;
	size_t n_by_box;   /* polygons/masks left to their box (see tly_dataset) */
} tly_store__masks;

/*
 * Turn JSON (the extra_json of object ID, kind KIND, on image IM, index
 * IMAGE, its OBJ-th object) into a pending mask: polygon parts rasterised
 * and united, an uncompressed or compressed RLE decoded. Polygons on an
 * image of unknown size, and masks whose size is not the image's, are left
 * to their box and counted in n_by_box. Parses with cJSON: call on one
 * thread only. Returns 0, TLY_ENOMEM, or TLY_ESTORE naming STORE_PATH, the
 * image and the object when the stored geometry is bad.
 */
int tly_store__masks_add(tly_store__masks *m, const tly_image *im, uint32_t image, uint32_t obj,
			 int64_t id, tly_geom_kind kind, const char *json, const char *store_path);

/*
 * Move every pending mask into its image's rles (exactly sized) and point
 * the objects at them; add n_by_box to DS. Call once all objects are read.
 * Returns 0 or TLY_ENOMEM (DS then stays valid for tly_dataset_clear).
 */
int tly_store__masks_attach(tly_store__masks *m, tly_dataset *ds);

/* Free the masks still pending and zero M. NULL-safe. */
void tly_store__masks_clear(tly_store__masks *m);

#endif
