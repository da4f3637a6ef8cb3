/*
 * The run's panoptic audit (SPEC §6, issue 3): each annotator's panoptic
 * segmentation scored with PQ counts against the leave-one-out consensus
 * and against gold, image by image in parallel, reduced in image order.
 */
#ifndef TLY_RUN_PANOPTIC_H
#define TLY_RUN_PANOPTIC_H

#include "agree/panoptic.h"
#include "tally/semantic.h"

/* One image's rows: (annotator, ref, category) counts, in the order made. */
typedef struct {
	tly_panoptic_counts *rows;
	size_t n, cap;
	int status;          /* 0 or the image's error code */
	const char *why;     /* static text naming the fault */
} tly_run__panoptic_slot;

/* One thread's scratch, reused across images. */
typedef struct {
	tly_semantic_workspace *sem; /* for the leave-one-out consensus map */
	uint32_t *px;        /* the annotator's map, dense */
	size_t cap_px;
	uint32_t *loo;       /* the leave-one-out consensus map, dense */
	size_t cap_loo;
	uint32_t *gold;      /* the gold map, dense */
	size_t cap_gold;
	tly_panoptic__loo things;
	tly_panoptic__thing *own;
	size_t cap_own;
	tly_pq_stat *stat;   /* [n_categories], zero between calls */
} tly_run__panoptic_space;

/*
 * Audit image IMAGE of DS into SLOT (rows appended; SLOT zeroed before the
 * first call) with scratch SP (from tly_run__panoptic_space_init with DS's
 * category count). Sets no error message: returns 0 or an error code
 * with slot->why. Thread-safe for distinct SLOT and SP.
 */
int tly_run__panoptic_image(tly_run__panoptic_slot *slot, tly_run__panoptic_space *sp,
			    const tly_agree_context *ctx, const tly_dataset *ds, uint32_t image);

/* Allocate SP's parts that do not grow: the semantic workspace and N_CATEGORIES counters. 0 or TLY_ENOMEM. */
int tly_run__panoptic_space_init(tly_run__panoptic_space *sp, size_t n_categories);

/* Free SP's buffers. NULL-safe. */
void tly_run__panoptic_space_clear(tly_run__panoptic_space *sp);

/*
 * Fill R's panoptic rows from DS with THREADS threads: every image with a
 * non-gold panoptic label map, then the per-image rows summed per
 * (annotator, ref, category) in image order, so any thread count gives
 * the same bytes. R's panoptic must be empty. 0 or an error (message set,
 * naming the first failed image).
 */
int tly_run__panoptic(tly_result *r, const tly_dataset *ds, const tly_agree_context *ctx, int threads);

#endif
