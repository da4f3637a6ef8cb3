/*
 * The review queue of a run: the images it flagged, why, and their
 * conflicts, exported as a task list a team loads back into its annotation
 * tool (CSV, JSON, CVAT for images XML 1.1, Label Studio tasks JSON).
 */
#ifndef TALLY_REVIEW_H
#define TALLY_REVIEW_H

#include "types.h"
#include "dataset.h"
#include "result.h"

typedef enum {
	TLY_REVIEW_CSV = 0,         /* one row per flagged image: why, agreement, conflict counts */
	TLY_REVIEW_JSON = 1,        /* each flagged image with its consensus and conflicts */
	TLY_REVIEW_CVAT = 2,        /* CVAT for images 1.1 annotations: consensus and conflicting
				     * objects as boxes with `source` and `conflict` attributes */
	TLY_REVIEW_LABELSTUDIO = 3  /* Label Studio tasks with the consensus as predictions */
} tly_review_format;

/* Parse "csv", "json", "cvat", "labelstudio"; TLY_EARG naming it otherwise. */
TLY_EXTERN int tly_review_format_parse(tly_review_format *out, const char *name);

/*
 * Render the review queue of R (a run over DS): its flagged images, lowest
 * agreement first (undefined last, then by name), each with the reasons it
 * was flagged (a tie; agreement below the run's review.min_agreement;
 * conflicts by kind). *out is the caller's (free()), *len its length.
 * TLY_EARG when R does not index DS, TLY_ENOMEM. Parses the run's rules:
 * call from one thread at a time.
 */
TLY_EXTERN int tly_review_render(char **out, size_t *len, tly_review_format fmt,
				 const tly_dataset *ds, const tly_result *r);

#endif
