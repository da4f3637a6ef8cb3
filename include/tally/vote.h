/*
 * Voting (SPEC §5): turns a cluster of annotators' objects, or the label
 * sets of an image's voters, into consensus with support, confidence and
 * agreement, under the rules' quorum, tie and box policies.
 */
#ifndef TALLY_VOTE_H
#define TALLY_VOTE_H

#include "types.h"
#include "geom.h"
#include "match.h"
#include "rules.h"

typedef enum {
	TLY_VOTE_ACCEPTED = 0,  /* consensus exists */
	TLY_VOTE_NO_QUORUM = 1, /* too few voters drew it: not an object */
	TLY_VOTE_TIE = 2        /* quorum met but the label plurality is tied and vote.tie = review */
} tly_vote_status;

typedef struct {
	tly_vote_status status;
	uint32_t category;     /* winning label (valid unless NO_QUORUM; for TIE: the tie's first label) */
	uint32_t votes;        /* members with the winning label */
	tly_geometry geom;     /* consensus shape (valid unless NO_QUORUM) */
	double confidence;     /* votes / voters */
	double agreement;      /* mean IoU of the members to geom */
} tly_vote_object_result;

/*
 * Vote one cluster: ITEMS[MEMBERS[0..n)] are its members, VOTERS is |V| for
 * the image. LABEL_NAMES[category] gives names for the `first` tie policy.
 * Accepted when n / voters meets the quorum; label = plurality inside;
 * box = per-coordinate median (or mean) of the corners. Pure function.
 */
TLY_EXTERN int tly_vote_object(tly_vote_object_result *out, const tly_match_item *items,
			       const uint32_t *members, size_t n, uint32_t voters,
			       const tly_policy *policy, const char *const *label_names);

/*
 * Consensus shape of N boxes under POLICY (median or mean of x1, y1, x2, y2).
 * The median of an even count is the mean of the two middle values.
 */
TLY_EXTERN void tly_vote_box(tly_box *out, const tly_box *const *boxes, size_t n, tly_box_policy policy);

/* One voter's image labels: category indices, sorted ascending, no duplicates. */
typedef struct {
	const uint32_t *labels;
	size_t n;
} tly_label_set;

typedef struct {
	uint32_t category;
	uint32_t votes;
	double confidence;  /* votes / voters */
} tly_vote_label;

/*
 * Vote the image labels of VOTERS label sets. MULTI: each label is kept
 * when its share meets the quorum; otherwise single-label: the plurality
 * label, kept when its share meets the quorum, with ties per vote.tie.
 * Writes up to n_categories results to OUT (sorted by category), their
 * count to *n_out, and whether a tie blocked the consensus to *tie.
 */
TLY_EXTERN int tly_vote_labels(tly_vote_label *out, size_t *n_out, int *tie,
			       const tly_label_set *sets, size_t voters, int multi,
			       size_t n_categories, const tly_policy *policy,
			       const char *const *label_names);

#endif
