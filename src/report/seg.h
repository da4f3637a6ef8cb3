/*
 * The label-map (semantic and panoptic segmentation) part of the report
 * view: what the result holds, grouped and summed once so the JSON, CSV and
 * HTML writers print the same figures. Definitions beside each field;
 * seg.c builds it, tests/report/test_seg.c checks every figure by hand.
 */
#ifndef TLY_REPORT_SEG_H
#define TLY_REPORT_SEG_H

#include "tally/dataset.h"
#include "tally/result.h"

/* The consensus pixels of one class on one consensus map. */
typedef struct {
	uint32_t category;
	uint64_t pixels;
} tly_report__class_pixels;

/* One annotator's label-map audit against one reference (tly_reference). */
typedef struct {
	int semantic;          /* a tly_pixel_audit or tly_pixel_counts row exists */
	uint32_t images;       /* maps compared (the tly_pixel_audit row; 0 without one) */
	uint64_t correct, total;
	double pixel_accuracy; /* correct / total; NaN when total is 0 */
	double mean_iou;       /* mean IoU over the annotator's classes with tp + fp + fn > 0; NaN if none */
	double mean_dice;      /* the same for Dice */
	int panoptic;          /* a tly_panoptic_counts row exists */
	double pq, sq, rq;     /* means over classes with tp + fp + fn > 0, as panopticapi's
				* pq_average (a class with tp = 0 has SQ 0 there); NaN if none */
	double pq_things;      /* PQ averaged the same way over isthing = 1 classes only */
	double pq_stuff;       /* ... over isthing = 0 classes (unknown isthing is in neither) */
} tly_report__seg_audit;

/*
 * Rows of one result array grouped by (annotator, reference): group
 * g = annotator * 2 + ref holds order[start[g] .. start[g + 1]), category
 * ascending (the checked result's order).
 */
typedef struct {
	size_t *start; /* [n_annotators * 2 + 1] */
	size_t *order; /* [rows] indices into the result array */
} tly_report__rows;

/*
 * One record of report.json "pairs": an entry of tly_result.pairs, of
 * tly_result.map_pairs, or one of each with the same (a, b). SIZE_MAX
 * marks the side that is absent. Records are by (a, b) ascending.
 */
typedef struct {
	uint32_t a, b;
	size_t pair, map_pair;
} tly_report__pair_row;

typedef struct {
	int any;                   /* the run has label-map figures of any kind */
	size_t *map_of;            /* [n_images]: index into cons_maps, SIZE_MAX when none */
	uint64_t *ignored;         /* [n_cons_maps]: TLY_LABEL_IGNORE pixels of the consensus map */
	size_t *class_start;       /* [n_cons_maps + 1] */
	tly_report__class_pixels *classes; /* map m's classes with pixels > 0, category ascending:
					    * classes[class_start[m] .. class_start[m + 1]) */
	uint64_t *class_pixels;    /* [n_categories]: consensus pixels over all consensus maps */
	/* [n_categories]: the class IoU of every annotator's vs_consensus counts
	 * summed, tp / (tp + fp + fn); NaN when that sum is 0. One figure per
	 * class that weights annotators by the pixels they labelled, rather than
	 * a mean of per-annotator IoUs that a small annotator could swing. */
	double *class_iou;
	tly_report__rows pixel_rows; /* r->pixel_counts */
	tly_report__rows pq_rows;    /* r->panoptic */
	tly_report__seg_audit *audit; /* [n_annotators * 2]: annotator * 2 + ref */
	size_t n_pair_rows;
	tly_report__pair_row *pair_rows;
	double mean_agreement_maps; /* mean of the images' defined agreement_maps; NaN if none */
	unsigned char *map_voter;   /* [n_annotators]: 1 when audited against the consensus of
				     * label maps (semantic or panoptic) or in a map pair */
} tly_report__seg;

/*
 * An image's agreement_maps as the report shows it: NaN whenever fewer
 * than 2 maps voted, whatever the result holds there, so a run stored
 * before label maps existed (whose loaded value is 0) reads "undefined".
 */
double tly_report__agreement_maps(const tly_image_stats *s);

/* Build S from R (already checked against DS); 0 or TLY_ENOMEM (S then cleared). */
int tly_report__seg_init(tly_report__seg *s, const tly_dataset *ds, const tly_result *r);
void tly_report__seg_clear(tly_report__seg *s);

/* Figures of one class's counts (NaN when tp + fp + fn is 0). */
double tly_report__iou(uint64_t tp, uint64_t fp, uint64_t fn);  /* tp / (tp + fp + fn) */
double tly_report__dice(uint64_t tp, uint64_t fp, uint64_t fn); /* 2tp / (2tp + fp + fn) */
/*
 * PQ, SQ and RQ of one class as panopticapi's pq_average computes them:
 * pq = iou_sum / (tp + fp/2 + fn/2), sq = iou_sum / tp (0 when tp = 0),
 * rq = tp / (tp + fp/2 + fn/2); all NaN when tp + fp + fn = 0.
 */
void tly_report__pq(double out[3], const tly_panoptic_counts *c);

#endif
