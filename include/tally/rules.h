/*
 * QA policy: the JSON rules document (comments allowed) that sets match
 * thresholds, quorum, tie handling and review triggers (SPEC §8). Built-in
 * defaults equal rules/default.json; a file may set only some keys.
 */
#ifndef TALLY_RULES_H
#define TALLY_RULES_H

#include "types.h"

typedef enum {
	TLY_QUORUM_MAJORITY = 0, /* strictly more than half of the voters */
	TLY_QUORUM_COUNT = 1,    /* at least `count` voters */
	TLY_QUORUM_FRACTION = 2  /* share of voters >= `fraction` */
} tly_quorum_kind;

typedef struct {
	tly_quorum_kind kind;
	uint32_t count;   /* TLY_QUORUM_COUNT */
	double fraction;  /* TLY_QUORUM_FRACTION, in (0, 1] */
} tly_quorum;

typedef enum {
	TLY_TIE_REVIEW = 0,  /* no consensus; the image is flagged */
	TLY_TIE_FIRST = 1    /* deterministic fallback: the tied label whose name sorts first (bytewise) */
} tly_tie_policy;

typedef enum {
	TLY_BOX_MEDIAN = 0,  /* per-coordinate median of x1, y1, x2, y2 */
	TLY_BOX_MEAN = 1     /* per-coordinate mean of x1, y1, x2, y2 */
} tly_box_policy;

/* How labels are voted (vote.weights). */
typedef enum {
	TLY_WEIGHTS_EQUAL = 0,       /* one annotator, one vote */
	TLY_WEIGHTS_GOLD = 1,        /* votes weighted by each annotator's smoothed accuracy on gold */
	TLY_WEIGHTS_DAWID_SKENE = 2, /* EM, a full confusion matrix per annotator (Dawid & Skene 1979) */
	TLY_WEIGHTS_ONE_COIN = 3     /* EM, one accuracy per annotator */
} tly_weights_policy;

/* How a cluster's masks become the consensus mask (vote.mask). */
typedef enum {
	TLY_MASK_MAJORITY = 0,       /* pixels more than half of the members cover */
	TLY_MASK_STAPLE = 1          /* STAPLE's estimate (Warfield et al. 2004) */
} tly_mask_policy;

/* The period of the audit over time (report.period). */
typedef enum {
	TLY_PERIOD_NONE = 0,
	TLY_PERIOD_DAY = 1,          /* UTC calendar days */
	TLY_PERIOD_WEEK = 2          /* ISO weeks, Monday to Sunday, UTC */
} tly_period_policy;

/*
 * Overrides of the policy for one label (rules key labels.NAME) or one
 * geometry kind (geometry.box|polygon|mask|point): NaN / has_quorum 0 keep
 * the policy's own value.
 */
typedef struct {
	const char *name;     /* the label, or the kind's name; owned by the rules */
	double match_iou;     /* match.iou */
	double low_overlap;   /* report.low_overlap */
	int has_quorum;
	tly_quorum quorum;    /* vote.quorum */
} tly_override;

/* One label name mapped onto another (rules key aliases). */
typedef struct {
	const char *from, *to; /* owned by the rules */
} tly_alias;

/* The effective policy, a plain value. */
typedef struct {
	double match_iou;          /* match.iou: minimum IoU inside a cluster, in (0, 1] */
	int match_class_aware;     /* match.class_aware: no cross-label second pass */
	tly_quorum quorum;         /* vote.quorum */
	tly_tie_policy tie;        /* vote.tie */
	tly_box_policy box;        /* vote.box */
	tly_weights_policy weights;/* vote.weights */
	tly_mask_policy mask;      /* vote.mask (vote.weights "staple" sets it too) */
	double em_tolerance;       /* vote.em.tolerance: EM stops when the log-likelihood moves less (relative) */
	uint32_t em_max_iterations;/* vote.em.max_iterations */
	double smoothing;          /* vote.smoothing: pseudo-count for gold accuracies and EM rates */
	double low_overlap;        /* report.low_overlap: IoU to consensus below this is a conflict */
	tly_period_policy period;  /* report.period: the audit over time */
	double min_agreement;      /* review.min_agreement: images below are flagged */
	int64_t max_conflicts;     /* review.max_conflicts: images with more are flagged; -1 = no limit */
	int review_ties;           /* review.ties: a tied vote flags the image */
	/* The arrays below are owned by the tly_rules the policy came from. */
	size_t n_aliases;
	const tly_alias *aliases;  /* aliases: annotators' label -> canonical label, by `from` */
	size_t n_ignore;
	const char *const *ignore; /* ignore: labels whose objects and tags are left out, sorted */
	size_t n_labels;
	const tly_override *labels;/* labels.NAME: per-label overrides, by name */
	tly_override geometry[4];  /* geometry.KIND: index tly_geom_kind - 1 (box, polygon, mask, point) */
	/* report.label_order (issue 4): canonical image labels in increasing order,
	 * which makes them ordinal for Krippendorff's ordinal and interval alpha;
	 * none (0, NULLs) = labels are nominal. Arrays owned by the rules. */
	size_t n_label_order;
	const char *const *label_order;  /* [n_label_order] names, lowest first */
	const double *label_values;      /* [n_label_order] each label's value on the interval scale:
					  * its number when label_numeric, else its rank 1..n */
	int label_numeric;               /* 1: every name is a finite number that strtod reads in full
					  * (no leading space), increasing along the order */
	const size_t *label_order_sorted;/* [n_label_order] indices into label_order with the names
					  * ascending bytewise (tly_policy_label_rank's search) */
} tly_policy;

/* The built-in defaults (equal to rules/default.json). */
TLY_EXTERN void tly_policy_init_defaults(tly_policy *p);

/* The overrides of label NAME (rules key labels.NAME), or NULL. Binary search. */
TLY_EXTERN const tly_override *tly_policy_label(const tly_policy *p, const char *name);

/* The canonical name label NAME is an alias of (rules key aliases), or NULL. */
TLY_EXTERN const char *tly_policy_alias(const tly_policy *p, const char *name);

/* Whether label NAME is on the ignore list (rules key ignore). */
TLY_EXTERN int tly_policy_ignored(const tly_policy *p, const char *name);

/*
 * The rank of label NAME in report.label_order: 1 for the lowest, up to
 * n_label_order; 0 when it is not listed (or there is no order). Its
 * interval value is p->label_values[rank - 1]. Binary search.
 */
TLY_EXTERN size_t tly_policy_label_rank(const tly_policy *p, const char *name);

/*
 * Whether `votes` out of `voters` meets the quorum. voters == 0 never does.
 */
TLY_EXTERN int tly_quorum_met(const tly_quorum *q, uint32_t votes, uint32_t voters);

/*
 * Parse a rules document (JSON with // and block comments) from TEXT;
 * `origin` names it in errors ("rules/strict.json"). Unknown keys and bad
 * values are TLY_EARG errors naming the dotted key. *out is the caller's.
 */
TLY_EXTERN int tly_rules_parse(tly_rules **out, const char *text, size_t len, const char *origin);

/* Read and parse a rules file. */
TLY_EXTERN int tly_rules_load(tly_rules **out, const char *path);

/* The built-in defaults as a rules object. */
TLY_EXTERN int tly_rules_new_default(tly_rules **out);

TLY_EXTERN void tly_rules_free(tly_rules *r);

/* The effective policy (borrowed; lives as long as r). */
TLY_EXTERN const tly_policy *tly_rules_policy(const tly_rules *r);

/*
 * The effective rules as canonical JSON (every key, defaults filled in,
 * fixed key order), for storing with a run and hashing. Borrowed.
 */
TLY_EXTERN const char *tly_rules_json(const tly_rules *r);

/*
 * The effective rules as indented JSON (the canonical form, one key per
 * line, ending in a newline), for `tally rules check`. *out is the
 * caller's (free with free()). 0 or TLY_ENOMEM.
 */
TLY_EXTERN int tly_rules_pretty(char **out, const tly_rules *r);


#endif
