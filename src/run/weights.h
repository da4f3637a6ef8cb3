/*
 * Reliability weighting of a run (vote.weights and vote.mask staple, issue
 * 4): the label model estimated once, on the calling thread, between the
 * two parallel passes of tly_run_compute, and each annotator's STAPLE
 * figures summed after the last pass.
 */
#ifndef TLY_RUN_WEIGHTS_H
#define TLY_RUN_WEIGHTS_H

#include "agree/weights.h"
#include "run/workspace.h"

/*
 * Estimate P->weights' label model (gold, dawid-skene or one-coin) from
 * the observations of a first pass over S (run with ctx->observe): fill
 * R's model fields and each annotator's labels and accuracy, and *W for the
 * second pass (W->n_classes 0: no label anywhere, nothing to weigh). Items
 * are the clusters and single-label images with at least two labels: one
 * label alone says nothing about who is right, and in EM it would only
 * confirm its own annotator. Returns 0 or an error with the message set;
 * *W is zeroed on error (release with tly_agree__weights_clear).
 */
int tly_run__weights_estimate(tly_agree_weights *w, tly_result *r, const tly_run_space *s,
			      const tly_dataset *ds, const tly_policy *p);

/*
 * After the last pass over S: under vote.mask staple, each annotator's
 * STAPLE clusters and pixel-weighted mean sensitivity and specificity,
 * summed in image order, and the clusters voted by majority instead.
 * A no-op when P applies neither STAPLE nor a label model. 0 or TLY_ENOMEM.
 */
int tly_run__weights_staple(tly_result *r, const tly_run_space *s, const tly_dataset *ds,
			    const tly_policy *p);

#endif
