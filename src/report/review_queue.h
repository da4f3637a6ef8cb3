/*
 * The review queue shared by its renderers (review.c, review_tools.c): the
 * flagged images in queue order, with the reasons and the report view that
 * groups each image's consensus and conflicts.
 */
#ifndef TLY_REPORT_REVIEW_QUEUE_H
#define TLY_REPORT_REVIEW_QUEUE_H

#include "report/view.h"
#include "tally/review.h"
#include "util/buf.h"

typedef struct {
	tly_report__view view;
	size_t n;               /* flagged images */
	uint32_t *images;       /* [n] image indices in queue order */
	double min_agreement;   /* the run's review.min_agreement; NaN when its rules do not parse */
	int64_t max_conflicts;  /* the run's review.max_conflicts; -1 none (or rules unreadable) */
} tly_review__queue;

int tly_review__queue_init(tly_review__queue *q, const tly_dataset *ds, const tly_result *r);
void tly_review__queue_clear(tly_review__queue *q);

/* Append image I's reasons as one line of text ("tie; agreement 0.333 < 0.7; 3 conflicts ..."). */
void tly_review__reasons(tly_buf *b, const tly_review__queue *q, uint32_t image);

/* CVAT for images 1.1 and Label Studio renderers (review_tools.c). */
void tly_review__cvat(tly_buf *b, const tly_review__queue *q);
void tly_review__labelstudio(tly_buf *b, const tly_review__queue *q);

#endif
