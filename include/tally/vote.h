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
#include "rle.h"

typedef enum {
	TLY_VOTE_ACCEPTED = 0,  /* consensus exists */
	TLY_VOTE_NO_QUORUM = 1, /* too few voters drew it: not an object */
	TLY_VOTE_TIE = 2        /* quorum met but the label plurality is tied and vote.tie = review */
} tly_vote_status;

/*
 * Every field is filled for any non-empty cluster, NO_QUORUM included (what
 * the object would have been), so rejected clusters can be reported. For
 * an empty cluster: category UINT32_MAX, votes 0, a zero box, agreement NaN.
 */
typedef struct {
	tly_vote_status status;
	uint32_t category;     /* plurality label; when tied, the tied label whose name sorts first */
	uint32_t votes;        /* members with the winning label */
	tly_geometry geom;     /* consensus shape: a box (a point when every member is a point) */
	double confidence;     /* votes / voters; NaN when voters is 0 */
	double agreement;      /* mean IoU of the members to geom */
	int iscrowd;           /* 1: every member is a crowd region (COCO iscrowd), so the
				* consensus is a crowd region; 0 otherwise (and when empty) */
} tly_vote_object_result;

/*
 * Vote one cluster: ITEMS[MEMBERS[0..n)] are its members, VOTERS is |V| for
 * the image. LABEL_NAMES[category] gives names for the `first` tie policy
 * (NULL: category index order). Accepted when n / voters meets the quorum
 * (the consensus label's labels.NAME.vote.quorum when the policy has one
 * and LABEL_NAMES names it, else vote.quorum);
 * label = plurality inside; box = per-coordinate median (or mean) of the
 * corners. A tie makes status TIE only under vote.tie = review and only when
 * the quorum is met. A cluster of crowd regions is voted the same way (the
 * matcher never mixes them with ordinary objects) and gives iscrowd 1. Returns 0, or TLY_EARG (NULL argument, n > voters).
 * Pure function: no allocation, thread-safe.
 */
TLY_EXTERN int tly_vote_object(tly_vote_object_result *out, const tly_match_item *items,
			       const uint32_t *members, size_t n, uint32_t voters,
			       const tly_policy *policy, const char *const *label_names);

/*
 * Consensus mask of a cluster ITEMS[MEMBERS[0..n)] (SPEC §5): a pixel is in
 * the consensus mask when more than half of the cluster's members cover it
 * (tly_rle_merge with TLY_RLE_MAJORITY). Only when every member has a mask
 * of one size: returns 1 with *out the caller's (tly_rle_clear). Returns 0
 * with *out empty when n is 0 or some member has no mask (the cluster keeps
 * its box consensus), or TLY_ENOMEM/TLY_ELIMIT (*out empty). Allocates a
 * scratch array of n masks; thread-safe.
 */
TLY_EXTERN int tly_vote_mask(tly_rle *out, const tly_match_item *items, const uint32_t *members,
			     size_t n);

/*
 * Consensus shape of N boxes under POLICY (median or mean of x1, y1, x2, y2).
 * The median of an even count is the mean of the two middle values. N = 0
 * gives a zero box. Never allocates, cannot fail.
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
 * A label's quorum is its labels.NAME.vote.quorum when the policy has one
 * and LABEL_NAMES names it, else vote.quorum.
 * Writes up to n_categories results to OUT (sorted by category), their
 * count to *n_out, and whether a tie blocked the consensus to *tie (only
 * when the tied share meets the quorum: a plurality below it is simply no
 * consensus). OUT must have room for n_categories entries: it is also the
 * counting table. Returns 0, or TLY_EARG (NULL argument, a label >=
 * n_categories, a set not ascending and distinct). No allocation, thread-safe.
 */
TLY_EXTERN int tly_vote_labels(tly_vote_label *out, size_t *n_out, int *tie,
			       const tly_label_set *sets, size_t voters, int multi,
			       size_t n_categories, const tly_policy *policy,
			       const char *const *label_names);

/*
 * Per-pixel plurality of label maps (semantic segmentation, SPEC §5): MAPS
 * holds K dense maps of NPIX values each (category indices, or
 * TLY_LABEL_IGNORE = UINT32_MAX, whose votes do not count); map SKIP is
 * left out (leave-one-out; pass K for none), so the voters are the other
 * maps. OUT[i] = the value most voters give pixel i; a tie between two or
 * more values, or no vote at all, gives UINT32_MAX. CONF (may be NULL) gets
 * round(255 * winning votes / voters), 0 where OUT is ignore. *TIED (may be
 * NULL) is increased by the pixels left ignore by a tie. SCRATCH holds 2K
 * values (caller's, reused across calls). No allocation; thread-safe for
 * distinct outputs and scratch.
 */
TLY_EXTERN void tly_vote_pixels(uint32_t *out, uint8_t *conf, uint64_t *tied,
				const uint32_t *const *maps, size_t k, size_t skip, size_t npix,
				uint32_t *scratch);

#endif
