/*
 * What every report renderer reads: the checked dataset and result, the
 * result's consensus objects, labels and conflicts grouped by image, and
 * the run-wide figures (summary counts and statistics) computed once; the
 * label-map (segmentation) figures are in report/seg.h, built by seg.c.
 */
#ifndef TLY_REPORT_VIEW_H
#define TLY_REPORT_VIEW_H

#include "tally/dataset.h"
#include "tally/result.h"
#include "report/seg.h"

/* Items of one result array grouped by image, input order kept within an image. */
typedef struct {
	size_t *start; /* [n_images + 1]: image i's items are order[start[i] .. start[i+1]) */
	size_t *order; /* [n]: item indices */
	size_t *local; /* [n]: item index -> its position among its image's items */
} tly_report__group;

typedef struct {
	const tly_dataset *ds; /* borrowed */
	const tly_result *r;   /* borrowed */
	tly_report__group objs;      /* r->cons_objects by image */
	tly_report__group tags;      /* r->cons_tags by image */
	tly_report__group conflicts; /* r->conflicts by image */

	/* summary */
	uint64_t submissions;       /* all submissions, gold included */
	uint64_t objects;           /* all objects drawn, gold included */
	size_t flagged;             /* images flagged for review */
	size_t by_kind[TLY_CONFLICT_KIND_MAX + 1]; /* conflicts per tly_conflict_kind */
	double mean_agreement;      /* mean image agreement over images where it is defined; NaN if none */

	/* statistics (SPEC §6 "per class and overall"; Fleiss/Krippendorff come later) */
	double mean_pair_f1;        /* mean of the annotator pairs' defined F1 */
	double mean_pair_kappa;     /* mean of the annotator pairs' defined Cohen's kappa */
	double mean_iou;            /* mean over consensus objects of their agreement (members' mean IoU) */

	tly_report__seg seg;        /* label maps: semantic and panoptic figures (seg.h) */
} tly_report__view;

/* Check R against DS and build the view; 0 or a negative tly_error_code. */
int tly_report__view_init(tly_report__view *v, const tly_dataset *ds, const tly_result *r);
void tly_report__view_clear(tly_report__view *v);

/* Names for output; NULL for "none" (UINT32_MAX). Borrowed from the dataset. */
const char *tly_report__annotator(const tly_report__view *v, uint32_t annotator);
const char *tly_report__category(const tly_report__view *v, uint32_t category);

/* "missing", "extra", "label_mismatch", "low_overlap", "tie". */
const char *tly_report__kind_name(tly_conflict_kind kind);

/* What mismatching_attributes conflict K (an index into r->conflicts) is about, or NULL. */
const tly_conflict_attr *tly_report__conflict_attr(const tly_result *r, size_t k);
/* "objects" or "labels". */
const char *tly_report__task_name(tly_task task);

#endif
