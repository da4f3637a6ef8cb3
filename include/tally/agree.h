/*
 * Agreement and audit of one image (SPEC §5-6): cluster and vote the
 * image's objects and labels, list its conflicts, score its agreement, and
 * give each voter's leave-one-out and gold counts and each annotator pair's
 * share of the pair statistics. The run stage sums these over images.
 */
#ifndef TALLY_AGREE_H
#define TALLY_AGREE_H

#include "types.h"
#include "dataset.h"
#include "dawid_skene.h"
#include "match.h"
#include "result.h"
#include "rules.h"

/*
 * A label model for reliability-weighted votes (vote.weights): a prior
 * over classes and each annotator's confusion rows. Built by the run
 * between its two passes; its layout is private (src/agree/weights.h).
 */
typedef struct tly_agree_weights tly_agree_weights;

/*
 * Dataset-wide facts an image's computation needs. Built once per run with
 * tly_agree_context_init (caller-owned struct, release with
 * tly_agree_context_clear); read-only afterwards, so threads may share it.
 */
typedef struct {
	const tly_policy *policy;   /* borrowed: must outlive the context */
	tly_match_options match;    /* match.iou and match.class_aware of the policy */
	int multi;                  /* the labels task is multi-label (tly_dataset_labels_multi) */
	size_t n_annotators;
	size_t n_categories;
	size_t n_label_categories;  /* categories given in any labels submission (gold included):
				       the per-image item count of multi-label kappa */
	const char **label_names;   /* [n_categories]: the dataset's category names (borrowed
				       strings, array owned by the context) */
	const tly_agree_weights *weights; /* NULL (as init leaves it): one annotator, one vote;
				       else labels of clusters and single-label images are the
				       model's posterior argmax (borrowed; set by the run) */
	int observe;                /* 1: record every label voted on the image in
				       tly_agree_image_result.observations, and compute only the
				       votes and the gold comparisons (0 after init) */
	/*
	 * The rules' per-label and per-kind overrides (labels.NAME,
	 * geometry.KIND) by category index and shape kind. Precedence
	 * everywhere: label > geometry > the policy's own value. match.label_iou
	 * points into label_iou (NULL when no category has a match.iou
	 * override) and match.kind_iou holds geometry.KIND.match.iou (0 = none);
	 * vote.quorum overrides are looked up by name in the vote.
	 */
	double *label_iou;          /* [n_categories] or NULL: labels.NAME.match.iou, 0 = none */
	double *label_low_overlap;  /* [n_categories] or NULL: labels.NAME.report.low_overlap, NaN = none */
	double kind_low_overlap[4]; /* geometry.KIND.report.low_overlap by tly_geom_kind - 1, NaN = none */
} tly_agree_context;

/*
 * The report.low_overlap threshold of a member of kind KIND in a cluster
 * whose consensus label is CATEGORY: the label's override, else the kind's,
 * else the policy's report.low_overlap. Pure; thread-safe.
 */
TLY_EXTERN double tly_agree_low_overlap(const tly_agree_context *ctx, uint32_t category,
					tly_geom_kind kind);

/*
 * Fill CTX for DS under POLICY. DS and POLICY are borrowed and must outlive
 * CTX. Returns 0 or TLY_ENOMEM.
 */
TLY_EXTERN int tly_agree_context_init(tly_agree_context *ctx, const tly_dataset *ds,
				      const tly_policy *policy);

/* Release what tly_agree_context_init allocated and zero CTX. NULL-safe. */
TLY_EXTERN void tly_agree_context_clear(tly_agree_context *ctx);

/*
 * Scratch memory of tly_agree_image, reused across images so the per-image
 * work allocates only while its buffers grow. One per thread.
 */
typedef struct tly_agree_workspace tly_agree_workspace;

/* *out is the caller's: release with tly_agree_workspace_free. Returns 0 or TLY_ENOMEM. */
TLY_EXTERN int tly_agree_workspace_new(tly_agree_workspace **out);

/* NULL-safe. */
TLY_EXTERN void tly_agree_workspace_free(tly_agree_workspace *ws);

/*
 * One annotator's share of the audit on one image. Only annotators with a
 * non-gold submission on the image have one (that is images_done += 1).
 * vs_consensus.images / vs_gold.images are 1 when the annotator was
 * compared on at least one task of the image, else 0.
 */
typedef struct {
	uint32_t annotator;
	tly_counts vs_consensus; /* leave-one-out */
	tly_counts vs_gold;
	/* vote.mask staple: the consensus masks STAPLE estimated with this
	 * annotator among the raters, and its rates weighted by pixels:
	 * sensitivity by the consensus mask's pixels, specificity by the
	 * pixels outside it (the rest of the image). */
	uint32_t staple_clusters;
	double staple_in, staple_sens;  /* sum of consensus pixels; of sensitivity x those */
	double staple_out, staple_spec; /* sum of pixels outside; of specificity x those */
} tly_agree_annotator;

/*
 * One annotator pair's share of the pair statistics on one image: present
 * when a < b both have a non-gold submission of at least one common task.
 */
typedef struct {
	uint32_t a, b;           /* annotator indices, a < b */
	int objects;             /* 1: both submitted objects (the image is shared) */
	uint64_t tp, n_a, n_b;   /* same-label one-to-one pairs; objects of a and b */
	int labels;              /* 1: both submitted labels */
	uint32_t label_a;        /* single-label: a's label (valid when labels) */
	uint32_t label_b;        /* single-label: b's label */
	uint64_t table[4];       /* multi-label: items by presence, index 2 * (a has it) + (b has it),
				    over the context's n_label_categories categories */
	size_t first_label_pair; /* objects: this pair's matched objects are the image result's */
	size_t n_label_pairs;    /* label_pairs[first_label_pair .. +n_label_pairs) (crowd aside) */
} tly_agree_pair;

/*
 * The labels of two matched objects: one item of the pair's Cohen's kappa
 * over objects (the one-to-one pairing at match.iou of the pair F1, any
 * label; crowd regions are not items).
 */
typedef struct {
	uint32_t label_a;        /* category of a's object */
	uint32_t label_b;        /* category of b's object */
} tly_agree_label_pair;

/*
 * Everything one image contributes to a run. Indices are as in tly_result
 * except that they are local to the image: cons_objects[i].first_member
 * indexes this struct's members, a conflict's `consensus` indexes this
 * struct's cons_objects (objects task) or cons_tags (labels task);
 * conflicts come objects by cluster, then labels by voter, then attribute
 * mismatches by consensus object and name.
 * Caller-owned; zero-initialise, reuse across calls, and release with
 * tly_agree_image_result_clear. The arrays share one allocation (one per
 * image, not six): never free or grow them one by one.
 */
typedef struct {
	tly_image_stats stats;
	size_t n_cons_objects;
	tly_cons_object *cons_objects;  /* accepted clusters, by smallest member id */
	tly_rle *cons_masks;            /* [n_cons_objects] consensus masks (empty for boxes), or
					 * NULL when none has one; allocated on its own, owned here
					 * until moved out; cons_objects[i].geom.rle points into it */
	size_t n_members;
	tly_cons_member *members;       /* each cluster's members by ascending object id */
	size_t n_cons_tags;
	tly_cons_tag *cons_tags;        /* by category index */
	size_t n_conflicts;
	tly_conflict *conflicts;        /* objects by cluster, labels by voter, then attributes */
	size_t n_annotators;
	tly_agree_annotator *annotators; /* by annotator index */
	size_t n_pairs;
	tly_agree_pair *pairs;          /* (a, b) lexicographic */
	const char *why;                /* after a failure: static text saying what failed */
	void *block_;                   /* private: the one allocation holding every array */
	size_t block_cap_;              /* private: its size in bytes */
	/* With ctx->observe: every label voted on the image as (item, annotator,
	 * category), items local to the image: cluster c (accepted or not, in
	 * clustering order) is item c, the single-label vote item n_clusters;
	 * empty otherwise. In the block. */
	size_t n_observations;
	tly_dawid_skene_observation *observations;
	uint32_t n_items;               /* items observed: clusters, + 1 for a single-label vote */
	uint32_t staple_fallbacks;      /* vote.mask staple: mask clusters voted by majority for
					   having more than TLY_RLE_MAX_PATTERN_MASKS members */
	/* Voted attributes (issue 5), in the same block. Here name and value
	 * index the dataset's attr_names and attr_values (not a result's
	 * attr_strings), object this struct's cons_objects and conflict its
	 * conflicts. */
	size_t n_cons_attrs;
	tly_cons_attr *cons_attrs;      /* by consensus object, then name */
	size_t n_conflict_attrs;
	tly_conflict_attr *conflict_attrs; /* one per mismatching_attributes conflict */
	size_t n_label_pairs;
	tly_agree_label_pair *label_pairs; /* matched objects' labels, grouped by pair (pairs order) */
	size_t n_iou_units;
	tly_stats_iou_unit *iou_units;  /* Krippendorff's alpha over objects: one unit per
					 * non-crowd cluster of the image's objects voters (all
					 * clusters, accepted or not) when there are >= 2 of them:
					 * objects = its members, coders = |V|, distance = sum over
					 * member pairs of 1 - IoU (1 when the labels differ) */
	/* The votes of the image's tied votes (vote.tie "review"), conflict being
	 * an index into this struct's conflicts; by conflict, then annotator.
	 * Leave-one-out re-votes give none. In the block. */
	size_t n_tie_votes;
	tly_tie_vote *tie_votes;
} tly_agree_image_result;

/* Free the arrays of R and zero it. NULL-safe. */
TLY_EXTERN void tly_agree_image_result_clear(tly_agree_image_result *r);

/*
 * Compute image IM (index IMAGE in its dataset) into *OUT with scratch WS.
 * A pure function of the image, the context and the policy: the same input
 * gives the same bytes on any thread. Returns 0, TLY_ENOMEM, or TLY_EARG
 * when the image's indices are inconsistent. It does not format an error
 * message (so it may run inside a parallel region): on failure OUT->why
 * names the fault and the caller reports it. Thread-safe for distinct
 * OUT and WS.
 */
TLY_EXTERN int tly_agree_image(tly_agree_image_result *out, tly_agree_workspace *ws,
			       const tly_agree_context *ctx, const tly_image *im, uint32_t image);

/*
 * Cohen's kappa (Cohen 1960) of a K x K confusion table of counts,
 * row-major (rows: rater a, columns: rater b): (po - pe) / (1 - pe).
 * NaN when the table is empty or pe = 1 (both raters constant and equal).
 */
TLY_EXTERN double tly_agree_kappa(const uint64_t *table, size_t k);

/*
 * Cohen's kappa of N items rated LABELS_A[i] and LABELS_B[i] (category
 * indices below the length of the scratch arrays). ROWS and COLS are
 * caller scratch of one counter per category, all zero on entry and left
 * zero on return; the work is O(n), whatever the category count.
 */
TLY_EXTERN double tly_agree_kappa_labels(const uint32_t *labels_a, const uint32_t *labels_b,
					 size_t n, uint64_t *rows, uint64_t *cols);

/*
 * Per-class figures from a run's consensus: OUT[0..n_categories) gets, for
 * each category, support (consensus objects + consensus labels), agreement
 * (their mean confidence) and mean_iou (mean agreement of its consensus
 * objects); NaN where there is nothing to average. Sums in array order.
 */
TLY_EXTERN void tly_agree_classes(tly_class_stats *out, size_t n_categories,
				  const tly_cons_object *objs, size_t n_objs,
				  const tly_cons_tag *tags, size_t n_tags);

#endif
