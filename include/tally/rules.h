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

typedef enum {
	TLY_WEIGHTS_EQUAL = 0 /* one annotator, one vote */
} tly_weights_policy;

/* The effective policy, a plain value. */
typedef struct {
	double match_iou;          /* match.iou: minimum IoU inside a cluster, in (0, 1] */
	int match_class_aware;     /* match.class_aware: no cross-label second pass */
	tly_quorum quorum;         /* vote.quorum */
	tly_tie_policy tie;        /* vote.tie */
	tly_box_policy box;        /* vote.box */
	tly_weights_policy weights;/* vote.weights */
	double low_overlap;        /* report.low_overlap: IoU to consensus below this is a conflict */
	double min_agreement;      /* review.min_agreement: images below are flagged */
} tly_policy;

/* The built-in defaults (equal to rules/default.json). */
TLY_EXTERN void tly_policy_init_defaults(tly_policy *p);

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
