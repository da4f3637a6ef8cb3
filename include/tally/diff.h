/*
 * What changed between two runs of the same store (`tally diff`): the rules,
 * the consensus (objects accepted, dropped, relabelled or moved; image
 * labels added or dropped), the review queue and each annotator's figures.
 */
#ifndef TALLY_DIFF_H
#define TALLY_DIFF_H

#include "types.h"
#include "dataset.h"
#include "result.h"

/* Consensus objects of the two runs are paired one-to-one at this IoU (same label first). */
#define TLY_DIFF_IOU 0.5

typedef enum {
	TLY_DIFF_ADDED = 1,      /* in run B only */
	TLY_DIFF_REMOVED = 2,    /* in run A only */
	TLY_DIFF_RELABELLED = 3, /* paired objects whose consensus labels differ */
	TLY_DIFF_MOVED = 4       /* paired objects with the same label whose shapes differ (IoU < 1) */
} tly_diff_kind;

/* One change of the consensus on one image. */
typedef struct {
	uint32_t image;
	tly_task task;           /* objects or image labels */
	tly_diff_kind kind;
	int64_t a, b;            /* index into run A's / B's cons_objects (objects) or cons_tags
				  * (labels); -1 on the side that lacks it */
	double iou;              /* paired objects: IoU of the two consensus shapes; NaN otherwise */
} tly_diff_change;

/* An image whose place in the review queue or agreement changed. */
typedef struct {
	uint32_t image;
	int flagged_a, flagged_b;
	double agreement_a, agreement_b; /* NaN when undefined */
} tly_diff_image;

/* A rules key whose value differs, as canonical JSON text of each run. */
typedef struct {
	char *key;               /* dotted: "match.iou" */
	char *value_a, *value_b; /* JSON text ("0.5", "\"majority\""); "(absent)" when one lacks it */
} tly_diff_rule;

/*
 * A chance-corrected statistic whose value, interval or n differs between
 * the runs. Each side is as the report writes it: value NaN when undefined
 * or n is 0, ci95 NaN, NaN unless both ends are finite and n > 0.
 */
typedef struct {
	const char *name;        /* static: "fleiss_kappa", "krippendorff_alpha", ... */
	int64_t category;        /* class row: dataset category index; -1 run-wide */
	int in_a, in_b;          /* 0: the run does not report it (no such class; ordinal and
				  * interval alpha without labels_ordered; fleiss_kappa_maps
				  * without label maps) */
	tly_stat a, b;           /* value NaN, n 0 on a side that does not report it */
	double delta;            /* b.value - a.value; NaN when either is undefined */
} tly_diff_stat;

/* Owned arrays; free with tly_diff_clear. */
typedef struct {
	size_t n_rules;
	tly_diff_rule *rules;
	size_t n_changes;
	tly_diff_change *changes;  /* by image, objects before labels, then A's index, B's index */
	size_t n_images;
	tly_diff_image *images;    /* images whose flag or agreement changed, in image order */
	size_t unchanged_objects;  /* paired with the same label and an identical shape */
	size_t unchanged_labels;
	size_t n_stats;
	tly_diff_stat *stats;      /* run-wide in the report's order, then classes by category */
} tly_diff;

/*
 * Compare runs A and B, both loaded over DS (the same store's dataset: load
 * each with tly_store_load_result and check they agree). *out is
 * overwritten; the caller frees it with tly_diff_clear. Returns 0,
 * TLY_EARG (a result that does not index DS; bad rules JSON), TLY_ENOMEM.
 * Parses the runs' rules with cJSON: call from one thread at a time.
 */
TLY_EXTERN int tly_diff_compute(tly_diff *out, const tly_dataset *ds, const tly_result *a,
				const tly_result *b);

/* Release D's arrays and zero it. NULL-safe. */
TLY_EXTERN void tly_diff_clear(tly_diff *d);

/*
 * D as text for a person (JSON = 0) or as a JSON document (JSON = 1): the
 * rules changed, a summary table of both runs, the consensus changes, the
 * review queue changes and each annotator's F1, precision, recall and label
 * accuracy against the consensus and gold in both runs, and the agreement
 * statistics that changed (value [ci95] n in each run, and B - A). *out is the
 * caller's (free()), *len its length. 0 or TLY_ENOMEM.
 */
TLY_EXTERN int tly_diff_render(char **out, size_t *len, const tly_diff *d, const tly_dataset *ds,
			       const tly_result *a, const tly_result *b, int json);

#endif
