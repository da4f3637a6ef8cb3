/*
 * Panoptic segmentation (COCO panoptic): every pixel belongs to one segment
 * of a thing instance or a stuff region, or to void. Builds the consensus
 * segmentation of an image and an annotator's own, and scores one against
 * another with PQ, SQ and RQ as the COCO panoptic evaluation does.
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
	int iscrowd;          /* 1: a crowd region (COCO iscrowd) of a thing category */
	uint64_t area;        /* pixels, >= 1 */
	tly_box bbox;         /* tight box, COCO [x, y, w, h], whole pixels */
	int64_t cons_object;  /* things: the object it came from: an index into the result's
			       * cons_objects (tly_panoptic_assemble) or into the image's objs
			       * (tly_panoptic_of_annotator); -1 for stuff */
} tly_panoptic_segment;

/* A segmentation: a segment id per pixel (row-major, 0 = void) and the segments. */
typedef struct {
	uint32_t w, h;
	uint32_t *ids;        /* [w * h] owned (one element when w * h is 0) */
	size_t n_segments;
	tly_panoptic_segment *segments; /* owned, by id ascending (ids 1 .. n_segments) */
} tly_panoptic;

/* Free P's arrays and zero it. NULL-safe. */
TLY_EXTERN void tly_panoptic_clear(tly_panoptic *p);

/*
 * The consensus panoptic segmentation of image CM->image of DS, from the
 * consensus label map CM (a category index or TLY_LABEL_IGNORE per pixel;
 * normally one of R's cons_maps, but any map of the image's size will do)
 * and R's accepted consensus objects of that image. The rules (SPEC §5,
 * "per-pixel category vote, then thing instances"):
 *  - a category is a thing when DS category_info says isthing = 1; every
 *    other category (stuff, or unknown as for semantic-only maps) is stuff;
 *  - stuff: one segment per stuff category present in CM, all its pixels;
 *  - things come only from consensus objects with a mask (boxes have no
 *    pixels to give) of the map's size, of thing categories; an object
 *    never takes a pixel CM gives another value (the category vote decides
 *    what a pixel is; the instance vote only splits a thing category's
 *    pixels into instances);
 *  - non-crowd objects first, by descending confidence, then index: each
 *    takes its mask's pixels where CM votes its category and no earlier
 *    segment is, and becomes a segment only when those are strictly more
 *    than half of its mask. So an object whose mask mostly disagrees with
 *    the category vote, or mostly lies under a more confident object,
 *    is dropped rather than kept as a sliver (the overlap rule of
 *    panoptic FPN's combination of instance and semantic outputs);
 *  - crowd objects (iscrowd 1) next, in the same order: a crowd region is
 *    the rest of a category's pixels that instances did not separate, so it
 *    takes its mask's pixels where CM votes its category and no instance is,
 *    when strictly more than half of its mask has its category in CM and
 *    at least one pixel is left; it is a segment with iscrowd 1, as in
 *    COCO panoptic ground truth;
 *  - every other pixel is void: CM's ignored (tied or unvoted) pixels, and
 *    thing pixels no object took. An image with a consensus map but no
 *    thing objects thus has its stuff segments and void where things were
 *    voted (a thing's instances are not guessed from the category layer).
 * Segment ids: non-crowd things in placement order, then crowd things,
 * then stuff by category index. Deterministic: a pure function of its
 * inputs. *out is overwritten (not freed first); the caller's on success
 * (tly_panoptic_clear), empty on error. Returns 0, TLY_EARG (a NULL
 * argument, CM->image outside DS, CM's runs not covering w * h, a value of
 * CM or a category of an object outside DS's categories) or TLY_ENOMEM.
 * DS, R and CM are only read; thread-safe when nothing writes them.
 */
TLY_EXTERN int tly_panoptic_assemble(tly_panoptic *out, const tly_dataset *ds, const tly_result *r,
				     const tly_cons_map *cm);

/*
 * One annotator's panoptic segmentation of image IMAGE of DS: M is one of
 * the image's label maps (usually from COCO panoptic, M->panoptic = 1);
 * with it go the objects of the same annotator and gold flag on the image
 * (objects task). Assembled by the rules of tly_panoptic_assemble, M taking
 * the place of the consensus map and the annotator's objects (each of
 * confidence 1, so in object order, by id) that of the consensus objects:
 * for a COCO panoptic file, whose segments do not overlap and whose thing
 * pixels carry their segment's category in the map, this gives back
 * exactly its segments. Segments' cons_object index the image's objs.
 * *out as in tly_panoptic_assemble. 0, TLY_EARG, TLY_ENOMEM.
 */
TLY_EXTERN int tly_panoptic_of_annotator(tly_panoptic *out, const tly_dataset *ds, uint32_t image,
					 const tly_map_submission *m);

/* Panoptic quality counts of one category, over one image or summed over many. */
typedef struct {
	uint64_t tp;      /* matched (prediction, ground truth) segment pairs */
	uint64_t fp;      /* unmatched predictions, except those mostly void or crowd */
	uint64_t fn;      /* unmatched non-crowd ground-truth segments */
	double iou_sum;   /* sum of the IoU of the matched pairs */
} tly_pq_stat;

/*
 * Score PRED against ground truth GT (two segmentations of one image, same
 * size) as panopticapi's pq_compute does, adding into OUT[category] for
 * each category index below N_CATEGORIES:
 *  - a prediction p and a ground-truth segment g of the same category, g
 *    not crowd, match when IoU > 0.5 (strictly) where
 *    IoU = |p ∩ g| / (|p| + |g| - |p ∩ g| - |p ∩ void of GT|): the pixels
 *    of p that GT leaves void are not held against it. At IoU > 0.5 a
 *    segment matches at most one other, so the matching is unique;
 *  - tp += 1 and iou_sum += IoU per match; fn += 1 per unmatched
 *    ground-truth segment that is not crowd (crowd segments are never
 *    missed);
 *  - fp += 1 per unmatched prediction unless strictly more than half of
 *    its pixels are GT's void or in a GT crowd segment of its category.
 *    (panopticapi keeps one crowd segment per category and image, the
 *    last listed; here all of them count, which is the same for ground
 *    truth with at most one crowd region per category, as COCO's is.)
 * The iscrowd flag of predictions plays no part, as in panopticapi.
 * Pairs are visited in (gt id, pred id) order, so the floating sums are
 * the same on every run. No segment has area 0 here (the builders never
 * make one; a listed segment without pixels counts for nothing).
 * Returns 0, TLY_EARG (a NULL argument, sizes differ, a pixel id above
 * n_segments, a category >= N_CATEGORIES: OUT untouched) or TLY_ENOMEM.
 * Thread-safe; allocates O(segment boundaries).
 */
TLY_EXTERN int tly_panoptic_pq(tly_pq_stat *out, size_t n_categories, const tly_panoptic *pred,
			       const tly_panoptic *gt);

/* PQ, SQ and RQ of one class, or their means over classes. */
typedef struct {
	double pq, sq, rq;
	uint32_t n;       /* classes averaged (0 or 1 for one class) */
} tly_pq;

/*
 * Figures of one class from S, as panopticapi's pq_average computes them:
 * PQ = iou_sum / (tp + fp/2 + fn/2), SQ = iou_sum / tp (0 when tp is 0,
 * as there), RQ = tp / (tp + fp/2 + fn/2); n = 1. NaN and n = 0 when
 * tp + fp + fn = 0 (the class is not counted).
 */
TLY_EXTERN tly_pq tly_pq_class(const tly_pq_stat *s);

/*
 * The overall figures of one annotator against reference REF in run R
 * over DS, from R's panoptic rows: ALL is the mean of the per-class
 * figures over the classes with tp + fp + fn > 0, THINGS the same over
 * those with DS category_info isthing = 1, STUFF over the rest (as
 * panopticapi's All / Things / Stuff). Each is NaN with n = 0 when no
 * class counts. Any of ALL, THINGS, STUFF may be NULL. Classes are summed
 * in R's row order (category ascending), so the result is reproducible.
 * Pure; no allocation.
 */
TLY_EXTERN void tly_pq_summary(tly_pq *all, tly_pq *things, tly_pq *stuff, const tly_dataset *ds,
			       const tly_result *r, uint32_t annotator, tly_reference ref);

#endif
