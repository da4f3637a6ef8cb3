/*
 * Internals of panoptic segmentation shared by the agree and run stages:
 * the one builder behind tly_panoptic_assemble and tly_panoptic_of_annotator,
 * the leave-one-out thing consensus the run's panoptic audit needs, and PQ.
 * None of these sets the error message (they run inside parallel regions).
 */
#ifndef TLY_AGREE_PANOPTIC_H
#define TLY_AGREE_PANOPTIC_H

#include "tally/agree.h"
#include "tally/panoptic.h"
#include "tally/rle.h"

/* A thing instance offered to the builder. */
typedef struct {
	const tly_rle *mask;  /* borrowed; NULL (a box) is skipped */
	uint32_t category;    /* category index */
	int iscrowd;
	double confidence;    /* placement order: descending (NaN last) */
	int64_t source;       /* unique; ties of confidence go by ascending source; becomes
			       * the segment's cons_object */
} tly_panoptic__thing;

/*
 * The panoptic segmentation of dense map PX (W * H values, row-major:
 * category index or TLY_LABEL_IGNORE) and THINGS[0..n), by the rules of
 * tly_panoptic_assemble (tally/panoptic.h). INFO (may be NULL: all stuff)
 * has N_CATEGORIES entries. THINGS is sorted in place. *out overwritten;
 * the caller's on success, empty on error. Returns 0, TLY_EARG with *why
 * (a value of PX or a thing's category >= N_CATEGORIES) or TLY_ENOMEM.
 */
int tly_panoptic__build(tly_panoptic *out, const uint32_t *px, uint32_t w, uint32_t h,
			const tly_category_info *info, size_t n_categories,
			tly_panoptic__thing *things, size_t n, const char **why);

/*
 * Gather the objects of ANNOTATOR's submission on IM with gold flag GOLD
 * as things (confidence 1, source = object index) into *things (grown with
 * the library allocator, *cap its capacity), *n their count. 0, TLY_ENOMEM,
 * or TLY_EARG (*why) for an object whose submission index is out of range.
 */
int tly_panoptic__own_things(tly_panoptic__thing **things, size_t *cap, size_t *n, const tly_image *im,
			     uint32_t annotator, int gold, const char **why);

/*
 * Scratch of tly_panoptic__loo_things, reused across calls; zero it before
 * the first use and release it with tly_panoptic__loo_clear.
 */
typedef struct {
	tly_match_item *items;
	size_t cap_items;
	tly_clustering clus;
	tly_rle *masks;      /* the consensus masks of the things of the last call */
	size_t n_masks, cap_masks;
	tly_panoptic__thing *things; /* the last call's things */
	size_t n_things, cap_things;
} tly_panoptic__loo;

/*
 * The accepted consensus objects of image IM as its objects voters other
 * than SKIP (an annotator index; UINT32_MAX for none) vote them, as things
 * in L->things (source = the cluster's smallest object id; masks in
 * L->masks, valid until the next call): V' = the non-gold objects
 * submitters but SKIP; their objects clustered with CTX's match options
 * and voted with |V'| voters under CTX's policy, as the run's consensus
 * does, crowd objects among crowd objects only (tally/result.h: a crowd
 * region is voted among crowd regions). Clusters whose consensus is a box
 * (some member without a mask) give no thing. Returns 0, TLY_ENOMEM,
 * TLY_ELIMIT or TLY_EARG, with *why.
 */
int tly_panoptic__loo_things(tly_panoptic__loo *l, const tly_agree_context *ctx, const tly_image *im,
			     uint32_t skip, const char **why);

/* Free L's buffers and zero it. NULL-safe. */
void tly_panoptic__loo_clear(tly_panoptic__loo *l);

/*
 * tly_panoptic_pq without setting the error message: *why names the
 * fault on TLY_EARG.
 */
int tly_panoptic__pq(tly_pq_stat *out, size_t n_categories, const tly_panoptic *pred,
		     const tly_panoptic *gt, const char **why);

#endif
