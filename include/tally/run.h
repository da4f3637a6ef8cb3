/*
 * A run drives the stages over a dataset: for every image (in parallel with
 * OpenMP) it clusters, votes and audits; then it reduces the per-image
 * figures in image order, so any thread count gives identical results.
 */
#ifndef TALLY_RUN_H
#define TALLY_RUN_H

#include "types.h"
#include "dataset.h"
#include "result.h"
#include "rules.h"

typedef struct {
	int threads; /* OpenMP threads; 0 = the OpenMP default */
	/* Called on the calling thread now and then with images done; may be NULL. A
	 * run weighing labels (vote.weights) passes over the images twice: total is
	 * then twice the images, and done counts both passes. */
	void (*progress)(size_t done, size_t total, void *payload);
	void *payload;
} tly_run_options;

#define TLY_RUN_OPTIONS_INIT {0, NULL, NULL}

/*
 * Apply the rules' label lists to DS before a run computes (rules keys
 * aliases and ignore, issue 5): every object, image label and label-map
 * pixel of an alias takes its canonical label's category; objects and
 * image labels of an ignored label (or of an alias of one) are dropped and
 * its label-map pixels become TLY_LABEL_IGNORE. Submissions stay (an
 * annotator who drew only ignored objects saw the image and drew nothing),
 * except that on a single-label dataset (tly_dataset_labels_multi 0 before
 * preparing) a labels submission whose every label is ignored is removed:
 * its one answer is left out. A label given twice after aliasing counts
 * once (the tag with the smaller id stays). Categories keep their indices;
 * an alias's or an ignored label's category stays in DS, unused, flagged
 * in DS->category_retired (reports and exports leave it out of their
 * category lists). A canonical label DS has no
 * category for is appended with store id 0 (tly_run_execute creates it in
 * the store first, so a saved run never sees id 0). From label maps the
 * canonical category takes an alias's pixel value when it has none, and
 * isthing when an alias is a thing. Without aliases or ignore it does
 * nothing. Call it once per loaded dataset (tly_run_execute does; callers
 * of tly_run_compute call it themselves: tly_run_compute refuses a dataset
 * that still uses an alias or an ignored label). Returns 0, TLY_ENOMEM,
 * TLY_EARG (NULL argument, an index out of range), or TLY_ELIMIT; on error
 * DS is valid but partly prepared: clear it.
 */
TLY_EXTERN int tly_run_prepare(tly_dataset *ds, const tly_rules *rules);

/*
 * Compute consensus and agreement for DS under RULES into *out (caller
 * clears it with tly_result_clear). Does not touch any store. DS must have
 * been prepared for RULES (tly_run_prepare) when they have aliases or an
 * ignore list: TLY_EARG naming the label otherwise.
 */
TLY_EXTERN int tly_run_compute(tly_result *out, const tly_dataset *ds, const tly_rules *rules,
			       const tly_run_options *opts);

/*
 * Load the store's dataset, prepare it for RULES (tly_run_prepare; a
 * canonical label of an alias the store has is first created as a
 * category, tly_store_ensure_categories), compute, and save the result as
 * a new run; *out holds the saved result and *ds the prepared dataset it
 * indexes (caller clears both).
 */
TLY_EXTERN int tly_run_execute(tly_result *out, tly_dataset *ds, tly_store *st,
			       const tly_rules *rules, const tly_run_options *opts);

#endif
