/*
 * The result of one run: consensus, conflicts and agreement figures, held
 * as plain arrays that index into the tly_dataset the run read. The run
 * stage fills it, the store saves and reloads it, report and export render it.
 */
#ifndef TALLY_RESULT_H
#define TALLY_RESULT_H

#include "types.h"
#include "dataset.h"
#include "rules.h"
#include "stats.h"

/* A voted object (an accepted cluster). */
typedef struct {
	uint32_t image;       /* index into dataset images */
	uint32_t category;    /* consensus label: index into dataset categories */
	tly_geometry geom;    /* consensus shape: median or mean of the members' boxes; or, when
			       * every member has a mask, kind MASK, the pixel-wise majority mask
			       * (rle, borrowed from tly_result.cons_masks) and its bounding box */
	uint32_t support;     /* members in the cluster = annotators who drew it */
	uint32_t votes;       /* members whose label is the consensus label */
	uint32_t voters;      /* |V|: annotators with an objects submission on the image */
	double confidence;    /* votes / voters (or a posterior, when rules weight votes) */
	double agreement;     /* mean IoU of the members to the consensus shape (mask IoU for masks) */
	size_t first_member;  /* members[first_member .. +support) */
	int iscrowd;          /* 1: a voted crowd region (COCO iscrowd), voted among crowd
			       * regions only; objects inside it are neither extra nor missing */
} tly_cons_object;

/* A member of a consensus object: one annotator's object. */
typedef struct {
	int64_t object_id;   /* store id of the annotator's object */
	uint32_t annotator;
	uint32_t category;   /* the label this annotator gave */
	double iou;          /* IoU of this member to the consensus shape */
} tly_cons_member;

/* A voted image-level label. */
typedef struct {
	uint32_t image;
	uint32_t category;
	uint32_t votes;      /* annotators who gave this label */
	uint32_t voters;     /* |V| for the labels task on this image */
	double confidence;   /* votes / voters */
} tly_cons_tag;

/* Conflict kinds (SPEC §6, CVAT's vocabulary). Stored: never renumber. */
typedef enum {
	TLY_CONFLICT_MISSING = 1,        /* annotator lacks an object of an accepted cluster / a consensus label */
	TLY_CONFLICT_EXTRA = 2,          /* object in no accepted cluster / label not in consensus */
	TLY_CONFLICT_LABEL_MISMATCH = 3, /* member of an accepted cluster with another label */
	TLY_CONFLICT_LOW_OVERLAP = 4,    /* member whose IoU to the consensus is below report.low_overlap */
	TLY_CONFLICT_TIE = 5,            /* plurality tie: no consensus under vote.tie = review */
	TLY_CONFLICT_MISMATCHING_ATTRIBUTES = 6 /* member of an accepted cluster whose value of an
					   * attribute differs from the consensus value (issue 5);
					   * the details are in tly_result.conflict_attrs */
} tly_conflict_kind;

/* The largest conflict kind: an array indexed by kind has TLY_CONFLICT_KIND_MAX + 1 entries. */
#define TLY_CONFLICT_KIND_MAX TLY_CONFLICT_MISMATCHING_ATTRIBUTES

typedef struct {
	uint32_t image;
	tly_conflict_kind kind;
	tly_task task;
	uint32_t annotator;   /* whose object or label; UINT32_MAX for a tie */
	int64_t object_id;    /* the annotator's object/tag id; 0 when none (missing) */
	int64_t consensus;    /* index into cons_objects (objects) or cons_tags (labels); -1 when none */
	uint32_t category;    /* the annotator's label (missing: the consensus label) */
	double iou;           /* IoU to the consensus shape; NaN when not applicable */
} tly_conflict;

/* Per image figures. */
typedef struct {
	uint32_t image;
	uint32_t voters_objects;  /* |V| for objects */
	uint32_t voters_labels;   /* |V| for labels */
	double agreement;         /* [0,1]; NaN when undefined (fewer than 2 voters) */
	double agreement_objects; /* mean pairwise F1 at match.iou with label match; NaN if n/a */
	double agreement_labels;  /* mean Jaccard of each voter's labels with the consensus; NaN if n/a */
	uint32_t voters_maps;     /* |V| for label maps (semantic / panoptic) */
	double agreement_maps;    /* mean pairwise mIoU of the voters' label maps; NaN if n/a */
	int flagged;              /* needs review: tie, or agreement < review.min_agreement */
	uint32_t n_conflicts;
} tly_image_stats;

/*
 * Counts of one annotator against a reference (consensus or gold), summed
 * over images. Objects: tp = pairs matched at match.iou with the same label,
 * fp = own objects - tp, fn = reference objects - tp (CVAT's valid/ds/gt).
 * Labels: tp/fp/fn over each image's label sets. Derived figures:
 * precision = tp/(tp+fp), recall = tp/(tp+fn), f1 = 2tp/(2tp+fp+fn),
 * mean_iou = iou_sum/matched, label_accuracy = label_correct/label_total.
 */
typedef struct {
	uint64_t tp, fp, fn;
	uint64_t matched;        /* spatially matched pairs (any label) */
	double iou_sum;          /* sum of IoU over matched pairs */
	uint64_t label_correct;  /* matched pairs (and label-task images) with the right label */
	uint64_t label_total;
	uint32_t images;         /* images compared */
} tly_counts;

typedef struct {
	uint32_t annotator;
	uint32_t images_done;    /* images with a non-gold submission */
	tly_counts vs_consensus; /* leave-one-out */
	tly_counts vs_gold;      /* images.images == 0: no gold overlap */
} tly_annotator_stats;

typedef struct {
	uint32_t a, b;           /* annotator indices, a < b */
	uint32_t images;         /* images both submitted (objects task) */
	uint64_t tp;             /* objects matched with the same label */
	uint64_t n_a, n_b;       /* objects of a and b on those images */
	double f1;               /* 2tp/(n_a+n_b); NaN when both drew nothing and no image shared */
	uint64_t kappa_items;    /* items compared for kappa (labels task) */
	double kappa;            /* Cohen's kappa over image labels; NaN when undefined */
	/* Cohen's kappa over image labels with its 95% bootstrap interval over the
	 * images both labelled (multi-label: each image's (image, label) items
	 * resampled together; default seed): value = kappa, n = kappa_items. */
	tly_stat cohen_kappa;
	/* Cohen's kappa over the labels of the pair's matched objects: the one-to-one
	 * pairs at match.iou of the pair F1, any label (crowd regions aside), on the
	 * images both drew on; n = matched pairs; interval over the images with a
	 * matched pair. With match.class_aware every pair has one label: 1 or undefined. */
	tly_stat cohen_kappa_objects;
} tly_pair_stats;

typedef struct {
	uint32_t category;
	uint32_t support;        /* consensus objects + consensus labels of this class */
	double agreement;        /* mean confidence of those; NaN when support is 0 */
	double mean_iou;         /* mean agreement (IoU) of the consensus objects; NaN when none */
	/* Fleiss' (1971) kappa_j of this class over image labels: the binary rating
	 * "gave this label" on the units of tly_result.fleiss_kappa (single-label: the
	 * table collapsed to {j, not j}; multi-label: the class's (image, label)
	 * units), 95% bootstrap over images; n = images with >= 2 label voters. */
	tly_stat fleiss_kappa;
	/* Fleiss' kappa_j of this class over label-map pixels (the units of
	 * tly_result.fleiss_kappa_maps, the table collapsed to {j, not j}), 95%
	 * bootstrap over images; n = the kept pixels; NaN when the class's share
	 * of the ratings is 0 or 1. Reported only when the run has label maps. */
	tly_stat fleiss_kappa_maps;
} tly_class_stats;

/*
 * The consensus label map of one image (semantic segmentation, and the
 * category layer of panoptic segmentation): per-pixel plurality over the
 * non-gold maps; ties and pixels every voter ignored are TLY_LABEL_IGNORE.
 */
typedef struct {
	uint32_t image;          /* index into dataset images */
	uint32_t voters;         /* non-gold label maps on the image */
	int panoptic;            /* some voter's map came from COCO panoptic */
	tly_labelmap map;        /* owned; category indices or TLY_LABEL_IGNORE */
	tly_labelmap confidence; /* owned; per pixel round(255 * votes for the consensus value /
				  * voters), 0 where the consensus is ignore */
	uint64_t tied_pixels;    /* pixels left ignore because two or more values tied */
} tly_cons_map;

/* Which reference an annotator is audited against. Stored: never renumber. */
typedef enum {
	TLY_REF_CONSENSUS = 0,   /* the leave-one-out consensus */
	TLY_REF_GOLD = 1
} tly_reference;

/*
 * Pixel counts of one annotator's label maps against a reference, for one
 * category, summed over images: tp = pixels both give the category, fp =
 * the annotator gives it and the reference another value (not ignore), fn =
 * the reference gives it and the annotator something else (ignore
 * included). Pixels the reference ignores are not counted. IoU =
 * tp / (tp + fp + fn), Dice = 2tp / (2tp + fp + fn). Only non-zero rows kept.
 */
typedef struct {
	uint32_t annotator;
	tly_reference ref;
	uint32_t category;
	uint64_t tp, fp, fn;
} tly_pixel_counts;

/* Pixel accuracy of one annotator against a reference: correct / total labelled reference pixels. */
typedef struct {
	uint32_t annotator;
	tly_reference ref;
	uint32_t images;         /* maps compared */
	uint64_t correct, total;
} tly_pixel_audit;

/*
 * Two annotators' label maps compared over the images both mapped: per
 * category intersection and union summed over those images (a pixel one
 * ignores counts in the other's union only); miou = mean over categories
 * with a non-empty union of intersection / union; NaN when none.
 */
typedef struct {
	uint32_t a, b;           /* annotator indices, a < b */
	uint32_t images;
	double miou;
} tly_map_pair;

/*
 * Panoptic quality counts of one annotator against a reference, for one
 * category, summed over images, as the COCO panoptic evaluation counts
 * them: segments matched at IoU > 0.5 (tp, with their IoUs summed),
 * unmatched predictions (fp; those mostly void or inside a crowd region of
 * the category excepted) and unmatched reference segments (fn, crowd
 * excepted). PQ = iou_sum / (tp + fp/2 + fn/2), SQ = iou_sum / tp,
 * RQ = tp / (tp + fp/2 + fn/2).
 */
typedef struct {
	uint32_t annotator;
	tly_reference ref;
	uint32_t category;
	uint64_t tp, fp, fn;
	double iou_sum;
} tly_panoptic_counts;

/*
 * One annotator's audit over one period (rules report.period), so a
 * manager sees drift: the annotator's per-image counts (as summed into
 * tly_annotator_stats) summed over the images whose submission by the
 * annotator is dated in the period. An image is dated by the annotator's
 * objects submission on it, else by the labels one (tly_submission.time:
 * the file's submission time, else the ingest time). Label maps carry no
 * submission time and are not cut by period.
 */
typedef struct {
	uint32_t annotator;
	char period[11];         /* the period's first day, "YYYY-MM-DD" (UTC); a week starts on its
				  * Monday (ISO 8601 weeks), so it also names the ISO week */
	uint32_t images;         /* images with a non-gold submission dated in the period */
	uint32_t ingest_dated;   /* of those, images dated by their ingest time (no time in the file) */
	tly_counts vs_consensus; /* leave-one-out */
	tly_counts vs_gold;      /* images == 0: no gold overlap in the period */
} tly_annotator_period;

/*
 * One annotator's reliability as a run estimated it (vote.weights and
 * vote.mask staple, issue 4).
 */
typedef struct {
	uint32_t annotator;
	uint64_t labels;           /* labels the label model learnt it from: EM, its labels on items
				    * with >= 2 labels; gold, its gold comparisons; 0 without a model */
	double accuracy;           /* P(its label is the true class) under the model: gold and one-coin
				    * the estimated accuracy, dawid-skene sum_k prior_k P(says k | k);
				    * NaN without a model */
	uint32_t staple_clusters;  /* mask clusters STAPLE weighed it in */
	double staple_sensitivity; /* mean over those clusters weighted by their consensus pixels; NaN if none */
	double staple_specificity; /* mean weighted by the pixels outside the consensus; NaN if none */
} tly_reliability;

/*
 * One annotator's sensitivity and specificity for one class as the
 * semantic STAPLE (vote.mask staple on label maps, issue 4) estimated them,
 * over the images whose fit with every voter included the annotator and the
 * class (tly_semantic_staple_rate): pixel-weighted means as for mask
 * clusters (tly_reliability), the sensitivity weighted by the pixels of the
 * class's STAPLE consensus on each image, the specificity by the image's
 * other pixels.
 */
typedef struct {
	uint32_t annotator;
	uint32_t category;
	uint32_t images;          /* images whose STAPLE fit included the annotator and the class */
	uint64_t pixels_in;       /* sum over them of the class's consensus pixels */
	double sensitivity;       /* sum of sensitivity x those pixels / pixels_in; NaN when 0 */
	uint64_t pixels_out;      /* sum of the images' other pixels */
	double specificity;       /* sum of specificity x those pixels / pixels_out; NaN when 0 */
} tly_map_staple_rate;

/*
 * A voted attribute of a consensus object (issue 5): for each attribute
 * name a member gave, the plurality of the members' values, kept when its
 * count meets the cluster's quorum (the consensus label's) among the
 * cluster's members; two or more values tied at the top (and meeting it)
 * follow vote.tie: "review" gives no value and the entry is kept with value
 * UINT32_MAX, "first" the tied value that sorts first bytewise. A name
 * whose plurality misses the quorum has no entry.
 */
typedef struct {
	size_t object;           /* index into cons_objects */
	uint32_t name;           /* index into attr_strings: the attribute's name */
	uint32_t value;          /* index into attr_strings: the value (text, as in
				  * tly_dataset.attr_values); UINT32_MAX when tied
				  * (vote.tie review) */
} tly_cons_attr;

/*
 * What one TLY_CONFLICT_MISMATCHING_ATTRIBUTES conflict is about: a member
 * whose value of NAME is not the consensus value (or who gave none).
 */
typedef struct {
	size_t conflict;         /* index into conflicts */
	uint32_t name;           /* index into attr_strings */
	uint32_t value;          /* the member's value; UINT32_MAX when it gave none */
	uint32_t consensus;      /* the consensus value */
} tly_conflict_attr;

/*
 * One vote of a tied vote (vote.tie "review"): who said what in the vote
 * a TLY_CONFLICT_TIE conflict stands for, so a reviewer sees which objects
 * tied and who voted for which label. A tied object cluster has one row
 * per member of the cluster; a tied single-label image vote one row per
 * voter in V with the label it gave (all the voters, not only those of the
 * tied labels: a single-label voter gives exactly one label).
 */
typedef struct {
	size_t conflict;         /* index into conflicts: a TLY_CONFLICT_TIE conflict */
	int64_t object_id;       /* the member object's store id (objects) or the voter's tag id
				  * (labels), as tly_conflict.object_id holds them */
	uint32_t annotator;      /* the voter: index into dataset annotators */
	uint32_t category;       /* the label this voter gave */
} tly_tie_vote;

/* Owned arrays; free with tly_result_clear. */
typedef struct {
	int64_t run_id;          /* store id once saved; 0 before */
	char *rules_json;        /* the effective rules, canonical JSON */
	char rules_sha256[65];
	char *created_at;        /* ISO 8601 UTC */
	int threads;
	double seconds_load, seconds_compute, seconds_save;

	size_t n_cons_objects;
	tly_cons_object *cons_objects;   /* grouped by image, in image order */
	tly_rle *cons_masks;             /* [n_cons_objects] or NULL when no consensus object has
					  * a mask: entry i is object i's mask (empty, m == 0, for
					  * boxes); cons_objects[i].geom.rle points at it */
	size_t n_members;
	tly_cons_member *members;
	size_t n_cons_tags;
	tly_cons_tag *cons_tags;
	size_t n_conflicts;
	tly_conflict *conflicts;
	size_t n_images;
	tly_image_stats *images;         /* one per dataset image, same order */
	size_t n_annotators;
	tly_annotator_stats *annotators; /* one per dataset annotator, same order */
	size_t n_pairs;
	tly_pair_stats *pairs;           /* (a, b) in lexicographic order */
	size_t n_classes;
	tly_class_stats *classes;        /* one per dataset category, same order */
	/* Chance-corrected agreement over image labels (units: images with >= 2
	 * non-gold label voters; multi-label: (image, category) presence units),
	 * 95% bootstrap interval with the default seed; value NaN when undefined. */
	tly_stat fleiss_kappa;
	tly_stat krippendorff_alpha;     /* nominal, with missing data */

	/* Segmentation by label maps (semantic, panoptic). */
	size_t n_cons_maps;
	tly_cons_map *cons_maps;         /* one per image with a non-gold label map, in image order */
	size_t n_pixel_counts;
	tly_pixel_counts *pixel_counts;  /* by (annotator, ref, category) */
	size_t n_pixel_audits;
	tly_pixel_audit *pixel_audits;   /* by (annotator, ref); only annotators compared */
	size_t n_map_pairs;
	tly_map_pair *map_pairs;         /* (a, b) lexicographic; only pairs with a shared image */
	size_t n_panoptic;
	tly_panoptic_counts *panoptic;   /* by (annotator, ref, category); non-zero rows only */

	/* The audit over time (report.period). */
	int period_days;                 /* length of the periods: 1 (UTC days) or 7 (ISO weeks); 0 when
					  * not cut (report.period "none", or a run saved before them) */
	size_t n_annotator_periods;
	tly_annotator_period *annotator_periods; /* by (annotator, period); none when period_days is 0 */
	/* Reliability (issue 4): the label model of vote.weights and what it
	 * and STAPLE (vote.mask) say of each annotator. All empty (weights
	 * EQUAL, counts 0, arrays NULL) when the rules weigh nothing. */
	tly_weights_policy weights;      /* the label model; EQUAL: labels had equal votes */
	uint64_t weight_items;           /* items it was estimated from (EM: clusters and single-label
					  * images with >= 2 labels; gold: gold comparisons) */
	uint32_t em_iterations;          /* EM iterations run; 0 for gold */
	int em_converged;                /* 1: EM stopped on vote.em.tolerance */
	double em_log_likelihood;        /* at the estimate, natural log; NaN for gold */
	size_t n_weight_classes;         /* K: the categories of the voted labels */
	uint32_t *weight_classes;        /* [K] category indices, ascending */
	double *weight_prior;            /* [K] estimated share of each true class (gold: 1/K) */
	double *weight_confusion;        /* [n_reliability * K * K] when K > 0: P(annotator a says
					  * class l | true class k) at [(a K + k) K + l]; rows sum to 1 */
	size_t n_reliability;
	tly_reliability *reliability;    /* one per dataset annotator when vote.weights or vote.mask
					  * staple apply; else none */
	uint64_t staple_fallbacks;       /* mask clusters voted by majority under vote.mask staple:
					  * more than TLY_RLE_MAX_PATTERN_MASKS (16) members */

	/* Object attributes (issue 5). */
	size_t n_attr_strings;
	char **attr_strings;             /* owned: attribute names and values (text) the two
					  * arrays below index; NULL when they are empty */
	size_t n_cons_attrs;
	tly_cons_attr *cons_attrs;       /* by object, then name */
	size_t n_conflict_attrs;
	tly_conflict_attr *conflict_attrs; /* one per mismatching_attributes conflict, in conflict order */
	/* Krippendorff's alpha over objects (tly_stats_alpha_iou): units are the
	 * clusters of each image with >= 2 objects voters (crowd regions aside),
	 * each voter's value its object in the cluster or "nothing"; delta = 1 - IoU
	 * in a cluster (1 when the labels differ), 1 across clusters and between an
	 * object and nothing. n = clusters; 95% bootstrap over images. */
	tly_stat krippendorff_alpha_iou;
	/* Krippendorff's alpha over image labels on the scale report.label_order
	 * gives them (issue 4): the units, missing data and bootstrap of
	 * krippendorff_alpha, each voter's value its label's rank (ordinal) or its
	 * value on the interval scale (tly_policy.label_values: the label's number
	 * when every listed name is one, else its rank). Reported only when
	 * labels_ordered; value NaN for multi-label data. */
	int labels_ordered;              /* 1: the run's rules gave report.label_order */
	tly_stat krippendorff_alpha_ordinal;
	tly_stat krippendorff_alpha_interval;
	/* Semantic STAPLE (vote.mask staple on label maps): each annotator's rates
	 * per class; none when no image was voted by STAPLE. */
	size_t n_map_staple_rates;
	tly_map_staple_rate *map_staple_rates; /* by (annotator, category), each key once */
	/* Fleiss' kappa over label-map pixels (tly_semantic_kappa): units are the
	 * pixels of images with >= 2 non-gold voting maps, a pixel's ratings the
	 * voters' values (ignore = missing), pixels with < 2 ratings dropped;
	 * n = kept pixels; 95% bootstrap over images. NaN when undefined (and in
	 * runs without label maps, where the report leaves it out). */
	tly_stat fleiss_kappa_maps;
	/* The votes of tied votes (vote.tie "review"): none when nothing tied, and none in
	 * runs saved before the store kept them. */
	size_t n_tie_votes;
	tly_tie_vote *tie_votes;         /* by conflict, then annotator, each pair once */
} tly_result;

/* Release everything the result owns and zero it. NULL-safe. */
TLY_EXTERN void tly_result_clear(tly_result *r);

/*
 * Check that R may be followed against DS without bounds checks: every
 * index R holds names an entry of DS (a conflict's annotator and category
 * may also be UINT32_MAX, "none"); each consensus object's members lie
 * inside members[] and each member belongs to exactly one object; a
 * conflict's consensus is -1 or an entry of its task's array on the
 * conflict's image; conflict kinds, tasks and shape kinds are known
 * values; consensus boxes are finite; a consensus object has a mask
 * (geom.rle = &cons_masks[i], non-empty) exactly when its kind is mask;
 * every count fits in int64_t. Label maps: cons_maps one per image in
 * image order, map and confidence of the image's size with runs that sum
 * to it, map values category indices or TLY_LABEL_IGNORE, confidences
 * 0..255; pixel_counts, pixel_audits, map_pairs and panoptic in the orders
 * given below, each key once, with known references, a < b, and a finite
 * iou_sum; period_days 0, 1 or 7 and annotator_periods (only when it is
 * not 0) with known annotators, "YYYY-MM-DD" periods, strictly in
 * (annotator, period) order, finite iou_sums. Attributes: cons_attrs by
 * (object, name), conflict_attrs one per mismatching_attributes conflict in
 * conflict order, every index inside its array. tie_votes strictly in
 * (conflict, annotator) order, each conflict a TIE conflict, each annotator
 * and category one of DS. map_staple_rates strictly
 * in (annotator, category) order with known entries, images >= 1, pixel
 * counts fitting int64, each rate in [0, 1], NaN exactly when its pixels
 * are 0. It does
 * not require one stats entry per dataset image, annotator or category.
 * Returns 0; TLY_EARG with a message "result: <entry>..." naming the first
 * bad entry; or TLY_ENOMEM (it allocates scratch for n_members). DS and R
 * are borrowed and only read; thread-safe when nothing writes them.
 */
TLY_EXTERN int tly_result_check(const tly_dataset *ds, const tly_result *r);

/* Derived figures of a tly_counts; NaN when the denominator is 0. */
TLY_EXTERN double tly_counts_precision(const tly_counts *c);
TLY_EXTERN double tly_counts_recall(const tly_counts *c);
TLY_EXTERN double tly_counts_f1(const tly_counts *c);
TLY_EXTERN double tly_counts_mean_iou(const tly_counts *c);
TLY_EXTERN double tly_counts_label_accuracy(const tly_counts *c);

#endif
