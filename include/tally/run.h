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
 * Compute consensus and agreement for DS under RULES into *out (caller
 * clears it with tly_result_clear). Does not touch any store.
 */
TLY_EXTERN int tly_run_compute(tly_result *out, const tly_dataset *ds, const tly_rules *rules,
			       const tly_run_options *opts);

/*
 * Load the store's dataset, compute, and save the result as a new run;
 * *out holds the saved result and *ds the dataset it indexes (caller clears both).
 */
TLY_EXTERN int tly_run_execute(tly_result *out, tly_dataset *ds, tly_store *st,
			       const tly_rules *rules, const tly_run_options *opts);

#endif
