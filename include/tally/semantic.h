/*
 * Semantic segmentation of one image (SPEC §5-6, issue 3): the per-pixel
 * plurality of the image's non-gold label maps, the leave-one-out
 * consensus of any voter, the image's mean pairwise mIoU, and each voter's
 * pixel audit against the leave-one-out consensus and the gold map. The
 * run stage sums the per-image figures over the dataset.
 */
#ifndef TALLY_SEMANTIC_H
#define TALLY_SEMANTIC_H

#include "types.h"
#include "agree.h"
#include "dataset.h"
#include "labelmap.h"
#include "result.h"
#include "rules.h"
#include "stats.h"

/*
 * Which maps of an image count (both functions below apply the same rule):
 * the image's size is (width, height) when both are > 0, otherwise the size
 * of its first non-gold map (or of its first map when none is non-gold).
 * A map of another size is left out of everything (counted in `skipped`):
 * the store only loads maps of their image's size, so this is defence, not
 * a feature. V = the non-gold maps kept, by annotator index; the gold
 * reference is the kept gold map of the lowest annotator index.
 */

/*
 * Scratch memory of the functions below, reused across images: maps are
 * decoded from their runs into segments (stretches where every map is
 * constant, voted once), a fixed number at a time and never a whole image
 * per voter, so a thread's memory depends on the voter count, not the
 * image size. One per thread.
 */
typedef struct tly_semantic_workspace tly_semantic_workspace;

/* *out is the caller's: release with tly_semantic_workspace_free. 0 or TLY_ENOMEM. */
TLY_EXTERN int tly_semantic_workspace_new(tly_semantic_workspace **out);

/* NULL-safe. */
TLY_EXTERN void tly_semantic_workspace_free(tly_semantic_workspace *ws);

/*
 * The consensus label map of image IM (index IMAGE) with the non-gold map
 * of annotator LEAVE_OUT left out: the per-pixel plurality of the other
 * voters (tly_vote_pixels), or under vote.mask staple (1 to 16 voters in
 * the image) their per-class STAPLE (src/agree/semantic_staple.c). Pass UINT32_MAX (or any annotator without a
 * kept non-gold map) to leave nobody out. Fills *out: image, voters (the
 * maps that voted), panoptic (some voting map came from COCO panoptic),
 * map and confidence as runs (overwritten, not freed first; the caller's:
 * tly_labelmap_clear both), tied_pixels. Returns the number of voters (>= 1;
 * the panoptic audit of an annotator against its leave-one-out consensus
 * needs 2 voters before leaving out), 0 when nobody is left to vote (*out
 * then has a 0 x 0 map and confidence), TLY_ENOMEM, or TLY_EARG when the
 * image's maps are inconsistent (a value >= ctx->n_categories, runs not
 * summing to the size, two non-gold maps of one annotator). Sets no error
 * message (it may run inside a parallel region): *why (may be NULL) gets
 * static text naming the fault. Thread-safe for distinct OUT and WS.
 */
TLY_EXTERN int tly_semantic_consensus(tly_cons_map *out, tly_semantic_workspace *ws,
				      const tly_agree_context *ctx, const tly_image *im,
				      uint32_t image, uint32_t leave_out, const char **why);

/* Intersection and union of two voters' pixels of one category on one image. */
typedef struct {
	uint32_t a, b;      /* annotator indices, a < b */
	uint32_t category;
	uint64_t inter;     /* pixels both give the category */
	uint64_t uni;       /* pixels either gives it (> 0 in every row) */
} tly_semantic_pair_class;

/*
 * What the semantic STAPLE (vote.mask staple, src/agree/semantic_staple.c)
 * estimated of one voter for one class on one image, from the fit with
 * every voter (the leave-one-out fits of the audit do not count): the
 * class's STAPLE consensus ("in": the pixels whose posterior of the class
 * exceeds 1/2, tly_staple_result.area), the rest of the image ("out", pixels
 * every voter ignores included: the fit counts them as not the class), and
 * the voter's sensitivity and specificity weighted by them. The weights are
 * those instance STAPLE credits a cluster's members with
 * (tly_agree__staple_credit), so a run's sums give pixel-weighted means.
 */
typedef struct {
	uint32_t image;
	uint32_t annotator;
	uint32_t category;    /* a class some voter gives on the image */
	uint64_t pixels_in;   /* pixels of the class's STAPLE consensus */
	uint64_t pixels_out;  /* the image's other pixels: width x height - pixels_in */
	double sens_in;       /* the voter's estimated sensitivity x pixels_in */
	double spec_out;      /* its estimated specificity x pixels_out */
} tly_semantic_staple_rate;

/*
 * One class's share of an image's Fleiss' kappa over pixels (issue 4; the
 * sums tly_semantic_kappa combines): over the image's kept pixels (those
 * with n_i >= 2 non-ignore ratings among V), RATINGS = sum_i n_ij and
 * DISAGREE = sum_i n_ij (n_i - n_ij) / (n_i (n_i - 1)), i a pixel, j the class.
 */
typedef struct {
	uint32_t category;
	uint64_t ratings;
	double disagree;
} tly_semantic_kappa_class;

/*
 * Everything one image's label maps contribute to a run. Caller-owned:
 * zero-initialise, release with tly_semantic_image_result_clear (a second
 * tly_semantic_image on the same struct clears it first). Rows are sorted
 * by their keys; `images` fields are 1.
 */
typedef struct {
	uint32_t image;
	uint32_t voters;          /* |V|: kept non-gold maps */
	uint32_t skipped;         /* maps left out for their size */
	double agreement;         /* mean over voter pairs of the pair's mIoU on the image (pairs
				   * with no category in their union left out); NaN when none */
	int has_cons;             /* 1 when voters >= 1: cons holds the consensus */
	tly_cons_map cons;        /* owned (map, confidence) until moved out */
	size_t n_counts;
	tly_pixel_counts *counts; /* by (annotator, ref, category); rows with tp + fp + fn > 0 */
	size_t n_audits;
	tly_pixel_audit *audits;  /* by (annotator, ref): consensus when voters >= 2, gold when
				   * the image has a kept gold map */
	size_t n_pairs;
	tly_map_pair *pairs;      /* every voter pair (a, b), lexicographic; miou on this image */
	size_t n_pair_classes;
	tly_semantic_pair_class *pair_classes; /* by (a, b, category) */
	const char *why;          /* after a failure: static text saying what failed */
	size_t n_staple_rates;
	tly_semantic_staple_rate *staple_rates; /* by (annotator, category): every voter x every
				   * class fitted, when the image is voted by STAPLE; else none */
	/* Fleiss' kappa over pixels (src/agree/semantic_kappa.c): a pixel is a unit, V's
	 * values its ratings, a voter's ignore a missing rating; pixels with fewer than 2
	 * ratings are dropped (none are kept when voters < 2). */
	uint64_t kappa_pixels;    /* kept pixels */
	uint64_t kappa_ratings;   /* sum over them of n_i */
	double kappa_agree;       /* sum over them of P_i = (sum_j n_ij^2 - n_i) / (n_i (n_i - 1)) */
	size_t n_kappa_classes;
	tly_semantic_kappa_class *kappa_classes; /* by category; the classes with ratings > 0 */
} tly_semantic_image_result;

/* Free R's arrays and maps and zero it. NULL-safe. */
TLY_EXTERN void tly_semantic_image_result_clear(tly_semantic_image_result *r);

/*
 * Compute image IM (index IMAGE in its dataset) into *OUT with scratch WS:
 * the consensus map (as tly_semantic_consensus with nobody left out), under
 * STAPLE every voter's per-class rates of that fit (staple_rates), the
 * pair figures and agreement, and each voter's audit against the
 * leave-one-out consensus of the others (when |V| >= 2) and against the
 * gold map. Audit counting (SPEC §6): reference pixels that are ignore are
 * skipped; equal values are tp of the class and correct; otherwise fn of
 * the reference class, and fp of the voter's class unless the voter
 * ignores the pixel. An image without maps gives voters 0 and nothing else.
 * Returns 0, TLY_ENOMEM, TLY_ELIMIT or TLY_EARG (as tly_semantic_consensus),
 * with OUT->why set; sets no error message. A pure function of its inputs:
 * the same bytes on any thread. Thread-safe for distinct OUT and WS.
 */
TLY_EXTERN int tly_semantic_image(tly_semantic_image_result *out, tly_semantic_workspace *ws,
				  const tly_agree_context *ctx, const tly_image *im, uint32_t image);

/*
 * Fleiss' kappa over the pixels of label maps (issue 4; Fleiss 1971 with
 * each unit's own number of ratings, as tly_stats_fleiss documents), from
 * the per-image sums of N_IMAGES results IMAGES (tly_semantic_image): OUT
 * the overall kappa, PER_CATEGORY (NULL, or N_CATEGORIES caller-owned
 * slots) each category's kappa_j on the table collapsed to {j, not j}.
 * n = the kept pixels (every slot). Undefined (NaN): no kept pixel; overall
 * when every rating is of one class (Pe = 1); class j when its share of the
 * ratings is 0 or 1. BOOT (NULL = none) asks for bootstrap intervals over
 * the images with a kept pixel (the image is the unit resampled; BOOT's
 * groups, when given, name a group per entry of IMAGES); each resample costs
 * O(sum of the images' kappa_classes + N_CATEGORIES). Equals
 * tly_stats_fleiss on the pixels expanded one per item (up to rounding).
 * Returns 0, TLY_EARG (OUT NULL, IMAGES NULL with images, a class row not
 * below N_CATEGORIES, resamples over the cap, decreasing groups),
 * TLY_ELIMIT or TLY_ENOMEM, with the message set. Thread-safe; checked by
 * tests/agree/test_semantic_kappa.c.
 */
TLY_EXTERN int tly_semantic_kappa(tly_stat *out, tly_stat *per_category, size_t n_categories,
				  const tly_semantic_image_result *images, size_t n_images,
				  const tly_stats_bootstrap *boot);

/*
 * The image's overall figures once ST->agreement_maps is set: agreement =
 * the mean of the defined components (objects, labels, maps; NaN when
 * none), flagged = TIE (the image has a tied object or label vote) or
 * agreement < policy->min_agreement. Tied pixels of the map do not flag
 * an image: with two voters every disagreeing pixel is a tie, and the
 * maps component already scores disagreement. Cannot fail.
 */
TLY_EXTERN void tly_semantic_combine(tly_image_stats *st, int tie, const tly_policy *policy);

#endif
