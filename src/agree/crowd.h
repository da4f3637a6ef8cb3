/*
 * Crowd regions (COCO iscrowd) in the comparisons of agreement and audit:
 * one-to-one pairing of two object sets where crowd regions are ignore
 * regions, as the COCO detection evaluation treats them.
 */
#ifndef TLY_AGREE_CROWD_H
#define TLY_AGREE_CROWD_H

#include "agree/workspace.h"

/*
 * Whether OBJ (label LABEL) lies inside crowd region CROWD (label
 * CROWD_LABEL) as COCO's evaluation counts it: the same label (COCO
 * evaluates per category, and a crowd of people hides no car) and
 * |OBJ ∩ CROWD| / |OBJ| >= IOU (tly_geom_crowd_iou).
 */
int tly_agree__inside_crowd(const tly_geometry *obj, uint32_t label, const tly_geometry *crowd,
			    uint32_t crowd_label, double iou);

/* What one set of objects scores against another, crowd regions aside. */
typedef struct {
	uint64_t tp;       /* pairs of ordinary objects with the same label */
	uint64_t matched;  /* pairs of ordinary objects, any label */
	double iou_sum;    /* sum of IoU over those pairs, in pairing order */
	uint64_t n_a;      /* A's ordinary objects that count: all but those in no pair
			    * that lie inside one of R's crowd regions */
	uint64_t n_r;      /* R's ordinary objects that count: all, or when symmetric,
			    * all but those in no pair inside one of A's crowd regions */
} tly_agree_crowd_score;

/*
 * Pair A[0..na) one-to-one with R[0..nr) (tly_match_pairs: crowd regions
 * pair only with crowd regions) into ws->mp, and score it with crowd
 * regions as ignore regions: crowd regions themselves count on neither
 * side, and an ordinary object in no pair that lies inside a crowd region
 * of the other side (tly_agree__inside_crowd at opts->iou) is not counted
 * (A's against R's regions always; R's against A's only when SYMMETRIC).
 * Without crowd regions this is plain pairing: n_a = na, n_r = nr.
 * Uses ws->mp and ws->seen. Returns 0 or an error of tly_match_pairs / TLY_ENOMEM.
 */
int tly_agree__crowd_compare(tly_agree_crowd_score *out, tly_agree_workspace *ws,
			     const tly_match_item *a, size_t na, const tly_match_item *r, size_t nr,
			     const tly_match_options *opts, int symmetric);

#endif
